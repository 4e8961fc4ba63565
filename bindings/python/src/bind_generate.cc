// _core.generate_district: xiufu::GenerateDistrict as columns (enum columns as codes into the
// generator's vocabularies, dates as datetime64[ns] values, repaired_on already formatted).
#include <pybind11/stl.h>

#include <functional>

#include "register.h"
#include "common.h"
#include "xiufu/synth/generate.h"

namespace xiufu::py {
namespace {

pyb::array StringArray(size_t n, const std::function<std::string_view(size_t)>& get) {
  const std::vector<pyb::ssize_t> shape{static_cast<pyb::ssize_t>(n)};
  pyb::array out(pyb::dtype("O"), shape);
  PyObject** data = static_cast<PyObject**>(out.mutable_data());
  for (size_t i = 0; i < n; ++i) {
    const std::string_view s = get(i);
    PyObject* o = PyUnicode_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
    if (o == nullptr) throw pyb::error_already_set();
    Py_XDECREF(data[i]);  // numpy filled the new object array with None
    data[i] = o;
  }
  return out;
}

template <typename T, typename U>
pyb::array_t<T> Copy(const std::vector<U>& v) {
  auto a = NewArray<T>(v.size());
  for (size_t i = 0; i < v.size(); ++i) a.mutable_data()[i] = static_cast<T>(v[i]);
  return a;
}

pyb::array_t<int64_t> Dates(const std::vector<int32_t>& v) {
  auto a = NewArray<int64_t>(v.size());
  for (size_t i = 0; i < v.size(); ++i) a.mutable_data()[i] = DaysToNs(v[i]);
  return a;
}

pyb::dict Generate(size_t entities, uint64_t seed, bool dense, int32_t snapshot,
                   double invalid_uscc_share) {
  GenOptions opt;
  opt.entities = entities;
  opt.seed = seed;
  opt.dense = dense;
  if (snapshot != kNoDay) opt.snapshot = Date{snapshot};
  opt.invalid_uscc_share = invalid_uscc_share;
  District d;
  {
    pyb::gil_scoped_release nogil;
    d = GenerateDistrict(opt);
  }
  pyb::dict codes;
  for (int k = 0; k < kNumInputDomains; ++k) {
    const InputDomain dom = static_cast<InputDomain>(k);
    std::vector<std::string> list;
    for (std::string_view c : GenCodes(dom)) list.emplace_back(c);
    codes[pyb::str(std::string(InputDomainName(dom)))] = list;
  }

  pyb::dict ent;
  ent["uscc"] = StringArray(d.num_entities(), [&](size_t i) {
    return std::string_view(d.uscc[i].data(), d.uscc[i].size());
  });
  ent["name"] = StringArray(d.num_entities(), [&](size_t i) { return std::string_view(d.name[i]); });
  ent["status"] = Copy<int8_t>(d.status);
  ent["registration_date"] = Dates(d.registration);
  ent["last_report_year"] = Copy<int16_t>(d.last_report_year);
  ent["unreachable"] = Copy<bool>(d.unreachable);
  ent["planted_invalid"] = Copy<bool>(d.planted_invalid);

  const auto platforms = GenCodes(InputDomain::kPlatform);
  // shown_on: the bit mask is the code; categories are every mask's text ("" for none).
  std::vector<std::string> shown_text(size_t{1} << kGenPlatforms);
  for (size_t mask = 0; mask < shown_text.size(); ++mask) {
    for (int p = 0; p < kGenPlatforms; ++p) {
      if ((mask >> p) & 1) {
        if (!shown_text[mask].empty()) shown_text[mask] += '|';
        shown_text[mask] += std::string(platforms[p]);
      }
    }
  }
  std::vector<std::string> repaired(d.num_records());
  for (size_t r = 0; r < d.num_records(); ++r) {
    for (int p = 0; p < kGenPlatforms; ++p) {
      const int32_t day = d.repaired[r * kGenPlatforms + p];
      if (day == kNoDay) continue;
      if (!repaired[r].empty()) repaired[r] += '|';
      repaired[r] += std::string(platforms[p]) + ":" + FormatDate(Date{day});
    }
  }
  pyb::dict rec;
  rec["entity"] = Copy<int32_t>(d.entity);
  rec["record_id"] = StringArray(d.num_records(), [&](size_t i) { return std::string_view(d.record_id[i]); });
  rec["department"] = Copy<int8_t>(d.department);
  rec["record_kind"] = Copy<int8_t>(d.record_kind);
  rec["severity"] = Copy<int8_t>(d.severity);
  rec["penalty"] = Copy<int8_t>(d.penalty);
  rec["procedure"] = Copy<int8_t>(d.procedure);
  rec["sector"] = Copy<int8_t>(d.sector);
  rec["decision_date"] = Dates(d.decision);
  rec["publication_date"] = Dates(d.publication);
  rec["fine_yuan"] = Copy<int64_t>(d.fine_yuan);
  rec["fulfilled_date"] = Dates(d.fulfilled);
  rec["corrected_date"] = Dates(d.corrected);
  rec["shown_on"] = Copy<int8_t>(d.shown_mask);
  rec["shown_on_categories"] = shown_text;
  rec["later_heavier_penalty"] = Copy<bool>(d.later_heavier_penalty);
  rec["repaired_on"] = StringArray(d.num_records(), [&](size_t i) { return std::string_view(repaired[i]); });

  pyb::dict out;
  out["entities"] = ent;
  out["records"] = rec;
  out["codes"] = codes;
  return out;
}

}  // namespace

void RegisterGenerate(pyb::module_& m) {
  m.def("generate_district", &Generate, pyb::arg("entities"), pyb::arg("seed"),
        pyb::arg("dense") = false, pyb::arg("snapshot") = kNoDay,
        pyb::arg("invalid_uscc_share") = 0.0005,
        "The synthetic district generator (xiufu gen) as columns.");
  m.attr("DEFAULT_SEED") = GenOptions{}.seed;
  m.attr("DEFAULT_SNAPSHOT") = GenOptions{}.snapshot.days;
}

}  // namespace xiufu::py

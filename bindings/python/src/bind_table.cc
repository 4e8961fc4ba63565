// _core.Table (a compiled decision table: save / load / catalogues) and _core.Prepared (a
// converted population).
#include <pybind11/stl.h>

#include "absl/container/flat_hash_map.h"
#include "handles.h"
#include "register.h"
#include "base/str_util.h"
#include "xiufu/serialize.h"

namespace xiufu::py {
namespace {

// Distinct strings in first-seen order; `code[i]` = index of string i.
void Intern(const DecisionTable& t, const std::vector<uint32_t>& ids,
            std::vector<std::string>* names, std::vector<int32_t>* code) {
  absl::flat_hash_map<std::string, int32_t> seen;
  code->assign(ids.size(), -1);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == UINT32_MAX) continue;
    std::string s(internal::Str(t, ids[i]));
    auto [it, added] = seen.emplace(s, static_cast<int32_t>(names->size()));
    if (added) names->push_back(std::move(s));
    (*code)[i] = it->second;
  }
}

pyb::list Domains(const TableHandle& h) {
  const internal::TableData& d = internal::Data(h.table);
  pyb::list out;
  for (size_t k = 0; k < d.domains.size(); ++k) {
    const internal::CompiledDomain& dom = d.domains[k];
    pyb::list values;
    for (uint32_t v = 0; v < dom.value_count; ++v) {
      const internal::CompiledDomainValue& cv = d.domain_values[dom.value_begin + v];
      values.append(pyb::make_tuple(internal::Str(h.table, cv.code), internal::Str(h.table, cv.zh), internal::Str(h.table, cv.en)));
    }
    out.append(pyb::make_tuple(internal::Str(h.table, dom.name), values));
  }
  return out;
}

pyb::list Rules(const TableHandle& h) {
  const internal::TableData& d = internal::Data(h.table);
  pyb::list out;
  for (const internal::CompiledRow& r : d.rows) {
    const internal::CompiledTableInfo& ti = d.tables[r.table];
    out.append(pyb::make_tuple(
        internal::Str(h.table, r.rule_id), internal::Str(h.table, ti.name),
        DecisionName(static_cast<Decision>(ti.decision)), r.line, FormatDate(Date{r.effective_from}),
        FormatDate(Date{r.effective_to}),
        static_cast<Decision>(ti.decision) == Decision::kEligibility
            ? std::string(StatusCode(static_cast<RepairStatus>(r.status)))
            : std::string(),
        internal::Str(h.table, r.source)));
  }
  return out;
}

pyb::list Alerts(const TableHandle& h) {
  const internal::TableData& d = internal::Data(h.table);
  pyb::list out;
  for (const internal::CompiledAlert& a : d.alerts) {
    out.append(pyb::make_tuple(internal::Str(h.table, a.code), a.entity_scope ? "entity" : "record",
                               internal::Str(h.table, a.severity), internal::Str(h.table, a.zh), internal::Str(h.table, a.en),
                               internal::Str(h.table, a.source)));
  }
  return out;
}

pyb::list Materials(const TableHandle& h) {
  const internal::TableData& d = internal::Data(h.table);
  pyb::list out;
  for (const internal::CompiledMaterial& m : d.materials) {
    out.append(pyb::make_tuple(internal::Str(h.table, m.code), m.canonical ? "canonical" : "raw",
                               internal::Str(h.table, m.zh), internal::Str(h.table, m.en), internal::Str(h.table, m.requested_by),
                               internal::Str(h.table, m.source)));
  }
  return out;
}

}  // namespace

std::shared_ptr<TableHandle> TableHandle::Make(DecisionTable table) {
  auto h = std::make_shared<TableHandle>();
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(table);
  if (!dict.ok()) ThrowStatus(dict.status(), "the table cannot read input data");
  h->table = std::move(table);
  h->dict = *std::move(dict);
  h->domains = DomainCodes(h->dict);
  const internal::TableData& d = internal::Data(h->table);
  std::vector<uint32_t> rule_ids(d.rows.size(), UINT32_MAX), sources(d.rows.size(), UINT32_MAX);
  const internal::CompiledDecision& cd = d.decisions[static_cast<int>(Decision::kEligibility)];
  for (uint32_t i = cd.row_begin; i < cd.row_begin + cd.row_count; ++i) {
    rule_ids[i] = d.rows[i].rule_id;
    sources[i] = d.rows[i].source;
  }
  Intern(h->table, rule_ids, &h->rule_ids, &h->rule_code);
  Intern(h->table, sources, &h->sources, &h->source_code);
  for (const internal::CompiledAlert& a : d.alerts) h->alert_codes.emplace_back(internal::Str(h->table, a.code));
  return h;
}

void TableHandle::CheckCompatible(const Prepared& p) const {
  if (p.domains == domains) return;
  for (int k = 0; k < kNumInputDomains; ++k) {
    if (p.domains[k] != domains[k]) {
      throw pyb::value_error(
          Cat("the population was prepared for a table whose '",
              InputDomainName(static_cast<InputDomain>(k)),
              "' codes differ from this table's; prepare it again with this table"));
    }
  }
}

void RegisterTable(pyb::module_& m) {
  pyb::class_<Prepared, std::shared_ptr<Prepared>>(m, "Prepared",
      "A population converted from the input frames for one table's domains.")
      .def_property_readonly("num_entities", [](const Prepared& p) { return p.pop.num_entities(); })
      .def_property_readonly("num_records", [](const Prepared& p) { return p.pop.num_records(); })
      .def_property_readonly("num_platforms", [](const Prepared& p) { return p.pop.num_platforms; })
      .def("record_rows", [](const Prepared& p) {
        pyb::array_t<uint32_t> a(static_cast<pyb::ssize_t>(p.record_row.size()));
        std::copy(p.record_row.begin(), p.record_row.end(), a.mutable_data());
        return a;
      }, "Input row of every population record (population order).")
      .def("entity_records", [](const Prepared& p, size_t e) {
        if (e >= p.pop.num_entities()) throw pyb::index_error("entity out of range");
        pyb::list rows;
        for (uint32_t r = p.pop.RecordsBegin(e); r < p.pop.RecordsEnd(e); ++r) rows.append(p.record_row[r]);
        return rows;
      }, "Input rows of one entity's records, in population order.");

  pyb::class_<TableHandle, std::shared_ptr<TableHandle>>(m, "Table",
      "A compiled decision table (immutable; safe to share between threads).")
      .def_static("load", [](const std::string& path) {
        absl::StatusOr<DecisionTable> t = LoadTable(path);
        if (!t.ok()) ThrowStatus(t.status(), Cat("cannot load table blob ", path));
        return TableHandle::Make(*std::move(t));
      }, pyb::arg("path"))
      .def_static("deserialize", [](pyb::bytes blob) {
        const std::string_view b = blob;
        absl::StatusOr<DecisionTable> t = DeserializeTable(b);
        if (!t.ok()) ThrowStatus(t.status(), "cannot read table blob");
        return TableHandle::Make(*std::move(t));
      }, pyb::arg("blob"))
      .def("save", [](const TableHandle& h, const std::string& path) {
        if (absl::Status st = SaveTable(h.table, path); !st.ok()) ThrowStatus(st);
      }, pyb::arg("path"))
      .def("serialize", [](const TableHandle& h) { return pyb::bytes(SerializeTable(h.table)); })
      .def_property_readonly("pack_name", [](const TableHandle& h) { return std::string(internal::Str(h.table, internal::Data(h.table).pack_name)); })
      .def_property_readonly("pack_version", [](const TableHandle& h) { return std::string(internal::Str(h.table, internal::Data(h.table).pack_version)); })
      .def_property_readonly("pack_zh", [](const TableHandle& h) { return std::string(internal::Str(h.table, internal::Data(h.table).pack_zh)); })
      .def_property_readonly("pack_en", [](const TableHandle& h) { return std::string(internal::Str(h.table, internal::Data(h.table).pack_en)); })
      .def_property_readonly("pack_hash", [](const TableHandle& h) { return internal::Data(h.table).pack_hash; })
      .def_property_readonly("rule_ids", [](const TableHandle& h) { return h.rule_ids; })
      .def_property_readonly("sources", [](const TableHandle& h) { return h.sources; })
      .def_property_readonly("alert_codes", [](const TableHandle& h) { return h.alert_codes; })
      .def_property_readonly("input_domains", [](const TableHandle& h) {
        pyb::dict out;
        for (int k = 0; k < kNumInputDomains; ++k) {
          out[pyb::str(std::string(InputDomainName(static_cast<InputDomain>(k))))] = h.domains[k];
        }
        return out;
      })
      .def("domains", &Domains)
      .def("rules", &Rules)
      .def("alerts", &Alerts)
      .def("materials", &Materials)
      .def("prepare", [](const TableHandle& h, pyb::dict entities, pyb::dict records,
                         bool with_text, int threads) {
        return ConvertFrames(h.dict, entities, records, with_text, threads);
      }, pyb::arg("entities"), pyb::arg("records"), pyb::arg("with_text") = false,
         pyb::arg("threads") = 0);
}

}  // namespace xiufu::py

// _core.Table (a compiled decision table: save / load / catalogues) and _core.Prepared (a
// converted population with what was rejected on the way).
#include <pybind11/stl.h>

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "handles.h"
#include "register.h"
#include "xiufu/serialize.h"

namespace xiufu::py {
namespace {

// Distinct strings in first-seen order; `code[i]` = index of texts[i] (-1 where not `use[i]`).
void Intern(const std::vector<std::string_view>& texts, const std::vector<bool>& use,
            std::vector<std::string>* names, std::vector<int32_t>* code) {
  absl::flat_hash_map<std::string, int32_t> seen;
  code->assign(texts.size(), -1);
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!use[i]) continue;
    std::string s(texts[i]);
    auto [it, added] = seen.emplace(s, static_cast<int32_t>(names->size()));
    if (added) names->push_back(std::move(s));
    (*code)[i] = it->second;
  }
}

pyb::list Domains(const TableHandle& h) {
  const DecisionTable& t = h.table;
  pyb::list out;
  for (int k = 0; k < t.NumDomains(); ++k) {
    pyb::list values;
    for (int v = 0; v < t.DomainSize(k); ++v) {
      values.append(pyb::make_tuple(t.ValueCode(k, v), t.ValueZh(k, v), t.ValueEn(k, v)));
    }
    out.append(pyb::make_tuple(t.DomainName(k), values));
  }
  return out;
}

pyb::list TableRules(const TableHandle& h) {
  const DecisionTable& t = h.table;
  pyb::list out;
  for (uint32_t r = 0; r < t.NumRows(); ++r) {
    const Decision d = t.RowDecision(r);
    out.append(pyb::make_tuple(
        t.RuleId(r), t.RowTableName(r), DecisionName(d), t.RowLine(r),
        FormatDate(t.RowEffectiveFrom(r)), FormatDate(t.RowEffectiveTo(r)),
        d == Decision::kEligibility ? StatusCode(t.RowStatus(r)) : std::string_view(),
        t.Source(r)));
  }
  return out;
}

pyb::list Alerts(const TableHandle& h) {
  const DecisionTable& t = h.table;
  pyb::list out;
  for (int a = 0; a < t.NumAlerts(); ++a) {
    out.append(pyb::make_tuple(t.AlertCode(a), t.AlertIsEntityScope(a) ? "entity" : "record",
                               t.AlertSeverity(a), t.AlertZh(a), t.AlertEn(a), t.AlertSource(a)));
  }
  return out;
}

pyb::list Materials(const TableHandle& h) {
  const DecisionTable& t = h.table;
  pyb::list out;
  for (int i = 0; i < t.NumMaterials(); ++i) {
    out.append(pyb::make_tuple(t.MaterialCode(i), t.MaterialIsCanonical(i) ? "canonical" : "raw",
                               t.MaterialZh(i), t.MaterialEn(i), t.MaterialRequestedBy(i),
                               t.MaterialSource(i)));
  }
  return out;
}

pyb::list Actions(const TableHandle& h) {
  const DecisionTable& t = h.table;
  pyb::list out;
  for (int i = 0; i < t.NumActions(); ++i) {
    out.append(pyb::make_tuple(t.ActionCode(i), ActionEffectName(t.ActionEffectOf(i)),
                               t.ActionZh(i), t.ActionEn(i), t.ActionSource(i)));
  }
  return out;
}

template <typename T, typename A>
pyb::array_t<T> ToArray(const std::vector<T, A>& v) {
  pyb::array_t<T> a(static_cast<pyb::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

}  // namespace

std::shared_ptr<TableHandle> TableHandle::Make(DecisionTable table) {
  auto h = std::make_shared<TableHandle>();
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(table);
  if (!dict.ok()) ThrowStatus(dict.status(), "the table cannot read input data");
  h->table = std::move(table);
  h->dict = *std::move(dict);
  h->domains = DomainCodes(h->dict);
  const DecisionTable& t = h->table;
  std::vector<std::string_view> rule_ids, sources;
  std::vector<bool> eligibility;
  for (uint32_t r = 0; r < t.NumRows(); ++r) {
    rule_ids.push_back(t.RuleId(r));
    sources.push_back(t.Source(r));
    eligibility.push_back(t.RowDecision(r) == Decision::kEligibility);
  }
  Intern(rule_ids, eligibility, &h->rule_ids, &h->rule_code);
  Intern(sources, eligibility, &h->sources, &h->source_code);
  for (int a = 0; a < t.NumAlerts(); ++a) h->alert_codes.emplace_back(t.AlertCode(a));
  return h;
}

void TableHandle::CheckCompatible(const Prepared& p) const {
  if (p.domains == domains) return;
  for (int k = 0; k < kNumInputDomains; ++k) {
    if (p.domains[k] != domains[k]) {
      throw pyb::value_error(
          Text("the population was prepared for a table whose '",
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
      .def_property_readonly("input_entities", [](const Prepared& p) { return p.input_entities; })
      .def_property_readonly("input_records", [](const Prepared& p) { return p.input_records; })
      .def_property_readonly("rejected_entities", [](const Prepared& p) { return p.rejected_entities; })
      .def_property_readonly("rejected_records", [](const Prepared& p) { return p.rejected_records; })
      .def_property_readonly("notices", [](const Prepared& p) { return p.notices; })
      .def("record_rows", [](const Prepared& p) { return ToArray(p.record_row); },
           "Input row of every population record (population order).")
      .def("entity_rows", [](const Prepared& p) { return ToArray(p.entity_row); },
           "Input row of every population entity (input order).")
      .def("accepted_record_rows", [](const Prepared& p) { return ToArray(p.accepted_records); },
           "Input rows of the accepted records, in input order (the record_id categories).")
      .def("diagnostics", [](const Prepared& p) {
        pyb::list out;
        for (const Diagnostic& d : p.diagnostics) {
          out.append(pyb::make_tuple(SeverityName(d.severity), d.code, d.loc.file, d.loc.line,
                                     d.loc.column, d.field, d.value, d.message));
        }
        return out;
      }, "One (severity, code, frame, row, column, field, value, message) per rejected row.")
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
        if (!t.ok()) ThrowStatus(t.status(), Text("cannot load table blob ", path));
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
      .def_property_readonly("pack_name", [](const TableHandle& h) { return std::string(h.table.PackName()); })
      .def_property_readonly("pack_version", [](const TableHandle& h) { return std::string(h.table.PackVersion()); })
      .def_property_readonly("pack_zh", [](const TableHandle& h) { return std::string(h.table.PackZh()); })
      .def_property_readonly("pack_en", [](const TableHandle& h) { return std::string(h.table.PackEn()); })
      .def_property_readonly("pack_hash", [](const TableHandle& h) { return h.table.PackHash(); })
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
      .def("rules", &TableRules)
      .def("alerts", &Alerts)
      .def("materials", &Materials)
      .def("actions", &Actions, "Unblocking actions: (code, effect, zh, en, source) in id order.")
      .def("custom_columns", [](const TableHandle& h) {
        pyb::list out;
        for (const CustomColumn& c : h.table.CustomColumns()) {
          out.append(pyb::make_tuple(c.name, std::string(ScopeCode(c.scope)),
                                     std::string(FactTypeCode(c.type))));
        }
        return out;
      }, "(name, scope, type) of the pack's custom input columns, in declaration order.")
      .def("prepare", [](const TableHandle& h, pyb::dict entities, pyb::dict records,
                         const std::vector<int>& entity_columns,
                         const std::vector<int>& record_columns, bool with_text, int threads) {
        pyb::object uscc, record_ids;
        std::shared_ptr<Prepared> p = ConvertFrames(h.dict, entities, records, entity_columns,
                                                    record_columns, with_text, threads, &uscc,
                                                    &record_ids);
        return pyb::make_tuple(p, uscc, record_ids);
      }, pyb::arg("entities"), pyb::arg("records"), pyb::arg("entity_columns"),
         pyb::arg("record_columns"), pyb::arg("with_text") = false, pyb::arg("threads") = 0,
         "Feeds the frames' columns to the PopulationBuilder (rejected rows are in the Prepared's\n"
         "diagnostics()): (prepared, accepted uscc objects, accepted record_id objects), the\n"
         "last two numpy object arrays in input order (None when not str columns).");
}

}  // namespace xiufu::py

// _core.explain: the why / why-not traces (xiufu::Explain) of one entity's records on the
// chosen platforms, plus the entity's own outcome, as plain Python data.
#include <pybind11/stl.h>

#include <algorithm>

#include "handles.h"
#include "outcome_arrays.h"
#include "register.h"
#include "xiufu/runtime/explain.h"

namespace xiufu::py {
namespace {

// A '|'-joined code list of outcome_text.h (MaterialCodes, AlertCodes) as a Python list.
pyb::list CodeList(const std::string& joined) {
  pyb::list out;
  for (size_t pos = 0; pos < joined.size();) {
    const size_t bar = std::min(joined.find('|', pos), joined.size());
    out.append(joined.substr(pos, bar - pos));
    pos = bar + 1;
  }
  return out;
}

pyb::dict ExplainEntity(const TableHandle& h, const Prepared& p, size_t entity,
                        const std::vector<int64_t>& record_rows, const std::vector<int>& platforms,
                        int32_t as_of_days, bool full) {
  h.CheckCompatible(p);
  const Population& pop = p.pop;
  if (entity >= pop.num_entities()) throw pyb::index_error("entity out of range");
  const Date as_of{as_of_days};
  const int np = pop.num_platforms;

  EntityExplainer explainer(h.table, pop, entity, as_of);
  const EntityOutcome& eo = explainer.entity_outcome();

  pyb::dict ent;
  ent["uscc"] = std::string(pop.uscc[entity].data(), 18);
  ent["name"] = entity < pop.name.size() ? pop.name[entity] : std::string_view();
  ent["clean_by"] = FormatDate(Date{eo.clean_by});
  ent["shown"] = eo.shown;
  ent["materials"] = CodeList(MaterialCodes(h.table, eo.canonical_materials));
  ent["raw_materials"] = CodeList(MaterialCodes(h.table, eo.raw_materials));
  ent["alerts"] = CodeList(AlertCodes(h.table, eo.alerts));
  ent["uscc_valid"] = (pop.entity_flags[entity] & kFlagUsccValid) != 0;

  pyb::list items;
  for (uint32_t r = pop.RecordsBegin(entity); r < pop.RecordsEnd(entity); ++r) {
    if (!record_rows.empty() &&
        std::find(record_rows.begin(), record_rows.end(), p.record_row[r]) == record_rows.end()) {
      continue;
    }
    for (int q = 0; q < np; ++q) {
      if (!platforms.empty() && std::find(platforms.begin(), platforms.end(), q) == platforms.end()) {
        continue;
      }
      absl::StatusOr<Explanation> ex = explainer.Explain(r, q);
      if (!ex.ok()) ThrowStatus(ex.status(), "explain");
      pyb::list steps;
      for (const ExplainStep& st : ex->steps) {
        steps.append(pyb::make_tuple(st.rule_id, st.table, st.line, st.in_force, st.matched,
                                     st.column, st.cell, st.actual));
      }
      const RecordOutcome& o = ex->outcome;
      pyb::dict item;
      item["record_id"] = ex->record_id;
      item["row"] = p.record_row[r];
      item["platform"] = ex->platform;
      item["shown"] = ((pop.shown_mask[r] >> q) & 1) != 0;
      item["status"] = std::string(StatusCodeOf(o, ShownOn(pop, r, q, as_of)));
      item["eligible_from"] = ex->eligible_from;
      item["expires_on"] = ex->expires_on;
      item["rule_id"] = ex->rule_id;
      item["source"] = ex->source;
      item["channel"] = o.channel >= 0 ? std::string(h.table.PlatformCode(o.channel)) : "";
      item["authority"] = o.authority >= 0 ? std::string(h.table.DepartmentCode(o.authority)) : "";
      item["reason_zh"] = ex->reason_zh;
      item["reason_en"] = ex->reason_en;
      item["materials"] = CodeList(MaterialCodes(h.table, o.materials));
      item["alerts"] = CodeList(AlertCodes(h.table, o.alerts));
      item["text_zh"] = ex->ToText(true, full);
      item["text_en"] = ex->ToText(false, full);
      item["steps"] = steps;
      items.append(item);
    }
  }
  pyb::dict out;
  out["entity"] = ent;
  out["as_of"] = FormatDate(as_of);
  out["items"] = items;
  return out;
}

}  // namespace

void RegisterExplain(pyb::module_& m) {
  m.def("explain", &ExplainEntity, pyb::arg("table"), pyb::arg("prepared"), pyb::arg("entity"),
        pyb::arg("record_rows"), pyb::arg("platforms"), pyb::arg("as_of"),
        pyb::arg("full") = false,
        "Why / why-not traces of one entity's records × platforms (empty lists = all); the "
        "text is for people (deciding rule, actions, nearest misses) unless `full`.");
}

}  // namespace xiufu::py

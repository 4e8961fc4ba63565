// _core.diff: xiufu::DiffOutcomes over a prepared population, as output columns.
#include <pybind11/stl.h>

#include "handles.h"
#include "outcome_arrays.h"
#include "register.h"
#include "xiufu/diff.h"

namespace xiufu::py {
namespace {

pyb::dict Diff(const TableHandle& before, const TableHandle& after, const Prepared& p,
               int32_t as_of_days, int threads, const Prepared* p_after) {
  if (absl::Status st = CheckSameInputDomains(before.table, after.table); !st.ok()) {
    ThrowStatus(st, "cannot compare the two tables");
  }
  before.CheckCompatible(p);
  if (p_after != nullptr) after.CheckCompatible(*p_after);
  const Date as_of{as_of_days};
  absl::StatusOr<DiffResult> diff;
  {
    pyb::gil_scoped_release nogil;
    diff = DiffOutcomes(before.table, after.table, p.pop, p_after ? p_after->pop : p.pop, as_of,
                        threads);
  }
  if (!diff.ok()) ThrowStatus(diff.status(), "diff");
  const Population& pop = p.pop;

  const size_t n = diff->changes.size();
  auto entity = NewArray<int32_t>(n);
  auto record = NewArray<int32_t>(n);
  auto platform = NewArray<int8_t>(n);
  auto what = NewArray<uint16_t>(n);
  auto department = NewArray<int8_t>(n);
  auto b_status = NewArray<int8_t>(n), a_status = NewArray<int8_t>(n);
  auto b_from = NewArray<int64_t>(n), a_from = NewArray<int64_t>(n);
  auto b_exp = NewArray<int64_t>(n), a_exp = NewArray<int64_t>(n);
  auto b_rule = NewArray<int32_t>(n), a_rule = NewArray<int32_t>(n);
  for (size_t k = 0; k < n; ++k) {
    const OutcomeChange& c = diff->changes[k];
    entity.mutable_data()[k] = static_cast<int32_t>(c.entity);
    record.mutable_data()[k] = p.record_code[c.record];
    platform.mutable_data()[k] = static_cast<int8_t>(c.platform);
    what.mutable_data()[k] = c.what;
    department.mutable_data()[k] = static_cast<int8_t>(pop.department[c.record]);
    b_status.mutable_data()[k] = StatusIndex(pop, c.record, c.platform, c.before, as_of);
    a_status.mutable_data()[k] = StatusIndex(pop, c.record, c.platform, c.after, as_of);
    b_from.mutable_data()[k] = DaysToNs(c.before.eligible_from);
    a_from.mutable_data()[k] = DaysToNs(c.after.eligible_from);
    b_exp.mutable_data()[k] = DaysToNs(c.before.expires_on);
    a_exp.mutable_data()[k] = DaysToNs(c.after.expires_on);
    b_rule.mutable_data()[k] = c.before.rule == kNoRow ? -1 : before.rule_code[c.before.rule];
    a_rule.mutable_data()[k] = c.after.rule == kNoRow ? -1 : after.rule_code[c.after.rule];
  }
  pyb::dict changes;
  changes["entity"] = entity;
  changes["record"] = record;
  changes["platform"] = platform;
  changes["what"] = what;
  changes["department"] = department;
  changes["status_before"] = b_status;
  changes["status_after"] = a_status;
  changes["eligible_from_before"] = b_from;
  changes["eligible_from_after"] = a_from;
  changes["expires_on_before"] = b_exp;
  changes["expires_on_after"] = a_exp;
  changes["rule_id_before"] = b_rule;
  changes["rule_id_after"] = a_rule;

  const size_t ne = diff->entities.size();
  auto e_entity = NewArray<int32_t>(ne);
  auto e_what = NewArray<uint16_t>(ne);
  auto e_records = NewArray<int32_t>(ne);
  auto e_b_clean = NewArray<int64_t>(ne), e_a_clean = NewArray<int64_t>(ne);
  auto e_b_mat = NewArray<int32_t>(ne), e_a_mat = NewArray<int32_t>(ne);
  MaterialSets b_sets(before.table), a_sets(after.table);
  for (size_t k = 0; k < ne; ++k) {
    const EntityChange& c = diff->entities[k];
    e_entity.mutable_data()[k] = static_cast<int32_t>(c.entity);
    e_what.mutable_data()[k] = c.what;
    e_records.mutable_data()[k] = static_cast<int32_t>(c.records_changed);
    e_b_clean.mutable_data()[k] = DaysToNs(c.before.clean_by);
    e_a_clean.mutable_data()[k] = DaysToNs(c.after.clean_by);
    e_b_mat.mutable_data()[k] = b_sets.Code(c.before.canonical_materials);
    e_a_mat.mutable_data()[k] = a_sets.Code(c.after.canonical_materials);
  }
  pyb::dict entities;
  entities["entity"] = e_entity;
  entities["what"] = e_what;
  entities["records_changed"] = e_records;
  entities["clean_by_before"] = e_b_clean;
  entities["clean_by_after"] = e_a_clean;
  entities["materials_before"] = e_b_mat;
  entities["materials_after"] = e_a_mat;
  entities["material_sets_before"] = b_sets.sets();
  entities["material_sets_after"] = a_sets.sets();

  const int nd = diff->num_departments, np = diff->num_platforms;
  pyb::array_t<int64_t> by_dp({nd, np});
  for (int dd = 0; dd < nd; ++dd) {
    for (int q = 0; q < np; ++q) {
      by_dp.mutable_at(dd, q) = diff->by_department_platform[static_cast<size_t>(dd) * np + q];
    }
  }
  pyb::array_t<int64_t> transitions({kNumStatuses, kNumStatuses});
  for (int b = 0; b < kNumStatuses; ++b) {
    for (int a = 0; a < kNumStatuses; ++a) {
      transitions.mutable_at(b, a) = diff->transitions[static_cast<size_t>(b) * kNumStatuses + a];
    }
  }
  std::vector<std::string> bits;
  for (int b = 0; b < kNumChangeBits; ++b) bits.emplace_back(ChangeBitName(b));

  pyb::dict out;
  out["changes"] = changes;
  out["entities"] = entities;
  out["by_department_platform"] = by_dp;
  out["transitions"] = transitions;
  out["pairs_compared"] = diff->pairs_compared;
  out["change_bits"] = bits;
  return out;
}

}  // namespace

void RegisterDiff(pyb::module_& m) {
  m.def("diff", &Diff, pyb::arg("before"), pyb::arg("after"), pyb::arg("prepared"),
        pyb::arg("as_of"), pyb::arg("threads") = 0, pyb::arg("prepared_after") = nullptr,
        "Outcomes that differ between two tables over one prepared population (one pass); "
        "`prepared_after`: the same input prepared for `after` when its custom columns differ.");
}

}  // namespace xiufu::py

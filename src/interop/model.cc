// Tested by tests/interop_test.cc.
#include "interop/model.h"

#include <algorithm>

#include "base/str_util.h"
#include "base/sv_util.h"

namespace xiufu::interop_internal {

std::vector<std::string> OutputColumns(const Pack& pack, Decision decision) {
  switch (decision) {
    case Decision::kEligibility: {
      std::vector<std::string> out = {"status"};
      if (!pack.actions.empty()) out.push_back("actions");
      for (const char* c : {"eligible_from", "expires_on", "channel", "authority", "reason_zh",
                            "reason_en"}) {
        out.push_back(c);
      }
      return out;
    }
    case Decision::kMaterials:
      return {"materials"};
    case Decision::kRecordAlerts:
    case Decision::kEntityAlerts:
      return {"alerts"};
  }
  return {};
}

const CellTest* CellFor(const Row& row, int slot) {
  for (const CellTest& c : row.cells) {
    if (c.kind != CellKind::kAny && c.slot == slot) return &c;
    if (c.kind == CellKind::kAny && !c.null_ok && c.slot == slot) return &c;
  }
  return nullptr;
}

std::string DateExprText(const DateExpr& x, const Pack& pack) {
  if (x.empty()) return "";
  auto term = [&](DateBase b, const Duration& d, bool has) {
    std::string t(DateBaseName(b));
    for (const CustomColumn& c : pack.columns) {
      if (c.date_base == b && b != DateBase::kNone) t = c.name;  // a custom date column
    }
    if (has) Append(&t, " + ", FormatDuration(d));
    return t;
  };
  const std::string t1 = term(x.base1, x.dur1, x.has_dur1);
  if (x.base2 == DateBase::kNone) return t1;
  return Cat("max(", t1, ", ", term(x.base2, x.dur2, x.has_dur2), ")");
}

std::string OutputText(const Pack& pack, const Row& row, std::string_view column) {
  const RowOutputs& o = row.out;
  if (column == "status") return std::string(StatusCode(o.status));
  if (column == "eligible_from") return DateExprText(o.eligible_from, pack);
  if (column == "expires_on") return DateExprText(o.expires_on, pack);
  if (column == "channel" || column == "authority") {
    const int v = column == "channel" ? o.channel : o.authority;
    const EnumDomain* d = pack.Domain(column == "channel" ? "platform" : "department");
    if (v < 0 || d == nullptr || v >= static_cast<int>(d->values.size())) return "";
    return d->values[v].code;
  }
  if (column == "reason_zh") return o.reason_zh;
  if (column == "reason_en") return o.reason_en;
  std::vector<std::string_view> codes;
  if (column == "materials") {
    for (size_t m = 0; m < pack.materials.size(); ++m) {
      if (o.materials.Test(static_cast<int>(m))) codes.push_back(pack.materials[m].code);
    }
  } else if (column == "alerts") {
    for (size_t a = 0; a < pack.alerts.size(); ++a) {
      if ((o.alerts >> a) & 1) codes.push_back(pack.alerts[a].code);
    }
  } else if (column == "actions") {
    for (size_t a = 0; a < pack.actions.size(); ++a) {
      if ((o.actions >> a) & 1) codes.push_back(pack.actions[a].code);
    }
  }
  return Join(codes, ", ");
}

DecisionModel ModelOf(const Pack& pack, Decision decision) {
  DecisionModel m;
  m.decision = decision;
  const DecisionSpec& spec = pack.decisions[static_cast<int>(decision)];
  m.policy = spec.policy;
  for (const Table& t : pack.tables) {
    if (t.decision != decision) continue;
    for (const Row& r : t.rows) {
      m.rows.push_back(ExportRow{&r, &t});
      for (const CellTest& c : r.cells) {
        if (c.slot < 0 || (c.kind == CellKind::kAny && c.null_ok)) continue;
        if (std::find(m.slots.begin(), m.slots.end(), c.slot) == m.slots.end()) {
          m.slots.push_back(c.slot);
        }
      }
    }
  }
  if (spec.policy == HitPolicy::kPriority) {
    auto rank = [&](const ExportRow& r) {
      const auto it = std::find(spec.priority.begin(), spec.priority.end(), r.row->out.status);
      return static_cast<int>(it - spec.priority.begin());
    };
    std::stable_sort(m.rows.begin(), m.rows.end(),
                     [&](const ExportRow& a, const ExportRow& b) { return rank(a) < rank(b); });
  }
  m.outputs.push_back("rule_id");
  for (std::string& c : OutputColumns(pack, decision)) m.outputs.push_back(std::move(c));
  return m;
}

}  // namespace xiufu::interop_internal

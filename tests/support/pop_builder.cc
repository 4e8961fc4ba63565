#include "support/pop_builder.h"

#include <gtest/gtest.h>

namespace xiufu::testing {
namespace {

uint8_t Id(const DecisionTable& t, const char* domain, const std::string& code) {
  const int v = t.ValueIndex(t.DomainIndex(domain), code);
  if (v < 0) ADD_FAILURE() << "unknown " << domain << " code '" << code << "'";
  return static_cast<uint8_t>(v < 0 ? 0 : v);
}

int32_t Day(const std::string& s) {
  if (s.empty()) return kNoDay;
  auto d = ParseDate(s);
  if (!d.ok()) ADD_FAILURE() << d.status();
  return d.ok() ? d->days : kNoDay;
}

}  // namespace

Population BuildPopulation(const DecisionTable& table, const std::vector<EntitySpec>& entities) {
  Population pop;
  pop.num_platforms = table.NumPlatforms();
  const int plat = table.DomainIndex("platform");
  for (const EntitySpec& e : entities) {
    Uscc u{};
    for (size_t i = 0; i < 18 && i < e.uscc.size(); ++i) u[i] = e.uscc[i];
    pop.BeginEntity(u, "测试", Id(table, "entity_status", e.status), Date{Day(e.registration)},
                    static_cast<int16_t>(e.last_report_year), e.unreachable);
    for (const RecordSpec& r : e.records) {
      uint8_t shown = 0;
      for (const std::string& p : r.shown_on) shown |= uint8_t{1} << Id(table, "platform", p);
      std::vector<int32_t> repaired(pop.num_platforms, kNoDay);
      for (const auto& [p, d] : r.repaired) repaired[table.ValueIndex(plat, p)] = Day(d);
      pop.AddRecord(r.id, Id(table, "department", r.department), Id(table, "record_kind", r.kind),
                    Id(table, "severity", r.severity), Id(table, "penalty", r.penalty),
                    Id(table, "procedure", r.procedure), Id(table, "sector", r.sector), shown,
                    Day(r.decision), Day(r.publication), Day(r.fulfilled), Day(r.corrected),
                    r.fine, repaired.data());
    }
  }
  pop.Finish();
  return pop;
}

}  // namespace xiufu::testing

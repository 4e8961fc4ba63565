#include "xiufu/runtime/population.h"

#include "xiufu/runtime/uscc.h"

namespace xiufu {

void Population::Clear() {
  uscc.clear(); name.clear(); entity_kind.clear(); entity_status.clear(); registration_date.clear();
  last_report_year.clear(); entity_flags.clear(); record_begin.clear();
  record_id.clear(); department.clear(); record_kind.clear(); severity.clear(); penalty.clear();
  procedure.clear(); sector.clear(); shown_mask.clear(); decision_date.clear(); publication_date.clear();
  fulfilled_date.clear(); corrected_date.clear(); fine_yuan.clear(); repaired.clear();
}

void Population::Reserve(size_t entities, size_t records) {
  uscc.reserve(entities); name.reserve(entities); entity_kind.reserve(entities);
  entity_status.reserve(entities); registration_date.reserve(entities);
  last_report_year.reserve(entities); entity_flags.reserve(entities);
  record_begin.reserve(entities + 1);
  record_id.reserve(records); department.reserve(records); record_kind.reserve(records);
  severity.reserve(records); penalty.reserve(records); procedure.reserve(records);
  sector.reserve(records); shown_mask.reserve(records); decision_date.reserve(records);
  publication_date.reserve(records); fulfilled_date.reserve(records); corrected_date.reserve(records);
  fine_yuan.reserve(records); repaired.reserve(records * num_platforms);
}

void Population::BeginEntity(const Uscc& code, std::string_view entity_name, uint8_t status,
                             Date registered, int16_t report_year, bool unreachable) {
  const std::string_view sv(code.data(), code.size());
  uscc.push_back(code);
  name.emplace_back(entity_name);
  entity_kind.push_back(static_cast<uint8_t>(EntityKindFromUscc(sv)));
  entity_status.push_back(status);
  registration_date.push_back(registered.days);
  last_report_year.push_back(report_year);
  entity_flags.push_back((ValidateUscc(sv).ok() ? kFlagUsccValid : 0) |
                         (unreachable ? kFlagUnreachable : 0));
  record_begin.push_back(static_cast<uint32_t>(department.size()));
}

void Population::AddRecord(std::string_view id, uint8_t dept, uint8_t kind, uint8_t sev,
                           uint8_t pen, uint8_t proc, uint8_t sec, uint8_t shown,
                           int32_t decision_day, int32_t publication_day, int32_t fulfilled_day,
                           int32_t corrected_day, int64_t fine, const int32_t* repaired_dates) {
  record_id.emplace_back(id);
  department.push_back(dept); record_kind.push_back(kind); severity.push_back(sev);
  penalty.push_back(pen); procedure.push_back(proc); sector.push_back(sec);
  shown_mask.push_back(shown); decision_date.push_back(decision_day);
  publication_date.push_back(publication_day); fulfilled_date.push_back(fulfilled_day);
  corrected_date.push_back(corrected_day); fine_yuan.push_back(fine);
  for (int p = 0; p < num_platforms; ++p) {
    repaired.push_back(repaired_dates ? repaired_dates[p] : kNoDay);
  }
}

void Population::Finish() { record_begin.push_back(static_cast<uint32_t>(department.size())); }

size_t Population::ColumnBytes() const {
  const size_t n = num_entities(), m = num_records();
  return n * (sizeof(Uscc) + 1 + 1 + 4 + 2 + 1 + 4) + 4 +
         m * (7 + 4 * 4 + 8) + repaired.size() * 4;
}

}  // namespace xiufu

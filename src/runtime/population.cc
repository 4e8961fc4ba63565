#include "xiufu/runtime/population.h"

namespace xiufu {

void Population::Clear() {
  uscc.clear(); name.clear(); entity_kind.clear(); entity_status.clear(); registration_date.clear();
  registration_year.clear();
  last_report_year.clear(); entity_flags.clear(); record_begin.clear();
  record_id.clear(); department.clear(); record_kind.clear(); severity.clear(); penalty.clear();
  procedure.clear(); sector.clear(); shown_mask.clear(); decision_date.clear(); publication_date.clear();
  fulfilled_date.clear(); corrected_date.clear(); fine_yuan.clear(); repaired.clear(); record_warnings.clear();
  entity_custom.clear(); record_custom.clear();
}

void Population::Reserve(size_t entities, size_t records) {
  uscc.reserve(entities); name.reserve(entities); entity_kind.reserve(entities);
  entity_status.reserve(entities); registration_date.reserve(entities);
  registration_year.reserve(entities);
  last_report_year.reserve(entities); entity_flags.reserve(entities);
  record_begin.reserve(entities + 1);
  record_id.reserve(records); department.reserve(records); record_kind.reserve(records);
  severity.reserve(records); penalty.reserve(records); procedure.reserve(records);
  sector.reserve(records); shown_mask.reserve(records); decision_date.reserve(records);
  publication_date.reserve(records); fulfilled_date.reserve(records); corrected_date.reserve(records);
  fine_yuan.reserve(records); repaired.reserve(records);
  record_warnings.reserve(records);
  entity_custom.reserve(entities * static_cast<size_t>(num_entity_custom));
  record_custom.reserve(records * static_cast<size_t>(num_record_custom));
}

size_t Population::ColumnBytes() const {
  const size_t n = num_entities(), m = num_records();
  return n * (sizeof(Uscc) + 1 + 1 + 4 + 2 + 2 + 1 + 4) + 4 +
         m * (7 + 4 * 4 + 8) + repaired.Bytes() +
         (entity_custom.size() + record_custom.size()) * sizeof(int64_t);
}

}  // namespace xiufu

// xiufu::Population — business entities and their negative records as columns (struct of
// arrays): one contiguous vector per field, records grouped by entity and addressed through
// `record_begin` offsets. Enum fields hold dense ids of the rule pack's domains (the codes come
// from the pack / compiled table, see Dictionary). This is the one input form of the evaluator:
// a host service evaluating one entity fills a one-entity Population it reuses.
//
// Plain data; thread-compatible (share read-only across evaluating threads).
#ifndef XIUFU_POPULATION_H_
#define XIUFU_POPULATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xiufu/runtime/date.h"
#include "xiufu/runtime/facts.h"

namespace xiufu {

using Uscc = std::array<char, 18>;

// Entity flag bits.
inline constexpr uint8_t kFlagUsccValid = 1;
inline constexpr uint8_t kFlagUnreachable = 2;

struct Population {
  int num_platforms = 0;  // width of `repaired` rows; == number of platform codes in the pack

  // ---- entities (n = uscc.size()) ----
  std::vector<Uscc> uscc;
  std::vector<std::string> name;
  std::vector<uint8_t> entity_kind;    // EntityKind, from the USCC prefix
  std::vector<uint8_t> entity_status;  // pack domain "entity_status"
  std::vector<int32_t> registration_date;   // Date::days
  std::vector<int16_t> last_report_year;  // last annual report filed (year it reports on); 0 = none
  std::vector<uint8_t> entity_flags;   // kFlagUsccValid | kFlagUnreachable
  std::vector<uint32_t> record_begin;  // n + 1 offsets into the record columns

  // ---- records (m = department.size()), grouped by entity ----
  std::vector<std::string> record_id;
  std::vector<uint8_t> department;  // pack domains, dense ids
  std::vector<uint8_t> record_kind;
  std::vector<uint8_t> severity;
  std::vector<uint8_t> penalty;
  std::vector<uint8_t> procedure;
  std::vector<uint8_t> sector;
  std::vector<uint8_t> shown_mask;   // bit p: shown on platform p
  std::vector<int32_t> decision_date;   // Date::days; kNoDay when absent
  std::vector<int32_t> publication_date;
  std::vector<int32_t> fulfilled_date;
  std::vector<int32_t> corrected_date;
  std::vector<int64_t> fine_yuan;    // whole yuan; 0 when no fine
  std::vector<int32_t> repaired;     // m * num_platforms: repaired date per platform, kNoDay

  size_t num_entities() const { return uscc.size(); }
  size_t num_records() const { return department.size(); }
  uint32_t RecordsBegin(size_t e) const { return record_begin[e]; }
  uint32_t RecordsEnd(size_t e) const { return record_begin[e + 1]; }

  void Clear();  // keeps capacity
  void Reserve(size_t entities, size_t records);
  // Appends an entity; its records are the ones appended until the next BeginEntity/Finish.
  void BeginEntity(const Uscc& code, std::string_view name, uint8_t status, Date registration,
                   int16_t last_report_year, bool unreachable);
  // Appends a record to the current entity; `repaired_dates` has num_platforms entries.
  void AddRecord(std::string_view id, uint8_t department, uint8_t kind, uint8_t severity,
                 uint8_t penalty, uint8_t procedure, uint8_t sector, uint8_t shown_mask,
                 int32_t decision, int32_t publication, int32_t fulfilled, int32_t corrected,
                 int64_t fine_yuan, const int32_t* repaired_dates);
  void Finish();  // closes record_begin; call once after the last entity
  // Bytes held by the evaluated columns (not names / ids), for benchmarks.
  size_t ColumnBytes() const;
};

}  // namespace xiufu

#endif  // XIUFU_POPULATION_H_

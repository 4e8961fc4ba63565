// xiufu::Population — business entities and their negative records as columns (struct of
// arrays): one contiguous vector per field (ReusableVector: a std::vector whose large blocks are
// kept for the next build, reusable_memory.h), records grouped by entity and addressed through
// `record_begin` offsets. Enum fields hold dense ids of the rule pack's domains (the codes come
// from the pack / compiled table, see Dictionary). This is the one input form of the evaluator:
// a host service evaluating one entity fills a one-entity Population it reuses.
//
// Build one with PopulationBuilder (xiufu/runtime/population_builder.h), which validates every
// field and records the dictionary the ids belong to; the columns are public for readers and
// for adapters that fill them wholesale.
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
#include "xiufu/runtime/packed_texts.h"
#include "xiufu/runtime/repair_dates.h"
#include "xiufu/runtime/reusable_memory.h"

namespace xiufu {

using Uscc = std::array<char, 18>;

// Population::registration_year of an entity whose registration date is unknown: after every
// year a report can be due for.
inline constexpr int16_t kNoRegistrationYear = INT16_MAX;

// Entity flag bits.
inline constexpr uint8_t kFlagUsccValid = 1;
inline constexpr uint8_t kFlagUnreachable = 2;

// Record warning bits (Population::record_warnings): dates that are valid but implausible
// together. PopulationBuilder sets them, with one Severity::kWarning diagnostic each; the
// record is evaluated as given, and the outputs show the codes (decisions' `warnings` column).
inline constexpr uint8_t kWarnPublicationBeforeDecision = 1;  // published before it was decided
inline constexpr uint8_t kWarnDecisionAfterAsOf = 2;   // decided after the evaluation date, shown
inline constexpr uint8_t kWarnFulfilledBeforeDecision = 4;    // fulfilled before it was decided
inline constexpr uint8_t kWarnRegisteredAfterDecision = 8;    // the entity registered after it
inline constexpr int kNumRecordWarnings = 4;
// "publication_before_decision", "decision_after_as_of", "fulfilled_before_decision",
// "registered_after_decision" for bit 0..3.
inline std::string_view RecordWarningCode(int bit) {
  constexpr std::string_view kCodes[kNumRecordWarnings] = {
      "publication_before_decision", "decision_after_as_of", "fulfilled_before_decision",
      "registered_after_decision"};
  return bit >= 0 && bit < kNumRecordWarnings ? kCodes[bit] : std::string_view();
}

struct Population {
  int num_platforms = 0;  // == number of platform codes in the pack (at most 8)
  // DictionaryFingerprint of the Dictionary the enum ids were resolved with (set by
  // PopulationBuilder); EvaluateBatch refuses a table with another input dictionary. 0 = not
  // known (filled by hand): accepted unchecked.
  uint64_t dictionary_fingerprint = 0;

  // ---- entities (n = uscc.size()) ----
  ReusableVector<Uscc> uscc;
  PackedTexts name;                       // empty when built without keep_text
  ReusableVector<uint8_t> entity_kind;    // EntityKind, from the USCC prefix
  ReusableVector<uint8_t> entity_status;  // pack domain "entity_status"
  ReusableVector<int32_t> registration_date;   // Date::days
  // The year of registration_date, kNoRegistrationYear when it is unknown: derived by
  // PopulationBuilder (the annual-report facts need the year on every date evaluated). Empty or
  // of another length (filled by hand): the evaluator derives each year as it needs it.
  ReusableVector<int16_t> registration_year;
  ReusableVector<int16_t> last_report_year;  // last annual report filed (year it reports on); 0 = none
  ReusableVector<uint8_t> entity_flags;   // kFlagUsccValid | kFlagUnreachable
  ReusableVector<uint32_t> record_begin;  // n + 1 offsets into the record columns

  // ---- records (m = department.size()), grouped by entity ----
  PackedTexts record_id;                  // empty when built without keep_text
  ReusableVector<uint8_t> department;  // pack domains, dense ids
  ReusableVector<uint8_t> record_kind;
  ReusableVector<uint8_t> severity;
  ReusableVector<uint8_t> penalty;
  ReusableVector<uint8_t> procedure;
  ReusableVector<uint8_t> sector;
  ReusableVector<uint8_t> shown_mask;   // bit p: shown on platform p
  ReusableVector<int32_t> decision_date;   // Date::days; kNoDay when absent
  ReusableVector<int32_t> publication_date;
  ReusableVector<int32_t> fulfilled_date;
  ReusableVector<int32_t> corrected_date;
  ReusableVector<int64_t> fine_yuan;    // whole yuan; 0 when no fine
  RepairDates repaired;              // m records: the day repaired per platform (sparse)
  ReusableVector<uint8_t> record_warnings;  // kWarn* bits per record; empty = none (filled by hand)

  // ---- the rule pack's custom columns (custom_column.h), row-major, one int64 per value:
  // enum id, 0/1, number, Date::days; kNull = missing. Width = the pack's columns of that
  // scope (CustomColumn::ordinal); a width of 0 (filled by hand) evaluates their defaults.
  int num_entity_custom = 0;
  int num_record_custom = 0;
  ReusableVector<int64_t> entity_custom;  // n * num_entity_custom
  ReusableVector<int64_t> record_custom;  // m * num_record_custom

  size_t num_entities() const { return uscc.size(); }
  size_t num_records() const { return department.size(); }
  uint32_t RecordsBegin(size_t e) const { return record_begin[e]; }
  uint32_t RecordsEnd(size_t e) const { return record_begin[e + 1]; }
  int64_t EntityCustom(size_t e, int ordinal) const {
    return entity_custom[e * static_cast<size_t>(num_entity_custom) + static_cast<size_t>(ordinal)];
  }
  int64_t RecordCustom(size_t r, int ordinal) const {
    return record_custom[r * static_cast<size_t>(num_record_custom) + static_cast<size_t>(ordinal)];
  }
  // registration_year[e], or the year derived from registration_date[e] when the column is not
  // filled for every entity.
  int32_t RegistrationYear(size_t e) const {
    if (registration_year.size() == uscc.size()) return registration_year[e];
    return RegistrationYearOf(registration_date[e]);
  }
  static int32_t RegistrationYearOf(int32_t registration) {
    return registration == kNoDay ? kNoRegistrationYear : ToYmd(Date{registration}).year;
  }
  uint8_t RecordWarnings(size_t r) const {
    return r < record_warnings.size() ? record_warnings[r] : 0;
  }

  void Clear();  // empties every column, keeps capacity (and num_platforms, the fingerprint)
  void Reserve(size_t entities, size_t records);
  // Bytes held by the evaluated columns (not names / ids), for benchmarks.
  size_t ColumnBytes() const;
};

}  // namespace xiufu

#endif  // XIUFU_POPULATION_H_

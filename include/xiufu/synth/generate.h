// xiufu::GenerateDistrict — a deterministic synthetic district (default: Gongshu's 178,000
// business entities) with realistic shares of missed annual reports, abnormal listings,
// penalties by department and severity, department and court lists, repairs on some platforms,
// and a few USCCs with a wrong check character. Same options → byte-identical output on every
// platform: the generator uses its own PRNG (xoshiro256** seeded by splitmix64) and integer
// arithmetic, never std:: distributions.
//
// The generator works at the level of *codes* (the fixed vocabularies below, which the Gongshu
// rule pack uses), so it needs no compiled table. Its output is plain column vectors (ints and
// strings; enum columns are indices into GenCodes(), i.e. categorical codes) that bindings can
// hand to pandas without going through CSV. DistrictEntitiesCsv / DistrictRecordsCsv write the
// formats of docs/formats.md, identical to what WriteEntitiesCsv / WriteRecordsCsv produce for
// the same data when the pack lists the codes in GenCodes() order.
//
// Pure functions; thread-safe.
#ifndef XIUFU_GENERATE_H_
#define XIUFU_GENERATE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xiufu/csv_style.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/packed_texts.h"
#include "xiufu/runtime/population.h"
#include "xiufu/population_io.h"

namespace xiufu {

struct GenOptions {
  size_t entities = 178000;
  uint64_t seed = 20221101;  // Default: the month Gongshu opened its first repair station.
  // Every entity gets 3–8 records (stress tests) instead of the realistic few.
  bool dense = false;
  // The day the data is a snapshot of: no generated event (decision, payment, repair) is later.
  // Default: 2026-10-31.
  Date snapshot = FromYmd(2026, 10, 31);
  // Share of entities whose USCC gets a wrong check character (exercises the USCC alert).
  double invalid_uscc_share = 0.0005;
};

// The generator's vocabularies; enum columns of District hold indices into these.
absl::Span<const std::string_view> GenCodes(InputDomain domain);
// A Dictionary of exactly these codes and the custom columns the generator fills (for reading
// generated files without a pack).
Dictionary GenDictionary();

struct District {
  // ---- entities ----
  std::vector<Uscc> uscc;
  PackedTexts name;
  std::vector<uint8_t> status;            // GenCodes(kEntityStatus)
  std::vector<int32_t> registration;      // Date::days
  std::vector<int16_t> last_report_year;  // 0 = never filed
  std::vector<uint8_t> unreachable;       // 0 / 1
  std::vector<uint8_t> planted_invalid;   // 1: the USCC's check character was made wrong

  // ---- records, grouped by entity in entity order ----
  std::vector<uint32_t> entity;  // index of the owning entity
  PackedTexts record_id;
  std::vector<uint8_t> department, record_kind, severity, penalty, procedure, sector;
  std::vector<uint8_t> shown_mask;  // bit p: shown on GenCodes(kPlatform)[p]
  std::vector<int32_t> decision, publication, fulfilled, corrected;  // Date::days or kNoDay
  std::vector<int64_t> fine_yuan;
  std::vector<int32_t> repaired;  // record * kGenPlatforms + p: repair day or kNoDay
  // The Gongshu pack's custom record column `later_heavier_penalty`: 1 when a heavier SAMR
  // penalty followed a serious listing (written to records.csv; GenDictionary declares it).
  std::vector<uint8_t> later_heavier_penalty;

  size_t num_entities() const { return uscc.size(); }
  size_t num_records() const { return record_id.size(); }
};

inline constexpr int kGenPlatforms = 4;
inline constexpr std::string_view kLaterHeavierPenalty = "later_heavier_penalty";

District GenerateDistrict(const GenOptions& options);

// The CSV text in `style` (xiufu/csv_style.h; default: a BOM, Excel-converted identifiers as
// ="…").
std::string DistrictEntitiesCsv(const District& district, const CsvStyle& style = {});
std::string DistrictRecordsCsv(const District& district, const CsvStyle& style = {});
// Writes DIR/entities.csv and DIR/records.csv, creating DIR if needed.
absl::Status WriteDistrict(const District& district, const std::string& dir,
                           const CsvStyle& style = {});

// The district as a Population whose enum ids are `dict`'s (codes are looked up by name; fails
// when the dictionary lacks a code the district uses). Built through PopulationBuilder, so it is
// stamped with DictionaryFingerprint(dict).
absl::StatusOr<Population> DistrictToPopulation(const District& district, const Dictionary& dict);

}  // namespace xiufu

#endif  // XIUFU_GENERATE_H_

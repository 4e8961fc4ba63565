// xiufu::Dictionary — code ↔ dense id for the eight pack domains that input data is written in
// (platform, department, record kind, severity, penalty, procedure, sector, entity status), in
// the order of the rule pack's enums.csv. A Population's enum columns hold these dense ids.
//
// Immutable after construction; safe to share across threads.
#ifndef XIUFU_RUNTIME_DICTIONARY_H_
#define XIUFU_RUNTIME_DICTIONARY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"

namespace xiufu {

// The eight pack domains input data is written in.
enum class InputDomain : uint8_t {
  kPlatform,
  kDepartment,
  kRecordKind,
  kSeverity,
  kPenalty,
  kProcedure,
  kSector,
  kEntityStatus,
};
inline constexpr int kNumInputDomains = 8;
std::string_view InputDomainName(InputDomain d);  // "platform", "department", …

// Code ↔ dense id for the input domains, in the order of the rule pack's enums.csv. Each code
// may have a Chinese label (the pack's `zh` column: 存续 for `active`), accepted by Find as an
// alias of its code — unless the label is also another value's code or label (then it is
// ambiguous and only the codes are accepted).
class Dictionary {
 public:
  using CodeLists = std::array<std::vector<std::string>, kNumInputDomains>;

  Dictionary() = default;
  // Fails (InvalidArgument) on an empty domain, a duplicate code, more than kMaxEnumValues codes
  // or more than kMaxPlatforms platforms. `labels`, when given for a domain, has one label per
  // code ("" = none).
  static absl::StatusOr<Dictionary> FromCodes(CodeLists codes, CodeLists labels = {});
  // The domains of a compiled table (it must define all eight), with their Chinese labels.
  static absl::StatusOr<Dictionary> FromTable(const DecisionTable& table);

  // Dense id of a code or of a code's label; -1 when unknown.
  int Find(InputDomain d, std::string_view code) const;
  std::string_view Code(InputDomain d, int id) const;
  std::string_view Label(InputDomain d, int id) const;  // "" when none
  // For an unknown-code message: the first `max` codes with their labels, and how many there
  // are: "active (存续), revoked (吊销), … (12 codes; a code or its Chinese label)".
  std::string ValidCodes(InputDomain d, int max = 10) const;
  int Size(InputDomain d) const { return static_cast<int>(codes_[Index(d)].size()); }
  int num_platforms() const { return Size(InputDomain::kPlatform); }
  const std::vector<std::string>& Codes(InputDomain d) const { return codes_[Index(d)]; }

 private:
  static int Index(InputDomain d) { return static_cast<int>(d); }
  CodeLists codes_;
  CodeLists labels_;
  std::array<absl::flat_hash_map<std::string, int>, kNumInputDomains> ids_;
  std::array<absl::flat_hash_map<std::string, int>, kNumInputDomains> aliases_;
};

// The fingerprint of a dictionary's code lists (FNV-1a 64 over the eight domains' codes, in
// order, with separators; never 0). Two dictionaries have the same fingerprint exactly when
// they map every code to the same dense id (barring a hash collision). A Population records
// the one it was built with.
uint64_t DictionaryFingerprint(const Dictionary& dict);
// The same for a compiled table's input domains, computed from the table on each call (about a
// hundred short strings, well under a microsecond): equals
// DictionaryFingerprint(*Dictionary::FromTable(table)). A domain the table lacks hashes as
// empty; 0 for an empty (invalid) table.
uint64_t InputFingerprint(const DecisionTable& table);

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_DICTIONARY_H_

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
#include "xiufu/runtime/custom_column.h"
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

// One domain's codes ↔ dense ids, with the Chinese labels accepted as aliases (see below).
class CodeSet {
 public:
  CodeSet() = default;
  // Fails on no codes, a duplicate code, more than `cap` codes, or a label count that is not
  // the code count (`labels` may be empty).
  static absl::StatusOr<CodeSet> Make(std::string_view name, std::vector<std::string> codes,
                                      std::vector<std::string> labels, size_t cap);
  int Find(std::string_view code_or_label) const;  // -1 when unknown
  std::string_view Code(int id) const;
  std::string_view Label(int id) const;  // "" when none
  std::string ValidCodes(int max = 10) const;
  int Size() const { return static_cast<int>(codes_.size()); }
  const std::vector<std::string>& codes() const { return codes_; }

 private:
  std::vector<std::string> codes_;
  std::vector<std::string> labels_;
  absl::flat_hash_map<std::string, int> ids_;
  absl::flat_hash_map<std::string, int> aliases_;
};

// Code ↔ dense id for the input domains, in the order of the rule pack's enums.csv. Each code
// may have a Chinese label (the pack's `zh` column: 存续 for `active`), accepted by Find as an
// alias of its code — unless the label is also another value's code or label (then it is
// ambiguous and only the codes are accepted). Also the pack's custom input columns
// (custom_column.h) and the codes of their enum domains.
class Dictionary {
 public:
  using CodeLists = std::array<std::vector<std::string>, kNumInputDomains>;

  Dictionary() = default;
  // Fails (InvalidArgument) on an empty domain, a duplicate code, more than kMaxEnumValues codes
  // or more than kMaxPlatforms platforms. `labels`, when given for a domain, has one label per
  // code ("" = none).
  // `columns` (ordinals are renumbered by scope) with, for enum columns, their codes and
  // labels (by column index).
  static absl::StatusOr<Dictionary> FromCodes(
      CodeLists codes, CodeLists labels = {}, std::vector<CustomColumn> columns = {},
      std::vector<std::vector<std::string>> column_codes = {},
      std::vector<std::vector<std::string>> column_labels = {});
  // The domains of a compiled table (it must define all eight), with their Chinese labels.
  static absl::StatusOr<Dictionary> FromTable(const DecisionTable& table);

  // Dense id of a code or of a code's label; -1 when unknown.
  int Find(InputDomain d, std::string_view code) const;
  std::string_view Code(InputDomain d, int id) const;
  std::string_view Label(InputDomain d, int id) const;  // "" when none
  // For an unknown-code message: the first `max` codes with their labels, and how many there
  // are: "active (存续), revoked (吊销), … (12 codes; a code or its Chinese label)".
  std::string ValidCodes(InputDomain d, int max = 10) const;
  int Size(InputDomain d) const { return domains_[Index(d)].Size(); }
  int num_platforms() const { return Size(InputDomain::kPlatform); }
  const std::vector<std::string>& Codes(InputDomain d) const { return domains_[Index(d)].codes(); }

  // The custom columns, in declaration order; by scope and ordinal; the codes of column i
  // (enum columns; empty otherwise).
  const std::vector<CustomColumn>& Columns() const { return columns_; }
  int NumColumns(FactScope scope) const;
  const CustomColumn* Column(FactScope scope, int ordinal) const;
  const CodeSet& ColumnCodes(size_t i) const { return column_codes_[i]; }

 private:
  static int Index(InputDomain d) { return static_cast<int>(d); }
  std::array<CodeSet, kNumInputDomains> domains_;
  std::vector<CustomColumn> columns_;
  std::vector<CodeSet> column_codes_;
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

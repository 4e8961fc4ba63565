// xiufu::CustomColumn — an input column a rule pack declares beyond the built-in facts (a tax
// credit level, a signed commitment, a heavier penalty that followed), and FactVocabulary, the
// facts a pack's tables may test: the built-in ones (facts.h) plus its custom columns.
//
// A custom column is a fact like the built-in ones: an entity or record column of type enum
// (a domain of enums.csv), bool, number or date; a date column also gives the elapsed fact
// `since_NAME`. Each takes fact ids from kNumFacts up (kMaxCustomFacts in all), so it compiles
// to slots and is matched like any other fact: no strings or maps on the hot path. Input
// without the column, or with an empty cell, gives the column's default.
//
// Plain value types; thread-compatible. A FactVocabulary views the columns it was made from
// (they must outlive it).
#ifndef XIUFU_RUNTIME_CUSTOM_COLUMN_H_
#define XIUFU_RUNTIME_CUSTOM_COLUMN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/facts.h"

namespace xiufu {

struct CustomColumn {
  std::string name;                       // the input column header / DataFrame column
  FactScope scope = FactScope::kRecord;   // kEntity or kRecord
  FactType type = FactType::kBool;        // kEnum, kBool, kNumber or kDate
  std::string domain;                     // kEnum: the enums.csv domain of its codes
  int64_t default_value = kNull;          // value when absent (kNull = missing)
  std::string default_text;               // as written ("-" = missing)
  std::string zh, en, source;             // what it is, for people; its legal basis
  Fact fact = Fact::kAsOf;                // its fact id (>= kNumFacts)
  Fact since = Fact::kAsOf;               // kDate: the `since_NAME` fact; else kAsOf (none)
  std::string since_name, since_zh, since_en;
  int ordinal = 0;                        // index among the pack's columns of the same scope
  bool changeable = false;                // the company can change it (explain's nearest misses)
  DateBase date_base = DateBase::kNone;   // kDate: its base in date expressions (kCustom0 + k)
  SourceLoc loc;                          // its [column NAME] section (packs; not compiled)
  bool has_since() const { return since != Fact::kAsOf; }
};

// "entity" / "record"; "enum" / "bool" / "number" / "date" (also "elapsed" for since_ facts).
std::string_view ScopeCode(FactScope s);
std::string_view FactTypeCode(FactType t);

// The fact ids a pack's columns take, in declaration order (a date column two), and the
// since_ names: fills fact, since, since_*, ordinal, and date_base (the k-th date column is
// DateBase::kCustom0 + k). False when more than kMaxCustomFacts ids
// would be needed (then the columns past the limit keep fact = kAsOf).
bool AssignCustomFacts(absl::Span<CustomColumn> columns);

class FactVocabulary {
 public:
  FactVocabulary() = default;
  explicit FactVocabulary(absl::Span<const CustomColumn> custom) : custom_(custom) {}

  // Built-in or custom; a fact id the vocabulary does not know gives as_of's info.
  FactInfo Info(Fact f) const;
  std::optional<Fact> ByName(std::string_view name) const;
  std::string_view Zh(Fact f) const;
  std::string_view En(Fact f) const;
  // The column a custom fact (value or since_) belongs to; nullptr for built-in facts.
  const CustomColumn* ColumnOf(Fact f) const;
  absl::Span<const CustomColumn> columns() const { return custom_; }

 private:
  absl::Span<const CustomColumn> custom_;
};

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_CUSTOM_COLUMN_H_

// Internal to the interop stage: a small JSON reader for the documents `xiufu import` reads
// (GoRules JDM files). It builds a plain tree of values, keeps object members in document order
// and reports the first syntax error with its line and column. Numbers are kept as their text.
// No dependency: the toolchain library links nothing but Abseil.
//
// Pure functions and plain value types; thread-compatible.
#ifndef XIUFU_SRC_INTEROP_JSON_READER_H_
#define XIUFU_SRC_INTEROP_JSON_READER_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace xiufu::interop_internal {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // kString: the decoded string; kNumber: the number as written
  std::vector<JsonValue> items;     // kArray; kObject: the member values, in document order
  std::vector<std::string> keys;    // kObject: the member names, parallel to `items`
  // (two vectors, not a vector of pairs: a pair of an incomplete type is not allowed where
  // JsonValue is being defined, and clang's standard library refuses it)

  // The member named `key` of an object (the first one), or nullptr.
  const JsonValue* Find(std::string_view key) const;
  bool is_string() const { return kind == Kind::kString; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_object() const { return kind == Kind::kObject; }
};

// Parses a whole document (UTF-8; a leading byte-order mark is skipped). InvalidArgument with
// "line L, column C: …" on the first syntax error.
absl::StatusOr<JsonValue> ParseJson(std::string_view text);

}  // namespace xiufu::interop_internal

#endif  // XIUFU_SRC_INTEROP_JSON_READER_H_

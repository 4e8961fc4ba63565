// xiufu::Diagnostic — one problem found while loading or linting a rule pack or reading input
// data, with its exact place (file, 1-based line and column), the field (column header or
// manifest key) and the offending value. Problems are data, not errors: loaders collect them
// (up to a cap) and keep going; absl::Status is reserved for I/O and internal failures.
//
// Plain value types; thread-compatible.
#ifndef XIUFU_DIAGNOSTIC_H_
#define XIUFU_DIAGNOSTIC_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xiufu {

enum class Severity : unsigned char { kError, kWarning, kNote };

struct SourceLoc {
  std::string file;  // path as given to the loader (relative to the pack directory for packs)
  int line = 0;      // 1-based; 0 = whole file
  int column = 0;    // 1-based; for CSV, the 1-based field number
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable kebab-case id: "unknown-enum", "bad-date", "shadowed-row", …
  SourceLoc loc;
  std::string field;    // column header or manifest key
  std::string value;    // the offending text, verbatim
  std::string message;  // human-readable, English
};

// "error", "warning", "note".
inline std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// "file:line:col: error: message [field=..., value=...] (code)"
std::string FormatDiagnostic(const Diagnostic& d);

// Collects diagnostics up to a cap; counts (but does not store) the ones past it.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(size_t cap = 100) : cap_(cap) {}
  void Add(Diagnostic d);
  void Error(std::string code, SourceLoc loc, std::string field, std::string value,
             std::string message);
  void Warning(std::string code, SourceLoc loc, std::string field, std::string value,
               std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return items_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  size_t dropped() const { return dropped_; }
  bool has_errors() const { return errors_ > 0; }

 private:
  size_t cap_;
  size_t errors_ = 0, warnings_ = 0, dropped_ = 0;
  std::vector<Diagnostic> items_;
};

}  // namespace xiufu

#endif  // XIUFU_DIAGNOSTIC_H_

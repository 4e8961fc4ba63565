#include "xiufu/runtime/diagnostic.h"

#include <utility>

#include "base/str_util.h"


namespace xiufu {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.loc.file.empty() ? std::string("<pack>") : d.loc.file;
  if (d.loc.line > 0) {
    Append(&out, ":", d.loc.line);
    if (d.loc.column > 0) Append(&out, ":", d.loc.column);
  }
  Append(&out, ": ", SeverityName(d.severity), ": ", d.message);
  if (!d.field.empty() || !d.value.empty()) {
    out += " [";
    if (!d.field.empty()) Append(&out, "field=", d.field);
    if (!d.field.empty() && !d.value.empty()) out += ", ";
    if (!d.value.empty()) Append(&out, "value=", d.value);
    out += "]";
  }
  if (!d.code.empty()) Append(&out, " (", d.code, ")");
  return out;
}

void DiagnosticSink::Add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  if (d.severity == Severity::kWarning) ++warnings_;
  if (items_.size() >= cap_) {
    ++dropped_;
    return;
  }
  items_.push_back(std::move(d));
}

void DiagnosticSink::Error(std::string code, SourceLoc loc, std::string field, std::string value,
                           std::string message) {
  Add(Diagnostic{Severity::kError, std::move(code), std::move(loc), std::move(field),
                 std::move(value), std::move(message)});
}

void DiagnosticSink::Warning(std::string code, SourceLoc loc, std::string field,
                             std::string value, std::string message) {
  Add(Diagnostic{Severity::kWarning, std::move(code), std::move(loc), std::move(field),
                 std::move(value), std::move(message)});
}

}  // namespace xiufu

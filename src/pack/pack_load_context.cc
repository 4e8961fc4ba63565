#include "pack/pack_load_context.h"
#include "base/sv_util.h"
#include "base/text_file.h"

#include <fstream>
#include <sstream>


namespace xiufu::pack_internal {

int CsvDoc::Col(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view CsvDoc::Get(const CsvRow& row, int col) const {
  if (col < 0 || static_cast<size_t>(col) >= row.fields.size()) return {};
  return Trim(row.fields[col]);
}

SourceLoc CsvDoc::Loc(const CsvRow& row, int col) const {
  if (col < 0) return SourceLoc{file, row.line, 1};
  return SourceLoc{file, row.FieldLine(col), col + 1};
}

std::optional<std::string> LoadContext::ReadFile(const std::string& rel, const SourceLoc& from) {
  if (files_ != nullptr) {
    const auto it = files_->find(rel);
    if (it == files_->end()) {
      Error("missing-file", from, "file", rel, Cat("cannot open '", rel, "'"));
      return std::nullopt;
    }
    Hash(it->second);
    return Decode(rel, it->second);
  }
  const std::string path = dir_.empty() ? rel : Cat(dir_, "/", rel);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error("missing-file", from, "file", rel, Cat("cannot open '", path, "'"));
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    Error("missing-file", from, "file", rel, Cat("cannot read '", path, "'"));
    return std::nullopt;
  }
  std::string bytes = std::move(buf).str();
  Hash(bytes);
  return Decode(rel, std::move(bytes));
}

std::optional<std::string> LoadContext::Decode(const std::string& rel, std::string bytes) {
  absl::StatusOr<DecodedText> text = DecodeText(std::move(bytes), rel);
  if (!text.ok()) {
    std::string message(text.status().message());
    if (message.rfind(rel + ": ", 0) == 0) message.erase(0, rel.size() + 2);
    Error("bad-encoding", SourceLoc{rel, 0, 0}, "file", rel, std::move(message));
    return std::nullopt;
  }
  if (!text->note.empty()) {
    std::string message = text->note;
    const std::string prefix = Cat("xiufu: ", rel, " ");
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    sink_->Add(Diagnostic{Severity::kNote, "encoding", SourceLoc{rel, 0, 0}, "file", rel,
                          std::move(message)});
  }
  return std::move(text->text);
}

void LoadContext::Hash(std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash_ ^= c;
    hash_ *= 1099511628211ull;  // FNV-1a 64 prime
  }
}

CsvDoc LoadContext::ParseDoc(const std::string& rel, std::string_view bytes) {
  CsvDoc doc;
  doc.file = rel;
  CsvReader reader(bytes);
  CsvRow row;
  bool have_header = false;
  while (reader.Next(&row)) {
    const std::string_view first =
        row.fields.empty() ? std::string_view() : Trim(row.fields[0]);
    if (!first.empty() && first.front() == '#') continue;
    bool all_empty = true;
    for (const std::string& f : row.fields) {
      if (!Trim(f).empty()) all_empty = false;
    }
    if (all_empty) continue;
    if (!have_header) {
      have_header = true;
      doc.header_line = row.line;
      for (const std::string& f : row.fields) {
        doc.header.emplace_back(Trim(f));
      }
      continue;
    }
    doc.rows.push_back(row);
  }
  for (const CsvError& e : reader.errors()) {
    Error("csv-syntax", SourceLoc{rel, e.line, e.column}, "", "", e.message);
  }
  if (!have_header) Error("empty-file", SourceLoc{rel, 0, 0}, "", "", "the file has no header row");
  return doc;
}

bool LoadContext::CheckHeader(const CsvDoc& doc, std::initializer_list<std::string_view> required,
                              std::initializer_list<std::string_view> optional) {
  if (doc.header.empty()) return false;
  bool ok = true;
  for (std::string_view name : required) {
    if (doc.Col(name) < 0) {
      Error("missing-column", SourceLoc{doc.file, doc.header_line, 1}, name, "",
            Cat("missing column '", name, "' (expected ", Join(required, ","),
                         ")"));
      ok = false;
    }
  }
  for (size_t i = 0; i < doc.header.size(); ++i) {
    const std::string& h = doc.header[i];
    if (h.empty() || h == "note") continue;
    bool known = false;
    for (std::string_view n : required) known |= n == h;
    for (std::string_view n : optional) known |= n == h;
    if (!known) {
      Error("unknown-column", SourceLoc{doc.file, doc.header_line, static_cast<int>(i) + 1}, h,
            h, Cat("unknown column '", h, "' (expected ", Join(required, ","),
                            ")"));
    } else if (doc.Col(h) != static_cast<int>(i)) {
      Error("duplicate-column", SourceLoc{doc.file, doc.header_line, static_cast<int>(i) + 1}, h,
            h, Cat("column '", h, "' appears twice"));
    }
  }
  return ok;
}

void LoadContext::CellErrors(const SourceLoc& loc, std::string_view field, std::string_view value,
                             const std::vector<CellError>& errors) {
  for (const CellError& e : errors) Error(e.code, loc, field, value, e.message);
}

void LoadContext::CheckTemplate(const SourceLoc& loc, std::string_view field,
                                std::string_view text) {
  static constexpr std::string_view kNames[] = {"eligible_from", "expires_on", "department",
                                                "platform",      "channel",    "authority",
                                                "rule_id"};
  size_t at = 0;
  while ((at = text.find('{', at)) != std::string_view::npos) {
    const size_t end = text.find('}', at);
    if (end == std::string_view::npos) {
      Error("bad-template", loc, field, text, "unclosed '{' in message template");
      return;
    }
    const std::string_view name = text.substr(at + 1, end - at - 1);
    bool known = false;
    for (std::string_view n : kNames) known |= n == name;
    if (!known) {
      Error("bad-template", loc, field, text,
            Cat("unknown placeholder '{", name, "}' (use ",
                         "{eligible_from} {expires_on} {department} {platform} {channel} "
                         "{authority} {rule_id})"));
    }
    at = end + 1;
  }
}

bool IsEnumCode(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

bool IsCatalogCode(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(absl::ascii_isalnum(c) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

Date ParseOptionalDate(LoadContext& ctx, const SourceLoc& loc, std::string_view field,
                       std::string_view text) {
  if (text.empty() || text == "-") return Date{kNoDay};
  absl::StatusOr<Date> d = ParseDate(text);
  if (!d.ok()) {
    ctx.Error("bad-date", loc, field, text, Cat(SV(d.status().message()), " (or - for open)"));
    return Date{kNoDay};
  }
  return *d;
}

}  // namespace xiufu::pack_internal

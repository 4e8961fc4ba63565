#include "io/line_rows.h"

#include <cstring>

namespace xiufu {

void LineRows::Clear() {
  line_offset.clear();
  field_begin.assign(1, 0);
  fields.clear();
  unescaped.clear();
  lines = 0;
  stop = std::string_view::npos;
}

namespace {

// Splits one line (no line break in it) into fields appended to out->fields. False when the
// line needs CsvReader: a quoted field not closed on it, or text after a closing quote.
bool SplitLine(const char* p, const char* end, char sep, LineRows* out) {
  while (true) {
    if (p != end && *p == '"') {
      const char* q = p + 1;
      const char* close = nullptr;
      bool doubled = false;
      while (true) {
        const void* hit = std::memchr(q, '"', static_cast<size_t>(end - q));
        if (hit == nullptr) return false;  // not closed on this line
        const char* h = static_cast<const char*>(hit);
        if (h + 1 != end && h[1] == '"') {
          doubled = true;
          q = h + 2;
          continue;
        }
        close = h;
        break;
      }
      const char* after = close + 1;
      if (after != end && *after != sep) return false;  // text after the closing quote
      if (!doubled) {
        out->fields.emplace_back(p + 1, static_cast<size_t>(close - p - 1));
      } else {
        std::string& s = out->unescaped.emplace_back();
        for (const char* c = p + 1; c < close; ++c) {
          s.push_back(*c);
          if (*c == '"') ++c;  // the second of a doubled quote
        }
        out->fields.emplace_back(s);
      }
      if (after == end) return true;
      p = after + 1;
      continue;
    }
    const void* hit = std::memchr(p, sep, static_cast<size_t>(end - p));
    const char* f_end = hit != nullptr ? static_cast<const char*>(hit) : end;
    out->fields.emplace_back(p, static_cast<size_t>(f_end - p));
    if (f_end == end) return true;
    p = f_end + 1;
  }
}

}  // namespace

void ScanLineRows(std::string_view text, size_t begin, size_t end, char separator, LineRows* out) {
  out->Clear();
  const char* base = text.data();
  size_t pos = begin;
  uint32_t line = 0;
  while (pos < end) {
    const void* nl = std::memchr(base + pos, '\n', end - pos);
    const size_t line_end = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - base) : end;
    const size_t next = nl != nullptr ? line_end + 1 : end;
    size_t content_end = line_end;
    if (nl != nullptr && content_end > pos && base[content_end - 1] == '\r') --content_end;  // CRLF
    if (std::memchr(base + pos, '\r', content_end - pos) != nullptr) break;  // a lone CR ends a line
    if (content_end > pos) {
      const size_t fields_before = out->fields.size();
      const size_t unescaped_before = out->unescaped.size();
      if (!SplitLine(base + pos, base + content_end, separator, out)) {
        out->fields.resize(fields_before);
        out->unescaped.resize(unescaped_before);
        break;
      }
      out->line_offset.push_back(line);
      out->field_begin.push_back(static_cast<uint32_t>(out->fields.size()));
    }
    ++line;
    pos = next;
  }
  out->lines = line;
  if (pos < end) out->stop = pos;
}

std::vector<size_t> CutAtLines(std::string_view text, size_t begin, size_t piece_bytes) {
  std::vector<size_t> cuts{begin};
  if (piece_bytes == 0) piece_bytes = 1;
  size_t at = begin;
  while (text.size() - at > piece_bytes) {
    const void* nl = std::memchr(text.data() + at + piece_bytes, '\n', text.size() - at - piece_bytes);
    if (nl == nullptr) break;
    at = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    if (at >= text.size()) break;
    cuts.push_back(at);
  }
  cuts.push_back(text.size());
  return cuts;
}

}  // namespace xiufu

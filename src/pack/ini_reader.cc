#include "pack/ini_reader.h"

#include <string>

#include "base/sv_util.h"

namespace xiufu {
namespace {

// Cuts a trailing comment: '#' or ';' at the start or preceded by whitespace.
std::string_view StripComment(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '#' || s[i] == ';') && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      return s.substr(0, i);
    }
  }
  return s;
}

int ColumnOf(std::string_view line, std::string_view part) {
  return static_cast<int>(part.data() - line.data()) + 1;
}

}  // namespace

IniFile ParseIni(std::string_view bytes) {
  IniFile file;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  file.sections.push_back(IniSection{});
  int line_no = 0;
  size_t pos = 0;
  while (pos <= bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view raw = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const std::string_view line = raw;
    const std::string_view body = Trim(StripComment(line));
    if (body.empty()) continue;
    if (body.front() == '[') {
      if (body.back() != ']') {
        file.errors.push_back({line_no, ColumnOf(line, body), std::string(body),
                               "section header is missing its closing ']'"});
        continue;
      }
      IniSection section;
      for (char c : Trim(body.substr(1, body.size() - 2))) {
        const bool space = c == ' ' || c == '\t';
        if (space && !section.name.empty() && section.name.back() == ' ') continue;
        section.name += space ? ' ' : c;
      }
      section.line = line_no;
      file.sections.push_back(std::move(section));
      continue;
    }
    const size_t eq = body.find('=');
    if (eq == std::string_view::npos) {
      file.errors.push_back({line_no, ColumnOf(line, body), std::string(body),
                             "expected 'key = value' or '[section]'"});
      continue;
    }
    const std::string_view key = Trim(body.substr(0, eq));
    const std::string_view value = Trim(body.substr(eq + 1));
    if (key.empty()) {
      file.errors.push_back({line_no, ColumnOf(line, body), std::string(body),
                             "missing key before '='"});
      continue;
    }
    IniEntry entry;
    entry.key = std::string(key);
    entry.value = std::string(value);
    entry.line = line_no;
    entry.key_column = ColumnOf(line, key);
    entry.value_column = value.empty() ? ColumnOf(line, body) + static_cast<int>(eq) + 1
                                       : ColumnOf(line, value);
    file.sections.back().entries.push_back(std::move(entry));
  }
  return file;
}

}  // namespace xiufu

// xiufu INI reading — the syntax of a rule pack's manifest.ini, with line and column numbers.
//
//   [section]            a section; the name may contain a space ("decision eligibility")
//   key = value          an entry of the current section
//   # comment / ; comment   whole-line comments
//   key = value   ; note    a '#' or ';' preceded by whitespace starts a trailing comment
//
// Keys and values are trimmed. A leading UTF-8 byte-order mark and CRLF line ends are accepted.
// Lines that are neither are reported as IniError values; parsing goes on. Entries before the
// first section belong to a section with an empty name.
//
// Plain value types; thread-compatible.
#ifndef XIUFU_SRC_INI_READER_H_
#define XIUFU_SRC_INI_READER_H_

#include <string>
#include <string_view>
#include <vector>

namespace xiufu {

struct IniEntry {
  std::string key;
  std::string value;
  int line = 0;
  int key_column = 0;    // 1-based byte column of the key
  int value_column = 0;  // 1-based byte column of the value
};

struct IniSection {
  std::string name;  // inner text of [..], trimmed, inner runs of whitespace collapsed to one
  int line = 0;      // 0 for the implicit section before the first header
  std::vector<IniEntry> entries;
};

struct IniError {
  int line = 0;
  int column = 0;
  std::string text;
  std::string message;
};

struct IniFile {
  std::vector<IniSection> sections;
  std::vector<IniError> errors;
};

IniFile ParseIni(std::string_view bytes);

}  // namespace xiufu

#endif  // XIUFU_SRC_INI_READER_H_

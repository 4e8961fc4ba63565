// xiufu::AppendJsonString — the one JSON string writer of the project (decisions.jsonl, plans,
// summaries, the server's answers): quotes, backslashes and control characters escaped, UTF-8
// passed through.
//
// Pure function; thread-safe.
#ifndef XIUFU_RUNTIME_JSON_STRING_H_
#define XIUFU_RUNTIME_JSON_STRING_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace xiufu {

// Appends `s` as a JSON string literal (with the quotes). UTF-8 passes through; control
// characters are escaped.
inline void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_JSON_STRING_H_

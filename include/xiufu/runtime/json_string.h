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
  // Runs of bytes that need no escape are appended whole (most strings are one run).
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u));
        out->append(buf);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_JSON_STRING_H_

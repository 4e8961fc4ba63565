// A minimal ordered JSON object writer for the benchmark summary: numbers (non-finite ones
// as null; 6 significant digits), exact integers, strings, booleans and nested objects, in insertion order.
#ifndef XIUFU_BENCH_JSON_OBJECT_H_
#define XIUFU_BENCH_JSON_OBJECT_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/str_util.h"

namespace xiufu::bench {

class JsonObject {
 public:
  void Num(const std::string& k, double v) {
    fields_.emplace_back(k, std::isfinite(v) ? absl::StrFormat("%.6g", v) : "null");
  }
  void Int(const std::string& k, int64_t v) { fields_.emplace_back(k, absl::StrFormat("%d", v)); }
  void Str(const std::string& k, const std::string& v) { fields_.emplace_back(k, Quote(v)); }
  void Bool(const std::string& k, bool v) { fields_.emplace_back(k, v ? "true" : "false"); }
  void Obj(const std::string& k, const JsonObject& o) { fields_.emplace_back(k, o.Render(2)); }
  std::string Render(int indent = 0) const {
    const std::string pad(indent + 2, ' ');
    std::string out = "{\n";
    for (size_t i = 0; i < fields_.size(); ++i) {
      Append(&out, pad, Quote(fields_[i].first), ": ", fields_[i].second,
             i + 1 < fields_.size() ? ",\n" : "\n");
    }
    return out + std::string(indent, ' ') + "}";
  }

 private:
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out += absl::StrFormat("\\u%04x", c);
      } else {
        out += c;
      }
    }
    return out + "\"";
  }
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_JSON_OBJECT_H_

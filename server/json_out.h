// A small append-only JSON writer for the server's answers: objects, arrays, strings (escaped,
// UTF-8 passed through), numbers, booleans and null, with the commas placed for the caller.
// Answers are built straight into one std::string, so a response costs one allocation
// growth pattern and no DOM.
//
// Not thread-safe (one writer per answer).
#ifndef XIUFU_SERVER_JSON_OUT_H_
#define XIUFU_SERVER_JSON_OUT_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace xiufu::server {

// Appends `s` as a JSON string literal (quotes included). Control characters are escaped as
// \u00XX; bytes >= 0x80 are copied (the input is UTF-8: the builder keeps names verbatim and
// the request parser has already validated them).
inline void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
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

class JsonOut {
 public:
  explicit JsonOut(std::string* out) : out_(out) {}

  JsonOut& BeginObject() { Value(); out_->push_back('{'); first_.push_back(true); return *this; }
  JsonOut& EndObject() { out_->push_back('}'); first_.pop_back(); return *this; }
  JsonOut& BeginArray() { Value(); out_->push_back('['); first_.push_back(true); return *this; }
  JsonOut& EndArray() { out_->push_back(']'); first_.pop_back(); return *this; }

  JsonOut& Key(std::string_view k) {
    Comma();
    AppendJsonString(out_, k);
    out_->push_back(':');
    after_key_ = true;
    return *this;
  }
  JsonOut& String(std::string_view s) { Value(); AppendJsonString(out_, s); return *this; }
  // An empty string is written as null (absent optional values, as decisions.jsonl does).
  JsonOut& StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  JsonOut& Int(int64_t v) { Value(); out_->append(std::to_string(v)); return *this; }
  JsonOut& Uint(uint64_t v) { Value(); out_->append(std::to_string(v)); return *this; }
  JsonOut& Double(double v) {
    Value();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    out_->append(buf);
    return *this;
  }
  JsonOut& Bool(bool v) { Value(); out_->append(v ? "true" : "false"); return *this; }
  JsonOut& Null() { Value(); out_->append("null"); return *this; }
  // Pre-serialized JSON.
  JsonOut& Raw(std::string_view json) { Value(); out_->append(json); return *this; }

  // Key + value shorthands.
  JsonOut& Field(std::string_view k, std::string_view v) { return Key(k).String(v); }
  JsonOut& FieldOrNull(std::string_view k, std::string_view v) { return Key(k).StringOrNull(v); }

 private:
  void Comma() {
    if (!first_.empty()) {
      if (!first_.back()) out_->push_back(',');
      first_.back() = false;
    }
  }
  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Comma();
  }
  std::string* out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace xiufu::server

#endif  // XIUFU_SERVER_JSON_OUT_H_

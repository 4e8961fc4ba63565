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

#include "xiufu/runtime/json_string.h"

namespace xiufu::server {

using xiufu::AppendJsonString;  // the project's one JSON string writer

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

#include "json_input.h"

#include <array>
#include <utility>

#include <boost/json/stream_parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "str.h"


namespace xiufu::server {
namespace json = boost::json;

void WriteProblems(JsonOut& out, const std::vector<Problem>& problems) {
  out.BeginArray();
  for (const Problem& p : problems) {
    out.BeginObject()
        .Field("path", p.path)
        .Field("code", p.code)
        .FieldOrNull("field", p.field)
        .Field("value", p.value)
        .Field("message", p.message)
        .EndObject();
  }
  out.EndArray();
}

int EntityRequest::status() const {
  for (const Problem& p : problems) {
    if (p.shape) return 400;
  }
  return 422;
}

bool ParseJson(std::string_view text, json::value* out, std::vector<Problem>* problems) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 32;
  json::stream_parser parser({}, opt);
  size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (!ec) {
    *out = parser.release();
    return true;
  }
  // Line and column (1-based, in bytes) of the first byte the parser did not accept.
  size_t line = 1, col = 1;
  for (size_t i = 0; i < used && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  problems->push_back({"$", "bad-json", "", "",
                       Cat("malformed JSON at line ", line, " column ", col, ": ",
                                    ec.message()),
                       true});
  return false;
}

namespace {

enum Accept : unsigned { kStr = 1, kNum = 2, kBool = 4, kList = 8, kMap = 16 };

std::string_view KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

std::string Expected(unsigned accept) {
  std::vector<std::string_view> parts;
  if (accept & kStr) parts.push_back("a string");
  if (accept & kNum) parts.push_back("a number");
  if (accept & kBool) parts.push_back("true or false");
  if (accept & kList) parts.push_back("an array of platform codes");
  if (accept & kMap) parts.push_back("an object of platform: date");
  if (parts.size() == 1) return std::string(parts[0]);
  std::string out = Join(parts.begin(), parts.end() - 1, ", ");
  return Cat(out, " or ", parts.back());
}

// A value as a problem quotes it: at most 120 bytes, cut at a character boundary (the answer
// stays valid UTF-8, which JSON requires) and marked with "...".
std::string Shown(const json::value& v) {
  std::string s = v.is_string() ? std::string(v.get_string()) : json::serialize(v);
  if (s.size() > 120) {
    size_t n = 117;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // a continuation
    s.resize(n);
    s += "...";
  }
  return s;
}

Problem WrongType(std::string path, std::string_view field, const json::value& v,
                  std::string_view expected) {
  return {std::move(path), "wrong-type", std::string(field), Shown(v),
          Cat(field.empty() ? std::string_view("value") : field, " must be ", expected,
                       ", not ", KindName(v)),
          true};
}

// The text the builder parses for one JSON field value; false (and a problem) for a wrong type.
bool FieldText(const json::value& v, unsigned accept, const std::string& path,
               std::string_view field, std::string* text, std::vector<Problem>* problems) {
  text->clear();
  switch (v.kind()) {
    case json::kind::null:
      return true;  // absent, like an empty cell
    case json::kind::string:
      if (accept & kStr) {
        *text = std::string(v.get_string());
        return true;
      }
      break;
    case json::kind::int64:
      if (accept & kNum) {
        *text = std::to_string(v.get_int64());
        return true;
      }
      break;
    case json::kind::uint64:
      if (accept & kNum) {
        *text = std::to_string(v.get_uint64());
        return true;
      }
      break;
    case json::kind::double_:
      if (accept & kNum) {
        *text = json::serialize(v);  // the builder says why it is not a whole number
        return true;
      }
      break;
    case json::kind::bool_:
      if (accept & kBool) {
        *text = v.get_bool() ? "true" : "false";
        return true;
      }
      break;
    case json::kind::array:
      if (accept & kList) {
        bool ok = true;
        std::vector<std::string> codes;
        const json::array& a = v.get_array();
        for (size_t i = 0; i < a.size(); ++i) {
          if (!a[i].is_string()) {
            problems->push_back(WrongType(Cat(path, "[", i, "]"), field, a[i], "a string"));
            ok = false;
            continue;
          }
          codes.emplace_back(a[i].get_string());
        }
        *text = Join(codes, "|");
        return ok;
      }
      break;
    case json::kind::object:
      if (accept & kMap) {
        bool ok = true;
        std::vector<std::string> entries;
        for (const json::key_value_pair& kv : v.get_object()) {
          if (!kv.value().is_string()) {
            problems->push_back(WrongType(Cat(path, ".", std::string_view(kv.key())),
                                          field, kv.value(), "a date string"));
            ok = false;
            continue;
          }
          entries.push_back(Cat(std::string_view(kv.key()), ":",
                                         std::string_view(kv.value().get_string())));
        }
        *text = Join(entries, "|");
        return ok;
      }
      break;
  }
  problems->push_back(WrongType(path, field, v, Expected(accept)));
  return false;
}

constexpr std::array<unsigned, 6> kEntityAccept = {kStr, kStr, kStr, kStr, kStr | kNum,
                                                   kStr | kBool};
constexpr std::array<unsigned, 15> kRecordAccept = {
    kStr, kStr, kStr, kStr, kStr, kStr, kStr, kStr, kStr, kStr, kStr | kNum, kStr, kStr,
    kStr | kList, kStr | kMap};

template <size_t N>
int ColumnIndex(const std::array<std::string_view, N>& cols, std::string_view key) {
  for (size_t i = 0; i < N; ++i) {
    if (cols[i] == key) return static_cast<int>(i);
  }
  return -1;
}

// Reads an object's fields into texts (by column number); unknown keys and wrong types are
// problems. Returns false when the value is not an object.
// The pack's custom columns of one scope, by ordinal (their values: the texts of `custom`).
std::vector<std::string_view> CustomNames(const Dictionary& dict, FactScope scope) {
  std::vector<std::string_view> names;
  for (int k = 0; k < dict.NumColumns(scope); ++k) names.push_back(dict.Column(scope, k)->name);
  return names;
}

// A row's custom column texts as builder inputs (absent when empty); `texts` must outlive them.
std::vector<Input<int64_t>> CustomInputs(const std::vector<std::string>& texts) {
  std::vector<Input<int64_t>> in;
  for (const std::string& t : texts) in.emplace_back(std::string_view(t));
  return in;
}

template <size_t N>
bool ReadRow(const json::value& v, const std::array<std::string_view, N>& cols,
             const std::array<unsigned, N>& accept, const std::string& path,
             const std::vector<std::string_view>& custom_names,
             std::array<std::string, N>* texts, std::vector<std::string>* custom,
             std::array<bool, N>* given, std::vector<Problem>* problems) {
  given->fill(false);
  custom->assign(custom_names.size(), std::string());
  if (!v.is_object()) {
    problems->push_back(WrongType(path, "", v, "an object"));
    return false;
  }
  for (const json::key_value_pair& kv : v.get_object()) {
    const std::string_view key = kv.key();
    const std::string fpath = Cat(path, ".", key);
    const int k = ColumnIndex(cols, key);
    if (k < 0) {
      const auto c = std::find(custom_names.begin(), custom_names.end(), key);
      if (c != custom_names.end()) {
        FieldText(kv.value(), kStr | kNum | kBool, fpath, key,
                  &(*custom)[static_cast<size_t>(c - custom_names.begin())], problems);
        continue;
      }
      problems->push_back({fpath, "unknown-field", std::string(key), Shown(kv.value()),
                           Cat("unknown field '", key, "' (the fields are the ",
                                        N == 6 ? "entities.csv" : "records.csv", " columns: ",
                                        Join(cols, ", "),
                                        custom_names.empty() ? std::string()
                                            : Cat(", and the rule pack's ", Join(custom_names, ", ")),
                                        ")"),
                           true});
      continue;
    }
    (*given)[k] = true;
    FieldText(kv.value(), accept[k], fpath, key, &(*texts)[k], problems);
  }
  return true;
}

EntityInput MakeEntity(const std::array<std::string, 6>& t) {
  EntityInput in;
  in.uscc = t[0];
  in.name = t[1];
  in.status = CodeInput(std::string_view(t[2]));
  in.registration_date = Input<Date>(std::string_view(t[3]));
  in.last_report_year = Input<int64_t>(std::string_view(t[4]));
  in.unreachable = Input<bool>(std::string_view(t[5]));
  return in;
}

RecordInput MakeRecord(const std::array<std::string, 15>& t) {
  RecordInput in;
  in.record_id = t[0];
  in.uscc = t[1];
  in.department = CodeInput(std::string_view(t[2]));
  in.record_kind = CodeInput(std::string_view(t[3]));
  in.severity = CodeInput(std::string_view(t[4]));
  in.penalty = CodeInput(std::string_view(t[5]));
  in.procedure = CodeInput(std::string_view(t[6]));
  in.sector = CodeInput(std::string_view(t[7]));
  in.decision_date = Input<Date>(std::string_view(t[8]));
  in.publication_date = Input<Date>(std::string_view(t[9]));
  in.fine_yuan = Input<int64_t>(std::string_view(t[10]));
  in.fulfilled_date = Input<Date>(std::string_view(t[11]));
  in.corrected_date = Input<Date>(std::string_view(t[12]));
  in.shown_on = Input<uint32_t>(std::string_view(t[13]));
  in.repaired_on = Input<absl::Span<const Date>>(std::string_view(t[14]));
  return in;
}

constexpr std::string_view kProbeUscc = "91330105MA2H8K3Q7K";
constexpr std::string_view kEntitySource = "$.entity";
constexpr std::string_view kRecordSource = "$.records";

// A valid entity row (the probe's base).
std::array<std::string, 6> ValidEntity(const Dictionary& dict, std::string_view uscc) {
  return {std::string(uscc), "", std::string(dict.Code(InputDomain::kEntityStatus, 0)), "", "",
          "false"};
}

std::array<std::string, 15> ValidRecord(const Dictionary& dict, std::string_view uscc) {
  constexpr InputDomain kEnums[6] = {InputDomain::kDepartment, InputDomain::kRecordKind,
                                     InputDomain::kSeverity,   InputDomain::kPenalty,
                                     InputDomain::kProcedure,  InputDomain::kSector};
  std::array<std::string, 15> t;
  t[0] = "probe";
  t[1] = std::string(uscc);
  for (int k = 0; k < 6; ++k) t[2 + k] = std::string(dict.Code(kEnums[k], 0));
  return t;
}

BuildOptions Options() {
  BuildOptions o;
  o.max_diagnostics = 1000;
  o.entity_source = std::string(kEntitySource);
  return o;
}

// The builder's verdict on field k of an entity alone: a diagnostic or none.
bool ProbeEntityField(const Dictionary& dict, const std::array<std::string, 6>& t, int k,
                      Diagnostic* d) {
  std::array<std::string, 6> probe = ValidEntity(dict, kProbeUscc);
  probe[k] = t[k];
  PopulationBuilder b(dict, Options());
  if (b.AddEntity(MakeEntity(probe), InputRow{kEntitySource, 0})) return false;
  PopulationBuild built = std::move(b).Finish();
  if (built.diagnostics.empty()) return false;
  *d = std::move(built.diagnostics[0]);
  return true;
}

bool ProbeRecordField(const Dictionary& dict, const std::array<std::string, 15>& t, int k,
                      int line, Diagnostic* d) {
  // For the USCC, the record's own (its syntax is what a lone field can get wrong).
  const std::string_view uscc = k == 1 ? std::string_view(t[1]) : kProbeUscc;
  std::array<std::string, 15> probe = ValidRecord(dict, uscc);
  probe[k] = t[k];
  PopulationBuilder b(dict, Options());
  (void)b.AddEntity(MakeEntity(ValidEntity(dict, uscc)), InputRow{kEntitySource, 0});
  if (b.AddRecord(MakeRecord(probe), InputRow{kRecordSource, line})) return false;
  PopulationBuild built = std::move(b).Finish();
  for (Diagnostic& x : built.diagnostics) {
    if (x.loc.file == kRecordSource) {
      *d = std::move(x);
      return true;
    }
  }
  return false;
}

std::string RowPath(std::string_view source, int line) {
  return source == kEntitySource ? std::string(kEntitySource)
                                 : Cat(kRecordSource, "[", line, "]");
}

Problem FromDiagnostic(const Diagnostic& d) {
  return {Cat(RowPath(d.loc.file, d.loc.line), ".", d.field), d.code, d.field, d.value,
          d.message, false};
}

constexpr size_t kMaxProbedRows = 100;

}  // namespace

EntityRequest ReadEntityRequest(const json::value& v, const Dictionary& dict, Date today,
                                RequestKind kind) {
  EntityRequest req;
  req.as_of = today;
  std::vector<Problem>& problems = req.problems;
  if (!v.is_object()) {
    problems.push_back(WrongType("$", "", v, "an object"));
    return req;
  }
  const json::object& obj = v.as_object();
  const json::value* entity = nullptr;
  const json::value* records = nullptr;
  const json::value* record_id = nullptr;
  const json::value* platform = nullptr;
  for (const json::key_value_pair& kv : obj) {
    const std::string_view key = kv.key();
    const std::string path = Cat("$.", key);
    if (key == "entity") {
      entity = &kv.value();
    } else if (key == "records") {
      records = &kv.value();
    } else if (key == "as_of") {
      if (kv.value().is_null()) continue;
      if (!kv.value().is_string()) {
        problems.push_back(WrongType(path, "as_of", kv.value(), "a date string (YYYY-MM-DD)"));
        continue;
      }
      const std::string_view text = kv.value().get_string();
      absl::StatusOr<Date> d = ParseDate(text);
      if (!d.ok()) {
        problems.push_back({path, "bad-date", "as_of", std::string(text),
                            std::string(d.status().message()), false});
      } else {
        req.as_of = *d;
      }
    } else if (kind == RequestKind::kExplain && key == "record_id") {
      record_id = &kv.value();
    } else if (kind == RequestKind::kExplain && key == "platform") {
      platform = &kv.value();
    } else {
      problems.push_back({path, "unknown-field", std::string(key), Shown(kv.value()),
                          Cat("unknown field '", key, "' (a request has ",
                                       kind == RequestKind::kExplain
                                           ? "as_of, entity, records, record_id and platform"
                                           : "as_of, entity and records",
                                       ")"),
                          true});
    }
  }

  // The entity.
  std::array<std::string, 6> et;
  std::array<bool, 6> egiven;
  const std::vector<std::string_view> entity_names = CustomNames(dict, FactScope::kEntity);
  const std::vector<std::string_view> record_names = CustomNames(dict, FactScope::kRecord);
  std::vector<std::string> ecustom;
  std::vector<std::vector<std::string>> rcustom;
  bool have_entity = false;
  if (entity == nullptr || entity->is_null()) {
    problems.push_back({"$.entity", "missing-value", "entity", "",
                        "the request has no entity (an object with the entities.csv fields)", true});
  } else {
    have_entity = ReadRow(*entity, kEntityColumns, kEntityAccept, "$.entity", entity_names, &et,
                          &ecustom, &egiven, &problems);
  }
  // The records.
  std::vector<std::array<std::string, 15>> rt;
  std::vector<bool> rok;
  std::vector<bool> uscc_given;  // a record without uscc belongs to the entity
  if (records != nullptr && !records->is_null()) {
    if (!records->is_array()) {
      problems.push_back(WrongType("$.records", "records", *records, "an array of objects"));
    } else {
      const json::array& a = records->get_array();
      rt.resize(a.size());
      rcustom.resize(a.size());
      rok.assign(a.size(), false);
      uscc_given.assign(a.size(), false);
      for (size_t i = 0; i < a.size(); ++i) {
        std::array<bool, 15> given;
        rok[i] = ReadRow(a[i], kRecordColumns, kRecordAccept, Cat("$.records[", i, "]"),
                         record_names, &rt[i], &rcustom[i], &given, &problems);
        // A record's uscc defaults to the entity's.
        uscc_given[i] = given[1];
        if (rok[i] && !given[1] && have_entity) rt[i][1] = et[0];
      }
    }
  }

  // The builder: the same checks and words as the CSV reader.
  PopulationBuilder builder(dict, Options());
  builder.Reserve(1, rt.size());
  if (have_entity) {
    const std::vector<Input<int64_t>> custom = CustomInputs(ecustom);
    EntityInput in = MakeEntity(et);
    in.custom = custom;
    (void)builder.AddEntity(in, InputRow{kEntitySource, 0});
  }
  for (size_t i = 0; i < rt.size(); ++i) {
    if (!rok[i]) continue;
    const std::vector<Input<int64_t>> custom = CustomInputs(rcustom[i]);
    RecordInput in = MakeRecord(rt[i]);
    in.custom = custom;
    (void)builder.AddRecord(in, InputRow{kRecordSource, static_cast<int>(i)});
  }
  req.built = std::move(builder).Finish();
  size_t probed = 0;
  for (const Diagnostic& d : req.built.diagnostics) {
    // A record that names no USCC takes the entity's: when that is the problem, the entity's
    // own diagnostic already says so.
    const bool inherited = d.loc.file == kRecordSource && d.field == "uscc" && d.loc.line >= 0 &&
                           static_cast<size_t>(d.loc.line) < uscc_given.size() &&
                           !uscc_given[d.loc.line];
    if (!inherited) problems.push_back(FromDiagnostic(d));
    if (probed >= kMaxProbedRows) continue;
    ++probed;
    // Every other field of the rejected row, each alone in a valid row.
    Diagnostic extra;
    if (d.loc.file == kEntitySource) {
      for (int k = 0; k < 6; ++k) {
        if (kEntityColumns[k] == d.field) continue;
        if (ProbeEntityField(dict, et, k, &extra)) problems.push_back(FromDiagnostic(extra));
      }
    } else {
      const int line = d.loc.line;
      if (line < 0 || static_cast<size_t>(line) >= rt.size()) continue;
      for (int k = 0; k < 15; ++k) {
        if (kRecordColumns[k] == d.field) continue;
        // The USCC is judged against the request's entity by the build itself.
        if (k == 1 && (d.code == "unknown-uscc" || d.code == "entity-rejected" ||
                       !uscc_given[line])) {
          continue;
        }
        if (ProbeRecordField(dict, rt[line], k, line, &extra)) {
          problems.push_back(FromDiagnostic(extra));
        }
      }
    }
  }

  // The explain target.
  if (kind == RequestKind::kExplain) {
    if (record_id == nullptr || !record_id->is_string()) {
      problems.push_back(record_id == nullptr
                             ? Problem{"$.record_id", "missing-value", "record_id", "",
                                       "explain needs the record_id of one of the records", true}
                             : WrongType("$.record_id", "record_id", *record_id, "a string"));
    } else {
      req.record_id = std::string(record_id->get_string());
      const Population& pop = req.built.population;
      for (size_t r = 0; r < pop.num_records(); ++r) {
        if (pop.record_id[r] == req.record_id) req.record = static_cast<int>(r);
      }
      if (req.record < 0 && req.built.rejected() == 0) {
        problems.push_back({"$.record_id", "unknown-record", "record_id", req.record_id,
                            Cat("record_id '", req.record_id,
                                         "' is not one of the request's records"),
                            false});
      }
    }
    if (platform == nullptr || !platform->is_string()) {
      problems.push_back(platform == nullptr
                             ? Problem{"$.platform", "missing-value", "platform", "",
                                       "explain needs a platform code", true}
                             : WrongType("$.platform", "platform", *platform, "a string"));
    } else {
      const std::string_view code = platform->get_string();
      req.platform = dict.Find(InputDomain::kPlatform, code);
      if (req.platform < 0) {
        problems.push_back({"$.platform", "unknown-enum", "platform", std::string(code),
                            Cat("unknown platform code '", code, "'"), false});
      }
    }
  }
  return req;
}

}  // namespace xiufu::server

// ImportDecisions: JDM / DMN decision tables back to rule-pack CSV tables (interop.h), and the
// pack-file helpers that put them into a pack. Tested by tests/interop_test.cc.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "base/str_util.h"
#include "base/sv_util.h"
#include "base/csv_write.h"
#include "interop/json_reader.h"
#include "interop/model.h"
#include "interop/unary.h"
#include "interop/xml_reader.h"
#include "xiufu/interop.h"

namespace xiufu {

using interop_internal::ConsumePrefix;
using interop_internal::ConsumeSuffix;
using interop_internal::JsonValue;
using interop_internal::StartsWith;
using interop_internal::XmlElement;

namespace {

// A decision table as read from either format, before it is mapped to facts.
struct SourceCell {
  std::string text;
  std::string path;
  int line = 0;
};
struct SourceColumn {
  std::string field;
  std::string path;
  int line = 0;
};
struct SourceRule {
  std::string id;           // JDM _id / DMN rule id (fallback rule id)
  std::string description;  // the source (legal basis)
  std::string path;
  int line = 0;
  std::vector<SourceCell> in, out;  // one per column; text "" = any / not set
};
struct SourceTable {
  std::string name;
  std::string path;
  int line = 0;
  std::string hit_policy;  // lower case: first, collect, unique, priority, …
  std::vector<SourceColumn> inputs, outputs;
  std::vector<SourceRule> rules;
};

class Importer {
 public:
  Importer(const Pack& pack, std::string_view file, ImportResult* result)
      : pack_(pack), facts_(pack.Facts()), file_(file), result_(result) {}

  void Error(std::string code, std::string path, int line, std::string value, std::string msg) {
    Add(Severity::kError, std::move(code), std::move(path), line, std::move(value), std::move(msg));
  }
  void Warning(std::string code, std::string path, int line, std::string value, std::string msg) {
    Add(Severity::kWarning, std::move(code), std::move(path), line, std::move(value),
        std::move(msg));
  }
  void Note(std::string code, std::string path, int line, std::string value, std::string msg) {
    Add(Severity::kNote, std::move(code), std::move(path), line, std::move(value), std::move(msg));
  }

  // --- Reading the two formats ---

  void ReadJdm(std::string_view text) {
    absl::StatusOr<JsonValue> doc = interop_internal::ParseJson(text);
    if (!doc.ok()) {
      Error("syntax", "", 0, "", std::string(doc.status().message()));
      return;
    }
    const JsonValue* nodes = doc->Find("nodes");
    if (!doc->is_object() || nodes == nullptr || !nodes->is_array()) {
      Error("not-jdm", "nodes", 0, "", "a JDM document is an object with a \"nodes\" array");
      return;
    }
    for (size_t n = 0; n < nodes->items.size(); ++n) {
      const JsonValue& node = nodes->items[n];
      const std::string path = Cat("nodes[", n, "]");
      const JsonValue* type = node.Find("type");
      if (type == nullptr || !type->is_string()) {
        Error("not-jdm", path, 0, "", "a node without a \"type\"");
        continue;
      }
      if (type->text == "inputNode" || type->text == "outputNode") continue;
      if (type->text != "decisionTableNode") {
        Error("unsupported-node", Cat(path, ".type"), 0, type->text,
              Cat("a '", type->text,
                           "' node cannot be mapped: a rule pack holds decision tables only"));
        continue;
      }
      SourceTable t;
      t.path = path;
      if (const JsonValue* name = node.Find("name"); name != nullptr && name->is_string()) {
        t.name = name->text;
      }
      const JsonValue* content = node.Find("content");
      if (content == nullptr || !content->is_object()) {
        Error("not-jdm", Cat(path, ".content"), 0, "", "a decision table without content");
        continue;
      }
      if (const JsonValue* hp = content->Find("hitPolicy"); hp != nullptr && hp->is_string()) {
        t.hit_policy = absl::AsciiStrToLower(hp->text);
      }
      std::vector<std::string> in_ids, out_ids;
      auto columns = [&](std::string_view key, std::vector<SourceColumn>* cols,
                         std::vector<std::string>* ids) {
        const JsonValue* arr = content->Find(key);
        if (arr == nullptr || !arr->is_array()) return;
        for (size_t i = 0; i < arr->items.size(); ++i) {
          const JsonValue& c = arr->items[i];
          const std::string cpath = Cat(path, ".content.", key, "[", i, "]");
          const JsonValue* id = c.Find("id");
          const JsonValue* field = c.Find("field");
          ids->push_back(id != nullptr && id->is_string() ? id->text : "");
          cols->push_back(SourceColumn{
              field != nullptr && field->is_string() ? field->text : "",
              Cat(cpath, ".field"), 0});
        }
      };
      columns("inputs", &t.inputs, &in_ids);
      columns("outputs", &t.outputs, &out_ids);
      const JsonValue* rules = content->Find("rules");
      if (rules != nullptr && rules->is_array()) {
        for (size_t r = 0; r < rules->items.size(); ++r) {
          const JsonValue& rule = rules->items[r];
          SourceRule sr;
          sr.path = Cat(path, ".content.rules[", r, "]");
          if (const JsonValue* v = rule.Find("_id"); v != nullptr && v->is_string()) sr.id = v->text;
          if (const JsonValue* v = rule.Find("_description"); v != nullptr && v->is_string()) {
            sr.description = v->text;
          }
          auto cells = [&](const std::vector<std::string>& ids, std::vector<SourceCell>* out) {
            for (const std::string& id : ids) {
              const JsonValue* v = rule.Find(id);
              SourceCell cell;
              cell.path = Cat(sr.path, "[\"", id, "\"]");
              if (v != nullptr && v->is_string()) {
                cell.text = v->text;
              } else if (v != nullptr && v->kind != JsonValue::Kind::kNull) {
                Error("syntax", cell.path, 0, "", "a cell must be a string");
              }
              out->push_back(std::move(cell));
            }
          };
          cells(in_ids, &sr.in);
          cells(out_ids, &sr.out);
          t.rules.push_back(std::move(sr));
        }
      }
      Map(t);
    }
  }

  void ReadDmn(std::string_view text) {
    absl::StatusOr<XmlElement> doc = interop_internal::ParseXml(text);
    if (!doc.ok()) {
      Error("syntax", "", 0, "", std::string(doc.status().message()));
      return;
    }
    if (doc->local() != "definitions") {
      Error("not-dmn", doc->name, doc->line, "", "a DMN document's root is <definitions>");
      return;
    }
    for (const XmlElement& e : doc->children) {
      if (e.local() != "decision") continue;
      const std::string path = Cat("decision[@name='", e.Attr("name"), "']");
      const XmlElement* dt = e.Child("decisionTable");
      if (dt == nullptr) {
        const std::string what = e.children.empty() ? "" : std::string(e.children.back().local());
        Error("unsupported-decision", path, e.line, what,
              "a decision without a <decisionTable> (e.g. a literal expression) cannot be mapped");
        continue;
      }
      SourceTable t;
      t.name = std::string(e.Attr("name"));
      t.path = Cat(path, "/decisionTable");
      t.line = dt->line;
      t.hit_policy = absl::AsciiStrToLower(std::string(dt->Attr("hitPolicy")));
      if (t.hit_policy.empty()) t.hit_policy = "unique";  // the DMN default
      if (!dt->Attr("aggregation").empty()) {
        Error("unsupported-aggregation", t.path, dt->line, std::string(dt->Attr("aggregation")),
              "COLLECT with an aggregation cannot be mapped");
      }
      int i = 0;
      for (const XmlElement* in : dt->Children("input")) {
        ++i;
        const XmlElement* x = in->Child("inputExpression");
        const XmlElement* txt = x == nullptr ? nullptr : x->Child("text");
        t.inputs.push_back(SourceColumn{
            txt == nullptr ? "" : std::string(Trim(txt->text)),
            Cat(t.path, "/input[", i, "]/inputExpression/text"), in->line});
      }
      i = 0;
      for (const XmlElement* out : dt->Children("output")) {
        ++i;
        t.outputs.push_back(SourceColumn{std::string(out->Attr("name")),
                                         Cat(t.path, "/output[", i, "]/@name"),
                                         out->line});
      }
      i = 0;
      for (const XmlElement* rule : dt->Children("rule")) {
        ++i;
        SourceRule sr;
        sr.path = Cat(t.path, "/rule[", i, "]");
        sr.line = rule->line;
        sr.id = std::string(rule->Attr("id"));
        if (const XmlElement* d = rule->Child("description")) {
          sr.description = std::string(Trim(d->text));
        }
        auto cells = [&](std::string_view tag, std::vector<SourceCell>* out) {
          int k = 0;
          for (const XmlElement* entry : rule->Children(tag)) {
            ++k;
            const XmlElement* txt = entry->Child("text");
            SourceCell cell;
            cell.text = txt == nullptr ? "" : std::string(Trim(txt->text));
            cell.path = Cat(sr.path, "/", tag, "[", k, "]");
            cell.line = entry->line;
            out->push_back(std::move(cell));
          }
        };
        cells("inputEntry", &sr.in);
        cells("outputEntry", &sr.out);
        if (sr.in.size() != t.inputs.size() || sr.out.size() != t.outputs.size()) {
          Error("entry-count", sr.path, sr.line, "",
                Cat("the rule has ", sr.in.size(), " input and ", sr.out.size(),
                             " output entries; the table has ", t.inputs.size(), " and ",
                             t.outputs.size()));
          continue;
        }
        t.rules.push_back(std::move(sr));
      }
      Map(t);
    }
  }

 private:
  void Add(Severity s, std::string code, std::string path, int line, std::string value,
           std::string msg) {
    Diagnostic d;
    d.severity = s;
    d.code = std::move(code);
    d.loc = SourceLoc{file_, line, 0};
    d.field = std::move(path);
    d.value = std::move(value);
    d.message = std::move(msg);
    if (s == Severity::kError) ++result_->error_count;
    result_->diagnostics.push_back(std::move(d));
  }

  // The input a column reads: `x`, `date(x)` or `x == null ? null : date(x)` (what xiufu
  // exports for a date that may be missing).
  static std::string StripField(std::string_view field) {
    field = Trim(field);
    if (const size_t q = field.find(" == null ? null : date("); q != std::string_view::npos) {
      const std::string_view name = field.substr(0, q);
      if (field == Cat(name, " == null ? null : date(", name, ")")) return std::string(Trim(name));
    }
    if (ConsumePrefix(&field, "date(")) ConsumeSuffix(&field, ")");
    return std::string(Trim(field));
  }

  std::optional<Decision> DecisionOf(const SourceTable& t) {
    for (int i = 0; i < kNumDecisions; ++i) {
      const Decision d = static_cast<Decision>(i);
      if (t.name == DecisionName(d)) return d;
      for (const SourceColumn& c : t.outputs) {
        if (StartsWith(c.field, Cat(DecisionName(d), "."))) return d;
      }
    }
    bool status = false, materials = false, alerts = false;
    for (const SourceColumn& c : t.outputs) {
      status |= c.field == "status";
      materials |= c.field == "materials";
      alerts |= c.field == "alerts";
    }
    if (status) return Decision::kEligibility;
    if (materials) return Decision::kMaterials;
    if (alerts) {
      bool entity_only = true;
      for (const SourceColumn& c : t.inputs) {
        const std::string name = StripField(c.field);
        if (name == "as_of") continue;
        std::optional<int> slot = SlotOfInput(facts_, name);
        const FactScope s = slot ? facts_.Info(FactOfSlot(*slot)).scope : FactScope::kRecord;
        entity_only &= s == FactScope::kEntity || s == FactScope::kEntityDerived;
      }
      return entity_only ? Decision::kEntityAlerts : Decision::kRecordAlerts;
    }
    return std::nullopt;
  }

  // Maps one table to a rule-pack CSV.
  void Map(const SourceTable& t) {
    std::optional<Decision> dec = DecisionOf(t);
    if (!dec) {
      Error("unknown-decision", t.path, t.line, t.name,
            "cannot tell which decision the table is: name it eligibility, materials, "
            "record_alerts or entity_alerts, or give it a status, materials or alerts output");
      return;
    }
    const bool collect = *dec != Decision::kEligibility;
    const std::string want = collect ? "collect" : "first";
    if (t.hit_policy != want && !(t.hit_policy == "unique" && !collect)) {
      Error("hit-policy", Cat(t.path, collect ? "" : ""), t.line, t.hit_policy,
            Cat("the ", DecisionName(*dec), " decision is ", absl::AsciiStrToUpper(want),
                         "; a '", t.hit_policy, "' table cannot be mapped"));
    }
    // Inputs: as_of → effective dates; others → (fact, slot); one CSV column per fact.
    int as_of_col = -1;
    std::vector<int> slot_of(t.inputs.size(), -1);
    std::vector<Fact> facts;  // CSV input columns, first-use order
    for (size_t i = 0; i < t.inputs.size(); ++i) {
      const std::string name = StripField(t.inputs[i].field);
      if (name == "as_of") {
        as_of_col = static_cast<int>(i);
        continue;
      }
      std::optional<int> slot = SlotOfInput(facts_, name);
      if (!slot) {
        Error("unknown-input", t.inputs[i].path, t.inputs[i].line, t.inputs[i].field,
              Cat("'", t.inputs[i].field,
                           "' is not a fact of the pack (facts.md; elapsed facts take their "
                           "unit: since_decision_months, _days, _wd; or a custom column)"));
        continue;
      }
      slot_of[i] = *slot;
      const Fact f = FactOfSlot(*slot);
      if (std::find(facts.begin(), facts.end(), f) == facts.end()) facts.push_back(f);
    }
    const std::vector<std::string> allowed = interop_internal::OutputColumns(pack_, *dec);
    std::vector<std::string> out_name(t.outputs.size());
    std::vector<std::string> outputs;  // CSV output columns
    int rule_id_col = -1;
    for (size_t i = 0; i < t.outputs.size(); ++i) {
      std::string_view f = Trim(t.outputs[i].field);
      ConsumePrefix(&f, Cat(DecisionName(*dec), "."));
      if (f == "rule_id") {
        rule_id_col = static_cast<int>(i);
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) {
        Error("unknown-output", t.outputs[i].path, t.outputs[i].line, t.outputs[i].field,
              Cat("'", t.outputs[i].field, "' is not an output of the ",
                           DecisionName(*dec), " decision (", Join(allowed, ", "), ")"));
        continue;
      }
      out_name[i] = std::string(f);
      outputs.push_back(std::string(f));
    }

    ImportedTable out;
    out.decision = *dec;
    out.name = TableName(t.name.empty() ? std::string(DecisionName(*dec)) : t.name);
    std::string& csv = out.csv;
    csv += "rule_id";
    for (Fact f : facts) Append(&csv, ",", facts_.Info(f).name);
    csv += ",effective_from,effective_to";
    for (const std::string& o : outputs) Append(&csv, ",", o);
    csv += ",source\n";

    std::map<std::string, int> seen;  // rule id → times used
    std::string previous;
    for (const SourceRule& r : t.rules) {
      std::string id;
      std::string error;
      if (rule_id_col >= 0) {
        const SourceCell& c = r.out[rule_id_col];
        if (std::optional<std::string> v = interop_internal::OutputLiteral(c.text, &error)) {
          id = *v;
        } else {
          Error("bad-output", c.path, c.line, c.text, error);
        }
      }
      if (id.empty()) id = r.id.empty() ? Cat(out.name, "-", out.rows + 1) : r.id;
      // xiufu exports a row that uses $parameters once per period, with one rule id: the
      // copies get `~2`, `~3` … so that the table loads (rule ids are unique).
      const std::string base = id;
      if (int& n = seen[base]; n++ > 0) {
        id = Cat(base, "~", n);
        if (base == previous || StartsWith(previous, Cat(base, "~"))) {
          Note("split-rule", r.path, r.line, base,
               Cat("rule ", base, " again (a $parameter period): imported as ", id));
        } else {
          Warning("duplicate-rule-id", r.path, r.line, base,
                  Cat("rule id ", base, " is used again; imported as ", id));
        }
      }
      previous = id;
      // Input cells, grouped per fact.
      std::vector<std::string> cells(facts.size(), "-");
      std::vector<int> cell_slot(facts.size(), -1);
      for (size_t i = 0; i < t.inputs.size(); ++i) {
        const SourceCell& c = r.in[i];
        if (slot_of[i] < 0) continue;
        const std::string_view text = Trim(c.text);
        if (text.empty() || text == "-") continue;
        const Fact f = FactOfSlot(slot_of[i]);
        const size_t k = std::find(facts.begin(), facts.end(), f) - facts.begin();
        if (cell_slot[k] >= 0) {
          Error("mixed-units", c.path, c.line, c.text,
                Cat("the rule already tests ", facts_.Info(f).name, " in another unit (",
                             InputName(facts_, cell_slot[k]),
                             "): a rule-pack row tests a fact in one unit"));
          continue;
        }
        const FactInfo info = facts_.Info(f);
        error.clear();
        std::optional<std::string> cell = interop_internal::UnaryToCell(
            text, info, UnitOfSlot(slot_of[i]), pack_.Domain(info.domain), &error);
        if (!cell) {
          Error("unmapped-cell", c.path, c.line, c.text, error);
          continue;
        }
        cells[k] = *cell;
        cell_slot[k] = slot_of[i];
      }
      Date from{kNoDay}, to{kNoDay};
      if (as_of_col >= 0) {
        const SourceCell& c = r.in[as_of_col];
        error.clear();
        if (!interop_internal::UnaryToEffective(c.text, &from, &to, &error)) {
          Error("unmapped-cell", c.path, c.line, c.text, error);
        }
      }
      AppendCsvField(&csv, id);
      for (const std::string& c : cells) {
        csv += ',';
        AppendCsvField(&csv, c);
      }
      Append(&csv, ",", from.days == kNoDay ? "-" : FormatDate(from), ",",
                      to.days == kNoDay ? "-" : FormatDate(to));
      for (size_t i = 0; i < t.outputs.size(); ++i) {
        if (out_name[i].empty()) continue;
        const SourceCell& c = r.out[i];
        error.clear();
        std::optional<std::string> v = interop_internal::OutputLiteral(c.text, &error);
        if (!v) Error("bad-output", c.path, c.line, c.text, error);
        csv += ',';
        AppendCsvField(&csv, v && !v->empty() ? *v : "-");
      }
      std::string source = r.description;
      if (source.empty()) {
        source = Cat("imported from ", file_);
        Warning("missing-source", r.path, r.line, "",
                "the rule has no description (the legal basis): the source says where it came from");
      }
      csv += ',';
      AppendCsvField(&csv, source);
      csv += '\n';
      ++out.rows;
    }
    result_->tables.push_back(std::move(out));
  }

  // A table name for the manifest: [A-Za-z0-9_] and unique among the imported tables.
  std::string TableName(const std::string& name) {
    std::string n;
    for (char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      n.push_back(ok ? c : '_');
    }
    if (n.empty()) n = "table";
    std::string unique = n;
    for (int k = 2; std::any_of(result_->tables.begin(), result_->tables.end(),
                                [&](const ImportedTable& t) { return t.name == unique; });
         ++k) {
      unique = Cat(n, "_", k);
    }
    return unique;
  }

  const Pack& pack_;
  FactVocabulary facts_;
  std::string file_;
  ImportResult* result_;
};

}  // namespace

ImportResult ImportDecisions(const Pack& pack, std::string_view text, InteropFormat format,
                             std::string_view file_name) {
  ImportResult result;
  Importer im(pack, file_name, &result);
  if (format == InteropFormat::kJdm) {
    im.ReadJdm(text);
  } else {
    im.ReadDmn(text);
  }
  if (result.tables.empty() && result.error_count == 0) {
    im.Error("no-table", "", 0, "", "the document has no decision table");
  }
  return result;
}

absl::StatusOr<PackFiles> ReadPackFiles(std::string_view dir) {
  namespace fs = std::filesystem;
  const fs::path root{std::string(dir)};
  std::error_code ec;
  if (!fs::is_regular_file(root / "manifest.ini", ec)) {
    return absl::NotFoundError(Cat(dir, ": no manifest.ini"));
  }
  PackFiles files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string rel = fs::relative(it->path(), root).generic_string();
    if (rel.empty() || rel[0] == '.') continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof()) return absl::UnavailableError(Cat("cannot read ", rel));
    files[rel] = ss.str();
  }
  if (ec) return absl::UnavailableError(Cat(dir, ": ", ec.message()));
  return files;
}

PackFiles ReplaceTables(const PackFiles& files, absl::Span<const ImportedTable> tables) {
  PackFiles out = files;
  auto m = out.find("manifest.ini");
  if (m == out.end()) return out;
  std::string manifest;
  bool in_table = false;
  std::vector<std::string_view> lines;
  for (std::string_view rest = m->second; !rest.empty();) {
    const size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  for (std::string_view line : lines) {
    const std::string_view t = Trim(line);
    if (StartsWith(t, "[")) in_table = StartsWith(t, "[table ");
    if (in_table) {
      std::string_view v = t;
      if (ConsumePrefix(&v, "file")) {
        v = Trim(v);
        if (ConsumePrefix(&v, "=")) {
          const size_t comment = v.find_first_of(";#");
          out.erase(std::string(Trim(v.substr(0, comment))));
        }
      }
      continue;
    }
    manifest.append(line);
    manifest.push_back('\n');
  }
  while (manifest.size() >= 2 && manifest[manifest.size() - 1] == '\n' &&
         manifest[manifest.size() - 2] == '\n') {
    manifest.pop_back();
  }
  for (const ImportedTable& t : tables) {
    const std::string file = Cat("tables/", t.name, ".csv");
    Append(&manifest, "\n[table ", t.name, "]\nfile = ", file, "\ndecision = ",
                    DecisionName(t.decision), "\ndescription = imported\n");
    out[file] = t.csv;
  }
  out["manifest.ini"] = manifest;
  return out;
}

}  // namespace xiufu

// ExportPack: a pack's decisions as GoRules JDM or DMN 1.3 (interop.h, docs/interop.md).
// Tested by tests/interop_test.cc.
#include <algorithm>
#include <string>
#include <vector>

#include "base/str_util.h"
#include "base/sv_util.h"
#include "interop/model.h"
#include "interop/unary.h"
#include "xiufu/interop.h"
#include "xiufu/runtime/json_string.h"

namespace xiufu {

using interop_internal::CellFor;
using interop_internal::CellToUnary;
using interop_internal::DecisionModel;
using interop_internal::Dialect;
using interop_internal::EffectiveToUnary;
using interop_internal::ModelOf;
using interop_internal::OutputText;
using interop_internal::QuoteLiteral;

namespace {

constexpr std::string_view kUnitSuffix[] = {"_days", "_months", "_months", "_wd"};

// The facts an input slot reads and how a value is typed in the target.
std::string_view DmnType(FactType t) {
  switch (t) {
    case FactType::kEnum: return "string";
    case FactType::kBool: return "boolean";
    case FactType::kDate: return "date";
    case FactType::kNumber:
    case FactType::kElapsed: return "number";
  }
  return "string";
}

std::vector<Decision> Chosen(const Pack& pack, absl::Span<const Decision> decisions) {
  std::vector<Decision> out;
  for (int i = 0; i < kNumDecisions; ++i) {
    const Decision d = static_cast<Decision>(i);
    if (!decisions.empty() && std::find(decisions.begin(), decisions.end(), d) == decisions.end()) {
      continue;
    }
    bool has_rows = false;
    for (const Table& t : pack.tables) has_rows |= t.decision == d && !t.rows.empty();
    if (has_rows) out.push_back(d);
  }
  return out;
}

// What every export shares: the warnings about what is carried over an equivalent.
void CommonWarnings(const Pack& pack, const std::vector<DecisionModel>& models,
                    std::vector<std::string>* warnings) {
  const FactVocabulary facts = pack.Facts();
  std::vector<std::string> elapsed;
  bool date_outputs = false, wd = false;
  for (const DecisionModel& m : models) {
    for (int slot : m.slots) {
      if (facts.Info(FactOfSlot(slot)).type == FactType::kElapsed) {
        const std::string name = InputName(facts, slot);
        if (std::find(elapsed.begin(), elapsed.end(), name) == elapsed.end()) {
          elapsed.push_back(name);
        }
        wd |= UnitOfSlot(slot) == DurationUnit::kWorkingDays;
      }
    }
    for (const interop_internal::ExportRow& r : m.rows) {
      date_outputs |= !r.row->out.eligible_from.empty() || !r.row->out.expires_on.empty();
    }
    if (m.policy == HitPolicy::kPriority || m.policy == HitPolicy::kUnique) {
      warnings->push_back(Cat(
          DecisionName(m.decision), ": hit policy ", HitPolicyName(m.policy),
          " is exported as FIRST over the rows in the order xiufu evaluates them",
          m.policy == HitPolicy::kPriority ? " (sorted by the status priority)" : "",
          "; it decides the same"));
    }
  }
  if (!elapsed.empty()) {
    warnings->push_back(Cat(
        "elapsed periods are inputs in whole units, one per unit a cell uses (years are 12 "
        "months), computed by xiufu with Civil-Code period ends",
        wd ? " and the pack's working-day calendar" : "",
        " (xiufu export-facts writes them): ", Join(elapsed, ", ")));
  }
  if (date_outputs) {
    warnings->push_back(
        "eligible_from and expires_on are xiufu date expressions (Civil-Code period ends, "
        "`max(...)`): exported as their text, e.g. \"decision_date + 3m\", not evaluated by the "
        "target");
  }
  bool params = false;
  for (const Table& t : pack.tables) {
    for (const Row& r : t.rows) params |= r.parameters != 0;
  }
  if (params) {
    warnings->push_back(
        "rows that use $parameters are exported resolved, one row per period in which the "
        "parameters keep their values (consecutive rows with the same rule_id and narrowed "
        "effective dates)");
  }
}

void NeverWarning(const Row& row, std::string_view input, std::vector<std::string>* warnings) {
  warnings->push_back(Cat(row.rule_id, ": the cell on ", input,
                                   " accepts no value (exported as the empty interval [0..0))"));
}

// A date input reads its ISO text as a ZEN date; one that may be missing keeps null a null
// (ZEN's date(null) matches neither `null` nor any comparison). as_of is always there.
std::string InputField(const FactInfo& info, const std::string& name) {
  if (info.type != FactType::kDate) return name;
  if (info.fact == Fact::kAsOf) return Cat("date(", name, ")");
  return Cat(name, " == null ? null : date(", name, ")");
}

// --- JDM ------------------------------------------------------------------------------------

void Member(std::string* out, std::string_view key, std::string_view value, bool comma = true) {
  AppendJsonString(out, key);
  out->push_back(':');
  AppendJsonString(out, value);
  if (comma) out->push_back(',');
}

std::string ExportJdm(const Pack& pack, const std::vector<DecisionModel>& models,
                      std::vector<std::string>* warnings) {
  const FactVocabulary facts = pack.Facts();
  std::string o;
  o += "{\n  \"contentType\": \"application/vnd.gorules.decision\",\n";
  o += "  \"_xiufu\": {";
  Member(&o, "pack", pack.name);
  Member(&o, "version", pack.version);
  Member(&o, "exporter", "xiufu export --format jdm", false);
  o += "},\n  \"nodes\": [\n";
  o += "    {\"id\": \"input\", \"type\": \"inputNode\", \"name\": \"facts\", "
       "\"position\": {\"x\": 80, \"y\": 240}},\n";
  int y = 80;
  for (const DecisionModel& m : models) {
    const std::string dn(DecisionName(m.decision));
    o += "    {\"id\": ";
    AppendJsonString(&o, dn);
    o += ", \"type\": \"decisionTableNode\", \"name\": ";
    AppendJsonString(&o, dn);
    Append(&o, ", \"position\": {\"x\": 420, \"y\": ", y, "},\n");
    y += 160;
    Append(&o, "     \"content\": {\"hitPolicy\": \"",
                    m.policy == HitPolicy::kCollect ? "collect" : "first", "\",\n");
    o += "      \"inputs\": [\n";
    std::vector<std::string> ids;
    for (size_t i = 0; i <= m.slots.size(); ++i) {
      const bool as_of = i == m.slots.size();
      const std::string name = as_of ? "as_of" : InputName(facts, m.slots[i]);
      const FactInfo info = facts.Info(as_of ? Fact::kAsOf : FactOfSlot(m.slots[i]));
      ids.push_back(Cat("in_", name));
      o += "        {";
      Member(&o, "id", ids.back());
      Member(&o, "name", name);
      Member(&o, "type", "expression");
      Member(&o, "field", InputField(info, name), false);
      o += i == m.slots.size() ? "}\n" : "},\n";
    }
    o += "      ],\n      \"outputs\": [\n";
    for (size_t i = 0; i < m.outputs.size(); ++i) {
      o += "        {";
      Member(&o, "id", Cat("out_", m.outputs[i]));
      Member(&o, "name", m.outputs[i]);
      Member(&o, "type", "expression");
      Member(&o, "field", Cat(dn, ".", m.outputs[i]), false);
      o += i + 1 == m.outputs.size() ? "}\n" : "},\n";
    }
    o += "      ],\n      \"rules\": [\n";
    for (size_t r = 0; r < m.rows.size(); ++r) {
      const Row& row = *m.rows[r].row;
      o += "        {";
      Member(&o, "_id", Cat(dn, "-", r + 1));
      Member(&o, "_description", row.source);
      for (size_t i = 0; i < m.slots.size(); ++i) {
        const CellTest* c = CellFor(row, m.slots[i]);
        std::string text;
        if (c != nullptr) {
          const FactInfo info = facts.Info(FactOfSlot(m.slots[i]));
          bool never = false;
          text = CellToUnary(*c, info, pack.Domain(info.domain), Dialect::kZen, &never);
          if (never) NeverWarning(row, ids[i], warnings);
        }
        Member(&o, ids[i], text);
      }
      Member(&o, ids.back(), EffectiveToUnary(row.effective_from, row.effective_to, Dialect::kZen));
      for (size_t i = 0; i < m.outputs.size(); ++i) {
        const std::string v = m.outputs[i] == "rule_id" ? row.rule_id
                                                         : OutputText(pack, row, m.outputs[i]);
        Member(&o, Cat("out_", m.outputs[i]), v.empty() ? "" : QuoteLiteral(v),
               i + 1 < m.outputs.size());
      }
      o += r + 1 == m.rows.size() ? "}\n" : "},\n";
    }
    o += "      ]}},\n";
  }
  o += "    {\"id\": \"output\", \"type\": \"outputNode\", \"name\": \"decisions\", "
       "\"position\": {\"x\": 760, \"y\": 240}}\n  ],\n  \"edges\": [\n";
  for (size_t i = 0; i < models.size(); ++i) {
    const std::string dn(DecisionName(models[i].decision));
    Append(&o, "    {\"id\": \"e-in-", dn, "\", \"type\": \"edge\", \"sourceId\": "
                        "\"input\", \"targetId\": \"", dn, "\"},\n");
    Append(&o, "    {\"id\": \"e-", dn, "-out\", \"type\": \"edge\", \"sourceId\": \"", dn,
                    "\", \"targetId\": \"output\"}", i + 1 < models.size() ? ",\n" : "\n");
  }
  o += "  ]\n}\n";
  return o;
}

// --- DMN ------------------------------------------------------------------------------------

void Xml(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      default: out->push_back(c);
    }
  }
}

// An XML id (NCName) for a name: letters, digits, '_', '-', '.'; others become '_'.
std::string XmlId(std::string_view prefix, std::string_view name) {
  std::string id(prefix);
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    id.push_back(ok ? c : '_');
  }
  return id;
}

std::string ExportDmn(const Pack& pack, const std::vector<DecisionModel>& models,
                      std::vector<std::string>* warnings) {
  const FactVocabulary facts = pack.Facts();
  // Every input (slot) of every decision, once, as inputData.
  std::vector<int> all;
  for (const DecisionModel& m : models) {
    for (int s : m.slots) {
      if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
    }
  }
  auto name_of = [&](int slot) { return slot < 0 ? std::string("as_of") : InputName(facts, slot); };
  auto info_of = [&](int slot) { return facts.Info(slot < 0 ? Fact::kAsOf : FactOfSlot(slot)); };
  all.push_back(-1);  // as_of

  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" "
       "xmlns:dmndi=\"https://www.omg.org/spec/DMN/20191111/DMNDI/\" "
       "xmlns:dc=\"http://www.omg.org/spec/DMN/20180521/DC/\" ";
  o += "id=\"";
  o += XmlId("xiufu_", pack.name);
  o += "\" name=\"";
  Xml(&o, pack.zh.empty() ? pack.name : pack.zh);
  o += "\" namespace=\"urn:xiufu:pack:";
  Xml(&o, pack.name);
  o += "\" exporter=\"xiufu export --format dmn\" exporterVersion=\"";
  Xml(&o, pack.version);
  o += "\">\n";
  for (int s : all) {
    const std::string n = name_of(s);
    Append(&o, "  <inputData id=\"", XmlId("in_", n), "\" name=\"", n, "\">\n");
    Append(&o, "    <variable id=\"", XmlId("var_", n), "\" name=\"", n,
                    "\" typeRef=\"", DmnType(info_of(s).type), "\"/>\n  </inputData>\n");
  }
  for (const DecisionModel& m : models) {
    const std::string dn(DecisionName(m.decision));
    Append(&o, "  <decision id=\"d_", dn, "\" name=\"", dn, "\">\n");
    std::vector<int> slots = m.slots;
    slots.push_back(-1);
    for (int s : slots) {
      const std::string n = name_of(s);
      Append(&o, "    <informationRequirement id=\"", XmlId(Cat("ir_", dn, "_"), n),
                      "\"><requiredInput href=\"#", XmlId("in_", n), "\"/></informationRequirement>\n");
    }
    Append(&o, "    <decisionTable id=\"dt_", dn, "\" hitPolicy=\"",
                    m.policy == HitPolicy::kCollect ? "COLLECT" : "FIRST", "\">\n");
    for (int s : slots) {
      const std::string n = name_of(s);
      const std::string id = XmlId(Cat(dn, "_in_"), n);
      Append(&o, "      <input id=\"", id, "\" label=\"", n, "\"><inputExpression id=\"",
                      id, "_x\" typeRef=\"", DmnType(info_of(s).type), "\"><text>", n,
                      "</text></inputExpression></input>\n");
    }
    for (const std::string& out : m.outputs) {
      Append(&o, "      <output id=\"", dn, "_out_", out, "\" name=\"", out,
                      "\" typeRef=\"string\"/>\n");
    }
    for (size_t r = 0; r < m.rows.size(); ++r) {
      const Row& row = *m.rows[r].row;
      const std::string rid = Cat(dn, "_r", r + 1);
      Append(&o, "      <rule id=\"", rid, "\">\n        <description>");
      Xml(&o, row.source);
      o += "</description>\n";
      for (size_t i = 0; i < slots.size(); ++i) {
        std::string text;
        if (slots[i] < 0) {
          text = EffectiveToUnary(row.effective_from, row.effective_to, Dialect::kFeel);
        } else if (const CellTest* c = CellFor(row, slots[i]); c != nullptr) {
          const FactInfo info = info_of(slots[i]);
          bool never = false;
          text = CellToUnary(*c, info, pack.Domain(info.domain), Dialect::kFeel, &never);
          if (never) NeverWarning(row, name_of(slots[i]), warnings);
        } else {
          text = "-";
        }
        Append(&o, "        <inputEntry id=\"", rid, "_i", i + 1, "\"><text>");
        Xml(&o, text);
        o += "</text></inputEntry>\n";
      }
      for (size_t i = 0; i < m.outputs.size(); ++i) {
        const std::string v =
            m.outputs[i] == "rule_id" ? row.rule_id : OutputText(pack, row, m.outputs[i]);
        Append(&o, "        <outputEntry id=\"", rid, "_o", i + 1, "\"><text>");
        Xml(&o, v.empty() ? "null" : QuoteLiteral(v));
        o += "</text></outputEntry>\n";
      }
      o += "      </rule>\n";
    }
    o += "    </decisionTable>\n  </decision>\n";
  }
  // Diagram: input data in a column on the left, decisions on the right.
  o += "  <dmndi:DMNDI>\n    <dmndi:DMNDiagram id=\"diagram\">\n";
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string n = name_of(all[i]);
    Append(&o, "      <dmndi:DMNShape id=\"", XmlId("shape_in_", n),
                    "\" dmnElementRef=\"", XmlId("in_", n), "\"><dc:Bounds x=\"",
                    40 + 200 * (i % 3), "\" y=\"", 40 + 70 * (i / 3),
                    "\" width=\"180\" height=\"45\"/></dmndi:DMNShape>\n");
  }
  for (size_t i = 0; i < models.size(); ++i) {
    const std::string dn(DecisionName(models[i].decision));
    Append(&o, "      <dmndi:DMNShape id=\"shape_d_", dn, "\" dmnElementRef=\"d_", dn,
                    "\"><dc:Bounds x=\"760\" y=\"", 40 + 120 * i,
                    "\" width=\"180\" height=\"80\"/></dmndi:DMNShape>\n");
  }
  o += "    </dmndi:DMNDiagram>\n  </dmndi:DMNDI>\n</definitions>\n";
  return o;
}

}  // namespace

std::optional<InteropFormat> InteropFormatByName(std::string_view name) {
  if (name == "jdm") return InteropFormat::kJdm;
  if (name == "dmn") return InteropFormat::kDmn;
  return std::nullopt;
}

std::string InputName(const FactVocabulary& facts, int slot) {
  const Fact f = FactOfSlot(slot);
  const FactInfo info = facts.Info(f);
  std::string name(info.name);
  if (info.type == FactType::kElapsed) name += kUnitSuffix[static_cast<int>(UnitOfSlot(slot))];
  return name;
}

std::optional<int> SlotOfInput(const FactVocabulary& facts, std::string_view name) {
  if (std::optional<Fact> f = facts.ByName(name)) {
    if (facts.Info(*f).type != FactType::kElapsed) return SlotOf(*f);
    return std::nullopt;  // an elapsed fact needs its unit
  }
  static constexpr struct { std::string_view suffix; DurationUnit unit; } kUnits[] = {
      {"_days", DurationUnit::kDays}, {"_months", DurationUnit::kMonths},
      {"_wd", DurationUnit::kWorkingDays}};
  for (const auto& u : kUnits) {
    if (name.size() <= u.suffix.size() || !name.ends_with(u.suffix)) continue;
    std::optional<Fact> f = facts.ByName(name.substr(0, name.size() - u.suffix.size()));
    if (f && facts.Info(*f).type == FactType::kElapsed) return SlotOf(*f, u.unit);
  }
  return std::nullopt;
}

std::vector<int> DecisionInputSlots(const Pack& pack, Decision decision) {
  return ModelOf(pack, decision).slots;
}

ExportResult ExportPack(const Pack& pack, InteropFormat format,
                        absl::Span<const Decision> decisions) {
  std::vector<DecisionModel> models;
  for (Decision d : Chosen(pack, decisions)) models.push_back(ModelOf(pack, d));
  ExportResult result;
  CommonWarnings(pack, models, &result.warnings);
  result.text = format == InteropFormat::kJdm ? ExportJdm(pack, models, &result.warnings)
                                              : ExportDmn(pack, models, &result.warnings);
  return result;
}

}  // namespace xiufu

// EditCell mirrors the per-column rules of the table loader (pack_tables.cc).
#include "xiufu/pack_edit.h"

#include <algorithm>

#include "pack/cell_parser.h"
#include "pack/pack_load_context.h"
#include "pack/parameters.h"
#include "base/str_util.h"

namespace xiufu {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string DateText(Date d) { return d.days == kNoDay ? "-" : FormatDate(d); }
std::string ExprText(const DateExpr& x) { return x.text.empty() ? "-" : x.text; }

std::string CodeText(const EnumDomain* dom, int v) {
  if (v < 0 || dom == nullptr || v >= static_cast<int>(dom->values.size())) return "-";
  return dom->values[v].code;
}

std::string Materials(const Pack& pack, const Bits128& b) {
  std::string s;
  for (size_t i = 0; i < pack.materials.size(); ++i) {
    if (b.Test(static_cast<int>(i))) Append(&s, s.empty() ? "" : ", ", pack.materials[i].code);
  }
  return s.empty() ? "-" : s;
}

std::string Alerts(const Pack& pack, uint64_t bits) {
  std::string s;
  for (size_t i = 0; i < pack.alerts.size(); ++i) {
    if ((bits >> i) & 1) Append(&s, s.empty() ? "" : ", ", pack.alerts[i].code);
  }
  return s.empty() ? "-" : s;
}

std::vector<std::string> OutputsOf(Decision d) {
  switch (d) {
    case Decision::kEligibility:
      return {"status", "eligible_from", "expires_on", "channel", "authority", "reason_zh",
              "reason_en"};
    case Decision::kMaterials: return {"materials"};
    default: return {"alerts"};
  }
}

std::string OutputText(const Pack& pack, const RowOutputs& o, const std::string& name) {
  if (name == "status") return std::string(StatusCode(o.status));
  if (name == "eligible_from") return ExprText(o.eligible_from);
  if (name == "expires_on") return ExprText(o.expires_on);
  if (name == "channel") return CodeText(pack.Domain("platform"), o.channel);
  if (name == "authority") return CodeText(pack.Domain("department"), o.authority);
  if (name == "reason_zh") return o.reason_zh;
  if (name == "reason_en") return o.reason_en;
  if (name == "materials") return Materials(pack, o.materials);
  return Alerts(pack, o.alerts);
}

// Catalogue codes (materials / alerts) of a list cell; errors like the loader's.
template <typename Catalog, typename Check>
void ParseCodes(std::string_view text, const Catalog& items, const char* what, const char* file,
                std::vector<CellError>* errors, Check check) {
  for (std::string_view item : SplitCellList(text)) {
    const std::string_view code = Unquote(item);
    int found = -1;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].code == code) found = static_cast<int>(i);
    }
    if (found < 0) {
      errors->push_back({Cat("unknown-", what), Cat("'", code, "' is not ", what == std::string("alert") ? "an " : "a ", what, " in ", file)});
    } else {
      check(found, code);
    }
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> RowCells(const Pack& pack, const Table& table,
                                                          const Row& row) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t k = 0; k < table.inputs.size() && k < row.cells.size(); ++k) {
    out.emplace_back(table.inputs[k].header, row.cells[k].text.empty() ? "-" : row.cells[k].text);
  }
  out.emplace_back("effective_from", DateText(row.authored_from));
  out.emplace_back("effective_to", DateText(row.authored_to));
  for (const std::string& name : OutputsOf(table.decision)) {
    out.emplace_back(name, OutputText(pack, row.out, name));
  }
  out.emplace_back("source", row.source);
  return out;
}

EditResult EditCell(const Pack& pack, std::string_view rule_id, std::string_view column,
                    std::string_view raw_text) {
  EditResult res;
  res.pack = pack;
  Table* table = nullptr;
  Row* row = nullptr;
  size_t row_index = 0;
  for (Table& t : res.pack.tables) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      if (t.rows[i].rule_id == rule_id && row == nullptr) {
        table = &t;
        row = &t.rows[i];
        row_index = i;
      }
    }
  }
  if (row != nullptr) {
    // A row split per parameter period is edited as the one row it was written as.
    const auto [b, e] = pack_internal::SiblingRange(*table, row_index);
    Row tmpl = pack_internal::TemplateOf(*table, b);
    table->rows.erase(table->rows.begin() + static_cast<std::ptrdiff_t>(b),
                      table->rows.begin() + static_cast<std::ptrdiff_t>(e));
    row = &*table->rows.insert(table->rows.begin() + static_cast<std::ptrdiff_t>(b), std::move(tmpl));
    row_index = b;
  }
  const std::string col(column);
  const std::string_view text = Trim(raw_text);
  if (row == nullptr) {
    res.errors.push_back(Diagnostic{Severity::kError, "unknown-rule", SourceLoc{}, "rule_id",
                                    std::string(rule_id),
                                    Cat("no row has rule_id '", rule_id, "'")});
    res.pack = pack;
    return res;
  }
  // The column's place in the table file, for diagnostics.
  DiagnosticSink scratch_sink(100);
  Pack scratch_pack;
  pack_internal::LoadContext ctx(pack.dir, &scratch_pack, &scratch_sink);
  int csv_column = 0;
  if (std::optional<std::string> bytes = ctx.ReadFile(table->file, SourceLoc{})) {
    csv_column = ctx.ParseDoc(table->file, *bytes).Col(col) + 1;
  }
  const SourceLoc loc{table->file, row->loc.line, csv_column};
  std::vector<CellError> errors;
  DiagnosticSink sink(100);  // template and row checks
  pack_internal::LoadContext check(pack.dir, &res.pack, &sink);

  bool done = false;
  for (size_t k = 0; k < table->inputs.size() && k < row->cells.size(); ++k) {
    if (table->inputs[k].header != col) continue;
    const Fact f = table->inputs[k].fact;
    res.old_text = row->cells[k].text;
    CellTest t;
    if (pack_internal::HasParameterRef(raw_text)) {
      t.text = std::string(raw_text);  // parsed per period below
    } else {
      const FactInfo info = res.pack.Facts().Info(f);
      t = ParseInputCell(raw_text, info, res.pack.Domain(info.domain), &errors);
    }
    t.loc = row->cells[k].loc;
    row->cells[k] = std::move(t);
    done = true;
  }
  const std::vector<std::string> outputs = OutputsOf(table->decision);
  const bool is_output = std::find(outputs.begin(), outputs.end(), col) != outputs.end();
  RowOutputs& o = row->out;
  if (done) {
  } else if (col == "effective_from" || col == "effective_to") {
    Date& d = col == "effective_from" ? row->effective_from : row->effective_to;
    res.old_text = DateText(d);
    d = pack_internal::ParseOptionalDate(check, loc, col, text);
    (col == "effective_from" ? row->authored_from : row->authored_to) = d;
  } else if (col == "source") {
    res.old_text = row->source;
    row->source = std::string(text);
    if (text.empty()) {
      errors.push_back({"missing-source", "every rule needs its legal basis in 'source'"});
    }
  } else if (is_output) {
    res.old_text = OutputText(pack, o, col);
    if (col == "status") {
      if (text.empty()) {
        errors.push_back({"missing-status", "every eligibility row needs a status"});
      } else if (std::optional<RepairStatus> s = ParseStatus(text, &errors)) {
        if (*s == RepairStatus::kEligibleNow || *s == RepairStatus::kEligibleLater) {
          errors.push_back({"bad-status", Cat("write 'eligible'; the engine decides '", text,
                                              "' from the eligible_from date")});
        }
        o.status = *s;
      }
    } else if (col == "eligible_from" || col == "expires_on") {
      DateExpr& x = col == "eligible_from" ? o.eligible_from : o.expires_on;
      const SourceLoc old_loc = x.loc;
      if (pack_internal::HasParameterRef(text)) {
        x = DateExpr{};
        x.text = std::string(text);  // parsed per period below
      } else {
        x = ParseDateExpr(text, RecordBases(), &errors, res.pack.columns);
      }
      x.loc = old_loc;
    } else if (col == "channel") {
      o.channel = ParseOptionalCode(text, res.pack.Domain("platform"), &errors);
    } else if (col == "authority") {
      o.authority = ParseOptionalCode(text, res.pack.Domain("department"), &errors);
    } else if (col == "reason_zh" || col == "reason_en") {
      (col == "reason_zh" ? o.reason_zh : o.reason_en) = std::string(text);
      check.CheckTemplate(loc, col, text);
    } else if (col == "materials") {
      o.materials = Bits128{};
      ParseCodes(text, res.pack.materials, "material", "materials.csv", &errors,
                 [&](int m, std::string_view code) {
                   if (res.pack.materials[m].canonical) {
                     errors.push_back({"canonical-material",
                                       Cat("'", code, "' is a canonical material; rows ask for raw "
                                                      "materials, material_map.csv maps them")});
                   } else {
                     o.materials.Set(m);
                   }
                 });
    } else {  // alerts
      o.alerts = 0;
      const bool entity_table = table->decision == Decision::kEntityAlerts;
      ParseCodes(text, res.pack.alerts, "alert", "alerts.csv", &errors,
                 [&](int a, std::string_view code) {
                   if (res.pack.alerts[a].entity_scope != entity_table) {
                     errors.push_back({"alert-scope", Cat("'", code, "' is a ",
                                                          res.pack.alerts[a].entity_scope ? "entity" : "record",
                                                          "-scope alert; this table is ",
                                                          DecisionName(table->decision))});
                   } else {
                     o.alerts |= uint64_t{1} << a;
                   }
                 });
    }
  } else {
    std::string known;
    for (const auto& [h, v] : RowCells(pack, *table, *row)) Append(&known, known.empty() ? "" : ", ", h);
    errors.push_back({"unknown-column",
                      Cat("table '", table->name, "' has no editable column '", col,
                          "' (editable: ", known, ")")});
  }
  if (table->decision == Decision::kEligibility && o.status == RepairStatus::kDropsOff &&
      o.expires_on.empty()) {
    errors.push_back({"missing-expiry", "a drops_off row must say when publication stops (expires_on)"});
  }
  if (row->effective_from.days != kNoDay && row->effective_to.days != kNoDay &&
      row->effective_from > row->effective_to) {
    errors.push_back({"bad-effective-range",
                      Cat("effective_to ", FormatDate(row->effective_to),
                          " is before effective_from ", FormatDate(row->effective_from))});
  }
  for (const CellError& e : errors) {
    res.errors.push_back(Diagnostic{Severity::kError, e.code, loc, col, std::string(raw_text), e.message});
  }
  if (res.errors.empty() && sink.diagnostics().empty()) {
    // The row again as one row per parameter period (or as itself).
    std::vector<Row> rows = pack_internal::ResolveRow(res.pack, *table, std::move(*row), &sink);
    table->rows.erase(table->rows.begin() + static_cast<std::ptrdiff_t>(row_index));
    table->rows.insert(table->rows.begin() + static_cast<std::ptrdiff_t>(row_index),
                       std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
  for (const Diagnostic& d : sink.diagnostics()) res.errors.push_back(d);
  if (!res.errors.empty()) {
    res.pack = pack;
    return res;
  }
  uint64_t h = res.pack.hash;
  for (std::string_view part : {rule_id, std::string_view("\0", 1), column,
                                std::string_view("\0", 1), text}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  res.pack.hash = h;
  return res;
}

EditResult EditParameter(const Pack& pack, std::string_view name, std::string_view text) {
  EditResult res;
  res.pack = pack;
  auto fail = [&](std::string code, std::string message, SourceLoc loc) {
    res.errors.push_back(Diagnostic{Severity::kError, std::move(code), std::move(loc), "value",
                                    std::string(text), std::move(message)});
    res.pack = pack;
    return res;
  };
  int index = -1;
  for (size_t i = 0; i < res.pack.parameters.size(); ++i) {
    if (res.pack.parameters[i].name == name) index = static_cast<int>(i);
  }
  if (index < 0) {
    std::string known;
    for (const Parameter& p : pack.parameters) Append(&known, known.empty() ? "" : ", ", p.name);
    return fail("unknown-parameter",
                Cat("the pack has no parameter '", name, "' (", known.empty() ? "none" : known, ")"),
                SourceLoc{"manifest.ini", 0, 0});
  }
  Parameter& p = res.pack.parameters[static_cast<size_t>(index)];
  for (const Parameter::Value& v : p.values) Append(&res.old_text, res.old_text.empty() ? "" : ", ",
                                                    v.from.days == kNoDay ? "" : Cat("from ", FormatDate(v.from), ": "), v.text);
  std::string error;
  std::optional<std::string> value = pack_internal::CheckParameterValue(res.pack, p, text, &error);
  if (!value) {
    return fail("bad-parameter-value", Cat("parameter '", name, "' is a ", ParamTypeName(p.type), ": ", error), p.loc);
  }
  const SourceLoc loc = p.values.front().loc;
  p.values = {Parameter::Value{Date{kNoDay}, *value, loc}};
  if (index < 32) {
    DiagnosticSink sink(100);
    pack_internal::ReresolveRows(&res.pack, uint32_t{1} << index, &sink);
    if (!sink.diagnostics().empty()) {
      res.errors = sink.diagnostics();
      res.pack = pack;
      return res;
    }
  }
  uint64_t h = res.pack.hash;
  for (std::string_view part : {std::string_view("$", 1), name, std::string_view("\0", 1),
                                std::string_view(*value)}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  res.pack.hash = h;
  return res;
}

}  // namespace xiufu

#include "pack/parameters.h"

#include <algorithm>
#include <set>
#include <utility>

#include "base/sv_util.h"
#include "pack/cell_parser.h"

namespace xiufu {

std::string_view ParamTypeName(ParamType t) {
  constexpr std::string_view k[] = {"number", "duration", "date", "bool", "enum"};
  return k[static_cast<int>(t)];
}

const Parameter::Value& Parameter::At(Date d) const {
  const Value* v = &values.front();
  if (d.days == kNoDay) return *v;
  for (const Value& x : values) {
    if (x.from.days == kNoDay || x.from <= d) v = &x;
  }
  return *v;
}

const Parameter* Pack::FindParameter(std::string_view name) const {
  for (const Parameter& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

namespace pack_internal {
namespace {

bool NameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Calls fn(name) for every `$name` and returns the text with each replaced by subst(name).
template <typename Fn>
std::string Substitute(std::string_view text, Fn subst) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '$') {
      size_t j = i + 1;
      while (j < text.size() && NameChar(text[j])) ++j;
      if (j > i + 1) {
        out += subst(text.substr(i + 1, j - i - 1));
        i = j;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

int ParameterIndex(const Pack& pack, std::string_view name) {
  for (size_t i = 0; i < pack.parameters.size(); ++i) {
    if (pack.parameters[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string DateOrOpen(Date d) { return d.days == kNoDay ? "-" : FormatDate(d); }

}  // namespace

bool HasParameterRef(std::string_view text) { return !ParameterRefs(text).empty(); }

std::vector<std::string_view> ParameterRefs(std::string_view text) {
  std::vector<std::string_view> names;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') continue;
    size_t j = i + 1;
    while (j < text.size() && NameChar(text[j])) ++j;
    if (j > i + 1) names.push_back(text.substr(i + 1, j - i - 1));
    i = j - 1;
  }
  return names;
}

std::optional<std::string> CheckParameterValue(const Pack& pack, const Parameter& p,
                                               std::string_view raw, std::string* error) {
  const std::string_view text = Trim(raw);
  switch (p.type) {
    case ParamType::kNumber: {
      int64_t v = 0;
      if (!ParseInt64(text, &v)) {
        *error = Cat("'", text, "' is not a whole number");
        return std::nullopt;
      }
      break;
    }
    case ParamType::kDuration:
      if (absl::StatusOr<Duration> d = ParseDuration(text); !d.ok()) {
        *error = Cat("'", text, "' is not a duration (3m, 1y, 180d, 10wd)");
        return std::nullopt;
      }
      break;
    case ParamType::kDate:
      if (absl::StatusOr<Date> d = ParseDate(text); !d.ok()) {
        *error = Cat("'", text, "' is not a date (YYYY-MM-DD)");
        return std::nullopt;
      }
      break;
    case ParamType::kBool:
      if (text != "true" && text != "false") {
        *error = Cat("'", text, "' is not a boolean (true/false)");
        return std::nullopt;
      }
      break;
    case ParamType::kEnum: {
      const EnumDomain* d = pack.Domain(p.domain);
      if (d == nullptr || d->IndexOf(text) < 0) {
        *error = Cat("'", text, "' is not a code of domain '", p.domain, "'");
        return std::nullopt;
      }
      break;
    }
  }
  return std::string(text);
}

std::vector<Row> ResolveRow(const Pack& pack, const Table& table, Row tmpl,
                            DiagnosticSink* sink) {
  tmpl.effective_from = tmpl.authored_from;
  tmpl.effective_to = tmpl.authored_to;
  tmpl.parameters = 0;
  // Which parameters the row names; unknown names are reported once.
  std::set<std::pair<int, int>> reported;  // (line, column) of cells already reported
  auto report = [&](const SourceLoc& loc, std::string_view field, std::string_view value,
                    std::string code, std::string message) {
    if (!reported.emplace(loc.line, loc.column).second) return;
    sink->Error(std::move(code), loc, std::string(field), std::string(value), std::move(message));
  };
  bool any = false;
  auto scan = [&](std::string_view text, const SourceLoc& loc, std::string_view field) {
    for (std::string_view name : ParameterRefs(text)) {
      any = true;
      const int i = ParameterIndex(pack, name);
      if (i < 0) {
        std::string known;
        for (const Parameter& p : pack.parameters) Append(&known, known.empty() ? "" : ", ", "$", p.name);
        report(loc, field, text, "unknown-parameter",
               Cat("'$", name, "' is not a parameter of the pack (",
                   known.empty() ? std::string("it declares none") : Cat("declared: ", known),
                   ")"));
      } else if (i < 32) {
        tmpl.parameters |= uint32_t{1} << i;
      }
    }
  };
  for (size_t k = 0; k < tmpl.cells.size() && k < table.inputs.size(); ++k) {
    scan(tmpl.cells[k].text, tmpl.cells[k].loc, table.inputs[k].header);
  }
  scan(tmpl.out.eligible_from.text, tmpl.out.eligible_from.loc, "eligible_from");
  scan(tmpl.out.expires_on.text, tmpl.out.expires_on.loc, "expires_on");
  if (!any) return {std::move(tmpl)};

  // Period starts: the row's own start and every value change of its parameters inside it.
  std::vector<int32_t> starts;
  for (size_t i = 0; i < pack.parameters.size() && i < 32; ++i) {
    if (!((tmpl.parameters >> i) & 1)) continue;
    for (const Parameter::Value& v : pack.parameters[i].values) {
      if (v.from.days == kNoDay) continue;
      if (tmpl.authored_from.days != kNoDay && v.from <= tmpl.authored_from) continue;
      if (tmpl.authored_to.days != kNoDay && v.from > tmpl.authored_to) continue;
      starts.push_back(v.from.days);
    }
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  starts.insert(starts.begin(), tmpl.authored_from.days);

  const FactVocabulary facts = pack.Facts();
  std::vector<Row> rows;
  for (size_t s = 0; s < starts.size(); ++s) {
    const Date from{starts[s]};
    const Date to = s + 1 < starts.size() ? Date{starts[s + 1] - 1} : tmpl.authored_to;
    auto subst = [&](std::string_view name) -> std::string {
      const Parameter* p = pack.FindParameter(name);
      return p == nullptr ? Cat("$", name) : p->At(from).text;
    };
    auto where = [&]() {
      return starts.size() == 1 ? std::string()
                                : Cat(" (in force ", DateOrOpen(from), " to ", DateOrOpen(to), ")");
    };
    Row row = tmpl;
    row.effective_from = from;
    row.effective_to = to;
    for (size_t k = 0; k < row.cells.size() && k < table.inputs.size(); ++k) {
      CellTest& c = row.cells[k];
      if (!HasParameterRef(c.text)) continue;
      const std::string resolved = Substitute(c.text, subst);
      const FactInfo info = facts.Info(table.inputs[k].fact);
      std::vector<CellError> errors;
      CellTest t = ParseInputCell(resolved, info, pack.Domain(info.domain), &errors);
      for (const CellError& e : errors) {
        report(c.loc, table.inputs[k].header, c.text, e.code,
               Cat(e.message, " — in '", c.text, "' read as '", resolved, "'", where()));
      }
      t.text = c.text;
      t.resolved = resolved;
      t.loc = c.loc;
      c = std::move(t);
    }
    for (DateExpr* x : {&row.out.eligible_from, &row.out.expires_on}) {
      if (!HasParameterRef(x->text)) continue;
      const std::string resolved = Substitute(x->text, subst);
      std::vector<CellError> errors;
      DateExpr parsed = ParseDateExpr(resolved, RecordBases(), &errors, pack.columns);
      const std::string_view field = x == &row.out.eligible_from ? "eligible_from" : "expires_on";
      for (const CellError& e : errors) {
        report(x->loc, field, x->text, e.code,
               Cat(e.message, " — in '", x->text, "' read as '", resolved, "'", where()));
      }
      parsed.text = x->text;
      parsed.loc = x->loc;
      *x = std::move(parsed);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::pair<size_t, size_t> SiblingRange(const Table& table, size_t i) {
  size_t b = i, e = i + 1;
  while (b > 0 && table.rows[b - 1].rule_id == table.rows[i].rule_id) --b;
  while (e < table.rows.size() && table.rows[e].rule_id == table.rows[i].rule_id) ++e;
  return {b, e};
}

Row TemplateOf(const Table& table, size_t first) {
  Row t = table.rows[first];
  t.effective_from = t.authored_from;
  t.effective_to = t.authored_to;
  return t;
}

void ReresolveRows(Pack* pack, uint32_t mask, DiagnosticSink* sink) {
  for (Table& table : pack->tables) {
    std::vector<Row> rows;
    for (size_t i = 0; i < table.rows.size();) {
      const size_t b = i;
      size_t e = i + 1;
      while (e < table.rows.size() && table.rows[e].rule_id == table.rows[b].rule_id) ++e;
      if (table.rows[b].parameters & mask) {
        for (Row& r : ResolveRow(*pack, table, TemplateOf(table, b), sink)) rows.push_back(std::move(r));
      } else {
        for (size_t k = b; k < e; ++k) rows.push_back(std::move(table.rows[k]));
      }
      i = e;
    }
    table.rows = std::move(rows);
  }
}

}  // namespace pack_internal
}  // namespace xiufu

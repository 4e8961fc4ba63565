// The manifest's declarations: [parameter NAME] (named, typed, effective-dated values that
// cells use as $NAME) and [column NAME] (custom input columns). Format: docs/rule-pack.md.
#include <algorithm>

#include "base/sv_util.h"
#include "pack/pack_load_context.h"
#include "pack/parameters.h"
#include "xiufu/runtime/population_builder.h"

namespace xiufu::pack_internal {
namespace {

constexpr std::string_view kManifest = "manifest.ini";

SourceLoc At(const IniEntry& e) { return SourceLoc{std::string(kManifest), e.line, e.value_column}; }
SourceLoc AtKey(const IniEntry& e) { return SourceLoc{std::string(kManifest), e.line, e.key_column}; }
SourceLoc AtSection(const IniSection& s) { return SourceLoc{std::string(kManifest), s.line, 1}; }

bool ValidName(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Names a custom column may not take: built-in facts, input columns and table columns.
bool Reserved(std::string_view name) {
  if (FactByName(name) || name == "as_of") return true;
  for (std::string_view c : kEntityColumns) if (c == name) return true;
  for (std::string_view c : kRecordColumns) if (c == name) return true;
  for (std::string_view c : {"rule_id", "effective_from", "effective_to", "source", "note",
                             "eligible_from", "expires_on", "channel", "authority", "reason_zh",
                             "reason_en", "actions", "materials", "alerts", "platform",
                             "entity_kind"}) {
    if (c == name) return true;
  }
  return name.starts_with("since_");
}

void UnknownKey(LoadContext& ctx, const IniSection& s, const IniEntry& e,
                std::string_view expected) {
  ctx.Error("unknown-key", AtKey(e), e.key, e.value,
            Cat("unknown key '", e.key, "' in [", s.name, "] (expected ", expected, ")"));
}

}  // namespace

void ParameterSection(LoadContext& ctx, const IniSection& s, std::string_view name) {
  Pack& pack = ctx.pack();
  if (!ValidName(name)) {
    ctx.Error("bad-name", AtSection(s), "", name,
              Cat("'", name, "' is not a parameter name (lowercase ASCII letters, digits, _)"));
    return;
  }
  if (pack.parameters.size() >= kMaxParameters) {
    ctx.Error("too-many-parameters", AtSection(s), "", name,
              Cat("a pack declares at most ", kMaxParameters, " parameters"));
    return;
  }
  if (pack.FindParameter(name) != nullptr) {
    ctx.Error("duplicate-parameter", AtSection(s), "", name,
              Cat("parameter '", name, "' is declared twice"));
    return;
  }
  Parameter p;
  p.name = std::string(name);
  p.loc = AtSection(s);
  bool typed = false;
  for (const IniEntry& e : s.entries) {
    if (e.key == "type") {
      const std::string_view t = Trim(e.value);
      typed = true;
      if (t == "number") p.type = ParamType::kNumber;
      else if (t == "duration") p.type = ParamType::kDuration;
      else if (t == "date") p.type = ParamType::kDate;
      else if (t == "bool") p.type = ParamType::kBool;
      else if (t == "enum") p.type = ParamType::kEnum;
      else {
        typed = false;
        ctx.Error("bad-type", At(e), e.key, e.value,
                  Cat("'", e.value, "' is not a parameter type (number, duration, date, bool, enum)"));
      }
    } else if (e.key == "domain") {
      p.domain = std::string(Trim(e.value));
    } else if (e.key == "value") {
      p.values.insert(p.values.begin(), Parameter::Value{Date{kNoDay}, e.value, At(e)});
    } else if (e.key.starts_with("value@")) {
      absl::StatusOr<Date> from = ParseDate(std::string_view(e.key).substr(6));
      if (!from.ok()) {
        ctx.Error("bad-date", AtKey(e), e.key, e.key,
                  Cat("'", e.key, "': value@YYYY-MM-DD gives the value in force from that day"));
        continue;
      }
      p.values.push_back(Parameter::Value{*from, e.value, At(e)});
    } else if (e.key == "zh") p.zh = e.value;
    else if (e.key == "en") p.en = e.value;
    else if (e.key == "source") p.source = e.value;
    else UnknownKey(ctx, s, e, "type, domain, value, value@YYYY-MM-DD, zh, en, source");
  }
  if (!typed) {
    ctx.Error("missing-key", AtSection(s), "type", "",
              Cat("[parameter ", name, "] needs a type (number, duration, date, bool, enum)"));
    return;
  }
  if (p.values.empty() || p.values.front().from.days != kNoDay) {
    ctx.Error("missing-key", AtSection(s), "value", "",
              Cat("[parameter ", name, "] needs a value (value@YYYY-MM-DD adds later ones)"));
    return;
  }
  if (p.source.empty()) {
    ctx.Error("missing-source", AtSection(s), "source", "",
              Cat("[parameter ", name, "] needs its legal basis in 'source'"));
  }
  if (p.type == ParamType::kEnum && p.domain.empty()) {
    ctx.Error("missing-key", AtSection(s), "domain", "",
              Cat("[parameter ", name, "] is an enum: name its enums.csv domain (domain = …)"));
    return;
  }
  std::stable_sort(p.values.begin() + 1, p.values.end(),
                   [](const auto& a, const auto& b) { return a.from < b.from; });
  pack.parameters.push_back(std::move(p));
}

void ColumnSection(LoadContext& ctx, const IniSection& s, std::string_view name) {
  Pack& pack = ctx.pack();
  if (!ValidName(name) || Reserved(name)) {
    ctx.Error("bad-name", AtSection(s), "", name,
              ValidName(name)
                  ? Cat("'", name, "' is already a fact, an input or a table column (and since_* "
                                   "names are the elapsed facts of date columns)")
                  : Cat("'", name, "' is not a column name (lowercase ASCII letters, digits, _)"));
    return;
  }
  for (const CustomColumn& c : pack.columns) {
    if (c.name == name) {
      ctx.Error("duplicate-column", AtSection(s), "", name,
                Cat("column '", name, "' is declared twice"));
      return;
    }
  }
  CustomColumn c;
  c.name = std::string(name);
  c.loc = AtSection(s);
  bool scoped = false, typed = false, defaulted = false;
  for (const IniEntry& e : s.entries) {
    const std::string_view v = Trim(e.value);
    if (e.key == "scope") {
      scoped = v == "entity" || v == "record";
      c.scope = v == "entity" ? FactScope::kEntity : FactScope::kRecord;
      if (!scoped) ctx.Error("bad-scope", At(e), e.key, e.value, "scope is entity or record");
    } else if (e.key == "type") {
      typed = true;
      if (v == "enum") c.type = FactType::kEnum;
      else if (v == "bool") c.type = FactType::kBool;
      else if (v == "number") c.type = FactType::kNumber;
      else if (v == "date") c.type = FactType::kDate;
      else {
        typed = false;
        ctx.Error("bad-type", At(e), e.key, e.value,
                  Cat("'", v, "' is not a column type (enum, bool, number, date)"));
      }
    } else if (e.key == "domain") c.domain = std::string(v);
    else if (e.key == "default") {
      c.default_text = std::string(v);
      defaulted = true;
    } else if (e.key == "changeable") {
      if (v != "true" && v != "false") {
        ctx.Error("bad-bool", At(e), e.key, e.value, "changeable is true or false");
      }
      c.changeable = v == "true";
    } else if (e.key == "zh") c.zh = e.value;
    else if (e.key == "en") c.en = e.value;
    else if (e.key == "source") c.source = e.value;
    else UnknownKey(ctx, s, e, "scope, type, domain, default, changeable, zh, en, source");
  }
  if (!scoped || !typed) {
    ctx.Error("missing-key", AtSection(s), !scoped ? "scope" : "type", "",
              Cat("[column ", name, "] needs a scope (entity, record) and a type (enum, bool, "
                  "number, date)"));
    return;
  }
  if (c.type == FactType::kEnum && c.domain.empty()) c.domain = c.name;
  if (!defaulted) c.default_text = "-";
  if (c.source.empty()) {
    ctx.Error("missing-source", AtSection(s), "source", "",
              Cat("[column ", name, "] needs 'source': the rule or practice that asks for it"));
  }
  if (c.zh.empty()) c.zh = c.name;
  if (c.en.empty()) c.en = c.name;
  pack.columns.push_back(std::move(c));
  if (!AssignCustomFacts(absl::MakeSpan(pack.columns))) {
    ctx.Error("too-many-columns", AtSection(s), "", name,
              Cat("the custom columns need more than ", kMaxCustomFacts,
                  " facts (a date column takes two)"));
    pack.columns.pop_back();
  }
}

void CheckDeclarations(LoadContext& ctx) {
  Pack& pack = ctx.pack();
  for (Parameter& p : pack.parameters) {
    if (p.type == ParamType::kEnum && pack.Domain(p.domain) == nullptr) {
      ctx.Error("missing-domain", p.loc, "domain", p.domain,
                Cat("[parameter ", p.name, "] is an enum of domain '", p.domain,
                    "', which enums.csv does not define"));
      continue;
    }
    for (Parameter::Value& v : p.values) {
      std::string error;
      if (std::optional<std::string> t = CheckParameterValue(pack, p, v.text, &error)) {
        v.text = *t;
      } else {
        ctx.Error("bad-parameter-value", v.loc, "value", v.text,
                  Cat("[parameter ", p.name, "] is a ", ParamTypeName(p.type), ": ", error));
      }
    }
  }
  for (CustomColumn& c : pack.columns) {
    const SourceLoc& loc = c.loc;
    const EnumDomain* dom = c.type == FactType::kEnum ? pack.Domain(c.domain) : nullptr;
    if (c.type == FactType::kEnum && dom == nullptr) {
      ctx.Error("missing-domain", loc, "domain", c.domain,
                Cat("[column ", c.name, "] is an enum of domain '", c.domain,
                    "', which enums.csv does not define"));
      continue;
    }
    const std::string_view t = c.default_text;
    if (t.empty() || t == "-") {
      c.default_value = kNull;
      continue;
    }
    int64_t v = 0;
    bool ok = true;
    switch (c.type) {
      case FactType::kEnum: v = dom->IndexOf(t); ok = v >= 0; break;
      case FactType::kBool: ok = t == "true" || t == "false"; v = t == "true"; break;
      case FactType::kNumber: ok = ParseInt64(t, &v); break;
      case FactType::kDate: {
        absl::StatusOr<Date> d = ParseDate(t);
        ok = d.ok();
        if (ok) v = d->days;
        break;
      }
      default: ok = false;
    }
    if (!ok) {
      ctx.Error("bad-default", loc, "default", c.default_text,
                Cat("[column ", c.name, "] default '", t, "' is not a ", FactTypeCode(c.type),
                    c.type == FactType::kEnum ? Cat(" code of domain '", c.domain, "'") : ""));
    } else {
      c.default_value = v;
    }
  }
}

}  // namespace xiufu::pack_internal

// The rule pack's catalogue files: enums.csv, materials.csv, material_map.csv, alerts.csv,
// holidays.csv (format: docs/rule-pack.md).
#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "pack/pack_load_context.h"
#include "base/sv_util.h"

namespace xiufu::pack_internal {
namespace {


constexpr std::string_view kRequiredDomains[] = {"platform", "department", "record_kind",
                                                 "severity", "penalty",    "procedure",
                                                 "sector",   "entity_status"};

bool IsBuiltinDomain(std::string_view name) { return name == "status" || name == "entity_kind"; }

bool IsFactDomain(const Pack& pack, std::string_view name) {
  for (int f = 0; f < kNumFacts; ++f) {
    if (InfoOf(static_cast<Fact>(f)).domain == name) return true;
  }
  for (const CustomColumn& c : pack.columns) {
    if (c.type == FactType::kEnum && c.domain == name) return true;
  }
  for (const Parameter& p : pack.parameters) {
    if (p.type == ParamType::kEnum && p.domain == name) return true;
  }
  return false;
}

void AddBuiltinDomains(Pack& pack) {
  EnumDomain status{"status", {}};
  for (int i = 0; i < kNumStatuses; ++i) {
    const RepairStatus s = static_cast<RepairStatus>(i);
    status.values.push_back(
        {std::string(StatusCode(s)), std::string(StatusZh(s)), std::string(StatusEn(s))});
  }
  pack.domains.push_back(std::move(status));
  EnumDomain kind{"entity_kind", {}};
  constexpr std::string_view kZh[] = {"企业", "个体工商户", "农民专业合作社", "其他"};
  constexpr std::string_view kEn[] = {"enterprise", "individual business", "cooperative",
                                      "other"};
  for (int i = 0; i < 4; ++i) {
    kind.values.push_back({std::string(EntityKindCode(static_cast<EntityKind>(i))),
                           std::string(kZh[i]), std::string(kEn[i])});
  }
  pack.domains.push_back(std::move(kind));
}

}  // namespace

void LoadEnums(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  Pack& pack = ctx.pack();
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (bytes) {
    const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
    if (ctx.CheckHeader(doc, {"domain", "code", "zh", "en"})) {
      const int c_domain = doc.Col("domain"), c_code = doc.Col("code"), c_zh = doc.Col("zh"),
                c_en = doc.Col("en");
      for (const CsvRow& row : doc.rows) {
        const std::string_view name = doc.Get(row, c_domain);
        const std::string_view code = doc.Get(row, c_code);
        if (IsBuiltinDomain(name)) {
          ctx.Error("builtin-domain", doc.Loc(row, c_domain), "domain", name,
                    Cat("domain '", name, "' is built in and cannot be redefined"));
          continue;
        }
        if (!IsEnumCode(name)) {
          ctx.Error("bad-code", doc.Loc(row, c_domain), "domain", name,
                    Cat("'", name, "' is not a domain name ([a-z0-9_]+)"));
          continue;
        }
        if (!IsEnumCode(code)) {
          ctx.Error("bad-code", doc.Loc(row, c_code), "code", code,
                    Cat("'", code, "' is not a valid code (lowercase ASCII letters, digits, _)"));
          continue;
        }
        EnumDomain* domain = nullptr;
        for (EnumDomain& d : pack.domains) {
          if (d.name == name) domain = &d;
        }
        if (domain == nullptr) {
          if (!IsFactDomain(pack, name)) {
            ctx.Warning("unknown-domain", doc.Loc(row, c_domain), "domain", name,
                        Cat("domain '", name, "' is not used by any fact, column or parameter"));
          }
          pack.domains.push_back(EnumDomain{std::string(name), {}});
          domain = &pack.domains.back();
        }
        if (domain->IndexOf(code) >= 0) {
          ctx.Error("duplicate-code", doc.Loc(row, c_code), "code", code,
                    Cat("code '", code, "' appears twice in domain '", name, "'"));
          continue;
        }
        const size_t limit = name == "platform" ? kMaxPlatforms : kMaxEnumValues;
        if (domain->values.size() >= limit) {
          ctx.Error(name == "platform" ? "too-many-platforms" : "too-many-values",
                    doc.Loc(row, c_code), "code", code,
                    Cat("domain '", name, "' has more than ", limit, " values"));
          continue;
        }
        domain->values.push_back(
            {std::string(code), std::string(doc.Get(row, c_zh)), std::string(doc.Get(row, c_en))});
      }
      for (std::string_view req : kRequiredDomains) {
        if (pack.Domain(req) == nullptr) {
          ctx.Error("missing-domain", SourceLoc{rel, 0, 0}, "domain", req,
                    Cat("required domain '", req, "' is not defined"));
        }
      }
    }
  }
  AddBuiltinDomains(pack);
}

void LoadMaterials(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (!bytes) return;
  const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
  if (!ctx.CheckHeader(doc, {"code", "kind", "zh", "en"}, {"requested_by", "source"})) return;
  const int c_code = doc.Col("code"), c_kind = doc.Col("kind"), c_zh = doc.Col("zh"),
            c_en = doc.Col("en"), c_req = doc.Col("requested_by"), c_src = doc.Col("source");
  std::vector<Material>& out = ctx.pack().materials;
  for (const CsvRow& row : doc.rows) {
    const std::string_view code = doc.Get(row, c_code);
    const std::string_view kind = doc.Get(row, c_kind);
    if (!IsCatalogCode(code)) {
      ctx.Error("bad-code", doc.Loc(row, c_code), "code", code,
                Cat("'", code, "' is not a valid material code (ASCII letters, digits, _ - .)"));
      continue;
    }
    if (kind != "raw" && kind != "canonical") {
      ctx.Error("bad-kind", doc.Loc(row, c_kind), "kind", kind,
                Cat("material kind must be 'raw' or 'canonical', not '", kind, "'"));
    }
    if (std::any_of(out.begin(), out.end(), [&](const Material& m) { return m.code == code; })) {
      ctx.Error("duplicate-code", doc.Loc(row, c_code), "code", code,
                Cat("material '", code, "' appears twice"));
      continue;
    }
    if (out.size() >= kMaxMaterials) {
      ctx.Error("too-many-materials", doc.Loc(row, c_code), "code", code,
                Cat("more than ", kMaxMaterials, " materials"));
      continue;
    }
    out.push_back(Material{std::string(code), std::string(doc.Get(row, c_zh)),
                           std::string(doc.Get(row, c_en)), kind == "canonical",
                           std::string(doc.Get(row, c_req)), std::string(doc.Get(row, c_src)),
                           doc.Loc(row, c_code)});
  }
}

void LoadMaterialMap(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (!bytes) return;
  const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
  if (!ctx.CheckHeader(doc, {"raw", "canonical", "effective_from", "effective_to"}, {"source"})) {
    return;
  }
  const int c_raw = doc.Col("raw"), c_can = doc.Col("canonical"),
            c_from = doc.Col("effective_from"), c_to = doc.Col("effective_to"),
            c_src = doc.Col("source");
  Pack& pack = ctx.pack();
  auto find = [&](std::string_view code) {
    for (size_t i = 0; i < pack.materials.size(); ++i) {
      if (pack.materials[i].code == code) return static_cast<int>(i);
    }
    return -1;
  };
  for (const CsvRow& row : doc.rows) {
    MaterialMapping m;
    m.loc = doc.Loc(row, -1);
    bool ok = true;
    const std::string_view raw = doc.Get(row, c_raw);
    m.raw = find(raw);
    if (m.raw < 0) {
      ctx.Error("unknown-material", doc.Loc(row, c_raw), "raw", raw,
                Cat("'", raw, "' is not a material in materials.csv"));
      ok = false;
    } else if (pack.materials[m.raw].canonical) {
      ctx.Error("not-raw", doc.Loc(row, c_raw), "raw", raw,
                Cat("'", raw, "' is a canonical material; the map goes from raw materials"));
      ok = false;
    }
    const std::string_view can = doc.Get(row, c_can);
    if (!can.empty() && can != "-") {
      m.canonical = find(can);
      if (m.canonical < 0) {
        ctx.Error("unknown-material", doc.Loc(row, c_can), "canonical", can,
                  Cat("'", can, "' is not a material in materials.csv"));
        ok = false;
      } else if (!pack.materials[m.canonical].canonical) {
        ctx.Error("not-canonical", doc.Loc(row, c_can), "canonical", can,
                  Cat("'", can, "' is a raw material; map to a canonical one or '-'"));
        ok = false;
      }
    }
    m.effective_from = ParseOptionalDate(ctx, doc.Loc(row, c_from), "effective_from",
                                         doc.Get(row, c_from));
    m.effective_to =
        ParseOptionalDate(ctx, doc.Loc(row, c_to), "effective_to", doc.Get(row, c_to));
    if (m.effective_from.days != kNoDay && m.effective_to.days != kNoDay &&
        m.effective_from > m.effective_to) {
      ctx.Error("bad-effective-range", doc.Loc(row, c_to), "effective_to", doc.Get(row, c_to),
                "effective_to is before effective_from");
      ok = false;
    }
    m.source = std::string(doc.Get(row, c_src));
    if (!ok) continue;
    // Two mappings of one raw material in force on the same day are ambiguous.
    const int64_t lo = m.effective_from.days == kNoDay ? INT64_MIN : m.effective_from.days;
    const int64_t hi = m.effective_to.days == kNoDay ? INT64_MAX : m.effective_to.days;
    for (const MaterialMapping& o : pack.material_map) {
      if (o.raw != m.raw) continue;
      const int64_t olo = o.effective_from.days == kNoDay ? INT64_MIN : o.effective_from.days;
      const int64_t ohi = o.effective_to.days == kNoDay ? INT64_MAX : o.effective_to.days;
      if (lo <= ohi && olo <= hi) {
        ctx.Error("overlapping-mapping", m.loc, "raw", raw,
                  Cat("'", raw, "' already has a mapping in force on some of these days (line ",
                         o.loc.line, ")"));
        ok = false;
        break;
      }
    }
    if (ok) pack.material_map.push_back(std::move(m));
  }
}

void LoadAlerts(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (!bytes) return;
  const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
  if (!ctx.CheckHeader(doc, {"code", "scope", "severity", "zh", "en"}, {"due", "source"})) return;
  const int c_code = doc.Col("code"), c_scope = doc.Col("scope"), c_sev = doc.Col("severity"),
            c_due = doc.Col("due"), c_zh = doc.Col("zh"), c_en = doc.Col("en"),
            c_src = doc.Col("source");
  std::vector<AlertDef>& out = ctx.pack().alerts;
  for (const CsvRow& row : doc.rows) {
    const std::string_view code = doc.Get(row, c_code);
    if (!IsCatalogCode(code)) {
      ctx.Error("bad-code", doc.Loc(row, c_code), "code", code,
                Cat("'", code, "' is not a valid alert code (ASCII letters, digits, _ - .)"));
      continue;
    }
    if (std::any_of(out.begin(), out.end(), [&](const AlertDef& a) { return a.code == code; })) {
      ctx.Error("duplicate-code", doc.Loc(row, c_code), "code", code,
                Cat("alert '", code, "' appears twice"));
      continue;
    }
    if (out.size() >= kMaxAlerts) {
      ctx.Error("too-many-alerts", doc.Loc(row, c_code), "code", code,
                Cat("more than ", kMaxAlerts, " alerts"));
      continue;
    }
    AlertDef a;
    a.code = std::string(code);
    a.loc = doc.Loc(row, c_code);
    const std::string_view scope = doc.Get(row, c_scope);
    if (scope != "record" && scope != "entity") {
      ctx.Error("bad-scope", doc.Loc(row, c_scope), "scope", scope,
                Cat("alert scope must be 'record' or 'entity', not '", scope, "'"));
    }
    a.entity_scope = scope == "entity";
    a.severity = std::string(doc.Get(row, c_sev));
    if (a.severity != "info" && a.severity != "warning" && a.severity != "critical") {
      ctx.Error("bad-severity", doc.Loc(row, c_sev), "severity", a.severity,
                Cat("alert severity must be info, warning or critical, not '", a.severity,
                       "'"));
    }
    const BaseSet bases = a.entity_scope ? EntityBases()
                                         : RecordBases() | BaseBit(DateBase::kEligibleFrom) |
                                               BaseBit(DateBase::kExpiresOn);
    std::vector<CellError> errors;
    a.due = ParseDateExpr(doc.Get(row, c_due), bases, &errors, ctx.pack().columns);
    ctx.CellErrors(doc.Loc(row, c_due), "due", doc.Get(row, c_due), errors);
    a.zh = std::string(doc.Get(row, c_zh));
    a.en = std::string(doc.Get(row, c_en));
    ctx.CheckTemplate(doc.Loc(row, c_zh), "zh", a.zh);
    ctx.CheckTemplate(doc.Loc(row, c_en), "en", a.en);
    a.source = std::string(doc.Get(row, c_src));
    out.push_back(std::move(a));
  }
}

void LoadActions(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (!bytes) return;
  const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
  if (!ctx.CheckHeader(doc, {"code", "effect", "zh", "en"}, {"source"})) return;
  const int c_code = doc.Col("code"), c_effect = doc.Col("effect"), c_zh = doc.Col("zh"),
            c_en = doc.Col("en"), c_src = doc.Col("source");
  std::vector<ActionDef>& out = ctx.pack().actions;
  for (const CsvRow& row : doc.rows) {
    const std::string_view code = doc.Get(row, c_code);
    if (!IsCatalogCode(code)) {
      ctx.Error("bad-code", doc.Loc(row, c_code), "code", code,
                Cat("'", code, "' is not a valid action code (ASCII letters, digits, _ - .)"));
      continue;
    }
    if (std::any_of(out.begin(), out.end(), [&](const ActionDef& a) { return a.code == code; })) {
      ctx.Error("duplicate-code", doc.Loc(row, c_code), "code", code,
                Cat("action '", code, "' appears twice"));
      continue;
    }
    if (out.size() >= kMaxActions) {
      ctx.Error("too-many-actions", doc.Loc(row, c_code), "code", code,
                Cat("more than ", kMaxActions, " actions"));
      continue;
    }
    ActionDef a;
    a.code = std::string(code);
    a.loc = doc.Loc(row, c_code);
    const std::string_view effect = doc.Get(row, c_effect);
    bool known = false;
    for (int e = 0; e < static_cast<int>(ActionEffect::kCount_); ++e) {
      if (ActionEffectName(static_cast<ActionEffect>(e)) == effect) {
        a.effect = static_cast<ActionEffect>(e);
        known = true;
      }
    }
    if (!known) {
      ctx.Error("bad-effect", doc.Loc(row, c_effect), "effect", effect,
                Cat("unknown action effect '", effect,
                    "' (none, fulfil, correct, file_reports, reachable, leave_abnormal)"));
    }
    a.zh = std::string(doc.Get(row, c_zh));
    a.en = std::string(doc.Get(row, c_en));
    a.source = std::string(doc.Get(row, c_src));
    out.push_back(std::move(a));
  }
}

void LoadHolidays(LoadContext& ctx, const std::string& rel, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(rel, from);
  if (!bytes) return;
  const CsvDoc doc = ctx.ParseDoc(rel, *bytes);
  if (!ctx.CheckHeader(doc, {"date", "kind"}, {"name"})) return;
  const int c_date = doc.Col("date"), c_kind = doc.Col("kind");
  Pack& pack = ctx.pack();
  absl::flat_hash_map<int32_t, int> seen;  // day → line
  for (const CsvRow& row : doc.rows) {
    const std::string_view text = doc.Get(row, c_date);
    absl::StatusOr<Date> d = ParseDate(text);
    if (!d.ok()) {
      ctx.Error("bad-date", doc.Loc(row, c_date), "date", text,
                Cat("'", text, "' is not a date (YYYY-MM-DD)"));
      continue;
    }
    const std::string_view kind = doc.Get(row, c_kind);
    if (kind != "holiday" && kind != "workday") {
      ctx.Error("bad-kind", doc.Loc(row, c_kind), "kind", kind,
                Cat("kind must be 'holiday' or 'workday', not '", kind, "'"));
      continue;
    }
    auto [it, inserted] = seen.emplace(d->days, row.line);
    if (!inserted) {
      ctx.Error("duplicate-date", doc.Loc(row, c_date), "date", text,
                Cat(text, " is already listed on line ", it->second));
      continue;
    }
    const bool weekend = Weekday(*d) >= 5;
    if (kind == "holiday") {
      if (weekend) {
        ctx.Warning("holiday-on-weekend", doc.Loc(row, c_date), "date", text,
                    Cat(text, " is a weekend day already; a holiday only matters on weekdays"));
      }
      pack.holidays.push_back(*d);
    } else {
      if (!weekend) {
        ctx.Warning("workday-on-weekday", doc.Loc(row, c_date), "date", text,
                    Cat(text, " is a weekday already; a make-up workday is a weekend day"));
      }
      pack.workdays.push_back(*d);
    }
  }
  std::sort(pack.holidays.begin(), pack.holidays.end());
  std::sort(pack.workdays.begin(), pack.workdays.end());
}

}  // namespace xiufu::pack_internal

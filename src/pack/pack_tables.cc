// Decision tables (tables/*.csv): header → input columns and outputs, every row's cells parsed
// (format: docs/rule-pack.md, "Decision tables").
#include <string>

#include "pack/pack_load_context.h"
#include "pack/parameters.h"
#include "base/sv_util.h"

namespace xiufu::pack_internal {
namespace {


enum class ColKind { kIgnored, kRuleId, kFrom, kTo, kSource, kNote, kInput, kOutput };

struct Column {
  ColKind kind = ColKind::kIgnored;
  std::string name;
  Fact fact = Fact::kAsOf;  // kInput
};

constexpr std::string_view kEligibilityOutputs[] = {
    "status", "eligible_from", "expires_on", "channel", "authority", "reason_zh", "reason_en",
    "actions"};

// The decision a column name is an output of, if any.
std::optional<Decision> OutputOwner(std::string_view name, Decision self) {
  for (std::string_view n : kEligibilityOutputs) {
    if (n == name) return Decision::kEligibility;
  }
  if (name == "materials") return Decision::kMaterials;
  if (name == "alerts") {
    return self == Decision::kEntityAlerts ? Decision::kEntityAlerts : Decision::kRecordAlerts;
  }
  return std::nullopt;
}

bool Visible(FactScope scope, Decision d) {
  switch (d) {
    case Decision::kEligibility:
      return scope == FactScope::kRecord || scope == FactScope::kEntity;
    case Decision::kMaterials:
    case Decision::kRecordAlerts:
      return scope != FactScope::kEntityDerived;
    case Decision::kEntityAlerts:
      return scope == FactScope::kEntity || scope == FactScope::kEntityDerived;
  }
  return false;
}

std::string_view ScopeName(FactScope s) {
  switch (s) {
    case FactScope::kRecord: return "record";
    case FactScope::kDerived: return "record outcome";
    case FactScope::kEntity: return "entity";
    case FactScope::kEntityDerived: return "entity summary";
  }
  return "";
}

class TableLoader {
 public:
  TableLoader(LoadContext& ctx, Table& table, CsvDoc doc)
      : ctx_(ctx), pack_(ctx.pack()), table_(table), doc_(std::move(doc)) {}

  void Run() {
    if (!Header()) return;
    for (const CsvRow& row : doc_.rows) LoadRow(row);
  }

 private:
  SourceLoc HeaderLoc(size_t i) const {
    return SourceLoc{doc_.file, doc_.header_line, static_cast<int>(i) + 1};
  }

  bool Header() {
    if (doc_.header.empty()) return false;
    table_.header_line = doc_.header_line;
    const Decision d = table_.decision;
    const FactVocabulary facts = pack_.Facts();
    cols_.resize(doc_.header.size());
    bool ok = true;
    for (size_t i = 0; i < doc_.header.size(); ++i) {
      const std::string& h = doc_.header[i];
      Column& c = cols_[i];
      c.name = h;
      if (h.empty()) continue;
      if (doc_.Col(h) != static_cast<int>(i)) {
        ctx_.Error("duplicate-column", HeaderLoc(i), h, h, Cat("column '", h, "' appears twice"));
        continue;
      }
      if (h == "rule_id") c.kind = ColKind::kRuleId;
      else if (h == "effective_from") c.kind = ColKind::kFrom;
      else if (h == "effective_to") c.kind = ColKind::kTo;
      else if (h == "source") c.kind = ColKind::kSource;
      else if (h == "note") c.kind = ColKind::kNote;
      else if (std::optional<Decision> owner = OutputOwner(h, d);
               owner && !(*owner != d && facts.ByName(h) && Visible(facts.Info(*facts.ByName(h)).scope, d))) {
        // `status` is an output of eligibility and an input fact of the later decisions.
        if (*owner != d) {
          ctx_.Error("wrong-output", HeaderLoc(i), h, h,
                     Cat("'", h, "' is an output of the ", DecisionName(*owner),
                            " decision; this table belongs to ", DecisionName(d)));
          continue;
        }
        c.kind = ColKind::kOutput;
      } else if (std::optional<Fact> f = facts.ByName(h)) {
        const FactInfo info = facts.Info(*f);
        if (!Visible(info.scope, d)) {
          ctx_.Error("fact-not-visible", HeaderLoc(i), h, h,
                     Cat("'", h, "' is a ", ScopeName(info.scope), " fact, not visible to the ",
                            DecisionName(d), " decision"));
          continue;
        }
        if (info.type == FactType::kEnum && pack_.Domain(info.domain) == nullptr) {
          ctx_.Error("missing-domain", HeaderLoc(i), h, h,
                     Cat("'", h, "' needs the enum domain '", info.domain,
                            "', which enums.csv does not define"));
        }
        c.kind = ColKind::kInput;
        c.fact = *f;
        table_.inputs.push_back(InputColumn{*f, h, static_cast<int>(i) + 1});
      } else {
        ctx_.Error("unknown-column", HeaderLoc(i), h, h,
                   Cat("unknown column '", h, "': not a fact name (nor a [column] of the manifest), an output of the ",
                          DecisionName(d), " decision, rule_id, effective_from, effective_to, "
                          "source or note"));
        continue;
      }
      if (c.kind == ColKind::kOutput) table_.output_headers.push_back(h);
    }
    std::vector<std::string_view> required = {"rule_id", "effective_from", "effective_to",
                                              "source"};
    if (d == Decision::kEligibility) required.push_back("status");
    if (d == Decision::kMaterials) required.push_back("materials");
    if (d == Decision::kRecordAlerts || d == Decision::kEntityAlerts) required.push_back("alerts");
    for (std::string_view r : required) {
      if (doc_.Col(r) < 0) {
        ctx_.Error("missing-column", SourceLoc{doc_.file, doc_.header_line, 1}, r, "",
                   Cat("the table has no '", r, "' column"));
        if (r == "rule_id") ok = false;
      }
    }
    return ok;
  }

  void LoadRow(const CsvRow& csv) {
    Row row;
    row.loc = SourceLoc{doc_.file, csv.line, 1};
    for (size_t i = cols_.size(); i < csv.fields.size(); ++i) {
      if (!doc_.Get(csv, static_cast<int>(i)).empty()) {
        ctx_.Error("extra-field", doc_.Loc(csv, static_cast<int>(i)), "",
                   doc_.Get(csv, static_cast<int>(i)),
                   Cat("the row has ", csv.fields.size(), " fields, the header ",
                          cols_.size()));
        break;
      }
    }
    bool has_expires = false;
    for (size_t i = 0; i < cols_.size(); ++i) {
      const Column& c = cols_[i];
      const int col = static_cast<int>(i);
      const std::string_view v = doc_.Get(csv, col);
      const SourceLoc loc = doc_.Loc(csv, col);
      switch (c.kind) {
        case ColKind::kIgnored:
          if (!v.empty() && c.name.empty()) {
            ctx_.Error("extra-field", loc, "", v, "a value in a column without a header");
          }
          break;
        case ColKind::kNote:
          break;
        case ColKind::kRuleId:
          row.rule_id = std::string(v);
          break;
        case ColKind::kFrom:
          row.effective_from = row.authored_from = ParseOptionalDate(ctx_, loc, c.name, v);
          break;
        case ColKind::kTo:
          row.effective_to = row.authored_to = ParseOptionalDate(ctx_, loc, c.name, v);
          break;
        case ColKind::kSource:
          row.source = std::string(v);
          if (v.empty()) {
            ctx_.Error("missing-source", loc, c.name, v,
                       "every rule needs its legal basis in 'source'");
          }
          break;
        case ColKind::kInput: {
          std::vector<CellError> errors;
          const std::string_view raw =
              col < static_cast<int>(csv.fields.size()) ? std::string_view(csv.fields[col]) : "";
          CellTest t;
          if (HasParameterRef(raw)) {
            t.text = std::string(raw);  // parsed per period by ResolveRow
          } else {
            const FactInfo info = pack_.Facts().Info(c.fact);
            t = ParseInputCell(raw, info, pack_.Domain(info.domain), &errors);
          }
          t.loc = loc;
          ctx_.CellErrors(loc, c.name, v, errors);
          row.cells.push_back(std::move(t));
          break;
        }
        case ColKind::kOutput:
          if (c.name == "expires_on" && !v.empty() && v != "-") has_expires = true;
          Output(c.name, v, loc, row.out);
          break;
      }
    }
    CheckRow(csv, row, has_expires);
    for (Row& r : ResolveRow(pack_, table_, std::move(row), &ctx_.sink())) {
      table_.rows.push_back(std::move(r));
    }
  }

  void Output(const std::string& name, std::string_view v, const SourceLoc& loc, RowOutputs& out) {
    std::vector<CellError> errors;
    if (name == "status") {
      if (v.empty()) {
        ctx_.Error("missing-status", loc, name, v, "every eligibility row needs a status");
        return;
      }
      if (std::optional<RepairStatus> s = ParseStatus(v, &errors)) {
        if (*s == RepairStatus::kEligibleNow || *s == RepairStatus::kEligibleLater) {
          ctx_.Error("bad-status", loc, name, v,
                     Cat("write 'eligible'; the engine decides '", v,
                            "' from the eligible_from date"));
        }
        out.status = *s;
      }
    } else if (name == "eligible_from" || name == "expires_on") {
      DateExpr& x = name == "eligible_from" ? out.eligible_from : out.expires_on;
      if (HasParameterRef(v)) {
        x = DateExpr{};
        x.text = std::string(v);  // parsed per period by ResolveRow
      } else {
        x = ParseDateExpr(v, RecordBases(), &errors, pack_.columns);
      }
      x.loc = loc;
    } else if (name == "channel") {
      out.channel = ParseOptionalCode(v, pack_.Domain("platform"), &errors);
    } else if (name == "authority") {
      out.authority = ParseOptionalCode(v, pack_.Domain("department"), &errors);
    } else if (name == "reason_zh" || name == "reason_en") {
      (name == "reason_zh" ? out.reason_zh : out.reason_en) = std::string(v);
      ctx_.CheckTemplate(loc, name, v);
    } else if (name == "materials") {
      for (std::string_view item : SplitCellList(v)) {
        const std::string_view code = Unquote(item);
        int found = -1;
        for (size_t m = 0; m < pack_.materials.size(); ++m) {
          if (pack_.materials[m].code == code) found = static_cast<int>(m);
        }
        if (found < 0) {
          ctx_.Error("unknown-material", loc, name, v,
                     Cat("'", code, "' is not a material in materials.csv"));
        } else if (pack_.materials[found].canonical) {
          ctx_.Error("canonical-material", loc, name, v,
                     Cat("'", code, "' is a canonical material; rows ask for raw materials, "
                            "material_map.csv maps them"));
        } else {
          out.materials.Set(found);
        }
      }
    } else if (name == "actions") {
      for (std::string_view item : SplitCellList(v)) {
        const std::string_view code = Unquote(item);
        int found = -1;
        for (size_t a = 0; a < pack_.actions.size(); ++a) {
          if (pack_.actions[a].code == code) found = static_cast<int>(a);
        }
        if (found < 0) {
          ctx_.Error("unknown-action", loc, name, v,
                     Cat("'", code, "' is not an action in the pack's actions file"));
        } else {
          out.actions |= uint32_t{1} << found;
        }
      }
    } else if (name == "alerts") {
      const bool entity_table = table_.decision == Decision::kEntityAlerts;
      for (std::string_view item : SplitCellList(v)) {
        const std::string_view code = Unquote(item);
        int found = -1;
        for (size_t a = 0; a < pack_.alerts.size(); ++a) {
          if (pack_.alerts[a].code == code) found = static_cast<int>(a);
        }
        if (found < 0) {
          ctx_.Error("unknown-alert", loc, name, v,
                     Cat("'", code, "' is not an alert in alerts.csv"));
        } else if (pack_.alerts[found].entity_scope != entity_table) {
          ctx_.Error("alert-scope", loc, name, v,
                     Cat("'", code, "' is a ",
                            pack_.alerts[found].entity_scope ? "entity" : "record",
                            "-scope alert; this table is ", DecisionName(table_.decision)));
        } else {
          out.alerts |= uint64_t{1} << found;
        }
      }
    }
    ctx_.CellErrors(loc, name, v, errors);
  }

  void CheckRow(const CsvRow& csv, const Row& row, bool has_expires) {
    const int c_id = doc_.Col("rule_id");
    if (row.rule_id.empty()) {
      ctx_.Error("missing-rule-id", doc_.Loc(csv, c_id), "rule_id", "",
                 "every row needs a rule_id");
    } else {
      auto [it, inserted] = ctx_.rule_ids().emplace(row.rule_id, doc_.Loc(csv, c_id));
      if (!inserted) {
        ctx_.Error("duplicate-rule-id", doc_.Loc(csv, c_id), "rule_id", row.rule_id,
                   Cat("rule id '", row.rule_id, "' is already used at ", it->second.file, ":",
                          it->second.line));
      }
    }
    if (row.effective_from.days != kNoDay && row.effective_to.days != kNoDay &&
        row.effective_from > row.effective_to) {
      const int c_to = doc_.Col("effective_to");
      ctx_.Error("bad-effective-range", doc_.Loc(csv, c_to), "effective_to",
                 doc_.Get(csv, c_to),
                 Cat("effective_to ", FormatDate(row.effective_to), " is before effective_from ",
                        FormatDate(row.effective_from)));
    }
    if (table_.decision == Decision::kEligibility && row.out.status == RepairStatus::kDropsOff &&
        !has_expires) {
      const int c = doc_.Col("expires_on") >= 0 ? doc_.Col("expires_on") : doc_.Col("status");
      ctx_.Error("missing-expiry", doc_.Loc(csv, c), "expires_on", doc_.Get(csv, c),
                 "a drops_off row must say when publication stops (expires_on)");
    }
    const bool blocked = row.out.status == RepairStatus::kBlocked;
    if (table_.decision == Decision::kEligibility && blocked != (row.out.actions != 0)) {
      const int c = doc_.Col("actions") >= 0 ? doc_.Col("actions") : doc_.Col("status");
      ctx_.Error(blocked ? "blocked-without-action" : "action-not-blocked", doc_.Loc(csv, c),
                 "actions", doc_.Get(csv, c),
                 blocked ? "a blocked row must name at least one unblocking action (actions)"
                         : "only a blocked row names unblocking actions");
    }
  }

  LoadContext& ctx_;
  const Pack& pack_;
  Table& table_;
  CsvDoc doc_;
  std::vector<Column> cols_;
};

}  // namespace

void LoadTable(LoadContext& ctx, Table& table, const SourceLoc& from) {
  std::optional<std::string> bytes = ctx.ReadFile(table.file, from);
  if (!bytes) return;
  TableLoader loader(ctx, table, ctx.ParseDoc(table.file, *bytes));
  loader.Run();
}

}  // namespace xiufu::pack_internal

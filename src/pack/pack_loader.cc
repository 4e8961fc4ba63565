// LoadPack: manifest.ini and the orchestration of a pack load; the small out-of-line
// functions declared in pack.h.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "base/sv_util.h"
#include "pack/ini_reader.h"
#include "pack/pack_load_context.h"
#include "xiufu/pack.h"

namespace xiufu {

int EnumDomain::IndexOf(std::string_view code) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

const EnumDomain* Pack::Domain(std::string_view name) const {
  for (const EnumDomain& d : domains) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool CellTest::Matches(int64_t value) const {
  if (value == kNull) return null_ok;
  switch (kind) {
    case Kind::kAny:
      return true;
    case Kind::kEnumSet:
      return value >= 0 && value < 64 && ((enum_mask >> value) & 1);
    case Kind::kRanges: {
      auto it = std::upper_bound(ranges.begin(), ranges.end(), value,
                                 [](int64_t v, const Range& r) { return v < r.lo; });
      return it != ranges.begin() && value < std::prev(it)->hi;
    }
  }
  return false;
}

namespace {

using pack_internal::LoadContext;

constexpr std::string_view kManifest = "manifest.ini";

std::optional<Decision> DecisionByName(std::string_view s) {
  for (int i = 0; i < kNumDecisions; ++i) {
    if (DecisionName(static_cast<Decision>(i)) == s) return static_cast<Decision>(i);
  }
  return std::nullopt;
}

std::optional<HitPolicy> HitPolicyByName(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    if (IEquals(HitPolicyName(static_cast<HitPolicy>(i)), s)) {
      return static_cast<HitPolicy>(i);
    }
  }
  return std::nullopt;
}

SourceLoc At(const IniEntry& e) { return SourceLoc{std::string(kManifest), e.line, e.value_column}; }
SourceLoc AtKey(const IniEntry& e) {
  return SourceLoc{std::string(kManifest), e.line, e.key_column};
}
SourceLoc AtSection(const IniSection& s) { return SourceLoc{std::string(kManifest), s.line, 1}; }

struct TableDecl {
  Table table;
  SourceLoc from;  // where the manifest names the file
};

class ManifestLoader {
 public:
  explicit ManifestLoader(LoadContext& ctx) : ctx_(ctx), pack_(ctx.pack()) {
    files_ = {{"enums", "enums.csv"},     {"materials", "materials.csv"},
              {"material_map", "material_map.csv"}, {"alerts", "alerts.csv"},
              {"holidays", "holidays.csv"}, {"actions", ""}};
    pack_.decisions[static_cast<int>(Decision::kEligibility)].policy = HitPolicy::kFirst;
    for (Decision d : {Decision::kMaterials, Decision::kRecordAlerts, Decision::kEntityAlerts}) {
      pack_.decisions[static_cast<int>(d)].policy = HitPolicy::kCollect;
    }
  }

  void Load(std::string_view bytes) {
    const IniFile ini = ParseIni(bytes);
    for (const IniError& e : ini.errors) {
      ctx_.Error("manifest-syntax", SourceLoc{std::string(kManifest), e.line, e.column}, "",
                 e.text, e.message);
    }
    absl::flat_hash_set<std::string> seen_sections;
    for (const IniSection& s : ini.sections) {
      if (s.line == 0) {
        for (const IniEntry& e : s.entries) {
          ctx_.Error("unknown-key", AtKey(e), e.key, e.value,
                     Cat("'", e.key, "' comes before any [section]"));
        }
        continue;
      }
      if (!seen_sections.insert(s.name).second) {
        ctx_.Error("duplicate-section", AtSection(s), "", s.name,
                   Cat("section [", s.name, "] appears twice"));
        continue;
      }
      CheckDuplicateKeys(s);
      if (s.name == "pack") PackSection(s);
      else if (s.name == "files") Files(s);
      else if (s.name == "context") context_ = &s;
      else if (s.name.starts_with("decision ")) DecisionSection(s);
      else if (s.name.starts_with("table ")) TableSection(s);
      else if (s.name.starts_with("parameter ")) {
        pack_internal::ParameterSection(ctx_, s, std::string_view(s.name).substr(10));
      } else if (s.name.starts_with("column ")) {
        pack_internal::ColumnSection(ctx_, s, std::string_view(s.name).substr(7));
      } else {
        ctx_.Error("unknown-section", AtSection(s), "", s.name,
                   Cat("unknown section [", s.name,
                          "] (expected pack, files, context, decision NAME, table NAME, "
                          "parameter NAME, column NAME)"));
      }
    }
    if (pack_.name.empty()) {
      ctx_.Error("missing-key", SourceLoc{std::string(kManifest), pack_line_, 0}, "name", "",
                 "[pack] needs a name");
    }

    // Catalogues first (tables refer to them), then context (needs enums), then tables.
    auto from = [&](std::string_view key) {
      for (const auto& f : files_) {
        if (f.key == key) return f.loc;
      }
      return SourceLoc{std::string(kManifest), 0, 0};
    };
    auto file = [&](std::string_view key) {
      for (const auto& f : files_) {
        if (f.key == key) return f.path;
      }
      return std::string();
    };
    pack_internal::LoadEnums(ctx_, file("enums"), from("enums"));
    pack_internal::LoadMaterials(ctx_, file("materials"), from("materials"));
    pack_internal::LoadMaterialMap(ctx_, file("material_map"), from("material_map"));
    pack_internal::LoadAlerts(ctx_, file("alerts"), from("alerts"));
    if (!file("actions").empty()) pack_internal::LoadActions(ctx_, file("actions"), from("actions"));
    pack_internal::LoadHolidays(ctx_, file("holidays"), from("holidays"));
    if (context_) Context(*context_);
    pack_internal::CheckDeclarations(ctx_);
    for (TableDecl& t : tables_) {
      pack_internal::LoadTable(ctx_, t.table, t.from);
      pack_.tables.push_back(std::move(t.table));
    }
    CheckDecisions();
  }

 private:
  struct FileDecl {
    std::string key;
    std::string path;
    SourceLoc loc{std::string(kManifest), 0, 0};
  };

  void CheckDuplicateKeys(const IniSection& s) {
    absl::flat_hash_set<std::string> keys;
    for (const IniEntry& e : s.entries) {
      if (!keys.insert(e.key).second) {
        ctx_.Error("duplicate-key", AtKey(e), e.key, e.value,
                   Cat("'", e.key, "' appears twice in [", s.name, "]"));
      }
    }
  }

  void UnknownKey(const IniSection& s, const IniEntry& e, std::string_view expected) {
    ctx_.Error("unknown-key", AtKey(e), e.key, e.value,
               Cat("unknown key '", e.key, "' in [", s.name, "] (expected ", expected, ")"));
  }

  void PackSection(const IniSection& s) {
    pack_line_ = s.line;
    for (const IniEntry& e : s.entries) {
      if (e.key == "name") pack_.name = e.value;
      else if (e.key == "version") pack_.version = e.value;
      else if (e.key == "zh") pack_.zh = e.value;
      else if (e.key == "en") pack_.en = e.value;
      else UnknownKey(s, e, "name, version, zh, en");
    }
  }

  void Files(const IniSection& s) {
    for (const IniEntry& e : s.entries) {
      bool known = false;
      for (FileDecl& f : files_) {
        if (f.key == e.key) {
          f.path = e.value;
          f.loc = At(e);
          known = true;
        }
      }
      if (!known) UnknownKey(s, e, "enums, materials, material_map, alerts, holidays, actions");
    }
  }

  uint64_t CodeMask(const IniEntry& e, std::string_view domain_name) {
    const EnumDomain* domain = pack_.Domain(domain_name);
    uint64_t mask = 0;
    for (std::string_view item : SplitCellList(e.value)) {
      const std::string_view code = Unquote(item);
      const int i = domain ? domain->IndexOf(code) : -1;
      if (i < 0) {
        ctx_.Error("unknown-enum", At(e), e.key, code,
                   Cat("'", code, "' is not a code of domain '", domain_name, "'"));
      } else {
        mask |= uint64_t{1} << i;
      }
    }
    return mask;
  }

  // list_terms = court_dishonest:2y, wage_arrears_list:3y — a list's own term.
  void ListTerms(const IniEntry& e, ContextConfig* c) {
    const EnumDomain* kinds = pack_.Domain("record_kind");
    for (std::string_view item : SplitCellList(e.value)) {
      const size_t colon = item.find(':');
      const std::string_view code = Trim(item.substr(0, colon));
      const int k = kinds && colon != std::string_view::npos ? kinds->IndexOf(code) : -1;
      absl::StatusOr<Duration> d = colon == std::string_view::npos
                                       ? absl::InvalidArgumentError("no term")
                                       : ParseDuration(Trim(item.substr(colon + 1)));
      if (colon == std::string_view::npos || !d.ok() || d->amount <= 0) {
        ctx_.Error("bad-duration", At(e), e.key, item,
                   Cat("'", item, "' is not record_kind:duration (court_dishonest:2y)"));
      } else if (k < 0) {
        ctx_.Error("unknown-enum", At(e), e.key, code,
                   Cat("'", code, "' is not a code of domain 'record_kind'"));
      } else {
        c->list_term[static_cast<size_t>(k)] = *d;
      }
    }
  }

  void Context(const IniSection& s) {
    ContextConfig& c = pack_.context;
    for (const IniEntry& e : s.entries) {
      if (e.key == "abnormal_kinds") c.abnormal_kinds = CodeMask(e, "record_kind");
      else if (e.key == "serious_kinds") c.serious_kinds = CodeMask(e, "record_kind");
      else if (e.key == "penalty_kinds") c.penalty_kinds = CodeMask(e, "record_kind");
      else if (e.key == "serious_severities") c.serious_severities = CodeMask(e, "severity");
      else if (e.key == "serious_list_max") {
        absl::StatusOr<Duration> d = ParseDuration(e.value);
        if (!d.ok()) {
          ctx_.Error("bad-duration", At(e), e.key, e.value,
                     Cat("'", e.value, "' is not a duration (3m, 1y, 180d, 10wd)"));
        } else {
          c.serious_list_max = *d;
        }
      } else if (e.key == "list_terms") {
        ListTerms(e, &c);
      } else {
        UnknownKey(s, e, "abnormal_kinds, serious_kinds, penalty_kinds, serious_severities, "
                         "serious_list_max, list_terms");
      }
    }
  }

  void DecisionSection(const IniSection& s) {
    const std::string_view name = std::string_view(s.name).substr(9);
    const std::optional<Decision> d = DecisionByName(name);
    if (!d) {
      ctx_.Error("unknown-decision", AtSection(s), "", name,
                 Cat("unknown decision '", name,
                        "' (eligibility, materials, record_alerts, entity_alerts)"));
      return;
    }
    DecisionSpec& spec = pack_.decisions[static_cast<int>(*d)];
    const IniEntry* priority = nullptr;
    for (const IniEntry& e : s.entries) {
      if (e.key == "hit_policy") {
        const std::optional<HitPolicy> p = HitPolicyByName(e.value);
        if (!p) {
          ctx_.Error("bad-hit-policy", At(e), e.key, e.value,
                     Cat("unknown hit policy '", e.value, "' (FIRST, PRIORITY, UNIQUE, COLLECT)"));
          continue;
        }
        const bool eligibility = *d == Decision::kEligibility;
        if (eligibility == (*p == HitPolicy::kCollect)) {
          ctx_.Error("bad-hit-policy", At(e), e.key, e.value,
                     Cat("the ", name, " decision takes ",
                            eligibility ? "FIRST, PRIORITY or UNIQUE" : "COLLECT"));
          continue;
        }
        spec.policy = *p;
      } else if (e.key == "priority") {
        priority = &e;
      } else {
        UnknownKey(s, e, "hit_policy, priority");
      }
    }
    if (priority) {
      if (spec.policy != HitPolicy::kPriority) {
        ctx_.Warning("unused-key", AtKey(*priority), "priority", priority->value,
                   "'priority' is only used with hit_policy = PRIORITY");
      }
      for (std::string_view item : SplitCellList(priority->value)) {
        std::vector<CellError> errors;
        const std::optional<RepairStatus> st = ParseStatus(item, &errors);
        ctx_.CellErrors(At(*priority), "priority", item, errors);
        if (!st) continue;
        if (*st == RepairStatus::kEligibleNow || *st == RepairStatus::kEligibleLater) {
          ctx_.Error("bad-status", At(*priority), "priority", item,
                     "list 'eligible', not eligible_now / eligible_later");
        } else if (std::find(spec.priority.begin(), spec.priority.end(), *st) !=
                   spec.priority.end()) {
          ctx_.Error("duplicate-code", At(*priority), "priority", item,
                     Cat("'", item, "' is listed twice"));
        } else {
          spec.priority.push_back(*st);
        }
      }
    } else if (spec.policy == HitPolicy::kPriority) {
      ctx_.Error("missing-key", AtSection(s), "priority", "",
                 "hit_policy = PRIORITY needs a 'priority' list of statuses, highest first");
    }
    priority_loc_ = priority ? At(*priority) : AtSection(s);
  }

  void TableSection(const IniSection& s) {
    TableDecl decl;
    Table& t = decl.table;
    t.name = s.name.substr(6);
    for (const TableDecl& other : tables_) {
      if (other.table.name == t.name) {
        ctx_.Error("duplicate-section", AtSection(s), "", t.name,
                   Cat("table '", t.name, "' is declared twice"));
        return;
      }
    }
    bool have_decision = false;
    decl.from = AtSection(s);
    for (const IniEntry& e : s.entries) {
      if (e.key == "file") {
        t.file = e.value;
        decl.from = At(e);
      } else if (e.key == "decision") {
        const std::optional<Decision> d = DecisionByName(e.value);
        if (!d) {
          ctx_.Error("unknown-decision", At(e), e.key, e.value,
                     Cat("unknown decision '", e.value,
                            "' (eligibility, materials, record_alerts, entity_alerts)"));
          return;
        }
        t.decision = *d;
        have_decision = true;
      } else if (e.key == "complete") {
        if (e.value == "true") t.complete = true;
        else if (e.value == "false") t.complete = false;
        else {
          ctx_.Error("bad-value", At(e), e.key, e.value, "complete is 'true' or 'false'");
        }
      } else if (e.key == "description") {
        t.description = e.value;
      } else {
        UnknownKey(s, e, "file, decision, complete, description");
      }
    }
    if (t.file.empty()) {
      ctx_.Error("missing-key", AtSection(s), "file", "", Cat("table '", t.name, "' needs a file"));
      return;
    }
    if (!have_decision) {
      ctx_.Error("missing-key", AtSection(s), "decision", "",
                 Cat("table '", t.name, "' needs a decision"));
      return;
    }
    tables_.push_back(std::move(decl));
  }

  void CheckDecisions() {
    bool any_eligibility = false;
    for (const Table& t : pack_.tables) any_eligibility |= t.decision == Decision::kEligibility;
    if (!any_eligibility) {
      ctx_.Error("missing-table", SourceLoc{std::string(kManifest), 0, 0}, "", "",
                 "the pack has no eligibility table");
    }
    const DecisionSpec& spec = pack_.decisions[static_cast<int>(Decision::kEligibility)];
    if (spec.policy != HitPolicy::kPriority) return;
    for (const Table& t : pack_.tables) {
      if (t.decision != Decision::kEligibility) continue;
      for (const Row& r : t.rows) {
        if (std::find(spec.priority.begin(), spec.priority.end(), r.out.status) ==
            spec.priority.end()) {
          ctx_.Error("status-not-in-priority", r.loc, "status", StatusCode(r.out.status),
                     Cat("status '", StatusCode(r.out.status),
                            "' is not in the eligibility priority list (", kManifest, ":",
                            priority_loc_.line, ")"));
        }
      }
    }
  }

  LoadContext& ctx_;
  xiufu::Pack& pack_;
  std::vector<FileDecl> files_;
  std::vector<TableDecl> tables_;
  const IniSection* context_ = nullptr;
  int pack_line_ = 0;
  SourceLoc priority_loc_;
};

}  // namespace

namespace {

// Loads the pack into `result` (whose pack `ctx` fills) from its manifest's bytes.
void LoadManifest(LoadContext& ctx, DiagnosticSink& sink, LoadResult& result,
                  std::string_view manifest) {
  ctx.Hash(manifest);
  if (std::optional<std::string> text = ctx.Decode(std::string(kManifest), std::string(manifest))) {
    ManifestLoader(ctx).Load(*text);
  }
  result.pack.hash = ctx.hash();
  result.diagnostics = sink.diagnostics();
  result.error_count = sink.error_count();
  result.dropped = sink.dropped();
}

}  // namespace

absl::StatusOr<LoadResult> LoadPack(std::string_view dir, size_t max_diagnostics) {
  const std::string path = Cat(dir, "/", kManifest);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat("cannot open ", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return absl::DataLossError(Cat("cannot read ", path));
  const std::string bytes = std::move(buf).str();

  LoadResult result;
  DiagnosticSink sink(max_diagnostics);
  result.pack.dir = std::string(dir);
  LoadContext ctx(std::string(dir), &result.pack, &sink);
  LoadManifest(ctx, sink, result, bytes);
  return result;
}

absl::StatusOr<LoadResult> LoadPackFromFiles(const PackFiles& files, size_t max_diagnostics) {
  const auto manifest = files.find(kManifest);
  if (manifest == files.end()) return absl::NotFoundError(Cat("no ", kManifest));
  LoadResult result;
  DiagnosticSink sink(max_diagnostics);
  LoadContext ctx(&files, &result.pack, &sink);
  LoadManifest(ctx, sink, result, manifest->second);
  return result;
}

}  // namespace xiufu

// Lint analyses over the box model (lint_space.h): UNIQUE overlaps, FIRST/PRIORITY shadowed
// rows, gaps in complete tables, and catalogue/cell warnings.
#include "xiufu/lint.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "lint/lint_space.h"
#include "base/sv_util.h"

namespace xiufu {
namespace {

using lint_internal::Bits;
using lint_internal::RowRef;
using lint_internal::Space;
using lint_internal::SpaceMode;

constexpr size_t kNodeBudget = 2'000'000;  // DFS nodes per analysis before giving up
constexpr size_t kGapsPerTable = 10;   // gap diagnostics per complete table
constexpr size_t kMaxGapBoxes = 500;   // gaps collected (before merging) per table
constexpr size_t kNamedRows = 6;

std::string RowName(const RowRef& r) {
  return Cat("'", r.row->rule_id, "' (", r.row->loc.file, ":", r.row->loc.line, ")");
}

bool SameDate(const DateExpr& a, const DateExpr& b) {
  return a.base1 == b.base1 && a.base2 == b.base2 && a.has_dur1 == b.has_dur1 &&
         a.has_dur2 == b.has_dur2 && (!a.has_dur1 || a.dur1 == b.dur1) &&
         (!a.has_dur2 || a.dur2 == b.dur2);
}

bool SameOutputs(const RowOutputs& a, const RowOutputs& b) {
  return a.status == b.status && SameDate(a.eligible_from, b.eligible_from) &&
         SameDate(a.expires_on, b.expires_on) && a.channel == b.channel &&
         a.authority == b.authority && a.reason_zh == b.reason_zh &&
         a.reason_en == b.reason_en && a.materials == b.materials && a.alerts == b.alerts;
}

// An example point of the intersection of two rows' boxes, over the dimensions where at least
// one of them is restricted.
std::string Example(const Space& s, size_t a, size_t b) {
  std::vector<std::string> parts;
  for (size_t k = 0; k < s.dims.size(); ++k) {
    const size_t n = s.dims[k].elems.size();
    if (s.member[a][k].Count() == n && s.member[b][k].Count() == n) continue;
    const Bits both = s.member[a][k] & s.member[b][k];
    Bits one(n);
    one.Set(static_cast<size_t>(both.Lowest()));
    parts.push_back(s.Describe(k, one));
  }
  return parts.empty() ? "every input" : Join(parts, ", ");
}

class Linter {
 public:
  Linter(const Pack& pack, size_t cap) : pack_(pack), sink_(cap) {}

  std::vector<Diagnostic> Run() {
    for (int d = 0; d < kNumDecisions; ++d) {
      const Decision decision = static_cast<Decision>(d);
      std::vector<RowRef> rows;
      for (const Table& t : pack_.tables) {
        if (t.decision != decision) continue;
        for (const Row& r : t.rows) rows.push_back(RowRef{&t, &r});
      }
      if (rows.empty()) continue;
      NeverMatches(rows);
      const DecisionSpec& spec = pack_.decisions[d];
      if (spec.policy == HitPolicy::kUnique) Overlaps(rows);
      if (spec.policy == HitPolicy::kFirst) Shadowed(rows);
      if (spec.policy == HitPolicy::kPriority) Shadowed(ByPriority(rows, spec));
    }
    for (const Table& t : pack_.tables) {
      if (t.complete) Gaps(t);
    }
    Unused();
    return sink_.diagnostics();
  }

 private:
  // ---- warnings -------------------------------------------------------------------------

  void NeverMatches(const std::vector<RowRef>& rows) {
    const Space s = Space::Build(pack_, rows, lint_internal::TestedSlots(pack_, rows), SpaceMode::kAll);
    for (size_t r = 0; r < rows.size(); ++r) {
      if (!s.empty[r]) continue;
      const Row& row = *rows[r].row;
      SourceLoc loc = row.loc;
      std::string text;
      for (size_t k = 0; k < s.dims.size(); ++k) {
        if (s.member[r][k].Any()) continue;
        for (const CellTest& c : row.cells) {
          if (c.kind != CellTest::Kind::kAny &&
              lint_internal::CanonicalSlot(pack_, c, lint_internal::TestedSlots(pack_, rows)) == s.dims[k].slot) {
            loc = c.loc;
            text = c.text;
          }
        }
        break;
      }
      sink_.Warning("never-matches", loc, "", text,
                    Cat("rule '", row.rule_id, "' can never match: ",
                        text.empty() ? std::string("its cells exclude every value")
                                     : Cat("'", text, "' accepts no value")));
    }
  }

  void Unused() {
    uint64_t alerts = 0;
    Bits128 materials;
    uint32_t parameters = 0;
    for (const Table& t : pack_.tables) {
      for (const Row& r : t.rows) {
        alerts |= r.out.alerts;
        materials |= r.out.materials;
        parameters |= r.parameters;
      }
    }
    for (size_t i = 0; i < pack_.parameters.size(); ++i) {
      const Parameter& p = pack_.parameters[i];
      if (i >= 32 || !((parameters >> i) & 1)) {
        sink_.Warning("unused-parameter", p.loc, "", p.name,
                      Cat("parameter '", p.name, "' is used by no cell ($", p.name, ")"));
      }
    }
    for (const CustomColumn& c : pack_.columns) {
      bool used = false;
      for (const Table& t : pack_.tables) {
        for (const InputColumn& in : t.inputs) used = used || in.fact == c.fact || (c.has_since() && in.fact == c.since);
      }
      if (!used) {
        sink_.Warning("unused-column", c.loc, "", c.name,
                      Cat("column '", c.name, "' is tested by no table"));
      }
    }
    for (size_t a = 0; a < pack_.alerts.size(); ++a) {
      if (!((alerts >> a) & 1)) {
        sink_.Warning("unused-alert", pack_.alerts[a].loc, "code", pack_.alerts[a].code,
                      Cat("alert '", pack_.alerts[a].code, "' is never raised by any row"));
      }
    }
    for (size_t m = 0; m < pack_.materials.size(); ++m) {
      const Material& mat = pack_.materials[m];
      if (mat.canonical) {
        const bool mapped = std::any_of(
            pack_.material_map.begin(), pack_.material_map.end(),
            [&](const MaterialMapping& mm) { return mm.canonical == static_cast<int>(m); });
        if (!mapped) {
          sink_.Warning("unused-material", mat.loc, "code", mat.code,
                        Cat("canonical material '", mat.code,
                            "' is the target of no material_map row"));
        }
      } else if (!materials.Test(static_cast<int>(m))) {
        sink_.Warning("unused-material", mat.loc, "code", mat.code,
                      Cat("material '", mat.code, "' is never asked for by any row"));
      }
    }
  }

  // ---- UNIQUE: overlaps -----------------------------------------------------------------

  void Overlaps(const std::vector<RowRef>& rows) {
    const Space s = Space::Build(pack_, rows, lint_internal::TestedSlots(pack_, rows), SpaceMode::kAll);
    for (size_t b = 0; b < rows.size(); ++b) {
      if (s.empty[b]) continue;
      for (size_t a = 0; a < b; ++a) {
        if (s.empty[a] || !s.Intersect(a, b)) continue;
        if (SameOutputs(rows[a].row->out, rows[b].row->out)) continue;
        sink_.Error("overlap", rows[b].row->loc, "rule_id", rows[b].row->rule_id,
                    Cat("rules ", RowName(rows[a]), " and ", RowName(rows[b]),
                        " both match (e.g. ", Example(s, a, b),
                        ") with different outputs; UNIQUE allows one match"));
      }
    }
  }

  // ---- FIRST / PRIORITY: shadowed rows ---------------------------------------------------

  static std::vector<RowRef> ByPriority(std::vector<RowRef> rows, const DecisionSpec& spec) {
    auto rank = [&](const RowRef& r) {
      const auto it = std::find(spec.priority.begin(), spec.priority.end(), r.row->out.status);
      return static_cast<int>(it - spec.priority.begin());
    };
    std::stable_sort(rows.begin(), rows.end(),
                     [&](const RowRef& a, const RowRef& b) { return rank(a) < rank(b); });
    return rows;
  }

  enum class Cover { kCovered, kUncovered, kUnknown };

  struct ShadowSearch {
    const Space& s;
    size_t target;
    std::vector<std::vector<bool>> suffix;  // [row][k]: row ⊇ target on dims k..end
    absl::flat_hash_set<std::pair<size_t, Bits>> covered;
    Bits used;
    size_t nodes = 0;

    Cover Dfs(size_t k, const Bits& running) {
      if (++nodes > kNodeBudget) return Cover::kUnknown;
      if (running.None()) return Cover::kUncovered;
      if (k == s.dims.size()) {
        used.Set(static_cast<size_t>(running.Lowest()));
        return Cover::kCovered;
      }
      for (size_t w = 0; w < running.words().size(); ++w) {
        for (uint64_t bits = running.words()[w]; bits; bits &= bits - 1) {
          const size_t j = w * 64 + __builtin_ctzll(bits);
          if (suffix[j][k]) {
            used.Set(j);
            return Cover::kCovered;
          }
        }
      }
      if (covered.contains(std::make_pair(k, running))) return Cover::kCovered;
      absl::flat_hash_set<Bits> seen;
      const Bits& mine = s.member[target][k];
      for (size_t v = 0; v < mine.size(); ++v) {
        if (!mine.Test(v)) continue;
        Bits next = running & s.contain[k][v];
        if (!seen.insert(next).second) continue;
        const Cover c = Dfs(k + 1, next);
        if (c != Cover::kCovered) return c;
      }
      covered.insert(std::make_pair(k, running));
      return Cover::kCovered;
    }
  };

  void Shadowed(const std::vector<RowRef>& rows) {
    const Space s = Space::Build(pack_, rows, lint_internal::TestedSlots(pack_, rows), SpaceMode::kAll);
    const size_t dims = s.dims.size();
    bool gave_up = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (s.empty[i]) continue;
      Bits earlier(rows.size());
      for (size_t j = 0; j < i; ++j) {
        if (!s.empty[j] && s.Intersect(i, j)) earlier.Set(j);
      }
      if (earlier.None()) continue;
      ShadowSearch search{s, i, {}, {}, Bits(rows.size())};
      search.suffix.assign(rows.size(), std::vector<bool>(dims + 1, false));
      for (size_t j = 0; j < i; ++j) {
        if (!earlier.Test(j)) continue;
        search.suffix[j][dims] = true;
        for (size_t k = dims; k-- > 0;) {
          search.suffix[j][k] = search.suffix[j][k + 1] && s.member[j][k].Contains(s.member[i][k]);
        }
      }
      const Cover c = search.Dfs(0, earlier);
      if (c == Cover::kUnknown) {
        gave_up = true;
        continue;
      }
      if (c != Cover::kCovered) continue;
      std::vector<std::string> names;
      for (size_t j = 0; j < i; ++j) {
        if (!search.used.Test(j)) continue;
        if (names.size() == kNamedRows) {
          names.push_back("…");
          break;
        }
        names.push_back(RowName(rows[j]));
      }
      sink_.Error("shadowed-row", rows[i].row->loc, "rule_id", rows[i].row->rule_id,
                  Cat("rule '", rows[i].row->rule_id, "' can never fire: every case it matches is ",
                      "decided first by ", names.size() == 1 ? "rule " : "rules ",
                      Join(names, ", ")));
    }
    if (gave_up) {
      sink_.Warning("lint-incomplete", SourceLoc{rows.front().row->loc.file, 0, 0}, "", "",
                    Cat("shadowed-row analysis gave up on some rows of the ",
                        DecisionName(rows.front().table->decision), " decision (too many cases)"));
    }
  }

  // ---- complete tables: gaps -------------------------------------------------------------

  struct GapSearch {
    const Space& s;
    std::vector<Bits> assigned;  // value group per dimension on the current path
    absl::flat_hash_set<std::pair<size_t, Bits>> covered;
    std::vector<std::vector<Bits>> boxes;  // gaps found: a value set per dimension
    size_t more = 0;                       // gaps past kMaxGapBoxes
    size_t nodes = 0;
    bool gave_up = false;

    // Returns true when the subtree has no gap.
    bool Dfs(size_t k, const Bits& running) {
      if (++nodes > kNodeBudget) {
        gave_up = true;
        return false;
      }
      if (k == s.dims.size()) return true;
      if (covered.contains(std::make_pair(k, running))) return true;
      // Group the dimension's values by the rows that stay alive.
      std::vector<std::pair<Bits, Bits>> groups;  // (next running, values)
      const size_t n = s.dims[k].elems.size();
      for (size_t v = 0; v < n; ++v) {
        Bits next = running & s.contain[k][v];
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == next; });
        if (it == groups.end()) {
          groups.emplace_back(std::move(next), Bits(n));
          it = groups.end() - 1;
        }
        it->second.Set(v);
      }
      bool clean = true;
      for (auto& [next, values] : groups) {
        assigned[k] = values;
        if (next.None()) {
          Report(k);
          clean = false;
        } else if (!Dfs(k + 1, next)) {
          clean = false;
        }
        if (gave_up) return false;
      }
      assigned[k] = Bits::All(n);
      if (clean) covered.insert(std::make_pair(k, running));
      return clean;
    }

    void Report(size_t k) {
      if (boxes.size() >= kMaxGapBoxes) {
        ++more;
        return;
      }
      std::vector<Bits> box = assigned;
      for (size_t d = k + 1; d < box.size(); ++d) box[d] = Bits::All(s.dims[d].elems.size());
      boxes.push_back(std::move(box));
    }

    // Greedily merges boxes that differ in exactly one dimension (their union is a box).
    void Merge() {
      bool changed = true;
      while (changed) {
        changed = false;
        for (size_t a = 0; a < boxes.size() && !changed; ++a) {
          for (size_t b = a + 1; b < boxes.size() && !changed; ++b) {
            int diff = -1;
            for (size_t d = 0; d < boxes[a].size(); ++d) {
              if (boxes[a][d] == boxes[b][d]) continue;
              diff = diff == -1 ? static_cast<int>(d) : -2;
            }
            if (diff < 0) continue;
            boxes[a][diff] |= boxes[b][diff];
            boxes.erase(boxes.begin() + b);
            changed = true;
          }
        }
      }
    }

    std::string Describe(const std::vector<Bits>& box) const {
      std::vector<std::string> parts;
      for (size_t d = 0; d < box.size(); ++d) {
        if (box[d].Count() == s.dims[d].elems.size()) continue;
        parts.push_back(s.Describe(d, box[d]));
      }
      return parts.empty() ? std::string("any input") : Join(parts, ", ");
    }
  };

  void Gaps(const Table& t) {
    std::vector<RowRef> rows;
    for (const Row& r : t.rows) rows.push_back(RowRef{&t, &r});
    const SourceLoc loc{t.file, t.header_line, 1};
    if (rows.empty()) {
      sink_.Error("gap", loc, "", "", Cat("table '", t.name, "' is declared complete but has no rows"));
      return;
    }
    // Dimensions in column order, then the date.
    const std::vector<int> tested = lint_internal::TestedSlots(pack_, rows);
    std::vector<int> slots;
    for (const InputColumn& col : t.inputs) {
      for (const RowRef& r : rows) {
        for (const CellTest& c : r.row->cells) {
          if (c.kind == CellTest::Kind::kAny || c.loc.column != col.csv_column) continue;
          const int slot = lint_internal::CanonicalSlot(pack_, c, tested);
          if (std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
        }
      }
    }
    const Space s = Space::Build(pack_, rows, slots, SpaceMode::kGaps);
    GapSearch search{s, {}, {}, {}};
    for (const auto& dim : s.dims) search.assigned.push_back(Bits::All(dim.elems.size()));
    Bits all(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      if (!s.empty[r]) all.Set(r);
    }
    search.Dfs(0, all);
    search.Merge();
    for (size_t g = 0; g < search.boxes.size() && g < kGapsPerTable; ++g) {
      sink_.Error("gap", loc, "", "",
                  Cat("table '", t.name, "' is declared complete but no row covers ",
                      search.Describe(search.boxes[g])));
    }
    const size_t more = search.more + (search.boxes.size() > kGapsPerTable
                                           ? search.boxes.size() - kGapsPerTable : 0);
    if (more > 0) {
      sink_.Error("gap", loc, "", "", Cat("table '", t.name, "': ", more, " more gaps not shown"));
    }
    if (search.gave_up) {
      sink_.Warning("lint-incomplete", loc, "", "",
                    Cat("gap analysis of table '", t.name, "' gave up (too many cases)"));
    }
  }

  const Pack& pack_;
  DiagnosticSink sink_;
};

}  // namespace

std::vector<Diagnostic> Lint(const Pack& pack, size_t cap) { return Linter(pack, cap).Run(); }

}  // namespace xiufu

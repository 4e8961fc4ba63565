// Compile: a loaded Pack → internal::TableData (layout in runtime/detail/table_data.h).
#include "xiufu/compile.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "base/str_util.h"
#include "compile/date_expr.h"
#include "pack/parameters.h"
#include "xiufu/runtime/diagnostic.h"

namespace xiufu {
namespace {

// A row as the compiler sees it: the parsed row plus its table, and the effective-date cell.
struct PendingRow {
  const Row* row;
  uint32_t table;
  CellTest effective;  // kAny when open on both ends
};

CellTest EffectiveCell(const Row& row) {
  CellTest c;
  if (row.effective_from.days == kNoDay && row.effective_to.days == kNoDay) return c;
  c.kind = CellTest::Kind::kRanges;
  c.null_ok = false;
  c.slot = SlotOf(Fact::kAsOf);
  const int64_t lo = row.effective_from.days == kNoDay ? std::numeric_limits<int64_t>::min() + 1
                                                       : row.effective_from.days;
  const int64_t hi = row.effective_to.days == kNoDay ? std::numeric_limits<int64_t>::max()
                                                     : int64_t{row.effective_to.days} + 1;
  c.ranges.push_back(Range{lo, hi});
  c.text = Cat(FormatDate(row.effective_from), "..", FormatDate(row.effective_to));
  return c;
}

// Calls fn(cell) for every cell of `pr` that tests `slot` (usually none or one).
template <typename Fn>
void ForAllCells(const PendingRow& pr, Fn fn) {
  if (pr.effective.kind != CellTest::Kind::kAny) fn(pr.effective);
  for (const CellTest& c : pr.row->cells) {
    if (c.kind != CellTest::Kind::kAny) fn(c);
  }
}

template <typename Fn>
void ForCells(const PendingRow& pr, int slot, Fn fn) {
  if (pr.effective.kind != CellTest::Kind::kAny && pr.effective.slot == slot) fn(pr.effective);
  for (const CellTest& c : pr.row->cells) {
    if (c.kind != CellTest::Kind::kAny && c.slot == slot) fn(c);
  }
}

// Whether every cell of the row on `slot` accepts value v (a row without one accepts all).
bool Accepts(const PendingRow& pr, int slot, int64_t v) {
  bool ok = true;
  ForCells(pr, slot, [&](const CellTest& c) { ok = ok && c.Matches(v); });
  return ok;
}

int DomainSizeForSlot(const Pack& pack, int slot) {
  const FactInfo info = pack.Facts().Info(FactOfSlot(slot));
  if (info.type == FactType::kBool) return 2;
  if (info.type != FactType::kEnum) return -1;
  const EnumDomain* d = pack.Domain(info.domain);
  return d ? static_cast<int>(d->values.size()) : 0;
}

// The cell as explain shows it: as written, and with the value of every parameter it names
// in the row's period ("<= $low_fine_org [$low_fine_org = 50000]").
std::string CellText(const Pack& pack, const CellTest& c, const Row& row) {
  if (c.resolved.empty()) return c.text;
  std::string values;
  for (std::string_view name : pack_internal::ParameterRefs(c.text)) {
    const Parameter* p = pack.FindParameter(name);
    if (p == nullptr || values.find(Cat("$", name, " =")) != std::string::npos) continue;
    Append(&values, values.empty() ? "" : ", ", "$", name, " = ", p->At(row.effective_from).text);
  }
  return values.empty() ? c.text : Cat(c.text, " [", values, "]");
}

class Compiler {
 public:
  explicit Compiler(const Pack& pack) : pack_(pack), data_(std::make_shared<internal::TableData>()) {}

  absl::StatusOr<DecisionTable> Run() {
    internal::TableData& d = *data_;
    d.pack_hash = pack_.hash;
    d.pack_name = d.strings.Add(pack_.name);
    d.pack_version = d.strings.Add(pack_.version);
    d.pack_zh = d.strings.Add(pack_.zh);
    d.pack_en = d.strings.Add(pack_.en);
    CopyCatalogues();
    for (int dec = 0; dec < kNumDecisions; ++dec) {
      absl::Status s = CompileDecision(static_cast<Decision>(dec));
      if (!s.ok()) return s;
    }
    d.calendar = WorkCalendar(FromYmd(2000, 1, 1), FromYmd(2060, 12, 31), pack_.holidays,
                              pack_.workdays);
    internal::DeriveTableCaches(d);
    return DecisionTable(data_);
  }

 private:
  void CopyCatalogues() {
    internal::TableData& d = *data_;
    internal::StringPool& s = d.strings;
    d.fact_domain.fill(-1);
    for (const EnumDomain& dom : pack_.domains) {
      internal::CompiledDomain cd{s.Add(dom.name), static_cast<uint32_t>(d.domain_values.size()),
                        static_cast<uint32_t>(dom.values.size())};
      for (const EnumValue& v : dom.values) {
        d.domain_values.push_back(internal::CompiledDomainValue{s.Add(v.code), s.Add(v.zh), s.Add(v.en)});
      }
      d.domains.push_back(cd);
    }
    const FactVocabulary facts = pack_.Facts();
    for (int f = 0; f < kNumFactIds; ++f) {
      if (f >= kNumFacts && facts.ColumnOf(static_cast<Fact>(f)) == nullptr) continue;
      const FactInfo info = facts.Info(static_cast<Fact>(f));
      if (info.type != FactType::kEnum) continue;
      for (size_t i = 0; i < pack_.domains.size(); ++i) {
        if (pack_.domains[i].name == info.domain) d.fact_domain[f] = static_cast<int32_t>(i);
      }
    }
    for (const CustomColumn& c : pack_.columns) {
      internal::CompiledColumn cc{};
      cc.default_value = c.default_value;
      cc.name = s.Add(c.name);
      cc.domain = s.Add(c.domain);
      cc.default_text = s.Add(c.default_text);
      cc.zh = s.Add(c.zh);
      cc.en = s.Add(c.en);
      cc.source = s.Add(c.source);
      cc.since_name = s.Add(c.since_name);
      cc.since_zh = s.Add(c.since_zh);
      cc.since_en = s.Add(c.since_en);
      cc.scope = static_cast<uint8_t>(c.scope);
      cc.type = static_cast<uint8_t>(c.type);
      cc.fact = static_cast<uint8_t>(c.fact);
      cc.since = static_cast<uint8_t>(c.since);
      cc.ordinal = static_cast<uint8_t>(c.ordinal);
      cc.changeable = c.changeable;
      d.columns.push_back(cc);
    }
    for (const Material& m : pack_.materials) {
      d.materials.push_back(internal::CompiledMaterial{s.Add(m.code), s.Add(m.zh), s.Add(m.en),
                                             s.Add(m.requested_by), s.Add(m.source),
                                             static_cast<uint8_t>(m.canonical)});
    }
    for (const MaterialMapping& m : pack_.material_map) {
      d.material_map.push_back(internal::CompiledMapping{
          static_cast<uint32_t>(m.raw),
          m.canonical < 0 ? UINT32_MAX : static_cast<uint32_t>(m.canonical),
          m.effective_from.days, m.effective_to.days});
    }
    for (const AlertDef& a : pack_.alerts) {
      internal::CompiledAlert ca{};
      ca.code = s.Add(a.code);
      ca.severity = s.Add(a.severity);
      ca.zh = s.Add(a.zh);
      ca.en = s.Add(a.en);
      ca.source = s.Add(a.source);
      ca.entity_scope = a.entity_scope;
      ca.due = internal::ToCompiled(a.due);
      d.alerts.push_back(ca);
    }
    for (const ActionDef& a : pack_.actions) {
      d.actions.push_back(internal::CompiledAction{s.Add(a.code), s.Add(a.zh), s.Add(a.en),
                                                   s.Add(a.source),
                                                   static_cast<uint8_t>(a.effect)});
    }
    for (const Table& t : pack_.tables) {
      d.tables.push_back(internal::CompiledTableInfo{s.Add(t.name), s.Add(t.file),
                                           static_cast<uint8_t>(t.decision)});
    }
    d.context = pack_.context;
  }

  absl::Status CompileDecision(Decision dec) {
    internal::TableData& d = *data_;
    const DecisionSpec& spec = pack_.decisions[static_cast<int>(dec)];
    std::vector<PendingRow> rows;
    for (size_t t = 0; t < pack_.tables.size(); ++t) {
      if (pack_.tables[t].decision != dec) continue;
      for (const Row& r : pack_.tables[t].rows) {
        rows.push_back(PendingRow{&r, static_cast<uint32_t>(t), EffectiveCell(r)});
      }
    }
    if (spec.policy == HitPolicy::kPriority) {
      auto rank = [&](const PendingRow& pr) {
        const auto it = std::find(spec.priority.begin(), spec.priority.end(), pr.row->out.status);
        return static_cast<int>(it - spec.priority.begin());
      };
      std::stable_sort(rows.begin(), rows.end(),
                       [&](const PendingRow& a, const PendingRow& b) { return rank(a) < rank(b); });
    }
    internal::CompiledDecision& cd = d.decisions[static_cast<int>(dec)];
    cd.policy = static_cast<uint8_t>(spec.policy);
    cd.row_begin = static_cast<uint32_t>(d.rows.size());
    cd.row_count = static_cast<uint32_t>(rows.size());
    for (const PendingRow& pr : rows) AddRow(pr);

    // Keys that are the same for all platforms of a record let the matcher AND those slots
    // once per record; a key that varies by platform (e.g. the eligibility status) may still
    // split the rows so much better that it needs fewer lookups: the cheaper of the two.
    internal::CompiledDecision invariant = cd, any = cd;
    ChooseKeys(rows, &invariant, /*platform_keys=*/false);
    ChooseKeys(rows, &any, /*platform_keys=*/true);
    const internal::CompiledDecision& keys =
        LookupsPerPlatform(rows, any) < LookupsPerPlatform(rows, invariant) ? any : invariant;
    for (int i = 0; i < 2; ++i) {
      cd.key_slot[i] = keys.key_slot[i];
      cd.key_size[i] = keys.key_size[i];
    }
    cd.part_begin = static_cast<uint32_t>(d.partitions.size());
    cd.part_count = cd.key_size[0] * cd.key_size[1];
    for (uint32_t k0 = 0; k0 < cd.key_size[0]; ++k0) {
      for (uint32_t k1 = 0; k1 < cd.key_size[1]; ++k1) {
        std::vector<PendingRow> part;
        internal::Partition p;
        p.list_begin = static_cast<uint32_t>(d.part_rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
          if (AcceptsKey(rows[i], cd, 0, k0) && AcceptsKey(rows[i], cd, 1, k1)) {
            part.push_back(rows[i]);
            d.part_rows.push_back(cd.row_begin + static_cast<uint32_t>(i));
          }
        }
        p.row_count = static_cast<uint32_t>(part.size());
        p.words = std::max<uint32_t>(1, (p.row_count + 63) / 64);
        cd.max_words = std::max(cd.max_words, p.words);
        // The slots these rows test, in a fixed order (ascending slot id), keys excluded.
        std::vector<int> slots;
        for (const PendingRow& pr : part) {
          ForAllCells(pr, [&](const CellTest& c) {
            if (c.slot != cd.key_slot[0] && c.slot != cd.key_slot[1]) slots.push_back(c.slot);
          });
        }
        std::sort(slots.begin(), slots.end());
        slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
        p.index_begin = static_cast<uint32_t>(d.indexes.size());
        for (int slot : slots) {
          absl::Status s = AddIndex(part, p.words, slot);
          if (!s.ok()) return s;
        }
        p.index_count = static_cast<uint32_t>(d.indexes.size() - p.index_begin);
        OrderBySelectivity(p);
        d.partitions.push_back(p);
      }
    }
    return absl::OkStatus();
  }

  // The indexes of slots that are the same for all platforms of a record first (the matcher
  // ANDs them once per record, match.h RecordMatch), then those that vary by platform; within
  // each, enum and boolean (direct) indexes first, which the kernel ANDs without a branch
  // (TableData::part_split), then the ranges; each group most selective first (fewest rows
  // surviving on average), so the AND loop empties the row set early. Results do not depend
  // on the order.
  void OrderBySelectivity(const internal::Partition& p) {
    internal::TableData& d = *data_;
    auto survivors = [&](const internal::SlotIndex& ix) {
      const uint32_t masks = ix.direct ? ix.domain_size + 1 : ix.bp_count + 2;
      uint64_t bits = 0;
      for (uint32_t k = 0; k < masks; ++k) {
        for (uint32_t w = 0; w < p.words; ++w) {
          bits += __builtin_popcountll(d.masks[ix.mask_begin + k * p.words + w]);
        }
      }
      return static_cast<double>(bits) / masks + (ix.direct ? 0.0 : 0.25);
    };
    std::stable_sort(d.indexes.begin() + p.index_begin,
                     d.indexes.begin() + p.index_begin + p.index_count,
                     [&](const internal::SlotIndex& a, const internal::SlotIndex& b) {
                       const bool va = VariesByPlatform(FactOfSlot(a.slot));
                       const bool vb = VariesByPlatform(FactOfSlot(b.slot));
                       if (va != vb) return vb;
                       if (a.direct != b.direct) return a.direct > b.direct;
                       return survivors(a) < survivors(b);
                     });
  }

  // Key slots: enum/bool slots evaluated by direct indexing; with `platform_keys` false only
  // slots that are the same for all platforms of a record (a key that varies by platform gives
  // each platform its own partition, so the record's own facts are matched again for each).
  // Greedily picks up to two that minimise the average number of rows per partition (rows
  // with `-` on a key are copied into every partition of that key).
  void ChooseKeys(const std::vector<PendingRow>& rows, internal::CompiledDecision* cd,
                  bool platform_keys) {
    std::vector<int> candidates;
    for (const PendingRow& pr : rows) {
      ForAllCells(pr, [&](const CellTest& c) {
        if (DomainSizeForSlot(pack_, c.slot) > 0 &&
            (platform_keys || !VariesByPlatform(FactOfSlot(c.slot)))) {
          candidates.push_back(c.slot);
        }
      });
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (int k = 0; k < 2; ++k) {
      double best = AveragePartition(rows, *cd);
      int best_slot = -1;
      for (int slot : candidates) {
        if (slot == cd->key_slot[0]) continue;
        const uint32_t size = static_cast<uint32_t>(DomainSizeForSlot(pack_, slot)) + 1;
        if (cd->key_size[0] * size > 1024) continue;
        internal::CompiledDecision trial = *cd;
        trial.key_slot[k] = static_cast<uint16_t>(slot);
        trial.key_size[k] = size;
        const double avg = AveragePartition(rows, trial);
        if (avg < best * 0.9) {
          best = avg;
          best_slot = slot;
        }
      }
      if (best_slot < 0) break;
      cd->key_slot[k] = static_cast<uint16_t>(best_slot);
      cd->key_size[k] = static_cast<uint32_t>(DomainSizeForSlot(pack_, best_slot)) + 1;
    }
  }

  // The mask lookups one record × platform costs with these keys, on average over the
  // partitions (one without rows costs none: a key value no row accepts, such as a status no
  // table names, is decided without a lookup). When no key varies by platform, all platforms of a record use
  // one partition and a slot the same for all of them is looked up once per record (1 / number
  // of platforms), the others once per platform (match.h, RecordMatch); a key that varies
  // by platform gives the platforms different partitions (assumed: no sharing).
  double LookupsPerPlatform(const std::vector<PendingRow>& rows,
                            const internal::CompiledDecision& cd) const {
    const EnumDomain* platforms = pack_.Domain("platform");
    bool shared = true;
    for (uint16_t k : cd.key_slot) {
      if (k != internal::kNoKey && VariesByPlatform(FactOfSlot(k))) shared = false;
    }
    const double np = shared && platforms != nullptr && !platforms->values.empty()
                          ? static_cast<double>(platforms->values.size()) : 1.0;
    double total = 0;
    int parts = 0;
    for (uint32_t k0 = 0; k0 < cd.key_size[0]; ++k0) {
      for (uint32_t k1 = 0; k1 < cd.key_size[1]; ++k1) {
        std::vector<int> slots;
        bool any_row = false;
        for (const PendingRow& pr : rows) {
          if (!AcceptsKey(pr, cd, 0, k0) || !AcceptsKey(pr, cd, 1, k1)) continue;
          any_row = true;
          ForAllCells(pr, [&](const CellTest& c) {
            if (c.slot != cd.key_slot[0] && c.slot != cd.key_slot[1]) slots.push_back(c.slot);
          });
        }
        ++parts;
        if (!any_row) continue;
        std::sort(slots.begin(), slots.end());
        slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
        for (int slot : slots) total += VariesByPlatform(FactOfSlot(slot)) ? 1.0 : 1.0 / np;
      }
    }
    return parts == 0 ? 0.0 : total / parts;
  }

  double AveragePartition(const std::vector<PendingRow>& rows, const internal::CompiledDecision& cd) const {
    size_t total = 0;
    for (uint32_t k0 = 0; k0 < cd.key_size[0]; ++k0) {
      for (uint32_t k1 = 0; k1 < cd.key_size[1]; ++k1) {
        for (const PendingRow& pr : rows) {
          total += AcceptsKey(pr, cd, 0, k0) && AcceptsKey(pr, cd, 1, k1);
        }
      }
    }
    return static_cast<double>(total) / (cd.key_size[0] * cd.key_size[1]);
  }

  // Whether the row accepts index `k` of key `i` (the last index stands for null).
  static bool AcceptsKey(const PendingRow& pr, const internal::CompiledDecision& cd, int i, uint32_t k) {
    if (cd.key_slot[i] == internal::kNoKey) return true;
    const int64_t v = k + 1 == cd.key_size[i] ? kNull : static_cast<int64_t>(k);
    return Accepts(pr, cd.key_slot[i], v);
  }

  void AddRow(const PendingRow& pr) {
    internal::TableData& d = *data_;
    internal::StringPool& s = d.strings;
    const Row& r = *pr.row;
    internal::CompiledRow cr;
    std::memset(static_cast<void*>(&cr), 0, sizeof cr);  // its padding too: the blob's bytes
    cr.rule_id = s.Add(r.rule_id);
    cr.source = s.Add(r.source);
    cr.reason_zh = s.Add(r.out.reason_zh);
    cr.reason_en = s.Add(r.out.reason_en);
    cr.table = pr.table;
    cr.line = static_cast<uint32_t>(r.loc.line);
    cr.effective_from = r.effective_from.days;
    cr.effective_to = r.effective_to.days;
    cr.status = static_cast<uint8_t>(r.out.status);
    cr.channel = static_cast<int8_t>(r.out.channel);
    cr.authority = static_cast<int8_t>(r.out.authority);
    cr.eligible_from = internal::ToCompiled(r.out.eligible_from);
    cr.expires_on = internal::ToCompiled(r.out.expires_on);
    cr.materials = r.out.materials;
    cr.alerts = r.out.alerts;
    cr.actions = r.out.actions;
    cr.cell_begin = static_cast<uint32_t>(d.cells.size());
    const Table& table = pack_.tables[pr.table];
    for (size_t i = 0; i < r.cells.size(); ++i) {
      const CellTest& c = r.cells[i];
      if (c.kind == CellTest::Kind::kAny) continue;
      internal::CompiledCell cc;
      std::memset(&cc, 0, sizeof cc);
      cc.slot = static_cast<uint16_t>(c.slot);
      cc.kind = static_cast<uint8_t>(c.kind);
      cc.null_ok = c.null_ok;
      cc.header = s.Add(i < table.inputs.size() ? table.inputs[i].header : "");
      cc.text = s.Add(CellText(pack_, c, *pr.row));
      cc.column = static_cast<uint32_t>(c.loc.column);
      cc.range_begin = static_cast<uint32_t>(d.ranges.size());
      cc.range_count = static_cast<uint32_t>(c.ranges.size());
      cc.enum_mask = c.enum_mask;
      d.ranges.insert(d.ranges.end(), c.ranges.begin(), c.ranges.end());
      d.cells.push_back(cc);
    }
    cr.cell_count = static_cast<uint32_t>(d.cells.size() - cr.cell_begin);
    d.rows.push_back(cr);
  }

  absl::Status AddIndex(const std::vector<PendingRow>& rows, uint32_t words, int slot) {
    internal::TableData& d = *data_;
    internal::SlotIndex idx;
    std::memset(static_cast<void*>(&idx), 0, sizeof idx);  // its padding too: the blob's bytes
    idx.slot = static_cast<uint16_t>(slot);
    idx.mask_begin = static_cast<uint32_t>(d.masks.size());
    const int domain_size = DomainSizeForSlot(pack_, slot);
    // Representative values, one per mask; the last one is the null value.
    std::vector<int64_t> reps;
    if (domain_size >= 0) {
      if (domain_size > kMaxEnumValues) {
        return absl::InvalidArgumentError(
            Cat("domain of '", pack_.Facts().Info(FactOfSlot(slot)).name,
                "' has more than 64 values"));
      }
      idx.direct = 1;
      idx.domain_size = static_cast<uint32_t>(domain_size);
      for (int v = 0; v < domain_size; ++v) reps.push_back(v);
    } else {
      std::vector<int64_t> bps;
      for (const PendingRow& pr : rows) {
        ForCells(pr, slot, [&](const CellTest& c) {
          for (const Range& r : c.ranges) {
            bps.push_back(r.lo);
            bps.push_back(r.hi);
          }
        });
      }
      std::sort(bps.begin(), bps.end());
      bps.erase(std::unique(bps.begin(), bps.end()), bps.end());
      // INT64_MIN is the null value and never a real lower bound of an interval.
      bps.erase(std::remove(bps.begin(), bps.end(), std::numeric_limits<int64_t>::min()), bps.end());
      idx.bp_begin = static_cast<uint32_t>(d.breakpoints.size());
      idx.bp_count = static_cast<uint32_t>(bps.size());
      d.breakpoints.insert(d.breakpoints.end(), bps.begin(), bps.end());
      // Interval k = [bps[k-1], bps[k]); interval 0 starts just above the null value.
      reps.push_back(std::numeric_limits<int64_t>::min() + 1);
      for (int64_t b : bps) reps.push_back(b);
    }
    reps.push_back(kNull);
    for (int64_t v : reps) {
      const size_t base = d.masks.size();
      d.masks.resize(base + words, 0);
      for (size_t i = 0; i < rows.size(); ++i) {
        if (Accepts(rows[i], slot, v)) d.masks[base + i / 64] |= uint64_t{1} << (i % 64);
      }
    }
    d.indexes.push_back(idx);
    return absl::OkStatus();
  }

  const Pack& pack_;
  std::shared_ptr<internal::TableData> data_;
};

}  // namespace

absl::StatusOr<DecisionTable> Compile(const LoadResult& loaded) {
  if (!loaded.ok()) {
    std::string msg = Cat("rule pack '", loaded.pack.dir, "' has ", loaded.error_count,
                             " error(s); fix them before compiling:");
    int shown = 0;
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity != Severity::kError) continue;
      if (++shown > 5) break;
      msg += "\n  " + FormatDiagnostic(d);
    }
    return absl::InvalidArgumentError(msg);
  }
  return Compiler(loaded.pack).Run();
}

}  // namespace xiufu

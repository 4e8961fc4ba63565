// The blob reader: one contiguous byte string → DecisionTable, checking each part in turn.
#include "xiufu/runtime/blob.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/str_util.h"
#include "xiufu/runtime/detail/blob_format.h"

namespace xiufu {
namespace {

using internal::Fnv1a;
using internal::kHeaderSize;
using internal::kMagic;

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Pod(T* v) {
    if (in_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    uint64_t n = 0;
    if (!Pod(&n) || n > (in_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    if (n) std::memcpy(v->data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!Pod(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool ReadContext(Reader& r, ContextConfig* c) {
  uint8_t unit = 0;
  const bool ok = r.Pod(&c->abnormal_kinds) && r.Pod(&c->serious_kinds) &&
                  r.Pod(&c->serious_severities) && r.Pod(&c->penalty_kinds) &&
                  r.Pod(&c->serious_list_max.amount) && r.Pod(&unit) && unit <= 3;
  c->serious_list_max.unit = static_cast<DurationUnit>(unit);
  bool terms_ok = ok;
  for (Duration& d : c->list_term) {
    uint8_t u = 0;
    terms_ok = terms_ok && r.Pod(&d.amount) && r.Pod(&u) && u <= 3 && d.amount >= 0;
    d.unit = static_cast<DurationUnit>(u);
  }
  return terms_ok;
}

absl::Status Malformed(std::string_view what) {
  return absl::DataLossError(Cat("table blob is malformed: ", what));
}

// Every index stored in the table points inside the arrays it indexes.
absl::Status Validate(const internal::TableData& d) {
  const size_t nstr = d.strings.offsets.empty() ? 0 : d.strings.offsets.size() - 1;
  if (d.strings.offsets.empty() || d.strings.offsets.front() != 0 ||
      d.strings.offsets.back() != d.strings.chars.size()) {
    return Malformed("string pool");
  }
  for (size_t i = 1; i < d.strings.offsets.size(); ++i) {
    if (d.strings.offsets[i] < d.strings.offsets[i - 1]) return Malformed("string offsets");
  }
  auto str_ok = [&](uint32_t id) { return id < nstr; };
  for (const internal::CompiledDomain& dom : d.domains) {
    if (!str_ok(dom.name) || dom.value_begin + uint64_t{dom.value_count} > d.domain_values.size()) {
      return Malformed("domain");
    }
  }
  for (const internal::CompiledRow& r : d.rows) {
    if (!str_ok(r.rule_id) || !str_ok(r.source) || !str_ok(r.reason_zh) || !str_ok(r.reason_en) ||
        r.table >= d.tables.size() || r.cell_begin + uint64_t{r.cell_count} > d.cells.size() ||
        r.status >= kNumStatuses ||
        (d.actions.size() < 32 && (r.actions >> d.actions.size()) != 0)) {
      return Malformed("row");
    }
  }
  for (const internal::CompiledAction& a : d.actions) {
    if (!str_ok(a.code) || !str_ok(a.zh) || !str_ok(a.en) || !str_ok(a.source) ||
        a.effect >= static_cast<uint8_t>(ActionEffect::kCount_)) {
      return Malformed("action");
    }
  }
  if (d.actions.size() > kMaxActions) return Malformed("actions");
  for (const internal::CompiledCell& c : d.cells) {
    if (c.slot >= kNumSlots || !str_ok(c.header) || !str_ok(c.text) ||
        c.range_begin + uint64_t{c.range_count} > d.ranges.size()) {
      return Malformed("cell");
    }
  }
  for (const internal::CompiledDecision& cd : d.decisions) {
    if (cd.row_begin + uint64_t{cd.row_count} > d.rows.size() ||
        uint64_t{cd.key_size[0]} * cd.key_size[1] != cd.part_count || cd.max_words == 0 ||
        cd.part_begin + uint64_t{cd.part_count} > d.partitions.size()) {
      return Malformed("decision");
    }
    for (int k = 0; k < 2; ++k) {
      if (cd.key_slot[k] != internal::kNoKey && cd.key_slot[k] >= kNumSlots) return Malformed("decision key");
    }
    // A partition's bitset has the words its rows need (at least one), and the decision's
    // max_words is the largest of them: what the evaluation allocates for its accumulator.
    uint32_t max_words = 1;
    for (uint32_t pi = 0; pi < cd.part_count; ++pi) {
      const internal::Partition& p = d.partitions[cd.part_begin + pi];
      if (p.words != std::max<uint64_t>(1, (uint64_t{p.row_count} + 63) / 64) ||
          p.list_begin + uint64_t{p.row_count} > d.part_rows.size() ||
          p.index_begin + uint64_t{p.index_count} > d.indexes.size()) {
        return Malformed("partition");
      }
      for (uint32_t i = 0; i < p.row_count; ++i) {
        const uint32_t row = d.part_rows[p.list_begin + i];
        if (row < cd.row_begin || row >= cd.row_begin + cd.row_count) return Malformed("partition row");
      }
      for (uint32_t i = 0; i < p.index_count; ++i) {
        const internal::SlotIndex& ix = d.indexes[p.index_begin + i];
        const uint64_t masks = ix.direct ? uint64_t{ix.domain_size} + 1 : uint64_t{ix.bp_count} + 2;
        if (ix.slot >= kNumSlots || ix.mask_begin + masks * p.words > d.masks.size() ||
            (!ix.direct && ix.bp_begin + uint64_t{ix.bp_count} > d.breakpoints.size())) {
          return Malformed("slot index");
        }
      }
      max_words = std::max(max_words, p.words);
    }
    if (cd.max_words != max_words) return Malformed("decision words");
  }
  // Every other string id (names, codes and texts read by explain, reports and outcome text)
  // and the date expressions the evaluator computes.
  for (uint32_t id : {d.pack_name, d.pack_version, d.pack_zh, d.pack_en}) {
    if (!str_ok(id)) return Malformed("pack strings");
  }
  for (const internal::CompiledDomainValue& v : d.domain_values) {
    if (!str_ok(v.code) || !str_ok(v.zh) || !str_ok(v.en)) return Malformed("domain value");
  }
  for (const internal::CompiledMaterial& m : d.materials) {
    if (!str_ok(m.code) || !str_ok(m.zh) || !str_ok(m.en) || !str_ok(m.requested_by) ||
        !str_ok(m.source)) {
      return Malformed("material");
    }
  }
  auto date_expr_ok = [](const internal::CompiledDateExpr& e) {
    constexpr int kBases = static_cast<int>(DateBase::kCount_);
    return e.base1 < kBases && e.base2 < kBases && e.unit1 <= 3 && e.unit2 <= 3 &&
           e.has_dur1 <= 1 && e.has_dur2 <= 1;
  };
  for (const internal::CompiledAlert& a : d.alerts) {
    if (!str_ok(a.code) || !str_ok(a.severity) || !str_ok(a.zh) || !str_ok(a.en) ||
        !str_ok(a.source) || a.entity_scope > 1 || !date_expr_ok(a.due)) {
      return Malformed("alert");
    }
  }
  for (const internal::CompiledTableInfo& t : d.tables) {
    if (!str_ok(t.name) || !str_ok(t.file) || t.decision >= kNumDecisions) {
      return Malformed("table");
    }
  }
  for (const internal::CompiledRow& r : d.rows) {
    if (!date_expr_ok(r.eligible_from) || !date_expr_ok(r.expires_on)) {
      return Malformed("row date expression");
    }
  }
  for (const internal::CompiledMapping& m : d.material_map) {
    if (m.raw >= d.materials.size() || (m.canonical != UINT32_MAX && m.canonical >= d.materials.size())) {
      return Malformed("material map");
    }
  }
  int ordinals[2] = {0, 0};
  for (const internal::CompiledColumn& c : d.columns) {
    const bool entity = c.scope == static_cast<uint8_t>(FactScope::kEntity);
    for (uint32_t id : {c.name, c.domain, c.default_text, c.zh, c.en, c.source, c.since_name,
                        c.since_zh, c.since_en}) {
      if (!str_ok(id)) return Malformed("column strings");
    }
    if ((!entity && c.scope != static_cast<uint8_t>(FactScope::kRecord)) ||
        c.type > static_cast<uint8_t>(FactType::kDate) || c.type == static_cast<uint8_t>(FactType::kElapsed) ||
        c.fact < kNumFacts || c.fact >= kNumFactIds ||
        (c.since != 0 && (c.since < kNumFacts || c.since >= kNumFactIds)) ||
        c.ordinal != ordinals[entity]++ || c.changeable > 1) {
      return Malformed("column");
    }
  }
  if (d.columns.size() > kMaxCustomFacts) return Malformed("columns");
  for (int32_t dom : d.fact_domain) {
    if (dom >= static_cast<int32_t>(d.domains.size())) return Malformed("fact domain");
  }
  if (d.calendar.prefix().empty()) return Malformed("calendar");
  return absl::OkStatus();
}

// The working-day calendar: days within the years input dates may take, counted from 0 and
// growing by 0 or 1 a day (working-day arithmetic on any input date relies on both).
bool CalendarOk(int32_t first, const std::vector<int32_t>& prefix) {
  if (prefix.empty() || prefix.front() != 0 || first < FromYmd(kMinYear, 1, 1).days ||
      first + static_cast<int64_t>(prefix.size()) > FromYmd(kMaxYear + 1, 1, 1).days + 1) {
    return false;
  }
  for (size_t i = 1; i < prefix.size(); ++i) {
    const int64_t step = int64_t{prefix[i]} - prefix[i - 1];
    if (step != 0 && step != 1) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<DecisionTable> DeserializeTable(std::string_view blob) {
  if (blob.size() < sizeof kMagic || std::memcmp(blob.data(), kMagic, sizeof kMagic) != 0) {
    return absl::InvalidArgumentError("not a xiufu table blob (bad magic)");
  }
  if (blob.size() < kHeaderSize) {
    return absl::DataLossError("table blob is truncated (incomplete header)");
  }
  Reader h(blob.substr(sizeof kMagic));
  uint32_t version = 0, reserved = 0;
  uint64_t hash = 0, size = 0, checksum = 0;
  h.Pod(&version);
  h.Pod(&reserved);
  h.Pod(&hash);
  h.Pod(&size);
  h.Pod(&checksum);
  if (version != kBlobFormatVersion) {
    return absl::FailedPreconditionError(Cat("table blob has format version ", version,
                                                      ", this build reads version ",
                                                      kBlobFormatVersion, "; recompile the pack"));
  }
  const std::string_view payload = blob.substr(kHeaderSize);
  if (payload.size() < size) {
    return absl::DataLossError(Cat("table blob is truncated: payload has ",
                                            payload.size(), " of ", size, " bytes"));
  }
  if (payload.size() > size) {
    return absl::DataLossError("table blob is malformed: trailing bytes after the payload");
  }
  if (Fnv1a(payload, Fnv1a(blob.substr(0, internal::kCheckedHeader))) != checksum) {
    return absl::DataLossError("table blob is corrupt: checksum mismatch");
  }
  // Checked after the checksum, which covers it: a damaged byte reads as corruption, a writer
  // that put something there as a blob this build did not write.
  if (reserved != 0) {
    return absl::DataLossError("table blob is malformed: the reserved header field is not 0");
  }
  auto d = std::make_shared<internal::TableData>();
  d->pack_hash = hash;
  Reader r(payload);
  int32_t cal_first = 0;
  std::vector<int32_t> cal_prefix;
  const bool ok = r.Pod(&d->pack_name) && r.Pod(&d->pack_version) && r.Pod(&d->pack_zh) &&
                  r.Pod(&d->pack_en) && r.Str(&d->strings.chars) && r.Vec(&d->strings.offsets) &&
                  r.Vec(&d->domains) && r.Vec(&d->domain_values) && r.Pod(&d->fact_domain) && r.Vec(&d->columns) &&
                  r.Vec(&d->materials) && r.Vec(&d->material_map) && r.Vec(&d->alerts) && r.Vec(&d->actions) &&
                  r.Vec(&d->tables) && ReadContext(r, &d->context) && r.Pod(&d->decisions) &&
                  r.Vec(&d->rows) && r.Vec(&d->partitions) && r.Vec(&d->part_rows) &&
                  r.Vec(&d->cells) && r.Vec(&d->ranges) &&
                  r.Vec(&d->indexes) && r.Vec(&d->breakpoints) && r.Vec(&d->masks) &&
                  r.Pod(&cal_first) && r.Vec(&cal_prefix) && r.done();
  if (!ok) return Malformed("sections do not add up");
  if (!CalendarOk(cal_first, cal_prefix)) return Malformed("working-day calendar");
  d->calendar = WorkCalendar::FromPrefix(cal_first, std::move(cal_prefix));
  absl::Status s = Validate(*d);
  if (!s.ok()) return s;
  internal::DeriveTableCaches(*d);
  return DecisionTable(std::move(d));
}

absl::StatusOr<DecisionTable> LoadTable(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return absl::NotFoundError(Cat("cannot open '", path, "'"));
  std::stringstream ss;
  ss << f.rdbuf();
  return DeserializeTable(ss.str());
}

}  // namespace xiufu

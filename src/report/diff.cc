// DiffOutcomes: one pass over the population, each entity evaluated under both tables.
// Tested by tests/diff_test.cc.
#include "xiufu/diff.h"

#include <algorithm>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "base/str_util.h"
#include "xiufu/population_io.h"

namespace xiufu {
namespace {

// Eligibility rows of both tables mapped to one id space of rule ids, so that "the same rule"
// means the same rule id even when rows moved.
struct RuleKeys {
  std::vector<int32_t> before, after;  // per row; -1 for kNoRow is handled by Key()
  int32_t Before(uint32_t row) const { return row == kNoRow ? -1 : before[row]; }
  int32_t After(uint32_t row) const { return row == kNoRow ? -1 : after[row]; }
};

RuleKeys MakeRuleKeys(const DecisionTable& b, const DecisionTable& a) {
  absl::flat_hash_map<std::string, int32_t> ids;
  auto fill = [&](const DecisionTable& t, std::vector<int32_t>& out) {
    const internal::TableData& d = internal::Data(t);
    out.resize(d.rows.size());
    for (size_t i = 0; i < d.rows.size(); ++i) {
      const std::string id(internal::Str(t, d.rows[i].rule_id));
      out[i] = ids.emplace(id, static_cast<int32_t>(ids.size())).first->second;
    }
  };
  RuleKeys k;
  fill(b, k.before);
  fill(a, k.after);
  return k;
}

uint16_t CompareRecord(const RecordOutcome& x, const RecordOutcome& y, const RuleKeys& keys) {
  uint16_t w = 0;
  if (x.status != y.status) w |= kChangedStatus;
  if (x.eligible_from != y.eligible_from) w |= kChangedEligibleFrom;
  if (x.expires_on != y.expires_on) w |= kChangedExpiresOn;
  if (keys.Before(x.rule) != keys.After(y.rule)) w |= kChangedRule;
  if (x.channel != y.channel) w |= kChangedChannel;
  if (x.authority != y.authority) w |= kChangedAuthority;
  if (!(x.materials == y.materials)) w |= kChangedMaterials;
  if (x.alerts != y.alerts) w |= kChangedAlerts;
  return w;
}

uint16_t CompareEntity(const EntityOutcome& x, const EntityOutcome& y) {
  uint16_t w = 0;
  if (x.clean_by != y.clean_by) w |= kChangedCleanBy;
  if (!(x.raw_materials == y.raw_materials) || !(x.canonical_materials == y.canonical_materials)) {
    w |= kChangedMaterials;
  }
  if (x.alerts != y.alerts) w |= kChangedAlerts;
  return w;
}

// What one thread found over its range of entities.
struct Part {
  std::vector<OutcomeChange> changes;
  std::vector<EntityChange> entities;
  std::vector<uint32_t> by_department_platform;
  std::vector<uint32_t> transitions;
  size_t pairs = 0;
};

void DiffRange(const DecisionTable& before, const DecisionTable& after, const Population& pop,
               const Population& pop_after, Date as_of, const RuleKeys& keys, size_t lo,
               size_t hi, Part& part) {
  const int np = pop.num_platforms;
  Scratch sb, sa;
  std::vector<RecordOutcome> rb, ra;
  for (size_t e = lo; e < hi; ++e) {
    const uint32_t begin = pop.RecordsBegin(e), end = pop.RecordsEnd(e);
    const size_t pairs = static_cast<size_t>(end - begin) * np;
    if (rb.size() < pairs) {
      rb.resize(pairs);
      ra.resize(pairs);
    }
    EntityChange ec;
    ec.entity = static_cast<uint32_t>(e);
    EvaluateEntity(before, pop, e, as_of, sb, rb.data(), &ec.before);
    EvaluateEntity(after, pop_after, e, as_of, sa, ra.data(), &ec.after);
    part.pairs += pairs;
    for (size_t k = 0; k < pairs; ++k) {
      const uint16_t w = CompareRecord(rb[k], ra[k], keys);
      if (w == 0) continue;
      OutcomeChange c;
      c.entity = static_cast<uint32_t>(e);
      c.record = begin + static_cast<uint32_t>(k / np);
      c.platform = static_cast<uint8_t>(k % np);
      c.what = w;
      c.before = rb[k];
      c.after = ra[k];
      ++part.by_department_platform[static_cast<size_t>(pop.department[c.record]) * np +
                                    c.platform];
      ++part.transitions[static_cast<size_t>(c.before.status) * kNumStatuses +
                         static_cast<size_t>(c.after.status)];
      part.changes.push_back(c);
      ++ec.records_changed;
    }
    ec.what = CompareEntity(ec.before, ec.after);
    if (ec.what != 0 || ec.records_changed != 0) part.entities.push_back(ec);
  }
}

}  // namespace

const char* ChangeBitName(int bit) {
  static constexpr const char* kNames[kNumChangeBits] = {
      "status", "eligible_from", "expires_on", "rule", "channel",
      "authority", "materials", "alerts", "clean_by"};
  return bit >= 0 && bit < kNumChangeBits ? kNames[bit] : "";
}

absl::Status CheckSameInputDomains(const DecisionTable& a, const DecisionTable& b) {
  if (!a.valid() || !b.valid()) return absl::InvalidArgumentError("decision table is empty");
  for (int k = 0; k < kNumInputDomains; ++k) {
    const std::string_view name = InputDomainName(static_cast<InputDomain>(k));
    const int da = a.DomainIndex(name), db = b.DomainIndex(name);
    if (da < 0 || db < 0) {
      return absl::InvalidArgumentError(
          Cat(da < 0 ? "the first" : "the second", " table defines no '", name, "' domain"));
    }
    const int na = a.DomainSize(da), nb = b.DomainSize(db);
    for (int v = 0; v < std::max(na, nb); ++v) {
      const std::string_view ca = a.ValueCode(da, v), cb = b.ValueCode(db, v);
      if (ca == cb) continue;
      return absl::InvalidArgumentError(
          Cat("the tables define different '", name, "' codes: value ", v + 1, " is '",
              v < na ? ca : std::string_view("(none)"), "' in the first and '",
              v < nb ? cb : std::string_view("(none)"), "' in the second; a population is "
              "only comparable under tables with the same domains"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<DiffResult> DiffOutcomes(const DecisionTable& before, const DecisionTable& after,
                                        const Population& pop, Date as_of, int threads) {
  return DiffOutcomes(before, after, pop, pop, as_of, threads);
}

absl::StatusOr<DiffResult> DiffOutcomes(const DecisionTable& before, const DecisionTable& after,
                                        const Population& pop, const Population& pop_after,
                                        Date as_of, int threads) {
  if (absl::Status st = CheckSameInputDomains(before, after); !st.ok()) return st;
  if (pop.dictionary_fingerprint != 0 && pop.dictionary_fingerprint != InputFingerprint(before)) {
    return absl::FailedPreconditionError(
        Cat("the population was built with another input dictionary than the tables' (pack ",
            before.PackName(), "): its enum ids would be misread"));
  }
  if (pop_after.dictionary_fingerprint != 0 &&
      pop_after.dictionary_fingerprint != InputFingerprint(after)) {
    return absl::FailedPreconditionError(Cat(
        "the tables declare different custom input columns (",
        before.NumCustomColumns(), " and ", after.NumCustomColumns(),
        "): build the input once for each table and compare the two populations"));
  }
  if (pop_after.num_entities() != pop.num_entities() ||
      pop_after.record_begin != pop.record_begin) {
    return absl::FailedPreconditionError(
        "the two populations hold different entities or records (a row accepted under one "
        "table was rejected under the other)");
  }
  if (pop.num_platforms != before.NumPlatforms()) {
    return absl::InvalidArgumentError(Cat("the population has ", pop.num_platforms,
                                          " platforms, the tables ", before.NumPlatforms()));
  }
  DiffResult out;
  out.num_platforms = pop.num_platforms;
  out.num_departments = before.DomainSize(before.DomainIndex("department"));
  const RuleKeys keys = MakeRuleKeys(before, after);

  const size_t n = pop.num_entities();
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<size_t>(threads, std::max<size_t>(1, n / 1024)));
  std::vector<Part> parts(threads);
  for (Part& p : parts) {
    p.by_department_platform.assign(static_cast<size_t>(out.num_departments) * out.num_platforms,
                                    0);
    p.transitions.assign(static_cast<size_t>(kNumStatuses) * kNumStatuses, 0);
  }
  if (threads == 1) {
    DiffRange(before, after, pop, pop_after, as_of, keys, 0, n, parts[0]);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        DiffRange(before, after, pop, pop_after, as_of, keys, n * t / threads,
                  n * (t + 1) / threads, parts[t]);
      });
    }
    for (std::thread& th : pool) th.join();
  }

  out.by_department_platform.assign(parts[0].by_department_platform.size(), 0);
  out.transitions.assign(parts[0].transitions.size(), 0);
  size_t nc = 0, ne = 0;
  for (const Part& p : parts) {
    nc += p.changes.size();
    ne += p.entities.size();
  }
  out.changes.reserve(nc);
  out.entities.reserve(ne);
  for (Part& p : parts) {
    out.pairs_compared += p.pairs;
    out.changes.insert(out.changes.end(), p.changes.begin(), p.changes.end());
    out.entities.insert(out.entities.end(), p.entities.begin(), p.entities.end());
    for (size_t i = 0; i < p.by_department_platform.size(); ++i) {
      out.by_department_platform[i] += p.by_department_platform[i];
    }
    for (size_t i = 0; i < p.transitions.size(); ++i) out.transitions[i] += p.transitions[i];
  }
  return out;
}

}  // namespace xiufu

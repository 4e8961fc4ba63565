#include "oracle_gate.h"

#include <string>

#include "base/str_util.h"
#include "support/oracle.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/serialize.h"

namespace xiufu::bench {
namespace {

std::string Show(const RecordOutcome& o) {
  return Cat("{status=", StatusCode(o.status), " channel=", int{o.channel},
             " authority=", int{o.authority}, " eligible_from=", FormatDate(Date{o.eligible_from}),
             " expires_on=", FormatDate(Date{o.expires_on}), " alerts=", o.alerts,
             " materials=", o.materials.w[0], ":", o.materials.w[1], "}");
}

std::string Show(const EntityOutcome& o) {
  return Cat("{raw=", o.raw_materials.w[0], ":", o.raw_materials.w[1],
             " canonical=", o.canonical_materials.w[0], ":", o.canonical_materials.w[1],
             " alerts=", o.alerts, " clean_by=", FormatDate(Date{o.clean_by}),
             " shown=", o.shown, "}");
}

std::string RuleId(const DecisionTable& table, uint32_t row) {
  return row == kNoRow ? std::string("(none)") : std::string(internal::Str(table, internal::Data(table).rows[row].rule_id));
}

absl::Status Mismatch(const BenchDistrict& d, const std::string& what, const std::string& detail) {
  return absl::FailedPreconditionError(
      Cat("district ", d.name, ": ", what, " differ: ", detail,
          " -- refusing to time an evaluator that gives wrong answers"));
}

absl::Status CompareWithOracle(const DecisionTable& table, const BenchDistrict& d,
                               const BatchResult& got, const testing::OracleResult& want) {
  const int np = d.pop.num_platforms;
  if (got.records.size() != want.records.size() || got.entities.size() != want.entities.size()) {
    return Mismatch(d, "result sizes", Cat(got.records.size(), " vs ", want.records.size()));
  }
  for (size_t i = 0; i < got.records.size(); ++i) {
    RecordOutcome g = got.records[i];
    const std::string rule = g.rule == kNoRow ? "" : RuleId(table, g.rule);
    g.rule = kNoRow;
    if (rule != want.rule_ids[i] || !(g == want.records[i])) {
      return Mismatch(d, "compiled and oracle record outcomes",
                      Cat("record ", d.pop.record_id[i / np], " platform ", i % np,
                          ": compiled rule ", rule.empty() ? "(none)" : rule, " ", Show(g),
                          ", oracle rule ", want.rule_ids[i].empty() ? "(none)" : want.rule_ids[i],
                          " ", Show(want.records[i])));
    }
  }
  for (size_t e = 0; e < got.entities.size(); ++e) {
    if (!(got.entities[e] == want.entities[e])) {
      return Mismatch(d, "compiled and oracle entity outcomes",
                      Cat("entity ", e, ": compiled ", Show(got.entities[e]), ", oracle ",
                          Show(want.entities[e])));
    }
  }
  return absl::OkStatus();
}

absl::Status CompareBatches(const BenchDistrict& d, const std::string& what,
                            const BatchResult& a, const BatchResult& b) {
  if (a.records != b.records) {
    for (size_t i = 0; i < a.records.size(); ++i) {
      if (!(a.records[i] == b.records[i])) {
        return Mismatch(d, what, Cat("record x platform ", i, ": ", Show(a.records[i]), " vs ",
                                     Show(b.records[i])));
      }
    }
  }
  if (a.entities != b.entities) return Mismatch(d, what, "entity outcomes");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BatchResult> CheckAgainstOracle(const BenchWorld& world, const BenchDistrict& d) {
  BatchResult one;
  if (absl::Status s = EvaluateBatch(world.table, d.pop, world.as_of, one, 1); !s.ok()) return s;
  const testing::OracleResult want = testing::OracleEvaluate(world.loaded.pack, d.pop, world.as_of);
  if (absl::Status s = CompareWithOracle(world.table, d, one, want); !s.ok()) return s;

  BatchResult all;
  if (absl::Status s = EvaluateBatch(world.table, d.pop, world.as_of, all, world.threads);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CompareBatches(d, "1-thread and all-thread outcomes", one, all); !s.ok()) {
    return s;
  }

  auto loaded = DeserializeTable(world.blob);
  if (!loaded.ok()) return loaded.status();
  BatchResult from_blob;
  if (absl::Status s = EvaluateBatch(*loaded, d.pop, world.as_of, from_blob, 1); !s.ok()) {
    return s;
  }
  if (absl::Status s = CompareBatches(d, "compiled and blob-loaded outcomes", one, from_blob);
      !s.ok()) {
    return s;
  }
  return one;
}

}  // namespace xiufu::bench

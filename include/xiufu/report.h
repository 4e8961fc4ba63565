// xiufu run reports — what the district job prints and writes after EvaluateBatch: a summary
// (entities and records evaluated, per-platform status counts, raw vs canonical materials at
// catalogue and district level, alerts by type, timings, rejected input rows) as bilingual text
// (Chinese first) or JSON, and the output files: per record × platform decisions (CSV, JSONL),
// per entity results (CSV) and alerts (CSV). Formats are documented in docs/formats.md.
//
// Pure functions of their arguments; thread-safe.
#ifndef XIUFU_REPORT_H_
#define XIUFU_REPORT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "xiufu/csv_style.h"
#include "xiufu/output_text.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu {

// Record × platform outcomes on one platform, by status. `undecided` pairs (shown, but no
// eligibility row matched) are not counted under any status; every pair is counted once.
struct PlatformSummary {
  std::string code, zh, en;
  size_t eligible_now = 0;
  size_t eligible_later = 0;
  size_t drops_off = 0;
  size_t not_repairable = 0;
  size_t blocked = 0;
  size_t repaired = 0;
  size_t not_shown = 0;
  size_t undecided = 0;
  size_t total() const {
    return eligible_now + eligible_later + drops_off + not_repairable + blocked + repaired + not_shown +
           undecided;
  }
};

// Blocked record × platform outcomes that need one unblocking action (an outcome needing two
// counts under both), and the entities concerned.
struct ActionSummary {
  std::string code, zh, en;
  size_t outcomes = 0;
  size_t entities = 0;
};

// Blocked record × platform outcomes by the department that recognised the record.
struct DepartmentBlocked {
  std::string code, zh, en;
  size_t outcomes = 0;
};

struct AlertSummary {
  std::string code, severity, zh, en;
  size_t count = 0;     // alert rows (record × platform for record alerts, entity otherwise)
  size_t entities = 0;  // entities with the alert
};

// Raw vs canonical materials. Catalogue: the distinct raw materials that any materials row in
// force on the evaluation date can ask for, and the distinct canonical materials they map to.
// District: the sums over entities of their raw and canonical material counts.
// One period in which the same materials rows and mappings are in force (between consecutive
// effective dates of the materials decision and the material map).
struct MaterialsRegime {
  std::string from;  // YYYY-MM-DD, "" = open
  std::string to;    // inclusive, "" = open
  size_t raw = 0;
  size_t canonical = 0;
};

struct MaterialsSummary {
  size_t catalogue_raw = 0;
  size_t catalogue_canonical = 0;
  size_t all_raw = 0;                    // distinct raw materials any materials row asks for
  std::vector<MaterialsRegime> regimes;  // the catalogue counts period by period
  size_t district_raw = 0;
  size_t district_canonical = 0;
  size_t entities_asked = 0;  // entities asked for at least one material
};

// Inputs to the summary that the evaluation itself does not know.
struct RunInfo {
  double compile_ms = 0;
  double read_ms = 0;
  double evaluate_ms = 0;
  double plan_ms = 0;  // repair plans of the entities still shown (0 when none were made)
  // Formatting and writing the output files, all but summary.json (which carries it); 0 = not
  // measured.
  double write_ms = 0;
  int threads = 1;
  size_t rejected_entities = 0;
  size_t rejected_records = 0;
  size_t invalid_uscc = 0;
  // Input rows read (data rows of entities.csv / records.csv): every one is evaluated or
  // rejected, so entity_rows = entities + rejected_entities, record_rows = records +
  // rejected_records. 0 for both = not known (the population was not read from rows); the
  // summary then counts the evaluated ones.
  size_t entity_rows = 0;
  size_t record_rows = 0;
  // Plausibility warnings (PopulationBuild): count by kWarn* bit, records with any.
  std::array<size_t, kNumRecordWarnings> warning_counts{};
  size_t warned_records = 0;
};

struct RunSummary {
  std::string pack_name, pack_version, pack_zh, pack_en;
  std::string as_of;  // YYYY-MM-DD
  size_t entities = 0;
  size_t records = 0;
  size_t entities_with_records = 0;
  size_t entities_shown = 0;  // entities with a record still shown somewhere
  std::vector<PlatformSummary> platforms;
  PlatformSummary all;        // summed over platforms (code "all")
  MaterialsSummary materials;
  std::vector<AlertSummary> alerts;  // catalogue order; alerts that never fired are left out
  std::vector<ActionSummary> actions;        // catalogue order; actions never needed left out
  std::vector<DepartmentBlocked> blocked_by_department;  // departments with blocked outcomes
  // Repair plans (filled by the caller from plans_report.h when plans were made).
  bool has_plans = false;
  size_t plans = 0, plans_with_actions = 0, plans_never_clean = 0;
  std::vector<std::pair<std::string, size_t>> clean_by_month;  // "YYYY-MM" → entities
  RunInfo info;
};

MaterialsSummary CatalogueMaterials(const DecisionTable& table, Date as_of);
// all_raw and the per-period catalogue counts (fills `regimes`).
void CatalogueRegimes(const DecisionTable& table, MaterialsSummary* s);

RunSummary Summarize(const DecisionTable& table, const Population& pop, const BatchResult& batch,
                     Date as_of, const RunInfo& info);

std::string SummaryText(const RunSummary& s);  // Chinese block, then English block
std::string SummaryJson(const RunSummary& s);  // one JSON object, pretty-printed

// Output files. Decisions: one row per record × platform, in population order, columns
// uscc, record_id, platform, status, eligible_from, expires_on, rule_id, source, channel,
// authority, reason_zh, reason_en, warnings (status "undecided" for shown pairs no row decided;
// warnings: the record's plausibility warning codes joined by '|', RecordWarningCode). JSONL
// writes absent optional values as null. The CSV files follow `style` (a BOM, identifiers
// Excel would convert written as ="…").
//
// Each file is made as an OutputText (output_text.h: written to a file by WriteOutput while
// threads format it) and as its whole text (FormatOutput; `threads`: chunks of entities
// formatted on that many threads, 0 = all cores — the same text for any count).
OutputText DecisionsCsvOutput(const DecisionTable& table, const Population& pop,
                              const BatchResult& batch, Date as_of, const CsvStyle& style = {});
OutputText DecisionsJsonlOutput(const DecisionTable& table, const Population& pop,
                                const BatchResult& batch, Date as_of);
// Per entity: uscc, canonical_materials, raw_materials, alerts (codes joined by '|'), clean_by.
OutputText EntityResultsCsvOutput(const DecisionTable& table, const Population& pop,
                                  const BatchResult& batch, const CsvStyle& style = {});
// One row per alert: uscc, record_id, platform (empty for entity alerts), alert, severity, due,
// zh, en.
OutputText AlertsCsvOutput(const DecisionTable& table, const Population& pop,
                           const BatchResult& batch, Date as_of, const CsvStyle& style = {});
std::string DecisionsCsv(const DecisionTable& table, const Population& pop,
                         const BatchResult& batch, Date as_of, const CsvStyle& style = {},
                         int threads = 1);
std::string DecisionsJsonl(const DecisionTable& table, const Population& pop,
                           const BatchResult& batch, Date as_of, int threads = 1);
std::string EntityResultsCsv(const DecisionTable& table, const Population& pop,
                             const BatchResult& batch, const CsvStyle& style = {},
                             int threads = 1);
std::string AlertsCsv(const DecisionTable& table, const Population& pop, const BatchResult& batch,
                      Date as_of, const CsvStyle& style = {}, int threads = 1);
// The codes of a record's kWarn* bits joined by '|' ("" for none).
std::string RecordWarningCodes(uint8_t bits);

}  // namespace xiufu

#endif  // XIUFU_REPORT_H_

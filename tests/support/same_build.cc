#include "support/same_build.h"

#include "gtest/gtest.h"

namespace xiufu::testing {

void ExpectSameDiagnostics(const std::vector<Diagnostic>& a, const std::vector<Diagnostic>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a[i].severity, b[i].severity);
    EXPECT_EQ(a[i].code, b[i].code);
    EXPECT_EQ(a[i].loc.file, b[i].loc.file);
    EXPECT_EQ(a[i].loc.line, b[i].loc.line);
    EXPECT_EQ(a[i].loc.column, b[i].loc.column);
    EXPECT_EQ(a[i].field, b[i].field);
    EXPECT_EQ(a[i].value, b[i].value);
    EXPECT_EQ(a[i].message, b[i].message);
  }
}

void ExpectSameBuild(const PopulationBuild& a, const PopulationBuild& b) {
  const Population& p = a.population;
  const Population& q = b.population;
  EXPECT_EQ(p.num_platforms, q.num_platforms);
  EXPECT_EQ(p.dictionary_fingerprint, q.dictionary_fingerprint);
  EXPECT_EQ(p.uscc, q.uscc);
  EXPECT_EQ(p.name, q.name);
  EXPECT_EQ(p.entity_kind, q.entity_kind);
  EXPECT_EQ(p.entity_status, q.entity_status);
  EXPECT_EQ(p.registration_date, q.registration_date);
  EXPECT_EQ(p.registration_year, q.registration_year);
  EXPECT_EQ(p.last_report_year, q.last_report_year);
  EXPECT_EQ(p.entity_flags, q.entity_flags);
  EXPECT_EQ(p.record_begin, q.record_begin);
  EXPECT_EQ(p.record_id, q.record_id);
  EXPECT_EQ(p.department, q.department);
  EXPECT_EQ(p.record_kind, q.record_kind);
  EXPECT_EQ(p.severity, q.severity);
  EXPECT_EQ(p.penalty, q.penalty);
  EXPECT_EQ(p.procedure, q.procedure);
  EXPECT_EQ(p.sector, q.sector);
  EXPECT_EQ(p.shown_mask, q.shown_mask);
  EXPECT_EQ(p.decision_date, q.decision_date);
  EXPECT_EQ(p.publication_date, q.publication_date);
  EXPECT_EQ(p.fulfilled_date, q.fulfilled_date);
  EXPECT_EQ(p.corrected_date, q.corrected_date);
  EXPECT_EQ(p.fine_yuan, q.fine_yuan);
  EXPECT_EQ(p.repaired, q.repaired);
  EXPECT_EQ(p.record_warnings, q.record_warnings);
  EXPECT_EQ(p.num_entity_custom, q.num_entity_custom);
  EXPECT_EQ(p.num_record_custom, q.num_record_custom);
  EXPECT_EQ(p.entity_custom, q.entity_custom);
  EXPECT_EQ(p.record_custom, q.record_custom);
  ExpectSameDiagnostics(a.diagnostics, b.diagnostics);
  ExpectSameDiagnostics(a.warnings, b.warnings);
  EXPECT_EQ(a.dropped_diagnostics, b.dropped_diagnostics);
  EXPECT_EQ(a.dropped_warnings, b.dropped_warnings);
  EXPECT_EQ(a.entity_rows, b.entity_rows);
  EXPECT_EQ(a.record_rows, b.record_rows);
  EXPECT_EQ(a.rejected_entities, b.rejected_entities);
  EXPECT_EQ(a.rejected_records, b.rejected_records);
  EXPECT_EQ(a.invalid_uscc, b.invalid_uscc);
  EXPECT_EQ(a.warning_counts, b.warning_counts);
  EXPECT_EQ(a.warned_records, b.warned_records);
  EXPECT_EQ(a.record_row, b.record_row);
  ASSERT_EQ(a.notices.size(), b.notices.size());
}

}  // namespace xiufu::testing

#include "support/pop_builder.h"

#include <gtest/gtest.h>

#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu::testing {

std::string NumberedUscc(int n) {
  std::string digits = std::to_string(n);
  std::string code = "91330105" + std::string(9 - digits.size(), '0') + digits;
  code += UsccCheckChar(code);
  return code;
}

// Through PopulationBuilder with text fields, as a CSV row would give them.
Population BuildPopulation(const DecisionTable& table, const std::vector<EntitySpec>& entities) {
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(table);
  if (!dict.ok()) {
    ADD_FAILURE() << dict.status();
    return Population{};
  }
  PopulationBuilder builder(*dict);
  int row = 0;
  for (const EntitySpec& e : entities) {
    const InputRow where{"BuildPopulation entity", row++};
    const std::string year = e.last_report_year == 0 ? "" : std::to_string(e.last_report_year);
    builder.AddEntity({.uscc = e.uscc,
                       .name = "测试",
                       .status = e.status,
                       .registration_date = e.registration,
                       .last_report_year = year,
                       .unreachable = e.unreachable},
                      where);
    for (const RecordSpec& r : e.records) {
      std::string shown, repaired;
      for (const std::string& p : r.shown_on) shown += (shown.empty() ? "" : "|") + p;
      for (const auto& [p, d] : r.repaired) {
        repaired += (repaired.empty() ? "" : "|") + p + ":" + d;
      }
      builder.AddRecord({.record_id = r.id,
                         .uscc = e.uscc,
                         .department = r.department,
                         .record_kind = r.kind,
                         .severity = r.severity,
                         .penalty = r.penalty,
                         .procedure = r.procedure,
                         .sector = r.sector,
                         .decision_date = r.decision,
                         .publication_date = r.publication,
                         .fine_yuan = r.fine,
                         .fulfilled_date = r.fulfilled,
                         .corrected_date = r.corrected,
                         .shown_on = shown,
                         .repaired_on = repaired},
                        where);
    }
  }
  PopulationBuild built = std::move(builder).Finish();
  for (const Diagnostic& d : built.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  return std::move(built.population);
}

}  // namespace xiufu::testing

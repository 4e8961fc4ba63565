// Test support: builds a Population by enum *codes* against a compiled table (through
// PopulationBuilder, with the table's Dictionary), so tests read like the input data they model.
#ifndef XIUFU_TESTS_SUPPORT_POP_BUILDER_H_
#define XIUFU_TESTS_SUPPORT_POP_BUILDER_H_

#include <map>
#include <string>
#include <vector>

#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/population.h"

namespace xiufu::testing {

struct RecordSpec {
  std::string id = "R1";
  std::string department = "samr";
  std::string kind = "penalty";
  std::string severity = "general";
  std::string penalty = "fine";
  std::string procedure = "ordinary";
  std::string sector = "general";
  std::vector<std::string> shown_on;          // platform codes
  std::string decision;                       // YYYY-MM-DD or ""
  std::string publication;
  std::string fulfilled;
  std::string corrected;
  int64_t fine = 0;
  std::map<std::string, std::string> repaired;  // platform code → date
};

struct EntitySpec {
  std::string uscc = "91350200MA31E12PXF";
  std::string status = "active";
  std::string registration = "2018-03-01";
  int last_report_year = 0;
  bool unreachable = false;
  std::vector<RecordSpec> records;
};

// A valid enterprise USCC (Gongshu division code) numbered `n` (0 <= n < 10^9), for tests that
// need many distinct entities.
std::string NumberedUscc(int n);

// Fails the test (ADD_FAILURE per rejected row, which is left out) on unknown codes, bad dates,
// duplicate USCCs or record ids.
Population BuildPopulation(const DecisionTable& table, const std::vector<EntitySpec>& entities);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_POP_BUILDER_H_

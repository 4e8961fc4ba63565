// The steps the data commands (run, evaluate, explain, compile) share: load a rule pack (or a
// compiled .xtb blob), lint and compile it, and read the district's input files, printing
// problems to stderr in `file:line:col: …` form. Each step returns 0 or the exit code to stop
// with (1 rule or data errors, 2 usage or I/O).
//
// Not thread-safe (prints to stderr).
#ifndef XIUFU_CLI_JOB_H_
#define XIUFU_CLI_JOB_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

#include "xiufu/runtime/decision_table.h"
#include "xiufu/population_io.h"

namespace xiufu::cli {

// The bundled Gongshu pack, found through the source tree the binary was built from.
std::string DefaultRulesDir();

struct Rules {
  DecisionTable table;
  Dictionary dict;
  double compile_ms = 0;  // load + compile (or load of a blob), without lint
};

// `path` is a pack directory (loaded, linted when `lint`, compiled) or a .xtb file (loaded).
int LoadRules(const std::string& path, bool lint, const char* cmd, Rules* out);

struct Data {
  PopulationReadResult read;
  double read_ms = 0;
};

// Reads both files; rejected rows go to stderr (capped), the counts stay in `out`.
int ReadData(const Rules& rules, const std::string& entities, const std::string& records,
             const char* cmd, Data* out);

// Prints "xiufu CMD: message" to stderr.
void PrintError(const char* cmd, std::string_view message);
void PrintError(const char* cmd, const absl::Status& status);

}  // namespace xiufu::cli

#endif  // XIUFU_CLI_JOB_H_

// The steps the data commands (run, evaluate, explain, compile) share: load a rule pack (or a
// compiled .xtb blob), lint and compile it, and read the district's input files, printing
// problems to stderr in `file:line:col: …` form. Each step returns 0 or the exit code to stop
// with (1 rule or data errors, 2 usage or I/O).
//
// Not thread-safe (prints to stderr).
#ifndef XIUFU_CLI_JOB_H_
#define XIUFU_CLI_JOB_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"

#include "xiufu/runtime/date.h"
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
// A path that does not exist, a directory without manifest.ini and a file that is not a blob
// each get their own message (exit 2). Encoding notes of the pack's files go to stderr.
int LoadRules(const std::string& path, bool lint, const char* cmd, Rules* out);

struct Data {
  PopulationReadResult read;
  double read_ms = 0;
};

struct DataOptions {
  std::string encoding = "auto";  // --encoding
  Date as_of = Date{kNoDay};      // for the "decided after the evaluation date" warning
  bool print_rows = true;         // the "rows read" line (run prints it in its summary)
  int threads = 0;                // rows checked on this many threads (0: all cores; --threads)
};

// Reads both files; encoding notes, rejected rows and plausibility warnings go to stderr
// (capped), then the line "rows read = evaluated + rejected"; the counts stay in `out`.
int ReadData(const Rules& rules, const std::string& entities, const std::string& records,
             const char* cmd, Data* out, const DataOptions& options = {});

// Refuses (InvalidArgument) an output directory that is, or directly contains, one of the
// input files or directories (`inputs`), so that no output overwrites an input.
absl::Status CheckOutputDir(const std::string& out_dir, std::initializer_list<std::string> inputs);

// --encoding's value, checked (usage error when unknown).
absl::Status CheckEncoding(const std::string& name);

// Prints "xiufu CMD: message" to stderr.
void PrintError(const char* cmd, std::string_view message);
void PrintError(const char* cmd, const absl::Status& status);

}  // namespace xiufu::cli

#endif  // XIUFU_CLI_JOB_H_

// Test support: runs the xiufu command line (XIUFU_CLI) with arguments through the shell and
// captures its combined stdout and stderr and its exit code.
#ifndef XIUFU_TESTS_SUPPORT_CLI_RUN_H_
#define XIUFU_TESTS_SUPPORT_CLI_RUN_H_

#include <string>

namespace xiufu::testing {

struct CliRun {
  int exit_code = -1;  // -1 when it could not be run or did not exit normally
  std::string output;  // stdout and stderr, interleaved
};

// `xiufu ARGS 2>&1`: `args` is shell text (quote paths yourself).
CliRun RunCli(const std::string& args);

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_CLI_RUN_H_

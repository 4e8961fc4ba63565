#include "support/cli_run.h"

#include <sys/wait.h>

#include <cstdio>

namespace xiufu::testing {

CliRun RunCli(const std::string& args) {
  CliRun run;
  const std::string cmd = std::string(XIUFU_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) run.output.append(buf, n);
  const int status = pclose(p);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace xiufu::testing

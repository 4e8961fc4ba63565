// `xiufu compile --rules DIR --out FILE`: loads, lints and compiles a rule pack and saves the
// table blob (serialize.h), which `run`, `evaluate` and `explain` accept as --rules.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "xiufu/compile.h"
#include "xiufu/serialize.h"

namespace xiufu::cli {
namespace {

constexpr const char* kCmd = "compile";

void CompileUsage(FILE* out) {
  std::fputs(
      "usage: xiufu compile [--rules DIR] --out FILE.xtb\n"
      "  Compiles a rule pack (default: the bundled Gongshu pack) into a table blob. Fails with\n"
      "  exit 1 when the pack has load or lint errors.\n",
      out);
}

}  // namespace

int Compile(int argc, char** argv) {
  absl::StatusOr<Flags> flags = Flags::Parse(argc, argv, {{"rules", true}, {"out", true}});
  if (flags.ok() && flags->help()) {
    CompileUsage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"out"}) : flags.status();
  if (st.ok() && !flags->positional().empty()) {
    st = absl::InvalidArgumentError("unexpected argument '" + flags->positional()[0] + "'");
  }
  if (!st.ok()) {
    PrintError(kCmd, st);
    CompileUsage(stderr);
    return 2;
  }
  Rules rules;
  if (int code = LoadRules(flags->Get("rules", DefaultRulesDir()), /*lint=*/true, kCmd, &rules);
      code != 0) {
    return code;
  }
  const std::string path = flags->Get("out");
  if (absl::Status w = SaveTable(rules.table, path); !w.ok()) {
    PrintError(kCmd, w);
    return 2;
  }
  const DecisionTable& t = rules.table;
  std::fprintf(stderr, "xiufu compile: %.*s %.*s → %s (%zu rows, compiled in %.1f ms)\n",
               static_cast<int>(t.PackName().size()), t.PackName().data(),
               static_cast<int>(t.PackVersion().size()), t.PackVersion().data(), path.c_str(),
               t.NumRows(),
               rules.compile_ms);
  return 0;
}

}  // namespace xiufu::cli

// xiufu — command-line front end: lint, compile, gen, run, evaluate, explain, plan, export,
// import, export-facts.
#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/commands.h"
#include "xiufu/runtime/blob.h"

#ifndef XIUFU_VERSION
#define XIUFU_VERSION "unknown"
#endif

namespace {

void Usage(FILE* out) {
  std::fputs(
      "xiufu — credit-repair rules engine (信用修复规则引擎)\n"
      "usage:\n"
      "  xiufu lint PACK_DIR                       check a rule pack, print file:line:col diagnostics\n"
      "  xiufu compile --rules DIR --out FILE      compile a pack to a table blob\n"
      "  xiufu gen --out DIR [--entities N] [--seed S] [--dense]\n"
      "                                            write a synthetic district (entities.csv, records.csv)\n"
      "  xiufu run [--rules DIR] [--data DIR] [--as-of YYYY-MM-DD] [--out DIR] [--json]\n"
      "                                            the district job: evaluate everyone, print the summary\n"
      "  xiufu evaluate --rules DIR --entities F --records F [--as-of D] [--format csv|jsonl]\n"
      "  xiufu explain --rules DIR --entities F --records F --entity USCC [--record ID] [--as-of D]\n"
      "  xiufu plan [--rules DIR] (--data DIR | --entities F --records F) --entity USCC [--as-of D] [--json]\n"
      "  xiufu export --format jdm|dmn [--rules DIR] --out FILE [--decision NAME]\n"
      "                                            the pack's decisions as GoRules JDM or DMN 1.3\n"
      "  xiufu import [--rules DIR] --in FILE.json|.dmn --out DIR\n"
      "                                            JDM/DMN decision tables into a copy of the pack\n"
      "  xiufu export-facts [--rules DIR] --data DIR [--as-of D] --out FILE.jsonl [--timing F]\n"
      "                                            eligibility inputs of every record × platform\n"
      "  xiufu --version                           print the version\n"
      "  xiufu COMMAND --help                      the command's options\n"
      "Input CSV files may be UTF-8, UTF-16 or GB18030/GBK (detected; --encoding forces one).\n",
      out);
}

}  // namespace

// A batch command allocates and frees large buffers phase after phase (the files' text, the
// population's columns, the outcomes, the output chunks). glibc maps every block of 128 KiB or
// more on its own and unmaps it when freed, and gives the heap's free top back, so each phase
// takes a page fault per 4 KiB again for memory the phase before gave back. Blocks of up to
// 64 MiB from the heap, and no trimming, let a phase reuse the pages of the one before:
// `xiufu run` on the 178,000-entity district takes 6,000 faults fewer and evaluates in 3.0
// instead of 5.6 ms, for about 4 MB more peak RSS. The CLI only; a host tunes its own process.
void KeepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

int main(int argc, char** argv) {
  KeepFreedMemory();
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  if (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    Usage(stdout);
    return 0;
  }
  if (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-V") == 0 ||
      std::strcmp(argv[1], "version") == 0) {
    std::printf("xiufu %s (table blob format %u)\n", XIUFU_VERSION,
                static_cast<unsigned>(xiufu::kBlobFormatVersion));
    return 0;
  }
  const std::string_view cmd = argv[1];
  // Subcommands see argv starting at their own name.
  if (cmd == "lint") return xiufu::cli::Lint(argc - 1, argv + 1);
  if (cmd == "compile") return xiufu::cli::Compile(argc - 1, argv + 1);
  if (cmd == "gen") return xiufu::cli::Gen(argc - 1, argv + 1);
  if (cmd == "run") return xiufu::cli::Run(argc - 1, argv + 1);
  if (cmd == "evaluate") return xiufu::cli::Evaluate(argc - 1, argv + 1);
  if (cmd == "explain") return xiufu::cli::Explain(argc - 1, argv + 1);
  if (cmd == "plan") return xiufu::cli::Plan(argc - 1, argv + 1);
  if (cmd == "export") return xiufu::cli::Export(argc - 1, argv + 1);
  if (cmd == "import") return xiufu::cli::Import(argc - 1, argv + 1);
  if (cmd == "export-facts") return xiufu::cli::ExportFacts(argc - 1, argv + 1);
  std::fprintf(stderr, "xiufu: unknown command '%s'\n", argv[1]);
  Usage(stderr);
  return 2;
}

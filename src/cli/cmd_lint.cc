// `xiufu lint PACK_DIR`: loads a rule pack, runs the static analyses, prints every diagnostic
// as `PACK_DIR/file:line:col: severity: message` and a count line. Exit 0 when there is no
// error, 1 when there are errors, 2 on usage or I/O failure.
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/lint.h"
#include "base/str_util.h"
#include "xiufu/pack.h"

namespace xiufu::cli {
namespace {

constexpr size_t kCap = 100;

void LintUsage(FILE* out) {
  std::fputs("usage: xiufu lint PACK_DIR\n"
             "  Checks a rule pack (manifest.ini, enums, materials, alerts, holidays, tables)\n"
             "  and prints file:line:col diagnostics, then the pack's parameters and custom\n"
             "  input columns with their sources. Exit 0: no errors; 1: errors; 2: usage or\n"
             "  I/O failure.\n",
             out);
}

// The pack's parameters and custom columns, with their sources (what a reviewer checks).
void PrintDeclarations(const Pack& pack) {
  if (!pack.parameters.empty()) std::printf("参数 / parameters:\n");
  for (size_t i = 0; i < pack.parameters.size(); ++i) {
    const Parameter& p = pack.parameters[i];
    std::string values, rules;
    for (const Parameter::Value& v : p.values) {
      Append(&values, values.empty() ? "" : "; ",
             v.from.days == kNoDay ? "" : Cat("from ", FormatDate(v.from), ": "), v.text);
    }
    std::set<std::string_view> seen;
    for (const Table& t : pack.tables) {
      for (const Row& r : t.rows) {
        if (i < 32 && ((r.parameters >> i) & 1) && seen.insert(r.rule_id).second) {
          Append(&rules, rules.empty() ? "" : ", ", r.rule_id);
        }
      }
    }
    const std::string names =
        p.zh.empty() && p.en.empty() ? std::string() : Cat(" — ", p.zh, " / ", p.en);
    std::printf("  $%s (%s%s) = %s%s [rules: %s]\n      source: %s\n", p.name.c_str(),
                std::string(ParamTypeName(p.type)).c_str(),
                p.type == ParamType::kEnum ? Cat(" of ", p.domain).c_str() : "", values.c_str(),
                names.c_str(), rules.empty() ? "none" : rules.c_str(), p.source.c_str());
  }
  if (!pack.columns.empty()) std::printf("自定义输入列 / custom input columns:\n");
  for (const CustomColumn& c : pack.columns) {
    std::string tables;
    std::set<std::string_view> seen;
    for (const Table& t : pack.tables) {
      for (const InputColumn& in : t.inputs) {
        if ((in.fact == c.fact || (c.has_since() && in.fact == c.since)) &&
            seen.insert(t.name).second) {
          Append(&tables, tables.empty() ? "" : ", ", t.name);
        }
      }
    }
    std::printf("  %s (%s, %s%s, default %s%s; tested by %s) — %s / %s\n      source: %s\n",
                c.name.c_str(), std::string(ScopeCode(c.scope)).c_str(),
                std::string(FactTypeCode(c.type)).c_str(),
                c.type == FactType::kEnum ? Cat(" of ", c.domain).c_str() : "",
                c.default_text.c_str(), c.has_since() ? Cat("; also ", c.since_name).c_str() : "",
                tables.empty() ? "no table" : tables.c_str(), c.zh.c_str(), c.en.c_str(),
                c.source.c_str());
  }
}

}  // namespace

int Lint(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
    LintUsage(stdout);
    return 0;
  }
  if (argc != 2 || argv[1][0] == '-') {
    LintUsage(stderr);
    return 2;
  }
  std::string dir = argv[1];
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();

  absl::StatusOr<LoadResult> loaded = LoadPack(dir, kCap);
  if (!loaded.ok()) {
    std::fprintf(stderr, "xiufu lint: %s\n", std::string(loaded.status().message()).c_str());
    return 2;
  }
  std::vector<Diagnostic> all = loaded->diagnostics;
  size_t dropped = loaded->dropped;
  const size_t room = all.size() < kCap ? kCap - all.size() : 0;
  std::vector<Diagnostic> lint = xiufu::Lint(loaded->pack, kCap);
  size_t lint_errors = 0, warnings = 0;
  for (const Diagnostic& d : loaded->diagnostics) warnings += d.severity == Severity::kWarning;
  for (size_t i = 0; i < lint.size(); ++i) {
    lint_errors += lint[i].severity == Severity::kError;
    if (i < room) {
      warnings += lint[i].severity == Severity::kWarning;
      all.push_back(std::move(lint[i]));
    } else {
      ++dropped;
    }
  }
  for (Diagnostic& d : all) {
    d.loc.file = d.loc.file.empty() ? dir : dir + "/" + d.loc.file;
    std::printf("%s\n", FormatDiagnostic(d).c_str());
  }
  PrintDeclarations(loaded->pack);
  const size_t errors = loaded->error_count + lint_errors;
  std::printf("%s: %zu error%s, %zu warning%s", dir.c_str(), errors, errors == 1 ? "" : "s",
              warnings, warnings == 1 ? "" : "s");
  if (dropped > 0) std::printf(" (%zu more diagnostics not shown)", dropped);
  std::printf("\n");
  return errors > 0 ? 1 : 0;
}

}  // namespace xiufu::cli

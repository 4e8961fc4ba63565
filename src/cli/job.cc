#include "cli/job.h"

#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "cli/flags.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/lint.h"
#include "xiufu/pack.h"
#include "xiufu/serialize.h"

namespace xiufu::cli {
namespace {

constexpr size_t kMaxShown = 100;

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void PrintDiagnostic(const std::string& dir, Diagnostic d) {
  if (!dir.empty()) d.loc.file = d.loc.file.empty() ? dir : dir + "/" + d.loc.file;
  std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
}

}  // namespace

std::string DefaultRulesDir() {
#ifdef XIUFU_SOURCE_DIR
  return std::string(XIUFU_SOURCE_DIR) + "/rules/gongshu";
#else
  return "rules/gongshu";
#endif
}

void PrintError(const char* cmd, std::string_view message) {
  std::fprintf(stderr, "xiufu %s: %.*s\n", cmd, static_cast<int>(message.size()),
               message.data());
}

void PrintError(const char* cmd, const absl::Status& status) {
  PrintError(cmd, std::string_view(status.message().data(), status.message().size()));
}

int LoadRules(const std::string& path_in, bool lint, const char* cmd, Rules* out) {
  std::string path = path_in;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const double t0 = NowMs();
  if (IsRegularFile(path)) {
    absl::StatusOr<DecisionTable> table = LoadTable(path);
    if (!table.ok()) {
      PrintError(cmd, table.status());
      return table.status().code() == absl::StatusCode::kNotFound ||
                     table.status().code() == absl::StatusCode::kUnavailable
                 ? 2
                 : 1;
    }
    out->table = *std::move(table);
  } else {
    absl::StatusOr<LoadResult> loaded = LoadPack(path, kMaxShown);
    if (!loaded.ok()) {
      PrintError(cmd, loaded.status());
      return 2;
    }
    if (!loaded->ok()) {
      for (const Diagnostic& d : loaded->diagnostics) PrintDiagnostic(path, d);
      std::fprintf(stderr, "xiufu %s: rule pack %s has %zu error(s)\n", cmd, path.c_str(),
                   loaded->error_count);
      return 1;
    }
    const double t_loaded = NowMs();
    if (lint) {
      size_t errors = 0;
      for (const Diagnostic& d : Lint(loaded->pack, kMaxShown)) {
        if (d.severity != Severity::kError) continue;
        ++errors;
        PrintDiagnostic(path, d);
      }
      if (errors > 0) {
        std::fprintf(stderr, "xiufu %s: rule pack %s has %zu lint error(s) (see xiufu lint %s)\n",
                     cmd, path.c_str(), errors, path.c_str());
        return 1;
      }
    }
    const double t_linted = NowMs();
    absl::StatusOr<DecisionTable> table = Compile(*loaded);
    if (!table.ok()) {
      PrintError(cmd, table.status());
      return 1;
    }
    out->table = *std::move(table);
    out->compile_ms = (t_loaded - t0) + (NowMs() - t_linted);
  }
  if (out->compile_ms == 0) out->compile_ms = NowMs() - t0;
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(out->table);
  if (!dict.ok()) {
    PrintError(cmd, dict.status());
    return 1;
  }
  out->dict = *std::move(dict);
  return 0;
}

int ReadData(const Rules& rules, const std::string& entities, const std::string& records,
             const char* cmd, Data* out) {
  const double t0 = NowMs();
  ReadOptions options;
  options.max_diagnostics = kMaxShown;
  absl::StatusOr<PopulationReadResult> read =
      ReadPopulation(rules.dict, entities, records, options);
  if (!read.ok()) {
    PrintError(cmd, read.status());
    const absl::StatusCode code = read.status().code();
    return code == absl::StatusCode::kNotFound || code == absl::StatusCode::kUnavailable ? 2 : 1;
  }
  out->read = *std::move(read);
  out->read_ms = NowMs() - t0;
  for (const Diagnostic& d : out->read.diagnostics) PrintDiagnostic("", d);
  if (out->read.dropped_diagnostics > 0) {
    std::fprintf(stderr, "xiufu %s: %zu more rejected rows not shown\n", cmd,
                 out->read.dropped_diagnostics);
  }
  if (out->read.rejected() > 0) {
    std::fprintf(stderr, "xiufu %s: rejected %zu of %zu entity rows and %zu of %zu record rows\n",
                 cmd, out->read.rejected_entities, out->read.entity_rows,
                 out->read.rejected_records, out->read.record_rows);
  }
  return 0;
}

}  // namespace xiufu::cli

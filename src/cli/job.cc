#include "cli/job.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "base/str_util.h"
#include "base/text_file.h"
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

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The canonical absolute path, or "" when it does not exist.
std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) != nullptr ? std::string(buf) : std::string();
}

std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
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
  if (!PathExists(path)) {
    const bool blob = path.size() > 4 && path.compare(path.size() - 4, 4, ".xtb") == 0;
    PrintError(cmd, blob ? Cat("--rules '", path, "': no such table blob (file not found; make "
                               "one with xiufu compile --rules PACK_DIR --out ", path, ")")
                         : Cat("--rules '", path, "': no such rule-pack directory or table blob"));
    return 2;
  }
  if (IsDirectory(path) && !PathExists(path + "/manifest.ini")) {
    PrintError(cmd, Cat("--rules '", path, "' is a directory without manifest.ini: not a rule "
                        "pack (--rules takes a pack directory or a .xtb blob from xiufu compile)"));
    return 2;
  }
  if (IsRegularFile(path)) {
    absl::StatusOr<DecisionTable> table = LoadTable(path);
    if (!table.ok()) {
      if (table.status().code() == absl::StatusCode::kInvalidArgument) {
        // Bad magic: some other file.
        PrintError(cmd, Cat("--rules '", path, "' is a file but not a compiled table blob (",
                            table.status().message(), "); --rules takes a pack directory",
                            path.size() >= 12 && path.compare(path.size() - 12, 12,
                                                              "manifest.ini") == 0
                                ? Cat(" (here: ", Parent(path), ")")
                                : std::string(),
                            " or a .xtb blob from xiufu compile"));
        return 2;
      }
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
    for (const Diagnostic& d : loaded->diagnostics) {
      if (d.severity == Severity::kNote) PrintDiagnostic(path, d);  // encoding notes
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
             const char* cmd, Data* out, const DataOptions& data_options) {
  const double t0 = NowMs();
  ReadOptions options;
  options.max_diagnostics = kMaxShown;
  options.encoding = data_options.encoding;
  options.as_of = data_options.as_of;
  options.threads = data_options.threads;
  absl::StatusOr<PopulationReadResult> read =
      ReadPopulation(rules.dict, entities, records, options);
  if (!read.ok()) {
    PrintError(cmd, read.status());
    const absl::StatusCode code = read.status().code();
    return code == absl::StatusCode::kNotFound || code == absl::StatusCode::kUnavailable ? 2 : 1;
  }
  out->read = *std::move(read);
  out->read_ms = NowMs() - t0;
  const PopulationReadResult& r = out->read;
  for (const std::string& note : r.notes) std::fprintf(stderr, "%s\n", note.c_str());
  for (const Diagnostic& d : r.diagnostics) PrintDiagnostic("", d);
  if (r.dropped_diagnostics > 0) {
    std::fprintf(stderr, "xiufu %s: %zu more rejected rows not shown\n", cmd,
                 r.dropped_diagnostics);
  }
  for (const Diagnostic& d : r.warnings) PrintDiagnostic("", d);
  if (r.dropped_warnings > 0) {
    std::fprintf(stderr, "xiufu %s: %zu more warnings not shown\n", cmd, r.dropped_warnings);
  }
  if (r.rejected() > 0) {
    std::fprintf(stderr, "xiufu %s: rejected %zu of %zu entity rows and %zu of %zu record rows\n",
                 cmd, r.rejected_entities, r.entity_rows, r.rejected_records, r.record_rows);
  }
  if (r.warned_records > 0) {
    std::fprintf(stderr,
                 "xiufu %s: %zu record(s) with implausible dates (evaluated as given; "
                 "the decisions' warnings column names them)\n",
                 cmd, r.warned_records);
  }
  if (!data_options.print_rows) return 0;
  std::fprintf(stderr,
               "xiufu %s: 读取行数 = 评估 + 拒绝：主体 %zu = %zu + %zu，记录 %zu = %zu + %zu / "
               "rows read = evaluated + rejected: entities %zu = %zu + %zu, records %zu = %zu + "
               "%zu\n",
               cmd, r.entity_rows, r.population.num_entities(), r.rejected_entities,
               r.record_rows, r.population.num_records(), r.rejected_records, r.entity_rows,
               r.population.num_entities(), r.rejected_entities, r.record_rows,
               r.population.num_records(), r.rejected_records);
  return 0;
}

absl::Status CheckOutputDir(const std::string& out_dir,
                            std::initializer_list<std::string> inputs) {
  const std::string out = RealPath(out_dir);
  if (out.empty()) return absl::OkStatus();  // does not exist yet: holds nothing
  for (const std::string& input : inputs) {
    const std::string in = RealPath(input);
    if (in.empty()) continue;
    if (in == out) {
      return absl::InvalidArgumentError(
          Cat("--out '", out_dir, "' is the input '", input,
              "': the outputs would overwrite it; choose another output directory"));
    }
    if (Parent(in) == out) {
      return absl::InvalidArgumentError(
          Cat("--out '", out_dir, "' contains the input file '", input,
              "': the outputs (entities.csv, …) could overwrite it; choose another output "
              "directory"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEncoding(const std::string& name) { return ParseTextEncoding(name).status(); }

}  // namespace xiufu::cli

// `xiufu export`, `xiufu import` and `xiufu export-facts`: decision tables exchanged with
// GoRules JDM and DMN 1.3 (xiufu/interop.h, docs/interop.md), and the fact values a peer
// engine needs to decide the same records (bench/peers/).
#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/str_util.h"
#include "base/sv_util.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "xiufu/interop.h"
#include "xiufu/lint.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/detail/fact_slots.h"
#include "xiufu/runtime/detail/match.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/json_string.h"
#include "xiufu/runtime/parallel_for.h"

namespace xiufu::cli {
namespace {

void PrintDiagnostics(const std::vector<Diagnostic>& ds, size_t cap = 100) {
  for (size_t i = 0; i < ds.size() && i < cap; ++i) {
    std::fprintf(stderr, "%s\n", FormatDiagnostic(ds[i]).c_str());
  }
  if (ds.size() > cap) std::fprintf(stderr, "… and %zu more\n", ds.size() - cap);
}

// Loads a pack directory; prints its errors. 0 or the exit code.
int LoadPackDir(const std::string& dir, const char* cmd, LoadResult* out) {
  absl::StatusOr<LoadResult> loaded = LoadPack(dir);
  if (!loaded.ok()) {
    PrintError(cmd, loaded.status());
    return 2;
  }
  if (!loaded->ok()) {
    std::vector<Diagnostic> errors;
    for (const Diagnostic& d : loaded->diagnostics) {
      if (d.severity == Severity::kError) errors.push_back(d);
    }
    PrintDiagnostics(errors);
    std::fprintf(stderr, "xiufu %s: %s has %zu errors\n", cmd, dir.c_str(), loaded->error_count);
    return 1;
  }
  *out = *std::move(loaded);
  return 0;
}

bool WriteFile(const std::string& path, std::string_view text, const char* cmd) {
  std::ofstream f(path, std::ios::binary);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) {
    PrintError(cmd, Cat("cannot write ", path));
    return false;
  }
  return true;
}

std::optional<InteropFormat> FormatOf(const Flags& flags, const std::string& path) {
  if (flags.Has("format")) return InteropFormatByName(flags.Get("format"));
  if (path.ends_with(".dmn") || path.ends_with(".xml")) return InteropFormat::kDmn;
  if (path.ends_with(".json")) return InteropFormat::kJdm;
  return std::nullopt;
}

}  // namespace

int Export(int argc, char** argv) {
  constexpr const char* kCmd = "export";
  auto usage = [](FILE* out) {
    std::fputs(
        "usage: xiufu export --format jdm|dmn [--rules DIR] --out FILE [--decision NAME]\n"
        "  Writes every decision of the pack (or only NAME: eligibility, materials,\n"
        "  record_alerts, entity_alerts) as GoRules JDM (JSON) or DMN 1.3 (XML); prints what\n"
        "  is carried over an equivalent (elapsed units, date expressions) to stderr.\n",
        out);
  };
  absl::StatusOr<Flags> flags = Flags::Parse(
      argc, argv, {{"format", true}, {"rules", true}, {"out", true}, {"decision", true}});
  if (flags.ok() && flags->help()) {
    usage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"out"}) : flags.status();
  std::optional<InteropFormat> format;
  if (st.ok()) {
    format = FormatOf(*flags, flags->Get("out"));
    if (!format) st = absl::InvalidArgumentError("--format must be jdm or dmn");
  }
  std::vector<Decision> decisions;
  if (st.ok() && flags->Has("decision")) {
    const std::string name = flags->Get("decision");
    for (int i = 0; i < kNumDecisions; ++i) {
      if (DecisionName(static_cast<Decision>(i)) == name) {
        decisions.push_back(static_cast<Decision>(i));
      }
    }
    if (decisions.empty()) st = absl::InvalidArgumentError("unknown --decision " + name);
  }
  if (!st.ok()) {
    PrintError(kCmd, st);
    usage(stderr);
    return 2;
  }
  LoadResult loaded;
  const std::string dir = flags->Get("rules", DefaultRulesDir());
  if (int code = LoadPackDir(dir, kCmd, &loaded); code != 0) return code;
  const ExportResult result = ExportPack(loaded.pack, *format, decisions);
  for (const std::string& w : result.warnings) {
    std::fprintf(stderr, "xiufu export: note: %s\n", w.c_str());
  }
  const std::string out = flags->Get("out");
  if (!WriteFile(out, result.text, kCmd)) return 2;
  std::fprintf(stderr, "xiufu export: %s → %s (%s, %zu bytes)\n", dir.c_str(), out.c_str(),
               *format == InteropFormat::kJdm ? "JDM" : "DMN 1.3", result.text.size());
  return 0;
}

int Import(int argc, char** argv) {
  constexpr const char* kCmd = "import";
  auto usage = [](FILE* out) {
    std::fputs(
        "usage: xiufu import [--format jdm|dmn] [--rules DIR] --in FILE --out DIR\n"
        "  Reads the decision tables of a JDM (.json) or DMN (.dmn/.xml) file into rule-pack\n"
        "  CSV tables and writes DIR: a copy of the pack DIR (enums, catalogues, parameters)\n"
        "  whose decision tables are the imported ones, then loads and lints it. Diagnostics\n"
        "  name the JSON path or XML element of what cannot be mapped; exit 1 on errors.\n",
        out);
  };
  absl::StatusOr<Flags> flags =
      Flags::Parse(argc, argv, {{"format", true}, {"rules", true}, {"in", true}, {"out", true}});
  if (flags.ok() && flags->help()) {
    usage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"in", "out"}) : flags.status();
  std::optional<InteropFormat> format;
  if (st.ok()) {
    format = FormatOf(*flags, flags->Get("in"));
    if (!format) st = absl::InvalidArgumentError("--format must be jdm or dmn");
  }
  const std::string dir = st.ok() ? flags->Get("rules", DefaultRulesDir()) : "";
  if (st.ok()) st = CheckOutputDir(flags->Get("out"), {dir, flags->Get("in")});
  if (!st.ok()) {
    PrintError(kCmd, st);
    usage(stderr);
    return 2;
  }
  LoadResult loaded;
  if (int code = LoadPackDir(dir, kCmd, &loaded); code != 0) return code;
  const std::string in = flags->Get("in");
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    PrintError(kCmd, "cannot read " + in);
    return 2;
  }
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const ImportResult result = ImportDecisions(loaded.pack, text, *format, in);
  PrintDiagnostics(result.diagnostics);
  if (!result.ok()) {
    std::fprintf(stderr, "xiufu import: %s: %zu errors; nothing written\n", in.c_str(),
                 result.error_count);
    return 1;
  }
  absl::StatusOr<PackFiles> files = ReadPackFiles(dir);
  if (!files.ok()) {
    PrintError(kCmd, files.status());
    return 2;
  }
  const PackFiles merged = ReplaceTables(*files, result.tables);
  namespace fs = std::filesystem;
  const fs::path out_dir = flags->Get("out");
  for (const auto& [rel, bytes] : merged) {
    std::error_code ec;
    fs::create_directories((out_dir / rel).parent_path(), ec);
    if (!WriteFile((out_dir / rel).string(), bytes, kCmd)) return 2;
  }
  for (const ImportedTable& t : result.tables) {
    std::fprintf(stderr, "xiufu import: %s: table %s (%.*s, %zu rows)\n", in.c_str(),
                 t.name.c_str(), static_cast<int>(DecisionName(t.decision).size()),
                 DecisionName(t.decision).data(), t.rows);
  }
  // The written pack must load and lint like any other.
  absl::StatusOr<LoadResult> check = LoadPack(out_dir.string());
  if (!check.ok()) {
    PrintError(kCmd, check.status());
    return 1;
  }
  std::vector<Diagnostic> all = check->diagnostics;
  size_t errors = check->error_count;
  for (Diagnostic& d : Lint(check->pack)) {
    errors += d.severity == Severity::kError;
    all.push_back(std::move(d));
  }
  PrintDiagnostics(all);
  std::fprintf(stderr, "xiufu import: wrote %s: %zu errors\n", out_dir.c_str(), errors);
  return errors == 0 ? 0 : 1;
}

int ExportFacts(int argc, char** argv) {
  constexpr const char* kCmd = "export-facts";
  auto usage = [](FILE* out) {
    std::fputs(
        "usage: xiufu export-facts [--rules DIR] (--data DIR | --entities F --records F)\n"
        "                          [--as-of D] --out FILE.jsonl [--timing FILE.json] [--threads N]\n"
        "  Writes one JSON object per record × platform that exists on the evaluation date:\n"
        "  the eligibility decision's inputs as `xiufu export --format jdm` names them\n"
        "  (as_of, platform, since_decision_months, …) and `_rule`, the rule xiufu decides\n"
        "  with (null: none). --timing also times xiufu's matching of exactly these inputs\n"
        "  (sequential and on --threads threads) and, for context, the whole evaluation of the\n"
        "  district per record × platform, and writes the figures as JSON.\n",
        out);
  };
  absl::StatusOr<Flags> flags = Flags::Parse(
      argc, argv, {{"rules", true}, {"data", true}, {"entities", true}, {"records", true},
                   {"as-of", true}, {"out", true}, {"timing", true}, {"threads", true}});
  if (flags.ok() && flags->help()) {
    usage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"out"}) : flags.status();
  if (st.ok() && flags->Has("data") == (flags->Has("entities") || flags->Has("records"))) {
    st = absl::InvalidArgumentError("give either --data DIR or --entities and --records");
  }
  absl::StatusOr<Date> as_of = st.ok() ? flags->GetDate("as-of", Today()) : st;
  absl::StatusOr<int64_t> threads = st.ok() ? flags->GetInt("threads", 0, 0, 256) : st;
  if (st.ok() && !as_of.ok()) st = as_of.status();
  if (st.ok() && !threads.ok()) st = threads.status();
  if (!st.ok()) {
    PrintError(kCmd, st);
    usage(stderr);
    return 2;
  }
  const std::string dir = flags->Get("rules", DefaultRulesDir());
  LoadResult loaded;
  if (int code = LoadPackDir(dir, kCmd, &loaded); code != 0) return code;
  Rules rules;
  if (int code = LoadRules(dir, /*lint=*/false, kCmd, &rules); code != 0) return code;
  const std::string data_dir = flags->Get("data");
  Data data;
  DataOptions data_options;
  data_options.as_of = *as_of;
  data_options.print_rows = false;
  if (int code = ReadData(rules, flags->Has("data") ? data_dir + "/entities.csv" : flags->Get("entities"),
                          flags->Has("data") ? data_dir + "/records.csv" : flags->Get("records"),
                          kCmd, &data, data_options);
      code != 0) {
    return code;
  }
  const Population& pop = data.read.population;
  const DecisionTable& table = rules.table;
  const internal::TableData& d = internal::Data(table);
  const Pack& pack = loaded.pack;
  const FactVocabulary facts = pack.Facts();
  const std::vector<int> slots = DecisionInputSlots(pack, Decision::kEligibility);

  // xiufu's answers, as the evaluator gives them.
  BatchResult batch;
  if (absl::Status e = EvaluateBatch(table, pop, *as_of, batch, static_cast<int>(*threads));
      !e.ok()) {
    PrintError(kCmd, e);
    return 2;
  }
  // The inputs of every record × platform that exists: as_of plus `slots`, packed.
  const int np = pop.num_platforms;
  const size_t width = slots.size() + 1;
  std::vector<int64_t> values;
  std::vector<uint32_t> rows;  // FirstMatch on the values (must equal the evaluator's rule)
  std::string out;
  out.reserve(1 << 20);
  std::ofstream file(flags->Get("out"), std::ios::binary);
  if (!file) {
    PrintError(kCmd, "cannot write " + flags->Get("out"));
    return 2;
  }
  std::vector<int64_t> s(kNumSlots, kNull);
  std::vector<uint64_t> acc(1024);
  const internal::FactEnv env = internal::EnvOf(d, ToYmd(*as_of), nullptr);
  const internal::CompiledDecision& elig = d.decisions[static_cast<int>(Decision::kEligibility)];
  acc.resize(std::max<size_t>(acc.size(), elig.max_words));
  size_t mismatches = 0, written = 0;
  auto value_json = [&](int slot, int64_t v) {
    if (v == kNull) {
      out += "null";
      return;
    }
    const FactInfo info = facts.Info(FactOfSlot(slot));
    switch (info.type) {
      case FactType::kEnum: {
        const EnumDomain* dom = pack.Domain(info.domain);
        if (dom != nullptr && v >= 0 && v < static_cast<int64_t>(dom->values.size())) {
          AppendJsonString(&out, dom->values[v].code);
        } else {
          out += "null";
        }
        break;
      }
      case FactType::kBool: out += v ? "true" : "false"; break;
      case FactType::kDate: AppendJsonString(&out, FormatDate(Date{static_cast<int32_t>(v)})); break;
      default: Append(&out, v);
    }
  };
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    internal::EntityContext ctx;
    internal::FillEntitySlots(env, pop, e, *as_of, s.data(), &ctx);
    for (uint32_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
      if (!internal::RecordExists(pop, r, *as_of)) continue;
      internal::FillRecordSlots(env, pop, e, r, *as_of, ctx, s.data());
      for (int p = 0; p < np; ++p) {
        internal::FillPlatformSlots(env, pop, r, p, *as_of, s.data());
        const uint32_t row = internal::FirstMatch(d, elig, s.data(), acc.data());
        const RecordOutcome& o = batch.records[static_cast<size_t>(r) * np + p];
        if (row != o.rule) ++mismatches;
        rows.push_back(row);
        values.push_back(as_of->days);
        for (int slot : slots) values.push_back(s[slot]);
        out += "{\"_record\":";
        AppendJsonString(&out, pop.record_id[r]);
        out += ",\"_rule\":";
        if (row == kNoRow) {
          out += "null";
        } else {
          AppendJsonString(&out, table.RuleId(row));
        }
        Append(&out, ",\"as_of\":\"", FormatDate(*as_of), "\"");
        for (int slot : slots) {
          out += ",\"";
          out += InputName(facts, slot);
          out += "\":";
          value_json(slot, s[slot]);
        }
        out += "}\n";
        ++written;
        if (out.size() > (1 << 20)) {
          file << out;
          out.clear();
        }
      }
    }
  }
  file << out;
  file.close();
  if (!file) {
    PrintError(kCmd, "cannot write " + flags->Get("out"));
    return 2;
  }
  std::fprintf(stderr, "xiufu export-facts: %zu record × platform decisions, %zu inputs each → %s\n",
               written, slots.size() + 1, flags->Get("out").c_str());
  if (mismatches != 0) {
    std::fprintf(stderr, "xiufu export-facts: %zu decisions differ from the evaluator's\n",
                 mismatches);
    return 1;
  }
  if (!flags->Has("timing")) return 0;

  // xiufu's matching of the same inputs: put the values into the slots, FirstMatch.
  const size_t n = rows.size();
  auto match_range = [&](size_t begin, size_t end, std::vector<int64_t>& sl,
                         std::vector<uint64_t>& ac) {
    size_t bad = 0;
    for (size_t i = begin; i < end; ++i) {
      const int64_t* v = values.data() + i * width;
      sl[0] = v[0];
      for (size_t k = 0; k < slots.size(); ++k) sl[slots[k]] = v[k + 1];
      bad += internal::FirstMatch(d, elig, sl.data(), ac.data()) != rows[i];
    }
    return bad;
  };
  size_t bad = 0, reps = 0;
  const double t0 = NowMs();
  double seq_ms = 0;
  do {
    bad += match_range(0, n, s, acc);
    ++reps;
    seq_ms = NowMs() - t0;
  } while (seq_ms < 300 && n > 0);
  const int nthreads = ResolveThreads(static_cast<int>(*threads));
  const size_t chunks = static_cast<size_t>(nthreads) * 8;
  std::atomic<size_t> bad_par{0};
  size_t reps_par = 0;
  const double t1 = NowMs();
  double par_ms = 0;
  do {
    ParallelFor(nthreads, chunks, [&](size_t c) {
      std::vector<int64_t> sl(kNumSlots, kNull);
      std::vector<uint64_t> ac(acc.size());
      bad_par += match_range(ChunkBegin(n, chunks, c), ChunkBegin(n, chunks, c + 1), sl, ac);
    });
    ++reps_par;
    par_ms = NowMs() - t1;
  } while (par_ms < 300 && n > 0);
  // For context: the whole evaluation (facts from the raw records, all four decisions, dates,
  // unblocking, entity outcomes) per record × platform, on one thread and on all.
  auto evaluate_ns = [&](int th) {
    BatchResult b;
    size_t k = 0;
    const double t = NowMs();
    double ms = 0;
    do {
      (void)EvaluateBatch(table, pop, *as_of, b, th);
      ++k;
      ms = NowMs() - t;
    } while (ms < 300);
    return n ? ms * 1e6 / (static_cast<double>(n) * k) : 0;
  };
  const double eval_seq_ns = evaluate_ns(1), eval_par_ns = evaluate_ns(nthreads);
  const double seq_ns = n ? seq_ms * 1e6 / (static_cast<double>(n) * reps) : 0;
  const double par_ns = n ? par_ms * 1e6 / (static_cast<double>(n) * reps_par) : 0;
  std::string timing = Cat(
      "{\"decisions\": ", n, ", \"inputs\": ", width, ", \"threads\": ", nthreads,
      ", \"sequential_ns_per_decision\": ", seq_ns, ", \"concurrent_ns_per_decision\": ", par_ns,
      ", \"evaluate_sequential_ns_per_decision\": ", eval_seq_ns,
      ", \"evaluate_concurrent_ns_per_decision\": ", eval_par_ns, ", \"repetitions\": [", reps,
      ", ", reps_par, "], \"wrong\": ", bad + bad_par.load(), "}\n");
  if (!WriteFile(flags->Get("timing"), timing, kCmd)) return 2;
  std::fprintf(stderr,
               "xiufu export-facts: matching %.1f ns/decision sequential, %.1f ns on %d threads; "
               "whole evaluation %.1f / %.1f ns per record × platform\n",
               seq_ns, par_ns, nthreads, eval_seq_ns, eval_par_ns);
  return bad + bad_par.load() == 0 ? 0 : 1;
}

}  // namespace xiufu::cli

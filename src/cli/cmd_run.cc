// `xiufu run`: the district job. Loads, lints and compiles the rule pack, reads the district
// (generating the default synthetic one on first use), evaluates everyone with EvaluateBatch,
// prints the bilingual summary (or JSON with --json) and writes decisions.csv, decisions.jsonl,
// entities.csv, alerts.csv and summary.json into the output directory.
#include <cstdio>
#include <algorithm>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "base/text_file.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/synth/generate.h"
#include "xiufu/plans_report.h"
#include "xiufu/report.h"

namespace xiufu::cli {
namespace {

constexpr const char* kCmd = "run";

void RunUsage(FILE* out) {
  std::fputs(
      "usage: xiufu run [--rules DIR|FILE.xtb] [--data DIR] [--as-of YYYY-MM-DD] [--out DIR]\n"
      "                 [--json] [--threads N] [--strict] [--encoding ENC] [--no-bom]\n"
      "  Evaluates every entity of a district and prints the summary (Chinese, then English).\n"
      "  --rules    rule pack directory or compiled blob (default: the bundled Gongshu pack)\n"
      "  --data     directory with entities.csv and records.csv (default: build/district,\n"
      "             generated on first use: 178000 synthetic entities, fixed seed)\n"
      "  --as-of    evaluation date (default: today)\n"
      "  --out      output directory (default: build/out): decisions.csv, decisions.jsonl,\n"
      "             entities.csv, alerts.csv, summary.json; may not be or hold an input file\n"
      "  --encoding text encoding of entities.csv and records.csv: auto (default: UTF-8,\n"
      "             UTF-16 or GB18030, detected and noted), utf-8, utf-16le, utf-16be, gb18030\n"
      "  --no-bom   output CSVs without the UTF-8 byte-order mark Excel needs\n"
      "  --json     print the machine-readable summary instead of the text\n"
      "  --threads  threads for reading, evaluating, planning and writing (default: all cores)\n"
      "  --strict   exit 1 when any input row was rejected\n"
      "Exit codes: 0 ok, 1 rule or data errors, 2 usage or I/O errors.\n",
      out);
}

void Progress(bool on, const char* what) {
  if (on) std::fprintf(stderr, "xiufu run: %s\n", what);
}

}  // namespace

int Run(int argc, char** argv) {
  absl::StatusOr<Flags> flags =
      Flags::Parse(argc, argv,
                   {{"rules", true}, {"data", true}, {"as-of", true}, {"out", true},
                    {"json", false}, {"threads", true}, {"strict", false}, {"encoding", true},
                    {"no-bom", false}});
  if (flags.ok() && flags->help()) {
    RunUsage(stdout);
    return 0;
  }
  absl::Status st = flags.status();
  if (st.ok() && !flags->positional().empty()) {
    st = absl::InvalidArgumentError("unexpected argument '" + flags->positional()[0] + "'");
  }
  absl::StatusOr<Date> as_of = st.ok() ? flags->GetDate("as-of", Today()) : st;
  absl::StatusOr<int64_t> threads = st.ok() ? flags->GetInt("threads", 0, 0, 1024) : st;
  if (st.ok() && !as_of.ok()) st = as_of.status();
  if (st.ok() && !threads.ok()) st = threads.status();
  if (st.ok()) st = CheckEncoding(flags->Get("encoding", "auto"));
  if (!st.ok()) {
    PrintError(kCmd, st);
    RunUsage(stderr);
    return 2;
  }
  const bool progress = StderrIsTerminal();
  const std::string rules_dir = flags->Get("rules", DefaultRulesDir());
  const std::string data_dir = flags->Get("data", "build/district");
  const std::string out_dir = flags->Get("out", "build/out");
  const std::string entities = data_dir + "/entities.csv";
  const std::string records = data_dir + "/records.csv";
  if (absl::Status o = CheckOutputDir(out_dir, {entities, records, data_dir, rules_dir});
      !o.ok()) {
    PrintError(kCmd, o);
    return 2;
  }

  // Rules.
  Progress(progress, "loading and compiling the rule pack…");
  Rules rules;
  if (int code = LoadRules(rules_dir, /*lint=*/true, kCmd, &rules); code != 0) return code;

  // Data: generated on first use when the default directory has none; said every time.
  if (!flags->Has("data")) {
    if (!PathExists(entities)) {
      std::fprintf(stderr,
                   "xiufu run: no district in %s yet: generating 178000 synthetic entities…\n",
                   data_dir.c_str());
      if (absl::Status w = WriteDistrict(GenerateDistrict(GenOptions{}), data_dir); !w.ok()) {
        PrintError(kCmd, w);
        return 2;
      }
    }
    std::fprintf(stderr,
                 "xiufu run: 未给出 --data：评估的是 %s 中生成的合成辖区（虚构数据，不是真实主体） / "
                 "no --data given: evaluating the synthetic district in %s (generated, not real "
                 "entities)\n",
                 data_dir.c_str(), data_dir.c_str());
  }
  Progress(progress, "reading the district…");
  Data data;
  DataOptions data_options;
  data_options.threads = static_cast<int>(*threads);
  data_options.encoding = flags->Get("encoding", "auto");
  data_options.as_of = *as_of;
  data_options.print_rows = false;  // the summary has it
  if (int code = ReadData(rules, entities, records, kCmd, &data, data_options); code != 0) {
    return code;
  }
  const Population& pop = data.read.population;

  // Evaluate.
  Progress(progress, "evaluating…");
  BatchResult batch;
  const double t0 = NowMs();
  if (absl::Status st = EvaluateBatch(rules.table, pop, *as_of, batch, static_cast<int>(*threads));
      !st.ok()) {
    PrintError(kCmd, st);
    return 1;
  }
  const double evaluate_ms = NowMs() - t0;

  RunInfo info;
  info.compile_ms = rules.compile_ms;
  info.read_ms = data.read_ms;
  info.evaluate_ms = evaluate_ms;
  info.threads = *threads > 0 ? static_cast<int>(*threads)
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  info.rejected_entities = data.read.rejected_entities;
  info.rejected_records = data.read.rejected_records;
  info.invalid_uscc = data.read.invalid_uscc;
  info.entity_rows = data.read.entity_rows;
  info.record_rows = data.read.record_rows;
  info.warning_counts = data.read.warning_counts;
  info.warned_records = data.read.warned_records;
  RunSummary summary = Summarize(rules.table, pop, batch, *as_of, info);
  Progress(progress, "planning…");
  const double t_plan = NowMs();
  const std::vector<RepairPlan> plans =
      PlanDistrict(rules.table, pop, batch, *as_of, static_cast<int>(*threads));
  const PlansSummary plan_summary = SummarizePlans(plans);
  summary.has_plans = true;
  summary.plans = plan_summary.entities;
  summary.plans_with_actions = plan_summary.with_actions;
  summary.plans_never_clean = plan_summary.never_clean;
  summary.clean_by_month = plan_summary.clean_by_month;
  summary.info.plan_ms = NowMs() - t_plan;

  // Outputs: each file written while the threads format it; summary.json last, with the time
  // the others took.
  Progress(progress, "writing the output files…");
  const DecisionTable& t = rules.table;
  const int nthreads = static_cast<int>(*threads);
  CsvStyle style;
  style.bom = !flags->Has("no-bom");
  const double t_write = NowMs();
  absl::Status w = MakeDirs(out_dir);
  const std::pair<const char*, OutputText> files[] = {
      {"decisions.csv", DecisionsCsvOutput(t, pop, batch, *as_of, style)},
      {"decisions.jsonl", DecisionsJsonlOutput(t, pop, batch, *as_of)},
      {"entities.csv", EntityResultsCsvOutput(t, pop, batch, style)},
      {"alerts.csv", AlertsCsvOutput(t, pop, batch, *as_of, style)},
      {"plans.csv", PlansCsvOutput(t, pop, plans, style)},
  };
  for (const auto& [name, text] : files) {
    if (w.ok()) w = WriteOutput(out_dir + "/" + name, text, nthreads);
  }
  summary.info.write_ms = NowMs() - t_write;
  const std::string json = SummaryJson(summary);
  if (w.ok()) w = WriteTextFile(out_dir + "/summary.json", json);
  if (!w.ok()) {
    PrintError(kCmd, w);
    return 2;
  }

  const std::string text = flags->Has("json") ? json : SummaryText(summary);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!flags->Has("json")) {
    std::printf("\n输出 / output: %s/{decisions.csv, decisions.jsonl, entities.csv, alerts.csv, "
                "plans.csv, summary.json}\n",
                out_dir.c_str());
  }
  std::fflush(stdout);
  return flags->Has("strict") && data.read.rejected() > 0 ? 1 : 0;
}

}  // namespace xiufu::cli

// `xiufu evaluate --rules DIR --entities F --records F [--as-of D] [--format csv|jsonl]`:
// evaluates the given files and writes one decision per record × platform to stdout.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/report.h"

namespace xiufu::cli {
namespace {

constexpr const char* kCmd = "evaluate";

void EvaluateUsage(FILE* out) {
  std::fputs(
      "usage: xiufu evaluate [--rules DIR|FILE.xtb] --entities FILE --records FILE\n"
      "                      [--as-of YYYY-MM-DD] [--format csv|jsonl] [--threads N] [--strict]\n"
      "                      [--encoding ENC] [--no-bom]\n"
      "  Writes one decision per record × platform to stdout (uscc, record_id, platform, status,\n"
      "  eligible_from, expires_on, rule_id, source, channel, authority, reason_zh, reason_en,\n"
      "  warnings). CSV starts with a UTF-8 byte-order mark for Excel unless --no-bom.\n"
      "  --encoding: auto (default; UTF-8, UTF-16 or GB18030, detected and noted), utf-8,\n"
      "  utf-16le, utf-16be, gb18030.\n"
      "  --rules defaults to the bundled Gongshu pack; --as-of to today; --format to csv.\n"
      "  Rejected input rows are reported on stderr; --strict makes them exit 1.\n",
      out);
}

}  // namespace

int Evaluate(int argc, char** argv) {
  absl::StatusOr<Flags> flags = Flags::Parse(
      argc, argv,
      {{"rules", true}, {"entities", true}, {"records", true}, {"as-of", true}, {"format", true},
       {"threads", true}, {"strict", false}, {"encoding", true}, {"no-bom", false}});
  if (flags.ok() && flags->help()) {
    EvaluateUsage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"entities", "records"}) : flags.status();
  if (st.ok() && !flags->positional().empty()) {
    st = absl::InvalidArgumentError("unexpected argument '" + flags->positional()[0] + "'");
  }
  const std::string format = st.ok() ? flags->Get("format", "csv") : "";
  if (st.ok() && format != "csv" && format != "jsonl") {
    st = absl::InvalidArgumentError("--format must be csv or jsonl, not '" + format + "'");
  }
  absl::StatusOr<Date> as_of = st.ok() ? flags->GetDate("as-of", Today()) : st;
  absl::StatusOr<int64_t> threads = st.ok() ? flags->GetInt("threads", 0, 0, 1024) : st;
  if (st.ok() && !as_of.ok()) st = as_of.status();
  if (st.ok() && !threads.ok()) st = threads.status();
  if (st.ok()) st = CheckEncoding(flags->Get("encoding", "auto"));
  if (!st.ok()) {
    PrintError(kCmd, st);
    EvaluateUsage(stderr);
    return 2;
  }

  Rules rules;
  if (int code = LoadRules(flags->Get("rules", DefaultRulesDir()), /*lint=*/false, kCmd, &rules);
      code != 0) {
    return code;
  }
  Data data;
  DataOptions data_options;
  data_options.threads = static_cast<int>(*threads);
  data_options.encoding = flags->Get("encoding", "auto");
  data_options.as_of = *as_of;
  if (int code = ReadData(rules, flags->Get("entities"), flags->Get("records"), kCmd, &data,
                          data_options);
      code != 0) {
    return code;
  }
  BatchResult batch;
  if (absl::Status st = EvaluateBatch(rules.table, data.read.population, *as_of, batch,
                                      static_cast<int>(*threads));
      !st.ok()) {
    PrintError(kCmd, st);
    return 1;
  }
  const std::string out =
      format == "csv" ? DecisionsCsv(rules.table, data.read.population, batch, *as_of,
                                     CsvStyle{.bom = !flags->Has("no-bom")},
                                     static_cast<int>(*threads))
                      : DecisionsJsonl(rules.table, data.read.population, batch, *as_of,
                                       static_cast<int>(*threads));
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    PrintError(kCmd, "cannot write to standard output");
    return 2;
  }
  return flags->Has("strict") && data.read.rejected() > 0 ? 1 : 0;
}

}  // namespace xiufu::cli

// `xiufu explain --rules DIR --entities F --records F --entity USCC [--record ID] [--as-of D]`:
// prints the decision trace (Chinese, then English) of every record of one entity (or one
// record) on every platform where it is shown.
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "xiufu/runtime/explain.h"

namespace xiufu::cli {
namespace {

constexpr const char* kCmd = "explain";

void ExplainUsage(FILE* out) {
  std::fputs(
      "usage: xiufu explain [--rules DIR|FILE.xtb] --entities FILE --records FILE --entity USCC\n"
      "                     [--record ID] [--as-of YYYY-MM-DD] [--full] [--encoding ENC]\n"
      "  Prints why each record of the entity (or just --record) has its status on every\n"
      "  platform where it is shown: the deciding rule with its dates and legal basis, what\n"
      "  must be done when it is blocked, and the rules missed by one condition the company\n"
      "  or time can change. --full adds every rule tried with its first failing condition.\n"
      "  Chinese first, then English.\n",
      out);
}

}  // namespace

int Explain(int argc, char** argv) {
  absl::StatusOr<Flags> flags = Flags::Parse(
      argc, argv,
      {{"rules", true}, {"entities", true}, {"records", true}, {"entity", true},
       {"record", true}, {"as-of", true}, {"encoding", true}, {"full", false}});
  if (flags.ok() && flags->help()) {
    ExplainUsage(stdout);
    return 0;
  }
  absl::Status st =
      flags.ok() ? flags->Require({"entities", "records", "entity"}) : flags.status();
  if (st.ok() && !flags->positional().empty()) {
    st = absl::InvalidArgumentError("unexpected argument '" + flags->positional()[0] + "'");
  }
  absl::StatusOr<Date> as_of = st.ok() ? flags->GetDate("as-of", Today()) : st;
  if (st.ok() && !as_of.ok()) st = as_of.status();
  if (st.ok()) st = CheckEncoding(flags->Get("encoding", "auto"));
  if (!st.ok()) {
    PrintError(kCmd, st);
    ExplainUsage(stderr);
    return 2;
  }

  Rules rules;
  if (int code = LoadRules(flags->Get("rules", DefaultRulesDir()), /*lint=*/false, kCmd, &rules);
      code != 0) {
    return code;
  }
  Data data;
  DataOptions data_options;
  data_options.encoding = flags->Get("encoding", "auto");
  data_options.as_of = *as_of;
  if (int code = ReadData(rules, flags->Get("entities"), flags->Get("records"), kCmd, &data,
                          data_options);
      code != 0) {
    return code;
  }
  const Population& pop = data.read.population;
  const std::string uscc = flags->Get("entity");
  size_t entity = pop.num_entities();
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    if (std::string_view(pop.uscc[e].data(), pop.uscc[e].size()) == uscc) entity = e;
  }
  if (entity == pop.num_entities()) {
    PrintError(kCmd, "entity " + uscc + " is not in " + flags->Get("entities"));
    return 1;
  }
  const bool one = flags->Has("record");
  const std::string record_id = flags->Get("record");
  bool found = false;
  std::string out;
  xiufu::EntityExplainer explainer(rules.table, pop, entity, *as_of);
  for (uint32_t r = pop.RecordsBegin(entity); r < pop.RecordsEnd(entity); ++r) {
    if (one && pop.record_id[r] != record_id) continue;
    found = true;
    if (pop.shown_mask[r] == 0) {
      const std::string id(pop.record_id[r]);
      out += "记录 " + id + " 未在任何平台公示。\nRecord " + id + " is not shown on any platform.\n\n";
      continue;
    }
    for (int p = 0; p < pop.num_platforms; ++p) {
      if (!((pop.shown_mask[r] >> p) & 1)) continue;
      absl::StatusOr<Explanation> ex = explainer.Explain(r, p);
      if (!ex.ok()) {
        PrintError(kCmd, ex.status());
        return 1;
      }
      out += ex->ToText(true, flags->Has("full"));
      out += ex->ToText(false, flags->Has("full"));
      out += "\n";
    }
  }
  if (one && !found) {
    PrintError(kCmd, "entity " + uscc + " has no record " + record_id);
    return 1;
  }
  if (!found) {
    out += "主体 " + uscc + " 没有记录。\nEntity " + uscc + " has no records.\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace xiufu::cli

// `xiufu plan [--rules DIR|FILE.xtb] (--data DIR | --entities F --records F) --entity USCC
// [--as-of D] [--json]`: the repair plan of one entity — what to do, where, with which
// materials and from when, so that its records leave every platform — Chinese first, then
// English; or one JSON object.
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/job.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/plan.h"

namespace xiufu::cli {
namespace {

constexpr const char* kCmd = "plan";

void PlanUsage(FILE* out) {
  std::fputs(
      "usage: xiufu plan [--rules DIR|FILE.xtb] (--data DIR | --entities FILE --records FILE)\n"
      "                  --entity USCC [--as-of YYYY-MM-DD] [--json] [--encoding ENC]\n"
      "  Prints the repair plan of one entity: the actions that unblock its records, then the\n"
      "  applications by date (platform, deciding department, materials, the platforms that\n"
      "  follow), what drops off by itself, and the day it is expected clean everywhere.\n"
      "  --data DIR reads DIR/entities.csv and DIR/records.csv.\n",
      out);
}

}  // namespace

int Plan(int argc, char** argv) {
  absl::StatusOr<Flags> flags = Flags::Parse(
      argc, argv,
      {{"rules", true}, {"data", true}, {"entities", true}, {"records", true}, {"entity", true},
       {"as-of", true}, {"json", false}, {"encoding", true}});
  if (flags.ok() && flags->help()) {
    PlanUsage(stdout);
    return 0;
  }
  absl::Status st = flags.ok() ? flags->Require({"entity"}) : flags.status();
  if (st.ok() && !flags->positional().empty()) {
    st = absl::InvalidArgumentError("unexpected argument '" + flags->positional()[0] + "'");
  }
  if (st.ok() && flags->Has("data") == (flags->Has("entities") || flags->Has("records"))) {
    st = absl::InvalidArgumentError("give either --data DIR or --entities and --records");
  }
  if (st.ok() && !flags->Has("data")) st = flags->Require({"entities", "records"});
  absl::StatusOr<Date> as_of = st.ok() ? flags->GetDate("as-of", Today()) : st;
  if (st.ok() && !as_of.ok()) st = as_of.status();
  if (st.ok()) st = CheckEncoding(flags->Get("encoding", "auto"));
  if (!st.ok()) {
    PrintError(kCmd, st);
    PlanUsage(stderr);
    return 2;
  }

  Rules rules;
  if (int code = LoadRules(flags->Get("rules", DefaultRulesDir()), /*lint=*/false, kCmd, &rules);
      code != 0) {
    return code;
  }
  const std::string dir = flags->Get("data");
  const std::string entities = flags->Has("data") ? dir + "/entities.csv" : flags->Get("entities");
  const std::string records = flags->Has("data") ? dir + "/records.csv" : flags->Get("records");
  Data data;
  DataOptions data_options;
  data_options.encoding = flags->Get("encoding", "auto");
  data_options.as_of = *as_of;
  data_options.print_rows = false;
  if (int code = ReadData(rules, entities, records, kCmd, &data, data_options); code != 0) {
    return code;
  }
  const Population& pop = data.read.population;
  const std::string uscc = flags->Get("entity");
  size_t entity = pop.num_entities();
  for (size_t e = 0; e < pop.num_entities(); ++e) {
    if (std::string_view(pop.uscc[e].data(), pop.uscc[e].size()) == uscc) entity = e;
  }
  if (entity == pop.num_entities()) {
    PrintError(kCmd, "entity " + uscc + " is not in " + entities);
    return 1;
  }
  absl::StatusOr<RepairPlan> plan = PlanEntity(rules.table, pop, entity, *as_of);
  if (!plan.ok()) {
    PrintError(kCmd, plan.status());
    return 1;
  }
  const std::string out = flags->Has("json")
                              ? PlanJson(rules.table, pop, *plan) + "\n"
                              : PlanText(rules.table, pop, *plan, Lang::kZh) + "\n" +
                                    PlanText(rules.table, pop, *plan, Lang::kEn);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace xiufu::cli

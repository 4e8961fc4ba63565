// A host service on the installed xiufu runtime: load a compiled table blob, build one company
// with two negative records, evaluate them on every platform and explain one decision.
//   xiufu compile --rules rules/gongshu --out gongshu.xtb
//   xiufu_host gongshu.xtb [YYYY-MM-DD]
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/date.h"
#include "xiufu/runtime/diagnostic.h"
#include "xiufu/runtime/dictionary.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/population_builder.h"

namespace {

int Fail(const char* what, const absl::Status& why) {
  std::fprintf(stderr, "xiufu_host: %s: %s\n", what, why.ToString().c_str());
  return 1;
}

std::string Str(std::string_view s) { return s.empty() ? "—" : std::string(s); }
std::string Day(int32_t days) { return Str(xiufu::FormatDate(xiufu::Date{days})); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "用法 usage: %s TABLE.xtb [YYYY-MM-DD]\n", argv[0]);
    return 2;
  }
  absl::StatusOr<xiufu::DecisionTable> table = xiufu::LoadTable(argv[1]);
  if (!table.ok()) return Fail("加载规则表 load table", table.status());
  absl::StatusOr<xiufu::Dictionary> dict = xiufu::Dictionary::FromTable(*table);
  if (!dict.ok()) return Fail("代码表 dictionary", dict.status());
  absl::StatusOr<xiufu::Date> as_of = xiufu::ParseDate(argc > 2 ? argv[2] : "2026-11-22");
  if (!as_of.ok()) return Fail("评估日 as-of date", as_of.status());

  // One company, two records: fields by name, codes from the pack's enums.csv.
  constexpr std::string_view kUscc = "91330105MA2H8K3Q7K";
  xiufu::PopulationBuilder builder(*dict);
  builder.AddEntity({.uscc = kUscc, .name = "杭州拱墅某某商贸有限公司", .status = "active",
                     .registration_date = "2018-03-15", .last_report_year = 2025,
                     .unreachable = false});
  builder.AddRecord({.record_id = "CF-2025-001", .uscc = kUscc, .department = "samr",
                     .record_kind = "penalty", .severity = "general", .penalty = "fine",
                     .procedure = "ordinary", .sector = "general",
                     .decision_date = "2025-01-20", .publication_date = "2025-01-27",
                     .fine_yuan = 80000, .fulfilled_date = "2025-02-10",
                     .corrected_date = "2025-02-10",
                     .shown_on = "credit_china|credit_zhejiang|credit_hangzhou"});
  builder.AddRecord({.record_id = "SW-2026-031", .uscc = kUscc, .department = "tax",
                     .record_kind = "penalty", .severity = "general", .penalty = "fine",
                     .procedure = "summary", .sector = "general",
                     .decision_date = "2026-09-01", .publication_date = "2026-09-05",
                     .fine_yuan = 2000, .fulfilled_date = "2026-09-20",
                     .corrected_date = "2026-09-20", .shown_on = "credit_china|credit_zhejiang"});
  xiufu::PopulationBuild built = std::move(builder).Finish();
  for (const xiufu::Diagnostic& d : built.diagnostics) {
    std::fprintf(stderr, "%s\n", xiufu::FormatDiagnostic(d).c_str());
  }
  if (built.rejected() > 0) return Fail("输入 input", absl::InvalidArgumentError("rows rejected"));
  const xiufu::Population& pop = built.population;

  xiufu::BatchResult result;
  if (auto st = xiufu::EvaluateBatch(*table, pop, *as_of, result); !st.ok()) {
    return Fail("评估 evaluate", st);
  }

  std::printf("评估日 as of %s — %s %s\n", xiufu::FormatDate(*as_of).c_str(),
              std::string(pop.name[0]).c_str(), std::string(kUscc).c_str());
  for (size_t r = 0; r < pop.num_records(); ++r) {
    for (int p = 0; p < pop.num_platforms; ++p) {
      const xiufu::RecordOutcome& o = result.records[r * pop.num_platforms + p];
      const bool shown = xiufu::ShownOn(pop, r, p, *as_of);
      std::printf("%s × %s (%s): 状态 status %s (%s)  可申请 eligible from %s  到期 expires %s"
                  "  规则 rule %s  依据 basis %s\n",
                  std::string(pop.record_id[r]).c_str(), Str(table->PlatformZh(p)).c_str(),
                  Str(table->PlatformCode(p)).c_str(),
                  Str(xiufu::StatusNameOf(o, shown, xiufu::Lang::kZh)).c_str(),
                  Str(xiufu::StatusCodeOf(o, shown)).c_str(), Day(o.eligible_from).c_str(),
                  Day(o.expires_on).c_str(), Str(table->RuleId(o.rule)).c_str(),
                  Str(table->Source(o.rule)).c_str());
    }
  }

  // Why? The first record on Credit China, as a readable trace (every row considered).
  const int platform = dict->Find(xiufu::InputDomain::kPlatform, "credit_china");
  absl::StatusOr<xiufu::Explanation> why =
      xiufu::Explain(*table, pop, /*entity=*/0, /*record=*/0, platform, *as_of);
  if (!why.ok()) return Fail("解释 explain", why.status());
  std::printf("\n原因 why:\n%s", why->ToText(/*chinese=*/true).c_str());
  return 0;
}

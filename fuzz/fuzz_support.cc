#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/text_file.h"
#include "xiufu/compile.h"
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/explain.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/runtime/uscc.h"

namespace xiufu::fuzz {

void Fail(std::string_view what) {
  std::fprintf(stderr, "xiufu fuzz check failed: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

std::string SourceDir() {
  if (const char* env = std::getenv("XIUFU_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return XIUFU_SOURCE_DIR;
}

PackFiles ReadDir(const std::string& dir) {
  namespace fs = std::filesystem;
  PackFiles files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    absl::StatusOr<std::string> bytes = ReadTextFile(e.path().string());
    if (!bytes.ok()) Fail(bytes.status().ToString());
    files[fs::relative(e.path(), dir).generic_string()] = *std::move(bytes);
  }
  return files;
}

std::vector<std::pair<std::string, std::string_view>> SplitFiles(std::string_view input,
                                                                 std::string_view first_name) {
  std::vector<std::pair<std::string, std::string_view>> files;
  std::string name(first_name);
  size_t begin = 0;  // of the current file's bytes
  size_t line = 0;   // start of the line being looked at
  while (line <= input.size()) {
    size_t end = input.find('\n', line);
    if (end == std::string_view::npos) end = input.size();
    if (input.substr(line, end - line).starts_with(kFileMarker)) {
      files.emplace_back(std::move(name), input.substr(begin, line - begin));
      name = std::string(input.substr(line + kFileMarker.size(), end - line - kFileMarker.size()));
      begin = std::min(end + 1, input.size());
    }
    line = end + 1;
  }
  files.emplace_back(std::move(name), input.substr(begin));
  return files;
}

std::string JoinFiles(const PackFiles& files, std::string_view first_name) {
  std::string out;
  if (auto it = files.find(first_name); it != files.end()) out = it->second;
  for (const auto& [name, bytes] : files) {
    if (name == first_name) continue;
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += kFileMarker;
    out += name;
    out += '\n';
    out += bytes;
  }
  return out;
}

LoadResult LoadOrDie(const std::string& dir, bool clean) {
  absl::StatusOr<LoadResult> loaded = LoadPack(dir);
  if (!loaded.ok()) Fail(loaded.status().ToString());
  if (clean && !loaded->ok()) Fail("the reference pack " + dir + " has errors");
  return *std::move(loaded);
}

DecisionTable CompileOrDie(const LoadResult& loaded) {
  absl::StatusOr<DecisionTable> table = Compile(loaded);
  if (!table.ok()) Fail(table.status().ToString());
  return *std::move(table);
}

const DecisionTable& GongshuTable() {
  static const DecisionTable* table =
      new DecisionTable(CompileOrDie(LoadOrDie(SourceDir() + "/rules/gongshu")));
  return *table;
}

const Dictionary& GongshuDictionary() {
  static const Dictionary* dict = [] {
    absl::StatusOr<Dictionary> d = Dictionary::FromTable(GongshuTable());
    if (!d.ok()) Fail(d.status().ToString());
    return new Dictionary(*std::move(d));
  }();
  return *dict;
}

namespace {

// A USCC with a right check character: 18 characters, the last computed from the first 17.
std::string MakeUscc(int i) {
  std::string s = "91330105MA2" + std::to_string(1000000 + i).substr(1);
  s += UsccCheckChar(s);
  return s;
}

}  // namespace

void ExerciseTable(const DecisionTable& table) {
  absl::StatusOr<Dictionary> dict = Dictionary::FromTable(table);
  if (!dict.ok()) return;
  int most = 1;
  for (int d = 0; d < kNumInputDomains; ++d) {
    most = std::max(most, dict->Size(static_cast<InputDomain>(d)));
  }
  const int platforms = dict->num_platforms();
  auto code = [&](InputDomain d, int i) { return dict->Size(d) == 0 ? 0 : i % dict->Size(d); };

  PopulationBuilder builder(*dict);
  const int entities = std::min(most, 24);
  std::vector<std::string> usccs, ids;
  for (int e = 0; e < entities; ++e) usccs.push_back(MakeUscc(e));
  for (int e = 0; e < entities * 2; ++e) ids.push_back("R" + std::to_string(e));
  const Date base = FromYmd(2023, 1, 31);
  std::vector<Date> repaired(static_cast<size_t>(platforms), Date{kNoDay});
  for (int e = 0; e < entities; ++e) {
    builder.AddEntity({.uscc = usccs[e], .name = "fuzz",
                       .status = code(InputDomain::kEntityStatus, e),
                       .registration_date = Date{base.days - 900 - 37 * e},
                       .last_report_year = int64_t{2022 + e % 4},
                       .unreachable = e % 5 == 4});
    for (int k = 0; k < 2; ++k) {
      const int r = 2 * e + k;
      if (!repaired.empty()) repaired[r % repaired.size()] = Date{base.days + 400 + r};
      builder.AddRecord({.record_id = ids[r], .uscc = usccs[e],
                         .department = code(InputDomain::kDepartment, r),
                         .record_kind = code(InputDomain::kRecordKind, r + e),
                         .severity = code(InputDomain::kSeverity, r),
                         .penalty = code(InputDomain::kPenalty, r + 1),
                         .procedure = code(InputDomain::kProcedure, r),
                         .sector = code(InputDomain::kSector, r * 3),
                         .decision_date = Date{base.days + 29 * r},
                         .publication_date = Date{base.days + 29 * r + 7},
                         .fine_yuan = int64_t{1000} * r,
                         .fulfilled_date = r % 3 == 0 ? Input<Date>() : Date{base.days + 29 * r + 30},
                         .corrected_date = r % 4 == 0 ? Input<Date>() : Date{base.days + 29 * r + 60},
                         .shown_on = platforms >= 32 ? ~uint32_t{0} : (uint32_t{1} << platforms) - 1 - (r % 2),
                         .repaired_on = absl::Span<const Date>(repaired)});
    }
  }
  PopulationBuild built = std::move(builder).Finish();
  if (built.rejected() != 0) {
    Fail("a row made of the table's own codes was rejected: " +
         built.diagnostics.front().message);
  }
  const Population& pop = built.population;
  for (Date as_of : {FromYmd(2026, 3, 31), FromYmd(2026, 11, 22)}) {
    BatchResult result;
    if (absl::Status st = EvaluateBatch(table, pop, as_of, result, 1); !st.ok()) {
      Fail(st.ToString());
    }
    for (size_t e = 0; e < pop.num_entities(); ++e) {
      for (int64_t r = pop.RecordsBegin(e); r < pop.RecordsEnd(e); ++r) {
        for (int p = 0; p < platforms; ++p) {
          absl::StatusOr<Explanation> why = Explain(table, pop, e, static_cast<size_t>(r), p, as_of);
          if (!why.ok()) Fail(why.status().ToString());
          (void)why->ToText(e % 2 == 0);
        }
      }
    }
  }
}

}  // namespace xiufu::fuzz

// Inputs the fuzzers (fuzz/) found to crash or to break an invariant, kept as regression
// tests: each names its fuzzer and what was wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "pack/cell_parser.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/detail/blob_format.h"
#include "xiufu/runtime/detail/table_data.h"
#include "xiufu/runtime/population_builder.h"
#include "xiufu/serialize.h"
#include "xiufu/synth/generate.h"

namespace xiufu {
namespace XIUFU_UNITY_ID {

using ::testing::HasSubstr;

// cell_fuzzer: the number INT64_MIN is kNull, the missing value; a cell naming it gave a range
// starting below kRangeMin, i.e. a test for a number that matched missing values.
TEST(FuzzRegressionTest, SmallestInt64IsOutOfRangeInANumberCell) {
  for (const char* text : {"-9223372036854775808", "= -9223372036854775808",
                           "<= -9223372036854775808", "[-9223372036854775808..0)",
                           "not(-9223372036854775808)", "-9223372036854775808d"}) {
    for (Fact fact : {Fact::kFineAmount, Fact::kUntilEligible}) {
      std::vector<CellError> errors;
      const CellTest t = ParseInputCell(text, fact, nullptr, &errors);
      ASSERT_FALSE(errors.empty()) << text;
      EXPECT_EQ(errors.front().code, "type-error") << text;
      for (const Range& r : t.ranges) EXPECT_GE(r.lo, kRangeMin) << text;
    }
  }
  std::vector<CellError> errors;
  const CellTest t = ParseInputCell("-9223372036854775808", Fact::kFineAmount, nullptr, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("out of range"));
  // The smallest representable number still works.
  errors.clear();
  const CellTest lowest =
      ParseInputCell("-9223372036854775807", Fact::kFineAmount, nullptr, &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(lowest.ranges.size(), 1u);
  EXPECT_EQ(lowest.ranges[0].lo, kRangeMin);
  EXPECT_TRUE(lowest.Matches(kRangeMin));
  EXPECT_FALSE(lowest.Matches(kNull));
}

// The blob's last section is the working-day calendar: first day (i32), then the prefix
// counts (u64 length, i32 each). Sets prefix[i] (i from the end when negative) and the
// checksum, so that only the calendar is wrong.
std::string WithCalendarPrefix(std::string blob, int64_t i, int32_t value, int32_t first = 0) {
  int64_t n = 0;
  const size_t at = blob.size();
  // Walk back from the end: n counts, then the u64 length before them.
  for (n = 0; n < 100000; ++n) {
    uint64_t len = 0;
    std::memcpy(&len, blob.data() + at - 4 * n - 8, 8);
    if (static_cast<int64_t>(len) == n) break;
  }
  const size_t prefix_at = at - 4 * n;
  const size_t index = static_cast<size_t>(i < 0 ? n + i : i);
  std::memcpy(blob.data() + prefix_at + 4 * index, &value, 4);
  if (first != 0) std::memcpy(blob.data() + prefix_at - 8 - 4, &first, 4);
  const std::string_view payload = std::string_view(blob).substr(internal::kHeaderSize);
  const uint64_t checksum =
      internal::Fnv1a(payload, internal::Fnv1a(std::string_view(blob).substr(0, internal::kCheckedHeader)));
  std::memcpy(blob.data() + internal::kHeaderSize - 8, &checksum, 8);
  return blob;
}

// blob_fuzzer: a blob whose working-day calendar did not count up by 0 or 1 a day loaded, and
// evaluating a `since_*` fact in working days overflowed (signed integer overflow in
// WorkCalendar::ElapsedWorkingDays); so could a calendar starting far outside the years dates
// may take.
TEST(FuzzRegressionTest, BlobWithABrokenWorkingDayCalendarIsRefused) {
  absl::StatusOr<LoadResult> loaded =
      LoadPack(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  ASSERT_TRUE(loaded.ok() && loaded->ok());
  absl::StatusOr<DecisionTable> table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  const std::string blob = SerializeTable(*table);
  ASSERT_TRUE(DeserializeTable(blob).ok());
  // Rewriting the first count with its own value changes nothing: the helper is exact.
  ASSERT_TRUE(DeserializeTable(WithCalendarPrefix(blob, 0, 0)).ok());
  for (auto [index, value] : {std::pair<int64_t, int32_t>{-1, 1953067621}, {-1, -5}, {0, 1},
                              {1, 7}, {-1, INT32_MIN}}) {
    absl::StatusOr<DecisionTable> bad = DeserializeTable(WithCalendarPrefix(blob, index, value));
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss) << index << " " << value;
    EXPECT_THAT(bad.status().message(), HasSubstr("calendar")) << index << " " << value;
  }
  for (int32_t first : {INT32_MIN + 1, -1000000, 2000000000}) {
    absl::StatusOr<DecisionTable> bad = DeserializeTable(WithCalendarPrefix(blob, 0, 0, first));
    EXPECT_THAT(bad.status().message(), HasSubstr("calendar")) << first;
  }
}

// blob_fuzzer: a blob whose reserved header field (written as 0) was not 0 loaded, and saved
// again it gave other bytes than it was loaded from.
TEST(FuzzRegressionTest, BlobWithANonZeroReservedHeaderFieldIsRefused) {
  absl::StatusOr<LoadResult> loaded =
      LoadPack(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  ASSERT_TRUE(loaded.ok() && loaded->ok());
  absl::StatusOr<DecisionTable> table = Compile(*loaded);
  ASSERT_TRUE(table.ok()) << table.status();
  std::string blob = SerializeTable(*table);
  blob[12] = '\xff';  // magic (8), version (4), reserved (4)
  const std::string_view payload = std::string_view(blob).substr(internal::kHeaderSize);
  const uint64_t checksum = internal::Fnv1a(
      payload, internal::Fnv1a(std::string_view(blob).substr(0, internal::kCheckedHeader)));
  std::memcpy(blob.data() + internal::kHeaderSize - 8, &checksum, 8);
  absl::StatusOr<DecisionTable> bad = DeserializeTable(blob);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(bad.status().message(), HasSubstr("reserved"));
}

// blob_fuzzer: the blob reader checked the string ids of rows, cells and domains but not of
// alerts (DeserializeTable itself then read outside the string pool splitting the alert
// messages: SEGV), domain values, materials, tables and the pack's names, nor the bases and
// units of date expressions. Each field below, out of range in an otherwise valid blob, must
// be refused as malformed.
TEST(FuzzRegressionTest, BlobWithAnOutOfRangeStringIdOrDateBaseIsRefused) {
  absl::StatusOr<LoadResult> loaded =
      LoadPack(std::string(XIUFU_SOURCE_DIR) + "/examples/packs/mini");
  ASSERT_TRUE(loaded.ok() && loaded->ok());
  using internal::TableData;
  const std::vector<std::pair<const char*, std::function<void(TableData&)>>> corruptions = {
      {"alert zh", [](TableData& d) { d.alerts.at(0).zh = 0x7fffffff; }},
      {"alert en", [](TableData& d) { d.alerts.at(0).en = 0x7fffffff; }},
      {"alert code", [](TableData& d) { d.alerts.at(0).code = 0x7fffffff; }},
      {"alert due base", [](TableData& d) { d.alerts.at(0).due.base1 = 200; }},
      {"alert due unit", [](TableData& d) { d.alerts.at(0).due.unit2 = 9; }},
      {"domain value", [](TableData& d) { d.domain_values.at(0).zh = 0x7fffffff; }},
      {"material", [](TableData& d) { d.materials.at(0).source = 0x7fffffff; }},
      {"table", [](TableData& d) { d.tables.at(0).file = 0x7fffffff; }},
      {"table decision", [](TableData& d) { d.tables.at(0).decision = 9; }},
      {"pack name", [](TableData& d) { d.pack_name = 0x7fffffff; }},
      {"row eligible_from", [](TableData& d) { d.rows.at(0).eligible_from.base2 = 99; }},
      {"row expires_on", [](TableData& d) { d.rows.at(0).expires_on.has_dur1 = 7; }},
      // The number of masks of an index (domain_size + 1) was counted in 32 bits: 0xFFFFFFFF
      // wrapped to no masks at all and passed, and matching then read far past the masks.
      {"index domain size", [](TableData& d) {
         for (internal::SlotIndex& ix : d.indexes) {
           if (ix.direct) ix.domain_size = 0xFFFFFFFFu;
         }
       }},
      {"index breakpoint count", [](TableData& d) {
         for (internal::SlotIndex& ix : d.indexes) {
           if (!ix.direct) ix.bp_count = 0xFFFFFFFFu;
         }
       }},
      // blob_fuzzer: a decision's max_words was only checked against its partitions' from
      // below; one changed byte asked the evaluation for a 4.8 GB accumulator.
      {"decision max_words", [](TableData& d) { d.decisions.at(0).max_words = 0x24000000u; }},
      {"decision max_words one more", [](TableData& d) { d.decisions.at(0).max_words += 1; }},
      {"partition words", [](TableData& d) { d.partitions.at(0).words += 1; }},
  };
  for (const auto& [what, corrupt] : corruptions) {
    absl::StatusOr<DecisionTable> table = Compile(*loaded);
    ASSERT_TRUE(table.ok()) << table.status();
    corrupt(const_cast<TableData&>(internal::Data(*table)));
    absl::StatusOr<DecisionTable> bad = DeserializeTable(SerializeTable(*table));
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kDataLoss) << what;
    EXPECT_THAT(bad.status().message(), HasSubstr("malformed")) << what;
  }
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// server_fuzzer: a USCC with a Chinese character in it was rejected with a message quoting one
// byte of the character ("USCC character 8 ('\xE5') …"): invalid UTF-8 in the server's JSON
// answer (and in every report that prints the diagnostic).
TEST(FuzzRegressionTest, UsccMessageQuotesWholeCharacters) {
  const Dictionary dict = GenDictionary();
  for (const auto& [uscc, quoted] :
       {std::pair<std::string, std::string>{"9233010存续K0EX1", "'存'"},
        {"92存3010续K0EX1A", "'存'"},
        {std::string("9233010\xE5\xAD") + "K0EX1ABCD", "'\\xE5'"}}) {
    PopulationBuilder builder(dict);
    EXPECT_FALSE(builder.AddEntity({.uscc = uscc, .name = "x", .status = "active",
                                    .unreachable = false}));
    PopulationBuild built = std::move(builder).Finish();
    ASSERT_EQ(built.diagnostics.size(), 1u) << uscc;
    const std::string& message = built.diagnostics[0].message;
    EXPECT_THAT(message, HasSubstr(quoted)) << message;
    EXPECT_TRUE(ValidUtf8(message)) << message;
  }
}

}  // namespace
}  // namespace xiufu

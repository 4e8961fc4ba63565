// Inputs the fuzzers (fuzz/) found to crash or to break an invariant, kept as regression
// tests: each names its fuzzer and what was wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "pack/cell_parser.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/detail/blob_format.h"
#include "xiufu/serialize.h"

namespace xiufu {
namespace {

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

}  // namespace
}  // namespace xiufu

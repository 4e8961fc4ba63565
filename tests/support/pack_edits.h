// Test-only: the Gongshu pack, compiled, and copies of it with one cell edited — for tests
// that show which pack change reaches or blocks one of the evaluator's shortcuts.
#ifndef XIUFU_TESTS_SUPPORT_PACK_EDITS_H_
#define XIUFU_TESTS_SUPPORT_PACK_EDITS_H_

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "xiufu/compile.h"
#include "xiufu/pack.h"
#include "xiufu/pack_edit.h"

namespace xiufu::testing {

inline Pack GongshuPack() {
  auto loaded = LoadPack(XIUFU_SOURCE_DIR "/rules/gongshu");
  EXPECT_TRUE(loaded.ok() && loaded->ok());
  return loaded->pack;
}

inline DecisionTable CompileOk(const Pack& pack) {
  absl::StatusOr<DecisionTable> t = Compile(LoadResult{pack, {}, 0, 0});
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

// `pack` with the `column` cell of rule `rule` set to `text` (EditCell; fails the test on an
// error).
inline Pack Edited(const Pack& pack, std::string_view rule, std::string_view column,
                   std::string_view text) {
  EditResult r = EditCell(pack, rule, column, text);
  EXPECT_TRUE(r.errors.empty()) << FormatDiagnostic(r.errors.at(0));
  return r.pack;
}

}  // namespace xiufu::testing

#endif  // XIUFU_TESTS_SUPPORT_PACK_EDITS_H_

// Shared by the fuzzers and the seed writer: where the sources are, the multi-file input format
// of the pack and district fuzzers, and the reference data compiled once per process.
//
// Multi-file inputs: a fuzz input holds several files, each introduced by a line `=== PATH`;
// the bytes before the first such line are the first file (manifest.ini for the pack fuzzer,
// entities.csv for the district fuzzer). A split never fails, so every mutation is a valid
// input.
#ifndef XIUFU_FUZZ_FUZZ_SUPPORT_H_
#define XIUFU_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xiufu/pack.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/dictionary.h"

namespace xiufu::fuzz {

inline constexpr std::string_view kFileMarker = "=== ";

// The repository root: $XIUFU_SOURCE_DIR when set, else the directory this was built from.
std::string SourceDir();

// Every regular file under `dir`, by path relative to it ("tables/base.csv").
PackFiles ReadDir(const std::string& dir);

// The files of a multi-file input, in input order; the first is named `first_name`.
std::vector<std::pair<std::string, std::string_view>> SplitFiles(std::string_view input,
                                                                 std::string_view first_name);
// The inverse: `first_name`'s bytes, then every other file after its marker line.
std::string JoinFiles(const PackFiles& files, std::string_view first_name);

// A reference pack that cannot be read, or (when `clean`) has errors, or does not compile is
// a bug in the reference data: abort.
LoadResult LoadOrDie(const std::string& dir, bool clean = true);
DecisionTable CompileOrDie(const LoadResult& loaded);

// rules/gongshu, compiled once (the district fuzzer's dictionary and the blob fuzzer's
// reference).
const DecisionTable& GongshuTable();
const Dictionary& GongshuDictionary();

// Runs a fuzzer's checks on a table that loaded: a small population made of the table's own
// codes (every code of every input domain is used), evaluated on both regimes, every record ×
// platform explained. Aborts when something that must succeed fails. Tables without the eight
// input domains are skipped.
void ExerciseTable(const DecisionTable& table);

// Prints `what` and aborts (libFuzzer reports the input as a crash).
[[noreturn]] void Fail(std::string_view what);

}  // namespace xiufu::fuzz

#endif  // XIUFU_FUZZ_FUZZ_SUPPORT_H_

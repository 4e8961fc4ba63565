// xiufu table blobs (reading) — a compiled DecisionTable as one contiguous byte string:
//   header  : magic "XIUFUTB\0", format version (u32), reserved (u32, 0), pack hash (u64),
//             payload size (u64), checksum (FNV-1a 64 over the header before it — magic to
//             payload size — and then the payload; since format 5 the header is covered too)
//   payload : every array of TableData, length-prefixed, little-endian, in a fixed order.
// Loading checks each in turn and fails with a distinct message: not a blob (bad magic),
// version mismatch (FailedPrecondition), truncated (DataLoss "truncated"), corrupt (DataLoss
// "checksum"), inconsistent contents (DataLoss "malformed").
//
// Writing a blob is the toolchain's (serialize.h); a host that only evaluates needs this.
//
// Pure functions; thread-safe.
#ifndef XIUFU_RUNTIME_BLOB_H_
#define XIUFU_RUNTIME_BLOB_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "xiufu/runtime/decision_table.h"

namespace xiufu {

inline constexpr uint32_t kBlobFormatVersion = 7;

absl::StatusOr<DecisionTable> DeserializeTable(std::string_view blob);

absl::StatusOr<DecisionTable> LoadTable(const std::string& path);

}  // namespace xiufu

#endif  // XIUFU_RUNTIME_BLOB_H_

// xiufu table blobs (writing) — a compiled DecisionTable as the one contiguous byte string that
// runtime/blob.h describes and reads back (LoadTable / DeserializeTable).
//
// Pure functions; thread-safe.
#ifndef XIUFU_SERIALIZE_H_
#define XIUFU_SERIALIZE_H_

#include <string>

#include "absl/status/status.h"
#include "xiufu/runtime/blob.h"
#include "xiufu/runtime/decision_table.h"

namespace xiufu {

std::string SerializeTable(const DecisionTable& table);
absl::Status SaveTable(const DecisionTable& table, const std::string& path);

}  // namespace xiufu

#endif  // XIUFU_SERIALIZE_H_

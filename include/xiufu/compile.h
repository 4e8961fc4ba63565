// xiufu::Compile — turns a loaded rule pack (what LoadPack returns) into the immutable flat
// DecisionTable the runtime evaluates: rows of every table merged per decision in manifest
// order, PRIORITY compiled to FIRST, each decision partitioned by up to two enum key slots,
// per-slot indexes of row bitsets, message templates split once.
//
// Pure function of its argument; thread-safe.
#ifndef XIUFU_COMPILE_H_
#define XIUFU_COMPILE_H_

#include "absl/status/statusor.h"
#include "xiufu/pack.h"
#include "xiufu/runtime/decision_table.h"

namespace xiufu {

// Refuses (InvalidArgument, listing the first errors) a pack that was loaded with errors;
// lint warnings do not stop compilation.
absl::StatusOr<DecisionTable> Compile(const LoadResult& loaded);

}  // namespace xiufu

#endif  // XIUFU_COMPILE_H_

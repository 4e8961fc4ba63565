// Internal: which platforms a compiled table decides alike (PartSplit::platform_class),
// derived when the table is built or loaded (DeriveTableCaches). The evaluator reads them
// through table_data.h's PlatformClass to give a record × platform the outcome already decided for
// another platform of the same record.
#ifndef XIUFU_SRC_RUNTIME_PLATFORM_CLASSES_H_
#define XIUFU_SRC_RUNTIME_PLATFORM_CLASSES_H_

#include "xiufu/runtime/detail/table_data.h"

namespace xiufu::internal {

// PartSplit::platform_class (needs the key reads and the partitions): for every partition of
// the eligibility, materials and record-alert decisions, the platforms its rows cannot tell
// apart — platforms p and q are alike when every index over the platform fact maps p and q to
// the same mask, so two platforms of one record with equal values of every other fact match
// the same rows. Eligibility partitions count only when the evaluation of a record cannot leave
// its partition: their keys are record columns that neither a blocked-record simulation nor
// another date changes (else the classes are those alike in every eligibility partition).
// A decision keyed by the platform itself tells every platform apart.
void DerivePlatformClasses(TableData& d);

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_RUNTIME_PLATFORM_CLASSES_H_

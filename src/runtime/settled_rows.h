// Internal: the settled rows of a compiled table (TableData::settled_rows, PartSplit::settled),
// derived when the table is built or loaded (DeriveTableCaches). The evaluator reads them through
// match.h's SettledRows and table_data.h's SettledKey.
#ifndef XIUFU_SRC_RUNTIME_SETTLED_ROWS_H_
#define XIUFU_SRC_RUNTIME_SETTLED_ROWS_H_

#include "xiufu/runtime/detail/table_data.h"

namespace xiufu::internal {

// PartSplit::settled and settled_rows (needs the key reads): for every one-word eligibility
// partition (of a decision whose keys are the same for all platforms) and every platform,
// shown flag and repaired flag (SettledKey), the row that decides each of its record ×
// platforms with those values whatever their other facts and on every date — kNoRow when there
// is none. Such a row R is the lowest row the partition's indexes over those three facts accept
// for the key, it is accepted by every mask of every other index (so it matches, and no row
// before it can), it neither blocks nor is eligible (no simulation, no forecast), it has no
// date expressions, and with its status no materials or record-alert row can match. Then the
// whole outcome is the row's (evaluate.h): in Gongshu "not shown on this platform" (VIS-01) and
// "repaired on this platform" (VIS-02) — 42% of the default district's record × platform
// decisions, 57% of the dense one's.
void DeriveSettledRows(TableData& d);

}  // namespace xiufu::internal

#endif  // XIUFU_SRC_RUNTIME_SETTLED_ROWS_H_

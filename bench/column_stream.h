// The memory-stream baseline: the physical lower bound of evaluating a population is reading,
// once, every byte of every input column the evaluator reads (fact_slots.cc: the entity
// columns it derives entity facts from, the record columns, the per-platform repair dates).
// Columns the evaluator never touches (USCC text, names, record ids) are left out. A second
// bound adds writing the caller-owned outputs EvaluateBatch must fill (BatchResult): for a
// realistic district they are several times larger than the input.
#ifndef XIUFU_BENCH_COLUMN_STREAM_H_
#define XIUFU_BENCH_COLUMN_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu::bench {

struct ColumnView {
  const char* name;
  const unsigned char* data;
  size_t bytes;
};

// The columns the evaluator reads, as raw bytes.
std::vector<ColumnView> EvaluatedColumns(const Population& pop);
size_t EvaluatedBytes(const Population& pop);
// The per-record part of those: record columns and per-platform repair dates.
size_t RecordColumnBytes(const Population& pop);

// Reads every byte of every column once, summed as 64-bit words (plus the tail bytes of each
// column), and returns the sum so the reads cannot be optimized away.
uint64_t StreamColumns(const std::vector<ColumnView>& columns);
// The same, then overwrites every record x platform and entity outcome of `out` (sized for the
// population) with its default value.
uint64_t StreamColumnsAndOutputs(const std::vector<ColumnView>& columns, BatchResult& out);
// Bytes of the outputs EvaluateBatch writes for `pop`.
size_t OutputBytes(const Population& pop);

}  // namespace xiufu::bench

#endif  // XIUFU_BENCH_COLUMN_STREAM_H_

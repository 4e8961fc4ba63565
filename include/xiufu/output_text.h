// xiufu::OutputText — one output file (decisions, entities, alerts, plans) as its head and its
// rows formatted range by range, so that several threads can format it and the file can be
// written while they do; the text is the same for any thread count. Made by report.h and
// plans_report.h (DecisionsCsvOutput, …); its `rows` reads the table, population and results
// it was made from, which must outlive it.
//
// Immutable once made: FormatOutput and WriteOutput may be called from several threads (each
// spreads its work with ParallelFor, which serializes concurrent callers).
#ifndef XIUFU_OUTPUT_TEXT_H_
#define XIUFU_OUTPUT_TEXT_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"

namespace xiufu {

struct OutputText {
  std::string head;    // written first: a BOM, the header line
  size_t items = 0;    // the rows come from items [0, items): entities, plans …
  size_t chunk = 2048; // items formatted together (one task of a thread)
  // Appends the rows of items [lo, hi) to *out, in order.
  std::function<void(size_t lo, size_t hi, std::string* out)> rows;
};

// The whole text: head, then the rows of every chunk in order; chunks are formatted on
// `threads` threads (0 = all cores).
std::string FormatOutput(const OutputText& text, int threads = 1);

// Writes the text to `path` as its chunks are formatted on `threads` threads, in order (the
// bytes of FormatOutput), holding only the chunks formatted ahead of the one being written.
// The bytes go to `path`.partial, renamed onto `path` at the end: a reader never sees half a
// file, and on any error the file that was there stays (the partial one is removed). The
// parent directory must exist. Errors name the path and the system's reason.
absl::Status WriteOutput(const std::string& path, const OutputText& text, int threads = 1);

}  // namespace xiufu

#endif  // XIUFU_OUTPUT_TEXT_H_

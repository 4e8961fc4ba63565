#include "column_stream.h"

#include <algorithm>
#include <cstring>

namespace xiufu::bench {
namespace {

template <typename T, typename A>
ColumnView View(const char* name, const std::vector<T, A>& v) {
  return ColumnView{name, reinterpret_cast<const unsigned char*>(v.data()), v.size() * sizeof(T)};
}

uint64_t SumColumn(const unsigned char* p, size_t n) {
  // Four independent accumulators so the loop is bound by loads, not by one add chain.
  uint64_t a = 0, b = 0, c = 0, d = 0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    uint64_t w[4];
    std::memcpy(w, p + i, sizeof(w));
    a += w[0];
    b += w[1];
    c += w[2];
    d += w[3];
  }
  for (; i < n; ++i) a += p[i];
  return a + b + c + d;
}

}  // namespace

std::vector<ColumnView> EvaluatedColumns(const Population& pop) {
  return {
      View("entity_kind", pop.entity_kind),   View("entity_status", pop.entity_status),
      View("registration", pop.registration_date), View("last_report_year", pop.last_report_year),
      View("entity_flags", pop.entity_flags), View("record_begin", pop.record_begin),
      View("department", pop.department),     View("record_kind", pop.record_kind),
      View("severity", pop.severity),         View("penalty", pop.penalty),
      View("procedure", pop.procedure),       View("sector", pop.sector),
      View("shown_mask", pop.shown_mask),     View("decision", pop.decision_date),
      View("publication", pop.publication_date),   View("fulfilled", pop.fulfilled_date),
      View("corrected", pop.corrected_date),       View("fine_yuan", pop.fine_yuan),
      View("repaired_mask", pop.repaired.masks()),
      View("repaired_blocks", pop.repaired.block_begins()),
      View("repaired_days", pop.repaired.days()),
  };
}

size_t EvaluatedBytes(const Population& pop) {
  size_t n = 0;
  for (const ColumnView& c : EvaluatedColumns(pop)) n += c.bytes;
  return n;
}

size_t RecordColumnBytes(const Population& pop) {
  const size_t per_record = sizeof(pop.department[0]) + sizeof(pop.record_kind[0]) +
                            sizeof(pop.severity[0]) + sizeof(pop.penalty[0]) +
                            sizeof(pop.procedure[0]) + sizeof(pop.sector[0]) +
                            sizeof(pop.shown_mask[0]) + sizeof(pop.decision_date[0]) +
                            sizeof(pop.publication_date[0]) + sizeof(pop.fulfilled_date[0]) +
                            sizeof(pop.corrected_date[0]) + sizeof(pop.fine_yuan[0]);
  return pop.num_records() * per_record + pop.repaired.Bytes();
}

uint64_t StreamColumns(const std::vector<ColumnView>& columns) {
  uint64_t sum = 0;
  for (const ColumnView& c : columns) sum += SumColumn(c.data, c.bytes);
  return sum;
}

uint64_t StreamColumnsAndOutputs(const std::vector<ColumnView>& columns, BatchResult& out) {
  const uint64_t sum = StreamColumns(columns);
  std::fill(out.records.begin(), out.records.end(), RecordOutcome{});
  std::fill(out.entities.begin(), out.entities.end(), EntityOutcome{});
  return sum;
}

size_t OutputBytes(const Population& pop) {
  return pop.num_records() * static_cast<size_t>(pop.num_platforms) * sizeof(RecordOutcome) +
         pop.num_entities() * sizeof(EntityOutcome);
}

}  // namespace xiufu::bench

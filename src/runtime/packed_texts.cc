#include "xiufu/runtime/packed_texts.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "xiufu/runtime/parallel_for.h"

namespace xiufu {
namespace {
void CheckRoom(size_t end, uint64_t max_offset) {
  if (end > max_offset) throw std::length_error("xiufu::PackedTexts: over 1 TiB of text");
}
}  // namespace

uint64_t PackedTexts::Place(char* base, size_t at, std::string_view text) {
  size_t offset = at;
  uint64_t length = text.size();
  if (text.size() >= kLongText) {
    const size_t n = text.size();
    std::memcpy(base + offset, &n, sizeof(n));
    offset += sizeof(n);
    length = kLongText;
  }
  if (!text.empty()) std::memcpy(base + offset, text.data(), text.size());
  return (uint64_t{offset} << kLengthBits) | length;
}

void PackedTexts::Set(size_t i, std::string_view text) {
  const size_t at = bytes_.size();
  // A text from this column's own buffer (a row set from another): where it is, as growing
  // the buffer may move it.
  const char* data = bytes_.data();
  const bool own = !text.empty() && text.data() >= data && text.data() < data + at;
  const size_t own_offset = own ? static_cast<size_t>(text.data() - data) : 0;
  CheckRoom(at + Footprint(text), kMaxOffset);
  bytes_.resize(at + Footprint(text));
  if (own) text = std::string_view(bytes_.data() + own_offset, text.size());
  rows_[i] = Place(bytes_.data(), at, text);
}

void PackedTexts::SetRows(size_t first, absl::Span<const std::string_view> texts, int threads) {
  const size_t n = texts.size();
  if (n == 0) return;
  constexpr size_t kChunk = 4096;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<size_t> chunk_at(chunks + 1, 0);  // bytes before each chunk's first text
  ParallelFor(threads, chunks, [&](size_t c) {
    size_t bytes = 0;
    for (size_t k = c * kChunk, end = std::min(n, k + kChunk); k < end; ++k) {
      bytes += Footprint(texts[k]);
    }
    chunk_at[c + 1] = bytes;
  });
  for (size_t c = 0; c < chunks; ++c) chunk_at[c + 1] += chunk_at[c];
  const size_t at = bytes_.size();
  CheckRoom(at + chunk_at[chunks], kMaxOffset);
  bytes_.resize(at + chunk_at[chunks]);  // unset: each thread writes (and faults in) its part
  char* base = bytes_.data();
  uint64_t* rows = rows_.data() + first;
  ParallelFor(threads, chunks, [&](size_t c) {
    size_t pos = at + chunk_at[c];
    for (size_t k = c * kChunk, end = std::min(n, k + kChunk); k < end; ++k) {
      rows[k] = Place(base, pos, texts[k]);
      pos += Footprint(texts[k]);
    }
  });
}

bool operator==(const PackedTexts& a, const PackedTexts& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& os, const PackedTexts& c) {
  constexpr size_t kShown = 8;
  os << "PackedTexts(" << c.size() << " rows:";
  for (size_t i = 0; i < std::min(c.size(), kShown); ++i) os << " \"" << c[i] << '"';
  if (c.size() > kShown) os << " …";
  return os << ')';
}

}  // namespace xiufu

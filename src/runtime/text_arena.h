// TextArena: copies of texts that keep their address while more are added, so a string_view of
// one stays valid until the arena is destroyed — PopulationBuilder's record ids, which its id
// index keys on and Finish copies into Population::record_id. Blocks of at least 64 KiB from
// TakeReusable (reusable_memory.h: kept for the next build), so an id longer than a
// std::string's inline buffer (a Chinese document number) costs no heap allocation of its own.
// Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "xiufu/runtime/reusable_memory.h"

namespace xiufu::internal {

class TextArena {
 public:
  TextArena() = default;
  TextArena(const TextArena&) = delete;
  TextArena& operator=(const TextArena&) = delete;
  ~TextArena() {
    for (const auto& [p, n] : blocks_) GiveReusable(p, n);
  }

  // A copy of `s` (empty: an empty view, nothing stored).
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > left_) NewBlock(s.size());
    char* const p = next_;
    std::memcpy(p, s.data(), s.size());
    next_ += s.size();
    left_ -= s.size();
    return {p, s.size()};
  }

 private:
  static constexpr size_t kBlockBytes = kMinReusableBytes;
  void NewBlock(size_t at_least) {
    const size_t n = std::max(kBlockBytes, at_least);
    next_ = static_cast<char*>(TakeReusable(n));
    blocks_.emplace_back(next_, n);
    left_ = n;
  }
  std::vector<std::pair<char*, size_t>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

}  // namespace xiufu::internal

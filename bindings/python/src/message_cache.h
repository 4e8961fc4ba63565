// Rendered messages (alert messages, decision reasons) for output frames, as codes into
// deduplicated, sorted string lists (pandas Categoricals). The library renders them
// (xiufu/runtime/outcome_text.h: MessageArgsFor, RenderAlert, RenderReason); this file only
// arranges that each distinct message is rendered once: a rendered message depends only on
// the template variables its templates use, so the evaluation loop codes each message by
// those values alone (MessageKeys, one per thread, nothing rendered), and RenderKeys renders
// the distinct keys of all threads once each, on several threads. A district's hundreds of
// thousands of alerts have a few thousand distinct messages.
#ifndef XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_
#define XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/population.h"

namespace xiufu::py {

enum class MessageKind { kAlert, kReason };  // ids: alert indexes / eligibility row indexes

// One thread's message keys, coded in first-seen order. Not thread-safe.
class MessageKeys {
 public:
  // The message id and the template variables its zh and en templates use (the others at
  // their MessageArgs defaults).
  struct Key {
    uint32_t id;
    MessageArgs args;
    friend bool operator==(const Key&, const Key&) = default;
  };
  // A key's 32 bytes as four words: the hash and equality of the code tables (one probe per
  // alert or reason whose message uses a date, tens of thousands per district), without the
  // general hash's per-field mixing and the memcmp call a defaulted == of 32 bytes becomes.
  struct KeyWords {
    uint64_t w[4];
    explicit KeyWords(const Key& k) { std::memcpy(w, &k, sizeof(w)); }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      const KeyWords x(k);
      uint64_t h = (x.w[0] ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
      h = (h ^ x.w[1] ^ (h >> 29)) * 0x94D049BB133111EBull;
      h = (h ^ x.w[2] ^ (h >> 32)) * 0xBF58476D1CE4E5B9ull;
      h = (h ^ x.w[3] ^ (h >> 29)) * 0x94D049BB133111EBull;
      return static_cast<size_t>(h ^ (h >> 31));
    }
  };
  struct KeyEq {
    bool operator()(const Key& a, const Key& b) const {
      const KeyWords x(a), y(b);
      return ((x.w[0] ^ y.w[0]) | (x.w[1] ^ y.w[1]) | (x.w[2] ^ y.w[2]) | (x.w[3] ^ y.w[3])) == 0;
    }
  };
  static_assert(sizeof(Key) == sizeof(KeyWords) && std::has_unique_object_representations_v<Key>,
                "KeyWords covers the whole key, without padding");
  template <typename V>
  using KeyMap = absl::flat_hash_map<Key, V, KeyHash, KeyEq>;

  MessageKeys(const DecisionTable& table, const Population& pop, MessageKind kind);

  // The code of message `id` for record `record` (absolute index; -1 for an entity message) on
  // `platform` (-1 for none) with `outcome` (nullptr for none). Inline for a message already
  // coded that uses no variable but the platform (most alerts).
  int32_t Code(uint32_t id, int64_t record, int platform, const RecordOutcome* outcome) {
    if (const int32_t* simple = SimpleSlot(id, platform); simple != nullptr && *simple >= 0) {
      return *simple;
    }
    return CodeOf(id, record, platform, outcome);
  }
  const std::vector<Key>& keys() const { return keys_; }

 private:
  uint8_t Uses(uint32_t id);
  int32_t CodeOf(uint32_t id, int64_t record, int platform, const RecordOutcome* outcome);
  // The simple_ slot of message `id` on `platform` when its templates use no variable but the
  // platform; nullptr otherwise, or while its uses are not looked up yet.
  int32_t* SimpleSlot(uint32_t id, int platform) {
    constexpr int16_t kPlatformBit = 1 << static_cast<int>(MessageField::kPlatform);
    const int16_t u = uses_[id];
    if (u < 0 || (u & ~kPlatformBit) != 0 || platform < -1 || platform + 1 >= kSimpleWidth) {
      return nullptr;
    }
    return &simple_[id * kSimpleWidth + (u != 0 ? platform + 1 : 0)];
  }

  const DecisionTable& table_;
  const Population& pop_;
  MessageKind kind_;
  std::vector<int16_t> uses_;  // per id: template variable bits of zh | en; -1 = not looked up
  // Messages using no variable, or {platform} only: codes by id × (platform + 1).
  std::vector<int32_t> simple_;
  static constexpr int kSimpleWidth = 9;  // platform -1 … 7
  std::vector<Key> keys_;
  KeyMap<int32_t> codes_;
};

// The keys of every thread's MessageKeys rendered (each distinct key once, on `threads`
// threads) into sorted, deduplicated zh and en lists; zh_map[t][code] / en_map[t][code] is the
// index of thread t's key `code` in them.
struct RenderedMessages {
  std::vector<std::string> zh, en;
  std::vector<std::vector<int32_t>> zh_map, en_map;
};
RenderedMessages RenderKeys(const DecisionTable& table, MessageKind kind,
                            const std::vector<const MessageKeys*>& keys, int threads);

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_

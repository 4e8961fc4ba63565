// Rendered messages (alert messages, decision reasons) for output frames, as codes into
// deduplicated string lists (pandas Categoricals). The library renders them
// (xiufu/runtime/outcome_text.h: MessageArgsFor, RenderAlert, RenderReason); this cache only
// memoises: a rendered message depends only on the template variables its templates use, so
// messages are keyed by those values alone, and a district's hundreds of thousands of alerts
// render a few hundred distinct strings.
//
// One cache per output column pair; not thread-safe.
#ifndef XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_
#define XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "xiufu/runtime/decision_table.h"
#include "xiufu/runtime/outcome_text.h"
#include "xiufu/runtime/population.h"

namespace xiufu::py {

class MessageCache {
 public:
  enum class Kind { kAlert, kReason };  // ids: alert indexes / eligibility row indexes
  MessageCache(const DecisionTable& table, const Population& pop, Kind kind);

  // (zh code, en code) of message `id` for record `record` (absolute index; -1 for an entity
  // message) on `platform` (-1 for none) with `outcome` (nullptr for none).
  std::pair<int32_t, int32_t> Get(uint32_t id, int64_t record, int platform,
                                  const RecordOutcome* outcome);

  const std::vector<std::string>& zh() const { return zh_; }
  const std::vector<std::string>& en() const { return en_; }

 private:
  using Key = std::tuple<uint32_t, int32_t, int32_t, int, int, int, int, uint32_t>;
  uint8_t Uses(uint32_t id);
  std::string Render(uint32_t id, const MessageArgs& args, Lang lang) const;
  static int32_t Intern(std::vector<std::string>& list,
                        absl::flat_hash_map<std::string, int32_t>& ids, std::string s);

  const DecisionTable& table_;
  const Population& pop_;
  Kind kind_;
  std::vector<int16_t> uses_;  // per id: template variable bits of zh | en; -1 = not looked up
  // Messages using no variable, or {platform} only: codes by id × (platform + 1).
  std::vector<std::pair<int32_t, int32_t>> simple_;
  static constexpr int kSimpleWidth = 9;  // platform -1 … 7
  std::vector<std::string> zh_, en_;
  absl::flat_hash_map<Key, std::pair<int32_t, int32_t>> memo_;
  absl::flat_hash_map<std::string, int32_t> zh_ids_, en_ids_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_

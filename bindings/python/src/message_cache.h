// Rendered message templates (alert messages, decision reasons) for output frames, as codes
// into deduplicated string lists (pandas Categoricals). A rendered message depends only on the
// placeholders its templates use, so messages are memoised by those values alone: a district's
// hundreds of thousands of alerts render a few hundred distinct strings.
//
// Templates are split at their placeholders once, so rendering is a few appends; the text is
// exactly xiufu::RenderMessage's (the tests compare the frames with the C++ alert writer).
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
#include "xiufu/runtime/evaluate.h"
#include "xiufu/runtime/population.h"

namespace xiufu::py {

class MessageCache {
 public:
  // `templates[i]` = (zh, en) string ids of template pair i (alerts: the alert index; reasons:
  // the row index).
  MessageCache(const DecisionTable& table, const Population& pop,
               std::vector<std::pair<uint32_t, uint32_t>> templates);

  // (zh code, en code) of template pair `id` for record `r` (pop.num_records() for an entity
  // message) on `platform` (-1 for none) with outcome `o`.
  std::pair<int32_t, int32_t> Get(size_t id, size_t r, int platform, const RecordOutcome& o);

  const std::vector<std::string>& zh() const { return zh_; }
  const std::vector<std::string>& en() const { return en_; }

 private:
  using Key = std::tuple<size_t, int32_t, int32_t, int, int, int, int, int64_t>;
  // A template as literal parts (id -1) and placeholders (id 0..6: eligible_from, expires_on,
  // department, platform, channel, authority, rule_id).
  using Parsed = std::vector<std::pair<int, std::string>>;
  static Parsed Parse(std::string_view tmpl);
  std::string Render(const Parsed& t, size_t r, int platform, const RecordOutcome& o,
                     bool zh) const;
  static int32_t Intern(std::vector<std::string>& list,
                        absl::flat_hash_map<std::string, int32_t>& ids, std::string s);

  const DecisionTable& table_;
  const Population& pop_;
  std::vector<std::pair<uint32_t, uint32_t>> templates_;
  std::vector<std::pair<Parsed, Parsed>> parsed_;
  // Display names (zh / en, the code when the name is empty) of departments and platforms.
  std::vector<std::string> dept_[2], platform_[2];
  std::vector<uint8_t> used_;  // per template pair: placeholder bits
  // Templates without placeholders, or with {platform} only: codes by id × (platform + 1).
  std::vector<std::pair<int32_t, int32_t>> simple_;
  static constexpr int kSimpleWidth = 9;  // platform -1 … 7
  std::vector<std::string> zh_, en_;
  absl::flat_hash_map<Key, std::pair<int32_t, int32_t>> memo_;
  absl::flat_hash_map<std::string, int32_t> zh_ids_, en_ids_;
};

}  // namespace xiufu::py

#endif  // XIUFU_BINDINGS_PYTHON_MESSAGE_CACHE_H_

#include "message_cache.h"

#include "str_util.h"
#include "xiufu/explain.h"

namespace xiufu::py {

MessageCache::MessageCache(const DecisionTable& table, const Population& pop,
                           std::vector<std::pair<uint32_t, uint32_t>> templates)
    : table_(table), pop_(pop), templates_(std::move(templates)) {
  static constexpr std::string_view kKeys[] = {"{eligible_from}", "{expires_on}", "{department}",
                                               "{platform}",      "{channel}",    "{authority}",
                                               "{rule_id}"};
  for (const auto& [zh, en] : templates_) {
    const std::string both = Cat(table.Str(zh), table.Str(en));
    uint8_t used = 0;
    for (int i = 0; i < 7; ++i) {
      if (both.find(kKeys[i]) != std::string::npos) used |= uint8_t{1} << i;
    }
    used_.push_back(used);
  }
  simple_.assign(templates_.size() * kSimpleWidth, {-1, -1});
}

int32_t MessageCache::Intern(std::vector<std::string>& list,
                             absl::flat_hash_map<std::string, int32_t>& ids, std::string s) {
  auto [it, added] = ids.emplace(s, static_cast<int32_t>(list.size()));
  if (added) list.push_back(std::move(s));
  return it->second;
}

std::pair<int32_t, int32_t> MessageCache::Get(size_t id, size_t r, int platform,
                                              const RecordOutcome& o) {
  const uint8_t u = used_[id];
  std::pair<int32_t, int32_t>* simple = nullptr;
  if ((u & ~uint8_t{8}) == 0 && platform >= -1 && platform + 1 < kSimpleWidth) {
    simple = &simple_[id * kSimpleWidth + (u ? platform + 1 : 0)];
    if (simple->first >= 0) return *simple;
  }
  const bool rec = r < pop_.num_records();
  const Key key{id,
                (u & 1) ? o.eligible_from : 0,
                (u & 2) ? o.expires_on : 0,
                (u & 4) && rec ? static_cast<int>(pop_.department[r]) : -1,
                (u & 8) ? platform : -1,
                (u & 16) ? static_cast<int>(o.channel) : -1,
                (u & 32) ? static_cast<int>(o.authority) : -1,
                (u & 64) ? static_cast<int64_t>(o.rule) : -1};
  if (simple == nullptr) {
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  }
  const auto& [zh, en] = templates_[id];
  const std::pair<int32_t, int32_t> codes{
      Intern(zh_, zh_ids_, RenderMessage(table_, table_.Str(zh), pop_, r, platform, o, true)),
      Intern(en_, en_ids_, RenderMessage(table_, table_.Str(en), pop_, r, platform, o, false))};
  if (simple != nullptr) {
    *simple = codes;
  } else {
    memo_.emplace(key, codes);
  }
  return codes;
}

}  // namespace xiufu::py

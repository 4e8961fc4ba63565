#include "message_cache.h"

namespace xiufu::py {
namespace {

constexpr uint8_t Bit(MessageField f) { return static_cast<uint8_t>(1u << static_cast<int>(f)); }

}  // namespace

MessageCache::MessageCache(const DecisionTable& table, const Population& pop, Kind kind)
    : table_(table), pop_(pop), kind_(kind) {
  const size_t ids = kind == Kind::kAlert ? static_cast<size_t>(table.NumAlerts()) : table.NumRows();
  uses_.assign(ids, -1);
  simple_.assign(ids * kSimpleWidth, {-1, -1});
}

uint8_t MessageCache::Uses(uint32_t id) {
  if (uses_[id] < 0) {
    uses_[id] = kind_ == Kind::kAlert
                    ? (AlertFields(table_, static_cast<int>(id), Lang::kZh) |
                       AlertFields(table_, static_cast<int>(id), Lang::kEn))
                    : (ReasonFields(table_, id, Lang::kZh) |
                       ReasonFields(table_, id, Lang::kEn));
  }
  return static_cast<uint8_t>(uses_[id]);
}

std::string MessageCache::Render(uint32_t id, const MessageArgs& args, Lang lang) const {
  return kind_ == Kind::kAlert ? RenderAlert(table_, static_cast<int>(id), args, lang)
                               : RenderReason(table_, id, args, lang);
}

int32_t MessageCache::Intern(std::vector<std::string>& list,
                             absl::flat_hash_map<std::string, int32_t>& ids, std::string s) {
  auto [it, added] = ids.emplace(s, static_cast<int32_t>(list.size()));
  if (added) list.push_back(std::move(s));
  return it->second;
}

std::pair<int32_t, int32_t> MessageCache::Get(uint32_t id, int64_t record, int platform,
                                              const RecordOutcome* outcome) {
  const uint8_t u = Uses(id);
  std::pair<int32_t, int32_t>* simple = nullptr;
  if ((u & ~Bit(MessageField::kPlatform)) == 0 && platform >= -1 && platform + 1 < kSimpleWidth) {
    simple = &simple_[id * kSimpleWidth + (u ? platform + 1 : 0)];
    if (simple->first >= 0) return *simple;
  }
  const MessageArgs a = MessageArgsFor(pop_, record, platform, outcome);
  const Key key{id,
                (u & Bit(MessageField::kEligibleFrom)) ? a.eligible_from : 0,
                (u & Bit(MessageField::kExpiresOn)) ? a.expires_on : 0,
                (u & Bit(MessageField::kDepartment)) ? a.department : -1,
                (u & Bit(MessageField::kPlatform)) ? a.platform : -1,
                (u & Bit(MessageField::kChannel)) ? a.channel : -1,
                (u & Bit(MessageField::kAuthority)) ? a.authority : -1,
                (u & Bit(MessageField::kRuleId)) ? a.rule : kNoRow};
  if (simple == nullptr) {
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  }
  const std::pair<int32_t, int32_t> codes{Intern(zh_, zh_ids_, Render(id, a, Lang::kZh)),
                                          Intern(en_, en_ids_, Render(id, a, Lang::kEn))};
  if (simple != nullptr) {
    *simple = codes;
  } else {
    memo_.emplace(key, codes);
  }
  return codes;
}

}  // namespace xiufu::py

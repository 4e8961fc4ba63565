#include "message_cache.h"

#include <algorithm>
#include <string_view>

#include "xiufu/runtime/parallel_for.h"

namespace xiufu::py {
namespace {

constexpr uint8_t Bit(MessageField f) { return static_cast<uint8_t>(1u << static_cast<int>(f)); }

std::string Render(const DecisionTable& table, MessageKind kind, const MessageKeys::Key& k,
                   Lang lang) {
  return kind == MessageKind::kAlert ? RenderAlert(table, static_cast<int>(k.id), k.args, lang)
                                     : RenderReason(table, k.id, k.args, lang);
}

// `texts` sorted and deduplicated into `out` (moved there: `texts` is left with husks);
// index[i] = the position of texts[i] in it.
void SortedUnique(std::vector<std::string>& texts, std::vector<std::string>* out,
                  std::vector<int32_t>* index) {
  std::vector<uint32_t> order(texts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return texts[a] < texts[b]; });
  index->assign(texts.size(), -1);
  out->reserve(texts.size());
  for (uint32_t i : order) {
    if (out->empty() || out->back() != texts[i]) out->push_back(std::move(texts[i]));
    (*index)[i] = static_cast<int32_t>(out->size() - 1);
  }
}

}  // namespace

MessageKeys::MessageKeys(const DecisionTable& table, const Population& pop, MessageKind kind)
    : table_(table), pop_(pop), kind_(kind) {
  const size_t ids = kind == MessageKind::kAlert ? static_cast<size_t>(table.NumAlerts())
                                                 : table.NumRows();
  uses_.assign(ids, -1);
  simple_.assign(ids * kSimpleWidth, -1);
}

uint8_t MessageKeys::Uses(uint32_t id) {
  if (uses_[id] < 0) {
    uses_[id] = kind_ == MessageKind::kAlert
                    ? (AlertFields(table_, static_cast<int>(id), Lang::kZh) |
                       AlertFields(table_, static_cast<int>(id), Lang::kEn))
                    : (ReasonFields(table_, id, Lang::kZh) | ReasonFields(table_, id, Lang::kEn));
  }
  return static_cast<uint8_t>(uses_[id]);
}

int32_t MessageKeys::CodeOf(uint32_t id, int64_t record, int platform, const RecordOutcome* outcome) {
  const uint8_t u = Uses(id);
  int32_t* simple = SimpleSlot(id, platform);
  if (simple != nullptr && *simple >= 0) return *simple;
  const MessageArgs a = MessageArgsFor(pop_, record, platform, outcome);
  MessageArgs used;  // the variables the templates use; the others keep their defaults
  if (u & Bit(MessageField::kEligibleFrom)) used.eligible_from = a.eligible_from;
  if (u & Bit(MessageField::kExpiresOn)) used.expires_on = a.expires_on;
  if (u & Bit(MessageField::kDepartment)) used.department = a.department;
  if (u & Bit(MessageField::kPlatform)) used.platform = a.platform;
  if (u & Bit(MessageField::kChannel)) used.channel = a.channel;
  if (u & Bit(MessageField::kAuthority)) used.authority = a.authority;
  if (u & Bit(MessageField::kRuleId)) used.rule = a.rule;
  const Key key{id, used};
  const auto [it, added] = codes_.try_emplace(key, static_cast<int32_t>(keys_.size()));
  if (added) keys_.push_back(key);
  if (simple != nullptr) *simple = it->second;
  return it->second;
}

RenderedMessages RenderKeys(const DecisionTable& table, MessageKind kind,
                            const std::vector<const MessageKeys*>& keys, int threads) {
  RenderedMessages out;
  // The distinct keys of all threads, and where each thread's codes land among them.
  std::vector<MessageKeys::Key> distinct;
  MessageKeys::KeyMap<int32_t> index;
  std::vector<std::vector<int32_t>> to_distinct(keys.size());
  for (size_t t = 0; t < keys.size(); ++t) {
    for (const MessageKeys::Key& k : keys[t]->keys()) {
      const auto [it, added] = index.try_emplace(k, static_cast<int32_t>(distinct.size()));
      if (added) distinct.push_back(k);
      to_distinct[t].push_back(it->second);
    }
  }
  std::vector<std::string> zh(distinct.size()), en(distinct.size());
  constexpr size_t kPerChunk = 64;
  ParallelFor(threads, (distinct.size() + kPerChunk - 1) / kPerChunk, [&](size_t c) {
    const size_t end = std::min(distinct.size(), (c + 1) * kPerChunk);
    for (size_t i = c * kPerChunk; i < end; ++i) {
      zh[i] = Render(table, kind, distinct[i], Lang::kZh);
      en[i] = Render(table, kind, distinct[i], Lang::kEn);
    }
  });
  std::vector<int32_t> zh_of, en_of;  // distinct key → position in the sorted lists
  ParallelFor(threads, 2, [&](size_t lang) {  // the two languages' sorts side by side
    if (lang == 0) {
      SortedUnique(zh, &out.zh, &zh_of);
    } else {
      SortedUnique(en, &out.en, &en_of);
    }
  });
  out.zh_map.resize(keys.size());
  out.en_map.resize(keys.size());
  for (size_t t = 0; t < keys.size(); ++t) {
    for (int32_t d : to_distinct[t]) {
      out.zh_map[t].push_back(zh_of[static_cast<size_t>(d)]);
      out.en_map[t].push_back(en_of[static_cast<size_t>(d)]);
    }
  }
  return out;
}

}  // namespace xiufu::py

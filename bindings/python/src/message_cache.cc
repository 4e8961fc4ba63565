#include "message_cache.h"

#include "base/str_util.h"

namespace xiufu::py {
namespace {

constexpr std::string_view kPlaceholders[] = {"{eligible_from}", "{expires_on}", "{department}",
                                              "{platform}",      "{channel}",    "{authority}",
                                              "{rule_id}"};

void AppendDate(std::string* out, int32_t days) {
  if (days == kNoDay) return;
  const YearMonthDay d = ToYmd(Date{days});
  char buf[10] = {static_cast<char>('0' + d.year / 1000 % 10), static_cast<char>('0' + d.year / 100 % 10),
                  static_cast<char>('0' + d.year / 10 % 10),   static_cast<char>('0' + d.year % 10),
                  '-', static_cast<char>('0' + d.month / 10), static_cast<char>('0' + d.month % 10),
                  '-', static_cast<char>('0' + d.day / 10),   static_cast<char>('0' + d.day % 10)};
  out->append(buf, sizeof buf);
}

std::vector<std::string> Names(const DecisionTable& t, std::string_view domain, bool zh) {
  const int dom = t.DomainIndex(domain);
  std::vector<std::string> out;
  for (int v = 0; v < t.DomainSize(dom); ++v) {
    const std::string_view s = zh ? t.ValueZh(dom, v) : t.ValueEn(dom, v);
    out.emplace_back(s.empty() ? t.ValueCode(dom, v) : s);
  }
  return out;
}

}  // namespace

MessageCache::Parsed MessageCache::Parse(std::string_view tmpl) {
  Parsed out;
  std::string literal;
  for (size_t i = 0; i < tmpl.size();) {
    int id = -1;
    if (tmpl[i] == '{') {
      for (int k = 0; k < 7; ++k) {
        if (tmpl.substr(i, kPlaceholders[k].size()) == kPlaceholders[k]) id = k;
      }
    }
    if (id < 0) {
      literal.push_back(tmpl[i++]);
      continue;
    }
    if (!literal.empty()) out.emplace_back(-1, std::move(literal));
    literal.clear();
    out.emplace_back(id, std::string());
    i += kPlaceholders[id].size();
  }
  if (!literal.empty()) out.emplace_back(-1, std::move(literal));
  return out;
}

std::string MessageCache::Render(const Parsed& t, size_t r, int platform, const RecordOutcome& o,
                                 bool zh) const {
  const int lang = zh ? 0 : 1;
  auto name = [](const std::vector<std::string>& names, int v) -> std::string_view {
    return v >= 0 && v < static_cast<int>(names.size()) ? std::string_view(names[v]) : "";
  };
  std::string out;
  for (const auto& [id, text] : t) {
    switch (id) {
      case -1: out += text; break;
      case 0: AppendDate(&out, o.eligible_from); break;
      case 1: AppendDate(&out, o.expires_on); break;
      case 2:
        if (r < pop_.num_records()) out += name(dept_[lang], pop_.department[r]);
        break;
      case 3: out += name(platform_[lang], platform); break;
      case 4: out += name(platform_[lang], o.channel); break;
      case 5: out += name(dept_[lang], o.authority); break;
      case 6:
        if (o.rule != kNoRow) out += internal::Str(table_, internal::Data(table_).rows[o.rule].rule_id);
        break;
    }
  }
  return out;
}

MessageCache::MessageCache(const DecisionTable& table, const Population& pop,
                           std::vector<std::pair<uint32_t, uint32_t>> templates)
    : table_(table), pop_(pop), templates_(std::move(templates)) {
  static constexpr std::string_view kKeys[] = {"{eligible_from}", "{expires_on}", "{department}",
                                               "{platform}",      "{channel}",    "{authority}",
                                               "{rule_id}"};
  for (const auto& [zh, en] : templates_) {
    const std::string both = Cat(internal::Str(table, zh), internal::Str(table, en));
    uint8_t used = 0;
    for (int i = 0; i < 7; ++i) {
      if (both.find(kKeys[i]) != std::string::npos) used |= uint8_t{1} << i;
    }
    used_.push_back(used);
    parsed_.emplace_back(Parse(internal::Str(table, zh)), Parse(internal::Str(table, en)));
  }
  for (int lang = 0; lang < 2; ++lang) {
    dept_[lang] = Names(table, "department", lang == 0);
    platform_[lang] = Names(table, "platform", lang == 0);
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
  const std::pair<int32_t, int32_t> codes{
      Intern(zh_, zh_ids_, Render(parsed_[id].first, r, platform, o, true)),
      Intern(en_, en_ids_, Render(parsed_[id].second, r, platform, o, false))};
  if (simple != nullptr) {
    *simple = codes;
  } else {
    memo_.emplace(key, codes);
  }
  return codes;
}

}  // namespace xiufu::py

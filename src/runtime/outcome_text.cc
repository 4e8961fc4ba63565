#include "xiufu/runtime/outcome_text.h"

#include <algorithm>

#include "base/str_util.h"

namespace xiufu {
namespace {

static_assert(static_cast<int>(MessageField::kCount_) ==
              static_cast<int>(std::size(internal::kMessageFields)));

// The pack's name of a department / platform value in `lang`, or its code when unnamed.
std::string_view ValueName(const DecisionTable& t, int domain, int v, Lang lang) {
  const std::string_view name = lang == Lang::kZh ? t.ValueZh(domain, v) : t.ValueEn(domain, v);
  return name.empty() ? t.ValueCode(domain, v) : name;
}

// The domains a message's fields name values of, looked up once per message.
struct FieldDomains {
  int department = -2, platform = -2;  // -2: not looked up yet
  int Of(const DecisionTable& t, bool department_field) {
    int& d = department_field ? department : platform;
    if (d == -2) d = t.DomainIndex(department_field ? "department" : "platform");
    return d;
  }
};

void AppendField(const DecisionTable& t, MessageField f, const MessageArgs& a, Lang lang,
                 FieldDomains& domains, std::string* out) {
  switch (f) {
    case MessageField::kEligibleFrom: out->append(FormatDate(Date{a.eligible_from})); return;
    case MessageField::kExpiresOn: out->append(FormatDate(Date{a.expires_on})); return;
    case MessageField::kDepartment:
    case MessageField::kAuthority: {
      const int v = f == MessageField::kDepartment ? a.department : a.authority;
      if (v >= 0) out->append(ValueName(t, domains.Of(t, true), v, lang));
      return;
    }
    case MessageField::kPlatform:
    case MessageField::kChannel: {
      const int v = f == MessageField::kPlatform ? a.platform : a.channel;
      if (v >= 0) out->append(ValueName(t, domains.Of(t, false), v, lang));
      return;
    }
    case MessageField::kRuleId: out->append(t.RuleId(a.rule)); return;
    case MessageField::kCount_: return;
  }
}

void Render(const DecisionTable& t, const internal::MessageSpan& span, const MessageArgs& a,
            Lang lang, std::string* out) {
  const internal::TableData& d = internal::Data(t);
  // Room made once: the literal text, and room for each field (a date, a department's name).
  size_t size = 0;
  for (uint32_t i = 0; i < span.part_count; ++i) {
    const internal::MessagePart& p = d.message_parts[span.part_begin + i];
    size += p.field == internal::kLiteralPart ? p.len : 32;
  }
  if (out->capacity() < out->size() + size) out->reserve(out->size() + size);
  FieldDomains domains;
  for (uint32_t i = 0; i < span.part_count; ++i) {
    const internal::MessagePart& p = d.message_parts[span.part_begin + i];
    if (p.field == internal::kLiteralPart) {
      out->append(d.strings.Get(p.str).substr(p.begin, p.len));
    } else {
      AppendField(t, static_cast<MessageField>(p.field), a, lang, domains, out);
    }
  }
}

// Codes of the members of a set (`has(i)` for i < n), joined by `sep`, appended to *out.
template <typename Has, typename Code>
void AppendCodes(std::string* out, int n, Has has, Code code, std::string_view sep) {
  bool first = true;
  for (int i = 0; i < n; ++i) {
    if (!has(i)) continue;
    if (!first) out->append(sep);
    first = false;
    out->append(code(i));
  }
}

const internal::MessageSpan* RowSpan(const DecisionTable& t, uint32_t row, Lang lang) {
  const internal::TableData& d = internal::Data(t);
  if (row >= d.rows.size()) return nullptr;
  return &d.row_messages[2 * row + (lang == Lang::kZh ? 0 : 1)];
}

const internal::MessageSpan* AlertSpan(const DecisionTable& t, int alert, Lang lang) {
  const internal::TableData& d = internal::Data(t);
  if (alert < 0 || static_cast<size_t>(alert) >= d.alerts.size()) return nullptr;
  return &d.alert_messages[2 * static_cast<size_t>(alert) + (lang == Lang::kZh ? 0 : 1)];
}

}  // namespace

std::string_view StatusCodeOf(const RecordOutcome& o, bool shown) {
  return IsUndecided(o, shown) ? kUndecidedCode : StatusCode(o.status);
}

std::string_view StatusNameOf(const RecordOutcome& o, bool shown, Lang lang) {
  if (IsUndecided(o, shown)) return lang == Lang::kZh ? "未判定" : "undecided";
  return lang == Lang::kZh ? StatusZh(o.status) : StatusEn(o.status);
}

MessageArgs MessageArgsFor(const Population& pop, int64_t record, int platform,
                           const RecordOutcome* o) {
  MessageArgs a;
  if (record >= 0 && static_cast<size_t>(record) < pop.num_records()) {
    a.department = pop.department[static_cast<size_t>(record)];
  }
  a.platform = platform;
  if (o != nullptr) {
    a.eligible_from = o->eligible_from;
    a.expires_on = o->expires_on;
    a.channel = o->channel;
    a.authority = o->authority;
    a.rule = o->rule;
  }
  return a;
}

uint8_t ReasonFields(const DecisionTable& table, uint32_t row, Lang lang) {
  const internal::MessageSpan* s = RowSpan(table, row, lang);
  return s ? s->uses : 0;
}

uint8_t AlertFields(const DecisionTable& table, int alert, Lang lang) {
  const internal::MessageSpan* s = AlertSpan(table, alert, lang);
  return s ? s->uses : 0;
}

void AppendReason(std::string* out, const DecisionTable& table, uint32_t row,
                  const MessageArgs& args, Lang lang) {
  if (const internal::MessageSpan* s = RowSpan(table, row, lang)) Render(table, *s, args, lang, out);
}

void AppendAlert(std::string* out, const DecisionTable& table, int alert, const MessageArgs& args,
                 Lang lang) {
  if (const internal::MessageSpan* s = AlertSpan(table, alert, lang)) {
    Render(table, *s, args, lang, out);
  }
}

std::string RenderReason(const DecisionTable& table, uint32_t row, const MessageArgs& args,
                         Lang lang) {
  std::string out;
  AppendReason(&out, table, row, args, lang);
  return out;
}

std::string RenderAlert(const DecisionTable& table, int alert, const MessageArgs& args,
                        Lang lang) {
  std::string out;
  AppendAlert(&out, table, alert, args, lang);
  return out;
}

void AppendMaterialCodes(std::string* out, const DecisionTable& table, const Bits128& set,
                         std::string_view sep) {
  AppendCodes(
      out, std::min(table.NumMaterials(), kMaxMaterials), [&](int i) { return set.Test(i); },
      [&](int i) { return table.MaterialCode(i); }, sep);
}

void AppendAlertCodes(std::string* out, const DecisionTable& table, uint64_t set,
                      std::string_view sep) {
  AppendCodes(
      out, std::min(table.NumAlerts(), kMaxAlerts), [&](int i) { return ((set >> i) & 1) != 0; },
      [&](int i) { return table.AlertCode(i); }, sep);
}

void AppendActionCodes(std::string* out, const DecisionTable& table, uint32_t set,
                       std::string_view sep) {
  AppendCodes(
      out, std::min(table.NumActions(), kMaxActions), [&](int i) { return ((set >> i) & 1) != 0; },
      [&](int i) { return table.ActionCode(i); }, sep);
}

std::string MaterialCodes(const DecisionTable& table, const Bits128& set, std::string_view sep) {
  std::string out;
  AppendMaterialCodes(&out, table, set, sep);
  return out;
}

std::string AlertCodes(const DecisionTable& table, uint64_t set, std::string_view sep) {
  std::string out;
  AppendAlertCodes(&out, table, set, sep);
  return out;
}

std::string ActionCodes(const DecisionTable& table, uint32_t set, std::string_view sep) {
  std::string out;
  AppendActionCodes(&out, table, set, sep);
  return out;
}

}  // namespace xiufu

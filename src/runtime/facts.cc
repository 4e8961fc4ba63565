#include "xiufu/runtime/facts.h"

#include <array>

namespace xiufu {
namespace {

using T = FactType;
using S = FactScope;

constexpr std::array<FactInfo, kNumFacts> kFacts = {{
    {Fact::kAsOf, "as_of", T::kDate, S::kEntity, "", "the evaluation date (used by effective_from/effective_to)"},
    {Fact::kPlatform, "platform", T::kEnum, S::kRecord, "platform", "the platform this record is decided for"},
    {Fact::kDepartment, "department", T::kEnum, S::kRecord, "department", "department that recognised the record"},
    {Fact::kRecordKind, "record_kind", T::kEnum, S::kRecord, "record_kind", "penalty, abnormal list, serious list, department lists …"},
    {Fact::kSeverity, "severity", T::kEnum, S::kRecord, "severity", "minor / general / serious (and the older classes)"},
    {Fact::kPenalty, "penalty", T::kEnum, S::kRecord, "penalty", "the heaviest penalty type in the decision"},
    {Fact::kProcedure, "procedure", T::kEnum, S::kRecord, "procedure", "summary or ordinary procedure"},
    {Fact::kSector, "sector", T::kEnum, S::kRecord, "sector", "sector flag (food, drugs, special equipment, production safety, fire …)"},
    {Fact::kFineAmount, "fine_amount", T::kNumber, S::kRecord, "", "fine in whole yuan (0 when none)"},
    {Fact::kShown, "shown", T::kBool, S::kRecord, "", "the record is published on this platform"},
    {Fact::kRepaired, "repaired", T::kBool, S::kRecord, "", "repaired (withdrawn) on this platform on or before the evaluation date"},
    {Fact::kRepairedElsewhere, "repaired_elsewhere", T::kBool, S::kRecord, "", "repaired on another platform on or before the evaluation date"},
    {Fact::kObligationsFulfilled, "obligations_fulfilled", T::kBool, S::kRecord, "", "legal obligations fulfilled (fulfilled_date <= evaluation date)"},
    {Fact::kCorrected, "corrected", T::kBool, S::kRecord, "", "behaviour corrected (corrected_date <= evaluation date)"},
    {Fact::kLaterSameType, "later_same_type", T::kBool, S::kRecord, "", "a later record of the same department and kind exists (decided <= evaluation date)"},
    {Fact::kDecisionDate, "decision_date", T::kDate, S::kRecord, "", "date the penalty/listing was decided (recognised)"},
    {Fact::kPublicationDate, "publication_date", T::kDate, S::kRecord, "", "date it was first published"},
    {Fact::kSinceDecision, "since_decision", T::kElapsed, S::kRecord, "", "time elapsed since decision_date"},
    {Fact::kSincePublication, "since_publication", T::kElapsed, S::kRecord, "", "time elapsed since publication_date"},
    {Fact::kSinceFulfilled, "since_fulfilled", T::kElapsed, S::kRecord, "", "time elapsed since obligations were fulfilled"},
    {Fact::kSinceCorrected, "since_corrected", T::kElapsed, S::kRecord, "", "time elapsed since the behaviour was corrected"},
    {Fact::kSinceRepairedElsewhere, "since_repaired_elsewhere", T::kElapsed, S::kRecord, "", "time since the earliest repair on another platform"},
    {Fact::kRecords12m, "records_12m", T::kNumber, S::kRecord, "", "records of the entity decided in the 12 months up to the evaluation date"},
    {Fact::kSameTypeCount, "same_type_count", T::kNumber, S::kRecord, "", "records of the entity with this department and kind (decided <= evaluation date)"},
    {Fact::kStatus, "status", T::kEnum, S::kDerived, "status", "the eligibility outcome of this record × platform"},
    {Fact::kUntilEligible, "until_eligible", T::kNumber, S::kDerived, "", "days from the evaluation date to eligible_from"},
    {Fact::kUntilExpiry, "until_expiry", T::kNumber, S::kDerived, "", "days from the evaluation date to expires_on"},
    {Fact::kEntityKind, "entity_kind", T::kEnum, S::kEntity, "entity_kind", "enterprise / individual / cooperative / other (USCC prefix)"},
    {Fact::kEntityStatus, "entity_status", T::kEnum, S::kEntity, "entity_status", "registration status of the entity"},
    {Fact::kUsccValid, "uscc_valid", T::kBool, S::kEntity, "", "the USCC passes the GB 32100 check"},
    {Fact::kUnreachable, "unreachable", T::kBool, S::kEntity, "", "cannot be reached at the registered address"},
    {Fact::kMissedReports, "missed_reports", T::kNumber, S::kEntity, "", "consecutive overdue annual reports, most recent first"},
    {Fact::kReportPending, "report_pending", T::kBool, S::kEntity, "", "last year's annual report is not filed and the Jan 1–Jun 30 window is open"},
    {Fact::kDaysToReportDeadline, "days_to_report_deadline", T::kNumber, S::kEntity, "", "days from the evaluation date to June 30 of its year"},
    {Fact::kSinceRegistration, "since_registration", T::kElapsed, S::kEntity, "", "time since registration"},
    {Fact::kOnAbnormalList, "on_abnormal_list", T::kBool, S::kEntity, "", "an abnormal listing / abnormal status is in force"},
    {Fact::kOnSeriousList, "on_serious_list", T::kBool, S::kEntity, "", "a serious-dishonesty listing is in force"},
    {Fact::kSinceAbnormalListed, "since_abnormal_listed", T::kElapsed, S::kEntity, "", "time on the abnormal list (earliest listing in force)"},
    {Fact::kRecordCount, "record_count", T::kNumber, S::kEntity, "", "number of records of the entity"},
    {Fact::kSeriousShown, "serious_shown", T::kBool, S::kEntityDerived, "", "a serious record or listing is still shown on some platform"},
    {Fact::kShownCount, "shown_count", T::kNumber, S::kEntityDerived, "", "record × platform pairs still shown"},
}};

constexpr std::array<std::string_view, static_cast<int>(DateBase::kCount_)> kBases = {
    "-", "as_of", "decision_date", "publication_date", "fulfilled_date", "corrected_date",
    "registration_date", "abnormal_listed_date", "report_deadline", "eligible_from", "expires_on",
    "custom_date_1", "custom_date_2", "custom_date_3", "custom_date_4", "custom_date_5",
    "custom_date_6", "custom_date_7", "custom_date_8"};

constexpr std::array<std::string_view, kNumFacts> kFactZh = {
    "评估日",
    "平台",
    "认定部门",
    "记录类别",
    "失信程度",
    "处罚种类",
    "程序",
    "行业领域",
    "罚款金额（元）",
    "是否在该平台公示",
    "是否已在该平台修复",
    "是否已在其他平台修复",
    "是否已履行法定义务",
    "是否已纠正失信行为",
    "其后是否又有同类记录",
    "决定日期",
    "公示日期",
    "自决定以来",
    "自公示以来",
    "自履行义务以来",
    "自纠正以来",
    "自在其他平台修复以来",
    "近12个月记录数",
    "同类记录数",
    "该平台的判定",
    "距可申请日天数",
    "距到期日天数",
    "主体类型",
    "登记状态",
    "统一社会信用代码是否有效",
    "是否无法通过登记住所联系",
    "未报送年报数",
    "年报是否待报",
    "距年报截止日天数",
    "自登记以来",
    "是否在经营异常名录中",
    "是否在严重失信名单中",
    "列入经营异常名录以来",
    "记录数",
    "是否仍有严重失信记录公示",
    "公示中的记录×平台数"};
constexpr std::array<std::string_view, kNumFacts> kFactEn = {
    "evaluation date",
    "platform",
    "recognising department",
    "record kind",
    "severity",
    "penalty type",
    "procedure",
    "sector",
    "fine (yuan)",
    "shown on this platform",
    "repaired on this platform",
    "repaired on another platform",
    "obligations fulfilled",
    "behaviour corrected",
    "a later record of the same type",
    "decision date",
    "publication date",
    "time since the decision",
    "time since publication",
    "time since the obligations were fulfilled",
    "time since the correction",
    "time since the repair on another platform",
    "records in the last 12 months",
    "records of the same type",
    "status on this platform",
    "days until eligible",
    "days until expiry",
    "entity kind",
    "registration status",
    "USCC valid",
    "unreachable at the registered address",
    "missed annual reports",
    "annual report pending",
    "days to the annual report deadline",
    "time since registration",
    "on the abnormal operations list",
    "on a serious dishonesty list",
    "time on the abnormal list",
    "number of records",
    "a serious record still shown",
    "record × platform pairs shown"};

}  // namespace

std::string_view FactZh(Fact f) { return kFactZh[static_cast<int>(f)]; }
std::string_view FactEn(Fact f) { return kFactEn[static_cast<int>(f)]; }

const FactInfo& InfoOf(Fact f) { return kFacts[static_cast<int>(f)]; }

std::optional<Fact> FactByName(std::string_view name) {
  for (const FactInfo& i : kFacts) {
    if (i.name == name && i.fact != Fact::kAsOf) return i.fact;
  }
  return std::nullopt;
}

std::string_view DateBaseName(DateBase b) { return kBases[static_cast<int>(b)]; }

std::optional<DateBase> DateBaseByName(std::string_view name) {
  for (int i = 1; i < static_cast<int>(DateBase::kCustom0); ++i) {
    if (kBases[i] == name) return static_cast<DateBase>(i);
  }
  return std::nullopt;
}

std::string_view StatusCode(RepairStatus s) {
  constexpr std::string_view k[] = {"not_shown", "eligible_now", "eligible_later", "drops_off",
                                    "not_repairable", "repaired", "eligible", "blocked"};
  return k[static_cast<int>(s)];
}
std::string_view StatusZh(RepairStatus s) {
  constexpr std::string_view k[] = {"未公示", "现在可申请修复", "届时可申请修复", "到期自动停止公示",
                                    "不可提前修复", "已修复", "可申请修复",
                                    "待完成事项后可修复"};
  return k[static_cast<int>(s)];
}
std::string_view StatusEn(RepairStatus s) {
  constexpr std::string_view k[] = {"not shown", "eligible now", "eligible later",
                                    "drops off by itself", "not repairable", "repaired",
                                    "eligible", "blocked until actions are done"};
  return k[static_cast<int>(s)];
}
std::string_view EntityKindCode(EntityKind k) {
  constexpr std::string_view c[] = {"enterprise", "individual", "cooperative", "other"};
  return c[static_cast<int>(k)];
}

}  // namespace xiufu

#include "support/tiny_pack.h"

namespace xiufu::testing {

std::map<std::string, std::string> TinyPackFiles(const std::string& policy) {
  std::map<std::string, std::string> f;
  f["manifest.ini"] = R"([pack]
name = tiny
version = 1.0
zh = 测试规则包
en = Tiny test pack

[context]
abnormal_kinds = abnormal_list
serious_kinds = serious_list
serious_severities = serious
penalty_kinds = penalty
serious_list_max = 3y

[decision eligibility]
hit_policy = )" + policy + R"(
)" + (policy == "PRIORITY" ? "priority = not_repairable, drops_off, eligible, repaired, not_shown\n" : "") + R"(
[decision materials]
hit_policy = COLLECT
[decision record_alerts]
hit_policy = COLLECT
[decision entity_alerts]
hit_policy = COLLECT

[table eligibility]
file = tables/eligibility.csv
decision = eligibility

[table materials]
file = tables/materials.csv
decision = materials

[table record_alerts]
file = tables/record_alerts.csv
decision = record_alerts

[table entity_alerts]
file = tables/entity_alerts.csv
decision = entity_alerts
)";
  f["enums.csv"] = R"(domain,code,zh,en
platform,cc,信用中国,Credit China
platform,np,国家企业信用信息公示系统,NECIPS
department,samr,市场监督管理局,Market regulation
department,tax,税务局,Tax
record_kind,penalty,行政处罚,Administrative penalty
record_kind,abnormal_list,经营异常名录,Abnormal operations list
record_kind,serious_list,严重违法失信名单,Serious list
severity,general,一般,General
severity,serious,严重,Serious
penalty,warning,警告,Warning
penalty,fine,罚款,Fine
procedure,ordinary,普通程序,Ordinary procedure
sector,general,一般行业,General
sector,food,食品,Food
entity_status,active,存续,Active
)";
  f["materials.csv"] = R"(code,kind,zh,en,requested_by,source
app,canonical,信用修复申请书,Repair application,all,SAMR 2021
commit,canonical,信用承诺书,Credit commitment,all,SAMR 2021
proof,canonical,履行义务证明,Proof of performance,all,SAMR 2021
m_form,raw,信用信息修复申请表,Repair form,Credit China,Order 58
m_licence,raw,营业执照复印件,Business licence copy,all,guide
m_receipt,raw,罚款缴纳凭证,Fine receipt,Credit China,guide
)";
  f["material_map.csv"] = R"(raw,canonical,effective_from,effective_to,source
m_form,app,-,2026-03-31,Order 58
m_licence,app,-,2026-03-31,Order 58
m_form,-,2026-04-01,-,22号: fetched by USCC
m_licence,-,2026-04-01,-,22号: fetched by USCC
m_receipt,proof,-,-,SAMR 2021
)";
  f["alerts.csv"] = R"(code,scope,severity,due,zh,en,source
window_open,record,info,eligible_from,{eligible_from}起可申请修复,Repair window open since {eligible_from},engine
unpaid,record,warning,-,罚款未缴纳,Fine unpaid,SAMR 2021 Art. 6
bad_uscc,entity,critical,-,统一社会信用代码校验失败,USCC check failed,GB 32100-2015
)";
  f["holidays.csv"] = R"(date,kind,name
2026-10-01,holiday,国庆节
)";
  f["tables/eligibility.csv"] =
      R"(rule_id,shown,repaired,record_kind,severity,since_decision,obligations_fulfilled,corrected,status,eligible_from,expires_on,channel,authority,reason_zh,reason_en,effective_from,effective_to,source
V1,false,-,-,-,-,-,-,not_shown,-,-,-,-,未在该平台公示,Not shown on this platform,-,-,engine
V2,true,true,-,-,-,-,-,repaired,-,-,-,-,已修复,Repaired,-,-,engine
O58-EXP,-,-,penalty,-,>= 3y,-,-,not_shown,-,decision_date + 3y,-,-,公示期满,Publicity over,-,2026-03-31,Order 58
O58-UNPAID,-,-,penalty,-,-,false,-,not_repairable,-,decision_date + 3y,cc,-,未履行处罚义务,Penalty not performed,-,2026-03-31,Order 58
O58-ELIG,-,-,penalty,-,-,true,-,eligible,decision_date + 3m,decision_date + 3y,cc,-,{eligible_from}起可申请,Eligible from {eligible_from} at {channel},-,2026-03-31,Order 58
O36-EXP,-,-,penalty,general,>= 1y,-,-,not_shown,-,decision_date + 1y,-,-,公示期满,Publicity over,2026-04-01,-,Order 36
O36-GEN,-,-,penalty,general,-,true,-,eligible,decision_date + 3m,decision_date + 1y,cc,-,{eligible_from}起可申请,Eligible from {eligible_from},2026-04-01,-,Order 36
O36-SER,-,-,penalty,serious,-,-,-,drops_off,-,decision_date + 3y,-,-,{expires_on}自动停止公示,Drops off on {expires_on},2026-04-01,-,Order 36
AB-1,-,-,abnormal_list,-,-,-,true,eligible,corrected_date,-,np,-,可申请移出,May apply for removal,-,-,SAMR 2021 Art. 5
)";
  f["tables/materials.csv"] = R"(rule_id,status,platform,record_kind,materials,effective_from,effective_to,source
MAT-1,"eligible_now,eligible_later",cc,-,"m_form,m_licence",-,-,Order 58 guide
MAT-2,"eligible_now,eligible_later",-,penalty,m_receipt,-,-,SAMR 2021
)";
  f["tables/record_alerts.csv"] = R"(rule_id,status,record_kind,obligations_fulfilled,shown,alerts,effective_from,effective_to,source
RA-1,eligible_now,-,-,-,window_open,-,-,engine
RA-2,-,penalty,false,true,unpaid,-,-,SAMR 2021 Art. 6
)";
  f["tables/entity_alerts.csv"] = R"(rule_id,uscc_valid,alerts,effective_from,effective_to,source
EA-1,false,bad_uscc,-,-,GB 32100-2015
)";
  return f;
}

}  // namespace xiufu::testing

"""Shared fixtures: a tiny, hand-checkable rule pack written by the test itself (the same pack as
tests/support/tiny_pack.cc: 2 platforms, Order 58 rows until 2026-03-31, Order 36 rows from
2026-04-01), hand-built entities, and the Gongshu reference pack."""

from __future__ import annotations

import os
import pathlib

import pandas as pd
import pytest

import xiufu

SOURCE_DIR = pathlib.Path(os.environ.get("XIUFU_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[3]))
GONGSHU = SOURCE_DIR / "rules" / "gongshu"

TINY = {
    "manifest.ini": """[pack]
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
hit_policy = FIRST
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
""",
    "enums.csv": """domain,code,zh,en
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
""",
    "materials.csv": """code,kind,zh,en,requested_by,source
app,canonical,信用修复申请书,Repair application,all,SAMR 2021
commit,canonical,信用承诺书,Credit commitment,all,SAMR 2021
proof,canonical,履行义务证明,Proof of performance,all,SAMR 2021
m_form,raw,信用信息修复申请表,Repair form,Credit China,Order 58
m_licence,raw,营业执照复印件,Business licence copy,all,guide
m_receipt,raw,罚款缴纳凭证,Fine receipt,Credit China,guide
""",
    "material_map.csv": """raw,canonical,effective_from,effective_to,source
m_form,app,-,2026-03-31,Order 58
m_licence,app,-,2026-03-31,Order 58
m_form,-,2026-04-01,-,22号: fetched by USCC
m_licence,-,2026-04-01,-,22号: fetched by USCC
m_receipt,proof,-,-,SAMR 2021
""",
    "alerts.csv": """code,scope,severity,due,zh,en,source
window_open,record,info,eligible_from,{eligible_from}起可申请修复,Repair window open since {eligible_from},engine
unpaid,record,warning,-,罚款未缴纳,Fine unpaid,SAMR 2021 Art. 6
bad_uscc,entity,critical,-,统一社会信用代码校验失败,USCC check failed,GB 32100-2015
""",
    "holidays.csv": """date,kind,name
2026-10-01,holiday,国庆节
""",
    # line 1 header; V1 line 2, V2 3, O58-EXP 4, O58-UNPAID 5, O58-ELIG 6, O36-EXP 7,
    # O36-GEN 8, O36-SER 9, AB-1 10
    "tables/eligibility.csv": """rule_id,shown,repaired,record_kind,severity,since_decision,obligations_fulfilled,corrected,status,eligible_from,expires_on,channel,authority,reason_zh,reason_en,effective_from,effective_to,source
V1,false,-,-,-,-,-,-,not_shown,-,-,-,-,未在该平台公示,Not shown on this platform,-,-,engine
V2,true,true,-,-,-,-,-,repaired,-,-,-,-,已修复,Repaired,-,-,engine
O58-EXP,-,-,penalty,-,>= 3y,-,-,not_shown,-,decision_date + 3y,-,-,公示期满,Publicity over,-,2026-03-31,Order 58
O58-UNPAID,-,-,penalty,-,-,false,-,not_repairable,-,decision_date + 3y,cc,-,未履行处罚义务,Penalty not performed,-,2026-03-31,Order 58
O58-ELIG,-,-,penalty,-,-,true,-,eligible,decision_date + 3m,decision_date + 3y,cc,-,{eligible_from}起可申请,Eligible from {eligible_from} at {channel},-,2026-03-31,Order 58
O36-EXP,-,-,penalty,general,>= 1y,-,-,not_shown,-,decision_date + 1y,-,-,公示期满,Publicity over,2026-04-01,-,Order 36
O36-GEN,-,-,penalty,general,-,true,-,eligible,decision_date + 3m,decision_date + 1y,cc,-,{eligible_from}起可申请,Eligible from {eligible_from},2026-04-01,-,Order 36
O36-SER,-,-,penalty,serious,-,-,-,drops_off,-,decision_date + 3y,-,-,{expires_on}自动停止公示,Drops off on {expires_on},2026-04-01,-,Order 36
AB-1,-,-,abnormal_list,-,-,-,true,eligible,corrected_date,-,np,-,可申请移出,May apply for removal,-,-,SAMR 2021 Art. 5
""",
    "tables/materials.csv": """rule_id,status,platform,record_kind,materials,effective_from,effective_to,source
MAT-1,"eligible_now,eligible_later",cc,-,"m_form,m_licence",-,-,Order 58 guide
MAT-2,"eligible_now,eligible_later",-,penalty,m_receipt,-,-,SAMR 2021
""",
    "tables/record_alerts.csv": """rule_id,status,record_kind,obligations_fulfilled,shown,alerts,effective_from,effective_to,source
RA-1,eligible_now,-,-,-,window_open,-,-,engine
RA-2,-,penalty,false,true,unpaid,-,-,SAMR 2021 Art. 6
""",
    "tables/entity_alerts.csv": """rule_id,uscc_valid,alerts,effective_from,effective_to,source
EA-1,false,bad_uscc,-,-,GB 32100-2015
""",
}

# Valid check characters (GB 32100-2015), computed by hand with weights 3^i mod 31.
USCC_A = "91330105MA27XL0F40"
USCC_B = "91330105MA2H2KCJ85"


def write_pack(root: pathlib.Path, files: dict) -> pathlib.Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tiny_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    return write_pack(tmp_path / "tiny", TINY)


@pytest.fixture
def tiny_pack(tiny_dir) -> xiufu.Pack:
    return xiufu.load_pack(tiny_dir)


@pytest.fixture
def tiny_table(tiny_pack) -> xiufu.Table:
    return tiny_pack.compile()


def hand_entities() -> pd.DataFrame:
    return pd.DataFrame({
        "uscc": [USCC_A, USCC_B],
        "name": ["杭州甲贸易有限公司", "杭州乙餐饮店"],
        "status": ["active", "active"],
        "registration_date": pd.to_datetime(["2018-03-01", "2020-07-15"]),
        "last_report_year": pd.array([2025, None], dtype="Int16"),
        "unreachable": [False, False],
    })


def hand_records() -> pd.DataFrame:
    """A1, A2: Order 36 general fines of entity A, paid; B1: a fine decided in 2025."""
    return pd.DataFrame({
        "record_id": ["A1", "A2", "B1"],
        "uscc": [USCC_A, USCC_A, USCC_B],
        "department": ["samr", "samr", "tax"],
        "record_kind": ["penalty"] * 3,
        "severity": ["general"] * 3,
        "penalty": ["fine"] * 3,
        "procedure": ["ordinary"] * 3,
        "sector": ["general"] * 3,
        "decision_date": pd.to_datetime(["2026-05-10", "2026-04-02", "2025-01-10"]),
        "publication_date": pd.to_datetime(["2026-05-20", "2026-04-12", "2025-01-20"]),
        "fine_yuan": [2000, 3000, 500],
        "fulfilled_date": pd.to_datetime(["2026-05-20", "2026-04-10", "2025-02-01"]),
        "corrected_date": pd.to_datetime([None, None, None]),
        "shown_on": ["cc", "cc", "cc|np"],
        "repaired_on": ["", "", ""],
    })


@pytest.fixture
def entities() -> pd.DataFrame:
    return hand_entities()


@pytest.fixture
def records() -> pd.DataFrame:
    return hand_records()


@pytest.fixture(scope="session")
def gongshu_table():
    try:
        pack = xiufu.load_pack(GONGSHU)
    except (xiufu.PackError, OSError) as e:
        pytest.skip(f"rules/gongshu does not load yet: {str(e).splitlines()[0]}")
    return pack.compile()


@pytest.fixture(scope="session")
def gen_table(gongshu_table):
    """The Gongshu table and a generated district of 5,000 entities (enough for two threads)."""
    entities, records = xiufu.generate_district(5000, seed=7)
    return gongshu_table, entities, records

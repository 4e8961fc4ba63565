"""explain and diff on hand-checked cases (tiny pack; see conftest.py for the rows)."""

from __future__ import annotations

import pandas as pd
import pytest

import xiufu
from conftest import USCC_A, USCC_B

AS_OF = "2026-07-15"


def test_explain_why_not_yet_and_from_when(tiny_table, entities, records):
    ex = tiny_table.explain(entities, records, USCC_A, "A1", platform="cc", as_of=AS_OF)
    assert (ex.uscc, ex.name, ex.as_of) == (USCC_A, "杭州甲贸易有限公司", AS_OF)
    assert len(ex.items) == 1
    item = ex.items[0]
    assert (item.record_id, item.platform, item.status) == ("A1", "cc", "eligible_later")
    assert (item.eligible_from, item.expires_on) == ("2026-08-11", "2027-05-11")
    assert (item.rule_id, item.source, item.channel, item.authority) == (
        "O36-GEN", "Order 36", "cc", "samr")
    assert item.reason_en == "Eligible from 2026-08-11"
    assert item.reason_zh == "2026-08-11起可申请"
    steps = item.steps
    assert list(steps.rule_id) == ["V1", "V2", "O58-EXP", "O58-UNPAID", "O58-ELIG", "O36-EXP",
                                   "O36-GEN"]
    assert list(steps.line) == [2, 3, 4, 5, 6, 7, 8]
    assert list(steps.in_force) == [True, True, False, False, False, True, True]
    assert list(steps.matched) == [False] * 6 + [True]
    fails = steps[steps.in_force & ~steps.matched][["rule_id", "column", "cell", "actual"]]
    assert fails.values.tolist() == [
        ["V1", "shown", "false", "true"],
        ["V2", "repaired", "true", "false"],
        ["O36-EXP", "since_decision", ">= 1y", "2m"],  # two whole months since 2026-05-10
    ]
    text = str(ex)
    assert text.index("记录 A1") < text.index("Record A1")  # Chinese first
    # For people: the deciding rule and the rule missed by one condition time will change.
    assert "eligible from 2026-08-11" in text and "可申请日 2026-08-11" in text
    assert 'O36-EXP: if "time since the decision" were ">= 1y" (now "2m"), then not shown' in text
    assert "O36-EXP：若「自决定以来」为「>= 1y」（现为「2m」），则未公示" in text
    assert "✗" not in text and "use --full" in text
    # The whole trace on request.
    full = str(tiny_table.explain(entities, records, USCC_A, "A1", platform="cc", as_of=AS_OF,
                                  full=True))
    assert '✗ O36-EXP (eligibility:7) "time since the decision" must be ">= 1y", actual "2m"' in full
    assert "✓ O36-GEN (eligibility:8) matched" in full
    assert "not in force on the evaluation date" in full


def test_explain_whole_entity(tiny_table, entities, records):
    ex = tiny_table.explain(entities, records, USCC_A, as_of=AS_OF)
    assert [(i.record_id, i.platform) for i in ex.items] == [
        ("A1", "cc"), ("A1", "np"), ("A2", "cc"), ("A2", "np")]
    assert ex.clean_by == "2026-08-11"
    assert ex.materials == ["proof"] and ex.raw_materials == ["m_form", "m_licence", "m_receipt"]
    assert ex.alerts == ["window_open"]
    out = ex.outcomes
    assert list(out.status) == ["eligible_later", "not_shown", "eligible_now", "not_shown"]
    assert list(out.shown) == [True, False, True, False]
    steps = ex.steps
    assert set(steps.columns) >= {"record_id", "platform", "step", "rule_id", "matched", "actual"}
    assert steps[(steps.record_id == "A1") & (steps.platform == "np")].rule_id.tolist() == ["V1"]
    # the explanation agrees with the district evaluation
    res = tiny_table.evaluate(entities, records, as_of=AS_OF)
    r = res.records[res.records.uscc == USCC_A]
    assert list(r.status.astype(str)) == list(out.status)


def test_explain_on_a_district_matches_evaluate(gen_table):
    table, entities, records = gen_table
    res = table.evaluate(entities, records, as_of="2026-11-22")
    shown = res.records[res.records.status.isin(["eligible_later", "not_repairable"])]
    pick = shown.iloc[0]
    ex = table.explain(entities, records, pick.uscc, pick.record_id, platform=pick.platform,
                       as_of="2026-11-22")
    item = ex.items[0]
    assert item.status == pick.status and item.rule_id == pick.rule_id
    want = "" if pd.isna(pick.eligible_from) else pick.eligible_from.strftime("%Y-%m-%d")
    assert item.eligible_from == want
    assert item.steps.matched.iloc[-1]


def test_with_cell_edits_one_rule(tiny_pack):
    edited = tiny_pack.with_cell("O36-GEN", "eligible_from", "decision_date + 6m")
    assert edited.rule("O36-GEN")["eligible_from"] == "decision_date + 6m"
    assert tiny_pack.rule("O36-GEN")["eligible_from"] == "decision_date + 3m"  # a copy
    assert edited.hash != tiny_pack.hash
    assert edited.edits.values.tolist() == [
        ["O36-GEN", "eligible_from", "decision_date + 3m", "decision_date + 6m"]]
    twice = edited.with_cell("O36-GEN", "severity", "general, serious")
    assert twice.rule("O36-GEN")["severity"] == "general, serious"
    assert len(twice.edits) == 2
    rules = tiny_pack.rules()
    o36 = rules.set_index("rule_id").loc["O36-GEN"]
    assert o36.conditions == ("record_kind: penalty; severity: general; "
                              "obligations_fulfilled: true")
    assert o36.effective_from == "2026-04-01" and o36.source == "Order 36"


def test_diff_six_month_minimum(tiny_pack, tiny_table, entities, records):
    after = tiny_pack.with_cell("O36-GEN", "eligible_from", "decision_date + 6m").compile()
    d = xiufu.diff(tiny_table, after, entities, records, as_of=AS_OF)
    assert d.pairs_compared == 6
    c = d.changes
    assert list(c.record_id) == ["A1", "A2"]
    assert list(c.platform) == ["cc", "cc"]
    assert list(c.department) == ["samr", "samr"]
    assert list(c.changed) == ["eligible_from", "status|eligible_from|alerts"]
    assert list(c.status_before) == ["eligible_later", "eligible_now"]
    assert list(c.status_after) == ["eligible_later", "eligible_later"]
    assert list(c.eligible_from_before) == [pd.Timestamp("2026-08-11"), pd.Timestamp("2026-07-03")]
    assert list(c.eligible_from_after) == [pd.Timestamp("2026-11-11"), pd.Timestamp("2026-10-03")]
    assert list(c.rule_id_before) == list(c.rule_id_after) == ["O36-GEN", "O36-GEN"]
    e = d.entities
    assert list(e.uscc) == [USCC_A]
    assert e.iloc[0].records_changed == 2
    assert e.iloc[0].clean_by_before == pd.Timestamp("2026-08-11")
    assert e.iloc[0].clean_by_after == pd.Timestamp("2026-11-11")
    assert e.iloc[0].changed == "alerts|clean_by"
    assert d.by_department.loc["samr", "cc"] == 2
    assert d.by_department.loc["total", "total"] == 2
    assert d.transitions.loc["eligible_now", "eligible_later"] == 1
    assert d.transitions.loc["eligible_later", "eligible_later"] == 1
    assert "2 of 6 record × platform outcomes change, for 1 entities" in d.summary()
    # nothing changes against itself
    same = xiufu.diff(tiny_table, tiny_table, entities, records, as_of=AS_OF)
    assert same.changes.empty and same.entities.empty


def test_diff_threads_and_prepared(gen_table):
    table, entities, records = gen_table
    rules = table.rules()
    assert len(rules) > 0
    prepared = table.prepare(entities, records)
    one = xiufu.diff(table, table, prepared, as_of="2026-11-22", threads=1)
    assert one.changes.empty and one.pairs_compared == prepared.num_records * 4

"""Repair plans from Python (table.plan / table.plans) are the library's PlanEntity: the same
plan as `xiufu plan` on the same district, and hand-checked plans built from frames (the cases
of tests/gongshu_scenarios_test.cc, GongshuPlan)."""

from __future__ import annotations

import json
import os
import subprocess

import pandas as pd
import pytest

import xiufu
from conftest import GONGSHU

AS_OF = "2026-11-27"
ENTERPRISE = "91330105MA2CXF31XQ"  # valid, Gongshu division code (the C++ scenarios' entity)
CREDIT_SITES = ["credit_china", "credit_zhejiang", "credit_hangzhou"]


def _cli() -> str:
    cli = os.environ.get("XIUFU_CLI")
    if not cli or not os.path.exists(cli):
        pytest.skip("XIUFU_CLI is not set")
    return cli


@pytest.fixture(scope="module")
def district(gongshu_table):
    entities, records = xiufu.generate_district(3000, seed=7)
    result = gongshu_table.evaluate(entities, records, as_of=AS_OF)
    return gongshu_table, entities, records, result


def _pick(result) -> list:
    """Entities to compare: blocked ones (missing annual reports; an unpaid fine; both when the
    district has one), one that only has to apply, one whose records only drop off, and one
    with nothing published."""
    rec = result.records
    uscc = rec.uscc.astype(str)
    actions = rec.actions.astype(str)
    blocked = rec.status == "blocked"
    reports = set(uscc[blocked & actions.str.contains("file_annual_reports")])
    pay = set(uscc[blocked & actions.str.contains("pay_obligations")])
    assert reports and pay, "the district has no blocked entity of each kind"
    picked = sorted(reports - pay)[:2] + sorted(pay - reports)[:2] + sorted(reports & pay)[:1]
    status = rec.groupby(uscc.values, observed=True)["status"].agg(lambda s: set(s.astype(str)))
    only_apply = [u for u, s in status.items() if s <= {"eligible_now", "eligible_later",
                                                        "not_shown"} and s & {"eligible_now"}]
    only_drops = [u for u, s in status.items() if s <= {"drops_off", "not_shown"}
                  and "drops_off" in s]
    without = sorted(set(result.entities.uscc) - set(uscc))
    return picked + sorted(only_apply)[:1] + sorted(only_drops)[:1] + without[:1]


def _steps_from_json(doc: dict) -> pd.DataFrame:
    """The steps of a PlanJson document in the layout of Plan.steps, as text."""
    rows = []
    for s in doc["steps"]:
        rows.append({
            "step": s["step"], "kind": s["kind"], "action": s["action"] or "",
            "report_years": "|".join(str(y) for y in s["report_years"]),
            "records": "|".join(s["records"]), "platform": s["platform"] or "",
            "authority": s["authority"] or "", "date": s["date"] or "",
            "rule_id": s["rule_id"] or "", "materials": s["materials"],
            "raw_materials": s["raw_materials"], "followers": "|".join(s["followers"]),
            "followed_by": s["followed_by"] or "", "zh": s["zh"], "en": s["en"],
        })
    return pd.DataFrame(rows, columns=xiufu.plan.STEP_COLUMNS)


def _steps_as_text(steps: pd.DataFrame) -> pd.DataFrame:
    out = steps[xiufu.plan.STEP_COLUMNS].copy()
    for c in ("kind", "action", "platform", "authority", "rule_id"):
        out[c] = out[c].astype(object).fillna("").astype(str)
    for c in ("date", "followed_by"):
        out[c] = out[c].dt.strftime("%Y-%m-%d").fillna("")
    out["step"] = out["step"].astype("int64")
    return out.reset_index(drop=True)


def test_plan_is_the_cli_plan(district, tmp_path):
    """`xiufu plan --json` and table.plan(...).to_json() agree on the same district, and so do
    the printed plans; the steps frame holds what the JSON says."""
    cli = _cli()
    table, entities, records, result = district
    xiufu.write_district(entities, records, tmp_path)
    blob = tmp_path / "gongshu.xtb"
    table.save(blob)
    picked = _pick(result)
    assert len(picked) >= 7, picked
    kinds = set()
    for uscc in picked:
        plan = table.plan(entities, records, uscc, as_of=AS_OF)
        base = [cli, "plan", "--rules", str(blob), "--entities", str(tmp_path / "entities.csv"),
                "--records", str(tmp_path / "records.csv"), "--entity", uscc, "--as-of", AS_OF]
        proc = subprocess.run(base + ["--json"], capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()
        want = json.loads(proc.stdout)
        assert plan.to_dict() == want, uscc
        assert json.loads(plan.to_json()) == want
        proc = subprocess.run(base, capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout.decode() == str(plan)
        if want["steps"]:
            pd.testing.assert_frame_equal(_steps_as_text(plan.steps), _steps_from_json(want))
        else:
            assert plan.steps.empty and list(plan.steps.columns) == xiufu.plan.STEP_COLUMNS
        assert plan.uscc == uscc and plan.as_of == AS_OF
        assert plan.clean_by == (want["clean_by"] or "")
        kinds |= set(plan.steps.kind.astype(str))
    assert {"action", "apply", "drops_off"} <= kinds


def test_plans_of_the_district_are_the_single_plans(district):
    """table.plans: one pass over the district, the same steps as table.plan entity by entity,
    for every entity with a record still published; any thread count gives the same frame."""
    table, entities, records, result = district
    every = table.plans(entities, records, as_of=AS_OF)
    assert list(every.columns) == ["uscc"] + xiufu.plan.STEP_COLUMNS + ["clean_by"]
    published = set(result.entities.uscc[result.entities.shown > 0])
    assert set(every.uscc.astype(str)) == published
    pd.testing.assert_frame_equal(every, table.plans(entities, records, as_of=AS_OF, threads=1))
    prepared = table.prepare(entities, records)  # without record ids: plans prepares again
    pd.testing.assert_frame_equal(every, table.plans(prepared, as_of=AS_OF))
    for uscc in _pick(result):
        plan = table.plan(entities, records, uscc, as_of=AS_OF)
        mine = every[every.uscc == uscc]
        pd.testing.assert_frame_equal(
            mine.drop(columns=["uscc", "clean_by"]).reset_index(drop=True), plan.steps)
        if len(mine):
            assert mine.clean_by.dt.strftime("%Y-%m-%d").fillna("").iloc[0] == plan.clean_by


def _one(records: list, last_report_year: int = 2025) -> tuple:
    entities = pd.DataFrame({
        "uscc": [ENTERPRISE], "name": ["test entity"], "status": ["active"],
        "registration_date": pd.to_datetime(["2018-03-01"]),
        "last_report_year": pd.array([last_report_year], dtype="Int16"),
        "unreachable": [False],
    })
    base = dict(uscc=ENTERPRISE, department="samr", record_kind="penalty", severity="general",
                penalty="fine", procedure="ordinary", sector="general", decision_date=None,
                publication_date=None, fine_yuan=0, fulfilled_date=None, corrected_date=None,
                shown_on="", repaired_on="")
    rows = [{**base, "record_id": f"R{i + 1}", **r} for i, r in enumerate(records)]
    frame = pd.DataFrame(rows, columns=list(xiufu.RECORD_COLUMNS))
    for c in ("decision_date", "publication_date", "fulfilled_date", "corrected_date"):
        frame[c] = pd.to_datetime(frame[c])
    return entities, frame


def _codes(plan: xiufu.Plan) -> list:
    """"kind action/platform date" per step, as GongshuPlan.Steps writes them."""
    out = []
    for s in plan.steps.itertuples(index=False):
        line = str(s.kind)
        if isinstance(s.action, str):
            line += " " + s.action
        if s.report_years:
            line += " " + s.report_years.replace("|", " ")
        if isinstance(s.platform, str):
            line += " " + s.platform
        line += " " + (s.date.strftime("%Y-%m-%d") if pd.notna(s.date) else "-")
        if s.followers:
            line += f" ({s.followers.replace('|', ' ')} by {s.followed_by:%Y-%m-%d})"
        out.append(line)
    return out


def test_unpaid_fine_pay_then_one_application(gongshu_table):
    """An unpaid environmental fine shown on the three credit sites: blocked (pay), then one
    application on Credit China once the Order 36 minimum is over (2026-09-01 + 3m →
    2026-12-02); Credit Zhejiang and Credit Hangzhou follow within 3 working days (Wed
    2026-12-02 → Mon 2026-12-07, gone on 2026-12-08)."""
    entities, records = _one([dict(department="eco_env", sector="environment",
                                   shown_on="|".join(CREDIT_SITES), decision_date="2026-09-01",
                                   corrected_date="2026-09-10", fine_yuan=20000)])
    result = gongshu_table.evaluate(entities, records, as_of=AS_OF)
    cc = result.records[result.records.platform == "credit_china"].iloc[0]
    assert cc.status == "blocked" and cc.actions == "pay_obligations"
    plan = gongshu_table.plan(entities, records, ENTERPRISE, as_of=AS_OF)
    assert _codes(plan) == [
        "action pay_obligations 2026-11-27",
        "apply credit_china 2026-12-02 (credit_zhejiang credit_hangzhou by 2026-12-08)"]
    assert plan.clean_by == "2026-12-08"
    assert "2026-12-02起向信用中国申请修复" in plan.text("zh")
    assert "Following this plan, the entity is clean on every platform by 2026-12-08." in \
        plan.text("en")
    assert str(plan) == plan.text("zh") + "\n" + plan.text("en") == repr(plan)
    assert plan.steps.records.tolist() == ["R1", "R1"]
    apply = plan.steps.iloc[1]
    # Order 36 / 22号: the application form is pre-filled, so the commitment and the proof
    assert (apply.authority, apply.materials) == ("eco_env", "c_commitment|c_proof")


def test_abnormal_list_file_both_reports_then_leave_then_the_penalty(gongshu_table):
    """Two missing annual reports (2024, 2025) keep the abnormal listing and the SAMR penalty
    it blocks: file both today, apply to leave the list on NECIPS, then the penalty on NECIPS
    the same day, followed by the three credit sites (Fri 2026-11-27 → gone 2026-12-03)."""
    entities, records = _one([
        dict(record_kind="abnormal_list", penalty="none", shown_on="necips",
             decision_date="2025-07-10", publication_date="2025-07-10"),
        dict(shown_on="|".join(CREDIT_SITES + ["necips"]), decision_date="2024-03-01",
             publication_date="2024-03-15", fulfilled_date="2024-03-20",
             corrected_date="2024-03-20", fine_yuan=80000),
    ], last_report_year=2023)
    plan = gongshu_table.plan(entities, records, ENTERPRISE, as_of=AS_OF)
    assert _codes(plan) == [
        "action file_annual_reports 2024 2025 2026-11-27",
        "apply necips 2026-11-27",
        "apply necips 2026-11-27 (credit_china credit_zhejiang credit_hangzhou by 2026-12-03)"]
    assert plan.steps.records.tolist()[1:] == ["R1", "R2"]
    assert plan.clean_by == "2026-12-03"
    doc = plan.to_dict()
    assert doc["steps"][0]["report_years"] == [2024, 2025]
    assert doc["clean_by"] == "2026-12-03"


def test_nothing_published_nothing_to_do(gongshu_table):
    entities, records = _one([])
    plan = gongshu_table.plan(entities, records, ENTERPRISE, as_of=AS_OF)
    assert len(plan) == 0 and plan.clean_by == AS_OF
    assert "无需办理" in plan.text("zh") and "nothing to do" in plan.text("en")
    assert list(plan.steps.columns) == xiufu.plan.STEP_COLUMNS


def test_plan_arguments(gongshu_table):
    entities, records = _one([dict(shown_on="credit_china", decision_date="2026-09-01",
                                   fine_yuan=100)])
    with pytest.raises(ValueError, match="not in entities"):
        gongshu_table.plan(entities, records, "91330105MA2CXF31XA", as_of=AS_OF)
    with pytest.raises(TypeError, match="uscc"):
        gongshu_table.plan(entities, records, as_of=AS_OF)
    with pytest.raises(ValueError, match="lang"):
        gongshu_table.plan(entities, records, ENTERPRISE, as_of=AS_OF).text("fr")
    bad = records.assign(decision_date=["2026-02-30"])
    with pytest.raises(xiufu.InputError, match="bad-date"):
        gongshu_table.plan(entities, bad, ENTERPRISE, as_of=AS_OF)
    collected = gongshu_table.plan(entities, bad, ENTERPRISE, as_of=AS_OF, errors="collect")
    assert len(collected) == 0 and collected.rejected.code.tolist() == ["bad-date"]
    prepared = gongshu_table.prepare(entities, records)
    assert gongshu_table.plan(prepared, uscc=ENTERPRISE, as_of=AS_OF).to_json() == \
        gongshu_table.plan(entities, records, ENTERPRISE, as_of=AS_OF).to_json()


def test_statuses_and_actions_catalogue(gongshu_table):
    """Every status (blocked included) and "undecided" are categories; blocked rows list their
    actions; table.actions() is the pack's actions.csv."""
    assert list(xiufu.STATUS_CODES) == [
        "not_shown", "eligible_now", "eligible_later", "drops_off", "not_repairable",
        "repaired", "eligible", "blocked", "undecided"]
    actions = gongshu_table.actions()
    assert list(actions.columns) == ["code", "effect", "zh", "en", "source"]
    assert {"pay_obligations", "correct_behaviour", "file_annual_reports", "become_reachable",
            "leave_abnormal_list", "perform_judgment"} <= set(actions.code)
    assert set(actions.effect) <= {"none", "fulfil", "correct", "file_reports", "reachable",
                                   "leave_abnormal"}
    entities, records = xiufu.generate_district(2000, seed=7)
    rec = gongshu_table.evaluate(entities, records, as_of=AS_OF).records
    assert list(rec.status.cat.categories) == list(xiufu.STATUS_CODES)
    blocked = rec.status == "blocked"
    assert blocked.any()
    assert (rec.actions[blocked].astype(str) != "").all()
    codes = set(actions.code)
    for joined in rec.actions.cat.categories:
        assert joined == "" or set(joined.split("|")) <= codes

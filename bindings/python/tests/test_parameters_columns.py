"""Rule-pack parameters and custom input columns from Python (docs/python.md): listing them,
feeding a custom column from pandas (and being told once when a frame lacks one), and a
what-if over a district by changing a parameter."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import xiufu
from conftest import GONGSHU, SOURCE_DIR

CUSTOM = SOURCE_DIR / "tests" / "data" / "packs" / "custom"
USCC = "91330105MA2H8K3Q7K"


@pytest.fixture(scope="module")
def gongshu_pack() -> xiufu.Pack:
    return xiufu.load_pack(GONGSHU)


def test_parameters_and_columns_are_listed(gongshu_pack):
    p = gongshu_pack.parameters().set_index("name")
    assert p.loc["low_fine_org", "type"] == "number"
    assert p.loc["low_fine_org", "value"] == "50000"
    assert p.loc["low_fine_org", "rules"] == ["SAMR-P-04"]
    assert p.loc["blacklist_min_period", "value"] == "6m"
    assert p.loc["blacklist_min_period", "rules"] == ["DL-CB-03"]
    assert "UNVERIFIED" in p.loc["low_fine_person", "source"]
    c = gongshu_pack.columns().set_index("name")
    assert c.loc["later_heavier_penalty", "scope"] == "record"
    assert c.loc["later_heavier_penalty", "type"] == "bool"
    assert c.loc["later_heavier_penalty", "default"] == "false"
    assert c.loc["later_heavier_penalty", "tables"] == ["samr_necips"]
    # An effective-dated parameter: one row per value, with the day it starts.
    cp = xiufu.load_pack(CUSTOM).parameters()
    low = cp[cp.name == "low_fine"]
    assert low.value.tolist() == ["50000", "30000"]
    assert pd.isna(low.effective_from.iloc[0])
    assert low.effective_from.iloc[1] == pd.Timestamp("2026-04-01")
    cc = xiufu.load_pack(CUSTOM).columns().set_index("name")
    assert cc.loc["last_inspection", "since"] == "since_last_inspection"


def _serious_listing(heavier):
    entities = pd.DataFrame({"uscc": [USCC], "name": ["杭州丙有限公司"], "status": ["active"],
                             "registration_date": pd.to_datetime(["2015-01-01"]),
                             "last_report_year": [2025], "unreachable": [False]})
    records = pd.DataFrame({
        "record_id": ["L1"], "uscc": [USCC], "department": ["samr"],
        "record_kind": ["serious_list"], "severity": ["serious"], "penalty": ["none"],
        "procedure": ["ordinary"], "sector": ["general"],
        "decision_date": pd.to_datetime(["2024-06-03"]),
        "publication_date": pd.to_datetime(["2024-06-10"]), "fine_yuan": [0],
        "fulfilled_date": pd.to_datetime(["2024-09-01"]),
        "corrected_date": pd.to_datetime(["2024-09-01"]),
        "shown_on": ["necips"], "repaired_on": [""]})
    if heavier is not None:
        records["later_heavier_penalty"] = [heavier]
    return entities, records


def test_a_custom_column_from_pandas(gongshu_pack):
    table = gongshu_pack.compile()
    rule = {}
    for heavier in (False, True):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the frames have the column: no note
            out = table.evaluate(*_serious_listing(heavier), as_of="2026-11-27").records
        row = out[out.platform == "necips"].iloc[0]
        rule[heavier] = (row.rule_id, row.status)
    assert rule[False] == ("SAMR-SL-02", "eligible_now")
    assert rule[True] == ("SAMR-SL-05", "not_repairable")
    # Without the column: the default (false), said once.
    with pytest.warns(xiufu.MissingColumnNote, match="later_heavier_penalty") as caught:
        out = table.evaluate(*_serious_listing(None), as_of="2026-11-27").records
    assert len([w for w in caught if issubclass(w.category, xiufu.MissingColumnNote)]) == 1
    assert out[out.platform == "necips"].iloc[0].rule_id == "SAMR-SL-02"
    # A value that is not a boolean is a rejected row like any other.
    e, r = _serious_listing("maybe")
    with pytest.raises(xiufu.InputError, match="later_heavier_penalty"):
        table.evaluate(e, r, as_of="2026-11-27")


def test_with_parameter_drives_a_district_what_if(gongshu_pack):
    entities, records = xiufu.generate_district(20_000, seed=5)
    before = gongshu_pack.compile()
    edited = gongshu_pack.with_parameter("low_fine_org", 100_000)
    assert edited.parameters().set_index("name").loc["low_fine_org", "value"] == "100000"
    assert gongshu_pack.parameters().set_index("name").loc["low_fine_org", "value"] == "50000"
    assert edited.edits.iloc[0].tolist()[:2] == ["$low_fine_org", "value"]
    result = xiufu.diff(before, edited.compile(), entities, records, as_of="2026-11-27")
    changes = result.changes
    assert len(changes) > 0
    # Every change is a SAMR fine now counted as low: 50,000 < fine <= 100,000, decided by
    # SAMR-P-04 afterwards.
    fines = records.set_index("record_id").fine_yuan
    changed = changes.record_id.astype(str).unique()
    assert ((fines[changed] > 50_000) & (fines[changed] <= 100_000)).all()
    assert set(changes.rule_id_after.astype(str)) == {"SAMR-P-04"}
    assert set(changes.department.astype(str)) == {"samr"}
    # Bad edits are errors with the parameter's place.
    with pytest.raises(xiufu.PackError, match="is not a whole number"):
        gongshu_pack.with_parameter("low_fine_org", "cheap")
    with pytest.raises(xiufu.PackError, match="no parameter 'nope'"):
        gongshu_pack.with_parameter("nope", 1)


def test_explain_shows_the_parameter_value():
    table = xiufu.load_pack(CUSTOM).compile()
    entities = pd.DataFrame({"uscc": [USCC], "name": ["x"], "status": ["active"],
                             "registration_date": pd.to_datetime(["2015-01-01"]),
                             "last_report_year": [2025], "unreachable": [False],
                             "tax_credit_level": ["a"], "commitment_signed": [True],
                             "last_inspection": pd.to_datetime([None]), "employees": [10]})
    records = pd.DataFrame({
        "record_id": ["R1"], "uscc": [USCC], "department": ["samr"], "record_kind": ["penalty"],
        "severity": ["general"], "penalty": ["fine"], "procedure": ["ordinary"],
        "sector": ["general"], "decision_date": pd.to_datetime(["2025-12-01"]),
        "publication_date": pd.to_datetime(["2025-12-05"]), "fine_yuan": [40000],
        "fulfilled_date": pd.to_datetime(["2025-12-10"]),
        "corrected_date": pd.to_datetime(["2025-12-10"]), "shown_on": ["credit_china"],
        "repaired_on": [""], "rectification_accepted_date": pd.to_datetime([None]),
        "training_hours": [0], "hazard": ["low"], "repeat_flag": [False]})
    before = table.evaluate(entities, records, as_of="2026-03-31").records
    assert before[before.platform == "credit_china"].iloc[0].rule_id == "X-LOW"
    text = table.explain(entities, records, USCC, "R1", platform="credit_china",
                         as_of="2026-04-15", full=True).to_text()
    assert "$low_fine = 30000" in text


def test_diff_of_a_change_that_adds_a_custom_column(tmp_path, gongshu_pack):
    """A rule change that adds a condition (a new custom column) is compared on the input read
    once for each table: each table sees its own columns."""
    import shutil
    after_dir = tmp_path / "gongshu_b"
    shutil.copytree(GONGSHU, after_dir)
    manifest = (after_dir / "manifest.ini").read_text(encoding="utf-8")
    manifest = manifest.replace("[decision eligibility]", """[column commitment_signed]
scope = entity
type = bool
default = false
zh = 是否已签署信用承诺书
en = credit commitment signed
source = test: an illustrative condition

[decision eligibility]""")
    manifest += """
[table commitment]
file = tables/commitment.csv
decision = entity_alerts
"""
    (after_dir / "manifest.ini").write_text(manifest, encoding="utf-8")
    (after_dir / "tables" / "commitment.csv").write_text(
        "rule_id,commitment_signed,alerts,effective_from,effective_to,source\n"
        "EX-1,true,report_missed,-,-,test: an illustrative rule\n", encoding="utf-8")
    after = xiufu.load_pack(after_dir).compile()
    before = gongshu_pack.compile()
    entities, records = xiufu.generate_district(3_000, seed=9)
    entities["commitment_signed"] = False
    entities.loc[entities.index[:40], "commitment_signed"] = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", xiufu.MissingColumnNote)  # `before` lacks the column
        result = xiufu.diff(before, after, entities, records, as_of="2026-11-27")
    # Exactly the entities that signed and had no report_missed alert before gain it.
    alerts = before.evaluate(entities, records, as_of="2026-11-27").alerts
    had = set(alerts.uscc[(alerts.alert == "report_missed") & (alerts["scope"] == "entity")]
              .astype(str))
    signed = set(entities.uscc[:40])
    want = signed - had
    assert len(want) > 0
    assert set(result.entities.uscc.astype(str)) == want
    # A population prepared for one of the tables cannot stand for both.
    prepared = before.prepare(entities, records)
    with pytest.raises(ValueError, match="different custom columns"):
        xiufu.diff(before, after, prepared, as_of="2026-11-27")

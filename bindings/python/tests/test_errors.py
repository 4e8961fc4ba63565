"""Every error path raises the documented exception with the place and a useful message."""

from __future__ import annotations

import pandas as pd
import pytest

import xiufu
from conftest import TINY, USCC_A, write_pack

AS_OF = "2026-07-15"


# ---- rule packs ----

def test_bad_pack_raises_pack_error_with_every_diagnostic(tmp_path):
    files = dict(TINY)
    files["tables/eligibility.csv"] = files["tables/eligibility.csv"].replace(
        "O36-GEN,-,-,penalty,general,", "O36-GEN,-,-,penalty,genral,").replace(
        "O36-SER,-,-,penalty,serious,-,-,-,drops_off,-,decision_date + 3y,",
        "O36-SER,-,-,penalty,serious,-,-,-,drops_off,-,decision_date + 3q,")
    with pytest.raises(xiufu.PackError) as info:
        xiufu.load_pack(write_pack(tmp_path / "bad", files))
    err = info.value
    assert len(err.errors) == 2
    first = err.errors[0]
    assert (first.code, first.file, first.line, first.column, first.field, first.value) == (
        "unknown-enum", "tables/eligibility.csv", 8, 5, "severity", "genral")
    assert "genral" in first.message
    second = err.errors[1]
    assert (second.file, second.line, second.column, second.field) == (
        "tables/eligibility.csv", 9, 11, "expires_on")
    assert "tables/eligibility.csv:8:5: error:" in str(err)
    frame = err.frame()
    assert list(frame.columns) == ["severity", "code", "file", "line", "column", "field",
                                   "value", "message"]
    # strict=False gives the partial pack; compiling it raises the same diagnostics
    pack = xiufu.load_pack(tmp_path / "bad", strict=False)
    with pytest.raises(xiufu.PackError, match="2 error"):
        pack.compile()


def test_missing_pack_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        xiufu.load_pack(tmp_path / "nowhere")


def test_with_cell_errors(tiny_pack):
    with pytest.raises(xiufu.PackError) as info:
        tiny_pack.with_cell("O36-GEN", "since_decision", ">= 3 months")
    d = info.value.errors[0]
    assert (d.file, d.line, d.field, d.value) == ("tables/eligibility.csv", 8, "since_decision",
                                                  ">= 3 months")
    assert d.column == 6
    with pytest.raises(xiufu.PackError) as info:
        tiny_pack.with_cell("O36-GEN", "eligible_from", "decision_date + 3")
    assert info.value.errors[0].column == 10
    with pytest.raises(xiufu.PackError, match="unknown-rule"):
        tiny_pack.with_cell("NO-SUCH-RULE", "status", "eligible")
    with pytest.raises(xiufu.PackError, match="no editable column 'colour'"):
        tiny_pack.with_cell("O36-GEN", "colour", "red")
    with pytest.raises(xiufu.PackError, match="bad-template"):
        tiny_pack.with_cell("O36-GEN", "reason_en", "from {eligible_date}")
    with pytest.raises(xiufu.PackError, match="unknown-enum"):
        tiny_pack.with_cell("O36-GEN", "channel", "weibo")
    with pytest.raises(xiufu.PackError, match="missing-expiry"):
        tiny_pack.with_cell("O36-SER", "expires_on", "-")


def test_table_blob_errors(tmp_path, tiny_table):
    with pytest.raises(FileNotFoundError):
        xiufu.load_table(tmp_path / "missing.xtb")
    bad = tmp_path / "bad.xtb"
    bad.write_bytes(b"not a table blob at all")
    with pytest.raises(ValueError):
        xiufu.load_table(bad)
    good = tmp_path / "good.xtb"
    tiny_table.save(good)
    data = bytearray(good.read_bytes())
    data[-1] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="checksum"):
        xiufu.load_table(bad)
    bad.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(ValueError, match="truncated"):
        xiufu.load_table(bad)


# ---- input frames ----

def check(table, entities, records, frame, column, row, match):
    with pytest.raises(xiufu.InputError, match=match) as info:
        table.evaluate(entities, records, as_of=AS_OF)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.frame, err.column, err.row) == (frame, column, row), str(err)
    assert str(err).startswith(f"{frame}.{column}")
    return err


def test_missing_column(tiny_table, entities, records):
    err = check(tiny_table, entities, records.drop(columns=["severity", "sector"]), "records",
                "severity", -1, "missing column")
    assert "sector" in str(err) and "expected columns" in str(err)


def test_wrong_column_types(tiny_table, entities, records):
    r = records.copy()
    r["fine_yuan"] = ["2000", "abc", "500"]
    err = check(tiny_table, entities, r, "records", "fine_yuan", 1, "whole, non-negative number")
    assert err.value == "abc" and "(bad-number)" in str(err)
    r = records.copy()
    r["fine_yuan"] = [2000.0, 12.5, 500.0]
    check(tiny_table, entities, r, "records", "fine_yuan", 1, "whole")
    r = records.copy()
    r["fine_yuan"] = [2000, -5, 500]
    check(tiny_table, entities, r, "records", "fine_yuan", 1, "non-negative")
    r = records.copy()
    r["decision_date"] = [20260510, 20260402, 20250110]
    check(tiny_table, entities, r, "records", "decision_date", -1, "expected dates, got dtype int64")
    r = records.copy()
    r["department"] = [1, 1, 2]
    check(tiny_table, entities, r, "records", "department", -1, "expected codes")
    e = entities.copy()
    e["last_report_year"] = [1800, 2024]
    check(tiny_table, e, records, "entities", "last_report_year", 0, "1900-2199")


def test_bad_dates(tiny_table, entities, records):
    r = records.copy()
    r["decision_date"] = ["2026-05-10", "2026-02-30", "2025-01-10"]
    err = check(tiny_table, entities, r, "records", "decision_date", 1, "calendar day")
    assert err.value == "2026-02-30" and "(bad-date)" in str(err)
    r = records.copy()
    r["fulfilled_date"] = ["2026-05-20", "soon", None]
    check(tiny_table, entities, r, "records", "fulfilled_date", 1, "not a date")
    r = records.copy()
    r["corrected_date"] = ["2026-01-01", 5, None]
    check(tiny_table, entities, r, "records", "corrected_date", 1, "'5' is not a date")
    e = entities.copy()
    e["registration_date"] = pd.to_datetime(["1850-01-01", "2020-01-01"])
    check(tiny_table, e, records, "entities", "registration_date", 0, "outside")


def test_unknown_codes(tiny_table, entities, records):
    r = records.copy()
    r.loc[2, "department"] = "police"
    err = check(tiny_table, entities, r, "records", "department", 2, "unknown department code 'police'")
    assert err.value == "police" and "(unknown-enum)" in str(err)
    r = records.copy()
    r.loc[0, "department"] = None
    check(tiny_table, entities, r, "records", "department", 0, "unknown department code ''")
    r = records.copy()
    r.loc[1, "shown_on"] = "cc|weibo"
    check(tiny_table, entities, r, "records", "shown_on", 1, "unknown platform code 'weibo'")
    r = records.copy()
    r.loc[1, "repaired_on"] = "cc2026-01-01"
    check(tiny_table, entities, r, "records", "repaired_on", 1, "platform:YYYY-MM-DD")
    r = records.copy()
    r.loc[1, "repaired_on"] = "np:2026-13-01"
    check(tiny_table, entities, r, "records", "repaired_on", 1, "not a calendar day")
    e = entities.copy()
    e["status"] = ["active", "dormant"]
    check(tiny_table, e, records, "entities", "status", 1, "unknown entity_status code 'dormant'")
    e = entities.copy()
    e["unreachable"] = ["false", "maybe"]
    check(tiny_table, e, records, "entities", "unreachable", 1, "true or false")


def test_keys(tiny_table, entities, records):
    e = entities.copy()
    e.loc[1, "uscc"] = "91330105MA2H2KCJ"
    check(tiny_table, e, records, "entities", "uscc", 1, "16 characters")
    e = entities.copy()
    e.loc[1, "uscc"] = USCC_A
    check(tiny_table, e, records, "entities", "uscc", 1, "USCC already defined on line 0")
    r = records.copy()
    r.loc[2, "uscc"] = "91330105MA2H2KCJ8X"
    check(tiny_table, entities, r, "records", "uscc", 2, "not in entities")
    r = records.copy()
    r.loc[2, "record_id"] = "A1"
    check(tiny_table, entities, r, "records", "record_id", 2, "record_id already used on line 0")
    r = records.copy()
    r.loc[0, "record_id"] = ""
    check(tiny_table, entities, r, "records", "record_id", 0, "empty")


def test_index_label_in_message(tiny_table, entities, records):
    r = records.copy()
    r.index = ["x", "y", "z"]
    r.loc["y", "decision_date"] = pd.NaT
    r["publication_date"] = ["2026-05-20", "2026-04-31", "2025-01-20"]
    err = check(tiny_table, entities, r, "records", "publication_date", 1, "index label 'y'")


def test_not_a_frame(tiny_table, records):
    with pytest.raises(TypeError, match="DataFrame"):
        tiny_table.evaluate([1, 2, 3], records, as_of=AS_OF)


def test_explain_errors(tiny_table, entities, records):
    with pytest.raises(ValueError, match="not in entities"):
        tiny_table.explain(entities, records, "91330105MA2H2KCJ8X", as_of=AS_OF)
    with pytest.raises(ValueError, match="not a record of entity"):
        tiny_table.explain(entities, records, USCC_A, "B1", as_of=AS_OF)
    with pytest.raises(ValueError, match="unknown platform 'weibo'"):
        tiny_table.explain(entities, records, USCC_A, platform="weibo", as_of=AS_OF)


def test_diff_needs_same_domains(tmp_path, tiny_table, entities, records):
    files = dict(TINY)
    files["enums.csv"] = files["enums.csv"].replace(
        "department,tax,税务局,Tax\n", "department,fire,消防,Fire\ndepartment,tax,税务局,Tax\n")
    other = xiufu.load_pack(write_pack(tmp_path / "other", files)).compile()
    with pytest.raises(ValueError, match="different 'department' codes"):
        xiufu.diff(tiny_table, other, entities, records, as_of=AS_OF)

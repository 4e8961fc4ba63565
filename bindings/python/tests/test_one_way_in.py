"""One way in: the pandas path and the CSV reader (``xiufu evaluate``) go through the same
PopulationBuilder, so on the same bad files they accept the same rows, give the same outcomes
and reject the others with the same diagnostics (code, field, value, message; CSV line =
frame row + 2).

Two corpora: the shared one in tests/data/bad_input/ (Gongshu pack; its README lists every
case) and a small one in bindings/python/tests/data/bad_input/ (the tiny pack of conftest.py:
also padded fields and YYYY/M/D dates).
"""

from __future__ import annotations

import io
import os
import pathlib
import re
import subprocess

import pandas as pd
import pytest

import xiufu
from xiufu import _core

from conftest import GONGSHU, SOURCE_DIR

AS_OF = "2026-07-15"
HERE = pathlib.Path(__file__).resolve().parent
# Diagnostics of the CSV adapter itself (rows it cannot split into fields): pandas reads those
# rows differently, so they are left out of the comparison.
CSV_ONLY = {"csv-syntax", "column-count"}


@pytest.fixture(params=["shared", "tiny"])
def corpus(request, tiny_dir):
    if request.param == "tiny":
        return HERE / "data" / "bad_input", tiny_dir
    shared = SOURCE_DIR / "tests" / "data" / "bad_input"
    if not (shared / "entities.csv").exists() or not (shared / "records.csv").exists():
        pytest.skip("the shared corpus tests/data/bad_input is not there")
    return shared, GONGSHU


def read_as_text(path: pathlib.Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def decisions_from_frames(res) -> pd.DataFrame:
    """The result in the layout of `xiufu evaluate --format csv` (report.h DecisionsCsv)."""
    r = res.records
    def text(col):
        return col.astype(object).fillna("").astype(str)
    return pd.DataFrame({
        "uscc": text(r.uscc), "record_id": text(r.record_id), "platform": text(r.platform),
        "status": text(r.status),
        "eligible_from": r.eligible_from.dt.strftime("%Y-%m-%d").fillna(""),
        "expires_on": r.expires_on.dt.strftime("%Y-%m-%d").fillna(""),
        "rule_id": text(r.rule_id), "source": text(r.source), "channel": text(r.channel),
        "authority": text(r.authority), "reason_zh": text(r.reason_zh),
        "reason_en": text(r.reason_en), "warnings": text(r.warnings),
        "actions": text(r.actions),
    })


def csv_lines(message: str) -> str:
    """A frame diagnostic's back-references ("on line 0") as CSV lines ("on line 2")."""
    return re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 2}", message)


def test_frames_and_csv_reader_agree(corpus):
    directory, rules = corpus
    table = xiufu.load_pack(rules).compile()
    ent_path, rec_path = directory / "entities.csv", directory / "records.csv"
    entities, records = read_as_text(ent_path), read_as_text(rec_path)

    res = table.evaluate(entities, records, as_of=AS_OF, errors="collect", reasons=True)
    cpp = _core.read_csv_diagnostics(table._handle, str(ent_path), str(rec_path))
    assert cpp["diagnostics"], "the corpus has no bad rows"

    # ---- the same rows rejected, with the same diagnostics ----
    skip = {(pathlib.Path(f).stem, line) for code, f, line, *_ in cpp["diagnostics"]
            if code in CSV_ONLY}
    # messages name the other input by its source: the file's path / the frame's name
    def frame_names(message):
        return message.replace(str(ent_path), "entities").replace(str(rec_path), "records")
    want = sorted(
        (pathlib.Path(f).stem, line, column, field, value, code, frame_names(message))
        for code, f, line, column, field, value, message, _ in cpp["diagnostics"]
        if code not in CSV_ONLY)
    got = sorted(
        (r.frame, r.row + 2, r.column, r.field, r.value, r.code, csv_lines(r.message))
        for r in res.rejected.itertuples(index=False) if (r.frame, r.row + 2) not in skip)
    assert got == want
    expected = directory / "expected_diagnostics.csv"
    if expected.exists():  # the corpus' own list (file, line, column, field, value, code, message)
        exp = pd.read_csv(expected, dtype=str, keep_default_na=False)
        assert sorted((pathlib.Path(r.file).stem, int(r.line), int(r.column), r.field, r.value,
                       r.code) for r in exp.itertuples(index=False)) == [g[:6] for g in got]
    rejected = res.rejected
    assert list(rejected.columns) == ["frame", "row", "column", "field", "value", "code",
                                      "message"]
    assert len(rejected[rejected.frame == "entities"]) == cpp["rejected_entities"]
    assert len(rejected[rejected.frame == "records"]) == cpp["rejected_records"]
    assert len(res.entities) == cpp["entities"]

    # ---- the same outcomes for the accepted rows (what `xiufu evaluate` prints) ----
    cli = os.environ.get("XIUFU_CLI")
    if not cli or not os.path.exists(cli):
        pytest.skip("XIUFU_CLI is not set")
    proc = subprocess.run(
        [cli, "evaluate", "--rules", str(rules), "--entities", str(ent_path), "--records",
         str(rec_path), "--as-of", AS_OF, "--format", "csv"], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    want_dec = pd.read_csv(io.BytesIO(proc.stdout), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(decisions_from_frames(res), want_dec)
    # the CLI reports the reader's diagnostics on stderr
    stderr = proc.stderr.decode()
    shown = [line for *_, formatted in cpp["diagnostics"] for line in [formatted]
             if line in stderr]
    assert shown, stderr


def test_raise_lists_every_problem(corpus):
    directory, rules = corpus
    table = xiufu.load_pack(rules).compile()
    entities = read_as_text(directory / "entities.csv")
    records = read_as_text(directory / "records.csv")
    collected = table.evaluate(entities, records, as_of=AS_OF, errors="collect").rejected
    with pytest.raises(xiufu.InputError) as info:
        table.evaluate(entities, records, as_of=AS_OF)  # errors="raise" is the default
    err = info.value
    assert isinstance(err, ValueError)
    pd.testing.assert_frame_equal(err.rejected, collected)
    first = collected.iloc[0]
    assert (err.frame, err.column, err.row, err.value) == (first.frame, first.field,
                                                           first.row, first.value)
    text = str(err)
    for r in collected.head(100).itertuples(index=False):
        assert f"{r.frame}.{r.field}, row {r.row}: {r.message}" in text
        assert f"({r.code})" in text
    assert f"{len(collected)} rows rejected" in text


def test_collect_on_clean_input_and_errors_argument(tiny_table, entities, records):
    res = tiny_table.evaluate(entities, records, as_of=AS_OF, errors="collect")
    assert res.rejected.empty
    assert list(res.rejected.columns) == ["frame", "row", "column", "field", "value", "code",
                                          "message"]
    with pytest.raises(ValueError, match="errors must be"):
        tiny_table.evaluate(entities, records, as_of=AS_OF, errors="ignore")


def test_collect_keeps_good_rows_everywhere(tiny_table, entities, records):
    """prepare, diff and explain take errors= too; a rejected record leaves the others."""
    r = records.copy()
    r.loc[1, "decision_date"] = pd.NaT
    r["publication_date"] = ["2026-05-20", "2026-04-31", "2025-01-20"]
    prepared = tiny_table.prepare(entities, r, errors="collect")
    assert (prepared.num_entities, prepared.num_records) == (2, 2)
    assert list(prepared.rejected.row) == [1]
    res = tiny_table.evaluate(prepared, as_of=AS_OF)
    assert set(res.records.record_id.astype(str)) == {"A1", "B1"}
    assert list(res.records.record_id.cat.categories) == ["A1", "B1"]
    change = xiufu.diff(tiny_table, tiny_table, entities, r, as_of=AS_OF, errors="collect")
    assert change.changes.empty and list(change.rejected.row) == [1]
    why = tiny_table.explain(entities, r, entities.uscc[0], as_of=AS_OF, errors="collect")
    assert {i.record_id for i in why.items} == {"A1"}
    assert list(why.rejected.row) == [1]  # the row of the whole frame, not of the subset
    with pytest.raises(xiufu.InputError, match="publication_date, row 1"):
        tiny_table.explain(entities, r, entities.uscc[0], as_of=AS_OF)

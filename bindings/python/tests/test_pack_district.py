"""Packs (load, inspect, lint, blob round trip) and district frames (generator, CSV formats)."""

from __future__ import annotations

import io
import os
import pathlib

import numpy as np
import pandas as pd
import pytest

import xiufu
from xiufu import _core
from conftest import TINY, write_pack

AS_OF = "2026-07-15"


def test_load_and_inspect(tiny_pack):
    assert (tiny_pack.name, tiny_pack.version) == ("tiny", "1.0")
    assert tiny_pack.title == "测试规则包 / Tiny test pack"
    tables = tiny_pack.tables()
    assert list(tables.name) == ["eligibility", "materials", "record_alerts", "entity_alerts"]
    assert tables.set_index("name").loc["eligibility", "rows"] == 9
    rules = tiny_pack.rules()
    assert len(rules) == 9 + 2 + 2 + 1
    assert tiny_pack.rule("O58-ELIG")["eligible_from"] == "decision_date + 3m"
    with pytest.raises(KeyError):
        tiny_pack.rule("nope")


def test_lint_as_data(tmp_path):
    files = dict(TINY)
    # a row after V1 that V1 already covers entirely: shadowed under FIRST
    files["tables/eligibility.csv"] = files["tables/eligibility.csv"].replace(
        "V2,", "V1b,false,-,-,-,-,-,-,not_shown,-,-,-,-,x,x,-,-,engine\nV2,", 1)
    pack = xiufu.load_pack(write_pack(tmp_path / "lint", files))
    found = pack.lint()
    assert list(found.columns) == ["severity", "code", "file", "line", "column", "field",
                                   "value", "message"]
    shadowed = found[found.code == "shadowed-row"]
    assert len(shadowed) == 1
    assert (shadowed.iloc[0].file, shadowed.iloc[0].line) == ("tables/eligibility.csv", 3)
    as_list = pack.lint(as_frame=False)
    assert isinstance(as_list[0], xiufu.Diagnostic)
    assert "shadowed-row" in {d.code for d in as_list}


def test_table_blob_round_trip(tmp_path, tiny_table, entities, records):
    path = tmp_path / "tiny.xtb"
    tiny_table.save(path)
    loaded = xiufu.load_table(path)
    assert loaded.pack_hash == tiny_table.pack_hash and loaded.pack_name == "tiny"
    a = tiny_table.evaluate(entities, records, as_of=AS_OF)
    b = loaded.evaluate(entities, records, as_of=AS_OF)
    pd.testing.assert_frame_equal(a.records, b.records)
    pd.testing.assert_frame_equal(a.alerts, b.alerts)
    c = xiufu.Table.from_bytes(tiny_table.to_bytes())
    pd.testing.assert_frame_equal(c.evaluate(entities, records, as_of=AS_OF).records, a.records)
    domains = tiny_table.domains()
    assert domains[domains.domain == "platform"].code.tolist() == ["cc", "np"]
    assert tiny_table.input_domains["department"] == ["samr", "tax"]


def test_generated_frames_have_the_documented_dtypes():
    entities, records = xiufu.generate_district(500, seed=3)
    assert list(entities.columns) == list(xiufu.ENTITY_COLUMNS)
    # the documented columns, then the Gongshu pack's custom column the generator fills
    assert list(records.columns) == list(xiufu.RECORD_COLUMNS) + ["later_heavier_penalty"]
    assert records.later_heavier_penalty.dtype == np.dtype("bool")
    assert str(entities.last_report_year.dtype) == "Int16"
    assert entities.registration_date.dtype == np.dtype("datetime64[ns]")
    assert isinstance(records.department.dtype, pd.CategoricalDtype)
    assert list(records.department.cat.categories) == sorted(records.department.cat.categories)
    assert records.fine_yuan.dtype == np.dtype("int64")
    # same arguments, same frames
    e2, r2 = xiufu.generate_district(500, seed=3)
    pd.testing.assert_frame_equal(entities, e2)
    pd.testing.assert_frame_equal(records, r2)


def test_csv_round_trip_and_cpp_writer(tmp_path):
    """write_district writes the bytes `xiufu gen` writes, and reading the CSV files with pandas
    (read_district = pandas.read_csv with the documented options) gives the generated frames."""
    entities, records = xiufu.generate_district(2000, seed=11, dense=True)
    xiufu.write_district(entities, records, tmp_path)
    cpp_entities, cpp_records = _core.district_csv(2000, 11, True)
    assert (tmp_path / "entities.csv").read_bytes() == cpp_entities
    assert (tmp_path / "records.csv").read_bytes() == cpp_records
    e, r = xiufu.read_district(tmp_path)
    pd.testing.assert_frame_equal(e, entities)
    pd.testing.assert_frame_equal(r, records)
    plain = pd.read_csv(io.BytesIO(cpp_records), **xiufu.RECORD_CSV_OPTIONS)
    pd.testing.assert_frame_equal(plain, records)


def test_generator_arguments():
    with pytest.raises(ValueError):
        xiufu.generate_district(-1)
    e, r = xiufu.generate_district(0)
    assert len(e) == 0 and len(r) == 0
    e, r = xiufu.generate_district(300, snapshot="2025-12-31")
    assert r.decision_date.max() <= pd.Timestamp("2025-12-31")


def test_check_characters_flagged_as_gb32100_says(gongshu_table):
    """The bulk USCC check agrees with GB 32100-2015 (weights 3^i mod 31), computed here."""
    entities, records = xiufu.generate_district(3000, seed=5, invalid_uscc_share=0.05)
    res = gongshu_table.evaluate(entities, records, as_of="2026-11-22")
    flagged = set(res.alerts[res.alerts.alert == "uscc_invalid"].uscc.astype(str))
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def valid(u):
        total = sum(charset.index(c) * pow(3, i, 31) for i, c in enumerate(u[:17]))
        return charset[(31 - total % 31) % 31] == u[17]

    wrong = {u for u in entities.uscc if not valid(u)}
    assert len(wrong) > 50
    assert flagged == wrong


def test_read_district_decodes_like_the_cpp_readers(tmp_path):
    """GBK and UTF-16 files (what zh-CN Excel / WPS save) read through the engine's decoder,
    with one EncodingNote per file; undecodable bytes raise with the byte offset."""
    import warnings
    office = pathlib.Path(os.environ.get("XIUFU_SOURCE_DIR", ".")) / "tests/data/office/chinese"
    if not office.exists():
        pytest.skip("tests/data/office is not there")
    want_e, want_r = xiufu.read_district(office)
    assert want_e.name[0] == "杭州拱墅吉祥商贸有限公司"
    assert want_r.record_id[2] == "0012"
    for codec, sep in (("gbk", ","), ("utf-16", "\t")):
        d = tmp_path / codec
        d.mkdir()
        for name in ("entities.csv", "records.csv"):
            text = (office / name).read_text(encoding="utf-8")
            (d / name).write_bytes(text.replace(",", sep).encode(codec))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            e, r = xiufu.read_district(d)
        notes = [str(w.message) for w in caught if issubclass(w.category, xiufu.EncodingNote)]
        assert len(notes) == 2, notes
        assert ("read as GB18030" if codec == "gbk" else "read as UTF-16 LE") in notes[0]
        pd.testing.assert_frame_equal(e, want_e)
        pd.testing.assert_frame_equal(r, want_r)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"uscc\n\x80\xff\n")
    with pytest.raises(ValueError, match="invalid sequence at byte 5"):
        xiufu.read_entities(bad)

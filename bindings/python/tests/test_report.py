"""The district report (xiufu.report) on real runs of the CLI: a generated district run with the
Gongshu pack, and the same district run with an edited copy of the pack (a what-if). The HTML's
tables are read back (every cell carries its raw value in data-v) and compared with counts
computed here, independently, from the run's CSV files and the pack."""

from __future__ import annotations

import base64
import csv
import html.parser
import io
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import xiufu
from conftest import GONGSHU

pytest.importorskip("matplotlib")
from matplotlib import ft2font  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from xiufu import cjk_font, report, report_charts  # noqa: E402

AS_OF = "2026-11-27"
# The what-if: general Order 36 penalties become repairable after 12 months instead of 3.
EDIT = ("O36-GEN-03", "eligible_from", "max(decision_date + 12m, fulfilled_date)")


def _cli() -> str:
    cli = os.environ.get("XIUFU_CLI")
    if not cli or not os.path.exists(cli):
        pytest.skip("XIUFU_CLI is not set")
    return cli


def _run(*args: str) -> None:
    proc = subprocess.run([_cli(), *args], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()


def _edited_pack(directory: pathlib.Path, rule_id: str, column: str, text: str) -> None:
    """A copy of rules/gongshu with one cell of one row changed (only that line rewritten)."""
    shutil.copytree(GONGSHU, directory)
    for path in sorted((directory / "tables").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        for i, line in enumerate(lines):
            if line.startswith(rule_id + ","):
                row = next(csv.reader([line]))
                row[header.index(column)] = text
                out = io.StringIO()
                csv.writer(out, lineterminator=line[len(line.rstrip("\r\n")):]).writerow(row)
                lines[i] = out.getvalue()
                path.write_text("".join(lines), encoding="utf-8")
                return
    raise AssertionError(f"{rule_id} not found in {GONGSHU}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory, gongshu_table):
    """(base run dir, what-if run dir, the edited pack): one generated district of 5,000
    entities evaluated with rules/gongshu and with an edited copy, on the same date."""
    root = tmp_path_factory.mktemp("report")
    _run("gen", "--out", str(root / "district"), "--entities", "5000")
    _run("run", "--rules", str(GONGSHU), "--data", str(root / "district"), "--as-of", AS_OF,
         "--out", str(root / "base"), "--threads", "1")
    _edited_pack(root / "edited", *EDIT)
    _run("run", "--rules", str(root / "edited"), "--data", str(root / "district"),
         "--as-of", AS_OF, "--out", str(root / "whatif"), "--threads", "1")
    return root / "base", root / "whatif", root / "edited"


@pytest.fixture(scope="module")
def base_report(runs, tmp_path_factory):
    base, _, _ = runs
    written = report.build_report(base, tmp_path_factory.mktemp("out") / "district.html",
                                  rules=GONGSHU)
    return written, written.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def whatif_report(runs, tmp_path_factory):
    """Through the command line (python3 -m xiufu.report), with --compare."""
    base, whatif, edited = runs
    directory = tmp_path_factory.mktemp("whatif_report")
    proc = subprocess.run(
        [sys.executable, "-m", "xiufu.report", "--out-dir", str(whatif), "--report",
         str(directory), "--rules", str(edited), "--compare", str(base)],
        capture_output=True, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr.decode()
    assert "report.html" in proc.stdout.decode()
    return (directory / "report.html").read_text(encoding="utf-8")


def _decisions(directory: pathlib.Path) -> pd.DataFrame:
    return pd.read_csv(directory / "decisions.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")


class _Tables(html.parser.HTMLParser):
    """Every <table id=…> of a page: {id: {"head": [...], "body": [[data-v, …]], "foot": […]}}."""

    def __init__(self, text: str):
        super().__init__()
        self.tables, self._table, self._part, self._row = {}, None, None, None
        self._in_th, self._head = False, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "id" in a:
            self._table = self.tables.setdefault(a["id"], {"head": [], "body": [], "foot": []})
        elif self._table is None:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self._row = []
        elif tag == "td":
            self._row.append(a.get("data-v"))
        elif tag == "th":
            self._in_th, self._head = True, []

    def handle_data(self, data):
        if self._in_th:
            self._head.append(data)

    def handle_endtag(self, tag):
        if self._table is None:
            return
        if tag == "th":
            self._in_th = False
            self._table["head"].append(self._head[0])  # the Chinese header
        elif tag == "tr" and self._part in ("body", "foot"):
            if self._part == "body":
                self._table["body"].append(self._row)
            else:
                self._table["foot"] = self._row
        elif tag == "table":
            self._table = None


def _frame(tables: _Tables, table_id: str) -> pd.DataFrame:
    t = tables.tables[table_id]
    return pd.DataFrame(t["body"], columns=t["head"])


# ------------------------------------------------------------------------------------ tests
def _status_headers(table) -> dict:
    """status code → the Chinese column header: the pack's name (enums.csv), else the
    engine's."""
    d = table.domains()
    names = {code: zh for code, (zh, _) in report._STATUS_NAMES.items()}
    names.update(zip(d[d.domain == "status"].code, d[d.domain == "status"].zh))
    return names


def test_status_counts_match_decisions_csv(runs, base_report, gongshu_table):
    base, _, _ = runs
    _, text = base_report
    decisions = _decisions(base)
    want = pd.crosstab(decisions["platform"], decisions["status"])
    tables = _Tables(text)
    got = _frame(tables, "status-by-platform").set_index("代码")
    header = _status_headers(gongshu_table)
    assert len(want.columns) >= 4, "the run decided too little to test"
    assert set(got.index) == set(want.index)
    for platform in want.index:
        for status in want.columns:
            assert int(got.loc[platform, header[status]]) == int(want.loc[platform, status]), \
                (platform, status)
        assert int(got.loc[platform, "合计"]) == int(want.loc[platform].sum())
    assert int(tables.tables["status-by-platform"]["foot"][-1]) == len(decisions)
    # the headline card: eligible now over all platforms
    assert f">{int((decisions.status == 'eligible_now').sum()):,}<" in text


def test_blocked_and_alert_counts(runs, base_report):
    base, _, _ = runs
    _, text = base_report
    tables = _Tables(text)
    decisions = _decisions(base)
    blocked = decisions[decisions.status == "blocked"]
    by_dept = _frame(tables, "blocked-by-department").set_index("代码")["记录 × 平台"].astype(int)
    assert by_dept.to_dict() == blocked.groupby("authority").size().to_dict()
    actions = blocked.actions.str.split("|").explode()
    by_action = _frame(tables, "blocked-by-action").set_index("代码")["记录 × 平台"].astype(int)
    assert by_action.to_dict() == actions.value_counts().to_dict()

    alerts = pd.read_csv(base / "alerts.csv", dtype=str, keep_default_na=False,
                         encoding="utf-8-sig")
    got = _frame(tables, "alerts-by-type").set_index("提示")["条数"].astype(int)
    assert got.to_dict() == alerts.groupby("alert").size().to_dict()

    clean = _frame(tables, "clean-by-month")
    summary = report.read_run(base).summary["plans"]["clean_by_month"]
    got_months = {m: int(v) for m, v in zip(clean["月份"], clean["按计划：当月恢复"]) if int(v)}
    assert got_months == summary
    assert "与 summary.json 一致" in text


def test_never_fired_rules(runs, base_report):
    base, _, _ = runs
    _, text = base_report
    rules = xiufu.load_pack(GONGSHU).rules()
    eligibility = rules[rules.decision == "eligibility"]
    start, end = eligibility.effective_from, eligibility.effective_to
    in_force = eligibility[((start == "-") | (start <= AS_OF)) & ((end == "-") | (end >= AS_OF))]
    fired = set(_decisions(base).rule_id) - {""}
    want = sorted(set(in_force.rule_id) - fired)
    tables = _Tables(text)
    if want:
        got = sorted(_frame(tables, "never-fired")["规则"])
        assert got == want
    else:
        assert 'id="never-fired"' in text and "Every rule in force fired" in text
    coverage = _frame(tables, "rule-coverage").set_index("规则")
    assert set(coverage.index) == set(eligibility.rule_id)
    counts = _decisions(base).rule_id.value_counts()
    for rule_id, n in counts.items():
        assert int(coverage.loc[rule_id, "决定的结果"]) == n
    # rules outside their effective dates are listed apart, never as "never fired"
    assert set(want).isdisjoint(set(eligibility.rule_id) - set(in_force.rule_id))


def test_charts_use_the_cjk_font_and_are_embedded(base_report):
    written, text = base_report
    assert written.font_family in cjk_font.CJK_FAMILIES
    font = ft2font.FT2Font(written.font_file)  # the file the charts were drawn from
    assert all(font.get_char_index(ord(c)) for c in "信用修复区情报告受阻部门")
    assert f'<span id="chart-font">{written.font_family}</span>' in text
    embedded = re.findall(r'<img alt="[^"]*" data-file="([^"]+)" '
                          r'src="data:image/png;base64,([^"]+)"', text)
    assert len(embedded) >= 6 and len(embedded) == len(written.charts)
    for name, data in embedded:
        png = base64.b64decode(data)
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
        assert (written.html.parent / name).read_bytes() == png  # the copy beside the page


def test_self_contained_and_sortable(base_report):
    _, text = base_report
    assert "http://" not in text and "https://" not in text
    assert "<link" not in text and "<script src" not in text
    assert set(re.findall(r'src="([a-z]+):', text)) == {"data"}
    assert text.count('class="sortable"') >= 8
    assert "addEventListener('click'" in text
    assert text.index("信用修复区情报告") < text.index("District credit-repair report")


def test_missing_glyph_is_an_error():
    def chart(text: str) -> Figure:
        fig = Figure()
        fig.add_subplot().set_title(text)
        return fig

    with cjk_font.cjk_font() as family:
        assert family in cjk_font.CJK_FAMILIES
        assert report_charts.png(chart("信用修复 / credit repair"))  # Chinese renders
        with pytest.raises(cjk_font.MissingGlyphError, match="missing from current font"):
            report_charts.png(chart("Linear B \U00010000"))  # in no CJK font
    # and the default Latin font cannot draw Chinese: the check is what keeps boxes out
    import matplotlib
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        with pytest.raises(cjk_font.MissingGlyphError):
            report_charts.png(chart("信用中国"))


def test_no_cjk_font_is_a_clear_error():
    with pytest.raises(cjk_font.CJKFontError, match="fonts-noto-cjk"):
        cjk_font.find_cjk_family(preferred=("No Such Font Family",))


def test_whatif_changes_by_department(runs, whatif_report, gongshu_table):
    base, whatif, _ = runs
    text = whatif_report
    before, after = _decisions(base), _decisions(whatif)
    m = before.merge(after, on=["uscc", "record_id", "platform"], suffixes=("_b", "_a"))
    changed = m[m.status_b != m.status_a]
    assert len(changed), "the edit changed nothing in this district"
    tables = _Tables(text)
    by_dept = _frame(tables, "whatif-by-department").set_index("代码")
    assert by_dept["状态改变的记录 × 平台"].astype(int).to_dict() == \
        changed.groupby("authority_a").size().to_dict()
    detail = _frame(tables, "whatif-transitions")
    got = {(r["代码"], r["原状态"], r["新状态"]): int(r["记录 × 平台"]) for _, r in detail.iterrows()}
    zh = _status_headers(gongshu_table)
    want = {(d, zh.get(b, b), zh.get(a, a)): n
            for (d, b, a), n in changed.groupby(["authority_a", "status_b", "status_a"]).size()
            .items()}
    assert got == want
    assert ("eligible_now", "eligible_later") in set(zip(changed.status_b, changed.status_a))
    assert "政策模拟对比" in text and str(base) in text

"""The district report: one self-contained HTML page (and its charts as PNG files beside it)
built from the outputs of ``xiufu run``, Chinese first with English labels, for the district
office (``docs/report.md``).

Sections: status by platform; blocked records by unblocking action and department; the month
entities become clean; alerts by type and severity; rule coverage (which eligibility rules
decided most outcomes, which were in force and never fired); and, given a second run's
outputs, the what-if status changes by department.

Command line (``make report`` runs it on ``build/out``)::

    PYTHONPATH=build/python /usr/bin/python3 -m xiufu.report --out-dir build/out \\
        [--report build/out/report.html] [--rules rules/gongshu] [--compare OTHER_OUT_DIR]

From Python::

    from xiufu import report
    written = report.build_report("build/out", rules="rules/gongshu")
    written.html, written.charts
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import os
import pathlib
import re
import sys
import textwrap
from typing import Dict, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import report_charts as charts
from .cjk_font import CJKFontError, MissingGlyphError, cjk_font, font_file
from .errors import PackError
from .pack import load_pack
from .report_html import Column, bilingual, cards, esc, figure_img, page, sortable_table
from .run_output import RunOutput, read_run
from .table import Table, load_table

__all__ = ["build_report", "ReportFiles", "Labels", "status_by_platform", "blocked_outcomes",
           "clean_by_month", "alerts_by_type", "rule_coverage", "status_changes", "main"]

PathLike = Union[str, os.PathLike]

#: Status order in charts and tables: what can be done now first, what needs nothing last.
STATUS_ORDER = ("eligible_now", "eligible_later", "blocked", "not_repairable", "drops_off",
                "repaired", "not_shown", "undecided")
#: The engine's fixed codes, for names a pack does not give (``enums.csv`` domain ``status``
#: names the statuses; alert severities are the engine's own).
_STATUS_NAMES = {
    "eligible_now": ("现在可申请修复", "eligible now"),
    "eligible_later": ("届时可申请修复", "eligible later"),
    "eligible": ("可申请修复", "eligible"),
    "blocked": ("待完成事项后可修复", "blocked until actions are done"),
    "not_repairable": ("不可提前修复", "not repairable"),
    "drops_off": ("到期自动停止公示", "drops off by itself"),
    "repaired": ("已修复", "repaired"),
    "not_shown": ("未公示", "not shown"),
    "undecided": ("无规则命中", "undecided (no rule matched)"),
}
SEVERITY_ORDER = ("critical", "warning", "info")
SEVERITY_NAMES = {"critical": ("严重", "critical"), "warning": ("警示", "warning"),
                  "info": ("提示", "info")}
TOP_RULES = 20
TOP_TRANSITIONS = 6

DateText = str


# --------------------------------------------------------------------------------- labels
class Labels:
    """Chinese and English names of the codes in a run's outputs, from the compiled table
    (``enums.csv`` domains, ``actions.csv``, ``alerts.csv``) and the run's summary (alert
    messages with the placeholders made generic). Unknown codes name themselves."""

    def __init__(self, table: Table, summary: dict):
        self._names: Dict[Tuple[str, str], Tuple[str, str]] = {}
        for s, names in _STATUS_NAMES.items():
            self._names[("status", s)] = names
        for r in table.domains().itertuples(index=False):
            self._names[(r.domain, r.code)] = (r.zh, r.en)
        for r in table.actions().itertuples(index=False):
            self._names[("action", r.code)] = (r.zh, r.en)
        for r in table.alert_catalog().itertuples(index=False):
            self._names[("alert", r.code)] = (r.zh, r.en)
        for a in summary.get("alerts", []):
            self._names[("alert", a["code"])] = (a["zh"], a["en"])
        for s, names in SEVERITY_NAMES.items():
            self._names[("severity", s)] = names

    def names(self, domain: str, code: str) -> Tuple[str, str]:
        """(zh, en) of ``code`` in ``domain``."""
        if not code:
            return ("（无）", "(none)")
        return self._names.get((domain, code), (code, code))

    def chart(self, domain: str, code: str, zh_chars: int = 16, en_width: int = 30, *,
              zh_line: int = 0, english: str = "name") -> str:
        """A chart tick label: a short Chinese name (wrapped every ``zh_line`` characters when
        given) over the short English name, or over the code (``english="code"``) where the
        English names are sentences."""
        zh, en = self.names(domain, code)
        short = _short_zh(zh, zh_chars)
        if zh_line:
            short = "\n".join(short[i:i + zh_line] for i in range(0, len(short), zh_line))
        return f"{short}\n{code if english == 'code' else _short_en(en, en_width)}"


def _short_zh(text: str, limit: int) -> str:
    """A Chinese name or message without its parentheses, up to its first clause, at most
    ``limit`` characters."""
    text = re.sub(r"（[^）]*）|\([^)]*\)", "", text)
    head = re.split(r"[：，；。]", text, maxsplit=1)[0] or text
    return head if len(head) <= limit else head[:limit - 1] + "…"


def _short_en(text: str, width: int) -> str:
    """An English name on at most two lines of ``width``: a parenthesised acronym instead of
    the full name, other parentheses and everything after the first colon dropped."""
    acronym = re.search(r"\(([A-Z]{2,})\)", text)
    if acronym:
        return acronym.group(1)
    text = re.split(r"[:;]", re.sub(r"\s*\([^)]*\)", "", text), maxsplit=1)[0].strip()
    return "\n".join(textwrap.wrap(text, width, max_lines=2, placeholder="…"))


# -------------------------------------------------------------------------------- sections
def status_by_platform(run: RunOutput) -> pd.DataFrame:
    """Record × platform outcomes by platform (rows, in the run's platform order) and status
    (columns, :data:`STATUS_ORDER` then any other status), plus ``total``."""
    d = run.decisions
    counts = pd.crosstab(d["platform"], d["status"])
    platforms = list(dict.fromkeys(d["platform"]))
    statuses = [s for s in STATUS_ORDER if s in counts.columns] + \
        sorted(s for s in counts.columns if s not in STATUS_ORDER)
    counts = counts.reindex(index=platforms, columns=statuses, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts


def _distinct_records(frame: pd.DataFrame) -> int:
    return len(frame[["uscc", "record_id"]].drop_duplicates())


def blocked_outcomes(run: RunOutput) -> pd.DataFrame:
    """Blocked record × platform outcomes, one row per unblocking action: department (the
    deciding department, ``authority``), action, uscc, record_id, platform. An outcome that
    needs two actions is on two rows; one that names none has action ``""``."""
    b = run.decisions[run.decisions["status"] == "blocked"]
    out = b.assign(action=b["actions"].str.split("|")).explode("action")
    return out.rename(columns={"authority": "department"})[
        ["department", "action", "uscc", "record_id", "platform"]].reset_index(drop=True)


def _group_counts(frame: pd.DataFrame, by: List[str]) -> pd.DataFrame:
    """outcomes (rows), records (distinct uscc + record_id) and entities per group."""
    g = frame.groupby(by, sort=False)
    out = pd.DataFrame({
        "outcomes": g.size(),
        "records": g.apply(_distinct_records),
        "entities": g["uscc"].nunique(),
    }).reset_index()
    return out.sort_values(["outcomes"] + by, ascending=[False] + [True] * len(by),
                           kind="stable").reset_index(drop=True)


def clean_by_month(run: RunOutput) -> Tuple[pd.DataFrame, dict]:
    """When entities with a published record become clean on every platform, by month: if
    the plan is followed from the evaluation date (``plans.csv``) and without any action
    (``entities.csv``). Columns: month, plan, plan_cumulative, plan_share, no_action,
    no_action_cumulative, no_action_share (shares of the entities with a plan). Also returns
    {entities, never_plan, never_no_action}."""
    plan = run.plans.groupby("uscc", sort=False)["clean_by"].first()
    entities = run.entities.set_index("uscc")["clean_by"]
    no_action = entities.reindex(plan.index).fillna("")
    n = len(plan)
    plan_m = plan[plan != ""].str[:7].value_counts()
    none_m = no_action[no_action != ""].str[:7].value_counts()
    months = sorted(set(plan_m.index) | set(none_m.index))
    frame = pd.DataFrame({"month": months})
    frame["plan"] = plan_m.reindex(months, fill_value=0).to_numpy()
    frame["no_action"] = none_m.reindex(months, fill_value=0).to_numpy()
    for c in ("plan", "no_action"):
        frame[f"{c}_cumulative"] = frame[c].cumsum()
        frame[f"{c}_share"] = frame[f"{c}_cumulative"] / n if n else 0.0
    facts = {"entities": n, "never_plan": int((plan == "").sum()),
             "never_no_action": int((no_action == "").sum())}
    return frame, facts


def alerts_by_type(run: RunOutput) -> pd.DataFrame:
    """Alerts by type: alert, severity, scope (``entity`` when the rows have no record),
    alerts (rows), entities; by severity (critical first), then count."""
    a = run.alerts
    g = a.groupby(["alert", "severity"], sort=False)
    out = pd.DataFrame({"alerts": g.size(), "entities": g["uscc"].nunique(),
                        "records": g["record_id"].agg(lambda s: bool((s != "").any()))})
    out = out.reset_index()
    out["scope"] = out.pop("records").map({True: "record", False: "entity"})
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    out["_rank"] = out["severity"].map(rank).fillna(len(rank))
    return out.sort_values(["_rank", "alerts", "alert"], ascending=[True, False, True],
                           kind="stable").drop(columns="_rank").reset_index(drop=True)


def _in_force(rules: pd.DataFrame, as_of: DateText) -> pd.Series:
    start = rules["effective_from"].fillna("")
    end = rules["effective_to"].fillna("")
    return ((start == "") | (start <= as_of)) & ((end == "") | (end >= as_of))


def rule_coverage(run: RunOutput, table: Table) -> pd.DataFrame:
    """Every eligibility rule of ``table``: rule_id, table, status (its output),
    effective_from, effective_to, in_force (on the run's evaluation date), outcomes (record ×
    platform outcomes it decided), records, share (of all decided outcomes), fired.
    Eligibility is the decision each outcome names (``rule_id`` of decisions.csv); the
    COLLECT decisions (materials, alerts) are not traced in the run's files."""
    rules = table.rules()
    rules = rules[rules["decision"] == "eligibility"].drop_duplicates("rule_id")
    rules = rules[["rule_id", "table", "status", "effective_from", "effective_to"]].copy()
    rules["in_force"] = _in_force(rules, run.as_of)
    decided = run.decisions[run.decisions["rule_id"] != ""]
    g = decided.groupby("rule_id", sort=False)
    rules["outcomes"] = rules["rule_id"].map(g.size()).fillna(0).astype(int)
    rules["records"] = rules["rule_id"].map(g.apply(_distinct_records)).fillna(0).astype(int)
    total = len(decided)
    rules["share"] = rules["outcomes"] / total if total else 0.0
    rules["fired"] = rules["outcomes"] > 0
    return rules.reset_index(drop=True)


def status_changes(run: RunOutput, base: RunOutput) -> Tuple[pd.DataFrame, dict]:
    """The record × platform outcomes whose status differs between ``base`` (before) and
    ``run`` (after), matched by uscc, record_id and platform: department (the deciding
    department of ``run``, else of ``base``), uscc, record_id, platform, before, after. Also
    returns {compared, only_before, only_after}."""
    keys = ["uscc", "record_id", "platform"]
    cols = keys + ["status", "authority"]
    merged = base.decisions[cols].merge(run.decisions[cols], on=keys, how="outer",
                                        suffixes=("_before", "_after"), indicator=True)
    both = merged[merged["_merge"] == "both"]
    changed = both[both["status_before"] != both["status_after"]]
    department = changed["authority_after"].where(changed["authority_after"] != "",
                                                  changed["authority_before"])
    out = pd.DataFrame({"department": department, "uscc": changed["uscc"],
                        "record_id": changed["record_id"], "platform": changed["platform"],
                        "before": changed["status_before"], "after": changed["status_after"]})
    facts = {"compared": len(both),
             "only_before": int((merged["_merge"] == "left_only").sum()),
             "only_after": int((merged["_merge"] == "right_only").sum())}
    return out.reset_index(drop=True), facts


# --------------------------------------------------------------------------------- checks
def _cross_checks(run: RunOutput, status: pd.DataFrame, clean: pd.DataFrame) -> List[str]:
    """Differences between what the report counts from the files and summary.json."""
    problems = []
    for p in run.summary.get("platforms", []):
        if p["code"] not in status.index:
            continue
        for s in STATUS_ORDER:
            want = p.get(s)
            got = int(status.loc[p["code"], s]) if s in status.columns else 0
            if want is not None and want != got:
                problems.append(f"{p['code']} {s}: decisions.csv {got:,}, summary.json {want:,}")
    by_month = run.summary.get("plans", {}).get("clean_by_month")
    if by_month is not None:
        mine = dict(zip(clean["month"], clean["plan"]))
        mine = {m: int(v) for m, v in mine.items() if v}
        if mine != {m: int(v) for m, v in by_month.items()}:
            problems.append("clean_by_month: plans.csv and summary.json differ")
    return problems


# ----------------------------------------------------------------------------- the report
@dataclasses.dataclass
class ReportFiles:
    """What :func:`build_report` wrote: the page, the chart PNGs beside it, the chart font."""
    html: pathlib.Path
    charts: List[pathlib.Path]
    font_family: str
    font_file: str


class _Builder:
    """Collects the page's fragments and the charts (rendered once, embedded and saved)."""

    def __init__(self, directory: pathlib.Path, stem: str):
        self.directory, self.stem = directory, stem
        self.parts: List[str] = []
        self.charts: List[Tuple[pathlib.Path, bytes]] = []

    def add(self, fragment: str) -> None:
        self.parts.append(fragment)

    def section(self, anchor: str, zh: str, en: str, intro: str = "") -> None:
        self.parts.append(f'<h2 id="{anchor}">{esc(zh)}<span class="en">{esc(en)}</span></h2>')
        if intro:
            self.parts.append(f'<p class="note">{intro}</p>')

    def chart(self, name: str, figure, alt: str) -> None:
        data = charts.png(figure)
        path = self.directory / f"{self.stem}-{name}.png"
        self.charts.append((path, data))
        self.parts.append(figure_img(data, alt, path.name))

    def heading(self, zh: str, en: str) -> None:
        self.parts.append(f"<h3>{bilingual(zh, en)}</h3>")


def _load_table(rules: PathLike) -> Table:
    path = pathlib.Path(rules)
    if path.is_file():
        return load_table(path)
    return load_pack(path).compile()


def _label_pair(labels: Labels, domain: str):
    return lambda code: labels.names(domain, code)


def build_report(out_dir: PathLike, report: Optional[PathLike] = None, *,
                 rules: PathLike = "rules/gongshu",
                 compare: Optional[PathLike] = None) -> ReportFiles:
    """Writes the district report of the run in ``out_dir``.

    ``report``   the HTML file (default ``OUT_DIR/report.html``), or a directory to write
                 ``report.html`` into; the charts are written beside it as
                 ``<stem>-<chart>.png``.
    ``rules``    the run's rule pack directory or compiled table blob (names and the rule
                 list); its name and version must be the run's.
    ``compare``  another run's output directory, the baseline ("before") of a what-if: the
                 report adds the status changes from it to this run, by department.

    Raises ``FileNotFoundError`` (a run file is missing), ``ValueError`` (the pack is not the
    run's), :class:`xiufu.cjk_font.CJKFontError` (no Chinese font) and
    :class:`xiufu.cjk_font.MissingGlyphError` (a chart character the font cannot draw).
    """
    run = read_run(out_dir)
    base = read_run(compare) if compare is not None else None
    table = _load_table(rules)
    pack = run.summary.get("pack", {})
    if (pack.get("name"), pack.get("version")) != (table.pack_name, table.pack_version):
        raise ValueError(
            f"{rules} is pack {table.pack_name} {table.pack_version}, but {out_dir} was run "
            f"with {pack.get('name')} {pack.get('version')}: pass the run's --rules")

    html_path = pathlib.Path(report) if report is not None else run.directory / "report.html"
    if html_path.is_dir() or html_path.suffix.lower() not in (".html", ".htm"):
        html_path = html_path / "report.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)

    labels = Labels(table, run.summary)
    out = _Builder(html_path.parent, html_path.stem)
    with cjk_font() as family:
        _write_sections(out, run, base, table, labels, compare)
        path_of_font = font_file(family)
    out.add(_footer(run, base, family, path_of_font, rules))

    for path, data in out.charts:
        path.write_bytes(data)
    html_path.write_text(page("信用修复区情报告", "District credit-repair report", out.parts),
                         encoding="utf-8")
    return ReportFiles(html=html_path, charts=[p for p, _ in out.charts], font_family=family,
                       font_file=path_of_font)


def _write_sections(out: _Builder, run: RunOutput, base: Optional[RunOutput], table: Table,
                    labels: Labels, compare: Optional[PathLike]) -> None:
    status = status_by_platform(run)
    blocked = blocked_outcomes(run)
    clean, clean_facts = clean_by_month(run)
    alerts = alerts_by_type(run)
    coverage = rule_coverage(run, table)
    changes, change_facts = status_changes(run, base) if base is not None else (None, None)

    s = run.summary
    pack = s.get("pack", {})
    out.add('<h1>信用修复区情报告<span class="en">District credit-repair report</span></h1>')
    out.add(f'<p class="meta">{bilingual(pack.get("zh", ""), pack.get("en", ""))}</p>')
    out.add(f'<p class="meta">评估日 / as of <b>{esc(run.as_of)}</b> · 规则包 / pack '
            f'<code>{esc(pack.get("name"))} {esc(pack.get("version"))}</code> · 运行输出 / run '
            f'output <code>{esc(run.directory)}</code></p>')

    # headline figures: what a district officer reads first
    crit_entities = int(run.alerts.loc[run.alerts["severity"] == "critical", "uscc"].nunique())
    never = coverage[coverage["in_force"] & ~coverage["fired"]]
    soon = clean[clean["month"] <= _next_month(run.as_of)]["plan"].sum()
    head = [
        (int(s.get("entities", 0)), "主体", "entities", ""),
        (int(s.get("entities_shown", 0)), "仍有公示记录的主体", "entities with a record shown", ""),
        (int(status.get("eligible_now", pd.Series(dtype=int)).sum()), "现在可申请修复",
         "eligible now (record × platform)", "good"),
        (int(status.get("blocked", pd.Series(dtype=int)).sum()), "受阻，待完成事项",
         "blocked until actions are done", "alarm"),
        (_pct(soon, clean_facts["entities"]), "按计划办理，下月底前信用恢复的主体",
         "entities clean by the end of next month if they follow the plan", "good"),
        (crit_entities, "有严重提示的主体", "entities with a critical alert", "alarm"),
        (len(never), "在用但从未命中的规则", "rules in force that never fired", ""),
    ]
    if changes is not None:
        head.append((len(changes), "政策模拟：状态变化", "what-if: outcomes whose status changed",
                     "alarm" if len(changes) else ""))
    out.add(cards(head))
    problems = _cross_checks(run, status, clean)
    if problems:
        out.add('<p class="warn">与 summary.json 不一致 / differs from summary.json: '
                + "; ".join(esc(p) for p in problems) + "</p>")
    else:
        out.add('<p class="note ok">核对 / cross-check: 各平台状态数和按月恢复数与 summary.json 一致 '
                "/ status counts and clean-by-month counts match summary.json.</p>")
    toc = [("status", "各平台修复状态", "Status by platform"),
           ("blocked", "受阻记录", "Blocked records"),
           ("clean", "何时信用恢复", "When entities become clean"),
           ("alerts", "风险提示", "Alerts"),
           ("rules", "规则覆盖", "Rule coverage")]
    if changes is not None:
        toc.append(("whatif", "政策模拟对比", "What-if changes"))
    out.add("<nav><ol>" + "".join(f'<li><a href="#{a}">{esc(zh)} / {esc(en)}</a></li>'
                                  for a, zh, en in toc) + "</ol></nav>")

    _status_section(out, status, labels)
    _blocked_section(out, blocked, labels)
    _clean_section(out, clean, clean_facts, run.as_of)
    _alerts_section(out, alerts, labels)
    _rules_section(out, coverage, table, labels, run.as_of)
    if changes is not None:
        _changes_section(out, changes, change_facts, run, base, labels, compare)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _next_month(as_of: DateText) -> str:
    d = _dt.date.fromisoformat(as_of)
    return f"{d.year + d.month // 12:04d}-{d.month % 12 + 1:02d}"


def _status_section(out: _Builder, status: pd.DataFrame, labels: Labels) -> None:
    out.section("status", "各平台修复状态", "Repair status by platform",
                "每条记录在每个平台上都有一个状态（记录 × 平台）。 / Every record has one status "
                "on every platform (record × platform outcomes).")
    statuses = [c for c in status.columns if c != "total"]
    frame = status.reset_index().rename(columns={"platform": "code"})
    frame["label"] = [labels.chart("platform", c, en_width=24) for c in frame["code"]]
    status_labels = {st: " / ".join(labels.names("status", st)) for st in statuses}
    out.chart("status_by_platform", charts.status_by_platform(frame.set_index("code"),
                                                              status_labels),
              "各平台修复状态 / Repair status by platform")
    frame["platform"] = frame["code"].map(_label_pair(labels, "platform"))
    columns = [Column("platform", "平台", "platform", "label"), Column("code", "代码", "code", "code")]
    columns += [Column(st, *labels.names("status", st), kind="int") for st in statuses]
    columns.append(Column("total", "合计", "total", "int"))
    footer = {"platform": ("全部平台", "all platforms"), "code": "all",
              **{c: int(status[c].sum()) for c in statuses + ["total"]}}
    out.add(sortable_table(frame, columns, "status-by-platform", footer=footer))


def _blocked_section(out: _Builder, blocked: pd.DataFrame, labels: Labels) -> None:
    out.section("blocked", "受阻记录：需完成的事项与部门",
                "Blocked records by unblocking action and department",
                "受阻：完成所列事项（如缴清罚款、补报年报）之前不能申请修复。一条需要两项事项的结果"
                "在每项下各计一次。部门为作出决定的部门（authority）。 / Blocked: no repair can be "
                "applied for until the listed actions are done. An outcome that needs two actions "
                "counts under each; the department is the deciding department (authority).")
    if blocked.empty:
        out.add('<p class="empty">本次没有受阻记录。 / No blocked records in this run.</p>')
        return
    by_action = _group_counts(blocked, ["action"])
    by_action["label"] = [labels.chart("action", a, zh_chars=18, en_width=40)
                          for a in by_action["action"]]
    out.chart("blocked_by_action", charts.blocked_by_action(by_action),
              "受阻记录：需完成的事项 / Blocked records by unblocking action")
    by_department = _group_counts(blocked.drop_duplicates(["department", "uscc", "record_id",
                                                           "platform"]), ["department"])
    matrix = pd.crosstab(blocked["department"], blocked["action"]).reindex(
        index=by_department["department"], columns=by_action["action"], fill_value=0)
    out.chart("blocked_by_department_action",
              charts.blocked_heatmap(matrix,
                                     [labels.chart("department", d, en_width=34)
                                      for d in matrix.index],
                                     [labels.chart("action", a, zh_chars=18, zh_line=9,
                                                   english="code") for a in matrix.columns]),
              "受阻记录：部门 × 需完成的事项 / Blocked records by department and action")

    out.heading("按需完成的事项", "By unblocking action")
    by_action["action_name"] = by_action["action"].map(_label_pair(labels, "action"))
    out.add(sortable_table(by_action, [
        Column("action_name", "需完成的事项", "unblocking action", "label"),
        Column("action", "代码", "code", "code"),
        Column("outcomes", "记录 × 平台", "outcomes", "int"),
        Column("records", "记录", "records", "int"),
        Column("entities", "主体", "entities", "int")], "blocked-by-action"))
    out.heading("按部门", "By department")
    by_department["department_name"] = by_department["department"].map(
        _label_pair(labels, "department"))
    out.add(sortable_table(by_department, [
        Column("department_name", "部门", "department", "label"),
        Column("department", "代码", "code", "code"),
        Column("outcomes", "记录 × 平台", "outcomes", "int"),
        Column("records", "记录", "records", "int"),
        Column("entities", "主体", "entities", "int")], "blocked-by-department",
        footer={"department_name": ("合计", "total"),
                "outcomes": int(by_department["outcomes"].sum()),
                "records": _distinct_records(blocked),
                "entities": int(blocked["uscc"].nunique())}))
    out.heading("部门 × 事项", "Department × action")
    both = _group_counts(blocked, ["department", "action"])
    both["department_name"] = both["department"].map(_label_pair(labels, "department"))
    both["action_name"] = both["action"].map(_label_pair(labels, "action"))
    out.add(sortable_table(both, [
        Column("department_name", "部门", "department", "label"),
        Column("action_name", "需完成的事项", "unblocking action", "label"),
        Column("action", "事项代码", "action code", "code"),
        Column("outcomes", "记录 × 平台", "outcomes", "int"),
        Column("records", "记录", "records", "int"),
        Column("entities", "主体", "entities", "int")], "blocked-by-department-action"))


def _clean_section(out: _Builder, clean: pd.DataFrame, facts: dict, as_of: DateText) -> None:
    out.section("clean", "何时信用恢复（按月）", "When entities become clean, by month",
                f"仍有公示记录的 {facts['entities']:,} 家主体在所有平台上都不再有公示记录的月份："
                f"若自 {esc(as_of)} 起按修复计划办理（plans.csv），以及不采取任何行动（entities.csv）。"
                f" / The month by which each of the {facts['entities']:,} entities with a "
                f"published record is clean on every platform: when its repair plan is followed "
                f"from {esc(as_of)} (plans.csv), and without any action (entities.csv).")
    if clean.empty:
        out.add('<p class="empty">没有仍在公示的记录。 / No published records.</p>')
        return
    out.chart("clean_by_month", charts.clean_by_month(clean),
              "何时信用恢复 / When entities become clean")
    out.add(f'<p class="note">按计划办理仍无法确定日期的主体 / entities with no clean date even '
            f'with the plan: <b>{facts["never_plan"]:,}</b>；不采取行动永远不会恢复的主体 / '
            f'entities never clean without action: <b>{facts["never_no_action"]:,}</b> '
            f'({_pct(facts["never_no_action"], facts["entities"])})</p>')
    out.add(sortable_table(clean, [
        Column("month", "月份", "month", "text"),
        Column("plan", "按计划：当月恢复", "plan: clean that month", "int"),
        Column("plan_cumulative", "按计划：累计", "plan: cumulative", "int"),
        Column("plan_share", "按计划：累计占比", "plan: cumulative share", "pct"),
        Column("no_action", "不行动：当月恢复", "no action: clean that month", "int"),
        Column("no_action_cumulative", "不行动：累计", "no action: cumulative", "int"),
        Column("no_action_share", "不行动：累计占比", "no action: cumulative share", "pct")],
        "clean-by-month"))


def _alerts_section(out: _Builder, alerts: pd.DataFrame, labels: Labels) -> None:
    out.section("alerts", "风险提示：按类型和严重程度", "Alerts by type and severity",
                "主体提示每个主体一条；记录提示每条记录每个平台一条。 / Entity alerts come one per "
                "entity; record alerts one per record × platform.")
    if alerts.empty:
        out.add('<p class="empty">本次没有风险提示。 / No alerts in this run.</p>')
        return
    chart = alerts.copy()
    chart["label"] = [labels.chart("alert", a, zh_chars=22, english="code")
                      for a in chart["alert"]]
    severity_labels = {k: " / ".join(v) for k, v in SEVERITY_NAMES.items()}
    out.chart("alerts_by_type", charts.alerts_by_type(chart, severity_labels),
              "风险提示：按类型和严重程度 / Alerts by type and severity")
    table = alerts.copy()
    table["message"] = table["alert"].map(_label_pair(labels, "alert"))
    table["severity_name"] = table["severity"].map(_label_pair(labels, "severity"))
    table["scope_name"] = table["scope"].map({"entity": ("主体", "entity"),
                                              "record": ("记录", "record")})
    out.add(sortable_table(table, [
        Column("alert", "提示", "alert", "code"),
        Column("severity_name", "严重程度", "severity", "label"),
        Column("scope_name", "对象", "scope", "label"),
        Column("alerts", "条数", "alerts", "int"),
        Column("entities", "主体", "entities", "int"),
        Column("message", "内容", "message", "label")], "alerts-by-type",
        footer={"alert": "合计 / total", "alerts": int(alerts["alerts"].sum())}))


def _rules_section(out: _Builder, coverage: pd.DataFrame, table: Table, labels: Labels,
                   as_of: DateText) -> None:
    all_rules = table.rules()
    collect = all_rules[all_rules["decision"] != "eligibility"]
    in_force = coverage[coverage["in_force"]]
    never = in_force[~in_force["fired"]]
    idle = coverage[~coverage["in_force"]]
    fired = coverage[coverage["fired"]].sort_values(["outcomes", "rule_id"],
                                                    ascending=[False, True])
    out.section("rules", "规则覆盖", "Rule coverage",
                f"修复资格决策（eligibility）的 {len(coverage)} 条规则中，{esc(as_of)} 在用 "
                f"{len(in_force)} 条，其中 {len(in_force) - len(never)} 条决定了本次的结果，"
                f"{len(never)} 条从未命中。 / Of the {len(coverage)} rules of the eligibility "
                f"decision, {len(in_force)} are in force on {esc(as_of)}; "
                f"{len(in_force) - len(never)} of them decided this run's outcomes and "
                f"{len(never)} never fired. 材料和提示决策（COLLECT，{len(collect)} 条规则）的命中"
                "不记录在运行输出中。 / The materials and alert decisions (COLLECT, "
                f"{len(collect)} rules) are not traced in the run's files.")
    if not fired.empty:
        status_labels = {st: " / ".join(labels.names("status", st))
                         for st in fired["status"].unique()}
        out.chart("top_rules", charts.top_rules(fired.head(TOP_RULES), status_labels),
                  "决定结果最多的规则 / The rules that decided most outcomes")
    out.heading("在用但从未命中的规则", "Rules in force that never fired")
    out.add('<p class="note">未命中不一定是错误：本次的主体和记录中可能没有适用的情形，也可能被前面的'
            '规则遮蔽（FIRST）；请结合 <code>xiufu lint</code> 检查。 / Not firing is not '
            'necessarily an error: this population may have no such case, or an earlier row '
            'takes it first (FIRST); check with <code>xiufu lint</code>.</p>')
    never_t = never.copy()
    never_t[["effective_from", "effective_to"]] = never_t[
        ["effective_from", "effective_to"]].replace("", "-")
    never_t["status_name"] = never_t["status"].map(_label_pair(labels, "status"))
    rule_cols = [Column("rule_id", "规则", "rule", "code"),
                 Column("table", "决策表", "table", "code"),
                 Column("status_name", "输出状态", "status given", "label"),
                 Column("effective_from", "生效", "effective from", "text"),
                 Column("effective_to", "失效", "effective to", "text")]
    out.add(sortable_table(never_t, rule_cols, "never-fired",
                           empty="在用规则都至少命中一次。 / Every rule in force fired."))
    out.heading("全部规则", "All rules")
    t = coverage.copy()
    t[["effective_from", "effective_to"]] = t[["effective_from", "effective_to"]].replace("", "-")
    t["status_name"] = t["status"].map(_label_pair(labels, "status"))
    t["in_force_name"] = t["in_force"].map({True: ("在用", "in force"),
                                            False: ("不在用", "not in force")})
    out.add(sortable_table(t, rule_cols + [
        Column("in_force_name", "评估日在用", "in force on as-of", "label"),
        Column("outcomes", "决定的结果", "outcomes decided", "int"),
        Column("records", "记录", "records", "int"),
        Column("share", "占比", "share", "pct")], "rule-coverage"))
    if not idle.empty:
        out.add(f'<p class="note">评估日不在用的规则（生效期外，不可能命中） / rules not in force on '
                f'{esc(as_of)} (outside their effective dates, cannot fire): '
                + ", ".join(f"<code>{esc(r)}</code>" for r in idle["rule_id"]) + "</p>")


def _changes_section(out: _Builder, changes: pd.DataFrame, facts: dict, run: RunOutput,
                     base: RunOutput, labels: Labels, compare: PathLike) -> None:
    out.section("whatif", "政策模拟对比：各部门的状态变化", "What-if: status changes by department",
                f"对比基准 / baseline <code>{esc(compare)}</code>（评估日 / as of "
                f"{esc(base.as_of)}，规则包 / pack {esc(base.summary.get('pack', {}).get('name'))} "
                f"{esc(base.summary.get('pack', {}).get('version'))}）→ 本次 / this run "
                f"<code>{esc(run.directory)}</code>（{esc(run.as_of)}）。比较了 "
                f"{facts['compared']:,} 个记录 × 平台结果，{len(changes):,} 个状态改变。"
                f" / {facts['compared']:,} record × platform outcomes compared, "
                f"{len(changes):,} changed status. 仅在基准中 / only in the baseline: "
                f"{facts['only_before']:,}；仅在本次中 / only in this run: {facts['only_after']:,}.")
    if changes.empty:
        out.add('<p class="empty" id="whatif-by-department">两次运行的状态完全相同。 / '
                "No status changed between the two runs.</p>")
        return
    changes = changes.assign(transition=changes["before"] + "→" + changes["after"])
    by_department = _group_counts(changes, ["department"])
    transitions = changes["transition"].value_counts()
    top = list(transitions.index[:TOP_TRANSITIONS])
    grouped = changes["transition"].where(changes["transition"].isin(top), "other")
    matrix = pd.crosstab(changes["department"], grouped).reindex(
        index=by_department["department"], columns=top + (["other"] if len(transitions) >
                                                          len(top) else []), fill_value=0)

    def transition_label(t: str) -> str:
        if t == "other":
            return "其他 / other"
        a, b = t.split("→")
        (az, ae), (bz, be) = labels.names("status", a), labels.names("status", b)
        return f"{az} → {bz} / {ae} → {be}"

    out.chart("whatif_by_department",
              charts.changes_by_department(matrix, [labels.chart("department", d, en_width=34)
                                                    for d in matrix.index],
                                           [transition_label(t) for t in matrix.columns]),
              "政策模拟：各部门的状态变化 / What-if: status changes by department")
    by_department["department_name"] = by_department["department"].map(
        _label_pair(labels, "department"))
    out.add(sortable_table(by_department, [
        Column("department_name", "部门", "department", "label"),
        Column("department", "代码", "code", "code"),
        Column("outcomes", "状态改变的记录 × 平台", "outcomes changed", "int"),
        Column("records", "记录", "records", "int"),
        Column("entities", "主体", "entities", "int")], "whatif-by-department",
        footer={"department_name": ("合计", "total"), "outcomes": len(changes),
                "records": _distinct_records(changes),
                "entities": int(changes["uscc"].nunique())}))
    out.heading("部门 × 状态变化（原 → 新）", "Department × change (from → to)")
    detail = _group_counts(changes, ["department", "before", "after"])
    detail["department_name"] = detail["department"].map(_label_pair(labels, "department"))
    detail["before_name"] = detail["before"].map(_label_pair(labels, "status"))
    detail["after_name"] = detail["after"].map(_label_pair(labels, "status"))
    out.add(sortable_table(detail, [
        Column("department_name", "部门", "department", "label"),
        Column("department", "代码", "code", "code"),
        Column("before_name", "原状态", "from", "label"),
        Column("after_name", "新状态", "to", "label"),
        Column("outcomes", "记录 × 平台", "outcomes", "int"),
        Column("records", "记录", "records", "int"),
        Column("entities", "主体", "entities", "int")], "whatif-transitions"))


def _footer(run: RunOutput, base: Optional[RunOutput], family: str, path: str,
            rules: PathLike) -> str:
    files = ", ".join(f"<code>{n}</code>" for n in ("summary.json", "decisions.csv",
                                                   "entities.csv", "alerts.csv", "plans.csv"))
    return (f'<hr><p class="note">数据 / data: {files}（<code>{esc(run.directory)}</code>'
            + (f"，对比 / baseline <code>{esc(base.directory)}</code>" if base else "")
            + f'）· 规则 / rules <code>{esc(rules)}</code> · 图表字体 / chart font '
            f'<span id="chart-font">{esc(family)}</span> (<code>{esc(path)}</code>) · '
            '表格可点击表头排序 / click a column header to sort · '
            f'生成 / generated {esc(_dt.datetime.now().strftime("%Y-%m-%d %H:%M"))} '
            "by <code>python3 -m xiufu.report</code></p>")


# ------------------------------------------------------------------------------------ CLI
def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python3 -m xiufu.report``: exit 0 written, 1 data/font errors, 2 usage errors."""
    parser = argparse.ArgumentParser(
        prog="python3 -m xiufu.report",
        description="区情报告：由 xiufu run 的输出生成一个自包含的 HTML 页面 / The district "
                    "report: one self-contained HTML page from the outputs of xiufu run.")
    parser.add_argument("--out-dir", default="build/out",
                        help="the run's output directory (default: build/out)")
    parser.add_argument("--report", default=None,
                        help="the HTML file, or a directory for report.html "
                             "(default: OUT_DIR/report.html); charts are written beside it")
    parser.add_argument("--rules", default="rules/gongshu",
                        help="the run's rule pack directory or table blob "
                             "(default: rules/gongshu)")
    parser.add_argument("--compare", default=None, metavar="OTHER_OUT_DIR",
                        help="a baseline run's output directory: adds the what-if changes "
                             "from it to this run, by department")
    args = parser.parse_args(argv)
    try:
        written = build_report(args.out_dir, args.report, rules=args.rules,
                               compare=args.compare)
    except (OSError, ValueError, PackError, CJKFontError, MissingGlyphError) as e:
        print(f"xiufu.report: {e}", file=sys.stderr)
        return 1
    print(f"区情报告 / report: {written.html} ({len(written.charts)} charts beside it, "
          f"font {written.font_family})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Explanations: why a record is (not yet) eligible on a platform, and from when."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List

import pandas as pd

__all__ = ["Explanation", "ExplainItem"]

STEP_COLUMNS = ["rule_id", "table", "line", "in_force", "matched", "column", "cell", "actual"]


@dataclass
class ExplainItem:
    """One record on one platform: the outcome and the rows considered to reach it."""

    record_id: str
    platform: str
    shown: bool
    status: str
    eligible_from: str   # YYYY-MM-DD or ""
    expires_on: str
    rule_id: str
    source: str
    channel: str
    authority: str
    reason_zh: str
    reason_en: str
    materials: List[str]
    alerts: List[str]
    text_zh: str
    text_en: str
    steps: pd.DataFrame = field(repr=False)


class Explanation:
    """The why / why-not trace of one entity's records (see :meth:`xiufu.Table.explain`).

    ``print(explanation)`` shows the trace in Chinese, then in English: every eligibility row
    considered in order (✗ with the failing column, its cell and the entity's actual value; a
    row not in force on the date; ✓ the matching row), then the outcome with the eligible-from
    date, the rule and its legal basis.

    As data: ``items`` (one :class:`ExplainItem` per record × platform), ``outcomes`` (one row
    per item) and ``steps`` (every row considered, all items), plus the entity's summary
    (``clean_by``, ``materials``, ``raw_materials``, ``alerts``). ``rejected``: the entity's
    input rows the library rejected (``errors="collect"``).
    """

    def __init__(self, data: Dict[str, Any]):
        self.rejected: pd.DataFrame = pd.DataFrame()
        ent = data["entity"]
        self.as_of: str = data["as_of"]
        self.uscc: str = ent["uscc"]
        self.name: str = ent["name"]
        self.clean_by: str = ent["clean_by"]
        self.materials: List[str] = list(ent["materials"])
        self.raw_materials: List[str] = list(ent["raw_materials"])
        self.alerts: List[str] = list(ent["alerts"])
        self.uscc_valid: bool = ent["uscc_valid"]
        self.items: List[ExplainItem] = []
        for it in data["items"]:
            steps = pd.DataFrame(it["steps"], columns=STEP_COLUMNS)
            steps.insert(0, "step", range(1, len(steps) + 1))
            fields = {k: it[k] for k in ExplainItem.__dataclass_fields__ if k != "steps"}
            self.items.append(ExplainItem(**fields, steps=steps))

    @property
    def outcomes(self) -> pd.DataFrame:
        """One row per record × platform: record_id, platform, shown, status, eligible_from,
        expires_on, rule_id, source, channel, authority, reason_zh, reason_en."""
        cols = ["record_id", "platform", "shown", "status", "eligible_from", "expires_on",
                "rule_id", "source", "channel", "authority", "reason_zh", "reason_en"]
        return pd.DataFrame([[getattr(i, c) for c in cols] for i in self.items], columns=cols)

    @property
    def steps(self) -> pd.DataFrame:
        """Every row considered: record_id, platform, step, rule_id, table, line, in_force,
        matched, and for the first failing cell: column, cell, actual."""
        frames = []
        for i in self.items:
            f = i.steps.copy()
            f.insert(0, "platform", i.platform)
            f.insert(0, "record_id", i.record_id)
            frames.append(f)
        if not frames:
            return pd.DataFrame(columns=["record_id", "platform", "step"] + STEP_COLUMNS)
        return pd.concat(frames, ignore_index=True)

    def to_text(self, lang: str = "both") -> str:
        """The readable trace: ``lang`` is ``"zh"``, ``"en"`` or ``"both"`` (Chinese first)."""
        if lang not in ("zh", "en", "both"):
            raise ValueError("lang must be 'zh', 'en' or 'both'")
        parts = []
        for zh in ([True, False] if lang == "both" else [lang == "zh"]):
            head = (f"主体 {self.uscc} {self.name}，评估日 {self.as_of}："
                    f"{'预计全部平台修复完毕日 ' + self.clean_by if self.clean_by else '无法确定全部修复日期'}"
                    if zh else
                    f"Entity {self.uscc} {self.name}, as of {self.as_of}: "
                    f"{'clean on all platforms by ' + self.clean_by if self.clean_by else 'no date by which every platform is clean'}")
            lines = [head]
            if self.materials:
                lines.append(("  所需材料：" if zh else "  Materials: ") + ", ".join(self.materials))
            if self.alerts:
                lines.append(("  提醒：" if zh else "  Alerts: ") + ", ".join(self.alerts))
            for i in self.items:
                lines.append((i.text_zh if zh else i.text_en).rstrip("\n"))
            parts.append("\n".join(lines))
        return "\n\n".join(parts) + "\n"

    def __str__(self) -> str:
        return self.to_text("both")

    def __repr__(self) -> str:
        return (f"<xiufu.Explanation {self.uscc} as of {self.as_of}: "
                f"{len(self.items)} record × platform traces>")

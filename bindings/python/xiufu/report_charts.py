"""The district report's charts (matplotlib, Agg canvas, no pyplot state).

Each function takes the frame of one report section (``xiufu.report``) with a ready ``label``
column (Chinese, then English) and returns a Figure; :func:`png` renders it, raising
:class:`xiufu.cjk_font.MissingGlyphError` if any character would be drawn as a box. Call them
inside :func:`xiufu.cjk_font.cjk_font` so the text is drawn in a Chinese font.
"""

from __future__ import annotations

import io
from typing import Dict, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .cjk_font import glyphs_required

__all__ = ["png", "status_by_platform", "blocked_by_action", "blocked_heatmap",
           "clean_by_month", "alerts_by_type", "top_rules", "changes_by_department",
           "STATUS_COLOURS", "SEVERITY_COLOURS"]

DPI = 110

STATUS_COLOURS: Dict[str, str] = {
    "eligible_now": "#2e7d32", "eligible_later": "#81c784", "blocked": "#ef6c00",
    "drops_off": "#1e88e5", "not_repairable": "#c62828", "repaired": "#78909c",
    "not_shown": "#cfd8dc", "undecided": "#8e24aa", "eligible": "#43a047",
}
SEVERITY_COLOURS: Dict[str, str] = {"critical": "#c62828", "warning": "#ef6c00",
                                    "info": "#1e88e5"}
_OTHER = "#9e9e9e"
_PALETTE = ("#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#8d6e63",
            "#ad1457", "#9e9d24")


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (no ``Software`` text chunk). A missing glyph raises."""
    buf = io.BytesIO()
    with glyphs_required():
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight",
                    metadata={"Software": None})
    return buf.getvalue()


def _title(ax, zh: str, en: str) -> None:
    ax.set_title(f"{zh}\n{en}", loc="left", fontsize=12)


def _count_labels(ax, bars, values, total: float, min_share: float = 0.0) -> None:
    for bar, v in zip(bars, values):
        if v and v >= min_share * total:
            ax.annotate(f"{int(v):,}", (bar.get_x() + bar.get_width(),
                                        bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)


def status_by_platform(counts: pd.DataFrame, status_labels: Mapping[str, str]) -> Figure:
    """Stacked bars: one per platform (rows of ``counts``, with a ``label`` column), one
    segment per status column."""
    statuses = [c for c in counts.columns if c in status_labels]
    fig = _figure(11, 1.0 * len(counts) + 2.6)
    ax = fig.add_subplot()
    y = np.arange(len(counts))[::-1]
    left = np.zeros(len(counts))
    total = counts[statuses].sum(axis=1).to_numpy(dtype=float)
    for s in statuses:
        values = counts[s].to_numpy(dtype=float)
        bars = ax.barh(y, values, left=left, color=STATUS_COLOURS.get(s, _OTHER),
                       label=status_labels[s], edgecolor="white", linewidth=0.5)
        for bar, v, t in zip(bars, values, total):
            if t and v / t >= 0.06:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{int(v):,}", ha="center", va="center", fontsize=8,
                        color="white" if s not in ("not_shown", "eligible_later") else "black")
        left += values
    ax.set_yticks(y, counts["label"])
    ax.set_xlabel("记录 × 平台 / record × platform outcomes")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize=8,
              frameon=False)
    _title(ax, "各平台修复状态", "Repair status by platform")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def blocked_by_action(frame: pd.DataFrame) -> Figure:
    """Bars: blocked outcomes per unblocking action (``label``, ``outcomes``)."""
    fig = _figure(10, 0.55 * len(frame) + 1.6)
    ax = fig.add_subplot()
    y = np.arange(len(frame))[::-1]
    bars = ax.barh(y, frame["outcomes"], color="#ef6c00")
    _count_labels(ax, bars, frame["outcomes"], frame["outcomes"].max())
    ax.set_yticks(y, frame["label"], fontsize=9)
    ax.set_xlabel("受阻的记录 × 平台 / blocked record × platform outcomes")
    ax.margins(x=0.12)
    _title(ax, "受阻记录：需完成的事项", "Blocked records by unblocking action")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def blocked_heatmap(matrix: pd.DataFrame, row_labels: Sequence[str],
                    column_labels: Sequence[str]) -> Figure:
    """Heatmap of blocked outcomes, department (rows) × action (columns), log colour scale
    (one department usually dwarfs the others), each cell annotated with its count."""
    values = matrix.to_numpy(dtype=float)
    fig = _figure(2.2 + 1.6 * values.shape[1], 0.5 * values.shape[0] + 2.6)
    ax = fig.add_subplot()
    shown = np.where(values > 0, values, np.nan)
    vmax = max(float(np.nanmax(shown)) if np.isfinite(shown).any() else 1.0, 1.0)
    image = ax.imshow(shown, aspect="auto", cmap="Oranges", norm=LogNorm(vmin=1, vmax=max(vmax, 2)))
    for (i, j), v in np.ndenumerate(values):
        if v > 0:
            ax.text(j, i, f"{int(v):,}", ha="center", va="center", fontsize=8,
                    color="white" if v > vmax ** 0.75 else "black")
    ax.set_xticks(np.arange(values.shape[1]), column_labels, fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(values.shape[0]), row_labels, fontsize=8)
    fig.colorbar(image, ax=ax, shrink=0.6, label="记录 × 平台（对数） / outcomes (log)")
    _title(ax, "受阻记录：部门 × 需完成的事项", "Blocked records by department and action")
    return fig


def clean_by_month(frame: pd.DataFrame) -> Figure:
    """Top: entities clean per month when the plan is followed; bottom: the cumulative share
    of entities clean, following the plan and without any action (``month``, ``plan``,
    ``plan_share``, ``no_action_share``)."""
    fig = _figure(11, 6.4)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    x = np.arange(len(frame))
    bars = top.bar(x, frame["plan"], color="#2e7d32")
    _count_labels_vertical(top, bars, frame["plan"])
    top.set_ylabel("主体 / entities")
    top.set_yscale("log")
    _title(top, "按计划办理后信用恢复的月份（每月主体数，对数刻度）",
           "Month every platform is clean when the plan is followed (entities, log scale)")
    bottom.step(x, 100 * frame["plan_share"], where="mid", color="#2e7d32",
                label="按计划办理 / following the plan")
    bottom.step(x, 100 * frame["no_action_share"], where="mid", color="#ef6c00",
                label="不采取行动 / without any action")
    bottom.set_ylim(0, 100)
    bottom.set_ylabel("累计 % / cumulative %")
    bottom.legend(loc="lower right", fontsize=8)
    bottom.grid(axis="y", alpha=0.3)
    step = max(1, len(frame) // 18)
    bottom.set_xticks(x[::step], frame["month"].iloc[::step], rotation=45, ha="right",
                      fontsize=8)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def _count_labels_vertical(ax, bars, values) -> None:
    for bar, v in zip(bars, values):
        if v:
            ax.annotate(f"{int(v):,}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        xytext=(0, 2), textcoords="offset points", ha="center", fontsize=6)


def alerts_by_type(frame: pd.DataFrame, severity_labels: Mapping[str, str]) -> Figure:
    """Bars: alerts per type (``label``, ``severity``, ``alerts``), coloured by severity, on a
    log scale (the commonest type is thousands of times the rarest)."""
    fig = _figure(11, 0.45 * len(frame) + 1.9)
    ax = fig.add_subplot()
    y = np.arange(len(frame))[::-1]
    colours = [SEVERITY_COLOURS.get(s, _OTHER) for s in frame["severity"]]
    bars = ax.barh(y, frame["alerts"], color=colours)
    _count_labels(ax, bars, frame["alerts"], frame["alerts"].max())
    ax.set_xscale("log")
    ax.set_yticks(y, frame["label"], fontsize=8)
    ax.set_xlabel("提示条数（对数刻度） / alerts (log scale)")
    handles = [Patch(color=c, label=severity_labels.get(s, s))
               for s, c in SEVERITY_COLOURS.items() if s in set(frame["severity"])]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.margins(x=0.1)
    _title(ax, "风险提示：按类型和严重程度", "Alerts by type and severity")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def top_rules(frame: pd.DataFrame, status_labels: Mapping[str, str]) -> Figure:
    """Bars: outcomes decided per rule (``rule_id``, ``status`` — the rule's output —,
    ``outcomes``), log scale, coloured by the status the rule gives."""
    fig = _figure(10, 0.32 * len(frame) + 1.9)
    ax = fig.add_subplot()
    y = np.arange(len(frame))[::-1]
    bars = ax.barh(y, frame["outcomes"],
                   color=[STATUS_COLOURS.get(s, _OTHER) for s in frame["status"]])
    _count_labels(ax, bars, frame["outcomes"], frame["outcomes"].max())
    ax.set_xscale("log")
    ax.set_yticks(y, frame["rule_id"], fontsize=8)
    ax.set_xlabel("决定的记录 × 平台（对数刻度） / outcomes decided (log scale)")
    present = list(dict.fromkeys(frame["status"]))
    handles = [Patch(color=STATUS_COLOURS.get(s, _OTHER), label=status_labels.get(s, s))
               for s in present]
    ax.legend(handles=handles, loc="lower right", fontsize=7)
    ax.margins(x=0.1)
    _title(ax, f"决定结果最多的 {len(frame)} 条规则", f"The {len(frame)} rules that decided most outcomes")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def changes_by_department(matrix: pd.DataFrame, row_labels: Sequence[str],
                          column_labels: Sequence[str]) -> Figure:
    """Stacked bars: changed outcomes per department (rows of ``matrix``), one segment per
    status transition (its columns)."""
    fig = _figure(11, 0.5 * len(matrix) + 2.8)
    ax = fig.add_subplot()
    y = np.arange(len(matrix))[::-1]
    left = np.zeros(len(matrix))
    for k, (column, label) in enumerate(zip(matrix.columns, column_labels)):
        values = matrix[column].to_numpy(dtype=float)
        colour = _OTHER if column == "other" else _PALETTE[k % len(_PALETTE)]
        ax.barh(y, values, left=left, color=colour, label=label, edgecolor="white",
                linewidth=0.5)
        left += values
    for yy, total in zip(y, left):
        ax.annotate(f"{int(total):,}", (total, yy), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(y, row_labels, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("状态变化的记录 × 平台 / record × platform outcomes whose status changed")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8,
              frameon=False)
    ax.margins(x=0.08)
    _title(ax, "政策模拟：各部门的状态变化", "What-if: status changes by department")
    ax.spines[["top", "right"]].set_visible(False)
    return fig

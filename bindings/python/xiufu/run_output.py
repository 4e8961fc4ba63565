"""The output directory of one ``xiufu run`` (``docs/formats.md``), read back as DataFrames.

``xiufu run --out DIR`` writes ``decisions.csv`` (one row per record × platform),
``entities.csv``, ``alerts.csv``, ``plans.csv`` and ``summary.json``. :func:`read_run` reads the
columns the district report needs, as text: codes stay codes, dates stay ISO strings, and the
``="…"`` quoting the CLI gives identifiers Excel would convert is removed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
from typing import Any, Dict, Sequence, Union

import pandas as pd

__all__ = ["RunOutput", "read_run", "RUN_FILES"]

#: file → the columns read from it.
RUN_FILES: Dict[str, Sequence[str]] = {
    "decisions.csv": ("uscc", "record_id", "platform", "status", "rule_id", "channel",
                      "authority", "actions"),
    "entities.csv": ("uscc", "clean_by"),
    "alerts.csv": ("uscc", "record_id", "platform", "alert", "severity"),
    "plans.csv": ("uscc", "step", "kind", "action", "clean_by"),
}
_IDS = ("uscc", "record_id")


@dataclasses.dataclass
class RunOutput:
    """One run's outputs. Every frame holds text (``""`` for an empty cell).

    ``decisions``  uscc, record_id, platform, status, rule_id, channel, authority (the deciding
                   department, a department code), actions (unblocking action codes joined by
                   ``|``, for ``blocked`` outcomes)
    ``entities``   uscc, clean_by (the day every platform is clean without any action; empty:
                   unknown or never)
    ``alerts``     uscc, record_id, platform, alert, severity
    ``plans``      uscc, step, kind, action, clean_by (the day every platform is clean when the
                   plan is followed from the evaluation date)
    ``summary``    summary.json as a dict
    """

    directory: pathlib.Path
    summary: Dict[str, Any]
    decisions: pd.DataFrame
    entities: pd.DataFrame
    alerts: pd.DataFrame
    plans: pd.DataFrame

    @property
    def as_of(self) -> str:
        """The evaluation date (ISO)."""
        return str(self.summary["as_of"])


def _excel_text(value: str) -> str:
    return value[2:-1] if len(value) >= 3 and value.startswith('="') and value.endswith('"') \
        else value


def _read_csv(path: pathlib.Path, columns: Sequence[str]) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)} "
                         f"(written by another xiufu version?)")
    frame = pd.read_csv(path, usecols=list(columns), dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")[list(columns)]
    for c in _IDS:
        if c in frame.columns:
            frame[c] = frame[c].map(_excel_text)
    return frame


def read_run(directory: Union[str, os.PathLike]) -> RunOutput:
    """Reads the outputs of ``xiufu run --out DIRECTORY``. Raises ``FileNotFoundError`` naming
    the missing file (run ``make run`` or ``xiufu run --out DIRECTORY`` first)."""
    directory = pathlib.Path(directory)
    wanted = ["summary.json", *RUN_FILES]
    absent = [name for name in wanted if not (directory / name).is_file()]
    if absent:
        raise FileNotFoundError(
            f"{directory}: no {', '.join(absent)} — 请先运行 / run first: "
            f"`make run` or `build/xiufu run --out {directory}`")
    summary = json.loads((directory / "summary.json").read_text(encoding="utf-8"))
    frames = {name.split(".")[0]: _read_csv(directory / name, cols)
              for name, cols in RUN_FILES.items()}
    return RunOutput(directory=directory, summary=summary, **frames)

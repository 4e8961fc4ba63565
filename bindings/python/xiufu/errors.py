"""Exceptions and diagnostics of the xiufu package.

* :class:`PackError` — a rule pack (or an edit of one) has errors; carries every diagnostic.
* :class:`InputError` — bad input data (a ``ValueError``): a missing column, a wrong type, or
  rows the library's PopulationBuilder rejected (a bad date, an unknown code, …).  The message
  lists each problem with its frame, column and row; ``rejected`` holds them as a DataFrame.
* :class:`Diagnostic` — one problem with its exact place (file, line, column, field, value).
"""

from __future__ import annotations

from dataclasses import dataclass, astuple
from typing import Iterable, List, Sequence

import pandas as pd

from . import _core

InputError = _core.InputError
InputError.__module__ = "xiufu"

__all__ = ["Diagnostic", "PackError", "InputError", "MissingColumnNote", "diagnostics_frame"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a rule pack, at its exact place.

    ``line`` and ``column`` are 1-based (``column`` is the CSV field number); 0 means the whole
    file / line. ``severity`` is ``"error"``, ``"warning"`` or ``"note"``; ``code`` is a stable
    kebab-case id such as ``"unknown-enum"`` or ``"shadowed-row"``.
    """

    severity: str
    code: str
    file: str
    line: int
    column: int
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        place = self.file or "<pack>"
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        extra = []
        if self.field:
            extra.append(f"field={self.field}")
        if self.value:
            extra.append(f"value={self.value}")
        tail = f" [{', '.join(extra)}]" if extra else ""
        return f"{place}: {self.severity}: {self.message}{tail} ({self.code})"


DIAGNOSTIC_COLUMNS = ["severity", "code", "file", "line", "column", "field", "value", "message"]


def _diagnostics(rows: Iterable[Sequence]) -> List[Diagnostic]:
    return [Diagnostic(*r) for r in rows]


def diagnostics_frame(diagnostics: Sequence[Diagnostic]) -> pd.DataFrame:
    """The diagnostics as a DataFrame (one row each; columns as in :class:`Diagnostic`)."""
    return pd.DataFrame([astuple(d) for d in diagnostics], columns=DIAGNOSTIC_COLUMNS)


class PackError(Exception):
    """A rule pack could not be loaded, edited or compiled because it has errors.

    ``diagnostics`` holds *every* problem found (errors and warnings, up to the loader's cap),
    each a :class:`Diagnostic`; ``errors`` only the errors. ``str()`` lists them one per line as
    ``file:line:col: error: message [field=…, value=…] (code)``.
    """

    def __init__(self, summary: str, diagnostics: Sequence[Diagnostic]):
        self.summary = summary
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        lines = [summary] + [f"  {d}" for d in self.diagnostics]
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def frame(self) -> pd.DataFrame:
        """The diagnostics as a DataFrame."""
        return diagnostics_frame(self.diagnostics)


class MissingColumnNote(UserWarning):
    """The input frames lack a custom column the rule pack declares (``Pack.columns()``):
    every row takes the column's default. Issued once per column and conversion."""

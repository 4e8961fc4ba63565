"""Rule packs as authored: load, inspect, lint, edit one cell, compile."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Dict, List, Union

import pandas as pd

from . import _core
from .errors import Diagnostic, PackError, _diagnostics, diagnostics_frame
from .table import Table

__all__ = ["Pack", "load_pack"]


class Pack:
    """A loaded rule pack (``docs/rule-pack.md``). Immutable: :meth:`with_cell` returns an
    edited copy, which is how a rule change is simulated before it is adopted."""

    def __init__(self, handle: "_core.Pack"):
        self._handle = handle

    # ---- identity ----
    @property
    def name(self) -> str:
        return self._handle.name

    @property
    def version(self) -> str:
        return self._handle.version

    @property
    def title(self) -> str:
        """The pack's Chinese and English names."""
        return f"{self._handle.zh} / {self._handle.en}"

    @property
    def path(self) -> str:
        return self._handle.dir

    @property
    def hash(self) -> int:
        """FNV-1a over the pack files; an edited copy folds its edits in."""
        return self._handle.hash

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Warnings (and, for a pack loaded with ``strict=False``, errors) found on loading."""
        return _diagnostics(self._handle.diagnostics())

    @property
    def edits(self) -> pd.DataFrame:
        """The cell edits applied to this copy: rule_id, column, old, new."""
        return pd.DataFrame(self._handle.edits, columns=["rule_id", "column", "old", "new"])

    # ---- inspection ----
    def tables(self) -> pd.DataFrame:
        """The decision tables in manifest order: name, file, decision, complete, description,
        inputs, outputs, rows."""
        return pd.DataFrame(self._handle.tables())

    def rules(self) -> pd.DataFrame:
        """Every row of every table: rule_id, table, decision, file, line, effective_from,
        effective_to, conditions (the input cells that test something, ``column: cell``),
        outputs (``column: cell``), source."""
        rows = []
        for rule_id, table, decision, file, line, cells in self._handle.rules():
            d = dict(cells)
            inputs_end = [h for h, _ in cells].index("effective_from")
            conditions = "; ".join(f"{h}: {t}" for h, t in cells[:inputs_end] if t not in ("", "-"))
            outputs = "; ".join(f"{h}: {t}" for h, t in cells[inputs_end + 2:-1])
            rows.append((rule_id, table, decision, file, line, d["effective_from"],
                         d["effective_to"], conditions, outputs, d["source"]))
        return pd.DataFrame(rows, columns=["rule_id", "table", "decision", "file", "line",
                                           "effective_from", "effective_to", "conditions",
                                           "outputs", "source"])

    def rule(self, rule_id: str) -> Dict[str, str]:
        """Every editable cell of one row as ``{column: text}``."""
        for rid, _table, _decision, _file, _line, cells in self._handle.rules():
            if rid == rule_id:
                return dict(cells)
        raise KeyError(f"no rule {rule_id!r} in pack {self.name}")

    # ---- checks, edits, compile ----
    def lint(self, as_frame: bool = True, cap: int = 100) -> Union[pd.DataFrame, List[Diagnostic]]:
        """Static analysis (overlaps under UNIQUE, shadowed rows, gaps in complete tables,
        cells that never match, unused catalogue entries): a DataFrame of diagnostics
        (``as_frame=False``: a list of :class:`Diagnostic`)."""
        found = _diagnostics(self._handle.lint(cap))
        return diagnostics_frame(found) if as_frame else found

    def with_cell(self, rule_id: str, column: str, text: str) -> "Pack":
        """A copy of the pack with one cell of one row replaced, parsed exactly as the loader
        parses that cell in the CSV file (input cells: unary tests such as ``>= 6m``; outputs
        such as ``eligible_from`` = ``decision_date + 6m``; ``effective_from``; ``source``…).

        Raises :class:`PackError` (with the diagnostic at the cell's file, line and column)
        when the text is not valid for that column, or ``rule_id`` / ``column`` do not exist.
        """
        handle, errors = self._handle.with_cell(rule_id, column, str(text))
        if handle is None:
            raise PackError(f"cannot set {rule_id}.{column} to {text!r}", _diagnostics(errors))
        return Pack(handle)

    def parameters(self) -> pd.DataFrame:
        """The pack's named parameters (manifest ``[parameter NAME]``), one row per value in
        force: ``name, type, domain, value, effective_from`` (NaT = from the beginning), ``zh,
        en, source`` and ``rules`` (the rule ids whose cells use ``$name``)."""
        rows = [(n, t, d, v, pd.NaT if f is None else pd.Timestamp(_dt.date(1970, 1, 1) + _dt.timedelta(days=f)), zh, en, src,
                 list(users))
                for n, t, d, v, f, zh, en, src, users in self._handle.parameters()]
        return pd.DataFrame(rows, columns=["name", "type", "domain", "value", "effective_from",
                                           "zh", "en", "source", "rules"])

    def columns(self) -> pd.DataFrame:
        """The pack's custom input columns (manifest ``[column NAME]``): ``name, scope``
        (entity/record), ``type`` (enum/bool/number/date), ``domain`` (enum), ``default``,
        ``since`` (the elapsed fact of a date column), ``zh, en, source`` and ``tables`` (the
        tables that test it). The CSV reader and :meth:`Table.evaluate` read them by name."""
        rows = [(n, sc, t, d, dflt, since or None, zh, en, src, list(tables))
                for n, sc, t, d, dflt, since, zh, en, src, tables in self._handle.columns()]
        return pd.DataFrame(rows, columns=["name", "scope", "type", "domain", "default", "since",
                                           "zh", "en", "source", "tables"])

    def with_parameter(self, name: str, value: Any) -> "Pack":
        """A copy of the pack with parameter ``name`` set to ``value`` on every day (its
        effective-dated values are replaced), every cell that uses ``$name`` re-read — for
        what-if analysis, like :meth:`with_cell`. ``value`` is written as in the manifest: a
        number (``30000``), a duration (``"6m"``), a date, ``True``/``False`` or an enum code.

        Raises :class:`PackError` for an unknown parameter or a value not of its type."""
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        handle, errors = self._handle.with_parameter(name, text)
        if handle is None:
            raise PackError(f"cannot set parameter {name} to {value!r}", _diagnostics(errors))
        return Pack(handle)

    def compile(self) -> Table:
        """The flat decision table. Raises :class:`PackError` if the pack has load errors."""
        if self._handle.error_count:
            raise PackError(f"rule pack {self.path} has {self._handle.error_count} error(s)",
                            self.diagnostics)
        return Table(self._handle.compile())

    def __repr__(self) -> str:
        edits = f", {len(self._handle.edits)} edit(s)" if self._handle.edits else ""
        return f"<xiufu.Pack {self.name} {self.version} ({self.path}){edits}>"


def load_pack(path: Union[str, os.PathLike], *, strict: bool = True,
              max_diagnostics: int = 100) -> Pack:
    """Loads a rule pack directory (``manifest.ini`` and the files it names).

    Raises :class:`PackError` carrying every diagnostic (file, line, column, field, value,
    message) when the pack has errors (``strict=False``: returns the partial pack; its
    ``diagnostics`` hold the errors and :meth:`Pack.compile` raises). ``FileNotFoundError`` /
    ``OSError`` when the manifest cannot be read.
    """
    handle = _core.Pack.load(os.fspath(path), max_diagnostics)
    pack = Pack(handle)
    if strict and handle.error_count:
        dropped = f" ({handle.dropped} more not shown)" if handle.dropped else ""
        raise PackError(f"rule pack {os.fspath(path)} has {handle.error_count} error(s){dropped}",
                        pack.diagnostics)
    return pack

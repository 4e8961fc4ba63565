"""What-if: every outcome that changes when the district is evaluated under another table."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _output
from .dates import DateLike
from .table import Frame, Prepared, Table, _as_of, _errors, _threads

__all__ = ["diff", "DiffResult"]


def _what_labels(what: np.ndarray, bits: List[str]) -> pd.Categorical:
    """Change masks as text ("status|eligible_from"), one category per distinct mask."""
    masks, inverse = np.unique(what, return_inverse=True)
    labels = ["|".join(b for k, b in enumerate(bits) if (int(m) >> k) & 1) for m in masks]
    return pd.Categorical.from_codes(inverse.astype(np.int32), dtype=_output.categories(labels))


class DiffResult:
    """The outcome changes between two tables over one district on one date.

    ``changes``         one row per record × platform whose outcome differs: uscc, record_id,
                        platform, department, changed (what differs, e.g.
                        ``status|eligible_from``), status / eligible_from / expires_on / rule_id
                        before and after.
    ``entities``        one row per entity with any change: uscc, records_changed, changed,
                        clean_by and canonical materials before and after.
    ``by_department``   changed pairs by department (rows) × platform (columns), with totals.
    ``transitions``     changed pairs by status before (rows) × after (columns).
    ``pairs_compared``  record × platform pairs evaluated under each table.
    ``rejected``        input rows the library rejected (``errors="collect"``).
    """

    def __init__(self, before: Table, after: Table, prepared: Prepared, as_of_days: int,
                 data: Dict[str, Any]):
        self.as_of = _dt.date(1970, 1, 1) + _dt.timedelta(days=as_of_days)
        self.rejected: pd.DataFrame = prepared.rejected
        self.pairs_compared: int = data["pairs_compared"]
        bits = list(data["change_bits"])
        c = data["changes"]
        cat, dates, d = _output.cat, _output.dates, before._dtypes
        self.changes = _output.frame({
            "uscc": _output.cat_unchecked(c["entity"], prepared.uscc_dtype()),
            "record_id": _output.cat_unchecked(c["record"], prepared.record_dtype()),
            "platform": cat(c["platform"], d["platform"]),
            "department": cat(c["department"], d["department"]),
            "changed": _what_labels(c["what"], bits),
            "status_before": cat(c["status_before"], before._status_dtype),
            "status_after": cat(c["status_after"], before._status_dtype),
            "eligible_from_before": dates(c["eligible_from_before"]),
            "eligible_from_after": dates(c["eligible_from_after"]),
            "expires_on_before": dates(c["expires_on_before"]),
            "expires_on_after": dates(c["expires_on_after"]),
            "rule_id_before": cat(c["rule_id_before"], before._rule_dtype),
            "rule_id_after": cat(c["rule_id_after"], after._rule_dtype),
        })
        e = data["entities"]
        self.entities = _output.frame({
            "uscc": prepared._uscc[e["entity"]],
            "records_changed": e["records_changed"],
            "changed": _what_labels(e["what"], bits),
            "clean_by_before": dates(e["clean_by_before"]),
            "clean_by_after": dates(e["clean_by_after"]),
            "materials_before": cat(e["materials_before"],
                                    _output.categories(e["material_sets_before"])),
            "materials_after": cat(e["materials_after"],
                                   _output.categories(e["material_sets_after"])),
        })
        domains = before.input_domains
        by = pd.DataFrame(data["by_department_platform"], index=pd.Index(domains["department"],
                          name="department"), columns=pd.Index(domains["platform"], name="platform"))
        by["total"] = by.sum(axis=1)
        by.loc["total"] = by.sum(axis=0)
        self.by_department = by
        statuses = list(_core.STATUS_CODES[:-1])  # the engine's statuses ("undecided" is last)
        self.transitions = pd.DataFrame(
            data["transitions"], index=pd.Index(statuses, name="before"),
            columns=pd.Index(statuses, name="after"))

    def summary(self) -> str:
        """A few lines for a notebook or a report."""
        total = len(self.changes)
        lines = [f"as of {self.as_of}: {total} of {self.pairs_compared} record × platform "
                 f"outcomes change, for {len(self.entities)} entities"]
        if total:
            by = self.by_department["total"].drop("total")
            top = by[by > 0].sort_values(ascending=False).head(5)
            lines.append("  by department: " + ", ".join(f"{k} {v}" for k, v in top.items()))
            t = self.transitions.stack()
            t = t[t > 0].sort_values(ascending=False).head(5)
            lines.append("  status before → after: " +
                         ", ".join(f"{b} → {a} {n}" for (b, a), n in t.items()))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<xiufu.DiffResult {self.summary().splitlines()[0]}>"


def diff(before: Table, after: Table, entities: Union[Frame, Prepared],
         records: Optional[Frame] = None, *, as_of: Optional[DateLike] = None,
         threads: Optional[int] = None, errors: str = "raise") -> DiffResult:
    """Evaluates the district under ``before`` and ``after`` in one C++ pass and returns every
    record × platform (and entity) whose outcome differs.

    Both tables must define the same codes for the input domains (platform, department, …);
    ``ValueError`` otherwise. ``entities`` may be a :class:`Prepared` population (prepared with
    either table). ``errors`` as in :meth:`Table.evaluate`; the rows rejected with
    ``errors="collect"`` are in ``result.rejected``.
    """
    threads = _threads(threads)
    prepared = before._prepared(entities, records, threads, _errors(errors))
    days = _as_of(as_of)
    prepared_after = None
    if before._handle.custom_columns() != after._handle.custom_columns():
        # A rule change that adds (or drops) a custom column: the input is read once for each
        # table, so each sees its own columns.
        if isinstance(entities, Prepared):
            raise ValueError("the tables declare different custom columns; pass the input "
                             "frames (not a Prepared population) so each table reads its own")
        prepared_after = after._prepared(entities, records, threads, _errors(errors))._handle
    data = _core.diff(before._handle, after._handle, prepared._handle, days, threads,
                      prepared_after)
    return DiffResult(before, after, prepared, days, data)

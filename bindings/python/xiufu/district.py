"""Input data as DataFrames: the synthetic district generator and the CSV formats of
docs/formats.md (``entities.csv``, ``records.csv``).

The frames have one fixed set of dtypes, the same whether generated or read from CSV:

entities  uscc, name: str (object) · status: category · registration_date: datetime64[ns] ·
          last_report_year: Int16 (<NA> = never filed) · unreachable: bool
records   record_id, uscc: str · department, record_kind, severity, penalty, procedure,
          sector: category · decision_date, publication_date, fulfilled_date, corrected_date:
          datetime64[ns] (NaT = none) · fine_yuan: int64 · shown_on: category (platform codes
          joined by ``|``, ``""`` = nowhere) · repaired_on: str (``platform:YYYY-MM-DD`` joined
          by ``|``, ``""`` = none)

Categories are the distinct values present, sorted — what ``pandas.read_csv(dtype="category")``
gives — so :func:`read_entities` / :func:`read_records` (``pandas.read_csv`` with the options in
``ENTITY_CSV_OPTIONS`` / ``RECORD_CSV_OPTIONS`` on the decoded text) return frames equal to
:func:`generate_district`'s for the files :func:`write_district` (or ``xiufu gen``) writes.

The files are decoded by the engine's one text decoder (``_core.decode_text``, the C++ readers'
own): UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", tab-separated), or GB18030/GBK
(what zh-CN Excel and WPS save as "CSV"), with one :class:`EncodingNote` warning per converted
file; bytes in no such encoding raise ``ValueError`` naming the byte offset. Written files
start with a UTF-8 BOM and keep identifiers Excel would turn into numbers (all-digit USCCs,
record ids like ``0012``) as the text formula ``="…"``, which the readers undo.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from . import _core
from ._input import ENTITY_COLUMNS, RECORD_COLUMNS
from .dates import DateLike, to_days

__all__ = ["generate_district", "read_entities", "read_records", "read_district",
           "write_district", "ENTITY_CSV_OPTIONS", "RECORD_CSV_OPTIONS", "DEFAULT_SEED",
           "EncodingNote"]


class EncodingNote(UserWarning):
    """A CSV file was not UTF-8 and was converted (the note says from what, in Chinese and
    English)."""


def _excel_text(value: str) -> str:
    """``="…"`` (how xiufu writes identifiers Excel would turn into numbers) → ``…``."""
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value


_EXCEL_WOULD_CONVERT = re.compile(r"^[0-9.Ee+\-/:]*[0-9][0-9.Ee+\-/:]*$")


def _excel_ids(col: pd.Series) -> pd.Series:
    """Identifiers Excel would convert written as ``="…"`` (the C++ writers' rule)."""
    text = col.astype(str)
    return text.where(~text.str.match(_EXCEL_WOULD_CONVERT), '="' + text + '"')

DEFAULT_SEED: int = _core.DEFAULT_SEED

_ENUMS = ("department", "record_kind", "severity", "penalty", "procedure", "sector")
_DATES = ("decision_date", "publication_date", "fulfilled_date", "corrected_date")

ENTITY_CSV_OPTIONS: Dict[str, Any] = dict(
    dtype={"name": str, "status": "category", "last_report_year": "Int16",
           "unreachable": bool},
    converters={"uscc": _excel_text},
    parse_dates=["registration_date"],
    keep_default_na=False, na_values={"last_report_year": [""], "registration_date": [""]},
    true_values=["true", "True", "TRUE", "1"], false_values=["false", "False", "FALSE", "0"],
)
RECORD_CSV_OPTIONS: Dict[str, Any] = dict(
    dtype={**{c: "category" for c in _ENUMS},
           "fine_yuan": "int64", "shown_on": "category", "repaired_on": str},
    converters={"record_id": _excel_text, "uscc": _excel_text},
    parse_dates=list(_DATES),
    keep_default_na=False, na_values={c: [""] for c in _DATES},
)


def _sorted_categorical(codes: np.ndarray, vocabulary) -> pd.Categorical:
    cat = pd.Categorical.from_codes(codes.astype(np.int16), categories=list(vocabulary))
    cat = cat.remove_unused_categories()
    return cat.reorder_categories(sorted(cat.categories))


def generate_district(n: int = 178_000, seed: int = DEFAULT_SEED, dense: bool = False, *,
                      snapshot: Optional[DateLike] = None,
                      invalid_uscc_share: float = 0.0005) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """A deterministic synthetic district (``xiufu gen``): ``(entities, records)``.

    ``n`` entities (default: Gongshu's 178,000) with realistic shares of missed annual
    reports, abnormal listings, penalties by department and severity, lists, repairs and a few
    USCCs with a wrong check character. ``dense``: every entity gets 3–8 records (stress tests).
    ``snapshot``: no generated event is later (default 2026-10-31). Same arguments → the same
    frames on every machine.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    snap = to_days(snapshot, "snapshot") if snapshot is not None else _core.DEFAULT_SNAPSHOT
    d = _core.generate_district(int(n), int(seed), bool(dense), snap, float(invalid_uscc_share))
    codes, e, r = d["codes"], d["entities"], d["records"]
    year = pd.array(e["last_report_year"], dtype="Int16")
    year[e["last_report_year"] == 0] = pd.NA
    entities = pd.DataFrame({
        "uscc": e["uscc"],
        "name": e["name"],
        "status": _sorted_categorical(e["status"], codes["entity_status"]),
        "registration_date": e["registration_date"].view("datetime64[ns]"),
        "last_report_year": year,
        "unreachable": e["unreachable"],
    })
    rec: Dict[str, Any] = {
        "record_id": r["record_id"],
        "uscc": e["uscc"].take(r["entity"]),
    }
    for c in _ENUMS:
        rec[c] = _sorted_categorical(r[c], codes[c])
    rec["decision_date"] = r["decision_date"].view("datetime64[ns]")
    rec["publication_date"] = r["publication_date"].view("datetime64[ns]")
    rec["fine_yuan"] = r["fine_yuan"]
    rec["fulfilled_date"] = r["fulfilled_date"].view("datetime64[ns]")
    rec["corrected_date"] = r["corrected_date"].view("datetime64[ns]")
    rec["shown_on"] = _sorted_categorical(r["shown_on"], r["shown_on_categories"])
    rec["repaired_on"] = r["repaired_on"]
    # The Gongshu pack's custom record column, filled by the generator (docs/rule-pack.md).
    rec["later_heavier_penalty"] = r["later_heavier_penalty"]
    records = pd.DataFrame(rec, columns=list(RECORD_COLUMNS) + ["later_heavier_penalty"])
    return entities, records


def _read_text(path: Union[str, os.PathLike], encoding: Optional[str]) -> Tuple[io.StringIO, str]:
    """The decoded text of a CSV file and its separator (a tab for Excel's "Unicode text")."""
    p = os.fspath(path)
    with open(p, "rb") as f:
        data = f.read()
    text, note = _core.decode_text(data, encoding or "auto", p)
    if note:
        warnings.warn(note, EncodingNote, stacklevel=3)
    header = text.split("\n", 1)[0]
    sep = "\t" if "," not in header and "\t" in header else ","
    return io.StringIO(text), sep


def read_entities(path: Union[str, os.PathLike], encoding: Optional[str] = None) -> pd.DataFrame:
    """``entities.csv`` with the documented dtypes (decoded, then
    ``pandas.read_csv(..., **ENTITY_CSV_OPTIONS)``). ``encoding``: None (detect) or one of
    ``utf-8``, ``utf-16le``, ``utf-16be``, ``gb18030`` (``gbk``)."""
    text, sep = _read_text(path, encoding)
    return _fixed_first(pd.read_csv(text, sep=sep, **ENTITY_CSV_OPTIONS), ENTITY_COLUMNS)


def read_records(path: Union[str, os.PathLike], encoding: Optional[str] = None) -> pd.DataFrame:
    """``records.csv`` with the documented dtypes (decoded, then
    ``pandas.read_csv(..., **RECORD_CSV_OPTIONS)``)."""
    text, sep = _read_text(path, encoding)
    return _fixed_first(pd.read_csv(text, sep=sep, **RECORD_CSV_OPTIONS), RECORD_COLUMNS)


def _fixed_first(frame: pd.DataFrame, fixed: Tuple[str, ...]) -> pd.DataFrame:
    """The documented columns in their order, then any others (a rule pack's custom columns,
    read by name when evaluating), in file order."""
    return frame[list(fixed) + [c for c in frame.columns if c not in fixed]]


def _custom_text(col: pd.Series) -> pd.Series:
    """A custom column as the CSV writer writes it: booleans true/false, dates YYYY-MM-DD,
    whole numbers without a decimal point, empty for missing."""
    if pdt.is_bool_dtype(col.dtype):
        return pd.Series(np.where(col.astype(bool), "true", "false"), index=col.index)
    if pdt.is_datetime64_any_dtype(col.dtype):
        return _date_text(col)
    if pdt.is_float_dtype(col.dtype) and col.dropna().eq(col.dropna().round()).all():
        return col.astype("Int64").astype(str).replace("<NA>", "")
    return col.astype(object).where(col.notna(), "").astype(str)


def read_district(directory: Union[str, os.PathLike],
                  encoding: Optional[str] = None) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """``(entities, records)`` from ``DIR/entities.csv`` and ``DIR/records.csv``."""
    d = os.fspath(directory)
    return (read_entities(os.path.join(d, "entities.csv"), encoding),
            read_records(os.path.join(d, "records.csv"), encoding))


def _date_text(col: pd.Series) -> pd.Series:
    return pd.to_datetime(col).dt.strftime("%Y-%m-%d").fillna("")


def write_district(entities: pd.DataFrame, records: pd.DataFrame,
                   directory: Union[str, os.PathLike], excel: bool = True) -> None:
    """Writes ``DIR/entities.csv`` and ``DIR/records.csv`` in the documented format (UTF-8 with
    a BOM, LF line ends, dates ``YYYY-MM-DD``, booleans ``true``/``false``, empty for missing,
    identifiers Excel would turn into numbers as ``="…"``) — the bytes ``xiufu gen`` writes.
    ``excel=False``: no BOM and identifiers as they are (``xiufu gen --no-bom`` minus the
    ``="…"``), for tools that read plain CSV."""
    d = os.fspath(directory)
    os.makedirs(d, exist_ok=True)
    e = _fixed_first(entities, ENTITY_COLUMNS).copy()
    for c in e.columns[len(ENTITY_COLUMNS):]:
        e[c] = _custom_text(e[c])
    e["registration_date"] = _date_text(e["registration_date"])
    e["last_report_year"] = e["last_report_year"].astype("Int16").astype(str).replace("<NA>", "")
    e["unreachable"] = np.where(e["unreachable"].astype(bool), "true", "false")
    encoding = "utf-8-sig" if excel else "utf-8"
    if excel:
        e["uscc"] = _excel_ids(e["uscc"])
    e.to_csv(os.path.join(d, "entities.csv"), index=False, lineterminator="\n",
             encoding=encoding)
    r = _fixed_first(records, RECORD_COLUMNS).copy()
    for c in r.columns[len(RECORD_COLUMNS):]:
        r[c] = _custom_text(r[c])
    for c in _DATES:
        r[c] = _date_text(r[c])
    if excel:
        r["record_id"] = _excel_ids(r["record_id"])
        r["uscc"] = _excel_ids(r["uscc"])
    r.to_csv(os.path.join(d, "records.csv"), index=False, lineterminator="\n",
             encoding=encoding)

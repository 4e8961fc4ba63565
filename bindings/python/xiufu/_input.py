"""Input frames → the column specs ``_core.Table.prepare`` reads, and what the library says
about the rows it rejects.

Each column becomes one tuple (see bindings/python/src/frame_input.h):

* ``("codes", codes, uniques)`` — categorical / text columns: pandas categories, or the uniques
  of ``pd.factorize`` (one hash pass in C, no Python loop per row). The engine maps each distinct
  code once.
* ``("datetime", int64_values, units_per_day)`` — datetime64 columns, read without copying.
* ``("numbers", array)`` — numeric and boolean columns, read without copying;
  ``("numbers", values, mask)`` — a nullable integer column's values and its mask (True = <NA>).
* ``("strings", object_array)`` — USCCs, record ids, names, repaired_on: read in C++.

The values themselves are judged by the library's PopulationBuilder (the CSV reader's rules);
a column of the wrong type is the only problem found here. Nothing loops over rows in Python;
per-distinct-value loops only for date objects.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from . import _core

ENTITY_COLUMNS = ("uscc", "name", "status", "registration_date", "last_report_year",
                  "unreachable")
RECORD_COLUMNS = ("record_id", "uscc", "department", "record_kind", "severity", "penalty",
                  "procedure", "sector", "decision_date", "publication_date", "fine_yuan",
                  "fulfilled_date", "corrected_date", "shown_on", "repaired_on")

_ENTITY_ROLES = {"uscc": "text", "name": "text", "status": "codes",
                 "registration_date": "date", "last_report_year": "number",
                 "unreachable": "bool"}
_RECORD_ROLES = {"record_id": "text", "uscc": "key", "department": "codes",
                 "record_kind": "codes", "severity": "codes", "penalty": "codes",
                 "procedure": "codes", "sector": "codes", "decision_date": "date",
                 "publication_date": "date", "fine_yuan": "number", "fulfilled_date": "date",
                 "corrected_date": "date", "shown_on": "codes", "repaired_on": "key"}
_OPTIONAL = {("entities", "name")}

_UNITS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000,
                  "us": 86_400_000_000, "ns": 86_400_000_000_000}

Spec = Optional[Tuple[Any, ...]]


def input_error(frame: str, column: str, row: int, value: str, message: str) -> Exception:
    """An :class:`xiufu.InputError` with its attributes set."""
    text = f"{frame}.{column}" + (f", row {row}" if row >= 0 else "") + f": {message}"
    err = _core.InputError(text)
    err.frame, err.column, err.row, err.value = frame, column, row, value
    return err


def _columns(data: Any, frame: str) -> Mapping[str, Any]:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, Mapping):
        return data
    raise TypeError(f"{frame}: expected a pandas DataFrame or a dict of columns, "
                    f"got {type(data).__name__}")


def _array(col: Any) -> Any:
    """A Series or a 1-d numpy array (lists become arrays; numpy str arrays become objects)."""
    if isinstance(col, (pd.Series, pd.Index, pd.Categorical)) or pdt.is_extension_array_dtype(col):
        return col
    arr = np.asarray(col)
    if arr.dtype.kind in "US":
        arr = arr.astype(object)
    return arr


def _values(col: Any) -> np.ndarray:
    """The numpy values of a Series/array (no copy for numpy-backed dtypes)."""
    if isinstance(col, np.ndarray):
        return col
    return np.asarray(col)


def _dtype(col: Any):
    return col.dtype


def _all_missing_float(col: Any) -> bool:
    v = _values(col)
    return v.dtype.kind == "f" and bool(np.isnan(v).all())


def _codes_spec(col: Any, frame: str, name: str) -> Spec:
    dtype = _dtype(col)
    if isinstance(dtype, pd.CategoricalDtype):
        cat = col.cat if isinstance(col, pd.Series) else col
        codes = np.asarray(cat.codes)
        return ("codes", codes, np.asarray(cat.categories, dtype=object))
    if dtype.kind == "O" or pdt.is_string_dtype(dtype):
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return ("codes", np.asarray(codes), np.asarray(uniques, dtype=object))
    if dtype.kind == "f" and _all_missing_float(col):  # an all-empty column read by pandas
        return ("numbers", _values(col))
    if dtype.kind == "b" and name == "unreachable":
        return ("numbers", _values(col))
    raise input_error(frame, name, -1, "", f"expected codes (text), got dtype {dtype}")


def _key_spec(col: Any, frame: str, name: str) -> Spec:
    """USCC of a record, repaired_on: categorical (codes) or per-row strings."""
    dtype = _dtype(col)
    if isinstance(dtype, pd.CategoricalDtype):
        return _codes_spec(col, frame, name)
    if dtype.kind == "O":
        return ("strings", _values(col))
    if pdt.is_string_dtype(dtype):
        return ("strings", np.asarray(col, dtype=object))
    if dtype.kind == "f" and _all_missing_float(col) and name == "repaired_on":
        return ("numbers", _values(col))
    raise input_error(frame, name, -1, "", f"expected text, got dtype {dtype}")


def _text_spec(col: Any, frame: str, name: str) -> Spec:
    dtype = _dtype(col)
    if dtype.kind == "O":
        return ("strings", _values(col))
    if isinstance(dtype, pd.CategoricalDtype) or pdt.is_string_dtype(dtype):
        return ("strings", np.asarray(col, dtype=object))
    raise input_error(frame, name, -1, "", f"expected text, got dtype {dtype}")


def _date_text(u: Any) -> Any:
    """A distinct value of an object date column, as text the engine parses."""
    if isinstance(u, str) or u is None:
        return u
    if isinstance(u, (pd.Timestamp, _dt.datetime)):
        return None if pd.isna(u) else u.strftime("%Y-%m-%d")
    if isinstance(u, _dt.date):
        return u.isoformat()
    if isinstance(u, np.datetime64):
        return None if np.isnat(u) else str(u.astype("datetime64[D]"))
    if isinstance(u, float) and np.isnan(u):
        return None
    return u  # reported by the engine with its row


def _date_spec(col: Any, frame: str, name: str) -> Spec:
    dtype = _dtype(col)
    if isinstance(dtype, pd.DatetimeTZDtype):
        col = pd.Series(col).dt.tz_localize(None)
        dtype = col.dtype
    if dtype.kind == "M":
        values = _values(col)
        unit, count = np.datetime_data(values.dtype)
        if count != 1 or unit not in _UNITS_PER_DAY:
            values = values.astype("datetime64[ns]")
            unit = "ns"
        return ("datetime", values.view(np.int64), _UNITS_PER_DAY[unit])
    if isinstance(dtype, pd.CategoricalDtype):
        cat = col.cat if isinstance(col, pd.Series) else col
        uniques = np.array([_date_text(u) for u in cat.categories], dtype=object)
        return ("codes", np.asarray(cat.codes), uniques)
    if dtype.kind == "O" or pdt.is_string_dtype(dtype):
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        if not all(isinstance(u, str) for u in uniques):
            uniques = np.array([_date_text(u) for u in uniques], dtype=object)
        return ("codes", np.asarray(codes), uniques)
    if dtype.kind == "f" and _all_missing_float(col):
        return ("codes", np.full(len(col), -1, dtype=np.int8), np.empty(0, dtype=object))
    raise input_error(frame, name, -1, "", f"expected dates, got dtype {dtype}")


def _number_spec(col: Any, frame: str, name: str) -> Spec:
    dtype = _dtype(col)
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        return ("numbers", _values(col))
    if pdt.is_extension_array_dtype(dtype) and pdt.is_numeric_dtype(dtype) \
            and not pdt.is_bool_dtype(dtype):
        # nullable numbers: <NA> is absent (no fine / never filed). Integers that fit int64 as
        # their values and mask, without copying; others (floats, UInt64) as float64 with NaN.
        arr = pd.array(col)
        data, mask = getattr(arr, "_data", None), getattr(arr, "_mask", None)
        if isinstance(data, np.ndarray) and isinstance(mask, np.ndarray) \
                and data.dtype.kind in "iu" and data.dtype != np.uint64 \
                and mask.dtype == np.bool_ and data.shape == mask.shape:
            return ("numbers", data, mask)
        return ("numbers", arr.to_numpy(dtype="float64", na_value=np.nan))
    if dtype.kind == "O" or pdt.is_string_dtype(dtype):  # text: the library parses it
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return ("codes", np.asarray(codes), np.asarray(uniques, dtype=object))
    raise input_error(frame, name, -1, "", f"expected numbers, got dtype {dtype}")


def _bool_spec(col: Any, frame: str, name: str) -> Spec:
    dtype = _dtype(col)
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return ("numbers", _values(col))
    if pdt.is_bool_dtype(dtype) or dtype.kind == "O" or pdt.is_string_dtype(dtype) \
            or isinstance(dtype, pd.CategoricalDtype):
        # pandas "boolean" (<NA> = absent), True/False objects or text: one value per distinct
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return ("codes", np.asarray(codes), np.asarray(uniques, dtype=object))
    if dtype.kind == "f":  # 0.0 / 1.0, NaN = absent
        return ("numbers", _values(col))
    raise input_error(frame, name, -1, "", f"expected booleans, got dtype {dtype}")


_SPEC = {"text": _text_spec, "key": _key_spec, "codes": _codes_spec, "date": _date_spec,
         "number": _number_spec, "bool": _bool_spec}


_CUSTOM_ROLES = {"enum": "codes", "bool": "bool", "number": "number", "date": "date"}


def frame_specs(data: Any, frame: str,
                custom: Sequence[Tuple[str, str]] = ()) -> Tuple[Dict[str, Spec], List[int]]:
    """Column specs of the entities (``frame="entities"``) or records frame, and the 1-based
    position of each expected column in the frame (0 when absent). ``custom``: the rule pack's
    custom columns of the frame's scope, ``(name, type)`` by ordinal — read by name when the
    frame has them (else the library takes their defaults and says so once)."""
    roles = dict(_ENTITY_ROLES if frame == "entities" else _RECORD_ROLES)
    expected = ENTITY_COLUMNS if frame == "entities" else RECORD_COLUMNS
    optional = set(_OPTIONAL)
    for name, kind in custom:
        roles[name] = _CUSTOM_ROLES[kind]
        optional.add((frame, name))
    cols = _columns(data, frame)
    missing = [c for c in expected if c not in cols and (frame, c) not in optional]
    if missing:
        raise input_error(frame, missing[0], -1, "",
                          f"missing column(s) {', '.join(missing)} "
                          f"(expected columns: {','.join(expected)})")
    lengths = {}
    out: Dict[str, Spec] = {}
    for name, role in roles.items():
        if name not in cols:
            out[name] = None
            continue
        col = _array(cols[name])
        if getattr(col, "ndim", 1) != 1:
            raise input_error(frame, name, -1, "", "expected a one-dimensional column")
        lengths[name] = len(col)
        out[name] = _SPEC[role](col, frame, name)
    if len(set(lengths.values())) > 1:
        first = expected[0]
        for name, n in lengths.items():
            if n != lengths[first]:
                raise input_error(frame, name, -1, "",
                                  f"has {n} rows, {first} has {lengths[first]}")
    names = list(cols.keys()) if not isinstance(cols, pd.DataFrame) else list(cols.columns)
    position = {n: k + 1 for k, n in reversed(list(enumerate(names)))}
    return out, [position.get(c, 0) for c in list(expected) + [n for n, _ in custom]]


def row_label(data: Any, row: int) -> Optional[Any]:
    """The index label of position ``row`` of a DataFrame with a non-default index."""
    if isinstance(data, pd.DataFrame) and not isinstance(data.index, pd.RangeIndex) \
            and 0 <= row < len(data.index):
        return data.index[row]
    if isinstance(data, pd.DataFrame) and isinstance(data.index, pd.RangeIndex) \
            and (data.index.start != 0 or data.index.step != 1) and 0 <= row < len(data.index):
        return data.index[row]
    return None


def with_label(err: Exception, entities: Any, records: Any) -> Exception:
    """Adds the index label to an InputError's message when the frame has its own index."""
    if hasattr(err, "rejected"):  # rejection_error put the labels in already
        return err
    frame = getattr(err, "frame", None)
    row = getattr(err, "row", -1)
    label = row_label(entities if frame == "entities" else records, row) if row >= 0 else None
    if label is None:
        return err
    new = input_error(err.frame, err.column, row, err.value,
                      str(err).split(": ", 1)[1] + f" (index label {label!r})")
    return new


# ---- rejected rows (the PopulationBuilder's diagnostics) ----

REJECTED_COLUMNS = ["frame", "row", "column", "field", "value", "code", "message"]


def rejected_frame(diagnostics: Sequence[Sequence[Any]],
                   positions: Optional[Dict[str, np.ndarray]] = None) -> pd.DataFrame:
    """One row per rejected input row: frame, row (0-based position in that frame), column
    (1-based position of the column), field (its name), value, code, message.

    ``positions`` maps a frame name to the rows of the full frame the converted rows came from
    (explain converts only one entity's rows)."""
    if not diagnostics:  # the usual case: a copy of one empty frame (building one costs ms)
        return _EMPTY_REJECTED.copy()
    rows = []
    for _severity, code, frame, row, column, field, value, message in diagnostics:
        if positions is not None and frame in positions and 0 <= row < len(positions[frame]):
            row = int(positions[frame][row])
        rows.append((frame, row, column, field, value, code, message))
    out = pd.DataFrame(rows, columns=REJECTED_COLUMNS)
    return out.astype({"row": np.int64, "column": np.int64})


_EMPTY_REJECTED = pd.DataFrame([], columns=REJECTED_COLUMNS).astype(
    {"row": np.int64, "column": np.int64})


def rejection_error(rejected: pd.DataFrame, entities: Any, records: Any,
                    limit: int = 100) -> Exception:
    """One :class:`xiufu.InputError` listing every rejected row (the first ``limit`` in its
    message, all of them in its ``rejected`` attribute); its ``frame``, ``column``, ``row`` and
    ``value`` are those of the first."""
    lines = []
    for r in rejected.head(limit).itertuples(index=False):
        label = row_label(entities if r.frame == "entities" else records, r.row)
        where = f" (index label {label!r})" if label is not None else ""
        value = f" [value={r.value}]" if r.value != "" else ""
        lines.append(f"{r.frame}.{r.field}, row {r.row}: {r.message}{value} ({r.code}){where}")
    if len(rejected) > limit:
        lines.append(f"… and {len(rejected) - limit} more rejected rows "
                     f"(errors='collect' returns them all in result.rejected)")
    if len(rejected) > 1:
        lines.append(f"{len(rejected)} rows rejected; errors='collect' evaluates the others")
    first = rejected.iloc[0]
    err = _core.InputError("\n".join(lines))
    err.frame, err.column, err.row, err.value = (first.frame, first.field, int(first.row),
                                                 first.value)
    err.rejected = rejected
    return err

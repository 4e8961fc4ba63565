"""Date arguments: ``str`` (``YYYY-MM-DD``, also ``YYYY/M/D``), ``datetime.date`` /
``datetime.datetime``, ``numpy.datetime64`` and pandas ``Timestamp`` are all accepted wherever
xiufu takes a date; the engine works in whole days (a time of day is dropped)."""

from __future__ import annotations

import datetime as _dt
from typing import Union

import numpy as np
import pandas as pd

from . import _core

DateLike = Union[str, _dt.date, np.datetime64, pd.Timestamp]

_EPOCH = _dt.date(1970, 1, 1)
_MIN_DAY = (_dt.date(1900, 1, 1) - _EPOCH).days
_MAX_DAY = (_dt.date(2199, 12, 31) - _EPOCH).days

__all__ = ["DateLike", "to_days", "to_date"]


def to_days(value: DateLike, what: str = "date") -> int:
    """Days since 1970-01-01 of ``value``; ``ValueError`` naming ``what`` when it is not a day."""
    if isinstance(value, str):
        try:
            return _core.parse_date(value)
        except ValueError as e:
            raise ValueError(f"{what}: {e}") from None
    if value is None or value is pd.NaT:
        raise ValueError(f"{what}: a date is required, got {value!r}")
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        if pd.isna(value):
            raise ValueError(f"{what}: a date is required, got NaT")
        value = value.date()
    if isinstance(value, _dt.date):
        days = (value - _EPOCH).days
    elif isinstance(value, np.datetime64):
        if np.isnat(value):
            raise ValueError(f"{what}: a date is required, got NaT")
        days = int(value.astype("datetime64[D]").astype(np.int64))
    else:
        raise ValueError(
            f"{what}: expected a date (str YYYY-MM-DD, datetime.date, numpy.datetime64 or "
            f"pandas.Timestamp), got {type(value).__name__} {value!r}")
    if not _MIN_DAY <= days <= _MAX_DAY:
        raise ValueError(f"{what}: {value!r} is outside the years 1900-2199")
    return days


def to_date(value: DateLike, what: str = "date") -> _dt.date:
    """``value`` as a ``datetime.date`` (same rules as :func:`to_days`)."""
    return _EPOCH + _dt.timedelta(days=to_days(value, what))

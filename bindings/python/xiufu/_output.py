"""Output columns (numpy arrays filled in C++) → pandas DataFrames, without copying the data:
dates are viewed as ``datetime64[ns]``, codes become ``pandas.Categorical`` columns."""

from __future__ import annotations

from typing import Any, Dict, Sequence

import numpy as np
import pandas as pd


def categories(values: Sequence[Any]) -> pd.CategoricalDtype:
    """A categorical dtype of small, known-unique category lists (validated by pandas)."""
    return pd.CategoricalDtype(pd.Index(list(values), dtype=object))


def unique_categories(values: np.ndarray) -> pd.CategoricalDtype:
    """A categorical dtype whose categories the engine has already checked to be unique
    (USCCs, record ids): skips pandas' O(n) uniqueness hash, which costs more than the whole
    evaluation for a district."""
    index = pd.Index(values, dtype=object, copy=False)
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if fast is not None:
        return fast(index, False)
    return pd.CategoricalDtype(index)


def cat(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Codes (-1 = missing) as a Categorical of ``dtype``."""
    return pd.Categorical.from_codes(codes, dtype=dtype)


def dates(ns: np.ndarray) -> np.ndarray:
    """int64 nanoseconds (NaT = INT64_MIN) viewed as datetime64[ns]."""
    return ns.view("datetime64[ns]")


def frame(columns: Dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)

"""Output columns (numpy arrays filled in C++) → pandas DataFrames, without copying the data:
dates are viewed as ``datetime64[ns]``, codes become ``pandas.Categorical`` columns."""

from __future__ import annotations

from typing import Any, Dict, Sequence

import numpy as np
import pandas as pd

try:  # pandas internals that let a Categorical skip re-validating engine-checked categories
    from pandas.core.dtypes.cast import coerce_indexer_dtype as _coerce_codes
    _simple_new = pd.Categorical._simple_new
    _from_fastpath = pd.CategoricalDtype._from_fastpath
except (ImportError, AttributeError):  # another pandas: the public (validating) path
    _coerce_codes = _simple_new = _from_fastpath = None


def categories(values: Sequence[Any]) -> pd.CategoricalDtype:
    """A categorical dtype of small, known-unique category lists (validated by pandas)."""
    return pd.CategoricalDtype(pd.Index(list(values), dtype=object))


def unique_categories(values: np.ndarray) -> pd.CategoricalDtype:
    """A categorical dtype whose categories the engine has already checked to be unique
    (USCCs, record ids): skips pandas' O(n) uniqueness hash, which costs about as much as the
    whole evaluation of a district. Use with :func:`cat_unchecked`."""
    index = pd.Index(values, dtype=object, copy=False)
    if _from_fastpath is not None:
        return _from_fastpath(index, False)
    return pd.CategoricalDtype(index)


def engine_categories(values: Sequence[str]) -> pd.CategoricalDtype:
    """A categorical dtype of a text list the engine deduplicated (material sets, messages,
    action sets): like :func:`unique_categories`, without pandas' uniqueness pass."""
    return unique_categories(np.array(values, dtype=object))


def cat(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Codes (-1 = missing) as a Categorical of ``dtype`` (validated by pandas)."""
    return pd.Categorical.from_codes(codes, dtype=dtype)


def cat_unchecked(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Like :func:`cat` for codes the engine produced (each in range, -1 = missing) and a dtype
    whose categories are known to be unique (the table's code lists, or a dtype from
    :func:`unique_categories` / :func:`engine_categories`): no pass over codes or categories."""
    if _simple_new is None:
        return pd.Categorical.from_codes(codes, dtype=dtype)
    return _simple_new(_coerce_codes(codes, dtype.categories), dtype)


def dates(ns: np.ndarray) -> np.ndarray:
    """int64 nanoseconds (NaT = INT64_MIN) viewed as datetime64[ns]."""
    return ns.view("datetime64[ns]")


def frame(columns: Dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)

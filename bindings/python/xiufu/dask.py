"""xiufu on Dask: evaluate a province (millions of entities) on a cluster, with pandas semantics.

Import it explicitly (``import xiufu.dask``); it needs Dask (Debian: ``python3-dask``, and
``python3-distributed`` for a cluster). ``import xiufu`` never imports it.

A population is two Dask DataFrames in the input format of docs/formats.md, **co-partitioned**:
partition *i* of ``records`` holds exactly the records of the entities in partition *i* of
``entities``, so each task evaluates whole entities. :func:`generate_province` and
:func:`read_csv` (of files :meth:`Result.to_csv` or :func:`write_district` wrote per partition)
give such frames; :func:`copartition` makes any two frames so (an entity goes to partition
``hash(uscc) % n``, see :func:`uscc_partition`).

The compiled table travels **once per worker** as its blob: on a distributed cluster a worker
plugin carries it to every worker (and to any worker that joins or is restarted later); without a
cluster the blob is one key of the task graph. Each worker process checks the blob against its
SHA-256 digest, deserializes it once and caches the table by digest; tasks carry only a small
:class:`TableRef` (the digest), never a table. The evaluation itself runs in C++ without the GIL.

Typical session (docs/scale-out.md)::

    from dask.distributed import Client, LocalCluster
    import xiufu, xiufu.dask as xd

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    table = xiufu.load_pack("rules/gongshu").compile()
    entities, records = xd.generate_province(2_000_000, partition_size=100_000)
    result = xd.evaluate(table, entities, records, as_of="2026-11-22")
    result.to_csv("out/")                    # or result.compute() for pandas frames
"""

from __future__ import annotations

import collections
import datetime as _dt
import hashlib
import math
import operator
import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

try:
    import dask
    import dask.dataframe as dd
    from dask.dataframe.shuffle import rearrange_by_column
    from dask.dataframe.utils import clear_known_categories
except ImportError as _e:  # pragma: no cover - depends on the machine
    raise ImportError("xiufu.dask needs Dask: apt-get install python3-dask python3-distributed "
                      "(or pip install 'dask[dataframe]' distributed)") from _e

import numpy as np
import pandas as pd

from ._input import ENTITY_COLUMNS, RECORD_COLUMNS
from .dates import DateLike, to_days
from .diff import diff as _diff
from .district import (DEFAULT_SEED, ENTITY_CSV_OPTIONS, RECORD_CSV_OPTIONS,
                       generate_district)
from .table import Table, _as_of, _errors

__all__ = ["evaluate", "diff", "Result", "DiffResult", "TableRef", "ship_table",
           "copartition", "uscc_partition", "generate_province", "read_csv", "write_csv",
           "parquet_engine", "checksum"]

# Columns of the output frames that hold identifiers (one distinct value per entity / record):
# plain strings in the Dask frames rather than per-partition categoricals.
_ID_COLUMNS = ("uscc", "record_id")
_MAX_CACHED_TABLES = 16


# ---------------------------------------------------------------------------------------------
# The table: shipped once per worker as its blob, cached per process by digest.
# ---------------------------------------------------------------------------------------------

class TableRef:
    """What a task carries instead of a table: the SHA-256 digest of the table's blob (plus its
    size and pack name, for messages). Resolved in each worker process by :func:`_table`."""

    __slots__ = ("digest", "size", "pack")

    def __init__(self, digest: str, size: int, pack: str):
        self.digest, self.size, self.pack = digest, size, pack

    def __reduce__(self):
        return (TableRef, (self.digest, self.size, self.pack))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableRef) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __dask_tokenize__(self):
        return ("xiufu.TableRef", self.digest)

    @property
    def plugin_name(self) -> str:
        return f"xiufu-table-{self.digest[:32]}"

    def __repr__(self) -> str:
        return f"<xiufu.dask.TableRef {self.pack} sha256:{self.digest[:12]}… {self.size} bytes>"


_cache: "collections.OrderedDict[str, Table]" = collections.OrderedDict()
_cache_lock = threading.Lock()
# Process-wide count of blobs deserialized (what "once per worker" means; tests read it).
_loads = collections.Counter()


def _digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def _remember(digest: str, table: Table) -> Table:
    with _cache_lock:
        _cache[digest] = table
        _cache.move_to_end(digest)
        while len(_cache) > _MAX_CACHED_TABLES:
            _cache.popitem(last=False)
    return table


def _install(digest: str, blob: bytes) -> Table:
    """The table of ``blob``, checked against ``digest``, deserialized once per process."""
    with _cache_lock:
        table = _cache.get(digest)
        if table is not None:
            _cache.move_to_end(digest)
            return table
        got = _digest(blob)
        if got != digest:
            raise ValueError(f"xiufu.dask: the table blob arrived corrupt (sha256 {got[:12]}…, "
                             f"expected {digest[:12]}…)")
        table = Table.from_bytes(blob)  # checks the blob's own header and checksum too
        _loads[digest] += 1
    return _remember(digest, table)


def _table(ref: TableRef, blob: Optional[bytes]) -> Table:
    """The table a task needs: from this process's cache, else from the blob key of the graph,
    else from this worker's plugin."""
    with _cache_lock:
        table = _cache.get(ref.digest)
    if table is not None:
        return table
    if blob is not None:
        return _install(ref.digest, blob)
    try:
        from distributed import get_worker
        plugin = get_worker().plugins.get(ref.plugin_name)
    except (ImportError, ValueError):
        plugin = None
    if plugin is not None:
        return _install(ref.digest, plugin.blob)
    raise RuntimeError(f"xiufu.dask: table {ref} was not shipped to this worker "
                       "(xiufu.dask.ship_table(table, client) registers it)")


try:
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - Dask without distributed: local schedulers only
    _WorkerPluginBase = object


class _TablePlugin(_WorkerPluginBase):
    """Carries one table blob to every worker (pickled once per worker by the scheduler, also to
    workers that join or restart later) and installs it in the worker process's cache."""

    def __init__(self, digest: str, blob: bytes):
        self.digest = digest
        self.blob = blob
        self.name = f"xiufu-table-{digest[:32]}"

    def setup(self, worker=None):
        _install(self.digest, self.blob)


def _client(client: Any):
    """The distributed client to use: ``client`` itself, the current one for ``None``, none for
    ``False`` (local schedulers)."""
    if client is False:
        return None
    if client is not None:
        return client
    try:
        from distributed import default_client
        return default_client()
    except (ImportError, ValueError):
        return None


_shipped_lock = threading.Lock()


def ship_table(table: Table, client: Any = None) -> Tuple[TableRef, Optional[bytes]]:
    """Makes ``table`` available to the workers: ``(ref, blob)``.

    With a distributed client (``client``, or the current one when None) the blob goes to every
    worker once in a worker plugin (registered once per client and digest; workers that start
    later get it too) and ``blob`` is None. Without one (``client=False`` or no cluster), the
    table is cached in this process and ``blob`` is returned to be put into the graph as one
    key (used by the process-based local scheduler; threads find the cached table)."""
    if not isinstance(table, Table):
        raise TypeError(f"expected a xiufu.Table, got {type(table).__name__}")
    blob = table.to_bytes()
    ref = TableRef(_digest(blob), len(blob), table.pack_name)
    _remember(ref.digest, table)
    c = _client(client)
    if c is None:
        return ref, blob
    with _shipped_lock:
        shipped = c.__dict__.setdefault("_xiufu_shipped_tables", set())
        if ref.digest not in shipped:
            c.register_worker_plugin(_TablePlugin(ref.digest, blob), name=ref.plugin_name)
            shipped.add(ref.digest)
    return ref, None


# ---------------------------------------------------------------------------------------------
# Co-partitioning
# ---------------------------------------------------------------------------------------------

_PART = "_partitions"  # the column name a Dask shuffle takes as the target partition itself


def uscc_partition(uscc: Any, npartitions: int) -> np.ndarray:
    """The partition of each USCC among ``npartitions``: ``pandas.util.hash_array`` (SipHash with
    pandas' fixed key, the same on every machine and run) of the text, modulo ``npartitions``."""
    values = np.asarray(pd.Series(uscc, copy=False).astype(object), dtype=object)
    h = pd.util.hash_array(values, categorize=True)
    return (h % np.uint64(npartitions)).astype(np.int64)


def _with_partition(df: pd.DataFrame, npartitions: int) -> pd.DataFrame:
    return df.assign(**{_PART: uscc_partition(df["uscc"], npartitions)})


def _drop_partition(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=[_PART])


def copartition(entities: dd.DataFrame, records: dd.DataFrame,
                npartitions: Optional[int] = None) -> Tuple[dd.DataFrame, dd.DataFrame]:
    """Shuffles ``entities`` and ``records`` into ``npartitions`` partitions (default: the larger
    of their counts) so that partition *i* of both holds the entities whose
    ``uscc_partition(uscc, npartitions) == i`` and their records (a task-based Dask shuffle to
    exactly that partition; the rows of one partition keep their relative input order). Lazy."""
    n = int(npartitions or max(entities.npartitions, records.npartitions))
    if n < 1:
        raise ValueError(f"npartitions must be >= 1, got {n}")
    out = []
    for frame in (entities, records):
        meta = frame._meta.assign(**{_PART: np.zeros(0, dtype=np.int64)})
        keyed = frame.map_partitions(_with_partition, n, meta=meta)
        shuffled = rearrange_by_column(keyed, _PART, npartitions=n, shuffle="tasks",
                                       ignore_index=True)
        out.append(shuffled.map_partitions(_drop_partition, meta=frame._meta))
    return out[0], out[1]


_copartition = copartition  # evaluate() and diff() have a flag of that name


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------

def _strings(col: pd.Series) -> pd.Series:
    """A categorical / object id column as plain Python strings (object dtype)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return pd.Series(np.asarray(col, dtype=object), index=col.index, name=col.name)
    return col


def _normalize(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy(deep=False)
    for c in _ID_COLUMNS:
        if c in frame.columns:
            frame[c] = _strings(frame[c])
    return frame


def _result_frames(result: Any) -> Dict[str, pd.DataFrame]:
    """The DataFrames of an EvaluationResult (records, entities, alerts, and any other the
    package adds, e.g. plans), ids as strings; ``rejected`` separately."""
    out = {}
    for name, value in vars(result).items():
        if name != "rejected" and not name.startswith("_") and isinstance(value, pd.DataFrame):
            out[name] = _normalize(value)
    return out


def _evaluate_part(ref: TableRef, blob: Optional[bytes], entities: pd.DataFrame,
                   records: pd.DataFrame, as_of_days: int, reasons: bool, errors: str,
                   threads: int, partition: int, plans: bool = False) -> Dict[str, pd.DataFrame]:
    table = _table(ref, blob)
    as_of = _dt.date(1970, 1, 1) + _dt.timedelta(days=as_of_days)
    entities, records = entities.reset_index(drop=True), records.reset_index(drop=True)
    result = table.evaluate(entities, records, as_of=as_of, threads=threads, reasons=reasons,
                            errors=errors)
    out = _result_frames(result)
    if plans:  # the repair plans of the partition's entities still shown (Table.plans)
        out["plans"] = _normalize(table.plans(entities, records, as_of=as_of, threads=threads,
                                              errors=errors))
    rejected = result.rejected.copy()
    rejected.insert(0, "partition", np.full(len(rejected), partition, dtype=np.int64))
    out["rejected"] = rejected
    return out


def _table_dtypes(table: Table) -> List[pd.CategoricalDtype]:
    """The categorical dtypes a table gives its output columns whatever the data (platform,
    status, rule_id, …): every CategoricalDtype among the table's attributes."""
    found = []
    for value in vars(table).values():
        values = value.values() if isinstance(value, dict) else [value]
        found.extend(v for v in values if isinstance(v, pd.CategoricalDtype))
    return found


def _meta_of(frame: pd.DataFrame, fixed: Sequence[pd.CategoricalDtype] = ()) -> pd.DataFrame:
    """Dask meta: empty, with the categorical columns whose categories depend on the data (not
    one of the ``fixed`` dtypes) marked unknown; they differ per partition and compute() unions
    them."""
    meta = frame.iloc[:0]
    data_dependent = [c for c in meta.columns
                      if isinstance(meta[c].dtype, pd.CategoricalDtype)
                      and not any(meta[c].dtype == f for f in fixed)]
    if data_dependent:
        meta = clear_known_categories(meta, cols=data_dependent)
    return meta


def _check_frames(entities: Any, records: Any) -> None:
    for name, frame in (("entities", entities), ("records", records)):
        if not isinstance(frame, dd.DataFrame):
            raise TypeError(f"{name}: expected a dask.dataframe.DataFrame, got "
                            f"{type(frame).__name__} (use Table.evaluate for pandas frames)")
    if entities.npartitions != records.npartitions:
        raise ValueError(f"entities has {entities.npartitions} partitions and records "
                         f"{records.npartitions}: co-partition them with "
                         "xiufu.dask.copartition(entities, records) (or copartition=True)")


def _blob_arg(ref: TableRef, blob: Optional[bytes]):
    """The blob as one key of the graph (local schedulers), or None (distributed: the plugin)."""
    if blob is None:
        return None
    return dask.delayed(blob, name=f"xiufu-table-blob-{ref.digest[:32]}")


def _frames_from_parts(parts: List[Any], metas: Dict[str, pd.DataFrame]) -> Dict[str, dd.DataFrame]:
    out = {}
    for name, meta in metas.items():
        pieces = [dask.delayed(operator.getitem, pure=True)(p, name) for p in parts]
        out[name] = dd.from_delayed(pieces, meta=meta, verify_meta=False)
    return out


class Result:
    """An evaluation on Dask: lazy Dask DataFrames, one partition per input partition.

    ``records``, ``entities``, ``alerts`` (and every other frame the package's
    :class:`xiufu.EvaluationResult` has, e.g. ``plans``) with the columns of the in-memory result;
    ``uscc`` and ``record_id`` are strings (object) rather than categoricals, and code columns
    whose categories depend on the data (materials, messages, reasons) are categoricals with
    unknown categories. ``rejected``: the rows the library rejected (``errors="collect"``), with
    a ``partition`` column; ``row`` is the position inside that partition.

    The frames share one evaluation task per partition: compute them together
    (:meth:`compute`, :meth:`persist`, :meth:`to_csv`), not one after another, or each
    ``.compute()`` evaluates again.
    """

    def __init__(self, frames: Dict[str, dd.DataFrame], as_of: _dt.date, table: TableRef):
        self.frames = frames
        self.as_of = as_of
        self.table = table
        for name, frame in frames.items():
            setattr(self, name, frame)

    @property
    def npartitions(self) -> int:
        return next(iter(self.frames.values())).npartitions

    def compute(self, progress: bool = False, **kwargs: Any) -> "ComputedResult":
        """All frames in one pass, as pandas DataFrames. ``progress``: show a progress bar
        (``distributed.progress`` on a cluster, ``dask.diagnostics.ProgressBar`` otherwise)."""
        values = _compute(list(self.frames.values()), progress, **kwargs)
        return ComputedResult(dict(zip(self.frames, values)), self.as_of)

    def persist(self, **kwargs: Any) -> "Result":
        """The frames persisted together (in cluster memory on a distributed client)."""
        values = dask.persist(*self.frames.values(), **kwargs)
        return Result(dict(zip(self.frames, values)), self.as_of, self.table)

    def to_csv(self, directory: Union[str, os.PathLike], frames: Optional[Sequence[str]] = None,
               progress: bool = False, **kwargs: Any) -> List[str]:
        """Writes ``DIR/<frame>/part-00000.csv`` … (one file per partition, UTF-8, no index) for
        every frame (or those named in ``frames``) in one pass; returns the file names."""
        return write_csv(self._selected(frames), directory, progress=progress, **kwargs)

    def to_parquet(self, directory: Union[str, os.PathLike],
                   frames: Optional[Sequence[str]] = None, engine: Optional[str] = None,
                   **kwargs: Any) -> None:
        """Writes ``DIR/<frame>/`` as partitioned Parquet with ``engine`` (default: the one
        :func:`parquet_engine` finds); ``ImportError`` when none is installed."""
        engine = engine or parquet_engine()
        if engine is None:
            raise ImportError("no Parquet engine (pyarrow or fastparquet) is installed; Debian "
                              "12 packages neither — use to_csv, or pip install pyarrow")
        d = os.fspath(directory)
        writes = [frame.to_parquet(os.path.join(d, name), engine=engine, write_index=False,
                                   compute=False, **kwargs)
                  for name, frame in self._selected(frames).items()]
        dask.compute(*writes)

    def _selected(self, frames: Optional[Sequence[str]]) -> Dict[str, dd.DataFrame]:
        names = list(self.frames) if frames is None else list(frames)
        unknown = [n for n in names if n not in self.frames]
        if unknown:
            raise ValueError(f"unknown frame(s) {unknown}; the result has {list(self.frames)}")
        return {n: self.frames[n] for n in names}

    def __repr__(self) -> str:
        return (f"<xiufu.dask.Result as of {self.as_of}: {', '.join(self.frames)} in "
                f"{self.npartitions} partitions>")


class ComputedResult:
    """A computed :class:`Result`: the same frame names as pandas DataFrames (partitions
    concatenated in order, index 0..n-1)."""

    def __init__(self, frames: Dict[str, pd.DataFrame], as_of: _dt.date):
        self.frames = {n: f.reset_index(drop=True) for n, f in frames.items()}
        self.as_of = as_of
        for name, frame in self.frames.items():
            setattr(self, name, frame)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(f)} {n}" for n, f in self.frames.items())
        return f"<xiufu.dask.ComputedResult as of {self.as_of}: {sizes}>"


def _compute(collections_: List[Any], progress: bool, **kwargs: Any) -> List[Any]:
    if not progress:
        return list(dask.compute(*collections_, **kwargs))
    c = _client(None)
    if c is not None:
        from distributed import progress as _progress
        futures = c.compute(collections_, **kwargs)
        _progress(futures)
        return c.gather(futures)
    from dask.diagnostics import ProgressBar
    with ProgressBar():
        return list(dask.compute(*collections_, **kwargs))


def evaluate(table: Table, entities: dd.DataFrame, records: dd.DataFrame, *,
             as_of: Optional[DateLike] = None, reasons: bool = False, errors: str = "raise",
             threads: int = 1, copartition: bool = False, client: Any = None,
             plans: bool = False) -> Result:
    """Evaluates a co-partitioned population on Dask: a :class:`Result` of lazy Dask frames
    (records, entities, alerts, rejected; with ``plans=True`` also ``plans``, the steps of
    :meth:`xiufu.Table.plans` for the entities still shown).

    ``entities`` / ``records``: Dask DataFrames in the input format of docs/formats.md, with
    the same number of partitions and each entity's records in its partition (see
    :func:`copartition`; ``copartition=True`` shuffles them first). A record whose entity is not
    in its partition is rejected by the library like an unknown entity (``errors="raise"``
    raises when the result is computed). ``as_of`` (default: today, fixed now), ``reasons``,
    ``errors`` as in :meth:`xiufu.Table.evaluate`; ``threads``: engine threads per task (1:
    Dask's workers give the parallelism). ``client``: the distributed client to ship the table
    to (default: the current one; ``False``: local schedulers).

    Each partition gives exactly the rows ``table.evaluate`` gives for its entities, so the
    concatenated frames equal the single-process result up to row order.
    """
    _check_types(table)
    _errors(errors)
    if copartition:
        entities, records = _copartition(entities, records)
    _check_frames(entities, records)
    days = _as_of(as_of)
    ref, blob = ship_table(table, client)
    # meta: the frames of an empty evaluation (here, on the client, with the table itself)
    empty = _evaluate_part(ref, None, entities._meta, records._meta, days, bool(reasons),
                           errors, int(threads), 0, bool(plans))
    fixed = _table_dtypes(table)
    metas = {name: _meta_of(frame, fixed) for name, frame in empty.items()}
    blob_arg = _blob_arg(ref, blob)
    ent_parts = entities.to_delayed()
    rec_parts = records.to_delayed()
    parts = [dask.delayed(_evaluate_part, pure=True)(ref, blob_arg, e, r, days, bool(reasons),
                                                     errors, int(threads), i, bool(plans))
             for i, (e, r) in enumerate(zip(ent_parts, rec_parts))]
    as_of_date = _dt.date(1970, 1, 1) + _dt.timedelta(days=days)
    return Result(_frames_from_parts(parts, metas), as_of_date, ref)


def _check_types(*tables: Any) -> None:
    for t in tables:
        if not isinstance(t, Table):
            raise TypeError(f"expected a xiufu.Table, got {type(t).__name__}")


# ---------------------------------------------------------------------------------------------
# What-if
# ---------------------------------------------------------------------------------------------

def _diff_part(before: TableRef, before_blob: Optional[bytes], after: TableRef,
               after_blob: Optional[bytes], entities: pd.DataFrame, records: pd.DataFrame,
               as_of_days: int, errors: str, threads: int, partition: int) -> Dict[str, Any]:
    t0, t1 = _table(before, before_blob), _table(after, after_blob)
    as_of = _dt.date(1970, 1, 1) + _dt.timedelta(days=as_of_days)
    d = _diff(t0, t1, entities.reset_index(drop=True), records.reset_index(drop=True),
              as_of=as_of, threads=threads, errors=errors)
    rejected = d.rejected.copy()
    rejected.insert(0, "partition", np.full(len(rejected), partition, dtype=np.int64))
    return {"changes": _normalize(d.changes), "entities": _normalize(d.entities),
            "rejected": rejected, "by_department": d.by_department,
            "transitions": d.transitions, "pairs_compared": d.pairs_compared}


def _total(items: Sequence[Any]) -> Any:
    out = items[0]
    for x in items[1:]:
        out = out + x
    return out


class DiffResult:
    """A what-if on Dask. ``changes``, ``entities``, ``rejected``: lazy Dask DataFrames with the
    columns of :class:`xiufu.DiffResult`'s (ids as strings); ``by_department``,
    ``transitions``, ``pairs_compared``: lazy ``dask.delayed`` totals over the partitions.
    :meth:`compute` computes everything in one pass."""

    def __init__(self, frames: Dict[str, dd.DataFrame], totals: Dict[str, Any], as_of: _dt.date):
        self.frames, self.totals, self.as_of = frames, totals, as_of
        for name, value in {**frames, **totals}.items():
            setattr(self, name, value)

    def compute(self, progress: bool = False, **kwargs: Any) -> ComputedResult:
        names = list(self.frames) + list(self.totals)
        values = _compute(list(self.frames.values()) + list(self.totals.values()), progress,
                          **kwargs)
        frames = {n: v for n, v in zip(names, values) if n in self.frames}
        out = ComputedResult(frames, self.as_of)
        for n, v in zip(names, values):
            if n in self.totals:
                setattr(out, n, v)
        return out

    def __repr__(self) -> str:
        return f"<xiufu.dask.DiffResult as of {self.as_of}: {', '.join(self.frames)}>"


def diff(before: Table, after: Table, entities: dd.DataFrame, records: dd.DataFrame, *,
         as_of: Optional[DateLike] = None, errors: str = "raise", threads: int = 1,
         copartition: bool = False, client: Any = None) -> DiffResult:
    """:func:`xiufu.diff` on Dask: every record × platform (and entity) whose outcome differs
    between ``before`` and ``after``, per partition. Arguments as in :func:`evaluate`; both
    tables travel once per worker."""
    _check_types(before, after)
    _errors(errors)
    if copartition:
        entities, records = _copartition(entities, records)
    _check_frames(entities, records)
    days = _as_of(as_of)
    ref0, blob0 = ship_table(before, client)
    ref1, blob1 = ship_table(after, client)
    empty = _diff_part(ref0, None, ref1, None, entities._meta, records._meta, days, errors,
                       int(threads), 0)
    frame_names = ("changes", "entities", "rejected")
    fixed = _table_dtypes(before) + _table_dtypes(after)
    metas = {n: _meta_of(empty[n], fixed) for n in frame_names}
    b0, b1 = _blob_arg(ref0, blob0), _blob_arg(ref1, blob1)
    parts = [dask.delayed(_diff_part, pure=True)(ref0, b0, ref1, b1, e, r, days, errors,
                                                 int(threads), i)
             for i, (e, r) in enumerate(zip(entities.to_delayed(), records.to_delayed()))]
    frames = _frames_from_parts(parts, metas)
    totals = {n: dask.delayed(_total, pure=True)(
                  [dask.delayed(operator.getitem, pure=True)(p, n) for p in parts])
              for n in ("by_department", "transitions", "pairs_compared")}
    return DiffResult(frames, totals, _dt.date(1970, 1, 1) + _dt.timedelta(days=days))


# ---------------------------------------------------------------------------------------------
# A synthetic province
# ---------------------------------------------------------------------------------------------

_USCC_VALUE = np.full(256, -1, dtype=np.int64)
for _k, _c in enumerate(b"0123456789ABCDEFGHJKLMNPQRTUWXY"):
    _USCC_VALUE[_c] = _k
_USCC_CHARSET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
MAX_PROVINCE_PARTITIONS = 5000


def _check_values(chars: np.ndarray) -> np.ndarray:
    """GB 32100-2015 check character values for rows of 17+ USCC characters (uint8)."""
    s = (_USCC_VALUE[chars[:, :17]] * _USCC_WEIGHTS).sum(axis=1)
    c = 31 - s % 31
    return np.where(c == 31, 0, c)


def _partition_seed(seed: int, partition: int) -> int:
    return int(np.random.SeedSequence([int(seed), int(partition)]).generate_state(
        1, dtype=np.uint64)[0])


def _province_ids(entities: pd.DataFrame, records: pd.DataFrame,
                  partition: int) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """USCCs and record ids unique across the province: the generator makes the first 17
    characters of USCCs unique within its district, with division code 330105 or 330103
    (positions 3–8); partition p gets the divisions 33{2p:04d} and 33{2p+1:04d} instead (one for
    each of the two), the check character is recomputed keeping each planted wrong one wrong by
    the same offset, and record ids get the prefix ``P{p:04d}``."""
    old = entities["uscc"].to_numpy(dtype=object)
    chars = np.frombuffer("".join(old).encode("ascii"), dtype=np.uint8).reshape(len(old), 18)
    chars = chars.copy()
    offset = (_USCC_VALUE[chars[:, 17]] - _check_values(chars)) % 31
    second = (chars[:, 2:8] != np.frombuffer(b"330105", dtype=np.uint8)).any(axis=1)
    division = np.where(second, 2 * partition + 1, 2 * partition)
    digits = np.stack([(division // 10 ** k) % 10 for k in (3, 2, 1, 0)], axis=1)
    chars[:, 2:4] = np.frombuffer(b"33", dtype=np.uint8)
    chars[:, 4:8] = (digits + ord("0")).astype(np.uint8)
    chars[:, 17] = _USCC_CHARSET[(_check_values(chars) + offset) % 31]
    new = np.array([b.decode("ascii") for b in chars.view("S18").ravel()], dtype=object)
    position = pd.Index(old).get_indexer(records["uscc"].to_numpy(dtype=object))
    entities = entities.assign(uscc=new)
    records = records.assign(uscc=new[position],
                             record_id=f"P{partition:04d}" + records["record_id"].astype(object))
    return entities, records


def _generate_part(partition: int, n: int, seed: int, dense: bool, snapshot: Optional[int],
                   invalid_uscc_share: float) -> Tuple[pd.DataFrame, pd.DataFrame]:
    snap = None if snapshot is None else _dt.date(1970, 1, 1) + _dt.timedelta(days=snapshot)
    entities, records = generate_district(n, seed=_partition_seed(seed, partition), dense=dense,
                                          snapshot=snap, invalid_uscc_share=invalid_uscc_share)
    return _province_ids(entities, records, partition)


def generate_province(n: int = 10_000_000, partitions: Optional[int] = None, *,
                      partition_size: int = 100_000, seed: int = DEFAULT_SEED,
                      dense: bool = False, snapshot: Optional[DateLike] = None,
                      invalid_uscc_share: float = 0.0005) -> Tuple[dd.DataFrame, dd.DataFrame]:
    """A deterministic synthetic province of ``n`` entities as co-partitioned Dask frames
    ``(entities, records)``, generated on the workers: no frame passes through the client.

    ``partitions`` (default ``ceil(n / partition_size)``, at most 5,000) districts of
    ``n // partitions`` entities (the first ``n % partitions`` one more), each
    :func:`xiufu.generate_district` with the seed ``SeedSequence([seed, p])`` and its own
    division codes, so USCCs and record ids are unique across the province (see
    :func:`_province_ids`). The same arguments give the same frames on any cluster. Dtypes are
    those of :func:`xiufu.generate_district` (category columns with per-partition categories).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    parts = int(partitions) if partitions is not None else max(1, math.ceil(n / partition_size))
    if not 1 <= parts <= MAX_PROVINCE_PARTITIONS:
        raise ValueError(f"partitions must be between 1 and {MAX_PROVINCE_PARTITIONS}, got {parts}")
    snap = to_days(snapshot, "snapshot") if snapshot is not None else None
    base, extra = divmod(int(n), parts)
    sizes = [base + (1 if p < extra else 0) for p in range(parts)]
    e0, r0 = generate_district(0)
    metas = (_meta_of(e0), _meta_of(r0))
    gen = [dask.delayed(_generate_part, pure=True)(p, sizes[p], int(seed), bool(dense), snap,
                                                   float(invalid_uscc_share))
           for p in range(parts)]
    frames = tuple(
        dd.from_delayed([dask.delayed(operator.getitem, pure=True)(g, k) for g in gen],
                        meta=metas[k], verify_meta=False)
        for k in (0, 1))
    return frames[0], frames[1]


# ---------------------------------------------------------------------------------------------
# CSV in and out
# ---------------------------------------------------------------------------------------------

def read_csv(entities: Union[str, Sequence[str]], records: Union[str, Sequence[str]], *,
             blocksize: Optional[Union[int, str]] = None, encoding: str = "utf-8-sig",
             copartitioned: bool = False, npartitions: Optional[int] = None
             ) -> Tuple[dd.DataFrame, dd.DataFrame]:
    """A district from many CSV files: ``dask.dataframe.read_csv`` of the entity files and of
    the record files (paths or globs) with the package's options (``xiufu.ENTITY_CSV_OPTIONS``,
    ``xiufu.RECORD_CSV_OPTIONS``: the dtypes of :func:`xiufu.read_entities`); the values are
    judged and the codes mapped per partition by the library's PopulationBuilder when evaluated,
    as for any frame.

    ``blocksize``: None (default) = one partition per file, else split files into blocks.
    ``encoding``: a Python codec (default ``utf-8-sig``: UTF-8 with or without the BOM xiufu
    writes; ``gb18030`` for files from zh-CN Excel). ``copartitioned``: the i-th entity file's
    records are exactly those of the i-th record file (files written per partition by
    :meth:`Result.to_csv` of frames from :func:`generate_province`, or by :func:`write_csv`);
    otherwise the frames are :func:`copartition`-ed into ``npartitions`` partitions.
    """
    e = dd.read_csv(entities, blocksize=blocksize, encoding=encoding, **ENTITY_CSV_OPTIONS)
    r = dd.read_csv(records, blocksize=blocksize, encoding=encoding, **RECORD_CSV_OPTIONS)
    e = e[[c for c in ENTITY_COLUMNS if c in e.columns]]
    r = r[list(RECORD_COLUMNS)]
    if copartitioned:
        if e.npartitions != r.npartitions:
            raise ValueError(f"copartitioned=True but the entity files give {e.npartitions} "
                             f"partitions and the record files {r.npartitions}")
        return e, r
    return copartition(e, r, npartitions)


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD (empty for NaT), booleans as true/false: the project's CSV format."""
    out = df.copy(deep=False)
    for c in out.columns:
        col = out[c]
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            out[c] = col.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_bool_dtype(col.dtype) and not pd.api.types.is_extension_array_dtype(
                col.dtype):
            out[c] = np.where(col.to_numpy(), "true", "false")
    return out


def _part_name(i: int) -> str:
    return f"{i:05d}"


def write_csv(frames: Dict[str, dd.DataFrame], directory: Union[str, os.PathLike],
              progress: bool = False, **kwargs: Any) -> List[str]:
    """Writes each Dask frame to ``DIR/<name>/part-00000.csv`` … (one file per partition;
    UTF-8 without BOM, dates ``YYYY-MM-DD``, booleans ``true``/``false``, no index) in one pass.
    Input frames written this way (``{"entities": e, "records": r}`` of co-partitioned frames)
    read back with ``read_csv(..., copartitioned=True)``."""
    d = os.fspath(directory)
    writes = []
    for name, frame in frames.items():
        os.makedirs(os.path.join(d, name), exist_ok=True)
        ready = frame.map_partitions(_csv_ready, meta=_csv_ready(frame._meta))
        writes.append(ready.to_csv(os.path.join(d, name, "part-*.csv"), index=False,
                                   name_function=_part_name, compute=False, **kwargs))
    values = _compute(writes, progress)
    return [f for v in values for f in (v if isinstance(v, list) else [v])]


def parquet_engine() -> Optional[str]:
    """"pyarrow" or "fastparquet" when installed, else None (Debian 12 packages neither)."""
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
            return engine
        except ImportError:
            continue
    return None


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

def checksum(frame: pd.DataFrame) -> int:
    """An order-independent checksum of a frame's rows (their values, as text): the sum of
    ``pandas.util.hash_pandas_object`` over the rows, modulo 2**64. Equal frames (in any row
    order, categorical or not) have equal checksums; a lost or a repeated row changes it."""
    text = pd.DataFrame({c: frame[c].astype(object).astype(str).to_numpy() for c in frame.columns})
    return int(pd.util.hash_pandas_object(text, index=False).to_numpy().sum(dtype=np.uint64))

"""xiufu.dask on a LocalCluster of 2 worker processes: the result equals Table.evaluate exactly,
the table travels once per worker (never inside a task), and a worker killed in the middle of
a run loses nothing. Skipped when Dask or distributed is not installed."""

from __future__ import annotations

import os
import pickle
import signal
import time

import pandas as pd
import pytest

import xiufu
from conftest import GONGSHU

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
xd = pytest.importorskip("xiufu.dask")

AS_OF = "2026-11-22"
pytestmark = [
    pytest.mark.filterwarnings("ignore:Port 8787 is already in use"),  # dashboard off, http on
    pytest.mark.filterwarnings("ignore:Running on a single-machine scheduler"),
    pytest.mark.filterwarnings("ignore:make_current is deprecated"),
]
TIMEOUT = 60  # seconds for any one wait on the cluster


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, memory_limit="2GiB",
                                       silence_logs=50)
    c = distributed.Client(cluster, timeout=TIMEOUT)
    try:
        yield c
    finally:
        c.close(timeout=TIMEOUT)
        cluster.close(timeout=TIMEOUT)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as objects, rows sorted by every column: comparable regardless of
    partitioning and per-partition categories."""
    out = pd.DataFrame({c: (frame[c].astype(object) if isinstance(frame[c].dtype,
                                                                  pd.CategoricalDtype)
                            else frame[c]) for c in frame.columns})
    key = pd.DataFrame({c: out[c].astype(str) for c in out.columns})
    order = key.sort_values(list(key.columns), kind="stable").index
    return out.loc[order].reset_index(drop=True)


def _assert_same(dask_frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(dask_frame.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(_plain(dask_frame), _plain(expected), check_dtype=True)


def _walk(obj, seen=None):
    """Every object reachable from a task graph (tasks, arguments, fused subgraphs)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    yield obj
    if isinstance(obj, (tuple, list, set)):
        for x in obj:
            yield from _walk(x, seen)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(k, seen)
            yield from _walk(v, seen)
    elif hasattr(obj, "dsk"):  # dask.optimization.SubgraphCallable
        yield from _walk(obj.dsk, seen)
    elif hasattr(obj, "args") and hasattr(obj, "func"):  # functools.partial
        yield from _walk(obj.args, seen)
        yield from _walk(getattr(obj, "keywords", {}) or {}, seen)


def _graph_objects(*collections):
    for c in collections:
        yield from _walk(dict(c.__dask_graph__()))


def test_equal_to_one_machine(client, gen_table):
    table, entities, records = gen_table  # Gongshu, 5,000 generated entities
    expected = table.evaluate(entities, records, as_of=AS_OF)
    e = dd.from_pandas(entities, npartitions=3)
    r = dd.from_pandas(records, npartitions=2)
    e, r = xd.copartition(e, r, npartitions=4)
    result = xd.evaluate(table, e, r, as_of=AS_OF)
    assert set(result.frames) >= {"records", "entities", "alerts", "rejected"}

    # the graph holds the table's digest, never a table nor its blob (the plugin ships it)
    blob = table.to_bytes()
    for obj in _graph_objects(*result.frames.values()):
        assert not isinstance(obj, (xiufu.Table, xiufu._core.Table))
        assert not (isinstance(obj, bytes) and len(obj) >= len(blob) // 2)
    with pytest.raises(Exception):
        pickle.dumps(table)

    got = result.compute()
    for name in ("records", "entities", "alerts"):
        _assert_same(getattr(got, name), getattr(expected, name))
    assert len(got.rejected) == 0
    assert result.npartitions == 4

    # the table was deserialized once per worker process, and cached there
    loads = client.run(lambda: dict(__import__("xiufu.dask").dask._loads))
    digest = result.table.digest
    assert all(v.get(digest) == 1 for v in loads.values()), loads


def test_partitions_follow_uscc_hash(client, gen_table):
    table, entities, records = gen_table
    e, r = xd.copartition(dd.from_pandas(entities, npartitions=2),
                          dd.from_pandas(records, npartitions=2), npartitions=3)
    for i, (pe, pr) in enumerate(zip(e.to_delayed(), r.to_delayed())):
        pe, pr = dask.compute(pe, pr)
        assert (xd.uscc_partition(pe["uscc"], 3) == i).all()
        assert (xd.uscc_partition(pr["uscc"], 3) == i).all()


def test_diff_equal_to_one_machine(client, gen_table):
    table, entities, records = gen_table
    try:
        pack = xiufu.load_pack(GONGSHU)
    except (xiufu.PackError, OSError) as e:  # as the gongshu_table fixture
        pytest.skip(f"rules/gongshu does not load: {str(e).splitlines()[0]}")
    edited = pack.with_cell("O36-GEN-01", "eligible_from", "decision_date + 6m").compile()
    expected = xiufu.diff(table, edited, entities, records, as_of=AS_OF)
    e, r = xd.copartition(dd.from_pandas(entities, npartitions=2),
                          dd.from_pandas(records, npartitions=2), npartitions=3)
    got = xd.diff(table, edited, e, r, as_of=AS_OF).compute()
    assert len(expected.changes) > 0
    _assert_same(got.changes, expected.changes)
    _assert_same(got.entities, expected.entities)
    pd.testing.assert_frame_equal(got.by_department, expected.by_department)
    pd.testing.assert_frame_equal(got.transitions, expected.transitions)
    assert got.pairs_compared == expected.pairs_compared


def test_local_scheduler_and_csv_round_trip(tmp_path, gen_table):
    """Without a cluster (threads): the blob is one graph key; a province written per partition
    as CSV reads back co-partitioned and evaluates to the same rows."""
    table = gen_table[0]
    e, r = xd.generate_province(1200, partitions=3, seed=5)
    with dask.config.set(scheduler="threads"):
        pe, pr = dask.compute(e, r)
        assert pe["uscc"].is_unique and pr["record_id"].is_unique
        assert set(pr["uscc"]) <= set(pe["uscc"])
        # planted wrong check characters stay wrong, the others stay right
        direct = table.evaluate(pe, pr, as_of=AS_OF)
        xd.write_csv({"entities": e, "records": r}, tmp_path / "in")
        files = sorted(os.listdir(tmp_path / "in" / "entities"))
        assert files == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
        e2, r2 = xd.read_csv(str(tmp_path / "in" / "entities" / "*.csv"),
                             str(tmp_path / "in" / "records" / "*.csv"), copartitioned=True)
        result = xd.evaluate(table, e2, r2, as_of=AS_OF, client=False, plans=True)
        blobs = [o for o in _graph_objects(result.records)
                 if isinstance(o, bytes) and len(o) > 1000]
        assert len(blobs) == 1  # the blob: one key of the graph, whatever the partition count
        got = result.compute()
        written = result.to_csv(tmp_path / "out", frames=["records", "alerts"])
    _assert_same(got.records, direct.records)
    _assert_same(got.alerts, direct.alerts)
    _assert_same(got.entities, direct.entities)
    # the plans of every partition together are the single-process plans
    want_plans = table.plans(pe, pr, as_of=AS_OF)
    assert len(got.plans) == len(want_plans) > 0
    key = ["uscc", "step"]
    gp = got.plans.sort_values(key).reset_index(drop=True)
    wp = want_plans.astype({"uscc": str}).sort_values(key).reset_index(drop=True)
    for col in ["kind", "date", "zh", "en"]:
        assert gp[col].astype(str).tolist() == wp[col].astype(str).tolist(), col
    assert len(written) == 6
    back = pd.concat([pd.read_csv(tmp_path / "out" / "records" / f, dtype=str,
                                  keep_default_na=False)
                      for f in sorted(os.listdir(tmp_path / "out" / "records"))])
    assert len(back) == len(direct.records)


def test_province_is_deterministic_and_unique():
    e1, r1 = xd.generate_province(900, partitions=3, seed=9)
    e2, r2 = xd.generate_province(900, partitions=3, seed=9)
    with dask.config.set(scheduler="sync"):
        a, b = dask.compute(e1, r1)
        c, d = dask.compute(e2, r2)
    pd.testing.assert_frame_equal(a, c)
    pd.testing.assert_frame_equal(b, d)
    assert len(a) == 900 and a["uscc"].is_unique and b["record_id"].is_unique
    assert set(a["uscc"].str[2:8]) <= {"330000", "330001", "330002", "330003", "330004",
                                      "330005"}


def _slow_partition(df: pd.DataFrame) -> pd.DataFrame:
    time.sleep(0.4)
    return df


def test_worker_killed_mid_run_loses_nothing(client, gen_table):
    table = gen_table[0]
    parts = 10
    e, r = xd.generate_province(3000, partitions=parts, seed=13)
    expected_parts = [table.evaluate(pe, pr, as_of=AS_OF)
                      for pe, pr in (dask.compute(x, y, scheduler="sync")
                                     for x, y in zip(e.to_delayed(), r.to_delayed()))]
    # each partition takes 0.4 s more, so the run lasts ~2 s on 2 workers: long enough to kill
    slow = e.map_partitions(_slow_partition, meta=e._meta)
    result = xd.evaluate(table, slow, r, as_of=AS_OF)
    pids = client.run(os.getpid)
    futures = client.compute(result.records.to_delayed() + result.alerts.to_delayed() +
                             result.entities.to_delayed())
    # wait until the first partition is done, then kill the worker that holds it (its results
    # must be recomputed) while the others are still running
    distributed.wait(futures, return_when="FIRST_COMPLETED", timeout=TIMEOUT)
    done = [f for f in futures if f.done()]
    assert len(done) < len(futures), "the run finished before the kill"
    holder = next(iter(next(iter(client.who_has([done[0]]).values()))))
    os.kill(pids[holder], signal.SIGKILL)
    values = client.gather(futures, errors="raise")
    records, alerts, entities = (values[k * parts:(k + 1) * parts] for k in range(3))

    # the worker died and a new one took its place
    assert holder not in client.scheduler_info()["workers"] or \
        client.run(os.getpid).get(holder) != pids[holder]
    for k in range(parts):
        assert len(records[k]) == len(expected_parts[k].records)
        assert len(alerts[k]) == len(expected_parts[k].alerts)
        assert len(entities[k]) == len(expected_parts[k].entities)
    for got, name in ((records, "records"), (alerts, "alerts"), (entities, "entities")):
        whole = pd.concat(got, ignore_index=True)
        want = pd.concat([getattr(x, name) for x in expected_parts], ignore_index=True)
        assert xd.checksum(whole) == xd.checksum(want)
        _assert_same(whole, want)

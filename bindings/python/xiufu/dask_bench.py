"""Province benchmark for xiufu.dask: a LocalCluster of worker processes against the single
process on the same machine (docs/scale-out.md).

    PYTHONPATH=build/python /usr/bin/python3 -m xiufu.dask_bench --entities 2000000

Prints one JSON object: for the cluster, the time to generate the province on the workers, to
evaluate it once generated (inputs persisted in the workers' memory) and both in one pass, with
entities/s, the scheduler overhead per task and every worker's peak resident memory; for the
single process (``--single-max`` entities at most, default all), generating and evaluating one
district of the same size with ``Table.evaluate`` on 1 thread. ``--partition-sizes`` times the
evaluation for several partition sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from typing import Any, Dict, List, Optional


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _single(table: Any, n: int, as_of: str, threads: int) -> Dict[str, Any]:
    import xiufu
    t0 = time.perf_counter()
    entities, records = xiufu.generate_district(n, seed=1)
    t1 = time.perf_counter()
    result = table.evaluate(entities, records, as_of=as_of, threads=threads)
    t2 = time.perf_counter()
    return {"entities": n, "threads": threads, "generate_s": round(t1 - t0, 2),
            "evaluate_s": round(t2 - t1, 2), "evaluate_entities_per_s": round(n / (t2 - t1)),
            "record_rows": len(result.records), "alerts": len(result.alerts),
            "peak_mb": round(_peak_mb())}


def _overhead(client: Any, tasks: int = 400) -> float:
    """Seconds of scheduling per task: a chain-free batch of no-op tasks, wall time / tasks
    (times the workers' thread count, since they run side by side)."""
    import dask
    threads = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
    noop = [dask.delayed(int, pure=False)(k) for k in range(tasks)]
    client.gather(client.compute(noop[:20]))  # warm up
    t0 = time.perf_counter()
    client.gather(client.compute(noop))
    return (time.perf_counter() - t0) * threads / tasks


def _cluster_run(table: Any, n: int, partition_size: int, workers: int, as_of: str,
                 memory_limit: str) -> Dict[str, Any]:
    import distributed
    from . import dask as xd
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, memory_limit=memory_limit,
                                       silence_logs=50)
    client = distributed.Client(cluster)
    try:
        overhead = _overhead(client)
        entities, records = xd.generate_province(n, partition_size=partition_size, seed=1)

        def counts(result: Any) -> List[int]:
            frames = [result.records, result.entities, result.alerts]
            return [int(sum(v)) for v in client.gather(client.compute(
                [f.map_partitions(len) for f in frames]))]

        t0 = time.perf_counter()
        together = counts(xd.evaluate(table, entities, records, as_of=as_of))
        t1 = time.perf_counter()
        e, r = client.persist([entities, records])
        distributed.wait([e, r])
        t2 = time.perf_counter()
        evaluated = counts(xd.evaluate(table, e, r, as_of=as_of))
        t3 = time.perf_counter()
        peaks = client.run(_peak_mb)
        assert together == evaluated, (together, evaluated)
        return {"entities": n, "workers": workers, "threads_per_worker": 1,
                "partitions": entities.npartitions, "partition_size": partition_size,
                "generate_and_evaluate_s": round(t1 - t0, 2),
                "generate_and_evaluate_entities_per_s": round(n / (t1 - t0)),
                "generate_persist_s": round(t2 - t1, 2),
                "evaluate_s": round(t3 - t2, 2),
                "evaluate_entities_per_s": round(n / (t3 - t2)),
                "record_rows": evaluated[0], "alerts": evaluated[2],
                "scheduler_overhead_ms_per_task": round(overhead * 1000, 2),
                "worker_peak_mb": sorted(round(v) for v in peaks.values())}
    finally:
        client.close()
        cluster.close()


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=2_000_000)
    ap.add_argument("--partition-size", type=int, default=100_000)
    ap.add_argument("--partition-sizes", type=str, default="",
                    help="comma-separated partition sizes to compare (evaluation only)")
    ap.add_argument("--workers", type=str, default="2", help="comma-separated worker counts")
    ap.add_argument("--single-max", type=int, default=None,
                    help="largest district the single process evaluates (default: --entities)")
    ap.add_argument("--memory-limit", default="8GiB")
    ap.add_argument("--as-of", default="2026-11-22")
    ap.add_argument("--rules", default=os.path.join(os.environ.get("XIUFU_SOURCE_DIR", "."),
                                                    "rules", "gongshu"))
    a = ap.parse_args(argv)
    import xiufu
    table = xiufu.load_pack(a.rules).compile()
    out: Dict[str, Any] = {"cluster": []}
    for w in [int(x) for x in a.workers.split(",") if x]:
        out["cluster"].append(_cluster_run(table, a.entities, a.partition_size, w, a.as_of,
                                           a.memory_limit))
        print(json.dumps(out["cluster"][-1]), flush=True)
    sizes = [int(x) for x in a.partition_sizes.split(",") if x]
    if sizes:
        out["partition_sizes"] = []
        for size in sizes:
            run = _cluster_run(table, a.entities, size, int(a.workers.split(",")[-1]), a.as_of,
                               a.memory_limit)
            out["partition_sizes"].append(run)
            print(json.dumps(run), flush=True)
    single_n = min(a.entities, a.single_max or a.entities)
    out["single"] = _single(table, single_n, a.as_of, 1)
    print(json.dumps(out["single"]), flush=True)


if __name__ == "__main__":
    main()

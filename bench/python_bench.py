#!/usr/bin/env python3
"""Python binding benchmark: the whole district, DataFrames in → DataFrames out, against the C++
batch path on the same already-converted population, in the same process and run.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --build build

Measures (milliseconds; min and median of --repeats rounds, each round timing every path once):
  cpp_evaluate          EvaluateBatch alone on the converted population (fresh result arrays
                        each run, as one C++ evaluation would allocate them)
  py_prepare            input frames → population (codes mapped, dates read, records grouped)
  py_evaluate_prepared  evaluate a prepared population → records, entities, alerts DataFrames
  py_evaluate           table.evaluate(entities, records): the whole path, frames in and out
and the binding's overhead, py_evaluate / cpp_evaluate - 1 (target: <= 25%).
Prints a table and writes JSON to $XIUFU_BENCH_OUT_DIR/python.json (scripts/bench.sh sets it to
build/bench) or BUILD/bench/python.json (or --out).
XIUFU_BENCH_SHORT=1 runs a small district with few repeats (CI: checks the script runs).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import statistics
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def timed(fn, repeats, clock=time.perf_counter):
    times = []
    result = None
    for _ in range(repeats):
        t0 = clock()
        result = fn()
        times.append((clock() - t0) * 1e3)
    return times, result


def stats(times):
    return {"min_ms": round(min(times), 3), "median_ms": round(statistics.median(times), 3),
            "runs": len(times)}


def run_one(xiufu, table, entities, records, as_of, threads, repeats, label):
    from xiufu import _core
    days = xiufu.to_days(as_of)
    # Correct before fast: the full path and the prepared path agree, sizes are as expected.
    prepared = table.prepare(entities, records)
    full = table.evaluate(entities, records, as_of=as_of, threads=threads)
    again = table.evaluate(prepared, as_of=as_of, threads=threads)
    assert full.records.shape == again.records.shape
    assert (full.records.status.values == again.records.status.values).all()
    platforms = len(table.input_domains["platform"])
    assert len(full.records) == len(records) * platforms
    assert len(full.entities) == len(entities)

    t = 0 if threads is None else threads
    # Round robin: each round times every path once, so a change of load on a shared machine
    # (other people's builds) falls on all of them alike.
    cpp, prep_t, evp_t, ev_t = [], [], [], []
    res = None
    for _ in range(repeats):
        cpp += _core.bench_evaluate(table._handle, prepared._handle, days, t, 1)
        prep_t += timed(lambda: table.prepare(entities, records, threads=threads), 1)[0]
        evp_t += timed(lambda: table.evaluate(prepared, as_of=as_of, threads=threads), 1)[0]
        times, res = timed(lambda: table.evaluate(entities, records, as_of=as_of,
                                                  threads=threads), 1)
        ev_t += times
    out = {
        "district": label,
        "entities": len(entities),
        "records": len(records),
        "record_rows": len(res.records),
        "alert_rows": len(res.alerts),
        "cpp_evaluate": stats(cpp),
        "py_prepare": stats(prep_t),
        "py_evaluate_prepared": stats(evp_t),
        "py_evaluate": stats(ev_t),
    }
    out["overhead_min"] = round(min(ev_t) / min(cpp) - 1, 3)
    out["overhead_median"] = round(statistics.median(ev_t) / statistics.median(cpp) - 1, 3)
    # CPU time of single-threaded runs (all work on this thread): robust when other processes
    # compete for the cores, which wall-clock times on a shared machine are not.
    cpu_cpp, cpu_py = [], []
    for _ in range(repeats):
        cpu_cpp += timed(lambda: _core.bench_evaluate(table._handle, prepared._handle, days, 1, 1),
                         1, time.thread_time)[0]
        cpu_py += timed(lambda: table.evaluate(entities, records, as_of=as_of, threads=1),
                        1, time.thread_time)[0]
    out["cpu_single_thread"] = {"cpp_evaluate": stats(cpu_cpp), "py_evaluate": stats(cpu_py),
                                "overhead_min": round(min(cpu_py) / min(cpu_cpp) - 1, 3)}
    return out


def main() -> int:
    short = os.environ.get("XIUFU_BENCH_SHORT") == "1"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=pathlib.Path, default=REPO / "build",
                    help="build directory (its python/ holds the xiufu package)")
    ap.add_argument("--entities", type=int, default=20_000 if short else 178_000)
    ap.add_argument("--repeats", type=int, default=3 if short else 15)
    ap.add_argument("--threads", type=int, default=None, help="default: all cores")
    ap.add_argument("--rules", type=pathlib.Path, default=REPO / "rules" / "gongshu")
    ap.add_argument("--as-of", default="2026-11-22")
    ap.add_argument("--dense", action="store_true",
                    help="also run the dense district (3-8 records per entity)")
    ap.add_argument("--out", type=pathlib.Path, default=None,
                    help="JSON output (default $XIUFU_BENCH_OUT_DIR/python.json, set by "
                         "scripts/bench.sh, else BUILD/bench/python.json)")
    args = ap.parse_args()
    sys.path.insert(0, str(args.build.resolve() / "python"))
    import numpy
    import pandas
    import xiufu

    table = xiufu.load_pack(args.rules).compile()
    runs = []
    for dense in ([False, True] if args.dense else [False]):
        label = "dense" if dense else "realistic"
        entities, records = xiufu.generate_district(args.entities, dense=dense)
        runs.append(run_one(xiufu, table, entities, records, args.as_of, args.threads,
                            args.repeats, label))

    report = {
        "benchmark": "python_binding",
        "as_of": args.as_of,
        "threads": args.threads or os.cpu_count(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(),
                    "python": platform.python_version(), "numpy": numpy.__version__,
                    "pandas": pandas.__version__, "short_mode": short},
        "target_overhead": 0.25,
        "runs": runs,
    }
    print(f"xiufu Python binding, {args.rules.name} pack, as of {args.as_of}, "
          f"threads={report['threads']}, load average {report['machine']['load_average'][0]:.2f}")
    print("wall clock, min of runs (ms):")
    print(f"{'district':<10} {'entities':>9} {'rows':>9} {'C++':>8} {'prepare':>8} "
          f"{'eval(prep)':>10} {'Python':>8} {'overhead':>9}")
    for r in runs:
        print(f"{r['district']:<10} {r['entities']:>9} {r['record_rows']:>9} "
              f"{r['cpp_evaluate']['min_ms']:>8.2f} {r['py_prepare']['min_ms']:>8.2f} "
              f"{r['py_evaluate_prepared']['min_ms']:>10.2f} {r['py_evaluate']['min_ms']:>8.2f} "
              f"{r['overhead_min'] * 100:>8.1f}%")
    print("CPU time, one thread, min of runs (ms):")
    for r in runs:
        c = r["cpu_single_thread"]
        print(f"{r['district']:<10} C++ {c['cpp_evaluate']['min_ms']:.2f}  Python "
              f"{c['py_evaluate']['min_ms']:.2f}  overhead {c['overhead_min'] * 100:.1f}%")
    out_dir = os.environ.get("XIUFU_BENCH_OUT_DIR")
    out = args.out or (pathlib.Path(out_dir) if out_dir else args.build / "bench") / "python.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

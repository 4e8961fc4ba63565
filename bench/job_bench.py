#!/usr/bin/env python3
"""The district job end to end: `xiufu run` on the generated district, as `make run` does it.

    bench/job_bench.py --build build-bench [--out build/bench/job.json] [--runs 3]

Generates the district once (`xiufu gen`, 178,000 entities, the default seed; XIUFU_BENCH_SHORT=1:
20,000) into a temporary directory, then runs `xiufu run --data DIR --out OUT --as-of 2026-10-31
--json` --runs times on all cores and keeps the fastest run's figures: the wall clock of the
whole process (pack loading and compiling, reading the two CSV files, evaluating, planning,
writing the five output files into a new directory), the job's own timings (summary.json timings_ms: read,
evaluate, plan, write) and the largest peak RSS of the runs. Writes JSON (job_* keys) that
bench/merge_summary.py adds to summary.json / summary.txt. Never asserts a time.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def main() -> int:
    short = os.environ.get("XIUFU_BENCH_SHORT") == "1"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=pathlib.Path, required=True,
                    help="build directory holding the xiufu command")
    ap.add_argument("--entities", type=int, default=20_000 if short else 178_000)
    ap.add_argument("--runs", type=int, default=2 if short else 3)
    ap.add_argument("--threads", type=int, default=0, help="0: all cores (the job's default)")
    ap.add_argument("--rules", type=pathlib.Path, default=REPO / "rules" / "gongshu")
    ap.add_argument("--out", type=pathlib.Path, default=None,
                    help="JSON output (default $XIUFU_BENCH_OUT_DIR/job.json, else "
                         "BUILD/bench/job.json)")
    args = ap.parse_args()
    xiufu = args.build.resolve() / "xiufu"
    if not xiufu.is_file():
        print(f"job_bench: {xiufu} is missing", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="xiufu-job-") as tmp:
        data = pathlib.Path(tmp, "district")
        subprocess.run([str(xiufu), "gen", "--out", str(data), "--entities", str(args.entities)],
                       check=True, stdout=subprocess.DEVNULL)
        input_mb = sum(f.stat().st_size for f in data.iterdir()) / 1e6
        runs = []
        for k in range(args.runs):
            # A new output directory each run: overwriting the last run's 175 MB of files would
            # add the kernel's freeing of their pages (50-80 ms here) to some runs and not others.
            out = pathlib.Path(tmp, f"out{k}")
            cmd = [str(xiufu), "run", "--rules", str(args.rules), "--data", str(data), "--out",
                   str(out), "--as-of", "2026-10-31", "--threads", str(args.threads), "--json"]
            with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
                t0 = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr)
                # wait4: this run's own resource use (its peak RSS), not the other children's.
                _, status, usage = os.wait4(proc.pid, 0)
                wall = (time.perf_counter() - t0) * 1e3
                proc.returncode = os.waitstatus_to_exitcode(status)
                stdout.seek(0)
                stderr.seek(0)
                if proc.returncode != 0:
                    sys.stderr.write(stderr.read().decode(errors="replace"))
                    print(f"job_bench: xiufu run exited with {proc.returncode}", file=sys.stderr)
                    return 1
                summary = json.loads(stdout.read().decode())
            runs.append((wall, summary, usage.ru_maxrss / 1024.0))
        output_mb = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    wall, best, _ = min(runs, key=lambda r: r[0])
    peak_rss_mb = max(r[2] for r in runs)
    t = best["timings_ms"]
    report = {
        "job_ms": round(wall, 1),
        "job_read_ms": t.get("read"),
        "job_evaluate_ms": t.get("evaluate"),
        "job_plan_ms": t.get("plan"),
        "job_write_ms": t.get("write"),
        "job_compile_ms": t.get("compile"),
        "job_peak_rss_mb": round(peak_rss_mb, 1),
        "job_entities": args.entities,
        "job_threads": best.get("threads"),
        "job_runs": len(runs),
        "job_all_ms": [round(r[0], 1) for r in runs],
        "job_input_mb": round(input_mb, 2),
        "job_output_mb": round(output_mb, 2),
        "job_figure": "xiufu run on the generated district (gen --entities N), whole process, "
                      "wall clock, fastest of job_runs; parts from its summary.json timings_ms",
    }
    out_dir = os.environ.get("XIUFU_BENCH_OUT_DIR")
    path = args.out or (pathlib.Path(out_dir) if out_dir else args.build / "bench") / "job.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"district job ({args.entities} entities, {report['job_threads']} threads): "
          f"{report['job_ms']} ms wall (runs {report['job_all_ms']}), read {report['job_read_ms']}, "
          f"evaluate {report['job_evaluate_ms']}, plans {report['job_plan_ms']}, write "
          f"{report['job_write_ms']} ms; peak RSS {report['job_peak_rss_mb']} MB; "
          f"{report['job_output_mb']} MB written")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

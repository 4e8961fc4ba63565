#!/usr/bin/env python3
"""Merges the figures measured by separate processes into xiufu_bench's summary.

    bench/merge_summary.py --out build/bench [--python-skipped REASON] [--province-skipped REASON]

scripts/bench.sh runs it last. xiufu_bench writes summary.json with `python_overhead_pct`,
`province_ms` and `province_peak_rss_mb` as null (and their targets_met entries as null), and
summary.txt with their rows showing "-"; this fills them in from
  OUT/python.json    bench/python_bench.py: the overhead of the Python path, DataFrames in ->
                     DataFrames out (table.evaluate), over EvaluateBatch on the same prepared
                     population, in the same process (wall clock, minimum of its runs, all
                     threads): python_overhead_pct = 100 * (py_evaluate / cpp_evaluate - 1)
  OUT/province.json  xiufu_province_bench: every province_* key as written
  OUT/job.json       bench/job_bench.py: the district job end to end (`xiufu run`), every job_*
                     key as written; no target
A missing file leaves the figure null with a reason (`python_skipped`, `province_skipped`);
nothing is ever estimated. Targets (reported, never asserted) are the ones bench/summary.cc
lists; the labels below must match its kPythonLabel / kProvinceMsLabel / kProvinceRssLabel.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import sys

PYTHON_LABEL = "Python frames in/out over C++ (%)"
PROVINCE_MS_LABEL = "province, 2 threads (ms)"
PROVINCE_RSS_LABEL = "province peak RSS (MB)"
JOB_LABEL = "district job, xiufu run (ms)"

# key -> (limit, at_least, target text); the same as bench/summary.cc's Targets().
TARGETS = {
    "python_overhead_pct": (25.0, False, "<= +25%"),
    "province_ms": (1500.0, False, "<= 1500 ms"),
    "province_peak_rss_mb": (2500.0, False, "<= 2500 MB"),
}


def fmt(v) -> str:
    """bench/summary.cc's Fmt: '-' for a missing figure, 3-4 significant digits."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    a = abs(v)
    if a >= 1000:
        return f"{v:.0f}"
    if a >= 100:
        return f"{v:.1f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def row(label, value, target="", met="") -> str:
    """bench/summary.cc's Row, with the dense column empty ('-')."""
    return f"  {label:<36} {fmt(value):>12} {'-':>12}  {target:<18} {met:<5} {'':<5}\n"


def met(key, value):
    if value is None:
        return None
    limit, at_least, _ = TARGETS[key]
    return value >= limit if at_least else value <= limit


def target_row(key, label, value) -> str:
    m = met(key, value)
    return row(label, value, TARGETS[key][2], "-" if m is None else ("yes" if m else "NO"))


def python_figures(path: pathlib.Path):
    """(keys, None) from python.json, or (None, reason)."""
    if not path.is_file():
        return None, None
    try:
        report = json.loads(path.read_text())
        runs = [r for r in report["runs"] if r.get("district") == "realistic"] or report["runs"]
        r = runs[0]
        cpp = r["cpp_evaluate"]["min_ms"]
        py = r["py_evaluate"]["min_ms"]
        keys = {
            "python_overhead_pct": round(100.0 * (py / cpp - 1.0), 2),
            "python_figure": "py_evaluate (DataFrames in -> DataFrames out) over cpp_evaluate "
                             "(EvaluateBatch on the same prepared population), same process, "
                             "wall clock, min of runs",
            "python_entities": r["entities"],
            "python_records": r["records"],
            "python_threads": report.get("threads"),
            "python_as_of": report.get("as_of"),
            "python_runs": r["py_evaluate"]["runs"],
            "python_cpp_evaluate_ms": cpp,
            "python_py_evaluate_ms": py,
            "python_py_prepare_ms": r["py_prepare"]["min_ms"],
            "python_py_evaluate_prepared_ms": r["py_evaluate_prepared"]["min_ms"],
        }
        cpu = r.get("cpu_single_thread")
        if cpu is not None:
            keys["python_overhead_cpu_1t_pct"] = round(100.0 * cpu["overhead_min"], 1)
        return keys, None
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError) as e:
        return None, f"{path.name} is not readable: {e!r}"


def keyed_figures(path: pathlib.Path, key: str):
    """(keys, None) from a JSON object of flat keys that has `key`, (None, reason), or
    (None, None) when the file is missing."""
    if not path.is_file():
        return None, None
    try:
        keys = json.loads(path.read_text())
        if not isinstance(keys, dict) or key not in keys:
            return None, f"{path.name} has no {key}"
        return keys, None
    except ValueError as e:
        return None, f"{path.name} is not readable: {e!r}"


def replace_row(lines, label, new_lines):
    """Replaces the row starting with `label` by new_lines; inserts them before the footer when
    the row is not there (a summary from an older xiufu_bench)."""
    prefix = f"  {label:<36} "
    for i, line in enumerate(lines):
        if line.startswith(prefix):
            lines[i:i + 1] = new_lines
            return
    footer = next((i for i, l in enumerate(lines) if l.startswith("  targets are reported")),
                  len(lines))
    lines[footer:footer] = new_lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, required=True,
                    help="the directory of summary.json / summary.txt")
    ap.add_argument("--python-skipped", default="",
                    help="why the Python benchmark did not run (when python.json is missing)")
    ap.add_argument("--province-skipped", default="",
                    help="why the province did not run (when province.json is missing)")
    ap.add_argument("--job-skipped", default="",
                    help="why the district job did not run (when job.json is missing)")
    args = ap.parse_args()
    summary_json = args.out / "summary.json"
    summary_txt = args.out / "summary.txt"
    summary = json.loads(summary_json.read_text())
    lines = summary_txt.read_text().splitlines(keepends=True)
    targets_met = summary.setdefault("targets_met", {})

    # ---- Python ----
    py, py_problem = python_figures(args.out / "python.json")
    if py is not None:
        summary.pop("python_skipped", None)
        summary.update(py)
        v = py["python_overhead_pct"]
        new = [target_row("python_overhead_pct", PYTHON_LABEL, v),
               row("  C++ EvaluateBatch, same data (ms)", py["python_cpp_evaluate_ms"]),
               row("  Python, frames in -> out (ms)", py["python_py_evaluate_ms"]),
               row("  Python district entities", py["python_entities"])]
    else:
        reason = py_problem or args.python_skipped or "bench/python_bench.py did not run"
        summary["python_overhead_pct"] = None
        summary["python_skipped"] = reason
        v = None
        new = [target_row("python_overhead_pct", PYTHON_LABEL, None),
               f"    not measured: {reason}\n"]
    targets_met["python_overhead_pct"] = met("python_overhead_pct", v)
    replace_row(lines, PYTHON_LABEL, new)

    # ---- province ----
    pv, pv_problem = keyed_figures(args.out / "province.json", "province_ms")
    if pv is not None:
        summary.pop("province_skipped", None)
        summary.update(pv)
        ms, rss = pv.get("province_ms"), pv.get("province_peak_rss_mb")
        gen_s = ((pv.get("province_generate_ms") or math.nan) +
                 (pv.get("province_convert_ms") or math.nan)) / 1e3
        ms_rows = [target_row("province_ms", PROVINCE_MS_LABEL, ms),
                   row("  province entities", pv.get("province_entities")),
                   row("  province records", pv.get("province_records")),
                   row("  first (cold) pass (ms)", pv.get("province_first_pass_ms")),
                   row("  generate + build population (s)", gen_s)]
        rss_rows = [target_row("province_peak_rss_mb", PROVINCE_RSS_LABEL, rss),
                    row("  resident before evaluating (MB)",
                        pv.get("province_rss_before_eval_mb")),
                    row("  outputs (MB)", pv.get("province_output_mb")),
                    row("  whole process, generation (MB)",
                        pv.get("province_process_peak_rss_mb"))]
    else:
        reason = pv_problem or args.province_skipped or "xiufu_province_bench did not run"
        summary["province_ms"] = None
        summary["province_peak_rss_mb"] = None
        summary["province_skipped"] = reason
        ms = rss = None
        ms_rows = [target_row("province_ms", PROVINCE_MS_LABEL, None),
                   f"    not measured: {reason}\n"]
        rss_rows = [target_row("province_peak_rss_mb", PROVINCE_RSS_LABEL, None)]
    targets_met["province_ms"] = met("province_ms", ms)
    targets_met["province_peak_rss_mb"] = met("province_peak_rss_mb", rss)
    replace_row(lines, PROVINCE_MS_LABEL, ms_rows)
    replace_row(lines, PROVINCE_RSS_LABEL, rss_rows)

    # ---- the district job (no target) ----
    jb, jb_problem = keyed_figures(args.out / "job.json", "job_ms")
    if jb is not None:
        summary.pop("job_skipped", None)
        summary.update(jb)
        job_rows = [row(JOB_LABEL, jb.get("job_ms")),
                    row("  read the CSV files (ms)", jb.get("job_read_ms")),
                    row("  evaluate (ms)", jb.get("job_evaluate_ms")),
                    row("  plans (ms)", jb.get("job_plan_ms")),
                    row("  format + write outputs (ms)", jb.get("job_write_ms")),
                    row("  peak RSS (MB)", jb.get("job_peak_rss_mb")),
                    row("  outputs written (MB)", jb.get("job_output_mb"))]
    else:
        reason = jb_problem or args.job_skipped or "bench/job_bench.py did not run"
        summary["job_ms"] = None
        summary["job_skipped"] = reason
        job_rows = [row(JOB_LABEL, None), f"    not measured: {reason}\n"]
    replace_row(lines, JOB_LABEL, job_rows)

    summary_json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    summary_txt.write_text("".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

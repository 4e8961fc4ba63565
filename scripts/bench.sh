#!/usr/bin/env bash
# Runs the benchmark suite of an already-built build directory, then the 10-million-entity
# province (xiufu_province_bench, a process of its own), then the Python benchmark when the
# extension is built, then the district job end to end (bench/job_bench.py: `xiufu run`),
# merges the figures of those three into the summary (bench/merge_summary.py) and prints the
# summary table.
#   scripts/bench.sh BUILD_DIR
# XIUFU_BENCH_SHORT=1: short mode (CI): 0.05 s min-time, one repetition, 2 warm province passes
# instead of 5, a 20,000-entity job run twice; never any timing threshold.
# Outputs: build/bench/results.json (Google Benchmark JSON), province.json, python.json,
# job.json, summary.json and summary.txt (override the directory with XIUFU_BENCH_OUT_DIR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: scripts/bench.sh BUILD_DIR}"
build="$(cd "$build" && pwd)"
out="${XIUFU_BENCH_OUT_DIR:-$root/build/bench}"
export XIUFU_BENCH_OUT_DIR="$out"
mkdir -p "$out"
# Figures of separate processes from an earlier run must not be merged into this one.
rm -f "$out/python.json" "$out/province.json" "$out/job.json"
short=0
if [ "${XIUFU_BENCH_SHORT:-0}" != "0" ] && [ -n "${XIUFU_BENCH_SHORT:-}" ]; then short=1; fi

bin="$build/xiufu_bench"
if [ ! -x "$bin" ]; then
  echo "bench: $bin is missing (configure with -DXIUFU_BUILD_BENCH=ON and libbenchmark-dev)" >&2
  exit 1
fi

# The build as CMake recorded it, for the summary.
cache_get() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" 2>/dev/null | head -n1; }
build_type="$(cache_get CMAKE_BUILD_TYPE)"
build_type_uc="$(printf '%s' "$build_type" | tr '[:lower:]' '[:upper:]')"
flags="$(cache_get CMAKE_CXX_FLAGS) $(cache_get "CMAKE_CXX_FLAGS_$build_type_uc")"
native="$(cache_get XIUFU_NATIVE)"
[ "$native" = "ON" ] && flags="$flags -march=native"
flags="$(printf '%s' "$flags" | tr -s ' ' | sed 's/^ //')"
export XIUFU_BENCH_BUILD_INFO="CMAKE_BUILD_TYPE=${build_type:-?}; flags: ${flags:-none}; XIUFU_NATIVE=${native:-OFF}"

if [ "$short" = 1 ]; then
  mode_flags=(--benchmark_min_time=0.05 --benchmark_repetitions=1)
else
  mode_flags=(--benchmark_min_time=0.5 --benchmark_repetitions=5
              --benchmark_display_aggregates_only=true)
fi
"$bin" "${mode_flags[@]}" \
  --benchmark_out="$out/results.json" --benchmark_out_format=json

# The province: 10 million entities generated, then evaluated on 2 threads, alone in its
# process (its peak RSS must not include xiufu_bench's districts). About 30 s of generation
# on a 2-core machine, in short mode too. A failure of this or of the Python benchmark leaves
# its figures null with the reason in the summary, and the script exits non-zero at the end.
failed=0
# part NAME WHAT OUTPUT COMMAND...: runs one of the two; on failure sets ${NAME}_skipped to
# "WHAT failed (exit status N)", marks the run failed and removes its half-written OUTPUT.
part() {
  local name=$1 what=$2 output=$3 rc=0
  shift 3
  "$@" || rc=$?
  if [ "$rc" != 0 ]; then
    printf -v "${name}_skipped" '%s failed (exit status %s)' "$what" "$rc"
    failed=1
    echo "bench: $what failed (exit status $rc)" >&2
    rm -f "$output"
  fi
}

province_skipped=""
province_bin="$build/xiufu_province_bench"
if [ -x "$province_bin" ]; then
  echo
  echo "bench: province (xiufu_province_bench)"
  part province xiufu_province_bench "$out/province.json" \
    timeout 900 "$province_bin" --out="$out/province.json"
else
  province_skipped="$province_bin is not built"
  echo "bench: skipping the province: $province_skipped" >&2
fi

# The Python benchmark, when the bindings and their benchmark exist.
python_skipped=""
py_bench="$root/bench/python_bench.py"
if [ -f "$py_bench" ]; then
  if compgen -G "$build/python/xiufu*.so" >/dev/null || compgen -G "$build/python/*/*.so" >/dev/null; then
    echo
    echo "bench: Python benchmark"
    part python bench/python_bench.py "$out/python.json" \
      env PYTHONPATH="$build/python" /usr/bin/python3 "$py_bench" --build "$build"
  else
    python_skipped="the Python extension is not built in $build"
    echo "bench: skipping bench/python_bench.py: $python_skipped" >&2
  fi
else
  python_skipped="bench/python_bench.py is missing"
fi

# The district job end to end (`xiufu run`: read, evaluate, plan, write the files).
job_skipped=""
if [ -x "$build/xiufu" ]; then
  echo
  echo "bench: district job (bench/job_bench.py)"
  part job bench/job_bench.py "$out/job.json" \
    timeout 600 /usr/bin/python3 "$root/bench/job_bench.py" --build "$build"
else
  job_skipped="$build/xiufu is not built"
  echo "bench: skipping the district job: $job_skipped" >&2
fi

# The province's, the Python benchmark's and the job's figures into summary.json / summary.txt.
/usr/bin/python3 "$root/bench/merge_summary.py" --out "$out" \
  --python-skipped "$python_skipped" --province-skipped "$province_skipped" \
  --job-skipped "$job_skipped"

# The Dask benchmark (docs/scale-out.md): a LocalCluster of 2 workers × 1 thread against the
# single process, when python3-dask and the extension are there. Short mode: 100,000 entities.
if compgen -G "$build/python/xiufu/_core*.so" >/dev/null &&
   /usr/bin/python3 -c "import dask.distributed" 2>/dev/null; then
  echo
  echo "bench: Dask benchmark"
  if [ "$short" = 1 ]; then
    dask_args=(--entities 100000 --partition-size 25000 --workers 2)
  else
    dask_args=(--entities 2000000 --partition-size 100000 --workers 1,2)
  fi
  XIUFU_SOURCE_DIR="$root" PYTHONPATH="$build/python" timeout 900 \
    /usr/bin/python3 -m xiufu.dask_bench "${dask_args[@]}" | tee "$out/dask.txt"
else
  echo "bench: skipping the Dask benchmark (needs the extension and python3-distributed)" >&2
fi

echo
cat "$out/summary.txt"
exit "$failed"

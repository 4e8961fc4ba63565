#!/usr/bin/env bash
# Runs the benchmark suite of an already-built build directory, then the Python benchmark when
# the extension is built, then prints the summary table.
#   scripts/bench.sh BUILD_DIR
# XIUFU_BENCH_SHORT=1: short mode (CI): 0.05 s min-time, one repetition; never any timing threshold.
# Outputs: build/bench/results.json (Google Benchmark JSON), build/bench/summary.json and
# summary.txt (override the directory with XIUFU_BENCH_OUT_DIR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: scripts/bench.sh BUILD_DIR}"
build="$(cd "$build" && pwd)"
out="${XIUFU_BENCH_OUT_DIR:-$root/build/bench}"
export XIUFU_BENCH_OUT_DIR="$out"
mkdir -p "$out"

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

if [ "${XIUFU_BENCH_SHORT:-0}" != "0" ] && [ -n "${XIUFU_BENCH_SHORT:-}" ]; then
  mode_flags=(--benchmark_min_time=0.05 --benchmark_repetitions=1)
else
  mode_flags=(--benchmark_min_time=0.5 --benchmark_repetitions=5
              --benchmark_display_aggregates_only=true)
fi
"$bin" "${mode_flags[@]}" \
  --benchmark_out="$out/results.json" --benchmark_out_format=json

# The Python benchmark, when the bindings and their benchmark exist.
py_bench="$root/bench/python_bench.py"
if [ -f "$py_bench" ]; then
  if compgen -G "$build/python/xiufu*.so" >/dev/null || compgen -G "$build/python/*/*.so" >/dev/null; then
    echo
    echo "bench: Python benchmark"
    PYTHONPATH="$build/python" /usr/bin/python3 "$py_bench" --build "$build"
  else
    echo "bench: skipping bench/python_bench.py: the Python extension is not built in $build" >&2
  fi
fi

# The Dask benchmark (docs/scale-out.md): a LocalCluster of 2 workers × 1 thread against the
# single process, when python3-dask and the extension are there. Short mode: 100,000 entities.
if compgen -G "$build/python/xiufu/_core*.so" >/dev/null &&
   /usr/bin/python3 -c "import dask.distributed" 2>/dev/null; then
  echo
  echo "bench: Dask benchmark"
  if [ "${XIUFU_BENCH_SHORT:-0}" != "0" ] && [ -n "${XIUFU_BENCH_SHORT:-}" ]; then
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

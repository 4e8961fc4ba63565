#!/usr/bin/env bash
# Runs every fuzzer of a fuzz build for a bounded time and prints executions and coverage.
#
#   fuzz/run.sh BUILD_DIR [SECONDS_EACH]      (default: $FUZZ_SECONDS, else 60)
#
# Seeds are written fresh by BUILD_DIR/fuzz/make_seeds into BUILD_DIR/fuzz-corpus/seeds/; what
# a fuzzer finds is kept in BUILD_DIR/fuzz-corpus/NAME/ and reused by the next run. A crash,
# leak, timeout or failed check leaves its input in BUILD_DIR/fuzz-artifacts/ and makes this
# exit 1 (after the other fuzzers have run). Reproduce with BUILD_DIR/fuzz/NAME FILE.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS_EACH]}
seconds=${2:-${FUZZ_SECONDS:-60}}
# NAME_fuzzer reads fuzz/NAME.dict; server_fuzzer exists when the build has the server.
fuzzers=(pack_fuzzer cell_fuzzer population_fuzzer blob_fuzzer)
[ -x "$build/fuzz/server_fuzzer" ] && fuzzers+=(server_fuzzer)

corpus=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
rm -rf "$corpus/seeds"
mkdir -p "$corpus" "$artifacts"
"$build/fuzz/make_seeds" "$corpus/seeds" >/dev/null || { echo "fuzz: make_seeds failed" >&2; exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
total_execs=0
summary=$(printf '%-18s %6s %12s %9s %7s %7s %7s  %s\n' fuzzer seconds executions exec/s cov ft corpus result)
for f in "${fuzzers[@]}"; do
  name=${f%_fuzzer}
  mkdir -p "$corpus/$name"
  log=$build/fuzz-$name.log
  "$build/fuzz/$f" "$corpus/$name" "$corpus/seeds/$name" \
      -dict="fuzz/$name.dict" -max_total_time="$seconds" -timeout=20 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
      >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  files=$(find "$corpus/$name" -type f | wc -l)
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (exit $rc; $(ls -t "$artifacts/$name-"* 2>/dev/null | head -1))"
    status=1
    echo "fuzz: $f failed; the end of $log:" >&2
    tail -40 "$log" >&2
  fi
  total_execs=$((total_execs + ${execs:-0}))
  summary+=$(printf '\n%-18s %6s %12s %9s %7s %7s %7s  %s' "$f" "$seconds" "${execs:-?}" \
      "${speed:-?}" "${cov:-?}" "${ft:-?}" "$files" "$result")
done
echo "$summary"
echo "fuzz: $total_execs executions in total"
exit $status

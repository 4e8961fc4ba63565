#!/usr/bin/env bash
# What the district evaluation costs before any rule is decided — the floor of the evaluator's
# present structure (docs/performance.md, "The floor under the decisions"). Builds
# scripts/floor_harness.cc four times against the evaluator's header with scripts/floor.patch
# applied, each stopping the evaluation at a later stage, and times them alternately on one
# thread:
#
#   0  the whole evaluation
#   1  entities without records from the memo; nothing else (every other outcome cleared)
#   2  + each entity with records: its facts, its entity alerts and materials, its outcome
#   3  + each record's facts (record, date bases, settled check, platform slots), no decision
#
#   scripts/measure-floor.sh [--dense] [--rounds=N] [BUILD_DIR]   (default: build, optimised)
#
# The libraries come from BUILD_DIR (so build it from this tree first); only the harness's
# copy of the evaluator is patched (the linker keeps the first definition of an inline
# function, the harness's). Prints, per stage, the minimum over the rounds of each round's
# minimum and median (ms). Takes about a minute (the dense mix: two).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build
dense=()
rounds=3
for a in "$@"; do
  case "$a" in
    --dense) dense=(--dense) ;;
    --rounds=*) rounds=${a#--rounds=} ;;
    *) BUILD=$a ;;
  esac
done
for lib in libxiufu_synth.a libxiufu.a libxiufu_runtime.a; do
  if [ ! -f "$BUILD/$lib" ]; then
    echo "measure-floor: $BUILD/$lib is missing: build $BUILD first (ninja -C $BUILD)" >&2
    exit 2
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r include "$work/include"
if ! patch -s -d "$work" -p1 < scripts/floor.patch; then
  echo "measure-floor: scripts/floor.patch no longer applies to include/; refresh it" >&2
  exit 1
fi
absl=$(ls /usr/lib/x86_64-linux-gnu/libabsl_*.so)
for stage in 0 1 2 3; do
  g++ -std=c++20 -O3 -DNDEBUG -DXIUFU_FLOOR=$stage -I"$work/include" -Isrc \
    scripts/floor_harness.cc -o "$work/floor$stage" \
    "$BUILD/libxiufu_synth.a" "$BUILD/libxiufu.a" "$BUILD/libxiufu_runtime.a" $absl -latomic &
done
wait
for stage in 0 1 2 3; do
  [ -x "$work/floor$stage" ] || { echo "measure-floor: stage $stage did not build" >&2; exit 1; }
done
for ((r = 0; r < rounds; ++r)); do
  for stage in 0 1 2 3; do
    echo "$stage $("$work/floor$stage" "${dense[@]}")" >> "$work/times"
  done
done
mix=default
[ ${#dense[@]} -gt 0 ] && mix=dense
echo "$mix district, 178,000 entities, one thread, $rounds alternating rounds (ms):"
awk -v mix=$mix '
  { if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if (!($1 in md) || $3 < md[$1]) md[$1] = $3; sum[$1] = $4 }
  END {
    name[1] = "1 entities without records (memo) + outputs cleared"
    name[2] = "2 + entities with records: facts, alerts, materials"
    name[3] = "3 + every record'"'"'s facts, no decision"
    printf "  %-54s %9s %9s %9s\n", "stage", "min", "median", "step"
    for (s = 1; s <= 3; ++s) printf "  %-54s %9.3f %9.3f %+9.3f\n", name[s], lo[s], md[s], md[s] - (s > 1 ? md[s - 1] : 0)
    printf "  %-54s %9.3f %9.3f %+9.3f\n", "0 whole evaluation (step: the decisions)", lo[0], md[0], md[0] - md[3]
    if (sum[0] == sum[3]) print "measure-floor: stage 3 gave the whole evaluation'"'"'s outcomes: the patch did not take" > "/dev/stderr"
  }' "$work/times"

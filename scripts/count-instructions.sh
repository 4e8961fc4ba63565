#!/usr/bin/env bash
# Instructions the evaluator executes, per kind of work — the figures of docs/performance.md's
# step table, which (unlike times) the machine's load does not move. Runs
# xiufu_instruction_count under `valgrind --tool=callgrind`, once per counted function:
#
#   scripts/count-instructions.sh [BUILD_DIR]     (default: build; an optimised build)
#
# Prints, for the default district (20,000 entities) and the dense one (4,000), three passes
# each: EvaluateEntity over the entities with records, over those without, and EvaluateBatch on
# one thread. Needs valgrind (apt-get install valgrind); takes about a minute.
#
#   scripts/count-instructions.sh --by-origin [--dense] [BUILD_DIR]   (default: build-prof)
#
# The entities with records only, their count split by the source function each instruction
# was written in (scripts/instructions_by_origin.py: the hot loop is one function with
# everything inlined, so callgrind's own per-function split says little) and grouped by kind of
# work. Needs an optimised build with line info:
#   cmake -S . -B build-prof -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-g
#   cmake --build build-prof --target xiufu_instruction_count
set -euo pipefail
cd "$(dirname "$0")/.."
by_origin=0
dense=0
BUILD=
for a in "$@"; do
  case "$a" in
    --by-origin) by_origin=1 ;;
    --dense) dense=1 ;;
    *) BUILD=$a ;;
  esac
done
if [ -z "$BUILD" ]; then
  if [ $by_origin = 1 ]; then BUILD=build-prof; else BUILD=build; fi
fi
BIN=$BUILD/xiufu_instruction_count
if ! command -v valgrind > /dev/null; then
  echo "count-instructions: needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
if [ ! -x "$BIN" ]; then
  echo "count-instructions: $BIN is missing: cmake --build $BUILD --target xiufu_instruction_count" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# count FUNCTION ARGS...: the instructions executed inside FUNCTION (and what it calls).
count() {
  local fn=$1
  shift
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="$fn" "$BIN" "$@" \
    > "$out/stdout" 2> "$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  awk '/ refs:/ { gsub(",", "", $NF); printf "%.2f M", $NF / 1e6 }' "$out/stderr"
}

if [ $by_origin = 1 ]; then
  args=(--entities=20000)
  if [ $dense = 1 ]; then args=(--entities=4000 --dense); fi
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect='CountEntitiesWithRecords*' \
    "$BIN" "${args[@]}" > "$out/stdout" 2> "$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  callgrind_annotate --auto=yes --context=100000 "$out/cg" > "$out/annotated" 2> /dev/null
  echo "entities with records, ${args[*]}, three passes:$(awk '/ refs:/ { print " " $NF }' "$out/stderr") instructions"
  python3 scripts/instructions_by_origin.py "$out/annotated" ||
    { echo "count-instructions: was $BUILD built with -g?" >&2; exit 1; }
  exit 0
fi

printf '%-28s %14s %14s %14s\n' "instructions, 3 passes" "with records" "without" "EvaluateBatch"
for mix in default dense; do
  if [ $mix = dense ]; then args=(--entities=4000 --dense); else args=(--entities=20000); fi
  with=$(count 'CountEntitiesWithRecords*' "${args[@]}")
  without=$(count 'CountEntitiesWithoutRecords*' "${args[@]}")
  batch=$(count 'CountBatch*' "${args[@]}")
  printf '%-28s %14s %14s %14s\n' "$mix, ${args[0]#--entities=} entities" "$with" "$without" "$batch"
  sed 's/^/  /' "$out/stdout"
done

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
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
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

printf '%-28s %14s %14s %14s\n' "instructions, 3 passes" "with records" "without" "EvaluateBatch"
for mix in default dense; do
  if [ $mix = dense ]; then args=(--entities=4000 --dense); else args=(--entities=20000); fi
  with=$(count 'CountEntitiesWithRecords*' "${args[@]}")
  without=$(count 'CountEntitiesWithoutRecords*' "${args[@]}")
  batch=$(count 'CountBatch*' "${args[@]}")
  printf '%-28s %14s %14s %14s\n' "$mix, ${args[0]#--entities=} entities" "$with" "$without" "$batch"
  sed 's/^/  /' "$out/stdout"
done

#!/usr/bin/env bash
# Where the evaluator's instructions come from (scripts/instructions_by_origin.py): callgrind
# over the entities with records of the instruction-count harness, every counted source line
# given to the function it is written in, grouped by kind of work.
#
#   scripts/instructions-by-origin.sh [BUILD_DIR] [--dense]   (default: build-prof)
#
# Needs valgrind (apt-get install valgrind) and an optimised build with line info, e.g.
#   cmake -S . -B build-prof -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-g
#   cmake --build build-prof --target xiufu_instruction_count
# (without -g there are no source lines to attribute). About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-prof
args=(--entities=20000)
for a in "$@"; do
  case "$a" in
    --dense) args=(--entities=4000 --dense) ;;
    *) BUILD=$a ;;
  esac
done
BIN=$BUILD/xiufu_instruction_count
if ! command -v valgrind > /dev/null; then
  echo "instructions-by-origin: needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
if [ ! -x "$BIN" ]; then
  echo "instructions-by-origin: $BIN is missing: cmake --build $BUILD --target xiufu_instruction_count" >&2
  exit 2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect='CountEntitiesWithRecords*' \
  "$BIN" "${args[@]}" > "$out/stdout" 2> "$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
callgrind_annotate --auto=yes --context=100000 "$out/cg" > "$out/annotated" 2> /dev/null
echo "entities with records, ${args[*]}, three passes ($(grep -o 'refs: *[0-9,]*' "$out/stderr"))"
python3 scripts/instructions_by_origin.py "$out/annotated" ||
  { echo "instructions-by-origin: was $BUILD built with -g?" >&2; exit 1; }

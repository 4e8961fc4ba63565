#!/usr/bin/env bash
# The same table on GoRules Zen, side by side (bench/peers/README.md, docs/performance.md):
# exports the Gongshu eligibility decision as JDM and the eligibility inputs of every
# record × platform of the district, evaluates them with Zen, compares every deciding rule id
# with xiufu's and prints both speeds. Run by `make bench` (scripts/bench.sh).
#   bench/peers/run.sh BUILD_DIR
# Skips with one line (exit 0) when Node.js or @gorules/zen-engine is missing
# (scripts/install-deps.sh --peers installs both). AS_OF (default 2026-11-22) is the
# evaluation date; the district is build/district (what `make run` evaluates), generated into
# the output directory when it is not there. Outputs: $XIUFU_BENCH_OUT_DIR/peers/ (default
# build/bench/peers): eligibility.jdm.json, facts.jsonl, xiufu_timing.json, zen.json, peers.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:?usage: bench/peers/run.sh BUILD_DIR}" && pwd)"
out="${XIUFU_BENCH_OUT_DIR:-$root/build/bench}/peers"
peers="$root/bench/peers"

if ! command -v node >/dev/null 2>&1; then
  echo "bench: skipping the Zen side-by-side (bench/peers): Node.js is not installed (scripts/install-deps.sh --peers)"
  exit 0
fi
if [ ! -f "$peers/node_modules/@gorules/zen-engine/package.json" ]; then
  echo "bench: skipping the Zen side-by-side (bench/peers): @gorules/zen-engine is not installed (scripts/install-deps.sh --peers)"
  exit 0
fi
if ! (cd "$peers" && node -e "require('@gorules/zen-engine')" >/dev/null 2>&1); then
  echo "bench: skipping the Zen side-by-side (bench/peers): @gorules/zen-engine does not load on this machine (node $(node --version))"
  exit 0
fi

xiufu="$build/xiufu"
as_of="${AS_OF:-2026-11-22}"
mkdir -p "$out"
district="$root/build/district"
if [ ! -f "$district/records.csv" ]; then
  district="$out/district"
  [ -f "$district/records.csv" ] || "$xiufu" gen --out "$district" --entities 178000 >/dev/null
fi

echo
echo "bench: the same table on GoRules Zen (bench/peers), as of $as_of"
"$xiufu" export --format jdm --rules "$root/rules/gongshu" --decision eligibility \
  --out "$out/eligibility.jdm.json" 2>/dev/null
"$xiufu" export-facts --rules "$root/rules/gongshu" --data "$district" --as-of "$as_of" \
  --out "$out/facts.jsonl" --timing "$out/xiufu_timing.json"
(cd "$peers" && node zen_bench.mjs --jdm "$out/eligibility.jdm.json" --facts "$out/facts.jsonl" \
   --xiufu-timing "$out/xiufu_timing.json" --out "$out/zen.json") | tee "$out/peers.txt"

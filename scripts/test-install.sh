#!/usr/bin/env bash
# Installs a built tree into a fresh temporary prefix, then builds and runs the standalone host
# example (examples/host) against it, so the install rules and the CMake package cannot rot.
#
#   scripts/test-install.sh BUILD_DIR SOURCE_DIR [extra cmake args for the example...]
#
# BUILD_DIR must already hold the built libraries and the `xiufu` CLI. Exits non-zero on the
# first failure, printing that step's output; every step has a time limit.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR [cmake args...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
shift 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xiufu-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# step NAME SECONDS CMD...: runs CMD with a time limit, its output in $tmp/NAME.log.
step() {
  local name=$1 limit=$2
  shift 2
  if ! timeout "$limit" "$@" >"$tmp/$name.log" 2>&1; then
    echo "test-install: step '$name' failed: $*" >&2
    cat "$tmp/$name.log" >&2
    exit 1
  fi
}

step install 60 cmake --install "$build" --prefix "$tmp/prefix"
for f in include/xiufu/runtime/population_builder.h include/xiufu/runtime/detail/table_data.h \
         include/xiufu/synth/generate.h include/xiufu/compile.h; do
  [ -f "$tmp/prefix/$f" ] || { echo "test-install: $f not installed" >&2; exit 1; }
done
config=$(find "$tmp/prefix" -name xiufuConfig.cmake -print -quit)
[ -n "$config" ] || { echo "test-install: xiufuConfig.cmake not installed" >&2; exit 1; }

step compile 60 "$build/xiufu" compile --rules "$src/rules/gongshu" --out "$tmp/gongshu.xtb"
step configure 60 cmake -S "$src/examples/host" -B "$tmp/host" -G Ninja \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" "$@"
step build 180 cmake --build "$tmp/host"
step run 30 "$tmp/host/xiufu_host" "$tmp/gongshu.xtb" 2026-11-22

out="$tmp/run.log"
expect() {
  if ! grep -qF -- "$1" "$out"; then
    echo "test-install: the host example's output lacks '$1':" >&2
    cat "$out" >&2
    exit 1
  fi
}
expect "CF-2025-001 × 信用中国 (credit_china): 状态 status"
expect "SW-2026-031 × 国家企业信用信息公示系统 (necips): 状态 status"
expect "记录 CF-2025-001（主体 91330105MA2H8K3Q7K）在平台 信用中国（credit_china）"
expect "结论："
if ! grep -qE "规则 rule [A-Z0-9]+-" "$out"; then
  echo "test-install: no record × platform was decided by a rule:" >&2
  cat "$out" >&2
  exit 1
fi
echo "test-install: ok — installed to a temporary prefix, built and ran examples/host"

#!/usr/bin/env bash
# Installs the Debian packages xiufu needs to build, test and benchmark.
# Idempotent and quiet when everything is already present.
#   --peers  also the peer engines of bench/peers/: Node.js and npm (Debian's nodejs/npm, unless
#            a node and npm are already on PATH) and @gorules/zen-engine from the npm registry
#            into bench/peers/node_modules (the version pinned in bench/peers/package.json).
set -euo pipefail
peers=0
for a in "$@"; do
  case "$a" in
    --peers) peers=1 ;;
    *) echo "install-deps: unknown option $a (known: --peers)" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
install_peers() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: installing nodejs npm (bench/peers)" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  if [ ! -f "$root/bench/peers/node_modules/@gorules/zen-engine/package.json" ]; then
    echo "install-deps: installing @gorules/zen-engine into bench/peers/node_modules (npm)" >&2
    (cd "$root/bench/peers" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
  fi
}
pkgs=(cmake ninja-build g++ make libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
      pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest
      python3-matplotlib python3-pip python3-setuptools
      fonts-noto-cjk  # Chinese in the district report's charts (make report)
      python3-dask python3-distributed  # xiufu.dask (Debian 12 packages no Parquet engine)
      clang-14 libfuzzer-14-dev  # the fuzzers (make fuzz)
      libboost1.81-dev libboost-json1.81-dev wrk curl)  # xiufu-server, its load test
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  [ "$peers" -eq 1 ] && install_peers
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ "$peers" -eq 1 ] && install_peers
exit 0

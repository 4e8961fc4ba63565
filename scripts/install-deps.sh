#!/usr/bin/env bash
# Installs the Debian packages xiufu needs to build, test and benchmark.
# Idempotent and quiet when everything is already present.
set -euo pipefail
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
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

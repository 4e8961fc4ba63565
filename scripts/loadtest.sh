#!/usr/bin/env bash
# Load and fault test of xiufu-server (docs/server.md "Load test"): starts the server on
# 127.0.0.1 (ephemeral port), drives POST /v1/evaluate with wrk posting real entities of a
# generated district, and meanwhile replaces the table file every second, alternating two valid
# packs (the Gongshu pack and a variant with one reason changed) and, once, a corrupt blob.
# Passes when there are 0 failed requests (non-2xx, socket errors), enough reloads happened
# (the corrupt one refused), the sampled answers name both tables' hashes, and every sampled
# answer equals `xiufu evaluate` on the same entity and table. Prints wrk's figures, the
# server's /metrics latency histograms (HTTP and in-process EvaluateEntity) and writes
# loadtest.json next to the binaries.
#
#   scripts/loadtest.sh [BUILD_DIR] [--short] [--server BIN] [--cli BIN]
#   --short: 8 s, 16 connections, 2,000 entities, >= 5 reloads (make test);
#   default: 20 s, 64 connections, 20,000 entities, >= 15 reloads (make bench).
#   XIUFU_BENCH_SHORT=1 also selects --short.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
server="" cli="" short="${XIUFU_BENCH_SHORT:-0}"
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=1 ;;
    --server) server=$2; shift ;;
    --cli) cli=$2; shift ;;
    -*) echo "loadtest: unknown option $1" >&2; exit 2 ;;
    *) build=$(cd "$1" && pwd) ;;
  esac
  shift
done
[ -n "$server" ] || server="$build/xiufu-server"
[ -n "$cli" ] || cli="$build/xiufu"
out_dir=$(dirname "$server")
for b in "$server" "$cli"; do
  [ -x "$b" ] || { echo "loadtest: $b not built" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (scripts/install-deps.sh)" >&2; exit 2; }

if [ "$short" = 1 ]; then
  duration=8 connections=16 entities=2000 min_reloads=5 mode=short
else
  duration=20 connections=64 entities=20000 min_reloads=15 mode=full
fi
as_of=2026-11-22
tmp=$(mktemp -d /tmp/xiufu-loadtest.XXXXXX)
server_pid="" swap_pid=""
cleanup() {
  [ -n "$swap_pid" ] && kill "$swap_pid" 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "loadtest ($mode): $entities entities, $connections connections, ${duration}s, table replaced every second"

# ---- two valid packs and a corrupt blob
quiet() { "$@" > "$tmp/cmd.log" 2>&1 || { cat "$tmp/cmd.log" >&2; exit 1; }; }
quiet "$cli" compile --rules "$root/rules/gongshu" --out "$tmp/a.xtb"
cp -r "$root/rules/gongshu" "$tmp/pack_b"
sed -i 's/^version = .*/version = 1.0.0-loadtest-b/' "$tmp/pack_b/manifest.ini"
sed -i 's/nothing to repair\./nothing to repair (pack B)./' "$tmp/pack_b/tables/visibility.csv"
quiet "$cli" compile --rules "$tmp/pack_b" --out "$tmp/b.xtb"
python3 - "$tmp/a.xtb" "$tmp/corrupt.xtb" <<'PY'
import sys
blob = bytearray(open(sys.argv[1], 'rb').read())
for i in range(len(blob) // 2, len(blob) // 2 + 64):
    blob[i] ^= 0x5A
open(sys.argv[2], 'wb').write(blob)
PY

# ---- the district, request bodies and the CLI's answers for both tables
quiet "$cli" gen --out "$tmp/district" --entities "$entities"
python3 - "$tmp/district" "$tmp/bodies.jsonl" "$as_of" <<'PY'
import csv, json, sys
d, out, as_of = sys.argv[1:4]
ents = list(csv.DictReader(open(f"{d}/entities.csv", encoding="utf-8-sig")))
recs = {}
for r in csv.DictReader(open(f"{d}/records.csv", encoding="utf-8-sig")):
    recs.setdefault(r["uscc"], []).append(r)
with_records = [e for e in ents if e["uscc"] in recs]
without = [e for e in ents if e["uscc"] not in recs][: len(with_records) // 4]
with open(out, "w", encoding="utf-8") as f:
    for e in with_records + without:
        body = {"as_of": as_of, "entity": {k: v for k, v in e.items() if v != ""},
                "records": [{k: v for k, v in r.items() if v != "" and k != "uscc"}
                            for r in recs.get(e["uscc"], [])]}
        f.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"loadtest: {len(with_records)} entities with records + {len(without)} without as request bodies")
PY
for t in a b; do
  "$cli" evaluate --rules "$tmp/$t.xtb" --entities "$tmp/district/entities.csv" \
    --records "$tmp/district/records.csv" --as-of "$as_of" --format jsonl > "$tmp/cli_$t.jsonl"
done

# ---- the server
cp "$tmp/a.xtb" "$tmp/live.xtb"
"$server" --table "$tmp/live.xtb" --listen 127.0.0.1:0 --port-file "$tmp/port" --threads 2 \
  --as-of "$as_of" --watch-ms 100 --decision-log "$tmp/dlog" > "$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do [ -s "$tmp/port" ] && break; kill -0 $server_pid || break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "loadtest: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
port=$(cat "$tmp/port")
base="http://127.0.0.1:$port"
curl -sf "$base/healthz" >/dev/null

# ---- replace the table file every second: B, A, B, A, corrupt, B, A, …
(
  i=0 valid=0
  while [ $i -lt $((duration - 1)) ]; do
    sleep 1
    i=$((i + 1))
    if [ $i -eq 4 ]; then
      src=corrupt
    else
      valid=$((valid + 1))
      if [ $((valid % 2)) -eq 1 ]; then src=b; else src=a; fi
    fi
    cp "$tmp/$src.xtb" "$tmp/live.tmp" && mv "$tmp/live.tmp" "$tmp/live.xtb"
    echo "$src" >> "$tmp/swaps"
  done
) &
swap_pid=$!

XIUFU_LT_BODIES="$tmp/bodies.jsonl" XIUFU_LT_SAMPLES="$tmp/samples" XIUFU_LT_SUMMARY="$tmp/wrk.json" \
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$root/scripts/loadtest.lua" \
  "$base/v1/evaluate" > "$tmp/wrk.txt"
wait "$swap_pid" || true
swap_pid=""
sleep 0.5  # the watcher sees the last replacement
curl -sf "$base/metrics" > "$tmp/metrics.txt"
curl -sf "$base/v1/table" > "$tmp/table.json"
cat "$tmp/wrk.txt"

python3 - "$tmp" "$out_dir/loadtest.json" "$min_reloads" "$mode" <<'PY'
import json, re, sys
tmp, out_path, min_reloads, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
wrk = json.load(open(f"{tmp}/wrk.json"))
metrics = open(f"{tmp}/metrics.txt").read()
swaps = open(f"{tmp}/swaps").read().split()

def metric(name, labels=""):
    m = re.search(r"^" + re.escape(name + labels) + r" (\S+)$", metrics, re.M)
    return float(m.group(1)) if m else 0.0

def histogram(name, labels):
    buckets = []
    for m in re.finditer(r"^" + re.escape(name) + r"_bucket\{" + re.escape(labels) +
                         r"(?:,)?le=\"([^\"]+)\"\} (\d+)$", metrics, re.M):
        buckets.append((float("inf") if m.group(1) == "+Inf" else float(m.group(1)), int(m.group(2))))
    return buckets

def quantile(buckets, q):
    total = buckets[-1][1] if buckets else 0
    if total == 0:
        return None
    lo_bound, lo_count = 0.0, 0
    for bound, count in buckets:
        if count >= q * total:
            if bound == float("inf"):
                return lo_bound
            # linear within the bucket, as Prometheus' histogram_quantile
            frac = (q * total - lo_count) / max(count - lo_count, 1)
            return lo_bound + (bound - lo_bound) * frac
        lo_bound, lo_count = bound, count
    return None

http = histogram("xiufu_http_request_duration_seconds", 'endpoint="evaluate",')
engine = histogram("xiufu_engine_evaluate_seconds", "")

# The CLI's answers per table, by (uscc, record_id, platform).
keys = ["status", "eligible_from", "expires_on", "rule_id", "source", "channel", "authority",
        "reason_zh", "reason_en"]
cli = {}
for t, version in (("a", "1.0.0"), ("b", "1.0.0-loadtest-b")):
    rows = {}
    for line in open(f"{tmp}/cli_{t}.jsonl", encoding="utf-8"):
        r = json.loads(line)
        rows[(r["uscc"], r["record_id"], r["platform"])] = r
    cli[version] = rows

import glob
checked = mismatched = 0
hashes = {}
problems = []
for path in glob.glob(f"{tmp}/samples-*.jsonl"):
    for line in open(path, encoding="utf-8"):
        ans = json.loads(line)
        version, h = ans["table"]["version"], ans["table"]["hash"]
        hashes.setdefault(version, set()).add(h)
        rows = cli[version]
        uscc = ans["entity"]["uscc"]
        checked += 1
        bad = False
        for rec in ans["records"]:
            for o in rec["outcomes"]:
                want = rows.get((uscc, rec["record_id"], o["platform"]))
                if want is None or any(o.get(k) != want.get(k) for k in keys):
                    bad = True
                    if len(problems) < 5:
                        problems.append((uscc, rec["record_id"], o["platform"], version))
        mismatched += bad

reloads_ok = metric("xiufu_table_reloads_total", '{result="ok"}')
reloads_failed = metric("xiufu_table_reloads_total", '{result="failed"}')
errors = wrk["errors"]
socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
fmt = lambda s: "n/a" if s is None else f"{s * 1e6:.1f} µs"
report = {
    "mode": mode,
    "wrk": wrk,
    "non_2xx": errors["status"],
    "socket_errors": socket_errors,
    "table_swaps": len(swaps), "corrupt_swaps": swaps.count("corrupt"),
    "reloads_ok": reloads_ok, "reloads_failed": reloads_failed,
    "sampled_answers": checked, "wrong_answers": mismatched,
    "table_hashes_seen": {v: sorted(h) for v, h in hashes.items()},
    "server_http_latency_s": {"p50": quantile(http, .5), "p99": quantile(http, .99), "p999": quantile(http, .999)},
    "engine_evaluate_entity_s": {"p50": quantile(engine, .5), "p99": quantile(engine, .99), "p999": quantile(engine, .999),
                                 "count": engine[-1][1] if engine else 0},
    "decision_log_written": metric("xiufu_decision_log_lines_total"),
    "decision_log_dropped": metric("xiufu_decision_log_dropped_total"),
}
json.dump(report, open(out_path, "w"), indent=2)
lat = wrk["latency_us"]
print(f"\nloadtest ({mode}): {wrk['requests']} requests in {wrk['duration_s']:.1f} s = {wrk['rps']:.0f} req/s; "
      f"wrk latency p50 {lat['p50']} µs, p99 {lat['p99']} µs, p99.9 {lat['p999']} µs, max {lat['max']} µs")
print(f"  non-2xx {errors['status']}, socket errors {socket_errors}; table replaced {len(swaps)} times "
      f"({swaps.count('corrupt')} corrupt): reloads ok {reloads_ok:.0f}, refused {reloads_failed:.0f}")
print(f"  server /metrics evaluate latency (HTTP, request read → answer written): p50 {fmt(quantile(http, .5))}, "
      f"p99 {fmt(quantile(http, .99))}, p99.9 {fmt(quantile(http, .999))}")
print(f"  in-process EvaluateEntity (same run, {report['engine_evaluate_entity_s']['count']} calls): "
      f"p50 {fmt(quantile(engine, .5))}, p99 {fmt(quantile(engine, .99))}, p99.9 {fmt(quantile(engine, .999))}")
print(f"  sampled answers checked against `xiufu evaluate`: {checked}, wrong {mismatched}; "
      f"table hashes in answers: " + ", ".join(f"{v}={','.join(sorted(h))}" for v, h in sorted(hashes.items())))
print(f"  decision log: {report['decision_log_written']:.0f} lines written, {report['decision_log_dropped']:.0f} dropped")
print("  /metrics latency histogram (endpoint=evaluate, cumulative):")
prev = 0
for bound, count in http:
    if count != prev:
        print(f"    le {bound:>8g} s: {count}")
    prev = count
fail = []
if errors["status"] or socket_errors: fail.append("failed requests")
if reloads_ok < min_reloads: fail.append(f"only {reloads_ok:.0f} reloads (< {min_reloads})")
if reloads_failed < 1: fail.append("the corrupt blob was not refused")
if checked < 10: fail.append("too few sampled answers")
if mismatched: fail.append(f"{mismatched} wrong answers {problems}")
if len(hashes) < 2: fail.append("the answers' table hash never changed")
if len(set().union(*hashes.values())) < 2: fail.append("fewer than two table hashes")
if fail:
    print("loadtest: FAILED: " + "; ".join(fail), file=sys.stderr)
    sys.exit(1)
print(f"loadtest: ok ({out_path})")
PY
grep -E "refused|reload" "$tmp/server.log" | tail -3

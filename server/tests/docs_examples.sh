#!/usr/bin/env bash
# Runs the curl examples of docs/server.md as written, against a server started on an
# ephemeral port of 127.0.0.1 ("localhost:8080" in the examples is replaced by it). Every
# example must exit 0 with output; one whose following ```http block shows a status line must
# answer with that status.
#   docs_examples.sh XIUFU_SERVER XIUFU_CLI SOURCE_DIR
set -euo pipefail
server=$1 cli=$2 root=$3
tmp=$(mktemp -d /tmp/xiufu-docs-examples.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$cli" compile --rules "$root/rules/gongshu" --out "$tmp/gongshu.xtb" > "$tmp/compile.log" 2>&1 ||
  { cat "$tmp/compile.log"; exit 1; }
"$server" --table "$tmp/gongshu.xtb" --listen 127.0.0.1:0 --port-file "$tmp/port" \
  --as-of 2026-11-22 --threads 2 > "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do [ -s "$tmp/port" ] && break; kill -0 "$pid" || break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "docs_examples: the server did not start"; cat "$tmp/server.log"; exit 1; }
port=$(cat "$tmp/port")
plan=$(curl -s "127.0.0.1:$port/v1/table" | python3 -c 'import json,sys; print(str(json.load(sys.stdin)["features"]["plan"]).lower())')

python3 - "$root/docs/server.md" "$tmp" <<'PY'
import re, sys
doc, tmp = sys.argv[1], sys.argv[2]
blocks = re.findall(r"^```(\w*)\n(.*?)^```$", open(doc, encoding="utf-8").read(), re.M | re.S)
n = 0
for i, (lang, body) in enumerate(blocks):
    if lang != "sh" or "curl " not in body:
        continue
    n += 1
    open(f"{tmp}/ex-{n}.sh", "w", encoding="utf-8").write(body)
    expect = ""
    if i + 1 < len(blocks) and blocks[i + 1][0] == "http":
        first = blocks[i + 1][1].splitlines()[0]
        if first.startswith("HTTP/"):
            expect = first.split()[1]
    open(f"{tmp}/ex-{n}.status", "w").write(expect)
print(n)
PY
count=$(ls "$tmp"/ex-*.sh | wc -l)
[ "$count" -ge 8 ] || { echo "docs_examples: only $count curl examples found"; exit 1; }
failed=0
for ex in $(ls "$tmp"/ex-*.sh | sort -V); do
  name=$(basename "$ex" .sh)
  sed -i "s/localhost:8080/127.0.0.1:$port/g" "$ex"
  if ! (cd "$tmp" && bash -eo pipefail "$ex") > "$tmp/$name.out" 2> "$tmp/$name.err"; then
    echo "FAIL $name: exit status $?"; cat "$ex" "$tmp/$name.err"; failed=1; continue
  fi
  if [ ! -s "$tmp/$name.out" ]; then
    echo "FAIL $name: no output"; cat "$ex"; failed=1; continue
  fi
  want=$(cat "$tmp/$name.status")
  # A build whose runtime has no PlanEntity answers /v1/plan with 501 (GET /v1/table "features").
  if grep -q '/v1/plan' "$ex" && [ "$plan" = false ]; then want=501; fi
  if [ -n "$want" ]; then
    got=$(tr -d '\r' < "$tmp/$name.out" | grep -E '^HTTP/[0-9.]+ [0-9]{3}' | grep -v ' 100 ' | tail -1 | cut -d' ' -f2)
    if [ "$got" != "$want" ]; then
      echo "FAIL $name: status $got, the docs show $want"; cat "$ex"; head -c 2000 "$tmp/$name.out"; echo
      failed=1; continue
    fi
  fi
  echo "ok   $name ${want:+(HTTP $want)}"
done
kill -0 "$pid" || { echo "docs_examples: the server died"; cat "$tmp/server.log"; exit 1; }
exit $failed

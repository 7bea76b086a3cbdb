#!/usr/bin/env bash
# Read benchmarks of the JSON API with wrk.  A measurement, never pass/fail.
#
#   bench/run.sh                 # expects build/chanjiao (make build); builds nothing
#   BIN=build-asan/chanjiao DURATION=5s EXTRA=500 bench/run.sh
#   DB=postgres://chanjiao@127.0.0.1:PORT/db bench/run.sh   # on PostgreSQL (see make bench)
#
# Loads the demo college into a temp db, starts the server on a free port, adds EXTRA (2000)
# enterprises through the API, logs in with curl, runs `wrk -t2 -c64 -d15s --latency` with each
# bench/*.lua script, prints requests/s and p99 per script, stops the server.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-build/chanjiao}
DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
EXTRA=${EXTRA:-2000}

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "no $BIN (run make build first)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"

TMP=$(mktemp -d /tmp/cj-bench.XXXXXX)
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"

DB=${DB:-$TMP/bench.db}
export CHANJIAO_KEY_FILE=$TMP/bench.key
echo "bench: demo db $DB"
"$BIN" demo --db "$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; die "chanjiao demo failed"; }

# a generous per-address limit: wrk opens $CONNS connections from one address
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit 1024 \
	>"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 200); do
	curl -fsS "$BASE/api/v1/health" >/dev/null 2>&1 && break
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log"; die "server exited"; }
	sleep 0.1
done
curl -fsS "$BASE/api/v1/health" >/dev/null || die "server not ready"

# log in with curl: the cookie from the jar, the CSRF token from the body
LOGIN=$(curl -fsS -c "$TMP/jar" -H 'Content-Type: application/json' \
	-d '{"tenant":"jxjsxy","username":"admin","password":"chanjiao2023"}' "$BASE/api/v1/session")
CSRF=$(printf '%s' "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
TOKEN=$(awk '$6 == "cj_session" { print $7 }' "$TMP/jar")
[ -n "$TOKEN" ] || die "no cj_session cookie after login"
export CJ_COOKIE="cj_session=$TOKEN"

echo "bench: adding $EXTRA enterprises"
python3 - "$BASE" "$CJ_COOKIE" "$CSRF" "$EXTRA" <<'PY'
import http.client, json, sys, time, urllib.parse
sys.path.insert(0, "tests/api")
from lib import make_uscc
base, cookie, csrf, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
codes = ["C34", "C38", "C39", "C35", "I65", "M75", "E48", "F51"]
sizes = ["large", "medium", "small", "micro"]
t0 = time.time()
bad = 0
for i in range(n):
    body = {"name": "基准企业%05d" % i, "uscc": make_uscc(70000000 + i), "industry_code": codes[i % len(codes)],
            "size": sizes[i % len(sizes)], "region_code": "330400", "contact_phone": "1390000%04d" % i}
    conn.request("POST", "/api/v1/enterprises", body=json.dumps(body, ensure_ascii=False).encode(),
                 headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
    r = conn.getresponse()
    r.read()
    if r.status != 201:
        bad += 1
        if bad <= 3:
            print("bench: create answered %s" % r.status, file=sys.stderr)
dt = time.time() - t0
print("bench: %d created in %.1fs (%.0f/s), %d refused" % (n - bad, dt, n / dt if dt else 0, bad))
PY

CJ_CARRIER_ID=$(curl -fsS -H "Cookie: $CJ_COOKIE" "$BASE/api/v1/carriers?size=1&sort=id" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
export CJ_CARRIER_ID

run_wrk() { # name script
	local out="$TMP/wrk-$1.txt"
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$2" "$BASE" >"$out" 2>&1 || true
	local rps p99 non2xx
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$out")
	printf '%-14s %12s %10s %10s\n' "$1" "${rps:-?}" "${p99:-?}" "${non2xx:-0}"
}

echo
case $DB in postgres*) backend=postgresql ;; *) backend=sqlite ;; esac
echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency  ($backend, $(nproc) cpus, $EXTRA extra enterprises, carrier $CJ_CARRIER_ID)"
printf '%-14s %12s %10s %10s\n' "script" "requests/s" "p99" "non-2xx"
run_wrk enterprises bench/enterprises.lua
run_wrk carrier bench/carrier.lua
run_wrk placements bench/placements.lua
echo
echo "bench: raw wrk output was in $TMP (removed on exit); set KEEP=1 to keep it"
if [ "${KEEP:-0}" = 1 ]; then
	cp -r "$TMP" "$TMP.kept" && echo "bench: kept in $TMP.kept"
fi

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

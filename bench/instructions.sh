#!/usr/bin/env bash
# Instructions a request: the server under callgrind, one polling thread, N requests of each
# path over one keep-alive connection.  A count, not a time: it does not move with the other
# load of a shared machine, so two builds compare to the percent where wrk's figures drift by
# half (docs/performance.md, "The fourth round").  A measurement, never pass/fail.
#
#   bench/instructions.sh                          # build/chanjiao, the paths of bench/run.sh
#   BIN=/path/to/old/chanjiao bench/instructions.sh
#   N=2000 bench/instructions.sh '/api/v1/carriers/1'
#
# The demo college with EXTRA (300) enterprises added through the API, as bench/run.sh has it;
# the login and a warm-up of 20 requests run before the count starts (callgrind_control -i on).
# valgrind counts a `rep stos` byte by byte: libmicrohttpd's and SQLite's memset of their
# pools and pages weigh more here than in time.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/chanjiao}
N=${N:-1000}
EXTRA=${EXTRA:-300}
die() { echo "instructions: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "no $BIN (run make build first)"
for c in valgrind callgrind_control curl python3; do
	command -v $c >/dev/null || die "$c is not installed (scripts/setup.sh bench)"
done
TMP=$(mktemp -d /tmp/cj-instr.XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
export CHANJIAO_KEY_FILE=$TMP/db.key
"$BIN" demo --db "$TMP/db" >/dev/null 2>&1 || die "chanjiao demo failed"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
login() { # BASE → cookie jar in $TMP/jar, CSRF token printed
	curl -fsS -c "$TMP/jar" -H 'Content-Type: application/json' \
		-d '{"tenant":"jxjsxy","username":"admin","password":"chanjiao2023"}' "$1/api/v1/session" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
wait_up() { for _ in $(seq 300); do curl -fs "$1/api/v1/health" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }

# The extra enterprises, through the API, as bench/run.sh adds them.
P=$(port)
"$BIN" serve --db "$TMP/db" --listen "127.0.0.1:$P" >/dev/null 2>&1 &
PID=$!
wait_up "http://127.0.0.1:$P" || die "server not ready"
CSRF=$(login "http://127.0.0.1:$P")
TOKEN=$(awk '$6 == "cj_session" { print $7 }' "$TMP/jar")
python3 bench/enterprises.py "http://127.0.0.1:$P" "cj_session=$TOKEN" "$CSRF" "$EXTRA" --strict >/dev/null ||
	die "adding the enterprises failed"
CARRIER=$(curl -fsS -H "Cookie: cj_session=$TOKEN" "http://127.0.0.1:$P/api/v1/carriers?size=1&sort=id" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

if [ $# -gt 0 ]; then
	PATHS=("$@")
else
	PATHS=("/api/v1/enterprises?industry_code=C34&page=2&size=20" "/api/v1/carriers/$CARRIER"
		"/api/v1/students?page=2&size=20" "/api/v1/placements?page=2&size=20")
fi
printf '%-52s %12s\n' "request ($N each, $(basename "$BIN"))" "instructions"
for path in "${PATHS[@]}"; do
	P=$(port)
	rm -f "$TMP"/cg.out*
	valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$TMP/cg.out" \
		"$BIN" serve --db "$TMP/db" --listen "127.0.0.1:$P" --threads 1 >"$TMP/vg.log" 2>&1 &
	PID=$!
	wait_up "http://127.0.0.1:$P" || die "server under valgrind not ready"
	login "http://127.0.0.1:$P" >/dev/null
	TOKEN=$(awk '$6 == "cj_session" { print $7 }' "$TMP/jar")
	run() { # COUNT: GET path COUNT times over one connection, every answer a 200
		python3 - "$P" "cj_session=$TOKEN" "$path" "$1" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=60)
for _ in range(int(sys.argv[4])):
    c.request("GET", sys.argv[3], headers={"Cookie": sys.argv[2], "Accept": "application/json"})
    r = c.getresponse(); r.read()
    if r.status != 200:
        sys.exit("instructions: %s answered %d" % (sys.argv[3], r.status))
PY
	}
	run 20
	callgrind_control -i on "$PID" >/dev/null 2>&1
	run "$N"
	callgrind_control -i off "$PID" >/dev/null 2>&1
	kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
	ir=$(grep -h '^totals:' "$TMP"/cg.out* | awk '{ s += $2 } END { print s }')
	printf '%-52s %12d\n' "$path" $((ir / N))
done

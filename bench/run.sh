#!/usr/bin/env bash
# The request path against nginx, side by side, in one run.  A measurement, never pass/fail.
#
#   bench/run.sh                 # expects build/chanjiao (make build); builds nothing
#   BIN=/path/to/old/chanjiao bench/run.sh        # the same run with another binary
#   DB=postgres://chanjiao@127.0.0.1:PORT/db bench/run.sh   # on PostgreSQL (see make bench)
#   DURATION=5s EXTRA=300 RESULTS=/tmp/r.tsv bench/run.sh
#   PERF=/tmp/prof bench/run.sh  # perf record of the server during each 32-connection run
#   SERVE_ARGS=--no-group-commit bench/run.sh    # more options for chanjiao serve
#   READS=0 bench/run.sh         # the write benchmark only
#
# Loads the demo college into a temp db, starts the server on a free port, adds EXTRA (300)
# enterprises through the API (a college with a few hundred partners), logs in with curl.
# For each read request it fetches the answer once, writes its bytes to a file that nginx
# serves from a private instance (2 workers, no log), and runs wrk (one thread, 32
# connections) against nginx, then against the server, and prints both figures and their
# ratio; then the server again at 128 connections for its p99.  Writes: POST /enterprises at
# 32 connections, each body a new enterprise.  Last, the server's peak resident memory.
# With RESULTS=FILE each figure is appended as a tab-separated line (make bench compares the
# backends from it).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-build/chanjiao}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
CONNS_HIGH=${CONNS_HIGH:-128}
EXTRA=${EXTRA:-300}
THREADS=${THREADS:-}

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "no $BIN (run make build first)"
for c in wrk curl nginx python3; do
	command -v $c >/dev/null || [ -x /usr/sbin/$c ] || die "$c is not installed (scripts/setup.sh test)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d /tmp/cj-bench.XXXXXX)
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
	fi
	[ -f "$TMP/nginx.pid" ] && kill -QUIT "$(cat "$TMP/nginx.pid")" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		cp -r "$TMP" "$TMP.kept" && echo "bench: kept in $TMP.kept"
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
PORT=$(free_port)
NPORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
NBASE="http://127.0.0.1:$NPORT"

DB=${DB:-$TMP/bench.db}
case $DB in postgres*) backend=postgresql ;; *) backend=sqlite ;; esac
export CHANJIAO_KEY_FILE=$TMP/bench.key
echo "bench: demo db ($backend)"
"$BIN" demo --db "$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; die "chanjiao demo failed"; }

# a generous per-address limit: wrk opens $CONNS_HIGH connections from one address
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit 1024 \
	${THREADS:+--threads "$THREADS"} ${SERVE_ARGS:-} >"$TMP/server.log" 2>&1 &
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
export CJ_COOKIE="cj_session=$TOKEN" CJ_CSRF="$CSRF"

# EXTRA enterprises through the API; the bodies of the write benchmark into a file
python3 bench/enterprises.py "$BASE" "$CJ_COOKIE" "$CSRF" "$EXTRA" "$TMP/bodies.txt"
export CJ_BODIES=$TMP/bodies.txt
# PostgreSQL plans by its statistics, and an index-only scan needs the visibility map: a
# database in service has both from autovacuum, within its minute of the inserts above.
if [ "$backend" = postgresql ]; then
	psql -X -q "$DB" -c 'SET client_min_messages = error' -c 'VACUUM (ANALYZE)' || die "VACUUM (ANALYZE) failed"
fi

CARRIER=$(curl -fsS -H "Cookie: $CJ_COOKIE" "$BASE/api/v1/carriers?size=1&sort=id" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

# The requests: name, path.
REQS=(
	"enterprises /api/v1/enterprises?industry_code=C34&page=2&size=20"
	"carrier /api/v1/carriers/$CARRIER"
	"students /api/v1/students?page=2&size=20"
	"placements /api/v1/placements?page=2&size=20"
)

# nginx serves the answers' bytes from files of the same size
mkdir -p "$TMP/www"
for r in "${REQS[@]}"; do
	set -- $r
	curl -fsS -H "Cookie: $CJ_COOKIE" "$BASE$2" -o "$TMP/www/$1.json" || die "GET $2 failed"
done
cat >"$TMP/nginx.conf" <<EOF
worker_processes $(nproc);
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
daemon on;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/json;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NPORT;
		root $TMP/www;
	}
}
EOF
mkdir -p "$TMP/nginx-tmp"
"$NGINX" -p "$TMP/nginx-tmp" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" || die "nginx did not start"
for _ in $(seq 50); do curl -fsS "$NBASE/enterprises.json" >/dev/null 2>&1 && break; sleep 0.1; done

cat >"$TMP/get.lua" <<'EOF'
wrk.method = "GET"
wrk.headers["Cookie"] = os.getenv("CJ_COOKIE")
wrk.headers["Accept"] = "application/json"
EOF
# The same request computed afresh: the server's table of kept answers (api/kept.h) is passed by.
{ cat "$TMP/get.lua"; echo 'wrk.headers["Cache-Control"] = "no-cache"'; } >"$TMP/fresh.lua"

# The server's CPU time so far, in clock ticks (user + system, every thread).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# wrk_run URL CONNS SCRIPT → "rps p99 non2xx cpu-us-per-request" (the last for the server only)
wrk_run() {
	local out="$TMP/wrk.txt" t0 t1
	t0=$(cpu_ticks)
	wrk -t1 -c"$2" -d"$DURATION" --latency -s "$3" "$1" >"$out" 2>&1 || true
	t1=$(cpu_ticks)
	cat "$out" >>"$TMP/wrk-all.txt"
	local rps p99 non2xx n
	rps=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$out")
	n=$(awk '/requests in/ { print $1 }' "$out")
	echo "${rps:-0} ${p99:-?} ${non2xx:-0} $(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / max(${n:-0}, 1)))")"
}

record() { # name figure value
	[ -n "${RESULTS:-}" ] && printf '%s\t%s\t%s\t%s\n' "$backend" "$1" "$2" "$3" >>"$RESULTS"
	return 0
}

echo
echo "wrk -t1 -d$DURATION --latency; $backend; $(nproc) cpus; $EXTRA extra enterprises"
echo "server: answers kept while the college's records stand (api/kept.h); computed: the same with"
echo "Cache-Control: no-cache, which computes every answer afresh"
printf '%-12s %7s | %9s %8s | %9s %8s %6s %6s | %9s %8s | %9s %8s %6s %6s\n' request bytes "nginx r/s" p99 \
	"server r/s" p99 ratio "cpu µs" "r/s@$CONNS_HIGH" p99 "computed" p99 ratio "cpu µs"
[ "${READS:-1}" = 0 ] && REQS=()
for r in "${REQS[@]}"; do
	set -- $r
	bytes=$(stat -c %s "$TMP/www/$1.json")
	read -r nrps np99 _ _ < <(wrk_run "$NBASE/$1.json" "$CONNS" "$TMP/get.lua")
	if [ -n "${PERF:-}" ]; then # a profile of the server while wrk runs
		mkdir -p "$PERF"
		perf record ${PERF_OPTS:--F 997 -g} -p "$SERVER_PID" -o "$PERF/$backend-$1.data" -- sleep "${DURATION%s}" \
			>/dev/null 2>&1 &
		PERF_PID=$!
	fi
	read -r srps sp99 sbad scpu < <(wrk_run "$BASE$2" "$CONNS" "$TMP/get.lua")
	[ -z "${PERF_PID:-}" ] || wait "$PERF_PID" || true
	read -r hrps hp99 hbad _ < <(wrk_run "$BASE$2" "$CONNS_HIGH" "$TMP/get.lua")
	read -r crps cp99 cbad ccpu < <(wrk_run "$BASE$2" "$CONNS" "$TMP/fresh.lua")
	ratio=$(python3 -c "print('%.2f' % ($srps / $nrps if $nrps else 0))")
	cratio=$(python3 -c "print('%.2f' % ($crps / $nrps if $nrps else 0))")
	printf '%-12s %7s | %9s %8s | %9s %8s %6s %6s | %9s %8s | %9s %8s %6s %6s\n' "$1" "$bytes" \
		"$nrps" "$np99" "$srps" "$sp99" "$ratio" "$scpu" "$hrps" "$hp99" "$crps" "$cp99" "$cratio" "$ccpu"
	[ "$sbad" = 0 ] && [ "$hbad" = 0 ] && [ "$cbad" = 0 ] ||
		echo "bench: $1 had non-2xx answers ($sbad, $hbad, $cbad)"
	record "$1" rps "$srps"
	record "$1" nginx_rps "$nrps"
	record "$1" ratio "$ratio"
	record "$1" p99_high "$hp99"
	record "$1" cpu_us "$scpu"
	record "$1-computed" rps "$crps"
	record "$1-computed" ratio "$cratio"
done

cat >"$TMP/post.lua" <<'EOF'
local bodies, i = {}, 0
for line in io.lines(os.getenv("CJ_BODIES")) do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Cookie"] = os.getenv("CJ_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CJ_CSRF")
wrk.headers["Content-Type"] = "application/json"
request = function()
	i = i + 1
	return wrk.format(nil, nil, nil, bodies[(i - 1) % #bodies + 1])
end
EOF
read -r wrps wp99 wbad wcpu < <(wrk_run "$BASE/api/v1/enterprises" "$CONNS" "$TMP/post.lua")
printf '%-12s %7s | %9s %8s | %9s %8s %6s %6s |\n' "POST ent." "-" "-" "-" "$wrps" "$wp99" "-" "$wcpu"
[ "$wbad" = 0 ] || echo "bench: POST had $wbad non-2xx answers"
record post_enterprises rps "$wrps"
record post_enterprises p99 "$wp99"

# The peak includes the login's argon2id (64 MiB, freed after it); the resident figure after the
# runs is what serving takes.
rss=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
now=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
echo "server resident memory: $now MB after the runs; peak $rss MB (a login's argon2id takes 64 MiB while it runs)"
record server rss_mb "$now"
record server peak_rss_mb "$rss"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
# SQLite's group commit (store/walsync.h): how many writes shared each sync of the WAL
if grep -q "group commit:" "$TMP/server.log"; then
	sed -n 's/^chanjiao: //p' "$TMP/server.log" | grep "group commit:"
fi
# PostgreSQL's shared session checks (api/share.h): how many kept answers shared a round trip
if grep -q "shared checks:" "$TMP/server.log"; then
	sed -n 's/^chanjiao: //p' "$TMP/server.log" | grep "shared checks:"
fi

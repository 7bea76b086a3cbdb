#!/usr/bin/env bash
# The dashboard benchmark (issue 14): a measurement, never pass/fail.
#
#   bench/dashboard.sh                      # PROFILE=city (30 colleges, 120 000 students), SQLite
#   PROFILE=province bench/dashboard.sh     # 300 colleges, 1.2 million students
#   DB=/tmp/city.db bench/dashboard.sh      # an existing generated database (kept)
#   PG=DIR bench/dashboard.sh               # on the PostgreSQL cluster of scripts/pg.sh start DIR
#   DB=postgres://… KEY=FILE bench/dashboard.sh   # a region generated there before, with its key
#   THREADS=16 bench/dashboard.sh           # the server with 16 threads (default: one a core)
#
# Generates the profile with `chanjiao gen --seed 1` (timed), then runs bench/dashboard.py: the
# college dashboard under 16 concurrent clients (p50, p99), the region dashboard cold and again,
# and the server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/chanjiao}
PROFILE=${PROFILE:-city}
[ -x "$BIN" ] || { echo "bench: no $BIN" >&2; exit 1; }
TMP=$(mktemp -d /tmp/cj-dash-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
KEY=${KEY:-}
if [ -n "${PG:-}" ]; then
	DB=$(scripts/pg.sh createdb "$PG")
	KEY="$TMP/pg.key"
	echo "bench: generating the $PROFILE profile into PostgreSQL"
	time "$BIN" gen --db "$DB" --key-file "$KEY" --profile "$PROFILE" --seed 1
elif [ -z "${DB:-}" ]; then
	DB="$TMP/gen.db"
	echo "bench: generating the $PROFILE profile into $DB"
	time "$BIN" gen --db "$DB" --profile "$PROFILE" --seed 1
fi
python3 bench/dashboard.py "$BIN" "$DB" "$KEY" "${YEAR:-2024}" "${CLIENTS:-16}" "${REQUESTS:-800}"

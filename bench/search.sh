#!/usr/bin/env bash
# The search benchmark (issue 12): a measurement, never pass/fail.
#
#   bench/search.sh                                  # 60 000 enterprises, 1 200 000 students
#   ENTERPRISES=60000 STUDENTS=120000 REPS=100 bench/search.sh
#   DB=/tmp/province.db [TENANT=gen3304001] bench/search.sh   # a generated province, one college's lists
#   PG=DIR bench/search.sh                           # on the PostgreSQL cluster of scripts/pg.sh start DIR
#   SRC=/tmp/province.db PG=DIR bench/search.sh      # a generated province copied there (its college TENANT
#                                                    # moved whole, the others' enterprises and students by COPY)
#
# Loads the demo college into a temp SQLite db, adds ENTERPRISES enterprises and STUDENTS students
# directly by SQL (no search text), opens the store once (chanjiao migrate: the store indexes every
# record that has no index row, which is the derivation cost), then serves it and times REPS
# sequential requests over one keep-alive connection for each list query (q of 1, 2, 3+ characters,
# pinyin, initials) and the global search, printing p50 and p99 in milliseconds (HTTP included).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/chanjiao}
[ -x "$BIN" ] || { echo "bench: no $BIN" >&2; exit 1; }
if [ -n "${DB:-}" ]; then
	# An existing database (a generated province: chanjiao gen --profile province), kept as it is;
	# the lists of one of its colleges (TENANT, default gen3304001) are queried.
	TENANT=${TENANT:-gen3304001} python3 bench/search.py "$BIN" "$DB" -1 -1 "${REPS:-100}"
	exit 0
fi
TMP=$(mktemp -d /tmp/cj-search-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
if [ -n "${PG:-}" ]; then
	# On the PostgreSQL cluster of scripts/pg.sh start DIR: a database of its own, rows by COPY.
	DB=$(scripts/pg.sh createdb "$PG")
	export KEY="$TMP/pg.key"
	if [ -n "${SRC:-}" ]; then
		export TENANT=${TENANT:-gen3304001}
	else
		"$BIN" demo --db "$DB" --key-file "$KEY" >/dev/null
	fi
	python3 bench/search.py "$BIN" "$DB" "${ENTERPRISES:-60000}" "${STUDENTS:-1200000}" "${REPS:-100}"
	exit 0
fi
"$BIN" demo --db "$TMP/b.db" >/dev/null
python3 bench/search.py "$BIN" "$TMP/b.db" "${ENTERPRISES:-60000}" "${STUDENTS:-1200000}" "${REPS:-100}"

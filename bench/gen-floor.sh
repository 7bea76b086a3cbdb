#!/usr/bin/env bash
# SQLite's own floor for what chanjiao gen writes (bench/gen-floor.c), RUNS times, beside a timed
# `chanjiao gen` of the same profile.  A measurement, never pass/fail.
#
#   bench/gen-floor.sh                    # the city profile (30 colleges, about 950 000 rows)
#   PROFILE=college RUNS=5 bench/gen-floor.sh
set -euo pipefail

cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-city}
RUNS=${RUNS:-3}
cmake --build build --target chanjiao gen-floor >/dev/null
TMP=$(mktemp -d /tmp/cj-gen-floor.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export CHANJIAO_KEY_FILE=$TMP/k.key
build/chanjiao gen --db "$TMP/gen.db" --profile "$PROFILE" --seed 1 2>/dev/null
build/chanjiao migrate --db "$TMP/empty.db" >/dev/null
for _ in $(seq "$RUNS"); do
	rm -f "$TMP"/d.db*
	cp "$TMP/empty.db" "$TMP/d.db"
	build/gen-floor "$TMP/d.db" "$TMP/gen.db"
done

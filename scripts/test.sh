#!/usr/bin/env bash
# Every test, as `make test` runs it: unit tests and the HTTP suite on SQLite and on a private
# PostgreSQL cluster, each with the plain and the sanitized (ASan + UBSan) build, then the
# browser suite when the web app is part of the tree.  Stops the cluster on any exit.
set -uo pipefail
cd "$(dirname "$0")/.."

pgdir=$(mktemp -d /tmp/cj-pg.XXXXXX)
cleanup() { scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

failed=()
step() {
	local name=$1
	shift
	echo "== $name"
	if "$@"; then echo "== $name: ok"; else echo "== $name: FAILED"; failed+=("$name"); fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1

step "unit (sqlite)" bash -c 'cd build && ctest --output-on-failure'
step "unit, sanitized (sqlite)" bash -c 'cd build-asan && ctest --output-on-failure'
# The fuzz targets over their committed corpora and every crash file found so far (no fuzzing).
step "fuzz corpus replay" tests/fuzz/replay.sh
# The generated OpenAPI document against the official OpenAPI 3.1 schema (an npm package,
# installed from tests/openapi's lock file); docs/openapi.json must equal it (unit test-openapi).
step "openapi document" bash -c '{ [ -f tests/openapi/node_modules/.package-lock.json ] ||
	(cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error >/dev/null); } &&
	python3 tests/openapi/validate.py --binary build/chanjiao'
# --openapi: every request and answer of the suite is checked against that document too.
step "api (sqlite)" python3 tests/api/run.py --binary build/chanjiao --openapi
step "api, sanitized (sqlite)" python3 tests/api/run.py --binary build-asan/chanjiao --sanitized

if scripts/pg.sh start "$pgdir" >/dev/null; then
	pgurl=$(scripts/pg.sh createdb "$pgdir")
	export CJ_TEST_DB_PG=$pgurl
	step "unit (postgresql)" bash -c 'cd build && ctest --output-on-failure'
	step "unit, sanitized (postgresql)" bash -c 'cd build-asan && ctest --output-on-failure'
	unset CJ_TEST_DB_PG
	step "api (postgresql)" python3 tests/api/run.py --binary build/chanjiao --pg "$pgdir" --openapi
	step "api, sanitized (postgresql)" python3 tests/api/run.py --binary build-asan/chanjiao --sanitized --pg "$pgdir"
else
	echo "== postgresql: the test cluster did not start"
	failed+=("postgresql cluster")
fi

step "web unit (vitest)" bash -c 'cd web && npm test --silent'
step "browser (sqlite)" node tests/e2e/run.mjs --binary build/chanjiao
step "browser, talent (sqlite)" node tests/e2e/talent.mjs --binary build/chanjiao
step "browser, key projects (sqlite)" node tests/e2e/projects.mjs --binary build/chanjiao
step "browser, search (sqlite)" node tests/e2e/search.mjs --binary build/chanjiao
step "browser, dashboard (sqlite)" node tests/e2e/dashboard.mjs --binary build/chanjiao
step "browser, exchange (sqlite)" node tests/e2e/exchange.mjs --binary build/chanjiao
if [ -d "$pgdir/data" ]; then
	step "browser (postgresql)" node tests/e2e/run.mjs --binary build/chanjiao --pg "$pgdir" \
		--screenshots build/screenshots-pg
	step "browser, talent (postgresql)" node tests/e2e/talent.mjs --binary build/chanjiao --pg "$pgdir" \
		--screenshots build/screenshots-pg
	step "browser, key projects (postgresql)" node tests/e2e/projects.mjs --binary build/chanjiao \
		--pg "$pgdir" --screenshots build/screenshots-pg
	step "browser, search (postgresql)" node tests/e2e/search.mjs --binary build/chanjiao --pg "$pgdir" \
		--screenshots build/screenshots-pg
	step "browser, dashboard (postgresql)" node tests/e2e/dashboard.mjs --binary build/chanjiao \
		--pg "$pgdir" --screenshots build/screenshots-pg
	step "browser, exchange (postgresql)" node tests/e2e/exchange.mjs --binary build/chanjiao --pg "$pgdir" \
		--screenshots build/screenshots-pg
fi

if [ ${#failed[@]} -gt 0 ]; then
	echo "make test: FAILED: ${failed[*]}"
	exit 1
fi
echo "make test: every suite passed"

# The README's two commands: make run, make test.
JOBS ?= 2
DB ?= data/chanjiao.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build build-asan run test deps test-deps format format-check clean bench web web-deps web-test \
	fuzz fuzz-deps fuzz-build bench-deps

all: build

deps:
	@scripts/setup.sh

test-deps:
	@scripts/setup.sh test

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build -j$(JOBS)

build-asan: test-deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCJ_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)

# The libFuzzer targets of tests/fuzz (clang, ASan, UBSan); `make fuzz` runs each for a
# million executions from its committed corpus (RUNS=, MAX_TIME=, FUZZ="http json" to change).
fuzz-deps:
	@scripts/setup.sh fuzz

fuzz-build: fuzz-deps
	@cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCJ_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ)

# The web app: npm ci from the committed lock file, then the Vite build into web/dist.
web/node_modules/.package-lock.json: web/package-lock.json
	@cd web && npm ci --no-audit --no-fund --loglevel=error

web-deps: deps web/node_modules/.package-lock.json

web: web-deps
	@cd web && npm run build --silent

web-test: web-deps
	@cd web && npm test --silent

run: build web
	@mkdir -p -m 0700 data # personal information at rest: the owner only
	@./build/chanjiao serve --db $(DB) --listen $(LISTEN) --demo-if-new

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

format-check: test-deps
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h') \
		&& echo "format-check: ok"

# Every test: layout, then unit tests and the HTTP suite (plain and sanitized
# builds) on SQLite and on a private PostgreSQL cluster, then the browser suite.
test: test-deps format-check
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory build-asan
	@$(MAKE) --no-print-directory fuzz-build
	@$(MAKE) --no-print-directory web
	@scripts/test.sh

# Measurements, not tests: each request against nginx serving the same bytes, on SQLite, then on a
# private PostgreSQL cluster; last, PostgreSQL's figures as a share of SQLite's (bench/run.sh).
bench-deps:
	@scripts/setup.sh bench

bench: build bench-deps
	@r=$$(mktemp /tmp/cj-bench-results.XXXXXX); \
	RESULTS=$$r bench/run.sh && \
	d=$$(mktemp -d /tmp/cj-pg.XXXXXX); scripts/pg.sh start $$d >/dev/null && \
		DB=$$(scripts/pg.sh createdb $$d) RESULTS=$$r bench/run.sh; rc=$$?; scripts/pg.sh stop $$d; \
	bench/compare.sh $$r; rm -f $$r; exit $$rc

clean:
	rm -rf build build-asan build-fuzz

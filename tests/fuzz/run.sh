#!/usr/bin/env bash
# The long fuzz runs of `make fuzz`: each target (or those named) in turn,
# from a copy of its committed corpus, for RUNS executions (default one
# million; MAX_TIME seconds at most), with ASan, UBSan and LeakSanitizer.
# Prints one Markdown table row per target for the README's "Fuzzing"
# section.  A crash leaves its input in build-fuzz/crashes/<target>/: fix
# the bug, then commit the file to tests/fuzz/crashes/<target>/.
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-1000000}
MAX_TIME=${MAX_TIME:-3600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(http json query multipart sniff codes)
rc=0
echo "| target | executions | seconds | corpus size | date |"
echo "|---|---|---|---|---|"
for t in "${targets[@]}"; do
	bin=build-fuzz/fuzz/fuzz-$t
	work=$(mktemp -d /tmp/cj-fuzz-$t.XXXXXX)
	mkdir -p build-fuzz/crashes/$t build-fuzz/logs
	cp tests/fuzz/corpus/$t/* "$work"/
	dict=()
	[ -f tests/fuzz/$t.dict ] && dict=(-dict=tests/fuzz/$t.dict)
	start=$(date +%s.%N)
	ASAN_OPTIONS=detect_leaks=1 "$bin" -runs="$RUNS" -max_total_time="$MAX_TIME" -max_len=4096 \
		-print_final_stats=1 "${dict[@]}" -artifact_prefix=build-fuzz/crashes/$t/ "$work" \
		>build-fuzz/logs/$t.log 2>&1
	status=$?
	end=$(date +%s.%N)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/logs/$t.log | tail -1)
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
	printf '| %s | %s | %s | %s | %s |\n' "$t" "${execs:-?}" "$secs" "$(ls "tests/fuzz/corpus/$t" 2>/dev/null | wc -l) seeds, $(ls "$work" | wc -l) after" "$(date +%F)"
	if [ $status -ne 0 ]; then
		echo "fuzz-$t: FAILED (exit $status), see build-fuzz/logs/$t.log and build-fuzz/crashes/$t/" >&2
		rc=1
	fi
	rm -rf "$work"
done
exit $rc

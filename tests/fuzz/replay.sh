#!/usr/bin/env bash
# The fuzz regression of `make test`: build the targets (clang, ASan, UBSan,
# libFuzzer) and run each once over its committed corpus and every crash
# file ever found (tests/fuzz/crashes/<target>/), with no fuzzing.
set -uo pipefail
cd "$(dirname "$0")/../.."
JOBS=${JOBS:-2}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCJ_FUZZ=ON \
	>/dev/null || exit 1
cmake --build build-fuzz -j"$JOBS" --target fuzz >/dev/null || exit 1
rc=0
for src in tests/fuzz/fuzz-*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz-}
	dirs=(tests/fuzz/corpus/$t)
	[ -d tests/fuzz/crashes/$t ] && dirs+=(tests/fuzz/crashes/$t)
	n=$(cat <(ls "${dirs[@]}" 2>/dev/null) | grep -vc ':$\|^$')
	if ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz/fuzz-$t -runs=0 "${dirs[@]}" \
		>build-fuzz/replay-$t.log 2>&1; then
		echo "fuzz-$t: $n inputs replayed, ok"
	else
		echo "fuzz-$t: FAILED (build-fuzz/replay-$t.log)"
		tail -30 build-fuzz/replay-$t.log
		rc=1
	fi
done
exit $rc

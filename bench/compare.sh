#!/usr/bin/env bash
# PostgreSQL's requests/s as a share of SQLite's, from the RESULTS file of two bench/run.sh runs.
set -euo pipefail
[ -s "${1:-}" ] || { echo "compare: no results file" >&2; exit 1; }
echo
echo "PostgreSQL against SQLite (requests/s at 32 connections, the same run)"
awk -F'\t' '$3 == "rps" { r[$1 "/" $2] = $4; names[$2] = 1 }
	END {
		printf "%-18s %10s %12s %7s\n", "request", "sqlite", "postgresql", "share"
		for (n in names) {
			s = r["sqlite/" n]; p = r["postgresql/" n]
			printf "%-18s %10s %12s %7s\n", n, s, p, (s > 0 && p != "") ? sprintf("%.2f", p / s) : "-"
		}
	}' "$1"

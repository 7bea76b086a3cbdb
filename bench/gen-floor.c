/*
 * SQLite's own floor for what chanjiao gen writes: the rows of a generated
 * database copied into an empty one of the same schema (every index, the
 * WAL, synchronous=FULL, one transaction, no foreign-key checks: less work
 * than the generator's), then the full-text index written as the generator
 * writes it (search_fts in batches of 8 192 rows, merges put off), then
 * merged once.  No record is made, sealed or turned into search text.
 *
 *   gen-floor EMPTY.db GENERATED.db     (bench/gen-floor.sh runs it)
 *
 * Prints the rows, each step's time and the rows a second.  A measurement.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "store/fts-prefix.h"

#define TABLES_MAX 200
#define BATCH      8192

static sqlite3 *db;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
run(const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) == SQLITE_OK)
		return 0;
	fprintf(stderr, "gen-floor: %s: %s\n", sql, e);
	sqlite3_free(e);
	return -1;
}

static int64_t
one(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every table of src with rows to copy, into main's empty table of the same name. */
static int
copy_rows(int64_t *rows)
{
	char names[TABLES_MAX][64], sql[512];
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db,
	                       "SELECT name FROM src.sqlite_schema WHERE type = 'table'"
	                       " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%'",
	                       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "gen-floor: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW && n < TABLES_MAX)
		snprintf(names[n++], sizeof(names[0]), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	*rows = 0;
	if (run("BEGIN IMMEDIATE") < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "SELECT NOT EXISTS (SELECT 1 FROM main.\"%s\")",
		         names[i]);
		if (one(sql) != 1)
			continue; /* filled by the migrations: not the generator's */
		snprintf(sql, sizeof(sql), "INSERT INTO main.\"%s\" SELECT * FROM src.\"%s\"",
		         names[i], names[i]);
		if (run(sql) < 0)
			return -1;
		*rows += sqlite3_changes(db);
	}
	return run("COMMIT");
}

/* search_fts as the driver writes it at each flush (db-sqlite.c: search_flush). */
static int
index_rows(void)
{
	int64_t max = one("SELECT max(id) FROM search_index");
	char sql[512];

	if (run("BEGIN IMMEDIATE") < 0 ||
	    run("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)") < 0 ||
	    run("INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 1000000)") < 0)
		return -1;
	for (int64_t a = 0; a <= max; a += BATCH) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO search_fts (rowid, names, pinyin, initials)"
		         " SELECT c.id, c.names, c.pinyin, c.initials FROM search_fts_content c"
		         " WHERE c.id > %lld AND c.id <= %lld",
		         (long long)a, (long long)(a + BATCH));
		if (run(sql) < 0)
			return -1;
	}
	if (run("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)") < 0 ||
	    run("INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 16)") < 0)
		return -1;
	return run("COMMIT");
}

int
main(int argc, char **argv)
{
	double t0, t_rows, t_index, t_merge;
	char sql[4200];
	int64_t rows;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-floor EMPTY.db GENERATED.db\n");
		return 2;
	}
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS src", argv[2]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK || cj_fts_prefix_register(db) != SQLITE_OK ||
	    run("PRAGMA journal_mode=WAL") < 0 || run("PRAGMA synchronous=FULL") < 0 ||
	    run("PRAGMA cache_size=-65536") < 0 || run("PRAGMA foreign_keys=OFF") < 0 ||
	    run(sql) < 0)
		return 1;
	t0 = now();
	if (copy_rows(&rows) < 0)
		return 1;
	t_rows = now() - t0;
	t0 = now();
	if (index_rows() < 0)
		return 1;
	t_index = now() - t0;
	t0 = now();
	if (run("INSERT INTO search_fts (search_fts) VALUES ('optimize')") < 0)
		return 1;
	t_merge = now() - t0;
	printf("gen-floor: %lld rows in %.2f s (%.0f/s); the full-text index %.2f s, merged %.2f s;"
	       " in all %.2f s: %.0f rows/s (%.0f/s without the merge)\n",
	       (long long)rows, t_rows, (double)rows / t_rows, t_index, t_merge,
	       t_rows + t_index + t_merge, (double)rows / (t_rows + t_index + t_merge),
	       (double)rows / (t_rows + t_index));
	sqlite3_close(db);
	return 0;
}

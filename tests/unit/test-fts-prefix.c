/*
 * The FTS5 tokenizers of the search index (store/fts-prefix.h): the terms
 * they write, read back through fts5vocab, and the prefix queries they
 * answer.  cjprefix cuts tokens to 8 code points and keeps a
 * tenant-and-entity token whole; cjcollege prefixes every token of a text
 * with the tenant-and-entity token it starts with, so that one college's
 * query never meets another's terms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/util.h"
#include "store/fts-prefix.h"

static sqlite3 *
open_with(const char *tokenizer)
{
	sqlite3 *db = NULL;
	char sql[160];

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(cj_fts_prefix_register(db), SQLITE_OK);
	snprintf(sql, sizeof(sql),
	         "CREATE VIRTUAL TABLE f USING fts5(names, tokenize='%s');"
	         "CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row');",
	         tokenizer);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
insert(sqlite3 *db, int64_t rowid, const char *text)
{
	sqlite3_stmt *st;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "INSERT INTO f (rowid, names) VALUES (?, ?)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Every term of the index, in order, each followed by one space. */
static void
terms(sqlite3 *db, char *out, size_t len)
{
	sqlite3_stmt *st;
	size_t n = 0;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term FROM v ORDER BY term", -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += (size_t)snprintf(out + n, len - n, "%s ",
		                      (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The rowids a MATCH finds, summed (each test's rowids are distinct powers of two). */
static int64_t
found(sqlite3 *db, const char *match)
{
	sqlite3_stmt *st;
	int64_t sum = 0;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f MATCH ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		sum += sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return sum;
}

static void
test_prefix_cuts_tokens(void **state)
{
	sqlite3 *db = open_with("cjprefix");
	char t[512];

	(void)state;
	insert(db, 1, "t2xenterprise");
	insert(db, 2, " jiaxingjishixueyuan 嘉兴技师学院有限公司 jx");
	terms(db, t, sizeof(t));
	assert_string_equal(t, "jiaxingj jx t2xenterprise 嘉兴技师学院有限 ");
	assert_int_equal(found(db, "\"jiaxing\" *"), 2);
	assert_int_equal(found(db, "\"t2xenterprise\""), 1);
	sqlite3_close(db);
}

static void
test_college_prefixes_tokens(void **state)
{
	sqlite3 *db = open_with("cjcollege");
	char t[512];

	(void)state;
	insert(db, 1, "t2xenterprise jiaxingjishixueyuan 嘉兴技师学院有限公司");
	insert(db, 2, "t3xenterprise jiaxingkeji");
	insert(db, 4, "t2xtaskbook jiaxing");
	insert(db, 8, "no college jiaxing");
	terms(db, t, sizeof(t));
	assert_string_equal(
	    t, "college jiaxing no t2xenterprise:jiaxingj t2xenterprise:嘉兴技师学院有限 "
	       "t2xtaskbook:jiaxing t3xenterprise:jiaxingk ");
	/* a query is "t<tenant>x<entity> <folded>", tokenized the same way */
	assert_int_equal(found(db, "\"t2xenterprise jiaxing\" *"), 1);
	assert_int_equal(found(db, "\"t3xenterprise jiaxing\" *"), 2);
	assert_int_equal(found(db, "\"t2xtaskbook jiaxing\" *"), 4);
	assert_int_equal(found(db, "\"t2xtask jiaxing\" *"), 0);
	assert_int_equal(found(db, "\"t2xenterprise 嘉兴技师学院有限公司\" *"), 1);
	assert_int_equal(found(db, "\"t4xenterprise jiaxing\" *"), 0);
	/* a text without a college token keeps its tokens as they are (cut) */
	assert_int_equal(found(db, "\"jiaxing\" *"), 8);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_cuts_tokens),
		cmocka_unit_test(test_college_prefixes_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

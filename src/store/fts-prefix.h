/*
 * The FTS5 tokenizer of search_fts (SQLite): "cjprefix".
 *
 * It is FTS5's own "ascii" tokenizer with every token cut to its first
 * CJ_FTS_TOKEN_MAX code points.  The index's tokens are suffixes of names
 * and pinyin (store/search.c), so a long query prefix such as "jiaxing"
 * met thousands of distinct terms ("jiaxingshi…", "jiaxingkeji…") whose
 * doclists FTS5 merged on every query; cut, they are a few terms.  A query
 * is cut the same way, so a query longer than the cut finds a superset:
 * the driver's search SQL checks each candidate against its index row
 * (db-sqlite.c).  The tenant-and-entity tokens of column k
 * ("t<digits>x<letters>") are never cut.
 *
 * The sqlite3 shell does not know the tokenizer: `chanjiao search check`
 * runs FTS5's integrity-check instead.
 */
#ifndef CJ_STORE_FTS_PREFIX_H
#define CJ_STORE_FTS_PREFIX_H

#include <sqlite3.h>

enum { CJ_FTS_TOKEN_MAX = 8 };

/* Register the tokenizer on db: SQLITE_OK, or SQLite's error (FTS5 missing). */
int cj_fts_prefix_register(sqlite3 *db);

#endif

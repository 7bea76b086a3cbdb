/*
 * The FTS5 tokenizers of search_fts (SQLite): "cjcollege", and
 * "cjprefix" which it replaced (migration 0010 still names it).
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
 * cjcollege (migration 0012) does the same, and a text that starts with a
 * tenant-and-entity token has that token prefixed to each of its other
 * tokens instead ("t2xenterprise:jiaxing"): every term belongs to one
 * college's list, so a prefix query meets only that list's terms.  The
 * province's "jiaxing" merged every 嘉兴 enterprise of 300 colleges (some
 * 60 000 entries) before the college's own token narrowed them to 200.
 * A query is written "t<tenant>x<entity> <folded>" and is tokenized the
 * same way.
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

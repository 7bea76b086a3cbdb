/*
 * The search index of the records (product.md §6): what records.c calls
 * after a write and for a list's q.  Internal to the store.
 *
 * Every tenant entity with a name field is indexed: one row of
 * search_index a record, holding the search text core/fold.h derives from
 * its name and its CJ_F_SEARCH fields, written in the caller's transaction.
 * The match itself is the driver's (db.h: search_sql, search_pattern):
 * FTS5 on SQLite, pg_trgm on PostgreSQL.  A platform entity (a tenant) is
 * not indexed; its q stays a substring of the name.
 */
#ifndef CJ_SEARCH_H
#define CJ_SEARCH_H

#include "store/filter.h"

/* Whether e's records are in the index. */
int cj_search_indexed(const struct cj_entity *e);
/*
 * (Re)write the index row of record id from rec (the record as cj_store_get
 * reads it).  fresh: the record was created in this transaction and has no
 * index row yet, so there is none to drop first.
 */
int cj_search_put(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, json_t *rec, int fresh,
                  struct cj_error *err);
int cj_search_drop(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, struct cj_error *err);

/*
 * The condition of q on a list of e, added to w: "id IN (<the driver's
 * search>)".  *folded is q folded (arena memory), or NULL when q folds to
 * nothing (no condition is added).
 */
void cj_search_where(struct cj_ctx *ctx, const struct cj_entity *e, const char *q,
                     struct cj_where *w, const char **folded);
/*
 * The rank of a match as an ORDER BY expression over the list's table:
 * 0 the name is the query, 1 it starts with it, 2 a searched text holds
 * it, 3 a pinyin reading does, 4 the initials.  Its five "?" bind, in
 * order, binds[0..4].
 */
const char *cj_search_rank(struct cj_ctx *ctx, const struct cj_entity *e, const char *folded,
                           const char *binds[5]);

/*
 * Index every record that has no index row yet (records written before the
 * index existed, or copied by chanjiao move), tenant by tenant, in
 * transactions of a few hundred records, then mark the tenant filled
 * (tenants.search_filled, migration 0016): a marked tenant is passed by,
 * since the store indexes what it writes in the same transaction.  A new
 * or moved tenant starts unmarked; a migration that indexes more clears
 * the marks.  *done counts the records indexed (may be NULL).
 */
int cj_store_search_fill(struct cj_store *st, long *done, struct cj_error *err);

/*
 * Check that the database's own index of search_index (SQLite's FTS5 table)
 * holds exactly its rows: 0, 1 when the database has no such index
 * (PostgreSQL indexes the table itself), <0 with err when it does not.
 */
int cj_store_search_check(struct cj_store *st, struct cj_error *err);

/*
 * Merge the database's own full-text index into one piece, in a write
 * transaction of its own: after batches that put its merges off
 * (cj_conn_search_merge_later: chanjiao gen).  0 where there is none.
 */
int cj_store_search_merge(struct cj_store *st, struct cj_error *err);

#endif

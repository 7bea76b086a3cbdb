/*
 * The WHERE clause of a list: the tenant, then each filter of the query
 * (store.h) turned into SQL with its bound values.  Internal to the store.
 */
#ifndef CJ_FILTER_H
#define CJ_FILTER_H

#include "store/store.h"
#include "lib/util.h"

struct cj_bind {
	char type; /* 'i' or 't' */
	int64_t i;
	const char *t;
};

struct cj_where {
	struct cj_sbuf sql; /* " WHERE tenant_id = ? AND ..." */
	struct cj_bind binds[64];
	int nbinds;
};

/*
 * Build w for a list of e (release with cj_where_release, also on error).
 * alias names the table in the SQL ("" for none).  Errors: CJ_EINVAL
 * naming the filter whose name or value does not fit.
 */
int cj_where_build(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_list_query *q,
                   struct cj_where *w, struct cj_error *err);
/* Add " AND <sql>" with one bound text (a search pattern). */
void cj_where_add_text(struct cj_where *w, const char *sql, const char *text);
/* One more bound value for the last condition added (one with several "?"). */
void cj_where_more_int(struct cj_where *w, int64_t v);
void cj_where_more_text(struct cj_where *w, const char *text);
/* Bind w's values to s from placeholder *i on; *i moves past them. */
void cj_where_bind(const struct cj_where *w, struct cj_stmt *s, int *i);
void cj_where_release(struct cj_where *w);

#endif

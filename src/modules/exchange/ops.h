/*
 * The exchange module's store operations (ops.c): internal to the module.
 */
#ifndef CJ_EXCHANGE_OPS_H
#define CJ_EXCHANGE_OPS_H

#include <jansson.h>

#include "store/store.h"

/*
 * A referenced table's records by human key: by_key maps each key (every
 * key column of keys, space-separated) to its id, or to 0 when two records
 * share it; by_id maps an id (as decimal text) to its first key column's
 * value.  Both in ctx->arena.
 */
struct cj_xkeys {
	json_t *by_key;
	json_t *by_id;
};
int cj_xkeys_load(struct cj_ctx *ctx, const char *table, const char *keys, struct cj_xkeys *out,
                  struct cj_error *err);

enum cj_xsave {
	CJ_XSAVE_BEGIN = 0,
	CJ_XSAVE_RELEASE = 1,
	CJ_XSAVE_ROLLBACK = 2,
};
/* A savepoint around one imported row: begin, release (kept) or roll back to it. */
int cj_xsavepoint(struct cj_ctx *ctx, enum cj_xsave what, struct cj_error *err);

/*
 * The quality report's tables for year: an array of {title, header:[...],
 * rows:[[...]]} (cells are strings or integers), in ctx->arena.
 */
int cj_xquality(struct cj_ctx *ctx, int year, json_t **tables, struct cj_error *err);

#endif

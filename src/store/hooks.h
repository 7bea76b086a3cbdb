/*
 * Per-entity store hooks: what one kind of record needs beyond the generic
 * column operations of records.c.  Internal to the store.
 *
 *  check   - before a write: rec is the decoded input (changes on update),
 *            old the record as it was (NULL on create).  May add server-set
 *            columns to rec (uscc_legacy, password_hash).
 *  save    - after the row is written: child rows (partners, actions).
 *  load    - after the row is read: children and derived values into out.
 *  remove  - before the row is deleted.
 *  created - after save on create (a tenant's first administrator).
 */
#ifndef CJ_HOOKS_H
#define CJ_HOOKS_H

#include "store/store.h"

struct cj_hooks {
	const struct cj_entity *e;
	int (*check)(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err);
	int (*save)(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err);
	int (*load)(struct cj_ctx *ctx, int64_t id, json_t *out, enum cj_detail detail,
	            struct cj_error *err);
	int (*remove)(struct cj_ctx *ctx, int64_t id, struct cj_error *err);
	int (*created)(struct cj_ctx *ctx, int64_t id, json_t *rec, struct cj_error *err);
};

const struct cj_hooks *cj_hooks_for(const struct cj_entity *e);

/* Each module's hooks (hooks-<module>.c). */
struct cj_hooks_table {
	const struct cj_hooks *hooks;
	size_t n;
};
extern const struct cj_hooks_table cj_hooks_registry, cj_hooks_projects, cj_hooks_talent;

/* Shared helpers for hook code. */

/* out["events"]: the events whose actions name the record type/id, for its page. */
int cj_hooks_load_events(struct cj_ctx *ctx, const char *type, int64_t id, json_t *out,
                         struct cj_error *err);

/* A string member of a record, or NULL. */
static inline const char *
cj_rec_str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The value of k after a change: from rec (the changes) when present, else from old. */
static inline json_t *
cj_rec_merged(json_t *rec, json_t *old, const char *k)
{
	json_t *v = json_object_get(rec, k);

	return v ? v : old ? json_object_get(old, k) : NULL;
}

static inline const char *
cj_rec_merged_str(json_t *rec, json_t *old, const char *k)
{
	return json_string_value(cj_rec_merged(rec, old, k));
}

int cj_q_exec(struct cj_ctx *ctx, const char *sql, struct cj_error *err, const char *types, ...);
/*
 * Run a query and return its rows as an array of objects keyed by column
 * name (owned by ctx->arena), or NULL with *rc < 0.  outtypes gives each
 * column's JSON type: 'i' integer, 't' text, 'b' boolean.  intypes the
 * arguments: 'i' int64_t, 't' const char * (NULL binds NULL).
 */
json_t *cj_q_rows(struct cj_ctx *ctx, const char *sql, const char *outtypes, int *rc,
                  struct cj_error *err, const char *intypes, ...);

#endif

/*
 * Per-entity store hooks: what one kind of record needs beyond the generic
 * column operations of records.c.  Internal to the store.
 *
 *  check   - before a write: rec is the decoded input (changes on update),
 *            old the record as it was (NULL on create).  May add server-set
 *            columns to rec (uscc_legacy, password_hash).
 *  save    - after the row is written: child rows (partners, actions).
 *  load    - after rows are read (a list page, or one record with
 *            CJ_DETAIL): children, names of linked records and derived
 *            values into each row, with a number of queries that does not
 *            grow with the page (store/query.h has the helpers).
 *  remove  - before the row is deleted.
 *  created - after save on create (a tenant's first administrator).
 *  filters - see below.
 */
#ifndef CJ_HOOKS_H
#define CJ_HOOKS_H

#include "store/query.h"
#include "store/store.h"

/*
 * A named list filter: the SQL behind a list parameter that is not a plain
 * descriptor field.  arg says how the value is read (anything else is
 * CJ_EINVAL naming the parameter); in sql, each "?" binds the value, and the
 * tokens $today (today's date, China time), $until (today plus the value in
 * days), $user (the caller's user id) and $tenant (the caller's college: a
 * subquery that names it is not correlated, so it runs once) bind what they
 * say.
 */
enum cj_filter_arg {
	CJ_FA_TRUE = 1, /* only "true": sql */
	CJ_FA_BOOL,     /* "true": sql, "false": sql_false */
	CJ_FA_ID,       /* a positive integer */
	CJ_FA_YEAR,     /* a year in 2000..2100 */
	CJ_FA_DAYS,     /* 1..3650 days */
	CJ_FA_DATE,     /* a YYYY-MM-DD date */
	CJ_FA_ENUM,     /* a value of the dictionary dict */
	CJ_FA_TEXT,     /* any text (server-set scopes only) */
	CJ_FA_LEVEL,    /* "1": sql, "2": sql_false (an outline level) */
};

struct cj_filter {
	const char *name;
	enum cj_filter_arg arg;
	const char *sql;
	const char *sql_false;
	const char *dict;
};

/*
 * A value a row carries beside its columns, read in the row's own SELECT
 * (a list page's rows are then written straight from the statement): sql
 * is an expression over the entity's table named in full, such as a
 * referenced record's name, "(SELECT x.name FROM students x WHERE
 * x.tenant_id = placements.tenant_id AND x.id = placements.student_id)".
 * type: 'i' an integer, 't' text.  It follows updated_at in the row.
 */
struct cj_row_extra {
	const char *as, *sql;
	char type;
};

struct cj_hooks {
	const struct cj_entity *e;
	const struct cj_row_extra *extras; /* ending with a NULL as; may be NULL */
	int (*check)(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err);
	int (*save)(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err);
	int (*load)(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err);
	/* load adds nothing to list rows (it returns at once unless detail is CJ_DETAIL): a list
	 * page is written straight from its rows (cj_store_list_write). */
	int detail_only;
	/*
	 * Where the driver pipelines (cj_conn_pipelined): send, before the row of
	 * the detail of id is read, the statements load reads for it, into
	 * ctx->ahead; the row and they then answer in one round trip.  Sent only
	 * for a detail; load finds them in ctx->ahead, or sends its own.
	 */
	int (*send_detail)(struct cj_ctx *ctx, int64_t id, struct cj_error *err);
	int (*remove)(struct cj_ctx *ctx, int64_t id, struct cj_error *err);
	int (*created)(struct cj_ctx *ctx, int64_t id, json_t *rec, struct cj_error *err);
	const struct cj_filter *filters; /* named list filters, ending with a NULL name */
};

/* The hooks of e (the platform's, then each module's), or NULL. */
const struct cj_hooks *cj_hooks_for(const struct cj_entity *e);
extern const struct cj_hooks cj_platform_hooks[];

/* Shared helpers for hook code. */

/* The id of a record. */
static inline int64_t
cj_rec_id(json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

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

static inline int64_t
cj_rec_int(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static inline int64_t
cj_rec_merged_int(json_t *rec, json_t *old, const char *k)
{
	return json_integer_value(cj_rec_merged(rec, old, k));
}

/* The first row of a result, or NULL. */
static inline json_t *
cj_q_first(json_t *rows)
{
	return json_array_get(rows, 0);
}

static inline const char *
cj_rec_merged_str(json_t *rec, json_t *old, const char *k)
{
	return json_string_value(cj_rec_merged(rec, old, k));
}

#endif

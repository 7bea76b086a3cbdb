/*
 * The generic record operations over entity descriptors; see store.h.
 * Column names in the SQL come from the static descriptors, never from
 * input; every value is bound.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/pii.h"
#include "lib/jsonw.h"
#include "lib/util.h"
#include "core/module.h"
#include "store/behind.h"
#include "store/filter.h"
#include "store/hooks.h"
#include "store/search.h"

static int
is_column(const struct cj_field *f)
{
	return !(f->flags & (CJ_F_NOCOL | CJ_F_WO)) || (f->flags & CJ_F_HIDDEN);
}

static int
global(const struct cj_entity *e)
{
	return e->flags & CJ_EF_GLOBAL;
}

/* The hooks of e: the platform's, then each module's (core/module.h). */
const struct cj_hooks *
cj_hooks_for(const struct cj_entity *e)
{
	for (const struct cj_hooks *h = cj_platform_hooks; h->e; h++)
		if (h->e == e)
			return h;
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_hooks *h = (*m)->hooks; h && h->e; h++)
			if (h->e == e)
				return h;
	return NULL;
}

/* The values e's rows carry beside their columns (hooks.h: h's extras), or NULL. */
static const struct cj_row_extra *
extras_of(const struct cj_hooks *h)
{
	return h ? h->extras : NULL;
}

/* A column's value type as cj_q_column reads it: 'i' integer, 'b' boolean, 't' text. */
static char
column_type(const struct cj_field *f)
{
	return f->type == CJ_T_INT || f->type == CJ_T_REF ? 'i' : f->type == CJ_T_BOOL ? 'b' : 't';
}

/*
 * The SELECT list of an entity, without FROM: id, version, timestamps, its
 * columns, then its row extras.
 */
static void
select_columns(const struct cj_entity *e, const struct cj_row_extra *extras, struct cj_sbuf *sb)
{
	cj_sbuf_adds(sb, "SELECT id, version, created_at, updated_at");
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];

		if (!is_column(f) || (f->flags & CJ_F_HIDDEN))
			continue;
		/* Built for every request: no format to parse. */
		cj_sbuf_adds(sb, ", ");
		cj_sbuf_adds(sb, f->name);
		if (f->flags & CJ_F_PII)
			cj_sbuf_adds(sb, "_mask");
	}
	for (const struct cj_row_extra *x = extras; x && x->as; x++) {
		cj_sbuf_adds(sb, ", ");
		cj_sbuf_adds(sb, x->sql);
		cj_sbuf_adds(sb, " AS ");
		cj_sbuf_adds(sb, x->as);
	}
}

/* select_columns FROM e's table. */
static void
select_list(const struct cj_entity *e, const struct cj_row_extra *extras, struct cj_sbuf *sb)
{
	select_columns(e, extras, sb);
	cj_sbuf_adds(sb, " FROM ");
	cj_sbuf_adds(sb, e->table);
}

static json_t *
row_json(const struct cj_entity *e, const struct cj_row_extra *extras, struct cj_stmt *s)
{
	json_t *o = json_object();
	int col = 4;

	json_object_set_new(o, "id", json_integer(cj_stmt_int(s, 0)));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];

		if (!is_column(f) || (f->flags & CJ_F_HIDDEN))
			continue;
		json_object_set_new(o, f->name, cj_q_column(s, col++, column_type(f)));
	}
	json_object_set_new(o, "version", json_integer(cj_stmt_int(s, 1)));
	json_object_set_new(o, "created_at", json_string(cj_stmt_text(s, 2)));
	json_object_set_new(o, "updated_at", json_string(cj_stmt_text(s, 3)));
	for (const struct cj_row_extra *x = extras; x && x->as; x++)
		json_object_set_new(o, x->as, cj_q_column(s, col++, x->type));
	return o;
}

int
cj_store_exists(struct cj_ctx *ctx, const char *table, int64_t id, struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s;
	int rc;

	cj_sbuf_addf(&sql, "SELECT 1 FROM %s WHERE tenant_id = ? AND id = ?", table);
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	cj_sbuf_release(&sql);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	cj_stmt_bind_int(s, 2, id);
	rc = cj_stmt_step(s, err);
	cj_stmt_free(s);
	return rc;
}

int
cj_store_get(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, enum cj_detail detail,
             json_t **out, struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL;
	json_t *o = NULL;
	char idbuf[24];
	int rc;

	*out = NULL;
	select_list(e, extras_of(h), &sql);
	cj_sbuf_adds(&sql, global(e) ? " WHERE id = ?" : " WHERE id = ? AND tenant_id = ?");
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	if (rc < 0)
		goto out;
	cj_stmt_bind_int(s, 1, id);
	if (!global(e))
		cj_stmt_bind_int(s, 2, ctx->tenant_id);
	/* A detail's children sent with its row (hooks.h: send_detail). */
	if (h && h->send_detail && detail == CJ_DETAIL && cj_conn_pipelined(ctx->conn) &&
	    ((rc = cj_stmt_send(s, err)) < 0 || (rc = h->send_detail(ctx, id, err)) < 0))
		goto out;
	rc = cj_stmt_step(s, err);
	if (rc == 0) {
		snprintf(idbuf, sizeof(idbuf), "%s %lld", e->name, (long long)id);
		rc = cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, idbuf);
	}
	if (rc < 0)
		goto out;
	o = row_json(e, extras_of(h), s);
	cj_stmt_free(s);
	s = NULL;
	cj_ctx_keep(ctx, o);
	if (h && h->load) {
		json_t *one = json_pack("[O]", o);

		cj_ctx_keep(ctx, one);
		if ((rc = h->load(ctx, one, detail, err)) < 0)
			goto out;
	}
	*out = o;
	rc = 0;
out:
	cj_stmt_free(s);
	for (size_t i = 0; i < CJ_ARRAY_SIZE(ctx->ahead); i++) {
		cj_stmt_free(ctx->ahead[i]);
		ctx->ahead[i] = NULL;
	}
	cj_sbuf_release(&sql);
	return rc;
}

/* q as a LIKE pattern: %, _ and \ in it match themselves. */
static char *
like_pattern(struct cj_arena *a, const char *q)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	char *p;

	cj_sbuf_addch(&sb, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			cj_sbuf_addch(&sb, '\\');
		cj_sbuf_addch(&sb, *q);
	}
	cj_sbuf_addch(&sb, '%');
	p = cj_arena_strdup(a, sb.buf);
	cj_sbuf_release(&sb);
	return p;
}

/*
 * A list's count and page, prepared, bound and sent (one round trip on
 * PostgreSQL, cj_stmt_send); the count read into *total.  *page is the page's
 * statement, to be stepped and freed by the caller.  (One statement with the
 * count as a scalar subquery in the page's SELECT list was measured and left
 * out: PostgreSQL planned it at every execution, docs/performance.md.)
 */
static int
list_start(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_row_extra *extras,
           const struct cj_list_query *q, struct cj_stmt **page, int64_t *total,
           struct cj_error *err)
{
	const struct cj_field *nf = cj_entity_name_field(e);
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL, *cs = NULL, *gs = NULL;
	struct cj_where w;
	const char *folded = NULL, *rank, *rank_binds[5];
	const char *generic = cj_conn_generic_plans_sql(ctx->conn);
	const struct cj_field *sf;
	int rc, i = 1;

	*page = NULL;
	if ((rc = cj_where_build(ctx, e, q, &w, err)) < 0)
		goto out;
	/* q through the search index (store/search.h); a platform entity's is a substring. */
	if (q->q && *q->q && nf && cj_search_indexed(e))
		cj_search_where(ctx, e, q->q, &w, &folded);
	/* A q of punctuation only folds to nothing: it is matched literally. */
	if (q->q && *q->q && nf && !folded)
		cj_where_add_text(&w,
		                  cj_arena_printf(ctx->arena, "%s LIKE ? ESCAPE '\\'", nf->name),
		                  like_pattern(ctx->arena, q->q));
	cj_sbuf_addf(&sql, "SELECT count(*) FROM %s%s", e->table, w.sql.buf);
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &cs, err);
	if (rc < 0)
		goto out;
	cj_where_bind(&w, cs, &i);

	cj_sbuf_reset(&sql);
	select_columns(e, extras, &sql);
	/*
	 * Text sorts in pinyin order (CJ_COLLATE_ZH).  With q and no sort asked
	 * for, the best matches come first, ties in pinyin order of the name.
	 */
	sf = cj_entity_field(e, q->sort_col ? q->sort_col : "id");
	rank = folded && !q->sort_col ? cj_search_rank(ctx, e, folded, rank_binds) : NULL;
	if (rank) {
		cj_sbuf_addf(&sql, " FROM %s%s ORDER BY %s, %s COLLATE %s, id LIMIT ? OFFSET ?",
		             e->table, w.sql.buf, rank, nf->name, CJ_COLLATE_ZH);
	} else {
		const char *order =
		    cj_arena_printf(ctx->arena, "%s%s %s, id %s", q->sort_col ? q->sort_col : "id",
		                    sf && sf->type == CJ_T_TEXT ? " COLLATE " CJ_COLLATE_ZH : "",
		                    q->desc ? "DESC" : "ASC", q->desc ? "DESC" : "ASC");

		/*
		 * Where the driver asks for it, the page's ids first and then their
		 * rows (db.h: page_ids_first): the filter, the sort and the offset
		 * walk index entries, and only the page's rows are read whole.
		 * Elsewhere, rows that carry extras are the page's rows of a derived
		 * table named as the table: a row skipped by the offset computes no
		 * extra (PostgreSQL evaluates the SELECT list of every row it skips).
		 */
		if (cj_conn_page_ids_first(ctx->conn))
			cj_sbuf_addf(&sql,
			             " FROM %s WHERE id IN (SELECT id FROM %s%s ORDER BY %s LIMIT ?"
			             " OFFSET ?) ORDER BY %s",
			             e->table, e->table, w.sql.buf, order, order);
		else if (extras)
			cj_sbuf_addf(&sql,
			             " FROM (SELECT * FROM %s%s ORDER BY %s LIMIT ? OFFSET ?) %s"
			             " ORDER BY %s",
			             e->table, w.sql.buf, order, e->table, order);
		else
			cj_sbuf_addf(&sql, " FROM %s%s ORDER BY %s LIMIT ? OFFSET ?", e->table,
			             w.sql.buf, order);
	}
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	if (rc < 0)
		goto out;
	i = 1;
	cj_where_bind(&w, s, &i);
	for (int k = 0; rank && k < 5; k++)
		cj_stmt_bind_text(s, i++, rank_binds[k]);
	cj_stmt_bind_int(s, i, q->size);
	cj_stmt_bind_int(s, i + 1, (q->page - 1) * q->size);
	/*
	 * The count and the page planned once (db.h: generic_plans_sql), but
	 * not a search: its plan depends on how many records the words match.
	 * Prepared last (a statement not yet prepared ends an open pipeline),
	 * sent first and stepped first: an error of the pipeline's head (the
	 * tenant's setting) is its answer.
	 */
	if (generic && !(q->q && *q->q) &&
	    ((rc = cj_stmt_prepare(ctx->conn, generic, &gs, err)) < 0 ||
	     (rc = cj_stmt_send(gs, err)) < 0))
		goto out;
	if ((rc = cj_stmt_send(cs, err)) < 0 || (rc = cj_stmt_send(s, err)) < 0 ||
	    (gs && (rc = cj_stmt_step(gs, err)) < 0) || (rc = cj_stmt_step(cs, err)) < 0)
		goto out;
	*total = cj_stmt_int(cs, 0);
	*page = s;
	s = NULL;
	rc = 0;
out:
	cj_where_release(&w);
	cj_stmt_free(gs);
	cj_stmt_free(cs);
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc;
}

int
cj_store_list(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_list_query *q,
              json_t **items, int64_t *total, struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_stmt *s;
	json_t *arr;
	int rc;

	*items = NULL;
	if ((rc = list_start(ctx, e, extras_of(h), q, &s, total, err)) < 0)
		return rc;
	arr = json_array();
	cj_ctx_keep(ctx, arr);
	while ((rc = cj_stmt_step(s, err)) > 0)
		json_array_append_new(arr, row_json(e, extras_of(h), s));
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	if (h && h->load && json_array_size(arr) && (rc = h->load(ctx, arr, CJ_LIST_ROW, err)) < 0)
		return rc;
	*items = arr;
	return 0;
}

/* One member ,"name":value of a row, the value column col of s as cj_q_column reads type. */
static inline void
member_write(struct cj_sbuf *sb, const char *name, struct cj_stmt *s, int col, char type)
{
	const char *t;

	cj_sbuf_addch(sb, ',');
	cj_json_write_string(sb, name, strlen(name));
	cj_sbuf_addch(sb, ':');
	if (cj_stmt_is_null(s, col))
		cj_sbuf_adds(sb, "null");
	else if (type == 'i')
		cj_json_write_integer(sb, cj_stmt_int(s, col));
	else if (type == 'b')
		cj_sbuf_adds(sb, cj_stmt_int(s, col) ? "true" : "false");
	else
		t = cj_stmt_text(s, col), cj_json_write_string(sb, t, strlen(t));
}

/* One row of select_list written as row_json's object would be. */
static void
row_write(const struct cj_entity *e, const struct cj_row_extra *extras, struct cj_stmt *s,
          struct cj_sbuf *sb)
{
	int col = 4;

	cj_sbuf_adds(sb, "{\"id\":");
	cj_json_write_integer(sb, cj_stmt_int(s, 0));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];

		if (is_column(f) && !(f->flags & CJ_F_HIDDEN))
			member_write(sb, f->name, s, col++, column_type(f));
	}
	cj_sbuf_adds(sb, ",\"version\":");
	cj_json_write_integer(sb, cj_stmt_int(s, 1));
	for (int k = 2; k <= 3; k++) {
		const char *t = cj_stmt_text(s, k);

		cj_sbuf_adds(sb, k == 2 ? ",\"created_at\":" : ",\"updated_at\":");
		cj_json_write_string(sb, t, strlen(t));
	}
	for (const struct cj_row_extra *x = extras; x && x->as; x++)
		member_write(sb, x->as, s, col++, x->type);
	cj_sbuf_addch(sb, '}');
}

int
cj_store_list_write(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_list_query *q,
                    struct cj_sbuf *sb, struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_stmt *s;
	json_t *items;
	int64_t total;
	int rc, n = 0;

	if (h && h->load && !h->detail_only) {
		if ((rc = cj_store_list(ctx, e, q, &items, &total, err)) < 0)
			return rc;
		cj_sbuf_adds(sb, "{\"items\":");
		cj_json_write(sb, items);
	} else {
		if ((rc = list_start(ctx, e, extras_of(h), q, &s, &total, err)) < 0)
			return rc;
		cj_sbuf_adds(sb, "{\"items\":[");
		while ((rc = cj_stmt_step(s, err)) > 0) {
			if (n++)
				cj_sbuf_addch(sb, ',');
			row_write(e, extras_of(h), s, sb);
		}
		cj_stmt_free(s);
		if (rc < 0)
			return rc;
		cj_sbuf_addch(sb, ']');
	}
	cj_sbuf_adds(sb, ",\"total\":");
	cj_json_write_integer(sb, total);
	cj_sbuf_adds(sb, ",\"page\":");
	cj_json_write_integer(sb, q->page);
	cj_sbuf_adds(sb, ",\"size\":");
	cj_json_write_integer(sb, q->size);
	cj_sbuf_addch(sb, '}');
	return 0;
}

/* Unique fields and references of rec, checked inside the tenant. */
static int
check_fields(struct cj_ctx *ctx, const struct cj_entity *e, json_t *rec, int64_t self,
             struct cj_error *err)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);
		struct cj_sbuf sql = CJ_SBUF_INIT;
		struct cj_stmt *s;
		int rc;

		if (!v || json_is_null(v))
			continue;
		if (f->flags & CJ_F_UNIQUE) {
			cj_sbuf_addf(&sql, "SELECT id FROM %s WHERE %s = ? AND id <> ?%s", e->table,
			             f->name, global(e) ? "" : " AND tenant_id = ?");
			rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
			cj_sbuf_release(&sql);
			if (rc < 0)
				return rc;
			cj_stmt_bind_text(s, 1, json_string_value(v));
			cj_stmt_bind_int(s, 2, self);
			if (!global(e))
				cj_stmt_bind_int(s, 3, ctx->tenant_id);
			rc = cj_stmt_step(s, err);
			cj_stmt_free(s);
			if (rc < 0)
				return rc;
			if (rc > 0)
				return cj_error_set(err, CJ_EEXISTS,
				                    !strcmp(f->name, "uscc") ? CJ_M_USCC_DUP
				                                             : CJ_M_DUPLICATE,
				                    f->name);
		}
		if (f->type == CJ_T_REF) {
			rc = cj_store_exists(ctx, f->arg, json_integer_value(v), err);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				char arg[64];

				snprintf(arg, sizeof(arg), "%s %lld", f->name,
				         (long long)json_integer_value(v));
				return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, f->name,
				                       arg);
			}
		}
	}
	return 0;
}

/* The place a value of field f of record row seals to (row 0: not yet known). */
static struct cj_seal_at
place(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_field *f, int64_t row)
{
	return (struct cj_seal_at){ global(e) ? 0 : ctx->tenant_id, e->table, f->name, row };
}

/*
 * Bind one field's value; personal information becomes sealed, mask and
 * hash.  A value is sealed to its record's id (row): a new record's id is
 * drawn before its INSERT (cj_db_next_id).
 */
static int
bind_field(struct cj_ctx *ctx, const struct cj_entity *e, int64_t row, struct cj_stmt *s, int i,
           const struct cj_field *f, json_t *v)
{
	if (f->flags & CJ_F_PII) {
		if (json_is_string(v)) {
			const char *plain = json_string_value(v);
			struct cj_seal_at at = place(ctx, e, f, row);
			char *sealed = row ? cj_secret_seal(&ctx->st->keys, &at, plain) : NULL;
			char *hash =
			    cj_secret_hash(&ctx->st->keys, at.tenant, e->table, f->name, plain);
			char mask[64];

			if (f->arg && !strcmp(f->arg, "idcard"))
				cj_idcard_mask(plain, mask, sizeof(mask));
			else
				cj_phone_mask(plain, mask, sizeof(mask));
			cj_stmt_bind_text(s, i, sealed);
			cj_stmt_bind_text(s, i + 1, mask);
			cj_stmt_bind_text(s, i + 2, hash);
			free(sealed);
			free(hash);
		} else {
			cj_stmt_bind_null(s, i);
			cj_stmt_bind_null(s, i + 1);
			cj_stmt_bind_null(s, i + 2);
		}
		return 3;
	}
	if (!v || json_is_null(v))
		cj_stmt_bind_null(s, i);
	else if (json_is_integer(v))
		cj_stmt_bind_int(s, i, json_integer_value(v));
	else if (json_is_boolean(v))
		cj_stmt_bind_int(s, i, json_is_true(v));
	else
		cj_stmt_bind_text(s, i, json_string_value(v));
	return 1;
}

/* Whether e's search text takes a list of names (kept by a hook, not a column of the record). */
static int
search_lists(const struct cj_entity *e)
{
	for (size_t k = 0; k < e->nfields; k++)
		if ((e->fields[k].flags & CJ_F_SEARCH) && e->fields[k].type == CJ_T_LIST)
			return 1;
	return 0;
}

/* Whether rec sets a field that is sealed: its record's id must be known before the INSERT. */
static int
seals(const struct cj_entity *e, json_t *rec)
{
	for (size_t k = 0; k < e->nfields; k++)
		if ((e->fields[k].flags & CJ_F_PII) &&
		    json_is_string(json_object_get(rec, e->fields[k].name)))
			return 1;
	return 0;
}

static void
column_names(const struct cj_field *f, struct cj_sbuf *sb, const char *suffix)
{
	if (f->flags & CJ_F_PII)
		cj_sbuf_addf(sb, "%s_enc%s, %s_mask%s, %s_hash%s", f->name, suffix, f->name, suffix,
		             f->name, suffix);
	else
		cj_sbuf_addf(sb, "%s%s", f->name, suffix);
}

/*
 * The INSERT of rec's columns into e's table (with its id when id is
 * set, else RETURNING it), written into sql.  A batch inserts thousands
 * of records of a few shapes: the text of each (entity, columns set, id
 * or not) is kept per thread and not formatted again.
 */
#define INSERT_KEPT 128
#define INSERT_MAX  1024

static const char *
insert_sql(const struct cj_entity *e, json_t *rec, int id, struct cj_sbuf *sql)
{
	static _Thread_local struct {
		const struct cj_entity *e;
		uint64_t set[2]; /* the columns set, by field index, and bit 127: id */
		char text[INSERT_MAX];
	} kept[INSERT_KEPT];
	struct cj_sbuf vals = CJ_SBUF_INIT;
	uint64_t set[2] = { 0, id ? 1ULL << 63 : 0 };
	int keyed = e->nfields < 127;
	unsigned h;

	for (size_t k = 0; keyed && k < e->nfields; k++)
		if (is_column(&e->fields[k]) && json_object_get(rec, e->fields[k].name))
			set[k / 64] |= 1ULL << (k % 64);
	{
		uint64_t x = (uint64_t)(uintptr_t)e ^ set[0] * 0x9e3779b97f4a7c15ULL ^
		             set[1] * 0xc2b2ae3d27d4eb4fULL;

		x ^= x >> 31;
		x *= 0xbf58476d1ce4e5b9ULL;
		h = (unsigned)((x ^ x >> 29) % INSERT_KEPT);
	}
	if (keyed && kept[h].e == e && kept[h].set[0] == set[0] && kept[h].set[1] == set[1])
		return kept[h].text;
	cj_sbuf_addf(sql, "INSERT INTO %s (%s%sversion, created_at, updated_at", e->table,
	             id ? "id, " : "", global(e) ? "" : "tenant_id, ");
	cj_sbuf_addf(&vals, "%s%s", id ? "?, " : "", global(e) ? "1, ?, ?" : "?, 1, ?, ?");
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];

		if (!is_column(f) || !json_object_get(rec, f->name))
			continue;
		cj_sbuf_adds(sql, ", ");
		column_names(f, sql, "");
		cj_sbuf_adds(&vals, (f->flags & CJ_F_PII) ? ", ?, ?, ?" : ", ?");
	}
	cj_sbuf_addf(sql, ") VALUES (%s)%s", vals.buf, id ? "" : " RETURNING id");
	cj_sbuf_release(&vals);
	if (keyed && sql->len < INSERT_MAX) {
		kept[h].e = e;
		kept[h].set[0] = set[0];
		kept[h].set[1] = set[1];
		memcpy(kept[h].text, sql->buf, sql->len + 1);
	}
	return sql->buf;
}

static int audit_as(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, const char *action,
                    json_t *before, json_t *after, struct cj_error *err);

int
cj_store_create(struct cj_ctx *ctx, const struct cj_entity *e, json_t *rec, int64_t *id,
                struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL;
	int64_t nid = 0;
	char now[21];
	json_t *after;
	int rc, i;

	if (!ctx->batch_trusted && h && h->check && (rc = h->check(ctx, rec, NULL, err)) < 0)
		goto out;
	if (!ctx->batch_trusted && (rc = check_fields(ctx, e, rec, 0, err)) < 0)
		goto out;
	/* Writing behind, every new id is drawn: its rows go without RETURNING. */
	if ((seals(e, rec) || cj_behind_ids(ctx->conn)) &&
	    (rc = cj_db_next_id(ctx->conn, e->table, &nid, err)) < 0)
		goto out;
	cj_timestamp_now(now);
	rc = cj_stmt_prepare(ctx->conn, insert_sql(e, rec, nid != 0, &sql), &s, err);
	if (rc < 0)
		goto out;
	i = 1;
	if (nid)
		cj_stmt_bind_int(s, i++, nid);
	if (!global(e))
		cj_stmt_bind_int(s, i++, ctx->tenant_id);
	cj_stmt_bind_text(s, i++, now);
	cj_stmt_bind_text(s, i++, now);
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];
		json_t *v = json_object_get(rec, f->name);

		if (is_column(f) && v)
			i += bind_field(ctx, e, nid, s, i, f, v);
	}
	rc = cj_stmt_step(s, err);
	if (rc < 0)
		goto out;
	*id = nid ? nid : cj_stmt_int(s, 0);
	rc = 0;
	cj_stmt_free(s);
	s = NULL;
	if (h && h->save && (rc = h->save(ctx, *id, rec, NULL, err)) < 0)
		goto out;
	if (h && h->created && (rc = h->created(ctx, *id, rec, err)) < 0)
		goto out;
	/*
	 * A batch owes no audit row per record: when the search text is all in
	 * rec's own columns (no list of names a hook keeps), rec is indexed as
	 * it was stored, without reading the record back.
	 */
	if (ctx->batch_creates && !search_lists(e)) {
		rc = cj_search_put(ctx, e, *id, rec, 1, err);
		goto out;
	}
	if ((rc = cj_store_get(ctx, e, *id, CJ_LIST_ROW, &after, err)) < 0)
		goto out;
	if ((rc = cj_search_put(ctx, e, *id, after, 1, err)) < 0)
		goto out;
	if (!ctx->batch_creates)
		rc = audit_as(ctx, e, *id, "create", NULL, after, err);
out:
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc;
}

/*
 * A platform record (a tenant) is audited in the log of the tenant it
 * describes, so that a college's log starts with its own creation.
 */
static int
audit_as(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, const char *action,
         json_t *before, json_t *after, struct cj_error *err)
{
	int64_t was = ctx->tenant_id;
	int rc;

	if (!global(e))
		return cj_store_audit(ctx, action, e->name, id, before, after, err);
	if ((rc = cj_ctx_set_tenant(ctx, id, err)) < 0)
		return rc;
	rc = cj_store_audit(ctx, action, e->name, id, before, after, err);
	if (cj_ctx_set_tenant(ctx, was, rc < 0 ? NULL : err) < 0 && rc == 0)
		rc = -CJ_EINTERNAL;
	return rc;
}

static int
version_conflict(struct cj_error *err)
{
	return cj_error_set(err, CJ_EVERSION, CJ_M_VERSION, "version");
}

int
cj_store_update(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, int64_t version,
                json_t *changes, struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL;
	json_t *before, *after;
	char now[21];
	int rc, i;

	if ((rc = cj_store_get(ctx, e, id, CJ_LIST_ROW, &before, err)) < 0)
		goto out;
	if (version >= 0 && json_integer_value(json_object_get(before, "version")) != version) {
		rc = version_conflict(err);
		goto out;
	}
	if (h && h->check && (rc = h->check(ctx, changes, before, err)) < 0)
		goto out;
	if ((rc = check_fields(ctx, e, changes, id, err)) < 0)
		goto out;
	cj_timestamp_now(now);
	cj_sbuf_addf(&sql, "UPDATE %s SET version = version + 1, updated_at = ?", e->table);
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];

		if (!is_column(f) || !json_object_get(changes, f->name))
			continue;
		if (f->flags & CJ_F_PII)
			cj_sbuf_addf(&sql, ", %s_enc = ?, %s_mask = ?, %s_hash = ?", f->name,
			             f->name, f->name);
		else
			cj_sbuf_addf(&sql, ", %s = ?", f->name);
	}
	cj_sbuf_addf(&sql, " WHERE id = ? AND version = ?%s RETURNING version",
	             global(e) ? "" : " AND tenant_id = ?");
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	if (rc < 0)
		goto out;
	i = 1;
	cj_stmt_bind_text(s, i++, now);
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];
		json_t *v = json_object_get(changes, f->name);

		if (is_column(f) && v)
			i += bind_field(ctx, e, id, s, i, f, v);
	}
	cj_stmt_bind_int(s, i++, id);
	cj_stmt_bind_int(s, i++, json_integer_value(json_object_get(before, "version")));
	if (!global(e))
		cj_stmt_bind_int(s, i++, ctx->tenant_id);
	rc = cj_stmt_step(s, err);
	if (rc == 0)
		rc = version_conflict(err);
	if (rc < 0)
		goto out;
	cj_stmt_free(s);
	s = NULL;
	if (h && h->save && (rc = h->save(ctx, id, changes, before, err)) < 0)
		goto out;
	if ((rc = cj_store_get(ctx, e, id, CJ_LIST_ROW, &after, err)) < 0)
		goto out;
	if ((rc = cj_search_put(ctx, e, id, after, 0, err)) < 0)
		goto out;
	rc = audit_as(ctx, e, id, "update", before, after, err);
out:
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc;
}

int
cj_store_delete(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, int64_t version,
                struct cj_error *err)
{
	const struct cj_hooks *h = cj_hooks_for(e);
	json_t *before;
	char sql[160];
	int rc;

	if ((rc = cj_store_get(ctx, e, id, CJ_LIST_ROW, &before, err)) < 0)
		return rc;
	if (version >= 0 && json_integer_value(json_object_get(before, "version")) != version)
		return version_conflict(err);
	if (h && h->remove && (rc = h->remove(ctx, id, err)) < 0)
		return rc;
	/* An event action names its target without a foreign key (it is polymorphic). */
	if (e->target_type &&
	    (rc = cj_q_exec(ctx,
	                    "DELETE FROM event_actions WHERE tenant_id = ? AND target_type = ?"
	                    " AND target_id = ?",
	                    err, "iti", ctx->tenant_id, e->target_type, id)) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?%s", e->table,
	         global(e) ? "" : " AND tenant_id = ?");
	rc = global(e) ? cj_q_exec(ctx, sql, err, "i", id)
	               : cj_q_exec(ctx, sql, err, "ii", id, ctx->tenant_id);
	if (rc == -CJ_EINUSE) {
		/* The driver does not know which record holds on; say which one is held. */
		cj_error_clear(err);
		snprintf(sql, sizeof(sql), "%s %lld", e->name, (long long)id);
		return cj_error_setarg(err, CJ_EINUSE, CJ_M_IN_USE, NULL, sql);
	}
	if (rc < 0)
		return rc;
	if ((rc = cj_search_drop(ctx, e, id, err)) < 0)
		return rc;
	return cj_store_audit(ctx, "delete", e->name, id, before, NULL, err);
}

int
cj_store_pii(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, json_t **out,
             struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL;
	json_t *o = json_object(), *bad = json_array();
	int rc, n = 0;

	cj_ctx_keep(ctx, o);
	cj_ctx_keep(ctx, bad);
	cj_sbuf_adds(&sql, "SELECT id");
	for (size_t k = 0; k < e->nfields; k++)
		if (e->fields[k].flags & CJ_F_PII)
			cj_sbuf_addf(&sql, ", %s_enc", e->fields[k].name);
	cj_sbuf_addf(&sql, " FROM %s WHERE id = ? AND tenant_id = ?", e->table);
	rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	if (rc < 0)
		goto out;
	cj_stmt_bind_int(s, 1, id);
	cj_stmt_bind_int(s, 2, ctx->tenant_id);
	rc = cj_stmt_step(s, err);
	if (rc == 0)
		rc = cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, e->name);
	if (rc < 0)
		goto out;
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];
		struct cj_seal_at at = place(ctx, e, f, id);
		const char *sealed;
		char *plain;

		if (!(f->flags & CJ_F_PII))
			continue;
		sealed = cj_stmt_text(s, ++n);
		plain = sealed ? cj_secret_open(&ctx->st->keys, &at, sealed) : NULL;
		/* A value sealed for another row, column or college does not open here. */
		if (sealed && !plain)
			json_array_append_new(bad, json_string(f->name));
		json_object_set_new(o, f->name, plain ? json_string(plain) : json_null());
		if (plain)
			sodium_memzero(plain, strlen(plain));
		free(plain);
	}
	cj_stmt_free(s);
	s = NULL;
	if (json_array_size(bad)) {
		/* Audited, and the caller commits this row although the answer is an error. */
		json_t *what = json_pack("{s:O}", "fields", bad);

		cj_ctx_keep(ctx, what);
		rc = cj_store_audit(ctx, "pii_open_failed", e->name, id, NULL, what, err);
		if (rc == 0)
			rc = cj_error_setarg(err, CJ_EINTERNAL, CJ_M_PII_MISPLACED,
			                     json_string_value(json_array_get(bad, 0)),
			                     json_string_value(json_array_get(bad, 0)));
		goto out;
	}
	/* The audit names whose information was seen, never the information. */
	rc = cj_store_audit(ctx, "pii_view", e->name, id, NULL, NULL, err);
	if (rc == 0)
		*out = o;
out:
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc;
}

int
cj_store_pii_rows(struct cj_ctx *ctx, const struct cj_entity *e, json_t *rows, struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL;
	json_t *by_id = json_object(), *r;
	size_t i, np = 0;
	int rc = 0, n;

	cj_ctx_keep(ctx, by_id);
	for (size_t k = 0; k < e->nfields; k++)
		np += !!(e->fields[k].flags & CJ_F_PII);
	if (np == 0 || json_array_size(rows) == 0)
		goto out;
	cj_sbuf_adds(&sql, "SELECT id");
	for (size_t k = 0; k < e->nfields; k++)
		if (e->fields[k].flags & CJ_F_PII)
			cj_sbuf_addf(&sql, ", %s_enc", e->fields[k].name);
	cj_sbuf_addf(&sql, " FROM %s WHERE tenant_id = ? AND id IN (", e->table);
	json_array_foreach (rows, i, r) {
		char key[24];

		snprintf(key, sizeof(key), "%lld",
		         (long long)json_integer_value(json_object_get(r, "id")));
		json_object_set(by_id, key, r);
		cj_sbuf_adds(&sql, i ? ", ?" : "?");
	}
	cj_sbuf_adds(&sql, ")");
	if ((rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err)) < 0)
		goto out;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	json_array_foreach (rows, i, r)
		cj_stmt_bind_int(s, (int)i + 2, json_integer_value(json_object_get(r, "id")));
	while ((rc = cj_stmt_step(s, err)) > 0) {
		int64_t id = cj_stmt_int(s, 0);
		char key[24];
		json_t *row;

		snprintf(key, sizeof(key), "%lld", (long long)id);
		row = json_object_get(by_id, key);
		n = 0;
		for (size_t k = 0; k < e->nfields; k++) {
			const struct cj_field *f = &e->fields[k];
			struct cj_seal_at at;
			const char *sealed;
			char *plain;

			if (!(f->flags & CJ_F_PII))
				continue;
			sealed = cj_stmt_text(s, ++n);
			at = place(ctx, e, f, id);
			plain = sealed ? cj_secret_open(&ctx->st->keys, &at, sealed) : NULL;
			if (plain && row)
				json_object_set_new(row, f->name, json_string(plain));
			if (plain)
				sodium_memzero(plain, strlen(plain));
			free(plain);
		}
	}
out:
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc < 0 ? rc : 0;
}

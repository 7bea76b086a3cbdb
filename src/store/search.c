/* The search index of the records; see search.h. */
#include "store/search.h"

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/module.h"
#include "lib/util.h"
#include "store/hooks.h"

#define FILL_BATCH 500

int
cj_search_indexed(const struct cj_entity *e)
{
	return !(e->flags & CJ_EF_GLOBAL) && cj_entity_name_field(e) != NULL;
}

/* The "name" and "*_name" texts of a child list's elements. */
static void
list_names(json_t *list, const char **texts, size_t *n, size_t max)
{
	json_t *el, *v;
	const char *k;
	size_t i;

	json_array_foreach (list, i, el)
		json_object_foreach (el, k, v) {
			size_t len = strlen(k);

			if (*n < max && json_is_string(v) &&
			    (!strcmp(k, "name") || (len > 5 && !strcmp(k + len - 5, "_name"))))
				texts[(*n)++] = json_string_value(v);
		}
}

int
cj_search_put(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, json_t *rec, int fresh,
              struct cj_error *err)
{
	const struct cj_field *nf = cj_entity_name_field(e);
	const char *others[64];
	struct cj_search_text t;
	struct cj_sbuf k = CJ_SBUF_INIT;
	size_t n = 0;
	int rc;

	if (!cj_search_indexed(e))
		return 0;
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);

		if (!(f->flags & CJ_F_SEARCH) || (f->flags & CJ_F_PII))
			continue;
		if (f->type == CJ_T_LIST)
			list_names(v, others, &n, CJ_ARRAY_SIZE(others));
		else if (json_is_string(v) && n < CJ_ARRAY_SIZE(others))
			others[n++] = json_string_value(v);
	}
	cj_search_derive(json_string_value(json_object_get(rec, nf->name)), others, n, &t);
	cj_sbuf_addf(&k, "t%lldx", (long long)ctx->tenant_id);
	for (const char *p = e->name; *p; p++)
		if (*p != '_')
			cj_sbuf_addch(&k, *p);
	rc = fresh ? 0 : cj_search_drop(ctx, e, id, err);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "INSERT INTO search_index (tenant_id, entity, record_id, k, fname,"
		               " names, pinyin, initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		               err, "itittttt", ctx->tenant_id, e->name, id, k.buf, t.fname,
		               t.names, t.pinyin, t.initials);
	if (rc == 0)
		rc = cj_conn_search_added(ctx->conn, ctx->tenant_id, e->name, id, err);
	cj_sbuf_release(&k);
	cj_search_text_release(&t);
	return rc;
}

int
cj_search_drop(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, struct cj_error *err)
{
	int rc;

	if (!cj_search_indexed(e))
		return 0;
	if ((rc = cj_conn_search_removing(ctx->conn, ctx->tenant_id, e->name, id, err)) < 0)
		return rc;
	return cj_q_exec(ctx,
	                 "DELETE FROM search_index WHERE tenant_id = ? AND entity = ?"
	                 " AND record_id = ?",
	                 err, "iti", ctx->tenant_id, e->name, id);
}

void
cj_search_where(struct cj_ctx *ctx, const struct cj_entity *e, const char *q, struct cj_where *w,
                const char **folded)
{
	char *f = cj_fold(q), *pattern;

	*folded = NULL;
	if (*f) {
		*folded = cj_arena_strdup(ctx->arena, f);
		pattern = cj_conn_search_pattern(ctx->conn, ctx->tenant_id, e->name, f);
		/* The driver's SQL binds the pattern, the tenant, the entity and the query, in that
		 * order. */
		cj_where_add_text(
		    w, cj_arena_printf(ctx->arena, "id IN (%s)", cj_conn_search_sql(ctx->conn)),
		    cj_arena_strdup(ctx->arena, pattern));
		cj_where_more_int(w, ctx->tenant_id);
		cj_where_more_text(w, e->name);
		cj_where_more_text(w, *folded);
		free(pattern);
	}
	free(f);
}

const char *
cj_search_rank(struct cj_ctx *ctx, const struct cj_entity *e, const char *folded,
               const char *binds[5])
{
	binds[0] = folded;
	binds[1] = cj_arena_printf(ctx->arena, "%s%%", folded);
	binds[2] = cj_arena_printf(ctx->arena, "%% %s%%", folded);
	binds[3] = binds[2];
	binds[4] = e->name;
	return cj_arena_printf(ctx->arena,
	                       "(SELECT CASE WHEN s.fname = ? THEN 0 WHEN s.fname LIKE ? THEN 1"
	                       " WHEN s.names LIKE ? THEN 2 WHEN s.pinyin LIKE ? THEN 3 ELSE 4 END"
	                       " FROM search_index s WHERE s.tenant_id = %s.tenant_id"
	                       " AND s.entity = ? AND s.record_id = %s.id)",
	                       e->table, e->table);
}

/*
 * Index up to FILL_BATCH unindexed records of e in the tenant with ids above
 * *last (moved past them); how many, or <0.  The name and searchable
 * columns are read directly; an entity with a searchable child list reads
 * each record whole (its loader fills the list).
 */
static int
fill_batch(struct cj_ctx *ctx, const struct cj_entity *e, int64_t *last, struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT, types = CJ_SBUF_INIT;
	json_t *rows, *row, *rec;
	int whole = 0, rc = 0;
	size_t i;

	cj_sbuf_adds(&sql, "SELECT id");
	cj_sbuf_adds(&types, "i");
	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];

		if (f->type == CJ_T_LIST && (f->flags & CJ_F_SEARCH))
			whole = 1;
		else if (f->type == CJ_T_TEXT && !(f->flags & (CJ_F_PII | CJ_F_NOCOL)) &&
		         (f->flags & (CJ_F_NAME | CJ_F_SEARCH))) {
			cj_sbuf_addf(&sql, ", %s", f->name);
			cj_sbuf_addch(&types, 't');
		}
	}
	cj_sbuf_addf(&sql,
	             " FROM %s t WHERE tenant_id = ? AND id > ? AND NOT EXISTS (SELECT 1"
	             " FROM search_index s WHERE s.tenant_id = t.tenant_id AND s.entity = ?"
	             " AND s.record_id = t.id) ORDER BY id LIMIT %d",
	             e->table, FILL_BATCH);
	rows = cj_q_rows(ctx, sql.buf, types.buf, &rc, err, "iit", ctx->tenant_id, *last, e->name);
	cj_sbuf_release(&sql);
	cj_sbuf_release(&types);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, row) {
		int64_t id = cj_rec_id(row);

		rec = row;
		if (whole && (rc = cj_store_get(ctx, e, id, CJ_LIST_ROW, &rec, err)) < 0)
			return rc;
		if ((rc = cj_search_put(ctx, e, id, rec, 0, err)) < 0)
			return rc;
		*last = id;
	}
	return (int)json_array_size(rows);
}

int
cj_store_search_fill(struct cj_store *st, long *done, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	json_t *tenants = NULL, *t;
	size_t i;
	long n = 0;
	int rc;

	if ((rc = cj_ctx_begin(st, a, CJ_TX_READ, &ctx, err)) < 0)
		goto out;
	tenants = cj_q_rows(&ctx, "SELECT id FROM tenants WHERE NOT search_filled ORDER BY id", "i",
	                    &rc, err, "");
	cj_ctx_end(&ctx, 0, NULL);
	if (!tenants)
		goto out;
	json_incref(tenants);
	json_array_foreach (tenants, i, t) {
		int64_t tid = cj_rec_id(t);

		for (size_t k = 0; rc >= 0 && k < cj_entity_count(); k++) {
			const struct cj_entity *e = cj_entity_at(k);

			int64_t last = 0;

			if (!cj_search_indexed(e))
				continue;
			do {
				cj_arena_free(a);
				a = cj_arena_new();
				if ((rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err)) < 0)
					goto out;
				if ((rc = cj_ctx_set_tenant(&ctx, tid, err)) == 0)
					rc = fill_batch(&ctx, e, &last, err);
				if (cj_ctx_end(&ctx, rc >= 0, err) < 0 && rc >= 0)
					rc = -CJ_EINTERNAL;
				if (rc > 0)
					n += rc;
			} while (rc == FILL_BATCH);
		}
		if (rc < 0)
			break;
		/* The college is complete: later opens pass it by (migration 0016). */
		cj_arena_free(a);
		a = cj_arena_new();
		if ((rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err)) < 0)
			goto out;
		rc = cj_q_exec(&ctx, "UPDATE tenants SET search_filled = true WHERE id = ?", err,
		               "i", tid);
		if (cj_ctx_end(&ctx, rc >= 0, err) < 0 && rc >= 0)
			rc = -CJ_EINTERNAL;
		if (rc < 0)
			break;
	}
out:
	json_decref(tenants);
	cj_arena_free(a);
	if (done)
		*done = n;
	return rc < 0 ? rc : 0;
}

/*
 * op on a connection of st's own, in a transaction of mode: a write's
 * committed when op succeeded, a read's rolled back.
 */
static int
own_tx(struct cj_store *st, enum cj_tx_mode mode, int (*op)(struct cj_conn *, struct cj_error *),
       struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	int commit = mode == CJ_TX_WRITE;
	struct cj_ctx ctx;
	int rc;

	if ((rc = cj_ctx_begin(st, a, mode, &ctx, err)) == 0) {
		rc = op(ctx.conn, err);
		if (cj_ctx_end(&ctx, commit && rc == 0, commit ? err : NULL) < 0 && rc == 0)
			rc = -CJ_EBUSY;
	}
	cj_arena_free(a);
	return rc;
}

int
cj_store_search_check(struct cj_store *st, struct cj_error *err)
{
	return own_tx(st, CJ_TX_READ, cj_conn_search_check, err);
}

int
cj_store_search_merge(struct cj_store *st, struct cj_error *err)
{
	return own_tx(st, CJ_TX_WRITE, cj_conn_search_merge, err);
}

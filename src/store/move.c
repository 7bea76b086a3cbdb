/*
 * Moving a college from one store to another (in practice: from its
 * SQLite file into a shared PostgreSQL database), in one transaction of
 * the target.  Row ids are kept (the target's keys are (tenant_id, id));
 * the tenant id is the target's own; personal information is opened with
 * the source key and sealed again with the target key.  Before the commit
 * each table's row count and content checksum are compared on both sides;
 * any difference rolls everything back.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "core/module.h"
#include "store/hooks.h"

/* The platform's tables that follow the modules' (core/module.h): the log comes last. */
static const struct cj_move_table platform_tables[] = {
	{ "audit_log", "id", NULL },
	{ NULL, NULL, NULL },
};

/* The i-th table to move: each module's in the order of src/modules.h, then the platform's. */
static const struct cj_move_table *
table_at(size_t i)
{
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_move_table *t = (*m)->tables; t && t->table; t++)
			if (i-- == 0)
				return t;
	return platform_tables[i].table ? &platform_tables[i] : NULL;
}

static int
suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

/* Columns whose text differs by design between the two stores. */
static int
volatile_column(const char *name)
{
	return !strcmp(name, "tenant_id") || suffix(name, "_enc") || suffix(name, "_hash");
}

struct table_sum {
	int64_t rows;
	unsigned char hash[32];
};

/* Row count and checksum of a table's rows of the ctx's tenant. */
static int
checksum(struct cj_ctx *ctx, const struct cj_move_table *t, struct table_sum *out,
         struct cj_error *err)
{
	crypto_generichash_state st;
	struct cj_stmt *s;
	char sql[200];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE tenant_id = ? ORDER BY %s", t->table,
	         t->key);
	if ((rc = cj_stmt_prepare(ctx->conn, sql, &s, err)) < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	crypto_generichash_init(&st, NULL, 0, sizeof(out->hash));
	out->rows = 0;
	while ((rc = cj_stmt_step(s, err)) > 0) {
		out->rows++;
		for (int i = 0; i < cj_stmt_column_count(s); i++) {
			const char *name = cj_stmt_column_name(s, i);
			const char *v = cj_stmt_is_null(s, i) ? "\x01NULL" : NULL;
			size_t n;

			if (volatile_column(name))
				continue;
			crypto_generichash_update(&st, (const unsigned char *)name,
			                          strlen(name) + 1);
			if (!v && t->blob && !strcmp(t->blob, name)) {
				const void *b = cj_stmt_blob(s, i, &n);

				crypto_generichash_update(&st, b, n);
				continue;
			}
			if (!v)
				v = cj_stmt_text(s, i);
			crypto_generichash_update(&st, (const unsigned char *)v, strlen(v) + 1);
		}
	}
	cj_stmt_free(s);
	crypto_generichash_final(&st, out->hash, sizeof(out->hash));
	return rc;
}

static const struct cj_msg unverified[1] = {
	{ "源库的审计日志校验不通过，未迁移：%s",
	  "the source's audit log does not verify, nothing was moved: %s" },
};

/* Each row of the source's chain, as it is verified: appended to the target's chain. */
static int
append_moved(void *arg, const struct cj_audit_row *r)
{
	void **a = arg;

	return cj_store_audit_append(a[0], r, a[1]);
}

/*
 * The audit log: the source's chain is verified (a log altered behind the
 * source's back is not laundered by a move) and each row is chained again
 * in the target, under its key and tenant, keeping its id, seq and content.
 */
static int
copy_audit(struct cj_ctx *src, struct cj_ctx *dst, struct cj_error *err)
{
	struct cj_audit_check chk;
	void *arg[2] = { dst, err };
	char why[64];
	int rc;

	if ((rc = cj_store_audit_verify(src, append_moved, arg, &chk, err)) < 0)
		return rc;
	if (!chk.ok) {
		snprintf(why, sizeof(why), "row %lld (seq %lld)", (long long)chk.bad_id,
		         (long long)chk.bad_seq);
		return cj_error_setarg(err, CJ_EINVAL, unverified, "audit_log", why);
	}
	return cj_db_sync_ids(dst->conn, "audit_log", err);
}

/* Copy one table's rows of src's tenant into dst's tenant. */
static int
copy_table(struct cj_ctx *src, struct cj_ctx *dst, const struct cj_move_table *t,
           struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s = NULL, *ins = NULL;
	char *plain = NULL, *sealed = NULL;
	int rc, n;

	cj_sbuf_addf(&sql, "SELECT * FROM %s WHERE tenant_id = ? ORDER BY %s", t->table, t->key);
	if ((rc = cj_stmt_prepare(src->conn, sql.buf, &s, err)) < 0)
		goto out;
	cj_stmt_bind_int(s, 1, src->tenant_id);
	while ((rc = cj_stmt_step(s, err)) > 0) {
		int64_t row = 0;

		n = cj_stmt_column_count(s);
		for (int i = 0; i < n; i++)
			if (!strcmp(cj_stmt_column_name(s, i), "id"))
				row = cj_stmt_int(s, i);
		/* The insert is prepared once, from the first row's columns, and run per row. */
		if (!ins) {
			cj_sbuf_reset(&sql);
			cj_sbuf_addf(&sql, "INSERT INTO %s (", t->table);
			for (int i = 0; i < n; i++)
				cj_sbuf_addf(&sql, "%s%s", i ? ", " : "",
				             cj_stmt_column_name(s, i));
			cj_sbuf_adds(&sql, ") VALUES (");
			for (int i = 0; i < n; i++)
				cj_sbuf_adds(&sql, i ? ", ?" : "?");
			cj_sbuf_adds(&sql, ")");
			if ((rc = cj_stmt_prepare(dst->conn, sql.buf, &ins, err)) < 0)
				goto out;
		} else {
			cj_stmt_reset(ins);
		}
		for (int i = 0; i < n; i++) {
			const char *name = cj_stmt_column_name(s, i);
			const char *v = cj_stmt_is_null(s, i) ? NULL : cj_stmt_text(s, i);

			if (!strcmp(name, "tenant_id")) {
				cj_stmt_bind_int(ins, i + 1, dst->tenant_id);
			} else if (v && t->blob && !strcmp(t->blob, name)) {
				size_t len;
				const void *b = cj_stmt_blob(s, i, &len);

				cj_stmt_bind_blob(ins, i + 1, b, len);
			} else if (v && suffix(name, "_enc")) {
				/*
				 * Personal information: opened with the source key at its
				 * place, sealed with the target key to its new place (the
				 * target's tenant id, the same table, column and row id).
				 */
				char *field = cj_arena_strndup(src->arena, name, strlen(name) - 4);
				struct cj_seal_at from = { src->tenant_id, t->table, field, row };
				struct cj_seal_at to = { dst->tenant_id, t->table, field, row };

				plain = cj_secret_is_v1(v)
				            ? cj_secret_open_v1(&src->st->keys, v)
				            : cj_secret_open(&src->st->keys, &from, v);
				if (!plain) {
					rc = cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, name,
					                     "cannot open with the source key");
					goto out;
				}
				sealed = cj_secret_seal(&dst->st->keys, &to, plain);
				cj_stmt_bind_text(ins, i + 1, sealed);
				free(sealed);
				sealed = NULL;
				/* The keyed hash is the next column: <field>_mask, <field>_hash. */
			} else if (v && suffix(name, "_hash") && plain) {
				char *field = cj_arena_strndup(src->arena, name, strlen(name) - 5);
				char *h = cj_secret_hash(&dst->st->keys, dst->tenant_id, t->table,
				                         field, plain);

				cj_stmt_bind_text(ins, i + 1, h);
				free(h);
				free(plain);
				plain = NULL;
			} else {
				cj_stmt_bind_text(ins, i + 1, v);
			}
		}
		if ((rc = cj_stmt_step(ins, err)) < 0)
			goto out;
	}
	if (rc == 0)
		rc = cj_db_sync_ids(dst->conn, t->table, err);
out:
	free(plain);
	cj_stmt_free(ins);
	cj_stmt_free(s);
	cj_sbuf_release(&sql);
	return rc;
}

int
cj_store_move(struct cj_store *from, struct cj_store *to, const char *code, const char *label,
              json_t **report, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx src, dst;
	json_t *tenant, *rec, *counts = json_object();
	const struct cj_move_table *t;
	struct table_sum ss, ds;
	int64_t sid, did;
	int rc;

	*report = NULL;
	rc = cj_ctx_begin(from, a, CJ_TX_READ, &src, err);
	if (rc < 0)
		goto done;
	rc = cj_ctx_begin(to, a, CJ_TX_WRITE, &dst, err);
	if (rc < 0) {
		cj_ctx_end(&src, 0, NULL);
		goto done;
	}
	dst.username = "move";
	if ((rc = cj_store_tenant_by_code(&src, code, &sid, err)) < 0 ||
	    (rc = cj_ctx_set_tenant(&src, sid, err)) < 0 ||
	    (rc = cj_store_get(&src, &cj_entity_tenant, sid, CJ_LIST_ROW, &tenant, err)) < 0)
		goto out;
	if (cj_store_tenant_by_code(&dst, code, &did, err) == 0) {
		rc = cj_error_set(err, CJ_EEXISTS, CJ_M_DUPLICATE, "code");
		goto out;
	}
	cj_error_clear(err);
	rec = json_pack("{s:O,s:O,s:O,s:O}", "code", json_object_get(tenant, "code"), "name",
	                json_object_get(tenant, "name"), "kind", json_object_get(tenant, "kind"),
	                "region_code", json_object_get(tenant, "region_code"));
	cj_ctx_keep(&dst, rec);
	if ((rc = cj_store_create(&dst, &cj_entity_tenant, rec, &did, err)) < 0 ||
	    (rc = cj_ctx_set_tenant(&dst, did, err)) < 0)
		goto out;
	/*
	 * The new tenant's create row began a chain of its own: dropped, so that
	 * the moved log is the chain and the move row follows it.
	 */
	if ((rc = cj_store_audit_drop(&dst, err)) < 0)
		goto out;
	for (size_t i = 0; (t = table_at(i)); i++) {
		if ((rc = strcmp(t->table, "audit_log") ? copy_table(&src, &dst, t, err)
		                                        : copy_audit(&src, &dst, err)) < 0 ||
		    (rc = checksum(&src, t, &ss, err)) < 0 ||
		    (rc = checksum(&dst, t, &ds, err)) < 0)
			goto out;
		if (ss.rows != ds.rows || memcmp(ss.hash, ds.hash, sizeof(ss.hash))) {
			rc = cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, t->table,
			                     "row count or checksum differs after the copy");
			goto out;
		}
		char hex[65];

		sodium_bin2hex(hex, sizeof(hex), ss.hash, sizeof(ss.hash));
		json_object_set_new(
		    counts, t->table,
		    json_pack("{s:I,s:s}", "rows", (json_int_t)ss.rows, "checksum", hex));
	}
	rec = json_pack("{s:s,s:s,s:I,s:O}", "from", label, "code", code, "source_tenant_id",
	                (json_int_t)sid, "tables", counts);
	cj_ctx_keep(&dst, rec);
	if ((rc = cj_store_audit(&dst, "move", "tenant", did, NULL, rec, err)) < 0)
		goto out;
	*report = json_incref(rec);
out:
	cj_ctx_end(&src, 0, NULL);
	if (cj_ctx_end(&dst, rc == 0, err) < 0 && rc == 0)
		rc = -CJ_EBUSY;
	if (rc < 0 && *report) {
		json_decref(*report);
		*report = NULL;
	}
done:
	json_decref(counts);
	cj_arena_free(a);
	return rc;
}

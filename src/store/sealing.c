/*
 * The personal-information key of a store and the format of its sealed
 * values; see store.h (cj_store_open, cj_store_key_init).
 *
 * The database records the fingerprint of its key (table pii_key), so a
 * key file that is missing or not the database's own is refused, naming
 * the file, instead of a new key silently sealing new values next to
 * values nothing opens any more.  A database without a fingerprint (one
 * made before it was recorded) is checked against one of its sealed
 * values.  A new key is made only for a database that holds no sealed
 * value, or by cj_store_key_init.
 *
 * Old-format values ("v1:", bound to no place) are re-sealed to their
 * place once, in one transaction, recorded in schema_migrations.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"

#define RESEAL_STEP "0006_pii_reseal (C)"

/* Call fn for each personal-information field of each tenant table; stops at <0. */
typedef int (*field_fn)(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_field *f,
                        void *arg, struct cj_error *err);

static int
each_field(struct cj_ctx *ctx, field_fn fn, void *arg, struct cj_error *err)
{
	json_t *tenants, *t;
	size_t i;
	int rc;

	tenants = cj_q_rows(ctx, "SELECT id FROM tenants ORDER BY id", "i", &rc, err, "");
	if (!tenants)
		return rc;
	json_array_foreach (tenants, i, t) {
		/* On PostgreSQL row-level security shows one tenant at a time. */
		if ((rc = cj_ctx_set_tenant(ctx, cj_rec_int(t, "id"), err)) < 0)
			return rc;
		for (size_t k = 0; k < cj_entity_count(); k++) {
			const struct cj_entity *e = cj_entity_at(k);

			if (e->flags & CJ_EF_GLOBAL)
				continue;
			for (size_t j = 0; j < e->nfields; j++)
				if ((e->fields[j].flags & CJ_F_PII) &&
				    (rc = fn(ctx, e, &e->fields[j], arg, err)) != 0)
					return rc;
		}
	}
	return 0;
}

struct sample {
	int found; /* a sealed value was seen */
	int opens; /* and it opened with the key */
	const struct cj_keys *keys;
};

/* 1 (stop) at the first sealed value, noting whether it opens. */
static int
sample_one(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_field *f, void *arg,
           struct cj_error *err)
{
	struct sample *sm = arg;
	char *sql = cj_arena_printf(ctx->arena,
	                            "SELECT id, %s_enc AS v FROM %s WHERE tenant_id = ?"
	                            " AND %s_enc IS NOT NULL ORDER BY id LIMIT 1",
	                            f->name, e->table, f->name);
	json_t *rows, *row;
	struct cj_seal_at at;
	const char *v;
	char *plain;
	int rc;

	if (!(rows = cj_q_rows(ctx, sql, "it", &rc, err, "i", ctx->tenant_id)))
		return rc;
	if (!(row = cj_q_first(rows)))
		return 0;
	sm->found = 1;
	if (!sm->keys)
		return 1;
	v = json_string_value(json_object_get(row, "v"));
	at = (struct cj_seal_at){ ctx->tenant_id, e->table, f->name, cj_rec_int(row, "id") };
	plain =
	    cj_secret_is_v1(v) ? cj_secret_open_v1(sm->keys, v) : cj_secret_open(sm->keys, &at, v);
	sm->opens = plain != NULL;
	free(plain);
	return 1;
}

static int
sealed_sample(struct cj_ctx *ctx, const struct cj_keys *keys, struct sample *sm,
              struct cj_error *err)
{
	int rc;

	memset(sm, 0, sizeof(*sm));
	sm->keys = keys;
	rc = each_field(ctx, sample_one, sm, err);
	return rc < 0 ? rc : 0;
}

static int
stored_fingerprint(struct cj_ctx *ctx, const char **fp, struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, "SELECT fingerprint FROM pii_key WHERE id = 1", "t", &rc, err, "");
	if (!rows)
		return rc;
	*fp = json_string_value(json_object_get(cj_q_first(rows), "fingerprint"));
	return 0;
}

static int
record_fingerprint(struct cj_ctx *ctx, const struct cj_keys *keys, int replace,
                   struct cj_error *err)
{
	char fp[65], now[21];
	int rc;

	cj_keys_fingerprint(keys, fp);
	cj_timestamp_now(now);
	if (replace && (rc = cj_q_exec(ctx, "DELETE FROM pii_key", err, "")) < 0)
		return rc;
	return cj_q_exec(ctx,
	                 "INSERT INTO pii_key (id, fingerprint, created_at) VALUES (1, ?, ?)"
	                 " ON CONFLICT (id) DO NOTHING",
	                 err, "tt", fp, now);
}

/* Re-seal one field's old-format values to their place, with the per-tenant hash. */
static int
reseal_field(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_field *f, void *arg,
             struct cj_error *err)
{
	int *n = arg;
	char *sql = cj_arena_printf(ctx->arena,
	                            "SELECT id, %s_enc AS v FROM %s WHERE tenant_id = ?"
	                            " AND %s_enc LIKE 'v1:%%'",
	                            f->name, e->table, f->name);
	char *upd = cj_arena_printf(ctx->arena,
	                            "UPDATE %s SET %s_enc = ?, %s_hash = ? WHERE tenant_id = ?"
	                            " AND id = ?",
	                            e->table, f->name, f->name);
	json_t *rows, *row;
	size_t i;
	int rc = 0;

	if (!(rows = cj_q_rows(ctx, sql, "it", &rc, err, "i", ctx->tenant_id)))
		return rc;
	json_array_foreach (rows, i, row) {
		struct cj_seal_at at = { ctx->tenant_id, e->table, f->name, cj_rec_int(row, "id") };
		char *plain =
		    cj_secret_open_v1(&ctx->st->keys, json_string_value(json_object_get(row, "v")));
		char *sealed, *hash;

		if (!plain)
			continue; /* damaged: the full view will say it does not open */
		sealed = cj_secret_seal(&ctx->st->keys, &at, plain);
		hash = cj_secret_hash(&ctx->st->keys, at.tenant, e->table, f->name, plain);
		rc = cj_q_exec(ctx, upd, err, "ttii", sealed, hash, at.tenant, at.row);
		free(plain);
		free(sealed);
		free(hash);
		if (rc < 0)
			return rc;
		(*n)++;
	}
	return 0;
}

static int
reseal(struct cj_ctx *ctx, struct cj_error *err)
{
	json_t *rows;
	char now[21];
	int rc, n = 0;

	rows = cj_q_rows(ctx, "SELECT 1 AS done FROM schema_migrations WHERE name = ?", "i", &rc,
	                 err, "t", RESEAL_STEP);
	if (!rows)
		return rc;
	if (json_array_size(rows))
		return 0;
	if ((rc = each_field(ctx, reseal_field, &n, err)) < 0)
		return rc;
	cj_timestamp_now(now);
	return cj_q_exec(ctx, "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", err,
	                 "tt", RESEAL_STEP, now);
}

int
cj_store_keys_open(struct cj_store *st, const char *keyfile, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct sample sm;
	struct cj_ctx ctx;
	const char *fp = NULL;
	char mine[65];
	int rc;

	if ((rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err)) < 0)
		goto done;
	if ((rc = stored_fingerprint(&ctx, &fp, err)) < 0)
		goto out;
	rc = cj_keys_load(keyfile, &st->keys, err);
	if (rc == -CJ_ENOTFOUND) {
		/* A new key only for a database that holds nothing sealed. */
		cj_error_clear(err);
		if ((rc = sealed_sample(&ctx, NULL, &sm, err)) < 0)
			goto out;
		if (fp || sm.found) {
			rc = cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_KEY_NEEDED, "key", keyfile);
			goto out;
		}
		if ((rc = cj_keys_create(keyfile, &st->keys, err)) < 0)
			goto out;
	} else if (rc < 0) {
		goto out;
	} else if (fp) {
		cj_keys_fingerprint(&st->keys, mine);
		if (!cj_secret_equal(fp, mine)) {
			rc = cj_error_setarg(err, CJ_EINVAL, CJ_M_KEY_WRONG, "key", keyfile);
			goto out;
		}
	} else {
		if ((rc = sealed_sample(&ctx, &st->keys, &sm, err)) < 0)
			goto out;
		if (sm.found && !sm.opens) {
			rc = cj_error_setarg(err, CJ_EINVAL, CJ_M_KEY_WRONG, "key", keyfile);
			goto out;
		}
	}
	if ((rc = record_fingerprint(&ctx, &st->keys, 0, err)) < 0 ||
	    (rc = cj_ctx_set_tenant(&ctx, 0, err)) < 0 || (rc = reseal(&ctx, err)) < 0)
		goto out;
out:
	if (cj_ctx_end(&ctx, rc == 0, err) < 0 && rc == 0)
		rc = -CJ_EBUSY;
done:
	cj_arena_free(a);
	return rc;
}

/* Count the sealed values the store's key does not open. */
static int
count_closed(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_field *f, void *arg,
             struct cj_error *err)
{
	int64_t *n = arg;
	char *sql = cj_arena_printf(ctx->arena,
	                            "SELECT id, %s_enc AS v FROM %s WHERE tenant_id = ?"
	                            " AND %s_enc IS NOT NULL",
	                            f->name, e->table, f->name);
	json_t *rows, *row;
	size_t i;
	int rc;

	if (!(rows = cj_q_rows(ctx, sql, "it", &rc, err, "i", ctx->tenant_id)))
		return rc;
	json_array_foreach (rows, i, row) {
		struct cj_seal_at at = { ctx->tenant_id, e->table, f->name, cj_rec_int(row, "id") };
		char *plain = cj_secret_open(&ctx->st->keys, &at,
		                             json_string_value(json_object_get(row, "v")));

		*n += plain == NULL;
		free(plain);
	}
	return 0;
}

int
cj_store_key_init(const char *uri, const char *keyfile, int64_t *unreadable, struct cj_error *err)
{
	struct cj_store *st = cj_xcalloc(1, sizeof(*st));
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	int rc, made = 0;

	*unreadable = 0;
	if ((rc = cj_secret_init() < 0
	              ? cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "libsodium")
	              : 0) < 0 ||
	    (rc = cj_db_open(uri, &st->db, err)) < 0 || (rc = cj_store_migrate(st, NULL, err)) < 0)
		goto done;
	if ((rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err)) < 0)
		goto done;
	/* Never over an existing file: a key that might still open something is not destroyed. */
	if ((rc = cj_keys_create(keyfile, &st->keys, err)) < 0)
		goto out;
	made = 1;
	if ((rc = record_fingerprint(&ctx, &st->keys, 1, err)) < 0 ||
	    (rc = each_field(&ctx, count_closed, unreadable, err)) < 0)
		goto out;
out:
	if (cj_ctx_end(&ctx, rc == 0, err) < 0 && rc == 0)
		rc = -CJ_EBUSY;
	if (rc < 0 && made)
		unlink(keyfile);
done:
	cj_arena_free(a);
	cj_store_free(st);
	return rc;
}

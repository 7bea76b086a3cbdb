/* Opening the store, migrations, units of work; see store.h. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"
#include "store/search.h"

static int
chain_existing(struct cj_store *st, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	int rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err);

	if (rc == 0) {
		rc = cj_store_audit_chain_existing(&ctx, st->audit_chain_new, err);
		if (cj_ctx_end(&ctx, rc == 0, err) < 0 && rc == 0)
			rc = -CJ_EBUSY;
	}
	cj_arena_free(a);
	return rc;
}

int
cj_store_open(const char *uri, const char *keyfile, struct cj_store **out, struct cj_error *err)
{
	struct cj_store *st = cj_xcalloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	cj_store_session_hints_new(st);
	if (cj_secret_init() < 0) {
		cj_store_session_hints_free(st);
		free(st);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "libsodium");
	}
	rc = cj_db_open(uri, &st->db, err);
	if (rc == 0)
		rc = cj_store_migrate(st, NULL, err);
	if (rc == 0)
		rc = cj_store_keys_open(st, keyfile, err);
	/* The audit chain is keyed: rows written before it (migration 0007) are chained once
	 * the key is known to be the database's own. */
	if (rc == 0)
		rc = chain_existing(st, err);
	/* Records written before the search index, or copied in: index them now. */
	if (rc == 0)
		rc = cj_store_search_fill(st, NULL, err);
	if (rc < 0) {
		cj_store_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

void
cj_store_free(struct cj_store *st)
{
	if (!st)
		return;
	cj_db_free(st->db);
	cj_store_session_hints_free(st);
	free(st);
}

int
cj_ctx_begin(struct cj_store *st, struct cj_arena *arena, enum cj_tx_mode mode, struct cj_ctx *ctx,
             struct cj_error *err)
{
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->st = st;
	ctx->arena = arena;
	ctx->username = "";
	rc = cj_db_acquire(st->db, &ctx->conn, err);
	if (rc < 0)
		return rc;
	if (!mode)
		return 0; /* a connection only: the caller begins with cj_ctx_tx */
	rc = cj_ctx_tx(ctx, mode, err);
	if (rc < 0) {
		cj_ctx_finish(ctx, 0, NULL);
		cj_db_release(st->db, ctx->conn);
		ctx->conn = NULL;
	}
	return rc;
}

int
cj_ctx_tx(struct cj_ctx *ctx, enum cj_tx_mode mode, struct cj_error *err)
{
	int rc = cj_tx_begin_tenant(ctx->conn, mode, ctx->tenant_id, err);

	/* On a failure the connection may be inside the transaction still: the caller's
	 * cj_ctx_finish rolls it back (the driver's rollback does nothing outside one). */
	ctx->in_tx = 1;
	return rc;
}

int
cj_ctx_finish(struct cj_ctx *ctx, int commit, struct cj_error *err)
{
	int rc = 0;

	if (ctx->in_tx && commit)
		rc = cj_tx_commit(ctx->conn, err);
	if (ctx->in_tx && (!commit || rc < 0))
		cj_tx_rollback(ctx->conn);
	ctx->in_tx = 0;
	return rc;
}

int
cj_ctx_set_tenant(struct cj_ctx *ctx, int64_t tenant_id, struct cj_error *err)
{
	ctx->tenant_id = tenant_id;
	return cj_conn_set_tenant(ctx->conn, tenant_id, err);
}

void
cj_ctx_batch(struct cj_ctx *ctx)
{
	ctx->batch_creates = 1;
	cj_conn_bulk(ctx->conn);
}

int
cj_ctx_end(struct cj_ctx *ctx, int commit, struct cj_error *err)
{
	int rc;

	if (!ctx->conn)
		return 0;
	rc = cj_ctx_finish(ctx, commit, err);
	cj_db_release(ctx->st->db, ctx->conn);
	ctx->conn = NULL;
	return rc;
}

const struct cj_migration *
cj_store_migrations(const struct cj_store *st)
{
	return strcmp(cj_db_dialect(st->db), "postgres") ? cj_migrations : cj_migrations_pg;
}

/*
 * Migrations: each numbered file runs once, in order, in its own
 * transaction together with its row in schema_migrations.
 */
int
cj_store_migrate(struct cj_store *st, int *applied, struct cj_error *err)
{
	struct cj_conn *c;
	int rc, n = 0;

	rc = cj_db_acquire(st->db, &c, err);
	if (rc < 0)
		return rc;
	rc = cj_conn_exec_script(c,
	                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                         " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
	                         err);
	for (const struct cj_migration *m = cj_store_migrations(st); rc == 0 && m->name; m++) {
		struct cj_stmt *s;
		char now[21];

		if ((rc = cj_tx_begin(c, CJ_TX_WRITE, err)) < 0)
			break;
		rc = cj_stmt_prepare(c, "SELECT 1 FROM schema_migrations WHERE name = ?", &s, err);
		if (rc == 0) {
			cj_stmt_bind_text(s, 1, m->name);
			rc = cj_stmt_step(s, err);
			cj_stmt_free(s);
		}
		if (rc == 0) {
			rc = cj_conn_exec_script(c, m->sql, err);
			if (rc == 0)
				rc = cj_stmt_prepare(
				    c,
				    "INSERT INTO schema_migrations (name, applied_at)"
				    " VALUES (?, ?)",
				    &s, err);
			if (rc == 0) {
				cj_timestamp_now(now);
				cj_stmt_bind_text(s, 1, m->name);
				cj_stmt_bind_text(s, 2, now);
				rc = cj_stmt_step(s, err);
				cj_stmt_free(s);
				n++;
				if (!strcmp(m->name, "0007_audit_chain.sql"))
					st->audit_chain_new = 1;
			}
		}
		if (rc < 0) {
			cj_tx_rollback(c);
			break;
		}
		rc = cj_tx_commit(c, err);
	}
	cj_db_release(st->db, c);
	if (applied)
		*applied = n;
	return rc < 0 ? rc : 0;
}

/*
 * The audit log: one row a write or a full view, and its list; see store.h.
 *
 * The log of each college is a hash chain.  Row k of a college carries its
 * sequence number seq = k, the hash of the row before it (prev_hash; 64
 * zeros for the first) and row_hash = BLAKE2b-256 keyed with a key derived
 * from the store's key file, over a length-prefixed encoding of the tenant,
 * seq, at, user_id, username, action, entity, entity_id, the images and
 * prev_hash.  The row id is not hashed (seq orders the chain), so a row can
 * keep its id when it is moved into another store and chained again there.
 *
 * audit_heads holds one row per college: the number of rows, the last hash
 * and a keyed MAC over both, so that rows cut off the end of a chain show
 * too (unless the head is put back to an earlier value it really had).
 * Appending updates the head first: on PostgreSQL that UPDATE takes the
 * head's row lock, so two transactions of one college append one after
 * the other, in commit order, never both after the same row (a fork); on
 * SQLite writers are serialised by BEGIN IMMEDIATE anyway.  The unique
 * index (tenant_id, seq) refuses a fork whatever happens.
 *
 * Migration 0007 adds the columns and triggers: an audit row cannot be
 * updated (except to receive its chain fields once) nor deleted while its
 * college has a head.  Dropping a whole chain (a college removed empty, or
 * the target tenant of a move) deletes the head first.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"
#include "lib/jsonmem.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The chain's key: derived from the store's keyed-hash key, for this use only. */
static void
chain_key(const struct cj_store *st, unsigned char key[32])
{
	crypto_kdf_derive_from_key(key, 32, 1, "cj_audit", st->keys.hash);
}

static void
put_int(crypto_generichash_state *h, int present, int64_t v)
{
	unsigned char b[9];
	uint64_t u = (uint64_t)v;

	b[0] = (unsigned char)(present != 0);
	for (int i = 0; i < 8; i++)
		b[1 + i] = present ? (unsigned char)(u >> (8 * i)) : 0;
	crypto_generichash_update(h, b, sizeof(b));
}

static void
put_text(crypto_generichash_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_int(h, s != NULL, (int64_t)n);
	if (n)
		crypto_generichash_update(h, (const unsigned char *)s, n);
}

static void
hex_final(crypto_generichash_state *h, char out[65])
{
	unsigned char d[32];

	crypto_generichash_final(h, d, sizeof(d));
	sodium_bin2hex(out, 65, d, sizeof(d));
}

void
cj_audit_row_hash(const struct cj_store *st, int64_t tenant_id, const struct cj_audit_row *r,
                  char out[65])
{
	static const char tag[] = "chanjiao audit row v1";
	crypto_generichash_state h;
	unsigned char key[32];

	chain_key(st, key);
	crypto_generichash_init(&h, key, sizeof(key), 32);
	sodium_memzero(key, sizeof(key));
	crypto_generichash_update(&h, (const unsigned char *)tag, sizeof(tag));
	put_int(&h, 1, tenant_id);
	put_int(&h, 1, r->seq);
	put_text(&h, r->at);
	put_int(&h, r->has_user_id, r->user_id);
	put_text(&h, r->username);
	put_text(&h, r->action);
	put_text(&h, r->entity);
	put_int(&h, r->has_entity_id, r->entity_id);
	put_text(&h, r->before_json);
	put_text(&h, r->after_json);
	put_text(&h, r->prev_hash);
	hex_final(&h, out);
}

static void
head_mac(const struct cj_store *st, int64_t tenant_id, int64_t n, const char *last, char out[65])
{
	static const char tag[] = "chanjiao audit head v1";
	crypto_generichash_state h;
	unsigned char key[32];

	chain_key(st, key);
	crypto_generichash_init(&h, key, sizeof(key), 32);
	sodium_memzero(key, sizeof(key));
	crypto_generichash_update(&h, (const unsigned char *)tag, sizeof(tag));
	put_int(&h, 1, tenant_id);
	put_int(&h, 1, n);
	put_text(&h, last);
	hex_final(&h, out);
}

/*
 * Take the college's head for one more row: its new count (the row's seq)
 * and the last hash so far.  The UPDATE comes first so that it locks the
 * head before anything is read; a college without a head gets one.
 */
static int
head_next(struct cj_ctx *ctx, int64_t *seq, char prev[65], struct cj_error *err)
{
	struct cj_stmt *s;
	char mac[65];
	int rc;

	for (int attempt = 0; attempt < 2; attempt++) {
		prev[0] = '\0';
		rc = cj_stmt_prepare(ctx->conn,
		                     "UPDATE audit_heads SET n = n + 1 WHERE tenant_id = ?"
		                     " RETURNING n, last_hash",
		                     &s, err);
		if (rc < 0)
			return rc;
		cj_stmt_bind_int(s, 1, ctx->tenant_id);
		rc = cj_stmt_step(s, err);
		if (rc > 0) {
			*seq = cj_stmt_int(s, 0);
			snprintf(prev, 65, "%s", cj_stmt_text(s, 1) ? cj_stmt_text(s, 1) : "");
		}
		while (rc > 0)
			rc = cj_stmt_step(s, err);
		cj_stmt_free(s);
		if (rc < 0)
			return rc;
		if (*prev)
			return 0;
		head_mac(ctx->st, ctx->tenant_id, 0, ZERO_HASH, mac);
		rc = cj_q_exec(ctx,
		               "INSERT INTO audit_heads (tenant_id, n, last_hash, mac)"
		               " VALUES (?, 0, ?, ?) ON CONFLICT (tenant_id) DO NOTHING",
		               err, "itt", ctx->tenant_id, ZERO_HASH, mac);
		if (rc < 0)
			return rc;
	}
	return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "audit chain head");
}

int
cj_store_audit_append(struct cj_ctx *ctx, const struct cj_audit_row *row, struct cj_error *err)
{
	struct cj_audit_row r = *row;
	struct cj_stmt *s;
	char prev[65] = "", hash[65], mac[65];
	int rc;

	if ((rc = head_next(ctx, &r.seq, prev, err)) < 0)
		return rc;
	r.prev_hash = prev;
	cj_audit_row_hash(ctx->st, ctx->tenant_id, &r, hash);
	head_mac(ctx->st, ctx->tenant_id, r.seq, hash, mac);
	/* An id of 0 is the database's to choose; a moved row keeps its own. */
	rc = cj_stmt_prepare(
	    ctx->conn,
	    r.id ? "INSERT INTO audit_log (tenant_id, at, user_id, username, action,"
	           " entity, entity_id, before_json, after_json, seq, prev_hash,"
	           " row_hash, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	         : "INSERT INTO audit_log (tenant_id, at, user_id, username, action,"
	           " entity, entity_id, before_json, after_json, seq, prev_hash,"
	           " row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &s, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	cj_stmt_bind_text(s, 2, r.at);
	if (r.has_user_id)
		cj_stmt_bind_int(s, 3, r.user_id);
	else
		cj_stmt_bind_null(s, 3);
	cj_stmt_bind_text(s, 4, r.username);
	cj_stmt_bind_text(s, 5, r.action);
	cj_stmt_bind_text(s, 6, r.entity);
	if (r.has_entity_id)
		cj_stmt_bind_int(s, 7, r.entity_id);
	else
		cj_stmt_bind_null(s, 7);
	cj_stmt_bind_text(s, 8, r.before_json);
	cj_stmt_bind_text(s, 9, r.after_json);
	cj_stmt_bind_int(s, 10, r.seq);
	cj_stmt_bind_text(s, 11, prev);
	cj_stmt_bind_text(s, 12, hash);
	if (r.id)
		cj_stmt_bind_int(s, 13, r.id);
	rc = cj_stmt_step(s, err);
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	return cj_q_exec(ctx, "UPDATE audit_heads SET last_hash = ?, mac = ? WHERE tenant_id = ?",
	                 err, "tti", hash, mac, ctx->tenant_id);
}

int
cj_store_audit(struct cj_ctx *ctx, const char *action, const char *entity, int64_t id,
               json_t *before, json_t *after, struct cj_error *err)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char now[21];
	struct cj_audit_row r = { 0 };
	int rc;

	cj_timestamp_now(now);
	r.at = now;
	r.has_user_id = 1;
	r.user_id = ctx->user_id;
	r.username = ctx->username ? ctx->username : "";
	r.action = action;
	r.entity = entity;
	r.has_entity_id = 1;
	r.entity_id = id;
	r.before_json = b;
	r.after_json = a;
	rc = cj_store_audit_append(ctx, &r, err);
	cj_json_free(b);
	cj_json_free(a);
	return rc;
}

int
cj_store_audit_head_send(struct cj_ctx *ctx, struct cj_stmt **pend, struct cj_error *err)
{
	int rc;

	rc = cj_stmt_prepare(ctx->conn, "SELECT n, last_hash FROM audit_heads WHERE tenant_id = ?",
	                     pend, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(*pend, 1, ctx->tenant_id);
	if ((rc = cj_stmt_send(*pend, err)) < 0) {
		cj_stmt_free(*pend);
		*pend = NULL;
	}
	return rc < 0 ? rc : 0;
}

int
cj_store_audit_head_read(struct cj_stmt *pend, int64_t *n, char last_hash[65], struct cj_error *err)
{
	int rc;

	*n = -1;
	last_hash[0] = '\0';
	if ((rc = cj_stmt_step(pend, err)) > 0) {
		const char *h = cj_stmt_text(pend, 1);

		*n = cj_stmt_int(pend, 0);
		cj_strcopy(last_hash, 65, h);
	}
	cj_stmt_free(pend);
	return rc < 0 ? rc : 0;
}

void
cj_store_audit_head_drop(struct cj_stmt *pend)
{
	cj_stmt_free(pend);
}

int
cj_store_audit_head(struct cj_ctx *ctx, int64_t *n, char last_hash[65], struct cj_error *err)
{
	struct cj_stmt *s;
	int rc;

	*n = -1;
	last_hash[0] = '\0';
	if ((rc = cj_store_audit_head_send(ctx, &s, err)) < 0)
		return rc;
	return cj_store_audit_head_read(s, n, last_hash, err);
}

int
cj_store_audit_drop(struct cj_ctx *ctx, struct cj_error *err)
{
	int rc =
	    cj_q_exec(ctx, "DELETE FROM audit_heads WHERE tenant_id = ?", err, "i", ctx->tenant_id);

	if (rc == 0)
		rc = cj_q_exec(ctx, "DELETE FROM audit_log WHERE tenant_id = ?", err, "i",
		               ctx->tenant_id);
	return rc;
}

#define ROW_COLUMNS                                                                                \
	"SELECT id, seq, at, user_id, username, action, entity, entity_id, before_json,"           \
	" after_json, prev_hash, row_hash FROM audit_log WHERE tenant_id = ?"

static void
row_from(struct cj_stmt *s, struct cj_audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = cj_stmt_int(s, 0);
	r->has_seq = !cj_stmt_is_null(s, 1);
	r->seq = cj_stmt_int(s, 1);
	r->at = cj_stmt_text(s, 2);
	r->has_user_id = !cj_stmt_is_null(s, 3);
	r->user_id = cj_stmt_int(s, 3);
	r->username = cj_stmt_text(s, 4);
	r->action = cj_stmt_text(s, 5);
	r->entity = cj_stmt_text(s, 6);
	r->has_entity_id = !cj_stmt_is_null(s, 7);
	r->entity_id = cj_stmt_int(s, 7);
	r->before_json = cj_stmt_text(s, 8);
	r->after_json = cj_stmt_text(s, 9);
	r->prev_hash = cj_stmt_text(s, 10);
	r->row_hash = cj_stmt_text(s, 11);
}

static int
broken(struct cj_audit_check *out, int64_t id, int64_t seq, const char *why)
{
	out->ok = 0;
	out->bad_id = id;
	out->bad_seq = seq;
	snprintf(out->why, sizeof(out->why), "%s", why);
	return 0;
}

int
cj_store_audit_verify(struct cj_ctx *ctx, int (*each)(void *arg, const struct cj_audit_row *r),
                      void *arg, struct cj_audit_check *out, struct cj_error *err)
{
	struct cj_stmt *s;
	struct cj_audit_row r;
	char prev[65] = ZERO_HASH, hash[65], mac[65], last_hash[65] = "", head_mac_text[65] = "";
	int64_t head_n = -1, last_id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->ok = 1;
	rc = cj_stmt_prepare(
	    ctx->conn, "SELECT n, last_hash, mac FROM audit_heads WHERE tenant_id = ?", &s, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	if ((rc = cj_stmt_step(s, err)) > 0) {
		head_n = cj_stmt_int(s, 0);
		snprintf(last_hash, sizeof(last_hash), "%s", cj_stmt_text(s, 1));
		snprintf(head_mac_text, sizeof(head_mac_text), "%s", cj_stmt_text(s, 2));
	}
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	rc = cj_stmt_prepare(ctx->conn, ROW_COLUMNS " ORDER BY seq, id", &s, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	while (out->ok && (rc = cj_stmt_step(s, err)) > 0) {
		int64_t want = out->rows + 1;

		row_from(s, &r);
		if (!r.has_seq || !r.prev_hash || !r.row_hash)
			broken(out, r.id, r.seq,
			       "the row has no place in the chain (no seq or hash)");
		else if (r.seq != want)
			broken(out, r.id, r.seq,
			       r.seq > want ? "rows before it are missing (its seq skips ahead)"
			                    : "its seq repeats an earlier row's");
		else if (strcmp(r.prev_hash, prev))
			broken(out, r.id, r.seq,
			       "it does not follow the row before it (that row was changed or "
			       "removed)");
		else {
			cj_audit_row_hash(ctx->st, ctx->tenant_id, &r, hash);
			if (!cj_secret_equal(hash, r.row_hash))
				broken(out, r.id, r.seq,
				       "its content does not match its hash (the row was altered)");
		}
		if (!out->ok)
			break;
		if (each && (rc = each(arg, &r)) < 0)
			break;
		snprintf(prev, sizeof(prev), "%s", r.row_hash);
		last_id = r.id;
		out->rows++;
	}
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	snprintf(out->last_hash, sizeof(out->last_hash), "%s", prev);
	if (!out->ok)
		return 0;
	if (head_n < 0)
		return broken(
		    out, last_id, out->rows,
		    "the college's chain head is missing (its log was dropped or never chained)");
	head_mac(ctx->st, ctx->tenant_id, head_n, last_hash, mac);
	if (!cj_secret_equal(mac, head_mac_text))
		return broken(out, last_id, out->rows, "the chain head was altered");
	if (head_n != out->rows || strcmp(last_hash, prev))
		return broken(out, last_id, out->rows,
		              "the log ends before its head (rows at the end were removed)");
	return 0;
}

int
cj_store_audit_verify_colleges(struct cj_store *st, const char *code,
                               void (*report)(void *arg, const char *code,
                                              const struct cj_audit_check *chk),
                               void *arg, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	struct cj_audit_check chk;
	json_t *tenants, *t;
	size_t i;
	int rc;

	if ((rc = cj_ctx_begin(st, a, CJ_TX_READ, &ctx, err)) < 0)
		goto done;
	tenants =
	    code ? cj_q_rows(&ctx, "SELECT id, code FROM tenants WHERE code = ?", "it", &rc, err,
	                     "t", code)
	         : cj_q_rows(&ctx, "SELECT id, code FROM tenants ORDER BY id", "it", &rc, err, "");
	if (tenants && code && !json_array_size(tenants))
		rc = cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "tenant", code);
	json_array_foreach (tenants, i, t) {
		if (rc < 0)
			break;
		if ((rc = cj_ctx_set_tenant(&ctx, json_integer_value(json_object_get(t, "id")),
		                            err)) < 0 ||
		    (rc = cj_store_audit_verify(&ctx, NULL, NULL, &chk, err)) < 0)
			break;
		report(arg, json_string_value(json_object_get(t, "code")), &chk);
	}
	cj_ctx_end(&ctx, 0, NULL);
done:
	cj_arena_free(a);
	return rc;
}

/*
 * Chain every college's rows that have no hash yet (those written before
 * migration 0007), in id order, after whatever chain it already has, and
 * give every college a head.  Runs at every open of the store, once the key
 * is known to be the database's own, as the tenants one by one (row-level
 * security on PostgreSQL).  Unless all (right after migration 0007, when
 * every college gets its head, an empty one too), a college with nothing to
 * chain is not touched (a new college gets its head with its first row).
 */
int
cj_store_audit_chain_existing(struct cj_ctx *ctx, int all, struct cj_error *err)
{
	json_t *tenants, *t;
	size_t i;
	int rc = 0;

	tenants = cj_q_rows(ctx, "SELECT id FROM tenants ORDER BY id", "i", &rc, err, "");
	if (!tenants)
		return rc;
	json_array_foreach (tenants, i, t) {
		struct cj_stmt *s, *up = NULL;
		struct cj_audit_row r;
		int64_t seq = 0;
		char prev[65] = "", hash[65], mac[65];

		json_t *todo;

		if ((rc = cj_ctx_set_tenant(ctx, json_integer_value(json_object_get(t, "id")),
		                            err)) < 0)
			return rc;
		/*
		 * A college whose rows are all chained is left alone: this runs at
		 * every open, and must never re-sign a head that was changed (or
		 * removed) behind the server's back.
		 */
		todo = cj_q_rows(ctx,
		                 "SELECT count(*) AS open FROM audit_log WHERE tenant_id = ?"
		                 " AND row_hash IS NULL",
		                 "i", &rc, err, "i", ctx->tenant_id);
		if (!todo)
			return rc;
		if (!all && cj_rec_int(cj_q_first(todo), "open") == 0)
			continue;
		if ((rc = head_next(ctx, &seq, prev, err)) < 0)
			return rc;
		seq--; /* head_next counted one row: the rows below are counted one by one */
		rc = cj_stmt_prepare(ctx->conn, ROW_COLUMNS " AND row_hash IS NULL ORDER BY id", &s,
		                     err);
		if (rc < 0)
			return rc;
		cj_stmt_bind_int(s, 1, ctx->tenant_id);
		while ((rc = cj_stmt_step(s, err)) > 0) {
			row_from(s, &r);
			r.seq = ++seq;
			r.prev_hash = prev;
			cj_audit_row_hash(ctx->st, ctx->tenant_id, &r, hash);
			if (!up &&
			    (rc = cj_stmt_prepare(ctx->conn,
			                          "UPDATE audit_log SET seq = ?, prev_hash = ?,"
			                          " row_hash = ? WHERE tenant_id = ? AND id = ?",
			                          &up, err)) < 0)
				break;
			cj_stmt_reset(up);
			cj_stmt_bind_int(up, 1, r.seq);
			cj_stmt_bind_text(up, 2, prev);
			cj_stmt_bind_text(up, 3, hash);
			cj_stmt_bind_int(up, 4, ctx->tenant_id);
			cj_stmt_bind_int(up, 5, r.id);
			if ((rc = cj_stmt_step(up, err)) < 0)
				break;
			memcpy(prev, hash, sizeof(prev));
		}
		cj_stmt_free(up);
		cj_stmt_free(s);
		if (rc < 0)
			return rc;
		head_mac(ctx->st, ctx->tenant_id, seq, prev, mac);
		rc = cj_q_exec(
		    ctx, "UPDATE audit_heads SET n = ?, last_hash = ?, mac = ? WHERE tenant_id = ?",
		    err, "itti", seq, prev, mac, ctx->tenant_id);
		if (rc < 0)
			return rc;
	}
	return cj_ctx_set_tenant(ctx, 0, err);
}

/*
 * Audit rows of the tenant, newest first, for entity and entity_id when given
 * (NULL, 0: all).  Conditions are added only for what was asked, so that every
 * parameter has a type PostgreSQL can infer.
 */
static json_t *
audit_rows(struct cj_ctx *ctx, const char *select, const char *tail, const char *outtypes,
           const char *entity, int64_t entity_id, int64_t limit, int64_t offset, int *rc,
           struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s;
	int i = 1;

	cj_sbuf_addf(&sql, "%s FROM audit_log WHERE tenant_id = ?%s%s%s", select,
	             entity ? " AND entity = ?" : "", entity_id ? " AND entity_id = ?" : "", tail);
	*rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	cj_sbuf_release(&sql);
	if (*rc < 0)
		return NULL;
	cj_stmt_bind_int(s, i++, ctx->tenant_id);
	if (entity)
		cj_stmt_bind_text(s, i++, entity);
	if (entity_id)
		cj_stmt_bind_int(s, i++, entity_id);
	if (limit) {
		cj_stmt_bind_int(s, i++, limit);
		cj_stmt_bind_int(s, i++, offset);
	}
	return cj_q_collect(ctx, s, outtypes, rc, err);
}

int
cj_store_audit_list(struct cj_ctx *ctx, const char *entity, int64_t entity_id, int64_t page,
                    int64_t size, json_t **items, int64_t *total, struct cj_error *err)
{
	json_t *rows, *row, *cnt;
	size_t i;
	int rc;

	cnt = audit_rows(ctx, "SELECT count(*) AS n", "", "i", entity, entity_id, 0, 0, &rc, err);
	if (!cnt)
		return rc;
	*total = json_integer_value(json_object_get(json_array_get(cnt, 0), "n"));
	rows =
	    audit_rows(ctx,
	               "SELECT id, at, user_id, username, action, entity, entity_id, before_json,"
	               " after_json",
	               " ORDER BY id DESC LIMIT ? OFFSET ?", "ititttitt", entity, entity_id, size,
	               (page - 1) * size, &rc, err);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, row) {
		const char *keys[2][2] = { { "before_json", "before" }, { "after_json", "after" } };

		for (int k = 0; k < 2; k++) {
			json_t *raw = json_object_get(row, keys[k][0]);
			json_t *v = json_is_string(raw)
			                ? json_loads(json_string_value(raw), 0, NULL)
			                : NULL;

			json_object_set_new(row, keys[k][1], v ? v : json_null());
			json_object_del(row, keys[k][0]);
		}
	}
	*items = rows;
	return 0;
}

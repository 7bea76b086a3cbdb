/*
 * Logins and sessions.  A session token is "<tenant id>.<64 hex>"; only a
 * hash of the random part is stored, keyed by (tenant_id, token_hash), so
 * any server process on the same database accepts it and a stolen database
 * does not yield live tokens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"

#define LOGIN_WINDOW       900 /* seconds */
#define LOGIN_MAX_FAILURES 10

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

int
cj_store_tenant_by_code(struct cj_ctx *ctx, const char *code, int64_t *tenant_id,
                        struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, "SELECT id FROM tenants WHERE code = ?", "i", &rc, err, "t", code);
	if (!rows)
		return rc;
	if (json_array_size(rows) == 0)
		return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "tenant", code);
	*tenant_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	return 0;
}

static int
load_principal(struct cj_ctx *ctx, int64_t tenant_id, const char *where, const char *key,
               int64_t *last_seen, char *pwhash, size_t pwlen, struct cj_principal *p,
               struct cj_error *err)
{
	char sql[800];
	json_t *rows, *r;
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT u.id, u.username, u.role, u.department_id, u.enterprise_id, u.active,"
	         " u.password_hash, t.code, t.region_code, %s"
	         " FROM users u JOIN tenants t ON t.id = u.tenant_id %s",
	         last_seen ? "s.last_seen, s.csrf_token" : "0 AS last_seen, '' AS csrf_token",
	         where);
	rows = cj_q_rows(ctx, sql, "ittiibtttit", &rc, err, "it", tenant_id, key);
	if (!rows)
		return rc;
	r = json_array_get(rows, 0);
	if (!r || !json_is_true(json_object_get(r, "active")))
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	memset(p, 0, sizeof(*p));
	p->tenant_id = tenant_id;
	p->user_id = json_integer_value(json_object_get(r, "id"));
	copy(p->username, sizeof(p->username), json_string_value(json_object_get(r, "username")));
	copy(p->role, sizeof(p->role), json_string_value(json_object_get(r, "role")));
	p->department_id = json_integer_value(json_object_get(r, "department_id"));
	p->enterprise_id = json_integer_value(json_object_get(r, "enterprise_id"));
	copy(p->tenant_code, sizeof(p->tenant_code), json_string_value(json_object_get(r, "code")));
	copy(p->tenant_region, sizeof(p->tenant_region),
	     json_string_value(json_object_get(r, "region_code")));
	copy(p->csrf, sizeof(p->csrf), json_string_value(json_object_get(r, "csrf_token")));
	if (last_seen)
		*last_seen = json_integer_value(json_object_get(r, "last_seen"));
	if (pwhash)
		copy(pwhash, pwlen, json_string_value(json_object_get(r, "password_hash")));
	return 0;
}

int
cj_store_login(struct cj_ctx *ctx, const char *tenant_code, const char *username,
               const char *password, char token[100], struct cj_principal *p, struct cj_error *err)
{
	int64_t tenant_id, now = (int64_t)time(NULL);
	char pwhash[200], secret[65], digest[65], created[21];
	json_t *rows;
	int rc;

	if (cj_store_tenant_by_code(ctx, tenant_code, &tenant_id, err) < 0) {
		cj_error_clear(err);
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_LOGIN_FAILED, NULL);
	}
	if ((rc = cj_ctx_set_tenant(ctx, tenant_id, err)) < 0)
		return rc;
	rows = cj_q_rows(ctx,
	                 "SELECT count(*) AS n FROM login_failures"
	                 " WHERE tenant_id = ? AND username = ? AND at > ?",
	                 "i", &rc, err, "iti", tenant_id, username, now - LOGIN_WINDOW);
	if (!rows)
		return rc;
	if (json_integer_value(json_object_get(json_array_get(rows, 0), "n")) >= LOGIN_MAX_FAILURES)
		return cj_error_set(err, CJ_ETOOMANY, CJ_M_TOO_MANY, NULL);
	rc = load_principal(ctx, tenant_id, "WHERE u.tenant_id = ? AND u.username = ?", username,
	                    NULL, pwhash, sizeof(pwhash), p, err);
	/* NEEDSWORK: an unknown user answers faster than a wrong password. */
	if (rc < 0 || !cj_password_verify(pwhash, password)) {
		cj_error_clear(err);
		rc = cj_q_exec(
		    ctx, "INSERT INTO login_failures (tenant_id, username, at) VALUES (?, ?, ?)",
		    err, "iti", tenant_id, username, now);
		if (rc < 0)
			return rc;
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_LOGIN_FAILED, NULL);
	}
	cj_random_hex(secret, 32);
	cj_random_hex(p->csrf, 32);
	cj_token_digest(secret, digest);
	cj_timestamp_now(created);
	rc = cj_q_exec(
	    ctx,
	    "INSERT INTO sessions (tenant_id, token_hash, user_id, csrf_token, created_at,"
	    " last_seen) VALUES (?, ?, ?, ?, ?, ?)",
	    err, "ititti", tenant_id, digest, p->user_id, p->csrf, created, now);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "UPDATE users SET last_login_at = ? WHERE tenant_id = ? AND id = ?",
		               err, "tii", created, tenant_id, p->user_id);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "DELETE FROM login_failures WHERE tenant_id = ? AND username = ?",
		               err, "it", tenant_id, username);
	if (rc < 0)
		return rc;
	snprintf(token, 100, "%lld.%s", (long long)tenant_id, secret);
	return 0;
}

static int
split_token(const char *token, int64_t *tenant_id, char digest[65])
{
	const char *dot = token ? strchr(token, '.') : NULL;
	char num[24];

	if (!dot || dot == token || (size_t)(dot - token) >= sizeof(num) || strlen(dot + 1) != 64)
		return -1;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (cj_parse_i64(num, tenant_id) < 0 || *tenant_id <= 0)
		return -1;
	cj_token_digest(dot + 1, digest);
	return 0;
}

int
cj_store_session(struct cj_ctx *ctx, const char *token, int64_t ttl, struct cj_principal *p,
                 struct cj_error *err)
{
	int64_t tenant_id, last_seen, now = (int64_t)time(NULL);
	const char *stmt = NULL;
	char digest[65];
	int rc;

	if (split_token(token, &tenant_id, digest) < 0)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	ctx->tenant_id = tenant_id;
	if ((rc = cj_ctx_tx(ctx, CJ_TX_READ, err)) == 0)
		rc = load_principal(
		    ctx, tenant_id,
		    "JOIN sessions s ON s.tenant_id = u.tenant_id AND s.user_id = u.id"
		    " WHERE s.tenant_id = ? AND s.token_hash = ?",
		    digest, &last_seen, NULL, 0, p, err);
	cj_ctx_finish(ctx, 0, NULL);
	if (rc < 0)
		return rc;
	/* A dead session goes; a live one is touched at most every 30 s, so reads stay reads. */
	if (now - last_seen > ttl)
		stmt = "DELETE FROM sessions WHERE tenant_id = ? AND token_hash = ?";
	else if (now - last_seen >= (ttl / 2 < 30 ? ttl / 2 : 30) || now - last_seen < 0)
		stmt = "UPDATE sessions SET last_seen = ? WHERE tenant_id = ? AND token_hash = ?";
	if (stmt) {
		if ((rc = cj_ctx_tx(ctx, CJ_TX_WRITE, err)) == 0)
			rc = stmt[0] == 'D'
			         ? cj_q_exec(ctx, stmt, err, "it", tenant_id, digest)
			         : cj_q_exec(ctx, stmt, err, "iit", now, tenant_id, digest);
		if (cj_ctx_finish(ctx, rc == 0, err) < 0 && rc == 0)
			rc = -CJ_EBUSY;
		if (rc < 0)
			return rc;
	}
	if (now - last_seen > ttl)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	return 0;
}

int
cj_store_logout(struct cj_ctx *ctx, const char *token, struct cj_error *err)
{
	int64_t tenant_id;
	char digest[65];

	if (split_token(token, &tenant_id, digest) < 0)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	return cj_q_exec(ctx, "DELETE FROM sessions WHERE tenant_id = ? AND token_hash = ?", err,
	                 "it", tenant_id, digest);
}

int
cj_store_principal_json(struct cj_ctx *ctx, const struct cj_principal *p, json_t **out,
                        struct cj_error *err)
{
	json_t *rows, *u, *t;
	int rc;

	rows =
	    cj_q_rows(ctx,
	              "SELECT u.display_name, t.id AS tid, t.code, t.name, t.kind, t.region_code,"
	              " u.staff_id FROM users u JOIN tenants t ON t.id = u.tenant_id"
	              " WHERE u.tenant_id = ? AND u.id = ?",
	              "titttti", &rc, err, "ii", p->tenant_id, p->user_id);
	if (!rows)
		return rc;
	u = json_array_get(rows, 0);
	if (!u)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	t = json_pack("{s:I,s:O,s:O,s:O,s:O}", "id", (json_int_t)p->tenant_id, "code",
	              json_object_get(u, "code"), "name", json_object_get(u, "name"), "kind",
	              json_object_get(u, "kind"), "region_code", json_object_get(u, "region_code"));
	*out = json_pack(
	    "{s:I,s:s,s:O,s:s,s:o,s:o,s:o}", "id", (json_int_t)p->user_id, "username", p->username,
	    "display_name", json_object_get(u, "display_name"), "role", p->role, "tenant", t,
	    "department_id", p->department_id ? json_integer(p->department_id) : json_null(),
	    "enterprise_id", p->enterprise_id ? json_integer(p->enterprise_id) : json_null());
	/* the staff record the user is (a task owner), or null */
	json_object_set(*out, "staff_id", json_object_get(u, "staff_id"));
	cj_ctx_keep(ctx, *out);
	return 0;
}

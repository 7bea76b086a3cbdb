/* Logging in and out; the current user.  See api.h. */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "core/date.h"
#include "lib/util.h"

static int
session_body(struct cj_req *rq, struct cj_resp *rs, int status)
{
	json_t *user, *body;

	if (cj_store_principal_json(&rq->ctx, &rq->who, &user, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	body =
	    json_pack("{s:O,s:s,s:o,s:b}", "user", user, "csrf_token", rq->who.csrf, "permissions",
	              cj_routes_permitted_to(rq->who.role, !strcmp(rq->who.tenant_kind, "bureau")),
	              "must_change_password", rq->who.must_change);
	cj_resp_header(rq, rs, "Cache-Control", "no-store");
	cj_reply_json(rq, rs, status, body);
	json_decref(body);
	return 0;
}

static int
login_field(struct cj_req *rq, const char *key, size_t max, const char **out)
{
	json_t *v = json_object_get(rq->json, key);

	if (!v || !json_is_string(v))
		return cj_error_set(&rq->err, CJ_EINVAL, v ? CJ_M_BAD_TYPE : CJ_M_REQUIRED, key);
	if (json_string_length(v) > max || memchr(json_string_value(v), 0, json_string_length(v)))
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_TOO_LONG, key);
	*out = json_string_value(v);
	return 0;
}

/* The client's address as the HTTP layer gives it; "" when it has none. */
static const char *
client_addr(struct cj_req *rq)
{
	return rq->client_addr ? rq->client_addr : "";
}

/* A 429 with the seconds to wait. */
static int
too_many(struct cj_req *rq, struct cj_resp *rs, int64_t wait)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)(wait > 0 ? wait : 1));
	cj_reply_error(rq, rs, &rq->err);
	cj_resp_header(rq, rs, "Retry-After", v);
	return 0;
}

/* Only the keys of the body that are named; else 400 naming the first other. */
static int
only_fields(struct cj_req *rq, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach (rq->json, k, v) {
		size_t i = 0;

		while (keys[i] && strcmp(keys[i], k))
			i++;
		if (!keys[i])
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_UNKNOWN_FIELD, k);
	}
	return 0;
}

/*
 * The login runs its own transactions (CJ_R_OWNTX): none is open while
 * argon2id runs, so a login does not hold the database's write lock.
 */
int
h_session_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const keys[] = { "tenant", "username", "password", NULL };
	struct cj_login in = { .limits = { rq->app->session_ttl, rq->app->session_max } };
	char cookie[200];
	int rc;

	if (only_fields(rq, keys) < 0 || login_field(rq, "tenant", 64, &in.tenant) < 0 ||
	    login_field(rq, "username", 64, &in.username) < 0 ||
	    login_field(rq, "password", 200, &in.password) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	in.client_addr = client_addr(rq);
	if ((rc = cj_store_login(&rq->ctx, &in, &rq->who, &rq->err)) < 0)
		return rc == -CJ_ETOOMANY ? too_many(rq, rs, in.retry_after)
		                          : cj_reply_error(rq, rs, &rq->err);
	rq->ctx.tenant_id = rq->who.tenant_id;
	snprintf(cookie, sizeof(cookie), "cj_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
	         in.token, rq->secure ? "; Secure" : "");
	cj_resp_header(rq, rs, "Set-Cookie", cookie);
	/* The answer's user is read in a transaction of its own. */
	if (cj_ctx_tx(&rq->ctx, CJ_TX_READ, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	session_body(rq, rs, 200);
	cj_ctx_finish(&rq->ctx, 0, NULL);
	return 0;
}

int
h_session_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	return session_body(rq, rs, 200);
}

int
h_session_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	if (cj_store_logout(&rq->ctx, rq->token, &rq->who, client_addr(rq), &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	cj_resp_header(rq, rs, "Set-Cookie",
	               rq->secure
	                   ? "cj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
	                   : "cj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return cj_reply_empty(rs, 204);
}

/* One's own password: the old one, then the new one (CJ_R_OWNTX, as the login). */
int
h_session_password(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const keys[] = { "old_password", "new_password", NULL };
	const char *old_pw, *new_pw;
	int64_t wait = 0;
	int rc;

	if (only_fields(rq, keys) < 0 || login_field(rq, "old_password", 200, &old_pw) < 0 ||
	    login_field(rq, "new_password", 200, &new_pw) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	rc = cj_store_password_change(&rq->ctx, rq->token, &rq->who, client_addr(rq), old_pw,
	                              new_pw, &wait, &rq->err);
	if (rc < 0)
		return rc == -CJ_ETOOMANY ? too_many(rq, rs, wait)
		                          : cj_reply_error(rq, rs, &rq->err);
	if (cj_ctx_tx(&rq->ctx, CJ_TX_READ, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	session_body(rq, rs, 200);
	cj_ctx_finish(&rq->ctx, 0, NULL);
	return 0;
}

/* A YYYY-MM-DD query parameter, or NULL; <0 with rq->err when it is not a date. */
static int
date_arg(struct cj_req *rq, const char *key, const char **out)
{
	int32_t days;

	*out = cj_req_arg(rq, key);
	if (*out && cj_date_parse(*out, &days) < 0)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, key);
	return 0;
}

int
h_login_log(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const results[] = { "success", "failure",          "throttled",
		                               "logout",  "password_changed", NULL };
	struct cj_login_log_query q = { 0 };
	json_t *items, *body;
	int64_t total;
	size_t i;

	for (int a = 0; a < rq->nargs; a++) {
		const char *k = rq->args[a].key;

		if (strcmp(k, "page") && strcmp(k, "size") && strcmp(k, "sort") &&
		    strcmp(k, "username") && strcmp(k, "result") && strcmp(k, "from") &&
		    strcmp(k, "to")) {
			cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, k);
			return cj_reply_error(rq, rs, &rq->err);
		}
	}
	if (rq->args_overflow)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, NULL),
		       cj_reply_error(rq, rs, &rq->err);
	if (cj_page_args(rq, &q.page, &q.size) < 0 || date_arg(rq, "from", &q.from) < 0 ||
	    date_arg(rq, "to", &q.to) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	q.sort = cj_req_arg(rq, "sort");
	q.username = cj_req_arg(rq, "username");
	if ((q.result = cj_req_arg(rq, "result"))) {
		for (i = 0; results[i] && strcmp(results[i], q.result); i++)
			;
		if (!results[i])
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, "result"),
			       cj_reply_error(rq, rs, &rq->err);
	}
	if (cj_store_login_log(&rq->ctx, &q, &items, &total, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	body = cj_list_body(items, total, q.page, q.size);
	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

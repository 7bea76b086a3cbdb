/* Logging in and out; the current user.  See api.h. */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "lib/util.h"

static int
session_body(struct cj_req *rq, struct cj_resp *rs, int status)
{
	json_t *user, *body;

	if (cj_store_principal_json(&rq->ctx, &rq->who, &user, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	body = json_pack("{s:O,s:s,s:o}", "user", user, "csrf_token", rq->who.csrf, "permissions",
	                 cj_routes_permitted(rq->who.role));
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

int
h_session_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const char *tenant, *username, *password, *k;
	char token[100], cookie[200];
	json_t *v;

	json_object_foreach (rq->json, k, v)
		if (strcmp(k, "tenant") && strcmp(k, "username") && strcmp(k, "password"))
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_UNKNOWN_FIELD, k),
			       cj_reply_error(rq, rs, &rq->err);
	if (login_field(rq, "tenant", 64, &tenant) < 0 ||
	    login_field(rq, "username", 64, &username) < 0 ||
	    login_field(rq, "password", 200, &password) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	/* A failed attempt is counted, so this transaction commits either way. */
	rq->force_commit = 1;
	if (cj_store_login(&rq->ctx, tenant, username, password, token, &rq->who, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	rq->ctx.tenant_id = rq->who.tenant_id;
	snprintf(cookie, sizeof(cookie), "cj_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
	         token, rq->secure ? "; Secure" : "");
	cj_resp_header(rq, rs, "Set-Cookie", cookie);
	return session_body(rq, rs, 200);
}

int
h_session_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	return session_body(rq, rs, 200);
}

int
h_session_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	if (cj_store_logout(&rq->ctx, rq->token, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	cj_resp_header(rq, rs, "Set-Cookie",
	               rq->secure
	                   ? "cj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
	                   : "cj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return cj_reply_empty(rs, 204);
}

/*
 * Routing, authentication, CSRF, roles, the body, and the transaction
 * around each handler; see api.h.
 */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "api/kept.h"
#include "api/multipart.h"
#include "api/routes.h"
#include "api/share.h"
#include "lib/secret.h"
#include "core/module.h"
#include "lib/util.h"
#include "lib/jsonmem.h"

#define SESSION_COOKIE "cj_session"

int
cj_route_match(const char *pattern, const char *path, const char **params, struct cj_arena *a)
{
	int np = 0;

	/* Segment by segment, in one pass over each (every request tries the table in turn). */
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++, path++;
		if (*pattern == ':') {
			const char *se = path;

			while (*se && *se != '/')
				se++;
			if (se == path || np >= 4)
				return 0;
			if (params)
				params[np] = cj_arena_strndup(a, path, (size_t)(se - path));
			np++;
			while (*pattern && *pattern != '/')
				pattern++;
			path = se;
			continue;
		}
		while (*pattern && *pattern != '/' && *pattern == *path)
			pattern++, path++;
		if ((*pattern && *pattern != '/') || (*path && *path != '/'))
			return 0;
	}
	return !*pattern && !*path;
}

static const char *
cookie_value(struct cj_req *rq, const char *name)
{
	const char *h = cj_req_header(rq, "Cookie"), *p;
	size_t n = strlen(name);

	for (p = h; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!strncmp(p, name, n) && p[n] == '=') {
			const char *v = p + n + 1, *end = strchrnul(v, ';');

			return cj_arena_strndup(rq->arena, v, (size_t)(end - v));
		}
		p = strchrnul(p, ';');
	}
	return NULL;
}

static int
is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD");
}

static int
json_content_type(struct cj_req *rq)
{
	const char *ct = cj_req_header(rq, "Content-Type");
	size_t n = strlen("application/json");

	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	return !strncasecmp(ct, "application/json", n) &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int
wants_english(struct cj_req *rq)
{
	const char *h = cj_req_header(rq, "Accept-Language");

	while (h && *h == ' ')
		h++;
	return h && !strncasecmp(h, "en", 2);
}

static int
fail(struct cj_req *rq, struct cj_resp *rs, int code, const struct cj_msg *msg)
{
	cj_error_set(&rq->err, code, msg, NULL);
	return cj_reply_error(rq, rs, &rq->err);
}

static void
principal_in_ctx(struct cj_req *rq)
{
	rq->ctx.tenant_id = rq->who.tenant_id;
	rq->ctx.user_id = rq->who.user_id;
	rq->ctx.username = rq->who.username;
}

static int
authenticate(struct cj_req *rq, struct cj_resp *rs)
{
	struct cj_session_limits lim = { rq->app->session_ttl, rq->app->session_max };
	int rc;

	rq->token = cookie_value(rq, SESSION_COOKIE);
	if (!rq->token)
		return fail(rq, rs, CJ_EUNAUTH, CJ_M_UNAUTH), -1;
	rc = cj_store_session(&rq->ctx, rq->token, &lim, &rq->who, &rq->err);
	if (rc < 0)
		return cj_reply_error(rq, rs, &rq->err), -1;
	principal_in_ctx(rq);
	return 0;
}

/* CSRF, role, a password to change: what the caller's session allows. 0 to go on. */
static int
admit_principal(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const char *csrf;

	if (is_write(rq->method) && !(r->flags & CJ_R_NOCSRF)) {
		csrf = cj_req_header(rq, "X-CSRF-Token");
		if (!csrf || !cj_secret_equal(csrf, rq->who.csrf))
			return fail(rq, rs, CJ_ECSRF, CJ_M_CSRF), -1;
	}
	/* A bureau's users see figures, never records: any other route is not there for them. */
	if (!strcmp(rq->who.tenant_kind, "bureau") && !(r->flags & CJ_R_BUREAU))
		return fail(rq, rs, CJ_ENOTFOUND, CJ_M_NOT_FOUND), -1;
	if (!(r->roles & cj_role_bit(rq->who.role)))
		return fail(rq, rs, CJ_EFORBIDDEN, CJ_M_FORBIDDEN), -1;
	if (rq->who.must_change && !(r->flags & CJ_R_PWCHANGE))
		return fail(rq, rs, CJ_EPWCHANGE, CJ_M_PASSWORD_CHANGE), -1;
	return 0;
}

/* The caller: session, CSRF, role. 0 to go on. */
static int
admit_caller(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	if (r->flags & CJ_R_PUBLIC)
		return 0;
	if (authenticate(rq, rs) < 0)
		return -1;
	return admit_principal(rq, rs, r);
}

/* The body of a route that takes JSON, parsed once. 0 to go on. */
static int
admit_body(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	if (!(r->flags & CJ_R_BODY) || rq->json)
		return 0;
	if (!json_content_type(rq))
		return fail(rq, rs, CJ_EMEDIATYPE, CJ_M_MEDIA_TYPE), -1;
	if (cj_body_parse(rq->arena, rq->body, rq->body_len, &rq->json, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err), -1;
	return 0;
}

/* Checks that need no transaction: session, CSRF, role, body. 0 to go on. */
static int
admit(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	if (admit_caller(rq, rs, r) < 0)
		return -1;
	return admit_body(rq, rs, r);
}

/*
 * The session checked inside the transaction of the work (the request's
 * one transaction): 0 to go on; -1 when answered (the transaction is then
 * the caller's to roll back).
 */
static int
admit_in_tx(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r,
            enum cj_session_care *care)
{
	struct cj_session_limits lim = { rq->app->session_ttl, rq->app->session_max };

	memset(&rq->who, 0, sizeof(rq->who));
	if (cj_store_session_check(&rq->ctx, rq->token, &lim, &rq->who, care, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err), -1;
	principal_in_ctx(rq);
	if (admit_principal(rq, rs, r) < 0)
		return -1;
	return admit_body(rq, rs, r);
}

/*
 * A read started on its token's hint (cj_store_session_hint), where the
 * driver pipelines: the session check is sent first, the handler's
 * statements after it, and all answer in one round trip.  The answer is
 * kept only when the check then names the hint's principal exactly:
 * 1 kept (rs is the handler's, the check's care in *care), 0 not kept
 * (nothing answered, the transaction rolled back: run it the plain way).
 * No answer leaves before the check has passed, the tenant is the token's
 * as in the plain way, and the transaction is read-only.
 */
static int
run_on_hint(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r,
            enum cj_session_care *care)
{
	struct cj_session_limits lim = { rq->app->session_ttl, rq->app->session_max };
	struct cj_session_pending pend;
	struct cj_principal hint, fresh;

	if (!cj_conn_pipelined(rq->ctx.conn) ||
	    cj_store_session_hint(rq->app->store, rq->token, &hint) < 0)
		return 0;
	if (cj_ctx_tx(&rq->ctx, CJ_TX_READ, &rq->err) < 0)
		goto undo;
	if (cj_store_session_send(&rq->ctx, rq->token, &pend, &rq->err) < 0)
		goto undo;
	memcpy(&rq->who, &hint, sizeof(hint));
	principal_in_ctx(rq);
	/* A hint the route refuses is not answered from: the check decides, the plain way. */
	if (admit_principal(rq, rs, r) < 0 || admit_body(rq, rs, r) < 0) {
		cj_store_session_drop(&pend);
		goto undo;
	}
	cj_kept_run(rq->app->kept, rq, rs, r);
	if (cj_store_session_read(&rq->ctx, &pend, &lim, &fresh, care, &rq->err) < 0 ||
	    memcmp(&fresh, &hint, sizeof(fresh)))
		goto undo;
	/* a busy database and the like: the plain way tries again */
	if (rs->status >= 500)
		goto undo;
	return 1;
undo:
	cj_ctx_finish(&rq->ctx, 0, NULL);
	cj_error_clear(&rq->err);
	memset(rs, 0, sizeof(*rs));
	memset(&rq->who, 0, sizeof(rq->who));
	*care = CJ_SESSION_FINE;
	return 0;
}

/*
 * A read the kept answers hold (api/kept.h), answered with no round trip:
 * its session's check and its college's head from the check that stands
 * found for it before the share was asked (rq->stood,
 * cj_store_session_standing), or where the driver does not pipeline from
 * one statement of its own (cj_store_session_head), and the answer from the
 * table when it is still the head's.  1 answered (the check's care in
 * *care); 0 not (nothing answered, rq as it was: run it the plain way,
 * which checks again and decides what to answer when the check failed).
 */
static int
run_kept_at_once(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r,
                 enum cj_session_care *care)
{
	struct cj_session_limits lim = { rq->app->session_ttl, rq->app->session_max };
	int64_t tenant_id = rq->ctx.tenant_id, n;
	struct cj_kept_ask ask;
	char last_hash[65];
	int answered = 0, checked;

	if ((r->flags & CJ_R_BODY) || !cj_kept_may(rq->app->kept, rq, r))
		return 0;
	/* The answer's key names the caller: the check comes first. */
	if (cj_conn_pipelined(rq->ctx.conn))
		checked =
		    rq->stood && cj_store_session_standing(&rq->ctx, rq->stood, &lim, &rq->who,
		                                           care, &n, last_hash, &rq->err) == 0;
	else
		checked = cj_store_session_head(&rq->ctx, rq->token, &lim, &rq->who, care, &n,
		                                last_hash, &rq->err) == 0;
	if (checked) {
		principal_in_ctx(rq);
		if (admit_principal(rq, rs, r) == 0 && cj_kept_ask(rq->app->kept, rq, r, &ask)) {
			answered = cj_kept_answer(rq->app->kept, rq, rs, &ask, n, last_hash);
			cj_kept_ask_release(&ask);
		}
	}
	if (answered)
		return 1;
	cj_error_clear(&rq->err);
	memset(rs, 0, sizeof(*rs));
	memset(&rq->who, 0, sizeof(rq->who));
	rq->ctx.user_id = 0;
	rq->ctx.username = "";
	rq->ctx.tenant_id = tenant_id;
	*care = CJ_SESSION_FINE;
	return 0;
}

/*
 * Group commit (store/walsync.h): what the answer rests on must be durable
 * before it goes.  Every commit the request could have seen is numbered up
 * to cj_walsync_visible now, its own included.  After a failed sync only a
 * request that committed waits (and fails); reads go on.  Taken once,
 * before the session's care, whose write the answer does not rest on.
 */
static void
note_durable(struct cj_req *rq, uint64_t own_before)
{
	struct cj_walsync *s = cj_db_walsync(rq->app->store->db), *mine;
	uint64_t seq, own_seq;

	if (!s || rq->durable_noted)
		return;
	rq->durable_noted = 1;
	if (cj_walsync_failed(s)) {
		if (cj_walsync_thread_last(&mine, &own_seq) != own_before && mine == s)
			rq->durable = s, rq->durable_seq = own_seq;
		return;
	}
	seq = cj_walsync_visible(s);
	if (!cj_walsync_durable(s, seq))
		rq->durable = s, rq->durable_seq = seq;
}

#define ATTEMPTS 3

/* Whether r, called so, writes: its transaction is a write transaction. */
static int
writes(struct cj_req *rq, const struct cj_route *r)
{
	return is_write(rq->method) || (r->flags & CJ_R_WRITE);
}

/*
 * Reads check the session inside their one transaction.  Writes check it
 * first in a read transaction of its own: a stranger's token must never
 * take the write lock, and a write's cost is its commit.
 */
static int
checked_in_tx(struct cj_req *rq, const struct cj_route *r)
{
	return !writes(rq, r) && !(r->flags & (CJ_R_PUBLIC | CJ_R_OWNTX));
}

static void
run(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	enum cj_tx_mode mode = writes(rq, r) ? CJ_TX_WRITE : CJ_TX_READ;
	enum cj_session_care care = CJ_SESSION_FINE;
	int in_tx = checked_in_tx(rq, r);
	struct cj_arena *outer = NULL;
	uint64_t own = cj_walsync_thread_last(NULL, NULL);
	int64_t tenant_id;
	int rc, ok;

	if (r->flags & CJ_R_BULK)
		outer = cj_json_scope_swap(NULL);
	rc = cj_ctx_begin(rq->app->store, rq->arena, 0, &rq->ctx, &rq->err);
	if (rc < 0) {
		cj_reply_error(rq, rs, &rq->err);
		goto out;
	}
	if (in_tx) {
		/* The session is read in the work's transaction, which needs its college first. */
		rq->token = cookie_value(rq, SESSION_COOKIE);
		if (!rq->token || cj_store_session_tenant(rq->token, &tenant_id) < 0) {
			fail(rq, rs, CJ_EUNAUTH, CJ_M_UNAUTH);
			goto out;
		}
		rq->ctx.tenant_id = tenant_id;
	} else if (admit(rq, rs, r) < 0) {
		goto out;
	}
	if (r->flags & CJ_R_OWNTX) {
		r->handler(rq, rs, r);
		goto out;
	}
	if (in_tx && run_kept_at_once(rq, rs, r, &care))
		goto cared;
	if (in_tx && run_on_hint(rq, rs, r, &care)) {
		ok = rs->status < 400 || rq->force_commit;
		if (cj_ctx_finish(&rq->ctx, ok, &rq->err) < 0) {
			/* a read's end: nothing to make durable, but say what failed */
			memset(rs, 0, sizeof(*rs));
			cj_reply_error(rq, rs, &rq->err);
		}
		goto cared;
	}
	/*
	 * One transaction around the session check and the handler, committed
	 * only on success.  A serialization failure or a lock that would not
	 * come (503 busy) runs it again on a fresh transaction, a few times.
	 */
	for (int attempt = 1;; attempt++) {
		cj_error_clear(&rq->err);
		memset(rs, 0, sizeof(*rs));
		if (cj_ctx_tx(&rq->ctx, mode, &rq->err) < 0) {
			cj_ctx_finish(&rq->ctx, 0, NULL);
			if (rq->err.code == CJ_EBUSY && attempt < ATTEMPTS)
				continue;
			cj_reply_error(rq, rs, &rq->err);
			break;
		}
		if (in_tx && admit_in_tx(rq, rs, r, &care) < 0) {
			cj_ctx_finish(&rq->ctx, 0, NULL);
			if (rq->err.code == CJ_EBUSY && attempt < ATTEMPTS)
				continue;
			break;
		}
		cj_kept_run(rq->app->kept, rq, rs, r);
		if (rs->status == 503 && rq->err.code == CJ_EBUSY && attempt < ATTEMPTS) {
			cj_ctx_finish(&rq->ctx, 0, NULL);
			continue;
		}
		ok = rs->status < 400 || rq->force_commit;
		cj_error_clear(&rq->err);
		if (cj_ctx_finish(&rq->ctx, ok, &rq->err) < 0) {
			if (rq->err.code == CJ_EBUSY && attempt < ATTEMPTS)
				continue;
			/* Nothing was acknowledged: the client sees the failure, not the success.
			 */
			memset(rs, 0, sizeof(*rs));
			cj_reply_error(rq, rs, &rq->err);
		}
		break;
	}
cared:
	note_durable(rq, own);
	/* A touch of last_seen every 30 s, or a dead session's removal, after the work. */
	if (care != CJ_SESSION_FINE) {
		struct cj_error e2 = { 0 };

		cj_store_session_care(&rq->ctx, rq->token, care, &e2);
	}
out:
	note_durable(rq, own);
	cj_ctx_end(&rq->ctx, 0, NULL);
	if (r->flags & CJ_R_BULK)
		cj_json_scope(outer);
}

int
cj_api_admit_head(struct cj_req *rq, struct cj_resp *rs)
{
	const struct cj_route *r = cj_route_find(rq->method, rq->path);
	int rc;

	if (!r || !(r->flags & CJ_R_UPLOAD) || (r->flags & CJ_R_PUBLIC))
		return 0;
	rq->english = wants_english(rq);
	rc = cj_ctx_begin(rq->app->store, rq->arena, 0, &rq->ctx, &rq->err);
	if (rc < 0) {
		cj_reply_error(rq, rs, &rq->err);
	} else {
		rc = admit_caller(rq, rs, r);
		cj_ctx_end(&rq->ctx, 0, NULL);
	}
	/* cj_api_handle starts afresh. */
	memset(&rq->ctx, 0, sizeof(rq->ctx));
	memset(&rq->who, 0, sizeof(rq->who));
	rq->token = NULL;
	cj_error_clear(&rq->err);
	return rc < 0 ? -1 : 1;
}

int
cj_api_is_slow(const char *method, const char *path)
{
	const struct cj_route *r = cj_route_find(method, path);

	return r && (r->flags & CJ_R_SLOW);
}

/* The route tables: the platform's, then each module's, in the order of src/modules.h. */
static const struct cj_route *
route_table(size_t i)
{
	if (i == 0)
		return cj_platform_routes;
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		if (--i == 0)
			return (*m)->routes;
	return NULL;
}

const struct cj_route *
cj_route_at(size_t i)
{
	for (size_t t = 0; route_table(t); t++)
		for (const struct cj_route *r = route_table(t); r->method; r++)
			if (i-- == 0)
				return r;
	return NULL;
}

/*
 * The routes a path may match, found without trying the whole table: the
 * routes are grouped by the segment after /api/v1/ ("enterprises").  A
 * group holds, in the table's order, its own routes and every route whose
 * pattern has no such literal segment (a parameter there, or another
 * prefix); a path without a group of its own tries only the latter.
 */
#define API_PREFIX "/api/v1/"

struct route_group {
	const char *seg; /* NULL: the routes without a literal segment */
	size_t seg_len, n;
	const struct cj_route **routes;
};

static struct route_group *groups;
static size_t ngroups;
static pthread_once_t groups_once = PTHREAD_ONCE_INIT;

/* The literal segment after API_PREFIX in s (a pattern or a path), or NULL (*len 0). */
static const char *
first_segment(const char *s, size_t *len, int pattern)
{
	*len = 0;
	if (strncmp(s, API_PREFIX, sizeof(API_PREFIX) - 1))
		return NULL;
	s += sizeof(API_PREFIX) - 1;
	if (pattern && *s == ':')
		return NULL;
	*len = strcspn(s, "/");
	return *len ? s : NULL;
}

/* The group of the segment seg[0..len), or 0 (the routes without a literal segment). */
static size_t
group_named(const char *seg, size_t len)
{
	for (size_t k = 1; k < ngroups; k++)
		if (groups[k].seg_len == len && !memcmp(groups[k].seg, seg, len))
			return k;
	return 0;
}

static void
group_add(struct route_group *g, const struct cj_route *r)
{
	g->routes = cj_xrealloc(g->routes, (g->n + 1) * sizeof(*g->routes));
	g->routes[g->n++] = r;
}

static void
groups_build(void)
{
	const struct cj_route *r;
	const char *seg;
	size_t i, k, len;

	/* group 0: the routes without a literal segment; then one per segment */
	groups = cj_xcalloc(1, sizeof(*groups));
	ngroups = 1;
	for (i = 0; (r = cj_route_at(i)); i++) {
		if ((seg = first_segment(r->pattern, &len, 1)) && !group_named(seg, len)) {
			groups = cj_xrealloc(groups, (ngroups + 1) * sizeof(*groups));
			groups[ngroups++] = (struct route_group){ seg, len, 0, NULL };
		}
	}
	for (i = 0; (r = cj_route_at(i)); i++) {
		if ((seg = first_segment(r->pattern, &len, 1)))
			group_add(&groups[group_named(seg, len)], r);
		else
			for (k = 0; k < ngroups; k++)
				group_add(&groups[k], r);
	}
}

/* The routes path may match, in the table's order. */
static const struct route_group *
group_of(const char *path)
{
	size_t len;
	const char *seg;

	pthread_once(&groups_once, groups_build);
	seg = first_segment(path, &len, 0);
	return &groups[seg ? group_named(seg, len) : 0];
}

const struct cj_route *
cj_route_find(const char *method, const char *path)
{
	const struct route_group *g = group_of(path);

	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->routes[i]->method, method) &&
		    cj_route_match(g->routes[i]->pattern, path, NULL, NULL))
			return g->routes[i];
	return NULL;
}

json_t *
cj_routes_permitted(const char *role)
{
	return cj_routes_permitted_to(role, 0);
}

json_t *
cj_routes_permitted_to(const char *role, int bureau)
{
	unsigned bit = cj_role_bit(role);
	json_t *out = json_array();

	for (size_t t = 0; route_table(t); t++)
		for (const struct cj_route *r = route_table(t); r->method; r++) {
			if (bureau && !(r->flags & CJ_R_BUREAU))
				continue;
			if (!(r->flags & CJ_R_PUBLIC) && (r->roles & bit))
				json_array_append_new(out,
				                      json_sprintf("%s %s", r->method, r->pattern));
		}
	return out;
}

void
cj_api_handle(struct cj_req *rq, struct cj_resp *rs)
{
	const struct route_group *g = group_of(rq->path);
	const struct cj_route *found = NULL;
	int path_matched = 0;

	rq->english = wants_english(rq);
	for (size_t i = 0; !found && i < g->n; i++) {
		const struct cj_route *r = g->routes[i];
		const char *params[4] = { 0 };

		if (strcmp(r->method, rq->method) ||
		    !cj_route_match(r->pattern, rq->path, params, rq->arena))
			continue;
		memcpy(rq->params, params, sizeof(params));
		found = r;
	}
	/* none of the method: 405 when another method's route has the path */
	for (size_t i = 0; !found && !path_matched && i < g->n; i++)
		path_matched = cj_route_match(g->routes[i]->pattern, rq->path, NULL, NULL);
	if (!found) {
		if (path_matched)
			fail(rq, rs, CJ_EMETHOD, CJ_M_METHOD);
		else
			cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, rq->path),
			    cj_reply_error(rq, rs, &rq->err);
		return;
	}
	run(rq, rs, found);
}

int
cj_api_handle_shared(struct cj_share *sh, struct cj_req *rq, struct cj_resp *rs,
                     void (*hold)(void *arg), void (*done)(void *arg, int answered), void *arg)
{
	const struct cj_route *r;
	struct cj_principal hint;
	struct cj_kept_ask ask;
	struct cj_checked *found;

	if (!sh || strcmp(rq->method, "GET"))
		return 0;
	r = cj_route_find(rq->method, rq->path);
	/* a read checked in its one transaction, whose answer the table may keep */
	if (!r || !(r->flags & CJ_R_KEEP) || !checked_in_tx(rq, r) ||
	    (r->flags & (CJ_R_BODY | CJ_R_SLOW | CJ_R_BULK)))
		return 0;
	rq->english = wants_english(rq);
	rq->token = cookie_value(rq, SESSION_COOKIE);
	if (!rq->token)
		goto plain;
	/* a check that stands answers on this thread, with no round trip (run_kept_at_once) */
	found = cj_arena_alloc(rq->arena, sizeof(*found));
	if (cj_store_session_stands(rq->app->store, rq->token, found)) {
		rq->stood = found;
		goto plain;
	}
	if (cj_store_session_hint(rq->app->store, rq->token, &hint) < 0)
		goto plain;
	memcpy(&rq->who, &hint, sizeof(hint));
	/* A hint the route refuses is not answered from: the check decides, the plain way. */
	if (admit_principal(rq, rs, r) < 0 || !cj_kept_ask(rq->app->kept, rq, r, &ask))
		goto plain;
	if (cj_share_queue(sh, rq, rs, &ask, hold, done, arg))
		return 1;
plain:
	memset(rs, 0, sizeof(*rs));
	memset(&rq->who, 0, sizeof(rq->who));
	cj_error_clear(&rq->err);
	rq->token = NULL;
	return 0;
}

int
cj_api_durable_now(struct cj_req *rq)
{
	return !rq->durable || cj_walsync_durable(rq->durable, rq->durable_seq);
}

int
cj_api_durable_later(struct cj_req *rq, struct cj_walsync_waiter *w,
                     void (*cb)(void *arg, int durable), void *arg)
{
	if (!rq->durable)
		return 1;
	return cj_walsync_notify(rq->durable, rq->durable_seq, w, cb, arg);
}

void
cj_api_not_durable(struct cj_req *rq, struct cj_resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	cj_error_clear(&rq->err);
	cj_error_set(&rq->err, CJ_EINTERNAL, CJ_M_NOT_DURABLE, NULL);
	cj_reply_error(rq, rs, &rq->err);
}

void
cj_api_durable_wait(struct cj_req *rq, struct cj_resp *rs)
{
	if (rq->durable && cj_walsync_wait(rq->durable, rq->durable_seq) < 0)
		cj_api_not_durable(rq, rs);
}

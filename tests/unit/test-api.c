/*
 * api/: body parsing and record decoding (JSON in), and the router with its
 * checks, driven through cj_api_handle on a temporary store without HTTP.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/api.h"
#include "api/kept.h"
#include "api/routes.h"
#include "modules/registry/registry.h"
#include "cli/cli.h"
#include "lib/util.h"

/* ---- decoding ---- */

static json_t *
decode(struct cj_arena *a, const struct cj_entity *e, const char *text, int create,
       struct cj_error *err)
{
	json_t *in = NULL, *rec = NULL;

	cj_error_clear(err);
	if (cj_body_parse(a, text, strlen(text), &in, err) < 0)
		return NULL;
	if (cj_record_decode(a, e, in, create, 1, &rec, err) < 0)
		return NULL;
	return rec;
}

static void
test_body_parse(void **state)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	json_t *v;

	assert_int_equal(cj_body_parse(a, "{\"a\":1}", 7, &v, &err), 0);
	assert_int_equal(cj_body_parse(a, "{\"a\":1,\"a\":2}", 13, &v, &err), -CJ_EBADJSON);
	cj_error_clear(&err);
	assert_int_equal(cj_body_parse(a, "[1]", 3, &v, &err), -CJ_EBADJSON);
	assert_ptr_equal(err.msg, CJ_M_NOT_OBJECT);
	cj_error_clear(&err);
	assert_int_equal(cj_body_parse(a, "{\"a\":\"\xff\"}", 9, &v, &err), -CJ_EBADJSON);
	assert_ptr_equal(err.msg, CJ_M_BAD_UTF8);
	cj_error_clear(&err);
	assert_int_equal(cj_body_parse(a, "{", 1, &v, &err), -CJ_EBADJSON);
	cj_error_clear(&err);
	assert_int_equal(cj_body_parse(a, "", 0, &v, &err), -CJ_EBADJSON);
	cj_arena_free(a);
}

static void
test_decode_enterprise(void **state)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err;
	json_t *r;

	/* full-width, lower case and spaces are normalised */
	r = decode(a, &cj_entity_enterprise,
	           "{\"name\":\" 企业 \",\"uscc\":\" ９１３５０１００ｍ０００１００ｙ４３ \"}", 1,
	           &err);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "uscc")), "91350100M000100Y43");
	assert_string_equal(json_string_value(json_object_get(r, "name")), "企业");
	assert_null(decode(a, &cj_entity_enterprise,
	                   "{\"name\":\"x\",\"uscc\":\"91350100M000100Y44\"}", 1, &err));
	assert_string_equal(err.field, "uscc");
	assert_null(decode(a, &cj_entity_enterprise, "{\"name\":\"x\"}", 1, &err));
	assert_ptr_equal(err.msg, CJ_M_REQUIRED);
	assert_string_equal(err.field, "uscc");
	assert_null(decode(a, &cj_entity_enterprise, "{\"name\":\"x\",\"colour\":1}", 1, &err));
	assert_ptr_equal(err.msg, CJ_M_UNKNOWN_FIELD);
	assert_string_equal(err.field, "colour");
	assert_null(decode(a, &cj_entity_enterprise, "{\"demo\":true}", 0, &err));
	assert_ptr_equal(err.msg, CJ_M_READONLY_FIELD);
	assert_null(decode(a, &cj_entity_enterprise, "{\"size\":\"huge\"}", 0, &err));
	assert_ptr_equal(err.msg, CJ_M_BAD_ENUM);
	assert_null(decode(a, &cj_entity_enterprise, "{\"name\":7}", 0, &err));
	assert_ptr_equal(err.msg, CJ_M_BAD_TYPE);
	/* an update may leave everything out; null clears an optional field */
	r = decode(a, &cj_entity_enterprise, "{\"address\":null}", 0, &err);
	assert_non_null(r);
	assert_true(json_is_null(json_object_get(r, "address")));
	assert_null(decode(a, &cj_entity_enterprise, "{\"name\":null}", 0, &err));
	assert_ptr_equal(err.msg, CJ_M_REQUIRED);
	cj_arena_free(a);
}

static void
test_decode_carrier(void **state)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err;
	json_t *r;

	r = decode(a, &cj_entity_carrier, "{\"kind\":\"training_base\",\"name\":\"基地\"}", 1,
	           &err);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "negotiating");
	assert_null(decode(
	    a, &cj_entity_carrier,
	    "{\"kind\":\"training_base\",\"name\":\"x\",\"valid_to\":\"2023-02-29\"}", 1, &err));
	assert_string_equal(err.field, "valid_to");
	assert_null(decode(a, &cj_entity_carrier, "{\"capacity\":-1}", 0, &err));
	assert_ptr_equal(err.msg, CJ_M_NEGATIVE);
	assert_null(decode(a, &cj_entity_carrier, "{\"capacity\":\"ten\"}", 0, &err));
	assert_string_equal(err.field, "capacity");
	assert_null(decode(a, &cj_entity_carrier,
	                   "{\"partners\":[{\"enterprise_id\":1},{\"enterprise_id\":2}]}", 0,
	                   &err));
	assert_ptr_equal(err.msg, CJ_M_PARTNER_LEAD);
	assert_null(decode(a, &cj_entity_carrier,
	                   "{\"partners\":[{\"enterprise_id\":1,\"lead\":true},"
	                   "{\"enterprise_id\":1}]}",
	                   0, &err));
	assert_ptr_equal(err.msg, CJ_M_PARTNER_DUP);
	assert_null(decode(a, &cj_entity_carrier,
	                   "{\"partners\":[{\"enterprise_id\":1,\"lead\":true,\"x\":1}]}", 0,
	                   &err));
	assert_string_equal(err.field, "partners");
	r = decode(a, &cj_entity_carrier, "{\"partners\":[{\"enterprise_id\":3,\"lead\":true}]}", 0,
	           &err);
	assert_non_null(r);
	assert_int_equal(json_array_size(json_object_get(r, "partners")), 1);
	/* an event's actions must fit their targets */
	assert_null(decode(a, &cj_entity_event,
	                   "{\"actions\":[{\"action\":\"flag_awarded\",\"target_type\":\"carrier\","
	                   "\"target_id\":1}]}",
	                   0, &err));
	assert_ptr_equal(err.msg, CJ_M_ACTION_TARGET);
	cj_arena_free(a);
}

/* ---- the router, on a temporary store ---- */

struct hdr {
	const char *k, *v;
};

static const char *
lookup(void *hctx, const char *name)
{
	for (struct hdr *h = hctx; h->k; h++)
		if (!strcasecmp(h->k, name))
			return h->v;
	return NULL;
}

static char last_cookie[256];
static uint64_t last_durable; /* the last call's commit to be durable (group commit), or 0 */

struct fx {
	struct cj_app app;
	char dir[64];
};

static int
call(struct fx *f, const char *method, const char *path, struct hdr *h, const char *body,
     struct cj_resp *rs, char *out, size_t outlen)
{
	struct cj_req rq = { 0 };
	static struct hdr none[] = { { NULL, NULL } };

	rq.app = &f->app;
	rq.arena = cj_arena_new();
	rq.method = method;
	rq.path = path;
	rq.header = lookup;
	rq.hctx = h ? h : none;
	rq.body = body;
	rq.body_len = body ? strlen(body) : 0;
	memset(rs, 0, sizeof(*rs));
	cj_api_handle(&rq, rs);
	/* as the HTTP layer: the answer goes once what the request wrote is durable */
	cj_api_durable_wait(&rq, rs);
	last_durable = rq.durable_seq;
	snprintf(out, outlen, "%.*s", (int)rs->len, rs->body ? rs->body : "");
	last_cookie[0] = '\0';
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->headers[i].key, "Set-Cookie"))
			snprintf(last_cookie, sizeof(last_cookie), "%s", rs->headers[i].value);
	/* The answer lives in the request's arena: nothing of it is used after this. */
	cj_arena_free(rq.arena);
	rs->body = NULL;
	rs->nheaders = 0;
	return rs->status;
}

static int
setup(void **state)
{
	struct fx *f = cj_xcalloc(1, sizeof(*f));
	struct cj_error err = { 0 };
	char db[96], key[96];

	snprintf(f->dir, sizeof(f->dir), "/tmp/cj-api-unit-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(db, sizeof(db), "%s/t.db", f->dir);
	snprintf(key, sizeof(key), "%s/t.key", f->dir);
	assert_int_equal(cj_store_open(db, key, &f->app.store, &err), 0);
	assert_int_equal(cj_demo_load(f->app.store, &err), 0);
	f->app.session_ttl = 3600;
	f->app.session_max = 3600;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[96];

	cj_store_free(f->app.store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* A path of pattern with each parameter as value ("/api/v1/:list/:id" → "/api/v1/v/v"). */
static void
instance(const char *pattern, const char *value, char *out, size_t len)
{
	size_t n = 0;

	for (const char *p = pattern; *p && n + strlen(value) + 1 < len;) {
		if (*p == ':') {
			n += (size_t)snprintf(out + n, len - n, "%s", value);
			p += strcspn(p, "/");
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

/* The first route of the whole table with method whose pattern matches path. */
static const struct cj_route *
scan(const char *method, const char *path)
{
	const struct cj_route *r;

	for (size_t i = 0; (r = cj_route_at(i)); i++)
		if (!strcmp(r->method, method) && cj_route_match(r->pattern, path, NULL, NULL))
			return r;
	return NULL;
}

/*
 * The router looks a path up among the routes of its first segment only:
 * for every route, instances of its pattern (parameters as a number, as a
 * word, and as another route's segment) and their near misses find what a
 * scan of the whole table in order finds, for every method.
 */
static void
test_route_groups(void **state)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
	static const char *const values[] = { "7", "abc", "enterprises", "health" };
	const struct cj_route *r;
	char path[512], near[520];
	size_t i, tried = 0;

	(void)state;
	for (i = 0; (r = cj_route_at(i)); i++) {
		for (size_t v = 0; v < CJ_ARRAY_SIZE(values); v++) {
			instance(r->pattern, values[v], path, sizeof(path));
			assert_non_null(cj_route_find(r->method, path));
			snprintf(near, sizeof(near), "%s/", path);
			for (size_t m = 0; m < CJ_ARRAY_SIZE(methods); m++) {
				assert_ptr_equal(cj_route_find(methods[m], path),
				                 scan(methods[m], path));
				assert_ptr_equal(cj_route_find(methods[m], near),
				                 scan(methods[m], near));
				tried += 2;
			}
		}
	}
	assert_true(tried > 1000);
	assert_null(cj_route_find("GET", "/api/v1/"));
	assert_null(cj_route_find("GET", "/api/v2/enterprises"));
	assert_null(cj_route_find("GET", ""));
}

static void
test_routes(void **state)
{
	struct fx *f = *state;
	struct cj_resp rs;
	char out[4096];
	struct hdr json[] = { { "Content-Type", "application/json" }, { NULL, NULL } };
	struct hdr text[] = { { "Content-Type", "text/plain" }, { NULL, NULL } };
	struct hdr en[] = { { "Accept-Language", "en-US,en;q=0.9" }, { NULL, NULL } };

	assert_int_equal(call(f, "GET", "/api/v1/health", NULL, NULL, &rs, out, sizeof(out)), 200);
	assert_int_equal(call(f, "GET", "/api/v1/nothing", NULL, NULL, &rs, out, sizeof(out)), 404);
	assert_non_null(strstr(out, "\"not_found\""));
	assert_int_equal(call(f, "PUT", "/api/v1/health", NULL, NULL, &rs, out, sizeof(out)), 405);
	assert_int_equal(call(f, "GET", "/api/v1/carriers", NULL, NULL, &rs, out, sizeof(out)),
	                 401);
	assert_non_null(strstr(out, "未登录"));
	assert_int_equal(call(f, "GET", "/api/v1/carriers", en, NULL, &rs, out, sizeof(out)), 401);
	assert_non_null(strstr(out, "not logged in"));
	/* a trailing slash or an extra segment is another path */
	assert_int_equal(call(f, "GET", "/api/v1/carriers/", NULL, NULL, &rs, out, sizeof(out)),
	                 404);
	assert_int_equal(call(f, "GET", "/api/v1/carriers/1/x", NULL, NULL, &rs, out, sizeof(out)),
	                 404);
	/* the body of a login: type, then JSON, then the credentials */
	assert_int_equal(call(f, "POST", "/api/v1/session", text, "{}", &rs, out, sizeof(out)),
	                 415);
	assert_int_equal(call(f, "POST", "/api/v1/session", json, "{", &rs, out, sizeof(out)), 400);
	assert_non_null(strstr(out, "malformed_json"));
	assert_int_equal(
	    call(f, "POST", "/api/v1/session", json,
	         "{\"tenant\":\"jxjsxy\",\"username\":\"admin\",\"password\":\"nope\"}", &rs, out,
	         sizeof(out)),
	    401);
	assert_int_equal(call(f, "POST", "/api/v1/session", json,
	                      "{\"tenant\":\"jxjsxy\",\"username\":\"admin\","
	                      "\"password\":\"chanjiao2023\"}",
	                      &rs, out, sizeof(out)),
	                 200);
	assert_non_null(strstr(out, "\"csrf_token\""));
	assert_non_null(strstr(last_cookie, "HttpOnly"));
	assert_non_null(strstr(last_cookie, "SameSite=Strict"));
}

/* Log user of the demo college in: its session token into token. */
static void
login_token(struct fx *f, const char *user, char *token, size_t n)
{
	struct hdr json[] = { { "Content-Type", "application/json" }, { NULL, NULL } };
	struct cj_resp rs;
	char out[4096], body[160];
	const char *p;

	snprintf(body, sizeof(body),
	         "{\"tenant\":\"jxjsxy\",\"username\":\"%s\",\"password\":\"chanjiao2023\"}", user);
	assert_int_equal(call(f, "POST", "/api/v1/session", json, body, &rs, out, sizeof(out)),
	                 200);
	p = strstr(last_cookie, "cj_session=");
	assert_non_null(p);
	p += strlen("cj_session=");
	snprintf(token, n, "%.*s", (int)strcspn(p, ";"), p);
}

/*
 * Many sessions of a college checked by one statement (api/share.h): each
 * token gets the principal its own check gives, byte for byte (the share
 * serves a kept answer only when it equals the token's hint), a token that
 * comes twice both times, an unknown token and one of another college
 * none; the statement takes 1 to CJ_SESSIONS_MAX tokens.
 */
static void
test_sessions_checked_together(void **state)
{
	struct fx *f = *state;
	struct cj_session_limits lim = { 3600, 3600 };
	struct cj_principal one, p[6];
	enum cj_session_care care[6], care1;
	struct cj_error err = { 0 };
	char a[128], b[128], bogus[160], other[160];
	const char *tokens[6];
	struct cj_stmt *pend;
	struct cj_ctx ctx;
	int rcs[6];

	login_token(f, "admin", a, sizeof(a));
	login_token(f, "zhoubb", b, sizeof(b));
	/* the same college, a secret nobody was given; another college's number */
	snprintf(bogus, sizeof(bogus), "%.*s%064d", (int)strcspn(a, ".") + 1, a, 7);
	snprintf(other, sizeof(other), "999%s", a);
	tokens[0] = a, tokens[1] = b, tokens[2] = a, tokens[3] = bogus, tokens[4] = other;
	tokens[5] = b;
	assert_int_equal(cj_ctx_begin(f->app.store, NULL, 0, &ctx, &err), 0);
	ctx.tenant_id = strtoll(a, NULL, 10);
	assert_int_equal(cj_ctx_tx(&ctx, CJ_TX_READ, &err), 0);
	assert_int_equal(cj_store_sessions_send(&ctx, tokens, 6, &pend, &err), 0);
	assert_int_equal(
	    cj_store_sessions_read(&ctx, pend, tokens, 6, &lim, NULL, p, care, rcs, &err), 0);
	assert_int_equal(rcs[0], 0);
	assert_int_equal(rcs[1], 0);
	assert_int_equal(rcs[2], 0);
	assert_int_equal(rcs[3], -CJ_EUNAUTH);
	assert_int_equal(rcs[4], -CJ_EUNAUTH);
	assert_int_equal(rcs[5], 0);
	assert_string_equal(p[0].username, "admin");
	assert_string_equal(p[1].username, "zhoubb");
	assert_string_equal(p[1].role, "staff");
	assert_memory_equal(&p[2], &p[0], sizeof(p[0]));
	assert_memory_equal(&p[5], &p[1], sizeof(p[1]));
	assert_int_equal(care[0], CJ_SESSION_FINE);
	/* the principal of the token's own check, byte for byte */
	memset(&one, 0, sizeof(one));
	assert_int_equal(cj_store_session_check(&ctx, b, &lim, &one, &care1, &err), 0);
	assert_memory_equal(&one, &p[1], sizeof(one));
	/* one token alone; none, or more than a statement takes, is refused */
	assert_int_equal(cj_store_sessions_send(&ctx, tokens + 1, 1, &pend, &err), 0);
	assert_int_equal(
	    cj_store_sessions_read(&ctx, pend, tokens + 1, 1, &lim, NULL, p, care, rcs, &err), 0);
	assert_int_equal(rcs[0], 0);
	assert_string_equal(p[0].username, "zhoubb");
	assert_int_equal(cj_store_sessions_send(&ctx, tokens, 0, &pend, &err), -CJ_EINVAL);
	assert_null(pend);
	assert_int_equal(cj_store_sessions_send(&ctx, tokens, CJ_SESSIONS_MAX + 1, &pend, &err),
	                 -CJ_EINVAL);
	cj_ctx_end(&ctx, 0, NULL);
}

static void
test_session_and_csrf(void **state)
{
	struct fx *f = *state;
	struct cj_resp rs;
	char out[8192], cookie[200], csrf[100];
	struct hdr json[] = { { "Content-Type", "application/json" }, { NULL, NULL } };
	const char *p;

	assert_int_equal(call(f, "POST", "/api/v1/session", json,
	                      "{\"tenant\":\"jxjsxy\",\"username\":\"admin\","
	                      "\"password\":\"chanjiao2023\"}",
	                      &rs, out, sizeof(out)),
	                 200);
	p = strstr(out, "\"csrf_token\":\"");
	assert_non_null(p);
	snprintf(csrf, sizeof(csrf), "%.64s", p + strlen("\"csrf_token\":\""));
	snprintf(cookie, sizeof(cookie), "other=1; %.*s", (int)strcspn(last_cookie, ";"),
	         last_cookie);
	{
		struct hdr auth[] = { { "Cookie", cookie }, { NULL, NULL } };
		struct hdr write_nocsrf[] = { { "Cookie", cookie },
			                      { "Content-Type", "application/json" },
			                      { NULL, NULL } };
		struct hdr write[] = { { "Cookie", cookie },
			               { "Content-Type", "application/json" },
			               { "X-CSRF-Token", csrf },
			               { NULL, NULL } };

		assert_int_equal(
		    call(f, "GET", "/api/v1/carriers", auth, NULL, &rs, out, sizeof(out)), 200);
		assert_int_equal(call(f, "POST", "/api/v1/departments", write_nocsrf,
		                      "{\"name\":\"新系\"}", &rs, out, sizeof(out)),
		                 403);
		assert_non_null(strstr(out, "csrf_failed"));
		assert_int_equal(call(f, "POST", "/api/v1/departments", write,
		                      "{\"name\":\"新系\"}", &rs, out, sizeof(out)),
		                 201);
		assert_int_equal(call(f, "POST", "/api/v1/departments", write,
		                      "{\"name\":\"新系\"}", &rs, out, sizeof(out)),
		                 409);
		assert_non_null(strstr(out, "\"field\":\"name\""));
		assert_int_equal(
		    call(f, "GET", "/api/v1/carriers/abc", auth, NULL, &rs, out, sizeof(out)), 404);
		assert_int_equal(
		    call(f, "DELETE", "/api/v1/session", write, NULL, &rs, out, sizeof(out)), 204);
		assert_int_equal(
		    call(f, "GET", "/api/v1/session", auth, NULL, &rs, out, sizeof(out)), 401);
	}
}

/* Log in as the demo's administrator: the Cookie header's value into cookie. */
static void
login(struct fx *f, char *cookie, size_t n)
{
	struct hdr json[] = { { "Content-Type", "application/json" }, { NULL, NULL } };
	struct cj_resp rs;
	char out[8192];

	assert_int_equal(call(f, "POST", "/api/v1/session", json,
	                      "{\"tenant\":\"jxjsxy\",\"username\":\"admin\","
	                      "\"password\":\"chanjiao2023\"}",
	                      &rs, out, sizeof(out)),
	                 200);
	snprintf(cookie, n, "%.*s", (int)strcspn(last_cookie, ";"), last_cookie);
}

/*
 * Kept answers in a table far smaller than what is asked (api/kept.h): it
 * never holds more than its budget, keeps answering what it can, and every
 * answer, kept or not, is the one computed afresh.
 */
static void
test_kept_budget(void **state)
{
	struct fx *f = *state;
	struct cj_resp rs;
	char cookie[200], path[64], out[8192], fresh[8192];
	size_t bytes, answers, budget = 16 * 1024;
	int found = 0;

	f->app.kept = cj_kept_new(budget);
	login(f, cookie, sizeof(cookie));
	{
		struct hdr auth[] = { { "Cookie", cookie }, { NULL, NULL } };
		struct hdr nocache[] = { { "Cookie", cookie },
			                 { "Cache-Control", "no-cache" },
			                 { NULL, NULL } };

		for (int round = 0; round < 2; round++)
			for (int id = 1; id <= 400; id++) {
				int st;

				snprintf(path, sizeof(path), "/api/v1/students/%d", id);
				st = call(f, "GET", path, auth, NULL, &rs, out, sizeof(out));
				assert_int_equal(
				    call(f, "GET", path, nocache, NULL, &rs, fresh, sizeof(fresh)),
				    st);
				assert_string_equal(out, fresh);
				found += st == 200;
				cj_kept_usage(f->app.kept, &bytes, &answers);
				assert_true(bytes <= budget);
			}
	}
	/* the demo's 320 students were found, and the table kept some, not all */
	assert_int_equal(found, 2 * 320);
	cj_kept_usage(f->app.kept, &bytes, &answers);
	assert_true(answers > 0 && bytes > budget / 2);
	assert_true(answers < 320 / 4);
	cj_kept_free(f->app.kept);
	f->app.kept = NULL;
}

static int
fail_sync(void *arg)
{
	(void)arg;
	return -1;
}

/* A sync the test holds until it lets it go. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int entered, go;
} hold = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

static int
held_sync(void *arg)
{
	pthread_mutex_lock(&hold.lock);
	hold.entered = 1;
	pthread_cond_broadcast(&hold.cond);
	while (!hold.go)
		pthread_cond_wait(&hold.cond, &hold.lock);
	pthread_mutex_unlock(&hold.lock);
	return cj_walsync_sync_file(arg);
}

struct poster {
	struct fx *f;
	struct hdr *h;
	int status;
};

static void *
post_department(void *arg)
{
	struct poster *p = arg;
	struct cj_resp rs;
	char out[4096];

	p->status = call(p->f, "POST", "/api/v1/departments", p->h, "{\"name\":\"持有同步系\"}",
	                 &rs, out, sizeof(out));
	return NULL;
}

/*
 * Group commit through the router: a write names its commit, durable
 * before its answer; so does a read that saw a commit not yet synced; a
 * read of synced records or a refused write names none; a write whose
 * sync fails answers 500 not_durable instead of its 201, and no write
 * begins after it while reads go on.
 */
static void
test_group_commit(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_resp rs;
	struct cj_walsync *ws;
	char out[8192], cookie[200], csrf[100];
	struct hdr json[] = { { "Content-Type", "application/json" }, { NULL, NULL } };
	uint64_t commits;
	long syncs;
	const char *p;

	assert_int_equal(cj_db_group_commit(f->app.store->db, &err), 0);
	ws = cj_db_walsync(f->app.store->db);
	assert_non_null(ws);
	assert_int_equal(call(f, "POST", "/api/v1/session", json,
	                      "{\"tenant\":\"jxjsxy\",\"username\":\"admin\","
	                      "\"password\":\"chanjiao2023\"}",
	                      &rs, out, sizeof(out)),
	                 200);
	/* the session's row is committed, and on the disk once the answer is back */
	assert_true(cj_walsync_visible(ws) > 0);
	assert_true(cj_walsync_durable(ws, cj_walsync_visible(ws)));
	p = strstr(out, "\"csrf_token\":\"");
	assert_non_null(p);
	snprintf(csrf, sizeof(csrf), "%.64s", p + strlen("\"csrf_token\":\""));
	snprintf(cookie, sizeof(cookie), "%.*s", (int)strcspn(last_cookie, ";"), last_cookie);
	{
		struct hdr auth[] = { { "Cookie", cookie }, { NULL, NULL } };
		struct hdr write[] = { { "Cookie", cookie },
			               { "Content-Type", "application/json" },
			               { "X-CSRF-Token", csrf },
			               { NULL, NULL } };
		struct poster poster = { f, write, 0 };
		struct cj_req rq = { 0 };
		pthread_t th;
		uint64_t first, seen;

		seen = cj_walsync_visible(ws);
		assert_int_equal(call(f, "POST", "/api/v1/departments", write,
		                      "{\"name\":\"合并提交系\"}", &rs, out, sizeof(out)),
		                 201);
		first = cj_walsync_visible(ws);
		assert_true(first > seen);
		cj_walsync_counts(ws, &syncs, &commits);
		assert_true(syncs >= 1 && commits >= first);
		assert_true(cj_walsync_durable(ws, first));
		assert_int_equal(
		    call(f, "GET", "/api/v1/departments", auth, NULL, &rs, out, sizeof(out)), 200);
		assert_int_equal(last_durable, 0);
		assert_non_null(strstr(out, "合并提交系"));
		/* a refused write commits nothing, and waits for nothing */
		assert_int_equal(call(f, "POST", "/api/v1/departments", write, "{\"name\":\"\"}",
		                      &rs, out, sizeof(out)),
		                 400);
		assert_int_equal(last_durable, 0);

		/* a write whose sync is held; a read meanwhile sees it, and so waits for it */
		cj_walsync_set_sync(ws, held_sync, ws);
		assert_int_equal(pthread_create(&th, NULL, post_department, &poster), 0);
		pthread_mutex_lock(&hold.lock);
		while (!hold.entered)
			pthread_cond_wait(&hold.cond, &hold.lock);
		pthread_mutex_unlock(&hold.lock);
		seen = cj_walsync_visible(ws);
		rq.app = &f->app;
		rq.arena = cj_arena_new();
		rq.method = "GET";
		rq.path = "/api/v1/departments";
		rq.header = lookup;
		rq.hctx = auth;
		memset(&rs, 0, sizeof(rs));
		cj_api_handle(&rq, &rs);
		assert_int_equal(rs.status, 200);
		assert_non_null(strstr(rs.body, "持有同步系"));
		assert_ptr_equal(rq.durable, ws);
		assert_true(rq.durable_seq >= seen);
		assert_false(cj_api_durable_now(&rq));
		pthread_mutex_lock(&hold.lock);
		hold.go = 1;
		pthread_cond_broadcast(&hold.cond);
		pthread_mutex_unlock(&hold.lock);
		pthread_join(th, NULL);
		assert_int_equal(poster.status, 201);
		cj_api_durable_wait(&rq, &rs);
		assert_int_equal(rs.status, 200);
		assert_true(cj_api_durable_now(&rq));
		cj_arena_free(rq.arena);

		/* the disk fails: the write is not acknowledged, and none begins after it */
		cj_walsync_set_sync(ws, fail_sync, NULL);
		assert_int_equal(call(f, "POST", "/api/v1/departments", write,
		                      "{\"name\":\"未落盘系\"}", &rs, out, sizeof(out)),
		                 500);
		assert_true(last_durable > first); /* it waited for its commit, which failed */
		assert_non_null(strstr(out, "确认保存到磁盘"));
		assert_int_equal(cj_walsync_failed(ws), 1);
		assert_int_equal(call(f, "POST", "/api/v1/departments", write,
		                      "{\"name\":\"停写系\"}", &rs, out, sizeof(out)),
		                 500);
		assert_non_null(strstr(out, "写入已停止"));
		assert_int_equal(
		    call(f, "GET", "/api/v1/departments", auth, NULL, &rs, out, sizeof(out)), 200);
		assert_null(strstr(out, "停写系"));
	}
}

/* A path against a route's pattern: whole segments, :parameters never empty, at most four. */
static void
test_route_match(void **state)
{
	static const struct {
		const char *pattern, *path;
		int match;
		const char *first;
	} cases[] = {
		{ "/api/v1/carriers/:id", "/api/v1/carriers/12", 1, "12" },
		{ "/api/v1/carriers/:id", "/api/v1/carriers/", 0, NULL },
		{ "/api/v1/carriers/:id", "/api/v1/carriers", 0, NULL },
		{ "/api/v1/carriers/:id", "/api/v1/carriers/12/x", 0, NULL },
		{ "/api/v1/carriers", "/api/v1/carriers", 1, NULL },
		{ "/api/v1/carriers", "/api/v1/carrier", 0, NULL },
		{ "/api/v1/carriers", "/api/v1/carriersx", 0, NULL },
		{ "/api/v1/carriers", "/api/v1/carriers/", 0, NULL },
		{ "/api/v1/carrier", "/api/v1/carriers", 0, NULL },
		{ "/api/v1/:a/:b/:c/:d", "/api/v1/w/x/y/z", 1, "w" },
		{ "/api/v1/:a/:b/:c/:d/:e", "/api/v1/v/w/x/y/z", 0, NULL },
		{ "/api/v1/regions/:code/dashboard", "/api/v1/regions/330400/dashboard", 1,
		  "330400" },
		{ "/api/v1/regions/:code/dashboard", "/api/v1/regions/330400/dashboards", 0, NULL },
		{ "/api/v1/regions/:code/dashboard", "/api/v1/regions//dashboard", 0, NULL },
		{ "/api/v1/health", "api/v1/health", 0, NULL },
		{ "/", "/", 1, NULL },
	};
	struct cj_arena *a = cj_arena_new();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *params[4] = { 0 };

		assert_int_equal(cj_route_match(cases[i].pattern, cases[i].path, params, a),
		                 cases[i].match);
		if (cases[i].first)
			assert_string_equal(params[0], cases[i].first);
	}
	cj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_parse),
		cmocka_unit_test(test_decode_enterprise),
		cmocka_unit_test(test_decode_carrier),
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_route_groups),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_and_csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_checked_together, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
	};

	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}

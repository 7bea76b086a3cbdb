/*
 * List query parameters: the first byte picks the entity, the second whether
 * the server adds its enterprise scope; the rest is a query string.  It is
 * split and percent-decoded as libmicrohttpd does, admitted by the rules of
 * http/server.c (valid UTF-8, one value per name, at most CJ_MAX_ARGS),
 * read as h_list (api/crud.c) reads it (page, size, q, the filters the store
 * knows), and turned into SQL by cj_where_build (store/filter.c) with a
 * context that has no connection (the WHERE clause needs none).  Every "?"
 * of the clause must have its bound value.
 */
#include <microhttpd.h>

#include "api/api.h"
#include "api/routes.h"
#include "core/entity.h"
#include "fuzz.h"
#include "lib/arena.h"
#include "store/filter.h"

static size_t
placeholders(const char *sql)
{
	size_t n = 0;

	for (; *sql; sql++)
		n += *sql == '?';
	return n;
}

/* Admit one argument as collect_arg in http/server.c does; 0 to stop. */
static int
admit(struct cj_req *rq, char *key, char *value)
{
	MHD_http_unescape(key);
	MHD_http_unescape(value);
	if (!cj_utf8_valid(key, strlen(key)) || !cj_utf8_valid(value, strlen(value)))
		return 0;
	if (rq->nargs >= CJ_MAX_ARGS) {
		rq->args_overflow = 1;
		return 0;
	}
	for (int i = 0; i < rq->nargs; i++)
		if (!strcmp(rq->args[i].key, key))
			return 0;
	rq->args[rq->nargs].key = cj_arena_strdup(rq->arena, key);
	rq->args[rq->nargs].value = cj_arena_strdup(rq->arena, value);
	rq->nargs++;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cj_req rq;
	const struct cj_entity *e;
	struct cj_list_query q = { 0 };
	struct cj_where w;
	struct cj_ctx ctx = { 0 };
	char *qs, *p, *amp;
	int scope, rc;

	if (size < 2)
		return 0;
	e = cj_entity_at(data[0] % cj_entity_count());
	scope = data[1] & 1;
	memset(&rq, 0, sizeof(rq));
	rq.arena = cj_arena_new();
	qs = fuzz_cstr(data + 2, size - 2);
	for (p = qs; p; p = amp) {
		char *eq;

		if ((amp = strchr(p, '&')))
			*amp++ = '\0';
		if (!*p)
			continue;
		if ((eq = strchr(p, '=')))
			*eq++ = '\0';
		if (!admit(&rq, p, eq ? eq : p + strlen(p))) /* no "=": an empty value */
			goto out;                            /* 400 before the handler */
	}

	/* h_list */
	if (cj_page_args(&rq, &q.page, &q.size) < 0) {
		FUZZ_CHECK(rq.err.code == CJ_EINVAL);
		goto out;
	}
	FUZZ_CHECK(q.page >= 1 && q.page <= 1000000 && q.size >= 1 && q.size <= 200);
	if (rq.args_overflow)
		goto out;
	for (int i = 0; i < rq.nargs; i++) {
		const char *k = rq.args[i].key, *v = rq.args[i].value;

		if (!strcmp(k, "page") || !strcmp(k, "size") || !strcmp(k, "sort"))
			continue;
		if (!strcmp(k, "q")) {
			q.q = v;
			continue;
		}
		if (k[0] == '@' || !cj_store_has_filter(e, k))
			goto out; /* 400 */
		cj_list_filter(&q, k, v);
	}
	if (scope)
		cj_list_filter_int(&q, rq.arena, "@enterprise", 7);

	/* cj_store_list, up to its first statement */
	ctx.arena = rq.arena;
	ctx.tenant_id = 1;
	ctx.user_id = 2;
	ctx.username = "fuzz";
	rc = cj_where_build(&ctx, e, &q, &w, &rq.err);
	if (rc < 0) {
		FUZZ_CHECK(rc == -rq.err.code && rq.err.code == CJ_EINVAL);
	} else {
		FUZZ_CHECK(rq.err.code == 0);
		FUZZ_CHECK(placeholders(w.sql.buf) == (size_t)w.nbinds);
		for (int k = 0; k < w.nbinds; k++)
			FUZZ_CHECK(w.binds[k].type == 'i' ||
			           (w.binds[k].type == 't' && w.binds[k].t));
	}
	cj_where_release(&w);
out:
	free(qs);
	cj_arena_free(rq.arena);
	return 0;
}

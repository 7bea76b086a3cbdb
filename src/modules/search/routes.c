/*
 * GET /api/v1/search?q=...: one box over every list the caller may read.
 * It walks the route table for the list routes the caller's role may call,
 * asks each resource's list for its best few matches of q with the
 * resource's own scope (an enterprise contact's enterprise), and answers
 * them grouped by kind.  A student is found by name or student number (its
 * searchable texts), never by ID number or phone.
 */
#include <string.h>

#include "api/routes.h"
#include "lib/util.h"

#define SEARCH_SIZE_MAX 20

/* What tells a match apart besides its name: its searchable texts, joined. */
static json_t *
hint(const struct cj_entity *e, json_t *row)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	json_t *out, *el;
	size_t i;

	for (size_t k = 0; k < e->nfields; k++) {
		const struct cj_field *f = &e->fields[k];
		json_t *v = json_object_get(row, f->name);

		if (!(f->flags & CJ_F_SEARCH) || (f->flags & CJ_F_PII))
			continue;
		if (json_is_string(v)) {
			cj_sbuf_addf(&sb, "%s%s", sb.len ? "、" : "", json_string_value(v));
		} else if (json_is_array(v)) {
			json_array_foreach (v, i, el) {
				const char *key;
				json_t *x;

				json_object_foreach (el, key, x) {
					size_t n = strlen(key);

					if (json_is_string(x) && n > 5 &&
					    !strcmp(key + n - 5, "_name"))
						cj_sbuf_addf(&sb, "%s%s", sb.len ? "、" : "",
						             json_string_value(x));
				}
			}
		}
	}
	out = json_string(sb.buf);
	cj_sbuf_release(&sb);
	return out;
}

static int
h_search(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const char *q = cj_req_arg(rq, "q"), *size_arg = cj_req_arg(rq, "size");
	unsigned role = cj_role_bit(rq->who.role);
	json_t *groups = json_array(), *body;
	const struct cj_entity *seen[64];
	const struct cj_route *lr;
	size_t nseen = 0;
	int64_t size = 5;

	cj_ctx_keep(&rq->ctx, groups);
	if (!q ||
	    (size_arg && (cj_parse_i64(size_arg, &size) < 0 || size < 1 || size > SEARCH_SIZE_MAX)))
		return cj_error_set(&rq->err, CJ_EINVAL, q ? CJ_M_BAD_QUERY : CJ_M_REQUIRED,
		                    q ? "size" : "q"),
		       cj_reply_error(rq, rs, &rq->err);
	for (size_t i = 0; *q && (lr = cj_route_at(i)) != NULL; i++) {
		const struct cj_resource *res = lr->res;
		const struct cj_field *nf;
		struct cj_list_query lq = { .page = 1, .size = size, .q = q };
		json_t *items, *out, *row;
		int64_t total;
		size_t k, dup = 0;

		if (lr->handler != h_list || !res || !(lr->roles & role) ||
		    (res->e->flags & CJ_EF_GLOBAL) || !(nf = cj_entity_name_field(res->e)))
			continue;
		for (k = 0; k < nseen; k++)
			dup |= seen[k] == res->e;
		if (dup || nseen == CJ_ARRAY_SIZE(seen))
			continue;
		seen[nseen++] = res->e;
		if (res->scope_list)
			res->scope_list(rq, &lq);
		if (cj_store_list(&rq->ctx, res->e, &lq, &items, &total, &rq->err) < 0)
			return cj_reply_error(rq, rs, &rq->err);
		if (!total)
			continue;
		out = json_array();
		json_array_foreach (items, k, row) {
			if (res->scope_get && res->scope_get(rq, row) < 0)
				continue;
			json_array_append_new(out, json_pack("{s:O,s:O,s:o}", "id",
			                                     json_object_get(row, "id"), "name",
			                                     json_object_get(row, nf->name), "hint",
			                                     hint(res->e, row)));
		}
		json_array_append_new(groups, json_pack("{s:s,s:s,s:I,s:o}", "kind", res->e->name,
		                                        "path", res->path, "total",
		                                        (json_int_t)total, "items", out));
	}
	body = json_pack("{s:O}", "groups", groups);
	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

const struct cj_route cj_search_routes[] = {
	{ "GET", "/api/v1/search", h_search, 0, CJ_ROLES_COLLEGE | CJ_ROLE_PLATFORM, NULL },
	{ NULL },
};

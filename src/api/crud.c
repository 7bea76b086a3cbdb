/*
 * The generic handlers over the resource table: list, get, create, update,
 * delete, and the audited view of personal information.  A resource adds
 * its own list parameters, its visibility rule and its write rule.
 */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "core/date.h"
#include "core/dict.h"
#include "lib/util.h"

int
cj_path_id_or_reply(struct cj_req *rq, struct cj_resp *rs, int64_t *id)
{
	if (cj_parse_i64(rq->params[0], id) < 0 || *id <= 0) {
		cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, rq->params[0]);
		cj_reply_error(rq, rs, &rq->err);
		return -1;
	}
	return 0;
}

static int
arg_int(struct cj_req *rq, const char *key, int64_t lo, int64_t hi, int64_t def, int64_t *out)
{
	const char *v = cj_req_arg(rq, key);

	*out = def;
	if (!v)
		return 0;
	if (cj_parse_i64(v, out) < 0 || *out < lo || *out > hi)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, key);
	return 0;
}

int
cj_page_args(struct cj_req *rq, int64_t *page, int64_t *size)
{
	int rc = arg_int(rq, "page", 1, 1000000, 1, page);

	if (rc == 0)
		rc = arg_int(rq, "size", 1, 200, 20, size);
	return rc;
}

json_t *
cj_list_body(json_t *items, int64_t total, int64_t page, int64_t size)
{
	return json_pack("{s:O,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)page, "size", (json_int_t)size);
}

int
cj_req_role_is(struct cj_req *rq, const char *role)
{
	return !strcmp(rq->who.role, role);
}

int
cj_staff_owns(struct cj_req *rq, json_t *rec, json_t *old, const char *field)
{
	json_t *dep = rec ? json_object_get(rec, field) : NULL;

	if (!cj_req_role_is(rq, "staff"))
		return 1;
	if (!rq->who.department_id)
		return 0;
	if (old && json_integer_value(json_object_get(old, field)) != rq->who.department_id)
		return 0;
	if (!old && !dep)
		return 0;
	return !dep || json_integer_value(dep) == rq->who.department_id;
}

void
cj_scope_list_enterprise(struct cj_req *rq, struct cj_list_query *q)
{
	if (cj_req_role_is(rq, "enterprise_contact"))
		cj_list_filter_int(q, rq->arena, "@enterprise", rq->who.enterprise_id);
}

static int
own_enterprise(struct cj_req *rq, json_t *rec, const char *field)
{
	if (!cj_req_role_is(rq, "enterprise_contact"))
		return 0;
	return json_integer_value(json_object_get(rec, field)) == rq->who.enterprise_id ? 0 : -1;
}

int
cj_scope_get_enterprise(struct cj_req *rq, json_t *rec)
{
	return own_enterprise(rq, rec, "id");
}

int
cj_scope_get_enterprise_id(struct cj_req *rq, json_t *rec)
{
	return own_enterprise(rq, rec, "enterprise_id");
}

int
cj_may_write_department(struct cj_req *rq, json_t *rec, json_t *old)
{
	return cj_staff_owns(rq, rec, old, "department_id");
}

static int
sort_arg(struct cj_req *rq, const struct cj_entity *e, struct cj_list_query *q)
{
	const char *v = cj_req_arg(rq, "sort");
	const struct cj_field *f;

	q->sort_col = NULL; /* by id; with q, by relevance (store.h) */
	if (!v)
		return 0;
	q->desc = *v == '-';
	if (*v == '-' || *v == '+')
		v++;
	if (!strcmp(v, "id") || !strcmp(v, "created_at") || !strcmp(v, "updated_at")) {
		q->sort_col = cj_arena_strdup(rq->arena, v);
		return 0;
	}
	f = !strcmp(v, "name") ? cj_entity_name_field(e) : cj_entity_field(e, v);
	if (!f || !(f->flags & CJ_F_SORT))
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, "sort");
	q->sort_col = f->name;
	return 0;
}

int
cj_list_query_args(struct cj_req *rq, const struct cj_resource *res, const char *const *skip,
                   struct cj_list_query *q)
{
	memset(q, 0, sizeof(*q));
	if (cj_page_args(rq, &q->page, &q->size) < 0 || sort_arg(rq, res->e, q) < 0)
		return -CJ_EINVAL;
	if (rq->args_overflow)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, NULL);
	for (int i = 0; i < rq->nargs; i++) {
		const char *k = rq->args[i].key, *v = rq->args[i].value;
		int skipped = 0;

		for (const char *const *sk = skip; sk && *sk; sk++)
			skipped |= !strcmp(k, *sk);
		if (skipped || !strcmp(k, "page") || !strcmp(k, "size") || !strcmp(k, "sort"))
			continue;
		if (!strcmp(k, "q")) {
			q->q = v;
			continue;
		}
		/* A filter the store knows; "@" names are the server's own scopes. */
		if (k[0] == '@' || !cj_store_has_filter(res->e, k))
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, k);
		cj_list_filter(q, k, v);
	}
	if (res->scope_list)
		res->scope_list(rq, q);
	return 0;
}

int
h_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	struct cj_list_query q;

	if (cj_list_query_args(rq, r->res, NULL, &q) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_list(rq, rs, r->res->e, &q);
}

int
cj_reply_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_entity *e,
              const struct cj_list_query *q)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;

	cj_sbuf_grow(&sb, 8192);
	if (cj_store_list_write(&rq->ctx, e, q, &sb, &rq->err) < 0) {
		cj_sbuf_release(&sb);
		return cj_reply_error(rq, rs, &rq->err);
	}
	cj_arena_defer(rq->arena, free, sb.buf);
	return cj_reply_text(rs, 200, sb.buf, sb.len);
}

static int
load_visible(struct cj_req *rq, const struct cj_resource *res, int64_t id, enum cj_detail detail,
             json_t **out)
{
	if (cj_store_get(&rq->ctx, res->e, id, detail, out, &rq->err) < 0)
		return -1;
	if (res->scope_get && res->scope_get(rq, *out) < 0) {
		cj_error_clear(&rq->err);
		cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, res->e->name);
		return -1;
	}
	return 0;
}

static int
reply_record(struct cj_req *rq, struct cj_resp *rs, const struct cj_resource *res, int64_t id,
             int status)
{
	json_t *rec;
	char etag[32];

	if (load_visible(rq, res, id, CJ_DETAIL, &rec) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	snprintf(etag, sizeof(etag), "\"%lld\"",
	         (long long)json_integer_value(json_object_get(rec, "version")));
	cj_resp_header(rq, rs, "ETag", etag);
	return cj_reply_json(rq, rs, status, rec);
}

int
h_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	int64_t id;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	return reply_record(rq, rs, r->res, id, 200);
}

static int
forbidden(struct cj_req *rq, struct cj_resp *rs)
{
	cj_error_set(&rq->err, CJ_EFORBIDDEN, CJ_M_FORBIDDEN, NULL);
	return cj_reply_error(rq, rs, &rq->err);
}

/*
 * Whether the caller may write: 1 yes; else the reply is sent (403, or the
 * error a check met, such as a record that is not found) and it is 0.  A
 * check that cannot decide denies.
 */
static int
may_write(struct cj_req *rq, struct cj_resp *rs, const struct cj_resource *res, json_t *rec,
          json_t *old)
{
	int rc = 1;

	if (!(res->write_roles & cj_role_bit(rq->who.role)))
		rc = 0;
	else if (res->may_write)
		rc = res->may_write(rq, rec, old);
	if (rc > 0)
		return 1;
	if (rc < 0 && rq->err.code)
		cj_reply_error(rq, rs, &rq->err);
	else
		forbidden(rq, rs);
	return 0;
}

int
h_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res = r->res;
	json_t *rec;
	int64_t id;
	char loc[96];

	if (cj_record_decode(rq->arena, res->e, rq->json, 1, 0, &rec, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (!may_write(rq, rs, res, rec, NULL))
		return 0;
	if (cj_store_create(&rq->ctx, res->e, rec, &id, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	snprintf(loc, sizeof(loc), "/api/v1/%s/%lld", res->path, (long long)id);
	cj_resp_header(rq, rs, "Location", loc);
	return reply_record(rq, rs, res, id, 201);
}

int
cj_req_version(struct cj_req *rq, int64_t *version)
{
	const char *h = cj_req_header(rq, "If-Match");
	json_t *v = rq->json ? json_object_get(rq->json, "version") : NULL;

	if (h) {
		char buf[32];
		size_t n;

		while (*h == ' ')
			h++;
		if (!strncmp(h, "W/", 2))
			h += 2;
		n = strlen(h);
		if (n >= 2 && h[0] == '"' && h[n - 1] == '"')
			h++, n -= 2;
		if (n == 0 || n >= sizeof(buf))
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_TYPE, "If-Match");
		memcpy(buf, h, n);
		buf[n] = '\0';
		if (cj_parse_i64(buf, version) < 0 || *version <= 0)
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_TYPE, "If-Match");
		return 0;
	}
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_TYPE, "version");
		*version = json_integer_value(v);
		return 0;
	}
	return cj_error_set(&rq->err, CJ_EPRECOND, CJ_M_VERSION_REQUIRED, "version");
}

int
h_update(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res = r->res;
	json_t *rec, *old;
	int64_t id, version;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (load_visible(rq, res, id, CJ_LIST_ROW, &old) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (cj_record_decode(rq->arena, res->e, rq->json, 0, 1, &rec, &rq->err) < 0 ||
	    cj_req_version(rq, &version) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (!may_write(rq, rs, res, rec, old))
		return 0;
	if (cj_store_update(&rq->ctx, res->e, id, version, rec, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return reply_record(rq, rs, res, id, 200);
}

int
h_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_resource *res = r->res;
	int64_t id, version = -1;
	json_t *old;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (load_visible(rq, res, id, CJ_LIST_ROW, &old) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (!may_write(rq, rs, res, NULL, old))
		return 0;
	if (cj_req_header(rq, "If-Match") && cj_req_version(rq, &version) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (cj_store_delete(&rq->ctx, res->e, id, version, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_empty(rs, 204);
}

int
h_pii(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *out;
	int64_t id;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_store_pii(&rq->ctx, r->res->e, id, &out, &rq->err) < 0) {
		/* A sealed value that does not open here is an error, and its audit row stays. */
		rq->force_commit = rq->err.msg == CJ_M_PII_MISPLACED;
		return cj_reply_error(rq, rs, &rq->err);
	}
	cj_resp_header(rq, rs, "Cache-Control", "no-store");
	return cj_reply_json(rq, rs, 200, out);
}

/*
 * Health, the OpenAPI document, the data dictionaries (built-in and the
 * college's own) and the audit log.
 */
#include <stdio.h>
#include <string.h>

#include "api/openapi.h"
#include "api/routes.h"
#include "core/dict.h"
#include "lib/util.h"

int
h_health(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *body = json_pack("{s:s}", "status", "ok");

	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

/* The document is built at its first request and kept (api/openapi.h). */
int
h_openapi(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	size_t len;

	rs->status = 200;
	rs->content_type = "application/json; charset=utf-8";
	rs->body = (char *)cj_openapi_text(&len);
	rs->len = len;
	return 0;
}

static json_t *
builtin_json(const struct cj_dict *d)
{
	json_t *values = json_array();

	for (size_t i = 0; i < d->nvalues; i++)
		json_array_append_new(values,
		                      json_pack("{s:s,s:s,s:s,s:s}", "value", d->values[i].value,
		                                "label_zh", d->values[i].zh, "label_en",
		                                d->values[i].en, "color", d->values[i].color));
	return json_pack("{s:s,s:s,s:s,s:b,s:o}", "name", d->name, "label_zh", d->zh, "label_en",
	                 d->en, "builtin", 1, "values", values);
}

/* The college's own dictionary called name: its id, or 0. */
static int
custom_id(struct cj_req *rq, const char *name, int64_t *id)
{
	return cj_store_dictionary_id(&rq->ctx, name, id, &rq->err);
}

int
h_dict_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	struct cj_list_query q = { .page = 1, .size = 500, .sort_col = "name" };
	json_t *items = json_array(), *custom, *body;
	int64_t total;

	for (size_t i = 0, n = cj_dict_count(); i < n; i++)
		json_array_append_new(items, builtin_json(cj_dict_at(i)));
	if (cj_store_list(&rq->ctx, &cj_entity_dictionary, &q, &custom, &total, &rq->err) < 0) {
		json_decref(items);
		return cj_reply_error(rq, rs, &rq->err);
	}
	json_array_extend(items, custom);
	body = json_pack("{s:o}", "items", items);
	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

static int
builtin_readonly(struct cj_req *rq, struct cj_resp *rs, const char *name)
{
	cj_error_setarg(&rq->err, CJ_EBUILTIN, CJ_M_BUILTIN_DICT, "name", name);
	return cj_reply_error(rq, rs, &rq->err);
}

static int
dict_not_found(struct cj_req *rq, struct cj_resp *rs, const char *name)
{
	cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, name);
	return cj_reply_error(rq, rs, &rq->err);
}

int
h_dict_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const struct cj_dict *d = cj_dict_find(rq->params[0]);
	json_t *rec;
	int64_t id;

	if (d) {
		rec = builtin_json(d);
		cj_reply_json(rq, rs, 200, rec);
		json_decref(rec);
		return 0;
	}
	if (custom_id(rq, rq->params[0], &id) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (!id)
		return dict_not_found(rq, rs, rq->params[0]);
	if (cj_store_get(&rq->ctx, &cj_entity_dictionary, id, CJ_DETAIL, &rec, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, rec);
}

int
h_dict_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *rec, *out;
	int64_t id;
	char loc[120];

	if (cj_record_decode(rq->arena, &cj_entity_dictionary, rq->json, 1, 0, &rec, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (cj_dict_find(json_string_value(json_object_get(rec, "name"))))
		return builtin_readonly(rq, rs, json_string_value(json_object_get(rec, "name")));
	if (cj_store_create(&rq->ctx, &cj_entity_dictionary, rec, &id, &rq->err) < 0 ||
	    cj_store_get(&rq->ctx, &cj_entity_dictionary, id, CJ_DETAIL, &out, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	snprintf(loc, sizeof(loc), "/api/v1/dictionaries/%s",
	         json_string_value(json_object_get(rec, "name")));
	cj_resp_header(rq, rs, "Location", loc);
	return cj_reply_json(rq, rs, 201, out);
}

/*
 * The id of the college's own dictionary named by the path: 0 with *id set;
 * else the reply is sent (a built-in one is read-only, an unknown one is not
 * found) and it is -1.
 */
static int
custom_or_reply(struct cj_req *rq, struct cj_resp *rs, int64_t *id)
{
	if (cj_dict_find(rq->params[0]))
		return builtin_readonly(rq, rs, rq->params[0]), -1;
	if (custom_id(rq, rq->params[0], id) < 0)
		return cj_reply_error(rq, rs, &rq->err), -1;
	if (!*id)
		return dict_not_found(rq, rs, rq->params[0]), -1;
	return 0;
}

int
h_dict_update(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *rec, *out;
	int64_t id, version;

	if (custom_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_record_decode(rq->arena, &cj_entity_dictionary, rq->json, 0, 1, &rec, &rq->err) <
	        0 ||
	    cj_req_version(rq, &version) < 0 ||
	    cj_store_update(&rq->ctx, &cj_entity_dictionary, id, version, rec, &rq->err) < 0 ||
	    cj_store_get(&rq->ctx, &cj_entity_dictionary, id, CJ_DETAIL, &out, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, out);
}

int
h_dict_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	int64_t id;

	if (custom_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_store_delete(&rq->ctx, &cj_entity_dictionary, id, -1, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_empty(rs, 204);
}

int
h_audit_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const char *entity = cj_req_arg(rq, "entity"), *eid = cj_req_arg(rq, "entity_id");
	int64_t page, size, id = 0, total;
	json_t *items, *body;

	for (int i = 0; i < rq->nargs; i++) {
		const char *k = rq->args[i].key;

		if (strcmp(k, "entity") && strcmp(k, "entity_id") && strcmp(k, "page") &&
		    strcmp(k, "size")) {
			cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, k);
			return cj_reply_error(rq, rs, &rq->err);
		}
	}
	if (cj_page_args(rq, &page, &size) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (eid && (cj_parse_i64(eid, &id) < 0 || id <= 0)) {
		cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, "entity_id");
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (cj_store_audit_list(&rq->ctx, entity, id, page, size, &items, &total, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	body = cj_list_body(items, total, page, size);
	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

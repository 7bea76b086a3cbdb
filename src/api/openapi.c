/*
 * The OpenAPI document from the descriptors, the route table, the store's
 * named filters, the dictionaries and the docs; see openapi.h.
 */
#include "api/openapi.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/dict.h"
#include "core/fields.h"
#include "core/module.h"
#include "store/hooks.h"
#include "lib/util.h"
#include "lib/jsonmem.h"

#define REF_PREFIX "#/components/schemas/"

/* ---- the docs' texts ---- */

/* A docs text as JSON (single quotes read as double quotes): a new reference, or NULL. */
static json_t *
parse_text(const char *text, json_error_t *jerr)
{
	size_t n = strlen(text);
	char *buf = cj_xmalloc(n + 1);
	json_t *v;

	for (size_t i = 0; i <= n; i++)
		buf[i] = text[i] == '\'' ? '"' : text[i];
	v = json_loadb(buf, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, jerr);
	free(buf);
	return v;
}

static json_t *
text_json(const char *text, const char *what)
{
	json_error_t jerr;
	json_t *v = parse_text(text, &jerr);

	if (!v)
		CJ_BUG("openapi: the docs of %s do not parse: %s", what, jerr.text);
	return v;
}

/* Member key of the docs object text (which may be NULL), as a new reference, or NULL. */
static json_t *
text_member(const char *text, const char *key, const char *what)
{
	json_t *o, *v;

	if (!text)
		return NULL;
	o = text_json(text, what);
	v = json_incref(json_object_get(o, key));
	json_decref(o);
	return v;
}

/* ---- who documents what ---- */

static int
generic(const struct cj_route *r)
{
	return r->res && (r->handler == h_list || r->handler == h_get || r->handler == h_create ||
	                  r->handler == h_update || r->handler == h_delete || r->handler == h_pii);
}

/* The module whose table holds r, or NULL for the platform's. */
static const struct cj_module *
route_module(const struct cj_route *r)
{
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_route *p = (*m)->routes; p && p->method; p++)
			if (p == r)
				return *m;
	return NULL;
}

static const struct cj_docs *
module_docs(const struct cj_module *m)
{
	return m ? m->docs : &cj_platform_docs;
}

static const struct cj_route_doc *
route_doc(const struct cj_route *r)
{
	const struct cj_docs *d = module_docs(route_module(r));

	for (const struct cj_route_doc *rd = d ? d->routes : NULL; rd && rd->method; rd++)
		if (!strcmp(rd->method, r->method) && !strcmp(rd->pattern, r->pattern))
			return rd;
	return NULL;
}

/* Every docs table: the platform's, then each module's; NULL past the last. */
static const struct cj_docs *
docs_at(size_t i)
{
	if (i == 0)
		return &cj_platform_docs;
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		if ((*m)->docs && --i == 0)
			return (*m)->docs;
	return NULL;
}

static const struct cj_entity_doc *
entity_doc(const struct cj_entity *e)
{
	const struct cj_docs *d;

	for (size_t i = 0; (d = docs_at(i)); i++)
		for (const struct cj_entity_doc *ed = d->entities; ed && ed->entity; ed++)
			if (!strcmp(ed->entity, e->name))
				return ed;
	return NULL;
}

/* ---- names ---- */

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* "key_project" -> "KeyProject" + suffix */
static char *
schema_name(const struct cj_entity *e, const char *suffix)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	int up = 1;

	for (const char *p = e->name; *p; p++) {
		if (*p == '_') {
			up = 1;
			continue;
		}
		cj_sbuf_addch(&sb, up ? upper(*p) : *p);
		up = 0;
	}
	cj_sbuf_adds(&sb, suffix);
	return cj_sbuf_detach(&sb);
}

static json_t *
ref_to(const char *name)
{
	json_t *o = json_object();

	json_object_set_new(o, "$ref", json_sprintf(REF_PREFIX "%s", name));
	return o;
}

static json_t *
entity_ref(const struct cj_entity *e, const char *suffix)
{
	char *n = schema_name(e, suffix);
	json_t *o = ref_to(n);

	free(n);
	return o;
}

static json_t *
dict_ref(const char *dict)
{
	char name[96];

	snprintf(name, sizeof(name), "dict.%s", dict);
	return ref_to(name);
}

/* "/api/v1/carriers/:id" -> "/api/v1/carriers/{id}" */
static char *
openapi_path(const char *pattern)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;

	for (const char *p = pattern; *p; p++) {
		if (*p != ':') {
			cj_sbuf_addch(&sb, *p);
			continue;
		}
		cj_sbuf_addch(&sb, '{');
		while (p[1] && p[1] != '/')
			cj_sbuf_addch(&sb, *++p);
		cj_sbuf_addch(&sb, '}');
	}
	return cj_sbuf_detach(&sb);
}

/* "POST /api/v1/progress-reports/:id/approve" -> "post_progress_reports_id_approve" */
static char *
operation_id(const char *method, const char *pattern)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	const char *p = pattern;

	for (const char *m = method; *m; m++)
		cj_sbuf_addch(&sb, (char)(*m | 0x20));
	if (!strncmp(p, "/api/v1", 7))
		p += 7;
	for (; *p; p++) {
		if (*p == '/' || *p == '-')
			cj_sbuf_addch(&sb, '_');
		else if (*p != ':')
			cj_sbuf_addch(&sb, *p);
	}
	return cj_sbuf_detach(&sb);
}

/* ---- dictionaries ---- */

static json_t *
dict_schema(const struct cj_dict *d)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	json_t *s = json_object(), *values = json_array();

	cj_sbuf_addf(&sb, "数据字典 `%s`（%s / %s）：", d->name, d->zh, d->en);
	for (size_t i = 0; i < d->nvalues; i++) {
		json_array_append_new(values, json_string(d->values[i].value));
		cj_sbuf_addf(&sb, "%s`%s` %s (%s)", i ? "; " : "", d->values[i].value,
		             d->values[i].zh, d->values[i].en);
	}
	cj_sbuf_addch(&sb, '.');
	json_object_set_new(s, "type", json_string("string"));
	json_object_set_new(s, "enum", values);
	json_object_set_new(s, "description", json_string(sb.buf));
	cj_sbuf_release(&sb);
	return s;
}

/* ---- fields ---- */

enum shape {
	OUTPUT,
	CREATE,
	UPDATE,
};

/* Allow null in a schema: a type gains "null", anything else is one of it or null. */
static json_t *
nullable(json_t *s)
{
	json_t *t = json_object_get(s, "type"), *any, *o;

	if (json_is_string(t)) {
		json_object_set_new(s, "type", json_pack("[s,s]", json_string_value(t), "null"));
		return s;
	}
	any = json_pack("[o,{s:s}]", s, "type", "null");
	o = json_object();
	json_object_set_new(o, "anyOf", any);
	return o;
}

static const char *
norm_text(cj_normalize_fn fn)
{
	if (fn == cj_norm_uscc)
		return "A unified social credit code (统一社会信用代码, GB 32100-2015, check "
		       "character verified; full-width and lower-case letters are normalised) or "
		       "an old 15-digit registration number.";
	if (fn == cj_norm_region)
		return "A 6-digit administrative region code (行政区划代码, GB/T 2260).";
	if (fn == cj_norm_industry)
		return "An industry code (国民经济行业分类, GB/T 4754-2017): a section letter, "
		       "optionally with its division, group or class digits.";
	return NULL;
}

/* The description of a field: its doc, then what its flags say. */
static char *
field_text(const struct cj_entity *e, const struct cj_field *f, const struct cj_entity_doc *ed,
           enum shape shape)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	json_t *t = ed ? text_member(ed->fields, f->name, e->name) : NULL;

	if (json_is_string(t))
		cj_sbuf_addf(&sb, "%s ", json_string_value(t));
	json_decref(t);
	if (f->norm && norm_text(f->norm))
		cj_sbuf_addf(&sb, "%s ", norm_text(f->norm));
	if (f->type == CJ_T_REF)
		cj_sbuf_addf(&sb, "The id of a record of `%s` in the same college. ", f->arg);
	if (f->type == CJ_T_TEXT && f->max && shape != OUTPUT)
		cj_sbuf_addf(&sb,
		             "Trimmed; at most %lld characters; an empty text is stored as null. ",
		             (long long)f->max);
	if (f->flags & CJ_F_PII)
		cj_sbuf_adds(&sb,
		             "Personal information: sealed at rest and always answered masked; "
		             "in full only through the audited `/pii` view. ");
	if (f->flags & CJ_F_UNIQUE)
		cj_sbuf_adds(&sb, "Unique in the college (409 `duplicate`). ");
	if (f->flags & CJ_F_FIXED)
		cj_sbuf_adds(&sb, "Fixed after creation. ");
	if ((f->flags & CJ_F_DEFAULT) && shape == CREATE)
		cj_sbuf_addf(&sb, "Default `%s`. ", f->def);
	if (f->flags & CJ_F_RO)
		cj_sbuf_adds(&sb, "Set by the server. ");
	if (sb.len)
		sb.buf[--sb.len] = '\0';
	return cj_sbuf_detach(&sb);
}

static json_t *
field_schema(const struct cj_entity *e, const struct cj_field *f, const struct cj_entity_doc *ed,
             enum shape shape)
{
	json_t *s = json_object(), *items;
	char *text;

	switch (f->type) {
	case CJ_T_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		if (f->max && !(f->flags & CJ_F_PII))
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case CJ_T_INT:
		json_object_set_new(s, "type", json_string("integer"));
		/* A field the server sets may have no range (0, 0). */
		if (f->min < f->max) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			json_object_set_new(s, "maximum", json_integer(f->max));
		}
		break;
	case CJ_T_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case CJ_T_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case CJ_T_ENUM:
		json_decref(s);
		s = dict_ref(f->arg);
		break;
	case CJ_T_REF:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(1));
		break;
	case CJ_T_LIST:
		items = ed ? text_member(ed->items, f->name, e->name) : NULL;
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", items ? items : json_object());
		if (shape != OUTPUT)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	}
	/* A field that is not required may be null, and an answer shows it so. */
	if (!(f->flags & CJ_F_REQ) && !(shape == OUTPUT && f->type == CJ_T_LIST))
		s = nullable(s);
	text = field_text(e, f, ed, shape);
	if (*text)
		json_object_set_new(s, "description", json_string(text));
	free(text);
	if (shape == OUTPUT && (f->flags & CJ_F_RO))
		json_object_set_new(s, "readOnly", json_true());
	if (shape != OUTPUT && (f->flags & CJ_F_WO))
		json_object_set_new(s, "writeOnly", json_true());
	return s;
}

static void
system_fields(json_t *props, json_t *req, int first)
{
	if (first) {
		json_object_set_new(props, "id",
		                    json_pack("{s:s,s:i,s:b,s:s}", "type", "integer", "minimum", 1,
		                              "readOnly", 1, "description", "The record's id."));
		json_array_append_new(req, json_string("id"));
		return;
	}
	json_object_set_new(props, "version",
	                    json_pack("{s:s,s:i,s:b,s:s}", "type", "integer", "minimum", 1,
	                              "readOnly", 1, "description",
	                              "Optimistic-concurrency version: 1 on creation, raised by "
	                              "every update; also the `ETag` of a record's answer."));
	json_object_set_new(props, "created_at",
	                    json_pack("{s:s,s:s,s:b,s:s}", "type", "string", "format", "date-time",
	                              "readOnly", 1, "description", "Creation time (UTC)."));
	json_object_set_new(props, "updated_at",
	                    json_pack("{s:s,s:s,s:b,s:s}", "type", "string", "format", "date-time",
	                              "readOnly", 1, "description", "Last update time (UTC)."));
	json_array_append_new(req, json_string("version"));
	json_array_append_new(req, json_string("created_at"));
	json_array_append_new(req, json_string("updated_at"));
}

/* An entity's record as answered, as sent on create, or as sent on update. */
static json_t *
entity_schema(const struct cj_entity *e, enum shape shape)
{
	const struct cj_entity_doc *ed = entity_doc(e);
	json_t *s = json_object(), *props = json_object(), *req = json_array(), *extra, *v;
	const char *key;

	if (shape == OUTPUT)
		system_fields(props, req, 1);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];

		if (shape == OUTPUT
		        ? (f->flags & (CJ_F_WO | CJ_F_HIDDEN)) != 0
		        : (f->flags & CJ_F_RO) || (shape == UPDATE && (f->flags & CJ_F_FIXED)))
			continue;
		json_object_set_new(props, f->name, field_schema(e, f, ed, shape));
		if (shape == OUTPUT
		        ? !(f->flags & CJ_F_NOCOL)
		        : shape == CREATE && (f->flags & CJ_F_REQ) && !(f->flags & CJ_F_DEFAULT))
			json_array_append_new(req, json_string(f->name));
	}
	if (shape == OUTPUT) {
		system_fields(props, req, 0);
		extra = ed ? (ed->extra ? text_json(ed->extra, e->name) : NULL) : NULL;
		json_object_foreach (extra, key, v)
			json_object_set(props, key, v);
		json_decref(extra);
	}
	if (shape == UPDATE)
		json_object_set_new(props, "version",
		                    json_pack("{s:s,s:i,s:s}", "type", "integer", "minimum", 1,
		                              "description",
		                              "The version the change is based on, when no "
		                              "`If-Match` header carries it."));
	json_object_set_new(s, "type", json_string("object"));
	if (ed) {
		json_object_set_new(s, "title",
		                    json_sprintf("%s %c%s", ed->zh, upper(ed->en[0]), ed->en + 1));
		if (shape == CREATE)
			json_object_set_new(s, "description",
			                    json_sprintf("新增%s：a new %s.", ed->zh, ed->en));
		else if (shape == UPDATE)
			json_object_set_new(
			    s, "description",
			    json_sprintf(
			        "修改%s：the fields to change; those absent stay as they are.",
			        ed->zh));
	}
	if (json_array_size(req))
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	json_object_set_new(s, "properties", props);
	if (shape != OUTPUT)
		json_object_set_new(s, "additionalProperties", json_false());
	return s;
}

static json_t *
list_schema(const struct cj_entity *e)
{
	json_t *items = json_pack("{s:s,s:o}", "type", "array", "items", entity_ref(e, ""));

	return json_pack("{s:s,s:[s,s,s,s],s:{s:o,s:{s:s,s:i},s:{s:s,s:i},s:{s:s,s:i,s:i}}}",
	                 "type", "object", "required", "items", "total", "page", "size",
	                 "properties", "items", items, "total", "type", "integer", "minimum", 0,
	                 "page", "type", "integer", "minimum", 1, "size", "type", "integer",
	                 "minimum", 1, "maximum", 200);
}

/* The audited full view: the entity's personal-information fields. */
static json_t *
pii_schema(const struct cj_entity *e)
{
	json_t *props = json_object();

	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & CJ_F_PII)
			json_object_set_new(props, e->fields[i].name,
			                    json_pack("{s:[s,s]}", "type", "string", "null"));
	return json_pack("{s:s,s:s,s:o}", "type", "object", "description",
	                 "The record's personal information in full; the view is written to the "
	                 "audit log.",
	                 "properties", props);
}

/* ---- list parameters ---- */

static json_t *
param(const char *name, const char *in, json_t *schema, const char *text)
{
	json_t *p = json_pack("{s:s,s:s}", "name", name, "in", in);

	if (!strcmp(in, "path"))
		json_object_set_new(p, "required", json_true());
	if (text)
		json_object_set_new(p, "description", json_string(text));
	json_object_set_new(p, "schema", schema);
	return p;
}

static json_t *
param_ref(const char *name)
{
	json_t *o = json_object();

	json_object_set_new(o, "$ref", json_sprintf("#/components/parameters/%s", name));
	return o;
}

static json_t *
sort_param(const struct cj_entity *e)
{
	json_t *keys = json_array();
	static const char *const always[] = { "id", "created_at", "updated_at" };

	for (size_t i = 0; i < CJ_ARRAY_SIZE(always); i++)
		json_array_append_new(keys, json_string(always[i]));
	if (cj_entity_name_field(e) && (cj_entity_name_field(e)->flags & CJ_F_SORT) &&
	    strcmp(cj_entity_name_field(e)->name, "name"))
		json_array_append_new(keys, json_string("name"));
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & CJ_F_SORT)
			json_array_append_new(keys, json_string(e->fields[i].name));
	for (size_t i = 0, n = json_array_size(keys); i < n; i++)
		json_array_append_new(
		    keys, json_sprintf("-%s", json_string_value(json_array_get(keys, i))));
	return param("sort", "query", json_pack("{s:s,s:o}", "type", "string", "enum", keys),
	             "The sort key; `-key` sorts descending.  Default `id`.");
}

static json_t *
filter_schema(const struct cj_filter *f)
{
	switch (f->arg) {
	case CJ_FA_TRUE:
		return json_pack("{s:s,s:[s]}", "type", "string", "enum", "true");
	case CJ_FA_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case CJ_FA_ID:
		return json_pack("{s:s,s:i}", "type", "integer", "minimum", 1);
	case CJ_FA_YEAR:
		return json_pack("{s:s,s:i,s:i}", "type", "integer", "minimum", 2000, "maximum",
		                 2100);
	case CJ_FA_DAYS:
		return json_pack("{s:s,s:i,s:i}", "type", "integer", "minimum", 1, "maximum", 3650);
	case CJ_FA_DATE:
		return json_pack("{s:s,s:s}", "type", "string", "format", "date");
	case CJ_FA_ENUM:
		return dict_ref(f->dict);
	case CJ_FA_TEXT:
		return json_pack("{s:s}", "type", "string");
	case CJ_FA_LEVEL:
		return json_pack("{s:s,s:[i,i]}", "type", "integer", "enum", 1, 2);
	}
	CJ_BUG("filter argument %d", f->arg);
}

/* page, size, sort, q, and the entity's filters: descriptor fields, then the store's named ones. */
static json_t *
list_params(const struct cj_entity *e)
{
	const struct cj_entity_doc *ed = entity_doc(e);
	const struct cj_hooks *h = cj_hooks_for(e);
	struct cj_sbuf sb = CJ_SBUF_INIT;
	json_t *ps = json_array(), *t, *s;

	json_array_append_new(ps, param_ref("page"));
	json_array_append_new(ps, param_ref("size"));
	json_array_append_new(ps, sort_param(e));
	if (cj_entity_name_field(e))
		json_array_append_new(ps, param_ref("q"));
	for (size_t i = 0; i < e->nfields; i++) {
		const struct cj_field *f = &e->fields[i];

		if (!(f->flags & (CJ_F_FILTER | CJ_F_PREFIX)))
			continue;
		s = f->type == CJ_T_ENUM   ? dict_ref(f->arg)
		    : f->type == CJ_T_BOOL ? json_pack("{s:s}", "type", "boolean")
		    : f->type == CJ_T_INT || f->type == CJ_T_REF
		        ? json_pack("{s:s}", "type", "integer")
		    : f->type == CJ_T_DATE
		        ? json_pack("{s:s,s:s}", "type", "string", "format", "date")
		        : json_pack("{s:s}", "type", "string");
		t = ed ? text_member(ed->filters, f->name, e->name) : NULL;
		cj_sbuf_reset(&sb);
		if (json_is_string(t))
			cj_sbuf_adds(&sb, json_string_value(t));
		else
			cj_sbuf_addf(&sb, "Only records whose `%s` %s this.", f->name,
			             f->flags & CJ_F_PREFIX ? "starts with" : "is");
		json_array_append_new(ps, param(f->name, "query", s, sb.buf));
		json_decref(t);
	}
	for (const struct cj_filter *f = h ? h->filters : NULL; f && f->name; f++) {
		const struct cj_field *same = cj_entity_field(e, f->name);

		if (f->name[0] == '@' || (same && (same->flags & (CJ_F_FILTER | CJ_F_PREFIX))))
			continue;
		t = ed ? text_member(ed->filters, f->name, e->name) : NULL;
		json_array_append_new(ps, param(f->name, "query", filter_schema(f),
		                                json_is_string(t) ? json_string_value(t) : NULL));
		json_decref(t);
	}
	cj_sbuf_release(&sb);
	return ps;
}

/* ---- operations ---- */

static void
add_error(json_t *responses, int status)
{
	char key[8];
	json_t *o = json_object();

	snprintf(key, sizeof(key), "%d", status);
	json_object_set_new(o, "$ref", json_sprintf("#/components/responses/Error%d", status));
	json_object_set_new(responses, key, o);
}

static json_t *
json_content(json_t *schema, const char *type)
{
	json_t *c = json_object();

	json_object_set_new(c, type ? type : "application/json",
	                    json_pack("{s:o}", "schema", schema ? schema : json_object()));
	return c;
}

static json_t *
header(const char *text)
{
	return json_pack("{s:s,s:{s:s}}", "description", text, "schema", "type", "string");
}

/* The success answer, then the errors a route of this kind can answer. */
static json_t *
responses(const struct cj_route *r, int status, json_t *answer, const char *answer_type, int query)
{
	json_t *rs = json_object(), *ok = json_object();
	int write = strcmp(r->method, "GET") != 0, body = (r->flags & (CJ_R_BODY | CJ_R_UPLOAD));
	char key[8];

	json_object_set_new(ok, "description",
	                    json_string(status == 201   ? "Created."
	                                : status == 204 ? "Done; no content."
	                                                : "OK."));
	if (answer || answer_type)
		json_object_set_new(ok, "content", json_content(answer, answer_type));
	snprintf(key, sizeof(key), "%d", status);
	json_object_set_new(rs, key, ok);
	if (body || query)
		add_error(rs, 400);
	if (!(r->flags & CJ_R_PUBLIC) || (r->flags & CJ_R_NOCSRF))
		add_error(rs, 401);
	if (!(r->flags & CJ_R_PUBLIC))
		add_error(rs, 403);
	if (strchr(r->pattern, ':'))
		add_error(rs, 404);
	if (write && !(r->flags & CJ_R_NOCSRF))
		add_error(rs, 409);
	if (body) {
		add_error(rs, 413);
		add_error(rs, 415);
	}
	if (r->flags & CJ_R_UPLOAD)
		add_error(rs, 422);
	if (r->handler == h_update)
		add_error(rs, 428);
	if (r->flags & CJ_R_NOCSRF)
		add_error(rs, 429);
	json_object_set_new(rs, "default",
	                    json_pack("{s:s}", "$ref", "#/components/responses/Error"));
	return rs;
}

static char *
roles_text(const struct cj_route *r)
{
	const struct cj_dict *d = cj_dict_find("role");
	struct cj_sbuf sb = CJ_SBUF_INIT;
	int n = 0;

	if (r->flags & CJ_R_PUBLIC) {
		cj_sbuf_adds(&sb, "Public: no session needed.");
		return cj_sbuf_detach(&sb);
	}
	cj_sbuf_adds(&sb, "Roles: ");
	for (size_t i = 0; d && i < d->nvalues; i++)
		if (r->roles & cj_role_bit(d->values[i].value))
			cj_sbuf_addf(&sb, "%s`%s` (%s)", n++ ? ", " : "", d->values[i].value,
			             d->values[i].zh);
	cj_sbuf_adds(&sb, n ? "." : "none.");
	if (strcmp(r->method, "GET") || (r->flags & CJ_R_WRITE))
		cj_sbuf_adds(&sb, strcmp(r->method, "GET")
		                      ? " A write: send `X-CSRF-Token`."
		                      : " The view is written to the audit log.");
	return cj_sbuf_detach(&sb);
}

static json_t *
security(const struct cj_route *r)
{
	if (r->flags & CJ_R_PUBLIC)
		return json_array();
	if (strcmp(r->method, "GET") && !(r->flags & CJ_R_NOCSRF))
		return json_pack("[{s:[],s:[]}]", "cookieAuth", "csrfToken");
	return json_pack("[{s:[]}]", "cookieAuth");
}

static json_t *
path_params(const struct cj_route *r)
{
	json_t *ps = json_array();

	for (const char *p = strchr(r->pattern, ':'); p; p = strchr(p + 1, ':')) {
		size_t n = strcspn(p + 1, "/");
		char name[32];

		if (n >= sizeof(name))
			CJ_BUG("path parameter in %s", r->pattern);
		memcpy(name, p + 1, n);
		name[n] = '\0';
		if (!strcmp(name, "id"))
			json_array_append_new(ps, param_ref("id"));
		else
			json_array_append_new(
			    ps, param(name, "path", json_pack("{s:s}", "type", "string"), NULL));
	}
	return ps;
}

/* A generic route's summary, request and answer. */
static json_t *
generic_op(const struct cj_route *r, json_t *op, json_t *params)
{
	const struct cj_entity *e = r->res->e;
	const struct cj_entity_doc *ed = entity_doc(e);
	const char *zh = ed ? ed->zh : e->name, *en = ed ? ed->en : e->name;
	json_t *answer = NULL, *rs;
	int status = 200;

	if (r->handler == h_list) {
		json_t *lp = list_params(e);

		json_object_set_new(op, "summary",
		                    json_sprintf("%s列表 (List %s)", zh, r->res->path));
		json_array_extend(params, lp);
		json_decref(lp);
		json_array_append_new(params, param_ref("IfNoneMatch"));
		answer = entity_ref(e, "List");
	} else if (r->handler == h_get) {
		json_object_set_new(op, "summary", json_sprintf("%s详情 (Get a %s)", zh, en));
		answer = entity_ref(e, "");
	} else if (r->handler == h_create) {
		json_object_set_new(op, "summary", json_sprintf("新增%s (Create a %s)", zh, en));
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b,s:o}", "required", 1, "content",
		                              json_content(entity_ref(e, "Create"), NULL)));
		answer = entity_ref(e, "");
		status = 201;
	} else if (r->handler == h_update) {
		json_object_set_new(op, "summary", json_sprintf("修改%s (Update a %s)", zh, en));
		json_array_append_new(params, param_ref("IfMatch"));
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b,s:o}", "required", 1, "content",
		                              json_content(entity_ref(e, "Update"), NULL)));
		answer = entity_ref(e, "");
	} else if (r->handler == h_delete) {
		json_object_set_new(op, "summary", json_sprintf("删除%s (Delete a %s)", zh, en));
		json_array_append_new(params, param_ref("IfMatchDelete"));
		status = 204;
	} else {
		json_object_set_new(
		    op, "summary",
		    json_sprintf("查看%s完整个人信息 (The %s's personal information in "
		                 "full, audited)",
		                 zh, en));
		answer = entity_ref(e, "Pii");
	}
	rs = responses(r, status, answer, NULL, r->handler == h_list);
	if (status != 204 && r->handler != h_pii && r->handler != h_list)
		json_object_set_new(
		    json_object_get(rs, status == 201 ? "201" : "200"), "headers",
		    json_pack("{s:{s:s}}", "ETag", "$ref", "#/components/headers/ETag"));
	if (r->handler == h_list && (r->flags & CJ_R_KEEP)) {
		json_object_set_new(
		    json_object_get(rs, "200"), "headers",
		    json_pack("{s:{s:s}}", "ETag", "$ref", "#/components/headers/KeptETag"));
		json_object_set_new(
		    rs, "304",
		    json_pack(
		        "{s:s,s:{s:{s:s}}}", "description",
		        "Not modified: `If-None-Match` names the answer's ETag, and nothing the "
		        "answer shows has changed since. No body.",
		        "headers", "ETag", "$ref", "#/components/headers/KeptETag"));
	}
	if (status == 201)
		json_object_set_new(json_object_get(json_object_get(rs, "201"), "headers"),
		                    "Location",
		                    json_pack("{s:s}", "$ref", "#/components/headers/Location"));
	return rs;
}

/* A documented route's summary, request and answer. */
static json_t *
documented_op(const struct cj_route *r, const struct cj_route_doc *rd, json_t *op, json_t *params)
{
	char what[160];
	json_t *q, *v;
	const char *key;

	snprintf(what, sizeof(what), "%s %s", r->method, r->pattern);
	json_object_set_new(op, "summary", json_sprintf("%s (%s)", rd->zh, rd->en));
	if (rd->query) {
		q = text_json(rd->query, what);
		json_object_foreach (q, key, v) {
			json_t *t = json_incref(json_object_get(v, "description"));

			json_object_del(v, "description");
			json_array_append_new(
			    params, param(key, "query", json_incref(v), json_string_value(t)));
			json_decref(t);
		}
		json_decref(q);
	}
	if (rd->body)
		json_object_set_new(
		    op, "requestBody",
		    json_pack("{s:b,s:o}", "required", 1, "content",
		              json_content(text_json(rd->body, what), rd->body_type)));
	return responses(r, rd->status, rd->answer ? text_json(rd->answer, what) : NULL,
	                 rd->answer_type, rd->query != NULL);
}

static json_t *
operation(const struct cj_route *r, const struct cj_route_doc *rd)
{
	const struct cj_module *m = route_module(r);
	json_t *op = json_object(), *params = path_params(r), *rs, *body;
	char *id = operation_id(r->method, r->pattern), *roles = roles_text(r);

	json_object_set_new(op, "operationId", json_string(id));
	json_object_set_new(op, "tags", json_pack("[s]", m ? m->name : "platform"));
	if (rd)
		rs = documented_op(r, rd, op, params);
	else
		rs = generic_op(r, op, params);
	if (rd && rd->text)
		json_object_set_new(op, "description", json_sprintf("%s %s", roles, rd->text));
	else
		json_object_set_new(op, "description", json_string(roles));
	json_object_set_new(op, "security", security(r));
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	/* The request body after the parameters, as a reader expects them. */
	if ((body = json_incref(json_object_get(op, "requestBody")))) {
		json_object_del(op, "requestBody");
		json_object_set_new(op, "requestBody", body);
	}
	json_object_set_new(op, "responses", rs);
	free(id);
	free(roles);
	return op;
}

/* ---- components ---- */

static int
entity_listed(const struct cj_entity *e)
{
	const struct cj_route *r;

	for (size_t i = 0; (r = cj_route_at(i)); i++)
		if (r->res && r->res->e == e)
			return 1;
	return entity_doc(e) != NULL;
}

static int
entity_has_pii(const struct cj_entity *e)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & CJ_F_PII)
			return 1;
	return 0;
}

static json_t *
error_schema(void)
{
	json_t *codes = json_array();

	for (int c = 1; c < CJ_E_COUNT; c++)
		json_array_append_new(codes, json_string(cj_error_slug(c)));
	json_t *out = json_pack(
	    "{s:s,s:s,s:[s],s:{s:{s:s,s:[s,s],s:{s:{s:s,s:o,s:s},s:{s:s,s:s},s:{s:s,s:s}}}}}",
	    "type", "object", "description",
	    "The envelope of every failure. `code` is a stable slug that fixes the HTTP status; "
	    "`message` is in Chinese, or in English when `Accept-Language` starts with `en`; "
	    "`field` names the field or query parameter at fault, when there is one.",
	    "required", "error", "properties", "error", "type", "object", "required", "code",
	    "message", "properties", "code", "type", "string", "enum", codes, "description",
	    "The error's slug.", "message", "type", "string", "description", "For people.", "field",
	    "type", "string", "description", "The field or parameter at fault.");
	json_t *props = json_object_get(
	    json_object_get(json_object_get(out, "properties"), "error"), "properties");

	/* A rejected import (422 import_rejected) lists every error of the file. */
	json_object_set_new(
	    props, "rows",
	    json_pack("{s:s,s:s,s:{s:s,s:[s,s,s,s],s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}}", "type",
	              "array", "description",
	              "With `import_rejected`: every error of the file, by the sheet's row number "
	              "and the column's header as written.",
	              "items", "type", "object", "required", "row", "column", "field", "message",
	              "properties", "row", "type", "integer", "column", "type", "string", "field",
	              "type", "string", "message", "type", "string"));
	return out;
}

static json_t *
error_responses(void)
{
	json_t *rs = json_object();

	for (int c = 1; c < CJ_E_COUNT; c++) {
		char key[16];
		int status = cj_error_status(c);
		json_t *o;

		snprintf(key, sizeof(key), "Error%d", status);
		if (!(o = json_object_get(rs, key))) {
			o = json_pack("{s:s,s:o}", "description", "", "content",
			              json_content(ref_to("Error"), NULL));
			json_object_set_new(rs, key, o);
		}
		json_object_set_new(
		    o, "description",
		    json_sprintf("%s%s`%s`", json_string_value(json_object_get(o, "description")),
		                 *json_string_value(json_object_get(o, "description")) ? ", " : "",
		                 cj_error_slug(c)));
	}
	json_object_set_new(rs, "Error",
	                    json_pack("{s:s,s:o}", "description",
	                              "A failure: 500 `internal`, or 503 `busy` (retry later).",
	                              "content", json_content(ref_to("Error"), NULL)));
	return rs;
}

static json_t *
components(void)
{
	json_t *schemas = json_object(), *c;
	const struct cj_docs *d;

	json_object_set_new(schemas, "Error", error_schema());
	for (size_t i = 0, n = cj_entity_count(); i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);
		char *name;

		if (!entity_listed(e))
			continue;
		name = schema_name(e, "");
		json_object_set_new(schemas, name, entity_schema(e, OUTPUT));
		free(name);
		name = schema_name(e, "Create");
		json_object_set_new(schemas, name, entity_schema(e, CREATE));
		free(name);
		name = schema_name(e, "Update");
		json_object_set_new(schemas, name, entity_schema(e, UPDATE));
		free(name);
		name = schema_name(e, "List");
		json_object_set_new(schemas, name, list_schema(e));
		free(name);
		if (entity_has_pii(e)) {
			name = schema_name(e, "Pii");
			json_object_set_new(schemas, name, pii_schema(e));
			free(name);
		}
	}
	for (size_t i = 0; (d = docs_at(i)); i++)
		for (const struct cj_schema_doc *s = d->schemas; s && s->name; s++)
			json_object_set_new(schemas, s->name, text_json(s->schema, s->name));
	for (size_t i = 0, n = cj_dict_count(); i < n; i++) {
		const struct cj_dict *dc = cj_dict_at(i);
		char key[64];

		snprintf(key, sizeof(key), "dict.%s", dc->name);
		json_object_set_new(schemas, key, dict_schema(dc));
	}
	c = json_object();
	json_object_set_new(c, "schemas", schemas);
	json_object_set_new(c, "responses", error_responses());
	json_object_set_new(
	    c, "parameters",
	    json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
	              param("id", "path", json_pack("{s:s,s:i}", "type", "integer", "minimum", 1),
	                    "The record's id."),
	              "page",
	              param("page", "query",
	                    json_pack("{s:s,s:i,s:i,s:i}", "type", "integer", "minimum", 1,
	                              "maximum", 1000000, "default", 1),
	                    "The page, from 1."),
	              "size",
	              param("size", "query",
	                    json_pack("{s:s,s:i,s:i,s:i}", "type", "integer", "minimum", 1,
	                              "maximum", 200, "default", 20),
	                    "Records per page."),
	              "q",
	              param("q", "query", json_pack("{s:s}", "type", "string"),
	                    "Search (product.md §6), folded (full-width, case, traditional): a "
	                    "substring of the name or other searchable text, or of a pinyin "
	                    "reading or its initials from a syllable on (`jiaxing`, `jxjs`). "
	                    "Best matches first unless `sort` is given."),
	              "IfMatch",
	              param("If-Match", "header", json_pack("{s:s}", "type", "string"),
	                    "The version the change is based on (`\"3\"`), when the body carries "
	                    "no `version`; one or the other is required (428), and a stale one "
	                    "is 409 `version_conflict`."),
	              "IfNoneMatch",
	              param("If-None-Match", "header", json_pack("{s:s}", "type", "string"),
	                    "The ETag of an earlier answer to the same request: 304 with no "
	                    "body while the college's records stand. A request with "
	                    "`Cache-Control: no-cache` is computed afresh."),
	              "IfMatchDelete",
	              param("If-Match", "header", json_pack("{s:s}", "type", "string"),
	                    "When given, the record is deleted only at this version (409 "
	                    "`version_conflict`).")));
	json_object_set_new(
	    c, "headers",
	    json_pack("{s:o,s:o,s:o}", "ETag", header("The record's version, quoted (`\"3\"`)."),
	              "Location", header("The new record's URL."), "KeptETag",
	              header("The answer's state (opaque): the caller, the request, the day and "
	                     "the college's records as they stand. It changes with any write to "
	                     "the college.")));
	json_object_set_new(
	    c, "securitySchemes",
	    json_pack("{s:{s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s,s:s}}", "cookieAuth", "type", "apiKey",
	              "in", "cookie", "name", "cj_session", "description",
	              "The session cookie set by `POST /api/v1/session` (HttpOnly, "
	              "SameSite=Strict).",
	              "csrfToken", "type", "apiKey", "in", "header", "name", "X-CSRF-Token",
	              "description",
	              "The `csrf_token` of the session answer, sent back on every write."));
	return c;
}

static json_t *
tags(void)
{
	json_t *ts = json_array();
	const struct cj_docs *d = &cj_platform_docs;

	json_array_append_new(ts, json_pack("{s:s,s:s}", "name", "platform", "description",
	                                    "平台 (Platform): health, the session, dictionaries, "
	                                    "the audit log, colleges and users."));
	for (const struct cj_module *const *m = cj_modules; *m; m++) {
		d = (*m)->docs;
		json_array_append_new(
		    ts, json_pack("{s:s,s:o}", "name", (*m)->name, "description",
		                  d ? json_sprintf("%s (%s)%s%s", d->zh, d->en,
		                                   d->text ? ": " : ".", d->text ? d->text : "")
		                    : json_string((*m)->name)));
	}
	return ts;
}

json_t *
cj_openapi_build(void)
{
	json_t *doc = json_object(), *paths = json_object();
	const struct cj_route *r;

	json_object_set_new(doc, "openapi", json_string("3.1.0"));
	json_object_set_new(doc, "info",
	                    json_pack("{s:s,s:s,s:s}", "title", "Chanjiao 产教融合平台 API",
	                              "version", "1", "description",
	                              cj_platform_docs.text ? cj_platform_docs.text : ""));
	json_object_set_new(doc, "tags", tags());
	json_object_set_new(doc, "security", json_pack("[{s:[]}]", "cookieAuth"));
	for (size_t i = 0; (r = cj_route_at(i)); i++) {
		const struct cj_route_doc *rd = route_doc(r);
		char *path, method[16];
		json_t *item;
		size_t k;

		if (!rd && !generic(r))
			CJ_BUG("openapi: no doc for %s %s", r->method, r->pattern);
		path = openapi_path(r->pattern);
		if (!(item = json_object_get(paths, path))) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		for (k = 0; r->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(r->method[k] | 0x20);
		method[k] = '\0';
		json_object_set_new(item, method, operation(r, rd));
		free(path);
	}
	json_object_set_new(doc, "paths", paths);
	json_object_set_new(doc, "components", components());
	return doc;
}

static pthread_once_t text_once = PTHREAD_ONCE_INIT;
static char *text;
static size_t text_len;

static void
build_text(void)
{
	json_t *doc = cj_openapi_build();
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct cj_sbuf sb = CJ_SBUF_INIT;

	if (!s)
		CJ_BUG("openapi: the document does not serialise");
	cj_sbuf_adds(&sb, s);
	cj_sbuf_addch(&sb, '\n');
	cj_json_free(s);
	json_decref(doc);
	text_len = sb.len;
	text = cj_sbuf_detach(&sb);
}

const char *
cj_openapi_text(size_t *len)
{
	pthread_once(&text_once, build_text);
	if (len)
		*len = text_len;
	return text;
}

/* ---- lint ---- */

static int problem(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
problem(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return 1;
	va_start(ap, fmt);
	fputs("openapi: ", out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	va_end(ap);
	return 1;
}

/* Whether a docs text parses (NULL is fine), as an object when object is set. */
static int
lint_text(FILE *out, const char *text, int object, const char *what, const char *member)
{
	json_error_t jerr;
	json_t *v;

	if (!text)
		return 0;
	if (!(v = parse_text(text, &jerr)))
		return problem(out, "%s: %s does not parse: %s (at %d)", what, member, jerr.text,
		               jerr.position);
	if (object && !json_is_object(v)) {
		json_decref(v);
		return problem(out, "%s: %s is not an object", what, member);
	}
	json_decref(v);
	return 0;
}

static const struct cj_filter *
named_filter(const struct cj_entity *e, const char *name)
{
	const struct cj_hooks *h = cj_hooks_for(e);

	for (const struct cj_filter *f = h ? h->filters : NULL; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static int
lint_entity_doc(FILE *out, const struct cj_entity_doc *ed)
{
	const struct cj_entity *e = cj_entity_find(ed->entity);
	int n = 0;
	json_t *o, *v;
	const char *key;

	if (!e)
		return problem(out, "docs name an unknown entity %s", ed->entity);
	if (!ed->zh || !ed->en)
		n += problem(out, "entity %s: no names", ed->entity);
	n += lint_text(out, ed->fields, 1, ed->entity, "fields");
	n += lint_text(out, ed->items, 1, ed->entity, "items");
	n += lint_text(out, ed->extra, 1, ed->entity, "extra");
	n += lint_text(out, ed->filters, 1, ed->entity, "filters");
	if (n)
		return n;
	o = ed->fields ? text_json(ed->fields, ed->entity) : NULL;
	json_object_foreach (o, key, v)
		if (!cj_entity_field(e, key))
			n += problem(out, "entity %s: fields: no field %s", ed->entity, key);
	json_decref(o);
	o = ed->items ? text_json(ed->items, ed->entity) : NULL;
	json_object_foreach (o, key, v)
		if (!cj_entity_field(e, key) || cj_entity_field(e, key)->type != CJ_T_LIST)
			n += problem(out, "entity %s: items: no list field %s", ed->entity, key);
	json_decref(o);
	o = ed->filters ? text_json(ed->filters, ed->entity) : NULL;
	json_object_foreach (o, key, v)
		if (!named_filter(e, key) &&
		    !(cj_entity_field(e, key) &&
		      (cj_entity_field(e, key)->flags & (CJ_F_FILTER | CJ_F_PREFIX))))
			n += problem(out, "entity %s: filters: no list filter %s", ed->entity, key);
	json_decref(o);
	o = text_json(ed->items ? ed->items : "{}", ed->entity);
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].type == CJ_T_LIST && !json_object_get(o, e->fields[i].name))
			n += problem(out, "entity %s: list %s has no items doc", ed->entity,
			             e->fields[i].name);
	json_decref(o);
	return n;
}

/* Every "$ref" of v points at something that is in doc. */
static int
lint_refs(FILE *out, json_t *doc, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	int n = 0;

	if (json_is_array(v))
		json_array_foreach (v, i, x)
			n += lint_refs(out, doc, x);
	if (!json_is_object(v))
		return n;
	json_object_foreach (v, key, x) {
		if (!strcmp(key, "$ref") && json_is_string(x)) {
			const char *ref = json_string_value(x);
			char part[128];
			json_t *at = doc;

			if (strncmp(ref, "#/", 2)) {
				n += problem(out, "$ref %s is not local", ref);
				continue;
			}
			for (const char *p = ref + 2; at && *p;) {
				size_t len = strcspn(p, "/");

				if (len >= sizeof(part))
					break;
				memcpy(part, p, len);
				part[len] = '\0';
				at = json_object_get(at, part);
				p += len + (p[len] == '/');
			}
			if (!at)
				n += problem(out, "$ref %s points at nothing", ref);
		} else {
			n += lint_refs(out, doc, x);
		}
	}
	return n;
}

static const struct cj_route *
first_route_of(const struct cj_entity *e)
{
	const struct cj_route *r;

	for (size_t i = 0; (r = cj_route_at(i)); i++)
		if (r->res && r->res->e == e)
			return r;
	return NULL;
}

int
cj_openapi_lint(FILE *out)
{
	const struct cj_route *r;
	const struct cj_docs *d;
	int n = 0;

	for (size_t i = 0; (r = cj_route_at(i)); i++) {
		if (!route_doc(r) && !generic(r))
			n += problem(out, "%s %s has neither a generic shape nor a doc entry",
			             r->method, r->pattern);
		/* Not a problem: the document then calls the entity by its name. */
		if (out && r->res && !entity_doc(r->res->e) && r == first_route_of(r->res->e))
			fprintf(out, "openapi: note: entity %s has no doc (its names)\n",
			        r->res->e->name);
	}
	for (size_t i = 0; (d = docs_at(i)); i++) {
		for (const struct cj_route_doc *rd = d->routes; rd && rd->method; rd++) {
			char what[160];
			int found = 0;

			snprintf(what, sizeof(what), "%s %s", rd->method, rd->pattern);
			for (size_t k = 0; (r = cj_route_at(k)); k++)
				found |= route_doc(r) == rd;
			if (!found)
				n += problem(out, "%s is documented but is no route of its module",
				             what);
			if (!rd->zh || !rd->en || !rd->status)
				n += problem(out, "%s: no summary or status", what);
			n += lint_text(out, rd->query, 1, what, "query");
			n += lint_text(out, rd->body, 1, what, "body");
			n += lint_text(out, rd->answer, 1, what, "answer");
		}
		for (const struct cj_entity_doc *ed = d->entities; ed && ed->entity; ed++)
			n += lint_entity_doc(out, ed);
		for (const struct cj_schema_doc *s = d->schemas; s && s->name; s++)
			n += lint_text(out, s->schema, 1, s->name, "schema");
	}
	if (n == 0) {
		json_t *doc = cj_openapi_build();

		n += lint_refs(out, doc, doc);
		json_decref(doc);
	}
	return n;
}

/* Request bodies into validated records; see api.h. */
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "core/dict.h"
#include "lib/util.h"

json_t *
cj_decode_keep(struct cj_arena *a, json_t *v)
{
	cj_arena_defer(a, (void (*)(void *))json_decref, v);
	return v;
}

int
cj_body_parse(struct cj_arena *arena, const char *body, size_t len, json_t **out,
              struct cj_error *err)
{
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	v = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!v) {
		if (json_error_code(&jerr) == json_error_invalid_utf8)
			return cj_error_set(err, CJ_EBADJSON, CJ_M_BAD_UTF8, NULL);
		return cj_error_setarg(err, CJ_EBADJSON, CJ_M_BAD_JSON, NULL, jerr.text);
	}
	cj_decode_keep(arena, v);
	if (!json_is_object(v))
		return cj_error_set(err, CJ_EBADJSON, CJ_M_NOT_OBJECT, NULL);
	*out = v;
	return 0;
}

int
cj_decode_bad_type(struct cj_error *err, const char *field)
{
	return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_TYPE, field);
}

/* Characters (code points) of a valid UTF-8 string: limits count what a user sees. */
static int64_t
chars(const char *s, size_t n)
{
	int64_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Trimmed copy of a string value; 0 or an error naming the field. */
int
cj_decode_text(struct cj_arena *a, const struct cj_field *f, const char *field, json_t *v,
               int64_t max, const char **out, struct cj_error *err)
{
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return cj_decode_bad_type(err, field);
	s = json_string_value(v);
	n = json_string_length(v);
	if (memchr(s, '\0', n))
		return cj_decode_bad_type(err, field);
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (max && chars(s, n) > max)
		return cj_error_set(err, CJ_EINVAL, CJ_M_TOO_LONG, field);
	if (n == 0 && f && (f->flags & CJ_F_REQ))
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, field);
	*out = cj_arena_strndup(a, s, n);
	return 0;
}

int
cj_decode_enum(const char *dict, const char *field, json_t *v, struct cj_error *err)
{
	if (!json_is_string(v))
		return cj_decode_bad_type(err, field);
	if (!cj_dict_lookup(dict, json_string_value(v)))
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, field);
	return 0;
}

int
cj_json_only_keys(json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach (o, k, v) {
		int ok = 0;

		for (int i = 0; keys[i]; i++)
			ok |= !strcmp(keys[i], k);
		if (!ok)
			return -1;
	}
	return 0;
}

int
cj_list_dict_values(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "value", "label_zh", "label_en", "color", NULL };
	static const char *const colors[] = { "primary", "success", "info", "warning", "danger" };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i, j;

	if (json_array_size(in) == 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "values");
	json_array_foreach (in, i, p) {
		const char *value, *zh, *en = NULL, *color = "info";
		json_t *o;

		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0)
			return cj_decode_bad_type(err, "values");
		if (cj_decode_text(a, NULL, "values", json_object_get(p, "value"), 64, &value,
		                   err) < 0 ||
		    cj_decode_text(a, NULL, "values", json_object_get(p, "label_zh"), 100, &zh,
		                   err) < 0)
			return -CJ_EINVAL;
		if (!*value || !*zh)
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "values");
		if (json_object_get(p, "label_en") &&
		    cj_decode_text(a, NULL, "values", json_object_get(p, "label_en"), 100, &en,
		                   err) < 0)
			return -CJ_EINVAL;
		if (json_object_get(p, "color")) {
			int ok = 0;

			color = json_string_value(json_object_get(p, "color"));
			for (j = 0; color && j < CJ_ARRAY_SIZE(colors); j++)
				ok |= !strcmp(color, colors[j]);
			if (!ok)
				return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, "values");
		}
		for (j = 0; j < i; j++)
			if (!strcmp(
			        json_string_value(json_object_get(json_array_get(res, j), "value")),
			        value))
				return cj_error_set(err, CJ_EINVAL, CJ_M_DUPLICATE, "values");
		o = json_pack("{s:s,s:s,s:s}", "value", value, "label_zh", zh, "color", color);
		json_object_set_new(o, "label_en", en ? json_string(en) : json_null());
		json_array_append_new(res, o);
	}
	*out = res;
	return 0;
}

static int
decode_list(struct cj_arena *a, const struct cj_field *f, json_t *v, json_t **out,
            struct cj_error *err)
{
	if (!f->decode)
		CJ_BUG("no decoder for list %s", f->name);
	if (!json_is_array(v))
		return cj_decode_bad_type(err, f->name);
	if (json_array_size(v) > (size_t)f->max)
		return cj_error_set(err, CJ_EINVAL, CJ_M_TOO_LONG, f->name);
	return f->decode(a, v, out, err);
}

static int
decode_field(struct cj_arena *a, const struct cj_field *f, json_t *v, json_t **out,
             struct cj_error *err)
{
	const char *s;
	char buf[256];
	int rc;

	if (json_is_null(v)) {
		if (f->flags & CJ_F_REQ)
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, f->name);
		*out = json_null();
		return 0;
	}
	switch (f->type) {
	case CJ_T_TEXT:
		if ((rc = cj_decode_text(a, f, f->name, v, f->max, &s, err)) < 0)
			return rc;
		if (f->norm && *s) {
			if ((rc = f->norm(s, buf, sizeof(buf), f->name, err)) < 0)
				return rc;
			s = buf;
		}
		*out = *s ? json_string(s) : json_null();
		return 0;
	case CJ_T_INT:
		if (!json_is_integer(v))
			return cj_decode_bad_type(err, f->name);
		if (json_integer_value(v) < f->min)
			return cj_error_set(err, CJ_EINVAL,
			                    f->min == 0 ? CJ_M_NEGATIVE : CJ_M_OUT_OF_RANGE,
			                    f->name);
		if (json_integer_value(v) > f->max)
			return cj_error_set(err, CJ_EINVAL, CJ_M_OUT_OF_RANGE, f->name);
		*out = json_incref(v);
		return 0;
	case CJ_T_REF:
		if (!json_is_integer(v))
			return cj_decode_bad_type(err, f->name);
		if (json_integer_value(v) <= 0)
			return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ID, f->name);
		*out = json_incref(v);
		return 0;
	case CJ_T_BOOL:
		if (!json_is_boolean(v))
			return cj_decode_bad_type(err, f->name);
		*out = json_incref(v);
		return 0;
	case CJ_T_DATE:
		if (!json_is_string(v))
			return cj_decode_bad_type(err, f->name);
		if ((rc = cj_date_validate(json_string_value(v), f->name, err)) < 0)
			return rc;
		*out = json_incref(v);
		return 0;
	case CJ_T_ENUM:
		if ((rc = cj_decode_enum(f->arg, f->name, v, err)) < 0)
			return rc;
		*out = json_incref(v);
		return 0;
	case CJ_T_LIST:
		if ((rc = decode_list(a, f, v, out, err)) < 0)
			return rc;
		json_incref(*out);
		return 0;
	}
	CJ_BUG("field type %d", f->type);
}

int
cj_record_decode(struct cj_arena *arena, const struct cj_entity *e, json_t *in, int create,
                 int allow_version, json_t **out, struct cj_error *err)
{
	json_t *rec = cj_decode_keep(arena, json_object()), *v, *val;
	const char *key;
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return cj_error_set(err, CJ_EBADJSON, CJ_M_NOT_OBJECT, NULL);
	json_object_foreach (in, key, v) {
		const struct cj_field *f = cj_entity_field(e, key);

		if (allow_version && !strcmp(key, "version"))
			continue;
		if (!f) {
			int ro = !strcmp(key, "id") || !strcmp(key, "version") ||
			         !strcmp(key, "created_at") || !strcmp(key, "updated_at");

			return cj_error_set(err, CJ_EINVAL,
			                    ro ? CJ_M_READONLY_FIELD : CJ_M_UNKNOWN_FIELD, key);
		}
		if ((f->flags & CJ_F_RO) || (!create && (f->flags & CJ_F_FIXED)))
			return cj_error_set(err, CJ_EINVAL, CJ_M_READONLY_FIELD, key);
		if ((rc = decode_field(arena, f, v, &val, err)) < 0)
			return rc;
		json_object_set_new(rec, key, val);
	}
	if (create) {
		for (size_t i = 0; i < e->nfields; i++) {
			const struct cj_field *f = &e->fields[i];
			json_t *got = json_object_get(rec, f->name);

			if ((f->flags & CJ_F_DEFAULT) && !got) {
				got = f->type == CJ_T_BOOL ? json_boolean(!strcmp(f->def, "true"))
				                           : json_string(f->def);
				json_object_set_new(rec, f->name, got);
			}
			if ((f->flags & CJ_F_REQ) && (!got || json_is_null(got)))
				return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, f->name);
		}
	}
	*out = rec;
	return 0;
}

int
cj_record_create(struct cj_ctx *ctx, const struct cj_entity *e, int demo, json_t *in, int64_t *id,
                 struct cj_error *err)
{
	json_t *rec;
	int64_t ignored;
	int rc;

	cj_ctx_keep(ctx, in);
	if ((rc = cj_record_decode(ctx->arena, e, in, 1, 0, &rec, err)) < 0)
		return rc;
	if (demo && cj_entity_field(e, "demo"))
		json_object_set_new(rec, "demo", json_true());
	return cj_store_create(ctx, e, rec, id ? id : &ignored, err);
}

/* The key-projects module's child lists; see decode.h. */
#include "modules/projects/decode.h"

#include "api/api.h"
#include "core/fields.h"
#include "modules/projects/projects.h"

#include <string.h>

#include "core/dict.h"
#include "lib/util.h"

/* An integer in lo..hi, or absent (def). */
static int
int_in(json_t *v, int64_t lo, int64_t hi, int64_t def, int64_t *out, const char *field,
       struct cj_error *err)
{
	if (!v || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (!json_is_integer(v))
		return cj_decode_bad_type(err, field);
	*out = json_integer_value(v);
	if (*out < lo)
		return cj_error_set(err, CJ_EINVAL, lo == 0 ? CJ_M_NEGATIVE : CJ_M_OUT_OF_RANGE,
		                    field);
	if (*out > hi)
		return cj_error_set(err, CJ_EINVAL, CJ_M_OUT_OF_RANGE, field);
	return 0;
}

/* An id: a positive integer, or {"<key>": id, ...} as the API shows the list. */
static int
id_of(json_t *v, const char *key, const char *const *keys, int64_t *out, const char *field,
      struct cj_error *err)
{
	if (json_is_object(v)) {
		if (!keys || cj_json_only_keys(v, keys) < 0)
			return cj_decode_bad_type(err, field);
		v = json_object_get(v, key);
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return cj_decode_bad_type(err, field);
	*out = json_integer_value(v);
	return 0;
}

static int
seen(json_t *arr, const char *key, int64_t id)
{
	size_t i;
	json_t *x;

	json_array_foreach (arr, i, x) {
		json_t *v = key ? json_object_get(x, key) : x;

		if (json_integer_value(v) == id)
			return 1;
	}
	return 0;
}

int
cj_list_funding(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "source",       "budgeted",       "arrived", "spent",
		                            "arrival_rate", "execution_rate", NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i, j;

	json_array_foreach (in, i, p) {
		json_t *src;
		int64_t budgeted, arrived, spent;

		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0)
			return cj_decode_bad_type(err, "funding");
		src = json_object_get(p, "source");
		if (!json_is_string(src))
			return cj_error_set(err, CJ_EINVAL, src ? CJ_M_BAD_TYPE : CJ_M_REQUIRED,
			                    "funding");
		if (!cj_dict_lookup("funding_source", json_string_value(src)))
			return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, "funding");
		for (j = 0; j < json_array_size(res); j++)
			if (!strcmp(json_string_value(
			                json_object_get(json_array_get(res, j), "source")),
			            json_string_value(src)))
				return cj_error_set(err, CJ_EINVAL, CJ_M_FUNDING_DUP, "funding");
		if (int_in(json_object_get(p, "budgeted"), 0, CJ_MONEY_MAX, 0, &budgeted, "funding",
		           err) < 0 ||
		    int_in(json_object_get(p, "arrived"), 0, CJ_MONEY_MAX, 0, &arrived, "funding",
		           err) < 0 ||
		    int_in(json_object_get(p, "spent"), 0, CJ_MONEY_MAX, 0, &spent, "funding",
		           err) < 0)
			return -CJ_EINVAL;
		json_array_append_new(res,
		                      json_pack("{s:O,s:I,s:I,s:I}", "source", src, "budgeted",
		                                (json_int_t)budgeted, "arrived",
		                                (json_int_t)arrived, "spent", (json_int_t)spent));
	}
	*out = res;
	return 0;
}

int
cj_list_participating(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "department_id", "name", NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i;

	json_array_foreach (in, i, p) {
		int64_t id;

		if (id_of(p, "department_id", keys, &id, "participating_departments", err) < 0)
			return -CJ_EINVAL;
		if (seen(res, NULL, id))
			return cj_error_set(err, CJ_EINVAL, CJ_M_DUPLICATE,
			                    "participating_departments");
		json_array_append_new(res, json_integer(id));
	}
	*out = res;
	return 0;
}

int
cj_list_indicator_values(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "indicator_id", "value", "indicator_name", "unit",
		                            NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i;

	json_array_foreach (in, i, p) {
		int64_t id, value;
		json_t *v;

		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0)
			return cj_decode_bad_type(err, "indicator_values");
		if (id_of(json_object_get(p, "indicator_id"), NULL, NULL, &id, "indicator_values",
		          err) < 0)
			return -CJ_EINVAL;
		v = json_object_get(p, "value");
		if (!v || json_is_null(v))
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "indicator_values");
		if (int_in(v, 0, CJ_MONEY_MAX, 0, &value, "indicator_values", err) < 0)
			return -CJ_EINVAL;
		if (seen(res, "indicator_id", id))
			return cj_error_set(err, CJ_EINVAL, CJ_M_DUPLICATE, "indicator_values");
		json_array_append_new(res, json_pack("{s:I,s:I}", "indicator_id", (json_int_t)id,
		                                     "value", (json_int_t)value));
	}
	*out = res;
	return 0;
}

int
cj_list_attachment_ids(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i;

	json_array_foreach (in, i, p) {
		int64_t id;

		if (id_of(p, NULL, NULL, &id, "attachment_ids", err) < 0)
			return -CJ_EINVAL;
		if (seen(res, NULL, id))
			return cj_error_set(err, CJ_EINVAL, CJ_M_DUPLICATE, "attachment_ids");
		json_array_append_new(res, json_integer(id));
	}
	*out = res;
	return 0;
}

/* The registry module's child lists: a carrier's partners, an event's attendees, press and
 * actions; see registry.h. */
#include <string.h>

#include "api/api.h"
#include "modules/registry/registry.h"

int
cj_list_partners(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "enterprise_id", "lead", NULL };
	json_t *res = json_array(), *p;
	int leads = 0;
	size_t i, j;

	cj_decode_keep(a, res);
	json_array_foreach (in, i, p) {
		json_t *id = json_object_get(p, "enterprise_id"),
		       *lead = json_object_get(p, "lead");

		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0 || !json_is_integer(id) ||
		    json_integer_value(id) <= 0 || (lead && !json_is_boolean(lead)))
			return cj_decode_bad_type(err, "partners");
		for (j = 0; j < i; j++)
			if (json_integer_value(json_object_get(
			        json_array_get(in, j), "enterprise_id")) == json_integer_value(id))
				return cj_error_set(err, CJ_EINVAL, CJ_M_PARTNER_DUP, "partners");
		leads += json_is_true(lead);
		json_array_append_new(
		    res, json_pack("{s:O,s:b}", "enterprise_id", id, "lead", json_is_true(lead)));
	}
	if (json_array_size(in) > 0 && leads != 1)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PARTNER_LEAD, "partners");
	*out = res;
	return 0;
}

int
cj_list_attendees(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	json_t *res = cj_decode_keep(a, json_array()), *v;
	const char *s;
	size_t i;

	json_array_foreach (in, i, v) {
		if (cj_decode_text(a, NULL, "attendees", v, 200, &s, err) < 0)
			return -CJ_EINVAL;
		if (*s)
			json_array_append_new(res, json_string(s));
	}
	*out = res;
	return 0;
}

int
cj_list_press(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "role", "name", NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	const char *name;
	size_t i;

	json_array_foreach (in, i, p) {
		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0)
			return cj_decode_bad_type(err, "press");
		if (cj_decode_enum("press_role", "press", json_object_get(p, "role"), err) < 0 ||
		    cj_decode_text(a, NULL, "press", json_object_get(p, "name"), 100, &name, err) <
		        0)
			return -CJ_EINVAL;
		if (!*name)
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "press");
		json_array_append_new(
		    res, json_pack("{s:O,s:s}", "role", json_object_get(p, "role"), "name", name));
	}
	*out = res;
	return 0;
}

int
cj_list_actions(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	static const char *const keys[] = { "action", "target_type", "target_id", NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i;

	json_array_foreach (in, i, p) {
		json_t *act, *type, *id;

		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0)
			return cj_decode_bad_type(err, "actions");
		act = json_object_get(p, "action");
		type = json_object_get(p, "target_type");
		id = json_object_get(p, "target_id");
		if (cj_decode_enum("event_action", "actions", act, err) < 0 ||
		    cj_decode_enum("action_target", "actions", type, err) < 0)
			return -CJ_EINVAL;
		if (!json_is_integer(id) || json_integer_value(id) <= 0)
			return cj_decode_bad_type(err, "actions");
		if (!cj_action_allows(json_string_value(act), json_string_value(type)))
			return cj_error_set(err, CJ_EINVAL, CJ_M_ACTION_TARGET, "actions");
		json_array_append_new(res, json_pack("{s:O,s:O,s:O}", "action", act, "target_type",
		                                     type, "target_id", id));
	}
	*out = res;
	return 0;
}

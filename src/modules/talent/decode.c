/* The talent module's child lists: the people of a studio or an output; see talent.h. */
#include <string.h>

#include "api/api.h"
#include "modules/talent/talent.h"

/* People of a studio or an output: [{"staff_id":N} | {"name":"冯飞"}, ...]. */
static int
persons(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err, const char *field)
{
	static const char *const keys[] = { "staff_id", "name", NULL };
	json_t *res = cj_decode_keep(a, json_array()), *p;
	size_t i;

	json_array_foreach (in, i, p) {
		json_t *id = json_object_get(p, "staff_id"), *o = json_object();
		const char *name = NULL;

		json_array_append_new(res, o);
		if (!json_is_object(p) || cj_json_only_keys(p, keys) < 0 ||
		    (id && !json_is_null(id) &&
		     (!json_is_integer(id) || json_integer_value(id) <= 0)))
			return cj_decode_bad_type(err, field);
		if (json_object_get(p, "name") &&
		    cj_decode_text(a, NULL, field, json_object_get(p, "name"), 100, &name, err) < 0)
			return -CJ_EINVAL;
		if ((!id || json_is_null(id)) && (!name || !*name))
			return cj_error_setarg(err, CJ_EINVAL, CJ_M_PERSON, field, field);
		json_object_set_new(o, "staff_id",
		                    id && !json_is_null(id) ? json_incref(id) : json_null());
		json_object_set_new(o, "name", name && *name ? json_string(name) : json_null());
	}
	*out = res;
	return 0;
}

int
cj_list_leaders(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	return persons(a, in, out, err, "leaders");
}

int
cj_list_members(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	return persons(a, in, out, err, "members");
}

int
cj_list_people(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err)
{
	return persons(a, in, out, err, "people");
}

/*
 * JSON bodies against each entity's descriptor: the first byte picks the
 * entity (cj_entity_at), the second whether it is a create and whether a
 * "version" may ride along; the rest is the body, through cj_body_parse and
 * cj_record_decode as a create or update route runs them.  A record that
 * decodes must hold only the descriptor's writable fields, and decoding it
 * again must give it back unchanged (the normalisers are idempotent).
 */
#include "api/api.h"
#include "core/entity.h"
#include "fuzz.h"
#include "lib/arena.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cj_entity *e;
	struct cj_arena *a;
	struct cj_error err = { 0 };
	json_t *in, *out, *again, *scalars;
	const char *key;
	json_t *v;
	void *tmp;
	int create, allow_version, list_required, rc;

	if (size < 2)
		return 0;
	e = cj_entity_at(data[0] % cj_entity_count());
	create = data[1] & 1;
	allow_version = (data[1] >> 1) & 1;
	a = cj_arena_new();
	rc = cj_body_parse(a, (const char *)data + 2, size - 2, &in, &err);
	if (rc < 0) {
		FUZZ_CHECK(in == NULL && err.code == CJ_EBADJSON);
		goto out;
	}
	FUZZ_CHECK(json_is_object(in));
	rc = cj_record_decode(a, e, in, create, allow_version, &out, &err);
	if (rc < 0) {
		FUZZ_CHECK(out == NULL && rc == -err.code && err.code);
		goto out;
	}
	FUZZ_CHECK(json_is_object(out) && err.code == 0);
	json_object_foreach (out, key, v) {
		const struct cj_field *f = cj_entity_field(e, key);

		FUZZ_CHECK(f && !(f->flags & CJ_F_RO));
		FUZZ_CHECK(create || !(f->flags & CJ_F_FIXED));
	}
	/*
	 * A list field decodes into its stored shape (defaults filled in, a
	 * dictionary value's "label_en": null), which is not its input shape:
	 * only the scalar fields are decoded again.
	 */
	scalars = cj_decode_keep(a, json_object());
	json_object_foreach (out, key, v)
		if (cj_entity_field(e, key)->type != CJ_T_LIST)
			json_object_set(scalars, key, v);
	rc = cj_record_decode(a, e, scalars, create, 0, &again, &err);
	list_required =
	    rc < 0 && err.msg == CJ_M_REQUIRED && cj_entity_field(e, err.field)->type == CJ_T_LIST;
	if (rc < 0 && !list_required)
		fprintf(stderr, "decoded %s does not decode again: %s\n", e->name, err.field);
	if (rc == 0) {
		json_object_foreach_safe (again, tmp, key, v)
			if (cj_entity_field(e, key)->type == CJ_T_LIST)
				json_object_del(again, key);
	}
	FUZZ_CHECK(rc == 0 || list_required);
	FUZZ_CHECK(rc < 0 || json_equal(scalars, again));
out:
	cj_arena_free(a);
	return 0;
}

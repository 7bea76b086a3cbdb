/* core/: the carrier state machine, action targets, dictionaries, entity tables, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/dict.h"
#include "core/entity.h"
#include "core/error.h"
#include "modules/registry/registry.h"

static int
move(const char *from, const char *to, const char *reason)
{
	struct cj_error err = { 0 };

	return cj_carrier_transition(from, to, reason, &err);
}

static void
test_transitions_allowed(void **state)
{
	assert_int_equal(move("negotiating", "signed", NULL), 0);
	assert_int_equal(move("signed", "active", NULL), 0);
	assert_int_equal(move("active", "ended", "expired"), 0);
	/* terminated ends any state that has not ended */
	assert_int_equal(move("negotiating", "ended", "terminated"), 0);
	assert_int_equal(move("signed", "ended", "terminated"), 0);
	assert_int_equal(move("active", "ended", "terminated"), 0);
	/* staying is no move */
	assert_int_equal(move("active", "active", NULL), 0);
}

static void
test_transitions_refused(void **state)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_carrier_transition("active", "signed", NULL, &err), -CJ_ETRANSITION);
	assert_string_equal(err.field, "status");
	assert_int_equal(move("negotiating", "active", NULL), -CJ_ETRANSITION); /* a jump */
	assert_int_equal(move("signed", "ended", "expired"), -CJ_ETRANSITION); /* not yet running */
	assert_int_equal(move("ended", "active", NULL), -CJ_ETRANSITION);
	assert_int_equal(move("ended", "negotiating", NULL), -CJ_ETRANSITION);
	assert_int_equal(move("active", "negotiating", NULL), -CJ_ETRANSITION);
	assert_int_equal(move("active", "ended", NULL), -CJ_ETRANSITION);
	assert_int_equal(move("active", "bogus", NULL), -CJ_EINVAL);
}

static void
test_end_reason(void **state)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_carrier_check_end("ended", "expired", &err), 0);
	assert_int_equal(cj_carrier_check_end("active", NULL, &err), 0);
	assert_int_equal(cj_carrier_check_end("ended", NULL, &err), -CJ_EINVAL);
	assert_string_equal(err.field, "end_reason");
	cj_error_clear(&err);
	assert_int_equal(cj_carrier_check_end("signed", "terminated", &err), -CJ_EINVAL);
}

static void
test_actions(void **state)
{
	assert_true(cj_action_allows("plaque_awarded", "carrier"));
	assert_true(cj_action_allows("agreement_signed", "carrier"));
	assert_false(cj_action_allows("flag_awarded", "carrier"));
	assert_false(cj_action_allows("task_book_issued", "carrier"));
}

static void
test_dictionaries(void **state)
{
	const struct cj_dict_value *v = cj_dict_lookup("carrier_kind", "training_base");

	assert_non_null(v);
	assert_string_equal(v->zh, "校外实训基地");
	assert_null(cj_dict_lookup("carrier_kind", "bogus"));
	assert_null(cj_dict_lookup("bogus", "training_base"));
	/* every dictionary has values with both labels and a tag colour, no value twice */
	for (size_t i = 0; i < cj_dict_count(); i++) {
		const struct cj_dict *d = cj_dict_at(i);

		assert_true(d->nvalues > 0);
		assert_true(strlen(d->zh) > 0 && strlen(d->en) > 0);
		for (size_t k = 0; k < d->nvalues; k++) {
			assert_true(strlen(d->values[k].zh) > 0 && strlen(d->values[k].en) > 0);
			assert_non_null(d->values[k].color);
			for (size_t j = 0; j < k; j++)
				assert_string_not_equal(d->values[j].value, d->values[k].value);
		}
	}
}

static void
test_entities_consistent(void **state)
{
	const struct cj_entity *all[] = { &cj_entity_tenant,     &cj_entity_department,
		                          &cj_entity_staff,      &cj_entity_user,
		                          &cj_entity_enterprise, &cj_entity_carrier,
		                          &cj_entity_event,      &cj_entity_dictionary };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const struct cj_entity *e = all[i];
		int names = 0;

		for (size_t k = 0; k < e->nfields; k++) {
			const struct cj_field *f = &e->fields[k];

			names += !!(f->flags & CJ_F_NAME);
			if (f->type == CJ_T_ENUM)
				assert_non_null(cj_dict_find(f->arg));
			if (f->type == CJ_T_REF)
				assert_non_null(f->arg);
			if (f->flags & CJ_F_DEFAULT)
				assert_non_null(f->def);
			/* a field cannot be both input-only and output-only */
			assert_false((f->flags & CJ_F_RO) && (f->flags & CJ_F_WO));
			assert_ptr_equal(cj_entity_field(e, f->name), f);
		}
		assert_int_equal(names, 1);
	}
}

static void
test_errors(void **state)
{
	struct cj_error err = { 0 };
	char buf[200];

	assert_int_equal(cj_error_set(&err, CJ_EINVAL, CJ_M_REQUIRED, "name"), -CJ_EINVAL);
	/* the first cause wins */
	cj_error_set(&err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "other");
	assert_int_equal(err.code, CJ_EINVAL);
	assert_string_equal(err.field, "name");
	assert_string_equal(cj_error_message(&err, 0, buf, sizeof(buf)), "必填项不能为空：name");
	assert_string_equal(cj_error_message(&err, 1, buf, sizeof(buf)), "name is required");
	assert_int_equal(cj_error_status(CJ_EVERSION), 409);
	assert_string_equal(cj_error_slug(CJ_EVERSION), "version_conflict");
	assert_int_equal(cj_error_status(CJ_ETOOBIG), 413);
	assert_int_equal(cj_error_status(9999), 500);
	/* a long argument is cut, never overflows */
	cj_error_clear(&err);
	cj_error_setarg(
	    &err, CJ_EINVAL, CJ_M_NOT_FOUND, "f",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_int_equal(strlen(err.arg), sizeof(err.arg) - 1);
	assert_true(strlen(cj_error_message(&err, 1, buf, 20)) < 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions_allowed),
		cmocka_unit_test(test_transitions_refused),
		cmocka_unit_test(test_end_reason),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_dictionaries),
		cmocka_unit_test(test_entities_consistent),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("domain", tests, NULL, NULL);
}

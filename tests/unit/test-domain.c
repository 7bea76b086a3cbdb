/* core/: the carrier state machine, action targets, dictionaries, entity tables, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/dict.h"
#include "core/entity.h"
#include "api/routes.h"
#include "core/error.h"
#include "store/hooks.h"
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

/* The entity whose table is t, or NULL. */
static const struct cj_entity *
by_table(const char *t)
{
	for (size_t i = 0, n = cj_entity_count(); i < n; i++)
		if (!strcmp(cj_entity_at(i)->table, t))
			return cj_entity_at(i);
	return NULL;
}

/* Every entity of the platform and of every module, as the registries walk them. */
static void
test_entities_consistent(void **state)
{
	size_t n = cj_entity_count();

	assert_true(n >= 23);
	for (size_t i = 0; i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);
		const struct cj_hooks *h = cj_hooks_for(e);
		int names = 0;

		print_message("%-18s %-20s %2zu fields\n", e->name, e->table, e->nfields);
		/* found by its name and its table, and by no other */
		assert_ptr_equal(cj_entity_find(e->name), e);
		assert_ptr_equal(by_table(e->table), e);
		if (e->target_type) {
			assert_ptr_equal(cj_entity_by_target(e->target_type), e);
			assert_non_null(e->actions);
			assert_non_null(cj_entity_name_field(e));
		}
		for (size_t k = 0; k < e->nfields; k++) {
			const struct cj_field *f = &e->fields[k];

			names += !!(f->flags & CJ_F_NAME);
			if (f->type == CJ_T_ENUM) {
				assert_non_null(cj_dict_find(f->arg));
				if (f->flags & CJ_F_DEFAULT)
					assert_non_null(cj_dict_lookup(f->arg, f->def));
			}
			/* a reference names a table of the same college */
			if (f->type == CJ_T_REF) {
				assert_non_null(f->arg);
				assert_non_null(by_table(f->arg));
			}
			/* a child list has its decoder and a bound; only lists have decoders */
			if (f->type == CJ_T_LIST) {
				assert_non_null(f->decode);
				assert_true(f->max > 0);
				assert_true(f->flags & CJ_F_NOCOL);
			} else {
				assert_null(f->decode);
			}
			if (f->type == CJ_T_TEXT && !(f->flags & CJ_F_HIDDEN))
				assert_true(f->max > 0);
			if (f->type == CJ_T_INT)
				assert_true(f->min <= f->max);
			if (f->flags & CJ_F_DEFAULT)
				assert_non_null(f->def);
			/* filters and sort keys are columns */
			if (f->flags & (CJ_F_FILTER | CJ_F_PREFIX | CJ_F_SORT | CJ_F_UNIQUE))
				assert_false(f->flags & CJ_F_NOCOL);
			/* a field cannot be both input-only and output-only */
			assert_false((f->flags & CJ_F_RO) && (f->flags & CJ_F_WO));
			assert_ptr_equal(cj_entity_field(e, f->name), f);
		}
		assert_true(names <= 1);
		/* a named filter never hides a field of the same name */
		for (const struct cj_filter *nf = h ? h->filters : NULL; nf && nf->name; nf++) {
			assert_null(cj_entity_field(e, nf->name));
			assert_non_null(nf->sql);
			if (nf->arg == CJ_FA_ENUM)
				assert_non_null(cj_dict_find(nf->dict));
			if (nf->arg == CJ_FA_BOOL || nf->arg == CJ_FA_LEVEL)
				assert_non_null(nf->sql_false);
		}
	}
	/* every route's resource is a registered entity */
	{
		const struct cj_route *r;

		for (size_t i = 0; (r = cj_route_at(i)); i++)
			if (r->res)
				assert_ptr_equal(cj_entity_find(r->res->e->name), r->res->e);
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

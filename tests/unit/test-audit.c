/*
 * The audit log's hash chain (store/audit.c): every hashed field changes the
 * hash, a missing value is not an empty one, appended rows verify, and the
 * same database read with another key file does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/util.h"
#include "store/store.h"

static void
test_row_hash_covers_every_field(void **state)
{
	char dir[] = "/tmp/cj-audit.XXXXXX", db[96], key[100], base[65], h[65];
	struct cj_error err = { 0 };
	struct cj_store *st;
	struct cj_audit_row r = { .seq = 3,
		                  .has_seq = 1,
		                  .user_id = 7,
		                  .has_user_id = 1,
		                  .entity_id = 9,
		                  .has_entity_id = 1,
		                  .at = "2024-01-01T00:00:00Z",
		                  .username = "admin",
		                  .action = "update",
		                  .entity = "enterprise",
		                  .before_json = "{\"a\":1}",
		                  .after_json = "{\"a\":2}",
		                  .prev_hash = "00" };
	struct cj_audit_row m;

	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/a.db", dir);
	snprintf(key, sizeof(key), "%s.key", db);
	assert_int_equal(cj_store_open(db, key, &st, &err), 0);
	cj_audit_row_hash(st, 2, &r, base);
	assert_int_equal(strlen(base), 64);
	cj_audit_row_hash(st, 2, &r, h);
	assert_string_equal(h, base);
	cj_audit_row_hash(st, 3, &r, h); /* another college */
	assert_string_not_equal(h, base);
	for (int k = 0; k < 12; k++) {
		m = r;
		switch (k) {
		case 0:
			m.seq = 4;
			break;
		case 1:
			m.user_id = 8;
			break;
		case 2:
			m.has_user_id = 0, m.user_id = 0;
			break;
		case 3:
			m.entity_id = 10;
			break;
		case 4:
			m.at = "2024-01-01T00:00:01Z";
			break;
		case 5:
			m.username = "";
			break;
		case 6:
			m.action = "delete";
			break;
		case 7:
			m.entity = "carrier";
			break;
		case 8:
			m.before_json = NULL;
			break;
		case 9:
			m.after_json = "{\"a\":3}";
			break;
		case 10:
			m.prev_hash = "01";
			break;
		/* the boundary between two fields is not movable */
		case 11:
			m.username = "admi", m.action = "nupdate";
			break;
		}
		cj_audit_row_hash(st, 2, &m, h);
		if (!strcmp(h, base))
			fail_msg("changing field %d does not change the hash", k);
	}
	/* the row id is not hashed: a moved row keeps its hash input */
	m = r;
	m.id = 12345;
	cj_audit_row_hash(st, 2, &m, h);
	assert_string_equal(h, base);
	cj_store_free(st);
	snprintf(db, sizeof(db), "rm -rf '%s'", dir);
	assert_int_equal(system(db), 0);
}

static void
test_chain_verifies_with_its_key_only(void **state)
{
	char dir[] = "/tmp/cj-audit.XXXXXX", db[96], key[100], other[100];
	struct cj_error err = { 0 };
	struct cj_arena *a = cj_arena_new();
	struct cj_audit_check chk;
	struct cj_store *st;
	struct cj_ctx ctx;

	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/a.db", dir);
	snprintf(key, sizeof(key), "%s.key", db);
	snprintf(other, sizeof(other), "%s/other.key", dir);
	assert_int_equal(cj_store_open(db, key, &st, &err), 0);
	/* the platform college (1) exists from the first migration */
	assert_int_equal(cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&ctx, 1, &err), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(cj_store_audit(&ctx, "update", "tenant", 1, NULL, NULL, &err), 0);
	assert_int_equal(cj_ctx_end(&ctx, 1, &err), 0);
	assert_int_equal(cj_ctx_begin(st, a, CJ_TX_READ, &ctx, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&ctx, 1, &err), 0);
	assert_int_equal(cj_store_audit_verify(&ctx, NULL, NULL, &chk, &err), 0);
	assert_true(chk.ok);
	assert_int_equal(chk.rows, 5);
	cj_ctx_end(&ctx, 0, NULL);
	cj_store_free(st);
	/* another key file does not even open the database (its key's fingerprint is kept) */
	assert_true(cj_store_open(db, other, &st, &err) < 0);
	cj_error_clear(&err);
	/* and under another key the chain does not verify: it is keyed */
	assert_int_equal(cj_store_open(db, key, &st, &err), 0);
	st->keys.hash[0] ^= 1;
	assert_int_equal(cj_ctx_begin(st, a, CJ_TX_READ, &ctx, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&ctx, 1, &err), 0);
	assert_int_equal(cj_store_audit_verify(&ctx, NULL, NULL, &chk, &err), 0);
	assert_false(chk.ok);
	assert_int_equal(chk.bad_seq, 1);
	cj_ctx_end(&ctx, 0, NULL);
	cj_store_free(st);
	cj_arena_free(a);
	snprintf(db, sizeof(db), "rm -rf '%s'", dir);
	assert_int_equal(system(db), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_hash_covers_every_field),
		cmocka_unit_test(test_chain_verifies_with_its_key_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

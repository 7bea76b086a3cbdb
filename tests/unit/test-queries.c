/*
 * Lists without N+1: the queries a list page runs do not grow with the
 * page's size.  Every entity of every module is listed on the demo college
 * with pages of 1, 20 and 200 records, counting the statements the store
 * prepares (the driver's debug counter).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/uscc.h"
#include "lib/jsonw.h"
#include "lib/util.h"
#include "store/store.h"

/* The demo college in a database of its own, a unit of work open in its tenant. */
struct demo {
	char dir[32];
	struct cj_store *st;
	struct cj_arena *a;
	struct cj_ctx ctx;
};

static void
demo_open(struct demo *d, enum cj_tx_mode mode)
{
	struct cj_error err = { 0 };
	char db[96], key[100];
	int64_t tenant;

	snprintf(d->dir, sizeof(d->dir), "/tmp/cj-queries.XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(db, sizeof(db), "%s/q.db", d->dir);
	snprintf(key, sizeof(key), "%s.key", db);
	assert_int_equal(cj_store_open(db, key, &d->st, &err), 0);
	assert_int_equal(cj_demo_load(d->st, &err), 0);
	d->a = cj_arena_new();
	assert_int_equal(cj_ctx_begin(d->st, d->a, mode, &d->ctx, &err), 0);
	assert_int_equal(cj_store_tenant_by_code(&d->ctx, "jxjsxy", &tenant, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&d->ctx, tenant, &err), 0);
}

static void
demo_close(struct demo *d)
{
	char cmd[64];

	cj_ctx_end(&d->ctx, 0, NULL);
	cj_arena_free(d->a);
	cj_store_free(d->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_list_queries_constant(void **state)
{
	struct cj_error err = { 0 };
	struct demo d;
	struct cj_ctx *ctx = &d.ctx;
	int64_t big = 0;
	static const int64_t sizes[] = { 1, 20, 200 };

	demo_open(&d, CJ_TX_READ);
	for (size_t i = 0, n = cj_entity_count(); i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);
		long counts[3];
		int64_t total = 0;

		if (e->flags & CJ_EF_GLOBAL)
			continue;
		for (int k = 0; k < 3; k++) {
			struct cj_list_query q = { .page = 1, .size = sizes[k], .sort_col = "id" };
			json_t *items;
			long before = cj_db_queries();

			assert_int_equal(cj_store_list(ctx, e, &q, &items, &total, &err), 0);
			counts[k] = cj_db_queries() - before;
		}
		print_message(
		    "%-16s %5lld rows: %ld / %ld / %ld queries for pages of 1 / 20 / 200\n",
		    e->table, (long long)total, counts[0], counts[1], counts[2]);
		if (counts[0] != counts[1] || counts[1] != counts[2])
			fail_msg("%s: a list page's queries grow with its size", e->table);
		big += total >= 2;
	}
	/* the check means something only where the demo has pages to fill */
	assert_true(big >= 15);
	demo_close(&d);
}

/*
 * A list's answer written straight from its rows (cj_store_list_write) is byte
 * for byte the tree's (cj_store_list, then cj_json_write): every entity of the
 * demo college, whole pages, with a record whose text needs escaping.
 */
static void
test_list_write_as_tree(void **state)
{
	struct cj_error err = { 0 };
	struct demo d;
	struct cj_ctx *ctx = &d.ctx;
	int64_t id;
	int compared = 0;
	char uscc[19] = "91330400MA2B3C4D5";
	json_t *rec;

	(void)state;
	demo_open(&d, CJ_TX_WRITE);
	uscc[17] = cj_uscc_check_char(uscc);
	uscc[18] = '\0';
	rec = json_pack("{s:s,s:s,s:s,s:s}", "uscc", uscc, "name", "引号\"与反斜杠\\企业",
	                "industry_code", "C34", "address", "嘉兴市\"南湖\"区\\1号</script>𠀀");
	if (cj_record_create(ctx, cj_entity_find("enterprise"), 0, rec, &id, &err) < 0)
		fail_msg("create: %d %s %s", err.code, err.field, err.arg);
	for (size_t i = 0, n = cj_entity_count(); i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);
		struct cj_list_query q = { .page = 1, .size = 200, .sort_col = "id", .desc = 1 };
		struct cj_sbuf tree = CJ_SBUF_INIT, rows = CJ_SBUF_INIT;
		json_t *items;
		int64_t total;

		if (e->flags & CJ_EF_GLOBAL)
			continue;
		assert_int_equal(cj_store_list(ctx, e, &q, &items, &total, &err), 0);
		cj_sbuf_adds(&tree, "{\"items\":");
		cj_json_write(&tree, items);
		cj_sbuf_addf(&tree, ",\"total\":%lld,\"page\":1,\"size\":200}", (long long)total);
		assert_int_equal(cj_store_list_write(ctx, e, &q, &rows, &err), 0);
		if (strcmp(tree.buf, rows.buf))
			fail_msg("%s: the written list differs from the tree's:\n%s\n%s", e->table,
			         tree.buf, rows.buf);
		compared += total > 0;
		cj_sbuf_release(&tree);
		cj_sbuf_release(&rows);
	}
	assert_true(compared >= 15);
	demo_close(&d);
}

/*
 * A page's total is the filter's count on every page, past the last one
 * too: every entity of the demo college, paged by 7 to its end and asked
 * for page 1000; each page's total equals the rows of all its pages.
 */
static void
test_list_total_on_every_page(void **state)
{
	struct cj_error err = { 0 };
	struct demo d;
	struct cj_ctx *ctx = &d.ctx;
	int paged = 0;

	(void)state;
	demo_open(&d, CJ_TX_READ);
	for (size_t i = 0, n = cj_entity_count(); i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);
		int64_t rows = 0, first = -1, total;
		size_t got;

		if (e->flags & CJ_EF_GLOBAL)
			continue;
		for (int64_t page = 1;; page++) {
			struct cj_list_query q = { .page = page, .size = 7, .sort_col = "id" };
			json_t *items;

			assert_int_equal(cj_store_list(ctx, e, &q, &items, &total, &err), 0);
			if (first < 0)
				first = total;
			if (total != first)
				fail_msg("%s: page %lld says %lld rows, page 1 %lld", e->table,
				         (long long)page, (long long)total, (long long)first);
			got = json_array_size(items);
			rows += (int64_t)got;
			if (got < 7) {
				paged += page > 2;
				break;
			}
		}
		if (rows != first)
			fail_msg("%s: %lld rows paged, total %lld", e->table, (long long)rows,
			         (long long)first);
		{
			struct cj_list_query q = { .page = 1000, .size = 7, .sort_col = "id" };
			json_t *items;

			assert_int_equal(cj_store_list(ctx, e, &q, &items, &total, &err), 0);
			assert_int_equal(json_array_size(items), 0);
			if (total != first)
				fail_msg("%s: page 1000 says %lld rows, page 1 %lld", e->table,
				         (long long)total, (long long)first);
		}
	}
	/* the check means something only where the demo has several pages */
	assert_true(paged >= 5);
	demo_close(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_queries_constant),
		cmocka_unit_test(test_list_write_as_tree),
		cmocka_unit_test(test_list_total_on_every_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

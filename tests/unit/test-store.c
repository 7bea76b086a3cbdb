/*
 * The store conformance suite: the same domain operations on SQLite (a
 * temporary file) or, when CJ_TEST_DB_PG names a database, on PostgreSQL.
 * Each run makes two colleges of its own, so runs can share a database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api.h"
#include "core/uscc.h"
#include "lib/util.h"
#include "modules/dashboard/gen.h"
#include "modules/registry/registry.h"
#include "modules/talent/talent.h"
#include "store/behind.h"
#include "store/pg-watch.h"
#include "store/query.h"
#include "store/store.h"

struct fx {
	struct cj_store *st;
	struct cj_arena *arena;
	struct cj_ctx ctx;
	int64_t a, b; /* two colleges */
	char dir[64];
	char suffix[16];
};

static json_t *
parse(struct fx *f, const char *fmt, ...)
{
	char buf[2048];
	json_t *in;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	in = json_loads(buf, 0, NULL);
	assert_non_null(in);
	cj_ctx_keep(&f->ctx, in);
	return in;
}

/* Decode in as a new record of e, as the API would. */
static json_t *
record(struct fx *f, const struct cj_entity *e, json_t *in, int create)
{
	struct cj_error err = { 0 };
	json_t *rec;

	assert_int_equal(cj_record_decode(f->arena, e, in, create, 1, &rec, &err), 0);
	return rec;
}

static void
uscc(char out[19], int seed)
{
	snprintf(out, 19, "91330400%08d", seed % 100000000);
	out[16] = 'X';
	out[17] = cj_uscc_check_char(out);
	out[18] = '\0';
}

static int64_t
make_tenant(struct fx *f, const char *code)
{
	struct cj_error err = { 0 };
	int64_t id;
	json_t *in =
	    parse(f,
	          "{\"code\":\"%s%s\",\"name\":\"测试学院%s\",\"kind\":\"technician_college\","
	          "\"region_code\":\"330400\"}",
	          code, f->suffix, code);

	assert_int_equal(cj_store_create(&f->ctx, &cj_entity_tenant,
	                                 record(f, &cj_entity_tenant, in, 1), &id, &err),
	                 0);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = cj_xcalloc(1, sizeof(*f));
	struct cj_error err = { 0 };
	const char *pg = getenv("CJ_TEST_DB_PG");
	char db[128], key[128];

	snprintf(f->suffix, sizeof(f->suffix), "%d%d", (int)getpid(), rand() % 1000);
	snprintf(f->dir, sizeof(f->dir), "/tmp/cj-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(db, sizeof(db), "%s/t.db", f->dir);
	snprintf(key, sizeof(key), "%s/t.key", f->dir);
	/* One PostgreSQL database for every test: one key, recorded in it by the first. */
	if (pg && *pg)
		snprintf(key, sizeof(key), "/tmp/cj-unit-pg-%u.key", (unsigned)getuid());
	assert_int_equal(cj_store_open(pg && *pg ? pg : db, key, &f->st, &err), 0);
	f->arena = cj_arena_new();
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
	f->a = make_tenant(f, "ta");
	f->b = make_tenant(f, "tb");
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	/* Roll back: the colleges and everything in them are gone again. */
	cj_ctx_end(&f->ctx, 0, NULL);
	cj_arena_free(f->arena);
	cj_store_free(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int64_t
make_enterprise(struct fx *f, int seed, const char *phone)
{
	struct cj_error err = { 0 };
	char code[19];
	int64_t id;

	uscc(code, seed);
	assert_int_equal(
	    cj_store_create(&f->ctx, &cj_entity_enterprise,
	                    record(f, &cj_entity_enterprise,
	                           parse(f,
	                                 "{\"name\":\"企业%d\",\"uscc\":\"%s\","
	                                 "\"contact_phone\":\"%s\",\"industry_code\":\"C34\"}",
	                                 seed, code, phone),
	                           1),
	                    &id, &err),
	    0);
	return id;
}

static void
test_create_get_masked(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	int64_t id = make_enterprise(f, 1, "13812345678");
	json_t *out, *pii;

	assert_int_equal(cj_store_get(&f->ctx, &cj_entity_enterprise, id, CJ_DETAIL, &out, &err),
	                 0);
	assert_string_equal(json_string_value(json_object_get(out, "contact_phone")),
	                    "138****5678");
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 1);
	assert_int_equal(cj_store_pii(&f->ctx, &cj_entity_enterprise, id, &pii, &err), 0);
	assert_string_equal(json_string_value(json_object_get(pii, "contact_phone")),
	                    "13812345678");
}

static void
test_other_tenant_not_found(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_list_query q = { .page = 1, .size = 10, .sort_col = "id" };
	int64_t id = make_enterprise(f, 2, "13812345678"), total = -1;
	json_t *out, *items;

	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->b, &err), 0);
	assert_int_equal(cj_store_get(&f->ctx, &cj_entity_enterprise, id, CJ_DETAIL, &out, &err),
	                 -CJ_ENOTFOUND);
	assert_int_equal(cj_store_exists(&f->ctx, "enterprises", id, &err), 0);
	assert_int_equal(cj_store_list(&f->ctx, &cj_entity_enterprise, &q, &items, &total, &err),
	                 0);
	assert_int_equal(total, 0);
	cj_error_clear(&err);
	assert_int_equal(
	    cj_store_update(&f->ctx, &cj_entity_enterprise, id, 1,
	                    record(f, &cj_entity_enterprise, parse(f, "{\"remark\":\"x\"}"), 0),
	                    &err),
	    -CJ_ENOTFOUND);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
}

/*
 * A read's pipeline moved to another tenant mid-way (api/share.h checks
 * many colleges' sessions in one): each statement runs in the tenant set
 * before it was sent, also past the pipeline's size (a new pipeline opens
 * in the tenant of the moment), and the transaction stays read-only; the
 * moves cost no round trip of their own.  On SQLite (no pipeline) the
 * tenant is the query's filter alone.
 */
#define SETTINGS "SELECT current_setting('app.tenant_id'), current_setting('transaction_read_only')"

static void
test_read_pipeline_switches_tenant(void **state)
{
	enum { N = 300 };
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_stmt *s[N];
	int64_t want[N];
	struct cj_ctx c;
	long trips;

	assert_int_equal(cj_ctx_begin(f->st, f->arena, 0, &c, &err), 0);
	if (!cj_conn_pipelined(c.conn)) {
		assert_null(getenv("CJ_TEST_DB_PG") && *getenv("CJ_TEST_DB_PG") ? "pipelined"
		                                                                : NULL);
		cj_ctx_end(&c, 0, NULL);
		return;
	}
	/* prepared once on the connection first (that is a round trip of its own) */
	assert_int_equal(cj_stmt_prepare(c.conn, SETTINGS, &s[0], &err), 0);
	cj_stmt_free(s[0]);
	c.tenant_id = 7;
	trips = cj_db_round_trips();
	assert_int_equal(cj_ctx_tx(&c, CJ_TX_READ, &err), 0);
	for (int i = 0; i < N; i++) {
		if (i && i % 3 == 0)
			assert_int_equal(cj_ctx_set_tenant(&c, 7 + i / 3, &err), 0);
		want[i] = c.tenant_id;
		assert_int_equal(cj_stmt_prepare(c.conn, SETTINGS, &s[i], &err), 0);
		assert_int_equal(cj_stmt_send(s[i], &err), 0);
	}
	for (int i = 0; i < N; i++) {
		assert_int_equal(cj_stmt_step(s[i], &err), 1);
		assert_int_equal(strtoll(cj_stmt_text(s[i], 0), NULL, 10), want[i]);
		assert_string_equal(cj_stmt_text(s[i], 1), "on");
		cj_stmt_free(s[i]);
	}
	/* 300 statements and 99 moves: two pipelines of at most 256 */
	assert_int_equal(cj_db_round_trips() - trips, 2);
	cj_ctx_end(&c, 0, NULL);
}

/*
 * On PostgreSQL a list's count and page are planned once, not at every
 * request (db.h: generic_plans_sql): the setting holds in the list's
 * transaction after its page.  SQLite has no such statement.
 */
static void
test_list_generic_plans(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_list_query q = { .page = 1, .size = 10, .sort_col = "id" };
	const char *pg = getenv("CJ_TEST_DB_PG");
	int64_t total;
	json_t *items, *mode;
	int rc;

	if (!(pg && *pg)) {
		assert_null(cj_conn_generic_plans_sql(f->ctx.conn));
		return;
	}
	make_enterprise(f, 4, "13812345678");
	mode = cj_q_rows(&f->ctx, "SELECT current_setting('plan_cache_mode') AS m", "t", &rc, &err,
	                 "");
	assert_non_null(mode);
	assert_string_equal(json_string_value(json_object_get(json_array_get(mode, 0), "m")),
	                    "auto");
	assert_int_equal(cj_store_list(&f->ctx, &cj_entity_enterprise, &q, &items, &total, &err),
	                 0);
	assert_int_equal(total, 1);
	mode = cj_q_rows(&f->ctx, "SELECT current_setting('plan_cache_mode') AS m", "t", &rc, &err,
	                 "");
	assert_non_null(mode);
	assert_string_equal(json_string_value(json_object_get(json_array_get(mode, 0), "m")),
	                    "force_generic_plan");
}

static void
test_version_conflict(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	int64_t id = make_enterprise(f, 3, "13812345678");
	json_t *out;

	assert_int_equal(
	    cj_store_update(&f->ctx, &cj_entity_enterprise, id, 1,
	                    record(f, &cj_entity_enterprise, parse(f, "{\"remark\":\"one\"}"), 0),
	                    &err),
	    0);
	assert_int_equal(
	    cj_store_update(&f->ctx, &cj_entity_enterprise, id, 1,
	                    record(f, &cj_entity_enterprise, parse(f, "{\"remark\":\"two\"}"), 0),
	                    &err),
	    -CJ_EVERSION);
	assert_string_equal(err.field, "version");
	cj_error_clear(&err);
	assert_int_equal(cj_store_get(&f->ctx, &cj_entity_enterprise, id, CJ_LIST_ROW, &out, &err),
	                 0);
	assert_string_equal(json_string_value(json_object_get(out, "remark")), "one");
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
}

static void
test_unique_per_tenant(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	char code[19];
	int64_t id;

	make_enterprise(f, 4, "13812345678");
	uscc(code, 4);
	assert_int_equal(
	    cj_store_create(&f->ctx, &cj_entity_enterprise,
	                    record(f, &cj_entity_enterprise,
	                           parse(f, "{\"name\":\"重复\",\"uscc\":\"%s\"}", code), 1),
	                    &id, &err),
	    -CJ_EEXISTS);
	assert_string_equal(err.field, "uscc");
	cj_error_clear(&err);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->b, &err), 0);
	assert_int_equal(
	    cj_store_create(&f->ctx, &cj_entity_enterprise,
	                    record(f, &cj_entity_enterprise,
	                           parse(f, "{\"name\":\"别校\",\"uscc\":\"%s\"}", code), 1),
	                    &id, &err),
	    0);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
}

static void
test_carrier_partners_and_moves(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	int64_t e = make_enterprise(f, 5, "13812345678"), c;
	json_t *out;

	assert_int_equal(
	    cj_store_create(&f->ctx, &cj_entity_carrier,
	                    record(f, &cj_entity_carrier,
	                           parse(f,
	                                 "{\"kind\":\"training_base\",\"name\":\"基地\","
	                                 "\"partners\":[{\"enterprise_id\":%lld,"
	                                 "\"lead\":true}]}",
	                                 (long long)e),
	                           1),
	                    &c, &err),
	    0);
	assert_int_equal(cj_store_get(&f->ctx, &cj_entity_carrier, c, CJ_DETAIL, &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "negotiating");
	assert_int_equal(json_array_size(json_object_get(out, "partners")), 1);
	assert_int_equal(json_array_size(json_object_get(out, "status_history")), 1);
	/*
	 * Its statements now prepared, a carrier's detail (the row, its
	 * partners, history and events) is one round trip on PostgreSQL
	 * (hooks.h: send_detail), and a record not found frees what was sent.
	 */
	{
		const char *pg = getenv("CJ_TEST_DB_PG");
		long before = cj_db_round_trips();

		assert_int_equal(
		    cj_store_get(&f->ctx, &cj_entity_carrier, c, CJ_DETAIL, &out, &err), 0);
		assert_int_equal(cj_db_round_trips() - before, pg && *pg ? 1 : 0);
		assert_int_equal(json_array_size(json_object_get(out, "partners")), 1);
		assert_int_equal(json_array_size(json_object_get(out, "status_history")), 1);
		assert_int_equal(
		    cj_store_get(&f->ctx, &cj_entity_carrier, c + 1000, CJ_DETAIL, &out, &err),
		    -CJ_ENOTFOUND);
		cj_error_clear(&err);
	}
	/* negotiating -> active skips a step */
	assert_int_equal(
	    cj_store_update(&f->ctx, &cj_entity_carrier, c, 1,
	                    record(f, &cj_entity_carrier, parse(f, "{\"status\":\"active\"}"), 0),
	                    &err),
	    -CJ_ETRANSITION);
	cj_error_clear(&err);
	assert_int_equal(
	    cj_store_update(&f->ctx, &cj_entity_carrier, c, 1,
	                    record(f, &cj_entity_carrier, parse(f, "{\"status\":\"signed\"}"), 0),
	                    &err),
	    0);
	/* a partner of another college is not found */
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->b, &err), 0);
	assert_int_equal(
	    cj_store_create(&f->ctx, &cj_entity_carrier,
	                    record(f, &cj_entity_carrier,
	                           parse(f,
	                                 "{\"kind\":\"training_base\",\"name\":\"越界\","
	                                 "\"partners\":[{\"enterprise_id\":%lld,"
	                                 "\"lead\":true}]}",
	                                 (long long)e),
	                           1),
	                    &c, &err),
	    -CJ_ENOTFOUND);
	assert_string_equal(err.field, "partners");
	cj_error_clear(&err);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
	/* the partner cannot go while the carrier holds it */
	assert_int_equal(cj_store_delete(&f->ctx, &cj_entity_enterprise, e, -1, &err), -CJ_EINUSE);
	/* (on PostgreSQL the failed statement ends the transaction: this comes last) */
}

static void
test_audit_rows(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	int64_t id = make_enterprise(f, 6, "13812345678"), total = 0;
	json_t *items, *row;

	assert_int_equal(cj_store_delete(&f->ctx, &cj_entity_enterprise, id, 1, &err), 0);
	assert_int_equal(
	    cj_store_audit_list(&f->ctx, "enterprise", id, 1, 10, &items, &total, &err), 0);
	assert_int_equal(total, 2);
	row = json_array_get(items, 0); /* newest first */
	assert_string_equal(json_string_value(json_object_get(row, "action")), "delete");
	assert_true(json_is_object(json_object_get(row, "before")));
	assert_true(json_is_null(json_object_get(row, "after")));
	/* the image keeps the mask, never the number */
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(row, "before"), "contact_phone")),
	    "138****5678");
}

/* A generated record through the decoder (which must give it back unchanged) and every check. */
static int
make_checked(struct cj_ctx *ctx, const struct cj_entity *e, json_t *in, int64_t *id,
             struct cj_error *err)
{
	json_t *rec;

	assert_int_equal(cj_record_decode(ctx->arena, e, in, 1, 0, &rec, err), 0);
	assert_true(json_equal(rec, in));
	return cj_record_create(ctx, e, 0, in, id, err);
}

/* The rows of sql (one "?", the tenant) in tenant. */
static json_t *
rows_of(struct fx *f, int64_t tenant, const char *sql, const char *types)
{
	struct cj_error err = { 0 };
	json_t *rows;
	int rc = 0;

	assert_int_equal(cj_ctx_set_tenant(&f->ctx, tenant, &err), 0);
	rows = cj_q_rows(&f->ctx, sql, types, &rc, &err, "i", tenant);
	assert_non_null(rows);
	return rows;
}

/*
 * A generated college written as chanjiao gen writes it (no decoder, no
 * checks, one batch) holds the same records, search text and sealed values
 * as the same college through the decoder and every check of the store.
 */
static void
test_generated_college(void **state)
{
	static const char *const queries[][2] = {
		{ "SELECT name, kind FROM departments WHERE tenant_id = ? ORDER BY id", "tt" },
		{ "SELECT name, uscc, industry_code, size, region_code FROM enterprises"
		  " WHERE tenant_id = ? ORDER BY id",
		  "ttttt" },
		{ "SELECT c.name, c.kind, c.status, c.capacity, c.valid_from, c.valid_to,"
		  " c.end_reason, e.uscc FROM carriers c JOIN carrier_partners p ON p.carrier_id = "
		  "c.id"
		  " JOIN enterprises e ON e.id = p.enterprise_id WHERE c.tenant_id = ? ORDER BY "
		  "c.id",
		  "tttitttt" },
		{ "SELECT student_no, name, id_number_mask, phone_mask, specialty_code, "
		  "cohort_year,"
		  " status FROM students WHERE tenant_id = ? ORDER BY id",
		  "tttttit" },
		{ "SELECT s.student_no, e.uscc, p.kind, p.start_date, p.end_date, p.position, "
		  "p.status"
		  " FROM placements p JOIN students s ON s.id = p.student_id JOIN enterprises e"
		  " ON e.id = p.enterprise_id WHERE p.tenant_id = ? ORDER BY p.id",
		  "ttttttt" },
		{ "SELECT c.certificate_no, c.holder_name, s.name AS student, c.level, c.issue_date"
		  " FROM certificates c JOIN students s ON s.id = c.student_id WHERE c.tenant_id = "
		  "?"
		  " ORDER BY c.id",
		  "tttit" },
		{ "SELECT title, start_date, hours, trainees FROM trainings WHERE tenant_id = ?"
		  " ORDER BY id",
		  "ttii" },
		{ "SELECT title, kind, application_no, patent_status, contract_amount FROM outputs"
		  " WHERE tenant_id = ? ORDER BY id",
		  "tttti" },
		{ "SELECT c.certificate_no, c.holder_name, c.holder_id_number_mask, c.level,"
		  " c.issue_date, e.uscc FROM certificates c JOIN enterprises e ON e.id ="
		  " c.enterprise_id WHERE c.tenant_id = ? AND c.holder_type = 'employee' ORDER BY "
		  "c.id",
		  "tttitt" },
		{ "SELECT b.year, t.code, t.title, t.outline_order, t.deadline, t.status FROM "
		  "tasks t"
		  " JOIN task_books b ON b.id = t.task_book_id WHERE t.tenant_id = ? ORDER BY t.id",
		  "ittitt" },
		{ "SELECT i.name, i.target, r.date, r.percent, r.status, v.value FROM "
		  "progress_reports r"
		  " JOIN report_indicator_values v ON v.report_id = r.id JOIN indicators i"
		  " ON i.id = v.indicator_id WHERE r.tenant_id = ? ORDER BY r.id",
		  "tititi" },
		{ "SELECT kind, date, result, score FROM evaluations WHERE tenant_id = ? ORDER BY "
		  "id",
		  "ttti" },
		{ "SELECT entity, fname, names, pinyin, initials FROM search_index WHERE tenant_id "
		  "= ?"
		  " ORDER BY entity, fname, names",
		  "ttttt" },
	};
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_gen_college c = { .seed = 7,
		                    .region = "330402",
		                    .enterprises = 12,
		                    .students = 150,
		                    .first_year = 2022,
		                    .last_year = 2025 };
	json_t *one, *pii;
	int64_t sid;

	assert_int_equal(cj_gen_college_records(&f->ctx, &c, make_checked, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->b, &err), 0);
	cj_ctx_batch(&f->ctx);
	f->ctx.batch_trusted = 1;
	/* As chanjiao gen writes it: merges put off, behind, on a thread of the connection's own.
	 */
	assert_int_equal(cj_conn_search_merge_later(f->ctx.conn, &err), 0);
	assert_int_equal(cj_behind_start(f->ctx.conn, &err), 0);
	assert_int_equal(cj_gen_college_records(&f->ctx, &c, cj_gen_make_trusted, &err), 0);
	assert_int_equal(cj_behind_stop(f->ctx.conn, &err), 0);
	f->ctx.batch_creates = f->ctx.batch_trusted = 0;
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		json_t *a = rows_of(f, f->a, queries[i][0], queries[i][1]);
		json_t *b = rows_of(f, f->b, queries[i][0], queries[i][1]);

		assert_true(json_array_size(a) > 0);
		if (!json_equal(a, b))
			fail_msg("not the same: %s", queries[i][0]);
	}
	/* A student's sealed values open at their place, as the store seals them. */
	one = rows_of(f, f->b,
	              "SELECT id FROM students WHERE tenant_id = ? ORDER BY id DESC LIMIT 1", "i");
	sid = json_integer_value(json_object_get(json_array_get(one, 0), "id"));
	assert_int_equal(cj_store_pii(&f->ctx, &cj_entity_student, sid, &pii, &err), 0);
	assert_int_equal(strlen(json_string_value(json_object_get(pii, "id_number"))), 18);
	assert_int_equal(strlen(json_string_value(json_object_get(pii, "phone"))), 11);
}

/* Rename enterprise ent of college a (queued while writing behind: 0 at once). */
static void
rename_enterprise(struct fx *f, int64_t ent, const char *name)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_q_exec(&f->ctx,
	                           "UPDATE enterprises SET name = ? WHERE tenant_id = ?"
	                           " AND id = ?",
	                           &err, "tii", name, f->a, ent),
	                 0);
}

/* The name of enterprise ent of college a, read (a barrier while writing behind). */
static void
assert_enterprise_name(struct fx *f, int64_t ent, const char *name)
{
	struct cj_error err = { 0 };
	json_t *rows;
	int rc;

	rows = cj_q_rows(&f->ctx, "SELECT name FROM enterprises WHERE tenant_id = ? AND id = ?",
	                 "t", &rc, &err, "ii", f->a, ent);
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
	                    name);
}

/*
 * Writing behind (store/behind.h): a queued write is seen by the next
 * read; new ids come from a counter on SQLite; a write that fails is told
 * at the next barrier and at the stop, the writes queued after it are
 * dropped, and the batch rolls back.
 */
static void
test_write_behind(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	const char *pg = getenv("CJ_TEST_DB_PG");
	int sqlite = !(pg && *pg), rc;
	int64_t ent = make_enterprise(f, 4101, "13812345678"), id1, id2;
	long trips;
	json_t *rows;

	assert_int_equal(cj_behind_stop(f->ctx.conn, &err), 0); /* not started: nothing */
	assert_int_equal(cj_behind_start(f->ctx.conn, &err), 0);
	assert_int_equal(cj_behind_ids(f->ctx.conn), 1);
	/* Queued, not run: the step answers done at once. */
	rename_enterprise(f, ent, "写后读企业");
	assert_enterprise_name(f, ent, "写后读企业");
	/* A table's ids in turn, the second without asking the database. */
	assert_int_equal(cj_db_next_id(f->ctx.conn, "enterprises", &id1, &err), 0);
	assert_int_equal(cj_db_next_id(f->ctx.conn, "enterprises", &id2, &err), 0);
	assert_true(id1 > ent);
	if (sqlite)
		assert_int_equal(id2, id1 + 1);
	/* PostgreSQL draws them a block at a time: 300 ids, rising, in two statements. */
	trips = cj_db_round_trips();
	for (int i = 0; i < 300; i++) {
		assert_int_equal(cj_db_next_id(f->ctx.conn, "enterprises", &id1, &err), 0);
		assert_true(id1 > id2);
		id2 = id1;
	}
	if (!sqlite)
		assert_true(cj_db_round_trips() - trips <= 3); /* two blocks and a prepare */
	/* 200 queued writes are sent ahead: a few round trips, not one a write. */
	trips = cj_db_round_trips();
	for (int i = 0; i < 200; i++)
		rename_enterprise(f, ent, i % 2 ? "写后读企业" : "再写");
	assert_enterprise_name(f, ent, "写后读企业");
	if (!sqlite)
		assert_true(cj_db_round_trips() - trips <= 4);
	/* A write that breaks a constraint: queued as well, its error told at the next read. */
	assert_int_equal(
	    cj_q_exec(&f->ctx, "INSERT INTO enterprises (tenant_id) VALUES (?)", &err, "i", f->a),
	    0);
	rename_enterprise(f, ent, "失败之后");
	/* and a write whose text was never prepared: PostgreSQL refuses its prepare in the failed
	 * transaction, and the batch still tells the first failure, the NOT NULL */
	assert_int_equal(cj_q_exec(&f->ctx,
	                           "UPDATE enterprises SET size = ? WHERE tenant_id = ? AND id = ?"
	                           " AND 1 = 1",
	                           &err, "tii", "micro", f->a, ent),
	                 0);
	rows = cj_q_rows(&f->ctx, "SELECT name FROM enterprises WHERE tenant_id = ? AND id = ?",
	                 "t", &rc, &err, "ii", f->a, ent);
	assert_null(rows);
	assert_int_equal(rc, -CJ_EINVAL);
	assert_int_equal(err.code, CJ_EINVAL);
	/* Every later barrier, and the stop, tell it again. */
	memset(&err, 0, sizeof(err));
	assert_true(cj_conn_set_tenant(f->ctx.conn, f->a, &err) < 0);
	assert_int_equal(err.code, CJ_EINVAL);
	memset(&err, 0, sizeof(err));
	assert_int_equal(cj_behind_stop(f->ctx.conn, &err), rc);
	assert_int_equal(err.code, CJ_EINVAL);
	/* The batch rolls back; its enterprise, made before it started writing behind, too. */
	cj_ctx_end(&f->ctx, 0, NULL);
	memset(&err, 0, sizeof(err));
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_READ, &f->ctx, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, f->a, &err), 0);
	rows = cj_q_rows(&f->ctx, "SELECT count(*) AS n FROM enterprises WHERE tenant_id = ?", "i",
	                 &rc, &err, "i", f->a);
	assert_int_equal(rc, 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "n")), 0);
}

/* FTS5's automerge in search_fts_config as committed: -1 when not set. */
static int64_t
automerge(struct fx *f)
{
	struct cj_error err = { 0 };
	struct cj_ctx ctx;
	json_t *rows;
	int64_t v = -1;
	int rc;

	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_READ, &ctx, &err), 0);
	rows = cj_q_rows(&ctx, "SELECT v FROM search_fts_config WHERE k = 'automerge'", "i", &rc,
	                 &err, "");
	assert_int_equal(rc, 0);
	if (json_array_size(rows))
		v = json_integer_value(json_object_get(json_array_get(rows, 0), "v"));
	cj_ctx_end(&ctx, 0, NULL);
	return v;
}

/*
 * A generated college puts off the full-text index's merges in its own
 * transaction only: its COMMIT, or its ROLLBACK, leaves FTS5's settings
 * as they were; the index merged at the end checks.
 */
static void
test_search_merge_later(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	const char *pg = getenv("CJ_TEST_DB_PG");
	int64_t was;

	cj_ctx_end(&f->ctx, 0, NULL); /* the fixture's colleges are not needed */
	if (pg && *pg) {
		/* PostgreSQL indexes search_index itself: nothing to put off or merge. */
		assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
		assert_int_equal(cj_conn_search_merge_later(f->ctx.conn, &err), 0);
		assert_int_equal(cj_conn_search_merge(f->ctx.conn, &err), 0);
		return;
	}
	was = automerge(f);
	for (int commit = 1; commit >= 0; commit--) {
		struct cj_ctx ctx;
		json_t *rows;
		int rc;

		assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &ctx, &err), 0);
		assert_int_equal(cj_conn_search_merge_later(ctx.conn, &err), 0);
		rows = cj_q_rows(&ctx, "SELECT v FROM search_fts_config WHERE k = 'automerge'", "i",
		                 &rc, &err, "");
		assert_int_equal(rc, 0);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "v")),
		                 0);
		assert_int_equal(cj_ctx_end(&ctx, commit, &err), 0);
		assert_int_equal(automerge(f), commit ? 4 : was);
		was = automerge(f);
	}
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
	assert_int_equal(cj_conn_search_merge(f->ctx.conn, &err), 0);
	assert_int_equal(cj_conn_search_check(f->ctx.conn, &err), 0);
}

/* The fixture's store closed and opened again, as a server's start opens it. */
static void
reopen(struct fx *f)
{
	struct cj_error err = { 0 };
	const char *pg = getenv("CJ_TEST_DB_PG");
	char db[128], key[128];

	snprintf(db, sizeof(db), "%s/t.db", f->dir);
	snprintf(key, sizeof(key), "%s/t.key", f->dir);
	if (pg && *pg)
		snprintf(key, sizeof(key), "/tmp/cj-unit-pg-%u.key", (unsigned)getuid());
	cj_store_free(f->st);
	assert_int_equal(cj_store_open(pg && *pg ? pg : db, key, &f->st, &err), 0);
}

/* Run sql (binding the tenant, then the text arg when set) in tenant, committed; its rows. */
static json_t *
committed(struct fx *f, int64_t tenant, const char *sql, const char *types, const char *arg)
{
	struct cj_error err = { 0 };
	json_t *rows;
	int rc = 0;

	cj_arena_free(f->arena);
	f->arena = cj_arena_new();
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
	assert_int_equal(cj_ctx_set_tenant(&f->ctx, tenant, &err), 0);
	rows = arg ? cj_q_rows(&f->ctx, sql, types, &rc, &err, "it", tenant, arg)
	           : cj_q_rows(&f->ctx, sql, types, &rc, &err, "i", tenant);
	assert_non_null(rows);
	json_incref(rows);
	assert_int_equal(cj_ctx_end(&f->ctx, 1, &err), 0);
	return rows;
}

/* Whether the department named name has its search index row. */
static int
indexed(struct fx *f, int64_t tenant, const char *name)
{
	json_t *rows =
	    committed(f, tenant,
	              "SELECT count(*) AS n FROM search_index s JOIN departments d"
	              " ON d.tenant_id = s.tenant_id AND d.id = s.record_id"
	              " WHERE s.tenant_id = ? AND s.entity = 'department' AND d.name = ?",
	              "i", name);
	int n = (int)json_integer_value(json_object_get(json_array_get(rows, 0), "n"));

	json_decref(rows);
	return n;
}

/* A department written behind the store's back (as chanjiao move copies rows): no index row. */
static void
raw_department(struct fx *f, int64_t tenant, const char *name)
{
	json_decref(committed(f, tenant,
	                      "INSERT INTO departments (tenant_id, name, kind, version, created_at,"
	                      " updated_at) VALUES (?, ?, 'academic', 1, '2026-01-01T00:00:00Z',"
	                      " '2026-01-01T00:00:00Z') RETURNING id",
	                      "i", name));
}

/*
 * The store fills the search index of a college once (tenants.search_filled): a
 * record without its index row is indexed at the next open while the
 * college is not marked, and passed by once it is.
 */
static void
test_search_fill_once(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	int64_t tenant;
	json_t *rows;

	/* The fixture's uncommitted colleges go; this test commits its own. */
	cj_ctx_end(&f->ctx, 0, NULL);
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
	tenant = make_tenant(f, "tf");
	assert_int_equal(cj_ctx_end(&f->ctx, 1, &err), 0);

	raw_department(f, tenant, "补录一系");
	assert_int_equal(indexed(f, tenant, "补录一系"), 0);
	reopen(f);
	assert_int_equal(indexed(f, tenant, "补录一系"), 1);
	rows = committed(f, tenant, "SELECT id FROM tenants WHERE id = ? AND search_filled", "i",
	                 NULL);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);

	/* Marked: an open no longer reads the college's records. */
	raw_department(f, tenant, "补录二系");
	reopen(f);
	assert_int_equal(indexed(f, tenant, "补录二系"), 0);

	/* Unmarked (a migration that indexes more clears the marks): filled again. */
	json_decref(committed(f, tenant,
	                      "UPDATE tenants SET search_filled = false WHERE id = ? RETURNING id",
	                      "i", NULL));
	reopen(f);
	assert_int_equal(indexed(f, tenant, "补录二系"), 1);
	assert_int_equal(indexed(f, tenant, "补录一系"), 1);

	/* The teardown ends a unit of work. */
	assert_int_equal(cj_ctx_begin(f->st, f->arena, CJ_TX_WRITE, &f->ctx, &err), 0);
}

/* One write transaction on st (a row of a table of its own), committed or rolled back. */
static void
write_once(struct cj_store *st, int commit)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	struct cj_ctx w;

	assert_int_equal(cj_ctx_begin(st, a, CJ_TX_WRITE, &w, &err), 0);
	assert_int_equal(
	    cj_q_exec(&w, "CREATE TABLE IF NOT EXISTS stamp_probe (n INTEGER)", &err, ""), 0);
	assert_int_equal(cj_q_exec(&w, "INSERT INTO stamp_probe VALUES (1)", &err, ""), 0);
	assert_int_equal(cj_ctx_end(&w, commit, &err), 0);
	cj_arena_free(a);
}

/* The counter in db's stamp file, read from the file itself. */
static uint64_t
stamp_of(const char *db)
{
	char path[96];
	uint64_t v = 0;
	int fd;

	snprintf(path, sizeof(path), "%s-stamp", db);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &v, sizeof(v), 0), (ssize_t)sizeof(v));
	close(fd);
	return v;
}

/* c's stamp once it is not 0 and not was (0 when it does not come within 5 s). */
static uint64_t
stamp_other_than(struct cj_conn *c, uint64_t was)
{
	for (int i = 0; i < 500; i++) {
		uint64_t s = cj_conn_stamp(c);

		if (s && s != was)
			return s;
		usleep(10000);
	}
	return 0;
}

/* A connection of the test's own to url, its answer to sql checked (PGRES_* want). */
static PGconn *
raw(const char *url, const char *sql, ExecStatusType want)
{
	PGconn *pg = PQconnectdb(url);
	PGresult *res;

	assert_int_equal(PQstatus(pg), CONNECTION_OK);
	res = PQexec(pg, sql);
	assert_int_equal(PQresultStatus(res), want);
	PQclear(res);
	return pg;
}

/*
 * PostgreSQL's change stamp (store/pg-watch.h), on r's store st (the
 * database is the suite's alone: nothing else writes meanwhile): 0 until
 * its watch listens; a read and a rolled back write move nothing; a commit
 * moves it at once, and is followed by a notification that other processes
 * hear, which moves this one's no more; another's notification moves it; a
 * lost listening connection moves it too, and it listens again.
 */
static void
pg_change_stamp(struct cj_store *st, struct cj_ctx *r, const char *url)
{
	struct cj_error err = { 0 };
	uint64_t s0, s1, s2;
	struct pollfd pfd;
	PGconn *other;
	PGresult *res;
	PGnotify *n;
	int status;

	s0 = stamp_other_than(r->conn, 0);
	assert_true(s0 != 0);
	assert_non_null(cj_q_rows(r, "SELECT id FROM tenants", "i", &status, &err, ""));
	assert_true(cj_conn_stamp(r->conn) == s0);
	/* another process listening, as another server's watch does */
	other = raw(url, "LISTEN " CJ_PG_CHANGED, PGRES_COMMAND_OK);
	write_once(st, 0);
	assert_true(cj_conn_stamp(r->conn) == s0);
	write_once(st, 1);
	s1 = cj_conn_stamp(r->conn);
	assert_true(s1 != s0 && s1 != 0);
	pfd.fd = PQsocket(other);
	pfd.events = POLLIN;
	n = NULL;
	for (int i = 0; i < 50 && !n; i++) {
		assert_true(poll(&pfd, 1, 100) >= 0);
		assert_true(PQconsumeInput(other));
		n = PQnotifies(other);
	}
	assert_non_null(n);
	assert_string_equal(n->relname, CJ_PG_CHANGED);
	/* the notification's payload is this process's own: it moves nothing more */
	assert_true(n->extra && n->extra[0] != '\0');
	PQfreemem(n);
	usleep(50000);
	assert_true(cj_conn_stamp(r->conn) == s1);
	/* another process's notification */
	res = PQexec(other, "NOTIFY " CJ_PG_CHANGED ", 'another'");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(other);
	s2 = stamp_other_than(r->conn, s1);
	assert_true(s2 != 0);
	/* the watch's connection lost: the stamp moves, and the watch listens again */
	other =
	    raw(url,
	        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	        " WHERE datname = current_database() AND application_name = '" CJ_PG_WATCH_NAME "'"
	        " AND pid <> pg_backend_pid()",
	        PGRES_TUPLES_OK);
	PQfinish(other);
	s1 = stamp_other_than(r->conn, s2);
	assert_true(s1 != 0);
}

/*
 * The driver's change stamp (db.h: stamp): a read moves nothing, a rolled
 * back write nothing, a commit moves it, on another connection of this
 * process and in another process on the same file.  PostgreSQL's: see
 * pg_change_stamp.
 */
static void
test_change_stamp(void **state)
{
	const char *pg = getenv("CJ_TEST_DB_PG");
	char dir[] = "/tmp/cj-stamp-XXXXXX", db[64], key[64], cmd[96];
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	struct cj_store *st;
	struct cj_ctx r;
	uint64_t s0, s1;
	struct stat sb;
	int status;
	pid_t child;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/t.db", dir);
	snprintf(key, sizeof(key), "%s/t.key", dir);
	if (pg && *pg)
		snprintf(key, sizeof(key), "/tmp/cj-unit-pg-%u.key", (unsigned)getuid());
	assert_int_equal(cj_store_open(pg && *pg ? pg : db, key, &st, &err), 0);
	assert_int_equal(cj_ctx_begin(st, a, 0, &r, &err), 0);
	if (pg && *pg) {
		pg_change_stamp(st, &r, pg);
		goto out;
	}
	s0 = cj_conn_stamp(r.conn);
	assert_true(s0 != 0);
	assert_non_null(cj_q_rows(&r, "SELECT id FROM tenants", "i", &status, &err, ""));
	assert_true(cj_conn_stamp(r.conn) == s0);
	/* r holds its connection: the writes take another of the pool */
	write_once(st, 0);
	assert_true(cj_conn_stamp(r.conn) == s0);
	write_once(st, 1);
	s1 = cj_conn_stamp(r.conn);
	assert_true(s1 != s0);
	/* another process, with its own store on the same file (none is open across the fork) */
	cj_ctx_end(&r, 0, NULL);
	cj_store_free(st);
	s1 = stamp_of(db);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		if (cj_store_open(db, key, &st, &err) < 0)
			_exit(2);
		write_once(st, 1);
		cj_store_free(st);
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(stamp_of(db) != s1);
	/* a stamp file others could write: narrowed to its owner at the next open */
	snprintf(cmd, sizeof(cmd), "%s-stamp", db);
	assert_int_equal(chmod(cmd, 0666), 0);
	assert_int_equal(cj_store_open(db, key, &st, &err), 0);
	assert_int_equal(stat(cmd, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	cj_store_free(st);
	/* another user's: root gives it to the database's owner; anyone else refuses to open */
	if (chown(cmd, 65534, 65534) == 0) {
		assert_int_equal(cj_store_open(db, key, &st, &err), 0);
		assert_int_equal(stat(cmd, &sb), 0);
		assert_true(sb.st_uid == getuid());
		cj_store_free(st);
	}
	assert_int_equal(cj_store_open(db, key, &st, &err), 0);
	assert_int_equal(cj_ctx_begin(st, a, 0, &r, &err), 0);
out:
	cj_ctx_end(&r, 0, NULL);
	cj_arena_free(a);
	cj_store_free(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_get_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_tenant_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_generic_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_pipeline_switches_tenant, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_unique_per_tenant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carrier_partners_and_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_college, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_merge_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_fill_once, setup, teardown),
		cmocka_unit_test(test_change_stamp),
	};

	return cmocka_run_group_tests_name(
	    getenv("CJ_TEST_DB_PG") ? "store (postgresql)" : "store (sqlite)", tests, NULL, NULL);
}

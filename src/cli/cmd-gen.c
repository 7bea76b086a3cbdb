/*
 * chanjiao gen: a deterministic synthetic region for scale tests and
 * benchmarks (modules/dashboard/gen.h makes each college).  Profiles:
 *
 *   college   1 college of 330402: 200 enterprises, 4 000 students
 *   city      30 colleges of 嘉兴 (3304xx): 200 enterprises and 4 000 students each
 *   province  300 colleges across the 11 cities of 浙江 (33xxxx): the same each,
 *             60 000 enterprises, 1.2 million students, 2 million placements,
 *             1 million certificates, 200 000 trainings, 30 000 tasks in all
 *
 * A college has about 15 500 records: its partner enterprises and one carrier
 * each; its students, their 认识实习, 岗位实习 and jobs, their certificates;
 * employee trainings and the trainees' certificates; patents and technical
 * services; and a provincial key project with a task book a year (25 tasks),
 * indicators, approved progress reports and evaluations (gen.h).
 *
 * A college's records go to the store's create as the generator made them,
 * already in the decoder's form and valid by construction (gen.h), in one
 * trusted batch per college: no decode round trip, no check queries, but
 * the store's own writing (sealed personal information, search text).
 * Its writes go behind (store/behind.h): a thread of the connection's own
 * runs the rows' INSERTs and the full-text index while this one makes,
 * seals and indexes the next records.
 * The key project's records, whose hooks derive what they hold (a task's
 * outline order, a report's state), go through every check.
 * Like an import, the college's records are audited as one row
 * ("generate", with the seed), not one row each.  Tenants and users still
 * go through the decoder and every check.  Each city gets a bureau (教育局) with a
 * viewer, the province one more; the first college of each city an administrator (every password
 * chanjiao2023).  The same seed gives the same records.  On a terminal a bar
 * shows the records made; elsewhere (a log) a line follows each college.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "modules/dashboard/gen.h"
#include "store/behind.h"
#include "store/search.h"

static const struct {
	const char *code, *name;
} cities[] = {
	{ "330400", "嘉兴" }, { "330100", "杭州" }, { "330200", "宁波" }, { "330300", "温州" },
	{ "330500", "湖州" }, { "330600", "绍兴" }, { "330700", "金华" }, { "330800", "衢州" },
	{ "330900", "舟山" }, { "331000", "台州" }, { "331100", "丽水" },
};
static const char *const kinds[] = { "technician_college", "higher_vocational",
	                             "secondary_vocational", "technical_school" };

struct progress {
	long done, total;
	int tty;
	int colleges, college; /* how many, and the last one done */
	time_t start, shown;
};

/* Off a terminal (a log, a pipe): one line a college instead of the bar. */
static void
college_done(struct progress *p, const char *code)
{
	long secs = (long)(time(NULL) - p->start);

	p->college++;
	if (p->tty)
		return;
	fprintf(stderr, "gen: college %d/%d (%s) done: %ld records in %ld s, %ld/s\n", p->college,
	        p->colleges, code, p->done, secs, secs ? p->done / secs : p->done);
}

static void
tick(void *arg)
{
	struct progress *p = arg;
	time_t now;

	p->done++;
	if (!p->tty || (p->done % 500 && p->done != p->total))
		return;
	now = time(NULL);
	if (now == p->shown && p->done != p->total)
		return;
	p->shown = now;
	{
		int width = 40, fill = p->total ? (int)(p->done * width / p->total) : 0;
		long secs = (long)(now - p->start);
		char bar[64];

		if (fill > width)
			fill = width;
		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(width - fill));
		bar[width] = '\0';
		fprintf(stderr, "\rgen: [%s] %ld/%ld records, %ld/s ", bar, p->done, p->total,
		        secs ? p->done / secs : p->done);
	}
}

/* One tenant (and its user when username is set), in its own transaction; *id its id. */
static int
tenant(struct cj_store *st, const char *code, const char *name, const char *kind,
       const char *region, const char *username, const char *role, int64_t *id,
       struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	int rc;

	rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err);
	if (rc == 0) {
		ctx.username = "gen";
		rc = cj_record_create(&ctx, &cj_entity_tenant, 0,
		                      json_pack("{s:s,s:s,s:s,s:s}", "code", code, "name", name,
		                                "kind", kind, "region_code", region),
		                      id, err);
		if (rc == 0 && username) {
			/* A published password, like the demo's: no change at the first login. */
			ctx.username = "demo";
			rc = cj_ctx_set_tenant(&ctx, *id, err);
			if (rc == 0)
				rc = cj_record_create(&ctx, &cj_entity_user, 0,
				                      json_pack("{s:s,s:s,s:s,s:s}", "username",
				                                username, "password",
				                                "chanjiao2023", "role", role,
				                                "display_name", "生成数据"),
				                      NULL, err);
		}
		if (cj_ctx_end(&ctx, rc == 0, err) < 0)
			rc = -1;
	}
	cj_arena_free(a);
	return rc;
}

static int
college(struct cj_store *st, int64_t tid, const struct cj_gen_college *c, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	int rc;

	rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err);
	if (rc == 0) {
		ctx.username = "gen";
		/* One audit row for the college's generated records, as for an import. */
		cj_ctx_batch(&ctx);
		ctx.batch_trusted = 1;
		rc = cj_ctx_set_tenant(&ctx, tid, err);
		/* The full-text index is merged once, at the end (cj_store_search_merge). */
		if (rc == 0)
			rc = cj_conn_search_merge_later(ctx.conn, err);
		/* Its writes run on a thread of their own while the next records are made. */
		if (rc == 0)
			rc = cj_behind_start(ctx.conn, err);
		if (rc == 0)
			rc = cj_gen_college_records(&ctx, c, cj_gen_make_trusted, err);
		{
			int stopped = cj_behind_stop(ctx.conn, err); /* a failed write's error */

			if (rc == 0)
				rc = stopped;
		}
		ctx.batch_creates = ctx.batch_trusted = 0;
		if (rc == 0) {
			json_t *what = json_pack("{s:I}", "seed", (json_int_t)c->seed);

			rc = cj_store_audit(&ctx, "generate", "tenant", tid, NULL, what, err);
			json_decref(what);
		}
		if (cj_ctx_end(&ctx, rc == 0, err) < 0)
			rc = -1;
	}
	cj_arena_free(a);
	return rc;
}

int
cmd_gen(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL },
		                 { "profile", 0, NULL },
		                 { "seed", 0, NULL },
		                 { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	const char *db, *profile, *seed_s;
	struct cj_error err = { 0 };
	struct progress pg = { 0 };
	struct cj_store *st;
	int ncities, per_city, enterprises = 200, students = 4000, rc = 0;
	int64_t seed = 1, id;
	time_t merged = 0;
	char code[32], name[128], region[8];

	if (cj_cli_parse("gen", argc, argv, opts, n) < 0 || !(db = cj_cli_db("gen", opts, n)))
		return CJ_EXIT_USAGE;
	profile = cj_cli_get(opts, n, "profile");
	seed_s = cj_cli_get(opts, n, "seed");
	if (!profile)
		profile = "college";
	if (!strcmp(profile, "college"))
		ncities = 1, per_city = 1;
	else if (!strcmp(profile, "city"))
		ncities = 1, per_city = 30;
	else if (!strcmp(profile, "province"))
		ncities = (int)CJ_ARRAY_SIZE(cities), per_city = 0;
	else
		return cj_cli_usage("gen", "--profile is college, city or province"), CJ_EXIT_USAGE;
	if (seed_s && (cj_parse_i64(seed_s, &seed) < 0 || seed < 0))
		return cj_cli_usage("gen", "--seed takes a number"), CJ_EXIT_USAGE;
	if (cj_cli_open(db, cj_cli_get(opts, n, "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	/*
	 * An estimate of the records, for the bar: about 3.2 a student (with their
	 * placements and certificates), 12 an enterprise (with its carrier, trainings
	 * and employees' certificates) and 330 for the key project.
	 */
	pg.total = (long)(per_city ? per_city * ncities : 300) *
	           (students * 32L / 10 + enterprises * 12L + 330);
	pg.tty = isatty(2);
	pg.colleges = per_city ? per_city * ncities : 300;
	pg.start = time(NULL);
	if (!strcmp(profile, "province"))
		rc = tenant(st, "gen33jyt", "浙江省教育厅（生成）", "bureau", "330000", "viewer",
		            "bureau_viewer", &id, &err);
	for (int ci = 0; rc == 0 && ci < ncities; ci++) {
		/* The province's 300 colleges: 30 in 嘉兴 and 27 in each other city. */
		int count = per_city ? per_city : ci == 0 ? 30 : 27;

		snprintf(code, sizeof(code), "gen%.4sjyj", cities[ci].code);
		snprintf(name, sizeof(name), "%s市教育局（生成）", cities[ci].name);
		if (per_city != 1)
			rc = tenant(st, code, name, "bureau", cities[ci].code, "viewer",
			            "bureau_viewer", &id, &err);
		for (int k = 0; rc == 0 && k < count; k++) {
			struct cj_gen_college c = {
				.seed =
				    (uint64_t)seed * 1000003ULL + (uint64_t)ci * 1000 + (uint64_t)k,
				.region = region,
				.enterprises = enterprises,
				.students = students,
				.first_year = 2022,
				.last_year = 2025,
				.tick = tick,
				.arg = &pg,
			};

			/* Districts xx01..xx09 of the city. */
			snprintf(region, sizeof(region), "%.4s%02d", cities[ci].code, 1 + k % 9);
			snprintf(code, sizeof(code), "gen%.4s%03d", cities[ci].code, k + 1);
			snprintf(name, sizeof(name), "%s第%d职业技术学校（生成）", cities[ci].name,
			         k + 1);
			rc = tenant(st, code, name, kinds[k % 4], region, k == 0 ? "admin" : NULL,
			            "school_admin", &id, &err);
			if (rc == 0)
				rc = college(st, id, &c, &err);
			if (rc == 0)
				college_done(&pg, code);
		}
	}
	if (pg.tty)
		fputc('\n', stderr);
	if (rc == 0) {
		if (pg.tty)
			fprintf(stderr, "gen: merging the full-text index\n");
		merged = time(NULL);
		rc = cj_store_search_merge(st, &err);
		merged = time(NULL) - merged;
	}
	cj_store_free(st);
	if (rc < 0) {
		cj_cli_error("gen", &err);
		return CJ_EXIT_FAIL;
	}
	printf(
	    "gen: %s profile (seed %lld) into %s: %ld records in %ld s (the full-text index merged"
	    " in %ld s)\n",
	    profile, (long long)seed, db, pg.done, (long)(time(NULL) - pg.start), (long)merged);
	return CJ_EXIT_OK;
}

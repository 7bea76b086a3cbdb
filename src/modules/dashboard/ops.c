/*
 * The three-pillar figures of a college and of a region; see store.h.
 *
 * Every figure is one grouped query over the records, with the same
 * conditions as the named list filters its link names (the carriers' and
 * enterprises' in modules/registry/hooks.c, the talent records' in
 * modules/talent/hooks.c; the carrier rules are shared through
 * registry.h).  tests/api/test_dashboard.py follows every link and checks
 * that its total or sum is the figure.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/dict.h"
#include "lib/util.h"
#include "modules/dashboard/store.h"
#include "modules/projects/store.h"
#include "modules/registry/registry.h"
#include "store/db.h"
#include "store/hooks.h"
#include "lib/jsonmem.h"
#include "lib/jsonw.h"

/* What a figure's query binds: ":T" tenant, ":Y" the year, ":F"/":E" the year's first and last
 * day, ":D" today, ":U" today + 90. */
struct binds {
	int64_t tenant, year;
	char from[16], end[16], today[11], until[11];
};

/*
 * The figures' queries of the three pillars, in one table: their ":X"
 * tokens are bound (see struct binds), and a "%s" is the carrier rule of
 * the year (W_FORCE: in force; W_STANDS: as it stands).  They are all sent
 * before any is read (cj_stmt_send: one round trip on PostgreSQL), then
 * read in this order.
 */
enum { W_NONE, W_FORCE, W_STANDS };
enum {
	Q_PROJECTS,
	Q_PROJECT_TASKS,
	Q_PROJECT_INDICATORS,
	Q_EVALUATIONS,
	Q_SECTIONS,
	Q_CARRIERS,
	Q_PLACES,
	Q_PLACEMENTS,
	Q_EXPIRING,
	Q_TRAINING_MONTHS,
	Q_SERVICES,
	Q_PATENTS,
	Q_CERTIFICATE_MONTHS,
	NQUERIES
};

static const struct figure_query {
	const char *sql, *outtypes;
	int where;
} queries[NQUERIES] = {
	/*
	 * Pillar 1 (the figures of modules/projects/store.h: cj_store_figures of
	 * the year's task book, by project): the key projects running in the
	 * year, the tasks and the indicators of their task books of the year
	 * (a project has one a year), and their evaluations up to the year's end
	 * (the latest of each is the first of its project).
	 */
	[Q_PROJECTS] = { "SELECT id, name, level FROM key_projects WHERE tenant_id = :T"
	                 " AND first_year <= :Y AND last_year >= :Y ORDER BY id",
	                 "itt", W_NONE },
	[Q_PROJECT_TASKS] = { "SELECT b.project_id AS k, t.deadline, t.status FROM tasks t"
	                      " JOIN task_books b ON b.tenant_id = t.tenant_id"
	                      " AND b.id = t.task_book_id WHERE t.tenant_id = :T AND b.year = :Y",
	                      "itt", W_NONE },
	[Q_PROJECT_INDICATORS] = { "SELECT b.project_id AS k, i.target, " CJ_SQL_INDICATOR_ACTUAL
	                           " AS actual FROM indicators i JOIN tasks t"
	                           " ON t.tenant_id = i.tenant_id AND t.id = i.task_id"
	                           " JOIN task_books b ON b.tenant_id = t.tenant_id"
	                           " AND b.id = t.task_book_id WHERE i.tenant_id = :T"
	                           " AND b.year = :Y AND t.status <> 'cancelled'",
	                           "iii", W_NONE },
	[Q_EVALUATIONS] = { "SELECT project_id AS k, id, kind, date, result, score FROM evaluations"
	                    " WHERE tenant_id = :T AND date <= :E"
	                    " ORDER BY project_id, date DESC, id DESC",
	                    "iittti", W_NONE },
	/* The year's partners by industry section (the first letter of the industry code, NULL
	 * for none): their number is the sum, the manufacturing ones section C. */
	[Q_SECTIONS] = { "SELECT substr(e.industry_code, 1, 1) AS s, COUNT(*) AS n"
	                 " FROM enterprises e WHERE e.tenant_id = :T AND e.id IN "
	                 "(" CJ_SQL_PARTNERS_WHERE(":T",
	                                           "%s") ") GROUP BY substr(e.industry_code, 1, 1)"
	                                                 " ORDER BY 1",
	                 "ti", W_FORCE },
	/* Carriers by kind and status, as they stand in the year. */
	[Q_CARRIERS] = { "SELECT c.kind, c.status, COUNT(*) AS n FROM carriers c"
	                 " WHERE c.tenant_id = :T AND %s GROUP BY c.kind, c.status",
	                 "tti", W_STANDS },
	/* Student places: the capacities of the training bases in force. */
	[Q_PLACES] = { "SELECT COALESCE(SUM(c.capacity), 0) AS n FROM carriers c"
	               " WHERE c.tenant_id = :T AND c.kind = 'training_base' AND %s",
	               "i", W_FORCE },
	/*
	 * Placements at the year's partners that start in the year, by kind, and the students
	 * of the employment ones (graduates employed at partners).  The year's placements
	 * first (their dated index), then the partners: PostgreSQL's planner would otherwise
	 * read every placement of every partner, of all years.
	 */
	[Q_PLACEMENTS] = { "WITH y AS MATERIALIZED (SELECT pl.kind, pl.student_id, pl.enterprise_id"
	                   " FROM placements pl WHERE pl.tenant_id = :T AND pl.start_date >= :F"
	                   " AND pl.start_date <= :E AND pl.status <> 'aborted')"
	                   " SELECT kind, COUNT(*) AS n, COUNT(DISTINCT CASE WHEN kind ="
	                   " 'employment' THEN student_id END) AS g FROM y WHERE enterprise_id IN "
	                   "(" CJ_SQL_PARTNERS_WHERE(":T", "%s") ") GROUP BY kind",
	                   "tii", W_FORCE },
	/* Expiring within 90 days: as of today, whatever the year. */
	[Q_EXPIRING] = { "SELECT COUNT(*) AS n FROM carriers WHERE tenant_id = :T"
	                 " AND valid_to >= :D AND valid_to <= :U AND status <> 'ended'",
	                 "i", W_NONE },
	/* Trainings by the month they start: their number, trainees and person-hours (the
	 * year's are the sums). */
	[Q_TRAINING_MONTHS] = { "SELECT substr(start_date, 6, 2) AS m, COUNT(*) AS n,"
	                        " COALESCE(SUM(trainees), 0) AS t,"
	                        " COALESCE(SUM(trainees * hours), 0) AS h FROM trainings"
	                        " WHERE tenant_id = :T AND start_date >= :F AND start_date <= :E"
	                        " GROUP BY substr(start_date, 6, 2)",
	                        "tiii", W_NONE },
	[Q_SERVICES] = { "SELECT COALESCE(SUM(contract_amount), 0) AS c,"
	                 " COALESCE(SUM(amount_received), 0) AS r FROM outputs WHERE tenant_id = :T"
	                 " AND kind = 'tech_service' AND date >= :F AND date <= :E",
	                 "ii", W_NONE },
	[Q_PATENTS] = { "SELECT COALESCE(SUM(CASE WHEN date >= :F AND date <= :E"
	                " THEN 1 ELSE 0 END), 0) AS f,"
	                " COALESCE(SUM(CASE WHEN granted_on >= :F AND granted_on <= :E"
	                " THEN 1 ELSE 0 END), 0) AS g FROM outputs WHERE tenant_id = :T"
	                " AND kind = 'patent'",
	                "ii", W_NONE },
	/* Certificates by the month of issue, then by level (a level's are the sums). */
	[Q_CERTIFICATE_MONTHS] = { "SELECT substr(issue_date, 6, 2) AS m, level, COUNT(*) AS n"
	                           " FROM certificates WHERE tenant_id = :T AND issue_date >= :F"
	                           " AND issue_date <= :E GROUP BY substr(issue_date, 6, 2), level",
	                           "tii", W_NONE },
};

/* The query q of the year (current: this year's carrier rule) prepared, bound and sent. */
static int
send_query(struct cj_ctx *ctx, const struct binds *b, const struct figure_query *q, int current,
           struct cj_stmt **out, struct cj_error *err)
{
	const char *force = current ? CJ_SQL_CARRIER_NOW("c.") : CJ_SQL_CARRIER_PAST("c.", ":E");
	const char *stands = current ? "1 = 1" : CJ_SQL_CARRIER_PAST("c.", ":E");
	struct cj_sbuf sb = CJ_SBUF_INIT;
	const char *sql, *order[32];
	int n = 0, rc;

	sql = q->where == W_NONE
	          ? q->sql
	          : cj_arena_printf(ctx->arena, q->sql, q->where == W_FORCE ? force : stands);
	for (const char *p = sql; *p; p++) {
		if (p[0] == ':' && strchr("TYFEDU", p[1]) && p[1]) {
			if (n >= (int)CJ_ARRAY_SIZE(order))
				CJ_BUG("too many bound values");
			order[n++] = p + 1;
			cj_sbuf_addch(&sb, '?');
			p++;
		} else {
			cj_sbuf_addch(&sb, *p);
		}
	}
	rc = cj_stmt_prepare(ctx->conn, sb.buf, out, err);
	cj_sbuf_release(&sb);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		switch (*order[i]) {
		case 'T':
			cj_stmt_bind_int(*out, i + 1, b->tenant);
			break;
		case 'Y':
			cj_stmt_bind_int(*out, i + 1, b->year);
			break;
		case 'F':
			cj_stmt_bind_text(*out, i + 1, b->from);
			break;
		case 'E':
			cj_stmt_bind_text(*out, i + 1, b->end);
			break;
		case 'D':
			cj_stmt_bind_text(*out, i + 1, b->today);
			break;
		default:
			cj_stmt_bind_text(*out, i + 1, b->until);
			break;
		}
	}
	return cj_stmt_send(*out, err);
}

/* Every figure query of the year: sent together, then read into rows[]. */
static int
run_queries(struct cj_ctx *ctx, const struct binds *b, int current, json_t *rows[NQUERIES],
            struct cj_error *err)
{
	struct cj_stmt *s[NQUERIES] = { NULL };
	int rc = 0, k;

	for (k = 0; k < NQUERIES && rc == 0; k++)
		rc = send_query(ctx, b, &queries[k], current, &s[k], err);
	for (k = 0; k < NQUERIES; k++) {
		int qrc;

		if (rc < 0) {
			/* after a failure the others are only freed: the first error is the answer
			 */
			cj_stmt_free(s[k]);
			continue;
		}
		/* cj_q_collect frees the statement */
		if (!(rows[k] = cj_q_collect(ctx, s[k], queries[k].outtypes, &qrc, err)))
			rc = qrc;
	}
	return rc;
}

static json_t *fig(struct cj_arena *a, int64_t v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A figure: {"value": v, "list": "/api/v1/" + the formatted list query}. */
static json_t *
fig(struct cj_arena *a, int64_t v, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	(void)a;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return json_pack("{s:I,s:s+}", "value", (json_int_t)v, "list", "/api/v1/", buf);
}

static json_t *
rate(int64_t num, int64_t den)
{
	return den > 0 ? json_real(cj_round4((double)num / (double)den)) : json_null();
}

static int64_t
col(json_t *rows, const char *name)
{
	return json_integer_value(json_object_get(json_array_get(rows, 0), name));
}

/* ---- pillar 1 ---- */

static void
projects(struct cj_ctx *ctx, json_t *const q[NQUERIES], int64_t year, json_t *res)
{
	int32_t today = cj_date_today();
	struct cj_arena *a = ctx->arena;
	json_t *list = json_array(), *p;
	size_t i;

	json_object_set_new(res, "projects", list);
	cj_q_group(q[Q_PROJECTS], "id", q[Q_PROJECT_TASKS], "task_rows");
	cj_q_group(q[Q_PROJECTS], "id", q[Q_PROJECT_INDICATORS], "indicator_rows");
	cj_q_group(q[Q_PROJECTS], "id", q[Q_EVALUATIONS], "evaluations");
	json_array_foreach (q[Q_PROJECTS], i, p) {
		int64_t id = cj_rec_int(p, "id");
		json_t *o = json_object(), *figures;
		/* the latest evaluation is its project's first (Q_EVALUATIONS' order) */
		json_t *latest = json_array_get(json_object_get(p, "evaluations"), 0);
		struct cj_figures f;

		cj_figures_of(json_object_get(p, "task_rows"), json_object_get(p, "indicator_rows"),
		              today, &f);
		figures = cj_figures_json(&f);
		json_object_set_new(o, "id", json_integer(id));
		json_object_set(o, "name", json_object_get(p, "name"));
		json_object_set(o, "level", json_object_get(p, "level"));
		json_object_set_new(o, "tasks",
		                    fig(a, f.tasks, "tasks?project_id=%lld&year=%lld",
		                        (long long)id, (long long)year));
		json_object_set_new(o, "done",
		                    fig(a, f.done, "tasks?project_id=%lld&year=%lld&status=done",
		                        (long long)id, (long long)year));
		json_object_set_new(o, "overdue",
		                    fig(a, f.overdue,
		                        "tasks?project_id=%lld&year=%lld&overdue=true",
		                        (long long)id, (long long)year));
		json_object_set_new(o, "cancelled",
		                    fig(a, f.cancelled,
		                        "tasks?project_id=%lld&year=%lld&status=cancelled",
		                        (long long)id, (long long)year));
		json_object_set(o, "completion_rate", json_object_get(figures, "completion_rate"));
		json_object_set(o, "indicator_attainment",
		                json_object_get(figures, "indicator_attainment"));
		json_object_set(o, "latest_evaluation", latest ? latest : json_null());
		json_decref(figures);
		json_array_append_new(list, o);
	}
}

/* ---- pillar 2 ---- */

static void
cooperation(struct cj_ctx *ctx, json_t *const q[NQUERIES], int64_t year, json_t *res)
{
	struct cj_arena *a = ctx->arena;
	const struct cj_dict *kinds = cj_dict_find("carrier_kind"),
	                     *statuses = cj_dict_find("carrier_status"),
	                     *pkinds = cj_dict_find("placement_kind");
	json_t *o = json_object(), *rows, *r, *carriers, *by, *places, *sections;
	long long y = (long long)year;
	int64_t partners, manuf;
	size_t i;

	json_object_set_new(res, "cooperation", o);
	/* The year's partners, by industry section (the first letter of the industry code). */
	rows = q[Q_SECTIONS];
	sections = json_object();
	partners = manuf = 0;
	json_array_foreach (rows, i, r) {
		const char *s = cj_rec_str(r, "s");

		partners += cj_rec_int(r, "n");
		if (s && !strcmp(s, "C"))
			manuf = cj_rec_int(r, "n");
		if (s && *s)
			json_object_set_new(sections, s,
			                    fig(a, cj_rec_int(r, "n"),
			                        "enterprises?partner_in=%lld&industry_code=%s", y,
			                        s));
	}
	json_object_set_new(o, "partner_enterprises",
	                    fig(a, partners, "enterprises?partner_in=%lld", y));
	json_object_set_new(o, "manufacturing_partners",
	                    fig(a, manuf, "enterprises?partner_in=%lld&industry_code=C", y));
	json_object_set_new(o, "manufacturing_share", rate(manuf, partners));
	json_object_set_new(o, "partners_by_section", sections);

	/* Carriers by kind and status, as they stand in the year. */
	rows = q[Q_CARRIERS];
	carriers = json_object();
	json_object_set_new(o, "carriers", carriers);
	for (size_t k = 0; k < kinds->nvalues; k++) {
		const char *kind = kinds->values[k].value;

		by = json_object();
		json_object_set_new(carriers, kind, by);
		for (size_t s = 0; s < statuses->nvalues; s++) {
			const char *st = statuses->values[s].value;
			int64_t n = 0;

			json_array_foreach (rows, i, r)
				if (!strcmp(cj_rec_str(r, "kind"), kind) &&
				    !strcmp(cj_rec_str(r, "status"), st))
					n = cj_rec_int(r, "n");
			json_object_set_new(
			    by, st, fig(a, n, "carriers?year=%lld&kind=%s&status=%s", y, kind, st));
		}
	}

	/* Student places: the capacities of the training bases in force. */
	rows = q[Q_PLACES];
	json_object_set_new(o, "student_places",
	                    fig(a, col(rows, "n"), "carriers?in_force=%lld&kind=training_base", y));

	/* Placements at the year's partners that start in the year, by kind. */
	rows = q[Q_PLACEMENTS];
	places = json_object();
	json_object_set_new(o, "placements", places);
	for (size_t k = 0; k < pkinds->nvalues; k++) {
		const char *kind = pkinds->values[k].value;
		int64_t n = 0;

		json_array_foreach (rows, i, r)
			if (!strcmp(cj_rec_str(r, "kind"), kind))
				n = cj_rec_int(r, "n");
		json_object_set_new(
		    places, kind,
		    fig(a, n, "placements?year=%lld&at_partner=%lld&aborted=false&kind=%s", y, y,
		        kind));
	}

	/* Expiring within 90 days: as of today, whatever the year. */
	rows = q[Q_EXPIRING];
	json_object_set_new(o, "expiring_90d", fig(a, col(rows, "n"), "carriers?expiring=90"));
}

/* ---- pillar 3 ---- */

/* The days of month m (1..12) of year. */
static int
month_days(int64_t year, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

static void
service(struct cj_ctx *ctx, json_t *const q[NQUERIES], int64_t year, json_t *res)
{
	struct cj_arena *a = ctx->arena;
	json_t *o = json_object(), *rows, *r, *levels, *months;
	long long y = (long long)year;
	int64_t gold = 0, trainees = 0, hours = 0, employed, by_level[6] = { 0 };
	size_t i;

	json_object_set_new(res, "service", o);
	/* Trainings by the month they start: their number; trainees and hours summed. */
	rows = q[Q_TRAINING_MONTHS];
	json_array_foreach (rows, i, r) {
		trainees += cj_rec_int(r, "t");
		hours += cj_rec_int(r, "h");
	}
	json_object_set_new(o, "training_person_times", fig(a, trainees, "trainings?year=%lld", y));
	json_object_set_new(o, "training_person_hours", fig(a, hours, "trainings?year=%lld", y));
	months = json_object();
	json_object_set_new(o, "trainings_by_month", months);
	for (int m = 1; m <= 12; m++) {
		char key[4];
		int64_t n = 0;

		snprintf(key, sizeof(key), "%02d", m);
		json_array_foreach (rows, i, r)
			if (!strcmp(cj_rec_str(r, "m"), key))
				n = cj_rec_int(r, "n");
		json_object_set_new(months, key,
		                    fig(a, n, "trainings?date_from=%lld-%s-01&date_to=%lld-%s-%02d",
		                        y, key, y, key, month_days(year, m)));
	}

	rows = q[Q_SERVICES];
	json_object_set_new(o, "service_contract_value",
	                    fig(a, col(rows, "c"), "outputs?kind=tech_service&year=%lld", y));
	json_object_set_new(o, "service_amount_received",
	                    fig(a, col(rows, "r"), "outputs?kind=tech_service&year=%lld", y));

	rows = q[Q_PATENTS];
	json_object_set_new(o, "patents_filed",
	                    fig(a, col(rows, "f"), "outputs?kind=patent&year=%lld", y));
	json_object_set_new(o, "patents_granted",
	                    fig(a, col(rows, "g"), "outputs?kind=patent&granted_in=%lld", y));

	/* Certificates by level: the sums of their months. */
	rows = q[Q_CERTIFICATE_MONTHS];
	json_array_foreach (rows, i, r)
		if (cj_rec_int(r, "level") >= 1 && cj_rec_int(r, "level") <= 5)
			by_level[cj_rec_int(r, "level")] += cj_rec_int(r, "n");
	levels = json_object();
	json_object_set_new(o, "certificates", levels);
	for (int l = 1; l <= 5; l++) {
		char key[4];
		int64_t n = by_level[l];

		if (l <= 2)
			gold += n;
		snprintf(key, sizeof(key), "%d", l);
		json_object_set_new(levels, key,
		                    fig(a, n, "certificates?year=%lld&level=%d", y, l));
	}
	json_object_set_new(o, "gold_collar",
	                    fig(a, gold, "certificates?year=%lld&gold_collar=true", y));

	/* Certificates by the month of issue, then by level. */
	months = json_object();
	json_object_set_new(o, "certificates_by_month", months);
	for (int m = 1; m <= 12; m++) {
		json_t *by = json_object();
		char key[4];

		snprintf(key, sizeof(key), "%02d", m);
		json_object_set_new(months, key, by);
		for (int l = 1; l <= 5; l++) {
			char lk[4];
			int64_t n = 0;

			json_array_foreach (rows, i, r)
				if (!strcmp(cj_rec_str(r, "m"), key) && cj_rec_int(r, "level") == l)
					n = cj_rec_int(r, "n");
			snprintf(lk, sizeof(lk), "%d", l);
			json_object_set_new(
			    by, lk,
			    fig(a, n,
			        "certificates?date_from=%lld-%s-01&date_to=%lld-%s-%02d&level=%d",
			        y, key, y, key, month_days(year, m), l));
		}
	}

	/* The students of the year's employment placements at partners (Q_PLACEMENTS). */
	employed = 0;
	json_array_foreach (q[Q_PLACEMENTS], i, r)
		if (!strcmp(cj_rec_str(r, "kind"), "employment"))
			employed = cj_rec_int(r, "g");
	json_object_set_new(o, "graduates_employed_at_partners",
	                    fig(a, employed, "students?employed_at_partner=%lld", y));
}

/*
 * The last answer of each (college, year), kept while nothing changed: every
 * write to a college's records appends to its audit chain in the same
 * transaction, so the chain's head (audit_heads.n) names the college's state;
 * with today's date (overdue and expiring move with it) it keys an answer
 * that is still exact.  The head is read before the figures, so an answer
 * is never kept under a newer head than its own.  Direct-mapped: a slot is
 * overwritten by any other college and year that hashes to it.
 * NEEDSWORK: a process-wide table; it belongs on the store's long-lived state.
 */
#define CACHE_SLOTS 1024

static struct slot {
	int64_t tenant, year, head;
	int32_t day;
	char *text;
} cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static struct slot *
slot_of(int64_t tenant, int64_t year)
{
	return &cache[(uint64_t)(tenant * 131 + year) % CACHE_SLOTS];
}

/* Whether sl keeps the answer of (tenant, year) under head on day; under cache_lock. */
static int
slot_holds(const struct slot *sl, int64_t tenant, int64_t year, int64_t head, int32_t day)
{
	return sl->text && sl->tenant == tenant && sl->year == year && sl->head == head &&
	       sl->day == day;
}

/* A college's chain head as the region's query read it (-1: none seen). */
static int64_t
head_of(json_t *t)
{
	json_t *head = json_object_get(t, "head");

	return json_is_integer(head) ? json_integer_value(head) : -1;
}

/* The college's audit-chain length, or -1 when it has no chain yet. */
static int
chain_head(struct cj_ctx *ctx, int64_t *n, struct cj_error *err)
{
	char last_hash[65];

	return cj_store_audit_head(ctx, n, last_hash, err);
}

static int compute(struct cj_ctx *ctx, int64_t year, json_t **out, struct cj_error *err);
static json_t *college_kept(struct cj_ctx *ctx, int64_t tenant, int64_t year, int64_t head,
                            int32_t today);

/* The college's (ctx->tenant_id) figures of year under its chain's head: kept or computed
 * and kept. */
static int
dashboard_at(struct cj_ctx *ctx, int64_t year, int64_t head, json_t **out, struct cj_error *err)
{
	int32_t today = cj_date_today();
	struct slot *sl = slot_of(ctx->tenant_id, year);
	char *text;
	int rc;

	if ((*out = college_kept(ctx, ctx->tenant_id, year, head, today)))
		return 0;
	if ((rc = compute(ctx, year, out, err)) < 0)
		return rc;
	/* What json_dumps returns may live in the request's arena (lib/jsonmem.h): the
	 * table keeps its own copy. */
	text = json_dumps(*out, JSON_COMPACT);
	if (text) {
		char *kept = cj_xstrdup(text);

		cj_json_free(text);
		pthread_mutex_lock(&cache_lock);
		free(sl->text);
		*sl = (struct slot){ ctx->tenant_id, year, head, today, kept };
		pthread_mutex_unlock(&cache_lock);
	}
	return 0;
}

int
cj_store_dashboard(struct cj_ctx *ctx, int64_t year, json_t **out, struct cj_error *err)
{
	int64_t head = -1;
	int rc;

	if ((rc = chain_head(ctx, &head, err)) < 0)
		return rc;
	return dashboard_at(ctx, year, head, out, err);
}

static int
compute(struct cj_ctx *ctx, int64_t year, json_t **out, struct cj_error *err)
{
	int32_t today = cj_date_today();
	struct binds b = { .tenant = ctx->tenant_id, .year = year };
	json_t *rows[NQUERIES] = { NULL };
	int64_t this_year;
	json_t *res;
	int rc;

	cj_date_format(today, b.today);
	cj_date_format(today + 90, b.until);
	snprintf(b.from, sizeof(b.from), "%04lld-01-01", (long long)year);
	snprintf(b.end, sizeof(b.end), "%04lld-12-31", (long long)year);
	this_year = atoll(b.today);
	res = json_pack("{s:I,s:s}", "year", (json_int_t)year, "as_of", b.today);
	cj_ctx_keep(ctx, res);
	if ((rc = run_queries(ctx, &b, year >= this_year, rows, err)) < 0)
		return rc;
	projects(ctx, rows, year, res);
	cooperation(ctx, rows, year, res);
	service(ctx, rows, year, res);
	*out = res;
	return 0;
}

/* ---- values and regions ---- */

/* v with every {"value", "list"} replaced by its value (a new reference). */
static json_t *
strip(json_t *v)
{
	const char *k;
	json_t *x, *o;

	if (!json_is_object(v))
		return json_incref(v);
	if (json_object_get(v, "list") && json_object_get(v, "value"))
		return json_incref(json_object_get(v, "value"));
	o = json_object();
	json_object_foreach (v, k, x)
		json_object_set_new(o, k, strip(x));
	return o;
}

json_t *
cj_dashboard_values(struct cj_ctx *ctx, json_t *dashboard)
{
	static const char *const keys[] = { "tasks", "done", "overdue", "cancelled" };
	json_t *res = json_object(), *p, *sum = json_object();
	int64_t n[4] = { 0 };
	size_t i;

	cj_ctx_keep(ctx, res);
	json_array_foreach (json_object_get(dashboard, "projects"), i, p)
		for (int k = 0; k < 4; k++)
			n[k] += json_integer_value(
			    json_object_get(json_object_get(p, keys[k]), "value"));
	for (int k = 0; k < 4; k++)
		json_object_set_new(sum, keys[k], json_integer(n[k]));
	json_object_set_new(sum, "completion_rate", rate(n[1], n[0] - n[3]));
	json_object_set_new(res, "projects", sum);
	json_object_set_new(res, "cooperation", strip(json_object_get(dashboard, "cooperation")));
	json_object_set_new(res, "service", strip(json_object_get(dashboard, "service")));
	return res;
}

/* Add the integers of from into into (same shape; missing keys copied). */
static void
add_into(json_t *into, json_t *from)
{
	const char *k;
	json_t *x, *y;

	json_object_foreach (from, k, x) {
		y = json_object_get(into, k);
		if (json_is_object(x)) {
			if (!y) {
				y = json_object();
				json_object_set_new(into, k, y);
			}
			add_into(y, x);
		} else if (json_is_integer(x)) {
			json_object_set_new(
			    into, k, json_integer(json_integer_value(y) + json_integer_value(x)));
		}
	}
}

/* The rates of summed values, from their sums. */
static void
rates(json_t *t)
{
	json_t *p = json_object_get(t, "projects"), *c = json_object_get(t, "cooperation");

	json_object_set_new(
	    p, "completion_rate",
	    rate(cj_rec_int(p, "done"), cj_rec_int(p, "tasks") - cj_rec_int(p, "cancelled")));
	json_object_set_new(
	    c, "manufacturing_share",
	    rate(cj_rec_int(c, "manufacturing_partners"), cj_rec_int(c, "partner_enterprises")));
}

size_t
cj_region_prefix_len(const char *code)
{
	size_t n = strlen(code);

	while (n > 2 && code[n - 1] == '0' && code[n - 2] == '0')
		n -= 2;
	return n;
}

/* 行政区划 names of the province and cities the demo and the generator use. */
static const char *
region_name(const char *code)
{
	static const char *const names[][2] = {
		{ "330000", "浙江省" }, { "330100", "杭州市" }, { "330200", "宁波市" },
		{ "330300", "温州市" }, { "330400", "嘉兴市" }, { "330500", "湖州市" },
		{ "330600", "绍兴市" }, { "330700", "金华市" }, { "330800", "衢州市" },
		{ "330900", "舟山市" }, { "331000", "台州市" }, { "331100", "丽水市" },
	};

	for (size_t i = 0; i < CJ_ARRAY_SIZE(names); i++)
		if (!strcmp(names[i][0], code))
			return names[i][1];
	return code;
}

/* The number at path ("service.gold_collar") of figures, or NULL. */
static json_t *
at_path(json_t *figures, const char *path)
{
	char buf[128], *p = buf, *dot;
	json_t *v = figures;

	if (strlen(path) >= sizeof(buf))
		return NULL;
	memcpy(buf, path, strlen(path) + 1);
	for (;;) {
		dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		v = json_object_get(v, p);
		if (!v || !dot)
			break;
		p = dot + 1;
	}
	return json_is_number(v) || json_is_null(v) ? v : NULL;
}

struct sort_by {
	const char *path;
	int desc;
};

static double
num(json_t *v)
{
	return json_is_null(v) || !v ? -1 : json_number_value(v);
}

static int
by_figure(const void *x, const void *y, void *arg)
{
	const struct sort_by *sb = arg;
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	double p = num(at_path(json_object_get(a, "figures"), sb->path)),
	       q = num(at_path(json_object_get(b, "figures"), sb->path));
	int c = (p > q) - (p < q);

	if (sb->desc)
		c = -c;
	if (!c)
		c = strcmp(
		    json_string_value(json_object_get(json_object_get(a, "tenant"), "code")),
		    json_string_value(json_object_get(json_object_get(b, "tenant"), "code")));
	return c;
}

/*
 * A region's answer, kept per (code, year, sort) while nothing it shows can
 * have changed: its key is today's date and the text of its colleges' rows
 * (id, code, name, kind, region code and audit-chain head, read in one query
 * at the start of the request), so a new, renamed or moved college, or any
 * write to one, makes it miss.  Direct-mapped, as the colleges' table.
 * NEEDSWORK: process-wide, as that table.
 */
#define REGION_SLOTS 16

static struct region_slot {
	int64_t year;
	int32_t day;
	char code[8], sort[64];
	char *key, *text;
	size_t len;
} regions[REGION_SLOTS];

static struct region_slot *
region_slot(const char *code, int64_t year, const char *sort)
{
	uint64_t h = cj_fnv1a(cj_fnv1a(CJ_FNV1A_INIT, code, strlen(code)), sort, strlen(sort));

	return &regions[(h ^ (uint64_t)year) % REGION_SLOTS];
}

/* The kept answer of (code, year, sort) under key, copied into ctx's arena, or NULL. */
static char *
region_kept(struct cj_ctx *ctx, const char *code, int64_t year, const char *sort, const char *key,
            size_t *len)
{
	struct region_slot *sl = region_slot(code, year, sort);
	char *text = NULL;

	pthread_mutex_lock(&cache_lock);
	if (sl->text && sl->year == year && sl->day == cj_date_today() && !strcmp(sl->code, code) &&
	    !strcmp(sl->sort, sort) && !strcmp(sl->key, key)) {
		text = cj_arena_alloc(ctx->arena, sl->len + 1);
		memcpy(text, sl->text, sl->len + 1);
		*len = sl->len;
	}
	pthread_mutex_unlock(&cache_lock);
	return text;
}

static void
region_keep(const char *code, int64_t year, const char *sort, int32_t day, const char *key,
            const char *text, size_t len)
{
	struct region_slot *sl = region_slot(code, year, sort);

	if (strlen(code) >= sizeof(sl->code) || strlen(sort) >= sizeof(sl->sort))
		return;
	pthread_mutex_lock(&cache_lock);
	free(sl->key);
	free(sl->text);
	sl->year = year;
	sl->day = day;
	snprintf(sl->code, sizeof(sl->code), "%s", code);
	snprintf(sl->sort, sizeof(sl->sort), "%s", sort);
	sl->key = cj_xstrdup(key);
	sl->text = cj_xmalloc(len + 1);
	memcpy(sl->text, text, len + 1);
	sl->len = len;
	pthread_mutex_unlock(&cache_lock);
}

/* The kept answer of the college and year under head, parsed into ctx's arena, or NULL. */
static json_t *
college_kept(struct cj_ctx *ctx, int64_t tenant, int64_t year, int64_t head, int32_t today)
{
	struct slot *sl = slot_of(tenant, year);
	char *text = NULL;
	json_t *res;

	pthread_mutex_lock(&cache_lock);
	if (slot_holds(sl, tenant, year, head, today))
		text = cj_arena_strdup(ctx->arena, sl->text);
	pthread_mutex_unlock(&cache_lock);
	if (!text || !(res = json_loads(text, 0, NULL)))
		return NULL;
	cj_ctx_keep(ctx, res);
	return res;
}

/*
 * A college's figures inside a region's request: kept under the head the
 * region's query read (no query, no change of tenant), else computed in the
 * college's tenant.  A college without a head in that query reads its own
 * in its tenant; if it has one after all (the query could not see it), the
 * region's answer is not kept (*unsure).
 */
static int
region_college(struct cj_ctx *ctx, int64_t tenant, int64_t h, int64_t year, json_t **out,
               int *unsure, struct cj_error *err)
{
	int rc;

	if (h >= 0 && (*out = college_kept(ctx, tenant, year, h, cj_date_today())))
		return 0;
	if ((rc = cj_ctx_set_tenant(ctx, tenant, err)) < 0)
		return rc;
	if (h < 0) {
		if ((rc = chain_head(ctx, &h, err)) < 0)
			return rc;
		if (h >= 0)
			*unsure = 1;
	}
	return dashboard_at(ctx, year, h, out, err);
}

/*
 * A college's whole dashboard is built or parsed in an arena of its own
 * (ctx->arena and the thread's jansson scope), dropped once what is needed
 * of it is taken: scratch_enter, then scratch_leave, then cj_arena_free.
 */
struct scratch {
	struct cj_arena *arena, *req, *scope;
};

static void
scratch_enter(struct cj_ctx *ctx, struct scratch *s)
{
	s->req = ctx->arena;
	s->arena = cj_arena_new();
	ctx->arena = s->arena;
	s->scope = cj_json_scope_swap(s->arena);
}

static void
scratch_leave(struct cj_ctx *ctx, struct scratch *s)
{
	cj_json_scope_swap(s->scope);
	ctx->arena = s->req;
}

/*
 * A college's figures as values (cj_dashboard_values) inside a region's
 * request, in ctx's arena.  Its whole dashboard is built or parsed in an arena
 * of its own, dropped after: the region's request holds 300 colleges' values,
 * not 300 dashboards.
 */
static int
region_values(struct cj_ctx *ctx, int64_t tenant, int64_t head, int64_t year, json_t **vals,
              int *unsure, struct cj_error *err)
{
	struct scratch s;
	json_t *dash, *v = NULL;
	int rc;

	*vals = NULL;
	scratch_enter(ctx, &s);
	rc = region_college(ctx, tenant, head, year, &dash, unsure, err);
	if (rc == 0)
		v = cj_dashboard_values(ctx, dash);
	scratch_leave(ctx, &s);
	if (v) {
		*vals = json_deep_copy(v);
		cj_ctx_keep(ctx, *vals);
	}
	cj_arena_free(s.arena);
	return rc;
}

/* Whether the college's answer of year under head is kept (not parsed). */
static int
college_fresh(int64_t tenant, int64_t year, int64_t head, int32_t today)
{
	int fresh;

	pthread_mutex_lock(&cache_lock);
	fresh = slot_holds(slot_of(tenant, year), tenant, year, head, today);
	pthread_mutex_unlock(&cache_lock);
	return fresh;
}

/*
 * A second unit of work that computes and keeps some of a region's colleges
 * on its own connection while the request computes the others: the work
 * takes both cores, and one side's queries run while the other builds its
 * answers.  It only fills the kept table: a college it failed on is a miss
 * that the request computes itself.
 */
#define HELP_MIN 8 /* colleges to compute before a second connection pays */

struct helper {
	pthread_t thread;
	struct cj_store *st;
	int64_t year, *ids, *heads;
	size_t n;
};

static void *
help(void *arg)
{
	struct helper *h = arg;
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	struct cj_ctx ctx;
	json_t *dash;
	int rc = 0;

	cj_json_scope(a);
	if (cj_ctx_begin(h->st, a, CJ_TX_READ, &ctx, &err) == 0) {
		for (size_t i = 0; i < h->n && rc == 0; i++) {
			struct scratch s;

			scratch_enter(&ctx, &s);
			rc = cj_ctx_set_tenant(&ctx, h->ids[i], &err);
			if (rc == 0)
				rc = dashboard_at(&ctx, h->year, h->heads[i], &dash, &err);
			scratch_leave(&ctx, &s);
			cj_arena_free(s.arena);
		}
		cj_ctx_end(&ctx, 0, NULL);
	}
	cj_json_scope(NULL);
	cj_arena_free(a);
	return NULL;
}

/*
 * Start a helper on the second half of tenants' colleges whose answers are
 * not kept; *first is the index in tenants of its first college (the request
 * joins it there).  0 when none was started.
 */
static int
help_start(struct cj_ctx *ctx, json_t *tenants, int64_t year, struct helper *h, size_t *first)
{
	int32_t today = cj_date_today();
	size_t n = json_array_size(tenants), missing = 0, i, *at;
	json_t *t;

	memset(h, 0, sizeof(*h));
	h->ids = cj_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(int64_t));
	h->heads = cj_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(int64_t));
	at = cj_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(size_t));
	/* the colleges not kept, in the order the request goes */
	json_array_foreach (tenants, i, t) {
		if (college_fresh(cj_rec_id(t), year, head_of(t), today))
			continue;
		h->ids[missing] = cj_rec_id(t);
		h->heads[missing] = head_of(t);
		at[missing++] = i;
	}
	if (missing < HELP_MIN)
		return 0;
	/* the helper takes the second half */
	i = missing - missing / 2;
	*first = at[i];
	h->ids += i;
	h->heads += i;
	h->n = missing / 2;
	h->st = ctx->st;
	h->year = year;
	return pthread_create(&h->thread, NULL, help, h) == 0;
}

int
cj_store_region_dashboard(struct cj_ctx *ctx, const char *code, int64_t year, const char *sort,
                          char **text, size_t *len, struct cj_error *err)
{
	int64_t own = ctx->tenant_id;
	int32_t today = cj_date_today();
	size_t plen = cj_region_prefix_len(code), i, n;
	json_t *tenants, *t, *colleges = json_array(), *totals = NULL, *res, *dash, *vals = NULL,
	                     **v;
	struct cj_error back = { 0 };
	struct cj_sbuf sb = CJ_SBUF_INIT;
	char prefix[16], *key;
	int rc = 0, unsure = 0, helping = 0;
	struct helper helper;
	size_t joint = 0;

	memcpy(prefix, code, plen);
	memcpy(prefix + plen, "%", 2);
	cj_ctx_keep(ctx, colleges);
	/* The colleges and their chain heads in one query: on PostgreSQL a bureau reads its
	 * region's heads (policy region_heads, migration 0013). */
	tenants = cj_q_rows(ctx,
	                    "SELECT t.id, t.code, t.name, t.kind, t.region_code, h.n AS head"
	                    " FROM tenants t LEFT JOIN audit_heads h ON h.tenant_id = t.id"
	                    " WHERE t.kind NOT IN ('platform', 'bureau') AND t.region_code LIKE ?"
	                    " ORDER BY t.code",
	                    "itttti", &rc, err, "t", prefix);
	if (!tenants)
		return rc;
	cj_json_write(&sb, tenants);
	key = cj_arena_strdup(ctx->arena, sb.buf);
	cj_sbuf_release(&sb);
	if ((*text = region_kept(ctx, code, year, sort ? sort : "", key, len)))
		return 0;
	helping = help_start(ctx, tenants, year, &helper, &joint);
	json_array_foreach (tenants, i, t) {
		if (helping && i == joint) {
			pthread_join(helper.thread, NULL);
			helping = 0;
		}
		if ((rc = region_values(ctx, cj_rec_id(t), head_of(t), year, &vals, &unsure, err)) <
		    0)
			goto out;
		if (!totals) {
			totals = json_deep_copy(vals);
			cj_ctx_keep(ctx, totals);
		} else {
			add_into(totals, vals);
		}
		json_object_del(t, "id");
		json_object_del(t, "head");
		json_array_append_new(colleges,
		                      json_pack("{s:O,s:O}", "tenant", t, "figures", vals));
	}
	if (!totals) {
		/* No college: the shape of the figures, all zero (the caller's own tenant has no
		 * records). */
		if ((rc = cj_ctx_set_tenant(ctx, own, err)) < 0 ||
		    (rc = cj_store_dashboard(ctx, year, &dash, err)) < 0)
			goto out;
		totals = cj_dashboard_values(ctx, dash);
	}
	rates(totals);
	if (sort) {
		const char *path = sort[0] == '-' ? sort + 1 : sort;

		if (!at_path(totals, path)) {
			rc = cj_error_set(err, CJ_EINVAL, CJ_M_BAD_QUERY, "sort");
			goto out;
		}
		n = json_array_size(colleges);
		v = cj_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*v));
		for (i = 0; i < n; i++)
			v[i] = json_array_get(colleges, i);
		qsort_r(v, n, sizeof(*v), by_figure, &(struct sort_by){ path, sort[0] == '-' });
		colleges = json_array();
		cj_ctx_keep(ctx, colleges);
		for (i = 0; i < n; i++)
			json_array_append(colleges, v[i]);
	}
	res = json_pack("{s:{s:s,s:s},s:I,s:O,s:O}", "region", "code", code, "name",
	                region_name(code), "year", (json_int_t)year, "totals", totals, "colleges",
	                colleges);
	cj_ctx_keep(ctx, res);
	cj_sbuf_grow(&sb, 4096);
	cj_json_write(&sb, res);
	*len = sb.len;
	*text = cj_arena_alloc(ctx->arena, sb.len + 1);
	memcpy(*text, sb.buf, sb.len + 1);
	cj_sbuf_release(&sb);
	/* Kept under the date read before the figures: a midnight between is a miss next time. */
	if (!unsure)
		region_keep(code, year, sort ? sort : "", today, key, *text, *len);
out:
	if (helping)
		pthread_join(helper.thread, NULL);
	if (cj_ctx_set_tenant(ctx, own, rc < 0 ? &back : err) < 0 && rc == 0)
		rc = -1;
	return rc;
}

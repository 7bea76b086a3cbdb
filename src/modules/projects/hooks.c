/*
 * The key-projects module's store hooks; see hooks.h.  What the columns of
 * core/entities-projects.c do not say: a project's period and funding, a
 * task book's place in its project (one per year, inside the period), a
 * task's outline (2.3 needs 2 in the same book) and deadline, an
 * indicator's target, a progress report's life (submitted, then approved
 * or returned by a review; approved ones are final) and the values it
 * gives, an evaluation's frozen snapshot, a commendation's person.  Derived
 * values (percent, overdue, actual, attainment, rates) are added on read.
 *
 * Every query names ctx->tenant_id; a record of another college is "not
 * found".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "modules/projects/projects.h"
#include "lib/util.h"
#include "modules/registry/registry.h"
#include "store/hooks.h"
#include "modules/projects/store.h"
#include "lib/jsonmem.h"

/* ---- key projects ---- */

static int
key_project_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t first_year = json_integer_value(cj_rec_merged(rec, old, "first_year"));
	int64_t last_year = json_integer_value(cj_rec_merged(rec, old, "last_year"));
	json_t *rows, *r;
	int rc;

	if (last_year < first_year)
		return cj_error_set(err, CJ_EINVAL, CJ_M_YEAR_ORDER, "last_year");
	if (!old)
		return 0;
	/* A shorter period must still hold the project's task books and deadlines. */
	rows = cj_q_rows(ctx,
	                 "SELECT min(b.year) AS lo, max(b.year) AS hi, min(t.deadline) AS dlo,"
	                 " max(t.deadline) AS dhi FROM task_books b LEFT JOIN tasks t"
	                 " ON t.tenant_id = b.tenant_id AND t.task_book_id = b.id"
	                 " WHERE b.tenant_id = ? AND b.project_id = ?",
	                 "iitt", &rc, err, "ii", ctx->tenant_id, cj_rec_int(old, "id"));
	if (!(r = cj_q_first(rows)) || json_is_null(json_object_get(r, "lo")))
		return rows ? 0 : rc;
	/* Deadlines are "YYYY-MM-DD": atoi reads their year. */
	if (cj_rec_int(r, "lo") < first_year ||
	    (cj_rec_str(r, "dlo") && atoi(cj_rec_str(r, "dlo")) < first_year))
		return cj_error_set(err, CJ_EINVAL, CJ_M_PERIOD, "first_year");
	if (cj_rec_int(r, "hi") > last_year ||
	    (cj_rec_str(r, "dhi") && atoi(cj_rec_str(r, "dhi")) > last_year))
		return cj_error_set(err, CJ_EINVAL, CJ_M_PERIOD, "last_year");
	return 0;
}

static int
key_project_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *funding = json_object_get(rec, "funding"), *f;
	size_t i;
	int rc;

	if (!funding)
		return 0;
	rc = cj_q_exec(ctx, "DELETE FROM project_funding WHERE tenant_id = ? AND project_id = ?",
	               err, "ii", ctx->tenant_id, id);
	json_array_foreach (funding, i, f) {
		if (rc < 0)
			break;
		rc = cj_q_exec(
		    ctx,
		    "INSERT INTO project_funding (tenant_id, project_id, source, budgeted,"
		    " arrived, spent, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
		    err, "iitiiii", ctx->tenant_id, id, cj_rec_str(f, "source"),
		    cj_rec_int(f, "budgeted"), cj_rec_int(f, "arrived"), cj_rec_int(f, "spent"),
		    (int64_t)i);
	}
	return rc;
}

static int
key_project_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	json_t *out = json_array_get(rows, 0), *found;
	int rc;

	if ((rc = cj_store_funding_page(ctx, rows, err)) < 0)
		return rc;
	if (detail != CJ_DETAIL)
		return 0;
	found = cj_q_rows(ctx,
	                  "SELECT id, year, title, issue_date, event_id FROM task_books"
	                  " WHERE tenant_id = ? AND project_id = ? ORDER BY year, id",
	                  "iitti", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_object_set(out, "task_books", found);
	found = cj_q_rows(ctx,
	                  "SELECT id, kind, date, result, score FROM evaluations"
	                  " WHERE tenant_id = ? AND project_id = ? ORDER BY date, id",
	                  "ittti", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_object_set(out, "evaluations", found);
	return 0;
}

/* ---- task books ---- */

static int
task_book_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t pid = json_integer_value(cj_rec_merged(rec, old, "project_id"));
	int64_t year = json_integer_value(cj_rec_merged(rec, old, "year"));
	json_t *rows, *p, *title;
	int rc;

	rows = cj_q_rows(ctx,
	                 "SELECT name, first_year, last_year FROM key_projects"
	                 " WHERE tenant_id = ? AND id = ?",
	                 "tii", &rc, err, "ii", ctx->tenant_id, pid);
	if (!rows)
		return rc;
	if (!(p = cj_q_first(rows)))
		return cj_not_found(err, "project_id", "key_project", pid);
	if ((rc = cj_period_year_check(year, cj_rec_int(p, "first_year"),
	                               cj_rec_int(p, "last_year"), "year", err)) < 0)
		return rc;
	rows = cj_q_rows(ctx,
	                 "SELECT id FROM task_books WHERE tenant_id = ? AND project_id = ?"
	                 " AND year = ? AND id <> ?",
	                 "i", &rc, err, "iiii", ctx->tenant_id, pid, year,
	                 old ? cj_rec_int(old, "id") : (int64_t)0);
	if (!rows)
		return rc;
	if (json_array_size(rows))
		return cj_error_set(err, CJ_EEXISTS, CJ_M_DUPLICATE, "year");
	title = json_object_get(rec, "title");
	if (!old && (!title || json_is_null(title)))
		json_object_set_new(
		    rec, "title",
		    json_sprintf("%s%lld年度建设任务书", cj_rec_str(p, "name"), (long long)year));
	if (old && title && json_is_null(title))
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "title");
	return 0;
}

static int
task_book_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	int rc = cj_q_names(ctx, rows, "project_id", "key_projects", "name", "project_name", err);

	if (rc == 0)
		rc = cj_store_figures_page(ctx, rows, err);
	if (rc < 0 || detail != CJ_DETAIL)
		return rc;
	return cj_hooks_load_events(ctx, "task_book", cj_rec_id(json_array_get(rows, 0)),
	                            json_array_get(rows, 0), err);
}

/* ---- tasks ---- */

/* The project period of a task book: 0, or not found naming field. */
static int
book_period(struct cj_ctx *ctx, int64_t book_id, const char *field, int64_t *first_year,
            int64_t *last_year, struct cj_error *err)
{
	json_t *rows, *r;
	int rc;

	rows = cj_q_rows(ctx,
	                 "SELECT p.first_year, p.last_year FROM task_books b JOIN key_projects p"
	                 " ON p.tenant_id = b.tenant_id AND p.id = b.project_id"
	                 " WHERE b.tenant_id = ? AND b.id = ?",
	                 "ii", &rc, err, "ii", ctx->tenant_id, book_id);
	if (!rows)
		return rc;
	if (!(r = cj_q_first(rows)))
		return cj_not_found(err, field, "task_book", book_id);
	*first_year = cj_rec_int(r, "first_year");
	*last_year = cj_rec_int(r, "last_year");
	return 0;
}

static int
count_rows(struct cj_ctx *ctx, const char *sql, int64_t *n, struct cj_error *err, int64_t a,
           int64_t b, const char *t, int64_t c)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, sql, "i", &rc, err, "iiti", a, b, t, c);
	if (!rows)
		return rc;
	*n = cj_rec_int(cj_q_first(rows), "n");
	return 0;
}

static int
task_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t book = json_integer_value(cj_rec_merged(rec, old, "task_book_id"));
	int64_t self = old ? cj_rec_int(old, "id") : 0, first_year = 0, last_year = 0, n;
	const char *code = cj_rec_str(rec, "code"), *deadline = cj_rec_str(rec, "deadline");
	json_t *deps = json_object_get(rec, "participating_departments"), *d;
	int major, minor, level, rc;
	size_t i;

	if ((rc = book_period(ctx, book, "task_book_id", &first_year, &last_year, err)) < 0)
		return rc;
	if (code && strcmp(code, old ? cj_rec_str(old, "code") : "")) {
		if ((level = cj_outline_parse(code, &major, &minor, "code", err)) < 0)
			return level;
		json_object_set_new(rec, "outline_order",
		                    json_integer(cj_outline_order(major, minor)));
		rc = count_rows(ctx,
		                "SELECT count(*) AS n FROM tasks WHERE tenant_id = ?"
		                " AND task_book_id = ? AND code = ? AND id <> ?",
		                &n, err, ctx->tenant_id, book, code, self);
		if (rc < 0)
			return rc;
		if (n)
			return cj_error_set(err, CJ_EEXISTS, CJ_M_DUPLICATE, "code");
		if (level == 2) {
			char parent[8];

			snprintf(parent, sizeof(parent), "%d", major);
			rc = count_rows(ctx,
			                "SELECT count(*) AS n FROM tasks WHERE tenant_id = ?"
			                " AND task_book_id = ? AND code = ? AND id <> ?",
			                &n, err, ctx->tenant_id, book, parent, self);
			if (rc < 0)
				return rc;
			if (!n)
				return cj_error_setarg(err, CJ_EINVAL, CJ_M_OUTLINE_PARENT, "code",
				                       parent);
		}
		/* Renumbering a first-level task would strand its second-level tasks. */
		if (old && !strchr(cj_rec_str(old, "code"), '.')) {
			char like[16];

			snprintf(like, sizeof(like), "%s.%%", cj_rec_str(old, "code"));
			rc = count_rows(ctx,
			                "SELECT count(*) AS n FROM tasks WHERE tenant_id = ?"
			                " AND task_book_id = ? AND code LIKE ? AND id <> ?",
			                &n, err, ctx->tenant_id, book, like, self);
			if (rc < 0)
				return rc;
			if (n)
				return cj_error_setarg(err, CJ_EINUSE, CJ_M_OUTLINE_CHILDREN,
				                       "code", cj_rec_str(old, "code"));
		}
	}
	if (deadline &&
	    (rc = cj_period_date_check(deadline, first_year, last_year, "deadline", err)) < 0)
		return rc;
	json_array_foreach (deps, i, d) {
		rc = cj_store_exists(ctx, "departments", json_integer_value(d), err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return cj_not_found(err, "participating_departments", "department",
			                    json_integer_value(d));
	}
	return 0;
}

static int
task_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *deps = json_object_get(rec, "participating_departments"), *d;
	size_t i;
	int rc;

	if (!deps)
		return 0;
	rc = cj_q_exec(ctx, "DELETE FROM task_departments WHERE tenant_id = ? AND task_id = ?", err,
	               "ii", ctx->tenant_id, id);
	json_array_foreach (deps, i, d) {
		if (rc < 0)
			break;
		rc = cj_q_exec(
		    ctx,
		    "INSERT INTO task_departments (tenant_id, task_id, department_id, seq)"
		    " VALUES (?, ?, ?, ?)",
		    err, "iiii", ctx->tenant_id, id, (int64_t)json_integer_value(d), (int64_t)i);
	}
	return rc;
}

static int
task_remove(struct cj_ctx *ctx, int64_t id, struct cj_error *err)
{
	json_t *rows, *t;
	int64_t n;
	int rc;
	char like[16];

	rows = cj_q_rows(ctx, "SELECT task_book_id, code FROM tasks WHERE tenant_id = ? AND id = ?",
	                 "it", &rc, err, "ii", ctx->tenant_id, id);
	if (!(t = cj_q_first(rows)) || strchr(cj_rec_str(t, "code"), '.'))
		return rows ? 0 : rc;
	snprintf(like, sizeof(like), "%s.%%", cj_rec_str(t, "code"));
	rc = count_rows(ctx,
	                "SELECT count(*) AS n FROM tasks WHERE tenant_id = ? AND task_book_id = ?"
	                " AND code LIKE ? AND id <> ?",
	                &n, err, ctx->tenant_id, cj_rec_int(t, "task_book_id"), like, id);
	if (rc < 0)
		return rc;
	if (n)
		return cj_error_setarg(err, CJ_EINUSE, CJ_M_OUTLINE_CHILDREN, "code",
		                       cj_rec_str(t, "code"));
	return 0;
}

static int
task_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "project_id",           "year",    "owner_name",
		                            "lead_department_name", "percent", NULL };
	json_t *ids = cj_q_ids(ctx, rows, "id"), *found, *out, *r, *pct;
	size_t i;
	int rc;

	found = cj_q_rows(ctx,
	                  "SELECT t.id AS k, b.project_id, b.year, s.name AS owner_name,"
	                  " d.name AS lead_department_name, " CJ_SQL_TASK_PERCENT " AS percent"
	                  " FROM tasks t JOIN task_books b ON b.tenant_id = t.tenant_id"
	                  " AND b.id = t.task_book_id"
	                  " LEFT JOIN staff s ON s.tenant_id = t.tenant_id AND s.id = t.owner_id"
	                  " LEFT JOIN departments d ON d.tenant_id = t.tenant_id"
	                  " AND d.id = t.lead_department_id"
	                  " WHERE t.tenant_id = ? AND t.id IN (?ids)",
	                  "iiitti", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	json_array_foreach (rows, i, out) {
		pct = json_object_get(out, "percent");
		json_object_set_new(
		    out, "percent",
		    json_integer(json_is_integer(pct) ? json_integer_value(pct) : 0));
		json_object_set_new(out, "level",
		                    json_integer(strchr(cj_rec_str(out, "code"), '.') ? 2 : 1));
		json_object_set_new(
		    out, "overdue",
		    json_boolean(cj_task_overdue(cj_rec_str(out, "deadline"),
		                                 cj_rec_str(out, "status"), cj_date_today())));
	}
	found =
	    cj_q_rows(ctx,
	              "SELECT x.task_id AS k, d.id AS department_id, d.name FROM task_departments x"
	              " JOIN departments d ON d.tenant_id = x.tenant_id AND d.id = x.department_id"
	              " WHERE x.tenant_id = ? AND x.task_id IN (?ids) ORDER BY x.task_id, x.seq",
	              "iit", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "participating_departments");
	if (detail != CJ_DETAIL)
		return 0;
	out = json_array_get(rows, 0);
	found =
	    cj_q_rows(ctx,
	              "SELECT i.id, i.name, i.category, i.unit, i.baseline, i.target,"
	              " i.cycle_target, " CJ_SQL_INDICATOR_ACTUAL " AS actual"
	              " FROM indicators i WHERE i.tenant_id = ? AND i.task_id = ? ORDER BY i.id",
	              "itttiiii", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_array_foreach (found, i, r) {
		json_object_set_new(r, "attainment",
		                    json_real(cj_round4(cj_attainment(cj_rec_int(r, "actual"),
		                                                      cj_rec_int(r, "target")))));
	}
	json_object_set(out, "indicators", found);
	found = cj_q_rows(ctx,
	                  "SELECT id, date, percent, status, submitted_by, return_reason"
	                  " FROM progress_reports WHERE tenant_id = ? AND task_id = ?"
	                  " ORDER BY date DESC, id DESC",
	                  "ititit", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_object_set(out, "reports", found);
	return 0;
}

/* ---- indicators ---- */

static int
indicator_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *target = json_object_get(rec, "target"),
	       *cycle = json_object_get(rec, "cycle_target");
	int rc;

	if (!old) {
		int64_t task = cj_rec_int(rec, "task_id");

		if ((rc = cj_store_exists(ctx, "tasks", task, err)) < 0)
			return rc;
		if (rc == 0)
			return cj_not_found(err, "task_id", "task", task);
	}
	if (target && (rc = cj_target_check(json_integer_value(target), "target", err)) < 0)
		return rc;
	if (cycle && !json_is_null(cycle) &&
	    (rc = cj_target_check(json_integer_value(cycle), "cycle_target", err)) < 0)
		return rc;
	return 0;
}

static int
indicator_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "task_book_id", "task_code", "task_title", "actual",
		                            NULL };
	json_t *found, *out, *actual;
	int64_t cycle;
	size_t i;
	int rc;

	found = cj_q_rows(
	    ctx,
	    "SELECT i.id AS k, t.task_book_id, t.code AS task_code, t.title AS task_title,"
	    " " CJ_SQL_INDICATOR_ACTUAL " AS actual FROM indicators i"
	    " JOIN tasks t ON t.tenant_id = i.tenant_id AND t.id = i.task_id"
	    " WHERE i.tenant_id = ? AND i.id IN (?ids)",
	    "iitti", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	json_array_foreach (rows, i, out) {
		actual = json_object_get(out, "actual");
		json_object_set_new(out, "attainment",
		                    json_real(cj_round4(cj_attainment(json_integer_value(actual),
		                                                      cj_rec_int(out, "target")))));
		cycle = cj_rec_int(out, "cycle_target");
		json_object_set_new(
		    out, "cycle_attainment",
		    cycle > 0
		        ? json_real(cj_round4(cj_attainment(json_integer_value(actual), cycle)))
		        : json_null());
	}
	return 0;
}

/* ---- progress reports ---- */

/* A report's task: its status and owner; not found naming field. */
static int
report_task(struct cj_ctx *ctx, int64_t task_id, json_t **task, struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows =
	    cj_q_rows(ctx, "SELECT id, status, owner_id FROM tasks WHERE tenant_id = ? AND id = ?",
	              "iti", &rc, err, "ii", ctx->tenant_id, task_id);
	if (!rows)
		return rc;
	if (!(*task = cj_q_first(rows)))
		return cj_not_found(err, "task_id", "task", task_id);
	return 0;
}

static int
report_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t task_id = json_integer_value(cj_rec_merged(rec, old, "task_id"));
	json_t *task, *list, *v;
	size_t i;
	int rc;

	if (old && !strcmp(cj_rec_str(old, "status"), "approved"))
		return cj_error_setarg(err, CJ_ETRANSITION, CJ_M_REPORT_STATE, "status",
		                       "approved");
	if ((rc = report_task(ctx, task_id, &task, err)) < 0)
		return rc;
	if (!strcmp(cj_rec_str(task, "status"), "cancelled"))
		return cj_error_set(err, CJ_ETRANSITION, CJ_M_TASK_CANCELLED, "task_id");
	if (!old) {
		int64_t by = ctx->user_id;

		/* On the command line (the demo) a report is the task owner's, through the
		 * owner's account when there is one. */
		if (!by && !json_is_null(json_object_get(task, "owner_id"))) {
			json_t *rows = cj_q_rows(ctx,
			                         "SELECT id FROM users WHERE tenant_id = ?"
			                         " AND staff_id = ? ORDER BY id LIMIT 1",
			                         "i", &rc, err, "ii", ctx->tenant_id,
			                         cj_rec_int(task, "owner_id"));

			if (!rows)
				return rc;
			by = cj_rec_int(cj_q_first(rows), "id");
		}
		json_object_set_new(rec, "status", json_string("submitted"));
		json_object_set_new(rec, "submitted_by", by ? json_integer(by) : json_null());
	} else if (!strcmp(cj_rec_str(old, "status"), "returned")) {
		/* Editing a returned report submits it again; its reviews keep the history. */
		json_object_set_new(rec, "status", json_string("submitted"));
		json_object_set_new(rec, "return_reason", json_null());
		json_object_set_new(rec, "reviewed_by", json_null());
		json_object_set_new(rec, "reviewed_at", json_null());
	}
	json_array_foreach (json_object_get(rec, "indicator_values"), i, v) {
		int64_t ind = cj_rec_int(v, "indicator_id");
		json_t *rows =
		    cj_q_rows(ctx, "SELECT task_id FROM indicators WHERE tenant_id = ? AND id = ?",
		              "i", &rc, err, "ii", ctx->tenant_id, ind);

		if (!rows)
			return rc;
		if (!cj_q_first(rows))
			return cj_not_found(err, "indicator_values", "indicator", ind);
		if (cj_rec_int(cj_q_first(rows), "task_id") != task_id) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%lld", (long long)ind);
			return cj_error_setarg(err, CJ_EINVAL, CJ_M_INDICATOR_TASK,
			                       "indicator_values", arg);
		}
	}
	list = json_object_get(rec, "attachment_ids");
	json_array_foreach (list, i, v) {
		rc = cj_store_exists(ctx, "attachments", json_integer_value(v), err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return cj_not_found(err, "attachment_ids", "attachment",
			                    json_integer_value(v));
	}
	return 0;
}

static int
report_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *list, *v;
	size_t i;
	int rc = 0;

	if ((list = json_object_get(rec, "indicator_values"))) {
		rc = cj_q_exec(ctx,
		               "DELETE FROM report_indicator_values WHERE tenant_id = ?"
		               " AND report_id = ?",
		               err, "ii", ctx->tenant_id, id);
		json_array_foreach (list, i, v) {
			if (rc < 0)
				break;
			rc = cj_q_exec(ctx,
			               "INSERT INTO report_indicator_values (tenant_id, report_id,"
			               " indicator_id, value, seq) VALUES (?, ?, ?, ?, ?)",
			               err, "iiiii", ctx->tenant_id, id,
			               cj_rec_int(v, "indicator_id"), cj_rec_int(v, "value"),
			               (int64_t)i);
		}
	}
	if (rc == 0 && (list = json_object_get(rec, "attachment_ids"))) {
		rc = cj_q_exec(
		    ctx, "DELETE FROM report_attachments WHERE tenant_id = ? AND report_id = ?",
		    err, "ii", ctx->tenant_id, id);
		json_array_foreach (list, i, v) {
			if (rc < 0)
				break;
			rc = cj_q_exec(ctx,
			               "INSERT INTO report_attachments (tenant_id, report_id,"
			               " attachment_id, seq) VALUES (?, ?, ?, ?)",
			               err, "iiii", ctx->tenant_id, id,
			               (int64_t)json_integer_value(v), (int64_t)i);
		}
	}
	return rc;
}

static int
report_remove(struct cj_ctx *ctx, int64_t id, struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, "SELECT status FROM progress_reports WHERE tenant_id = ? AND id = ?",
	                 "t", &rc, err, "ii", ctx->tenant_id, id);
	if (!rows)
		return rc;
	if (cj_q_first(rows) && !strcmp(cj_rec_str(cj_q_first(rows), "status"), "approved"))
		return cj_error_setarg(err, CJ_ETRANSITION, CJ_M_REPORT_STATE, "status",
		                       "approved");
	return 0;
}

static int
report_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "task_code", "task_title", "owner_id",
		                            "submitted_by_name", NULL };
	json_t *ids = cj_q_ids(ctx, rows, "id"), *found, *out, *r;
	size_t i, k;
	int rc;

	found =
	    cj_q_rows(ctx,
	              "SELECT r.id AS k, t.code AS task_code, t.title AS task_title, t.owner_id,"
	              " u.display_name AS submitted_by_name FROM progress_reports r"
	              " JOIN tasks t ON t.tenant_id = r.tenant_id AND t.id = r.task_id"
	              " LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.submitted_by"
	              " WHERE r.tenant_id = ? AND r.id IN (?ids)",
	              "ittit", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	found = cj_q_rows(
	    ctx,
	    "SELECT v.report_id AS k, v.indicator_id, v.value, i.name AS indicator_name,"
	    " i.unit FROM report_indicator_values v JOIN indicators i"
	    " ON i.tenant_id = v.tenant_id AND i.id = v.indicator_id"
	    " WHERE v.tenant_id = ? AND v.report_id IN (?ids) ORDER BY v.report_id, v.seq",
	    "iiitt", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "indicator_values");
	found = cj_q_rows(
	    ctx,
	    "SELECT x.report_id AS k, a.id, a.filename, a.kind, a.content_type, a.size"
	    " FROM report_attachments x JOIN attachments a"
	    " ON a.tenant_id = x.tenant_id AND a.id = x.attachment_id"
	    " WHERE x.tenant_id = ? AND x.report_id IN (?ids) ORDER BY x.report_id, x.seq",
	    "iittti", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "attachments");
	json_array_foreach (rows, i, out) {
		json_t *list = json_array();

		json_array_foreach (json_object_get(out, "attachments"), k, r)
			json_array_append(list, json_object_get(r, "id"));
		json_object_set_new(out, "attachment_ids", list);
		if (detail != CJ_DETAIL)
			json_object_del(out, "attachments");
	}
	if (detail != CJ_DETAIL)
		return 0;
	out = json_array_get(rows, 0);
	found = cj_q_rows(ctx,
	                  "SELECT v.id, v.decision, v.reason, v.reviewed_by, u.display_name AS"
	                  " reviewed_by_name, v.created_at AS at FROM report_reviews v"
	                  " LEFT JOIN users u ON u.tenant_id = v.tenant_id AND u.id = v.reviewed_by"
	                  " WHERE v.tenant_id = ? AND v.report_id = ? ORDER BY v.id",
	                  "ittitt", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_object_set(out, "reviews", found);
	return 0;
}

/* ---- reviews: approve, or return with a reason ---- */

static int
review_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t rid = cj_rec_int(rec, "report_id"), staff = 0;
	const char *decision = cj_rec_str(rec, "decision"), *reason = cj_rec_str(rec, "reason");
	json_t *rows, *r;
	int rc;

	rows = cj_q_rows(ctx,
	                 "SELECT r.status, r.submitted_by, t.owner_id, t.status AS task_status"
	                 " FROM progress_reports r JOIN tasks t"
	                 " ON t.tenant_id = r.tenant_id AND t.id = r.task_id"
	                 " WHERE r.tenant_id = ? AND r.id = ?",
	                 "tiit", &rc, err, "ii", ctx->tenant_id, rid);
	if (!rows)
		return rc;
	if (!(r = cj_q_first(rows)))
		return cj_not_found(err, "report_id", "progress_report", rid);
	if (strcmp(cj_rec_str(r, "status"), "submitted"))
		return cj_error_setarg(err, CJ_ETRANSITION, CJ_M_REPORT_STATE, "status",
		                       cj_rec_str(r, "status"));
	if (ctx->user_id) {
		if ((rc = cj_store_user_staff(ctx, ctx->user_id, &staff, err)) < 0)
			return rc;
		if (cj_rec_int(r, "submitted_by") == ctx->user_id ||
		    (staff && cj_rec_int(r, "owner_id") == staff))
			return cj_error_set(err, CJ_EFORBIDDEN, CJ_M_OWN_REPORT, NULL);
	}
	if (!strcmp(decision, "return") && (!reason || !*reason))
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "reason");
	if (!strcmp(decision, "approve") && !strcmp(cj_rec_str(r, "task_status"), "cancelled"))
		return cj_error_set(err, CJ_ETRANSITION, CJ_M_TASK_CANCELLED, "task_id");
	json_object_set_new(rec, "reviewed_by",
	                    ctx->user_id ? json_integer(ctx->user_id) : json_null());
	return 0;
}

/* After an approval: the task starts, or is done at 100 %, by its latest approved report. */
static int
task_follows(struct cj_ctx *ctx, int64_t task_id, struct cj_error *err)
{
	json_t *rows, *t, *changes;
	const char *status, *to = NULL;
	int64_t pct;
	int rc;

	rows = cj_q_rows(ctx,
	                 "SELECT t.status, " CJ_SQL_TASK_PERCENT " AS percent FROM tasks t"
	                 " WHERE t.tenant_id = ? AND t.id = ?",
	                 "ti", &rc, err, "ii", ctx->tenant_id, task_id);
	if (!(t = cj_q_first(rows)))
		return rows ? 0 : rc;
	status = cj_rec_str(t, "status");
	pct = cj_rec_int(t, "percent");
	if (pct >= 100 && strcmp(status, "done"))
		to = "done";
	else if (pct > 0 && !strcmp(status, "not_started"))
		to = "in_progress";
	if (!to)
		return 0;
	changes = json_pack("{s:s}", "status", to);
	cj_ctx_keep(ctx, changes);
	return cj_store_update(ctx, &cj_entity_task, task_id, -1, changes, err);
}

static int
review_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t rid = cj_rec_int(rec, "report_id");
	int approve = !strcmp(cj_rec_str(rec, "decision"), "approve");
	json_t *before, *after, *rows;
	char now[21], by[24];
	int rc;

	if ((rc = cj_store_get(ctx, &cj_entity_progress_report, rid, CJ_LIST_ROW, &before, err)) <
	    0)
		return rc;
	cj_timestamp_now(now);
	/* The reviewer as text, so that the command line (no user) binds NULL. */
	snprintf(by, sizeof(by), "%lld", (long long)ctx->user_id);
	rows = cj_q_rows(ctx,
	                 "UPDATE progress_reports SET status = ?, return_reason = ?,"
	                 " reviewed_by = ?, reviewed_at = ?, version = version + 1, updated_at = ?"
	                 " WHERE tenant_id = ? AND id = ? AND status = 'submitted' RETURNING id",
	                 "i", &rc, err, "tttttii", approve ? "approved" : "returned",
	                 approve ? NULL : cj_rec_str(rec, "reason"), ctx->user_id ? by : NULL, now,
	                 now, ctx->tenant_id, rid);
	if (!rows)
		return rc;
	if (!cj_q_first(rows))
		return cj_error_setarg(err, CJ_ETRANSITION, CJ_M_REPORT_STATE, "status",
		                       cj_rec_str(before, "status"));
	if ((rc = cj_store_get(ctx, &cj_entity_progress_report, rid, CJ_LIST_ROW, &after, err)) <
	        0 ||
	    (rc = cj_store_audit(ctx, approve ? "approve" : "return", "progress_report", rid,
	                         before, after, err)) < 0)
		return rc;
	return approve ? task_follows(ctx, cj_rec_int(before, "task_id"), err) : 0;
}

/* ---- evaluations ---- */

static int
evaluation_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int64_t pid = cj_rec_int(rec, "project_id");
	int rc;

	if (old)
		return 0;
	if ((rc = cj_store_exists(ctx, "key_projects", pid, err)) < 0)
		return rc;
	return rc ? 0 : cj_not_found(err, "project_id", "key_project", pid);
}

/* The snapshot is taken once, when the evaluation is recorded, and never again. */
static int
evaluation_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *snap;
	char *text;
	int rc;

	if (old)
		return 0;
	if ((rc = cj_store_project_snapshot(ctx, cj_rec_int(rec, "project_id"), &snap, err)) < 0)
		return rc;
	text = json_dumps(snap, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(snap);
	rc = cj_q_exec(ctx,
	               "UPDATE evaluations SET snapshot_json = ? WHERE tenant_id = ? AND id = ?",
	               err, "tii", text, ctx->tenant_id, id);
	cj_json_free(text);
	return rc;
}

static int
evaluation_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "snapshot_json", "project_name", NULL };
	json_t *found, *out, *snap;
	size_t i;
	int rc;

	found =
	    cj_q_rows(ctx,
	              "SELECT e.id AS k, e.snapshot_json, p.name AS project_name FROM evaluations e"
	              " JOIN key_projects p ON p.tenant_id = e.tenant_id AND p.id = e.project_id"
	              " WHERE e.tenant_id = ? AND e.id IN (?ids)",
	              "itt", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	json_array_foreach (rows, i, out) {
		snap = cj_rec_str(out, "snapshot_json")
		           ? json_loads(cj_rec_str(out, "snapshot_json"), 0, NULL)
		           : NULL;
		json_object_del(out, "snapshot_json");
		json_object_set_new(out, "snapshot", snap ? snap : json_object());
	}
	return 0;
}

/* ---- commendations ---- */

static int
commendation_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *staff = cj_rec_merged(rec, old, "staff_id"), *rows;
	const char *title = json_string_value(cj_rec_merged(rec, old, "title"));
	const char *person = json_string_value(cj_rec_merged(rec, old, "person_name"));
	int rc;

	if (staff && !json_is_null(staff) && (!person || !*person)) {
		rows =
		    cj_q_rows(ctx, "SELECT name FROM staff WHERE tenant_id = ? AND id = ?", "t",
		              &rc, err, "ii", ctx->tenant_id, (int64_t)json_integer_value(staff));
		if (!rows)
			return rc;
		if (!cj_q_first(rows))
			return cj_not_found(err, "staff_id", "staff", json_integer_value(staff));
		person = cj_rec_str(cj_q_first(rows), "name");
	}
	if (!person || !*person)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PERSON_REQUIRED, "person_name");
	json_object_set_new(rec, "label", json_sprintf("%s：%s", title ? title : "", person));
	return 0;
}

static int
commendation_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "staff_name", "project_name", "event_title", NULL };
	json_t *found, *out, *name;
	size_t i;
	int rc;

	found = cj_q_rows(ctx,
	                  "SELECT c.id AS k, s.name AS staff_name, p.name AS project_name,"
	                  " e.title AS event_title FROM commendations c"
	                  " LEFT JOIN staff s ON s.tenant_id = c.tenant_id AND s.id = c.staff_id"
	                  " LEFT JOIN key_projects p ON p.tenant_id = c.tenant_id"
	                  " AND p.id = c.project_id"
	                  " LEFT JOIN events e ON e.tenant_id = c.tenant_id AND e.id = c.event_id"
	                  " WHERE c.tenant_id = ? AND c.id IN (?ids)",
	                  "ittt", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	json_array_foreach (rows, i, out) {
		name = json_object_get(out, "person_name");
		json_object_set(out, "person",
		                json_is_string(name) ? name : json_object_get(out, "staff_name"));
		json_object_del(out, "staff_name");
	}
	if (detail != CJ_DETAIL)
		return 0;
	out = json_array_get(rows, 0);
	return cj_hooks_load_events(ctx, "commendation", cj_rec_id(out), out, err);
}

/* ---- list filters ---- */

/* The caller's staff record (users.staff_id): "mine" is what they own. */
#define MY_STAFF                                                                                   \
	"(SELECT u.staff_id FROM users u WHERE u.tenant_id = tasks.tenant_id AND u.id = $user)"
#define IN_BOOK_OF(table)                                                                          \
	"task_id IN (SELECT t.id FROM tasks t WHERE t.tenant_id = " table ".tenant_id"             \
	" AND t.task_book_id = ?)"
#define IN_PROJECT_OF(table)                                                                       \
	"task_id IN (SELECT t.id FROM tasks t JOIN task_books b ON b.tenant_id = t.tenant_id"      \
	" AND b.id = t.task_book_id WHERE t.tenant_id = " table ".tenant_id AND b.project_id = ?)"

static const struct cj_filter key_project_filters[] = {
	{ "year", CJ_FA_YEAR, "first_year <= ? AND last_year >= ?", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter task_filters[] = {
	{ "overdue", CJ_FA_BOOL, "deadline < $today AND status NOT IN ('done', 'cancelled')",
	  "deadline IS NULL OR deadline >= $today OR status IN ('done', 'cancelled')", NULL },
	{ "project_id", CJ_FA_ID,
	  "task_book_id IN (SELECT b.id FROM task_books b WHERE b.tenant_id = tasks.tenant_id"
	  " AND b.project_id = ?)",
	  NULL, NULL },
	{ "year", CJ_FA_YEAR,
	  "task_book_id IN (SELECT b.id FROM task_books b WHERE b.tenant_id = tasks.tenant_id"
	  " AND b.year = ?)",
	  NULL, NULL },
	{ "level", CJ_FA_LEVEL, "code NOT LIKE '%.%'", "code LIKE '%.%'", NULL },
	{ "mine", CJ_FA_TRUE, "owner_id = " MY_STAFF, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter indicator_filters[] = {
	{ "task_book_id", CJ_FA_ID, IN_BOOK_OF("indicators"), NULL, NULL },
	{ "project_id", CJ_FA_ID, IN_PROJECT_OF("indicators"), NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter report_filters[] = {
	{ "mine", CJ_FA_TRUE,
	  "task_id IN (SELECT t.id FROM tasks t WHERE t.tenant_id = progress_reports.tenant_id"
	  " AND t.owner_id = (SELECT u.staff_id FROM users u WHERE u.tenant_id = t.tenant_id"
	  " AND u.id = $user))",
	  NULL, NULL },
	{ "task_book_id", CJ_FA_ID, IN_BOOK_OF("progress_reports"), NULL, NULL },
	{ "project_id", CJ_FA_ID, IN_PROJECT_OF("progress_reports"), NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cj_hooks cj_projects_hooks[] = {
	{ .e = &cj_entity_key_project,
	  .check = key_project_check,
	  .save = key_project_save,
	  .load = key_project_load,
	  .filters = key_project_filters },
	{ .e = &cj_entity_task_book, .check = task_book_check, .load = task_book_load },
	{ .e = &cj_entity_task,
	  .check = task_check,
	  .save = task_save,
	  .load = task_load,
	  .remove = task_remove,
	  .filters = task_filters },
	{ .e = &cj_entity_indicator,
	  .check = indicator_check,
	  .load = indicator_load,
	  .filters = indicator_filters },
	{ .e = &cj_entity_progress_report,
	  .check = report_check,
	  .save = report_save,
	  .load = report_load,
	  .remove = report_remove,
	  .filters = report_filters },
	{ .e = &cj_entity_report_review, .check = review_check, .save = review_save },
	{ .e = &cj_entity_evaluation,
	  .check = evaluation_check,
	  .save = evaluation_save,
	  .load = evaluation_load },
	{ .e = &cj_entity_commendation, .check = commendation_check, .load = commendation_load },
	{ NULL },
};

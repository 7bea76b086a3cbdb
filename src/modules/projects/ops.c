/*
 * The key-projects module's store operations: figures, the pillar-1
 * dashboard, the to-do list, uploaded files; see store-projects.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"
#include "modules/projects/store.h"

static json_t *
rate_json(int rc, double v)
{
	return rc == 0 ? json_real(cj_round4(v)) : json_null();
}

/* ---- figures ---- */

int
cj_store_figures(struct cj_ctx *ctx, int64_t book_id, int64_t project_id, struct cj_figures *out,
                 struct cj_error *err)
{
	json_t *rows, *tasks;
	int rc;

	memset(out, 0, sizeof(*out));
	rows = book_id ? cj_q_rows(ctx,
	                           "SELECT t.deadline, t.status FROM tasks t"
	                           " WHERE t.tenant_id = ? AND t.task_book_id = ?",
	                           "tt", &rc, err, "ii", ctx->tenant_id, book_id)
	               : cj_q_rows(ctx,
	                           "SELECT t.deadline, t.status FROM tasks t JOIN task_books b"
	                           " ON b.tenant_id = t.tenant_id AND b.id = t.task_book_id"
	                           " WHERE t.tenant_id = ? AND b.project_id = ?",
	                           "tt", &rc, err, "ii", ctx->tenant_id, project_id);
	if (!rows)
		return rc;
	tasks = rows;
	rows = book_id
	           ? cj_q_rows(ctx,
	                       "SELECT i.target, " CJ_SQL_INDICATOR_ACTUAL " AS actual"
	                       " FROM indicators i JOIN tasks t ON t.tenant_id = i.tenant_id"
	                       " AND t.id = i.task_id WHERE i.tenant_id = ? AND t.task_book_id = ?"
	                       " AND t.status <> 'cancelled'",
	                       "ii", &rc, err, "ii", ctx->tenant_id, book_id)
	           : cj_q_rows(ctx,
	                       "SELECT i.target, " CJ_SQL_INDICATOR_ACTUAL " AS actual"
	                       " FROM indicators i JOIN tasks t ON t.tenant_id = i.tenant_id"
	                       " AND t.id = i.task_id JOIN task_books b ON b.tenant_id ="
	                       " t.tenant_id AND b.id = t.task_book_id WHERE i.tenant_id = ?"
	                       " AND b.project_id = ? AND t.status <> 'cancelled'",
	                       "ii", &rc, err, "ii", ctx->tenant_id, project_id);
	if (!rows)
		return rc;
	cj_figures_of(tasks, rows, cj_date_today(), out);
	return 0;
}

void
cj_figures_of(json_t *tasks, json_t *indicators, int32_t today, struct cj_figures *f)
{
	json_t *r;
	size_t i;

	memset(f, 0, sizeof(*f));
	json_array_foreach (tasks, i, r)
		cj_figures_add_task(f, cj_rec_str(r, "deadline"), cj_rec_str(r, "status"), today);
	json_array_foreach (indicators, i, r)
		cj_figures_add_indicator(f, cj_rec_int(r, "actual"), cj_rec_int(r, "target"));
}

json_t *
cj_figures_json(const struct cj_figures *f)
{
	double completion = 0, attainment = 0;
	int crc = cj_figures_completion(f, &completion),
	    arc = cj_figures_attainment(f, &attainment);

	return json_pack("{s:I,s:I,s:I,s:I,s:o,s:I,s:o}", "tasks", (json_int_t)f->tasks, "done",
	                 (json_int_t)f->done, "overdue", (json_int_t)f->overdue, "cancelled",
	                 (json_int_t)f->cancelled, "completion_rate", rate_json(crc, completion),
	                 "indicators", (json_int_t)f->indicators, "indicator_attainment",
	                 rate_json(arc, attainment));
}

/* ---- funding ---- */

static json_t *
funding_row(const char *source, int64_t budgeted, int64_t arrived, int64_t spent)
{
	double arrival = 0, execution = 0;
	int arc = cj_rate(arrived, budgeted, &arrival), erc = cj_rate(spent, arrived, &execution);
	json_t *o = json_pack("{s:I,s:I,s:I,s:o,s:o}", "budgeted", (json_int_t)budgeted, "arrived",
	                      (json_int_t)arrived, "spent", (json_int_t)spent, "arrival_rate",
	                      rate_json(arc, arrival), "execution_rate", rate_json(erc, execution));

	if (source)
		json_object_set_new(o, "source", json_string(source));
	return o;
}

int
cj_store_project_funding(struct cj_ctx *ctx, int64_t project_id, json_t *out, struct cj_error *err)
{
	int64_t b = 0, a = 0, s = 0;
	json_t *rows, *r, *list = json_array();
	size_t i;
	int rc;

	json_object_set_new(out, "funding", list);
	rows = cj_q_rows(ctx,
	                 "SELECT source, budgeted, arrived, spent FROM project_funding"
	                 " WHERE tenant_id = ? AND project_id = ? ORDER BY seq",
	                 "tiii", &rc, err, "ii", ctx->tenant_id, project_id);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, r) {
		json_array_append_new(
		    list, funding_row(json_string_value(json_object_get(r, "source")),
		                      cj_rec_int(r, "budgeted"), cj_rec_int(r, "arrived"),
		                      cj_rec_int(r, "spent")));
		b += cj_rec_int(r, "budgeted"), a += cj_rec_int(r, "arrived"),
		    s += cj_rec_int(r, "spent");
	}
	json_object_set_new(out, "funding_total", funding_row(NULL, b, a, s));
	return 0;
}

int
cj_store_funding_page(struct cj_ctx *ctx, json_t *rows, struct cj_error *err)
{
	json_t *found, *out, *r;
	size_t i, k;
	int rc;

	found = cj_q_rows(
	    ctx,
	    "SELECT project_id AS k, source, budgeted, arrived, spent FROM project_funding"
	    " WHERE tenant_id = ? AND project_id IN (?ids) ORDER BY project_id, seq",
	    "itiii", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "funding");
	json_array_foreach (rows, i, out) {
		json_t *list = json_array();
		int64_t b = 0, a = 0, sp = 0;

		json_array_foreach (json_object_get(out, "funding"), k, r) {
			json_array_append_new(
			    list, funding_row(json_string_value(json_object_get(r, "source")),
			                      cj_rec_int(r, "budgeted"), cj_rec_int(r, "arrived"),
			                      cj_rec_int(r, "spent")));
			b += cj_rec_int(r, "budgeted"), a += cj_rec_int(r, "arrived"),
			    sp += cj_rec_int(r, "spent");
		}
		json_object_set_new(out, "funding", list);
		json_object_set_new(out, "funding_total", funding_row(NULL, b, a, sp));
	}
	return 0;
}

int
cj_store_figures_page(struct cj_ctx *ctx, json_t *rows, struct cj_error *err)
{
	int32_t today = cj_date_today();
	json_t *ids = cj_q_ids(ctx, rows, "id"), *tasks, *inds, *out;
	size_t i;
	int rc;

	tasks = cj_q_rows(ctx,
	                  "SELECT task_book_id AS k, deadline, status FROM tasks"
	                  " WHERE tenant_id = ? AND task_book_id IN (?ids)",
	                  "itt", &rc, err, "iI", ctx->tenant_id, ids);
	if (!tasks)
		return rc;
	inds =
	    cj_q_rows(ctx,
	              "SELECT t.task_book_id AS k, i.target, " CJ_SQL_INDICATOR_ACTUAL " AS actual"
	              " FROM indicators i JOIN tasks t ON t.tenant_id = i.tenant_id"
	              " AND t.id = i.task_id WHERE i.tenant_id = ? AND t.task_book_id IN (?ids)"
	              " AND t.status <> 'cancelled'",
	              "iii", &rc, err, "iI", ctx->tenant_id, ids);
	if (!inds)
		return rc;
	cj_q_group(rows, "id", tasks, "figures");
	cj_q_group(rows, "id", inds, "indicator_rows");
	json_array_foreach (rows, i, out) {
		struct cj_figures f;

		cj_figures_of(json_object_get(out, "figures"),
		              json_object_get(out, "indicator_rows"), today, &f);
		json_object_del(out, "indicator_rows");
		json_object_set_new(out, "figures", cj_figures_json(&f));
	}
	return 0;
}

/* ---- the evaluation snapshot ---- */

int
cj_store_project_snapshot(struct cj_ctx *ctx, int64_t project_id, json_t **out,
                          struct cj_error *err)
{
	struct cj_figures f;
	json_t *snap, *years, *rows, *r, *fig;
	char today[11], now[21];
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = cj_store_figures(ctx, 0, project_id, &f, err)) < 0)
		return rc;
	cj_date_format(cj_date_today(), today);
	cj_timestamp_now(now);
	snap = cj_figures_json(&f);
	json_object_set_new(snap, "as_of", json_string(today));
	json_object_set_new(snap, "recorded_at", json_string(now));
	if ((rc = cj_store_project_funding(ctx, project_id, snap, err)) < 0)
		goto fail;
	json_object_del(snap, "funding");
	years = json_array();
	json_object_set_new(snap, "years", years);
	rows = cj_q_rows(ctx,
	                 "SELECT id, year FROM task_books WHERE tenant_id = ? AND project_id = ?"
	                 " ORDER BY year",
	                 "ii", &rc, err, "ii", ctx->tenant_id, project_id);
	if (!rows)
		goto fail;
	json_array_foreach (rows, i, r) {
		if ((rc = cj_store_figures(ctx, cj_rec_int(r, "id"), 0, &f, err)) < 0)
			goto fail;
		fig = cj_figures_json(&f);
		json_object_set(fig, "year", json_object_get(r, "year"));
		json_object_set(fig, "task_book_id", json_object_get(r, "id"));
		json_array_append_new(years, fig);
	}
	*out = snap;
	return 0;
fail:
	json_decref(snap);
	return rc;
}

/* ---- pillar 1 ---- */

int
cj_store_projects_dashboard(struct cj_ctx *ctx, int64_t year, json_t **out, struct cj_error *err)
{
	struct cj_figures f, all = { 0 };
	json_t *res, *list, *rows, *p, *books, *evals, *item;
	char today[11], year_end[16], link[120];
	size_t i;
	int rc;

	cj_date_format(cj_date_today(), today);
	snprintf(year_end, sizeof(year_end), "%04lld-12-31", (long long)year);
	list = json_array();
	res =
	    json_pack("{s:I,s:s,s:o}", "year", (json_int_t)year, "as_of", today, "projects", list);
	cj_ctx_keep(ctx, res);
	rows = cj_q_rows(ctx,
	                 "SELECT id, name, level, kind, first_year, last_year FROM key_projects"
	                 " WHERE tenant_id = ? AND first_year <= ? AND last_year >= ? ORDER BY id",
	                 "itttii", &rc, err, "iii", ctx->tenant_id, year, year);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, p) {
		int64_t pid = cj_rec_int(p, "id"), book = 0;

		books = cj_q_rows(ctx,
		                  "SELECT id, title FROM task_books WHERE tenant_id = ?"
		                  " AND project_id = ? AND year = ?",
		                  "it", &rc, err, "iii", ctx->tenant_id, pid, year);
		if (!books)
			return rc;
		if (cj_q_first(books))
			book = cj_rec_int(cj_q_first(books), "id");
		memset(&f, 0, sizeof(f));
		if (book && (rc = cj_store_figures(ctx, book, 0, &f, err)) < 0)
			return rc;
		evals = cj_q_rows(ctx,
		                  "SELECT id, kind, date, result, score FROM evaluations"
		                  " WHERE tenant_id = ? AND project_id = ? AND date <= ?"
		                  " ORDER BY date DESC, id DESC LIMIT 1",
		                  "ittti", &rc, err, "iit", ctx->tenant_id, pid, year_end);
		if (!evals)
			return rc;
		item = cj_figures_json(&f);
		json_object_set_new(item, "project_id", json_integer(pid));
		json_object_set(item, "name", json_object_get(p, "name"));
		json_object_set(item, "level", json_object_get(p, "level"));
		json_object_set(item, "kind", json_object_get(p, "kind"));
		json_object_set_new(item, "task_book_id", book ? json_integer(book) : json_null());
		json_object_set(item, "task_book_title",
		                book ? json_object_get(cj_q_first(books), "title") : json_null());
		json_object_set(item, "latest_evaluation",
		                cj_q_first(evals) ? cj_q_first(evals) : json_null());
		/* Each figure links to the records behind it. */
		if (book) {
			snprintf(link, sizeof(link), "/api/v1/tasks?task_book_id=%lld",
			         (long long)book);
			json_object_set_new(item, "tasks_url", json_string(link));
			snprintf(link, sizeof(link), "/api/v1/tasks?task_book_id=%lld&overdue=true",
			         (long long)book);
			json_object_set_new(item, "overdue_url", json_string(link));
			snprintf(link, sizeof(link), "/api/v1/indicators?task_book_id=%lld",
			         (long long)book);
			json_object_set_new(item, "indicators_url", json_string(link));
		}
		json_array_append_new(list, item);
		all.tasks += f.tasks, all.done += f.done, all.overdue += f.overdue;
		all.cancelled += f.cancelled, all.indicators += f.indicators;
		all.attainment_sum += f.attainment_sum;
	}
	json_object_set_new(res, "total", cj_figures_json(&all));
	*out = res;
	return 0;
}

/* ---- users and their to-do list ---- */

int
cj_store_user_staff(struct cj_ctx *ctx, int64_t user_id, int64_t *staff_id, struct cj_error *err)
{
	json_t *rows;
	int rc;

	*staff_id = 0;
	rows = cj_q_rows(ctx, "SELECT staff_id FROM users WHERE tenant_id = ? AND id = ?", "i", &rc,
	                 err, "ii", ctx->tenant_id, user_id);
	if (!rows)
		return rc;
	*staff_id = cj_rec_int(cj_q_first(rows), "staff_id");
	return 0;
}

int
cj_store_task_people(struct cj_ctx *ctx, int64_t task_id, int64_t *department_id, int64_t *owner_id,
                     struct cj_error *err)
{
	json_t *rows, *r;
	int rc;

	*department_id = *owner_id = 0;
	rows = cj_q_rows(ctx,
	                 "SELECT lead_department_id, owner_id FROM tasks WHERE tenant_id = ?"
	                 " AND id = ?",
	                 "ii", &rc, err, "ii", ctx->tenant_id, task_id);
	if (!rows)
		return rc;
	if (!(r = cj_q_first(rows)))
		return 0;
	*department_id = cj_rec_int(r, "lead_department_id");
	*owner_id = cj_rec_int(r, "owner_id");
	return 1;
}

/* The records of e whose ids a query returns, as lists show them. */
static int
records(struct cj_ctx *ctx, const struct cj_entity *e, json_t *ids, json_t **out,
        struct cj_error *err)
{
	json_t *arr = json_array(), *r, *rec;
	size_t i;
	int rc;

	cj_ctx_keep(ctx, arr);
	json_array_foreach (ids, i, r) {
		if ((rc = cj_store_get(ctx, e, cj_rec_int(r, "id"), CJ_LIST_ROW, &rec, err)) < 0)
			return rc;
		json_array_append(arr, rec);
	}
	*out = arr;
	return 0;
}

#define TODO_MAX "500"

int
cj_store_todo(struct cj_ctx *ctx, int64_t user_id, int reviewer, json_t **out, struct cj_error *err)
{
	json_t *ids, *overdue, *review, *returned;
	int64_t staff;
	char today[11];
	int rc;

	if ((rc = cj_store_user_staff(ctx, user_id, &staff, err)) < 0)
		return rc;
	cj_date_format(cj_date_today(), today);
	ids = cj_q_rows(ctx,
	                "SELECT id FROM tasks WHERE tenant_id = ? AND owner_id = ? AND deadline < ?"
	                " AND status <> 'done' AND status <> 'cancelled' ORDER BY deadline, id"
	                " LIMIT " TODO_MAX,
	                "i", &rc, err, "iit", ctx->tenant_id, staff, today);
	if (!ids || (rc = records(ctx, &cj_entity_task, ids, &overdue, err)) < 0)
		return rc;
	review = json_array();
	cj_ctx_keep(ctx, review);
	if (reviewer) {
		ids = cj_q_rows(
		    ctx,
		    "SELECT r.id FROM progress_reports r JOIN tasks t"
		    " ON t.tenant_id = r.tenant_id AND t.id = r.task_id"
		    " WHERE r.tenant_id = ? AND r.status = 'submitted'"
		    " AND coalesce(r.submitted_by, 0) <> ? AND coalesce(t.owner_id, 0) <> ?"
		    " ORDER BY r.date, r.id LIMIT " TODO_MAX,
		    "i", &rc, err, "iii", ctx->tenant_id, user_id, staff);
		if (!ids || (rc = records(ctx, &cj_entity_progress_report, ids, &review, err)) < 0)
			return rc;
	}
	ids = cj_q_rows(ctx,
	                "SELECT r.id FROM progress_reports r JOIN tasks t"
	                " ON t.tenant_id = r.tenant_id AND t.id = r.task_id"
	                " WHERE r.tenant_id = ? AND r.status = 'returned'"
	                " AND (r.submitted_by = ? OR t.owner_id = ?)"
	                " ORDER BY r.updated_at DESC, r.id DESC LIMIT " TODO_MAX,
	                "i", &rc, err, "iii", ctx->tenant_id, user_id, staff);
	if (!ids || (rc = records(ctx, &cj_entity_progress_report, ids, &returned, err)) < 0)
		return rc;
	*out = json_pack("{s:O,s:O,s:O,s:{s:I,s:I,s:I}}", "overdue_tasks", overdue,
	                 "reports_to_review", review, "returned_reports", returned, "counts",
	                 "overdue_tasks", (json_int_t)json_array_size(overdue), "reports_to_review",
	                 (json_int_t)json_array_size(review), "returned_reports",
	                 (json_int_t)json_array_size(returned));
	cj_ctx_keep(ctx, *out);
	return 0;
}

/* ---- attachments ---- */

int
cj_store_attachment_put(struct cj_ctx *ctx, const char *filename, const void *bytes, size_t n,
                        enum cj_file_kind kind, int64_t *id, struct cj_error *err)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1], stored[96], now[21];
	struct cj_stmt *s;
	json_t *rows, *rec;
	int rc;

	crypto_hash_sha256(hash, bytes, n);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	snprintf(stored, sizeof(stored), "%s.%s", hex, cj_file_kind_name(kind));
	cj_timestamp_now(now);
	/* The bytes once per content in the college; a second upload shares them. */
	rc = cj_stmt_prepare(ctx->conn,
	                     "INSERT INTO attachment_blobs (tenant_id, sha256, size, stored_name,"
	                     " content, created_at) VALUES (?, ?, ?, ?, ?, ?)"
	                     " ON CONFLICT (tenant_id, sha256) DO NOTHING",
	                     &s, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	cj_stmt_bind_text(s, 2, hex);
	cj_stmt_bind_int(s, 3, (int64_t)n);
	cj_stmt_bind_text(s, 4, stored);
	cj_stmt_bind_blob(s, 5, bytes, n);
	cj_stmt_bind_text(s, 6, now);
	while ((rc = cj_stmt_step(s, err)) > 0)
		;
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	rows = cj_q_rows(ctx, "SELECT id FROM attachment_blobs WHERE tenant_id = ? AND sha256 = ?",
	                 "i", &rc, err, "it", ctx->tenant_id, hex);
	if (!rows)
		return rc;
	if (!cj_q_first(rows))
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "attachment_blobs");
	rec = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:I}", "filename", filename, "kind",
	                cj_file_kind_name(kind), "content_type", cj_file_mime(kind), "size",
	                (json_int_t)n, "sha256", hex, "stored_name", stored, "blob_id",
	                (json_int_t)cj_rec_int(cj_q_first(rows), "id"));
	json_object_set_new(rec, "uploaded_by",
	                    ctx->user_id ? json_integer(ctx->user_id) : json_null());
	cj_ctx_keep(ctx, rec);
	return cj_store_create(ctx, &cj_entity_attachment, rec, id, err);
}

int
cj_store_attachment_get(struct cj_ctx *ctx, int64_t id, json_t **meta, const void **bytes,
                        size_t *n, struct cj_error *err)
{
	struct cj_stmt *s;
	const void *p;
	void *copy;
	int rc;

	*bytes = NULL;
	*n = 0;
	if ((rc = cj_store_get(ctx, &cj_entity_attachment, id, CJ_DETAIL, meta, err)) < 0)
		return rc;
	rc = cj_stmt_prepare(ctx->conn,
	                     "SELECT b.content FROM attachments a JOIN attachment_blobs b"
	                     " ON b.tenant_id = a.tenant_id AND b.id = a.blob_id"
	                     " WHERE a.tenant_id = ? AND a.id = ?",
	                     &s, err);
	if (rc < 0)
		return rc;
	cj_stmt_bind_int(s, 1, ctx->tenant_id);
	cj_stmt_bind_int(s, 2, id);
	rc = cj_stmt_step(s, err);
	if (rc > 0) {
		p = cj_stmt_blob(s, 0, n);
		copy = cj_arena_alloc(ctx->arena, *n ? *n : 1);
		if (*n)
			memcpy(copy, p, *n);
		*bytes = copy;
		rc = 0;
	} else if (rc == 0) {
		rc = cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, "attachment");
	}
	cj_stmt_free(s);
	return rc;
}

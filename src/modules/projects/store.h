/*
 * The key-projects module's store operations beyond the generic records of
 * store.h: the pillar-1 figures of a task book or a project (tasks done,
 * overdue, cancelled, completion and indicator attainment), the pillar-1
 * dashboard of a year, a user's to-do list, and uploaded files (the bytes
 * kept once per content hash and college, in the database, so that every
 * server on a shared database serves them).
 *
 * The same conventions as store.h: ctx is one unit of work inside the
 * caller's transaction, every query is scoped to ctx->tenant_id, JSON out
 * parameters belong to ctx->arena, errors are CJ_E* codes with err filled.
 * Derived values are computed as of today in China time (cj_date_today).
 */
#ifndef CJ_STORE_PROJECTS_H
#define CJ_STORE_PROJECTS_H

#include "modules/projects/projects.h"
#include "store/store.h"

/*
 * The SQL of a derived value, for a SELECT list: the percent of task t (its
 * latest approved report by date, then id) and the actual of indicator i
 * (the value the latest approved report gives it).  NULL when none.
 */
#define CJ_SQL_TASK_PERCENT                                                                        \
	"(SELECT r.percent FROM progress_reports r WHERE r.tenant_id = t.tenant_id"                \
	" AND r.task_id = t.id AND r.status = 'approved' ORDER BY r.date DESC, r.id DESC LIMIT 1)"
#define CJ_SQL_INDICATOR_ACTUAL                                                                    \
	"(SELECT v.value FROM report_indicator_values v JOIN progress_reports r"                   \
	" ON r.tenant_id = v.tenant_id AND r.id = v.report_id WHERE v.tenant_id = i.tenant_id"     \
	" AND v.indicator_id = i.id AND r.status = 'approved' ORDER BY r.date DESC, r.id DESC"     \
	" LIMIT 1)"

/*
 * The figures of one task book (book_id > 0) or of a project over all its
 * task books (book_id 0, project_id > 0): every task counts; indicators of
 * cancelled tasks do not.
 */
int cj_store_figures(struct cj_ctx *ctx, int64_t book_id, int64_t project_id,
                     struct cj_figures *out, struct cj_error *err);
/*
 * The figures of task rows (deadline, status) and indicator rows (target,
 * actual) as the queries above read them, as of today; into f.
 */
void cj_figures_of(json_t *tasks, json_t *indicators, int32_t today, struct cj_figures *f);
/* The figures as JSON: tasks, done, overdue, cancelled, completion_rate, indicators,
 * indicator_attainment (rates rounded to four decimals, null when undefined). */
json_t *cj_figures_json(const struct cj_figures *f);

/* For each task book of rows (a page): its figures, as cj_figures_json gives them. */
int cj_store_figures_page(struct cj_ctx *ctx, json_t *rows, struct cj_error *err);
/* For each project of rows (a page): its funding rows with their rates, and the totals. */
int cj_store_funding_page(struct cj_ctx *ctx, json_t *rows, struct cj_error *err);

/* A project's funding rows with their rates, and the totals; into out. */
int cj_store_project_funding(struct cj_ctx *ctx, int64_t project_id, json_t *out,
                             struct cj_error *err);

/*
 * The completion figures of a project frozen for an evaluation: as_of,
 * the project's figures over all years, funding totals and one entry per
 * task book ("years").  A new object (the caller owns it).
 */
int cj_store_project_snapshot(struct cj_ctx *ctx, int64_t project_id, json_t **out,
                              struct cj_error *err);

/*
 * Pillar 1 for year: every project whose period covers it, with the
 * figures of that year's task book and the latest evaluation dated by the
 * end of the year, then the college's totals.
 */
int cj_store_projects_dashboard(struct cj_ctx *ctx, int64_t year, json_t **out,
                                struct cj_error *err);

/* The staff record a user stands for (users.staff_id), or 0. */
int cj_store_user_staff(struct cj_ctx *ctx, int64_t user_id, int64_t *staff_id,
                        struct cj_error *err);

/* A task's lead department and owner (0 when none): 1, 0 when no such task, or <0. */
int cj_store_task_people(struct cj_ctx *ctx, int64_t task_id, int64_t *department_id,
                         int64_t *owner_id, struct cj_error *err);

/*
 * The to-do list of user_id: the overdue tasks its staff record owns, the
 * submitted reports waiting for review (reviewer set: a college
 * administrator; never the user's own nor on the user's own tasks), and the
 * returned reports it submitted or that are on its tasks.
 */
int cj_store_todo(struct cj_ctx *ctx, int64_t user_id, int reviewer, json_t **out,
                  struct cj_error *err);

/*
 * Keep an uploaded file: the bytes once per content hash in the college
 * (under a generated name, <sha256>.<ext>), and a new attachment record
 * with the client's file name.  The caller has checked the name, the size
 * and the kind.  *id is the attachment's id.
 */
int cj_store_attachment_put(struct cj_ctx *ctx, const char *filename, const void *bytes, size_t n,
                            enum cj_file_kind kind, int64_t *id, struct cj_error *err);
/* An attachment's record and bytes (in ctx->arena); CJ_ENOTFOUND for another college's. */
int cj_store_attachment_get(struct cj_ctx *ctx, int64_t id, json_t **meta, const void **bytes,
                            size_t *n, struct cj_error *err);

#endif

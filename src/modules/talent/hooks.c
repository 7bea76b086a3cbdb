/*
 * The talent module's store hooks: studio leaders and members, output
 * people, the one-post-internship-at-a-time rule, certificate holders, and
 * derived values (gold-collar, person-hours, names of linked records).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "modules/talent/talent.h"
#include "lib/util.h"
#include "modules/registry/registry.h"
#include "store/hooks.h"

/* The name of record id of table (its name column), into out; "" when none. */
static int
name_of(struct cj_ctx *ctx, const char *table, const char *col, int64_t id, json_t *out,
        const char *key, struct cj_error *err)
{
	char sql[160];
	json_t *rows;
	int rc;

	if (!id) {
		json_object_set_new(out, key, json_null());
		return 0;
	}
	snprintf(sql, sizeof(sql), "SELECT %s AS name FROM %s WHERE tenant_id = ? AND id = ?", col,
	         table);
	rows = cj_q_rows(ctx, sql, "t", &rc, err, "ii", ctx->tenant_id, id);
	if (!rows)
		return rc;
	json_object_set(out, key,
	                json_array_size(rows) ? json_object_get(json_array_get(rows, 0), "name")
	                                      : json_null());
	return 0;
}

/* ---- people lists (studio leaders and members, output people) ---- */

static int
check_people(struct cj_ctx *ctx, json_t *list, const char *field, struct cj_error *err)
{
	json_t *p;
	size_t i;
	int rc;

	json_array_foreach (list, i, p) {
		int64_t sid = json_integer_value(json_object_get(p, "staff_id"));
		char arg[48];

		if (!sid)
			continue;
		if ((rc = cj_store_exists(ctx, "staff", sid, err)) < 0)
			return rc;
		if (rc == 0) {
			snprintf(arg, sizeof(arg), "staff %lld", (long long)sid);
			return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, field, arg);
		}
	}
	return 0;
}

static int
save_people(struct cj_ctx *ctx, const char *table, const char *owner, int64_t id, json_t *list,
            const char *role, int *seq, struct cj_error *err)
{
	char sql[240];
	json_t *p;
	size_t i;
	int rc;

	json_array_foreach (list, i, p) {
		int64_t sid = json_integer_value(json_object_get(p, "staff_id"));

		if (role)
			snprintf(sql, sizeof(sql),
			         "INSERT INTO %s (tenant_id, %s, seq, role, staff_id, name)"
			         " VALUES (?, ?, ?, '%s', ?, ?)",
			         table, owner, role);
		else
			snprintf(sql, sizeof(sql),
			         "INSERT INTO %s (tenant_id, %s, seq, staff_id, name) VALUES (?, "
			         "?, ?, ?, ?)",
			         table, owner);
		rc = sid ? cj_q_exec(ctx, sql, err, "iiiit", ctx->tenant_id, id, (int64_t)(*seq)++,
		                     sid, cj_rec_str(p, "name"))
		         : cj_q_exec(ctx, sql, err, "iiitt", ctx->tenant_id, id, (int64_t)(*seq)++,
		                     (const char *)NULL, cj_rec_str(p, "name"));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* People with their staff names: [{"staff_id","name"}], the name from staff when linked. */
static int
load_people(struct cj_ctx *ctx, const char *table, const char *owner, json_t *rows,
            const char *role, const char *key, struct cj_error *err)
{
	char sql[400];
	json_t *found;
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT p.%s AS k, p.staff_id, COALESCE(s.name, p.name) AS name FROM %s p"
	         " LEFT JOIN staff s ON s.tenant_id = p.tenant_id AND s.id = p.staff_id"
	         " WHERE p.tenant_id = ? AND p.%s IN (?ids)%s ORDER BY p.%s, p.seq",
	         owner, table, owner, role ? " AND p.role = ?" : "", owner);
	found = role ? cj_q_rows(ctx, sql, "iit", &rc, err, "iIt", ctx->tenant_id,
	                         cj_q_ids(ctx, rows, "id"), role)
	             : cj_q_rows(ctx, sql, "iit", &rc, err, "iI", ctx->tenant_id,
	                         cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, key);
	return 0;
}

/* ---- studios ---- */

static int
studio_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int rc = check_people(ctx, json_object_get(rec, "leaders"), "leaders", err);

	return rc < 0 ? rc : check_people(ctx, json_object_get(rec, "members"), "members", err);
}

static int
studio_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *leaders = json_object_get(rec, "leaders"),
	       *members = json_object_get(rec, "members");
	json_t *rows;
	int rc, seq = 0;

	if (!leaders && !members)
		return 0;
	/* Replace the lists given; keep the other one as it was. */
	rows = cj_q_rows(ctx,
	                 "SELECT role, staff_id, name FROM studio_people WHERE tenant_id = ?"
	                 " AND studio_id = ? ORDER BY seq",
	                 "tit", &rc, err, "ii", ctx->tenant_id, id);
	if (!rows)
		return rc;
	if (!leaders || !members) {
		json_t *keep = json_array(), *r;
		size_t i;

		cj_ctx_keep(ctx, keep);
		json_array_foreach (rows, i, r) {
			if (!strcmp(cj_rec_str(r, "role"), leaders ? "member" : "leader"))
				json_array_append(keep, r);
		}
		if (!leaders)
			leaders = keep;
		else
			members = keep;
	}
	if ((rc = cj_q_exec(ctx, "DELETE FROM studio_people WHERE tenant_id = ? AND studio_id = ?",
	                    err, "ii", ctx->tenant_id, id)) < 0)
		return rc;
	if ((rc = save_people(ctx, "studio_people", "studio_id", id, leaders, "leader", &seq,
	                      err)) < 0)
		return rc;
	return save_people(ctx, "studio_people", "studio_id", id, members, "member", &seq, err);
}

static int
studio_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	int rc = load_people(ctx, "studio_people", "studio_id", rows, "leader", "leaders", err);

	if (rc == 0)
		rc = load_people(ctx, "studio_people", "studio_id", rows, "member", "members", err);
	if (rc == 0)
		rc = cj_q_names(ctx, rows, "department_id", "departments", "name",
		                "department_name", err);
	if (rc == 0 && detail == CJ_DETAIL)
		rc = cj_hooks_load_events(ctx, "studio", cj_rec_id(json_array_get(rows, 0)),
		                          json_array_get(rows, 0), err);
	return rc;
}

/* ---- outputs ---- */

static int
output_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	const char *kind = cj_rec_merged_str(rec, old, "kind");
	json_t *v;
	int rc;

	if (!strcmp(kind, "patent")) {
		if (!(v = cj_rec_merged(rec, old, "application_no")) || json_is_null(v))
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "application_no");
		if (!(v = cj_rec_merged(rec, old, "patent_type")) || json_is_null(v))
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "patent_type");
	} else if ((v = json_object_get(rec, "application_no")) && !json_is_null(v)) {
		return cj_error_set(err, CJ_EINVAL, CJ_M_KIND_FIELD, "application_no");
	}
	if (!strcmp(kind, "tech_service") &&
	    (!(v = cj_rec_merged(rec, old, "client_enterprise_id")) || json_is_null(v)))
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "client_enterprise_id");
	if ((rc = cj_date_order(cj_rec_merged_str(rec, old, "start_date"),
	                        cj_rec_merged_str(rec, old, "end_date"), "end_date", err)) < 0)
		return rc;
	return check_people(ctx, json_object_get(rec, "people"), "people", err);
}

static int
output_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *people = json_object_get(rec, "people");
	int rc, seq = 0;

	if (!people)
		return 0;
	if ((rc = cj_q_exec(ctx, "DELETE FROM output_people WHERE tenant_id = ? AND output_id = ?",
	                    err, "ii", ctx->tenant_id, id)) < 0)
		return rc;
	return save_people(ctx, "output_people", "output_id", id, people, NULL, &seq, err);
}

static int
output_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	int rc = load_people(ctx, "output_people", "output_id", rows, NULL, "people", err);

	if (rc == 0)
		rc = cj_q_names(ctx, rows, "studio_id", "studios", "name", "studio_name", err);
	if (rc == 0)
		rc = cj_q_names(ctx, rows, "client_enterprise_id", "enterprises", "name",
		                "client_enterprise_name", err);
	return rc;
}

/* ---- placements ---- */

static int
placement_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	const char *start = cj_rec_merged_str(rec, old, "start_date"),
	           *end = cj_rec_merged_str(rec, old, "end_date");
	int64_t student = cj_rec_merged_int(rec, old, "student_id");
	int64_t self = old ? json_integer_value(json_object_get(old, "id")) : 0;
	json_t *rows, *r;
	size_t i;
	int rc;

	if ((rc = cj_date_order(start, end, "end_date", err)) < 0)
		return rc;
	if (strcmp(cj_rec_merged_str(rec, old, "kind"), "post") ||
	    !strcmp(cj_rec_merged_str(rec, old, "status"), "aborted"))
		return 0;
	/*
	 * At most one post internship at a time.  Touching the student's row
	 * first makes two such writes for one student take turns (a row lock on
	 * PostgreSQL, the write lock on SQLite), so the check below holds.
	 */
	if ((rc = cj_q_exec(ctx,
	                    "UPDATE students SET version = version WHERE tenant_id = ? AND id = ?",
	                    err, "ii", ctx->tenant_id, student)) < 0)
		return rc;
	rows =
	    cj_q_rows(ctx,
	              "SELECT id, start_date, end_date FROM placements WHERE tenant_id = ?"
	              " AND student_id = ? AND kind = 'post' AND status <> 'aborted' AND id <> ?",
	              "itt", &rc, err, "iii", ctx->tenant_id, student, self);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, r) {
		if (cj_dates_overlap(start, end, cj_rec_str(r, "start_date"),
		                     cj_rec_str(r, "end_date")))
			return cj_error_set(err, CJ_EOVERLAP, CJ_M_OVERLAP_POST, "start_date");
	}
	return 0;
}

/*
 * A placement's student (name and department: a page decides from it who
 * may edit), enterprise and carrier, read in the placement's own SELECT.
 * Most placements name no carrier: its name is then not looked for (on
 * PostgreSQL a small carriers table is scanned for a NULL id otherwise).
 */
#define PLACEMENT_REF(t, col, fk)                                                                  \
	"(SELECT x." col " FROM " t " x WHERE x.tenant_id = placements.tenant_id"                  \
	" AND x.id = placements." fk ")"
static const struct cj_row_extra placement_extras[] = {
	{ "student_name", PLACEMENT_REF("students", "name", "student_id"), 't' },
	{ "student_department_id", PLACEMENT_REF("students", "department_id", "student_id"), 'i' },
	{ "enterprise_name", PLACEMENT_REF("enterprises", "name", "enterprise_id"), 't' },
	{ "carrier_name",
	  "CASE WHEN placements.carrier_id IS NULL THEN NULL ELSE " PLACEMENT_REF(
	      "carriers", "name", "carrier_id") " END",
	  't' },
	{ NULL, NULL, 0 },
};

/* ---- certificates ---- */

static int
certificate_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	const char *type = cj_rec_merged_str(rec, old, "holder_type");
	json_t *student = cj_rec_merged(rec, old, "student_id"),
	       *name = cj_rec_merged(rec, old, "holder_name");
	json_t *idno = cj_rec_merged(rec, old, "holder_id_number");

	if (!strcmp(type, "student")) {
		if (!student || json_is_null(student))
			return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "student_id");
		if (json_object_get(rec, "holder_id_number"))
			return cj_error_set(err, CJ_EINVAL, CJ_M_KIND_FIELD, "holder_id_number");
		/* the holder's name is the student's, so that q finds it */
		return json_object_get(rec, "student_id")
		           ? name_of(ctx, "students", "name", json_integer_value(student), rec,
		                     "holder_name", err)
		           : 0;
	}
	if (student && !json_is_null(student))
		return cj_error_set(err, CJ_EINVAL, CJ_M_KIND_FIELD, "student_id");
	if (!name || json_is_null(name))
		return cj_error_set(err, CJ_EINVAL, CJ_M_HOLDER, "holder_name");
	if (!idno || json_is_null(idno))
		return cj_error_set(err, CJ_EINVAL, CJ_M_HOLDER, "holder_id_number");
	return 0;
}

static int
certificate_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "holder_name", NULL };
	json_t *out, *found;
	size_t i;
	int rc;

	/* Levels 1 and 2 (技师, 高级技师) are the gold collar (金蓝领). */
	json_array_foreach (rows, i, out) {
		int64_t level = json_integer_value(json_object_get(out, "level"));

		json_object_set_new(out, "gold_collar", json_boolean(level >= 1 && level <= 2));
	}
	if ((rc = cj_q_names(ctx, rows, "enterprise_id", "enterprises", "name", "enterprise_name",
	                     err)) < 0)
		return rc;
	/* a student's certificate shows the student's name as it is now */
	found = cj_q_rows(ctx,
	                  "SELECT id AS k, name AS holder_name FROM students WHERE tenant_id = ?"
	                  " AND id IN (?ids)",
	                  "it", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "student_id"));
	if (!found)
		return rc;
	json_array_foreach (rows, i, out) {
		json_t *one = json_pack("[O]", out);

		if (json_integer_value(json_object_get(out, "student_id")))
			cj_q_join(one, "student_id", found, cols);
		json_decref(one);
	}
	return 0;
}

/* ---- trainings ---- */

static int
training_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	return cj_date_order(cj_rec_merged_str(rec, old, "start_date"),
	                     cj_rec_merged_str(rec, old, "end_date"), "end_date", err);
}

/* A training's person-hours and its enterprise, studio and department, in the training's SELECT. */
#define TRAINING_NAME(t, fk)                                                                       \
	"(SELECT x.name FROM " t " x WHERE x.tenant_id = trainings.tenant_id"                      \
	" AND x.id = trainings." fk ")"
static const struct cj_row_extra training_extras[] = {
	{ "person_hours",
	  "CAST(COALESCE(trainings.hours, 0) AS BIGINT) * COALESCE(trainings.trainees, 0)", 'i' },
	{ "enterprise_name", TRAINING_NAME("enterprises", "enterprise_id"), 't' },
	{ "studio_name", TRAINING_NAME("studios", "studio_id"), 't' },
	{ "department_name", TRAINING_NAME("departments", "department_id"), 't' },
	{ NULL, NULL, 0 },
};

/* ---- list filters ---- */

/*
 * The year filters of the dashboard's links (product.md §4): a record
 * counts in the year of its date.  A named filter binds its one value to
 * every "?" and $today to today (China time).
 */
#define IN_YEAR(col)                                                                               \
	"(" col " >= CAST(? AS TEXT) || '-01-01' AND " col " <= CAST(? AS TEXT) || '-12-31')"
#define THIS_YEAR "CAST(substr($today, 1, 4) AS INTEGER)"
#define IN_FORCE(c)                                                                                \
	"((? >= " THIS_YEAR                                                                        \
	" AND " CJ_SQL_CARRIER_NOW(c) ") OR (? < " THIS_YEAR " AND " CJ_SQL_CARRIER_PAST(          \
	    c, "CAST(? AS TEXT) || '-12-31'") "))"
/* The partner enterprises of the year (registry.h). */
#define PARTNERS CJ_SQL_PARTNERS_WHERE("$tenant", IN_FORCE("c."))

/* An enterprise contact sees the placements and trainings of its own enterprise only. */
#define ENTERPRISE_SCOPE                                                                           \
	{                                                                                          \
		"@enterprise", CJ_FA_ID, "enterprise_id = ?", NULL, NULL                           \
	}

/*
 * year: started in the year; aborted=false: every status but aborted (a
 * cancelled placement); at_partner: at an enterprise that is a partner in
 * that year.
 */
static const struct cj_filter placement_filters[] = {
	ENTERPRISE_SCOPE,
	{ "year", CJ_FA_YEAR, IN_YEAR("start_date"), NULL, NULL },
	{ "aborted", CJ_FA_BOOL, "status = 'aborted'", "status <> 'aborted'", NULL },
	{ "at_partner", CJ_FA_YEAR, "enterprise_id IN (" PARTNERS ")", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter training_filters[] = {
	ENTERPRISE_SCOPE,
	{ "year", CJ_FA_YEAR, IN_YEAR("start_date"), NULL, NULL },
	{ "date_from", CJ_FA_DATE, "start_date >= ?", NULL, NULL },
	{ "date_to", CJ_FA_DATE, "start_date <= ?", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* gold_collar=true: levels 1 and 2 (技师, 高级技师), the 金蓝领. */
static const struct cj_filter certificate_filters[] = {
	{ "gold_collar", CJ_FA_BOOL, "level <= 2", "level > 2", NULL },
	{ "year", CJ_FA_YEAR, IN_YEAR("issue_date"), NULL, NULL },
	{ "date_from", CJ_FA_DATE, "issue_date >= ?", NULL, NULL },
	{ "date_to", CJ_FA_DATE, "issue_date <= ?", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* year: the output's date (a patent's filing, a service's contract); granted_in: a patent's grant.
 */
static const struct cj_filter output_filters[] = {
	{ "year", CJ_FA_YEAR, IN_YEAR("date"), NULL, NULL },
	{ "granted_in", CJ_FA_YEAR, IN_YEAR("granted_on"), NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/*
 * The exact search by ID number, through its keyed hash (POST
 * /students/search); employed_at_partner: students with an employment
 * placement (not aborted) that starts in the year at a partner of that year.
 */
static const struct cj_filter student_filters[] = {
	{ "@id_number_hash", CJ_FA_TEXT, "id_number_hash = ?", NULL, NULL },
	{ "employed_at_partner", CJ_FA_YEAR,
	  "id IN (SELECT pl.student_id FROM placements pl WHERE pl.tenant_id = $tenant"
	  " AND pl.kind = 'employment' AND pl.status <> 'aborted' AND " IN_YEAR(
	      "pl.start_date") " AND pl.enterprise_id IN (" PARTNERS "))",
	  NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cj_hooks cj_talent_hooks[] = {
	{ .e = &cj_entity_studio, .check = studio_check, .save = studio_save, .load = studio_load },
	{ .e = &cj_entity_output,
	  .check = output_check,
	  .save = output_save,
	  .load = output_load,
	  .filters = output_filters },
	{ .e = &cj_entity_student, .filters = student_filters },
	{ .e = &cj_entity_placement,
	  .check = placement_check,
	  .extras = placement_extras,
	  .filters = placement_filters },
	{ .e = &cj_entity_certificate,
	  .check = certificate_check,
	  .load = certificate_load,
	  .filters = certificate_filters },
	{ .e = &cj_entity_training,
	  .check = training_check,
	  .extras = training_extras,
	  .filters = training_filters },
	{ NULL },
};

/*
 * The key-projects module's entities (product.md §3 "Key project" to
 * "Commendation"); see entity.h.  What goes beyond these columns (funding
 * rows, participating departments, a report's indicator values and
 * attachments, derived figures, the frozen snapshot) lives in
 * modules/projects/hooks.c.
 *
 * Money is whole yuan (元); indicator values are whole numbers in the
 * indicator's unit.
 */
#include <string.h>

#include "core/fields.h"
#include "modules/projects/decode.h"
#include "modules/projects/projects.h"

static int
norm_outline(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	int major, minor;
	size_t n = strlen(in);

	if (cj_outline_parse(in, &major, &minor, field, err) < 0)
		return -CJ_EINVAL;
	if (n >= outlen)
		return cj_error_set(err, CJ_EINVAL, CJ_M_OUTLINE_CODE, field);
	memcpy(out, in, n + 1);
	return 0;
}

static const struct cj_field key_project_fields[] = {
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT | CJ_F_UNIQUE, CJ_NAME_LEN),
	ENUM("level", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "project_level"),
	ENUM("kind", CJ_F_FILTER, "project_kind"),
	INT("first_year", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, CJ_YEAR_MIN, CJ_YEAR_MAX),
	INT("last_year", CJ_F_REQ | CJ_F_SORT, CJ_YEAR_MIN, CJ_YEAR_MAX),
	REF("department_id", CJ_F_FILTER, "departments"),
	TEXT("description", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
	LIST("funding", 0, cj_list_funding, 4),
};

static const struct cj_field task_book_fields[] = {
	REF("project_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "key_projects"),
	INT("year", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, CJ_YEAR_MIN, CJ_YEAR_MAX),
	TEXT("title", CJ_F_NAME | CJ_F_SORT, 400),
	DATE("issue_date", CJ_F_SORT),
	REF("event_id", CJ_F_FILTER, "events"),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field task_fields[] = {
	REF("task_book_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "task_books"),
	TEXTN("code", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, 7, norm_outline),
	INT("outline_order", CJ_F_RO | CJ_F_SORT, 0, 0),
	TEXT("title", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, 400),
	REF("lead_department_id", CJ_F_FILTER, "departments"),
	LIST("participating_departments", 0, cj_list_participating, 50),
	REF("owner_id", CJ_F_FILTER, "staff"),
	DATE("deadline", CJ_F_SORT),
	ENUMD("status", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "task_status", "not_started"),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field indicator_fields[] = {
	REF("task_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "tasks"),
	TEXT("name", CJ_F_REQ | CJ_F_NAME | CJ_F_SORT, CJ_NAME_LEN),
	ENUM("category", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "indicator_category"),
	TEXT("unit", 0, 20),
	INT("baseline", 0, 0, CJ_MONEY_MAX),
	/* Any integer decodes; the store refuses a target <= 0 by name (TARGET_POSITIVE). */
	INT("target", CJ_F_REQ, -CJ_MONEY_MAX, CJ_MONEY_MAX),
	INT("cycle_target", 0, -CJ_MONEY_MAX, CJ_MONEY_MAX),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field progress_report_fields[] = {
	REF("task_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "tasks"),
	DATE("date", CJ_F_REQ | CJ_F_SORT),
	TEXT("text", CJ_F_REQ | CJ_F_NAME, CJ_NOTE_LEN),
	INT("percent", CJ_F_REQ | CJ_F_SORT, 0, 100),
	LIST("indicator_values", 0, cj_list_indicator_values, 200),
	LIST("attachment_ids", 0, cj_list_attachment_ids, 50),
	ENUM("status", CJ_F_RO | CJ_F_FILTER | CJ_F_SORT, "report_status"),
	TEXT("return_reason", CJ_F_RO, 1000),
	REF("submitted_by", CJ_F_RO | CJ_F_FILTER, "users"),
	REF("reviewed_by", CJ_F_RO, "users"),
	TEXT("reviewed_at", CJ_F_RO, 32),
	BOOL("demo", CJ_F_RO),
};

/* A review of a progress report; made by POST .../approve and .../return, never edited. */
static const struct cj_field report_review_fields[] = {
	REF("report_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "progress_reports"),
	ENUM("decision", CJ_F_REQ | CJ_F_FIXED, "review_decision"),
	TEXT("reason", 0, 1000),
	REF("reviewed_by", CJ_F_RO, "users"),
};

/* An uploaded file's metadata; every column is set by the server (POST /attachments). */
static const struct cj_field attachment_fields[] = {
	TEXT("filename", CJ_F_RO | CJ_F_NAME | CJ_F_SORT, 255),
	ENUM("kind", CJ_F_RO | CJ_F_FILTER, "attachment_kind"),
	TEXT("content_type", CJ_F_RO, 100),
	INT("size", CJ_F_RO | CJ_F_SORT, 0, 0),
	TEXT("sha256", CJ_F_RO | CJ_F_FILTER, 64),
	TEXT("stored_name", CJ_F_RO, 80),
	REF("uploaded_by", CJ_F_RO | CJ_F_FILTER, "users"),
	HIDDEN("blob_id", CJ_T_INT),
};

static const struct cj_field evaluation_fields[] = {
	REF("project_id", CJ_F_REQ | CJ_F_FILTER | CJ_F_FIXED, "key_projects"),
	ENUM("kind", CJ_F_REQ | CJ_F_FILTER | CJ_F_SORT, "evaluation_kind"),
	DATE("date", CJ_F_REQ | CJ_F_SORT),
	ENUM("result", CJ_F_FILTER, "evaluation_result"),
	INT("score", CJ_F_SORT, 0, 100),
	TEXT("evaluator", CJ_F_NAME, CJ_NAME_LEN),
	TEXT("remarks", 0, CJ_NOTE_LEN),
	HIDDEN("snapshot_json", CJ_T_TEXT),
	BOOL("demo", CJ_F_RO),
};

static const struct cj_field commendation_fields[] = {
	TEXT("title", CJ_F_REQ | CJ_F_SORT | CJ_F_FILTER, CJ_NAME_LEN),
	/* "title：person", set by the store: what q searches and an event action shows. */
	TEXT("label", CJ_F_RO | CJ_F_NAME | CJ_F_SORT, 400),
	REF("staff_id", CJ_F_FILTER, "staff"),
	TEXT("person_name", 0, 100),
	REF("project_id", CJ_F_FILTER, "key_projects"),
	REF("event_id", CJ_F_FILTER, "events"),
	DATE("date", CJ_F_REQ | CJ_F_SORT),
	TEXT("issuer", 0, CJ_NAME_LEN),
	TEXT("remark", 0, CJ_NOTE_LEN),
	BOOL("demo", CJ_F_RO),
};

#define E(nm, tb, arr, target, actions) CJ_ENTITY(nm, tb, arr, 0, target, actions)

const struct cj_entity cj_entity_key_project =
    E("key_project", "key_projects", key_project_fields, NULL, NULL);
const struct cj_entity cj_entity_task_book =
    E("task_book", "task_books", task_book_fields, "task_book", "task_book_issued");
const struct cj_entity cj_entity_task = E("task", "tasks", task_fields, NULL, NULL);
const struct cj_entity cj_entity_indicator =
    E("indicator", "indicators", indicator_fields, NULL, NULL);
const struct cj_entity cj_entity_progress_report =
    E("progress_report", "progress_reports", progress_report_fields, NULL, NULL);
const struct cj_entity cj_entity_report_review =
    E("report_review", "report_reviews", report_review_fields, NULL, NULL);
const struct cj_entity cj_entity_attachment =
    E("attachment", "attachments", attachment_fields, NULL, NULL);
const struct cj_entity cj_entity_evaluation =
    E("evaluation", "evaluations", evaluation_fields, NULL, NULL);
const struct cj_entity cj_entity_commendation =
    E("commendation", "commendations", commendation_fields, "commendation", "commendation");

const struct cj_entity *const cj_projects_entities[] = {
	&cj_entity_key_project,
	&cj_entity_task_book,
	&cj_entity_task,
	&cj_entity_indicator,
	&cj_entity_progress_report,
	&cj_entity_report_review,
	&cj_entity_attachment,
	&cj_entity_evaluation,
	&cj_entity_commendation,
	NULL,
};

/*
 * The key-projects module's routes and resources (product.md §3 "Key
 * project" to "Commendation", §4 pillar 1); see routes.h.
 *
 * Who may do what (product.md §2): a college administrator everything; a
 * staff member writes the tasks and indicators of their own department and
 * reports progress on the tasks they own (users.staff_id = tasks.owner_id);
 * a bureau viewer reads; an enterprise contact sees nothing here.  Only an
 * administrator reviews a report, and never one they submitted or one on a
 * task they own.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/multipart.h"
#include "api/routes.h"
#include "modules/registry/registry.h"
#include "core/date.h"
#include "modules/projects/projects.h"
#include "lib/util.h"
#include "modules/projects/store.h"

static int
is_admin(struct cj_req *rq)
{
	return cj_req_role_is(rq, "school_admin");
}

static int
is_staff(struct cj_req *rq)
{
	return cj_req_role_is(rq, "staff");
}

/* ---- tasks ---- */

/* Staff write the tasks their department leads, and cannot hand one to another department. */
static int
task_may_write(struct cj_req *rq, json_t *rec, json_t *old)
{
	return cj_staff_owns(rq, rec, old, "lead_department_id");
}

/* ---- indicators ---- */

/*
 * A task's lead department and owner: 1; <0 with rq->err set when there is
 * no such task in the college (404) or the store failed.  Checks that need
 * them deny when they cannot be read.
 */
static int
task_people(struct cj_req *rq, json_t *task, int64_t *dep, int64_t *owner)
{
	int rc = cj_store_task_people(&rq->ctx, json_integer_value(task), dep, owner, &rq->err);

	if (rc == 0)
		rc = cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "task_id", "task");
	return rc;
}

static int
indicator_may_write(struct cj_req *rq, json_t *rec, json_t *old)
{
	int64_t dep = 0, owner = 0;
	json_t *task = old ? json_object_get(old, "task_id") : json_object_get(rec, "task_id");

	int rc;

	if (!is_staff(rq))
		return 1;
	if ((rc = task_people(rq, task, &dep, &owner)) < 0)
		return rc;
	return rq->who.department_id && dep == rq->who.department_id;
}

/* ---- progress reports ---- */

/* Only the task's owner (or an administrator) reports on it, edits or withdraws the report. */
static int
report_may_write(struct cj_req *rq, json_t *rec, json_t *old)
{
	int64_t dep = 0, owner = 0, staff = 0;
	json_t *task = old ? json_object_get(old, "task_id") : json_object_get(rec, "task_id");
	int rc;

	if (is_admin(rq))
		return 1;
	if ((rc = task_people(rq, task, &dep, &owner)) < 0 ||
	    (rc = cj_store_user_staff(&rq->ctx, rq->who.user_id, &staff, &rq->err)) < 0)
		return rc;
	if (staff && owner == staff)
		return 1;
	/* The specific reason wins over the generic "forbidden" the caller adds. */
	cj_error_set(&rq->err, CJ_EFORBIDDEN, CJ_M_NOT_TASK_OWNER, NULL);
	return 0;
}

static const struct cj_resource res_key_projects = {
	.path = "key-projects",
	.e = &cj_entity_key_project,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_task_books = {
	.path = "task-books",
	.e = &cj_entity_task_book,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_tasks = {
	.path = "tasks",
	.e = &cj_entity_task,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
	.may_write = task_may_write,
};
static const struct cj_resource res_indicators = {
	.path = "indicators",
	.e = &cj_entity_indicator,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
	.may_write = indicator_may_write,
};
static const struct cj_resource res_reports = {
	.path = "progress-reports",
	.e = &cj_entity_progress_report,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
	.may_write = report_may_write,
};
static const struct cj_resource res_attachments = {
	.path = "attachments",
	.e = &cj_entity_attachment,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
};
static const struct cj_resource res_evaluations = {
	.path = "evaluations",
	.e = &cj_entity_evaluation,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_commendations = {
	.path = "commendations",
	.e = &cj_entity_commendation,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};

/* ---- review: approve, or return with a reason ---- */

static int
review(struct cj_req *rq, struct cj_resp *rs, const char *decision, const char *reason)
{
	json_t *report, *rec;
	int64_t id, rid;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_store_get(&rq->ctx, &cj_entity_progress_report, id, CJ_LIST_ROW, &report, &rq->err) <
	    0)
		return cj_reply_error(rq, rs, &rq->err);
	rec = json_pack("{s:I,s:s}", "report_id", (json_int_t)id, "decision", decision);
	if (reason)
		json_object_set_new(rec, "reason", json_string(reason));
	cj_ctx_keep(&rq->ctx, rec);
	if (cj_store_create(&rq->ctx, &cj_entity_report_review, rec, &rid, &rq->err) < 0 ||
	    cj_store_get(&rq->ctx, &cj_entity_progress_report, id, CJ_DETAIL, &report, &rq->err) <
	        0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, report);
}

static int
h_report_approve(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	return review(rq, rs, "approve", NULL);
}

static size_t
utf8_chars(const char *s)
{
	size_t c = 0;

	for (; *s; s++)
		c += ((unsigned char)*s & 0xc0) != 0x80;
	return c;
}

/* The body: {"reason": "..."}, the reason required. */
static int
h_report_return(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *v;
	const char *key, *reason = NULL;
	size_t n;

	json_object_foreach (rq->json, key, v) {
		if (strcmp(key, "reason")) {
			cj_error_set(&rq->err, CJ_EINVAL, CJ_M_UNKNOWN_FIELD, key);
			return cj_reply_error(rq, rs, &rq->err);
		}
	}
	v = json_object_get(rq->json, "reason");
	if (v && !json_is_string(v) && !json_is_null(v)) {
		cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_TYPE, "reason");
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (json_is_string(v)) {
		reason = json_string_value(v);
		n = json_string_length(v);
		while (n && strchr(" \t\r\n", reason[0]))
			reason++, n--;
		while (n && strchr(" \t\r\n", reason[n - 1]))
			n--;
		if (memchr(reason, '\0', n)) {
			cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_TYPE, "reason");
			return cj_reply_error(rq, rs, &rq->err);
		}
		reason = cj_arena_strndup(rq->arena, reason, n);
		if (utf8_chars(reason) > 1000) {
			cj_error_set(&rq->err, CJ_EINVAL, CJ_M_TOO_LONG, "reason");
			return cj_reply_error(rq, rs, &rq->err);
		}
	}
	if (!reason || !*reason) {
		cj_error_set(&rq->err, CJ_EINVAL, CJ_M_REQUIRED, "reason");
		return cj_reply_error(rq, rs, &rq->err);
	}
	return review(rq, rs, "return", reason);
}

/* ---- to-do list and pillar 1 ---- */

static int
h_todo(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const none[] = { NULL };
	json_t *out;

	if (cj_req_only_args(rq, none) < 0 ||
	    cj_store_todo(&rq->ctx, rq->who.user_id, is_admin(rq), &out, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, out);
}

static int
h_dashboard_projects(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const allowed[] = { "year", NULL };
	int64_t year;
	json_t *out;

	if (cj_req_only_args(rq, allowed) < 0 || cj_req_year(rq, &year) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (cj_store_projects_dashboard(&rq->ctx, year, &out, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, out);
}

/* ---- attachments ---- */

static int
h_attachment_upload(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	struct cj_upload up;
	enum cj_file_kind kind;
	json_t *rec;
	int64_t id;
	char loc[96], etag[32];

	if (cj_multipart_file(rq->arena, cj_req_header(rq, "Content-Type"), rq->body, rq->body_len,
	                      "file", &up, &rq->err) < 0 ||
	    cj_filename_check(up.filename, up.filename_len, "filename", &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (up.len > CJ_MAX_UPLOAD) {
		cj_error_set(&rq->err, CJ_ETOOBIG, CJ_M_FILE_TOO_BIG, "file");
		return cj_reply_error(rq, rs, &rq->err);
	}
	kind = cj_file_sniff(up.data, up.len);
	if (kind == CJ_FILE_NONE) {
		cj_error_set(&rq->err, CJ_EMEDIATYPE, CJ_M_FILE_TYPE, "file");
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (cj_store_attachment_put(&rq->ctx, up.filename, up.data, up.len, kind, &id, &rq->err) <
	        0 ||
	    cj_store_get(&rq->ctx, &cj_entity_attachment, id, CJ_DETAIL, &rec, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	snprintf(loc, sizeof(loc), "/api/v1/attachments/%lld", (long long)id);
	cj_resp_header(rq, rs, "Location", loc);
	snprintf(etag, sizeof(etag), "\"%lld\"",
	         (long long)json_integer_value(json_object_get(rec, "version")));
	cj_resp_header(rq, rs, "ETag", etag);
	return cj_reply_json(rq, rs, 201, rec);
}

static int
h_attachment_content(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	const void *bytes;
	json_t *meta;
	int64_t id;
	size_t n;
	char name[300];

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_store_attachment_get(&rq->ctx, id, &meta, &bytes, &n, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	rs->status = 200;
	rs->content_type =
	    cj_arena_strdup(rq->arena, json_string_value(json_object_get(meta, "content_type")));
	rs->body = (char *)bytes;
	rs->len = n;
	/* Offered under the extension of what the bytes are, whatever the upload was called. */
	cj_file_download_name(json_string_value(json_object_get(meta, "filename")),
	                      json_string_value(json_object_get(meta, "kind")), name, sizeof(name));
	cj_resp_header(rq, rs, "Content-Disposition", cj_content_disposition(rq->arena, name));
	/* X-Content-Type-Options: nosniff comes with every answer of the HTTP layer. */
	cj_resp_header(rq, rs, "Content-Security-Policy", "default-src 'none'; sandbox");
	cj_resp_header(rq, rs, "Cache-Control", "private, no-store");
	return 0;
}

const struct cj_route cj_projects_routes[] = {
	CJ_CRUD("key-projects", res_key_projects),
	CJ_CRUD("task-books", res_task_books),
	CJ_CRUD("tasks", res_tasks),
	CJ_CRUD("indicators", res_indicators),
	CJ_CRUD("progress-reports", res_reports),
	{ "POST", "/api/v1/progress-reports/:id/approve", h_report_approve, 0, CJ_ROLE_ADMIN,
	  &res_reports },
	{ "POST", "/api/v1/progress-reports/:id/return", h_report_return, CJ_R_BODY, CJ_ROLE_ADMIN,
	  &res_reports },
	{ "GET", "/api/v1/attachments", h_list, 0, CJ_ROLES_READ, &res_attachments },
	{ "POST", "/api/v1/attachments", h_attachment_upload, CJ_R_UPLOAD,
	  CJ_ROLE_ADMIN | CJ_ROLE_STAFF, &res_attachments },
	{ "GET", "/api/v1/attachments/:id", h_get, 0, CJ_ROLES_READ, &res_attachments },
	{ "GET", "/api/v1/attachments/:id/content", h_attachment_content, 0, CJ_ROLES_READ,
	  &res_attachments },
	CJ_CRUD("evaluations", res_evaluations),
	CJ_CRUD("commendations", res_commendations),
	{ "GET", "/api/v1/todo", h_todo, 0, CJ_ROLES_READ, NULL },
	{ "GET", "/api/v1/dashboard/projects", h_dashboard_projects, 0, CJ_ROLES_READ, NULL },
	{ NULL },
};

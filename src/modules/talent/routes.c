/*
 * The talent module's resources and routes: studios and teams, outputs,
 * students (with the audited full view of personal information and the
 * search by ID number in a POST body), placements (an enterprise contact
 * sees and confirms its own interns), certificates and trainings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/routes.h"
#include "modules/talent/talent.h"
#include "modules/registry/registry.h"
#include "core/date.h"
#include "core/pii.h"
#include "lib/util.h"

/* The department of student sid into *dep: 0; <0 with rq->err set (not found, or a store error). */
static int
student_dep(struct cj_req *rq, json_t *sid, int64_t *dep)
{
	json_t *student;
	int rc;

	if ((rc = cj_store_get(&rq->ctx, &cj_entity_student, json_integer_value(sid), CJ_LIST_ROW,
	                       &student, &rq->err)) < 0)
		return rc;
	*dep = json_integer_value(json_object_get(student, "department_id"));
	return 0;
}

/*
 * A placement or a certificate is the department's when its student is:
 * staff write it only when the student is of their department, before the
 * change and after it.  One with no student (a certificate of an employee)
 * is the administrator's.  A student that cannot be read denies.
 */
static int
student_department(struct cj_req *rq, json_t *rec, json_t *old)
{
	json_t *was = old ? json_object_get(old, "student_id") : NULL;
	json_t *now =
	    rec && json_object_get(rec, "student_id") ? json_object_get(rec, "student_id") : was;
	int64_t dep = 0;
	int rc;

	if (!cj_req_role_is(rq, "staff"))
		return 1;
	if (!rq->who.department_id || !json_is_integer(now) || (old && !json_is_integer(was)))
		return 0;
	if ((rc = student_dep(rq, now, &dep)) < 0)
		return rc;
	if (dep != rq->who.department_id)
		return 0;
	if (was && json_integer_value(was) != json_integer_value(now)) {
		if ((rc = student_dep(rq, was, &dep)) < 0)
			return rc;
		if (dep != rq->who.department_id)
			return 0;
	}
	return 1;
}

static const struct cj_resource res_specialties = {
	.path = "specialties",
	.e = &cj_entity_specialty,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_studios = {
	.path = "studios",
	.e = &cj_entity_studio,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLES_WRITE,
	.may_write = cj_may_write_department,
};
static const struct cj_resource res_outputs = {
	.path = "outputs",
	.e = &cj_entity_output,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLES_WRITE,
	.may_write = cj_may_write_department,
};
static const struct cj_resource res_students = {
	.path = "students",
	.e = &cj_entity_student,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLES_WRITE,
	.may_write = cj_may_write_department,
};
static const struct cj_resource res_placements = {
	.path = "placements",
	.e = &cj_entity_placement,
	.read_roles = CJ_ROLES_READ | CJ_ROLE_ENTERPRISE,
	.write_roles = CJ_ROLES_WRITE,
	.scope_list = cj_scope_list_enterprise,
	.scope_get = cj_scope_get_enterprise_id,
	.may_write = student_department,
};
static const struct cj_resource res_certificates = {
	.path = "certificates",
	.e = &cj_entity_certificate,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLES_WRITE,
	.may_write = student_department,
};
static const struct cj_resource res_trainings = {
	.path = "trainings",
	.e = &cj_entity_training,
	.read_roles = CJ_ROLES_READ | CJ_ROLE_ENTERPRISE,
	.write_roles = CJ_ROLES_WRITE,
	.scope_list = cj_scope_list_enterprise,
	.scope_get = cj_scope_get_enterprise_id,
	.may_write = cj_may_write_department,
};

/* Searches by ID number a user may make in a window of SEARCH_WINDOW seconds. */
#define SEARCH_LIMIT  20
#define SEARCH_WINDOW 60

/* Seconds since 1970 of a timestamp "YYYY-MM-DDTHH:MM:SSZ", or -1. */
static int64_t
timestamp_seconds(const char *ts)
{
	char day[11];
	int32_t days;

	if (strlen(ts) != 20)
		return -1;
	memcpy(day, ts, 10);
	day[10] = '\0';
	if (cj_date_parse(day, &days) < 0)
		return -1;
	return (int64_t)days * 86400 + ((ts[11] - '0') * 10 + ts[12] - '0') * 3600 +
	       ((ts[14] - '0') * 10 + ts[15] - '0') * 60 + (ts[17] - '0') * 10 + ts[18] - '0';
}

/*
 * At most SEARCH_LIMIT searches in SEARCH_WINDOW seconds per user, counted
 * from the audit log (so every server on one database counts the same):
 * 0, or the answer 429 with Retry-After (the seconds until the oldest
 * search of the window leaves it).
 */
static int
search_allowed_or_reply(struct cj_req *rq, struct cj_resp *rs)
{
	int64_t now = (int64_t)time(NULL), n, wait;
	char since[21], oldest[21], retry[24];

	cj_timestamp_format(now - SEARCH_WINDOW + 1, since);
	if (cj_store_audit_recent(&rq->ctx, "pii_search", since, &n, oldest, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err), -1;
	if (n < SEARCH_LIMIT)
		return 0;
	wait = timestamp_seconds(oldest);
	wait = wait < 0 ? SEARCH_WINDOW : wait + SEARCH_WINDOW - now;
	snprintf(retry, sizeof(retry), "%lld", (long long)(wait < 1 ? 1 : wait));
	cj_error_set(&rq->err, CJ_ETOOMANY, CJ_M_TOO_MANY, NULL);
	cj_reply_error(rq, rs, &rq->err);
	cj_resp_header(rq, rs, "Retry-After", retry);
	return -1;
}

/*
 * POST /api/v1/students/search {"id_number":"..."}: exact match through the
 * college's keyed hash of the field, so the number never travels in a URL
 * or sits in a log.  A search reveals whether a full number exists, so it
 * is a full view of personal information: only the roles that may see it
 * in full (the route's roles), each search audited with who and how many
 * matched (never the number), at most SEARCH_LIMIT a minute.
 */
static int
h_student_search(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	struct cj_list_query q = { .page = 1, .size = 50, .sort_col = "id" };
	json_t *v = json_object_get(rq->json, "id_number");
	json_t *x, *items, *body, *what;
	int64_t total;
	const char *k;
	char id[32], *hash;

	json_object_foreach (rq->json, k, x)
		if (strcmp(k, "id_number"))
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_UNKNOWN_FIELD, k),
			       cj_reply_error(rq, rs, &rq->err);
	if (!v || !json_is_string(v))
		return cj_error_set(&rq->err, CJ_EINVAL, v ? CJ_M_BAD_TYPE : CJ_M_REQUIRED,
		                    "id_number"),
		       cj_reply_error(rq, rs, &rq->err);
	if (cj_idcard_check(json_string_value(v), id, sizeof(id), "id_number", &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	if (search_allowed_or_reply(rq, rs) < 0)
		return 0;
	hash = cj_secret_hash(&rq->app->store->keys, rq->ctx.tenant_id, cj_entity_student.table,
	                      "id_number", id);
	cj_list_filter(&q, "@id_number_hash", cj_arena_strdup(rq->arena, hash));
	free(hash);
	if (cj_store_list(&rq->ctx, &cj_entity_student, &q, &items, &total, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	what = json_pack("{s:I}", "matched", (json_int_t)total);
	cj_ctx_keep(&rq->ctx, what);
	if (cj_store_audit(&rq->ctx, "pii_search", cj_entity_student.name, 0, NULL, what,
	                   &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	cj_resp_header(rq, rs, "Cache-Control", "no-store");
	body = cj_list_body(items, total, q.page, q.size);
	cj_reply_json(rq, rs, 200, body);
	json_decref(body);
	return 0;
}

/* POST /api/v1/placements/{id}/confirm: the enterprise confirms its intern. */
static int
h_placement_confirm(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	json_t *old, *rec, *after;
	int64_t id;

	if (cj_path_id_or_reply(rq, rs, &id) < 0)
		return 0;
	if (cj_store_get(&rq->ctx, &cj_entity_placement, id, CJ_LIST_ROW, &old, &rq->err) < 0 ||
	    (cj_req_role_is(rq, "enterprise_contact") &&
	     json_integer_value(json_object_get(old, "enterprise_id")) != rq->who.enterprise_id &&
	     cj_error_setarg(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, NULL, "placement") < 0))
		return cj_reply_error(rq, rs, &rq->err);
	rec = json_pack("{s:b}", "confirmed", 1);
	cj_ctx_keep(&rq->ctx, rec);
	if (cj_store_update(&rq->ctx, &cj_entity_placement, id, -1, rec, &rq->err) < 0 ||
	    cj_store_get(&rq->ctx, &cj_entity_placement, id, CJ_DETAIL, &after, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, after);
}

const struct cj_route cj_talent_routes[] = {
	{ "POST", "/api/v1/students/search", h_student_search, CJ_R_BODY, CJ_ROLE_ADMIN,
	  &res_students },
	{ "GET", "/api/v1/students/:id/pii", h_pii, CJ_R_WRITE, CJ_ROLE_ADMIN, &res_students },
	{ "GET", "/api/v1/certificates/:id/pii", h_pii, CJ_R_WRITE, CJ_ROLE_ADMIN,
	  &res_certificates },
	{ "POST", "/api/v1/placements/:id/confirm", h_placement_confirm, 0,
	  CJ_ROLE_ADMIN | CJ_ROLE_ENTERPRISE, &res_placements },
	CJ_CRUD("specialties", res_specialties),
	CJ_CRUD("studios", res_studios),
	CJ_CRUD("outputs", res_outputs),
	CJ_CRUD("students", res_students),
	CJ_CRUD("placements", res_placements),
	CJ_CRUD("certificates", res_certificates),
	CJ_CRUD("trainings", res_trainings),
	{ NULL },
};

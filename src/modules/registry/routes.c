/*
 * The resource table (who may read and write what, extra list parameters,
 * visibility) and the route table.  Roles: product.md §2.
 */
#include <string.h>

#include "api/routes.h"
#include "modules/registry/registry.h"
#include "core/date.h"
#include "core/dict.h"
#include "lib/util.h"

/* ---- enterprises: a contact sees only their own ---- */

static void
enterprise_scope_list(struct cj_req *rq, struct cj_list_query *q)
{
	if (cj_req_role_is(rq, "enterprise_contact"))
		cj_list_cond(q, "id = ?", NULL, rq->who.enterprise_id, 1);
}

/* "size" is the page size of every list, so the size class filters as enterprise_size. */
static int
enterprise_list_arg(struct cj_req *rq, const char *key, const char *value, struct cj_list_query *q)
{
	if (strcmp(key, "enterprise_size"))
		return 0;
	if (!cj_dict_lookup("enterprise_size", value))
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_ENUM, key);
	cj_list_cond(q, "size = ?", value, 0, 0);
	return 1;
}

static int
enterprise_scope_get(struct cj_req *rq, json_t *rec)
{
	if (!cj_req_role_is(rq, "enterprise_contact"))
		return 0;
	return json_integer_value(json_object_get(rec, "id")) == rq->who.enterprise_id ? 0 : -1;
}

/* ---- carriers ---- */

#define HAS_PARTNER                                                                                \
	"EXISTS (SELECT 1 FROM carrier_partners p WHERE p.tenant_id = carriers.tenant_id"          \
	" AND p.carrier_id = carriers.id AND p.enterprise_id = ?)"

static int
carrier_list_arg(struct cj_req *rq, const char *key, const char *value, struct cj_list_query *q)
{
	int64_t n;
	char from[11], to[11];

	if (!strcmp(key, "enterprise_id")) {
		if (cj_parse_i64(value, &n) < 0)
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, key);
		cj_list_cond(q, HAS_PARTNER, NULL, n, 1);
		return 1;
	}
	if (!strcmp(key, "expiring")) {
		if (cj_parse_i64(value, &n) < 0 || n < 1 || n > 3650)
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, key);
		cj_date_format(cj_date_today(), from);
		cj_date_format(cj_date_today() + (int32_t)n, to);
		cj_list_cond(q, "valid_to >= ?", cj_arena_strdup(rq->arena, from), 0, 0);
		cj_list_cond(q, "valid_to <= ?", cj_arena_strdup(rq->arena, to), 0, 0);
		cj_list_cond(q, "status <> 'ended'", NULL, 0, 0);
		return 1;
	}
	if (!strcmp(key, "overdue_renewal")) {
		if (strcmp(value, "true"))
			return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_QUERY, key);
		cj_date_format(cj_date_today(), from);
		cj_list_cond(q, "valid_to < ?", cj_arena_strdup(rq->arena, from), 0, 0);
		cj_list_cond(q, "status = 'active'", NULL, 0, 0);
		return 1;
	}
	return 0;
}

static void
carrier_scope_list(struct cj_req *rq, struct cj_list_query *q)
{
	if (cj_req_role_is(rq, "enterprise_contact"))
		cj_list_cond(q, HAS_PARTNER, NULL, rq->who.enterprise_id, 1);
}

static int
carrier_scope_get(struct cj_req *rq, json_t *rec)
{
	json_t *p;
	size_t i;

	if (!cj_req_role_is(rq, "enterprise_contact"))
		return 0;
	json_array_foreach (json_object_get(rec, "partners"), i, p)
		if (json_integer_value(json_object_get(p, "enterprise_id")) ==
		    rq->who.enterprise_id)
			return 0;
	return -1;
}

/* ---- events ---- */

static int
event_list_arg(struct cj_req *rq, const char *key, const char *value, struct cj_list_query *q)
{
	int32_t d;

	if (strcmp(key, "date_from") && strcmp(key, "date_to"))
		return 0;
	if (cj_date_parse(value, &d) < 0)
		return cj_error_set(&rq->err, CJ_EINVAL, CJ_M_BAD_DATE, key);
	cj_list_cond(q, !strcmp(key, "date_from") ? "date >= ?" : "date <= ?", value, 0, 0);
	return 1;
}

static const struct cj_resource res_departments = {
	"departments", &cj_entity_department, CJ_ROLES_READ, CJ_ROLE_ADMIN, NULL, NULL, NULL, NULL,
};
static const struct cj_resource res_staff = {
	"staff", &cj_entity_staff, CJ_ROLES_READ, CJ_ROLE_ADMIN, NULL, NULL, NULL, NULL,
};
static const struct cj_resource res_enterprises = {
	"enterprises",       &cj_entity_enterprise, CJ_ROLES_COLLEGE,     CJ_ROLE_ADMIN,
	enterprise_list_arg, enterprise_scope_list, enterprise_scope_get, NULL,
};
static const struct cj_resource res_carriers = {
	"carriers",       &cj_entity_carrier, CJ_ROLES_COLLEGE,  CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
	carrier_list_arg, carrier_scope_list, carrier_scope_get, cj_may_write_department,
};
static const struct cj_resource res_events = {
	"events", &cj_entity_event, CJ_ROLES_READ, CJ_ROLE_ADMIN, event_list_arg, NULL, NULL, NULL,
};

const struct cj_route cj_registry_routes[] = {
	{ "GET", "/api/v1/staff/:id/pii", h_pii, CJ_R_WRITE, CJ_ROLE_ADMIN, &res_staff },
	{ "GET", "/api/v1/enterprises/:id/pii", h_pii, CJ_R_WRITE, CJ_ROLE_ADMIN,
	  &res_enterprises },
	CJ_CRUD("departments", res_departments),
	CJ_CRUD("staff", res_staff),
	CJ_CRUD("enterprises", res_enterprises),
	CJ_CRUD("carriers", res_carriers),
	CJ_CRUD("events", res_events),
	{ NULL },
};

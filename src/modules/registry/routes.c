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

/* ---- carriers ---- */

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

static const struct cj_resource res_departments = {
	.path = "departments",
	.e = &cj_entity_department,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_staff = {
	.path = "staff",
	.e = &cj_entity_staff,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
};
static const struct cj_resource res_enterprises = {
	.path = "enterprises",
	.e = &cj_entity_enterprise,
	.read_roles = CJ_ROLES_COLLEGE,
	.write_roles = CJ_ROLE_ADMIN,
	.scope_list = cj_scope_list_enterprise,
	.scope_get = cj_scope_get_enterprise,
};
static const struct cj_resource res_carriers = {
	.path = "carriers",
	.e = &cj_entity_carrier,
	.read_roles = CJ_ROLES_COLLEGE,
	.write_roles = CJ_ROLE_ADMIN | CJ_ROLE_STAFF,
	.scope_list = cj_scope_list_enterprise,
	.scope_get = carrier_scope_get,
	.may_write = cj_may_write_department,
};
static const struct cj_resource res_events = {
	.path = "events",
	.e = &cj_entity_event,
	.read_roles = CJ_ROLES_READ,
	.write_roles = CJ_ROLE_ADMIN,
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

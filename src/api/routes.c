/*
 * The platform's own routes: health, the OpenAPI document, the session,
 * dictionaries, the audit log, colleges (platform administrators) and user
 * accounts.  A module's routes come with its descriptor (core/module.h).
 */
#include "api/routes.h"

static const struct cj_resource res_tenants = {
	.path = "tenants",
	.e = &cj_entity_tenant,
	.read_roles = CJ_ROLE_PLATFORM,
	.write_roles = CJ_ROLE_PLATFORM,
};
static const struct cj_resource res_users = {
	.path = "users",
	.e = &cj_entity_user,
	.read_roles = CJ_ROLE_ADMIN,
	.write_roles = CJ_ROLE_ADMIN,
};

#define ANYONE (CJ_ROLES_COLLEGE | CJ_ROLE_PLATFORM)

const struct cj_route cj_platform_routes[] = {
	{ "GET", "/api/v1/health", h_health, CJ_R_PUBLIC, 0, NULL },
	{ "GET", "/api/v1/openapi.json", h_openapi, CJ_R_PUBLIC, 0, NULL },
	{ "POST", "/api/v1/session", h_session_create,
	  CJ_R_PUBLIC | CJ_R_BODY | CJ_R_NOCSRF | CJ_R_OWNTX | CJ_R_SLOW, 0, NULL },
	{ "GET", "/api/v1/session", h_session_get, CJ_R_PWCHANGE | CJ_R_BUREAU, ANYONE, NULL },
	{ "DELETE", "/api/v1/session", h_session_delete, CJ_R_PWCHANGE | CJ_R_BUREAU, ANYONE,
	  NULL },
	{ "POST", "/api/v1/session/password", h_session_password,
	  CJ_R_BODY | CJ_R_OWNTX | CJ_R_PWCHANGE | CJ_R_BUREAU | CJ_R_SLOW, ANYONE, NULL },
	{ "GET", "/api/v1/login-log", h_login_log, 0, CJ_ROLE_ADMIN | CJ_ROLE_PLATFORM, NULL },
	{ "GET", "/api/v1/dictionaries", h_dict_list, CJ_R_BUREAU, ANYONE, NULL },
	{ "POST", "/api/v1/dictionaries", h_dict_create, CJ_R_BODY, CJ_ROLE_ADMIN, NULL },
	{ "GET", "/api/v1/dictionaries/:name", h_dict_get, CJ_R_BUREAU, ANYONE, NULL },
	{ "PATCH", "/api/v1/dictionaries/:name", h_dict_update, CJ_R_BODY, CJ_ROLE_ADMIN, NULL },
	{ "DELETE", "/api/v1/dictionaries/:name", h_dict_delete, 0, CJ_ROLE_ADMIN, NULL },
	{ "GET", "/api/v1/audit", h_audit_list, 0, CJ_ROLE_ADMIN, NULL },
	CJ_CRUD_LIVE("tenants", res_tenants),
	CJ_CRUD_LIVE("users", res_users),
	{ NULL },
};

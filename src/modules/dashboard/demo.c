/*
 * The dashboard module's demo sections: the region around 嘉兴技师学院, so
 * that its bureaus' region page has a table.  "bureau" makes a bureau (a
 * tenant of kind bureau) with one viewer; "college" makes a small college
 * of the region from a seed (departments, partner enterprises and their
 * carriers, students with internships, jobs and certificates, trainings and
 * outputs).  Everything goes through the same decoder and store as the API;
 * all of it is invented and flagged demo, the codes and numbers well-formed
 * but fictitious.  Each section leaves the context on the college it
 * found.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/demo.h"
#include "core/pii.h"
#include "core/uscc.h"
#include "lib/util.h"
#include "modules/dashboard/gen.h"
#include "modules/registry/registry.h"
#include "modules/talent/rules.h"
#include "modules/talent/talent.h"

/* The generator's maker for the demo's colleges: every record flagged demo. */
static int
make(struct cj_ctx *ctx, const struct cj_entity *e, json_t *in, int64_t *id, struct cj_error *err)
{
	return cj_record_create(ctx, e, 1, in, id, err);
}

/* A new tenant from spec's code, name, kind and region_code; ctx moves to it. */
static int
tenant(struct cj_ctx *ctx, json_t *spec, const char *kind, struct cj_error *err)
{
	json_t *in = json_pack("{s:O,s:O,s:s,s:O}", "code", json_object_get(spec, "code"), "name",
	                       json_object_get(spec, "name"), "kind", kind, "region_code",
	                       json_object_get(spec, "region_code"));
	int64_t id;
	int rc;

	if (!in)
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_NOT_FOUND, "tenant");
	if ((rc = cj_record_create(ctx, &cj_entity_tenant, 1, in, &id, err)) < 0)
		return rc;
	return cj_ctx_set_tenant(ctx, id, err);
}

static int
demo_bureau(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err)
{
	int64_t was = ctx->tenant_id;
	json_t *v = json_object_get(spec, "viewer");
	int rc;

	(void)keys;
	if ((rc = tenant(ctx, spec, "bureau", err)) < 0 ||
	    (rc = cj_record_create(
	         ctx, &cj_entity_user, 1,
	         json_pack("{s:O,s:O,s:O,s:s}", "username", json_object_get(v, "username"),
	                   "password", json_object_get(v, "password"), "display_name",
	                   json_object_get(v, "display_name"), "role", "bureau_viewer"),
	         NULL, err)) < 0)
		return rc;
	return cj_ctx_set_tenant(ctx, was, err);
}

static int
demo_college(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err)
{
	int64_t was = ctx->tenant_id;
	struct cj_gen_college c = {
		.seed = (uint64_t)json_integer_value(json_object_get(spec, "seed")),
		.region = json_string_value(json_object_get(spec, "region_code")),
		.enterprises = (int)json_integer_value(json_object_get(spec, "enterprises")),
		.students = (int)json_integer_value(json_object_get(spec, "students")),
		.first_year = 2022,
		.last_year = 2025,
	};

	json_t *admin = json_object_get(spec, "admin");
	int rc;

	(void)keys;
	if ((rc = tenant(ctx, spec, json_string_value(json_object_get(spec, "kind")), err)) < 0 ||
	    (rc = cj_gen_college_records(ctx, &c, make, err)) < 0)
		return rc;
	if (admin &&
	    (rc = cj_record_create(ctx, &cj_entity_user, 1,
	                           json_pack("{s:O,s:O,s:s,s:s}", "username",
	                                     json_object_get(admin, "username"), "password",
	                                     json_object_get(admin, "password"), "display_name",
	                                     "校企合作处（演示）", "role", "school_admin"),
	                           NULL, err)) < 0)
		return rc;
	return cj_ctx_set_tenant(ctx, was, err);
}

const struct cj_demo_section cj_dashboard_demo_sections[] = {
	{ "bureau", demo_bureau },
	{ "college", demo_college },
	{ NULL, NULL },
};

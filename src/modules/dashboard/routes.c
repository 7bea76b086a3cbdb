/*
 * The dashboard module's routes (product.md §4, §7): the three-pillar
 * figures of the caller's college, and of a region for its bureau.
 *
 * A college's readers (administrator, staff, a bureau viewer inside the
 * college) read its dashboard.  A bureau's users (a tenant of kind
 * "bureau") read the dashboard of a region their own region code covers,
 * and nothing else: every other route answers them 404 (api/dispatch.c,
 * CJ_R_BUREAU), and these figures carry no record and no personal value.
 */
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/date.h"
#include "lib/util.h"
#include "modules/dashboard/store.h"

static int
h_dashboard(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const allowed[] = { "year", NULL };
	int64_t year;
	json_t *out;

	(void)r;
	if (cj_req_only_args(rq, allowed) < 0 || cj_req_year(rq, &year) < 0 ||
	    cj_store_dashboard(&rq->ctx, year, &out, &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_json(rq, rs, 200, out);
}

/* Whether the caller's bureau covers the region code (six digits). */
static int
covers(struct cj_req *rq, const char *code)
{
	const char *own = rq->who.tenant_region;
	size_t n = cj_region_prefix_len(own);

	if (strcmp(rq->who.tenant_kind, "bureau") || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6)
		return 0;
	return cj_region_prefix_len(code) >= n && !strncmp(code, own, n);
}

static int
h_region_dashboard(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	static const char *const allowed[] = { "year", "sort", NULL };
	const char *code = rq->params[0];
	int64_t year;
	size_t len;
	char *text;

	(void)r;
	if (!covers(rq, code)) {
		cj_error_set(&rq->err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "code");
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (cj_req_only_args(rq, allowed) < 0 || cj_req_year(rq, &year) < 0 ||
	    cj_store_region_dashboard(&rq->ctx, code, year, cj_req_arg(rq, "sort"), &text, &len,
	                              &rq->err) < 0)
		return cj_reply_error(rq, rs, &rq->err);
	return cj_reply_text(rs, 200, text, len);
}

const struct cj_route cj_dashboard_routes[] = {
	{ "GET", "/api/v1/dashboard", h_dashboard, 0, CJ_ROLES_READ, NULL },
	{ "GET", "/api/v1/regions/:code/dashboard", h_region_dashboard, CJ_R_BUREAU, CJ_ROLE_BUREAU,
	  NULL },
	{ NULL },
};

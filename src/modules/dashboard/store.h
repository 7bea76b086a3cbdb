/*
 * The dashboard module's store operations: the three-pillar figures of a
 * college for a year (product.md §4), each with the list query that returns
 * the records behind it, and the same figures of a region summed over its
 * colleges for a bureau (product.md §7).  It reads the records of the other
 * modules and writes nothing; there is no rollup table, every figure is
 * counted from the records at each call.
 *
 * The same conventions as store.h: ctx is one unit of work inside the
 * caller's transaction, JSON out parameters belong to ctx->arena, errors are
 * CJ_E* codes with err filled.  Derived values are as of today in China time.
 */
#ifndef CJ_STORE_DASHBOARD_H
#define CJ_STORE_DASHBOARD_H

#include "store/store.h"

/*
 * The college's (ctx->tenant_id) figures of year: {"year", "projects",
 * "cooperation", "service"}, every figure {"value": V, "list": "/api/v1/..."}
 * whose list's total (a count) or the sum of one field over its records (a
 * sum) is V.  Rates are plain numbers (four decimals) or null.
 */
int cj_store_dashboard(struct cj_ctx *ctx, int64_t year, json_t **out, struct cj_error *err);

/*
 * The same figures as plain values, the projects pillar summed over the
 * college's projects ({"tasks", "done", "overdue", "cancelled",
 * "completion_rate"}): what a bureau sees of a college.  A new reference
 * in ctx->arena.
 */
json_t *cj_dashboard_values(struct cj_ctx *ctx, json_t *dashboard);

/*
 * The region code's colleges (every tenant that is not the platform or a
 * bureau, whose region code falls under code: 330400 covers 3304xx, 330000
 * covers 33xxxx) with their figures of year as values, and their sum:
 * {"region": {"code", "name"}, "year", "totals", "colleges": [{"tenant",
 * "figures"}]}.  sort is a figure's path ("service.gold_collar", a leading
 * "-" for descending) or NULL (by college code); an unknown path is
 * CJ_EINVAL naming "sort".  The caller checks that it may see the region.
 * Switches ctx's tenant to each college that must be computed and back.
 * The answer is JSON text in ctx->arena (*len bytes, NUL-terminated): kept
 * while nothing it shows changed, it is served without being parsed.
 */
int cj_store_region_dashboard(struct cj_ctx *ctx, const char *code, int64_t year, const char *sort,
                              char **text, size_t *len, struct cj_error *err);

/* The significant prefix of a region code ("330400" -> "3304", "330000" -> "33"). */
size_t cj_region_prefix_len(const char *code);

#endif

/*
 * How often the current user did something lately, counted from the audit
 * log: the rate limit of audited views (the ID-number search), shared by
 * every server on one database.  See store.h.
 */
#include <string.h>

#include "store/hooks.h"

int
cj_store_audit_recent(struct cj_ctx *ctx, const char *action, const char *since, int64_t *n,
                      char oldest[21], struct cj_error *err)
{
	json_t *rows, *row;
	const char *at;
	int rc;

	*n = 0;
	oldest[0] = '\0';
	rows =
	    cj_q_rows(ctx,
	              "SELECT count(*) AS n, min(at) AS oldest FROM audit_log WHERE tenant_id = ?"
	              " AND user_id = ? AND action = ? AND at >= ?",
	              "it", &rc, err, "iitt", ctx->tenant_id, ctx->user_id, action, since);
	if (!rows)
		return rc;
	row = cj_q_first(rows);
	*n = cj_rec_int(row, "n");
	at = json_string_value(json_object_get(row, "oldest"));
	if (at && strlen(at) == 20)
		memcpy(oldest, at, 21);
	return 0;
}

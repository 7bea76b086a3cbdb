/* The audit log: one row a write or a full view, and its list; see store.h. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "store/hooks.h"

int
cj_store_audit(struct cj_ctx *ctx, const char *action, const char *entity, int64_t id,
               json_t *before, json_t *after, struct cj_error *err)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char now[21];
	int rc;

	cj_timestamp_now(now);
	rc = cj_q_exec(ctx,
	               "INSERT INTO audit_log (tenant_id, at, user_id, username, action, entity,"
	               " entity_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               err, "ititttitt", ctx->tenant_id, now, ctx->user_id,
	               ctx->username ? ctx->username : "", action, entity, id, b, a);
	free(b);
	free(a);
	return rc;
}

/*
 * Audit rows of the tenant, newest first, for entity and entity_id when given
 * (NULL, 0: all).  Conditions are added only for what was asked, so that every
 * parameter has a type PostgreSQL can infer.
 */
static json_t *
audit_rows(struct cj_ctx *ctx, const char *select, const char *tail, const char *outtypes,
           const char *entity, int64_t entity_id, int64_t limit, int64_t offset, int *rc,
           struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s;
	int i = 1;

	cj_sbuf_addf(&sql, "%s FROM audit_log WHERE tenant_id = ?%s%s%s", select,
	             entity ? " AND entity = ?" : "", entity_id ? " AND entity_id = ?" : "", tail);
	*rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	cj_sbuf_release(&sql);
	if (*rc < 0)
		return NULL;
	cj_stmt_bind_int(s, i++, ctx->tenant_id);
	if (entity)
		cj_stmt_bind_text(s, i++, entity);
	if (entity_id)
		cj_stmt_bind_int(s, i++, entity_id);
	if (limit) {
		cj_stmt_bind_int(s, i++, limit);
		cj_stmt_bind_int(s, i++, offset);
	}
	return cj_q_collect(ctx, s, outtypes, rc, err);
}

int
cj_store_audit_list(struct cj_ctx *ctx, const char *entity, int64_t entity_id, int64_t page,
                    int64_t size, json_t **items, int64_t *total, struct cj_error *err)
{
	json_t *rows, *row, *cnt;
	size_t i;
	int rc;

	cnt = audit_rows(ctx, "SELECT count(*) AS n", "", "i", entity, entity_id, 0, 0, &rc, err);
	if (!cnt)
		return rc;
	*total = json_integer_value(json_object_get(json_array_get(cnt, 0), "n"));
	rows =
	    audit_rows(ctx,
	               "SELECT id, at, user_id, username, action, entity, entity_id, before_json,"
	               " after_json",
	               " ORDER BY id DESC LIMIT ? OFFSET ?", "ititttitt", entity, entity_id, size,
	               (page - 1) * size, &rc, err);
	if (!rows)
		return rc;
	json_array_foreach (rows, i, row) {
		const char *keys[2][2] = { { "before_json", "before" }, { "after_json", "after" } };

		for (int k = 0; k < 2; k++) {
			json_t *raw = json_object_get(row, keys[k][0]);
			json_t *v = json_is_string(raw)
			                ? json_loads(json_string_value(raw), 0, NULL)
			                : NULL;

			json_object_set_new(row, keys[k][1], v ? v : json_null());
			json_object_del(row, keys[k][0]);
		}
	}
	*items = rows;
	return 0;
}

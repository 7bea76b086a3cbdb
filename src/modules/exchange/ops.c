/*
 * What the exchange needs of the database beyond the generic records: the
 * human keys of a referenced table, savepoints around each imported row,
 * and the figures of the quality report.  Store code (store/query.h).
 */
#include <string.h>

#include "modules/exchange/ops.h"
#include "store/query.h"

int
cj_xkeys_load(struct cj_ctx *ctx, const char *table, const char *keys, struct cj_xkeys *out,
              struct cj_error *err)
{
	char col[64], sql[256];
	const char *p = keys;
	int first = 1, rc = 0;

	out->by_key = json_object();
	out->by_id = json_object();
	cj_ctx_keep(ctx, out->by_key);
	cj_ctx_keep(ctx, out->by_id);
	while (*p) {
		size_t n = strcspn(p, " ");
		json_t *rows, *r;
		size_t i;

		snprintf(col, sizeof(col), "%.*s", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
		/* table and column come from the static tables of columns.c, never from a request
		 */
		snprintf(
		    sql, sizeof(sql),
		    "SELECT id, %s AS k FROM %s WHERE tenant_id = ? AND %s IS NOT NULL ORDER BY id",
		    col, table, col);
		rows = cj_q_rows(ctx, sql, "it", &rc, err, "i", ctx->tenant_id);
		if (!rows)
			return rc;
		json_array_foreach (rows, i, r) {
			int64_t id = json_integer_value(json_object_get(r, "id"));
			const char *k = json_string_value(json_object_get(r, "k"));
			json_t *had;
			char ids[24];

			if (!k || !*k)
				continue;
			had = json_object_get(out->by_key, k);
			/* A key two records share names neither (0): the sheet must use another. */
			if (had && json_integer_value(had) != id)
				json_object_set_new(out->by_key, k, json_integer(0));
			else if (!had)
				json_object_set_new(out->by_key, k, json_integer(id));
			if (first) {
				snprintf(ids, sizeof(ids), "%lld", (long long)id);
				json_object_set_new(out->by_id, ids, json_string(k));
			}
		}
		first = 0;
	}
	return 0;
}

int
cj_xsavepoint(struct cj_ctx *ctx, enum cj_xsave what, struct cj_error *err)
{
	static const char *const sql[] = {
		"SAVEPOINT cj_import_row",
		"RELEASE SAVEPOINT cj_import_row",
		"ROLLBACK TO SAVEPOINT cj_import_row",
	};

	return cj_q_exec(ctx, sql[what], err, "");
}

/* One table of the report: its title, header and the rows of a query. */
static int
table(struct cj_ctx *ctx, json_t *tables, const char *title, const char *const *header,
      const char *sql, const char *outtypes, int year, int nyears, struct cj_error *err)
{
	char from[16], to[16];
	json_t *rows, *t, *h = json_array(), *out = json_array(), *r;
	size_t i;
	int rc = 0;

	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	if (nyears == 0)
		rows = cj_q_rows(ctx, sql, outtypes, &rc, err, "i", ctx->tenant_id);
	else if (nyears == 1)
		rows = cj_q_rows(ctx, sql, outtypes, &rc, err, "itt", ctx->tenant_id, from, to);
	else
		rows = cj_q_rows(ctx, sql, outtypes, &rc, err, "tttti", from, to, from, to,
		                 ctx->tenant_id);
	if (!rows) {
		json_decref(h);
		json_decref(out);
		return rc;
	}
	for (const char *const *p = header; *p; p++)
		json_array_append_new(h, json_string(*p));
	json_array_foreach (rows, i, r) {
		json_t *row = json_array(), *val;

		/* the columns in the query's order: c0, c1, ... */
		for (int c = 0;; c++) {
			char name[16];

			snprintf(name, sizeof(name), "c%d", c);
			if (!(val = json_object_get(r, name)))
				break;
			if (json_is_null(val))
				json_array_append_new(row, json_string(""));
			else
				json_array_append(row, val);
		}
		json_array_append_new(out, row);
	}
	t = json_pack("{s:s,s:o,s:o}", "title", title, "header", h, "rows", out);
	json_array_append_new(tables, t);
	return 0;
}

#define PARTNER                                                                                    \
	"EXISTS (SELECT 1 FROM carrier_partners p JOIN carriers c ON c.tenant_id = p.tenant_id"    \
	" AND c.id = p.carrier_id WHERE p.tenant_id = e.tenant_id AND p.enterprise_id = e.id"      \
	" AND c.status IN ('signed', 'active'))"

int
cj_xquality(struct cj_ctx *ctx, int year, json_t **tables, struct cj_error *err)
{
	static const char *const h_partner[] = { "行业门类", "企业规模", "合作企业数", NULL };
	static const char *const h_base[] = {
		"载体类型", "状态", "数量", "学生名额", "工位数", NULL
	};
	static const char *const h_class[] = { "载体类型", "数量", "学生名额", NULL };
	static const char *const h_place[] = { "类型", "学生人数", "其中在合作企业", NULL };
	static const char *const h_train[] = { "培训项目数", "培训人次", "培训人时", "发证数",
		                               NULL };
	static const char *const h_service[] = { "技术服务项目数", "合同金额（元）",
		                                 "到账金额（元）", NULL };
	static const char *const h_patent[] = { "专利类型", "申请数", "授权数", NULL };
	static const char *const h_cert[] = { "等级", "证书数", NULL };
	json_t *t = json_array();
	int rc;

	cj_ctx_keep(ctx, t);
	*tables = t;
	if ((rc = table(ctx, t, "合作企业", h_partner,
	                "SELECT COALESCE(substr(e.industry_code, 1, 1), '') AS c0,"
	                " COALESCE(e.size, '') AS c1, COUNT(*) AS c2 FROM enterprises e"
	                " WHERE e.tenant_id = ? AND " PARTNER " GROUP BY 1, 2 ORDER BY 1, 2",
	                "tti", year, 0, err)) < 0 ||
	    (rc = table(ctx, t, "实训基地", h_base,
	                "SELECT kind AS c0, status AS c1, COUNT(*) AS c2,"
	                " COALESCE(SUM(capacity), 0) AS c3, COALESCE(SUM(workstations), 0) AS c4"
	                " FROM carriers WHERE tenant_id = ? AND kind = 'training_base'"
	                " AND status IN ('signed', 'active') GROUP BY 1, 2 ORDER BY 1, 2",
	                "ttiii", year, 0, err)) < 0 ||
	    (rc = table(
	         ctx, t, "订单班与现代学徒制", h_class,
	         "SELECT kind AS c0, COUNT(*) AS c1, COALESCE(SUM(capacity), 0) AS c2"
	         " FROM carriers WHERE tenant_id = ? AND kind IN ('order_class',"
	         " 'apprenticeship') AND status IN ('signed', 'active') GROUP BY 1 ORDER BY 1",
	         "tii", year, 0, err)) < 0 ||
	    (rc = table(ctx, t, "实习与就业", h_place,
	                "SELECT pl.kind AS c0, COUNT(DISTINCT pl.student_id) AS c1,"
	                " COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM enterprises e WHERE"
	                " e.tenant_id = pl.tenant_id AND e.id = pl.enterprise_id AND " PARTNER
	                ") THEN pl.student_id END) AS c2 FROM placements pl WHERE pl.tenant_id = ?"
	                " AND pl.start_date >= ? AND pl.start_date <= ? AND pl.status <> 'aborted'"
	                " GROUP BY 1 ORDER BY 1",
	                "tii", year, 1, err)) < 0 ||
	    (rc = table(ctx, t, "职工培训", h_train,
	                "SELECT COUNT(*) AS c0, COALESCE(SUM(trainees), 0) AS c1,"
	                " COALESCE(SUM(trainees * hours), 0) AS c2,"
	                " COALESCE(SUM(certificates_issued), 0) AS c3 FROM trainings"
	                " WHERE tenant_id = ? AND start_date >= ? AND start_date <= ?",
	                "iiii", year, 1, err)) < 0 ||
	    (rc = table(ctx, t, "技术服务", h_service,
	                "SELECT COUNT(*) AS c0, COALESCE(SUM(contract_amount), 0) AS c1,"
	                " COALESCE(SUM(amount_received), 0) AS c2 FROM outputs WHERE tenant_id = ?"
	                " AND kind = 'tech_service' AND date >= ? AND date <= ?",
	                "iii", year, 1, err)) < 0 ||
	    (rc = table(ctx, t, "专利", h_patent,
	                "SELECT COALESCE(patent_type, '') AS c0,"
	                " SUM(CASE WHEN date >= ? AND date <= ? THEN 1 ELSE 0 END) AS c1,"
	                " SUM(CASE WHEN granted_on >= ? AND granted_on <= ? THEN 1 ELSE 0 END)"
	                " AS c2 FROM outputs WHERE tenant_id = ? AND kind = 'patent'"
	                " GROUP BY 1 ORDER BY 1",
	                "tii", year, 2, err)) < 0 ||
	    (rc = table(ctx, t, "技能证书", h_cert,
	                "SELECT level AS c0, COUNT(*) AS c1 FROM certificates WHERE tenant_id = ?"
	                " AND issue_date >= ? AND issue_date <= ? GROUP BY 1 ORDER BY 1",
	                "ii", year, 1, err)) < 0)
		return rc;
	return 0;
}

/*
 * The exchange module's part of the OpenAPI document (api/openapi.h): the
 * template, import and export of each list, and the quality report.
 */
#include <stddef.h>

#include "api/openapi.h"

#define LIST_PARAM                                                                                 \
	"'list':{'type':'string','enum':['enterprises','carriers','students','placements',"        \
	"'certificates','trainings','outputs','tasks','indicators'],'description':'The list.'}"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const struct cj_route_doc routes[] = {
	{
	    .method = "GET",
	    .pattern = "/api/v1/:list/import-template",
	    .zh = "下载导入模板",
	    .en = "Download a list's import template",
	    .text = "An .xlsx: sheet 1 has the list's Chinese column headers (required ones in "
	            "red), frozen, with drop-downs of the dictionaries' labels and date-formatted "
	            "date columns; sheet 2 (填写说明) says what each column takes. References "
	            "take a human key (an enterprise by name or credit code, a student by number, "
	            "a department by name).",
	    .status = 200,
	    .answer = "{'type':'string','format':'binary'}",
	    .answer_type = XLSX,
	},
	{
	    .method = "POST",
	    .pattern = "/api/v1/:list/import",
	    .zh = "导入",
	    .en = "Import a list from .xlsx or CSV",
	    .text = "Multipart field `file`: an .xlsx (first sheet) or a CSV in UTF-8 (with or "
	            "without BOM) or GBK. Every row is validated with the API's own rules; one "
	            "bad row rejects the whole file (422 `import_rejected` with every error in "
	            "`error.rows`) and nothing is stored. A clean file is imported in one "
	            "transaction. `mode=insert` (default) refuses rows whose natural key exists "
	            "(credit code, student number, certificate number, carrier name); "
	            "`mode=upsert` updates them. Limits: 20 MiB, 100,000 rows, 200 MiB "
	            "uncompressed, 1,000 zip entries, compression ratio 100, no DTD.",
	    .query = "{'mode':{'type':'string','enum':['insert','upsert'],'default':'insert'}}",
	    .body = "{'type':'object','required':['file'],'properties':{'file':{'type':'string',"
	            "'format':'binary'}}}",
	    .body_type = "multipart/form-data",
	    .status = 200,
	    .answer = "{'type':'object','required':['inserted','updated'],'properties':{"
	              "'inserted':{'type':'integer','minimum':0},'updated':{'type':'integer',"
	              "'minimum':0}}}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/:list/export.xlsx",
	    .zh = "导出",
	    .en = "Export a list as filtered",
	    .text = "Every row the list's query selects (the list's own filters, `q` and "
	            "`sort`; not one page), in the template's columns: dictionary values as "
	            "Chinese labels, dates as date cells, personal information masked (in full for "
	            "the roles its full view admits, audited), and a "
	            "cell that starts with =, +, -, @, tab or CR written after a `'`. Audited.",
	    .status = 200,
	    .answer = "{'type':'string','format':'binary'}",
	    .answer_type = XLSX,
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/reports/quality.xlsx",
	    .zh = "质量年度报告（校企合作）",
	    .en = "The annual quality report's tables on school-enterprise cooperation",
	    .text = "One sheet each: partner enterprises by industry section and size, training "
	            "bases and student places, order classes and apprenticeships, interns and "
	            "employed graduates by placement kind, employee training, technical "
	            "services, patents, certificates by level with the gold-collar count.",
	    .query = "{'year':{'type':'integer','minimum':1990,'maximum':2100,'description':"
	             "'The year; this year by default.'}}",
	    .status = 200,
	    .answer = "{'type':'string','format':'binary'}",
	    .answer_type = XLSX,
	},
	{ NULL },
};

const struct cj_docs cj_exchange_docs = {
	.zh = "数据交换",
	.en = "Exchange",
	.text = "Excel in and out (product.md §5): templates, all-or-nothing imports, exports of "
	        "every main list as filtered, the annual quality report.",
	.routes = routes,
};

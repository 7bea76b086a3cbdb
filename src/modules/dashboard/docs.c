/*
 * The dashboard module's part of the OpenAPI document (api/openapi.h): the
 * college's and the region's three-pillar figures and their shapes.
 */
#include <stddef.h>

#include "api/openapi.h"

#define YEAR_QUERY                                                                                 \
	"'year':{'type':'integer','minimum':2000,'maximum':2100,'description':'The year; default " \
	"this year (China time).'}"

static const struct cj_route_doc routes[] = {
	{
	    .method = "GET",
	    .pattern = "/api/v1/dashboard",
	    .zh = "三个全力：学校看板",
	    .en = "The college's three-pillar dashboard",
	    .text =
	        "Every figure of product.md §4 for the year, each `{value, list}`: `list` is the "
	        "list query that returns exactly the records behind it (a count is that list's "
	        "`total`; a sum, such as `student_places` or `service_contract_value`, is the sum "
	        "of one field over its records: `capacity`, `trainees`, `person_hours`, "
	        "`contract_amount`, `amount_received`). Records count in the year of their date "
	        "(placements by start, aborted ones never; trainings by start; certificates by "
	        "issue; patents by filing (`date`) and by `granted_on`; technical services by "
	        "`date`). Carriers count as they stand today for the current year, and for a "
	        "past year when their agreement was in force on its 31 December; a partner "
	        "enterprise has such a carrier `signed` or `active` (for a past year: in force "
	        "then). Rates are 0..1, four decimals, null when undefined. Readers of the "
	        "college; a bureau\\u0027s users get 404.",
	    .query = "{" YEAR_QUERY "}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/Dashboard'}",
	},
	{
	    .method = "GET",
	    .pattern = "/api/v1/regions/:code/dashboard",
	    .zh = "三个全力：区域看板",
	    .en = "A region's three-pillar dashboard",
	    .text =
	        "For a bureau\\u0027s user (a tenant of kind `bureau`) whose region code covers "
	        "`code` (`330400` covers `3304xx`, `330000` covers `33xxxx`); any other code, or "
	        "any other caller, is 404. Every college of the region with its figures as plain "
	        "values (the projects pillar summed over its projects), and their totals (rates "
	        "from the summed counts). Figures only: no record, no personal information.",
	    .query = "{" YEAR_QUERY ",'sort':{'type':'string','description':'A figure\\u0027s "
	             "path, such as `service.gold_collar`, `-cooperation.partner_enterprises` "
	             "(descending) or `cooperation.carriers.training_base.active`; an unknown "
	             "path is 400. Default: by college code.'}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/RegionDashboard'}",
	},
	{ NULL },
};

#define FIG    "{'$ref':'#/components/schemas/Figure'}"
#define FIGS   "{'type':'object','additionalProperties':" FIG "}"
#define RATE   "{'type':['number','null'],'minimum':0,'maximum':1}"
#define VALUES "{'type':'object','additionalProperties':true}"

static const struct cj_schema_doc schemas[] = {
	{ "Figure", "{'type':'object','required':['value','list'],'properties':{'value':{'type':"
	            "'integer'},'list':{'type':'string','description':'The list query (a path "
	            "under /api/v1 with its filters) that returns the records behind the "
	            "value.'}}}" },
	{ "Dashboard",
	  "{'type':'object','required':['year','as_of','projects','cooperation','service'],"
	  "'properties':{'year':{'type':'integer'},'as_of':{'type':'string','format':'date'},"
	  "'projects':{'type':'array','items':{'type':'object','required':['id','name','tasks',"
	  "'done','overdue','cancelled','completion_rate','indicator_attainment','latest_"
	  "evaluation'],'properties':{'id':{'type':'integer'},'name':{'type':'string'},'level':{"
	  "'type':['string','null']},'tasks':" FIG ",'done':" FIG ",'overdue':" FIG
	  ",'cancelled':" FIG ",'completion_rate':" RATE ",'indicator_attainment':" RATE
	  ",'latest_evaluation':{'type':['object','null']}}}},"
	  "'cooperation':{'type':'object','required':['partner_enterprises','manufacturing_"
	  "partners','manufacturing_share','carriers','student_places','placements','expiring_"
	  "90d'],'properties':{'partner_enterprises':" FIG ",'manufacturing_partners':" FIG
	  ",'manufacturing_share':" RATE ",'partners_by_section':" FIGS
	  ",'carriers':{'type':'object','description':'By kind, then by status.',"
	  "'additionalProperties':" FIGS "},'student_places':" FIG ",'placements':" FIGS
	  ",'expiring_90d':" FIG "}},"
	  "'service':{'type':'object','required':['training_person_times','training_person_"
	  "hours','service_contract_value','service_amount_received','patents_filed','patents_"
	  "granted','certificates','gold_collar','graduates_employed_at_partners'],'properties':{"
	  "'training_person_times':" FIG ",'training_person_hours':" FIG
	  ",'service_contract_value':" FIG ",'service_amount_received':" FIG ",'patents_filed':" FIG
	  ",'patents_granted':" FIG ",'certificates':" FIGS ",'gold_collar':" FIG
	  ",'graduates_employed_at_partners':" FIG
	  ",'trainings_by_month':{'type':'object','description':'The number of trainings that "
	  "start in each month (01..12).','additionalProperties':" FIG "},"
	  "'certificates_by_month':{'type':'object','description':'Certificates issued in each "
	  "month (01..12), by level.','additionalProperties':" FIGS "}}}}}" },
	{ "RegionDashboard",
	  "{'type':'object','required':['region','year','totals','colleges'],'properties':{"
	  "'region':{'type':'object','required':['code','name'],'properties':{'code':{'type':"
	  "'string'},'name':{'type':'string'}}},'year':{'type':'integer'},'totals':" VALUES
	  ",'colleges':{'type':'array','items':{'type':'object','required':['tenant','figures'],"
	  "'properties':{'tenant':{'type':'object','required':['code','name','kind','region_"
	  "code'],'properties':{'code':{'type':'string'},'name':{'type':'string'},'kind':{'type':"
	  "'string'},'region_code':{'type':'string'}}},'figures':" VALUES "}}}}}" },
	{ NULL, NULL },
};

const struct cj_docs cj_dashboard_docs = {
	.zh = "看板",
	.en = "Dashboard",
	.text = "The three-pillar figures (三个全力) of a college and of a region.",
	.routes = routes,
	.schemas = schemas,
};

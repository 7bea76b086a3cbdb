/*
 * The search module's part of the OpenAPI document (api/openapi.h): the
 * global search route and its answer.
 */
#include <stddef.h>

#include "api/openapi.h"

static const struct cj_route_doc routes[] = {
	{
	    .method = "GET",
	    .pattern = "/api/v1/search",
	    .zh = "全局搜索",
	    .en = "Search every list",
	    .text =
	        "The box in the top bar: the best few matches of `q` in every list the caller "
	        "may read (its role's list routes, with each list's own scope: an "
	        "`enterprise_contact` sees only its enterprise and the carriers it is a partner "
	        "of), grouped by kind in the order of the route table; kinds without a match "
	        "are left out. `q` matches as in every list: after folding full-width to "
	        "half-width, case and traditional to simplified characters, a substring of the "
	        "name or of the other searchable texts (a student number, a carrier\\u0027s "
	        "partners), a part of a pinyin reading of them that starts on a syllable "
	        "(every reading: 单 is `dan` and `shan`), or the same of the initials. Within a "
	        "group: exact name, name prefix, substring, pinyin, initials, then pinyin "
	        "order. A student is never found by ID number or phone (that is `POST "
	        "/api/v1/students/search`). An empty `q` answers no groups.",
	    .query = "{'q':{'type':'string','description':'What to look for: characters "
	             "(simplified or traditional), pinyin or initials.'},'size':{'type':'integer',"
	             "'minimum':1,'maximum':20,'default':5,'description':'At most this many "
	             "records of each kind.'}}",
	    .status = 200,
	    .answer = "{'$ref':'#/components/schemas/SearchResult'}",
	},
	{ NULL },
};

static const struct cj_schema_doc schemas[] = {
	{ "SearchResult",
	  "{'type':'object','required':['groups'],'properties':{'groups':{'type':'array',"
	  "'items':{'type':'object','required':['kind','path','total','items'],"
	  "'properties':{'kind':{'type':'string','description':'The entity (`enterprise`, "
	  "`carrier`, `student`, ...).'},'path':{'type':'string','description':'Its collection "
	  "under `/api/v1/` (`enterprises`).'},'total':{'type':'integer','minimum':1,"
	  "'description':'How many records of this kind match.'},'items':{'type':'array',"
	  "'items':{'type':'object','required':['id','name','hint'],'properties':{'id':{"
	  "'type':'integer'},'name':{'type':['string','null'],'description':'The record\\u0027s "
	  "name (or title).'},'hint':{'type':'string','description':'Its other searchable "
	  "texts (a student number, a carrier\\u0027s partners), or empty.'}}}}}}}}}" },
	{ NULL },
};

const struct cj_docs cj_search_docs = {
	.zh = "搜索",
	.en = "Search",
	.text = "one search box across the college: characters, traditional or simplified, full "
	        "pinyin and initials (product.md §6).",
	.routes = routes,
	.schemas = schemas,
};

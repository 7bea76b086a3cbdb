/*
 * The search module's descriptor (core/module.h): the global search of
 * GET /api/v1/search and the migration of the search index.  The folding
 * and pinyin machinery is generic (core/fold.h), and so is the index the
 * store writes with every record and every list's q reads (store/search.h).
 */
#include "api/routes.h"
#include "core/module.h"

extern const struct cj_route cj_search_routes[];
extern const struct cj_docs cj_search_docs;

/* It has no records of its own. */
static const struct cj_entity *const entities[] = { NULL };

const struct cj_module cj_module_search = {
	"search", entities, NULL, NULL, cj_search_routes, NULL, NULL, &cj_search_docs,
};

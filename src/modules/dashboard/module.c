/*
 * The dashboard module's descriptor (core/module.h): the three-pillar
 * figures of a college and of a region (三个全力, product.md §4 and §7).  It
 * has no records of its own; the list filters its links name belong to the
 * lists' own modules.
 */
#include "api/routes.h"
#include "cli/demo.h"
#include "core/module.h"

extern const struct cj_route cj_dashboard_routes[];
extern const struct cj_docs cj_dashboard_docs;
extern const struct cj_demo_section cj_dashboard_demo_sections[];

static const struct cj_entity *const entities[] = { NULL };

const struct cj_module cj_module_dashboard = {
	"dashboard",
	entities,
	NULL,
	NULL,
	cj_dashboard_routes,
	NULL,
	cj_dashboard_demo_sections,
	&cj_dashboard_docs,
};

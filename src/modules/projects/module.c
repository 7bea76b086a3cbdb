/* The key-projects module's descriptor (core/module.h). */
#include "api/routes.h"
#include "core/dict.h"
#include "core/module.h"
#include "modules/projects/messages.h"
#include "store/hooks.h"

extern const struct cj_entity *const cj_projects_entities[];
extern const struct cj_dict cj_projects_dicts[];
extern const struct cj_hooks cj_projects_hooks[];
extern const struct cj_route cj_projects_routes[];
extern const struct cj_docs cj_projects_docs;

/* Its tables in an order that satisfies their foreign keys. */
static const struct cj_move_table tables[] = {
	{ "key_projects", "id", NULL },
	{ "project_funding", "project_id, source", NULL },
	{ "task_books", "id", NULL },
	{ "tasks", "id", NULL },
	{ "task_departments", "task_id, department_id", NULL },
	{ "indicators", "id", NULL },
	{ "attachment_blobs", "id", "content" },
	{ "attachments", "id", NULL },
	{ "progress_reports", "id", NULL },
	{ "report_indicator_values", "report_id, indicator_id", NULL },
	{ "report_attachments", "report_id, attachment_id", NULL },
	{ "report_reviews", "id", NULL },
	{ "evaluations", "id", NULL },
	{ "commendations", "id", NULL },
	{ NULL, NULL, NULL },
};

const struct cj_module cj_module_projects = {
	"projects",
	cj_projects_entities,
	cj_projects_dicts,
	cj_projects_hooks,
	cj_projects_routes,
	tables,
	NULL,
	&cj_projects_docs,
};

/* The module's messages (messages.h). */
CJ_MSG_DEFINE(CJ_PROJECTS_MSG_MAP)

/* The registry module's descriptor (core/module.h). */
#include "cli/demo.h"
#include "api/routes.h"
#include "core/dict.h"
#include "core/module.h"
#include "modules/registry/messages.h"
#include "store/hooks.h"

extern const struct cj_entity *const cj_registry_entities[];
extern const struct cj_dict cj_registry_dicts[];
extern const struct cj_hooks cj_registry_hooks[];
extern const struct cj_route cj_registry_routes[];
extern const struct cj_docs cj_registry_docs;

/* Its tables in an order that satisfies their foreign keys (the platform's users and
 * dictionaries are created by its first migration and move with it). */
static const struct cj_move_table tables[] = {
	{ "departments", "id", NULL },
	{ "enterprises", "id", NULL },
	{ "staff", "id", NULL },
	{ "users", "id", NULL },
	{ "carriers", "id", NULL },
	{ "carrier_partners", "carrier_id, enterprise_id", NULL },
	{ "carrier_status_history", "id", NULL },
	{ "events", "id", NULL },
	{ "event_attendees", "event_id, seq", NULL },
	{ "event_press", "event_id, seq", NULL },
	{ "event_actions", "event_id, seq", NULL },
	{ "dictionaries", "id", NULL },
	{ NULL, NULL, NULL },
};

int cj_registry_demo_actions(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err);

static const struct cj_demo_section demo_sections[] = {
	{ "append_actions", cj_registry_demo_actions },
	{ NULL, NULL },
};

const struct cj_module cj_module_registry = {
	"registry", cj_registry_entities, cj_registry_dicts, cj_registry_hooks, cj_registry_routes,
	tables,     demo_sections,        &cj_registry_docs,
};

/* The module's messages (messages.h). */
CJ_MSG_DEFINE(CJ_REGISTRY_MSG_MAP)

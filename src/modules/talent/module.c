/* The talent module's descriptor (core/module.h). */
#include "cli/demo.h"
#include "api/routes.h"
#include "core/dict.h"
#include "core/module.h"
#include "modules/talent/messages.h"
#include "store/hooks.h"
#include "modules/talent/talent.h"

extern const struct cj_entity *const cj_talent_entities[];
extern const struct cj_dict cj_talent_dicts[];
extern const struct cj_hooks cj_talent_hooks[];
extern const struct cj_route cj_talent_routes[];
extern const struct cj_docs cj_talent_docs;

/* Its tables in an order that satisfies their foreign keys. */
static const struct cj_move_table tables[] = {
	{ "specialties", "id", NULL },
	{ "studios", "id", NULL },
	{ "studio_people", "studio_id, seq", NULL },
	{ "outputs", "id", NULL },
	{ "output_people", "output_id, seq", NULL },
	{ "students", "id", NULL },
	{ "placements", "id", NULL },
	{ "certificates", "id", NULL },
	{ "trainings", "id", NULL },
	{ NULL, NULL, NULL },
};

static const struct cj_demo_section demo_sections[] = {
	{ "generate_cohort", cj_talent_demo_cohort },
	{ NULL, NULL },
};

const struct cj_module cj_module_talent = {
	"talent", cj_talent_entities, cj_talent_dicts, cj_talent_hooks, cj_talent_routes,
	tables,   demo_sections,      &cj_talent_docs,
};

/* The module's messages (messages.h). */
CJ_MSG_DEFINE(CJ_TALENT_MSG_MAP)

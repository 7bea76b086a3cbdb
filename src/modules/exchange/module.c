/*
 * The exchange module's descriptor (core/module.h): Excel templates,
 * imports and exports of the main lists, and the annual quality report.
 * It has no records or tables of its own: it reads and writes the other
 * modules' lists through their descriptors and the generic store.
 */
#include "api/routes.h"
#include "core/module.h"
#include "modules/exchange/messages.h"

extern const struct cj_route cj_exchange_routes[];
extern const struct cj_docs cj_exchange_docs;

static const struct cj_entity *const entities[] = { NULL };

const struct cj_module cj_module_exchange = {
	"exchange", entities, NULL, NULL, cj_exchange_routes, NULL, NULL, &cj_exchange_docs,
};

/* The module's messages (messages.h). */
CJ_MSG_DEFINE(CJ_EXCHANGE_MSG_MAP)

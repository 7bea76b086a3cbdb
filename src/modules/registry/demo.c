/* The registry module's demo section: actions added to an event made earlier. */
#include "cli/demo.h"
#include "modules/registry/registry.h"

/* Add actions to an event made earlier: {"event":"@key","actions":[...]}. */
int
cj_registry_demo_actions(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err)
{
	json_t *copy = json_deep_copy(spec), *ev, *actions, *a, *in, *rec;
	size_t i;
	int rc;

	cj_ctx_keep(ctx, copy);
	if ((rc = cj_demo_resolve(copy, keys, err)) < 0 ||
	    (rc = cj_store_get(ctx, &cj_entity_event,
	                       json_integer_value(json_object_get(copy, "event")), CJ_LIST_ROW, &ev,
	                       err)) < 0)
		return rc;
	actions = json_array();
	json_array_foreach (json_object_get(ev, "actions"), i, a)
		json_array_append_new(
		    actions, json_pack("{s:O,s:O,s:O}", "action", json_object_get(a, "action"),
		                       "target_type", json_object_get(a, "target_type"),
		                       "target_id", json_object_get(a, "target_id")));
	json_array_extend(actions, json_object_get(copy, "actions"));
	in = json_pack("{s:o}", "actions", actions);
	cj_ctx_keep(ctx, in);
	if ((rc = cj_record_decode(ctx->arena, &cj_entity_event, in, 0, 0, &rec, err)) < 0)
		return rc;
	return cj_store_update(ctx, &cj_entity_event, json_integer_value(json_object_get(ev, "id")),
	                       -1, rec, err);
}

/*
 * The registry module: the college's departments and staff, its partner
 * enterprises, the cooperation carriers built with them and the events at
 * which they were signed or awarded (product.md §3).  Every other module
 * builds on it; this header is what they may use.
 *
 * The same conventions as store.h: JSON out-parameters belong to the
 * context's arena, errors are CJ_E* codes with err filled.
 */
#ifndef CJ_REGISTRY_H
#define CJ_REGISTRY_H

#include <jansson.h>

#include "core/entity.h"
#include "modules/registry/messages.h"

struct cj_arena;
struct cj_ctx;

extern const struct cj_entity cj_entity_department, cj_entity_staff, cj_entity_enterprise,
    cj_entity_carrier, cj_entity_event;

/*
 * Carrier status moves (product.md §3): negotiating -> signed -> active ->
 * ended (end reason "expired"); "terminated" ends a carrier from any state
 * that has not ended; no other move, forward jump or backward move.
 * Returns 0 when from -> to (with end_reason) is allowed.
 */
int cj_carrier_transition(const char *from, const char *to, const char *end_reason,
                          struct cj_error *err);
/* A status and its end reason agree: end_reason is set exactly when ended. */
int cj_carrier_check_end(const char *status, const char *end_reason, struct cj_error *err);

/*
 * The SQL of the dashboard's year rules (product.md §4), shared by the list
 * filters that its links name and by the figures themselves.  c is a table
 * prefix ("c." or "carriers."), end an SQL expression of the year's last day
 * ('YYYY-12-31').
 *
 * A carrier stands in a past year when its agreement was in force on the
 * year's 31 December: signed at some time (not negotiating; an ended carrier
 * counts, as it stood then), from valid_from (or signed_on) up to valid_to
 * (none: open-ended).  In the current year every carrier stands as it is
 * today, and one is in force when it is signed or active.  A partner
 * enterprise of a year is a partner of a carrier in force in it.
 */
#define CJ_SQL_CARRIER_PAST(c, end)                                                                \
	"(" c "status <> 'negotiating' AND COALESCE(" c "valid_from, " c "signed_on) <= " end      \
	" AND (" c "valid_to IS NULL OR " c "valid_to >= " end "))"
#define CJ_SQL_CARRIER_NOW(c) "(" c "status IN ('signed', 'active'))"
/* The enterprises that are partners of a carrier c in force by cond (on c.). */
#define CJ_SQL_PARTNERS_WHERE(tenant, cond)                                                        \
	"SELECT p.enterprise_id FROM carrier_partners p JOIN carriers c ON c.tenant_id ="          \
	" p.tenant_id AND c.id = p.carrier_id WHERE p.tenant_id = " tenant " AND " cond

/* The child lists of carriers and events (cj_list_fn; see decode.c). */
int cj_list_partners(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_attendees(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_press(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
int cj_list_actions(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);

/* out["events"]: the events whose actions name the record type/id, for its page. */
int cj_hooks_load_events(struct cj_ctx *ctx, const char *type, int64_t id, json_t *out,
                         struct cj_error *err);
/* The same query sent ahead (cj_q_send), to read with cj_q_collect(..., "itttt", ...). */
struct cj_stmt *cj_hooks_send_events(struct cj_ctx *ctx, const char *type, int64_t id, int *rc,
                                     struct cj_error *err);

/* The demo section {"append_actions": {"event": "@key", "actions": [...]}} (demo.c). */
int cj_registry_demo_actions(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err);

#endif

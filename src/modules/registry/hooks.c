/*
 * The registry module's store hooks (store/hooks.h): an enterprise's
 * carriers, a carrier's partners and status history and its derived
 * expiring / overdue_renewal, an event's attendees, press credits and
 * actions.  Child lists arrive already shaped by the decoders; here they are
 * checked against the tenant (another college's enterprise or carrier is
 * "not found") and written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lib/util.h"
#include "modules/registry/registry.h"
#include "store/hooks.h"

/* ---- enterprises ---- */

static int
enterprise_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	const char *uscc = cj_rec_str(rec, "uscc");

	if (uscc)
		json_object_set_new(rec, "uscc_legacy", json_boolean(strlen(uscc) == 15));
	return 0;
}

static int
enterprise_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	json_t *out = json_array_get(rows, 0), *found;
	int rc;

	if (detail != CJ_DETAIL)
		return 0;
	found = cj_q_rows(ctx,
	                  "SELECT c.id, c.name, c.kind, c.status, p.lead FROM carrier_partners p"
	                  " JOIN carriers c ON c.tenant_id = p.tenant_id AND c.id = p.carrier_id"
	                  " WHERE p.tenant_id = ? AND p.enterprise_id = ? ORDER BY c.kind, c.id",
	                  "itttb", &rc, err, "ii", ctx->tenant_id, cj_rec_id(out));
	if (!found)
		return rc;
	json_object_set(out, "carriers", found);
	return 0;
}

/* ---- carriers ---- */

static int
carrier_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *partners = json_object_get(rec, "partners"), *p;
	const char *status = cj_rec_merged_str(rec, old, "status");
	const char *reason = cj_rec_merged_str(rec, old, "end_reason");
	size_t i;
	int rc;

	/* Reaching "ended" without saying why is refused, as is a reason otherwise. */
	if (old && json_object_get(rec, "status") && !json_object_get(rec, "end_reason") &&
	    strcmp(status, "ended"))
		reason = NULL, json_object_set_new(rec, "end_reason", json_null());
	if ((rc = cj_carrier_check_end(status, reason, err)) < 0)
		return rc;
	if (old && (rc = cj_carrier_transition(cj_rec_str(old, "status"), status, reason, err)) < 0)
		return rc;
	if ((rc = cj_date_order(cj_rec_merged_str(rec, old, "valid_from"),
	                        cj_rec_merged_str(rec, old, "valid_to"), "valid_to", err)) < 0)
		return rc;
	json_array_foreach (partners, i, p) {
		int64_t eid = json_integer_value(json_object_get(p, "enterprise_id"));

		rc = cj_store_exists(ctx, "enterprises", eid, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return cj_not_found(err, "partners", "enterprise", eid);
	}
	return 0;
}

static int
carrier_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *partners = json_object_get(rec, "partners"), *p;
	const char *from = old ? cj_rec_str(old, "status") : NULL;
	const char *to = cj_rec_merged_str(rec, old, "status");
	char now[21];
	size_t i;
	int rc;

	if (partners) {
		rc = cj_q_exec(
		    ctx, "DELETE FROM carrier_partners WHERE tenant_id = ? AND carrier_id = ?", err,
		    "ii", ctx->tenant_id, id);
		if (rc < 0)
			return rc;
		json_array_foreach (partners, i, p) {
			rc = cj_q_exec(
			    ctx,
			    "INSERT INTO carrier_partners (tenant_id, carrier_id,"
			    " enterprise_id, lead, seq) VALUES (?, ?, ?, ?, ?)",
			    err, "iiiii", ctx->tenant_id, id,
			    (int64_t)json_integer_value(json_object_get(p, "enterprise_id")),
			    (int64_t)json_is_true(json_object_get(p, "lead")), (int64_t)i);
			if (rc < 0)
				return rc;
		}
	}
	if (from && !strcmp(from, to))
		return 0;
	cj_timestamp_now(now);
	return cj_q_exec(ctx,
	                 "INSERT INTO carrier_status_history (tenant_id, carrier_id, from_status,"
	                 " to_status, end_reason, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                 err, "iitttti", ctx->tenant_id, id, from, to,
	                 cj_rec_merged_str(rec, old, "end_reason"), now, ctx->user_id);
}

/* A carrier's partners, by the carriers' ids; in carrier, then listed order. */
static const char carrier_partners_sql[] =
    "SELECT p.carrier_id AS k, p.enterprise_id, e.name AS enterprise_name, p.lead"
    " FROM carrier_partners p JOIN enterprises e"
    " ON e.tenant_id = p.tenant_id AND e.id = p.enterprise_id"
    " WHERE p.tenant_id = ? AND p.carrier_id IN (?ids) ORDER BY p.carrier_id, p.seq";

/* Where a carrier's detail keeps what it sent ahead (ctx->ahead). */
enum { AHEAD_HISTORY, AHEAD_EVENTS, AHEAD_PARTNERS };

/*
 * The detail of carrier id: its status history, its events and its
 * partners, sent ahead into ctx->ahead (hooks.h: send_detail); the store
 * sends them with the carrier's row where the driver pipelines, load
 * otherwise.
 */
static int
carrier_send_detail(struct cj_ctx *ctx, int64_t id, struct cj_error *err)
{
	json_t *ids = json_pack("[I]", (json_int_t)id);
	int rc = 0;

	cj_ctx_keep(ctx, ids);
	if (!(ctx->ahead[AHEAD_HISTORY] = cj_q_send(
	          ctx,
	          "SELECT h.from_status AS \"from\", h.to_status AS \"to\", h.end_reason, h.at,"
	          " h.user_id, COALESCE(u.display_name, u.username) AS user_name"
	          " FROM carrier_status_history h LEFT JOIN users u"
	          " ON u.tenant_id = h.tenant_id AND u.id = h.user_id"
	          " WHERE h.tenant_id = ? AND h.carrier_id = ? ORDER BY h.id",
	          &rc, err, "ii", ctx->tenant_id, id)) ||
	    !(ctx->ahead[AHEAD_EVENTS] = cj_hooks_send_events(ctx, "carrier", id, &rc, err)) ||
	    !(ctx->ahead[AHEAD_PARTNERS] =
	          cj_q_send(ctx, carrier_partners_sql, &rc, err, "iI", ctx->tenant_id, ids)))
		return rc;
	return 0;
}

/* Read and free the statement of ctx->ahead[slot] (a carrier's detail); rows or NULL. */
static json_t *
ahead_collect(struct cj_ctx *ctx, int slot, const char *types, int *rc, struct cj_error *err)
{
	struct cj_stmt *s = ctx->ahead[slot];

	ctx->ahead[slot] = NULL;
	return cj_q_collect(ctx, s, types, rc, err);
}

static int
carrier_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	int32_t today = cj_date_today(), to;
	json_t *found, *out, *one = json_array_get(rows, 0); /* one: the record of a detail */
	size_t i;
	int rc = 0;

	/* A detail's three queries in one round trip, with the carrier's row where it could. */
	if (detail == CJ_DETAIL) {
		if (!ctx->ahead[AHEAD_HISTORY] &&
		    (rc = carrier_send_detail(ctx, cj_rec_id(one), err)) < 0)
			return rc;
		found = ahead_collect(ctx, AHEAD_PARTNERS, "iitb", &rc, err);
	} else {
		found = cj_q_rows(ctx, carrier_partners_sql, "iitb", &rc, err, "iI", ctx->tenant_id,
		                  cj_q_ids(ctx, rows, "id"));
	}
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "partners");
	json_array_foreach (rows, i, out) {
		const char *valid_to = cj_rec_str(out, "valid_to"),
		           *status = cj_rec_str(out, "status");
		int expiring = 0, overdue = 0;

		if (valid_to && cj_date_parse(valid_to, &to) == 0 && strcmp(status, "ended")) {
			expiring = to >= today && to <= today + 90;
			overdue = to < today && !strcmp(status, "active");
		}
		json_object_set_new(out, "expiring", json_boolean(expiring));
		json_object_set_new(out, "overdue_renewal", json_boolean(overdue));
	}
	if (detail != CJ_DETAIL)
		return 0;
	if (!(found = ahead_collect(ctx, AHEAD_HISTORY, "ttttit", &rc, err)))
		return rc;
	json_object_set(one, "status_history", found);
	if (!(found = ahead_collect(ctx, AHEAD_EVENTS, "itttt", &rc, err)))
		return rc;
	json_object_set(one, "events", found);
	return 0;
}

#define EVENTS_SQL                                                                                 \
	"SELECT e.id AS event_id, e.title, e.date, a.action FROM event_actions a"                  \
	" JOIN events e ON e.tenant_id = a.tenant_id AND e.id = a.event_id"                        \
	" WHERE a.tenant_id = ? AND a.target_type = ? AND a.target_id = ?"                         \
	" ORDER BY e.date, a.seq"

struct cj_stmt *
cj_hooks_send_events(struct cj_ctx *ctx, const char *type, int64_t id, int *rc,
                     struct cj_error *err)
{
	return cj_q_send(ctx, EVENTS_SQL, rc, err, "iti", ctx->tenant_id, type, id);
}

int
cj_hooks_load_events(struct cj_ctx *ctx, const char *type, int64_t id, json_t *out,
                     struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, EVENTS_SQL, "itttt", &rc, err, "iti", ctx->tenant_id, type, id);
	if (!rows)
		return rc;
	json_object_set(out, "events", rows);
	return 0;
}

/* ---- events ---- */

static int
event_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *a;
	size_t i;
	int rc;

	json_array_foreach (json_object_get(rec, "actions"), i, a) {
		const struct cj_entity *te = cj_entity_by_target(cj_rec_str(a, "target_type"));
		int64_t tid = json_integer_value(json_object_get(a, "target_id"));

		if (!te)
			return cj_error_set(err, CJ_EINVAL, CJ_M_ACTION_TARGET, "actions");
		rc = cj_store_exists(ctx, te->table, tid, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return cj_not_found(err, "actions", cj_rec_str(a, "target_type"), tid);
	}
	return 0;
}

static int
replace_children(struct cj_ctx *ctx, const char *table, int64_t id, struct cj_error *err)
{
	char sql[120];

	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE tenant_id = ? AND event_id = ?", table);
	return cj_q_exec(ctx, sql, err, "ii", ctx->tenant_id, id);
}

static int
event_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *list, *v;
	size_t i;
	int rc;

	if ((list = json_object_get(rec, "attendees"))) {
		if ((rc = replace_children(ctx, "event_attendees", id, err)) < 0)
			return rc;
		json_array_foreach (list, i, v) {
			rc = cj_q_exec(
			    ctx,
			    "INSERT INTO event_attendees (tenant_id, event_id, seq, name)"
			    " VALUES (?, ?, ?, ?)",
			    err, "iiit", ctx->tenant_id, id, (int64_t)i, json_string_value(v));
			if (rc < 0)
				return rc;
		}
	}
	if ((list = json_object_get(rec, "press"))) {
		if ((rc = replace_children(ctx, "event_press", id, err)) < 0)
			return rc;
		json_array_foreach (list, i, v) {
			rc = cj_q_exec(
			    ctx,
			    "INSERT INTO event_press (tenant_id, event_id, seq, role, name)"
			    " VALUES (?, ?, ?, ?, ?)",
			    err, "iiitt", ctx->tenant_id, id, (int64_t)i, cj_rec_str(v, "role"),
			    cj_rec_str(v, "name"));
			if (rc < 0)
				return rc;
		}
	}
	if ((list = json_object_get(rec, "actions"))) {
		if ((rc = replace_children(ctx, "event_actions", id, err)) < 0)
			return rc;
		json_array_foreach (list, i, v) {
			rc =
			    cj_q_exec(ctx,
			              "INSERT INTO event_actions (tenant_id, event_id, seq, action,"
			              " target_type, target_id) VALUES (?, ?, ?, ?, ?, ?)",
			              err, "iiitti", ctx->tenant_id, id, (int64_t)i,
			              cj_rec_str(v, "action"), cj_rec_str(v, "target_type"),
			              (int64_t)json_integer_value(json_object_get(v, "target_id")));
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* An action's target_name (and target_kind where the target has a kind). */
/*
 * The name (and kind, when it has one) of every action's target, with one
 * query per target type: actions is an array of action objects.
 */
static int
target_labels(struct cj_ctx *ctx, json_t *actions, struct cj_error *err)
{
	json_t *a;
	size_t i;
	int rc;

	json_array_foreach (actions, i, a)
		json_object_set_new(a, "target_name", json_null());
	for (size_t t = 0, n = cj_entity_count(); t < n; t++) {
		const struct cj_entity *te = cj_entity_at(t);
		const struct cj_field *nf = cj_entity_name_field(te);
		int has_kind = cj_entity_field(te, "kind") != NULL;
		const char *with_kind[] = { "target_name", "target_kind", NULL };
		json_t *mine = json_array(), *found;
		char sql[240];

		cj_ctx_keep(ctx, mine);
		if (!te->target_type || !nf)
			continue;
		/* one query per target type, also when the page names none of it */
		json_array_foreach (actions, i, a)
			if (!strcmp(cj_rec_str(a, "target_type"), te->target_type))
				json_array_append(mine, a);
		snprintf(sql, sizeof(sql),
		         "SELECT id AS k, %s AS target_name, %s AS target_kind FROM %s"
		         " WHERE tenant_id = ? AND id IN (?ids)",
		         nf->name, has_kind ? "kind" : "NULL", te->table);
		found = cj_q_rows(ctx, sql, "itt", &rc, err, "iI", ctx->tenant_id,
		                  cj_q_ids(ctx, mine, "target_id"));
		if (!found)
			return rc;
		if (!has_kind)
			with_kind[1] = NULL;
		cj_q_join(mine, "target_id", found, with_kind);
	}
	return 0;
}

static int
event_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	json_t *ids = cj_q_ids(ctx, rows, "id"), *found, *out, *r, *all;
	size_t i, k;
	int rc;

	found = cj_q_rows(ctx,
	                  "SELECT event_id AS k, name FROM event_attendees WHERE tenant_id = ?"
	                  " AND event_id IN (?ids) ORDER BY event_id, seq",
	                  "it", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "attendees");
	/* attendees are names, not objects */
	json_array_foreach (rows, i, out) {
		json_t *names = json_array();

		json_array_foreach (json_object_get(out, "attendees"), k, r)
			json_array_append(names, json_object_get(r, "name"));
		json_object_set_new(out, "attendees", names);
	}
	found = cj_q_rows(ctx,
	                  "SELECT event_id AS k, role, name FROM event_press WHERE tenant_id = ?"
	                  " AND event_id IN (?ids) ORDER BY event_id, seq",
	                  "itt", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "press");
	found = cj_q_rows(ctx,
	                  "SELECT event_id AS k, action, target_type, target_id FROM event_actions"
	                  " WHERE tenant_id = ? AND event_id IN (?ids) ORDER BY event_id, seq",
	                  "itti", &rc, err, "iI", ctx->tenant_id, ids);
	if (!found)
		return rc;
	cj_q_group(rows, "id", found, "actions");
	all = json_array();
	cj_ctx_keep(ctx, all);
	json_array_foreach (rows, i, out)
		json_array_extend(all, json_object_get(out, "actions"));
	return target_labels(ctx, all, err);
}

/* ---- list filters ---- */

#define HAS_PARTNER                                                                                \
	"EXISTS (SELECT 1 FROM carrier_partners p WHERE p.tenant_id = carriers.tenant_id"          \
	" AND p.carrier_id = carriers.id AND p.enterprise_id = ?)"

/*
 * The year filters: a named filter binds its one value to every "?", and
 * $today to today (China time), so a filter can ask whether the year is the
 * current one.
 */
#define THIS_YEAR "CAST(substr($today, 1, 4) AS INTEGER)"
#define YEAR_END  "CAST(? AS TEXT) || '-12-31'"
#define IN_FORCE(c)                                                                                \
	"((? >= " THIS_YEAR                                                                        \
	" AND " CJ_SQL_CARRIER_NOW(c) ") OR (? < " THIS_YEAR                                       \
	                              " AND " CJ_SQL_CARRIER_PAST(c, YEAR_END) "))"

/* "size" is the page size of every list, so the size class filters as enterprise_size. */
static const struct cj_filter enterprise_filters[] = {
	{ "enterprise_size", CJ_FA_ENUM, "size = ?", NULL, "enterprise_size" },
	{ "partner", CJ_FA_BOOL,
	  "id IN (" CJ_SQL_PARTNERS_WHERE("$tenant", CJ_SQL_CARRIER_NOW("c.")) ")",
	  "id NOT IN (" CJ_SQL_PARTNERS_WHERE("$tenant", CJ_SQL_CARRIER_NOW("c.")) ")", NULL },
	{ "partner_in", CJ_FA_YEAR, "id IN (" CJ_SQL_PARTNERS_WHERE("$tenant", IN_FORCE("c.")) ")",
	  NULL, NULL },
	{ "@enterprise", CJ_FA_ID, "id = ?", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter carrier_filters[] = {
	{ "enterprise_id", CJ_FA_ID, HAS_PARTNER, NULL, NULL },
	{ "expiring", CJ_FA_DAYS, "valid_to >= $today AND valid_to <= $until AND status <> 'ended'",
	  NULL, NULL },
	{ "overdue_renewal", CJ_FA_TRUE, "valid_to < $today AND status = 'active'", NULL, NULL },
	{ "year", CJ_FA_YEAR, "? >= " THIS_YEAR " OR " CJ_SQL_CARRIER_PAST("", YEAR_END), NULL,
	  NULL },
	{ "in_force", CJ_FA_YEAR, IN_FORCE(""), NULL, NULL },
	{ "@enterprise", CJ_FA_ID, HAS_PARTNER, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cj_filter event_filters[] = {
	{ "date_from", CJ_FA_DATE, "date >= ?", NULL, NULL },
	{ "date_to", CJ_FA_DATE, "date <= ?", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cj_hooks cj_registry_hooks[] = {
	{ .e = &cj_entity_enterprise,
	  .check = enterprise_check,
	  .load = enterprise_load,
	  .detail_only = 1,
	  .filters = enterprise_filters },
	{ .e = &cj_entity_carrier,
	  .check = carrier_check,
	  .save = carrier_save,
	  .load = carrier_load,
	  .send_detail = carrier_send_detail,
	  .filters = carrier_filters },
	{ .e = &cj_entity_event,
	  .check = event_check,
	  .save = event_save,
	  .load = event_load,
	  .filters = event_filters },
	{ NULL },
};

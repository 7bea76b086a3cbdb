/*
 * The platform's own store hooks (see hooks.h): a user's password and role
 * rules, a tenant's first administrator and its removal, a custom
 * dictionary's values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/password.h"
#include "lib/util.h"
#include "store/hooks.h"
#include "store/search.h"
#include "lib/jsonmem.h"

static int
user_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	const char *role = cj_rec_merged_str(rec, old, "role");
	json_t *ent = cj_rec_merged(rec, old, "enterprise_id");
	const char *pw = cj_rec_str(rec, "password");

	/* Platform administrators are made on the command line only. */
	if (role && !strcmp(role, "platform_admin") && ctx->user_id)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, "role");
	if (role && !strcmp(role, "enterprise_contact") && (!ent || json_is_null(ent)))
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "enterprise_id");
	if (!old && !pw)
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "password");
	if (pw) {
		char *hash;

		if (cj_password_check(pw, cj_rec_merged_str(rec, old, "username"), "password",
		                      err) < 0)
			return -CJ_EINVAL;
		hash = cj_password_hash(pw);

		if (!hash)
			return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "argon2id");
		json_object_set_new(rec, "password_hash", json_string(hash));
		free(hash);
		/*
		 * A password an administrator gives another user (the API, the
		 * command line) is changed by its user at the next login; the demo's
		 * published ones and one's own are not.
		 */
		json_object_set_new(
		    rec, "must_change_password",
		    json_boolean(strcmp(ctx->username ? ctx->username : "", "demo") &&
		                 !(old && ctx->user_id && cj_rec_id(old) == ctx->user_id)));
	}
	return 0;
}

static int
user_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *active = json_object_get(rec, "active");

	/* A new password or a deactivation ends the user's sessions at once. */
	if (old && (json_object_get(rec, "password") || (active && !json_is_true(active))))
		return cj_q_exec(ctx, "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?",
		                 err, "ii", ctx->tenant_id, id);
	return 0;
}

static int
user_remove(struct cj_ctx *ctx, int64_t id, struct cj_error *err)
{
	return cj_q_exec(ctx, "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?", err, "ii",
	                 ctx->tenant_id, id);
}

/* ---- tenants ---- */

static int
tenant_check(struct cj_ctx *ctx, json_t *rec, json_t *old, struct cj_error *err)
{
	int has_user = json_object_get(rec, "admin_username") != NULL;
	int has_pw = json_object_get(rec, "admin_password") != NULL;

	if (old && (has_user || has_pw))
		return cj_error_set(err, CJ_EINVAL, CJ_M_READONLY_FIELD,
		                    has_user ? "admin_username" : "admin_password");
	if (has_user != has_pw)
		return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED,
		                    has_user ? "admin_password" : "admin_username");
	if (has_pw &&
	    cj_password_check(cj_rec_str(rec, "admin_password"), cj_rec_str(rec, "admin_username"),
	                      "admin_password", err) < 0)
		return -CJ_EINVAL;
	return 0;
}

static int
tenant_created(struct cj_ctx *ctx, int64_t id, json_t *rec, struct cj_error *err)
{
	int64_t was = ctx->tenant_id;
	json_t *user;
	int64_t uid;
	int rc;

	if (!json_object_get(rec, "admin_username"))
		return 0;
	/* A bureau's first user reads its region's figures; a college's administers it. */
	user = json_pack(
	    "{s:O,s:s,s:O,s:s}", "username", json_object_get(rec, "admin_username"), "role",
	    cj_rec_str(rec, "kind") && !strcmp(cj_rec_str(rec, "kind"), "bureau") ? "bureau_viewer"
	                                                                          : "school_admin",
	    "password", json_object_get(rec, "admin_password"), "display_name", "管理员");
	cj_ctx_keep(ctx, user);
	if ((rc = cj_ctx_set_tenant(ctx, id, err)) < 0)
		return rc;
	rc = cj_store_create(ctx, &cj_entity_user, user, &uid, err);
	if (rc == 0)
		rc = cj_ctx_set_tenant(ctx, was, err);
	return rc;
}

static int
tenant_remove(struct cj_ctx *ctx, int64_t id, struct cj_error *err)
{
	/*
	 * A college with any record of any module is in use; an empty one goes
	 * with its accounts.  Every entity table of a tenant is asked, so a new
	 * module is covered without a change here.
	 */
	static const char *const owned[] = { "sessions",    "login_failures", "login_log",
		                             "audit_heads", "audit_log",      "users" };
	int64_t was = ctx->tenant_id;
	char sql[160];
	json_t *rows;
	int rc;

	/* Look inside the college being removed (row-level security admits one tenant). */
	if ((rc = cj_ctx_set_tenant(ctx, id, err)) < 0)
		return rc;
	for (size_t i = 0, n = cj_entity_count(); i < n; i++) {
		const struct cj_entity *e = cj_entity_at(i);

		if ((e->flags & CJ_EF_GLOBAL) || e == &cj_entity_user)
			continue;
		snprintf(sql, sizeof(sql), "SELECT count(*) AS n FROM %s WHERE tenant_id = ?",
		         e->table);
		rows = cj_q_rows(ctx, sql, "i", &rc, err, "i", id);
		if (!rows)
			return rc;
		if (json_integer_value(json_object_get(json_array_get(rows, 0), "n")) > 0) {
			cj_ctx_set_tenant(ctx, was, NULL);
			return cj_error_setarg(err, CJ_EINUSE, CJ_M_IN_USE, NULL, e->table);
		}
	}
	/* The accounts leave the search index first: their ids may be handed out again. */
	rows = cj_q_rows(ctx, "SELECT id FROM users WHERE tenant_id = ?", "i", &rc, err, "i", id);
	if (!rows)
		return rc;
	for (size_t i = 0; i < json_array_size(rows); i++)
		if ((rc = cj_search_drop(ctx, &cj_entity_user, cj_rec_id(json_array_get(rows, i)),
		                         err)) < 0)
			return rc;
	for (size_t i = 0; i < CJ_ARRAY_SIZE(owned); i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE tenant_id = ?", owned[i]);
		if ((rc = cj_q_exec(ctx, sql, err, "i", id)) < 0)
			return rc;
	}
	return cj_ctx_set_tenant(ctx, was, err);
}

/* ---- dictionaries ---- */

static int
dictionary_save(struct cj_ctx *ctx, int64_t id, json_t *rec, json_t *old, struct cj_error *err)
{
	json_t *values = json_object_get(rec, "values");
	char *text;
	int rc;

	if (!values)
		return 0;
	text = json_dumps(values, JSON_COMPACT);
	rc =
	    cj_q_exec(ctx, "UPDATE dictionaries SET values_json = ? WHERE tenant_id = ? AND id = ?",
	              err, "tii", text, ctx->tenant_id, id);
	cj_json_free(text);
	return rc;
}

static int
dictionary_load(struct cj_ctx *ctx, json_t *rows, enum cj_detail detail, struct cj_error *err)
{
	static const char *const cols[] = { "values_json", NULL };
	json_t *found, *out, *v;
	size_t i;
	int rc;

	found = cj_q_rows(ctx,
	                  "SELECT id AS k, values_json FROM dictionaries WHERE tenant_id = ?"
	                  " AND id IN (?ids)",
	                  "it", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, "id"));
	if (!found)
		return rc;
	cj_q_join(rows, "id", found, cols);
	json_array_foreach (rows, i, out) {
		v = json_loads(cj_rec_str(out, "values_json") ? cj_rec_str(out, "values_json") : "",
		               0, NULL);
		json_object_del(out, "values_json");
		json_object_set_new(out, "values", v ? v : json_array());
		json_object_set_new(out, "builtin", json_false());
	}
	return 0;
}

int
cj_store_dictionary_id(struct cj_ctx *ctx, const char *name, int64_t *id, struct cj_error *err)
{
	json_t *rows;
	int rc;

	*id = 0;
	rows = cj_q_rows(ctx, "SELECT id FROM dictionaries WHERE tenant_id = ? AND name = ?", "i",
	                 &rc, err, "it", ctx->tenant_id, name);
	if (!rows)
		return rc;
	if (json_array_size(rows))
		*id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	return 0;
}

/* The colleges, without the platform itself. */
static const struct cj_filter tenant_filters[] = {
	{ "@colleges", CJ_FA_TRUE, "kind <> 'platform'", NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* The platform's own hooks; a module's come with its descriptor (core/module.h). */
const struct cj_hooks cj_platform_hooks[] = {
	{ .e = &cj_entity_user, .check = user_check, .save = user_save, .remove = user_remove },
	{ .e = &cj_entity_tenant,
	  .check = tenant_check,
	  .remove = tenant_remove,
	  .created = tenant_created,
	  .filters = tenant_filters },
	{ .e = &cj_entity_dictionary, .save = dictionary_save, .load = dictionary_load },
	{ NULL },
};

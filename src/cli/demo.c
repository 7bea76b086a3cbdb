/*
 * The founding-case demo (demo.json, built into the binary): 嘉兴技师学院 and
 * the meeting of product.md §1, then each module's part (demo-<module>.json:
 * {"sections":[{"entity":"studio","items":[...]}, {"append_actions":{...}}]}).  Every record goes
 * through the same decoder and store operations as the API, in one transaction: the demo is loaded
 * whole or not at all.  "@key" strings are references to records made
 * earlier in the file; "demo" flags invented data.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/util.h"

extern const char *const cj_embed_demo, *const cj_embed_demo_projects, *const cj_embed_demo_talent;
extern const size_t cj_embed_demo_len, cj_embed_demo_projects_len, cj_embed_demo_talent_len;

static const struct {
	const char *section;
	const struct cj_entity *e;
} order[] = {
	{ "departments", &cj_entity_department }, { "staff", &cj_entity_staff },
	{ "enterprises", &cj_entity_enterprise }, { "carriers", &cj_entity_carrier },
	{ "events", &cj_entity_event },           { "users", &cj_entity_user },
};

/* Replace "@key" strings anywhere in v by the ids recorded in keys. */
static int
resolve(json_t *v, json_t *keys, struct cj_error *err)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach (v, k, x) {
			if (json_is_string(x) && json_string_value(x)[0] == '@') {
				json_t *id = json_object_get(keys, json_string_value(x) + 1);

				if (!id)
					return cj_error_setarg(err, CJ_EINVAL, CJ_M_NOT_FOUND, k,
					                       json_string_value(x));
				json_object_set(v, k, id);
			} else if (resolve(x, keys, err) < 0) {
				return -1;
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach (v, i, x)
			if (resolve(x, keys, err) < 0)
				return -1;
	}
	return 0;
}

/* The platform's administrator of the demo: root / chanjiao2023, unless one exists. */
static int
platform_root(struct cj_ctx *ctx, struct cj_error *err)
{
	json_t *in, *rec;
	int64_t id, platform;
	int rc;

	if ((rc = cj_store_tenant_by_code(ctx, "platform", &platform, err)) < 0 ||
	    (rc = cj_ctx_set_tenant(ctx, platform, err)) < 0)
		return rc;
	in = json_pack("{s:s,s:s,s:s,s:s}", "username", "root", "role", "platform_admin",
	               "password", "chanjiao2023", "display_name", "平台管理员");
	cj_ctx_keep(ctx, in);
	if ((rc = cj_record_decode(ctx->arena, &cj_entity_user, in, 1, 0, &rec, err)) < 0)
		return rc;
	rc = cj_store_create(ctx, &cj_entity_user, rec, &id, err);
	if (rc == -CJ_EEXISTS) {
		cj_error_clear(err);
		rc = 0;
	}
	return rc;
}

/* Create one item of e: "@key" references resolved, "key" recorded, "demo" kept. */
static int
create_item(struct cj_ctx *ctx, const struct cj_entity *e, json_t *item, json_t *keys,
            struct cj_error *err)
{
	json_t *copy = json_deep_copy(item), *key, *demo, *rec;
	int64_t id;
	int rc;

	cj_ctx_keep(ctx, copy);
	key = json_incref(json_object_get(copy, "key"));
	demo = json_incref(json_object_get(copy, "demo"));
	json_object_del(copy, "key");
	json_object_del(copy, "demo");
	rc = resolve(copy, keys, err);
	if (rc == 0)
		rc = cj_record_decode(ctx->arena, e, copy, 1, 0, &rec, err);
	if (rc == 0 && demo && cj_entity_field(e, "demo"))
		json_object_set(rec, "demo", demo);
	if (rc == 0)
		rc = cj_store_create(ctx, e, rec, &id, err);
	if (rc == 0 && json_is_string(key))
		json_object_set_new(keys, json_string_value(key), json_integer(id));
	json_decref(key);
	json_decref(demo);
	return rc;
}

/* Add actions to an event made earlier: {"event":"@key","actions":[...]}. */
static int
append_actions(struct cj_ctx *ctx, json_t *spec, json_t *keys, struct cj_error *err)
{
	json_t *copy = json_deep_copy(spec), *ev, *actions, *a, *in, *rec;
	size_t i;
	int rc;

	cj_ctx_keep(ctx, copy);
	if ((rc = resolve(copy, keys, err)) < 0 ||
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

static int
load_module(struct cj_ctx *ctx, const char *text, size_t len, json_t *keys, struct cj_error *err)
{
	json_error_t jerr;
	json_t *doc, *sec, *item;
	size_t i, k;
	int rc = 0;

	if (!len)
		return 0;
	doc = json_loadb(text, len, 0, &jerr);
	if (!doc)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_BAD_JSON, "demo", jerr.text);
	cj_ctx_keep(ctx, doc);
	json_array_foreach (json_object_get(doc, "sections"), i, sec) {
		const char *name = json_string_value(json_object_get(sec, "entity"));
		const struct cj_entity *e = name ? cj_entity_find(name) : NULL;

		if (json_object_get(sec, "generate_cohort")) {
			rc =
			    cj_demo_cohort(ctx, json_object_get(sec, "generate_cohort"), keys, err);
		} else if (json_object_get(sec, "append_actions")) {
			rc = append_actions(ctx, json_object_get(sec, "append_actions"), keys, err);
		} else if (!e) {
			rc = cj_error_setarg(err, CJ_EINTERNAL, CJ_M_NOT_FOUND, "demo",
			                     name ? name : "?");
		} else {
			json_array_foreach (json_object_get(sec, "items"), k, item) {
				if ((rc = create_item(ctx, e, item, keys, err)) < 0) {
					fprintf(stderr, "demo: %s #%zu refused\n", name, k + 1);
					break;
				}
			}
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
load(struct cj_ctx *ctx, json_t *doc, struct cj_error *err)
{
	json_t *keys = json_object(), *tenant, *rec, *item;
	int64_t id;
	size_t i;
	int rc;

	cj_ctx_keep(ctx, keys);
	if ((rc = platform_root(ctx, err)) < 0)
		return rc;
	tenant = json_object_get(doc, "tenant");
	if ((rc = cj_record_decode(ctx->arena, &cj_entity_tenant, tenant, 1, 0, &rec, err)) < 0 ||
	    (rc = cj_store_create(ctx, &cj_entity_tenant, rec, &id, err)) < 0)
		return rc;
	if ((rc = cj_ctx_set_tenant(ctx, id, err)) < 0)
		return rc;
	for (size_t s = 0; s < CJ_ARRAY_SIZE(order); s++) {
		json_array_foreach (json_object_get(doc, order[s].section), i, item) {
			if ((rc = create_item(ctx, order[s].e, item, keys, err)) < 0) {
				fprintf(stderr, "demo: %s #%zu refused\n", order[s].section, i + 1);
				return rc;
			}
		}
	}
	if ((rc = load_module(ctx, cj_embed_demo_projects, cj_embed_demo_projects_len, keys, err)) <
	    0)
		return rc;
	if ((rc = load_module(ctx, cj_embed_demo_talent, cj_embed_demo_talent_len, keys, err)) < 0)
		return rc;
	return 0;
}

int
cj_demo_load(struct cj_store *st, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	json_error_t jerr;
	struct cj_ctx ctx;
	json_t *doc;
	int rc;

	doc = json_loadb(cj_embed_demo, cj_embed_demo_len, 0, &jerr);
	if (!doc) {
		cj_arena_free(a);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_BAD_JSON, "demo", jerr.text);
	}
	rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err);
	if (rc == 0) {
		ctx.username = "demo";
		rc = load(&ctx, doc, err);
		if (cj_ctx_end(&ctx, rc == 0, err) < 0)
			rc = -1;
	}
	json_decref(doc);
	cj_arena_free(a);
	return rc;
}

int
cmd_demo(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL }, { "key-file", 0, NULL } };
	struct cj_error err = { 0 };
	struct cj_store *st;
	const char *db;
	int rc;

	if (cj_cli_parse("demo", argc, argv, opts, 2) < 0 || !(db = cj_cli_db("demo", opts, 2)))
		return CJ_EXIT_USAGE;
	if (cj_cli_open(db, cj_cli_get(opts, 2, "key-file"), &st) < 0)
		return CJ_EXIT_FAIL;
	rc = cj_demo_load(st, &err);
	cj_store_free(st);
	if (rc < 0) {
		cj_cli_error("demo", &err);
		return CJ_EXIT_FAIL;
	}
	printf("demo: loaded 嘉兴技师学院 (jxjsxy) into %s\n"
	       "demo: log in with college jxjsxy, user admin, password chanjiao2023\n",
	       db);
	return CJ_EXIT_OK;
}

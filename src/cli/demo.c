/*
 * The founding-case demo: 嘉兴技师学院 and the meeting of product.md §1, one
 * part per module (see demo.h).  Every record goes through the same decoder
 * and store operations as the API, in one transaction: the demo is loaded
 * whole or not at all.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "core/module.h"
#include "lib/util.h"

/* Replace "@key" strings anywhere in v by the ids recorded in keys. */
int
cj_demo_resolve(json_t *v, json_t *keys, struct cj_error *err)
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
			} else if (cj_demo_resolve(x, keys, err) < 0) {
				return -1;
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach (v, i, x)
			if (cj_demo_resolve(x, keys, err) < 0)
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
int
cj_demo_create(struct cj_ctx *ctx, const struct cj_entity *e, json_t *item, json_t *keys,
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
	rc = cj_demo_resolve(copy, keys, err);
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

int64_t
cj_demo_key(json_t *keys, const char *key)
{
	return json_integer_value(json_object_get(keys, key));
}

/* The section's handler among the modules' demo sections, or NULL. */
static const struct cj_demo_section *
section_fn(json_t *sec, json_t **spec)
{
	for (const struct cj_module *const *m = cj_modules; *m; m++)
		for (const struct cj_demo_section *d = (*m)->demo_sections; d && d->name; d++)
			if ((*spec = json_object_get(sec, d->name)))
				return d;
	return NULL;
}

/* One module's part: its college when it brings one, then its sections in order. */
static int
load_part(struct cj_ctx *ctx, const struct cj_demo_part *part, json_t *keys, struct cj_error *err)
{
	const struct cj_demo_section *d;
	json_error_t jerr;
	json_t *doc, *sec, *item, *spec, *tenant, *rec;
	int64_t id;
	size_t i, k;
	int rc = 0;

	doc = json_loadb(part->text, part->len, 0, &jerr);
	if (!doc)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_BAD_JSON, part->module, jerr.text);
	cj_ctx_keep(ctx, doc);
	if ((tenant = json_object_get(doc, "tenant"))) {
		if ((rc = cj_record_decode(ctx->arena, &cj_entity_tenant, tenant, 1, 0, &rec,
		                           err)) < 0 ||
		    (rc = cj_store_create(ctx, &cj_entity_tenant, rec, &id, err)) < 0 ||
		    (rc = cj_ctx_set_tenant(ctx, id, err)) < 0)
			return rc;
	}
	json_array_foreach (json_object_get(doc, "sections"), i, sec) {
		const char *name = json_string_value(json_object_get(sec, "entity"));
		const struct cj_entity *e = name ? cj_entity_find(name) : NULL;

		if ((d = section_fn(sec, &spec))) {
			rc = d->fn(ctx, spec, keys, err);
		} else if (!e) {
			rc = cj_error_setarg(err, CJ_EINTERNAL, CJ_M_NOT_FOUND, part->module,
			                     name ? name : "?");
		} else {
			json_array_foreach (json_object_get(sec, "items"), k, item) {
				if ((rc = cj_demo_create(ctx, e, item, keys, err)) < 0) {
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
load(struct cj_ctx *ctx, struct cj_error *err)
{
	json_t *keys = json_object();
	int rc;

	cj_ctx_keep(ctx, keys);
	if ((rc = platform_root(ctx, err)) < 0)
		return rc;
	for (const struct cj_demo_part *p = cj_demo_parts; p->module; p++)
		if ((rc = load_part(ctx, p, keys, err)) < 0)
			return rc;
	return 0;
}

int
cj_demo_load(struct cj_store *st, struct cj_error *err)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_ctx ctx;
	int rc;

	rc = cj_ctx_begin(st, a, CJ_TX_WRITE, &ctx, err);
	if (rc == 0) {
		ctx.username = "demo";
		rc = load(&ctx, err);
		if (cj_ctx_end(&ctx, rc == 0, err) < 0)
			rc = -1;
	}
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

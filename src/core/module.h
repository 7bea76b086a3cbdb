/*
 * A module of the domain as one descriptor: what it adds to each layer's
 * registry.  The layers walk cj_modules (in the order of src/modules.h) and
 * never name a module; a module reaches another only through its public
 * header (the registry's, which every other module builds on).
 *
 * Static data only.  The pointed-to types belong to their layers
 * (core/entity.h, core/dict.h, store/hooks.h, api/routes.h,
 * api/openapi.h); here they are opaque.
 */
#ifndef CJ_MODULE_H
#define CJ_MODULE_H

#include <stddef.h>

struct cj_entity;
struct cj_dict;
struct cj_hooks;
struct cj_route;
struct cj_demo_section;
struct cj_docs;

/* A tenant table, in an order that satisfies the foreign keys, for chanjiao move. */
struct cj_move_table {
	const char *table;
	const char *key;  /* its ORDER BY: the primary key without tenant_id */
	const char *blob; /* a column of raw bytes, copied and summed as bytes, or NULL */
};

/*
 * Each table ends with a sentinel (a NULL entity pointer, a dictionary,
 * hooks, route, table or demo section whose first member is NULL), so that
 * a module's tables can live in their own files.
 */
struct cj_module {
	const char *name;
	const struct cj_entity *const *entities;
	const struct cj_dict *dicts;
	const struct cj_hooks *hooks;
	const struct cj_route *routes;
	const struct cj_move_table *tables;
	/* Demo sections that generate records instead of listing them (cli/demo.c). */
	const struct cj_demo_section *demo_sections;
	/* What the OpenAPI document cannot read from the other tables (api/openapi.h), or NULL. */
	const struct cj_docs *docs;
};

/* Every module, in the order of src/modules.h; NULL-terminated. */
extern const struct cj_module *const cj_modules[];

#endif

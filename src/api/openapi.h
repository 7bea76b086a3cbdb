/*
 * The OpenAPI 3.1 document of the JSON API, generated from the tables the
 * server runs on: the entity descriptors (fields, types, flags, limits,
 * dictionaries), the route and resource tables (roles, the generic list,
 * get, create, update, delete and personal-information routes), the store's
 * named list filters and the data dictionaries.  What those tables cannot
 * say comes from each module's docs (struct cj_docs, hung on its
 * descriptor in core/module.h) and the platform's own (api/docs.c): a
 * summary of every route that is not a generic one with its request and
 * answer, and for each entity its Chinese and English names, its child
 * lists' elements and the values the store adds to an answer.
 *
 * Schemas in the docs are JSON texts in which a single quote stands for a
 * double quote (so that they read in C), parsed when the document is built.
 * They may refer to "#/components/schemas/<Name>": the entities' schemas
 * (<Entity>, <Entity>Create, <Entity>Update, <Entity>List), the
 * dictionaries' (dict.<name>), Error, and the docs' own named schemas.
 *
 * The generator names no module; it aborts (CJ_BUG) on docs that do not
 * parse, which cj_openapi_lint finds first.  The document is the same for
 * every caller and every run (stable key order), so that docs/openapi.json
 * can be compared with it.
 */
#ifndef CJ_OPENAPI_H
#define CJ_OPENAPI_H

#include <jansson.h>
#include <stdio.h>

struct cj_route;

/* A route whose handler is not one of the generic ones, described. */
struct cj_route_doc {
	const char *method;
	const char *pattern;     /* as in the route table: "/api/v1/placements/:id/confirm" */
	const char *zh, *en;     /* the summary */
	const char *text;        /* a description (English), or NULL */
	const char *query;       /* {name: schema} of its query parameters, or NULL for none */
	const char *body;        /* the request body's schema, or NULL for none */
	const char *body_type;   /* the body's media type; NULL: application/json */
	int status;              /* the success status */
	const char *answer;      /* the success answer's schema, or NULL for none (204) */
	const char *answer_type; /* the answer's media type; NULL: application/json */
};

/* What an entity's descriptor cannot say. */
struct cj_entity_doc {
	const char *entity;  /* the entity's name ("carrier") */
	const char *zh, *en; /* what one record is called */
	const char *fields;  /* {field: description}, or NULL */
	const char *items;   /* {child-list field: schema of one element as sent}, or NULL */
	/*
	 * {name: schema} of the values the store adds to an answer (a linked
	 * record's name, derived figures), or NULL; a field's name here
	 * replaces that field's answer schema (a child list as answered).
	 */
	const char *extra;
	const char *filters; /* {named list filter: description}, or NULL */
};

/* A named schema for components/schemas. */
struct cj_schema_doc {
	const char *name;
	const char *schema;
};

/* A module's (or the platform's) docs; each table ends with a NULL first member. */
struct cj_docs {
	const char *zh, *en; /* the module's name, its routes' tag */
	const char *text;    /* the module's description (the platform's: the document's) */
	const struct cj_entity_doc *entities;
	const struct cj_route_doc *routes;
	const struct cj_schema_doc *schemas;
};

extern const struct cj_docs cj_platform_docs;

/* The document, as a new JSON object (the caller owns it). */
json_t *cj_openapi_build(void);
/*
 * The document as pretty-printed UTF-8 text ending in a newline, built at
 * the first call and kept for the life of the process; thread-safe.
 */
const char *cj_openapi_text(size_t *len);
/*
 * Whether a route has a generic shape (a list, get, create, update, delete
 * or personal-information view over a resource) or a doc entry, and
 * whether every doc entry, entity doc, field and schema text is sound.
 * Writes one line per problem to out (may be NULL); returns the number of
 * problems.
 */
int cj_openapi_lint(FILE *out);

#endif

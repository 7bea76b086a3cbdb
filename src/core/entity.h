/*
 * Entity descriptors: what each kind of record holds, as data.
 *
 * A descriptor lists a record's fields with their type, flags, dictionary
 * or referenced table, limits and normaliser.  The JSON decoder (api/), the
 * SQL of the generic store operations (store/) and the OpenAPI schema read
 * the same table, so a field is declared once.  Rules that span fields
 * (a carrier's status moves, date order) are functions here too.
 *
 * Static data and pure functions only.
 */
#ifndef CJ_ENTITY_H
#define CJ_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum cj_ftype {
	CJ_T_TEXT = 1,
	CJ_T_INT,
	CJ_T_BOOL,
	CJ_T_DATE,
	CJ_T_ENUM, /* arg: dictionary name */
	CJ_T_REF,  /* arg: referenced table, in the same tenant */
	CJ_T_LIST, /* a child list, stored by the entity's own store code */
};

enum cj_fflag {
	CJ_F_REQ = 1 << 0, /* required on create */
	CJ_F_RO = 1 << 1,  /* set by the server; refused on input */
	CJ_F_WO = 1 << 2,  /* accepted on input, never output (password) */
	CJ_F_PII =
	    1 << 3, /* personal information: sealed, output masked; arg "idcard" or a phone */
	CJ_F_FILTER = 1 << 4,   /* list filter, exact match */
	CJ_F_PREFIX = 1 << 5,   /* list filter, prefix match */
	CJ_F_SORT = 1 << 6,     /* list sort key */
	CJ_F_UNIQUE = 1 << 7,   /* unique in the tenant: a duplicate is 409 naming the field */
	CJ_F_FIXED = 1 << 8,    /* cannot change after create */
	CJ_F_NOCOL = 1 << 9,    /* not a column of the table */
	CJ_F_NAME = 1 << 10,    /* the field that q searches and "name" sorts */
	CJ_F_DEFAULT = 1 << 11, /* has a default (def) when absent on create */
	CJ_F_HIDDEN = 1 << 12,  /* a column never output (password_hash) */
	/*
	 * Searched by q besides the name (a student number); on a child list,
	 * the "name" and "*_name" texts of its elements (a carrier's partners).
	 * Never on personal information: that is found only by its keyed hash.
	 */
	CJ_F_SEARCH = 1 << 13,
};

typedef int (*cj_normalize_fn)(const char *in, char *out, size_t outlen, const char *field,
                               struct cj_error *err);

struct cj_arena;
struct json_t;
/*
 * A child list's decoder: turns the JSON array of a request (already known
 * to be an array of at most the field's max elements) into the validated,
 * normalised array the store writes, in the arena; errors name the field.
 */
typedef int (*cj_list_fn)(struct cj_arena *a, struct json_t *in, struct json_t **out,
                          struct cj_error *err);

struct cj_field {
	const char *name; /* JSON name and column name */
	enum cj_ftype type;
	unsigned flags;
	const char *arg;  /* dictionary, referenced table */
	int64_t min, max; /* INT range; TEXT max length in characters; LIST max elements */
	cj_normalize_fn norm;
	const char *def;   /* default on create, for CJ_F_DEFAULT */
	cj_list_fn decode; /* LIST: its decoder */
};

enum cj_eflag {
	CJ_EF_GLOBAL = 1 << 0, /* no tenant_id: the platform's own table */
};

struct cj_entity {
	const char *name;  /* "enterprise": audit entity, messages */
	const char *table; /* "enterprises": the table and the URL collection */
	const struct cj_field *fields;
	size_t nfields;
	unsigned flags;
	const char *target_type; /* what an event action calls it ("carrier"), or NULL */
	const char *actions;     /* the event actions that may name it, space-separated */
};

/* Every entity: the platform's (tenant, user, dictionary), then each module's. */
size_t cj_entity_count(void);
const struct cj_entity *cj_entity_at(size_t i);
const struct cj_entity *cj_entity_find(const char *name);
/* The entity an event action's target_type names, or NULL. */
const struct cj_entity *cj_entity_by_target(const char *target_type);

/* The platform's own entities; a module's are declared in its public header. */
extern const struct cj_entity cj_entity_tenant, cj_entity_user, cj_entity_dictionary;

const struct cj_field *cj_entity_field(const struct cj_entity *e, const char *name);
const struct cj_field *cj_entity_name_field(const struct cj_entity *e);

/* Whether an event action (plaque_awarded, ...) may name a target of this type. */
int cj_action_allows(const char *action, const char *target_type);

#endif

/*
 * The route table and the resource table, and the handlers they name.
 * Internal to api/.
 */
#ifndef CJ_ROUTES_H
#define CJ_ROUTES_H

#include "api/api.h"

enum cj_route_flag {
	CJ_R_PUBLIC = 1 << 0, /* no session needed */
	CJ_R_BODY = 1 << 1,   /* takes a JSON object body */
	CJ_R_NOCSRF = 1 << 2, /* a write that needs no CSRF token (login) */
	CJ_R_WRITE = 1 << 3,  /* a GET that writes (an audited view) */
	CJ_R_UPLOAD = 1 << 4, /* takes a multipart upload of up to CJ_MAX_UPLOAD bytes */
	/* The handler begins and ends its own transactions (a login: none around argon2). */
	CJ_R_OWNTX = 1 << 5,
	/* Open to a user who must change the password first (the session and its change). */
	CJ_R_PWCHANGE = 1 << 6,
	/* slow by design (a password hash): run off the server's polling threads */
	CJ_R_SLOW = 1 << 8,
	/* builds and drops many values (an import, an export of every row): jansson's memory from
	 * the heap, not the request's arena, which would hold every row's values to the end */
	CJ_R_BULK = 1 << 9,
	/*
	 * Open to the users of a bureau (a tenant of kind "bureau"): they see
	 * figures, never records, so every route without it answers them 404.
	 */
	CJ_R_BUREAU = 1 << 7,
	/*
	 * A read whose answer depends only on the college's records, the caller
	 * and the request: kept while the records stand (api/kept.h).
	 */
	CJ_R_KEEP = 1 << 10,
};

struct cj_resource;

struct cj_route {
	const char *method;
	const char *pattern;
	int (*handler)(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
	unsigned flags;
	unsigned roles; /* who may call it; 0 with CJ_R_PUBLIC */
	const struct cj_resource *res;
};

struct cj_list_query;

struct cj_resource {
	const char *path; /* "enterprises" */
	const struct cj_entity *e;
	unsigned read_roles, write_roles;
	/*
	 * Restrict what the caller may see (an enterprise contact): list filters
	 * (the store's "@" scopes) and a check of one record (0 visible, <0 "not
	 * found").  A list's other parameters are the store's filters of e.
	 */
	void (*scope_list)(struct cj_req *rq, struct cj_list_query *q);
	int (*scope_get)(struct cj_req *rq, json_t *rec);
	/*
	 * Whether the caller may write this record (old NULL on create, rec NULL
	 * on delete): 1 yes, 0 no (403; a check may set a more specific error in
	 * rq->err), <0 with rq->err set when the check met an error (a record that
	 * is not found).  A check that cannot decide must not answer 1.
	 */
	int (*may_write)(struct cj_req *rq, json_t *rec, json_t *old);
};

/* The platform's own routes (routes.c); a module's come with its descriptor (core/module.h). */
extern const struct cj_route cj_platform_routes[];

/*
 * Match "/api/v1/carriers/12" against "/api/v1/carriers/:id": 1 when it
 * matches, with the :parameters copied into the arena and params (both may
 * be NULL when they are not wanted).
 */
int cj_route_match(const char *pattern, const char *path, const char **params, struct cj_arena *a);
/* The i-th route: the platform's, then each module's; NULL past the last. */
const struct cj_route *cj_route_at(size_t i);
/* The route of method and path, or NULL. */
const struct cj_route *cj_route_find(const char *method, const char *path);

/*
 * The routes the role may call, as "METHOD /api/v1/pattern" strings (a new
 * array, the caller owns it): what the session answer calls permissions.
 * A route's own checks (a staff user's department) still decide each record.
 */
json_t *cj_routes_permitted(const char *role);
/* The same for a user of a bureau (bureau set): only the routes flagged CJ_R_BUREAU. */
json_t *cj_routes_permitted_to(const char *role, int bureau);

/*
 * The five routes of a collection (list, create, get, update, delete) over a
 * resource table; CJ_CRUD's reads are kept (CJ_R_KEEP), CJ_CRUD_LIVE's are
 * not: their answers show what changes outside the college's audit chain
 * (a user's last login, every college of the platform).
 */
/*
 * GCC folds a member of the const resource into a static initializer; clang
 * cannot.  The fuzz build (clang, tests/fuzz), which checks no roles, leaves
 * them 0.
 */
#ifdef CJ_FUZZ_BUILD
#define CJ_CRUD_AS(path, res, keep)                                                                \
	{ "GET", "/api/v1/" path, h_list, keep, 0, &(res) },                                       \
	    { "POST", "/api/v1/" path, h_create, CJ_R_BODY, 0, &(res) },                           \
	    { "GET", "/api/v1/" path "/:id", h_get, keep, 0, &(res) },                             \
	    { "PATCH", "/api/v1/" path "/:id", h_update, CJ_R_BODY, 0, &(res) },                   \
	{                                                                                          \
		"DELETE", "/api/v1/" path "/:id", h_delete, 0, 0, &(res)                           \
	}
#else
#define CJ_CRUD_AS(path, res, keep)                                                                \
	{ "GET", "/api/v1/" path, h_list, keep, (res).read_roles, &(res) },                        \
	    { "POST", "/api/v1/" path, h_create, CJ_R_BODY, (res).write_roles, &(res) },           \
	    { "GET", "/api/v1/" path "/:id", h_get, keep, (res).read_roles, &(res) },              \
	    { "PATCH", "/api/v1/" path "/:id", h_update, CJ_R_BODY, (res).write_roles, &(res) },   \
	{                                                                                          \
		"DELETE", "/api/v1/" path "/:id", h_delete, 0, (res).write_roles, &(res)           \
	}
#endif
#define CJ_CRUD(path, res)      CJ_CRUD_AS(path, res, CJ_R_KEEP)
#define CJ_CRUD_LIVE(path, res) CJ_CRUD_AS(path, res, 0)

int h_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_update(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_pii(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);

int h_health(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_openapi(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_session_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_session_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_session_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_session_password(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_login_log(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_dict_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_dict_get(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_dict_create(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_dict_update(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_dict_delete(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);
int h_audit_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);

/* Shared by handlers. */
int cj_req_role_is(struct cj_req *rq, const char *role);
/*
 * The write rule of staff (product.md §2): a staff user writes only records whose
 * field names their own department, and cannot move one to another department;
 * every other role passes (its route roles decide).  rec is NULL on delete, old on create.
 */
int cj_staff_owns(struct cj_req *rq, json_t *rec, json_t *old, const char *field);
/* cj_staff_owns on "department_id", as a resource's may_write. */
int cj_may_write_department(struct cj_req *rq, json_t *rec, json_t *old);

/*
 * An enterprise contact sees only its own enterprise's records: the "@enterprise"
 * scope of a list (a resource's scope_list), and a record's check (its
 * scope_get) on the record's own id (an enterprise) or its enterprise_id.
 */
void cj_scope_list_enterprise(struct cj_req *rq, struct cj_list_query *q);
int cj_scope_get_enterprise(struct cj_req *rq, json_t *rec);
int cj_scope_get_enterprise_id(struct cj_req *rq, json_t *rec);

/* Who reads and writes the records of a college, in most resources. */
#define CJ_ROLES_READ  (CJ_ROLE_ADMIN | CJ_ROLE_STAFF | CJ_ROLE_BUREAU)
#define CJ_ROLES_WRITE (CJ_ROLE_ADMIN | CJ_ROLE_STAFF)
int cj_path_id_or_reply(struct cj_req *rq, struct cj_resp *rs, int64_t *id);
int cj_page_args(struct cj_req *rq, int64_t *page, int64_t *size);
/* The version an update carries: If-Match, else the body's "version"; <0 and err when none. */
int cj_req_version(struct cj_req *rq, int64_t *version);
json_t *cj_list_body(json_t *items, int64_t total, int64_t page, int64_t size);
/*
 * A list's query from the request's arguments, as GET /api/v1/{list} reads
 * them (page, size, sort, q and the entity's filters; names in skip, a
 * NULL-terminated list or NULL, are left to the caller), with the
 * resource's scope.  <0 with rq->err naming a bad parameter.
 */
int cj_list_query_args(struct cj_req *rq, const struct cj_resource *res, const char *const *skip,
                       struct cj_list_query *q);
/* Run a list query of e and answer its page ({items, total, page, size}) or its error. */
int cj_reply_list(struct cj_req *rq, struct cj_resp *rs, const struct cj_entity *e,
                  const struct cj_list_query *q);

#endif

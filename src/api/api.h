/*
 * The JSON API: requests in, domain calls, JSON out.
 *
 * The HTTP layer (http/) fills a struct cj_req from the wire and hands it
 * to cj_api_handle, which routes it, authenticates it, runs the handler in
 * one transaction (committed only when the answer is a success) and leaves
 * the answer in a struct cj_resp.  Nothing here includes microhttpd.h; the
 * command line uses the same decoders to load the demo.
 *
 * Memory: everything hangs off rq->arena, released by the HTTP layer when
 * the request completes.  Handlers call no free().
 */
#ifndef CJ_API_H
#define CJ_API_H

#include <jansson.h>
#include <stdint.h>

#include "core/error.h"
#include "lib/arena.h"
#include "store/store.h"
#include "store/walsync.h"

#define CJ_MAX_BODY        (1024 * 1024)               /* a JSON body */
#define CJ_MAX_UPLOAD      (20 * 1024 * 1024)          /* one uploaded file */
#define CJ_MAX_UPLOAD_BODY (CJ_MAX_UPLOAD + 64 * 1024) /* the file and its multipart framing */
#define CJ_MAX_ARGS        32
#define CJ_MAX_HEADERS     8

struct cj_app {
	struct cj_store *store;
	int64_t session_ttl;  /* seconds of idleness before a session dies */
	int64_t session_max;  /* seconds after the login a session dies, whatever its use */
	const char *web_root; /* the built web app, or NULL */
	struct cj_kept *kept; /* answers kept while the records stand (api/kept.h), or NULL */
};

struct cj_kv {
	const char *key;
	const char *value;
};

struct cj_req {
	struct cj_app *app;
	struct cj_arena *arena;
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	struct cj_kv args[CJ_MAX_ARGS]; /* the query string, decoded */
	int nargs;
	int args_overflow;
	/* The client's address as text ("127.0.0.1", "::1"): the socket peer. */
	const char *client_addr;
	int secure; /* reached over TLS (--secure-cookies, a trusted proxy's X-Forwarded-Proto) */
	/* Request headers, through the HTTP layer. */
	const char *(*header)(void *hctx, const char *name);
	void *hctx;

	/* Filled by the dispatcher. */
	const char *params[4]; /* ":id" path segments, in order */
	int english;
	struct cj_principal who;
	const char *token;
	/* the token's check that stands, found before the share was asked (or NULL) */
	const struct cj_checked *stood;
	struct cj_ctx ctx;
	json_t *json; /* the parsed body, when the route takes one */
	int force_commit;
	struct cj_error err;
	/* Group commit: the commit the answer rests on, durable before it goes (or NULL). */
	struct cj_walsync *durable;
	uint64_t durable_seq;
	int durable_noted;
};

struct cj_resp {
	int status;
	const char *content_type;
	char *body; /* arena memory */
	size_t len;
	struct cj_kv headers[CJ_MAX_HEADERS];
	int nheaders;
	int is_file; /* body is a path to send, for static files */
};

/* Route a request and produce its answer; never fails. */
void cj_api_handle(struct cj_req *rq, struct cj_resp *rs);

/*
 * A read the kept table may answer, its session check shared with other
 * requests' in one round trip (api/share.h; sh NULL: none): 1 when taken
 * (hold(arg) called first, then done(arg, answered) from another thread:
 * answered 1, rs is the answer; 0, run cj_api_handle), 0 when not (nothing
 * called, run cj_api_handle).
 */
struct cj_share;
int cj_api_handle_shared(struct cj_share *sh, struct cj_req *rq, struct cj_resp *rs,
                         void (*hold)(void *arg), void (*done)(void *arg, int answered), void *arg);

/*
 * After cj_api_handle, with group commit (store/walsync.h): what the answer
 * rests on (what the request wrote, what it read) must be durable before it
 * goes.  cj_api_durable_now: nothing to wait for.  cj_api_durable_later: 1 to
 * send the answer now; 0 when cb(arg, durable) will say, from the syncing
 * thread (w is the caller's until then); -1 when it cannot be (then
 * cj_api_not_durable).  cj_api_durable_wait blocks instead, and replaces
 * the answer itself.  cj_api_not_durable replaces the answer with a 500
 * that says the write is not known to be on the disk.
 */
int cj_api_durable_now(struct cj_req *rq);
int cj_api_durable_later(struct cj_req *rq, struct cj_walsync_waiter *w,
                         void (*cb)(void *arg, int durable), void *arg);
void cj_api_durable_wait(struct cj_req *rq, struct cj_resp *rs);
void cj_api_not_durable(struct cj_req *rq, struct cj_resp *rs);

/* Replies, for handlers: each returns 0 so a handler can "return cj_reply_...". */
int cj_reply_json(struct cj_req *rq, struct cj_resp *rs, int status, json_t *body);
/* An answer already written as JSON text (len bytes in rq's arena). */
int cj_reply_text(struct cj_resp *rs, int status, char *json, size_t len);
int cj_reply_error(struct cj_req *rq, struct cj_resp *rs, const struct cj_error *err);
int cj_reply_empty(struct cj_resp *rs, int status);
void cj_resp_header(struct cj_req *rq, struct cj_resp *rs, const char *k, const char *v);

const char *cj_req_header(struct cj_req *rq, const char *name);
const char *cj_req_arg(struct cj_req *rq, const char *key);
/* Only the named query parameters: 0, or <0 with rq->err naming the first other one. */
int cj_req_only_args(struct cj_req *rq, const char *const *allowed);
/* ?year= (2000..2100; 400 bad_query naming "year" otherwise), this year in China when absent. */
int cj_req_year(struct cj_req *rq, int64_t *year);

/*
 * Decode a JSON object into a record of entity e: unknown, read-only and
 * (on update) fixed fields are refused, types checked, values normalised,
 * dictionary values and dates validated, defaults added on create.  The
 * result is a new object owned by arena.  "version" is skipped when
 * allow_version is set.  Errors name the field.
 */
int cj_record_decode(struct cj_arena *arena, const struct cj_entity *e, json_t *in, int create,
                     int allow_version, json_t **out, struct cj_error *err);
/*
 * Decode in as a new record of e and create it (the API's create, for the
 * command line): in is handed to ctx's arena; *id (id may be NULL) its id.
 * demo: flag it a demo record, where e has the (read-only) "demo" field.
 */
int cj_record_create(struct cj_ctx *ctx, const struct cj_entity *e, int demo, json_t *in,
                     int64_t *id, struct cj_error *err);
/*
 * Pieces of the decoder for a module's child-list decoders (cj_list_fn):
 * keep hands v to the arena and returns it; bad_type fills err (wrong type
 * for field) and returns its code; text copies a trimmed string of at most
 * max characters (f, may be NULL, says whether it is required); enum checks a
 * string against a dictionary.  All name field in their errors.
 */
json_t *cj_decode_keep(struct cj_arena *a, json_t *v);
int cj_decode_bad_type(struct cj_error *err, const char *field);
int cj_decode_text(struct cj_arena *a, const struct cj_field *f, const char *field, json_t *v,
                   int64_t max, const char **out, struct cj_error *err);
int cj_decode_enum(const char *dict, const char *field, json_t *v, struct cj_error *err);
/* A custom dictionary's values: [{value, label_zh, label_en, color}]. */
int cj_list_dict_values(struct cj_arena *a, json_t *in, json_t **out, struct cj_error *err);
/* 0 when every key of the object o is one of keys (NULL-terminated), else -1. */
int cj_json_only_keys(json_t *o, const char *const *keys);
/* Parse a request body: an object, strict UTF-8, no duplicate keys. */
int cj_body_parse(struct cj_arena *arena, const char *body, size_t len, json_t **out,
                  struct cj_error *err);

/* Role bits for route and resource tables. */
enum cj_role_bit {
	CJ_ROLE_PLATFORM = 1 << 0,
	CJ_ROLE_ADMIN = 1 << 1,
	CJ_ROLE_STAFF = 1 << 2,
	CJ_ROLE_ENTERPRISE = 1 << 3,
	CJ_ROLE_BUREAU = 1 << 4,
};
#define CJ_ROLES_COLLEGE (CJ_ROLE_ADMIN | CJ_ROLE_STAFF | CJ_ROLE_ENTERPRISE | CJ_ROLE_BUREAU)
unsigned cj_role_bit(const char *role);

#endif

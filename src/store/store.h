/*
 * The store: domain operations over the database driver.
 *
 * A struct cj_ctx is one unit of work: a connection inside a transaction,
 * for one tenant and one actor (who is written into the audit log).  The
 * caller begins and ends the transaction; the store never commits.
 *
 * Records are jansson objects shaped by the entity descriptors of
 * core/entity.h: the generic operations below read and write any entity;
 * the per-entity hooks (store/hooks-*.c) add what one entity needs beyond
 * its columns (a carrier's partners, an event's actions, a user's
 * password).  Every write leaves an audit row with before and after images.
 * Personal information is sealed on write and comes back masked; only
 * cj_store_pii returns it in full, and that view is audited.
 *
 * JSON values returned through an out-parameter belong to ctx->arena (they
 * are released with it); the caller does not decref them.  Errors:
 * CJ_ENOTFOUND (also for another tenant's record), CJ_EEXISTS (a unique
 * field, named), CJ_EVERSION, CJ_ETRANSITION, CJ_EINUSE, CJ_EINVAL, CJ_EBUSY.
 */
#ifndef CJ_STORE_H
#define CJ_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "core/entity.h"
#include "lib/arena.h"
#include "lib/secret.h"
#include "lib/util.h"
#include "store/db.h"

struct cj_session_hints;

struct cj_store {
	struct cj_db *db;
	struct cj_session_hints *hints; /* accounts.c: the principal each token last named */
	struct cj_keys keys;
	int audit_chain_new; /* migration 0007 was applied by this open: every college gets its head
	                      */
};

struct cj_ctx {
	struct cj_store *st;
	struct cj_conn *conn;
	struct cj_arena *arena;
	int64_t tenant_id;
	int64_t user_id;      /* 0 for the command line */
	const char *username; /* "" for the command line */
	int in_tx;
	/*
	 * Creates are not audited one by one: the caller writes one audit row
	 * for the whole batch (an import, which names the ids it created), in
	 * the same transaction: the dashboard's kept answers take the audit
	 * chain's length as the college's state, so every write must move it.
	 * Updates and deletes are audited as always.
	 */
	int batch_creates;
	/*
	 * Set with batch_creates by a caller whose records are valid by
	 * construction (chanjiao gen's, already in cj_record_decode's form):
	 * cj_store_create runs neither the entity's check hook nor the unique
	 * and reference checks.  The database's own constraints still hold.
	 */
	int batch_trusted;
	/*
	 * Statements an entity's send_detail sent ahead of its detail's row
	 * (store/hooks.h), in the hook's own order, for its load to take
	 * (setting each slot NULL); cj_store_get frees what is left.
	 */
	struct cj_stmt *ahead[4];
};

/*
 * Open the database, apply migrations, then load the key file and check it
 * against the database (store/sealing.c): a missing key file is created
 * only when the database holds no sealed value; one that is missing, or
 * does not open the database's values, is an error naming the file.  Old-
 * format sealed values are then re-sealed to their place, once.
 */
int cj_store_open(const char *uri, const char *keyfile, struct cj_store **out,
                  struct cj_error *err);
/* The key part of cj_store_open, on a store whose database is open. */
int cj_store_keys_open(struct cj_store *st, const char *keyfile, struct cj_error *err);
/*
 * A new key for the database uri: create keyfile (never over an existing
 * file) and record it as the database's key.  *unreadable counts the
 * sealed values it does not open (sealed with a lost key).
 */
int cj_store_key_init(const char *uri, const char *keyfile, int64_t *unreadable,
                      struct cj_error *err);
void cj_store_free(struct cj_store *st);
int cj_store_migrate(struct cj_store *st, int *applied, struct cj_error *err);

/*
 * Take a connection and begin a transaction (mode 0: none, each statement
 * commits by itself); end it with cj_ctx_end.
 */
int cj_ctx_begin(struct cj_store *st, struct cj_arena *arena, enum cj_tx_mode mode,
                 struct cj_ctx *ctx, struct cj_error *err);
/* Commit when commit is set and nothing failed, else roll back; release. */
int cj_ctx_end(struct cj_ctx *ctx, int commit, struct cj_error *err);
/* Begin and end a transaction on a context that holds a connection but none. */
int cj_ctx_tx(struct cj_ctx *ctx, enum cj_tx_mode mode, struct cj_error *err);
int cj_ctx_finish(struct cj_ctx *ctx, int commit, struct cj_error *err);
/* Work for tenant_id from now on: the queries' filter and, on PostgreSQL, row-level security. */
int cj_ctx_set_tenant(struct cj_ctx *ctx, int64_t tenant_id, struct cj_error *err);

/*
 * Start a batch of creates in ctx's write transaction (an import, a
 * generated college): batch_creates is set (the caller owes the batch's
 * audit row) and the driver sizes itself for many rows until the
 * transaction ends.  The caller clears batch_creates after the batch.
 */
void cj_ctx_batch(struct cj_ctx *ctx);

/* Hand a JSON value to ctx->arena: it is released with the arena. */
void cj_ctx_keep(struct cj_ctx *ctx, json_t *v);

enum cj_detail {
	CJ_LIST_ROW = 0, /* what a list shows */
	CJ_DETAIL = 1,   /* a record page: related lists too */
};

/*
 * A list query.  Conditions are asked for by name and value, as the query
 * string gives them ("industry_code", "C34"; "overdue", "true"); the store
 * turns each into SQL: a filter field of the entity's descriptor (exact, or
 * a prefix for CJ_F_PREFIX), or one of the named filters of its hooks
 * (store/hooks.h).  A name it does not know, or a value that does not fit,
 * is CJ_EINVAL naming the parameter.  Names that start with "@" are scopes
 * set by the server (an enterprise contact's own enterprise), never by a
 * query string.
 */
struct cj_list_filter {
	const char *name;
	const char *value;
};

struct cj_list_query {
	int64_t page, size;
	/* A column name from the descriptor, or "id", ...; NULL: by id, or with q by relevance. */
	const char *sort_col;
	int desc;
	const char *q;
	struct cj_list_filter filters[24];
	int nfilters;
};

/* Add a filter (name and value are not copied: they must outlive the query). */
void cj_list_filter(struct cj_list_query *q, const char *name, const char *value);
/* Add a filter on an integer value, written into the arena. */
void cj_list_filter_int(struct cj_list_query *q, struct cj_arena *a, const char *name, int64_t v);
/* Whether the entity knows a filter of this name (a descriptor field or a named filter). */
int cj_store_has_filter(const struct cj_entity *e, const char *name);

int cj_store_get(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, enum cj_detail detail,
                 json_t **out, struct cj_error *err);
int cj_store_list(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_list_query *q,
                  json_t **items, int64_t *total, struct cj_error *err);
/*
 * The same page as the list's answer, {"items", "total", "page", "size"},
 * appended to sb as JSON text: written straight from the rows (no tree) for
 * an entity whose rows load nothing more (no hook's load, or one for
 * CJ_DETAIL only), byte for byte
 * what cj_json_write writes of the tree.  On an error sb holds part of an
 * answer: the caller drops it.
 */
int cj_store_list_write(struct cj_ctx *ctx, const struct cj_entity *e,
                        const struct cj_list_query *q, struct cj_sbuf *sb, struct cj_error *err);
int cj_store_create(struct cj_ctx *ctx, const struct cj_entity *e, json_t *rec, int64_t *id,
                    struct cj_error *err);
/* version < 0: no check (the command line); else a stale version is CJ_EVERSION. */
int cj_store_update(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, int64_t version,
                    json_t *changes, struct cj_error *err);
int cj_store_delete(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, int64_t version,
                    struct cj_error *err);
/* The record's personal information in full ({"phone":"..."}), audited. */
int cj_store_pii(struct cj_ctx *ctx, const struct cj_entity *e, int64_t id, json_t **out,
                 struct cj_error *err);
/*
 * Replace the masked personal information of a page of list rows of e (an
 * array of records with "id") by the full values, with one query; a value
 * that does not open at its place keeps its mask.  Writes no audit row: the
 * caller (an export) audits the view as a whole.
 */
int cj_store_pii_rows(struct cj_ctx *ctx, const struct cj_entity *e, json_t *rows,
                      struct cj_error *err);

int cj_store_audit(struct cj_ctx *ctx, const char *action, const char *entity, int64_t id,
                   json_t *before, json_t *after, struct cj_error *err);
/*
 * The ctx user's audit rows of action at or after since (a timestamp):
 * how many, and the time of the oldest ("" when none).
 */
int cj_store_audit_recent(struct cj_ctx *ctx, const char *action, const char *since, int64_t *n,
                          char oldest[21], struct cj_error *err);
int cj_store_audit_list(struct cj_ctx *ctx, const char *entity, int64_t entity_id, int64_t page,
                        int64_t size, json_t **items, int64_t *total, struct cj_error *err);

/*
 * The audit log is a hash chain per college (store/audit.c says how): each
 * row carries its seq, the previous row's hash and its own, keyed with a
 * key derived from the key file; audit_heads holds each college's count,
 * last hash and a MAC over both.  Text fields may be NULL.
 */
struct cj_audit_row {
	int64_t id; /* 0: the database chooses (cj_store_audit_append) */
	int64_t seq;
	int has_seq;
	int64_t user_id;
	int has_user_id;
	int64_t entity_id;
	int has_entity_id;
	const char *at, *username, *action, *entity, *before_json, *after_json;
	const char *prev_hash, *row_hash;
};

/* The row's hash (64 hex characters) in tenant_id's chain: over its content, seq and prev_hash. */
void cj_audit_row_hash(const struct cj_store *st, int64_t tenant_id, const struct cj_audit_row *r,
                       char out[65]);
/*
 * Append a row to ctx's college's chain (its seq, prev_hash and row_hash
 * are computed here; a non-zero id is kept).  Needs a write transaction:
 * it locks the college's chain head until the commit.
 */
int cj_store_audit_append(struct cj_ctx *ctx, const struct cj_audit_row *row, struct cj_error *err);
/*
 * ctx's college's chain head as ctx's transaction sees it: its count (*n) and
 * last row's hash.  Every write to the college's records moves both in the
 * write's own transaction, so together they name the state of its records
 * (a chain dropped and begun again cannot repeat the pair).  A college with
 * no chain yet: *n = -1, last_hash "".  0, or <0 with err.
 */
int cj_store_audit_head(struct cj_ctx *ctx, int64_t *n, char last_hash[65], struct cj_error *err);
/*
 * The same in two halves, so that the head's statement shares the round trip
 * of the statements after it (cj_stmt_send): _send gives it in *pend, _read
 * reads and frees it, _drop frees one not read.
 */
int cj_store_audit_head_send(struct cj_ctx *ctx, struct cj_stmt **pend, struct cj_error *err);
int cj_store_audit_head_read(struct cj_stmt *pend, int64_t *n, char last_hash[65],
                             struct cj_error *err);
void cj_store_audit_head_drop(struct cj_stmt *pend);
/* Drop ctx's college's whole chain, head first (the only way audit rows can go). */
int cj_store_audit_drop(struct cj_ctx *ctx, struct cj_error *err);

struct cj_audit_check {
	int ok;          /* 1: the chain and its head agree */
	int64_t rows;    /* rows that verified */
	int64_t bad_id;  /* the first row that does not match (0: none or the head) */
	int64_t bad_seq; /* its seq */
	char why[120];   /* what does not match, in English */
	char last_hash[65];
};
/*
 * Walk ctx's college's chain in seq order and check every row, then the
 * head.  each (may be NULL) is called with every row that verified, before
 * the next is read; its error stops the walk.  Returns 0 with out filled
 * (out->ok says the result), or <0 with err when the database fails.
 */
int cj_store_audit_verify(struct cj_ctx *ctx, int (*each)(void *arg, const struct cj_audit_row *r),
                          void *arg, struct cj_audit_check *out, struct cj_error *err);
/*
 * Verify the college named code (NULL: every college, platform included),
 * in one read transaction; report is called once a college.  CJ_ENOTFOUND
 * for an unknown code.
 */
int cj_store_audit_verify_colleges(struct cj_store *st, const char *code,
                                   void (*report)(void *arg, const char *code,
                                                  const struct cj_audit_check *chk),
                                   void *arg, struct cj_error *err);
/*
 * Chain the audit rows written before migration 0007.  all: every college
 * gets its head, also one with no row (right after the migration); else only
 * colleges with unchained rows are touched, so a head changed or removed
 * behind the server's back is never re-signed.
 */
int cj_store_audit_chain_existing(struct cj_ctx *ctx, int all, struct cj_error *err);

/* The id of the college's own dictionary called name, or 0. */
int cj_store_dictionary_id(struct cj_ctx *ctx, const char *name, int64_t *id, struct cj_error *err);

/* Whether a record of table exists in the tenant (1/0), or <0. */
int cj_store_exists(struct cj_ctx *ctx, const char *table, int64_t id, struct cj_error *err);

/* Accounts and sessions (store/accounts.c). */
struct cj_principal {
	int64_t tenant_id;
	int64_t user_id;
	char username[40];
	char role[24];
	int64_t department_id; /* 0 when none */
	int64_t enterprise_id; /* 0 when none */
	char csrf[72];
	char tenant_code[40];
	char tenant_region[8];
	char tenant_kind[24]; /* "bureau": a bureau's user, who sees figures, never records */
	int must_change;      /* the password must be changed before anything else */
};

int cj_store_tenant_by_code(struct cj_ctx *ctx, const char *code, int64_t *tenant_id,
                            struct cj_error *err);

/* Session lifetimes, in seconds: since the last request, and since the login. */
struct cj_session_limits {
	int64_t idle;
	int64_t max_age;
};

/* A login attempt: what the client sent and where from. */
struct cj_login {
	const char *tenant; /* the college code */
	const char *username;
	const char *password;
	const char *client_addr; /* the client's address as text; "" when unknown */
	struct cj_session_limits limits;
	/* Out: the cookie token on success; with CJ_ETOOMANY, the seconds to wait. */
	char token[100];
	int64_t retry_after;
};

/*
 * Check a password; on success create a session and fill in->token and p.
 * Failures are counted per (user name, client address) and per client
 * address, each with a delay that grows past a free number of failures
 * (CJ_ETOOMANY, in->retry_after): failures from one address never slow the
 * same user at another.  An unknown college or user, an inactive user and
 * a wrong password all answer CJ_EUNAUTH after the same argon2id work.
 * Every attempt is written to the login log; expired failures and dead
 * sessions of the college are purged.
 *
 * Runs its own short transactions, none around the password check: ctx
 * must hold a connection and no transaction.
 */
int cj_store_login(struct cj_ctx *ctx, struct cj_login *in, struct cj_principal *p,
                   struct cj_error *err);
/*
 * Resolve a cookie token; touches last_seen; CJ_EUNAUTH when unknown, idle
 * longer than limits->idle or older than limits->max_age.  Runs its own
 * short transactions: ctx must hold a connection and no transaction.
 */
int cj_store_session(struct cj_ctx *ctx, const char *token, const struct cj_session_limits *limits,
                     struct cj_principal *p, struct cj_error *err);
/*
 * The same in two steps, so that a request checks its session inside the
 * transaction of its work (one transaction a request, not two):
 * cj_store_session_tenant gives the college a token names (-1 when it is
 * malformed), to set on ctx before the transaction begins;
 * cj_store_session_check resolves the token inside the caller's
 * transaction and says in *care what the session needs afterwards;
 * cj_store_session_care does that (a touch of last_seen at most every 30 s,
 * the removal of a dead session) in its own short write transaction, once
 * the caller's has ended.
 */
enum cj_session_care { CJ_SESSION_FINE, CJ_SESSION_TOUCH, CJ_SESSION_DEAD };
int cj_store_session_tenant(const char *token, int64_t *tenant_id);
int cj_store_session_check(struct cj_ctx *ctx, const char *token,
                           const struct cj_session_limits *limits, struct cj_principal *p,
                           enum cj_session_care *care, struct cj_error *err);
int cj_store_session_care(struct cj_ctx *ctx, const char *token, enum cj_session_care care,
                          struct cj_error *err);
/*
 * cj_store_session_check and cj_store_audit_head (*n, last_hash: the
 * college's head, -1 and "" when it has none) in one statement, outside
 * any transaction of the caller's (ctx holds a connection, no
 * transaction): the statement's own read sees both at one state.  For a
 * read answered from the kept answers (api/kept.h) where the driver does
 * not pipeline.  Where the driver keeps a change stamp (db.h), the check
 * is kept under the stamp read before it, and the token's next call
 * takes it from there, with no statement, while the stamp stands and for
 * at most cj_store_checks_stand's time; the session's age is judged at
 * every call.
 */
int cj_store_session_head(struct cj_ctx *ctx, const char *token,
                          const struct cj_session_limits *limits, struct cj_principal *p,
                          enum cj_session_care *care, int64_t *n, char last_hash[65],
                          struct cj_error *err);
/*
 * A session's check kept with its college's head (cj_store_session_head,
 * cj_store_sessions_read's under): it stands while the change stamp it was
 * kept under does, for at most cj_store_checks_stand's time.
 */
struct cj_checked {
	char digest[65];
	uint64_t stamp; /* 0: empty */
	int64_t at_ms;  /* when it was checked (cj_store_checks_clock) */
	int64_t last_seen, started, n;
	char last_hash[65];
	struct cj_principal p;
};
/*
 * cj_store_session_head from a check that stands, with no statement (for a
 * driver whose statement is a round trip), in two halves:
 * cj_store_session_stands finds the token's, without a context (1 found,
 * into *found; 0 none stands now); cj_store_session_standing answers from
 * it as cj_store_session_head does (0, or <0), the session's age judged
 * now.
 */
int cj_store_session_stands(struct cj_store *st, const char *token, struct cj_checked *found);
int cj_store_session_standing(struct cj_ctx *ctx, const struct cj_checked *found,
                              const struct cj_session_limits *limits, struct cj_principal *p,
                              enum cj_session_care *care, int64_t *n, char last_hash[65],
                              struct cj_error *err);
/*
 * cj_store_session_check in two halves, for a read that starts its work
 * before its session has answered, where statements sent ahead share one
 * round trip (cj_conn_pipelined; docs/performance.md, "One round trip"):
 *
 * cj_store_session_hint gives the principal the token named at its last
 * check on this store (0), or -1: a guess to start the work with, never
 * an answer.  cj_store_session_send sends the check ahead of the work's
 * statements (pend then holds it: read it or drop it);
 * cj_store_session_read reads it as cj_store_session_check does, and
 * remembers the principal read as the token's next hint (forgets it when
 * the check fails).  The caller keeps the work only when the principal
 * read equals the hint it started with, byte for byte, and otherwise rolls
 * it back unanswered and runs it again after a plain check.
 */
struct cj_session_pending {
	struct cj_stmt *st;
	int64_t tenant_id;
	char digest[65];
};
int cj_store_session_hint(struct cj_store *st, const char *token, struct cj_principal *p);
int cj_store_session_send(struct cj_ctx *ctx, const char *token, struct cj_session_pending *pend,
                          struct cj_error *err);
int cj_store_session_read(struct cj_ctx *ctx, struct cj_session_pending *pend,
                          const struct cj_session_limits *limits, struct cj_principal *p,
                          enum cj_session_care *care, struct cj_error *err);
void cj_store_session_drop(struct cj_session_pending *pend);
/*
 * The sessions of tokens[0..n) of ctx's college (n at most
 * CJ_SESSIONS_MAX; a token may come more than once) checked by one
 * statement, sent ahead (api/share.h: many requests' checks in one round
 * trip).  cj_store_sessions_send sends it (*pend: read it with
 * cj_store_sessions_read, or free it); cj_store_sessions_read reads it and
 * frees it: for each token i, rcs[i] is 0 with p[i] and care[i] as
 * cj_store_session_read gives them, or <0 (CJ_EUNAUTH: no live session of
 * that token in the college), and the hints are kept as there.  Returns 0,
 * or <0 when the statement failed (every rcs[i] is that code).  With
 * under (else NULL), each live session is kept as a check that stands
 * (cj_store_session_head) with the college's head read in the same round
 * trip, under the change stamp read before the round trip was sent.
 */
#define CJ_SESSIONS_MAX 64
struct cj_checked_under {
	uint64_t stamp; /* cj_conn_stamp before the round trip; 0: nothing is kept */
	int64_t at_ms;  /* cj_store_checks_clock then */
	int64_t n;      /* the college's head read in the round trip */
	const char *last_hash;
};
int cj_store_sessions_send(struct cj_ctx *ctx, const char *const *tokens, int n,
                           struct cj_stmt **pend, struct cj_error *err);
int cj_store_sessions_read(struct cj_ctx *ctx, struct cj_stmt *pend, const char *const *tokens,
                           int n, const struct cj_session_limits *lim,
                           const struct cj_checked_under *under, struct cj_principal *p,
                           enum cj_session_care *care, int *rcs, struct cj_error *err);
/* The clock the checks that stand are timed by (CLOCK_MONOTONIC_COARSE), in ms. */
int64_t cj_store_checks_clock(void);
/* The store's tables of hints and of checks that stand (cj_store_open and cj_store_free). */
void cj_store_session_hints_new(struct cj_store *st);
void cj_store_session_hints_free(struct cj_store *st);
/*
 * How long, in ms, a check that stands may answer again (cj_store_session_head):
 * 1 000 by default, 0 never (serve --checks-stand-ms).
 */
void cj_store_checks_stand(struct cj_store *st, int ms);
/* End the session of token (p's) and log it; inside the caller's transaction. */
int cj_store_logout(struct cj_ctx *ctx, const char *token, const struct cj_principal *p,
                    const char *client_addr, struct cj_error *err);
/*
 * Change p's own password: old_pw must be right (CJ_EINVAL naming
 * "old_password"; counted as a login failure, and throttled likewise:
 * CJ_ETOOMANY with *retry_after), new_pw must pass the policy and differ
 * (CJ_EINVAL naming "new_password").  Clears must_change, ends the user's
 * other sessions, audits and logs the change.  Runs its own transactions,
 * as cj_store_login.
 */
int cj_store_password_change(struct cj_ctx *ctx, const char *token, struct cj_principal *p,
                             const char *client_addr, const char *old_pw, const char *new_pw,
                             int64_t *retry_after, struct cj_error *err);
/*
 * A page of the college's login log ({id, at, username, tenant_code,
 * client_addr, result, user_id}), sorted by sort ("at", "-at", "username",
 * "-username", "id", "-id"; NULL: newest first), with the filters that are
 * not NULL: username (exact), result (exact), from and to (YYYY-MM-DD,
 * inclusive, UTC days).
 */
struct cj_login_log_query {
	int64_t page, size;
	const char *sort;
	const char *username, *result, *from, *to;
};
int cj_store_login_log(struct cj_ctx *ctx, const struct cj_login_log_query *q, json_t **items,
                       int64_t *total, struct cj_error *err);
/* A user as the API shows it, with its tenant. */
int cj_store_principal_json(struct cj_ctx *ctx, const struct cj_principal *p, json_t **out,
                            struct cj_error *err);

/*
 * Move the college called code from one store into another, in one
 * transaction of the target: refused (CJ_EEXISTS, field "code") when the
 * target has that code; afterwards every table's row count and content
 * checksum agree on both sides, or nothing is kept.  *report (the caller
 * decrefs it) lists them; the target's audit log records the move.
 */
int cj_store_move(struct cj_store *from, struct cj_store *to, const char *code, const char *label,
                  json_t **report, struct cj_error *err);

/* The embedded migrations (generated). */
struct cj_migration {
	const char *name;
	const char *sql;
	size_t len;
};
extern const struct cj_migration cj_migrations[], cj_migrations_pg[];
/* The migrations of a store's dialect. */
const struct cj_migration *cj_store_migrations(const struct cj_store *st);

#endif

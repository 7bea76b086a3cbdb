/*
 * Logins and sessions.  A session token is "<tenant id>.<64 hex>"; only a
 * hash of the random part is stored, keyed by (tenant_id, token_hash), so
 * any server process on the same database accepts it and a stolen database
 * does not yield live tokens.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/password.h"
#include "lib/util.h"
#include "store/hooks.h"

/*
 * Throttling: failures within the window are counted per (user name,
 * client address) and per client address.  Past the free number, each
 * further attempt waits 1, 2, 4, ... seconds (at most the window) after
 * the last failure.  Per address the free number is larger: a campus
 * behind one NAT address shares it.
 */
#define LOGIN_WINDOW    900 /* seconds */
#define FREE_USER_ADDR  5
#define FREE_ADDR       50
#define PLATFORM_TENANT "platform"

int
cj_store_tenant_by_code(struct cj_ctx *ctx, const char *code, int64_t *tenant_id,
                        struct cj_error *err)
{
	json_t *rows;
	int rc;

	rows = cj_q_rows(ctx, "SELECT id FROM tenants WHERE code = ?", "i", &rc, err, "t", code);
	if (!rows)
		return rc;
	if (json_array_size(rows) == 0)
		return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, "tenant", code);
	*tenant_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	return 0;
}

/* The SELECT of a principal (principal_row's columns; 14 is the session's token hash), with
 * the session's columns (BY_SESSION) or without (NO_SESSION), then where. */
#define PRINCIPAL_SQL(session, where)                                                              \
	"SELECT u.id, u.username, u.role, u.department_id, u.enterprise_id, u.active,"             \
	" u.password_hash, t.code, t.region_code, u.must_change_password, " session                \
	" FROM users u JOIN tenants t ON t.id = u.tenant_id " where
#define BY_SESSION "s.last_seen, s.csrf_token, s.started, t.kind AS tenant_kind, s.token_hash"
#define NO_SESSION "0 AS last_seen, '' AS csrf_token, 0 AS started, t.kind AS tenant_kind"
/* A session's user: the token hash's comparison follows. */
#define SESSION_WHERE                                                                              \
	"JOIN sessions s ON s.tenant_id = u.tenant_id AND s.user_id = u.id"                        \
	" WHERE s.tenant_id = ? AND s.token_hash"

/* The statement sql (a PRINCIPAL_SQL) prepared and bound (not run). */
static int
principal_stmt(struct cj_ctx *ctx, int64_t tenant_id, const char *sql, const char *key,
               struct cj_stmt **out, struct cj_error *err)
{
	int rc;

	if ((rc = cj_stmt_prepare(ctx->conn, sql, out, err)) < 0)
		return rc;
	cj_stmt_bind_int(*out, 1, tenant_id);
	cj_stmt_bind_text(*out, 2, key);
	return 0;
}

/* The principal of st's current row (principal_stmt's columns). */
static void
principal_row(struct cj_stmt *st, int64_t tenant_id, int64_t *last_seen, int64_t *started,
              struct cj_principal *p)
{
	memset(p, 0, sizeof(*p));
	p->tenant_id = tenant_id;
	p->user_id = cj_stmt_int(st, 0);
	cj_strcopy(p->username, sizeof(p->username), cj_stmt_text(st, 1));
	cj_strcopy(p->role, sizeof(p->role), cj_stmt_text(st, 2));
	p->department_id = cj_stmt_is_null(st, 3) ? 0 : cj_stmt_int(st, 3);
	p->enterprise_id = cj_stmt_is_null(st, 4) ? 0 : cj_stmt_int(st, 4);
	cj_strcopy(p->tenant_code, sizeof(p->tenant_code), cj_stmt_text(st, 7));
	cj_strcopy(p->tenant_region, sizeof(p->tenant_region),
	           cj_stmt_is_null(st, 8) ? NULL : cj_stmt_text(st, 8));
	cj_strcopy(p->tenant_kind, sizeof(p->tenant_kind), cj_stmt_text(st, 13));
	cj_strcopy(p->csrf, sizeof(p->csrf), cj_stmt_is_null(st, 11) ? NULL : cj_stmt_text(st, 11));
	p->must_change = cj_stmt_int(st, 9) != 0;
	if (last_seen)
		*last_seen = cj_stmt_is_null(st, 10) ? 0 : cj_stmt_int(st, 10);
	if (started)
		*started = cj_stmt_is_null(st, 12) ? 0 : cj_stmt_int(st, 12);
}

/* Run principal_stmt's st and read its row (load_principal's outputs); st is freed. */
static int
principal_read(struct cj_stmt *st, int64_t tenant_id, int64_t *last_seen, int64_t *started,
               char *pwhash, size_t pwlen, struct cj_principal *p, struct cj_error *err)
{
	int rc;

	/* Every request checks its session here: the row is read from the statement itself. */
	if ((rc = cj_stmt_step(st, err)) > 0 && pwhash)
		cj_strcopy(pwhash, pwlen, cj_stmt_is_null(st, 6) ? NULL : cj_stmt_text(st, 6));
	if (rc == 0 || (rc > 0 && !cj_stmt_int(st, 5)))
		rc = cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	if (rc < 0) {
		cj_stmt_free(st);
		return rc;
	}
	principal_row(st, tenant_id, last_seen, started, p);
	cj_stmt_free(st);
	return 0;
}

/*
 * The user named username in the tenant.  CJ_EUNAUTH when there is none or
 * it is inactive; pwhash is filled in both cases when the user exists.
 */
static int
load_principal(struct cj_ctx *ctx, int64_t tenant_id, const char *username, char *pwhash,
               size_t pwlen, struct cj_principal *p, struct cj_error *err)
{
	struct cj_stmt *st;
	int rc;

	rc = principal_stmt(ctx, tenant_id,
	                    PRINCIPAL_SQL(NO_SESSION, "WHERE u.tenant_id = ? AND u.username = ?"),
	                    username, &st, err);
	if (rc < 0)
		return rc;
	return principal_read(st, tenant_id, NULL, NULL, pwhash, pwlen, p, err);
}

/*
 * A hash of the real parameters that no password opens: unknown and
 * inactive users are checked against it, so that they take as long as a
 * wrong password.
 */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char *dummy_hash;

static void
make_dummy(void)
{
	char secret[65];

	cj_random_hex(secret, 32);
	dummy_hash = cj_password_hash(secret);
}

/* The password check, with the same work whether the user exists or not. */
static int
verify(const char *pwhash, const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	if (!*pwhash) {
		if (dummy_hash)
			cj_password_verify(dummy_hash, password);
		return 0;
	}
	return cj_password_verify(pwhash, password);
}

/* Seconds still to wait after n failures, the last at last, with free ones free. */
static int64_t
wait_after(int64_t n, int64_t last, int64_t free, int64_t now)
{
	int64_t delay, left;

	if (n < free)
		return 0;
	delay = n - free >= 10 ? LOGIN_WINDOW : (int64_t)2 << (n - free);
	if (delay > LOGIN_WINDOW)
		delay = LOGIN_WINDOW;
	left = last + delay - now;
	return left > 0 ? left : 0;
}

/* How long the next attempt of username from addr must wait (0: go on). */
static int
throttle(struct cj_ctx *ctx, int64_t tenant_id, const char *username, const char *addr, int64_t now,
         int64_t *wait, struct cj_error *err)
{
	json_t *rows, *r;
	int64_t w;
	int rc;

	rows = cj_q_rows(ctx,
	                 "SELECT count(*) AS n, COALESCE(max(at), 0) AS last FROM login_failures"
	                 " WHERE tenant_id = ? AND username = ? AND client_addr = ? AND at > ?",
	                 "ii", &rc, err, "itti", tenant_id, username, addr, now - LOGIN_WINDOW);
	if (!rows)
		return rc;
	r = json_array_get(rows, 0);
	*wait = wait_after(json_integer_value(json_object_get(r, "n")),
	                   json_integer_value(json_object_get(r, "last")), FREE_USER_ADDR, now);
	rows = cj_q_rows(ctx,
	                 "SELECT count(*) AS n, COALESCE(max(at), 0) AS last FROM login_failures"
	                 " WHERE tenant_id = ? AND client_addr = ? AND at > ?",
	                 "ii", &rc, err, "iti", tenant_id, addr, now - LOGIN_WINDOW);
	if (!rows)
		return rc;
	r = json_array_get(rows, 0);
	w = wait_after(json_integer_value(json_object_get(r, "n")),
	               json_integer_value(json_object_get(r, "last")), FREE_ADDR, now);
	if (w > *wait)
		*wait = w;
	return 0;
}

/* One row of the login log, in the ctx's tenant; user_id 0 when no user is known. */
static int
log_row(struct cj_ctx *ctx, const char *tenant_code, const char *username, const char *addr,
        const char *result, int64_t user_id, struct cj_error *err)
{
	char at[21];

	cj_timestamp_now(at);
	if (!user_id)
		return cj_q_exec(ctx,
		                 "INSERT INTO login_log (tenant_id, at, username, tenant_code,"
		                 " client_addr, result) VALUES (?, ?, ?, ?, ?, ?)",
		                 err,
		                 "itttt"
		                 "t",
		                 ctx->tenant_id, at, username, tenant_code, addr, result);
	return cj_q_exec(ctx,
	                 "INSERT INTO login_log (tenant_id, at, username, tenant_code, client_addr,"
	                 " result, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                 err,
	                 "itttt"
	                 "ti",
	                 ctx->tenant_id, at, username, tenant_code, addr, result, user_id);
}

/* Failures past the window and sessions past their lifetimes, of the ctx's tenant. */
static int
purge(struct cj_ctx *ctx, const struct cj_session_limits *lim, int64_t now, struct cj_error *err)
{
	int rc;

	rc = cj_q_exec(ctx, "DELETE FROM login_failures WHERE tenant_id = ? AND at <= ?", err, "ii",
	               ctx->tenant_id, now - LOGIN_WINDOW);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "DELETE FROM sessions WHERE tenant_id = ? AND (last_seen < ?"
		               " OR started < ?)",
		               err, "iii", ctx->tenant_id, now - lim->idle, now - lim->max_age);
	return rc;
}

/* Commit a write transaction begun by the caller; CJ_EBUSY when the commit fails. */
static int
finish(struct cj_ctx *ctx, int rc, struct cj_error *err)
{
	if (cj_ctx_finish(ctx, rc == 0, rc == 0 ? err : NULL) < 0 && rc == 0)
		rc = -CJ_EBUSY;
	return rc;
}

/* What the short write transactions of a login write. */
struct write {
	const struct cj_login *in;
	const struct cj_principal *p;
	const char *result; /* of the log row */
	int64_t user_id, now;
	const char *digest, *created, *hash;
};

/*
 * Run fn in a write transaction of its own, again (up to 3 times) when it
 * meets a lock or a deadlock (CJ_EBUSY), as the dispatcher does.
 */
static int
write_tx(struct cj_ctx *ctx, int (*fn)(struct cj_ctx *, const struct write *, struct cj_error *),
         const struct write *w, struct cj_error *err)
{
	int rc;

	for (int attempt = 1;; attempt++) {
		cj_error_clear(err);
		if ((rc = cj_ctx_tx(ctx, CJ_TX_WRITE, err)) == 0)
			rc = fn(ctx, w, err);
		rc = finish(ctx, rc, err);
		if (rc != -CJ_EBUSY || attempt == 3)
			return rc;
	}
}

/* An attempt that was refused before its password was looked at. */
static int
write_log(struct cj_ctx *ctx, const struct write *w, struct cj_error *err)
{
	return log_row(ctx, w->in->tenant, w->in->username, w->in->client_addr, w->result,
	               w->user_id, err);
}

/* A failed attempt: counted, logged, and the college's dead rows purged. */
static int
write_failure(struct cj_ctx *ctx, const struct write *w, struct cj_error *err)
{
	int rc;

	rc = cj_q_exec(ctx,
	               "INSERT INTO login_failures (tenant_id, username, client_addr, at)"
	               " VALUES (?, ?, ?, ?)",
	               err, "itti", ctx->tenant_id, w->in->username, w->in->client_addr, w->now);
	if (rc == 0)
		rc = write_log(ctx, w, err);
	if (rc == 0)
		rc = purge(ctx, &w->in->limits, w->now, err);
	return rc;
}

/* A good password: the session, the user's last login, the log, the purge. */
static int
write_session(struct cj_ctx *ctx, const struct write *w, struct cj_error *err)
{
	const struct cj_principal *p = w->p;
	int rc;

	rc = cj_q_exec(ctx,
	               "INSERT INTO sessions (tenant_id, token_hash, user_id, csrf_token,"
	               " created_at, last_seen, started) VALUES (?, ?, ?, ?, ?, ?, ?)",
	               err, "itittii", p->tenant_id, w->digest, p->user_id, p->csrf, w->created,
	               w->now, w->now);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "UPDATE users SET last_login_at = ? WHERE tenant_id = ? AND id = ?",
		               err, "tii", w->created, p->tenant_id, p->user_id);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "DELETE FROM login_failures WHERE tenant_id = ? AND username = ?"
		               " AND client_addr = ?",
		               err, "itt", p->tenant_id, w->in->username, w->in->client_addr);
	if (rc == 0)
		rc = log_row(ctx, w->in->tenant, p->username, w->in->client_addr, "success",
		             p->user_id, err);
	if (rc == 0)
		rc = purge(ctx, &w->in->limits, w->now, err);
	return rc;
}

/* A new password of one's own. */
static int
write_password(struct cj_ctx *ctx, const struct write *w, struct cj_error *err)
{
	const struct cj_principal *p = w->p;
	int rc;

	rc = cj_q_exec(ctx,
	               "UPDATE users SET password_hash = ?, must_change_password = 0,"
	               " version = version + 1, updated_at = ? WHERE tenant_id = ? AND id = ?",
	               err, "ttii", w->hash, w->created, p->tenant_id, p->user_id);
	/* The other sessions of the user end; this one goes on. */
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?"
		               " AND token_hash <> ?",
		               err, "iit", p->tenant_id, p->user_id, w->digest);
	if (rc == 0)
		rc = cj_q_exec(ctx,
		               "DELETE FROM login_failures WHERE tenant_id = ? AND username = ?"
		               " AND client_addr = ?",
		               err, "itt", p->tenant_id, p->username, w->in->client_addr);
	if (rc == 0)
		rc = cj_store_audit(ctx, "password_change", "user", p->user_id, NULL, NULL, err);
	if (rc == 0)
		rc = log_row(ctx, p->tenant_code, p->username, w->in->client_addr,
		             "password_changed", p->user_id, err);
	return rc;
}

int
cj_store_login(struct cj_ctx *ctx, struct cj_login *in, struct cj_principal *p,
               struct cj_error *err)
{
	int64_t tenant_id, wait = 0, now = (int64_t)time(NULL);
	char pwhash[200] = "", secret[65], digest[65], created[21];
	int rc, known = 1, ok;

	/* 1. Read: the college, the throttle and the user, in a short read transaction. */
	if ((rc = cj_ctx_tx(ctx, CJ_TX_READ, err)) < 0)
		return rc;
	if (cj_store_tenant_by_code(ctx, in->tenant, &tenant_id, err) < 0) {
		/* An unknown college: its attempts are counted and logged on the platform. */
		cj_error_clear(err);
		known = 0;
		rc = cj_store_tenant_by_code(ctx, PLATFORM_TENANT, &tenant_id, err);
	}
	if (rc == 0)
		rc = cj_ctx_set_tenant(ctx, tenant_id, err);
	if (rc == 0)
		rc = throttle(ctx, tenant_id, in->username, in->client_addr, now, &wait, err);
	if (rc == 0 && !wait && known) {
		rc = load_principal(ctx, tenant_id, in->username, pwhash, sizeof(pwhash), p, err);
		if (rc == -CJ_EUNAUTH) {
			/* Unknown or inactive: the dummy hash does the same work below. */
			cj_error_clear(err);
			known = rc = 0;
			pwhash[0] = '\0';
		}
	}
	cj_ctx_finish(ctx, 0, NULL);
	if (rc < 0)
		return rc;
	if (wait) {
		struct write w = { .in = in, .result = "throttled" };

		if ((rc = write_tx(ctx, write_log, &w, err)) < 0)
			return rc;
		in->retry_after = wait;
		return cj_error_set(err, CJ_ETOOMANY, CJ_M_TOO_MANY, NULL);
	}

	/* 2. The password, with no transaction open (64 MiB of argon2id). */
	ok = verify(pwhash, in->password) && known;

	/* 3. Write: the failure, or the session, in a short write transaction. */
	if (!ok) {
		struct write w = { .in = in, .result = "failure", .now = (int64_t)time(NULL) };

		if ((rc = write_tx(ctx, write_failure, &w, err)) < 0)
			return rc;
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_LOGIN_FAILED, NULL);
	}
	cj_random_hex(secret, 32);
	cj_random_hex(p->csrf, 32);
	cj_token_digest(secret, digest);
	cj_timestamp_now(created);
	{
		/* The session starts after the check. */
		struct write w = { .in = in,
			           .p = p,
			           .now = (int64_t)time(NULL),
			           .digest = digest,
			           .created = created };

		if ((rc = write_tx(ctx, write_session, &w, err)) < 0)
			return rc;
	}
	snprintf(in->token, sizeof(in->token), "%lld.%s", (long long)tenant_id, secret);
	return 0;
}

/* The college a token names and its digest (digest NULL: not computed); -1 when malformed. */
static int
split_token(const char *token, int64_t *tenant_id, char *digest)
{
	const char *dot = token ? strchr(token, '.') : NULL;
	char num[24];

	if (!dot || dot == token || (size_t)(dot - token) >= sizeof(num) || strlen(dot + 1) != 64)
		return -1;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (cj_parse_i64(num, tenant_id) < 0 || *tenant_id <= 0)
		return -1;
	if (digest)
		cj_token_digest(dot + 1, digest);
	return 0;
}

int
cj_store_session_tenant(const char *token, int64_t *tenant_id)
{
	return split_token(token, tenant_id, NULL);
}

/*
 * The principal each token named at its last check, by the token's digest:
 * a hint for the next request of the token, never an answer (its check
 * still runs, in the same round trip as the work; see store.h).  One slot a
 * digest, overwritten by any other of the same slot.
 */
#define HINTS 256

/*
 * Sessions checked with their college's head (cj_store_session_head), by
 * the token's digest, with the database's change stamp read before the
 * check: while the stamp has not moved, and for a second at most (a
 * process killed between a commit and the stamp's move), what the check
 * read stands, and the next request of the token is answered from here.
 * Only where the driver keeps a stamp (SQLite's file, PostgreSQL's watch:
 * store/pg-watch.h); on PostgreSQL the checks come from the round trips
 * that check many sessions at once (cj_store_sessions_read's under).  A
 * slot is overwritten by any other digest of the same slot.
 */
#define CHECKED    256
#define CHECKED_MS 1000 /* the default of cj_store_checks_stand */

struct cj_session_hints {
	pthread_mutex_t lock;
	struct {
		char digest[65];
		struct cj_principal p;
	} slot[HINTS];
	pthread_mutex_t checked_lock;
	int checked_ms; /* how long a check stands at most; 0: never */
	struct cj_checked checked[CHECKED];
};

static size_t
hint_slot(const char digest[65])
{
	size_t h = 0;

	for (int i = 0; i < 8; i++)
		h = h * 16 + (size_t)(digest[i] <= '9' ? digest[i] - '0' : digest[i] - 'a' + 10);
	return h % HINTS;
}

static struct cj_session_hints *
hints_of(struct cj_store *st)
{
	return st ? st->hints : NULL;
}

/* Remember p for digest (p NULL: forget it). */
static void
hint_put(struct cj_store *st, const char digest[65], const struct cj_principal *p)
{
	struct cj_session_hints *h = hints_of(st);
	size_t i = hint_slot(digest);

	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	if (p) {
		/* memcpy, padding and all: the caller compares principals byte for byte */
		memcpy(h->slot[i].digest, digest, 65);
		memcpy(&h->slot[i].p, p, sizeof(*p));
	} else if (!memcmp(h->slot[i].digest, digest, 65)) {
		h->slot[i].digest[0] = '\0';
	}
	pthread_mutex_unlock(&h->lock);
}

void
cj_store_session_hints_new(struct cj_store *st)
{
	st->hints = cj_xcalloc(1, sizeof(*st->hints));
	pthread_mutex_init(&st->hints->lock, NULL);
	pthread_mutex_init(&st->hints->checked_lock, NULL);
	st->hints->checked_ms = CHECKED_MS;
}

void
cj_store_session_hints_free(struct cj_store *st)
{
	if (!st->hints)
		return;
	pthread_mutex_destroy(&st->hints->lock);
	pthread_mutex_destroy(&st->hints->checked_lock);
	free(st->hints);
	st->hints = NULL;
}

int
cj_store_session_hint(struct cj_store *st, const char *token, struct cj_principal *p)
{
	struct cj_session_hints *h = hints_of(st);
	int64_t tenant_id;
	char digest[65];
	size_t i;
	int rc = -1;

	if (!h || split_token(token, &tenant_id, digest) < 0)
		return -1;
	i = hint_slot(digest);
	pthread_mutex_lock(&h->lock);
	if (!memcmp(h->slot[i].digest, digest, 65) && h->slot[i].p.tenant_id == tenant_id) {
		memcpy(p, &h->slot[i].p, sizeof(*p));
		rc = 0;
	}
	pthread_mutex_unlock(&h->lock);
	return rc;
}

int
cj_store_session_send(struct cj_ctx *ctx, const char *token, struct cj_session_pending *pend,
                      struct cj_error *err)
{
	int rc;

	memset(pend, 0, sizeof(*pend));
	if (split_token(token, &pend->tenant_id, pend->digest) < 0 ||
	    pend->tenant_id != ctx->tenant_id)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	rc = principal_stmt(ctx, pend->tenant_id, PRINCIPAL_SQL(BY_SESSION, SESSION_WHERE " = ?"),
	                    pend->digest, &pend->st, err);
	if (rc == 0 && (rc = cj_stmt_send(pend->st, err)) < 0)
		cj_store_session_drop(pend);
	return rc;
}

void
cj_store_session_drop(struct cj_session_pending *pend)
{
	cj_stmt_free(pend->st);
	pend->st = NULL;
}

/*
 * The age of a session read (p, last_seen, started): dead (CJ_EUNAUTH), to
 * touch, or fine; p is remembered as the token's next hint, or the hint
 * forgotten.
 */
static int
session_aged(struct cj_ctx *ctx, const char digest[65], const struct cj_session_limits *lim,
             int64_t last_seen, int64_t started, const struct cj_principal *p,
             enum cj_session_care *care, struct cj_error *err)
{
	int64_t now = (int64_t)time(NULL);
	int64_t touch = lim->idle / 2 < 30 ? lim->idle / 2 : 30;

	*care = CJ_SESSION_FINE;
	/*
	 * A session dies when idle too long or too old, whatever its use; a
	 * dead one goes, a live one is touched at most every 30 s, so reads
	 * stay reads.
	 */
	if (now - last_seen > lim->idle || now - started > lim->max_age) {
		*care = CJ_SESSION_DEAD;
		hint_put(ctx->st, digest, NULL);
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	}
	if (now - last_seen >= touch || now - last_seen < 0)
		*care = CJ_SESSION_TOUCH;
	if (cj_conn_pipelined(ctx->conn))
		hint_put(ctx->st, digest, p);
	return 0;
}

int
cj_store_session_read(struct cj_ctx *ctx, struct cj_session_pending *pend,
                      const struct cj_session_limits *lim, struct cj_principal *p,
                      enum cj_session_care *care, struct cj_error *err)
{
	int64_t last_seen, started;
	struct cj_stmt *st = pend->st;
	int rc;

	*care = CJ_SESSION_FINE;
	pend->st = NULL;
	rc = principal_read(st, pend->tenant_id, &last_seen, &started, NULL, 0, p, err);
	if (rc < 0) {
		hint_put(ctx->st, pend->digest, NULL);
		return rc;
	}
	return session_aged(ctx, pend->digest, lim, last_seen, started, p, care, err);
}

/* The IN list's size for n tokens: a power of two, so that few statements are prepared. */
static int
sessions_width(int n)
{
	int m = 1;

	while (m < n)
		m *= 2;
	return m;
}

/* Token i's digest ("" when it is no token of ctx's college). */
static void
digest_in(struct cj_ctx *ctx, const char *token, char digest[65])
{
	int64_t tenant_id;

	if (split_token(token, &tenant_id, digest) < 0 || tenant_id != ctx->tenant_id)
		digest[0] = '\0';
}

int
cj_store_sessions_send(struct cj_ctx *ctx, const char *const *tokens, int n, struct cj_stmt **pend,
                       struct cj_error *err)
{
	static const char head[] = PRINCIPAL_SQL(BY_SESSION, SESSION_WHERE " IN (?");
	/* sessions_width rounds up to a power of two: sql holds CJ_SESSIONS_MAX at most */
	_Static_assert((CJ_SESSIONS_MAX & (CJ_SESSIONS_MAX - 1)) == 0, "a power of two");
	char sql[sizeof(head) + 3 * CJ_SESSIONS_MAX + 2], digest[65];
	int m = sessions_width(n), len = (int)sizeof(head) - 1, rc;

	*pend = NULL;
	if (n < 1 || n > CJ_SESSIONS_MAX)
		return cj_error_set(err, CJ_EINVAL, CJ_M_GENERIC_INVAL, NULL);
	memcpy(sql, head, (size_t)len);
	for (int i = 1; i < m; i++)
		memcpy(sql + len, ", ?", 3), len += 3;
	memcpy(sql + len, ")", 2);
	if ((rc = cj_stmt_prepare(ctx->conn, sql, pend, err)) < 0)
		return rc;
	cj_stmt_bind_int(*pend, 1, ctx->tenant_id);
	/* the list is filled up to its width with the first token again */
	for (int i = 0; i < m; i++) {
		digest_in(ctx, tokens[i < n ? i : 0], digest);
		cj_stmt_bind_text(*pend, i + 2, digest);
	}
	if ((rc = cj_stmt_send(*pend, err)) < 0) {
		cj_stmt_free(*pend);
		*pend = NULL;
	}
	return rc;
}

static void keep_under(struct cj_store *st, const struct cj_checked_under *under,
                       const char digest[65], int64_t last_seen, int64_t started,
                       const struct cj_principal *p);

int
cj_store_sessions_read(struct cj_ctx *ctx, struct cj_stmt *pend, const char *const *tokens, int n,
                       const struct cj_session_limits *lim, const struct cj_checked_under *under,
                       struct cj_principal *p, enum cj_session_care *care, int *rcs,
                       struct cj_error *err)
{
	char digest[CJ_SESSIONS_MAX][65];
	int rc;

	for (int i = 0; i < n; i++) {
		digest_in(ctx, tokens[i], digest[i]);
		memset(&p[i], 0, sizeof(p[i]));
		rcs[i] = -CJ_EUNAUTH;
		care[i] = CJ_SESSION_FINE;
	}
	while ((rc = cj_stmt_step(pend, err)) > 0) {
		const char *hash = cj_stmt_text(pend, 14);

		for (int i = 0; i < n; i++) {
			struct cj_error e = { 0 };
			int64_t last_seen, started;

			if (!digest[i][0] || !hash || strcmp(hash, digest[i]))
				continue;
			if (!cj_stmt_int(pend, 5))
				continue; /* an inactive user: no session */
			principal_row(pend, ctx->tenant_id, &last_seen, &started, &p[i]);
			rcs[i] = session_aged(ctx, digest[i], lim, last_seen, started, &p[i],
			                      &care[i], &e);
			if (rcs[i] == 0 && under)
				keep_under(ctx->st, under, digest[i], last_seen, started, &p[i]);
		}
	}
	cj_stmt_free(pend);
	for (int i = 0; i < n; i++) {
		if (rc < 0)
			rcs[i] = rc;
		if (rcs[i] < 0 && digest[i][0])
			hint_put(ctx->st, digest[i], NULL);
	}
	return rc < 0 ? rc : 0;
}

int
cj_store_session_check(struct cj_ctx *ctx, const char *token, const struct cj_session_limits *lim,
                       struct cj_principal *p, enum cj_session_care *care, struct cj_error *err)
{
	struct cj_session_pending pend;
	int rc;

	*care = CJ_SESSION_FINE;
	if ((rc = cj_store_session_send(ctx, token, &pend, err)) < 0)
		return rc;
	return cj_store_session_read(ctx, &pend, lim, p, care, err);
}

int64_t
cj_store_checks_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
cj_store_checks_stand(struct cj_store *st, int ms)
{
	struct cj_session_hints *h = hints_of(st);

	if (h) {
		pthread_mutex_lock(&h->checked_lock);
		h->checked_ms = ms;
		pthread_mutex_unlock(&h->checked_lock);
	}
}

/*
 * The check kept for c->digest in c->p.tenant_id under c->stamp, checked
 * at most the table's time before now_ms, into c: 0, or -1.
 */
static int
checked_get(struct cj_store *st, struct cj_checked *c, int64_t now_ms)
{
	struct cj_session_hints *h = hints_of(st);
	struct cj_checked *s;
	int rc = -1;

	if (!h || !c->stamp)
		return -1;
	pthread_mutex_lock(&h->checked_lock);
	s = &h->checked[hint_slot(c->digest) % CHECKED];
	if (s->stamp == c->stamp && s->p.tenant_id == c->p.tenant_id &&
	    now_ms - s->at_ms < h->checked_ms && !memcmp(s->digest, c->digest, 65)) {
		memcpy(c, s, sizeof(*c));
		rc = 0;
	}
	pthread_mutex_unlock(&h->checked_lock);
	return rc;
}

/* Keep the check c (a stamp of 0 is none: not kept). */
static void
checked_put(struct cj_store *st, const struct cj_checked *c)
{
	struct cj_session_hints *h = hints_of(st);

	if (!h || !c->stamp)
		return;
	pthread_mutex_lock(&h->checked_lock);
	if (h->checked_ms > 0)
		memcpy(&h->checked[hint_slot(c->digest) % CHECKED], c, sizeof(*c));
	pthread_mutex_unlock(&h->checked_lock);
}

/* Keep a check read in a round trip under what the round trip read (store.h: cj_checked_under). */
static void
keep_under(struct cj_store *st, const struct cj_checked_under *under, const char digest[65],
           int64_t last_seen, int64_t started, const struct cj_principal *p)
{
	struct cj_checked c = { .stamp = under->stamp, .at_ms = under->at_ms, .n = under->n };

	memcpy(c.digest, digest, 65);
	c.last_seen = last_seen;
	c.started = started;
	cj_strcopy(c.last_hash, sizeof(c.last_hash), under->last_hash);
	memcpy(&c.p, p, sizeof(c.p));
	checked_put(st, &c);
}

/* The session's columns, then the college's audit head (n, last_hash: NULL when it has none). */
#define HEAD_COLUMNS BY_SESSION ", h.n, h.last_hash"
#define HEAD_JOIN    "LEFT JOIN audit_heads h ON h.tenant_id = t.id "

/*
 * The check that stands for token, into c: 1, 0 when none does (c then
 * holds the token's digest, and the stamp and the clock read before any
 * check to come), or <0 (no token of ctx's college).
 */
static int
standing(struct cj_ctx *ctx, const char *token, struct cj_checked *c, struct cj_error *err)
{
	memset(c, 0, sizeof(*c));
	c->n = -1;
	if (split_token(token, &c->p.tenant_id, c->digest) < 0 || c->p.tenant_id != ctx->tenant_id)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	/* the stamp before the statement: what it reads stands while the stamp does */
	c->stamp = cj_conn_stamp(ctx->conn);
	c->at_ms = cj_store_checks_clock();
	return checked_get(ctx->st, c, c->at_ms) == 0;
}

/* What the check c says: the principal, the head, and the session's age judged now. */
static int
checked_answer(struct cj_ctx *ctx, const struct cj_checked *c, const struct cj_session_limits *lim,
               struct cj_principal *p, enum cj_session_care *care, int64_t *n, char last_hash[65],
               struct cj_error *err)
{
	memcpy(p, &c->p, sizeof(*p));
	*n = c->n;
	memcpy(last_hash, c->last_hash, 65);
	return session_aged(ctx, c->digest, lim, c->last_seen, c->started, p, care, err);
}

int
cj_store_session_head(struct cj_ctx *ctx, const char *token, const struct cj_session_limits *lim,
                      struct cj_principal *p, enum cj_session_care *care, int64_t *n,
                      char last_hash[65], struct cj_error *err)
{
	struct cj_checked c;
	struct cj_stmt *st;
	int rc;

	*care = CJ_SESSION_FINE;
	*n = -1;
	last_hash[0] = '\0';
	if ((rc = standing(ctx, token, &c, err)) < 0)
		return rc;
	if (!rc) {
		rc = principal_stmt(ctx, c.p.tenant_id,
		                    PRINCIPAL_SQL(HEAD_COLUMNS, HEAD_JOIN SESSION_WHERE " = ?"),
		                    c.digest, &st, err);
		if (rc < 0)
			return rc;
		if ((rc = cj_stmt_step(st, err)) == 0 || (rc > 0 && !cj_stmt_int(st, 5)))
			rc = cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
		if (rc > 0) {
			principal_row(st, c.p.tenant_id, &c.last_seen, &c.started, &c.p);
			if (!cj_stmt_is_null(st, 15)) {
				c.n = cj_stmt_int(st, 15);
				cj_strcopy(c.last_hash, sizeof(c.last_hash), cj_stmt_text(st, 16));
			}
		}
		cj_stmt_free(st);
		if (rc < 0) {
			hint_put(ctx->st, c.digest, NULL);
			return rc;
		}
		checked_put(ctx->st, &c);
	}
	return checked_answer(ctx, &c, lim, p, care, n, last_hash, err);
}

int
cj_store_session_stands(struct cj_store *st, const char *token, struct cj_checked *found)
{
	struct cj_error err = { 0 };
	struct cj_conn *conn;

	memset(found, 0, sizeof(*found));
	if (!hints_of(st) || split_token(token, &found->p.tenant_id, found->digest) < 0 ||
	    cj_db_acquire(st->db, &conn, &err) < 0)
		return 0;
	found->stamp = cj_conn_stamp(conn);
	cj_db_release(st->db, conn);
	return checked_get(st, found, cj_store_checks_clock()) == 0;
}

int
cj_store_session_standing(struct cj_ctx *ctx, const struct cj_checked *found,
                          const struct cj_session_limits *lim, struct cj_principal *p,
                          enum cj_session_care *care, int64_t *n, char last_hash[65],
                          struct cj_error *err)
{
	*care = CJ_SESSION_FINE;
	if (found->p.tenant_id != ctx->tenant_id)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	return checked_answer(ctx, found, lim, p, care, n, last_hash, err);
}

int
cj_store_session_care(struct cj_ctx *ctx, const char *token, enum cj_session_care care,
                      struct cj_error *err)
{
	int64_t tenant_id, now = (int64_t)time(NULL);
	char digest[65];
	int rc;

	if (care == CJ_SESSION_FINE || split_token(token, &tenant_id, digest) < 0)
		return 0;
	ctx->tenant_id = tenant_id;
	if ((rc = cj_ctx_tx(ctx, CJ_TX_WRITE, err)) == 0)
		rc = care == CJ_SESSION_DEAD
		         ? cj_q_exec(ctx,
		                     "DELETE FROM sessions WHERE tenant_id = ? AND token_hash = ?",
		                     err, "it", tenant_id, digest)
		         : cj_q_exec(ctx,
		                     "UPDATE sessions SET last_seen = ?"
		                     " WHERE tenant_id = ? AND token_hash = ?",
		                     err, "iit", now, tenant_id, digest);
	return finish(ctx, rc, err);
}

int
cj_store_session(struct cj_ctx *ctx, const char *token, const struct cj_session_limits *lim,
                 struct cj_principal *p, struct cj_error *err)
{
	enum cj_session_care care = CJ_SESSION_FINE;
	int64_t tenant_id;
	int rc;

	if (cj_store_session_tenant(token, &tenant_id) < 0)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	ctx->tenant_id = tenant_id;
	if ((rc = cj_ctx_tx(ctx, CJ_TX_READ, err)) == 0)
		rc = cj_store_session_check(ctx, token, lim, p, &care, err);
	cj_ctx_finish(ctx, 0, NULL);
	if (care != CJ_SESSION_FINE) {
		struct cj_error e2 = { 0 };

		if (cj_store_session_care(ctx, token, care, &e2) < 0 && rc == 0)
			return *err = e2, -e2.code;
	}
	return rc;
}

int
cj_store_logout(struct cj_ctx *ctx, const char *token, const struct cj_principal *p,
                const char *client_addr, struct cj_error *err)
{
	int64_t tenant_id;
	char digest[65];
	int rc;

	if (split_token(token, &tenant_id, digest) < 0)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	rc = cj_q_exec(ctx, "DELETE FROM sessions WHERE tenant_id = ? AND token_hash = ?", err,
	               "it", tenant_id, digest);
	if (rc == 0)
		rc = log_row(ctx, p->tenant_code, p->username, client_addr, "logout", p->user_id,
		             err);
	return rc;
}

int
cj_store_password_change(struct cj_ctx *ctx, const char *token, struct cj_principal *p,
                         const char *client_addr, const char *old_pw, const char *new_pw,
                         int64_t *retry_after, struct cj_error *err)
{
	struct cj_login in = { .tenant = p->tenant_code,
		               .username = p->username,
		               .client_addr = client_addr,
		               .limits = { .idle = INT32_MAX, .max_age = INT32_MAX } };
	int64_t wait = 0, tenant_id, now = (int64_t)time(NULL);
	char pwhash[200] = "", digest[65], at[21];
	struct cj_principal me;
	char *hash;
	int rc;

	if (split_token(token, &tenant_id, digest) < 0 || tenant_id != p->tenant_id)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	if ((rc = cj_ctx_tx(ctx, CJ_TX_READ, err)) == 0)
		rc = throttle(ctx, p->tenant_id, p->username, client_addr, now, &wait, err);
	if (rc == 0 && !wait)
		rc = load_principal(ctx, p->tenant_id, p->username, pwhash, sizeof(pwhash), &me,
		                    err);
	cj_ctx_finish(ctx, 0, NULL);
	if (rc < 0)
		return rc;
	if (wait) {
		*retry_after = wait;
		return cj_error_set(err, CJ_ETOOMANY, CJ_M_TOO_MANY, NULL);
	}
	if (!verify(pwhash, old_pw)) {
		struct write w = { .in = &in,
			           .result = "failure",
			           .user_id = p->user_id,
			           .now = (int64_t)time(NULL) };

		if ((rc = write_tx(ctx, write_failure, &w, err)) < 0)
			return rc;
		return cj_error_set(err, CJ_EINVAL, CJ_M_PASSWORD_WRONG, "old_password");
	}
	if (cj_password_check(new_pw, p->username, "new_password", err) < 0)
		return -CJ_EINVAL;
	if (!strcmp(old_pw, new_pw))
		return cj_error_set(err, CJ_EINVAL, CJ_M_PASSWORD_SAME, "new_password");
	if (!(hash = cj_password_hash(new_pw)))
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "argon2id");
	cj_timestamp_now(at);
	{
		struct write w = {
			.in = &in, .p = p, .digest = digest, .created = at, .hash = hash
		};

		rc = write_tx(ctx, write_password, &w, err);
	}
	free(hash);
	if (rc < 0)
		return rc;
	p->must_change = 0;
	return 0;
}

/* The login log's rows: conditions only for what was asked (PostgreSQL infers each type). */
static json_t *
log_rows(struct cj_ctx *ctx, const char *select, const char *order,
         const struct cj_login_log_query *q, int64_t limit, int64_t offset, const char *outtypes,
         int *rc, struct cj_error *err)
{
	struct cj_sbuf sql = CJ_SBUF_INIT;
	struct cj_stmt *s;
	int i = 1;

	cj_sbuf_addf(&sql, "%s FROM login_log WHERE tenant_id = ?%s%s%s%s%s%s", select,
	             q->username ? " AND username = ?" : "", q->result ? " AND result = ?" : "",
	             q->from ? " AND substr(at, 1, 10) >= ?" : "",
	             q->to ? " AND substr(at, 1, 10) <= ?" : "", order,
	             limit ? " LIMIT ? OFFSET ?" : "");
	*rc = cj_stmt_prepare(ctx->conn, sql.buf, &s, err);
	cj_sbuf_release(&sql);
	if (*rc < 0)
		return NULL;
	cj_stmt_bind_int(s, i++, ctx->tenant_id);
	if (q->username)
		cj_stmt_bind_text(s, i++, q->username);
	if (q->result)
		cj_stmt_bind_text(s, i++, q->result);
	if (q->from)
		cj_stmt_bind_text(s, i++, q->from);
	if (q->to)
		cj_stmt_bind_text(s, i++, q->to);
	if (limit) {
		cj_stmt_bind_int(s, i++, limit);
		cj_stmt_bind_int(s, i++, offset);
	}
	return cj_q_collect(ctx, s, outtypes, rc, err);
}

int
cj_store_login_log(struct cj_ctx *ctx, const struct cj_login_log_query *q, json_t **items,
                   int64_t *total, struct cj_error *err)
{
	static const char *const sorts[][2] = {
		{ "at", " ORDER BY at, id" },
		{ "-at", " ORDER BY at DESC, id DESC" },
		{ "id", " ORDER BY id" },
		{ "-id", " ORDER BY id DESC" },
		{ "username", " ORDER BY username, id" },
		{ "-username", " ORDER BY username DESC, id DESC" },
	};
	const char *order = sorts[3][1];
	json_t *cnt, *rows;
	int rc;

	if (q->sort) {
		order = NULL;
		for (size_t i = 0; i < CJ_ARRAY_SIZE(sorts); i++)
			if (!strcmp(q->sort, sorts[i][0]))
				order = sorts[i][1];
		if (!order)
			return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_QUERY, "sort");
	}
	cnt = log_rows(ctx, "SELECT count(*) AS n", "", q, 0, 0, "i", &rc, err);
	if (!cnt)
		return rc;
	*total = json_integer_value(json_object_get(json_array_get(cnt, 0), "n"));
	rows = log_rows(ctx, "SELECT id, at, username, tenant_code, client_addr, result, user_id",
	                order, q, q->size, (q->page - 1) * q->size, "ittttti", &rc, err);
	if (!rows)
		return rc;
	*items = rows;
	return 0;
}

int
cj_store_principal_json(struct cj_ctx *ctx, const struct cj_principal *p, json_t **out,
                        struct cj_error *err)
{
	json_t *rows, *u, *t;
	int rc;

	rows =
	    cj_q_rows(ctx,
	              "SELECT u.display_name, t.id AS tid, t.code, t.name, t.kind, t.region_code,"
	              " u.staff_id FROM users u JOIN tenants t ON t.id = u.tenant_id"
	              " WHERE u.tenant_id = ? AND u.id = ?",
	              "titttti", &rc, err, "ii", p->tenant_id, p->user_id);
	if (!rows)
		return rc;
	u = json_array_get(rows, 0);
	if (!u)
		return cj_error_set(err, CJ_EUNAUTH, CJ_M_UNAUTH, NULL);
	t = json_pack("{s:I,s:O,s:O,s:O,s:O}", "id", (json_int_t)p->tenant_id, "code",
	              json_object_get(u, "code"), "name", json_object_get(u, "name"), "kind",
	              json_object_get(u, "kind"), "region_code", json_object_get(u, "region_code"));
	*out = json_pack(
	    "{s:I,s:s,s:O,s:s,s:o,s:o,s:o}", "id", (json_int_t)p->user_id, "username", p->username,
	    "display_name", json_object_get(u, "display_name"), "role", p->role, "tenant", t,
	    "department_id", p->department_id ? json_integer(p->department_id) : json_null(),
	    "enterprise_id", p->enterprise_id ? json_integer(p->enterprise_id) : json_null());
	/* the staff record the user is (a task owner), or null */
	json_object_set(*out, "staff_id", json_object_get(u, "staff_id"));
	cj_ctx_keep(ctx, *out);
	return 0;
}

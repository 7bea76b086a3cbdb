/*
 * Answers kept while a college's records stand.
 *
 * A read of a list or a record (a route flagged CJ_R_KEEP) is answered
 * from the table when the same caller asked the same thing under the same
 * state of the college: the key is the college, the caller's principal
 * (user, role, department, enterprise), the language, today's date (some
 * fields move with it: overdue, expiring), the path and the query; the
 * state is the college's audit-chain head (cj_store_audit_head), which
 * every write to its records moves in the write's own transaction.  The
 * head is read after the session check, before the handler's statements
 * (in the request's transaction on SQLite; on PostgreSQL in its pipeline,
 * whose statements each see their own snapshot, the head's first), so a
 * kept answer is what the handler computes under that head or later, on
 * any number of servers sharing the database.  Only 200 answers are kept,
 * with the handler's own headers (a record's ETag is its version).  A
 * search (a query with q) is not kept: the search index is also written by
 * fills that move no head.
 *
 * An answer without an ETag of its own (a list) gets one naming its key
 * and state; a request whose If-None-Match names it is answered 304 with
 * no body.  Answers stay "Cache-Control: no-store" (the HTTP layer's): no
 * browser keeps them on disk.  A request with "Cache-Control: no-cache"
 * is computed (and its answer kept).
 *
 * The table is direct-mapped by a hash seeded at random (a slot is
 * replaced by any other answer that hashes to it) and holds at most its
 * budget of bytes: a full table empties slots in turn until the new answer
 * fits.  Thread-safe.
 */
#ifndef CJ_KEPT_H
#define CJ_KEPT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct cj_kept;
struct cj_req;
struct cj_resp;
struct cj_route;

/* A table of at most budget bytes of answers (its keys included); the caller frees it. */
struct cj_kept *cj_kept_new(size_t budget);
void cj_kept_free(struct cj_kept *k);
/* The bytes it holds and the answers, now. */
void cj_kept_usage(struct cj_kept *k, size_t *bytes, size_t *answers);

/*
 * Run route r's handler for rq, or answer from k (NULL: no table, the
 * handler runs).  Inside the request's transaction, after its session
 * check; returns what the handler returns (0).
 */
int cj_kept_run(struct cj_kept *k, struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r);

/*
 * Whether k may keep an answer of rq (route r) at all: a table, a route
 * flagged CJ_R_KEEP, a GET, no search (q).  Needs no principal.
 */
int cj_kept_may(struct cj_kept *k, struct cj_req *rq, const struct cj_route *r);

/*
 * The same in two halves, for a caller that reads the session and the head
 * itself (api/share.h: many requests' in one round trip).  cj_kept_ask
 * answers 1 when k holds an answer of rq (route r, its caller in rq->who)
 * under some state, and rq did not ask for a fresh one: ask then holds its
 * key (release it with cj_kept_ask_release); 0 otherwise, nothing to
 * release.  cj_kept_answer answers rs from k (copied into rq's arena, with
 * its ETag, or 304) when it still holds ask's key under the head (n,
 * last_hash) read after the caller's session check: 1, or 0 (rs untouched).
 */
struct cj_kept_ask {
	struct cj_sbuf key;
	uint64_t h; /* the ETag's hash of the key */
	void *slot;
	int32_t day;
};
int cj_kept_ask(struct cj_kept *k, struct cj_req *rq, const struct cj_route *r,
                struct cj_kept_ask *ask);
int cj_kept_answer(struct cj_kept *k, struct cj_req *rq, struct cj_resp *rs,
                   const struct cj_kept_ask *ask, int64_t n, const char *last_hash);
void cj_kept_ask_release(struct cj_kept_ask *ask);

#endif

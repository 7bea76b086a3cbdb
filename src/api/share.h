/*
 * Session checks shared: the kept answers of many requests checked in one
 * round trip (docs/performance.md, "Checks shared").
 *
 * A read that the kept table can answer (api/kept.h) still needs its
 * session checked and its college's head read before the answer goes: on
 * PostgreSQL a round trip, whose cost is mostly the two processes waking
 * (about 72 µs of this machine's CPU for an empty one), and during which
 * the polling thread waits.  Here such a request is taken off the polling
 * thread, its connection suspended, and a thread of the share's own sends
 * the checks of every request waiting in one pipeline (at most BATCH of
 * them), in one implicit read-only transaction, college by college: the
 * college's tenant (cj_ctx_set_tenant, which moves the pipeline to it), its
 * head (cj_store_audit_head_send), read once for its requests, then their
 * sessions, checked by one statement (cj_store_sessions_send).  Each
 * statement runs in
 * the tenant set before it, under row-level security, as the request's own
 * pipeline would run it; every request came before the round trip was
 * sent, so the head read in it is its college's state then or later.  Then,
 * for each: when the check names exactly the principal its token's hint
 * named (cj_store_session_hint), needs no touch of last_seen, and the table
 * holds the answer under the head read, the answer is served; otherwise the
 * request runs the plain way (cj_api_handle), from the start.  The check
 * decides every answer, as on the request's own path.
 *
 * Only where the driver pipelines (cj_conn_pipelined): SQLite's check and
 * head cost no round trip.  Thread-safe.
 */
#ifndef CJ_SHARE_H
#define CJ_SHARE_H

#include "api/api.h"
#include "api/kept.h"

struct cj_share;

/*
 * A share for app (its store and kept table), its thread started; NULL
 * where there is nothing to share: no kept table, or a driver that does not
 * pipeline.  cj_share_stop answers what waits, then stops the thread (the
 * share then takes nothing); cj_share_free frees it (stopping it first).
 * Both accept NULL.
 */
struct cj_share *cj_share_new(struct cj_app *app);
void cj_share_stop(struct cj_share *sh);
void cj_share_free(struct cj_share *sh);

/*
 * Queue rq (its caller rq->who set from its token's hint, its kept answer
 * asked for: the share takes ask): hold(arg) is called first, then, from the
 * share's thread, done(arg, answered): 1 when rs is the answer, 0 when rq
 * must run the plain way (rq and rs are then as before the take, but for
 * rq->who and rq->token, which the plain way sets again).  Neither rq nor rs
 * is touched after done.  Returns 1 queued, 0 when stopping (ask released,
 * nothing called).
 */
int cj_share_queue(struct cj_share *sh, struct cj_req *rq, struct cj_resp *rs,
                   struct cj_kept_ask *ask, void (*hold)(void *arg),
                   void (*done)(void *arg, int answered), void *arg);

/* What it did: the requests checked, in how many round trips, and how many it answered. */
void cj_share_counts(struct cj_share *sh, uint64_t *checked, uint64_t *trips, uint64_t *answered);

#endif

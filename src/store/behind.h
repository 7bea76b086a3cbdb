/*
 * Writing behind: a trusted batch (chanjiao gen) hands its writes to a
 * thread of the connection's own and goes on making the next records.
 *
 * While a connection writes behind (cj_behind_start), a statement that
 * only writes (an INSERT, UPDATE or DELETE without RETURNING) is not run
 * when it is stepped: its text and bound values are copied into a queue,
 * and its step answers 0 (done).  The driver's search_added is queued the
 * same way.  The connection's thread runs the queue in order.  Anything
 * else on the connection (a statement that reads, a commit, a rollback,
 * the tenant, a script) first waits until the queue has run: a barrier.
 * So every statement sees the writes made before it, as without the
 * thread; only a failed write is told later, at the next barrier.
 *
 * The first write that fails fails the batch: the ones queued after it
 * are dropped, and that barrier, every later one and cj_behind_stop
 * answer its error until the connection stops writing behind.  The
 * caller then rolls back, as after any failed write of its transaction.
 *
 * The new rows' ids: where the driver's ids follow the rows (SQLite,
 * whose write transaction holds the database), cj_db_next_id draws a
 * table's ids from a counter read once (max(id) + 1), and the store's
 * create draws every new record's id so (cj_behind_ids), without a
 * barrier.  Where ids are drawn (PostgreSQL's identity), cj_db_next_id
 * draws a block of CJ_BEHIND_BLOCK of them at once, reserved for this
 * session, and hands them out in turn: one barrier a block, not a record.
 * Where the driver sends statements ahead (PostgreSQL's pipeline), the
 * connection's thread sends up to 128 queued writes before it reads their
 * answers: one round trip for them all.
 *
 * One thread uses the connection at a time: the caller's between
 * barriers only queues, the connection's only runs the queue.
 */
#ifndef CJ_BEHIND_H
#define CJ_BEHIND_H

#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

/* Start writing behind on c (its thread started).  CJ_EINTERNAL when it cannot start. */
int cj_behind_start(struct cj_conn *c, struct cj_error *err);
/* Run the queue, stop the thread: 0, or the first failed write's error.  No-op when not started. */
int cj_behind_stop(struct cj_conn *c, struct cj_error *err);

/* Whether c writes behind and draws new ids from its counters. */
int cj_behind_ids(struct cj_conn *c);

/* For db.c, which routes each use of a connection that writes behind here. */

/* Wait until c's queue has run: 0 (also when c does not write behind), or the failed write's. */
int cj_behind_barrier(struct cj_conn *c, struct cj_error *err);
/*
 * Whether sql is queued rather than run when c writes behind; then *out
 * is a statement that copies its bound values and queues itself at each
 * step (freed with cj_stmt_free).
 */
int cj_behind_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out);
/* Queue the driver's search_added: 1 queued, 0 when c does not write behind. */
int cj_behind_search_added(struct cj_conn *c, int64_t tenant_id, const char *entity,
                           int64_t record_id);
/*
 * A new id of table from its counter: 1 drawn, 0 when c has no counter
 * for it (cj_db_next_id then asks the database, after a barrier, and
 * hands the answer to cj_behind_count_from, which counts on from it).
 */
int cj_behind_counted_id(struct cj_conn *c, const char *table, int64_t *id);
void cj_behind_count_from(struct cj_conn *c, const char *table, int64_t id);
/*
 * Where ids are drawn (db.h: next_ids_sql): whether c draws table's ids a
 * block at a time (it keeps a counter for the table: not when it has no
 * room for one), and the block of n ids just drawn, handed out in turn by
 * cj_behind_counted_id.
 */
#define CJ_BEHIND_BLOCK 256
int cj_behind_can_draw(struct cj_conn *c, const char *table);
void cj_behind_drawn(struct cj_conn *c, const char *table, const int64_t *ids, int n);

#endif

/*
 * PostgreSQL's change stamp (db.h: stamp), for the PostgreSQL driver
 * (docs/performance.md, "Checks that stand on PostgreSQL").
 *
 * Several servers share one PostgreSQL database, so the stamp cannot be a
 * counter in a file beside it.  Each process keeps, for each database it
 * connects to, a counter that moves:
 *
 *   - at once, in the committing thread, after each commit of this
 *     process's own writes (cj_pg_watch_moved), before the write answers;
 *   - when a notification on the channel CJ_PG_CHANGED arrives: every
 *     write committed through the driver, by any process, is followed by
 *     one (cj_pg_watch_notify_sql, a transaction of its own, so that the
 *     write's commit never waits for NOTIFY's cluster-wide lock), which a
 *     thread of the watch listens for on a connection of its own;
 *   - when that connection is lost or made again: what was missed meanwhile
 *     is unknown.
 *
 * The stamp reads 0 (none kept) until the watch listens, and whenever it
 * does not: then nothing stands.  A change made through another process is
 * seen once its notification arrives (less than a millisecond on one
 * machine); the bound in time of the checks that stand covers a process
 * killed between its commit and its notification, and writes made without
 * the driver.  A process's own notifications carry its watch's nonce and
 * are not counted again.  The listening connection has TCP keepalives, and
 * the watch sends itself a notification on a channel of its own every
 * 5 s: one that is not back within 10 s counts as a lost connection, so a
 * connection lost without a word is found too.
 *
 * The watch of a database is shared by every connection of the process to
 * it (by URI) and freed with the last; its thread starts at the first
 * cj_pg_watch_stamp, so that a command that never asks runs none.  Its
 * connection is made and used without blocking a stop (cj_pg_watch_put
 * ends it at once).  Thread-safe; not across fork.
 */
#ifndef CJ_PG_WATCH_H
#define CJ_PG_WATCH_H

#include <stdint.h>

#define CJ_PG_CHANGED "cj_changed"
/* The listening connection's application_name (pg_stat_activity). */
#define CJ_PG_WATCH_NAME "chanjiao-watch"

struct cj_pg_watch;

/* The process's watch of uri, one reference more; cj_pg_watch_put drops one (NULL accepted). */
struct cj_pg_watch *cj_pg_watch_get(const char *uri);
void cj_pg_watch_put(struct cj_pg_watch *w);

/* The stamp: 0 while not listening (the thread is started if it is not). */
uint64_t cj_pg_watch_stamp(struct cj_pg_watch *w);

/* A write of this process has committed: the stamp moves. */
void cj_pg_watch_moved(struct cj_pg_watch *w);

/*
 * The notification that follows a write's commit (owned by w): one simple
 * query, its own transaction, whose commit does not wait for the disk (a
 * lost notification costs only a check's reuse, which its bound in time
 * ends), its payload w's nonce.
 */
const char *cj_pg_watch_notify_sql(const struct cj_pg_watch *w);

#endif

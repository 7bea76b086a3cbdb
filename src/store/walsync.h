/*
 * Group commit for SQLite's write-ahead log (the server's, cj_db_group_commit).
 *
 * With synchronous=FULL every COMMIT waits for its own fsync of the WAL,
 * and holds the process's writer lock meanwhile: writers line up behind
 * the disk one by one.  A group-committed database runs its connections
 * with synchronous=NORMAL instead (a COMMIT writes its frames to the WAL
 * and returns) and gives each commit a number, taken under the writer lock
 * so that numbers follow the WAL's order (cj_walsync_begin).  One thread
 * makes the WAL durable (fdatasync, and its directory when the file is new)
 * for every commit numbered before the sync began; the commits that came
 * while the disk was busy share the next one.
 *
 * No answer goes before what it rests on is durable: a write's, after a
 * sync that covers its commit; any answer, after a sync that covers every
 * commit numbered when its work ended (cj_walsync_visible: a commit is
 * numbered before it becomes visible, so a read that saw it waits for it;
 * as with FULL, where a commit is visible only once synced).  The callers
 * wait with cj_walsync_wait, or cj_walsync_notify when they must not
 * block.  Checkpoints under NORMAL sync the WAL before copying it and the
 * database after (SQLite's own rule), so a frame a checkpoint takes away
 * was durable first.
 *
 * A failed sync fails every write not yet acknowledged, and the driver
 * refuses write transactions from then on (cj_walsync_failed): what
 * reached the disk is not known any more.  Reads go on.
 */
#ifndef CJ_WALSYNC_H
#define CJ_WALSYNC_H

#include <stdint.h>

#include "core/error.h"

struct cj_walsync;

/* One caller waiting without blocking: owned by the caller, untouched once its cb ran. */
struct cj_walsync_waiter {
	struct cj_walsync_waiter *next;
	uint64_t seq;
	void (*cb)(void *arg, int durable); /* from the syncing thread: durable 1, or 0 (failed) */
	void *arg;
};

/*
 * The syncer of the WAL file named wal (as SQLite names it), its thread
 * started.  CJ_EINTERNAL when the thread cannot start.
 */
int cj_walsync_new(const char *wal, struct cj_walsync **out, struct cj_error *err);
/* Sync what was committed, answer every waiter, stop the thread, free (accepts NULL). */
void cj_walsync_free(struct cj_walsync *s);

/*
 * A write transaction's COMMIT: cj_walsync_begin right before it (its
 * number), cj_walsync_end right after it, ok or not, both under the
 * writer lock.  A commit that went through is also remembered as the
 * calling thread's last (cj_walsync_thread_last).
 */
uint64_t cj_walsync_begin(struct cj_walsync *s);
void cj_walsync_end(struct cj_walsync *s, uint64_t seq, int ok);
/*
 * Every commit a transaction could see so far has a number up to this one
 * (numbers are given before COMMIT makes the commit visible): an answer
 * read now is on the disk once this number is durable.
 */
uint64_t cj_walsync_visible(struct cj_walsync *s);
/* Whether commit seq is durable already (no lock). */
int cj_walsync_durable(struct cj_walsync *s, uint64_t seq);
/*
 * The calling thread's last commit through any syncer (*s NULL and 0 when
 * none; s and seq may be NULL), and how many it has made: a caller compares that count before and
 * after its work to learn whether the work committed.
 */
uint64_t cj_walsync_thread_last(struct cj_walsync **s, uint64_t *seq);

/* Block until commit seq is durable: 0, or -1 when a sync failed. */
int cj_walsync_wait(struct cj_walsync *s, uint64_t seq);
/*
 * 1 when commit seq is durable already; 0 when w->cb will say so (or that
 * it failed) from the syncing thread; -1 when a sync has failed.
 */
int cj_walsync_notify(struct cj_walsync *s, uint64_t seq, struct cj_walsync_waiter *w,
                      void (*cb)(void *arg, int durable), void *arg);
/* Whether a sync has failed (nothing is acknowledged any more). */
int cj_walsync_failed(struct cj_walsync *s);
/* Syncs done, and commits numbered: how many commits a sync covers (a debug counter). */
void cj_walsync_counts(struct cj_walsync *s, long *syncs, uint64_t *commits);
/*
 * For tests: the syncing thread calls fn(arg) in place of its sync of the
 * WAL (0 durable, -1 failed), so that a test can hold a sync or fail one;
 * cj_walsync_sync_file is the sync itself, for a fn that delays it.
 */
void cj_walsync_set_sync(struct cj_walsync *s, int (*fn)(void *arg), void *arg);
int cj_walsync_sync_file(struct cj_walsync *s);

#endif

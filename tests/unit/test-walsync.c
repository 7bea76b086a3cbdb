/*
 * store/walsync.c: group commit on a SQLite file.  Writers on several
 * threads share syncs of the WAL; no commit is said durable before a sync
 * that began after it; a failed sync fails every write not yet durable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/walsync.h"

struct fx {
	char dir[64];
	char path[96];
	struct cj_db *db;
	struct cj_walsync *ws;
};

static int
setup(void **state)
{
	struct fx *f = cj_xcalloc(1, sizeof(*f));
	struct cj_error err = { 0 };
	struct cj_conn *c;

	snprintf(f->dir, sizeof(f->dir), "/tmp/cj-walsync-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	assert_int_equal(cj_db_open(f->path, &f->db, &err), 0);
	assert_int_equal(cj_db_acquire(f->db, &c, &err), 0);
	assert_int_equal(
	    cj_conn_exec_script(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", &err), 0);
	cj_db_release(f->db, c);
	assert_null(cj_db_walsync(f->db));
	assert_int_equal(cj_db_group_commit(f->db, &err), 0);
	f->ws = cj_db_walsync(f->db);
	assert_non_null(f->ws);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[96];

	cj_db_free(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* One write transaction: the commit's number (this thread's last). */
static uint64_t
write_one(struct cj_db *db, const char *v)
{
	struct cj_error err = { 0 };
	struct cj_walsync *s;
	struct cj_conn *c;
	struct cj_stmt *st;
	uint64_t seq;

	assert_int_equal(cj_db_acquire(db, &c, &err), 0);
	assert_int_equal(cj_tx_begin(c, CJ_TX_WRITE, &err), 0);
	assert_int_equal(cj_stmt_prepare(c, "INSERT INTO t (v) VALUES (?)", &st, &err), 0);
	cj_stmt_bind_text(st, 1, v);
	assert_int_equal(cj_stmt_step(st, &err), 0);
	cj_stmt_free(st);
	assert_int_equal(cj_tx_commit(c, &err), 0);
	cj_db_release(db, c);
	cj_walsync_thread_last(&s, &seq);
	assert_non_null(s);
	return seq;
}

static int64_t
count_rows(struct cj_db *db)
{
	struct cj_error err = { 0 };
	struct cj_conn *c;
	struct cj_stmt *st;
	int64_t n;

	assert_int_equal(cj_db_acquire(db, &c, &err), 0);
	assert_int_equal(cj_stmt_prepare(c, "SELECT count(*) FROM t", &st, &err), 0);
	assert_int_equal(cj_stmt_step(st, &err), 1);
	n = cj_stmt_int(st, 0);
	cj_stmt_free(st);
	cj_db_release(db, c);
	return n;
}

struct writer {
	struct fx *f;
	int id, failures;
};

#define WRITERS 4
#define WRITES  60

static void *
writer(void *arg)
{
	struct writer *w = arg;
	char v[32];

	for (int i = 0; i < WRITES; i++) {
		snprintf(v, sizeof(v), "w%d-%d", w->id, i);
		if (cj_walsync_wait(w->f->ws, write_one(w->f->db, v)) != 0)
			w->failures++;
	}
	return NULL;
}

/* Writers on four threads, each waiting for its commit: every one durable, never more syncs than
 * commits. */
static void
test_writers_share_syncs(void **state)
{
	struct fx *f = *state;
	struct writer w[WRITERS];
	pthread_t th[WRITERS];
	uint64_t commits;
	long syncs;

	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){ f, i, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, writer, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(count_rows(f->db), WRITERS * WRITES);
	cj_walsync_counts(f->ws, &syncs, &commits);
	assert_int_equal(commits, WRITERS * WRITES);
	assert_true(syncs >= 1 && syncs <= (long)commits);
	printf("# %llu commits, %ld syncs\n", (unsigned long long)commits, syncs);
	assert_int_equal(cj_walsync_failed(f->ws), 0);
}

/* A sync the test holds: each call waits for its release, and says what it was told. */
struct held {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int entered, released, result;
};

static int
held_sync(void *arg)
{
	struct held *h = arg;
	int me, rc;

	pthread_mutex_lock(&h->lock);
	me = ++h->entered;
	pthread_cond_broadcast(&h->cond);
	while (h->released < me)
		pthread_cond_wait(&h->cond, &h->lock);
	rc = h->result;
	pthread_mutex_unlock(&h->lock);
	return rc;
}

static void
held_wait_entered(struct held *h, int n)
{
	pthread_mutex_lock(&h->lock);
	while (h->entered < n)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
}

static void
held_release(struct held *h)
{
	pthread_mutex_lock(&h->lock);
	h->released++;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

struct told {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int calls, durable;
};

static void
on_told(void *arg, int durable)
{
	struct told *t = arg;

	pthread_mutex_lock(&t->lock);
	t->calls++;
	t->durable = durable;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static int
told_calls(struct told *t, int wait_for)
{
	int n;

	pthread_mutex_lock(&t->lock);
	while (t->calls < wait_for)
		pthread_cond_wait(&t->cond, &t->lock);
	n = t->calls;
	pthread_mutex_unlock(&t->lock);
	return n;
}

/*
 * A commit made while a sync runs is not covered by it: it is told durable
 * only after the next sync, never by the one that began before it.
 */
static void
test_commit_during_sync_waits_for_next(void **state)
{
	struct fx *f = *state;
	struct held h = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 };
	struct told t1 = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	struct told t2 = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	struct cj_walsync_waiter w1, w2;
	uint64_t s1, s2;

	long syncs0, syncs1;
	uint64_t commits, s3;

	cj_walsync_set_sync(f->ws, held_sync, &h);
	s1 = write_one(f->db, "first");
	assert_int_equal(cj_walsync_visible(f->ws), s1);
	held_wait_entered(&h, 1); /* the sync of s1 has begun */
	s2 = write_one(f->db, "second");
	s3 = write_one(f->db, "third");
	assert_true(s2 == s1 + 1 && s3 == s2 + 1);
	/* a reader now could see all three: none is durable yet */
	assert_int_equal(cj_walsync_visible(f->ws), s3);
	assert_false(cj_walsync_durable(f->ws, s1));
	assert_int_equal(cj_walsync_notify(f->ws, s1, &w1, on_told, &t1), 0);
	assert_int_equal(cj_walsync_notify(f->ws, s3, &w2, on_told, &t2), 0);
	cj_walsync_counts(f->ws, &syncs0, &commits);
	held_release(&h); /* the first sync ends: s1 durable, s2 and s3 not */
	assert_int_equal(told_calls(&t1, 1), 1);
	assert_int_equal(t1.durable, 1);
	assert_true(cj_walsync_durable(f->ws, s1));
	assert_false(cj_walsync_durable(f->ws, s2));
	held_wait_entered(&h, 2); /* the second sync, for s2 and s3 together, is held */
	assert_int_equal(told_calls(&t2, 0), 0);
	held_release(&h);
	assert_int_equal(told_calls(&t2, 1), 1);
	assert_int_equal(t2.durable, 1);
	/* one sync more covered both commits made during the first */
	cj_walsync_counts(f->ws, &syncs1, &commits);
	assert_int_equal(syncs1, syncs0 + 2);
	assert_true(cj_walsync_durable(f->ws, s2) && cj_walsync_durable(f->ws, s3));
	/* durable now: said at once, without a call */
	assert_int_equal(cj_walsync_notify(f->ws, s2, &w2, on_told, &t2), 1);
	assert_int_equal(cj_walsync_wait(f->ws, s2), 0);
	cj_walsync_set_sync(f->ws, NULL, NULL);
	assert_int_equal(count_rows(f->db), 3);
}

/* A failed sync fails the writes it was for, and every one after it. */
static void
test_failed_sync(void **state)
{
	struct fx *f = *state;
	struct held h = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, -1 };
	struct told t = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 1 };
	struct cj_walsync_waiter w;
	uint64_t s1, s2, ok;

	ok = write_one(f->db, "before");
	assert_int_equal(cj_walsync_wait(f->ws, ok), 0);
	cj_walsync_set_sync(f->ws, held_sync, &h);
	s1 = write_one(f->db, "lost?");
	assert_int_equal(cj_walsync_notify(f->ws, s1, &w, on_told, &t), 0);
	held_wait_entered(&h, 1);
	held_release(&h);
	assert_int_equal(told_calls(&t, 1), 1);
	assert_int_equal(t.durable, 0);
	assert_int_equal(cj_walsync_wait(f->ws, s1), -1);
	assert_int_equal(cj_walsync_failed(f->ws), 1);
	/* what was durable before stays so; nothing after is */
	assert_int_equal(cj_walsync_wait(f->ws, ok), 0);
	/* no write transaction begins any more; reads go on */
	{
		struct cj_error err = { 0 };
		struct cj_conn *c;

		assert_int_equal(cj_db_acquire(f->db, &c, &err), 0);
		assert_int_equal(cj_tx_begin(c, CJ_TX_WRITE, &err), -CJ_EINTERNAL);
		assert_ptr_equal(err.msg, CJ_M_DISK_FAILED);
		cj_db_release(f->db, c);
	}
	assert_int_equal(count_rows(f->db), 2);
	s2 = s1 + 1;
	assert_int_equal(cj_walsync_wait(f->ws, s2), -1);
	assert_int_equal(cj_walsync_notify(f->ws, s2, &w, on_told, &t), -1);
}

/* The pool's connections run synchronous=NORMAL (1) grouped, FULL (2) otherwise. */
static void
test_pragma(void **state)
{
	struct fx *f = *state;
	struct cj_error err = { 0 };
	struct cj_db *plain;
	struct cj_conn *c;
	struct cj_stmt *st;

	assert_int_equal(cj_db_acquire(f->db, &c, &err), 0);
	assert_int_equal(cj_stmt_prepare(c, "PRAGMA synchronous", &st, &err), 0);
	assert_int_equal(cj_stmt_step(st, &err), 1);
	assert_int_equal(cj_stmt_int(st, 0), 1);
	cj_stmt_free(st);
	cj_db_release(f->db, c);
	assert_int_equal(cj_db_open(f->path, &plain, &err), 0);
	assert_int_equal(cj_db_acquire(plain, &c, &err), 0);
	assert_int_equal(cj_stmt_prepare(c, "PRAGMA synchronous", &st, &err), 0);
	assert_int_equal(cj_stmt_step(st, &err), 1);
	assert_int_equal(cj_stmt_int(st, 0), 2);
	cj_stmt_free(st);
	cj_db_release(plain, c);
	cj_db_free(plain);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writers_share_syncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_during_sync_waits_for_next, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_failed_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pragma, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

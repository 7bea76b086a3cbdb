/* Group commit for SQLite's WAL; see walsync.h. */
#include "store/walsync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

struct cj_walsync {
	char *wal; /* the WAL's path */
	char *dir; /* its directory */
	pthread_mutex_t lock;
	pthread_cond_t work; /* a commit to sync, or stop */
	pthread_cond_t done; /* synced moved, or failed */
	/*
	 * Numbers: started before a COMMIT, committed once it returned (both
	 * under the writer lock, so in the WAL's order), synced once a sync
	 * that began after it ended.  Atomic for the readers that only look.
	 */
	_Atomic uint64_t started, committed, synced;
	atomic_int failed;
	int stop;
	struct cj_walsync_waiter *waiters;
	dev_t dev; /* the WAL file the last sync found, to notice a new one */
	ino_t ino;
	long syncs;
	int (*fn)(void *arg); /* cj_walsync_set_sync's, in place of sync_wal */
	void *fn_arg;
	pthread_t thread;
};

static _Thread_local struct {
	struct cj_walsync *s;
	uint64_t seq;
	uint64_t n; /* commits this thread numbered, through any syncer */
} last;

/*
 * The WAL on the disk: its data, and its directory entry when the file is
 * one the last sync did not see (SQLite made it anew).  The pool's open
 * connections keep the WAL in place, so a missing one is a failure too.
 * 0, or -1 with errno.
 */
int
cj_walsync_sync_file(struct cj_walsync *s)
{
	struct stat sb;
	int fd = open(s->wal, O_RDONLY | O_CLOEXEC), rc = 0, e;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || fdatasync(fd) < 0)
		rc = -1;
	e = errno;
	close(fd);
	if (rc == 0 && (sb.st_dev != s->dev || sb.st_ino != s->ino)) {
		int dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd < 0 || fsync(dfd) < 0)
			rc = -1, e = errno;
		if (dfd >= 0)
			close(dfd);
		if (rc == 0)
			s->dev = sb.st_dev, s->ino = sb.st_ino;
	}
	errno = e;
	return rc;
}

static void *
syncer(void *arg)
{
	struct cj_walsync *s = arg;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		struct cj_walsync_waiter *ready = NULL, **pw;
		int (*fn)(void *arg);
		void *fn_arg;
		uint64_t target;
		int ok;

		while (!s->stop && (s->failed || s->synced == s->committed))
			pthread_cond_wait(&s->work, &s->lock);
		if (s->failed || s->synced == s->committed)
			break; /* stopping, nothing left to sync */
		target = s->committed;
		fn = s->fn, fn_arg = s->fn_arg;
		pthread_mutex_unlock(&s->lock);
		errno = 0;
		ok = (fn ? fn(fn_arg) : cj_walsync_sync_file(s)) == 0;
		if (!ok)
			fprintf(stderr,
			        "chanjiao: syncing %s: %s; no write is acknowledged from now on\n",
			        s->wal, errno ? strerror(errno) : "failed");
		pthread_mutex_lock(&s->lock);
		s->syncs++;
		if (ok)
			s->synced = target;
		else
			s->failed = 1;
		for (pw = &s->waiters; *pw;) {
			struct cj_walsync_waiter *w = *pw;

			if (s->failed || w->seq <= s->synced) {
				*pw = w->next;
				w->next = ready;
				ready = w;
			} else {
				pw = &w->next;
			}
		}
		pthread_cond_broadcast(&s->done);
		pthread_mutex_unlock(&s->lock);
		while (ready) {
			struct cj_walsync_waiter *w = ready;

			ready = w->next; /* w is its owner's again once cb runs */
			w->cb(w->arg, ok);
		}
		pthread_mutex_lock(&s->lock);
	}
	/* failed: answer whoever still waits */
	while (s->waiters) {
		struct cj_walsync_waiter *w = s->waiters;

		s->waiters = w->next;
		pthread_mutex_unlock(&s->lock);
		w->cb(w->arg, 0);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void
release(struct cj_walsync *s)
{
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->done);
	free(s->wal);
	free(s->dir);
	free(s);
}

int
cj_walsync_new(const char *wal, struct cj_walsync **out, struct cj_error *err)
{
	struct cj_walsync *s = cj_xcalloc(1, sizeof(*s));
	const char *slash = strrchr(wal, '/');

	*out = NULL;
	s->wal = cj_xstrdup(wal);
	if (slash) {
		size_t dn = slash == wal ? 1 : (size_t)(slash - wal);

		s->dir = cj_xmalloc(dn + 1);
		memcpy(s->dir, wal, dn);
		s->dir[dn] = '\0';
	} else {
		s->dir = cj_xstrdup(".");
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->done, NULL);
	if (pthread_create(&s->thread, NULL, syncer, s) != 0) {
		release(s);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "walsync thread");
	}
	*out = s;
	return 0;
}

void
cj_walsync_free(struct cj_walsync *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	if (last.s == s)
		last.s = NULL, last.seq = 0;
	release(s);
}

uint64_t
cj_walsync_begin(struct cj_walsync *s)
{
	return atomic_fetch_add(&s->started, 1) + 1;
}

void
cj_walsync_end(struct cj_walsync *s, uint64_t seq, int ok)
{
	pthread_mutex_lock(&s->lock);
	atomic_store(&s->committed, seq);
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	if (ok) {
		last.s = s;
		last.seq = seq;
		last.n++;
	}
}

uint64_t
cj_walsync_thread_last(struct cj_walsync **s, uint64_t *seq)
{
	if (s)
		*s = last.s;
	if (seq)
		*seq = last.seq;
	return last.n;
}

int
cj_walsync_wait(struct cj_walsync *s, uint64_t seq)
{
	int rc;

	pthread_mutex_lock(&s->lock);
	while (s->synced < seq && !s->failed)
		pthread_cond_wait(&s->done, &s->lock);
	rc = s->synced >= seq ? 0 : -1;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int
cj_walsync_notify(struct cj_walsync *s, uint64_t seq, struct cj_walsync_waiter *w,
                  void (*cb)(void *arg, int durable), void *arg)
{
	int rc = 0;

	pthread_mutex_lock(&s->lock);
	if (s->synced >= seq) {
		rc = 1;
	} else if (s->failed) {
		rc = -1;
	} else {
		*w = (struct cj_walsync_waiter){ s->waiters, seq, cb, arg };
		s->waiters = w;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int
cj_walsync_failed(struct cj_walsync *s)
{
	return atomic_load(&s->failed);
}

uint64_t
cj_walsync_visible(struct cj_walsync *s)
{
	return atomic_load(&s->started);
}

int
cj_walsync_durable(struct cj_walsync *s, uint64_t seq)
{
	return atomic_load(&s->synced) >= seq;
}

void
cj_walsync_counts(struct cj_walsync *s, long *syncs, uint64_t *commits)
{
	pthread_mutex_lock(&s->lock);
	*syncs = s->syncs;
	*commits = s->committed;
	pthread_mutex_unlock(&s->lock);
}

void
cj_walsync_set_sync(struct cj_walsync *s, int (*fn)(void *arg), void *arg)
{
	pthread_mutex_lock(&s->lock);
	s->fn = fn;
	s->fn_arg = arg;
	pthread_mutex_unlock(&s->lock);
}

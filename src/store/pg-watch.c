/* PostgreSQL's change stamp: a counter per database, moved by commits and notifications; see
 * pg-watch.h. */
#include "store/pg-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"

#define RETRY_MS 1000 /* between two attempts to listen */

const char cj_pg_watch_notify_sql[] =
    "BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY " CJ_PG_CHANGED "; COMMIT";

/*
 * The state: the count of moves times two, plus one while the thread
 * listens.  It only grows, so a stamp once read never comes back; the
 * stamp is the state when odd, else 0.
 */
struct cj_pg_watch {
	struct cj_pg_watch *next;
	char *uri;
	int refs; /* under watches_lock */
	pthread_mutex_t lock;
	atomic_int started;
	int wake[2]; /* written to stop the thread */
	pthread_t thread;
	_Atomic uint64_t state;
};

static pthread_mutex_t watches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cj_pg_watch *watches;

/* The state's listening half: from not listening to listening, or back. */
static void
turn(struct cj_pg_watch *w)
{
	atomic_fetch_add(&w->state, 1);
}

/* Wait ms for a stop: 1 asked to stop, else 0. */
static int
stop_within(struct cj_pg_watch *w, int ms)
{
	struct pollfd p = { .fd = w->wake[0], .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

/* A connection that listens, or NULL. */
static PGconn *
listen_on(struct cj_pg_watch *w)
{
	PGconn *pg = PQconnectdb(w->uri);
	PGresult *res;
	PGnotify *n;
	int ok;

	if (PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	res = PQexec(pg, "LISTEN " CJ_PG_CHANGED);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok) {
		PQfinish(pg);
		return NULL;
	}
	/* what came before the LISTEN's commit is visible to whatever reads the stamp after it */
	while ((n = PQnotifies(pg)))
		PQfreemem(n);
	return pg;
}

/*
 * Listen until the connection is lost (0) or a stop is asked (1): each
 * arrival of notifications moves the state once.
 */
static int
listening(struct cj_pg_watch *w, PGconn *pg)
{
	struct pollfd fds[2] = { { .fd = PQsocket(pg), .events = POLLIN },
		                 { .fd = w->wake[0], .events = POLLIN } };

	for (;;) {
		PGnotify *n;
		int got = 0;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (fds[1].revents)
			return 1;
		if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK)
			return 0;
		while ((n = PQnotifies(pg))) {
			PQfreemem(n);
			got = 1;
		}
		if (got)
			atomic_fetch_add(&w->state, 2);
	}
}

static void *
run(void *arg)
{
	struct cj_pg_watch *w = arg;

	for (;;) {
		PGconn *pg = listen_on(w);
		int stop;

		if (!pg) {
			if (stop_within(w, RETRY_MS))
				return NULL;
			continue;
		}
		turn(w); /* listening */
		stop = listening(w, pg);
		turn(w); /* not: what comes now is missed */
		PQfinish(pg);
		if (stop)
			return NULL;
	}
}

struct cj_pg_watch *
cj_pg_watch_get(const char *uri)
{
	struct cj_pg_watch *w;

	pthread_mutex_lock(&watches_lock);
	for (w = watches; w && strcmp(w->uri, uri); w = w->next)
		;
	if (!w) {
		w = cj_xcalloc(1, sizeof(*w));
		w->uri = cj_xstrdup(uri);
		w->wake[0] = w->wake[1] = -1;
		pthread_mutex_init(&w->lock, NULL);
		w->next = watches;
		watches = w;
	}
	w->refs++;
	pthread_mutex_unlock(&watches_lock);
	return w;
}

void
cj_pg_watch_put(struct cj_pg_watch *w)
{
	struct cj_pg_watch **p;
	int last;

	if (!w)
		return;
	pthread_mutex_lock(&watches_lock);
	if ((last = --w->refs == 0)) {
		for (p = &watches; *p != w; p = &(*p)->next)
			;
		*p = w->next;
	}
	pthread_mutex_unlock(&watches_lock);
	if (!last)
		return;
	if (atomic_load(&w->started)) {
		while (write(w->wake[1], "x", 1) < 0 && errno == EINTR)
			;
		pthread_join(w->thread, NULL);
	}
	if (w->wake[0] >= 0)
		close(w->wake[0]), close(w->wake[1]);
	pthread_mutex_destroy(&w->lock);
	free(w->uri);
	free(w);
}

/* Start the thread once (a watch that cannot start one stays at 0: nothing stands). */
static void
start(struct cj_pg_watch *w)
{
	pthread_mutex_lock(&w->lock);
	if (!atomic_load(&w->started) && w->wake[0] < 0 && pipe2(w->wake, O_CLOEXEC) == 0) {
		if (pthread_create(&w->thread, NULL, run, w) == 0) {
			atomic_store(&w->started, 1);
		} else {
			close(w->wake[0]), close(w->wake[1]);
			w->wake[0] = w->wake[1] = -1;
		}
	}
	pthread_mutex_unlock(&w->lock);
}

uint64_t
cj_pg_watch_stamp(struct cj_pg_watch *w)
{
	uint64_t s;

	if (!atomic_load_explicit(&w->started, memory_order_acquire))
		start(w);
	s = atomic_load(&w->state);
	return s & 1 ? s : 0;
}

void
cj_pg_watch_moved(struct cj_pg_watch *w)
{
	if (w)
		atomic_fetch_add(&w->state, 2);
}

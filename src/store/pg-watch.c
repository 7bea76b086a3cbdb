/* PostgreSQL's change stamp: a counter per database, moved by commits and notifications; see
 * pg-watch.h. */
#include "store/pg-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/secret.h"
#include "lib/util.h"

#define RETRY_MS     1000  /* between two attempts to listen */
#define CONNECT_MS   10000 /* a step of making the connection, or a statement, at most */
#define HEARTBEAT_MS 5000  /* between two notifications the watch sends itself */
#define ECHO_MS      10000 /* for one of them to come back */

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
	char nonce[17];       /* this watch's, in its notifications' payload and its own channel */
	char notify_sql[160]; /* cj_pg_watch_notify_sql */
	char listen_sql[96];  /* LISTEN to the changes and to the watch's own channel */
	char beat_sql[128];   /* a notification on the watch's own channel */
	char own[32];         /* that channel */
};

static pthread_mutex_t watches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cj_pg_watch *watches;

/* The state's listening half: from not listening to listening, or back. */
static void
turn(struct cj_pg_watch *w)
{
	atomic_fetch_add(&w->state, 1);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum { READY, TIMEOUT, STOP };

/* Wait up to ms (-1: no end) for pg's socket to be ready for events, or a stop (or an error). */
static int
wait_for(struct cj_pg_watch *w, PGconn *pg, short events, int ms)
{
	struct pollfd fds[2] = { { .fd = pg ? PQsocket(pg) : -1, .events = events },
		                 { .fd = w->wake[0], .events = POLLIN } };
	int n;

	do
		n = poll(fds, 2, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0 || fds[1].revents)
		return STOP;
	return n == 0 ? TIMEOUT : READY;
}

/* A connection made without blocking a stop, with TCP keepalives; NULL when none came. */
static PGconn *
connect_to(struct cj_pg_watch *w)
{
	static const char *const keys[] = { "dbname",           "keepalives",
		                            "keepalives_idle",  "keepalives_interval",
		                            "keepalives_count", "tcp_user_timeout",
		                            "application_name", NULL };
	const char *values[] = { w->uri, "1", "10", "5", "3", "20000", CJ_PG_WATCH_NAME, NULL };
	PGconn *pg = PQconnectStartParams(keys, values, 1);
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;

	while (pg && PQstatus(pg) != CONNECTION_BAD && st != PGRES_POLLING_OK &&
	       st != PGRES_POLLING_FAILED &&
	       wait_for(w, pg, st == PGRES_POLLING_READING ? POLLIN : POLLOUT, CONNECT_MS) == READY)
		st = PQconnectPoll(pg);
	if (pg && st == PGRES_POLLING_OK && PQstatus(pg) == CONNECTION_OK)
		return pg;
	PQfinish(pg);
	return NULL;
}

/* Run sql (statements without rows) on pg without blocking a stop: 0, or -1. */
static int
run_query(struct cj_pg_watch *w, PGconn *pg, const char *sql)
{
	PGresult *res;
	int ok = 1, f;

	if (!PQsendQuery(pg, sql))
		return -1;
	while ((f = PQflush(pg)) == 1)
		if (wait_for(w, pg, POLLOUT, CONNECT_MS) != READY)
			return -1;
	if (f < 0)
		return -1;
	for (;;) {
		while (!PQisBusy(pg)) {
			if (!(res = PQgetResult(pg)))
				return ok ? 0 : -1;
			ok &= PQresultStatus(res) == PGRES_COMMAND_OK;
			PQclear(res);
		}
		if (wait_for(w, pg, POLLIN, CONNECT_MS) != READY || !PQconsumeInput(pg))
			return -1;
	}
}

/* A connection that listens, or NULL. */
static PGconn *
listen_on(struct cj_pg_watch *w)
{
	PGconn *pg = connect_to(w);
	PGnotify *n;

	if (!pg)
		return NULL;
	if (run_query(w, pg, w->listen_sql) < 0) {
		PQfinish(pg);
		return NULL;
	}
	/* a session timeout would end it (PostgreSQL 14 and later; an older one has none) */
	run_query(w, pg, "SET idle_session_timeout = 0");
	/* what came before the LISTEN's commit is visible to whatever reads the stamp after it */
	while ((n = PQnotifies(pg)))
		PQfreemem(n);
	return pg;
}

/*
 * Listen until the connection is lost (0) or a stop is asked (1): each
 * arrival of another's notifications moves the state once.  Every
 * HEARTBEAT_MS the watch notifies its own channel; no echo within ECHO_MS
 * is a lost connection.
 */
static int
listening(struct cj_pg_watch *w, PGconn *pg)
{
	int64_t beat = now_ms() + HEARTBEAT_MS, echo_by = 0;

	for (;;) {
		int64_t until = (echo_by ? echo_by : beat) - now_ms();
		PGresult *res;
		PGnotify *n;
		int got = 0, r;

		r = wait_for(w, pg, POLLIN, until > 0 ? (int)until : 0);
		if (r == STOP)
			return 1;
		if (r == TIMEOUT) {
			if (echo_by || PQisBusy(pg) || !PQsendQuery(pg, w->beat_sql) ||
			    PQflush(pg) != 0)
				return 0;
			echo_by = now_ms() + ECHO_MS;
			continue;
		}
		if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK)
			return 0;
		while (!PQisBusy(pg) && (res = PQgetResult(pg)))
			PQclear(res); /* the heartbeat's statements */
		while ((n = PQnotifies(pg))) {
			if (!strcmp(n->relname, w->own)) {
				echo_by = 0;
				beat = now_ms() + HEARTBEAT_MS;
			} else if (strcmp(n->extra, w->nonce)) {
				got =
				    1; /* not one of this process's own, counted at their commit */
			}
			PQfreemem(n);
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
			if (wait_for(w, NULL, 0, RETRY_MS) == STOP)
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

static struct cj_pg_watch *
watch_new(const char *uri)
{
	struct cj_pg_watch *w = cj_xcalloc(1, sizeof(*w));

	w->uri = cj_xstrdup(uri);
	w->wake[0] = w->wake[1] = -1;
	pthread_mutex_init(&w->lock, NULL);
	cj_random_hex(w->nonce, 8);
	snprintf(w->own, sizeof(w->own), "cj_watch_%s", w->nonce);
	snprintf(w->notify_sql, sizeof(w->notify_sql),
	         "BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY " CJ_PG_CHANGED
	         ", '%s'; COMMIT",
	         w->nonce);
	snprintf(w->listen_sql, sizeof(w->listen_sql), "LISTEN " CJ_PG_CHANGED "; LISTEN %s",
	         w->own);
	snprintf(w->beat_sql, sizeof(w->beat_sql),
	         "BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY %s; COMMIT", w->own);
	return w;
}

struct cj_pg_watch *
cj_pg_watch_get(const char *uri)
{
	struct cj_pg_watch *w;

	pthread_mutex_lock(&watches_lock);
	for (w = watches; w && strcmp(w->uri, uri); w = w->next)
		;
	if (!w) {
		w = watch_new(uri);
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

	if (!w)
		return 0;
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

const char *
cj_pg_watch_notify_sql(const struct cj_pg_watch *w)
{
	return w->notify_sql;
}

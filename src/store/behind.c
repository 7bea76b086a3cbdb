/* Writing behind a trusted batch; see behind.h. */
#include "store/behind.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

/* Ops queued before the caller waits for the thread. */
#define QUEUE_MAX 4096
/* Ops queued before a sleeping thread is woken (a barrier wakes it at once). */
#define WAKE_AT 256
/* Ops the caller gathers before it hands them to the thread, under one lock. */
#define PUBLISH_AT 64
/* Tables whose new ids a batch draws from a counter. */
#define COUNTERS 48
/* Statements sent ahead before their answers are read (below the driver's pipeline). */
#define SEND_AHEAD 128
/* Search index rows added before the thread indexes them (search_flush). */
#define FLUSH_AT 8192

enum op_kind { OP_SQL, OP_SEARCH_ADDED, OP_SEARCH_FLUSH };

struct val {
	char type; /* 'i' int, 't' text, 'n' NULL, 'b' bytes */
	int64_t i;
	const char *p; /* text or bytes, inside the op's block (NULL until the step) */
	size_t n;
};

/* A queued write: one block holding the op, its values, its SQL and their bytes. */
struct op {
	struct op *next;
	enum op_kind kind;
	const char *sql; /* OP_SQL; OP_SEARCH_ADDED: the entity */
	int64_t tenant_id, record_id;
	int nvals;
	struct val vals[];
};

/* A table's next ids: counted from next (SQLite), or a block drawn (ids[at..n)). */
struct counter {
	char table[48];
	int64_t next;
	int64_t ids[CJ_BEHIND_BLOCK];
	int at, n;
};

struct cj_behind {
	struct cj_conn *conn;
	const struct cj_db_driver *drv;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more, ran; /* ops queued; the queue ran (or has room) */
	struct op *head, *tail;
	int queued, running, sleeping, quit;
	struct op *mine, *mine_tail; /* the caller's, not yet handed over */
	int nmine;
	struct op *done; /* run, to be freed by the caller */
	int failed;
	struct cj_error err; /* the first failed write's */
	struct counter counters[COUNTERS];
	int ncounters;
	int added; /* search_added queued since the last OP_SEARCH_FLUSH */
};

/* A statement that queues itself: its values until its step. */
struct wstmt {
	struct cj_stmt_base base;
	struct cj_behind *b;
	char *sql;
	size_t sql_n; /* with its NUL */
	int nvals, cap;
	struct val *vals;
	struct cj_sbuf bytes; /* the values' texts and bytes */
};

static struct cj_behind *
behind_of(struct cj_conn *c)
{
	return ((struct cj_conn_base *)c)->behind;
}

/* Bind o's values to s. */
static void
bind_op(struct cj_behind *b, struct cj_stmt *s, const struct op *o)
{
	for (int i = 0; i < o->nvals; i++) {
		const struct val *v = &o->vals[i];

		switch (v->type) {
		case 'i':
			b->drv->bind_int(s, i + 1, v->i);
			break;
		case 't':
			b->drv->bind_text(s, i + 1, v->p);
			break;
		case 'b':
			b->drv->bind_blob(s, i + 1, v->p, v->n);
			break;
		default:
			b->drv->bind_null(s, i + 1);
		}
	}
}

/* Step s to its end and free it: 0, or its error. */
static int
finish(struct cj_behind *b, struct cj_stmt *s, struct cj_error *err)
{
	int rc;

	while ((rc = b->drv->step(s, err)) > 0)
		;
	b->drv->finalize(s);
	return rc;
}

/*
 * Run one op on the connection with the driver's own calls.  Where the
 * driver sends statements ahead (PostgreSQL's pipeline), a statement is
 * only sent, and kept in sent[] (*nsent) until finish_sent reads the
 * answers of all, in one round trip.
 */
static int
run_op(struct cj_behind *b, struct op *o, struct cj_stmt **sent, int *nsent, struct cj_error *err)
{
	struct cj_stmt *s;
	int rc;

	if (o->kind == OP_SEARCH_ADDED)
		return b->drv->search_added(b->conn, o->tenant_id, o->sql, o->record_id, err);
	if (o->kind == OP_SEARCH_FLUSH)
		return b->drv->search_flush(b->conn, err);
	if ((rc = b->drv->prepare(b->conn, o->sql, &s, err)) < 0)
		return rc;
	bind_op(b, s, o);
	if (!b->drv->send)
		return finish(b, s, err);
	if ((rc = b->drv->send(s, err)) < 0) {
		b->drv->finalize(s);
		return rc;
	}
	sent[(*nsent)++] = s;
	return 0;
}

/* The answers of the statements sent: 0, or the first failure's error. */
static int
finish_sent(struct cj_behind *b, struct cj_stmt **sent, int *nsent, struct cj_error *err)
{
	int rc = 0;

	for (int i = 0; i < *nsent; i++) {
		struct cj_error e = { 0 };

		if (finish(b, sent[i], &e) < 0 && rc == 0) {
			*err = e;
			rc = -1;
		}
	}
	*nsent = 0;
	return rc;
}

/* Record the batch's first failure: the rest is dropped, the batch rolls back. */
static void
fail(struct cj_behind *b, const struct cj_error *e)
{
	pthread_mutex_lock(&b->lock);
	b->err = *e;
	b->failed = 1;
	pthread_mutex_unlock(&b->lock);
}

/*
 * Take the queue and run it, b->lock held (released meanwhile).  The
 * thread does, and a barrier when the thread is not running: what is left
 * is run at once rather than after the thread wakes.
 */
static void
run_queue(struct cj_behind *b)
{
	struct op *list = b->head, *last = NULL;
	struct cj_stmt *sent[SEND_AHEAD];
	int n = 0, nsent = 0;

	b->head = b->tail = NULL;
	b->running = 1;
	pthread_mutex_unlock(&b->lock);
	for (struct op *o = list; o; last = o, o = o->next, n++) {
		struct cj_error e = { 0 };

		if (b->failed)
			continue;
		/* what was sent is answered before anything but a statement, and when full */
		if ((o->kind != OP_SQL || nsent == SEND_AHEAD) &&
		    finish_sent(b, sent, &nsent, &e) < 0) {
			fail(b, &e);
			continue;
		}
		if (run_op(b, o, sent, &nsent, &e) < 0) {
			struct cj_error first = { 0 };

			/* A write sent before it may have failed first: PostgreSQL then refuses
			 * what follows (a prepare, a send), and the first failure is the batch's.
			 */
			if (nsent && finish_sent(b, sent, &nsent, &first) < 0)
				e = first;
			fail(b, &e);
		}
	}
	if (nsent) {
		struct cj_error e = { 0 };

		if (finish_sent(b, sent, &nsent, &e) < 0 && !b->failed)
			fail(b, &e);
	}
	pthread_mutex_lock(&b->lock);
	/* Freed by the caller's thread, whose allocator they came from (no lock shared per op). */
	if (last) {
		last->next = b->done;
		b->done = list;
	}
	b->queued -= n;
	b->running = 0;
	pthread_cond_broadcast(&b->ran);
}

static void *
writer(void *arg)
{
	struct cj_behind *b = arg;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		b->sleeping = 1;
		while (!b->head && !b->quit)
			pthread_cond_wait(&b->more, &b->lock);
		b->sleeping = 0;
		if (!b->head)
			break;
		run_queue(b);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static void
free_ops(struct op *o)
{
	while (o) {
		struct op *next = o->next;

		free(o);
		o = next;
	}
}

/* Take the ops run so far, b->lock held: the caller frees them once it let go of the lock. */
static struct op *
take_done(struct cj_behind *b)
{
	struct op *d = b->done;

	b->done = NULL;
	return d;
}

/* Hand the caller's ops to the thread, b->lock held; wait while the queue is full. */
static void
publish(struct cj_behind *b)
{
	if (!b->mine)
		return;
	while (b->queued >= QUEUE_MAX) {
		pthread_cond_signal(&b->more);
		pthread_cond_wait(&b->ran, &b->lock);
	}
	if (b->tail)
		b->tail->next = b->mine;
	else
		b->head = b->mine;
	b->tail = b->mine_tail;
	b->queued += b->nmine;
	b->mine = b->mine_tail = NULL;
	b->nmine = 0;
	if (b->sleeping && b->queued >= WAKE_AT)
		pthread_cond_signal(&b->more);
}

/* Queue o: the caller's ops go to the thread PUBLISH_AT at a time (one lock for them). */
static void
enqueue(struct cj_behind *b, struct op *o)
{
	struct op *done;

	o->next = NULL;
	if (b->mine_tail)
		b->mine_tail->next = o;
	else
		b->mine = o;
	b->mine_tail = o;
	if (++b->nmine < PUBLISH_AT)
		return;
	pthread_mutex_lock(&b->lock);
	publish(b);
	done = take_done(b);
	pthread_mutex_unlock(&b->lock);
	free_ops(done);
}

/* Index the search rows added so far on the thread, where the driver can (search_flush). */
static void
queue_flush(struct cj_behind *b)
{
	struct op *o;

	if (!b->added || !b->drv->search_flush)
		return;
	o = cj_xmalloc(sizeof(*o));
	*o = (struct op){ .kind = OP_SEARCH_FLUSH };
	enqueue(b, o);
	b->added = 0;
}

int
cj_behind_barrier(struct cj_conn *c, struct cj_error *err)
{
	struct cj_behind *b = behind_of(c);
	struct op *done;
	int rc = 0;

	if (!b)
		return 0;
	pthread_mutex_lock(&b->lock);
	publish(b);
	if (!b->running && b->head)
		run_queue(b);
	while (b->queued > 0 || b->running)
		pthread_cond_wait(&b->ran, &b->lock);
	if (b->failed) {
		if (err && !err->code)
			*err = b->err;
		rc = b->err.code ? -b->err.code : -CJ_EINTERNAL;
	}
	done = take_done(b);
	pthread_mutex_unlock(&b->lock);
	free_ops(done);
	return rc;
}

int
cj_behind_start(struct cj_conn *c, struct cj_error *err)
{
	struct cj_conn_base *base = (struct cj_conn_base *)c;
	struct cj_behind *b;

	if (base->behind)
		return 0;
	b = cj_xcalloc(1, sizeof(*b));
	b->conn = c;
	b->drv = base->drv;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->more, NULL);
	pthread_cond_init(&b->ran, NULL);
	if (pthread_create(&b->thread, NULL, writer, b) != 0) {
		pthread_cond_destroy(&b->ran);
		pthread_cond_destroy(&b->more);
		pthread_mutex_destroy(&b->lock);
		free(b);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, "thread");
	}
	base->behind = b;
	return 0;
}

int
cj_behind_stop(struct cj_conn *c, struct cj_error *err)
{
	struct cj_conn_base *base = (struct cj_conn_base *)c;
	struct cj_behind *b = base->behind;
	int rc;

	if (!b)
		return 0;
	queue_flush(b); /* the thread indexes the last rows, not the COMMIT after */
	rc = cj_behind_barrier(c, err);
	pthread_mutex_lock(&b->lock);
	b->quit = 1;
	pthread_cond_signal(&b->more);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->ran);
	pthread_cond_destroy(&b->more);
	pthread_mutex_destroy(&b->lock);
	free(b);
	base->behind = NULL;
	return rc;
}

int
cj_behind_ids(struct cj_conn *c)
{
	struct cj_behind *b = behind_of(c);

	return b && (!b->drv->sync_ids || b->drv->next_ids_sql);
}

/* Whether sql only writes: INSERT, UPDATE or DELETE, without RETURNING. */
static int
writes_only(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n')
		sql++;
	if (strncasecmp(sql, "INSERT", 6) && strncasecmp(sql, "UPDATE", 6) &&
	    strncasecmp(sql, "DELETE", 6))
		return 0;
	return !strstr(sql, "RETURNING") && !strstr(sql, "returning");
}

static void w_bind(struct wstmt *w, int i, char type, int64_t iv, const void *p, size_t n);

static void
w_bind_int(struct cj_stmt *s, int i, int64_t v)
{
	w_bind((struct wstmt *)s, i, 'i', v, NULL, 0);
}

static void
w_bind_text(struct cj_stmt *s, int i, const char *v)
{
	w_bind((struct wstmt *)s, i, v ? 't' : 'n', 0, v, v ? strlen(v) + 1 : 0);
}

static void
w_bind_null(struct cj_stmt *s, int i)
{
	w_bind((struct wstmt *)s, i, 'n', 0, NULL, 0);
}

static void
w_bind_blob(struct cj_stmt *s, int i, const void *p, size_t n)
{
	w_bind((struct wstmt *)s, i, 'b', 0, p, n);
}

/* A value's bytes are copied into the statement's buffer (v->i their offset until the step). */
static void
w_bind(struct wstmt *w, int i, char type, int64_t iv, const void *p, size_t n)
{
	if (i < 1)
		return;
	if (i > w->cap) {
		int cap = i > 2 * w->cap ? i : 2 * w->cap;

		w->vals = cj_xrealloc(w->vals, (size_t)cap * sizeof(*w->vals));
		w->cap = cap;
	}
	for (int k = w->nvals; k < i; k++)
		w->vals[k] = (struct val){ .type = 'n' };
	if (i > w->nvals)
		w->nvals = i;
	w->vals[i - 1] = (struct val){ .type = type, .i = iv, .n = n };
	if (p) {
		w->vals[i - 1].i = (int64_t)w->bytes.len;
		cj_sbuf_add(&w->bytes, p, n);
	}
}

/* Queue the statement with its values: one block for the op, its SQL and its values' bytes. */
static int
w_step(struct cj_stmt *s, struct cj_error *err)
{
	struct wstmt *w = (struct wstmt *)s;
	size_t head = sizeof(struct op) + (size_t)w->nvals * sizeof(struct val);
	struct op *o = cj_xmalloc(head + w->bytes.len + w->sql_n);
	char *p = (char *)o + head;

	(void)err;
	*o = (struct op){ .kind = OP_SQL, .sql = p + w->bytes.len, .nvals = w->nvals };
	memcpy(p, w->bytes.buf, w->bytes.len);
	memcpy(p + w->bytes.len, w->sql, w->sql_n);
	for (int k = 0; k < w->nvals; k++) {
		o->vals[k] = w->vals[k];
		if (w->vals[k].type == 't' || w->vals[k].type == 'b') {
			o->vals[k].p = p + w->vals[k].i;
			o->vals[k].i = 0;
		}
	}
	enqueue(w->b, o);
	return 0;
}

static void
w_reset(struct cj_stmt *s)
{
	struct wstmt *w = (struct wstmt *)s;

	w->nvals = 0;
	cj_sbuf_reset(&w->bytes);
}

static void
w_finalize(struct cj_stmt *s)
{
	struct wstmt *w = (struct wstmt *)s;

	cj_sbuf_release(&w->bytes);
	free(w->vals);
	free(w->sql);
	free(w);
}

/* Only what a statement that writes is asked; it never has a row to read. */
static const struct cj_db_driver queued = {
	.name = "behind",
	.bind_int = w_bind_int,
	.bind_text = w_bind_text,
	.bind_null = w_bind_null,
	.bind_blob = w_bind_blob,
	.step = w_step,
	.reset = w_reset,
	.finalize = w_finalize,
};

int
cj_behind_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out)
{
	struct cj_behind *b = behind_of(c);
	struct wstmt *w;

	if (!b || !writes_only(sql))
		return 0;
	w = cj_xcalloc(1, sizeof(*w));
	w->base.drv = &queued;
	w->b = b;
	w->sql = cj_xstrdup(sql);
	w->sql_n = strlen(sql) + 1;
	cj_sbuf_init(&w->bytes);
	*out = (struct cj_stmt *)w;
	return 1;
}

int
cj_behind_search_added(struct cj_conn *c, int64_t tenant_id, const char *entity, int64_t record_id)
{
	struct cj_behind *b = behind_of(c);
	size_t n;
	struct op *o;

	if (!b)
		return 0;
	n = strlen(entity) + 1;
	o = cj_xmalloc(sizeof(*o) + n);
	*o = (struct op){ .kind = OP_SEARCH_ADDED,
		          .sql = memcpy((char *)(o + 1), entity, n),
		          .tenant_id = tenant_id,
		          .record_id = record_id };
	enqueue(b, o);
	if (++b->added >= FLUSH_AT)
		queue_flush(b);
	return 1;
}

/* The counter of table, or NULL. */
static struct counter *
counter(struct cj_behind *b, const char *table)
{
	for (int i = 0; i < b->ncounters; i++)
		if (!strcmp(b->counters[i].table, table))
			return &b->counters[i];
	return NULL;
}

int
cj_behind_counted_id(struct cj_conn *c, const char *table, int64_t *id)
{
	struct counter *k = cj_behind_ids(c) ? counter(behind_of(c), table) : NULL;

	if (!k)
		return 0;
	if (!behind_of(c)->drv->next_ids_sql) {
		*id = k->next++;
		return 1;
	}
	if (k->at == k->n)
		return 0; /* the block is used up (or none drawn yet): the next one is drawn */
	*id = k->ids[k->at++];
	return 1;
}

/* The counter of table, made when there is none; NULL when there is no room for it. */
static struct counter *
counter_made(struct cj_behind *b, const char *table)
{
	struct counter *k = counter(b, table);

	if (k || b->ncounters == COUNTERS || strlen(table) >= sizeof(k->table))
		return k; /* without room: drawn by a query each time, as without the thread */
	k = &b->counters[b->ncounters++];
	memset(k, 0, sizeof(*k));
	snprintf(k->table, sizeof(k->table), "%s", table);
	return k;
}

void
cj_behind_count_from(struct cj_conn *c, const char *table, int64_t id)
{
	struct counter *k;

	if (cj_behind_ids(c) && !behind_of(c)->drv->next_ids_sql &&
	    (k = counter_made(behind_of(c), table)))
		k->next = id + 1;
}

int
cj_behind_can_draw(struct cj_conn *c, const char *table)
{
	struct cj_behind *b = behind_of(c);

	return cj_behind_ids(c) && b->drv->next_ids_sql && counter_made(b, table);
}

void
cj_behind_drawn(struct cj_conn *c, const char *table, const int64_t *ids, int n)
{
	struct counter *k;

	if (!cj_behind_ids(c) || n < 1 || !(k = counter_made(behind_of(c), table)))
		return;
	if (n > CJ_BEHIND_BLOCK)
		n = CJ_BEHIND_BLOCK;
	memcpy(k->ids, ids, (size_t)n * sizeof(*ids));
	k->at = 0;
	k->n = n;
}

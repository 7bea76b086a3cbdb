/* Session checks shared in one round trip; see share.h. */
#include "api/share.h"

#include <pthread.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/util.h"
#include "store/db.h"

/*
 * Requests a round trip at most: three statements a college.  One
 * thread: a second, with a connection of its own, split the batches and was
 * not faster (docs/performance.md, "Checks shared").
 */
#define BATCH 64
_Static_assert(BATCH <= CJ_SESSIONS_MAX, "a college's sessions are checked by one statement");

struct item {
	struct item *next;
	struct cj_req *rq;
	struct cj_resp *rs;
	struct cj_kept_ask ask;
	void (*done)(void *arg, int answered);
	void *arg;
};

struct cj_share {
	struct cj_app *app;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct item *head, **tail;
	int stop, started;
	pthread_t thread;
	uint64_t checked, trips, answered;
};

/* The item's end: rq answered (or left to run the plain way), then done; it is not touched after.
 */
static void
finish(struct item *it, int answered)
{
	void (*done)(void *, int) = it->done;
	void *arg = it->arg;

	cj_kept_ask_release(&it->ask);
	if (!answered) {
		memset(it->rs, 0, sizeof(*it->rs));
		memset(&it->rq->who, 0, sizeof(it->rq->who));
		cj_error_clear(&it->rq->err);
		it->rq->token = NULL;
	}
	done(arg, answered);
}

/*
 * A college's requests in a round trip: its head, read once for them all,
 * and one statement that checks all their sessions (items[first..first+n)).
 */
struct group {
	int64_t tenant_id;
	int first, n;
	struct cj_stmt *head, *sessions;
};

/* Read group g's head and sessions, and answer each of its items: how many were served. */
static int
answer(struct cj_share *sh, struct cj_ctx *ctx, const struct cj_checked_under *before,
       struct item **items, struct group *g, int *yes)
{
	struct cj_checked_under under = *before;
	struct cj_session_limits lim = { sh->app->session_ttl, sh->app->session_max };
	const char *tokens[BATCH];
	struct cj_principal fresh[BATCH];
	enum cj_session_care care[BATCH];
	int rc[BATCH], served = 0, headed;
	struct cj_error err = { 0 };
	char last_hash[65];
	int64_t n;

	ctx->tenant_id = g->tenant_id;
	headed = cj_store_audit_head_read(g->head, &n, last_hash, &err) == 0;
	cj_error_clear(&err);
	for (int i = 0; i < g->n; i++)
		tokens[i] = items[g->first + i]->rq->token;
	/* the live sessions stand, with this head, while the stamp read before the trip does */
	if (headed) {
		under.n = n;
		under.last_hash = last_hash;
	}
	cj_store_sessions_read(ctx, g->sessions, tokens, g->n, &lim, headed ? &under : NULL, fresh,
	                       care, rc, &err);
	cj_error_clear(&err);
	for (int i = 0; i < g->n; i++) {
		struct item *it = items[g->first + i];

		/* a touch of last_seen, a dead session, another principal: the plain way says */
		yes[g->first + i] =
		    headed && rc[i] == 0 && care[i] == CJ_SESSION_FINE &&
		    !memcmp(&fresh[i], &it->rq->who, sizeof(fresh[i])) &&
		    cj_kept_answer(sh->app->kept, it->rq, it->rs, &it->ask, n, last_hash);
		served += yes[g->first + i];
	}
	return served;
}

/*
 * Check items[0..n) in one round trip, and answer each (share.h).  The
 * items go by college: for each, the tenant is set, its head read once for
 * them all (each request came before the round trip was sent, so the head
 * read in it is its college's state then or later), and their sessions
 * checked by one statement.
 */
static void
check(struct cj_share *sh, struct item **items, int n)
{
	struct cj_arena *arena = cj_arena_new();
	struct group groups[BATCH];
	struct cj_error err = { 0 };
	struct cj_checked_under before = { 0 };
	struct cj_ctx ctx;
	int ng = 0, answered = 0, yes[BATCH] = { 0 };

	/* by college, in the order they came within each (n is small) */
	for (int i = 1; i < n; i++)
		for (int j = i;
		     j > 0 && items[j - 1]->rq->who.tenant_id > items[j]->rq->who.tenant_id; j--) {
			struct item *t = items[j];

			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	if (cj_ctx_begin(sh->app->store, arena, 0, &ctx, &err) == 0) {
		/* the stamp before anything is sent: what the trip reads stands while it does */
		before.stamp = cj_conn_stamp(ctx.conn);
		before.at_ms = cj_store_checks_clock();
		ctx.tenant_id = items[0]->rq->who.tenant_id;
		if (cj_ctx_tx(&ctx, CJ_TX_READ, &err) == 0) {
			for (int i = 0; i < n; ng++) {
				struct group *g = &groups[ng];
				const char *tokens[BATCH];

				memset(g, 0, sizeof(*g));
				g->tenant_id = items[i]->rq->who.tenant_id;
				g->first = i;
				while (i < n && items[i]->rq->who.tenant_id == g->tenant_id)
					tokens[g->n++] = items[i++]->rq->token;
				if (ng && cj_ctx_set_tenant(&ctx, g->tenant_id, &err) < 0)
					break;
				if (cj_store_audit_head_send(&ctx, &g->head, &err) < 0)
					break;
				if (cj_store_sessions_send(&ctx, tokens, g->n, &g->sessions, &err) <
				    0) {
					cj_stmt_free(g->head);
					break;
				}
			}
			/* Every answer is read before any request goes on (done may free it). */
			for (int g = 0; g < ng; g++)
				answered += answer(sh, &ctx, &before, items, &groups[g], yes);
		}
		cj_ctx_end(&ctx, 0, NULL);
	}
	for (int i = 0; i < n; i++)
		finish(items[i], yes[i]);
	cj_arena_free(arena);
	pthread_mutex_lock(&sh->lock);
	sh->checked += (uint64_t)n;
	sh->trips++;
	sh->answered += (uint64_t)answered;
	pthread_mutex_unlock(&sh->lock);
}

static void *
run(void *arg)
{
	struct cj_share *sh = arg;
	struct item *items[BATCH];

	for (;;) {
		int n = 0;

		pthread_mutex_lock(&sh->lock);
		while (!sh->head && !sh->stop)
			pthread_cond_wait(&sh->cond, &sh->lock);
		while (sh->head && n < BATCH) {
			items[n++] = sh->head;
			if (!(sh->head = sh->head->next))
				sh->tail = &sh->head;
		}
		pthread_mutex_unlock(&sh->lock);
		if (!n)
			return NULL; /* stopping, and nothing waits */
		check(sh, items, n);
	}
}

struct cj_share *
cj_share_new(struct cj_app *app)
{
	struct cj_error err = { 0 };
	struct cj_share *sh;
	struct cj_ctx ctx;
	int pipelined;

	if (!app->kept || cj_ctx_begin(app->store, NULL, 0, &ctx, &err) < 0)
		return NULL;
	pipelined = cj_conn_pipelined(ctx.conn);
	cj_ctx_end(&ctx, 0, NULL);
	if (!pipelined)
		return NULL;
	sh = cj_xcalloc(1, sizeof(*sh));
	sh->app = app;
	sh->tail = &sh->head;
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->cond, NULL);
	if (pthread_create(&sh->thread, NULL, run, sh) != 0) {
		cj_share_free(sh);
		return NULL;
	}
	sh->started = 1;
	return sh;
}

void
cj_share_stop(struct cj_share *sh)
{
	if (!sh)
		return;
	pthread_mutex_lock(&sh->lock);
	sh->stop = 1;
	pthread_cond_broadcast(&sh->cond);
	pthread_mutex_unlock(&sh->lock);
	if (sh->started)
		pthread_join(sh->thread, NULL);
	sh->started = 0;
}

void
cj_share_free(struct cj_share *sh)
{
	if (!sh)
		return;
	cj_share_stop(sh);
	pthread_mutex_destroy(&sh->lock);
	pthread_cond_destroy(&sh->cond);
	free(sh);
}

int
cj_share_queue(struct cj_share *sh, struct cj_req *rq, struct cj_resp *rs, struct cj_kept_ask *ask,
               void (*hold)(void *arg), void (*done)(void *arg, int answered), void *arg)
{
	struct item *it = cj_arena_alloc(rq->arena, sizeof(*it));

	memset(it, 0, sizeof(*it));
	it->rq = rq;
	it->rs = rs;
	it->ask = *ask;
	it->done = done;
	it->arg = arg;
	pthread_mutex_lock(&sh->lock);
	if (sh->stop) {
		pthread_mutex_unlock(&sh->lock);
		cj_kept_ask_release(ask);
		return 0;
	}
	hold(arg);
	*sh->tail = it;
	sh->tail = &it->next;
	pthread_cond_signal(&sh->cond);
	pthread_mutex_unlock(&sh->lock);
	return 1;
}

void
cj_share_counts(struct cj_share *sh, uint64_t *checked, uint64_t *trips, uint64_t *answered)
{
	pthread_mutex_lock(&sh->lock);
	*checked = sh->checked;
	*trips = sh->trips;
	*answered = sh->answered;
	pthread_mutex_unlock(&sh->lock);
}

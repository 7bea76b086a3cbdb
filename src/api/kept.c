/* Answers kept while a college's records stand; see kept.h. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "api/kept.h"
#include "lib/jsonw.h"
#include "api/routes.h"
#include "core/date.h"
#include "lib/util.h"

#define SLOTS    4096
#define MAX_KEY  2048 /* a longer request is not kept */
#define MAX_PART 16   /* an answer above budget / MAX_PART is not kept */

struct slot {
	char *key; /* NULL: empty */
	size_t key_len;
	int64_t n; /* the state it was computed under */
	char last_hash[65];
	int32_t day;
	char *body;
	size_t len;
	char *heads; /* the handler's headers: name NUL value NUL, nheads times */
	size_t heads_len;
	int nheads;
};

struct cj_kept {
	pthread_mutex_t lock;
	size_t budget, used;
	size_t hand;   /* the next slot a full table empties */
	uint64_t seed; /* of the slots' hash: no caller can aim at a slot */
	struct slot slot[SLOTS];
};

/* Free what the slot holds (the slot itself is left as it was). */
static void
drop(struct slot *s)
{
	free(s->key);
	free(s->body);
	free(s->heads);
}

struct cj_kept *
cj_kept_new(size_t budget)
{
	struct cj_kept *k = cj_xcalloc(1, sizeof(*k));

	pthread_mutex_init(&k->lock, NULL);
	k->budget = budget;
	if (getrandom(&k->seed, sizeof(k->seed), 0) != (ssize_t)sizeof(k->seed))
		k->seed = (uint64_t)time(NULL);
	k->seed ^= CJ_FNV1A_INIT;
	return k;
}

void
cj_kept_free(struct cj_kept *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < SLOTS; i++)
		drop(&k->slot[i]);
	pthread_mutex_destroy(&k->lock);
	free(k);
}

void
cj_kept_usage(struct cj_kept *k, size_t *bytes, size_t *answers)
{
	pthread_mutex_lock(&k->lock);
	*bytes = k->used;
	*answers = 0;
	for (size_t i = 0; i < SLOTS; i++)
		*answers += k->slot[i].key != NULL;
	pthread_mutex_unlock(&k->lock);
}

/* A number of the key, then its end (/). */
static void
key_num(struct cj_sbuf *sb, int64_t v)
{
	cj_json_write_integer(sb, v);
	cj_sbuf_addch(sb, '/');
}

/* A part of the key: its length, then its bytes (no separator can be forged). */
static void
key_part(struct cj_sbuf *sb, const char *s)
{
	size_t n = strlen(s);

	cj_json_write_integer(sb, (int64_t)n);
	cj_sbuf_addch(sb, ':');
	cj_sbuf_add(sb, s, n);
}

/* What the answer depends on besides the college's state (kept.h). */
static void
key_of(struct cj_req *rq, struct cj_sbuf *sb)
{
	const struct cj_principal *p = &rq->who;

	key_num(sb, p->tenant_id);
	key_num(sb, p->user_id);
	key_num(sb, p->department_id);
	key_num(sb, p->enterprise_id);
	key_num(sb, rq->english);
	key_part(sb, p->role);
	key_part(sb, rq->path);
	for (int i = 0; i < rq->nargs; i++) {
		key_part(sb, rq->args[i].key);
		key_part(sb, rq->args[i].value ? rq->args[i].value : "");
	}
}

static int
holds(const struct slot *s, const char *key, size_t key_len, int64_t n, const char *last_hash,
      int32_t day)
{
	return s->key && s->key_len == key_len && s->n == n && s->day == day &&
	       !strcmp(s->last_hash, last_hash) && !memcmp(s->key, key, key_len);
}

/* Whether the client asked for an answer computed afresh (Cache-Control: no-cache). */
static int
wants_fresh(struct cj_req *rq)
{
	const char *cc = cj_req_header(rq, "Cache-Control");
	const char *pragma = cj_req_header(rq, "Pragma");

	return (cc && strcasestr(cc, "no-cache")) || (pragma && strcasestr(pragma, "no-cache"));
}

/* Whether If-None-Match names etag (one of a list; "*" is not a state, so not a match). */
static int
matches(struct cj_req *rq, const char *etag)
{
	const char *h = cj_req_header(rq, "If-None-Match");
	size_t n = strlen(etag);

	for (const char *p = h; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

static size_t
size_of(const struct slot *s)
{
	return s->key ? s->key_len + s->len + s->heads_len : 0;
}

/* Keep rs's answer (its body and headers) under key and the state; copies them. */
static void
keep(struct cj_kept *k, struct slot *s, const char *key, size_t key_len, int64_t n,
     const char *last_hash, int32_t day, const struct cj_resp *rs)
{
	struct slot fresh = { .key = cj_xmalloc(key_len), .key_len = key_len, .n = n, .day = day };
	struct cj_sbuf heads = CJ_SBUF_INIT;
	struct slot old;

	memcpy(fresh.key, key, key_len);
	fresh.body = cj_xmalloc(rs->len ? rs->len : 1);
	memcpy(fresh.body, rs->body, rs->len);
	fresh.len = rs->len;
	for (int i = 0; i < rs->nheaders; i++) {
		cj_sbuf_add(&heads, rs->headers[i].key, strlen(rs->headers[i].key) + 1);
		cj_sbuf_add(&heads, rs->headers[i].value, strlen(rs->headers[i].value) + 1);
	}
	fresh.heads_len = heads.len;
	fresh.heads = cj_sbuf_detach(&heads);
	fresh.nheads = rs->nheaders;
	cj_strcopy(fresh.last_hash, sizeof(fresh.last_hash), last_hash);
	pthread_mutex_lock(&k->lock);
	old = *s;
	k->used -= size_of(&old);
	memset(s, 0, sizeof(*s));
	/* A full table empties slots in turn (a clock's hand) until the answer fits. */
	for (size_t swept = 0; k->used + size_of(&fresh) > k->budget && swept < SLOTS; swept++) {
		struct slot *v = &k->slot[k->hand];

		k->hand = (k->hand + 1) % SLOTS;
		if (!v->key)
			continue;
		k->used -= size_of(v);
		drop(v);
		memset(v, 0, sizeof(*v));
	}
	if (k->used + size_of(&fresh) <= k->budget) {
		k->used += size_of(&fresh);
		*s = fresh;
	} else {
		drop(&fresh);
	}
	pthread_mutex_unlock(&k->lock);
	drop(&old);
}

/* Answer rs from the slot when it keeps key under the state (copied into rq's arena): 1, or 0. */
static int
kept(struct cj_kept *k, struct cj_req *rq, struct cj_resp *rs, struct slot *s, const char *key,
     size_t key_len, int64_t n, const char *last_hash, int32_t day)
{
	char *copy;

	pthread_mutex_lock(&k->lock);
	if (!holds(s, key, key_len, n, last_hash, day)) {
		pthread_mutex_unlock(&k->lock);
		return 0;
	}
	copy = cj_arena_alloc_raw(rq->arena, s->len ? s->len : 1);
	memcpy(copy, s->body, s->len);
	cj_reply_text(rs, 200, copy, s->len);
	for (const char *h = s->heads; rs->nheaders < s->nheads; h += strlen(h) + 1) {
		const char *name = cj_arena_strdup(rq->arena, h);

		h += strlen(h) + 1;
		cj_resp_header(rq, rs, name, h);
	}
	pthread_mutex_unlock(&k->lock);
	return 1;
}

/* Whether the handler named its own ETag (a record's version): then the answer's is its. */
static int
has_etag(const struct cj_resp *rs)
{
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcasecmp(rs->headers[i].key, "ETag"))
			return 1;
	return 0;
}

/* Whether the slot holds an answer of key, under whatever state. */
static int
has_key(struct cj_kept *k, const struct slot *s, const char *key, size_t key_len)
{
	int yes;

	pthread_mutex_lock(&k->lock);
	yes = s->key && s->key_len == key_len && !memcmp(s->key, key, key_len);
	pthread_mutex_unlock(&k->lock);
	return yes;
}

int
cj_kept_may(struct cj_kept *k, struct cj_req *rq, const struct cj_route *r)
{
	return k && (r->flags & CJ_R_KEEP) && !strcmp(rq->method, "GET") && !cj_req_arg(rq, "q");
}

/* Prepare ask for rq: 0, or -1 when rq is never kept (nothing to release). */
static int
ask_of(struct cj_kept *k, struct cj_req *rq, const struct cj_route *r, struct cj_kept_ask *ask)
{
	memset(ask, 0, sizeof(*ask));
	/*
	 * A search (q) reads the search index, which a fill (after a move, at a
	 * store's open) writes without moving the college's head: not kept.
	 */
	if (!cj_kept_may(k, rq, r))
		return -1;
	cj_sbuf_init(&ask->key);
	key_of(rq, &ask->key);
	if (ask->key.len > MAX_KEY) {
		cj_sbuf_release(&ask->key);
		return -1;
	}
	/* The ETag's hash is the same on every server; the slot's is this table's own. */
	ask->h = cj_fnv1a(CJ_FNV1A_INIT, ask->key.buf, ask->key.len);
	ask->slot = &k->slot[cj_fnv1a(k->seed, ask->key.buf, ask->key.len) % SLOTS];
	ask->day = cj_date_today();
	return 0;
}

void
cj_kept_ask_release(struct cj_kept_ask *ask)
{
	cj_sbuf_release(&ask->key);
}

int
cj_kept_ask(struct cj_kept *k, struct cj_req *rq, const struct cj_route *r, struct cj_kept_ask *ask)
{
	if (ask_of(k, rq, r, ask) < 0)
		return 0;
	if (wants_fresh(rq) || !has_key(k, ask->slot, ask->key.buf, ask->key.len)) {
		cj_kept_ask_release(ask);
		return 0;
	}
	return 1;
}

/* The answer's ETag, unless it has its own (a record's version, which If-Match names). */
static void
tag(struct cj_req *rq, struct cj_resp *rs, const struct cj_kept_ask *ask, int64_t n,
    const char *last_hash)
{
	char etag[24];
	uint64_t t;

	if (rs->status != 200 || has_etag(rs))
		return;
	t = cj_fnv1a(cj_fnv1a(ask->h, &n, sizeof(n)), &ask->day, sizeof(ask->day));
	t = cj_fnv1a(t, last_hash, strlen(last_hash));
	snprintf(etag, sizeof(etag), "\"%016" PRIx64 "\"", t);
	if (matches(rq, etag))
		cj_reply_empty(rs, 304);
	cj_resp_header(rq, rs, "ETag", etag);
}

int
cj_kept_answer(struct cj_kept *k, struct cj_req *rq, struct cj_resp *rs,
               const struct cj_kept_ask *ask, int64_t n, const char *last_hash)
{
	if (!kept(k, rq, rs, ask->slot, ask->key.buf, ask->key.len, n, last_hash, ask->day))
		return 0;
	tag(rq, rs, ask, n, last_hash);
	return 1;
}

int
cj_kept_run(struct cj_kept *k, struct cj_req *rq, struct cj_resp *rs, const struct cj_route *r)
{
	struct cj_error e2 = { 0 };
	struct cj_kept_ask ask;
	struct cj_stmt *pend;
	char last_hash[65] = "";
	int64_t n = -1;
	int known = 0;

	if (ask_of(k, rq, r, &ask) < 0)
		return r->handler(rq, rs, r);
	/*
	 * The head is sent first.  When the table has an answer of this request,
	 * it is read at once (a round trip where the driver pipelines) and the
	 * answer served when its state is the head's; otherwise it is read after
	 * the handler's statements, with them, and keys what they computed.
	 */
	if (cj_store_audit_head_send(&rq->ctx, &pend, &rq->err) < 0) {
		cj_kept_ask_release(&ask);
		return cj_reply_error(rq, rs, &rq->err);
	}
	if (!wants_fresh(rq) && has_key(k, ask.slot, ask.key.buf, ask.key.len)) {
		int rc = cj_store_audit_head_read(pend, &n, last_hash, &rq->err);

		pend = NULL;
		if (rc < 0) {
			cj_kept_ask_release(&ask);
			return cj_reply_error(rq, rs, &rq->err);
		}
		known = 1;
		if (cj_kept_answer(k, rq, rs, &ask, n, last_hash)) {
			cj_kept_ask_release(&ask);
			return 0;
		}
	}
	r->handler(rq, rs, r);
	if (pend) {
		known = cj_store_audit_head_read(pend, &n, last_hash, &e2) == 0;
		pend = NULL;
	}
	if (known && rs->status == 200 && !rs->is_file && rs->body &&
	    rs->nheaders < CJ_MAX_HEADERS && rs->len <= k->budget / MAX_PART)
		keep(k, ask.slot, ask.key.buf, ask.key.len, n, last_hash, ask.day, rs);
	if (known)
		tag(rq, rs, &ask, n, last_hash);
	cj_kept_ask_release(&ask);
	return 0;
}

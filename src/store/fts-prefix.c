/* See fts-prefix.h. */
#include "store/fts-prefix.h"

#include <stdlib.h>
#include <string.h>

/* One tokenizer: an instance of the ascii tokenizer it wraps. */
struct prefix_tok {
	fts5_tokenizer inner;
	Fts5Tokenizer *inst;
};

/* The callback of one xTokenize call: the caller's, and its context; for
 * cjcollege, the college's token met first, which prefixes the others. */
struct prefix_cb {
	void *ctx;
	int (*token)(void *ctx, int tflags, const char *tok, int n, int start, int end);
	int college;  /* cjcollege, not cjprefix */
	char key[80]; /* "t<digits>x<letters>:", once met */
	int keylen;
};

/* "t<digits>x<letters>": column k's tenant-and-entity token, kept whole. */
static int
tenant_token(const char *t, int n)
{
	int i = 1;

	if (n < 3 || t[0] != 't')
		return 0;
	while (i < n && t[i] >= '0' && t[i] <= '9')
		i++;
	if (i == 1 || i >= n || t[i] != 'x')
		return 0;
	while (++i < n)
		if (t[i] < 'a' || t[i] > 'z')
			return 0;
	return 1;
}

/* The byte length of the first CJ_FTS_TOKEN_MAX code points of tok (UTF-8). */
static int
cut_length(const char *tok, int n)
{
	int cut = 0, points = 0;

	while (cut < n && points < CJ_FTS_TOKEN_MAX) {
		cut++;
		while (cut < n && ((unsigned char)tok[cut] & 0xC0) == 0x80)
			cut++;
		points++;
	}
	return cut;
}

static int
prefix_token(void *arg, int tflags, const char *tok, int n, int start, int end)
{
	struct prefix_cb *cb = arg;
	char buf[sizeof(cb->key) + 4 * CJ_FTS_TOKEN_MAX];

	if (tenant_token(tok, n)) {
		if (!cb->college)
			return cb->token(cb->ctx, tflags, tok, n, start, end);
		if (!cb->keylen && n < (int)sizeof(cb->key)) {
			memcpy(cb->key, tok, (size_t)n);
			cb->key[n] = ':';
			cb->keylen = n + 1;
		}
		return SQLITE_OK;
	}
	n = cut_length(tok, n);
	if (!cb->keylen)
		return cb->token(cb->ctx, tflags, tok, n, start, end);
	memcpy(buf, cb->key, (size_t)cb->keylen);
	memcpy(buf + cb->keylen, tok, (size_t)n);
	return cb->token(cb->ctx, tflags, buf, cb->keylen + n, start, end);
}

static int
tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
         int (*token)(void *, int, const char *, int, int, int), int college)
{
	struct prefix_tok *p = (struct prefix_tok *)t;
	struct prefix_cb cb = { .ctx = ctx, .token = token, .college = college };

	return p->inner.xTokenize(p->inst, &cb, flags, text, len, prefix_token);
}

static int
prefix_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                int (*token)(void *, int, const char *, int, int, int))
{
	return tokenize(t, ctx, flags, text, len, token, 0);
}

static int
college_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                 int (*token)(void *, int, const char *, int, int, int))
{
	return tokenize(t, ctx, flags, text, len, token, 1);
}

static int
prefix_create(void *api, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *fts = api;
	struct prefix_tok *p;
	void *inner_ctx;
	int rc;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return SQLITE_NOMEM;
	rc = fts->xFindTokenizer(fts, "ascii", &inner_ctx, &p->inner);
	if (rc == SQLITE_OK)
		rc = p->inner.xCreate(inner_ctx, argv, argc, &p->inst);
	if (rc != SQLITE_OK) {
		free(p);
		return rc;
	}
	*out = (Fts5Tokenizer *)p;
	return SQLITE_OK;
}

static void
prefix_delete(Fts5Tokenizer *t)
{
	struct prefix_tok *p = (struct prefix_tok *)t;

	if (p) {
		p->inner.xDelete(p->inst);
		free(p);
	}
}

/* FTS5's API of a connection, as its documentation gets it: SELECT fts5(?) with a pointer. */
static fts5_api *
fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int
cj_fts_prefix_register(sqlite3 *db)
{
	static fts5_tokenizer prefix = { prefix_create, prefix_delete, prefix_tokenize };
	static fts5_tokenizer college = { prefix_create, prefix_delete, college_tokenize };
	fts5_api *api = fts5_of(db);
	int rc;

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	rc = api->xCreateTokenizer(api, "cjprefix", api, &prefix, NULL);
	return rc == SQLITE_OK ? api->xCreateTokenizer(api, "cjcollege", api, &college, NULL) : rc;
}

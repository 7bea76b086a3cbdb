/* See fts-prefix.h. */
#include "store/fts-prefix.h"

#include <stdlib.h>

/* One tokenizer: an instance of the ascii tokenizer it wraps. */
struct prefix_tok {
	fts5_tokenizer inner;
	Fts5Tokenizer *inst;
};

/* The callback of one xTokenize call: the caller's, and its context. */
struct prefix_cb {
	void *ctx;
	int (*token)(void *ctx, int tflags, const char *tok, int n, int start, int end);
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

static int
prefix_token(void *arg, int tflags, const char *tok, int n, int start, int end)
{
	struct prefix_cb *cb = arg;
	int cut = 0, points = 0;

	if (!tenant_token(tok, n)) {
		/* The byte length of the first CJ_FTS_TOKEN_MAX code points (UTF-8). */
		while (cut < n && points < CJ_FTS_TOKEN_MAX) {
			cut++;
			while (cut < n && ((unsigned char)tok[cut] & 0xC0) == 0x80)
				cut++;
			points++;
		}
		n = cut;
	}
	return cb->token(cb->ctx, tflags, tok, n, start, end);
}

static int
prefix_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                int (*token)(void *, int, const char *, int, int, int))
{
	struct prefix_tok *p = (struct prefix_tok *)t;
	struct prefix_cb cb = { ctx, token };

	return p->inner.xTokenize(p->inst, &cb, flags, text, len, prefix_token);
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
	static fts5_tokenizer tok = { prefix_create, prefix_delete, prefix_tokenize };
	fts5_api *api = fts5_of(db);

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "cjprefix", api, &tok, NULL);
}

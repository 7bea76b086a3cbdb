/*
 * chanjiao import and chanjiao export: the exchange from the command line,
 * with the same functions, rules and answers as the API (the answer's JSON
 * on standard output), and a progress bar on standard error when it is a
 * terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/util.h"
#include "modules/exchange/exchange.h"
#include "lib/jsonmem.h"

#define MAX_FILE (20 * 1024 * 1024)

struct bar {
	const char *what;
	const int64_t *total; /* how many in all, or NULL when not known */
	int shown;
};

static void
progress(void *arg, int64_t done)
{
	struct bar *b = arg;
	char line[64];
	int w = 30, fill;

	if (!isatty(2))
		return;
	if (b->total && *b->total > 0) {
		fill = (int)(done * w / *b->total);
		if (fill > w)
			fill = w;
		memset(line, '#', (size_t)fill);
		memset(line + fill, '.', (size_t)(w - fill));
		line[w] = '\0';
		fprintf(stderr, "\r%s [%s] %lld/%lld", b->what, line, (long long)done,
		        (long long)*b->total);
	} else {
		fprintf(stderr, "\r%s %lld", b->what, (long long)done);
	}
	b->shown = 1;
}

static void
bar_end(struct bar *b)
{
	if (b->shown && isatty(2))
		fputc('\n', stderr);
}

/* The options after LIST [FILE]; "-o F" is "--output F". */
static int
parse(const char *cmd, int argc, char **argv, struct cj_opt *opts, int n)
{
	char **args = cj_xcalloc((size_t)argc + 1, sizeof(char *));
	int rc;

	for (int i = 0; i < argc; i++)
		args[i] = !strcmp(argv[i], "-o") ? (char *)"--output" : argv[i];
	rc = cj_cli_parse(cmd, argc, args, opts, n);
	free(args);
	return rc;
}

static int
open_college(const char *cmd, struct cj_opt *opts, int n, struct cj_store **st, struct cj_arena *a,
             enum cj_tx_mode mode, struct cj_ctx *ctx)
{
	struct cj_error err = { 0 };
	const char *db = cj_cli_db(cmd, opts, n), *tenant = cj_cli_get(opts, n, "tenant");
	int64_t tid;

	if (!db)
		return CJ_EXIT_USAGE;
	if (!tenant)
		return cj_cli_usage(cmd, "--tenant is required");
	if (cj_cli_open(db, cj_cli_get(opts, n, "key-file"), st) < 0)
		return CJ_EXIT_FAIL;
	if (cj_ctx_begin(*st, a, mode, ctx, &err) < 0) {
		cj_cli_error(cmd, &err);
		return CJ_EXIT_FAIL;
	}
	ctx->username = "cli";
	if (cj_store_tenant_by_code(ctx, tenant, &tid, &err) < 0 ||
	    cj_ctx_set_tenant(ctx, tid, &err) < 0) {
		cj_cli_error(cmd, &err);
		cj_ctx_end(ctx, 0, NULL);
		return CJ_EXIT_FAIL;
	}
	return CJ_EXIT_OK;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &sb) == 0 && sb.st_size <= MAX_FILE) {
		buf = cj_xmalloc((size_t)sb.st_size + 1);
		if (fread(buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)sb.st_size;
	} else {
		errno = EFBIG;
	}
	fclose(f);
	return buf;
}

int
cmd_import(int argc, char **argv)
{
	struct cj_opt opts[] = { { "db", 0, NULL },
		                 { "tenant", 0, NULL },
		                 { "mode", 0, NULL },
		                 { "key-file", 0, NULL } };
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_arena *a = cj_arena_new();
	struct cj_store *st = NULL;
	struct cj_import im = { 0 };
	struct cj_error err = { 0 };
	struct cj_ctx ctx;
	struct bar bar = { "导入", &im.total, 0 };
	const struct cj_xlist *l;
	const char *mode, *base;
	char *data = NULL;
	int rc = CJ_EXIT_USAGE, r;

	if (argc < 2 || argv[0][0] == '-' || argv[1][0] == '-') {
		cj_cli_usage("import",
		             "LIST and FILE come first: chanjiao import LIST FILE --db PATH "
		             "--tenant C [--mode upsert]");
		goto out;
	}
	if (!(l = cj_xlist_find(argv[0]))) {
		cj_cli_usage("import", "no such list: %s", argv[0]);
		goto out;
	}
	if (parse("import", argc - 2, argv + 2, opts, n) < 0)
		goto out;
	mode = cj_cli_get(opts, n, "mode");
	if (mode && strcmp(mode, "insert") && strcmp(mode, "upsert")) {
		cj_cli_usage("import", "--mode is insert or upsert");
		goto out;
	}
	rc = CJ_EXIT_FAIL;
	if (!(data = read_file(argv[1], &im.len))) {
		fprintf(stderr, "chanjiao import: cannot read %s: %s\n", argv[1], strerror(errno));
		goto out;
	}
	if ((rc = open_college("import", opts, n, &st, a, CJ_TX_WRITE, &ctx)) != CJ_EXIT_OK)
		goto out;
	base = strrchr(argv[1], '/');
	im.list = l;
	im.upsert = mode && !strcmp(mode, "upsert");
	im.english = 0;
	im.filename = base ? base + 1 : argv[1];
	im.data = data;
	im.progress = progress;
	im.parg = &bar;
	r = cj_exchange_import(&ctx, &im, &err);
	bar_end(&bar);
	if (r == 0) {
		if (cj_ctx_end(&ctx, 1, &err) < 0) {
			cj_cli_error("import", &err);
			rc = CJ_EXIT_FAIL;
			goto out;
		}
		printf("{\"inserted\":%lld,\"updated\":%lld}\n", (long long)im.inserted,
		       (long long)im.updated);
		rc = CJ_EXIT_OK;
		goto out;
	}
	cj_ctx_end(&ctx, 0, NULL);
	{
		char msg[400];
		json_t *e = json_pack("{s:s,s:s}", "code", cj_error_slug(err.code), "message",
		                      cj_error_message(&err, 0, msg, sizeof(msg)));
		json_t *body;
		char *text;

		if (err.field[0])
			json_object_set_new(e, "field", json_string(err.field));
		if (err.code == CJ_EIMPORT)
			json_object_set(e, "rows", im.rows);
		body = json_pack("{s:o}", "error", e);
		text = json_dumps(body, JSON_COMPACT);
		printf("%s\n", text);
		cj_json_free(text);
		json_decref(body);
	}
	cj_cli_error("import", &err);
	rc = CJ_EXIT_FAIL;
out:
	free(data);
	cj_store_free(st);
	cj_arena_free(a);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct cj_opt opts[] = {
		{ "db", 0, NULL }, { "tenant", 0, NULL }, { "output", 0, NULL },
		{ "q", 0, NULL },  { "sort", 0, NULL },   { "key-file", 0, NULL }
	};
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_arena *a = cj_arena_new();
	struct cj_store *st = NULL;
	struct cj_error err = { 0 };
	struct cj_list_query q = { 0 };
	struct cj_ctx ctx;
	struct bar bar = { "导出", NULL, 0 };
	const struct cj_xlist *l;
	const char *out, *sort;
	int64_t rows = 0;
	int rc = CJ_EXIT_USAGE;

	if (argc < 1 || argv[0][0] == '-') {
		cj_cli_usage("export",
		             "LIST comes first: chanjiao export LIST --db PATH --tenant C "
		             "-o FILE");
		goto done;
	}
	if (!(l = cj_xlist_find(argv[0]))) {
		cj_cli_usage("export", "no such list: %s", argv[0]);
		goto done;
	}
	if (parse("export", argc - 1, argv + 1, opts, n) < 0)
		goto done;
	if (!(out = cj_cli_get(opts, n, "output"))) {
		cj_cli_usage("export", "-o FILE is required");
		goto done;
	}
	q.q = cj_cli_get(opts, n, "q");
	if ((sort = cj_cli_get(opts, n, "sort")) != NULL) {
		const struct cj_field *f;

		q.desc = *sort == '-';
		sort += *sort == '-' || *sort == '+';
		f = !strcmp(sort, "name") ? cj_entity_name_field(l->e)
		                          : cj_entity_field(l->e, sort);
		if (!f || !(f->flags & CJ_F_SORT)) {
			cj_cli_usage("export", "cannot sort by %s", sort);
			goto done;
		}
		q.sort_col = f->name;
	}
	if ((rc = open_college("export", opts, n, &st, a, CJ_TX_WRITE, &ctx)) != CJ_EXIT_OK)
		goto done;
	rc = CJ_EXIT_FAIL;
	/* The command line holds the database and its key: it exports in full, audited as "cli". */
	if (cj_exchange_export(&ctx, l, &q, 1, out, &rows, progress, &bar, &err) < 0) {
		bar_end(&bar);
		cj_ctx_end(&ctx, 0, NULL);
		cj_cli_error("export", &err);
		goto done;
	}
	bar_end(&bar);
	if (cj_ctx_end(&ctx, 1, &err) < 0) {
		cj_cli_error("export", &err);
		goto done;
	}
	printf("{\"rows\":%lld}\n", (long long)rows);
	rc = CJ_EXIT_OK;
done:
	cj_store_free(st);
	cj_arena_free(a);
	return rc;
}

/* Queries with bound arguments and rows as JSON, for store code; see query.h. */
#include <stdarg.h>
#include <string.h>

#include "store/query.h"

void
cj_ctx_keep(struct cj_ctx *ctx, json_t *v)
{
	if (v)
		cj_arena_defer(ctx->arena, (void (*)(void *))json_decref, v);
}

static void
bind_args(struct cj_stmt *s, int start, const char *types, va_list ap)
{
	for (int i = 0; types && types[i]; i++) {
		if (types[i] == 'i')
			cj_stmt_bind_int(s, start + i, va_arg(ap, int64_t));
		else
			cj_stmt_bind_text(s, start + i, va_arg(ap, const char *));
	}
}

int
cj_q_exec(struct cj_ctx *ctx, const char *sql, struct cj_error *err, const char *types, ...)
{
	struct cj_stmt *s;
	va_list ap;
	int rc;

	rc = cj_stmt_prepare(ctx->conn, sql, &s, err);
	if (rc < 0)
		return rc;
	va_start(ap, types);
	bind_args(s, 1, types, ap);
	va_end(ap);
	while ((rc = cj_stmt_step(s, err)) > 0)
		;
	cj_stmt_free(s);
	return rc;
}

json_t *
cj_q_column(struct cj_stmt *s, int i, char type)
{
	if (cj_stmt_is_null(s, i))
		return json_null();
	switch (type) {
	case 'i':
		return json_integer(cj_stmt_int(s, i));
	case 'b':
		return json_boolean(cj_stmt_int(s, i) != 0);
	default:
		return json_string(cj_stmt_text(s, i));
	}
}

/* Step a bound statement to the end: its rows as objects (ctx->arena owns them), or NULL. */
json_t *
cj_q_collect(struct cj_ctx *ctx, struct cj_stmt *s, const char *outtypes, int *rc,
             struct cj_error *err)
{
	json_t *rows = json_array();
	int n = (int)strlen(outtypes);

	while ((*rc = cj_stmt_step(s, err)) > 0) {
		json_t *row = json_object();

		for (int i = 0; i < n && i < cj_stmt_column_count(s); i++)
			json_object_set_new(row, cj_stmt_column_name(s, i),
			                    cj_q_column(s, i, outtypes[i]));
		json_array_append_new(rows, row);
	}
	cj_stmt_free(s);
	if (*rc < 0) {
		json_decref(rows);
		return NULL;
	}
	cj_ctx_keep(ctx, rows);
	return rows;
}

json_t *
cj_q_rows(struct cj_ctx *ctx, const char *sql, const char *outtypes, int *rc, struct cj_error *err,
          const char *intypes, ...)
{
	struct cj_stmt *s;
	va_list ap;

	*rc = cj_stmt_prepare(ctx->conn, sql, &s, err);
	if (*rc < 0)
		return NULL;
	va_start(ap, intypes);
	bind_args(s, 1, intypes, ap);
	va_end(ap);
	return cj_q_collect(ctx, s, outtypes, rc, err);
}

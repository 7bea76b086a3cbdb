/* Queries with bound arguments and rows as JSON, for store code; see query.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
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
	int k = start;

	for (int i = 0; types && types[i]; i++) {
		if (types[i] == 'i') {
			cj_stmt_bind_int(s, k++, va_arg(ap, int64_t));
		} else if (types[i] == 'I') {
			json_t *ids = va_arg(ap, json_t *), *v;
			size_t j;

			json_array_foreach (ids, j, v)
				cj_stmt_bind_int(s, k++, json_integer_value(v));
		} else {
			cj_stmt_bind_text(s, k++, va_arg(ap, const char *));
		}
	}
}

/*
 * The SQL with each "(?ids)" written out as one placeholder per id of the
 * matching 'I' argument ("(NULL)" for none, which matches nothing); sql
 * itself when there is none.  The result belongs to the arena.
 */
static const char *
expand_ids(struct cj_arena *a, const char *sql, const char *types, va_list ap)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	const char *p = sql, *hit;
	char *out;

	if (!types || !strchr(types, 'I'))
		return sql;
	for (int i = 0; types[i]; i++) {
		json_t *ids;

		if (types[i] == 'i') {
			(void)va_arg(ap, int64_t);
			continue;
		}
		if (types[i] != 'I') {
			(void)va_arg(ap, const char *);
			continue;
		}
		ids = va_arg(ap, json_t *);
		if (!(hit = strstr(p, "(?ids)")))
			CJ_BUG("an id list without (?ids) in %s", sql);
		cj_sbuf_addf(&sb, "%.*s(", (int)(hit - p), p);
		for (size_t j = 0; j < json_array_size(ids); j++)
			cj_sbuf_adds(&sb, j ? ", ?" : "?");
		cj_sbuf_adds(&sb, json_array_size(ids) ? ")" : "NULL)");
		p = hit + 6;
	}
	cj_sbuf_adds(&sb, p);
	out = cj_arena_strdup(a, sb.buf);
	cj_sbuf_release(&sb);
	return out;
}

int
cj_q_exec(struct cj_ctx *ctx, const char *sql, struct cj_error *err, const char *types, ...)
{
	struct cj_stmt *s;
	va_list ap;
	int rc;

	va_start(ap, types);
	sql = expand_ids(ctx->arena, sql, types, ap);
	va_end(ap);
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

	va_start(ap, intypes);
	sql = expand_ids(ctx->arena, sql, intypes, ap);
	va_end(ap);
	*rc = cj_stmt_prepare(ctx->conn, sql, &s, err);
	if (*rc < 0)
		return NULL;
	va_start(ap, intypes);
	bind_args(s, 1, intypes, ap);
	va_end(ap);
	return cj_q_collect(ctx, s, outtypes, rc, err);
}

json_t *
cj_q_ids(struct cj_ctx *ctx, json_t *rows, const char *field)
{
	json_t *ids = json_array(), *seen = json_object(), *row, *v;
	char key[24];
	size_t i;

	json_array_foreach (rows, i, row) {
		v = json_object_get(row, field);
		if (!json_is_integer(v))
			continue;
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(v));
		if (json_object_get(seen, key))
			continue;
		json_object_set_new(seen, key, json_true());
		json_array_append(ids, v);
	}
	json_decref(seen);
	cj_ctx_keep(ctx, ids);
	return ids;
}

/* The rows of found keyed by their column "k" (as text), in a new object. */
static json_t *
by_key(json_t *found)
{
	json_t *map = json_object(), *r, *list;
	char key[24];
	size_t i;

	json_array_foreach (found, i, r) {
		snprintf(key, sizeof(key), "%lld",
		         (long long)json_integer_value(json_object_get(r, "k")));
		if (!(list = json_object_get(map, key))) {
			list = json_array();
			json_object_set_new(map, key, list);
		}
		json_object_del(r, "k");
		json_array_append(list, r);
	}
	return map;
}

static json_t *
rows_of(json_t *map, json_t *row, const char *field)
{
	char key[24];
	json_t *v = json_object_get(row, field);

	if (!json_is_integer(v))
		return NULL;
	snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(v));
	return json_object_get(map, key);
}

void
cj_q_group(json_t *rows, const char *field, json_t *found, const char *member)
{
	json_t *map = by_key(found), *row, *list;
	size_t i;

	json_array_foreach (rows, i, row) {
		list = rows_of(map, row, field);
		json_object_set_new(row, member, list ? json_deep_copy(list) : json_array());
	}
	json_decref(map);
}

void
cj_q_join(json_t *rows, const char *field, json_t *found, const char *const *columns)
{
	json_t *map = by_key(found), *row, *list, *hit;
	size_t i;

	json_array_foreach (rows, i, row) {
		list = rows_of(map, row, field);
		hit = json_array_get(list, 0);
		for (int c = 0; columns[c]; c++) {
			json_t *v = hit ? json_object_get(hit, columns[c]) : NULL;

			json_object_set(row, columns[c], v ? v : json_null());
		}
	}
	json_decref(map);
}

int
cj_q_names(struct cj_ctx *ctx, json_t *rows, const char *field, const char *table,
           const char *column, const char *as, struct cj_error *err)
{
	const char *cols[] = { as, NULL };
	char sql[200];
	json_t *found;
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT id AS k, %s AS %s FROM %s WHERE tenant_id = ? AND id IN (?ids)", column,
	         as, table);
	found =
	    cj_q_rows(ctx, sql, "it", &rc, err, "iI", ctx->tenant_id, cj_q_ids(ctx, rows, field));
	if (!found)
		return rc;
	cj_q_join(rows, field, found, cols);
	return 0;
}

int
cj_not_found(struct cj_error *err, const char *field, const char *what, int64_t id)
{
	char arg[80];

	snprintf(arg, sizeof(arg), "%s %lld", what, (long long)id);
	return cj_error_setarg(err, CJ_ENOTFOUND, CJ_M_NOT_FOUND, field, arg);
}

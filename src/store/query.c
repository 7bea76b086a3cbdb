/* Queries with bound arguments and rows as JSON, for store code; see query.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
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
		cj_sbuf_add(&sb, p, (size_t)(hit - p));
		cj_sbuf_addch(&sb, '(');
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

/* The statement of sql with "(?ids)" expanded and the arguments of ap bound. */
static struct cj_stmt *
q_prepare(struct cj_ctx *ctx, const char *sql, int *rc, struct cj_error *err, const char *intypes,
          va_list ap)
{
	struct cj_stmt *s = NULL;
	va_list args;

	va_copy(args, ap);
	sql = expand_ids(ctx->arena, sql, intypes, ap);
	*rc = cj_stmt_prepare(ctx->conn, sql, &s, err);
	if (*rc == 0)
		bind_args(s, 1, intypes, args);
	va_end(args);
	return *rc < 0 ? NULL : s;
}

struct cj_stmt *
cj_q_send(struct cj_ctx *ctx, const char *sql, int *rc, struct cj_error *err, const char *intypes,
          ...)
{
	struct cj_stmt *s;
	va_list ap;

	va_start(ap, intypes);
	s = q_prepare(ctx, sql, rc, err, intypes, ap);
	va_end(ap);
	if (s && (*rc = cj_stmt_send(s, err)) < 0) {
		cj_stmt_free(s);
		return NULL;
	}
	return s;
}

json_t *
cj_q_rows(struct cj_ctx *ctx, const char *sql, const char *outtypes, int *rc, struct cj_error *err,
          const char *intypes, ...)
{
	struct cj_stmt *s;
	va_list ap;

	va_start(ap, intypes);
	s = q_prepare(ctx, sql, rc, err, intypes, ap);
	va_end(ap);
	return s ? cj_q_collect(ctx, s, outtypes, rc, err) : NULL;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

json_t *
cj_q_ids(struct cj_ctx *ctx, json_t *rows, const char *field)
{
	size_t n = json_array_size(rows), m = 0, i;
	int64_t *v = cj_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*v));
	json_t *ids = json_array(), *row, *x;

	json_array_foreach (rows, i, row)
		if (json_is_integer(x = json_object_get(row, field)))
			v[m++] = json_integer_value(x);
	qsort(v, m, sizeof(*v), cmp_i64);
	for (i = 0; i < m; i++)
		if (i == 0 || v[i] != v[i - 1])
			json_array_append_new(ids, json_integer(v[i]));
	cj_ctx_keep(ctx, ids);
	return ids;
}

/*
 * The rows of a result keyed by their column "k" (removed from them): an
 * open-addressing table from k to the first of its rows, the rest chained
 * in result order.
 */
struct keyed {
	json_t *found;
	size_t cap;
	int64_t *key;
	long *head, *tail, *next;
};

static size_t
slot_of(const struct keyed *m, int64_t k)
{
	size_t h = (size_t)((uint64_t)k * 0x9E3779B97F4A7C15ULL) & (m->cap - 1);

	while (m->head[h] >= 0 && m->key[h] != k)
		h = (h + 1) & (m->cap - 1);
	return h;
}

static void
keyed_build(struct keyed *m, json_t *found)
{
	size_t n = json_array_size(found), h;

	m->found = found;
	for (m->cap = 16; m->cap < 2 * n + 1; m->cap *= 2)
		;
	m->key = cj_xmalloc(m->cap * sizeof(*m->key));
	m->head = cj_xmalloc(m->cap * sizeof(*m->head));
	m->tail = cj_xmalloc(m->cap * sizeof(*m->tail));
	m->next = cj_xmalloc((n ? n : 1) * sizeof(*m->next));
	for (h = 0; h < m->cap; h++)
		m->head[h] = -1;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(found, i);
		int64_t k = json_integer_value(json_object_get(r, "k"));

		json_object_del(r, "k");
		m->next[i] = -1;
		h = slot_of(m, k);
		if (m->head[h] < 0)
			m->key[h] = k, m->head[h] = (long)i;
		else
			m->next[m->tail[h]] = (long)i;
		m->tail[h] = (long)i;
	}
}

/* The first found row whose k is row[field], or -1. */
static long
keyed_first(const struct keyed *m, json_t *row, const char *field)
{
	json_t *v = json_object_get(row, field);

	return json_is_integer(v) ? m->head[slot_of(m, json_integer_value(v))] : -1;
}

static void
keyed_free(struct keyed *m)
{
	free(m->key);
	free(m->head);
	free(m->tail);
	free(m->next);
}

void
cj_q_group(json_t *rows, const char *field, json_t *found, const char *member)
{
	struct keyed m;
	json_t *row;
	size_t i;

	keyed_build(&m, found);
	json_array_foreach (rows, i, row) {
		json_t *list = json_array();

		for (long k = keyed_first(&m, row, field); k >= 0; k = m.next[k])
			json_array_append(list, json_array_get(found, (size_t)k));
		json_object_set_new(row, member, list);
	}
	keyed_free(&m);
}

void
cj_q_join(json_t *rows, const char *field, json_t *found, const char *const *columns)
{
	struct keyed m;
	json_t *row, *hit;
	size_t i;

	keyed_build(&m, found);
	json_array_foreach (rows, i, row) {
		long k = keyed_first(&m, row, field);

		hit = k >= 0 ? json_array_get(found, (size_t)k) : NULL;
		for (int c = 0; columns[c]; c++) {
			json_t *v = hit ? json_object_get(hit, columns[c]) : NULL;

			json_object_set(row, columns[c], v ? v : json_null());
		}
	}
	keyed_free(&m);
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

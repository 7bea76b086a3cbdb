/* List filters into SQL; see filter.h and store.h. */
#include <string.h>

#include "core/date.h"
#include "core/dict.h"
#include "store/filter.h"
#include "store/hooks.h"

void
cj_list_filter(struct cj_list_query *q, const char *name, const char *value)
{
	if (q->nfilters >= (int)CJ_ARRAY_SIZE(q->filters))
		CJ_BUG("too many list filters");
	q->filters[q->nfilters++] = (struct cj_list_filter){ name, value };
}

void
cj_list_filter_int(struct cj_list_query *q, struct cj_arena *a, const char *name, int64_t v)
{
	cj_list_filter(q, name, cj_arena_printf(a, "%lld", (long long)v));
}

static const struct cj_filter *
named(const struct cj_entity *e, const char *name)
{
	const struct cj_hooks *h = cj_hooks_for(e);

	for (const struct cj_filter *f = h ? h->filters : NULL; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static const struct cj_field *
field_filter(const struct cj_entity *e, const char *name)
{
	const struct cj_field *f = name[0] == '@' ? NULL : cj_entity_field(e, name);

	return f && (f->flags & (CJ_F_FILTER | CJ_F_PREFIX)) ? f : NULL;
}

int
cj_store_has_filter(const struct cj_entity *e, const char *name)
{
	return field_filter(e, name) || named(e, name);
}

static void
bind(struct cj_where *w, struct cj_bind b)
{
	if (w->nbinds >= (int)CJ_ARRAY_SIZE(w->binds))
		CJ_BUG("too many bound values");
	w->binds[w->nbinds++] = b;
}

static int
bad(struct cj_error *err, const char *name)
{
	return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_QUERY, name);
}

/* v is a non-empty run of ASCII letters and digits: a code's prefix. */
static int
code_prefix(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') ||
		      (*v >= 'A' && *v <= 'Z')))
			return 0;
	return 1;
}

/* A descriptor field's condition. */
static int
add_field(struct cj_ctx *ctx, const struct cj_field *f, const char *v, struct cj_where *w,
          struct cj_error *err)
{
	int64_t n;

	switch (f->type) {
	case CJ_T_INT:
	case CJ_T_REF:
		if (cj_parse_i64(v, &n) < 0)
			return bad(err, f->name);
		cj_sbuf_addf(&w->sql, " AND %s = ?", f->name);
		bind(w, (struct cj_bind){ 'i', n, NULL });
		return 0;
	case CJ_T_BOOL:
		if (strcmp(v, "true") && strcmp(v, "false"))
			return bad(err, f->name);
		cj_sbuf_addf(&w->sql, " AND %s = ?", f->name);
		bind(w, (struct cj_bind){ 'i', !strcmp(v, "true"), NULL });
		return 0;
	case CJ_T_ENUM:
		if (!cj_dict_lookup(f->arg, v))
			return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, f->name);
		break;
	default:
		break;
	}
	if ((f->flags & CJ_F_PREFIX) && f->norm && code_prefix(v)) {
		/*
		 * A code's prefix as a range, which its index answers (a LIKE does
		 * not: SQLite's LIKE is case-insensitive, our indexes are not).
		 * Codes are stored upper-case; "c34" asks for "C34".
		 */
		char *lo = cj_arena_strdup(ctx->arena, v), *hi;

		for (char *p = lo; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		hi = cj_arena_strdup(ctx->arena, lo);
		hi[strlen(hi) - 1]++;
		cj_sbuf_addf(&w->sql, " AND %s >= ? AND %s < ?", f->name, f->name);
		bind(w, (struct cj_bind){ 't', 0, lo });
		bind(w, (struct cj_bind){ 't', 0, hi });
		return 0;
	}
	if (f->flags & CJ_F_PREFIX) {
		struct cj_sbuf sb = CJ_SBUF_INIT;

		for (const char *p = v; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				cj_sbuf_addch(&sb, '\\');
			cj_sbuf_addch(&sb, *p);
		}
		cj_sbuf_addch(&sb, '%');
		cj_sbuf_addf(&w->sql, " AND %s LIKE ? ESCAPE '\\'", f->name);
		bind(w, (struct cj_bind){ 't', 0, cj_arena_strdup(ctx->arena, sb.buf) });
		cj_sbuf_release(&sb);
		return 0;
	}
	cj_sbuf_addf(&w->sql, " AND %s = ?", f->name);
	bind(w, (struct cj_bind){ 't', 0, v });
	return 0;
}

/* The SQL a named filter takes for v, and the value bound to its "?", or NULL when v is bad. */
static const char *
filter_sql(const struct cj_filter *f, const char *v, struct cj_bind *val)
{
	int64_t n;
	int32_t d;

	*val = (struct cj_bind){ 't', 0, v };
	switch (f->arg) {
	case CJ_FA_TRUE:
		return strcmp(v, "true") ? NULL : f->sql;
	case CJ_FA_BOOL:
		return !strcmp(v, "true") ? f->sql : !strcmp(v, "false") ? f->sql_false : NULL;
	case CJ_FA_LEVEL:
		return !strcmp(v, "1") ? f->sql : !strcmp(v, "2") ? f->sql_false : NULL;
	case CJ_FA_ID:
	case CJ_FA_YEAR:
	case CJ_FA_DAYS:
		if (cj_parse_i64(v, &n) < 0)
			return NULL;
		if ((f->arg == CJ_FA_ID && n <= 0) ||
		    (f->arg == CJ_FA_YEAR && (n < 2000 || n > 2100)) ||
		    (f->arg == CJ_FA_DAYS && (n < 1 || n > 3650)))
			return NULL;
		*val = (struct cj_bind){ 'i', n, NULL };
		return f->sql;
	case CJ_FA_DATE:
		return cj_date_parse(v, &d) < 0 ? NULL : f->sql;
	case CJ_FA_ENUM:
		return cj_dict_lookup(f->dict, v) ? f->sql : NULL;
	case CJ_FA_TEXT:
		return f->sql;
	}
	return NULL;
}

/* A named filter's condition: its SQL with ? and the $ tokens bound. */
static int
add_named(struct cj_ctx *ctx, const struct cj_filter *f, const char *v, struct cj_where *w,
          struct cj_error *err)
{
	struct cj_bind val;
	const char *sql = filter_sql(f, v, &val), *p;
	char day[11];

	if (!sql) {
		return f->arg == CJ_FA_ENUM ? cj_error_set(err, CJ_EINVAL, CJ_M_BAD_ENUM, f->name)
		                            : bad(err, f->name);
	}
	cj_sbuf_adds(&w->sql, " AND (");
	for (p = sql; *p; p++) {
		if (*p == '?') {
			bind(w, val);
		} else if (!strncmp(p, "$today", 6)) {
			cj_date_format(cj_date_today(), day);
			bind(w, (struct cj_bind){ 't', 0, cj_arena_strdup(ctx->arena, day) });
			p += 5;
		} else if (!strncmp(p, "$until", 6)) {
			cj_date_format(cj_date_today() + (int32_t)val.i, day);
			bind(w, (struct cj_bind){ 't', 0, cj_arena_strdup(ctx->arena, day) });
			p += 5;
		} else if (!strncmp(p, "$tenant", 7)) {
			bind(w, (struct cj_bind){ 'i', ctx->tenant_id, NULL });
			p += 6;
		} else if (!strncmp(p, "$user", 5)) {
			bind(w, (struct cj_bind){ 'i', ctx->user_id, NULL });
			p += 4;
		} else {
			cj_sbuf_addch(&w->sql, *p);
			continue;
		}
		cj_sbuf_addch(&w->sql, '?');
	}
	cj_sbuf_addch(&w->sql, ')');
	return 0;
}

int
cj_where_build(struct cj_ctx *ctx, const struct cj_entity *e, const struct cj_list_query *q,
               struct cj_where *w, struct cj_error *err)
{
	*w = (struct cj_where){ .sql = CJ_SBUF_INIT };
	if (e->flags & CJ_EF_GLOBAL) {
		cj_sbuf_adds(&w->sql, " WHERE 1 = 1");
	} else {
		cj_sbuf_adds(&w->sql, " WHERE tenant_id = ?");
		bind(w, (struct cj_bind){ 'i', ctx->tenant_id, NULL });
	}
	for (int k = 0; k < q->nfilters; k++) {
		const char *name = q->filters[k].name, *v = q->filters[k].value;
		const struct cj_field *f = field_filter(e, name);
		const struct cj_filter *nf = f ? NULL : named(e, name);
		int rc;

		if (f)
			rc = add_field(ctx, f, v, w, err);
		else if (nf)
			rc = add_named(ctx, nf, v, w, err);
		else
			rc = bad(err, name);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void
cj_where_add_text(struct cj_where *w, const char *sql, const char *text)
{
	cj_sbuf_addf(&w->sql, " AND %s", sql);
	bind(w, (struct cj_bind){ 't', 0, text });
}

void
cj_where_more_int(struct cj_where *w, int64_t v)
{
	bind(w, (struct cj_bind){ 'i', v, NULL });
}

void
cj_where_more_text(struct cj_where *w, const char *text)
{
	bind(w, (struct cj_bind){ 't', 0, text });
}

void
cj_where_bind(const struct cj_where *w, struct cj_stmt *s, int *i)
{
	for (int k = 0; k < w->nbinds; k++) {
		if (w->binds[k].type == 'i')
			cj_stmt_bind_int(s, (*i)++, w->binds[k].i);
		else
			cj_stmt_bind_text(s, (*i)++, w->binds[k].t);
	}
}

void
cj_where_release(struct cj_where *w)
{
	cj_sbuf_release(&w->sql);
}

/* Templates, imports and exports over the column tables; see exchange.h. */
#include "modules/exchange/exchange.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "api/api.h"
#include "core/date.h"
#include "core/dict.h"
#include "lib/jsonmem.h"
#include "lib/util.h"
#include "modules/exchange/messages.h"
#include "modules/exchange/ops.h"
#include "modules/exchange/sheet.h"

int
cj_exchange_risky(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

static const struct cj_field *
col_field(const struct cj_xlist *l, const struct cj_xcol *c)
{
	return cj_entity_field(l->e, c->field);
}

/* Required in a sheet: required on create and without a default. */
static int
col_required(const struct cj_xlist *l, const struct cj_xcol *c)
{
	const struct cj_field *f = col_field(l, c);

	return f && (f->flags & CJ_F_REQ) && !(f->flags & CJ_F_DEFAULT);
}

/* ---- the import ---- */

struct imp {
	struct cj_ctx *ctx;
	struct cj_import *im;
	const struct cj_xlist *l;
	struct cj_arena *main;
	struct cj_error *err;
	int header_done;
	int colmap[CJ_SHEET_MAX_COLS];          /* sheet column -> index in l->cols, or -1 */
	const char *written[CJ_SHEET_MAX_COLS]; /* the header as written */
	struct cj_xkeys *refs;                  /* per list column: its referenced table's keys */
	struct cj_xkeys own;                    /* the list's own natural keys */
	json_t *seen;                           /* natural keys met in the file: row numbers */
	json_t *rows;                           /* the errors */
	json_t *deferred;                       /* rows the store refused: [{row, rec, existing}] */
	json_t *created; /* the ids created, as ranges [[first, last], ...] */
	int retrying;
	int64_t done;
	int row_failed;
	struct count *count; /* the first pass, run beside this one */
};

/*
 * The first pass over the file: it counts the rows and meets every limit
 * (rows, sizes, a DTD) without touching the database.  It runs in a thread
 * of its own beside the pass that stores the rows (a second core reads
 * the file while the first writes); the import waits for it before the
 * transaction can commit, and its error, when it finds one, is the
 * import's.  finished is set (release) after total, rc and err are final.
 */
struct count {
	const struct cj_import *im;
	enum cj_sheet_kind kind;
	int64_t total;
	int rc;
	struct cj_error err;
	atomic_int finished;
};

static void
add_error(struct imp *s, int64_t row, int ci, const char *field, const struct cj_error *e)
{
	char buf[400];
	struct cj_error copy = *e;
	const struct cj_xcol *c = NULL;
	const char *column = "";

	if (ci < 0 && field && *field)
		for (size_t k = 0; k < s->l->ncols; k++)
			if (!strcmp(s->l->cols[k].field, field))
				ci = (int)k;
	if (ci >= 0) {
		c = &s->l->cols[ci];
		column = c->header;
		for (int k = 0; k < CJ_SHEET_MAX_COLS; k++)
			if (s->colmap[k] == ci && s->written[k])
				column = s->written[k];
		if (!field || !*field)
			field = c->field;
		/* Name the column, not the field, in the message. */
		if (!strcmp(copy.arg, copy.field) || !copy.arg[0])
			snprintf(copy.arg, sizeof(copy.arg), "%s", column);
	}
	json_array_append_new(s->rows,
	                      json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)row, "column",
	                                column, "field", field ? field : "", "message",
	                                cj_error_message(&copy, s->im->english, buf, sizeof(buf))));
	s->row_failed = 1;
}

static void
cell_error(struct imp *s, int64_t row, int ci, const struct cj_msg *msg, const char *arg)
{
	struct cj_error e = { 0 };

	cj_error_setarg(&e, CJ_EINVAL, msg, s->l->cols[ci].field, arg);
	add_error(s, row, ci, NULL, &e);
}

static int
header(struct imp *s, int64_t row, const char *const *cells, int n)
{
	const struct cj_xlist *l = s->l;

	if (row != 1)
		return cj_error_set(s->err, CJ_EINVAL, CJ_M_NO_HEADER, "file");
	for (int i = 0; i < CJ_SHEET_MAX_COLS; i++)
		s->colmap[i] = -1;
	for (int i = 0; i < n; i++) {
		char *h;
		size_t len;

		if (!cells[i])
			continue;
		/* The header as written, without the '*' of a required column and blanks. */
		h = cj_arena_strdup(s->main, cells[i]);
		while (*h == '*' || *h == ' ')
			h++;
		len = strlen(h);
		while (len && (h[len - 1] == '*' || h[len - 1] == ' '))
			h[--len] = '\0';
		for (size_t k = 0; k < l->ncols; k++) {
			if (strcmp(l->cols[k].header, h))
				continue;
			for (int j = 0; j < i; j++)
				if (s->colmap[j] == (int)k)
					return cj_error_setarg(s->err, CJ_EINVAL, CJ_M_DUP_COLUMN,
					                       "file", h);
			s->colmap[i] = (int)k;
			s->written[i] = cj_arena_strdup(s->main, cells[i]);
		}
	}
	for (size_t k = 0; k < l->ncols; k++) {
		int found = 0;

		for (int i = 0; i < n; i++)
			found |= s->colmap[i] == (int)k;
		if (!found && col_required(l, &l->cols[k]))
			return cj_error_setarg(s->err, CJ_EINVAL, CJ_M_MISSING_COLUMN, "file",
			                       l->cols[k].header);
	}
	s->header_done = 1;
	return 0;
}

static const char *
trim(struct cj_arena *a, const char *v)
{
	size_t n;

	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return cj_arena_strndup(a, v, n);
}

/* A whole number as a sheet writes it: "12", "12.0", "-3". */
static int
parse_int(const char *v, int64_t *out)
{
	char *end;
	double d;

	if (cj_parse_i64(v, out) == 0)
		return 0;
	d = strtod(v, &end);
	if (end == v || *end || d != (double)(int64_t)d || d > 9e15 || d < -9e15)
		return -1;
	*out = (int64_t)d;
	return 0;
}

/* A date cell: "2024-03-01", "2024/3/1", or a spreadsheet's day number. */
static const char *
date_text(struct cj_arena *a, const char *v)
{
	int y, m, d, n = 0;
	int64_t serial;

	if (sscanf(v, "%d%*[-/.]%d%*[-/.]%d%n", &y, &m, &d, &n) == 3 && !v[n])
		return cj_arena_printf(a, "%04d-%02d-%02d", y, m, d);
	if (parse_int(v, &serial) == 0 && serial > 0 && serial < 2958466) {
		char out[11];

		/* Day 25569 is 1970-01-01 (the 1900 system, past its leap-year bug). */
		cj_date_format((int32_t)(serial - 25569), out);
		return cj_arena_strdup(a, out);
	}
	return v; /* the decoder names what is wrong */
}

static int
lookup_ref(struct imp *s, int64_t row, int ci, struct cj_xkeys *k, const char *v, int64_t *id)
{
	json_t *hit = json_object_get(k->by_key, v);

	if (!hit)
		return cell_error(s, row, ci, CJ_M_REF_MISSING, v), -1;
	if (json_integer_value(hit) == 0)
		return cell_error(s, row, ci, CJ_M_REF_AMBIGUOUS, v), -1;
	*id = json_integer_value(hit);
	return 0;
}

static int
load_refs(struct imp *s, int ci)
{
	const struct cj_xcol *c = &s->l->cols[ci];
	const struct cj_field *f = col_field(s->l, c);
	const char *table = c->kind == CJ_XC_PARTNERS ? "enterprises" : f ? f->arg : NULL;

	struct cj_arena *row = s->ctx->arena;
	int rc;

	if (s->refs[ci].by_key || !table)
		return 0;
	/* The maps outlive the row that first needs them. */
	s->ctx->arena = s->main;
	rc = cj_xkeys_load(s->ctx, table, cj_xref_keys(table), &s->refs[ci], s->err);
	s->ctx->arena = row;
	return rc;
}

/* One cell into rec; a cell that cannot be read is a row error. */
static int
cell(struct imp *s, int64_t row, int ci, const char *raw, json_t *rec)
{
	const struct cj_xcol *c = &s->l->cols[ci];
	const struct cj_field *f = col_field(s->l, c);
	struct cj_arena *a = s->ctx->arena;
	const char *v = trim(a, raw);
	int64_t n;

	if (!*v || !f)
		return 0;
	if (c->kind == CJ_XC_PARTNERS) {
		json_t *arr = json_array();
		char *list = cj_arena_strdup(a, v), *save = NULL, *tok;

		json_object_set_new(rec, f->name, arr);
		if (load_refs(s, ci) < 0)
			return -1;
		/* split on ；, ;, 、 and newlines */
		for (char *p = list; *p; p++)
			if (*p == ';' || *p == '\n')
				*p = '\x1f';
		for (tok = strtok_r(list, "\x1f", &save); tok;
		     tok = strtok_r(NULL, "\x1f", &save)) {
			char *part = tok, *next;

			while (part && *part) {
				const char *sep1 = strstr(part, "；"), *sep2 = strstr(part, "、"),
				           *sep;

				sep = sep1 && (!sep2 || sep1 < sep2) ? sep1 : sep2;
				next = sep ? (char *)sep + 3 : NULL;
				if (sep)
					*(char *)sep = '\0';
				part = (char *)trim(a, part);
				if (*part) {
					if (lookup_ref(s, row, ci, &s->refs[ci], part, &n) < 0)
						return 0;
					json_array_append_new(
					    arr,
					    json_pack("{s:I,s:b}", "enterprise_id", (json_int_t)n,
					              "lead", json_array_size(arr) == 0));
				}
				part = next;
			}
		}
		return 0;
	}
	if (f->flags & CJ_F_PII) {
		if (!strchr(v, '*')) /* a masked value, as exported: left as it is */
			json_object_set_new(rec, f->name, json_string(v));
		return 0;
	}
	switch (f->type) {
	case CJ_T_INT:
		if (parse_int(v, &n) < 0)
			return cell_error(s, row, ci, CJ_M_BAD_NUMBER, c->header), 0;
		json_object_set_new(rec, f->name, json_integer(n));
		return 0;
	case CJ_T_BOOL:
		if (!strcmp(v, "是") || !strcasecmp(v, "true") || !strcmp(v, "1") ||
		    !strcasecmp(v, "y") || !strcasecmp(v, "yes"))
			json_object_set_new(rec, f->name, json_true());
		else if (!strcmp(v, "否") || !strcasecmp(v, "false") || !strcmp(v, "0") ||
		         !strcasecmp(v, "n") || !strcasecmp(v, "no"))
			json_object_set_new(rec, f->name, json_false());
		else
			cell_error(s, row, ci, CJ_M_BAD_BOOL, c->header);
		return 0;
	case CJ_T_DATE:
		json_object_set_new(rec, f->name, json_string(date_text(a, v)));
		return 0;
	case CJ_T_ENUM: {
		const struct cj_dict *d = cj_dict_find(f->arg);

		for (size_t i = 0; d && i < d->nvalues; i++)
			if (!strcmp(v, d->values[i].zh) || !strcasecmp(v, d->values[i].en) ||
			    !strcmp(v, d->values[i].value)) {
				v = d->values[i].value;
				break;
			}
		json_object_set_new(rec, f->name, json_string(v));
		return 0;
	}
	case CJ_T_REF:
		if (load_refs(s, ci) < 0)
			return -1;
		if (lookup_ref(s, row, ci, &s->refs[ci], v, &n) == 0)
			json_object_set_new(rec, f->name, json_integer(n));
		return 0;
	default:
		/* A text: the "'" that kept a formula from running goes again. */
		if (v[0] == '\'' && cj_exchange_risky(v + 1))
			v++;
		json_object_set_new(rec, f->name, json_string(v));
		return 0;
	}
}

/* A value of field f's type that its decoder accepts, or NULL. */
static json_t *
stand_in(const struct cj_field *f)
{
	const struct cj_dict *d;

	switch (f->type) {
	case CJ_T_INT:
		return json_integer(f->min > 0 ? f->min : 0);
	case CJ_T_BOOL:
		return json_false();
	case CJ_T_DATE:
		return json_string("2000-01-01");
	case CJ_T_ENUM:
		d = cj_dict_find(f->arg);
		return d && d->nvalues ? json_string(d->values[0].value) : NULL;
	case CJ_T_REF:
		return json_integer(1);
	case CJ_T_LIST:
		return json_array();
	default:
		return f->norm || (f->flags & CJ_F_PII) ? NULL : json_string("x");
	}
}

/*
 * Decode a row as the API would, reporting every field's error, not only
 * the first: a field at fault is taken out (or, when required, replaced by
 * a stand-in) and the rest decoded again.  0 with *out when the row is clean.
 */
static int
decode_row(struct imp *s, int64_t row, json_t *rec, int create, json_t **out)
{
	const struct cj_entity *e = s->l->e;
	const char *seen[64];
	int nseen = 0;

	for (size_t tries = 0; tries <= e->nfields; tries++) {
		struct cj_error e2 = { 0 };
		const struct cj_field *f;
		json_t *v;

		if (cj_record_decode(s->ctx->arena, e, rec, create, 0, out, &e2) == 0)
			return s->row_failed ? -1 : 0;
		f = e2.field[0] ? cj_entity_field(e, e2.field) : NULL;
		for (int i = 0; f && i < nseen; i++)
			if (seen[i] == f->name)
				return -1; /* a stand-in of its own failed: said already */
		add_error(s, row, -1, e2.field, &e2);
		if (!f || nseen == (int)CJ_ARRAY_SIZE(seen))
			return -1;
		seen[nseen++] = f->name;
		json_object_del(rec, f->name);
		if (!create || !(f->flags & CJ_F_REQ) || (f->flags & CJ_F_DEFAULT))
			continue;
		if (!(v = stand_in(f)))
			return -1;
		json_object_set_new(rec, f->name, v);
	}
	return -1;
}

static int write_row(struct imp *s, int64_t row, json_t *out, int64_t existing);

/* One more record created: counted, and its id added to the ranges of the import's audit row. */
static void
add_created(struct imp *s, int64_t id)
{
	json_t *last = json_array_get(s->created, json_array_size(s->created) - 1);

	s->im->inserted++;
	if (last && json_integer_value(json_array_get(last, 1)) == id - 1)
		json_array_set_new(last, 1, json_integer(id));
	else
		json_array_append_new(s->created,
		                      json_pack("[I,I]", (json_int_t)id, (json_int_t)id));
}

/* Store one decoded row in its savepoint: 0, or a row error recorded. */
static int
store_row(struct imp *s, int64_t row, json_t *rec, int64_t existing)
{
	const struct cj_entity *e = s->l->e;
	json_t *out;
	int rc;

	if (existing) {
		/* Fixed fields stay as they are; the rest is an update. */
		for (size_t i = 0; i < e->nfields; i++)
			if (e->fields[i].flags & CJ_F_FIXED)
				json_object_del(rec, e->fields[i].name);
		rc = decode_row(s, row, rec, 0, &out);
	} else {
		rc = decode_row(s, row, rec, 1, &out);
	}
	if (rc < 0)
		return 0;
	return write_row(s, row, out, existing);
}

/*
 * Write a decoded row in its savepoint.  A row the store refuses is tried
 * again once after the whole file (a sub-task before its parent, in the
 * file's order); only then is its error kept.
 */
static int
write_row(struct imp *s, int64_t row, json_t *out, int64_t existing)
{
	const struct cj_entity *e = s->l->e;
	struct cj_error e2 = { 0 };
	int64_t id;
	int rc;

	if ((rc = cj_xsavepoint(s->ctx, CJ_XSAVE_BEGIN, s->err)) < 0)
		return rc;
	rc = existing ? cj_store_update(s->ctx, e, existing, -1, out, &e2)
	              : cj_store_create(s->ctx, e, out, &id, &e2);
	if (rc < 0) {
		if (e2.code == CJ_EBUSY || e2.code == CJ_EINTERNAL) {
			*s->err = e2;
			return rc;
		}
		if (s->retrying)
			add_error(s, row, -1, e2.field, &e2);
		else
			json_array_append_new(
			    s->deferred, json_pack("{s:I,s:O,s:I}", "row", (json_int_t)row, "rec",
			                           out, "existing", (json_int_t)existing));
		return cj_xsavepoint(s->ctx, CJ_XSAVE_ROLLBACK, s->err);
	}
	if (existing)
		s->im->updated++;
	else
		add_created(s, id);
	return cj_xsavepoint(s->ctx, CJ_XSAVE_RELEASE, s->err);
}

/* The rows the store refused, once more, in the file's order. */
static int
retry_deferred(struct imp *s)
{
	json_t *d;
	size_t i;
	int rc = 0;

	s->retrying = 1;
	json_array_foreach (s->deferred, i, d) {
		struct cj_arena *rowa = cj_arena_new();

		s->ctx->arena = rowa;
		rc = write_row(s, json_integer_value(json_object_get(d, "row")),
		               json_object_get(d, "rec"),
		               json_integer_value(json_object_get(d, "existing")));
		s->ctx->arena = s->main;
		cj_arena_free(rowa);
		if (rc < 0)
			break;
	}
	return rc;
}

static int
by_row(const void *a, const void *b)
{
	json_t *const *p = a, *const *q = b;
	json_int_t x = json_integer_value(json_object_get(*p, "row"));
	json_int_t y = json_integer_value(json_object_get(*q, "row"));

	if (x == y) {
		x = json_integer_value(json_object_get(*p, "_i"));
		y = json_integer_value(json_object_get(*q, "_i"));
	}
	return x < y ? -1 : x > y;
}

/* The errors in the sheet's row order (a retried row's come last otherwise). */
static void
sort_errors(json_t *rows)
{
	size_t n = json_array_size(rows);
	json_t **v = cj_xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(rows, i));
	/* qsort is not stable: equal rows keep their columns' order by their index */
	for (size_t i = 0; i < n; i++)
		json_object_set_new(v[i], "_i", json_integer((json_int_t)i));
	qsort(v, n, sizeof(*v), by_row);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++) {
		json_object_del(v[i], "_i");
		json_array_append_new(rows, v[i]);
	}
	free(v);
}

static int
on_row(void *arg, int64_t row, const char *const *cells, int n, struct cj_error *err)
{
	struct imp *s = arg;
	const struct cj_xlist *l = s->l;
	struct cj_arena *rowa;
	json_t *rec;
	int64_t existing = 0;
	int rc = 0;

	if (s->count && atomic_load_explicit(&s->count->finished, memory_order_acquire)) {
		if (s->count->rc < 0)
			return -1; /* the file is refused: no use storing its rows */
		s->im->total = s->count->total;
	}
	if (!s->header_done)
		return header(s, row, cells, n);
	/* A row's work lives in its own arena: memory stays bounded whatever the row count. */
	rowa = cj_arena_new();
	s->ctx->arena = rowa;
	s->row_failed = 0;
	rec = json_object();
	cj_ctx_keep(s->ctx, rec);
	for (int i = 0; i < n && rc == 0; i++)
		if (cells[i] && s->colmap[i] >= 0)
			rc = cell(s, row, s->colmap[i], cells[i], rec);
	if (rc < 0 || s->row_failed)
		goto out;
	if (l->key) {
		const struct cj_field *kf = cj_entity_field(l->e, l->key);
		json_t *kv = json_object_get(rec, l->key), *dec = NULL;
		struct cj_error e2 = { 0 };
		char key[300];

		if (json_is_string(kv)) {
			/* The key as the API keeps it (a credit code normalised). */
			snprintf(key, sizeof(key), "%s", json_string_value(kv));
			if (kf->norm) {
				char norm[300];

				if (kf->norm(key, norm, sizeof(norm), kf->name, &e2) == 0)
					snprintf(key, sizeof(key), "%s", norm);
			}
			(void)dec;
			if (json_object_get(s->seen, key)) {
				char what[340];

				snprintf(
				    what, sizeof(what), "%s（第 %lld 行）", key,
				    (long long)json_integer_value(json_object_get(s->seen, key)));
				cj_error_setarg(&e2, CJ_EINVAL, CJ_M_DUP_IN_FILE, l->key, what);
				add_error(s, row, -1, l->key, &e2);
				goto out;
			}
			json_object_set_new(s->seen, key, json_integer(row));
			existing = json_integer_value(json_object_get(s->own.by_key, key));
			if (json_object_get(s->own.by_key, key) && !existing) {
				cj_error_setarg(&e2, CJ_EINVAL, CJ_M_REF_AMBIGUOUS, l->key, key);
				add_error(s, row, -1, l->key, &e2);
				goto out;
			}
			if (existing && !s->im->upsert) {
				cj_error_set(&e2, CJ_EEXISTS, CJ_M_EXISTS_INSERT, l->key);
				add_error(s, row, -1, l->key, &e2);
				goto out;
			}
		}
	}
	rc = store_row(s, row, rec, existing);
out:
	s->ctx->arena = s->main;
	cj_arena_free(rowa);
	s->done++;
	if (s->im->progress && s->done % 1000 == 0)
		s->im->progress(s->im->parg, s->done);
	return rc;
}

static int
count_row(void *arg, int64_t row, const char *const *cells, int n, struct cj_error *err)
{
	int64_t *total = arg;

	if (row > 1)
		(*total)++;
	return 0;
}

static void *
count_run(void *arg)
{
	struct count *c = arg;

	c->rc = cj_sheet_read(c->im->data, c->im->len, c->kind, count_row, &c->total, &c->err);
	atomic_store_explicit(&c->finished, 1, memory_order_release);
	return NULL;
}

int
cj_exchange_import(struct cj_ctx *ctx, struct cj_import *im, struct cj_error *err)
{
	struct imp s = { 0 };
	struct count first = { 0 };
	pthread_t counter;
	int threaded;
	enum cj_sheet_kind kind;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], count[24];
	json_t *after;
	int rc;

	s.ctx = ctx, s.im = im, s.l = im->list, s.main = ctx->arena, s.err = err;
	s.refs = cj_arena_alloc(ctx->arena, im->list->ncols * sizeof(*s.refs));
	s.seen = json_object();
	s.rows = json_array();
	s.deferred = json_array();
	s.created = json_array();
	cj_ctx_keep(ctx, s.deferred);
	cj_ctx_keep(ctx, s.created);
	cj_ctx_keep(ctx, s.seen);
	cj_ctx_keep(ctx, s.rows);
	im->rows = s.rows;
	im->inserted = im->updated = 0;
	if ((rc = cj_sheet_kind(im->data, im->len, im->filename, &kind, err)) < 0)
		return rc;
	if (im->list->key &&
	    (rc = cj_xkeys_load(ctx, im->list->e->table, im->list->key, &s.own, err)) < 0)
		return rc;
	/*
	 * The first pass (struct count) beside this one; in line, before it,
	 * when no thread can start (then a refused file stops at its first row).
	 */
	first.im = im;
	first.kind = kind;
	threaded = pthread_create(&counter, NULL, count_run, &first) == 0;
	if (!threaded)
		count_run(&first);
	s.count = &first;
	/* The import's audit row below stands for the records it creates. */
	cj_ctx_batch(ctx);
	rc = cj_sheet_read(im->data, im->len, kind, on_row, &s, err);
	ctx->arena = s.main;
	if (threaded)
		pthread_join(counter, NULL);
	if (first.rc < 0) {
		ctx->batch_creates = 0;
		*err = first.err;
		return -(err->code ? err->code : CJ_EINVAL);
	}
	im->total = first.total;
	if (rc >= 0)
		rc = retry_deferred(&s);
	ctx->batch_creates = 0;
	if (rc < 0)
		return -(err->code ? err->code : CJ_EINVAL);
	sort_errors(s.rows);
	if (!s.header_done)
		return cj_error_set(err, CJ_EINVAL, CJ_M_NO_HEADER, "file");
	if (json_array_size(s.rows)) {
		snprintf(count, sizeof(count), "%zu", json_array_size(s.rows));
		return cj_error_setarg(err, CJ_EIMPORT, CJ_M_IMPORT_REJECTED, "file", count);
	}
	if (s.done == 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_NO_ROWS, "file");
	if (im->progress)
		im->progress(im->parg, s.done);
	crypto_hash_sha256(hash, im->data, im->len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	after = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:O}", "list", im->list->path, "file",
	                  im->filename ? im->filename : "", "sha256", hex, "mode",
	                  im->upsert ? "upsert" : "insert", "inserted", (json_int_t)im->inserted,
	                  "updated", (json_int_t)im->updated, "created_ids", s.created);
	rc = cj_store_audit(ctx, "import", im->list->e->name, 0, NULL, after, err);
	json_decref(after);
	return rc;
}

/* ---- writing workbooks ---- */

struct book {
	lxw_workbook *wb;
	lxw_format *head, *head_req, *date, *text;
	char *iobuf; /* the buffer of a sheet's temporary file (book_buffer), or NULL */
};

/*
 * A larger buffer for the temporary file a sheet's rows go to in
 * constant_memory mode: the rows of an export are some 600 bytes each, and
 * stdio's 4 KB would make a write (and later a read) system call for every
 * few of them.  Before any row is written; freed after the book is closed.
 */
static void
book_buffer(struct book *b, lxw_worksheet *ws)
{
	enum { SIZE = 1 << 20 };

	if (!ws || !ws->optimize_tmpfile || b->iobuf || !(b->iobuf = malloc(SIZE)))
		return;
	if (setvbuf(ws->optimize_tmpfile, b->iobuf, _IOFBF, SIZE) != 0) {
		free(b->iobuf);
		b->iobuf = NULL;
	}
}

static int
book_open(struct book *b, const char *path, struct cj_error *err)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };

	memset(b, 0, sizeof(*b));
	b->wb = workbook_new_opt(path, &opt);
	if (!b->wb)
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xDDEBF7);
	b->head_req = workbook_add_format(b->wb);
	format_set_bold(b->head_req);
	format_set_font_color(b->head_req, LXW_COLOR_RED);
	format_set_bg_color(b->head_req, 0xDDEBF7);
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->text = workbook_add_format(b->wb);
	format_set_num_format(b->text, "@");
	return 0;
}

static int
book_close(struct book *b, struct cj_error *err)
{
	lxw_error e = workbook_close(b->wb);

	b->wb = NULL;
	/*
	 * A failed close may leave the sheet's temporary FILE open (libxlsxwriter
	 * closes it while it assembles the package): its buffer then stays with
	 * it rather than under a FILE that glibc flushes at exit.
	 */
	if (e == LXW_NO_ERROR)
		free(b->iobuf);
	b->iobuf = NULL;
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, "chanjiao: xlsx: %s\n", lxw_strerror(e));
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL);
	}
	return 0;
}

/* A text cell; one that a spreadsheet would run gets a leading "'". */
static void
put_text(lxw_worksheet *ws, int r, int c, const char *s, lxw_format *fmt)
{
	if (cj_exchange_risky(s)) {
		struct cj_sbuf sb = CJ_SBUF_INIT;

		cj_sbuf_addf(&sb, "'%s", s);
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, sb.buf, fmt);
		cj_sbuf_release(&sb);
		return;
	}
	worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, fmt);
}

static void
header_row(struct book *b, lxw_worksheet *ws, const struct cj_xlist *l)
{
	for (size_t k = 0; k < l->ncols; k++) {
		const struct cj_xcol *c = &l->cols[k];

		worksheet_write_string(ws, 0, (lxw_col_t)k, c->header,
		                       col_required(l, c) ? b->head_req : b->head);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 16, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
}

static const char *
type_text(const struct cj_xlist *l, const struct cj_xcol *c, struct cj_sbuf *sb)
{
	const struct cj_field *f = col_field(l, c);

	cj_sbuf_reset(sb);
	if (c->kind == CJ_XC_PARTNERS)
		cj_sbuf_adds(sb, "企业（多个）");
	else if (f->flags & CJ_F_PII)
		cj_sbuf_adds(sb, "文本（个人信息，加密保存）");
	else if (f->type == CJ_T_INT)
		cj_sbuf_addf(sb, "整数，%lld–%lld", (long long)f->min, (long long)f->max);
	else if (f->type == CJ_T_BOOL)
		cj_sbuf_adds(sb, "是 / 否");
	else if (f->type == CJ_T_DATE)
		cj_sbuf_adds(sb, "日期，YYYY-MM-DD");
	else if (f->type == CJ_T_ENUM) {
		const struct cj_dict *d = cj_dict_find(f->arg);

		cj_sbuf_adds(sb, "下拉选择：");
		for (size_t i = 0; d && i < d->nvalues; i++)
			cj_sbuf_addf(sb, "%s%s", i ? "、" : "", d->values[i].zh);
	} else if (f->type == CJ_T_REF) {
		cj_sbuf_addf(sb, "引用（按 %s）", cj_xref_keys(f->arg));
	} else {
		cj_sbuf_addf(sb, "文本，最多 %lld 字", (long long)f->max);
	}
	return sb->buf;
}

int
cj_exchange_template(struct cj_ctx *ctx, const struct cj_xlist *l, const char *path,
                     struct cj_error *err)
{
	struct book b;
	lxw_worksheet *ws, *help;
	struct cj_sbuf sb = CJ_SBUF_INIT;

	if (book_open(&b, path, err) < 0)
		return -CJ_EINTERNAL;
	ws = workbook_add_worksheet(b.wb, l->zh);
	help = workbook_add_worksheet(b.wb, "填写说明");
	header_row(&b, ws, l);
	for (size_t k = 0; k < l->ncols; k++) {
		const struct cj_xcol *c = &l->cols[k];
		const struct cj_field *f = col_field(l, c);

		if (f->type == CJ_T_DATE) {
			worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 14, b.date);
		} else if (f->type == CJ_T_TEXT) {
			worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 18, b.text);
		} else if (f->type == CJ_T_ENUM || f->type == CJ_T_BOOL) {
			const struct cj_dict *d =
			    f->type == CJ_T_ENUM ? cj_dict_find(f->arg) : NULL;
			static const char *const yesno[] = { "是", "否" };
			size_t nv = d ? d->nvalues : 2, bytes = 0;
			const char **list = cj_arena_alloc(ctx->arena, (nv + 1) * sizeof(char *));
			lxw_data_validation dv = { 0 };

			for (size_t i = 0; i < nv; i++) {
				list[i] = d ? d->values[i].zh : yesno[i];
				bytes += strlen(list[i]) + 1;
			}
			/*
			 * The labels as the list itself: libxlsxwriter 1.1.4 leaks the
			 * formula of a list drawn from cells, and its buffer for a list
			 * holds 255 bytes (not characters), so a longer one gets none.
			 */
			if (bytes >= 250)
				continue;
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = (char **)list;
			worksheet_data_validation_range(ws, 1, (lxw_col_t)k, 100000, (lxw_col_t)k,
			                                &dv);
		}
	}
	worksheet_write_string(help, 0, 0, "列名", b.head);
	worksheet_write_string(help, 0, 1, "必填", b.head);
	worksheet_write_string(help, 0, 2, "填写内容", b.head);
	worksheet_write_string(help, 0, 3, "说明", b.head);
	worksheet_set_column(help, 0, 0, 20, NULL);
	worksheet_set_column(help, 2, 3, 50, NULL);
	for (size_t k = 0; k < l->ncols; k++) {
		const struct cj_xcol *c = &l->cols[k];

		worksheet_write_string(help, (lxw_row_t)(k + 1), 0, c->header, NULL);
		worksheet_write_string(help, (lxw_row_t)(k + 1), 1, col_required(l, c) ? "是" : "",
		                       NULL);
		worksheet_write_string(help, (lxw_row_t)(k + 1), 2, type_text(l, c, &sb), NULL);
		if (c->note)
			worksheet_write_string(help, (lxw_row_t)(k + 1), 3, c->note, NULL);
	}
	worksheet_write_string(
	    help, (lxw_row_t)(l->ncols + 2), 0,
	    "数据从第 2 行开始；红色列名为必填；任何一行有错误则整个文件不导入。", NULL);
	cj_sbuf_release(&sb);
	return book_close(&b, err);
}

/* ---- the export ---- */

/* A referenced record's key by its id. */
struct id_key {
	int64_t id;
	const char *key;
};

/* What a column needs for each of its cells, looked up once for the whole export. */
struct xcol_run {
	const struct cj_field *f;
	const struct cj_dict *dict; /* an enumeration's */
	struct id_key *ids;         /* a reference's (or the partners') keys, by id */
	size_t nids;
};

static int
by_id(const void *a, const void *b)
{
	const struct id_key *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* refs->by_id ({"12": "key"}) as an array sorted by id, in the arena. */
static void
ids_load(struct cj_arena *a, const struct cj_xkeys *refs, struct xcol_run *run)
{
	const char *k;
	json_t *v;

	run->nids = 0;
	run->ids = cj_arena_alloc(a, (json_object_size(refs->by_id) + 1) * sizeof(*run->ids));
	json_object_foreach (refs->by_id, k, v) {
		run->ids[run->nids].id = strtoll(k, NULL, 10);
		run->ids[run->nids].key = json_string_value(v);
		run->nids++;
	}
	qsort(run->ids, run->nids, sizeof(*run->ids), by_id);
}

static const char *
id_key(const struct xcol_run *run, int64_t id)
{
	const struct id_key want = { id, NULL };
	const struct id_key *hit =
	    run->nids ? bsearch(&want, run->ids, run->nids, sizeof(*run->ids), by_id) : NULL;

	return hit ? hit->key : NULL;
}

/* "YYYY-MM-DD" exactly: its parts, as sscanf("%d-%d-%d") reads them; else 0. */
static int
plain_date(const char *s, int *y, int *m, int *d)
{
	static const char shape[] = "dddd-dd-dd";

	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;
	if (s[10])
		return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return 1;
}

/*
 * A row's values by column, in one pass over its keys rather than a lookup
 * per column.  The rows of a list come with their keys in the same order,
 * so the column of the key at each position is remembered and only checked
 * (one strcmp); a key elsewhere than before is looked for among the columns.
 * A key that is no column's is remembered as the row has it: the map is
 * cleared (row_map_clear) before the page that holds those rows goes.
 */
#define ROW_SLOTS 64

struct row_map {
	const char *name[ROW_SLOTS]; /* the key last met at each position, or NULL */
	int col[ROW_SLOTS];          /* its column, or -1 */
	int *first;                  /* per column: the first column of the same field */
};

static int
field_col(const struct cj_xlist *l, const char *key)
{
	for (size_t k = 0; k < l->ncols; k++)
		if (!strcmp(l->cols[k].field, key))
			return (int)k;
	return -1;
}

static void
row_map_clear(struct row_map *m)
{
	for (int p = 0; p < ROW_SLOTS; p++)
		m->name[p] = NULL;
}

static void
row_values(const struct cj_xlist *l, struct row_map *m, json_t *rec, json_t **vals)
{
	size_t p = 0;

	for (size_t k = 0; k < l->ncols; k++)
		vals[k] = NULL;
	for (void *it = json_object_iter(rec); it; it = json_object_iter_next(rec, it), p++) {
		const char *key = json_object_iter_key(it);
		int k;

		if (p < ROW_SLOTS && m->name[p] && !strcmp(m->name[p], key)) {
			k = m->col[p];
		} else {
			k = field_col(l, key);
			if (p < ROW_SLOTS) {
				m->name[p] = k >= 0 ? l->cols[k].field : key;
				m->col[p] = k;
			}
		}
		if (k >= 0)
			vals[k] = json_object_iter_value(it);
	}
	for (size_t k = 0; k < l->ncols; k++)
		if (m->first[k] != (int)k)
			vals[k] = vals[m->first[k]];
}

/* v: rec's value of c->field, or NULL. */
static void
put_value(struct book *b, lxw_worksheet *ws, int r, int k, const struct cj_xcol *c,
          const struct xcol_run *run, json_t *v)
{
	const struct cj_field *f = run->f;

	if (c->kind == CJ_XC_PARTNERS) {
		struct cj_sbuf sb = CJ_SBUF_INIT;
		json_t *p;
		size_t i;

		/* the lead first */
		for (int pass = 0; pass < 2; pass++)
			json_array_foreach (v, i, p) {
				const char *name;

				if (json_is_true(json_object_get(p, "lead")) != (pass == 0))
					continue;
				name = id_key(
				    run, json_integer_value(json_object_get(p, "enterprise_id")));
				if (name)
					cj_sbuf_addf(&sb, "%s%s", sb.len ? "；" : "", name);
			}
		if (sb.len)
			put_text(ws, r, k, sb.buf, NULL);
		cj_sbuf_release(&sb);
		return;
	}
	if (!v || json_is_null(v) || !f)
		return;
	switch (f->type) {
	case CJ_T_INT:
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)k,
		                       (double)json_integer_value(v), NULL);
		return;
	case CJ_T_BOOL:
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)k,
		                       json_is_true(v) ? "是" : "否", NULL);
		return;
	case CJ_T_DATE: {
		int y, m, d;
		const char *s = json_string_value(v);

		if (s && (plain_date(s, &y, &m, &d) || sscanf(s, "%d-%d-%d", &y, &m, &d) == 3) &&
		    y >= 1900) {
			lxw_datetime dt = { y, m, d, 0, 0, 0 };

			worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)k, &dt, b->date);
		} else if (s) {
			put_text(ws, r, k, s, NULL);
		}
		return;
	}
	case CJ_T_ENUM: {
		const char *s = json_string_value(v);
		const struct cj_dict_value *dv = NULL;

		for (size_t i = 0; s && run->dict && i < run->dict->nvalues; i++)
			if (!strcmp(run->dict->values[i].value, s)) {
				dv = &run->dict->values[i];
				break;
			}
		put_text(ws, r, k, dv ? dv->zh : s, NULL);
		return;
	}
	case CJ_T_REF: {
		const char *key = id_key(run, json_integer_value(v));

		if (key)
			put_text(ws, r, k, key, NULL);
		return;
	}
	default:
		if (json_is_string(v))
			put_text(ws, r, k, json_string_value(v), NULL);
		return;
	}
}

static int
entity_has_pii(const struct cj_entity *e)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & CJ_F_PII)
			return 1;
	return 0;
}

/*
 * The sheet's writer: a thread of its own that writes one page of rows
 * while the caller reads the next from the store, so that the two halves of
 * an export (the database and the opening of personal information; the
 * cells) take the time of the longer, not of both.  The writer touches no
 * context, connection or arena: only the page's values, read (jansson reads
 * allocate nothing), and the sheet.  The caller frees a page when the writer
 * is done with it.  Without a thread (pthread_create failed), pages are
 * written by the caller.
 */
struct writer {
	struct book *b;
	lxw_worksheet *ws;
	const struct cj_xlist *l;
	const struct xcol_run *runs;
	json_t **vals;
	struct row_map map;
	int64_t r; /* the next row of the sheet */

	int threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	json_t *items; /* the page handed over, while busy */
	int busy, stop;
};

static void
write_page(struct writer *w, json_t *items)
{
	json_t *rec;
	size_t i;

	json_array_foreach (items, i, rec) {
		row_values(w->l, &w->map, rec, w->vals);
		for (size_t k = 0; k < w->l->ncols; k++)
			put_value(w->b, w->ws, (int)w->r, (int)k, &w->l->cols[k], &w->runs[k],
			          w->vals[k]);
		w->r++;
	}
	row_map_clear(&w->map);
}

static void *
writer_main(void *arg)
{
	struct writer *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		json_t *items;

		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->busy)
			break;
		items = w->items;
		pthread_mutex_unlock(&w->lock);
		write_page(w, items);
		pthread_mutex_lock(&w->lock);
		w->busy = 0;
		w->items = NULL;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void
writer_start(struct writer *w)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->threaded = pthread_create(&w->thread, NULL, writer_main, w) == 0;
}

/* Until the page handed over is written. */
static void
writer_wait(struct writer *w)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

/* Hand a page over (the writer idle): it must live until the next writer_wait. */
static void
writer_give(struct writer *w, json_t *items)
{
	if (!w->threaded) {
		write_page(w, items);
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->items = items;
	w->busy = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static void
writer_end(struct writer *w)
{
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
}

int
cj_exchange_export(struct cj_ctx *ctx, const struct cj_xlist *l, const struct cj_list_query *q,
                   int full_pii, const char *path, int64_t *rows,
                   void (*progress)(void *arg, int64_t done), void *parg, struct cj_error *err)
{
	struct cj_xkeys *refs = cj_arena_alloc(ctx->arena, l->ncols * sizeof(*refs));
	struct xcol_run *runs = cj_arena_alloc(ctx->arena, l->ncols * sizeof(*runs));
	struct writer w = { .l = l, .runs = runs, .r = 1 };
	struct cj_list_query page = *q;
	struct cj_arena *main = ctx->arena, *written = NULL;
	struct book b;
	json_t *filters, *after;
	int64_t total = 0, reported = -1;
	int rc = 0;

	w.vals = cj_arena_alloc(ctx->arena, l->ncols * sizeof(*w.vals));
	w.map.first = cj_arena_alloc(ctx->arena, l->ncols * sizeof(int));
	for (size_t k = 0; k < l->ncols; k++) {
		const struct cj_xcol *c = &l->cols[k];
		const struct cj_field *f = col_field(l, c);
		const char *table = c->kind == CJ_XC_PARTNERS  ? "enterprises"
		                    : f && f->type == CJ_T_REF ? f->arg
		                                               : NULL;

		runs[k].f = f;
		w.map.first[k] = field_col(l, c->field);
		if (f && f->type == CJ_T_ENUM)
			runs[k].dict = cj_dict_find(f->arg);
		if (table &&
		    (rc = cj_xkeys_load(ctx, table, cj_xref_keys(table), &refs[k], err)) < 0)
			return rc;
		if (table)
			ids_load(ctx->arena, &refs[k], &runs[k]);
	}
	if (book_open(&b, path, err) < 0)
		return -CJ_EINTERNAL;
	w.b = &b;
	w.ws = workbook_add_worksheet(b.wb, l->zh);
	book_buffer(&b, w.ws);
	header_row(&b, w.ws, l);
	writer_start(&w);
	page.size = 5000;
	for (page.page = 1;; page.page++) {
		struct cj_arena *pa = cj_arena_new();
		struct cj_arena *scope;
		json_t *items = NULL;

		/* The page's values, jansson's included, go with its arena at once. */
		ctx->arena = pa;
		scope = cj_json_scope_swap(pa);
		rc = cj_store_list(ctx, l->e, &page, &items, &total, err);
		if (rc == 0 && full_pii)
			rc = cj_store_pii_rows(ctx, l->e, items, err);
		cj_json_scope(scope);
		ctx->arena = main;
		/* The page before is written: it goes. */
		writer_wait(&w);
		cj_arena_free(written);
		written = pa;
		if (progress && page.page > 1)
			progress(parg, reported = w.r - 1);
		if (rc < 0)
			break;
		writer_give(&w, items);
		if ((page.page * page.size) >= total)
			break;
	}
	writer_wait(&w);
	writer_end(&w);
	cj_arena_free(written);
	if (progress && reported != w.r - 1)
		progress(parg, w.r - 1);
	if (rc < 0) {
		book_close(&b, NULL);
		return rc;
	}
	if ((rc = book_close(&b, err)) < 0)
		return rc;
	*rows = w.r - 1;
	filters = json_object();
	for (int i = 0; i < q->nfilters; i++)
		if (q->filters[i].name[0] != '@')
			json_object_set_new(filters, q->filters[i].name,
			                    json_string(q->filters[i].value));
	if (q->q)
		json_object_set_new(filters, "q", json_string(q->q));
	after = json_pack("{s:s,s:o,s:s?,s:I,s:s}", "list", l->path, "filters", filters, "sort",
	                  q->sort_col, "rows", (json_int_t)*rows, "pii",
	                  full_pii && entity_has_pii(l->e) ? "full" : "masked");
	rc = cj_store_audit(ctx, "export", l->e->name, 0, NULL, after, err);
	json_decref(after);
	return rc;
}

/* ---- the quality report ---- */

/* A dictionary value of the report's columns as its Chinese label. */
static const char *
report_label(const char *v)
{
	static const char *const dicts[] = { "carrier_kind", "carrier_status", "enterprise_size",
		                             "placement_kind", "patent_type" };

	for (size_t i = 0; i < CJ_ARRAY_SIZE(dicts); i++) {
		const struct cj_dict_value *dv = cj_dict_lookup(dicts[i], v);

		if (dv)
			return dv->zh;
	}
	return v;
}

int
cj_exchange_quality_report(struct cj_ctx *ctx, int year, const char *path, struct cj_error *err)
{
	struct book b;
	json_t *tables, *t;
	size_t i;
	int rc;

	if ((rc = cj_xquality(ctx, year, &tables, err)) < 0)
		return rc;
	if (book_open(&b, path, err) < 0)
		return -CJ_EINTERNAL;
	json_array_foreach (tables, i, t) {
		lxw_worksheet *ws =
		    workbook_add_worksheet(b.wb, json_string_value(json_object_get(t, "title")));
		json_t *h = json_object_get(t, "header"), *rows = json_object_get(t, "rows"), *row,
		       *v;
		int64_t gold = 0;
		size_t r, c;

		json_array_foreach (h, c, v) {
			worksheet_write_string(ws, 0, (lxw_col_t)c, json_string_value(v), b.head);
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 18, NULL);
		}
		worksheet_freeze_panes(ws, 1, 0);
		json_array_foreach (rows, r, row) {
			json_array_foreach (row, c, v) {
				if (json_is_integer(v))
					worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
					                       (double)json_integer_value(v), NULL);
				else
					put_text(ws, (int)r + 1, (int)c,
					         report_label(json_string_value(v)), NULL);
			}
			/* certificates by level: levels 1 and 2 are the gold collar (金蓝领) */
			if (!strcmp(json_string_value(json_object_get(t, "title")), "技能证书") &&
			    json_integer_value(json_array_get(row, 0)) <= 2)
				gold += json_integer_value(json_array_get(row, 1));
		}
		if (!strcmp(json_string_value(json_object_get(t, "title")), "技能证书")) {
			r = json_array_size(rows) + 1;
			worksheet_write_string(ws, (lxw_row_t)r, 0, "金蓝领（一级、二级）", b.head);
			worksheet_write_number(ws, (lxw_row_t)r, 1, (double)gold, NULL);
		}
	}
	worksheet_write_string(
	    workbook_add_worksheet(b.wb, "说明"), 0, 0,
	    cj_arena_printf(ctx->arena,
	                    "%d 年度；合作企业指至少有一个已签约或运行中合作载体的企业；"
	                    "实习与就业按开始日期、职工培训按开始日期、技术服务和专利申请按日期、"
	                    "专利授权按授权日期、证书按发证日期计入该年度。",
	                    year),
	    NULL);
	return book_close(&b, err);
}

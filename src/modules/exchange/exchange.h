/*
 * Excel exchange (product.md §5): each main list's columns as data, and the
 * three operations over them — the import template, the all-or-nothing
 * import, and the export of a list as filtered — plus the annual quality
 * report workbook.  The HTTP routes (routes.c) and the command line
 * (cli/cmd-exchange.c) call the same functions, so both give the same
 * rules and answers.
 *
 * A list's columns name the fields of its entity descriptor; everything
 * else comes from the descriptor and the dictionaries: the type of a cell,
 * whether it is required, a dictionary's Chinese labels, the referenced
 * table of a reference (taken by its human key: a partner by its credit code
 * or name, a student by number, a department by name — never an id).  An
 * import runs every row through the API's own decoder (cj_record_decode)
 * and the store's create or update, each in a savepoint, so the rules are
 * exactly the API's; any error rejects the whole file.
 *
 * Memory: results hang off the context's arena.  Files are written to a
 * path the caller gives and removes.
 */
#ifndef CJ_EXCHANGE_H
#define CJ_EXCHANGE_H

#include <jansson.h>
#include <stdint.h>

#include "core/entity.h"
#include "store/store.h"

enum cj_xcol_kind {
	CJ_XC_FIELD = 0,    /* one field of the descriptor */
	CJ_XC_PARTNERS = 1, /* a carrier's partners: credit codes or names, the first the lead */
};

struct cj_xcol {
	const char *header; /* the list page's label: the template's, the export's header */
	const char *field;  /* the descriptor's field */
	enum cj_xcol_kind kind;
	const char *note; /* what the column takes, beyond its type (填写说明), or NULL */
};

struct cj_xlist {
	const char *path; /* the list's collection: "enterprises" */
	const struct cj_entity *e;
	const char *zh;  /* the sheet's name */
	const char *key; /* the natural key field (insert refuses it, upsert updates), or NULL */
	const struct cj_xcol *cols;
	size_t ncols;
};

/* The list whose collection is path, or NULL. */
const struct cj_xlist *cj_xlist_find(const char *path);
const struct cj_xlist *cj_xlist_at(size_t i);

/* The human key columns of a referenced table, space-separated, the first the export's. */
const char *cj_xref_keys(const char *table);

/* An import, its input and its answer. */
struct cj_import {
	const struct cj_xlist *list;
	int upsert;
	int english;          /* messages in English */
	const char *filename; /* as uploaded, for the audit */
	const void *data;
	size_t len;
	/* progress (may be NULL): rows done so far */
	void (*progress)(void *arg, int64_t done);
	void *parg;
	/* out */
	int64_t total; /* data rows in the file (0 until the first pass is done) */
	int64_t inserted, updated;
	json_t *rows; /* with CJ_EIMPORT: [{row, column, field, message}], in the arena */
};

/*
 * Import im->data into ctx's college inside ctx's (write) transaction.
 * 0: every row stored.  -CJ_EIMPORT: one row or more is wrong; im->rows
 * lists every error and err the summary (the caller rolls back).  Other
 * codes: the file itself is refused (a limit, not a zip, a DTD, a missing
 * required column), with err.  The accepted import writes one audit row
 * (file name, SHA-256, counts) besides each record's own.
 */
int cj_exchange_import(struct cj_ctx *ctx, struct cj_import *im, struct cj_error *err);

/* The template of a list (.xlsx) into path. */
int cj_exchange_template(struct cj_ctx *ctx, const struct cj_xlist *l, const char *path,
                         struct cj_error *err);

/*
 * Every row of list l that q selects (its page and size are ignored) into
 * path as .xlsx; *rows is how many.  Personal information is masked as the
 * list shows it, or in full with full_pii (for a caller whose role the
 * record's full view admits).  Audited (the filters, the count and whether
 * personal information was shown in full).
 */
int cj_exchange_export(struct cj_ctx *ctx, const struct cj_xlist *l, const struct cj_list_query *q,
                       int full_pii, const char *path, int64_t *rows,
                       void (*progress)(void *arg, int64_t done), void *parg, struct cj_error *err);

/* The annual quality report's tables on school-enterprise cooperation for year, into path. */
int cj_exchange_quality_report(struct cj_ctx *ctx, int year, const char *path,
                               struct cj_error *err);

/* A leading '=', '+', '-', '@', tab or CR: written after a "'" so that no spreadsheet runs it. */
int cj_exchange_risky(const char *s);

#endif

/*
 * Queries for store code (the store's own files and the modules' store
 * hooks and operations): SQL with "?" placeholders and bound arguments, rows
 * as JSON.  Internal to the store: nothing above it writes SQL.
 *
 * Arguments are given by a type string: 'i' int64_t, 't' const char *
 * (NULL binds NULL), 'I' a JSON array of integers that fills the next
 * "(?ids)" of the SQL (one placeholder each; none matches nothing).  Column types of a result: 'i'
 * integer, 't' text, 'b' boolean.  Rows belong to ctx->arena.
 */
#ifndef CJ_QUERY_H
#define CJ_QUERY_H

#include "store/store.h"

/* Run a statement to its end; 0 or <0 with err. */
int cj_q_exec(struct cj_ctx *ctx, const char *sql, struct cj_error *err, const char *types, ...);
/*
 * Run a query and return its rows as an array of objects keyed by column
 * name (owned by ctx->arena), or NULL with *rc < 0.
 */
json_t *cj_q_rows(struct cj_ctx *ctx, const char *sql, const char *outtypes, int *rc,
                  struct cj_error *err, const char *intypes, ...);

/*
 * Prepare and bind a query and send it ahead (cj_stmt_send): statements
 * sent one after another answer in one round trip where the driver
 * pipelines.  The statement, to read with cj_q_collect (or free), or NULL
 * with *rc < 0.
 */
struct cj_stmt *cj_q_send(struct cj_ctx *ctx, const char *sql, int *rc, struct cj_error *err,
                          const char *intypes, ...);

/* One column of the current row as JSON of type ('i', 't', 'b'); NULL is null. */
json_t *cj_q_column(struct cj_stmt *s, int i, char type);
/* Step a bound statement to its end and free it: its rows as cj_q_rows gives them. */
json_t *cj_q_collect(struct cj_ctx *ctx, struct cj_stmt *s, const char *outtypes, int *rc,
                     struct cj_error *err);

/* Fill err with "not found: <what> <id>" for field; returns -CJ_ENOTFOUND. */
int cj_not_found(struct cj_error *err, const char *field, const char *what, int64_t id);

/*
 * A list page's children and linked names with a fixed number of queries,
 * whatever the page's size.  rows is the page (an array of records).
 */
/* The distinct integer values of field over rows (a new array, in ctx->arena). */
json_t *cj_q_ids(struct cj_ctx *ctx, json_t *rows, const char *field);
/*
 * Hand each row of found (whose column "k" is a parent's id, removed) to the
 * rows whose field equals it: row[member] is the array of its children (an
 * empty one when none).
 */
void cj_q_group(json_t *rows, const char *field, json_t *found, const char *member);
/* Set columns (NULL-terminated) of each row from the found row whose "k" equals row[field]. */
void cj_q_join(json_t *rows, const char *field, json_t *found, const char *const *columns);
/* row[as] = table.column of the record row[field] names, for every row; null when none. */
int cj_q_names(struct cj_ctx *ctx, json_t *rows, const char *field, const char *table,
               const char *column, const char *as, struct cj_error *err);

#endif

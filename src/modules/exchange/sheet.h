/*
 * Reading a spreadsheet a user uploads: the first sheet of an .xlsx
 * (libzip for the archive, expat streaming the XML: shared strings, inline
 * strings, rich text, cells without r=, the cached value of formula cells),
 * or a CSV in UTF-8 (with or without BOM) or GBK (GB18030, converted by ICU).
 *
 * Rows are handed to a callback one at a time, as text cells indexed by
 * column; nothing of the whole sheet is kept but the shared strings.  The
 * limits of an upload (exchange.h) are checked while reading: too many
 * zip entries, too many bytes uncompressed, a compression ratio over 100,
 * too many rows, and any DTD or entity declaration in an XML part are each
 * an error (CJ_EINVAL with the module's message) that stops the read.
 *
 * Numbers are passed as written in the file ("45123", "12.5"); what a number
 * means (a date serial, an integer) is for the caller's column to decide.
 */
#ifndef CJ_EXCHANGE_SHEET_H
#define CJ_EXCHANGE_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define CJ_SHEET_MAX_ROWS     100000                /* data rows, after the header */
#define CJ_SHEET_MAX_UNZIPPED ((uint64_t)200 << 20) /* all parts, uncompressed */
#define CJ_SHEET_MAX_ENTRIES  1000                  /* zip entries */
#define CJ_SHEET_MAX_RATIO    100                   /* uncompressed / compressed */
#define CJ_SHEET_MAX_COLS     256                   /* columns read from a row */
#define CJ_SHEET_MAX_CELL     (32 * 1024)           /* bytes of one cell */

/*
 * One row: its number in the sheet (1 = the first row), and its cells
 * (NULL where empty; at most CJ_SHEET_MAX_COLS).  Return <0 with err set to
 * stop.
 */
typedef int (*cj_sheet_row_fn)(void *arg, int64_t row, const char *const *cells, int ncells,
                               struct cj_error *err);

enum cj_sheet_kind {
	CJ_SHEET_XLSX = 1,
	CJ_SHEET_CSV,
};

/*
 * The kind of a file by its content and name: a zip is .xlsx; a name
 * ending in .xlsx that is not a zip is an error (CJ_M_NOT_XLSX); anything
 * else is CSV.
 */
int cj_sheet_kind(const void *data, size_t len, const char *filename, enum cj_sheet_kind *out,
                  struct cj_error *err);

/* Read every row of data (len bytes) of the given kind into fn. */
int cj_sheet_read(const void *data, size_t len, enum cj_sheet_kind kind, cj_sheet_row_fn fn,
                  void *arg, struct cj_error *err);

#endif

/*
 * The rules of the key-projects module (product.md §3 "Key project" and §4
 * pillar 1) as pure functions: the two-level outline code of a task ("2",
 * "2.3"), the project period, the derived figures (overdue, attainment,
 * arrival and execution rates, completion rate and the pillar-1 sums), and
 * what an uploaded file is, judged by its content and not by its name.
 *
 * The store and the API call these; the unit tests pin them.  No I/O, no
 * SQL, no allocation; thread-safe.
 */
#ifndef CJ_PROJECTS_RULES_H
#define CJ_PROJECTS_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "modules/projects/messages.h"

/* Years a project period may name. */
#define CJ_YEAR_MIN 2000
#define CJ_YEAR_MAX 2100

/*
 * An outline code: "N" (a first-level task) or "N.M" (second level), each
 * part 1..999 in ASCII digits without a leading zero.  Fills *major and
 * *minor (0 for a first-level code) and returns the level, 1 or 2; or
 * CJ_EINVAL/CJ_M_OUTLINE_CODE naming field.  code may be NULL (an error).
 */
int cj_outline_parse(const char *code, int *major, int *minor, const char *field,
                     struct cj_error *err);
/* The order of a code in its task book: 2 < 2.1 < 2.10 < 3 (major * 1000 + minor). */
int64_t cj_outline_order(int major, int minor);

/*
 * A date (a task's deadline) within the period first_year-01-01 ..
 * last_year-12-31.  0, or CJ_EINVAL naming field: CJ_M_BAD_DATE when the date
 * does not parse, CJ_M_PERIOD when it is outside.
 */
int cj_period_date_check(const char *date, int64_t first_year, int64_t last_year, const char *field,
                         struct cj_error *err);
/* A year within first_year..last_year: 0, or CJ_EINVAL/CJ_M_PERIOD naming field. */
int cj_period_year_check(int64_t year, int64_t first_year, int64_t last_year, const char *field,
                         struct cj_error *err);

/*
 * A task is overdue when it has a deadline before today (days since
 * 1970-01-01, China time) and its status is neither "done" nor "cancelled".
 * Derived on every read; never stored.
 */
int cj_task_overdue(const char *deadline, const char *status, int32_t today);

/* An indicator's target must be greater than 0: 0, or CJ_EINVAL/CJ_M_TARGET_POSITIVE. */
int cj_target_check(int64_t target, const char *field, struct cj_error *err);
/*
 * Attainment of an indicator: min(actual / target, 1), and 0 for a negative
 * actual.  target must be > 0 (cj_target_check); for any other target the
 * result is 0.
 */
double cj_attainment(int64_t actual, int64_t target);

/*
 * num / den into *out, 0; or -1 (and *out untouched) when den <= 0: a rate
 * of nothing is undefined, shown as null.  Used for the arrival rate
 * (arrived / budgeted) and the execution rate (spent / arrived) of funds.
 */
int cj_rate(int64_t num, int64_t den, double *out);

/* x rounded to four decimals, as rates are shown. */
double cj_round4(double x);

/*
 * The pillar-1 figures of a set of tasks (a task book, or a project over
 * all its years): counts by state and the indicators' attainment.  Start
 * with all zeros; add each task, and each indicator of a task that is not
 * cancelled.
 */
struct cj_figures {
	int64_t tasks, done, overdue, cancelled;
	int64_t indicators;
	double attainment_sum;
};
void cj_figures_add_task(struct cj_figures *f, const char *deadline, const char *status,
                         int32_t today);
void cj_figures_add_indicator(struct cj_figures *f, int64_t actual, int64_t target);
/* done / (tasks - cancelled): 0, or -1 when no task counts. */
int cj_figures_completion(const struct cj_figures *f, double *out);
/* The mean attainment of the indicators: 0, or -1 when there are none. */
int cj_figures_attainment(const struct cj_figures *f, double *out);

/* Uploaded files, by content. */
enum cj_file_kind {
	CJ_FILE_NONE = 0,
	CJ_FILE_PDF,
	CJ_FILE_PNG,
	CJ_FILE_JPEG,
	CJ_FILE_DOCX,
	CJ_FILE_XLSX,
};

/*
 * What the bytes are: a PDF ("%PDF-"), a PNG (its 8-byte signature), a JPEG
 * (FF D8 FF), or a ZIP archive that is an Office Open XML document: a DOCX
 * has entries under "word/", an XLSX under "xl/", and neither carries a
 * macro project (vbaProject.bin).  The ZIP is read from its central
 * directory with every offset checked against n; a damaged, ZIP64 or
 * ambiguous archive is CJ_FILE_NONE.  Anything else is CJ_FILE_NONE.
 */
enum cj_file_kind cj_file_sniff(const unsigned char *p, size_t n);
/* "pdf", "png", "jpeg", "docx", "xlsx" (the attachment_kind dictionary), or NULL. */
const char *cj_file_kind_name(enum cj_file_kind k);
/* The media type served for a kind ("application/pdf"), or NULL. */
const char *cj_file_mime(enum cj_file_kind k);

/*
 * An uploaded file's name, as the client gave it: 1..255 bytes of valid
 * UTF-8 with no control or format character (Unicode Cc, Cf: no
 * bidirectional override such as U+202E) and no line or paragraph
 * separator, no "/" or "\\", no "..", not starting with a dot or a space.
 * 0, or CJ_EINVAL/CJ_M_FILE_NAME naming field.
 */
int cj_filename_check(const char *name, size_t n, const char *field, struct cj_error *err);
/*
 * The name a download is offered under: the uploaded name with its
 * extension replaced by the detected kind's ("invoice.jar" holding a DOCX
 * is "invoice.docx"; kind as cj_file_kind_name gives it, "jpeg" is ".jpg"; a
 * name whose extension already names the kind, in any case, is kept).
 * A stored name that fails cj_filename_check becomes "attachment".  Into
 * out, truncated to outlen (300 is enough).
 */
void cj_file_download_name(const char *name, const char *kind, char *out, size_t outlen);

#endif

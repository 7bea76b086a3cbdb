/*
 * Calendar dates and timestamps.
 *
 * A date is the strict ISO-8601 text "YYYY-MM-DD" on the wire and in the
 * database, and an int32_t count of days since 1970-01-01 when arithmetic is
 * needed (days between dates, "expiring within 90 days").  This module parses
 * and formats dates, validates date fields and their order, and gives today's
 * date in China time (UTC+8, no daylight saving) and the current UTC
 * timestamp.  It uses only time() and integer arithmetic: gmtime() and
 * localtime() are banned in this project, so the process time zone never
 * matters.  It does not handle times of day other than in cj_timestamp_*, week
 * numbers, or other calendars, and does no I/O and no allocation.  All
 * functions are thread-safe.
 */
#ifndef CJ_DATE_H
#define CJ_DATE_H

#include <stdint.h>

#include "core/error.h"

#define CJ_DATE_MIN_YEAR 1900
#define CJ_DATE_MAX_YEAR 2199

/*
 * Parse exactly ten characters "YYYY-MM-DD" (ASCII digits, '-' separators,
 * nothing before or after) naming a real proleptic Gregorian date with a year
 * from CJ_DATE_MIN_YEAR to CJ_DATE_MAX_YEAR.  On success store the days since
 * 1970-01-01 in *days (if days is not NULL) and return 0; otherwise return -1
 * and leave *days alone.  s may be NULL (-1).
 */
int cj_date_parse(const char *s, int32_t *days);

/*
 * Write days (since 1970-01-01) as "YYYY-MM-DD" and a NUL into out.  Days
 * before 0000-01-01 or after 9999-12-31 are clamped to those dates.
 */
void cj_date_format(int32_t days, char out[11]);

/* Today in China (UTC+8), as days since 1970-01-01. */
int32_t cj_date_today(void);

/*
 * The date in China (UTC+8) at instant t, in seconds since
 * 1970-01-01T00:00:00Z, as days since 1970-01-01: 16:00Z is midnight there.
 */
int32_t cj_date_from_time(int64_t t);

/*
 * Check that s is a date cj_date_parse() accepts.  Returns 0, or
 * CJ_EINVAL/CJ_M_BAD_DATE naming field (also for NULL: callers decide
 * separately whether a field is required and validate only present values).
 */
int cj_date_validate(const char *s, const char *field, struct cj_error *err);

/*
 * Check that to is not before from (equal is fine).  Either NULL means "not
 * given" and passes.  to before from gives CJ_EINVAL/CJ_M_DATE_ORDER naming
 * to_field.  A value that does not parse gives CJ_M_BAD_DATE: naming to_field
 * if to is bad, with no field if from is bad -- so validate each field with
 * cj_date_validate() first; with the first error winning, that one names it.
 */
int cj_date_order(const char *from, const char *to, const char *to_field, struct cj_error *err);

/* Write the current UTC time as "YYYY-MM-DDTHH:MM:SSZ" and a NUL into out. */
void cj_timestamp_now(char out[21]);

/*
 * Write t (seconds since 1970-01-01T00:00:00Z, leap seconds ignored) as
 * "YYYY-MM-DDTHH:MM:SSZ" and a NUL into out; clamped as cj_date_format().
 */
void cj_timestamp_format(int64_t t, char out[21]);

#endif

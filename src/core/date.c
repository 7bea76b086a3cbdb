/*
 * Dates; see date.h.  The civil/day conversions are Howard Hinnant's
 * days_from_civil and civil_from_days ("chrono-Compatible Low-Level Date
 * Algorithms"), on the proleptic Gregorian calendar with 400-year eras.
 */
#include "core/date.h"

#include <time.h>

#define SECS_PER_DAY 86400
#define CHINA_OFFSET (8 * 3600) /* UTC+8 all year; China has had no DST since 1991 */
#define DAYS_0000    (-719528)  /* 0000-01-01 */
#define DAYS_9999    2932896    /* 9999-12-31 */

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Floor division, for instants before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Write v as exactly n decimal digits (0 <= v < 10^n). */
static void
put_digits(char *out, int n, int64_t v)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Read exactly n ASCII digits from s into *v; -1 if one is not a digit. */
static int
get_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
cj_date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (!s)
		return -1;
	/* get_digits() stops at a NUL, so a short string never reads past it. */
	if (get_digits(s, 4, &y) < 0 || s[4] != '-' || get_digits(s + 5, 2, &m) < 0 ||
	    s[7] != '-' || get_digits(s + 8, 2, &d) < 0 || s[10] != '\0')
		return -1;
	if (y < CJ_DATE_MIN_YEAR || y > CJ_DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	if (days)
		*days = (int32_t)days_from_civil(y, m, d);
	return 0;
}

static void
format_date(int64_t days, char *out)
{
	int64_t y;
	int m, d;

	if (days < DAYS_0000)
		days = DAYS_0000;
	if (days > DAYS_9999)
		days = DAYS_9999;
	civil_from_days(days, &y, &m, &d);
	put_digits(out, 4, y);
	out[4] = '-';
	put_digits(out + 5, 2, m);
	out[7] = '-';
	put_digits(out + 8, 2, d);
}

void
cj_date_format(int32_t days, char out[11])
{
	format_date(days, out);
	out[10] = '\0';
}

int32_t
cj_date_from_time(int64_t t)
{
	int64_t days;

	if (t > INT64_MAX - CHINA_OFFSET)
		t = INT64_MAX - CHINA_OFFSET;
	days = floor_div(t + CHINA_OFFSET, SECS_PER_DAY);
	if (days < INT32_MIN)
		return INT32_MIN;
	if (days > INT32_MAX)
		return INT32_MAX;
	return (int32_t)days;
}

int32_t
cj_date_today(void)
{
	return cj_date_from_time((int64_t)time(NULL));
}

int
cj_date_validate(const char *s, const char *field, struct cj_error *err)
{
	if (cj_date_parse(s, NULL) < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_DATE, field);
	return 0;
}

int
cj_date_order(const char *from, const char *to, const char *to_field, struct cj_error *err)
{
	int32_t a, b;

	if (!from || !to)
		return 0;
	if (cj_date_parse(to, &b) < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_DATE, to_field);
	if (cj_date_parse(from, &a) < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_DATE, NULL);
	if (b < a)
		return cj_error_set(err, CJ_EINVAL, CJ_M_DATE_ORDER, to_field);
	return 0;
}

void
cj_timestamp_format(int64_t t, char out[21])
{
	int64_t days, secs;

	if (t < (int64_t)DAYS_0000 * SECS_PER_DAY)
		t = (int64_t)DAYS_0000 * SECS_PER_DAY;
	if (t > (int64_t)DAYS_9999 * SECS_PER_DAY + SECS_PER_DAY - 1)
		t = (int64_t)DAYS_9999 * SECS_PER_DAY + SECS_PER_DAY - 1;
	days = floor_div(t, SECS_PER_DAY);
	secs = t - days * SECS_PER_DAY;
	format_date(days, out);
	out[10] = 'T';
	put_digits(out + 11, 2, secs / 3600);
	out[13] = ':';
	put_digits(out + 14, 2, secs / 60 % 60);
	out[16] = ':';
	put_digits(out + 17, 2, secs % 60);
	out[19] = 'Z';
	out[20] = '\0';
}

void
cj_timestamp_now(char out[21])
{
	cj_timestamp_format((int64_t)time(NULL), out);
}

/* Unit tests for core/date: ISO dates, today in China, UTC timestamps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/date.h"

#define assert_einval(rc, err, m, f)                                                               \
	do {                                                                                       \
		assert_int_equal((rc), -CJ_EINVAL);                                                \
		assert_int_equal((err).code, CJ_EINVAL);                                           \
		assert_ptr_equal((err).msg, (m));                                                  \
		assert_string_equal((err).field, (f));                                             \
	} while (0)

/* s parses to days. */
#define assert_date(s, want)                                                                       \
	do {                                                                                       \
		int32_t d_ = 12345678;                                                             \
		assert_int_equal(cj_date_parse((s), &d_), 0);                                      \
		assert_int_equal(d_, (want));                                                      \
	} while (0)

/* s does not parse, and *days is left alone. */
#define assert_not_date(s)                                                                         \
	do {                                                                                       \
		int32_t d_ = 12345678;                                                             \
		assert_int_equal(cj_date_parse((s), &d_), -1);                                     \
		assert_int_equal(d_, 12345678);                                                    \
	} while (0)

static void
test_parse_known(void **state)
{
	(void)state;
	assert_date("1970-01-01", 0);
	assert_date("1970-01-02", 1);
	assert_date("1969-12-31", -1);
	assert_date("1900-01-01", -25567);
	assert_date("2199-12-31", 84005);
	assert_date("2000-02-29", 11016);
	assert_date("2000-03-01", 11017);
	assert_date("2024-02-29", 19782);
	assert_date("2026-03-15", 20527);
	assert_int_equal(cj_date_parse("2026-03-15", NULL), 0);
}

static void
test_leap_years(void **state)
{
	(void)state;
	assert_int_equal(cj_date_parse("2024-02-29", NULL), 0);
	assert_not_date("2023-02-29");
	assert_not_date("1900-02-29");                          /* divisible by 100, not by 400 */
	assert_int_equal(cj_date_parse("2000-02-29", NULL), 0); /* divisible by 400 */
	assert_not_date("2100-02-29");
	assert_not_date("2024-02-30");
	assert_int_equal(cj_date_parse("2023-02-28", NULL), 0);
	assert_int_equal(cj_date_parse("1904-02-29", NULL), 0);
}

static void
test_parse_bad(void **state)
{
	(void)state;
	assert_not_date("2023-1-05");
	assert_not_date("2023-01-5");
	assert_not_date("23-01-05");
	assert_not_date("2023/01/05");
	assert_not_date("20230105");
	assert_not_date("2023-01-05 ");
	assert_not_date("2023-01-05x");
	assert_not_date("2023-01-05T00:00:00Z");
	assert_not_date(" 2023-01-05");
	assert_not_date("2023-01-0");
	assert_not_date("2023-01-");
	assert_not_date("2023");
	assert_not_date("");
	assert_not_date(NULL);
	assert_not_date("2023-00-10");
	assert_not_date("2023-13-01");
	assert_not_date("2023-01-00");
	assert_not_date("2023-01-32");
	assert_not_date("2023-04-31");
	assert_not_date("2023-06-31");
	assert_not_date("2023-09-31");
	assert_not_date("2023-11-31");
	assert_not_date("+023-01-05");
	assert_not_date("-023-01-05");
	assert_not_date("2023-+1-05");
	assert_not_date("2023-01-0a");
	assert_not_date("２０２３-01-05");
	assert_not_date("2023\xe2\x88\x92"
	                "01-05");
	/* Outside 1900..2199. */
	assert_not_date("1899-12-31");
	assert_not_date("2200-01-01");
	assert_not_date("0000-01-01");
	assert_not_date("9999-12-31");
}

/* Every day of 1900..2199 against a naive day-by-day calendar. */
static void
test_round_trip(void **state)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int32_t first, last, days, d;
	int y = 1900, m = 1, dd = 1, leap, n = 0;
	char want[40], got[11];

	(void)state;
	assert_int_equal(cj_date_parse("1900-01-01", &first), 0);
	assert_int_equal(cj_date_parse("2199-12-31", &last), 0);
	for (days = first; days <= last; days++) {
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, dd);
		cj_date_format(days, got);
		assert_string_equal(got, want);
		assert_int_equal(cj_date_parse(want, &d), 0);
		assert_int_equal(d, days);
		n++;
		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (dd < mdays[m - 1] + (m == 2 && leap)) {
			dd++;
		} else if (m < 12) {
			m++;
			dd = 1;
		} else {
			y++;
			m = 1;
			dd = 1;
		}
	}
	assert_int_equal(y, 2200);
	/* 300 years: 300 * 365 + 73 leap days (1900, 2100 are not leap). */
	assert_int_equal(n, 300 * 365 + 73);
}

static void
test_format(void **state)
{
	char out[11];

	(void)state;
	memset(out, 'x', sizeof(out));
	cj_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	cj_date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
	cj_date_format(19782, out);
	assert_string_equal(out, "2024-02-29");
	cj_date_format(-719162, out); /* 0001-01-01 */
	assert_string_equal(out, "0001-01-01");
	/* Clamped to four-digit years. */
	cj_date_format(INT32_MIN, out);
	assert_string_equal(out, "0000-01-01");
	cj_date_format(INT32_MAX, out);
	assert_string_equal(out, "9999-12-31");
	cj_date_format(2932896, out);
	assert_string_equal(out, "9999-12-31");
	cj_date_format(-719528, out);
	assert_string_equal(out, "0000-01-01");
}

static void
test_today(void **state)
{
	char stamp[21], later[21];
	int32_t t, utc, jan1;

	(void)state;
	/* Read the clock on both sides, retrying if a UTC midnight fell between. */
	do {
		cj_timestamp_now(stamp);
		t = cj_date_today();
		cj_timestamp_now(later);
	} while (memcmp(stamp, later, 10) != 0);
	stamp[10] = '\0';
	assert_int_equal(cj_date_parse(stamp, &utc), 0);
	/* China is 8 hours ahead: the same date before 16:00 UTC, the next after. */
	if (memcmp(stamp + 11, "16", 2) >= 0 && memcmp(later + 11, "16", 2) >= 0)
		assert_int_equal(t, utc + 1);
	else if (memcmp(stamp + 11, "16", 2) < 0 && memcmp(later + 11, "16", 2) < 0)
		assert_int_equal(t, utc);
	else
		assert_true(t == utc || t == utc + 1);
	assert_int_equal(cj_date_parse("2024-01-01", &jan1), 0);
	assert_true(t > jan1);
}

static void
test_from_time(void **state)
{
	int32_t d;

	(void)state;
	assert_int_equal(cj_date_from_time(0), 0);
	/* 16:00Z is midnight in China. */
	assert_int_equal(cj_date_from_time(16 * 3600 - 1), 0);
	assert_int_equal(cj_date_from_time(16 * 3600), 1);
	/* Before 1970 the division rounds down. */
	assert_int_equal(cj_date_from_time(-8 * 3600), 0);
	assert_int_equal(cj_date_from_time(-8 * 3600 - 1), -1);
	/* 2024-02-28T16:00:00Z is 2024-02-29 00:00 in 嘉兴. */
	assert_int_equal(cj_date_parse("2024-02-29", &d), 0);
	assert_int_equal(cj_date_from_time(1709136000 - 1), d - 1);
	assert_int_equal(cj_date_from_time(1709136000), d);
	assert_int_equal(cj_date_from_time(1709136000 + 86400 - 1), d);
	assert_int_equal(cj_date_from_time(1709136000 + 86400), d + 1);
	/* Absurd instants saturate. */
	assert_int_equal(cj_date_from_time(INT64_MAX), INT32_MAX);
	assert_int_equal(cj_date_from_time(INT64_MIN), INT32_MIN);
}

static void
test_validate(void **state)
{
	struct cj_error err = { 0 };
	int rc;

	(void)state;
	assert_int_equal(cj_date_validate("2024-02-29", "signed_on", &err), 0);
	assert_int_equal(err.code, 0);
	rc = cj_date_validate("2023-02-29", "signed_on", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "signed_on");

	cj_error_clear(&err);
	rc = cj_date_validate("2023-1-05", "valid_from", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "valid_from");

	cj_error_clear(&err);
	rc = cj_date_validate(NULL, "plaque_date", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "plaque_date");

	assert_int_equal(cj_date_validate("x", "d", NULL), -CJ_EINVAL);
}

static void
test_order(void **state)
{
	struct cj_error err = { 0 };
	int rc;

	(void)state;
	assert_int_equal(cj_date_order("2024-01-01", "2026-12-31", "valid_to", &err), 0);
	assert_int_equal(cj_date_order("2024-01-01", "2024-01-01", "valid_to", &err), 0);
	assert_int_equal(cj_date_order("2024-02-29", "2024-03-01", "valid_to", &err), 0);
	assert_int_equal(cj_date_order(NULL, "2024-01-01", "valid_to", &err), 0);
	assert_int_equal(cj_date_order("2024-01-01", NULL, "valid_to", &err), 0);
	assert_int_equal(cj_date_order(NULL, NULL, "valid_to", &err), 0);
	assert_int_equal(err.code, 0);

	rc = cj_date_order("2024-01-02", "2024-01-01", "valid_to", &err);
	assert_einval(rc, err, CJ_M_DATE_ORDER, "valid_to");

	cj_error_clear(&err);
	rc = cj_date_order("2025-01-01", "2024-12-31", "end_on", &err);
	assert_einval(rc, err, CJ_M_DATE_ORDER, "end_on");

	cj_error_clear(&err);
	rc = cj_date_order("2024-03-01", "2024-02-29", "valid_to", &err);
	assert_einval(rc, err, CJ_M_DATE_ORDER, "valid_to");

	/* A bad to is named; a bad from has no field of its own here. */
	cj_error_clear(&err);
	rc = cj_date_order("2024-01-01", "2024-02-30", "valid_to", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "valid_to");

	cj_error_clear(&err);
	rc = cj_date_order("2024-13-01", "2024-02-01", "valid_to", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "");

	/* Validating from first makes that the reported error. */
	cj_error_clear(&err);
	cj_date_validate("2024-13-01", "valid_from", &err);
	rc = cj_date_order("2024-13-01", "2024-02-01", "valid_to", &err);
	assert_einval(rc, err, CJ_M_BAD_DATE, "valid_from");
}

static void
test_timestamp(void **state)
{
	char out[21];
	time_t before, after;
	char lo[21], hi[21];

	(void)state;
	cj_timestamp_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	cj_timestamp_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	cj_timestamp_format(951782400, out);
	assert_string_equal(out, "2000-02-29T00:00:00Z");
	cj_timestamp_format(1700000000, out);
	assert_string_equal(out, "2023-11-14T22:13:20Z");
	cj_timestamp_format(1709251199, out);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
	cj_timestamp_format(4102444799, out);
	assert_string_equal(out, "2099-12-31T23:59:59Z");
	cj_timestamp_format(-2208988800, out);
	assert_string_equal(out, "1900-01-01T00:00:00Z");
	cj_timestamp_format(INT64_MIN, out);
	assert_string_equal(out, "0000-01-01T00:00:00Z");
	cj_timestamp_format(INT64_MAX, out);
	assert_string_equal(out, "9999-12-31T23:59:59Z");

	before = time(NULL);
	cj_timestamp_now(out);
	after = time(NULL);
	cj_timestamp_format((int64_t)before, lo);
	cj_timestamp_format((int64_t)after, hi);
	assert_int_equal(strlen(out), 20);
	assert_true(strcmp(lo, out) <= 0 && strcmp(out, hi) <= 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_known), cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_parse_bad),   cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format),      cmocka_unit_test(test_today),
		cmocka_unit_test(test_from_time),   cmocka_unit_test(test_validate),
		cmocka_unit_test(test_order),       cmocka_unit_test(test_timestamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

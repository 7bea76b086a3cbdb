/* Unit tests for core/codes: region, industry and short codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/codes.h"

#define assert_einval(rc, err, m, f)                                                               \
	do {                                                                                       \
		assert_int_equal((rc), -CJ_EINVAL);                                                \
		assert_int_equal((err).code, CJ_EINVAL);                                           \
		assert_ptr_equal((err).msg, (m));                                                  \
		assert_string_equal((err).field, (f));                                             \
	} while (0)

/* fn(s) passes, or fails with message m naming "f". */
#define assert_ok(fn, s)                                                                           \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		assert_int_equal(fn((s), "f", &e_), 0);                                            \
		assert_int_equal(e_.code, 0);                                                      \
	} while (0)
#define assert_bad(fn, s, m)                                                                       \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		int rc_ = fn((s), "f", &e_);                                                       \
		assert_einval(rc_, e_, (m), "f");                                                  \
	} while (0)

static void
test_region(void **state)
{
	static const int provinces[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
		                         35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
		                         53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };
	struct cj_error err = { 0 };
	char code[32];
	size_t i;
	int p, known;

	(void)state;
	assert_ok(cj_region_validate, "330400"); /* 嘉兴市 */
	assert_ok(cj_region_validate, "110000");
	assert_ok(cj_region_validate, "820000");
	/* Every two-digit prefix: exactly the province-level ones pass. */
	for (p = 0; p < 100; p++) {
		snprintf(code, sizeof(code), "%02d0100", p);
		known = 0;
		for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
			known |= provinces[i] == p;
		if (known)
			assert_ok(cj_region_validate, code);
		else
			assert_bad(cj_region_validate, code, CJ_M_REGION);
	}
	assert_bad(cj_region_validate, "33040", CJ_M_REGION);
	assert_bad(cj_region_validate, "3304000", CJ_M_REGION);
	assert_bad(cj_region_validate, "33040a", CJ_M_REGION);
	assert_bad(cj_region_validate, " 330400", CJ_M_REGION);
	assert_bad(cj_region_validate, "330400 ", CJ_M_REGION);
	assert_bad(cj_region_validate, "-33040", CJ_M_REGION);
	assert_bad(cj_region_validate, "３３０４００", CJ_M_REGION);
	assert_bad(cj_region_validate, "", CJ_M_REGION);
	assert_bad(cj_region_validate, NULL, CJ_M_REGION);
	assert_bad(cj_region_validate, "000000", CJ_M_REGION);
	assert_bad(cj_region_validate, "100000", CJ_M_REGION);
	assert_int_equal(cj_region_validate("330400", "region_code", &err), 0);
	assert_einval(cj_region_validate("99", "region_code", &err), err, CJ_M_REGION,
	              "region_code");
	assert_int_equal(cj_region_validate("99", "region_code", NULL), -CJ_EINVAL);
}

static void
test_industry_examples(void **state)
{
	(void)state;
	assert_ok(cj_industry_validate, "C34");
	assert_ok(cj_industry_validate, "C344");
	assert_ok(cj_industry_validate, "C3441");
	assert_ok(cj_industry_validate, "C");
	assert_ok(cj_industry_validate, "A01");
	assert_ok(cj_industry_validate, "A0511");
	assert_ok(cj_industry_validate, "I65");
	assert_ok(cj_industry_validate, "P83");
	assert_ok(cj_industry_validate, "T97");
	assert_ok(cj_industry_validate, "T");
	assert_bad(cj_industry_validate, "C99", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C12", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C44", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "Z12", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "U", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C3", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C34411", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C3441X", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "c34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C 34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "C34 ", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, " C34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "CC34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "A00", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "T98", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "Ｃ34", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, "", CJ_M_INDUSTRY);
	assert_bad(cj_industry_validate, NULL, CJ_M_INDUSTRY);
}

/* Every section letter with every division 00..99, at 2, 3 and 4 digits. */
static void
test_industry_divisions(void **state)
{
	static const struct {
		char letter;
		int lo, hi;
	} ranges[] = {
		{ 'A', 1, 5 },   { 'B', 6, 12 },  { 'C', 13, 43 }, { 'D', 44, 46 }, { 'E', 47, 50 },
		{ 'F', 51, 52 }, { 'G', 53, 60 }, { 'H', 61, 62 }, { 'I', 63, 65 }, { 'J', 66, 69 },
		{ 'K', 70, 70 }, { 'L', 71, 72 }, { 'M', 73, 75 }, { 'N', 76, 79 }, { 'O', 80, 82 },
		{ 'P', 83, 83 }, { 'Q', 84, 85 }, { 'R', 86, 90 }, { 'S', 91, 96 }, { 'T', 97, 97 },
	};
	struct cj_error err;
	char code[32];
	size_t i;
	int div, owners, rc;

	(void)state;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		assert_int_equal(ranges[i].letter, 'A' + (int)i);
		code[0] = ranges[i].letter;
		code[1] = '\0';
		assert_ok(cj_industry_validate, code);
		for (div = 0; div < 100; div++) {
			int in = div >= ranges[i].lo && div <= ranges[i].hi;
			const char *fmt[] = { "%c%02d", "%c%02d1", "%c%02d19" };
			size_t f;

			for (f = 0; f < 3; f++) {
				snprintf(code, sizeof(code), fmt[f], ranges[i].letter, div);
				cj_error_clear(&err);
				rc = cj_industry_validate(code, "industry_code", &err);
				if (in) {
					assert_int_equal(rc, 0);
				} else {
					assert_einval(rc, err, CJ_M_INDUSTRY, "industry_code");
				}
			}
		}
	}
	/* Every division 01..97 belongs to exactly one section. */
	for (div = 1; div <= 97; div++) {
		owners = 0;
		for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
			snprintf(code, sizeof(code), "%c%02d", ranges[i].letter, div);
			owners += cj_industry_validate(code, "f", NULL) == 0;
		}
		assert_int_equal(owners, 1);
	}
}

static void
test_section_names(void **state)
{
	char c;

	(void)state;
	assert_string_equal(cj_industry_section_name('A', 0), "农、林、牧、渔业");
	assert_string_equal(cj_industry_section_name('C', 0), "制造业");
	assert_string_equal(cj_industry_section_name('C', 1), "Manufacturing");
	assert_string_equal(cj_industry_section_name('I', 0), "信息传输、软件和信息技术服务业");
	assert_string_equal(cj_industry_section_name('P', 0), "教育");
	assert_string_equal(cj_industry_section_name('P', 1), "Education");
	assert_string_equal(cj_industry_section_name('T', 0), "国际组织");
	assert_string_equal(cj_industry_section_name('T', 1), "International organisations");
	for (c = 'A'; c <= 'T'; c++) {
		assert_non_null(cj_industry_section_name(c, 0));
		assert_non_null(cj_industry_section_name(c, 1));
		assert_true(strlen(cj_industry_section_name(c, 0)) > 0);
		assert_true(strlen(cj_industry_section_name(c, 1)) > 0);
	}
	assert_null(cj_industry_section_name('U', 0));
	assert_null(cj_industry_section_name('Z', 1));
	assert_null(cj_industry_section_name('c', 0));
	assert_null(cj_industry_section_name('@', 0));
	assert_null(cj_industry_section_name('\0', 0));
	assert_null(cj_industry_section_name((char)0xe5, 0));
}

static void
test_code(void **state)
{
	struct cj_error err = { 0 };

	(void)state;
	assert_ok(cj_code_validate, "jxjs");
	assert_ok(cj_code_validate, "ab");
	assert_ok(cj_code_validate, "carrier_kind");
	assert_ok(cj_code_validate, "jx-tech-2024");
	assert_ok(cj_code_validate, "a0");
	assert_ok(cj_code_validate, "a_");
	assert_ok(cj_code_validate, "abcdefghijklmnopqrstuvwxyz012345"); /* 32 */
	assert_bad(cj_code_validate, "abcdefghijklmnopqrstuvwxyz0123456", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "a", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, NULL, CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "Jxjs", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "jxJS", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "1abc", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "_abc", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "-abc", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "ab c", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "abc ", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "ab.c", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "ab/c", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "嘉兴", CJ_M_CODE_FORMAT);
	assert_bad(cj_code_validate, "ab\xe5\x98\x89", CJ_M_CODE_FORMAT);
	assert_einval(cj_code_validate("X", "college.code", &err), err, CJ_M_CODE_FORMAT,
	              "college.code");
	assert_int_equal(cj_code_validate("X", "code", NULL), -CJ_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_industry_examples),
		cmocka_unit_test(test_industry_divisions),
		cmocka_unit_test(test_section_names),
		cmocka_unit_test(test_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

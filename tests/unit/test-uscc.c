/* Unit tests for core/uscc: unified social credit codes (GB 32100-2015). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/uscc.h"

/* rc is CJ_EINVAL with message m naming field f. */
#define assert_einval(rc, err, m, f)                                                               \
	do {                                                                                       \
		assert_int_equal((rc), -CJ_EINVAL);                                                \
		assert_int_equal((err).code, CJ_EINVAL);                                           \
		assert_ptr_equal((err).msg, (m));                                                  \
		assert_string_equal((err).field, (f));                                             \
	} while (0)

/* Normalise in and expect msg m on field "uscc", with out left empty. */
#define assert_rejects(in, m)                                                                      \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_USCC_SIZE] = "junk";                                                    \
		int l_ = 7;                                                                        \
		int rc_ = cj_uscc_normalize((in), o_, sizeof(o_), &l_, "uscc", &e_);               \
		assert_einval(rc_, e_, (m), "uscc");                                               \
		assert_string_equal(o_, "");                                                       \
		assert_int_equal(l_, 0);                                                           \
	} while (0)

/* Normalise in and expect success with the given output and legacy flag. */
#define assert_accepts(in, want, want_legacy)                                                      \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_USCC_SIZE];                                                             \
		int l_ = 7;                                                                        \
		int rc_ = cj_uscc_normalize((in), o_, sizeof(o_), &l_, "uscc", &e_);               \
		assert_int_equal(rc_, 0);                                                          \
		assert_int_equal(e_.code, 0);                                                      \
		assert_string_equal(o_, (want));                                                   \
		assert_int_equal(l_, (want_legacy));                                               \
	} while (0)

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Real enterprises' codes, each checked by hand against the standard. */
static const char *const good[] = {
	"914403001922038216", /* 华为技术有限公司 */
	"91330100716105852F", /* 阿里巴巴（中国）有限公司 */
	"91440300708461136T", /* 深圳市腾讯计算机系统有限公司 */
	"91110108551385082Q", /* 北京小米科技有限责任公司 */
	"91330400MA2JB7XX27", /* a 嘉兴 code with an MA organisation part */
};

/* An independent implementation of the standard's formula, for comparison. */
static char
reference_check(const char *s)
{
	int i, sum = 0, w = 1;

	for (i = 0; i < 17; i++) {
		sum += (int)(strchr(alphabet, s[i]) - alphabet) * w;
		w = w * 3 % 31;
	}
	return alphabet[(31 - sum % 31) % 31];
}

/* A small deterministic generator, so that failures reproduce. */
static uint32_t
next_rand(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

static void
random_code(uint32_t *state, char code[CJ_USCC_SIZE])
{
	int i;

	for (i = 0; i < 17; i++)
		code[i] = alphabet[next_rand(state) % 31];
	code[17] = cj_uscc_check_char(code);
	code[18] = '\0';
}

static void
test_alphabet(void **state)
{
	(void)state;
	assert_int_equal(strlen(CJ_USCC_ALPHABET), 31);
	assert_string_equal(CJ_USCC_ALPHABET, alphabet);
	assert_null(strpbrk(CJ_USCC_ALPHABET, "IOSVZ"));
}

static void
test_known_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(reference_check(good[i]), good[i][17]);
		assert_int_equal(cj_uscc_check_char(good[i]), good[i][17]);
		assert_accepts(good[i], good[i], 0);
	}
}

static void
test_check_char(void **state)
{
	uint32_t seed = 42;
	char code[CJ_USCC_SIZE];
	int i;

	(void)state;
	/* The weights 3^(i-1) mod 31: only the first position set. */
	assert_int_equal(cj_uscc_check_char("10000000000000000"), alphabet[30]);
	assert_int_equal(cj_uscc_check_char("00000000000000000"), '0');
	/* Position 17 has weight 28: (31 - 28) % 31 = 3. */
	assert_int_equal(cj_uscc_check_char("00000000000000001"), '3');
	for (i = 0; i < 2000; i++) {
		random_code(&seed, code);
		assert_int_equal(code[17], reference_check(code));
	}
	/* Characters after the 17th are ignored. */
	assert_int_equal(cj_uscc_check_char("91440300192203821XYZ"), '6');
	/* Outside the alphabet, lower case, too short, NULL. */
	assert_int_equal(cj_uscc_check_char("9144030019220382I"), 0);
	assert_int_equal(cj_uscc_check_char("O1440300192203821"), 0);
	assert_int_equal(cj_uscc_check_char("91330100716105852f"), 'F');
	assert_int_equal(cj_uscc_check_char("91330400ma2jb7xx2"), 0);
	assert_int_equal(cj_uscc_check_char("9144030019220382"), 0);
	assert_int_equal(cj_uscc_check_char(""), 0);
	assert_int_equal(cj_uscc_check_char(NULL), 0);
}

static void
test_wrong_check_char(void **state)
{
	(void)state;
	/* The example often quoted for 嘉兴; its check character is really 7. */
	assert_rejects("91330400MA2JB7XX2B", CJ_M_USCC_CHECK);
	assert_rejects("914403001922038217", CJ_M_USCC_CHECK);
	assert_rejects("91330100716105852G", CJ_M_USCC_CHECK);
	assert_rejects("000000000000000001", CJ_M_USCC_CHECK);
}

/* Every single-character substitution and adjacent swap of valid codes fails. */
static void
test_corruptions(void **state)
{
	uint32_t seed = 2015;
	char code[CJ_USCC_SIZE], bad[CJ_USCC_SIZE], out[CJ_USCC_SIZE];
	struct cj_error err;
	int k, pos, a, rc;

	(void)state;
	for (k = 0; k < 40; k++) {
		random_code(&seed, code);
		cj_error_clear(&err);
		assert_int_equal(cj_uscc_normalize(code, out, sizeof(out), NULL, "uscc", &err), 0);
		assert_string_equal(out, code);
		for (pos = 0; pos < 18; pos++) {
			for (a = 0; a < 31; a++) {
				if (alphabet[a] == code[pos])
					continue;
				memcpy(bad, code, sizeof(bad));
				bad[pos] = alphabet[a];
				cj_error_clear(&err);
				rc = cj_uscc_normalize(bad, out, sizeof(out), NULL, "uscc", &err);
				assert_einval(rc, err, CJ_M_USCC_CHECK, "uscc");
			}
			if (pos < 17 && code[pos] != code[pos + 1]) {
				memcpy(bad, code, sizeof(bad));
				bad[pos] = code[pos + 1];
				bad[pos + 1] = code[pos];
				cj_error_clear(&err);
				rc = cj_uscc_normalize(bad, out, sizeof(out), NULL, "uscc", &err);
				assert_einval(rc, err, CJ_M_USCC_CHECK, "uscc");
			}
		}
	}
}

static void
test_length(void **state)
{
	(void)state;
	assert_rejects("91440300192203821", CJ_M_USCC_LENGTH);
	assert_rejects("9144030019220382166", CJ_M_USCC_LENGTH);
	assert_rejects("9", CJ_M_USCC_LENGTH);
	assert_rejects("", CJ_M_USCC_LENGTH);
	assert_rejects(" \t\u3000 ", CJ_M_USCC_LENGTH);
	assert_rejects(NULL, CJ_M_USCC_LENGTH);
	/* Spaces inside are not trimmed. */
	assert_rejects("9144030019 22038216", CJ_M_USCC_LENGTH);
	/* A very long input. */
	assert_rejects("914403001922038216914403001922038216914403001922038216", CJ_M_USCC_LENGTH);
	/* 15 characters that are not all digits are not a legacy number. */
	assert_rejects("33040000001234A", CJ_M_USCC_LENGTH);
	assert_rejects("33040000001234-", CJ_M_USCC_LENGTH);
	/* 14 and 16 digits. */
	assert_rejects("33040000001234", CJ_M_USCC_LENGTH);
	assert_rejects("3304000000123456", CJ_M_USCC_LENGTH);
	/* Chinese characters count as characters, not bytes. */
	assert_rejects("统一社会信用代码", CJ_M_USCC_LENGTH);
}

static void
test_forbidden_letters(void **state)
{
	const char *forbidden = "IOSVZ";
	char code[CJ_USCC_SIZE];
	int i, pos;

	(void)state;
	for (i = 0; forbidden[i]; i++) {
		for (pos = 0; pos < 18; pos++) {
			memcpy(code, good[0], sizeof(code));
			code[pos] = forbidden[i];
			assert_rejects(code, CJ_M_USCC_CHAR);
			/* Lower case is upper-cased first, so still rejected. */
			code[pos] = (char)(forbidden[i] - 'A' + 'a');
			assert_rejects(code, CJ_M_USCC_CHAR);
		}
	}
	/* Other characters outside the alphabet. */
	assert_rejects("91440300192203821-", CJ_M_USCC_CHAR);
	assert_rejects("9144030019220382 6", CJ_M_USCC_CHAR);
	assert_rejects("91440300192203821\x01", CJ_M_USCC_CHAR);
	/* A Chinese character or an inner ideographic space in 18 characters. */
	assert_rejects("9144030019220382华6", CJ_M_USCC_CHAR);
	assert_rejects("91440300\u30001922038216", CJ_M_USCC_LENGTH);
	assert_rejects("91440300\u3000922038216", CJ_M_USCC_CHAR);
}

static void
test_normalisation(void **state)
{
	(void)state;
	/* Lower case. */
	assert_accepts("91330100716105852f", "91330100716105852F", 0);
	assert_accepts("91330400ma2jb7xx27", "91330400MA2JB7XX27", 0);
	/* Surrounding ASCII and Unicode spaces. */
	assert_accepts("  914403001922038216  ", "914403001922038216", 0);
	assert_accepts("\t\r\n914403001922038216\n", "914403001922038216", 0);
	assert_accepts("\u3000914403001922038216\u3000\u3000", "914403001922038216", 0);
	assert_accepts("\u00a0914403001922038216\u2003", "914403001922038216", 0);
	assert_accepts("\ufeff914403001922038216\u200b", "914403001922038216", 0);
	/* Full-width digits and letters, upper and lower case. */
	assert_accepts("９１４４０３００１９２２０３８２１６", "914403001922038216", 0);
	assert_accepts("９１３３０１００７１６１０５８５２Ｆ", "91330100716105852F", 0);
	assert_accepts("９１３３０１００７１６１０５８５２ｆ", "91330100716105852F", 0);
	assert_accepts("\u3000９１３３０４００ｍａ２ＪＢ7XX27 ", "91330400MA2JB7XX27", 0);
	/* A full-width I is still an I. */
	assert_rejects("９１３３０１００７１６１０５８５２Ｉ", CJ_M_USCC_CHAR);
	/* U+FF5F and beyond are not ASCII forms. */
	assert_rejects("91330100716105852\uff5f", CJ_M_USCC_CHAR);
}

static void
test_legacy(void **state)
{
	struct cj_error err = { 0 };
	char out[CJ_USCC_SIZE];
	int legacy = 0;

	(void)state;
	assert_accepts("330400000012345", "330400000012345", 1);
	assert_accepts(" 110108000000016 ", "110108000000016", 1);
	assert_accepts("３３０４００００００１２３４５", "330400000012345", 1);
	/* legacy may be NULL. */
	assert_int_equal(cj_uscc_normalize("330400000012345", out, sizeof(out), NULL, "uscc", &err),
	                 0);
	assert_string_equal(out, "330400000012345");
	/* A later 18-character code clears the flag. */
	assert_int_equal(
	    cj_uscc_normalize("330400000012345", out, sizeof(out), &legacy, "uscc", &err), 0);
	assert_int_equal(legacy, 1);
	assert_int_equal(
	    cj_uscc_normalize("914403001922038216", out, sizeof(out), &legacy, "uscc", &err), 0);
	assert_int_equal(legacy, 0);
}

static void
test_bad_utf8(void **state)
{
	(void)state;
	assert_rejects("\xff", CJ_M_BAD_UTF8);
	assert_rejects("914403001922038216\xff", CJ_M_BAD_UTF8);
	assert_rejects("\x80"
	               "914403001922038216",
	               CJ_M_BAD_UTF8);
	/* Overlong '/' and overlong NUL. */
	assert_rejects("91440300192203821\xc0\xaf", CJ_M_BAD_UTF8);
	assert_rejects("\xc0\x80", CJ_M_BAD_UTF8);
	assert_rejects("\xe0\x80\xb6", CJ_M_BAD_UTF8);
	/* A surrogate, a code point beyond U+10FFFF, a truncated sequence. */
	assert_rejects("\xed\xa0\x80", CJ_M_BAD_UTF8);
	assert_rejects("\xf4\x90\x80\x80", CJ_M_BAD_UTF8);
	assert_rejects("914403001922038216\xe3\x80", CJ_M_BAD_UTF8);
	assert_rejects("\xe3\x80 914403001922038216", CJ_M_BAD_UTF8);
	/* A four-byte character is fine UTF-8 (but not a code character). */
	assert_rejects("91440300192203821\xf0\x9f\x98\x80", CJ_M_USCC_CHAR);
}

static void
test_field_and_err(void **state)
{
	struct cj_error err = { 0 };
	char out[CJ_USCC_SIZE], small[CJ_USCC_SIZE - 1];
	int rc;

	(void)state;
	/* The caller names the field. */
	rc = cj_uscc_normalize("91330400MA2JB7XX2B", out, sizeof(out), NULL, "partners[1].uscc",
	                       &err);
	assert_einval(rc, err, CJ_M_USCC_CHECK, "partners[1].uscc");
	/* The first error wins. */
	rc = cj_uscc_normalize("1", out, sizeof(out), NULL, "other", &err);
	assert_int_equal(rc, -CJ_EINVAL);
	assert_ptr_equal(err.msg, CJ_M_USCC_CHECK);
	assert_string_equal(err.field, "partners[1].uscc");
	/* err may be NULL. */
	assert_int_equal(cj_uscc_normalize("1", out, sizeof(out), NULL, "uscc", NULL), -CJ_EINVAL);
	assert_int_equal(cj_uscc_normalize(good[0], out, sizeof(out), NULL, "uscc", NULL), 0);
	/* Too small a buffer is a programmer error. */
	cj_error_clear(&err);
	rc = cj_uscc_normalize(good[0], small, sizeof(small), NULL, "uscc", &err);
	assert_int_equal(rc, -CJ_EINTERNAL);
	assert_int_equal(err.code, CJ_EINTERNAL);
	assert_string_equal(small, "");
	cj_error_clear(&err);
	rc = cj_uscc_normalize(good[0], NULL, 0, NULL, "uscc", &err);
	assert_int_equal(rc, -CJ_EINTERNAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alphabet),
		cmocka_unit_test(test_known_good),
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_wrong_check_char),
		cmocka_unit_test(test_corruptions),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_forbidden_letters),
		cmocka_unit_test(test_normalisation),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_field_and_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

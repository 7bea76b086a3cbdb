/* Unit tests for core/pii: phone numbers, resident ID numbers, masks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/pii.h"

#define assert_einval(rc, err, m, f)                                                               \
	do {                                                                                       \
		assert_int_equal((rc), -CJ_EINVAL);                                                \
		assert_int_equal((err).code, CJ_EINVAL);                                           \
		assert_ptr_equal((err).msg, (m));                                                  \
		assert_string_equal((err).field, (f));                                             \
	} while (0)

#define assert_phone(in, want)                                                                     \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_PHONE_SIZE];                                                            \
		assert_int_equal(cj_phone_normalize((in), o_, sizeof(o_), "phone", &e_), 0);       \
		assert_int_equal(e_.code, 0);                                                      \
		assert_string_equal(o_, (want));                                                   \
	} while (0)

#define assert_not_phone(in)                                                                       \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_PHONE_SIZE] = "junk";                                                   \
		int rc_ = cj_phone_normalize((in), o_, sizeof(o_), "contact_phone", &e_);          \
		assert_einval(rc_, e_, CJ_M_PHONE, "contact_phone");                               \
		assert_string_equal(o_, "");                                                       \
	} while (0)

#define assert_phone_mask(in, want)                                                                \
	do {                                                                                       \
		char o_[64];                                                                       \
		memset(o_, 'x', sizeof(o_));                                                       \
		cj_phone_mask((in), o_, sizeof(o_));                                               \
		assert_string_equal(o_, (want));                                                   \
	} while (0)

#define assert_idcard(in, want)                                                                    \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_IDCARD_SIZE];                                                           \
		assert_int_equal(cj_idcard_check((in), o_, sizeof(o_), "id_number", &e_), 0);      \
		assert_int_equal(e_.code, 0);                                                      \
		assert_string_equal(o_, (want));                                                   \
	} while (0)

#define assert_not_idcard(in, m)                                                                   \
	do {                                                                                       \
		struct cj_error e_ = { 0 };                                                        \
		char o_[CJ_IDCARD_SIZE] = "junk";                                                  \
		int rc_ = cj_idcard_check((in), o_, sizeof(o_), "id_number", &e_);                 \
		assert_einval(rc_, e_, (m), "id_number");                                          \
		assert_string_equal(o_, "");                                                       \
	} while (0)

#define assert_idcard_mask(in, want)                                                               \
	do {                                                                                       \
		char o_[64];                                                                       \
		memset(o_, 'x', sizeof(o_));                                                       \
		cj_idcard_mask((in), o_, sizeof(o_));                                              \
		assert_string_equal(o_, (want));                                                   \
	} while (0)

static void
test_mobile(void **state)
{
	char num[12];
	int p;

	(void)state;
	assert_phone("13800138000", "13800138000");
	assert_phone("19912345678", "19912345678");
	assert_phone("+8613800138000", "13800138000");
	assert_phone("+86 138 0013 8000", "13800138000");
	assert_phone("8613800138000", "13800138000");
	assert_phone("86-138-0013-8000", "13800138000");
	assert_phone("138-0013-8000", "13800138000");
	assert_phone("  138 0013 8000\t", "13800138000");
	/* Every second digit 3..9 is a mobile prefix; 0..2 are not. */
	for (p = 0; p <= 9; p++) {
		memcpy(num, "13812345678", sizeof(num));
		num[1] = (char)('0' + p);
		if (p >= 3)
			assert_phone(num, num);
		else
			assert_not_phone(num);
	}
	assert_not_phone("1380013800");     /* 10 digits */
	assert_not_phone("138001380001");   /* 12 digits */
	assert_not_phone("23800138000");    /* not starting 1 */
	assert_not_phone("+8523800138000"); /* another country */
	assert_not_phone("+13800138000");
	assert_not_phone("+86+13800138000");
	assert_not_phone("138.0013.8000");
	assert_not_phone("(138)00138000");
	assert_not_phone("13800138000a");
	assert_not_phone("8713800138000");
	assert_not_phone("861380013800");
	assert_not_phone("１３８００１３８０００"); /* full-width digits are not accepted */
	assert_not_phone("13800138000 ext 1");
	assert_not_phone("1380013800000000000000000000000000");
}

static void
test_landline(void **state)
{
	(void)state;
	assert_phone("0573-82001234", "0573-82001234");
	assert_phone("010-12345678", "010-12345678");
	assert_phone("021-6234567", "021-6234567");
	assert_phone("0573 82001234", "0573-82001234");
	assert_phone("(0573)82001234", "0573-82001234");
	assert_phone("(0573) 82001234", "0573-82001234");
	assert_phone("(010)-12345678", "010-12345678");
	assert_phone("0573-8200 1234", "0573-82001234");
	assert_phone(" 0573-82001234 ", "0573-82001234");
	assert_phone("0573-82001234-801", "0573-82001234-801");
	assert_phone("0573-82001234-123456", "0573-82001234-123456");
	/* Without a separator the numbering plan splits the area code. */
	assert_phone("057382001234", "0573-82001234");
	assert_phone("01012345678", "010-12345678");
	assert_phone("0216234567", "021-6234567");
	assert_phone("05738200123", "0573-8200123");
	assert_phone("057382001234-8", "0573-82001234-8");

	assert_not_phone("0573-820012");    /* 6-digit number */
	assert_not_phone("0573-820012345"); /* 9-digit number */
	assert_not_phone("05-82001234");    /* 2-digit area code */
	assert_not_phone("05731-82001234"); /* 5-digit area code */
	assert_not_phone("1573-82001234");  /* area code not starting 0 */
	assert_not_phone("0573-82001234-"); /* empty extension */
	assert_not_phone("0573-82001234-1234567");
	assert_not_phone("0573-82001234 801");
	assert_not_phone("0573--82001234");
	assert_not_phone("(0573-82001234");
	assert_not_phone("0573)82001234");
	assert_not_phone("0573-8200-1234");
	assert_not_phone("0573-82001234x");
	assert_not_phone("0573");
	assert_not_phone("0573-");
	assert_not_phone("0573822");
	assert_not_phone("0");
	assert_not_phone("(");
	assert_not_phone("()");
	assert_not_phone("013800138000"); /* a mobile with a trunk 0 */
}

static void
test_phone_errors(void **state)
{
	struct cj_error err = { 0 };
	char out[CJ_PHONE_SIZE], small[CJ_PHONE_SIZE - 1];
	int rc;

	(void)state;
	assert_not_phone("");
	assert_not_phone("   ");
	assert_not_phone(NULL);
	assert_not_phone("电话");
	assert_not_phone("138\xff");
	rc = cj_phone_normalize("12345", out, sizeof(out), "staff.phone", &err);
	assert_einval(rc, err, CJ_M_PHONE, "staff.phone");
	assert_int_equal(cj_phone_normalize("12345", out, sizeof(out), "phone", NULL), -CJ_EINVAL);
	cj_error_clear(&err);
	rc = cj_phone_normalize("13800138000", small, sizeof(small), "phone", &err);
	assert_int_equal(rc, -CJ_EINTERNAL);
	assert_int_equal(err.code, CJ_EINTERNAL);
	assert_string_equal(small, "");
	/* The longest normalised number fits. */
	assert_phone("0573-82001234-123456", "0573-82001234-123456");
	assert_true(strlen("0573-82001234-123456") < CJ_PHONE_SIZE);
}

static void
test_phone_mask(void **state)
{
	char out[8];

	(void)state;
	assert_phone_mask("13812345678", "138****5678");
	assert_phone_mask("13800138000", "138****8000");
	assert_phone_mask("0573-82001234", "0573-******34");
	assert_phone_mask("010-12345678", "010-******78");
	assert_phone_mask("021-6234567", "021-*****67");
	assert_phone_mask("0573-82001234-801", "0573-********-*01");
	/* Anything else: all but the last 2 characters. */
	assert_phone_mask("12345", "***45");
	assert_phone_mask("+8613800138000", "************00");
	assert_phone_mask("1380013800", "********00");
	assert_phone_mask("0573-8200", "*******00");
	assert_phone_mask("电话号码", "**号码");
	assert_phone_mask("123", "*23");
	assert_phone_mask("12", "**");
	assert_phone_mask("1", "*");
	assert_phone_mask("", "");
	assert_phone_mask(NULL, "");
	/* Truncation keeps the output terminated and whole characters. */
	memset(out, 'x', sizeof(out));
	cj_phone_mask("13812345678", out, sizeof(out));
	assert_string_equal(out, "138****");
	memset(out, 'x', sizeof(out));
	cj_phone_mask("abcdef电话", out, sizeof(out));
	assert_string_equal(out, "******");
	memset(out, 'x', sizeof(out));
	cj_phone_mask("13812345678", out, 1);
	assert_string_equal(out, "");
	cj_phone_mask("13812345678", NULL, 0);
	memset(out, 'x', sizeof(out));
	cj_phone_mask("13812345678", out, 0);
	assert_int_equal(out[0], 'x');
}

/* A normalised number masks as documented. */
static void
test_normalise_then_mask(void **state)
{
	char norm[CJ_PHONE_SIZE], masked[CJ_PHONE_SIZE];

	(void)state;
	assert_int_equal(cj_phone_normalize("+86 138-1234-5678", norm, sizeof(norm), "p", NULL), 0);
	cj_phone_mask(norm, masked, sizeof(masked));
	assert_string_equal(masked, "138****5678");
	assert_int_equal(cj_phone_normalize("(0573)82001234", norm, sizeof(norm), "p", NULL), 0);
	cj_phone_mask(norm, masked, sizeof(masked));
	assert_string_equal(masked, "0573-******34");
}

static void
test_idcard_good(void **state)
{
	(void)state;
	assert_idcard("11010519491231002X", "11010519491231002X");
	assert_idcard("11010519491231002x", "11010519491231002X");
	assert_idcard(" 11010519491231002x\n", "11010519491231002X");
	assert_idcard("440304199912314569", "440304199912314569");
	assert_idcard("330402200002291233", "330402200002291233"); /* 2000-02-29 */
	assert_idcard("33040219000101123X", "33040219000101123X"); /* first allowed year */
	assert_idcard("33040220240229001X", "33040220240229001X");
}

static void
test_idcard_check(void **state)
{
	const char *good = "11010519491231002X";
	char bad[CJ_IDCARD_SIZE];
	const char *c;
	int pos, d;

	(void)state;
	assert_not_idcard("110105194912310020", CJ_M_IDCARD_CHECK);
	assert_not_idcard("110105194912310021", CJ_M_IDCARD_CHECK);
	assert_not_idcard("110105194912310029", CJ_M_IDCARD_CHECK);
	assert_not_idcard("440304199912314568", CJ_M_IDCARD_CHECK);
	/* Every other last character fails. */
	for (c = "0123456789xX"; *c; c++) {
		if (*c == 'X' || *c == 'x')
			continue;
		memcpy(bad, good, sizeof(bad));
		bad[17] = *c;
		assert_not_idcard(bad, CJ_M_IDCARD_CHECK);
	}
	/* Changing one digit outside the birth date fails the check. */
	for (pos = 0; pos < 17; pos++) {
		if (pos >= 6 && pos < 14)
			continue;
		for (d = 0; d <= 9; d++) {
			if (good[pos] == '0' + d)
				continue;
			memcpy(bad, good, sizeof(bad));
			bad[pos] = (char)('0' + d);
			assert_not_idcard(bad, CJ_M_IDCARD_CHECK);
		}
	}
}

static void
test_idcard_date(void **state)
{
	struct cj_error err = { 0 };
	char id[CJ_IDCARD_SIZE], out[CJ_IDCARD_SIZE];
	char date[11];
	int32_t tomorrow;
	int i, sum = 0;
	static const int w[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	(void)state;
	/* Each has a correct check character for its digits; only the date is wrong. */
	assert_not_idcard("110105194902310026", CJ_M_IDCARD_DATE); /* 1949-02-31 */
	assert_not_idcard("330402200102291230", CJ_M_IDCARD_DATE); /* 2001-02-29 */
	assert_not_idcard("330402189912311235", CJ_M_IDCARD_DATE); /* before 1900 */
	assert_not_idcard("330402219001011236", CJ_M_IDCARD_DATE); /* 2190 */
	assert_not_idcard("110105194913310020", CJ_M_IDCARD_DATE); /* month 13 */
	assert_not_idcard("110105194912000020", CJ_M_IDCARD_DATE); /* day 0 */

	/* Tomorrow (China time) is not a birth date yet; today is. */
	cj_date_format(cj_date_today(), date);
	memcpy(id, "330402", 6);
	memcpy(id + 6, date, 4);
	memcpy(id + 10, date + 5, 2);
	memcpy(id + 12, date + 8, 2);
	memcpy(id + 14, "001", 3);
	for (i = 0; i < 17; i++)
		sum += (id[i] - '0') * w[i];
	id[17] = "10X98765432"[sum % 11];
	id[18] = '\0';
	assert_int_equal(cj_idcard_check(id, out, sizeof(out), "id_number", &err), 0);

	tomorrow = cj_date_today() + 1;
	cj_date_format(tomorrow, date);
	memcpy(id + 6, date, 4);
	memcpy(id + 10, date + 5, 2);
	memcpy(id + 12, date + 8, 2);
	for (sum = 0, i = 0; i < 17; i++)
		sum += (id[i] - '0') * w[i];
	id[17] = "10X98765432"[sum % 11];
	assert_not_idcard(id, CJ_M_IDCARD_DATE);
}

static void
test_idcard_format(void **state)
{
	struct cj_error err = { 0 };
	char out[CJ_IDCARD_SIZE], small[CJ_IDCARD_SIZE - 1];
	int rc;

	(void)state;
	assert_not_idcard("11010519491231002", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("11010519491231002XX", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("110105491231002", CJ_M_IDCARD_LENGTH); /* old 15-digit form */
	assert_not_idcard("", CJ_M_IDCARD_LENGTH);
	assert_not_idcard(NULL, CJ_M_IDCARD_LENGTH);
	assert_not_idcard("X10105194912310020", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("1101051949123100X0", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("11010519491231002Y", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("110105 19491231002X", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("11010519491231002Ｘ", CJ_M_IDCARD_LENGTH);
	assert_not_idcard("１１０１０５１９４９１２３１００２Ｘ", CJ_M_IDCARD_LENGTH);

	rc = cj_idcard_check("110105194912310021", out, sizeof(out), "students[3].id_number", &err);
	assert_einval(rc, err, CJ_M_IDCARD_CHECK, "students[3].id_number");
	assert_int_equal(cj_idcard_check("1", out, sizeof(out), "id", NULL), -CJ_EINVAL);
	cj_error_clear(&err);
	rc = cj_idcard_check("11010519491231002X", small, sizeof(small), "id", &err);
	assert_int_equal(rc, -CJ_EINTERNAL);
	assert_int_equal(err.code, CJ_EINTERNAL);
	assert_string_equal(small, "");
}

static void
test_idcard_mask(void **state)
{
	char out[8];

	(void)state;
	assert_idcard_mask("33040219000101123X", "330***********123X");
	assert_idcard_mask("11010519491231002X", "110***********002X");
	assert_idcard_mask("110105491231002", "110********1002");
	assert_idcard_mask("12345", "*****");
	assert_idcard_mask("1234567890123456789", "*******************");
	assert_idcard_mask("身份证", "***");
	assert_idcard_mask("", "");
	assert_idcard_mask(NULL, "");
	memset(out, 'x', sizeof(out));
	cj_idcard_mask("11010519491231002X", out, sizeof(out));
	assert_string_equal(out, "110****");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_landline),
		cmocka_unit_test(test_phone_errors),
		cmocka_unit_test(test_phone_mask),
		cmocka_unit_test(test_normalise_then_mask),
		cmocka_unit_test(test_idcard_good),
		cmocka_unit_test(test_idcard_check),
		cmocka_unit_test(test_idcard_date),
		cmocka_unit_test(test_idcard_format),
		cmocka_unit_test(test_idcard_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

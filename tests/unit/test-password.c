/* Unit tests for core/password: the password policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/password.h"

static void
expect_refused(const char *pw, const char *username)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_password_check(pw, username, "password", &err), -CJ_EINVAL);
	assert_int_equal(err.code, CJ_EINVAL);
	assert_ptr_equal(err.msg, CJ_M_PASSWORD_POLICY);
	assert_string_equal(err.field, "password");
}

static void
expect_accepted(const char *pw, const char *username)
{
	struct cj_error err = { 0 };

	assert_int_equal(cj_password_check(pw, username, "password", &err), 0);
	assert_int_equal(err.code, 0);
}

static void
test_length(void **state)
{
	(void)state;
	expect_refused("", NULL);
	expect_refused("abc1234", NULL); /* 7 */
	expect_accepted("abcd1234", NULL);
	/* characters, not bytes: 6 Chinese characters and a digit are 7 */
	expect_refused("密码密码密码1", NULL);
	expect_accepted("密码密码密码12", NULL);
}

static void
test_letters_and_digits(void **state)
{
	(void)state;
	expect_refused("abcdefgh", NULL);
	expect_refused("12345678", NULL);
	expect_refused("1234-5678!", NULL);
	expect_refused("--------", NULL);
	expect_accepted("ABCDEFG1", NULL);
	expect_accepted("1234567a", NULL);
}

static void
test_username(void **state)
{
	(void)state;
	expect_refused("zhoubb-2024", "zhoubb");
	expect_refused("2024ZhouBB!", "zhoubb"); /* ASCII case folded */
	expect_refused("xadmin99", "admin");
	expect_accepted("zhou-bb-2024", "zhoubb");
	expect_accepted("zhoubb-2024", NULL);
	expect_accepted("zhoubb-2024", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_letters_and_digits),
		cmocka_unit_test(test_username),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

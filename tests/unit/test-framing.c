/*
 * Unit tests for http/framing: the checks of a request head before its body
 * is read.  The fuzzer (tests/fuzz/fuzz-http.c) found that a signed
 * Content-Length ("-0", "+5") passed them; libmicrohttpd refuses those
 * itself today, and framing.c no longer relies on it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "api/api.h"
#include "http/framing.h"

static int
framing(const char *method, const char *target, int ncl, const char *cl, int te,
        struct cj_error *err, size_t *limit)
{
	struct cj_http_head h = { method, target, ncl, cl, te };
	const struct cj_msg *limit_msg = NULL;

	memset(err, 0, sizeof(*err));
	return cj_http_framing(&h, limit, &limit_msg, err);
}

static void
test_lengths(void **state)
{
	static const char *const bad[] = { "-0",   "+5",   "-1", " 5",  "5 ",
		                           "5, 5", "0x10", "",   "1e3", "99999999999999999999999" };
	struct cj_error err;
	size_t limit;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(framing("POST", "/api/v1/students", 1, bad[i], 0, &err, &limit),
		                 -CJ_EBADREQ);
		assert_ptr_equal(err.msg, CJ_M_BAD_HEADERS);
	}
	assert_int_equal(framing("POST", "/api/v1/students", 1, "0", 0, &err, &limit), 0);
	assert_int_equal(framing("POST", "/api/v1/students", 1, "1048576", 0, &err, &limit), 0);
	assert_int_equal(limit, CJ_MAX_BODY);
	assert_int_equal(framing("POST", "/api/v1/students", 1, "1048577", 0, &err, &limit),
	                 -CJ_ETOOBIG);
	assert_ptr_equal(err.msg, CJ_M_TOO_BIG);
}

static void
test_upload_limit(void **state)
{
	struct cj_error err;
	size_t limit;

	assert_int_equal(framing("POST", "/api/v1/attachments", 1, "20971520", 0, &err, &limit), 0);
	assert_int_equal(limit, CJ_MAX_UPLOAD_BODY);
	assert_int_equal(framing("POST", "/api/v1/attachments", 1, "21037057", 0, &err, &limit),
	                 -CJ_ETOOBIG);
	assert_ptr_equal(err.msg, CJ_M_FILE_TOO_BIG);
}

static void
test_ambiguous_framing(void **state)
{
	struct cj_error err;
	size_t limit;

	assert_int_equal(framing("POST", "/api/v1/students", 2, "5", 0, &err, &limit), -CJ_EBADREQ);
	assert_int_equal(framing("POST", "/api/v1/students", 1, "5", 1, &err, &limit), -CJ_EBADREQ);
	assert_ptr_equal(err.msg, CJ_M_BAD_HEADERS);
	assert_int_equal(framing("POST", "/api/v1/students", 0, NULL, 1, &err, &limit), 0);
}

static void
test_target(void **state)
{
	struct cj_error err;
	size_t limit;

	assert_int_equal(framing("GET", "/api/v1/\xff", 0, NULL, 0, &err, &limit), -CJ_EBADREQ);
	assert_ptr_equal(err.msg, CJ_M_BAD_UTF8);
	assert_int_equal(framing("GET", "/\xc0\xaf", 0, NULL, 0, &err, &limit), -CJ_EBADREQ);
	assert_int_equal(framing("GET", "/学生", 0, NULL, 0, &err, &limit), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_upload_limit),
		cmocka_unit_test(test_ambiguous_framing),
		cmocka_unit_test(test_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

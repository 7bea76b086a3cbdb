/* Unit tests for core/fold: folding, the derived search text, pinyin order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"

static void
assert_fold(const char *in, const char *want)
{
	char *got = cj_fold(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_fold(void **state)
{
	(void)state;
	assert_fold("嘉興技師學院", "嘉兴技师学院");
	assert_fold("ｊｘｊｓ", "jxjs");
	assert_fold("JXJS", "jxjs");
	assert_fold("ＡＢＣ１２３（有限）", "abc123有限");
	assert_fold("jiā xīng", "jiaxing");
	assert_fold("jia xing", "jiaxing");
	assert_fold("%_' -", "");
	assert_fold(NULL, "");
	assert_fold("", "");
}

/* Whether list (" a b c") holds a token that starts with prefix. */
static int
has_prefix(const char *list, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = list; (p = strchr(p, ' ')) != NULL; p++)
		if (!strncmp(p + 1, prefix, n))
			return 1;
	return 0;
}

static void
test_derive(void **state)
{
	struct cj_search_text t;
	const char *other[] = { "2023010101" };

	(void)state;
	cj_search_derive("浙江加西贝拉科技服务股份有限公司", NULL, 0, &t);
	assert_string_equal(t.fname, "浙江加西贝拉科技服务股份有限公司");
	assert_true(has_prefix(t.names, "贝"));
	assert_true(has_prefix(t.names, "技服务"));
	assert_true(has_prefix(t.pinyin, "zhejiang"));
	assert_true(has_prefix(t.pinyin, "xibeila"));
	assert_false(has_prefix(t.pinyin, "ibeila")); /* a syllable's middle is no start */
	assert_true(has_prefix(t.initials, "zjjxbl"));
	assert_true(has_prefix(t.initials, "jxbl"));
	cj_search_text_release(&t);

	/* Every reading of a polyphone: Han-Latin and Han-Latin/Names. */
	cj_search_derive("单县", NULL, 0, &t);
	assert_true(has_prefix(t.pinyin, "danxian"));
	assert_true(has_prefix(t.pinyin, "shanxian"));
	cj_search_text_release(&t);
	cj_search_derive("长沙市", NULL, 0, &t);
	assert_true(has_prefix(t.pinyin, "changsha"));
	assert_true(has_prefix(t.pinyin, "zhangsha"));
	cj_search_text_release(&t);
	cj_search_derive("重庆", NULL, 0, &t);
	assert_true(has_prefix(t.pinyin, "chongqing"));
	cj_search_text_release(&t);

	/* Traditional characters, other texts; an ASCII word is its own initial. */
	cj_search_derive("嘉興技師學院", other, 1, &t);
	assert_string_equal(t.fname, "嘉兴技师学院");
	assert_true(has_prefix(t.initials, "jxjsxy"));
	assert_true(has_prefix(t.names, "0101"));
	cj_search_text_release(&t);
	cj_search_derive("3M中国", NULL, 0, &t);
	assert_true(has_prefix(t.initials, "3mzg"));
	assert_true(has_prefix(t.pinyin, "3mzhongguo"));
	cj_search_text_release(&t);
}

static void
test_collate(void **state)
{
	const char *order[] = { "安", "李", "王", "张" };

	(void)state;
	for (int i = 0; i + 1 < 4; i++)
		assert_true(cj_collate_zh(order[i], strlen(order[i]), order[i + 1],
		                          strlen(order[i + 1])) < 0);
	assert_int_equal(cj_collate_zh("王", 3, "王", 3), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_collate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

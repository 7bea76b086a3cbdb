/* Unit tests for core/fold: folding, the derived search text, pinyin order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

/* A derived search text as one string, to compare. */
static char *
derive_all(const char *name)
{
	struct cj_search_text t;
	size_t n;
	char *s;

	cj_search_derive(name, NULL, 0, &t);
	n = strlen(t.fname) + strlen(t.names) + strlen(t.pinyin) + strlen(t.initials) + 4;
	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s|%s|%s|%s", t.fname, t.names, t.pinyin, t.initials);
	cj_search_text_release(&t);
	return s;
}

/* Whether name folds and derives the same with the caches as through ICU alone. */
static int
same_derive(const char *name)
{
	char *cached, *icu, *fcached, *ficu;
	int same;

	cj_fold_cache_enable(1);
	fcached = cj_fold(name);
	cached = derive_all(name);
	cj_fold_cache_enable(0);
	ficu = cj_fold(name);
	icu = derive_all(name);
	cj_fold_cache_enable(1);
	same = !strcmp(cached, icu) && !strcmp(fcached, ficu);
	if (!same)
		print_error("%s: cached \"%s\" \"%s\", ICU \"%s\" \"%s\"\n", name, fcached, cached,
		            ficu, icu);
	free(fcached);
	free(ficu);
	free(cached);
	free(icu);
	return same;
}

static void
put_utf8(char *out, size_t *at, unsigned c)
{
	if (c < 0x800) {
		out[(*at)++] = (char)(0xc0 | c >> 6);
	} else if (c < 0x10000) {
		out[(*at)++] = (char)(0xe0 | c >> 12);
		out[(*at)++] = (char)(0x80 | (c >> 6 & 0x3f));
	} else {
		out[(*at)++] = (char)(0xf0 | c >> 18);
		out[(*at)++] = (char)(0x80 | (c >> 12 & 0x3f));
		out[(*at)++] = (char)(0x80 | (c >> 6 & 0x3f));
	}
	out[(*at)++] = (char)(0x80 | (c & 0x3f));
	out[*at] = '\0';
}

/* same_derive for every code point from lo to hi, each alone. */
static void
same_block(unsigned lo, unsigned hi)
{
	char buf[8];

	for (unsigned c = lo; c <= hi; c++) {
		size_t at = 0;

		put_utf8(buf, &at, c);
		assert_true(same_derive(buf));
	}
}

/*
 * same_derive for 4000 pseudo-random texts from seed: each of min to
 * min + spread - 1 pieces, one in one_in of them any ideograph, the others
 * one of parts.
 */
static void
same_mixes(const char *const *parts, size_t nparts, uint32_t seed, int min, int spread, int one_in)
{
	char buf[128];

	for (int i = 0; i < 4000; i++) {
		size_t at = 0;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = min + (int)(seed >> 16) % spread;
		buf[0] = '\0';
		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % one_in == 0) {
				seed = seed * 1103515245u + 12345u;
				put_utf8(buf, &at, 0x4e00 + (seed >> 8) % 0x5200);
			} else {
				const char *m = parts[(seed >> 16) % nparts];

				memcpy(buf + at, m, strlen(m) + 1);
				at += strlen(m);
			}
		}
		assert_true(same_derive(buf));
	}
}

/*
 * The cache gives exactly what ICU gives: every CJK Unified Ideograph alone,
 * names and places with polyphones and phrase rules, and pseudo-random runs
 * mixing them with common characters; each a second time too, when the runs
 * that went to ICU whole come from the memo.
 */
static void
test_derive_cache(void **state)
{
	static const char *const names[] = {
		"嘉兴技师学院",
		"浙江加西贝拉科技服务股份有限公司",
		"长沙",
		"长沙市",
		"重庆",
		"重庆市",
		"单县",
		"沈阳",
		"秘鲁",
		"藏文",
		"长孙无忌",
		"令狐冲",
		"万俟卨",
		"澹台灭明",
		"单雄信",
		"曾国藩",
		"解缙",
		"朴槿惠",
		"查良镛",
		"乐嘉",
		"尉迟恭",
		"区家麟",
		"仇英",
		"翟天临",
		"嘉興技師學院",
		"3M中国",
		"中国银行股份有限公司嘉兴分行",
		"重庆长安汽车股份有限公司",
		"长江三峡集团",
		"行长",
		"银行行长",
		"音乐",
		"快乐",
		"音乐学院",
		"长城汽车",
		"重阳节",
		"嘉兴市秀洲区新塍镇人民政府",
		"杭州海康威视数字技术股份有限公司",
		"α中国β",
		"ｶﾞ中",
		"丷八𠀀𪚥",
		"\xef\xa4\x80\xe9\x95\xbf", /* U+F900 (豈) */
	};
	static const char *const mix[] = {
		"长", "重", "单", "行", "乐", "曾", "解", "朴", "查", "沈", "秘", "藏", "庆",
		"阳", "鲁", "文", "孙", "狐", "令", "万", "俟", "澹", "台", "卜", "种", "刀",
		"干", "葛", "盖", "过", "华", "纪", "筠", "靓", "牟", "粘", "区", "繁", "仇",
		"任", "召", "折", "舍", "峙", "隗", "莘", "燕", "尉", "员", "翟", "王", "李",
		"张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "嘉", "兴", "技", "师", "学",
		"院", "浙", "江", "科", "服", "务", "股", "份", "有", "限", "公", "司", "沙",
		"县", "中", "国", "明", "华", "伟", "𠀀", "豈",
	};
	(void)state;
	same_block(0x4e00, 0x9fff);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_true(same_derive(names[i]));
	/* Again: a run that went to ICU whole now comes from the memo of runs. */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_true(same_derive(names[i]));
	same_mixes(mix, sizeof(mix) / sizeof(mix[0]), 12345, 2, 7, 4);
	same_mixes(mix, sizeof(mix) / sizeof(mix[0]), 12345, 2, 7, 4);
}

/*
 * The fold from the cache gives exactly what ICU gives: every ideograph of
 * Extension A alone, traditional and full-width texts, texts mixing Latin,
 * Han, digits and punctuation, and pseudo-random mixes of them.
 */
static void
test_fold_cache(void **state)
{
	static const char *const texts[] = {
		"嘉興技師學院",
		"臺灣",
		"台灣",
		"學習",
		"體育",
		"後來",
		"裏面",
		"裡面",
		"乾隆",
		"乾坤",
		"乾淨",
		"基準",
		"基准",
		"王后",
		"有餘",
		"公佈",
		"公曆",
		"院裡",
		"于飛",
		"單于",
		"鮮于",
		"生薑",
		"崑崙",
		"茶餘飯後",
		"餘額",
		"髮型",
		"頭髮",
		"發展",
		"皇后",
		"以後",
		"麵包",
		"鍾表",
		"鐘錶",
		"嘉興市秀洲區",
		"浙江嘉興職業技術學院",
		"中國銀行股份有限公司",
		"ｊｘｊｓ",
		"ＡＢＣ１２３",
		"ＡＢＣ１２３（有限）",
		"嘉兴ＪＸ技师",
		"3M中国",
		"ABC中国123",
		"Café 嘉興",
		"jiā xīng 嘉兴",
		"王小明-2023",
		"李 四, 張三; 王五.",
		"Σ中Σ",
		"ΑΣ學",
		"İ中",
		"中ﬁ国",
		"学生#1（一）",
		"〇一二",
		"α中国β",
		"ｶﾞ中",
		"丷八𠀀𪚥",
		"\xef\xa4\x80\xe9\x95\xbf",
		"中\xcc\x81国",
		"a\xcc\x81中",
	};
	static const char *const parts[] = {
		"嘉", "興", "技", "師", "學", "院", "臺", "灣", "習", "體", "育", "後", "來",
		"裏", "面", "乾", "隆", "坤", "淨", "基", "準", "生", "薑", "公", "佈", "曆",
		"有", "于", "飛", "餘", "髮", "發", "麵", "鍾", "鐘", "兴", "学", "中", "国",
		"王", "李", "张", "A",  "b",  "Z",  "0",  "9",  " ",  "-",  ",",  "(",  "（",
		"）", "ｊ", "Ａ", "１", "é",  "Σ",  "、", "。", "𠀀", "豈",
	};
	(void)state;
	same_block(0x3400, 0x4dbf);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		assert_true(same_derive(texts[i]));
	same_mixes(parts, sizeof(parts) / sizeof(parts[0]), 4242, 1, 10, 3);
}

/* An ASCII text folds without ICU to what ICU gives: every character, and pseudo-random texts. */
static void
test_fold_ascii(void **state)
{
	char buf[32];
	uint32_t seed = 777;

	(void)state;
	for (int c = 1; c < 0x80; c++) {
		snprintf(buf, sizeof(buf), "a%cZ%c", c, c);
		assert_true(same_derive(buf));
	}
	for (int i = 0; i < 2000; i++) {
		int n;

		seed = seed * 1103515245u + 12345u;
		n = 1 + (int)(seed >> 16) % 20;
		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[j] = (char)(1 + (seed >> 16) % 0x7f);
		}
		buf[n] = '\0';
		assert_true(same_derive(buf));
	}
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
		cmocka_unit_test(test_fold),         cmocka_unit_test(test_derive),
		cmocka_unit_test(test_derive_cache), cmocka_unit_test(test_fold_cache),
		cmocka_unit_test(test_fold_ascii),   cmocka_unit_test(test_collate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Folding and pinyin for finding things in Chinese (product.md §6), over ICU.
 *
 * cj_fold turns a text into the form that search compares: full-width to
 * half-width, traditional to simplified characters, tones off, lower case,
 * and only letters and digits kept (spaces and punctuation go), so that
 * "嘉興技師學院", "ｊｘ ＪＳ" and "jiā xīng" meet "嘉兴技师学院", "jxjs" and "jiaxing".
 *
 * cj_search_derive makes the search text of a record from its name and its
 * other searchable texts: the folded name, and three token lists in which a
 * query matches by prefix of a token (every token is a suffix, so a prefix
 * of a token is a substring of the text, or a part of the pinyin that starts
 * on a syllable):
 *   names    - every suffix of each folded text;
 *   pinyin   - for every reading ICU gives ("Han-Latin" and
 *              "Han-Latin/Names", which differ on polyphones such as 单, 长),
 *              every run of syllables up to the end, joined without spaces;
 *   initials - the same of the syllables' first letters.
 * Each list is a string of tokens, each preceded by one space (" jiaxing
 * xing"), so that " " + query matches a token start with LIKE or FTS.
 *
 * Pinyin comes from ICU's transliterators, not from a table of our own, but
 * ICU's rule-based transliteration is slow, so a run of Han characters is
 * assembled from a cache when that gives exactly ICU's output: per code point
 * and reading, what ICU gives for the character alone, filled on first use.
 * Han-Latin maps almost every character by a rule of that character alone;
 * the characters that some other rule names (a phrase "{重}' '?庆", a context,
 * or any rule of Han-Latin/Names, which runs first: "<U+FDD1>{单}", "长") are read
 * from the rules themselves (utrans_toRules of Han-Latin, Han-Spacedhan and
 * Han-Latin/Names) when first needed, and a run holding one of them, or its
 * compatibility form, or any non-Han character, goes to ICU whole, as does
 * every run if the rules hold anything this reading does not know.  Between
 * Han characters ICU puts only spaces, which the syllables are split on, so
 * readings joined by spaces split into the same syllables.  A short run that
 * went to ICU whole is kept with ICU's answer (65,536 of them, in sets of
 * two slots), so a name met again (王浩, 单雄信) seldom goes to ICU twice.
 * An ASCII text is folded without ICU (only A-Z change).
 *
 * The fold is assembled the same way when exact: a text of ASCII and CJK
 * Unified Ideographs (all blocks) folds character by character, ASCII by
 * lowering A-Z, an ideograph to what ICU's fold gives for it alone (kept per
 * code point, filled on first use).  That holds because, read from the rules
 * when first needed: Fullwidth-Halfwidth names no Han character (an
 * ideograph it names is left to ICU), and no rule key of it or of Latin-ASCII
 * holds ASCII (so in ICU 72's rules; test-fold holds it); Latin-ASCII opens
 * with a filter that leaves Han out, and Any-Lower maps no Han character
 * (both checked for what each ideograph folds to); and Traditional-
 * Simplified's rules are of characters alone (any other would leave every
 * Han character it names to ICU), so the only ones that reach beyond a
 * character are its phrases ("于飛 > 于飞", "乾坤 > 乾坤"),
 * which match only where their first two characters stand.  So a text goes
 * to ICU whole if it holds any other character, or a pair of characters a
 * phrase starts with (967 pairs from 524 first characters in ICU 72's
 * rules); a rule this does not read so turns the cache of the fold off.
 * test-fold compares both ways, for the fold and the search text.
 * Thread-safe: the transliterators and the cache are shared under a lock.
 * Results are malloc'ed strings in the caller's struct;
 * cj_search_text_release frees them.
 */
#ifndef CJ_FOLD_H
#define CJ_FOLD_H

#include <stddef.h>

/* The folded form of in (a new string the caller frees); "" for NULL or on failure. */
char *cj_fold(const char *in);

struct cj_search_text {
	char *fname;    /* the folded name */
	char *names;    /* " <suffix> <suffix> ..." of the name and the other texts */
	char *pinyin;   /* " <syllables to the end> ..." of every reading */
	char *initials; /* " <initials to the end> ..." */
};

/* Derive the search text of a record called name with n other searchable texts. */
void cj_search_derive(const char *name, const char *const *others, size_t n,
                      struct cj_search_text *out);
void cj_search_text_release(struct cj_search_text *t);

/*
 * For tests: 0 turns the caches off (every run of pinyin and every non-ASCII
 * fold goes to ICU, as does the ASCII fold), 1 on (the default).
 */
void cj_fold_cache_enable(int on);

/*
 * Compare two UTF-8 strings in the pinyin order of ICU's "zh" collation:
 * <0, 0, >0.  The order PostgreSQL's "zh-x-icu" gives.
 */
int cj_collate_zh(const char *a, size_t alen, const char *b, size_t blen);

#endif

/* Folding, pinyin and pinyin order over ICU; see fold.h. */
#include "core/fold.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "lib/util.h"

/* The longest text (in UTF-16 units) folded or turned into pinyin; the rest is not searched. */
#define TEXT_MAX 400
/* The most characters or syllables of one text whose suffixes become tokens. */
#define SUFFIX_MAX 100

enum { TR_FOLD, TR_PINYIN, TR_NAMES, TR_COUNT };

static const char *const tr_ids[TR_COUNT] = {
	"Fullwidth-Halfwidth; Traditional-Simplified; Latin-ASCII; Any-Lower",
	"Han-Latin; Latin-ASCII; Any-Lower",
	"Han-Latin/Names; Latin-ASCII; Any-Lower",
};

/*
 * The transliterators are opened once and shared; a UTransliterator is not
 * safe for two threads at once, so each use holds the lock (a fold takes
 * microseconds, and only writes and queries fold).
 */
static pthread_mutex_t tr_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *tr[TR_COUNT];
static UCollator *coll;
static pthread_once_t coll_once = PTHREAD_ONCE_INIT;
/* Whether the cache of readings and the ASCII fold are used (cj_fold_cache_enable). */
static atomic_int cache_on = 1;

/* translit with tr_lock held. */
static int32_t
translit_locked(int k, UChar *buf, int32_t len, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = len;

	if (!tr[k]) {
		UChar id[128];

		u_uastrncpy(id, tr_ids[k], (int32_t)CJ_ARRAY_SIZE(id));
		tr[k] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
		if (U_FAILURE(e))
			tr[k] = NULL;
	}
	if (tr[k])
		utrans_transUChars(tr[k], buf, &len, cap, 0, &limit, &e);
	return tr[k] && U_SUCCESS(e) ? len : -1;
}

/* Transliterate buf (len units, capacity cap) in place with transliterator k; the new length, or
 * -1. */
static int32_t
translit(int k, UChar *buf, int32_t len, int32_t cap)
{
	pthread_mutex_lock(&tr_lock);
	len = translit_locked(k, buf, len, cap);
	pthread_mutex_unlock(&tr_lock);
	return len;
}

/* in as UTF-16 into buf (capacity cap, at most TEXT_MAX units of it); the length. */
static int32_t
to_utf16(const char *in, UChar *buf, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0, n = (int32_t)strnlen(in, TEXT_MAX * 4);

	u_strFromUTF8WithSub(buf, TEXT_MAX, &len, in, n, 0xfffd, NULL, &e);
	if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR)
		return 0;
	if (len > TEXT_MAX)
		len = TEXT_MAX;
	(void)cap;
	return len;
}

static void
add_utf8(struct cj_sbuf *sb, const UChar *s, int32_t len)
{
	char tmp[TEXT_MAX * 4 + 4];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;

	u_strToUTF8WithSub(tmp, (int32_t)sizeof(tmp) - 1, &n, s, len, 0xfffd, NULL, &e);
	if (U_SUCCESS(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		cj_sbuf_add(sb, tmp, (size_t)n);
}

/* Keep only letters and digits of buf; the new length. */
static int32_t
keep_alnum(UChar *buf, int32_t len)
{
	int32_t i = 0, o = 0;

	while (i < len) {
		UChar32 c;
		int32_t at = i;

		U16_NEXT(buf, i, len, c);
		if (u_isalnum(c))
			while (at < i)
				buf[o++] = buf[at++];
	}
	return o;
}

static int32_t cached_fold(UChar *buf, int32_t len, int32_t cap);

/*
 * The folded form, in UTF-16, into buf (capacity cap); its length.  An ASCII
 * text needs no ICU: none of TR_FOLD's stages but Any-Lower changes an ASCII
 * character, and that one only A-Z (test_fold_ascii holds it to ICU).  A text
 * of ASCII and CJK Unified Ideographs is folded from the cache when it can
 * be (cached_fold); any other goes to ICU whole.
 */
static int32_t
fold16(const char *in, UChar *buf, int32_t cap)
{
	int32_t len = to_utf16(in ? in : "", buf, cap), i = 0, n = -1;

	if (atomic_load(&cache_on))
		while (i < len && buf[i] < 0x80)
			i++;
	if (i == len && len > 0) {
		for (i = 0; i < len; i++)
			if (buf[i] >= 'A' && buf[i] <= 'Z')
				buf[i] += 'a' - 'A';
	} else {
		if (atomic_load(&cache_on) && len > 0)
			n = cached_fold(buf, len, cap);
		len = n >= 0 ? n : translit(TR_FOLD, buf, len, cap);
	}
	if (len < 0)
		return 0;
	return keep_alnum(buf, len);
}

char *
cj_fold(const char *in)
{
	UChar buf[TEXT_MAX * 4];
	struct cj_sbuf sb = CJ_SBUF_INIT;
	int32_t len = fold16(in, buf, (int32_t)CJ_ARRAY_SIZE(buf));

	add_utf8(&sb, buf, len);
	return cj_sbuf_detach(&sb);
}

/* Whether list (" a b c") holds the token tok (n bytes). */
static int
has_token(const struct cj_sbuf *list, const char *tok, size_t n)
{
	for (const char *p = list->buf; (p = strstr(p, " ")) != NULL; p++)
		if (!strncmp(p + 1, tok, n) && (p[1 + n] == ' ' || p[1 + n] == '\0'))
			return 1;
	return 0;
}

static void
add_token(struct cj_sbuf *list, const char *tok, size_t n)
{
	if (!n || has_token(list, tok, n))
		return;
	cj_sbuf_addch(list, ' ');
	cj_sbuf_add(list, tok, n);
}

/* Every suffix of a folded text (UTF-16), at most SUFFIX_MAX of them, into list. */
static void
add_suffixes(struct cj_sbuf *list, const UChar *s, int32_t len)
{
	struct cj_sbuf one = CJ_SBUF_INIT;
	int32_t i = 0, k = 0;

	while (i < len && k++ < SUFFIX_MAX) {
		UChar32 c;

		cj_sbuf_reset(&one);
		add_utf8(&one, s + i, len - i);
		add_token(list, one.buf, one.len);
		U16_NEXT(s, i, len, c);
		(void)c;
	}
	cj_sbuf_release(&one);
}

/*
 * The syllables of one reading, in UTF-8: their texts one after another in
 * text, and their initials in initial, syllable a starting at text_at[a] and
 * initial_at[a].  A token from syllable a on is then the rest of a buffer.
 * Made once per cj_search_derive and reset per reading.
 */
struct syllables {
	struct cj_sbuf text, initial;
	size_t text_at[SUFFIX_MAX], initial_at[SUFFIX_MAX];
	int n;
};

static void
syllable(struct syllables *sy, const UChar *s, int32_t len, int whole)
{
	int32_t j = 0;
	UChar32 c;

	if (sy->n >= SUFFIX_MAX)
		return;
	sy->text_at[sy->n] = sy->text.len;
	sy->initial_at[sy->n] = sy->initial.len;
	add_utf8(&sy->text, s, len);
	U16_NEXT(s, j, len, c);
	(void)c;
	add_utf8(&sy->initial, s, whole ? len : j);
	sy->n++;
}

/*
 * The cache of readings (fold.h says why it is exact).  Each reading keeps,
 * per code point, what ICU gives for that character alone, or that the
 * character goes to ICU with its run; pages of 256 code points are made on
 * first use.  All of it is read and filled under tr_lock.
 */
#define READING_MAX      7   /* UTF-16 units of one kept reading ("zhuang", or the character) */
#define CACHE_RUN_MAX    100 /* a longer run goes to ICU whole (its buffer then holds any output) */
#define SET_EXPLICIT_MAX 4096 /* a larger set in a rule is one "by property" */

enum { RD_UNKNOWN, RD_KEPT, RD_ICU };

struct reading {
	uint8_t state, len;
	UChar text[READING_MAX];
};

static struct reading *readings[TR_COUNT][(UCHAR_MAX_VALUE + 1) >> 8];
static USet *bound[TR_COUNT]; /* characters a rule binds to others; NULL: no cache */
static USet *latin_filter;    /* the characters Latin-ASCII looks at */
/* The first characters of Traditional-Simplified's phrases, and their first two (c << 21 | d). */
static USet *phrase_first;
static uint64_t *phrase_two;
static size_t phrase_n;
static int rules_read;

void
cj_fold_cache_enable(int on)
{
	atomic_store(&cache_on, on);
}

static int
is_han(UChar32 c)
{
	UErrorCode e = U_ZERO_ERROR;

	return uscript_getScript(c, &e) == USCRIPT_HAN && U_SUCCESS(e);
}

static UChar
rule_char_at(int32_t offset, void *ctx)
{
	return ((const UChar *)ctx)[offset];
}

/* The end of the set that opens at r[i], or -1. */
static int32_t
set_end(const UChar *r, int32_t i, int32_t n)
{
	for (int depth = 0; i < n; i++) {
		if (r[i] == '\\')
			i++;
		else if (r[i] == '[')
			depth++;
		else if (r[i] == ']' && --depth == 0)
			return i + 1;
	}
	return -1;
}

/*
 * The Han characters the set r[0..n) holds into han; 1 if it is a set by
 * property (or one this cannot read), which may hold any character.
 */
static int
set_han(const UChar *r, int32_t n, USet *han)
{
	UErrorCode e = U_ZERO_ERROR;
	USet *set = uset_openPattern(r, n, &e);
	int generic = U_FAILURE(e) || uset_size(set) > SET_EXPLICIT_MAX;

	for (int32_t i = 0; !generic && i < uset_getItemCount(set); i++) {
		UChar32 lo, hi;
		UErrorCode e2 = U_ZERO_ERROR;

		if (uset_getItem(set, i, &lo, &hi, NULL, 0, &e2) != 0)
			continue; /* a string: "{ab}" */
		for (UChar32 c = lo; c <= hi; c++)
			if (is_han(c))
				uset_add(han, c);
	}
	uset_close(set);
	return generic;
}

/* Whether the right side r[0..n) of a rule can write a letter ($1 and other references aside). */
static int
writes_letters(const UChar *r, int32_t n)
{
	for (int32_t i = 0; i < n;) {
		UChar32 c;

		U16_NEXT(r, i, n, c);
		if (c == '$') {
			if (i >= n || !u_isdigit(r[i]))
				return 1; /* a variable: whatever it holds */
			while (i < n && u_isdigit(r[i]))
				i++;
		} else if (u_isalpha(c)) {
			return 1;
		}
	}
	return 0;
}

/* What read_rule binds of the rules (read_rule says more). */
enum { BIND_OTHERS, BIND_ALL, BIND_FIRST };

/*
 * Read one forward rule: left side l, right side rt.  A rule of one
 * character or one set and nothing else ("[阿锕] > ā") binds nothing, unless
 * BIND_ALL (a stage before the reading proper: every character it names goes
 * to ICU).  With BIND_FIRST, a rule of characters alone and nothing else
 * ("于飛 > 于飞") binds only its first two, as a string, the first of them
 * Han: such a rule matches only where they stand, and elsewhere only rules
 * of one character alone can (such a text then transliterates character by
 * character; read_phrases, cached_fold).  Any other rule binds every Han
 * character of its left side, contexts included.  A rule with a set by
 * property is one that only marks (it writes no letter, and keeps what it
 * matched, "$1") or that only rewrites non-Han characters; else the rules
 * cannot be read: -1.
 */
static int
read_rule(const UChar *l, int32_t ln, const UChar *rt, int32_t rn, int all, USet *out)
{
	USet *han = uset_openEmpty();
	int tokens = 0, plain = 1, part = 1, gen[3] = { 0 }, hn[3] = { 0 }, rc = 0, sets = 0;
	UChar32 first = -1;

	for (int32_t i = 0; i < ln;) {
		UChar32 c;
		int32_t at = i, end;

		U16_NEXT(l, i, ln, c);
		if (u_isUWhiteSpace(c))
			continue;
		switch (c) {
		case '[':
			end = set_end(l, at, ln);
			if (end < 0) {
				rc = -1;
				goto out;
			}
			if (set_han(l + at, end - at, han))
				gen[part] = 1;
			else if (uset_size(han))
				hn[part] = 1;
			i = end;
			tokens++;
			sets++;
			continue;
		case '{':
			gen[0] = gen[1], hn[0] = hn[1], gen[1] = hn[1] = 0;
			plain = 0;
			continue;
		case '}':
			part = 2;
			plain = 0;
			continue;
		case '\'':
			plain = 0;
			while (i < ln && l[i] != '\'') {
				U16_NEXT(l, i, ln, c);
				if (is_han(c))
					uset_add(han, c), hn[part] = 1;
			}
			i++;
			continue;
		case '\\':
			c = (UChar32)u_unescapeAt(rule_char_at, &i, ln, (void *)l);
			if (c < 0) {
				rc = -1;
				goto out;
			}
			break;
		case '$':
			if (i < ln && !u_isdigit(l[i]) && l[i] != ' ' && l[i] != '{' &&
			    l[i] != '}') {
				rc = -1; /* a variable */
				goto out;
			}
			plain = 0;
			continue;
		case '(':
		case ')':
		case '?':
		case '*':
		case '+':
		case '|':
		case '^':
		case '@':
			plain = 0;
			continue;
		default:
			break;
		}
		if (tokens++ == 0)
			first = c;
		if (is_han(c))
			uset_add(han, c), hn[part] = 1;
	}
	if (plain && tokens == 1 && all != BIND_ALL)
		goto out;
	if (plain && !sets && all == BIND_FIRST) {
		UChar two[4];
		int32_t k = 0, m = 0;

		if (first < 0 || !is_han(first)) {
			rc = -1;
			goto out;
		}
		/* Its first two characters, as a string: "于飛". */
		for (int32_t i = 0; i < ln && m < 2;) {
			UChar32 c;

			U16_NEXT(l, i, ln, c);
			if (c == '\\')
				c = (UChar32)u_unescapeAt(rule_char_at, &i, ln, (void *)l);
			else if (u_isUWhiteSpace(c))
				continue;
			U16_APPEND_UNSAFE(two, k, c);
			m++;
		}
		uset_addString(out, two, k);
		goto out;
	}
	if (gen[0] || gen[1] || gen[2]) {
		int marks = gen[1] && !writes_letters(rt, rn) && u_strFindFirst(rt, rn, u"$1", 2);
		int others = !gen[1] && !hn[1] && !writes_letters(rt, rn);

		if (!marks && !others && !(plain && tokens == 1)) {
			rc = -1;
			goto out;
		}
	}
	uset_addAll(out, han);
out:
	uset_close(han);
	return rc;
}

/* Read the rules of the transliterator id into out (all: BIND_*, see read_rule); 0 or -1. */
static int
read_rules(const char *id, int all, USet *out)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar uid[64], *r = NULL;
	UTransliterator *t;
	int32_t n, s = 0, rc = 0;

	u_uastrncpy(uid, id, (int32_t)CJ_ARRAY_SIZE(uid));
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_FAILURE(e))
		return -1;
	n = utrans_toRules(t, 0, NULL, 0, &e);
	e = U_ZERO_ERROR;
	r = cj_xmalloc(((size_t)n + 1) * sizeof(UChar));
	utrans_toRules(t, 0, r, n + 1, &e);
	utrans_close(t);
	if (U_FAILURE(e))
		rc = -1;
	/* Statements end with ';' outside quotes and sets; "::" ones name other transliterators. */
	for (int32_t i = 0; rc == 0 && i < n; i++) {
		int32_t op = -1, opn = 0, rev = 0, q = 0;

		while (s < n && u_isUWhiteSpace(r[s]))
			s++;
		for (i = s; i < n && (q || r[i] != ';'); i++) {
			if (r[i] == '\'')
				q = !q;
			else if (!q && r[i] == '\\')
				i++;
			else if (!q && r[i] == '[')
				i = set_end(r, i, n) - 1;
			else if (!q && op < 0 &&
			         (r[i] == '>' || r[i] == '<' || r[i] == 0x2192 || r[i] == 0x2190 ||
			          r[i] == 0x2194)) {
				op = i;
				opn = r[i] == '<' && i + 1 < n && r[i + 1] == '>' ? 2 : 1;
				rev = (r[i] == '<' && opn == 1) || r[i] == 0x2190;
			}
			if (i < 0 || i >= n) {
				rc = -1;
				break;
			}
		}
		if (!rc && i >= n && s < n)
			rc = -1; /* a statement without its ';' */
		if (rc || i >= n)
			break;
		if (i - s >= 2 && r[s] == ':' && r[s + 1] == ':')
			; /* Han-Spacedhan, Null, Han-Latin: read on their own */
		else if (op < 0)
			rc = -1; /* a variable, or something this does not know */
		else if (!rev)
			rc = read_rule(r + s, op - s, r + op + opn, i - op - opn, all, out);
		s = i + 1;
	}
	free(r);
	return rc;
}

/* The filter the rules of the transliterator id open with ("::[...];"), or NULL. */
static USet *
read_filter(const char *id)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar uid[64], *r = NULL;
	UTransliterator *t;
	USet *set = NULL;
	int32_t n, end;

	u_uastrncpy(uid, id, (int32_t)CJ_ARRAY_SIZE(uid));
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_FAILURE(e))
		return NULL;
	n = utrans_toRules(t, 0, NULL, 0, &e);
	e = U_ZERO_ERROR;
	r = cj_xmalloc(((size_t)n + 1) * sizeof(UChar));
	utrans_toRules(t, 0, r, n + 1, &e);
	utrans_close(t);
	if (U_SUCCESS(e) && n > 3 && r[0] == ':' && r[1] == ':' && r[2] == '[' &&
	    (end = set_end(r, 2, n)) > 0 && end < n && r[end] == ';') {
		set = uset_openPattern(r + 2, end - 2, &e);
		if (U_FAILURE(e))
			set = NULL;
	}
	free(r);
	return set;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * What Traditional-Simplified's rules bind (read_rule, BIND_FIRST): the
 * characters into fold, the first two of the phrases into phrase_two.
 */
static void
read_phrases(const USet *phrases, USet *fold)
{
	int32_t items = uset_getItemCount(phrases);

	phrase_first = uset_openEmpty();
	phrase_two = cj_xcalloc((size_t)items + 1, sizeof(*phrase_two));
	for (int32_t i = 0; i < items; i++) {
		UErrorCode e = U_ZERO_ERROR;
		UChar s[8];
		UChar32 lo, hi, c, d = 0;
		int32_t n = uset_getItem(phrases, i, &lo, &hi, s, (int32_t)CJ_ARRAY_SIZE(s), &e),
		        j = 0;

		if (U_FAILURE(e))
			continue;
		if (n == 0) {
			uset_addRange(fold, lo, hi);
			continue;
		}
		U16_NEXT(s, j, n, c);
		if (j < n)
			U16_NEXT(s, j, n, d);
		uset_add(phrase_first, c);
		phrase_two[phrase_n++] = (uint64_t)c << 21 | (uint64_t)d;
	}
	qsort(phrase_two, phrase_n, sizeof(*phrase_two), cmp_u64);
	uset_freeze(phrase_first);
}

/* Whether a phrase of Traditional-Simplified may start at c followed by d. */
static int
phrase_at(UChar32 c, UChar32 d)
{
	uint64_t key = (uint64_t)c << 21 | (uint64_t)d;

	return uset_contains(phrase_first, c) &&
	       bsearch(&key, phrase_two, phrase_n, sizeof(key), cmp_u64) != NULL;
}

/*
 * The characters each reading binds to others, from the rules: Han-Latin's
 * and Han-Spacedhan's rules other than one character alone, and every
 * character Han-Latin/Names names (its stage runs before Han-Latin).  For
 * the fold, the Han characters of Traditional-Simplified's rules other than
 * one character alone ("乾隆 > 乾隆", "于飛 > 于飞"), and every Han character
 * Fullwidth-Halfwidth names; Latin-ASCII must open with a filter (one that
 * leaves Han out), and Any-Lower maps no Han character.
 */
static void
read_bound(void)
{
	USet *latin = uset_openEmpty(), *names = uset_openEmpty(), *fold = uset_openEmpty();
	USet *phrases = uset_openEmpty();

	rules_read = 1;
	if (!read_rules("Han-Latin", BIND_OTHERS, latin) &&
	    !read_rules("Han-Spacedhan", BIND_OTHERS, latin) &&
	    !read_rules("Han-Latin/Names", BIND_ALL, names)) {
		uset_addAll(names, latin);
		uset_freeze(latin);
		uset_freeze(names);
		bound[TR_PINYIN] = latin;
		bound[TR_NAMES] = names;
	} else {
		uset_close(latin);
		uset_close(names);
	}
	latin_filter = read_filter("Latin-ASCII");
	if (latin_filter && !read_rules("Traditional-Simplified", BIND_FIRST, phrases) &&
	    !read_rules("Fullwidth-Halfwidth", BIND_ALL, fold)) {
		read_phrases(phrases, fold);
		uset_freeze(fold);
		uset_freeze(latin_filter);
		bound[TR_FOLD] = fold;
	} else {
		uset_close(fold);
	}
	uset_close(phrases);
}

/* Whether the set holds a character of s. */
static int
binds(const USet *set, const UChar *s, int32_t n)
{
	for (int32_t i = 0; i < n;) {
		UChar32 c;

		U16_NEXT(s, i, n, c);
		if (uset_contains(set, c))
			return 1;
	}
	return 0;
}

/* The kept reading of c in k, filled from ICU on first use (tr_lock held); NULL: c goes to ICU. */
static const struct reading *
reading_of(int k, UChar32 c)
{
	const UNormalizer2 *nfkc;
	struct reading **page = &readings[k][c >> 8], *rd;
	UErrorCode e = U_ZERO_ERROR;
	UChar s[2], nf[16], out[64];
	int32_t n = 0, len, nn;

	if (!*page)
		*page = cj_xcalloc(256, sizeof(**page));
	rd = &(*page)[c & 0xff];
	if (rd->state != RD_UNKNOWN)
		return rd->state == RD_KEPT ? rd : NULL;
	rd->state = RD_ICU;
	U16_APPEND_UNSAFE(s, n, c);
	/* Han-Spacedhan turns a compatibility ideograph into NFKC before any rule sees it. */
	nfkc = unorm2_getNFKCInstance(&e);
	nn = U_SUCCESS(e) ? unorm2_normalize(nfkc, s, n, nf, (int32_t)CJ_ARRAY_SIZE(nf), &e) : 0;
	if (U_FAILURE(e) || !is_han(c) || binds(bound[k], nf, nn) || binds(bound[k], s, n))
		return NULL;
	if (k == TR_FOLD &&
	    (!u_hasBinaryProperty(c, UCHAR_UNIFIED_IDEOGRAPH) || uset_contains(latin_filter, c)))
		return NULL;
	memcpy(out, s, (size_t)n * sizeof(UChar));
	len = translit_locked(k, out, n, (int32_t)CJ_ARRAY_SIZE(out));
	if (len < 0 || len > READING_MAX)
		return NULL;
	/* What T-S makes of it must also be a character Latin-ASCII and Any-Lower leave alone. */
	for (int32_t i = 0; k == TR_FOLD && i < len;) {
		UChar32 o;

		U16_NEXT(out, i, len, o);
		if (!is_han(o) || uset_contains(latin_filter, o) || u_tolower(o) != o)
			return NULL;
	}
	memcpy(rd->text, out, (size_t)len * sizeof(UChar));
	rd->len = (uint8_t)len;
	rd->state = RD_KEPT;
	return rd;
}

/*
 * Under tr_lock: whether transliterator k answers from the cache (the rules
 * are read on first use; the cache may be off, or k's rules not understood).
 */
static int
cache_ready(int k)
{
	if (!rules_read)
		read_bound();
	return cache_on && bound[k];
}

/*
 * The transliteration of run in k assembled from the kept readings, each
 * followed by a space, into buf (capacity cap); its length, or -1 if a
 * character of the run goes to ICU (and so the whole run).
 */
static int32_t
cached_run(int k, const UChar *run, int32_t rlen, UChar *buf, int32_t cap)
{
	int32_t len = 0, i = 0;

	if (rlen > CACHE_RUN_MAX || (READING_MAX + 1) * rlen > cap)
		return -1;
	pthread_mutex_lock(&tr_lock);
	if (!cache_ready(k))
		len = -1;
	while (len >= 0 && i < rlen) {
		const struct reading *rd;
		UChar32 c;

		U16_NEXT(run, i, rlen, c);
		rd = reading_of(k, c);
		if (!rd) {
			len = -1;
			break;
		}
		memcpy(buf + len, rd->text, rd->len * sizeof(UChar));
		len += rd->len;
		buf[len++] = ' ';
	}
	pthread_mutex_unlock(&tr_lock);
	return len;
}

/*
 * The fold of buf (len units, capacity cap, ASCII and other) in place from
 * the cache, as fold.h says; its new length, or -1 if a character goes to
 * ICU (and so the whole text).  Rule keys of TR_FOLD's stages hold no ASCII
 * and no cached character, so each character folds alone: ASCII only by
 * Any-Lower, a cached character to what ICU gives for it alone.
 */
static int32_t
cached_fold(UChar *buf, int32_t len, int32_t cap)
{
	UChar out[TEXT_MAX * 2];
	int32_t n = 0, i = 0;

	pthread_mutex_lock(&tr_lock);
	if (!cache_ready(TR_FOLD))
		n = -1;
	while (n >= 0 && i < len) {
		const struct reading *rd;
		UChar32 c;

		U16_NEXT(buf, i, len, c);
		if (c < 0x80) {
			out[n++] = c >= 'A' && c <= 'Z' ? (UChar)(c + 'a' - 'A') : (UChar)c;
			continue;
		}
		rd = reading_of(TR_FOLD, c);
		if (rd && i < len) {
			UChar32 d;
			int32_t j = i;

			U16_NEXT(buf, j, len, d);
			if (phrase_at(c, d))
				rd = NULL;
		}
		if (!rd || n + rd->len > (int32_t)CJ_ARRAY_SIZE(out) || n + rd->len > cap) {
			n = -1;
			break;
		}
		memcpy(out + n, rd->text, rd->len * sizeof(UChar));
		n += rd->len;
	}
	pthread_mutex_unlock(&tr_lock);
	if (n >= 0)
		memcpy(buf, out, (size_t)n * sizeof(UChar));
	return n;
}

/*
 * Runs that went to ICU whole, kept with ICU's answer: names repeat (a
 * college has many 王浩, a region the same street names), and a run of
 * Han-Latin/Names holding a surname its rules name goes to ICU every time.
 * ICU gives the same answer for the same run, so this is exact.  Sets of
 * two slots found by a hash of the reading and the run (a new run takes the
 * slot of the set used less recently); a longer run or answer is not kept
 * (names are short).  7.6 MB made on first use (the pages only as they are
 * touched), read and filled under tr_lock.
 */
#define MEMO_SIZE    65536
#define MEMO_RUN_MAX 8
#define MEMO_OUT_MAX 48

struct run_memo {
	uint8_t k, rlen;
	uint8_t recent; /* in a set's first slot: which of the two was used last */
	uint8_t olen;   /* 0: empty */
	UChar run[MEMO_RUN_MAX];
	UChar out[MEMO_OUT_MAX];
};

static struct run_memo *memo;

/* The set of two slots of run in k. */
static struct run_memo *
memo_set(int k, const UChar *run, int32_t rlen)
{
	uint32_t h = 2166136261u ^ (uint32_t)k;

	for (int32_t i = 0; i < rlen; i++)
		h = (h ^ run[i]) * 16777619u;
	if (!memo)
		memo = cj_xcalloc(MEMO_SIZE, sizeof(*memo));
	return &memo[h % (MEMO_SIZE / 2) * 2];
}

/* ICU's transliteration of run in k into buf (capacity cap), from the memo when it holds it. */
static int32_t
translit_run(int k, const UChar *run, int32_t rlen, UChar *buf, int32_t cap)
{
	int keep = atomic_load(&cache_on) && rlen <= MEMO_RUN_MAX;
	struct run_memo *set = NULL, *m;
	int32_t len;

	pthread_mutex_lock(&tr_lock);
	if (keep)
		set = memo_set(k, run, rlen);
	for (int i = 0; set && i < 2; i++) {
		m = set + i;
		if (m->olen && m->k == k && m->rlen == rlen && m->olen <= cap &&
		    !memcmp(m->run, run, (size_t)rlen * sizeof(UChar))) {
			memcpy(buf, m->out, m->olen * sizeof(UChar));
			set->recent = (uint8_t)i;
			pthread_mutex_unlock(&tr_lock);
			return m->olen;
		}
	}
	memcpy(buf, run, (size_t)rlen * sizeof(UChar));
	len = translit_locked(k, buf, rlen, cap);
	if (set && len > 0 && len <= MEMO_OUT_MAX) {
		int i = !set[0].olen ? 0 : !set[1].olen ? 1 : !set->recent;

		m = set + i;
		set->recent = (uint8_t)i;
		m->k = (uint8_t)k;
		m->rlen = (uint8_t)rlen;
		m->olen = (uint8_t)len;
		memcpy(m->run, run, (size_t)rlen * sizeof(UChar));
		memcpy(m->out, buf, (size_t)len * sizeof(UChar));
	}
	pthread_mutex_unlock(&tr_lock);
	return len;
}

/*
 * The syllables of a run of non-ASCII text in reading k: runs of letters
 * and digits of its transliteration, and a character left as it was (a
 * Han character ICU has no reading of) one syllable of its own.
 */
static void
run_syllables(int k, const UChar *run, int32_t rlen, struct syllables *sy)
{
	UChar buf[TEXT_MAX * 4];
	int32_t len, i = 0, start = -1;

	len = cached_run(k, run, rlen, buf, (int32_t)CJ_ARRAY_SIZE(buf));
	if (len < 0)
		len = translit_run(k, run, rlen, buf, (int32_t)CJ_ARRAY_SIZE(buf));
	if (len < 0)
		return;
	while (i < len) {
		int32_t at = i;
		UChar32 c;

		U16_NEXT(buf, i, len, c);
		if (c < 0x80 && u_isalnum(c)) {
			if (start < 0)
				start = at;
			continue;
		}
		if (start >= 0)
			syllable(sy, buf + start, at - start, 0);
		start = -1;
		if (u_isalnum(c))
			syllable(sy, buf + at, i - at, 0);
	}
	if (start >= 0)
		syllable(sy, buf + start, len - start, 0);
}

/*
 * One reading of a folded text: its syllables (an ASCII word or number of
 * the text is one syllable, and its own initial: "3M中国" is 3m zhong guo,
 * 3mzg), and from each syllable on, the syllables joined into pinyin and
 * their initials joined into initials.
 */
static void
add_reading(int k, const UChar *folded, int32_t flen, struct syllables *sy, struct cj_sbuf *pinyin,
            struct cj_sbuf *initials)
{
	int32_t i = 0;

	cj_sbuf_reset(&sy->text);
	cj_sbuf_reset(&sy->initial);
	sy->n = 0;
	while (i < flen) {
		int ascii = folded[i] < 0x80;
		int32_t at = i;

		while (i < flen && (folded[i] < 0x80) == ascii)
			i++;
		if (ascii)
			syllable(sy, folded + at, i - at, 1);
		else
			run_syllables(k, folded + at, i - at, sy);
	}
	for (int a = 0; a < sy->n; a++) {
		add_token(pinyin, sy->text.buf + sy->text_at[a], sy->text.len - sy->text_at[a]);
		add_token(initials, sy->initial.buf + sy->initial_at[a],
		          sy->initial.len - sy->initial_at[a]);
	}
}

void
cj_search_derive(const char *name, const char *const *others, size_t n, struct cj_search_text *out)
{
	struct cj_sbuf names = CJ_SBUF_INIT, pinyin = CJ_SBUF_INIT, initials = CJ_SBUF_INIT;
	struct cj_sbuf fname = CJ_SBUF_INIT;
	struct syllables sy = { CJ_SBUF_INIT, CJ_SBUF_INIT, { 0 }, { 0 }, 0 };
	UChar buf[TEXT_MAX * 4];
	int32_t len;

	for (size_t k = 0; k <= n; k++) {
		const char *text = k == 0 ? name : others[k - 1];

		if (!text || !*text)
			continue;
		len = fold16(text, buf, (int32_t)CJ_ARRAY_SIZE(buf));
		if (k == 0)
			add_utf8(&fname, buf, len);
		add_suffixes(&names, buf, len);
		add_reading(TR_PINYIN, buf, len, &sy, &pinyin, &initials);
		add_reading(TR_NAMES, buf, len, &sy, &pinyin, &initials);
	}
	cj_sbuf_release(&sy.text);
	cj_sbuf_release(&sy.initial);
	out->fname = cj_sbuf_detach(&fname);
	out->names = cj_sbuf_detach(&names);
	out->pinyin = cj_sbuf_detach(&pinyin);
	out->initials = cj_sbuf_detach(&initials);
}

void
cj_search_text_release(struct cj_search_text *t)
{
	free(t->fname);
	free(t->names);
	free(t->pinyin);
	free(t->initials);
	memset(t, 0, sizeof(*t));
}

static void
coll_open(void)
{
	UErrorCode e = U_ZERO_ERROR;

	coll = ucol_open("zh", &e);
	if (U_FAILURE(e))
		coll = NULL;
}

int
cj_collate_zh(const char *a, size_t alen, const char *b, size_t blen)
{
	UErrorCode e = U_ZERO_ERROR;
	UCollationResult r;
	int c;

	pthread_once(&coll_once, coll_open);
	/* A const collator may be shared by threads (ICU's thread-safety rule). */
	if (coll) {
		r = ucol_strcollUTF8(coll, a, (int32_t)alen, b, (int32_t)blen, &e);
		if (U_SUCCESS(e))
			return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
	}
	c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : alen < blen ? -1 : alen > blen;
}

/* Folding, pinyin and pinyin order over ICU; see fold.h. */
#include "core/fold.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
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

/* Transliterate buf (len units, capacity cap) in place with transliterator k; the new length, or
 * -1. */
static int32_t
translit(int k, UChar *buf, int32_t len, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = len;

	pthread_mutex_lock(&tr_lock);
	if (!tr[k]) {
		UChar id[128];

		u_uastrncpy(id, tr_ids[k], (int32_t)CJ_ARRAY_SIZE(id));
		tr[k] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
		if (U_FAILURE(e))
			tr[k] = NULL;
	}
	if (tr[k])
		utrans_transUChars(tr[k], buf, &len, cap, 0, &limit, &e);
	pthread_mutex_unlock(&tr_lock);
	return tr[k] && U_SUCCESS(e) ? len : -1;
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

/* The folded form, in UTF-16, into buf (capacity cap); its length. */
static int32_t
fold16(const char *in, UChar *buf, int32_t cap)
{
	int32_t len = to_utf16(in ? in : "", buf, cap);

	len = translit(TR_FOLD, buf, len, cap);
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

/* The syllables of one reading: their text and their initial, in UTF-8. */
struct syllables {
	struct cj_sbuf text[SUFFIX_MAX], initial[SUFFIX_MAX];
	int n;
};

static void
syllable(struct syllables *sy, const UChar *s, int32_t len, int whole)
{
	int32_t j = 0;
	UChar32 c;

	if (sy->n >= SUFFIX_MAX)
		return;
	add_utf8(&sy->text[sy->n], s, len);
	U16_NEXT(s, j, len, c);
	(void)c;
	add_utf8(&sy->initial[sy->n], s, whole ? len : j);
	sy->n++;
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

	memcpy(buf, run, (size_t)rlen * sizeof(UChar));
	len = translit(k, buf, rlen, (int32_t)CJ_ARRAY_SIZE(buf));
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
add_reading(int k, const UChar *folded, int32_t flen, struct cj_sbuf *pinyin,
            struct cj_sbuf *initials)
{
	struct syllables *sy = cj_xcalloc(1, sizeof(*sy));
	struct cj_sbuf tok = CJ_SBUF_INIT;
	int32_t i = 0;

	for (int a = 0; a < SUFFIX_MAX; a++) {
		cj_sbuf_init(&sy->text[a]);
		cj_sbuf_init(&sy->initial[a]);
	}
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
		cj_sbuf_reset(&tok);
		for (int b = a; b < sy->n; b++)
			cj_sbuf_add(&tok, sy->text[b].buf, sy->text[b].len);
		add_token(pinyin, tok.buf, tok.len);
		cj_sbuf_reset(&tok);
		for (int b = a; b < sy->n; b++)
			cj_sbuf_add(&tok, sy->initial[b].buf, sy->initial[b].len);
		add_token(initials, tok.buf, tok.len);
	}
	for (int a = 0; a < SUFFIX_MAX; a++) {
		cj_sbuf_release(&sy->text[a]);
		cj_sbuf_release(&sy->initial[a]);
	}
	cj_sbuf_release(&tok);
	free(sy);
}

void
cj_search_derive(const char *name, const char *const *others, size_t n, struct cj_search_text *out)
{
	struct cj_sbuf names = CJ_SBUF_INIT, pinyin = CJ_SBUF_INIT, initials = CJ_SBUF_INIT;
	struct cj_sbuf fname = CJ_SBUF_INIT;
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
		add_reading(TR_PINYIN, buf, len, &pinyin, &initials);
		add_reading(TR_NAMES, buf, len, &pinyin, &initials);
	}
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

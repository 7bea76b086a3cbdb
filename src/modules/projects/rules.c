/* The key-projects rules; see rules-projects.h. */
#include "modules/projects/rules.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "lib/util.h"

/* One part of an outline code: 1..999, no leading zero; the characters it took, or 0. */
static size_t
outline_part(const char *s, int *out)
{
	size_t n = 0;
	int v = 0;

	if (s[0] < '1' || s[0] > '9')
		return 0;
	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 3)
			return 0;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*out = v;
	return n;
}

int
cj_outline_parse(const char *code, int *major, int *minor, const char *field, struct cj_error *err)
{
	size_t n;
	int a = 0, b = 0;

	if (!code || !(n = outline_part(code, &a)))
		return cj_error_set(err, CJ_EINVAL, CJ_M_OUTLINE_CODE, field);
	if (code[n] == '\0') {
		*major = a, *minor = 0;
		return 1;
	}
	if (code[n] != '.')
		return cj_error_set(err, CJ_EINVAL, CJ_M_OUTLINE_CODE, field);
	code += n + 1;
	if (!(n = outline_part(code, &b)) || code[n] != '\0')
		return cj_error_set(err, CJ_EINVAL, CJ_M_OUTLINE_CODE, field);
	*major = a, *minor = b;
	return 2;
}

int64_t
cj_outline_order(int major, int minor)
{
	return (int64_t)major * 1000 + minor;
}

int
cj_period_year_check(int64_t year, int64_t first_year, int64_t last_year, const char *field,
                     struct cj_error *err)
{
	if (year < first_year || year > last_year)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PERIOD, field);
	return 0;
}

int
cj_period_date_check(const char *date, int64_t first_year, int64_t last_year, const char *field,
                     struct cj_error *err)
{
	int32_t d;
	int64_t year;

	if (cj_date_parse(date, &d) < 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_DATE, field);
	/* The text is exactly "YYYY-MM-DD": its year is its first four digits. */
	year =
	    (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	return cj_period_year_check(year, first_year, last_year, field, err);
}

int
cj_task_overdue(const char *deadline, const char *status, int32_t today)
{
	int32_t d;

	if (!deadline || cj_date_parse(deadline, &d) < 0 || d >= today)
		return 0;
	return !status || (strcmp(status, "done") && strcmp(status, "cancelled"));
}

int
cj_target_check(int64_t target, const char *field, struct cj_error *err)
{
	if (target <= 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_TARGET_POSITIVE, field);
	return 0;
}

double
cj_attainment(int64_t actual, int64_t target)
{
	double a;

	if (target <= 0 || actual <= 0)
		return 0;
	if (actual >= target)
		return 1;
	a = (double)actual / (double)target;
	return a > 1 ? 1 : a;
}

int
cj_rate(int64_t num, int64_t den, double *out)
{
	if (den <= 0)
		return -1;
	*out = (double)num / (double)den;
	return 0;
}

double
cj_round4(double x)
{
	return round(x * 10000.0) / 10000.0;
}

void
cj_figures_add_task(struct cj_figures *f, const char *deadline, const char *status, int32_t today)
{
	f->tasks++;
	if (status && !strcmp(status, "done"))
		f->done++;
	if (status && !strcmp(status, "cancelled"))
		f->cancelled++;
	if (cj_task_overdue(deadline, status, today))
		f->overdue++;
}

void
cj_figures_add_indicator(struct cj_figures *f, int64_t actual, int64_t target)
{
	f->indicators++;
	f->attainment_sum += cj_attainment(actual, target);
}

int
cj_figures_completion(const struct cj_figures *f, double *out)
{
	return cj_rate(f->done, f->tasks - f->cancelled, out);
}

int
cj_figures_attainment(const struct cj_figures *f, double *out)
{
	if (f->indicators <= 0)
		return -1;
	*out = f->attainment_sum / (double)f->indicators;
	return 0;
}

/* ---- files ---- */

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int
has_prefix(const unsigned char *name, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(name, prefix, k);
}

static int
contains(const unsigned char *name, size_t n, const char *what)
{
	size_t k = strlen(what);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(name + i, what, k))
			return 1;
	return 0;
}

#define ZIP_EOCD        0x06054b50u
#define ZIP_CENTRAL     0x02014b50u
#define ZIP_LOCAL       0x04034b50u
#define ZIP_MAX_ENTRIES 20000

/* An Office Open XML package: DOCX or XLSX by its central directory, else NONE. */
static enum cj_file_kind
sniff_zip(const unsigned char *p, size_t n)
{
	size_t eocd = 0, pos, end, lo;
	unsigned entries;
	uint32_t cd_size, cd_off;
	int found = 0, word = 0, xl = 0, types = 0;

	if (n < 22 + 30 || le32(p) != ZIP_LOCAL)
		return CJ_FILE_NONE;
	/* The end-of-central-directory record: the last one, within its comment's reach. */
	lo = n - 22 > 65535 ? n - 22 - 65535 : 0;
	for (pos = n - 22 + 1; pos-- > lo;) {
		if (le32(p + pos) == ZIP_EOCD && pos + 22 + le16(p + pos + 20) == n) {
			eocd = pos, found = 1;
			break;
		}
	}
	if (!found)
		return CJ_FILE_NONE;
	entries = le16(p + eocd + 10);
	cd_size = le32(p + eocd + 12);
	cd_off = le32(p + eocd + 16);
	/* One disk only; ZIP64 markers (0xFFFF, 0xFFFFFFFF) are not for documents this small. */
	if (le16(p + eocd + 4) || le16(p + eocd + 6) || le16(p + eocd + 8) != entries ||
	    entries == 0 || entries == 0xffff || entries > ZIP_MAX_ENTRIES ||
	    cd_off == 0xffffffffu || cd_size == 0xffffffffu || (size_t)cd_off > eocd ||
	    (size_t)cd_size > eocd - cd_off)
		return CJ_FILE_NONE;
	pos = cd_off;
	end = (size_t)cd_off + cd_size;
	for (unsigned i = 0; i < entries; i++) {
		size_t name_len, rec;

		if (end - pos < 46 || le32(p + pos) != ZIP_CENTRAL)
			return CJ_FILE_NONE;
		name_len = le16(p + pos + 28);
		rec = 46 + name_len + le16(p + pos + 30) + le16(p + pos + 32);
		if (rec > end - pos)
			return CJ_FILE_NONE;
		{
			const unsigned char *name = p + pos + 46;

			if (contains(name, name_len, "vbaProject.bin"))
				return CJ_FILE_NONE; /* macros: .docm / .xlsm in disguise */
			word |= has_prefix(name, name_len, "word/");
			xl |= has_prefix(name, name_len, "xl/");
			types |= name_len == strlen("[Content_Types].xml") &&
			         has_prefix(name, name_len, "[Content_Types].xml");
		}
		pos += rec;
	}
	if (!types || word == xl)
		return CJ_FILE_NONE;
	return word ? CJ_FILE_DOCX : CJ_FILE_XLSX;
}

enum cj_file_kind
cj_file_sniff(const unsigned char *p, size_t n)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	if (!p)
		return CJ_FILE_NONE;
	if (n >= 5 && !memcmp(p, "%PDF-", 5))
		return CJ_FILE_PDF;
	if (n >= sizeof(png) && !memcmp(p, png, sizeof(png)))
		return CJ_FILE_PNG;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return CJ_FILE_JPEG;
	return sniff_zip(p, n);
}

static const struct {
	const char *name, *mime;
} kinds[] = {
	[CJ_FILE_PDF] = { "pdf", "application/pdf" },
	[CJ_FILE_PNG] = { "png", "image/png" },
	[CJ_FILE_JPEG] = { "jpeg", "image/jpeg" },
	[CJ_FILE_DOCX] = { "docx", "application/"
	                           "vnd.openxmlformats-officedocument.wordprocessingml.document" },
	[CJ_FILE_XLSX] = { "xlsx",
	                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
};

const char *
cj_file_kind_name(enum cj_file_kind k)
{
	return k > CJ_FILE_NONE && (size_t)k < CJ_ARRAY_SIZE(kinds) ? kinds[k].name : NULL;
}

const char *
cj_file_mime(enum cj_file_kind k)
{
	return k > CJ_FILE_NONE && (size_t)k < CJ_ARRAY_SIZE(kinds) ? kinds[k].mime : NULL;
}

/*
 * Whether code point c is a control (Cc), a format character (Cf: the
 * bidirectional marks and overrides U+200E/F, U+202A..E, U+2066..9, the
 * zero-width ones, U+FEFF, ...) or a line or paragraph separator: what
 * could make a name read differently from what it is ("evil\u202Efdp.exe").
 * The Cf list is Unicode 15's.
 */
static int
invisible(uint32_t c)
{
	static const uint32_t cf[][2] = {
		{ 0x00ad, 0x00ad },   { 0x0600, 0x0605 },   { 0x061c, 0x061c },
		{ 0x06dd, 0x06dd },   { 0x070f, 0x070f },   { 0x0890, 0x0891 },
		{ 0x08e2, 0x08e2 },   { 0x180e, 0x180e },   { 0x200b, 0x200f },
		{ 0x2028, 0x202e },   { 0x2060, 0x2064 },   { 0x2066, 0x206f },
		{ 0xfeff, 0xfeff },   { 0xfff9, 0xfffb },   { 0x110bd, 0x110bd },
		{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
		{ 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	};

	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return 1;
	for (size_t i = 0; i < CJ_ARRAY_SIZE(cf); i++)
		if (c >= cf[i][0] && c <= cf[i][1])
			return 1;
	return 0;
}

/* The code point of the (valid) UTF-8 sequence at s; *len its bytes. */
static uint32_t
utf8_at(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80)
		return *len = 1, s[0];
	if (s[0] < 0xe0)
		return *len = 2, (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	if (s[0] < 0xf0)
		return *len = 3,
		       (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	return *len = 4, (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	                     (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

int
cj_filename_check(const char *name, size_t n, const char *field, struct cj_error *err)
{
	size_t len;

	if (!name || n == 0 || n > 255 || !cj_utf8_valid(name, n) || name[0] == '.' ||
	    name[0] == ' ')
		return cj_error_set(err, CJ_EINVAL, CJ_M_FILE_NAME, field);
	for (size_t i = 0; i < n; i += len) {
		const unsigned char *p = (const unsigned char *)name + i;

		if (invisible(utf8_at(p, &len)) || *p == '/' || *p == '\\' ||
		    (*p == '.' && i + 1 < n && name[i + 1] == '.'))
			return cj_error_set(err, CJ_EINVAL, CJ_M_FILE_NAME, field);
	}
	return 0;
}

void
cj_file_download_name(const char *name, const char *kind, char *out, size_t outlen)
{
	const char *ext = !kind ? "bin" : !strcmp(kind, "jpeg") ? "jpg" : kind;
	const char *dot = name ? strrchr(name, '.') : NULL;
	size_t stem;

	if (!name || cj_filename_check(name, strlen(name), NULL, NULL) < 0)
		name = "attachment", dot = NULL;
	/* A name that already says what it is stays as it is ("photo.JPEG"). */
	if (dot && dot != name && kind &&
	    (!strcasecmp(dot + 1, kind) || !strcasecmp(dot + 1, ext))) {
		snprintf(out, outlen, "%s", name);
		return;
	}
	stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	snprintf(out, outlen, "%.*s.%s", (int)stem, name, ext);
}

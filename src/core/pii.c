/* Phone numbers and resident ID numbers; see pii.h. */
#include "core/pii.h"

#include <string.h>

#include "core/date.h"

#define EXT_MAX 6 /* digits in an extension */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The extent of s without surrounding ASCII white space. */
static const char *
trim(const char *s, size_t *len)
{
	size_t n;

	while (is_ws(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_ws(s[n - 1]))
		n--;
	*len = n;
	return s;
}

/* Length of the run of digits at s[0..n). */
static size_t
digit_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* A mobile number into out (12 bytes); 0 or -1. */
static int
parse_mobile(const char *s, size_t n, char *out)
{
	char d[16];
	size_t i, nd = 0;
	int plus = 0;

	for (i = 0; i < n; i++) {
		if (i == 0 && s[i] == '+') {
			plus = 1;
		} else if (is_digit(s[i])) {
			if (nd == sizeof(d))
				return -1;
			d[nd++] = s[i];
		} else if (s[i] != ' ' && s[i] != '-') {
			return -1;
		}
	}
	if (nd == 13 && d[0] == '8' && d[1] == '6') {
		memmove(d, d + 2, 11);
		nd = 11;
	} else if (plus) {
		return -1;
	}
	if (nd != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
		return -1;
	memcpy(out, d, 11);
	out[11] = '\0';
	return 0;
}

/* A landline into out (CJ_PHONE_SIZE bytes); 0 or -1. */
static int
parse_landline(const char *s, size_t n, char *out)
{
	const char *area, *num;
	char local[8];
	size_t i = 0, alen, run, nlen = 0, elen = 0, o;
	int paren = 0;

	if (i < n && s[i] == '(') {
		paren = 1;
		i++;
	}
	area = s + i;
	run = digit_run(s + i, n - i);
	if (run < 3 || area[0] != '0')
		return -1;
	i += run;
	if (paren && (i >= n || s[i] != ')'))
		return -1;
	if (paren || (run <= 4 && i < n && (s[i] == '-' || s[i] == ' '))) {
		/* A parenthesis or a separator ends the area code. */
		if (run > 4)
			return -1;
		alen = run;
		if (paren)
			i++;
		if (i < n && (s[i] == '-' || s[i] == ' '))
			i++;
	} else {
		/* No separator: split by the numbering plan. */
		alen = area[1] == '1' || area[1] == '2' ? 3 : 4;
		if (run <= alen)
			return -1;
		i -= run - alen;
	}

	/* The local number; single spaces between its digits are ignored. */
	num = s + i;
	while (i < n && (is_digit(s[i]) ||
	                 (s[i] == ' ' && s + i > num && i + 1 < n && is_digit(s[i + 1])))) {
		if (s[i] != ' ') {
			if (nlen == sizeof(local))
				return -1;
			local[nlen++] = s[i];
		}
		i++;
	}
	if (nlen < 7)
		return -1;

	if (i < n) {
		if (s[i] != '-')
			return -1;
		i++;
		elen = digit_run(s + i, n - i);
		if (elen < 1 || elen > EXT_MAX || i + elen != n)
			return -1;
	}

	memcpy(out, area, alen);
	o = alen;
	out[o++] = '-';
	memcpy(out + o, local, nlen);
	o += nlen;
	if (elen) {
		out[o++] = '-';
		memcpy(out + o, s + i, elen);
		o += elen;
	}
	out[o] = '\0';
	return 0;
}

int
cj_phone_normalize(const char *in, char *out, size_t outlen, const char *field,
                   struct cj_error *err)
{
	const char *s;
	size_t n;

	if (out && outlen)
		out[0] = '\0';
	if (!out || outlen < CJ_PHONE_SIZE)
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_INTERNAL, field);
	if (!in)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PHONE, field);
	s = trim(in, &n);
	if (n == 0)
		return cj_error_set(err, CJ_EINVAL, CJ_M_PHONE, field);
	if (s[0] == '0' || s[0] == '(') {
		if (parse_landline(s, n, out) == 0)
			return 0;
	} else if (parse_mobile(s, n, out) == 0) {
		return 0;
	}
	out[0] = '\0';
	return cj_error_set(err, CJ_EINVAL, CJ_M_PHONE, field);
}

/*
 * A bounded writer for the masks: a piece is written whole or not at all, so
 * a UTF-8 character is never split, and the output is always terminated.
 */
struct w {
	char *out;
	size_t len, pos;
	int full;
};

static void
put(struct w *w, const char *s, size_t n)
{
	if (w->full || w->len == 0)
		return;
	if (w->pos + n >= w->len) {
		w->full = 1;
		return;
	}
	memcpy(w->out + w->pos, s, n);
	w->pos += n;
	w->out[w->pos] = '\0';
}

static void
w_init(struct w *w, char *out, size_t len)
{
	w->out = out;
	w->len = out ? len : 0;
	w->pos = 0;
	w->full = 0;
	if (w->len)
		out[0] = '\0';
}

static int
all_digits(const char *s, size_t n)
{
	return digit_run(s, n) == n;
}

/* "0xx(x)-nnnnnnn(n)" with an optional "-e{1,6}": the output of normalize. */
static int
is_landline(const char *s, size_t n, size_t *alen)
{
	const char *dash = memchr(s, '-', n), *ext;
	size_t a, num;

	if (!dash || s[0] != '0')
		return 0;
	a = (size_t)(dash - s);
	if (a < 3 || a > 4 || !all_digits(s, a))
		return 0;
	ext = memchr(dash + 1, '-', n - a - 1);
	num = ext ? (size_t)(ext - dash - 1) : n - a - 1;
	if (num < 7 || num > 8 || !all_digits(dash + 1, num))
		return 0;
	if (ext) {
		size_t e = n - a - 1 - num - 1;

		if (e < 1 || e > EXT_MAX || !all_digits(ext + 1, e))
			return 0;
	}
	*alen = a;
	return 1;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* One '*' per character but the last keep (all if there are no more than keep). */
static void
mask_generic(struct w *w, const char *s, size_t keep)
{
	size_t chars = utf8_chars(s), k = 0;

	if (chars <= keep)
		keep = 0;
	for (; *s; s++) {
		if (((unsigned char)*s & 0xc0) == 0x80)
			continue;
		if (k++ >= chars - keep)
			break;
		put(w, "*", 1);
	}
	while (*s) {
		size_t n = 1;

		while (((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		put(w, s, n);
		s += n;
	}
}

void
cj_phone_mask(const char *phone, char *out, size_t outlen)
{
	struct w w;
	size_t n, i, alen, digits = 0, seen = 0;

	w_init(&w, out, outlen);
	if (!phone)
		return;
	n = strlen(phone);
	if (n == 11 && phone[0] == '1' && all_digits(phone, n)) {
		put(&w, phone, 3);
		put(&w, "****", 4);
		put(&w, phone + 7, 4);
	} else if (is_landline(phone, n, &alen)) {
		put(&w, phone, alen + 1);
		for (i = alen + 1; i < n; i++)
			digits += is_digit(phone[i]);
		for (i = alen + 1; i < n; i++) {
			if (phone[i] == '-')
				put(&w, "-", 1);
			else
				put(&w, seen++ < digits - 2 ? "*" : phone + i, 1);
		}
	} else {
		mask_generic(&w, phone, 2);
	}
}

static const int id_weights[CJ_IDCARD_LEN - 1] = { 7, 9, 10, 5,  8, 4, 2, 1, 6,
	                                           3, 7, 9,  10, 5, 8, 4, 2 };

int
cj_idcard_check(const char *in, char *out, size_t outlen, const char *field, struct cj_error *err)
{
	char id[CJ_IDCARD_SIZE], date[11];
	const char *s;
	size_t n, i;
	int32_t birth;
	int sum = 0;

	if (out && outlen)
		out[0] = '\0';
	if (!out || outlen < CJ_IDCARD_SIZE)
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_INTERNAL, field);
	if (!in)
		return cj_error_set(err, CJ_EINVAL, CJ_M_IDCARD_LENGTH, field);
	s = trim(in, &n);
	if (n != CJ_IDCARD_LEN || !all_digits(s, CJ_IDCARD_LEN - 1))
		return cj_error_set(err, CJ_EINVAL, CJ_M_IDCARD_LENGTH, field);
	memcpy(id, s, CJ_IDCARD_LEN);
	id[CJ_IDCARD_LEN] = '\0';
	if (id[17] == 'x')
		id[17] = 'X';
	if (!is_digit(id[17]) && id[17] != 'X')
		return cj_error_set(err, CJ_EINVAL, CJ_M_IDCARD_LENGTH, field);

	/* YYYYMMDD at positions 7..14 as YYYY-MM-DD. */
	memcpy(date, id + 6, 4);
	date[4] = '-';
	memcpy(date + 5, id + 10, 2);
	date[7] = '-';
	memcpy(date + 8, id + 12, 2);
	date[10] = '\0';
	if (cj_date_parse(date, &birth) < 0 || birth > cj_date_today())
		return cj_error_set(err, CJ_EINVAL, CJ_M_IDCARD_DATE, field);

	for (i = 0; i < CJ_IDCARD_LEN - 1; i++)
		sum += (id[i] - '0') * id_weights[i];
	if (id[17] != "10X98765432"[sum % 11])
		return cj_error_set(err, CJ_EINVAL, CJ_M_IDCARD_CHECK, field);
	memcpy(out, id, CJ_IDCARD_SIZE);
	return 0;
}

void
cj_idcard_mask(const char *id, char *out, size_t outlen)
{
	struct w w;
	size_t n, i;

	w_init(&w, out, outlen);
	if (!id)
		return;
	n = strlen(id);
	for (i = 0; i < n; i++)
		if ((unsigned char)id[i] >= 0x80)
			break;
	if (i < n || n < 15 || n > CJ_IDCARD_LEN) {
		mask_generic(&w, id, 0);
		return;
	}
	put(&w, id, 3);
	for (i = 3; i < n - 4; i++)
		put(&w, "*", 1);
	put(&w, id + n - 4, 4);
}

char
cj_idcard_check_char(const char *first17)
{
	int sum = 0;

	for (int i = 0; i < CJ_IDCARD_LEN - 1; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return 0;
		sum += (first17[i] - '0') * id_weights[i];
	}
	return "10X98765432"[sum % 11];
}

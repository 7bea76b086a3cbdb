/* Unified social credit codes; see uscc.h. */
#include "core/uscc.h"

#include <stdint.h>

/* Weights 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015, 4.3). */
static const int weights[CJ_USCC_LEN - 1] = { 1,  3,  9,  27, 19, 26, 16, 17, 20,
	                                      29, 25, 13, 8,  24, 10, 30, 28 };

static const char alphabet[] = CJ_USCC_ALPHABET;

/* The value 0..30 of an upper-case alphabet character, or -1. */
static int
value_of(uint32_t c)
{
	int i;

	for (i = 0; i < 31; i++)
		if ((uint32_t)(unsigned char)alphabet[i] == c)
			return i;
	return -1;
}

/*
 * Decode one UTF-8 sequence at s (not at its NUL) into *cp; return its
 * length, or -1 if it is malformed, overlong, a surrogate or beyond U+10FFFF.
 */
static int
utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

/* Spaces trimmed from either end: Unicode White_Space, plus ZWSP and BOM. */
static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200b) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	       c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static uint32_t
fold(uint32_t c)
{
	if (c >= 0xff01 && c <= 0xff5e) /* full-width ASCII */
		c -= 0xfee0;
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	return c;
}

/* The check value for 17 alphabet values. */
static int
check_value(const int *v)
{
	int i, sum = 0;

	for (i = 0; i < CJ_USCC_LEN - 1; i++)
		sum += v[i] * weights[i];
	return (31 - sum % 31) % 31;
}

char
cj_uscc_check_char(const char *first17)
{
	int v[CJ_USCC_LEN - 1];
	int i;

	if (!first17)
		return 0;
	for (i = 0; i < CJ_USCC_LEN - 1; i++) {
		v[i] = value_of((unsigned char)first17[i]);
		if (v[i] < 0) /* also stops at the NUL */
			return 0;
	}
	return alphabet[check_value(v)];
}

int
cj_uscc_normalize(const char *in, char *out, size_t outlen, int *legacy, const char *field,
                  struct cj_error *err)
{
	uint32_t cps[CJ_USCC_LEN], cp;
	int v[CJ_USCC_LEN];
	size_t i, start = 0, end = 0, n = 0;
	int len, found = 0, digits = 1;

	if (legacy)
		*legacy = 0;
	if (out && outlen)
		out[0] = '\0';
	if (!out || outlen < CJ_USCC_SIZE)
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_INTERNAL, field);
	if (!in)
		in = "";

	/* Validate the whole string and find its trimmed extent [start, end). */
	for (i = 0; in[i]; i += (size_t)len) {
		len = utf8_decode(in + i, &cp);
		if (len < 0)
			return cj_error_set(err, CJ_EINVAL, CJ_M_BAD_UTF8, field);
		if (!is_space(cp)) {
			if (!found)
				start = i;
			found = 1;
			end = i + (size_t)len;
		}
	}

	/* Fold what lies between; more than 18 characters is a length error. */
	for (i = start; i < end; i += (size_t)len) {
		len = utf8_decode(in + i, &cp);
		if (n == CJ_USCC_LEN)
			return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_LENGTH, field);
		cps[n++] = fold(cp);
	}

	if (n == CJ_USCC_LEGACY_LEN) {
		for (i = 0; i < n; i++)
			if (cps[i] < '0' || cps[i] > '9')
				digits = 0;
		if (!digits)
			return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_LENGTH, field);
		for (i = 0; i < n; i++)
			out[i] = (char)cps[i];
		out[n] = '\0';
		if (legacy)
			*legacy = 1;
		return 0;
	}
	if (n != CJ_USCC_LEN)
		return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_LENGTH, field);

	for (i = 0; i < n; i++) {
		v[i] = value_of(cps[i]);
		if (v[i] < 0)
			return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_CHAR, field);
	}
	if (v[CJ_USCC_LEN - 1] != check_value(v))
		return cj_error_set(err, CJ_EINVAL, CJ_M_USCC_CHECK, field);
	for (i = 0; i < n; i++)
		out[i] = (char)cps[i];
	out[n] = '\0';
	return 0;
}

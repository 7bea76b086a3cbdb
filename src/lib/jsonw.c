/* See jsonw.h. */
#include "lib/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Bytes that a JSON string cannot hold as they are: controls, '"' and '\'. */
static inline int
needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/*
 * Whether any of the eight bytes of w needs escaping: the has-zero-byte and
 * has-byte-less-than tests of the bit-twiddling collections, on w itself
 * (below 0x20) and on w xor '"' and w xor '\\' (zero where a byte was one).
 * Exact for the eight as a whole, which is all the caller asks.
 */
static inline int
word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs) != 0;
}

/* The length of s's first run that needs no escaping: n when none of it does. */
static size_t
clean_run(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	while (i + 8 <= n && (memcpy(&w, s + i, 8), !word_needs_escape(w)))
		i += 8;
	/* Fewer than eight left: the last eight at once (some already seen clean), when there are
	 * eight. */
	if (i < n && i + 8 > n && n >= 8 && (memcpy(&w, s + n - 8, 8), !word_needs_escape(w)))
		return n;
	while (i < n && !needs_escape((unsigned char)s[i]))
		i++;
	return i;
}

void
cj_json_write_string(struct cj_sbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t start = clean_run(s, n);

	/* Most strings (names, codes, dates) are one clean run: one copy. */
	cj_sbuf_grow(sb, n + 2);
	sb->buf[sb->len++] = '"';
	memcpy(sb->buf + sb->len, s, start);
	sb->len += start;
	for (size_t i = start; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t elen = 2;

		if (!needs_escape(c))
			continue;
		cj_sbuf_add(sb, s + start, i - start);
		start = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		cj_sbuf_add(sb, esc, elen);
	}
	cj_sbuf_add(sb, s + start, n - start);
	cj_sbuf_addch(sb, '"');
}

void
cj_json_write_integer(struct cj_sbuf *sb, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	cj_sbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* As jansson: %.15g, ".0" when that reads as an integer, a bare exponent. */
static void
write_real(struct cj_sbuf *sb, double v)
{
	char buf[40], *e;
	int n = snprintf(buf, sizeof(buf), "%.15g", v);

	if (n < 0 || n >= (int)sizeof(buf) - 2)
		n = snprintf(buf, sizeof(buf), "0");
	e = strchr(buf, 'e');

	if (!strpbrk(buf, ".ein"))
		memcpy(buf + n, ".0", 3), n += 2;
	if (e) { /* 1e+300 → 1e300, 1e-07 → 1e-7 */
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		memmove(start, end, (size_t)(buf + n + 1 - end));
		n -= (int)(end - start);
	}
	cj_sbuf_add(sb, buf, (size_t)n);
}

void
cj_json_write(struct cj_sbuf *sb, const json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	int first = 1;

	switch (j ? json_typeof(j) : JSON_NULL) {
	case JSON_OBJECT:
		cj_sbuf_addch(sb, '{');
		json_object_foreach ((json_t *)j, key, v) {
			if (!first)
				cj_sbuf_addch(sb, ',');
			first = 0;
			cj_json_write_string(sb, key, strlen(key));
			cj_sbuf_addch(sb, ':');
			cj_json_write(sb, v);
		}
		cj_sbuf_addch(sb, '}');
		break;
	case JSON_ARRAY:
		cj_sbuf_addch(sb, '[');
		json_array_foreach (j, i, v) {
			if (i)
				cj_sbuf_addch(sb, ',');
			cj_json_write(sb, v);
		}
		cj_sbuf_addch(sb, ']');
		break;
	case JSON_STRING:
		cj_json_write_string(sb, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		cj_json_write_integer(sb, json_integer_value(j));
		break;
	case JSON_REAL:
		write_real(sb, json_real_value(j));
		break;
	case JSON_TRUE:
		cj_sbuf_add(sb, "true", 4);
		break;
	case JSON_FALSE:
		cj_sbuf_add(sb, "false", 5);
		break;
	case JSON_NULL:
		cj_sbuf_add(sb, "null", 4);
		break;
	}
}

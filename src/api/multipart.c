/* Upload limits, multipart bodies and download names; see multipart.h. */
#include "api/multipart.h"

#include <string.h>
#include <strings.h>

#include "api/routes.h"
#include "lib/util.h"

size_t
cj_api_body_limit(const char *method, const char *path, const struct cj_msg **msg)
{
	const struct cj_route *r = method && path ? cj_route_find(method, path) : NULL;

	if (r && (r->flags & CJ_R_UPLOAD)) {
		*msg = CJ_M_FILE_TOO_BIG;
		return CJ_MAX_UPLOAD_BODY;
	}
	*msg = CJ_M_TOO_BIG;
	return CJ_MAX_BODY;
}

#define MAX_BOUNDARY 70
#define MAX_HEADERS  (16 * 1024) /* one part's header block */

static int
malformed(struct cj_error *err, const char *field)
{
	return cj_error_set(err, CJ_EINVAL, CJ_M_MULTIPART, field);
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * One parameter of a header value at *pp (after a ';'): its key and value
 * (unquoted into the arena, with \" and \\ taken as escapes and any other
 * backslash kept, as browsers send Windows paths).  1 found, 0 at the end,
 * -1 malformed.
 */
static int
next_param(struct cj_arena *a, const char **pp, const char *end, const char **key, size_t *klen,
           char **val, size_t *vlen)
{
	const char *p = skip_ws(*pp, end), *k;
	char *v;
	size_t n = 0;

	if (p < end && *p == ';')
		p = skip_ws(p + 1, end);
	if (p >= end)
		return 0;
	k = p;
	while (p < end && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	*key = k, *klen = (size_t)(p - k);
	p = skip_ws(p, end);
	if (p >= end || *p != '=' || *klen == 0)
		return -1;
	p = skip_ws(p + 1, end);
	v = cj_arena_alloc(a, (size_t)(end - p) + 1);
	if (p < end && *p == '"') {
		for (p++;; p++) {
			if (p >= end)
				return -1;
			if (*p == '"')
				break;
			if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
				p++;
			v[n++] = *p;
		}
		p++;
	} else {
		while (p < end && *p != ';' && *p != ' ' && *p != '\t')
			v[n++] = *p++;
	}
	v[n] = '\0';
	*val = v, *vlen = n;
	*pp = p;
	return 1;
}

static int
key_is(const char *k, size_t n, const char *want)
{
	return n == strlen(want) && !strncasecmp(k, want, n);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 5987: UTF-8'lang'percent-encoded, decoded in place. -1 when malformed or not UTF-8. */
static int
ext_value(char *v, size_t *n)
{
	char *q = memchr(v, '\'', *n), *q2, *out = v;
	size_t i;

	if (!q || (size_t)(q - v) != 5 || strncasecmp(v, "UTF-8", 5))
		return -1;
	q2 = memchr(q + 1, '\'', *n - (size_t)(q + 1 - v));
	if (!q2)
		return -1;
	for (i = (size_t)(q2 + 1 - v); i < *n; i++) {
		if (v[i] == '%') {
			int h, l;

			if (i + 2 >= *n || (h = hexval(v[i + 1])) < 0 || (l = hexval(v[i + 2])) < 0)
				return -1;
			*out++ = (char)(h << 4 | l);
			i += 2;
		} else {
			*out++ = v[i];
		}
	}
	*out = '\0';
	*n = (size_t)(out - v);
	return 0;
}

/* The boundary parameter of a multipart/form-data type, into b (with room for 71). */
static int
boundary_of(struct cj_arena *a, const char *ct, char *b, size_t *blen)
{
	static const char type[] = "multipart/form-data";
	const char *p, *end, *key;
	size_t klen, vlen;
	char *val;
	int rc;

	if (!ct)
		return -1;
	end = ct + strlen(ct);
	p = skip_ws(ct, end);
	if ((size_t)(end - p) < sizeof(type) - 1 || strncasecmp(p, type, sizeof(type) - 1))
		return -1;
	p += sizeof(type) - 1;
	if (p < end && *p != ';' && *p != ' ' && *p != '\t')
		return -1;
	*blen = 0;
	while ((rc = next_param(a, &p, end, &key, &klen, &val, &vlen)) > 0) {
		if (key_is(key, klen, "boundary")) {
			if (vlen == 0 || vlen > MAX_BOUNDARY)
				return -1;
			memcpy(b, val, vlen);
			b[vlen] = '\0';
			*blen = vlen;
		}
	}
	return rc < 0 || *blen == 0 ? -1 : 0;
}

/* The Content-Disposition of a part's header block [h, end): name and filename. */
static int
disposition(struct cj_arena *a, const char *h, const char *end, char **name, size_t *name_len,
            char **filename, size_t *filename_len, int *ext)
{
	while (h < end) {
		const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2), *colon;

		if (!eol)
			eol = end;
		colon = memchr(h, ':', (size_t)(eol - h));
		if (colon && key_is(h, (size_t)(colon - h), "Content-Disposition")) {
			const char *p = skip_ws(colon + 1, eol), *key;
			size_t klen, vlen;
			char *val;
			int rc;

			if ((size_t)(eol - p) < 9 || strncasecmp(p, "form-data", 9))
				return -1;
			p += 9;
			while ((rc = next_param(a, &p, eol, &key, &klen, &val, &vlen)) > 0) {
				if (key_is(key, klen, "name")) {
					*name = val, *name_len = vlen;
				} else if (key_is(key, klen, "filename*")) {
					if (ext_value(val, &vlen) < 0)
						return -2;
					*filename = val, *filename_len = vlen, *ext = 1;
				} else if (key_is(key, klen, "filename") && !*ext) {
					*filename = val, *filename_len = vlen;
				}
			}
			if (rc < 0)
				return -1;
		}
		h = eol == end ? end : eol + 2;
	}
	return 0;
}

int
cj_multipart_file(struct cj_arena *a, const char *content_type, const char *body, size_t len,
                  const char *field, struct cj_upload *out, struct cj_error *err)
{
	char b[MAX_BOUNDARY + 1], *delim;
	size_t blen, dlen, pos;
	const char *hit;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (boundary_of(a, content_type, b, &blen) < 0)
		return cj_error_set(err, CJ_EMEDIATYPE, CJ_M_MULTIPART, NULL);
	/* "\r\n--boundary": the delimiter; the first may open the body without its CRLF. */
	delim = cj_arena_printf(a, "\r\n--%s", b);
	dlen = blen + 4;
	if (!body)
		return malformed(err, field);
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2)) {
		pos = dlen - 2;
	} else {
		hit = memmem(body, len, delim, dlen);
		if (!hit)
			return malformed(err, field);
		pos = (size_t)(hit - body) + dlen;
	}
	for (;;) {
		const char *h, *hend, *content, *next;
		char *name = NULL, *filename = NULL;
		size_t name_len = 0, filename_len = 0;
		int ext = 0, rc;

		if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			break; /* the closing delimiter */
		while (pos < len && (body[pos] == ' ' || body[pos] == '\t'))
			pos++;
		if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return malformed(err, field);
		pos += 2;
		h = body + pos;
		if (len - pos >= 2 && h[0] == '\r' && h[1] == '\n') {
			hend = h, content = h + 2; /* no headers */
		} else {
			size_t look = len - pos < MAX_HEADERS ? len - pos : MAX_HEADERS;

			hend = memmem(h, look, "\r\n\r\n", 4);
			if (!hend)
				return malformed(err, field);
			content = hend + 4;
		}
		next = memmem(content, len - (size_t)(content - body), delim, dlen);
		if (!next)
			return malformed(err, field);
		rc = disposition(a, h, hend, &name, &name_len, &filename, &filename_len, &ext);
		if (rc == -2)
			return cj_error_set(err, CJ_EINVAL, CJ_M_FILE_NAME, "filename");
		if (rc < 0)
			return malformed(err, field);
		if (name && name_len == strlen(field) && !memcmp(name, field, name_len)) {
			if (found++)
				return malformed(err, field);
			if (!filename)
				return cj_error_set(err, CJ_EINVAL, CJ_M_REQUIRED, "filename");
			out->filename = filename;
			out->filename_len = filename_len;
			out->data = (const unsigned char *)content;
			out->len = (size_t)(next - content);
		}
		pos = (size_t)(next - body) + dlen;
	}
	if (!found)
		return malformed(err, field);
	return 0;
}

char *
cj_content_disposition(struct cj_arena *a, const char *name)
{
	static const char attr[] = "!#$&+-.^_`|~";
	struct cj_sbuf ascii = CJ_SBUF_INIT, pct = CJ_SBUF_INIT;
	char *out;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		unsigned char c = *p;

		if ((c & 0xc0) != 0x80)
			cj_sbuf_addch(&ascii, c >= 0x20 && c < 0x7f && c != '"' && c != '\\' &&
			                              c != ';' && c != '%'
			                          ? (char)c
			                          : '_');
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr(attr, c)))
			cj_sbuf_addch(&pct, (char)c);
		else
			cj_sbuf_addf(&pct, "%%%02X", c);
	}
	out = cj_arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii.buf,
	                      pct.buf);
	cj_sbuf_release(&ascii);
	cj_sbuf_release(&pct);
	return out;
}

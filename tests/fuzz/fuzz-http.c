/*
 * The HTTP front: a raw request head (request line, header lines, as a
 * client sends them) through the framing checks http/server.c runs before
 * it reads a body (http/framing.c).  The harness splits the head the way
 * libmicrohttpd hands it over: the target without its query string and
 * percent-decoded, header values without surrounding blanks.
 */
#include <microhttpd.h>
#include <strings.h>

#include "api/api.h"
#include "fuzz.h"
#include "http/framing.h"
#include "lib/util.h"

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_cstr(data, size), *line, *next, *sp, *q;
	struct cj_http_head h = { 0 };
	struct cj_error err = { 0 };
	const struct cj_msg *limit_msg = NULL;
	size_t limit = 0;
	int rc;

	/* The request line: METHOD SP target [SP version]. */
	line = buf;
	next = strchr(line, '\n');
	if (next)
		*next++ = '\0';
	if (!(sp = strchr(line, ' ')))
		goto out;
	*sp = '\0';
	h.method = line;
	h.target = sp + 1;
	if ((sp = strchr(sp + 1, ' ')))
		*sp = '\0';
	if ((q = strchr(h.target, '?')))
		*q = '\0';
	MHD_http_unescape((char *)h.target);
	/* Header lines up to the empty one. */
	while (next && *next && *next != '\r' && *next != '\n') {
		char *colon;

		line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!(colon = strchr(line, ':')))
			continue;
		*colon = '\0';
		if (!strcasecmp(line, "Content-Length")) {
			if (!h.content_length_count++)
				h.content_length = trim(colon + 1);
		} else if (!strcasecmp(line, "Transfer-Encoding")) {
			h.transfer_encoding = 1;
		}
	}

	rc = cj_http_framing(&h, &limit, &limit_msg, &err);
	FUZZ_CHECK(limit == CJ_MAX_BODY || limit == CJ_MAX_UPLOAD_BODY);
	FUZZ_CHECK(limit_msg != NULL);
	if (rc < 0) {
		FUZZ_CHECK(rc == -err.code && err.msg);
		FUZZ_CHECK(err.code == CJ_EBADREQ || err.code == CJ_ETOOBIG);
		goto out;
	}
	FUZZ_CHECK(rc == 0 && err.code == 0);
	/* What was let through is framed one way only: RFC 9112, section 6. */
	FUZZ_CHECK(h.content_length_count <= 1);
	FUZZ_CHECK(!(h.content_length_count && h.transfer_encoding));
	if (h.content_length) {
		FUZZ_CHECK(all_digits(h.content_length)); /* Content-Length = 1*DIGIT */
		FUZZ_CHECK(strtoull(h.content_length, NULL, 10) <= limit);
	}
	FUZZ_CHECK(cj_utf8_valid(h.target, strlen(h.target)));
out:
	free(buf);
	return 0;
}

/* See framing.h. */
#include "http/framing.h"

#include <stdint.h>
#include <string.h>

#include "api/multipart.h"
#include "lib/util.h"

/* Content-Length = 1*DIGIT (RFC 9110, section 8.6): no sign, no blank, no list. */
static int
parse_length(const char *s, int64_t *n)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	return cj_parse_i64(s, n);
}

int
cj_http_framing(const struct cj_http_head *h, size_t *limit, const struct cj_msg **limit_msg,
                struct cj_error *err)
{
	int64_t n = 0;

	*limit = cj_api_body_limit(h->method, h->target, limit_msg);
	/* Two lengths, or a length and chunks: a proxy may read another request than ours. */
	if (h->content_length_count > 1 || (h->content_length_count && h->transfer_encoding))
		return cj_error_set(err, CJ_EBADREQ, CJ_M_BAD_HEADERS, NULL);
	if (h->content_length && parse_length(h->content_length, &n) < 0)
		return cj_error_set(err, CJ_EBADREQ, CJ_M_BAD_HEADERS, NULL);
	/* Only origin-form targets ("/path"): never "../x", "x" or "http://...". */
	if (!h->target || h->target[0] != '/')
		return cj_error_set(err, CJ_EBADREQ, CJ_M_BAD_HEADERS, NULL);
	if (h->content_length && (uint64_t)n > *limit)
		return cj_error_set(err, CJ_ETOOBIG, *limit_msg, NULL);
	if (!h->target || !cj_utf8_valid(h->target, strlen(h->target)))
		return cj_error_set(err, CJ_EBADREQ, CJ_M_BAD_UTF8, NULL);
	return 0;
}

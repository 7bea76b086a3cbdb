/*
 * The checks of a request head that decide, before any body byte is read,
 * whether the request is framed so that it can be read at all: one
 * Content-Length at most, never with Transfer-Encoding, a decimal length
 * within the route's body limit (cj_api_body_limit), and a request target
 * in origin form ("/...") of valid UTF-8.  Pure: no libmicrohttpd here, so that the unit tests and
 * the fuzzer (tests/fuzz/fuzz-http.c) call exactly what http/server.c calls.
 */
#ifndef CJ_HTTP_FRAMING_H
#define CJ_HTTP_FRAMING_H

#include <stddef.h>

#include "core/error.h"

struct cj_http_head {
	const char *method;         /* "GET", as the request line has it */
	const char *target;         /* the request target, without the query string */
	int content_length_count;   /* Content-Length header lines */
	const char *content_length; /* the first one's value, or NULL */
	int transfer_encoding;      /* whether a Transfer-Encoding header is present */
};

/*
 * 0 when the body may be read, with *limit the most body bytes the route
 * takes and *limit_msg the message of its 413 (both set in every case).
 * Else -CJ_EBADREQ (CJ_M_BAD_HEADERS: ambiguous or malformed framing;
 * CJ_M_BAD_UTF8: a target that is not UTF-8) or -CJ_ETOOBIG (a declared
 * length over the limit) in err.
 */
int cj_http_framing(const struct cj_http_head *h, size_t *limit, const struct cj_msg **limit_msg,
                    struct cj_error *err);

#endif

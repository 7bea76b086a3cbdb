/*
 * File uploads: the body limit the HTTP layer applies per route (CJ_MAX_BODY
 * for every route, CJ_MAX_UPLOAD of file plus the multipart framing for a
 * route flagged CJ_R_UPLOAD), a strict reader of a multipart/form-data body
 * (RFC 7578) that finds the one file part, and the Content-Disposition of a
 * download.  What a file is, is for the route to decide, by its content.
 *
 * The HTTP layer (http/server.c) calls cj_api_body_limit and
 * cj_api_admit_head before it reads a body; everything else runs inside
 * the API's request cycle.
 */
#ifndef CJ_MULTIPART_H
#define CJ_MULTIPART_H

#include <stddef.h>

#include "api/api.h"

/*
 * The most body bytes a request to method and path may carry, and the
 * message of the 413 that answers more.
 */
size_t cj_api_body_limit(const char *method, const char *path, const struct cj_msg **msg);

/*
 * The checks that need only the request head, before the body of a route
 * flagged CJ_R_UPLOAD is read: the session, the CSRF token and the role
 * (dispatch.c).  1 when rq is such a request and may send its body; 0 when
 * it is not one (nothing checked); -1 with the answer (401, 403) in rs.
 * cj_api_handle checks again, with the body.
 */
int cj_api_admit_head(struct cj_req *rq, struct cj_resp *rs);

/*
 * 1 when the route of method and path is slow by design (CJ_R_SLOW: a
 * login's password hash), so that the HTTP layer runs it on a worker
 * rather than stall the other connections of its polling thread.
 */
int cj_api_is_slow(const char *method, const char *path);

/* The file part of a multipart body; pointers into the body (or arena for the name). */
struct cj_upload {
	const char *filename; /* as the client sent it, NUL-terminated; NULL when absent */
	size_t filename_len;
	const unsigned char *data;
	size_t len;
};

/*
 * Find the one part named field that carries a file in a multipart/form-data
 * body, whose Content-Type header value is content_type (boundary from its
 * parameter).  Other parts are ignored.  0; or CJ_EMEDIATYPE/CJ_M_MULTIPART
 * when the type is not multipart/form-data or has no usable boundary, and
 * CJ_EINVAL/CJ_M_MULTIPART naming field when the body is malformed, has no
 * such part or has two.  A filename*= (RFC 5987, UTF-8) parameter wins over
 * filename=.
 */
int cj_multipart_file(struct cj_arena *a, const char *content_type, const char *body, size_t len,
                      const char *field, struct cj_upload *out, struct cj_error *err);

/* Content-Disposition for a download of name: attachment, an ASCII fallback and filename*. */
char *cj_content_disposition(struct cj_arena *a, const char *name);

#endif

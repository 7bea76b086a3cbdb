/*
 * The HTTP server (libmicrohttpd): the only code that includes
 * microhttpd.h.  It reads requests within limits, refuses malformed framing
 * (two Content-Length headers, Content-Length with Transfer-Encoding) before
 * acting, answers 413 as soon as a declared body is over its route's limit
 * (1 MiB, more for an upload: cj_api_body_limit), closes idle
 * connections, limits connections per client address, hands each request
 * to cj_api_handle in its own arena, and serves the web app's static files
 * with an SPA fallback.
 */
#ifndef CJ_HTTP_SERVER_H
#define CJ_HTTP_SERVER_H

#include "api/api.h"

struct cj_http_opts {
	const char *listen;    /* "127.0.0.1:8080", "[::1]:0" */
	unsigned threads;      /* thread pool size */
	unsigned idle_timeout; /* seconds */
	unsigned per_ip_limit;
	unsigned conn_limit;
};

struct cj_http;

int cj_http_start(struct cj_app *app, const struct cj_http_opts *o, struct cj_http **out,
                  struct cj_error *err);
/* The port actually bound (useful with port 0). */
unsigned cj_http_port(struct cj_http *h);
void cj_http_stop(struct cj_http *h); /* accepts NULL */

#endif

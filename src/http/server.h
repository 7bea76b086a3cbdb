/*
 * The HTTP server (libmicrohttpd): the only code that includes
 * microhttpd.h.  It reads requests within limits, refuses malformed framing
 * (two Content-Length headers, Content-Length with Transfer-Encoding) and any
 * request target that does not start with "/" before acting, answers 413
 * as soon as a declared body is over its route's limit (1 MiB, more for an
 * upload: cj_api_body_limit), checks the caller of an upload before its
 * body and streams the body to an unnamed temporary file (at most four at
 * once), reads on and drops what a client still sends after such an early
 * answer (a lingering close), closes connections whose request head takes
 * longer than the header timeout and idle ones, limits connections per
 * client address, takes the client's address from the socket (or from a
 * trusted proxy's X-Forwarded-For), hands each request to cj_api_handle in
 * its own arena, and serves the web app's static files from beneath its
 * root only (no dotfiles, nothing private, a Content-Security-Policy) with
 * an SPA fallback.
 */
#ifndef CJ_HTTP_SERVER_H
#define CJ_HTTP_SERVER_H

#include <stdint.h>

#include "api/api.h"

struct cj_http_opts {
	const char *listen;    /* "127.0.0.1:8080", "[::1]:0" */
	unsigned threads;      /* thread pool size */
	unsigned idle_timeout; /* seconds */
	unsigned per_ip_limit;
	unsigned conn_limit;
	unsigned header_timeout; /* seconds for a whole request head (0: 10) */
	/* Proxies whose X-Forwarded-For and X-Forwarded-Proto count: "10.0.0.1,::1", or NULL. */
	const char *trusted_proxies;
	int secure_cookies; /* the clients reach us over TLS: session cookies are Secure */
	/* Files never served whatever the web root: the database, its -wal, -shm, the key. */
	const char *const *private_files; /* NULL-terminated, may be NULL */
	/* Each kept answer's session check in a round trip of its own (api/share.h: shared). */
	int no_shared_checks;
};

struct cj_http;

int cj_http_start(struct cj_app *app, const struct cj_http_opts *o, struct cj_http **out,
                  struct cj_error *err);
/* The port actually bound (useful with port 0). */
unsigned cj_http_port(struct cj_http *h);
void cj_http_stop(struct cj_http *h); /* accepts NULL */
/* The shared session checks' counts so far (api/share.h): 0, or -1 when none are shared. */
int cj_http_share_counts(struct cj_http *h, uint64_t *checked, uint64_t *trips, uint64_t *answered);

/* Whether the address peer is one of trusted (a comma-separated list, may be NULL). */
int cj_http_peer_trusted(const char *peer, const char *trusted);
/*
 * The client's address of a request whose socket peer is peer: peer itself,
 * unless peer is a trusted proxy, then the right-most entry of xff (the
 * last X-Forwarded-For header's value, may be NULL) when it is an IP
 * address.  Written to out (n bytes, INET6_ADDRSTRLEN is enough) in its
 * canonical form.  Returns 1 when peer is trusted, else 0.
 */
int cj_http_client_address(const char *peer, const char *trusted, const char *xff, char *out,
                           size_t n);

#endif

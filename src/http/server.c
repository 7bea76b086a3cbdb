/* See server.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/multipart.h"
#include "http/framing.h"
#include "lib/util.h"

struct cj_http {
	struct MHD_Daemon *d;
	struct cj_app *app;
};

struct creq {
	struct cj_req rq;
	struct cj_resp rs;
	struct cj_sbuf body;
	int reject; /* a CJ_E* code decided before the body */
	const struct cj_msg *reject_msg;
	int responded;
	int header_count_cl, header_te;
	size_t dropped; /* body bytes read past the limit */
	size_t limit;   /* the route's body limit (cj_api_body_limit) */
	const struct cj_msg *limit_msg;
};

static const char *
header(void *hctx, const char *name)
{
	return MHD_lookup_connection_value(hctx, MHD_HEADER_KIND, name);
}

static enum MHD_Result
count_headers(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct creq *cr = cls;

	if (!strcasecmp(key, "Content-Length"))
		cr->header_count_cl++;
	else if (!strcasecmp(key, "Transfer-Encoding"))
		cr->header_te = 1;
	return MHD_YES;
}

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct creq *cr = cls;
	struct cj_req *rq = &cr->rq;

	if (!value)
		value = "";
	if (!cj_utf8_valid(key, strlen(key)) || !cj_utf8_valid(value, strlen(value))) {
		cr->reject = CJ_EBADREQ, cr->reject_msg = CJ_M_BAD_UTF8;
		return MHD_NO;
	}
	if (rq->nargs >= CJ_MAX_ARGS) {
		rq->args_overflow = 1;
		return MHD_NO;
	}
	for (int i = 0; i < rq->nargs; i++) {
		if (!strcmp(rq->args[i].key, key)) {
			/* One value per parameter: a repeated one is ambiguous. */
			cr->reject = CJ_EINVAL, cr->reject_msg = CJ_M_BAD_QUERY;
			return MHD_NO;
		}
	}
	rq->args[rq->nargs].key = cj_arena_strdup(rq->arena, key);
	rq->args[rq->nargs].value = cj_arena_strdup(rq->arena, value);
	rq->nargs++;
	return MHD_YES;
}

static void
add_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
}

static enum MHD_Result
send_resp(struct MHD_Connection *c, struct creq *cr)
{
	struct cj_resp *rs = &cr->rs;
	struct MHD_Response *r;
	enum MHD_Result ret;
	int has_cache = 0;

	r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r);
	if (rs->content_type)
		MHD_add_response_header(r, "Content-Type", rs->content_type);
	for (int i = 0; i < rs->nheaders; i++) {
		MHD_add_response_header(r, rs->headers[i].key, rs->headers[i].value);
		has_cache |= !strcasecmp(rs->headers[i].key, "Cache-Control");
	}
	if (!has_cache)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (rs->status >= 500)
		fprintf(stderr, "chanjiao: %s %s -> %d\n", cr->rq.method, cr->rq.path, rs->status);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	cr->responded = 1;
	return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *c, struct creq *cr, int code, const struct cj_msg *msg)
{
	cj_error_clear(&cr->rq.err);
	cj_error_set(&cr->rq.err, code, msg, NULL);
	cj_reply_error(&cr->rq, &cr->rs, &cr->rq.err);
	return send_resp(c, cr);
}

/* ---- static files of the web app ---- */

static const char *
mime_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },
		{ ".ttf", "font/ttf" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < CJ_ARRAY_SIZE(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* The socket peer's address as text, in the arena; "" when it cannot be read. */
static const char *
client_addr(struct MHD_Connection *c, struct cj_arena *a)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "";
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
		          sizeof(buf));
	return cj_arena_strdup(a, buf);
}

static enum MHD_Result
send_file(struct MHD_Connection *c, struct creq *cr, const char *root, const char *url)
{
	char path[4096];
	const char *rel = url;
	struct stat st;
	struct MHD_Response *r;
	enum MHD_Result ret;
	int fd = -1, immutable;

	/* No "..", no hidden files, nothing outside the root. */
	if (strstr(url, "/.") || strlen(url) > 1024)
		rel = "/index.html";
	snprintf(path, sizeof(path), "%s%s", root, rel);
	if (strcmp(rel, "/") && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* The SPA fallback: the app's router decides what the path shows. */
		rel = "/index.html";
		snprintf(path, sizeof(path), "%s%s", root, rel);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			if (fd >= 0)
				close(fd);
			return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
		}
	} else if (fstat(fd, &st) < 0) {
		close(fd);
		return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	add_common_headers(r);
	MHD_add_response_header(r, "Content-Type", mime_type(rel));
	immutable = !strncmp(rel, "/assets/", 8);
	MHD_add_response_header(r, "Cache-Control",
	                        immutable ? "public, max-age=31536000, immutable" : "no-cache");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	cr->responded = 1;
	return ret;
}

/* ---- the request cycle ---- */

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct cj_http *h = cls;
	struct creq *cr = *con_cls;

	if (!cr) {
		struct cj_http_head head;

		cr = cj_xcalloc(1, sizeof(*cr));
		*con_cls = cr;
		cj_sbuf_init(&cr->body);
		cr->rq.app = h->app;
		cr->rq.arena = cj_arena_new();
		cr->rq.method = cj_arena_strdup(cr->rq.arena, method);
		cr->rq.path = cj_arena_strdup(cr->rq.arena, url);
		cr->rq.header = header;
		cr->rq.hctx = c;
		cr->rq.client_addr = client_addr(c, cr->rq.arena);
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_headers, cr);
		head = (struct cj_http_head){ method, url, cr->header_count_cl,
			                      MHD_lookup_connection_value(c, MHD_HEADER_KIND,
			                                                  "Content-Length"),
			                      cr->header_te };
		if (cj_http_framing(&head, &cr->limit, &cr->limit_msg, &cr->rq.err) < 0)
			return send_error(c, cr, cr->rq.err.code, cr->rq.err.msg);
		return MHD_YES;
	}
	if (cr->responded) {
		*upload_data_size = 0; /* the answer is out; drop the rest */
		return MHD_YES;
	}
	if (*upload_data_size) {
		/*
		 * A chunked body has no declared length: past the limit it is
		 * read and dropped (an answer queued mid-upload would be lost
		 * with the connection), and one that goes on and on is cut off.
		 */
		if (cr->reject || cr->body.len + *upload_data_size > cr->limit) {
			cr->reject = CJ_ETOOBIG, cr->reject_msg = cr->limit_msg;
			cr->dropped += *upload_data_size;
			*upload_data_size = 0;
			return cr->dropped > 16 * (size_t)CJ_MAX_BODY ? MHD_NO : MHD_YES;
		}
		cj_sbuf_add(&cr->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cr->reject)
		return send_error(c, cr, cr->reject, cr->reject_msg);
	if (strncmp(url, "/api/", 5) && h->app->web_root &&
	    (!strcmp(method, "GET") || !strcmp(method, "HEAD")))
		return send_file(c, cr, h->app->web_root, url);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, cr);
	if (cr->reject)
		return send_error(c, cr, cr->reject, cr->reject_msg);
	cr->rq.body = cr->body.buf;
	cr->rq.body_len = cr->body.len;
	cj_api_handle(&cr->rq, &cr->rs);
	return send_resp(c, cr);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct creq *cr = *con_cls;

	if (!cr)
		return;
	cj_sbuf_release(&cr->body);
	cj_arena_free(cr->rq.arena);
	free(cr);
	*con_cls = NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	int64_t port;
	size_t hl;

	if (!colon || cj_parse_i64(colon + 1, &port) < 0 || port < 0 || port > 65535)
		return -1;
	hl = (size_t)(colon - listen);
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return 0;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		if (!strcmp(host, "localhost") || !*host)
			memcpy(host, "127.0.0.1", 10);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
		return 0;
	}
}

int
cj_http_start(struct cj_app *app, const struct cj_http_opts *o, struct cj_http **out,
              struct cj_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct cj_http *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO;

	*out = NULL;
	if (parse_listen(o->listen, &ss, &sslen) < 0)
		return cj_error_setarg(err, CJ_EINVAL, CJ_M_CODE_FORMAT, "listen", "--listen");
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h = cj_xcalloc(1, sizeof(*h));
	h->app = app;
	h->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o->threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)o->idle_timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)o->per_ip_limit, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->conn_limit,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, h, MHD_OPTION_END);
	if (!h->d) {
		free(h);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_LISTEN, "listen", o->listen);
	}
	*out = h;
	return 0;
}

unsigned
cj_http_port(struct cj_http *h)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);

	return info ? info->port : 0;
}

void
cj_http_stop(struct cj_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}

/* See server.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "api/multipart.h"
#include "api/share.h"
#include "http/framing.h"
#include "lib/util.h"
#include "lib/jsonmem.h"

/* Uploads whose body is being received, at most, per server (more: 503). */
#define MAX_UPLOADS 4
/*
 * After an answer sent before the body was read (413, 401), the rest of the
 * body is read and dropped, as nginx's lingering close does, so the client
 * finishes sending and reads the answer instead of a reset: for at most
 * LINGER_TIME seconds in all, LINGER_IDLE seconds without data and
 * LINGER_BYTES bytes, on at most MAX_LINGER connections at once.
 */
#define MAX_LINGER   64
#define LINGER_TIME  30.0
#define LINGER_IDLE  5.0
#define LINGER_BYTES ((size_t)2 * CJ_MAX_UPLOAD_BODY)

/* The policy of every static answer: scripts, styles and the rest from this origin only. */
#define STATIC_CSP                                                                                 \
	"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "             \
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/* One connection while libmicrohttpd holds it: its socket and its head's deadline. */
struct conn {
	struct conn *prev, *next;
	int fd;
	double head_deadline; /* monotonic seconds; 0 while no head is being read */
};

struct drain {
	int fd;
	double until, idle_until;
	size_t n;
};

/*
 * Logins hash a password with argon2id (64 MiB, about half a second): on a
 * polling thread that would stall every other connection of the thread.
 * They run on these workers instead, their connection suspended meanwhile;
 * two at a time also bounds the memory the hashes take.
 */
#define SLOW_WORKERS 2

struct cj_http {
	struct MHD_Daemon *d;
	struct cj_app *app;
	struct cj_http_opts o;
	char *web_root; /* realpath of app->web_root, or NULL */
	int web_fd;     /* the web root opened O_PATH, or -1 */
	atomic_int uploads;
	pthread_mutex_t lock; /* conns and lingering */
	struct conn conns;    /* list head */
	struct drain lingering[MAX_LINGER];
	int nlinger;
	int wake[2]; /* the reaper's pipe: a byte wakes it, EOF stops it */
	pthread_t reaper;
	int reaper_started;
	/* The workers of slow routes (cj_api_is_slow) and their queue. */
	pthread_mutex_t slow_lock;
	pthread_cond_t slow_cond;
	struct slow_job *slow_head, **slow_tail;
	pthread_t slow_threads[SLOW_WORKERS];
	int nslow, slow_stop;
	/*
	 * Answers held for the disk (group commit: durable_later): until their
	 * request completes, of which still suspended; and whether stopping.
	 */
	pthread_mutex_t durable_lock;
	int durable_pending, durable_suspended, durable_stop;
	/* The listening socket and the thread that accepts on it (see acceptor). */
	int listen_fd;
	pthread_t acceptor;
	int acceptor_started;
	atomic_int accept_stop;
	/* Session checks of kept answers shared in one round trip (api/share.h), or NULL. */
	struct cj_share *share;
};

struct slow_job {
	struct slow_job *next;
	struct MHD_Connection *c;
	struct creq *cr;
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
	int early;       /* answered before a body that was still to come */
	int upload_slot; /* holds one of the MAX_UPLOADS */
	int tmp_fd;      /* an upload's body goes to this unnamed file, or -1 */
	size_t tmp_len;
	void *map; /* the upload's body mapped for the handler */
	const char *retry_after;
	int handled; /* answered by a slow-route worker: to send once resumed */
	int again;   /* resumed after a shared check that did not answer: run it the plain way */
	struct slow_job job;
	/* Group commit: the answer waits, its connection suspended, until the write is durable. */
	struct cj_walsync_waiter durable;
	struct cj_http *http;
	struct MHD_Connection *mhd;
	int held;        /* counted in durable_pending until on_completed */
	int not_durable; /* the sync failed: the answer becomes an error */
};

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

	/* The body lives in the request's arena (or is static): freed in on_completed, after the
	 * last byte is sent, so libmicrohttpd need not copy it. */
	r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_PERSISTENT);
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
	if (cr->retry_after)
		MHD_add_response_header(r, "Retry-After", cr->retry_after);
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
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	for (size_t i = 0; dot && i < CJ_ARRAY_SIZE(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return NULL;
}

/*
 * Whether rel (the path after the root's "/") may name a file of the web
 * app: not too long, no empty component, and no component that starts with
 * a dot ("..", ".env", ".git").
 */
static int
static_name_ok(const char *rel)
{
	if (strlen(rel) > 1024)
		return 0;
	for (const char *p = rel; *p;) {
		const char *end = strchrnul(p, '/');

		if (end == p || *p == '.')
			return 0;
		p = *end ? end + 1 : end;
	}
	return 1;
}

/*
 * Open rel beneath the web root, never outside it, symbolic links
 * included: openat2 with RESOLVE_BENEATH, or (a kernel without it) the
 * realpath of the file under the realpath of the root.  An fd, or -1 with
 * errno (ENOENT when there is no such file).
 */
static int
open_beneath(struct cj_http *h, const char *rel)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
		                .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
	char path[PATH_MAX], *real;
	size_t n = strlen(h->web_root);
	int fd;

	fd = (int)syscall(SYS_openat2, h->web_fd, rel, &how, sizeof(how));
	if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
		return fd;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", h->web_root, rel) >= sizeof(path))
		return errno = ENAMETOOLONG, -1;
	real = realpath(path, NULL);
	if (!real)
		return -1;
	if (strncmp(real, h->web_root, n) || (real[n] != '/' && h->web_root[n - 1] != '/')) {
		free(real);
		return errno = EXDEV, -1;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	free(real);
	return fd;
}

/* Whether st is the database, its -wal or -shm, or the key file (opts.private_files). */
static int
is_private(struct cj_http *h, const struct stat *st)
{
	struct stat p;

	for (const char *const *f = h->o.private_files; f && *f; f++)
		if (stat(*f, &p) == 0 && p.st_dev == st->st_dev && p.st_ino == st->st_ino)
			return 1;
	return 0;
}

static enum MHD_Result
send_file(struct MHD_Connection *c, struct creq *cr, struct cj_http *h, const char *url)
{
	const char *rel = url + 1, *type;
	struct stat st;
	struct MHD_Response *r;
	enum MHD_Result ret;
	int fd = -1, immutable;

	/* No "..", no hidden files, nothing outside the root, nothing private. */
	if (*rel && !static_name_ok(rel))
		return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
	if (*rel) {
		fd = open_beneath(h, rel);
		if (fd < 0 && errno != ENOENT && errno != ENOTDIR)
			return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
		if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)))
			close(fd), fd = -1;
	}
	if (fd < 0) {
		/* The SPA fallback: the app's router decides what the path shows. */
		rel = "index.html";
		fd = open_beneath(h, rel);
		if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)))
			close(fd), fd = -1;
		if (fd < 0)
			return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
	}
	type = mime_type(rel);
	if (!type || is_private(h, &st)) {
		close(fd);
		return send_error(c, cr, CJ_ENOTFOUND, CJ_M_NOT_FOUND);
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	add_common_headers(r);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy", STATIC_CSP);
	immutable = !strncmp(rel, "assets/", 7);
	MHD_add_response_header(r, "Cache-Control",
	                        immutable ? "public, max-age=31536000, immutable" : "no-cache");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	cr->responded = 1;
	return ret;
}

/* ---- the client's address ---- */

/* addr (text) in its canonical form into out; 0, or -1 when it is no IP address. */
static int
canonical_addr(const char *addr, size_t len, char *out, size_t n)
{
	unsigned char bin[sizeof(struct in6_addr)];
	char tmp[INET6_ADDRSTRLEN + 2];

	while (len && (*addr == ' ' || *addr == '\t'))
		addr++, len--;
	while (len && (addr[len - 1] == ' ' || addr[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, addr, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)n) ? 0 : -1;
	if (inet_pton(AF_INET6, tmp, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)n) ? 0 : -1;
	return -1;
}

int
cj_http_peer_trusted(const char *peer, const char *trusted)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (!peer || !trusted || canonical_addr(peer, strlen(peer), a, sizeof(a)) < 0)
		return 0;
	for (const char *p = trusted; *p;) {
		const char *end = strchrnul(p, ',');

		if (canonical_addr(p, (size_t)(end - p), b, sizeof(b)) == 0 && !strcmp(a, b))
			return 1;
		p = *end ? end + 1 : end;
	}
	return 0;
}

int
cj_http_client_address(const char *peer, const char *trusted, const char *xff, char *out, size_t n)
{
	const char *last;

	snprintf(out, n, "%s", peer ? peer : "");
	if (!cj_http_peer_trusted(peer, trusted))
		return 0;
	if (xff) {
		last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		if (canonical_addr(last, strlen(last), out, n) < 0)
			snprintf(out, n, "%s", peer);
	}
	return 1;
}

/* The socket peer's address as text; "" when it cannot be read. */
static void
peer_addr(struct MHD_Connection *c, char *buf, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	buf[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
		          (socklen_t)n);
}

struct last_header {
	const char *name, *value;
};

static enum MHD_Result
find_last(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct last_header *l = cls;

	if (!strcasecmp(key, l->name))
		l->value = value;
	return MHD_YES;
}

/* The last value of a header that may come more than once (X-Forwarded-For). */
static const char *
last_header(struct MHD_Connection *c, const char *name)
{
	struct last_header l = { name, NULL };

	MHD_get_connection_values(c, MHD_HEADER_KIND, find_last, &l);
	return l.value;
}

/* rq->client_addr and rq->secure, from the socket and (a trusted proxy's) X-Forwarded-*. */
static void
set_client(struct cj_http *h, struct MHD_Connection *c, struct cj_req *rq)
{
	char peer[INET6_ADDRSTRLEN], addr[INET6_ADDRSTRLEN];
	const char *proto;
	int trusted;

	peer_addr(c, peer, sizeof(peer));
	trusted = cj_http_client_address(peer, h->o.trusted_proxies,
	                                 last_header(c, "X-Forwarded-For"), addr, sizeof(addr));
	rq->client_addr = cj_arena_strdup(rq->arena, addr);
	proto = trusted ? last_header(c, "X-Forwarded-Proto") : NULL;
	rq->secure = h->o.secure_cookies || (proto && !strcasecmp(proto, "https"));
}

/* ---- connections: the head's deadline and the lingering close ---- */

static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void
set_deadline(struct cj_http *h, struct MHD_Connection *c, int arm)
{
	struct conn *k = conn_of(c);

	if (!k)
		return;
	pthread_mutex_lock(&h->lock);
	if (!arm)
		k->head_deadline = 0;
	else if (!k->head_deadline)
		k->head_deadline = now_mono() + h->o.header_timeout;
	pthread_mutex_unlock(&h->lock);
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
	struct cj_http *h = cls;
	struct conn *k = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		k = cj_xcalloc(1, sizeof(*k));
		k->fd = ci ? ci->connect_fd : -1;
		k->head_deadline = now_mono() + h->o.header_timeout;
		pthread_mutex_lock(&h->lock);
		k->next = h->conns.next, k->prev = &h->conns;
		h->conns.next->prev = k, h->conns.next = k;
		pthread_mutex_unlock(&h->lock);
		*socket_context = k;
	} else if (k) {
		/* Called before libmicrohttpd closes the socket: the reaper never sees a reused fd.
		 */
		pthread_mutex_lock(&h->lock);
		k->prev->next = k->next, k->next->prev = k->prev;
		pthread_mutex_unlock(&h->lock);
		free(k);
		*socket_context = NULL;
	}
}

/* Called when a request line has been read: a new head is on its way. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	set_deadline(cls, c, 1);
	return NULL;
}

/* Keep reading what the client still sends after an early answer (see LINGER_TIME). */
static void
linger_add(struct cj_http *h, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	int fd;

	if (!ci)
		return;
	pthread_mutex_lock(&h->lock);
	if (h->nlinger < MAX_LINGER && (fd = fcntl(ci->connect_fd, F_DUPFD_CLOEXEC, 0)) >= 0) {
		struct drain *l = &h->lingering[h->nlinger++];
		double now = now_mono();

		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		/* The answer is out: say so, and read on until the client has done. */
		shutdown(fd, SHUT_WR);
		*l = (struct drain){ fd, now + LINGER_TIME, now + LINGER_IDLE, 0 };
		if (write(h->wake[1], "", 1) < 0) {
			/* the reaper looks again within its period anyway */
		}
	}
	pthread_mutex_unlock(&h->lock);
}

/* Drain one lingering socket; 1 when it is done with. */
static int
linger_drain(struct drain *l, double now)
{
	char buf[16384];
	ssize_t n;

	for (;;) {
		n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			l->n += (size_t)n;
			l->idle_until = now + LINGER_IDLE;
			if (l->n > LINGER_BYTES)
				return 1;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			return 1;
		return now > l->until || now > l->idle_until;
	}
}

#define PEEK_MAX (64 * 1024) /* the connection memory limit: no head is longer */

/*
 * Whether a whole request head waits, unread, in the socket's queue: the
 * client sent it in time and the server has not come to it yet (its
 * threads busy), which is no reason to close.
 */
static int
head_waiting(int fd, char *buf, size_t n)
{
	ssize_t got = recv(fd, buf, n, MSG_PEEK | MSG_DONTWAIT);

	return got > 0 &&
	       (memmem(buf, (size_t)got, "\r\n\r\n", 4) || memmem(buf, (size_t)got, "\n\n", 2));
}

/*
 * The reaper: closes connections whose request head is late (shutting the
 * socket down makes libmicrohttpd close it) and drains lingering sockets.
 * It runs every 200 ms at most; a head is late when the client has not sent
 * it whole by its deadline (one the server was too busy to read is not).
 */
static void *
reaper(void *arg)
{
	struct cj_http *h = arg;
	struct pollfd pf[MAX_LINGER + 1];
	char *peek = cj_xmalloc(PEEK_MAX);

	for (;;) {
		int n, stop = 0;
		double now;

		pthread_mutex_lock(&h->lock);
		n = h->nlinger;
		for (int i = 0; i < n; i++)
			pf[i] = (struct pollfd){ h->lingering[i].fd, POLLIN, 0 };
		pthread_mutex_unlock(&h->lock);
		pf[n] = (struct pollfd){ h->wake[0], POLLIN, 0 };
		poll(pf, (nfds_t)n + 1, 200);
		if (pf[n].revents) {
			char b[64];

			stop = read(h->wake[0], b, sizeof(b)) == 0;
		}
		now = now_mono();
		pthread_mutex_lock(&h->lock);
		for (struct conn *k = h->conns.next; k != &h->conns; k = k->next)
			if (k->head_deadline && now > k->head_deadline && k->fd >= 0) {
				if (!head_waiting(k->fd, peek, PEEK_MAX))
					shutdown(k->fd, SHUT_RDWR);
				k->head_deadline = 0;
			}
		for (int i = 0; i < h->nlinger;) {
			if (stop || linger_drain(&h->lingering[i], now)) {
				close(h->lingering[i].fd);
				h->lingering[i] = h->lingering[--h->nlinger];
			} else {
				i++;
			}
		}
		pthread_mutex_unlock(&h->lock);
		if (stop) {
			free(peek);
			return NULL;
		}
	}
}

/* ---- uploads: checked before the body, streamed to a file ---- */

/*
 * An unnamed temporary file ($TMPDIR or /tmp) that disappears when closed,
 * whatever happens to the process; -1 when none can be made.
 */
static int
temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 ||
	    (size_t)snprintf(path, sizeof(path), "%s/chanjiao-XXXXXX", dir) >= sizeof(path))
		return fd;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static void
upload_release(struct cj_http *h, struct creq *cr)
{
	if (cr->map)
		munmap(cr->map, cr->tmp_len);
	if (cr->tmp_fd >= 0)
		close(cr->tmp_fd);
	if (cr->upload_slot)
		atomic_fetch_sub(&h->uploads, 1);
	cr->map = NULL, cr->tmp_fd = -1, cr->upload_slot = 0;
}

/*
 * Before the body of an upload: the caller's session, CSRF token and role
 * (cj_api_admit_head), then a slot among MAX_UPLOADS and a temporary file.
 * MHD_YES with nothing queued to read the body; or the answer, queued.
 */
static enum MHD_Result
upload_start(struct MHD_Connection *c, struct cj_http *h, struct creq *cr)
{
	int rc = cj_api_admit_head(&cr->rq, &cr->rs);

	if (rc < 0)
		return send_resp(c, cr);
	if (rc == 0)
		return MHD_YES;
	if (atomic_fetch_add(&h->uploads, 1) >= MAX_UPLOADS) {
		atomic_fetch_sub(&h->uploads, 1);
		cr->retry_after = "5";
		return send_error(c, cr, CJ_EBUSY, CJ_M_BUSY);
	}
	cr->upload_slot = 1;
	cr->tmp_fd = temp_file();
	if (cr->tmp_fd < 0) {
		fprintf(stderr, "chanjiao: no temporary file for an upload: %s\n", strerror(errno));
		cr->retry_after = "5";
		return send_error(c, cr, CJ_EBUSY, CJ_M_BUSY);
	}
	return MHD_YES;
}

static int
upload_write(struct creq *cr, const char *data, size_t n)
{
	while (n) {
		ssize_t w = write(cr->tmp_fd, data, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w, n -= (size_t)w, cr->tmp_len += (size_t)w;
	}
	return 0;
}

/* The whole upload, mapped for the handler (which reads the file part from it). */
static int
upload_map(struct creq *cr)
{
	if (cr->tmp_len == 0)
		return 0;
	cr->map = mmap(NULL, cr->tmp_len, PROT_READ, MAP_PRIVATE, cr->tmp_fd, 0);
	if (cr->map == MAP_FAILED) {
		cr->map = NULL;
		return -1;
	}
	cr->rq.body = cr->map;
	cr->rq.body_len = cr->tmp_len;
	return 0;
}

/* ---- the request cycle ---- */

/* The checks of a request head; MHD_YES to go on (nothing queued), else the answer queued. */
static enum MHD_Result
on_head(struct cj_http *h, struct MHD_Connection *c, struct creq *cr, const char *url,
        const char *method)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	struct cj_http_head head;
	int64_t n = 0;

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_headers, cr);
	cr->early = (cl && cj_parse_i64(cl, &n) == 0 && n > 0) || cr->header_te;
	head = (struct cj_http_head){ method, url, cr->header_count_cl, cl, cr->header_te };
	if (cj_http_framing(&head, &cr->limit, &cr->limit_msg, &cr->rq.err) < 0)
		return send_error(c, cr, cr->rq.err.code, cr->rq.err.msg);
	return upload_start(c, h, cr);
}

/* ---- slow routes on workers ---- */

static void *
slow_worker(void *arg)
{
	struct cj_http *h = arg;
	struct slow_job *j;

	for (;;) {
		pthread_mutex_lock(&h->slow_lock);
		while (!h->slow_head && !h->slow_stop)
			pthread_cond_wait(&h->slow_cond, &h->slow_lock);
		j = h->slow_head;
		if (j && !(h->slow_head = j->next))
			h->slow_tail = &h->slow_head;
		pthread_mutex_unlock(&h->slow_lock);
		if (!j)
			return NULL; /* stopping, and nothing left to do */
		cj_json_scope(j->cr->rq.arena);
		cj_api_handle(&j->cr->rq, &j->cr->rs);
		cj_api_durable_wait(&j->cr->rq, &j->cr->rs);
		cj_json_scope(NULL);
		j->cr->handled = 1;
		MHD_resume_connection(j->c);
	}
}

/* 1 when cr went to a worker (its connection suspended until answered), 0 to run it here. */
static int
slow_submit(struct cj_http *h, struct MHD_Connection *c, struct creq *cr)
{
	if (!h->nslow || !cj_api_is_slow(cr->rq.method, cr->rq.path))
		return 0;
	pthread_mutex_lock(&h->slow_lock);
	if (h->slow_stop) {
		pthread_mutex_unlock(&h->slow_lock);
		return 0;
	}
	cr->job = (struct slow_job){ NULL, c, cr };
	MHD_suspend_connection(c);
	*h->slow_tail = &cr->job;
	h->slow_tail = &cr->job.next;
	pthread_cond_signal(&h->slow_cond);
	pthread_mutex_unlock(&h->slow_lock);
	return 1;
}

/* ---- group commit: an answer goes once what its request wrote is durable ---- */

static void
on_durable(void *arg, int durable)
{
	struct creq *cr = arg;
	struct cj_http *h = cr->http;

	cr->not_durable = !durable;
	MHD_resume_connection(cr->mhd); /* cr may be gone from here on */
	pthread_mutex_lock(&h->durable_lock);
	h->durable_suspended--;
	pthread_mutex_unlock(&h->durable_lock);
}

/*
 * 1 when the answer waits for the WAL's sync, its connection suspended
 * (on_request sends it when resumed); 0 to send it now.  A held answer
 * counts in durable_pending until its request completes (on_completed), so
 * that a stopping server sends it before it stops; once stopping, an
 * answer waits here instead, on this thread.
 */
static int
durable_later(struct cj_http *h, struct MHD_Connection *c, struct creq *cr)
{
	int rc;

	if (cj_api_durable_now(&cr->rq))
		return 0;
	pthread_mutex_lock(&h->durable_lock);
	if (h->durable_stop) {
		pthread_mutex_unlock(&h->durable_lock);
		cj_json_scope(cr->rq.arena);
		cj_api_durable_wait(&cr->rq, &cr->rs);
		cj_json_scope(NULL);
		return 0;
	}
	h->durable_pending++;
	h->durable_suspended++;
	pthread_mutex_unlock(&h->durable_lock);
	cr->held = 1;
	cr->handled = 1;
	cr->http = h;
	cr->mhd = c;
	MHD_suspend_connection(c);
	rc = cj_api_durable_later(&cr->rq, &cr->durable, on_durable, cr);
	if (rc != 0) /* durable meanwhile (or never): answered at the resume */
		on_durable(cr, rc > 0);
	return 1;
}

/* ---- kept answers whose session checks share a round trip (api/share.h) ---- */

static void
share_hold(void *arg)
{
	struct creq *cr = arg;

	MHD_suspend_connection(cr->mhd);
}

static void
share_done(void *arg, int answered)
{
	struct creq *cr = arg;

	if (answered)
		cr->handled = 1;
	else
		cr->again = 1;
	MHD_resume_connection(cr->mhd); /* cr may be gone from here on */
}

/* 1 when cr went to the share (its connection suspended until checked), 0 to run it here. */
static int
share_submit(struct cj_http *h, struct MHD_Connection *c, struct creq *cr)
{
	int rc;

	if (!h->share)
		return 0;
	cr->mhd = c;
	cj_json_scope(cr->rq.arena);
	rc = cj_api_handle_shared(h->share, &cr->rq, &cr->rs, share_hold, share_done, cr);
	cj_json_scope(NULL);
	return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct cj_http *h = cls;
	struct creq *cr = *con_cls;
	enum MHD_Result ret;

	if (!cr) {
		struct cj_arena *a = cj_arena_new();

		set_deadline(h, c, 0);
		/* in its own arena: a thread's spare chunk, where a malloc of its size would make
		 * glibc consolidate its fast bins */
		cr = cj_arena_alloc(a, sizeof(*cr));
		*con_cls = cr;
		cj_sbuf_init(&cr->body);
		cr->tmp_fd = -1;
		cr->rq.app = h->app;
		cr->rq.arena = a;
		cr->rq.method = cj_arena_strdup(cr->rq.arena, method);
		cr->rq.path = cj_arena_strdup(cr->rq.arena, url);
		cr->rq.header = header;
		cr->rq.hctx = c;
		set_client(h, c, &cr->rq);
		ret = on_head(h, c, cr, url, method);
		if (!cr->responded)
			cr->early = 0;
		return ret;
	}
	if (cr->responded) {
		*upload_data_size = 0; /* the answer is out; drop the rest */
		return MHD_YES;
	}
	if (cr->handled) { /* resumed after a slow-route worker or the WAL's sync */
		if (cr->not_durable) {
			cj_json_scope(cr->rq.arena);
			cj_api_not_durable(&cr->rq, &cr->rs);
			cj_json_scope(NULL);
			cr->not_durable = 0;
		}
		return send_resp(c, cr);
	}
	if (cr->again) { /* resumed after a shared check that did not answer */
		cr->again = 0;
		goto handle;
	}
	if (*upload_data_size) {
		size_t have = cr->tmp_fd >= 0 ? cr->tmp_len : cr->body.len;

		/*
		 * A chunked body has no declared length: past the limit it is
		 * read and dropped (an answer queued mid-upload would be lost
		 * with the connection), and one that goes on and on is cut off.
		 */
		if (cr->reject || have + *upload_data_size > cr->limit) {
			if (!cr->reject)
				cr->reject = CJ_ETOOBIG, cr->reject_msg = cr->limit_msg;
			cr->dropped += *upload_data_size;
			*upload_data_size = 0;
			return cr->dropped > 16 * (size_t)CJ_MAX_BODY ? MHD_NO : MHD_YES;
		}
		if (cr->tmp_fd >= 0) {
			if (upload_write(cr, upload_data, *upload_data_size) < 0) {
				fprintf(stderr, "chanjiao: writing an upload: %s\n",
				        strerror(errno));
				cr->reject = CJ_EBUSY, cr->reject_msg = CJ_M_BUSY;
			}
		} else {
			cj_sbuf_add(&cr->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cr->reject)
		return send_error(c, cr, cr->reject, cr->reject_msg);
	if (strncmp(url, "/api/", 5) && h->web_root &&
	    (!strcmp(method, "GET") || !strcmp(method, "HEAD")))
		return send_file(c, cr, h, url);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, cr);
	if (cr->reject)
		return send_error(c, cr, cr->reject, cr->reject_msg);
	if (cr->tmp_fd >= 0) {
		if (upload_map(cr) < 0)
			return send_error(c, cr, CJ_EBUSY, CJ_M_BUSY);
	} else {
		cr->rq.body = cr->body.buf;
		cr->rq.body_len = cr->body.len;
	}
	if (slow_submit(h, c, cr) || share_submit(h, c, cr))
		return MHD_YES;
handle:
	cj_json_scope(cr->rq.arena);
	cj_api_handle(&cr->rq, &cr->rs);
	cj_json_scope(NULL);
	if (durable_later(h, c, cr))
		return MHD_YES;
	return send_resp(c, cr);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	struct cj_http *h = cls;
	struct creq *cr = *con_cls;

	if (!cr)
		return;
	if (cr->held) {
		pthread_mutex_lock(&h->durable_lock);
		h->durable_pending--;
		pthread_mutex_unlock(&h->durable_lock);
	}
	if (cr->early && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		linger_add(h, c);
	upload_release(h, cr);
	cj_sbuf_release(&cr->body);
	cj_arena_free(cr->rq.arena); /* and cr with it */
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

/*
 * The acceptor: one thread accepts every connection and hands it to
 * libmicrohttpd (MHD_add_connection), which gives it to the polling thread
 * of the socket's number modulo their count: the connections of a burst
 * are shared out in turn.  When each polling thread accepted for itself,
 * the first to wake took up to ten at once: with 32 or 128 connections one
 * thread carried three fifths of them and was the bottleneck while the
 * other idled (docs/performance.md).  A refused connection is closed by
 * libmicrohttpd (the per-address and total limits stay its own).
 */
static void *
acceptor(void *arg)
{
	struct cj_http *h = arg;

	while (!atomic_load(&h->accept_stop)) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept4(h->listen_fd, (struct sockaddr *)&ss, &len,
		                 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			/* Out of descriptors or memory (or anything but a client gone): let some
			 * close. */
			if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN)
				poll(NULL, 0, 10);
			continue;
		}
		if (atomic_load(&h->accept_stop)) {
			close(fd);
			break;
		}
		MHD_add_connection(h->d, fd, (struct sockaddr *)&ss, len);
	}
	return NULL;
}

/* The listening socket of ss, or -1. */
static int
listen_on(const struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ss->ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(fd, (const struct sockaddr *)ss, len) < 0 || listen(fd, SOMAXCONN) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
cj_http_start(struct cj_app *app, const struct cj_http_opts *o, struct cj_http **out,
              struct cj_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct cj_http *h;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;

	*out = NULL;
	if (parse_listen(o->listen, &ss, &sslen) < 0)
		return cj_error_setarg(err, CJ_EINVAL, CJ_M_CODE_FORMAT, "listen", "--listen");
	h = cj_xcalloc(1, sizeof(*h));
	h->listen_fd = -1;
	h->app = app;
	h->o = *o;
	if (!h->o.header_timeout)
		h->o.header_timeout = 10;
	h->web_fd = -1;
	h->conns.next = h->conns.prev = &h->conns;
	pthread_mutex_init(&h->lock, NULL);
	pthread_mutex_init(&h->slow_lock, NULL);
	pthread_mutex_init(&h->durable_lock, NULL);
	pthread_cond_init(&h->slow_cond, NULL);
	h->slow_tail = &h->slow_head;
	h->wake[0] = h->wake[1] = -1;
	if (app->web_root) {
		/* The root resolved once: static paths are resolved beneath it. */
		h->web_root = realpath(app->web_root, NULL);
		if (h->web_root)
			h->web_fd = open(h->web_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (h->web_fd < 0) {
			fprintf(stderr, "chanjiao: --web %s: %s\n", app->web_root, strerror(errno));
			free(h->web_root);
			h->web_root = NULL;
		}
	}
	if (pipe2(h->wake, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    pthread_create(&h->reaper, NULL, reaper, h) != 0)
		goto fail;
	h->reaper_started = 1;
	while (h->nslow < SLOW_WORKERS &&
	       pthread_create(&h->slow_threads[h->nslow], NULL, slow_worker, h) == 0)
		h->nslow++;
	if ((h->listen_fd = listen_on(&ss, sslen)) < 0)
		goto fail;
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_THREAD_POOL_SIZE,
	                        (unsigned int)o->threads, MHD_OPTION_CONNECTION_TIMEOUT,
	                        (unsigned int)o->idle_timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                        (unsigned int)o->per_ip_limit, MHD_OPTION_CONNECTION_LIMIT,
	                        (unsigned int)o->conn_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	                        (size_t)(32 * 1024), MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	                        MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	                        MHD_OPTION_URI_LOG_CALLBACK, on_uri, h, MHD_OPTION_END);
	if (!o->no_shared_checks)
		h->share = cj_share_new(app);
	if (!h->d || pthread_create(&h->acceptor, NULL, acceptor, h) != 0)
		goto fail;
	h->acceptor_started = 1;
	*out = h;
	return 0;
fail:
	cj_http_stop(h);
	return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_LISTEN, "listen", o->listen);
}

unsigned
cj_http_port(struct cj_http *h)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(h->listen_fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                      : ((struct sockaddr_in *)&ss)->sin_port);
}

int
cj_http_share_counts(struct cj_http *h, uint64_t *checked, uint64_t *trips, uint64_t *answered)
{
	if (!h || !h->share)
		return -1;
	cj_share_counts(h->share, checked, trips, answered);
	return 0;
}

void
cj_http_stop(struct cj_http *h)
{
	if (!h)
		return;
	/* The workers answer what is queued (resuming each connection), then end. */
	pthread_mutex_lock(&h->slow_lock);
	h->slow_stop = 1;
	pthread_cond_broadcast(&h->slow_cond);
	pthread_mutex_unlock(&h->slow_lock);
	for (int i = 0; i < h->nslow; i++)
		pthread_join(h->slow_threads[i], NULL);
	/* No new connection: shutting the socket down wakes the acceptor's accept. */
	atomic_store(&h->accept_stop, 1);
	if (h->listen_fd >= 0)
		shutdown(h->listen_fd, SHUT_RDWR);
	if (h->acceptor_started)
		pthread_join(h->acceptor, NULL);
	if (h->listen_fd >= 0)
		close(h->listen_fd);
	/* What waits for a shared check is answered, or resumed to run the plain way. */
	cj_share_stop(h->share);
	/*
	 * Answers held for the disk are sent before the daemon stops: none stays
	 * suspended (each is resumed once its sync ends or fails), and each
	 * counts until its request completes (10 s at most, for a client that
	 * does not read its answer).
	 */
	pthread_mutex_lock(&h->durable_lock);
	h->durable_stop = 1;
	for (int ms = 0; h->durable_suspended || (h->durable_pending && ms < 10000); ms++) {
		pthread_mutex_unlock(&h->durable_lock);
		usleep(1000);
		pthread_mutex_lock(&h->durable_lock);
	}
	pthread_mutex_unlock(&h->durable_lock);
	if (h->d)
		MHD_stop_daemon(h->d);
	cj_share_free(h->share);
	if (h->wake[1] >= 0)
		close(h->wake[1]); /* EOF: the reaper closes what lingers and ends */
	if (h->reaper_started)
		pthread_join(h->reaper, NULL);
	if (h->wake[0] >= 0)
		close(h->wake[0]);
	if (h->web_fd >= 0)
		close(h->web_fd);
	free(h->web_root);
	pthread_mutex_destroy(&h->lock);
	pthread_mutex_destroy(&h->slow_lock);
	pthread_mutex_destroy(&h->durable_lock);
	pthread_cond_destroy(&h->slow_cond);
	free(h);
}

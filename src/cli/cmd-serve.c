/* chanjiao serve: the HTTP server until SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/kept.h"
#include "cli/cli.h"
#include "http/server.h"
#include "lib/util.h"
#include "store/walsync.h"

/* The default of --threads: one polling thread a core (docs/performance.md says why). */
static int64_t
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : n;
}

static int
num_opt(struct cj_opt *opts, int n, const char *name, int64_t lo, int64_t hi, int64_t def,
        int64_t *out)
{
	const char *v = cj_cli_get(opts, n, name);

	*out = def;
	if (v && (cj_parse_i64(v, out) < 0 || *out < lo || *out > hi))
		return cj_cli_usage("serve", "--%s takes a number from %lld to %lld", name,
		                    (long long)lo, (long long)hi);
	return 0;
}

/*
 * For tests of the HTTP layer only: CHANJIAO_TEST_SYNC=delay:MS holds each
 * sync of the WAL MS milliseconds before it runs; =fail-if:PATH fails each
 * sync made while the file PATH exists.
 */
static struct {
	long delay_ms;
	const char *fail_if;
} test_sync;

static int
test_sync_fn(void *ws)
{
	if (test_sync.fail_if && access(test_sync.fail_if, F_OK) == 0)
		return -1;
	usleep((useconds_t)test_sync.delay_ms * 1000);
	return cj_walsync_sync_file(ws);
}

static void
test_sync_hook(struct cj_walsync *ws)
{
	const char *v = getenv("CHANJIAO_TEST_SYNC");
	int64_t ms;

	if (!ws || !v || !*v)
		return;
	if (!strncmp(v, "fail-if:", 8) && v[8])
		test_sync.fail_if = v + 8;
	else if (!strncmp(v, "delay:", 6) && cj_parse_i64(v + 6, &ms) == 0 && ms >= 0 &&
	         ms <= 60000)
		test_sync.delay_ms = (long)ms;
	else
		return;
	fprintf(stderr, "chanjiao: CHANJIAO_TEST_SYNC=%s: the WAL's syncs are a test's\n", v);
	cj_walsync_set_sync(ws, test_sync_fn, ws);
}

/* Whether the database has no college yet (only the platform). */
static int
no_college(struct cj_store *st)
{
	struct cj_arena *a = cj_arena_new();
	struct cj_error err = { 0 };
	struct cj_list_query q = { .page = 1, .size = 1 };
	struct cj_ctx ctx;
	json_t *items;
	int64_t total = 0;
	int rc;

	cj_list_filter(&q, "@colleges", "true");
	rc = cj_ctx_begin(st, a, CJ_TX_READ, &ctx, &err);
	if (rc == 0)
		rc = cj_store_list(&ctx, &cj_entity_tenant, &q, &items, &total, &err);
	cj_ctx_end(&ctx, 0, NULL);
	cj_arena_free(a);
	return rc == 0 && total == 0;
}

int
cmd_serve(int argc, char **argv)
{
	struct cj_opt opts[] = {
		{ "db", 0, NULL },
		{ "listen", 0, NULL },
		{ "demo-if-new", 1, NULL },
		{ "web", 0, NULL },
		{ "threads", 0, NULL },
		{ "idle-timeout", 0, NULL },
		{ "per-ip-limit", 0, NULL },
		{ "session-ttl", 0, NULL },
		{ "key-file", 0, NULL },
		{ "header-timeout", 0, NULL },
		{ "trusted-proxy", 0, NULL },
		{ "secure-cookies", 1, NULL },
		{ "session-idle", 0, NULL },
		{ "session-max", 0, NULL },
		{ "kept-mib", 0, NULL },
		{ "checks-stand-ms", 0, NULL },
		{ "no-group-commit", 1, NULL },
		{ "no-shared-checks", 1, NULL },
	};
	const int n = (int)CJ_ARRAY_SIZE(opts);
	struct cj_http_opts ho = { 0 };
	struct cj_app app = { 0 };
	struct cj_error err = { 0 };
	struct cj_http *http = NULL;
	struct cj_walsync *ws;
	struct stat sb;
	int64_t threads, idle, perip, ttl, head, smax, kept, stand;
	const char *db, *web, *proxies, *keyfile;
	char key[4096], wal[4096], shm[4096], stamp[4096];
	const char *private_files[6] = { 0 };
	uint64_t checked, trips, answered;
	sigset_t set;
	int sig;

	if (cj_cli_parse("serve", argc, argv, opts, n) < 0 || !(db = cj_cli_db("serve", opts, n)) ||
	    num_opt(opts, n, "threads", 1, 256, cores(), &threads) < 0 ||
	    num_opt(opts, n, "idle-timeout", 1, 3600, 30, &idle) < 0 ||
	    num_opt(opts, n, "per-ip-limit", 1, 100000, 200, &perip) < 0 ||
	    num_opt(opts, n, "session-idle", 1, 12 * 3600, 30 * 60, &ttl) < 0 ||
	    num_opt(opts, n, "session-max", 1, 12 * 3600, 12 * 3600, &smax) < 0 ||
	    num_opt(opts, n, "header-timeout", 1, 3600, 10, &head) < 0 ||
	    num_opt(opts, n, "kept-mib", 0, 4096, 16, &kept) < 0 ||
	    num_opt(opts, n, "checks-stand-ms", 0, 600000, 1000, &stand) < 0)
		return CJ_EXIT_USAGE;
	/* --session-ttl is the old name of --session-idle. */
	if (cj_cli_get(opts, n, "session-ttl")) {
		if (cj_cli_get(opts, n, "session-idle"))
			return cj_cli_usage("serve",
			                    "--session-ttl is the old name of --session-idle:"
			                    " give one"),
			       CJ_EXIT_USAGE;
		if (num_opt(opts, n, "session-ttl", 1, 12 * 3600, 30 * 60, &ttl) < 0)
			return CJ_EXIT_USAGE;
	}
	proxies = cj_cli_get(opts, n, "trusted-proxy");
	for (const char *p = proxies; p && *p;) {
		const char *end = strchrnul(p, ',');
		char one[64];

		snprintf(one, sizeof(one), "%.*s", (int)(end - p), p);
		if (end - p >= (int)sizeof(one) || !cj_http_peer_trusted(one, one)) {
			cj_cli_usage("serve",
			             "--trusted-proxy takes IP addresses, comma-separated");
			return CJ_EXIT_USAGE;
		}
		p = *end ? end + 1 : end;
	}
	web = cj_cli_get(opts, n, "web");
	if (!web && stat("web/dist/index.html", &sb) == 0)
		web = "web/dist";
	ho.listen = cj_cli_get(opts, n, "listen");
	if (!ho.listen)
		ho.listen = "127.0.0.1:8080";
	ho.threads = (unsigned)threads;
	ho.idle_timeout = (unsigned)idle;
	ho.per_ip_limit = (unsigned)perip;
	ho.conn_limit = 4096;
	ho.header_timeout = (unsigned)head;
	ho.trusted_proxies = proxies;
	ho.secure_cookies = cj_cli_get(opts, n, "secure-cookies") != NULL;
	/* Never served, whatever --web is: the database, its WAL, shared memory and stamp, the key.
	 */
	keyfile = cj_cli_get(opts, n, "key-file");
	if (!keyfile || !*keyfile)
		keyfile = getenv("CHANJIAO_KEY_FILE");
	if (!keyfile || !*keyfile) {
		snprintf(key, sizeof(key), "%s.key", db);
		keyfile = key;
	}
	private_files[0] = keyfile;
	if (!strstr(db, "://")) {
		snprintf(wal, sizeof(wal), "%s-wal", db);
		snprintf(shm, sizeof(shm), "%s-shm", db);
		snprintf(stamp, sizeof(stamp), "%s-stamp", db);
		private_files[1] = db, private_files[2] = wal, private_files[3] = shm;
		private_files[4] = stamp;
	}
	ho.private_files = private_files;
	ho.no_shared_checks = cj_cli_get(opts, n, "no-shared-checks") != NULL;

	/* Signals are taken by this thread only: block them before any thread starts. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cj_cli_open(db, cj_cli_get(opts, n, "key-file"), &app.store) < 0)
		return CJ_EXIT_FAIL;
	if (cj_cli_get(opts, n, "demo-if-new") && no_college(app.store)) {
		if (cj_demo_load(app.store, &err) < 0) {
			cj_cli_error("serve", &err);
			cj_store_free(app.store);
			return CJ_EXIT_FAIL;
		}
		printf("chanjiao: a new database: loaded the demo college 嘉兴技师学院 (jxjsxy)\n");
	}
	/* Writes share the WAL's syncs (store/walsync.h); each is acknowledged once durable. */
	if (!cj_cli_get(opts, n, "no-group-commit") &&
	    cj_db_group_commit(app.store->db, &err) < 0) {
		cj_cli_error("serve", &err);
		cj_store_free(app.store);
		return CJ_EXIT_FAIL;
	}
	test_sync_hook(ws = cj_db_walsync(app.store->db));
	app.session_ttl = ttl;
	app.session_max = smax;
	app.web_root = web;
	app.kept = kept ? cj_kept_new((size_t)kept << 20) : NULL;
	cj_store_checks_stand(app.store, (int)stand);
	if (cj_http_start(&app, &ho, &http, &err) < 0) {
		cj_cli_error("serve", &err);
		cj_kept_free(app.kept);
		cj_store_free(app.store);
		return CJ_EXIT_FAIL;
	}
	printf("chanjiao: serving %s on http://%s:%u/\n", db,
	       strncmp(ho.listen, "0.0.0.0", 7) ? "127.0.0.1" : "0.0.0.0", cj_http_port(http));
	printf("chanjiao: demo login: college jxjsxy, user admin, password chanjiao2023\n");
	fflush(stdout);
	sigwait(&set, &sig);
	printf("chanjiao: stopping (signal %d)\n", sig);
	if (cj_http_share_counts(http, &checked, &trips, &answered) == 0)
		printf("chanjiao: shared checks: %llu kept answers checked in %llu round trips,"
		       " %llu served\n",
		       (unsigned long long)checked, (unsigned long long)trips,
		       (unsigned long long)answered);
	cj_http_stop(http);
	if ((ws = cj_db_walsync(app.store->db))) {
		long syncs;
		uint64_t commits;

		cj_walsync_counts(ws, &syncs, &commits);
		printf("chanjiao: group commit: %llu writes, %ld syncs of the WAL\n",
		       (unsigned long long)commits, syncs);
	}
	cj_kept_free(app.kept);
	cj_store_free(app.store);
	return CJ_EXIT_OK;
}

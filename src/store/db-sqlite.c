/*
 * The SQLite driver: WAL, synchronous=FULL, foreign keys on, a busy timeout.
 * A group-committed pool (cj_db_group_commit) runs synchronous=NORMAL and
 * numbers each write's COMMIT for its syncer (store/walsync.h), which makes
 * the WAL durable before the write is acknowledged.
 * Write transactions start with BEGIN IMMEDIATE so that two writers never
 * deadlock on a lock upgrade.  Statements are cached per connection by
 * their SQL text, since the store prepares the same few statements often.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/fold.h"
#include "lib/util.h"
#include "store/db.h"
#include "store/fts-prefix.h"
#include "store/walsync.h"

/*
 * Statements kept per connection.  When the cache is full, the statement
 * used least recently (and not in use) is finalized to make room: a fixed
 * set filled by whatever came first would prepare every later statement
 * again at each use (a fifth of a generator's time went to
 * sqlite3_prepare_v2 with 64 places and no eviction).
 */
#define CACHE_MAX   256
#define CACHE_HINTS 1024

struct sq_stmt {
	struct cj_stmt_base base;
	struct sq_conn *conn;
	sqlite3_stmt *st;
	int cached;    /* 0 not kept, 1 kept and idle, 2 kept and in use */
	uint32_t hash; /* of the SQL text */
	uint64_t used; /* the connection's use count when last handed out */
};

struct sq_conn {
	struct cj_conn_base base;
	sqlite3 *db;
	struct sq_stmt *cache[CACHE_MAX];
	int ncache;
	uint64_t uses;
	/* A hint: the place in cache of the last statement whose hash fell in this bucket (+1). */
	int16_t hint[CACHE_HINTS];
	int writer;              /* holds the process's writer_lock */
	int search_dirty;        /* the transaction noted rows in temp.search_pending */
	int bulk;                /* the transaction runs with the bulk page cache (sq_bulk) */
	int merge_later;         /* the transaction put off FTS5's merges (sq_search_merge_later) */
	struct cj_walsync *sync; /* group commit (sq_group), or NULL: synchronous=FULL */
	sqlite3_stmt *tx[4];     /* tx_sql's statements, prepared at first use */
	_Atomic uint64_t *stamp; /* the change stamp, mapped (stamp_map), or NULL */
};

/* The transaction statements every request runs: prepared once per connection (tx_run). */
enum { TX_BEGIN, TX_BEGIN_WRITE, TX_COMMIT, TX_ROLLBACK };
static const char *const tx_sql[] = { "BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };

static int
translate(sqlite3 *db, int rc, struct cj_error *err)
{
	int ext = db ? sqlite3_extended_errcode(db) : rc;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cj_error_set(err, CJ_EBUSY, CJ_M_BUSY, NULL);
	case SQLITE_CONSTRAINT:
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return cj_error_set(err, CJ_EEXISTS, CJ_M_DUPLICATE, NULL);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return cj_error_setarg(err, CJ_EINUSE, CJ_M_IN_USE, NULL, "");
		return cj_error_set(err, CJ_EINVAL, CJ_M_GENERIC_INVAL, NULL);
	default:
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL,
		                       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	}
}

static int
sq_exec_script(struct cj_conn *c, const char *sql, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	char *msg = NULL;
	int rc = sqlite3_exec(sc->db, sql, NULL, NULL, &msg);

	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : translate(sc->db, rc, err);
}

/* Run tx_sql[which] on sc's connection. */
static int
tx_run(struct sq_conn *sc, int which, struct cj_error *err)
{
	sqlite3_stmt **st = &sc->tx[which];
	int rc;

	if (!*st && (rc = sqlite3_prepare_v3(sc->db, tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
	                                     st, NULL)) != SQLITE_OK)
		return translate(sc->db, rc, err);
	rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	return rc == SQLITE_DONE ? 0 : translate(sc->db, rc, err);
}

static void sq_close(struct cj_conn *c);
static void writer_release(struct sq_conn *sc);

/*
 * The database file is personal information at rest: a new one is created
 * mode 0600 (its -wal and -shm take the file's mode from SQLite), in a data
 * directory created 0700 when it does not exist yet; an existing file (and
 * its -wal, -shm) readable by others is narrowed to its owner.  An existing
 * directory is left as it is (it may be shared).  Special names (":memory:",
 * "file:" URIs) are left to SQLite.
 */
static void
private_files(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char buf[4096], *slash;
	struct stat sb;
	int fd;

	if (!*path || path[0] == ':' || !strncmp(path, "file:", 5) ||
	    strlen(path) + 5 > sizeof(buf))
		return;
	snprintf(buf, sizeof(buf), "%s", path);
	slash = strrchr(buf, '/');
	if (slash && slash != buf) {
		*slash = '\0';
		if (stat(buf, &sb) < 0 && errno == ENOENT)
			mkdir(buf, 0700);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		close(fd);
		return;
	}
	for (size_t i = 0; i < CJ_ARRAY_SIZE(sfx); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, sfx[i]);
		if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) &&
		    sb.st_uid == geteuid())
			chmod(buf, sb.st_mode & 0700);
	}
}

/* CJ_COLLATE_ZH: pinyin order through ICU, the order PostgreSQL's "zh-x-icu" gives. */
static int
collate_zh(void *arg, int alen, const void *a, int blen, const void *b)
{
	(void)arg;
	return cj_collate_zh(a, (size_t)alen, b, (size_t)blen);
}

/*
 * The search index: an FTS5 prefix query on the terms of the record's
 * tenant and entity (the cjcollege tokenizer joins "t<tenant>x<entity>"
 * and the query into one term: fts-prefix.h), joined back to search_index
 * by rowid ("+" keeps the planner on the FTS5 side).
 */
static char *
sq_search_pattern(int64_t tenant_id, const char *entity, const char *folded)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;

	cj_sbuf_addf(&sb, "\"t%lldx", (long long)tenant_id);
	for (const char *p = entity; *p; p++)
		if (*p != '_')
			cj_sbuf_addch(&sb, *p);
	/* folded holds letters and digits only: nothing in it needs quoting. */
	cj_sbuf_addf(&sb, " %s\" *", folded);
	return cj_sbuf_detach(&sb);
}

/*
 * Once per process, before any connection: no global memory statistics,
 * whose mutex every sqlite3_malloc of every thread would take.
 */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void writer_lock_init(void);

static void
configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	writer_lock_init();
}

/*
 * The change stamp (db.h: stamp): a counter in a small file beside the
 * database ("<file>-stamp", 0600, mapped shared by every connection of
 * every process on it), moved by SQLite's WAL hook, which runs after each
 * commit that wrote frames, once the commit is visible and the write lock
 * released.  A hook replaces SQLite's own, so it also does what that one
 * did: a checkpoint once the WAL holds 1 000 frames (so no
 * wal_autocheckpoint here: it would replace the hook).  Kept only in WAL
 * mode (the hook runs only there) and for a database with a file; a
 * connection that would write to such a file without moving its stamp is
 * not opened (the stamp file cannot be made, or is not the database
 * owner's alone: made by root, it is given to that owner).
 * Writes commit inside a transaction (cj_ctx_tx), whose COMMIT runs the
 * hook.
 */
#define STAMP_SIZE     4096
#define AUTOCHECKPOINT 1000

/* Every process on the file moves the one counter: its atomics must not be a lock of its own. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "a lock-free 64-bit atomic");

static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct sq_conn *sc = arg;

	atomic_fetch_add(sc->stamp, 1);
	if (frames >= AUTOCHECKPOINT)
		sqlite3_wal_checkpoint(db, name);
	return SQLITE_OK;
}

/* Whether the connection's journal is the WAL. */
static int
in_wal(struct sq_conn *sc)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(sc->db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		yes = !sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	return yes;
}

/* Map the stamp of sc's file: 0, or <0 with err (sc keeps none where there is nothing to count). */
static int
stamp_map(struct sq_conn *sc, struct cj_error *err)
{
	const char *file = sqlite3_db_filename(sc->db, "main");
	struct stat db, sb = { 0 };
	char path[4096];
	void *m;
	int fd;

	if (!file || !*file || !in_wal(sc))
		return 0;
	if (snprintf(path, sizeof(path), "%s-stamp", file) >= (int)sizeof(path))
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db",
		                       "stamp: name too long");
	if (stat(file, &db) < 0)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", strerror(errno));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", strerror(errno));
	/* root's commands make it the database's owner's, as SQLite does its -wal and -shm */
	if (fstat(fd, &sb) == 0 && geteuid() == 0 && sb.st_uid != db.st_uid &&
	    fchown(fd, db.st_uid, db.st_gid) == 0 && fstat(fd, &sb) < 0)
		sb.st_mode = 0;
	/* narrowed to its owner, as the database's other files are */
	if (S_ISREG(sb.st_mode) && (sb.st_mode & 077) && sb.st_uid == db.st_uid &&
	    (geteuid() == 0 || geteuid() == sb.st_uid) && fchmod(fd, 0600) == 0)
		sb.st_mode &= ~(mode_t)077;
	/* a file others may write could be cut short under the mapping (SIGBUS) */
	if (!S_ISREG(sb.st_mode) || sb.st_uid != db.st_uid || (sb.st_mode & 022) ||
	    (sb.st_size < STAMP_SIZE && ftruncate(fd, STAMP_SIZE) < 0)) {
		close(fd);
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db",
		                       "stamp: not the database owner's own file");
	}
	m = mmap(NULL, STAMP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", strerror(errno));
	sc->stamp = m;
	sqlite3_wal_hook(sc->db, wal_hook, sc);
	return 0;
}

/* The stamp plus one: never 0 where it is kept. */
static uint64_t
sq_stamp(struct cj_conn *c)
{
	struct sq_conn *sc = (struct sq_conn *)c;

	return sc->stamp ? atomic_load(sc->stamp) + 1 : 0;
}

static int
sq_open(const char *uri, struct cj_conn **out, struct cj_error *err)
{
	struct sq_conn *sc;
	int rc;

	pthread_once(&config_once, configure);
	sc = cj_xcalloc(1, sizeof(*sc));

	sc->base.drv = &cj_db_sqlite;
	*out = NULL;
	private_files(uri);
	rc = sqlite3_open_v2(
	    uri, &sc->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", sqlite3_errmsg(sc->db));
		sq_close((struct cj_conn *)sc);
		return -CJ_EINTERNAL;
	}
	/*
	 * The query planner's stability guarantee: plans never depend on bound
	 * values.  Without it, a statement whose LIKE takes a bound pattern is
	 * compiled again at every step after a new binding (sqlite3Reprepare was
	 * a fifth of a list request's time), and our LIKEs never use an index.
	 */
	sqlite3_db_config(sc->db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, NULL);
	sqlite3_create_collation(sc->db, "zh-x-icu", SQLITE_UTF8, NULL, collate_zh);
	if ((rc = cj_fts_prefix_register(sc->db)) != SQLITE_OK) {
		cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", sqlite3_errstr(rc));
		sq_close((struct cj_conn *)sc);
		return -CJ_EINTERNAL;
	}
	sqlite3_busy_timeout(sc->db, 15000);
	sqlite3_extended_result_codes(sc->db, 1);
	rc = sq_exec_script((struct cj_conn *)sc,
	                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
	                    " CREATE TEMP TABLE IF NOT EXISTS search_pending"
	                    " (id INTEGER PRIMARY KEY);",
	                    err);
	if (rc < 0) {
		sq_close((struct cj_conn *)sc);
		return rc;
	}
	if ((rc = stamp_map(sc, err)) < 0) {
		sq_close((struct cj_conn *)sc);
		return rc;
	}
	*out = (struct cj_conn *)sc;
	return 0;
}

static void
sq_close(struct cj_conn *c)
{
	struct sq_conn *sc = (struct sq_conn *)c;

	if (!sc)
		return;
	writer_release(sc);
	for (int i = 0; i < sc->ncache; i++) {
		sqlite3_finalize(sc->cache[i]->st);
		free(sc->cache[i]);
	}
	for (size_t i = 0; i < sizeof(sc->tx) / sizeof(sc->tx[0]); i++)
		sqlite3_finalize(sc->tx[i]);
	sqlite3_close_v2(sc->db);
	if (sc->stamp)
		munmap((void *)sc->stamp, STAMP_SIZE);
	free(sc);
}

/*
 * The writers of this process queue on a mutex before BEGIN IMMEDIATE: the
 * next one starts the moment the last one ends, where SQLite's busy handler
 * would have it sleep 1, 2, 5 … 100 ms between tries (on two polling
 * threads those sleeps left the disk idle).  Other processes on the same
 * file still meet the busy timeout.  Recursive, so that a thread may write
 * to two databases at once; a writer that waits 15 s gets "busy", as from
 * SQLite.
 */
static pthread_mutex_t writer_lock;

static void
writer_lock_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&writer_lock, &a);
	pthread_mutexattr_destroy(&a);
}

static void
writer_release(struct sq_conn *sc)
{
	if (sc->writer) {
		sc->writer = 0;
		pthread_mutex_unlock(&writer_lock);
	}
}

static int
sq_begin(struct cj_conn *c, enum cj_tx_mode mode, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	struct timespec until;
	int rc;

	if (!(mode & CJ_TX_WRITE))
		return tx_run(sc, TX_BEGIN, err);
	/* a sync of the WAL failed: nothing written now could be said durable */
	if (sc->sync && cj_walsync_failed(sc->sync))
		return cj_error_set(err, CJ_EINTERNAL, CJ_M_DISK_FAILED, NULL);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 15;
	if (!sc->writer) {
		if (pthread_mutex_timedlock(&writer_lock, &until) != 0)
			return cj_error_set(err, CJ_EBUSY, CJ_M_BUSY, NULL);
		sc->writer = 1;
	}
	rc = tx_run(sc, TX_BEGIN_WRITE, err);
	if (rc < 0)
		writer_release(sc);
	return rc;
}

/*
 * FTS5 merges its pieces (segments) as they come: automerge (default 4)
 * merges four of a level into one of the next at each flush, crisismerge
 * (default 16) forces it.  A generated region flushes a few times a
 * college, so each row's terms were merged again and again as the index
 * grew; put off, the pieces are merged once (optimize) at the end.  The
 * defaults are set back explicitly (the project sets no other values):
 * FTS5 reads a setting changed by another transaction from its table.
 */
#define MERGE_LATER                                                                                \
	"INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);"                       \
	" INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 1000000);"
#define MERGE_AGAIN                                                                                \
	"INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4);"                       \
	" INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 16);"

static int search_flush(struct sq_conn *sc, struct cj_error *err);

/*
 * A transaction that writes many rows (an import, a generated college):
 * with SQLite's default 2 MB page cache its dirty pages spill to the WAL
 * and are read back and written again (100,000 students: 211,000 pwrite
 * and 168,000 pread calls; with 64 MiB, 124,000 and 67,000).  The cache
 * goes back to the default when the transaction ends.
 */
enum { BULK_CACHE_KIB = 65536, DEFAULT_CACHE_KIB = 2000 };

/* Set the page cache to kib KiB: whether SQLite took it. */
static int
cache_kib(struct sq_conn *sc, int kib)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", kib);
	return sqlite3_exec(sc->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static void
sq_bulk(struct cj_conn *c)
{
	struct sq_conn *sc = (struct sq_conn *)c;

	if (!sc->bulk)
		sc->bulk = cache_kib(sc, BULK_CACHE_KIB);
}

static void
bulk_end(struct sq_conn *sc)
{
	if (sc->bulk && cache_kib(sc, DEFAULT_CACHE_KIB))
		sc->bulk = 0;
}

static int
sq_commit(struct cj_conn *c, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	int rc = search_flush(sc, err);

	if (rc == 0 && sc->merge_later)
		rc = sq_exec_script(c, MERGE_AGAIN, err);
	if (rc == 0) {
		sc->merge_later = 0;
		/* numbered under the writer lock, so in the WAL's order, before it is visible */
		uint64_t seq = sc->writer && sc->sync ? cj_walsync_begin(sc->sync) : 0;

		rc = tx_run(sc, TX_COMMIT, err);
		if (seq)
			cj_walsync_end(sc->sync, seq, rc == 0);
	}

	/* A failed COMMIT leaves the transaction open: the caller's rollback releases. */
	if (rc == 0) {
		bulk_end(sc);
		writer_release(sc);
	}
	return rc;
}

static int
sq_group(struct cj_conn *c, struct cj_walsync *sync, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	int rc =
	    sq_exec_script(c, sync ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL", err);

	if (rc == 0)
		sc->sync = sync;
	return rc;
}

/*
 * The WAL's file name, as SQLite names it (a URI's path, a relative path as
 * opened); NULL when the database is not in WAL mode (in memory, or a file
 * system without shared memory, where journal_mode=WAL did not take).
 */
static const char *
sq_wal_name(struct cj_conn *c)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	sqlite3_filename f = sqlite3_db_filename(sc->db, "main");
	sqlite3_stmt *st = NULL;
	int wal = 0;

	if (sqlite3_prepare_v2(sc->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		wal = !sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	return wal && f && *f ? sqlite3_filename_wal(f) : NULL;
}

static void
sq_rollback(struct cj_conn *c)
{
	struct sq_conn *sc = (struct sq_conn *)c;

	if (!sqlite3_get_autocommit(sc->db))
		tx_run(sc, TX_ROLLBACK, &(struct cj_error){ 0 });
	/* The rollback took back the rows of temp.search_pending with the transaction's. */
	sc->search_dirty = 0;
	sc->merge_later = 0; /* and FTS5's settings */
	bulk_end(sc);
	writer_release(sc);
}

/* A hash of the SQL text, eight bytes at a step (the texts run to hundreds of bytes). */
static uint32_t
sql_hash(const char *sql)
{
	size_t n = strlen(sql), i;
	uint64_t h = n * 0x9e3779b97f4a7c15ULL, w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, sql + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, sql + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)(h ^ (h >> 29));
}

/* A place in the cache: a free one, or the least recently used idle statement's, finalized. */
static int
cache_slot(struct sq_conn *sc)
{
	int victim = -1;

	if (sc->ncache < CACHE_MAX)
		return sc->ncache++;
	for (int i = 0; i < sc->ncache; i++)
		if (sc->cache[i]->cached == 1 &&
		    (victim < 0 || sc->cache[i]->used < sc->cache[victim]->used))
			victim = i;
	if (victim >= 0) {
		sqlite3_finalize(sc->cache[victim]->st);
		free(sc->cache[victim]);
	}
	return victim;
}

static int
sq_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	uint32_t h = sql_hash(sql);
	struct sq_stmt *s;
	int rc, slot;

	/* The bucket's hint first (a request runs the same few statements again and again), then
	 * all. */
	for (int k = -1; k < sc->ncache; k++) {
		int i = k < 0 ? sc->hint[h % CACHE_HINTS] - 1 : k;

		if (i < 0 || i >= sc->ncache)
			continue;
		s = sc->cache[i];
		if (s->hash == h && s->cached == 1 && !strcmp(sqlite3_sql(s->st), sql)) {
			s->cached = 2; /* in use */
			s->used = ++sc->uses;
			sc->hint[h % CACHE_HINTS] = (int16_t)(i + 1);
			*out = (struct cj_stmt *)s;
			return 0;
		}
	}
	s = cj_xcalloc(1, sizeof(*s));
	s->base.drv = &cj_db_sqlite;
	s->conn = sc;
	s->hash = h;
	s->used = ++sc->uses;
	rc = sqlite3_prepare_v2(sc->db, sql, -1, &s->st, NULL);
	if (rc != SQLITE_OK) {
		free(s);
		*out = NULL;
		return translate(sc->db, rc, err);
	}
	if ((slot = cache_slot(sc)) >= 0) {
		s->cached = 2;
		sc->cache[slot] = s;
		sc->hint[h % CACHE_HINTS] = (int16_t)(slot + 1);
	}
	*out = (struct cj_stmt *)s;
	return 0;
}

static const void *
sq_column_blob(struct cj_stmt *st, int i, size_t *n)
{
	sqlite3_stmt *s = ((struct sq_stmt *)st)->st;
	const void *p = sqlite3_column_blob(s, i);

	*n = (size_t)sqlite3_column_bytes(s, i);
	return p;
}

static void
sq_reset(struct cj_stmt *st)
{
	struct sq_stmt *s = (struct sq_stmt *)st;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static void
sq_finalize(struct cj_stmt *st)
{
	struct sq_stmt *s = (struct sq_stmt *)st;

	if (s->cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->cached = 1;
		return;
	}
	sqlite3_finalize(s->st);
	free(s);
}

static void
sq_bind_int(struct cj_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(((struct sq_stmt *)st)->st, i, v);
}

static void
sq_bind_text(struct cj_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(((struct sq_stmt *)st)->st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(((struct sq_stmt *)st)->st, i);
}

static void
sq_bind_null(struct cj_stmt *st, int i)
{
	sqlite3_bind_null(((struct sq_stmt *)st)->st, i);
}

static void
sq_bind_blob(struct cj_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(((struct sq_stmt *)st)->st, i, p, (sqlite3_uint64)n, SQLITE_TRANSIENT);
}

static int
sq_step(struct cj_stmt *st, struct cj_error *err)
{
	struct sq_stmt *s = (struct sq_stmt *)st;
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return translate(s->conn->db, rc, err);
}

static int
sq_column_count(struct cj_stmt *st)
{
	return sqlite3_column_count(((struct sq_stmt *)st)->st);
}

static const char *
sq_column_name(struct cj_stmt *st, int i)
{
	return sqlite3_column_name(((struct sq_stmt *)st)->st, i);
}

static int
sq_column_is_null(struct cj_stmt *st, int i)
{
	return sqlite3_column_type(((struct sq_stmt *)st)->st, i) == SQLITE_NULL;
}

static int64_t
sq_column_int(struct cj_stmt *st, int i)
{
	return sqlite3_column_int64(((struct sq_stmt *)st)->st, i);
}

static const char *
sq_column_text(struct cj_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(((struct sq_stmt *)st)->st, i);
}

/*
 * search_fts is written in batches (migration 0008): FTS5 flushes its
 * pending terms into a new segment at every savepoint, so rows written one
 * by one inside an import's per-row SAVEPOINTs cost a segment each.  The
 * index rows a transaction adds are noted in temp.search_pending (a temp
 * table, so that ROLLBACK TO takes a note back with its row) and written
 * into search_fts in one statement before COMMIT; rows of search_index
 * dropped by then are skipped by the join.  Until COMMIT, the
 * transaction's own new rows are not found by a search, which no write
 * needs.
 */
static int
search_run(struct sq_conn *sc, const char *sql, int64_t tenant_id, const char *entity,
           int64_t record_id, struct cj_error *err)
{
	struct cj_stmt *s;
	int rc = sq_prepare((struct cj_conn *)sc, sql, &s, err);

	if (rc < 0)
		return rc;
	sq_bind_int(s, 1, tenant_id);
	sq_bind_text(s, 2, entity);
	sq_bind_int(s, 3, record_id);
	rc = sq_step(s, err);
	sq_finalize(s);
	return rc;
}

static int
sq_search_added(struct cj_conn *c, int64_t tenant_id, const char *entity, int64_t record_id,
                struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;

	sc->search_dirty = 1;
	return search_run(sc,
	                  "INSERT OR IGNORE INTO temp.search_pending SELECT id FROM search_index"
	                  " WHERE tenant_id = ? AND entity = ? AND record_id = ?",
	                  tenant_id, entity, record_id, err);
}

/* A row about to be deleted: out of search_fts first if it is there (not still pending). */
static int
sq_search_removing(struct cj_conn *c, int64_t tenant_id, const char *entity, int64_t record_id,
                   struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	int rc =
	    search_run(sc,
	               "SELECT 1 FROM search_index s WHERE s.tenant_id = ? AND s.entity = ?"
	               " AND s.record_id = ? AND s.id NOT IN (SELECT id FROM temp.search_pending)",
	               tenant_id, entity, record_id, err);

	if (rc <= 0)
		return rc;
	rc = search_run(sc,
	                "INSERT INTO search_fts (search_fts, rowid, names, pinyin, initials)"
	                " SELECT 'delete', c.id, c.names, c.pinyin, c.initials"
	                " FROM search_fts_content c WHERE c.tenant_id = ? AND c.entity = ?"
	                " AND c.record_id = ?",
	                tenant_id, entity, record_id, err);
	return rc < 0 ? rc : 0;
}

static int
sq_search_merge_later(struct cj_conn *c, struct cj_error *err)
{
	struct sq_conn *sc = (struct sq_conn *)c;
	int rc = sq_exec_script(c, MERGE_LATER, err);

	if (rc == 0)
		sc->merge_later = 1;
	return rc;
}

static int
sq_search_merge(struct cj_conn *c, struct cj_error *err)
{
	return sq_exec_script(c, "INSERT INTO search_fts (search_fts) VALUES ('optimize')", err);
}

static int
sq_search_flush(struct cj_conn *c, struct cj_error *err)
{
	return search_flush((struct sq_conn *)c, err);
}

static int
search_flush(struct sq_conn *sc, struct cj_error *err)
{
	int rc;

	if (!sc->search_dirty)
		return 0;
	rc = sq_exec_script((struct cj_conn *)sc,
	                    "INSERT INTO search_fts (rowid, names, pinyin, initials)"
	                    " SELECT c.id, c.names, c.pinyin, c.initials"
	                    " FROM temp.search_pending p JOIN search_fts_content c ON c.id = p.id;"
	                    " DELETE FROM temp.search_pending;",
	                    err);
	if (rc == 0)
		sc->search_dirty = 0;
	return rc;
}

const struct cj_db_driver cj_db_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec_script = sq_exec_script,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_is_null = sq_column_is_null,
	.column_int = sq_column_int,
	.column_text = sq_column_text,
	.column_blob = sq_column_blob,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.stamp = sq_stamp,
	.next_id_sql = "SELECT coalesce(max(id), 0) + 1 FROM %s",
	.bulk = sq_bulk,
	.group = sq_group,
	.wal_name = sq_wal_name,
	.page_ids_first = 1,
	/* A query longer than the tokens (fts-prefix.h) is checked against the row itself. */
	.search_sql = "SELECT s.record_id FROM search_index s WHERE s.id IN"
	              " (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)"
	              " AND +s.tenant_id = ? AND +s.entity = ? AND instr(' ' || s.names || ' '"
	              " || s.pinyin || ' ' || s.initials, ' ' || ?) > 0",
	.search_pattern = sq_search_pattern,
	.search_added = sq_search_added,
	.search_removing = sq_search_removing,
	.search_flush = sq_search_flush,
	.search_merge_later = sq_search_merge_later,
	.search_merge = sq_search_merge,
	.search_check_sql =
	    "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)",
};

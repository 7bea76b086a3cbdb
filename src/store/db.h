/*
 * The database driver interface: one small API over SQLite and PostgreSQL.
 *
 * SQL above this layer is written once, with "?" placeholders, in the
 * dialect both engines accept (RETURNING, LIMIT/OFFSET, LIKE ... ESCAPE).
 * A driver translates its library's codes into CJ_E* codes here, once:
 * unique violation -> CJ_EEXISTS, foreign key violation -> CJ_EINUSE,
 * busy/serialization failure -> CJ_EBUSY, anything else -> CJ_EINTERNAL.
 *
 * A struct cj_db is a pool of connections shared by the server threads;
 * a connection (struct cj_conn) is used by one thread at a time, between
 * cj_db_acquire and cj_db_release.  Statements belong to their connection
 * and are freed with cj_stmt_free (accepts NULL).
 *
 * Text results stay valid until the next step or free of that statement.
 */
#ifndef CJ_DB_H
#define CJ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct cj_db;
struct cj_conn;
struct cj_stmt;
struct cj_walsync;

enum cj_tx_mode {
	CJ_TX_READ = 1 << 0,
	CJ_TX_WRITE = 1 << 1,
};

struct cj_db_driver {
	const char *name; /* "sqlite", "postgres": also the migrations' dialect */
	int (*open)(const char *uri, struct cj_conn **out, struct cj_error *err);
	void (*close)(struct cj_conn *c);
	int (*exec_script)(struct cj_conn *c, const char *sql, struct cj_error *err);
	int (*begin)(struct cj_conn *c, enum cj_tx_mode mode, struct cj_error *err);
	int (*commit)(struct cj_conn *c, struct cj_error *err);
	/*
	 * After rows were inserted with explicit ids: make the table's id
	 * generator continue above them (PostgreSQL identity); NULL where ids
	 * follow the rows by themselves (SQLite).
	 */
	int (*sync_ids)(struct cj_conn *c, const char *table, struct cj_error *err);
	/*
	 * A SELECT of the id the next row of a table takes, with "%s" for the
	 * table's name: inside a write transaction, for a record whose id must
	 * be known before its INSERT (sealing binds the id).  SQLite gives a
	 * plain INTEGER PRIMARY KEY max + 1; PostgreSQL draws from the identity.
	 */
	const char *next_id_sql;
	/*
	 * Where ids are drawn rather than counted (NULL: SQLite): a SELECT of
	 * the ids the next "%d" rows of the table "%s" take, in order, each
	 * reserved for the caller whatever other sessions draw.  A connection
	 * that writes behind draws its ids so, a block at a time (behind.h).
	 */
	const char *next_ids_sql;
	/*
	 * The write transaction under way writes many rows: the driver may
	 * size itself for it (SQLite: a larger page cache) until it ends.
	 * NULL where nothing changes (PostgreSQL).
	 */
	void (*bulk)(struct cj_conn *c);
	/*
	 * Group commit (store/walsync.h): the connection's write commits are
	 * numbered for sync, which makes them durable; NULL sync goes back to
	 * syncing each commit itself.  NULL where the database groups commits
	 * itself (PostgreSQL: concurrent commits share a flush of its WAL).
	 */
	int (*group)(struct cj_conn *c, struct cj_walsync *sync, struct cj_error *err);
	/* With group: the WAL file's name (valid while c is open); NULL when not in WAL mode. */
	const char *(*wal_name)(struct cj_conn *c);
	/* The tenant that row-level security admits (PostgreSQL); a no-op elsewhere. */
	int (*set_tenant)(struct cj_conn *c, int64_t tenant_id, struct cj_error *err);
	/* begin and set_tenant in one round trip, where the driver can; NULL elsewhere. */
	int (*begin_tenant)(struct cj_conn *c, enum cj_tx_mode mode, int64_t tenant_id,
	                    struct cj_error *err);
	void (*rollback)(struct cj_conn *c);
	int (*prepare)(struct cj_conn *c, const char *sql, struct cj_stmt **out,
	               struct cj_error *err);
	void (*bind_int)(struct cj_stmt *s, int i, int64_t v);
	void (*bind_text)(struct cj_stmt *s, int i, const char *v); /* NULL binds NULL */
	void (*bind_null)(struct cj_stmt *s, int i);
	/* Bytes (a file's content); the driver copies them. */
	void (*bind_blob)(struct cj_stmt *s, int i, const void *p, size_t n);
	int (*step)(struct cj_stmt *s, struct cj_error *err); /* 1 row, 0 done, <0 error */
	/*
	 * Optional: send the bound statement now, its answer read at its first
	 * step, together with every other statement sent before that step
	 * (PostgreSQL's pipeline: one round trip for all).  Between the sends
	 * and the steps nothing else may be prepared on the connection.
	 */
	int (*send)(struct cj_stmt *s, struct cj_error *err);
	int (*column_count)(struct cj_stmt *s);
	const char *(*column_name)(struct cj_stmt *s, int i);
	int (*column_is_null)(struct cj_stmt *s, int i);
	int64_t (*column_int)(struct cj_stmt *s, int i);
	const char *(*column_text)(struct cj_stmt *s, int i); /* NULL for NULL */
	/* A bytes column: its bytes and length, valid until the next step, column_blob or free. */
	const void *(*column_blob)(struct cj_stmt *s, int i, size_t *n);
	void (*finalize)(struct cj_stmt *s);
	/* Make a statement that ran ready to be bound and stepped again. */
	void (*reset)(struct cj_stmt *s);
	/*
	 * The search index (table search_index, store/search.c): a SELECT of
	 * the record_id of the index rows that match, with four "?" bound in
	 * this order: the pattern search_pattern made of a folded query, the
	 * tenant, the entity and the folded query itself (for a driver whose
	 * index finds a superset, to check each row).  search_pattern returns
	 * a new string.
	 */
	const char *search_sql;
	char *(*search_pattern)(int64_t tenant_id, const char *entity, const char *folded);
	/*
	 * A list's page is read as its ids first (the filter, the sort and the
	 * offset over index entries) and then those rows: SQLite otherwise
	 * sorts the filter's whole rows to keep a page of them.  0 where the
	 * planner does better with the plain query (PostgreSQL walks the
	 * (tenant_id, id) index in order and stops at the page's end; the ids
	 * first cost it a hash, a join and a sort: 3 930 → 913 requests/s).
	 */
	int page_ids_first;
	/*
	 * A statement that keeps the plans of the rest of the transaction
	 * generic, sent before a list's count and page; NULL where plans are
	 * not cached per value.  PostgreSQL's plan cache kept a custom plan for
	 * a page's LIMIT ? OFFSET ? (its generic estimate of an unknown limit is
	 * dearer than a plan for 20 rows) and planned the page at every request.
	 */
	const char *generic_plans_sql;
	/*
	 * A driver's own index of search_index kept in step (SQLite: the FTS5
	 * table search_fts, written in one batch at commit): search_added after
	 * the row of (tenant, entity, record) is inserted, search_removing
	 * before it is deleted.  NULL where the database indexes the table
	 * itself (PostgreSQL).
	 */
	int (*search_added)(struct cj_conn *c, int64_t tenant_id, const char *entity,
	                    int64_t record_id, struct cj_error *err);
	int (*search_removing)(struct cj_conn *c, int64_t tenant_id, const char *entity,
	                       int64_t record_id, struct cj_error *err);
	/*
	 * Optional, with search_added: index the rows added so far now rather
	 * than at COMMIT (a batch writing behind, store/behind.h, does it on
	 * its thread).
	 */
	int (*search_flush)(struct cj_conn *c, struct cj_error *err);
	/*
	 * Optional: the write transaction under way indexes many rows in
	 * several flushes (a generated college): the driver's own index puts
	 * off merging its pieces until search_merge (SQLite: FTS5's automerge
	 * and crisismerge off, set back to their defaults at this
	 * transaction's COMMIT, so that no other transaction ever sees them
	 * off, and none after a ROLLBACK).  search_merge merges the index
	 * into one piece (FTS5's optimize), in a write transaction.
	 */
	int (*search_merge_later)(struct cj_conn *c, struct cj_error *err);
	int (*search_merge)(struct cj_conn *c, struct cj_error *err);
	/*
	 * A statement that fails when the driver's own index does not hold
	 * exactly search_index's rows (SQLite: FTS5's integrity-check); NULL
	 * where there is no such index.
	 */
	const char *search_check_sql;
	/*
	 * Optional: the database's change stamp (0: none kept).  Every commit
	 * that changed the database, by any process on it through this
	 * driver, moves it once the commit is visible: SQLite's at once in
	 * every process; PostgreSQL's at once in the committing process and
	 * in the others when its notification arrives (store/pg-watch.h).
	 * So a statement that ran after the stamp read S has seen every
	 * commit made before the stamp moved from S: while the stamp still
	 * reads S, what the statement read stands (see cj_conn_stamp).
	 */
	uint64_t (*stamp)(struct cj_conn *c);
};

/*
 * The collation of Chinese text in pinyin order (ICU's "zh"): both drivers
 * know it by this name (SQLite registers it on each connection, PostgreSQL
 * has it from ICU), so "ORDER BY name COLLATE " CJ_COLLATE_ZH reads the same.
 */
#define CJ_COLLATE_ZH "\"zh-x-icu\""

/* Whether the driver reads a list page's ids first (db.h: page_ids_first). */
int cj_conn_page_ids_first(struct cj_conn *c);
/* The driver's generic_plans_sql, or NULL. */
const char *cj_conn_generic_plans_sql(struct cj_conn *c);
/*
 * Whether statements sent ahead share a round trip (the driver has send):
 * then a read is worth starting before its session check has answered
 * (docs/performance.md, "One round trip").
 */
int cj_conn_pipelined(struct cj_conn *c);
/* The driver's search SQL and pattern (db.h: search_sql, search_pattern). */
const char *cj_conn_search_sql(struct cj_conn *c);
char *cj_conn_search_pattern(struct cj_conn *c, int64_t tenant_id, const char *entity,
                             const char *folded);
/* The driver's search_added / search_removing (db.h), 0 where it has none. */
int cj_conn_search_added(struct cj_conn *c, int64_t tenant_id, const char *entity,
                         int64_t record_id, struct cj_error *err);
int cj_conn_search_removing(struct cj_conn *c, int64_t tenant_id, const char *entity,
                            int64_t record_id, struct cj_error *err);

/* The driver's search_merge_later and search_merge (db.h); 0 where it has none. */
int cj_conn_search_merge_later(struct cj_conn *c, struct cj_error *err);
int cj_conn_search_merge(struct cj_conn *c, struct cj_error *err);

/*
 * The driver's search_check_sql run on c: 0, 1 when the driver has none,
 * or <0 when the index is wrong.
 */
int cj_conn_search_check(struct cj_conn *c, struct cj_error *err);

/*
 * The driver's change stamp (db.h: stamp), or 0 where it keeps none.  A
 * reader that takes the stamp before a statement of its own (outside a
 * transaction begun earlier) may reuse what the statement read as long as
 * the stamp is unchanged and non-zero.  A process killed between a commit
 * and the stamp's move leaves it behind: a reuse is bounded in time too.
 */
uint64_t cj_conn_stamp(struct cj_conn *c);

extern const struct cj_db_driver cj_db_sqlite, cj_db_pg;

/* Open a pool on a URI (a file path for SQLite, postgres://... for PostgreSQL). */
int cj_db_open(const char *uri, struct cj_db **out, struct cj_error *err);
void cj_db_free(struct cj_db *db);
const char *cj_db_dialect(const struct cj_db *db);

/*
 * Group commit from now on (store/walsync.h), for a server: a write is
 * durable once its syncer says so (cj_walsync_wait, cj_walsync_notify), not
 * when its COMMIT returns.  0 also where the driver has none, or the
 * database has no WAL (cj_db_walsync stays NULL).
 */
int cj_db_group_commit(struct cj_db *db, struct cj_error *err);
/* The pool's syncer when group-committed, else NULL (owned by the pool). */
struct cj_walsync *cj_db_walsync(struct cj_db *db);

int cj_db_acquire(struct cj_db *db, struct cj_conn **out, struct cj_error *err);
void cj_db_release(struct cj_db *db, struct cj_conn *c);

/*
 * Statements prepared by this process so far, over every connection: a
 * debug counter, for tests that check how many queries an operation runs.
 */
long cj_db_queries(void);
/*
 * Round trips to the database server this process has waited for (a
 * pipeline's answers, or one synchronous statement): a debug counter
 * that a driver counts with cj_db_count_round_trip; SQLite has none.
 */
long cj_db_round_trips(void);
void cj_db_count_round_trip(void);

/* Thin wrappers that dispatch through the connection's driver. */
int cj_tx_begin(struct cj_conn *c, enum cj_tx_mode mode, struct cj_error *err);
int cj_tx_commit(struct cj_conn *c, struct cj_error *err);
int cj_conn_set_tenant(struct cj_conn *c, int64_t tenant_id, struct cj_error *err);
/* A transaction that row-level security opens to tenant_id (0: none set). */
int cj_tx_begin_tenant(struct cj_conn *c, enum cj_tx_mode mode, int64_t tenant_id,
                       struct cj_error *err);
int cj_db_sync_ids(struct cj_conn *c, const char *table, struct cj_error *err);
/* The driver's bulk (db.h): the write transaction under way writes many rows. */
void cj_conn_bulk(struct cj_conn *c);
/* The id the next row of table takes (db.h: next_id_sql); inside a write transaction. */
int cj_db_next_id(struct cj_conn *c, const char *table, int64_t *id, struct cj_error *err);
void cj_tx_rollback(struct cj_conn *c);
int cj_conn_exec_script(struct cj_conn *c, const char *sql, struct cj_error *err);

int cj_stmt_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out, struct cj_error *err);
void cj_stmt_free(struct cj_stmt *s);
/* Run the statement again: bind anew (earlier bindings are cleared), then step. */
void cj_stmt_reset(struct cj_stmt *s);
void cj_stmt_bind_int(struct cj_stmt *s, int i, int64_t v);
void cj_stmt_bind_text(struct cj_stmt *s, int i, const char *v);
void cj_stmt_bind_null(struct cj_stmt *s, int i);
void cj_stmt_bind_blob(struct cj_stmt *s, int i, const void *p, size_t n);
int cj_stmt_step(struct cj_stmt *s, struct cj_error *err);
/*
 * Send the bound statement ahead of its step where the driver can (db.h:
 * send), so that statements sent one after another cost one round trip;
 * elsewhere nothing.  Its error, if any, is also its step's.
 */
int cj_stmt_send(struct cj_stmt *s, struct cj_error *err);
int cj_stmt_column_count(struct cj_stmt *s);
const char *cj_stmt_column_name(struct cj_stmt *s, int i);
int cj_stmt_is_null(struct cj_stmt *s, int i);
int64_t cj_stmt_int(struct cj_stmt *s, int i);
const char *cj_stmt_text(struct cj_stmt *s, int i);
const void *cj_stmt_blob(struct cj_stmt *s, int i, size_t *n);

/* Every driver object starts with this, so the wrappers can dispatch. */
struct cj_conn_base {
	const struct cj_db_driver *drv;
	struct cj_behind *behind; /* writing behind (store/behind.h), or NULL */
};
struct cj_stmt_base {
	const struct cj_db_driver *drv;
};

#endif

/* The connection pool and the dispatching wrappers; see db.h. */
#include "store/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/behind.h"
#include "store/walsync.h"

#define POOL_MAX 64

struct cj_db {
	const struct cj_db_driver *drv;
	char *uri;
	pthread_mutex_t lock;
	struct cj_conn *idle[POOL_MAX];
	int nidle;
	struct cj_walsync *sync; /* group commit (cj_db_group_commit), or NULL */
};

static const struct cj_db_driver *
driver_for(const char *uri)
{
	if (!strncmp(uri, "postgres://", 11) || !strncmp(uri, "postgresql://", 13))
		return &cj_db_pg;
	return &cj_db_sqlite;
}

int
cj_db_open(const char *uri, struct cj_db **out, struct cj_error *err)
{
	const struct cj_db_driver *drv = driver_for(uri);
	struct cj_db *db;
	struct cj_conn *c;
	int rc;

	*out = NULL;
	/* Open one connection now, so a bad path fails early. */
	rc = drv->open(uri, &c, err);
	if (rc < 0)
		return rc;
	db = cj_xcalloc(1, sizeof(*db));
	db->drv = drv;
	db->uri = cj_xstrdup(uri);
	pthread_mutex_init(&db->lock, NULL);
	db->idle[db->nidle++] = c;
	*out = db;
	return 0;
}

void
cj_db_free(struct cj_db *db)
{
	if (!db)
		return;
	/* what was committed is synced first; then the last close may remove the WAL */
	cj_walsync_free(db->sync);
	while (db->nidle > 0)
		db->drv->close(db->idle[--db->nidle]);
	pthread_mutex_destroy(&db->lock);
	free(db->uri);
	free(db);
}

const char *
cj_db_dialect(const struct cj_db *db)
{
	return db->drv->name;
}

int
cj_db_group_commit(struct cj_db *db, struct cj_error *err)
{
	struct cj_conn *c;
	const char *wal;
	int rc;

	if (!db->drv->group || db->sync)
		return 0;
	if ((rc = cj_db_acquire(db, &c, err)) < 0)
		return rc;
	/* no WAL (a database in memory): each commit stays synced by itself */
	wal = db->drv->wal_name(c);
	rc = wal ? cj_walsync_new(wal, &db->sync, err) : 0;
	cj_db_release(db, c);
	if (rc < 0 || !db->sync)
		return rc;
	pthread_mutex_lock(&db->lock);
	for (int i = 0; i < db->nidle && rc == 0; i++)
		rc = db->drv->group(db->idle[i], db->sync, err);
	pthread_mutex_unlock(&db->lock);
	return rc;
}

struct cj_walsync *
cj_db_walsync(struct cj_db *db)
{
	return db->sync;
}

int
cj_db_acquire(struct cj_db *db, struct cj_conn **out, struct cj_error *err)
{
	int rc;

	pthread_mutex_lock(&db->lock);
	if (db->nidle > 0) {
		*out = db->idle[--db->nidle];
		pthread_mutex_unlock(&db->lock);
		return 0;
	}
	pthread_mutex_unlock(&db->lock);
	if ((rc = db->drv->open(db->uri, out, err)) == 0 && db->sync &&
	    (rc = db->drv->group(*out, db->sync, err)) < 0) {
		db->drv->close(*out);
		*out = NULL;
	}
	return rc;
}

void
cj_db_release(struct cj_db *db, struct cj_conn *c)
{
	if (!c)
		return;
	cj_behind_stop(c, NULL);
	pthread_mutex_lock(&db->lock);
	if (db->nidle < POOL_MAX) {
		db->idle[db->nidle++] = c;
		c = NULL;
	}
	pthread_mutex_unlock(&db->lock);
	if (c)
		db->drv->close(c);
}

#define DRV(x)  (((struct cj_conn_base *)(x))->drv)
#define SDRV(x) (((struct cj_stmt_base *)(x))->drv)

/*
 * Before anything but a queued write on a connection that writes behind
 * (store/behind.h): its queue run first.  0 at once for every other
 * connection (the server's).
 */
static int
settle(struct cj_conn *c, struct cj_error *err)
{
	return ((struct cj_conn_base *)c)->behind ? cj_behind_barrier(c, err) : 0;
}

/* An optional driver operation of (c, err), after settle; 0 where the driver has none. */
static int
settled_op(struct cj_conn *c, int (*op)(struct cj_conn *, struct cj_error *), struct cj_error *err)
{
	int rc = settle(c, err);

	return rc < 0 || !op ? rc : op(c, err);
}

int
cj_tx_begin(struct cj_conn *c, enum cj_tx_mode mode, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->begin(c, mode, err);
}

int
cj_tx_begin_tenant(struct cj_conn *c, enum cj_tx_mode mode, int64_t tenant_id, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	if (tenant_id && DRV(c)->begin_tenant)
		return DRV(c)->begin_tenant(c, mode, tenant_id, err);
	rc = DRV(c)->begin(c, mode, err);
	if (rc == 0 && tenant_id)
		rc = cj_conn_set_tenant(c, tenant_id, err);
	return rc;
}

int
cj_tx_commit(struct cj_conn *c, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->commit(c, err);
}

int
cj_conn_set_tenant(struct cj_conn *c, int64_t tenant_id, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->set_tenant ? DRV(c)->set_tenant(c, tenant_id, err) : 0;
}

int
cj_conn_page_ids_first(struct cj_conn *c)
{
	return DRV(c)->page_ids_first;
}

const char *
cj_conn_generic_plans_sql(struct cj_conn *c)
{
	return DRV(c)->generic_plans_sql;
}

int
cj_conn_pipelined(struct cj_conn *c)
{
	return DRV(c)->send != NULL;
}

uint64_t
cj_conn_stamp(struct cj_conn *c)
{
	return DRV(c)->stamp ? DRV(c)->stamp(c) : 0;
}

const char *
cj_conn_search_sql(struct cj_conn *c)
{
	return DRV(c)->search_sql;
}

char *
cj_conn_search_pattern(struct cj_conn *c, int64_t tenant_id, const char *entity, const char *folded)
{
	return DRV(c)->search_pattern(tenant_id, entity, folded);
}

int
cj_conn_search_added(struct cj_conn *c, int64_t tenant_id, const char *entity, int64_t record_id,
                     struct cj_error *err)
{
	if (DRV(c)->search_added && cj_behind_search_added(c, tenant_id, entity, record_id))
		return 0;
	return DRV(c)->search_added ? DRV(c)->search_added(c, tenant_id, entity, record_id, err)
	                            : 0;
}

int
cj_conn_search_removing(struct cj_conn *c, int64_t tenant_id, const char *entity, int64_t record_id,
                        struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->search_removing
	           ? DRV(c)->search_removing(c, tenant_id, entity, record_id, err)
	           : 0;
}

int
cj_conn_search_merge_later(struct cj_conn *c, struct cj_error *err)
{
	return settled_op(c, DRV(c)->search_merge_later, err);
}

int
cj_conn_search_merge(struct cj_conn *c, struct cj_error *err)
{
	return settled_op(c, DRV(c)->search_merge, err);
}

int
cj_conn_search_check(struct cj_conn *c, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	if (!DRV(c)->search_check_sql)
		return 1;
	return DRV(c)->exec_script(c, DRV(c)->search_check_sql, err);
}

int
cj_db_sync_ids(struct cj_conn *c, const char *table, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->sync_ids ? DRV(c)->sync_ids(c, table, err) : 0;
}

void
cj_conn_bulk(struct cj_conn *c)
{
	settle(c, NULL); /* a failed write is told at the next barrier still */
	if (DRV(c)->bulk)
		DRV(c)->bulk(c);
}

/* The ids (at most max) that sql_fmt ("%s" table, "%d" max) gives for table: their number. */
static int
ids_query(struct cj_conn *c, const char *sql_fmt, const char *table, int64_t *ids, int max,
          struct cj_error *err)
{
	struct cj_stmt *s;
	char sql[300];
	int rc, n = 0;

	snprintf(sql, sizeof(sql), sql_fmt, table, max);
	if ((rc = cj_stmt_prepare(c, sql, &s, err)) < 0)
		return rc;
	while (n < max && (rc = cj_stmt_step(s, err)) > 0)
		ids[n++] = cj_stmt_int(s, 0);
	cj_stmt_free(s);
	if (rc < 0)
		return rc;
	return n ? n : cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", table);
}

int
cj_db_next_id(struct cj_conn *c, const char *table, int64_t *id, struct cj_error *err)
{
	int64_t ids[CJ_BEHIND_BLOCK];
	int n;

	if (cj_behind_counted_id(c, table, id))
		return 0;
	/* writing behind where ids are drawn: a block of them (behind.h) */
	if (cj_behind_can_draw(c, table)) {
		if ((n = ids_query(c, DRV(c)->next_ids_sql, table, ids, CJ_BEHIND_BLOCK, err)) < 0)
			return n;
		cj_behind_drawn(c, table, ids + 1, n - 1);
	} else {
		if ((n = ids_query(c, DRV(c)->next_id_sql, table, ids, 1, err)) < 0)
			return n;
		cj_behind_count_from(c, table, ids[0]);
	}
	*id = ids[0];
	return 0;
}

void
cj_tx_rollback(struct cj_conn *c)
{
	settle(c, NULL); /* rolled back whatever it says */
	DRV(c)->rollback(c);
}

int
cj_conn_exec_script(struct cj_conn *c, const char *sql, struct cj_error *err)
{
	int rc = settle(c, err);

	if (rc < 0)
		return rc;
	return DRV(c)->exec_script(c, sql, err);
}

static _Atomic long queries;

long
cj_db_queries(void)
{
	return queries;
}

static _Atomic long round_trips;

long
cj_db_round_trips(void)
{
	return round_trips;
}

void
cj_db_count_round_trip(void)
{
	round_trips++;
}

int
cj_stmt_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out, struct cj_error *err)
{
	int rc;

	queries++;
	if (((struct cj_conn_base *)c)->behind) {
		if (cj_behind_prepare(c, sql, out))
			return 0;
		if ((rc = cj_behind_barrier(c, err)) < 0)
			return rc;
	}
	return DRV(c)->prepare(c, sql, out, err);
}

void
cj_stmt_free(struct cj_stmt *s)
{
	if (s)
		SDRV(s)->finalize(s);
}

void
cj_stmt_reset(struct cj_stmt *s)
{
	SDRV(s)->reset(s);
}

void
cj_stmt_bind_int(struct cj_stmt *s, int i, int64_t v)
{
	SDRV(s)->bind_int(s, i, v);
}

void
cj_stmt_bind_text(struct cj_stmt *s, int i, const char *v)
{
	SDRV(s)->bind_text(s, i, v);
}

void
cj_stmt_bind_null(struct cj_stmt *s, int i)
{
	SDRV(s)->bind_null(s, i);
}

void
cj_stmt_bind_blob(struct cj_stmt *s, int i, const void *p, size_t n)
{
	SDRV(s)->bind_blob(s, i, p, n);
}

int
cj_stmt_send(struct cj_stmt *s, struct cj_error *err)
{
	return SDRV(s)->send ? SDRV(s)->send(s, err) : 0;
}

int
cj_stmt_step(struct cj_stmt *s, struct cj_error *err)
{
	return SDRV(s)->step(s, err);
}

int
cj_stmt_column_count(struct cj_stmt *s)
{
	return SDRV(s)->column_count(s);
}

const char *
cj_stmt_column_name(struct cj_stmt *s, int i)
{
	return SDRV(s)->column_name(s, i);
}

int
cj_stmt_is_null(struct cj_stmt *s, int i)
{
	return SDRV(s)->column_is_null(s, i);
}

int64_t
cj_stmt_int(struct cj_stmt *s, int i)
{
	return SDRV(s)->column_int(s, i);
}

const char *
cj_stmt_text(struct cj_stmt *s, int i)
{
	return SDRV(s)->column_text(s, i);
}

const void *
cj_stmt_blob(struct cj_stmt *s, int i, size_t *n)
{
	return SDRV(s)->column_blob(s, i, n);
}

/*
 * The PostgreSQL driver (libpq).  Statements are prepared once per
 * connection under generated names, with "?" rewritten to "$n"; values
 * travel as text and the server infers their types from the columns.
 * Read transactions are READ ONLY.  The tenant is set with set_config,
 * local to the transaction, and row-level security admits only its rows.
 * SQLSTATEs become CJ_E* codes here: 23505 duplicate, 23503 in use,
 * 40001/40P01/55P03 busy (the dispatcher retries), 22xxx/23502 invalid.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "store/db.h"
#include "store/pg-watch.h"

#define CACHE_MAX 256
#define PIPE_MAX  256
/* The cut of a search token: migration 0011, search_tokens_of. */
#define CJ_PG_TOKEN_MAX 8

struct pg_prepared {
	char *sql; /* as the store wrote it */
	uint64_t hash;
	char name[16];
	int nparams;
};

/*
 * A read costs no round trip, nor statement, of its own
 * (docs/performance.md, "One round trip"): it is no BEGIN ... COMMIT but
 * the implicit transaction of each libpq pipeline it sends, which
 * PostgreSQL commits at the pipeline's end (its Sync).  Each of its
 * pipelines opens with one statement that sets the tenant and makes the
 * transaction read-only (cj_read_tenant, local to that transaction), so
 * that whatever runs in it runs in the tenant; nothing is left set when
 * the pipeline ends.  Until the first statement nothing is sent (begun).
 * A read that needs a transaction of its own mid-way (send_begun) gets a
 * BEGIN READ ONLY there, whose COMMIT is sent without waiting for the
 * answer (committing), which the connection's next use reads first
 * (settle).  A write's BEGIN and COMMIT stay synchronous.  Statements
 * sent ahead (cj_stmt_send: a list's count and page, a detail's children) join the same
 * pipeline, read at the first step of any.
 */
struct pg_conn {
	struct cj_conn_base base;
	PGconn *pg;
	struct pg_prepared cache[CACHE_MAX];
	int ncache, next;
	int begun;       /* a read not yet sent: its tenant waits for its first statement */
	int implicit;    /* a read in pipelines: each opens with cj_read_tenant */
	int reading;     /* inside a read (begun, implicit or a sent BEGIN READ ONLY) */
	int committing;  /* a read's COMMIT sent, its answer not read */
	char tenant[24]; /* the tenant of the begun transaction ("" none) */
	/* The pipeline: statements sent (pipe_send), their answers not read yet. */
	struct pg_stmt *sent[PIPE_MAX];
	int nsent;
	int sent_begin; /* the pipeline starts with cj_read_tenant (its answer is skipped) */
	struct cj_pg_watch *watch; /* the database's change stamp (store/pg-watch.h) */
};

struct pg_stmt {
	struct cj_stmt_base base;
	struct pg_conn *conn;
	struct pg_prepared *prep; /* NULL: run unnamed (cache full) */
	char *rewritten;
	int nparams;
	char **params;
	int *lengths, *formats; /* set when bytes are bound (binary format), else NULL */
	unsigned char *blob;    /* the last column_blob, unescaped */
	PGresult *res;
	int row, nrows, ran;
	int queued; /* sent in the pipeline, answer not read */
	int got;    /* answer read by the pipeline, not yet looked at by step */
};

/*
 * A unique violation names its constraint, "<table>_tenant_id_<field>_key"
 * for the per-college unique fields: the field goes into the error, as the
 * store's own check would have said.
 */
static int
duplicate(const PGresult *res, struct cj_error *err)
{
	const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	const char *p = c ? strstr(c, "_tenant_id_") : NULL;
	char field[48] = "";

	if (p) {
		size_t n = strlen(p += strlen("_tenant_id_"));

		if (n > 4 && !strcmp(p + n - 4, "_key") && n - 4 < sizeof(field)) {
			memcpy(field, p, n - 4);
			field[n - 4] = '\0';
		}
	}
	return cj_error_set(err, CJ_EEXISTS, CJ_M_DUPLICATE, field[0] ? field : NULL);
}

static int
translate(const PGresult *res, PGconn *pg, struct cj_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);

	if (state) {
		if (!strcmp(state, "23505"))
			return duplicate(res, err);
		if (!strcmp(state, "23503"))
			return cj_error_setarg(err, CJ_EINUSE, CJ_M_IN_USE, NULL, "");
		if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
			return cj_error_set(err, CJ_EBUSY, CJ_M_BUSY, NULL);
		if (!strncmp(state, "22", 2) || !strcmp(state, "23502") || !strcmp(state, "23514"))
			return cj_error_set(err, CJ_EINVAL, CJ_M_GENERIC_INVAL, NULL);
	}
	if (PQstatus(pg) != CONNECTION_OK)
		return cj_error_set(err, CJ_EBUSY, CJ_M_BUSY, NULL);
	return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, NULL, msg ? msg : "postgres");
}

static void collect(struct pg_conn *pc);

/* Before anything else is sent: read the answer of a read's COMMIT sent earlier, and of
 * every statement sent in the pipeline. */
static void
settle(struct pg_conn *pc)
{
	PGresult *res;

	if (pc->nsent)
		collect(pc);
	if (!pc->committing)
		return;
	pc->committing = 0;
	while ((res = PQgetResult(pc->pg)))
		PQclear(res);
}

/* The next result of the pipeline, and the NULL that ends it. */
static PGresult *
next_result(PGconn *pg)
{
	PGresult *res = PQgetResult(pg), *end;

	while ((end = PQgetResult(pg)))
		PQclear(end);
	return res;
}

/*
 * Send s in the pipeline (after a read's cj_read_tenant, if it opens it): its
 * answer is read, with every other sent statement's, at the first step of
 * any of them (collect).  0, or <0 when libpq could not send.
 */
static int
pipe_send(struct pg_stmt *s, struct cj_error *err)
{
	struct pg_conn *pc = s->conn;
	const char *tenant[1] = { pc->tenant };
	const char *const *params = (const char *const *)s->params;
	int ok = 1;

	if (pc->committing || pc->nsent == PIPE_MAX)
		settle(pc);
	if (!pc->nsent) {
		ok = PQenterPipelineMode(pc->pg);
		if (pc->begun) {
			pc->begun = 0;
			pc->implicit = 1;
		}
		pc->sent_begin = pc->implicit;
		if (ok && pc->implicit)
			ok =
			    PQsendQueryPrepared(pc->pg, "cj_read_tenant", 1, tenant, NULL, NULL, 0);
	}
	if (ok)
		ok = s->prep ? PQsendQueryPrepared(pc->pg, s->prep->name, s->nparams, params,
		                                   s->lengths, s->formats, 0)
		             : PQsendQueryParams(pc->pg, s->rewritten, s->nparams, NULL, params,
		                                 s->lengths, s->formats, 0);
	if (!ok) {
		int rc = translate(NULL, pc->pg, err);

		/* what was sent is read and dropped; s is answered with the failure */
		if (pc->nsent)
			collect(pc);
		else
			PQexitPipelineMode(pc->pg);
		s->ran = 1;
		s->nrows = 0;
		return rc;
	}
	s->queued = 1;
	pc->sent[pc->nsent++] = s;
	return 0;
}

/*
 * Read the pipeline's answers into its statements, in the order sent.  A
 * failed BEGIN or tenant setting is the first statement's answer; the
 * statements after a failure are answered "aborted" by PostgreSQL.
 */
static void
collect(struct pg_conn *pc)
{
	PGresult *res, *first_bad = NULL;
	int n = pc->nsent;

	pc->nsent = 0;
	cj_db_count_round_trip();
	if (!PQpipelineSync(pc->pg)) {
		for (int i = 0; i < n; i++) {
			if (!pc->sent[i])
				continue;
			pc->sent[i]->queued = 0;
			pc->sent[i]->got = 1;
			pc->sent[i]->res = NULL;
		}
		PQexitPipelineMode(pc->pg);
		return;
	}
	for (int i = 0; pc->sent_begin && i < 1; i++) {
		ExecStatusType st;

		res = next_result(pc->pg);
		st = PQresultStatus(res);
		if (!first_bad && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			first_bad = res;
		else
			PQclear(res);
	}
	for (int i = 0; i < n; i++) {
		struct pg_stmt *s = pc->sent[i];

		res = next_result(pc->pg);
		if (!s) { /* a tenant's switch (pipe_switch): a failure aborts what follows */
			PQclear(res);
			continue;
		}
		if (i == 0 && first_bad) {
			PQclear(res);
			res = first_bad;
		}
		s->queued = 0;
		s->got = 1;
		s->res = res;
	}
	while ((res = PQgetResult(pc->pg)) && PQresultStatus(res) != PGRES_PIPELINE_SYNC)
		PQclear(res);
	PQclear(res);
	PQexitPipelineMode(pc->pg);
}

static int send_begun(struct pg_conn *pc, struct cj_error *err);

/*
 * A read's pipeline moves to pc->tenant mid-way: cj_read_tenant again, in
 * the same implicit transaction, its answer skipped (a NULL in sent); the
 * statements sent after it run in the new tenant, and a failure of it
 * aborts them.  With nothing sent, the next pipeline opens in pc->tenant.
 */
static int
pipe_switch(struct pg_conn *pc, struct cj_error *err)
{
	const char *tenant[1] = { pc->tenant };

	if (pc->nsent == PIPE_MAX)
		settle(pc);
	if (!pc->nsent)
		return 0;
	if (!PQsendQueryPrepared(pc->pg, "cj_read_tenant", 1, tenant, NULL, NULL, 0)) {
		int rc = translate(NULL, pc->pg, err);

		collect(pc);
		return rc;
	}
	pc->sent[pc->nsent++] = NULL;
	return 0;
}

static int
pg_exec_script(struct cj_conn *c, const char *sql, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	PGresult *res;
	ExecStatusType st;
	int rc;

	settle(pc);
	if ((rc = send_begun(pc, err)) < 0)
		return rc;
	cj_db_count_round_trip();
	res = PQexec(pc->pg, sql);
	st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = translate(res, pc->pg, err);
	PQclear(res);
	return rc;
}

static void
pg_close(struct cj_conn *c)
{
	struct pg_conn *pc = (struct pg_conn *)c;

	if (!pc)
		return;
	settle(pc);
	for (int i = 0; i < pc->ncache; i++)
		free(pc->cache[i].sql);
	PQfinish(pc->pg);
	cj_pg_watch_put(pc->watch);
	free(pc);
}

static void
quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/*
 * The search tokens are cut and compared by character (migration 0011), and
 * names are Chinese: refuse a database whose encoding is not UTF-8 rather
 * than find nothing (docs/deploy.md).
 */
static int
check_encoding(PGconn *pg, struct cj_error *err)
{
	const char *v = PQparameterStatus(pg, "server_encoding");
	char msg[160];

	if (v && !strcmp(v, "UTF8"))
		return 0;
	snprintf(msg, sizeof(msg), "the database's encoding is %s; Chanjiao needs UTF8",
	         v ? v : "unknown");
	return cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", msg);
}

/*
 * A read's tenant and read-only setting, prepared once on the connection:
 * it opens every pipeline of a read (pipe_send), parsed and planned once.
 */
static int
prepare_read(struct pg_conn *pc, struct cj_error *err)
{
	PGresult *res;
	int rc;

	cj_db_count_round_trip();
	res = PQprepare(pc->pg, "cj_read_tenant",
	                "SELECT set_config('app.tenant_id', $1, true),"
	                " set_config('transaction_read_only', 'on', true)",
	                0, NULL);
	rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : translate(res, pc->pg, err);

	PQclear(res);
	return rc;
}

static int
pg_open(const char *uri, struct cj_conn **out, struct cj_error *err)
{
	struct pg_conn *pc = cj_xcalloc(1, sizeof(*pc));
	int rc;

	pc->base.drv = &cj_db_pg;
	*out = NULL;
	pc->pg = PQconnectdb(uri);
	if (PQstatus(pc->pg) != CONNECTION_OK) {
		cj_error_setarg(err, CJ_EINTERNAL, CJ_M_INTERNAL, "db", PQerrorMessage(pc->pg));
		pg_close((struct cj_conn *)pc);
		return -CJ_EINTERNAL;
	}
	PQsetNoticeReceiver(pc->pg, quiet, NULL);
	rc = pg_exec_script((struct cj_conn *)pc,
	                    "SET client_encoding = 'UTF8'; SET lock_timeout = '15s';"
	                    " SET statement_timeout = '60s'; SET client_min_messages = warning",
	                    err);
	if (rc == 0)
		rc = check_encoding(pc->pg, err);
	if (rc == 0)
		rc = prepare_read(pc, err);
	if (rc < 0) {
		pg_close((struct cj_conn *)pc);
		return rc;
	}
	pc->watch = cj_pg_watch_get(uri);
	*out = (struct cj_conn *)pc;
	return 0;
}

/*
 * The search index: a range of search_tokens (migration 0011), the query
 * cut to the tokens' 8 characters (a UTF-8 lead byte starts each), so that
 * the btree of (tenant, entity, token) answers it under row-level security.
 */
static char *
pg_search_pattern(int64_t tenant_id, const char *entity, const char *folded)
{
	size_t n = 0, chars = 0;
	char *q;

	(void)tenant_id;
	(void)entity;
	for (; folded[n]; n++)
		if (((unsigned char)folded[n] & 0xC0) != 0x80 && ++chars > CJ_PG_TOKEN_MAX)
			break;
	q = cj_xmalloc(n + 1);
	memcpy(q, folded, n);
	q[n] = '\0';
	return q;
}

/* BEGIN (or BEGIN READ ONLY) and the tenant's setting now, in one round trip: two
 * statements of one simple query. */
static int
begin_now(struct pg_conn *pc, const char *begin, const char *tenant, struct cj_error *err)
{
	char sql[120];
	PGresult *res;
	int rc = 0;

	snprintf(sql, sizeof(sql), "%s; SELECT set_config('app.tenant_id', '%s', true)", begin,
	         tenant);
	cj_db_count_round_trip();
	res = PQexec(pc->pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = translate(res, pc->pg, err);
	PQclear(res);
	return rc;
}

/* A read's transaction begun now, on its own, for what cannot go in a pipeline. */
static int
send_begun(struct pg_conn *pc, struct cj_error *err)
{
	if (!pc->begun && !pc->implicit)
		return 0;
	pc->begun = pc->implicit = 0;
	return begin_now(pc, "BEGIN READ ONLY", pc->tenant, err);
}

/* A read transaction in tenant ("" none): nothing sent until its first statement. */
static void
begin_read(struct pg_conn *pc, int64_t tenant_id)
{
	pc->begun = pc->reading = 1;
	if (tenant_id)
		snprintf(pc->tenant, sizeof(pc->tenant), "%lld", (long long)tenant_id);
	else
		pc->tenant[0] = '\0';
}

static int
pg_begin(struct cj_conn *c, enum cj_tx_mode mode, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;

	settle(pc);
	if (!(mode & CJ_TX_WRITE)) {
		begin_read(pc, 0);
		return 0;
	}
	return pg_exec_script(c, "BEGIN", err);
}

/*
 * A write of pc's has committed: the stamp moves here at once, and other
 * processes' with the notification that follows (store/pg-watch.h), sent
 * before the write answers.  A notification that fails is not the write's
 * failure: the checks that stand elsewhere end with their bound in time.
 */
static void
changed(struct pg_conn *pc)
{
	cj_pg_watch_moved(pc->watch);
	cj_db_count_round_trip();
	PQclear(PQexec(pc->pg, cj_pg_watch_notify_sql(pc->watch)));
	/* a notification that failed half-way leaves no transaction open */
	if (PQtransactionStatus(pc->pg) != PQTRANS_IDLE)
		PQclear(PQexec(pc->pg, "ROLLBACK"));
}

/* Whether a statement run on its own, answered res, wrote (its command's tag says so). */
static int
wrote_alone(const PGresult *res)
{
	static const char *const tags[] = { "INSERT", "UPDATE", "DELETE", "MERGE", "COPY" };
	const char *tag = PQcmdStatus((PGresult *)res);

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (!strncmp(tag, tags[i], strlen(tags[i])))
			return 1;
	return 0;
}

static uint64_t
pg_stamp(struct cj_conn *c)
{
	return cj_pg_watch_stamp(((struct pg_conn *)c)->watch);
}

static int
pg_commit(struct cj_conn *c, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	PGresult *res;
	int rc = 0;

	settle(pc);
	if (pc->reading) {
		/* Nothing was sent, or pipelines (committed at their end), or a read's COMMIT:
		 * its answer is read at the next use. */
		pc->reading = 0;
		if (pc->begun || pc->implicit) {
			pc->begun = pc->implicit = 0;
			return 0;
		}
		if (PQsendQuery(pc->pg, "COMMIT")) {
			pc->committing = 1;
			return 0;
		}
		return translate(NULL, pc->pg, err);
	}
	cj_db_count_round_trip();
	res = PQexec(pc->pg, "COMMIT");
	/* A COMMIT of a failed transaction answers ROLLBACK: that is no commit. */
	if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "COMMIT"))
		rc = PQresultStatus(res) != PGRES_COMMAND_OK
		         ? translate(res, pc->pg, err)
		         : cj_error_set(err, CJ_EBUSY, CJ_M_BUSY, NULL);
	PQclear(res);
	/* a COMMIT whose answer was lost may have committed: the stamp moves whatever came */
	if (rc == 0)
		changed(pc);
	else
		cj_pg_watch_moved(pc->watch);
	return rc;
}

static void
pg_rollback(struct cj_conn *c)
{
	struct pg_conn *pc = (struct pg_conn *)c;

	settle(pc);
	pc->begun = pc->implicit = pc->reading = 0;
	if (PQtransactionStatus(pc->pg) != PQTRANS_IDLE) {
		cj_db_count_round_trip();
		PQclear(PQexec(pc->pg, "ROLLBACK"));
	}
}

static int
pg_set_tenant(struct cj_conn *c, int64_t tenant_id, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	int local;
	char num[24];
	const char *params[2] = { num, NULL };
	PGresult *res;
	int rc;

	if (pc->implicit && pc->nsent) {
		/* a read whose pipeline is open: what it sends next runs in the new tenant */
		snprintf(pc->tenant, sizeof(pc->tenant), "%lld", (long long)tenant_id);
		return pipe_switch(pc, err);
	}
	settle(pc);
	if (pc->begun || pc->implicit) {
		/* a read: its next pipelines open in the new tenant */
		begin_read(pc, tenant_id);
		pc->begun = !pc->implicit;
		return 0;
	}
	if ((rc = send_begun(pc, err)) < 0)
		return rc;
	local = PQtransactionStatus(pc->pg) == PQTRANS_INTRANS;
	params[1] = local ? "true" : "false";
	snprintf(num, sizeof(num), "%lld", (long long)tenant_id);
	cj_db_count_round_trip();
	res = PQexecParams(pc->pg, "SELECT set_config('app.tenant_id', $1, $2::boolean)", 2, NULL,
	                   params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = translate(res, pc->pg, err);
	PQclear(res);
	return rc;
}

/* BEGIN and the tenant's setting: a write's in one round trip (two statements of one simple
 * query), a read's with its first statement (pipe_send). */
static int
pg_begin_tenant(struct cj_conn *c, enum cj_tx_mode mode, int64_t tenant_id, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	char num[24];

	settle(pc);
	if (!(mode & CJ_TX_WRITE)) {
		begin_read(pc, tenant_id);
		return 0;
	}
	snprintf(num, sizeof(num), "%lld", (long long)tenant_id);
	return begin_now(pc, "BEGIN", num, err);
}

static int
pg_sync_ids(struct cj_conn *c, const char *table, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	const char *params[1] = { table };
	char sql[400];
	PGresult *res;
	int rc;

	settle(pc);
	if ((rc = send_begun(pc, err)) < 0)
		return rc;
	/* Only tables with an identity "id"; the table name comes from the store's own list. */
	cj_db_count_round_trip();
	res = PQexecParams(pc->pg,
	                   "SELECT 1 FROM information_schema.columns WHERE table_schema ="
	                   " current_schema() AND table_name = $1 AND column_name = 'id'"
	                   " AND is_identity = 'YES'",
	                   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = translate(res, pc->pg, err);
	else if (PQntuples(res) == 1) {
		PQclear(res);
		snprintf(sql, sizeof(sql),
		         "SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST("
		         "nextval(pg_get_serial_sequence($1, 'id')),"
		         " (SELECT coalesce(max(id), 0) + 1 FROM %s)), false)",
		         table);
		cj_db_count_round_trip();
		res = PQexecParams(pc->pg, sql, 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = translate(res, pc->pg, err);
	}
	PQclear(res);
	return rc;
}

/* "?" to "$n", outside quoted strings and identifiers; returns the count. */
static char *
rewrite(const char *sql, int *n)
{
	struct cj_sbuf sb = CJ_SBUF_INIT;
	char quote = 0;

	*n = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			cj_sbuf_addch(&sb, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			cj_sbuf_addch(&sb, *p);
		} else if (*p == '?') {
			cj_sbuf_addf(&sb, "$%d", ++*n);
		} else {
			cj_sbuf_addch(&sb, *p);
		}
	}
	return cj_sbuf_detach(&sb);
}

static int
pg_prepare(struct cj_conn *c, const char *sql, struct cj_stmt **out, struct cj_error *err)
{
	struct pg_conn *pc = (struct pg_conn *)c;
	struct pg_stmt *s = cj_xcalloc(1, sizeof(*s));
	struct pg_prepared *prep = NULL;

	uint64_t hash = cj_fnv1a(CJ_FNV1A_INIT, sql, strlen(sql));

	s->base.drv = &cj_db_pg;
	s->conn = pc;
	for (int i = 0; i < pc->ncache && !prep; i++)
		if (pc->cache[i].hash == hash && !strcmp(pc->cache[i].sql, sql))
			prep = &pc->cache[i];
	/* A statement prepared before runs by its name: its text is not rewritten again. */
	if (prep)
		s->nparams = prep->nparams;
	else
		s->rewritten = rewrite(sql, &s->nparams);
	s->params = cj_xcalloc((size_t)s->nparams + 1, sizeof(char *));
	if (!prep && pc->ncache < CACHE_MAX) {
		PGresult *res;

		settle(pc);
		prep = &pc->cache[pc->ncache];
		snprintf(prep->name, sizeof(prep->name), "cj%d", pc->next++);
		cj_db_count_round_trip();
		res = PQprepare(pc->pg, prep->name, s->rewritten, s->nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			int rc = translate(res, pc->pg, err);

			PQclear(res);
			free(s->rewritten);
			free(s->params);
			free(s);
			*out = NULL;
			return rc;
		}
		PQclear(res);
		prep->sql = cj_xstrdup(sql);
		prep->hash = hash;
		prep->nparams = s->nparams;
		pc->ncache++;
	}
	s->prep = prep;
	*out = (struct cj_stmt *)s;
	return 0;
}

static void
set_param(struct cj_stmt *st, int i, char *v)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (i < 1 || i > s->nparams)
		CJ_BUG("bind %d of %d", i, s->nparams);
	free(s->params[i - 1]);
	s->params[i - 1] = v;
	if (s->formats)
		s->formats[i - 1] = 0, s->lengths[i - 1] = 0;
}

static void
pg_bind_int(struct cj_stmt *st, int i, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set_param(st, i, cj_xstrdup(buf));
}

static void
pg_bind_text(struct cj_stmt *st, int i, const char *v)
{
	set_param(st, i, v ? cj_xstrdup(v) : NULL);
}

static void
pg_bind_null(struct cj_stmt *st, int i)
{
	set_param(st, i, NULL);
}

/* Bytes travel in binary format: no escaping, no doubling in size. */
static void
pg_bind_blob(struct cj_stmt *st, int i, const void *p, size_t n)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	char *copy = cj_xmalloc(n ? n : 1);

	if (n > INT32_MAX)
		CJ_BUG("blob of %zu bytes", n);
	memcpy(copy, p, n);
	set_param(st, i, copy);
	if (!s->formats) {
		s->formats = cj_xcalloc((size_t)s->nparams + 1, sizeof(int));
		s->lengths = cj_xcalloc((size_t)s->nparams + 1, sizeof(int));
	}
	s->formats[i - 1] = 1;
	s->lengths[i - 1] = (int)n;
}

static int
pg_step(struct cj_stmt *st, struct cj_error *err)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (!s->ran) {
		ExecStatusType rst;
		int alone = 0; /* run on its own: its own transaction */

		/* A read's statement opens a pipeline (with the read's tenant) or joins the one
		 * open, as does one stepped while others wait in it; one sent is read with the
		 * others sent. */
		if (!s->queued && !s->got &&
		    (s->conn->begun || s->conn->implicit || s->conn->nsent)) {
			int rc = pipe_send(s, err);

			if (rc < 0)
				return rc;
		}
		if (s->queued)
			collect(s->conn);
		s->ran = 1;
		if (s->got) {
			s->got = 0;
		} else {
			settle(s->conn);
			alone = PQtransactionStatus(s->conn->pg) == PQTRANS_IDLE;
			cj_db_count_round_trip();
			s->res = s->prep ? PQexecPrepared(s->conn->pg, s->prep->name, s->nparams,
			                                  (const char *const *)s->params,
			                                  s->lengths, s->formats, 0)
			                 : PQexecParams(s->conn->pg, s->rewritten, s->nparams, NULL,
			                                (const char *const *)s->params, s->lengths,
			                                s->formats, 0);
		}
		rst = PQresultStatus(s->res);
		if (rst != PGRES_TUPLES_OK && rst != PGRES_COMMAND_OK)
			return translate(s->res, s->conn->pg, err);
		if (alone && wrote_alone(s->res))
			changed(s->conn);
		s->nrows = rst == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->row = -1;
	}
	if (s->row + 1 >= s->nrows)
		return 0;
	s->row++;
	return 1;
}

/* The driver's send (db.h): s goes into the pipeline now, its answer read at its step. */
static int
pg_send(struct cj_stmt *st, struct cj_error *err)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (s->ran || s->queued || s->got)
		return 0;
	return pipe_send(s, err);
}

static int
pg_column_count(struct cj_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return s->res ? PQnfields(s->res) : 0;
}

static const char *
pg_column_name(struct cj_stmt *st, int i)
{
	return PQfname(((struct pg_stmt *)st)->res, i);
}

static int
pg_column_is_null(struct cj_stmt *st, int i)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return PQgetisnull(s->res, s->row, i);
}

static const char *
pg_column_text(struct cj_stmt *st, int i)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	return PQgetisnull(s->res, s->row, i) ? NULL : PQgetvalue(s->res, s->row, i);
}

static int64_t
pg_column_int(struct cj_stmt *st, int i)
{
	const char *v = pg_column_text(st, i);

	if (!v)
		return 0;
	/* Booleans come back as t/f; the schema keeps them as integers, but be kind. */
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

/* A bytea column comes as text ("\x..." hex), unescaped into memory the statement owns. */
static const void *
pg_column_blob(struct cj_stmt *st, int i, size_t *n)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	const char *v = pg_column_text(st, i);

	*n = 0;
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = v ? PQunescapeBytea((const unsigned char *)v, n) : NULL;
	return s->blob;
}

static void
pg_reset(struct cj_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (s->queued)
		collect(s->conn);
	s->got = 0;
	for (int i = 0; i < s->nparams; i++)
		set_param(st, i + 1, NULL);
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = NULL;
	PQclear(s->res);
	s->res = NULL;
	s->ran = 0;
}

static void
pg_finalize(struct cj_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;

	if (s->queued)
		collect(s->conn);
	s->got = 0;
	for (int i = 0; i < s->nparams; i++)
		free(s->params[i]);
	free(s->params);
	free(s->lengths);
	free(s->formats);
	if (s->blob)
		PQfreemem(s->blob);
	free(s->rewritten);
	PQclear(s->res);
	free(s);
}

const struct cj_db_driver cj_db_pg = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.set_tenant = pg_set_tenant,
	.begin_tenant = pg_begin_tenant,
	.sync_ids = pg_sync_ids,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.send = pg_send,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_is_null = pg_column_is_null,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.finalize = pg_finalize,
	.generic_plans_sql = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)",
	.reset = pg_reset,
	.next_id_sql = "SELECT nextval(pg_get_serial_sequence('%s', 'id'))",
	.next_ids_sql = "SELECT nextval(pg_get_serial_sequence('%s', 'id')) AS id"
	                " FROM generate_series(1, %d) ORDER BY 1",
	/* The tokens from the (cut) query on, below it with U+10FFFF appended; the row checks
	 * a query longer than the cut (its 4th bind). */
	.search_sql = "SELECT s.record_id FROM (SELECT ?::text COLLATE \"C\" AS lo) q"
	              " JOIN search_tokens t ON t.token >= q.lo AND t.token < q.lo || U&'\\+10FFFF'"
	              " JOIN search_index s ON s.tenant_id = t.tenant_id AND s.id = t.index_id"
	              " WHERE t.tenant_id = ? AND t.entity = ?"
	              " AND strpos(s.names || s.pinyin || s.initials, ' ' || ?) > 0",
	.search_pattern = pg_search_pattern,
	.stamp = pg_stamp,
};

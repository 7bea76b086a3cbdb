"""t21xx: the tamper-evident audit log: a keyed hash chain per college, its heads, `chanjiao audit
verify`, append-only triggers, the chaining of existing rows by migration 0007, concurrent writers
and `chanjiao move` (both backends; the move on PostgreSQL only).

Tampering is done behind the server's back with the database's own client, as its owner would:
`sqlite3` on the file (dropping the triggers first), `psql` as the server's role on PostgreSQL
(disabling the triggers, which the owner of the table may)."""

import concurrent.futures
import os
import re
import subprocess

from fx import API, new_enterprise
from lib import DEMO_PASSWORD, Client, check, eq, expect, test

PG = os.environ.get("CJ_TEST_PG")


def sql(ctx, db, script, tenant=None):
    """Run SQL on db with its command-line client: (returncode, rows, stderr).  On PostgreSQL the
    tenant (a college code) is set for row-level security first, inside one transaction."""
    if ctx.pg:
        if tenant:
            script = ("BEGIN; SELECT set_config('app.tenant_id', (SELECT id FROM tenants WHERE code = '%s')::text,"
                      " true) \\g /dev/null\n%s;\nCOMMIT;" % (tenant, script))
        cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", db]
    else:
        cmd = ["sqlite3", "-bail", db]
    p = subprocess.run(cmd, input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    rows = [line.split("|") for line in p.stdout.decode().splitlines() if line]
    return p.returncode, rows, p.stderr.decode("utf-8", "replace")


def sql_ok(ctx, db, script, tenant=None):
    rc, rows, err = sql(ctx, db, script, tenant)
    check(rc == 0, "SQL failed (%s): %s" % (script[:120], err[-400:]))
    return rows


def verify(ctx, db, *args):
    p = subprocess.run([ctx.binary, "audit", "verify", "--db", db] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300, cwd=ctx.tmp)
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def verify_ok(ctx, db, what, *args):
    rc, out = verify(ctx, db, *args)
    eq(rc, 0, "audit verify %s: %s" % (what, out[-600:]))
    return out


def verify_broken(ctx, db, row_id, what, *args):
    """Exit 1, naming the college and the first row that does not match."""
    rc, out = verify(ctx, db, *args)
    eq(rc, 1, "audit verify %s: %s" % (what, out[-600:]))
    check(re.search(r"college jxjsxy, row id %d\b" % row_id, out),
          "audit verify %s does not name row %d of jxjsxy: %s" % (what, row_id, out[-600:]))
    return out


def disable_triggers(ctx):
    """What the owner of the database can do behind the server's back."""
    if ctx.pg:
        return ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;"
                " ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate")
    return "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete"


def college_rows(ctx, db):
    """Ids of the demo college's audit rows, in order."""
    return [int(r[0]) for r in sql_ok(ctx, db, "SELECT a.id FROM audit_log a JOIN tenants t ON t.id = a.tenant_id"
                                      " WHERE t.code = 'jxjsxy' ORDER BY a.id", "jxjsxy")]


@test("t2101", "audit verify: a fresh demo college's chain is intact; a row altered with the SQL client → exit 1 naming it")
def t_altered(ctx):
    db = ctx.new_db()
    out = verify_ok(ctx, db, "of the demo")
    check(re.search(r"jxjsxy\s+\d+ rows\s+intact", out), "no intact line for jxjsxy: %s" % out)
    ids = college_rows(ctx, db)
    check(len(ids) > 100, "the demo's audit rows: %d" % len(ids))
    verify_ok(ctx, db, "of one college", "--tenant", "jxjsxy")
    rc, out = verify(ctx, db, "--tenant", "nosuchcollege")
    eq(rc, 1, "audit verify of an unknown college: %s" % out)
    # an altered image, then (on a copy of the state) an altered user name
    victim = ids[len(ids) // 2]
    sql_ok(ctx, db, "%s; UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = %d"
           % (disable_triggers(ctx), victim), "jxjsxy")
    verify_broken(ctx, db, victim, "after an altered row")
    verify_broken(ctx, db, victim, "of the college after an altered row", "--tenant", "jxjsxy")
    # the other college still verifies on its own
    verify_ok(ctx, db, "of the platform", "--tenant", "platform")


@test("t2102", "audit verify: a row deleted in the middle → exit 1 naming the row after it")
def t_deleted_middle(ctx):
    db = ctx.new_db()
    ids = college_rows(ctx, db)
    victim = ids[len(ids) // 3]
    sql_ok(ctx, db, "%s; DELETE FROM audit_log WHERE id = %d" % (disable_triggers(ctx), victim), "jxjsxy")
    verify_broken(ctx, db, ids[ids.index(victim) + 1], "after a deleted row")


@test("t2103", "audit verify: rows cut off the end, with or without the head put back → exit 1")
def t_deleted_tail(ctx):
    db = ctx.new_db()
    ids = college_rows(ctx, db)
    # the last two rows go: the chain alone still holds, its head does not
    sql_ok(ctx, db, "%s; DELETE FROM audit_log WHERE id IN (%d, %d)" % (disable_triggers(ctx), ids[-1], ids[-2]),
           "jxjsxy")
    verify_broken(ctx, db, ids[-3], "after the last rows were deleted")
    # the head made to agree with the shortened chain: its MAC, keyed outside the database, does not
    sql_ok(ctx, db, "UPDATE audit_heads SET n = n - 2, last_hash = (SELECT row_hash FROM audit_log WHERE id = %d)"
           " WHERE tenant_id = (SELECT id FROM tenants WHERE code = 'jxjsxy')" % ids[-3], "jxjsxy")
    out = verify_broken(ctx, db, ids[-3], "after the head was made to agree")
    check("head" in out, "the head is not blamed: %s" % out)
    # the whole log and its head gone: a college without a chain
    sql_ok(ctx, db, "DELETE FROM audit_heads WHERE tenant_id = (SELECT id FROM tenants WHERE code = 'jxjsxy');"
           " DELETE FROM audit_log WHERE tenant_id = (SELECT id FROM tenants WHERE code = 'jxjsxy')", "jxjsxy")
    rc, out = verify(ctx, db, "--tenant", "jxjsxy")
    eq(rc, 1, "audit verify of a college whose log is gone: %s" % out)


@test("t2104", "append-only: the server's role cannot UPDATE, DELETE or TRUNCATE audit rows; no route writes them")
def t_append_only(ctx):
    s = ctx.start_server()
    db = s.db
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    new_enterprise(c)
    ids = college_rows(ctx, db)
    for what, stmt in (("UPDATE", "UPDATE audit_log SET username = 'x' WHERE id = %d" % ids[5]),
                       ("UPDATE of a hash", "UPDATE audit_log SET row_hash = 'x' WHERE id = %d" % ids[5]),
                       ("DELETE", "DELETE FROM audit_log WHERE id = %d" % ids[-1])):
        rc, _, err = sql(ctx, db, stmt, "jxjsxy")
        check(rc != 0 and "append-only" in err, "%s of an audit row as the server's role: rc %d %s" % (what, rc, err[-300:]))
    if ctx.pg:
        rc, _, err = sql(ctx, db, "TRUNCATE audit_log", "jxjsxy")
        check(rc != 0 and "append-only" in err, "TRUNCATE as the server's role: rc %d %s" % (rc, err[-300:]))
    eq(college_rows(ctx, db), ids, "audit rows after the refused writes")
    # the API has no route that writes the log
    for method in ("PATCH", "PUT", "DELETE", "POST"):
        for path in (API + "/audit", "%s/audit/%d" % (API, ids[5])):
            r = c.request(method, path, body=b"{}", ctype="application/json")
            check(r.status in (404, 405), "%s %s: %s" % (method, path, r.short()))
    # a college removed empty drops its whole chain (head first); every remaining chain verifies
    root = Client(s.base)
    root.login("platform", "root", DEMO_PASSWORD)
    r = root.post(API + "/tenants", json={"code": "gone%s" % os.getpid(), "name": "将删除学院", "kind": "higher_vocational",
                                          "region_code": "330100"})
    expect(r, 201)
    expect(root.delete("%s/tenants/%d" % (API, r.json["id"])), 204)
    verify_ok(ctx, db, "after a college was removed")
    eq(college_rows(ctx, db), ids, "the demo college's rows after another college was removed")


@test("t2105", "concurrent writers of one college chain in commit order without a fork; the log verifies")
def t_concurrent(ctx):
    s = ctx.start_server()
    clients = []
    for _ in range(6):
        c = Client(s.base)
        c.login("jxjsxy", "admin", DEMO_PASSWORD)
        clients.append(c)
    before = len(college_rows(ctx, s.db))

    def work(i):
        c = clients[i % len(clients)]
        e = new_enterprise(c)
        r = c.patch("%s/enterprises/%d" % (API, e["id"]), json={"remark": "r%d" % i}, version=1)
        return r.status

    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        statuses = list(ex.map(work, range(30)))
    eq(statuses, [200] * 30, "statuses of the concurrent writes")
    rows = sql_ok(ctx, s.db, "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM audit_log a"
                  " JOIN tenants t ON t.id = a.tenant_id WHERE t.code = 'jxjsxy'", "jxjsxy")
    n, distinct, lo, hi = (int(x) for x in rows[-1])
    eq(n, before + 60, "audit rows after 60 writes")
    eq((distinct, lo, hi), (n, 1, n), "seq of the college's rows: 1..n, each once")
    verify_ok(ctx, s.db, "after concurrent writes")


@test("t2106", "migration 0007 chains the rows of a database made before it, once; new writes follow")
def t_migration(ctx):
    db = ctx.new_db()
    n = len(college_rows(ctx, db))
    # back to the schema before 0007: no chain columns, no heads, no triggers
    if ctx.pg:
        undo = ("DROP TRIGGER audit_log_append_only ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log;"
                " DROP FUNCTION audit_log_append_only(); DROP TABLE audit_heads; DROP INDEX audit_chain;"
                " ALTER TABLE audit_log DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN row_hash;")
    else:
        undo = ("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TABLE audit_heads;"
                " DROP INDEX audit_chain; ALTER TABLE audit_log DROP COLUMN seq;"
                " ALTER TABLE audit_log DROP COLUMN prev_hash; ALTER TABLE audit_log DROP COLUMN row_hash;")
    sql_ok(ctx, db, undo + " DELETE FROM schema_migrations WHERE name = '0007_audit_chain.sql'")
    p = subprocess.run([ctx.binary, "migrate", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, cwd=ctx.tmp)
    eq(p.returncode, 0, "migrate: %s" % p.stderr[-400:])
    rows = sql_ok(ctx, db, "SELECT count(*), count(row_hash), max(seq) FROM audit_log a JOIN tenants t"
                  " ON t.id = a.tenant_id WHERE t.code = 'jxjsxy'", "jxjsxy")
    eq([int(x) for x in rows[-1]], [n, n, n], "rows, hashed rows and the last seq after the migration")
    verify_ok(ctx, db, "after the migration")
    s = ctx.start_server(db=db)
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    new_enterprise(c)
    verify_ok(ctx, db, "after a write on the migrated database")
    eq(len(college_rows(ctx, db)), n + 1, "rows after one more write")


if PG:

    @test("t2107", "chanjiao move: the moved log verifies in the target; a tampered source log is not moved")
    def t_move(ctx):
        d = os.path.join(ctx.tmp, "t2107")
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "college.db")
        p = subprocess.run([ctx.binary, "demo", "--db", src, "--key-file", src + ".key"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
        eq(p.returncode, 0, "demo into the SQLite file")

        def move(to):
            return subprocess.run([ctx.binary, "move", "--from", src, "--to", to, "--tenant", "jxjsxy"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, cwd=ctx.tmp)

        dst = ctx.empty_db()
        p = move(dst)
        eq(p.returncode, 0, "move: %s" % p.stderr[-400:])
        verify_ok(ctx, dst, "of the target after the move")
        n = len(college_rows(ctx, dst))
        # the moved chain goes on in the target
        s = ctx.start_server(db=dst)
        c = Client(s.base)
        c.login("jxjsxy", "admin", DEMO_PASSWORD)
        new_enterprise(c)
        verify_ok(ctx, dst, "of the target after a write")
        eq(len(college_rows(ctx, dst)), n + 1, "rows after one more write")
        # a source whose log was altered behind its back is refused, and the target is left as it was
        con = subprocess.run(["sqlite3", "-bail", src, "DROP TRIGGER audit_log_no_update;"
                              " UPDATE audit_log SET username = 'forged' WHERE id = 20"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        eq(con.returncode, 0, "tampering with the source: %r" % con.stderr)
        dst2 = ctx.empty_db()
        p = move(dst2)
        eq(p.returncode, 1, "move of a tampered log: %s" % p.stderr[-400:])
        check(b"audit" in p.stderr and b"row 20" in p.stderr, "the move's error: %r" % p.stderr[-400:])
        eq(psql_count(dst2), "0", "colleges named jxjsxy in the target after the refused move")

    def psql_count(url):
        p = subprocess.run(["psql", "-X", "-q", "-At", url, "-c", "SELECT count(*) FROM tenants WHERE code = 'jxjsxy'"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        return p.stdout.decode().strip()

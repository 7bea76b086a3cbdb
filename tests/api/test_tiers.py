"""t13xx: the city and province tier: several servers on one database (both backends), and on
PostgreSQL the catalog rules (Citus co-location), row-level security and `chanjiao move`."""

import concurrent.futures
import os
import subprocess

from fx import API, new_enterprise
from lib import DEMO_PASSWORD, Client, check, eq, expect, test, uniq

PG = os.environ.get("CJ_TEST_PG")


@test("t1301", "two servers on one database: a session from one works on the other; one write wins")
def t_two_servers(ctx):
    a = ctx.start_server()
    b = ctx.start_server(db=a.db)
    ca = Client(a.base)
    ca.login("jxjsxy", "admin", DEMO_PASSWORD)
    # the same cookie and CSRF token on the other process
    cb = Client(b.base)
    cb.cookies, cb.csrf = dict(ca.cookies), ca.csrf
    r = cb.get(API + "/session")
    expect(r, 200)
    eq(r.json["user"]["username"], "admin", "user seen by the second server")
    e = new_enterprise(ca)
    # both write the same record at the same version: exactly one 200, one 409, nothing lost
    def patch(args):
        client, remark = args
        return client.patch("%s/enterprises/%d" % (API, e["id"]), json={"remark": remark}, version=1)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        rs = list(ex.map(patch, [(ca, "from a"), (cb, "from b")]))
    statuses = sorted(r.status for r in rs)
    eq(statuses, [200, 409], "statuses of the two racing writes")
    loser = [r for r in rs if r.status == 409][0]
    eq(loser.json["error"]["code"], "version_conflict", "the loser's error")
    winner = [r for r in rs if r.status == 200][0]
    g = cb.get("%s/enterprises/%d" % (API, e["id"]))
    eq((g.json["remark"], g.json["version"]), (winner.json["remark"], 2), "the winner's write")
    # logout on one kills the session on the other at once
    expect(cb.delete(API + "/session"), 204)
    expect(ca.get(API + "/session"), 401, "unauthenticated")


def psql(url, sql):
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise AssertionError("psql: %s" % p.stderr.decode("utf-8", "replace")[-600:])
    return [line.split("|") for line in p.stdout.decode().splitlines() if line]


# Tables without tenant_id: the platform's own.
GLOBAL_TABLES = {"tenants", "schema_migrations", "pii_key"}

if PG:

    @test("t1302", "catalog: every tenant table has tenant_id in its primary key and foreign keys")
    def t_catalog(ctx):
        url = ctx.main.db
        tables = [r[0] for r in psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        check(len(tables) >= 15, "too few tables: %r" % tables)
        problems = []
        for t in tables:
            cols = [r[0] for r in psql(url, "SELECT attname FROM pg_attribute WHERE attrelid = '%s'::regclass AND attnum > 0 AND NOT attisdropped" % t)]
            if t in GLOBAL_TABLES:
                check("tenant_id" not in cols, "%s is listed global but has tenant_id" % t)
                continue
            if "tenant_id" not in cols:
                problems.append("%s has no tenant_id" % t)
                continue
            pk = psql(url, "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) WHERE c.conrelid = '%s'::regclass AND c.contype = 'p'" % t)
            if ["tenant_id"] not in pk:
                problems.append("%s: primary key %r lacks tenant_id" % (t, pk))
            fks = psql(url, "SELECT c.conname, c.confrelid::regclass::text, (SELECT string_agg(a.attname, ',') FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)) FROM pg_constraint c WHERE c.conrelid = '%s'::regclass AND c.contype = 'f'" % t)
            for name, target, fcols in fks:
                if target in GLOBAL_TABLES:
                    continue
                if "tenant_id" not in fcols.split(","):
                    problems.append("%s: foreign key %s to %s on (%s) lacks tenant_id" % (t, name, target, fcols))
            rls = psql(url, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = '%s'::regclass" % t)
            if rls != [["t", "t"]]:
                problems.append("%s: row-level security not enabled and forced (%r)" % (t, rls))
            # one policy of isolation on every table; a bureau's read of its region's
            # chain heads (migration 0013) is the one addition, for SELECT only
            pol = psql(url, "SELECT policyname, cmd FROM pg_policies WHERE tablename = '%s'"
                            " ORDER BY policyname" % t)
            want = [["region_heads", "SELECT"]] if t == "audit_heads" else []
            if pol != want + [["tenant_isolation", "ALL"]]:
                problems.append("%s: %r policies" % (t, pol))
        check(not problems, "; ".join(problems))

    @test("t1303", "row-level security: the server's role cannot bypass it; no tenant set sees nothing")
    def t_rls(ctx):
        url = ctx.main.db
        role = psql(url, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        eq(role, [["f", "f"]], "the server role's superuser and bypassrls")
        eq(psql(url, "SELECT count(*) FROM enterprises"), [["0"]], "enterprises seen with no tenant set")
        tid = psql(url, "SELECT id FROM tenants WHERE code = 'jxjsxy'")[0][0]
        n = psql(url, "BEGIN; SELECT set_config('app.tenant_id', '%s', true); SELECT count(*) FROM enterprises; COMMIT" % tid)
        check(int(n[-1][0]) >= 20, "the demo college's enterprises with its tenant set: %r" % n)
        other = psql(url, "BEGIN; SELECT set_config('app.tenant_id', '999999', true); SELECT count(*) FROM carriers; COMMIT")
        eq(other[-1], ["0"], "carriers seen as another tenant")
        # writing a row for another tenant than the one set is refused by the policy
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c",
                            "BEGIN; SELECT set_config('app.tenant_id', '999999', true);"
                            " INSERT INTO departments (tenant_id, name, created_at, updated_at)"
                            " VALUES (%s, 'x', 'x', 'x'); COMMIT" % tid],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        check(p.returncode != 0 and b"row-level security" in p.stderr, "insert across tenants: %r" % p.stderr[-300:])
        # audit chain heads: a college reads its own, a bureau those of its region's colleges
        def heads(code):
            return sorted(r[0] for r in psql(
                url, "BEGIN; SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants"
                     " WHERE code = '%s'), true); SELECT t.code FROM audit_heads h JOIN tenants t"
                     " ON t.id = h.tenant_id; COMMIT" % code)[1:])
        eq(heads("jxjsxy"), ["jxjsxy"], "the chain heads a college reads")
        got = heads("jxjyj")
        check("jxjsxy" in got and "jxzy" in got and "phjg" in got, "a bureau reads its region's heads: %r" % got)
        for code in got:
            rc = psql(url, "SELECT region_code, kind FROM tenants WHERE code = '%s'" % code)[0]
            check(code == "jxjyj" or (rc[0].startswith("3304") and rc[1] not in ("platform", "bureau")),
                  "a bureau of 330400 reads the head of %s (%r)" % (code, rc))

    def move(ctx, src, dst, code="jxjsxy"):
        return subprocess.run([ctx.binary, "move", "--from", src, "--to", dst, "--tenant", code],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, cwd=ctx.tmp)

    @test("t1304", "chanjiao move: a college's SQLite file into PostgreSQL, counts and checksums agree")
    def t_move(ctx):
        # a SQLite college with some more records than the demo
        d = os.path.join(ctx.tmp, "move-src")
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "college.db")
        key = src + ".key"  # the SQLite college's own key, not the shared database's
        p = subprocess.run([ctx.binary, "demo", "--db", src, "--key-file", key], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        eq(p.returncode, 0, "demo into the SQLite file")
        s = ctx.start_server(db=src, extra=["--key-file", key])
        c = Client(s.base)
        c.login("jxjsxy", "admin", DEMO_PASSWORD)
        e = new_enterprise(c, contact_phone="13912345678")
        # an uploaded file: its bytes must cross as bytes
        blob = b"%PDF-1.4\n% move me \x00\xff\x80 intact\n%%EOF\n"
        body = (b"--XmoveX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"move.pdf\"\r\n"
                b"Content-Type: application/pdf\r\n\r\n" + blob + b"\r\n--XmoveX--\r\n")
        r = c.request("POST", API + "/attachments", body=body, ctype="multipart/form-data; boundary=XmoveX")
        expect(r, 201, what="upload before the move")
        att = r.json
        s.stop()
        dst = ctx.empty_db()
        # the target must exist with its schema: migrate it, then move
        p = subprocess.run([ctx.binary, "migrate", "--db", dst], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        eq(p.returncode, 0, "migrate the target: %r" % p.stderr[-300:])
        p = move(ctx, src, dst)
        eq(p.returncode, 0, "move exit status: %s" % p.stderr.decode("utf-8", "replace")[-500:])
        out = p.stdout.decode()
        check("enterprises" in out and "carriers" in out, "move report: %r" % out[:400])
        # serve the target: the college, its records, its personal information (re-sealed), its audit
        t = ctx.start_server(db=dst)
        c = Client(t.base)
        c.login("jxjsxy", "admin", DEMO_PASSWORD)
        eq(c.get(API + "/carriers?kind=training_base").json["total"], 10, "training bases after the move")
        g = c.get("%s/enterprises/%d" % (API, e["id"]))
        expect(g, 200)
        eq(g.json["name"], e["name"], "the moved enterprise, same id")
        eq(c.get("%s/enterprises/%d/pii" % (API, e["id"])).json["contact_phone"], "13912345678", "phone after re-sealing")
        got = c.get("%s/attachments/%d/content" % (API, att["id"]))
        expect(got, 200)
        eq(got.body, blob, "the uploaded file after the move")
        # every table of the college came along: the same row count on both sides
        import sqlite3
        con = sqlite3.connect(src)
        sid = con.execute("SELECT id FROM tenants WHERE code = 'jxjsxy'").fetchone()[0]
        # (not the full-text index, a virtual table whose tokenizer only chanjiao knows; its rows are
        # search_index's, which the target fills by itself)
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")
                  if any(col[1] == "tenant_id" for col in con.execute("PRAGMA table_info(%s)" % t))]
        skip = {"sessions", "login_failures"}  # logins do not move
        # the target's audit log also has the move and the full view of the phone above
        tid = psql(dst, "SELECT id FROM tenants WHERE code = 'jxjsxy'")[0][0]
        for t in sorted(set(tables) - skip):
            n_src = con.execute("SELECT count(*) FROM %s WHERE tenant_id = ?" % t, (sid,)).fetchone()[0]
            n_dst = int(psql(dst, "BEGIN; SELECT set_config('app.tenant_id', '%s', true); SELECT count(*) FROM %s; COMMIT" % (tid, t))[-1][0])
            eq(n_dst, n_src + (2 if t == "audit_log" else 0), "rows of %s after the move" % t)
        con.close()
        audit = c.get(API + "/audit?entity=tenant")
        check(any(a["action"] == "move" for a in audit.json["items"]), "no move row in the audit log: %r" % audit.json["items"][:3])
        # a new record gets an id above the moved ones
        e2 = new_enterprise(c)
        check(e2["id"] > e["id"], "new id %d not above moved id %d" % (e2["id"], e["id"]))
        # a second move of the same code is refused and changes nothing
        n = psql(dst, "SELECT count(*) FROM tenants")
        p = move(ctx, src, dst)
        eq(p.returncode, 1, "second move exit status")
        check(b"code" in p.stderr, "second move message: %r" % p.stderr)
        eq(psql(dst, "SELECT count(*) FROM tenants"), n, "tenants after the refused move")

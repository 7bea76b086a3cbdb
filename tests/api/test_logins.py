"""t19xx: logins, passwords and sessions: throttling per user and address, no write lock through
argon2, no user-name oracle in the timing, the password policy, the first-login change, session
lifetimes, the purge of dead rows, the login log."""

import concurrent.futures
import datetime
import http.client
import os
import statistics
import subprocess
import threading
import time

from fx import API, q
from lib import DEMO_PASSWORD, Client, check, eq, expect, test, uniq


class From(Client):
    """A client whose connections leave from a given local address (all of 127.0.0.0/8 is the
    loopback on Linux): the server sees another client address."""

    def __init__(self, base, addr, **kw):
        super().__init__(base, **kw)
        self.addr = addr

    def _connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                          source_address=(self.addr, 0))


def login_from(base, addr, username, password, tenant="jxjsxy"):
    c = From(base, addr)
    return c, c.login(tenant, username, password, check=False)


def new_user(admin, password="Start-pass-1", role="staff", **kw):
    name = uniq("lg").replace("-", "_").lower()
    body = {"username": name, "password": password, "role": role}
    body.update(kw)
    r = admin.post(API + "/users", json=body)
    expect(r, 201, what="user " + name)
    return r.json


def sql(ctx, db, statement, tenant_code=None):
    """Run one statement on a server's database (SQLite file or PostgreSQL URL): its rows.
    tenant_code sets the PostgreSQL row-level-security tenant for the statement."""
    if ctx.pg:
        if tenant_code:
            statement = ("BEGIN; SELECT set_config('app.tenant_id', (SELECT id FROM tenants WHERE code = '%s')"
                         "::text, true) \\g /dev/null\n%s;\nCOMMIT;" % (tenant_code, statement))
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", db],
                           input=statement.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        check(p.returncode == 0, "psql: %s" % p.stderr.decode("utf-8", "replace")[-600:])
        return [line.split("|") for line in p.stdout.decode().splitlines() if line and line != "COMMIT"]
    import sqlite3

    con = sqlite3.connect(db, timeout=30)
    try:
        rows = [[str(x) for x in r] for r in con.execute(statement).fetchall()]
        con.commit()
    finally:
        con.close()
    return rows


def cli_user_add(ctx, db, username, password, role="staff"):
    return subprocess.run([ctx.binary, "user", "add", "--db", db, "--tenant", "jxjsxy", "--username", username,
                           "--role", role], input=(password + "\n").encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=ctx.tmp, timeout=120)


@test("t1901", "ten wrong passwords from one address: 429 there with a growing Retry-After; the user logs in from another")
def t_throttle_user_addr(ctx):
    s = ctx.start_server()
    statuses, waits = [], []
    for i in range(10):
        _, r = login_from(s.base, "127.0.0.2", "admin", "wrong-pass-%d" % i)
        check(r.status in (401, 429), "attempt %d: %s" % (i, r.short()))
        statuses.append(r.status)
        if r.status == 429:
            expect(r, 429, "too_many_requests")
            check(r.headers.get("retry-after", "").isdigit(), "429 without Retry-After: %r" % r.headers)
    # from the attacking address even the right password waits
    _, r = login_from(s.base, "127.0.0.2", "admin", DEMO_PASSWORD)
    wrong_addr = r
    # the real user, from another address, is not stopped
    c, r = login_from(s.base, "127.0.0.3", "admin", DEMO_PASSWORD)
    expect(r, 200, what="admin from another address after ten failures elsewhere")
    expect(c.get(API + "/enterprises"), 200)
    eq(statuses[:5], [401] * 5, "the first five failures")
    check(429 in statuses, "ten failures in a row never throttled: %r" % statuses)
    r = wrong_addr
    expect(r, 429, "too_many_requests", what="right password from the throttled address")
    w1 = int(r.headers["retry-after"])
    check(1 <= w1 <= 900, "Retry-After %r" % w1)
    # the delay grows (2, 4, 8 s ...): wait each out, fail once more, look at the next wait
    s2 = ctx.start_server()
    for i in range(5):
        expect(login_from(s2.base, "127.0.0.4", "zhoubb", "wrong-%d" % i)[1], 401)
    waits = []
    for i in range(8):
        r = login_from(s2.base, "127.0.0.4", "zhoubb", "wrong-again-%d" % i)[1]
        if r.status == 401:
            continue
        expect(r, 429, "too_many_requests")
        waits.append(int(r.headers["retry-after"]))
        if len(waits) == 3:
            break
        time.sleep(waits[-1] + 0.2)
    eq(len(waits), 3, "throttled answers")
    check(waits[2] > waits[0], "the delay did not grow: %r" % waits)


@test("t1902", "failures across many user names from one address throttle that address only")
def t_throttle_addr(ctx):
    s = ctx.start_server()

    def spray(i):
        return login_from(s.base, "127.0.0.5", "nobody_%d" % i, "wrong-pass-1")[1].status

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        seen = list(ex.map(spray, range(50)))
    check(all(x == 401 for x in seen), "the free failures: %r" % sorted(set(seen)))
    r = login_from(s.base, "127.0.0.5", "admin", DEMO_PASSWORD)[1]
    expect(r, 429, "too_many_requests", what="admin from the spraying address")
    check(r.headers.get("retry-after", "").isdigit(), "no Retry-After")
    expect(login_from(s.base, "127.0.0.6", "admin", DEMO_PASSWORD)[1], 200, what="admin from another address")


@test("t1903", "logins do not hold the write lock through argon2: writes stay fast while 4 clients log in")
def t_login_lock(ctx):
    s = ctx.start_server()
    # A connection per request: a kept-alive one stays on one of the server's threads and waits
    # behind whatever that thread runs (a login's argon2 too); this test measures the database.
    a = Client(s.base)
    a.login("jxjsxy", "admin", DEMO_PASSWORD)
    prefix = uniq("锁系")

    def timed(fn):
        t0 = time.monotonic()
        r = fn()
        return time.monotonic() - t0, r

    def writes(tag, n=20):
        out = []
        for i in range(n):
            dt, r = timed(lambda: a.post(API + "/departments", json={"name": "%s-%s-%d" % (prefix, tag, i)}))
            expect(r, 201)
            out.append(dt)
            time.sleep(0.05)
        return out

    base_w = writes("base")
    stop = threading.Event()
    login_t = []

    def login_loop(k):
        addr = "127.0.1.%d" % (k + 1)
        while not stop.is_set():
            dt, (_, r) = timed(lambda: login_from(s.base, addr, "admin", DEMO_PASSWORD))
            check(r.status == 200, "login under load: %s" % r.short())
            login_t.append(dt)

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        futs = [ex.submit(login_loop, k) for k in range(4)]
        time.sleep(0.5)
        try:
            load_w = writes("load")
            load_r = []
            for _ in range(10):
                dt, r = timed(lambda: a.get(API + "/departments?size=1"))
                expect(r, 200)
                load_r.append(dt)
                time.sleep(0.05)
        finally:
            stop.set()
        for f in futs:
            f.result()
    mb, ml, mr = statistics.median(base_w), statistics.median(load_w), statistics.median(load_r)
    check(len(login_t) >= 4, "the login clients did not run: %d logins" % len(login_t))
    mlogin = statistics.median(login_t)
    print("# t1903: writes alone (ms): %s" % " ".join("%.0f" % (x * 1000) for x in base_w))
    print("# t1903: writes during logins (ms): %s" % " ".join("%.0f" % (x * 1000) for x in load_w))
    print("# t1903: %d logins, median %.0f ms; write median %.1f ms alone, %.1f ms during logins (max %.1f ms); "
          "read median %.1f ms during logins" % (len(login_t), mlogin * 1000, mb * 1000, ml * 1000,
                                                 max(load_w) * 1000, mr * 1000))
    # Bounds relative to what this machine does now: a write that waited for a login's password check would
    # take about as long as the login itself; short commits of the logins cost a write a few busy waits.
    check(ml < max(5 * max(mb, mr), 0.25 * mlogin),
          "write median %.3f s during logins vs %.3f s alone, reads %.3f s, logins %.3f s" % (ml, mb, mr, mlogin))
    check(max(load_w) < min(2.0, max(1.5 * mlogin, 0.5)), "slowest write during logins %.3f s (logins %.3f s)"
          % (max(load_w), mlogin))


@test("t1904", "an unknown user takes as long to refuse as a known user's wrong password")
def t_login_timing(ctx):
    a = ctx.admin
    inactive = new_user(a, password="Gone-pass-1")
    expect(a.patch("%s/users/%d" % (API, inactive["id"]), json={"active": False}, version=inactive["version"]), 200)
    known, unknown, off = [], [], []
    for i in range(5):
        for who, out in (("zhoubb", known), ("nobody_%s" % uniq("x").replace("-", "_"), unknown),
                         (inactive["username"], off)):
            c = From(ctx.base, "127.0.0.7")
            t0 = time.monotonic()
            r = c.login("jxjsxy", who, "wrong-pass-%d" % i, check=False)
            out.append(time.monotonic() - t0)
            expect(r, 401, "unauthenticated", what=who)
    mk, mu, mo = statistics.median(known), statistics.median(unknown), statistics.median(off)
    print("# t1904: median refusal: known user %.1f ms, unknown %.1f ms, inactive %.1f ms" % (mk * 1000, mu * 1000,
                                                                                            mo * 1000))
    check(mu >= 0.5 * mk, "unknown user refused in %.1f ms, known in %.1f ms" % (mu * 1000, mk * 1000))
    check(mo >= 0.5 * mk, "inactive user refused in %.1f ms, known in %.1f ms" % (mo * 1000, mk * 1000))


@test("t1905", "password policy: 8+ characters, letters and digits, not the user name (API, tenant, CLI, change)")
def t_password_policy(ctx):
    a = ctx.admin
    U = API + "/users"
    name = uniq("pp").replace("-", "_").lower()
    weak = ("abcdefgh", "12345678", "abc1234", "Pass-" + name + "-9", "ABCDEFG-", "")
    for pw in weak:
        r = a.post(U, json={"username": name, "password": pw, "role": "staff"})
        expect(r, 400, "invalid_argument", "password", what=repr(pw))
    expect(a.get(API + "/users?" + q({"q": name})), 200)
    eq(a.get(API + "/users?" + q({"q": name})).json["total"], 0, "users created with a weak password")
    for pw in ("abcd1234", "密码密码密码12", "Long-enough-1"):
        u = new_user(a, password=pw)
        check(u["must_change_password"] is True, "must_change_password of a new user: %r" % u)
    u = new_user(a)
    uu = "%s/users/%d" % (API, u["id"])
    expect(a.patch(uu, json={"password": "onlyletters"}, version=u["version"]), 400, "invalid_argument", "password")
    expect(a.patch(uu, json={"password": "x" + u["username"].upper() + "1"}, version=u["version"]), 400,
           "invalid_argument", "password")
    # a college's first administrator
    root = ctx.as_("root")
    code = "pp" + uniq("")[-6:].replace("-", "")
    body = {"code": code, "name": "口令学院" + code, "kind": "higher_vocational", "region_code": "330100",
            "admin_username": "chief", "admin_password": "chief-pass-1"}
    expect(root.post(API + "/tenants", json=body), 400, "invalid_argument", "admin_password")
    body["admin_password"] = "nodigitshere"
    expect(root.post(API + "/tenants", json=body), 400, "invalid_argument", "admin_password")
    # chanjiao user add
    s = ctx.start_server()
    p = cli_user_add(ctx, s.db, "cliweak", "password")
    check(p.returncode != 0, "user add accepted a password without digits")
    check(b"password" in p.stderr, "user add's message: %r" % p.stderr[-300:])
    p = cli_user_add(ctx, s.db, "cliweak", "cliweak-123")
    check(p.returncode != 0, "user add accepted a password containing the user name")
    p = cli_user_add(ctx, s.db, "clistrong", "Strong-pass-1")
    eq(p.returncode, 0, "user add with a good password: %r" % p.stderr[-300:])
    # the change of one's own password
    c = Client(ctx.base)
    c.login("jxjsxy", u["username"], "Start-pass-1")
    for pw in ("short1", "lettersonly", "123456789", u["username"] + "1"):
        expect(c.post(API + "/session/password", json={"old_password": "Start-pass-1", "new_password": pw}), 400,
               "invalid_argument", "new_password", what=repr(pw))
    expect(c.post(API + "/session/password", json={"old_password": "Start-pass-1", "new_password": "Start-pass-1"}),
           400, "invalid_argument", "new_password", what="the same password")


@test("t1906", "a password an administrator gave must be changed at the first login; 403 until then")
def t_first_login(ctx):
    a = ctx.admin
    u = new_user(a)
    c = Client(ctx.base)
    r = c.login("jxjsxy", u["username"], "Start-pass-1")
    eq(r.json.get("must_change_password"), True, "must_change_password at the first login")
    other = Client(ctx.base)
    other.login("jxjsxy", u["username"], "Start-pass-1")
    for path in ("/enterprises", "/carriers", "/departments"):
        expect(c.get(API + path), 403, "password_change_required", what=path)
    expect(c.post(API + "/carriers", json={"name": "x"}), 403, "password_change_required")
    r = c.get(API + "/session")
    expect(r, 200)
    eq(r.json["must_change_password"], True, "GET /session")
    P = API + "/session/password"
    expect(c.post(P, json={"old_password": "Start-pass-1", "new_password": "Own-pass-2"}, csrf=False), 403,
           "csrf_failed")
    expect(c.post(P, json={"old_password": "Wrong-pass-1", "new_password": "Own-pass-2"}), 400, "invalid_argument",
           "old_password")
    expect(c.post(P, json={"old_password": "Start-pass-1"}), 400, "invalid_argument", "new_password")
    expect(c.post(P, json={"old_password": "Start-pass-1", "new_password": "Own-pass-2", "x": 1}), 400,
           "invalid_argument", "x")
    expect(Client(ctx.base).post(P, json={"old_password": "Start-pass-1", "new_password": "Own-pass-2"}), 401,
           "unauthenticated")
    r = c.post(P, json={"old_password": "Start-pass-1", "new_password": "Own-pass-2"})
    expect(r, 200)
    eq(r.json["must_change_password"], False, "after the change")
    expect(c.get(API + "/enterprises"), 200, what="this session after the change")
    expect(other.get(API + "/session"), 401, "unauthenticated", what="the user's other session")
    expect(Client(ctx.base).login("jxjsxy", u["username"], "Start-pass-1", check=False), 401, "unauthenticated")
    r = Client(ctx.base).login("jxjsxy", u["username"], "Own-pass-2")
    eq(r.json["must_change_password"], False, "the next login")
    r = a.get("%s/users/%d" % (API, u["id"]))
    eq(r.json["must_change_password"], False, "the record after the change")
    # an administrator's reset: changed again at the next login
    r = a.patch("%s/users/%d" % (API, u["id"]), json={"password": "Reset-pass-3"}, version=r.json["version"])
    expect(r, 200)
    eq(Client(ctx.base).login("jxjsxy", u["username"], "Reset-pass-3").json["must_change_password"], True,
       "after an administrator's reset")
    # an administrator who sets their own password through the user page need not change it again
    boss = new_user(a, role="school_admin")
    bc = ctx.client(boss["username"], password="Start-pass-1")  # changes the first password
    me = bc.get("%s/users/%d" % (API, boss["id"])).json
    expect(bc.patch("%s/users/%d" % (API, boss["id"]), json={"password": "Self-pass-4"}, version=me["version"]), 200)
    eq(Client(ctx.base).login("jxjsxy", boss["username"], "Self-pass-4").json["must_change_password"], False,
       "after setting one's own password")
    # the demo's users, and a college's first administrator
    for who in ("admin", "zhoubb"):
        eq(Client(ctx.base).login("jxjsxy", who, DEMO_PASSWORD).json["must_change_password"], False, who)
    root = ctx.as_("root")
    code = "fl" + uniq("")[-6:].replace("-", "")
    expect(root.post(API + "/tenants", json={"code": code, "name": "首登学院" + code, "kind": "higher_vocational",
                                             "region_code": "330100", "admin_username": "chief",
                                             "admin_password": "First-pass-1"}), 201)
    b = Client(ctx.base)
    eq(b.login(code, "chief", "First-pass-1").json["must_change_password"], True, "a college's first admin")
    expect(b.get(API + "/users"), 403, "password_change_required")
    # chanjiao user add
    s = ctx.start_server()
    p = cli_user_add(ctx, s.db, "cliuser", "Cli-pass-1")
    eq(p.returncode, 0, "user add: %r" % p.stderr[-300:])
    c = Client(s.base)
    eq(c.login("jxjsxy", "cliuser", "Cli-pass-1").json["must_change_password"], True, "a user of user add")
    expect(c.get(API + "/enterprises"), 403, "password_change_required")
    expect(c.post(API + "/session/password", json={"old_password": "Cli-pass-1", "new_password": "Cli-pass-2"}), 200)
    expect(c.get(API + "/enterprises"), 200)


@test("t1907", "--session-idle ends an unused session; --session-max ends a used one; 12 hours at most")
def t_lifetimes(ctx):
    s = ctx.start_server(["--session-idle", "60", "--session-max", "5"])
    c = ctx.client("admin", base=s.base)
    for _ in range(2):
        time.sleep(1.0)
        expect(c.get(API + "/session"), 200, what="a session in use")
    time.sleep(4.2)
    expect(c.get(API + "/session"), 401, "unauthenticated", what="past --session-max though in use")
    s = ctx.start_server(["--session-idle", "2"])
    c = ctx.client("admin", base=s.base)
    for _ in range(3):
        time.sleep(1.0)
        expect(c.get(API + "/session"), 200, what="a session in use")
    time.sleep(3.2)
    expect(c.get(API + "/enterprises"), 401, "unauthenticated", what="idle past --session-idle")
    for bad in (["--session-max", "43201"], ["--session-idle", "0"], ["--session-idle", "43201"],
                ["--session-ttl", "5", "--session-idle", "5"]):
        p = subprocess.run([ctx.binary, "serve", "--db", s.db, "--listen", "127.0.0.1:0"] + bad,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ctx.tmp, timeout=30)
        eq(p.returncode, 2, "serve %s: %r" % (" ".join(bad), p.stderr[-300:]))
    h = subprocess.run([ctx.binary, "serve", "--help"], stdout=subprocess.PIPE, timeout=30).stdout.decode()
    check("--session-idle" in h and "1800" in h and "--session-max" in h and "43200" in h, "serve --help: %s" % h)
    check("--session-ttl" in h and "old name of --session-idle" in h, "serve --help on --session-ttl: %s" % h)


@test("t1908", "expired login failures and dead sessions are purged")
def t_purge(ctx):
    s = ctx.start_server(["--session-ttl", "600"])  # the old name of --session-idle
    now = int(time.time())
    uid = sql(ctx, s.db, "SELECT id FROM users WHERE username = 'admin' AND tenant_id = (SELECT id FROM tenants "
                         "WHERE code = 'jxjsxy')", "jxjsxy")[0][0]
    tid = sql(ctx, s.db, "SELECT id FROM tenants WHERE code = 'jxjsxy'")[0][0]
    sql(ctx, s.db, "INSERT INTO login_failures (tenant_id, username, at) VALUES (%s, 'ghost', %d)" % (tid, now - 2000),
        "jxjsxy")
    # idle for 2000 s; and one in use but with no start time (older than any lifetime)
    for tag, last_seen in (("idle", now - 2000), ("old", now)):
        sql(ctx, s.db, "INSERT INTO sessions (tenant_id, token_hash, user_id, csrf_token, created_at, last_seen) "
                       "VALUES (%s, 'dead-%s', %s, 'x', '2020-01-01T00:00:00Z', %d)" % (tid, tag, uid, last_seen),
            "jxjsxy")
    count = ("SELECT (SELECT count(*) FROM login_failures WHERE username = 'ghost'), (SELECT count(*) FROM "
             "sessions WHERE token_hash LIKE 'dead-%')")
    eq(sql(ctx, s.db, count, "jxjsxy"), [["1", "2"]], "rows before")
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    eq(sql(ctx, s.db, count, "jxjsxy"), [["0", "0"]], "expired failure and dead sessions after a login")
    expect(c.get(API + "/session"), 200, what="the live session")


@test("t1909", "the login log: logins, failures, throttling, logouts and changes; filters; school_admin only")
def t_login_log(ctx):
    a = ctx.admin
    u = new_user(a)
    addr = "127.0.0.9"
    expect(login_from(ctx.base, addr, u["username"], "Wrong-pass-1")[1], 401)
    expect(login_from(ctx.base, addr, "nobody_" + u["username"], "Wrong-pass-1")[1], 401)
    c, r = login_from(ctx.base, addr, u["username"], "Start-pass-1")
    expect(r, 200)
    expect(c.post(API + "/session/password", json={"old_password": "Start-pass-1", "new_password": "Own-pass-9"}),
           200)
    expect(c.delete(API + "/session"), 204)
    r = a.get(API + "/login-log?" + q({"username": u["username"], "sort": "id", "size": 50}))
    expect(r, 200)
    rows = r.json["items"]
    eq([x["result"] for x in rows], ["failure", "success", "password_changed", "logout"], "results in order")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    for x in rows:
        eq((x["username"], x["tenant_code"], x["client_addr"]), (u["username"], "jxjsxy", addr), "row %r" % x)
        check(x["at"].startswith(str(today)[:4]) and x["at"].endswith("Z"), "at %r" % x["at"])
    eq(rows[0]["user_id"], None, "user_id of a failure")
    eq(rows[1]["user_id"], u["id"], "user_id of a success")
    eq(r.json["total"], 4, "total")
    r = a.get(API + "/login-log?" + q({"username": "nobody_" + u["username"]}))
    eq([x["result"] for x in r.json["items"]], ["failure"], "an unknown user's failure")
    r = a.get(API + "/login-log?" + q({"username": u["username"], "result": "success"}))
    eq(r.json["total"], 1, "result=success")
    day = str(today)
    eq(a.get(API + "/login-log?" + q({"username": u["username"], "from": day, "to": day})).json["total"], 4, "today")
    eq(a.get(API + "/login-log?" + q({"username": u["username"], "to": str(today - datetime.timedelta(days=1))}))
       .json["total"], 0, "to yesterday")
    eq(a.get(API + "/login-log?" + q({"username": u["username"], "from": str(today + datetime.timedelta(days=1))}))
       .json["total"], 0, "from tomorrow")
    r = a.get(API + "/login-log?" + q({"username": u["username"], "sort": "-at", "size": 2, "page": 2}))
    eq([x["result"] for x in r.json["items"]], ["success", "failure"], "page 2 of newest first")
    r = a.get(API + "/login-log?size=5")
    eq(r.json["items"][0]["id"], max(x["id"] for x in r.json["items"]), "newest first by default")
    for bad in ({"result": "nope"}, {"from": "2024-13-01"}, {"to": "yesterday"}, {"sort": "password"},
                {"nosuch": "1"}, {"size": "0"}):
        expect(a.get(API + "/login-log?" + q(bad)), 400, "invalid_argument", what=repr(bad))
    for who in ("zhoubb", "hugl", "jyj"):
        expect(ctx.as_(who).get(API + "/login-log"), 403, "forbidden", what=who)
    # the platform administrator reads the platform's own log: attempts at unknown colleges are there
    nowhere = "nocollege" + uniq("")[-6:].replace("-", "")
    expect(login_from(ctx.base, addr, u["username"], "Wrong-pass-1", tenant=nowhere)[1], 401)
    r = ctx.as_("root").get(API + "/login-log?" + q({"username": u["username"]}))
    expect(r, 200)
    eq([(x["tenant_code"], x["result"]) for x in r.json["items"]], [(nowhere, "failure")], "the platform's log")
    r = ctx.as_("t2").get(API + "/login-log?" + q({"username": u["username"]}))
    expect(r, 200)
    eq(r.json["total"], 0, "another college sees none of this college's log")
    # throttled attempts are logged too
    s = ctx.start_server()
    for i in range(12):
        if login_from(s.base, "127.0.0.10", "zhoubb", "wrong-%d" % i)[1].status == 429:
            break
    b = Client(s.base)
    b.login("jxjsxy", "admin", DEMO_PASSWORD)
    r = b.get(API + "/login-log?" + q({"username": "zhoubb", "sort": "id"}))
    res = [x["result"] for x in r.json["items"]]
    eq(res[:5], ["failure"] * 5, "failures first")
    check("throttled" in res[5:], "no throttled rows: %r" % res)

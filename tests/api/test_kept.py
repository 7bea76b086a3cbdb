"""t25xx: answers kept while a college's records stand (src/api/kept.h): ETag, 304, no-cache, and
that no write, caller or server ever gets another's or an old answer."""

import re
import threading
import time

import lib
from fx import API, get, new_department, new_enterprise
from lib import Client, check, eq, expect, test, uniq


def ok(r, status=200, what=""):
    """The response itself, its status checked."""
    expect(r, status, what=what)
    return r


def etag(r):
    return r.headers.get("etag")


def across(ctx, ask, holds):
    """What a server answers (ask()) after a change made through another server: at once on
    SQLite, whose change stamp moves with the commit; on PostgreSQL once the change's
    notification has reached it (src/store/pg-watch.h), so asked again there for up to 2 s.
    Returns the last answer; the caller checks it."""
    deadline = time.monotonic() + (2 if ctx.pg else 0)
    while True:
        r = ask()
        if holds(r) or time.monotonic() >= deadline:
            return r
        time.sleep(0.005)


@test("t2501", "a list is kept while the college stands: same bytes and ETag, 304 on If-None-Match, "
      "no-cache computes it, a search is not kept; any write of the college moves it")
def t_kept_list(ctx):
    a = ctx.admin
    e = new_enterprise(a)
    url = API + "/enterprises?industry_code=C34&size=200&sort=-id"
    r1 = ok(a.get(url))
    r2 = ok(a.get(url))
    eq(r2.body, r1.body, "the same list asked twice")
    check(etag(r1) and etag(r1) == etag(r2), "the ETag of a list asked twice: %r, %r" % (etag(r1), etag(r2)))
    eq(r1.headers.get("cache-control"), "no-store", "Cache-Control of a list (no browser keeps it on disk)")
    # If-None-Match with the ETag: 304, no body; with another: the answer
    nm = a.get(url, headers={"If-None-Match": etag(r1)})
    eq(nm.status, 304, "If-None-Match with the list's ETag")
    eq(nm.body, b"", "a 304's body")
    eq(etag(nm), etag(r1), "the ETag of a 304")
    eq(ok(a.get(url, headers={"If-None-Match": '"0000000000000000", W/"x"'})).body, r1.body,
       "If-None-Match naming other tags")
    # computed afresh: the same bytes
    eq(ok(a.get(url, headers={"Cache-Control": "no-cache"})).body, r1.body, "no-cache")
    # a search is not kept (the search index is also written by fills that move no head)
    eq(ok(a.get(API + "/enterprises?q=%E6%B5%8B%E8%AF%95&size=5")).headers.get("etag"), None,
       "the ETag of a search")

    # a write elsewhere in the college: a new ETag, the same items
    new_department(a)
    r3 = ok(a.get(url))
    check(etag(r3) != etag(r1), "the ETag after a department was added is the old one")
    eq(r3.json["items"], r1.json["items"], "the enterprises after a department was added")
    eq(a.get(url, headers={"If-None-Match": etag(r1)}).status, 200, "If-None-Match with the old ETag")

    # a write of a listed record: the next answer shows it
    first = r3.json["items"][0]
    eq(first["id"], e["id"], "the newest enterprise first")
    expect(a.patch("%s/enterprises/%d" % (API, e["id"]), json={"remark": "kept-1"}, version=first["version"]),
           200)
    eq(ok(a.get(url)).json["items"][0]["remark"], "kept-1", "the remark after the update")
    # a record created and deleted: the total moves with each
    n = r3.json["total"]
    e2 = new_enterprise(a)
    eq(ok(a.get(url)).json["total"], n + 1, "the total after a create")
    expect(a.delete("%s/enterprises/%d" % (API, e2["id"])), 204)
    eq(ok(a.get(url)).json["total"], n, "the total after a delete")


@test("t2502", "a record is kept with its own ETag (its version), which moves with an update")
def t_kept_record(ctx):
    a = ctx.admin
    e = new_enterprise(a)
    url = "%s/enterprises/%d" % (API, e["id"])
    r1, r2 = ok(a.get(url)), ok(a.get(url))
    eq(r2.body, r1.body, "a record asked twice")
    eq(etag(r1), '"%d"' % e["version"], "a record's ETag is its version")
    eq(r1.headers.get("cache-control"), "no-store", "a record's Cache-Control")
    eq(etag(r2), etag(r1), "the ETag of a record asked twice")
    ok(a.patch(url, json={"address": "浙江省嘉兴市南湖区新址路2号"}, version=e["version"]))
    r3 = ok(a.get(url))
    eq(r3.json["address"], "浙江省嘉兴市南湖区新址路2号", "the address after the update")
    eq(etag(r3), '"%d"' % (e["version"] + 1), "the ETag after the update")
    expect(a.delete(url), 204)
    expect(a.get(url), 404, "not_found", what="a deleted record, asked again")


@test("t2503", "kept answers follow the caller: an enterprise contact, staff, another college and a "
      "changed role each get their own answer to the same request")
def t_kept_callers(ctx):
    a, h, s, t2 = ctx.admin, ctx.as_("hugl"), ctx.as_("zhoubb"), ctx.as_("t2")
    url = API + "/enterprises?size=200&sort=id"
    mine = ok(a.get(url)).json
    contact = ok(h.get(url)).json
    eq([x["id"] for x in contact["items"]], [h.user["enterprise_id"]], "an enterprise contact's enterprises")
    check(mine["total"] > 1, "the administrator sees the college's enterprises")
    # the administrator's answer again, after the contact's: still the administrator's
    eq(ok(a.get(url)).json, mine, "the administrator's list after the contact's")
    # a record the administrator was answered (and kept) is still no record of the contact's
    e = new_enterprise(a)
    rec = "%s/enterprises/%d" % (API, e["id"])
    for _ in range(2):
        eq(ok(a.get(rec)).json["id"], e["id"], "the administrator's record")
    expect(h.get(rec), 404, "not_found", what="another enterprise's record asked by a contact")
    eq(ok(s.get(rec)).json["id"], e["id"], "staff's record")
    # another college: its own enterprises, never ours, and ours is a 404 there
    other = ok(t2.get(url)).json
    check(not ({x["id"] for x in other["items"]} & {x["id"] for x in mine["items"]}),
          "another college's list shares records with ours")
    expect(t2.get(rec), 404, "not_found", what="our enterprise asked by another college")
    # a role taken away: the kept answer is not served to the session any more
    b = {"username": uniq("k").replace("-", "_"), "password": "pass-word-1", "display_name": "缓存测试",
         "role": "school_admin"}
    u = ok(a.post(API + "/users", json=b), 201).json
    c = ctx.client(b["username"], password=b["password"])
    for _ in range(2):
        eq(ok(c.get(url)).json["total"], mine["total"] + 1, "a new administrator's list")
    uu = "%s/users/%d" % (API, u["id"])
    r = ok(a.patch(uu, json={"role": "enterprise_contact", "enterprise_id": h.user["enterprise_id"]},
                       version=a.get(uu).json["version"]))
    eq([x["id"] for x in ok(c.get(url)).json["items"]], [h.user["enterprise_id"]],
       "the list after the role became an enterprise contact")
    ok(a.patch(uu, json={"active": False}, version=r.json["version"]))
    expect(c.get(url), 401, "unauthenticated", what="a kept list asked by a deactivated user")


@test("t2504", "two servers on one database: a write through one shows at once in what the other kept "
      "(on PostgreSQL once its notification arrives)")
def t_kept_two_servers(ctx):
    # checks stand for ten minutes on the first server: only a change of the database ends them
    one = ctx.start_server(["--checks-stand-ms", "600000"])
    two = ctx.start_server(db=one.db)
    ca, cb = ctx.client(base=one.base), ctx.client(base=two.base)
    url = API + "/enterprises?size=5&sort=-id"
    before = ok(ca.get(url)).json
    eq(ok(ca.get(url)).json, before, "the list asked twice on the first server")
    e = new_enterprise(cb)
    after = across(ctx, lambda: ok(ca.get(url)).json, lambda j: j["total"] != before["total"])
    eq(after["total"], before["total"] + 1, "the total on the first server after a create on the second")
    eq(after["items"][0]["id"], e["id"], "the newest enterprise on the first server")
    rec = "%s/enterprises/%d" % (API, e["id"])
    v = ok(ca.get(rec)).json["version"]
    ok(cb.patch(rec, json={"remark": "from the other server"}, version=v))
    eq(across(ctx, lambda: ok(ca.get(rec)).json, lambda j: j["version"] != v)["remark"],
       "from the other server", "the record on the first server")
    eq(get(ca, "enterprises", e["id"])["version"], v + 1, "the version on the first server")


@test("t2505", "many clients of two colleges at once, each asking its kept list: each gets its own college's "
      "answer, and after a write the new one; on PostgreSQL their session checks share round trips")
def t_kept_shared(ctx):
    # checks that stand off: every kept answer's check is made, so that the share is what answers
    checked, trips, served = many_clients(ctx, ["--checks-stand-ms", "0"])
    if not ctx.pg:
        return
    check(checked >= 100, "kept answers checked: %d of %d asked" % (checked, 16 * 50))
    check(trips < checked, "%d checks in %d round trips: none shared one" % (checked, trips))
    # each check is read in its own college's tenant, also in a round trip shared with the other
    # college's: nearly all are served (a session's touch of last_seen every 30 s goes the plain way)
    check(served >= checked * 9 // 10, "only %d of %d shared checks served their kept answer" % (served, checked))


@test("t2507", "many clients of two colleges at once, with checks that stand (the default): each gets its own "
      "college's answer, and after a write the new one at once; on PostgreSQL most answers need no round trip")
def t_kept_standing(ctx):
    checked, trips, served = many_clients(ctx, [])
    if not ctx.pg:
        return
    # a check that a round trip made stands for the token's next requests, until a write
    check(checked < 16 * 50 // 2, "kept answers checked in round trips: %d of %d asked" % (checked, 16 * 50))


def many_clients(ctx, extra):
    """Sixteen clients of two colleges at once on a server started with extra, 50 kept lists
    each, a write in one college between; returns the server's count of shared checks
    (checked, round trips, served), all 0 on SQLite, which shares none."""
    srv = ctx.start_server(extra)
    a = ctx.client(base=srv.base)
    root = ctx.client("root", tenant="platform", base=srv.base)
    ok(root.post(API + "/tenants", json={"code": lib.T2_CODE, "name": "测试学院", "kind": "higher_vocational",
                                          "region_code": "330100", "admin_username": "admin",
                                          "admin_password": lib.T2_PASSWORD}), 201)
    b = ctx.client("admin", tenant=lib.T2_CODE, password=lib.T2_PASSWORD, base=srv.base)
    new_enterprise(b)
    url = API + "/enterprises?size=20&sort=id"
    want = {"a": ok(a.get(url)).body, "b": ok(b.get(url)).body}
    check(want["a"] != want["b"], "the two colleges' lists are the same")
    got, lock = [], threading.Lock()

    def clone(c):
        k = Client(srv.base, keepalive=True)
        k.cookies = dict(c.cookies)
        return k

    def many(who, c, n):
        mine = [(who, r.status, r.body) for r in (c.get(url) for _ in range(n))]
        c.close()
        with lock:
            got.extend(mine)

    def all_at_once(n):
        got.clear()
        ts = [threading.Thread(target=many, args=(w, clone(a if w == "a" else b), n))
              for w in ("a", "b") * 8]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        eq(len(got), 16 * n, "answers")
        for who, status, body in got:
            eq(status, 200, "the status of a kept list")
            check(body == want[who], "college %s was answered another list" % who)

    all_at_once(40)
    # a write in one college: every client of it then gets the new list, the other college its own
    new_enterprise(b)
    want["b"] = ok(b.get(url)).body
    all_at_once(10)
    errs = srv.stop()
    check(not errs, "the server's stop: %s" % errs)
    with open(srv.log_out, encoding="utf-8") as f:
        out = f.read()
    m = re.search(r"shared checks: (\d+) kept answers checked in (\d+) round trips, (\d+) served", out)
    if not ctx.pg:
        check(m is None, "SQLite shares no checks (they cost no round trip): %r" % out)
        return 0, 0, 0
    check(m, "no count of shared checks at the server's stop: %r" % out)
    return tuple(int(x) for x in m.groups())


@test("t2506", "two servers on one database: a session one server checked and keeps answering from stands only "
      "until the database changes: a role changed, a deactivation and a logout through the other show at once "
      "(on PostgreSQL once their notification arrives)")
def t_kept_session_two_servers(ctx):
    # checks stand for ten minutes on the first server: only a change of the database ends them
    one = ctx.start_server(["--checks-stand-ms", "600000"])
    two = ctx.start_server(db=one.db)
    admin = ctx.client(base=two.base)
    contact = ctx.as_("hugl")  # the demo's enterprise contact, for its enterprise's id
    b = {"username": uniq("k").replace("-", "_"), "password": "pass-word-1", "display_name": "测试用户",
         "role": "school_admin"}
    expect(admin.post(API + "/users", json=b), 201)
    s1 = ctx.client(b["username"], password=b["password"], base=one.base)
    url = API + "/enterprises?size=200&sort=id"
    uu = "%s/users/%d" % (API, s1.user["id"])

    def warm():
        # asked again and again: the check and the answer come from what the first server keeps
        first = ok(s1.get(url))
        for _ in range(3):
            eq(ok(s1.get(url)).body, first.body, "the list asked again on the first server")
        return first.json

    mine = warm()
    check(mine["total"] > 1, "an administrator sees the college's enterprises")
    r = expect(admin.patch(uu, json={"role": "enterprise_contact", "enterprise_id": contact.user["enterprise_id"]},
                           version=admin.get(uu).json["version"]), 200)
    mine_now = across(ctx, lambda: ok(s1.get(url)).json, lambda j: j["total"] != mine["total"])
    eq([x["id"] for x in mine_now["items"]], [contact.user["enterprise_id"]],
       "the first server's list after the role became an enterprise contact on the other")
    warm()
    expect(admin.patch(uu, json={"active": False}, version=r["version"]), 200)
    expect(across(ctx, lambda: s1.get(url), lambda r: r.status == 401), 401, "unauthenticated",
           what="a deactivated user's kept list on the first server")

    # a logout through the other server, of the same session
    s3 = ctx.client(base=one.base)
    s4 = Client(two.base)
    s4.cookies, s4.csrf = dict(s3.cookies), s3.csrf
    for _ in range(4):
        ok(s3.get(url))
    expect(s4.delete(API + "/session"), 204)
    expect(across(ctx, lambda: s3.get(url), lambda r: r.status == 401), 401, "unauthenticated",
           what="a kept list on the first server after a logout on the other")
    # and with the checks' reuse off, the same holds
    three = ctx.start_server(["--checks-stand-ms", "0"], db=one.db)
    s5 = ctx.client(base=three.base)
    for _ in range(3):
        eq(ok(s5.get(url)).json["total"], mine["total"], "the list with --checks-stand-ms 0")

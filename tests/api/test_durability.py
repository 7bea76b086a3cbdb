"""t12xx: durability: acknowledged writes survive kill -9."""

import concurrent.futures
import os
import re
import threading
import time

from fx import API, new_department, new_enterprise
from lib import DEMO_PASSWORD, Client, check, eq, expect, test, uniq


@test("t1201", "acknowledged writes survive kill -9 and a restart on the same db")
def t_kill9(ctx):
    s = ctx.start_server()
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    d = new_department(c, name=uniq("持久系"))
    e = new_enterprise(c)
    r = c.patch("%s/enterprises/%d" % (API, e["id"]), json={"remark": "after patch"}, version=1)
    expect(r, 200)
    # a burst of writes from several threads; kill right after the last acknowledgement
    def mk(i):
        c2 = Client(s.base)
        c2.cookies, c2.csrf = dict(c.cookies), c.csrf
        r = c2.post(API + "/departments", json={"name": uniq("爆发系")})
        return r.json["id"] if r.status == 201 else None
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        burst = [x for x in ex.map(mk, range(40)) if x]
    r = c.delete("%s/departments/%d" % (API, burst[0]))
    expect(r, 204)
    s.kill9()
    s2 = ctx.start_server(db=s.db)
    c = Client(s2.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    r = c.get("%s/departments/%d" % (API, d["id"]))
    expect(r, 200)
    eq(r.json["name"], d["name"], "department name after restart")
    r = c.get("%s/enterprises/%d" % (API, e["id"]))
    expect(r, 200)
    eq((r.json["remark"], r.json["version"]), ("after patch", 2), "enterprise after restart")
    missing = [i for i in burst[1:] if c.get("%s/departments/%d" % (API, i)).status != 200]
    check(not missing, "acknowledged departments lost: %r" % missing)
    expect(c.get("%s/departments/%d" % (API, burst[0])), 404, "not_found")
    # sessions survive too? not required; the old cookie either works or answers 401
    check(len(burst) == 40, "burst creates failed: %d of 40" % len(burst))


@test("t1202", "the server restarts cleanly on an existing db (no demo reload, data kept)")
def t_restart(ctx):
    s = ctx.start_server()
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    r = c.get(API + "/carriers?size=1")
    n = r.json["total"]
    d = new_department(c)
    probs = s.stop()
    check(not probs, "stop: %r" % probs)
    s2 = ctx.start_server(db=s.db)
    c = Client(s2.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    eq(c.get(API + "/carriers?size=1").json["total"], n, "carriers after restart")
    expect(c.get("%s/departments/%d" % (API, d["id"])), 200)


@test("t1203", "group commit: concurrent writes each acknowledged once durable; --no-group-commit syncs each")
def t_group_commit(ctx):
    s = ctx.start_server()
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)

    def mk(i):
        c2 = Client(s.base)
        c2.cookies, c2.csrf = dict(c.cookies), c.csrf
        r = c2.post(API + "/departments", json={"name": uniq("合并系%d" % i)})
        return (r.json["id"], r.json["name"]) if r.status == 201 else r.short()

    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        made = list(ex.map(mk, range(48)))
    bad = [m for m in made if not isinstance(m, tuple)]
    check(not bad, "writes not acknowledged: %r" % bad[:3])
    for i, name in made:
        r = c.get("%s/departments/%d" % (API, i))
        expect(r, 200)
        eq(r.json["name"], name, "department %d" % i)
    probs = s.stop()
    check(not probs, "stop: %r" % probs)
    with open(s.log_out, encoding="utf-8") as f:
        out = f.read()
    m = re.search(r"group commit: (\d+) writes, (\d+) syncs of the WAL", out)
    if ctx.pg:
        # PostgreSQL groups its own commits: the server adds nothing
        check(m is None, "a group-commit report on PostgreSQL: %r" % out[-300:])
    else:
        check(m is not None, "no group-commit report at the stop: %r" % out[-300:])
        writes, syncs = int(m.group(1)), int(m.group(2))
        check(writes >= 49, "writes counted: %d (a login and 48 departments at least)" % writes)
        check(1 <= syncs <= writes, "syncs %d for %d writes" % (syncs, writes))
    # each write syncing itself, as before: the same answers, no report
    s2 = ctx.start_server(["--no-group-commit"], db=s.db)
    c = Client(s2.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    d = new_department(c, name=uniq("逐条系"))
    expect(c.get("%s/departments/%d" % (API, d["id"])), 200)
    probs = s2.stop()
    check(not probs, "stop: %r" % probs)
    with open(s2.log_out, encoding="utf-8") as f:
        check("group commit" not in f.read(), "--no-group-commit still grouped")


@test("t1204", "group commit over HTTP: answers wait for the WAL's sync; a stop sends held answers; a failed sync stops writes")
def t_group_commit_held(ctx):
    hold = 1.5
    s = ctx.start_server(env={"CHANJIAO_TEST_SYNC": "delay:%d" % int(hold * 1000)})
    c = Client(s.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    t0 = time.monotonic()
    d = new_department(c, name=uniq("待落盘系"))
    took = time.monotonic() - t0
    if ctx.pg:
        # no group commit on PostgreSQL: the hook is not installed, nothing waits for it
        check(took < hold, "a PostgreSQL write waited %.2fs" % took)
        check("syncs are a test's" not in s.stderr_text(), "the sync hook ran on PostgreSQL")
        return
    check(took >= hold * 0.9, "the 201 came %.2fs after the request, before the held sync" % took)
    expect(c.get("%s/departments/%d" % (API, d["id"])), 200)
    # a stop while an answer is held: the answer is sent, the server exits cleanly
    got = {}

    def post():
        c2 = Client(s.base)
        c2.cookies, c2.csrf = dict(c.cookies), c.csrf
        r = c2.post(API + "/departments", json={"name": uniq("停机系")})
        got["status"], got["id"] = r.status, (r.json or {}).get("id")

    th = threading.Thread(target=post)
    th.start()
    time.sleep(0.4)
    probs = s.stop()
    th.join(15)
    check(not probs, "stop with an answer held: %r" % probs)
    eq(got.get("status"), 201, "the held answer at the stop")
    # the write is there after the restart; now every sync fails once the file exists
    flag = os.path.join(ctx.tmp, "sync-fails-%d" % s.port)
    s2 = ctx.start_server(db=s.db, env={"CHANJIAO_TEST_SYNC": "fail-if:" + flag})
    c = Client(s2.base)
    c.login("jxjsxy", "admin", DEMO_PASSWORD)
    expect(c.get("%s/departments/%d" % (API, got["id"])), 200)
    open(flag, "w").close()
    r = c.post(API + "/departments", json={"name": uniq("未落盘系")})
    expect(r, 500, "internal")
    check("磁盘" in r.json["error"]["message"], "message: %r" % r.json["error"]["message"])
    r = c.post(API + "/departments", json={"name": uniq("停写系")})
    expect(r, 500, "internal")
    check("写入已停止" in r.json["error"]["message"], "message: %r" % r.json["error"]["message"])
    expect(c.get(API + "/departments?size=5"), 200)
    check("no write is acknowledged" in s2.stderr_text(), "the failed sync was not logged")

"""t09xx: concurrency: many sessions writing at once; optimistic locking under races."""

import concurrent.futures
import random
import threading
import time

from fx import API, list_all, new_department, q
from lib import DEMO_PASSWORD, Client, check, eq, expect, new_uscc, test, uniq

THREADS = 100
DURATION = 30.0


@test("t0901", "100 sessions create and PATCH departments/enterprises for 30 s: no 5xx, nothing lost")
def t_load(ctx):
    # 100 logins (argon2id, two at a time) take a while on a loaded machine; the first
    # clients' connections must outlast the wait for the last, so idle closing (t10xx) is out of
    # this test's way.
    s = ctx.start_server(["--per-ip-limit", "1000", "--idle-timeout", "600"])
    prefix_d = uniq("并发系")
    prefix_e = uniq("并发企业")

    def login(_):
        c = Client(s.base, keepalive=True, timeout=60)
        c.login("jxjsxy", "admin", DEMO_PASSWORD)
        return c

    with concurrent.futures.ThreadPoolExecutor(32) as ex:
        clients = list(ex.map(login, range(THREADS)))

    errors = []
    err_lock = threading.Lock()
    acked = {"departments": {}, "enterprises": {}}  # id -> (name, remark, version)
    counts = {"create": 0, "patch": 0, "get": 0}
    stop = threading.Event()
    start = threading.Barrier(THREADS)

    def note(msg):
        with err_lock:
            errors.append(msg)
            if len(errors) > 50:
                stop.set()

    def worker(tid):
        c = clients[tid]
        coll = "departments" if tid % 2 == 0 else "enterprises"
        mine = {}
        n = {"create": 0, "patch": 0, "get": 0}
        start.wait()
        deadline = time.time() + DURATION
        i = 0
        while time.time() < deadline and not stop.is_set():
            i += 1
            if coll == "departments":
                body = {"name": "%s-%d-%d" % (prefix_d, tid, i), "kind": "academic"}
            else:
                body = {"name": "%s-%d-%d" % (prefix_e, tid, i), "uscc": new_uscc(), "industry_code": "C34"}
            try:
                r = c.post("%s/%s" % (API, coll), json=body)
            except Exception as e:
                note("create %s: %s: %s" % (coll, type(e).__name__, e))
                continue
            if r.status != 201:
                note("create %s: %s" % (coll, r.short(200)))
                continue
            n["create"] += 1
            rid = r.json["id"]
            mine[rid] = (body["name"], None, 1)
            # PATCH one of my records (the new one, or an older one at random)
            pid = rid if random.random() < 0.5 else random.choice(list(mine))
            name, _, ver = mine[pid]
            remark = "t%d-i%d" % (tid, i)
            try:
                r = c.patch("%s/%s/%d" % (API, coll, pid), json={"remark": remark}, version=ver)
            except Exception as e:
                note("patch %s: %s: %s" % (coll, type(e).__name__, e))
                continue
            if r.status != 200:
                note("patch %s/%d v%d: %s" % (coll, pid, ver, r.short(200)))
                continue
            n["patch"] += 1
            mine[pid] = (name, remark, r.json.get("version"))
            if i % 5 == 0:
                try:
                    r = c.get("%s/%s/%d" % (API, coll, pid))
                except Exception as e:
                    note("get: %s: %s" % (type(e).__name__, e))
                    continue
                if r.status != 200 or r.json.get("remark") != remark:
                    note("get %s/%d after patch: %s" % (coll, pid, r.short(200)))
                n["get"] += 1
        with err_lock:
            acked[coll].update(mine)
            for k in n:
                counts[k] += n[k]
        c.close()

    ths = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for t in ths:
        t.start()
    for t in ths:
        t.join(DURATION + 120)
    check(not any(t.is_alive() for t in ths), "worker threads hung")
    check(s.alive(), "server died under load: %s" % s.stderr_tail(800))
    check(not errors, "%d errors under load (creates %d, patches %d): %s"
          % (len(errors), counts["create"], counts["patch"], " | ".join(errors[:8])))
    check(counts["create"] >= THREADS, "only %d creates in %ss" % (counts["create"], DURATION))

    # every acknowledged create is there, with its last acknowledged PATCH
    admin = Client(s.base)
    admin.login("jxjsxy", "admin", DEMO_PASSWORD)
    for coll, prefix in (("departments", prefix_d), ("enterprises", prefix_e)):
        listed = list_all(admin, coll, q=prefix, sort="id")
        r = admin.get("%s/%s?%s" % (API, coll, q({"q": prefix, "size": 1})))
        expect(r, 200)
        eq(r.json["total"], len(acked[coll]), "%s total after the load" % coll)
        eq(sorted(i["id"] for i in listed), sorted(acked[coll]), "%s listed ids vs acknowledged creates" % coll)
        sample = list(acked[coll].items())  # every one of them

        tl = threading.local()

        def verify(item):
            rid, (name, remark, ver) = item
            c = getattr(tl, "c", None)
            if c is None:
                c = Client(s.base, keepalive=True)
                c.cookies = dict(admin.cookies)
                tl.c = c
            r = c.get("%s/%s/%d" % (API, coll, rid))
            if r.status != 200:
                return "GET %s/%d: %s" % (coll, rid, r.short(150))
            if (r.json.get("name"), r.json.get("remark"), r.json.get("version")) != (name, remark, ver):
                return "%s/%d is %r, expected %r" % (coll, rid, (r.json.get("name"), r.json.get("remark"),
                                                                 r.json.get("version")), (name, remark, ver))
            return None

        with concurrent.futures.ThreadPoolExecutor(32) as ex:
            bad = [x for x in ex.map(verify, sample) if x]
        check(not bad, "%d of %d records wrong after the load: %s" % (len(bad), len(sample), " | ".join(bad[:5])))
    expect(admin.get(API + "/health"), 200)
    print("#   t0901: %d creates, %d patches, %d gets in %.0fs (%.0f writes/s)"
          % (counts["create"], counts["patch"], counts["get"], DURATION, (counts["create"] + counts["patch"]) / DURATION))


def race(n, fn):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        return fn(i)

    with concurrent.futures.ThreadPoolExecutor(n) as ex:
        return list(ex.map(run, range(n)))


@test("t0902", "20 racing PATCHes with the same version: exactly one wins, the rest 409")
def t_race_patch(ctx):
    a = ctx.admin
    d = new_department(a)
    u = "%s/departments/%d" % (API, d["id"])
    rs = race(20, lambda i: a.patch(u, json={"remark": "racer-%d" % i}, version=1))
    ok = [i for i, r in enumerate(rs) if r.status == 200]
    bad = [r.short(120) for r in rs if r.status not in (200, 409)]
    check(not bad, "unexpected answers: %r" % bad[:3])
    for r in rs:
        if r.status == 409:
            expect(r, 409, "version_conflict")
    eq(len(ok), 1, "number of winners")
    r = a.get(u)
    eq((r.json["version"], r.json["remark"]), (2, "racer-%d" % ok[0]), "final state")


@test("t0903", "20 racing creates of one name / one USCC: exactly one 201, the rest 409 duplicate")
def t_race_create(ctx):
    a = ctx.admin
    name = uniq("竞争系")
    rs = race(20, lambda i: a.post(API + "/departments", json={"name": name}))
    eq(sorted(r.status for r in rs), [201] + [409] * 19, "department statuses")
    for r in rs:
        if r.status == 409:
            expect(r, 409, "duplicate", "name")
    code = new_uscc()
    rs = race(20, lambda i: a.post(API + "/enterprises", json={"name": uniq("竞争企业"), "uscc": code}))
    eq(sorted(r.status for r in rs), [201] + [409] * 19, "enterprise statuses")
    eq(a.get("%s/departments?%s" % (API, q({"q": name}))).json["total"], 1, "departments with the raced name")


@test("t0904", "racing status moves: one carrier, 10 concurrent signed->active, one wins")
def t_race_status(ctx):
    a = ctx.admin
    r = a.post(API + "/carriers", json={"kind": "order_class", "name": uniq("竞争班")})
    expect(r, 201)
    u = "%s/carriers/%d" % (API, r.json["id"])
    expect(a.patch(u, json={"status": "signed"}, version=1), 200)
    rs = race(10, lambda i: a.patch(u, json={"status": "active", "version": 2}))
    eq(sorted(r.status for r in rs), [200] + [409] * 9, "statuses")
    g = a.get(u).json
    h = [x for x in g["status_history"] if x.get("from") is not None]
    eq((g["status"], g["version"], len(h)), ("active", 3, 2), "final state")


@test("t0905", "no lost updates: 10 threads x 15 read-modify-write increments with retry on 409")
def t_counter(ctx):
    a = ctx.admin
    d = new_department(a, remark="0")
    u = "%s/departments/%d" % (API, d["id"])
    per = 15

    def worker(i):
        c = Client(ctx.base, keepalive=True)
        c.cookies, c.csrf = dict(a.cookies), a.csrf
        done = tries = 0
        while done < per and tries < 400:
            tries += 1
            g = c.get(u)
            if g.status != 200:
                return "GET %s" % g.short(100)
            n = int(g.json["remark"])
            r = c.patch(u, json={"remark": str(n + 1)}, headers={"If-Match": g.headers.get("etag")})
            if r.status == 200:
                done += 1
            elif r.status != 409 or (r.error() or {}).get("code") != "version_conflict":
                return "PATCH %s" % r.short(100)
        c.close()
        return None if done == per else "only %d increments" % done

    with concurrent.futures.ThreadPoolExecutor(10) as ex:
        errs = [x for x in ex.map(worker, range(10)) if x]
    check(not errs, "workers: %r" % errs[:3])
    g = a.get(u).json
    eq((g["remark"], g["version"]), (str(10 * per), 10 * per + 1), "counter and version")

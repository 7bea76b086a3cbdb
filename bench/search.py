#!/usr/bin/env python3
"""The search benchmark (a measurement, never pass/fail): see bench/search.sh."""
import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单安"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志文斌博宇浩然子轩梓涵一诺欣怡思远嘉豪晨阳雨欣佳怡俊杰"
PLACES = "嘉兴杭州宁波温州湖州绍兴金华衢州舟山台州丽水海宁平湖桐乡嘉善海盐上海苏州无锡常州南京长沙重庆单县"
WORDS = "智能精密机械电子科技汽车配件新材料纺织服装食品医药化工环保能源信息软件网络物流建筑装饰模具数控机器人光电通信家居印刷包装五金电器"
SUFFIX = ["有限公司", "股份有限公司", "科技有限公司", "制造有限公司", "技术服务有限公司", "集团有限公司"]


def admin_uri(db):
    """The PostgreSQL superuser's URI of the same database (scripts/pg.sh: the tables' owner is chanjiao)."""
    rest = db.split("://", 1)[1].split("@", 1)[1]
    return "postgres://postgres@" + rest


def psql(db, sql, stdin=None):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", admin_uri(db), "-c", sql],
                       input=stdin, stdout=subprocess.PIPE, check=True)
    return p.stdout.decode().strip()


class PgBatch:
    """sqlite3's executemany and execute, as far as generate and main use them, over psql (COPY)."""

    def __init__(self, db):
        self.db = db

    def execute(self, sql, args=()):
        for a in args:
            sql = sql.replace("?", "'%s'" % str(a).replace("'", "''"), 1)
        out = psql(self.db, sql)

        class R:
            def fetchone(self):
                return [int(x) if x.lstrip("-").isdigit() else x for x in out.split("|")]
        return R()

    def executemany(self, sql, rows):
        table, cols = sql.split("INTO ", 1)[1].split(" (", 1)
        cols = cols.split(")", 1)[0]
        data = "".join("\t".join(str(v) for v in r) + "\n" for r in rows)
        psql(self.db, "COPY %s (%s) FROM STDIN" % (table, cols), stdin=data.encode())

    def commit(self):
        pass

    def close(self):
        pass


def connect(db):
    return PgBatch(db) if "://" in db else sqlite3.connect(db)


def generate(db, tenant_code, n_ent, n_stu, seed=12):
    rnd = random.Random(seed)
    con = connect(db)
    tid = con.execute("SELECT id FROM tenants WHERE code = ?", (tenant_code,)).fetchone()[0]
    now = "2026-01-01T00:00:00Z"
    ents = []
    for i in range(n_ent):
        name = "%s%s%s%s%d" % (rnd.choice(PLACES[::2]) + PLACES[PLACES.index(rnd.choice(PLACES[::2])) + 1],
                               "".join(rnd.choice(WORDS) for _ in range(2)), "".join(rnd.choice(WORDS) for _ in range(2)),
                               rnd.choice(SUFFIX), i)
        ents.append((tid, name, "BENCH%013d" % i, now, now))
    con.executemany("INSERT INTO enterprises (tenant_id, name, uscc, created_at, updated_at) VALUES (?,?,?,?,?)", ents)
    batch = []
    for i in range(n_stu):
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        batch.append((tid, "B%09d" % i, name, "enrolled", 2023, now, now))
        if len(batch) == 50000:
            con.executemany("INSERT INTO students (tenant_id, student_no, name, status, cohort_year, created_at,"
                            " updated_at) VALUES (?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        con.executemany("INSERT INTO students (tenant_id, student_no, name, status, cohort_year, created_at,"
                        " updated_at) VALUES (?,?,?,?,?,?,?)", batch)
    con.commit()
    con.close()


def copy_text(v):
    """One value in COPY's text format."""
    if v is None:
        return "\\N"
    if isinstance(v, bytes):
        return "\\\\x" + v.hex()
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_province(binary, src, db, keyarg, tenant):
    """A generated province (SQLite, SRC) on PostgreSQL: the measured college moved whole by chanjiao move
    (its accounts, records and sealed values), every other college's tenant row, enterprises and students
    and their search_index rows copied by COPY as the superuser (the triggers write their tokens)."""
    subprocess.run([binary, "migrate", "--db", db, *keyarg], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([binary, "move", "--from", src, "--to", db, "--tenant", tenant, "--from-key-file",
                    src + ".key", *keyarg], check=True, stdout=subprocess.DEVNULL)
    lite = sqlite3.connect(src)
    pg_cols = {}
    for t in ("tenants", "departments", "enterprises", "students", "search_index"):
        pg_cols[t] = psql(db, "SELECT string_agg(column_name, ',') FROM information_schema.columns"
                              " WHERE table_name = '%s'" % t).split(",")
    def cols(t, skip=()):
        return [r[1] for r in lite.execute("PRAGMA table_info(%s)" % t) if r[1] in pg_cols[t] and r[1] not in skip]
    tcols = cols("tenants", ("id",))
    others = lite.execute("SELECT id, %s FROM tenants WHERE kind NOT IN ('platform', 'bureau') AND code <> ? AND code LIKE 'gen%%'"
                          % ",".join(tcols), (tenant,)).fetchall()
    psql(db, "COPY tenants (%s) FROM STDIN" % ",".join(tcols),
         stdin="".join("\t".join(copy_text(v) for v in r[1:]) + "\n" for r in others).encode())
    ids = dict(l.split("|") for l in psql(db, "SELECT code || '|' || id FROM tenants").split("\n"))
    code_at = tcols.index("code") + 1
    remap = {r[0]: int(ids[r[code_at]]) for r in others}
    for t in ("departments", "enterprises", "students", "search_index"):
        c = cols(t, ("id",) if t == "search_index" else ())
        where = " AND entity IN ('enterprise', 'student')" if t == "search_index" else ""
        ti = c.index("tenant_id")
        for old, new in remap.items():
            rows = lite.execute("SELECT %s FROM %s WHERE tenant_id = ?%s" % (",".join(c), t, where), (old,))
            data = []
            for r in rows:
                r = list(r)
                r[ti] = new
                if t == "search_index":
                    r[c.index("k")] = r[c.index("k")].replace("t%dx" % old, "t%dx" % new, 1)
                data.append("\t".join(copy_text(v) for v in r) + "\n")
            psql(db, "COPY %s (%s) FROM STDIN" % (t, ",".join(c)), stdin="".join(data).encode())
    lite.close()
    psql(db, "ANALYZE")


def measure(port, cookie, path, n):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie})
        r = conn.getresponse()
        body = r.read()
        times.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            raise SystemExit("%s: %d %s" % (path, r.status, body[:200]))
    times.sort()
    total = json.loads(body).get("total", len(json.loads(body).get("groups", [])))
    return statistics.median(times), times[int(len(times) * 0.99) - 1 if len(times) >= 100 else -1], total


def main():
    binary, db, n_ent, n_stu, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    tenant = os.environ.get("TENANT") or "jxjsxy"
    keyarg = ["--key-file", os.environ["KEY"]] if os.environ.get("KEY") else []
    if os.environ.get("SRC"):
        t0 = time.time()
        copy_province(binary, os.environ["SRC"], db, keyarg, tenant)
        print("copied the province of %s in %.1f s" % (os.environ["SRC"], time.time() - t0))
        t0 = time.time()
        subprocess.run([binary, "migrate", "--db", db, *keyarg], check=True, stdout=subprocess.DEVNULL)
        print("indexed the moved college at store open in %.1f s" % (time.time() - t0))
        n_ent = -1
    if n_ent >= 0:
        t0 = time.time()
        generate(db, tenant, n_ent, n_stu)
        print("generated %d enterprises and %d students by SQL in %.1f s" % (n_ent, n_stu, time.time() - t0))
        t0 = time.time()
        if "://" in db:
            psql(db, "ANALYZE")  # COPY took the ids from the identities: only the planner's statistics
        subprocess.run([binary, "migrate", "--db", db, *keyarg], check=True, stdout=subprocess.DEVNULL)
        print("indexed them at store open (search text derived, FTS5 written) in %.1f s" % (time.time() - t0))
    else:
        con = connect(db)
        n = [con.execute("SELECT count(*) FROM %s" % t).fetchone()[0] for t in ("enterprises", "students")]
        mine = con.execute("SELECT (SELECT count(*) FROM enterprises e WHERE e.tenant_id = t.id),"
                           " (SELECT count(*) FROM students s WHERE s.tenant_id = t.id)"
                           " FROM tenants t WHERE t.code = ?", (tenant,)).fetchone()
        con.close()
        print("an existing database: %d enterprises and %d students in all, %d and %d in %s"
              % (n[0], n[1], mine[0], mine[1], tenant))
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    srv = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port, *keyarg],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port); c.request("GET", "/api/v1/health"); c.getresponse().read(); break
            except OSError:
                time.sleep(0.1)
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("POST", "/api/v1/session", body=json.dumps({"tenant": tenant, "username": "admin", "password": "chanjiao2023"}),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse(); r.read()
        cookie = r.getheader("Set-Cookie").split(";")[0]
        from urllib.parse import quote
        print("| request | q | matches | p50 ms | p99 ms |")
        print("|---|---|---|---|---|")
        for coll in ("enterprises", "students"):
            for label, q in (("1 character", "王"), ("2 characters", "嘉兴" if coll == "enterprises" else "子轩"),
                             ("3+ characters", "嘉兴智能" if coll == "enterprises" else "王子轩"),
                             ("pinyin", "jiaxing" if coll == "enterprises" else "wangzixuan"),
                             ("initials", "jxzn" if coll == "enterprises" else "wzx")):
                p50, p99, tot = measure(port, cookie, "/api/v1/%s?size=20&q=%s" % (coll, quote(q)), reps)
                print("| `GET /%s?q=` %s | %s | %d | %.1f | %.1f |" % (coll, label, q, tot, p50, p99))
        for q in ("王", "嘉兴", "jxjs", "wangzixuan"):
            p50, p99, tot = measure(port, cookie, "/api/v1/search?q=%s" % quote(q), reps)
            print("| `GET /search` | %s | %d groups | %.1f | %.1f |" % (q, tot, p50, p99))
    finally:
        srv.terminate(); srv.wait()


main()

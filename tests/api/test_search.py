"""t22xx: finding things in Chinese (product.md §6): every list's q after folding (full-width, case,
traditional characters), by pinyin and initials of every reading, ranked; sort=name in pinyin order;
GET /api/v1/search over the lists the caller may read; the index follows every write at once."""

import os
import subprocess

from fx import API, create, list_all, new_enterprise, q
from lib import check, eq, expect, items_of, test, uniq

SCHOOL = "嘉兴技师学院"
PG = os.environ.get("CJ_TEST_PG")


def lst(c, coll, **params):
    r = c.get("%s/%s?%s" % (API, coll, q(params)))
    expect(r, 200, what="list %s %r" % (coll, params))
    return r.json


def ids(c, coll, text, **params):
    """The ids of every record of coll that q=text finds (every page)."""
    return {i["id"] for i in list_all(c, coll, q=text, **params)}


def texts(rec):
    """What a scan compares: the name (or title), and a carrier's partners' names."""
    out = [rec.get("name") or rec.get("title") or ""]
    out += [p.get("enterprise_name") or "" for p in rec.get("partners") or []]
    return out


def scan(c, coll, text):
    """The ids of the records of coll whose texts hold text, by reading every record."""
    return {r["id"] for r in list_all(c, coll) if any(text in t for t in texts(r))}


def tag():
    """A run-unique tag of letters only (folding keeps letters and digits; a tag holds no pinyin)."""
    n = uniq("").split("-")
    return "zq" + "".join("bcdfghjklmnpqrstvwxz"[int(ch, 16) % 20] for ch in n[1] + "%04x" % int(n[2]))


@test("t2201", "嘉興 (traditional), jiaxing, jxjs, JXJS and ｊｘｊｓ all find 嘉兴技师学院's records")
def t_school(ctx):
    c = ctx.admin
    for coll in ("carriers", "studios", "events"):
        want = scan(c, coll, SCHOOL)
        check(want, "the demo has %s named after %s" % (coll, SCHOOL))
        eq(ids(c, coll, "嘉興技師學院"), want, "%s q=嘉興技師學院" % coll)
        check(want <= ids(c, coll, "嘉興"), "%s q=嘉興 misses some" % coll)
        for text in ("jiaxing", "jia xing", "jiaxingjishi", "jxjs", "JXJS", "ｊｘｊｓ", "ＪＸＪＳＸＹ"):
            got = ids(c, coll, text)
            check(want <= got, "%s q=%s misses %r" % (coll, text, sorted(want - got)))
    # the enterprise of the demo, by every way of writing it
    for text in ("浙江加西贝拉", "xibeila", "zjjxbl", "jxbl", "JXBL"):
        names = [i["name"] for i in lst(c, "enterprises", q=text)["items"]]
        check("浙江加西贝拉科技服务股份有限公司" in names, "q=%s: %r" % (text, names))


@test("t2202", "技师 and 贝 (two and one characters) find exactly the records holding them, as a scan does")
def t_short(ctx):
    c = ctx.admin
    for text in ("技师", "贝", "学院", "实"):
        for coll in ("enterprises", "carriers", "studios", "events", "departments"):
            eq(ids(c, coll, text), scan(c, coll, text), "%s q=%s against a scan" % (coll, text))
    check(scan(c, "carriers", "贝"), "a carrier with 贝 (by its partner) in the demo")


@test("t2203", "a polyphone is found by every reading: 单县 by shanxian and danxian, 长沙 changsha, 重庆 chongqing")
def t_polyphones(ctx):
    c = ctx.admin
    t = tag()
    recs = {
        "单县": new_enterprise(c, name="单县%s机械有限公司" % t),
        "长沙": new_enterprise(c, name="长沙%s电子有限公司" % t),
        "重庆": new_enterprise(c, name="重庆%s汽车配件有限公司" % t),
    }
    for text, key in (("shanxian", "单县"), ("danxian", "单县"), ("sx", "单县"), ("dx", "单县"),
                      ("changsha", "长沙"), ("zhangsha", "长沙"), ("chongqing", "重庆"), ("cq", "重庆")):
        check(recs[key]["id"] in ids(c, "enterprises", text), "q=%s does not find %s" % (text, key))
        got = [i["id"] for i in lst(c, "enterprises", q=text + t)["items"]]
        eq(got, [recs[key]["id"]], "q=%s plus the tag" % text)


@test("t2204", "sort=name is pinyin order: 安 < 李 < 王 < 张, also sort=-name and a list without q")
def t_pinyin_order(ctx):
    c = ctx.admin
    t = tag()
    for n in ("张", "王", "安", "李"):
        new_enterprise(c, name="%s%s有限公司" % (n, t))
    first = lambda r: [i["name"][0] for i in r["items"]]  # noqa: E731
    eq(first(lst(c, "enterprises", q=t, sort="name")), list("安李王张"), "sort=name")
    eq(first(lst(c, "enterprises", q=t, sort="-name")), list("张王李安"), "sort=-name")
    names = [i["name"] for i in list_all(c, "enterprises", sort="name")]
    mine = [n[0] for n in names if t in n]
    eq(mine, list("安李王张"), "the whole list by name")


@test("t2205", "a record renamed is found by its new name (and pinyin) at once, not by its old one")
def t_rename(ctx):
    c = ctx.admin
    t = tag()
    e = new_enterprise(c, name="旧名%s科技有限公司" % t)
    check(e["id"] in ids(c, "enterprises", "旧名" + t), "found by the first name")
    r = c.patch("%s/enterprises/%d" % (API, e["id"]), json={"name": "新名%s科技有限公司" % t}, version=e["version"])
    expect(r, 200)
    check(e["id"] not in ids(c, "enterprises", "旧名" + t), "still found by the old name")
    check(e["id"] not in ids(c, "enterprises", "jiuming" + t), "still found by the old pinyin")
    for text in ("新名" + t, "xinming" + t, "xm" + t):
        check(e["id"] in ids(c, "enterprises", text), "not found by %s" % text)
    groups = c.get("%s/search?%s" % (API, q({"q": "新名" + t}))).json["groups"]
    eq([(g["kind"], [i["id"] for i in g["items"]]) for g in groups], [("enterprise", [e["id"]])], "global search")
    expect(c.delete("%s/enterprises/%d" % (API, e["id"])), 204)
    eq(ids(c, "enterprises", "新名" + t), set(), "found after delete")


@test("t2206", "another college's records never appear, in lists or in the global search")
def t_isolation(ctx):
    a, t2 = ctx.admin, ctx.as_("t2")
    t = tag()
    theirs = new_enterprise(t2, name="嘉兴技师学院%s合作企业" % t)
    eq(ids(a, "enterprises", t), set(), "another college's enterprise by its tag")
    for text in (SCHOOL, "jxjs", t):
        for g in a.get("%s/search?%s" % (API, q({"q": text, "size": 20}))).json["groups"]:
            check(theirs["id"] not in [i["id"] for i in g["items"]] or g["kind"] != "enterprise",
                  "their enterprise in our search for %s" % text)
    eq(ids(t2, "enterprises", "jxjsxy" + t), {theirs["id"]}, "their own search")
    eq(ids(t2, "carriers", "jxjs"), set(), "our carriers in theirs")
    kinds = [g["kind"] for g in t2.get("%s/search?%s" % (API, q({"q": "jxjs"}))).json["groups"]]
    eq(kinds, ["enterprise"], "their global search for jxjs")


@test("t2207", "matches rank: exact name, name prefix, substring, pinyin, initials")
def t_rank(ctx):
    c = ctx.admin
    t = tag()
    # every one of them is matched by q="anan" + t ... only through the tag's pinyin-free letters
    recs = [new_enterprise(c, name=n) for n in (
        "阿女阿女" + t,      # initials a n a n
        "测试anan" + t,      # substring
        "安安" + t,          # pinyin an an
        "anan" + t + "测试",  # prefix
        "anan" + t,         # exact
    )]
    got = [i["id"] for i in lst(c, "enterprises", q="anan" + t)["items"]]
    eq(got, [recs[4]["id"], recs[3]["id"], recs[1]["id"], recs[2]["id"], recs[0]["id"]], "rank order")


@test("t2208", "GET /api/v1/search: groups of every readable list; a student by name or number, never ID or phone")
def t_global(ctx):
    c = ctx.admin
    r = c.get("%s/search?%s" % (API, q({"q": "jxbl"})))
    expect(r, 200)
    g = {x["kind"]: x for x in r.json["groups"]}
    check("enterprise" in g and "carrier" in g, "groups %r" % list(g))
    ent = g["enterprise"]["items"][0]
    eq(ent["name"], "浙江加西贝拉科技服务股份有限公司", "the first enterprise")
    eq(sorted(ent), ["hint", "id", "name"], "an item's keys")
    eq(g["enterprise"]["path"], "enterprises", "the group's collection")
    check(all(len(x["items"]) <= 5 and x["total"] >= len(x["items"]) for x in r.json["groups"]), "sizes")
    expect(c.get(API + "/search"), 400, "invalid_argument", "q")
    eq(c.get(API + "/search?q=").json["groups"], [], "empty q")
    expect(c.get(API + "/search?q=a&size=99"), 400, "invalid_argument", "size")
    # a student: by name and by student number, never by ID number or phone
    t = tag()
    s = create(c, "students", {"student_no": "S" + uniq("").split("-")[1] + "%05d" % int(uniq("").split("-")[2]),
                               "name": "学生" + t, "id_number": "11010519491231002X", "phone": "13912345678",
                               "cohort_year": 2023})
    full = c.get("%s/students/%d/pii" % (API, s["id"])).json
    for text in ("学生" + t, "xuesheng" + t, s["student_no"], s["student_no"][-6:]):
        check(s["id"] in ids(c, "students", text), "student not found by %s" % text)
        kinds = {x["kind"]: x for x in c.get("%s/search?%s" % (API, q({"q": text}))).json["groups"]}
        check("student" in kinds, "global search for %s: %r" % (text, list(kinds)))
    for text in (full["id_number"], full["id_number"][:10], full["phone"], full["phone"][-8:]):
        check(s["id"] not in ids(c, "students", text), "student found by personal information %s" % text)
    anon = ctx.anon()
    expect(anon.get(API + "/search?q=jxbl"), 401)


@test("t2209", "the global search of a bureau viewer, an enterprise contact and staff spans only what they may read")
def t_global_roles(ctx):
    for who in ("jyj", "hugl", "zhoubb"):
        c = ctx.as_(who)
        for text in ("嘉兴", "jxjs", "jxbl", "学院", "xy"):
            r = c.get("%s/search?%s" % (API, q({"q": text, "size": 20})))
            expect(r, 200, what="%s q=%s" % (who, text))
            for g in r.json["groups"]:
                perm = "GET /api/v1/%s" % g["path"]
                for it in g["items"]:
                    rr = c.get("%s/%s/%d" % (API, g["path"], it["id"]))
                    expect(rr, 200, what="%s: %s %d found by %s" % (who, g["path"], it["id"], text))
                eq(g["total"], lst(c, g["path"], q=text, size=1)["total"], "%s %s total" % (who, perm))
    hugl = ctx.as_("hugl")
    kinds = {g["kind"] for g in hugl.get("%s/search?%s" % (API, q({"q": "嘉兴"}))).json["groups"]}
    check(kinds <= {"enterprise", "carrier", "placement", "training"}, "an enterprise contact's kinds: %r" % kinds)
    check("student" not in kinds and "staff" not in kinds, "an enterprise contact sees people")


@test("t2210", "the index follows imports: a refused file leaves nothing, an upsert renames, and the index stays whole")
def t_import_index(ctx):

    import xlsx
    from lib import make_uscc

    c = ctx.admin
    t = tag()
    codes = [make_uscc(int.from_bytes(__import__("os").urandom(3), "big") * 10 + i, letters=True) for i in range(3)]
    head = ["企业名称", "统一社会信用代码", "行业代码", "企业规模", "行政区划代码"]

    def send(rows, mode=None):
        ctype, body = xlsx.multipart("in.xlsx", xlsx.write([head] + rows))
        path = "%s/enterprises/import%s" % (API, "?mode=" + mode if mode else "")
        return c.request("POST", path, body=body, headers={"Content-Type": ctype})

    first = [["甲索%s科技有限公司" % t, codes[0], "C34", "中型", "330402"],
             ["乙索%s科技有限公司" % t, codes[1], "C34", "小型", "330402"],
             ["丙索%s科技有限公司" % t, "91330000BAD", "C34", "小型", "330402"]]
    expect(send(first), 422, code="import_rejected", what="a file with a bad credit code")
    eq(ids(c, "enterprises", t), set(), "records of a refused file are found")
    first[2][1] = codes[2]
    r = send(first)
    expect(r, 200, what="the fixed file")
    got = ids(c, "enterprises", t)
    eq(len(got), 3, "the imported records found by their tag")
    for text in ("甲索" + t, "jiasuo" + t, "js" + t):
        eq(len(ids(c, "enterprises", text)), 1, "q=%s" % text)
    renamed = [["丁索%s科技有限公司" % t, codes[0], "C34", "中型", "330402"],
               ["戊索%s科技有限公司" % t, codes[1], "C34", "小型", "330402"]]
    r = send(renamed, mode="upsert")
    expect(r, 200, what="the upsert")
    eq(r.json["updated"], 2, "rows updated")
    eq(ids(c, "enterprises", "甲索" + t), set(), "found by the old name after an upsert")
    eq(ids(c, "enterprises", "jiasuo" + t), set(), "found by the old pinyin after an upsert")
    eq(len(ids(c, "enterprises", "丁索" + t)) + len(ids(c, "enterprises", "wusuo" + t)), 2, "the new names")
    eq(ids(c, "enterprises", t), got, "the same three records by their tag")
    if not ctx.pg:
        # SQLite's FTS5 table is written in batches at commit: it must hold exactly search_index's rows
        # (FTS5's integrity-check, through chanjiao: the sqlite3 shell does not know its tokenizer).
        p = subprocess.run([ctx.binary, "search", "check", "--db", ctx.main.db],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        check(p.returncode == 0 and b"holds exactly" in p.stdout,
              "search check: %s" % (p.stdout + p.stderr).decode("utf-8", "replace")[-400:])


@test("t2211", "a college removed with its accounts leaves no index rows: a new college on the same ids is created")
def t_removed_college(ctx):
    srv = ctx.start_server()  # a server of its own, so that nothing else takes the freed ids
    root = ctx.client("root", tenant="platform", base=srv.base)

    def college(code):
        r = root.post(API + "/tenants", json={"code": code, "name": "索引学院" + code, "kind": "higher_vocational",
                                              "region_code": "330100", "admin_username": "admin",
                                              "admin_password": "Index-pass-1"})
        expect(r, 201, what="college %s" % code)
        return r.json["id"]

    first = college("xsa" + tag()[-4:])
    expect(root.delete("%s/tenants/%d" % (API, first)), 204)
    second = college("xsb" + tag()[-4:])
    if not ctx.pg:
        # SQLite hands out the highest id again: the case where a stale index row would collide
        eq(second, first, "the new college's id (SQLite reuses the freed one)")
    admin = ctx.client("admin", tenant=root.get("%s/tenants/%d" % (API, second)).json["code"],
                       password="Index-pass-1", base=srv.base)
    expect(admin.get(API + "/search?q=admin"), 200, what="the new college's search")


@test("t2212", "a query longer than the index's 8-character tokens finds exactly the records that hold it")
def t_long(ctx):
    c = ctx.admin
    t = tag()
    a = new_enterprise(c, name="长江三角洲科技研究院%s" % t)["id"]
    b = new_enterprise(c, name="长江三角洲科技研发中心%s" % t)["id"]
    g = new_enterprise(c, name="嘉兴技工%s有限公司" % t)["id"]
    s = new_enterprise(c, name="嘉兴技师%s有限公司" % t)["id"]
    mine = lambda text: ids(c, "enterprises", text) & {a, b, g, s}  # noqa: E731
    for text, want in (("长江三角洲科技研", {a, b}), ("长江三角洲科技研究", {a}), ("长江三角洲科技研发中心", {b}),
                       ("長江三角洲科技研究院" + t, {a}), ("三角洲科技研发中心" + t, {b}),
                       ("changjiangsanjiaozhou", {a, b}), ("changjiangsanjiaozhoukejiyanjiu", {a}),
                       ("sanjiaozhoukejiyanfa", {b}), ("cjsjzkjyj", {a}), ("cjsjzkjyf", {b}),
                       ("jiaxingji", {g, s}), ("jiaxingjigong", {g}), ("jiaxingjishi", {s}),
                       ("jiaxingjishi" + t, {s}), ("jiaxingjigong" + t + "you", {g}), ("jishi" + t, {s}), ("jxjg" + t, {g})):
        eq(mine(text), want, "q=%s" % text)
    for text in ("长江三角洲科技研究院", "三角洲科技研发中心", "嘉兴技工" + t):
        eq(ids(c, "enterprises", text), scan(c, "enterprises", text), "q=%s against a scan" % text)


if PG:

    @test("t2213", "a PostgreSQL database not in UTF8 is refused with a clear error, and nothing is created in it")
    def t_encoding(ctx):
        url = ctx.empty_db()
        base, name = url.rsplit("/", 1)
        ascii_name = name + "_ascii"
        admin = base.replace("postgres://chanjiao@", "postgres://postgres@") + "/postgres"
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin, "-c",
                            "CREATE DATABASE %s OWNER chanjiao ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'"
                            " TEMPLATE template0" % ascii_name], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        check(p.returncode == 0, "create the database: %s" % p.stderr.decode("utf-8", "replace")[-400:])
        target = base + "/" + ascii_name
        p = subprocess.run([ctx.binary, "migrate", "--db", target], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        check(p.returncode != 0, "migrate on SQL_ASCII succeeded")
        check(b"encoding is SQL_ASCII" in p.stderr and b"UTF8" in p.stderr,
              "the error: %s" % p.stderr.decode("utf-8", "replace")[-400:])
        p = subprocess.run(["psql", "-X", "-At", target, "-c",
                            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        eq(p.stdout.decode().strip(), "0", "tables created in the refused database")

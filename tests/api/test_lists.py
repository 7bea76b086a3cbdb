"""t03xx: list paging, sorting, q search, parameter validation."""

import time

from fx import API, get, new_enterprise, q
from lib import check, eq, expect, items_of, test, uniq


def five(ctx):
    """Five enterprises sharing a unique prefix, names ending -A..-E, created in order B D A E C."""

    def make():
        p = uniq("列表企业")
        recs = {}
        for s in "BDAEC":
            recs[s] = new_enterprise(ctx.admin, name="%s-%s" % (p, s))
        return p, recs

    return ctx.cache("five", make)


def lst(c, coll="enterprises", **params):
    r = c.get("%s/%s?%s" % (API, coll, q(params)))
    return r


@test("t0301", "list shape: items, total, page, size")
def t_shape(ctx):
    p, recs = five(ctx)
    r = lst(ctx.admin, q=p)
    expect(r, 200)
    b = r.json
    for k in ("items", "total", "page", "size"):
        check(k in b, "list lacks %s: %s" % (k, r.short()))
    eq(b["total"], 5, "total")
    eq(b["page"], 1, "default page")
    check(isinstance(b["size"], int) and 1 <= b["size"] <= 200, "default size %r" % b["size"])
    eq(len(b["items"]), 5, "items")
    r = lst(ctx.admin, q=p, page=1, size=3)
    eq((r.json["page"], r.json["size"], r.json["total"], len(r.json["items"])), (1, 3, 5, 3), "page/size/total/items")


@test("t0302", "page and size out of range or not numbers answer 400 naming the parameter")
def t_bad_paging(ctx):
    c = ctx.admin
    for params, field in (({"size": 201}, "size"), ({"size": 0}, "size"), ({"size": -1}, "size"),
                          ({"size": "abc"}, "size"), ({"size": "10x"}, "size"), ({"size": ""}, "size"),
                          ({"page": 0}, "page"), ({"page": -3}, "page"), ({"page": "abc"}, "page"),
                          ({"page": "99999999999999999999999"}, "page"), ({"size": "1e2"}, "size")):
        r = lst(c, **params)
        expect(r, 400, "invalid_argument", field, what="params %r" % params)
    for coll in ("carriers", "events", "departments", "staff", "users"):
        expect(lst(c, coll, size=201), 400, "invalid_argument", "size", what=coll)
    expect(lst(c, size=200), 200)
    expect(lst(c, size=1), 200)


@test("t0303", "paging walks the whole filtered list without overlap")
def t_paging(ctx):
    p, recs = five(ctx)
    seen = []
    for page, n in ((1, 2), (2, 2), (3, 1), (4, 0)):
        r = lst(ctx.admin, q=p, page=page, size=2, sort="name")
        expect(r, 200)
        eq(r.json["total"], 5, "total on page %d" % page)
        eq(r.json["page"], page, "page")
        eq(len(r.json["items"]), n, "items on page %d" % page)
        seen += [i["id"] for i in r.json["items"]]
    eq(sorted(seen), sorted(x["id"] for x in recs.values()), "ids over all pages")
    r = lst(ctx.admin, q=p, page=1000, size=10)
    expect(r, 200)
    eq(r.json["items"], [], "items beyond the end")
    eq(r.json["total"], 5, "total beyond the end")


@test("t0304", "sort by name, -name, id, created_at")
def t_sort(ctx):
    p, recs = five(ctx)
    names = lambda r: [i["name"][-1] for i in r.json["items"]]  # noqa: E731
    r = lst(ctx.admin, q=p, sort="name")
    expect(r, 200)
    eq(names(r), list("ABCDE"), "sort=name")
    r = lst(ctx.admin, q=p, sort="-name")
    eq(names(r), list("EDCBA"), "sort=-name")
    r = lst(ctx.admin, q=p, sort="id")
    eq(names(r), list("BDAEC"), "sort=id")
    r = lst(ctx.admin, q=p, sort="-id")
    eq(names(r), list("CEADB"), "sort=-id")
    r = lst(ctx.admin, q=p, sort="created_at")
    expect(r, 200)
    ts = [i["created_at"] for i in r.json["items"]]
    eq(ts, sorted(ts), "sort=created_at")
    r = lst(ctx.admin, q=p, sort="-created_at")
    ts = [i["created_at"] for i in r.json["items"]]
    eq(ts, sorted(ts, reverse=True), "sort=-created_at")


@test("t0305", "sort=-updated_at puts the last updated record first")
def t_sort_updated(ctx):
    c = ctx.admin
    p = uniq("更新排序企业")
    a = new_enterprise(c, name=p + "-a")
    new_enterprise(c, name=p + "-b")
    time.sleep(1.1)  # timestamps have one-second resolution
    r = c.patch("%s/enterprises/%d" % (API, a["id"]), json={"remark": "touched"}, version=a["version"])
    expect(r, 200)
    r = lst(c, q=p, sort="-updated_at")
    expect(r, 200)
    eq([i["name"] for i in r.json["items"]], [p + "-a", p + "-b"], "sort=-updated_at")
    r = lst(c, q=p, sort="updated_at")
    eq([i["name"] for i in r.json["items"]], [p + "-b", p + "-a"], "sort=updated_at")


@test("t0306", "unknown sort field answers 400 field sort")
def t_bad_sort(ctx):
    c = ctx.admin
    for s in ("nosuch", "-nosuch", "password", "name;drop table enterprises", "--name", "tenant_id"):
        expect(lst(c, sort=s), 400, "invalid_argument", "sort", what="sort=%r" % s)
    expect(lst(c, "carriers", sort="valid_to"), 200)
    expect(lst(c, "carriers", sort="-valid_to"), 200)
    expect(lst(c, "events", sort="-date"), 200)
    expect(lst(c, "events", sort="date"), 200)


@test("t0307", "unknown query parameter answers 400 naming it")
def t_bad_param(ctx):
    c = ctx.admin
    expect(lst(c, foo="1"), 400, "invalid_argument", "foo")
    expect(lst(c, "carriers", colour="red"), 400, "invalid_argument", "colour")
    expect(lst(c, "departments", kind_of="x"), 400, "invalid_argument", "kind_of")
    expect(lst(c, "events", tenant_id="2"), 400, "invalid_argument", "tenant_id")


@test("t0308", "q finds a substring anywhere in the name")
def t_q(ctx):
    c = ctx.admin
    tag = uniq("")[1:]
    e = new_enterprise(c, name="嘉兴市%s智能装备有限公司" % tag)
    for sub in (tag, "市" + tag + "智能", tag + "智能装备有限公司"):
        r = lst(c, q=sub)
        expect(r, 200)
        eq([i["id"] for i in r.json["items"]], [e["id"]], "q=%r" % sub)
    r = lst(c, q=tag + "不存在")
    eq(r.json["total"], 0, "q of a missing name")


@test("t0309", "q is literal: %, _ and quotes are not wildcards or SQL")
def t_q_literal(ctx):
    c = ctx.admin
    tag = uniq("")[1:]
    new_enterprise(c, name="百分比%s%%企业" % tag)
    new_enterprise(c, name="下划线%s_企业" % tag)
    for ch in ("%", "_"):
        r = lst(c, q=ch, size=200)
        expect(r, 200)
        bad = [i["name"] for i in r.json["items"] if ch not in i["name"]]
        check(not bad, "q=%r matched names without it: %r" % (ch, bad[:5]))
    for s in ("' OR '1'='1", "\\", "%' --", '"'):
        r = lst(c, q=s)
        expect(r, 200, what="q=%r" % s)
        eq(r.json["total"], 0, "total for q=%r" % s)


@test("t0310", "every collection lists with the standard shape")
def t_all_lists(ctx):
    c = ctx.admin
    for coll in ("enterprises", "carriers", "events", "departments", "staff", "users"):
        r = lst(c, coll, page=1, size=5, sort="-updated_at")
        expect(r, 200, what=coll)
        check(isinstance(r.json.get("total"), int), "%s total" % coll)
        check(len(items_of(r.json)) <= 5, "%s: more items than size" % coll)
        for it in r.json["items"]:
            check(isinstance(it.get("id"), int) and isinstance(it.get("version"), int), "%s item %r" % (coll, it))
    # users never carry a password
    r = lst(c, "users", size=200)
    for u in r.json["items"]:
        check(not ({"password", "password_hash"} & set(u)), "user with password field: %r" % u)


@test("t0311", "paging over equal sort keys neither repeats nor skips records")
def t_ties(ctx):
    c = ctx.admin
    name = uniq("同名企业")
    ids = sorted(new_enterprise(c, name=name)["id"] for _ in range(7))
    for sort in ("name", "-name", "updated_at", "-created_at"):
        seen = []
        for page in (1, 2, 3, 4):
            r = lst(c, q=name, sort=sort, page=page, size=2)
            expect(r, 200)
            seen += [i["id"] for i in r.json["items"]]
        eq(sorted(seen), ids, "ids over the pages with sort=%s" % sort)


@test("t0312", "q with spaces and reserved characters is URL-decoded")
def t_q_encoding(ctx):
    c = ctx.admin
    tag = uniq("")[1:]
    e = new_enterprise(c, name="Alpha Beta&Co+%s=1" % tag)
    for raw in ("Alpha%%20Beta%%26Co%%2B%s" % tag, "Alpha+Beta%%26Co%%2B%s%%3D1" % tag, "Beta%26Co%2B" + tag):
        r = c.get("%s/enterprises?q=%s" % (API, raw))
        expect(r, 200, what=raw)
        eq([i["id"] for i in r.json["items"]], [e["id"]], "q=%s" % raw)


@test("t0313", "huge page numbers answer an empty page or 400, never 5xx")
def t_huge_page(ctx):
    c = ctx.admin
    for page in ("2147483647", "2147483648", "4294967297", "9223372036854775807"):
        r = lst(c, page=page, size=200)
        check(r.status in (200, 400), "page=%s: %s" % (page, r.short()))
        if r.status == 200:
            eq(r.json["items"], [], "items on page %s" % page)
        else:
            expect(r, 400, "invalid_argument", "page")


@test("t0314", "pages of lists whose rows carry linked names: each page is its slice of the whole list, names included")
def t_pages_with_names(ctx):
    c = ctx.admin
    cases = (("placements", {}, "-id"), ("placements", {"kind": "post"}, "start_date"),
             ("placements", {}, "-start_date"), ("trainings", {}, "start_date"), ("trainings", {}, "-id"))
    for coll, params, sort in cases:
        whole, page = [], 1
        while True:
            r = lst(c, coll, sort=sort, page=page, size=100, **params)
            expect(r, 200, what=coll)
            whole += r.json["items"]
            if len(r.json["items"]) < 100:
                break
            page += 1
        eq(len(whole), r.json["total"], "%s: rows over the pages against total" % coll)
        check(len(whole) >= 10, "%s %s: too few rows to page (%d)" % (coll, params, len(whole)))
        last = (len(whole) + 4) // 5
        for p in sorted({1, 2, 3, last // 2, last, last + 1}):
            r = lst(c, coll, sort=sort, page=p, size=5, **params)
            expect(r, 200, what="%s page %d" % (coll, p))
            eq(r.json["items"], whole[(p - 1) * 5:p * 5], "%s %s sort=%s page %d of 5" % (coll, params, sort, p))
            eq(r.json["total"], len(whole), "%s page %d: total" % (coll, p))
        if coll == "placements":
            check(all(i["student_name"] and i["enterprise_name"] for i in whole),
                  "placements: a row without its student's or enterprise's name")

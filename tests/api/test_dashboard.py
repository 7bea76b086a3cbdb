"""t23xx: the three-pillar dashboard (三个全力) of a college and of a region; bureaus."""

import datetime

from fx import API, cli, create, list_all, q
from lib import Client, check, eq, expect, make_uscc, test, uniq

# The sum a figure is over its list's records; every other figure is the list's total.
SUMS = {
    "student_places": "capacity",
    "training_person_times": "trainees",
    "training_person_hours": "person_hours",
    "service_contract_value": "contract_amount",
    "service_amount_received": "amount_received",
}


def this_year():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).year


def china_day(offset=0):
    return ((datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()
            + datetime.timedelta(days=offset)).isoformat()


def figures(d, path=""):
    """Every (path, figure) of a dashboard."""
    if isinstance(d, dict):
        if "value" in d and "list" in d:
            yield path, d
            return
        for k, v in d.items():
            yield from figures(v, path + "." + k if path else k)
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from figures(v, "%s[%d]" % (path, i))


def follow(c, path, fig):
    """The value a figure's list gives: its total, or the sum of the figure's field."""
    link = fig["list"]
    check(link.startswith(API + "/"), "%s: list %r is not an API list" % (path, link))
    name = path.split(".")[-1]
    if name in SUMS:
        coll, _, query = link[len(API) + 1:].partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if p)
        rows = list_all(c, coll, **params)
        return sum(r.get(SUMS[name]) or 0 for r in rows)
    r = c.get(link + ("&" if "?" in link else "?") + "size=1")
    expect(r, 200, what="%s: GET %s" % (path, link))
    return r.json["total"]


def values(d):
    """A dashboard as plain values (what a bureau sees of a college)."""
    if isinstance(d, dict):
        if "value" in d and "list" in d:
            return d["value"]
        return {k: values(v) for k, v in d.items()}
    if isinstance(d, list):
        return [values(v) for v in d]
    return d


def id_number(seq, birth="20050315", region="330402"):
    body = "%s%s%03d" % (region, birth, seq % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(ch) * x for ch, x in zip(body, w)) % 11]


def patent_no(year, kind, serial):
    digits = "%04d%d%07d" % (year, kind, serial)
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    return digits + "." + "0123456789X"[sum(int(ch) * x for ch, x in zip(digits, w)) % 11]


def new_college(ctx, code, region="330100", kind="technician_college"):
    """A new empty college and its administrator's client."""
    root = ctx.as_("root")
    pw = "Dash2023pass"
    r = root.post(API + "/tenants", json={"code": code, "name": uniq("看板学院"), "kind": kind,
                                         "region_code": region, "admin_username": "admin",
                                         "admin_password": pw})
    expect(r, 201, what="creating college " + code)
    return ctx.client("admin", tenant=code, password=pw)


@test("t2301", "dashboard of a college built by hand: every figure as computed on paper, and every link")
def t_by_hand(ctx):
    Y = this_year()
    P = Y - 1
    c = new_college(ctx, "dash%d" % (ctx.port % 10000))
    dep = create(c, "departments", {"name": "机电系", "kind": "academic"})["id"]

    def ent(n, industry):
        return create(c, "enterprises", {"name": "看板企业%d" % n, "uscc": make_uscc(880000 + n + ctx.port * 10),
                                         "industry_code": industry, "region_code": "330100"})["id"]

    e1, e2, e3, e4, e5 = ent(1, "C34"), ent(2, "C38"), ent(3, "I65"), ent(4, "C34"), ent(5, "C36")

    def carrier(kind, status, partners, **kw):
        body = {"kind": kind, "name": uniq("载体"), "status": status, "department_id": dep,
                "partners": [{"enterprise_id": e, "lead": i == 0} for i, e in enumerate(partners)]}
        body.update(kw)
        return create(c, "carriers", body)["id"]

    carrier("training_base", "active", [e1], capacity=40, signed_on="%d-01-01" % Y,
            valid_from="%d-01-01" % Y, valid_to="%d-12-31" % (Y + 2))
    carrier("industry_college", "signed", [e2, e3], signed_on="%d-01-01" % P,
            valid_from="%d-01-01" % P, valid_to="%d-12-31" % (Y + 1))
    carrier("training_base", "signed", [e3], capacity=25, valid_from="%d-01-01" % Y,
            valid_to=china_day(30))
    carrier("order_class", "negotiating", [e4], capacity=30)
    carrier("training_base", "ended", [e5], capacity=100, end_reason="expired",
            signed_on="%d-01-01" % (Y - 3), valid_from="%d-01-01" % (Y - 3), valid_to="%d-12-31" % P)

    def student(n):
        return create(c, "students", {"student_no": "D%d%04d" % (ctx.port, n), "name": "学生%d" % n,
                                      "id_number": id_number(700 + n), "cohort_year": P - 2,
                                      "status": "graduated"})["id"]

    s1, s2, s3, s4 = student(1), student(2), student(3), student(4)

    def placement(s, e, kind, start, status="ongoing"):
        create(c, "placements", {"student_id": s, "enterprise_id": e, "kind": kind,
                                 "start_date": start, "status": status})

    placement(s1, e1, "post", "%d-03-01" % Y)               # counts: post at a partner
    placement(s2, e4, "post", "%d-03-01" % Y)               # e4 is no partner
    placement(s3, e2, "employment", "%d-07-01" % Y)          # counts, and a graduate employed
    placement(s4, e1, "employment", "%d-07-01" % Y, "aborted")  # aborted: never
    placement(s1, e3, "cognition", "%d-10-01" % P)           # last year's, at last year's partner

    create(c, "certificates", {"holder_type": "student", "student_id": s1, "occupation": "电工", "level": 2,
                               "certificate_no": uniq("C"), "issue_date": "%d-05-01" % Y})
    create(c, "certificates", {"holder_type": "employee", "holder_name": "职工甲", "enterprise_id": e1,
                               "holder_id_number": id_number(801, "19800101"), "occupation": "电工",
                               "level": 1, "certificate_no": uniq("C"), "issue_date": "%d-06-01" % Y})
    create(c, "certificates", {"holder_type": "student", "student_id": s2, "occupation": "电工", "level": 4,
                               "certificate_no": uniq("C"), "issue_date": "%d-06-01" % P})

    for e, start, hours, trainees in ((e1, "%d-04-01" % Y, 8, 20), (e2, "%d-09-01" % Y, 16, 10),
                                      (e3, "%d-04-01" % P, 40, 5)):
        create(c, "trainings", {"enterprise_id": e, "title": uniq("培训"), "start_date": start,
                                "hours": hours, "trainees": trainees})

    create(c, "outputs", {"kind": "patent", "title": uniq("专利"), "date": "%d-02-01" % Y,
                          "application_no": patent_no(Y, 1, ctx.port), "patent_type": "invention",
                          "patent_status": "filed"})
    create(c, "outputs", {"kind": "patent", "title": uniq("专利"), "date": "%d-03-01" % P,
                          "application_no": patent_no(P, 2, ctx.port), "patent_type": "utility_model",
                          "patent_status": "granted", "granted_on": "%d-04-01" % Y})
    create(c, "outputs", {"kind": "tech_service", "title": uniq("服务"), "date": "%d-05-01" % Y,
                          "client_enterprise_id": e1, "contract_amount": 100000, "amount_received": 60000})
    create(c, "outputs", {"kind": "tech_service", "title": uniq("服务"), "date": "%d-01-01" % P,
                          "client_enterprise_id": e1, "contract_amount": 5, "amount_received": 5})

    kp = create(c, "key-projects", {"name": uniq("双高"), "level": "provincial", "first_year": P,
                                    "last_year": Y + 1})["id"]
    book = create(c, "task-books", {"project_id": kp, "year": Y, "title": "年度任务书"})["id"]
    for code, status, deadline in (("1", "done", china_day(-20)), ("2", "cancelled", china_day(-20)),
                                   ("3", "in_progress", china_day(-10)), ("4", "not_started", china_day(100))):
        create(c, "tasks", {"task_book_id": book, "code": code, "title": uniq("任务"), "status": status,
                            "deadline": deadline})

    # This year, on paper.
    r = c.get(API + "/dashboard")
    expect(r, 200)
    d = r.json
    eq(d["year"], Y, "default year")
    v = values(d)
    eq(len(v["projects"]), 1, "projects of the year")
    p = v["projects"][0]
    eq((p["id"], p["tasks"], p["done"], p["overdue"], p["cancelled"]), (kp, 4, 1, 1, 1), "project figures")
    eq(p["completion_rate"], 0.3333, "completion = done / (tasks - cancelled)")
    co, sv = v["cooperation"], v["service"]
    eq(co["partner_enterprises"], 3, "partners: e1, e2, e3")
    eq(co["manufacturing_partners"], 2, "manufacturing partners: e1, e2")
    eq(co["manufacturing_share"], 0.6667, "manufacturing share")
    eq(co["carriers"]["training_base"], {"negotiating": 0, "signed": 1, "active": 1, "ended": 1}, "training bases")
    eq(co["carriers"]["industry_college"]["signed"], 1, "industry colleges signed")
    eq(co["carriers"]["order_class"]["negotiating"], 1, "order classes negotiating")
    eq(co["student_places"], 65, "places: 40 + 25")
    eq(co["placements"], {"cognition": 0, "post": 1, "employment": 1}, "placements at partners")
    eq(co["expiring_90d"], 1, "expiring within 90 days")
    eq(sv["training_person_times"], 30, "person-times: 20 + 10")
    eq(sv["training_person_hours"], 320, "person-hours: 8*20 + 16*10")
    eq(sv["service_contract_value"], 100000, "contract value")
    eq(sv["service_amount_received"], 60000, "received")
    eq((sv["patents_filed"], sv["patents_granted"]), (1, 1), "patents filed and granted")
    eq(sv["certificates"], {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0}, "certificates by level")
    eq(sv["gold_collar"], 2, "gold collar")
    eq(sv["graduates_employed_at_partners"], 1, "graduates employed at partners")
    for path, fig in figures(d):
        eq(follow(c, path, fig), fig["value"], "%s: its list %s" % (path, fig["list"]))

    # Last year: carriers in force on its 31 December.
    d = c.get("%s/dashboard?year=%d" % (API, P)).json
    v = values(d)
    co, sv = v["cooperation"], v["service"]
    eq(v["projects"], [{**v["projects"][0], "tasks": 0, "done": 0, "overdue": 0, "cancelled": 0}],
       "last year's project has no task book")
    eq(co["partner_enterprises"], 3, "last year's partners: e2, e3 (industry college), e5 (ended since)")
    eq(co["manufacturing_partners"], 2, "last year's manufacturing partners: e2, e5")
    eq(co["carriers"]["training_base"], {"negotiating": 0, "signed": 0, "active": 0, "ended": 1},
       "last year's bases as they stand")
    eq(co["student_places"], 100, "last year's places: the base since ended")
    eq(co["placements"], {"cognition": 1, "post": 0, "employment": 0}, "last year's placements")
    eq((sv["training_person_times"], sv["training_person_hours"]), (5, 200), "last year's training")
    eq((sv["patents_filed"], sv["patents_granted"]), (1, 0), "last year's patents")
    eq(sv["certificates"]["4"], 1, "last year's level-4 certificate")
    eq(sv["service_contract_value"], 5, "last year's contracts")
    for path, fig in figures(d):
        eq(follow(c, path, fig), fig["value"], "%d %s: its list %s" % (P, path, fig["list"]))


@test("t2302", "demo dashboard: every figure's list gives its total or sum, for several years")
def t_demo_links(ctx):
    c = ctx.admin
    for year in (2023, 2024, this_year()):
        r = c.get("%s/dashboard?year=%d" % (API, year))
        expect(r, 200)
        n = 0
        for path, fig in figures(r.json):
            eq(follow(c, path, fig), fig["value"], "%d %s: its list %s" % (year, path, fig["list"]))
            n += 1
        check(n > 40, "only %d figures" % n)
    d = c.get(API + "/dashboard?year=2023").json
    check(d["cooperation"]["partner_enterprises"]["value"] > 0, "the demo has partners in 2023")
    check(d["service"]["gold_collar"]["value"] > 0, "the demo has gold-collar certificates in 2023")
    check(len(d["projects"]) >= 1, "the demo has key projects in 2023")
    # a generated college (chanjiao gen's records): its key project's figures link too
    g = ctx.client("admin", tenant="jxzy")
    for year in (2023, 2025):
        r = g.get("%s/dashboard?year=%d" % (API, year))
        expect(r, 200)
        p = r.json["projects"]
        eq(len(p), 1, "jxzy %d: one generated key project" % year)
        eq(p[0]["tasks"]["value"], 25, "jxzy %d: 25 tasks in the year's task book" % year)
        check(p[0]["done"]["value"] > 0, "jxzy %d: done tasks" % year)
        check(p[0]["indicator_attainment"] is not None, "jxzy %d: indicator attainment" % year)
        for path, fig in figures(r.json):
            eq(follow(g, path, fig), fig["value"], "jxzy %d %s: its list %s" % (year, path, fig["list"]))


def viewer(ctx, code="jxjyj"):
    return ctx.client("viewer", tenant=code)


@test("t2303", "region 330400: the demo's bureaus see its three colleges; totals are the sum of their dashboards")
def t_region_sum(ctx):
    for bureau in ("jxjyj", "jxrsj"):
        b = viewer(ctx, bureau)
        eq(b.user["role"], "bureau_viewer", "role of the bureau's viewer")
        eq(b.user["tenant"]["kind"], "bureau", "kind of " + bureau)
        for year in (2023, 2024):
            r = b.get("%s/regions/330400/dashboard?year=%d" % (API, year))
            expect(r, 200)
            d = r.json
            eq(d["region"], {"code": "330400", "name": "嘉兴市"}, "region")
            codes = [x["tenant"]["code"] for x in d["colleges"]]
            eq(codes, sorted(codes), "default order: by code")
            for want in ("jxjsxy", "jxzy", "phjg"):
                check(want in codes, "college %s missing from %r" % (want, codes))
            for x in d["colleges"]:
                check(x["tenant"]["region_code"].startswith("3304"), "a college outside 3304: %r" % x["tenant"])

            def add(a, b2):
                if isinstance(b2, dict):
                    return {k: add(a.get(k) if isinstance(a, dict) else None, v) for k, v in b2.items()}
                if isinstance(b2, int) and not isinstance(b2, bool):
                    return (a or 0) + b2
                return None

            total = None
            for x in d["colleges"]:
                total = add(total or {}, x["figures"])
                if x["tenant"]["code"] not in ("jxjsxy", "jxzy", "phjg"):
                    continue  # a college another test made, whose administrator we cannot be
                # each demo college's figures are its own dashboard's values
                own = ctx.client("admin", tenant=x["tenant"]["code"]).get("%s/dashboard?year=%d" % (API, year)).json
                ov = values(own)
                projects = {k: sum(p[k] for p in ov["projects"]) for k in ("tasks", "done", "overdue", "cancelled")}
                eq(x["figures"]["projects"]["tasks"], projects["tasks"], "%s projects" % x["tenant"]["code"])
                eq(x["figures"]["cooperation"], ov["cooperation"], "%s cooperation" % x["tenant"]["code"])
                eq(x["figures"]["service"], ov["service"], "%s service" % x["tenant"]["code"])

            def ints(a, b2, path=""):
                if isinstance(b2, dict):
                    for k in b2:
                        ints(a[k], b2[k], path + "." + k)
                elif isinstance(b2, int) and not isinstance(b2, bool):
                    eq(a, b2, "totals%s" % path)

            ints(d["totals"], total)
            co = d["totals"]["cooperation"]
            if co["partner_enterprises"]:
                eq(co["manufacturing_share"], round(co["manufacturing_partners"] / co["partner_enterprises"], 4),
                   "the region's manufacturing share")
        # sorted by a figure, both ways
        r = b.get(API + "/regions/330400/dashboard?year=2023&sort=service.gold_collar")
        expect(r, 200)
        g = [x["figures"]["service"]["gold_collar"] for x in r.json["colleges"]]
        eq(g, sorted(g), "ascending by gold collar")
        r = b.get(API + "/regions/330400/dashboard?year=2023&sort=-cooperation.partner_enterprises")
        expect(r, 200)
        g = [x["figures"]["cooperation"]["partner_enterprises"] for x in r.json["colleges"]]
        eq(g, sorted(g, reverse=True), "descending by partners")
        # a district of the region
        r = b.get(API + "/regions/330482/dashboard")
        expect(r, 200)
        eq([x["tenant"]["code"] for x in r.json["colleges"]], ["phjg"], "district 330482")


@test("t2304", "a bureau viewer of 330400: 404 for 330100, 330000 and every record endpoint; figures, never records")
def t_bureau_walls(ctx):
    b = viewer(ctx)
    for code in ("330100", "330000", "330500", "33040", "3304000", "abcdef", "000000"):
        expect(b.get("%s/regions/%s/dashboard" % (API, code)), 404, "not_found", what="region " + code)
    for path in ("/enterprises", "/carriers", "/carriers/1", "/students", "/students/1", "/students/1/pii",
                 "/placements", "/certificates", "/trainings", "/outputs", "/staff", "/tasks", "/key-projects",
                 "/dashboard", "/dashboard/projects", "/todo", "/search?q=%E7%8E%8B", "/audit", "/users", "/tenants",
                 "/events", "/login-log"):
        expect(b.get(API + path), 404, "not_found", what="bureau GET " + path)
    for path, body in (("/enterprises", {"name": "x"}), ("/students/search", {"id_number": id_number(1)})):
        expect(b.post(API + path, json=body), 404, "not_found", what="bureau POST " + path)
    r = b.get(API + "/session")
    expect(r, 200)
    eq(sorted(r.json["permissions"]), sorted(["GET /api/v1/session", "DELETE /api/v1/session",
                                              "POST /api/v1/session/password", "GET /api/v1/dictionaries",
                                              "GET /api/v1/dictionaries/:name",
                                              "GET /api/v1/regions/:code/dashboard"]),
       "a bureau's permissions: the session, dictionaries and the region's figures")
    expect(b.get(API + "/dictionaries/carrier_kind"), 200)
    r = b.get(API + "/regions/330400/dashboard?year=2023")
    expect(r, 200)
    text = r.text
    for word in ("phone", "id_number", "student_no", "holder_name", '"list"'):
        check(word not in text, "the region's answer holds %s" % word)
    # a bureau viewer inside a college (the demo's jyj) is no bureau
    expect(ctx.as_("jyj").get(API + "/regions/330400/dashboard"), 404, "not_found")
    expect(ctx.as_("jyj").get(API + "/dashboard"), 200)
    expect(ctx.admin.get(API + "/regions/330400/dashboard"), 403, "forbidden")
    # a province's bureau sees the province and its cities
    root = ctx.as_("root")
    code = "zjsjyt%d" % (ctx.port % 1000)
    expect(root.post(API + "/tenants", json={"code": code, "name": uniq("浙江省教育厅"), "kind": "bureau",
                                            "region_code": "330000", "admin_username": "viewer",
                                            "admin_password": "Prov2023pass"}), 201)
    p = ctx.client("viewer", tenant=code, password="Prov2023pass")
    eq(p.user["role"], "bureau_viewer", "a bureau's first user")
    r = p.get(API + "/regions/330000/dashboard?year=2023")
    expect(r, 200)
    codes = [x["tenant"]["code"] for x in r.json["colleges"]]
    for want in ("jxjsxy", "jxzy", "phjg"):
        check(want in codes, "province misses %s" % want)
    check(all(x["tenant"]["kind"] != "bureau" for x in r.json["colleges"]), "a bureau among the colleges")
    expect(p.get(API + "/regions/330400/dashboard"), 200)
    expect(p.get(API + "/regions/320000/dashboard"), 404, "not_found")


@test("t2305", "dashboard and region: bad year, unknown parameter, unknown sort are 400; list filters check their values")
def t_bad_input(ctx):
    c = ctx.admin
    for qs in ("year=1999", "year=2101", "year=abc", "year=", "yaer=2023", "year=2023&sort=x"):
        expect(c.get(API + "/dashboard?" + qs), 400, "invalid_argument", what="dashboard?" + qs)
    b = viewer(ctx)
    for qs in ("year=1999", "year=x", "sort=nope", "sort=-service", "sort=service.gold_collar.x", "other=1"):
        expect(b.get(API + "/regions/330400/dashboard?" + qs), 400, "invalid_argument", what="region?" + qs)
    for coll, qs in (("enterprises", "partner_in=1999"), ("enterprises", "partner=maybe"),
                     ("carriers", "in_force=x"), ("carriers", "year=20233"), ("placements", "aborted=1"),
                     ("placements", "at_partner=0"), ("students", "employed_at_partner=x"),
                     ("trainings", "year=x"), ("certificates", "year=1"), ("outputs", "granted_in=y")):
        expect(c.get("%s/%s?%s" % (API, coll, qs)), 400, "invalid_argument", what="%s?%s" % (coll, qs))
    # the named filters are in the OpenAPI document
    doc = Client(ctx.base).get(API + "/openapi.json").json
    for path, name in (("/api/v1/enterprises", "partner_in"), ("/api/v1/carriers", "in_force"),
                       ("/api/v1/placements", "at_partner"), ("/api/v1/students", "employed_at_partner"),
                       ("/api/v1/outputs", "granted_in"), ("/api/v1/certificates", "year")):
        names = [p["name"] for p in doc["paths"][path]["get"]["parameters"] if "name" in p]
        check(name in names, "%s: filter %s not documented" % (path, name))


@test("t2306", "a dashboard answered again is kept only while nothing changed: a new record shows at once")
def t_kept_until_change(ctx):
    Y = this_year()
    c = new_college(ctx, "dashk%d" % (ctx.port % 10000))
    first = c.get(API + "/dashboard").json
    eq(c.get(API + "/dashboard").json, first, "the same answer again")
    eq(first["service"]["gold_collar"]["value"], 0, "no certificate yet")
    create(c, "certificates", {"holder_type": "employee", "holder_name": "职工乙", "occupation": "电工",
                               "holder_id_number": id_number(802, "19800101"), "level": 2,
                               "certificate_no": uniq("C"), "issue_date": "%d-01-15" % Y})
    eq(c.get(API + "/dashboard").json["service"]["gold_collar"]["value"], 1, "the new certificate counts at once")
    b = viewer(ctx)
    before = b.get("%s/regions/330400/dashboard?year=%d" % (API, Y)).json["totals"]["service"]["gold_collar"]
    jx = ctx.admin
    create(jx, "certificates", {"holder_type": "employee", "holder_name": "职工丙", "occupation": "电工",
                                "holder_id_number": id_number(803, "19800101"), "level": 1,
                                "certificate_no": uniq("C"), "issue_date": "%d-01-15" % Y})
    after = b.get("%s/regions/330400/dashboard?year=%d" % (API, Y)).json["totals"]["service"]["gold_collar"]
    eq(after, before + 1, "the region's total follows a new certificate of one of its colleges")
    # A region's answer is kept too (per year and sort): a new college of the region, and a
    # record of it, show at once, sorted or not.
    path = "%s/regions/330400/dashboard?year=%d&sort=-service.gold_collar" % (API, Y)
    first = b.get(path).json
    eq(b.get(path).json, first, "the same region answer again")
    code = "dashr%d" % (ctx.port % 10000)
    n = new_college(ctx, code, region="330411")
    again = b.get(path).json
    eq(len(again["colleges"]), len(first["colleges"]) + 1, "the new college is in the region's table")
    check(code in [x["tenant"]["code"] for x in again["colleges"]], "the new college by its code")
    create(n, "certificates", {"holder_type": "employee", "holder_name": "职工丁", "occupation": "电工",
                               "holder_id_number": id_number(804, "19800101"), "level": 1,
                               "certificate_no": uniq("C"), "issue_date": "%d-02-15" % Y})
    last = b.get(path).json
    eq(last["totals"]["service"]["gold_collar"], again["totals"]["service"]["gold_collar"] + 1,
       "the new college's certificate in the region's total")
    mine = [x for x in last["colleges"] if x["tenant"]["code"] == code][0]
    eq(mine["figures"]["service"]["gold_collar"], 1, "and in its row")


@test("t2308", "a region of ten colleges, computed on two connections: each row is its college's dashboard, kept until a write")
def t_region_many(ctx):
    Y = this_year()
    root = ctx.as_("root")
    colleges = []
    for i in range(10):
        code = "dashz%d%02d" % (ctx.port % 10000, i)
        c = new_college(ctx, code, region="33090%d" % (i % 3 + 1))
        for k in range(i % 4):
            create(c, "certificates", {"holder_type": "employee", "holder_name": "职工%d" % k, "occupation": "电工",
                                       "holder_id_number": id_number(900 + i * 10 + k, "19800101"),
                                       "level": 1 + k % 3, "certificate_no": uniq("Z"),
                                       "issue_date": "%d-0%d-10" % (Y, k + 1)})
        colleges.append((code, c))
    code = "zsjyj%d" % (ctx.port % 1000)
    expect(root.post(API + "/tenants", json={"code": code, "name": uniq("舟山市教育局"), "kind": "bureau",
                                            "region_code": "330900", "admin_username": "viewer",
                                            "admin_password": "Zhou2023pass"}), 201)
    b = ctx.client("viewer", tenant=code, password="Zhou2023pass")
    path = "%s/regions/330900/dashboard?year=%d" % (API, Y)
    first = b.get(path).json
    eq([x["tenant"]["code"] for x in first["colleges"]], [c for c, _ in colleges], "the region's colleges, by code")
    for (cc, c), row in zip(colleges, first["colleges"]):
        own = values(c.get("%s/dashboard?year=%d" % (API, Y)).json)
        for pillar in ("cooperation", "service"):
            eq(row["figures"][pillar], own[pillar], "%s's %s in the region's row" % (cc, pillar))
    eq(first["totals"]["service"]["gold_collar"],
       sum(x["figures"]["service"]["gold_collar"] for x in first["colleges"]), "the total of gold collars")
    eq(first["totals"]["service"]["certificates"]["3"], sum(1 for i in range(10) for k in range(i % 4) if k % 3 == 2),
       "the level-3 certificates counted on paper")
    eq(b.get(path).json, first, "the same answer again")
    # a write in the ninth college: its row and the total follow, the others stay
    create(colleges[8][1], "certificates", {"holder_type": "employee", "holder_name": "职工戊", "occupation": "电工",
                                            "holder_id_number": id_number(999, "19800101"), "level": 1,
                                            "certificate_no": uniq("Z"), "issue_date": "%d-05-10" % Y})
    after = b.get(path).json
    eq(after["totals"]["service"]["gold_collar"], first["totals"]["service"]["gold_collar"] + 1, "the total after a write")
    eq(after["colleges"][8]["figures"]["service"]["gold_collar"],
       first["colleges"][8]["figures"]["service"]["gold_collar"] + 1, "the written college's row")
    eq([x for i, x in enumerate(after["colleges"]) if i != 8], [x for i, x in enumerate(first["colleges"]) if i != 8],
       "the other colleges' rows")


@test("t2307", "chanjiao gen: a college whose figures follow their lists, found by search, audit intact; bad input refused")
def t_gen(ctx):
    db = ctx.empty_db()
    rc, so, se = cli(ctx, "gen", "--db", db, "--profile", "college", "--seed", "5")
    eq(rc, 0, "gen: %s" % se[-400:])
    check(" records in " in so, "gen says what it wrote: %r" % so)
    check("gen: college 1/1 (gen3304001) done: " in se, "gen's progress off a terminal, a line a college: %r" % se)
    rc, so, se = cli(ctx, "audit", "verify", "--db", db)
    eq(rc, 0, "the audit chains of a generated region: %s %s" % (so[-400:], se[-400:]))
    rc, so, se = cli(ctx, "search", "check", "--db", db)
    eq(rc, 0, "the full-text index of a generated region: %s %s" % (so[-400:], se[-400:]))
    s = ctx.start_server(db=db)
    c = ctx.client("admin", tenant="gen3304001", password="chanjiao2023", base=s.base)
    for year in (2023, 2024):
        r = c.get("%s/dashboard?year=%d" % (API, year))
        expect(r, 200)
        for path, fig in figures(r.json):
            eq(follow(c, path, fig), fig["value"], "%d %s: its list %s" % (year, path, fig["list"]))
    d = c.get(API + "/dashboard?year=2024").json
    check(d["cooperation"]["partner_enterprises"]["value"] > 0, "generated partners in 2024")
    check(d["service"]["patents_filed"]["value"] == 2, "two patents filed a year: %r" % d["service"]["patents_filed"])
    # Every named record is in the search index: a student and an enterprise are found by name.
    for coll in ("students", "enterprises", "certificates"):
        first = c.get("%s/%s?size=1&sort=-id" % (API, coll)).json["items"][0]
        name = first.get("name") or first.get("holder_name")
        found = c.get("%s/%s?%s" % (API, coll, q({"q": name, "size": 100}))).json
        check(first["id"] in [x["id"] for x in found["items"]], "%s %r found by q" % (coll, name))
    # The same region again into the same database: refused, nothing half-written.
    rc, so, se = cli(ctx, "gen", "--db", db, "--profile", "college", "--seed", "5")
    eq(rc, 1, "gen over an existing region: %s" % se[-400:])
    check("code" in se, "a clear error naming the code: %r" % se[-400:])
    eq(c.get(API + "/students?size=1").json["total"], 4000, "the first region's students, no more")
    for bad in (["--profile", "town"], ["--seed", "x"], ["--seed", "-1"]):
        rc, so, se = cli(ctx, "gen", "--db", db, *bad)
        eq(rc, 2, "gen %s is a usage error: %s" % (" ".join(bad), se[-300:]))

"""t08xx: roles (staff, enterprise_contact, bureau_viewer) and tenant isolation."""

from fx import API, get, list_all, new_carrier, new_department, new_enterprise, new_staff, other_department, q
from lib import check, eq, expect, items_of, new_uscc, test, uniq


def own_dept(ctx):
    return ctx.as_("zhoubb").user["department_id"]


@test("t0801", "staff reads the college's records: the same lists as the administrator, phones masked")
def t_staff_reads(ctx):
    s = ctx.as_("zhoubb")
    for coll in ("enterprises", "carriers", "events", "departments", "staff"):
        mine = expect(s.get(API + "/" + coll + "?size=200"), 200, what=coll)
        theirs = ctx.admin.get(API + "/" + coll + "?size=200").json
        check(mine["total"] > 0 and mine["total"] == theirs["total"], "%s: total %r, admin sees %r"
              % (coll, mine["total"], theirs["total"]))
        check(sorted(x["id"] for x in mine["items"]) == sorted(x["id"] for x in theirs["items"]), coll + " ids")
    dicts = items_of(expect(s.get(API + "/dictionaries"), 200))
    check(any(d.get("name") == "carrier_kind" for d in dicts), "dictionaries: carrier_kind missing")
    e = new_enterprise(ctx.admin, contact_phone="13812345678")
    got = expect(s.get("%s/enterprises/%d" % (API, e["id"])), 200)
    check(got["id"] == e["id"] and got["name"] == e["name"] and got["uscc"] == e["uscc"], "record %r" % got)
    check(got.get("contact_phone") == "138****5678", "phone not masked: %r" % got.get("contact_phone"))


@test("t0802", "staff cannot write enterprises, events, departments, staff, users")
def t_staff_writes(ctx):
    s = ctx.as_("zhoubb")
    a = ctx.admin
    e = new_enterprise(a)
    d = new_department(a)
    cases = [
        ("POST", "/enterprises", {"name": uniq("企业"), "uscc": new_uscc()}),
        ("PATCH", "/enterprises/%d" % e["id"], {"remark": "x", "version": 1}),
        ("DELETE", "/enterprises/%d" % e["id"], None),
        ("POST", "/events", {"title": uniq("活动"), "date": "2023-05-06"}),
        ("POST", "/departments", {"name": uniq("系")}),
        ("PATCH", "/departments/%d" % d["id"], {"remark": "x", "version": 1}),
        ("DELETE", "/departments/%d" % d["id"], None),
        ("POST", "/staff", {"name": uniq("教师")}),
        ("POST", "/users", {"username": uniq("u").replace("-", "_"), "password": "12345678", "role": "school_admin"}),
    ]
    for m, path, body in cases:
        r = s.request(m, API + path, json=body)
        expect(r, 403, "forbidden", what="%s %s" % (m, path))
    eq(get(a, "enterprises", e["id"])["version"], 1, "enterprise after refused writes")
    get(a, "departments", d["id"])


@test("t0803", "staff writes carriers of their own department only")
def t_staff_carriers(ctx):
    s = ctx.as_("zhoubb")
    a = ctx.admin
    mine = own_dept(ctx)
    other = other_department(ctx, mine)
    r = s.post(API + "/carriers", json={"kind": "order_class", "name": uniq("本系订单班"), "department_id": mine})
    expect(r, 201)
    rec = r.json
    u = "%s/carriers/%d" % (API, rec["id"])
    r = s.patch(u, json={"remark": "ok"}, version=1)
    expect(r, 200)
    r = s.patch(u, json={"department_id": other}, version=2)
    expect(r, 403, "forbidden", what="moving into another department")
    eq(get(a, "carriers", rec["id"])["department_id"], mine, "department after refused move")
    expect(s.post(API + "/carriers", json={"kind": "order_class", "name": uniq("他系"), "department_id": other}),
           403, "forbidden")
    theirs = new_carrier(a, department_id=other)
    tu = "%s/carriers/%d" % (API, theirs["id"])
    expect(s.patch(tu, json={"remark": "x"}, version=1), 403, "forbidden")
    expect(s.patch(tu, json={"department_id": mine}, version=1), 403, "forbidden")
    expect(s.delete(tu), 403, "forbidden")
    eq(get(a, "carriers", theirs["id"])["version"], 1, "other department's carrier after refused writes")
    expect(s.delete(u), 204)


@test("t0804", "enterprise contact sees only carriers its enterprise partners in, and its own enterprise")
def t_contact(ctx):
    h = ctx.as_("hugl")
    a = ctx.admin
    eid = h.user["enterprise_id"]
    mine = list_all(h, "carriers")
    check(len(mine) >= 1, "hugl sees no carriers")
    for it in mine:
        ps = get(a, "carriers", it["id"])["partners"]
        check(eid in [p["enterprise_id"] for p in ps], "hugl sees carrier %d without being a partner" % it["id"])
        expect(h.get("%s/carriers/%d" % (API, it["id"])), 200)
    mine_ids = {it["id"] for it in mine}
    everyone = list_all(a, "carriers")
    others = [it for it in everyone if it["id"] not in mine_ids]
    check(others, "no other carriers")
    for it in others[:5]:
        r = h.get("%s/carriers/%d" % (API, it["id"]))
        expect(r, 404, "not_found", what="carrier %d" % it["id"])
        check(it["name"] not in r.text, "name of a hidden carrier in the 404")
    # a carrier created now with the enterprise as a (non-lead) partner becomes visible
    e2 = new_enterprise(a)
    nc = new_carrier(a, partners=[{"enterprise_id": e2["id"], "lead": True}, {"enterprise_id": eid, "lead": False}])
    expect(h.get("%s/carriers/%d" % (API, nc["id"])), 200)
    # enterprises: only its own
    expect(h.get("%s/enterprises/%d" % (API, eid)), 200)
    r = h.get("%s/enterprises/%d" % (API, e2["id"]))
    check(r.status in (403, 404) and e2["name"] not in r.text, "another enterprise: %s" % r.short())
    r = h.get(API + "/enterprises?size=200")
    expect(r, 200)
    eq([i["id"] for i in items_of(r.json)], [eid], "enterprises listed to the contact")
    eq(r.json["total"], 1, "total of enterprises listed to the contact")


@test("t0805", "enterprise contact: everything else 403, no writes")
def t_contact_forbidden(ctx):
    h = ctx.as_("hugl")
    eid = h.user["enterprise_id"]
    for coll in ("events", "departments", "staff", "users", "audit"):
        expect(h.get(API + "/" + coll), 403, "forbidden", what=coll)
    ev = ctx.cache("any_event", lambda: items_of(ctx.admin.get(API + "/events").json)[0]["id"])
    expect(h.get("%s/events/%d" % (API, ev)), 403, "forbidden")
    ver = get(ctx.admin, "enterprises", eid)["version"]
    expect(h.patch("%s/enterprises/%d" % (API, eid), json={"remark": "x"}, version=ver), 403, "forbidden")
    expect(h.post(API + "/carriers", json={"kind": "order_class", "name": uniq("班"),
                                           "partners": [{"enterprise_id": eid, "lead": True}]}), 403, "forbidden")
    expect(h.post(API + "/enterprises", json={"name": uniq("企业"), "uscc": new_uscc()}), 403, "forbidden")
    expect(h.get("%s/enterprises/%d/pii" % (API, eid)), 403, "forbidden")


@test("t0806", "bureau viewer reads, every write answers 403")
def t_bureau(ctx):
    b = ctx.as_("jyj")
    a = ctx.admin
    for coll in ("enterprises", "carriers", "events", "departments"):
        expect(b.get(API + "/" + coll), 200, what=coll)
    e = new_enterprise(a)
    car = new_carrier(a)
    d = new_department(a)
    cases = [
        ("POST", "/enterprises", {"name": uniq("企业"), "uscc": new_uscc()}),
        ("PATCH", "/enterprises/%d" % e["id"], {"remark": "x", "version": 1}),
        ("DELETE", "/enterprises/%d" % e["id"], None),
        ("POST", "/carriers", {"kind": "order_class", "name": uniq("班")}),
        ("PATCH", "/carriers/%d" % car["id"], {"status": "signed", "version": 1}),
        ("DELETE", "/carriers/%d" % car["id"], None),
        ("POST", "/events", {"title": uniq("活动"), "date": "2023-05-06"}),
        ("POST", "/departments", {"name": uniq("系")}),
        ("DELETE", "/departments/%d" % d["id"], None),
        ("POST", "/staff", {"name": uniq("教师")}),
        ("POST", "/users", {"username": uniq("u").replace("-", "_"), "password": "12345678", "role": "staff"}),
        ("POST", "/dictionaries", {"name": "bureau_x", "label_zh": "x", "label_en": "x", "values": []}),
    ]
    for m, path, body in cases:
        expect(b.request(m, API + path, json=body), 403, "forbidden", what="%s %s" % (m, path))
    eq(get(a, "carriers", car["id"])["status"], "negotiating", "carrier after refused PATCH")
    expect(b.get("%s/enterprises/%d/pii" % (API, e["id"])), 403, "forbidden")
    expect(b.get(API + "/audit?entity=enterprise&entity_id=%d" % e["id"]), 403, "forbidden")


@test("t0807", "audit and PII are school_admin only")
def t_admin_only(ctx):
    a = ctx.admin
    e = new_enterprise(a)
    st = new_staff(a)
    for who in ("zhoubb", "hugl", "jyj"):
        c = ctx.as_(who)
        expect(c.get("%s/audit?%s" % (API, q({"entity": "enterprise", "entity_id": e["id"]}))), 403, "forbidden",
               what=who + " audit")
        expect(c.get("%s/staff/%d/pii" % (API, st["id"])), 403, "forbidden", what=who + " staff pii")
    expect(ctx.as_("zhoubb").get("%s/enterprises/%d/pii" % (API, e["id"])), 403, "forbidden")


# ---------------------------------------------------------------------------------------------
# tenant isolation


def t2_records(ctx):
    def make():
        t = ctx.as_("t2")
        tag = uniq("")[1:]
        e = new_enterprise(t, name="异校企业" + tag, contact_phone="13700001111")
        d = new_department(t, name="异校院系" + tag)
        car = new_carrier(t, name="异校载体" + tag, department_id=d["id"],
                          partners=[{"enterprise_id": e["id"], "lead": True}])
        ev = t.post(API + "/events", json={"title": "异校活动" + tag, "date": "2023-05-06",
                                           "actions": [{"action": "plaque_awarded", "target_type": "carrier",
                                                        "target_id": car["id"]}]})
        expect(ev, 201, what="t2 event")
        st = new_staff(t, name="异校教师" + tag, department_id=d["id"])
        return {"enterprise": e, "department": d, "carrier": car, "event": ev.json, "staff": st, "tag": tag}

    return ctx.cache("t2_records", make)


NAME_KEY = {"enterprises": "name", "departments": "name", "carriers": "name", "events": "title", "staff": "name"}
PATCH_FIELD = {"enterprises": "remark", "departments": "remark", "carriers": "remark", "events": "place",
               "staff": "title"}
SINGULAR = {"enterprises": "enterprise", "departments": "department", "carriers": "carrier", "events": "event",
            "staff": "staff"}


@test("t0810", "another college's records by id answer 404 without their content")
def t_iso_get(ctx):
    recs = t2_records(ctx)
    a = ctx.admin
    for coll, key in NAME_KEY.items():
        rec = recs[SINGULAR[coll]]
        u = "%s/%s/%d" % (API, coll, rec["id"])
        for r, how in ((a.get(u), "GET"),
                       (a.patch(u, json={PATCH_FIELD[coll]: "x"}, version=rec["version"]), "PATCH"),
                       (a.delete(u), "DELETE")):
            expect(r, 404, "not_found", what="%s %s" % (how, u))
            check(rec[key] not in r.text and recs["tag"] not in r.text, "content leaked in %s %s" % (how, u))
    for coll in ("enterprises", "staff"):
        u = "%s/%s/%d/pii" % (API, coll, recs[SINGULAR[coll]]["id"])
        r = a.get(u)
        expect(r, 404, "not_found", what=u)
        check("13700001111" not in r.text, "phone leaked")
    # still intact for their owner
    t = ctx.as_("t2")
    g = get(t, "carriers", recs["carrier"]["id"])
    eq(g["version"], 1, "t2 carrier after foreign PATCH")


@test("t0811", "another college's records never appear in lists, search or filters")
def t_iso_list(ctx):
    recs = t2_records(ctx)
    a = ctx.admin
    tag = recs["tag"]
    for coll in ("enterprises", "departments", "carriers", "events", "staff"):
        r = a.get("%s/%s?%s" % (API, coll, q({"q": tag})))
        expect(r, 200, what=coll)
        eq(r.json["total"], 0, "%s matching the other college's tag" % coll)
        check(tag not in r.text, "tag in %s list" % coll)
    r = a.get("%s/carriers?%s" % (API, q({"enterprise_id": recs["enterprise"]["id"]})))
    check(r.status in (200, 404), r.short())
    if r.status == 200:
        eq(r.json["total"], 0, "carriers filtered by the other college's enterprise")
    r = a.get("%s/carriers?%s" % (API, q({"department_id": recs["department"]["id"]})))
    check(r.status in (200, 404), r.short())
    if r.status == 200:
        eq(r.json["total"], 0, "carriers filtered by the other college's department")
    r = a.get("%s/audit?%s" % (API, q({"entity": "enterprise", "entity_id": recs["enterprise"]["id"]})))
    check(r.status in (200, 404), r.short())
    check(tag not in r.text, "other college's audit rows visible")
    if r.status == 200:
        eq(items_of(r.json), [], "audit rows of the other college's enterprise")
    # and the other way round
    t = ctx.as_("t2")
    r = t.get("%s/events?%s" % (API, q({"q": "智造创新强市"})))
    expect(r, 200)
    eq(r.json["total"], 0, "demo event visible to t2")
    r = t.get("%s/enterprises?%s" % (API, q({"q": "加西贝拉"})))
    eq(r.json["total"], 0, "demo enterprise visible to t2")


@test("t0812", "another college's ids as partner, action target or department_id answer 404")
def t_iso_refs(ctx):
    recs = t2_records(ctx)
    a = ctx.admin
    tag = recs["tag"]
    r = a.post(API + "/carriers", json={"kind": "order_class", "name": uniq("跨校"),
                                        "partners": [{"enterprise_id": recs["enterprise"]["id"], "lead": True}]})
    expect(r, 404, "not_found", "partners")
    check(tag not in r.text, "leak")
    r = a.post(API + "/carriers", json={"kind": "order_class", "name": uniq("跨校"),
                                        "department_id": recs["department"]["id"]})
    expect(r, 404, "not_found", "department_id")
    r = a.post(API + "/events", json={"title": uniq("跨校活动"), "date": "2023-05-06",
                                      "actions": [{"action": "agreement_signed", "target_type": "carrier",
                                                   "target_id": recs["carrier"]["id"]}]})
    expect(r, 404, "not_found", "actions")
    check(tag not in r.text, "leak")
    r = a.post(API + "/staff", json={"name": uniq("教师"), "department_id": recs["department"]["id"]})
    expect(r, 404, "not_found", "department_id")
    mine = new_carrier(a)
    r = a.patch("%s/carriers/%d" % (API, mine["id"]),
                json={"partners": [{"enterprise_id": recs["enterprise"]["id"], "lead": True}]}, version=1)
    expect(r, 404, "not_found", "partners")
    r = a.post(API + "/users", json={"username": uniq("u").replace("-", "_"), "password": "12345678x",
                                     "role": "enterprise_contact", "enterprise_id": recs["enterprise"]["id"]})
    expect(r, 404, "not_found", "enterprise_id")
    eq(get(ctx.as_("t2"), "enterprises", recs["enterprise"]["id"])["carriers"][0]["id"], recs["carrier"]["id"],
       "t2 enterprise carriers unchanged")


@test("t0813", "names unique per college only: the same department name in two colleges")
def t_iso_unique(ctx):
    name = uniq("同名系")
    expect(ctx.admin.post(API + "/departments", json={"name": name}), 201)
    expect(ctx.as_("t2").post(API + "/departments", json={"name": name}), 201)
    expect(ctx.as_("t2").post(API + "/users", json={"username": "zhoubb", "password": "12345678x", "role": "staff"}),
           201)

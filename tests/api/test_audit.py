"""t11xx: audit log and personal information (masking, unmasked views)."""

from fx import API, new_carrier, new_enterprise, new_staff, q
from lib import TS_RE, check, eq, expect, items_of, mask_phone, new_phone, new_uscc, test


def audit(c, entity, eid):
    r = c.get("%s/audit?%s" % (API, q({"entity": entity, "entity_id": eid})))
    expect(r, 200, what="audit %s %s" % (entity, eid))
    rows = items_of(r.json)
    for row in rows:
        for k in ("id", "at", "user_id", "username", "action", "entity", "entity_id", "before", "after"):
            check(k in row, "audit row lacks %s: %r" % (k, row))
        check(TS_RE.match(str(row["at"])), "audit at: %r" % row["at"])
        eq((row["entity"], row["entity_id"]), (entity, eid), "audit row entity")
    return sorted(rows, key=lambda x: x["id"]), r


@test("t1101", "every enterprise write leaves one audit row with before/after images")
def t_audit_enterprise(ctx):
    a = ctx.admin
    e = new_enterprise(a, remark="一")
    u = "%s/enterprises/%d" % (API, e["id"])
    r = a.patch(u, json={"remark": "二"}, version=1)
    expect(r, 200)
    expect(a.patch(u, json={"remark": "stale"}, version=1), 409, "version_conflict")
    expect(a.patch(u, json={"size": "gigantic"}, version=2), 400, "invalid_argument", "size")
    expect(a.delete(u), 204)
    rows, _ = audit(a, "enterprise", e["id"])
    eq([x["action"] for x in rows], ["create", "update", "delete"], "audit actions")
    c, up, d = rows
    for x in rows:
        eq((x["user_id"], x["username"]), (a.user["id"], "admin"), "audit user")
    check(c["before"] is None and isinstance(c["after"], dict), "create images: %r" % c)
    eq((c["after"].get("name"), c["after"].get("remark")), (e["name"], "一"), "create after")
    eq((up["before"].get("remark"), up["after"].get("remark")), ("一", "二"), "update images")
    check(isinstance(d["before"], dict) and d["after"] is None, "delete images: %r" % d)
    eq(d["before"].get("name"), e["name"], "delete before")


@test("t1102", "audit for carriers: status moves and partner changes are updates")
def t_audit_carrier(ctx):
    a = ctx.admin
    car = new_carrier(a)
    e = new_enterprise(a)
    u = "%s/carriers/%d" % (API, car["id"])
    expect(a.patch(u, json={"status": "signed"}, version=1), 200)
    expect(a.patch(u, json={"status": "negotiating"}, version=2), 409, "invalid_transition")
    expect(a.patch(u, json={"partners": [{"enterprise_id": e["id"], "lead": True}]}, version=2), 200)
    expect(a.delete(u), 204)
    rows, _ = audit(a, "carrier", car["id"])
    eq([x["action"] for x in rows], ["create", "update", "update", "delete"], "actions")
    eq((rows[1]["before"].get("status"), rows[1]["after"].get("status")), ("negotiating", "signed"), "images")
    eq([p.get("enterprise_id") for p in rows[2]["after"].get("partners", [])], [e["id"]], "partners in the after image")
    eq(rows[2]["before"].get("partners"), [], "partners in the before image")


@test("t1103", "contact_phone is masked in every response; /pii gives it to school_admin and is audited")
def t_pii_enterprise(ctx):
    a = ctx.admin
    phone = new_phone()
    m = mask_phone(phone)
    r = a.post(API + "/enterprises", json={"name": "手机企业" + phone[-6:], "uscc": new_uscc(),
                                           "contact_phone": phone})
    expect(r, 201)
    e = r.json
    eq(e["contact_phone"], m, "masked in the create answer")
    u = "%s/enterprises/%d" % (API, e["id"])
    bodies = [r.text, a.get(u).text, a.get("%s/enterprises?%s" % (API, q({"q": e["name"]}))).text]
    r = a.patch(u, json={"remark": "x"}, version=1)
    expect(r, 200)
    eq(r.json["contact_phone"], m, "masked in the PATCH answer")
    bodies.append(r.text)
    for who in ("zhoubb", "jyj"):
        bodies.append(ctx.as_(who).get(u).text)
    for b in bodies:
        check(phone not in b, "full phone in a response: %s" % b[:300])
    check(m in bodies[1] and m in bodies[2], "masked phone missing from GET/list")
    r = a.get(u + "/pii")
    expect(r, 200)
    eq(r.json, {"contact_phone": phone}, "pii")
    rows, raw = audit(a, "enterprise", e["id"])
    check(phone not in raw.text, "full phone in the audit log")
    views = [x for x in rows if x["action"] == "pii_view"]
    eq(len(views), 1, "pii_view rows")
    eq((views[0]["user_id"], views[0]["username"]), (a.user["id"], "admin"), "pii_view user")
    # clearing and re-setting
    r = a.patch(u, json={"contact_phone": None}, version=2)
    expect(r, 200)
    check(r.json.get("contact_phone") is None, "phone not cleared")
    r = a.get(u + "/pii")
    expect(r, 200)
    check(r.json.get("contact_phone") is None, "pii after clearing: %r" % r.json)


@test("t1104", "staff phone is masked; /staff/{id}/pii for school_admin, audited")
def t_pii_staff(ctx):
    a = ctx.admin
    phone = new_phone()
    s = new_staff(a, phone=phone)
    eq(s["phone"], mask_phone(phone), "masked in create answer")
    u = "%s/staff/%d" % (API, s["id"])
    for body in (a.get(u).text, a.get("%s/staff?%s" % (API, q({"q": s["name"]}))).text, ctx.as_("zhoubb").get(u).text):
        check(phone not in body, "full phone in a response: %s" % body[:300])
    r = a.get(u + "/pii")
    expect(r, 200)
    eq(r.json, {"phone": phone}, "pii")
    rows, raw = audit(a, "staff", s["id"])
    eq([x["action"] for x in rows], ["create", "pii_view"], "audit actions")
    check(phone not in raw.text, "full phone in the audit log")
    expect(a.get("%s/staff/987654321/pii" % API), 404, "not_found")
    expect(a.get("%s/enterprises/987654321/pii" % API), 404, "not_found")


@test("t1105", "audit query parameters are validated")
def t_audit_params(ctx):
    a = ctx.admin
    expect(a.get(API + "/audit?entity=enterprise&entity_id=abc"), 400, "invalid_argument", "entity_id")
    expect(a.get(API + "/audit?entity=enterprise&size=500"), 400, "invalid_argument", "size")
    expect(a.get(API + "/audit?entity=enterprise&colour=1"), 400, "invalid_argument", "colour")
    r = a.get(API + "/audit?entity=enterprise&entity_id=987654321")
    expect(r, 200)
    eq(items_of(r.json), [], "audit rows of a missing id")


@test("t1106", "department and event writes are audited too")
def t_audit_other(ctx):
    a = ctx.admin
    r = a.post(API + "/departments", json={"name": "审计系" + new_phone()[-6:]})
    expect(r, 201)
    d = r.json
    expect(a.delete("%s/departments/%d" % (API, d["id"])), 204)
    rows, _ = audit(a, "department", d["id"])
    eq([x["action"] for x in rows], ["create", "delete"], "department audit")
    r = a.post(API + "/events", json={"title": "审计活动" + new_phone()[-6:], "date": "2023-05-06"})
    expect(r, 201)
    rows, _ = audit(a, "event", r.json["id"])
    eq([x["action"] for x in rows], ["create"], "event audit")

"""t05xx: carriers: validation, partners, dates, status machine, derived flags, filters."""

from fx import API, demo_event, get, new_carrier, new_department, new_enterprise, q
from lib import TS_RE, check, check_record, day, eq, expect, test, uniq

C = API + "/carriers"
KINDS = ("training_base", "industry_college", "enterprise_college", "order_class", "apprenticeship", "joint_center")
DATE_FIELDS = ("signed_on", "valid_from", "valid_to", "plaque_date")


def history(rec):
    """status_history without an optional first entry recording the creation (from null)."""
    h = rec.get("status_history")
    check(isinstance(h, list), "status_history: %r" % (h,))
    if h and h[0].get("from") is None:
        eq(h[0].get("to"), "negotiating", "creation entry of status_history")
        h = h[1:]
    return h


def cu(rec):
    return "%s/%d" % (C, rec["id"])


def move(c, rec, status, end_reason=None):
    b = {"status": status}
    if end_reason:
        b["end_reason"] = end_reason
    return c.patch(cu(rec), json=b, version=rec["version"])


def to_status(c, rec, path):
    for st in path:
        r = move(c, rec, st[0], st[1] if len(st) > 1 else None)
        expect(r, 200, what="move to %s" % (st,))
        rec = r.json
    return rec


@test("t0501", "create a carrier with kind and name: 201, status negotiating")
def t_create_min(ctx):
    c = ctx.admin
    for k in KINDS:
        name = uniq("载体")
        r = c.post(C, json={"kind": k, "name": name})
        expect(r, 201, what=k)
        rec = r.json
        check_record(rec, "carrier")
        eq(r.headers.get("location"), "/api/v1/carriers/%d" % rec["id"], "Location")
        eq((rec["kind"], rec["name"], rec["status"], rec["version"]), (k, name, "negotiating", 1), "record")
        eq(rec.get("partners"), [], "partners")
        check(rec.get("end_reason") is None, "end_reason of a new carrier: %r" % rec.get("end_reason"))
        eq(rec.get("expiring"), False, "expiring without valid_to")
        eq(rec.get("overdue_renewal"), False, "overdue_renewal")


@test("t0502", "kind and name are required and checked")
def t_kind_name(ctx):
    c = ctx.admin
    for k in ("", "base", "Training_Base", "platform", None, 3):
        expect(c.post(C, json={"kind": k, "name": uniq("载体")}), 400, "invalid_argument", "kind", what=repr(k))
    expect(c.post(C, json={"kind": "training_base", "name": ""}), 400, "invalid_argument", "name")
    expect(c.post(C, json={"kind": "training_base", "name": None}), 400, "invalid_argument", "name")
    for st in ("open", "ENDED", "", 1):
        expect(c.post(C, json={"kind": "training_base", "name": uniq("载体"), "status": st}), 400,
               "invalid_argument", "status", what=repr(st))


@test("t0503", "create with every field; partners come back with enterprise_name")
def t_create_full(ctx):
    c = ctx.admin
    e1 = new_enterprise(c)
    e2 = new_enterprise(c)
    dept = ctx.as_("zhoubb").user["department_id"]
    b = {
        "kind": "training_base", "name": uniq("全字段基地"), "department_id": dept,
        "signed_on": "2023-05-06", "valid_from": "2023-05-06", "valid_to": day(1000),
        "plaque_no": "JXJS-2023-01", "plaque_date": "2023-05-06", "capacity": 120, "workstations": 60,
        "on_campus": False, "productive": True, "virtual_sim": False, "base_nature": "joint_built",
        "remark": "校企共建", "partners": [{"enterprise_id": e1["id"], "lead": True},
                                          {"enterprise_id": e2["id"], "lead": False}],
    }
    r = c.post(C, json=b)
    expect(r, 201)
    rec = r.json
    for k, v in b.items():
        if k != "partners":
            eq(rec.get(k), v, k)
    ps = sorted(rec["partners"], key=lambda p: p["enterprise_id"])
    eq([(p["enterprise_id"], p["lead"], p.get("enterprise_name")) for p in ps],
       sorted([(e1["id"], True, e1["name"]), (e2["id"], False, e2["name"])]), "partners")
    eq((rec["expiring"], rec["overdue_renewal"]), (False, False), "derived flags")
    g = get(c, "carriers", rec["id"])
    for k, v in b.items():
        if k != "partners":
            eq(g.get(k), v, "GET " + k)
    eq(history(g), [], "status_history of a new carrier")
    eq(g.get("events"), [], "events of a new carrier")
    for nature in ("school_built", "enterprise_built"):
        expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), "base_nature": nature}), 201)


@test("t0504", "partners: exactly one lead, no duplicates, existing enterprises")
def t_partners(ctx):
    c = ctx.admin
    e1 = new_enterprise(c)
    e2 = new_enterprise(c)
    n = lambda: uniq("合作载体")  # noqa: E731
    bad = [
        [{"enterprise_id": e1["id"], "lead": False}, {"enterprise_id": e2["id"], "lead": False}],
        [{"enterprise_id": e1["id"], "lead": True}, {"enterprise_id": e2["id"], "lead": True}],
        [{"enterprise_id": e1["id"], "lead": False}],
        [{"enterprise_id": e1["id"], "lead": True}, {"enterprise_id": e1["id"], "lead": False}],
        [{"lead": True}],
        [{"enterprise_id": "x", "lead": True}],
        [{"enterprise_id": e1["id"], "lead": "yes"}],
        [e1["id"]],
    ]
    for ps in bad:
        expect(c.post(C, json={"kind": "order_class", "name": n(), "partners": ps}), 400, "invalid_argument",
               "partners", what=repr(ps))
    r = c.post(C, json={"kind": "order_class", "name": n(), "partners": [{"enterprise_id": 987654321, "lead": True}]})
    expect(r, 404, "not_found", "partners")
    r = c.post(C, json={"kind": "order_class", "name": n(),
                        "partners": [{"enterprise_id": e1["id"], "lead": True}, {"enterprise_id": 987654321, "lead": False}]})
    expect(r, 404, "not_found", "partners")
    expect(c.post(C, json={"kind": "order_class", "name": n(), "partners": []}), 201)
    # lead omitted on a second partner means not lead
    r = c.post(C, json={"kind": "order_class", "name": n(),
                        "partners": [{"enterprise_id": e1["id"], "lead": True}, {"enterprise_id": e2["id"]}]})
    check(r.status in (201, 400), r.short())


@test("t0505", "dates must be real YYYY-MM-DD; valid_to not before valid_from")
def t_dates(ctx):
    c = ctx.admin
    bads = ("2023-02-30", "2023/01/01", "2023-1-1", "20230101", "2023-02-29", "2023-13-01", "2023-00-10",
            "2023-04-31", "", "2023-05-06T00:00:00Z", "yesterday", 20230101)
    for f in DATE_FIELDS:
        for v in bads:
            expect(c.post(C, json={"kind": "training_base", "name": uniq("日期"), f: v}), 400, "invalid_argument", f,
                   what="%s=%r" % (f, v))
    for f in DATE_FIELDS:
        r = c.post(C, json={"kind": "training_base", "name": uniq("日期"), f: "2024-02-29"})
        expect(r, 201, what="%s leap day" % f)
        eq(r.json[f], "2024-02-29", f)
    r = c.post(C, json={"kind": "training_base", "name": uniq("日期"), "valid_from": "2023-05-06", "valid_to": "2023-05-05"})
    expect(r, 400, "invalid_argument", "valid_to")
    r = c.post(C, json={"kind": "training_base", "name": uniq("日期"), "valid_from": "2023-05-06", "valid_to": "2023-05-06"})
    expect(r, 201)
    rec = r.json
    r = c.patch(cu(rec), json={"valid_to": "2022-12-31"}, version=1)
    expect(r, 400, "invalid_argument", "valid_to")
    r = c.patch(cu(rec), json={"valid_from": "2024-01-01"}, version=1)
    check(r.status == 400 and (r.error() or {}).get("field") in ("valid_from", "valid_to"),
          "valid_from after the stored valid_to: %s" % r.short())
    eq(get(c, "carriers", rec["id"])["version"], 1, "version after refused PATCHes")


@test("t0506", "capacity, workstations, booleans, base_nature are type-checked")
def t_numbers(ctx):
    c = ctx.admin
    for f in ("capacity", "workstations"):
        for v in ("ten", -1, 1.5, True, "10", [], 1e300):
            expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), f: v}), 400, "invalid_argument", f,
                   what="%s=%r" % (f, v))
        r = c.post(C, json={"kind": "training_base", "name": uniq("基地"), f: 0})
        expect(r, 201, what="%s=0" % f)
        eq(r.json[f], 0, f)
    for f in ("on_campus", "productive", "virtual_sim"):
        for v in ("yes", 1, 0, "true"):
            expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), f: v}), 400, "invalid_argument", f,
                   what="%s=%r" % (f, v))
    for v in ("school", "", "JOINT_BUILT"):
        expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), "base_nature": v}), 400,
               "invalid_argument", "base_nature", what=repr(v))


@test("t0507", "end_reason only with status ended")
def t_end_reason(ctx):
    c = ctx.admin
    for er in ("expired", "terminated"):
        expect(c.post(C, json={"kind": "order_class", "name": uniq("班"), "end_reason": er}), 400, "invalid_argument",
               "end_reason", what=er)
    rec = new_carrier(c)
    expect(c.patch(cu(rec), json={"status": "ended"}, version=1), 400, "invalid_argument", "end_reason")
    expect(c.patch(cu(rec), json={"end_reason": "terminated"}, version=1), 400, "invalid_argument", "end_reason")
    expect(c.patch(cu(rec), json={"status": "ended", "end_reason": "bored"}, version=1), 400, "invalid_argument",
           "end_reason")
    g = get(c, "carriers", rec["id"])
    eq((g["status"], g["version"]), ("negotiating", 1), "after refused PATCHes")


@test("t0508", "status moves negotiating -> signed -> active -> ended(expired), with history")
def t_status_path(ctx):
    c = ctx.admin
    rec = new_carrier(c)
    rec = to_status(c, rec, [("signed",), ("active",), ("ended", "expired")])
    eq((rec["status"], rec["end_reason"], rec["version"]), ("ended", "expired", 4), "final state")
    g = get(c, "carriers", rec["id"])
    h = history(g)
    check(len(h) == 3, "status_history: %r" % h)
    eq([(x.get("from"), x.get("to")) for x in h],
       [("negotiating", "signed"), ("signed", "active"), ("active", "ended")], "history moves")
    for x in h:
        check(TS_RE.match(str(x.get("at"))), "history at: %r" % x)
        eq(x.get("user_id"), ctx.admin.user["id"], "history user_id")


@test("t0509", "status moves that are not allowed answer 409 invalid_transition and change nothing")
def t_bad_moves(ctx):
    c = ctx.admin
    rec = new_carrier(c)
    for st in ("active",):
        expect(move(c, rec, st), 409, "invalid_transition", what="negotiating->%s" % st)
    expect(move(c, rec, "ended", "expired"), 409, "invalid_transition", what="negotiating->ended(expired)")
    rec = to_status(c, rec, [("signed",)])
    expect(move(c, rec, "negotiating"), 409, "invalid_transition", what="signed->negotiating")
    expect(move(c, rec, "ended", "expired"), 409, "invalid_transition", what="signed->ended(expired)")
    rec = to_status(c, rec, [("active",)])
    expect(move(c, rec, "signed"), 409, "invalid_transition", what="active->signed")
    expect(move(c, rec, "negotiating"), 409, "invalid_transition", what="active->negotiating")
    rec = to_status(c, rec, [("ended", "expired")])
    for st in ("active", "signed", "negotiating"):
        expect(move(c, rec, st), 409, "invalid_transition", what="ended->%s" % st)
    g = get(c, "carriers", rec["id"])
    eq((g["status"], g["end_reason"], g["version"]), ("ended", "expired", rec["version"]), "after refused moves")
    eq(len(history(g)), 3, "history length after refused moves")


@test("t0510", "terminated is allowed from every non-ended status")
def t_terminate(ctx):
    c = ctx.admin
    for path in ([], [("signed",)], [("signed",), ("active",)]):
        rec = to_status(c, new_carrier(c), path)
        r = move(c, rec, "ended", "terminated")
        expect(r, 200, what="%s -> ended(terminated)" % (rec["status"],))
        eq((r.json["status"], r.json["end_reason"]), ("ended", "terminated"), "state")


@test("t0511", "expiring: valid_to within the next 90 days; filter expiring=90")
def t_expiring(ctx):
    c = ctx.admin
    p = uniq("到期载体")
    soon = new_carrier(c, name=p + "-soon", valid_from="2022-01-01", valid_to=day(30))
    later = new_carrier(c, name=p + "-later", valid_from="2022-01-01", valid_to=day(200))
    past = new_carrier(c, name=p + "-past", valid_from="2022-01-01", valid_to=day(-10))
    none = new_carrier(c, name=p + "-none")
    eq(soon["expiring"], True, "expiring in 30 days")
    eq(later["expiring"], False, "expiring in 200 days")
    eq(past["expiring"], False, "expiring for a past date")
    eq(none["expiring"], False, "expiring without valid_to")
    eq(get(c, "carriers", soon["id"])["expiring"], True, "expiring on GET")
    r = c.get("%s?%s" % (C, q({"q": p, "expiring": 90})))
    expect(r, 200)
    eq([i["id"] for i in r.json["items"]], [soon["id"]], "expiring=90")
    eq(r.json["total"], 1, "total of expiring=90")
    r = c.get("%s?%s" % (C, q({"q": p, "expiring": 365, "sort": "valid_to"})))
    expect(r, 200)
    eq([i["id"] for i in r.json["items"]], [soon["id"], later["id"]], "expiring=365")
    for v in ("abc", "-1"):
        expect(c.get("%s?expiring=%s" % (C, v)), 400, "invalid_argument", "expiring", what=v)


@test("t0512", "overdue_renewal: past valid_to and still active")
def t_overdue(ctx):
    c = ctx.admin
    rec = new_carrier(c, valid_from="2020-01-01", valid_to="2021-01-01")
    eq(rec["overdue_renewal"], False, "negotiating, past")
    rec = to_status(c, rec, [("signed",)])
    eq(rec["overdue_renewal"], False, "signed, past")
    rec = to_status(c, rec, [("active",)])
    eq(rec["overdue_renewal"], True, "active, past")
    eq(get(c, "carriers", rec["id"])["overdue_renewal"], True, "on GET")
    rec = to_status(c, rec, [("ended", "expired")])
    eq(rec["overdue_renewal"], False, "ended")
    fut = to_status(c, new_carrier(c, valid_from="2020-01-01", valid_to=day(500)), [("signed",), ("active",)])
    eq(fut["overdue_renewal"], False, "active, future")


@test("t0513", "filters: kind, status, department_id, enterprise_id")
def t_filters(ctx):
    c = ctx.admin
    p = uniq("过滤载体")
    d1 = new_department(c)
    d2 = new_department(c)
    e = new_enterprise(c)
    a = new_carrier(c, name=p + "a", kind="order_class", department_id=d1["id"],
                    partners=[{"enterprise_id": e["id"], "lead": True}])
    b = new_carrier(c, name=p + "b", kind="training_base", department_id=d2["id"])
    x = new_carrier(c, name=p + "c", kind="order_class", department_id=d2["id"])
    x = to_status(c, x, [("signed",)])

    def ids(**f):
        r = c.get("%s?%s" % (C, q(dict(q=p, sort="name", **f))))
        expect(r, 200, what=repr(f))
        eq(r.json["total"], len(r.json["items"]), "total for %r" % f)
        return [i["id"] for i in r.json["items"]]

    eq(ids(), [a["id"], b["id"], x["id"]], "q only")
    eq(ids(kind="order_class"), [a["id"], x["id"]], "kind")
    eq(ids(status="signed"), [x["id"]], "status")
    eq(ids(department_id=d2["id"]), [b["id"], x["id"]], "department_id")
    eq(ids(enterprise_id=e["id"]), [a["id"]], "enterprise_id")
    eq(ids(kind="order_class", department_id=d2["id"]), [x["id"]], "kind+department_id")
    r = c.get("%s?%s" % (C, q({"enterprise_id": e["id"]})))
    eq([i["id"] for i in r.json["items"]], [a["id"]], "enterprise_id without q")
    expect(c.get(C + "?kind=nope"), 400, "invalid_argument", "kind")
    expect(c.get(C + "?status=nope"), 400, "invalid_argument", "status")
    expect(c.get(C + "?department_id=abc"), 400, "invalid_argument", "department_id")


@test("t0514", "sort by valid_to and -valid_to")
def t_sort_valid_to(ctx):
    c = ctx.admin
    p = uniq("排序载体")
    for dd in ("2027-03-01", "2025-01-01", "2026-06-30"):
        new_carrier(c, name=p + dd, valid_from="2024-01-01", valid_to=dd)
    r = c.get("%s?%s" % (C, q({"q": p, "sort": "valid_to"})))
    expect(r, 200)
    eq([i["valid_to"] for i in r.json["items"]], ["2025-01-01", "2026-06-30", "2027-03-01"], "sort=valid_to")
    r = c.get("%s?%s" % (C, q({"q": p, "sort": "-valid_to"})))
    eq([i["valid_to"] for i in r.json["items"]], ["2027-03-01", "2026-06-30", "2025-01-01"], "sort=-valid_to")


@test("t0515", "department_id must exist")
def t_department(ctx):
    c = ctx.admin
    expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), "department_id": 987654321}), 404,
           "not_found", "department_id")
    expect(c.post(C, json={"kind": "training_base", "name": uniq("基地"), "department_id": "abc"}), 400,
           "invalid_argument", "department_id")
    rec = new_carrier(c)
    expect(c.patch(cu(rec), json={"department_id": 987654321}, version=1), 404, "not_found", "department_id")


@test("t0516", "PATCH partners replaces the list; the enterprise's carriers follow")
def t_patch_partners(ctx):
    c = ctx.admin
    e1, e2 = new_enterprise(c), new_enterprise(c)
    rec = new_carrier(c, partners=[{"enterprise_id": e1["id"], "lead": True}])
    r = c.patch(cu(rec), json={"partners": [{"enterprise_id": e2["id"], "lead": True},
                                            {"enterprise_id": e1["id"], "lead": False}]}, version=1)
    expect(r, 200)
    eq(sorted((p["enterprise_id"], p["lead"]) for p in r.json["partners"]),
       sorted([(e2["id"], True), (e1["id"], False)]), "partners after PATCH")
    eq([(x["id"], x["lead"]) for x in get(c, "enterprises", e1["id"])["carriers"]], [(rec["id"], False)], "e1 carriers")
    eq([(x["id"], x["lead"]) for x in get(c, "enterprises", e2["id"])["carriers"]], [(rec["id"], True)], "e2 carriers")
    r = c.patch(cu(rec), json={"partners": []}, version=2)
    expect(r, 200)
    eq(r.json["partners"], [], "partners cleared")
    eq(get(c, "enterprises", e1["id"])["carriers"], [], "e1 carriers after clearing")
    r = c.patch(cu(rec), json={"remark": "x"}, version=3)
    expect(r, 200)
    eq(r.json["partners"], [], "partners untouched by a PATCH without them")


@test("t0517", "a demo carrier lists the founding meeting among its events")
def t_carrier_events(ctx):
    c = ctx.admin
    ev = demo_event(ctx)
    a = ev["actions"][0]
    g = get(c, "carriers", a["target_id"])
    evs = g.get("events")
    check(isinstance(evs, list) and evs, "no events on carrier %d" % a["target_id"])
    hit = [x for x in evs if x.get("event_id") == ev["id"]]
    check(hit, "the meeting is missing from the carrier's events: %r" % evs)
    eq((hit[0].get("title"), hit[0].get("date"), hit[0].get("action")), (ev["title"], ev["date"], a["action"]),
       "event entry")


@test("t0518", "PATCH null clears optional carrier fields, not required ones")
def t_carrier_null(ctx):
    c = ctx.admin
    rec = new_carrier(c, remark="r", valid_from="2023-01-01", valid_to="2026-01-01", capacity=5)
    r = c.patch(cu(rec), json={"remark": None, "valid_to": None, "capacity": None}, version=1)
    expect(r, 200)
    for k in ("remark", "valid_to", "capacity"):
        check(r.json.get(k) is None, "%s not cleared: %r" % (k, r.json.get(k)))
    eq(r.json["valid_from"], "2023-01-01", "valid_from untouched")
    expect(c.patch(cu(rec), json={"kind": None}, version=2), 400, "invalid_argument", "kind")
    expect(c.patch(cu(rec), json={"name": None}, version=2), 400, "invalid_argument", "name")
    expect(c.patch(cu(rec), json={"status": None}, version=2), 400, "invalid_argument", "status")


@test("t0519", "DELETE a carrier: 204, then 404; gone from its enterprise")
def t_delete(ctx):
    c = ctx.admin
    e = new_enterprise(c)
    rec = new_carrier(c, partners=[{"enterprise_id": e["id"], "lead": True}])
    expect(c.delete(cu(rec)), 204)
    expect(c.get(cu(rec)), 404, "not_found")
    eq(get(c, "enterprises", e["id"])["carriers"], [], "enterprise carriers after delete")
    expect(c.delete(cu(rec)), 404, "not_found")


@test("t0520", "derived carrier fields are read-only")
def t_derived_ro(ctx):
    c = ctx.admin
    for f, v in (("expiring", True), ("overdue_renewal", False), ("status_history", []), ("events", []),
                 ("version", 5)):
        r = c.post(C, json={"kind": "training_base", "name": uniq("基地"), f: v})
        expect(r, 400, "invalid_argument", f, what="create with %s" % f)
    rec = new_carrier(c)
    for f, v in (("expiring", True), ("overdue_renewal", True), ("status_history", []), ("events", [])):
        expect(c.patch(cu(rec), json={f: v}, version=1), 400, "invalid_argument", f, what="PATCH %s" % f)
    eq(get(c, "carriers", rec["id"])["version"], 1, "version after refused PATCHes")


@test("t0521", "renaming a carrier shows in event actions and enterprise carrier lists")
def t_carrier_rename(ctx):
    c = ctx.admin
    e = new_enterprise(c)
    car = new_carrier(c, partners=[{"enterprise_id": e["id"], "lead": True}])
    ev = c.post(API + "/events", json={"title": uniq("活动"), "date": "2023-05-06", "actions": [
        {"action": "agreement_signed", "target_type": "carrier", "target_id": car["id"]}]})
    expect(ev, 201)
    new = car["name"] + "（更名）"
    expect(c.patch(cu(car), json={"name": new}, version=1), 200)
    eq(get(c, "events", ev.json["id"])["actions"][0].get("target_name"), new, "target_name after rename")
    eq(get(c, "enterprises", e["id"])["carriers"][0].get("name"), new, "enterprise carriers after rename")

"""t06xx: events: press, attendees, actions linking carriers."""

from fx import API, demo_event, get, new_carrier, q
from lib import check, check_record, eq, expect, test, uniq

EV = API + "/events"


@test("t0601", "create an event with attendees, press and actions; actions carry target_name")
def t_create(ctx):
    c = ctx.admin
    c1 = new_carrier(c, kind="industry_college", name=uniq("产业学院"))
    c2 = new_carrier(c, kind="training_base", name=uniq("实训基地"))
    b = {
        "title": uniq("校企合作签约仪式"), "date": "2023-06-18", "place": "嘉兴技师学院报告厅", "kind": "signing",
        "summary": "签约并授牌", "attendees": ["嘉兴市人力社保局", "浙江加西贝拉科技服务股份有限公司"],
        "press": [{"role": "correspondent", "name": "王珊珊"}, {"role": "photographer", "name": "王万明"},
                  {"role": "editor", "name": "王国伟"}],
        "actions": [{"action": "agreement_signed", "target_type": "carrier", "target_id": c1["id"]},
                    {"action": "plaque_awarded", "target_type": "carrier", "target_id": c2["id"]}],
    }
    r = c.post(EV, json=b)
    expect(r, 201)
    ev = r.json
    check_record(ev, "event")
    eq(r.headers.get("location"), "/api/v1/events/%d" % ev["id"], "Location")
    for k in ("title", "date", "place", "kind", "summary", "attendees", "press"):
        eq(ev.get(k), b[k], k)
    acts = sorted((a["action"], a["target_type"], a["target_id"], a.get("target_name")) for a in ev["actions"])
    eq(acts, sorted([("agreement_signed", "carrier", c1["id"], c1["name"]),
                     ("plaque_awarded", "carrier", c2["id"], c2["name"])]), "actions")
    g = get(c, "events", ev["id"])
    eq(g["attendees"], b["attendees"], "attendees on GET")
    eq(len(g["actions"]), 2, "actions on GET")
    evs = get(c, "carriers", c1["id"])["events"]
    eq([(x["event_id"], x["title"], x["date"], x["action"]) for x in evs],
       [(ev["id"], b["title"], "2023-06-18", "agreement_signed")], "carrier events")


@test("t0602", "event validation: title, date, kind, press, actions")
def t_validation(ctx):
    c = ctx.admin
    car = new_carrier(c)

    def post(**kw):
        b = {"title": uniq("活动"), "date": "2023-05-06"}
        b.update(kw)
        return c.post(EV, json=b)

    for d in ("2023-02-30", "2023/05/06", "", None):
        expect(post(date=d), 400, "invalid_argument", "date", what=repr(d))
    expect(post(title=""), 400, "invalid_argument", "title")
    expect(post(kind="party"), 400, "invalid_argument", "kind")
    for p in ([{"role": "writer", "name": "x"}], [{"role": "editor"}], [{"role": "editor", "name": 5}], ["王"],
              {"role": "editor", "name": "x"}):
        expect(post(press=p), 400, "invalid_argument", "press", what=repr(p))
    for a in ([{"action": "party", "target_type": "carrier", "target_id": car["id"]}],
              [{"action": "plaque_awarded", "target_type": "carrier"}],
              [{"action": "plaque_awarded", "target_type": "carrier", "target_id": "x"}],
              [{"action": "plaque_awarded", "target_type": "planet", "target_id": car["id"]}],
              [{"target_type": "carrier", "target_id": car["id"]}]):
        expect(post(actions=a), 400, "invalid_argument", "actions", what=repr(a))
    expect(post(actions=[{"action": "plaque_awarded", "target_type": "carrier", "target_id": 987654321}]), 404,
           "not_found", "actions")
    expect(post(attendees=[1, 2]), 400, "invalid_argument", "attendees")
    for k in ("meeting", "signing", "visit", "contest", "training", "other"):
        expect(post(kind=k), 201, what=k)


@test("t0603", "events: filter kind, q on title, sort by date")
def t_filters(ctx):
    c = ctx.admin
    p = uniq("过滤活动")
    a = c.post(EV, json={"title": p + "甲", "date": "2023-03-01", "kind": "visit"}).json
    b = c.post(EV, json={"title": p + "乙", "date": "2023-01-01", "kind": "contest"}).json
    d = c.post(EV, json={"title": "前缀" + p + "丙", "date": "2023-02-01", "kind": "visit"}).json

    def ids(**f):
        r = c.get("%s?%s" % (EV, q(dict(q=p, **f))))
        expect(r, 200, what=repr(f))
        return [i["id"] for i in r.json["items"]]

    eq(ids(sort="date"), [b["id"], d["id"], a["id"]], "sort=date")
    eq(ids(sort="-date"), [a["id"], d["id"], b["id"]], "sort=-date")
    eq(ids(kind="visit", sort="date"), [d["id"], a["id"]], "kind=visit")
    expect(c.get(EV + "?kind=party"), 400, "invalid_argument", "kind")
    r = c.get("%s?%s" % (EV, q({"q": "智造创新强市"})))
    expect(r, 200)
    check(demo_event(ctx)["id"] in [i["id"] for i in r.json["items"]], "q on title misses the demo event")


@test("t0604", "PATCH an event: actions replaced, version checked")
def t_patch(ctx):
    c = ctx.admin
    car = new_carrier(c)
    ev = c.post(EV, json={"title": uniq("活动"), "date": "2023-05-06",
                          "actions": [{"action": "plaque_awarded", "target_type": "carrier", "target_id": car["id"]}]}).json
    u = "%s/%d" % (EV, ev["id"])
    expect(c.patch(u, json={"place": "x"}), 428, "version_required")
    r = c.patch(u, json={"actions": [], "place": "会议室"}, version=1)
    expect(r, 200)
    eq((r.json["actions"], r.json["place"], r.json["version"]), ([], "会议室", 2), "after PATCH")
    eq(get(c, "carriers", car["id"])["events"], [], "carrier events after removing the action")
    expect(c.patch(u, json={"place": "y"}, version=1), 409, "version_conflict")
    expect(c.delete(u), 204)
    expect(c.get(u), 404, "not_found")


@test("t0605", "deleting a carrier that an event names: 204 or 409 in_use; the event stays readable")
def t_delete_target(ctx):
    c = ctx.admin
    car = new_carrier(c)
    ev = c.post(EV, json={"title": uniq("活动"), "date": "2023-05-06", "actions": [
        {"action": "plaque_awarded", "target_type": "carrier", "target_id": car["id"]}]})
    expect(ev, 201)
    r = c.delete("%s/carriers/%d" % (API, car["id"]))
    check(r.status in (204, 409), "DELETE carrier named by an event: %s" % r.short())
    g = c.get("%s/%d" % (EV, ev.json["id"]))
    expect(g, 200)
    if r.status == 409:
        expect(r, 409, "in_use")
        eq(len(g.json["actions"]), 1, "actions")
    else:
        for a in g.json["actions"]:
            check(a.get("target_id") != car["id"] or a.get("target_name") is None,
                  "deleted carrier still named: %r" % a)
    expect(c.get("%s?%s" % (EV, q({"q": ev.json["title"]}))), 200)

"""t00xx: health, OpenAPI, routing, error shape and language, the demo college."""

from fx import API, demo_event, get, list_all, q, total
from lib import CJK_RE, Client, check, eq, expect, items_of, test


@test("t0001", "health answers 200 status ok without auth")
def t_health(ctx):
    r = ctx.anon().get("/api/v1/health")
    expect(r, 200)
    eq(r.json, {"status": "ok"}, "health body")
    check("application/json" in r.headers.get("content-type", ""), "content-type %r" % r.headers.get("content-type"))


@test("t0002", "openapi.json answers 200 JSON with openapi key without auth")
def t_openapi(ctx):
    r = ctx.anon().get("/api/v1/openapi.json")
    expect(r, 200)
    check(isinstance(r.json, dict) and "openapi" in r.json, "no openapi key: %s" % r.short(200))


@test("t0003", "unknown API path answers 404 not_found")
def t_unknown_path(ctx):
    r = ctx.admin.get("/api/v1/no_such_collection")
    expect(r, 404, "not_found")
    r = ctx.admin.get("/api/v1/enterprises/1/no_such_sub")
    expect(r, 404, "not_found")


@test("t0004", "wrong method answers 405 method_not_allowed")
def t_method(ctx):
    r = ctx.admin.put("/api/v1/enterprises", json={"name": "x"})
    expect(r, 405, "method_not_allowed")
    r = ctx.admin.post("/api/v1/health", json={})
    expect(r, 405, "method_not_allowed")


@test("t0005", "data without a session answers 401 unauthenticated")
def t_unauth(ctx):
    for path in ("/enterprises", "/carriers", "/events", "/departments", "/staff", "/users", "/dictionaries", "/audit"):
        r = ctx.anon().get(API + path)
        expect(r, 401, "unauthenticated", field=None, what=path)
    r = ctx.anon().post(API + "/departments", json={"name": "x"})
    check(r.status in (401, 403), "POST without session: %s" % r.short())


@test("t0006", "error messages are Chinese by default and English with Accept-Language: en")
def t_lang(ctx):
    r = ctx.anon().get(API + "/enterprises")
    expect(r, 401, "unauthenticated")
    check(CJK_RE.search(r.json["error"]["message"]), "default message not Chinese: %s" % r.short())
    r = Client(ctx.base, lang="en").get(API + "/enterprises")
    expect(r, 401, "unauthenticated")
    m = r.json["error"]["message"]
    check(all(ord(ch) < 128 for ch in m), "en message not ASCII: %r" % m)
    r = Client(ctx.base, lang="zh-CN").get(API + "/enterprises")
    check(CJK_RE.search(r.json["error"]["message"]), "zh-CN message not Chinese: %s" % r.short())
    # a validation error too
    c = ctx.admin
    r = c.post(API + "/departments", json={"kind": "academic"}, headers={"Accept-Language": "en"})
    expect(r, 400, "invalid_argument", "name")
    m = r.json["error"]["message"]
    check(all(ord(ch) < 128 for ch in m), "en message not ASCII: %r" % m)
    r = c.post(API + "/departments", json={"kind": "academic"})
    expect(r, 400, "invalid_argument", "name")
    check(CJK_RE.search(r.json["error"]["message"]), "default message not Chinese: %s" % r.short())


@test("t0007", "demo: the founding meeting with its 18 carrier actions (and the other modules') and press credits")
def t_demo_event(ctx):
    ev = demo_event(ctx)
    eq(ev.get("title"), "提升关键能力助力打造“智造创新强市”工作推进会", "title")
    eq(ev.get("kind"), "meeting", "kind")
    acts = ev.get("actions")
    check(isinstance(acts, list), "actions missing: %r" % ev)
    for a in acts:
        check(isinstance(a.get("target_name"), str) and a["target_name"], "target_name: %r" % a)
    # studios, task books and commendations of the meeting are actions too; the registry's are carriers
    acts = [a for a in acts if a.get("target_type") == "carrier"]
    eq(len(acts), 18, "number of carrier actions")
    kinds = [a.get("action") for a in acts]
    eq(kinds.count("plaque_awarded"), 10, "plaque_awarded actions")
    eq(kinds.count("agreement_signed"), 8, "agreement_signed actions")
    for a in acts:
        check(isinstance(a.get("target_id"), int), "target_id: %r" % a)
    press = {(p.get("role"), p.get("name")) for p in ev.get("press", [])}
    for pr in (("correspondent", "王珊珊"), ("photographer", "王万明"), ("editor", "王国伟")):
        check(pr in press, "press credit %r missing: %r" % (pr, ev.get("press")))


@test("t0008", "demo: carriers of the founding meeting (10 bases, 4 industry, 4 enterprise colleges)")
def t_demo_carriers(ctx):
    c = ctx.admin
    check(total(c, "carriers", kind="training_base") >= 10, "fewer than 10 training_base")
    check(total(c, "carriers", kind="industry_college") >= 4, "fewer than 4 industry_college")
    check(total(c, "carriers", kind="enterprise_college") >= 4, "fewer than 4 enterprise_college")
    ev = demo_event(ctx)
    targets = {a["target_id"] for a in ev["actions"]}
    kinds = {}
    for tid in targets:
        k = get(c, "carriers", tid)["kind"]
        kinds[k] = kinds.get(k, 0) + 1
    eq(kinds.get("training_base"), 10, "training bases among the meeting's targets (%r)" % kinds)
    eq(kinds.get("industry_college"), 4, "industry colleges among the meeting's targets (%r)" % kinds)
    eq(kinds.get("enterprise_college"), 4, "enterprise colleges among the meeting's targets (%r)" % kinds)


@test("t0009", "demo: users and their roles; the demo tenant")
def t_demo_users(ctx):
    roles = {"admin": "school_admin", "zhoubb": "staff", "hugl": "enterprise_contact", "jyj": "bureau_viewer"}
    for u, role in roles.items():
        c = ctx.as_(u)
        eq(c.user.get("role"), role, "role of %s" % u)
        eq(c.user["tenant"]["code"], "jxjsxy", "tenant of %s" % u)
        eq(c.user["tenant"]["name"], "嘉兴技师学院", "tenant name")
    check(isinstance(ctx.as_("zhoubb").user.get("department_id"), int), "zhoubb has no department_id")
    eid = ctx.as_("hugl").user.get("enterprise_id")
    check(isinstance(eid, int), "hugl has no enterprise_id")
    e = get(ctx.admin, "enterprises", eid)
    eq(e["name"], "浙江加西贝拉科技服务股份有限公司", "hugl's enterprise")
    eq(ctx.as_("root").user.get("role"), "platform_admin", "root role")


@test("t0010", "a JSON response everywhere: 404 for a missing record has the error shape")
def t_404_shape(ctx):
    for coll in ("enterprises", "carriers", "events", "departments", "staff", "users"):
        r = ctx.admin.get("%s/%s/987654321" % (API, coll))
        expect(r, 404, "not_found", field=None, what=coll)
        check(set(r.json.keys()) == {"error"}, "extra keys in error body: %s" % r.short())
        check(set(r.json["error"]) <= {"code", "message", "field"}, "extra keys in error: %s" % r.short())


@test("t0011", "non-numeric or out-of-range ids never answer 5xx")
def t_bad_ids(ctx):
    for rid in ("abc", "0", "-1", "1.5", "99999999999999999999999", "1%20OR%201=1", "%00"):
        r = ctx.admin.get("%s/enterprises/%s" % (API, rid))
        check(r.status in (400, 404), "id %r: %s" % (rid, r.short()))
        expect(r, r.status, r.json["error"]["code"] if r.error() else "not_found")

"""t07xx: departments, staff, users, dictionaries, tenants."""

from fx import API, get, new_carrier, new_department, new_enterprise, new_staff, q, total
from lib import Client, check, check_record, eq, expect, mask_phone, new_phone, test, uniq


@test("t0701", "departments: create, duplicate name 409, kind checked")
def t_departments(ctx):
    c = ctx.admin
    name = uniq("机电工程系")
    r = c.post(API + "/departments", json={"name": name, "code": "JD01", "kind": "academic", "remark": "r"})
    expect(r, 201)
    check_record(r.json, "department")
    eq(r.headers.get("location"), "/api/v1/departments/%d" % r.json["id"], "Location")
    eq((r.json["name"], r.json["code"], r.json["kind"], r.json["remark"]), (name, "JD01", "academic", "r"), "record")
    expect(c.post(API + "/departments", json={"name": name}), 409, "duplicate", "name")
    expect(c.post(API + "/departments", json={"name": uniq("系"), "kind": "faculty"}), 400, "invalid_argument", "kind")
    expect(c.post(API + "/departments", json={"name": uniq("处"), "kind": "office"}), 201)
    other = new_department(c)
    expect(c.patch("%s/departments/%d" % (API, other["id"]), json={"name": name}, version=1), 409, "duplicate", "name")


@test("t0702", "a department that owns a carrier or staff cannot be deleted (409 in_use)")
def t_department_in_use(ctx):
    c = ctx.admin
    d = new_department(c)
    car = new_carrier(c, department_id=d["id"])
    expect(c.delete("%s/departments/%d" % (API, d["id"])), 409, "in_use")
    expect(c.delete("%s/carriers/%d" % (API, car["id"])), 204)
    s = new_staff(c, department_id=d["id"])
    expect(c.delete("%s/departments/%d" % (API, d["id"])), 409, "in_use")
    expect(c.delete("%s/staff/%d" % (API, s["id"])), 204)
    expect(c.delete("%s/departments/%d" % (API, d["id"])), 204)
    expect(c.get("%s/departments/%d" % (API, d["id"])), 404, "not_found")


@test("t0703", "staff: create, employee_no unique, phone masked")
def t_staff(ctx):
    c = ctx.admin
    d = new_department(c)
    phone = new_phone()
    no = uniq("T").replace("-", "")
    r = c.post(API + "/staff", json={"name": "王老师", "employee_no": no, "department_id": d["id"], "title": "高级讲师",
                                     "phone": phone})
    expect(r, 201)
    check_record(r.json, "staff")
    eq((r.json["name"], r.json["employee_no"], r.json["department_id"], r.json["title"]),
       ("王老师", no, d["id"], "高级讲师"), "record")
    eq(r.json["phone"], mask_phone(phone), "phone masked")
    expect(c.post(API + "/staff", json={"name": "李老师", "employee_no": no}), 409, "duplicate", "employee_no")
    expect(c.post(API + "/staff", json={"employee_no": uniq("T")}), 400, "invalid_argument", "name")
    expect(c.post(API + "/staff", json={"name": "x", "department_id": 987654321}), 404, "not_found", "department_id")
    check(phone not in c.get("%s/staff?%s" % (API, q({"q": "王老师", "size": 200}))).text, "full phone in the list")


def new_user_body(**kw):
    b = {"username": uniq("u").replace("-", "_"), "password": "pass-word-1", "display_name": "测试用户", "role": "staff"}
    b.update(kw)
    return b


@test("t0704", "users: create, password write-only, new user can log in")
def t_users(ctx):
    c = ctx.admin
    d = new_department(c)
    b = new_user_body(department_id=d["id"])
    r = c.post(API + "/users", json=b)
    expect(r, 201)
    check_record(r.json, "user")
    u = r.json
    eq((u["username"], u["display_name"], u["role"], u["department_id"], u.get("active")),
       (b["username"], "测试用户", "staff", d["id"], True), "record")
    for body in (r.text, c.get("%s/users/%d" % (API, u["id"])).text, c.get(API + "/users?size=200").text):
        check("pass-word-1" not in body and '"password' not in body, "password in a response: %s" % body[:300])
    n = Client(ctx.base)
    r = n.login("jxjsxy", b["username"], "pass-word-1", check=False)
    expect(r, 200)
    eq((r.json["user"]["role"], r.json["user"]["department_id"]), ("staff", d["id"]), "session of the new user")


@test("t0705", "users: username pattern, uniqueness, password length, roles")
def t_users_rules(ctx):
    c = ctx.admin
    U = API + "/users"
    for name in ("ab", "a" * 33, "有中文", "a b", "a/b", "", "x;y"):
        expect(c.post(U, json=new_user_body(username=name)), 400, "invalid_argument", "username", what=repr(name))
    for name in ("abc", "A.b-c_9", "z" * 32):
        expect(c.post(U, json=new_user_body(username=name)), 201, what=name)
    b = new_user_body()
    expect(c.post(U, json=b), 201)
    expect(c.post(U, json=new_user_body(username=b["username"])), 409, "duplicate", "username")
    expect(c.post(U, json=new_user_body(username="admin")), 409, "duplicate", "username")
    expect(c.post(U, json=new_user_body(password="short7!")), 400, "invalid_argument", "password")
    expect(c.post(U, json=new_user_body(password=None)), 400, "invalid_argument", "password")
    expect(c.post(U, json=new_user_body(role="platform_admin")), 400, "invalid_argument", "role")
    expect(c.post(U, json=new_user_body(role="god")), 400, "invalid_argument", "role")
    expect(c.post(U, json=new_user_body(role="enterprise_contact")), 400, "invalid_argument", "enterprise_id")
    e = new_enterprise(c)
    r = c.post(U, json=new_user_body(role="enterprise_contact", enterprise_id=e["id"]))
    expect(r, 201)
    eq(r.json["enterprise_id"], e["id"], "enterprise_id")
    expect(c.post(U, json=new_user_body(role="enterprise_contact", enterprise_id=987654321)), 404, "not_found",
           "enterprise_id")
    for role in ("school_admin", "bureau_viewer"):
        expect(c.post(U, json=new_user_body(role=role)), 201, what=role)


@test("t0706", "users: deactivate blocks login; password change works")
def t_users_active(ctx):
    c = ctx.admin
    b = new_user_body()
    u = c.post(API + "/users", json=b).json
    uu = "%s/users/%d" % (API, u["id"])
    session = ctx.client(b["username"], password=b["password"])  # changes it: the version moves
    u = c.get(uu).json
    r = c.patch(uu, json={"password": "another-pass-2"}, version=u["version"])
    expect(r, 200)
    check("another-pass-2" not in r.text, "password echoed")
    expect(Client(ctx.base).login("jxjsxy", b["username"], b["password"], check=False), 401, "unauthenticated")
    expect(Client(ctx.base).login("jxjsxy", b["username"], "another-pass-2", check=False), 200)
    r = c.patch(uu, json={"active": False}, version=r.json["version"])
    expect(r, 200)
    eq(r.json["active"], False, "active")
    expect(Client(ctx.base).login("jxjsxy", b["username"], "another-pass-2", check=False), 401, "unauthenticated")
    expect(session.get(API + "/enterprises"), 401, "unauthenticated", what="old session of a deactivated user")
    expect(c.patch(uu, json={"password": "short"}, version=r.json["version"]), 400, "invalid_argument", "password")


def dict_by_name(c, name):
    r = c.get("%s/dictionaries/%s" % (API, name))
    expect(r, 200, what="dictionary " + name)
    return r.json


@test("t0707", "dictionaries: builtin ones with zh/en labels")
def t_dicts(ctx):
    c = ctx.admin
    r = c.get(API + "/dictionaries")
    expect(r, 200)
    ds = {d["name"]: d for d in r.json["items"]}
    for n in ("carrier_kind", "carrier_status", "enterprise_size", "event_action", "role"):
        check(n in ds, "dictionary %s missing (have %r)" % (n, sorted(ds)))
        eq(ds[n].get("builtin"), True, n + " builtin")
        check(ds[n].get("label_zh") and ds[n].get("label_en"), "labels of %s" % n)
    ck = dict_by_name(c, "carrier_kind")
    eq(ck["name"], "carrier_kind", "name")
    eq(ck["label_zh"], "合作载体类型", "label_zh")
    vals = {v["value"]: v for v in ck["values"]}
    eq(set(vals), {"training_base", "industry_college", "enterprise_college", "order_class", "apprenticeship",
                   "joint_center"}, "carrier kinds")
    eq(vals["training_base"]["label_zh"], "校外实训基地", "training_base label")
    eq(vals["industry_college"]["label_zh"], "产业学院", "industry_college label")
    for v in ck["values"]:
        check(v.get("label_en") and all(ord(ch) < 128 for ch in v["label_en"]), "label_en of %r" % v)
    eq({v["value"] for v in dict_by_name(c, "carrier_status")["values"]}, {"negotiating", "signed", "active", "ended"},
       "carrier statuses")
    eq({v["value"] for v in dict_by_name(c, "enterprise_size")["values"]}, {"large", "medium", "small", "micro"},
       "enterprise sizes")
    expect(c.get(API + "/dictionaries/no_such_dict"), 404, "not_found")
    # every role may read them
    for who in ("zhoubb", "jyj"):
        expect(ctx.as_(who).get(API + "/dictionaries/carrier_kind"), 200, what=who)


@test("t0708", "dictionaries: custom create/patch/delete; builtin read-only")
def t_dict_custom(ctx):
    c = ctx.admin
    name = "my_tags_" + uniq("")[-4:].replace("-", "")
    b = {"name": name, "label_zh": "标签", "label_en": "Tags", "values": [{"value": "a", "label_zh": "甲", "label_en": "A"}]}
    r = c.post(API + "/dictionaries", json=b)
    expect(r, 201)
    eq((r.json["name"], r.json.get("builtin")), (name, False), "custom dictionary")
    d = dict_by_name(c, name)
    eq([v["value"] for v in d["values"]], ["a"], "values")
    expect(c.post(API + "/dictionaries", json=b), 409, "duplicate", "name")
    ver = d.get("version", 1)
    r = c.patch("%s/dictionaries/%s" % (API, name),
                json={"values": [{"value": "a", "label_zh": "甲", "label_en": "A"},
                                 {"value": "b", "label_zh": "乙", "label_en": "B"}]}, version=ver)
    expect(r, 200)
    eq([v["value"] for v in dict_by_name(c, name)["values"]], ["a", "b"], "values after PATCH")
    ck = dict_by_name(c, "carrier_kind")
    r = c.patch(API + "/dictionaries/carrier_kind", json={"label_zh": "改"}, version=ck.get("version", 1))
    expect(r, 409, "builtin_readonly")
    expect(c.delete(API + "/dictionaries/carrier_kind"), 409, "builtin_readonly")
    eq(dict_by_name(c, "carrier_kind")["label_zh"], "合作载体类型", "builtin label after refused PATCH")
    expect(c.delete("%s/dictionaries/%s" % (API, name)), 204)
    expect(c.get("%s/dictionaries/%s" % (API, name)), 404, "not_found")
    expect(ctx.as_("zhoubb").post(API + "/dictionaries", json=dict(b, name=name + "z")), 403, "forbidden")


def tenant_body(**kw):
    code = "t" + uniq("")[-6:].replace("-", "")
    b = {"code": code, "name": "测试学院" + code, "kind": "secondary_vocational", "region_code": "330400"}
    b.update(kw)
    return b


@test("t0709", "tenants: platform admin creates, lists, patches, deletes; the first admin logs in")
def t_tenants(ctx):
    root = ctx.as_("root")
    b = tenant_body(admin_username="boss", admin_password="Head-pass-1")
    r = root.post(API + "/tenants", json=b)
    expect(r, 201)
    t = r.json
    check_record(t, "tenant")
    eq(r.headers.get("location"), "/api/v1/tenants/%d" % t["id"], "Location")
    eq((t["code"], t["name"], t["kind"], t["region_code"]), (b["code"], b["name"], b["kind"], "330400"), "record")
    check("Head-pass-1" not in r.text, "admin password echoed")
    r = Client(ctx.base).login(b["code"], "boss", "Head-pass-1", check=False)
    expect(r, 200)
    eq(r.json["user"]["role"], "school_admin", "role of the first admin")
    eq(r.json["user"]["tenant"]["code"], b["code"], "tenant code")
    r = root.get(API + "/tenants?size=200")
    expect(r, 200)
    codes = [x["code"] for x in r.json["items"]]
    check("jxjsxy" in codes and b["code"] in codes, "tenant list: %r" % codes)
    tu = "%s/tenants/%d" % (API, t["id"])
    r = root.patch(tu, json={"name": "改名学院" + b["code"]}, version=1)
    expect(r, 200)
    eq(r.json["name"], "改名学院" + b["code"], "name after PATCH")
    expect(root.get(tu), 200)
    # a tenant without data
    r = root.post(API + "/tenants", json=tenant_body())
    expect(r, 201)
    expect(root.delete("%s/tenants/%d" % (API, r.json["id"])), 204)
    expect(root.get("%s/tenants/%d" % (API, r.json["id"])), 404, "not_found")


@test("t0710", "tenants: code pattern, uniqueness, kind")
def t_tenant_rules(ctx):
    root = ctx.as_("root")
    T = API + "/tenants"
    for code in ("1abc", "A", "a", "ab c", "Abc", "a" * 33, "", "中文"):
        expect(root.post(T, json=tenant_body(code=code)), 400, "invalid_argument", "code", what=repr(code))
    expect(root.post(T, json=tenant_body(code="jxjsxy")), 409, "duplicate", "code")
    expect(root.post(T, json=tenant_body(code="platform")), 409, "duplicate", "code")
    expect(root.post(T, json=tenant_body(kind="university")), 400, "invalid_argument", "kind")
    expect(root.post(T, json=tenant_body(region_code="3304")), 400, "invalid_argument", "region_code")
    expect(root.post(T, json=tenant_body(admin_username="boss", admin_password="short")), 400, "invalid_argument",
           "admin_password")
    for k in ("technician_college", "higher_vocational", "secondary_vocational", "technical_school"):
        expect(root.post(T, json=tenant_body(kind=k)), 201, what=k)


@test("t0711", "tenants are for the platform admin only; the platform admin sees no college data")
def t_tenant_roles(ctx):
    for who in ("admin", "zhoubb", "hugl", "jyj"):
        c = ctx.as_(who)
        expect(c.get(API + "/tenants"), 403, "forbidden", what=who + " GET")
        expect(c.post(API + "/tenants", json=tenant_body()), 403, "forbidden", what=who + " POST")
        expect(c.get("%s/tenants/%d" % (API, c.user["tenant"]["id"])), 403, "forbidden", what=who + " GET own")
    root = ctx.as_("root")
    for coll in ("enterprises", "carriers", "events", "departments", "staff", "users", "audit"):
        expect(root.get(API + "/" + coll), 403, "forbidden", what="root " + coll)
    expect(root.post(API + "/departments", json={"name": uniq("系")}), 403, "forbidden")


@test("t0712", "deleting an enterprise with a contact user: 204 or 409 in_use, never 5xx")
def t_enterprise_with_user(ctx):
    c = ctx.admin
    e = new_enterprise(c)
    b = new_user_body(role="enterprise_contact", enterprise_id=e["id"])
    expect(c.post(API + "/users", json=b), 201)
    session = ctx.client(b["username"], password=b["password"])
    r = c.delete("%s/enterprises/%d" % (API, e["id"]))
    check(r.status in (204, 409), "DELETE: %s" % r.short())
    if r.status == 409:
        expect(r, 409, "in_use")
    for path in ("/session", "/carriers", "/enterprises"):
        x = session.get(API + path)
        check(x.status < 500, "%s for the contact: %s" % (path, x.short()))
    x = Client(ctx.base).login("jxjsxy", b["username"], b["password"], check=False)
    check(x.status in (200, 401), "login of the contact: %s" % x.short())


@test("t0713", "deleting a college with data: 409 in_use or 204 and then its users are gone")
def t_tenant_with_data(ctx):
    root = ctx.as_("root")
    b = tenant_body(admin_username="boss", admin_password="Head-pass-1")
    r = root.post(API + "/tenants", json=b)
    expect(r, 201)
    t = r.json
    boss = ctx.client("boss", tenant=b["code"], password="Head-pass-1")
    new_enterprise(boss)
    r = root.delete("%s/tenants/%d" % (API, t["id"]))
    check(r.status in (204, 409), "DELETE tenant: %s" % r.short())
    if r.status == 409:
        expect(r, 409, "in_use")
        expect(boss.get(API + "/enterprises"), 200)
    else:
        expect(boss.get(API + "/enterprises"), 401, "unauthenticated")
        expect(Client(ctx.base).login(b["code"], "boss", "Head-pass-1", check=False), 401, "unauthenticated")

"""t16xx-t17xx: studios and teams, outputs, students, placements, certificates, trainings, and the
protection of personal information (ID numbers and phones)."""

import glob
import os
import re
import subprocess

from fx import API, create, new_enterprise, q
from lib import Client, check, eq, expect, items_of, test, uniq

GOOD_ID = "11010519491231002X"


def id_number(seq, birth="20050315", region="330402"):
    """A valid resident ID number (GB 11643 check character)."""
    body = "%s%s%03d" % (region, birth, seq % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w)) % 11]


_n = [0]


def new_student(c, **kw):
    _n[0] += 1
    n = _n[0] + os.getpid() % 500 * 1000
    body = {"student_no": uniq("S").replace("-", ""), "name": uniq("学生"), "id_number": id_number(n),
            "phone": "13%09d" % (n * 7919 % 10**9), "cohort_year": 2023}
    body.update(kw)
    return create(c, "students", body)


def count(c, coll, **params):
    r = c.get("%s/%s?%s" % (API, coll, q(dict(params, size=1))))
    expect(r, 200)
    return r.json["total"]


def demo_enterprise(ctx):
    return ctx.as_("hugl").get(API + "/session").json["user"]["enterprise_id"]


@test("t1601", "demo: the five studios and teams of the meeting, plaques and the flag as its actions")
def t_demo_studios(ctx):
    c = ctx.admin
    r = c.get(API + "/studios?size=50")
    expect(r, 200)
    names = {s["name"]: s for s in r.json["items"]}
    for n in ("唐果子制作技艺丁虎技能大师工作室", "嘉兴市工业机器人周斌斌技能大师工作室",
              "非遗技艺“黑陶”冯嘉生、冯飞大师工作室", "嘉兴技师学院国家专利研发团队",
              "嘉兴技师学院智能制造技术创新服务队"):
        check(n in names, "studio %s missing: %r" % (n, list(names)))
    ht = c.get("%s/studios/%d" % (API, names["非遗技艺“黑陶”冯嘉生、冯飞大师工作室"]["id"])).json
    eq(sorted(p["name"] for p in ht["leaders"]), sorted(["冯嘉生", "冯飞"]), "black-pottery leaders")
    eq(names["嘉兴技师学院智能制造技术创新服务队"]["honour"], "flag", "the service team's honour")
    ev = [e for e in c.get(API + "/events?kind=meeting").json["items"] if "智造创新强市" in e["title"]][0]
    ev = c.get("%s/events/%d" % (API, ev["id"])).json
    studio_actions = [(a["action"], a["target_name"]) for a in ev["actions"] if a["target_type"] == "studio"]
    eq(len([a for a in studio_actions if a[0] == "plaque_awarded"]), 4, "plaques to studios at the meeting")
    eq([a[1] for a in studio_actions if a[0] == "flag_awarded"], ["嘉兴技师学院智能制造技术创新服务队"], "the flag")


@test("t1602", "demo: a cohort of a few hundred students, placements, certificates, a year of trainings")
def t_demo_cohort(ctx):
    c = ctx.admin
    check(count(c, "students") >= 300, "students: %d" % count(c, "students"))
    check(count(c, "placements", kind="post") >= 100, "post internships")
    check(count(c, "placements", kind="employment") >= 20, "employment")
    gold = count(c, "certificates", level=2) + count(c, "certificates", level=1)
    check(gold > 0, "gold-collar certificates")
    eq(count(c, "certificates", gold_collar="true"), gold, "the gold_collar filter")
    eq(count(c, "certificates", gold_collar="false") + gold, count(c, "certificates"), "the rest")
    p = c.get(API + "/placements?size=1&kind=post").json["items"][0]
    check("student_department_id" in p and "carrier_name" in p, "placement names: %r" % p)
    check(count(c, "trainings") >= 12, "trainings")
    t = c.get(API + "/trainings?size=1").json["items"][0]
    eq(t["person_hours"], t["hours"] * t["trainees"], "person-hours of a training")


@test("t1603", "patent application numbers: 202310123456.6 passes, 202310123456.7 fails, kind digit checked")
def t_patent(ctx):
    c = ctx.admin
    base = {"kind": "patent", "title": uniq("专利"), "patent_type": "invention"}
    n = count(c, "outputs")
    for bad in ("202310123456.7", "202350123456.X", "20231012345.6", "abc", "2023101234567.6"):
        expect(c.post(API + "/outputs", json=dict(base, application_no=bad)), 400, "invalid_argument", "application_no")
    expect(c.post(API + "/outputs", json=dict(base)), 400, "invalid_argument", "application_no")
    eq(count(c, "outputs"), n, "outputs after refused patents")
    r = c.post(API + "/outputs", json=dict(base, application_no="202310123456.6"))
    expect(r, 201)
    eq(r.json["application_no"], "202310123456.6", "stored number")
    expect(c.post(API + "/outputs", json=dict(base, title=uniq("专利"), application_no="2023101234566")), 409, "duplicate", "application_no")
    expect(c.delete("%s/outputs/%d" % (API, r.json["id"])), 204)


@test("t1604", "students: wrong ID check digit, impossible birth date, bad phone -> 400 naming the field, nothing stored")
def t_student_bad(ctx):
    c = ctx.admin
    n = count(c, "students")
    good = id_number(4242)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    cases = [("id_number", wrong), ("id_number", "110105194902300020"[:17] + "X"),
             ("id_number", id_number(7, birth="20050230")), ("id_number", "1101051949123100"),
             ("phone", "12345"), ("cohort_year", 1800)]
    for field, value in cases:
        body = {"student_no": uniq("S"), "name": "坏数据", "id_number": good, field: value}
        expect(c.post(API + "/students", json=body), 400, "invalid_argument", field)
    eq(count(c, "students"), n, "students after refused creates")
    s = new_student(c, id_number="11010519491231002x")
    eq(s["id_number"], "110***********002X", "masked, normalised ID number")
    expect(c.post(API + "/students", json={"student_no": s["student_no"], "name": "重复"}), 409, "duplicate", "student_no")


@test("t1605", "placements: end before start 400; overlapping post internships 409; another college's enterprise 404")
def t_placements(ctx):
    c = ctx.admin
    s = new_student(c)
    e = new_enterprise(c)
    base = {"student_id": s["id"], "enterprise_id": e["id"], "kind": "post"}
    n = count(c, "placements", student_id=s["id"])
    expect(c.post(API + "/placements", json=dict(base, start_date="2024-06-01", end_date="2024-05-31")), 400, "invalid_argument", "end_date")
    p1 = create(c, "placements", dict(base, start_date="2024-03-01", end_date="2024-06-30"))
    for start, end in (("2024-06-30", "2024-08-31"), ("2024-01-01", "2024-03-01"), ("2024-04-01", None)):
        body = dict(base, start_date=start)
        if end:
            body["end_date"] = end
        expect(c.post(API + "/placements", json=body), 409, "overlap", "start_date")
    # not overlapping, other kinds, or an aborted one do not count
    create(c, "placements", dict(base, start_date="2024-07-01", end_date="2024-08-31"))
    create(c, "placements", dict(base, kind="cognition", start_date="2024-04-01", end_date="2024-04-05"))
    expect(c.patch("%s/placements/%d" % (API, p1["id"]), json={"start_date": "2024-02-01", "end_date": "2024-07-15"}, version=1), 409, "overlap")
    eq(count(c, "placements", student_id=s["id"]), n + 3, "placements of the student")
    # a placement at another college's enterprise
    t2 = ctx.as_("t2")
    other = new_enterprise(t2)
    expect(c.post(API + "/placements", json=dict(base, enterprise_id=other["id"], start_date="2025-01-01")), 404, "not_found", "enterprise_id")
    eq(count(c, "placements", student_id=s["id"]), n + 3, "nothing stored")


@test("t1606", "certificates: level 0 or 6 -> 400 level; gold collar is levels 1-2; holders checked")
def t_certificates(ctx):
    c = ctx.admin
    s = new_student(c)
    n = count(c, "certificates")
    base = {"student_id": s["id"], "occupation": "电工", "certificate_no": uniq("C")}
    for lv in (0, 6, -1):
        expect(c.post(API + "/certificates", json=dict(base, level=lv)), 400, "invalid_argument", "level")
    expect(c.post(API + "/certificates", json=dict(base, level="2")), 400, "invalid_argument", "level")
    expect(c.post(API + "/certificates", json={"holder_type": "employee", "occupation": "电工", "level": 3, "certificate_no": uniq("C"), "holder_name": "王工"}), 400, "invalid_argument", "holder_id_number")
    eq(count(c, "certificates"), n, "certificates after refused creates")
    for lv, gold in ((1, True), (2, True), (3, False), (5, False)):
        r = create(c, "certificates", dict(base, level=lv, certificate_no=uniq("C")))
        eq(r["gold_collar"], gold, "gold collar of level %d" % lv)
        eq(r["holder_name"], s["name"], "holder name from the student")
    r = create(c, "certificates", {"holder_type": "employee", "holder_name": "王工", "holder_id_number": GOOD_ID, "occupation": "电工", "level": 2, "certificate_no": uniq("C")})
    eq(r["holder_id_number"], "110***********002X", "employee ID masked")


@test("t1607", "trainings: negative hours or trainees 400; end before start 400; person-hours derived")
def t_trainings(ctx):
    c = ctx.admin
    e = new_enterprise(c)
    base = {"enterprise_id": e["id"], "title": uniq("培训"), "start_date": "2024-03-01", "end_date": "2024-03-10", "hours": 40, "trainees": 25}
    n = count(c, "trainings")
    for field, v in (("hours", -1), ("trainees", -5), ("fee", -1), ("certificates_issued", -1)):
        expect(c.post(API + "/trainings", json=dict(base, **{field: v})), 400, "invalid_argument", field)
    expect(c.post(API + "/trainings", json=dict(base, end_date="2024-02-28")), 400, "invalid_argument", "end_date")
    eq(count(c, "trainings"), n, "trainings after refused creates")
    r = create(c, "trainings", base)
    eq(r["person_hours"], 1000, "person-hours")
    eq(count(c, "trainings", enterprise_id=e["id"]), 1, "the enterprise's trainings")


@test("t1608", "studios and outputs: leaders are staff or named masters; another college's staff 404")
def t_studios(ctx):
    c = ctx.admin
    staff = c.get(API + "/staff?size=2").json["items"]
    r = create(c, "studios", {"kind": "master_studio", "name": uniq("大师工作室"), "level": "municipal", "honour": "plaque", "honour_date": "2024-05-01",
                              "leaders": [{"staff_id": staff[0]["id"]}, {"name": "外聘大师"}], "members": [{"staff_id": staff[1]["id"]}]})
    eq([p["name"] for p in r["leaders"]], [staff[0]["name"], "外聘大师"], "leaders")
    expect(c.post(API + "/studios", json={"kind": "master_studio", "name": uniq("x"), "leaders": [{}]}), 400, "invalid_argument", "leaders")
    other = ctx.as_("t2").post(API + "/staff", json={"name": uniq("他校教师")})
    expect(other, 201)
    expect(c.post(API + "/studios", json={"kind": "patent_team", "name": uniq("x"), "members": [{"staff_id": other.json["id"]}]}), 404, "not_found", "members")
    o = create(c, "outputs", {"kind": "tech_service", "title": uniq("技术服务"), "studio_id": r["id"], "client_enterprise_id": new_enterprise(c)["id"],
                              "contract_amount": 100000, "amount_received": 50000, "start_date": "2024-01-01", "end_date": "2024-12-31"})
    eq(o["studio_name"], r["name"], "output's studio")
    eq(count(c, "outputs", studio_id=r["id"]), 1, "the studio's outputs")
    expect(c.post(API + "/outputs", json={"kind": "tech_service", "title": uniq("x")}), 400, "invalid_argument", "client_enterprise_id")


def walk_student_bodies(ctx, c, sid):
    """Every endpoint that returns a student or a certificate holder, as role c sees it."""
    bodies = []
    for path in ("/students?size=200", "/students/%d" % sid, "/students?" + q({"q": "学生"}), "/placements?size=200",
                 "/certificates?size=200", "/students?size=5&sort=-id"):
        r = c.get(API + path)
        bodies.append((path, r.status, r.text))
    r = c.post(API + "/students/search", json={"id_number": ctx.cache("pii-id", lambda: None)})
    bodies.append(("/students/search", r.status, r.text))
    return bodies


@test("t1609", "personal information is masked for every role on every endpoint that returns a student")
def t_mask_walk(ctx):
    admin = ctx.admin
    ident, phone = id_number(9901, birth="20060101"), "13912340000"
    s = new_student(admin, id_number=ident, phone=phone, name=uniq("遮蔽"))
    ent = demo_enterprise(ctx)
    create(admin, "placements", {"student_id": s["id"], "enterprise_id": ent, "kind": "cognition", "start_date": "2024-09-01"})
    employee_id = id_number(9902, birth="19800101")
    create(admin, "certificates", {"holder_type": "employee", "holder_name": "职工甲", "holder_id_number": employee_id, "enterprise_id": ent,
                                   "occupation": "电工", "level": 3, "certificate_no": uniq("C")})
    ctx._cache["pii-id"] = ident
    secrets = (ident, phone, employee_id, ident[:-1], phone[3:])
    seen = 0
    for who in ("admin", "zhoubb", "jyj", "hugl"):
        c = ctx.as_(who)
        for path, status, raw in walk_student_bodies(ctx, c, s["id"]):
            text = raw
            for sec in secrets:
                check(sec not in text, "%s sees %s in full on %s (%s)" % (who, sec, path, status))
            if status == 200:
                seen += 1
        # the create and update answers are masked too (where the role may write)
        if who == "admin":
            r = c.patch("%s/students/%d" % (API, s["id"]), json={"class_name": "遮蔽班"}, version=1)
            expect(r, 200)
            check(ident not in r.text and phone not in r.text, "PATCH answer unmasked")
            eq((r.json["id_number"], r.json["phone"]), (ident[:3] + "*" * 11 + ident[-4:], phone[:3] + "****" + phone[-4:]), "masks")
    check(seen >= 12, "too few successful reads walked: %d" % seen)
    # the full view: school_admin only, audited with who and whose
    for who in ("zhoubb", "jyj", "hugl"):
        expect(ctx.as_(who).get("%s/students/%d/pii" % (API, s["id"])), 403, "forbidden")
    r = admin.get("%s/students/%d/pii" % (API, s["id"]))
    expect(r, 200)
    eq((r.json["id_number"], r.json["phone"]), (ident, phone), "the full view")
    a = admin.get(API + "/audit?entity=student&entity_id=%d" % s["id"]).json["items"]
    eq(a[0]["action"], "pii_view", "newest audit row")
    eq(a[0]["username"], "admin", "who viewed")
    for row in a:
        text = str(row)
        check(ident not in text and phone not in text, "audit image holds the number: %r" % row["action"])


@test("t1610", "search by ID number goes in a POST body and matches exactly; never in a URL")
def t_search(ctx):
    c = ctx.admin
    ident = id_number(9903, birth="20040707")
    s = new_student(c, id_number=ident)
    r = c.post(API + "/students/search", json={"id_number": ident.lower()})
    expect(r, 200)
    eq([x["id"] for x in r.json["items"]], [s["id"]], "search result")
    eq(c.post(API + "/students/search", json={"id_number": id_number(9904, birth="20040707")}).json["total"], 0, "another number")
    expect(c.post(API + "/students/search", json={"id_number": ident[:-1] + "0" if ident[-1] != "0" else ident[:-1] + "1"}), 400, "invalid_argument", "id_number")
    expect(c.get(API + "/students?id_number=%s" % ident), 400, "invalid_argument", "id_number")
    # the same number in another college is not found from here
    t2 = ctx.as_("t2")
    expect(t2.post(API + "/students/search", json={"id_number": ident}), 200)
    eq(t2.post(API + "/students/search", json={"id_number": ident}).json["total"], 0, "another college's search")


@test("t1611", "roles: staff write their department's students; an enterprise contact sees and confirms its interns only")
def t_roles(ctx):
    admin, staff, hugl, jyj = ctx.admin, ctx.as_("zhoubb"), ctx.as_("hugl"), ctx.as_("jyj")
    me = staff.get(API + "/session").json["user"]
    dep = me["department_id"]
    check(isinstance(me.get("staff_id"), int), "zhoubb's session names his staff record: %r" % me.get("staff_id"))
    s = new_student(staff, department_id=dep)
    expect(staff.post(API + "/students", json={"student_no": uniq("S"), "name": "外系"}), 403, "forbidden")
    other = admin.get(API + "/departments?size=50").json["items"]
    other = [d for d in other if d["id"] != dep][0]
    expect(staff.post(API + "/students", json={"student_no": uniq("S"), "name": "外系", "department_id": other["id"]}), 403, "forbidden")
    expect(jyj.post(API + "/students", json={"student_no": uniq("S"), "name": "x"}), 403, "forbidden")
    ent = demo_enterprise(ctx)
    p = create(admin, "placements", {"student_id": s["id"], "enterprise_id": ent, "kind": "cognition", "start_date": "2024-11-01"})
    mine = hugl.get(API + "/placements?size=200")
    expect(mine, 200)
    check(all(x["enterprise_id"] == ent for x in mine.json["items"]), "contact sees other enterprises' placements")
    check(mine.json["total"] > 0, "contact sees no placements")
    notmine = admin.get(API + "/placements?size=1&enterprise_id=%d" % admin.get(API + "/enterprises?size=2&sort=-id").json["items"][0]["id"])
    expect(hugl.get(API + "/students"), 403, "forbidden")
    r = hugl.post("%s/placements/%d/confirm" % (API, p["id"]))
    expect(r, 200)
    eq(r.json["confirmed"], True, "confirmed by the enterprise")
    others = admin.get(API + "/placements?size=50&kind=post").json["items"]
    foreign = [x for x in others if x["enterprise_id"] != ent]
    if foreign:
        expect(hugl.get("%s/placements/%d" % (API, foreign[0]["id"])), 404, "not_found")
        expect(hugl.post("%s/placements/%d/confirm" % (API, foreign[0]["id"])), 404, "not_found")
    check(notmine.status == 200, "admin list")


@test("t1612", "another college's students, placements, certificates and studios are 404 by id")
def t_isolation(ctx):
    c, t2 = ctx.admin, ctx.as_("t2")
    s = new_student(c, name=uniq("隔离学生"))
    st = c.get(API + "/studios?size=1").json["items"][0]
    for path in ("/students/%d" % s["id"], "/students/%d/pii" % s["id"], "/studios/%d" % st["id"]):
        r = t2.get(API + path)
        expect(r, 404, "not_found")
        check(s["name"] not in r.text and st["name"] not in r.text, "content leaked on %s" % path)
    eq(t2.get(API + "/students?" + q({"q": s["name"]})).json["total"], 0, "another college's list")


@test("t1613", "no plain ID number or phone of the demo is stored: a raw scan of the database finds none")
def t_raw_scan(ctx):
    admin = ctx.admin
    # the demo's own numbers, as the audited full view gives them
    students = admin.get(API + "/students?size=30&sort=id").json["items"]
    plain = []
    for s in students[:30]:
        r = admin.get("%s/students/%d/pii" % (API, s["id"]))
        expect(r, 200)
        plain += [r.json["id_number"], r.json["phone"]]
    staff = admin.get(API + "/staff?size=5").json["items"]
    for s in staff:
        plain.append(admin.get("%s/staff/%d/pii" % (API, s["id"])).json["phone"])
    plain = [p for p in plain if p]
    check(len(plain) >= 60, "too few numbers to look for: %d" % len(plain))
    db = ctx.main.db
    if db.startswith("postgres"):
        dump = subprocess.run(["psql", "-X", "-At", db, "-c",
                               "BEGIN; SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants WHERE code='jxjsxy'), true);"
                               " SELECT s::text FROM students s; SELECT s::text FROM staff s; SELECT c::text FROM certificates c;"
                               " SELECT a::text FROM audit_log a; COMMIT"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        eq(dump.returncode, 0, "psql: %r" % dump.stderr[-300:])
        text = dump.stdout.decode("utf-8", "replace")
        check(len(text) > 10000, "the dump is too small to mean anything: %d" % len(text))
    else:
        text = ""
        for f in glob.glob(db + "*"):
            if f.endswith(".key"):
                continue
            p = subprocess.run(["strings", "-n", "6", f], stdout=subprocess.PIPE, timeout=120)
            text += p.stdout.decode("utf-8", "replace")
        check(len(text) > 10000, "strings found too little: %d" % len(text))
    found = [p for p in plain if p in text]
    eq(found, [], "plain personal information in the database")


@test("t1614", "the personal-information key lives outside the database, in a file of mode 0600")
def t_key_file(ctx):
    db = ctx.main.db
    key = os.environ.get("CHANJIAO_KEY_FILE") if db.startswith("postgres") else db + ".key"
    check(key and os.path.isfile(key), "no key file at %r" % key)
    eq(oct(os.stat(key).st_mode & 0o777), oct(0o600), "mode of the key file")
    eq(os.path.getsize(key), 64, "key file size")
    with open(key, "rb") as f:
        raw = f.read()
    if not db.startswith("postgres"):
        with open(db, "rb") as f:
            check(raw[:16] not in f.read(), "the key is inside the database file")


@test("t1615", "specialties: the demo's twelve; a duplicate code 409, years out of range 400, nothing stored;"
               " staff read but do not write; another college's is 404")
def t_specialties(ctx):
    c, s, t2 = ctx.admin, ctx.as_("zhoubb"), ctx.as_("t2")
    body = expect(c.get(API + "/specialties?size=50&sort=code"), 200)
    check(body["total"] >= 12, "demo specialties: %r" % body["total"])
    codes = [x["code"] for x in body["items"]]
    check("0112-4" in codes and codes == sorted(codes), "codes %r" % codes[:5])
    dep = c.get(API + "/departments?" + q({"q": "智能制造"})).json["items"][0]["id"]
    mine = expect(c.get(API + "/specialties?" + q({"department_id": dep})), 200)
    check(mine["total"] == 2 and all(x["department_id"] == dep for x in mine["items"]), "by department")
    expect(c.post(API + "/specialties", json={"code": "0112-4", "name": uniq("重复专业")}), 409, "duplicate", "code")
    expect(c.post(API + "/specialties", json={"code": "9901-4", "name": uniq("专业"), "duration_years": 0}),
           400, "invalid_argument", "duration_years")
    expect(c.post(API + "/specialties", json={"code": "9901-4"}), 400, "invalid_argument", "name")
    eq(c.get(API + "/specialties?" + q({"code": "9901-4"})).json["total"], 0, "nothing stored")
    made = expect(c.post(API + "/specialties", json={"code": "9902-4", "name": uniq("新专业"), "department_id": dep,
                                                      "duration_years": 5}), 201)
    expect(s.get(API + "/specialties/%d" % made["id"]), 200)
    expect(s.post(API + "/specialties", json={"code": "9903-4", "name": uniq("专业")}), 403, "forbidden")
    r = t2.get(API + "/specialties/%d" % made["id"])
    expect(r, 404, "not_found")
    check(made["name"] not in r.text, "content leaked")

"""t14xx-t15xx: key projects, annual task books, tasks, indicators, progress reports with evidence
attachments and their review, evaluations, commendations, the to-do list and pillar 1."""

import datetime
import hashlib
import io
import json
import os
import socket
import struct
import urllib.parse
import zipfile
import zlib

from fx import API, demo_event, get, list_all, new_department, new_staff, q
from lib import (
    DEMO_PASSWORD,
    Client,
    check,
    check_record,
    eq,
    expect,
    expect_4xx_not_5xx,
    read_response,
    test,
    uniq,
)

MIB = 1024 * 1024
MAX_UPLOAD = 20 * MIB


def china_today():
    """Today as the server sees it: the date in China (UTC+8)."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def cday(offset):
    return (china_today() + datetime.timedelta(days=offset)).isoformat()


YEAR = china_today().year


# --------------------------------------------------------------------------------------------
# fixtures


def post(c, coll, body, status=201, what=None):
    r = c.post("%s/%s" % (API, coll), json=body)
    expect(r, status, what=what or "POST %s %r" % (coll, body))
    return r.json


def mk_project(c, **kw):
    body = {"name": uniq("测试重点项目"), "level": "provincial", "kind": "other",
            "first_year": YEAR - 1, "last_year": YEAR + 1}
    body.update(kw)
    return post(c, "key-projects", body)


def mk_book(c, project_id, year=YEAR, **kw):
    body = {"project_id": project_id, "year": year}
    body.update(kw)
    return post(c, "task-books", body)


def mk_task(c, book_id, code, **kw):
    body = {"task_book_id": book_id, "code": code, "title": uniq("建设任务")}
    body.update(kw)
    return post(c, "tasks", body)


def mk_indicator(c, task_id, target=10, **kw):
    body = {"task_id": task_id, "name": uniq("指标"), "category": "quantity", "unit": "个", "target": target}
    body.update(kw)
    return post(c, "indicators", body)


def mk_report(c, task_id, percent=50, status=201, **kw):
    body = {"task_id": task_id, "date": cday(-1), "text": "进展：" + uniq("说明"), "percent": percent}
    body.update(kw)
    r = c.post(API + "/progress-reports", json=body)
    expect(r, status, what="report on task %s" % task_id)
    return r.json


def count(c, coll, **params):
    p = dict(params)
    p.setdefault("size", 1)
    r = c.get("%s/%s?%s" % (API, coll, q(p)))
    expect(r, 200, what="list %s" % coll)
    return r.json["total"]


def new_login(ctx, role, department_id=None, staff_id=None, enterprise_id=None, admin=None, tenant="jxjsxy"):
    """A new user of the demo college (or another) with the given links, logged in."""
    admin = admin or ctx.admin
    name = uniq("u").replace("-", "_").lower()
    body = {"username": name, "password": "secret-123", "role": role, "display_name": name}
    if department_id:
        body["department_id"] = department_id
    if staff_id:
        body["staff_id"] = staff_id
    if enterprise_id:
        body["enterprise_id"] = enterprise_id
    post(admin, "users", body)
    c = Client(ctx.base)
    c.login(tenant, name, "secret-123")
    c.change_password("secret-123", "secret-456")  # a password the admin gave: changed first
    return c


def project_fixture(ctx):
    """A project of this year with a task book, a first-level task and an owner who can log in."""
    a = ctx.admin
    dep = new_department(a)
    owner = new_staff(a, department_id=dep["id"])
    kp = mk_project(a)
    tb = mk_book(a, kp["id"])
    t1 = mk_task(a, tb["id"], "1", lead_department_id=dep["id"], owner_id=owner["id"], deadline=cday(30))
    oc = new_login(ctx, "staff", department_id=dep["id"], staff_id=owner["id"])
    return {"dep": dep, "owner": owner, "kp": kp, "tb": tb, "t1": t1, "oc": oc}


# --------------------------------------------------------------------------------------------
# files, built from bytes


def pdf_bytes(extra=b""):
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n" + extra + b"%%EOF\n"


def png_bytes():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_bytes():
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def zip_bytes(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes():
    return zip_bytes([("[Content_Types].xml", CT), ("_rels/.rels", "<Relationships/>"),
                      ("word/document.xml", "<w:document/>")])


def xlsx_bytes():
    return zip_bytes([("[Content_Types].xml", CT), ("_rels/.rels", "<Relationships/>"),
                      ("xl/workbook.xml", "<workbook/>"), ("xl/worksheets/sheet1.xml", "<worksheet/>")])


def multipart(parts, boundary=None):
    """parts: [(name, filename or None, bytes)] -> (content type, body)."""
    boundary = boundary or "----cjtest" + os.urandom(8).hex()
    out = []
    for name, filename, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename is not None:
            # as browsers send it: a quoted string, its quotes and backslashes escaped
            disp += '; filename="%s"' % filename.replace("\\", "\\\\").replace('"', '\\"')
        out.append(b"--" + boundary.encode() + b"\r\n")
        out.append(("Content-Disposition: %s\r\n" % disp).encode("utf-8"))
        out.append(b"Content-Type: application/octet-stream\r\n\r\n")
        out.append(data)
        out.append(b"\r\n")
    out.append(b"--" + boundary.encode() + b"--\r\n")
    return "multipart/form-data; boundary=%s" % boundary, b"".join(out)


def upload(c, filename, data, status=201, field="file", what=None):
    ctype, body = multipart([(field, filename, data)])
    r = c.request("POST", API + "/attachments", body=body, ctype=ctype)
    expect(r, status, what=what or "upload %r" % filename)
    return r


# --------------------------------------------------------------------------------------------
# demo


def demo_projects(ctx):
    def find():
        items = list_all(ctx.admin, "key-projects")
        return {p["name"]: p for p in items if p.get("demo")}

    return ctx.cache("demo_projects", find)


@test("t1401", "demo: the three key projects with periods, funding by source and derived rates")
def t_demo_projects(ctx):
    ps = demo_projects(ctx)
    for name in ("省“双高”计划建设项目", "省“一流技师学院”建设项目", "省高水平专业群建设项目（工业机器人、烘焙）"):
        check(name in ps, "demo project %s missing: %r" % (name, list(ps)))
    yl = ps["省“一流技师学院”建设项目"]
    eq(yl["last_year"] - yl["first_year"] + 1, 4, "一流技师学院: a 4-year cycle")
    eq(ps["省“双高”计划建设项目"]["kind"], "double_high", "双高 kind")
    for p in ps.values():
        check_record(p, "key project")
        sources = [f["source"] for f in p["funding"]]
        eq(len(sources), len(set(sources)), "one row per source")
        tb = ta = ts = 0
        for f in p["funding"]:
            check(f["source"] in ("central", "local", "industry", "school"), "source %r" % f)
            if f["budgeted"]:
                check(abs(f["arrival_rate"] - f["arrived"] / f["budgeted"]) < 1e-4, "arrival rate %r" % f)
            if f["arrived"]:
                check(abs(f["execution_rate"] - f["spent"] / f["arrived"]) < 1e-4, "execution rate %r" % f)
            else:
                eq(f["execution_rate"], None, "execution rate of nothing arrived")
            tb, ta, ts = tb + f["budgeted"], ta + f["arrived"], ts + f["spent"]
        tot = p["funding_total"]
        eq((tot["budgeted"], tot["arrived"], tot["spent"]), (tb, ta, ts), "funding totals of %s" % p["name"])
        check(abs(tot["arrival_rate"] - ta / tb) < 1e-4, "total arrival rate")
    # the two high-level specialty groups are first-level tasks of the group project's task book
    zq = get(ctx.admin, "key-projects", ps["省高水平专业群建设项目（工业机器人、烘焙）"]["id"])
    books = zq["task_books"]
    check(len(books) >= 1, "task books of the group project")
    firsts = list_all(ctx.admin, "tasks", task_book_id=books[0]["id"], level=1)
    titles = " ".join(t["title"] for t in firsts)
    check("工业机器人" in titles and "烘焙" in titles, "the two groups as first-level tasks: %r" % titles)


@test("t1402", "demo: the 2023 task books were issued at the founding meeting; the event names them")
def t_demo_books(ctx):
    a = ctx.admin
    ev = demo_event(ctx)
    ps = demo_projects(ctx)
    issued = [x for x in ev["actions"] if x["action"] == "task_book_issued"]
    eq(len(issued), 3, "task_book_issued actions")
    for p in ps.values():
        books = list_all(a, "task-books", project_id=p["id"], year=2023)
        eq(len(books), 1, "2023 task book of %s" % p["name"])
        b = books[0]
        eq((b["event_id"], b["issue_date"]), (ev["id"], "2023-03-10"), "issued at the meeting")
        check(b["id"] in [x["target_id"] for x in issued], "the meeting names the task book %d" % b["id"])
        named = [x for x in issued if x["target_id"] == b["id"]][0]
        eq((named["target_type"], named["target_name"]), ("task_book", b["title"]), "target of the action")
        eq([e["event_id"] for e in get(a, "task-books", b["id"])["events"]], [ev["id"]], "events of the task book")
        tasks = list_all(a, "tasks", task_book_id=b["id"])
        check(len(tasks) >= 6, "a realistic outline for %s" % p["name"])
        codes = {t["code"] for t in tasks}
        for t in tasks:
            if "." in t["code"]:
                check(t["code"].split(".")[0] in codes, "parent of %s" % t["code"])
        check(any(t["overdue"] for t in tasks), "some overdue tasks in %s" % b["title"])
        check(all(t["owner_id"] and t["deadline"] for t in tasks), "owners and deadlines")
        check(count(a, "indicators", task_book_id=b["id"]) >= 3, "indicators of %s" % b["title"])


@test("t1403", "demo: the 省“双高”中期建设先进个人 commended at the meeting; a mid-term evaluation")
def t_demo_commendations(ctx):
    a = ctx.admin
    ev = demo_event(ctx)
    sg = demo_projects(ctx)["省“双高”计划建设项目"]
    cs = [c for c in list_all(a, "commendations", event_id=ev["id"]) if c["title"] == "省“双高”中期建设先进个人"]
    check(len(cs) >= 3, "commendations at the meeting: %d" % len(cs))
    acts = {x["target_id"]: x for x in ev["actions"] if x["action"] == "commendation"}
    for c in cs:
        eq((c["project_id"], c["date"], c["demo"]), (sg["id"], "2023-03-10", True), "commendation %r" % c["label"])
        check(c["person"] and c["label"].endswith(c["person"]), "person and label %r" % c)
        check(c["id"] in acts, "the meeting names commendation %d" % c["id"])
        eq(acts[c["id"]]["target_name"], c["label"], "target_name of the commendation")
    evals = list_all(a, "evaluations", project_id=sg["id"], kind="midterm")
    eq(len(evals), 1, "mid-term evaluation of 双高")
    snap = get(a, "evaluations", evals[0]["id"])["snapshot"]
    for k in ("tasks", "done", "overdue", "cancelled", "completion_rate", "indicator_attainment", "years"):
        check(k in snap, "snapshot lacks %s: %r" % (k, snap))


def overdue_by_hand(t, today):
    return bool(t["deadline"]) and t["deadline"] < today and t["status"] not in ("done", "cancelled")


@test("t1404", "demo: the overdue list equals a hand computation from every task")
def t_demo_overdue(ctx):
    a = ctx.admin
    today = china_today().isoformat()
    tasks = list_all(a, "tasks")
    want = sorted(t["id"] for t in tasks if overdue_by_hand(t, today))
    got = sorted(t["id"] for t in list_all(a, "tasks", overdue="true"))
    check(len(want) >= 5, "the demo has overdue tasks")
    eq(got, want, "GET /tasks?overdue=true")
    for t in tasks:
        eq(t["overdue"], overdue_by_hand(t, today), "overdue flag of task %d" % t["id"])
    notover = sorted(t["id"] for t in list_all(a, "tasks", overdue="false"))
    eq(sorted(notover + got), sorted(t["id"] for t in tasks), "overdue=false is the rest")
    expect(a.get(API + "/tasks?overdue=yes"), 400, "invalid_argument", "overdue")


def latest_approved(reports):
    """percent by task and actual by indicator, from the approved reports (latest by date, then id)."""
    pct, actual = {}, {}
    for r in sorted((r for r in reports if r["status"] == "approved"), key=lambda r: (r["date"], r["id"])):
        pct[r["task_id"]] = r["percent"]
        for v in r["indicator_values"]:
            actual[v["indicator_id"]] = v["value"]
    return pct, actual


@test("t1405", "demo: the to-do lists of zhoubb and of the administrator equal a hand computation")
def t_demo_todo(ctx):
    a, z = ctx.admin, ctx.as_("zhoubb")
    today = china_today().isoformat()
    users = [u for u in list_all(a, "users", q="zhoubb") if u["username"] == "zhoubb"]
    eq(len(users), 1, "user zhoubb")
    zid, staff = users[0]["id"], users[0]["staff_id"]
    eq(get(a, "staff", staff)["name"], "周斌斌", "zhoubb is linked to 周斌斌")
    tasks = {t["id"]: t for t in list_all(a, "tasks")}
    reports = list_all(a, "progress-reports")
    aid = a.user["id"]
    r = z.get(API + "/todo")
    expect(r, 200)
    todo = r.json
    want = sorted(t["id"] for t in tasks.values() if t["owner_id"] == staff and overdue_by_hand(t, today))
    check(len(want) >= 2, "zhoubb has overdue tasks in the demo")
    eq(sorted(t["id"] for t in todo["overdue_tasks"]), want, "zhoubb's overdue tasks")
    eq(todo["reports_to_review"], [], "a staff member reviews nothing")
    want = sorted(x["id"] for x in reports if x["status"] == "returned"
                  and (x["submitted_by"] == zid or tasks[x["task_id"]]["owner_id"] == staff))
    check(len(want) >= 1, "zhoubb has a returned report in the demo")
    eq(sorted(x["id"] for x in todo["returned_reports"]), want, "zhoubb's returned reports")
    for x in todo["returned_reports"]:
        check(x["return_reason"], "returned report without its reason: %r" % x)
    eq(todo["counts"], {"overdue_tasks": len(todo["overdue_tasks"]), "reports_to_review": 0,
                        "returned_reports": len(want)}, "counts")
    r = a.get(API + "/todo")
    expect(r, 200)
    want = sorted(x["id"] for x in reports if x["status"] == "submitted" and x["submitted_by"] != aid)
    check(len(want) >= 2, "reports waiting in the demo")
    eq(sorted(x["id"] for x in r.json["reports_to_review"]), want, "the administrator's review queue")
    expect(ctx.as_("hugl").get(API + "/todo"), 403, "forbidden")


def figures_by_hand(a, book_id, today, reports):
    tasks = list_all(a, "tasks", task_book_id=book_id)
    inds = list_all(a, "indicators", task_book_id=book_id)
    _, actual = latest_approved(reports)
    byid = {t["id"]: t for t in tasks}
    total = len(tasks)
    done = sum(t["status"] == "done" for t in tasks)
    cancelled = sum(t["status"] == "cancelled" for t in tasks)
    overdue = sum(overdue_by_hand(t, today) for t in tasks)
    live = [i for i in inds if byid[i["task_id"]]["status"] != "cancelled"]
    att = [min(actual.get(i["id"], 0) / i["target"], 1) if actual.get(i["id"], 0) > 0 else 0 for i in live]
    return {"tasks": total, "done": done, "cancelled": cancelled, "overdue": overdue,
            "completion_rate": done / (total - cancelled) if total - cancelled else None,
            "indicators": len(live), "indicator_attainment": sum(att) / len(att) if att else None}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-4


@test("t1406", "demo: the pillar-1 figures of 2023, computed by hand from the lists, equal the dashboard")
def t_demo_pillar1(ctx):
    a = ctx.admin
    today = china_today().isoformat()
    r = a.get(API + "/dashboard/projects?year=2023")
    expect(r, 200)
    dash = r.json
    eq(dash["year"], 2023, "year")
    reports = list_all(a, "progress-reports")
    projects = [p for p in list_all(a, "key-projects") if p["first_year"] <= 2023 <= p["last_year"]]
    eq(sorted(p["project_id"] for p in dash["projects"]), sorted(p["id"] for p in projects), "projects of 2023")
    evals = list_all(a, "evaluations")
    names = set()
    for row in dash["projects"]:
        books = list_all(a, "task-books", project_id=row["project_id"], year=2023)
        if not books:
            eq((row["task_book_id"], row["tasks"], row["completion_rate"]), (None, 0, None), "no task book")
            continue
        eq(row["task_book_id"], books[0]["id"], "task book of %s" % row["name"])
        want = figures_by_hand(a, books[0]["id"], today, reports)
        for k in ("tasks", "done", "cancelled", "overdue", "indicators"):
            eq(row[k], want[k], "%s of %s" % (k, row["name"]))
        for k in ("completion_rate", "indicator_attainment"):
            check(close(row[k], want[k]), "%s of %s: api %r, by hand %r" % (k, row["name"], row[k], want[k]))
        mine = [e for e in evals if e["project_id"] == row["project_id"] and e["date"] <= "2023-12-31"]
        last = max(mine, key=lambda e: (e["date"], e["id"])) if mine else None
        eq(row["latest_evaluation"] and row["latest_evaluation"]["id"], last and last["id"], "latest evaluation")
        eq(get(a, "task-books", books[0]["id"])["figures"]["tasks"], want["tasks"], "the task book's figures")
        names.add(row["name"])
    check("省“双高”计划建设项目" in names, "双高 in pillar 1")
    # the demo's figures are not trivial
    sg = [p for p in dash["projects"] if p["name"] == "省“双高”计划建设项目"][0]
    check(sg["done"] > 0 and sg["overdue"] > 0 and sg["cancelled"] > 0, "双高 figures %r" % sg)
    check(0 < sg["indicator_attainment"] < 1, "双高 attainment %r" % sg)
    eq(sg["latest_evaluation"]["kind"], "midterm", "双高's latest evaluation")
    tot = dash["total"]
    eq(tot["tasks"], sum(p["tasks"] for p in dash["projects"]), "total tasks")
    eq(tot["overdue"], sum(p["overdue"] for p in dash["projects"]), "total overdue")
    # the task percent is the latest approved report's
    pct, _ = latest_approved(reports)
    for t in list_all(a, "tasks", year=2023):
        eq(t["percent"], pct.get(t["id"], 0), "percent of task %d" % t["id"])
    expect(a.get(API + "/dashboard/projects?year=abc"), 400, "invalid_argument", "year")
    expect(a.get(API + "/dashboard/projects?year=1800"), 400, "invalid_argument", "year")
    expect(a.get(API + "/dashboard/projects?yr=2023"), 400, "invalid_argument", "yr")
    r = a.get(API + "/dashboard/projects")
    expect(r, 200)
    eq(r.json["year"], YEAR, "the default year is this year")


# --------------------------------------------------------------------------------------------
# bad input: each a 4xx naming the field, and nothing stored


@test("t1410", "key project: years in order, level, funding sources once and not negative; nothing stored")
def t_project_validation(ctx):
    a = ctx.admin
    n = count(a, "key-projects")

    def bad(field, status=400, code="invalid_argument", **kw):
        body = {"name": uniq("项目"), "level": "provincial", "first_year": 2023, "last_year": 2025}
        body.update(kw)
        expect(a.post(API + "/key-projects", json=body), status, code, field, what=repr(kw))

    bad("last_year", last_year=2022)
    bad("level", level="galactic")
    bad("first_year", first_year=1999)
    bad("funding", funding=[{"source": "local", "budgeted": 1}, {"source": "local", "budgeted": 2}])
    bad("funding", funding=[{"source": "lottery", "budgeted": 1}])
    bad("funding", funding=[{"source": "local", "budgeted": -1}])
    bad("funding", funding=[{"source": "local", "budgeted": "1"}])
    bad("funding", funding=[{"budgeted": 1}])
    bad("funding", funding=[{"source": "local", "bonus": 1}])
    bad("name", name="")
    eq(count(a, "key-projects"), n, "key projects after refused writes")
    p = mk_project(a, funding=[{"source": "central", "budgeted": 1000, "arrived": 300, "spent": 300}])
    eq(p["funding"][0]["arrival_rate"], 0.3, "arrival rate")
    eq(p["funding"][0]["execution_rate"], 1.0, "execution rate")
    expect(a.post(API + "/key-projects", json={"name": p["name"], "level": "school", "first_year": 2023,
                                               "last_year": 2023}), 409, "duplicate", "name")
    # a shorter period must still hold its task books
    b = mk_book(a, p["id"], YEAR + 1)
    expect(a.patch("%s/key-projects/%d" % (API, p["id"]), json={"last_year": YEAR}, version=p["version"]),
           400, "invalid_argument", "last_year")
    r = a.patch("%s/key-projects/%d" % (API, p["id"]), json={"funding": []}, version=p["version"])
    expect(r, 200)
    eq((r.json["funding"], r.json["funding_total"]["arrival_rate"]), ([], None), "funding cleared")
    expect(a.delete("%s/key-projects/%d" % (API, p["id"])), 409, "in_use")
    expect(a.delete("%s/task-books/%d" % (API, b["id"])), 204)
    expect(a.delete("%s/key-projects/%d" % (API, p["id"])), 204)


@test("t1411", "task book: a second one for the same project and year is 409; a year outside the period 400")
def t_book_unique(ctx):
    a = ctx.admin
    kp = mk_project(a)
    tb = mk_book(a, kp["id"])
    eq(tb["title"], "%s%d年度建设任务书" % (kp["name"], YEAR), "default title")
    n = count(a, "task-books", project_id=kp["id"])
    expect(a.post(API + "/task-books", json={"project_id": kp["id"], "year": YEAR, "title": "重复"}),
           409, "duplicate", "year")
    expect(a.post(API + "/task-books", json={"project_id": kp["id"], "year": YEAR + 2}), 400,
           "invalid_argument", "year")
    expect(a.post(API + "/task-books", json={"project_id": kp["id"], "year": YEAR - 2}), 400,
           "invalid_argument", "year")
    expect(a.post(API + "/task-books", json={"project_id": 987654321, "year": YEAR}), 404, "not_found",
           "project_id")
    eq(count(a, "task-books", project_id=kp["id"]), n, "task books after refused writes")
    other = mk_book(a, kp["id"], YEAR + 1)
    expect(a.patch("%s/task-books/%d" % (API, other["id"]), json={"year": YEAR}, version=1), 409,
           "duplicate", "year")
    expect(a.patch("%s/task-books/%d" % (API, other["id"]), json={"project_id": kp["id"]}, version=1), 400,
           "invalid_argument", "project_id")
    eq(get(a, "task-books", other["id"])["year"], YEAR + 1, "year after the refused move")


@test("t1412", "task: a deadline outside the project period is 400 deadline, nothing stored")
def t_task_deadline(ctx):
    a = ctx.admin
    kp = mk_project(a)
    tb = mk_book(a, kp["id"])
    n = count(a, "tasks", task_book_id=tb["id"])
    for d in ("%d-12-31" % (YEAR - 2), "%d-01-01" % (YEAR + 2), "2023-02-30", "tomorrow"):
        expect(a.post(API + "/tasks", json={"task_book_id": tb["id"], "code": "1", "title": "x", "deadline": d}),
               400, "invalid_argument", "deadline", what=d)
    eq(count(a, "tasks", task_book_id=tb["id"]), n, "tasks after refused writes")
    t = mk_task(a, tb["id"], "1", deadline="%d-01-01" % (YEAR - 1))
    mk_task(a, tb["id"], "2", deadline="%d-12-31" % (YEAR + 1))
    expect(a.patch("%s/tasks/%d" % (API, t["id"]), json={"deadline": "%d-01-01" % (YEAR + 5)}, version=1), 400,
           "invalid_argument", "deadline")
    eq(get(a, "tasks", t["id"])["deadline"], "%d-01-01" % (YEAR - 1), "deadline after the refused change")


@test("t1413", "task: outline codes 2 and 2.3; a code not under an existing parent is 400 code")
def t_task_outline(ctx):
    a = ctx.admin
    kp = mk_project(a)
    tb = mk_book(a, kp["id"])
    other = mk_book(a, kp["id"], YEAR + 1)
    mk_task(a, other["id"], "2")  # a "2" in another book is no parent
    n = count(a, "tasks", task_book_id=tb["id"])
    expect(a.post(API + "/tasks", json={"task_book_id": tb["id"], "code": "2.3", "title": "x"}), 400,
           "invalid_argument", "code")
    for code in ("0", "02", "2.", ".3", "2.3.1", "a", "2.0", "1000", "２", " ", "2-3"):
        expect(a.post(API + "/tasks", json={"task_book_id": tb["id"], "code": code, "title": "x"}), 400,
               "invalid_argument", "code", what=repr(code))
    eq(count(a, "tasks", task_book_id=tb["id"]), n, "tasks after refused writes")
    t2 = mk_task(a, tb["id"], "2")
    t23 = mk_task(a, tb["id"], "2.3")
    t10 = mk_task(a, tb["id"], "10")
    t210 = mk_task(a, tb["id"], "2.10")
    eq((t2["level"], t23["level"]), (1, 2), "levels")
    expect(a.post(API + "/tasks", json={"task_book_id": tb["id"], "code": "2.3", "title": "x"}), 409,
           "duplicate", "code")
    ids = [t["id"] for t in list_all(a, "tasks", task_book_id=tb["id"], sort="outline_order")]
    eq(ids, [t2["id"], t23["id"], t210["id"], t10["id"]], "outline order 2, 2.3, 2.10, 10")
    eq([t["id"] for t in list_all(a, "tasks", task_book_id=tb["id"], level=2, sort="outline_order")],
       [t23["id"], t210["id"]], "level=2")
    # a first-level task with children can neither go nor be renumbered
    expect(a.delete("%s/tasks/%d" % (API, t2["id"])), 409, "in_use", "code")
    expect(a.patch("%s/tasks/%d" % (API, t2["id"]), json={"code": "3"}, version=1), 409, "in_use", "code")
    expect(a.patch("%s/tasks/%d" % (API, t23["id"]), json={"code": "4.1"}, version=1), 400, "invalid_argument",
           "code")
    r = a.patch("%s/tasks/%d" % (API, t23["id"]), json={"code": "10.1"}, version=1)
    expect(r, 200)
    eq(r.json["outline_order"], 10001, "outline order after renumbering")
    expect(a.patch("%s/tasks/%d" % (API, t23["id"]), json={"task_book_id": other["id"]}, version=2), 400,
           "invalid_argument", "task_book_id")
    expect(a.delete("%s/tasks/%d" % (API, t210["id"])), 204)
    expect(a.delete("%s/tasks/%d" % (API, t2["id"])), 204)


@test("t1414", "indicator: a target <= 0 is 400 target; attainment = min(actual / target, 1)")
def t_indicator_target(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    n = count(a, "indicators", task_book_id=f["tb"]["id"])
    for t in (0, -5):
        expect(a.post(API + "/indicators", json={"task_id": f["t1"]["id"], "name": "x", "category": "quantity",
                                                 "target": t}), 400, "invalid_argument", "target", what=repr(t))
    expect(a.post(API + "/indicators", json={"task_id": f["t1"]["id"], "name": "x", "category": "quantity",
                                             "target": 5, "cycle_target": 0}), 400, "invalid_argument", "cycle_target")
    expect(a.post(API + "/indicators", json={"task_id": f["t1"]["id"], "name": "x", "category": "quantity"}),
           400, "invalid_argument", "target")
    expect(a.post(API + "/indicators", json={"task_id": f["t1"]["id"], "name": "x", "category": "profit",
                                             "target": 5}), 400, "invalid_argument", "category")
    eq(count(a, "indicators", task_book_id=f["tb"]["id"]), n, "indicators after refused writes")
    i1 = mk_indicator(a, f["t1"]["id"], target=8, cycle_target=20)
    expect(a.patch("%s/indicators/%d" % (API, i1["id"]), json={"target": 0}, version=1), 400, "invalid_argument",
           "target")
    i2 = mk_indicator(a, f["t1"]["id"], target=4)
    eq((i1["actual"], i1["attainment"]), (None, 0), "no actual before an approved report")
    rep = mk_report(f["oc"], f["t1"]["id"], 40, indicator_values=[{"indicator_id": i1["id"], "value": 6},
                                                                 {"indicator_id": i2["id"], "value": 9}])
    expect(a.post("%s/progress-reports/%d/approve" % (API, rep["id"])), 200)
    g1, g2 = get(a, "indicators", i1["id"]), get(a, "indicators", i2["id"])
    eq((g1["actual"], g1["attainment"], g1["cycle_attainment"]), (6, 0.75, 0.3), "6 of 8")
    eq((g2["actual"], g2["attainment"]), (9, 1.0), "9 of 4 is capped at 1")


@test("t1415", "approving one's own report is refused (403) and the report stays submitted")
def t_own_report(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    rep = mk_report(a, f["t1"]["id"], 30)
    eq((rep["status"], rep["submitted_by"]), ("submitted", a.user["id"]), "submitted by the administrator")
    r = a.post("%s/progress-reports/%d/approve" % (API, rep["id"]))
    expect(r, 403, "forbidden")
    check("本人" in r.json["error"]["message"], "a clear message: %r" % r.json)
    r = a.post("%s/progress-reports/%d/return" % (API, rep["id"]), json={"reason": "自己退回"})
    expect(r, 403, "forbidden")
    g = get(a, "progress-reports", rep["id"])
    eq((g["status"], g["reviews"]), ("submitted", []), "report after the refused review")
    eq(get(a, "tasks", f["t1"]["id"])["percent"], 0, "percent unchanged")
    # an administrator who owns the task (through a staff link) does not review it either
    a2 = new_login(ctx, "school_admin", staff_id=f["owner"]["id"])
    rep2 = mk_report(f["oc"], f["t1"]["id"], 40)
    expect(a2.post("%s/progress-reports/%d/approve" % (API, rep2["id"])), 403, "forbidden")
    # another administrator may
    a3 = new_login(ctx, "school_admin")
    r = a3.post("%s/progress-reports/%d/approve" % (API, rep["id"]))
    expect(r, 200)
    eq(r.json["status"], "approved", "approved by another administrator")


@test("t1416", "a report on a cancelled task is 409 and nothing is stored")
def t_cancelled_task(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    t = mk_task(a, f["tb"]["id"], "1.1", lead_department_id=f["dep"]["id"], owner_id=f["owner"]["id"],
                status="cancelled")
    n = count(a, "progress-reports", task_id=t["id"])
    r = f["oc"].post(API + "/progress-reports", json={"task_id": t["id"], "date": cday(0), "text": "x", "percent": 10})
    expect(r, 409, "invalid_transition", "task_id")
    expect(a.post(API + "/progress-reports", json={"task_id": t["id"], "date": cday(0), "text": "x", "percent": 10}),
           409, "invalid_transition", "task_id")
    eq(count(a, "progress-reports", task_id=t["id"]), n, "reports after refused writes")
    # a report submitted before the task was cancelled cannot be approved afterwards
    t2 = mk_task(a, f["tb"]["id"], "1.2", lead_department_id=f["dep"]["id"], owner_id=f["owner"]["id"])
    rep = mk_report(f["oc"], t2["id"], 20)
    expect(a.patch("%s/tasks/%d" % (API, t2["id"]), json={"status": "cancelled"}, version=t2["version"]), 200)
    expect(a.post("%s/progress-reports/%d/approve" % (API, rep["id"])), 409, "invalid_transition")
    eq(get(a, "progress-reports", rep["id"])["status"], "submitted", "report after the refused approval")


@test("t1417", "attachments: over 20 MiB 413, a forbidden type 415, a path in the name 400; nothing stored")
def t_attachment_bad(ctx):
    a = ctx.admin
    n = count(a, "attachments")
    big = pdf_bytes(b"%" + b"x" * (MAX_UPLOAD - len(pdf_bytes()) - 1))
    eq(len(big), MAX_UPLOAD, "a file of exactly 20 MiB")
    r = upload(a, "big.pdf", big + b"\n", 413, what="20 MiB + 1")
    expect(r, 413, "payload_too_large", "file")
    r = upload(a, "page.pdf", b"<html><script>alert(1)</script></html>", 415)
    expect(r, 415, "unsupported_media_type", "file")
    for name in ("../../x.pdf", "..\\..\\x.pdf", "a/b.pdf", "C:\\Users\\x.pdf", "..", "x\x01.pdf", ""):
        r = upload(a, name, pdf_bytes(), 400, what=repr(name))
        expect(r, 400, "invalid_argument", "filename", what=repr(name))
    eq(count(a, "attachments"), n, "attachments after refused uploads")
    r = upload(a, "big.pdf", big)
    eq(r.json["size"], MAX_UPLOAD, "exactly 20 MiB is accepted")


# --------------------------------------------------------------------------------------------
# the report workflow


@test("t1420", "workflow: submit, return with a reason, resubmit, approve; only approval moves percent and actual")
def t_workflow(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    oc, t1 = f["oc"], f["t1"]
    ind = mk_indicator(a, t1["id"], target=10)
    rep = mk_report(oc, t1["id"], 60, indicator_values=[{"indicator_id": ind["id"], "value": 5}])
    eq((rep["status"], rep["submitted_by"]), ("submitted", oc.user["id"]), "submitted by the owner")
    eq(get(a, "tasks", t1["id"])["percent"], 0, "a submitted report does not move the percent")
    eq(get(a, "indicators", ind["id"])["actual"], None, "nor the actual")
    u = "%s/progress-reports/%d" % (API, rep["id"])
    expect(a.post(u + "/return", json={}), 400, "invalid_argument", "reason")
    expect(a.post(u + "/return", json={"reason": "  "}), 400, "invalid_argument", "reason")
    expect(a.post(u + "/return", json={"reason": "x", "extra": 1}), 400, "invalid_argument", "extra")
    expect(oc.post(u + "/approve"), 403, "forbidden")
    r = a.post(u + "/return", json={"reason": "请补充佐证材料"})
    expect(r, 200)
    eq((r.json["status"], r.json["return_reason"], r.json["reviewed_by"]), ("returned", "请补充佐证材料", a.user["id"]),
       "returned")
    eq([(v["decision"], v["reason"]) for v in r.json["reviews"]], [("return", "请补充佐证材料")], "review history")
    expect(a.post(u + "/approve"), 409, "invalid_transition")
    todo = oc.get(API + "/todo").json
    check(rep["id"] in [x["id"] for x in todo["returned_reports"]], "the owner's to-do shows the returned report")
    eq(get(a, "tasks", t1["id"])["percent"], 0, "a returned report does not move the percent")
    # the owner edits the returned report: it is submitted again
    r = oc.patch(u, json={"percent": 100, "indicator_values": [{"indicator_id": ind["id"], "value": 12}]},
                 version=r.json["version"])
    expect(r, 200)
    eq((r.json["status"], r.json["return_reason"]), ("submitted", None), "resubmitted")
    check(rep["id"] in [x["id"] for x in a.get(API + "/todo").json["reports_to_review"]], "in the review queue")
    r = a.post(u + "/approve")
    expect(r, 200)
    eq(r.json["status"], "approved", "approved")
    eq([v["decision"] for v in r.json["reviews"]], ["return", "approve"], "review history")
    t = get(a, "tasks", t1["id"])
    eq((t["percent"], t["status"]), (100, "done"), "approval moved the percent; 100 % is done")
    g = get(a, "indicators", ind["id"])
    eq((g["actual"], g["attainment"]), (12, 1.0), "approval moved the actual")
    # an approved report is final
    expect(oc.patch(u, json={"percent": 10}, version=r.json["version"]), 409, "invalid_transition", "status")
    expect(a.delete(u), 409, "invalid_transition")
    expect(a.post(u + "/approve"), 409, "invalid_transition")
    # a later, lower report moves the percent back only when approved; the latest by date counts
    rep2 = mk_report(oc, t1["id"], 80, date=cday(0))
    eq(get(a, "tasks", t1["id"])["percent"], 100, "percent while the new report waits")
    expect(a.post("%s/progress-reports/%d/approve" % (API, rep2["id"])), 200)
    eq(get(a, "tasks", t1["id"])["percent"], 80, "the latest approved report")
    # the audit log shows the review
    acts = [x["action"] for x in a.get(API + "/audit?entity=progress_report&entity_id=%d" % rep["id"]).json["items"]]
    check("approve" in acts and "return" in acts, "audit of the reviews: %r" % acts)
    # a report may be withdrawn while it waits
    rep3 = mk_report(oc, t1["id"], 90)
    expect(oc.delete("%s/progress-reports/%d" % (API, rep3["id"])), 204)


@test("t1421", "roles: only the task's owner or an administrator reports; only an administrator reviews")
def t_report_roles(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    t1 = f["t1"]
    same_dep = new_login(ctx, "staff", department_id=f["dep"]["id"])
    other_staff = new_staff(a, department_id=f["dep"]["id"])
    not_owner = new_login(ctx, "staff", department_id=f["dep"]["id"], staff_id=other_staff["id"])
    n = count(a, "progress-reports", task_id=t1["id"])
    body = {"task_id": t1["id"], "date": cday(0), "text": "x", "percent": 10}
    for who, c in (("staff without a staff link", same_dep), ("staff who does not own the task", not_owner)):
        r = c.post(API + "/progress-reports", json=body)
        expect(r, 403, "forbidden", what=who)
    expect(ctx.as_("jyj").post(API + "/progress-reports", json=body), 403, "forbidden")
    expect(ctx.as_("hugl").post(API + "/progress-reports", json=body), 403, "forbidden")
    eq(count(a, "progress-reports", task_id=t1["id"]), n, "reports after refused writes")
    rep = mk_report(f["oc"], t1["id"], 10)
    u = "%s/progress-reports/%d" % (API, rep["id"])
    for c in (f["oc"], not_owner, ctx.as_("jyj"), ctx.as_("hugl")):
        expect(c.post(u + "/approve"), 403, "forbidden")
        expect(c.post(u + "/return", json={"reason": "x"}), 403, "forbidden")
    expect(not_owner.patch(u, json={"percent": 20}, version=1), 403, "forbidden")
    expect(not_owner.delete(u), 403, "forbidden")
    eq(get(a, "progress-reports", rep["id"])["status"], "submitted", "after refused reviews")
    mine = list_all(f["oc"], "progress-reports", mine="true")
    check(rep["id"] in [x["id"] for x in mine], "mine=true lists the owner's reports")


@test("t1422", "a report's indicator values belong to its task; its attachments exist in the college")
def t_report_refs(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    t2 = mk_task(a, f["tb"]["id"], "2", lead_department_id=f["dep"]["id"], owner_id=f["owner"]["id"])
    other = mk_indicator(a, t2["id"])
    n = count(a, "progress-reports", task_id=f["t1"]["id"])
    base = {"task_id": f["t1"]["id"], "date": cday(0), "text": "x", "percent": 10}
    cases = [
        (dict(indicator_values=[{"indicator_id": other["id"], "value": 1}]), 400, "indicator_values"),
        (dict(indicator_values=[{"indicator_id": 987654321, "value": 1}]), 404, "indicator_values"),
        (dict(indicator_values=[{"indicator_id": other["id"]}]), 400, "indicator_values"),
        (dict(indicator_values=[{"indicator_id": other["id"], "value": -1}]), 400, "indicator_values"),
        (dict(attachment_ids=[987654321]), 404, "attachment_ids"),
        (dict(attachment_ids=["x"]), 400, "attachment_ids"),
        (dict(percent=101), 400, "percent"),
        (dict(status="approved"), 400, "status"),
        (dict(date="2023-13-01"), 400, "date"),
        (dict(text=""), 400, "text"),
    ]
    for extra, status, field in cases:
        b = dict(base)
        b.update(extra)
        code = "invalid_argument" if status == 400 else "not_found"
        expect(f["oc"].post(API + "/progress-reports", json=b), status, code, field, what=repr(extra))
    eq(count(a, "progress-reports", task_id=f["t1"]["id"]), n, "reports after refused writes")
    att = upload(f["oc"], "佐证材料.pdf", pdf_bytes()).json
    rep = mk_report(f["oc"], f["t1"]["id"], 10, attachment_ids=[att["id"]])
    eq(rep["attachment_ids"], [att["id"]], "attachment ids")
    eq([(x["id"], x["filename"], x["kind"]) for x in rep["attachments"]], [(att["id"], "佐证材料.pdf", "pdf")],
       "attachments of the report")


# --------------------------------------------------------------------------------------------
# attachments


def declared(ctx, c, path, ctype, n):
    """Send only the headers of a POST declaring n body bytes; the status of the answer."""
    s = socket.create_connection((ctx.host, ctx.port), timeout=10)
    try:
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
                "Content-Type: %s\r\nContent-Length: %d\r\n\r\n" % (path, c.cookie_header(), c.csrf, ctype, n))
        s.sendall(head.encode())
        st, hd, body, _ = read_response(s, 10)
        return st, json.loads(body.decode() or "null")
    finally:
        s.close()


@test("t1430", "attachments: PDF, PNG, JPEG, DOCX, XLSX by content; stored once per content; safe download")
def t_attachments(ctx):
    a = ctx.admin
    files = [("报告.pdf", pdf_bytes(), "pdf", "application/pdf"),
             ("照片.png", png_bytes(), "png", "image/png"),
             ("photo.jpg", jpeg_bytes(), "jpeg", "image/jpeg"),
             ("总结.docx", docx_bytes(), "docx",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             ("台账.xlsx", xlsx_bytes(), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             ("named-wrong.txt", pdf_bytes(b"% named wrong\n"), "pdf", "application/pdf")]
    for name, data, kind, mime in files:
        r = upload(a, name, data)
        rec = r.json
        check_record(rec, "attachment")
        eq((rec["filename"], rec["kind"], rec["content_type"], rec["size"]), (name, kind, mime, len(data)), name)
        eq(rec["sha256"], hashlib.sha256(data).hexdigest(), "sha256 of %s" % name)
        check(name not in rec["stored_name"] and rec["stored_name"].startswith(rec["sha256"]),
              "generated stored name %r" % rec["stored_name"])
        eq(r.headers.get("location"), "/api/v1/attachments/%d" % rec["id"], "Location")
        g = a.get("%s/attachments/%d/content" % (API, rec["id"]))
        expect(g, 200)
        eq(g.body, data, "bytes of %s" % name)
        eq(g.headers.get("content-type"), mime, "Content-Type of %s" % name)
        eq(g.headers.get("x-content-type-options"), "nosniff", "nosniff")
        cd = g.headers.get("content-disposition", "")
        check(cd.startswith("attachment;"), "attachment disposition: %r" % cd)
        # offered under the extension of what the bytes are (named-wrong.txt is a PDF)
        want = name if name != "named-wrong.txt" else "named-wrong.pdf"
        check("filename*=UTF-8''" + urllib.parse.quote(want, safe="") in cd, "filename* of %s: %r" % (name, cd))
        eq(get(a, "attachments", rec["id"])["filename"], name, "metadata")
    # the same bytes twice: two records, one stored content
    data = pdf_bytes(b"% " + uniq("dedup").encode() + b"\n")
    r1, r2 = upload(a, "a.pdf", data).json, upload(a, "b.pdf", data).json
    check(r1["id"] != r2["id"], "two attachment records")
    eq((r1["sha256"], r1["stored_name"]), (r2["sha256"], r2["stored_name"]), "one stored content")
    eq(a.get("%s/attachments/%d/content" % (API, r2["id"])).body, data, "bytes of the second upload")
    eq([x["id"] for x in list_all(a, "attachments", sha256=r1["sha256"])], [r1["id"], r2["id"]], "sha256 filter")
    # a name with a quote and non-ASCII letters is safe in the header
    r = upload(a, '引号"和;分号.pdf', pdf_bytes())
    cd = a.get("%s/attachments/%d/content" % (API, r.json["id"])).headers.get("content-disposition", "")
    check('"引号' not in cd and "%22" in cd and "\n" not in cd, "escaped disposition: %r" % cd)
    # a RFC 5987 name wins over the plain one
    ctype = "multipart/form-data; boundary=XyZ"
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plain.pdf\"; "
            b"filename*=UTF-8''%E8%AF%81%E4%B9%A6.pdf\r\n\r\n" + pdf_bytes() + b"\r\n--XyZ--\r\n")
    r = a.request("POST", API + "/attachments", body=body, ctype=ctype)
    expect(r, 201)
    eq(r.json["filename"], "证书.pdf", "filename* decoded")
    # staff upload; a bureau viewer reads; an enterprise contact sees nothing
    r = upload(ctx.as_("zhoubb"), "staff.png", png_bytes())
    expect(ctx.as_("jyj").get("%s/attachments/%d/content" % (API, r.json["id"])), 200)
    upload(ctx.as_("jyj"), "x.pdf", pdf_bytes(), 403)
    expect(ctx.as_("hugl").get("%s/attachments/%d" % (API, r.json["id"])), 403, "forbidden")
    expect(ctx.as_("hugl").get("%s/attachments/%d/content" % (API, r.json["id"])), 403, "forbidden")
    expect(a.get(API + "/attachments/987654321/content"), 404, "not_found")


@test("t1431", "attachments: only PDF, PNG, JPEG, DOCX and XLSX by content: others 415")
def t_attachment_types(ctx):
    a = ctx.admin
    n = count(a, "attachments")
    bad = [
        ("note.pdf", b"hello, this is text"),
        ("empty.pdf", b""),
        ("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("x.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("archive.docx", zip_bytes([("a.txt", "x")])),
        ("macro.docx", zip_bytes([("[Content_Types].xml", CT), ("word/document.xml", "<w/>"),
                                  ("word/vbaProject.bin", "\x00")])),
        ("macro.xlsx", zip_bytes([("[Content_Types].xml", CT), ("xl/workbook.xml", "<w/>"),
                                  ("xl/vbaProject.bin", "\x00")])),
        ("both.docx", zip_bytes([("[Content_Types].xml", CT), ("word/document.xml", "<w/>"), ("xl/workbook.xml", "<w/>")])),
        ("notypes.docx", zip_bytes([("word/document.xml", "<w/>")])),
        ("cut.docx", docx_bytes()[:-10]),
        ("pk.docx", b"PK\x03\x04" + b"\x00" * 100),
        ("space.pdf", b" %PDF-1.4"),
        ("svg.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
    ]
    for name, data in bad:
        r = upload(a, name, data, 415, what=name)
        expect(r, 415, "unsupported_media_type", "file", what=name)
    eq(count(a, "attachments"), n, "attachments after refused uploads")


@test("t1432", "attachments: the 20 MiB limit holds for this route only; 1 MiB for every other body")
def t_attachment_limits(ctx):
    a = ctx.admin
    n = count(a, "attachments")
    # a declared body over the route's limit is refused before it is read
    st, body = declared(ctx, a, API + "/attachments", "multipart/form-data; boundary=b", 30 * MIB)
    eq((st, body["error"]["code"]), (413, "payload_too_large"), "declared 30 MiB")
    check("20 MiB" in body["error"]["message"], "the upload's limit in the message: %r" % body)
    st, body = declared(ctx, a, API + "/attachments", "multipart/form-data; boundary=b", MAX_UPLOAD + 65 * 1024)
    eq(st, 413, "declared 20 MiB + 65 KiB")
    # a body of 2 MiB is fine here (a 2 MiB file) and refused as JSON elsewhere
    two = pdf_bytes(b"%" + b"y" * (2 * MIB) + b"\n")
    eq(upload(a, "two.pdf", two).json["size"], len(two), "2 MiB file")
    for path in (API + "/key-projects", API + "/progress-reports", API + "/attachments/1"):
        st, body = declared(ctx, a, path, "application/json", 2 * MIB)
        eq(st, 413, "2 MiB to %s" % path)
    eq(count(a, "attachments"), n + 1, "attachments: only the good one")


@test("t1433", "attachments: malformed uploads are a 4xx naming the problem, never 5xx")
def t_attachment_malformed(ctx):
    a = ctx.admin
    n = count(a, "attachments")
    pdf = pdf_bytes()

    def send(body, ctype):
        return a.request("POST", API + "/attachments", body=body, ctype=ctype)

    ctype, body = multipart([("file", "a.pdf", pdf)], boundary="BND")
    expect(send(body, "application/json"), 415, "unsupported_media_type")
    expect(send(body, "multipart/form-data"), 415, "unsupported_media_type")
    expect(send(body, "multipart/form-data; boundary="), 415, "unsupported_media_type")
    expect(send(body, "multipart/form-data; boundary=" + "b" * 71), 415, "unsupported_media_type")
    expect(send(body, "multipart/form-data; boundary=OTHER"), 400, "invalid_argument", "file")
    expect(send(body[:-10], ctype), 400, "invalid_argument", "file")
    expect(send(b"", ctype), 400, "invalid_argument", "file")
    ct2, b2 = multipart([("other", "a.pdf", pdf)])
    expect(send(b2, ct2), 400, "invalid_argument", "file")
    ct2, b2 = multipart([("file", None, pdf)])
    expect(send(b2, ct2), 400, "invalid_argument", "filename")
    ct2, b2 = multipart([("file", "a.pdf", pdf), ("file", "b.pdf", pdf)])
    expect(send(b2, ct2), 400, "invalid_argument", "file")
    ct2, b2 = multipart([("note", None, "说明".encode()), ("file", "a.pdf", pdf)])
    expect(send(b2, ct2), 201)
    ct2 = 'multipart/form-data; boundary="q u"'
    b2 = b"--q u\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.pdf\"\r\n\r\n" + pdf + b"\r\n--q u--\r\n"
    expect(send(b2, ct2), 201)
    b3 = b"--q u\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%2E%2E%2Fx.pdf\r\n\r\n" + pdf + b"\r\n--q u--\r\n"
    expect(send(b3, ct2), 400, "invalid_argument", "filename")
    b3 = b"--q u\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%ZZ.pdf\r\n\r\n" + pdf + b"\r\n--q u--\r\n"
    expect(send(b3, ct2), 400, "invalid_argument", "filename")
    b3 = b"--q u\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\xff\xfe.pdf\"\r\n\r\n" + pdf + b"\r\n--q u--\r\n"
    expect(send(b3, ct2), 400, "invalid_argument", "filename")
    for junk in (b"--q u", b"--q u\r\n", b"--q u\r\nContent-Disposition: form-data\r\n", b"\r\n\r\n--q u--",
                 b"--q u\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n--q u--"):
        expect_4xx_not_5xx(send(junk, ct2), repr(junk))
    # without a CSRF token, nothing
    r = a.request("POST", API + "/attachments", body=body, ctype=ctype, csrf=False)
    expect(r, 403, "csrf_failed")
    eq(count(a, "attachments"), n + 2, "attachments: only the two good ones")


@test("t1434", "attachments and reports of another college are 404")
def t_attachment_tenant(ctx):
    a, t2 = ctx.admin, ctx.as_("t2")
    mine = upload(a, "mine.pdf", pdf_bytes()).json
    theirs = upload(t2, "theirs.pdf", pdf_bytes()).json  # the same bytes, another college
    for c, rec in ((t2, mine), (a, theirs)):
        expect(c.get("%s/attachments/%d" % (API, rec["id"])), 404, "not_found")
        expect(c.get("%s/attachments/%d/content" % (API, rec["id"])), 404, "not_found")
    eq(a.get("%s/attachments/%d/content" % (API, mine["id"])).body, pdf_bytes(), "own bytes")
    check(theirs["id"] not in [x["id"] for x in list_all(a, "attachments")], "another college's in the list")
    f = project_fixture(ctx)
    r = f["oc"].post(API + "/progress-reports", json={"task_id": f["t1"]["id"], "date": cday(0), "text": "x",
                                                      "percent": 5, "attachment_ids": [theirs["id"]]})
    expect(r, 404, "not_found", "attachment_ids")


@test("t1435", "two servers on one database: a file uploaded through one is served by the other")
def t_attachment_two_servers(ctx):
    s1 = ctx.start_server()
    s2 = ctx.start_server(db=s1.db)
    c1 = Client(s1.base)
    c1.login("jxjsxy", "admin", DEMO_PASSWORD)
    c2 = Client(s2.base)
    c2.cookies, c2.csrf = dict(c1.cookies), c1.csrf
    data = docx_bytes()
    rec = upload(c1, "共享.docx", data).json
    r = c2.get("%s/attachments/%d/content" % (API, rec["id"]))
    expect(r, 200)
    eq(r.body, data, "bytes through the other server")
    again = upload(c2, "again.docx", data).json
    eq(again["stored_name"], rec["stored_name"], "one stored content across servers")


# --------------------------------------------------------------------------------------------
# evaluations, commendations


@test("t1440", "evaluation: the snapshot is frozen when recorded; later task changes do not alter it")
def t_evaluation_snapshot(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    tb = f["tb"]
    t2 = mk_task(a, tb["id"], "2", deadline=cday(-5), status="in_progress")
    mk_task(a, tb["id"], "3", status="cancelled")
    ind = mk_indicator(a, f["t1"]["id"], target=4)
    rep = mk_report(f["oc"], f["t1"]["id"], 50, indicator_values=[{"indicator_id": ind["id"], "value": 1}])
    expect(a.post("%s/progress-reports/%d/approve" % (API, rep["id"])), 200)
    ev = post(a, "evaluations", {"project_id": f["kp"]["id"], "kind": "annual", "date": cday(0), "result": "good",
                                  "score": 85, "remarks": "年度考核"})
    snap = ev["snapshot"]
    eq((snap["tasks"], snap["done"], snap["overdue"], snap["cancelled"], snap["indicators"]), (3, 0, 1, 1, 1),
       "snapshot counts")
    eq((snap["completion_rate"], snap["indicator_attainment"]), (0.0, 0.25), "snapshot rates")
    eq([y["year"] for y in snap["years"]], [YEAR], "snapshot years")
    # change the tasks: the snapshot stays
    expect(a.patch("%s/tasks/%d" % (API, t2["id"]), json={"status": "done"}, version=t2["version"]), 200)
    mk_task(a, tb["id"], "4")
    rep2 = mk_report(f["oc"], f["t1"]["id"], 100, indicator_values=[{"indicator_id": ind["id"], "value": 4}])
    expect(a.post("%s/progress-reports/%d/approve" % (API, rep2["id"])), 200)
    r = a.patch("%s/evaluations/%d" % (API, ev["id"]), json={"remarks": "修改评语", "score": 90}, version=1)
    expect(r, 200)
    eq(r.json["snapshot"], snap, "snapshot after task changes and an edit")
    eq(get(a, "evaluations", ev["id"])["snapshot"], snap, "snapshot on GET")
    expect(a.patch("%s/evaluations/%d" % (API, ev["id"]), json={"snapshot": {}}, version=2), 400,
           "invalid_argument", "snapshot")
    ev2 = post(a, "evaluations", {"project_id": f["kp"]["id"], "kind": "final", "date": cday(0)})
    eq((ev2["snapshot"]["tasks"], ev2["snapshot"]["done"], ev2["snapshot"]["indicator_attainment"]), (4, 2, 1.0),
       "a new evaluation sees the changes")
    for bad, field in (({"kind": "weekly"}, "kind"), ({"result": "great"}, "result"), ({"score": 101}, "score"),
                       ({"project_id": 987654321}, "project_id")):
        b = {"project_id": f["kp"]["id"], "kind": "annual", "date": cday(0)}
        b.update(bad)
        expect_4xx_not_5xx(a.post(API + "/evaluations", json=b), repr(bad))
        eq(a.post(API + "/evaluations", json=b).json["error"]["field"], field, "field of %r" % bad)
    # the dashboard shows the latest evaluation
    row = [p for p in a.get(API + "/dashboard/projects?year=%d" % YEAR).json["projects"]
           if p["project_id"] == f["kp"]["id"]][0]
    eq(row["latest_evaluation"]["id"], ev2["id"], "latest evaluation")


@test("t1441", "commendation: staff or a free name; the event names it; deleting it removes the action")
def t_commendations(ctx):
    a = ctx.admin
    st = new_staff(a)
    kp = mk_project(a)
    n = count(a, "commendations")
    expect(a.post(API + "/commendations", json={"title": "先进个人", "date": "2023-03-10"}), 400,
           "invalid_argument", "person_name")
    expect(a.post(API + "/commendations", json={"title": "先进个人", "date": "2023-03-10", "person_name": " "}), 400,
           "invalid_argument", "person_name")
    expect(a.post(API + "/commendations", json={"title": "先进个人", "date": "2023-03-10", "staff_id": 987654321}),
           404, "not_found", "staff_id")
    expect(a.post(API + "/commendations", json={"person_name": "张三", "date": "2023-03-10"}), 400,
           "invalid_argument", "title")
    eq(count(a, "commendations"), n, "commendations after refused writes")
    c1 = post(a, "commendations", {"title": "先进个人", "staff_id": st["id"], "project_id": kp["id"],
                                   "date": "2023-03-10", "issuer": "嘉兴技师学院"})
    eq((c1["person"], c1["label"], c1["project_name"]), (st["name"], "先进个人：" + st["name"], kp["name"]), "c1")
    c2 = post(a, "commendations", {"title": "优秀指导教师", "person_name": "王五", "date": "2023-03-10"})
    eq(c2["person"], "王五", "free name")
    ev = post(a, "events", {"title": uniq("表彰大会"), "date": "2023-03-10", "actions": [
        {"action": "commendation", "target_type": "commendation", "target_id": c1["id"]},
        {"action": "commendation", "target_type": "commendation", "target_id": c2["id"]}]})
    eq([x["target_name"] for x in ev["actions"]], [c1["label"], c2["label"]], "target names")
    expect(a.post(API + "/events", json={"title": "x", "date": "2023-03-10", "actions": [
        {"action": "commendation", "target_type": "task_book", "target_id": c1["id"]}]}), 400, "invalid_argument",
        "actions")
    eq([x["event_id"] for x in get(a, "commendations", c1["id"])["events"]], [ev["id"]], "events of c1")
    r = a.patch("%s/commendations/%d" % (API, c2["id"]), json={"title": "优秀教师"}, version=1)
    expect(r, 200)
    eq(r.json["label"], "优秀教师：王五", "label follows the title")
    check(c1["id"] in [x["id"] for x in list_all(a, "commendations", q=st["name"])], "q searches the person")
    expect(a.delete("%s/commendations/%d" % (API, c1["id"])), 204)
    eq([x["target_id"] for x in get(a, "events", ev["id"])["actions"]], [c2["id"]], "action removed with it")


# --------------------------------------------------------------------------------------------
# tenancy and roles


@test("t1450", "tenant isolation: every new resource of one college is 404 to another")
def t_isolation(ctx):
    a, t2 = ctx.admin, ctx.as_("t2")
    f = project_fixture(ctx)
    ind = mk_indicator(a, f["t1"]["id"])
    rep = mk_report(f["oc"], f["t1"]["id"], 10)
    ev = post(a, "evaluations", {"project_id": f["kp"]["id"], "kind": "annual", "date": cday(0)})
    cm = post(a, "commendations", {"title": "先进", "person_name": "赵六", "date": cday(0)})
    recs = [("key-projects", f["kp"]), ("task-books", f["tb"]), ("tasks", f["t1"]), ("indicators", ind),
            ("progress-reports", rep), ("evaluations", ev), ("commendations", cm)]
    for coll, rec in recs:
        u = "%s/%s/%d" % (API, coll, rec["id"])
        expect(t2.get(u), 404, "not_found", what=coll)
        expect(t2.patch(u, json={"remark": "x"}, version=1), 404, "not_found", what="PATCH " + coll)
        expect(t2.delete(u), 404, "not_found", what="DELETE " + coll)
        check(rec["id"] not in [x["id"] for x in list_all(t2, coll)], "%s listed to another college" % coll)
        expect(a.get(u), 200, what=coll)
    for path in ("approve", "return"):
        expect(t2.post("%s/progress-reports/%d/%s" % (API, rep["id"], path), json={"reason": "x"}), 404, "not_found")
    eq(get(a, "progress-reports", rep["id"])["status"], "submitted", "after the other college's review")
    # references to another college's records are "not found"
    kp2 = mk_project(t2)
    tb2 = mk_book(t2, kp2["id"])
    expect(t2.post(API + "/task-books", json={"project_id": f["kp"]["id"], "year": YEAR}), 404, "not_found",
           "project_id")
    expect(t2.post(API + "/tasks", json={"task_book_id": f["tb"]["id"], "code": "1", "title": "x"}), 404,
           "not_found", "task_book_id")
    expect(t2.post(API + "/tasks", json={"task_book_id": tb2["id"], "code": "1", "title": "x",
                                         "owner_id": f["owner"]["id"]}), 404, "not_found", "owner_id")
    expect(t2.post(API + "/tasks", json={"task_book_id": tb2["id"], "code": "1", "title": "x",
                                         "participating_departments": [f["dep"]["id"]]}), 404, "not_found",
           "participating_departments")
    expect(t2.post(API + "/indicators", json={"task_id": f["t1"]["id"], "name": "x", "category": "quantity",
                                              "target": 1}), 404, "not_found", "task_id")
    expect(t2.post(API + "/evaluations", json={"project_id": f["kp"]["id"], "kind": "annual", "date": cday(0)}),
           404, "not_found", "project_id")
    expect(t2.post(API + "/commendations", json={"title": "x", "staff_id": f["owner"]["id"], "date": cday(0)}),
           404, "not_found", "staff_id")
    ids = [p["project_id"] for p in t2.get(API + "/dashboard/projects?year=%d" % YEAR).json["projects"]]
    check(kp2["id"] in ids and f["kp"]["id"] not in ids, "another college's pillar 1: %r" % ids)
    eq(t2.get(API + "/todo").json["counts"]["reports_to_review"], 0, "another college's review queue")


@test("t1451", "roles: bureau reads, enterprise contact sees nothing, staff write their department's tasks only")
def t_roles(ctx):
    a, b, h = ctx.admin, ctx.as_("jyj"), ctx.as_("hugl")
    f = project_fixture(ctx)
    oc = f["oc"]
    colls = ("key-projects", "task-books", "tasks", "indicators", "progress-reports", "evaluations",
             "commendations", "attachments")
    for coll in colls:
        expect(b.get(API + "/" + coll), 200, what="bureau reads " + coll)
        expect(h.get(API + "/" + coll), 403, "forbidden", what="contact reads " + coll)
        expect(oc.get(API + "/" + coll), 200, what="staff reads " + coll)
    for path in ("/todo", "/dashboard/projects"):
        expect(b.get(API + path), 200, what="bureau " + path)
        expect(h.get(API + path), 403, "forbidden", what="contact " + path)
    writes = [
        ("key-projects", {"name": uniq("项目"), "level": "school", "first_year": 2023, "last_year": 2023}),
        ("task-books", {"project_id": f["kp"]["id"], "year": YEAR + 1}),
        ("tasks", {"task_book_id": f["tb"]["id"], "code": "9", "title": "x", "lead_department_id": f["dep"]["id"]}),
        ("indicators", {"task_id": f["t1"]["id"], "name": "x", "category": "quantity", "target": 1}),
        ("evaluations", {"project_id": f["kp"]["id"], "kind": "annual", "date": cday(0)}),
        ("commendations", {"title": "x", "person_name": "x", "date": cday(0)}),
    ]
    for coll, body in writes:
        expect(b.post(API + "/" + coll, json=body), 403, "forbidden", what="bureau writes " + coll)
        expect(h.post(API + "/" + coll, json=body), 403, "forbidden", what="contact writes " + coll)
    for coll, body in writes[:2] + writes[4:]:
        expect(oc.post(API + "/" + coll, json=body), 403, "forbidden", what="staff writes " + coll)
    expect(oc.patch("%s/key-projects/%d" % (API, f["kp"]["id"]), json={"description": "x"}, version=1), 403,
           "forbidden")
    # staff: tasks and indicators of their own department
    t = post(oc, "tasks", writes[2][1])
    post(oc, "indicators", writes[3][1])
    post(oc, "indicators", {"task_id": t["id"], "name": "x", "category": "quality", "target": 3})
    other = new_department(a)
    expect(oc.post(API + "/tasks", json={"task_book_id": f["tb"]["id"], "code": "8", "title": "x",
                                         "lead_department_id": other["id"]}), 403, "forbidden")
    expect(oc.post(API + "/tasks", json={"task_book_id": f["tb"]["id"], "code": "8", "title": "x"}), 403,
           "forbidden")
    expect(oc.patch("%s/tasks/%d" % (API, t["id"]), json={"lead_department_id": other["id"]}, version=1), 403,
           "forbidden")
    theirs = mk_task(a, f["tb"]["id"], "7", lead_department_id=other["id"])
    expect(oc.patch("%s/tasks/%d" % (API, theirs["id"]), json={"title": "x"}, version=1), 403, "forbidden")
    expect(oc.delete("%s/tasks/%d" % (API, theirs["id"])), 403, "forbidden")
    expect(oc.post(API + "/indicators", json={"task_id": theirs["id"], "name": "x", "category": "quantity",
                                              "target": 1}), 403, "forbidden")
    eq(get(a, "tasks", theirs["id"])["version"], 1, "the other department's task after refused writes")
    r = oc.patch("%s/tasks/%d" % (API, t["id"]), json={"status": "in_progress"}, version=1)
    expect(r, 200)
    expect(oc.delete("%s/tasks/%d" % (API, t["id"])), 409, "in_use")  # it has an indicator
    # the owner's tasks
    mine = list_all(oc, "tasks", mine="true")
    eq([x["id"] for x in mine], [f["t1"]["id"]], "mine=true")


@test("t1452", "list filters: tasks by project, year, level, owner, status; reports by status; bad ones 400")
def t_filters(ctx):
    a = ctx.admin
    f = project_fixture(ctx)
    tb2 = mk_book(a, f["kp"]["id"], YEAR + 1)
    t2 = mk_task(a, tb2["id"], "1", status="done")
    eq(sorted(x["id"] for x in list_all(a, "tasks", project_id=f["kp"]["id"])), sorted([f["t1"]["id"], t2["id"]]),
       "project_id")
    eq([x["id"] for x in list_all(a, "tasks", project_id=f["kp"]["id"], year=YEAR + 1)], [t2["id"]], "year")
    eq([x["id"] for x in list_all(a, "tasks", owner_id=f["owner"]["id"])], [f["t1"]["id"]], "owner_id")
    eq([x["id"] for x in list_all(a, "tasks", project_id=f["kp"]["id"], status="done")], [t2["id"]], "status")
    check(f["kp"]["id"] in [p["id"] for p in list_all(a, "key-projects", year=YEAR)], "key projects of the year")
    check(f["kp"]["id"] not in [p["id"] for p in list_all(a, "key-projects", year=YEAR + 2)], "not in YEAR+2")
    rep = mk_report(f["oc"], f["t1"]["id"], 10)
    eq([x["id"] for x in list_all(a, "progress-reports", project_id=f["kp"]["id"], status="submitted")],
       [rep["id"]], "reports by project and status")
    for path in ("/tasks?overdue=1", "/tasks?project_id=x", "/tasks?year=99", "/tasks?level=3", "/tasks?mine=no",
                 "/tasks?status=late", "/tasks?nope=1", "/progress-reports?status=late", "/key-projects?year=x",
                 "/indicators?task_book_id=0", "/todo?x=1", "/tasks?sort=percent"):
        expect_4xx_not_5xx(a.get(API + path), path)
        eq(a.get(API + path).status, 400, path)

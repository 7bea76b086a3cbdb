"""Fixtures: create records with unique names, find demo records."""

import subprocess
import urllib.parse

from lib import Fail, check, expect, items_of, new_phone, new_uscc, uniq

API = "/api/v1"


def cli(ctx, *args):
    """Run the binary with args in the test's directory: (exit code, stdout, stderr)."""
    p = subprocess.run([ctx.binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, cwd=ctx.tmp)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def q(params):
    return urllib.parse.urlencode(params)


def create(c, coll, body, what=None):
    r = c.post("%s/%s" % (API, coll), json=body)
    if r.status != 201:
        raise Fail("creating %s %r: %s" % (what or coll, body.get("name") or body.get("title"), r.short()))
    return r.json


def new_enterprise(c, **kw):
    body = {
        "name": uniq("测试企业"),
        "uscc": new_uscc(),
        "industry_code": "C34",
        "size": "medium",
        "region_code": "330400",
        "address": "浙江省嘉兴市南湖区测试路1号",
        "contact_name": "张三",
        "contact_phone": new_phone(),
        "remark": "api test",
    }
    body.update(kw)
    body = {k: v for k, v in body.items() if v is not _DROP}
    return create(c, "enterprises", body)


_DROP = object()
DROP = _DROP


def new_department(c, **kw):
    body = {"name": uniq("测试系"), "kind": "academic"}
    body.update(kw)
    return create(c, "departments", body)


def new_carrier(c, **kw):
    body = {"kind": "training_base", "name": uniq("测试实训基地")}
    body.update(kw)
    return create(c, "carriers", body)


def new_staff(c, **kw):
    body = {"name": uniq("教师"), "employee_no": uniq("E").replace("-", ""), "title": "讲师", "phone": new_phone()}
    body.update(kw)
    return create(c, "staff", body)


def get(c, coll, rid):
    r = c.get("%s/%s/%s" % (API, coll, rid))
    expect(r, 200, what="GET %s/%s" % (coll, rid))
    return r.json


def list_all(c, coll, **params):
    """Every item of a filtered list (pages of 200)."""
    out = []
    page = 1
    while True:
        p = dict(params)
        p.update(page=page, size=200)
        r = c.get("%s/%s?%s" % (API, coll, q(p)))
        expect(r, 200, what="list %s" % coll)
        its = items_of(r.json)
        out += its
        if len(its) < 200 or page > 200:
            return out
        page += 1


def total(c, coll, **params):
    p = dict(params)
    p.setdefault("size", 1)
    r = c.get("%s/%s?%s" % (API, coll, q(p)))
    expect(r, 200, what="list %s" % coll)
    return r.json["total"]


def demo_event(ctx):
    def find():
        c = ctx.admin
        r = c.get("%s/events?%s" % (API, q({"q": "工作推进会"})))
        expect(r, 200, what="events q=工作推进会")
        its = [e for e in items_of(r.json) if "智造创新强市" in e.get("title", "")]
        check(len(its) >= 1, "demo event 提升关键能力助力打造“智造创新强市”工作推进会 not found: %s" % r.short())
        return get(c, "events", its[0]["id"])

    return ctx.cache("demo_event", find)


def session_user(ctx, who):
    c = ctx.as_(who)
    check(c.user is not None, "no user for %s" % who)
    return c.user


def other_department(ctx, not_id):
    """A department of the demo college other than not_id (created if needed)."""

    def make():
        return new_department(ctx.admin, name=uniq("其他系"))["id"]

    d = ctx.cache("other_dept", make)
    check(d != not_id, "other department equals own")
    return d

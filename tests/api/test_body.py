"""t02xx: request bodies: media type, JSON, UTF-8, unknown/read-only/wrong-typed fields, size limit."""

import json
import socket
import time

from fx import API, new_carrier, new_department, new_enterprise, total
from lib import check, eq, expect, new_uscc, raw_connect, read_response, test, uniq

BAD_CODES = ("invalid_argument", "malformed_json", "bad_request")


@test("t0201", "a body without Content-Type application/json answers 415")
def t_media(ctx):
    c = ctx.admin
    name = uniq("媒体系")
    data = json.dumps({"name": name}).encode()
    for ct in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx", None):
        r = c.post(API + "/departments", body=data, headers={"Content-Type": ct})
        expect(r, 415, "unsupported_media_type", what="Content-Type %r" % ct)
    eq(total(c, "departments", q=name), 0, "departments created with a wrong media type")


@test("t0202", "Content-Type with a charset parameter is accepted")
def t_charset(ctx):
    c = ctx.admin
    name = uniq("字符集系")
    r = c.post(API + "/departments", body=json.dumps({"name": name}, ensure_ascii=False).encode(),
               headers={"Content-Type": "application/json; charset=utf-8"})
    expect(r, 201)
    eq(r.json["name"], name, "name")
    r = c.post(API + "/departments", body=json.dumps({"name": name + "b"}).encode(),
               headers={"Content-Type": "Application/JSON;charset=UTF-8"})
    expect(r, 201)


@test("t0203", "malformed JSON answers 400 malformed_json")
def t_malformed(ctx):
    c = ctx.admin
    for body in (b"{", b'{"name": }', b'{"name": "x",}', b"nul", b'{"name": "x"} trailing', b"\xef\xbb\xbf{"):
        r = c.post(API + "/departments", body=body, ctype="application/json")
        expect(r, 400, "malformed_json", what="body %r" % body)


@test("t0204", "a JSON body that is not an object answers 400")
def t_not_object(ctx):
    c = ctx.admin
    for body in (b"[]", b'"name"', b"42", b"null", b"true", b'[{"name":"x"}]'):
        r = c.post(API + "/departments", body=body, ctype="application/json")
        check(r.status == 400 and r.error() and r.error()["code"] in BAD_CODES, "body %r: %s" % (body, r.short()))


@test("t0205", "invalid UTF-8 in a body answers 400")
def t_bad_utf8(ctx):
    c = ctx.admin
    name = uniq("utf系")
    for bad in (b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xe4\xb8"):
        body = b'{"name": "' + name.encode() + bad + b'"}'
        r = c.post(API + "/departments", body=body, ctype="application/json")
        check(r.status == 400 and r.error() and r.error()["code"] in BAD_CODES, "bytes %r: %s" % (bad, r.short()))
    eq(total(c, "departments", q=name), 0, "departments created with invalid UTF-8")


@test("t0206", "unknown fields answer 400 invalid_argument naming the field")
def t_unknown_field(ctx):
    c = ctx.admin
    r = c.post(API + "/departments", json={"name": uniq("系"), "colour": "red"})
    expect(r, 400, "invalid_argument", "colour")
    r = c.post(API + "/enterprises", json={"name": uniq("企业"), "uscc": new_uscc(), "tenant_id": 2})
    expect(r, 400, "invalid_argument", "tenant_id")
    r = c.post(API + "/carriers", json={"kind": "training_base", "name": uniq("基地"), "tenant_id": 2})
    expect(r, 400, "invalid_argument", "tenant_id")
    d = new_department(c)
    r = c.patch("%s/departments/%d" % (API, d["id"]), json={"nickname": "x"}, version=d["version"])
    expect(r, 400, "invalid_argument", "nickname")


@test("t0207", "read-only fields id, created_at, updated_at, demo answer 400 naming the field")
def t_readonly(ctx):
    c = ctx.admin
    for f, v in (("id", 123456), ("created_at", "2020-01-01T00:00:00Z"), ("updated_at", "2020-01-01T00:00:00Z"),
                 ("demo", True)):
        r = c.post(API + "/enterprises", json={"name": uniq("企业"), "uscc": new_uscc(), f: v})
        expect(r, 400, "invalid_argument", f, what="enterprise create with %s" % f)
        r = c.post(API + "/carriers", json={"kind": "training_base", "name": uniq("基地"), f: v})
        expect(r, 400, "invalid_argument", f, what="carrier create with %s" % f)
    d = new_department(c)
    for f, v in (("id", d["id"] + 1000), ("created_at", "2020-01-01T00:00:00Z"),
                 ("updated_at", "2020-01-01T00:00:00Z"), ("demo", True)):
        r = c.patch("%s/departments/%d" % (API, d["id"]), json={f: v}, version=d["version"])
        expect(r, 400, "invalid_argument", f, what="PATCH %s" % f)
    r = c.get("%s/departments/%d" % (API, d["id"]))
    eq(r.json["version"], d["version"], "version after refused PATCHes")
    eq(r.json["created_at"], d["created_at"], "created_at")


@test("t0208", "wrong types answer 400 naming the field")
def t_types(ctx):
    c = ctx.admin
    r = c.post(API + "/carriers", json={"kind": "training_base", "name": uniq("基地"), "capacity": "ten"})
    expect(r, 400, "invalid_argument", "capacity")
    r = c.post(API + "/carriers", json={"kind": "training_base", "name": 42})
    expect(r, 400, "invalid_argument", "name")
    r = c.post(API + "/departments", json={"name": ["a"]})
    expect(r, 400, "invalid_argument", "name")
    r = c.post(API + "/carriers", json={"kind": "training_base", "name": uniq("基地"), "on_campus": "yes"})
    expect(r, 400, "invalid_argument", "on_campus")
    r = c.post(API + "/carriers", json={"kind": "training_base", "name": uniq("基地"), "partners": {}})
    expect(r, 400, "invalid_argument", "partners")
    r = c.post(API + "/events", json={"title": uniq("活动"), "date": "2023-05-06", "attendees": "a,b"})
    expect(r, 400, "invalid_argument", "attendees")


@test("t0209", "Content-Length 2000000 answers 413 as soon as the headers arrive")
def t_too_big_early(ctx):
    c = ctx.admin
    req = (
        "POST /api/v1/departments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Length: 2000000\r\n\r\n" % (c.cookie_header(), c.csrf)
    ).encode()
    s = raw_connect(ctx.host, ctx.port, 5)
    try:
        t0 = time.time()
        s.sendall(req)
        st, hd, body, closed = read_response(s, 3.0)
        dt = time.time() - t0
        check(st is not None, "no response within 3 s (closed=%s, got %r)" % (closed, body[:200]))
        eq(st, 413, "status")
        err = json.loads(body.decode("utf-8")).get("error", {})
        eq(err.get("code"), "payload_too_large", "error code")
        check(dt < 3.0, "413 took %.1fs" % dt)
    finally:
        s.close()


@test("t0210", "a body over 1 MiB answers 413 payload_too_large, nothing created")
def t_too_big(ctx):
    c = ctx.admin
    name = uniq("大系")
    big = json.dumps({"name": name, "remark": "x" * (1024 * 1024 + 10)}).encode()
    req = (
        "POST /api/v1/departments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
        % (c.cookie_header(), c.csrf, len(big))
    ).encode()
    s = raw_connect(ctx.host, ctx.port, 10)
    try:
        s.sendall(req)
        try:
            s.sendall(big)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        st, hd, body, closed = read_response(s, 10.0)
        eq(st, 413, "status")
        eq(json.loads(body.decode()).get("error", {}).get("code"), "payload_too_large", "code")
    finally:
        s.close()
    eq(total(c, "departments", q=name), 0, "departments created by an oversized body")
    # a body just under the limit is not refused for its size
    ok = json.dumps({"name": name + "ok", "remark": "y" * 1000}).encode()
    r = c.post(API + "/departments", body=ok, ctype="application/json")
    check(r.status in (201, 400), r.short())
    check(r.status != 413, "413 for a small body")


@test("t0211", "empty body on POST answers 400")
def t_empty(ctx):
    r = ctx.admin.post(API + "/departments", body=b"", ctype="application/json")
    check(r.status == 400 and r.error() and r.error()["code"] in BAD_CODES, r.short())


@test("t0212", "missing required fields answer 400 naming the field")
def t_required(ctx):
    c = ctx.admin
    expect(c.post(API + "/departments", json={}), 400, "invalid_argument", "name")
    expect(c.post(API + "/departments", json={"name": ""}), 400, "invalid_argument", "name")
    expect(c.post(API + "/departments", json={"name": "   "}), 400, "invalid_argument", "name")
    expect(c.post(API + "/carriers", json={"name": uniq("基地")}), 400, "invalid_argument", "kind")
    expect(c.post(API + "/carriers", json={"kind": "training_base"}), 400, "invalid_argument", "name")
    expect(c.post(API + "/events", json={"date": "2023-05-06"}), 400, "invalid_argument", "title")
    expect(c.post(API + "/events", json={"title": uniq("活动")}), 400, "invalid_argument", "date")
    expect(c.post(API + "/enterprises", json={"uscc": new_uscc()}), 400, "invalid_argument", "name")
    expect(c.post(API + "/enterprises", json={"name": uniq("企业")}), 400, "invalid_argument", "uscc")


@test("t0213", "deeply nested JSON answers 400 and the server survives")
def t_deep(ctx):
    c = ctx.admin
    for depth in (1000, 100000):
        body = ('{"name":' + "[" * depth + "]" * depth + "}").encode()
        r = c.post(API + "/departments", body=body, ctype="application/json")
        check(r.status in (400, 413), "depth %d: %s" % (depth, r.short()))
    expect(ctx.anon().get(API + "/health"), 200)


@test("t0214", "odd strings (NUL, control chars, emoji, very long) never answer 5xx")
def t_odd_strings(ctx):
    c = ctx.admin
    for s in ("a\u0000b", "\u0001\u001f", "😀" * 10, "x" * 100000, "<script>alert(1)</script>", "' OR 1=1 --",
              "\u202e反向", "𠀀𪚥"):
        sent = s + uniq("")
        r = c.post(API + "/departments", json={"name": sent})
        check(r.status in (201, 400), "name %r: %s" % (s[:20], r.short()))
        if r.status == 201:
            g = c.get("%s/departments/%d" % (API, r.json["id"]))
            expect(g, 200)
            eq(g.json["name"], sent, "name round trip")
        elif "\u0000" in s:
            # RFC 8259 allows \u0000; a parser that refuses it may call the body malformed
            check(r.error() and r.error()["code"] in ("invalid_argument", "malformed_json"), r.short())
        else:
            expect(r, 400, "invalid_argument", "name")


# Values of the list below that are good for some fields: a free text takes any short string, a
# boolean takes true, a child list may be empty.  Any other value answered 201 is a bug.
FREE_TEXT = {"name", "address", "contact_name", "remark", "plaque_no", "title", "place", "summary"}
BOOLEANS = {"on_campus", "productive", "virtual_sim"}
CHILD_LISTS = {"partners", "attendees", "press", "actions"}


def good_value(field, v):
    if v is True:
        return field in BOOLEANS
    if isinstance(v, list) and not v:
        return field in CHILD_LISTS
    if v == "x" * 5000:
        return field == "summary"  # an event's summary takes 20 000 characters
    return v == "2023-13-45" and field in FREE_TEXT


@test("t0215", "bad values in every enterprise/carrier/event field answer 400 with that field, never 5xx or 201")
def t_fuzz_fields(ctx):
    c = ctx.admin
    bads = [[], {}, "x" * 5000, -1, 1.5, True, "2023-13-45", 10 ** 30]
    fields = {
        "enterprises": (lambda: {"name": uniq("企业"), "uscc": new_uscc()},
                        ["name", "uscc", "industry_code", "size", "region_code", "address", "contact_name",
                         "contact_phone", "remark"]),
        "carriers": (lambda: {"kind": "training_base", "name": uniq("基地")},
                     ["kind", "name", "department_id", "status", "end_reason", "signed_on", "valid_from",
                      "valid_to", "plaque_no", "plaque_date", "capacity", "workstations", "on_campus",
                      "productive", "virtual_sim", "base_nature", "remark", "partners"]),
        "events": (lambda: {"title": uniq("活动"), "date": "2023-05-06"},
                   ["title", "date", "place", "kind", "summary", "attendees", "press", "actions"]),
    }
    problems = []
    for coll, (base, fl) in fields.items():
        for f in fl:
            for v in bads:
                body = base()
                body[f] = v
                r = c.post("%s/%s" % (API, coll), json=body)
                if r.status == 201 and not good_value(f, v):
                    problems.append("%s.%s=%r accepted: %s" % (coll, f, str(v)[:20], r.short(120)))
                elif r.status >= 500 or r.status not in (201, 400, 404):
                    problems.append("%s.%s=%r: %s" % (coll, f, str(v)[:20], r.short(120)))
                elif r.status in (400, 404):
                    err = r.error() or {}
                    if v == 10 ** 30 and err.get("code") == "malformed_json":
                        continue  # the JSON parser's integer limit: refused before fields are known
                    if err.get("field") != f:
                        problems.append("%s.%s=%r: field %r (%s)" % (coll, f, str(v)[:20], err.get("field"),
                                                                     r.short(120)))
    check(not problems, "%d problems: %s" % (len(problems), " | ".join(problems[:12])))


@test("t0216", "duplicate keys in a JSON object: 400 malformed_json, nothing stored")
def t_dup_keys(ctx):
    c = ctx.admin
    a, b = uniq("重复键系"), uniq("重复键系")
    r = c.post(API + "/departments", body=('{"name": "%s", "name": "%s"}' % (a, b)).encode(), ctype="application/json")
    expect(r, 400)
    check(r.error()["code"] == "malformed_json", r.short())
    names = [d["name"] for d in c.get(API + "/departments?size=200").json["items"]]
    check(a not in names and b not in names, "a department was stored")
    # nested objects too
    r = c.post(API + "/carriers", body=('{"kind": "training_base", "name": "%s", "partners": [{"enterprise_id": 1,'
                                        ' "enterprise_id": 2, "lead": true}]}' % uniq("基地")).encode(),
               ctype="application/json")
    expect(r, 400)
    check(r.error()["code"] == "malformed_json", r.short())

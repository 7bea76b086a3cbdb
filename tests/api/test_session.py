"""t01xx: session, cookie, CSRF, idle expiry."""

import re
import time

from fx import API, q, total
from lib import DEMO_PASSWORD, Client, check, eq, expect, uniq, test


def check_session_body(body, username, role, tenant_code):
    check(isinstance(body, dict), "body not an object")
    u = body.get("user")
    check(isinstance(u, dict), "no user: %r" % body)
    for k in ("id", "username", "display_name", "role", "tenant", "department_id", "enterprise_id"):
        check(k in u, "user lacks %s: %r" % (k, u))
    eq(u["username"], username, "username")
    eq(u["role"], role, "role")
    check(isinstance(u["tenant"], dict), "tenant not an object")
    for k in ("id", "code", "name"):
        check(k in u["tenant"], "tenant lacks %s: %r" % (k, u["tenant"]))
    eq(u["tenant"]["code"], tenant_code, "tenant code")
    check(isinstance(body.get("csrf_token"), str) and len(body["csrf_token"]) >= 16, "csrf_token: %r" % body)
    check("password" not in u and "password_hash" not in u, "password in the user: %r" % u)


@test("t0101", "login with good credentials: body, cookie attributes")
def t_login(ctx):
    c = Client(ctx.base)
    r = c.login("jxjsxy", "admin", DEMO_PASSWORD, check=False)
    expect(r, 200)
    check_session_body(r.json, "admin", "school_admin", "jxjsxy")
    sc = [v for k, v in r.header_list if k.lower() == "set-cookie" and v.strip().startswith("cj_session=")]
    eq(len(sc), 1, "Set-Cookie cj_session headers")
    v = sc[0]
    m = re.match(r"\s*cj_session=([^;]*)", v)
    tok = m.group(1)
    # "<tenant id>.<random>": the tenant keys the session row (Citus), the rest is >= 128 bits.
    check(re.fullmatch(r"[0-9]+\.[0-9a-fA-F]{32,}", tok), "token not <tenant>.<>=32 hex>: %r" % tok)
    attrs = [a.strip().lower() for a in v.split(";")[1:]]
    check("path=/" in attrs, "no Path=/: %r" % v)
    check("httponly" in attrs, "no HttpOnly: %r" % v)
    check("samesite=strict" in attrs, "no SameSite=Strict: %r" % v)
    check(r.json["csrf_token"] not in v, "csrf token equals the cookie")


@test("t0102", "login with a wrong password answers 401 unauthenticated, no cookie")
def t_login_badpw(ctx):
    c = Client(ctx.base)
    r = c.login("jxjsxy", "admin", "wrong-password", check=False)
    expect(r, 401, "unauthenticated")
    check("cj_session" not in c.cookies, "a session cookie was set")
    r = c.login("jxjsxy", "admin", "Chanjiao2023", check=False)
    expect(r, 401, "unauthenticated")


@test("t0103", "login of an unknown user or unknown tenant answers 401")
def t_login_unknown(ctx):
    r = Client(ctx.base).login("jxjsxy", "nobody_here", DEMO_PASSWORD, check=False)
    expect(r, 401, "unauthenticated")
    r = Client(ctx.base).login("no_such_college", "admin", DEMO_PASSWORD, check=False)
    expect(r, 401, "unauthenticated")
    # a user of one tenant cannot log in through another tenant
    r = Client(ctx.base).login("platform", "admin", DEMO_PASSWORD, check=False)
    expect(r, 401, "unauthenticated")
    r = Client(ctx.base).login("jxjsxy", "root", DEMO_PASSWORD, check=False)
    expect(r, 401, "unauthenticated")


@test("t0104", "GET /session answers the same shape with a cookie, 401 without")
def t_get_session(ctx):
    c = ctx.client("zhoubb")
    r = c.get(API + "/session")
    expect(r, 200)
    check_session_body(r.json, "zhoubb", "staff", "jxjsxy")
    eq(r.json["csrf_token"], c.csrf, "csrf token of GET /session")
    r = Client(ctx.base).get(API + "/session")
    expect(r, 401, "unauthenticated")


@test("t0105", "DELETE /session needs CSRF, answers 204, the cookie dies at once")
def t_logout(ctx):
    c = ctx.client("admin")
    cookies = dict(c.cookies)
    r = c.delete(API + "/session", csrf=False)
    expect(r, 403, "csrf_failed")
    expect(c.get(API + "/session"), 200, what="session after a refused logout")
    r = c.delete(API + "/session")
    expect(r, 204)
    # replay the old cookie explicitly even if the server cleared it
    c2 = Client(ctx.base)
    c2.cookies = cookies
    expect(c2.get(API + "/session"), 401, "unauthenticated")
    expect(c2.get(API + "/enterprises"), 401, "unauthenticated")


@test("t0106", "two logins of one user are independent sessions")
def t_two_sessions(ctx):
    a = ctx.client("admin")
    b = ctx.client("admin")
    check(a.cookies.get("cj_session") != b.cookies.get("cj_session"), "same token twice")
    expect(a.delete(API + "/session"), 204)
    expect(b.get(API + "/session"), 200, what="other session after logout")
    expect(a.get(API + "/session"), 401, "unauthenticated")


@test("t0107", "a forged or tampered cookie answers 401")
def t_forged(ctx):
    c = Client(ctx.base)
    c.cookies = {"cj_session": "0" * 64}
    expect(c.get(API + "/session"), 401, "unauthenticated")
    real = ctx.client("admin")
    tok = real.cookies["cj_session"]
    flipped = tok[:-1] + ("0" if tok[-1] != "0" else "1")
    c.cookies = {"cj_session": flipped}
    expect(c.get(API + "/session"), 401, "unauthenticated")
    c.cookies = {"cj_session": tok + "' OR '1'='1"}
    expect(c.get(API + "/session"), 401, "unauthenticated")


@test("t0108", "writes without or with a wrong X-CSRF-Token answer 403 csrf_failed, nothing changes")
def t_csrf(ctx):
    c = ctx.admin
    name = uniq("CSRF系")
    r = c.post(API + "/departments", json={"name": name}, csrf=False)
    expect(r, 403, "csrf_failed")
    r = c.post(API + "/departments", json={"name": name}, headers={"X-CSRF-Token": "not-the-token"})
    expect(r, 403, "csrf_failed")
    r = c.post(API + "/departments", json={"name": name}, headers={"X-CSRF-Token": ""})
    expect(r, 403, "csrf_failed")
    eq(total(c, "departments", q=name), 0, "departments created without CSRF")
    # the token of another session does not do either
    other = ctx.client("admin")
    r = c.post(API + "/departments", json={"name": name}, headers={"X-CSRF-Token": other.csrf})
    if c.csrf != other.csrf:
        expect(r, 403, "csrf_failed")
        eq(total(c, "departments", q=name), 0, "departments created with another session's token")
    # PATCH and DELETE
    r = c.post(API + "/departments", json={"name": name + "x"})
    expect(r, 201)
    d = r.json
    r = c.patch("%s/departments/%d" % (API, d["id"]), json={"remark": "changed"}, version=d["version"], csrf=False)
    expect(r, 403, "csrf_failed")
    r = c.delete("%s/departments/%d" % (API, d["id"]), csrf=False)
    expect(r, 403, "csrf_failed")
    r = c.get("%s/departments/%d" % (API, d["id"]))
    expect(r, 200)
    eq(r.json["version"], d["version"], "version after refused writes")
    check(r.json.get("remark") != "changed", "remark changed without CSRF")


@test("t0109", "--session-ttl 2: a used session stays, an idle one expires")
def t_ttl(ctx):
    s = ctx.start_server(["--session-ttl", "2"])
    c = ctx.client("admin", base=s.base)
    for _ in range(4):
        time.sleep(1.0)
        expect(c.get(API + "/session"), 200, what="session in use")
    time.sleep(3.2)
    expect(c.get(API + "/session"), 401, "unauthenticated")
    expect(c.get(API + "/enterprises"), 401, "unauthenticated")


@test("t0110", "platform admin logs in through tenant platform")
def t_root(ctx):
    c = Client(ctx.base)
    r = c.login("platform", "root", DEMO_PASSWORD, check=False)
    expect(r, 200)
    check_session_body(r.json, "root", "platform_admin", "platform")


@test("t0111", "login body errors answer 4xx, never 5xx")
def t_login_bodies(ctx):
    c = Client(ctx.base)
    for body in ({}, {"tenant": "jxjsxy"}, {"tenant": 1, "username": [], "password": {}},
                 {"tenant": "jxjsxy", "username": "admin", "password": None},
                 {"tenant": "jxjsxy", "username": "admin", "password": ""}):
        r = c.post(API + "/session", json=body, csrf=False)
        check(400 <= r.status < 500 and r.status != 200, "login body %r: %s" % (body, r.short()))
        check(r.error() is not None, "no error body: %s" % r.short())
    r = c.post(API + "/session", body="{", ctype="application/json", csrf=False)
    expect(r, 400, "malformed_json")


@test("t0112", "login ignores a session cookie the client brings (no fixation)")
def t_fixation(ctx):
    c = Client(ctx.base)
    planted = "ab" * 32
    c.cookies = {"cj_session": planted}
    r = c.login("jxjsxy", "admin", DEMO_PASSWORD, check=False)
    expect(r, 200)
    check(c.cookies.get("cj_session") and c.cookies["cj_session"] != planted, "planted token kept")
    x = Client(ctx.base)
    x.cookies = {"cj_session": planted}
    expect(x.get(API + "/session"), 401, "unauthenticated")


@test("t0113", "repeated wrong passwords answer 401, then 429 for that user (at that address); others still log in")
def t_lockout(ctx):
    a = ctx.admin
    name = uniq("lock").replace("-", "_")
    expect(a.post(API + "/users", json={"username": name, "password": "right-pass-1", "role": "staff"}), 201)
    seen = set()
    for _ in range(12):
        r = Client(ctx.base).login("jxjsxy", name, "wrong-pass-x", check=False)
        check(r.status in (401, 429), r.short())
        expect(r, r.status, "unauthenticated" if r.status == 401 else "too_many_requests")
        if r.status == 429:
            check(r.headers.get("retry-after", "").isdigit(), "429 without Retry-After: %r" % r.headers)
        seen.add(r.status)
    check(429 in seen, "twelve failures in a row were never throttled")
    r = Client(ctx.base).login("jxjsxy", name, "right-pass-1", check=False)
    check(r.status in (200, 429), "right password after failures: %s" % r.short())
    expect(Client(ctx.base).login("jxjsxy", "zhoubb", DEMO_PASSWORD, check=False), 200, what="another user")


@test("t0114", "a session's reads follow its user at once: a role taken away, a deactivation, a logout")
def t_session_follows_user(ctx):
    # The same reads, again and again: a server may start a read on what the session named last
    # time (docs/performance.md, "One round trip"); what it answers must be what it names now.
    c = ctx.admin
    b = {"username": uniq("u").replace("-", "_"), "password": "pass-word-1", "display_name": "测试用户",
         "role": "school_admin"}
    expect(c.post(API + "/users", json=b), 201)
    s = ctx.client(b["username"], password=b["password"])
    uu = "%s/users/%d" % (API, s.user["id"])
    for _ in range(3):
        expect(s.get(API + "/users?size=1"), 200, what="an administrator's list of users")
        eq(expect(s.get(API + "/session"), 200)["user"]["role"], "school_admin", "role")
    r = expect(c.patch(uu, json={"role": "staff"}, version=c.get(uu).json["version"]), 200)
    expect(s.get(API + "/users?size=1"), 403, "forbidden", what="the list of users, the role taken away")
    eq(expect(s.get(API + "/session"), 200)["user"]["role"], "staff", "role after the change")
    for _ in range(3):
        expect(s.get(API + "/enterprises?size=1"), 200, what="a staff member's enterprises")
    expect(c.patch(uu, json={"active": False}, version=r["version"]), 200)
    expect(s.get(API + "/enterprises?size=1"), 401, "unauthenticated", what="a deactivated user's session")
    expect(s.get(API + "/session"), 401, "unauthenticated", what="a deactivated user's session")

    a = ctx.client("admin")
    cookies = dict(a.cookies)
    for _ in range(3):
        expect(a.get("%s/carriers?size=1" % API), 200)
    expect(a.delete(API + "/session"), 204)
    gone = Client(ctx.base)
    gone.cookies = cookies
    expect(gone.get("%s/carriers?size=1" % API), 401, "unauthenticated", what="after the logout")

"""t18xx: the HTTP front: static files beneath the web root, uploads checked before their body,
the request head's deadline, the lingering close after an early answer, the trusted proxy and the
Secure cookie."""

import http.client
import json
import os
import subprocess
import threading
import time

from fx import API
from lib import Client, check, eq, expect, raw_connect, raw_exchange, read_response, test, wait_closed

MIB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def multipart(filename, data, boundary="----cjfront0123456789"):
    body = (b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.encode() + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data
            + b"\r\n--" + boundary.encode() + b"--\r\n")
    return "multipart/form-data; boundary=" + boundary, body


def upload_head(c, length, ctype="multipart/form-data; boundary=x", csrf=True):
    """The head of a POST /api/v1/attachments of length bytes, as client c sends it (c may be None)."""
    head = "POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\nContent-Length: %d\r\n" % (
        ctype, length)
    if c is not None:
        head += "Cookie: %s\r\n" % c.cookie_header()
        if csrf:
            head += "X-CSRF-Token: %s\r\n" % c.csrf
    return (head + "\r\n").encode()


def key_file(db):
    """The personal-information key of a server's database (run.py sets CHANJIAO_KEY_FILE for --pg)."""
    return os.environ.get("CHANJIAO_KEY_FILE") or db + ".key"


def raw_get(s, target):
    """GET target (sent as is) on a new connection of server s: (status, body)."""
    st, hd, body = raw_exchange(s.host, s.port, ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target).encode())
    return st, body


def vm_hwm(pid):
    """The peak resident set of a process, in bytes."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


# --------------------------------------------------------------------------------------------
# 1. static files


@test("t1801", "static files: nothing outside the web root, no dotfile, never the database or its key")
def t_static_root(ctx):
    db = ctx.new_db()
    key = key_file(db)
    secret = open(key, "rb").read()
    data_dir = os.path.dirname(os.path.abspath(key))
    web = os.path.join(data_dir, "web-%d" % os.getpid())
    os.makedirs(os.path.join(web, "assets"), exist_ok=True)
    with open(os.path.join(web, "index.html"), "w") as f:
        f.write("<!doctype html><title>t</title><div id=app></div>")
    with open(os.path.join(web, "assets", "app.js"), "w") as f:
        f.write("console.log(1)\n")
    with open(os.path.join(web, ".env"), "w") as f:
        f.write("SECRET=1\n")
    for name, target in (("k.txt", key), ("etc.txt", "/etc/hostname")):
        if not os.path.lexists(os.path.join(web, "assets", name)):
            os.symlink(target, os.path.join(web, "assets", name))
    kname = os.path.basename(key)
    private = [kname] + ([] if ctx.pg else [os.path.basename(db), os.path.basename(db) + "-wal",
                                              os.path.basename(db) + "-shm"])

    # --web DIR/ (trailing slash): a target without "/" is refused, dot paths and links out are not found
    s = ctx.start_server(["--web", web + "/"], db=db)
    for target in ["../" + n for n in private] + ["..", "api/v1/health", "*"]:
        st, body = raw_get(s, target)
        eq(st, 400, "GET %s" % target)
        check(secret not in body, "GET %s gave the key" % target)
    for target in ["/../" + kname, "/%2e%2e/" + kname, "/assets/../../" + kname, "/.env", "/assets/k.txt",
                   "/assets/etc.txt", "/assets/.", "//" + kname]:
        st, body = raw_get(s, target)
        eq(st, 404, "GET %s" % target)
        check(secret not in body and b"SECRET" not in body, "GET %s gave a private file" % target)
    r = Client(s.base).get("/assets/app.js")
    eq((r.status, r.body), (200, b"console.log(1)\n"), "a real asset")
    r = Client(s.base).get("/")
    eq(r.status, 200, "index.html")
    csp = r.headers.get("content-security-policy", "")
    check("default-src 'self'" in csp, "index.html without default-src 'self': %r" % csp)
    check("script-src" not in csp and "unsafe-inline" not in csp.split("style-src")[0],
          "scripts must come from this origin only: %r" % csp)
    eq(Client(s.base).get("/projects/12").status, 200, "an app route falls back to index.html")
    expect(Client(s.base).get(API + "/health"), 200, what="the API beside the web app")

    # --web the data directory itself: still never the key or the database files
    s2 = ctx.start_server(["--web", data_dir + "/"], db=db)
    with open(os.path.join(data_dir, "index.html"), "w") as f:
        f.write("<!doctype html><title>t</title>")
    Client(s2.base).get(API + "/health")
    for n in private:
        st, body = raw_get(s2, "/" + n)
        eq(st, 404, "GET /%s with --web the data directory" % n)
        check(secret not in body, "GET /%s gave the key" % n)


# --------------------------------------------------------------------------------------------
# 3. uploads


@test("t1802", "uploads: the caller is checked before the body (401, 403 while the client still sends)")
def t_upload_early(ctx):
    admin = ctx.admin
    cases = [(None, True, 401, "unauthenticated"), (admin, False, 403, "csrf_failed"),
             (ctx.as_("jyj"), True, 403, "forbidden")]
    for c, csrf, status, code in cases:
        sk = raw_connect(ctx.host, ctx.port, 5)
        try:
            t0 = time.time()
            sk.sendall(upload_head(c, 20 * MIB, csrf=csrf))  # the head only: no byte of the body
            st, hd, body, closed = read_response(sk, 3.0)
            check(st is not None, "%s: no answer within 3 s of the head (closed=%s)" % (code, closed))
            eq(st, status, "status for %s" % code)
            eq(json.loads(body.decode()).get("error", {}).get("code"), code, "code")
            check(time.time() - t0 < 3.0, "the answer took %.1fs" % (time.time() - t0))
        finally:
            sk.close()
    # an accepted upload still arrives whole (streamed through a temporary file)
    data = PDF + os.urandom(3 * MIB) + b"\n%%EOF\n"
    ctype, body = multipart("streamed.pdf", data)
    r = admin.request("POST", API + "/attachments", body=body, ctype=ctype)
    expect(r, 201, what="an upload of 3 MiB")
    got = admin.get("%s/attachments/%d/content" % (API, r.json["id"]))
    check(got.status == 200 and got.body == data, "the stored bytes differ from the upload")


@test("t1803", "uploads: four anonymous 20 MiB bodies do not grow the server's memory")
def t_upload_memory(ctx):
    s = ctx.start_server()
    pid = s.proc.pid
    Client(s.base).get(API + "/health")
    before = vm_hwm(pid)
    big = b"\0" * (20 * MIB)
    results = []

    def one():
        conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
        try:
            conn.request("POST", API + "/attachments", body=big,
                         headers={"Content-Type": "multipart/form-data; boundary=x"})
            results.append(conn.getresponse().status)
        except OSError as e:
            results.append(repr(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    eq(results, [401] * 4, "answers to four anonymous uploads")
    grown = vm_hwm(pid) - before
    check(grown < 16 * MIB, "the server's peak memory grew by %.1f MiB for four refused uploads" % (grown / MIB))


@test("t1804", "uploads: at most four at once; a fifth answers 503 with Retry-After, and the slots come back")
def t_upload_slots(ctx):
    s = ctx.start_server()
    c = Client(s.base)
    c.login("jxjsxy", "admin", "chanjiao2023")
    held = []
    try:
        for _ in range(4):
            sk = raw_connect(s.host, s.port, 10)
            sk.sendall(upload_head(c, 2 * MIB) + b"--x\r\n")
            held.append(sk)
        time.sleep(0.3)
        sk = raw_connect(s.host, s.port, 5)
        try:
            sk.sendall(upload_head(c, 2 * MIB))
            st, hd, body, closed = read_response(sk, 3.0)
            eq(st, 503, "a fifth upload")
            eq(json.loads(body.decode()).get("error", {}).get("code"), "busy", "code")
            check(hd.get("retry-after", "").isdigit(), "503 without Retry-After: %r" % hd)
        finally:
            sk.close()
    finally:
        for sk in held:
            sk.close()
    # the abandoned uploads give their slots back
    ctype, body = multipart("after.pdf", PDF)
    deadline = time.time() + 5
    while True:
        r = c.request("POST", API + "/attachments", body=body, ctype=ctype)
        if r.status == 201 or time.time() > deadline:
            break
        time.sleep(0.2)
    expect(r, 201, what="an upload after the four were abandoned")


# --------------------------------------------------------------------------------------------
# 9. the request head's deadline


def dribbled_head_closed_after(host, port, every, lines):
    """Send a request head one header line every `every` seconds, never finishing it: the seconds
    after which the server closed the connection, or None if it was still open after all lines."""
    sk = raw_connect(host, port, 10)
    try:
        t0 = time.time()
        sk.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        for i in range(lines):
            dt = wait_closed(sk, every)
            if dt is not None:
                return time.time() - t0
            try:
                sk.sendall(("X-Slow-%d: y\r\n" % i).encode())
            except OSError:
                return time.time() - t0
        return None
    finally:
        sk.close()


@test("t1805", "the request head has a deadline (default 10 s, --header-timeout): a dribbled head is closed")
def t_header_timeout(ctx):
    # the default: one line every 2 s, for 16 s, is closed after about 10 s (the idle timeout is 30 s)
    dt = dribbled_head_closed_after(ctx.host, ctx.port, 2.0, 8)
    check(dt is not None, "a head dribbled over 16 s is still open")
    check(9 <= dt < 13, "closed after %.1fs, not about 10 s" % dt)
    s = ctx.start_server(["--header-timeout", "3"])
    dt = dribbled_head_closed_after(s.host, s.port, 2.0, 6)
    check(dt is not None, "with --header-timeout 3, a head dribbled over 12 s is still open")
    check(dt < 6, "with --header-timeout 3, closed only after %.1fs" % dt)
    # a head sent at once is served, and so is a second request on the same connection later
    c = Client(s.base, keepalive=True)
    expect(c.get(API + "/health"), 200, what="a normal request")
    time.sleep(4)
    expect(c.get(API + "/health"), 200, what="a second request after 4 s on the same connection")
    c.close()


# --------------------------------------------------------------------------------------------
# 10. the lingering close


@test("t1806", "an early 413 (or 401) reaches a client still sending its body, not a reset")
def t_lingering(ctx):
    c = ctx.admin
    for body_len, cookie, status in ((21 * MIB, True, 413), (8 * MIB, False, 401)):
        conn = http.client.HTTPConnection(ctx.host, ctx.port, timeout=30)
        headers = {"Content-Type": "multipart/form-data; boundary=x"}
        if cookie:
            headers.update({"Cookie": c.cookie_header(), "X-CSRF-Token": c.csrf})
        try:
            try:
                conn.request("POST", API + "/attachments", body=b"a" * body_len, headers=headers)
                r = conn.getresponse()
            except OSError as e:
                raise AssertionError("%d bytes: %r instead of a %d answer" % (body_len, e, status))
            eq(r.status, status, "status for %d bytes" % body_len)
            err = json.loads(r.read().decode()).get("error", {})
            eq(err.get("code"), "payload_too_large" if status == 413 else "unauthenticated", "code")
        finally:
            conn.close()
    expect(ctx.anon().get(API + "/health"), 200, what="health afterwards")


# --------------------------------------------------------------------------------------------
# 4, 11. the trusted proxy and the Secure cookie


def login_cookie(base, headers):
    conn = http.client.HTTPConnection(base.split("//")[1].split(":")[0], int(base.rsplit(":", 1)[1]), timeout=30)
    try:
        h = {"Content-Type": "application/json"}
        h.update(headers)
        conn.request("POST", API + "/session", body=json.dumps(
            {"tenant": "jxjsxy", "username": "admin", "password": "chanjiao2023"}), headers=h)
        r = conn.getresponse()
        r.read()
        eq(r.status, 200, "login")
        return r.getheader("Set-Cookie") or ""
    finally:
        conn.close()


def is_secure(cookie):
    return "secure" in [a.strip().lower() for a in cookie.split(";")]


@test("t1807", "X-Forwarded-* count from --trusted-proxy only; the session cookie is Secure behind TLS")
def t_trusted_proxy(ctx):
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    check(not is_secure(login_cookie(ctx.base, {})), "a plain-HTTP cookie marked Secure")
    check(not is_secure(login_cookie(ctx.base, https)), "X-Forwarded-Proto believed from anyone")
    s = ctx.start_server(["--trusted-proxy", "10.9.8.7,::1"])
    check(not is_secure(login_cookie(s.base, https)), "X-Forwarded-Proto believed from an untrusted peer")
    s = ctx.start_server(["--trusted-proxy", "127.0.0.1"])
    check(is_secure(login_cookie(s.base, https)), "the trusted proxy's X-Forwarded-Proto: https ignored")
    check(not is_secure(login_cookie(s.base, {"X-Forwarded-Proto": "http"})), "Secure over plain HTTP")
    s = ctx.start_server(["--secure-cookies"])
    check(is_secure(login_cookie(s.base, {})), "--secure-cookies without Secure")
    c = Client(s.base)
    c.login("jxjsxy", "admin", "chanjiao2023")
    r = c.logout()
    check(is_secure(r.headers.get("set-cookie", "")), "the logout cookie without Secure: %r" % r.headers)
    # a bad address is a usage error
    p = subprocess.run([ctx.binary, "serve", "--db", ctx.main.db, "--trusted-proxy", "proxy.example"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    eq(p.returncode, 2, "exit status for --trusted-proxy proxy.example")
    out = subprocess.run([ctx.binary, "serve", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=20).stdout.decode()
    for opt in ("--header-timeout", "--trusted-proxy", "--secure-cookies"):
        check(opt in out, "serve --help does not list %s" % opt)

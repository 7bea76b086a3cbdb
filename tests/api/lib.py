"""Helpers for the black-box HTTP suite of chanjiao (python3 standard library only).

- test(id, title): decorator registering a test function taking one argument, the context (see run.py).
- Client: cookie jar + CSRF token; get/post/patch/put/delete return a Resp, which unpacks as
  (status, headers, json) and also has .status .headers .json .body .text.
- raw_request / raw_exchange: send arbitrary bytes on a socket (malformed HTTP).
- make_uscc(seed), make_legacy_regno(seed): valid unified social credit codes / old 15-digit numbers.
- expect(resp, status, code=None, field=...): exact status, error slug and field checks.
- RECORDER: when a Recorder (run.py --openapi), every Client exchange is kept for the check of
  real requests and answers against the OpenAPI document (oacheck.py).
"""

import datetime
import http.client
import itertools
import json as jsonlib
import os
import re
import socket
import threading
import time
import urllib.parse

DEMO_TENANT = "jxjsxy"
DEMO_PASSWORD = "chanjiao2023"
T2_CODE = "t2x"
T2_PASSWORD = "secret-123"


def changed_password(password):
    """The password a user given `password` by an administrator chooses at the first login."""
    return password + "-own1"

REQUEST_TIMEOUT = 30.0

# --------------------------------------------------------------------------------------------
# registry

TESTS = []
_IDS = set()


def test(tid, title):
    def deco(fn):
        if tid in _IDS:
            raise RuntimeError("duplicate test id " + tid)
        _IDS.add(tid)
        TESTS.append((tid, title, fn))
        return fn

    return deco


class Fail(AssertionError):
    pass


# --------------------------------------------------------------------------------------------
# unique values

_counter = itertools.count(1)
_counter_lock = threading.Lock()
RUN_TAG = "%04x" % (os.getpid() & 0xFFFF)


def next_n():
    with _counter_lock:
        return next(_counter)


def uniq(prefix="测试"):
    """A name unique within this run: prefix + run tag + counter."""
    return "%s-%s-%d" % (prefix, RUN_TAG, next_n())


# --------------------------------------------------------------------------------------------
# USCC (GB 32100-2015) and organisation code (GB 11714-1997)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# letters valid both in the USCC alphabet and in organisation codes
_ORG_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check_char(first17):
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def _org_check(body8):
    def val(c):
        return int(c) if c.isdigit() else ord(c) - 55

    s = sum(val(c) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - s % 11
    if c == 10:
        return "X"
    if c == 11:
        return "0"
    return str(c)


def make_uscc(seed, letters=False, region="330400"):
    """A valid 18-character code, distinct for each seed (< 31**8).  With letters=True the
    organisation-code body uses letters too (to test upper-casing)."""
    seed = int(seed)
    if letters:
        digits = []
        x = seed
        for _ in range(8):
            digits.append(_ORG_BODY[x % 31])
            x //= 31
        body = "".join(reversed(digits))
        if not any(c.isalpha() for c in body):
            body = "A" + body[1:]
    else:
        body = "%08d" % (seed % 100000000)
    org = body + _org_check(body)
    first17 = "91" + region + org
    return first17 + uscc_check_char(first17)


def make_legacy_regno(seed):
    """A valid old 15-digit business registration number (ISO 7064 MOD 11,10 check digit)."""
    first14 = "330400" + "%08d" % (int(seed) % 100000000)
    p = 10
    for ch in first14:
        s = (p + int(ch)) % 10
        if s == 0:
            s = 10
        p = (s * 2) % 11
    for c in range(10):
        if (p + c) % 10 == 1:
            return first14 + str(c)
    raise AssertionError("no check digit")


_USCC_SEED = itertools.count(int(time.time()) % 1000 * 10000 + 1)


def new_uscc(letters=False):
    with _counter_lock:
        s = next(_USCC_SEED)
    return make_uscc(s, letters=letters)


def new_legacy():
    with _counter_lock:
        s = next(_USCC_SEED)
    return make_legacy_regno(s)


def to_fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in s)


# --------------------------------------------------------------------------------------------
# recording


class Recorder:
    """The exchanges of every Client: method, path, query, JSON request body, status, content
    type and JSON answer.  Keeps at most `per_key` of each (method, path, status), so that the
    load tests do not fill memory."""

    def __init__(self, per_key=25):
        self.per_key = per_key
        self.items = []
        self._counts = {}
        self._lock = threading.Lock()

    def add(self, method, target, req_json, resp):
        path, _, query = target.partition("?")
        key = (method, path, resp.status)
        with self._lock:
            n = self._counts.get(key, 0)
            self._counts[key] = n + 1
            if n >= self.per_key:
                return
            self.items.append(
                {
                    "method": method,
                    "path": path,
                    "query": query,
                    "request": req_json,
                    "status": resp.status,
                    "content_type": resp.headers.get("content-type", ""),
                    "answer": resp.json,
                    "has_body": bool(resp.body),
                }
            )


RECORDER = None


# --------------------------------------------------------------------------------------------
# HTTP client


class Resp:
    def __init__(self, status, headers, body, header_list):
        self.status = status
        self.headers = headers  # lower-case name -> value (duplicates joined with ", ")
        self.header_list = header_list  # [(name, value)] as received
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self.json = None
        if body:
            try:
                self.json = jsonlib.loads(self.text)
            except ValueError:
                self.json = None

    def __iter__(self):
        return iter((self.status, self.headers, self.json))

    def error(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"]
        return None

    def short(self, n=300):
        t = self.text
        if len(t) > n:
            t = t[:n] + "..."
        return "%s %s" % (self.status, t)

    def __repr__(self):
        return "<Resp %s>" % self.short()


def _sent_json(headers, data):
    """The JSON a request body carried (when its type said JSON and it parsed), else None."""
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if not data or not ctype.lower().startswith("application/json"):
        return None
    try:
        return jsonlib.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def _split_base(base):
    u = urllib.parse.urlsplit(base)
    return u.hostname, u.port


class Client:
    """One browser-like client: a cookie jar and the CSRF token.  Each request opens a new
    connection unless keepalive=True (then one persistent connection, not thread-safe)."""

    def __init__(self, base, keepalive=False, lang=None, timeout=REQUEST_TIMEOUT):
        self.base = base.rstrip("/")
        self.host, self.port = _split_base(self.base)
        self.cookies = {}
        self.csrf = None
        self.user = None
        self.must_change = None
        self.keepalive = keepalive
        self.lang = lang
        self.timeout = timeout
        self._conn = None

    # -- transport
    def _connection(self):
        if not self.keepalive:
            return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def request(self, method, path, json=None, body=None, headers=None, csrf=True, ctype=None):
        if not path.startswith("/"):
            path = "/" + path
        h = {"Accept": "application/json"}
        if self.lang:
            h["Accept-Language"] = self.lang
        if self.cookies:
            h["Cookie"] = self.cookie_header()
        if csrf and method not in ("GET", "HEAD", "OPTIONS") and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        data = None
        if json is not None:
            data = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        elif body is not None:
            data = body if isinstance(body, bytes) else body.encode("utf-8")
        if ctype is not None:
            h["Content-Type"] = ctype
        if headers:
            for k, v in headers.items():
                # a None value removes a default header
                for hk in list(h):
                    if hk.lower() == k.lower():
                        del h[hk]
                if v is not None:
                    h[k] = v
        if data is None and method in ("POST", "PUT", "PATCH"):
            data = b""
        conn = self._connection()
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            rbody = r.read()
            hl = r.getheaders()
        except Exception:
            if self.keepalive:
                self.close()
            else:
                conn.close()
            raise
        if not self.keepalive:
            conn.close()
        hd = {}
        for k, v in hl:
            k = k.lower()
            hd[k] = v if k not in hd else hd[k] + ", " + v
            if k == "set-cookie":
                self._store_cookie(v)
        resp = Resp(r.status, hd, rbody, hl)
        if RECORDER is not None:
            RECORDER.add(method, path, _sent_json(h, data), resp)
        return resp

    def _store_cookie(self, v):
        first = v.split(";", 1)[0]
        if "=" not in first:
            return
        name, val = first.split("=", 1)
        name = name.strip()
        attrs = v.lower()
        if val == "" or "max-age=0" in attrs or "expires=thu, 01 jan 1970" in attrs:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = val.strip()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def patch(self, path, json=None, version=None, **kw):
        if version is not None:
            hd = dict(kw.pop("headers", None) or {})
            hd["If-Match"] = '"%s"' % version
            kw["headers"] = hd
        return self.request("PATCH", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # -- session
    def login(self, tenant, username, password, check=True):
        r = self.post(
            "/api/v1/session",
            json={"tenant": tenant, "username": username, "password": password},
            csrf=False,
        )
        if r.status == 200 and isinstance(r.json, dict):
            self.csrf = r.json.get("csrf_token")
            self.user = r.json.get("user")
            self.must_change = r.json.get("must_change_password")
        elif check:
            raise Fail("login %s/%s failed: %s" % (tenant, username, r.short()))
        return r

    def change_password(self, old, new, check=True):
        """POST /session/password: the first login's change of a password an admin gave."""
        r = self.post("/api/v1/session/password", json={"old_password": old, "new_password": new})
        if r.status == 200 and isinstance(r.json, dict):
            self.must_change = r.json.get("must_change_password")
        elif check:
            raise Fail("password change failed: %s" % r.short())
        return r

    def logout(self):
        return self.delete("/api/v1/session")


# --------------------------------------------------------------------------------------------
# raw sockets


def raw_connect(host, port, timeout=5.0):
    s = socket.create_connection((host, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(sock, timeout=5.0):
    """Read one HTTP response from sock.  Returns (status or None, headers dict, body bytes,
    closed flag).  status None means the connection was closed (or reset) without a response
    or the timeout elapsed (then closed is False)."""
    sock.settimeout(timeout)
    buf = b""
    closed = False
    deadline = time.time() + timeout
    try:
        while b"\r\n\r\n" not in buf:
            if time.time() > deadline:
                return None, {}, buf, False
            chunk = sock.recv(65536)
            if not chunk:
                closed = True
                break
            buf += chunk
    except socket.timeout:
        return None, {}, buf, False
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
        closed = True
    if b"\r\n\r\n" not in buf:
        return None, {}, buf, closed
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/\d\.\d (\d{3})", lines[0])
    if not m:
        return None, {}, buf, closed
    status = int(m.group(1))
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    body = rest
    try:
        if "content-length" in headers:
            n = int(headers["content-length"])
            while len(body) < n and not closed:
                chunk = sock.recv(65536)
                if not chunk:
                    closed = True
                    break
                body += chunk
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while not body.endswith(b"0\r\n\r\n") and not closed:
                chunk = sock.recv(65536)
                if not chunk:
                    closed = True
                    break
                body += chunk
        elif status not in (204, 304) and not closed:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    closed = True
                    break
                body += chunk
    except socket.timeout:
        pass
    except (ConnectionResetError, BrokenPipeError):
        closed = True
    return status, headers, body, closed


def raw_exchange(host, port, data, timeout=5.0):
    """Send bytes on a new connection and read one response.  Returns (status, headers, body)."""
    s = raw_connect(host, port, timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        st, hd, body, _ = read_response(s, timeout)
        return st, hd, body
    finally:
        s.close()


def wait_closed(sock, timeout):
    """Wait until the peer closes sock (EOF or reset).  Returns seconds waited, or None if still
    open after timeout.  Data received meanwhile is discarded."""
    t0 = time.time()
    while True:
        left = timeout - (time.time() - t0)
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            d = sock.recv(65536)
            if not d:
                return time.time() - t0
        except socket.timeout:
            return None
        except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
            return time.time() - t0


# --------------------------------------------------------------------------------------------
# assertions

_MISSING = object()
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def eq(actual, expected, what):
    if actual != expected:
        raise Fail("%s: expected %r, got %r" % (what, expected, actual))


def expect(resp, status, code=None, field=_MISSING, what=""):
    """Exact status; for errors also the slug and (if given) the field (None = must be absent)."""
    pre = (what + ": ") if what else ""
    if resp.status != status:
        raise Fail("%sexpected %s%s, got %s" % (pre, status, (" " + code) if code else "", resp.short()))
    if code is not None:
        err = resp.error()
        if err is None:
            raise Fail("%sexpected error body with code %s, got %s" % (pre, code, resp.short()))
        if err.get("code") != code:
            raise Fail("%sexpected error code %s, got %s" % (pre, code, resp.short()))
        if not isinstance(err.get("message"), str) or not err.get("message"):
            raise Fail("%serror without message: %s" % (pre, resp.short()))
        if field is not _MISSING:
            if field is None:
                if "field" in err:
                    raise Fail("%sexpected no field, got %s" % (pre, resp.short()))
            elif err.get("field") != field:
                raise Fail("%sexpected field %r, got %s" % (pre, field, resp.short()))
    return resp.json


def expect_4xx_not_5xx(resp, what=""):
    if resp.status >= 500 or resp.status < 400:
        raise Fail("%s: expected a 4xx, got %s" % (what, resp.short()))


def items_of(body):
    """The items of a list response (standard list shape, or a bare array)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        return body["items"]
    raise Fail("not a list response: %r" % (body,))


def check_record(rec, what="record"):
    check(isinstance(rec, dict), "%s is not an object: %r" % (what, rec))
    for k in ("id", "version", "created_at", "updated_at"):
        check(k in rec, "%s lacks %s: %r" % (what, k, rec))
    check(isinstance(rec["id"], int) and rec["id"] > 0, "%s id not a positive int: %r" % (what, rec["id"]))
    check(isinstance(rec["version"], int), "%s version not an int" % what)
    check(TS_RE.match(str(rec["created_at"])), "%s created_at bad: %r" % (what, rec["created_at"]))
    check(TS_RE.match(str(rec["updated_at"])), "%s updated_at bad: %r" % (what, rec["updated_at"]))


def today():
    return datetime.date.today()


def day(offset):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def mask_phone(p):
    return p[:3] + "****" + p[-4:]


_phone_counter = itertools.count(10000000 + (os.getpid() % 1000) * 10000)


def new_phone():
    with _counter_lock:
        n = next(_phone_counter)
    return "139%08d" % (n % 100000000)

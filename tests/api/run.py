#!/usr/bin/env python3
"""Black-box HTTP suite of chanjiao.

    python3 tests/api/run.py --binary build/chanjiao [--sanitized] [--pg DIR] [-k PATTERN] [-v]

With --pg DIR (a cluster started by scripts/pg.sh start DIR) every database is a fresh PostgreSQL
database of that cluster instead of a SQLite file, and the PostgreSQL-only tests run too.

Loads the demo college into a temp db, starts `chanjiao serve` on a free port, runs every test in
tests/api/test_*.py (ordered by id), prints `ok|FAIL <id> <title>` per test and `N passed, M failed`.
Tests that need other serve flags start their own server on their own demo db (ctx.start_server).
Every server is stopped with SIGTERM at the end (it must exit 0; under --sanitized its stderr must
not contain sanitizer reports).  Exit status 1 if anything failed.

With --openapi every request and answer of the run is recorded, and at the end (t1298) checked
against the OpenAPI document the server serves (oacheck.py: JSON request bodies and 2xx answers
against the schemas of their operation, error answers against `Error`); operations that no test
exercised are listed.  The served document must also be what `chanjiao openapi` prints.  Needs
the jsonschema package (Debian: python3-jsonschema).
"""

import argparse
import glob
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import lib  # noqa: E402
from lib import Client, Fail  # noqa: E402

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer")
READY_TIMEOUT = 20.0
STOP_TIMEOUT = 20.0


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, ctx, db, extra, env=None):
        self.ctx = ctx
        self.db = db
        self.extra = list(extra)
        self.env = dict(os.environ, **env) if env else None
        self.port = free_port()
        self.host = "127.0.0.1"
        self.base = "http://127.0.0.1:%d" % self.port
        n = ctx.next_log()
        self.log_out = os.path.join(ctx.tmp, "server-%d.out" % n)
        self.log_err = os.path.join(ctx.tmp, "server-%d.err" % n)
        self.proc = None
        self.killed = False  # killed on purpose with SIGKILL
        self.rc = None

    def start(self):
        argv = [self.ctx.binary, "serve", "--db", self.db, "--listen", "%s:%d" % (self.host, self.port)]
        argv += self.extra
        self.argv = argv
        self.proc = subprocess.Popen(
            argv,
            stdout=open(self.log_out, "ab"),
            stderr=open(self.log_err, "ab"),
            stdin=subprocess.DEVNULL,
            cwd=self.ctx.tmp,
            env=self.env,
        )
        deadline = time.time() + READY_TIMEOUT
        last = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise Fail(
                    "server exited with %s before ready (%s); stderr: %s"
                    % (self.proc.returncode, " ".join(argv), self.stderr_tail())
                )
            try:
                r = Client(self.base, timeout=2).get("/api/v1/health")
                if r.status == 200:
                    return self
                last = r.short()
            except OSError as e:
                last = repr(e)
            time.sleep(0.1)
        raise Fail("server not ready within %ss (%s): last %s" % (READY_TIMEOUT, " ".join(argv), last))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stderr_text(self):
        try:
            with open(self.log_err, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stderr_tail(self, n=1500):
        t = self.stderr_text()
        return t[-n:]

    def kill9(self):
        if self.alive():
            self.killed = True
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        """SIGTERM and wait; returns a list of problems (empty when clean)."""
        problems = []
        if self.proc is None or self.rc is not None:
            return problems  # never started, or already stopped
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                problems.append("did not exit within %ss of SIGTERM (killed)" % STOP_TIMEOUT)
            rc = self.proc.returncode
            if rc != 0 and not problems:
                problems.append("exit status %s after SIGTERM" % rc)
        elif not self.killed:
            problems.append("had already exited with status %s" % self.proc.returncode)
        self.rc = self.proc.returncode
        if self.ctx.sanitized:
            err = self.stderr_text()
            for m in SANITIZER_MARKS:
                if m in err:
                    i = err.index(m)
                    problems.append("sanitizer report %r: %s" % (m, err[max(0, i - 200) : i + 800]))
                    break
        return problems

    def force_kill(self):
        if self.alive():
            try:
                self.proc.kill()
                self.proc.wait(5)
            except Exception:
                pass


ROOT = os.path.dirname(os.path.dirname(HERE))


class Ctx:
    def __init__(self, binary, sanitized, tmp, verbose, pg=None):
        self.pg = pg  # the test cluster's directory, or None for SQLite
        self.binary = binary
        self.sanitized = sanitized
        self.tmp = tmp
        self.verbose = verbose
        self.servers = []  # every server ever started
        self.test_servers = []  # started by the current test
        self._log_n = 0
        self._db_n = 0
        self._clients = {}
        self._lock = threading.Lock()
        self._cache = {}
        self.main = None

    # -- processes
    def next_log(self):
        self._log_n += 1
        return self._log_n

    def empty_db(self):
        """A fresh, empty database: a SQLite path, or a PostgreSQL URL in --pg mode."""
        self._db_n += 1
        if self.pg:
            p = subprocess.run(
                [os.path.join(ROOT, "scripts", "pg.sh"), "createdb", self.pg],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=60,
            )
            if p.returncode != 0:
                raise Fail("pg.sh createdb: %s" % p.stderr.decode("utf-8", "replace")[-800:])
            return p.stdout.decode().strip()
        d = os.path.join(self.tmp, "db%d" % self._db_n)
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, "t.db")

    def new_db(self):
        """A fresh db with the demo college loaded."""
        path = self.empty_db()
        p = subprocess.run(
            [self.binary, "demo", "--db", path],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.tmp,
            timeout=120,
        )
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0:
            raise Fail("`chanjiao demo --db %s` exited %s: %s" % (path, p.returncode, err[-1500:]))
        if self.sanitized:
            for m in SANITIZER_MARKS:
                if m in err:
                    raise Fail("`chanjiao demo` sanitizer report: %s" % err[err.index(m) : err.index(m) + 800])
        return path

    def start_server(self, extra=(), db=None, env=None):
        """Start an extra server (own demo db unless db is given, more environment in env); stopped by the runner after the test."""
        if db is None:
            db = self.new_db()
        s = Server(self, db, extra, env)
        self.servers.append(s)
        self.test_servers.append(s)
        s.start()
        return s

    # -- main server
    @property
    def base(self):
        return self.main.base

    @property
    def host(self):
        return self.main.host

    @property
    def port(self):
        return self.main.port

    # -- clients
    def client(self, username="admin", tenant=lib.DEMO_TENANT, password=lib.DEMO_PASSWORD, base=None, **kw):
        """A new client logged in (fails the test if login fails).  A user whose password an
        administrator gave changes it at this first login, to lib.changed_password(password)."""
        c = Client(base or self.base, **kw)
        c.login(tenant, username, password)
        if c.must_change:
            c.change_password(password, lib.changed_password(password))
        return c

    def anon(self, **kw):
        return Client(self.base, **kw)

    def as_(self, who):
        """A cached logged-in client of the main server: admin, zhoubb, hugl, jyj, root, t2.
        Never log these out."""
        with self._lock:
            c = self._clients.get(who)
        if c is not None:
            return c
        if who == "root":
            c = self.client("root", tenant="platform")
        elif who == "t2":
            c = self._t2_admin()
        else:
            c = self.client(who)
        with self._lock:
            self._clients[who] = c
        return c

    @property
    def admin(self):
        return self.as_("admin")

    def _t2_admin(self):
        root = self.as_("root")
        r = root.post(
            "/api/v1/tenants",
            json={
                "code": lib.T2_CODE,
                "name": "测试学院",
                "kind": "higher_vocational",
                "region_code": "330100",
                "admin_username": "admin",
                "admin_password": lib.T2_PASSWORD,
            },
        )
        if r.status not in (201, 409):
            raise Fail("creating tenant t2x: %s" % r.short())
        if r.status == 409:  # made (and its first password changed) by an earlier call
            return self.client("admin", tenant=lib.T2_CODE, password=lib.changed_password(lib.T2_PASSWORD))
        return self.client("admin", tenant=lib.T2_CODE, password=lib.T2_PASSWORD)

    def cache(self, key, fn):
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        v = fn()
        with self._lock:
            self._cache[key] = v
        return v


def load_tests():
    for path in sorted(glob.glob(os.path.join(HERE, "test_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    return sorted(lib.TESTS, key=lambda t: t[0])


def selected(pattern, tid, title, fn):
    if not pattern:
        return True
    hay = "%s %s %s" % (tid, title, fn.__name__)
    if pattern.lower() in hay.lower():
        return True
    try:
        return re.search(pattern, hay) is not None
    except re.error:
        return False


def openapi_check(ctx):
    """t1298: the recorded exchanges against the served document; None when all match."""
    import oacheck

    records = lib.RECORDER.items
    lib.RECORDER = None
    r = Client(ctx.base).get("/api/v1/openapi.json")
    if r.status != 200 or not isinstance(r.json, dict):
        return "GET /api/v1/openapi.json: %s" % r.short()
    p = subprocess.run([ctx.binary, "openapi"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0 or p.stdout != r.body:
        return "the served document is not what `chanjiao openapi` prints (exit %s)" % p.returncode
    failures, exercised, operations = oacheck.check(r.json, records)
    never = [op for op in operations if op not in exercised]
    print(
        "# openapi: %d exchanges recorded; %d of %d operations exercised with a success, checked"
        % (len(records), len(operations) - len(never), len(operations))
    )
    for m, tpl in never:
        print("#   never exercised: %s %s" % (m, tpl))
    for f in failures[:60]:
        print("#   mismatch: %s" % f)
    if failures:
        return "%d mismatches (listed above)" % len(failures)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("-k", dest="pattern", default=None)
    ap.add_argument("-v", dest="verbose", action="store_true", help="print tracebacks")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    ap.add_argument("--pg", default=None, help="a cluster dir of scripts/pg.sh: run on PostgreSQL")
    ap.add_argument("--openapi", action="store_true", help="check real requests and answers against the OpenAPI document")
    args = ap.parse_args()
    if args.openapi:
        try:
            import jsonschema  # noqa: F401
        except ImportError:
            # Debian's python3-jsonschema belongs to /usr/bin/python3.
            if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
                os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
            print("--openapi needs the jsonschema package (Debian: python3-jsonschema)")
            print("0 passed, 1 failed")
            return 1
        lib.RECORDER = lib.Recorder()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("no executable at %s" % binary)
        print("0 passed, 1 failed")
        return 1

    tmp = tempfile.mkdtemp(prefix="cj-api-")
    if args.pg:
        # One key for every PostgreSQL database of the run (the key file sits outside them).
        os.environ["CHANJIAO_KEY_FILE"] = os.path.join(tmp, "pg.key")
        os.environ["CJ_TEST_PG"] = os.path.abspath(args.pg)
    tests = [t for t in load_tests() if selected(args.pattern, *t)]
    ctx = Ctx(binary, args.sanitized, tmp, args.verbose, os.path.abspath(args.pg) if args.pg else None)
    print("# backend: %s" % ("postgresql" if args.pg else "sqlite"), flush=True)

    def on_term(signum, frame):
        raise SystemExit(130)

    signal.signal(signal.SIGTERM, on_term)

    passed = failed = 0
    try:
        try:
            db = ctx.new_db()
            ctx.main = Server(ctx, db, [])
            ctx.servers.append(ctx.main)
            ctx.main.start()
        except Exception as e:
            print("FAIL setup: %s" % e)
            print("0 passed, 1 failed")
            return 1

        for tid, title, fn in tests:
            ctx.test_servers = []
            t0 = time.time()
            reason = None
            try:
                fn(ctx)
            except Fail as e:
                reason = str(e)
            except Exception as e:  # a connection error or a test bug
                reason = "%s: %s" % (type(e).__name__, e)
                if args.verbose:
                    traceback.print_exc()
            for s in ctx.test_servers:
                probs = s.stop()
                if probs and reason is None:
                    reason = "extra server (%s): %s" % (" ".join(s.extra), "; ".join(probs))
            if not ctx.main.alive():
                rc = ctx.main.proc.returncode
                why = "main server died (exit %s); stderr: %s" % (rc, ctx.main.stderr_tail(800))
                reason = (reason + "; " if reason else "") + why
                ctx._clients.clear()
                ctx._cache.clear()
                old = ctx.main
                old.rc = rc  # reported here, not again at the end
                ctx.main = Server(ctx, old.db, [])
                ctx.servers.append(ctx.main)
                try:
                    ctx.main.start()
                except Exception as e:
                    print("FAIL %s %s: %s" % (tid, title, reason))
                    print("cannot restart the main server: %s" % e)
                    failed += 1
                    break
            dt = time.time() - t0
            if reason is None:
                passed += 1
                print("ok %s %s (%.1fs)" % (tid, title, dt), flush=True)
            else:
                failed += 1
                print("FAIL %s %s: %s" % (tid, title, reason.replace("\n", " ")), flush=True)

        if args.openapi:
            t0 = time.time()
            reason = openapi_check(ctx)
            if reason is None:
                passed += 1
                print("ok t1298 recorded requests and answers match the OpenAPI document (%.1fs)" % (time.time() - t0))
            else:
                failed += 1
                print("FAIL t1298 recorded requests and answers match the OpenAPI document: %s" % reason)

        # clean shutdown of the main server
        probs = ctx.main.stop()
        for s in ctx.servers:
            if s is not ctx.main and s.proc is not None and s.rc is None:
                probs += s.stop()
        if probs:
            failed += 1
            print("FAIL t1299 server exits 0 on SIGTERM, sanitizer clean: %s" % "; ".join(probs).replace("\n", " "))
        else:
            passed += 1
            print("ok t1299 server exits 0 on SIGTERM, sanitizer clean")
    finally:
        for s in ctx.servers:
            s.force_kill()
        if args.keep or failed:
            print("# logs kept in %s" % tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The dashboard benchmark (issue 14): a measurement, never pass/fail.

    python3 bench/dashboard.py BIN DB [KEYFILE] [YEAR] [CLIENTS] [REQUESTS]

Serves DB (a database made by `chanjiao gen`), logs in as the administrator of
the first generated college of 嘉兴 (gen3304001) and as the viewer of its city
bureau (gen3304jyj; with the province profile also the province's, gen33jyt),
then measures over HTTP on this machine:

  - the college dashboard under CLIENTS clients at once (each its own keep-alive
    connection): computed (the first call of each year from 2000 to 2100, so that
    nothing is kept yet; most of those years have no records), then after a write
    (rounds: the administrator edits a department's remark, which changes the
    college's audit head, then every client asks once for a year of 2022-2025, the
    years the generator dates records in: the answers of those years were made
    before the write, so they are computed again, but for a client whose request
    comes after another's of the same year in the round has kept it), then kept
    (GET /api/v1/dashboard?year=YEAR, REQUESTS requests in all, nothing changed in
    between): p50, p99;
  - the region dashboard, GET /api/v1/regions/{code}/dashboard?year=YEAR: the
    first call after the server starts (cold), then 10 more with nothing changed;
  - the server's peak resident memory (VmHWM) at the end.
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def login(port, tenant, user):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = json.dumps({"tenant": tenant, "username": user, "password": "chanjiao2023"})
    c.request("POST", "/api/v1/session", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    if r.status != 200:
        raise SystemExit("login %s/%s: %s %s" % (tenant, user, r.status, data[:200]))
    cookie = r.getheader("Set-Cookie").split(";", 1)[0]
    return cookie


def login_csrf(port, tenant, user):
    """The session cookie and its CSRF token, for a write."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = json.dumps({"tenant": tenant, "username": user, "password": "chanjiao2023"})
    c.request("POST", "/api/v1/session", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = json.loads(r.read())
    return r.getheader("Set-Cookie").split(";", 1)[0], data["csrf_token"]


def write(conn, cookie, csrf, dept, version, remark):
    """PATCH the department's remark; its new version."""
    body = json.dumps({"remark": remark}, ensure_ascii=False).encode("utf-8")
    conn.request("PATCH", "/api/v1/departments/%d" % dept, body=body,
                 headers={"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json",
                          "If-Match": '"%d"' % version})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise SystemExit("PATCH department: %s %s" % (r.status, data[:200]))
    return json.loads(data)["version"]


def get(conn, path, cookie):
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    r = conn.getresponse()
    data = r.read()
    dt = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit("GET %s: %s %s" % (path, r.status, data[:200]))
    return dt, data


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    binary, db = sys.argv[1], sys.argv[2]
    key = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    year = int(sys.argv[4]) if len(sys.argv) > 4 else 2024
    clients = int(sys.argv[5]) if len(sys.argv) > 5 else 16
    requests = int(sys.argv[6]) if len(sys.argv) > 6 else 800
    port = free_port()
    # The server as deployed: its default threads (one a core) unless THREADS says otherwise.
    cmd = [binary, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port]
    if os.environ.get("THREADS"):
        cmd += ["--threads", os.environ["THREADS"]]
    if key:
        cmd += ["--key-file", key]
    srv = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        admin = login(port, "gen3304001", "admin")
        city = login(port, "gen3304jyj", "viewer")
        try:
            province = login(port, "gen33jyt", "viewer")
        except SystemExit:
            province = None

        # The region first, while nothing is warm.
        rows = []
        for code, cookie in (("330400", city),) + ((("330000", province),) if province else ()):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            cold, data = get(conn, "/api/v1/regions/%s/dashboard?year=%d" % (code, year), cookie)
            n = len(json.loads(data)["colleges"])
            warm = [get(conn, "/api/v1/regions/%s/dashboard?year=%d" % (code, year), cookie)[0] for _ in range(10)]
            rows.append(("GET /regions/%s/dashboard (%d colleges)" % (code, n), cold, pct(warm, 50), pct(warm, 99)))
            conn.close()

        lock = threading.Lock()
        per = requests // clients

        def run(paths_of):
            lat = []

            def worker(i):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                mine = [get(conn, p, admin)[0] for p in paths_of(i)]
                conn.close()
                with lock:
                    lat.extend(mine)

            t0 = time.perf_counter()
            ts = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            return lat, time.perf_counter() - t0

        # Computed: the first call of each year 2000..2100, spread over the clients (nothing kept yet).
        computed, cwall = run(lambda i: ["/api/v1/dashboard?year=%d" % y for y in range(2000 + i, 2101, clients)])
        # After a write: rounds of one write, then each client once, on a year with records.
        wcookie, csrf = login_csrf(port, "gen3304001", "admin")
        wconn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        dept = json.loads(get(wconn, "/api/v1/departments?size=1", wcookie)[1])["items"][0]
        version = dept["version"]
        rounds = max(1, requests // clients // 2)
        start = threading.Barrier(clients + 1)
        done = threading.Barrier(clients + 1)
        after = []

        def reader(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine = []
            for _ in range(rounds):
                start.wait()
                mine.append(get(conn, "/api/v1/dashboard?year=%d" % (2022 + i % 4), admin)[0])
                done.wait()
            conn.close()
            with lock:
                after.extend(mine)

        ts = [threading.Thread(target=reader, args=(i,)) for i in range(clients)]
        for t in ts:
            t.start()
        t0 = time.perf_counter()
        for k in range(rounds):
            version = write(wconn, wcookie, csrf, dept["id"], version, "基准测试 %d" % k)
            start.wait()
            done.wait()
        awall = time.perf_counter() - t0
        for t in ts:
            t.join()
        wconn.close()
        # Kept: the same year again and again, nothing changed in between.
        lat, wall = run(lambda i: ["/api/v1/dashboard?year=%d" % year] * per)
        hwm = 0
        with open("/proc/%d/status" % srv.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) // 1024
        print("| request | clients | requests | p50 ms | p99 ms | requests/s |")
        print("|---|---|---|---|---|---|")
        print("| GET /dashboard, computed (each year 2000-2100 once) | %d | %d | %.1f | %.1f | %.0f |" % (
            clients, len(computed), pct(computed, 50), pct(computed, 99), len(computed) / cwall))
        print("| GET /dashboard?year=2022-2025, after a write (%d rounds) | %d | %d | %.1f | %.1f | %.0f |" % (
            rounds, clients, len(after), pct(after, 50), pct(after, 99), len(after) / awall))
        print("| GET /dashboard?year=%d, kept (nothing changed) | %d | %d | %.1f | %.1f | %.0f |" % (
            year, clients, len(lat), pct(lat, 50), pct(lat, 99), len(lat) / wall))
        print()
        print("| request | cold ms | again p50 ms | again p99 ms |")
        print("|---|---|---|---|")
        for name, cold, p50, p99 in rows:
            print("| %s | %.0f | %.0f | %.0f |" % (name, cold, p50, p99))
        print()
        print("server peak resident memory (VmHWM): %d MiB" % hwm)
    finally:
        srv.terminate()
        srv.wait(timeout=30)


if __name__ == "__main__":
    main()

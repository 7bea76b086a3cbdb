#!/usr/bin/env python3
"""The Excel exchange benchmark (issue 13): a measurement, never pass/fail.

    python3 bench/exchange.py                       # 100,000 students, build/chanjiao, SQLite
    ROWS=20000 BIN=build/chanjiao python3 bench/exchange.py
    EXPORTS=3 python3 bench/exchange.py             # the export 3 times (a shared machine: take the median)
    DB=postgres://... python3 bench/exchange.py     # a database of your own (must be empty)

Loads the demo college into a temp database, starts the server on a free port, builds an .xlsx of
ROWS students (every row with an ID number and a phone, so that validation and sealing are both paid)
with the standard library, then times, over HTTP: the import (POST /students/import, one transaction),
and the export of every student (GET /students/export.xlsx).  Prints seconds, rows per second, the file
sizes and the server's peak resident memory (VmHWM) after each step.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
import xlsx  # noqa: E402

BIN = os.environ.get("BIN", os.path.join(HERE, "..", "build", "chanjiao"))
ROWS = int(os.environ.get("ROWS", "100000"))
EXPORTS = int(os.environ.get("EXPORTS", "1"))


def id_number(seq):
    body = "330402%s%03d" % ("2006%02d%02d" % (seq // 28 % 12 + 1, seq % 28 + 1), seq % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w)) % 11]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmHWM", "VmRSS")):
                yield line.split(":")[0], int(line.split()[1]) // 1024


def main():
    tmp = tempfile.mkdtemp(prefix="cj-xbench-")
    db = os.environ.get("DB") or os.path.join(tmp, "b.db")
    subprocess.run([BIN, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL, cwd=tmp)
    port = free_port()
    srv = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port], cwd=tmp,
                           stdout=open(os.path.join(tmp, "server.log"), "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        c.request("POST", "/api/v1/session", json.dumps({"tenant": "jxjsxy", "username": "admin",
                                                         "password": "chanjiao2023"}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        body = json.loads(r.read())
        cookie = r.getheader("Set-Cookie").split(";")[0]
        csrf = body["csrf_token"]
        rows = [["学号", "姓名", "身份证号", "专业代码", "专业", "班级", "年级", "学籍状态", "手机号", "所属系部"]]
        for i in range(ROWS):
            rows.append(["B%07d" % i, "基准学生%d" % i, id_number(i), "0112-4", "工业机器人应用与维护",
                         "2025级%d班" % (i % 40), 2025, "在读", "139%08d" % i, "智能制造系"])
        t0 = time.time()
        data = xlsx.write(rows)
        print("file: %d rows, %.1f MiB .xlsx (built in %.1f s)" % (ROWS, len(data) / 1048576, time.time() - t0))
        ctype, mp = xlsx.multipart("students.xlsx", data)
        t0 = time.time()
        c.request("POST", "/api/v1/students/import", mp, {"Content-Type": ctype, "Cookie": cookie,
                                                            "X-CSRF-Token": csrf})
        r = c.getresponse()
        answer = r.read()
        dt = time.time() - t0
        print("import: HTTP %d %s in %.2f s (%.0f rows/s)" % (r.status, answer[:80].decode(errors="replace"), dt,
                                                            ROWS / dt))
        print("  server memory: %s" % ", ".join("%s %d MiB" % kv for kv in hwm(srv.pid)))
        for _ in range(EXPORTS):
            t0 = time.time()
            c.request("GET", "/api/v1/students/export.xlsx", headers={"Cookie": cookie})
            r = c.getresponse()
            out = r.read()
            dt = time.time() - t0
            n = len(xlsx.read(out)) - 1 if r.status == 200 else 0
            print("export: HTTP %d, %d rows, %.1f MiB in %.2f s (%.0f rows/s)" % (r.status, n, len(out) / 1048576,
                                                                               dt, n / dt if dt else 0))
            print("  server memory: %s" % ", ".join("%s %d MiB" % kv for kv in hwm(srv.pid)))
    finally:
        srv.terminate()
        srv.wait(30)
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Add N benchmark enterprises through the API (a college with a few hundred partners), as
bench/run.sh and bench/instructions.sh both set it up; with BODIES, also write the next 200 000
enterprises' bodies there, one JSON a line (the write benchmark's).

    bench/enterprises.py BASE COOKIE CSRF N [BODIES] [--strict]

Prints how many were added and refused; exits 1 when any was refused and --strict is given."""
import http.client, json, sys, time, urllib.parse

sys.path.insert(0, "tests/api")
from lib import make_uscc

CODES = ["C34", "C38", "C39", "C35", "I65", "M75", "E48", "F51"]
SIZES = ["large", "medium", "small", "micro"]


def body(i):
    return {"name": "基准企业%06d" % i, "uscc": make_uscc(70000000 + i), "industry_code": CODES[i % len(CODES)],
            "size": SIZES[i % len(SIZES)], "region_code": "330400", "contact_phone": "1390000%04d" % (i % 10000)}


def main(argv):
    strict = "--strict" in argv
    args = [a for a in argv if a != "--strict"]
    base, cookie, csrf, n = args[0], args[1], args[2], int(args[3])
    bodies = args[4] if len(args) > 4 else None
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    t0 = time.time()
    bad = 0
    for i in range(n):
        conn.request("POST", "/api/v1/enterprises", body=json.dumps(body(i), ensure_ascii=False).encode(),
                     headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
        r = conn.getresponse()
        r.read()
        if r.status != 201:
            bad += 1
            if bad <= 3:
                print("bench: create answered %s" % r.status, file=sys.stderr)
    print("bench: %d enterprises added in %.1fs, %d refused" % (n - bad, time.time() - t0, bad))
    if bodies:
        with open(bodies, "w") as f:
            for i in range(n, n + 200000):
                f.write(json.dumps(body(i), ensure_ascii=False) + "\n")
    return 1 if strict and bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

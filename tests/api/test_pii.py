"""t20xx: personal information and files -- the ID-number search as an audited, limited full view;
certificates of other departments' students; download names and control characters in file names;
the database's file modes and its key; values sealed to their place (tenant, table, column, row),
old values re-sealed, search hashes per college."""

import base64
import ctypes
import ctypes.util
import hashlib
import os
import sqlite3
import stat
import subprocess
import time

from fx import API, create, q
from lib import Client, check, eq, expect, test, uniq

PG = bool(os.environ.get("CJ_TEST_PG"))
RESEAL_STEP = "0006_pii_reseal (C)"


def id_number(seq, birth="20030521", region="330483"):
    """A valid resident ID number (GB 11643 check character)."""
    body = "%s%s%03d" % (region, birth, seq % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w)) % 11]


_seq = [os.getpid() % 400]


def new_student(c, **kw):
    _seq[0] += 1
    n = _seq[0]
    body = {"student_no": uniq("P").replace("-", ""), "name": uniq("个人信息"), "id_number": id_number(n),
            "phone": "135%08d" % (n * 7919 % 10**8), "cohort_year": 2024}
    body.update(kw)
    return create(c, "students", body)


# -- the database, behind the server's back --------------------------------------------------


def raw(db, sql, tenant=None):
    """Run one statement directly on db (sqlite3, or psql with the tenant's row-level security)."""
    if db.startswith("postgres"):
        script = ("SET app.tenant_id = '%d';\n" % tenant if tenant else "") + sql + ";\n"
        p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", db, "-f", "-"],
                           input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        check(p.returncode == 0, "psql: %s" % p.stderr.decode("utf-8", "replace")[-600:])
        return [line.split("|") for line in p.stdout.decode().splitlines() if line]
    con = sqlite3.connect(db, timeout=30)
    try:
        rows = [[("" if v is None else str(v)) for v in r] for r in con.execute(sql).fetchall()]
        con.commit()
        return rows
    finally:
        con.close()


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def tenant_id(db, code):
    return int(raw(db, "SELECT id FROM tenants WHERE code = %s" % lit(code))[0][0])


def key_file(db):
    return os.environ["CHANJIAO_KEY_FILE"] if db.startswith("postgres") else db + ".key"


def run_cli(ctx, args, env=None, timeout=60):
    return subprocess.run([ctx.binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ctx.tmp,
                          timeout=timeout, env=env)


def audit_rows(c, **params):
    r = c.get(API + "/audit?" + q(dict(params, size=params.get("size", 10))))
    expect(r, 200)
    return r.json["items"]


# -- 2: the ID-number search -------------------------------------------------------------------


@test("t2001", "ID-number search: only a role that sees personal information in full may search (others 403)")
def t_search_roles(ctx):
    ident = id_number(901, birth="20040101")
    s = new_student(ctx.admin, id_number=ident)
    for who in ("zhoubb", "jyj", "hugl"):
        r = ctx.as_(who).post(API + "/students/search", json={"id_number": ident})
        expect(r, 403, "forbidden", what="%s searching" % who)
        check(s["name"] not in r.text, "%s: the answer tells" % who)
        # the full view itself is refused to the same roles
        expect(ctx.as_(who).get("%s/students/%d/pii" % (API, s["id"])), 403, "forbidden")
    r = ctx.admin.post(API + "/students/search", json={"id_number": ident})
    expect(r, 200)
    eq([x["id"] for x in r.json["items"]], [s["id"]], "the administrator's search")
    eq(r.headers.get("cache-control"), "no-store", "the answer is not cached")


@test("t2002", "ID-number search: every search, found or not, writes an audit row (pii_search: who, when, how many)"
               " that never holds the number")
def t_search_audit(ctx):
    a = ctx.admin
    ident = id_number(902, birth="20040202")
    missing = id_number(903, birth="20040202")
    new_student(a, id_number=ident)
    before = [x["id"] for x in audit_rows(a, entity="student", size=50) if x["action"] == "pii_search"]
    t0 = time.strftime("%Y-%m-%dT%H:%M", time.gmtime())
    expect(a.post(API + "/students/search", json={"id_number": ident}), 200)
    expect(a.post(API + "/students/search", json={"id_number": missing}), 200)
    rows = [x for x in audit_rows(a, entity="student", size=50) if x["action"] == "pii_search" and x["id"] not in before]
    eq(len(rows), 2, "new pii_search rows")
    eq([x["after"] for x in rows], [{"matched": 0}, {"matched": 1}], "how many matched (newest first)")
    for x in rows:
        eq(x["username"], "admin", "who searched")
        check(isinstance(x["user_id"], int) and x["user_id"] > 0, "user id: %r" % x)
        check(x["at"][:16] >= t0, "when: %r" % x["at"])
        text = str(x)
        for sec in (ident, missing, ident[:-1], missing[:-1], ident.lower()):
            check(sec not in text, "the audit row holds the number searched: %r" % x)
    # a refused (malformed) number is no search: 400 and no row
    expect(a.post(API + "/students/search", json={"id_number": "123"}), 400, "invalid_argument", "id_number")
    again = [x for x in audit_rows(a, entity="student", size=50) if x["action"] == "pii_search" and x["id"] not in before]
    eq(len(again), 2, "rows after a malformed search")


@test("t2003", "ID-number search: at most 20 a minute per user, then 429 with Retry-After; refused searches"
               " are not counted as searches")
def t_search_rate(ctx):
    srv = ctx.start_server()
    c = ctx.client(base=srv.base)
    ident = id_number(904, birth="20040303")
    for i in range(20):
        r = c.post(API + "/students/search", json={"id_number": ident})
        expect(r, 200, what="search %d" % (i + 1))
    r = c.post(API + "/students/search", json={"id_number": ident})
    expect(r, 429, "too_many_requests")
    ra = r.headers.get("retry-after", "")
    check(ra.isdigit() and 1 <= int(ra) <= 60, "Retry-After: %r" % ra)
    expect(c.post(API + "/students/search", json={"id_number": id_number(905)}), 429, "too_many_requests")
    rows = [x for x in audit_rows(c, entity="student", size=100) if x["action"] == "pii_search"]
    eq(len(rows), 20, "audited searches")
    # other work of the same user goes on
    expect(c.get(API + "/students?size=1"), 200)


# -- 7: certificates of other departments' students --------------------------------------------


@test("t2004", "staff write certificates and placements of their own department's students only: the student"
               " is checked before and after a change; a certificate with no student is the administrator's")
def t_certificate_department(ctx):
    a, s = ctx.admin, ctx.as_("zhoubb")
    dep = s.get(API + "/session").json["user"]["department_id"]
    other = [d for d in a.get(API + "/departments?size=50").json["items"] if d["id"] != dep][0]["id"]
    mine = new_student(a, department_id=dep)
    theirs = new_student(a, department_id=other)
    cert = {"student_id": mine["id"], "occupation": "电工", "level": 3, "certificate_no": uniq("C")}
    c = create(s, "certificates", cert)
    # moving one's own certificate onto another department's student
    u = "%s/certificates/%d" % (API, c["id"])
    expect(s.patch(u, json={"student_id": theirs["id"]}, version=1), 403, "forbidden")
    eq(a.get(u).json["student_id"], mine["id"], "student after the refused move")
    # a certificate of another department's student
    expect(s.post(API + "/certificates", json=dict(cert, student_id=theirs["id"], certificate_no=uniq("C"))),
           403, "forbidden")
    # a certificate with no student (an employee's): school_admin only
    emp = {"holder_type": "employee", "holder_name": "职工乙", "holder_id_number": id_number(906, birth="19800101"),
           "occupation": "电工", "level": 3, "certificate_no": uniq("C")}
    n = a.get(API + "/certificates?size=1").json["total"]
    expect(s.post(API + "/certificates", json=emp), 403, "forbidden")
    eq(a.get(API + "/certificates?size=1").json["total"], n, "nothing stored")
    e = create(a, "certificates", emp)
    expect(s.patch("%s/certificates/%d" % (API, e["id"]), json={"level": 2}, version=1), 403, "forbidden")
    expect(s.delete("%s/certificates/%d" % (API, e["id"])), 403, "forbidden")
    # a placement the same way (its student is fixed once made)
    ent = a.get(API + "/enterprises?size=1").json["items"][0]["id"]
    pl = {"student_id": theirs["id"], "enterprise_id": ent, "kind": "cognition", "start_date": "2024-10-08"}
    expect(s.post(API + "/placements", json=pl), 403, "forbidden")
    p = create(s, "placements", dict(pl, student_id=mine["id"]))
    expect(s.patch("%s/placements/%d" % (API, p["id"]), json={"student_id": theirs["id"]}, version=1), 400,
           "invalid_argument", "student_id")
    # their own are theirs to change
    expect(s.patch(u, json={"level": 2}, version=1), 200)


# -- 8: download names, control characters -----------------------------------------------------


def multipart(filename, data):
    boundary = "----cjpii" + os.urandom(8).hex()
    disp = 'form-data; name="file"; filename="%s"' % filename.replace("\\", "\\\\").replace('"', '\\"')
    body = b"".join([b"--" + boundary.encode() + b"\r\n", ("Content-Disposition: %s\r\n" % disp).encode("utf-8"),
                     b"Content-Type: application/octet-stream\r\n\r\n", data, b"\r\n",
                     b"--" + boundary.encode() + b"--\r\n"])
    return "multipart/form-data; boundary=%s" % boundary, body


def upload(c, filename, data):
    ctype, body = multipart(filename, data)
    return c.request("POST", API + "/attachments", body=body, ctype=ctype)


def docx_bytes():
    import io
    import zipfile
    buf = io.BytesIO()
    ct = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", "<Relationships/>"),
                           ("word/document.xml", "<w:document/>")):
            z.writestr(name, data)
    return buf.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@test("t2005", "downloads take their extension from the detected type: a DOCX uploaded as invoice.jar downloads"
               " as invoice.docx")
def t_download_name(ctx):
    a = ctx.admin
    for name, data, want in (("invoice.jar", docx_bytes(), "invoice.docx"), ("照片.exe", PNG, "照片.png"),
                             ("noext", PNG, "noext.png"), ("报告.docx", docx_bytes(), "报告.docx"),
                             ("scan.JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9", "scan.JPEG")):
        r = upload(a, name, data)
        expect(r, 201, what="upload %r" % name)
        d = a.get("%s/attachments/%d/content" % (API, r.json["id"]))
        expect(d, 200)
        disp = d.headers.get("content-disposition", "")
        quoted = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "!#$&+-.^_`|~") else
                         "".join("%%%02X" % b for b in ch.encode()) for ch in want)
        check(("UTF-8''" + quoted) in disp, "%r downloads as %r, want %r" % (name, disp, want))
        ext = name.rsplit(".", 1)[-1] if "." in name else None
        if ext and ext != want.rsplit(".", 1)[-1]:
            check("." + ext not in disp, "%r keeps its extension: %r" % (name, disp))
        eq(d.body, data, "the content")


@test("t2006", "file names with bidirectional, format or control characters (U+202E and all Cc/Cf) -> 400"
               " field filename, nothing stored")
def t_filename_controls(ctx):
    a = ctx.admin
    n = a.get(API + "/attachments?size=1").json["total"]
    for bad in ("evil\u202efdp.exe", "a\u200fb.pdf", "a\u200eb.pdf", "a\u2066b.pdf", "a\u2069b.pdf",
                "a\u202ab.pdf", "a\ufeffb.pdf", "a\u200bb.pdf", "a\u00adb.pdf", "a\u0085b.pdf",
                "a\u009bb.pdf", "a\u2028b.pdf", "a\u061cb.pdf", "a\U000e0041b.pdf", "a\x7fb.pdf"):
        r = upload(a, bad, PNG)
        expect(r, 400, "invalid_argument", "filename", what="upload %r" % bad)
    eq(a.get(API + "/attachments?size=1").json["total"], n, "attachments after refused names")
    r = upload(a, "合同（盖章版）v2.png", PNG)
    expect(r, 201)
    eq(r.json["filename"], "合同（盖章版）v2.png", "a name with CJK punctuation is fine")


# -- 11: file modes and the key ----------------------------------------------------------------


def mode(path):
    return oct(stat.S_IMODE(os.stat(path).st_mode))


@test("t2007", "the data directory is created 0700, the database and its -wal/-shm 0600; a looser existing file"
               " is narrowed")
def t_file_modes(ctx):
    d = os.path.join(ctx.tmp, "data-" + os.urandom(4).hex())
    db = os.path.join(d, "cj.db")
    p = run_cli(ctx, ["demo", "--db", db], timeout=120)
    eq(p.returncode, 0, "demo into a new directory: %s" % p.stderr.decode("utf-8", "replace")[-400:])
    eq(mode(d), oct(0o700), "the data directory")
    srv = ctx.start_server(db=db)
    c = ctx.client(base=srv.base)  # a login writes: the WAL is in use
    create(c, "departments", {"name": uniq("系部")})
    for f in (db, db + "-wal", db + "-shm"):
        check(os.path.exists(f), "%s missing while the server runs" % f)
        eq(mode(f), oct(0o600), "mode of %s" % os.path.basename(f))
    problems = srv.stop()
    eq(problems, [], "server stop")
    os.chmod(db, 0o644)
    p = run_cli(ctx, ["migrate", "--db", db])
    eq(p.returncode, 0, "migrate: %s" % p.stderr.decode("utf-8", "replace")[-400:])
    eq(mode(db), oct(0o600), "an existing 0644 database after opening")
    kf = os.environ.get("CHANJIAO_KEY_FILE") or db + ".key"
    eq(mode(kf), oct(0o600), "the key file")


@test("t2008", "a missing or wrong --key-file is refused (exit 1 naming the file) when the database holds sealed"
               " data; a new key only for a new database or with chanjiao key init")
def t_key_checks(ctx):
    db = ctx.new_db()
    key = key_file(db)
    with open(key, "rb") as f:
        good = f.read()
    missing = os.path.join(ctx.tmp, "typo-%s.key" % os.urandom(3).hex())
    wrong = os.path.join(ctx.tmp, "wrong-%s.key" % os.urandom(3).hex())
    with open(wrong, "wb") as f:
        f.write(os.urandom(64))
    os.chmod(wrong, 0o600)
    for kf, what in ((missing, "a missing key file"), (wrong, "another key")):
        p = run_cli(ctx, ["migrate", "--db", db, "--key-file", kf])
        err = p.stderr.decode("utf-8", "replace")
        eq(p.returncode, 1, "migrate with %s (stderr %r)" % (what, err[-300:]))
        check(kf in err, "the message names %s: %r" % (kf, err))
    check(not os.path.exists(missing), "a new key was made for a database that holds sealed data")
    # the server refuses to start the same way
    p = run_cli(ctx, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--key-file", missing], timeout=30)
    eq(p.returncode, 1, "serve with a missing key file")
    check(missing in p.stderr.decode("utf-8", "replace"), "serve names the file")
    check(not os.path.exists(missing), "serve made a key")
    # the right key opens it
    p = run_cli(ctx, ["migrate", "--db", db, "--key-file", key])
    eq(p.returncode, 0, "migrate with the right key: %r" % p.stderr[-300:])
    # key init never overwrites a key file
    p = run_cli(ctx, ["key", "init", "--db", db, "--key-file", key])
    eq(p.returncode, 1, "key init over an existing key file")
    with open(key, "rb") as f:
        eq(f.read(), good, "the key file after a refused key init")
    # key init with a new file: the new key is the database's from now on
    new = os.path.join(ctx.tmp, "new-%s.key" % os.urandom(3).hex())
    p = run_cli(ctx, ["key", "init", "--db", db, "--key-file", new])
    eq(p.returncode, 0, "key init: %r" % p.stderr[-300:])
    eq(mode(new), oct(0o600), "the new key file")
    check(b"sealed with another key" in p.stdout, "key init says what the old key sealed: %r" % p.stdout)
    eq(run_cli(ctx, ["migrate", "--db", db, "--key-file", new]).returncode, 0, "the new key")
    eq(run_cli(ctx, ["migrate", "--db", db, "--key-file", key]).returncode, 1, "the old key no longer")
    # a new database gets a new key by itself
    fresh = os.path.join(ctx.tmp, "fresh-%s" % os.urandom(3).hex(), "f.db")
    os.makedirs(os.path.dirname(fresh))
    env = {k: v for k, v in os.environ.items() if k != "CHANJIAO_KEY_FILE"}
    p = run_cli(ctx, ["migrate", "--db", fresh], env=env)
    eq(p.returncode, 0, "a new database: %r" % p.stderr[-300:])
    eq(mode(fresh + ".key"), oct(0o600), "its new key")


# -- sealed to its place -----------------------------------------------------------------------


def pii_fails(c, url, field, secrets):
    r = c.get(url)
    expect(r, 500, "internal", field, what="the full view of a misplaced value")
    for sec in secrets:
        check(sec not in r.text, "the answer holds %s" % sec)


@test("t2009", "a sealed value copied into another row, column or college does not open: the full view answers"
               " an error, never the other row's number, and audits it")
def t_sealed_place(ctx):
    a, t2 = ctx.admin, ctx.as_("t2")
    db = ctx.main.db
    tid, t2id = tenant_id(db, "jxjsxy"), tenant_id(db, "t2x")
    sa, sb = new_student(a), new_student(a)
    sc = new_student(t2)
    ida, pha = sa_plain = [a.get("%s/students/%d/pii" % (API, sa["id"])).json[k] for k in ("id_number", "phone")]
    check(ida and pha, "a's numbers: %r" % sa_plain)
    enc = raw(db, "SELECT id_number_enc, phone_enc FROM students WHERE tenant_id = %d AND id = %d" % (tid, sa["id"]),
              tenant=tid)[0]
    # another row
    raw(db, "UPDATE students SET id_number_enc = %s WHERE tenant_id = %d AND id = %d" % (lit(enc[0]), tid, sb["id"]),
        tenant=tid)
    pii_fails(a, "%s/students/%d/pii" % (API, sb["id"]), "id_number", [ida])
    row = audit_rows(a, entity="student", entity_id=sb["id"])[0]
    eq((row["action"], row["username"], row["after"]), ("pii_open_failed", "admin", {"fields": ["id_number"]}),
       "the audit row of the failed view")
    # another column of the same row
    raw(db, "UPDATE students SET phone_enc = %s WHERE tenant_id = %d AND id = %d" % (lit(enc[0]), tid, sa["id"]),
        tenant=tid)
    pii_fails(a, "%s/students/%d/pii" % (API, sa["id"]), "phone", [ida])
    eq(audit_rows(a, entity="student", entity_id=sa["id"])[0]["action"], "pii_open_failed", "audited")
    # another college's row with the same id space
    raw(db, "UPDATE students SET id_number_enc = %s WHERE tenant_id = %d AND id = %d" % (lit(enc[0]), t2id, sc["id"]),
        tenant=t2id)
    pii_fails(t2, "%s/students/%d/pii" % (API, sc["id"]), "id_number", [ida])
    eq(audit_rows(t2, entity="student", entity_id=sc["id"])[0]["action"], "pii_open_failed", "audited in t2")
    # put back, it opens again
    raw(db, "UPDATE students SET phone_enc = %s WHERE tenant_id = %d AND id = %d" % (lit(enc[1]), tid, sa["id"]),
        tenant=tid)
    eq(a.get("%s/students/%d/pii" % (API, sa["id"])).json, {"id_number": ida, "phone": pha}, "back in place")


def v1_seal(box, plain):
    """The old format: XSalsa20-Poly1305 secretbox under the master key, bound to nothing."""
    sod = ctypes.CDLL(ctypes.util.find_library("sodium"))
    check(sod.sodium_init() >= 0, "sodium_init")
    m = plain.encode()
    nonce = os.urandom(24)
    out = ctypes.create_string_buffer(16 + len(m))
    check(sod.crypto_secretbox_easy(out, m, ctypes.c_ulonglong(len(m)), nonce, box) == 0, "secretbox")
    return "v1:" + base64.b64encode(nonce + out.raw).decode()


@test("t2010", "old-format sealed values are re-sealed to their place once, when the store opens with its key;"
               " the old global search hash is replaced by the college's")
def t_reseal(ctx):
    srv = ctx.start_server()
    db = srv.db
    c = ctx.client(base=srv.base)
    ident = id_number(907, birth="19990909")
    s = new_student(c, id_number=ident, phone="13700001111")
    eq(srv.stop(), [], "server stop")
    tid = tenant_id(db, "jxjsxy")
    with open(key_file(db), "rb") as f:
        k = f.read()
    old_hash = hashlib.blake2b(ident.encode(), digest_size=32, key=k[32:]).hexdigest()
    raw(db, "UPDATE students SET id_number_enc = %s, id_number_hash = %s, phone_enc = %s WHERE tenant_id = %d"
            " AND id = %d" % (lit(v1_seal(k[:32], ident)), lit(old_hash), lit(v1_seal(k[:32], "13700001111")), tid,
                              s["id"]), tenant=tid)
    raw(db, "DELETE FROM schema_migrations WHERE name = %s" % lit(RESEAL_STEP))
    srv2 = ctx.start_server(db=db)
    row = raw(db, "SELECT id_number_enc, id_number_hash, phone_enc FROM students WHERE tenant_id = %d AND id = %d"
              % (tid, s["id"]), tenant=tid)[0]
    check(row[0].startswith("v2:") and row[2].startswith("v2:"), "re-sealed: %r" % [row[0][:4], row[2][:4]])
    check(row[1] != old_hash and len(row[1]) == 64, "the search hash is the college's now")
    eq(raw(db, "SELECT count(*) FROM schema_migrations WHERE name = %s" % lit(RESEAL_STEP)), [["1"]], "recorded once")
    c2 = ctx.client(base=srv2.base)
    eq(c2.get("%s/students/%d/pii" % (API, s["id"])).json, {"id_number": ident, "phone": "13700001111"},
       "the re-sealed values open")
    r = c2.post(API + "/students/search", json={"id_number": ident})
    expect(r, 200)
    eq([x["id"] for x in r.json["items"]], [s["id"]], "found by the new hash")
    # an old-format value copied in later is not opened by the full view
    raw(db, "UPDATE students SET phone_enc = %s WHERE tenant_id = %d AND id = %d"
        % (lit(v1_seal(k[:32], "13700002222")), tid, s["id"]), tenant=tid)
    pii_fails(c2, "%s/students/%d/pii" % (API, s["id"]), "phone", ["13700002222"])


@test("t2011", "search hashes differ between two colleges (and two fields) for the same number; each college"
               " finds only its own")
def t_hash_per_college(ctx):
    a, t2 = ctx.admin, ctx.as_("t2")
    db = ctx.main.db
    ident = id_number(908, birth="20010101")
    sa = new_student(a, id_number=ident)
    sb = new_student(t2, id_number=ident)
    tid, t2id = tenant_id(db, "jxjsxy"), tenant_id(db, "t2x")
    ha = raw(db, "SELECT id_number_hash FROM students WHERE tenant_id = %d AND id = %d" % (tid, sa["id"]), tenant=tid)
    hb = raw(db, "SELECT id_number_hash FROM students WHERE tenant_id = %d AND id = %d" % (t2id, sb["id"]), tenant=t2id)
    check(len(ha[0][0]) == 64 and len(hb[0][0]) == 64, "hashes: %r %r" % (ha, hb))
    check(ha[0][0] != hb[0][0], "the same number has the same hash in two colleges")
    cert = create(a, "certificates", {"holder_type": "employee", "holder_name": "职工丙", "holder_id_number": ident,
                                      "occupation": "电工", "level": 4, "certificate_no": uniq("C")})
    hc = raw(db, "SELECT holder_id_number_hash FROM certificates WHERE tenant_id = %d AND id = %d" % (tid, cert["id"]),
             tenant=tid)
    check(hc[0][0] != ha[0][0], "the same number has the same hash in two fields")
    for c, mine in ((a, sa), (t2, sb)):
        r = c.post(API + "/students/search", json={"id_number": ident})
        expect(r, 200)
        eq([x["id"] for x in r.json["items"]], [mine["id"]], "each college finds its own")

"""Reading and writing small .xlsx files with the standard library only (zipfile and hand XML),
for the exchange tests: no openpyxl here."""

import io
import re
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _col(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_names(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    return [s.get("name") for s in wb.iter(NS + "sheet")]


def read(data, sheet=1):
    """The rows of a sheet (1-based) as lists of strings ('' where empty); numbers as written."""
    z = zipfile.ZipFile(io.BytesIO(data))
    sst = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(NS + "si"):
            sst.append("".join(t.text or "" for t in si.iter(NS + "t")))
    root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % sheet))
    rows = []
    for row in root.iter(NS + "row"):
        cells = {}
        nxt = 0
        for c in row.iter(NS + "c"):
            i = _col(c.get("r")) if c.get("r") else nxt
            nxt = i + 1
            t = c.get("t", "n")
            v = c.find(NS + "v")
            if t == "s":
                val = sst[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(NS + "t"))
            else:
                val = v.text if v is not None and v.text is not None else ""
                if t == "n" and re.fullmatch(r"-?\d+\.0", val):
                    val = val[:-2]
            cells[i] = val
        if cells:
            r = [""] * (max(cells) + 1)
            for i, v in cells.items():
                r[i] = v
            rows.append(r)
    return rows


def _esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _ref(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, with_refs=True, doctype=""):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', doctype,
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for ri, row in enumerate(rows, 1):
        out.append('<row r="%d">' % ri if with_refs else "<row>")
        for ci, v in enumerate(row):
            if v is None or v == "":
                continue
            ref = ' r="%s%d"' % (_ref(ci), ri) if with_refs else ""
            if isinstance(v, (int, float)):
                out.append("<c%s><v>%s</v></c>" % (ref, v))
            else:
                out.append('<c%s t="inlineStr"><is><t>%s</t></is></c>' % (ref, _esc(str(v))))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '</Relationships>')


def write(rows=None, sheet=None, extra=None, with_refs=True, doctype=""):
    """A minimal .xlsx of one sheet: rows (lists of str/int), or a sheet XML text as given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet if sheet is not None else sheet_xml(rows, with_refs, doctype))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def multipart(filename, data, boundary=None):
    import os

    boundary = boundary or "----cjx" + os.urandom(8).hex()
    body = b"".join([b"--" + boundary.encode() + b"\r\n",
                     ('Content-Disposition: form-data; name="file"; filename="%s"\r\n' % filename).encode("utf-8"),
                     b"Content-Type: application/octet-stream\r\n\r\n", data,
                     b"\r\n--" + boundary.encode() + b"--\r\n"])
    return "multipart/form-data; boundary=" + boundary, body

"""Check the requests and answers the HTTP suite recorded against the OpenAPI document.

For each recorded exchange whose path and method are an operation of the document:

- a 2xx answer: its status must be one the operation lists; its JSON body must match the
  schema listed for that status, and the JSON request body (when the operation takes one)
  the operation's request schema;
- an error answer with a JSON body: it must match the `Error` schema.

Exchanges outside the document (unknown paths and methods, raw sockets) are not checked.
Needs the jsonschema package (Debian: python3-jsonschema).
"""

import json
import re

import jsonschema

METHODS = ("get", "post", "put", "patch", "delete")


def _pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Checker:
    def __init__(self, doc):
        self.doc = doc
        self._validators = {}
        # literal paths before those with parameters, so /students/search is not /students/{id}
        self.templates = []
        for tpl in doc.get("paths", {}):
            rx = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(tpl)) + "$"
            self.templates.append((tpl.count("{"), tpl, re.compile(rx)))
        self.templates.sort(key=lambda t: t[0])
        fc = getattr(jsonschema.Draft202012Validator, "FORMAT_CHECKER", None)
        self.format_checker = fc if fc is not None else jsonschema.FormatChecker()

    def template(self, path):
        for _, tpl, rx in self.templates:
            if rx.match(path):
                return tpl
        return None

    def _validator(self, pointer):
        v = self._validators.get(pointer)
        if v is None:
            root = dict(self.doc)
            root["$ref"] = pointer
            v = jsonschema.Draft202012Validator(root, format_checker=self.format_checker)
            self._validators[pointer] = v
        return v

    def errors(self, pointer, instance):
        out = []
        for e in self._validator(pointer).iter_errors(instance):
            where = "/".join(map(str, e.absolute_path))
            out.append("at /%s: %s" % (where, e.message[:240]))
        return out

    def check(self, records):
        """(failures, exercised, operations): failures as text lines, exercised the set of
        (METHOD, template) with a checked 2xx answer, operations every (METHOD, template)."""
        failures, exercised, seen = [], set(), set()
        operations = [(m.upper(), tpl) for tpl, item in self.doc.get("paths", {}).items() for m in item if m in METHODS]
        for r in records:
            tpl = self.template(r["path"])
            op = self.doc["paths"][tpl].get(r["method"].lower()) if tpl else None
            if op is None:
                continue
            name = "%s %s" % (r["method"], tpl)
            status = r["status"]
            problems = []
            if 200 <= status < 300:
                exercised.add((r["method"], tpl))
                rb = op.get("requestBody", {}).get("content", {})
                if r["request"] is not None and "application/json" in rb:
                    problems += [
                        "request " + p
                        for p in self.errors(_pointer("paths", tpl, r["method"].lower(), "requestBody", "content", "application/json", "schema"), r["request"])
                    ]
                resp = op.get("responses", {}).get(str(status))
                if resp is None:
                    problems.append("answered %d, which the document does not list" % status)
                else:
                    content = resp.get("content", {})
                    is_json = r["content_type"].startswith("application/json")
                    if "application/json" in content and is_json:
                        if r["answer"] is None:
                            problems.append("answered %d with a body that is not JSON" % status)
                        else:
                            problems += [
                                "answer %d " % status + p
                                for p in self.errors(_pointer("paths", tpl, r["method"].lower(), "responses", str(status), "content", "application/json", "schema"), r["answer"])
                            ]
                    elif not content and r["has_body"]:
                        problems.append("answered %d with a body the document does not describe" % status)
                    elif content and is_json and "application/json" not in content:
                        problems.append("answered %d JSON, the document says %s" % (status, ", ".join(content)))
            elif status >= 400 and r["answer"] is not None:
                problems += ["error %d " % status + p for p in self.errors("#/components/schemas/Error", r["answer"])]
            for p in problems:
                key = (name, re.sub(r"\d+", "N", p))
                if key not in seen:
                    seen.add(key)
                    failures.append("%s: %s" % (name, p))
        return failures, exercised, operations


def check(doc, records):
    return Checker(doc).check(records)


if __name__ == "__main__":
    import sys

    with open(sys.argv[1]) as f:
        d = json.load(f)
    with open(sys.argv[2]) as f:
        recs = json.load(f)
    fails, ex, ops = check(d, recs)
    print("\n".join(fails))
    print("%d operations, %d exercised" % (len(ops), len(ex)))

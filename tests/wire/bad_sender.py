#!/usr/bin/env python3
"""A sender that is wrong on purpose, with the `hwc` interface: the harness must fail it.

It sends what a careless client would: query spaces as `+` (form encoding), list query
parameters joined with commas, `/` left unencoded in path values, and no Content-Type on
requests without a body. run.sh checks that wire_eq.py reports these and exits non-zero, so a
harness that compares nothing cannot pass.
"""
import json
import os
import sys
import urllib.parse
import urllib.request


def flag(argv, name):
    prefix = f"--{name}="
    return next((a[len(prefix):] for a in argv if a.startswith(prefix)), None)


def main():
    argv = sys.argv[1:]
    op_id = [a for a in argv if not a.startswith("--")][1]
    inp = json.load(open(flag(argv, "cli-jsonInput")))
    doc = json.load(open(os.environ["HWC_WIRE_OPENAPI"]))
    method, path = next((m, p) for p, item in doc["paths"].items() for m, op in item.items()
                        if isinstance(op, dict) and op.get("operationId") == op_id)
    ids = {"project_id": flag(argv, "cli-project-id"), "domain_id": flag(argv, "cli-domain-id")}
    for name, value in {**ids, **inp.get("path", {})}.items():
        if value is not None:
            path = path.replace("{%s}" % name, urllib.parse.quote(str(value), safe="/"))
    pairs = [(k, ",".join(map(str, v)) if isinstance(v, list) else
              json.dumps(v) if isinstance(v, bool) else str(v))
             for k, v in inp.get("query", {}).items()]
    query = urllib.parse.urlencode(pairs)
    url = flag(argv, "cli-endpoint") + path + (f"?{query}" if query else "")
    body = json.dumps(inp["body"]).encode() if inp.get("body") is not None else None
    headers = {k: str(v) for k, v in inp.get("header", {}).items()}
    if body is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, method=method.upper(), headers=headers)
    urllib.request.urlopen(req, timeout=30).read()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What the official SDK does on the wire, written down and checked on both sides.

Each case sends one input through the SDK and through our sender to the capture server, then
checks the SDK's request against the stated behaviour (so a change in the pinned SDK shows
here first), ours against the same behaviour, and the two against each other.

  expectations.py --sender CMD [--corpus DIR] [--xtask PATH]

Prints one line per check and `N passed, M failed`; exits 1 when any check fails.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wire_eq  # noqa: E402  (sets up the environment before the SDK is imported)
from capture import CaptureServer  # noqa: E402
from compare import compare, query_pairs  # noqa: E402
import sdk_side  # noqa: E402

PID = wire_eq.PROJECT_ID
TRICKY = "a b~c/d+é"
TRICKY_QUERY = "a%20b~c%2Fd%2B%C3%A9"  # `~` kept, space %20, `/` and `+` encoded, UTF-8 bytes
RESERVED = "a*!'();:@$,?#[]%&=+ é~"
RESERVED_ENC = "a%2A%21%27%28%29%3B%3A%40%24%2C%3F%23%5B%5D%25%26%3D%2B%20%C3%A9~"

# (name, service, operation, input, {check name: predicate on a captured request})
CASES = [
    ("list query parameters are repeated keys, also where the SDK's model says csv",
     "elb", "ListSecurityPolicies", {"query": {"ciphers": [TRICKY, "x"]}},
     {"two ciphers= pairs": lambda c: sorted(query_pairs(c.query).elements())
      == sorted([f"ciphers={TRICKY_QUERY}", "ciphers=x"])}),
    ("query values percent-encoded except unreserved; space is %20",
     "dcs", "ListBigkeyScanTasks", {"path": {"instance_id": "i"}, "query": {"status": TRICKY}},
     {"status encoded": lambda c: c.query == f"status={TRICKY_QUERY}"}),
    ("booleans are true/false in the query",
     "elb", "ListLoadBalancers", {"query": {"admin_state_up": True, "page_reverse": False}},
     {"true and false": lambda c: query_pairs(c.query)
      == query_pairs("admin_state_up=true&page_reverse=false")}),
    ("every reserved character is percent-encoded, in the path and in the query",
     "dcs", "ListBigkeyScanTasks", {"path": {"instance_id": RESERVED}, "query": {"status": RESERVED}},
     {"path": lambda c: c.path == f"/v2/{PID}/instances/{RESERVED_ENC}/bigkey-tasks",
      "query": lambda c: c.query == f"status={RESERVED_ENC}"}),
    ("an empty string is sent as `key=`; an empty list sends no pair",
     "elb", "ListSecurityPolicies", {"query": {"name": [""], "ciphers": []}},
     {"name= only": lambda c: c.query == "name="}),
    ("path values percent-encoded except unreserved: `/` is %2F",
     "dcs", "ListBigkeyScanTasks", {"path": {"instance_id": TRICKY}},
     {"path": lambda c: c.path == f"/v2/{PID}/instances/{TRICKY_QUERY}/bigkey-tasks"}),
    ("Content-Type on every request, GET included; a GET has no body",
     "dcs", "ListBigkeyScanTasks", {"path": {"instance_id": "i"}},
     {"content-type": lambda c: c.header("Content-Type") == "application/json",
      "no body": lambda c: c.body == b"" and c.method == "GET"}),
    ("an empty object is sent as {}",
     "dcs", "UpdateInstance", {"path": {"instance_id": "i"}, "body": {}},
     {"body {}": lambda c: json.loads(c.body) == {}}),
    ("no body when the body is unset",
     "dcs", "UpdateInstance", {"path": {"instance_id": "i"}},
     {"no body": lambda c: c.body == b""}),
    ("unset members are left out",
     "dcs", "UpdateInstance", {"path": {"instance_id": "i"}, "body": {"name": TRICKY, "port": 6379}},
     {"only the set members": lambda c: json.loads(c.body) == {"name": TRICKY, "port": 6379}}),
]


def main():
    ap = wire_eq.argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--sender", required=True)
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    ap.add_argument("--xtask", default=os.path.join(root, "target", "debug", "xtask"))
    args = ap.parse_args()
    passed, failed = 0, 0
    allow = wire_eq.AllowList(os.path.join(here, "allow.json"))
    with CaptureServer() as server, tempfile.TemporaryDirectory(prefix="wire-exp-") as work:
        exports, services = {}, {}
        for name, svc, op_id, inp, checks in CASES:
            if svc not in exports:
                exports[svc] = wire_eq.export(args.xtask, args.corpus, svc, work)
                services[svc] = sdk_side.SdkService(svc)
            sop = next(o for o in services[svc].operations if o.name == op_id)
            request, unknown = sdk_side.build_request(sop, inp)
            assert not unknown.members, f"{op_id}: the SDK lacks {unknown.names()}"
            server.drain()
            sender = sdk_side.Sender(server.url, wire_eq.AK, wire_eq.SK, PID, wire_eq.DOMAIN_ID)
            sdk_error = sender.send(sop, request, "project_id")
            sdk_req = server.take(timeout=2)
            inp_file = os.path.join(work, f"{op_id}.json")
            with open(inp_file, "w") as f:
                json.dump(inp, f, ensure_ascii=False)
            our_error = wire_eq.run_sender(args.sender, svc, op_id, inp_file, server.url,
                                           exports[svc])
            our_req = server.take(timeout=2)
            results = []
            for side, req, err in (("SDK", sdk_req, sdk_error), ("ours", our_req, our_error)):
                for check, pred in checks.items():
                    ok = req is not None and pred(req)
                    why = "" if ok else (f" (sent nothing: {err})" if req is None else
                                         f" (path {req.path!r} query {req.query!r} body {req.body[:120]!r})")
                    results.append((ok, f"{side}: {check}{why}"))
            if sdk_req is not None and our_req is not None:
                diff = compare(sdk_req, our_req, list(inp.get("header", {})))
                left = {f: d for f, d in diff.items() if not allow.reason(svc, op_id, f, d)}
                note = "; ".join(f"{f} differs as intended (tests/wire/allow.json)"
                                 for f in diff if f not in left)
                results.append((not left, "SDK and ours identical"
                                + (f": {left}" if left else f" but for: {note}" if note else "")))
            for ok, text in results:
                print(f"{'ok  ' if ok else 'FAIL'} {name}: {text}")
                passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

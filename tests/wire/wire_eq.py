#!/usr/bin/env python3
"""Wire equality with the official Python SDK.

For every operation of a corpus that both our OpenAPI export and the official SDK know, one
`--cli-jsonInput` document (tests/wire/inputs.py) is sent through the SDK and through our
command line to one loopback capture server (tests/wire/capture.py), and the two requests are
compared: method, raw path, query as a multiset of raw `key=value` pairs, body as JSON with
strict types (1, 1.0 and true differ), Content-Type, and the operation's header parameters.

  wire_eq.py --sender 'target/debug/hwc' [--service dcs --service ecs ...]
             [--corpus ../shared/corpus] [--xtask target/debug/xtask]
             [--threshold 0.95] [--report out.json] [-v]

`--sender` is the command line that sends one call; `{svc}` in it is replaced by the service
folder name (for per-service binaries: `--sender 'OUT/{svc}/target/debug/hwc-{svc}'`). It is
run as `SENDER SVC Operation --cli-jsonInput=FILE --cli-endpoint=URL --cli-access-key=AK
--cli-secret-key=SK --cli-project-id=PID --cli-domain-id=DID`, with HWC_WIRE_OPENAPI naming the service's export.

Differences we make on purpose are listed in tests/wire/allow.json, each with its reason;
an entry that no longer matches anything is reported, and fails the run. Operations only one
side knows, and input members the SDK's model lacks (left out of both sides' input), are
counted and listed. Exit status 1 when fewer services than `--require` (default: all)
reach the threshold share of identical (or allow-listed) operations.
"""
import argparse
import atexit
import collections
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# The SDK writes ~/.huaweicloud/application_id on import; keep that out of $HOME. No proxy.
os.environ["HOME"] = tempfile.mkdtemp(prefix="wire-eq-home-")
atexit.register(shutil.rmtree, os.environ["HOME"], True)
for _v in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID",
           "HUAWEICLOUD_SDK_DOMAIN_ID", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
           "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_v, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1"

from capture import CaptureServer  # noqa: E402
from compare import compare  # noqa: E402
from inputs import is_required, make_input, runtime_headers  # noqa: E402
import sdk_side  # noqa: E402

AK = "WIREEQEXAMPLEAK00001"
SK = "WireEqExampleSecret/0123456789+abcdefghij"
PROJECT_ID = "0b4d3c2a19f84e7d8c6b5a4f3e2d1c0b"
DOMAIN_ID = "d0c1b2a3948f7e6d5c4b3a2918f7e6d5"
# The twelve corpora with an SDK truth file (../shared/fidelity/truth-*.json).
DEFAULT_SERVICES = ["dcs", "ecs", "vpc", "evs", "iam", "elb", "apig", "mrs", "modelarts", "oms",
                    "sdrs", "cbr"]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


# --- allow-list -------------------------------------------------------------------------

class AllowList:
    """Intended differences: {service, operation, field, detail?, reason}; `*` matches any
    service or operation; `detail`, when given, must equal the difference's detail exactly. Entries that match nothing in a run over their service are stale."""

    def __init__(self, path):
        self.entries = json.load(open(path))["intended"] if os.path.exists(path) else []
        for e in self.entries:
            if not e.get("reason"):
                raise SystemExit(f"{path}: an entry without a reason: {e}")
        self.used = set()

    def reason(self, svc, op, field, detail):
        for i, e in enumerate(self.entries):
            if (e["service"] in ("*", svc) and e["operation"] in ("*", op)
                    and e["field"] == field and e.get("detail", detail) == detail):
                self.used.add(i)
                return e["reason"]
        return None

    def stale(self, services):
        return [e for i, e in enumerate(self.entries)
                if i not in self.used and (e["service"] == "*" or e["service"] in services)]


# --- one service ------------------------------------------------------------------------

def export(xtask, corpus, svc, out_dir):
    path = os.path.join(out_dir, f"{svc}.openapi.json")
    with open(path, "w") as f:
        run = subprocess.run([xtask, "openapi", os.path.join(corpus, svc)], stdout=f,
                             stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        raise SystemExit(f"xtask openapi {svc} failed: {run.stderr.strip()[-2000:]}")
    return path


def operations(doc):
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method in METHODS:
                yield method.upper(), path, op


class Result:
    """What one service's run found."""

    def __init__(self, svc):
        self.svc = svc
        self.ours = 0  # operations in our export
        self.identical, self.intended, self.differ = [], [], {}
        self.allowed = collections.defaultdict(list)  # reason -> [(operation, field)]
        self.sdk_unknown, self.not_compared, self.left_out = [], [], {}
        self.other_endpoint, self.as_list, self.kept = [], {}, {}
        self.sdk_only = []
        self.sdk_total = 0
        self.details = {}

    @property
    def compared(self):
        return len(self.identical) + len(self.intended) + len(self.differ)

    @property
    def known(self):
        """Operations both know: same method and path template."""
        return self.compared + len(self.not_compared)

    def share(self):
        return (len(self.identical) + len(self.intended)) / self.compared if self.compared else 0.0

    def row(self):
        return [self.svc, self.ours, self.sdk_total, self.known, self.compared,
                len(self.identical), len(self.intended), len(self.differ),
                f"{self.share():.3f}", len(self.other_endpoint)]

    def line(self):
        by_field = collections.defaultdict(list)
        for op, fields in self.differ.items():
            for f in fields:
                by_field[f].append(op)
        diffs = "; ".join(f"{f} {len(ops)} ({', '.join(sorted(ops))})"
                          for f, ops in sorted(by_field.items())) or "none"
        return (f"{self.svc}: {self.known} operations both know (method and path), "
                f"{self.compared} compared, {len(self.identical)} identical"
                f", {len(self.intended)} differ only as intended; differences: {diffs}")

    def notes(self):
        out = []
        shown = 20  # the first differences in full; --report and -v have every one
        for op, fields in sorted(self.differ.items())[:shown]:
            f, d = next(iter(sorted(fields.items())))
            more = f" (+{len(fields) - 1} more)" if len(fields) > 1 else ""
            out.append(f"  DIFFERS {op}: first difference {f}: {d[:300]}{more}")
        if len(self.differ) > shown:
            out.append(f"  ... and {len(self.differ) - shown} more operations that differ")
        for reason, hits in self.allowed.items():
            fields = collections.Counter(f for _, f in hits)
            out.append(f"  allow-listed ({len(hits)}: {', '.join(f'{f} x{n}' for f, n in fields.items())})"
                       f": {reason[:160]}{'...' if len(reason) > 160 else ''}")
        if self.sdk_unknown:
            out.append(f"  not in the SDK ({len(self.sdk_unknown)}): {', '.join(self.sdk_unknown)}")
        if self.other_endpoint:
            out.append(f"  the SDK's operation of the same name has another endpoint, so the "
                       f"page documents another operation; not counted "
                       f"({len(self.other_endpoint)}): {'; '.join(self.other_endpoint)}")
        for op, why in self.not_compared:
            out.append(f"  not compared: {op}: {why}")
        if self.left_out:
            n = sum(len(v) for v in self.left_out.values())
            kept = collections.Counter(m.split(".")[0] + " " + m.split(".")[-1]
                                       for ms in self.kept.values() for m in ms)
            out.append(f"  input members the SDK's model lacks: {n} in {len(self.left_out)} "
                       f"operations, left out of the SDK's input; of them, kept in ours because "
                       f"the page requires them: {sum(kept.values())}"
                       + (f" ({', '.join(f'{k} x{v}' for k, v in kept.most_common())})"
                          if kept else ""))
        if self.as_list:
            out.append(f"  query values the page gives as one value and the SDK's model as a list "
                       f"(given to the SDK as a list of one): "
                       f"{', '.join(f'{o} {q}' for o, qs in sorted(self.as_list.items()) for q in qs)}")
        out.append(f"  SDK operations not in our export: {len(self.sdk_only)}")
        return out


TABLE_HEAD = ["service", "ours", "SDK", "both know", "compared", "identical", "allow-listed",
              "differ", "share", "same name, other endpoint"]


def table(rows):
    """A Markdown table of Result.row()s."""
    lines = ["| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def run_sender(template, svc, op_id, inp_file, endpoint, spec_file):
    # Both ids, as the SDK's clients have them (BasicCredentials the project's,
    # GlobalCredentials the domain's): a global service (IAM) wants the domain id even where
    # the SDK signs with the project's, and neither side looks anything up.
    cmd = shlex.split(template.replace("{svc}", svc)) + [
        svc.upper(), op_id, f"--cli-jsonInput={inp_file}", f"--cli-endpoint={endpoint}",
        f"--cli-access-key={AK}", f"--cli-secret-key={SK}", f"--cli-project-id={PROJECT_ID}",
        f"--cli-domain-id={DOMAIN_ID}"]
    env = dict(os.environ, HWC_WIRE_OPENAPI=spec_file)
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{type(e).__name__}: {e}"
    return None if run.returncode == 0 else f"exit {run.returncode}: {run.stderr.strip()[-300:]}"


class Context:
    """What every operation of one service's run shares."""

    def __init__(self, svc, args, server, work):
        self.svc, self.args, self.server, self.work = svc, args, server, work
        self.spec_file = export(args.xtask, args.corpus, svc, work)
        self.doc = json.load(open(self.spec_file))
        self.sdk = sdk_side.SdkService(svc)
        self.sender = sdk_side.Sender(server.url, AK, SK, PROJECT_ID, DOMAIN_ID)
        self.runtime_headers = runtime_headers()


def run_service(svc, args, server, allow, work):
    ctx = Context(svc, args, server, work)
    res = Result(svc)
    res.sdk_total = len(ctx.sdk.operations)
    matched = set()
    for n, (method, path, op) in enumerate(operations(ctx.doc)):
        res.ours += 1
        op_id = op.get("operationId") or f"{method} {path}"
        sop, how = ctx.sdk.match(method, path, op_id)
        if sop is None:
            res.sdk_unknown.append(op_id)
            continue
        if how == "name":
            # Another endpoint under the same name: not the same operation on the wire.
            res.other_endpoint.append(
                f"{op_id} (ours {method} {path}, SDK {sop.http_method} {sop.path})")
            continue
        matched.add(id(sop))
        inp, reason = make_input(ctx.doc, op, lambda name: sdk_side.has_parameter(sop, name),
                                 ctx.runtime_headers)
        if reason:
            res.not_compared.append((op_id, reason))
            continue
        request, unknown = sdk_side.build_request(sop, inp)
        if unknown.as_list:
            res.as_list[op_id] = unknown.as_list
        ours = inp
        if unknown.members:
            # Members the page requires stay in our input (our command line refuses the call
            # without them); the rest are left out of both.
            required = [w for w in unknown.members if is_required(ctx.doc, op, w)]
            res.left_out[op_id] = unknown.names()
            res.kept[op_id] = [".".join(map(str, w)) for w in required]
            ours = sdk_side.prune(inp, unknown, keep=lambda w: w in required)
            inp = sdk_side.prune(inp, unknown)
            request, _ = sdk_side.build_request(sop, inp)
        detail = send_both(ctx, n, op_id, path, sop, request, inp, ours)
        fields = detail["differences"]
        res.details[op_id] = detail
        unexplained = {}
        for f, d in fields.items():
            reason = allow.reason(svc, op_id, f, d)
            if reason:
                res.allowed[reason].append((op_id, f))
            else:
                unexplained[f] = d
        if not fields:
            res.identical.append(op_id)
        elif not unexplained:
            res.intended.append(op_id)
        else:
            res.differ[op_id] = unexplained
    res.sdk_only = sorted(o.name for o in ctx.sdk.operations if id(o) not in matched)
    return res


def send_both(ctx, n, op_id, path, sop, request, inp, ours):
    """Sends one input through the SDK (`request`, made from `inp`) and `ours` through our
    sender; the inputs, both requests and their differences ({"sent": ...} when either side
    did not send exactly one request). Header parameters compared: those of `inp`."""
    server = ctx.server
    server.drain()
    # The account placeholder the credentials fill (an ordinary parameter when in the input).
    account = next((a for a in ("domain_id", "project_id")
                    if "{%s}" % a in path and a not in inp["path"]), None)
    sdk_error = ctx.sender.send(sop, request, account)
    sdk_req = server.take(timeout=2)
    inp_file = os.path.join(ctx.work, f"{ctx.svc}-{n}.json")
    with open(inp_file, "w") as f:
        json.dump(ours, f, ensure_ascii=False)
    our_error = run_sender(ctx.args.sender, ctx.svc, op_id, inp_file, server.url, ctx.spec_file)
    our_req = server.take(timeout=2)
    extra = server.drain()
    detail = {"input": inp, "sdk_operation": f"{sop.version}.{sop.name}"}
    if ours is not inp:
        detail["our_input"] = ours
    if sdk_req is None or our_req is None or extra:
        detail["differences"] = {
            "sent": f"SDK: {'one request' if sdk_req else sdk_error}; ours: "
                    f"{'one request' if our_req else our_error}; {len(extra)} extra requests"}
    else:
        detail["differences"] = compare(sdk_req, our_req, list(inp.get("header", {})))
        detail["sdk"] = capture_dict(sdk_req)
        detail["ours"] = capture_dict(our_req)
    return detail


def capture_dict(c):
    return {"method": c.method, "path": c.path, "query": c.query,
            "content_type": c.header("Content-Type"), "body": c.body.decode("utf-8", "replace")}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sender", required=True, help="command that sends one call ({svc} replaced)")
    ap.add_argument("--service", action="append", help="corpus folder (repeatable); default: twelve")
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    ap.add_argument("--xtask", default=os.path.join(root, "target", "debug", "xtask"))
    ap.add_argument("--allow", default=os.path.join(here, "allow.json"))
    ap.add_argument("--threshold", type=float, default=0.95,
                    help="share of identical (or intended) operations a service must reach")
    ap.add_argument("--require", type=int,
                    help="how many services must reach the threshold (default: all of them)")
    ap.add_argument("--report", help="write every operation's input, both requests and differences")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every difference in full")
    args = ap.parse_args()
    services = args.service or DEFAULT_SERVICES
    allow = AllowList(args.allow)
    failed, report, rows = [], {}, []
    with CaptureServer() as server, tempfile.TemporaryDirectory(prefix="wire-eq-") as work:
        for svc in services:
            res = run_service(svc, args, server, allow, work)
            rows.append(res.row())
            print(res.line())
            for n in res.notes():
                print(n)
            if args.verbose:
                for op, fields in sorted(res.differ.items()):
                    for f, d in fields.items():
                        print(f"    {op} {f}: {d}")
                for op, names in sorted(res.left_out.items()):
                    print(f"    {op}: the SDK's model lacks {', '.join(names)}; kept in ours "
                          f"(required): {', '.join(res.kept.get(op, [])) or 'none'}")
            report[svc] = {"identical": res.identical, "intended": res.intended,
                           "differ": res.differ, "not_in_sdk": res.sdk_unknown,
                           "other_endpoint": res.other_endpoint, "as_list": res.as_list,
                           "kept_in_ours": res.kept,
                           "not_compared": res.not_compared, "left_out": res.left_out,
                           "sdk_only": res.sdk_only, "operations": res.details}
            if res.share() < args.threshold:
                failed.append(f"{svc} {res.share():.3f}")
    print(table(rows))
    stale = allow.stale(services)
    for e in stale:
        print(f"stale allow-list entry (matches nothing): {e}")
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
    total = sum(len(r["identical"]) + len(r["intended"]) + len(r["differ"]) for r in report.values())
    same = sum(len(r["identical"]) + len(r["intended"]) for r in report.values())
    required = len(services) if args.require is None else args.require
    reached = len(services) - len(failed)
    print(f"total: {total} operations compared over {len(services)} services, {same} identical "
          f"or intended; {reached} services reach {args.threshold} ({required} required); "
          f"below: {', '.join(failed) or 'none'}")
    sys.exit(1 if reached < required or stale else 0)


if __name__ == "__main__":
    main()

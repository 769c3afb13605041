#!/usr/bin/env python3
"""One call from a fresh process, start to exit: `hwc` beside the official Python SDK.

Each round runs, in turn (the order alternating from round to round so neither side always
goes first):

  hwc     HWC DCS ListBigkeyScanTasks --instance_id=ID --cli-endpoint=URL ... (the release
          binary: parse the command line, build the client, sign, one call, print the body)
  python  a fresh `PYTHON sdk_call.py URL`: import the SDK, build the client, the same call,
          print the body

and times each from before the process is started to after it has exited (wall clock,
time.perf_counter). Both must print the stand-in's answer, or the run stops. Then each
command given with --help-cmd (`hwc-apig --help`) is timed the same way, one after another.

  cli_start.py --hwc PATH --python PATH --endpoint URL [--rounds N] [--help-cmd "CMD ..." ...]
               [--json OUT]

Run by bench/cli-start.sh, which builds the binaries and starts the stand-in.
"""
import argparse
import atexit
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# The stand-in's defaults (crates/dcs-standin/src/lib.rs), as in bench/python_sdk.py.
AK = "HPUAEXAMPLEAK0000001"
SK = "ExampleSecretKey/0123456789+abcdefghijklmn"
PROJECT_ID = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71"
INSTANCE_ID = "5560df16-cebf-4473-95c4-d1b573c16e79"

SDK_CALL = f'''
import os, sys, tempfile
os.environ["HOME"] = tempfile.mkdtemp(prefix="hwsdk-home-")
import atexit, shutil
atexit.register(shutil.rmtree, os.environ["HOME"], True)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkdcs.v2 import DcsClient, ListBigkeyScanTasksRequest
creds = BasicCredentials({AK!r}, {SK!r}, {PROJECT_ID!r})
client = (DcsClient.new_builder().with_credentials(creds)
          .with_http_config(HttpConfig.get_default_config()).with_endpoint(sys.argv[1]).build())
resp = client.list_bigkey_scan_tasks(ListBigkeyScanTasksRequest(instance_id={INSTANCE_ID!r}))
print(resp.count)
'''


def timed(cmd, env):
    """(wall seconds from start to exit, stdout); raises when the command fails."""
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{cmd[0]} exited {run.returncode}: {run.stderr.strip()[-500:]}")
    return took, run.stdout


def summary(xs):
    xs = sorted(xs)
    return {"median_ms": statistics.median(xs) * 1e3, "min_ms": xs[0] * 1e3,
            "p90_ms": xs[int(0.9 * (len(xs) - 1))] * 1e3, "n": len(xs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hwc", required=True)
    ap.add_argument("--python", required=True, help="the python with huaweicloudsdkdcs")
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--help-cmd", action="append", default=[],
                    help="a command whose start-to-exit time is measured too (repeatable)")
    ap.add_argument("--json")
    args = ap.parse_args()
    # No credentials or proxies from the caller's environment; the SDK's files out of $HOME.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HUAWEICLOUD_SDK_") and "proxy" not in k.lower()}
    env["HOME"] = tempfile.mkdtemp(prefix="cli-start-home-")
    atexit.register(shutil.rmtree, env["HOME"], True)
    script = os.path.join(env["HOME"], "sdk_call.py")
    with open(script, "w") as f:
        f.write(SDK_CALL)
    hwc = [args.hwc, "DCS", "ListBigkeyScanTasks", f"--instance_id={INSTANCE_ID}",
           "--cli-query=count", f"--cli-endpoint={args.endpoint}", f"--cli-access-key={AK}",
           f"--cli-secret-key={SK}", f"--cli-project-id={PROJECT_ID}"]
    py = [args.python, script, args.endpoint]
    # One untimed call each: both answer, and the same count.
    answers = {timed(hwc, env)[1].strip(), timed(py, env)[1].strip()}
    if len(answers) != 1:
        raise SystemExit(f"hwc and the SDK printed different counts: {answers}")
    samples = {"hwc": [], "python": []}
    for r in range(args.rounds):
        order = ["hwc", "python"] if r % 2 == 0 else ["python", "hwc"]
        for side in order:
            samples[side].append(timed(hwc if side == "hwc" else py, env)[0])
    out = {side: summary(xs) for side, xs in samples.items()}
    out["ratio_median"] = out["python"]["median_ms"] / out["hwc"]["median_ms"]
    out["hwc_size_bytes"] = os.path.getsize(args.hwc)
    out["help"] = []
    for line in args.help_cmd:
        cmd = shlex.split(line)
        timed(cmd, env)
        h = summary([timed(cmd, env)[0] for _ in range(args.rounds)])
        h["command"] = line
        out["help"].append(h)
    out["raw_seconds"] = samples
    print(f"one ListBigkeyScanTasks call, process start to exit, {args.rounds} interleaved rounds:")
    for side in ("hwc", "python"):
        s = out[side]
        print(f"  {side:7} median {s['median_ms']:8.1f} ms  min {s['min_ms']:8.1f}  "
              f"p90 {s['p90_ms']:8.1f}")
    print(f"  hwc is {out['ratio_median']:.1f}x faster (median / median)")
    print(f"  hwc release binary: {out['hwc_size_bytes'] / 2**20:.1f} MiB ({out['hwc_size_bytes']} bytes)")
    for h in out["help"]:
        cmd = shlex.split(h["command"])
        print(f"  `{os.path.basename(cmd[0])} {' '.join(cmd[1:])}`: median {h['median_ms']:.1f} ms, "
              f"min {h['min_ms']:.1f}, p90 {h['p90_ms']:.1f} ({args.rounds} runs)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())

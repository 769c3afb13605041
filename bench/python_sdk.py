#!/usr/bin/env python3
"""The official Python SDK (huaweicloudsdkdcs) calling the local DCS stand-in.

Measures the calls the Rust benches measure (crates/dcs/benches/calls.rs), with the same
shape of result: per sample, calls per second (and the process's CPU time per call); then the
median and spread.

  call_documented_seq   ListBigkeyScanTasks, documented 1-record answer, one call at a time
  call_documented_c16   the same from 16 threads sharing one client
  call_records1000_seq  limit=1000 against 1000 generated records
  call_records1000_c16  the same from 16 threads

Usage: python_sdk.py --documented URL --records1000 URL [--samples N] [--sample-time S]
                     [--json OUT]
       python_sdk.py --serve --documented URL --records1000 URL

Run by bench/python-sdk.sh, which makes the virtual environment.

With --serve it takes no samples of its own: it builds its clients, checks one call of each,
prints `ready`, then answers every stdin line `CASE SECONDS` (CASE: documented_seq,
documented_c16, records1000_seq, records1000_c16) with one sample of about SECONDS as one JSON
line {"calls": N, "seconds": S, "cpu_us_per_call": C}, until `quit` or end of input. The Rust
calls bench (crates/dcs/benches/calls.rs --python ...) drives it, interleaving its samples with
the Rust clients' runs.
"""
import argparse
from importlib import metadata
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

# The SDK writes ~/.huaweicloud/application_id when imported; keep that out of $HOME.
os.environ["HOME"] = tempfile.mkdtemp(prefix="hwsdk-home-")
for _v in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID",
           "HUAWEICLOUD_SDK_SECURITY_TOKEN"):
    os.environ.pop(_v, None)

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkdcs.v2 import DcsClient, ListBigkeyScanTasksRequest  # noqa: E402

# The stand-in's defaults (crates/dcs-standin/src/lib.rs).
AK = "HPUAEXAMPLEAK0000001"
SK = "ExampleSecretKey/0123456789+abcdefghijklmn"
PROJECT_ID = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71"
INSTANCE_ID = "5560df16-cebf-4473-95c4-d1b573c16e79"
THREADS = 16


def make_client(endpoint):
    cfg = HttpConfig.get_default_config()
    # Room for 16 threads' connections (the default pool keeps 10).
    cfg.pool_connections = THREADS
    cfg.pool_maxsize = THREADS
    creds = BasicCredentials(AK, SK, PROJECT_ID)
    return (DcsClient.new_builder().with_credentials(creds).with_http_config(cfg)
            .with_endpoint(endpoint).build())


def make_call(client, limit):
    def call():
        req = ListBigkeyScanTasksRequest(instance_id=INSTANCE_ID)
        if limit is not None:
            req.limit = limit
        return client.list_bigkey_scan_tasks(req)
    return call


def sample_sequential(call, seconds):
    """(calls, wall seconds, process CPU µs per call) of one sample: one call at a time."""
    n = 0
    cpu = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        call()
        n += 1
        now = time.perf_counter()
        if now >= deadline and n >= 3:
            return n, now - start, (time.process_time() - cpu) * 1e6 / n


def sample_concurrent(pool, call, seconds):
    """The same from THREADS threads, each calling until a shared deadline."""
    start = time.perf_counter()
    deadline = start + seconds

    def worker():
        k = 0
        while True:
            call()
            k += 1
            if time.perf_counter() >= deadline:
                return k

    cpu = time.process_time()
    futures = [pool.submit(worker) for _ in range(THREADS)]
    n = sum(f.result() for f in futures)
    return n, time.perf_counter() - start, (time.process_time() - cpu) * 1e6 / n


def checked_call(name, endpoint, limit, expect):
    """The call for one response, after checking that it gets the full answer."""
    call = make_call(make_client(endpoint), limit)
    got = call()
    if len(got.records or []) != expect:
        sys.exit(f"{name}: expected {expect} records, got {len(got.records or [])}")
    return call


def serve(args):
    """One sample per stdin line `CASE SECONDS`, answered as one JSON line on stdout."""
    pool = ThreadPoolExecutor(max_workers=THREADS)
    calls = {"documented": checked_call("documented", args.documented, None, 1),
             "records1000": checked_call("records1000", args.records1000, 1000, 1000)}
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        case, seconds = words[0], float(words[1])
        name, _, mode = case.partition("_")
        if name not in calls or mode not in ("seq", "c16"):
            sys.exit(f"python-sdk --serve: unknown case {case!r}")
        if mode == "seq":
            n, elapsed, cpu = sample_sequential(calls[name], seconds)
        else:
            n, elapsed, cpu = sample_concurrent(pool, calls[name], seconds)
        print(json.dumps({"calls": n, "seconds": elapsed, "cpu_us_per_call": cpu}), flush=True)
    pool.shutdown()


def summary(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4) if len(xs) >= 2 else [xs[0]] * 3
    return {"median": statistics.median(xs), "p25": q[0], "p75": q[2],
            "min": xs[0], "max": xs[-1], "n": len(xs)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--documented", required=True)
    ap.add_argument("--records1000", required=True)
    ap.add_argument("--samples", type=int, default=15)
    ap.add_argument("--sample-time", type=float, default=0.3)
    ap.add_argument("--warm-up", type=float, default=1.0)
    ap.add_argument("--json")
    ap.add_argument("--serve", action="store_true",
                    help="answer `CASE SECONDS` lines on stdin with one sample each")
    args = ap.parse_args()
    if args.serve:
        serve(args)
        return

    results = {}
    pool = ThreadPoolExecutor(max_workers=THREADS)
    cases = [("documented", args.documented, None, 1),
             ("records1000", args.records1000, 1000, 1000)]
    for name, endpoint, limit, expect in cases:
        call = checked_call(name, endpoint, limit, expect)
        for mode in ("seq", "c16"):
            key = f"call_{name}_{mode}"
            # 1000-record calls take tens of milliseconds here: longer samples.
            seconds = args.sample_time * (3 if expect > 1 else 1)
            run = ((lambda: sample_sequential(call, seconds)) if mode == "seq"
                   else (lambda: sample_concurrent(pool, call, seconds)))
            warm_until = time.perf_counter() + args.warm_up
            while time.perf_counter() < warm_until:
                run()
            runs = [run() for _ in range(args.samples)]
            samples = [n / secs for n, secs, _ in runs]
            results[key] = {"calls_per_s": samples, **summary(samples),
                            "cpu_us_per_call": [c for _, _, c in runs]}
            s = results[key]
            print(f"python-sdk {key:24} {s['median']:10.1f} calls/s "
                  f"[p25 {s['p25']:.1f} – p75 {s['p75']:.1f}]", file=sys.stderr)
    pool.shutdown()
    out = {
        "python": sys.version.split()[0],
        "huaweicloudsdkcore": metadata.version("huaweicloudsdkcore"),
        "huaweicloudsdkdcs": metadata.version("huaweicloudsdkdcs"),
        "threads": THREADS,
        "results": results,
    }
    text = json.dumps(out, indent=2)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()

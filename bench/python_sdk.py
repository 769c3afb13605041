#!/usr/bin/env python3
"""The official Python SDK (huaweicloudsdkdcs) calling the local DCS stand-in.

Measures the calls the Rust benches measure (crates/dcs/benches/client.rs), with the same
shape of result: per sample, calls per second (and the process's CPU time per call); then the
median and spread.

  call_documented_seq   ListBigkeyScanTasks, documented 1-record answer, one call at a time
  call_documented_c16   the same from 16 threads sharing one client
  call_records1000_seq  limit=1000 against 1000 generated records
  call_records1000_c16  the same from 16 threads

Usage: python_sdk.py --documented URL --records1000 URL [--samples N] [--sample-time S]
                     [--json OUT]
Run by bench/python-sdk.sh, which makes the virtual environment.
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
    """(calls per second, process CPU µs per call) of one sample."""
    n = 0
    cpu = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        call()
        n += 1
        now = time.perf_counter()
        if now >= deadline and n >= 3:
            return n / (now - start), (time.process_time() - cpu) * 1e6 / n


def sample_concurrent(pool, call, seconds):
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
    return n / (time.perf_counter() - start), (time.process_time() - cpu) * 1e6 / n


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
    args = ap.parse_args()

    results = {}
    pool = ThreadPoolExecutor(max_workers=THREADS)
    cases = [("documented", args.documented, None, 1),
             ("records1000", args.records1000, 1000, 1000)]
    for name, endpoint, limit, expect in cases:
        client = make_client(endpoint)
        call = make_call(client, limit)
        got = call()
        if len(got.records or []) != expect:
            sys.exit(f"{name}: expected {expect} records, got {len(got.records or [])}")
        for mode in ("seq", "c16"):
            key = f"call_{name}_{mode}"
            # 1000-record calls take tens of milliseconds here: longer samples.
            seconds = args.sample_time * (3 if expect > 1 else 1)
            run = ((lambda: sample_sequential(call, seconds)) if mode == "seq"
                   else (lambda: sample_concurrent(pool, call, seconds)))
            warm_until = time.perf_counter() + args.warm_up
            while time.perf_counter() < warm_until:
                run()
            pairs = [run() for _ in range(args.samples)]
            samples = [r for r, _ in pairs]
            results[key] = {"calls_per_s": samples, **summary(samples),
                            "cpu_us_per_call": [c for _, c in pairs]}
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

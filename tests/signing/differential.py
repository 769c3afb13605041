#!/usr/bin/env python3
"""Signing, differentially: random requests signed by the official Python SDK and by ours.

The 37 official vectors (`../shared/signing/vectors.json`) pin the cases someone thought of.
This draws a few hundred more at random from the whole input space the SDK's signers accept
(methods in any case, paths with reserved, encoded, malformed-escape and non-ASCII segments,
repeated and list query keys, bools, numbers, empty values, any header names and values,
every Content-Type family, bodies as text and bytes, security tokens, no project id, every
algorithm including derived V11, ECDSA and SM2), has the SDK sign each one through
`make_vectors.py`'s own recording wrappers (imported from `../shared/signing`, not copied),
and feeds the same inputs to our black-box harness (`hwc-runtime`'s `sign` example).

Compared per vector: the wire URL, canonical request, string to sign, signed header list,
headers sent (names and values) and, for the deterministic HMAC algorithms, the whole
Authorization header; for ECDSA/SM2, whose signatures are randomised, the Authorization up to
its signature. Inputs the SDK refuses are counted and shown, not compared.

    tests/signing/run.sh                         # 600 vectors, seed 1
    tests/signing/run.sh --count 3000 --seed 7   # more, another draw
    python3 tests/signing/differential.py --shared ../shared --signer 'CMD' --count N --seed S

Exit status 1 on any difference; the first differences are printed in full.
"""
import argparse
import json
import os
import random
import shlex
import subprocess
import sys

# Characters the generators draw from: unreserved, reserved, space, `%`, multi-byte.
ALPHABET = list("aZ09-_.~") + list(" /+=&?#%*!'();:@$,[]") + ["é", "值", "😀", "\t"]
CONTENT_TYPES = [
    None,
    "application/json",
    "application/json;charset=UTF-8",
    "application/json; charset=utf-8",
    "application/bson",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xYz",
    "text/plain",
    "Application/JSON",
    "",
]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "Post", "delete"]
DATES = ["20240315T083000Z", "20000101T000000Z", "20991231T235959Z", "20240229T120000Z"]


def text(rng, lo=0, hi=8, alphabet=ALPHABET):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def segment(rng):
    kind = rng.random()
    if kind < 0.5:
        return text(rng, 1, 10, list("abcdefXYZ0189-_.~"))
    if kind < 0.7:
        return text(rng, 0, 8)
    if kind < 0.8:
        return rng.choice(["%2F", "%41", "%zz", "%", "%E5%AE%9E", "%2f%2F", "a%20b", "%7E"])
    if kind < 0.9:
        return rng.choice(["{project_id}", "v2", "v1.0", "实例", ""])
    return text(rng, 1, 4, ["é", "值", " ", "+"])


def path(rng):
    p = "/" + "/".join(segment(rng) for _ in range(rng.randint(0, 5)))
    return p + "/" if rng.random() < 0.2 else p


def query_value(rng):
    kind = rng.random()
    if kind < 0.5:
        return text(rng)
    if kind < 0.6:
        return rng.choice([True, False])
    if kind < 0.7:
        return rng.choice([0, 1, -5, 10, 12345678901])
    if kind < 0.75:
        return ""
    if kind < 0.8:
        return rng.choice([0.5, 1.0, -2.25, 1e-05, 1e16, 123456.789, 3.0e20])
    if kind < 0.9:
        # A list of one type, as a typed parameter gives: numbers sort as numbers.
        return [rng.choice([3, 1, 20, 2, -7, 100, 10]) for _ in range(rng.randint(1, 4))]
    return [text(rng, 0, 5) for _ in range(rng.randint(1, 3))]


def query(rng):
    keys = [text(rng, 1, 6) for _ in range(rng.randint(1, 4))]
    pairs, listed = [], set()
    for _ in range(rng.randint(0, 5)):
        key, value = rng.choice(keys), query_value(rng)
        # A key with a list value is given once. Given twice, the SDK compares the two lists
        # as given when it signs and sorted when it writes the URL, so its own URL and
        # signature disagree on their order; no API call has that shape (a typed parameter
        # is one list), and the signer here takes each element as a pair.
        if key in listed or (isinstance(value, list) and any(k == key for k, _ in pairs)):
            continue
        if isinstance(value, list):
            listed.add(key)
        pairs.append((key, value))
    return pairs


def header_name(rng):
    base = rng.choice(["X-Custom", "x-trace-id", "X-Request-Tag", "Accept", "If-Match",
                       "X_Underscore", "X-Mixed-CASE", "x-sdk-content-sha256"])
    return base + (text(rng, 0, 3, list("abXY09-")) if rng.random() < 0.5 else "")


def header_value(rng):
    kind = rng.random()
    if kind < 0.5:
        return text(rng, 0, 10, list("abcXYZ019-_.:/;=, "))
    if kind < 0.7:
        return "  " + text(rng, 1, 6, list("abc ")) + "  "
    if kind < 0.85:
        return text(rng, 1, 6, ["é", "值", "a", " "])
    return "UNSIGNED-PAYLOAD"


def headers(rng):
    hs = {}
    ct = rng.choice(CONTENT_TYPES)
    if ct is not None:
        hs[rng.choice(["Content-Type", "Content-Type", "content-type"])] = ct
    for _ in range(rng.randint(0, 3)):
        hs[header_name(rng)] = header_value(rng)
    return hs


def body(rng):
    kind = rng.random()
    if kind < 0.4:
        return None
    if kind < 0.5:
        return ""
    if kind < 0.8:
        return json.dumps({text(rng, 1, 5): text(rng)}, ensure_ascii=rng.random() < 0.5)
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))


def draw(rng, mv, i):
    algorithms = mv.SigningAlgorithm
    pick = rng.random()
    kwargs = {}
    if pick < 0.45:
        kwargs["algorithm"] = algorithms.HMAC_SHA256
    elif pick < 0.6:
        kwargs["algorithm"] = algorithms.HMAC_SM3
    elif pick < 0.75:
        kwargs["derived"] = {"service": text(rng, 1, 6, list("abcdef")),
                             "region": rng.choice(["cn-north-4", "ap-southeast-1", "x"])}
    elif pick < 0.88:
        kwargs["algorithm"] = algorithms.ECDSA_P256_SHA256
    else:
        kwargs["algorithm"] = algorithms.SM2_SM3
    hs = headers(rng)
    date = rng.choice(DATES)
    if rng.random() < 0.15:
        # A date the caller gave, under any spelling of its name.
        hs[rng.choice(["X-Sdk-Date", "x-sdk-date", "X-SDK-DATE"])] = date
        date = None
    scheme, host = rng.choice([("https", "dcs.cn-north-4.myhuaweicloud.com"),
                               ("http", "127.0.0.1:8080"), ("https", "Host.Example.COM")])
    return dict(
        name="random_%d" % i,
        description="drawn by tests/signing/differential.py",
        method=rng.choice(METHODS),
        path=path(rng),
        query=query(rng),
        headers=hs,
        body=body(rng),
        project_id=rng.choice([mv.PROJECT_ID, None, "p-" + text(rng, 1, 5, list("abc123"))]),
        security_token=rng.choice([None, None, "tok/" + text(rng, 1, 12, list("aZ09+/="))]),
        date=date,
        scheme=scheme,
        host=host,
        **kwargs,
    )


def pipeline(rng, mv, i):
    """A `ListBigkeyScanTasks` request built by the SDK's whole DcsClient pipeline."""
    request = {"instance_id": rng.choice([mv.INSTANCE_ID, "in/st a+é", text(rng, 1, 8)])}
    for name, values in (("offset", [0, 1, 99]), ("limit", [1, 10, 1000]),
                         ("status", ["success", "waiting", "running", "failed"])):
        if rng.random() < 0.5:
            request[name] = rng.choice(values)
    return mv.client_pipeline_vector(
        "pipeline_%d" % i, "drawn by tests/signing/differential.py", request,
        user_agent=rng.choice(["", "rust-compat-test", "app/1.0 (é)"]),
        security_token=rng.choice([None, "tok/" + text(rng, 1, 8, list("aZ09+/="))]))


def sdk_vectors(mv, count, seed):
    rng = random.Random(seed)
    vectors, refused = [], []
    for i in range(count):
        if rng.random() < 0.1:
            vectors.append(pipeline(rng, mv, i))
            continue
        kwargs = draw(rng, mv, i)
        try:
            vectors.append(mv.sign_vector(**kwargs))
        except Exception as e:  # noqa: BLE001 - whatever the SDK refuses, ours must refuse
            refused.append((kwargs, "%s: %s" % (type(e).__name__, e)))
    return vectors, refused


def without_signature(auth):
    return auth.split("Signature=")[0] if auth else auth


def differences(expected, got, deterministic):
    diffs = []
    if "error" in got:
        return ["ours refused it: " + got["error"]]
    for field in ("url", "canonical_request", "string_to_sign", "signed_headers"):
        if expected.get(field) != got.get(field):
            diffs.append("%s\n  sdk:  %r\n  ours: %r" % (field, expected.get(field), got.get(field)))
    want, have = dict(expected["headers_sent"]), dict(got["headers_sent"])
    if not deterministic:
        want["Authorization"] = without_signature(want.get("Authorization"))
        have["Authorization"] = without_signature(have.get("Authorization"))
    if want != have:
        diffs.append("headers_sent\n  sdk:  %r\n  ours: %r" % (want, have))
    return diffs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "shared"))
    ap.add_argument("--signer", required=True, help="command reading vectors on stdin")
    ap.add_argument("--count", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=5, help="differences printed in full")
    args = ap.parse_args()

    sys.path.insert(0, os.path.join(os.path.abspath(args.shared), "signing"))
    import make_vectors as mv  # noqa: E402 - the SDK's recording wrappers, from ../shared

    vectors, refused = sdk_vectors(mv, args.count, args.seed)
    doc = json.dumps({"vectors": vectors}, ensure_ascii=False)
    run = subprocess.run(shlex.split(args.signer), input=doc, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("the signer failed (exit %d): %s" % (run.returncode, run.stderr.strip()))
    ours = {}
    for line in run.stdout.splitlines():
        v = json.loads(line)
        ours[v["name"]] = v
    failed = 0
    for vec in vectors:
        got = ours.get(vec["name"])
        diffs = ["no output"] if got is None else differences(
            vec["expected"], got, vec["deterministic"])
        if diffs:
            failed += 1
            if failed <= args.show:
                print("== %s differs" % vec["name"])
                print("input: %s" % json.dumps(vec["input"], ensure_ascii=False))
                for d in diffs:
                    print("  " + d)
    by_alg = {}
    for vec in vectors:
        i = vec["input"]
        alg = ("DcsClient pipeline" if "operation" in i else
               "V11-derived" if i["derived_auth"] else i["signing_algorithm"])
        by_alg[alg] = by_alg.get(alg, 0) + 1
    print("signing, differentially (seed %d): %d drawn, %d signed by the SDK (%s), %d refused "
          "by it; %d identical, %d differ" % (
              args.seed, args.count, len(vectors),
              ", ".join("%s %d" % kv for kv in sorted(by_alg.items())), len(refused),
              len(vectors) - failed, failed))
    for kwargs, why in refused[:3]:
        print("  the SDK refused: %s (%s)" % (why, {k: kwargs[k] for k in ("method", "path")}))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

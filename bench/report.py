#!/usr/bin/env python3
"""Side-by-side tables from one bench/run.sh run (standard library only).

Reads the interleaved call rounds (calls.json, from crates/dcs/benches/calls.rs: per round and
client, calls/s and CPU time per call, and per-round ratios), criterion's raw samples
(target/criterion/**/new/sample.json: per sample, iterations and total time) for signing,
decoding, the stand-in's own costs and the generator, wrk runs (wrk.json) and the build-cost
measurements (build-cost.json), and prints Markdown: medians with the interquartile range
([p25–p75]); the call ratios are medians of ratios taken within one round, the others ratios of
medians measured in the same run.

Usage: report.py --criterion DIR [--calls FILE] [--wrk FILE] [--build FILE] [--machine FILE]
                 [--xtask FILE]

A JSON summary of the headline figures goes to stderr.
"""
import argparse
import json
import os
import statistics
import sys


def quartiles(xs):
    xs = sorted(xs)
    if len(xs) < 2:
        return xs[0], xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def load_criterion(root):
    """full_id -> per-sample nanoseconds per iteration."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "sample.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            full_id = json.load(f)["full_id"]
        with open(os.path.join(dirpath, "sample.json")) as f:
            s = json.load(f)
        out[full_id] = [t / i for t, i in zip(s["times"], s["iters"]) if i]
    return out


def fmt_rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def fmt_ns(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.2f} µs"
    return f"{ns:,.0f} ns"


def rate_cell(samples_ns):
    """calls/s from per-call ns samples: median [p25–p75]."""
    rates = [1e9 / t for t in samples_ns]
    lo, med, hi = quartiles(rates)
    return med, f"{fmt_rate(med)} [{fmt_rate(lo)}–{fmt_rate(hi)}]"


def time_cell(samples_ns):
    lo, med, hi = quartiles(samples_ns)
    return med, f"{fmt_ns(med)} [{fmt_ns(lo)}–{fmt_ns(hi)}]"


def verdict(ok):
    return "met" if ok else "**missed**"


def ratio_cell(xs, digits=2):
    """A ratio's median over the rounds [p25–p75]."""
    lo, med, hi = quartiles(xs)
    return med, f"{med:.{digits}f}× [{lo:.{digits}f}–{hi:.{digits}f}]"


def per_round(case, x, y, cpu=False):
    """Per-round ratio X ÷ Y of calls/s (with cpu: Y's CPU per call ÷ X's), from calls.json's
    `ratios` when there, else from the contenders' per-round samples (same rounds, same order).
    """
    name = f"{x}_over_{y}" + ("_cpu" if cpu else "")
    if name in case.get("ratios", {}):
        return case["ratios"][name]
    cs = case.get("contenders", {})
    if x not in cs or y not in cs:
        return None
    if cpu:
        return [b / a for a, b in zip(cs[x]["cpu_us_per_call"], cs[y]["cpu_us_per_call"])]
    return [a / b for a, b in zip(cs[x]["calls_per_s"], cs[y]["calls_per_s"])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--criterion", required=True)
    ap.add_argument("--calls")
    ap.add_argument("--wrk")
    ap.add_argument("--build")
    ap.add_argument("--machine")
    ap.add_argument("--xtask")
    ap.add_argument("--generate-paired")
    args = ap.parse_args()

    crit = load_criterion(args.criterion)
    calls = {}
    if args.calls and os.path.exists(args.calls):
        with open(args.calls) as f:
            calls = json.load(f)
    cases = calls.get("cases", {})
    p = print

    if args.machine and os.path.exists(args.machine):
        p("## Machine\n\n```")
        with open(args.machine) as f:
            p(f.read().rstrip())
        p("```\n")

    def label_of(case, mode, long=True):
        label = {"documented": "documented example (1 record)" if long else "documented example",
                 "records1000": "1000 records (limit=1000)" if long else "1000 records"}[case]
        return label + ", " + ("sequential" if mode == "seq" else "16 concurrent tasks")

    summary = {}
    rows = []
    for case in ("documented", "records1000"):
        for mode in ("seq", "c16"):
            c = cases.get(f"{case}_{mode}")
            if c and "dcs" in c["contenders"] and "floor" in c["contenders"]:
                rows.append((case, mode, c))
    if rows:
        t = calls.get("round_time_s")
        p("## Client calls per second (loopback, stand-in pinned to its own core)\n")
        p(f"Interleaved rounds: {calls.get('rounds')} rounds; in each, every client ran the case "
          f"once for {t} s ({3 * t:g} s for 1000 records), in an order rotated each round, after "
          "one unrecorded warm-up run each. Median calls/s over the rounds, [p25–p75] in "
          "brackets. *overhead* = floor calls/s ÷ dcs calls/s in the same round (1.00 = as fast "
          "as the hand-written floor); *× Python* = dcs calls/s ÷ Python SDK calls/s in the same "
          "round; both the median of the per-round ratios, [p25–p75] of them.\n")
        p("| case | dcs (generated, signed) | floor (reqwest + serde, unsigned) | official Python SDK "
          "| overhead vs floor | × Python SDK |")
        p("|---|---|---|---|---|---|")
        for case, mode, c in rows:
            cs = c["contenders"]
            om, oc = rate_cell([1e9 / x for x in cs["dcs"]["calls_per_s"]])
            fm, fc = rate_cell([1e9 / x for x in cs["floor"]["calls_per_s"]])
            if "python" in cs:
                pc = rate_cell([1e9 / x for x in cs["python"]["calls_per_s"]])[1]
                xpy, xpc = ratio_cell(per_round(c, "dcs", "python"), 1)
            else:
                pc, xpy, xpc = "—", None, "—"
            ov, ovc = ratio_cell(per_round(c, "floor", "dcs"))
            p(f"| {label_of(case, mode)} | {oc} | {fc} | {pc} | {ovc} | {xpc} |")
            summary[f"call_{case}_{mode}"] = {"dcs": om, "floor": fm, "overhead": ov,
                                             "x_python": xpy}
        p()

        p("### Client CPU time per call\n")
        p("CPU time of the client alone per call (the Rust client runs on one thread; the Python "
          "SDK's whole process is counted), from the same runs: the cost of a call to the "
          "client, free of the scheduling noise that wall-clock latency on a shared 2-core "
          "machine carries. The ratios are medians of per-round ratios [p25–p75].\n")
        p("| case | dcs | floor | official Python SDK | dcs ÷ floor | Python ÷ dcs |")
        p("|---|---|---|---|---|---|")
        for case, mode, c in rows:
            cs = c["contenders"]
            om, oc = time_cell([x * 1000 for x in cs["dcs"]["cpu_us_per_call"]])
            fm, fc = time_cell([x * 1000 for x in cs["floor"]["cpu_us_per_call"]])
            if "python" in cs:
                pc = time_cell([x * 1000 for x in cs["python"]["cpu_us_per_call"]])[1]
                ratio = ratio_cell(per_round(c, "dcs", "python", cpu=True), 1)[1]
            else:
                pc, ratio = "—", "—"
            ov, ovc = ratio_cell(per_round(c, "floor", "dcs", cpu=True))
            p(f"| {label_of(case, mode, long=False)} | {oc} | {fc} | {pc} | {ovc} | {ratio} |")
            summary[f"cpu_{case}_{mode}"] = {"dcs_ns": om, "floor_ns": fm, "overhead": ov}
        p()

    c = cases.get("documented_seq")
    if c and all(k in c["contenders"] for k in ("dcs", "floor", "dcs_unsigned", "floor_signed")):
        p("### Where the sequential documented call's time goes\n")
        p("The same rounds as above. *floor ÷ this* = floor calls/s ÷ this client's calls/s in "
          "the same round, median [p25–p75] over the rounds.\n")
        p("| client | signs | stand-in verifies | calls/s median [p25–p75] | floor ÷ this "
          "| client CPU per call |")
        p("|---|---|---|---|---|---|")
        for name, label, signs, verifies in (
                ("floor", "floor", "no", "no"),
                ("floor_signed", "floor + a valid precomputed signature", "no", "yes"),
                ("dcs_unsigned", "dcs without credentials", "no", "no"),
                ("dcs", "dcs", "yes", "yes")):
            s = c["contenders"][name]
            rc = rate_cell([1e9 / x for x in s["calls_per_s"]])[1]
            vs = "1.00×" if name == "floor" else ratio_cell(per_round(c, "floor", name))[1]
            tc = time_cell([x * 1000 for x in s["cpu_us_per_call"]])[1]
            p(f"| {label} | {signs} | {verifies} | {rc} | {vs} | {tc} |")
        p()

    p("## Signing and decoding alone\n")
    p("| what | median [p25–p75] |")
    p("|---|---|")
    for fid, label in [
        ("sign/sign_request", "`sign_request` (SDK-HMAC-SHA256), per request"),
        ("sign/prepare", "`prepare`: build + render path + sign + URL, per request"),
        ("standin/verify", "stand-in: verify one signature (server side)"),
        ("standin/body_records1000", "stand-in: build the 1000-record body"),
    ]:
        if fid in crit:
            p(f"| {label} | {time_cell(crit[fid])[1]} |")
    p()
    p("| body | dcs: `decode_success` (generated types; path tracked only on failure) | generated types, plain "
      "`serde_json` | floor: hand-written structs | dcs ÷ floor |")
    p("|---|---|---|---|---|")
    for case, label in (("documented", "documented example (346 B)"),
                        ("records1000", "1000 records")):
        ids = [f"decode_{case}/{x}" for x in ("dcs", "dcs_no_path", "floor")]
        if all(i in crit for i in ids):
            cells = [time_cell(crit[i]) for i in ids]
            p(f"| {label} | {cells[0][1]} | {cells[1][1]} | {cells[2][1]} | "
              f"{cells[0][0] / cells[2][0]:.2f}× |")
    p()

    if args.wrk and os.path.exists(args.wrk):
        with open(args.wrk) as f:
            wrk = json.load(f)
        p("## The stand-in alone (wrk, 1 thread, pinned to the client core; signed requests)\n")
        p("*stand-in CPU* is the server process's user + system time per request during the wrk "
          "runs; *capacity* = 1 s ÷ that: what one core of the stand-in can answer. *headroom* "
          "= capacity ÷ the most calls/s any Rust client above reached on that response with "
          "the same concurrency (1 connection: the sequential cases; 16: the 16-task cases), "
          "since the stand-in's cost per request falls as requests arrive together.\n")
        p("| response | connections | wrk requests/s median [min–max] | stand-in CPU per request "
          "| capacity, requests/s per core | best client calls/s | headroom |")
        p("|---|---|---|---|---|---|---|")
        for case in ("documented", "records1000"):
            for conns in ("1", "16"):
                runs = wrk.get(case, {}).get(conns)
                if not runs:
                    continue
                med = statistics.median(runs)
                cpu = statistics.median(wrk[case].get(f"cpu_us_{conns}") or [0])
                cap = 1e6 / cpu if cpu else 0
                mode = "seq" if conns == "1" else "c16"
                best = max((summary.get(f"call_{case}_{mode}", {}).get(k) or 0)
                           for k in ("dcs", "floor"))
                head = f"{cap / best:.1f}×" if best and cap else "—"
                p(f"| {case} | {conns} | {fmt_rate(med)} [{fmt_rate(min(runs))}–"
                  f"{fmt_rate(max(runs))}] | {cpu:.1f} µs | {fmt_rate(cap)} | {fmt_rate(best)} "
                  f"| {head} |")
        p()

    gen_rows = []
    for group in ("spec_page", "corpus"):
        ids = {k: f"{group}/{k}" for k in ("generate", "parse", "codegen", "html_floor")}
        if all(i in crit for i in ids.values()):
            gen_rows.append((group, {k: time_cell(crit[i]) for k, i in ids.items()}))
    paired = {}
    if args.generate_paired and os.path.exists(args.generate_paired):
        with open(args.generate_paired) as f:
            paired = json.load(f)
    if gen_rows:
        p("## Generator (in memory: no file I/O)\n")
        if paired:
            p("The four timings are criterion groups, measured one after another. *generate ÷ "
              "floor* comes from interleaved rounds run after them (15 rounds of about 0.3 s of "
              "each, alternating which goes first; median of the per-round ratios [p25–p75]), "
              "because ratios of groups measured minutes apart carry the machine's drift.\n")
        else:
            p("Criterion groups, measured one after another; without the interleaved rounds "
              "(they run only in a full run, not with `--quick`), *generate ÷ floor* is the "
              "ratio of the two groups' medians and carries the machine's drift.\n")
        p("| input | parse + IR + codegen + format | parse + IR alone | codegen + format alone "
          "| floor: HTML parse of the tables | generate ÷ floor |")
        p("|---|---|---|---|---|---|")
        for group, c in gen_rows:
            if paired.get(group):
                ratio, cell = ratio_cell(paired[group])
            else:
                ratio = c["generate"][0] / c["html_floor"][0]
                cell = f"{ratio:.2f}× (criterion medians)"
            p(f"| {group} | {c['generate'][1]} | {c['parse'][1]} | {c['codegen'][1]} | "
              f"{c['html_floor'][1]} | {cell} |")
            summary[f"gen_{group}"] = {"generate_ns": c["generate"][0], "ratio": ratio}
        p()

    if args.xtask and os.path.exists(args.xtask):
        with open(args.xtask) as f:
            hf = json.load(f)
        p("End to end, files read and written (hyperfine):\n")
        p("| command | median [min–max] | runs |")
        p("|---|---|---|")
        for r in hf["results"]:
            p(f"| {r['command']} | {r['median'] * 1000:,.0f} ms [{r['min'] * 1000:,.0f}–"
              f"{r['max'] * 1000:,.0f}] | {len(r['times'])} |")
            if "release" in r["command"]:
                summary["xtask_gen_release_s"] = r["median"]
        p()

    if args.build and os.path.exists(args.build):
        with open(args.build) as f:
            b = json.load(f)
        p("## Build cost of the generated crate\n")
        for line in b.get("notes", []):
            p(f"- {line}")
        p()
        p("| crate | operations | generated lines | generated bytes | crate build, debug | "
          "crate build, release | rlib (release) |")
        p("|---|---|---|---|---|---|---|")
        labels = {"one": "one (spec/dcs)", "all": "all (the corpus)",
                  "all_one_feature": "all, only `list_bigkey_scan_tasks` enabled"}
        for c in b.get("crates", []):
            def t(k):
                v = c.get(k)
                return f"{statistics.median(v):.1f} s [{min(v):.1f}–{max(v):.1f}]" if v else "—"
            p(f"| {labels.get(c['name'], c['name'])} | {c['ops']} | {c['lines']:,} "
              f"| {c['bytes']:,} | {t('debug_s')} "
              f"| {t('release_s')} | {c.get('rlib_bytes', 0) / 1024:,.0f} KiB |")
        crates = {c["name"]: c for c in b.get("crates", [])}
        one, allc = crates.get("one"), crates.get("all")
        if one and allc and allc["ops"] > one["ops"]:
            d = allc["ops"] - one["ops"]
            p()
            for k, what in (("debug_s", "debug"), ("release_s", "release")):
                if one.get(k) and allc.get(k):
                    per = (statistics.median(allc[k]) - statistics.median(one[k])) / d
                    p(f"- growth per operation, {what} build: {per * 1000:.0f} ms")
            p(f"- growth per operation, source: {(allc['lines'] - one['lines']) / d:,.0f} lines, "
              f"rlib: {(allc.get('rlib_bytes', 0) - one.get('rlib_bytes', 0)) / d / 1024:,.0f} KiB")
        p()

    p("## Targets\n")
    p("| target | measured | verdict |")
    p("|---|---|---|")
    for key, label in (("call_documented_seq", "overhead ≤ 1.15× floor, documented, sequential"),
                       ("call_documented_c16", "overhead ≤ 1.15× floor, documented, 16 tasks"),
                       ("call_records1000_seq", "overhead ≤ 1.15× floor, 1000 records, sequential"),
                       ("call_records1000_c16", "overhead ≤ 1.15× floor, 1000 records, 16 tasks")):
        c = cases.get(key.removeprefix("call_"))
        if c and key in summary:
            ov, cell = ratio_cell(per_round(c, "floor", "dcs"))
            p(f"| {label} | {cell} | {verdict(ov <= 1.15)} |")
    for key, want, label in (("call_documented_seq", 10, "≥ 10× Python SDK, documented, sequential"),
                             ("call_documented_c16", 10, "≥ 10× Python SDK, documented, 16 tasks"),
                             ("call_records1000_seq", 20, "≥ 20× Python SDK, 1000 records, sequential"),
                             ("call_records1000_c16", 20, "≥ 20× Python SDK, 1000 records, 16 tasks")):
        c = cases.get(key.removeprefix("call_"))
        if c and summary.get(key, {}).get("x_python"):
            x, cell = ratio_cell(per_round(c, "dcs", "python"), 1)
            p(f"| {label} | {cell} | {verdict(x >= want)} |")
    g = summary.get("gen_corpus")
    if g:
        p(f"| whole DCS corpus generated < 1 s (in memory) | {g['generate_ns'] / 1e6:.0f} ms | "
          f"{verdict(g['generate_ns'] < 1e9)} |")
        if "xtask_gen_release_s" in summary:
            t = summary["xtask_gen_release_s"]
            p(f"| whole DCS corpus generated < 1 s (`xtask gen`, release, with I/O) | "
              f"{t * 1000:.0f} ms | {verdict(t < 1)} |")
        p(f"| … within 3× of the HTML-parse floor | {g['ratio']:.2f}× | {verdict(g['ratio'] <= 3)} |")
    p()
    json.dump(summary, sys.stderr, indent=1)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Error-code recall of `cargo xtask error-codes`, measured against an independent count.

usage: error_code_recall.py XTASK CORPUS_DIR [SERVICE...]

For each service folder (every folder of CORPUS_DIR holding a page named *错误码*.md, one level
or two deep), the "visible" codes are the table cells of those pages whose whole text has an
error code's shape: a dotted code (`DCS.4919`, `SVC.XXXX.1234`, `dcs.08.0001`, `APIGW.0101`)
or a number of 4 to 10 digits standing alone in a cell. This reads the page's text with
regular expressions only (no part of the parser), so it can disagree with the parser. Recall
is the share of visible codes that the catalogue (`xtask error-codes FOLDER`) returns; codes the
catalogue returns that the counter did not see are printed as `extra`.
"""
import html
import json
import os
import pathlib
import re
import subprocess
import sys

DOTTED = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(?:\.\s?[A-Za-z0-9_]+)*\.\s?[A-Za-z0-9_]*\d[A-Za-z0-9_]*$")
NUMERIC = re.compile(r"^\d{4,10}$")


def cell_texts(page: str):
    """Every table cell's text: HTML `<td>` cells and Markdown pipe-row cells."""
    for m in re.finditer(r"<td\b[^>]*>(.*?)</td>", page, re.S | re.I):
        yield m.group(1)
    for line in page.splitlines():
        line = line.strip()
        if line.startswith("|") and not re.fullmatch(r"[|:\-\s]+", line):
            yield from re.split(r"(?<!\\)\|", line.strip("|"))


def normal(cell: str) -> str:
    text = re.sub(r"<[^>]+>", " ", cell)
    text = html.unescape(text).replace("\\", "")
    text = re.sub(r"[*`]", "", text)
    return " ".join(text.split())


def visible_codes(folder: pathlib.Path):
    codes = set()
    for page in sorted(folder.glob("*错误码*.md")):
        for cell in cell_texts(page.read_text(encoding="utf-8", errors="replace")):
            text = normal(cell)
            if DOTTED.match(text) or NUMERIC.match(text):
                codes.add(text)
    return codes


def key(code: str) -> str:
    return re.sub(r"\s+", "", code)


def main():
    xtask, corpus, *only = sys.argv[1:]
    corpus = pathlib.Path(corpus)
    folders = sorted({p.parent for p in corpus.glob("*/*错误码*.md")} | {p.parent for p in corpus.glob("*/*/*错误码*.md")})
    if only:
        folders = [f for f in folders if str(f.relative_to(corpus)) in only]
    print(f"{'service':<24} {'visible':>7} {'found':>7} {'recall':>7} {'rows':>6} {'extra':>6}")
    worst = 1.0
    for folder in folders:
        run = subprocess.run([xtask, "error-codes", str(folder)], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{folder.name}: exit {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
            worst = 0.0
            continue
        rows = json.loads(run.stdout)
        got = {key(r["code"]) for r in rows}
        visible = {key(c) for c in visible_codes(folder)}
        found = visible & got
        recall = len(found) / len(visible) if visible else 1.0
        worst = min(worst, recall)
        extra = got - visible
        name = str(folder.relative_to(corpus))
        print(f"{name:<24} {len(visible):>7} {len(found):>7} {recall:>7.3f} {len(rows):>6} {len(extra):>6}")
        if os.environ.get("RECALL_VERBOSE"):
            for c in sorted(visible - got):
                print(f"    missed {c}")
            for c in sorted(extra):
                print(f"    extra  {c}")
    print(f"lowest recall {worst:.3f}")


if __name__ == "__main__":
    main()

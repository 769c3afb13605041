#!/usr/bin/env python3
"""Rewrites the error-code pages of a corpus the ways unseen services write them, into a scratch
folder, to measure the catalogue on them with error_code_recall.py.

usage: error_code_variants.py CORPUS_DIR OUT_DIR

For every `*错误码*.md` page, two variants (the other pages are left out):
- `OUT_DIR/header/<svc>/`: every header cell naming the code column (错误码, Error Code) says
  `标识` instead, so only the cells tell the code column;
- `OUT_DIR/pipe/<svc>/`: every HTML table as a Markdown pipe table that leaves out the cells a
  rowspan covers, as a conversion does; in tables without rowspan, the cells before the code
  column that repeat the row above's are taken as spanned and left out too.
The scratch pages are derived from the corpus for measuring only; they never enter the project.
"""
import html
import pathlib
import re
import sys


def text(cell: str) -> str:
    t = re.sub(r"<[^>]+>", " ", cell)
    return " ".join(html.unescape(t).split()).replace("|", "\\|")


def rows(table: str):
    for tr in re.finditer(r"<tr\b.*?</tr>", table, re.S):
        yield [text(c) for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tr.group(0), re.S)]


def as_pipe(table: str) -> str:
    all_rows = list(rows(table))
    if not all_rows:
        return table
    header, body = all_rows[0], all_rows[1:]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    # Cells a rowspan covers are already missing from the rows below it. Tables without
    # rowspan get spans where a cell before the code column repeats the one above.
    code = next((i for i, h in enumerate(header) if "错误码" in h or "error code" in h.lower()), 0)
    spans = "rowspan" in table
    above = None
    for r in body:
        cells = r
        if not spans and above and len(r) == len(above):
            k = 0
            while k < code and r[k] == above[k] and r[k]:
                k += 1
            cells = r[k:]
        out.append("| " + " | ".join(cells) + " |")
        above = r
    return "\n".join(out)


def main():
    corpus, out = map(pathlib.Path, sys.argv[1:])
    pages = list(corpus.glob("*/*错误码*.md")) + list(corpus.glob("*/*/*错误码*.md"))
    for page in pages:
        svc = page.parent.relative_to(corpus)
        src = page.read_text(encoding="utf-8")
        header = re.sub(r"(<th\b[^>]*>(?:<[^>]+>)*)\s*(错误码|Error Code)\s*(?=<)", r"\1Key", src)
        pipe = re.sub(r"<table\b.*?</table>", lambda m: as_pipe(m.group(0)), src, flags=re.S)
        for kind, body in (("header", header), ("pipe", pipe)):
            d = out / kind / svc
            d.mkdir(parents=True, exist_ok=True)
            (d / page.name).write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()

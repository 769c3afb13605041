#!/usr/bin/env bash
# Seeds the fuzz corpora with the spec page and every fixture page.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in page_pipeline parse_page folder_pipeline; do
  mkdir -p "fuzz/corpus/$t"
  for f in spec/dcs/*.md tests/fixtures/pages/*.md crates/codegen/tests/fixtures/*/*.md crates/apidoc/tests/fixtures/*/*.md; do
    [[ -f $f ]] && cp "$f" "fuzz/corpus/$t/$(basename "$f" | md5sum | cut -c1-16).md"
  done
done

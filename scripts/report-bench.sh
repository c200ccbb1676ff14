#!/usr/bin/env bash
# Measures the HTML report on a large corpus: N articles (default 1,000) made by
# copying corpus/mt and corpus/clean round-robin into bench-data/report-N/, then
# `mtlint report` (release) time, the report's size, and its load time in
# headless Chromium (needs .ci/browser-setup). Measures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
DIR=bench-data/report-$N
BIN=target/release/mtlint
cargo build --release --quiet
rm -rf "$DIR" && mkdir -p "$DIR"
mapfile -t SOURCES < <(ls corpus/mt/*.txt corpus/clean/*.txt)
for i in $(seq 1 "$N"); do
    src=${SOURCES[$(( (i - 1) % ${#SOURCES[@]} ))]}
    cp "$src" "$DIR/$(printf '%04d' "$i")-$(basename "$src")"
done
echo "$N articles, $(du -sb "$DIR" | cut -f1) bytes of text"
start=$(date +%s.%N)
"$BIN" report "$DIR" -o "$DIR.html"
end=$(date +%s.%N)
echo "mtlint report: $(echo "$end - $start" | bc) s; report $(stat -c %s "$DIR.html") bytes ($(gzip -c "$DIR.html" | wc -c) gzipped)"
node tests/browser/measure-load.mjs "$DIR.html" "${RUNS:-3}"

#!/usr/bin/env bash
# Load test of `mtlint serve` from a second process, on loopback:
# 2,000 LanguageTool /v2/check requests for a 2,000-character article (the
# first 2,000 characters of the seed article, corpus/mt/liberal-rafah.txt),
# 16 at a time over keep-alive connections, bounded at 120 s; then a request
# declaring a 10 MB body and one streaming 10 MB, which must get 413 at once.
# Prints throughput and latency percentiles (examples/loadtest.rs). Targets on
# 2 cores: median under 5 ms, 99th percentile under 50 ms. It measures; it
# asserts only that every request succeeds and both big bodies get 413.
#
# Usage: bash scripts/load-test.sh   (REQUESTS=2000 CONCURRENCY=16 DEADLINE=120)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-2000}
CONCURRENCY=${CONCURRENCY:-16}
DEADLINE=${DEADLINE:-120}

cargo build --release --quiet --bin mtlint --example loadtest
mkdir -p target/load-test
article=target/load-test/article.txt
python3 - "$article" <<'PY'
import sys
text = open("corpus/mt/liberal-rafah.txt", encoding="utf-8").read()
cut = text[:2000]
open(sys.argv[1], "w", encoding="utf-8").write(cut)
PY

target/release/mtlint serve --port 0 >target/load-test/serve.out 2>target/load-test/serve.err &
server=$!
trap 'kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    addr=$(grep -o '127\.0\.0\.1:[0-9]*' target/load-test/serve.out | head -n 1 || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { echo "load-test.sh: the server did not start" >&2; cat target/load-test/serve.err >&2; exit 2; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/loadtest "$addr" "$article" "$REQUESTS" "$CONCURRENCY" "$DEADLINE"

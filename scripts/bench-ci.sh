#!/usr/bin/env bash
# Whole-process measurements for many inputs (issue 6): a folder of generated
# articles and a JSONL batch, each on 1 and 2 threads, with /usr/bin/time -v.
#
# Usage: bash scripts/bench-ci.sh       (release binary is built if missing)
#   ARTICLES=10000   articles in the folder (a second folder of ARTICLES/10 shows
#                    whether memory stays flat as the folder grows)
#   RECORDS=100000   lines of the JSONL batch
#   SHARED_DIR=../shared  make_corpus.py is used when there, else corpus/ is repeated
#
# Data goes to bench-data/ (gitignored). The machine may be shared: read user
# CPU time as the cost and wall time as what a user waited.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-10000}
RECORDS=${RECORDS:-100000}
SHARED=${SHARED_DIR:-../shared}
DATA=bench-data
BIN=target/release/mtlint
[ -x "$BIN" ] || cargo build --release --quiet
mkdir -p "$DATA"

SOURCE="$DATA/ci_source.txt"
if [ ! -s "$SOURCE" ]; then
  if [ -f "$SHARED/tools/make_corpus.py" ]; then
    python3 "$SHARED/tools/make_corpus.py" --mb 8 --out "$SOURCE"
  else
    for _ in $(seq 40); do cat corpus/mt/*.txt corpus/clean/*.txt; done > "$SOURCE"
  fi
fi

python3 - "$SOURCE" "$DATA" "$ARTICLES" "$RECORDS" <<'PY'
import json, os, random, sys
source, data, articles, records = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
paras = [p.strip() for p in open(source, encoding="utf-8").read().split("\n\n") if p.strip()]
rng = random.Random(6)
def article(n):
    return "\n\n".join(rng.choice(paras) for _ in range(n)) + "\n"
for count in (articles // 10, articles):
    folder = os.path.join(data, f"articles_{count}")
    if os.path.isdir(folder) and len(os.listdir(folder)) >= min(count, 100):
        continue
    for i in range(count):
        sub = os.path.join(folder, f"{i // 1000:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(rng.randint(6, 14)))
batch = os.path.join(data, f"batch_{records}.jsonl")
if not os.path.exists(batch):
    with open(batch, "w", encoding="utf-8") as f:
        for i in range(records):
            f.write(json.dumps({"id": f"r{i}", "text": article(rng.randint(2, 4))}) + "\n")
PY

measure() {  # label, then the mtlint arguments
  local label=$1; shift
  /usr/bin/time -v "$BIN" "$@" > "$DATA/out.tmp" 2> "$DATA/time.tmp" || true
  local wall user sys rss
  wall=$(grep "Elapsed (wall clock)" "$DATA/time.tmp" | awk '{print $NF}')
  user=$(grep "User time" "$DATA/time.tmp" | awk '{print $NF}')
  sys=$(grep "System time" "$DATA/time.tmp" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$DATA/time.tmp" | awk '{print $NF}')
  printf "%-40s wall %8s  user %6ss  sys %6ss  peak RSS %6.1f MB  output %s lines\n" \
    "$label" "$wall" "$user" "$sys" "$(echo "$rss / 1024" | bc -l)" "$(wc -l < "$DATA/out.tmp")"
}

small=$((ARTICLES / 10))
mb() { find "$@" -type f -printf "%s\n" | awk '{s += $1} END {printf "%.1f MB", s / 1e6}'; }
echo "input sizes: $(mb "$DATA/articles_$ARTICLES") in $ARTICLES articles, $(mb "$DATA/articles_$small") in $small; $(mb "$DATA/batch_$RECORDS.jsonl") in $RECORDS records"
for threads in 1 2; do
  measure "$small articles, --threads $threads" check --format json --threads "$threads" "$DATA/articles_$small"
  measure "$ARTICLES articles, --threads $threads" check --format json --threads "$threads" "$DATA/articles_$ARTICLES"
  measure "$RECORDS JSONL records, --threads $threads" check --format jsonl --threads "$threads" "$DATA/batch_$RECORDS.jsonl"
done

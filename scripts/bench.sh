#!/usr/bin/env bash
# Whole-process benchmarks of the release binary, against the project's targets:
#
#   throughput          >= 50 MB/s on one core with the foundation's rules
#                       (scripts/foundation-rules.txt)
#   later rule kinds    10 MB with all rules within 2x the foundation's time
#                       (also in instructions when valgrind is installed)
#   scaling             10 MB checked within 12x the time of 1 MB
#   substitution table  a 10,000-entry table costs < 20% more than a 100-entry one
#   start-up            one paragraph from stdin in < 15 ms
#   peak memory         < 3x the file + 30 MB
#
# Usage: bash scripts/bench.sh            (from anywhere; works in the repo root)
#   RUNS=5            timed runs per file size and per table (best and median reported)
#   STARTUP_RUNS=30   runs of the one-paragraph check
#   SHARED_DIR=../shared  where tools/make_corpus.py and seed/ are looked for
#
# Test data goes to bench-data/ (gitignored): corpus_1mb.txt and corpus_10mb.txt,
# made by ../shared/tools/make_corpus.py when present, else by repeating
# corpus/mt/*.txt. `MTLINT_BENCH_TEXT_DIR=bench-data cargo bench` reuses them.
#
# The script measures; it does not assert. It exits non-zero only when something
# fails to run (`mtlint check` exiting 1 because it found something is fine).
# MB here means 10^6 bytes.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
STARTUP_RUNS=${STARTUP_RUNS:-30}
DATA=bench-data
BIN=target/release/mtlint
SHARED=${SHARED_DIR:-../shared}
PARAGRAPH='“The situation is under control, but we remain vigilant,” Maria Kowalska, the Minister of Finance, told reporters in Kyiv on Tuesday. Inflation fell to 8.2% in June, down from 10.6% a year earlier, and the central bank said it would keep rates unchanged.'

# Pin to one core when taskset exists (the targets are per core).
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi

die() { echo "bench.sh: error: $*" >&2; exit 2; }

# --- helpers ---------------------------------------------------------------

# Runs mtlint with the given arguments, output discarded; exit 0 or 1 is success.
mtlint_quiet() {
    local rc=0
    "${PIN[@]}" "$BIN" "$@" >/dev/null || rc=$?
    [ "$rc" -le 1 ] || die "mtlint $* exited with $rc"
}

now_ns() { date +%s%N; }

# best and median of numbers on stdin, printed as "BEST MEDIAN".
best_median() {
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) exit 1
              m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%s %s\n", v[1], m }'
}

# Wall time in seconds of one `mtlint ARGS` run.
time_once() {
    local t0
    t0=$(now_ns)
    mtlint_quiet "$@"
    awk -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'
}

# Wall time in seconds of RUNS runs of `mtlint ARGS`, one per line.
time_runs() {
    local i
    for ((i = 0; i < RUNS; i++)); do time_once "$@"; done
}

# Peak resident set size of one `mtlint ARGS` run, in bytes.
peak_rss() {
    local log rc=0
    log=$(mktemp)
    /usr/bin/time -v "$BIN" "$@" >/dev/null 2>"$log" || rc=$?
    if [ "$rc" -gt 1 ]; then cat "$log" >&2; rm -f "$log"; die "mtlint $* exited with $rc"; fi
    awk -F': ' '/Maximum resident set size/ { print $2 * 1024 }' "$log"
    rm -f "$log"
}

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }
file_size() { wc -c <"$1" | tr -d ' '; }

# --- 0. build and data -----------------------------------------------------

echo "== building the release binary"
cargo build --release --quiet || die "cargo build --release failed"
[ -x "$BIN" ] || die "$BIN missing after the build"
mkdir -p "$DATA"

# Writes about MB megabytes of news text to FILE.
make_text() {
    local mb=$1 out=$2
    if [ -f "$SHARED/tools/make_corpus.py" ]; then
        python3 "$SHARED/tools/make_corpus.py" --mb "$mb" --out "$out" \
            --seed-file "$SHARED/seed/liberal-rafah.txt" >/dev/null
    else
        compgen -G "corpus/mt/*.txt" >/dev/null || die "neither $SHARED/tools nor corpus/mt/*.txt found"
        : >"$out"
        while [ "$(file_size "$out")" -lt $((mb * 1000000)) ]; do
            for f in corpus/mt/*.txt; do cat "$f"; printf '\n\n\n'; done >>"$out"
        done
    fi
}

if [ -f "$SHARED/tools/make_corpus.py" ]; then
    echo "== generating text with $SHARED/tools/make_corpus.py"
else
    echo "== $SHARED/tools not found: repeating corpus/mt/*.txt"
fi
declare -A FILE BYTES
for mb in 1 10; do
    FILE[$mb]=$DATA/corpus_${mb}mb.txt
    make_text "$mb" "${FILE[$mb]}"
    BYTES[$mb]=$(file_size "${FILE[$mb]}")
    echo "   ${FILE[$mb]}: ${BYTES[$mb]} bytes"
done

# --- 1. throughput and scaling ---------------------------------------------

# The foundation's rules (issue 2) alone, and every built-in rule: the later
# rule kinds must keep a 10 MB check within twice the foundation's time.
FOUNDATION=$(grep -v '^#' scripts/foundation-rules.txt | paste -sd, -)
declare -A SELECT=([foundation]="--select=$FOUNDATION" [all]="")
declare -A BEST MEDIAN TIMES
# The two selections alternate run by run, so that a change in the host's load
# during the benchmark weighs on both alike and not on their ratio.
for mb in 1 10; do
    for set in foundation all; do
        # shellcheck disable=SC2086 # SELECT is one word or none
        mtlint_quiet check --format json ${SELECT[$set]} "${FILE[$mb]}" # warm the page cache
    done
    for ((i = 0; i < RUNS; i++)); do
        for set in foundation all; do
            # shellcheck disable=SC2086
            TIMES[$set$mb]+="$(time_once check --format json ${SELECT[$set]} "${FILE[$mb]}") "
        done
    done
done
for set in foundation all; do
    echo
    echo "== (a, b) check --format json, $set rules, $RUNS runs each, alternated${PIN:+ (pinned: ${PIN[*]})}"
    for mb in 1 10; do
        stats=$(tr ' ' '\n' <<<"${TIMES[$set$mb]}" | grep . | best_median)
        read -r "BEST[$set$mb]" "MEDIAN[$set$mb]" <<<"$stats"
        printf '   %2s MB: best %.3f s (%.1f MB/s), median %.3f s (%.1f MB/s)\n' "$mb" \
            "${BEST[$set$mb]}" "$(calc %.3f "${BYTES[$mb]} / ${BEST[$set$mb]} / 1e6")" \
            "${MEDIAN[$set$mb]}" "$(calc %.3f "${BYTES[$mb]} / ${MEDIAN[$set$mb]} / 1e6")"
    done
done
SCALE=$(calc %.2f "${MEDIAN[foundation10]} / ${MEDIAN[foundation1]}")
SCALE_ALL=$(calc %.2f "${MEDIAN[all10]} / ${MEDIAN[all1]}")
RATIO=$(calc %.2f "${MEDIAN[all10]} / ${MEDIAN[foundation10]}")
RATIO_BEST=$(calc %.2f "${BEST[all10]} / ${BEST[foundation10]}")
echo "   10 MB / 1 MB median time: ${SCALE}x foundation, ${SCALE_ALL}x all rules"
echo "   10 MB, all rules / foundation rules: ${RATIO}x (medians), ${RATIO_BEST}x (best runs)"

# Instruction counts do not depend on what else the machine runs: with
# valgrind installed, they give the all/foundation ratio without noise.
if command -v valgrind >/dev/null; then
    declare -A INSTR
    for set in foundation all; do
        log=$(mktemp)
        # shellcheck disable=SC2086
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" check --format json \
            ${SELECT[$set]} "${FILE[10]}" >/dev/null 2>"$log" || true
        INSTR[$set]=$(awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$log")
        rm -f "$log"
    done
    RATIO_INSTR=$(calc %.2f "${INSTR[all]} / ${INSTR[foundation]}")
    printf '   instructions, 10 MB: %.2f G foundation, %.2f G all rules (%sx)\n' \
        "$(calc %.3f "${INSTR[foundation]} / 1e9")" "$(calc %.3f "${INSTR[all]} / 1e9")" "$RATIO_INSTR"
fi

# --- 2. peak memory ----------------------------------------------------------

echo
echo "== (c) peak memory (max RSS, /usr/bin/time -v)"
declare -A RSS
if [ -x /usr/bin/time ]; then
    for set in foundation all; do
        for mb in 1 10; do
            # shellcheck disable=SC2086
            RSS[$set$mb]=$(peak_rss check --format json ${SELECT[$set]} "${FILE[$mb]}")
            printf '   %-10s rules, %2s MB: %.1f MB (target < %.1f MB)\n' "$set" "$mb" \
                "$(calc %.3f "${RSS[$set$mb]} / 1e6")" "$(calc %.3f "(3 * ${BYTES[$mb]} + 30e6) / 1e6")"
        done
    done
else
    echo "   /usr/bin/time not installed: skipped"
fi

# --- 3. start-up -------------------------------------------------------------

# Prints "BEST MEDIAN" in ms of STARTUP_RUNS checks of the paragraph with ARGS.
startup_ms() {
    if command -v hyperfine >/dev/null; then
        local json stats
        json=$(mktemp)
        hyperfine --runs "$STARTUP_RUNS" --warmup 3 --ignore-failure --style none \
            --export-json "$json" "printf '%s\n' '$PARAGRAPH' | $BIN check $* -" >/dev/null
        python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["min"] * 1000, r["median"] * 1000)' "$json"
        rm -f "$json"
    else
        for ((i = 0; i < STARTUP_RUNS + 3; i++)); do
            t0=$(now_ns)
            rc=0
            # shellcheck disable=SC2068 # ARGS are one word or none
            printf '%s\n' "$PARAGRAPH" | "$BIN" check $@ - >/dev/null || rc=$?
            t1=$(now_ns)
            [ "$rc" -le 1 ] || die "mtlint check - exited with $rc"
            [ "$i" -lt 3 ] || awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'
        done >"$DATA/startup.txt"
        best_median <"$DATA/startup.txt"
    fi
}

echo
echo "== (d) one paragraph from stdin, $STARTUP_RUNS runs"
printf '%s\n' "$PARAGRAPH" | mtlint_quiet check - # fails here on errors, not in the timing
command -v hyperfine >/dev/null && echo "   (hyperfine, shell start-up subtracted)" \
    || echo "   (date +%s%N loop, pipeline included; hyperfine not installed)"
declare -A SU_BEST SU_MEDIAN
for set in foundation all; do
    # shellcheck disable=SC2086
    read -r "SU_BEST[$set]" "SU_MEDIAN[$set]" <<<"$(startup_ms ${SELECT[$set]})"
    printf '   %-10s rules: best %.2f ms, median %.2f ms\n' "$set" "${SU_BEST[$set]}" "${SU_MEDIAN[$set]}"
done

# --- 4. substitution table size --------------------------------------------

echo
echo "== (e) substitution table, 100 vs 10,000 entries, 1 MB, $RUNS runs each"
declare -A TBL_ALONE TBL_ALL TBL_LOAD
for n in 100 10000; do
    python3 scripts/gen_table.py --entries "$n" --out "$DATA/table-$n"
    # The table rule alone (--select), then with every built-in rule as well.
    stats=$(time_runs --rules "$DATA/table-$n" check --format json --select bench \
        "${FILE[1]}" | best_median)
    read -r _ "TBL_ALONE[$n]" <<<"$stats"
    stats=$(time_runs --rules "$DATA/table-$n" check --format json "${FILE[1]}" | best_median)
    read -r _ "TBL_ALL[$n]" <<<"$stats"
    # Loading the rules without checking anything (`mtlint rules` lists them).
    stats=$(time_runs --rules "$DATA/table-$n" rules | best_median)
    read -r _ "TBL_LOAD[$n]" <<<"$stats"
    printf '   %5s entries: median %.3f s table rule alone, %.3f s with all rules, %.3f s loading only\n' \
        "$n" "${TBL_ALONE[$n]}" "${TBL_ALL[$n]}" "${TBL_LOAD[$n]}"
done
TBL_RATIO=$(calc %.3f "${TBL_ALONE[10000]} / ${TBL_ALONE[100]}")
TBL_RATIO_ALL=$(calc %.3f "${TBL_ALL[10000]} / ${TBL_ALL[100]}")
echo "   10,000 / 100 entries: ${TBL_RATIO}x alone, ${TBL_RATIO_ALL}x with all rules"

# --- summary -----------------------------------------------------------------

# One summary row: label, measured text, target text, and an awk condition for "met".
row() {
    local status=MISSED
    if [ "$3" = "(none)" ]; then status=-; elif awk "BEGIN { exit !($4) }"; then status=met; fi
    printf '%-44s %-16s %-16s %s\n' "$1" "$2" "$3" "$status"
}

echo
echo "== summary (medians; MB = 10^6 bytes)"
printf '%-44s %-16s %-16s %s\n' measure measured target status
for mb in 1 10; do
    mbs=$(calc %.1f "${BYTES[$mb]} / ${MEDIAN[foundation$mb]} / 1e6")
    row "throughput, $mb MB, foundation rules" "$mbs MB/s" ">= 50 MB/s" "$mbs >= 50"
    mbs=$(calc %.1f "${BYTES[$mb]} / ${MEDIAN[all$mb]} / 1e6")
    row "throughput, $mb MB, all rules" "$mbs MB/s" "(none)" "1"
done
row "time 10 MB / time 1 MB, foundation" "${SCALE}x" "<= 12x" "$SCALE <= 12"
row "time 10 MB / time 1 MB, all rules" "${SCALE_ALL}x" "<= 12x" "$SCALE_ALL <= 12"
row "10 MB: all rules / foundation rules" "${RATIO}x" "<= 2x" "$RATIO <= 2"
row "  the same, best runs" "${RATIO_BEST}x" "<= 2x" "$RATIO_BEST <= 2"
if [ -n "${RATIO_INSTR:-}" ]; then
    row "  the same in instructions (valgrind)" "${RATIO_INSTR}x" "<= 2x" "$RATIO_INSTR <= 2"
fi
pct=$(calc %+.1f "($TBL_RATIO - 1) * 100")
row "10,000- vs 100-entry table (rule alone, load incl.)" "$pct%" "< +20%" "$TBL_RATIO < 1.2"
pct=$(calc %+.1f "($TBL_RATIO_ALL - 1) * 100")
row "10,000- vs 100-entry table (+ all rules)" "$pct%" "< +20%" "$TBL_RATIO_ALL < 1.2"
su=$(calc %.2f "${SU_MEDIAN[foundation]}")
row "one paragraph from stdin, foundation" "$su ms" "< 15 ms" "$su < 15"
su=$(calc %.2f "${SU_MEDIAN[all]}")
row "one paragraph from stdin, all rules" "$su ms" "(none)" "1"
for set in foundation all; do
    for mb in 1 10; do
        [ -n "${RSS[$set$mb]:-}" ] || continue
        limit=$(calc %.1f "(3 * ${BYTES[$mb]} + 30e6) / 1e6")
        rss=$(calc %.1f "${RSS[$set$mb]} / 1e6")
        row "peak memory, $mb MB file, $set rules" "$rss MB" "< $limit MB" "$rss < $limit"
    done
done

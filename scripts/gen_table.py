#!/usr/bin/env python3
"""Write a rule folder holding one generated substitution rule of N entries.

Used by scripts/bench.sh to compare a 100-entry and a 10,000-entry table:

    python3 scripts/gen_table.py --entries 10000 --out bench-data/table-10000

The folder gets one file, table.yaml, with the rule `bench.table-N`
(class name, case sensitive). Entries map distinct pseudo-names to a fix,
"Xqdidaba Rozuley" -> "Didaba Rozuley", so none occurs in real news text.
benches/check.rs generates the same entries (keep the two in step).

Only the standard library is used.
"""
import argparse
import os

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"


def syllable(i):
    """The i-th of 70 consonant-vowel syllables."""
    return CONSONANTS[i % len(CONSONANTS)] + VOWELS[i // len(CONSONANTS) % len(VOWELS)]


def word(n):
    """Three syllables spelling n in base 70 (distinct for n < 343,000)."""
    return "".join(syllable(n // 70**k % 70) for k in range(3))


def entry(i):
    """Entry i: (wrong name, right name); the wrong first names are distinct."""
    first = word(i)
    last = word(i * 7919 % 343_000).capitalize() + "y"
    return f"Xq{first} {last}", f"{first.capitalize()} {last}"


def rule_yaml(entries):
    wrong, right = entry(0)
    first, last = wrong.split(" ", 1)
    lines = [
        "rules:",
        f"  - id: bench.table-{entries}",
        "    class: name",
        "    severity: error",
        f"    description: Generated {entries}-entry table for benchmarks",
        '    message: "$wrong should be $right"',
        "    safe: true",
        "    examples:",
        "      flag:",
        f'        - "Officials met [[{first}]] {last} on Monday."',
        "      pass:",
        f'        - "Officials met {right} on Monday."',
        "    substitution:",
        "      table:",
    ]
    lines += [f'        "{w}": "{r}"' for w, r in map(entry, range(entries))]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, required=True, help="table size")
    ap.add_argument("--out", required=True, help="rule folder to (re)write")
    args = ap.parse_args()
    if not 1 <= args.entries <= 343_000:
        ap.error("--entries must be between 1 and 343000")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "table.yaml"), "w", encoding="utf-8") as f:
        f.write(rule_yaml(args.entries))


if __name__ == "__main__":
    main()

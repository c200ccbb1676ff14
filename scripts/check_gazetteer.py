#!/usr/bin/env python3
"""Validate rules/en/gazetteer/*.yaml against docs/gazetteer-format.md.

Checks: top-level key, required and unknown fields, ISO 3166-1 alpha-2 codes (plus the
organisation codes the format fixes), dates and their order, gender values, duplicate names,
variants that equal another entry's name, alias or demonym, variants and calques that are common
English words (when /usr/share/dict/words exists), one-word variants that are first names in
data/first-names.tsv, and offices referenced by people that offices.yaml does not define. Prints one line per problem; exits 1 if there is any.

    python3 scripts/check_gazetteer.py [DIR]
"""

import re
import sys
from pathlib import Path

import yaml

ISO = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
ORG_CODES = {"UN", "EU", "XN", "XI", "XW", "XB", "XA", "XC", "XK"}
CODES = ISO | ORG_CODES
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
OFFICE_KEY = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
KINDS = {"country", "region", "city", "other"}
UNQUOTED_YEAR = re.compile(r"\b(?:from|to|confirmed): \d{4}\s*(?:[,}]|$)")

PERSON = {"name", "gender", "country", "variants", "aliases", "offices"}
PERSON_REQ = {"name", "country"}
OFFICE_OF_PERSON = {"office", "country", "from", "to", "confirmed"}
PLACE = {"name", "kind", "country", "variants", "aliases", "demonyms"}
ORG = {"name", "country", "aliases", "calques"}
OFFICES_ENTRY = {"country", "adjectives", "titles"}
TITLE = {"title", "aliases", "calques"}


class Checker:
    """Collects problems while walking the files."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.common = load_common_words()
        self.first_names = load_first_names()

    def err(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    def fields(self, where: str, entry: object, allowed: set, required: set) -> bool:
        if not isinstance(entry, dict):
            self.err(where, "entry is not a mapping")
            return False
        for key in entry:
            if key not in allowed:
                self.err(where, f"unknown field `{key}`")
        for key in required - entry.keys():
            self.err(where, f"missing field `{key}`")
        return True

    def strings(self, where: str, entry: dict, key: str) -> list[str]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.err(where, f"`{key}` must be a list of non-empty strings")
            return []
        if len(set(value)) != len(value):
            self.err(where, f"`{key}` has duplicates")
        return value

    def code(self, where: str, value: object, orgs: bool = False) -> None:
        allowed = CODES if orgs else ISO | {"XK"}
        if not isinstance(value, str) or value not in allowed:
            self.err(where, f"bad country code {value!r}")

    def date(self, where: str, value: object) -> tuple | None:
        m = DATE.match(str(value)) if value is not None else None
        if not m:
            self.err(where, f"bad date {value!r} (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            self.err(where, f"bad date {value!r}")
            return None
        if not 1900 <= year <= 2030:
            self.err(where, f"implausible year in {value!r}")
        return (year, month or 0, day or 0)

    def common_word(self, text: str) -> bool:
        return bool(self.common) and text.lower() in self.common


def load_common_words() -> set[str]:
    """Lower-case dictionary words (entries written in lower case: not proper nouns)."""
    path = Path("/usr/share/dict/words")
    if not path.is_file():
        return set()
    words = path.read_text(encoding="utf-8", errors="replace").split()
    return {w for w in words if w.islower() and "'" not in w}


def load_first_names() -> set[str]:
    """Lower-case first names from data/first-names.tsv (empty if the table is missing)."""
    path = Path(__file__).resolve().parent.parent / "data" / "first-names.tsv"
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[0].lower() for line in lines if line and not line.startswith("#")}


def load(path: Path) -> dict:
    # BaseLoader keeps every scalar a string (dates, NO), as a string-typed loader sees them.
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader)


def check_people(c: Checker, where: str, people: list, names: dict, refs: list) -> None:
    for i, p in enumerate(people):
        w = f"{where}: people[{i}] {p.get('name', '?') if isinstance(p, dict) else ''}"
        if not c.fields(w, p, PERSON, PERSON_REQ):
            continue
        if "gender" in p and p["gender"] not in ("male", "female"):
            c.err(w, f"gender must be male or female, not {p['gender']!r}")
        c.code(w, p.get("country"))
        register(c, w, "person", p, names)
        for j, o in enumerate(p.get("offices", []) or []):
            ow = f"{w} offices[{j}]"
            if not c.fields(ow, o, OFFICE_OF_PERSON, {"office", "country", "from"}):
                continue
            c.code(ow, o.get("country"), orgs=True)
            start = c.date(ow, o.get("from"))
            end = c.date(ow, o["to"]) if "to" in o else None
            if "confirmed" in o:
                if "to" in o:
                    c.err(ow, "`confirmed` only makes sense without `to`")
                conf = c.date(ow, o["confirmed"])
                if start and conf and before(conf, start):
                    c.err(ow, "`confirmed` is before `from`")
            if start and end and before(end, start):
                c.err(ow, "`to` is before `from`")
            refs.append((ow, o.get("country"), o.get("office")))


def before(a: tuple, b: tuple) -> bool:
    """Whether date a is surely before date b, compared at the coarser of their precisions."""
    n = min(sum(1 for x in a if x), sum(1 for x in b if x))
    return a[:n] < b[:n]


def check_places(c: Checker, where: str, places: list, names: dict) -> None:
    for i, p in enumerate(places):
        w = f"{where}: places[{i}] {p.get('name', '?') if isinstance(p, dict) else ''}"
        if not c.fields(w, p, PLACE, {"name", "kind", "country"}):
            continue
        if p.get("kind") not in KINDS:
            c.err(w, f"kind must be one of {sorted(KINDS)}")
        c.code(w, p.get("country"))
        for d in c.strings(w, p, "demonyms"):
            names.setdefault(("known", d.lower()), []).append(w)
        register(c, w, "place", p, names)


def check_orgs(c: Checker, where: str, orgs: list, names: dict) -> None:
    for i, o in enumerate(orgs):
        w = f"{where}: organisations[{i}] {o.get('name', '?') if isinstance(o, dict) else ''}"
        if not c.fields(w, o, ORG, {"name"}):
            continue
        if "country" in o:
            c.code(w, o["country"], orgs=True)
        aliases = c.strings(w, o, "aliases")
        calques = c.strings(w, o, "calques")
        for cq in calques:
            if cq.lower() in {a.lower() for a in aliases} or cq.lower() == o["name"].lower():
                c.err(w, f"calque {cq!r} is also the name or an alias")
            if c.common_word(cq):
                c.err(w, f"calque {cq!r} is a common English word")
        register(c, w, "organisation", {"name": o["name"], "aliases": aliases}, names)
        for cq in calques:
            names.setdefault(("calque", cq.lower()), []).append(w)


def check_offices(c: Checker, where: str, entries: list, defined: dict) -> None:
    for i, e in enumerate(entries):
        w = f"{where}: offices[{i}] {e.get('country', '?') if isinstance(e, dict) else ''}"
        if not c.fields(w, e, OFFICES_ENTRY, OFFICES_ENTRY):
            continue
        c.code(w, e.get("country"), orgs=True)
        if e.get("country") in defined:
            c.err(w, "country defined twice")
        c.strings(w, e, "adjectives")
        titles = e.get("titles")
        if not isinstance(titles, dict) or not titles:
            c.err(w, "`titles` must be a non-empty mapping")
            continue
        defined[e.get("country")] = set(titles)
        for key, t in titles.items():
            tw = f"{w} {key}"
            if not OFFICE_KEY.match(key):
                c.err(tw, "office key must be lower-case words joined by hyphens")
            if not c.fields(tw, t, TITLE, {"title"}):
                continue
            aliases = {a.lower() for a in c.strings(tw, t, "aliases")} | {t["title"].lower()}
            for cq in c.strings(tw, t, "calques"):
                if cq.lower() in aliases:
                    c.err(tw, f"calque {cq!r} is also the title or an alias")


def register(c: Checker, where: str, kind: str, entry: dict, names: dict) -> None:
    """Record names and aliases; variants are checked against them at the end."""
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        c.err(where, "`name` must be a non-empty string")
        return
    names.setdefault((kind, name.lower()), []).append(where)
    names.setdefault(("known", name.lower()), []).append(where)
    for a in c.strings(where, entry, "aliases"):
        names.setdefault(("known", a.lower()), []).append(where)
        if a == name:
            c.err(where, f"alias {a!r} repeats the name")
    for v in c.strings(where, entry, "variants"):
        names.setdefault(("variant", v.lower()), []).append(where)


def cross_checks(c: Checker, names: dict, refs: list, defined: dict) -> None:
    for (kind, text), wheres in names.items():
        if kind in ("person", "place", "organisation") and len(wheres) > 1:
            c.err(wheres[1], f"duplicate {kind} name {text!r} (also {wheres[0]})")
        if kind == "variant":
            if ("known", text) in names:
                c.err(wheres[0], f"variant {text!r} is the name or alias of {names[('known', text)][0]}")
            if c.common_word(text):
                c.err(wheres[0], f"variant {text!r} is a common English word")
            if " " not in text and text in c.first_names:
                c.err(wheres[0], f"variant {text!r} is a first name in data/first-names.tsv")
        if kind == "calque" and ("known", text) in names:
            c.err(wheres[0], f"calque {text!r} is the name or alias of {names[('known', text)][0]}")
    for where, country, office in refs:
        if country not in defined:
            c.err(where, f"offices.yaml has no entry for {country}")
        elif office not in defined[country]:
            c.err(where, f"offices.yaml has no office `{office}` for {country}")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "rules/en/gazetteer"
    c = Checker()
    names: dict = {}
    refs: list = []
    defined: dict = {}
    counts = {"people": 0, "places": 0, "organisations": 0, "offices": 0}
    for path in sorted(root.glob("*.yaml")):
        where = path.name
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if UNQUOTED_YEAR.search(line):
                c.err(f"{where}:{lineno}", "quote a year-only date ('2024'): YAML reads it as a number")
        try:
            doc = load(path)
        except yaml.YAMLError as e:
            c.err(where, f"YAML error: {e}")
            continue
        if not isinstance(doc, dict) or len(doc) != 1:
            c.err(where, "expected exactly one top-level key")
            continue
        (key, entries), = doc.items()
        if key not in counts or not isinstance(entries, list):
            c.err(where, f"top-level key must be one of {sorted(counts)} with a list")
            continue
        counts[key] += len(entries)
        {"people": lambda: check_people(c, where, entries, names, refs),
         "places": lambda: check_places(c, where, entries, names),
         "organisations": lambda: check_orgs(c, where, entries, names),
         "offices": lambda: check_offices(c, where, entries, defined)}[key]()
    cross_checks(c, names, refs, defined)
    for p in c.problems:
        print(p)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    dict_note = "" if c.common else " (no /usr/share/dict/words: common-word check skipped)"
    print(f"{len(c.problems)} problems; {summary}{dict_note}", file=sys.stderr)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())

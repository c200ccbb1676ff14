"""Drives mtlint serve's /v2/check with the unmodified language_tool_python client.

usage: python check_offsets.py URL TEXT.txt FINDINGS.json
Checks that every finding of `mtlint check --format json` on the text comes back
as a match with the LanguageTool-shaped rule id, at the right offset (the client
turns LanguageTool's UTF-16 offsets into Python string indices), and that rule
filters, `correct()` and language variants work. Exit 0 when all hold.
"""
import json
import re
import sys

import language_tool_python

url, text_path, findings_path = sys.argv[1:4]
with open(text_path, encoding="utf-8") as f:
    text = f.read()
with open(findings_path, encoding="utf-8") as f:
    expected = json.load(f)["files"][0]["findings"]
raw = text.encode("utf-8")
failures = []


def lt_id(rule):
    return re.sub(r"[^A-Za-z0-9]", "_", rule).upper()


def char_index(byte_offset):
    return len(raw[:byte_offset].decode("utf-8"))


tool = language_tool_python.LanguageTool("en-US", remote_server=url)
try:
    matches = tool.check(text)
    got = sorted((m.rule_id, m.offset, text[m.offset:m.offset + m.error_length]) for m in matches)
    want = sorted((lt_id(f["rule"]), char_index(f["start"]), f["text"]) for f in expected)
    if got != want:
        failures.append(f"matches differ:\n  got  {got}\n  want {want}")
    for m in matches:
        if not m.message or not m.category or not m.rule_issue_type or not m.context:
            failures.append(f"incomplete match: {m!r}")
        # The client passes context offsets through as LanguageTool sends them: UTF-16 units.
        units = m.context.encode("utf-16-le")
        start = 2 * m.offset_in_context
        context_word = units[start:start + 2 * m.error_length].decode("utf-16-le")
        if context_word != text[m.offset:m.offset + m.error_length]:
            failures.append(f"context offset wrong for {m.rule_id}: {context_word!r}")

    corrected = tool.correct(text)
    for fixed in ["Antony Blinken", "Secretary of State", "ended. Officials", "Kharkiv", "👋🏽 met in Malmö 😀"]:
        if fixed not in corrected:
            failures.append(f"correct() lacks {fixed!r}: {corrected!r}")

    tool.disabled_rules = {"TITLES_OFFICE_CALQUE", "UPPERCASE_SENTENCE_START"}
    ids = {m.rule_id for m in tool.check(text)}
    if "TITLES_OFFICE_CALQUE" in ids or not ids:
        failures.append(f"disabledRules ignored: {ids}")
    tool.disabled_rules = set()
    tool.enabled_rules = {"NAMES_GAZETTEER_VARIANT"}
    tool.enabled_rules_only = True
    ids = {m.rule_id for m in tool.check(text)}
    if ids != {"NAMES_GAZETTEER_VARIANT"}:
        failures.append(f"enabledOnly gave {ids}")
finally:
    tool.close()

gb = language_tool_python.LanguageTool("en-GB", remote_server=url)
try:
    if not gb.check("The US Foreign Minister said.Officials left."):
        failures.append("en-GB request found nothing")
finally:
    gb.close()

try:
    language_tool_python.LanguageTool("de-DE", remote_server=url)
    failures.append("de-DE was accepted")
except Exception:
    pass

print(f"{len(expected)} findings matched at the right offsets by language_tool_python; {len(failures)} failures")
for failure in failures:
    print("FAIL " + failure, file=sys.stderr)
sys.exit(1 if failures else 0)

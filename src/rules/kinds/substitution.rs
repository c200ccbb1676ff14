//! `substitution`: a table wrong → right, matched in one aho-corasick pass
//! however long the table, with word boundaries and context checked in code.
//! A finding covers only the words that differ ("Anthony Blinken" →
//! "Antony Blinken" flags "Anthony").

use super::{at_word_boundaries, is_word_char};
use crate::diagnostic::Span;
use crate::rules::spec::{CaseMode, SubstitutionSpec};
use crate::rules::{Check, Hit};
use crate::text::Document;
use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::cmp::Reverse;
use std::sync::OnceLock;

/// Texts at least this long are searched with a DFA (built once, ~1 ms)...
const DFA_MIN_TEXT: usize = 64 * 1024;
/// ...unless the table is so large that the DFA would cost more than it saves.
const DFA_MAX_ENTRIES: usize = 2_000;

#[derive(Debug)]
pub struct Substitution {
    /// Quick to build: enough for a short text.
    automaton: AhoCorasick,
    /// Quicker to run, slower to build: made for the first long text.
    dfa: OnceLock<Option<AhoCorasick>>,
    /// (wrong, right), indexed by pattern id.
    entries: Vec<(String, String)>,
    pub(crate) case: CaseMode,
    preceded_by: Vec<String>,
    followed_by: Vec<String>,
    unless_preceded_by: Vec<String>,
    unless_followed_by: Vec<String>,
}

impl Substitution {
    pub fn compile(spec: &SubstitutionSpec) -> Result<Self, String> {
        if spec.table.is_empty() {
            return Err("`table` is empty".into());
        }
        if let Some((wrong, _)) = spec
            .table
            .iter()
            .find(|(w, r)| w.trim().is_empty() || w == r)
        {
            return Err(format!("table entry {wrong:?} is empty or maps to itself"));
        }
        let entries: Vec<(String, String)> = spec
            .table
            .iter()
            .map(|(w, r)| (w.clone(), r.clone()))
            .collect();
        let automaton = build_automaton(&entries, spec.case, AhoCorasickKind::ContiguousNFA)?;
        Ok(Substitution {
            automaton,
            dfa: OnceLock::new(),
            entries,
            case: spec.case,
            preceded_by: spec.preceded_by.clone(),
            followed_by: spec.followed_by.clone(),
            unless_preceded_by: spec.unless_preceded_by.clone(),
            unless_followed_by: spec.unless_followed_by.clone(),
        })
    }

    /// Whether the table is small enough to share a DFA with others.
    pub fn groups_well(&self) -> bool {
        self.entries.len() <= DFA_MAX_ENTRIES
    }

    fn automaton_for(&self, text: &str) -> &AhoCorasick {
        if text.len() < DFA_MIN_TEXT || self.entries.len() > DFA_MAX_ENTRIES {
            return &self.automaton;
        }
        let dfa = self.dfa.get_or_init(|| {
            let entries = &self.entries;
            build_automaton(entries, self.case, AhoCorasickKind::DFA).ok()
        });
        dfa.as_ref().unwrap_or(&self.automaton)
    }

    fn context_allows(&self, text: &str, start: usize, end: usize) -> bool {
        let before = text[..start].trim_end();
        let after = text[end..].trim_start();
        let insensitive = self.case == CaseMode::Insensitive;
        let any_before =
            |list: &[String]| list.iter().any(|p| ends_with_word(before, p, insensitive));
        let any_after =
            |list: &[String]| list.iter().any(|p| starts_with_word(after, p, insensitive));
        (self.preceded_by.is_empty() || any_before(&self.preceded_by))
            && (self.followed_by.is_empty() || any_after(&self.followed_by))
            && !any_before(&self.unless_preceded_by)
            && !any_after(&self.unless_followed_by)
    }
}

impl Substitution {
    /// Reports a table match of entry `entry` at `start..end`, if its word
    /// boundaries and context allow.
    fn hit(&self, text: &str, start: usize, end: usize, entry: usize, hits: &mut Vec<Hit>) {
        if !at_word_boundaries(text, start, end) || !self.context_allows(text, start, end) {
            return;
        }
        let (wrong, right) = &self.entries[entry];
        hits.push(replacement_hit(text, start, end, wrong, right));
    }
}

/// The hit for a table entry `wrong` → `right` found at `start..end`: the
/// replacement follows the text's case and covers only the words that differ.
pub(super) fn replacement_hit(
    text: &str,
    start: usize,
    end: usize,
    wrong: &str,
    right: &str,
) -> Hit {
    let found = &text[start..end];
    let right = match_case(found, wrong, right);
    let (span, replacement) = narrow(found, &right, start);
    Hit {
        span,
        vars: vec![
            ("wrong".into(), found.to_string()),
            ("right".into(), right.clone()),
        ],
        replacements: vec![replacement],
    }
}

impl Check for Substitution {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let text = doc.text;
        for m in self.automaton_for(text).find_iter(text) {
            self.hit(text, m.start(), m.end(), m.pattern().as_usize(), hits);
        }
    }

    fn as_substitution(&self) -> Option<&Substitution> {
        Some(self)
    }

    fn variables(&self) -> Vec<String> {
        vec!["wrong".into(), "right".into()]
    }
}

fn eq(a: &str, b: &str, insensitive: bool) -> bool {
    if insensitive {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

pub(crate) fn ends_with_word(text: &str, phrase: &str, insensitive: bool) -> bool {
    if text.len() < phrase.len() || !text.is_char_boundary(text.len() - phrase.len()) {
        return false;
    }
    let at = text.len() - phrase.len();
    eq(&text[at..], phrase, insensitive)
        && !text[..at].chars().next_back().is_some_and(is_word_char)
}

pub(crate) fn starts_with_word(text: &str, phrase: &str, insensitive: bool) -> bool {
    if text.len() < phrase.len() || !text.is_char_boundary(phrase.len()) {
        return false;
    }
    eq(&text[..phrase.len()], phrase, insensitive)
        && !text[phrase.len()..]
            .chars()
            .next()
            .is_some_and(is_word_char)
}

/// Gives `right` the case the text used: all capitals, or a capital first letter
/// where the table entry had a small one.
pub(crate) fn match_case(found: &str, wrong: &str, right: &str) -> String {
    if found == wrong {
        return right.to_string();
    }
    let letters = found.chars().filter(|c| c.is_alphabetic()).count();
    if letters > 1 && found.chars().all(|c| !c.is_lowercase()) {
        return right.to_uppercase();
    }
    let found_cap = found.chars().next().is_some_and(char::is_uppercase);
    let wrong_cap = wrong.chars().next().is_some_and(char::is_uppercase);
    if found_cap && !wrong_cap {
        let mut chars = right.chars();
        return chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect());
    }
    right.to_string()
}

/// Drops the words that `found` and `right` share at either end, so the span
/// covers only what changes. Returns the narrowed span and its replacement.
pub(crate) fn narrow(found: &str, right: &str, base: usize) -> (Span, String) {
    let words = |s: &str| s.split(' ').map(str::len).collect::<Vec<_>>();
    let (fw, rw) = (words(found), words(right));
    let (f_parts, r_parts): (Vec<&str>, Vec<&str>) =
        (found.split(' ').collect(), right.split(' ').collect());
    let mut lead = 0;
    while lead + 1 < f_parts.len() && lead + 1 < r_parts.len() && f_parts[lead] == r_parts[lead] {
        lead += 1;
    }
    let mut trail = 0;
    while trail + 1 + lead < f_parts.len()
        && trail + 1 + lead < r_parts.len()
        && f_parts[f_parts.len() - 1 - trail] == r_parts[r_parts.len() - 1 - trail]
    {
        trail += 1;
    }
    let skip = |lens: &[usize], n: usize| lens[..n].iter().map(|l| l + 1).sum::<usize>();
    let f_start = skip(&fw, lead);
    let f_end = found.len() - skip(&fw[fw.len() - trail..], trail);
    let r_start = skip(&rw, lead);
    let r_end = right.len() - skip(&rw[rw.len() - trail..], trail);
    (
        Span::new(base + f_start, base + f_end),
        right[r_start..r_end].to_string(),
    )
}

/// The tables of several substitution rules with the same case mode, searched
/// in one pass. A long text is cheaper to scan once for all tables than once
/// per table; the hits are exactly those of each rule's own search.
#[derive(Debug)]
pub struct TableGroup {
    /// The concrete DFA type, not `AhoCorasick`: its overlapping search then
    /// inlines the transition function instead of a dynamic call per byte.
    automaton: DFA,
    /// For each pattern of the automaton: (member, entry of that member).
    owners: Vec<(usize, usize)>,
}

impl TableGroup {
    /// Builds one automaton over every member's table (all of `case`).
    pub fn build(members: &[&Substitution], case: CaseMode) -> Option<TableGroup> {
        let mut owners = Vec::new();
        let mut patterns = Vec::new();
        for (member, sub) in members.iter().enumerate() {
            for (entry, (wrong, _)) in sub.entries.iter().enumerate() {
                owners.push((member, entry));
                patterns.push(wrong.as_str());
            }
        }
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(case == CaseMode::Insensitive)
            .build(patterns)
            .ok()?;
        Some(TableGroup { automaton, owners })
    }

    /// Each member's hits in `doc`, in member order. Every occurrence of every
    /// entry is found (see [`TableGroup::occurrences`]), then each member keeps
    /// the leftmost-longest, non-overlapping ones, as its own automaton would.
    pub fn check(&self, members: &[&Substitution], doc: &Document) -> Vec<Vec<Hit>> {
        let mut found: Vec<Vec<(usize, Reverse<usize>, usize)>> = vec![Vec::new(); members.len()];
        for (start, end, pattern) in self.occurrences(doc.text) {
            let (member, entry) = self.owners[pattern];
            found[member].push((start, Reverse(end), entry));
        }
        members
            .iter()
            .zip(found)
            .map(|(sub, mut matches)| {
                matches.sort_unstable();
                let mut hits = Vec::new();
                let mut taken_to = 0;
                for (start, Reverse(end), entry) in matches {
                    if start >= taken_to {
                        taken_to = end;
                        sub.hit(doc.text, start, end, entry, &mut hits);
                    }
                }
                hits
            })
            .collect()
    }

    /// Every occurrence of every pattern in `text` as (start, end, pattern).
    ///
    /// An overlapping search costs several times a plain one per byte, so it
    /// runs only in windows around the matches of a plain (non-overlapping)
    /// scan: an occurrence that scan skips overlaps a match it reports, so it
    /// lies within one pattern length of that match.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for (start, end) in self.windows(text) {
            let input = Input::new(text).span(start..end);
            let mut state = OverlappingState::start();
            // A DFA search cannot fail: it has no size or anchoring limits.
            while let Ok(()) = self.automaton.try_find_overlapping(&input, &mut state) {
                let Some(m) = state.get_match() else { break };
                found.push((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
        found
    }

    /// Disjoint byte ranges of `text` that hold every occurrence of every
    /// pattern: each match of a plain scan widened by the longest pattern
    /// less one byte on both sides, merged where they touch.
    fn windows(&self, text: &str) -> Vec<(usize, usize)> {
        let widen = self.automaton.max_pattern_len().saturating_sub(1);
        let mut windows: Vec<(usize, usize)> = Vec::new();
        let Ok(matches) = self.automaton.try_find_iter(Input::new(text)) else {
            return vec![(0, text.len())];
        };
        for m in matches {
            let start = m.start().saturating_sub(widen);
            let end = (m.end() + widen).min(text.len());
            match windows.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => windows.push((start, end)),
            }
        }
        windows
    }

    /// Texts at least this long are scanned by groups.
    pub const MIN_TEXT: usize = DFA_MIN_TEXT;

    /// Whether a text is long enough for a group scan to pay off.
    pub fn worth_it(text: &str) -> bool {
        text.len() >= Self::MIN_TEXT
    }
}

/// One automaton over the table's wrong forms, leftmost-longest.
fn build_automaton(
    entries: &[(String, String)],
    case: CaseMode,
    kind: AhoCorasickKind,
) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .ascii_case_insensitive(case == CaseMode::Insensitive)
        .build(entries.iter().map(|(wrong, _)| wrong))
        .map_err(|e| format!("cannot build the table: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrows_to_the_changed_words() {
        assert_eq!(
            narrow("Anthony Blinken", "Antony Blinken", 10),
            (Span::new(10, 17), "Antony".into())
        );
        assert_eq!(
            narrow("US Foreign Minister", "US Secretary of State", 0),
            (Span::new(3, 19), "Secretary of State".into())
        );
        assert_eq!(
            narrow("Kharkov", "Kharkiv", 0),
            (Span::new(0, 7), "Kharkiv".into())
        );
    }

    #[test]
    fn follows_the_text_case() {
        assert_eq!(
            match_case(
                "President of the Government",
                "president of the Government",
                "prime minister"
            ),
            "Prime minister"
        );
        assert_eq!(match_case("SOURCE LINK", "source link", "x y"), "X Y");
    }

    /// The windowed search finds what one overlapping pass over the whole
    /// text finds, overlaps across members included.
    #[test]
    fn windows_hold_every_occurrence() {
        let patterns = [
            "Foreign Minister",
            "Minister",
            "ister Anthony",
            "Anthony",
            "a",
        ];
        let group = TableGroup {
            automaton: DFA::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .unwrap(),
            owners: (0..patterns.len()).map(|i| (i, 0)).collect(),
        };
        let text = "The US Foreign Minister Anthony Blinken. Minister Anthony, and a Minister.";
        let mut windowed = group.occurrences(text);
        let mut state = OverlappingState::start();
        let mut everywhere = Vec::new();
        let input = Input::new(text);
        while let Ok(()) = group.automaton.try_find_overlapping(&input, &mut state) {
            let Some(m) = state.get_match() else { break };
            everywhere.push((m.start(), m.end(), m.pattern().as_usize()));
        }
        windowed.sort_unstable();
        everywhere.sort_unstable();
        assert_eq!(windowed, everywhere);
        assert_eq!(everywhere.len(), 10);
    }

    #[test]
    fn context_words() {
        assert!(ends_with_word("said US", "US", false));
        assert!(!ends_with_word("said BUS", "US", false));
        assert!(starts_with_word("Blinken said", "Blinken", false));
    }
}

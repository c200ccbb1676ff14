//! `pattern`: a regex run on each unit of a scope (token, sentence, line,
//! paragraph or the whole document). A group named `flag` narrows the span;
//! `unless` conditions on groups drop hits.

use super::compile_regex;
use super::lazy_regex::LazyRegex;
use super::unit_filter::UnitFilter;
use crate::diagnostic::Span;
use crate::rules::spec::{ConditionSpec, PatternSpec, Scope};
use crate::rules::{Check, Hit};
use crate::text::Document;
use regex::{Captures, Regex};
use std::collections::HashSet;
use std::sync::OnceLock;

#[derive(Debug)]
pub struct Pattern {
    /// Compiled on first use, and only for a text that can hold a match.
    regex: LazyRegex,
    scope: Scope,
    unless: Vec<Condition>,
    /// Without anchors, one pass over the whole text finds the units that
    /// can hold a match (see [`candidate_units`]).
    prefilter: bool,
    /// Literals every match contains, looked for instead of that pass; built
    /// on first use (`None` when no literal filters well).
    filter: OnceLock<Option<UnitFilter>>,
}

#[derive(Debug)]
struct Condition {
    group: Option<String>,
    words: HashSet<String>,
    matches: Option<Regex>,
}

impl Pattern {
    pub fn compile(spec: &PatternSpec) -> Result<Self, String> {
        let regex = LazyRegex::new(&spec.regex)?;
        let unless = spec
            .unless
            .iter()
            .map(|c| Condition::compile(c, &regex))
            .collect::<Result<_, _>>()?;
        let anchored = ["^", "$", "\\A", "\\z"]
            .iter()
            .any(|a| spec.regex.contains(a));
        Ok(Pattern {
            regex,
            scope: spec.scope,
            unless,
            prefilter: !anchored,
            filter: OnceLock::new(),
        })
    }

    fn units<'d>(&self, doc: &'d Document) -> Box<dyn Iterator<Item = Span> + 'd> {
        match self.scope {
            Scope::Document => Box::new(std::iter::once(Span::new(0, doc.text.len()))),
            Scope::Paragraph => Box::new(doc.paragraphs.iter().copied()),
            Scope::Line => Box::new(doc.lines.iter().copied()),
            Scope::Sentence => Box::new(doc.sentences().iter().copied()),
            Scope::Token => Box::new(doc.tokens().iter().map(|t| t.span)),
        }
    }

    fn hit(&self, caps: &Captures, base: usize) -> Option<Hit> {
        if self.unless.iter().any(|c| c.holds(caps)) {
            return None;
        }
        let flagged = caps.name("flag").or_else(|| caps.get(0))?;
        let mut vars = Vec::new();
        for (i, name) in self.regex.capture_names().enumerate() {
            let value = caps.get(i).map_or("", |m| m.as_str()).to_string();
            vars.push((i.to_string(), value.clone()));
            if let Some(name) = name {
                vars.push((name.to_string(), value));
            }
        }
        Some(Hit {
            span: Span::new(base + flagged.start(), base + flagged.end()),
            vars,
            replacements: Vec::new(),
        })
    }
}

/// Texts at least this long are searched with a [`UnitFilter`]: building one
/// costs about as much as compiling the regex, which a short text repays only
/// if it can hold a match.
const FILTER_MIN_TEXT: usize = 64 * 1024;

impl Check for Pattern {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let filter = if doc.text.len() >= FILTER_MIN_TEXT {
            self.filter
                .get_or_init(|| self.regex.hir().and_then(|hir| UnitFilter::new(&hir)))
                .as_ref()
        } else {
            None
        };
        let (regex, candidates) = match filter {
            Some(filter) => {
                let ranges = filter.hits(doc.text);
                if ranges.is_empty() {
                    return;
                }
                let Some(regex) = self.regex.compiled() else {
                    return;
                };
                (
                    regex,
                    units_overlapping(ranges, &self.units(doc).collect::<Vec<_>>()),
                )
            }
            None => {
                let Some(regex) = self.regex.regex_for(doc.text) else {
                    return;
                };
                let units: Vec<Span> = self.units(doc).collect();
                if self.prefilter && self.scope != Scope::Document {
                    let matches = regex.find_iter(doc.text).map(|m| (m.start(), m.end()));
                    (regex, units_overlapping(matches, &units))
                } else {
                    (regex, units)
                }
            }
        };
        for unit in candidates {
            for caps in regex.captures_iter(unit.of(doc.text)) {
                hits.extend(self.hit(&caps, unit.start));
            }
        }
    }

    fn compile_all(&self) -> Result<(), String> {
        self.regex.force()
    }

    fn variables(&self) -> Vec<String> {
        let names = self.regex.capture_names().flatten().map(str::to_string);
        (0..self.regex.captures_len())
            .map(|i| i.to_string())
            .chain(names)
            .collect()
    }
}

/// The units that overlap one of `ranges` (byte ranges in text order).
///
/// With the matches of an unanchored regex over the whole text as ranges,
/// these are the units that can hold a match: every match inside a unit
/// overlaps some whole-text match (a leftmost match that starts earlier either
/// ends before it or covers its start). [`UnitFilter::hits`] gives ranges
/// with the same property for any regex.
fn units_overlapping(
    ranges: impl IntoIterator<Item = (usize, usize)>,
    units: &[Span],
) -> Vec<Span> {
    let mut out = Vec::new();
    let mut next = 0;
    for (start, end) in ranges {
        let end = end.max(start + 1);
        while next < units.len() && units[next].end <= start {
            next += 1;
        }
        while next < units.len() && units[next].start < end {
            out.push(units[next]);
            next += 1;
        }
        if next == units.len() {
            break;
        }
    }
    out
}

impl Condition {
    fn compile(spec: &ConditionSpec, regex: &LazyRegex) -> Result<Self, String> {
        if let Some(group) = &spec.group {
            let known = regex.capture_names().flatten().any(|n| n == group)
                || group
                    .parse::<usize>()
                    .is_ok_and(|i| i < regex.captures_len());
            if !known {
                return Err(format!(
                    "`unless` names group `{group}`, which the regex does not have"
                ));
            }
        }
        if spec.in_list.is_empty() && spec.matches.is_none() {
            return Err("an `unless` condition needs `in` or `matches`".into());
        }
        Ok(Condition {
            group: spec.group.clone(),
            words: spec.in_list.iter().map(|w| w.to_lowercase()).collect(),
            matches: spec.matches.as_deref().map(compile_regex).transpose()?,
        })
    }

    fn holds(&self, caps: &Captures) -> bool {
        let group = match &self.group {
            Some(g) => g
                .parse::<usize>()
                .ok()
                .map_or_else(|| caps.name(g), |i| caps.get(i)),
            None => caps.name("flag").or_else(|| caps.get(0)),
        };
        let text = group.map_or("", |m| m.as_str());
        self.words.contains(&text.to_lowercase())
            || self.matches.as_ref().is_some_and(|r| r.is_match(text))
    }
}

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
            Scope::Token => Box::new(doc.tokens().iter().map(|t| t.span())),
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

/// Below this length, a text is first checked against the literals every
/// match starts, ends with or contains ([`LazyRegex::may_match`]): searching a
/// short text for them costs less than building the rule's [`UnitFilter`].
const SHORT_TEXT: usize = 64 * 1024;

impl Pattern {
    /// The rule's filter (built on first use), if a literal set filters well.
    fn filter_for(&self) -> Option<&UnitFilter> {
        self.filter
            .get_or_init(|| UnitFilter::new(self.regex.hir()))
            .as_ref()
    }

    /// The regex and the units that can hold a match, or `None` when none can.
    fn candidates(
        &self,
        doc: &Document,
        filter: Option<&UnitFilter>,
    ) -> Option<(&Regex, Vec<Span>)> {
        match filter {
            Some(filter) => {
                let ranges = filter.hits(doc.text);
                if ranges.is_empty() {
                    return None; // before listing the units, which costs a pass
                }
                let units: Vec<Span> = self.units(doc).collect();
                Some((self.regex.compiled()?, units_overlapping(ranges, &units)))
            }
            None => {
                let units: Vec<Span> = self.units(doc).collect();
                let regex = self.regex.regex_for(doc.text)?;
                if self.prefilter && self.scope != Scope::Document {
                    let matches = regex.find_iter(doc.text).map(|m| (m.start(), m.end()));
                    Some((regex, units_overlapping(matches, &units)))
                } else {
                    Some((regex, units))
                }
            }
        }
    }

    fn check_with(&self, doc: &Document, filter: Option<&UnitFilter>, hits: &mut Vec<Hit>) {
        let Some((regex, candidates)) = self.candidates(doc, filter) else {
            return;
        };
        for unit in candidates {
            for caps in regex.captures_iter(unit.of(doc.text)) {
                hits.extend(self.hit(&caps, unit.start));
            }
        }
    }
}

impl Check for Pattern {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        // A short text that cannot hold a match costs no filter and no regex.
        if doc.text.len() < SHORT_TEXT && !self.regex.may_match(doc.text) {
            return;
        }
        self.check_with(doc, self.filter_for(), hits);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::spec::RuleFile;

    /// Every pattern rule of `rules/en` finds the same hits in a long text
    /// (all rules' examples, repeated) with its unit filter as without it.
    #[test]
    fn unit_filters_keep_every_hit() {
        let mut specs = Vec::new();
        let mut examples = String::new();
        for entry in std::fs::read_dir("rules/en").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let file: RuleFile =
                serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for rule in file.rules {
                if let Some(ex) = &rule.examples {
                    for text in ex.flag.iter().chain(&ex.pass) {
                        examples.push_str(&text.replace("[[", "").replace("]]", ""));
                        examples.push_str("\n\n");
                    }
                }
                specs.extend(rule.pattern);
            }
        }
        let text = examples.repeat(SHORT_TEXT / examples.len() + 1);
        let doc = Document::new(&text);
        let (mut filtered, mut found) = (0, 0);
        for spec in &specs {
            let pattern = Pattern::compile(spec).unwrap();
            let (mut with, mut without) = (Vec::new(), Vec::new());
            pattern.check(&doc, &mut with);
            pattern.check_with(&doc, None, &mut without);
            let spans = |hits: &[Hit]| hits.iter().map(|h| h.span).collect::<Vec<_>>();
            assert_eq!(spans(&with), spans(&without), "{}", spec.regex);
            filtered += usize::from(pattern.filter_for().is_some());
            found += with.len();
        }
        assert!(filtered * 2 > specs.len(), "{filtered} of {}", specs.len());
        assert!(found >= specs.len(), "{found} hits");
    }
}

//! `boilerplate`: whole lines that scraper sites leave around an article
//! (site names, comment forms, share prompts, "Source link"), looked for near
//! the start or the end of the text, or anywhere.

use super::lazy_regex::LazyRegex;
use crate::diagnostic::Span;
use crate::rules::spec::{BoilerplateSpec, Zone};
use crate::rules::{Check, Hit, Vars};
use crate::text::Document;
use std::collections::HashSet;

/// Non-blank lines looked at from the zone's edge when `within` is not given.
const DEFAULT_WITHIN: usize = 12;

#[derive(Debug)]
pub struct Boilerplate {
    zone: Zone,
    within: usize,
    lines: HashSet<String>,
    /// Longest entry of `lines` in bytes: longer lines need no lookup.
    longest_line: usize,
    /// Compiled on first use: most never see a line they could match.
    patterns: Vec<LazyRegex>,
    list: bool,
}

/// A line as compared with the `lines` table: lower case, no surrounding
/// space or final punctuation.
fn normalize(line: &str) -> String {
    line.trim()
        .trim_end_matches(|c: char| {
            matches!(c, '.' | ':' | '!' | '…' | '»' | '›') || c.is_whitespace()
        })
        .to_lowercase()
}

impl Boilerplate {
    pub fn compile(spec: &BoilerplateSpec) -> Result<Self, String> {
        if spec.lines.is_empty() && spec.patterns.is_empty() {
            return Err("a boilerplate rule needs `lines` or `patterns`".into());
        }
        Ok(Boilerplate {
            zone: spec.zone,
            within: spec.within.unwrap_or(DEFAULT_WITHIN),
            lines: spec.lines.iter().map(|l| normalize(l)).collect(),
            longest_line: spec.lines.iter().map(|l| l.len()).max().unwrap_or(0),
            patterns: spec
                .patterns
                .iter()
                .map(|p| LazyRegex::new(p))
                .collect::<Result<_, _>>()?,
            list: spec.list,
        })
    }

    /// The flagged range inside a trimmed line, and the pattern's named
    /// groups, if the line is boilerplate.
    fn match_line(&self, line: &str) -> Option<(usize, usize, Vars)> {
        if line.len() <= self.longest_line + 8 && self.lines.contains(&normalize(line)) {
            return Some((0, line.len(), Vec::new()));
        }
        self.patterns.iter().find_map(|re| {
            let caps = re.captures(line)?;
            let m = caps.name("flag").or_else(|| caps.get(0))?;
            let vars = re
                .capture_names()
                .flatten()
                .map(|n| {
                    (
                        n.to_string(),
                        caps.name(n).map_or("", |g| g.as_str()).to_string(),
                    )
                })
                .collect();
            Some((m.start(), m.end(), vars))
        })
    }

    /// The non-blank lines this rule looks at.
    fn candidate_lines<'d>(&self, doc: &'d Document) -> &'d [Span] {
        let non_blank = doc.non_blank_lines();
        let n = non_blank.len();
        match self.zone {
            Zone::Start => &non_blank[..self.within.min(n)],
            Zone::End => &non_blank[n - self.within.min(n)..],
            Zone::Anywhere => non_blank,
        }
    }
}

impl Check for Boilerplate {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        for &line in self.candidate_lines(doc) {
            let raw = line.of(doc.text);
            let lead = raw.len() - raw.trim_start().len();
            let trimmed = raw.trim();
            let Some((start, end, vars)) = self.match_line(trimmed) else {
                continue;
            };
            let mut span = Span::new(line.start + lead + start, line.start + lead + end);
            if self.list {
                if let Some(p) = doc.paragraphs.iter().find(|p| p.contains(line)) {
                    span.end = p.end;
                }
            }
            if hits.last().is_some_and(|h| h.span.contains(span)) {
                continue;
            }
            hits.push(Hit {
                span,
                vars,
                replacements: Vec::new(),
            });
        }
    }

    fn compile_all(&self) -> Result<(), String> {
        self.patterns.iter().try_for_each(LazyRegex::force)
    }

    fn variables(&self) -> Vec<String> {
        self.patterns
            .iter()
            .flat_map(|re| re.capture_names().flatten().map(str::to_string))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_space_and_final_punctuation() {
        assert_eq!(
            normalize("  Please enter your comment! "),
            "please enter your comment"
        );
        assert_eq!(normalize("Read also:"), "read also");
    }
}

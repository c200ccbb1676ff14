//! The house vocabulary: names and words that are never flagged.

use crate::diagnostic::{Finding, Span};
use aho_corasick::AhoCorasick;

/// Terms a finding may not fall inside.
#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: Vec<String>,
    matcher: Option<AhoCorasick>,
}

impl Vocabulary {
    pub fn new(terms: &[String]) -> Self {
        let terms: Vec<String> = terms
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let matcher = (!terms.is_empty())
            .then(|| AhoCorasick::new(&terms).ok())
            .flatten();
        Vocabulary { terms, matcher }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Drops findings whose text is a vocabulary term or lies inside an
    /// occurrence of one (whole words, case as written).
    pub fn retain_unlisted(&self, text: &str, findings: &mut Vec<Finding>) {
        let Some(matcher) = &self.matcher else {
            return;
        };
        if findings.is_empty() {
            return;
        }
        let occurrences: Vec<Span> = matcher
            .find_overlapping_iter(text)
            .map(|m| Span::new(m.start(), m.end()))
            .filter(|s| whole_words(text, *s))
            .collect();
        findings.retain(|f| {
            let flagged = f.span.of(text).trim();
            !self.terms.iter().any(|t| t == flagged)
                && !occurrences.iter().any(|o| o.contains(f.span))
        });
    }
}

fn whole_words(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

//! `person-which`: "which" for a person ("the minister, which said"), from
//! languages with one relative pronoun for people and things.
//!
//! Conservative: the person (a name, a title or a role noun) must stand right
//! before ", which", a verb from the rule's list must follow, and no "of" may
//! come just before the person ("the office of the president, which said"
//! refers to the office).

use crate::diagnostic::Span;
use crate::entities::mentions::{self, Lexicon, People, PeopleSpec};
use crate::rules::{Check, Hit};
use crate::text::Document;
use serde::Deserialize;

/// The `person-which` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonWhichSpec {
    pub people: PeopleSpec,
    /// Verbs that may follow "which" (said, added, has, was).
    pub verbs: Vec<String>,
}

#[derive(Debug)]
pub struct PersonWhich {
    lexicon: Lexicon,
    verbs: Vec<String>,
}

impl PersonWhich {
    /// Compiles the block; the gazetteer is shared with the other pronoun rules'
    /// mention analysis.
    pub fn compile(
        spec: &PersonWhichSpec,
        gazetteer: &std::sync::Arc<crate::entities::Gazetteer>,
    ) -> Result<Self, String> {
        Ok(PersonWhich {
            lexicon: Lexicon::compile(&spec.people, Some(gazetteer.clone()))?,
            verbs: spec.verbs.iter().map(|v| v.to_lowercase()).collect(),
        })
    }

    fn which_after(&self, doc: &Document, phrase_start: usize, end: usize) -> Option<Span> {
        let rest = doc.text[end..].strip_prefix(", ")?;
        let which = rest.strip_prefix("which ")?;
        let verb: String = which.chars().take_while(|c| c.is_alphabetic()).collect();
        if !self.verbs.contains(&verb) {
            return None;
        }
        let before: Vec<&str> = doc.text[..phrase_start]
            .split_whitespace()
            .rev()
            .take(2)
            .collect();
        if before
            .iter()
            .any(|w| w.eq_ignore_ascii_case("of") || w.ends_with("’s") || w.ends_with("'s"))
        {
            return None;
        }
        let start = end + 2;
        Some(Span::new(start, start + "which".len()))
    }
}

impl Check for PersonWhich {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let people = People::of(doc, &self.lexicon);
        // Only mentions followed by ", which " (noted as they were found) may hold one.
        for m in people.mentions.iter().filter(|m| m.which_follows()) {
            if m.quoted() || !people.persons[m.person()].referent {
                continue;
            }
            if let Some(span) = self.which_after(doc, m.phrase_start(), m.span().end) {
                let quotes = &people.quotes[m.paragraph()];
                if !mentions::is_quoted(quotes, span.start) {
                    hits.push(Hit::at(span));
                }
            }
        }
    }
}

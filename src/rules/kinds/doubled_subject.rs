//! `doubled-subject`: a subject repeated by a pronoun, as translation from
//! pro-drop languages leaves it ("The spokesman for the army, Khalid al-Tayeb,
//! he said", "that Vladimir Putin he may be dead").
//!
//! Conservative: the person must open the sentence (or follow "that"), the
//! pronoun must come right after the person's name or role noun, and a verb
//! from the rule's list must follow. "Biden, he said, ..." (a parenthesis) and
//! "told Biden he would" (an object) are not flagged.

use crate::diagnostic::Span;
use crate::entities::mentions::{self, Lexicon, People, PeopleSpec};
use crate::rules::{Check, Hit};
use crate::text::{split_sentences, Document};
use serde::Deserialize;

/// The `doubled-subject` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoubledSubjectSpec {
    pub people: PeopleSpec,
    /// Verbs that may follow the doubled pronoun (said, added, may, will).
    pub verbs: Vec<String>,
}

#[derive(Debug)]
pub struct DoubledSubject {
    lexicon: Lexicon,
    verbs: Vec<String>,
}

impl DoubledSubject {
    /// Compiles the block; the gazetteer is shared with the other pronoun rules'
    /// mention analysis.
    pub fn compile(
        spec: &DoubledSubjectSpec,
        gazetteer: &std::sync::Arc<crate::entities::Gazetteer>,
    ) -> Result<Self, String> {
        Ok(DoubledSubject {
            lexicon: Lexicon::compile(&spec.people, Some(gazetteer.clone()))?,
            verbs: spec.verbs.iter().map(|v| v.to_lowercase()).collect(),
        })
    }

    /// The pronoun (with the space after it) doubling the subject that ends at `end`.
    fn doubled(
        &self,
        doc: &Document,
        sentence: Span,
        phrase_start: usize,
        end: usize,
    ) -> Option<Span> {
        let rest = &doc.text[end..sentence.end];
        let (comma, after) = match rest.strip_prefix(", ") {
            Some(after) => (true, after),
            None => (false, rest.strip_prefix(' ')?),
        };
        let pronoun: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        if pronoun != "he" && pronoun != "she" {
            return None;
        }
        let after_pronoun = after[pronoun.len()..].strip_prefix(' ')?;
        let verb: String = after_pronoun
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if !self.verbs.contains(&verb) {
            return None;
        }
        // "Biden, he said, will ..." is a parenthesis, not a doubled subject.
        if after_pronoun[verb.len()..].starts_with(',') {
            return None;
        }
        let opens_sentence = phrase_start == sentence.start
            || self.only_noun_phrase(&doc.text[sentence.start..phrase_start]);
        let after_that = doc.text[sentence.start..phrase_start]
            .trim_end()
            .ends_with(" that");
        if !(opens_sentence || (!comma && after_that)) {
            return None;
        }
        let start = end + (rest.len() - after.len());
        Some(Span::new(start, start + pronoun.len() + 1))
    }
}

impl DoubledSubject {
    /// "The Ministry of Defence": capitalised words, articles and prepositions
    /// only, so the person after them is the sentence's subject.
    fn only_noun_phrase(&self, prefix: &str) -> bool {
        !prefix.trim().is_empty()
            && prefix.split_whitespace().all(|w| {
                w.starts_with(char::is_uppercase) && !w.ends_with([',', ';', ':', '.'])
                    || matches!(
                        w,
                        "the" | "a" | "an" | "of" | "for" | "and" | "in" | "at" | "on"
                    )
            })
    }
}

impl Check for DoubledSubject {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let people = People::of(doc, &self.lexicon);
        // The sentences of the last paragraph looked at.
        let mut sentences: Option<(usize, Vec<Span>)> = None;
        // Only mentions followed by ", he " or " she " ([`mentions::pronoun_follows`],
        // noted as the mentions were found) may double a subject.
        for m in people.mentions.iter().filter(|m| m.pronoun_follows()) {
            if m.quoted() || !people.persons[m.person()].referent {
                continue;
            }
            let index = m.paragraph();
            let paragraph = match &sentences {
                Some((at, found)) if *at == index => found,
                _ => {
                    let found = split_sentences(doc.text, doc.paragraphs[index]);
                    &sentences.insert((index, found)).1
                }
            };
            let Some(sentence) = mentions::sentence_in(paragraph, m.phrase_start()) else {
                continue;
            };
            let end = m.span().end;
            if end > sentence.end {
                continue;
            }
            if let Some(span) = self.doubled(doc, sentence, m.phrase_start(), end) {
                let quotes = &people.quotes[index];
                if !mentions::is_quoted(quotes, span.start) {
                    hits.push(Hit::at(span));
                }
            }
        }
    }
}

//! Proper-noun occurrences in an article: capitalised word tokens with how
//! often and where they occur, the input of the name-consistency check.

use crate::diagnostic::Span;
use crate::text::{Document, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};

/// One capitalised word form of an article ("Rafah"), possessive stripped.
#[derive(Debug, Clone, Default)]
pub struct NameForm<'t> {
    /// The form as written.
    pub text: &'t str,
    /// Every occurrence.
    pub spans: Vec<Span>,
    /// Occurrences inside a sentence (not its first word, not in a title-case line).
    pub mid_sentence: usize,
    /// Capitalised words written right before an occurrence ("Bruno" in "Bruno Fernandes").
    pub given_names: Vec<&'t str>,
    /// Occurrences followed by another capitalised word, as a given name is.
    pub before_names: usize,
}

/// The capitalised forms of an article, keyed as written, and the lower-case
/// words it uses (a form also written in lower case is a word). Nothing is
/// copied out of the text.
#[derive(Debug, Default)]
pub struct ArticleNames<'t> {
    pub forms: FxHashMap<&'t str, NameForm<'t>>,
    pub lower_words: FxHashSet<&'t str>,
}

impl<'t> ArticleNames<'t> {
    pub fn of(doc: &Document<'t>) -> ArticleNames<'t> {
        let text = doc.text;
        let sentences = doc.sentences();
        let headline_lines = title_case_lines(doc);
        let mut names = ArticleNames::default();
        let mut previous: Option<&'t str> = None;
        let mut sentence = 0;
        let mut sentence_seen = false;
        // The line of the current token: tokens come in text order.
        let mut line = 0;
        for token in doc.tokens() {
            // Is this the first word of its sentence?
            while sentence < sentences.len() && sentences[sentence].end <= token.span.start {
                sentence += 1;
                sentence_seen = false;
            }
            let first_in_sentence = !sentence_seen;
            sentence_seen = true;
            let before = previous.take();
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = strip_possessive(token.span.of(text));
            let Some(first) = word.chars().next() else {
                continue;
            };
            if !first.is_uppercase() {
                if first.is_lowercase() {
                    names.lower_words.insert(word);
                }
                continue;
            }
            if word.contains('.') || word.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            previous = Some(word);
            let span = Span::new(token.span.start, token.span.start + word.len());
            let adjacent = before.filter(|b| {
                text[..token.span.start]
                    .strip_suffix(' ')
                    .is_some_and(|t| t.ends_with(b))
            });
            if let Some(given) = adjacent.and_then(|b| names.forms.get_mut(b)) {
                given.before_names += 1;
            }
            let form = names.forms.entry(word).or_default();
            form.text = word;
            form.spans.push(span);
            form.given_names.extend(adjacent);
            while line < doc.lines.len() && doc.lines[line].end < span.start {
                line += 1;
            }
            let in_headline = headline_lines.get(line).copied().unwrap_or(false);
            if !first_in_sentence && !in_headline {
                form.mid_sentence += 1;
            }
        }
        names
    }
}

/// "Blinken’s" → "Blinken".
pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// Lines (0-based) written in title case, like a headline: no final full
/// stop, and most of their words of four letters or more capitalised.
fn title_case_lines(doc: &Document) -> Vec<bool> {
    let mut out = vec![false; doc.lines.len()];
    for (i, line) in doc.lines.iter().enumerate() {
        let line = line.of(doc.text).trim_end();
        if line.ends_with(['.', '?', '!', '”', '"', ':', ';']) {
            continue;
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        let capitalised = words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        if words.len() >= 2 && capitalised * 10 >= words.len() * 8 {
            out[i] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_forms_in_and_out_of_sentences() {
        let doc = Document::new(
            "Talks On Rafah Resume\n\nRafah is calm. Strikes hit Rafah and Rafah’s edge.",
        );
        let names = ArticleNames::of(&doc);
        let rafah = &names.forms["Rafah"];
        assert_eq!(rafah.spans.len(), 4);
        assert_eq!(rafah.mid_sentence, 2);
        assert!(names.lower_words.contains("calm"));
    }
}

//! Proper-noun occurrences in an article: capitalised word tokens with how
//! often and where they occur, the input of the name-consistency check.

use crate::diagnostic::Span;
use crate::text::{Document, TokenKind};
use std::collections::{HashMap, HashSet};

/// One capitalised word form of an article ("Rafah"), possessive stripped.
#[derive(Debug, Clone, Default)]
pub struct NameForm {
    /// The form as written (first occurrence).
    pub text: String,
    /// Every occurrence.
    pub spans: Vec<Span>,
    /// Occurrences inside a sentence (not its first word, not in a title-case line).
    pub mid_sentence: usize,
    /// Capitalised words written right before an occurrence ("Bruno" in "Bruno Fernandes").
    pub given_names: Vec<String>,
}

/// The capitalised forms of an article, keyed by their lower-case text, and
/// the lower-case words it uses (a form also written in lower case is a word).
#[derive(Debug, Default)]
pub struct ArticleNames {
    pub forms: HashMap<String, NameForm>,
    pub lower_words: HashSet<String>,
}

impl ArticleNames {
    pub fn of(doc: &Document) -> ArticleNames {
        let text = doc.text;
        let sentence_starts = first_words(doc);
        let headline_lines = title_case_lines(doc);
        let mut names = ArticleNames::default();
        let mut previous: Option<&str> = None;
        for token in doc.tokens() {
            let before = previous.take();
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = strip_possessive(token.span.of(text));
            if word.contains('.') || word.chars().any(|c| c.is_numeric()) {
                continue;
            }
            let Some(first) = word.chars().next() else {
                continue;
            };
            if !first.is_uppercase() {
                if first.is_lowercase() {
                    names.lower_words.insert(word.to_string());
                }
                continue;
            }
            previous = Some(word);
            let span = Span::new(token.span.start, token.span.start + word.len());
            let adjacent = before.filter(|b| {
                text[..token.span.start]
                    .strip_suffix(' ')
                    .is_some_and(|t| t.ends_with(b))
            });
            let form = names.forms.entry(word.to_lowercase()).or_default();
            if form.text.is_empty() {
                form.text = word.to_string();
            }
            form.spans.push(span);
            form.given_names.extend(adjacent.map(str::to_string));
            let line = doc.line_of(span.start);
            if !sentence_starts.contains(&span.start) && !headline_lines.contains(&line) {
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

/// Byte offsets of the first word of every sentence.
fn first_words(doc: &Document) -> HashSet<usize> {
    let tokens = doc.tokens();
    let mut out = HashSet::new();
    let mut at = 0;
    for sentence in doc.sentences() {
        while at < tokens.len() && tokens[at].span.start < sentence.start {
            at += 1;
        }
        if let Some(t) = tokens.get(at).filter(|t| t.span.start < sentence.end) {
            out.insert(t.span.start);
        }
    }
    out
}

/// Lines (0-based) written in title case, like a headline: no final full
/// stop, and most of their words of four letters or more capitalised.
fn title_case_lines(doc: &Document) -> HashSet<usize> {
    let mut out = HashSet::new();
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
            out.insert(i);
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
        let rafah = &names.forms["rafah"];
        assert_eq!(rafah.spans.len(), 4);
        assert_eq!(rafah.mid_sentence, 2);
        assert!(names.lower_words.contains("calm"));
    }
}

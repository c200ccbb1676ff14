//! The text model: the input as given, indexed into lines, paragraphs,
//! sentences and word tokens. Every unit is a byte [`Span`] into the input.

mod lines;
mod sentences;
mod tokens;

pub use lines::{LineCol, LineIndex};
pub use sentences::{may_end_sentence, sentence_ends_in, split_paragraphs_into, split_sentences};
#[cfg(test)] // The word table's tests key words as the tokenizer does.
pub(crate) use tokens::token_key;
pub use tokens::{
    count_words, gallop, scan_tokens, token_capacity, tokenize, Token, TokenKind, TokenSink,
    MAX_TOKENIZED_BYTES,
};

use crate::diagnostic::Span;
use crate::entities::Date;
use crate::lexicon::Words;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Analyses shared by several rules (e.g. the person mentions), by key, each
/// computed once (the first rule to ask computes it, others wait for it).
type Analyses = Mutex<HashMap<(u64, TypeId), Arc<OnceLock<Arc<dyn Any + Send + Sync>>>>>;

/// A checked text and its index. Lines and paragraphs are built at once;
/// sentences and tokens on first use, as only some rules need them.
#[derive(Debug)]
pub struct Document<'t> {
    pub text: &'t str,
    /// Line contents without their terminators (`\n` or `\r\n`).
    pub lines: Vec<Span>,
    /// Runs of non-blank lines, separated by blank lines.
    pub paragraphs: Vec<Span>,
    sentences: OnceLock<Vec<Span>>,
    /// The tokens and their word table, built in one pass on first use.
    tokens: OnceLock<(Vec<Token>, Arc<Words>)>,
    analyses: Analyses,
    non_blank_lines: OnceLock<Vec<Span>>,
    pub line_index: LineIndex,
    /// The date the article is read at (who holds which office); today when `None`.
    pub date: Option<Date>,
}

impl<'t> Document<'t> {
    pub fn new(text: &'t str) -> Self {
        let lines = lines::split_lines(text);
        let paragraphs = paragraphs_of(text, &lines);
        Document {
            text,
            line_index: LineIndex::new(text),
            lines,
            paragraphs,
            sentences: OnceLock::new(),
            tokens: OnceLock::new(),
            analyses: Mutex::default(),
            date: None,
            non_blank_lines: OnceLock::new(),
        }
    }

    /// An analysis of the document computed once per `key` and shared by every
    /// rule that asks for it with the same key (rules with equal settings).
    pub fn analysis<T: Any + Send + Sync>(&self, key: u64, compute: impl FnOnce() -> T) -> Arc<T> {
        // The map is locked only to find the analysis's cell: rules running in
        // parallel wait for one computation instead of each making its own.
        let cell = match self.analyses.lock() {
            Ok(mut map) => map.entry((key, TypeId::of::<T>())).or_default().clone(),
            Err(_) => Arc::default(),
        };
        let any = cell.get_or_init(|| Arc::new(compute()) as Arc<dyn Any + Send + Sync>);
        match any.clone().downcast::<T>() {
            Ok(found) => found,
            Err(_) => unreachable!("cells are keyed by their analysis's type"),
        }
    }

    /// Sets the date the article is read at.
    pub fn with_date(mut self, date: Option<Date>) -> Self {
        self.date = date;
        self
    }

    /// The article's date: the one given, or today.
    pub fn date(&self) -> Date {
        self.date.unwrap_or_else(Date::today)
    }

    /// Sentences inside paragraphs; a headline or list item is its own sentence.
    pub fn sentences(&self) -> &[Span] {
        self.sentences.get_or_init(|| {
            // About one sentence per 120 bytes of news text.
            let mut out = Vec::with_capacity(self.text.len() / 120 + 1);
            split_paragraphs_into(self.text, &self.paragraphs, &mut out);
            out
        })
    }

    /// Lines with something besides white space on them.
    pub fn non_blank_lines(&self) -> &[Span] {
        self.non_blank_lines.get_or_init(|| {
            let blank = |l: &Span| l.of(self.text).trim().is_empty();
            self.lines.iter().copied().filter(|l| !blank(l)).collect()
        })
    }

    /// Word and number tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokenized().0
    }

    /// The word table of the tokens ([`Words`]: ids of their distinct texts).
    pub fn words(&self) -> &Arc<Words> {
        &self.tokenized().1
    }

    /// Tokens and word table, made together: the rules that want tokens want
    /// the table too, and one pass that numbers each word as it cuts it
    /// costs less than two.
    fn tokenized(&self) -> &(Vec<Token>, Arc<Words>) {
        self.tokens.get_or_init(|| {
            let (tokens, words) = Words::tokenize(self.text);
            (tokens, Arc::new(words))
        })
    }

    /// The number of word and number tokens: the tokens' count when a rule
    /// has built them, else a count without building them.
    pub fn word_count(&self) -> usize {
        self.tokens
            .get()
            .map_or_else(|| count_words(self.text), |(tokens, _)| tokens.len())
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &'t str {
        span.of(self.text)
    }

    /// The line index (0-based) holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index.line_col(self.text, offset).line - 1
    }
}

/// Groups non-blank lines into paragraphs separated by blank lines.
fn paragraphs_of(text: &str, lines: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for line in lines {
        if line.of(text).trim().is_empty() {
            out.extend(current.take());
        } else {
            current = Some(match current {
                Some(p) => Span::new(p.start, line.end),
                None => *line,
            });
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let text = "Headline\n\nFirst line\nsecond line.\n  \nLast.";
        let doc = Document::new(text);
        let paras: Vec<&str> = doc.paragraphs.iter().map(|s| s.of(text)).collect();
        assert_eq!(paras, ["Headline", "First line\nsecond line.", "Last."]);
    }
}

//! `balance`: quotes and brackets that open without closing or close without
//! opening, per paragraph. A quotation that runs on into the next paragraph
//! (which then opens with the same mark, as news style does) is not flagged.

use crate::diagnostic::Span;
use crate::rules::spec::BalanceSpec;
use crate::rules::{Check, Hit};
use crate::text::Document;

#[derive(Debug)]
pub struct Balance {
    pairs: Vec<(char, char)>,
    quotes: Vec<char>,
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

impl Balance {
    pub fn compile(spec: &BalanceSpec) -> Result<Self, String> {
        let pairs = spec
            .pairs
            .iter()
            .map(|p| {
                let chars: Vec<char> = p.chars().collect();
                match chars[..] {
                    [open, close] if open != close => Ok((open, close)),
                    _ => Err(format!("pair {p:?} must be two different characters, opener first")),
                }
            })
            .collect::<Result<_, _>>()?;
        let quotes = spec
            .quotes
            .iter()
            .map(|q| single_char(q).ok_or_else(|| format!("quote {q:?} must be one character")))
            .collect::<Result<_, _>>()?;
        Ok(Balance { pairs, quotes })
    }

    fn check_pair(&self, doc: &Document, index: usize, (open, close): (char, char), hits: &mut Vec<Hit>) {
        let para = doc.paragraphs[index];
        let text = para.of(doc.text);
        let mut stack: Vec<usize> = Vec::new();
        for (i, c) in text.char_indices() {
            if c == open {
                stack.push(i);
            } else if c == close && stack.pop().is_none() && !is_list_marker(text, i) {
                hits.push(Hit::at(Span::new(para.start + i, para.start + i + c.len_utf8())));
            }
        }
        let continued = continues_quote(doc, index, open);
        for i in stack {
            let is_last_open = text[i..].chars().skip(1).all(|c| c != close);
            if !(continued && is_last_open) {
                hits.push(Hit::at(Span::new(para.start + i, para.start + i + open.len_utf8())));
            }
        }
    }

    fn check_quote(&self, doc: &Document, index: usize, quote: char, hits: &mut Vec<Hit>) {
        let para = doc.paragraphs[index];
        let text = para.of(doc.text);
        let marks: Vec<usize> = text.char_indices().filter(|(_, c)| *c == quote).map(|(i, _)| i).collect();
        if marks.len() % 2 == 1 && !continues_quote(doc, index, quote) {
            let last = marks[marks.len() - 1];
            hits.push(Hit::at(Span::new(para.start + last, para.start + last + quote.len_utf8())));
        }
    }
}

/// "1)" or "a)" at the start of a line is a list marker, not a bracket.
fn is_list_marker(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = text[line_start..at].trim_start();
    !before.is_empty() && before.len() <= 3 && before.chars().all(char::is_alphanumeric)
}

/// The next paragraph opens with `open`: a quotation continues across paragraphs.
fn continues_quote(doc: &Document, index: usize, open: char) -> bool {
    doc.paragraphs.get(index + 1).is_some_and(|p| p.of(doc.text).trim_start().starts_with(open))
}

impl Check for Balance {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        for index in 0..doc.paragraphs.len() {
            for &pair in &self.pairs {
                self.check_pair(doc, index, pair, hits);
            }
            for &quote in &self.quotes {
                self.check_quote(doc, index, quote, hits);
            }
        }
        hits.sort_by_key(|h| h.span);
    }
}

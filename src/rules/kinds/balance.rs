//! `balance`: quotation marks and brackets that open without closing, close
//! without opening, or point the wrong way, per paragraph.
//!
//! A quotation that runs on into the next paragraph (which then opens with the
//! same mark, as news style does) is not flagged, nor is an opener in a last
//! paragraph that stops mid-sentence (a truncated excerpt).

use crate::diagnostic::Span;
use crate::rules::spec::BalanceSpec;
use crate::rules::{Check, Hit};
use crate::text::Document;

#[derive(Debug)]
struct Pair {
    open: char,
    close: char,
    /// Straight marks that stand for `open` or `close` depending on position.
    straight: Vec<char>,
}

#[derive(Debug)]
pub struct Balance {
    pairs: Vec<Pair>,
    /// The distinct first UTF-8 bytes of every mark: memchr finds them.
    first_bytes: Vec<u8>,
}

fn two_chars(s: &str) -> Option<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    match chars[..] {
        [open, close] if open != close => Some((open, close)),
        _ => None,
    }
}

impl Balance {
    pub fn compile(spec: &BalanceSpec) -> Result<Self, String> {
        let mut pairs: Vec<Pair> = spec
            .pairs
            .iter()
            .map(|p| {
                let (open, close) = two_chars(p).ok_or_else(|| {
                    format!("pair {p:?} must be two different characters, opener first")
                })?;
                Ok(Pair {
                    open,
                    close,
                    straight: Vec::new(),
                })
            })
            .collect::<Result<_, String>>()?;
        for (mark, pair) in &spec.straight {
            let mut chars = mark.chars();
            let (Some(mark), None) = (chars.next(), chars.next()) else {
                return Err(format!("straight mark {mark:?} must be one character"));
            };
            let target = two_chars(pair)
                .and_then(|(o, c)| pairs.iter_mut().find(|p| p.open == o && p.close == c));
            target
                .ok_or_else(|| {
                    format!("straight mark {mark:?} names {pair:?}, which is not in `pairs`")
                })?
                .straight
                .push(mark);
        }
        let mut first_bytes = Vec::new();
        for pair in &pairs {
            for c in [pair.open, pair.close].iter().chain(&pair.straight) {
                let mut buf = [0; 4];
                first_bytes.push(c.encode_utf8(&mut buf).as_bytes()[0]);
            }
        }
        first_bytes.sort_unstable();
        first_bytes.dedup();
        Ok(Balance { pairs, first_bytes })
    }
}

impl Pair {
    fn has_mark(&self, c: char) -> bool {
        c == self.open || c == self.close || self.straight.contains(&c)
    }
}

/// What a mark does, judged from the mark and its neighbours.
#[derive(Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// An opening mark in a closing position ("youngest “.").
    ReversedOpen,
}

fn role(pair: &Pair, text: &str, at: usize, c: char) -> Option<Role> {
    if c != pair.open && c != pair.close && !pair.straight.contains(&c) {
        return None;
    }
    let before = text[..at].chars().next_back();
    let after = text[at + c.len_utf8()..].chars().next();
    let opens_here = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b));
    if c == pair.open {
        let closes_here = after.is_none_or(|a| a.is_whitespace() || ".,;:!?".contains(a));
        let opener_is_quote = !matches!(c, '(' | '[' | '{');
        return Some(
            if opener_is_quote
                && closes_here
                && before.is_some_and(|b| !b.is_whitespace() || after.is_some_and(|a| a != ' '))
            {
                Role::ReversedOpen
            } else {
                Role::Open
            },
        );
    }
    if c == pair.close {
        return Some(Role::Close);
    }
    pair.straight
        .contains(&c)
        .then_some(if opens_here { Role::Open } else { Role::Close })
}

fn problem_hit(base: usize, at: usize, c: char, problem: &str) -> Hit {
    Hit {
        span: Span::new(base + at, base + at + c.len_utf8()),
        vars: vec![("problem".into(), problem.into())],
        replacements: Vec::new(),
    }
}

impl Balance {
    /// Every mark of any pair in `text`, as (byte offset, char), in order.
    /// Up to three first bytes are looked for per memchr pass.
    fn marks(&self, text: &str) -> Vec<(usize, char)> {
        let bytes = text.as_bytes();
        let mut positions: Vec<usize> = Vec::new();
        for chunk in self.first_bytes.chunks(3) {
            match *chunk {
                [a] => positions.extend(memchr::memchr_iter(a, bytes)),
                [a, b] => positions.extend(memchr::memchr2_iter(a, b, bytes)),
                [a, b, c] => positions.extend(memchr::memchr3_iter(a, b, c, bytes)),
                _ => {}
            }
        }
        positions.sort_unstable();
        positions
            .into_iter()
            .filter(|&i| text.is_char_boundary(i))
            .filter_map(|i| text[i..].chars().next().map(|c| (i, c)))
            .filter(|&(_, c)| self.pairs.iter().any(|p| p.has_mark(c)))
            .collect()
    }

    fn check_pair(
        &self,
        doc: &Document,
        index: usize,
        marks: &[(usize, char)],
        pair: &Pair,
        hits: &mut Vec<Hit>,
    ) {
        let para = doc.paragraphs[index];
        let text = para.of(doc.text);
        let mut stack: Vec<(usize, char)> = Vec::new();
        for &(at, c) in marks {
            match role(pair, text, at, c) {
                Some(Role::Open) => stack.push((at, c)),
                Some(Role::ReversedOpen) => {
                    hits.push(problem_hit(
                        para.start,
                        at,
                        c,
                        "is an opening mark where the quotation closes",
                    ));
                    stack.pop();
                }
                Some(Role::Close) => {
                    let opened = stack.pop().is_some();
                    let apostrophe = c != pair.close && looks_like_apostrophe(text, at);
                    if !opened && !apostrophe && !is_list_marker(text, at) {
                        let problem = "closes a quotation or bracket that was never opened";
                        hits.push(problem_hit(para.start, at, c, problem));
                    }
                }
                None => {}
            }
        }
        let excused = continues_quote(doc, index, pair) || is_truncated_end(doc, index);
        for (i, (at, c)) in stack.iter().enumerate() {
            if !(excused && i == stack.len() - 1) {
                hits.push(problem_hit(
                    para.start,
                    *at,
                    *c,
                    "opens a quotation or bracket that is never closed",
                ));
            }
        }
    }
}

/// A straight quote that stands for an apostrophe, as a bad conversion leaves
/// them: between letters ("2017"s") or after a plural before a lower-case word
/// ("workers" compensation").
fn looks_like_apostrophe(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let mut after = text[at + 1..].chars();
    let next = after.next();
    let letter_before = before.is_some_and(char::is_alphanumeric);
    let letter_after = next.is_some_and(char::is_alphabetic);
    let plural_then_word =
        before == Some('s') && next == Some(' ') && after.next().is_some_and(char::is_lowercase);
    letter_before && (letter_after || plural_then_word)
}

/// "1)" or "a)" at the start of a line is a list marker, not a bracket.
fn is_list_marker(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = text[line_start..at].trim_start();
    !before.is_empty() && before.len() <= 3 && before.chars().all(char::is_alphanumeric)
}

/// The next paragraph opens with the pair's mark: a quotation continues.
fn continues_quote(doc: &Document, index: usize, pair: &Pair) -> bool {
    let next = doc
        .paragraphs
        .get(index + 1)
        .and_then(|p| p.of(doc.text).trim_start().chars().next());
    next.is_some_and(|c| c == pair.open || pair.straight.contains(&c))
}

/// The last paragraph stops without a sentence end: the text was cut off.
fn is_truncated_end(doc: &Document, index: usize) -> bool {
    index + 1 == doc.paragraphs.len()
        && !doc.paragraphs[index]
            .of(doc.text)
            .trim_end()
            .ends_with(|c: char| ".!?”\")»…".contains(c))
}

impl Check for Balance {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        // One scan of the whole text; each paragraph takes its share.
        let marks = self.marks(doc.text);
        for (index, para) in doc.paragraphs.iter().enumerate() {
            let first = marks.partition_point(|&(at, _)| at < para.start);
            let end = marks.partition_point(|&(at, _)| at < para.end);
            if first >= end {
                continue;
            }
            let local: Vec<(usize, char)> = marks[first..end]
                .iter()
                .map(|&(at, c)| (at - para.start, c))
                .collect();
            for pair in &self.pairs {
                self.check_pair(doc, index, &local, pair, hits);
            }
        }
        hits.sort_by_key(|h| h.span);
    }

    fn variables(&self) -> Vec<String> {
        vec!["problem".into()]
    }
}

//! `language`: sentences left in another language, and a whole document that
//! is not in the rule pack's language.
//!
//! whatlang alone calls about 5% of English news sentences foreign, so it only
//! looks at sentences long enough to judge that contain none of a list of
//! common English words ("the", "of", "said", ...), are mostly lower-case words
//! (not a list of names or a newspaper title) and are not a short quotation.
//! A document whose sentences are mostly foreign gets one finding instead.

use crate::diagnostic::Span;
use crate::lexicon::Words;
use crate::rules::{Check, Hit};
use crate::text::{gallop, split_sentences, Document};
use serde::Deserialize;
use whatlang::{Detector, Lang};

/// The `language:` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSpec {
    /// The article's language, as an ISO 639-3 code ("eng").
    pub expected: String,
    /// Common words of the expected language: a sentence with any of them is not checked.
    pub common_words: Vec<String>,
    /// Fewest words in a sentence worth checking.
    pub min_words: usize,
    /// Lowest whatlang confidence (0 to 1) to report.
    pub min_confidence: f64,
    /// Share of a document's words (0 to 1) in foreign sentences above which
    /// the whole document is reported once instead of sentence by sentence.
    pub document_share: f64,
    /// A sentence whose lower-case words are at least this share (0 to 1)
    /// words of the bundled English lexicon is taken as English, unchecked.
    pub max_lexicon_share: f64,
}

#[derive(Debug)]
pub struct Language {
    expected: Lang,
    /// Common words packed into integers ([`pack`]), sorted.
    common_words: Vec<u128>,
    /// Bytes in the longest common word: a longer word is none of them.
    longest_common: usize,
    min_words: usize,
    min_confidence: f64,
    document_share: f64,
    max_lexicon_share: f64,
    detector: Detector,
}

impl Language {
    pub fn compile(spec: &LanguageSpec) -> Result<Self, String> {
        let expected = Lang::from_code(&spec.expected)
            .ok_or_else(|| format!("unknown language code `{}`", spec.expected))?;
        let unit = 0.0..=1.0;
        let shares = [
            spec.min_confidence,
            spec.document_share,
            spec.max_lexicon_share,
        ];
        if !shares.iter().all(|s| unit.contains(s)) {
            return Err(
                "`min_confidence`, `document_share` and `max_lexicon_share` lie between 0 and 1"
                    .into(),
            );
        }
        Ok(Language {
            expected,
            common_words: {
                let mut packed: Vec<u128> =
                    spec.common_words.iter().filter_map(|w| pack(w)).collect();
                packed.sort_unstable();
                packed
            },
            longest_common: spec.common_words.iter().map(String::len).max().unwrap_or(0),
            min_words: spec.min_words.max(1),
            min_confidence: spec.min_confidence,
            document_share: spec.document_share,
            max_lexicon_share: spec.max_lexicon_share,
            detector: Detector::new(),
        })
    }

    /// The paragraphs (by index, in order) that may hold a sentence worth
    /// checking: a run of `min_words` words with no common English word among
    /// them, holding at least three lower-case words the lexicon does not
    /// know (fewer cannot make a sentence mostly foreign). Works on the shared
    /// tokens and judges each distinct word once ([`Words`]).
    ///
    /// One pass over the whole document's token ids finds the stretches of
    /// `min_words` tokens without a common word ([`next_common_free`]); only
    /// when such a stretch holds three unknown lower-case words is the
    /// paragraph where it starts looked at closely
    /// ([`Language::may_hold_foreign_run`]), and the pass goes on after it.
    /// Every run lies in such a stretch, so no other paragraph can hold one;
    /// and the tokens themselves (far apart, a cache miss each) are only
    /// looked at for the few stretches that pass.
    fn candidate_paragraphs(&self, doc: &Document) -> Vec<usize> {
        let words = Words::of(doc);
        let shapes: Vec<u8> = (0..words.len())
            .map(|id| self.shape(words.text(doc.text, id)))
            .collect();
        let mut candidates = Vec::new();
        // No paragraph before this one holds a token not looked at yet.
        let mut paragraph = 0;
        let mut from = 0;
        while let Some(start) = next_common_free(words.ids(), &shapes, from, self.min_words) {
            let (enough, end) = self.unknown_in_stretch(doc, &words, &shapes, start);
            if !enough {
                from = end.max(start + 1);
                continue;
            }
            let Some((at, range)) = paragraph_around(doc, start, paragraph) else {
                break; // after the last paragraph
            };
            if self.may_hold_foreign_run(doc, &words, &shapes, range.clone()) {
                candidates.push(at);
            }
            paragraph = at + 1;
            from = range.end.max(start + 1);
        }
        candidates
    }

    /// Whether the tokens from `start` up to the next common word hold three
    /// lower-case words the lexicon does not know, as any run worth checking
    /// does ([`Language::walk_run`]), and where the stretch (or the search)
    /// ends: at the common word, or at the third unknown word.
    fn unknown_in_stretch(
        &self,
        doc: &Document,
        words: &Words,
        shapes: &[u8],
        start: usize,
    ) -> (bool, usize) {
        let ids = words.ids();
        let mut unknown = 0;
        for (i, &id) in ids.iter().enumerate().skip(start) {
            let shape = shapes.get(id as usize).copied().unwrap_or(0);
            if shape & COMMON != 0 {
                return (false, i);
            }
            if shape & LOWER != 0 && words.level(doc.text, id as usize).is_none() {
                unknown += 1;
                if unknown >= 3 {
                    return (true, i);
                }
            }
        }
        (false, ids.len())
    }

    /// Whether the tokens in `range` (one paragraph) hold a run of `min_words`
    /// plain words without a common word and with three or more lower-case
    /// words unknown to the lexicon.
    ///
    /// A run spans at least `min_words` tokens with no common word among them,
    /// and most stretches of English have one every few tokens: so the last
    /// common word of the next `min_words` tokens is looked for first (from
    /// the end), and the search jumps past it; only a stretch without one is
    /// walked token by token ([`Language::walk_run`]).
    fn may_hold_foreign_run(
        &self,
        doc: &Document,
        words: &Words,
        shapes: &[u8],
        range: std::ops::Range<usize>,
    ) -> bool {
        let ids = &words.ids()[range];
        let common = |id: &u32| shapes.get(*id as usize).is_some_and(|s| s & COMMON != 0);
        let mut from = 0;
        while let Some(window) = ids.get(from..from + self.min_words) {
            if let Some(last) = window.iter().rposition(common) {
                from += last + 1;
                continue;
            }
            match self.walk_run(doc, words, shapes, ids, from) {
                Walk::Foreign => return true,
                Walk::Common(at) => from = at + 1,
                Walk::End => return false,
            }
        }
        false
    }

    /// Walks the tokens `ids[from..]` up to the next common word, counting
    /// plain words and, once they are `min_words`, the lower-case words unknown
    /// to the lexicon among the last tokens.
    fn walk_run(
        &self,
        doc: &Document,
        words: &Words,
        shapes: &[u8],
        ids: &[u32],
        from: usize,
    ) -> Walk {
        let shape = |id: u32| shapes.get(id as usize).copied().unwrap_or(0);
        let unknown_lower =
            |id: u32| shape(id) & LOWER != 0 && words.level(doc.text, id as usize).is_none();
        let (mut run, mut unknown) = (0, 0);
        for (i, &id) in ids.iter().enumerate().skip(from) {
            let shape = shape(id);
            if shape & PLAIN == 0 {
                continue; // numbers, "U.S.", "crates.io": not plain words
            }
            if shape & COMMON != 0 {
                return Walk::Common(i);
            }
            run += 1;
            if run == self.min_words {
                // Look the run up in the lexicon only once it is long enough.
                let start = i + 1 - run;
                unknown = ids[start..i]
                    .iter()
                    .filter(|&&id| unknown_lower(id))
                    .count();
            }
            if run >= self.min_words {
                unknown += usize::from(unknown_lower(id));
                if unknown >= 3 {
                    return Walk::Foreign;
                }
            }
        }
        Walk::End
    }

    /// The [`PLAIN`], [`COMMON`] and [`LOWER`] bits of a token's text. A
    /// token with a letter is a word token ([`crate::text::TokenKind::Word`]).
    fn shape(&self, word: &str) -> u8 {
        let plain = word.chars().any(char::is_alphabetic) && !word.contains('.');
        let mut shape = 0;
        if plain {
            shape |= PLAIN;
            if self.is_common(word) {
                shape |= COMMON;
            }
        }
        if word.starts_with(char::is_lowercase) {
            shape |= LOWER;
        }
        shape
    }

    fn is_common(&self, word: &str) -> bool {
        word.len() <= self.longest_common
            && pack(word).is_some_and(|p| self.common_words.binary_search(&p).is_ok())
    }

    /// The foreign language of a sentence, if it is one worth reporting.
    fn foreign(&self, sentence: &str) -> Option<Lang> {
        let mut words = 0;
        let mut lower = 0;
        for word in plain_words(sentence) {
            words += 1;
            lower += usize::from(word.chars().next().is_some_and(char::is_lowercase));
            if self.is_common(word) {
                return None;
            }
        }
        if words < self.min_words || lower * 2 < words {
            return None; // too short to judge, or names, titles, headlines
        }
        let plain: Vec<&str> = plain_words(sentence).collect();
        let lower_words = plain.iter().filter(|w| w.starts_with(char::is_lowercase));
        let (mut known, mut all) = (0, 0);
        for word in lower_words {
            all += 1;
            known += usize::from(crate::lexicon::level(word).is_some());
        }
        if known as f64 >= self.max_lexicon_share * all as f64 {
            return None; // mostly English words: names and numbers fooled the guard
        }
        let info = self.detector.detect(&plain.join(" "))?;
        (info.lang() != self.expected && info.confidence() >= self.min_confidence)
            .then_some(info.lang())
    }
}

/// The paragraph (its index) that holds token `at`, and its tokens: those
/// after the previous paragraph's end up to its own end (the tokens the
/// paragraph's sentences are made of). The paragraph is looked for from
/// paragraph `from` on, and its tokens near `at`, not by binary searches
/// over the whole document, which would miss the cache at most steps.
/// `None` when the token lies after the last paragraph.
fn paragraph_around(
    doc: &Document,
    at: usize,
    from: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    let tokens = doc.tokens();
    let start = tokens.get(at)?.start();
    let paragraph = gallop(doc.paragraphs.get(from..)?, 0, |p| p.end < start) + from;
    let span = doc.paragraphs.get(paragraph)?;
    let previous_end = paragraph
        .checked_sub(1)
        .and_then(|p| doc.paragraphs.get(p))
        .map(|p| p.end);
    // Back to the paragraph's first token: each paragraph is walked once.
    let mut first = at;
    while first > 0 && previous_end.is_none_or(|end| tokens[first - 1].start() > end) {
        first -= 1;
    }
    Some((
        paragraph,
        first..gallop(tokens, at, |t| t.start() <= span.end),
    ))
}

/// The first token from `from` on that starts `n` tokens (`n` at least 1)
/// without a [`COMMON`] word among them, by the `shapes` of their ids.
///
/// A plain loop over all the ids: whether a token is a common word is a coin
/// toss in English, and jumping over the tokens before the last common word
/// of each stretch, as [`Language::may_hold_foreign_run`] does, mispredicts a
/// branch per jump, which costs more than looking at every token.
fn next_common_free(ids: &[u32], shapes: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut gap = 0;
    for (i, &id) in ids.get(from..)?.iter().enumerate() {
        let common = shapes.get(id as usize).map_or(0, |s| s & COMMON);
        gap = if common != 0 { 0 } else { gap + 1 };
        if gap == n {
            return Some(from + i + 1 - n);
        }
    }
    None
}

/// Where [`Language::walk_run`] stopped.
enum Walk {
    /// A run that may be foreign.
    Foreign,
    /// At a common word (its token index), which ends any run.
    Common(usize),
    /// At the end of the paragraph.
    End,
}

/// A word written in letters, without a dot (not a number, "U.S." or "crates.io").
const PLAIN: u8 = 2;
/// A plain word in the common words of the expected language.
const COMMON: u8 = 4;
/// Starts with a lower-case letter.
const LOWER: u8 = 8;

/// An ASCII word of up to 16 letters in lower case, as one integer.
fn pack(word: &str) -> Option<u128> {
    (word.len() <= 16 && word.bytes().all(|b| b.is_ascii_alphabetic())).then(|| {
        word.bytes()
            .fold(0u128, |p, b| (p << 8) | u128::from(b.to_ascii_lowercase()))
    })
}

/// The words of a sentence written in letters only, without URLs, e-mail
/// addresses, code identifiers or numbers ("crates.io", "serde_saphyr").
fn plain_words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split_whitespace().filter_map(|raw| {
        let word = raw.trim_matches(|c: char| !c.is_alphabetic());
        let plain = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
        plain.then_some(word)
    })
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

impl Check for Language {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let mut found: Vec<(Span, Lang)> = Vec::new();
        let mut foreign_words = 0;
        for index in self.candidate_paragraphs(doc) {
            let Some(&paragraph) = doc.paragraphs.get(index) else {
                continue;
            };
            for sentence in split_sentences(doc.text, paragraph) {
                let text = sentence.of(doc.text);
                if let Some(lang) = self.foreign(text) {
                    foreign_words += word_count(text);
                    found.push((sentence, lang));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        // The tokens of all paragraphs: those up to the last one's end.
        let all_words = doc.paragraphs.last().map_or(0, |last| {
            doc.tokens().partition_point(|t| t.start() <= last.end)
        });
        let share = foreign_words as f64 / all_words.max(1) as f64;
        if share >= self.document_share && all_words >= self.min_words * 3 {
            let lang = most_common(&found);
            let first_line = doc.lines.iter().find(|l| !l.of(doc.text).trim().is_empty());
            let span = first_line.copied().unwrap_or(Span::new(0, doc.text.len()));
            hits.push(language_hit(span, lang, "document"));
            return;
        }
        for (span, lang) in merge_in_paragraphs(doc, found) {
            hits.push(language_hit(span, lang, "passage"));
        }
    }

    fn variables(&self) -> Vec<String> {
        vec!["language".into(), "unit".into()]
    }
}

fn language_hit(span: Span, lang: Lang, unit: &str) -> Hit {
    Hit {
        span,
        vars: vec![
            ("language".into(), lang.eng_name().to_string()),
            ("unit".into(), unit.to_string()),
        ],
        replacements: Vec::new(),
    }
}

fn most_common(found: &[(Span, Lang)]) -> Lang {
    let mut best = (found[0].1, 0);
    for (_, lang) in found {
        let n = found.iter().filter(|(_, l)| l == lang).count();
        if n > best.1 {
            best = (*lang, n);
        }
    }
    best.0
}

/// Neighbouring foreign sentences of one paragraph become one finding.
fn merge_in_paragraphs(doc: &Document, found: Vec<(Span, Lang)>) -> Vec<(Span, Lang)> {
    let mut merged: Vec<(Span, Lang)> = Vec::new();
    for (span, lang) in found {
        if let Some((last, _)) = merged.last_mut() {
            let between = &doc.text[last.end..span.start.max(last.end)];
            if !between.contains("\n\n") && between.trim().is_empty() {
                last.end = span.end;
                continue;
            }
        }
        merged.push((span, lang));
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language() -> Language {
        Language::compile(&LanguageSpec {
            expected: "eng".into(),
            common_words: ["the", "of", "and", "said"].map(String::from).to_vec(),
            min_words: 4,
            min_confidence: 0.5,
            document_share: 0.6,
            max_lexicon_share: 0.5,
        })
        .unwrap()
    }

    /// The walk without jumps, as one loop: the reference for the jumps.
    fn walked(lang: &Language, doc: &Document, words: &Words, shapes: &[u8], ids: &[u32]) -> bool {
        let mut from = 0;
        loop {
            match lang.walk_run(doc, words, shapes, ids, from) {
                Walk::Foreign => return true,
                Walk::Common(at) => from = at + 1,
                Walk::End => return false,
            }
        }
    }

    #[test]
    fn jumps_over_common_words_find_the_same_runs() {
        let lang = language();
        let vocabulary = [
            "the", "of", "and", "said", "zorbak", "quilmet", "frandol", "house", "Paris", "42",
            "U.S.", ",", "vexmir", "water", "plinth",
        ];
        let mut state = 7u32;
        let mut text = String::new();
        for paragraph in 0..400 {
            for _ in 0..(paragraph % 23 + 1) {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(vocabulary[(state >> 16) as usize % vocabulary.len()]);
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        let doc = Document::new(&text);
        let words = Words::of(&doc);
        let shapes: Vec<u8> = (0..words.len())
            .map(|id| lang.shape(words.text(doc.text, id)))
            .collect();
        let tokens = doc.tokens();
        let (mut first, mut foreign) = (0, 0);
        let mut candidates = Vec::new();
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            let count = tokens[first..].partition_point(|t| t.start() <= paragraph.end);
            let range = first..first + count;
            first += count;
            let expected = walked(&lang, &doc, &words, &shapes, &words.ids()[range.clone()]);
            assert_eq!(
                lang.may_hold_foreign_run(&doc, &words, &shapes, range),
                expected
            );
            foreign += usize::from(expected);
            if expected {
                candidates.push(index);
            }
        }
        assert!(foreign > 10 && foreign < 390, "{foreign}");
        // The one pass over the document finds the paragraphs the walk of
        // each paragraph finds.
        assert_eq!(lang.candidate_paragraphs(&doc), candidates);
    }

    #[test]
    fn stretches_without_common_words_are_found_from_their_first_token() {
        // Shapes by id: 0 is common, 1 a plain word.
        let shapes = [COMMON | PLAIN, PLAIN];
        let ids = [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1];
        assert_eq!(next_common_free(&ids, &shapes, 0, 2), Some(0));
        assert_eq!(next_common_free(&ids, &shapes, 0, 3), Some(3));
        assert_eq!(next_common_free(&ids, &shapes, 4, 3), Some(7));
        assert_eq!(next_common_free(&ids, &shapes, 0, 5), Some(7));
        assert_eq!(next_common_free(&ids, &shapes, 0, 6), None);
        assert_eq!(next_common_free(&ids, &shapes, 20, 1), None);
    }
}

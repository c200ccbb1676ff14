//! `repetition`: a word or phrase written twice or more in a row ("the the",
//! "and the and the and the"), as translation engines do when they loop.
//!
//! Only words separated by spaces count (no punctuation between the copies),
//! inside one paragraph. Doubled capitalised names ("Bora Bora", "Walla Walla")
//! and words that may double in grammatical English ("had had", "that that")
//! are left alone.

use crate::diagnostic::Span;
use crate::lexicon::Words;
use crate::rules::{Check, Hit};
use crate::text::{Document, Token};
use serde::Deserialize;
use std::collections::HashSet;

/// The `repetition:` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepetitionSpec {
    /// Fewest words in the repeated unit (1: doubled words).
    pub min_words: usize,
    /// Most words in the repeated unit.
    pub max_words: usize,
    /// Fewest copies in a row to flag (2: "the the").
    #[serde(default = "two")]
    pub min_copies: usize,
    /// One-word units that may double in good English, compared without case.
    #[serde(default)]
    pub allow: Vec<String>,
}

fn two() -> usize {
    2
}

#[derive(Debug)]
pub struct Repetition {
    min_words: usize,
    max_words: usize,
    min_copies: usize,
    allow: HashSet<String>,
}

impl Repetition {
    pub fn compile(spec: &RepetitionSpec) -> Result<Self, String> {
        if spec.min_words == 0
            || spec.max_words < spec.min_words
            || spec.max_words > 255
            || spec.min_copies < 2
        {
            return Err("need 1 <= min_words <= max_words <= 255 and min_copies >= 2".into());
        }
        Ok(Repetition {
            min_words: spec.min_words,
            max_words: spec.max_words,
            min_copies: spec.min_copies,
            allow: spec.allow.iter().map(|w| w.to_lowercase()).collect(),
        })
    }

    /// How many copies of `tokens[at..at + n]` follow one another from `at`.
    fn copies(&self, text: &str, tokens: &[Token], keys: Keys, at: usize, n: usize) -> usize {
        let mut copies = 1;
        while at + (copies + 1) * n <= tokens.len() {
            let start = at + copies * n;
            let same =
                (0..n).all(|k| keys.at(at + k) == keys.at(start + k) && tokens[at + k].is_word());
            if !same || !separated(text, &tokens[start - 1], &tokens[start], n) {
                break;
            }
            copies += 1;
        }
        copies
    }

    fn allowed_single(&self, text: &str, first: &Token, second: &Token) -> bool {
        let a = first.span().of(text);
        let b = second.span().of(text);
        let name = a.chars().next().is_some_and(char::is_uppercase)
            && b.chars().next().is_some_and(char::is_uppercase)
            && a.chars().skip(1).any(char::is_lowercase);
        name || self.allow.contains(&a.to_lowercase())
    }
}

/// The tokens' folded ids (ASCII case ignored): two tokens have equal keys
/// when their texts are equal ignoring ASCII case.
#[derive(Clone, Copy)]
struct Keys<'w> {
    /// Each token's word id ([`Words::ids`]).
    ids: &'w [u32],
    /// Each word id's folded id ([`Words::folded_table`]).
    folded: &'w [u32],
}

impl Keys<'_> {
    /// The key of token `i`.
    #[inline]
    fn at(&self, i: usize) -> u32 {
        self.of_id(self.ids[i])
    }

    /// The key of word id `id`.
    #[inline]
    fn of_id(&self, id: u32) -> u32 {
        self.folded[id as usize]
    }
}

/// Whether `start..end` is a whole quotation ("zoom zoom").
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_some_and(|c| "\"“‘'".contains(c)) && after.is_some_and(|c| "\"”’'".contains(c))
}

/// For each token, how many tokens ahead the next token with the same key
/// is, when it is at most `window` (at most 255) tokens ahead; 0 when it is
/// not. Keys are folded ids below `distinct`.
///
/// The tokens are taken in blocks from the end: each block's keys are looked
/// up first (a loop with no stores to the table), then the distances are
/// computed from them. The key of a token is then one load from a small
/// buffer rather than two dependent loads, so each store to `last_seen` has
/// its address early and the loads of the next tokens need not wait for it.
fn next_same(keys: Keys, distinct: usize, window: usize) -> Vec<u8> {
    /// Tokens per block: the block's keys stay in the first-level cache.
    const BLOCK: usize = 256;
    let window = window.min(255) as u32;
    // Unseen keys lie "at infinity": the distance to them is over the window.
    // Positions fit in u32 (a tokenized text is under 2^31 bytes), which
    // halves this table against usize.
    let mut last_seen = vec![u32::MAX; distinct];
    let mut next = vec![0u8; keys.ids.len()];
    let mut block_keys = [0u32; BLOCK];
    let mut end = keys.ids.len();
    for (ids, out) in keys.ids.rchunks(BLOCK).zip(next.rchunks_mut(BLOCK)) {
        let start = end - ids.len();
        let block_keys = &mut block_keys[..ids.len()];
        for (key, &id) in block_keys.iter_mut().zip(ids) {
            *key = keys.of_id(id);
        }
        for (j, (&k, step)) in block_keys.iter().zip(out.iter_mut()).enumerate().rev() {
            let i = (start + j) as u32;
            let seen = &mut last_seen[k as usize];
            let distance = seen.wrapping_sub(i);
            // Without a branch: whether a copy is near is as good as a coin toss.
            *step = if distance <= window {
                distance as u8
            } else {
                0
            };
            *seen = i;
        }
        end = start;
    }
    next
}

/// The distances of [`next_same`] with the widest window (255), computed
/// once per document and shared by every repetition rule whatever its
/// settings: "the the" is a distance of 1, a looping phrase of n words is a
/// run of distances up to n. One pass over the tokens serves both
/// `style.doubled-word` and `style.repeated-phrase`.
struct Recurrence(Vec<u8>);

/// Pairs of distances per block in [`Repetition::near_start`].
const PAIR_BLOCK: usize = 16;

/// The key of [`Recurrence`] among the document's analyses.
const RECURRENCE: u64 = u64::from_le_bytes(*b"repeats\0");

/// Whether a repetition of `min_words..=max_words` words may start at the
/// first token of `next` (distances from [`next_same`]): for some unit
/// length n, each of the first n words comes back at most n words later. A
/// repetition's words all come back exactly n words later, so a start that
/// fails this test cannot hold one; in running text few starts pass it.
fn may_start(next: &[u8], min_words: usize, max_words: usize) -> bool {
    let mut furthest = 0;
    for (j, &step) in next.iter().take(max_words).enumerate() {
        let step = usize::from(step);
        if step == 0 || step > max_words {
            return false;
        }
        furthest = furthest.max(step);
        if j + 1 >= min_words && furthest <= j + 1 {
            return true;
        }
    }
    false
}

/// Whether tokens `a` and `b` are the same word ignoring ASCII case, by
/// their folded ids.
fn same_word(keys: Keys, tokens: &[Token], a: usize, b: usize) -> bool {
    keys.at(a) == keys.at(b) && tokens[a].is_word()
}

/// Copies of one word must be separated by one space; copies of a phrase by
/// one space, or by a comma and a space (phrases of three words or more) or a
/// full stop and a space (four words or more: "at the same time. At the same
/// time"), never by a line break.
fn separated(text: &str, a: &Token, b: &Token, words: usize) -> bool {
    let gap = &text[a.end()..b.start()];
    match gap {
        " " | "\u{a0}" => true,
        ", " | "; " => words >= 3,
        ". " => words >= 4,
        _ => false,
    }
}

impl Repetition {
    /// The repetition starting at token `at`, if any, and how many tokens it
    /// covers. Only distances at which the first word comes back are tried.
    fn phrase_at(&self, doc: &Document, keys: Keys, at: usize) -> Option<(Hit, usize)> {
        let tokens = doc.tokens();
        let first = keys.at(at);
        for n in 1..=self.max_words {
            if at + 2 * n > tokens.len() {
                return None;
            }
            // The first and second words must come back (cheap tests before counting copies).
            if keys.at(at + n) != first
                || n < self.min_words
                || (n >= 2 && keys.at(at + 1) != keys.at(at + n + 1))
            {
                continue;
            }
            let copies = self.copies(doc.text, tokens, keys, at, n);
            if copies < self.min_copies
                || (n == 1 && self.allowed_single(doc.text, &tokens[at], &tokens[at + 1]))
            {
                continue;
            }
            let unit = Span::new(tokens[at].start(), tokens[at + n - 1].end());
            let end = tokens[at + copies * n - 1].end();
            if doc.text[unit.start..end].contains('\n') || quoted(doc.text, unit.start, end) {
                continue; // a headline repeated as the first line; a quoted "zoom zoom"
            }
            let hit = Hit {
                span: Span::new(unit.start, end),
                vars: vec![
                    ("unit".into(), unit.of(doc.text).to_string()),
                    ("copies".into(), copies.to_string()),
                ],
                replacements: vec![unit.of(doc.text).to_string()],
            };
            return Some((hit, copies * n));
        }
        None
    }

    /// The one-word case, comparing neighbours only. `keys` are the tokens'
    /// folded ids, `next` their [`Recurrence`] distances.
    fn doubled_words(&self, doc: &Document, keys: Keys, next: &[u8], hits: &mut Vec<Hit>) {
        let tokens = doc.tokens();
        let mut at = 0;
        // Only neighbours with equal keys can double: a distance of 1, found
        // by a vector scan of the shared distances.
        while let Some(pair) = next.get(at..).and_then(|rest| memchr::memchr(1, rest)) {
            at += pair;
            let (a, b) = (&tokens[at], &tokens[at + 1]);
            let doubled = same_word(keys, tokens, at, at + 1)
                && separated(doc.text, a, b, 1)
                && !self.allowed_single(doc.text, a, b)
                && !quoted(doc.text, a.start(), b.end());
            if !doubled {
                at += 1;
                continue;
            }
            let mut last = at + 1;
            while last + 1 < tokens.len()
                && same_word(keys, tokens, at, last + 1)
                && separated(doc.text, &tokens[last], &tokens[last + 1], 1)
            {
                last += 1;
            }
            let copies = last - at + 1;
            if copies >= self.min_copies {
                let unit = a.span().of(doc.text).to_string();
                hits.push(Hit {
                    span: Span::new(a.start(), tokens[last].end()),
                    vars: vec![
                        ("unit".into(), unit.clone()),
                        ("copies".into(), copies.to_string()),
                    ],
                    replacements: vec![unit],
                });
            }
            at = last + 1;
        }
    }
}

impl Repetition {
    /// The first token of `next` (distances) whose word comes back within
    /// `max_words`, and of two words or more only if the next word does too:
    /// a tight scan before the finer [`may_start`].
    fn near_start(&self, next: &[u8]) -> Option<usize> {
        // A distance of 0 wraps to 255, never below `max_words` (at most 255).
        let near = |step: u8| usize::from(step.wrapping_sub(1)) < self.max_words;
        if self.min_words < 2 {
            return next.iter().position(|&step| near(step));
        }
        // Blocks of pairs are tested without a branch per pair (the compiler
        // tests a block with vector instructions); the first block holding a
        // near pair is then searched pair by pair. `&`, not `&&`: one branch,
        // rarely taken, instead of two coin tosses.
        let mut at = 0;
        while let Some(block) = next.get(at..at + PAIR_BLOCK + 1) {
            let mut any = false;
            for k in 0..PAIR_BLOCK {
                any |= near(block[k]) & near(block[k + 1]);
            }
            if any {
                break;
            }
            at += PAIR_BLOCK;
        }
        let rest = next.get(at..)?;
        let found = rest
            .windows(2)
            .position(|pair| near(pair[0]) & near(pair[1]))?;
        Some(at + found)
    }

    /// Repetitions of `min_words..=max_words` words; `next` are the tokens'
    /// [`Recurrence`] distances.
    fn phrases(&self, doc: &Document, keys: Keys, next: &[u8], hits: &mut Vec<Hit>) {
        let mut at = 0;
        while let Some(skip) = next.get(at..).and_then(|rest| self.near_start(rest)) {
            at += skip;
            if !may_start(&next[at..], self.min_words, self.max_words) {
                at += 1;
                continue;
            }
            match self.phrase_at(doc, keys, at) {
                Some((hit, words)) => {
                    hits.push(hit);
                    at += words;
                }
                None => at += 1,
            }
        }
    }
}

impl Check for Repetition {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let words = Words::of(doc);
        let keys = Keys {
            ids: words.ids(),
            folded: words.folded_table(),
        };
        let recurrence = doc.analysis(RECURRENCE, || {
            Recurrence(next_same(keys, words.folded_len(), 255))
        });
        if self.max_words == 1 {
            self.doubled_words(doc, keys, &recurrence.0, hits);
        } else {
            self.phrases(doc, keys, &recurrence.0, hits);
        }
    }

    fn variables(&self) -> Vec<String> {
        vec!["unit".into(), "copies".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_same_finds_the_nearest_copy_within_the_window() {
        let keys = [0, 1, 0, 2, 1, 0, 3, 3];
        let keys = Keys {
            ids: &keys,
            folded: &[0, 1, 2, 3],
        };
        assert_eq!(next_same(keys, 4, 3), [2, 3, 3, 0, 0, 0, 1, 0]);
        assert_eq!(next_same(keys, 4, 2), [2, 0, 0, 0, 0, 0, 1, 0]);
    }

    #[test]
    fn next_same_gives_distances_across_blocks() {
        // Keys 0..300 twice: each token's copy is 300 tokens on (over the
        // window); then a pair 255 apart and one 256 apart, crossing blocks.
        let mut ids: Vec<u32> = (0..300).chain(0..300).collect();
        ids.extend([300, 301]);
        ids.extend(std::iter::repeat_n(302, 253));
        ids.extend([300, 302, 301]);
        let folded: Vec<u32> = (0..303).collect();
        let keys = Keys {
            ids: &ids,
            folded: &folded,
        };
        let next = next_same(keys, 303, 255);
        assert!(next[..600].iter().all(|&d| d == 0));
        assert_eq!(next[600], 255);
        assert_eq!(next[601], 0);
        assert_eq!(next[602], 1);
        assert_eq!(next[854], 2);
        assert_eq!(next[855], 0);
        assert_eq!(next[856], 0);
    }

    #[test]
    fn near_start_by_blocks_finds_the_first_near_pair() {
        let rule = |min_words| {
            Repetition::compile(&RepetitionSpec {
                min_words,
                max_words: 30,
                min_copies: 2,
                allow: Vec::new(),
            })
            .unwrap()
        };
        let (pairs, single) = (rule(2), rule(1));
        let near = |step: u8| (1..=30).contains(&step);
        let mut state = 11u32;
        let mut next = Vec::new();
        for len in 0..300 {
            next.clear();
            for _ in 0..len {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // Mostly far or absent copies, a near one now and then.
                let roll = (state >> 16) % 100;
                next.push(if roll < 8 { (roll * 4) as u8 } else { 0 });
            }
            let want = (0..len.max(1) - 1).find(|&i| near(next[i]) && near(next[i + 1]));
            assert_eq!(pairs.near_start(&next), want, "{next:?}");
            let want = next.iter().position(|&step| near(step));
            assert_eq!(single.near_start(&next), want);
        }
    }

    #[test]
    fn may_start_wants_each_word_of_a_unit_to_come_back_within_it() {
        // "a b a b": both words come back two words later.
        assert!(may_start(&[2, 2, 0, 0], 2, 30));
        // "a b c a": c does not come back.
        assert!(!may_start(&[3, 0, 0, 0], 2, 30));
        // "a b x a b": a and b come back, x does not.
        assert!(!may_start(&[3, 3, 0, 0, 0], 2, 30));
        // "a b x a b x": all three come back three words later.
        assert!(may_start(&[3, 3, 3, 0, 0, 0], 2, 30));
        // A word that comes back too far for the unit it starts.
        assert!(!may_start(&[4, 1, 0], 2, 30));
        // Doubled single words pass only when units of one word are asked for.
        assert!(may_start(&[1, 0], 1, 30));
        assert!(!may_start(&[1, 0], 2, 30));
        // Distances beyond the longest unit asked for (the shared window is wider).
        assert!(!may_start(&[3, 3, 3, 0], 2, 2));
    }
}

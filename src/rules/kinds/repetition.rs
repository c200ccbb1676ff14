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

/// Where a word or a phrase may come back right after itself, computed once
/// per document (and window) by [`recurrences`] and shared by the repetition
/// rules: each entry is a start token `at` and a unit length `n` (packed by
/// [`pack_start`], sorted) such that the first word of the unit comes back
/// `n` words on, and for `n` of two or more the second word too. Every
/// repetition starts at such an entry; in running text there are few.
struct Recurrence(Vec<u64>);

/// The key of [`Recurrence`] among the document's analyses (with its window added).
const RECURRENCE: u64 = u64::from_le_bytes(*b"repeats\0");

/// The window of [`recurrences`] serving a rule whose units have at most
/// `max_words` words: rules with short units (both built-in ones) share one.
fn window_for(max_words: usize) -> usize {
    if max_words <= 32 {
        32
    } else {
        255
    }
}

/// A [`Recurrence`] entry: start token `at`, unit length `n` (below 256).
fn pack_start(at: usize, n: usize) -> u64 {
    ((at as u64) << 8) | (n as u64 & 0xff)
}

/// The start token and unit length of a [`Recurrence`] entry.
fn unpack_start(entry: u64) -> (usize, usize) {
    ((entry >> 8) as usize, (entry & 0xff) as usize)
}

/// Previous-copy distances [`recurrences`] keeps (a power of two above 256).
const RING: usize = 512;

/// Added to token positions in [`recurrences`]: a key not seen yet lies
/// further back than any window. A multiple of [`RING`], so that a token's
/// place in the ring is its index modulo [`RING`].
const UNSEEN: u32 = RING as u32;

/// Slots in the table of last positions of [`recurrences`] (a power of
/// two): keys equal modulo this share one, so that the table stays in the
/// first-level cache whatever the vocabulary. Sharing a slot only makes a
/// key seem to come back sooner, never later: the pass then looks at a few
/// more tokens, and the keys themselves decide.
const SLOTS: usize = 4096;

/// Tokens per block of [`recurrences`] (the bits of a `u64`).
const BLOCK: usize = 64;

/// The [`Recurrence`] entries of units of up to `window` (at most 255) words,
/// in order, in one forward pass over the tokens' keys.
///
/// Each token's distance back to the previous token with its key's slot is
/// found from the last position of each slot; a unit of n words at `at`
/// that comes back n words on makes the tokens at `at + n` and `at + n + 1`
/// both come back within n. The tokens are taken in blocks: first their
/// distances, in a tight loop, then which of them end such a pair (or a
/// doubled slot), as bits, without a branch per token; only at those are
/// the earlier copies walked, through a ring of the last distances, and
/// their keys compared.
fn recurrences(keys: Keys, window: usize) -> Vec<u64> {
    if keys.ids.is_empty() {
        return Vec::new();
    }
    let window = window.min(255) as u8;
    // Each id's slot: one load per token instead of two.
    let slot_of: Vec<u16> = keys
        .folded
        .iter()
        .map(|&key| (key as usize % SLOTS) as u16)
        .collect();
    let mut pass = Pass {
        slot_of,
        last_seen: Box::new([0; SLOTS]),
        ring: [0; RING],
    };
    let mut found = Vec::new();
    // The distance of the token before the block.
    let mut before = 0;
    for (block, ids) in keys.ids.chunks(BLOCK).enumerate() {
        let first = block * BLOCK;
        let distances = pass.distances(first, ids);
        let mut events = event_bits(distances, before, window);
        before = distances.last().copied().unwrap_or(0);
        while events != 0 {
            let j = first + events.trailing_zeros() as usize;
            push_recurrences(keys, &pass.ring, j, window, &mut found);
            events &= events - 1;
        }
    }
    found
}

/// Adds `entry` to the sorted `found`. Entries come by the token that ends
/// their second copy, so an entry's start lies at most a window before the
/// last one's: it goes in among the last few, without sorting them all.
fn insert_sorted(found: &mut Vec<u64>, entry: u64) {
    let after = found.iter().rev().take_while(|&&e| e > entry).count();
    found.insert(found.len() - after, entry);
}

/// The state of the forward pass of [`recurrences`].
struct Pass {
    /// The slot of each word id's key.
    slot_of: Vec<u16>,
    /// For each slot, the position (plus [`UNSEEN`]) of its last token.
    last_seen: Box<[u32; SLOTS]>,
    /// The distance (at most 255) from each of the last tokens back to the
    /// previous one in its slot, at its index modulo [`RING`].
    ring: [u8; RING],
}

impl Pass {
    /// The distances of the tokens `ids` (at most [`BLOCK`]), the first of
    /// which is token `first` (a multiple of [`BLOCK`]), put in the ring.
    fn distances(&mut self, first: usize, ids: &[u32]) -> &[u8] {
        let at = first % RING;
        let out = &mut self.ring[at..at + ids.len().min(BLOCK)];
        block_distances(&self.slot_of, &mut self.last_seen, first, ids, out);
        out
    }
}

/// [`Pass::distances`] on the pass's parts, so that they stay in registers.
#[inline(never)]
fn block_distances(
    slot_of: &[u16],
    last_seen: &mut [u32; SLOTS],
    first: usize,
    ids: &[u32],
    out: &mut [u8],
) {
    // Positions fit in u32 (a tokenized text is under 2^31 bytes).
    let positions = first as u32 + UNSEEN..;
    for (position, (step, &id)) in positions.zip(out.iter_mut().zip(ids)) {
        let slot = usize::from(slot_of[id as usize]) % SLOTS;
        let distance = position.wrapping_sub(last_seen[slot]);
        last_seen[slot] = position;
        // At most 255, without a branch: all ones when over.
        let over = 255u32.wrapping_sub(distance) >> 31;
        *step = (distance | 0u32.wrapping_sub(over)) as u8;
    }
}

/// Bit `k` set when token `k` of a block with the ring `distances` ends a
/// doubled slot (a distance of 1) or follows a token that comes back within
/// `window` as it does itself; `before` is the distance of the token before
/// the block.
fn event_bits(distances: &[u8], before: u8, window: u8) -> u64 {
    if window >= 128 {
        return event_bits_wide(distances, before, window);
    }
    /// The high bit of each byte.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The low seven bits of each byte.
    const LOW: u64 = !HIGH;
    /// One in each byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    let limit = ONES * (u64::from(window) + 1);
    let mut bits = 0;
    let mut carry = u64::from(before != 0 && before <= window) << 7;
    for (k, eight) in distances.chunks(8).enumerate() {
        let x = match <[u8; 8]>::try_from(eight) {
            Ok(bytes) => u64::from_le_bytes(bytes),
            Err(_) => padded(eight),
        };
        // The high bit of each byte below `limit` (the bytes' own high bits
        // clear, so no subtraction borrows from the next byte), and of each
        // byte equal to 1.
        let near = !(((x | HIGH) - limit) | x) & HIGH;
        let ones = x ^ ONES;
        let one = !((((ones & LOW) + LOW) | ones) | LOW);
        let events = near & ((near << 8) | carry | one);
        carry = near >> 56;
        // Byte k's high bit to bit k.
        bits |= ((events >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    bits
}

/// The bytes of `short` (under eight) as an integer, the missing ones all
/// ones (far: no event).
fn padded(short: &[u8]) -> u64 {
    let mut bytes = [u8::MAX; 8];
    for (byte, &d) in bytes.iter_mut().zip(short) {
        *byte = d;
    }
    u64::from_le_bytes(bytes)
}

/// [`event_bits`] for windows of 128 tokens or more, token by token.
fn event_bits_wide(distances: &[u8], before: u8, window: u8) -> u64 {
    let mut bits = 0;
    let mut previous = before;
    for (k, &d) in distances.iter().enumerate() {
        let near = |d: u8| d != 0 && d <= window;
        let event = near(d) & (near(previous) | (d == 1));
        bits |= u64::from(event) << k;
        previous = d;
    }
    bits
}

/// The [`Recurrence`] entries whose second copy ends at token `j`: a
/// doubled word when its distance in `ring` is 1, and the units of up to
/// `window` words whose first two words are those of tokens `j - 1` and
/// `j`, found by walking the earlier tokens of the slot of token `j - 1`
/// through `ring`.
fn push_recurrences(keys: Keys, ring: &[u8; RING], j: usize, window: u8, found: &mut Vec<u64>) {
    let (first, second) = (keys.at(j - 1), keys.at(j));
    if ring[j % RING] == 1 && first == second {
        insert_sorted(found, pack_start(j - 1, 1));
    }
    let mut copy = j - 1;
    loop {
        let step = usize::from(ring[copy % RING]);
        let Some(earlier) = copy.checked_sub(step).filter(|_| step != 0) else {
            return;
        };
        copy = earlier;
        let n = j - 1 - copy;
        if n > usize::from(window) {
            return;
        }
        if n >= 2 && keys.at(copy) == first && keys.at(copy + 1) == second {
            insert_sorted(found, pack_start(copy, n));
        }
    }
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
    /// covers. Only the unit lengths `lengths` (rising) of the [`Recurrence`]
    /// entries at `at` are tried: at any other the first or second word does
    /// not come back.
    fn phrase_at(
        &self,
        doc: &Document,
        keys: Keys,
        at: usize,
        lengths: impl Iterator<Item = usize>,
    ) -> Option<(Hit, usize)> {
        let tokens = doc.tokens();
        let first = keys.at(at);
        for n in lengths.filter(|&n| n <= self.max_words) {
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
    /// folded ids, `starts` the document's [`Recurrence`] entries.
    fn doubled_words(&self, doc: &Document, keys: Keys, starts: &[u64], hits: &mut Vec<Hit>) {
        let tokens = doc.tokens();
        let mut at = 0;
        // Only neighbours with equal keys can double: entries of one word.
        let doubled = starts.iter().map(|&entry| unpack_start(entry));
        for (pair, _) in doubled.filter(|&(_, n)| n == 1) {
            if pair < at {
                continue;
            }
            at = pair;
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

    /// Repetitions of `min_words..=max_words` words; `starts` are the
    /// document's [`Recurrence`] entries. The starts are tried in text order,
    /// and a repetition found is skipped whole.
    fn phrases(&self, doc: &Document, keys: Keys, starts: &[u64], hits: &mut Vec<Hit>) {
        let mut at = 0;
        let mut rest = starts;
        while let Some(&entry) = rest.first() {
            let (start, _) = unpack_start(entry);
            let same = rest
                .iter()
                .position(|&e| unpack_start(e).0 != start)
                .unwrap_or(rest.len());
            let (group, next) = rest.split_at(same);
            rest = next;
            let lengths = group.iter().map(|&e| unpack_start(e).1);
            let wanted = lengths.filter(|&n| n >= self.min_words);
            if start < at {
                continue;
            }
            if let Some((hit, words)) = self.phrase_at(doc, keys, start, wanted) {
                hits.push(hit);
                at = start + words;
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
        let window = window_for(self.max_words);
        let recurrence = doc.analysis(RECURRENCE ^ window as u64, || {
            Recurrence(recurrences(keys, window))
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

    /// The entries of [`recurrences`], by comparing every start with every
    /// unit length: the reference for the forward pass.
    fn brute_force(keys: &[u32], window: usize) -> Vec<u64> {
        let mut found = Vec::new();
        for at in 0..keys.len() {
            for n in 1..=window {
                let first = keys.get(at + n) == Some(&keys[at]);
                let second = n == 1 || keys.get(at + n + 1) == keys.get(at + 1);
                if first && second && at + n + usize::from(n > 1) < keys.len() {
                    found.push(pack_start(at, n));
                }
            }
        }
        found.sort_unstable();
        found
    }

    /// Pseudo-random keys below `distinct`.
    fn random_keys(state: &mut u32, len: usize, distinct: u32) -> Vec<u32> {
        (0..len)
            .map(|_| {
                *state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (*state >> 16) % distinct
            })
            .collect()
    }

    #[test]
    fn recurrences_are_the_starts_whose_first_words_come_back() {
        let mut state = 11u32;
        for (len, distinct, window) in [(40, 3, 3), (300, 5, 32), (900, 40, 255), (700, 2, 32)] {
            let ids = random_keys(&mut state, len, distinct);
            let folded: Vec<u32> = (0..distinct).collect();
            let keys = Keys {
                ids: &ids,
                folded: &folded,
            };
            let found = recurrences(keys, window);
            assert_eq!(found, brute_force(&ids, window), "{ids:?}");
        }
    }

    #[test]
    fn recurrences_fold_case_through_the_folded_ids() {
        // Ids 0 and 1 are one word in two cases ("The", "the").
        let ids = [0, 1, 2, 3, 0, 2, 4];
        let keys = Keys {
            ids: &ids,
            folded: &[0, 0, 1, 2, 3],
        };
        let found: Vec<_> = recurrences(keys, 32)
            .into_iter()
            .map(unpack_start)
            .collect();
        assert_eq!(found, [(0, 1), (1, 3)]);
    }

    #[test]
    fn keys_sharing_a_slot_are_told_apart() {
        let mut state = 3u32;
        let folded: Vec<u32> = (0..2 * SLOTS as u32 + 8).collect();
        for window in [3, 32] {
            let ids: Vec<u32> = random_keys(&mut state, 2000, 6)
                .into_iter()
                .map(|k| (k % 3) + (k / 3) * SLOTS as u32)
                .collect();
            let keys = Keys {
                ids: &ids,
                folded: &folded,
            };
            assert_eq!(recurrences(keys, window), brute_force(&ids, window));
        }
    }

    fn rule(min_words: usize, max_words: usize) -> Repetition {
        Repetition::compile(&RepetitionSpec {
            min_words,
            max_words,
            min_copies: 2,
            allow: vec!["had".into()],
        })
        .unwrap()
    }

    /// Every start tried with every unit length, as the rule did before
    /// [`Recurrence`]: the reference for the scan over its entries.
    fn every_start(rule: &Repetition, doc: &Document, keys: Keys) -> Vec<Hit> {
        let (mut hits, mut at) = (Vec::new(), 0);
        while at < doc.tokens().len() {
            match rule.phrase_at(doc, keys, at, 1..=rule.max_words) {
                Some((hit, words)) => {
                    hits.push(hit);
                    at += words;
                }
                None => at += 1,
            }
        }
        hits
    }

    #[test]
    fn repetitions_from_the_entries_are_those_of_every_start() {
        let vocabulary = ["the", "The", "talks", "had", "went", "on", ",", "."];
        let mut state = 5u32;
        let mut text = String::new();
        for choice in random_keys(&mut state, 6000, vocabulary.len() as u32) {
            let word = vocabulary[choice as usize];
            if !matches!(word, "," | ".") {
                text.push(' ');
            }
            text.push_str(word);
        }
        let doc = Document::new(&text);
        let words = Words::of(&doc);
        let keys = Keys {
            ids: words.ids(),
            folded: words.folded_table(),
        };
        let spans = |hits: &[Hit]| hits.iter().map(|h| h.span).collect::<Vec<_>>();
        for (min_words, max_words) in [(2, 30), (1, 6), (3, 40)] {
            let rule = rule(min_words, max_words);
            let mut hits = Vec::new();
            rule.check(&doc, &mut hits);
            let expected = every_start(&rule, &doc, keys);
            assert!(!expected.is_empty());
            assert_eq!(spans(&hits), spans(&expected), "{min_words} {max_words}");
        }
        // Doubled words: from the entries, as from every pair of neighbours.
        let doubled = rule(1, 1);
        let (mut hits, mut expected) = (Vec::new(), Vec::new());
        doubled.check(&doc, &mut hits);
        let all_keys: Vec<u32> = (0..words.ids().len()).map(|i| keys.at(i)).collect();
        let pairs = brute_force(&all_keys, 1);
        doubled.doubled_words(&doc, keys, &pairs, &mut expected);
        assert!(!expected.is_empty());
        assert_eq!(spans(&hits), spans(&expected));
    }
}

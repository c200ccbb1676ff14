//! The bundled English lexicon: SCOWL words with their size level (10 = most
//! common … 70 = rare), as an fst map built by `build.rs` from
//! `data/lexicon/scowl-en.tsv` and embedded in the binary. Opening it costs
//! nothing measurable, so it adds no start-up time.
//!
//! A lookup walks the fst (about a thousand instructions), so rules that look
//! up many tokens go through a document's [`Words`], which numbers its
//! distinct words and looks each up once.

use crate::diagnostic::Span;
use crate::text::{scan_tokens, token_capacity, Document, Token, TokenSink};
use fst::Map;
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

static LEXICON_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"));

fn map() -> &'static Map<&'static [u8]> {
    static MAP: OnceLock<Map<&'static [u8]>> = OnceLock::new();
    MAP.get_or_init(|| Map::new(LEXICON_FST).expect("build.rs writes a valid fst"))
}

/// The SCOWL size level of `word` (looked up in lower case), or `None` when the
/// word is not in the lexicon. Lower levels are more common words.
pub fn level(word: &str) -> Option<u8> {
    let found = if word.bytes().any(|b| b.is_ascii_uppercase()) {
        map().get(word.to_ascii_lowercase())
    } else {
        map().get(word)
    };
    found.map(|level| u8::try_from(level).unwrap_or(u8::MAX))
}

/// Whether `word` is in the lexicon at `max_level` or a more common level.
pub fn is_word(word: &str, max_level: u8) -> bool {
    level(word).is_some_and(|l| l <= max_level)
}

/// Number of words in the lexicon.
pub fn len() -> usize {
    map().len()
}

/// The distinct words of one document, so that rules decide things once per
/// word rather than once per token (news vocabulary repeats: a megabyte holds
/// about 160,000 tokens but only thousands of distinct words). Built once per
/// document by [`Words::of`] and shared by every rule that asks for it.
#[derive(Debug)]
pub struct Words {
    /// For each token of `doc.tokens()`, the id of its text as written.
    ids: Vec<u32>,
    /// For each id, the span of its first occurrence.
    spans: Vec<Span>,
    /// For each id, the id of its form in ASCII lower case (a "folded" id):
    /// two tokens have the same folded id exactly when their texts are equal
    /// ignoring ASCII case.
    folded: Vec<u32>,
    /// For each id, how many tokens have it.
    counts: Vec<u32>,
    /// For each folded id, its lexicon level, looked up on first use.
    levels: Vec<AtomicU8>,
}

/// [`Words::levels`] entry not looked up yet.
const LEVEL_UNKNOWN: u8 = u8::MAX;
/// [`Words::levels`] entry of a word the lexicon does not hold.
const LEVEL_ABSENT: u8 = u8::MAX - 1;

impl Words {
    /// The word table of `doc`, computed once (with its tokens) and shared
    /// by all rules.
    pub fn of(doc: &Document) -> Arc<Words> {
        doc.words().clone()
    }

    /// The tokens of `text` and their word table, in one pass: each token is
    /// numbered as the tokenizer cuts it, most from the eight bytes the
    /// tokenizer has loaded (a hash probe per token, a lower-casing per
    /// distinct text).
    pub fn tokenize(text: &str) -> (Vec<Token>, Words) {
        let mut sink = Numbering::new(text);
        scan_tokens(text, &mut sink);
        let Numbering {
            interner,
            tokens,
            ids,
            ..
        } = sink;
        let counts = interner.counts();
        let levels = (0..interner.folds.len())
            .map(|_| AtomicU8::new(LEVEL_UNKNOWN))
            .collect();
        let words = Words {
            ids,
            spans: interner.spans,
            folded: interner.folded,
            counts,
            levels,
        };
        (tokens, words)
    }

    /// How many tokens have the text `id`.
    pub fn count(&self, id: usize) -> usize {
        self.counts[id] as usize
    }

    /// The id of the text of token `index`.
    pub fn id(&self, index: usize) -> usize {
        self.ids[index] as usize
    }

    /// The tokens whose word `found` gives a value for (`found` is indexed by
    /// word id), with that value, in text order: the few tokens a word-table
    /// rule needs to look at. One pass over the token ids, each looked up in a
    /// table as long as the distinct words, which stays in cache.
    pub fn tokens_with<T: Copy>(&self, found: &[Option<T>]) -> Vec<(usize, T)> {
        // A byte per word keeps the scan's table small and its test cheap;
        // blocks of ids are tested with one branch: most hold no wanted word.
        const BLOCK: usize = 8;
        let wanted: Vec<u8> = found.iter().map(|f| u8::from(f.is_some())).collect();
        let wanted_in = |ids: &[u32; BLOCK]| {
            let mut any = 0;
            for &id in ids {
                any |= wanted.get(id as usize).copied().unwrap_or(0);
            }
            any != 0
        };
        let mut out = Vec::new();
        let mut push_found = |first: usize, ids: &[u32]| {
            for (k, &id) in ids.iter().enumerate() {
                if let Some(&Some(value)) = found.get(id as usize) {
                    out.push((first + k, value));
                }
            }
        };
        let blocks = self.ids.chunks_exact(BLOCK);
        let rest = blocks.remainder();
        for (block, ids) in blocks.enumerate() {
            let ids: &[u32; BLOCK] = ids.try_into().unwrap_or(&[u32::MAX; BLOCK]);
            if wanted_in(ids) {
                push_found(block * BLOCK, ids);
            }
        }
        push_found(self.ids.len() - rest.len(), rest);
        out
    }

    /// The tokens whose word `found` (indexed by word id) gives a value for,
    /// with that value, that `keep` (given the token's index and the value)
    /// keeps, in text order. Unlike [`Words::tokens_with`], made for words
    /// too common for its block test, and `keep` runs during the scan of the
    /// token ids, while the ids around the token are in cache: a test on the
    /// next tokens' words there costs no cache miss, unlike one after the scan.
    pub fn tokens_where<T: Copy>(
        &self,
        found: &[Option<T>],
        mut keep: impl FnMut(usize, T) -> bool,
    ) -> Vec<(usize, T)> {
        let wanted: Vec<u8> = found.iter().map(|f| u8::from(f.is_some())).collect();
        let ids = &self.ids;
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = next_wanted(ids, &wanted, from) {
            from = i + 1;
            if let Some(&Some(value)) = found.get(ids[i] as usize) {
                if keep(i, value) {
                    out.push((i, value));
                }
            }
        }
        out
    }

    /// The tokens whose word `picked` (indexed by word id) picks, as a
    /// [`TokenSet`]: one pass over the token ids that several rules can share,
    /// each then visiting only the set's tokens instead of scanning all ids.
    pub fn token_set(&self, picked: Vec<bool>) -> TokenSet {
        // A byte per word id; eight tokens' bytes gathered into an integer
        // and packed to eight bits with one multiplication: no branch and
        // little work per token.
        let bytes: Vec<u8> = picked.iter().map(|&p| u8::from(p)).collect();
        let pick = |id: u32| bytes.get(id as usize).copied().unwrap_or(0);
        let gather = |ids: &[u32; 8]| pack_bytes(u64::from_le_bytes(ids.map(pick)));
        let blocks = self.ids.chunks_exact(64);
        let rest = blocks.remainder();
        let mut bits = Vec::with_capacity(self.ids.len().div_ceil(64));
        for block in blocks {
            let mut word = 0;
            for (k, eight) in block.chunks_exact(8).enumerate() {
                let eight: &[u32; 8] = eight.try_into().unwrap_or(&[u32::MAX; 8]);
                word |= gather(eight) << (8 * k);
            }
            bits.push(word);
        }
        if !rest.is_empty() {
            let word = rest
                .iter()
                .enumerate()
                .fold(0, |word, (k, &id)| word | u64::from(pick(id)) << k);
            bits.push(word);
        }
        TokenSet { picked, bits }
    }

    /// [`Words::tokens_where`], visiting only the tokens of `set` when it
    /// holds every token `found` gives a value for (a full scan otherwise):
    /// the same tokens, in the same order, with the same `keep` test.
    pub fn tokens_where_in<T: Copy>(
        &self,
        set: &TokenSet,
        found: &[Option<T>],
        mut keep: impl FnMut(usize, T) -> bool,
    ) -> Vec<(usize, T)> {
        if !set.covers(found.iter().map(Option::is_some)) {
            return self.tokens_where(found, keep);
        }
        let mut out = Vec::new();
        set.for_each(|i| {
            if let Some(&Some(value)) = self.ids.get(i).and_then(|&id| found.get(id as usize)) {
                if keep(i, value) {
                    out.push((i, value));
                }
            }
        });
        out
    }

    /// The ids of all tokens, in order.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Number of distinct texts (ids run from 0 to this).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the document has no tokens.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The text of `id` (as first written).
    pub fn text<'t>(&self, text: &'t str, id: usize) -> &'t str {
        self.spans[id].of(text)
    }

    /// The folded id (ASCII case ignored) of `id`.
    pub fn folded(&self, id: usize) -> usize {
        self.folded[id] as usize
    }

    /// The folded id of each id (indexed by id): two tokens are the same word
    /// ignoring ASCII case when their ids have the same folded id.
    pub fn folded_table(&self) -> &[u32] {
        &self.folded
    }

    /// Number of distinct folded ids.
    pub fn folded_len(&self) -> usize {
        self.levels.len()
    }

    /// The lexicon [`level`] of the word `id` of a document whose text is
    /// `text`, looked up once per word ignoring case.
    pub fn level(&self, text: &str, id: usize) -> Option<u8> {
        let slot = &self.levels[self.folded(id)];
        let known = slot.load(Ordering::Relaxed);
        let found = if known == LEVEL_UNKNOWN {
            let found = level(self.text(text, id));
            let stored = found.map_or(LEVEL_ABSENT, |l| l.min(LEVEL_ABSENT - 1));
            slot.store(stored, Ordering::Relaxed);
            stored
        } else {
            known
        };
        (found != LEVEL_ABSENT).then_some(found)
    }
}

/// Eight bytes, each 0 or 1, as eight bits (byte `k` → bit `k`): the
/// multiplication moves byte `k`'s bit to bit 56 + k, and no two of the
/// shifted copies meet, so nothing carries.
#[inline(always)]
fn pack_bytes(bytes: u64) -> u64 {
    bytes.wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Some tokens of a document, picked by their word ([`Words::token_set`]):
/// a bit per token (an eighth of a byte, whatever the vocabulary), so that
/// several rules looking for few words share one scan of the token ids.
#[derive(Debug, Default)]
pub struct TokenSet {
    /// For each word id, whether its tokens are in the set.
    picked: Vec<bool>,
    /// Bit `i % 64` of entry `i / 64`: token `i` is in the set.
    bits: Vec<u64>,
}

impl TokenSet {
    /// Whether the set holds every token of the words `wanted` (by word id)
    /// flags: then a rule may visit the set's tokens instead of all.
    pub fn covers(&self, wanted: impl IntoIterator<Item = bool>) -> bool {
        wanted
            .into_iter()
            .enumerate()
            .all(|(id, w)| !w || self.picked.get(id).copied().unwrap_or(false))
    }

    /// Calls `visit` with each of the set's tokens (indices into the
    /// document's tokens), in order.
    #[inline]
    pub fn for_each(&self, mut visit: impl FnMut(usize)) {
        for (at, &word) in self.bits.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                visit(at * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
    }

    /// How many tokens the set holds.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// Whether the set holds no token.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&b| b == 0)
    }
}

/// The first token from `from` on whose word id has a non-zero entry in
/// `wanted` (indexed by word id): a tight loop over the ids, apart from the
/// work per token found, so that its state stays in registers. Eight ids
/// are tested at a time with one branch (their entries or-ed together):
/// most blocks hold no wanted word.
#[inline(never)]
pub(crate) fn next_wanted(ids: &[u32], wanted: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 8;
    let rest = ids.get(from..)?;
    let pick = |id: &u32| wanted.get(*id as usize).copied().unwrap_or(0);
    let blocks = rest.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for (b, block) in blocks.enumerate() {
        if block.iter().fold(0, |any, id| any | pick(id)) != 0 {
            let k = block.iter().position(|id| pick(id) != 0)?;
            return Some(from + b * BLOCK + k);
        }
    }
    let k = tail.iter().position(|id| pick(id) != 0)?;
    Some(from + rest.len() - tail.len() + k)
}

/// Tokens as the tokenizer cuts them, each with the id of its text.
struct Numbering<'t> {
    interner: Interner<'t>,
    tokens: Vec<Token>,
    ids: Vec<u32>,
}

impl<'t> Numbering<'t> {
    fn new(text: &'t str) -> Self {
        let capacity = token_capacity(text);
        Numbering {
            interner: Interner::new(text),
            tokens: Vec::with_capacity(capacity),
            ids: Vec::with_capacity(capacity),
        }
    }
}

impl TokenSink for Numbering<'_> {
    fn tokens(&mut self, tokens: &[Token], keys: &[u128]) {
        self.tokens.extend_from_slice(tokens);
        let from = self.ids.len();
        self.ids.resize(from + tokens.len(), 0);
        self.interner.number(tokens, keys, &mut self.ids[from..]);
    }
}

/// A text of up to 16 bytes (the key [`TokenSink::tokens`] gives) as two
/// integers: its first eight bytes and the next eight, zero-padded. No
/// token holds a zero byte, so equal keys are equal texts, and no text's key
/// is all zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    head: u64,
    tail: u64,
}

impl Key {
    /// The key of a token as the tokenizer gives it.
    #[inline(always)]
    fn of(key: u128) -> Key {
        Key {
            head: key as u64,
            tail: (key >> 64) as u64,
        }
    }

    /// Multiplicative hashing: the high bits of the product are well mixed.
    #[inline(always)]
    fn hash(self) -> u64 {
        (self.head ^ self.tail.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// The key of the text in ASCII lower case (as `u8::to_ascii_lowercase`
    /// does each byte).
    fn lower(self) -> Key {
        Key {
            head: lower_bytes(self.head),
            tail: lower_bytes(self.tail),
        }
    }
}

/// A slot of [`Interner`]: a text's key, its id and how many tokens have it
/// (0: the slot is empty), so that a probe reads and writes one place.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: Key,
    id: u32,
    count: u32,
}

const EMPTY: Slot = Slot {
    key: Key { head: 0, tail: 0 },
    id: 0,
    count: 0,
};

/// The slot of `slots` (a power of two of them) that holds `key`, or else
/// the empty slot where it goes: linear probing from the hash's high bits
/// (`shift` is 64 minus log2 of the slots).
#[inline(always)]
fn probe(slots: &[Slot], shift: u32, key: Key) -> Result<usize, usize> {
    let mask = slots.len() - 1;
    let mut slot = (key.hash() >> shift) as usize & mask;
    loop {
        let entry = slots.get(slot).copied().unwrap_or(EMPTY);
        if entry.key == key {
            return Ok(slot);
        }
        if entry.count == 0 {
            return Err(slot);
        }
        slot = (slot + 1) & mask;
    }
}

/// Writes to `ids` the ids of the texts keyed `keys` and counts them, as
/// long as the table holds them: a probe per token and nothing else, the
/// common case once a document's vocabulary is known. Returns how many.
/// (Not inlined, so that its loop has the registers to itself.)
#[inline(never)]
fn known_ids(slots: &mut [Slot], shift: u32, keys: &[u128], ids: &mut [u32]) -> usize {
    for (k, (&key, id)) in keys.iter().zip(ids.iter_mut()).enumerate() {
        let Ok(slot) = probe(slots, shift, Key::of(key)) else {
            return k;
        };
        let Some(entry) = slots.get_mut(slot) else {
            return k;
        };
        entry.count += 1;
        *id = entry.id;
    }
    keys.len().min(ids.len())
}

/// Numbers the distinct texts of a document in order of first occurrence,
/// and their ASCII lower-case forms. Texts of up to 16 bytes (nearly all)
/// are keyed by their [`Key`] in an open-addressing table with linear
/// probing, kept at most half full; longer ones by their text.
struct Interner<'t> {
    text: &'t str,
    slots: Vec<Slot>,
    /// How far to shift a hash for a slot index (64 minus log2 of the slots).
    shift: u32,
    /// A text longer than 16 bytes → its id and how many tokens have it.
    long: FxHashMap<&'t str, (u32, u32)>,
    /// For each id, the span of its first occurrence.
    spans: Vec<Span>,
    /// For each id, its folded id.
    folded: Vec<u32>,
    /// The folded ids of the lower-case forms, numbered in order met.
    folds: Folds,
}

impl<'t> Interner<'t> {
    fn new(text: &'t str) -> Self {
        const SLOTS: usize = 1024;
        Interner {
            text,
            slots: vec![EMPTY; SLOTS],
            shift: 64 - SLOTS.trailing_zeros(),
            long: FxHashMap::default(),
            spans: Vec::new(),
            folded: Vec::new(),
            folds: Folds::default(),
        }
    }

    /// Writes to `ids` the id of each of `tokens` (whose keys are `keys`),
    /// new ones (with their folded ids) for new texts, and counts them.
    #[inline(always)]
    fn number(&mut self, tokens: &[Token], keys: &[u128], ids: &mut [u32]) {
        let mut k = 0;
        while k < ids.len() {
            k += known_ids(&mut self.slots, self.shift, &keys[k..], &mut ids[k..]);
            if let (Some(&key), Some(token), Some(id)) =
                (keys.get(k), tokens.get(k), ids.get_mut(k))
            {
                *id = self.intern(key, token.span());
                k += 1;
            }
        }
    }

    /// The id of the text at `span`, whose key is `key`, a new one (with its
    /// folded id) if the text is new; counts the occurrence.
    #[inline(never)]
    fn intern(&mut self, key: u128, span: Span) -> u32 {
        if key == Token::NO_KEY {
            return self.intern_long(span);
        }
        let key = Key::of(key);
        match probe(&self.slots, self.shift, key) {
            Ok(slot) => {
                let entry = &mut self.slots[slot];
                entry.count += 1;
                entry.id
            }
            Err(slot) => self.insert(slot, key, span),
        }
    }

    /// [`Interner::intern`] of a text of more than 16 bytes.
    fn intern_long(&mut self, span: Span) -> u32 {
        let text = span.of(self.text);
        let next = self.spans.len() as u32;
        let (id, count) = self.long.entry(text).or_insert((next, 0));
        *count += 1;
        let id = *id;
        if id == next {
            self.add(span, None);
        }
        id
    }

    /// Gives the text at `span`, keyed `key`, the next id, in the empty `slot`.
    fn insert(&mut self, slot: usize, key: Key, span: Span) -> u32 {
        let id = self.add(span, Some(key));
        self.slots[slot] = Slot { key, id, count: 1 };
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Gives the text at `span` (keyed `key` if it has a key) the next id
    /// and its folded id.
    fn add(&mut self, span: Span, key: Option<Key>) -> u32 {
        let id = self.spans.len() as u32;
        let folded = self.folds.id(span.of(self.text), key);
        self.spans.push(span);
        self.folded.push(folded);
        id
    }

    /// Doubles the table and puts every keyed text back.
    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; len]);
        self.shift -= 1;
        for entry in old.into_iter().filter(|e| e.count != 0) {
            if let Err(slot) = probe(&self.slots, self.shift, entry.key) {
                self.slots[slot] = entry;
            }
        }
    }

    /// For each id, how many tokens have it.
    fn counts(&self) -> Vec<u32> {
        let mut counts = vec![0; self.spans.len()];
        for entry in self.slots.iter().filter(|e| e.count != 0) {
            counts[entry.id as usize] = entry.count;
        }
        for &(id, count) in self.long.values() {
            counts[id as usize] = count;
        }
        counts
    }
}

/// Numbers the ASCII lower-case forms of a document's distinct texts in
/// order met. A form of up to 16 bytes is keyed by its lower-cased [`Key`]:
/// no string is made for it (a document of real news has tens of thousands
/// of distinct texts).
#[derive(Default)]
struct Folds {
    /// Lower-cased key of a form of up to 16 bytes → folded id.
    short: FxHashMap<Key, u32>,
    /// A longer lower-case form → folded id.
    long: FxHashMap<String, u32>,
}

impl Folds {
    /// How many folded ids there are.
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The folded id of `text`, whose [`Key`] is `key` if it has one: a new
    /// one if its lower-case form is new.
    fn id(&mut self, text: &str, key: Option<Key>) -> u32 {
        let next = self.len() as u32;
        match key {
            Some(key) => *self.short.entry(key.lower()).or_insert(next),
            None => *self.long.entry(text.to_ascii_lowercase()).or_insert(next),
        }
    }
}

/// The eight bytes of `x` with their ASCII capitals in lower case (as
/// `u8::to_ascii_lowercase` does each).
#[inline]
fn lower_bytes(x: u64) -> u64 {
    const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    const HIGH_BITS: u64 = splat(0x80);
    // Bytes below 0x80 only, so that adding never carries.
    let x7 = x & !HIGH_BITS;
    let at_least_a = x7 + splat(0x80 - b'A');
    let above_z = x7 + splat(0x7f - b'Z');
    let capitals = at_least_a & !above_z & !x & HIGH_BITS;
    x | capitals >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_rare_words() {
        assert_eq!(level("the"), Some(10));
        assert_eq!(level("The"), Some(10));
        assert!(level("stripthe").is_none());
        assert!(is_word("strip", 35));
        assert!(len() > 100_000);
    }

    #[test]
    fn tokens_are_found_by_word_and_kept_by_a_test() {
        let doc = Document::new("a b a c a b");
        let words = Words::of(&doc);
        let found: Vec<Option<u8>> = (0..words.len())
            .map(|id| (words.text(doc.text, id) != "c").then_some(id as u8))
            .collect();
        let kept = words.tokens_where(&found, |i, _| i != 2);
        let at: Vec<usize> = kept.iter().map(|&(i, _)| i).collect();
        assert_eq!(at, [0, 1, 4, 5]);
        assert_eq!(kept[1].1, found[words.id(1)].unwrap_or(u8::MAX));
    }

    #[test]
    fn pack_bytes_packs_every_pattern() {
        for bits in 0u64..256 {
            let bytes: [u8; 8] = std::array::from_fn(|k| ((bits >> k) & 1) as u8);
            assert_eq!(pack_bytes(u64::from_le_bytes(bytes)), bits);
        }
    }

    /// A token set holds exactly the tokens of its words, across 64-token
    /// blocks and a partial last block, and `tokens_where_in` finds what
    /// `tokens_where` finds, whether the set covers the wanted words or not.
    #[test]
    fn token_sets_hold_their_words_tokens() {
        let text: String = (0..203).map(|k| format!("w{} ", k % 13)).collect();
        let (tokens, words) = Words::tokenize(&text);
        let picked: Vec<bool> = (0..words.len()).map(|id| id.is_multiple_of(3)).collect();
        let set = words.token_set(picked.clone());
        let mut got = Vec::new();
        set.for_each(|i| got.push(i));
        let want: Vec<usize> = (0..tokens.len()).filter(|&i| picked[words.id(i)]).collect();
        assert_eq!(got, want);
        assert_eq!(set.len(), want.len());
        assert!(!set.is_empty() && TokenSet::default().is_empty());
        for step in [3, 6, 2] {
            let found: Vec<Option<usize>> = (0..words.len())
                .map(|id| id.is_multiple_of(step).then_some(id))
                .collect();
            assert_eq!(set.covers(found.iter().map(Option::is_some)), step != 2);
            let keep = |i: usize, _| !i.is_multiple_of(5);
            assert_eq!(
                words.tokens_where_in(&set, &found, keep),
                words.tokens_where(&found, keep)
            );
        }
    }

    /// The block scan finds what a scan token by token finds, from any start.
    #[test]
    fn next_wanted_finds_the_first_wanted_token() {
        let ids: Vec<u32> = (0..61u32).map(|k| (k * 7) % 23).collect();
        for step in [1, 5, 11, 40] {
            let wanted: Vec<u8> = (0..23).map(|id| u8::from(id % step == 3) * 2).collect();
            for from in 0..=ids.len() + 1 {
                let naive = (from..ids.len()).find(|&i| wanted[ids[i] as usize] != 0);
                assert_eq!(next_wanted(&ids, &wanted, from), naive, "{step} {from}");
            }
        }
        assert_eq!(next_wanted(&[5, 1], &[0, 1], 0), Some(1));
    }

    #[test]
    fn tokens_with_lists_the_wanted_words_tokens_in_order() {
        let text = "Rafah is calm, Rafah is far. Gaza is calm.";
        let (_, words) = Words::tokenize(text);
        let mut wanted = vec![None; words.len()];
        wanted[words.id(0)] = Some('r');
        wanted[words.id(6)] = Some('g');
        assert_eq!(words.tokens_with(&wanted), [(0, 'r'), (3, 'r'), (6, 'g')]);
    }

    #[test]
    fn tokens_with_finds_wanted_words_in_every_block() {
        // 8-id blocks, a last partial block, a wanted word at each position.
        let text = "a b c d e f g h i j k l m n o p q r s t u v w x y z a q z";
        let (tokens, words) = Words::tokenize(text);
        let mut wanted = vec![None; words.len()];
        for k in [0, 7, 8, 16, 25] {
            wanted[words.id(k)] = Some(k);
        }
        let got: Vec<usize> = words.tokens_with(&wanted).iter().map(|t| t.0).collect();
        let want: Vec<usize> = (0..tokens.len())
            .filter(|&k| wanted[words.id(k)].is_some())
            .collect();
        assert_eq!(got, want);
        assert_eq!(want, [0, 7, 8, 16, 25, 26, 27, 28]);
    }

    /// The one-pass tokens equal [`tokenize`]'s, and two tokens share an id
    /// exactly when their texts are equal, on texts mixing short and long
    /// words, words cut at the text's end, dots, joiners and non-ASCII.
    #[test]
    fn one_pass_numbering_matches_the_texts() {
        let pieces = [
            "a",
            "Ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnopq",
            "U.S.",
            "don’t",
            "Ünï",
            "7",
            "1.5",
            "x-y",
            " ",
            ", ",
            ". ",
            "\n",
            "’",
            "東京",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let (tokens, words) = Words::tokenize(&text);
            assert_eq!(tokens, crate::text::tokenize(&text), "{text:?}");
            for (i, a) in tokens.iter().enumerate() {
                for (j, b) in tokens.iter().enumerate() {
                    let same = a.span().of(&text) == b.span().of(&text);
                    assert_eq!(same, words.id(i) == words.id(j), "{text:?} {i} {j}");
                }
            }
        }
    }

    #[test]
    fn words_number_texts_and_lower_case_forms() {
        let text = "The the THE cat, the Cat zzzq";
        let (tokens, words) = Words::tokenize(text);
        let ids: Vec<usize> = (0..tokens.len()).map(|i| words.id(i)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 1, 4, 5]);
        assert_eq!(words.len(), 6);
        assert_eq!(words.folded_len(), 3);
        let folded: Vec<u32> = ids.iter().map(|&id| words.folded_table()[id]).collect();
        assert_eq!(folded, [0, 0, 0, 1, 0, 1, 2]);
        assert_eq!(words.folded(0), words.folded(2));
        assert_eq!(words.folded(3), words.folded(4));
        assert_ne!(words.folded(0), words.folded(3));
        assert_eq!(words.text(text, 4), "Cat");
        assert_eq!(words.level(text, 0), Some(10));
        assert_eq!(words.level(text, 2), Some(10), "looked up once, shared");
        assert_eq!(words.level(text, 5), None);
        assert_eq!(words.level(text, 5), None);
    }

    #[test]
    fn lower_bytes_lowers_ascii_capitals_only() {
        let bytes: Vec<u8> = (0..=255).collect();
        for chunk in bytes.chunks(8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let want: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lower_bytes(x).to_le_bytes().as_slice(), want.as_slice());
        }
    }

    /// Texts of every length up to 40 bytes that differ in case, or in one
    /// byte, get the same folded id exactly when their lower-case forms match.
    #[test]
    fn folded_ids_match_lower_case_forms() {
        let mut text = String::new();
        for len in 1..=40 {
            for at in 0..len {
                for (a, b) in [(b'a', b'B'), (b'a', b'b'), (b'A', b'b'), (b'a', b'c')] {
                    let mut word = vec![a; len];
                    word[at] = b;
                    text.push_str(std::str::from_utf8(&word).unwrap_or_default());
                    text.push(' ');
                }
            }
            text.push_str("Ünï ünï ÜNÏ ");
        }
        let (tokens, words) = Words::tokenize(&text);
        let mut forms: Vec<String> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let lower = token.span().of(&text).to_ascii_lowercase();
            let want = forms.iter().position(|f| *f == lower).unwrap_or_else(|| {
                forms.push(lower);
                forms.len() - 1
            });
            assert_eq!(
                words.folded(words.id(i)),
                want,
                "{}",
                token.span().of(&text)
            );
        }
        assert_eq!(words.folded_len(), forms.len());
    }

    #[test]
    fn interner_tells_words_apart_at_every_length() {
        // Words of 0 to 40 bytes, and pairs differing in one byte, at every
        // position: short words are compared by their samples only.
        let mut text = String::new();
        for len in 1..=40 {
            for at in 0..len {
                let mut word = vec![b'a'; len];
                word[at] = b'b';
                text.push_str(std::str::from_utf8(&word).unwrap());
                text.push(' ');
            }
            text.push_str(&"a".repeat(len));
            text.push(' ');
        }
        let spans: Vec<Span> = crate::text::tokenize(&text)
            .iter()
            .map(|t| t.span())
            .collect();
        let mut interner = Interner::new(&text);
        let key = |s: Span| crate::text::token_key(s.of(&text).as_bytes());
        let ids: Vec<u32> = spans.iter().map(|&s| interner.intern(key(s), s)).collect();
        assert_eq!(interner.spans.len(), spans.len(), "all distinct");
        let again: Vec<u32> = spans.iter().map(|&s| interner.intern(key(s), s)).collect();
        assert_eq!(ids, again);
        assert!(interner.counts().iter().all(|&n| n == 2));
        let distinct: std::collections::HashSet<u32> = ids.into_iter().collect();
        assert_eq!(distinct.len(), spans.len());
    }
}

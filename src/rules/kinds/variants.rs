//! `variants`: a known wrong spelling of a gazetteer name (a person's or a
//! place's variants, an organisation's calques) → the canonical name, matched
//! at word boundaries. The table is built from the gazetteer on first use and
//! looked up by each word token's text (a hash lookup, cheaper to build than an
//! automaton for one article); as with a `substitution` table, the finding
//! covers only the words that differ ("Anthony Blinken" flags "Anthony").

use super::at_word_boundaries;
use super::substitution::{ends_with_word, replacement_hit, starts_with_word};
use crate::entities::names::{rest_words, Follows, NameTokens, PhraseStarts, WordFilter};
use crate::entities::Gazetteer;
use crate::lexicon::Words;
use crate::rules::{Check, Hit};
use crate::text::Document;
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

/// A gazetteer section whose wrong forms a rule flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    People,
    Places,
    Organisations,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantsSpec {
    /// Which sections' variants (people, places) or calques (organisations).
    pub of: Vec<Section>,
    /// A match followed by one of these words is not flagged ("Peking University").
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
    /// A match preceded by one of these is not flagged.
    #[serde(default)]
    pub unless_preceded_by: Vec<String>,
}

#[derive(Debug)]
pub struct Variants {
    gazetteer: Arc<Gazetteer>,
    sections: Vec<Section>,
    unless_followed_by: Vec<String>,
    unless_preceded_by: Vec<String>,
    /// Built on first use.
    table: OnceLock<Table>,
    /// For the tokens shared with name consistency and office titles ([`NameTokens`]).
    phrase_starts: OnceLock<PhraseStarts>,
}

/// wrong → right, indexed by the wrong form's first word, longest first.
#[derive(Debug, Default)]
struct Table {
    entries: Vec<(String, String)>,
    /// Each wrong form's words after the first, when they can be checked on
    /// the word table ([`rest_words`]), by entry.
    rest: Vec<Option<Vec<String>>>,
    by_first_word: HashMap<String, Vec<usize>>,
    /// The first words' prefixes, to pass over most tokens unhashed.
    prefixes: PrefixFilter,
    /// The first words, to hash few of the tokens the prefixes let through.
    first_words: WordFilter,
}

/// A set of two-byte word prefixes (the second byte 0 for a one-byte word),
/// case-sensitive: a cheap test that a token neither is nor starts with a key
/// of a word table. The keys' first bytes are checked first, from a table
/// that fits in four cache lines: most tokens stop there.
#[derive(Debug)]
struct PrefixFilter {
    first: [bool; 256],
    bits: Vec<u64>,
}

impl Default for PrefixFilter {
    fn default() -> Self {
        PrefixFilter {
            first: [false; 256],
            bits: vec![0; (1 << 16) / 64],
        }
    }
}

impl PrefixFilter {
    fn slot(b0: u8, b1: u8) -> usize {
        usize::from(b0) << 8 | usize::from(b1)
    }

    /// Adds a word's prefix (an empty word adds nothing).
    fn insert(&mut self, word: &[u8]) {
        if let Some(&b0) = word.first() {
            self.first[usize::from(b0)] = true;
            let slot = Self::slot(b0, word.get(1).copied().unwrap_or(0));
            self.bits[slot / 64] |= 1 << (slot % 64);
        }
    }

    fn has(&self, b0: u8, b1: u8) -> bool {
        let slot = Self::slot(b0, b1);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Whether some word inserted may equal `word` or a prefix of it.
    fn may_start(&self, word: &[u8]) -> bool {
        match word {
            [] => false,
            [b0, ..] if !self.first[usize::from(*b0)] => false,
            [b0] => self.has(*b0, 0),
            [b0, b1, ..] => self.has(*b0, *b1) || self.has(*b0, 0),
        }
    }
}

impl Variants {
    pub fn compile(spec: &VariantsSpec, gazetteer: &Arc<Gazetteer>) -> Result<Self, String> {
        if spec.of.is_empty() {
            return Err("`of` names no section (people, places, organisations)".into());
        }
        Ok(Variants {
            gazetteer: Arc::clone(gazetteer),
            sections: spec.of.clone(),
            unless_followed_by: spec.unless_followed_by.clone(),
            unless_preceded_by: spec.unless_preceded_by.clone(),
            table: OnceLock::new(),
            phrase_starts: OnceLock::new(),
        })
    }

    /// wrong → right from the chosen sections. A wrong form that two entries
    /// claim with different fixes, or that is itself a correct name, is left out.
    fn entries(&self) -> BTreeMap<String, String> {
        let g = &self.gazetteer;
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let mut correct: rustc_hash::FxHashSet<&str> = Default::default();
        for section in &self.sections {
            match section {
                Section::People => {
                    for p in &g.people {
                        correct.extend(
                            std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(p.variants.iter().map(|v| (v.as_str(), p.name.as_str())));
                    }
                }
                Section::Places => {
                    for p in &g.places {
                        correct.extend(
                            std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(p.variants.iter().map(|v| (v.as_str(), p.name.as_str())));
                    }
                }
                Section::Organisations => {
                    for o in &g.organisations {
                        correct.extend(
                            std::iter::once(&o.name)
                                .chain(&o.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(o.calques.iter().map(|c| (c.as_str(), o.name.as_str())));
                    }
                }
            }
        }
        let mut table: BTreeMap<String, String> = BTreeMap::new();
        let mut ambiguous: BTreeSet<String> = BTreeSet::new();
        for (wrong, right) in pairs {
            let wrong = wrong.trim();
            if wrong.is_empty() || wrong == right || correct.contains(wrong) {
                continue;
            }
            if let Some(old) = table.insert(wrong.to_string(), right.to_string()) {
                if old != right {
                    ambiguous.insert(wrong.to_string());
                }
            }
        }
        table.retain(|wrong, _| !ambiguous.contains(wrong));
        table
    }

    fn table(&self) -> &Table {
        self.table.get_or_init(|| {
            let entries: Vec<(String, String)> = self.entries().into_iter().collect();
            let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
            for (id, (wrong, _)) in entries.iter().enumerate() {
                let first = wrong.split(' ').next().unwrap_or("").to_string();
                by_first_word.entry(first).or_default().push(id);
            }
            for ids in by_first_word.values_mut() {
                ids.sort_by_key(|&id| std::cmp::Reverse(entries[id].0.len()));
            }
            let mut prefixes = PrefixFilter::default();
            let mut first_words = WordFilter::default();
            for first in by_first_word.keys() {
                prefixes.insert(first.as_bytes());
                first_words.insert(first.as_bytes());
            }
            let rest = entries.iter().map(|(w, _)| rest_words(w, false)).collect();
            Table {
                rest,
                entries,
                by_first_word,
                prefixes,
                first_words,
            }
        })
    }

    fn context_allows(&self, text: &str, start: usize, end: usize) -> bool {
        let before = text[..start].trim_end();
        let after = text[end..].trim_start();
        !self
            .unless_preceded_by
            .iter()
            .any(|p| ends_with_word(before, p, false))
            && !self
                .unless_followed_by
                .iter()
                .any(|p| starts_with_word(after, p, false))
    }
}

impl Table {
    /// The entries whose first word is `word`, or its part before an
    /// apostrophe ("Peking’s"), longest first.
    fn ids_of(&self, word: &str) -> Option<&Vec<usize>> {
        let lookup = |key: &str| {
            self.first_words
                .may_contain(key.as_bytes())
                .then(|| self.by_first_word.get(key))
                .flatten()
        };
        lookup(word).or_else(|| lookup(&word[..apostrophe_at(word.as_bytes())?]))
    }
}

impl Table {
    /// For each distinct word of a document ([`Words`] id), the entries its
    /// tokens may start ([`Table::ids_of`]): looked up once per word, so a
    /// token costs an array load.
    fn ids_by_word(&self, text: &str, words: &Words) -> Vec<Option<&Vec<usize>>> {
        (0..words.len())
            .map(|id| {
                let word = words.text(text, id);
                if self.prefixes.may_start(word.as_bytes()) {
                    self.ids_of(word)
                } else {
                    None
                }
            })
            .collect()
    }
}

/// Where a word's first apostrophe (' or ’) starts, found on bytes.
fn apostrophe_at(word: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memchr2(b'\'', 0xE2, &word[from..]).map(|i| from + i) {
        if word[at] == b'\'' || word[at..].starts_with("’".as_bytes()) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

impl Check for Variants {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let table = self.table();
        if table.entries.is_empty() {
            return;
        }
        let text = doc.text;
        let words = Words::of(doc);
        let by_word = table.ids_by_word(text, &words);
        let tokens = doc.tokens();
        let mut covered = 0;
        // Told from the word table during the scan, before the token and
        // the text there are read: most tokens of a first word ("National")
        // are not followed by the rest of a wrong form.
        let mut follows = Follows::new(&words, text, &table.rest, false);
        let rest_may_follow = |token: usize, ids: &Vec<usize>| follows.may_follow(token, ids);
        // The phrase starts are built only by the rule that builds the set.
        let starts = || {
            self.phrase_starts
                .get_or_init(|| PhraseStarts::of(&self.gazetteer))
        };
        let set = NameTokens::of(doc, &self.gazetteer, starts);
        for (token, ids) in words.tokens_where_in(&set.0, &by_word, rest_may_follow) {
            let start = tokens[token].start();
            if start < covered {
                continue;
            }
            let found = ids.iter().find_map(|&id| {
                let (wrong, right) = &table.entries[id];
                let end = start + wrong.len();
                let fits = text.get(start..end) == Some(wrong.as_str())
                    && at_word_boundaries(text, start, end)
                    && self.context_allows(text, start, end);
                fits.then_some((end, wrong, right))
            });
            let Some((end, wrong, right)) = found else {
                continue;
            };
            covered = end;
            hits.push(replacement_hit(text, start, end, wrong, right));
        }
    }

    fn variables(&self) -> Vec<String> {
        vec!["wrong".into(), "right".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::apostrophe_at;

    #[test]
    fn apostrophes_on_bytes() {
        for word in ["Peking’s", "O'Brien", "Jean‑Pierre’s", "Kyiv", "a‑b"] {
            assert_eq!(
                apostrophe_at(word.as_bytes()),
                word.find(['’', '\'']),
                "{word}"
            );
        }
    }
}

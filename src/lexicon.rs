//! The bundled English lexicon: SCOWL words with their size level (10 = most
//! common … 70 = rare), as an fst map built by `build.rs` from
//! `data/lexicon/scowl-en.tsv` and embedded in the binary. Opening it costs
//! nothing measurable, so it adds no start-up time.

use fst::Map;
use std::sync::OnceLock;

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
}

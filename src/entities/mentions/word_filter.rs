//! A quick and exact "certainly not in the list" test for word lists looked up
//! in lower case, so the finder can skip the lowercasing and hash lookup for
//! nearly every word of running text.

/// One bit per triple of (lower-case) first, second and last bytes of the
/// list's words, letters folded to 5 bits (32 × 32 × 32 bits); and for each
/// pair of first and last bytes, one bit per length of the list's words.
#[derive(Debug, Clone)]
pub(super) struct EdgeFilter {
    bits: Box<[u64; 512]>,
    lengths: Box<[u64; 1024]>,
}

impl EdgeFilter {
    /// The filter of a list of lower-case words.
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bits = Box::new([0u64; 512]);
        let mut lengths = Box::new([0u64; 1024]);
        for word in words.into_iter().map(str::as_bytes) {
            // A word with a byte outside ASCII there only matches such words, which pass.
            if let Some(bit) = edge_bit(word) {
                bits[bit >> 6] |= 1 << (bit & 63);
                // Letters outside ASCII inside a word may change its length in lower case.
                lengths[pair(bit)] |= if word.is_ascii() {
                    length_bit(word)
                } else {
                    u64::MAX
                };
            }
        }
        EdgeFilter { bits, lengths }
    }

    /// False only when the lower case of `word` is certainly not in the list.
    ///
    /// When the first, second and last bytes of `word` are ASCII, they are its
    /// first, second and last characters, which lowercasing maps to the first,
    /// second and last bytes of the lower-case word: a list word equal to it has
    /// the same triple. When the whole word is ASCII, lowercasing also keeps its
    /// length. Other words pass.
    #[inline]
    pub(super) fn may_contain(&self, word: &[u8]) -> bool {
        let Some(bit) = edge_bit(word) else {
            return true;
        };
        self.bits[bit >> 6] & (1 << (bit & 63)) != 0
            && (self.lengths[pair(bit)] & length_bit(word) != 0 || !word.is_ascii())
    }
}

/// The first and last bytes of an [`edge_bit`].
fn pair(bit: usize) -> usize {
    (bit >> 10) << 5 | (bit & 31)
}

/// The bit of a word's length (lengths from 63 share the last bit).
fn length_bit(word: &[u8]) -> u64 {
    1 << word.len().min(63)
}

/// The bit of a word's lower-case first, second (0 for a word of one byte) and
/// last bytes, when they are ASCII; letters fold to 5 bits, so other bytes
/// may share a letter's bit.
#[inline]
fn edge_bit(word: &[u8]) -> Option<usize> {
    let (first, last) = (*word.first()?, *word.last()?);
    let second = word.get(1).copied().unwrap_or(0);
    if !(first.is_ascii() && second.is_ascii() && last.is_ascii()) {
        return None;
    }
    let fold = |b: u8| usize::from(b.to_ascii_lowercase() & 31);
    Some(fold(first) << 10 | fold(second) << 5 | fold(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_only_words_no_list_word_can_match() {
        let filter = EdgeFilter::new(["minister", "fiancée", "wife", "a", "naïve"]);
        for word in [
            "minister", "MINISTER", "wife", "WiFe", "fiancée", "FIANCÉE", "", "é", "A",
        ] {
            assert!(filter.may_contain(word.as_bytes()), "{word}");
        }
        for word in ["the", "said", "Ministers", "Master", "were", "an", "mister"] {
            assert!(!filter.may_contain(word.as_bytes()), "{word}");
        }
        // Same first, second and last letters and length as "minister".
        assert!(filter.may_contain(b"mistaker"));
        // "naïve" may match words of any length in lower case.
        assert!(filter.may_contain(b"nave"));
    }
}

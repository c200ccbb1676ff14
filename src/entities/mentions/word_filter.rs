//! A quick and exact "certainly not in the list" test for word lists looked up
//! in lower case, so the finder can skip the lowercasing and hash lookup for
//! nearly every word of running text.

/// For each pair of (lower-case) first and last letters, the lengths of the
/// list's words with that pair, one bit per length.
#[derive(Debug, Clone)]
pub(super) struct EdgeFilter {
    lengths: Box<[u64; 1024]>,
}

impl EdgeFilter {
    /// The filter of a list of lower-case words.
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut lengths = Box::new([0u64; 1024]);
        for word in words {
            if let Some(slot) = slot(word) {
                // A word with letters outside ASCII may match words of another length.
                lengths[slot] |= if word.is_ascii() {
                    length_bit(word)
                } else {
                    u64::MAX
                };
            }
        }
        EdgeFilter { lengths }
    }

    /// False only when the lower case of `word` is certainly not in the list.
    ///
    /// When the first and last bytes of `word` are ASCII, lowercasing maps them to
    /// ASCII bytes and a matching list word has the same pair (its slot); when the
    /// whole word is ASCII, lowercasing also keeps its length. Other words pass.
    pub(super) fn may_contain(&self, word: &str) -> bool {
        let Some(slot) = slot(word) else {
            return true;
        };
        let lengths = self.lengths[slot];
        if word.is_ascii() {
            lengths & length_bit(word) != 0
        } else {
            lengths != 0
        }
    }
}

/// The slot of a word's lower-case first and last bytes (letters fold to 5 bits,
/// so other bytes may share a letter's slot), when both bytes are ASCII.
fn slot(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let (first, last) = (*bytes.first()?, *bytes.last()?);
    if !first.is_ascii() || !last.is_ascii() {
        return None;
    }
    let fold = |b: u8| usize::from(b.to_ascii_lowercase() & 31);
    Some(fold(first) << 5 | fold(last))
}

/// The bit of a word's length (lengths from 63 share the last bit).
fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_only_words_no_list_word_can_match() {
        let filter = EdgeFilter::new(["minister", "fiancée", "wife", "naïve"]);
        for word in ["minister", "MINISTER", "wife", "WiFe", "fiancée", "FIANCÉE", "", "é"] {
            assert!(filter.may_contain(word), "{word}");
        }
        for word in ["the", "said", "Ministers", "Mister", "wives"] {
            assert!(!filter.may_contain(word), "{word}");
        }
        // Same edges as "naïve", which may match words of any length.
        assert!(filter.may_contain("nae"));
    }
}

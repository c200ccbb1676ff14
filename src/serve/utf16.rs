//! Byte offsets to UTF-16 code units: what LanguageTool clients (Java string
//! indices) and JavaScript strings count in.

/// UTF-16 offsets of chosen byte offsets of one text, computed in one pass.
#[derive(Debug)]
pub struct Utf16Map {
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Utf16Map {
    /// Indexes `offsets` (byte offsets on char boundaries of `text`; others round down).
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut bytes: Vec<usize> = offsets.into_iter().collect();
        bytes.sort_unstable();
        bytes.dedup();
        let mut units = Vec::with_capacity(bytes.len());
        let (mut at, mut count) = (0, 0);
        for &wanted in &bytes {
            let wanted = wanted.min(text.len());
            for c in text[at..].chars() {
                if at + c.len_utf8() > wanted {
                    break;
                }
                at += c.len_utf8();
                count += c.len_utf16();
            }
            units.push(count);
        }
        Utf16Map { bytes, units }
    }

    /// The UTF-16 offset of a byte offset given to [`Utf16Map::new`] (else of the one before it).
    pub fn get(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.units[i],
            Err(0) => 0,
            Err(i) => self.units[i - 1],
        }
    }
}

/// The length of `text` in UTF-16 code units.
pub fn len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_astral_characters_twice() {
        let text = "é😀 x";
        // bytes: é 0..2, 😀 2..6, space 6, x 7
        let map = Utf16Map::new(text, [7, 0, 2, 6, 8]);
        assert_eq!(
            [0, 2, 6, 7, 8].map(|b| map.get(b)),
            [0, 1, 3, 4, 5],
            "x is the fifth UTF-16 unit"
        );
        assert_eq!(len(text), 5);
    }
}

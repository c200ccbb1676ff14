//! Lines and the byte offset → line/column conversion used at the output edge.

use crate::diagnostic::Span;
use std::sync::OnceLock;

/// Splits `text` into lines, without their `\n` / `\r\n` terminators.
pub fn split_lines(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', bytes) {
        let end = if i > start && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(Span::new(start, end));
        start = i + 1;
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Offsets of line starts, for converting byte offsets to line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The characters before each [`CHECKPOINT`]-th byte of the text, made on
    /// the first column asked for far into a long line: a text of one huge
    /// line would otherwise have its characters counted from the line start
    /// again for every finding.
    checkpoints: OnceLock<Vec<usize>>,
}

/// Bytes between two character counts of [`LineIndex::checkpoints`].
const CHECKPOINT: usize = 1024;

/// A column this many bytes into its line is counted from the checkpoints.
const LONG_LINE: usize = 4 * CHECKPOINT;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// The characters of `text` before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut seen = 0;
            let blocks = text.as_bytes().chunks(CHECKPOINT);
            blocks
                .map(|block| {
                    let before = seen;
                    seen += count_chars(block);
                    before
                })
                .collect()
        });
        let block = offset / CHECKPOINT;
        let counted = checkpoints.get(block).copied().unwrap_or(0);
        counted + count_chars(&text.as_bytes()[block * CHECKPOINT..offset])
    }

    /// Line and column of byte `offset` (clamped to the text).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = if offset - start > LONG_LINE {
            self.chars_before(text, offset) - self.chars_before(text, start)
        } else {
            text[start..offset].chars().count()
        } + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte span of 1-based line `line` without its terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map_or(text.len(), |n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }
}

/// Characters in `bytes` (whole or cut anywhere): the bytes that are not
/// UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "één\r\nline “two”";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let two = text.find("two").unwrap();
        assert_eq!(idx.line_col(text, two), LineCol { line: 2, column: 7 });
        assert_eq!(idx.line_span(text, 1).of(text), "één");
        assert_eq!(split_lines(text).len(), 2);
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let text = format!("short\n{}\nend", "“é” word ".repeat(3000));
        let idx = LineIndex::new(&text);
        let line_start = text.find('\n').unwrap() + 1;
        for (offset, _) in text.char_indices().step_by(37) {
            let line_start = if offset < line_start { 0 } else { line_start };
            let want = text[line_start..offset].chars().count() + 1;
            let got = idx.line_col(&text, offset);
            if offset < text.rfind('\n').unwrap() {
                assert_eq!(got.column, want, "at byte {offset}");
            }
        }
    }
}

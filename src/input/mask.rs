//! Masked text: the prose of a Markdown or HTML file at the same byte offsets.
//!
//! Design: a masked text is a copy of the original with every byte that is not
//! prose (markup, code, URLs, front matter, comments, tags) replaced by an
//! ASCII space, except line breaks, which are kept. The copy therefore has the
//! same length and the same line starts as the original, so every rule runs
//! unchanged on the masked text and every offset, line and column it reports
//! is already an offset, line and column of the original file: no offset map.
//!
//! Two refinements keep the rules' view of structure right:
//! - block boundaries that have no line break in the original (`<p>a</p><p>b</p>`)
//!   get two `\n` written into the first bytes of the hidden tag, so the rules
//!   see separate paragraphs (line numbers reported still come from the original);
//! - a character reference (`&amp;`) is written as its character followed by
//!   spaces, so the prose reads `&` where the file has `&amp;`.
//!
//! The hidden byte ranges are recorded: a finding that touches a hidden byte is
//! dropped ([`Masked::touches_hidden`]), since a span over markup is an artefact
//! of the masking (`word **bold**` masks to `word   bold`, not a double space).

use crate::diagnostic::Span;
use std::borrow::Cow;

/// Prose at the original offsets, and the byte ranges that were hidden.
/// A text with nothing hidden is borrowed, not copied.
#[derive(Debug, Clone)]
pub struct Masked<'t> {
    pub text: Cow<'t, str>,
    /// Sorted, non-overlapping hidden ranges.
    pub hidden: Vec<Span>,
    /// Where comments are (Markdown: raw HTML), the only places a
    /// suppression directive counts: not in code or prose.
    pub comments: Vec<Span>,
}

impl<'t> Masked<'t> {
    /// The text unchanged: nothing hidden.
    pub fn plain(text: &'t str) -> Self {
        Masked {
            text: Cow::Borrowed(text),
            hidden: Vec::new(),
            comments: Vec::new(),
        }
    }

    /// True when byte `offset` lies in a comment.
    pub fn in_comment(&self, offset: usize) -> bool {
        let i = self.comments.partition_point(|c| c.end <= offset);
        self.comments.get(i).is_some_and(|c| c.start <= offset)
    }

    /// True when `span` overlaps a hidden range (an empty span: lies inside one).
    pub fn touches_hidden(&self, span: Span) -> bool {
        let i = self.hidden.partition_point(|h| h.end <= span.start);
        self.hidden.get(i).is_some_and(|h| {
            if span.is_empty() {
                h.start <= span.start && span.start < h.end
            } else {
                h.start < span.end
            }
        })
    }
}

/// Builds a masked text from "hide everything, then reveal prose" or the reverse.
pub struct Masker<'t> {
    original: &'t str,
    /// true: the byte is prose.
    visible: Vec<bool>,
    /// Bytes written in place of hidden ones (block breaks, decoded references).
    overwrite: Vec<(usize, u8)>,
    comments: Vec<Span>,
}

impl<'t> Masker<'t> {
    /// Starts with every byte hidden.
    pub fn all_hidden(original: &'t str) -> Self {
        Masker {
            original,
            visible: vec![false; original.len()],
            overwrite: Vec::new(),
            comments: Vec::new(),
        }
    }

    /// Starts with every byte visible.
    pub fn all_visible(original: &'t str) -> Self {
        Masker {
            original,
            visible: vec![true; original.len()],
            overwrite: Vec::new(),
            comments: Vec::new(),
        }
    }

    pub fn reveal(&mut self, range: std::ops::Range<usize>) {
        let end = range.end.min(self.visible.len());
        for v in &mut self.visible[range.start.min(end)..end] {
            *v = true;
        }
    }

    pub fn hide(&mut self, range: std::ops::Range<usize>) {
        let end = range.end.min(self.visible.len());
        for v in &mut self.visible[range.start.min(end)..end] {
            *v = false;
        }
    }

    /// Records a comment (hidden too), where suppression directives count.
    pub fn comment(&mut self, range: std::ops::Range<usize>) {
        self.hide(range.clone());
        self.comments
            .push(Span::new(range.start, range.end.max(range.start)));
    }

    /// Marks a block boundary inside a hidden range of at least two bytes.
    pub fn block_break(&mut self, range: std::ops::Range<usize>) {
        if range.end >= range.start + 2 && range.end <= self.original.len() {
            self.overwrite.push((range.start, b'\n'));
            self.overwrite.push((range.start + 1, b'\n'));
        }
    }

    /// Shows `replacement` (no longer than the range) in place of a hidden range,
    /// padded with spaces; `pad_before` puts the padding first.
    pub fn substitute(
        &mut self,
        range: std::ops::Range<usize>,
        replacement: &str,
        pad_before: bool,
    ) {
        let len = range.end.saturating_sub(range.start);
        if replacement.len() > len || range.end > self.original.len() {
            return;
        }
        self.hide(range.clone());
        let at = if pad_before {
            range.end - replacement.len()
        } else {
            range.start
        };
        for (i, b) in replacement.bytes().enumerate() {
            self.overwrite.push((at + i, b));
        }
    }

    /// The masked text and its hidden ranges.
    pub fn finish(self) -> Masked<'static> {
        let mut bytes = self.original.as_bytes().to_vec();
        let mut hidden = Vec::new();
        let mut run: Option<usize> = None;
        for (i, visible) in self.visible.iter().enumerate() {
            if *visible {
                if let Some(start) = run.take() {
                    hidden.push(Span::new(start, i));
                }
            } else {
                run.get_or_insert(i);
                if !matches!(bytes[i], b'\n' | b'\r') {
                    bytes[i] = b' ';
                }
            }
        }
        if let Some(start) = run {
            hidden.push(Span::new(start, bytes.len()));
        }
        for (at, byte) in self.overwrite {
            bytes[at] = byte;
        }
        // Hidden bytes are now ASCII; a visible multi-byte character is whole
        // unless a range cut through it, which the lossy conversion repairs
        // with replacement characters of a different length: avoid that.
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => repair(err.into_bytes()),
        };
        let mut comments = self.comments;
        comments.sort();
        Masked {
            text: Cow::Owned(text),
            hidden,
            comments,
        }
    }
}

/// Replaces stray UTF-8 continuation or lead bytes left by a cut with spaces.
fn repair(mut bytes: Vec<u8>) -> String {
    let mut i = 0;
    while i < bytes.len() {
        match std::str::from_utf8(&bytes[i..]) {
            Ok(_) => break,
            Err(e) => {
                let bad = i + e.valid_up_to();
                let n = e.error_len().unwrap_or(bytes.len() - bad);
                for b in &mut bytes[bad..bad + n] {
                    *b = b' ';
                }
                i = bad + n;
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Hides `<!-- ... -->` comments (suppression comments in plain text).
pub fn hide_comments(masker: &mut Masker, original: &str) {
    let mut from = 0;
    while let Some(start) = original[from..].find("<!--").map(|i| i + from) {
        let end = original[start + 4..]
            .find("-->")
            .map_or(original.len(), |i| start + 4 + i + 3);
        masker.comment(start..end);
        from = end;
    }
}

/// Hides bare URLs (`https://…`, `www.…`) in the visible prose.
pub fn hide_urls(masker: &mut Masker, original: &str) {
    use std::sync::OnceLock;
    static URL: OnceLock<regex::Regex> = OnceLock::new();
    let url = URL.get_or_init(|| {
        regex::Regex::new(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'’”]")
            .expect("URL pattern compiles")
    });
    for m in url.find_iter(original) {
        masker.hide(m.range());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let text = "a <b>é</b>\nc";
        let mut m = Masker::all_hidden(text);
        m.reveal(0..2);
        m.reveal(5..7);
        m.reveal(12..13);
        let masked = m.finish();
        assert_eq!(masked.text.len(), text.len());
        assert_eq!(masked.text, "a    é    \nc");
        assert!(masked.touches_hidden(Span::new(1, 4)));
        assert!(!masked.touches_hidden(Span::new(5, 7)));
    }

    #[test]
    fn cut_characters_become_spaces() {
        let text = "aé";
        let mut m = Masker::all_visible(text);
        m.hide(2..3);
        assert_eq!(m.finish().text, "a  ");
    }

    #[test]
    fn urls_and_comments_are_hidden() {
        let text = "See https://example.com/x. <!-- note --> Done.";
        let mut m = Masker::all_visible(text);
        hide_urls(&mut m, text);
        hide_comments(&mut m, text);
        let masked = m.finish();
        let words: Vec<&str> = masked.text.split_whitespace().collect();
        assert_eq!(words, ["See", ".", "Done."]);
        assert_eq!(masked.text.len(), text.len());
    }
}

//! `script`: letters of another writing system left in an English article
//! (Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese, Korean, Thai, ...).
//!
//! A run of such letters (with the spaces and punctuation between them) is
//! one finding. A short run inside quotation marks or brackets is a name given
//! in its own script ("Xi Jinping (习近平)") and is not flagged; nor is a
//! single letter (a Greek "α" in a formula).

use crate::diagnostic::Span;
use crate::rules::{Check, Hit};
use crate::text::Document;
use serde::Deserialize;

/// The `script:` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptSpec {
    /// Scripts to flag: greek, cyrillic, armenian, hebrew, arabic, devanagari,
    /// thai, georgian, hangul, kana, han.
    pub scripts: Vec<String>,
    /// Fewest letters in a run to flag.
    #[serde(default = "two")]
    pub min_letters: usize,
    /// Runs of at most this many letters inside quotes or brackets are names.
    #[serde(default)]
    pub quoted_name_letters: usize,
}

fn two() -> usize {
    2
}

const SCRIPTS: &[(&str, &[(u32, u32)])] = &[
    ("greek", &[(0x0370, 0x03FF), (0x1F00, 0x1FFF)]),
    ("cyrillic", &[(0x0400, 0x052F)]),
    ("armenian", &[(0x0530, 0x058F)]),
    ("hebrew", &[(0x0590, 0x05FF)]),
    (
        "arabic",
        &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    ),
    ("devanagari", &[(0x0900, 0x097F)]),
    ("thai", &[(0x0E00, 0x0E7F)]),
    ("georgian", &[(0x10A0, 0x10FF)]),
    (
        "hangul",
        &[(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)],
    ),
    ("kana", &[(0x3040, 0x30FF)]),
    (
        "han",
        &[(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)],
    ),
];

#[derive(Debug)]
pub struct Script {
    ranges: Vec<(u32, u32)>,
    min_letters: usize,
    quoted_name_letters: usize,
}

impl Script {
    pub fn compile(spec: &ScriptSpec) -> Result<Self, String> {
        let mut ranges = Vec::new();
        for name in &spec.scripts {
            let (_, found) = SCRIPTS.iter().find(|(n, _)| n == name).ok_or_else(|| {
                let known: Vec<&str> = SCRIPTS.iter().map(|(n, _)| *n).collect();
                format!("unknown script `{name}`; known: {}", known.join(", "))
            })?;
            ranges.extend_from_slice(found);
        }
        Ok(Script {
            ranges,
            min_letters: spec.min_letters.max(1),
            quoted_name_letters: spec.quoted_name_letters,
        })
    }

    fn is_foreign(&self, c: char) -> bool {
        let c = c as u32;
        c >= 0x370 && self.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
    }

    /// Runs of foreign letters in `text` (span, letter count), joined across
    /// spaces and punctuation but not across Latin letters or digits.
    fn runs(&self, text: &str) -> Vec<(Span, usize)> {
        let mut runs: Vec<(Span, usize)> = Vec::new();
        let mut i = 0;
        while let Some(at) = next_lead_byte(text.as_bytes(), i) {
            i = at;
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let width = c.len_utf8();
            if self.is_foreign(c) {
                let end = i + width;
                let joins = runs.last().is_some_and(|(span, _)| {
                    i - span.end <= 8
                        && !text[span.end..i]
                            .chars()
                            .any(|g| g.is_alphanumeric() || g == '\n')
                });
                match runs.last_mut() {
                    Some((span, letters)) if joins => {
                        span.end = end;
                        *letters += 1;
                    }
                    _ => runs.push((Span::new(i, end), 1)),
                }
            }
            i += width;
        }
        runs
    }
}

/// The position from `from` on of the next byte that may start a letter of
/// a script of [`SCRIPTS`]: a lead byte of 0xCD (U+0340) or more, except 0xE2,
/// which starts U+2000 to U+2FFF (curly quotes, dashes, symbols), where no
/// script lies. The text is tested eight bytes at a time: most groups of
/// eight bytes of English are ASCII, which one mask test over them shows.
fn next_lead_byte(bytes: &[u8], from: usize) -> Option<usize> {
    let lead = |b: u8| b >= 0xCD && b != 0xE2;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_le_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            if let Some(skip) = chunk.iter().position(|&b| lead(b)) {
                return Some(at + skip);
            }
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| lead(b))
        .map(|skip| at + skip)
}

/// Whether `span` sits directly inside quotation marks or brackets.
fn enclosed(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let quoted = matches!(
        (before, after),
        (
            Some('“' | '"' | '‘' | '\'' | '«' | '「' | '『'),
            Some('”' | '"' | '’' | '\'' | '»' | '」' | '』')
        )
    );
    // "Xi Jinping (习近平)": brackets right after a name written in Latin letters.
    let after_latin_word = text[..span.start]
        .trim_end_matches('(')
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let bracketed =
        before == Some('(') && after_latin_word && matches!(after, Some(')' | ',' | ';'));
    quoted || bracketed
}

impl Check for Script {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        if doc.text.is_ascii() {
            return;
        }
        for (span, letters) in self.runs(doc.text) {
            if span.of(doc.text).contains('鈥') {
                continue; // mojibake of a curly quote, another rule's business
            }
            let quoted_name = letters <= self.quoted_name_letters && enclosed(doc.text, span);
            if letters >= self.min_letters && !quoted_name {
                hits.push(Hit::at(span));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_script_starts_with_lead_byte_e2() {
        let e2 = 0x2000..=0x2FFF;
        for (name, ranges) in SCRIPTS {
            for (lo, hi) in *ranges {
                assert!(*hi < *e2.start() || *lo > *e2.end(), "{name}");
                assert!(*lo >= 0x340, "{name}");
            }
        }
    }

    #[test]
    fn lead_bytes_found_across_blocks() {
        let text = format!("{}“é”{}Σ{}", "a".repeat(40), "b".repeat(30), "c".repeat(5));
        let sigma = text.find('Σ').unwrap();
        assert_eq!(next_lead_byte(text.as_bytes(), 0), Some(sigma));
        assert_eq!(next_lead_byte(text.as_bytes(), sigma + 2), None);
        assert_eq!(next_lead_byte("短".as_bytes(), 0), Some(0));
    }

    #[test]
    fn lead_bytes_found_as_a_byte_by_byte_search_finds_them() {
        let pieces = ["plain text ", "“q” ", "é", "Σ", "短", "—", "\n", "abc"];
        let mut state = 11u32;
        let mut text = String::new();
        for _ in 0..300 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
        }
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let expected = bytes[from..]
                .iter()
                .position(|&b| b >= 0xCD && b != 0xE2)
                .map(|skip| from + skip);
            assert_eq!(next_lead_byte(bytes, from), expected, "{from}");
        }
    }
}

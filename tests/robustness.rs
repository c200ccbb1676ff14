//! Random text through the whole pipeline: no panic, and every span lies
//! inside the text on character boundaries.

use mtlint::{check_text, CheckOptions, RuleSet};

const PIECES: &[&str] = &[
    "a",
    "Rafah",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    ",",
    " ,",
    "..",
    "?",
    "!",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "-",
    " -",
    "–",
    "é",
    "ğ",
    "中文",
    "Ж",
    "…",
    "’",
    "1.5",
    "U.S.",
    "Mr.",
    "said.The",
    ". of",
    "US Foreign Minister",
    "Anthony Blinken",
    "Source link",
    " | Site",
    "Read also: x",
    "©",
    "\t",
    "Kharkov",
];

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
}

#[test]
fn random_text_never_panics_and_spans_are_valid() {
    let rules = RuleSet::embedded().expect("built-in rules load");
    let mut rng = Lcg(42);
    for _ in 0..500 {
        let len = 1 + rng.next(120);
        let text: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
        for f in check_text(&rules, &text, &CheckOptions::default()) {
            assert!(
                f.span.start <= f.span.end && f.span.end <= text.len(),
                "{f:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
                "{f:?} in {text:?}"
            );
        }
    }
}

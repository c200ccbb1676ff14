//! Random Markdown and HTML through the maskers and the whole pipeline: no
//! panic, the masked text keeps the length and every line break of the original,
//! and every finding lies inside the text on character boundaries.

use mtlint::config::{resolve::CliSettings, Resolver};
use mtlint::input::InputFormat;
use mtlint::pipeline::Pipeline;
use mtlint::rules::RuleSource;
use mtlint::RuleSet;
use std::sync::Arc;

const PIECES: &[&str] = &[
    "a",
    "Rafah said",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    ",",
    " ,",
    "*",
    "**",
    "_",
    "`",
    "```",
    "\n```\n",
    "#",
    "# ",
    "\n---\n",
    "+++",
    "[",
    "]",
    "(",
    ")",
    "](http://x.y/z)",
    "<",
    ">",
    "</",
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<nav>",
    "<!--",
    "-->",
    "&amp;",
    "&",
    "&#x41;",
    "&rsquo;",
    ";",
    "\"",
    "“",
    "”",
    "é",
    "中文",
    "- ",
    "1. ",
    "> ",
    "|",
    "\\",
    "<br/>",
    "<!-- mtlint-disable -->",
    "<!-- mtlint-enable -->",
    "https://example.com/a.b",
    "\t",
    "ended.The",
];

/// A small deterministic generator (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn random_markup_is_masked_safely() {
    let rules = Arc::new(RuleSet::embedded().expect("rules"));
    let cli = CliSettings {
        isolated: true,
        ..CliSettings::default()
    };
    let resolver = Resolver::new(vec![RuleSource::Embedded], rules, cli);
    let pipeline = Pipeline {
        resolver: &resolver,
        input_format: None,
        record_format: InputFormat::Text,
        report_unused_suppressions: true,
        max_bytes: u64::MAX,
        score: mtlint::score::ScoreConfig::default(),
        score_threshold_given: false,
    };
    let mut rng = Lcg(6);
    for round in 0..300 {
        let len = 1 + rng.next(80);
        let text: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
        for format in [InputFormat::Markdown, InputFormat::Html, InputFormat::Text] {
            let masked = format.mask(&text);
            assert_eq!(
                masked.text.len(),
                text.len(),
                "round {round} {format:?}: {text:?}"
            );
            for (i, b) in text.bytes().enumerate() {
                if b == b'\n' {
                    assert_eq!(
                        masked.text.as_bytes()[i],
                        b'\n',
                        "line break kept: {text:?}"
                    );
                }
            }
            let report = pipeline
                .check("r".into(), None, text.clone(), format)
                .expect("no error on random text");
            for f in &report.findings {
                assert!(f.span.end <= text.len());
                assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            }
        }
    }
}

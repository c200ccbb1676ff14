//! Markdown and HTML inputs: the corpus converted to each gives the same
//! findings, at the right line and column of the converted file.

use mtlint::config::{resolve::CliSettings, Resolver};
use mtlint::input::InputFormat;
use mtlint::pipeline::Pipeline;
use mtlint::rules::RuleSource;
use mtlint::RuleSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A converted article: its text and where each original paragraph went.
struct Converted {
    text: String,
    /// (start in the original, start in the converted text, length)
    moved: Vec<(usize, usize, usize)>,
}

impl Converted {
    fn map(&self, offset: usize) -> usize {
        let &(from, to, _) = self
            .moved
            .iter()
            .rev()
            .find(|(from, _, len)| *from <= offset && offset <= from + len)
            .expect("offset inside a paragraph");
        offset - from + to
    }
}

/// Paragraphs of a plain-text article: (start, text), split at blank lines.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        let trimmed = part.trim_matches('\n');
        if !trimmed.is_empty() {
            let lead = part.len() - part.trim_start_matches('\n').len();
            out.push((start + lead, trimmed));
        }
        start += part.len() + 2;
    }
    out
}

fn convert(
    text: &str,
    head: &str,
    wrap: impl Fn(usize, &str) -> (String, String),
    tail: &str,
) -> Converted {
    let mut out = head.to_string();
    let mut moved = Vec::new();
    for (i, (start, para)) in paragraphs(text).into_iter().enumerate() {
        let (open, close) = wrap(i, para);
        out.push_str(&open);
        moved.push((start, out.len(), para.len()));
        out.push_str(para);
        out.push_str(&close);
    }
    out.push_str(tail);
    Converted { text: out, moved }
}

fn to_markdown(text: &str) -> Converted {
    convert(
        text,
        "---\ntitle: \"Said.The headline , draft\"\nurl: https://example.com/a.b\n---\n\n<!-- mtlint: converted -->\n\n",
        |i, _| (if i == 0 { "# ".into() } else { String::new() }, "\n\n".into()),
        "```text\nCode said.The Foreign Minister Anthony Blinken , a spokeswoman. of\n```\n\nInline `ended.The` code.\n",
    )
}

fn to_html(text: &str) -> Converted {
    convert(
        text,
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Said.The headline , draft</title>\n<style>p { margin: 0 } /* ended.The */</style>\n</head>\n<body>\n<header><nav>Home , World.News</nav></header>\n<article>\n",
        |i, para| {
            let tag = if i == 0 { "h1" } else if para.starts_with("- ") { "li" } else { "p" };
            (format!("<{tag} class=\"x\">"), format!("</{tag}>\n"))
        },
        "</article>\n<footer>Anthony Blinken , ended.The</footer>\n<script>var s = \"ended.The , «x»\";</script>\n</body>\n</html>\n",
    )
}

fn resolver() -> Resolver {
    let rules = Arc::new(RuleSet::embedded().expect("rules"));
    let cli = CliSettings {
        isolated: true,
        ..CliSettings::default()
    };
    Resolver::new(vec![RuleSource::Embedded], rules, cli)
}

fn pipeline(resolver: &Resolver) -> Pipeline<'_> {
    Pipeline {
        resolver,
        input_format: None,
        record_format: InputFormat::Text,
        report_unused_suppressions: false,
        max_bytes: u64::MAX,
        score: mtlint::score::ScoreConfig::default(),
        score_threshold_given: false,
    }
}

fn corpus_articles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out: Vec<PathBuf> = ["mt", "clean"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("corpus folder"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    out.sort();
    out
}

/// Line and column (1-based, in characters) counted independently.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn same_findings_when_converted(format: InputFormat, convert: fn(&str) -> Converted) {
    let resolver = resolver();
    let pipeline = pipeline(&resolver);
    let mut compared = 0;
    for path in corpus_articles() {
        let text = std::fs::read_to_string(&path).expect("article");
        if text.contains('<') || text.contains('&') {
            // Markup or entities left in the text (as in corpus/mt/34) are read
            // as markup once embedded in HTML or Markdown: not the same text.
            continue;
        }
        let plain = pipeline
            .check("a.txt".into(), None, text.clone(), InputFormat::Text)
            .expect("checks");
        let converted = convert(&text);
        let report = pipeline
            .check("a".into(), None, converted.text.clone(), format)
            .expect("checks");
        let expected: Vec<(String, usize, usize)> = plain
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule.clone(),
                    converted.map(f.span.start),
                    converted.map(f.span.end),
                )
            })
            .collect();
        let got: Vec<(String, usize, usize)> = report
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.span.start, f.span.end))
            .collect();
        assert_eq!(
            got,
            expected,
            "{format:?} {}:\n{}",
            path.display(),
            converted.text
        );
        for f in &report.findings {
            let at = report.line_col(f.span.start);
            assert_eq!(
                (at.line, at.column),
                line_col(&converted.text, f.span.start)
            );
        }
        compared += plain.findings.len();
    }
    assert!(
        compared > 50,
        "the corpus has findings to compare ({compared})"
    );
}

#[test]
fn corpus_as_markdown_gives_the_same_findings() {
    same_findings_when_converted(InputFormat::Markdown, to_markdown);
}

#[test]
fn corpus_as_html_gives_the_same_findings() {
    same_findings_when_converted(InputFormat::Html, to_html);
}

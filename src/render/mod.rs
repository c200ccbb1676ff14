//! Output formats: small emitters over the same findings.

mod checkstyle;
mod concise;
mod github;
pub mod html;
mod human;
mod json;
mod jsonl;
mod junit;
pub mod markdown;
pub mod sarif;
mod statistics;
mod xml;

pub use checkstyle::Checkstyle;
pub use concise::Concise;
pub use github::Github;
pub use html::Html;
pub use human::Human;
pub use json::Json;
pub use jsonl::JsonLines;
pub use junit::Junit;
pub use markdown::Markdown;
pub use sarif::Sarif;
pub use statistics::Statistics;

use crate::diagnostic::{Finding, Severity};
use crate::score::{Quality, ScoreConfig};
use crate::text::{LineCol, LineIndex};
use std::io::{self, Write};

/// The findings of one checked text.
#[derive(Debug)]
pub struct FileReport {
    /// As given on the command line; `-` for standard input.
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
    /// The quality score, under the default scoring until [`FileReport::scored`].
    pub quality: Quality,
    /// A JSONL batch record's `id` as given (the path shows it as text).
    pub id: Option<serde_json::Value>,
    line_index: LineIndex,
}

impl FileReport {
    pub fn new(path: String, text: String, findings: Vec<Finding>) -> Self {
        let words = crate::text::count_words(&text);
        Self::with_word_count(path, text, findings, words)
    }

    /// A report whose text has `words` words (counted where the text was checked).
    pub fn with_word_count(
        path: String,
        text: String,
        findings: Vec<Finding>,
        words: usize,
    ) -> Self {
        let line_index = LineIndex::new(&text);
        let quality = Quality::of_words(words, &findings, &ScoreConfig::default());
        FileReport {
            path,
            text,
            findings,
            quality,
            id: None,
            line_index,
        }
    }

    /// The same report scored under `config`.
    pub fn scored(mut self, config: &ScoreConfig) -> Self {
        self.quality = Quality::of_words(self.quality.words, &self.findings, config);
        self
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index.line_col(&self.text, offset)
    }

    pub(crate) fn line_index(&self) -> &LineIndex {
        &self.line_index
    }
}

/// Totals over a run, for summary lines.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files whose quality score passes the threshold.
    pub passed: usize,
    /// The pass threshold the files were scored against.
    pub threshold: f64,
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            files: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            passed: 0,
            threshold: crate::score::DEFAULT_THRESHOLD,
        }
    }
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.passed += usize::from(report.quality.pass);
        self.threshold = report.quality.threshold;
        for f in &report.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// An output format. `file` is called once per checked text, in order.
pub trait Emitter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

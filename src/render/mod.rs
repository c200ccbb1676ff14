//! Output formats: small emitters over the same findings.

mod checkstyle;
mod concise;
mod github;
mod human;
mod json;
mod jsonl;
mod junit;
pub mod sarif;
mod statistics;
mod xml;

pub use checkstyle::Checkstyle;
pub use concise::Concise;
pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use jsonl::JsonLines;
pub use junit::Junit;
pub use sarif::Sarif;
pub use statistics::Statistics;

use crate::diagnostic::{Finding, Severity};
use crate::text::{LineCol, LineIndex};
use std::io::{self, Write};

/// The findings of one checked text.
#[derive(Debug)]
pub struct FileReport {
    /// As given on the command line; `-` for standard input.
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
    line_index: LineIndex,
}

impl FileReport {
    pub fn new(path: String, text: String, findings: Vec<Finding>) -> Self {
        let line_index = LineIndex::new(&text);
        FileReport {
            path,
            text,
            findings,
            line_index,
        }
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
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
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

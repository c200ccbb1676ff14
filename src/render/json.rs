//! `--format json`: the stable machine schema, version 1.
//!
//! `{"version":1,"files":[{"path":…,"findings":[{"rule","class","severity",
//! "message","start","end","line","column","text","suggestions"}]}]}`; start
//! and end are byte offsets, line and column 1-based (column in characters).
//! Added later: `end_line`, `end_column`, `safe_fix` per finding and
//! `quality: {words, penalty, score, threshold, pass}` per file.

use super::{Emitter, FileReport, Summary};
use crate::score::Quality;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'a str,
    class: &'a str,
    severity: &'a str,
    message: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    suggestions: Vec<&'a str>,
    safe_fix: bool,
}

#[derive(Serialize)]
pub(crate) struct JsonFile<'a> {
    /// Added field: a JSONL batch record's id, as given (its path is the id as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    path: &'a str,
    findings: Vec<JsonFinding<'a>>,
    /// Added field: the article's quality score (see `crate::score`).
    quality: &'a Quality,
}

/// Streams one JSON document: a file object per checked text, written as
/// soon as it is checked, so memory stays flat over many files.
#[derive(Default)]
pub struct Json {
    files_written: usize,
}

pub(crate) fn file_json(report: &FileReport) -> JsonFile<'_> {
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let start = report.line_col(f.span.start);
            let end = report.line_col(f.span.end);
            JsonFinding {
                rule: &f.rule,
                class: f.class.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                start: f.span.start,
                end: f.span.end,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                text: f.span.of(&report.text),
                suggestions: f
                    .suggestions
                    .iter()
                    .map(|s| s.replacement.as_str())
                    .collect(),
                safe_fix: !f.suggestions.is_empty() && f.suggestions.iter().all(|s| s.safe),
            }
        })
        .collect();
    JsonFile {
        id: report.id.as_ref(),
        path: &report.path,
        findings,
        quality: &report.quality,
    }
}

impl Emitter for Json {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        out.write_all(if self.files_written == 0 {
            b"{\"version\":1,\"files\":[\n"
        } else {
            b",\n"
        })?;
        // Into a buffer first: serde_json writes a field in several small
        // pieces, and each would be a dynamic call on `out`.
        let json = serde_json::to_vec(&file_json(report))?;
        out.write_all(&json)?;
        self.files_written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if self.files_written == 0 {
            return writeln!(out, "{{\"version\":1,\"files\":[]}}");
        }
        writeln!(out, "\n]}}")
    }
}

//! The default output: rustc-style snippets with the span underlined and the
//! suggestion under it, then a summary line.

use super::{Emitter, FileReport, Summary};
use crate::diagnostic::{Finding, Severity, Suggestion};
use crate::score::Quality;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};

pub struct Human {
    renderer: Renderer,
    /// The score of the last file, for a one-file summary line.
    last_quality: Option<Quality>,
}

impl Human {
    /// `styled`: whether to emit colour codes (the caller strips them when not wanted).
    pub fn new(styled: bool) -> Self {
        Human {
            renderer: if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
            last_quality: None,
        }
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn suggestion_text(finding: &Finding) -> Option<String> {
    let first = finding.suggestions.first()?;
    let safety = if first.safe {
        "safe fix"
    } else {
        "review before applying"
    };
    let all: Vec<String> = finding
        .suggestions
        .iter()
        .map(Suggestion::describe)
        .collect();
    Some(format!("{} ({safety})", all.join(", or ")))
}

impl Human {
    fn render_one(&self, report: &FileReport, finding: &Finding) -> String {
        let start = report.line_col(finding.span.start);
        let end = report.line_col(finding.span.end);
        // Give the renderer only the lines the span touches.
        let first = report.line_index().line_span(&report.text, start.line);
        let last = report
            .line_index()
            .line_span(&report.text, end.line.max(start.line));
        let source = &report.text[first.start..last.end.max(finding.span.end)];
        let span = finding.span.start - first.start..finding.span.end - first.start;
        let mut group: Group = level(finding.severity)
            .primary_title(finding.message.as_str())
            .id(finding.rule.as_str())
            .element(
                Snippet::source(source)
                    .line_start(start.line)
                    .path(report.path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        if let Some(help) = suggestion_text(finding) {
            group = group.element(Level::HELP.message(help));
        }
        self.renderer.render(&[group])
    }
}

impl Human {
    /// The score part of the summary line: the one file's score, or how many files pass.
    fn quality_clause(&self, summary: &Summary) -> String {
        let threshold = summary.threshold;
        match self.last_quality {
            Some(q) if summary.files == 1 => format!(
                "quality score {:.2} penalty points per 100 words, {} (pass at {threshold:.2} or less)",
                q.score,
                q.verdict()
            ),
            _ => format!(
                "{} of {} files pass the quality threshold ({threshold:.2} penalty points per 100 words or less)",
                summary.passed, summary.files
            ),
        }
    }
}

impl Emitter for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.last_quality = Some(report.quality);
        for finding in &report.findings {
            writeln!(out, "{}\n", self.render_one(report, finding))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let files = if summary.files == 1 { "file" } else { "files" };
        if summary.findings() == 0 {
            return writeln!(out, "No findings in {} {files}.", summary.files);
        }
        writeln!(
            out,
            "Found {} findings ({} errors, {} warnings, {} info) in {} {files}; {}.",
            summary.findings(),
            summary.errors,
            summary.warnings,
            summary.infos,
            summary.files,
            self.quality_clause(summary)
        )
    }
}

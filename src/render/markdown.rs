//! `--format markdown`: a report to paste into a ticket or a CMS comment
//! (GitHub-flavoured Markdown tables; every cell escaped).

use super::{Emitter, FileReport, Summary};
use crate::diagnostic::Finding;
use crate::fix::safe_replacement;
use std::io::{self, Write};

/// Writes a section per file as it is checked, then a summary table.
#[derive(Default)]
pub struct Markdown {
    /// (path, score, verdict, findings) per file, for the closing table.
    rows: Vec<(String, f64, &'static str, usize)>,
}

/// Escapes text for a table cell: Markdown punctuation, pipes, HTML, newlines.
pub fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A code span showing `text` exactly (pipes escaped for tables, newlines as ⏎).
pub fn code_cell(text: &str) -> String {
    if text.is_empty() {
        return "(insertion point)".to_string();
    }
    let body = text
        .replace('|', "\\|")
        .replace("\r\n", "⏎")
        .replace(['\n', '\r'], "⏎");
    let longest = longest_backtick_run(&body);
    let fence = "`".repeat(longest + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn suggestion_cell(finding: &Finding) -> String {
    let Some(first) = finding.suggestions.first() else {
        return String::new();
    };
    let what = if first.replacement.is_empty() {
        "delete".to_string()
    } else {
        format!("→ {}", code_cell(&first.replacement))
    };
    let safety = if safe_replacement(finding).is_some() {
        "safe fix"
    } else {
        "review"
    };
    format!("{what} ({safety})")
}

impl Emitter for Markdown {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let q = &report.quality;
        self.rows.push((
            report.path.clone(),
            q.score,
            q.verdict(),
            report.findings.len(),
        ));
        writeln!(
            out,
            "### {}: {} ({:.2} penalty points per 100 words, {} words)\n",
            escape_cell(&report.path),
            q.verdict().to_uppercase(),
            q.score,
            q.words
        )?;
        if report.findings.is_empty() {
            return writeln!(out, "No findings.\n");
        }
        writeln!(
            out,
            "| Line | Severity | Rule | Text | Message | Suggestion |"
        )?;
        writeln!(out, "|---:|---|---|---|---|---|")?;
        for f in &report.findings {
            let at = report.line_col(f.span.start);
            writeln!(
                out,
                "| {}:{} | {} | `{}` | {} | {} | {} |",
                at.line,
                at.column,
                f.severity,
                f.rule,
                code_cell(f.span.of(&report.text)),
                escape_cell(&f.message),
                suggestion_cell(f)
            )?;
        }
        writeln!(out)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "**mtlint:** {} findings ({} errors, {} warnings, {} info) in {} {}; \
             {} of {} pass (at most {:.2} penalty points per 100 words).",
            summary.findings(),
            summary.errors,
            summary.warnings,
            summary.infos,
            summary.files,
            if summary.files == 1 { "file" } else { "files" },
            summary.passed,
            summary.files,
            summary.threshold
        )?;
        if self.rows.len() < 2 {
            return Ok(());
        }
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        writeln!(out, "\n| File | Score | Verdict | Findings |")?;
        writeln!(out, "|---|---:|---|---:|")?;
        for (path, score, verdict, count) in rows {
            writeln!(
                out,
                "| {} | {score:.2} | {verdict} | {count} |",
                escape_cell(&path)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(escape_cell("a|b <i>*x*"), "a\\|b &lt;i&gt;\\*x\\*");
        assert_eq!(code_cell(" | Liberal"), "` \\| Liberal`");
        assert_eq!(code_cell("a`b"), "``a`b``");
        assert_eq!(code_cell("`"), "`` ` ``");
        assert_eq!(code_cell("a\nb"), "`a⏎b`");
    }
}

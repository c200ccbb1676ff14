//! `--format concise`: one line per finding, `path:line:column: severity[rule] message`.

use super::{Emitter, FileReport, Human, Summary};
use std::io::{self, Write};

#[derive(Default)]
pub struct Concise;

impl Emitter for Concise {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let at = report.line_col(f.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path,
                at.line,
                at.column,
                f.severity,
                f.rule,
                one_line(&f.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        Human::new(false).finish(out, summary)
    }
}

/// A message on one line (line breaks become spaces).
pub(crate) fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}

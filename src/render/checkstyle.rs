//! `--format checkstyle`: Checkstyle XML, one `<file>` per checked text that
//! has findings, one `<error>` per finding (read by many CI dashboards).

use super::xml::escape;
use super::{Emitter, FileReport, Summary};
use std::io::{self, Write};

#[derive(Default)]
pub struct Checkstyle {
    started: bool,
}

impl Checkstyle {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(out, "<checkstyle version=\"4.3\">")?;
        }
        Ok(())
    }
}

impl Emitter for Checkstyle {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.start(out)?;
        if report.findings.is_empty() {
            return Ok(());
        }
        writeln!(out, "  <file name=\"{}\">", escape(&report.path))?;
        for f in &report.findings {
            let at = report.line_col(f.span.start);
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"mtlint.{}\"/>",
                at.line,
                at.column,
                f.severity,
                escape(&f.message),
                escape(&f.rule)
            )?;
        }
        writeln!(out, "  </file>")
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</checkstyle>")
    }
}

//! `--format junit`: JUnit XML. Each checked text is a `<testsuite>`; each
//! finding a failed `<testcase>` named after its rule and position; a text
//! without findings has one passing test case. Suites are written as they
//! come, so the output streams.

use super::xml::escape;
use super::{Emitter, FileReport, Summary};
use std::io::{self, Write};

#[derive(Default)]
pub struct Junit {
    started: bool,
}

impl Junit {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(out, "<testsuites name=\"mtlint\">")?;
        }
        Ok(())
    }
}

impl Emitter for Junit {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.start(out)?;
        let path = escape(&report.path);
        let count = report.findings.len();
        writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{count}\" errors=\"0\">",
            count.max(1)
        )?;
        if report.findings.is_empty() {
            writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{path}\"/>"
            )?;
        }
        for f in &report.findings {
            let at = report.line_col(f.span.start);
            writeln!(
                out,
                "    <testcase name=\"{} at {}:{}\" classname=\"{path}\">",
                escape(&f.rule),
                at.line,
                at.column
            )?;
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}[{}] {}</failure>",
                f.severity,
                escape(&f.message),
                path,
                at.line,
                at.column,
                f.severity,
                escape(&f.rule),
                escape(&f.message)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</testsuites>")
    }
}

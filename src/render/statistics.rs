//! `--statistics`: counts per rule instead of the findings, most frequent first.

use super::{Emitter, FileReport, Summary};
use crate::diagnostic::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<String, (usize, Severity)>,
}

impl Emitter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let entry = self.counts.entry(f.rule.clone()).or_insert((0, f.severity));
            entry.0 += 1;
            entry.1 = entry.1.max(f.severity);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        for (rule, (count, severity)) in rows {
            writeln!(out, "{count:>6}  {rule:<width$}  {severity}")?;
        }
        writeln!(
            out,
            "{:>6}  findings in {} files",
            summary.findings(),
            summary.files
        )
    }
}

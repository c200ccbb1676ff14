//! `--format jsonl`: one JSON object per checked text and line,
//! `{"path": …, "findings": [...]}` with the findings of `--format json`.
//! Every text gets a line, with or without findings (results per batch id).

use super::json::file_json;
use super::{Emitter, FileReport, Summary};
use std::io::{self, Write};

#[derive(Default)]
pub struct JsonLines;

impl Emitter for JsonLines {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &file_json(report))?;
        out.write_all(b"\n")
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

//! JSONL batches: one `{"id": …, "text": …}` object per line, read as a stream.
//!
//! Each record is checked as its own text: offsets, lines and columns in the
//! results refer to the record's decoded `text` value, and the record's `id`
//! (a string as is, any other JSON value as its JSON text) names it in place of
//! a path. Other fields are ignored; blank lines are skipped.

use serde::Deserialize;
use std::io::BufRead;

/// One record of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's id as shown in results.
    pub id: String,
    /// The id as given (a string, a number, ...).
    pub raw_id: serde_json::Value,
    pub text: String,
}

#[derive(Deserialize)]
struct RawRecord {
    id: serde_json::Value,
    text: String,
}

/// A line that is not a record. Names the batch and the line.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{batch}:{line}: cannot read: {source}")]
    Io {
        batch: String,
        line: usize,
        source: std::io::Error,
    },
    #[error("{batch}:{line}: not a {{\"id\": …, \"text\": …}} record: {message}")]
    Invalid {
        batch: String,
        line: usize,
        message: String,
    },
}

/// Parses one line of a batch (1-based `line` for errors).
pub fn parse_record(batch: &str, line: usize, json: &str) -> Result<Record, RecordError> {
    let raw: RawRecord = serde_json::from_str(json).map_err(|e| RecordError::Invalid {
        batch: batch.to_string(),
        line,
        message: e.to_string(),
    })?;
    let id = match &raw.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Record {
        id,
        raw_id: raw.id,
        text: raw.text,
    })
}

/// The non-blank lines of a batch with their 1-based numbers, read lazily.
pub fn lines(
    batch: &str,
    reader: impl BufRead,
) -> impl Iterator<Item = Result<(usize, String), RecordError>> {
    let batch = batch.to_string();
    reader
        .lines()
        .enumerate()
        .map(move |(i, line)| {
            line.map(|l| (i + 1, l)).map_err(|source| RecordError::Io {
                batch: batch.clone(),
                line: i + 1,
                source,
            })
        })
        .filter(|r| !matches!(r, Ok((_, l)) if l.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_errors() {
        let input = "{\"id\": 7, \"text\": \"a\\nb\", \"url\": \"x\"}\n\n{\"id\": \"k\"}\n";
        let lines: Vec<_> = lines("b.jsonl", input.as_bytes()).collect();
        assert_eq!(lines.len(), 2);
        let (n, first) = lines[0].as_ref().expect("line");
        let record = parse_record("b.jsonl", *n, first).expect("record");
        assert_eq!(record.id, "7");
        assert_eq!(record.raw_id, serde_json::json!(7));
        assert_eq!(record.text, "a\nb");
        let (n, second) = lines[1].as_ref().expect("line");
        let err = parse_record("b.jsonl", *n, second).unwrap_err().to_string();
        assert!(err.starts_with("b.jsonl:3: not a"), "{err}");
    }
}

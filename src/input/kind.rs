//! Which input format a file is, and its prose as a masked text.

use super::mask::{hide_comments, Masked, Masker};
use std::path::Path;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text (suppression comments are hidden).
    Text,
    Markdown,
    Html,
    /// A batch of `{"id", "text"}` records, one per line.
    Jsonl,
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" | "txt" => Ok(InputFormat::Text),
            "markdown" | "md" => Ok(InputFormat::Markdown),
            "html" => Ok(InputFormat::Html),
            "jsonl" => Ok(InputFormat::Jsonl),
            _ => Err(format!(
                "unknown input format `{s}` (text, markdown, html or jsonl)"
            )),
        }
    }
}

impl InputFormat {
    /// The format a path's extension implies; plain text when unknown.
    pub fn of_path(path: &Path) -> InputFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => InputFormat::Markdown,
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            Some("jsonl" | "ndjson") => InputFormat::Jsonl,
            _ => InputFormat::Text,
        }
    }

    /// The prose of `text` at its original offsets.
    pub fn mask(self, text: &str) -> Masked<'_> {
        match self {
            InputFormat::Markdown => super::markdown::mask(text),
            InputFormat::Html => super::html::mask(text),
            InputFormat::Text | InputFormat::Jsonl => {
                if text.contains("<!--") {
                    let mut masker = Masker::all_visible(text);
                    hide_comments(&mut masker, text);
                    masker.finish()
                } else {
                    Masked::plain(text)
                }
            }
        }
    }
}

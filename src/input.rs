//! Reading inputs: files, folders and standard input, each checked to be
//! non-empty UTF-8 text of a sane size before any rule sees it.

pub mod html;
pub mod jsonl;
mod kind;
pub mod markdown;
pub mod mask;

pub use kind::InputFormat;

use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused unless the limit is raised.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The largest limit `--max-file-size` takes (2 GiB - 1): token offsets are
/// 31-bit ([`crate::text::MAX_TOKENIZED_BYTES`]).
pub const MAX_TEXT_BYTES: u64 = crate::text::MAX_TOKENIZED_BYTES as u64;

/// Parses a `--max-file-size` value: bytes, at most [`MAX_TEXT_BYTES`].
pub fn parse_max_bytes(value: &str) -> Result<u64, String> {
    let bytes: u64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of bytes"))?;
    if bytes > MAX_TEXT_BYTES {
        return Err(format!(
            "mtlint checks texts of at most {MAX_TEXT_BYTES} bytes"
        ));
    }
    Ok(bytes)
}

/// File extensions picked up when walking a folder.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "jsonl"];

/// An input that cannot be checked. Each message names the input.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: binary file (NUL byte at byte {offset}), not text")]
    Binary { path: String, offset: usize },
    #[error("{path}:{line}: not valid UTF-8 (byte {offset}); convert the file to UTF-8")]
    Utf8 {
        path: String,
        line: usize,
        offset: usize,
    },
    #[error("{path}: empty input, nothing to check")]
    Empty { path: String },
    #[error(
        "{path}: {size} bytes is over the limit of {limit} bytes (raise it with --max-file-size)"
    )]
    TooLarge { path: String, size: u64, limit: u64 },
}

/// Expands folders into their `.txt` and `.md` files, sorted by path;
/// files named explicitly are kept whatever their extension.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| io_error(path, source))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn io_error(path: &Path, source: std::io::Error) -> InputError {
    InputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads one file as checked text.
pub fn read_file(path: &Path, limit: u64) -> Result<String, InputError> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(path, e))?
        .len();
    if size > limit {
        return Err(InputError::TooLarge {
            path: name,
            size,
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    decode(&name, bytes)
}

/// Reads standard input (or any reader) as checked text, up to `limit` bytes.
pub fn read_stream(name: &str, reader: impl Read, limit: u64) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(name, bytes)
}

/// Validates bytes as non-empty UTF-8 text.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let path = name.to_string();
    if let Some(offset) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(InputError::Binary { path, offset });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        InputError::Utf8 {
            path: path.clone(),
            line,
            offset,
        }
    })?;
    if text.trim().is_empty() {
        return Err(InputError::Empty { path });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_bytes() {
        assert!(matches!(
            decode("x", b"ab\0c".to_vec()),
            Err(InputError::Binary { offset: 2, .. })
        ));
        assert!(matches!(
            decode("x", b"a\n\xff".to_vec()),
            Err(InputError::Utf8 {
                line: 2,
                offset: 2,
                ..
            })
        ));
        assert!(matches!(
            decode("x", b" \n ".to_vec()),
            Err(InputError::Empty { .. })
        ));
        assert_eq!(decode("x", "é".as_bytes().to_vec()).unwrap(), "é");
    }

    #[test]
    fn stream_limit() {
        assert!(matches!(
            read_stream("-", &b"abcdef"[..], 3),
            Err(InputError::TooLarge { .. })
        ));
    }
}

//! A lazy, sorted walk of folders: yields files one at a time in path order
//! (the order of sorting all paths component by component), holding only the
//! entries of the folders on the current path. Hidden files and folders are
//! skipped and symbolic links to folders are not followed.

use crate::input::{InputError, TEXT_EXTENSIONS};
use std::path::{Path, PathBuf};

/// Files under a folder with a checked extension, in sorted path order.
pub struct Walk {
    /// Per open folder: its remaining entries, reversed (next one last).
    stack: Vec<Vec<PathBuf>>,
    /// An error to yield before going on (an unreadable folder).
    pending: Option<InputError>,
}

impl Walk {
    pub fn new(root: &Path) -> Walk {
        let mut walk = Walk {
            stack: Vec::new(),
            pending: None,
        };
        walk.open(root);
        walk
    }

    fn open(&mut self, dir: &Path) {
        let entries = std::fs::read_dir(dir).and_then(|it| {
            it.map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<PathBuf>, _>>()
        });
        match entries {
            Ok(mut entries) => {
                entries.sort_by(|a, b| b.file_name().cmp(&a.file_name()));
                self.stack.push(entries);
            }
            Err(source) => {
                self.pending = Some(InputError::Io {
                    path: dir.display().to_string(),
                    source,
                });
            }
        }
    }
}

/// Hidden files and folders (`.git`, `.cache`) are skipped when walking.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// True when a walked file should be checked.
pub fn is_checked_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl Iterator for Walk {
    type Item = Result<PathBuf, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(err) = self.pending.take() {
                return Some(Err(err));
            }
            let top = self.stack.last_mut()?;
            let Some(path) = top.pop() else {
                self.stack.pop();
                continue;
            };
            if is_hidden(&path) {
                continue;
            }
            // Symbolic links to folders are not followed (no cycles).
            let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
                self.open(&path);
            } else if is_checked_file(&path) {
                return Some(Ok(path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_in_sorted_path_order() {
        let root = std::env::temp_dir().join(format!("mtlint-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for p in [
            "b/z.txt",
            "b/a.md",
            "a.txt",
            "c.txt",
            "b.txt",
            "x.bin",
            ".git/x.md",
            ".h.txt",
        ] {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, "x").expect("write");
        }
        let found: Vec<String> = Walk::new(&root)
            .map(|p| {
                p.expect("ok")
                    .strip_prefix(&root)
                    .expect("prefix")
                    .display()
                    .to_string()
            })
            .collect();
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(found, ["a.txt", "b/a.md", "b/z.txt", "b.txt", "c.txt"]);
    }
}

//! `.mtlint.yaml`: per-project configuration, found from each file's folder upwards.
//!
//! The nearest `.mtlint.yaml` (or `.mtlint.yml`) between a file's folder and the
//! repository root (a folder holding `.git`) or the filesystem root applies to
//! that file; configurations are not merged (as in ruff). Paths in it (rule
//! folders, override globs) are relative to its folder.
//!
//! ```yaml
//! select: [punctuation, titles]        # ids, id prefixes or classes; empty = all
//! ignore: [boilerplate.rights-notice]
//! severity: { spacing: info }          # selector -> error | warning | info
//! rules: [house-rules/]                # extra rule folders
//! language: en                         # target language of the text
//! vocabulary: [Kharkov, "Foreign Minister"]   # never flagged
//! score_threshold: 80                  # for the quality score
//! overrides:
//!   - files: ["opinion/**"]            # globs (globset)
//!     ignore: [style]
//! ```

use crate::diagnostic::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod resolve;
mod vocabulary;

pub use resolve::{Profile, Resolver};
pub use vocabulary::Vocabulary;

/// File names searched for, in order, in each folder.
pub const CONFIG_NAMES: &[&str] = &[".mtlint.yaml", ".mtlint.yml"];

/// Languages that have rules.
pub const LANGUAGES: &[&str] = &["en"];

/// The rule settings that both the file and an override may give.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// `None`: not given (all rules, or the outer setting).
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Vec<Spanned<String>>,
    pub severity: BTreeMap<String, Spanned<Severity>>,
    pub vocabulary: Vec<String>,
}

/// One `overrides` entry: settings for files matching any glob.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub files: Vec<Spanned<String>>,
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default)]
    pub vocabulary: Vec<String>,
}

/// A `.mtlint.yaml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default)]
    pub vocabulary: Vec<String>,
    #[serde(default)]
    pub rules: Vec<Spanned<PathBuf>>,
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub score_threshold: Option<Spanned<f64>>,
    #[serde(default)]
    pub overrides: Vec<Override>,
}

impl ConfigFile {
    /// The file's top-level rule settings.
    pub fn settings(&self) -> RuleSettings {
        RuleSettings {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            vocabulary: self.vocabulary.clone(),
        }
    }
}

impl Override {
    /// Applies this override on top of `base`: select replaces, the rest extend.
    pub fn apply(&self, base: &mut RuleSettings) {
        if self.select.is_some() {
            base.select = self.select.clone();
        }
        base.ignore.extend(self.ignore.iter().cloned());
        base.severity.extend(self.severity.clone());
        base.vocabulary.extend(self.vocabulary.iter().cloned());
    }
}

/// A configuration that cannot be used; names the file, line and column.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read configuration: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: invalid configuration: {message}")]
    Invalid {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error(transparent)]
    Rules(#[from] crate::rules::LoadError),
    /// A bad `--select` or `--ignore` value.
    #[error("{0}")]
    CommandLine(String),
}

/// A parsed configuration file with its compiled override globs.
#[derive(Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub file: ConfigFile,
    /// One glob set per override, same order.
    pub globs: Vec<GlobSet>,
}

impl LoadedConfig {
    /// Reads and validates the syntax of a configuration file.
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        LoadedConfig::parse(&path, &text)
    }

    /// Parses configuration text read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<LoadedConfig, ConfigError> {
        let name = path.display().to_string();
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_saphyr::from_str(text).map_err(|err| {
                let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
                let message = crate::rules::load::first_line(&err.without_snippet().to_string());
                invalid(&name, line, column, message)
            })?
        };
        if let Some(lang) = &file.language {
            if !LANGUAGES.contains(&lang.value.as_str()) {
                return Err(at(
                    &name,
                    lang,
                    format!(
                        "no rules for language `{}` (available: {})",
                        lang.value,
                        LANGUAGES.join(", ")
                    ),
                ));
            }
        }
        if let Some(threshold) = &file.score_threshold {
            if !threshold.value.is_finite() || threshold.value < 0.0 {
                let message = "`score_threshold` is penalty points per 100 words, 0 or more";
                return Err(at(&name, threshold, message.to_string()));
            }
        }
        let globs = file
            .overrides
            .iter()
            .map(|o| glob_set(&name, &o.files))
            .collect::<Result<_, _>>()?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            file,
            globs,
        })
    }

    /// The folder paths in the file are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Indices of the overrides that apply to `file`.
    pub fn overrides_for(&self, file: &Path) -> Vec<usize> {
        let relative = file.strip_prefix(self.dir()).unwrap_or(file);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        self.globs
            .iter()
            .enumerate()
            .filter(|(_, g)| g.is_match(relative))
            .map(|(i, _)| i)
            .collect()
    }
}

fn glob_set(file: &str, globs: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let compiled = Glob::new(&glob.value).map_err(|e| {
            at(
                file,
                glob,
                format!("bad glob `{}`: {}", glob.value, e.kind()),
            )
        })?;
        builder.add(compiled);
    }
    builder
        .build()
        .map_err(|e| invalid(file, 0, 0, format!("bad globs: {e}")))
}

pub(crate) fn invalid(file: &str, line: u64, column: u64, message: String) -> ConfigError {
    ConfigError::Invalid {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// An error at a spanned value.
pub(crate) fn at<T>(file: &str, value: &Spanned<T>, message: String) -> ConfigError {
    invalid(
        file,
        value.referenced.line(),
        value.referenced.column(),
        message,
    )
}

/// The nearest configuration file for a file or folder, searching upwards.
pub fn find_config(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The effective configuration for one path, as `mtlint config` prints it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Effective {
    /// The configuration file in force, if any.
    pub config: Option<String>,
    /// The globs of the overrides that apply.
    pub overrides: Vec<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub rules: Vec<String>,
    pub language: String,
    pub vocabulary: Vec<String>,
    pub score_threshold: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_names_line_and_column() {
        let err = LoadedConfig::parse(Path::new("c.yaml"), "select: [x]\ncolour: red\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c.yaml:2:1: invalid configuration: unknown field `colour`"),
            "{err}"
        );
    }

    #[test]
    fn bad_glob_and_language() {
        let err = LoadedConfig::parse(Path::new("c.yaml"), "overrides:\n  - files: ['a[']\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c.yaml:2:13: invalid configuration: bad glob"),
            "{err}"
        );
        let err = LoadedConfig::parse(Path::new("c.yaml"), "language: fr\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.yaml:1:11:"), "{err}");
    }

    #[test]
    fn overrides_match_relative_paths() {
        let yaml = "overrides:\n  - files: ['opinion/**']\n    ignore: [style]\n";
        let config = LoadedConfig::parse(Path::new("/p/.mtlint.yaml"), yaml).expect("parses");
        assert_eq!(config.overrides_for(Path::new("/p/opinion/a.md")), [0]);
        assert!(config.overrides_for(Path::new("/p/news/a.md")).is_empty());
    }
}

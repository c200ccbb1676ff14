//! The one diagnostic type every rule produces and every emitter reads.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte range `start..end` into the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// The text this span covers in `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The same span moved `by` bytes to the right.
    pub fn shift(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The kind of translation artefact a rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Pronoun,
    Name,
    Title,
    Spacing,
    Punctuation,
    Untranslated,
    Boilerplate,
    Style,
}

impl Class {
    pub const ALL: [Class; 8] = [
        Class::Pronoun,
        Class::Name,
        Class::Title,
        Class::Spacing,
        Class::Punctuation,
        Class::Untranslated,
        Class::Boilerplate,
        Class::Style,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Pronoun => "pronoun",
            Class::Name => "name",
            Class::Title => "title",
            Class::Spacing => "spacing",
            Class::Punctuation => "punctuation",
            Class::Untranslated => "untranslated",
            Class::Boilerplate => "boilerplate",
            Class::Style => "style",
        }
    }
    /// Parses a class name as written in rule files and on the command line.
    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A proposed replacement for a finding's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The text to put in place of the span (empty: delete it).
    pub replacement: String,
    /// Whether `mtlint fix` may apply it without a human looking.
    pub safe: bool,
}

impl Suggestion {
    /// What to do, for a reader: "delete it" or "replace with “…”".
    pub fn describe(&self) -> String {
        if self.replacement.is_empty() {
            "delete it".to_string()
        } else {
            format!("replace with “{}”", self.replacement)
        }
    }
}

/// One artefact found in one text: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable dotted rule id, e.g. `punctuation.stray-sentence-break`.
    pub rule: String,
    pub class: Class,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub suggestions: Vec<Suggestion>,
}

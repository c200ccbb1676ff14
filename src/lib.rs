//! mtlint: checks machine-translated English news for translation artefacts.
//!
//! [`check::check_text`] checks one text. [`pipeline`] checks many inputs
//! (files, folders, JSONL batches) in parallel with their `.mtlint.yaml`
//! ([`config`]), input format ([`input`]) and suppression comments
//! ([`suppress`]), and hands each report to one of the [`render`] emitters;
//! `main.rs` is a thin command line over it.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod entities;
pub mod fix;
pub mod input;
pub mod lexicon;
pub mod pipeline;
pub mod render;
pub mod rules;
pub mod score;
pub mod suppress;
pub mod text;
pub mod walk;

pub use check::{check_text, CheckOptions};
pub use diagnostic::{Class, Finding, Severity, Span, Suggestion};
pub use rules::RuleSet;

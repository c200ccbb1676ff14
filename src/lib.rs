//! mtlint: checks machine-translated English news for translation artefacts.
//!
//! The library has no I/O of its own beyond reading rule folders: the CLI in
//! `main.rs` reads inputs, calls [`check::check_text`], and hands the findings
//! to one of the [`render`] emitters.

pub mod check;
pub mod diagnostic;
pub mod entities;
pub mod fix;
pub mod input;
pub mod lexicon;
pub mod render;
pub mod rules;
pub mod score;
pub mod text;

pub use check::{check_text, CheckOptions};
pub use diagnostic::{Class, Finding, Severity, Span, Suggestion};
pub use rules::RuleSet;

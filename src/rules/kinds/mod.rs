//! One module per rule kind. Each compiles its YAML block into a [`Check`](super::Check).

pub mod balance;
pub mod boilerplate;
pub mod doubled_subject;
pub mod glued;
pub mod language;
pub mod lazy_regex;
pub mod name_consistency;
pub mod office_titles;
pub mod pattern;
pub mod person_which;
pub mod pronoun_gender;
pub mod repetition;
pub mod script;
pub mod substitution;
pub mod unit_filter;
pub mod variants;

use super::load::{boxed, CompileContext, CompiledKind};
use super::spec::RuleSpec;
use regex::Regex;

/// The kind blocks a rule may carry, as named in YAML.
pub const NAMES: &[&str] = &[
    "pattern",
    "substitution",
    "boilerplate",
    "balance",
    "glued-words",
    "repetition",
    "script",
    "language",
    "pronoun-gender",
    "person-which",
    "doubled-subject",
    "variants",
    "name-consistency",
    "office-titles",
];

/// Compiles the entity kinds (those that use the gazetteer) a rule carries.
pub(crate) fn compile_entity_kinds(spec: &RuleSpec, context: &CompileContext) -> Vec<CompiledKind> {
    // Only a rule of these kinds makes the gazetteer be read.
    let gazetteer = || context.gazetteer();
    let mut compiled = Vec::new();
    if let Some(v) = &spec.variants {
        compiled.push(boxed(
            "variants",
            variants::Variants::compile(v, gazetteer()),
        ));
    }
    if let Some(n) = &spec.name_consistency {
        compiled.push(boxed(
            "name-consistency",
            name_consistency::NameConsistency::compile(n, gazetteer()),
        ));
    }
    if let Some(s) = &spec.pronoun_gender {
        compiled.push(boxed(
            "pronoun-gender",
            pronoun_gender::PronounGender::compile(s, gazetteer()),
        ));
    }
    if let Some(s) = &spec.person_which {
        compiled.push(boxed(
            "person-which",
            person_which::PersonWhich::compile(s, gazetteer()),
        ));
    }
    if let Some(s) = &spec.doubled_subject {
        compiled.push(boxed(
            "doubled-subject",
            doubled_subject::DoubledSubject::compile(s, gazetteer()),
        ));
    }
    if let Some(o) = &spec.office_titles {
        compiled.push(boxed(
            "office-titles",
            office_titles::OfficeTitles::compile(o, gazetteer()),
        ));
    }
    compiled
}

/// Compiles a rule regex. `\b` and `\B` are made ASCII-only (`(?-u:\b)`): the
/// Unicode forms disable the fast matcher on text with curly quotes.
pub fn compile_regex(source: &str) -> Result<Regex, String> {
    Regex::new(&ascii_word_boundaries(source)).map_err(|e| format!("bad regex {source:?}: {e}"))
}

pub(crate) fn ascii_word_boundaries(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// True when `c` joins a word (so a match next to it is not at a word boundary).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `start..end` of `text` begins and ends at word boundaries.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let open = !(before.is_some_and(is_word_char) && first.is_some_and(is_word_char));
    let close = !(after.is_some_and(is_word_char) && last.is_some_and(is_word_char));
    open && close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(
            ascii_word_boundaries(r"\bthe\B\\b\."),
            r"(?-u:\b)the(?-u:\B)\\b\."
        );
    }

    #[test]
    fn boundaries_in_code() {
        assert!(at_word_boundaries("a cat.", 2, 5));
        assert!(!at_word_boundaries("concat", 3, 6));
        assert!(at_word_boundaries("Erdoğan’s", 0, "Erdoğan".len()));
    }
}

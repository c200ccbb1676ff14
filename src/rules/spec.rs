//! The rule file format, exactly as written in YAML. Unknown fields are errors.
//!
//! A rule names its kind by the one kind-specific block it carries
//! (`pattern:`, `substitution:`, `boilerplate:`, `balance:`), so a
//! misspelt kind is reported like any unknown field, with its position.

use crate::diagnostic::{Class, Severity};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// One YAML rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub rules: Vec<RuleSpec>,
}

/// One rule: the fields every kind shares, then exactly one kind block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub class: Class,
    pub severity: Severity,
    /// One line for `mtlint rules`.
    pub description: String,
    /// Shown with each finding; may use `$name` variables of the kind.
    pub message: String,
    /// Replacement templates (the substitution kind brings its own).
    #[serde(default)]
    pub suggest: Vec<String>,
    /// Whether the suggestions may be applied without review.
    #[serde(default)]
    pub safe: bool,
    pub examples: Option<ExamplesSpec>,
    pub pattern: Option<PatternSpec>,
    pub substitution: Option<SubstitutionSpec>,
    pub boilerplate: Option<BoilerplateSpec>,
    pub balance: Option<BalanceSpec>,
    #[serde(rename = "glued-words")]
    pub glued_words: Option<super::kinds::glued::GluedWordsSpec>,
    pub repetition: Option<super::kinds::repetition::RepetitionSpec>,
    pub script: Option<super::kinds::script::ScriptSpec>,
    pub language: Option<super::kinds::language::LanguageSpec>,
    #[serde(rename = "pronoun-gender")]
    pub pronoun_gender: Option<crate::rules::kinds::pronoun_gender::PronounGenderSpec>,
    #[serde(rename = "person-which")]
    pub person_which: Option<crate::rules::kinds::person_which::PersonWhichSpec>,
    #[serde(rename = "doubled-subject")]
    pub doubled_subject: Option<crate::rules::kinds::doubled_subject::DoubledSubjectSpec>,
    pub variants: Option<super::kinds::variants::VariantsSpec>,
    #[serde(rename = "name-consistency")]
    pub name_consistency: Option<super::kinds::name_consistency::NameConsistencySpec>,
    #[serde(rename = "office-titles")]
    pub office_titles: Option<super::kinds::office_titles::OfficeTitlesSpec>,
}

/// Texts the rule must flag (flagged parts marked `[[like this]]`) and must not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// The text unit a pattern runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Token,
    #[default]
    Sentence,
    Paragraph,
    Line,
    Document,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// A regex; a group named `flag` narrows the flagged span.
    pub regex: String,
    #[serde(default)]
    pub scope: Scope,
    /// Hits are dropped when any of these conditions holds.
    #[serde(default)]
    pub unless: Vec<ConditionSpec>,
}

/// A condition on one capture group of a pattern hit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// Group name or number (default: the flagged text).
    pub group: Option<String>,
    /// The group's text is one of these words (case-insensitive).
    #[serde(default, rename = "in")]
    pub in_list: Vec<String>,
    /// The group's text matches this regex.
    pub matches: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseMode {
    /// Entries match only as written.
    #[default]
    Sensitive,
    /// ASCII letters match in any case; the replacement follows the text's case.
    Insensitive,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionSpec {
    /// wrong → right. The finding covers only the words that differ.
    pub table: BTreeMap<String, String>,
    #[serde(default)]
    pub case: CaseMode,
    /// The match must follow one of these words or phrases.
    #[serde(default)]
    pub preceded_by: Vec<String>,
    /// The match must be followed by one of these.
    #[serde(default)]
    pub followed_by: Vec<String>,
    /// The match must not follow any of these.
    #[serde(default)]
    pub unless_preceded_by: Vec<String>,
    /// The match must not be followed by any of these.
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
}

/// Where in the article boilerplate lines are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Start,
    End,
    #[default]
    Anywhere,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateSpec {
    #[serde(default)]
    pub zone: Zone,
    /// How many non-blank lines from the zone's edge are looked at.
    pub within: Option<usize>,
    /// Whole lines, compared without case, surrounding space or final punctuation.
    #[serde(default)]
    pub lines: Vec<String>,
    /// Regexes matched against the trimmed line; a `flag` group narrows the span.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Also flag the rest of the paragraph after the matched line (a list under a heading).
    #[serde(default)]
    pub list: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceSpec {
    /// Two-character strings: opener then closer, e.g. "()" or "“”".
    #[serde(default)]
    pub pairs: Vec<String>,
    /// Straight marks that open or close a pair by position, e.g. `'"': "“”"`:
    /// after a space or at the start they open, elsewhere they close.
    #[serde(default)]
    pub straight: BTreeMap<String, String>,
}

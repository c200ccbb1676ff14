//! The JSON API behind the editor page: check, apply one suggestion, apply
//! every safe fix. Offsets are UTF-16 code units, i.e. JavaScript string
//! indices. Applying reuses `mtlint::fix` (the `fix` command's logic).

use super::utf16::Utf16Map;
use mtlint::fix::{self, Edit};
use mtlint::score::{Quality, ScoreConfig};
use mtlint::{check_text, CheckOptions, Finding, RuleSet};
use serde::{Deserialize, Serialize};

/// `POST /mtlint/check` and `/mtlint/fix`.
#[derive(Deserialize)]
pub struct TextRequest {
    pub text: String,
}

/// `POST /mtlint/apply`: suggestion `suggestion` of finding `finding` of `text`.
#[derive(Deserialize)]
pub struct ApplyRequest {
    pub text: String,
    pub finding: usize,
    pub suggestion: usize,
}

#[derive(Serialize)]
struct PageFinding<'a> {
    rule: &'a str,
    class: &'static str,
    severity: &'static str,
    message: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    suggestions: Vec<PageSuggestion<'a>>,
}

#[derive(Serialize)]
struct PageSuggestion<'a> {
    value: &'a str,
    safe: bool,
}

/// The findings of a text and its score, as the page shows them.
#[derive(Serialize)]
pub struct CheckResult<'a> {
    findings: Vec<PageFinding<'a>>,
    quality: Quality,
    /// How many findings `fix` would apply now.
    safe_fixes: usize,
}

/// Findings of `text` with UTF-16 offsets, and its quality score.
pub fn check_result<'a>(
    text: &'a str,
    findings: &'a [Finding],
    score: &ScoreConfig,
) -> CheckResult<'a> {
    let map = Utf16Map::new(
        text,
        findings.iter().flat_map(|f| [f.span.start, f.span.end]),
    );
    CheckResult {
        findings: findings
            .iter()
            .map(|f| PageFinding {
                rule: &f.rule,
                class: f.class.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                start: map.get(f.span.start),
                end: map.get(f.span.end),
                text: f.span.of(text),
                suggestions: f
                    .suggestions
                    .iter()
                    .map(|s| PageSuggestion {
                        value: &s.replacement,
                        safe: s.safe,
                    })
                    .collect(),
            })
            .collect(),
        quality: Quality::of(text, findings, score),
        safe_fixes: fix::plan(findings).len(),
    }
}

/// The body of `POST /mtlint/check`.
pub fn check(rules: &RuleSet, score: &ScoreConfig, text: &str) -> String {
    let findings = check_text(rules, text, &CheckOptions::default());
    json(&check_result(text, &findings, score))
}

#[derive(Serialize)]
struct Applied<'a> {
    /// The new text.
    text: &'a str,
    /// The edit in the old text (UTF-16): the page replaces just this range.
    start: usize,
    end: usize,
    replacement: &'a str,
    check: CheckResult<'a>,
}

/// The body of `POST /mtlint/apply`, or `None` when the finding or suggestion
/// no longer exists (the text changed since it was checked).
pub fn apply(rules: &RuleSet, score: &ScoreConfig, request: &ApplyRequest) -> Option<String> {
    let findings = check_text(rules, &request.text, &CheckOptions::default());
    let finding = findings.get(request.finding)?;
    let suggestion = finding.suggestions.get(request.suggestion)?;
    let edit = Edit {
        rule: finding.rule.clone(),
        span: finding.span,
        replacement: suggestion.replacement.clone(),
    };
    let fixed = fix::apply(&request.text, std::slice::from_ref(&edit));
    let map = Utf16Map::new(&request.text, [edit.span.start, edit.span.end]);
    let new_findings = check_text(rules, &fixed, &CheckOptions::default());
    Some(json(&Applied {
        text: &fixed,
        start: map.get(edit.span.start),
        end: map.get(edit.span.end),
        replacement: &edit.replacement,
        check: check_result(&fixed, &new_findings, score),
    }))
}

#[derive(Serialize)]
struct Fixed<'a> {
    text: &'a str,
    edits: usize,
    check: CheckResult<'a>,
}

/// The body of `POST /mtlint/fix`: every safe fix applied, as `mtlint fix` does.
pub fn fix_all(rules: &RuleSet, score: &ScoreConfig, text: &str) -> String {
    let outcome = fix::fix_text(rules, text, &CheckOptions::default());
    let findings = check_text(rules, &outcome.text, &CheckOptions::default());
    json(&Fixed {
        text: &outcome.text,
        edits: outcome.edits(),
        check: check_result(&outcome.text, &findings, score),
    })
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

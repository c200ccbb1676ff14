//! `mtlint fix`: applies every safe suggestion, touching only the findings' spans.
//!
//! A finding is fixable when it has exactly one suggestion and its rule marks
//! it `safe: true` (a choice between several suggestions needs a person).
//! Overlaps are resolved deterministically: fixes are taken in order of span
//! start, the longer span first at the same start, then by rule id; a fix that
//! overlaps one already taken (or inserts at the same point) waits. The fixed
//! text is checked again and the waiting or newly exposed safe fixes are
//! applied in the next pass, up to [`MAX_PASSES`] passes.

use crate::check::{check_text, CheckOptions};
use crate::diagnostic::{Finding, Span};
use crate::rules::RuleSet;
use std::cmp::Reverse;

/// Passes of check-then-fix before giving up on reaching a fixed point.
pub const MAX_PASSES: usize = 8;

/// One replacement applied to the text of its pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub rule: String,
    /// The finding's span in the text of the pass that applied it.
    pub span: Span,
    pub replacement: String,
}

/// The fixed text and every edit made, pass by pass.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    pub passes: Vec<Vec<Edit>>,
}

impl FixOutcome {
    /// How many edits were applied in all.
    pub fn edits(&self) -> usize {
        self.passes.iter().map(Vec::len).sum()
    }
    /// The ids of the rules whose fixes were applied, sorted, without repeats.
    pub fn rules(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .passes
            .iter()
            .flatten()
            .map(|e| e.rule.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The replacement `mtlint fix` would apply for a finding, if it is safe.
pub fn safe_replacement(finding: &Finding) -> Option<&str> {
    match finding.suggestions.as_slice() {
        [only] if only.safe => Some(only.replacement.as_str()),
        _ => None,
    }
}

fn conflicts(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Picks the non-overlapping safe edits of one pass, in the documented order.
pub fn plan(findings: &[Finding]) -> Vec<Edit> {
    let mut candidates: Vec<(&Finding, &str)> = findings
        .iter()
        .filter_map(|f| safe_replacement(f).map(|r| (f, r)))
        .filter(|(f, r)| !f.span.is_empty() || !r.is_empty())
        .collect();
    candidates.sort_by_key(|(f, _)| (f.span.start, Reverse(f.span.end), f.rule.as_str()));
    let mut chosen: Vec<Edit> = Vec::new();
    for (finding, replacement) in candidates {
        if chosen.iter().any(|e| conflicts(e.span, finding.span)) {
            continue;
        }
        chosen.push(Edit {
            rule: finding.rule.clone(),
            span: finding.span,
            replacement: replacement.to_string(),
        });
    }
    chosen
}

/// Applies non-overlapping edits sorted by start to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Fixes `text` with the enabled rules until no safe fix is left (or [`MAX_PASSES`]).
pub fn fix_text(rules: &RuleSet, text: &str, options: &CheckOptions) -> FixOutcome {
    fix_with(text, |current| check_text(rules, current, options))
}

/// Like [`fix_text`], with the findings of each pass from `findings_of` (for
/// example the CI pipeline: configuration, Markdown/HTML prose, suppressions).
pub fn fix_with(text: &str, mut findings_of: impl FnMut(&str) -> Vec<Finding>) -> FixOutcome {
    let mut current = text.to_string();
    let mut passes = Vec::new();
    for _ in 0..MAX_PASSES {
        let edits = plan(&findings_of(&current));
        if edits.is_empty() {
            break;
        }
        current = apply(&current, &edits);
        passes.push(edits);
    }
    FixOutcome {
        text: current,
        passes,
    }
}

/// A unified diff (3 lines of context) from `old` to `new`, empty when equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Class, Severity, Suggestion};

    fn finding(rule: &str, start: usize, end: usize, to: &str, safe: bool) -> Finding {
        Finding {
            rule: rule.into(),
            class: Class::Spacing,
            severity: Severity::Warning,
            message: String::new(),
            span: Span::new(start, end),
            suggestions: vec![Suggestion {
                replacement: to.into(),
                safe,
            }],
        }
    }

    #[test]
    fn applies_only_safe_single_suggestions() {
        let text = "abcdef";
        let mut two = finding("c.two", 4, 5, "E", true);
        two.suggestions.push(two.suggestions[0].clone());
        let findings = [
            finding("a.safe", 0, 1, "A", true),
            finding("b.unsafe", 2, 3, "C", false),
            two,
        ];
        assert_eq!(apply(text, &plan(&findings)), "Abcdef");
    }

    #[test]
    fn overlaps_prefer_earlier_then_longer_then_rule_id() {
        let findings = [
            finding("z.inner", 1, 3, "X", true),
            finding("b.outer", 0, 4, "Y", true),
            finding("a.outer", 0, 4, "Z", true),
            finding("c.after", 4, 5, "W", true),
        ];
        let edits = plan(&findings);
        let rules: Vec<&str> = edits.iter().map(|e| e.rule.as_str()).collect();
        assert_eq!(rules, ["a.outer", "c.after"]);
        assert_eq!(apply("abcdef", &edits), "ZWf");
    }

    #[test]
    fn insertions_at_one_point_do_not_both_apply() {
        let findings = [
            finding("a.one", 2, 2, " ", true),
            finding("b.two", 2, 2, "-", true),
        ];
        assert_eq!(apply("abcd", &plan(&findings)), "ab cd");
    }

    #[test]
    fn diff_is_empty_for_equal_texts() {
        assert_eq!(unified_diff("x", "a\n", "a\n"), "");
        assert!(unified_diff("x", "a\n", "b\n").contains("-a\n+b\n"));
    }
}

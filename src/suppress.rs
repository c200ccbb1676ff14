//! Suppression comments in the checked text.
//!
//! - `<!-- mtlint-disable RULE -->` … `<!-- mtlint-enable RULE -->`: no RULE
//!   finding starts in between (to the end of the text if never enabled);
//! - `<!-- mtlint-disable-next-line RULE -->`: none on the next line.
//!
//! RULE is optional (all rules) and may be several ids, id prefixes or classes,
//! as for `--select`, separated by spaces or commas. `mtlint-enable` without a
//! rule ends every open region. Comments are hidden from the rules in every
//! input format. A suppression that hid nothing can be reported as a finding
//! of the rule [`UNUSED_RULE`] (`--report-unused-suppressions`).

use crate::check::Selector;
use crate::diagnostic::{Class, Finding, Severity, Span};
use crate::rules::RuleSet;
use crate::text::LineIndex;
use regex::Regex;
use std::sync::OnceLock;

/// The id of findings that report unused suppressions.
pub const UNUSED_RULE: &str = "suppression.unused";

/// A directive that names an unknown rule; `offset` is its byte offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SuppressError {
    pub offset: usize,
    pub message: String,
}

/// One suppression comment.
#[derive(Debug, Clone)]
struct Directive {
    /// The comment's span.
    span: Span,
    /// The rules as written (empty: all).
    rules: String,
}

/// A range in which findings of some rules are suppressed.
#[derive(Debug, Clone)]
struct Region {
    /// `None`: every rule.
    selector: Option<Selector>,
    span: Span,
    directive: usize,
}

/// The suppressions of one text.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    regions: Vec<Region>,
}

fn directive_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"<!--\s*mtlint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
            .expect("directive pattern compiles")
    })
}

impl Suppressions {
    /// Finds every directive in `text` that starts where `in_comment` says a
    /// comment is (not in code); rule names are checked against `rules`.
    pub fn parse(
        text: &str,
        rules: &RuleSet,
        in_comment: impl Fn(usize) -> bool,
    ) -> Result<Suppressions, SuppressError> {
        let mut out = Suppressions::default();
        if !text.contains("mtlint-") {
            return Ok(out);
        }
        let lines = LineIndex::new(text);
        // Open disable regions: (rule as written, region index).
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        for caps in directive_pattern().captures_iter(text) {
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            let span = Span::new(whole.start, whole.end);
            if !in_comment(span.start) {
                continue;
            }
            let names: Vec<&str> = caps
                .get(2)
                .map_or("", |m| m.as_str())
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .collect();
            match caps.get(1).map_or("", |m| m.as_str()) {
                "enable" => out.close(&mut open, &names, span.start),
                "disable" => {
                    let region = Span::new(span.end, text.len());
                    let opened = out.add(rules, span, &names, region)?;
                    open.extend(opened);
                }
                _ => {
                    let region = next_line(text, &lines, span.end);
                    out.add(rules, span, &names, region)?;
                }
            }
        }
        Ok(out)
    }

    /// Adds a directive and one region per rule it names (or one for all);
    /// returns (rule, region index) of each region.
    fn add(
        &mut self,
        rules: &RuleSet,
        span: Span,
        names: &[&str],
        region: Span,
    ) -> Result<Vec<(Option<String>, usize)>, SuppressError> {
        let directive = self.directives.len();
        self.directives.push(Directive {
            span,
            rules: names.join(" "),
        });
        let mut selectors: Vec<(Option<String>, Option<Selector>)> = Vec::new();
        for name in names {
            let selector = Selector::parse(rules, name).map_err(|message| SuppressError {
                offset: span.start,
                message: format!("suppression comment: {message}"),
            })?;
            selectors.push((Some(name.to_string()), Some(selector)));
        }
        if selectors.is_empty() {
            selectors.push((None, None));
        }
        let mut opened = Vec::new();
        for (name, selector) in selectors {
            opened.push((name, self.regions.len()));
            self.regions.push(Region {
                selector,
                span: region,
                directive,
            });
        }
        Ok(opened)
    }

    /// Ends the open regions an enable directive at `at` names (all without names).
    fn close(&mut self, open: &mut Vec<(Option<String>, usize)>, names: &[&str], at: usize) {
        open.retain(|(name, region)| {
            let closes = names.is_empty() || name.as_deref().is_some_and(|n| names.contains(&n));
            if closes {
                self.regions[*region].span.end = at;
            }
            !closes
        });
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Removes suppressed findings; with `report_unused`, adds a finding for
    /// each directive that suppressed nothing. Keeps the order by position.
    pub fn apply(&self, findings: &mut Vec<Finding>, report_unused: bool) {
        if self.is_empty() {
            return;
        }
        let mut used = vec![false; self.directives.len()];
        findings.retain(|f| {
            let mut keep = true;
            for region in &self.regions {
                let inside = region.span.start <= f.span.start
                    && f.span.start < region.span.end.max(region.span.start + 1);
                let applies = region
                    .selector
                    .as_ref()
                    .is_none_or(|s| s.matches_id(&f.rule, f.class));
                if inside && applies {
                    used[region.directive] = true;
                    keep = false;
                }
            }
            keep
        });
        if report_unused {
            for (directive, _) in self.directives.iter().zip(&used).filter(|(_, u)| !**u) {
                findings.push(unused_finding(directive));
            }
            findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        }
    }
}

/// The span of the line after the one holding `offset`.
fn next_line(text: &str, lines: &LineIndex, offset: usize) -> Span {
    let line = lines.line_col(text, offset).line;
    let after = text[offset..].find('\n').map(|i| offset + i + 1);
    match after {
        Some(start) if start < text.len() => lines.line_span(text, line + 1),
        _ => Span::new(text.len(), text.len()),
    }
}

fn unused_finding(directive: &Directive) -> Finding {
    let what = if directive.rules.is_empty() {
        "any rule".to_string()
    } else {
        format!("`{}`", directive.rules)
    };
    Finding {
        rule: UNUSED_RULE.to_string(),
        class: Class::Style,
        severity: Severity::Warning,
        message: format!("Unused suppression: no finding of {what} was hidden by it"),
        span: directive.span,
        suggestions: vec![crate::diagnostic::Suggestion {
            replacement: String::new(),
            safe: false,
        }],
    }
}

//! An article's text as HTML with every finding marked at its exact span.
//!
//! Findings may overlap or cross. Marks nest when they can; when two cross,
//! the inner one is closed at the outer one's end and reopened as a
//! continuation piece (`class="… cont"`, same `data-f`), so the pieces of one
//! finding always cover exactly its span. The first piece carries the id, the
//! tab stop and the ARIA description; an empty span becomes an empty mark.

use super::escape::escape_into;
use crate::diagnostic::Finding;
use std::cmp::Reverse;
use std::fmt::Write;

/// Ids for the marks of one article: finding `k` (0-based) is `f-{article}-{k+1}`.
pub struct MarkIds {
    pub article: usize,
}

impl MarkIds {
    pub fn mark(&self, k: usize) -> String {
        format!("f-{}-{}", self.article, k + 1)
    }
    pub fn item(&self, k: usize) -> String {
        format!("l-{}-{}", self.article, k + 1)
    }
}

fn open_mark(out: &mut String, finding: &Finding, k: usize, ids: &MarkIds, first: bool) {
    let class = finding.class.as_str();
    let severity = finding.severity.as_str();
    let id = ids.mark(k);
    if first {
        let _ = write!(
            out,
            "<mark class=\"m c-{class} s-{severity}{}\" id=\"{id}\" data-f=\"{id}\" data-badge=\"{}\" tabindex=\"0\" aria-describedby=\"{}\">",
            if finding.span.is_empty() { " empty" } else { "" },
            super::class_badge(finding.class),
            ids.item(k)
        );
    } else {
        let _ = write!(
            out,
            "<mark class=\"m c-{class} s-{severity} cont\" data-f=\"{id}\">"
        );
    }
}

/// Appends `text` with `findings` marked; findings whose span is not a valid
/// range of `text` are left out.
pub fn render_marked(out: &mut String, text: &str, findings: &[Finding], ids: &MarkIds) {
    let valid =
        |f: &Finding| f.span.start <= f.span.end && text.get(f.span.start..f.span.end).is_some();
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&k| valid(&findings[k]))
        .collect();
    order.sort_by_key(|&k| (findings[k].span.start, Reverse(findings[k].span.end), k));
    let mut bounds: Vec<usize> = order
        .iter()
        .flat_map(|&k| [findings[k].span.start, findings[k].span.end])
        .chain([text.len()])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();

    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0; // index into `order` of the next finding to open
    let mut pos = 0;
    for at in bounds {
        escape_into(out, &text[pos..at]);
        pos = at;
        close_ending(out, &mut stack, findings, at, ids);
        while let Some(&k) = order.get(next) {
            if findings[k].span.start != at {
                break;
            }
            next += 1;
            open_mark(out, &findings[k], k, ids, true);
            if findings[k].span.is_empty() {
                out.push_str("</mark>");
            } else {
                stack.push(k);
            }
        }
    }
    for _ in stack {
        out.push_str("</mark>"); // unreachable for valid spans; keeps the HTML balanced
    }
}

/// Closes every open mark that ends at `at`, reopening the ones inside it that go on.
fn close_ending(
    out: &mut String,
    stack: &mut Vec<usize>,
    findings: &[Finding],
    at: usize,
    ids: &MarkIds,
) {
    let mut reopen = Vec::new();
    while stack.iter().any(|&k| findings[k].span.end <= at) {
        let Some(k) = stack.pop() else { break };
        out.push_str("</mark>");
        if findings[k].span.end > at {
            reopen.push(k);
        }
    }
    for k in reopen.into_iter().rev() {
        open_mark(out, &findings[k], k, ids, false);
        stack.push(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Class, Severity, Span};

    fn finding(start: usize, end: usize) -> Finding {
        Finding {
            rule: "x.y".into(),
            class: Class::Name,
            severity: Severity::Error,
            message: String::new(),
            span: Span::new(start, end),
            suggestions: vec![],
        }
    }

    fn marked(text: &str, findings: &[Finding]) -> String {
        let mut out = String::new();
        render_marked(&mut out, text, findings, &MarkIds { article: 1 });
        // Shorten the attributes so the structure is readable.
        let re = regex::Regex::new(
            r#"<mark class="m c-name s-error( cont| empty)?"[^>]*data-f="f-1-(\d+)"[^>]*>"#,
        )
        .unwrap();
        re.replace_all(&out, |c: &regex::Captures| {
            let kind = match c.get(1).map(|m| m.as_str()) {
                Some(" cont") => "+",
                Some(" empty") => "0",
                _ => "",
            };
            format!("[{kind}{}", &c[2])
        })
        .replace("</mark>", "]")
    }

    #[test]
    fn nested_and_crossing_spans() {
        // "abcdef": 1 = b..e, 2 = c..d inside it, 3 = d..f crossing 1.
        let findings = [finding(1, 4), finding(2, 3), finding(3, 6)];
        assert_eq!(marked("abcdef", &findings), "a[1b[2c][3d]][+3ef]");
        // The pieces of 3 cover "d" and "ef": exactly its span "def".
    }

    #[test]
    fn same_start_longer_outside_and_empty_spans() {
        let findings = [finding(0, 2), finding(0, 4), finding(4, 4)];
        assert_eq!(marked("abcdef", &findings), "[2[1ab]cd][03]ef");
    }

    #[test]
    fn text_is_escaped_and_bad_spans_dropped() {
        let findings = [finding(3, 4), finding(5, 99)];
        assert_eq!(marked("<a>&\"'", &findings), "&lt;a&gt;[1&amp;]&quot;&#39;");
    }
}

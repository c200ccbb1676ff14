use super::*;
use crate::diagnostic::{Span, Suggestion};

fn finding(rule: &str, class: Class, severity: Severity, start: usize, end: usize) -> Finding {
    Finding {
        rule: rule.into(),
        class,
        severity,
        message: format!("<{rule}> & \"message\""),
        span: Span::new(start, end),
        suggestions: vec![Suggestion {
            replacement: "<b>".into(),
            safe: true,
        }],
    }
}

fn page(reports: Vec<FileReport>) -> String {
    let mut html = Html::new("T <&>");
    let mut summary = Summary::default();
    let mut out = Vec::new();
    for report in &reports {
        summary.add(report);
        html.file(&mut out, report).unwrap();
    }
    html.finish(&mut out, &summary).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn page_is_self_contained_and_escaped() {
    let text = "A <script>alert(1)</script> & more.";
    let report = FileReport::new(
        "a<b>.txt".into(),
        text.into(),
        vec![finding("x.one", Class::Name, Severity::Error, 2, 10)],
    );
    let html = page(vec![report]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>alert"), "text not escaped");
    assert!(html.contains("&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; more."));
    assert!(html.contains("a&lt;b&gt;.txt") && html.contains("<title>T &lt;&amp;&gt;</title>"));
    assert!(html.contains("&lt;x.one&gt; &amp; &quot;message&quot;"));
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert_eq!(html.matches("<script>").count(), 1);
    assert_eq!(html.matches("<style>").count(), 1);
}

#[test]
fn every_finding_has_a_mark_a_list_item_and_a_link() {
    let text = "Alpha beta gamma delta.";
    let findings = vec![
        finding("x.one", Class::Name, Severity::Error, 0, 10),
        finding("x.two", Class::Title, Severity::Warning, 6, 16),
        finding("x.three", Class::Spacing, Severity::Info, 17, 17),
    ];
    let html = page(vec![FileReport::new("a.txt".into(), text.into(), findings)]);
    for k in 1..=3 {
        assert_eq!(
            html.matches(&format!(" id=\"f-1-{k}\"")).count(),
            1,
            "mark {k}"
        );
        assert!(html.contains(&format!("<li id=\"l-1-{k}\"")), "item {k}");
        assert!(html.contains(&format!("href=\"#f-1-{k}\"")), "link {k}");
        assert!(
            html.contains(&format!("aria-describedby=\"l-1-{k}\"")),
            "aria {k}"
        );
    }
    // x.two crosses x.one: it has a continuation piece.
    assert_eq!(html.matches("cont\" data-f=\"f-1-2\"").count(), 1);
    assert_eq!(
        html.matches("<mark").count(),
        html.matches("</mark>").count()
    );
    assert!(html.contains("class=\"m c-spacing s-info empty\""));
    assert!(html.contains("data-badge=\"Na\"") && html.contains("data-badge=\"Ti\""));
}

#[test]
fn overview_ranks_worst_first_and_articles_are_collapsed() {
    let clean = FileReport::new("b-clean.txt".into(), "All good here.".into(), vec![]);
    let bad = FileReport::new(
        "a-bad.txt".into(),
        "Bad words here.".into(),
        vec![finding("x.one", Class::Name, Severity::Error, 0, 3)],
    );
    let html = page(vec![clean, bad]);
    let bad_row = html.find("<a href=\"#a-2\">a-bad.txt").unwrap();
    let clean_row = html.find("<a href=\"#a-1\">b-clean.txt").unwrap();
    assert!(bad_row < clean_row, "worst first");
    assert_eq!(html.matches("<details class=\"article\"").count(), 2);
    assert!(!html.contains("<details class=\"article\" open"));
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("1 of 2 pass"));
}

//! Snapshots of the rendered output for a whole article, per format.

use mtlint::render::{Emitter, FileReport, Html, Human, Json, Markdown, Summary};
use mtlint::{check_text, CheckOptions, RuleSet};

const ARTICLE: &str = "corpus/mt/liberal-rafah.txt";

fn render(mut emitter: impl Emitter) -> String {
    let rules = RuleSet::embedded().expect("built-in rules load");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/mt/liberal-rafah.txt"
    ))
    .expect("seed article");
    let findings = check_text(&rules, &text, &CheckOptions::default());
    let report = FileReport::new(ARTICLE.to_string(), text, findings);
    let mut summary = Summary::default();
    summary.add(&report);
    let mut out = Vec::new();
    emitter.file(&mut out, &report).expect("render");
    emitter.finish(&mut out, &summary).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

#[test]
fn human_output() {
    insta::assert_snapshot!(render(Human::new(false)));
}

#[test]
fn json_output() {
    let json = render(Json::default());
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed["version"], 1);
    insta::assert_snapshot!(serde_json::to_string_pretty(&parsed).expect("pretty"));
    assert!(
        json.starts_with("{\"version\":1,\"files\":["),
        "schema order: {json}"
    );
}

#[test]
fn markdown_output() {
    insta::assert_snapshot!(render(Markdown::default()));
}

/// A small input with crossing and nested findings and markup to escape.
const SMALL: &str = "The talks ended.Officials said the US Foreign Minister Anthony Blinken \
would attend , a spokeswoman. of the Pentagon said <b>.\n\nSource link\n";

#[test]
fn report_html_of_a_small_input() {
    let rules = RuleSet::embedded().expect("built-in rules load");
    let findings = check_text(&rules, SMALL, &CheckOptions::default());
    let report = FileReport::new("demo <1>.txt".to_string(), SMALL.to_string(), findings);
    let mut summary = Summary::default();
    summary.add(&report);
    let mut emitter = Html::new("mtlint report");
    let mut out = Vec::new();
    emitter.file(&mut out, &report).expect("render");
    emitter.finish(&mut out, &summary).expect("render");
    let html = String::from_utf8(out).expect("utf-8 output");
    // The inline CSS and JS are the same for every report: leave them out.
    let style = regex::Regex::new(r"(?s)<style>.*?</style>").expect("regex");
    let script = regex::Regex::new(r"(?s)<script>.*?</script>").expect("regex");
    let html = style.replace(&html, "<style>…</style>");
    let html = script.replace(&html, "<script>…</script>");
    let mut html = html.replace(
        &format!("mtlint {}", env!("CARGO_PKG_VERSION")),
        "mtlint VERSION",
    );
    // One line per block, for a readable snapshot; the article text is untouched.
    for tag in [
        "</li>",
        "</tr>",
        "</g>",
        "</h1>",
        "</h2>",
        "</p>",
        "</div>",
        "</summary>",
        "</head>",
    ] {
        html = html.replace(tag, &format!("{tag}\n"));
    }
    insta::assert_snapshot!(html);
}

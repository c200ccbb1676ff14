//! Snapshots of the rendered output for a whole article, per format.

use mtlint::render::{Emitter, FileReport, Human, Json, Summary};
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

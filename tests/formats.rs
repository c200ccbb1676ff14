//! Every output format: an insta snapshot, and a parse by an independent
//! parser (SARIF against the official 2.1.0 schema, XML with roxmltree,
//! JSON lines with serde_json, workflow commands un-escaped by hand).

use mtlint::render::sarif::RuleMeta;
use mtlint::render::{
    Checkstyle, Concise, Emitter, FileReport, Github, JsonLines, Junit, Sarif, Statistics, Summary,
};
use mtlint::{check_text, CheckOptions, RuleSet};

/// Two texts: the seed article (many findings) and a clean line (none), plus
/// a text with characters every format must escape.
fn reports(rules: &RuleSet) -> Vec<FileReport> {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/mt/liberal-rafah.txt"
    ))
    .expect("seed article");
    let tricky =
        "Officials said: 50% <agreed> & \"left\" , then ended.Officials, too.\n".to_string();
    [
        ("corpus/mt/liberal-rafah.txt", seed),
        ("clean dir/ok.txt", "The talks ended.\n".to_string()),
        ("odd, name:1.txt", tricky),
    ]
    .into_iter()
    .map(|(path, text)| {
        let findings = check_text(rules, &text, &CheckOptions::default());
        FileReport::new(path.to_string(), text, findings)
    })
    .collect()
}

fn render(emitter: &mut dyn Emitter) -> String {
    let rules = RuleSet::embedded().expect("built-in rules load");
    let mut summary = Summary::default();
    let mut out = Vec::new();
    for report in reports(&rules) {
        summary.add(&report);
        emitter.file(&mut out, &report).expect("render");
    }
    emitter.finish(&mut out, &summary).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

fn total_findings() -> usize {
    let rules = RuleSet::embedded().expect("rules");
    reports(&rules).iter().map(|r| r.findings.len()).sum()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let rules = RuleSet::embedded().expect("rules");
    let sarif = render(&mut Sarif::new(RuleMeta::all(&rules)));
    let instance: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("sarif/sarif-schema-2.1.0.json"))
            .expect("schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    // The validator does reject what the schema forbids.
    let mut broken = instance.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
    let results = instance["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), total_findings());
    let first = &results[0];
    let rule_index = first["ruleIndex"].as_u64().expect("rule index") as usize;
    assert_eq!(
        instance["runs"][0]["tool"]["driver"]["rules"][rule_index]["id"],
        first["ruleId"]
    );
    insta::assert_snapshot!(serde_json::to_string_pretty(&instance).expect("pretty"));
}

#[test]
fn checkstyle_is_well_formed_xml() {
    let xml = render(&mut Checkstyle::default());
    let doc = roxmltree::Document::parse(&xml).expect("checkstyle XML parses");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    let errors: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), total_findings());
    let tricky = root
        .children()
        .find(|n| n.attribute("name") == Some("odd, name:1.txt"))
        .expect("file element for the tricky text");
    assert!(tricky
        .descendants()
        .any(|e| e.attribute("line") == Some("1")));
    insta::assert_snapshot!(xml);
}

#[test]
fn junit_is_well_formed_xml() {
    let xml = render(&mut Junit::default());
    let doc = roxmltree::Document::parse(&xml).expect("JUnit XML parses");
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3);
    let failures: usize = suites
        .iter()
        .map(|s| {
            s.attribute("failures")
                .and_then(|f| f.parse::<usize>().ok())
                .expect("count")
        })
        .sum();
    assert_eq!(failures, total_findings());
    let failure_elements = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failure_elements, failures);
    insta::assert_snapshot!(xml);
}

#[test]
fn jsonl_is_one_object_per_text() {
    let out = render(&mut JsonLines);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["path"], "clean dir/ok.txt");
    assert_eq!(lines[1]["findings"].as_array().map(Vec::len), Some(0));
    insta::assert_snapshot!(out);
}

/// Parses one workflow command as the Actions runner does.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("message separator");
    let (command, props) = head.split_once(' ').expect("properties");
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let props = props
        .split(',')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    (command.to_string(), props, unescape(message))
}

#[test]
fn github_annotations_parse_back() {
    let out = render(&mut Github);
    let commands: Vec<_> = out.lines().map(parse_command).collect();
    assert_eq!(commands.len(), total_findings());
    for (command, props, _) in &commands {
        assert!(["error", "warning", "notice"].contains(&command.as_str()));
        let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"]
        );
    }
    assert!(commands
        .iter()
        .any(|(_, props, _)| props[0].1 == "odd, name:1.txt"));
    insta::assert_snapshot!(out);
}

#[test]
fn concise_lines_name_path_line_and_column() {
    let out = render(&mut Concise);
    let pattern = regex::Regex::new(r"^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9.-]+)\] ")
        .expect("regex");
    let findings = out.lines().filter(|l| pattern.is_match(l)).count();
    assert_eq!(findings, total_findings());
    insta::assert_snapshot!(out);
}

#[test]
fn statistics_count_per_rule() {
    let out = render(&mut Statistics::default());
    let counted: usize = out
        .lines()
        .filter(|l| !l.contains("findings in"))
        .map(|l| {
            l.split_whitespace()
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .expect("count")
        })
        .sum();
    assert_eq!(counted, total_findings());
    insta::assert_snapshot!(out);
}

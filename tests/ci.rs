//! CI integration through the command line: configuration files, suppression
//! comments, JSONL batches and Markdown/HTML inputs, parallel order.

mod cli_support;

use cli_support::{stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

const LINE: &str =
    "Officials said the US Foreign Minister Anthony Blinken would attend , a spokeswoman said.\n";

fn mtlint_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    cli_support::run(Some(dir), args, stdin.map(str::as_bytes))
}

/// A fresh scratch folder (marked as a repository root so the search stops).
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = cli_support::scratch_dir(name);
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// Rule ids of the concise output, in order.
fn rules_of(out: &Output) -> Vec<String> {
    stdout(out)
        .lines()
        .filter_map(|l| l.split_once('[').and_then(|(_, r)| r.split_once(']')))
        .map(|(rule, _)| rule.to_string())
        .collect()
}

#[test]
fn configuration_is_found_upwards_and_overridden_by_path() {
    let config = "ignore: [punctuation]\nseverity:\n  titles: info\noverrides:\n  - files: ['opinion/**']\n    ignore: [names]\n";
    let dir = scratch(
        "cfg-upwards",
        &[
            (".mtlint.yaml", config),
            ("news/a.txt", LINE),
            ("opinion/b.txt", LINE),
        ],
    );
    let out = mtlint_in(
        &dir,
        &["check", "--format", "concise", "news", "opinion"],
        None,
    );
    let text = stdout(&out);
    assert_eq!(
        rules_of(&out),
        [
            "titles.office-calque",
            "names.gazetteer-variant",
            "titles.office-calque"
        ],
        "{text}"
    );
    assert!(
        text.contains("news/a.txt:1:23: info[titles.office-calque]"),
        "{text}"
    );
    let out = mtlint_in(
        &dir,
        &["check", "--format", "concise", "--isolated", "news"],
        None,
    );
    assert_eq!(rules_of(&out).len(), 3);
    let out = mtlint_in(&dir, &["config", "opinion/b.txt"], None);
    let printed = stdout(&out);
    assert!(printed.contains("- names\n"), "{printed}");
    assert!(printed.contains("titles: info"), "{printed}");
    assert!(printed.contains("overrides:\n- opinion/**"), "{printed}");
}

#[test]
fn vocabulary_and_min_severity_after_overrides() {
    let config = "vocabulary: [Anthony Blinken]\nseverity: { titles.office-calque: info }\nscore_threshold: 1.5\n";
    let dir = scratch("cfg-vocab", &[(".mtlint.yaml", config), ("a.txt", LINE)]);
    let out = mtlint_in(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "--min-severity",
            "warning",
            "a.txt",
        ],
        None,
    );
    assert_eq!(rules_of(&out), ["punctuation.space-before-punctuation"]);
    // The configuration's threshold scores the file; --pass-threshold wins over it.
    let threshold = |args: &[&str]| -> serde_json::Value {
        let out = mtlint_in(&dir, args, None);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        json["files"][0]["quality"]["threshold"].clone()
    };
    assert_eq!(threshold(&["check", "--format", "json", "a.txt"]), 1.5);
    assert_eq!(
        threshold(&[
            "check",
            "--format",
            "json",
            "--pass-threshold",
            "3",
            "a.txt"
        ]),
        3.0
    );
    let out = mtlint_in(&dir, &["config"], None);
    assert!(
        stdout(&out).contains("score_threshold: 1.5"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn configuration_errors_name_file_line_and_column() {
    let dir = scratch(
        "cfg-errors",
        &[
            (
                ".mtlint.yaml",
                "select: [titles]\nignore:\n  - no-such-rule\n",
            ),
            ("a.txt", LINE),
        ],
    );
    let out = mtlint_in(&dir, &["check", "a.txt"], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            ".mtlint.yaml:3:5: invalid configuration: unknown rule id or class `no-such-rule`"
        ),
        "{err}"
    );
    std::fs::write(dir.join(".mtlint.yaml"), "select: [titles]\nsevrity: {}\n").expect("write");
    let err = stderr(&mtlint_in(&dir, &["check", "a.txt"], None));
    assert!(
        err.contains(".mtlint.yaml:2:1: invalid configuration: unknown field `sevrity`"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn extra_rule_folders_from_the_configuration() {
    let rule = "rules:\n  - id: house.banned-word\n    class: style\n    severity: warning\n    description: A word the house style bans\n    message: Banned word\n    pattern:\n      regex: '\\bsynergy\\b'\n    examples:\n      flag: ['[[synergy]]']\n      pass: ['energy']\n";
    let dir = scratch(
        "cfg-rules",
        &[
            (".mtlint.yaml", "rules: [house]\n"),
            ("house/x.yaml", rule),
            ("a.txt", "We want synergy.\n"),
        ],
    );
    let out = mtlint_in(&dir, &["check", "--format", "concise", "a.txt"], None);
    assert_eq!(rules_of(&out), ["house.banned-word"], "{}", stderr(&out));
}

#[test]
fn suppression_comments() {
    let text = format!(
        "<!-- mtlint-disable titles -->\n{LINE}<!-- mtlint-enable titles -->\n<!-- mtlint-disable-next-line names, punctuation -->\n{LINE}{LINE}<!-- mtlint-disable-next-line spacing -->\nA clean line.\n<!-- mtlint-disable -->\n{LINE}"
    );
    let dir = scratch("suppress", &[("a.md", &text), ("b.txt", &text)]);
    for file in ["a.md", "b.txt"] {
        let out = mtlint_in(&dir, &["check", "--format", "concise", file], None);
        assert_eq!(
            rules_of(&out),
            [
                "names.gazetteer-variant",
                "punctuation.space-before-punctuation",
                "titles.office-calque",
                "titles.office-calque",
                "names.gazetteer-variant",
                "punctuation.space-before-punctuation",
            ],
            "{file}: {}",
            stdout(&out)
        );
        let out = mtlint_in(
            &dir,
            &[
                "check",
                "--format",
                "concise",
                "--report-unused-suppressions",
                file,
            ],
            None,
        );
        let text = stdout(&out);
        assert!(
            text.contains(&format!("{file}:7:1: warning[suppression.unused]")),
            "{text}"
        );
        assert_eq!(
            rules_of(&out)
                .iter()
                .filter(|r| *r == "suppression.unused")
                .count(),
            1
        );
    }
    let dir = scratch(
        "suppress-bad",
        &[("a.txt", "Fine.\n<!-- mtlint-disable nope -->\n")],
    );
    let out = mtlint_in(&dir, &["check", "a.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a.txt:2:1: suppression comment: unknown rule"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn jsonl_batches_give_results_per_id() {
    let batch = format!(
        "{}\n\n{{\"id\": 2, \"text\": \"Clean text.\"}}\nnot json\n{}\n",
        serde_json::json!({"id": "a-1", "text": LINE, "url": "x"}),
        serde_json::json!({"id": "c", "text": format!("Headline\n\n{LINE}")}),
    );
    let dir = scratch("jsonl", &[("batch.jsonl", &batch)]);
    let out = mtlint_in(&dir, &["check", "--format", "jsonl", "batch.jsonl"], None);
    assert_eq!(out.status.code(), Some(2), "a bad line is an error");
    assert!(
        stderr(&out).contains("batch.jsonl:4: not a"),
        "{}",
        stderr(&out)
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["path"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["a-1", "2", "c"]);
    assert_eq!(lines[0]["id"], "a-1");
    assert_eq!(lines[1]["id"], 2, "the id as given, a number here");
    assert_eq!(lines[1]["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(lines[2]["findings"][0]["line"], 3);
    assert_eq!(lines[2]["findings"][0]["column"], 23);
    // Records holding Markdown: code in them is not checked.
    let md = serde_json::json!({"id": "m", "text": format!("`ended.The`\n\n{LINE}")}).to_string();
    let out = mtlint_in(
        &dir,
        &[
            "check",
            "--input-format",
            "jsonl",
            "--record-format",
            "markdown",
            "--format",
            "jsonl",
            "-",
        ],
        Some(&md),
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("one JSON line");
    assert_eq!(line["findings"].as_array().map(Vec::len), Some(3), "{line}");
    assert_eq!(line["findings"][0]["line"], 3);
    // Standard input, with the format given.
    let out = mtlint_in(
        &dir,
        &["check", "--input-format", "jsonl", "--format", "jsonl", "-"],
        Some(&batch),
    );
    assert_eq!(stdout(&out).lines().count(), 3);
}

#[test]
fn parallel_output_keeps_input_order() {
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("d{}/f{i:03}.txt", i % 7),
                if i % 3 == 0 {
                    LINE.to_string()
                } else {
                    "Fine.\n".to_string()
                },
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = scratch("parallel", &refs);
    let one = mtlint_in(
        &dir,
        &["check", "--format", "json", "--threads", "1", "."],
        None,
    );
    let four = mtlint_in(
        &dir,
        &["check", "--format", "json", "--threads", "4", "."],
        None,
    );
    assert_eq!(stdout(&one), stdout(&four));
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&one)).expect("JSON");
    let paths: Vec<&str> = parsed["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 300);
}

#[test]
fn markdown_and_html_files_by_extension() {
    let md = format!("---\ntitle: ended.The\n---\n\n# Head\n\n{LINE}\n```\nended.The\n```\n");
    let html = format!("<html><head><title>ended.The</title></head><body><nav>ended.The</nav><p>{LINE}</p></body></html>\n");
    let dir = scratch("by-extension", &[("a.md", &md), ("b.html", &html)]);
    let out = mtlint_in(
        &dir,
        &["check", "--format", "concise", "a.md", "b.html"],
        None,
    );
    let text = stdout(&out);
    assert!(
        text.contains("a.md:7:23: error[titles.office-calque]"),
        "{text}"
    );
    assert!(
        text.contains("b.html:1:95: error[titles.office-calque]"),
        "{text}"
    );
    assert_eq!(rules_of(&out).len(), 6, "{text}");
}

#[test]
fn fix_touches_only_prose_and_respects_suppressions() {
    let md = "# Talks\n\nThe talks ended.Officials left.\n\n```\nended.Officials\n```\n\n<!-- mtlint-disable-next-line spacing -->\nIt ended.Nobody stayed.\n";
    let dir = scratch("fix-md", &[("a.md", md)]);
    let out = mtlint_in(&dir, &["fix", "a.md"], None);
    assert_eq!(
        stdout(&out),
        md.replacen("ended.Officials left", "ended. Officials left", 1),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quality_counts_prose_words_only() {
    let md = "# Head\n\nOne two three.\n\n```\nlet x = y + z;\nprint(x, y, z)\n```\n";
    let dir = scratch("words", &[("a.md", md), ("a.txt", md)]);
    let words = |file: &str| {
        let out = mtlint_in(&dir, &["check", "--format", "json", file], None);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        json["files"][0]["quality"]["words"]
            .as_u64()
            .expect("words")
    };
    assert_eq!(words("a.md"), 4);
    assert!(words("a.txt") > 4);
}

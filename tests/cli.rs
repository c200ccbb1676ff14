//! The command line: exit codes, input errors and rule-file errors, each a
//! clear one-line message and exit 2, never a panic.

mod cli_support;

use cli_support::{scratch_dir as scratch, stderr};
use std::process::Output;

fn mtlint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    cli_support::run(None, args, stdin)
}

/// Runs with one extra rule file and returns (exit code, stderr).
fn with_rule_file(name: &str, yaml: &str) -> (Option<i32>, String) {
    let dir = scratch(name);
    std::fs::write(dir.join("extra.yaml"), yaml).expect("write rule file");
    let out = mtlint(
        &["--rules", dir.to_str().expect("utf-8 path"), "rules"],
        None,
    );
    (out.status.code(), stderr(&out))
}

fn assert_one_line_error(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(!err.contains("panicked"), "{err}");
}

const GOOD_RULE: &str = r#"rules:
  - id: house.test-rule
    class: style
    severity: info
    description: test
    message: test
    pattern:
      regex: 'zzz'
    examples:
      flag: ["a [[zzz]] b"]
      pass: ["a b"]
"#;

#[test]
fn exit_codes_follow_findings() {
    let clean = mtlint(&["check", "-"], Some(b"The talks ended on Monday."));
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    let dirty = mtlint(
        &["check", "-"],
        Some("The talks ended.\n\nSource link\n".as_bytes()),
    );
    assert_eq!(dirty.status.code(), Some(1));
    let above = mtlint(
        &["check", "--min-severity", "error", "-"],
        Some("The talks ended.\n\nSource link\n".as_bytes()),
    );
    assert_eq!(above.status.code(), Some(0));
}

#[test]
fn invalid_utf8_is_refused() {
    assert_one_line_error(
        &mtlint(&["check", "-"], Some(b"caf\xe9 au lait")),
        "not valid UTF-8",
    );
}

#[test]
fn binary_input_is_refused() {
    assert_one_line_error(
        &mtlint(&["check", "-"], Some(b"\x7fELF\x00\x01\x02")),
        "binary file",
    );
}

#[test]
fn empty_input_is_refused() {
    assert_one_line_error(&mtlint(&["check", "-"], Some(b"")), "empty input");
}

#[test]
fn huge_input_is_refused() {
    let out = mtlint(
        &["check", "--max-file-size", "16", "-"],
        Some(b"This text is longer than sixteen bytes."),
    );
    assert_one_line_error(&out, "over the limit");
}

#[test]
fn a_size_limit_past_two_gigabytes_is_refused() {
    let out = mtlint(
        &["check", "--max-file-size", "3000000000", "-"],
        Some(b"Text."),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("at most 2147483647 bytes"), "{err}");
}

#[test]
fn missing_file_is_an_error() {
    assert_one_line_error(
        &mtlint(&["check", "no/such/file.txt"], None),
        "no/such/file.txt",
    );
}

#[test]
fn unknown_rule_id_on_the_command_line() {
    let out = mtlint(
        &["check", "--select", "punctuation.no-such-rule", "-"],
        Some(b"Text."),
    );
    assert_one_line_error(&out, "unknown rule id or class `punctuation.no-such-rule`");
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let (code, err) = with_rule_file(
        "malformed",
        "rules:\n  - id: a.b\n    message: \"unclosed\n",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("extra.yaml:3:"), "{err}");
}

#[test]
fn unknown_field_names_position() {
    let yaml = GOOD_RULE.replace(
        "    severity: info\n",
        "    severity: info\n    colour: red\n",
    );
    let (code, err) = with_rule_file("unknown-field", &yaml);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("extra.yaml:5:5") && err.contains("unknown field `colour`"),
        "{err}"
    );
}

#[test]
fn unknown_kind_is_an_unknown_field() {
    let yaml = GOOD_RULE.replace("    pattern:\n", "    patern:\n");
    let (code, err) = with_rule_file("unknown-kind", &yaml);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown field `patern`"), "{err}");
}

#[test]
fn bad_regex_names_the_rule() {
    let (code, err) = with_rule_file("bad-regex", &GOOD_RULE.replace("'zzz'", "'(zzz'"));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("extra.yaml:2:9: rule `house.test-rule`") && err.contains("bad regex"),
        "{err}"
    );
}

#[test]
fn missing_examples_are_an_error() {
    let yaml = GOOD_RULE
        .split("    examples:")
        .next()
        .expect("split")
        .to_string();
    let (code, err) = with_rule_file("no-examples", &yaml);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("house.test-rule") && err.contains("missing `examples`"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_in_one_folder_are_an_error() {
    let twice = format!("{GOOD_RULE}{}", GOOD_RULE.trim_start_matches("rules:\n"));
    let (code, err) = with_rule_file("duplicate", &twice);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("duplicate rule id") && err.contains("house.test-rule"),
        "{err}"
    );
}

#[test]
fn extra_rules_run_and_override_by_id() {
    let dir = scratch("override");
    let yaml = GOOD_RULE
        .replace("house.test-rule", "boilerplate.source-footer")
        .replace("class: style", "class: boilerplate");
    std::fs::write(dir.join("extra.yaml"), yaml).expect("write");
    let out = mtlint(
        &[
            "--rules",
            dir.to_str().expect("utf-8"),
            "check",
            "--format",
            "json",
            "-",
        ],
        Some(b"a zzz b\n\nSource link\n"),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let texts: Vec<&str> = json["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        texts,
        ["zzz"],
        "the overriding rule replaced the built-in one"
    );
}

#[test]
fn folders_are_walked_in_a_stable_order() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    for (name, text) in [
        ("b.txt", "B text."),
        ("a.md", "A text."),
        ("sub/c.txt", "C text."),
        ("skip.json", "{}"),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let out = mtlint(
        &["check", "--format", "json", dir.to_str().expect("utf-8")],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let paths: Vec<String> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["a.md", "b.txt", "c.txt"]);
}

#[test]
fn rules_test_passes_on_the_built_in_rules() {
    let out = mtlint(&["rules", "--test"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let listing = mtlint(&["rules"], None);
    assert!(String::from_utf8_lossy(&listing.stdout).contains("punctuation.stray-sentence-break"));
}

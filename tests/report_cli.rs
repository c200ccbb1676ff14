//! The command line of the reporting features: `report`, `--format markdown`,
//! the score flags and their errors.

use std::path::Path;
use std::process::{Command, Output};

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const SEED: &str = "corpus/mt/liberal-rafah.txt";

fn mtlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(MANIFEST)
        .env("NO_COLOR", "1")
        .output()
        .expect("mtlint runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn report_writes_one_self_contained_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-cli");
    std::fs::create_dir_all(&dir).expect("scratch");
    let html = dir.join("r.html");
    let out = mtlint(&["report", "corpus", "-o", html.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("of 65 pass"),
        "{}",
        text(&out.stdout)
    );
    let page = std::fs::read_to_string(&html).expect("report written");
    assert_eq!(page.matches("<details class=\"article\"").count(), 65);
    assert!(page.contains("corpus/mt/liberal-rafah.txt"));

    let out = mtlint(&["report", SEED, "-o", "/nonexistent-dir/r.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("writing the report to /nonexistent-dir/r.html"));
}

#[test]
fn markdown_format_and_score_flags() {
    let out = mtlint(&["check", "--format", "markdown", SEED]);
    assert_eq!(out.status.code(), Some(1));
    let md = text(&out.stdout);
    assert!(md.starts_with("### corpus/mt/liberal-rafah.txt: FAIL (4.62 penalty points"));
    assert!(md.contains("| 18:112 | error | `titles.office-calque` |"));

    // 18 points by default; warnings as major: 2*5 + 8*5 = 50 points over 390 words.
    let out = mtlint(&[
        "check",
        "--mqm",
        "warning=major",
        "--pass-threshold",
        "13",
        SEED,
    ]);
    let summary = text(&out.stdout);
    assert!(
        summary.contains(
            "quality score 12.82 penalty points per 100 words, pass (pass at 13.00 or less)"
        ),
        "{summary}"
    );
    let out = mtlint(&[
        "check",
        "--format",
        "json",
        "--mqm",
        "error=none,warning=none",
        SEED,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["files"][0]["quality"]["penalty"], 0);
    assert_eq!(json["files"][0]["quality"]["pass"], true);
}

#[test]
fn bad_score_flags_are_one_line_errors() {
    for (args, needle) in [
        (&["--mqm", "error"][..], "expected SEVERITY=LEVEL"),
        (&["--mqm", "error=huge"][..], "unknown MQM level `huge`"),
        (&["--mqm", "fatal=major"][..], "unknown severity `fatal`"),
        (&["--pass-threshold=-1"][..], "--pass-threshold must be"),
        (&["--pass-threshold", "NaN"][..], "--pass-threshold must be"),
    ] {
        let mut all = vec!["check"];
        all.extend(args);
        all.push(SEED);
        let out = mtlint(&all);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{needle:?} not in {err:?}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

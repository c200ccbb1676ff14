//! The HTML report in a real headless Chromium: Debian's `chromium`, driven by
//! `tests/browser/check-report.mjs` (playwright-core). It checks that the page
//! loads with no console error and no external request, that every finding is
//! marked at its exact text and is focusable with its message, and writes
//! `target/report-screenshot.png`.
//!
//! Needs chromium, Node.js and `npm ci --prefix tests/browser`; `.ci/run`
//! installs them and sets `MTLINT_BROWSER_TESTS=require`. Without them this
//! test is skipped with a message (so a clone without a browser still passes),
//! unless `MTLINT_BROWSER_TESTS=require`, when it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const SEED: &str = "corpus/mt/liberal-rafah.txt";

/// Why the browser test cannot run here, if it cannot.
fn missing_tools() -> Option<String> {
    let chromium = std::env::var("MTLINT_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no chromium at {chromium} (apt-get install chromium, or set MTLINT_CHROMIUM)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no `node` on PATH".into());
    }
    let module = Path::new(MANIFEST).join("tests/browser/node_modules/playwright-core");
    if !module.exists() {
        return Some("playwright-core is not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

fn skip_or_fail(reason: &str) {
    if std::env::var("MTLINT_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!("browser test required but cannot run: {reason}");
    }
    // Straight to the stderr handle, past the test harness's capture, so the skip shows.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED report_browser: {reason}; .ci/run installs what it needs"
    );
}

fn mtlint(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(MANIFEST)
        .output()
        .expect("mtlint runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "mtlint {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes the report and the JSON findings of `inputs`; returns their paths.
fn report_and_findings(name: &str, inputs: &[&str]) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let html = dir.join(format!("{name}.html"));
    let json = dir.join(format!("{name}.json"));
    let html_arg = html.to_str().expect("utf-8 path");
    let mut args = vec!["report", "-o", html_arg];
    args.extend(inputs);
    mtlint(&args);
    let mut args = vec!["check", "--format", "json"];
    args.extend(inputs);
    std::fs::write(&json, mtlint(&args)).expect("write findings");
    (html, json)
}

fn run_browser_check(html: &Path, json: &Path, screenshot: Option<(&Path, &str)>) {
    let mut cmd = Command::new("node");
    cmd.current_dir(MANIFEST)
        .arg("tests/browser/check-report.mjs")
        .arg(html)
        .arg(json);
    if let Some((png, focus)) = screenshot {
        cmd.arg(png).arg(focus);
    }
    let out = cmd.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "browser check failed:\n{stdout}{stderr}"
    );
}

#[test]
fn report_renders_every_finding_in_chromium() {
    if let Some(reason) = missing_tools() {
        return skip_or_fail(&reason);
    }
    // The seed article alone, with a screenshot of its third finding focused.
    let (html, json) = report_and_findings("seed", &[SEED]);
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir");
    let png = target.join("report-screenshot.png");
    run_browser_check(&html, &json, Some((&png, "f-1-3")));
    assert!(png.metadata().map(|m| m.len() > 10_000).unwrap_or(false));
    // The whole corpus: every article, every finding.
    let (html, json) = report_and_findings("corpus", &["corpus"]);
    run_browser_check(&html, &json, None);
    // Crossing, nested and empty spans (test-only rules over the seed).
    let rules = ["--rules", "tests/fixtures/overlap-rules", SEED];
    let (html, json) = report_and_findings("overlap", &rules);
    run_browser_check(&html, &json, None);
    let page = std::fs::read_to_string(&html).expect("report");
    // The seventh finding: the seed's "Stripthe" (issue 4) comes before the crossing span.
    assert!(page.contains(" cont\" data-f=\"f-1-7\""), "no split mark");
    assert!(
        page.contains("&lt;crossing&gt; &amp;"),
        "message not escaped"
    );
}

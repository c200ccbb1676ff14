//! The `mtlint serve` editor page in a real headless Chromium (Debian's
//! `chromium`, driven by `tests/browser/check-serve.mjs` with playwright-core):
//! text is typed into the page, every finding of `mtlint check` on the same
//! text must be highlighted at exactly its words, a suggestion is applied with
//! one click (undo takes it back), and `target/serve-screenshot.png` is written.
//!
//! Same set-up and convention as `report_browser.rs`: without chromium, Node.js
//! or `npm ci --prefix tests/browser` the test is skipped with a message,
//! unless `MTLINT_BROWSER_TESTS=require` (set by `.ci/run`), when it fails.

mod serve_support;

use serve_support::Server;
use std::io::Write;
use std::path::Path;
use std::process::Command;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const TEXT: &str = "tests/fixtures/serve-editor.txt";

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
    if !Path::new(MANIFEST)
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        return Some("playwright-core is not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

#[test]
fn editor_highlights_typed_text_and_applies_a_suggestion() {
    if let Some(reason) = missing_tools() {
        if std::env::var("MTLINT_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("browser test required but cannot run: {reason}");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED serve_browser: {reason}; .ci/run installs what it needs"
        );
        return;
    }
    let findings = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--format", "json", TEXT])
        .current_dir(MANIFEST)
        .output()
        .expect("mtlint check runs");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let json = dir.join("serve-editor.json");
    std::fs::write(&json, &findings.stdout).expect("write findings");
    let png = dir
        .parent()
        .expect("target dir")
        .join("serve-screenshot.png");
    let server = Server::start(&[]);
    let out = Command::new("node")
        .current_dir(MANIFEST)
        .arg("tests/browser/check-serve.mjs")
        .arg(server.url() + "/")
        .arg(TEXT)
        .arg(&json)
        .arg("names.gazetteer-variant")
        .arg(&png)
        .output()
        .expect("node runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{log}");
    assert!(out.status.success(), "browser check failed:\n{log}");
    assert!(png.metadata().map(|m| m.len() > 10_000).unwrap_or(false));
}

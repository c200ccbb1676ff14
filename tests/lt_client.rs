//! LanguageTool's API as LanguageTool clients see it: `tests/lt_client/check_offsets.py`
//! points the unmodified `language_tool_python` client from PyPI at
//! `mtlint serve` (`LanguageTool("en-US", remote_server=URL)`) and checks that
//! every finding of `mtlint check` comes back at the right offset, in a text
//! with emoji (astral, with a skin-tone modifier, a flag) and accented letters.
//!
//! Needs a venv with the client at `target/lt-venv` (`.ci/lt-client-setup`
//! makes it; or set MTLINT_LT_PYTHON to a Python that has it). Without it the
//! test is skipped with a message, unless `MTLINT_LT_CLIENT_TESTS=require`
//! (set by `.ci/run`), when it fails.

mod serve_support;

use serve_support::Server;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const TEXT: &str = "tests/fixtures/lt-client.txt";

fn python() -> Result<PathBuf, String> {
    let python = std::env::var_os("MTLINT_LT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .expect("target dir");
            target.join("lt-venv/bin/python")
        });
    let works = Command::new(&python)
        .args(["-c", "import language_tool_python"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Ok(python)
    } else {
        Err(format!(
            "no language_tool_python for {} (run .ci/lt-client-setup)",
            python.display()
        ))
    }
}

#[test]
fn language_tool_python_gets_findings_at_the_right_offsets() {
    let python = match python() {
        Ok(python) => python,
        Err(reason) => {
            if std::env::var("MTLINT_LT_CLIENT_TESTS").as_deref() == Ok("require") {
                panic!("LanguageTool client test required but cannot run: {reason}");
            }
            let _ = writeln!(std::io::stderr(), "SKIPPED lt_client: {reason}");
            return;
        }
    };
    let findings = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--format", "json", TEXT])
        .current_dir(MANIFEST)
        .output()
        .expect("mtlint check runs");
    let json = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lt-client.json");
    std::fs::write(&json, &findings.stdout).expect("write findings");
    let server = Server::start(&[]);
    let out = Command::new(python)
        .current_dir(MANIFEST)
        .arg("tests/lt_client/check_offsets.py")
        .arg(server.url())
        .arg(TEXT)
        .arg(&json)
        .output()
        .expect("python runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{log}");
    assert!(
        out.status.success(),
        "language_tool_python check failed:\n{log}"
    );
}

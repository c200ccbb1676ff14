//! The entity layer from the command line: `--date`, gazetteer data files in
//! `--rules` folders (merged, strict), and the entity rules' findings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn mtlint(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mtlint runs");
    let written = child.stdin.take().expect("stdin").write_all(stdin);
    // mtlint may refuse its arguments and exit before reading stdin.
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("mtlint finishes")
}

fn scratch(name: &str, file: &str, yaml: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join(file), yaml).expect("write data file");
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const BLINKEN: &[u8] = b"The talks were prepared by Foreign Minister Antony Blinken.\n";

#[test]
fn date_decides_the_message_and_bad_dates_are_refused() {
    let on = mtlint(&["check", "--date", "2024-03-26", "-"], BLINKEN);
    assert_eq!(on.status.code(), Some(1));
    assert!(text(&on.stdout).contains("(Antony Blinken, in office on 2024-03-26)"));
    let after = mtlint(&["check", "--date", "2026-01-01", "-"], BLINKEN);
    assert!(text(&after.stdout).contains("in office 2021-01-26 to 2025-01-20"));
    let bad = mtlint(&["check", "--date", "2024-13-01", "-"], BLINKEN);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("2024-13-01"));
}

#[test]
fn data_files_in_a_rules_folder_are_merged() {
    let dir = scratch(
        "gazetteer-extra",
        "people-house.yaml",
        "people:\n  - name: Jane Doughnut\n    country: GB\n    variants: [Jane Donut]\n",
    );
    let out = mtlint(
        &["--rules", dir.to_str().expect("utf-8"), "check", "-"],
        b"Jane Donut spoke. Antony Blinken listened.\n",
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("“Jane Donut” is usually written “Jane Doughnut”"),
        "{stdout}"
    );
}

#[test]
fn unknown_fields_in_data_files_name_file_line_and_column() {
    let dir = scratch(
        "gazetteer-bad",
        "places-x.yaml",
        "places:\n  - name: Rafah\n    kind: city\n    country: PS\n    colour: red\n",
    );
    let out = mtlint(&["--rules", dir.to_str().expect("utf-8"), "rules"], b"");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("places-x.yaml:5:5") && err.contains("unknown field `colour`"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

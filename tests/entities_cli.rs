//! The entity layer from the command line: `--date`, gazetteer data files in
//! `--rules` folders (merged, strict), and the entity rules' findings.

mod cli_support;

use std::path::PathBuf;
use std::process::Output;

fn mtlint(args: &[&str], stdin: &[u8]) -> Output {
    cli_support::run(None, args, Some(stdin))
}

fn scratch(name: &str, file: &str, yaml: &str) -> PathBuf {
    let dir = cli_support::scratch_dir(name);
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

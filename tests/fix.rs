//! `mtlint fix`: the seed article's expected diff, the corpus re-checked after
//! fixing, and the command line (stdout, --write, --diff).

use mtlint::fix::{fix_text, safe_replacement, unified_diff};
use mtlint::{check_text, CheckOptions, RuleSet};
use std::path::Path;
use std::process::Command;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const SEED: &str = "corpus/mt/liberal-rafah.txt";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(MANIFEST).join(path)).expect("read file")
}

#[test]
fn seed_fix_matches_the_expected_diff() {
    let rules = RuleSet::embedded().expect("rules");
    let text = read(SEED);
    let outcome = fix_text(&rules, &text, &CheckOptions::default());
    let diff = unified_diff(SEED, &text, &outcome.text);
    assert_eq!(diff, read("tests/expected/liberal-rafah.fix.diff"));

    // Every seed artefact with a safe suggestion is gone; the others stay.
    let before = check_text(&rules, &text, &CheckOptions::default());
    let after = check_text(&rules, &outcome.text, &CheckOptions::default());
    for f in &before {
        let still_there = after.iter().any(|a| a.rule == f.rule);
        if safe_replacement(f).is_some() {
            assert!(!still_there, "{} not fixed", f.rule);
        } else {
            assert!(still_there, "{} has no safe fix but changed", f.rule);
        }
    }
    assert!(before.iter().any(|f| safe_replacement(f).is_none()));
}

#[test]
fn every_fix_stays_in_its_span() {
    // Rebuild the fixed text from the untouched stretches between edits.
    let rules = RuleSet::embedded().expect("rules");
    let text = read(SEED);
    let outcome = fix_text(&rules, &text, &CheckOptions::default());
    assert_eq!(outcome.passes.len(), 1, "the seed needs one pass");
    let mut rebuilt = String::new();
    let mut at = 0;
    for edit in &outcome.passes[0] {
        assert!(edit.span.start >= at, "edits overlap");
        rebuilt += &text[at..edit.span.start];
        rebuilt += &edit.replacement;
        at = edit.span.end;
    }
    rebuilt += &text[at..];
    assert_eq!(rebuilt, outcome.text);
}

#[test]
fn fixed_corpus_raises_nothing_from_the_fixed_rules() {
    let rules = RuleSet::embedded().expect("rules");
    let options = CheckOptions::default();
    let mut fixed_files = 0;
    for dir in ["corpus/mt", "corpus/clean"] {
        let mut paths: Vec<_> = std::fs::read_dir(Path::new(MANIFEST).join(dir))
            .expect("corpus dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("article");
            let outcome = fix_text(&rules, &text, &options);
            let fixed_rules = outcome.rules();
            let again = check_text(&rules, &outcome.text, &options);
            for f in &again {
                assert!(
                    !fixed_rules.contains(&f.rule.as_str()),
                    "{}: {} still raised after fixing: {:?}",
                    path.display(),
                    f.rule,
                    f.span.of(&outcome.text)
                );
                assert!(safe_replacement(f).is_none(), "{}: safe fix left", f.rule);
            }
            // Fixing is idempotent.
            assert_eq!(fix_text(&rules, &outcome.text, &options).edits(), 0);
            fixed_files += usize::from(outcome.edits() > 0);
            if dir == "corpus/clean" {
                assert_eq!(outcome.text, text, "{} changed", path.display());
            }
        }
    }
    assert!(fixed_files >= 10, "only {fixed_files} articles had fixes");
}

fn mtlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(MANIFEST)
        .env("NO_COLOR", "1")
        .output()
        .expect("mtlint runs")
}

#[test]
fn cli_prints_writes_and_diffs() {
    let rules = RuleSet::embedded().expect("rules");
    let text = read(SEED);
    let fixed = fix_text(&rules, &text, &CheckOptions::default()).text;

    let out = mtlint(&["fix", SEED]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), fixed);
    assert!(String::from_utf8_lossy(&out.stderr).contains("6 fixes applied"));

    let out = mtlint(&["fix", "--diff", SEED]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--diff exits 1 when there is a change"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        read("tests/expected/liberal-rafah.fix.diff")
    );

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix-write");
    std::fs::create_dir_all(&dir).expect("scratch");
    let copy = dir.join("article.txt");
    std::fs::write(&copy, &text).expect("copy");
    let copy_arg = copy.to_str().expect("utf-8 path");
    assert_eq!(mtlint(&["fix", "--write", copy_arg]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&copy).expect("read back"), fixed);
    let out = mtlint(&["fix", "--diff", copy_arg]);
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));

    let out = mtlint(&["fix", SEED, copy_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give one input"));
}

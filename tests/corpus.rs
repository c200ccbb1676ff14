//! Scores mtlint on the annotated corpus, as ../shared/tools/score.py does:
//! a finding matches a gold entry when their byte ranges overlap and the
//! classes agree. Any missed entry fails the test unless the gold records it
//! as a known gap (`gap: N`, the issue that will close it); any finding that
//! matches no gold entry fails it too.

use mtlint::{check_text, CheckOptions, RuleSet};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct GoldEntry {
    span: String,
    after: Option<String>,
    class: String,
    why: Option<String>,
    suggestion: Option<String>,
    #[serde(default)]
    optional: bool,
    gap: Option<u32>,
}

fn articles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for dir in ["mt", "clean"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        out.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt")),
        );
    }
    out.sort();
    out
}

fn byte_range(text: &str, entry: &GoldEntry, article: &Path) -> (usize, usize) {
    let from = match &entry.after {
        Some(after) => text
            .find(after.as_str())
            .map(|at| at + after.len())
            .unwrap_or_else(|| panic!("{}: `after` {after:?} not found", article.display())),
        None => 0,
    };
    let at = text[from..]
        .find(entry.span.as_str())
        .unwrap_or_else(|| panic!("{}: span {:?} not found", article.display(), entry.span))
        + from;
    (at, at + entry.span.len())
}

#[test]
fn corpus_findings_match_the_gold() {
    let rules = RuleSet::embedded().expect("built-in rules load");
    let articles = articles();
    assert!(
        articles.len() >= 13,
        "corpus/ holds {} articles",
        articles.len()
    );
    let mut problems = Vec::new();
    let (mut found, mut required, mut gaps) = (0, 0, 0);
    for article in &articles {
        let text = std::fs::read_to_string(article).expect("corpus article is UTF-8");
        let gold_path = article.with_extension("expected.yaml");
        let gold_text = std::fs::read_to_string(&gold_path)
            .unwrap_or_else(|_| panic!("{} has no gold file", article.display()));
        let gold: Vec<GoldEntry> = serde_saphyr::from_str::<Option<Vec<GoldEntry>>>(&gold_text)
            .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()))
            .unwrap_or_default();
        let ranges: Vec<(usize, usize)> =
            gold.iter().map(|e| byte_range(&text, e, article)).collect();
        let findings = check_text(&rules, &text, &CheckOptions::default());
        let name = article.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        for (entry, &(s, e)) in gold.iter().zip(&ranges) {
            let hit = findings
                .iter()
                .any(|f| f.span.start < e && s < f.span.end && f.class.as_str() == entry.class);
            if entry.optional {
                continue;
            }
            match (hit, entry.gap) {
                (true, _) => found += 1,
                (false, Some(_)) => gaps += 1,
                (false, None) => problems.push(format!(
                    "MISSED      {name}: {} {:?}",
                    entry.class, entry.span
                )),
            }
            required += 1;
        }
        for f in &findings {
            let matched = gold.iter().zip(&ranges).any(|(g, &(s, e))| {
                f.span.start < e && s < f.span.end && f.class.as_str() == g.class
            });
            if !matched {
                problems.push(format!(
                    "FALSE ALARM {name}: {} {:?} ({})",
                    f.class,
                    f.span.of(&text),
                    f.rule
                ));
            }
        }
    }
    eprintln!(
        "corpus: {found}/{required} gold entries found, {gaps} known gaps, {} articles",
        articles.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

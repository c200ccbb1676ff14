//! Embeds every rule file under `rules/` into the binary, so mtlint works
//! from any directory with no files around it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut code = String::from("/// Rule files embedded at build time: (path relative to the crate, contents).\npub static EMBEDDED_RULES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .expect("rule file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_rules.rs");
    std::fs::write(out, code).expect("write embedded_rules.rs");
    build_lexicon(&root);
}

/// Turns `data/lexicon/scowl-en.tsv` (word, SCOWL level; sorted) into an fst map
/// `OUT_DIR/lexicon.fst`, embedded by `src/lexicon.rs`: no start-up cost at run time.
fn build_lexicon(root: &Path) {
    let table = root.join("data/lexicon/scowl-en.tsv");
    println!("cargo:rerun-if-changed={}", table.display());
    let text = std::fs::read_to_string(&table).expect("read data/lexicon/scowl-en.tsv");
    let mut entries: Vec<(&str, u64)> = text
        .lines()
        .filter_map(|line| {
            let (word, level) = line.split_once('\t')?;
            Some((word, level.trim().parse().ok()?))
        })
        .collect();
    entries.sort_unstable();
    entries.dedup_by(|a, b| a.0 == b.0);
    let map = fst::Map::from_iter(entries).expect("lexicon entries are sorted and unique");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lexicon.fst");
    std::fs::write(out, map.as_fst().as_bytes()).expect("write lexicon.fst");
}

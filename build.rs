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
    // Gazetteer data files are validated and converted to JSON here, not embedded as YAML.
    files.retain(|file| !is_data_file(file));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code = String::from(
        "/// Rule files embedded at build time: (path relative to the crate, YAML text,\n\
         /// the same document as JSON).\npub static EMBEDDED_RULES: &[(&str, &str, &str)] = &[\n",
    );
    for (index, file) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .expect("rule file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let json = out_dir.join(format!("rules-{index}.json"));
        std::fs::write(&json, rule_file_as_json(file)).expect("write a rule file as JSON");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?}), include_str!({:?})),",
            file.display().to_string(),
            json.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_rules.rs"), code).expect("write embedded_rules.rs");
    build_lexicon(&root);
    build_gazetteer(&root);
}

/// A rule file's YAML document as JSON, which the loader reads ten times
/// faster than YAML (the rule structs are the same; their checks run when the
/// loader reads the JSON, so every test catches a rule file they reject).
fn rule_file_as_json(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("read a rule file");
    // Typed fields read `n` or `yes` as text; untyped, YAML 1.1 would make them booleans.
    let options = serde_saphyr::options! { strict_booleans: true };
    let value: serde_json::Value = serde_saphyr::from_str_with_options(&text, options)
        .unwrap_or_else(|err| {
            let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
            panic!(
                "{}:{line}:{column}: invalid rule file: {}",
                file.display(),
                err.without_snippet()
            )
        });
    serde_json::to_string(&value).expect("a rule file to JSON")
}

#[path = "src/entities/spec.rs"]
#[allow(dead_code)]
mod gazetteer_spec;

/// Whether a YAML file under `rules/` is gazetteer data: a top-level key
/// `people:`, `places:`, `organisations:` or `offices:`.
fn is_data_file(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    text.lines().any(|line| {
        ["people:", "places:", "organisations:", "offices:"]
            .iter()
            .any(|key| line.starts_with(key))
    })
}

/// Parses every gazetteer data file under `rules/` with the same structs the
/// loader uses (unknown fields are errors, reported with file, line and column)
/// and writes them, in path order, in postcard's compact binary form to
/// `OUT_DIR/gazetteer.postcard`, which `src/rules/load.rs` embeds: reading it
/// at start-up costs a third of reading the same data as JSON, and JSON a
/// fraction of YAML.
fn build_gazetteer(root: &Path) {
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut sections = Vec::new();
    for file in files.iter().filter(|f| is_data_file(f)) {
        let text = std::fs::read_to_string(file).expect("read a gazetteer file");
        let parsed: gazetteer_spec::DataSections =
            serde_saphyr::from_str(&text).unwrap_or_else(|err| {
                let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
                panic!(
                    "{}:{line}:{column}: invalid gazetteer file: {}",
                    file.display(),
                    err.without_snippet()
                )
            });
        sections.push(parsed);
    }
    let bytes = postcard::to_stdvec(&sections).expect("gazetteer to postcard");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("gazetteer.postcard");
    std::fs::write(out, bytes).expect("write gazetteer.postcard");
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

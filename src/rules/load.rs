//! Loading rule files: YAML parsing, validation and compilation.

use super::examples::{self, Examples};
use super::spec::RuleSpec;
use super::{kinds, template, Check, CompiledCheck, Origin, Rule, RuleSet};
use crate::entities::gazetteer::{self, DataSections, Gazetteer};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The embedded gazetteer data files, validated and converted to postcard by `build.rs`.
static EMBEDDED_GAZETTEER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.postcard"));

/// Where rules come from.
#[derive(Debug, Clone)]
pub enum RuleSource {
    /// The rule files built into the binary (`rules/` of the source tree).
    Embedded,
    /// Every `.yaml` file under a folder, recursively.
    Dir(PathBuf),
}

/// A rule file that cannot be used. Every variant names the file and position.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read rules: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: invalid rule file: {message}")]
    Yaml {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{origin}: rule `{id}`: {message}")]
    Rule {
        origin: Origin,
        id: String,
        message: String,
    },
}

/// Loads every source in order; later sources override rules by id and
/// gazetteer entries by key. Rule files (`rules:`) and gazetteer data files
/// (`people:`, `places:`, `organisations:`, `offices:`) are told apart by their
/// top-level keys; all data is merged before any rule is compiled, so every
/// kind sees the whole gazetteer.
pub fn load(sources: &[RuleSource]) -> Result<RuleSet, LoadError> {
    let mut gazetteer = Vec::new();
    let mut specs: Vec<(usize, String, RuleSpec)> = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        if let RuleSource::Embedded = source {
            gazetteer.push(GazetteerPart::Embedded);
        }
        for (file, contents) in files_of(source)? {
            let parsed = match contents {
                Contents::Yaml(yaml) => parse_source_file(&file, &yaml)?,
                Contents::EmbeddedJson(json) => parse_embedded_file(&file, json)?,
            };
            gazetteer.push(GazetteerPart::Data(parsed.data));
            specs.extend(parsed.rules.into_iter().map(|r| (index, file.clone(), r)));
        }
    }
    let context = CompileContext {
        gazetteer: Arc::new(LazyGazetteer {
            parts: Mutex::new(gazetteer),
            built: OnceLock::new(),
        }),
    };
    let mut by_id: HashMap<String, Rule> = HashMap::new();
    let mut seen: HashMap<String, (usize, Origin)> = HashMap::new();
    for (source, file, spec) in specs {
        let embedded = matches!(sources[source], RuleSource::Embedded);
        let rule = compile(&file, spec, &context, embedded)?;
        if let Some((_, first)) = seen
            .insert(rule.id.clone(), (source, rule.origin.clone()))
            .filter(|(s, _)| *s == source)
        {
            let message = format!("duplicate rule id (first defined at {first})");
            return Err(LoadError::Rule {
                origin: rule.origin,
                id: rule.id,
                message,
            });
        }
        by_id.insert(rule.id.clone(), rule);
    }
    let mut rules: Vec<Rule> = by_id.into_values().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(RuleSet::new(rules))
}

/// What rule kinds may use while compiling: the merged gazetteer, built the
/// first time a kind asks for it (a check that selects no entity rule never
/// reads the built-in data).
#[derive(Debug, Clone, Default)]
pub struct CompileContext {
    gazetteer: Arc<LazyGazetteer>,
}

impl CompileContext {
    /// The gazetteer merged from every source, in source order.
    pub fn gazetteer(&self) -> &Arc<Gazetteer> {
        let lazy = &self.gazetteer;
        lazy.built.get_or_init(|| {
            let parts = std::mem::take(&mut *lazy.parts.lock().unwrap_or_else(|e| e.into_inner()));
            let mut gazetteer = Gazetteer::default();
            for part in parts {
                match part {
                    GazetteerPart::Embedded => embedded_gazetteer()
                        .into_iter()
                        .for_each(|data| gazetteer.add(data)),
                    GazetteerPart::Data(data) => gazetteer.add(data),
                }
            }
            Arc::new(gazetteer)
        })
    }
}

#[derive(Debug, Default)]
struct LazyGazetteer {
    /// What to merge, in order; taken when the gazetteer is built.
    parts: Mutex<Vec<GazetteerPart>>,
    built: OnceLock<Arc<Gazetteer>>,
}

#[derive(Debug)]
enum GazetteerPart {
    /// The data built into the binary.
    Embedded,
    /// One data file's sections (already read and checked).
    Data(DataSections),
}

/// The built-in gazetteer data. `build.rs` wrote it from the structs it is
/// read with, so it cannot fail to read; if it did, the error is reported
/// and the rules run without the data rather than stopping the check.
fn embedded_gazetteer() -> Vec<DataSections> {
    postcard::from_bytes(EMBEDDED_GAZETTEER).unwrap_or_else(|e| {
        eprintln!("mtlint: internal error: the built-in gazetteer does not read: {e}");
        Vec::new()
    })
}

/// A rule file's text: YAML as written, or for an embedded file the JSON
/// that `build.rs` made of its YAML (read ten times faster).
enum Contents {
    Yaml(String),
    EmbeddedJson(&'static str),
}

/// (display path, contents) of every rule file of a source, in a stable order.
fn files_of(source: &RuleSource) -> Result<Vec<(String, Contents)>, LoadError> {
    match source {
        RuleSource::Embedded => Ok(EMBEDDED_RULES
            .iter()
            .map(|(path, _, json)| (path.to_string(), Contents::EmbeddedJson(json)))
            .collect()),
        RuleSource::Dir(dir) => {
            let mut paths = Vec::new();
            yaml_files(dir, &mut paths)?;
            paths.sort();
            paths
                .into_iter()
                .map(|p| {
                    let contents =
                        std::fs::read_to_string(&p).map_err(|source| io_error(&p, source))?;
                    Ok((p.display().to_string(), Contents::Yaml(contents)))
                })
                .collect()
        }
    }
}

fn io_error(path: &Path, source: std::io::Error) -> LoadError {
    LoadError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.is_dir() {
            yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every top-level key a rule or data file may have.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    rules: Option<Vec<RuleSpec>>,
    people: Option<Vec<gazetteer::Person>>,
    places: Option<Vec<gazetteer::Place>>,
    organisations: Option<Vec<gazetteer::Organisation>>,
    offices: Option<Vec<gazetteer::CountryOffices>>,
}

/// One parsed file: its rule specs and its gazetteer data.
struct ParsedFile {
    rules: Vec<RuleSpec>,
    data: DataSections,
}

impl From<SourceFile> for ParsedFile {
    fn from(file: SourceFile) -> ParsedFile {
        ParsedFile {
            rules: file.rules.unwrap_or_default(),
            data: DataSections {
                people: file.people,
                places: file.places,
                organisations: file.organisations,
                offices: file.offices,
            },
        }
    }
}

fn parse_source_file(file: &str, contents: &str) -> Result<ParsedFile, LoadError> {
    let yaml_error = |line: u64, column: u64, message: String| LoadError::Yaml {
        file: file.to_string(),
        line,
        column,
        message,
    };
    let parsed: SourceFile = serde_saphyr::from_str(contents).map_err(|err| {
        let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
        yaml_error(line, column, first_line(&err.without_snippet().to_string()))
    })?;
    let has_data = parsed.people.is_some()
        || parsed.places.is_some()
        || parsed.organisations.is_some()
        || parsed.offices.is_some();
    if parsed.rules.is_none() && !has_data {
        return Err(yaml_error(
            1,
            1,
            "missing field `rules` (a data file has `people`, `places`, `organisations` or `offices`)"
                .into(),
        ));
    }
    Ok(parsed.into())
}

/// Reads an embedded rule file from its JSON form. `build.rs` checked the
/// YAML; the rule structs are checked here, so any test that loads the
/// embedded rules fails on a file they reject.
fn parse_embedded_file(file: &str, json: &str) -> Result<ParsedFile, LoadError> {
    let parsed: SourceFile = serde_json::from_str(json).map_err(|e| LoadError::Yaml {
        file: format!("{file} (embedded as JSON)"),
        line: e.line() as u64,
        column: e.column() as u64,
        message: e.to_string(),
    })?;
    Ok(parsed.into())
}

/// Where rule `id` is defined in an embedded rule file, as (line, column) of
/// the id, found in the YAML text (its JSON form carries no positions).
fn embedded_position(file: &str, id: &str) -> Option<(u64, u64)> {
    let (_, yaml, _) = EMBEDDED_RULES.iter().find(|(path, _, _)| *path == file)?;
    yaml.lines().enumerate().find_map(|(index, line)| {
        let value = line.trim_start().trim_start_matches("- ").trim_start();
        let value = value.strip_prefix("id:")?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (value == id).then(|| {
            let column = line.find(id).map_or(1, |at| at + 1);
            (index as u64 + 1, column as u64)
        })
    })
}

/// Strips serde-saphyr's own "line N column M:" prefix and keeps one line.
pub(crate) fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    let line = match line.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") => rest,
        _ => line,
    };
    // Drop a trailing " at line N, column M": the position is reported separately.
    match line.rfind(" at line ") {
        Some(at) if line[at..].contains("column") => line[..at].to_string(),
        _ => line.to_string(),
    }
}

/// Checks a rule spec and makes a [`Rule`] of it. Rules from `--rules`
/// folders are compiled now, so that their errors show at once; built-in
/// rules (`deferred`), which the test suite compiles, on first use, so a
/// check that selects a few rules compiles only those.
fn compile(
    file: &str,
    spec: RuleSpec,
    context: &CompileContext,
    deferred: bool,
) -> Result<Rule, LoadError> {
    let id = spec.id.value.clone();
    let (line, column) = match spec.id.referenced.line() {
        0 => embedded_position(file, &id).unwrap_or((0, 0)),
        line => (line, spec.id.referenced.column()),
    };
    let origin = Origin {
        file: file.to_string(),
        line,
        column,
    };
    let error = |message: String| LoadError::Rule {
        origin: origin.clone(),
        id: id.clone(),
        message,
    };
    validate_id(&id).map_err(error)?;
    let examples = compile_examples(&spec).map_err(error)?;
    let kind = kind_of(&spec).map_err(error)?;
    let mut rule = Rule {
        id: id.clone(),
        class: spec.class,
        severity: spec.severity,
        description: spec.description.clone(),
        message: spec.message.clone(),
        suggest: spec.suggest.clone(),
        safe: spec.safe,
        kind,
        origin: origin.clone(),
        examples,
        check: CompiledCheck::default(),
    };
    rule.check = if deferred {
        CompiledCheck::deferred(spec, context.clone())
    } else {
        let check = compile_kind(&spec, context).map_err(error)?;
        validate_templates(&rule, check.as_ref()).map_err(error)?;
        CompiledCheck::now(check)
    };
    Ok(rule)
}

/// Compiles a built-in rule's check on its first use. The test suite
/// compiles every built-in rule, so this cannot fail in a tested build; if it
/// did, the error is reported and the rule finds nothing.
pub(crate) fn compile_deferred(spec: &RuleSpec, context: &CompileContext) -> Box<dyn Check> {
    compile_kind(spec, context).unwrap_or_else(|message| {
        eprintln!(
            "mtlint: internal error: built-in rule `{}`: {message}",
            spec.id.value
        );
        Box::new(NoCheck)
    })
}

/// The check of a built-in rule that failed to compile: it finds nothing.
#[derive(Debug)]
pub(crate) struct NoCheck;

impl Check for NoCheck {
    fn check(&self, _: &crate::text::Document, _: &mut Vec<super::Hit>) {}
}

fn validate_id(id: &str) -> Result<(), String> {
    let well_formed = id.contains('.')
        && id.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if well_formed {
        Ok(())
    } else {
        Err("ids are dotted lowercase words, like `punctuation.stray-sentence-break`".into())
    }
}

fn compile_examples(spec: &RuleSpec) -> Result<Examples, String> {
    let Some(given) = &spec.examples else {
        return Err("missing `examples` (at least one `flag` and one `pass` text)".into());
    };
    if given.flag.is_empty() || given.pass.is_empty() {
        return Err("`examples` needs at least one `flag` and one `pass` text".into());
    }
    let flag = given
        .flag
        .iter()
        .map(|t| examples::parse_marked(t))
        .collect::<Result<_, _>>()?;
    Ok(Examples {
        flag,
        pass: given.pass.clone(),
    })
}

/// A kind's name and its compiled check (or why it failed to compile).
pub(crate) type CompiledKind = (&'static str, Result<Box<dyn Check>, String>);

pub(crate) fn boxed<C: Check + 'static>(
    kind: &'static str,
    compiled: Result<C, String>,
) -> CompiledKind {
    (kind, compiled.map(|c| Box::new(c) as Box<dyn Check>))
}

/// Compiles the one kind block a rule carries.
fn compile_kind(spec: &RuleSpec, context: &CompileContext) -> Result<Box<dyn Check>, String> {
    use kinds::{
        balance::Balance, boilerplate::Boilerplate, pattern::Pattern, substitution::Substitution,
    };
    kind_of(spec)?; // exactly one kind block: `compiled` gets one entry
    let mut compiled: Vec<CompiledKind> = Vec::new();
    compiled.extend(
        spec.pattern
            .as_ref()
            .map(|p| boxed("pattern", Pattern::compile(p))),
    );
    compiled.extend(
        spec.substitution
            .as_ref()
            .map(|s| boxed("substitution", Substitution::compile(s))),
    );
    compiled.extend(
        spec.boilerplate
            .as_ref()
            .map(|b| boxed("boilerplate", Boilerplate::compile(b))),
    );
    compiled.extend(
        spec.balance
            .as_ref()
            .map(|b| boxed("balance", Balance::compile(b))),
    );
    compiled.extend(spec.glued_words.as_ref().map(|g| {
        let names = Box::new(context.gazetteer().clone());
        boxed(
            "glued-words",
            kinds::glued::GluedWords::with_names(g, names),
        )
    }));
    compiled.extend(
        spec.repetition
            .as_ref()
            .map(|r| boxed("repetition", kinds::repetition::Repetition::compile(r))),
    );
    compiled.extend(
        spec.script
            .as_ref()
            .map(|r| boxed("script", kinds::script::Script::compile(r))),
    );
    compiled.extend(
        spec.language
            .as_ref()
            .map(|l| boxed("language", kinds::language::Language::compile(l))),
    );
    compiled.extend(kinds::compile_entity_kinds(spec, context));
    compiled
        .pop()
        .map_or_else(|| Err("no rule kind given".into()), |(_, check)| check)
}

/// The name of the one kind block a rule carries.
fn kind_of(spec: &RuleSpec) -> Result<&'static str, String> {
    let present: Vec<&'static str> = [
        ("pattern", spec.pattern.is_some()),
        ("substitution", spec.substitution.is_some()),
        ("boilerplate", spec.boilerplate.is_some()),
        ("balance", spec.balance.is_some()),
        ("glued-words", spec.glued_words.is_some()),
        ("repetition", spec.repetition.is_some()),
        ("script", spec.script.is_some()),
        ("language", spec.language.is_some()),
        ("variants", spec.variants.is_some()),
        ("name-consistency", spec.name_consistency.is_some()),
        ("pronoun-gender", spec.pronoun_gender.is_some()),
        ("person-which", spec.person_which.is_some()),
        ("doubled-subject", spec.doubled_subject.is_some()),
        ("office-titles", spec.office_titles.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, present)| present.then_some(name))
    .collect();
    match present.as_slice() {
        [kind] => Ok(kind),
        [] => Err(format!(
            "no rule kind given; add one of: {}",
            kinds::NAMES.join(", ")
        )),
        _ => Err(format!(
            "a rule has exactly one kind, found {}",
            present.join(" and ")
        )),
    }
}

/// Checks that the rule's message and suggestions use only variables its
/// check provides.
pub(crate) fn validate_templates(rule: &Rule, check: &dyn Check) -> Result<(), String> {
    if rule.kind == "substitution" && !rule.suggest.is_empty() {
        return Err(
            "a substitution rule takes its suggestions from its table; remove `suggest`".into(),
        );
    }
    let known = check.variables();
    for template in std::iter::once(&rule.message).chain(&rule.suggest) {
        for name in template::variables(template) {
            if name != "text" && !known.iter().any(|k| k == name) {
                let listed: Vec<String> = known.iter().map(|k| format!("${k}")).collect();
                return Err(format!(
                    "unknown variable `${name}` in {template:?}; known: $text {}",
                    listed.join(" ")
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built-in rule is compiled on first use, and `compile_all` (which
    /// `rules --test` and the test suite run) reports what loading would.
    #[test]
    fn deferred_rules_report_errors_when_compiled() {
        let yaml = r#"
rules:
  - id: test.bad-variable
    class: style
    severity: info
    description: d
    message: "Uses $nope"
    pattern: { regex: 'x', scope: sentence }
    examples: { flag: ["[[x]]"], pass: ["y"] }
"#;
        let spec = parse_source_file("t.yaml", yaml).unwrap().rules.remove(0);
        let context = CompileContext::default();
        let rule = compile("t.yaml", spec, &context, true).unwrap();
        let err = rule.compile_all().unwrap_err();
        assert!(err.contains("unknown variable `$nope`"), "{err}");
        let spec = parse_source_file("t.yaml", yaml).unwrap().rules.remove(0);
        let err = compile("t.yaml", spec, &context, false).unwrap_err();
        assert!(
            err.to_string().contains("unknown variable `$nope`"),
            "{err}"
        );
    }

    /// The gazetteer that `build.rs` embeds (postcard) reads as the same data
    /// as its YAML files: every section, every entry, every dated office.
    #[test]
    fn embedded_gazetteer_matches_the_yaml() {
        let mut from_yaml = String::new();
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from("rules")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let keys = ["people:", "places:", "organisations:", "offices:"];
            if text.lines().any(|l| keys.iter().any(|k| l.starts_with(k))) {
                let sections: DataSections = serde_saphyr::from_str(&text).unwrap();
                from_yaml.push_str(&format!("{sections:?}"));
            }
        }
        let embedded = embedded_gazetteer();
        assert!(embedded.len() > 5, "{} sections", embedded.len());
        let from_binary: String = embedded.iter().map(|s| format!("{s:?}")).collect();
        assert_eq!(from_binary, from_yaml);
    }

    /// The JSON that `build.rs` embeds reads as the same rules as the YAML,
    /// and each embedded rule's position is the one the YAML parser reports.
    #[test]
    fn embedded_json_matches_the_yaml() {
        for (file, yaml, json) in EMBEDDED_RULES {
            let from_yaml = parse_source_file(file, yaml).unwrap().rules;
            let from_json = parse_embedded_file(file, json).unwrap().rules;
            assert_eq!(from_yaml.len(), from_json.len(), "{file}");
            for (y, j) in from_yaml.iter().zip(&from_json) {
                assert_eq!(y.id.value, j.id.value, "{file}");
                // Everything but the id's position (JSON has none) is the same.
                let after_id = |spec: &RuleSpec| {
                    let debug = format!("{spec:?}");
                    debug[debug.find(", class:").unwrap_or(0)..].to_string()
                };
                assert_eq!(after_id(y), after_id(j), "{file}");
                let position = (y.id.referenced.line(), y.id.referenced.column());
                assert_eq!(
                    embedded_position(file, &j.id.value),
                    Some(position),
                    "{file}"
                );
            }
        }
    }
}

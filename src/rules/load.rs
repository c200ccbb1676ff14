//! Loading rule files: YAML parsing, validation and compilation.

use super::examples::{self, Examples};
use super::spec::RuleSpec;
use super::{kinds, template, Check, Origin, Rule, RuleSet};
use crate::entities::gazetteer::{self, DataSections, Gazetteer};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The embedded gazetteer data files, validated and converted to JSON by `build.rs`.
static EMBEDDED_GAZETTEER: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.json"));

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
    let mut gazetteer = Gazetteer::default();
    let mut specs: Vec<(usize, String, RuleSpec)> = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        if let RuleSource::Embedded = source {
            let embedded: Vec<DataSections> =
                serde_json::from_str(EMBEDDED_GAZETTEER).map_err(|e| LoadError::Yaml {
                    file: "rules/en/gazetteer (embedded)".into(),
                    line: e.line() as u64,
                    column: e.column() as u64,
                    message: e.to_string(),
                })?;
            embedded.into_iter().for_each(|data| gazetteer.add(data));
        }
        for (file, contents) in files_of(source)? {
            let parsed = match contents {
                Contents::Yaml(yaml) => parse_source_file(&file, &yaml)?,
                Contents::EmbeddedJson(json) => parse_embedded_file(&file, json)?,
            };
            gazetteer.add(parsed.data);
            specs.extend(parsed.rules.into_iter().map(|r| (index, file.clone(), r)));
        }
    }
    let context = CompileContext {
        gazetteer: Arc::new(gazetteer),
    };
    let mut by_id: HashMap<String, Rule> = HashMap::new();
    let mut seen: HashMap<String, (usize, Origin)> = HashMap::new();
    for (source, file, spec) in specs {
        let rule = compile(&file, spec, &context)?;
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
    Ok(RuleSet::new(rules).with_gazetteer(context.gazetteer))
}

/// What rule kinds may use while compiling: the merged gazetteer.
#[derive(Debug, Clone, Default)]
pub struct CompileContext {
    pub gazetteer: Arc<Gazetteer>,
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

fn compile(file: &str, spec: RuleSpec, context: &CompileContext) -> Result<Rule, LoadError> {
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
    let (kind, check) = compile_kind(&spec, context).map_err(error)?;
    validate_templates(&spec, check.as_ref()).map_err(error)?;
    Ok(Rule {
        id: id.clone(),
        class: spec.class,
        severity: spec.severity,
        description: spec.description,
        message: spec.message,
        suggest: spec.suggest,
        safe: spec.safe,
        kind,
        origin: origin.clone(),
        examples,
        check,
    })
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
fn compile_kind(
    spec: &RuleSpec,
    context: &CompileContext,
) -> Result<(&'static str, Box<dyn Check>), String> {
    use kinds::{
        balance::Balance, boilerplate::Boilerplate, pattern::Pattern, substitution::Substitution,
    };
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
        let names = Box::new(context.gazetteer.clone());
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
    match compiled.len() {
        1 => {
            let (kind, check) = compiled.pop().expect("one element");
            check.map(|c| (kind, c))
        }
        0 => Err(format!(
            "no rule kind given; add one of: {}",
            kinds::NAMES.join(", ")
        )),
        _ => {
            let names: Vec<&str> = compiled.iter().map(|(k, _)| *k).collect();
            Err(format!(
                "a rule has exactly one kind, found {}",
                names.join(" and ")
            ))
        }
    }
}

fn validate_templates(spec: &RuleSpec, check: &dyn Check) -> Result<(), String> {
    if spec.substitution.is_some() && !spec.suggest.is_empty() {
        return Err(
            "a substitution rule takes its suggestions from its table; remove `suggest`".into(),
        );
    }
    let known = check.variables();
    for template in std::iter::once(&spec.message).chain(&spec.suggest) {
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

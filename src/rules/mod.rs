//! The rule registry: rules loaded from YAML, compiled into checks.
//!
//! Each rule kind lives in its own module under [`kinds`] and implements
//! [`Check`]; a kind reports raw [`Hit`]s and the registry turns them into
//! [`Finding`]s with the rule's id, class, severity, message and suggestions.

pub mod examples;
pub mod kinds;
pub(crate) mod load;
pub mod spec;
pub mod template;

pub use load::{CompileContext, LoadError, RuleSource};

use crate::diagnostic::{Class, Finding, Severity, Span, Suggestion};
use crate::text::Document;
use std::sync::OnceLock;

/// Where a rule was defined, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Named values for message and suggestion templates.
pub type Vars = Vec<(String, String)>;

/// A raw match reported by a rule kind.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub span: Span,
    /// Variables for the message and suggestion templates.
    pub vars: Vars,
    /// Replacements chosen by the kind itself; when empty the rule's
    /// `suggest` templates are used.
    pub replacements: Vec<String>,
}

impl Hit {
    pub fn at(span: Span) -> Self {
        Hit {
            span,
            ..Hit::default()
        }
    }
    fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What every rule kind implements.
pub trait Check: Send + Sync + std::fmt::Debug {
    /// Reports every hit in `doc`.
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>);
    /// The substitution table behind this check, if it is one (long texts
    /// search all tables in one pass: see [`kinds::substitution::TableGroup`]).
    fn as_substitution(&self) -> Option<&kinds::substitution::Substitution> {
        None
    }
    /// Compiles whatever the kind compiles lazily, so that a rule test sees
    /// every error at once.
    fn compile_all(&self) -> Result<(), String> {
        Ok(())
    }
    /// Template variables the kind provides besides `text` (checked at load time).
    fn variables(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A loaded rule: its metadata, its examples and its compiled check.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub class: Class,
    pub severity: Severity,
    pub description: String,
    pub message: String,
    pub suggest: Vec<String>,
    pub safe: bool,
    pub kind: &'static str,
    pub origin: Origin,
    pub examples: examples::Examples,
    check: CompiledCheck,
}

/// A rule's check: compiled at load, or on first use (see `load::compile`).
#[derive(Debug, Default)]
pub(crate) struct CompiledCheck {
    compiled: OnceLock<Box<dyn Check>>,
    deferred: Option<Box<(spec::RuleSpec, CompileContext)>>,
}

impl CompiledCheck {
    /// A check compiled already.
    pub(crate) fn now(check: Box<dyn Check>) -> CompiledCheck {
        CompiledCheck {
            compiled: OnceLock::from(check),
            deferred: None,
        }
    }

    /// A check compiled from `spec` when it is first used.
    pub(crate) fn deferred(spec: spec::RuleSpec, context: CompileContext) -> CompiledCheck {
        CompiledCheck {
            compiled: OnceLock::new(),
            deferred: Some(Box::new((spec, context))),
        }
    }

    fn get(&self) -> &dyn Check {
        self.compiled
            .get_or_init(|| match &self.deferred {
                Some(deferred) => load::compile_deferred(&deferred.0, &deferred.1),
                None => Box::new(load::NoCheck),
            })
            .as_ref()
    }
}

impl Rule {
    /// The rule's compiled check (compiled now if it was deferred).
    pub fn check(&self) -> &dyn Check {
        self.check.get()
    }

    /// Compiles everything the rule compiles lazily and checks its message
    /// templates, so that a rule test sees every error at once.
    pub fn compile_all(&self) -> Result<(), String> {
        self.check().compile_all()?;
        load::validate_templates(self, self.check())
    }

    /// Runs the rule over a document and returns its findings.
    pub fn findings(&self, doc: &Document) -> Vec<Finding> {
        let mut hits = Vec::new();
        self.check().check(doc, &mut hits);
        self.findings_of(doc, hits)
    }

    /// Turns this rule's raw hits into findings.
    pub fn findings_of(&self, doc: &Document, hits: Vec<Hit>) -> Vec<Finding> {
        hits.into_iter().map(|hit| self.finding(doc, hit)).collect()
    }

    fn finding(&self, doc: &Document, hit: Hit) -> Finding {
        let text = hit.span.of(doc.text);
        let lookup = |name: &str| {
            if name == "text" {
                Some(text)
            } else {
                hit.var(name)
            }
        };
        let message = template::expand(&self.message, lookup);
        let replacements: Vec<String> = if hit.replacements.is_empty() {
            self.suggest
                .iter()
                .map(|t| template::expand(t, lookup))
                .collect()
        } else {
            hit.replacements.clone()
        };
        let suggestions = replacements
            .into_iter()
            .filter(|r| r != text)
            .map(|replacement| Suggestion {
                replacement,
                safe: self.safe,
            })
            .collect();
        Finding {
            rule: self.id.clone(),
            class: self.class,
            severity: self.severity,
            message,
            span: hit.span,
            suggestions,
        }
    }
}

/// All rules in force, in a stable order (by id).
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Substitution rules grouped by case mode, built on the first long text.
    table_groups: OnceLock<Vec<TableGroupOfRules>>,
}

/// One [`TableGroup`](kinds::substitution::TableGroup) and the rules (by
/// index into [`RuleSet::rules`]) whose tables it holds.
#[derive(Debug)]
pub struct TableGroupOfRules {
    pub group: kinds::substitution::TableGroup,
    pub members: Vec<usize>,
}

impl RuleSet {
    /// The rules embedded in the binary.
    pub fn embedded() -> Result<RuleSet, LoadError> {
        RuleSet::load(&[RuleSource::Embedded])
    }

    /// Loads rules from the sources in order; a later source's rule replaces
    /// an earlier one with the same id.
    pub fn load(sources: &[RuleSource]) -> Result<RuleSet, LoadError> {
        load::load(sources)
    }

    /// Builds a rule set from compiled rules (sorted by id by the loader).
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            rules,
            table_groups: OnceLock::new(),
        }
    }

    /// The substitution rules' tables, grouped for one-pass scans.
    pub fn table_groups(&self) -> &[TableGroupOfRules] {
        self.table_groups.get_or_init(|| {
            let mut groups = Vec::new();
            for case in [spec::CaseMode::Sensitive, spec::CaseMode::Insensitive] {
                let (members, subs): (Vec<usize>, Vec<_>) = self
                    .rules
                    .iter()
                    .enumerate()
                    // Only substitution rules are compiled here (built-in
                    // rules compile on first use).
                    .filter(|(_, r)| r.kind == "substitution")
                    .filter_map(|(i, r)| Some((i, r.check().as_substitution()?)))
                    .filter(|(_, sub)| sub.case == case && sub.groups_well())
                    .unzip();
                if let Some(group) = kinds::substitution::TableGroup::build(&subs, case) {
                    groups.push(TableGroupOfRules { group, members });
                }
            }
            groups
        })
    }

    /// Whether rule `index` is searched by a table group on long texts.
    pub fn in_table_group(&self, index: usize) -> bool {
        self.table_groups()
            .iter()
            .any(|g| g.members.contains(&index))
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! One run; the tool's rules carry id, short and full description, default
//! level and the class as a tag; each result has the rule id and index, level,
//! message and a region with 1-based line and column (Unicode code points, as
//! `columnKind` says) and byte offset and length. Results are streamed.

use super::{Emitter, FileReport, Summary};
use crate::diagnostic::Severity;
use crate::rules::RuleSet;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// What SARIF says about one rule.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub class: String,
    pub severity: Severity,
    pub description: String,
}

impl RuleMeta {
    /// Every rule of a set, plus the unused-suppression pseudo-rule.
    pub fn all(rules: &RuleSet) -> Vec<RuleMeta> {
        let mut out: Vec<RuleMeta> = rules
            .rules
            .iter()
            .map(|r| RuleMeta {
                id: r.id.clone(),
                class: r.class.to_string(),
                severity: r.severity,
                description: r.description.clone(),
            })
            .collect();
        out.push(RuleMeta {
            id: crate::suppress::UNUSED_RULE.to_string(),
            class: "style".to_string(),
            severity: Severity::Warning,
            description: "A suppression comment that hid no finding".to_string(),
        });
        out
    }
}

pub struct Sarif {
    rules: Vec<RuleMeta>,
    index: HashMap<String, usize>,
    results_written: usize,
    started: bool,
}

impl Sarif {
    pub fn new(rules: Vec<RuleMeta>) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Sarif {
            rules,
            index,
            results_written: 0,
            started: false,
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<Value> = self.rules.iter().map(rule_json).collect();
        let driver = json!({
            "name": "mtlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{}}},\"columnKind\":\"unicodeCodePoints\",\"results\":[",
            driver
        )
    }
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_json(rule: &RuleMeta) -> Value {
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": rule.description},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": [rule.class]},
    })
}

/// A relative URI reference for a path: `\` becomes `/`, and bytes outside
/// the unreserved set and `/` are percent-encoded.
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Emitter for Sarif {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        self.start(out)?;
        let uri = path_uri(&report.path);
        for f in &report.findings {
            let start = report.line_col(f.span.start);
            let end = report.line_col(f.span.end);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                        "byteOffset": f.span.start,
                        "byteLength": f.span.len(),
                        "snippet": {"text": f.span.of(&report.text)},
                    }
                }}],
            });
            if let Some(i) = self.index.get(&f.rule) {
                result["ruleIndex"] = json!(i);
            }
            out.write_all(if self.results_written == 0 {
                b"\n"
            } else {
                b",\n"
            })?;
            serde_json::to_writer(&mut *out, &result)?;
            self.results_written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "\n]}}]}}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_encoded() {
        assert_eq!(super::path_uri("./a b/ü#1.md"), "a%20b/%C3%BC%231.md");
    }
}

//! Runs a rule set over one text: rule selection, severity threshold, ordering.

use crate::diagnostic::{Class, Finding, Severity};
use crate::rules::kinds::substitution::TableGroup;
use crate::rules::{Rule, RuleSet};
use crate::text::Document;

/// Picks rules by id, by id prefix (`punctuation` picks `punctuation.*`) or by class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    /// Parses a selector, rejecting one that matches no loaded rule.
    pub fn parse(rules: &RuleSet, text: &str) -> Result<Selector, String> {
        let selector = Selector(text.to_string());
        if Class::parse(text).is_some() || rules.rules.iter().any(|r| selector.matches(r)) {
            Ok(selector)
        } else {
            Err(format!(
                "unknown rule id or class `{text}` (see `mtlint rules`)"
            ))
        }
    }

    pub fn matches(&self, rule: &Rule) -> bool {
        self.matches_id(&rule.id, rule.class)
    }

    /// Matches a rule (or a finding) by its id and class.
    pub fn matches_id(&self, id: &str, class: Class) -> bool {
        let s = self.0.as_str();
        id == s
            || id.strip_prefix(s).is_some_and(|rest| rest.starts_with('.'))
            || class.as_str() == s
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which findings to report.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub min_severity: Severity,
    /// When not empty, only rules matching one of these run.
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    /// The date that decides who held which office (`--date`); today when `None`.
    pub date: Option<crate::entities::Date>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            min_severity: Severity::Info,
            select: Vec::new(),
            ignore: Vec::new(),
            date: None,
        }
    }
}

impl CheckOptions {
    pub fn enables(&self, rule: &Rule) -> bool {
        rule.severity >= self.min_severity
            && (self.select.is_empty() || self.select.iter().any(|s| s.matches(rule)))
            && !self.ignore.iter().any(|s| s.matches(rule))
    }
}

/// Checks `text` with every enabled rule; findings are sorted by position, then rule id.
pub fn check_text(rules: &RuleSet, text: &str, options: &CheckOptions) -> Vec<Finding> {
    let doc = Document::new(text).with_date(options.date);
    check_document(rules, &doc, options)
}

/// [`check_text`], and the number of words in `text` (for the quality score),
/// counted from the tokens when a rule has built them.
pub fn check_counting_words(
    rules: &RuleSet,
    text: &str,
    options: &CheckOptions,
) -> (Vec<Finding>, usize) {
    let doc = Document::new(text).with_date(options.date);
    let findings = check_document(rules, &doc, options);
    (findings, doc.word_count())
}

/// Texts from this long have their rules run in parallel, on the rayon pool
/// (`--threads`); shorter ones are checked on the calling thread, so that a
/// paragraph starts no threads.
const PARALLEL_TEXT: usize = 256 * 1024;

/// Checks a document with every enabled rule; findings are sorted by
/// position, then rule id.
pub fn check_document(rules: &RuleSet, doc: &Document, options: &CheckOptions) -> Vec<Finding> {
    let text = doc.text;
    let enabled: Vec<bool> = rules.rules.iter().map(|r| options.enables(r)).collect();
    let grouped = TableGroup::worth_it(text);
    let alone: Vec<usize> = (0..rules.rules.len())
        .filter(|&i| enabled[i] && !(grouped && rules.in_table_group(i)))
        .collect();
    let each_rule = |&i: &usize| rules.rules[i].findings(doc);
    let table_findings = || {
        if grouped {
            grouped_substitutions(rules, doc, &enabled)
        } else {
            Vec::new()
        }
    };
    let (mut findings, per_rule): (Vec<Finding>, Vec<Vec<Finding>>) = if text.len() >= PARALLEL_TEXT
    {
        use rayon::prelude::*;
        rayon::join(table_findings, || alone.par_iter().map(each_rule).collect())
    } else {
        (table_findings(), alone.iter().map(each_rule).collect())
    };
    findings.extend(per_rule.into_iter().flatten());
    findings.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
    // One finding per span and rule; and where two rules of one class flag the
    // same span with the same fix (a hand table and the gazetteer), one of them.
    findings.dedup_by(|a, b| {
        a.span == b.span
            && (a.rule == b.rule || (a.class == b.class && a.suggestions == b.suggestions))
    });
    findings
}

/// The enabled substitution rules' findings, from one pass per table group.
fn grouped_substitutions(rules: &RuleSet, doc: &Document, enabled: &[bool]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for group in rules.table_groups() {
        if !group.members.iter().any(|&i| enabled[i]) {
            continue;
        }
        let members: Vec<_> = group
            .members
            .iter()
            .filter_map(|&i| rules.rules[i].check().as_substitution())
            .collect();
        let hits = group.group.check(&members, doc);
        for (&i, hits) in group.members.iter().zip(hits) {
            if enabled[i] {
                findings.extend(rules.rules[i].findings_of(doc, hits));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long text, whose rules run in parallel, gets the findings it gets on
    /// one thread, in the same order.
    #[test]
    fn parallel_rules_find_what_one_thread_finds() {
        let rules = RuleSet::embedded().unwrap();
        let paragraph = "White House spokeswoman Karin Jean-Pierre said the the talks in \
                         Gaza Stripthe went on. “We are ready,” he added. Anthony Blinken, \
                         the US Foreign Minister, met Guterez and Guterres in Rafa and Rafah.\n\n";
        let text = paragraph.repeat(PARALLEL_TEXT / paragraph.len() + 1);
        let options = CheckOptions::default();
        let parallel = check_text(&rules, &text, &options);
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| check_text(&rules, &text, &options));
        assert!(
            parallel.len() > 1000,
            "the sample text should trip many rules"
        );
        assert_eq!(parallel, one_thread);
    }

    /// A long text scanned by the table groups gives the findings that each
    /// substitution rule finds on its own.
    #[test]
    fn grouped_tables_find_what_each_rule_finds() {
        let rules = RuleSet::embedded().unwrap();
        let paragraph = "The US Foreign Minister Anthony Blinken met the Spanish President \
                         in Peking, said the foreign minister of Chile. Chancellor Scholz, \
                         Prime Minister Olaf Scholz and President of the Government Sánchez. ";
        let text = paragraph.repeat(TableGroup::MIN_TEXT / paragraph.len() + 1);
        assert!(TableGroup::worth_it(&text));
        let doc = Document::new(&text);
        let mut each: Vec<Finding> = rules
            .rules
            .iter()
            .enumerate()
            .filter(|(i, _)| rules.in_table_group(*i))
            .flat_map(|(_, r)| r.findings(&doc))
            .collect();
        let mut grouped = grouped_substitutions(&rules, &doc, &vec![true; rules.rules.len()]);
        for list in [&mut each, &mut grouped] {
            list.sort_by(|a, b| (a.span, &a.rule).cmp(&(b.span, &b.rule)));
        }
        assert!(each.len() > 100, "the sample text should trip the tables");
        assert_eq!(grouped, each);
    }
}

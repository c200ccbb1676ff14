//! Every built-in rule flags its `flag` examples exactly and stays quiet on its `pass` examples.

use mtlint::rules::{examples, RuleSet};

#[test]
fn every_rule_passes_its_own_examples() {
    let rules = RuleSet::embedded().expect("built-in rules load");
    assert!(!rules.rules.is_empty());
    let failures: Vec<String> = rules
        .rules
        .iter()
        .flat_map(examples::run)
        .map(|f| f.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_examples_of_both_kinds() {
    for rule in RuleSet::embedded().expect("built-in rules load").rules {
        assert!(
            !rule.examples.flag.is_empty() && !rule.examples.pass.is_empty(),
            "{}",
            rule.id
        );
    }
}

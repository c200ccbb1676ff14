//! Rule examples: texts a rule must flag, with the flagged parts marked
//! `[[like this]]`, and texts it must not flag. `mtlint rules --test` and the
//! test suite run them all.

use super::Rule;
use crate::diagnostic::Span;
use crate::text::Document;

/// A flag example with its markers removed and the marked spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedText {
    pub text: String,
    pub marked: Vec<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub flag: Vec<MarkedText>,
    pub pass: Vec<String>,
}

/// Removes `[[` `]]` markers, recording the spans they enclosed.
pub fn parse_marked(source: &str) -> Result<MarkedText, String> {
    let mut text = String::with_capacity(source.len());
    let mut marked = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after
            .find("]]")
            .ok_or_else(|| format!("unclosed `[[` in example {source:?}"))?;
        let start = text.len();
        text.push_str(&after[..close]);
        marked.push(Span::new(start, text.len()));
        rest = &after[close + 2..];
    }
    if rest.contains("]]") {
        return Err(format!("`]]` without `[[` in example {source:?}"));
    }
    text.push_str(rest);
    if marked.is_empty() {
        return Err(format!(
            "flag example marks nothing (use [[...]]): {source:?}"
        ));
    }
    Ok(MarkedText { text, marked })
}

/// One way a rule disagrees with its own examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}\n    example: {:?}",
            self.rule, self.problem, self.example
        )
    }
}

/// Runs a rule's examples; returns every failure.
pub fn run(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let fail = |example: &str, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        example: example.to_string(),
        problem,
    };
    if let Err(problem) = rule.compile_all() {
        failures.push(fail("", problem));
    }
    for example in &rule.examples.flag {
        let doc = Document::new(&example.text);
        let found: Vec<Span> = rule.findings(&doc).iter().map(|f| f.span).collect();
        for want in &example.marked {
            if !found.contains(want) {
                let got: Vec<&str> = found.iter().map(|s| s.of(&example.text)).collect();
                failures.push(fail(
                    &example.text,
                    format!("must flag {:?}, flagged {got:?}", want.of(&example.text)),
                ));
            }
        }
        for extra in found.iter().filter(|s| !example.marked.contains(s)) {
            failures.push(fail(
                &example.text,
                format!("flagged unmarked {:?}", extra.of(&example.text)),
            ));
        }
    }
    for text in &rule.examples.pass {
        let doc = Document::new(text);
        for finding in rule.findings(&doc) {
            failures.push(fail(
                text,
                format!("must not flag, flagged {:?}", finding.span.of(text)),
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_spans() {
        let m = parse_marked("a [[b]] c [[dd]]").unwrap();
        assert_eq!(m.text, "a b c dd");
        assert_eq!(m.marked, [Span::new(2, 3), Span::new(6, 8)]);
        assert!(parse_marked("no marks").is_err());
        assert!(parse_marked("a [[b").is_err());
    }
}

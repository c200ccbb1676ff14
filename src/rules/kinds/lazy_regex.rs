//! A regex that is checked at load time but compiled on first use, behind a
//! literal prefilter. Boilerplate and pattern rules use it.
//!
//! Compiling a regex with Unicode classes costs up to a millisecond, and most
//! boilerplate patterns never get a line that could match them: "Follow us on"
//! cannot match a line that does not start with "follow". So loading only
//! parses the pattern (which catches every syntax error and yields the capture
//! names), extracts the literals any match must begin with, and compiles the
//! automaton the first time a line passes that prefilter. The prefilter stays
//! in front of the regex afterwards: comparing a line's first bytes with a few
//! literals costs far less than a regex call per line.

use super::ascii_word_boundaries;
use memchr::memmem;
use regex::{Captures, Regex};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};
use std::sync::OnceLock;

/// A regex compiled on first use, for matching whole (short) lines.
#[derive(Debug)]
pub struct LazyRegex {
    /// The pattern as compiled (ASCII word boundaries).
    source: String,
    /// Capture group names by group index (index 0 is the whole match).
    names: Vec<Option<String>>,
    /// The parsed pattern, kept for the prefilter and for [`LazyRegex::hir`].
    hir: Hir,
    /// Built on first use: a pattern rule on a long text uses its own filter.
    prefilter: OnceLock<Option<Prefilter>>,
    compiled: OnceLock<Option<Regex>>,
}

/// Literals one of which every match starts (or ends) with.
#[derive(Debug)]
struct Prefilter {
    literals: Vec<Vec<u8>>,
    /// Where in the haystack the literal must be.
    at: Position,
    /// For `Position::Start`: the first bytes of the literals, in both cases.
    first_bytes: [bool; 256],
    /// For `Position::Anywhere`: a searcher per literal, built once.
    finders: Vec<memmem::Finder<'static>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// At the start: the pattern begins with `^` and then the literal.
    Start,
    /// At the end: the literal then `$` ends the pattern.
    End,
    Anywhere,
}

impl Prefilter {
    /// Prefix literals, or else suffix literals, when every match has one;
    /// literals at a fixed place (start or end) before literals anywhere.
    ///
    /// Literals at a fixed place are compared without ASCII case, so they are
    /// taken from the pattern with its ASCII case variants folded: `(?i)share`
    /// gives one literal, not the 32 spellings from "share" to "SHARE".
    fn from_hir(hir: &Hir) -> Option<Prefilter> {
        let props = hir.properties();
        let folded = without_ascii_case(hir);
        let prefix = if props.look_set_prefix().contains(Look::Start) {
            Self::extract(&folded, ExtractKind::Prefix).map(|l| (l, Position::Start))
        } else {
            Self::extract(hir, ExtractKind::Prefix).map(|l| (l, Position::Anywhere))
        };
        let suffix = if props.look_set_suffix().contains(Look::End) {
            Self::extract(&folded, ExtractKind::Suffix).map(|l| (l, Position::End))
        } else {
            Self::extract(hir, ExtractKind::Suffix).map(|l| (l, Position::Anywhere))
        };
        let inner = required_literal(hir).map(|literal| (vec![literal], Position::Anywhere));
        let fixed = |c: &Option<(Vec<Vec<u8>>, Position)>| {
            c.as_ref().is_some_and(|(_, at)| *at != Position::Anywhere)
        };
        let (literals, at) = if !fixed(&prefix) && fixed(&suffix) {
            suffix
        } else {
            prefix.or(suffix).or(inner)
        }?;
        Some(Prefilter::new(literals, at))
    }

    fn new(mut literals: Vec<Vec<u8>>, at: Position) -> Prefilter {
        if at != Position::Anywhere {
            // Case variants of one literal become one, compared without case.
            literals.iter_mut().for_each(|l| l.make_ascii_lowercase());
            literals.sort();
            literals.dedup();
        }
        let mut first_bytes = [false; 256];
        for &b in literals.iter().filter_map(|l| l.first()) {
            first_bytes[b.to_ascii_lowercase() as usize] = true;
            first_bytes[b.to_ascii_uppercase() as usize] = true;
        }
        let finders = match at {
            Position::Anywhere => literals
                .iter()
                .map(|l| memmem::Finder::new(l).into_owned())
                .collect(),
            _ => Vec::new(),
        };
        Prefilter {
            literals,
            at,
            first_bytes,
            finders,
        }
    }

    fn extract(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
        let seq = Extractor::new().kind(kind).extract(hir);
        let literals: Vec<Vec<u8>> = seq
            .literals()?
            .iter()
            .map(|lit| lit.as_bytes().to_vec())
            .collect();
        let useful = !literals.is_empty() && literals.iter().all(|l| !l.is_empty());
        useful.then_some(literals)
    }

    fn may_match(&self, haystack: &str) -> bool {
        let bytes = haystack.as_bytes();
        match self.at {
            Position::Start => {
                let Some(&first) = bytes.first().filter(|&&b| self.first_bytes[b as usize]) else {
                    return false;
                };
                // The literals are lower-case and sorted: only those that
                // open with the line's first byte can match.
                let first = first.to_ascii_lowercase();
                let from = self.literals.partition_point(|l| l[0] < first);
                let to = self.literals.partition_point(|l| l[0] <= first);
                self.literals[from..to].iter().any(|lit| {
                    bytes
                        .get(..lit.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(lit))
                })
            }
            Position::End => self.literals.iter().any(|lit| {
                bytes
                    .len()
                    .checked_sub(lit.len())
                    .is_some_and(|at| bytes[at..].eq_ignore_ascii_case(lit))
            }),
            Position::Anywhere => self.finders.iter().any(|f| f.find(bytes).is_some()),
        }
    }
}

impl LazyRegex {
    /// Parses `source` (reporting any syntax error) without compiling it.
    pub fn new(source: &str) -> Result<Self, String> {
        let rewritten = ascii_word_boundaries(source);
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&rewritten)
            .map_err(|e| format!("bad regex {source:?}: {e}"))?;
        let mut names = vec![None];
        collect_capture_names(&hir, &mut names);
        Ok(LazyRegex {
            hir,
            prefilter: OnceLock::new(),
            source: rewritten,
            names,
            compiled: OnceLock::new(),
        })
    }

    /// Capture group names in group order, `None` for unnamed groups.
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.names.iter().map(Option::as_deref)
    }

    /// The captures of the leftmost match in `haystack`, if any.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let regex = self.regex_for(haystack)?;
        // Finding no match is cheaper than finding no captures.
        if !regex.is_match(haystack) {
            return None;
        }
        regex.captures(haystack)
    }

    /// The compiled regex, unless `haystack` cannot hold a match (then
    /// nothing is compiled). The literal check runs every time: for a short
    /// line it costs less than the call into the regex.
    pub fn regex_for(&self, haystack: &str) -> Option<&Regex> {
        if !self.may_match(haystack) {
            return None;
        }
        self.regex()
    }

    /// Whether `haystack` holds one of the literals every match starts with,
    /// ends with or contains (true when the pattern has no such literals).
    pub fn may_match(&self, haystack: &str) -> bool {
        let prefilter = self
            .prefilter
            .get_or_init(|| Prefilter::from_hir(&self.hir));
        prefilter.as_ref().is_none_or(|p| p.may_match(haystack))
    }

    /// The compiled regex, compiled now if need be (`None` only if too large).
    pub fn compiled(&self) -> Option<&Regex> {
        self.regex()
    }

    /// The parsed pattern (as compiled), for analyses that need its structure.
    pub fn hir(&self) -> &Hir {
        &self.hir
    }

    /// Number of capture groups, the whole match included.
    pub fn captures_len(&self) -> usize {
        self.names.len()
    }

    /// Compiles the regex now; an error names the pattern. Parsing at load
    /// time catches syntax errors, so only size limits can fail here.
    pub fn force(&self) -> Result<(), String> {
        match self.regex() {
            Some(_) => Ok(()),
            None => Err(format!("regex {:?} is too large to compile", self.source)),
        }
    }

    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }
}

/// `hir` with each class that is just an ASCII letter in both cases (`[Ss]`,
/// as `(?i)` writes letters) turned into the lower-case letter. Matches of
/// the result are the matches of `hir` up to ASCII case.
fn without_ascii_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => match class.ranges() {
            [upper, lower]
                if upper.start() == upper.end()
                    && lower.start() == lower.end()
                    && upper.start().is_ascii_uppercase()
                    && lower.start() == upper.start().to_ascii_lowercase() =>
            {
                Hir::literal(lower.start().to_string().into_bytes())
            }
            _ => hir.clone(),
        },
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(without_ascii_case(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(without_ascii_case(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_ascii_case).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_ascii_case).collect())
        }
        _ => hir.clone(),
    }
}

/// A literal that every match contains (one reached from the top through
/// concatenations, groups and repetitions of at least one), preferring long
/// and rare ones. A lone space or full stop filters nothing and is not used.
fn required_literal(hir: &Hir) -> Option<Vec<u8>> {
    let mut found = Vec::new();
    collect_required_literals(hir, &mut found);
    let selectivity = |lit: &Vec<u8>| (lit.len(), !lit.iter().any(|b| b" .,".contains(b)));
    found
        .into_iter()
        .filter(|lit| !matches!(lit.as_slice(), b" " | b"." | b","))
        .max_by_key(selectivity)
}

fn collect_required_literals(hir: &Hir, found: &mut Vec<Vec<u8>>) {
    match hir.kind() {
        HirKind::Literal(lit) => found.push(lit.0.to_vec()),
        HirKind::Capture(cap) => collect_required_literals(&cap.sub, found),
        HirKind::Repetition(rep) if rep.min > 0 => collect_required_literals(&rep.sub, found),
        HirKind::Concat(subs) => subs
            .iter()
            .for_each(|sub| collect_required_literals(sub, found)),
        _ => {}
    }
}

/// Appends the names of `hir`'s capture groups, indexed by group number.
fn collect_capture_names(hir: &Hir, names: &mut Vec<Option<String>>) {
    match hir.kind() {
        HirKind::Capture(cap) => {
            let index = cap.index as usize;
            if names.len() <= index {
                names.resize(index + 1, None);
            }
            names[index] = cap.name.as_deref().map(str::to_string);
            collect_capture_names(&cap.sub, names);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                collect_capture_names(sub, names);
            }
        }
        HirKind::Repetition(rep) => collect_capture_names(&rep.sub, names),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_the_compiled_regex() {
        let re = LazyRegex::new(r"^(?i)(?:follow|join) us on (?P<net>\w+)").unwrap();
        let caps = re.captures("Follow us on Telegram").unwrap();
        assert_eq!(&caps["net"], "Telegram");
        assert!(re.captures("We follow us on nothing").is_none());
        assert!(re.compiled.get().is_some());
    }

    #[test]
    fn prefilter_skips_compilation() {
        let re = LazyRegex::new(r"^(?i)share this\b").unwrap();
        assert!(re.captures("The minister said.").is_none());
        assert!(re.compiled.get().is_none(), "compiled without need");
    }

    #[test]
    fn unanchored_prefilter_looks_inside() {
        let re = LazyRegex::new(r"(?P<flag>\(Photo\s*=[^)]+\))$").unwrap();
        assert!(re.captures("Talks resume (Photo = Reuters)").is_some());
    }

    #[test]
    fn suffix_prefilter_when_no_prefix() {
        let re = LazyRegex::new(r"^\d+\s+(?i:comments?)$").unwrap();
        assert!(re.captures("The minister said.").is_none());
        assert!(re.compiled.get().is_none(), "compiled without need");
        assert!(re.captures("12 Comments").is_some());
    }

    #[test]
    fn inner_literal_prefilter() {
        let re = LazyRegex::new(r"^[\p{L} .-]+\s+\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?$").unwrap();
        assert!(re.captures("The minister said.").is_none());
        assert!(re.compiled.get().is_none(), "compiled without need");
        assert!(re.captures("Maria Lopez maria@example.com").is_some());
    }

    #[test]
    fn fixed_place_literals_first() {
        let re = LazyRegex::new(r"(?P<flag>\((?:Photo|Image)\s*=[^)]+\))$").unwrap();
        let prefilter = re.prefilter.get_or_init(|| Prefilter::from_hir(&re.hir));
        let prefilter = prefilter.as_ref().unwrap();
        assert_eq!(prefilter.at, Position::End);
        assert!(re.captures("Talks resume (Photo = Reuters)").is_some());
        assert!(re
            .captures("Talks resume (Photo = Reuters) today")
            .is_none());
    }

    #[test]
    fn never_compiled_while_no_line_passes() {
        let re = LazyRegex::new(r"^(?i)share this\b").unwrap();
        for _ in 0..200 {
            assert!(re.captures("The minister said.").is_none());
        }
        assert!(re.compiled.get().is_none(), "compiled without need");
        assert!(re.captures("SHARE THIS").is_some());
    }

    #[test]
    fn case_insensitive_prefixes_are_one_literal() {
        let re = LazyRegex::new(r"^(?i)(?:read more|related articles?)\b").unwrap();
        let prefilter = re.prefilter.get_or_init(|| Prefilter::from_hir(&re.hir));
        let prefilter = prefilter.as_ref().unwrap();
        assert_eq!(prefilter.at, Position::Start);
        // "s" stays a class (its case variants include "ſ"), so "articles?" gives three.
        assert_eq!(prefilter.literals.len(), 4, "{:?}", prefilter.literals);
        assert_eq!(prefilter.literals[0], b"read more");
        assert!(re.captures("RELATED Articles").is_some());
        assert!(re.captures("Read More").is_some());
        assert!(re.captures("Reading more").is_none());
    }

    #[test]
    fn capture_names_in_group_order() {
        let re = LazyRegex::new(r"(a)(?P<x>b)(?:c)(?P<y>d)").unwrap();
        let names: Vec<_> = re.capture_names().collect();
        assert_eq!(names, [None, None, Some("x"), Some("y")]);
    }

    #[test]
    fn syntax_errors_at_load() {
        let err = LazyRegex::new(r"(unclosed").unwrap_err();
        assert!(err.contains("bad regex"), "{err}");
    }
}

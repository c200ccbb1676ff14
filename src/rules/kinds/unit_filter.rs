//! Where in a text a pattern rule can match, found without running the rule's
//! regex over the whole text.
//!
//! Many rule regexes open with a context class (`[\p{L}”’")]`) that leaves
//! the regex crate no literal to look for, so its search walks every byte with
//! the lazy DFA. But every match holds some literal part (" ," or "  " or
//! "«"). [`UnitFilter`] takes from the parsed regex a set of literals one of
//! which every match contains, looks for them with aho-corasick (memchr,
//! memmem or Teddy underneath), and where the literal opens a part of the
//! regex, checks that part at the hit before reporting it.

use aho_corasick::{packed, AhoCorasick, Input, MatchKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::sync::OnceLock;

/// Above this many expected hits per byte, the literals filter too little:
/// the rule's own regex pass is cheaper.
const MAX_HITS_PER_BYTE: f64 = 0.03;

/// Sets of up to this many literals are searched with Teddy (SIMD); larger
/// ones walk an automaton over every byte, which costs about as much as this
/// many hits per byte.
const PACKED_MAX: usize = 64;
const AUTOMATON_COST: f64 = 0.15;

/// Items of a concatenation that literals are taken from at a time.
const WINDOW: usize = 4;

/// Classes of up to this many characters become literals (the regex crate
/// stops at 10): a class of CJK punctuation is a fine literal set for Teddy.
const CLASS_LIMIT: usize = 64;

/// Literals one of which every match of a regex contains, and the part of the
/// regex that starts at them.
#[derive(Debug)]
pub struct UnitFilter {
    literals: Literals,
    /// `^(?:part)` where `part` is the regex from the literal on, without
    /// look-around (so it matches more, never less); compiled on first use.
    verify: Option<Verifier>,
}

#[derive(Debug)]
struct Verifier {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

/// A candidate literal set, its expected hits per byte of text, and the
/// regex part that starts with it (when it came from a prefix).
struct Choice {
    literals: Vec<Vec<u8>>,
    cost: f64,
    starts: Option<Hir>,
}

impl UnitFilter {
    /// A filter for `hir`, or `None` when no literal set filters well.
    pub fn new(hir: &Hir) -> Option<UnitFilter> {
        let choice = best_choice(hir)?;
        if choice.cost > MAX_HITS_PER_BYTE {
            return None;
        }
        let literals = Literals::new(&choice.literals)?;
        let verify = choice.starts.map(|part| Verifier {
            source: format!("^(?:{})", loosened(&part)),
            compiled: OnceLock::new(),
        });
        Some(UnitFilter { literals, verify })
    }

    /// Byte ranges of `text`, in order, such that every match of the regex
    /// in any unit (sentence, line...) of `text` overlaps one of them.
    ///
    /// The search moves on one byte after each hit, so an occurrence that
    /// overlaps a hit failing the check is still found.
    pub fn hits(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some((start, end)) = self.literals.find(text.as_bytes(), at) else {
                break;
            };
            if self.verified(text, start) {
                out.push((start, end));
            }
            at = start + 1;
        }
        out
    }

    /// Whether the regex part that starts with the literal matches at `at`
    /// (true when there is no such part, or it cannot be checked).
    fn verified(&self, text: &str, at: usize) -> bool {
        let Some(verify) = &self.verify else {
            return true;
        };
        let compiled = verify
            .compiled
            .get_or_init(|| Regex::new(&verify.source).ok());
        match (compiled, text.get(at..)) {
            (Some(regex), Some(rest)) => regex.is_match(rest),
            _ => true,
        }
    }
}

/// A literal set searcher: Teddy when it can be built, else aho-corasick
/// (which searches a single literal with memchr or memmem).
#[derive(Debug)]
enum Literals {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Literals {
    fn new(literals: &[Vec<u8>]) -> Option<Literals> {
        let packed = (literals.len() > 1)
            .then(|| {
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(literals)
                    .build()
            })
            .flatten();
        match packed {
            Some(searcher) => Some(Literals::Packed(searcher)),
            None => AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(literals)
                .ok()
                .map(Literals::Automaton),
        }
    }

    /// The first occurrence at or after `at`, as (start, end).
    fn find(&self, haystack: &[u8], at: usize) -> Option<(usize, usize)> {
        let m = match self {
            Literals::Packed(s) => {
                s.find_in(haystack, aho_corasick::Span::from(at..haystack.len()))
            }
            Literals::Automaton(ac) => ac.find(Input::new(haystack).span(at..haystack.len())),
        }?;
        Some((m.start(), m.end()))
    }
}

/// The literal set with the fewest expected hits, over the regex's parts.
fn best_choice(hir: &Hir) -> Option<Choice> {
    match hir.kind() {
        HirKind::Capture(cap) => best_choice(&cap.sub),
        HirKind::Alternation(branches) => union(branches),
        _ => {
            let items = flatten(hir);
            let mut best: Option<Choice> = None;
            for i in 0..items.len() {
                // Extraction stops at the first item that is not a short
                // literal, so a few items on from `i` give the same literals.
                let tail = Hir::concat(items[i..].to_vec());
                let near_tail = Hir::concat(items[i..(i + WINDOW).min(items.len())].to_vec());
                let head = Hir::concat(items[(i + 1).saturating_sub(WINDOW)..=i].to_vec());
                let inner = match items[i].kind() {
                    HirKind::Alternation(_) => best_choice(&items[i]),
                    _ => None,
                };
                let found = [
                    choice(&near_tail, ExtractKind::Prefix).map(|c| Choice {
                        starts: Some(tail.clone()),
                        ..c
                    }),
                    choice(&head, ExtractKind::Suffix),
                    inner,
                ];
                for candidate in found.into_iter().flatten() {
                    if best.as_ref().is_none_or(|b| candidate.cost < b.cost) {
                        best = Some(candidate);
                    }
                }
            }
            best
        }
    }
}

/// Every branch of an alternation needs a literal set: the union covers all.
fn union(branches: &[Hir]) -> Option<Choice> {
    let mut literals = Vec::new();
    for branch in branches {
        literals.extend(best_choice(branch)?.literals);
    }
    Some(Choice::of(literals, None))
}

/// The prefix (or suffix) literals of `hir`, when finite and none empty.
fn choice(hir: &Hir, kind: ExtractKind) -> Option<Choice> {
    let seq = Extractor::new()
        .kind(kind)
        .limit_class(CLASS_LIMIT)
        .extract(hir);
    let literals: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if literals.is_empty() || literals.iter().any(Vec::is_empty) {
        return None;
    }
    Some(Choice::of(literals, None))
}

impl Choice {
    /// A choice of `literals` (see [`minimal`]) with its cost.
    fn of(literals: Vec<Vec<u8>>, starts: Option<Hir>) -> Choice {
        let mut kept = minimal(literals);
        // Too many literals for Teddy: their shorter prefixes, which every
        // match holds too, may be few enough.
        let longest = kept.iter().map(Vec::len).max().unwrap_or(0);
        for len in (1..longest).rev() {
            if kept.len() <= PACKED_MAX {
                break;
            }
            kept = minimal(
                kept.iter()
                    .map(|l| l[..l.len().min(len)].to_vec())
                    .collect(),
            );
        }
        let scan = if kept.len() > PACKED_MAX {
            AUTOMATON_COST
        } else {
            0.0
        };
        let cost = scan + kept.iter().map(|l| expected_hits(l)).sum::<f64>();
        Choice {
            literals: kept,
            cost,
            starts,
        }
    }
}

/// `literals` sorted, less duplicates and those that hold another as a
/// prefix (an occurrence of the longer one is one of the shorter).
fn minimal(mut literals: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    literals.sort();
    literals.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(literals.len());
    for literal in literals {
        // Sorted order puts a prefix right before the literals it opens.
        if !kept.last().is_some_and(|k| literal.starts_with(k)) {
            kept.push(literal);
        }
    }
    kept
}

/// The items of a concatenation, looking through capture groups.
fn flatten(hir: &Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().flat_map(flatten).collect(),
        HirKind::Capture(cap) => flatten(&cap.sub),
        _ => vec![hir.clone()],
    }
}

/// `hir` made to match more, never less, and to compile quickly: every
/// look-around assertion (`^`, `$`, `\b`) becomes the empty regex, capture
/// groups go, and a class with non-ASCII members takes in all of non-ASCII
/// (`\p{Lu}` costs a large UTF-8 automaton; ASCII text is checked as exactly).
fn loosened(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(cap) => loosened(&cap.sub),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(ascii_or_any(class))),
        HirKind::Repetition(rep) => {
            let mut rep = rep.clone();
            rep.sub = Box::new(loosened(&rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosened).collect()),
        _ => hir.clone(),
    }
}

/// The ASCII part of `class`, plus every non-ASCII character if it has any.
fn ascii_or_any(class: &ClassUnicode) -> ClassUnicode {
    let ascii = ClassUnicodeRange::new('\0', '\x7f');
    let mut ranges: Vec<ClassUnicodeRange> = class
        .ranges()
        .iter()
        .filter_map(|r| {
            let end = r.end().min('\x7f');
            (r.start() <= end).then(|| ClassUnicodeRange::new(r.start(), end))
        })
        .collect();
    if class.ranges().iter().any(|r| r.end() > ascii.end()) {
        ranges.push(ClassUnicodeRange::new('\u{80}', char::MAX));
    }
    ClassUnicode::new(ranges)
}

/// A rough share of the byte positions of English news text where `literal`
/// occurs: the product of its bytes' frequencies.
fn expected_hits(literal: &[u8]) -> f64 {
    literal
        .iter()
        .map(|&b| match b {
            b' ' => 0.15,
            b'a'..=b'z' => 0.05,
            // Capitals open names and sentences: "Is" is in every "Israel".
            b'A'..=b'Z' => 0.03,
            b'0'..=b'9' | b'.' | b',' | b'\n' => 0.01,
            0x80..=0xBF => 0.3,
            0xC0..=0xFF => 0.005,
            _ => 0.002,
        })
        .product()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(regex: &str) -> Option<UnitFilter> {
        let hir = regex_syntax::Parser::new().parse(regex).unwrap();
        UnitFilter::new(&hir)
    }

    #[test]
    fn literal_after_a_context_class() {
        let f = filter(r#"[\p{L}”’")](?P<flag>[ \t]+(?P<mark>[,;]))(?:[\s"”’)]|$)"#).unwrap();
        assert_eq!(f.hits("No space here, none."), vec![]);
        assert_eq!(f.hits("A space here , see."), vec![(12, 14)]);
    }

    #[test]
    fn prefix_part_is_checked() {
        let f = filter(r"(?:^|[^\p{L}])(?P<w>\p{Ll}{2})\.(\p{Lu}\p{Ll}*)").unwrap();
        assert!(f.verify.is_some());
        assert_eq!(f.hits("Done. Then more.And so."), vec![(15, 16)]);
    }

    #[test]
    fn alternation_of_literals() {
        let f = filter(r"(?P<flag>«\s?|\s?»)").unwrap();
        assert_eq!(f.hits("a « b » c").len(), 2);
    }

    #[test]
    fn overlapping_occurrences_are_found() {
        let f = filter(r"\.\.\p{Ll}").unwrap();
        assert_eq!(f.hits("x...y"), vec![(2, 4)]);
    }

    #[test]
    fn loosened_classes_keep_ascii_and_take_all_else() {
        let hir = regex_syntax::Parser::new()
            .parse(r"\b\p{Lu}[^a-z]")
            .unwrap();
        let loose = Regex::new(&loosened(&hir).to_string()).unwrap();
        assert!(loose.is_match("É!") && loose.is_match("A1") && loose.is_match("ßé"));
        assert!(!loose.is_match("aB") && !loose.is_match("Bc"));
    }

    #[test]
    fn prefixes_subsume_longer_literals() {
        let choice = Choice::of(
            vec![
                b"ab".to_vec(),
                b"abc".to_vec(),
                b"b".to_vec(),
                b"ab".to_vec(),
            ],
            None,
        );
        assert_eq!(choice.literals, vec![b"ab".to_vec(), b"b".to_vec()]);
    }

    #[test]
    fn many_literals_become_their_prefixes() {
        let literals: Vec<Vec<u8>> = (0..100).map(|i| format!("<tag{i}>").into_bytes()).collect();
        let choice = Choice::of(literals, None);
        assert!(
            choice.literals.len() <= PACKED_MAX,
            "{}",
            choice.literals.len()
        );
        assert!(choice.literals.iter().all(|l| l.starts_with(b"<tag")));
    }

    #[test]
    fn common_literals_filter_nothing() {
        assert!(filter(r"\p{L}+ \p{L}+").is_none());
    }
}

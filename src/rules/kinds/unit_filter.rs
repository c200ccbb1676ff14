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
use regex_syntax::hir::literal::{ExtractKind, Extractor, Literal, Seq};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::rc::Rc;
use std::sync::OnceLock;

/// Above this many expected hits per byte, the literals filter too little:
/// the rule's own regex pass is cheaper.
const MAX_HITS_PER_BYTE: f64 = 0.03;

/// Sets of up to this many literals are searched with Teddy (SIMD); larger
/// ones walk an automaton over every byte, which costs about as much as this
/// many hits per byte.
const PACKED_MAX: usize = 64;
const AUTOMATON_COST: f64 = 0.15;

/// Teddy searches up to this many literals with 8 buckets; more need its
/// "fat" form (16 buckets), which costs about as much per byte as this many
/// hits per byte more.
const SLIM_MAX: usize = 32;
const FAT_COST: f64 = 0.01;

/// The cost of a hit checked against the regex part that starts at it, in
/// unchecked hits (which send their unit to the rule's regex).
const CHECKED_HIT_COST: f64 = 0.25;

/// Items of a concatenation that literals are taken from at a time.
const WINDOW: usize = 4;

/// Classes of up to this many characters become literals (the regex crate
/// stops at 10): a class of CJK punctuation is a fine literal set for Teddy.
const CLASS_LIMIT: usize = 64;

/// Literals one of which every match of a regex contains, and for each the
/// part of the regex that starts at it.
#[derive(Debug)]
pub struct UnitFilter {
    literals: Literals,
    /// For each literal (by its index in the searcher), the verifier that its
    /// hits must pass, if any.
    verify_of: Vec<Option<usize>>,
    verifiers: Vec<Verifier>,
}

/// `^(?:part|...)` where each `part` is the regex from a literal on, without
/// look-around (so it matches more, never less); compiled on first use.
#[derive(Debug)]
struct Verifier {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

/// A literal, and the regex parts one of which matches from its start in
/// every match that holds it there (`None`: not known, every hit counts).
#[derive(Clone)]
struct Lit {
    bytes: Vec<u8>,
    starts: Option<Vec<Rc<Hir>>>,
}

/// A candidate literal set and its expected hits per byte of text.
struct Choice {
    literals: Vec<Lit>,
    cost: f64,
}

impl UnitFilter {
    /// A filter for `hir`, or `None` when no literal set filters well.
    pub fn new(hir: &Hir) -> Option<UnitFilter> {
        let choice = best_choice(hir)?;
        if choice.cost > MAX_HITS_PER_BYTE {
            return None;
        }
        let bytes: Vec<&[u8]> = choice.literals.iter().map(|l| l.bytes.as_slice()).collect();
        let literals = Literals::new(&bytes)?;
        // Literals of one branch share their parts: one verifier each.
        let mut verifiers: Vec<Verifier> = Vec::new();
        let mut sources: Vec<(Vec<*const Hir>, usize)> = Vec::new();
        let verify_of = choice
            .literals
            .iter()
            .map(|lit| {
                let parts = lit.starts.as_ref()?;
                let key: Vec<*const Hir> = parts.iter().map(Rc::as_ptr).collect();
                if let Some((_, index)) = sources.iter().find(|(k, _)| *k == key) {
                    return Some(*index);
                }
                let source = verifier_source(parts);
                let index = match verifiers.iter().position(|v| v.source == source) {
                    Some(index) => index,
                    None => {
                        verifiers.push(Verifier {
                            source,
                            compiled: OnceLock::new(),
                        });
                        verifiers.len() - 1
                    }
                };
                sources.push((key, index));
                Some(index)
            })
            .collect();
        Some(UnitFilter {
            literals,
            verify_of,
            verifiers,
        })
    }

    /// Byte ranges of `text`, in order, such that every match of the regex
    /// in any unit (sentence, line...) of `text` overlaps one of them.
    ///
    /// The search moves on one byte after each hit, so an occurrence that
    /// overlaps a hit failing the check is still found.
    pub fn hits(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        self.literals
            .for_each(text.as_bytes(), |start, end, literal| {
                if self.verified(text, start, literal) {
                    out.push((start, end));
                }
            });
        out
    }

    /// Whether a regex part that starts with `literal` matches at `at` (true
    /// when there is no such part, or it cannot be checked).
    fn verified(&self, text: &str, at: usize, literal: usize) -> bool {
        let Some(verify) = self
            .verify_of
            .get(literal)
            .copied()
            .flatten()
            .and_then(|i| self.verifiers.get(i))
        else {
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

/// The verifier regex for a literal that one of `parts` starts with.
fn verifier_source(parts: &[Rc<Hir>]) -> String {
    let mut sources: Vec<String> = parts.iter().map(|p| loosened(p).to_string()).collect();
    sources.sort();
    sources.dedup();
    format!("^(?:{})", sources.join("|"))
}

/// Searchers for a literal set, each over a group of its literals.
///
/// Teddy compares as many leading bytes of each literal as the shortest
/// literal has: with "<" in the set, every "n" in the text would be checked
/// for "notranslate". So longer literals that open with common bytes are
/// searched apart (see [`Literals::new`]).
#[derive(Debug)]
struct Literals {
    groups: Vec<Group>,
}

/// A searcher over some of the literals, and their indices in the whole set.
#[derive(Debug)]
struct Group {
    searcher: Searcher,
    ids: Vec<usize>,
}

/// Teddy when it can be built, else aho-corasick (which searches a single
/// literal with memchr or memmem).
#[derive(Debug)]
enum Searcher {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

/// A literal longer than the shortest of its set, whose first bytes (as many
/// as the shortest has) occur at more than this share of positions, gets a
/// searcher of its own.
const COMMON_OPENING: f64 = 0.01;

impl Literals {
    fn new(literals: &[&[u8]]) -> Option<Literals> {
        let shortest = literals.iter().map(|l| l.len()).min().unwrap_or(0);
        let (apart, together): (Vec<usize>, Vec<usize>) = (0..literals.len()).partition(|&i| {
            let literal = literals[i];
            literal.len() > shortest && expected_hits(&literal[..shortest]) > COMMON_OPENING
        });
        let groups = [together, apart]
            .into_iter()
            .filter(|ids| !ids.is_empty())
            .map(|ids| {
                let members: Vec<&[u8]> = ids.iter().map(|&i| literals[i]).collect();
                Some(Group {
                    searcher: Searcher::new(&members)?,
                    ids,
                })
            })
            .collect::<Option<Vec<Group>>>()?;
        Some(Literals { groups })
    }

    /// Every occurrence of a literal, in text order, as (start, end, literal
    /// index): the groups' occurrences merged. No two literals start at one
    /// place (neither is a prefix of the other).
    fn for_each(&self, haystack: &[u8], mut visit: impl FnMut(usize, usize, usize)) {
        let mut next: Vec<Option<(usize, usize, usize)>> =
            self.groups.iter().map(|g| g.find(haystack, 0)).collect();
        while let Some((group, (start, end, literal))) = next
            .iter()
            .enumerate()
            .filter_map(|(i, found)| found.map(|f| (i, f)))
            .min_by_key(|(_, (start, _, _))| *start)
        {
            visit(start, end, literal);
            next[group] = self.groups[group].find(haystack, start + 1);
        }
    }
}

impl Group {
    /// The first occurrence at or after `at`, as (start, end, literal index).
    fn find(&self, haystack: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        if at >= haystack.len() {
            return None;
        }
        let m = match &self.searcher {
            Searcher::Packed(s) => {
                s.find_in(haystack, aho_corasick::Span::from(at..haystack.len()))
            }
            Searcher::Automaton(ac) => ac.find(Input::new(haystack).span(at..haystack.len())),
        }?;
        let literal = *self.ids.get(m.pattern().as_usize())?;
        Some((m.start(), m.end(), literal))
    }
}

/// Literals that open with at most this many distinct bytes, found together
/// at less than this share of positions, are searched with memchr on those
/// bytes (aho-corasick's own choice), which beats Teddy: "(", or the "1" of
/// years.
const RARE_OPENINGS: usize = 3;
const RARE_OPENINGS_SHARE: f64 = 0.01;

/// Whether `literals` open with few and rare bytes (see [`RARE_OPENINGS`]).
fn rare_openings(literals: &[&[u8]]) -> bool {
    let mut firsts: Vec<u8> = literals.iter().filter_map(|l| l.first().copied()).collect();
    firsts.sort_unstable();
    firsts.dedup();
    // Digits are rarer in news than the full stop and comma they share a
    // class with in [`expected_hits`].
    let share = |b: u8| {
        if b.is_ascii_digit() {
            0.004
        } else {
            expected_hits(&[b])
        }
    };
    firsts.len() <= RARE_OPENINGS
        && firsts.iter().map(|&b| share(b)).sum::<f64>() < RARE_OPENINGS_SHARE
}

impl Searcher {
    fn new(literals: &[&[u8]]) -> Option<Searcher> {
        let packed = (literals.len() > 1 && !rare_openings(literals))
            .then(|| {
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(literals)
                    .build()
            })
            .flatten();
        match packed {
            Some(searcher) => Some(Searcher::Packed(searcher)),
            None => AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(literals)
                .ok()
                .map(Searcher::Automaton),
        }
    }
}

/// The literal set with the fewest expected hits, over the regex's parts.
fn best_choice(hir: &Hir) -> Option<Choice> {
    match hir.kind() {
        HirKind::Capture(cap) => best_choice(&cap.sub),
        HirKind::Alternation(branches) => union(branches),
        _ => best_in_concat(&flatten(hir)),
    }
}

/// The best choice over the items of a concatenation: at each item, the
/// literals that open the regex from there on (checked at their hits), those
/// that close the regex up to there, and for an alternation the union of its
/// branches' best choices.
///
/// A prefix candidate is costed with a placeholder for the regex part its
/// hits are checked against; only the winner gets the real part (the rest of
/// the concatenation), so the tail is cloned once rather than at every item.
fn best_in_concat(items: &[&Hir]) -> Option<Choice> {
    let placeholder = Rc::new(Hir::empty());
    // Each item's literals are extracted once; a window's are their cross.
    let prefixes: Vec<Seq> = items
        .iter()
        .map(|h| extractor(ExtractKind::Prefix).extract(h))
        .collect();
    let suffixes: Vec<Seq> = items
        .iter()
        .map(|h| extractor(ExtractKind::Suffix).extract(h))
        .collect();
    let mut best: Option<Choice> = None;
    let mut best_prefix_at = None;
    for i in 0..items.len() {
        // Extraction stops at the first item that is not a short literal,
        // so a few items on from `i` give the same literals.
        let near_tail = &prefixes[i..(i + WINDOW).min(items.len())];
        let head = &suffixes[(i + 1).saturating_sub(WINDOW)..=i];
        let prefix = finite_literals(crossed(near_tail.iter(), ExtractKind::Prefix))
            .map(|literals| Choice::of(literals, Some(&placeholder)));
        let inner = is_alternation(items[i])
            .then(|| best_choice(items[i]))
            .flatten();
        let suffix = finite_literals(crossed(head.iter().rev(), ExtractKind::Suffix))
            .map(Choice::of_suffixes);
        let candidates = [(prefix, Some(i)), (suffix, None), (inner, None)];
        for (candidate, prefix_at) in candidates {
            let Some(candidate) = candidate else { continue };
            if best.as_ref().is_none_or(|b| candidate.cost < b.cost) {
                best = Some(candidate);
                best_prefix_at = prefix_at;
            }
        }
    }
    if let (Some(choice), Some(i)) = (best.as_mut(), best_prefix_at) {
        choice.replace_part(&placeholder, &Rc::new(concat_of(&items[i..])));
    }
    best
}

/// The concatenation of `items` (cloned).
fn concat_of(items: &[&Hir]) -> Hir {
    Hir::concat(items.iter().map(|&item| item.clone()).collect())
}

/// Literals longer than this are cut (the regex crate's default).
const LITERAL_LEN: usize = 100;

/// The extractor of the literals a filter may use.
fn extractor(kind: ExtractKind) -> Extractor {
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(CLASS_LIMIT)
        .limit_total(PACKED_MAX)
        .limit_literal_len(LITERAL_LEN);
    extractor
}

/// The literals of a concatenation from its items' literals (`seqs`, in
/// extraction order: backwards for suffixes), crossed as [`Extractor`] does
/// for a concatenation, so a window costs no clone and no new extraction of
/// its items.
fn crossed<'a>(seqs: impl Iterator<Item = &'a Seq>, kind: ExtractKind) -> Seq {
    let mut seq = Seq::singleton(Literal::exact(vec![]));
    for item in seqs {
        if seq.is_inexact() {
            break;
        }
        let mut next = item.clone();
        if seq.max_cross_len(&next).is_some_and(|len| len > PACKED_MAX) {
            next.make_infinite();
        }
        match kind {
            ExtractKind::Suffix => {
                seq.cross_reverse(&mut next);
                seq.keep_last_bytes(LITERAL_LEN);
            }
            _ => {
                seq.cross_forward(&mut next);
                seq.keep_first_bytes(LITERAL_LEN);
            }
        }
    }
    seq
}

/// Whether `hir` is an alternation, possibly inside capture groups.
fn is_alternation(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Capture(cap) => is_alternation(&cap.sub),
        HirKind::Alternation(_) => true,
        _ => false,
    }
}

/// Every branch of an alternation needs a literal set: the union covers all,
/// each literal keeping the parts its branches check at it.
fn union(branches: &[Hir]) -> Option<Choice> {
    let mut literals = Vec::new();
    for branch in branches {
        match plain_literal(branch) {
            // A branch that is a literal needs no search and no check.
            Some(bytes) => literals.push(Lit {
                bytes,
                starts: None,
            }),
            None => literals.extend(best_choice(branch)?.literals),
        }
    }
    Some(Choice::from_lits(literals))
}

/// The literal that `hir` matches, when it is a literal (in groups, with
/// look-around assertions, which only narrow where it matches).
fn plain_literal(hir: &Hir) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    for item in flatten(hir) {
        match item.kind() {
            HirKind::Literal(lit) => bytes.extend_from_slice(&lit.0),
            HirKind::Look(_) => {}
            _ => return None,
        }
    }
    (!bytes.is_empty()).then_some(bytes)
}

/// The literals of `seq`, when finite and none empty.
fn finite_literals(seq: Seq) -> Option<Vec<Vec<u8>>> {
    let literals: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if literals.is_empty() || literals.iter().any(Vec::is_empty) {
        return None;
    }
    Some(literals)
}

impl Lit {
    /// Expected hits per byte, where a hit that is checked counts a quarter:
    /// a failed check costs far less than running the rule's regex on a unit.
    fn cost(&self) -> f64 {
        let checked = if self.starts.is_some() {
            CHECKED_HIT_COST
        } else {
            1.0
        };
        expected_hits(&self.bytes) * checked
    }

    /// Takes in the parts of a literal merged into this one (a copy, or one
    /// that this one opens): a hit passes if any of their parts matches.
    fn merge(&mut self, other: Option<Vec<Rc<Hir>>>) {
        match (&mut self.starts, other) {
            (Some(mine), Some(theirs)) => {
                for part in theirs {
                    if !mine.iter().any(|m| Rc::ptr_eq(m, &part)) {
                        mine.push(part);
                    }
                }
            }
            _ => self.starts = None,
        }
    }
}

impl Choice {
    /// Every literal's check against `placeholder` made a check against `part`.
    fn replace_part(&mut self, placeholder: &Rc<Hir>, part: &Rc<Hir>) {
        let parts = self.literals.iter_mut().filter_map(|l| l.starts.as_mut());
        for start in parts.flatten() {
            if Rc::ptr_eq(start, placeholder) {
                *start = Rc::clone(part);
            }
        }
    }

    /// A choice of `literals`, each of which `starts` (if any) opens.
    fn of(literals: Vec<Vec<u8>>, starts: Option<&Rc<Hir>>) -> Choice {
        let literals = literals
            .into_iter()
            .map(|bytes| Lit {
                bytes,
                starts: starts.map(|s| vec![Rc::clone(s)]),
            })
            .collect();
        Choice::from_lits(literals)
    }

    /// A choice of `literals` that end matches (unchecked at their hits). A
    /// set too large is cut to the literals' last bytes, not their first:
    /// "Reiwa" rather than " R", "\tR", ... for the suffixes of `\s+Reiwa`.
    fn of_suffixes(literals: Vec<Vec<u8>>) -> Choice {
        let reversed = |mut bytes: Vec<u8>| {
            bytes.reverse();
            bytes
        };
        let lits = literals
            .into_iter()
            .map(|bytes| Lit {
                bytes: reversed(bytes),
                starts: None,
            })
            .collect();
        let mut choice = Choice::from_lits(lits);
        for lit in &mut choice.literals {
            lit.bytes.reverse();
        }
        choice.literals.sort_by(|a, b| a.bytes.cmp(&b.bytes));
        choice
    }

    /// A choice of `literals` (see [`minimal`]) with its cost. A set too large
    /// for Teddy, or for its slim form, gives way to shorter prefixes of its
    /// literals, which every match holds too, when that costs less.
    fn from_lits(literals: Vec<Lit>) -> Choice {
        let fat = shortened(literals, PACKED_MAX);
        let cost = |lits: &[Lit]| {
            let scan = match lits.len() {
                n if n > PACKED_MAX => AUTOMATON_COST,
                n if n > SLIM_MAX => FAT_COST,
                _ => 0.0,
            };
            scan + lits.iter().map(Lit::cost).sum::<f64>()
        };
        let mut best = Choice {
            cost: cost(&fat),
            literals: fat,
        };
        if best.literals.len() > SLIM_MAX {
            let slim = shortened(best.literals.clone(), SLIM_MAX);
            if cost(&slim) < best.cost {
                best = Choice {
                    cost: cost(&slim),
                    literals: slim,
                };
            }
        }
        best
    }
}

/// `literals` made minimal, then cut to shorter prefixes until at most
/// `max` are left (or they are single bytes). A literal is cut only where
/// another shares the prefix, so that cutting merges them: a rare literal
/// ("notranslate") is never cut to a common one ("not") just because others
/// are many.
fn shortened(literals: Vec<Lit>, max: usize) -> Vec<Lit> {
    let mut kept = minimal(literals);
    let longest = kept.iter().map(|l| l.bytes.len()).max().unwrap_or(0);
    for len in (1..longest).rev() {
        if kept.len() <= max {
            break;
        }
        let key = |l: &Lit| l.bytes[..l.bytes.len().min(len)].to_vec();
        let keys: Vec<Vec<u8>> = kept.iter().map(key).collect();
        let shared = |i: usize| {
            (i > 0 && keys[i - 1] == keys[i]) || keys.get(i + 1).is_some_and(|k| *k == keys[i])
        };
        let cut: Vec<Lit> = kept
            .into_iter()
            .enumerate()
            .map(|(i, mut lit)| {
                if shared(i) {
                    lit.bytes.truncate(len);
                }
                lit
            })
            .collect();
        kept = minimal(cut);
    }
    kept
}

/// `literals` sorted, less duplicates and those that hold another as a
/// prefix (an occurrence of the longer one is one of the shorter, which
/// takes in its parts).
fn minimal(mut literals: Vec<Lit>) -> Vec<Lit> {
    literals.sort_by(|a, b| a.bytes.cmp(&b.bytes));
    let mut kept: Vec<Lit> = Vec::with_capacity(literals.len());
    for literal in literals {
        // Sorted order puts a prefix right before the literals it opens.
        match kept.last_mut() {
            Some(k) if literal.bytes.starts_with(&k.bytes) => k.merge(literal.starts),
            _ => kept.push(literal),
        }
    }
    kept
}

/// The items of a concatenation, looking through capture groups.
fn flatten(hir: &Hir) -> Vec<&Hir> {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().flat_map(flatten).collect(),
        HirKind::Capture(cap) => flatten(&cap.sub),
        _ => vec![hir],
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

/// A literal of at least this many ASCII letters and nothing else that is
/// no word of the English lexicon (a name, a foreign word: "Reiwa",
/// "Heisei") counts this share of its letters' product: those shares are
/// an English word's, and a given name is far rarer than a common word, so
/// "year " (in every other article) is no longer judged rarer than "Reiwa".
const NAME_MIN_LEN: usize = 4;
const NAME_SHARE: f64 = 0.05;

/// [`NAME_SHARE`] for a literal that is a name, else 1.
fn name_factor(literal: &[u8]) -> f64 {
    let letters = literal.len() >= NAME_MIN_LEN && literal.iter().all(u8::is_ascii_alphabetic);
    match std::str::from_utf8(literal) {
        Ok(word) if letters && crate::lexicon::level(word).is_none() => NAME_SHARE,
        _ => 1.0,
    }
}

/// A rough share of the byte positions of English news text where `literal`
/// occurs: the product of its bytes' frequencies, where a letter after a
/// letter counts one half (words are far more frequent than their letters
/// make them: " people" is in every other paragraph), and a name counts
/// less (see [`NAME_SHARE`]).
fn expected_hits(literal: &[u8]) -> f64 {
    let mut share = name_factor(literal);
    let mut after_letter = false;
    for &b in literal {
        let letter = b.is_ascii_alphabetic();
        share *= match b {
            _ if letter && after_letter => 0.5,
            b' ' => 0.15,
            b'a'..=b'z' => 0.05,
            // Capitals open names and sentences: "Is" is in every "Israel".
            b'A'..=b'Z' => 0.03,
            b'0'..=b'9' | b'.' | b',' | b'\n' => 0.01,
            0x80..=0xBF => 0.3,
            0xC0..=0xFF => 0.005,
            _ => 0.002,
        };
        after_letter = letter;
    }
    share
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
        assert!(!f.verifiers.is_empty());
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
        let bytes: Vec<&[u8]> = choice.literals.iter().map(|l| l.bytes.as_slice()).collect();
        assert_eq!(bytes, [b"ab".as_slice(), b"b"]);
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
        assert!(choice.literals.iter().all(|l| l.bytes.starts_with(b"<tag")));
    }

    #[test]
    fn rare_literals_are_not_cut_to_common_ones() {
        let mut literals: Vec<Vec<u8>> =
            (0..70).map(|i| format!("<t{i:02}>").into_bytes()).collect();
        literals.push(b"notranslate".to_vec());
        let choice = Choice::of(literals, None);
        assert!(choice.literals.len() <= SLIM_MAX);
        assert!(choice.literals.iter().any(|l| l.bytes == b"notranslate"));
    }

    #[test]
    fn common_openings_are_searched_apart() {
        let literals: [&[u8]; 3] = [b"<", b"[", b"notranslate"];
        let searcher = Literals::new(&literals).unwrap();
        assert_eq!(searcher.groups.len(), 2);
        let mut found = Vec::new();
        searcher.for_each(b"no [b] notranslate <c", |s, e, i| found.push((s, e, i)));
        assert_eq!(found, vec![(3, 4, 1), (7, 18, 2), (19, 20, 0)]);
    }

    #[test]
    fn branches_keep_their_own_checks() {
        let f = filter(
            r"(?:^|[^0-9])(?P<flag>[1-9]\.[0-9]{3}\.[0-9]{3}|[1-9]\.[0-9]{3} (?:people|cars)\b)",
        )
        .unwrap();
        assert!(f
            .hits("Some 1.5 million people, 1.25 cars, 2.50 people.")
            .is_empty());
        assert_eq!(f.hits("About 2.500 cars").len(), 1);
        assert_eq!(f.hits("About 1.234.567 euros").len(), 1);
    }

    #[test]
    fn crossed_items_give_the_extractors_literals() {
        let regexes = [
            r"(?:^|[^0-9])[$€£]?[1-9][0-9]{0,2}\.[0-9]{3} (?:people|cars)\b",
            r"year\s+of\s+(?:Reiwa|Heisei|Sh[oō]wa)\b",
            r#"[\p{L}”’")][ \t]+[,.;:!?]"#,
            r"ab(?:c|d)e{2,}f",
        ];
        for regex in regexes {
            let hir = regex_syntax::Parser::new().parse(regex).unwrap();
            let items = flatten(&hir);
            for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
                let whole = extractor(kind.clone()).extract(&concat_of(&items));
                let seqs: Vec<Seq> = items
                    .iter()
                    .map(|h| extractor(kind.clone()).extract(h))
                    .collect();
                let ours = match kind {
                    ExtractKind::Suffix => crossed(seqs.iter().rev(), kind),
                    _ => crossed(seqs.iter(), kind),
                };
                assert_eq!(ours, whole, "{regex}");
            }
        }
    }

    #[test]
    fn words_are_likelier_than_their_letters() {
        assert!(expected_hits(b" people") > expected_hits(b".5"));
        assert!(expected_hits(b"Friday") > 1e-5);
    }

    #[test]
    fn names_are_rarer_than_words() {
        assert!(expected_hits(b"Reiwa") * 4.0 < expected_hits(b"year "));
        assert_eq!(name_factor(b"year"), 1.0);
        assert_eq!(name_factor(b"Heisei"), NAME_SHARE);
        assert_eq!(name_factor(b"(1"), 1.0);
    }

    #[test]
    fn era_names_not_year_filter_japanese_eras() {
        let f = filter(
            r"(?P<flag>(?:Reiwa|Heisei|Sh[oō]wa)\s+(?:[1-9]|[1-6]\d)\b|year\s+of\s+(?:Reiwa|Heisei|Sh[oō]wa)\b)",
        )
        .unwrap();
        assert!(f.hits("Last year the year of the dragon began.").is_empty());
        assert_eq!(f.hits("In the year of Heisei, and Reiwa 3.").len(), 2);
    }

    #[test]
    fn rare_openings_go_to_memchr() {
        assert!(rare_openings(&[b"(1", b"(2", b"(30)"]));
        assert!(rare_openings(&[b"135", b"142"]));
        assert!(!rare_openings(&[b",0", b",1"]));
        assert!(!rare_openings(&[b"Heisei", b"Reiwa", b"Showa", b"year "]));
    }

    #[test]
    fn common_literals_filter_nothing() {
        assert!(filter(r"\p{L}+ \p{L}+").is_none());
    }
}

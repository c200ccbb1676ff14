//! `glued-words`: two words run together by a translation engine or a scraper
//! ("Stripthe", "Tehranwith", "thePresident", "StripThe", "MaytaCafiero").
//!
//! A token is a candidate only when it is not in the bundled lexicon
//! ([`crate::lexicon`]), not an allowed brand, not a known name, not part of a
//! URL, e-mail address, handle or hashtag, and splits into two parts one of
//! which is a function word, or into two names the article uses on their own.
//! Evidence for the other part comes from the lexicon (lower-case tokens) or
//! from the article's own vocabulary: "Strip" counts as a name when the article
//! writes "Gaza Strip" elsewhere. Names from the gazetteer plug in through
//! [`NameLookup`].

use crate::diagnostic::Span;
use crate::lexicon;
use crate::lexicon::{next_wanted, Words};
use crate::rules::{Check, Hit};
use crate::text::Document;
use serde::Deserialize;
use std::collections::HashSet;

/// The `glued-words:` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GluedWordsSpec {
    /// Short words that get glued to a neighbour; one part of a split must be one.
    pub function_words: Vec<String>,
    /// Function words that may come first ("thePresident", "Theminister").
    pub leading_function_words: Vec<String>,
    /// Function words that open a clause: after a name the split gets a comma ("Strip, the").
    #[serde(default)]
    pub clause_starters: Vec<String>,
    /// Rarest SCOWL level (10–70) at which a lexicon word counts as one part.
    pub max_level: u8,
    /// Fewest letters of the part that is not a function word (one more next to a
    /// two-letter function word or after a leading one, two more after a
    /// capitalised leading one: "Andover" is a name).
    pub min_part: usize,
    /// Tokens never flagged (CamelCase brands and the like), compared without case.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Name prefixes before a capital ("Mc", "De"): McDonald, DeSantis.
    #[serde(default)]
    pub name_prefixes: Vec<String>,
    /// Function words that are also common endings of names and demonyms
    /// ("European", "Weston", "Bahrain"): split off lower-case tokens only.
    #[serde(default)]
    pub name_endings: Vec<String>,
    /// Function words that are also common word endings ("grantor", "hasher"):
    /// never split off a lower-case token.
    #[serde(default)]
    pub word_endings: Vec<String>,
}

/// Names known to be single words (people, places, organisations).
///
/// The gazetteer implements this (the loader wires it in); [`NoNames`] leaves
/// the article's own capitalised vocabulary as the only source.
pub trait NameLookup: Send + Sync + std::fmt::Debug {
    /// Whether `word` (as written) is a known name.
    fn contains(&self, word: &str) -> bool;
}

/// The gazetteer knows the words of every correct person, place and
/// organisation name ("Strip" of "Gaza Strip", "DeSantis").
impl NameLookup for std::sync::Arc<crate::entities::gazetteer::Gazetteer> {
    fn contains(&self, word: &str) -> bool {
        self.knows_word(word)
    }
}

/// The empty name list.
#[derive(Debug, Default)]
pub struct NoNames;

impl NameLookup for NoNames {
    fn contains(&self, _word: &str) -> bool {
        false
    }
}

#[derive(Debug)]
pub struct GluedWords {
    function_words: Vec<String>,
    leading: HashSet<String>,
    clause_starters: HashSet<String>,
    max_level: u8,
    min_part: usize,
    allow: HashSet<String>,
    name_prefixes: HashSet<String>,
    name_endings: HashSet<String>,
    word_endings: HashSet<String>,
    /// For each pair of last two letters, the function words (by index) that
    /// end with it and may be split off a lower-case or a capitalised token.
    endings: Vec<[Vec<usize>; 2]>,
    names: Box<dyn NameLookup>,
}

/// Index of the last two ASCII letters of `word` (any case) in a 26 × 26 table.
fn last_two(word: &[u8]) -> Option<usize> {
    let [.., a, b] = word else { return None };
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    (a.is_ascii_lowercase() && b.is_ascii_lowercase())
        .then(|| usize::from(a - b'a') * 26 + usize::from(b - b'a'))
}

/// How a candidate splits, and what evidence the split still needs.
#[derive(Debug, Clone)]
struct Split {
    at: usize,
    /// The first part must be a name the article uses on its own.
    first_proper: bool,
    /// The second part, capitalised, must be such a name too.
    second_proper: bool,
    /// The token must occur only once in the article.
    once: bool,
}

fn lower_set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

impl GluedWords {
    pub fn compile(spec: &GluedWordsSpec) -> Result<Self, String> {
        Self::with_names(spec, Box::new(NoNames))
    }

    /// Compiles the rule with a source of known names (the gazetteer).
    pub fn with_names(spec: &GluedWordsSpec, names: Box<dyn NameLookup>) -> Result<Self, String> {
        if !(10..=70).contains(&spec.max_level) {
            return Err("`max_level` is a SCOWL level from 10 to 70".into());
        }
        if spec.function_words.is_empty() || spec.min_part < 2 {
            return Err("`function_words` must not be empty and `min_part` is at least 2".into());
        }
        let mut function_words: Vec<String> = spec
            .function_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        // Longest first: "Stripthe" is "Strip the", not "Stript he".
        function_words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut endings: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; 26 * 26];
        for (index, word) in function_words.iter().enumerate() {
            if let Some(pair) = last_two(word.as_bytes()) {
                if !spec.word_endings.contains(word) {
                    endings[pair][0].push(index);
                }
                if !spec.name_endings.contains(word) {
                    endings[pair][1].push(index);
                }
            }
        }
        Ok(GluedWords {
            function_words,
            leading: lower_set(&spec.leading_function_words),
            clause_starters: lower_set(&spec.clause_starters),
            max_level: spec.max_level,
            min_part: spec.min_part,
            allow: lower_set(&spec.allow),
            name_prefixes: lower_set(&spec.name_prefixes),
            name_endings: lower_set(&spec.name_endings),
            word_endings: lower_set(&spec.word_endings),
            endings,
            names,
        })
    }

    fn is_function_word(&self, word: &str) -> bool {
        let lower = word.to_ascii_lowercase();
        self.function_words.contains(&lower)
    }

    fn common(&self, word: &str) -> bool {
        lexicon::is_word(word, self.max_level)
    }

    /// The possible splits of a token, before the article's vocabulary is
    /// consulted, and whether it may be two names glued ("Paisernesto").
    fn splits(&self, word: &str) -> (Vec<Split>, bool) {
        let bytes = word.as_bytes();
        let mut humps = (1..bytes.len())
            .filter(|&i| bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase());
        let (hump, second_hump) = (humps.next(), humps.next());
        let two_names = self.may_be_two_names(word) && hump.is_none();
        let mut buf = [0u8; 64];
        let Some(lower) = ascii_lower(word, &mut buf) else {
            return (Vec::new(), false);
        };
        if self.allow.contains(lower)
            || self.names.contains(word)
            || lexicon::level(lower).is_some()
        {
            return (Vec::new(), false);
        }
        match (hump, second_hump) {
            (None, _) => (self.plain_splits(word), two_names),
            (Some(at), None) => (self.hump_split(word, at).into_iter().collect(), false),
            _ => (Vec::new(), false),
        }
    }

    fn may_be_two_names(&self, word: &str) -> bool {
        word.as_bytes()[0].is_ascii_uppercase() && word.len() >= 2 * (self.min_part + 1)
    }

    /// Whether `word` starts or ends with a function word (a cheap first test).
    fn may_hold_function_word(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let ends_with = |f: &[u8]| {
            bytes.len() > f.len() && bytes[bytes.len() - f.len()..].eq_ignore_ascii_case(f)
        };
        let starts_with =
            |f: &[u8]| bytes.len() > f.len() && bytes[..f.len()].eq_ignore_ascii_case(f);
        let case = usize::from(bytes[0].is_ascii_uppercase());
        let may_end = last_two(bytes).is_some_and(|pair| {
            self.endings[pair][case]
                .iter()
                .any(|&i| ends_with(self.function_words[i].as_bytes()))
        });
        may_end
            || self
                .leading
                .iter()
                .any(|f| f.len() >= 3 && starts_with(f.as_bytes()))
    }

    /// "StripThe", "thePresident", "MaytaCafiero".
    fn hump_split(&self, word: &str, at: usize) -> Option<Split> {
        let (first, second) = word.split_at(at);
        if self.name_prefixes.contains(&first.to_ascii_lowercase()) || first.len() < 2 {
            return None;
        }
        let rest_lower = second[1..].bytes().all(|b| b.is_ascii_lowercase());
        let first_lower = first.bytes().all(|b| b.is_ascii_lowercase());
        if first_lower && self.leading.contains(first) && second.len() >= self.min_part {
            return (self.common(second) || rest_lower).then_some(Split {
                at,
                first_proper: false,
                second_proper: !self.common(second),
                once: true,
            });
        }
        if first_lower || !rest_lower {
            return None;
        }
        if self.is_function_word(second) && first.len() >= self.min_part {
            return Some(Split {
                at,
                first_proper: !self.common(first) || second.len() <= 2,
                second_proper: false,
                once: true,
            });
        }
        // Two names glued ("MaytaCafiero"), not a compound of words ("SerializeError").
        let names = first.len() >= self.min_part
            && second.len() >= self.min_part
            && lexicon::level(first).is_none()
            && lexicon::level(second).is_none();
        names.then_some(Split {
            at,
            first_proper: true,
            second_proper: true,
            once: true,
        })
    }

    /// "Stripthe", "attackon", "Theminister", "inthe", "Paisernesto".
    fn plain_splits(&self, word: &str) -> Vec<Split> {
        let capitalised = word.as_bytes()[0].is_ascii_uppercase();
        if word[1..].bytes().any(|b| b.is_ascii_uppercase()) {
            return Vec::new();
        }
        let lower = word.to_ascii_lowercase();
        let mut out = Vec::new();
        for function_word in &self.function_words {
            if let Some(first) = lower.strip_suffix(function_word.as_str()) {
                out.extend(self.function_last(first, function_word, capitalised));
            }
            if let Some(rest) = lower.strip_prefix(function_word.as_str()) {
                out.extend(self.function_first(function_word, rest, capitalised));
            }
        }
        out
    }

    fn function_last(&self, first: &str, function_word: &str, capitalised: bool) -> Option<Split> {
        let both_function = self.is_function_word(first) && function_word.len() >= 3;
        let min = self.min_part + usize::from(function_word.len() <= 2);
        if first.len() < min && !both_function {
            return None;
        }
        let word_ending = self.word_endings.contains(function_word);
        if !capitalised && !word_ending && (both_function || self.common(first)) {
            return Some(Split {
                at: first.len(),
                first_proper: false,
                second_proper: false,
                once: false,
            });
        }
        (capitalised && !self.name_endings.contains(function_word)).then_some(Split {
            at: first.len(),
            first_proper: true,
            second_proper: false,
            once: true,
        })
    }

    fn function_first(&self, function_word: &str, rest: &str, capitalised: bool) -> Option<Split> {
        let usable = self.leading.contains(function_word)
            && function_word.len() >= 3
            && rest.len() >= self.min_part + 1 + usize::from(capitalised)
            && self.common(rest);
        usable.then_some(Split {
            at: function_word.len(),
            first_proper: false,
            second_proper: false,
            once: false,
        })
    }

    /// The replacement texts for a split, the likelier first.
    fn replacements(&self, first: &str, second: &str) -> Vec<String> {
        let plain = format!("{first} {second}");
        let opens_clause = first.as_bytes()[0].is_ascii_uppercase()
            && self.clause_starters.contains(&second.to_ascii_lowercase());
        if opens_clause {
            vec![format!("{first}, {second}"), plain]
        } else {
            vec![plain]
        }
    }
}

/// A token whose word may be two glued words.
struct Candidate {
    /// The token's index in [`Document::tokens`].
    index: usize,
    /// The word's id in [`Words`]: occurrences with one id have one text.
    id: u32,
}

/// What [`GluedWords::scan`] finds in an article.
struct Scan<'d> {
    /// The tokens of candidate words, in text order.
    candidates: Vec<Candidate>,
    /// For each word id, the index of its analysis in `analyses`, if it is a candidate word.
    verdicts: Vec<Option<u32>>,
    analyses: Vec<Analysis>,
    vocabulary: Vocabulary<'d>,
}

impl Check for GluedWords {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let words = Words::of(doc);
        let Some(scan) = self.scan(doc, &words) else {
            return;
        };
        // The split chosen for each candidate word (by its analysis), decided
        // once per word: it depends only on the word as written, never on
        // where it stands. Only then are the tokens of the words with a split
        // looked at: most candidates have none, and a look at a token is a
        // cache miss, candidates being far apart.
        let mut chosen: Vec<Option<Option<Split>>> = vec![None; scan.analyses.len()];
        let tokens = doc.tokens();
        for candidate in &scan.candidates {
            let id = candidate.id as usize;
            let Some(at) = scan.verdicts.get(id).copied().flatten() else {
                continue;
            };
            let (Some(analysis), Some(slot)) =
                (scan.analyses.get(at as usize), chosen.get_mut(at as usize))
            else {
                continue;
            };
            let word = words.text(doc.text, id);
            let count = scan.vocabulary.count(words.folded(id));
            let split =
                slot.get_or_insert_with(|| self.choose(word, count, analysis, &scan.vocabulary));
            let (Some(split), Some(token)) = (split.as_ref(), tokens.get(candidate.index)) else {
                continue;
            };
            if !free_standing(doc.text, token.span()) || foreign_neighbour(doc, candidate.index) {
                continue;
            }
            hits.push(self.hit(token.span(), word, split));
        }
    }

    fn variables(&self) -> Vec<String> {
        vec!["first".into(), "second".into(), "split".into()]
    }
}

impl GluedWords {
    /// The tokens that may be two glued words, and what the article says about
    /// their words, in one pass over the token ids. Each distinct word is
    /// analysed once ([`Words`]) before the pass, which then looks at a flag
    /// per token, and at the token itself only for the parts of candidate
    /// words that must be names the article uses ([`name_parts`]).
    fn scan<'d>(&self, doc: &Document<'d>, words: &Words) -> Option<Scan<'d>> {
        let mut analyses: Vec<Analysis> = Vec::new();
        let verdicts: Vec<Option<u32>> = (0..words.len())
            .map(|id| {
                let analysis = self.analyse(words.text(doc.text, id))?;
                analyses.push(analysis);
                u32::try_from(analyses.len() - 1).ok()
            })
            .collect();
        if analyses.is_empty() {
            return None;
        }
        let occurrences = candidate_occurrences(doc.text, words, &verdicts);
        let parts = name_parts(
            doc.text,
            words,
            &verdicts,
            &analyses,
            &occurrences,
            self.min_part,
        );
        let mut flags: Vec<u8> = (0..words.len())
            .map(|id| {
                let part = parts.contains(words.text(doc.text, id));
                u8::from(verdicts[id].is_some()) * CANDIDATE + u8::from(part) * NAME_PART
            })
            .collect();
        let mut vocabulary = Vocabulary {
            occurrences,
            proper: HashSet::with_hasher(BuildFnv),
        };
        let mut candidates = Vec::new();
        let mut headline = TitleCase::default();
        let (tokens, ids) = (doc.tokens(), words.ids());
        let mut from = 0;
        while let Some(index) = next_wanted(ids, &flags, from) {
            from = index + 1;
            let id = ids[index];
            let Some(flag) = flags.get_mut(id as usize) else {
                continue;
            };
            if *flag & CANDIDATE != 0 {
                candidates.push(Candidate { index, id });
            }
            let Some(token) = tokens.get(index).filter(|_| *flag & NAME_PART != 0) else {
                continue;
            };
            if mid_sentence(doc.text, token.start()) && !headline.holds(doc, token.span()) {
                *flag &= !NAME_PART; // found once is enough
                vocabulary.proper.insert(token.span().of(doc.text));
            }
        }
        (!candidates.is_empty()).then_some(Scan {
            candidates,
            verdicts,
            analyses,
            vocabulary,
        })
    }

    /// How a word may split, or `None` when it cannot be two glued words:
    /// cheap tests on its shape first (ASCII letters only, so a word token),
    /// then the lexicon and the splits.
    fn analyse(&self, word: &str) -> Option<Analysis> {
        if word.len() < 5 {
            return None;
        }
        let hump = ascii_shape(word)?;
        if !hump && !self.may_be_two_names(word) && !self.may_hold_function_word(word) {
            return None;
        }
        let (splits, two_names) = self.splits(word);
        (!splits.is_empty() || two_names).then(|| (splits.into_boxed_slice(), two_names))
    }

    /// "Paisernesto": two names the article uses on their own, the second not
    /// an English word ("Postbank" is not "Post Bank").
    fn two_names(&self, word: &str, count: usize, vocabulary: &Vocabulary) -> Option<Split> {
        if count > 1 {
            return None;
        }
        two_name_cuts(word.len(), self.min_part)
            .filter(|&at| vocabulary.is_proper(&word[..at]))
            .filter(|&at| vocabulary.is_proper(&capitalise(&word[at..])))
            .find(|&at| !self.common(&word[at..]))
            .map(|at| Split {
                at,
                first_proper: true,
                second_proper: true,
                once: true,
            })
    }

    /// The split of a candidate word, which the article has `count` times
    /// ignoring case, that the article's vocabulary confirms, if any.
    fn choose(
        &self,
        word: &str,
        count: usize,
        (splits, two_names): &Analysis,
        vocabulary: &Vocabulary,
    ) -> Option<Split> {
        splits
            .iter()
            .find(|s| self.confirmed(word, count, s, vocabulary))
            .cloned()
            .or_else(|| {
                two_names
                    .then(|| self.two_names(word, count, vocabulary))
                    .flatten()
            })
    }

    /// The finding for `word` at `span`, split as `split` says.
    fn hit(&self, span: Span, word: &str, split: &Split) -> Hit {
        let (first, second) = word.split_at(split.at);
        let second = if split.second_proper {
            capitalise(second)
        } else {
            second.to_string()
        };
        let replacements = self.replacements(first, &second);
        Hit {
            span,
            vars: vec![
                ("first".into(), first.to_string()),
                ("second".into(), second.clone()),
                ("split".into(), replacements[0].clone()),
            ],
            replacements,
        }
    }

    fn confirmed(&self, word: &str, count: usize, split: &Split, vocabulary: &Vocabulary) -> bool {
        let (first, second) = word.split_at(split.at);
        let known = |part: &str| self.names.contains(part) || vocabulary.is_proper(part);
        (!split.once || count <= 1)
            && (!split.first_proper || known(first))
            && (!split.second_proper || known(&capitalise(second)))
    }
}

/// Whether a word next to `span` (on its line) is a lower-case word the lexicon
/// does not know: the token then sits in a foreign passage ("que consideran que").
fn foreign_neighbour(doc: &Document, at: usize) -> bool {
    let tokens = doc.tokens();
    let Some(span) = tokens.get(at).map(|t| t.span()) else {
        return false;
    };
    let unknown = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            let word = t.span().of(doc.text);
            let between = if t.start() < span.start {
                &doc.text[t.end()..span.start]
            } else {
                &doc.text[span.end..t.start()]
            };
            t.is_word()
                && !between.contains('\n')
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && lexicon::level(word).is_none()
        })
    };
    (at > 0 && unknown(at - 1)) || unknown(at + 1)
}

/// [`GluedWords::scan`]: the word may be two glued words.
const CANDIDATE: u8 = 1;
/// [`GluedWords::scan`]: the word may be a part that must be a name the article uses.
const NAME_PART: u8 = 2;

/// The parts of the candidate words that may have to be names the article
/// uses on its own ("Strip" of "Stripthe"). Whether a part is needed also
/// depends on how often its word occurs, known only after the pass over the
/// tokens, so this takes them all: a name found for a part no split asks
/// about changes nothing. Two glued names are only cut where both parts have
/// more than `min_part` letters ([`GluedWords::two_names`]): shorter parts
/// ("A", "The" of "Theresamay") are left out, as every occurrence of a part
/// costs a look at the text until it is found mid-sentence.
fn name_parts(
    text: &str,
    words: &Words,
    verdicts: &[Option<u32>],
    analyses: &[Analysis],
    occurrences: &[u32],
    min_part: usize,
) -> HashSet<String, BuildFnv> {
    let mut parts = HashSet::with_hasher(BuildFnv);
    for (id, verdict) in verdicts.iter().enumerate() {
        let Some((splits, two_names)) = verdict.and_then(|at| analyses.get(at as usize)) else {
            continue;
        };
        let word = words.text(text, id);
        // A split that needs the word once, and two glued names, are never
        // confirmed for a word used more often: their parts are not needed.
        let repeated = occurrences[words.folded(id)] > 1;
        if repeated && !*two_names && splits.iter().all(|s| s.once) {
            continue;
        }
        for split in splits.iter().filter(|s| !(repeated && s.once)) {
            let (first, second) = word.split_at(split.at);
            if split.first_proper {
                parts.insert(first.to_string());
            }
            if split.second_proper {
                parts.insert(capitalise(second));
            }
        }
        if *two_names && !repeated {
            for at in two_name_cuts(word.len(), min_part) {
                parts.insert(word[..at].to_string());
                parts.insert(capitalise(&word[at..]));
            }
        }
    }
    parts
}

/// For each folded id ([`Words::folded`]), how many tokens are candidate
/// words of that form ignoring case: what [`Vocabulary::count`] will say of
/// them, known before the pass over the tokens. A word too long for
/// [`ascii_lower`] is not counted there, so it counts 0 here too.
fn candidate_occurrences(text: &str, words: &Words, verdicts: &[Option<u32>]) -> Vec<u32> {
    let mut occurrences = vec![0u32; words.folded_len()];
    for (id, verdict) in verdicts.iter().enumerate() {
        let countable = words.text(text, id).len() <= ASCII_LOWER_MAX;
        if verdict.is_some() && countable {
            let count = u32::try_from(words.count(id)).unwrap_or(u32::MAX);
            let total = &mut occurrences[words.folded(id)];
            *total = total.saturating_add(count);
        }
    }
    occurrences
}

/// Where a word of `len` letters may be cut into two glued names: both parts
/// have more than `min_part` letters.
fn two_name_cuts(len: usize, min_part: usize) -> std::ops::RangeInclusive<usize> {
    let min = min_part + 1;
    min..=len.saturating_sub(min)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// For a word of ASCII letters, not all in capitals: whether a lower-case
/// letter is followed by a capital ("StripThe"). `None` for other words.
fn ascii_shape(word: &str) -> Option<bool> {
    let (mut lower, mut hump, mut previous_lower) = (false, false, false);
    for b in word.bytes() {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        let is_lower = b.is_ascii_lowercase();
        hump |= previous_lower && !is_lower;
        lower |= is_lower;
        previous_lower = is_lower;
    }
    lower.then_some(hump)
}

/// Not part of a URL, e-mail address, handle, hashtag or code: no joining
/// character right before or after the token.
fn free_standing(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let mut after = text[span.end..].chars();
    let (next, then) = (after.next(), after.next());
    let glued_before =
        before.is_some_and(|c| "@#/\\_.=:<>&+~$%*".contains(c) || c.is_alphanumeric());
    let glued_after = match (next, then) {
        (Some(c), _) if "@/\\_=<>&+~".contains(c) || c.is_alphanumeric() => true,
        (Some('.' | ':' | '('), Some(n)) => n.is_alphanumeric() || n == '/',
        _ => false,
    };
    !glued_before && !glued_after
}

/// The splits of one word and whether it may be two names (see [`GluedWords::splits`]).
type Analysis = (Box<[Split]>, bool);

/// What the article says about its words: how often each candidate occurs,
/// and which capitalised words it uses as names mid-sentence.
struct Vocabulary<'d> {
    /// For each folded id, how many tokens are candidate words of that form
    /// ignoring case ([`candidate_occurrences`]).
    occurrences: Vec<u32>,
    proper: HashSet<&'d str, BuildFnv>,
}

impl Vocabulary<'_> {
    /// How many tokens are candidate words with the folded id `folded`.
    fn count(&self, folded: usize) -> usize {
        self.occurrences.get(folded).map_or(0, |&n| n as usize)
    }

    fn is_proper(&self, word: &str) -> bool {
        self.proper.contains(word)
    }
}

/// `word` in ASCII lower case, in `buf`; `None` when it does not fit or is not ASCII.
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; ASCII_LOWER_MAX]) -> Option<&'b str> {
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

/// Longest word [`ascii_lower`] handles.
const ASCII_LOWER_MAX: usize = 64;

/// FNV-1a, a fast hash for the short words of one article.
#[derive(Default, Clone, Copy)]
struct BuildFnv;

struct Fnv(u64);

impl std::hash::BuildHasher for BuildFnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether the word at `at` follows another word of its sentence (not a sentence start).
fn mid_sentence(text: &str, at: usize) -> bool {
    let previous = text[..at]
        .chars()
        .rev()
        .find(|&c| !c.is_whitespace() && !matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '«'));
    previous.is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '’' | '”' | ')'))
}

/// Whether a token lies in a headline written in title case (one line, no
/// final full stop, mostly capitalised words), whose capitals say nothing
/// about names. Paragraphs are judged once each, in order.
#[derive(Default)]
struct TitleCase {
    paragraph: usize,
    judged: Option<bool>,
}

impl TitleCase {
    fn holds(&mut self, doc: &Document, span: Span) -> bool {
        while doc
            .paragraphs
            .get(self.paragraph)
            .is_some_and(|p| p.end < span.start)
        {
            self.paragraph += 1;
            self.judged = None;
        }
        let Some(&paragraph) = doc.paragraphs.get(self.paragraph) else {
            return false;
        };
        *self
            .judged
            .get_or_insert_with(|| is_title_case(paragraph.of(doc.text)))
    }
}

fn is_title_case(paragraph: &str) -> bool {
    let text = paragraph.trim_end();
    if text.contains('\n') || text.ends_with('.') {
        return false;
    }
    let (mut long, mut capitalised) = (0, 0);
    for word in text.split_whitespace().filter(|w| w.chars().count() >= 4) {
        long += 1;
        capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
    }
    long >= 3 && capitalised * 10 >= long * 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn two_names_are_cut_where_both_parts_are_long_enough() {
        // "Paisernesto", parts over three letters: "Pais|ernesto" .. "Paiser|nesto".
        assert_eq!(two_name_cuts(11, 3), 4..=7);
        assert!(two_name_cuts(7, 3).is_empty());
    }

    fn rule() -> GluedWords {
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect();
        GluedWords::compile(&GluedWordsSpec {
            function_words: words(&["the", "of", "in", "with"]),
            leading_function_words: words(&["the", "in"]),
            clause_starters: Vec::new(),
            max_level: 50,
            min_part: 3,
            allow: Vec::new(),
            name_prefixes: Vec::new(),
            name_endings: words(&["in"]),
            word_endings: Vec::new(),
        })
        .unwrap()
    }

    #[test]
    fn occurrences_known_before_the_pass_match_the_candidate_tokens() {
        let text = "Gaza Stripthe talks. STRIPTHE stripthe Stripthe Tehranwith.\n\n\
                    Mayta Cafiero met MaytaCafiero in Paisernesto, inthe city.";
        let doc = Document::new(text);
        let words = Words::of(&doc);
        let rule = rule();
        let verdicts: Vec<Option<u32>> = (0..words.len())
            .map(|id| rule.analyse(words.text(text, id)).map(|_| 0))
            .collect();
        let occurrences = candidate_occurrences(text, &words, &verdicts);
        // The reference: candidate tokens counted one by one, by their text in lower case.
        let mut counted: HashMap<String, u32> = HashMap::new();
        for (index, &id) in words.ids().iter().enumerate() {
            if verdicts[id as usize].is_some() {
                let word = doc.tokens()[index].span().of(text);
                *counted.entry(word.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let mut checked = 0;
        for (id, verdict) in verdicts.iter().enumerate() {
            if verdict.is_some() {
                let word = words.text(text, id);
                let expected = counted[&word.to_ascii_lowercase()];
                assert_eq!(occurrences[words.folded(id)], expected, "{word}");
                checked += 1;
            }
        }
        assert!(checked >= 5, "{checked}");
        let stripthe = (0..words.len()).find(|&id| words.text(text, id) == "stripthe");
        assert_eq!(occurrences[words.folded(stripthe.unwrap())], 3);
    }

    #[test]
    fn only_confirmed_candidates_are_flagged_in_text_order() {
        let text = "Gaza Strip was quiet. Officials in Stripthe said so.\n\n\
                    They left Tehran. Tehranwith and attackon came. http://x.org/Parisof";
        let doc = Document::new(text);
        let mut hits = Vec::new();
        rule().check(&doc, &mut hits);
        let found: Vec<&str> = hits.iter().map(|h| h.span.of(text)).collect();
        assert_eq!(found, ["Stripthe", "Tehranwith"]);
    }
}

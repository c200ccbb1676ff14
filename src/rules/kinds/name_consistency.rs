//! `name-consistency`: within one article, a proper noun that is a near miss
//! of a more frequent name in the same article, or of a gazetteer name, is
//! flagged with the likely spelling ("Rafa" beside "Rafah", "Guterez" for
//! Guterres, "Gamburg" for Hamburg through a transliteration table).
//!
//! No similarity threshold separates Rafa/Rafah from Hamas/Hama, so the kind
//! leans on guards: a form that is itself a known word or name is never
//! flagged (Iran beside Iraq, Austria beside Australia), endings that make
//! plurals, possessives and demonyms are not near misses (Gaza/Gazan), and
//! the other form needs evidence (the gazetteer, or more occurrences here).

use crate::entities::names::{
    written_in_lower_case, ArticleNames, Interest, NameForm, NameTokens, PhraseStarts,
};
use crate::entities::translit::{Correspondence, Transliteration};
use crate::entities::Gazetteer;
use crate::lexicon::TokenSet;
use crate::rules::{Check, Hit};
use crate::text::Document;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameConsistencySpec {
    /// Jaro-Winkler similarity (0–1) a near miss needs at least.
    pub min_similarity: f64,
    /// Most edits (optimal string alignment) between a near miss and the name.
    pub max_edits: usize,
    /// Most edits for names at least `long_from` letters long.
    pub max_edits_long: usize,
    pub long_from: usize,
    /// Shorter forms are never compared.
    pub min_length: usize,
    /// How often the other form must occur in the article to count as evidence
    /// (it must also occur more often than the near miss).
    pub min_occurrences: usize,
    /// Suspects shorter than this many letters need `min_occurrences_short`.
    pub short_below: usize,
    /// Occurrences the other form needs when the suspect is short (Seol/Seoul).
    pub min_occurrences_short: usize,
    /// A form written more often than this is the article's own name, not a
    /// slip on a gazetteer name (Lisboa for the Macau casino, Tianyi).
    pub gazetteer_max_occurrences: usize,
    /// Compare with gazetteer names (surnames, places, organisations) too.
    #[serde(default)]
    pub gazetteer: bool,
    /// Endings that make another word of a name: plurals, demonyms (Gaza/Gazan).
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// A form in the English lexicon at this SCOWL level or more common is a word.
    pub lexicon_level: u8,
    /// More words never to flag.
    #[serde(default)]
    pub known_words: Vec<String>,
    /// Letter correspondences of transliteration (`[g, h]`: Gamburg/Hamburg).
    #[serde(default)]
    pub transliteration: Vec<Correspondence>,
    /// Edits allowed besides the correspondences, for a transliteration match.
    #[serde(default)]
    pub transliteration_edits: usize,
    /// Shorter forms are not matched through transliteration.
    pub transliteration_min_length: usize,
}

#[derive(Debug)]
pub struct NameConsistency {
    spec: NameConsistencySpec,
    translit: Transliteration,
    /// Which first letters the transliteration table lets a name start with.
    starts: AlikeStarts,
    known_words: HashSet<String>,
    gazetteer: Arc<Gazetteer>,
    /// Gazetteer names to compare with, by first letter, built on first use.
    targets: OnceLock<HashMap<char, Vec<Target>>>,
    /// Lower-case gazetteer surname → the folded first names it goes with.
    given_names: OnceLock<HashMap<String, HashSet<String>>>,
    /// For the tokens shared with office titles and variants ([`NameTokens`]).
    phrase_starts: OnceLock<PhraseStarts>,
}

/// The article's forms that may vouch for a spelling: first letter →
/// (lower case, form, number of letters).
type Targets<'a, 't> = HashMap<char, Vec<(&'a str, &'a NameForm<'t>, usize)>>;

/// A gazetteer name a near miss may stand for: lower case, with its number
/// of letters, so that most names are passed over on their length alone.
#[derive(Debug)]
struct Target {
    word: String,
    letters: usize,
}

/// [`Transliteration::may_start_alike`] of a name and a one-letter word,
/// the question asked of each first letter of the names compared with a
/// suspect: a correspondence whose one side starts the name and whose other
/// side is that letter. Kept as (side, other letter) pairs, so that the
/// question costs a few byte comparisons, not a walk over every pair's
/// letters.
#[derive(Debug, Default)]
struct AlikeStarts {
    /// (one side in lower case, the other side's letter; `None` for an
    /// empty side, which any letter passes).
    pairs: Vec<(String, Option<char>)>,
    /// Bit `k`: the ASCII letter `a + k` is in no correspondence (for
    /// [`AlikeStarts::may_match_within`]).
    uncovered: u32,
}

impl AlikeStarts {
    fn new(table: &[Correspondence]) -> Self {
        let mut pairs = Vec::new();
        let mut uncovered = (1 << 26) - 1;
        for Correspondence([a, b]) in table {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            for c in a.chars().chain(b.chars()) {
                uncovered &= !letter_bit(c);
            }
            for (side, other) in [(&a, &b), (&b, &a)] {
                // A side of two letters or more never matches one letter.
                let mut letters = other.chars();
                let letter = letters.next();
                if letters.next().is_none() {
                    pairs.push((side.clone(), letter));
                }
            }
        }
        AlikeStarts { pairs, uncovered }
    }

    /// Whether [`Transliteration::matches_within`] of `a` and `b` (lower
    /// case) with at most `edits` edits may hold, told from their letter
    /// counts: a letter that no correspondence has, written more often in
    /// one name than in the other, needs an edit for each extra copy (a
    /// match or a swap takes copies from both names, a correspondence only
    /// its own letters), so more such copies than `edits` on either side
    /// rule it out. Most unrelated pairs stop here, before the alignment.
    fn may_match_within(&self, a: &str, b: &str, edits: usize) -> bool {
        let mut counts = [0i32; 26];
        for c in a.chars() {
            if let Some(k) = ascii_letter(c) {
                counts[k] += 1;
            }
        }
        for c in b.chars() {
            if let Some(k) = ascii_letter(c) {
                counts[k] -= 1;
            }
        }
        let (mut extra_a, mut extra_b) = (0, 0);
        for (k, n) in counts.iter().enumerate() {
            if self.uncovered & (1 << k) != 0 {
                extra_a += n.max(&0).unsigned_abs() as usize;
                extra_b += n.min(&0).unsigned_abs() as usize;
            }
        }
        extra_a <= edits && extra_b <= edits
    }

    /// Whether a name starting like `name` may be written starting with
    /// `letter` ([`Transliteration::may_start_alike`] of `name` and `letter`).
    fn alike(&self, name: &str, letter: char) -> bool {
        !name.is_empty()
            && (name.starts_with(letter)
                || self.pairs.iter().any(|(side, other)| {
                    other.is_none_or(|c| c == letter) && name.starts_with(side.as_str())
                }))
    }
}

/// The index of an ASCII lower-case letter (other characters are never
/// counted as uncovered letters, which only lets more pairs through).
fn ascii_letter(c: char) -> Option<usize> {
    c.is_ascii_lowercase().then(|| (c as u8 - b'a') as usize)
}

/// [`AlikeStarts::uncovered`] bit of a letter (none for other characters).
fn letter_bit(c: char) -> u32 {
    ascii_letter(c).map_or(0, |k| 1 << k)
}

/// Why a form is taken for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Article(usize),
    Gazetteer,
}

impl NameConsistency {
    pub fn compile(spec: &NameConsistencySpec, gazetteer: &Arc<Gazetteer>) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&spec.min_similarity) {
            return Err("`min_similarity` is a Jaro-Winkler score between 0 and 1".into());
        }
        if spec.min_occurrences < 2 {
            return Err("`min_occurrences` below 2 would let any name vouch for itself".into());
        }
        let translit = Transliteration::new(&spec.transliteration)?;
        let starts = AlikeStarts::new(&spec.transliteration);
        let mut spec = spec.clone();
        spec.suffixes = spec.suffixes.iter().map(|s| s.to_lowercase()).collect();
        Ok(NameConsistency {
            known_words: spec.known_words.iter().map(|w| w.to_lowercase()).collect(),
            spec,
            translit,
            starts,
            gazetteer: Arc::clone(gazetteer),
            targets: OnceLock::new(),
            given_names: OnceLock::new(),
            phrase_starts: OnceLock::new(),
        })
    }

    /// Gazetteer names a near miss may stand for: one-word place and
    /// organisation names and people's surnames, lower case, by first letter.
    fn targets(&self) -> &HashMap<char, Vec<Target>> {
        self.targets.get_or_init(|| {
            let g = &self.gazetteer;
            let mut words: HashSet<String> = HashSet::default();
            let surnames = g
                .people
                .iter()
                .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases));
            for name in surnames {
                if let Some(last) = name.rsplit(' ').next() {
                    words.insert(last.to_lowercase());
                }
            }
            let places = g
                .places
                .iter()
                .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases));
            let orgs = g
                .organisations
                .iter()
                .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases));
            words.extend(
                places
                    .chain(orgs)
                    .filter(|n| !n.contains(' '))
                    .map(|n| n.to_lowercase()),
            );
            let mut by_letter: HashMap<char, Vec<Target>> = HashMap::default();
            // Hyphenated names (Jong-un) are never compared.
            for word in words.into_iter().filter(|w| !w.contains('-')) {
                if let Some(c) = word.chars().next() {
                    let letters = word.chars().count();
                    by_letter
                        .entry(c)
                        .or_default()
                        .push(Target { word, letters });
                }
            }
            by_letter
        })
    }

    fn given_names(&self) -> &HashMap<String, HashSet<String>> {
        self.given_names.get_or_init(|| {
            let mut out: HashMap<String, HashSet<String>> = HashMap::default();
            for p in &self.gazetteer.people {
                for name in std::iter::once(&p.name).chain(&p.aliases) {
                    let words: Vec<&str> = name.split(' ').collect();
                    if let (Some(first), Some(last)) = (words.first(), words.last()) {
                        out.entry(last.to_lowercase())
                            .or_default()
                            .insert(fold_diacritics(&first.to_lowercase()));
                    }
                }
            }
            out
        })
    }

    /// Whether the names written before a suspect fit the gazetteer name it
    /// would stand for: "Bruno Fernandes" is another person than Alberto
    /// Fernández, "Antonio Guterez" is António Guterres.
    fn given_names_fit(&self, target: &str, written: &[&str]) -> bool {
        let known = self.given_names().get(target);
        written.iter().all(|given| {
            let lower = given.to_lowercase();
            crate::lexicon::is_word(&lower, self.spec.lexicon_level)
                || known.is_some_and(|k| k.contains(&fold_diacritics(&lower)))
        })
    }

    /// Whether a lower-case form is a known word or name, never to be flagged
    /// here (or a wrong form the `variants` kind flags with its own fix).
    fn is_known(&self, lower: &str) -> bool {
        self.known_words.contains(lower)
            || self.gazetteer.knows_word(lower)
            || self.gazetteer.is_wrong_form(lower)
            || self.gazetteer.people_named(lower).next().is_some()
            || crate::lexicon::is_word(lower, self.spec.lexicon_level)
    }

    /// Whether the form as written is a common first name (Rodrigo beside Rodrygo).
    fn is_first_name(&self, written: &str) -> bool {
        crate::entities::gazetteer::is_first_name(written)
    }

    /// Whether `a` (the suspect) is a near miss of `b`. Against the gazetteer
    /// (`strict`), swapped letters do not count as one edit: MT drops and
    /// changes letters, while a transposition is usually another name
    /// (Alegria/Algeria).
    fn near_miss(&self, a: &str, b: &str, strict: bool) -> bool {
        let (la, lb) = (a.chars().count(), b.chars().count());
        if a == b || !self.lengths_may_be_near(la, lb) {
            return false;
        }
        let allowed = self.allowed_edits(la, lb);
        // The bag distance is a lower bound of both edit distances: most
        // pairs stop there, before the allocating distances.
        let bag = bag_distance(a, b);
        let close = la.abs_diff(lb) <= allowed
            && bag <= allowed
            && a.chars().next() == b.chars().next()
            && if strict {
                strsim::levenshtein(a, b)
            } else {
                strsim::osa_distance(a, b)
            } <= allowed
            && strsim::jaro_winkler(a, b) >= self.spec.min_similarity;
        // The cheap guards before the transliteration distance, which
        // allocates; the one that allocates last: few pairs get this far.
        let guarded =
            |a: &str, b: &str| !self.related_by_suffix(a, b) && !differ_in_final_vowel(a, b);
        let near = close
            || (la.min(lb) >= self.spec.transliteration_min_length
                && la.abs_diff(lb) <= 2 + self.spec.transliteration_edits
                && bag <= 4 + self.spec.transliteration_edits
                && self.translit.may_start_alike(a, b)
                && guarded(a, b)
                && self
                    .starts
                    .may_match_within(a, b, self.spec.transliteration_edits)
                && self
                    .translit
                    .matches_within(a, b, self.spec.transliteration_edits));
        near && guarded(a, b) && fold_diacritics(a) != fold_diacritics(b)
    }

    /// Most edits between near misses of `la` and `lb` letters.
    fn allowed_edits(&self, la: usize, lb: usize) -> usize {
        if la.max(lb) >= self.spec.long_from {
            self.spec.max_edits_long
        } else {
            self.spec.max_edits
        }
    }

    /// Whether words of `la` and `lb` letters may be near misses: the length
    /// tests of [`Self::near_miss`] (every pair it accepts passes), so that
    /// most pairs are passed over without reading their letters.
    fn lengths_may_be_near(&self, la: usize, lb: usize) -> bool {
        let (short, diff) = (la.min(lb), la.abs_diff(lb));
        short >= self.spec.min_length
            && (diff <= self.allowed_edits(la, lb)
                || short >= self.spec.transliteration_min_length
                    && diff <= 2 + self.spec.transliteration_edits)
    }

    /// Gaza/Gazan, Palestinian/Palestinians, Hama/Hamas: one is the other plus an ending.
    fn related_by_suffix(&self, a: &str, b: &str) -> bool {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let demonym = self
            .gazetteer
            .index()
            .demonym_of
            .get(long)
            .is_some_and(|p| p == short);
        demonym
            || long
                .strip_prefix(short)
                .is_some_and(|rest| self.spec.suffixes.iter().any(|s| s == rest))
    }

    /// The article's forms that can vouch for another spelling: written often
    /// enough and inside sentences (and never in lower case, which is checked
    /// later, for the few that are near misses); lower case, by first letter.
    fn article_targets<'a, 't>(&self, names: &'a ArticleNames<'t>) -> Targets<'a, 't> {
        self.targets_where(names, |form| form.mid_sentence)
    }

    /// The article's forms written often enough to vouch for another
    /// spelling that `pick` picks, lower case, by first letter.
    fn targets_where<'a, 't>(
        &self,
        names: &'a ArticleNames<'t>,
        pick: impl Fn(&NameForm) -> bool,
    ) -> Targets<'a, 't> {
        let least = self
            .spec
            .min_occurrences
            .min(self.spec.min_occurrences_short);
        let mut out: Targets<'a, 't> = HashMap::default();
        for form in names.forms.values() {
            if form.count < least || !pick(form) {
                continue;
            }
            if let Some(c) = form.lower.chars().next() {
                let letters = form.lower.chars().count();
                out.entry(c)
                    .or_default()
                    .push((form.lower.as_str(), form, letters));
            }
        }
        out
    }

    /// The article's forms a suspect may be a near miss of: written often
    /// enough, and more often than the suspect, in the order they are met.
    fn article_near_misses<'a, 't>(
        &self,
        form: &NameForm,
        article: &Targets<'a, 't>,
    ) -> Vec<&'a NameForm<'t>> {
        let lower = form.lower.as_str();
        let count = form.count;
        let needed = if lower.chars().count() < self.spec.short_below {
            self.spec.min_occurrences_short
        } else {
            self.spec.min_occurrences
        };
        let mut out = Vec::new();
        let Some(first) = lower.chars().next() else {
            return out;
        };
        let letters = lower.chars().count();
        for (c, forms) in article {
            // Whether the group's first letter may start a near miss, asked
            // only once one of its forms passes the cheaper tests.
            let mut alike = None;
            for &(other, other_form, n_letters) in forms {
                let n = other_form.count;
                if n < needed || n <= count || !self.lengths_may_be_near(letters, n_letters) {
                    continue;
                }
                if !*alike.get_or_insert_with(|| *c == first || self.starts.alike(lower, *c)) {
                    break; // no form of the group may start alike
                }
                if self.near_miss(lower, other, false) {
                    out.push(other_form);
                }
            }
        }
        out
    }

    /// The most frequent of a suspect's article near misses that the article
    /// never writes in lower case, with its count.
    fn article_form(
        near_misses: &[&NameForm],
        in_lower_case: &HashSet<&str>,
    ) -> Option<(String, Evidence)> {
        let mut best: Option<(String, Evidence)> = None;
        for other in near_misses {
            let n = other.count;
            if in_lower_case.contains(other.lower.as_str()) {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|(_, e)| matches!(e, Evidence::Article(m) if n > *m))
            {
                best = Some((other.text.to_string(), Evidence::Article(n)));
            }
        }
        best
    }

    /// Whether a suspect without the article's evidence may be compared with
    /// the gazetteer. Hyphenated given names (Jong-in, Jong-un) are told apart
    /// by one syllable: only the article's own spelling is evidence for them.
    /// Short forms need the article's evidence too (Seol, a surname, beside
    /// Seoul). A form used as a given name ("Farhad Hosseini") is not a
    /// surname or a place of the gazetteer: that is checked in
    /// [`Self::gazetteer_form_of`], once a gazetteer name is near.
    fn may_use_gazetteer(&self, form: &NameForm) -> bool {
        self.spec.gazetteer
            && !form.lower.contains('-')
            && form.lower.chars().count() >= self.spec.short_below
            && form.count <= self.spec.gazetteer_max_occurrences
    }

    /// The gazetteer's spelling for a suspect, if it may have one: the
    /// gazetteer name closest to it, if it is a near miss of one (Mashad:
    /// Mashhad, not Mashal) and the names written before the suspect fit it.
    /// The suspect's neighbouring names are read only when a name is near.
    fn gazetteer_form_of(&self, doc: &Document, form: &NameForm) -> Option<(String, Evidence)> {
        if !self.may_use_gazetteer(form) {
            return None;
        }
        let near = self.gazetteer_near_misses(form);
        if near.is_empty() {
            return None;
        }
        let neighbours = form.neighbours(doc);
        if neighbours.before_names != 0 {
            return None;
        }
        let lower = form.lower.as_str();
        let mut best: Option<(&String, f64)> = None;
        for word in near {
            if !self.given_names_fit(word, &neighbours.given_names) {
                continue;
            }
            let score = strsim::jaro_winkler(lower, word);
            if best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((word, score));
            }
        }
        best.map(|(word, _)| (capitalised(word), Evidence::Gazetteer))
    }

    /// The gazetteer names a suspect is a near miss of, those starting with
    /// its own first letter first.
    fn gazetteer_near_misses(&self, form: &NameForm) -> Vec<&String> {
        let lower = form.lower.as_str();
        let mut out = Vec::new();
        let Some(first) = lower.chars().next() else {
            return out;
        };
        let letters = lower.chars().count();
        let targets = self.targets();
        let letters_of =
            std::iter::once(first).chain(targets.keys().copied().filter(|c| *c != first));
        for c in letters_of {
            let Some(words) = targets.get(&c) else {
                continue;
            };
            // Asked once a name of the group passes its length test.
            let mut alike = None;
            for Target { word, letters: n } in words {
                if !self.lengths_may_be_near(letters, *n) {
                    continue;
                }
                if !*alike.get_or_insert_with(|| c == first || self.starts.alike(lower, c)) {
                    break; // no name of the group may start alike
                }
                if self.near_miss(lower, word, true) {
                    out.push(word);
                }
            }
        }
        out
    }
}

/// How many letters one word has that the other lacks (the larger side): a
/// cheap lower bound that keeps the transliteration distance off unrelated pairs.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 27];
    let slot = |c: char| {
        if c.is_ascii_lowercase() {
            (c as u8 - b'a') as usize
        } else {
            26
        }
    };
    for c in a.chars() {
        counts[slot(c)] += 1;
    }
    for c in b.chars() {
        counts[slot(c)] -= 1;
    }
    let extra_a: i32 = counts.iter().filter(|n| **n > 0).sum();
    let extra_b: i32 = -counts.iter().filter(|n| **n < 0).sum::<i32>();
    extra_a.max(extra_b) as usize
}

/// Argentino/Argentina, Mario/Maria, Argentinos/Argentina: a final vowel that marks gender or
/// number in Romance languages makes another word, not a misspelling.
fn differ_in_final_vowel(a: &str, b: &str) -> bool {
    let vowel = |c: char| "aeiou".contains(c);
    let (a, b) = (
        a.strip_suffix('s').unwrap_or(a),
        b.strip_suffix('s').unwrap_or(b),
    );
    let (mut x, mut y) = (a.chars(), b.chars());
    match (x.next_back(), y.next_back()) {
        (Some(p), Some(q)) => p != q && vowel(p) && vowel(q) && x.as_str() == y.as_str(),
        _ => false,
    }
}

/// "américa" → "america": spellings that differ only in accents are house
/// style (Erdoğan/Erdogan, Copa América), not near misses.
fn fold_diacritics(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// "rafah" → "Rafah".
fn capitalised(lower: &str) -> String {
    let mut chars = lower.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A suspect and the spellings it may stand for.
struct Candidates<'a, 't> {
    form: &'a NameForm<'t>,
    /// The article's near misses of it, before the lower-case check.
    article: Vec<&'a NameForm<'t>>,
    /// The gazetteer's spelling, looked up at once when the article has no
    /// near miss (else only if none of them passes the lower-case check).
    gazetteer: Option<(String, Evidence)>,
}

impl NameConsistency {
    /// Whether a form may be a suspect if used inside a sentence: written
    /// like a name, and no known word or name.
    fn may_be_suspect(&self, text: &str, lower: &str) -> bool {
        text.chars().skip(1).any(char::is_lowercase)
            && text.chars().all(|c| c.is_alphabetic() || c == '-')
            && !self.is_known(lower)
            && !self.is_first_name(text)
    }

    /// What to find out about a form: details for a possible suspect; whether
    /// it is used inside a sentence also for a form written often enough to
    /// vouch for another. Other forms (most of them) cost nothing per
    /// occurrence, and so do forms the article also writes in lower case:
    /// such a form is a word, neither a suspect nor evidence (the check
    /// drops them later through [`written_in_lower_case`]), and most
    /// sentence-initial words ("The", "But") are such forms.
    fn interest(&self, form: &NameForm) -> Interest {
        if form.lower_case_too {
            return Interest::default();
        }
        let least = self
            .spec
            .min_occurrences
            .min(self.spec.min_occurrences_short);
        let details = self.may_be_suspect(form.text, &form.lower);
        // A form that only vouches for others may leave its use inside
        // sentences undecided (see `settle_targets`).
        Interest {
            mid_sentence: details || form.count >= least,
            may_wait: !details,
            details,
        }
    }

    /// Capitalised forms used inside sentences that are no known word or
    /// name, in text order.
    fn suspects<'a, 't>(&self, names: &'a ArticleNames<'t>) -> Vec<&'a NameForm<'t>> {
        let mut suspects: Vec<&NameForm> = names
            .forms
            .values()
            .filter(|form| form.mid_sentence && form.details)
            .collect();
        suspects.sort_by_key(|f| f.occurrences[0]);
        suspects
    }

    /// Decides whether the forms whose use inside sentences was left
    /// undecided ("However", which starts thousands of sentences) are used
    /// so, for those that matter: a near miss of some suspect.
    fn settle_targets<'t>(&self, doc: &Document<'t>, set: &TokenSet, names: &mut ArticleNames<'t>) {
        let undecided = self.targets_where(names, |form| form.mid_sentence_open);
        if undecided.is_empty() {
            return;
        }
        let needed: HashSet<&'t str> = self
            .suspects(names)
            .into_iter()
            .flat_map(|form| self.article_near_misses(form, &undecided))
            .map(|form| form.text)
            .collect();
        names.settle_mid_sentence(doc, set, |form| needed.contains(form.text));
    }

    /// The suspects that have a spelling to stand for, with their spellings.
    fn candidates<'a, 't>(
        &self,
        doc: &Document<'t>,
        names: &'a ArticleNames<'t>,
    ) -> Vec<Candidates<'a, 't>> {
        let suspects = self.suspects(names);
        if suspects.is_empty() {
            return Vec::new();
        }
        let article = self.article_targets(names);
        suspects
            .into_iter()
            .map(|form| {
                let near = self.article_near_misses(form, &article);
                let gazetteer = if near.is_empty() {
                    self.gazetteer_form_of(doc, form)
                } else {
                    None
                };
                Candidates {
                    form,
                    article: near,
                    gazetteer,
                }
            })
            .filter(|c| !c.article.is_empty() || c.gazetteer.is_some())
            .collect()
    }
}

impl Check for NameConsistency {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        // The phrase starts are built only by the rule that builds the set.
        let starts = || {
            self.phrase_starts
                .get_or_init(|| PhraseStarts::of(&self.gazetteer))
        };
        let set = NameTokens::of(doc, &self.gazetteer, starts);
        let mut names = ArticleNames::of_in(doc, &set.0, |form| self.interest(form));
        self.settle_targets(doc, &set.0, &mut names);
        let candidates = self.candidates(doc, &names);
        if candidates.is_empty() {
            return;
        }
        // A form the article also writes in lower case is a word: neither a
        // suspect nor evidence. Asked only for the forms compared here.
        let compared = candidates
            .iter()
            .flat_map(|c| std::iter::once(c.form).chain(c.article.iter().copied()));
        let in_lower_case = written_in_lower_case(doc, compared.map(|f| f.lower.as_str()));
        for Candidates {
            form,
            article,
            gazetteer,
        } in candidates
        {
            if in_lower_case.contains(form.lower.as_str()) {
                continue;
            }
            let found = Self::article_form(&article, &in_lower_case).or_else(|| {
                if article.is_empty() {
                    gazetteer
                } else {
                    self.gazetteer_form_of(doc, form)
                }
            });
            let Some((right, evidence)) = found else {
                continue;
            };
            let why = match evidence {
                Evidence::Article(n) => format!("written so {n} times in this article"),
                Evidence::Gazetteer => "the usual spelling".to_string(),
            };
            for span in form.spans(doc) {
                hits.push(Hit {
                    span,
                    vars: vec![
                        ("wrong".into(), span.of(doc.text).to_string()),
                        ("right".into(), right.clone()),
                        ("evidence".into(), why.clone()),
                    ],
                    replacements: vec![right.clone()],
                });
            }
        }
    }

    fn variables(&self) -> Vec<String> {
        ["wrong", "right", "evidence"].map(String::from).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<Correspondence> {
        [
            ["g", "h"],
            ["kh", "h"],
            ["kh", "j"],
            ["j", "y"],
            ["ou", "u"],
            ["dzh", "j"],
            ["ks", "x"],
            ["tsch", "ch"],
            ["ie", "i"],
            ["É", "e"],
        ]
        .iter()
        .map(|[a, b]| Correspondence([a.to_string(), b.to_string()]))
        .collect()
    }

    /// The first-letter table and the transliteration of the test table.
    fn starts_and_transliteration() -> (AlikeStarts, Transliteration) {
        let table = table();
        let translit = Transliteration::new(&table).expect("a valid table");
        (AlikeStarts::new(&table), translit)
    }

    /// The letter-count test never rules out a transliteration match.
    #[test]
    fn letter_counts_never_rule_out_a_match() {
        let (starts, translit) = starts_and_transliteration();
        let names = [
            "gamburg",
            "hamburg",
            "khamenei",
            "jamenei",
            "jaroslaw",
            "yaroslav",
            "mariupol",
            "marioupol",
            "ksenia",
            "xenia",
            "tschaikowsky",
            "chaikovsky",
            "mashhad",
            "mashad",
            "dzhokhar",
            "jokhar",
            "marseille",
            "marsielle",
            "nabeul",
            "nableu",
            "élysée",
        ];
        let mut matched = 0;
        for a in names {
            for b in names {
                for edits in 0..3 {
                    if translit.matches_within(a, b, edits) {
                        matched += 1;
                        assert!(starts.may_match_within(a, b, edits), "{a} {b} {edits}");
                    }
                }
            }
        }
        assert!(matched > 10);
        assert!(!starts.may_match_within("marseille", "mariupol", 0));
    }

    /// The first-letter table answers as the transliteration table does.
    #[test]
    fn alike_starts_agree_with_the_transliteration_table() {
        let (starts, translit) = starts_and_transliteration();
        let names = [
            "gamburg",
            "hamburg",
            "khamenei",
            "jamenei",
            "yaroslav",
            "ouagadougou",
            "ubon",
            "dzhokhar",
            "ksenia",
            "xenia",
            "tschad",
            "iemen",
            "élysée",
            "eric",
            "k",
            "",
        ];
        for name in names {
            for letter in "ghjyoukxtcieéabdz".chars() {
                let mut buf = [0u8; 4];
                assert_eq!(
                    starts.alike(name, letter),
                    translit.may_start_alike(name, letter.encode_utf8(&mut buf)),
                    "{name} {letter}"
                );
            }
        }
    }
}

//! Person mentions: capitalised name sequences with the titles, honorifics and
//! role nouns around them ("White House spokeswoman Karin Jean-Pierre",
//! "Israeli Prime Minister Benjamin Netanyahu", "Mrs. X"), role nouns standing
//! alone ("the spokeswoman"), and the people they refer to. Later short forms
//! (a surname alone, "the spokeswoman") are linked to the earlier mention.

mod finder;
mod word_facts;
mod word_filter;

use super::gazetteer::Gazetteer;
use super::gender::{self, Gender};
use crate::diagnostic::Span;
use crate::text::Document;
use finder::Finder;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::sync::Arc;
pub use word_facts::NounId;
use word_filter::EdgeFilter;

/// The word lists that find people and their gender, as written in YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleSpec {
    /// Role and kinship nouns of women (spokeswoman, actress, wife).
    pub female_nouns: Vec<String>,
    /// Role and kinship nouns of men (spokesman, businessman, husband).
    pub male_nouns: Vec<String>,
    /// Role nouns of a person of either gender (minister, spokesperson, lawyer).
    pub person_nouns: Vec<String>,
    /// Honorifics and titles of women before a name (Mrs, Ms, Dame, Queen).
    pub female_titles: Vec<String>,
    /// Honorifics and titles of men before a name (Mr, Sir, King).
    pub male_titles: Vec<String>,
    /// Titles before a name that say nothing of gender (President, Minister, Dr).
    pub titles: Vec<String>,
    /// Words that qualify a title but never stand right before a name (Prime, Foreign, State).
    #[serde(default)]
    pub title_modifiers: Vec<String>,
    /// Lower-case parts of names (de, van, al, bin).
    #[serde(default)]
    pub particles: Vec<String>,
    /// Last words that make a capitalised sequence a place or organisation (Street, Party).
    #[serde(default)]
    pub not_person_words: Vec<String>,
    /// Family names written first (Kim, Lee, Wang): no first-name evidence from them.
    #[serde(default)]
    pub surname_first: Vec<String>,
    /// First names treated as unknown whatever the table says (Alex, Andrea, Jean).
    #[serde(default)]
    pub unisex_first_names: Vec<String>,
    /// First names that more often start the name of a place or team (Carolina, Austin):
    /// they neither show a person nor give a gender.
    #[serde(default)]
    pub place_first_names: Vec<String>,
    #[serde(default)]
    pub first_names: FirstNamesSpec,
    /// Confidence of a gendered role noun of men ("chairman" is sometimes used for women).
    #[serde(default = "default_male_noun_confidence")]
    pub male_noun_confidence: f32,
}

fn default_male_noun_confidence() -> f32 {
    0.9
}

/// How the first-name table is used.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstNamesSpec {
    /// A name counts only when at least this share of its bearers had one sex.
    pub threshold: f32,
    /// A name counts only when at least this many births had it.
    pub min_count: u32,
}

impl Default for FirstNamesSpec {
    fn default() -> Self {
        FirstNamesSpec {
            threshold: 0.9,
            min_count: 500,
        }
    }
}

/// The compiled word lists (all lower case, without final dots).
#[derive(Debug)]
pub struct Lexicon {
    /// Role nouns → the gender they mark, if any.
    nouns: HashMap<String, Option<Gender>>,
    /// Titles and title modifiers (lower case, no final dot) → [`TitleKind`] bits.
    title_kinds: HashMap<String, u8>,
    /// Bit n set when some role noun is n bytes long (n < 64), for a quick miss.
    noun_lengths: u64,
    /// Quick misses for the role nouns, the titles, the particles, the words that
    /// end places and organisations, and [`FUNCTION_WORDS`].
    noun_edges: EdgeFilter,
    title_edges: EdgeFilter,
    particle_edges: EdgeFilter,
    not_person_edges: EdgeFilter,
    function_edges: EdgeFilter,
    function_words: HashSet<&'static str>,
    particles: HashSet<String>,
    not_person_words: HashSet<String>,
    surname_first: HashSet<String>,
    unisex: HashSet<String>,
    place_first_names: HashSet<String>,
    /// Identifies equal word lists, so rules sharing them share one analysis.
    fingerprint: u64,
    threshold: f32,
    min_count: u32,
    male_noun_confidence: f32,
    /// Known people and their gender.
    gazetteer: Option<Arc<Gazetteer>>,
}

fn fingerprint(spec: &PeopleSpec) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for list in [
        &spec.female_nouns,
        &spec.male_nouns,
        &spec.person_nouns,
        &spec.female_titles,
        &spec.male_titles,
        &spec.titles,
        &spec.title_modifiers,
        &spec.particles,
        &spec.not_person_words,
        &spec.surname_first,
        &spec.unisex_first_names,
        &spec.place_first_names,
    ] {
        list.hash(&mut hasher);
    }
    spec.first_names.threshold.to_bits().hash(&mut hasher);
    spec.first_names.min_count.hash(&mut hasher);
    spec.male_noun_confidence.to_bits().hash(&mut hasher);
    hasher.finish()
}

fn noun_map(spec: &PeopleSpec) -> HashMap<String, Option<Gender>> {
    let mut map = HashMap::default();
    for (list, gender) in [
        (&spec.person_nouns, None),
        (&spec.male_nouns, Some(Gender::Male)),
        (&spec.female_nouns, Some(Gender::Female)),
    ] {
        for word in list {
            map.insert(word.to_lowercase(), gender);
        }
    }
    map
}

/// Bits of [`Lexicon::title_kinds`].
struct TitleKind;

impl TitleKind {
    const TITLE: u8 = 1;
    const FEMALE: u8 = 2;
    const MALE: u8 = 4;
    const MODIFIER: u8 = 8;
    /// A title that may stand right before a name.
    const ANY_TITLE: u8 = Self::TITLE | Self::FEMALE | Self::MALE;
}

fn title_kinds(spec: &PeopleSpec) -> HashMap<String, u8> {
    let mut map: HashMap<String, u8> = HashMap::default();
    for (list, bit) in [
        (&spec.titles, TitleKind::TITLE),
        (&spec.female_titles, TitleKind::FEMALE),
        (&spec.male_titles, TitleKind::MALE),
        (&spec.title_modifiers, TitleKind::MODIFIER),
    ] {
        for word in lower_set(list) {
            *map.entry(word).or_default() |= bit;
        }
    }
    map
}

fn noun_lengths(spec: &PeopleSpec) -> u64 {
    let mut bits = 0u64;
    for word in noun_map(spec).keys() {
        bits |= 1u64.checked_shl(word.len() as u32).unwrap_or(0);
    }
    bits
}

fn lower_set(words: &[String]) -> HashSet<String> {
    words
        .iter()
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect()
}

impl Lexicon {
    /// Compiles the word lists; `gazetteer` gives the gender of known people.
    pub fn compile(spec: &PeopleSpec, gazetteer: Option<Arc<Gazetteer>>) -> Result<Self, String> {
        let t = spec.first_names.threshold;
        if !(0.5..=1.0).contains(&t) {
            return Err(format!(
                "first_names.threshold {t} is not between 0.5 and 1"
            ));
        }
        let nouns = noun_map(spec);
        let title_kinds = title_kinds(spec);
        let particles = lower_set(&spec.particles);
        let not_person_words = lower_set(&spec.not_person_words);
        Ok(Lexicon {
            fingerprint: fingerprint(spec),
            noun_edges: EdgeFilter::new(nouns.keys().map(String::as_str)),
            title_edges: EdgeFilter::new(title_kinds.keys().map(String::as_str)),
            particle_edges: EdgeFilter::new(particles.iter().map(String::as_str)),
            not_person_edges: EdgeFilter::new(not_person_words.iter().map(String::as_str)),
            function_edges: EdgeFilter::new(FUNCTION_WORDS.iter().copied()),
            function_words: FUNCTION_WORDS.iter().copied().collect(),
            nouns,
            title_kinds,
            noun_lengths: noun_lengths(spec),
            particles,
            not_person_words,
            surname_first: lower_set(&spec.surname_first),
            unisex: lower_set(&spec.unisex_first_names),
            place_first_names: lower_set(&spec.place_first_names),
            threshold: t,
            min_count: spec.first_names.min_count,
            male_noun_confidence: spec.male_noun_confidence,
            gazetteer,
        })
    }

    /// Whether a lower-case word is a role noun of a person, and its gender if any.
    pub fn noun(&self, lower: &str) -> Option<Option<Gender>> {
        if lower.len() < 64 && self.noun_lengths & (1u64 << lower.len()) == 0 {
            return None;
        }
        self.nouns.get(lower).copied()
    }

    /// [`Lexicon::noun`] for a word in any case.
    fn noun_of(&self, word: &str) -> Option<Option<Gender>> {
        if !self.noun_edges.may_contain(word.as_bytes()) {
            return None;
        }
        with_lowercase(word, |lower| self.noun(lower))
    }

    /// The [`TitleKind`] bits of a word (any case, final dots ignored).
    fn title_kind(&self, word: &str) -> u8 {
        let word = word.trim_end_matches('.');
        if !self.title_edges.may_contain(word.as_bytes()) {
            return 0;
        }
        with_lowercase(word, |lower| {
            self.title_kinds.get(lower).copied().unwrap_or(0)
        })
    }

    /// A word of [`FUNCTION_WORDS`], in any case.
    fn is_function_word(&self, word: &str) -> bool {
        word.len() <= 10
            && self.function_edges.may_contain(word.as_bytes())
            && with_lowercase(word, |lower| self.function_words.contains(lower))
    }

    /// A lower-case name particle ("al", "van"), in any case.
    fn is_particle(&self, word: &str) -> bool {
        self.particle_edges.may_contain(word.as_bytes())
            && with_lowercase(word, |lower| self.particles.contains(lower))
    }

    /// A last word that makes a name a place or organisation ("Hall", "Party").
    fn is_not_person_word(&self, word: &str) -> bool {
        self.not_person_edges.may_contain(word.as_bytes())
            && with_lowercase(word, |lower| self.not_person_words.contains(lower))
    }

    fn noun_evidence(&self, word: &str) -> Option<Evidence> {
        let lower = word.to_lowercase();
        let gender = self.noun(&lower)??;
        let confidence = match gender {
            Gender::Female => 0.97,
            Gender::Male => self.male_noun_confidence,
        };
        Some(Evidence {
            gender,
            confidence,
            source: format!("“{word}”").into(),
        })
    }

    fn title_evidence(&self, word: &str) -> Option<Evidence> {
        let kind = self.title_kind(word);
        let gender = if kind & TitleKind::FEMALE != 0 {
            Gender::Female
        } else if kind & TitleKind::MALE != 0 {
            Gender::Male
        } else {
            return None;
        };
        Some(Evidence {
            gender,
            confidence: 0.99,
            source: format!("“{word}”").into(),
        })
    }

    /// The gender `word` gives as a first name; `row` looks it up in the
    /// table of first names ([`gender::first_name`]).
    fn first_name_evidence(
        &self,
        word: &str,
        row: impl FnOnce() -> Option<gender::FirstName>,
    ) -> Option<Evidence> {
        let excluded = with_lowercase(word, |lower| {
            self.unisex.contains(lower)
                || self.surname_first.contains(lower)
                || self.place_first_names.contains(lower)
        });
        if excluded {
            return None;
        }
        let (gender, confidence) = row()?.gender(self.threshold, self.min_count)?;
        Some(Evidence {
            gender,
            confidence,
            source: format!("the first name “{word}”").into(),
        })
    }

    /// The gazetteer's gender for a full name (or a known misspelling of one), or
    /// for a surname alone that only one known person bears.
    fn gazetteer_evidence(&self, words: &[&str], full: &str) -> Option<Evidence> {
        let gazetteer = self.gazetteer.as_ref()?;
        let same = |a: &str| a.eq_ignore_ascii_case(full);
        let mut found = gazetteer.people_named(full).filter(|p| {
            words.len() == 1
                || same(&p.name)
                || p.aliases.iter().chain(&p.variants).any(|a| same(a))
        });
        let person = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let confidence = if words.len() == 1 { 0.9 } else { 0.99 };
        Some(Evidence {
            gender: person.gender?.into(),
            confidence,
            source: format!("{} in the gazetteer", person.name).into(),
        })
    }

    /// Whether `word` is a common first name; `row` looks it up in the
    /// table of first names ([`gender::first_name`]).
    fn is_common_first_name(
        &self,
        word: &str,
        row: impl FnOnce() -> Option<gender::FirstName>,
    ) -> bool {
        !with_lowercase(word, |lower| self.place_first_names.contains(lower))
            && row().is_some_and(|r| r.count >= self.min_count)
    }

    /// What the word lists and the gazetteer say about a name (its `words`,
    /// joined by spaces in `full`), whatever the article says. The first
    /// word is looked up once in the table of first names (a search of
    /// thousands of instructions) for both questions asked of it.
    fn name_facts(&self, words: &[&str], full: &str) -> NameFacts {
        let row = std::cell::OnceCell::new();
        let first_row = || *row.get_or_init(|| gender::first_name(words[0]));
        let first_name = match words {
            [first, _, ..] => self.first_name_evidence(first, first_row),
            _ => None,
        };
        NameFacts {
            first_name,
            known: self.gazetteer_evidence(words, full),
            common_first: self.is_common_first_name(words[0], first_row),
            surname_first: with_lowercase(words[0], |w| self.surname_first.contains(w)),
        }
    }
}

/// One piece of evidence for a person's gender.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub gender: Gender,
    /// 0.0 to 1.0.
    pub confidence: f32,
    /// What the evidence is, for messages: "“spokeswoman”", "the first name “Karin”"
    /// (shared, as the same evidence is found at every mention of a name).
    pub source: Arc<str>,
}

/// A person the article talks about.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// The fullest name seen, or the role noun for a person never named.
    pub name: Arc<str>,
    pub evidence: Vec<Evidence>,
    /// Role nouns and titles used for the person (the ids of their lower-case
    /// forms), for linking "the spokeswoman".
    pub nouns: Vec<NounId>,
    /// False for a bare capitalised word that may be a person (a lone first name,
    /// a surname shared by two people): it blocks findings but is never a referent.
    pub referent: bool,
}

impl Person {
    /// Adds evidence and role nouns, each once (leaving both lists empty).
    fn add(&mut self, evidence: &mut Vec<Evidence>, nouns: &mut Vec<NounId>) {
        // Most mentions bring nothing new to add: skip the draining then.
        if !evidence.is_empty() {
            for e in evidence.drain(..) {
                if !self.evidence.contains(&e) {
                    self.evidence.push(e);
                }
            }
        }
        if !nouns.is_empty() {
            for n in nouns.drain(..) {
                if !self.nouns.contains(&n) {
                    self.nouns.push(n);
                }
            }
        }
    }

    /// Adds one piece of evidence unless the person has it already.
    fn add_evidence(&mut self, evidence: &Evidence) {
        if !self.evidence.contains(evidence) {
            self.evidence.push(evidence.clone());
        }
    }

    /// The person's gender when the evidence agrees: the strongest piece, unless
    /// the other gender also has evidence of at least 0.5.
    pub fn gender(&self) -> Option<&Evidence> {
        let best = |g: Gender| {
            self.evidence
                .iter()
                .filter(|e| e.gender == g)
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        };
        match (best(Gender::Female), best(Gender::Male)) {
            (Some(f), Some(m)) if f.confidence >= 0.5 && m.confidence >= 0.5 => None,
            (Some(f), Some(m)) => Some(if f.confidence >= m.confidence { f } else { m }),
            (Some(e), None) | (None, Some(e)) => Some(e),
            (None, None) => None,
        }
    }
}

/// One mention of a person, in 24 bytes (offsets and indices as `u32`: texts
/// are tokenized only up to [`crate::text::MAX_TOKENIZED_BYTES`]), as an
/// article of 10 MB holds about 100,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    start: u32,
    end: u32,
    phrase_start: u32,
    person: u32,
    paragraph: u32,
    quoted: bool,
    /// [`Follows`] bits: what the text right after the mention starts with.
    follows: u8,
}

/// Bits of [`Mention::follows`], taken when the mention is found (its text is
/// then in cache), so the rules need not read the text after every mention.
struct Follows;

impl Follows {
    /// ", he ", " he ", ", she " or " she " ([`pronoun_follows`]).
    const PRONOUN: u8 = 1;
    /// ", which ".
    const WHICH: u8 = 2;

    /// The bits of the text `after` a mention.
    fn of(after: &str) -> u8 {
        let mut bits = 0;
        if pronoun_follows(after) {
            bits |= Self::PRONOUN;
        }
        if after.starts_with(", which ") {
            bits |= Self::WHICH;
        }
        bits
    }
}

/// Whether the text after a name can start a doubled subject (", he ", " she ").
pub fn pronoun_follows(after: &str) -> bool {
    let after = after.strip_prefix(',').unwrap_or(after);
    after.starts_with(" he ") || after.starts_with(" she ")
}

/// An offset or index as stored in a [`Mention`] (all are below
/// [`crate::text::MAX_TOKENIZED_BYTES`]).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Mention {
    /// A mention of `person` over `span` in `text`, its phrase starting at
    /// `phrase_start`.
    fn new(text: &str, span: Span, phrase_start: usize, person: usize, paragraph: usize) -> Self {
        Mention {
            start: small(span.start),
            end: small(span.end),
            phrase_start: small(phrase_start),
            person: small(person),
            paragraph: small(paragraph),
            quoted: false,
            follows: text.get(span.end..).map_or(0, Follows::of),
        }
    }

    /// The name, or the role noun for an unnamed mention.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Start of the whole noun phrase, with its titles and an appositive role noun
    /// before it ("The secretary of the party, Elly Schlein").
    pub fn phrase_start(&self) -> usize {
        self.phrase_start as usize
    }

    /// Index into [`People::persons`].
    pub fn person(&self) -> usize {
        self.person as usize
    }

    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }

    /// Inside a quotation.
    pub fn quoted(&self) -> bool {
        self.quoted
    }

    /// Whether ", he ", " he ", ", she " or " she " follows ([`pronoun_follows`]).
    pub fn pronoun_follows(&self) -> bool {
        self.follows & Follows::PRONOUN != 0
    }

    /// Whether ", which " follows.
    pub fn which_follows(&self) -> bool {
        self.follows & Follows::WHICH != 0
    }
}

/// The people of one document and every mention of them, in text order.
#[derive(Debug, Default)]
pub struct People {
    pub persons: Vec<Person>,
    pub mentions: Vec<Mention>,
    /// The quotations of each paragraph (see [`quotations`]): `quotes[paragraph]`.
    pub quotes: Quotes,
    /// The first and after-last token index of each paragraph (`u32`, as in [`Mention`]).
    paragraph_tokens: Vec<[u32; 2]>,
    /// The pronoun each word of the document is ([`gender::pronoun`]), by word id.
    pronouns: Vec<Option<(Gender, gender::PronounForm)>>,
}

/// The quotations of every paragraph of a document ([`quotations`] of each),
/// found in one pass over the text and kept in one list: indexing by a
/// paragraph's index gives its quotations.
#[derive(Debug, Default)]
pub struct Quotes {
    spans: Vec<Span>,
    /// Where each paragraph's quotations start in `spans`, and a last entry
    /// where the last paragraph's end.
    starts: Vec<u32>,
}

impl Quotes {
    /// The quotations of each of `paragraphs` (in text order, none overlapping).
    /// Quotation marks are rare, so one search of the whole text for their
    /// first bytes is cheaper than a search per paragraph.
    pub fn of_paragraphs(text: &str, paragraphs: &[Span]) -> Self {
        let mut quotes = Quotes {
            spans: Vec::new(),
            starts: Vec::with_capacity(paragraphs.len() + 1),
        };
        let bytes = text.as_bytes();
        let mut marks = memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes).peekable();
        for paragraph in paragraphs {
            quotes.starts.push(quotes.spans.len() as u32);
            while marks.next_if(|&i| i < paragraph.start).is_some() {}
            let in_paragraph = std::iter::from_fn(|| marks.next_if(|&i| i < paragraph.end));
            pair_quotes(bytes, *paragraph, in_paragraph, &mut quotes.spans);
        }
        quotes.starts.push(quotes.spans.len() as u32);
        quotes
    }
}

impl std::ops::Index<usize> for Quotes {
    type Output = [Span];

    /// The quotations of paragraph `paragraph`.
    fn index(&self, paragraph: usize) -> &[Span] {
        let from = self.starts[paragraph] as usize;
        let to = self.starts[paragraph + 1] as usize;
        &self.spans[from..to]
    }
}

/// Capitalised words that start sentences and phrases but never names.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "or",
    "this",
    "that",
    "these",
    "those",
    "when",
    "after",
    "before",
    "if",
    "as",
    "while",
    "his",
    "her",
    "their",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "it",
    "you",
    "according",
    "with",
    "from",
    "by",
    "under",
    "during",
    "since",
    "meanwhile",
    "however",
    "also",
    "then",
    "there",
    "here",
    "our",
    "my",
    "your",
    "what",
    "who",
    "where",
    "how",
    "why",
    "so",
    "to",
    "of",
    "not",
    "no",
    "yes",
    "all",
    "both",
    "each",
    "every",
    "some",
    "many",
    "most",
    "more",
    "other",
    "another",
    "such",
    "one",
    "two",
    "last",
    "next",
    "new",
    "former",
    "late",
    "said",
    "says",
    "asked",
    "dear",
    "thanks",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "tomorrow",
    "despite",
    "although",
    "though",
    "because",
    "about",
    "between",
    "among",
    "against",
    "without",
    "within",
    "over",
    "until",
    "through",
    "even",
    "only",
    "just",
    "now",
    "still",
    "yet",
    "instead",
    "indeed",
    "moreover",
    "thus",
];

/// "Smith’s" → "Smith".
fn strip_possessive(word: &str) -> Option<&str> {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .filter(|base| !base.is_empty())
}

/// The word in lower case, borrowed when it already is.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    let upper = if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().any(char::is_uppercase)
    };
    if upper {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// Calls `f` with the word in lower case (as [`str::to_lowercase`] gives it),
/// without allocating for a short ASCII word.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 48;
    if word.len() <= MAX && word.is_ascii() {
        let mut buf = [0u8; MAX];
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(buf) {
            return f(lower);
        }
    }
    f(&lowercase(word))
}

/// Whether a word starts with a capital letter.
fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Byte spans of quotations in a paragraph (from the opening to the closing mark;
/// an unclosed quotation runs to the paragraph's end).
pub fn quotations(text: &str, paragraph: Span) -> Vec<Span> {
    let mut out = Vec::new();
    // '"' and the first bytes of '“', '”' (E2) and '«', '»' (C2): all start a character.
    let marks = memchr::memchr3_iter(b'"', 0xE2, 0xC2, paragraph.of(text).as_bytes())
        .map(|i| paragraph.start + i);
    pair_quotes(text.as_bytes(), paragraph, marks, &mut out);
    out
}

/// Pairs the quotation marks among `candidates` (offsets into `bytes` of
/// possible marks inside `paragraph`, in order) into quotations, pushed to
/// `out`; an unclosed quotation runs to the paragraph's end.
fn pair_quotes(
    bytes: &[u8],
    paragraph: Span,
    candidates: impl Iterator<Item = usize>,
    out: &mut Vec<Span>,
) {
    let mut open: Option<usize> = None;
    for at in candidates {
        let Some((mark, len)) = quote_mark(&bytes[at..paragraph.end]) else {
            continue;
        };
        match (mark, open) {
            (QuoteMark::Opening | QuoteMark::Straight, None) => open = Some(at),
            (QuoteMark::Closing | QuoteMark::Straight, Some(start)) => {
                out.push(Span::new(start, at + len));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Span::new(start, paragraph.end));
    }
}

/// What a quotation mark does.
#[derive(Clone, Copy)]
enum QuoteMark {
    /// '“' or '«'.
    Opening,
    /// '”' or '»'.
    Closing,
    /// '"', which opens or closes.
    Straight,
}

/// The quotation mark that `bytes` start with, and its length in bytes: a
/// comparison of UTF-8 bytes rather than a decoding, as most hits of the
/// search are other characters ('’', '–', a no-break space).
fn quote_mark(bytes: &[u8]) -> Option<(QuoteMark, usize)> {
    match bytes {
        [b'"', ..] => Some((QuoteMark::Straight, 1)),
        [0xE2, 0x80, 0x9C, ..] => Some((QuoteMark::Opening, 3)),
        [0xE2, 0x80, 0x9D, ..] => Some((QuoteMark::Closing, 3)),
        [0xC2, 0xAB, ..] => Some((QuoteMark::Opening, 2)),
        [0xC2, 0xBB, ..] => Some((QuoteMark::Closing, 2)),
        _ => None,
    }
}

/// Whether byte `at` lies inside one of `quotes`.
pub fn is_quoted(quotes: &[Span], at: usize) -> bool {
    quotes.iter().any(|q| q.start <= at && at < q.end)
}

/// The sentence holding byte `at`.
pub fn sentence_at(doc: &Document, at: usize) -> Option<Span> {
    sentence_in(doc.sentences(), at)
}

/// The sentence holding byte `at`, among sentences in text order: those of the
/// paragraph holding `at` give the same answer as the whole document's, as no
/// sentence crosses a paragraph.
pub fn sentence_in(sentences: &[Span], at: usize) -> Option<Span> {
    let index = sentences.partition_point(|s| s.end <= at);
    sentences.get(index).filter(|s| s.start <= at).copied()
}

impl People {
    /// The person mentions of a document, computed once for all rules with
    /// the same word lists.
    pub fn of(doc: &Document, lexicon: &Lexicon) -> std::sync::Arc<People> {
        doc.analysis(lexicon.fingerprint, || People::find(doc, lexicon))
    }

    /// Finds every person mention in a document.
    pub fn find(doc: &Document, lexicon: &Lexicon) -> People {
        let mut finder = Finder::new(doc, lexicon);
        let walk = finder.walk();
        let mut scratch = finder::Scratch::default();
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            finder.paragraph(index, *paragraph, &walk, &mut scratch);
        }
        finder.finish()
    }

    /// Mentions in one paragraph.
    pub fn in_paragraph(&self, paragraph: usize) -> impl Iterator<Item = &Mention> {
        let from = self.mentions.partition_point(|m| m.paragraph() < paragraph);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.paragraph() == paragraph)
    }

    /// The range of the document's tokens (and word ids) in paragraph `paragraph`.
    pub fn paragraph_tokens(&self, paragraph: usize) -> std::ops::Range<usize> {
        let [from, to] = self
            .paragraph_tokens
            .get(paragraph)
            .copied()
            .unwrap_or([0, 0]);
        from as usize..to as usize
    }

    /// The pronoun that the word of id `id` is ([`gender::pronoun`] of its text).
    pub fn pronoun(&self, id: u32) -> Option<(Gender, gender::PronounForm)> {
        self.pronouns.get(id as usize).copied().flatten()
    }
}

/// What the word lists and the gazetteer say about one name ([`Lexicon::name_facts`]),
/// kept per distinct name as names recur.
#[derive(Clone)]
struct NameFacts {
    /// The gender of the first word of a name of two words or more.
    first_name: Option<Evidence>,
    /// The gazetteer's gender.
    known: Option<Evidence>,
    /// The first word is a common first name.
    common_first: bool,
    /// The first word is a family name written first.
    surname_first: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn spec() -> PeopleSpec {
        let yaml = r#"
female_nouns: [spokeswoman, wife]
male_nouns: [spokesman, husband]
person_nouns: [minister, secretary, lawyer]
female_titles: [Mrs, Ms]
male_titles: [Mr]
titles: [Minister, President, Dr]
title_modifiers: [Prime, Foreign]
particles: [al]
not_person_words: [Hall, Party]
surname_first: [Kim, Liu]
unisex_first_names: [Jordan]
place_first_names: [Carolina]
"#;
        serde_saphyr::from_str(yaml).expect("spec")
    }

    fn people(text: &str) -> (People, Vec<(String, Option<Gender>, bool)>) {
        let lexicon = Lexicon::compile(&spec(), None).expect("lexicon");
        let doc = Document::new(text);
        let people = People::find(&doc, &lexicon);
        let seen = people
            .mentions
            .iter()
            .map(|m| {
                let p = &people.persons[m.person()];
                (
                    m.span().of(text).to_string(),
                    p.gender().map(|e| e.gender),
                    p.referent,
                )
            })
            .collect();
        (people, seen)
    }

    #[test]
    fn role_nouns_and_titles_give_gender() {
        let (_, seen) = people(
            "White House spokeswoman Karin Jean-Pierre spoke. Israeli Prime Minister Benjamin Netanyahu left. Mrs. Jordan Ward came.",
        );
        assert_eq!(
            seen,
            [
                ("Karin Jean-Pierre".into(), Some(Gender::Female), true),
                ("Benjamin Netanyahu".into(), Some(Gender::Male), true),
                ("Jordan Ward".into(), Some(Gender::Female), true),
            ]
        );
    }

    #[test]
    fn short_forms_and_appositives_link_to_the_full_mention() {
        let (p, seen) = people(
            "The secretary of the party, Elly Schlein, spoke.\n\nSchlein left. The spokesman, Khalid al-Tayeb, said no.",
        );
        assert_eq!(seen[0].0, "Elly Schlein");
        assert_eq!(seen[1].0, "Schlein");
        assert_eq!(p.mentions[0].person(), p.mentions[1].person());
        assert_eq!(
            p.mentions[0].phrase_start(),
            0,
            "the appositive starts the phrase"
        );
        assert_eq!(
            seen[2],
            ("Khalid al-Tayeb".into(), Some(Gender::Male), true)
        );
    }

    #[test]
    fn unisex_surname_first_and_conflicting_evidence_stay_unknown() {
        let (_, seen) = people(
            "Jordan Smith spoke. Kim Min-ji spoke. Ms. Michael Hart spoke. Carolina Panthers won.",
        );
        let genders: Vec<Option<Gender>> = seen.iter().map(|s| s.1).collect();
        assert_eq!(genders, [None, None, None]);
    }

    #[test]
    fn shared_surnames_and_lone_first_names_only_block() {
        let (_, seen) =
            people("Barack Obama and Michelle Obama came. Obama spoke. Peter Hall came.");
        let last: Vec<(&str, bool)> = seen.iter().map(|s| (s.0.as_str(), s.2)).collect();
        assert_eq!(
            last,
            [
                ("Michelle Obama", true),
                ("Obama", false),
                ("Peter Hall", false)
            ]
        );
    }

    #[test]
    fn mentions_that_only_block_share_one_person() {
        let (p, seen) = people(
            "Barack Obama and Michelle Obama came. Obama spoke. Then Obama, which hurt, left.",
        );
        let obamas: Vec<&Mention> = p.mentions.iter().filter(|m| m.span().len() == 5).collect();
        assert_eq!(obamas.len(), 2);
        assert_eq!(obamas[0].person(), obamas[1].person());
        assert!(!p.persons[obamas[0].person()].referent);
        assert!(p.persons[obamas[0].person()].evidence.is_empty());
        assert_eq!(seen.iter().filter(|s| s.0 == "Obama").count(), 2);
        assert!(obamas[1].which_follows() && !obamas[1].pronoun_follows());
    }

    #[test]
    fn a_row_gives_the_gender_its_name_gives() {
        for name in [
            "Mary", "John", "Karin", "Jordan", "Alex", "Andrea", "Haddad", "Xq",
        ] {
            for (threshold, min_count) in [(0.9, 500), (0.5, 0), (1.0, 100), (0.75, 100_000)] {
                let from_row =
                    gender::first_name(name).and_then(|row| row.gender(threshold, min_count));
                assert_eq!(
                    from_row,
                    gender::first_name_gender(name, threshold, min_count),
                    "{name} {threshold} {min_count}"
                );
            }
        }
    }

    #[test]
    fn what_follows_a_mention_is_noted() {
        for (after, pronoun, which) in [
            (", he said", true, false),
            (" she may", true, false),
            (", which said", false, true),
            (" said", false, false),
            (",he said", false, false),
        ] {
            let bits = Follows::of(after);
            assert_eq!(bits & Follows::PRONOUN != 0, pronoun, "{after:?}");
            assert_eq!(bits & Follows::WHICH != 0, which, "{after:?}");
        }
    }

    #[test]
    fn quotation_marks_of_every_kind_pair_up() {
        let text = "A “b” c «d» e \"f\" g ’h’ – “i";
        let found: Vec<&str> = quotations(text, Span::new(0, text.len()))
            .iter()
            .map(|q| q.of(text))
            .collect();
        assert_eq!(found, ["“b”", "«d»", "\"f\"", "“i"]);
        assert!(quote_mark("’".as_bytes()).is_none());
        assert!(quote_mark("\u{a0}".as_bytes()).is_none());
    }

    #[test]
    fn quotes_of_all_paragraphs_are_the_quotations_of_each() {
        let text = "A “b” c.\n\n\"d e\n\nNo marks – here’s one.\n\n«f» “g\n";
        let doc = Document::new(text);
        let quotes = Quotes::of_paragraphs(text, &doc.paragraphs);
        assert_eq!(doc.paragraphs.len(), 4);
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            assert_eq!(&quotes[index], quotations(text, *paragraph).as_slice());
        }
        assert_eq!(quotes[3].len(), 2, "an unclosed quotation runs to the end");
    }

    #[test]
    fn quotations_and_possessors() {
        let text = "“I met Mary Jones,” he said. Smith’s wife spoke.";
        let (p, seen) = people(text);
        assert!(p.mentions[0].quoted());
        assert_eq!(seen[1].0, "Smith");
        assert!(!seen[1].2, "an unknown possessor only blocks");
        assert_eq!(seen[2], ("wife".into(), Some(Gender::Female), true));
    }
}

//! Person mentions: capitalised name sequences with the titles, honorifics and
//! role nouns around them ("White House spokeswoman Karin Jean-Pierre",
//! "Israeli Prime Minister Benjamin Netanyahu", "Mrs. X"), role nouns standing
//! alone ("the spokeswoman"), and the people they refer to. Later short forms
//! (a surname alone, "the spokeswoman") are linked to the earlier mention.

mod word_filter;

use super::gazetteer::Gazetteer;
use super::gender::{self, Gender};
use word_filter::EdgeFilter;
use crate::diagnostic::Span;
use crate::text::{Document, Token, TokenKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::sync::Arc;

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
        if !self.noun_edges.may_contain(word) {
            return None;
        }
        with_lowercase(word, |lower| self.noun(lower))
    }

    /// The [`TitleKind`] bits of a word (any case, final dots ignored).
    fn title_kind(&self, word: &str) -> u8 {
        let word = word.trim_end_matches('.');
        if !self.title_edges.may_contain(word) {
            return 0;
        }
        with_lowercase(word, |lower| {
            self.title_kinds.get(lower).copied().unwrap_or(0)
        })
    }

    /// A word of [`FUNCTION_WORDS`], in any case.
    fn is_function_word(&self, word: &str) -> bool {
        word.len() <= 10
            && self.function_edges.may_contain(word)
            && with_lowercase(word, |lower| self.function_words.contains(lower))
    }

    /// A lower-case name particle ("al", "van"), in any case.
    fn is_particle(&self, word: &str) -> bool {
        self.particle_edges.may_contain(word)
            && with_lowercase(word, |lower| self.particles.contains(lower))
    }

    /// A last word that makes a name a place or organisation ("Hall", "Party").
    fn is_not_person_word(&self, word: &str) -> bool {
        self.not_person_edges.may_contain(word)
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

    /// A title that may stand right before a name ("Minister", "Mrs.").
    fn is_title(&self, word: &str) -> bool {
        self.title_kind(word) & TitleKind::ANY_TITLE != 0
    }

    /// A title or a word qualifying one ("Prime", "Foreign").
    fn is_title_part(&self, word: &str) -> bool {
        self.title_kind(word) != 0
    }

    fn first_name_evidence(&self, word: &str) -> Option<Evidence> {
        let excluded = with_lowercase(word, |lower| {
            self.unisex.contains(lower)
                || self.surname_first.contains(lower)
                || self.place_first_names.contains(lower)
        });
        if excluded {
            return None;
        }
        let (gender, confidence) = gender::first_name_gender(word, self.threshold, self.min_count)?;
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

    fn is_common_first_name(&self, word: &str) -> bool {
        !with_lowercase(word, |lower| self.place_first_names.contains(lower))
            && gender::first_name(word).is_some_and(|r| r.count >= self.min_count)
    }

    /// What the word lists and the gazetteer say about a name (its `words`,
    /// joined by spaces in `full`), whatever the article says.
    fn name_facts(&self, words: &[&str], full: &str) -> NameFacts {
        let first_name = match words {
            [first, _, ..] => self.first_name_evidence(first),
            _ => None,
        };
        NameFacts {
            first_name,
            known: self.gazetteer_evidence(words, full),
            common_first: self.is_common_first_name(words[0]),
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
    pub name: String,
    pub evidence: Vec<Evidence>,
    /// Role nouns and titles used for the person (lower case), for linking "the spokeswoman".
    pub nouns: Vec<String>,
    /// False for a bare capitalised word that may be a person (a lone first name,
    /// a surname shared by two people): it blocks findings but is never a referent.
    pub referent: bool,
}

impl Person {
    /// Adds evidence and role nouns, each once.
    fn add(&mut self, evidence: Vec<Evidence>, nouns: Vec<String>) {
        for e in evidence {
            if !self.evidence.contains(&e) {
                self.evidence.push(e);
            }
        }
        for n in nouns {
            if !self.nouns.contains(&n) {
                self.nouns.push(n);
            }
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

/// One mention of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The name, or the role noun for an unnamed mention.
    pub span: Span,
    /// Start of the whole noun phrase, with its titles and an appositive role noun
    /// before it ("The secretary of the party, Elly Schlein").
    pub phrase_start: usize,
    /// Index into [`People::persons`].
    pub person: usize,
    pub paragraph: usize,
    /// Inside a quotation.
    pub quoted: bool,
}

/// The people of one document and every mention of them, in text order.
#[derive(Debug, Default)]
pub struct People {
    pub persons: Vec<Person>,
    pub mentions: Vec<Mention>,
    /// The quotations of each paragraph (see [`quotations`]).
    pub quotes: Vec<Vec<Span>>,
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
    let body = paragraph.of(text);
    let mut open: Option<usize> = None;
    // '"' and the first bytes of '“', '”' (E2) and '«', '»' (C2): all start a character.
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, body.as_bytes()) {
        let Some(c) = body.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let at = paragraph.start + i;
        match (c, open) {
            ('“' | '«', None) => open = Some(at),
            ('"', None) => open = Some(at),
            ('”' | '»' | '"', Some(start)) => {
                out.push(Span::new(start, at + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Span::new(start, paragraph.end));
    }
    out
}

/// Whether byte `at` lies inside one of `quotes`.
pub fn is_quoted(quotes: &[Span], at: usize) -> bool {
    quotes.iter().any(|q| q.start <= at && at < q.end)
}

/// The sentence holding byte `at`.
pub fn sentence_at(doc: &Document, at: usize) -> Option<Span> {
    let sentences = doc.sentences();
    let index = sentences.partition_point(|s| s.end <= at);
    sentences.get(index).filter(|s| s.start <= at).copied()
}

/// The tokens of a span, as a slice of the document's tokens.
pub fn tokens_in<'d>(doc: &'d Document, span: Span) -> &'d [Token] {
    let tokens = doc.tokens();
    let from = tokens.partition_point(|t| t.span.start < span.start);
    let to = tokens.partition_point(|t| t.span.start < span.end);
    &tokens[from..to]
}

impl People {
    /// The person mentions of a document, computed once for all rules with
    /// the same word lists.
    pub fn of(doc: &Document, lexicon: &Lexicon) -> std::sync::Arc<People> {
        doc.analysis(lexicon.fingerprint, || People::find(doc, lexicon))
    }

    /// Finds every person mention in a document.
    pub fn find(doc: &Document, lexicon: &Lexicon) -> People {
        let mut finder = Finder {
            doc,
            lexicon,
            people: People::default(),
            keys: HashMap::default(),
            facts: HashMap::default(),
            last_with_noun: HashMap::default(),
            mention_counts: Vec::new(),
            consumed: Vec::new(),
            words: Vec::new(),
            full: String::new(),
        };
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            finder.paragraph(index, *paragraph);
        }
        finder.people
    }

    /// Mentions in one paragraph.
    pub fn in_paragraph(&self, paragraph: usize) -> impl Iterator<Item = &Mention> {
        let from = self.mentions.partition_point(|m| m.paragraph < paragraph);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.paragraph == paragraph)
    }
}

/// A role noun waiting for an appositive name after it ("the spokesman, Khalid al-Tayeb,").
struct PendingNoun {
    token: usize,
    mention: usize,
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

/// Up to two persons a name key may refer to (two make it ambiguous; more add nothing).
#[derive(Default)]
struct Candidates {
    persons: [usize; 2],
    len: usize,
}

impl Candidates {
    fn as_slice(&self) -> &[usize] {
        &self.persons[..self.len]
    }

    fn add(&mut self, person: usize) {
        if self.len < 2 && !self.as_slice().contains(&person) {
            self.persons[self.len] = person;
            self.len += 1;
        }
    }
}

struct Finder<'d, 'l> {
    doc: &'d Document<'d>,
    lexicon: &'l Lexicon,
    people: People,
    /// Full names and short forms → the persons they may refer to.
    keys: HashMap<String, Candidates>,
    /// Full names → what the word lists say about them.
    facts: HashMap<String, NameFacts>,
    /// Role noun → the person last mentioned with it.
    last_with_noun: HashMap<String, usize>,
    /// Mentions per person.
    mention_counts: Vec<usize>,
    /// Buffers reused from name to name and paragraph to paragraph: tokens taken
    /// as appositives, the words of a name and the name itself.
    consumed: Vec<bool>,
    words: Vec<&'d str>,
    full: String,
}

/// A capitalised name sequence split into its parts (token indices into the paragraph).
struct Run {
    /// First token after any function word.
    start: usize,
    /// First token of the name proper (after the titles).
    name: usize,
    end: usize,
}

impl<'d> Finder<'d, '_> {
    fn paragraph(&mut self, index: usize, paragraph: Span) {
        let toks = tokens_in(self.doc, paragraph);
        let quotes = quotations(self.doc.text, paragraph);
        let mut consumed = std::mem::take(&mut self.consumed);
        consumed.clear();
        consumed.resize(toks.len(), false);
        let mut pending: Option<PendingNoun> = None;
        let mut i = 0;
        while i < toks.len() {
            if self.starts_name(toks, i) {
                let end = self.run_end(toks, i);
                if !consumed[i] {
                    let ctx = RunContext {
                        toks,
                        index,
                        quotes: &quotes,
                        pending: pending.as_ref(),
                    };
                    match self.name_run(&ctx, i, end, &mut consumed) {
                        Outcome::Title(noun) => pending = Some(noun),
                        Outcome::Appositive => pending = None,
                        Outcome::Other => {}
                    }
                }
                // A run whose first token is consumed is a title already taken
                // as a name's appositive.
                i = end;
                continue;
            }
            if !consumed[i] && self.lexicon.noun_edges.may_contain(self.word(&toks[i])) {
                if let Some(p) = self.noun_mention(toks, i, index, &quotes) {
                    pending = Some(p);
                }
            }
            i += 1;
        }
        self.consumed = consumed;
        self.people.quotes.push(quotes);
    }

    /// A capitalised run: a name mention when it is one.
    fn name_run(
        &mut self,
        ctx: &RunContext,
        start: usize,
        end: usize,
        consumed: &mut [bool],
    ) -> Outcome {
        match self.split_run(ctx.toks, start, end) {
            Some(run) => self.name_mention(ctx, &run, consumed),
            None => Outcome::Other,
        }
    }

    fn word(&self, tok: &Token) -> &'d str {
        tok.span.of(self.doc.text)
    }

    fn gap(&self, toks: &[Token], i: usize) -> &'d str {
        // Text between token i-1 and token i.
        &self.doc.text[toks[i - 1].span.end..toks[i].span.start]
    }

    fn starts_name(&self, toks: &[Token], i: usize) -> bool {
        toks[i].kind == TokenKind::Word && starts_upper(self.word(&toks[i]))
    }

    /// Whether token i continues the name run ending at token i-1.
    fn continues_name(&self, toks: &[Token], i: usize) -> bool {
        let gap = self.gap(toks, i);
        let spaced = gap == " " || gap == "\u{a0}";
        // "Mrs. X", "J. Smith": a dot in the gap after a title or an initial.
        let dotted = || {
            let prev = self.word(&toks[i - 1]);
            self.lexicon.is_title(prev) || prev.chars().count() == 1
        };
        if !(spaced || (gap == ". " && dotted())) {
            return false;
        }
        self.starts_name(toks, i) || self.particle_continues(toks, i)
    }

    /// "al-Tayeb", "bin Farhan", "van der Leyen": a particle followed by a capital.
    fn particle_continues(&self, toks: &[Token], i: usize) -> bool {
        let word = self.word(&toks[i]);
        let lexicon = self.lexicon;
        let hyphen_particle = word.split_once('-').is_some_and(|(particle, rest)| {
            starts_upper(rest) && lexicon.is_particle(particle)
        });
        let particle = || {
            i + 1 < toks.len()
                && self.gap(toks, i + 1) == " "
                && lexicon.is_particle(word)
                && (self.starts_name(toks, i + 1) || lexicon.is_particle(self.word(&toks[i + 1])))
        };
        hyphen_particle || particle()
    }

    fn run_end(&self, toks: &[Token], start: usize) -> usize {
        let mut end = start + 1;
        while end < toks.len() && self.continues_name(toks, end) {
            end += 1;
        }
        end
    }

    /// Drops leading function words and separates the titles from the name.
    fn split_run(&self, toks: &[Token], start: usize, end: usize) -> Option<Run> {
        let mut start = start;
        while start < end && self.lexicon.is_function_word(self.word(&toks[start])) {
            start += 1;
        }
        if start == end {
            return None;
        }
        let name = (start..end)
            .rev()
            .find(|&j| self.lexicon.is_title_part(self.word(&toks[j])))
            .map_or(start, |j| j + 1);
        // "General State Budget": titles must end in one that can precede a name.
        let titled = name == start || self.lexicon.is_title(self.word(&toks[name - 1]));
        if !titled {
            return None;
        }
        Some(Run { start, name, end })
    }
}

struct RunContext<'a> {
    toks: &'a [Token],
    index: usize,
    quotes: &'a [Span],
    pending: Option<&'a PendingNoun>,
}

/// What is said about a name around it: titles, role nouns, where its phrase starts.
#[derive(Default)]
struct Description {
    evidence: Vec<Evidence>,
    nouns: Vec<String>,
    phrase_start: usize,
}

/// What a name run did to the role noun waiting for an appositive.
enum Outcome {
    /// A title standing alone, itself waiting for an appositive name.
    Title(PendingNoun),
    /// The name took the waiting role noun as its appositive.
    Appositive,
    Other,
}

/// A name found in a run, after titles and a possessive "’s" are taken off.
struct Name<'a, 'd> {
    words: &'a [&'d str],
    span: Span,
    /// Titles stand before it ("Minister Maria Kowalska").
    titled: bool,
    /// "Smith’s wife": the possessor of a role noun is a person.
    possessor_of_person: bool,
}

impl<'d> Finder<'d, '_> {
    /// Records a name mention; a title standing alone may take an appositive name.
    fn name_mention(&mut self, ctx: &RunContext, run: &Run, consumed: &mut [bool]) -> Outcome {
        let toks = ctx.toks;
        let desc = self.description_before(toks, run, consumed);
        if run.name == run.end {
            if self.after_of(toks, run.start) {
                // "the Ministry of Justice", "a minister for Health".
                return Outcome::Other;
            }
            // "the Minister of Health, Adonis Georgiadis": a title standing for a person.
            self.title_mention(ctx, run, desc.evidence, desc.nouns);
            return Outcome::Title(PendingNoun {
                token: run.end - 1,
                mention: self.people.mentions.len() - 1,
            });
        }
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        words.extend(toks[run.name..run.end].iter().map(|t| self.word(t)));
        let outcome = self.named_mention(ctx, run, desc, consumed, &mut words);
        self.words = words;
        outcome
    }

    /// [`Finder::name_mention`] for a run with a name, whose `words` it is given.
    fn named_mention(
        &mut self,
        ctx: &RunContext,
        run: &Run,
        mut desc: Description,
        consumed: &mut [bool],
        words: &mut [&'d str],
    ) -> Outcome {
        let toks = ctx.toks;
        let name_toks = &toks[run.name..run.end];
        // "Smith’s wife": the possessor is a person too.
        let last_index = words.len() - 1;
        let possessive = strip_possessive(words[last_index]);
        if let Some(base) = possessive {
            words[last_index] = base;
        }
        let possessor_of_person = possessive.is_some()
            && toks
                .get(run.end)
                .is_some_and(|t| self.lexicon.noun_of(self.word(t)).is_some());
        if self.lexicon.is_not_person_word(words[last_index]) {
            // "Albert Hall" or Peter Hall: maybe a person, so it blocks, never a referent.
            if words.len() >= 2 && self.lexicon.is_common_first_name(words[0]) {
                let person = self.new_person(words.join(" "), false);
                let span = Span::new(name_toks[0].span.start, name_toks[last_index].span.end);
                self.push_mention(ctx.index, ctx.quotes, span, desc.phrase_start, person);
            }
            return Outcome::Other;
        }
        let outcome = if self.take_appositive_before(ctx, run, &mut desc) {
            Outcome::Appositive
        } else {
            Outcome::Other
        };
        self.appositive_after(toks, run, &mut desc, consumed);
        let end = name_toks[last_index].span.start + words[last_index].len();
        let name = Name {
            words,
            span: Span::new(name_toks[0].span.start, end),
            titled: run.name > run.start,
            possessor_of_person,
        };
        self.record_name(ctx, &name, desc);
        outcome
    }

    /// Titles in the run and a role noun right before it ("spokeswoman Karin Jean-Pierre").
    fn description_before(&self, toks: &[Token], run: &Run, consumed: &mut [bool]) -> Description {
        let mut desc = Description {
            phrase_start: toks[run.start].span.start,
            ..Description::default()
        };
        for t in &toks[run.start..run.name] {
            let word = self.word(t);
            desc.evidence.extend(self.lexicon.title_evidence(word));
            desc.nouns.push(word.trim_end_matches('.').to_lowercase());
        }
        if run.start > 0 && self.gap(toks, run.start) == " " {
            let word = self.word(&toks[run.start - 1]);
            if self.lexicon.noun_of(word).is_some() {
                desc.evidence.extend(self.lexicon.noun_evidence(word));
                desc.nouns.push(word.to_lowercase());
                consumed[run.start - 1] = true;
                desc.phrase_start = toks[run.start - 1].span.start;
            }
        }
        desc
    }

    /// Takes the waiting role noun as an appositive: "The spokesman for the army, Khalid al-Tayeb".
    fn take_appositive_before(
        &mut self,
        ctx: &RunContext,
        run: &Run,
        desc: &mut Description,
    ) -> bool {
        let Some(p) = ctx.pending else {
            return false;
        };
        if self.gap(ctx.toks, run.start).trim() != ","
            || !self.no_comma_between(ctx.toks, p.token, run.start)
        {
            return false;
        }
        let m = self.people.mentions[p.mention];
        let person = self.people.persons[m.person].clone();
        desc.evidence.extend(person.evidence);
        desc.nouns.extend(person.nouns);
        desc.phrase_start = m.phrase_start;
        self.forget_mention(p.mention);
        true
    }

    /// An appositive after the name: "Sabrina Singh, a spokeswoman", "Maria Kowalska,
    /// the Minister of Finance," (never a clause: "Ayşe Demir, who lost her husband").
    fn appositive_after(
        &self,
        toks: &[Token],
        run: &Run,
        desc: &mut Description,
        consumed: &mut [bool],
    ) {
        if run.end >= toks.len() || !self.gap(toks, run.end).starts_with(',') {
            return;
        }
        for j in run.end..(run.end + 4).min(toks.len()) {
            if j > run.end && self.gap(toks, j) != " " {
                break;
            }
            let word = self.word(&toks[j]);
            if word.chars().next().is_some_and(char::is_uppercase) {
                let end = self.run_end(toks, j);
                if (j..end).all(|k| self.lexicon.is_title_part(self.word(&toks[k]))) {
                    for k in j..end {
                        let title = self.word(&toks[k]);
                        desc.evidence.extend(self.lexicon.title_evidence(title));
                        desc.nouns.push(title.trim_end_matches('.').to_lowercase());
                        consumed[k] = true;
                    }
                }
                break;
            }
            let lower = word.to_lowercase();
            if self.lexicon.noun(&lower).is_some() {
                desc.evidence.extend(self.lexicon.noun_evidence(word));
                desc.nouns.push(lower);
                consumed[j] = true;
                break;
            }
            let determiner = matches!(lower.as_str(), "a" | "an" | "the" | "his" | "her" | "their");
            if j == run.end && !determiner {
                break;
            }
        }
    }

    /// Links a name to its person (or a new one), adds the evidence and records the mention.
    fn record_name(&mut self, ctx: &RunContext, name: &Name, desc: Description) {
        let mut full = std::mem::take(&mut self.full);
        full.clear();
        for (k, word) in name.words.iter().enumerate() {
            if k > 0 {
                full.push(' ');
            }
            full.push_str(word);
        }
        self.record_full_name(ctx, name, &full, desc);
        self.full = full;
    }

    /// [`Finder::record_name`] given the name's words joined by spaces.
    fn record_full_name(&mut self, ctx: &RunContext, name: &Name, full: &str, mut desc: Description) {
        let words = name.words;
        let mut facts = self.facts_of(words, full);
        if words.len() >= 2 {
            desc.evidence.extend(facts.first_name.take());
        }
        let marked = !desc.evidence.is_empty() || name.titled || !desc.nouns.is_empty();
        let mut link = self.link(words, full, &facts, marked);
        if words.len() >= 2 || !matches!(link, Some(Link::Existing(_))) {
            // A surname alone takes the gazetteer's gender only when the article
            // has no person of that name ("Haddad" after "Ahmed Haddad" is Ahmed).
            if let Some(known) = facts.known.take() {
                if link.is_none() {
                    link = self.link(words, full, &facts, true);
                }
                desc.evidence.push(known);
            }
        }
        let link = match link {
            None if name.possessor_of_person => Some(Link::New { referent: false }),
            other => other,
        };
        let (person, weak) = match link {
            Some(Link::Existing(p)) => {
                self.people.persons[p].referent |= marked;
                (p, false)
            }
            Some(Link::New { referent }) => (self.new_person(full.to_string(), referent), !referent),
            None => {
                // "Barack Obama" with a rare first name: not taken for a person, but
                // its surname makes a later "Obama" ambiguous beside "Michelle Obama".
                if (2..=3).contains(&words.len()) {
                    let unknown = self.new_person(full.to_string(), false);
                    self.register(words, full, facts.surname_first, unknown);
                }
                return;
            }
        };
        let p = &mut self.people.persons[person];
        p.add(desc.evidence, desc.nouns);
        if words.len() >= 2 && p.name.split(' ').count() < words.len() {
            p.name = full.to_string();
        }
        if !weak {
            self.register(words, full, facts.surname_first, person);
        }
        self.push_mention(ctx.index, ctx.quotes, name.span, desc.phrase_start, person);
    }

    /// What the word lists say about a name, computed once per distinct name.
    fn facts_of(&mut self, words: &[&str], full: &str) -> NameFacts {
        if let Some(facts) = self.facts.get(full) {
            return facts.clone();
        }
        let facts = self.lexicon.name_facts(words, full);
        self.facts.insert(full.to_string(), facts.clone());
        facts
    }

    fn title_mention(
        &mut self,
        ctx: &RunContext,
        run: &Run,
        evidence: Vec<Evidence>,
        nouns: Vec<String>,
    ) {
        let toks = ctx.toks;
        let span = Span::new(toks[run.start].span.start, toks[run.end - 1].span.end);
        let name = span.of(self.doc.text).to_string();
        let person = self.new_person(name, true);
        self.people.persons[person].add(evidence, nouns);
        let phrase_start = self.phrase_start_before(toks, run.start);
        self.push_mention(ctx.index, ctx.quotes, span, phrase_start, person);
    }

    fn after_of(&self, toks: &[Token], i: usize) -> bool {
        i > 0 && with_lowercase(self.word(&toks[i - 1]), |w| matches!(w, "of" | "for"))
    }

    fn no_comma_between(&self, toks: &[Token], from: usize, to: usize) -> bool {
        ((from + 1)..to).all(|j| !self.gap(toks, j).contains([',', ';', '.', ':']))
    }

    /// Links a name (its `words`, joined by spaces in `full`) to a person already
    /// seen, or says whether it is a new one.
    fn link(&self, words: &[&str], full: &str, facts: &NameFacts, marked: bool) -> Option<Link> {
        // A placeholder for an unrecognised name ("Barack Obama") links only a
        // mention that shows it is a person ("President Barack Obama").
        let placeholder = |p: usize| !self.people.persons[p].referent && !marked;
        match self.keys.get(full).map(Candidates::as_slice) {
            Some([one]) if placeholder(*one) => return None,
            Some([one]) => return Some(Link::Existing(*one)),
            Some(_) => return Some(Link::New { referent: false }),
            None => {}
        }
        if words.len() == 1 {
            if marked {
                return Some(Link::New { referent: true });
            }
            // A lone first name may be a person: it blocks, it is never a referent.
            return facts
                .common_first
                .then_some(Link::New { referent: false });
        }
        // "Sánchez" in the headline, "Pedro Sánchez" in the text: the same person.
        let surname = words[words.len() - 1];
        if let Some([one]) = self.keys.get(surname).map(Candidates::as_slice) {
            if self.people.persons[*one].name == surname {
                return Some(Link::Existing(*one));
            }
        }
        let named = facts.common_first || facts.surname_first;
        (marked || named).then_some(Link::New { referent: true })
    }

    /// Registers a name's keys for `person`: the full name, and for a longer name
    /// its surname and a family name written first.
    fn register(&mut self, words: &[&str], full: &str, surname_first: bool, person: usize) {
        let mut keys: [Option<&str>; 3] = [Some(full), None, None];
        if words.len() >= 2 {
            keys[1] = Some(words[words.len() - 1]);
            if surname_first {
                keys[2] = Some(words[0]);
            }
        }
        for key in keys.into_iter().flatten() {
            match self.keys.get_mut(key) {
                Some(entry) => entry.add(person),
                None => {
                    let mut entry = Candidates::default();
                    entry.add(person);
                    self.keys.insert(key.to_string(), entry);
                }
            }
        }
    }

    fn new_person(&mut self, name: String, referent: bool) -> usize {
        self.mention_counts.push(0);
        self.people.persons.push(Person {
            name,
            referent,
            ..Person::default()
        });
        self.people.persons.len() - 1
    }

    fn push_mention(
        &mut self,
        paragraph: usize,
        quotes: &[Span],
        span: Span,
        phrase_start: usize,
        person: usize,
    ) {
        self.people.mentions.push(Mention {
            span,
            phrase_start,
            person,
            paragraph,
            quoted: is_quoted(quotes, span.start),
        });
        self.mention_counts[person] += 1;
        for noun in &self.people.persons[person].nouns {
            if self.last_with_noun.get(noun) != Some(&person) {
                self.last_with_noun.insert(noun.clone(), person);
            }
        }
    }

    /// Removes a role-noun mention that turned out to be an appositive of a name.
    fn forget_mention(&mut self, mention: usize) {
        let m = self.people.mentions.remove(mention);
        self.mention_counts[m.person] -= 1;
        if self.mention_counts[m.person] == 0 {
            // The person existed only through that noun: keep it but never as a referent.
            self.people.persons[m.person].referent = false;
            self.people.persons[m.person].evidence.clear();
        }
    }

    /// "the spokeswoman", "his wife", "a judge": a role noun standing for a person.
    fn noun_mention(
        &mut self,
        toks: &[Token],
        i: usize,
        paragraph: usize,
        quotes: &[Span],
    ) -> Option<PendingNoun> {
        let word = self.word(&toks[i]);
        if starts_upper(word) {
            return None;
        }
        let lower = lowercase(word);
        self.lexicon.noun(&lower)?;
        let lower = lower.into_owned();
        // "woman judge": the next noun is the head; "spokeswoman Karin Jean-Pierre":
        // the noun belongs to the name that follows.
        if i + 1 < toks.len() && self.gap(toks, i + 1) == " " {
            let next = self.word(&toks[i + 1]);
            let name_follows =
                self.starts_name(toks, i + 1) && !self.lexicon.is_function_word(next);
            if self.lexicon.noun_of(next).is_some() || name_follows {
                return None;
            }
        }
        let phrase_start = self.phrase_start_before(toks, i);
        let definite = self.doc.text[phrase_start..]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("the "));
        let linked = definite
            .then(|| self.most_recent_with_noun(&lower))
            .flatten();
        let person = linked.unwrap_or_else(|| {
            let p = self.new_person(lower.clone(), true);
            self.people.persons[p]
                .evidence
                .extend(self.lexicon.noun_evidence(word));
            self.people.persons[p].nouns.push(lower.clone());
            p
        });
        self.push_mention(paragraph, quotes, toks[i].span, phrase_start, person);
        Some(PendingNoun {
            token: i,
            mention: self.people.mentions.len() - 1,
        })
    }

    /// Start of "the/a/his ... noun": back over lower-case words to a determiner.
    fn phrase_start_before(&self, toks: &[Token], i: usize) -> usize {
        let mut j = i;
        while j > 0 && i - j < 4 && self.gap(toks, j) == " " {
            let determiner = with_lowercase(self.word(&toks[j - 1]), |w| {
                matches!(w, "the" | "a" | "an" | "his" | "her" | "their" | "its")
            });
            j -= 1;
            if determiner {
                break;
            }
        }
        toks[j].span.start
    }

    fn most_recent_with_noun(&self, noun: &str) -> Option<usize> {
        self.last_with_noun.get(noun).copied()
    }
}

enum Link {
    Existing(usize),
    New { referent: bool },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PeopleSpec {
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
                let p = &people.persons[m.person];
                (
                    m.span.of(text).to_string(),
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
        assert_eq!(p.mentions[0].person, p.mentions[1].person);
        assert_eq!(
            p.mentions[0].phrase_start, 0,
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
    fn quotations_and_possessors() {
        let text = "“I met Mary Jones,” he said. Smith’s wife spoke.";
        let (p, seen) = people(text);
        assert!(p.mentions[0].quoted);
        assert_eq!(seen[1].0, "Smith");
        assert!(!seen[1].2, "an unknown possessor only blocks");
        assert_eq!(seen[2], ("wife".into(), Some(Gender::Female), true));
    }
}

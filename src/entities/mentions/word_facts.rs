//! What the word lists say about each distinct word of a document, found once
//! per word (through the document's [`Words`]) rather than once per token, so
//! the finder's walk over a paragraph reads one small record per token.

use super::{starts_upper, with_lowercase, Evidence, Lexicon};
use crate::entities::gender::{self, Gender, PronounForm};
use crate::lexicon::Words;
use crate::text::Document;
use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// What the word lists say about one distinct word (as written).
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub(super) struct WordFacts {
    /// It starts with a capital letter.
    pub upper: bool,
    /// A function word ("The", "But"), in any case.
    pub function: bool,
    /// A role noun ("spokeswoman"), in any case.
    pub noun: bool,
    /// A name particle ("al", "van").
    pub particle: bool,
    /// "al-Tayeb": a particle, a hyphen and a capital.
    pub hyphen_particle: bool,
    /// [`super::TitleKind`] bits.
    pub title: u8,
    /// A last word that makes a name a place or organisation ("Hall").
    pub not_person: bool,
    /// One character: an initial ("J." in "J. Smith").
    pub initial: bool,
    /// "a", "an", "the", "his", "her", "their" (any case): may open an appositive.
    pub determiner: bool,
    /// "its" (any case): with [`WordFacts::determiner`], may open a role noun's phrase.
    pub its: bool,
    /// "of" or "for" (any case): "the Ministry of Justice".
    pub of_or_for: bool,
}

impl WordFacts {
    pub(super) fn of(lexicon: &Lexicon, word: &str) -> Self {
        let hyphen = word.bytes().position(|b| b == b'-');
        let (determiner, its, of_or_for) = with_lowercase(word, |lower| {
            (
                matches!(lower, "a" | "an" | "the" | "his" | "her" | "their"),
                lower == "its",
                matches!(lower, "of" | "for"),
            )
        });
        WordFacts {
            upper: starts_upper(word),
            function: lexicon.is_function_word(word),
            noun: lexicon.noun_of(word).is_some(),
            particle: lexicon.is_particle(word),
            hyphen_particle: hyphen.is_some_and(|at| {
                starts_upper(&word[at + 1..]) && lexicon.is_particle(&word[..at])
            }),
            title: lexicon.title_kind(word),
            not_person: lexicon.is_not_person_word(word),
            initial: word.chars().count() == 1,
            determiner,
            its,
            of_or_for,
        }
    }

    /// Whether the word may continue a name run: a capital or a particle.
    pub(super) fn may_continue(self) -> bool {
        self.upper || self.particle || self.hyphen_particle
    }

    /// The [`Walk`] bits of the word.
    pub(super) fn walk(self) -> u8 {
        let mut bits = 0;
        for (set, bit) in [
            (self.upper, Walk::UPPER),
            (self.noun, Walk::NOUN),
            (self.function, Walk::FUNCTION),
            (self.may_continue(), Walk::CONTINUES),
        ] {
            if set {
                bits |= bit;
            }
        }
        bits
    }
}

/// What the finder's walk over a paragraph reads of each token: a byte per
/// word, so the tokens it passes over (most are lower-case words) and the
/// runs it settles at once cost a load and a test.
pub(super) struct Walk;

impl Walk {
    /// [`WordFacts::upper`].
    pub const UPPER: u8 = 1;
    /// [`WordFacts::noun`].
    pub const NOUN: u8 = 2;
    /// [`WordFacts::function`].
    pub const FUNCTION: u8 = 4;
    /// [`WordFacts::may_continue`].
    pub const CONTINUES: u8 = 8;
    /// The finder looks at the token at all: a capital may start a name, a
    /// role noun may stand for a person.
    pub const WANTED: u8 = Self::UPPER | Self::NOUN;
}

/// What a word says of the person it describes, as a title ("Mrs.") or as a
/// role noun ("spokeswoman"): evidence of gender, and the lower-case form
/// and its [`NounId`], kept among the person's nouns.
pub(super) struct WordDescription {
    pub evidence: Option<Evidence>,
    pub noun: Arc<str>,
    pub id: NounId,
}

/// A lower-case role noun or title ("minister", "mrs") of one document as a
/// small number: equal forms have equal ids, whatever word they came from
/// ("Minister", "minister"), so persons' nouns compare and index cheaply.
pub type NounId = u32;

/// The facts of every distinct word of a document, and the descriptions of the
/// words met as titles or role nouns.
pub(super) struct WordTable {
    words: Arc<Words>,
    facts: Vec<WordFacts>,
    /// [`WordFacts::walk`] of each word, for a tight scan.
    walk: Rc<[u8]>,
    /// The pronoun each word is, for the rules on pronouns.
    pronouns: Vec<Option<(Gender, PronounForm)>>,
    titles: HashMap<u32, WordDescription>,
    nouns: HashMap<u32, WordDescription>,
    /// The id of each lower-case form met as a title or role noun.
    noun_ids: HashMap<Arc<str>, NounId>,
}

impl WordTable {
    pub(super) fn new(doc: &Document, lexicon: &Lexicon) -> Self {
        let words = Words::of(doc);
        // Each word's text is read once here, for its facts and its pronoun.
        let (facts, pronouns): (Vec<WordFacts>, Vec<_>) = (0..words.len())
            .map(|id| {
                let word = words.text(doc.text, id);
                (WordFacts::of(lexicon, word), gender::pronoun(word))
            })
            .unzip();
        WordTable {
            words,
            pronouns,
            walk: facts.iter().map(|f| f.walk()).collect(),
            facts,
            titles: HashMap::default(),
            nouns: HashMap::default(),
            noun_ids: HashMap::default(),
        }
    }

    /// The pronoun each word is ([`gender::pronoun`]), by word id, taken
    /// from the table (which no longer needs it).
    pub(super) fn take_pronouns(&mut self) -> Vec<Option<(Gender, PronounForm)>> {
        std::mem::take(&mut self.pronouns)
    }

    /// The facts of the word of id `id`.
    #[inline]
    pub(super) fn facts(&self, id: u32) -> WordFacts {
        self.facts[id as usize]
    }

    /// The facts of token `index` of the document.
    #[cfg(test)]
    pub(super) fn of_token(&self, index: usize) -> WordFacts {
        self.facts[self.words.id(index)]
    }

    /// The [`Walk`] bits of each word, shared so the finder can scan a
    /// paragraph's word ids while it updates itself.
    pub(super) fn walk(&self) -> Rc<[u8]> {
        self.walk.clone()
    }

    /// Token `index` (written `word`) as a title: its evidence and its lower-case
    /// form without final dots.
    pub(super) fn title(
        &mut self,
        lexicon: &Lexicon,
        index: usize,
        word: &str,
    ) -> &WordDescription {
        let id = self.words.id(index) as u32;
        let noun_ids = &mut self.noun_ids;
        self.titles.entry(id).or_insert_with(|| {
            let noun = word.trim_end_matches('.').to_lowercase();
            describe(noun_ids, lexicon.title_evidence(word), noun)
        })
    }

    /// Token `index` (written `word`) as a role noun: its evidence and its lower-case form.
    pub(super) fn noun(&mut self, lexicon: &Lexicon, index: usize, word: &str) -> &WordDescription {
        let id = self.words.id(index) as u32;
        let noun_ids = &mut self.noun_ids;
        self.nouns
            .entry(id)
            .or_insert_with(|| describe(noun_ids, lexicon.noun_evidence(word), word.to_lowercase()))
    }
}

/// The description of a word of lower-case form `noun`, its id taken from
/// `noun_ids` (or the next one, when the form is new).
fn describe(
    noun_ids: &mut HashMap<Arc<str>, NounId>,
    evidence: Option<Evidence>,
    noun: String,
) -> WordDescription {
    let next = noun_ids.len() as NounId;
    let noun: Arc<str> = noun.into();
    let id = *noun_ids.entry(noun.clone()).or_insert(next);
    WordDescription { evidence, noun, id }
}

#[cfg(test)]
mod tests {
    use super::super::TitleKind;
    use super::*;

    #[test]
    fn word_facts_come_from_the_word_lists_in_any_case() {
        let lexicon = Lexicon::compile(&super::super::tests::spec(), None).expect("lexicon");
        let facts = |word| WordFacts::of(&lexicon, word);
        assert!(facts("The").function && facts("The").upper && facts("The").determiner);
        assert!(facts("Spokeswoman").noun && !facts("said").noun);
        assert!(facts("al").particle && !facts("al").upper);
        assert!(facts("al-Tayeb").hyphen_particle && !facts("al-qaeda").hyphen_particle);
        assert!(facts("Mrs.").title & TitleKind::FEMALE != 0);
        assert!(facts("Minister").title & TitleKind::ANY_TITLE != 0);
        assert!(facts("Hall").not_person && facts("J").initial && facts("É").initial);
        assert!(facts("Its").its && !facts("Its").determiner && facts("FOR").of_or_for);
        assert_eq!(
            facts("Haddad"),
            WordFacts {
                upper: true,
                ..WordFacts::default()
            }
        );
    }

    #[test]
    fn descriptions_are_found_once_per_word() {
        let lexicon = Lexicon::compile(&super::super::tests::spec(), None).expect("lexicon");
        // Tokens: Mrs, Ward, and, the, spokeswoman, met, Mrs, Hart.
        let doc = Document::new("Mrs. Ward and the spokeswoman met Mrs. Hart.");
        let mut table = WordTable::new(&doc, &lexicon);
        let title = table.title(&lexicon, 0, "Mrs");
        assert_eq!(&*title.noun, "mrs");
        assert!(title.evidence.is_some());
        let again = table.title(&lexicon, 6, "Mrs");
        assert_eq!((&*again.noun, again.id), ("mrs", 0));
        assert_eq!(table.titles.len(), 1);
        let noun = table.noun(&lexicon, 4, "spokeswoman");
        assert_eq!(&*noun.noun, "spokeswoman");
        assert_eq!(noun.id, 1, "a new form takes the next id");
        assert!(table.of_token(4).noun && table.of_token(0).upper);
    }
}

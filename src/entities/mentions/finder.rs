//! The pass that finds person mentions ([`People::find`]): one walk over each
//! paragraph's tokens, with every lookup that depends only on a word or a name
//! kept per distinct word or name, as names recur through an article.

use super::word_facts::{NounId, Walk, WordFacts, WordTable};
use super::{
    is_quoted, strip_possessive, Evidence, Lexicon, Mention, NameFacts, People, Person, Quotes,
    TitleKind,
};
use crate::diagnostic::Span;
use crate::text::{gallop, Document, Token};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// A role noun waiting for an appositive name after it ("the spokesman, Khalid al-Tayeb,").
struct PendingNoun {
    token: usize,
    mention: usize,
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

/// A name seen in the article (full, or a surname or family name of a longer one).
struct NameEntry {
    /// The name, shared with the persons it names.
    text: Arc<str>,
    /// The persons registered under the name: a key for later short forms.
    candidates: Candidates,
    /// What the word lists say about it, once it was met as a whole name.
    facts: Option<Rc<NameFacts>>,
    /// The entries of its surname and of its first word, once registered.
    surname: Option<usize>,
    first: Option<usize>,
}

/// A name as written: the word ids of its tokens (a possessive "’s" included),
/// packed when there are at most four, as nearly all names have.
#[derive(PartialEq, Eq, Hash)]
enum WrittenKey {
    Short { len: u8, ids: [u32; 4] },
    Long(Box<[u32]>),
}

impl WrittenKey {
    fn of(ids: &[u32]) -> Self {
        match ids.len() {
            len @ 0..=4 => {
                let mut packed = [0; 4];
                packed[..len].copy_from_slice(ids);
                WrittenKey::Short {
                    len: len as u8,
                    ids: packed,
                }
            }
            _ => WrittenKey::Long(ids.into()),
        }
    }
}

/// A name as written (the word ids of its tokens): its words, its entry and
/// whether its last word makes it a place or organisation, kept so a name met
/// again is found without slicing, joining and hashing its text. Small and
/// `Copy`: its words are in [`Finder::written_words`], so a name met again
/// costs no reference count (and no read of a separate allocation).
#[derive(Clone, Copy)]
struct Written {
    /// Where its words are in [`Finder::written_words`]: a possessive "’s"
    /// taken off the last ("Smith’s" → "Smith").
    words_from: u32,
    words_len: u32,
    possessive: bool,
    entry: usize,
    not_person: bool,
}

pub(super) struct Finder<'d, 'l> {
    doc: &'d Document<'d>,
    /// The word id of every token of the document.
    ids: &'d [u32],
    lexicon: &'l Lexicon,
    people: People,
    /// Every name seen → its entry in `entries`.
    names: HashMap<Arc<str>, usize>,
    entries: Vec<NameEntry>,
    /// Names as written (word ids of their tokens, a possessive "’s" included)
    /// of two words or more.
    written: HashMap<WrittenKey, Written>,
    /// Names of one word (most are): by word id, the index in `written_ones`
    /// plus one (0: not met yet), found without hashing.
    written_one: Vec<u32>,
    written_ones: Vec<Written>,
    /// The words of every [`Written`] name, one after another.
    written_words: Vec<&'d str>,
    /// What the word lists say about each distinct word of the document.
    table: WordTable,
    /// Index in the document of the current paragraph's first token, and of
    /// the token after the last paragraph seen.
    base: usize,
    next_token: usize,
    /// Role noun (by [`NounId`]) → the person last mentioned with it, or `usize::MAX`.
    last_with_noun: Vec<usize>,
    /// Mentions per person, and words in each person's name (`name.split(' ').count()`).
    mention_counts: Vec<usize>,
    name_words: Vec<usize>,
    /// The person shared by the mentions that only block ([`Finder::blocker`]).
    blocker: Option<usize>,
    /// A buffer for a new name's text, reused from name to name.
    full: String,
}

/// Buffers reused from paragraph to paragraph and name to name.
#[derive(Default)]
pub(super) struct Scratch {
    /// The paragraph's tokens taken as appositives or descriptions (few).
    consumed: Vec<usize>,
    /// A name's description.
    desc: Description,
}

/// A capitalised name sequence split into its parts (token indices into the paragraph).
struct Run {
    /// First token after any function word.
    start: usize,
    /// First token of the name proper (after the titles).
    name: usize,
    end: usize,
}

/// What describes a name after a comma ([`Finder::appositive_at`]).
enum Appositive {
    /// A role noun ("Sabrina Singh, a spokeswoman"), by its token.
    Noun(usize),
    /// Titles ("Maria Kowalska, the Minister of Finance"), by their tokens.
    Titles(Range<usize>),
}

/// A capitalised run as the paragraph walk finds it, for [`Finder::lone_word`].
struct Lone<'a> {
    toks: &'a [Token],
    /// Its first token and the token after it.
    at: usize,
    end: usize,
    /// A role noun waits for an appositive.
    pending: bool,
    paragraph: usize,
}

struct RunContext<'a> {
    toks: &'a [Token],
    index: usize,
    pending: Option<&'a PendingNoun>,
}

/// What is said about a name around it: titles, role nouns, where its phrase starts.
#[derive(Default)]
struct Description {
    evidence: Vec<Evidence>,
    nouns: Vec<NounId>,
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
    /// Its entry in [`Finder::entries`].
    entry: usize,
    span: Span,
    /// Titles stand before it ("Minister Maria Kowalska").
    titled: bool,
    /// "Smith’s wife": the possessor of a role noun is a person.
    possessor_of_person: bool,
}

enum Link {
    Existing(usize),
    New { referent: bool },
}

impl<'d, 'l> Finder<'d, 'l> {
    pub(super) fn new(doc: &'d Document<'d>, lexicon: &'l Lexicon) -> Self {
        Finder {
            doc,
            ids: doc.words().ids(),
            lexicon,
            people: People {
                quotes: Quotes::of_paragraphs(doc.text, &doc.paragraphs),
                ..People::default()
            },
            names: HashMap::default(),
            entries: Vec::new(),
            written: HashMap::default(),
            written_one: Vec::new(),
            written_ones: Vec::new(),
            written_words: Vec::new(),
            table: WordTable::new(doc, lexicon),
            base: 0,
            next_token: 0,
            last_with_noun: Vec::new(),
            mention_counts: Vec::new(),
            name_words: Vec::new(),
            blocker: None,
            full: String::new(),
        }
    }

    pub(super) fn finish(mut self) -> People {
        self.people.pronouns = self.table.take_pronouns();
        // The mentions stay while the rules run: without the room left by
        // the last doubling of the list.
        self.people.mentions.shrink_to_fit();
        self.people
    }

    /// The [`Walk`] bits of each word: what [`Finder::paragraph`] scans,
    /// taken once for the document.
    pub(super) fn walk(&self) -> Rc<[u8]> {
        self.table.walk()
    }

    /// Finds the mentions of one paragraph (paragraphs come in text order);
    /// `walk` is from [`Finder::walk`], `scratch` the buffers reused from
    /// paragraph to paragraph.
    pub(super) fn paragraph(
        &mut self,
        index: usize,
        paragraph: Span,
        walk: &[u8],
        scratch: &mut Scratch,
    ) {
        let range = self.token_range(paragraph);
        self.next_token = range.end;
        debug_assert_eq!(self.people.paragraph_tokens.len(), index);
        (self.people.paragraph_tokens).push([range.start, range.end].map(super::small));
        self.base = range.start;
        let toks = &self.doc.tokens()[range.clone()];
        let ids = &self.ids[range];
        let bits = |k: usize| ids.get(k).map_or(0, |&id| walk_bits(walk, id));
        let Scratch { consumed, desc } = scratch;
        consumed.clear();
        let mut pending: Option<PendingNoun> = None;
        let mut i = next_wanted(ids, walk, 0);
        while i < toks.len() {
            let at = bits(i);
            // Most words are in lower case: only a role noun matters among them.
            if at & Walk::UPPER != 0 && toks[i].is_word() {
                let end = match bits(i + 1) & Walk::CONTINUES {
                    0 => i + 1,
                    _ => self.run_end_from(toks, i),
                };
                // A function word alone ("The") holds no name; a run whose
                // first token is consumed is a title already taken as a
                // name's appositive.
                let function_alone = end == i + 1 && at & Walk::FUNCTION != 0;
                if !function_alone && !consumed.contains(&i) {
                    let ctx = RunContext {
                        toks,
                        index,
                        pending: pending.as_ref(),
                    };
                    match self.run(&ctx, i, end, consumed, desc) {
                        Outcome::Title(noun) => pending = Some(noun),
                        Outcome::Appositive => pending = None,
                        Outcome::Other => {}
                    }
                }
                i = next_wanted(ids, walk, end);
                continue;
            }
            if at & Walk::NOUN != 0 && !consumed.contains(&i) {
                if let Some(p) = self.noun_mention(toks, i, index) {
                    pending = Some(p);
                }
            }
            i = next_wanted(ids, walk, i + 1);
        }
    }

    /// A capitalised run from token `start` to `end`: settled at once when
    /// [`Finder::lone_word`] can, else by [`Finder::name_run`].
    fn run(
        &mut self,
        ctx: &RunContext,
        start: usize,
        end: usize,
        consumed: &mut Vec<usize>,
        desc: &mut Description,
    ) -> Outcome {
        let lone = Lone {
            toks: ctx.toks,
            at: start,
            end,
            pending: ctx.pending.is_some(),
            paragraph: ctx.index,
        };
        if self.lone_word(&lone) {
            return Outcome::Other;
        }
        self.name_run(ctx, start, end, consumed, desc)
    }

    /// Handles a capitalised run whose outcome is known without the full pass
    /// of [`Finder::name_run`], as for most runs: function words alone ("The":
    /// [`Finder::split_run`] finds no name), or, after any function words, one
    /// word met before as a name alone: a name the word lists say nothing of
    /// and no person bears ([`Finder::inert`]), the surname of one person
    /// already named ("Haddad" after "Ahmed Haddad"), or a name that only
    /// blocks ([`Finder::blocker`]: "Obama" beside two Obamas, a lone first
    /// name), whose mention is recorded as [`Finder::record_name`] would.
    /// False when the full pass is needed: a title, a role noun before, an
    /// appositive after, a comma before while a role noun waits for its
    /// appositive, a possessive, a name of a place, or evidence to add.
    fn lone_word(&mut self, lone: &Lone) -> bool {
        let toks = lone.toks;
        let mut i = lone.at;
        while i < lone.end && self.facts_at(i).function {
            i += 1;
        }
        if i == lone.end {
            return true;
        }
        if lone.end != i + 1 || self.facts_at(i).title != 0 || (i > 0 && self.facts_at(i - 1).noun)
        {
            return false;
        }
        if lone.pending && self.gap_bytes(toks, i).contains(&b',') {
            return false;
        }
        let Some(written) = self.written_alone(i) else {
            return false;
        };
        let appositive = || {
            self.comma_after(toks, lone.end)
                && self.appositive_after_comma(toks, lone.end).is_some()
        };
        if written.possessive || written.not_person || appositive() {
            return false;
        }
        let entry = &self.entries[written.entry];
        let Some(facts) = &entry.facts else {
            return false;
        };
        let common_first = facts.common_first;
        let person = match (entry.candidates.as_slice(), facts.known.is_some()) {
            ([], false) if !common_first => return true,
            (&[one], _) if self.people.persons[one].referent => one,
            ([], false) | ([_, _], false) => self.blocker(written.entry),
            _ => return false,
        };
        let span = toks[i].span();
        self.push_mention(lone.paragraph, span, span.start, person);
        true
    }

    /// The [`Written`] of token `i` as a name alone, when it was met so before.
    fn written_alone(&self, i: usize) -> Option<Written> {
        let id = self.ids[self.base + i] as usize;
        let at = *self.written_one.get(id).filter(|&&at| at > 0)?;
        self.written_ones.get(at as usize - 1).copied()
    }

    /// The document's tokens in `paragraph`, searched from the end of the last
    /// paragraph (as `partition_point` over all tokens would find them).
    fn token_range(&self, paragraph: Span) -> Range<usize> {
        let tokens = self.doc.tokens();
        let mut from = self.next_token.min(tokens.len());
        if from > 0 && tokens[from - 1].start() >= paragraph.start {
            from = 0;
        }
        let start = gallop(tokens, from, |t| t.start() < paragraph.start);
        let end = partition_near(tokens, start, self.guess_end(start, paragraph), |t| {
            t.start() < paragraph.end
        });
        start..end
    }

    /// Where the tokens of `paragraph` (its first token at `start`) likely
    /// end, as the document's tokens per byte predict: a search that starts
    /// there touches only the memory around the paragraph's end.
    fn guess_end(&self, start: usize, paragraph: Span) -> usize {
        let tokens = self.doc.tokens().len();
        let bytes = self.doc.text.len().max(1) as u64;
        let expected = paragraph.len() as u64 * tokens as u64 / bytes;
        start.saturating_add(usize::try_from(expected).unwrap_or(usize::MAX))
    }

    fn word(&self, tok: &Token) -> &'d str {
        tok.span().of(self.doc.text)
    }

    /// Text between token i-1 and token i.
    fn gap(&self, toks: &[Token], i: usize) -> &'d str {
        &self.doc.text[toks[i - 1].end()..toks[i].start()]
    }

    /// [`Finder::gap`] as bytes, for a quick comparison.
    fn gap_bytes(&self, toks: &[Token], i: usize) -> &'d [u8] {
        let bytes = self.doc.text.as_bytes();
        bytes
            .get(toks[i - 1].end()..toks[i].start())
            .unwrap_or_default()
    }

    fn starts_name(&self, toks: &[Token], i: usize) -> bool {
        toks[i].is_word() && self.facts_at(i).upper
    }

    /// What the word lists say about token `i` of the current paragraph.
    fn facts_at(&self, i: usize) -> WordFacts {
        self.table.facts(self.ids[self.base + i])
    }

    /// Whether token i continues the name run ending at token i-1.
    fn continues_name(&self, toks: &[Token], i: usize) -> bool {
        // Only a capital or a particle can continue a name, whatever the gap.
        if !self.facts_at(i).may_continue() {
            return false;
        }
        let gap = self.gap_bytes(toks, i);
        let spaced = gap == b" " || gap == "\u{a0}".as_bytes();
        // "Mrs. X", "J. Smith": a dot in the gap after a title or an initial.
        let dotted = || {
            let before = self.facts_at(i - 1);
            before.title & TitleKind::ANY_TITLE != 0 || before.initial
        };
        if !(spaced || (gap == b". " && dotted())) {
            return false;
        }
        self.starts_name(toks, i) || self.particle_continues(toks, i)
    }

    /// "al-Tayeb", "bin Farhan", "van der Leyen": a particle followed by a capital.
    fn particle_continues(&self, toks: &[Token], i: usize) -> bool {
        let facts = self.facts_at(i);
        let particle = || {
            facts.particle
                && i + 1 < toks.len()
                && self.gap_bytes(toks, i + 1) == b" "
                && (self.starts_name(toks, i + 1) || self.facts_at(i + 1).particle)
        };
        facts.hyphen_particle || particle()
    }

    /// The end of the name run starting at token `start`: most runs are one
    /// word followed by a word that cannot continue a name, checked here
    /// without the call to [`Finder::run_end_from`].
    #[inline]
    fn run_end(&self, toks: &[Token], start: usize) -> usize {
        let next = start + 1;
        if next < toks.len() && self.facts_at(next).may_continue() {
            self.run_end_from(toks, start)
        } else {
            next
        }
    }

    fn run_end_from(&self, toks: &[Token], start: usize) -> usize {
        let mut end = start + 1;
        while end < toks.len() && self.continues_name(toks, end) {
            end += 1;
        }
        end
    }

    /// A capitalised run: a name mention when it is one.
    fn name_run(
        &mut self,
        ctx: &RunContext,
        start: usize,
        end: usize,
        consumed: &mut Vec<usize>,
        desc: &mut Description,
    ) -> Outcome {
        let Some(run) = self.split_run(start, end) else {
            return Outcome::Other;
        };
        desc.evidence.clear();
        desc.nouns.clear();
        self.name_mention(ctx, &run, consumed, desc)
    }

    /// Drops leading function words and separates the titles from the name.
    fn split_run(&self, start: usize, end: usize) -> Option<Run> {
        let mut start = start;
        while start < end && self.facts_at(start).function {
            start += 1;
        }
        if start == end {
            return None;
        }
        let mut name = start;
        for j in (start..end).rev() {
            if self.facts_at(j).title != 0 {
                name = j + 1;
                break;
            }
        }
        // "General State Budget": titles must end in one that can precede a name.
        let titled = name == start || self.facts_at(name - 1).title & TitleKind::ANY_TITLE != 0;
        titled.then_some(Run { start, name, end })
    }
}

impl<'d> Finder<'d, '_> {
    /// Records a name mention; a title standing alone may take an appositive name.
    fn name_mention(
        &mut self,
        ctx: &RunContext,
        run: &Run,
        consumed: &mut Vec<usize>,
        desc: &mut Description,
    ) -> Outcome {
        let toks = ctx.toks;
        self.description_before(toks, run, consumed, desc);
        if run.name == run.end {
            if self.after_of(run.start) {
                // "the Ministry of Justice", "a minister for Health".
                return Outcome::Other;
            }
            // "the Minister of Health, Adonis Georgiadis": a title standing for a person.
            self.title_mention(ctx, run, desc);
            return Outcome::Title(PendingNoun {
                token: run.end - 1,
                mention: self.people.mentions.len() - 1,
            });
        }
        let written = self.written(toks, run);
        // The words are lent out while the finder records the name (which
        // never adds a written name).
        let all_words = std::mem::take(&mut self.written_words);
        let from = written.words_from as usize;
        let words = &all_words[from..from + written.words_len as usize];
        let outcome = self.named_mention(ctx, run, desc, consumed, &written, words);
        self.written_words = all_words;
        outcome
    }

    /// [`Finder::name_mention`] for a run with a name, as `written` (of `words`).
    fn named_mention(
        &mut self,
        ctx: &RunContext,
        run: &Run,
        desc: &mut Description,
        consumed: &mut Vec<usize>,
        written: &Written,
        words: &[&'d str],
    ) -> Outcome {
        let toks = ctx.toks;
        let name_toks = &toks[run.name..run.end];
        let entry = written.entry;
        let last_index = words.len() - 1;
        // "Smith’s wife": the possessor is a person too.
        let possessor_of_person =
            written.possessive && run.end < toks.len() && self.facts_at(run.end).noun;
        if written.not_person {
            // "Albert Hall" or Peter Hall: maybe a person, so it blocks, never a referent.
            if words.len() >= 2 && self.facts(entry, words).common_first {
                let text = self.entries[entry].text.clone();
                let person = self.new_person(text, words.len(), false);
                let span = Span::new(name_toks[0].start(), name_toks[last_index].end());
                self.push_mention(ctx.index, span, desc.phrase_start, person);
            }
            return Outcome::Other;
        }
        if words.len() == 1 && !written.possessive && self.inert(ctx, run, entry, desc) {
            return Outcome::Other;
        }
        let outcome = if self.take_appositive_before(ctx, run, desc) {
            Outcome::Appositive
        } else {
            Outcome::Other
        };
        self.appositive_after(toks, run, desc, consumed);
        let end = name_toks[last_index].start() + words[last_index].len();
        let name = Name {
            words,
            entry,
            span: Span::new(name_toks[0].start(), end),
            titled: run.name > run.start,
            possessor_of_person,
        };
        self.record_name(ctx, &name, desc);
        outcome
    }

    /// Whether a lone capitalised word (not a possessive) can change nothing, so
    /// the rest of [`Finder::named_mention`] may be skipped: no title, role noun,
    /// waiting appositive or comma around it, no person known by it, and the word
    /// lists and the gazetteer say nothing of it ("Reuters", "Temperatures").
    /// [`Finder::link`] would find no link and [`Finder::record_name`] record nothing.
    fn inert(&self, ctx: &RunContext, run: &Run, entry: usize, desc: &Description) -> bool {
        let entry = &self.entries[entry];
        let silent = entry
            .facts
            .as_ref()
            .is_some_and(|f| !f.common_first && f.known.is_none());
        let comma_after =
            run.end < ctx.toks.len() && self.gap_bytes(ctx.toks, run.end).starts_with(b",");
        silent
            && entry.candidates.len == 0
            && run.name == run.start
            && desc.evidence.is_empty()
            && desc.nouns.is_empty()
            && ctx.pending.is_none()
            && !comma_after
    }

    /// Titles in the run and a role noun right before it ("spokeswoman Karin Jean-Pierre").
    fn description_before(
        &mut self,
        toks: &[Token],
        run: &Run,
        consumed: &mut Vec<usize>,
        desc: &mut Description,
    ) {
        desc.phrase_start = toks[run.start].start();
        for k in run.start..run.name {
            self.describe_title(toks, k, desc);
        }
        if run.start > 0
            && self.gap_bytes(toks, run.start) == b" "
            && self.facts_at(run.start - 1).noun
        {
            self.describe_noun(toks, run.start - 1, desc);
            consumed.push(run.start - 1);
            desc.phrase_start = toks[run.start - 1].start();
        }
    }

    /// Adds token `k` as a title ("Mrs.", "Minister") to a description.
    fn describe_title(&mut self, toks: &[Token], k: usize, desc: &mut Description) {
        let word = self.word(&toks[k]);
        let title = self.table.title(self.lexicon, self.base + k, word);
        desc.evidence.extend(title.evidence.clone());
        desc.nouns.push(title.id);
    }

    /// Adds token `k` as a role noun ("spokeswoman") to a description.
    fn describe_noun(&mut self, toks: &[Token], k: usize, desc: &mut Description) {
        let word = self.word(&toks[k]);
        let noun = self.table.noun(self.lexicon, self.base + k, word);
        desc.evidence.extend(noun.evidence.clone());
        desc.nouns.push(noun.id);
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
        let person = &self.people.persons[m.person()];
        desc.evidence.extend(person.evidence.iter().cloned());
        desc.nouns.extend(person.nouns.iter().cloned());
        desc.phrase_start = m.phrase_start();
        self.forget_mention(p.mention);
        true
    }

    /// An appositive after the name: "Sabrina Singh, a spokeswoman", "Maria Kowalska,
    /// the Minister of Finance," (never a clause: "Ayşe Demir, who lost her husband").
    fn appositive_after(
        &mut self,
        toks: &[Token],
        run: &Run,
        desc: &mut Description,
        consumed: &mut Vec<usize>,
    ) {
        match self.appositive_at(toks, run.end) {
            Some(Appositive::Noun(j)) => {
                self.describe_noun(toks, j, desc);
                consumed.push(j);
            }
            Some(Appositive::Titles(titles)) => {
                for k in titles.clone() {
                    self.describe_title(toks, k, desc);
                }
                consumed.extend(titles);
            }
            None => {}
        }
    }

    /// The appositive after a name that ends before token `end`: a role noun
    /// or titles within four tokens after a comma, or none.
    fn appositive_at(&self, toks: &[Token], end: usize) -> Option<Appositive> {
        if self.comma_after(toks, end) {
            self.appositive_after_comma(toks, end)
        } else {
            None
        }
    }

    /// Whether a comma follows the tokens before token `end` (and a token
    /// follows in the paragraph). Tokens hold no comma: the gap starts with
    /// one when the byte after the token does.
    #[inline]
    fn comma_after(&self, toks: &[Token], end: usize) -> bool {
        end < toks.len() && self.doc.text.as_bytes().get(toks[end - 1].end()) == Some(&b',')
    }

    /// [`Finder::appositive_at`] when a comma follows the name.
    fn appositive_after_comma(&self, toks: &[Token], end: usize) -> Option<Appositive> {
        for j in end..(end + 4).min(toks.len()) {
            if j > end && self.gap_bytes(toks, j) != b" " {
                break;
            }
            let facts = self.facts_at(j);
            if facts.upper {
                // "Maria Kowalska, the Minister of Finance": titles from token `j`.
                let titles = j..self.run_end(toks, j);
                let all = titles.clone().all(|k| self.facts_at(k).title != 0);
                return all.then_some(Appositive::Titles(titles));
            }
            if facts.noun {
                return Some(Appositive::Noun(j));
            }
            if j == end && !facts.determiner {
                break;
            }
        }
        None
    }

    /// The name in tokens `run.name..run.end`, found by their word ids; made
    /// (with its entry) when it is new. Equal ids mean equal texts, so the words
    /// of the first occurrence serve every later one.
    fn written(&mut self, toks: &[Token], run: &Run) -> Written {
        let ids = &self.ids[self.base + run.name..self.base + run.end];
        if let [id] = *ids {
            let id = id as usize;
            if let Some(&at) = self.written_one.get(id).filter(|&&at| at > 0) {
                return self.written_ones[at as usize - 1];
            }
            let found = self.new_written(toks, run);
            if id >= self.written_one.len() {
                self.written_one.resize(id + 1, 0);
            }
            self.written_ones.push(found);
            self.written_one[id] = super::small(self.written_ones.len());
            return found;
        }
        let key = WrittenKey::of(ids);
        if let Some(found) = self.written.get(&key) {
            return *found;
        }
        let found = self.new_written(toks, run);
        self.written.insert(key, found);
        found
    }

    /// The [`Written`] of a name met for the first time.
    fn new_written(&mut self, toks: &[Token], run: &Run) -> Written {
        let from = self.written_words.len();
        for t in &toks[run.name..run.end] {
            let word = self.word(t);
            self.written_words.push(word);
        }
        let last = self.written_words.len() - 1;
        let possessive = strip_possessive(self.written_words[last]);
        if let Some(base) = possessive {
            self.written_words[last] = base;
        }
        let all_words = std::mem::take(&mut self.written_words);
        let words = &all_words[from..];
        let written = Written {
            words_from: super::small(from),
            words_len: super::small(words.len()),
            entry: self.name_entry(words),
            not_person: self.lexicon.is_not_person_word(words[words.len() - 1]),
            possessive: possessive.is_some(),
        };
        self.written_words = all_words;
        written
    }

    /// The entry of a name (its words joined by spaces), made when it is new.
    fn name_entry(&mut self, words: &[&str]) -> usize {
        let mut full = std::mem::take(&mut self.full);
        full.clear();
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                full.push(' ');
            }
            full.push_str(word);
        }
        let entry = self.entry_of(&full);
        self.full = full;
        entry
    }

    fn entry_of(&mut self, name: &str) -> usize {
        if let Some(&found) = self.names.get(name) {
            return found;
        }
        let text: Arc<str> = Arc::from(name);
        self.entries.push(NameEntry {
            text: text.clone(),
            candidates: Candidates::default(),
            facts: None,
            surname: None,
            first: None,
        });
        self.names.insert(text, self.entries.len() - 1);
        self.entries.len() - 1
    }

    /// What the word lists say about the name of an entry (its `words`), computed once.
    fn facts(&mut self, entry: usize, words: &[&str]) -> Rc<NameFacts> {
        let lexicon = self.lexicon;
        let entry = &mut self.entries[entry];
        let full = &entry.text;
        entry
            .facts
            .get_or_insert_with(|| Rc::new(lexicon.name_facts(words, full)))
            .clone()
    }

    /// Links a name to its person (or a new one), adds the evidence and records the mention.
    fn record_name(&mut self, ctx: &RunContext, name: &Name, desc: &mut Description) {
        let words = name.words;
        let facts = self.facts(name.entry, words);
        // The name's own evidence comes after the description's; it is cloned
        // only for a person that lacks it (most mentions repeat a known name).
        let first_name = facts.first_name.as_ref().filter(|_| words.len() >= 2);
        let marked = !desc.evidence.is_empty()
            || first_name.is_some()
            || name.titled
            || !desc.nouns.is_empty();
        let mut link = self.link(name, &facts, marked);
        let mut known = None;
        if words.len() >= 2 || !matches!(link, Some(Link::Existing(_))) {
            // A surname alone takes the gazetteer's gender only when the article
            // has no person of that name ("Haddad" after "Ahmed Haddad" is Ahmed).
            if let Some(found) = &facts.known {
                if link.is_none() {
                    link = self.link(name, &facts, true);
                }
                known = Some(found);
            }
        }
        let link = match link {
            None if name.possessor_of_person => Some(Link::New { referent: false }),
            other => other,
        };
        let text = || self.entries[name.entry].text.clone();
        let (person, weak) = match link {
            Some(Link::Existing(p)) => {
                self.people.persons[p].referent |= marked;
                (p, false)
            }
            // A person that only blocks and gets nothing ("Obama" beside two
            // Obamas) is the same for every rule as any other such person.
            Some(Link::New { referent: false })
                if desc.evidence.is_empty()
                    && desc.nouns.is_empty()
                    && first_name.is_none()
                    && known.is_none() =>
            {
                (self.blocker(name.entry), true)
            }
            Some(Link::New { referent }) => {
                (self.new_person(text(), words.len(), referent), !referent)
            }
            None => {
                // "Barack Obama" with a rare first name: not taken for a person, but
                // its surname makes a later "Obama" ambiguous beside "Michelle Obama".
                if (2..=3).contains(&words.len()) {
                    let unknown = self.new_person(text(), words.len(), false);
                    self.register(name, facts.surname_first, unknown);
                }
                return;
            }
        };
        let p = &mut self.people.persons[person];
        p.add(&mut desc.evidence, &mut desc.nouns);
        for evidence in [first_name, known].into_iter().flatten() {
            p.add_evidence(evidence);
        }
        if words.len() >= 2 && self.name_words[person] < words.len() {
            self.name_words[person] = words.len();
            p.name = self.entries[name.entry].text.clone();
        }
        if !weak {
            self.register(name, facts.surname_first, person);
        }
        self.push_mention(ctx.index, name.span, desc.phrase_start, person);
    }

    fn title_mention(&mut self, ctx: &RunContext, run: &Run, desc: &mut Description) {
        let toks = ctx.toks;
        let span = Span::new(toks[run.start].start(), toks[run.end - 1].end());
        let text = span.of(self.doc.text);
        let person = self.new_person(text.into(), word_count(text), true);
        self.people.persons[person].add(&mut desc.evidence, &mut desc.nouns);
        let phrase_start = self.phrase_start_before(toks, run.start);
        self.push_mention(ctx.index, span, phrase_start, person);
    }

    fn after_of(&self, i: usize) -> bool {
        i > 0 && self.facts_at(i - 1).of_or_for
    }

    fn no_comma_between(&self, toks: &[Token], from: usize, to: usize) -> bool {
        ((from + 1)..to).all(|j| !self.gap(toks, j).contains([',', ';', '.', ':']))
    }

    /// Links a name to a person already seen, or says whether it is a new one.
    fn link(&self, name: &Name, facts: &NameFacts, marked: bool) -> Option<Link> {
        let words = name.words;
        // A placeholder for an unrecognised name ("Barack Obama") links only a
        // mention that shows it is a person ("President Barack Obama").
        let placeholder = |p: usize| !self.people.persons[p].referent && !marked;
        match self.entries[name.entry].candidates.as_slice() {
            [] => {}
            [one] if placeholder(*one) => return None,
            [one] => return Some(Link::Existing(*one)),
            _ => return Some(Link::New { referent: false }),
        }
        if words.len() == 1 {
            if marked {
                return Some(Link::New { referent: true });
            }
            // A lone first name may be a person: it blocks, it is never a referent.
            return facts.common_first.then_some(Link::New { referent: false });
        }
        // "Sánchez" in the headline, "Pedro Sánchez" in the text: the same person.
        let surname = words[words.len() - 1];
        if let Some(&found) = self.names.get(surname) {
            if let [one] = self.entries[found].candidates.as_slice() {
                if *self.people.persons[*one].name == *surname {
                    return Some(Link::Existing(*one));
                }
            }
        }
        let named = facts.common_first || facts.surname_first;
        (marked || named).then_some(Link::New { referent: true })
    }

    /// Registers a name for `person`: the full name, and for a longer name its
    /// surname and a family name written first, as keys for later short forms.
    fn register(&mut self, name: &Name, surname_first: bool, person: usize) {
        let words = name.words;
        self.entries[name.entry].candidates.add(person);
        if words.len() < 2 {
            return;
        }
        let surname = match self.entries[name.entry].surname {
            Some(found) => found,
            None => self.entry_of(words[words.len() - 1]),
        };
        self.entries[name.entry].surname = Some(surname);
        self.entries[surname].candidates.add(person);
        if surname_first {
            let first = match self.entries[name.entry].first {
                Some(found) => found,
                None => self.entry_of(words[0]),
            };
            self.entries[name.entry].first = Some(first);
            self.entries[first].candidates.add(person);
        }
    }

    /// A new person named `name`, of `name_words` words (a name's words never
    /// hold a space, so the entry of `words` joined by spaces has `words.len()`).
    fn new_person(&mut self, name: Arc<str>, name_words: usize, referent: bool) -> usize {
        self.mention_counts.push(0);
        self.name_words.push(name_words);
        self.people.persons.push(Person {
            name,
            referent,
            ..Person::default()
        });
        self.people.persons.len() - 1
    }

    /// The one person of the document that stands for every mention that may
    /// be a person but only blocks findings: never a referent, with no evidence
    /// and no role noun, never registered under a name, so nothing links to it
    /// or changes it; each rule treats such persons alike (a mention of an
    /// unknown gender that is never a referent), so one serves them all and
    /// saves a person per recurring ambiguous name. Named by `entry` when made.
    fn blocker(&mut self, entry: usize) -> usize {
        match self.blocker {
            Some(found) => found,
            None => {
                let name = self.entries[entry].text.clone();
                let made = self.new_person(name, 1, false);
                self.blocker = Some(made);
                made
            }
        }
    }

    fn push_mention(&mut self, paragraph: usize, span: Span, phrase_start: usize, person: usize) {
        let mut mention = Mention::new(self.doc.text, span, phrase_start, person, paragraph);
        mention.quoted = is_quoted(&self.people.quotes[paragraph], span.start);
        self.people.mentions.push(mention);
        self.mention_counts[person] += 1;
        for &noun in &self.people.persons[person].nouns {
            let noun = noun as usize;
            if noun >= self.last_with_noun.len() {
                self.last_with_noun.resize(noun + 1, usize::MAX);
            }
            self.last_with_noun[noun] = person;
        }
    }

    /// Removes a role-noun mention that turned out to be an appositive of a name.
    fn forget_mention(&mut self, mention: usize) {
        let m = self.people.mentions.remove(mention);
        let person = m.person();
        self.mention_counts[person] -= 1;
        if self.mention_counts[person] == 0 {
            // The person existed only through that noun: keep it but never as a referent.
            self.people.persons[person].referent = false;
            self.people.persons[person].evidence.clear();
        }
    }

    /// "the spokeswoman", "his wife", "a judge": a role noun standing for a person.
    fn noun_mention(&mut self, toks: &[Token], i: usize, paragraph: usize) -> Option<PendingNoun> {
        let word = self.word(&toks[i]);
        let facts = self.facts_at(i);
        if facts.upper || !facts.noun {
            return None;
        }
        // "woman judge": the next noun is the head; "spokeswoman Karin Jean-Pierre":
        // the noun belongs to the name that follows.
        if i + 1 < toks.len() && self.gap_bytes(toks, i + 1) == b" " {
            let next = self.facts_at(i + 1);
            let name_follows = self.starts_name(toks, i + 1) && !next.function;
            if next.noun || name_follows {
                return None;
            }
        }
        let noun = self.table.noun(self.lexicon, self.base + i, word);
        let (lower, id, evidence) = (noun.noun.clone(), noun.id, noun.evidence.clone());
        let phrase_start = self.phrase_start_before(toks, i);
        let definite = self.doc.text[phrase_start..]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("the "));
        let linked = definite
            .then(|| self.last_with_noun.get(id as usize).copied())
            .flatten()
            .filter(|&p| p != usize::MAX);
        let person = linked.unwrap_or_else(|| {
            let p = self.new_person(lower, 1, true);
            let person = &mut self.people.persons[p];
            person.evidence.extend(evidence);
            person.nouns.push(id);
            p
        });
        self.push_mention(paragraph, toks[i].span(), phrase_start, person);
        Some(PendingNoun {
            token: i,
            mention: self.people.mentions.len() - 1,
        })
    }

    /// Start of "the/a/his ... noun": back over lower-case words to a determiner.
    fn phrase_start_before(&self, toks: &[Token], i: usize) -> usize {
        let mut j = i;
        while j > 0 && i - j < 4 && self.gap_bytes(toks, j) == b" " {
            let before = self.facts_at(j - 1);
            let determiner = before.determiner || before.its;
            j -= 1;
            if determiner {
                break;
            }
        }
        toks[j].start()
    }
}

/// The first of a paragraph's word `ids` at or after `from` that may start a
/// name or be a role noun ([`Walk::WANTED`] in `walk`, per word), or
/// `ids.len()`: a tight scan.
fn next_wanted(ids: &[u32], walk: &[u8], from: usize) -> usize {
    let rest = ids.get(from..).unwrap_or_default();
    let found = rest
        .iter()
        .position(|&id| walk_bits(walk, id) & Walk::WANTED != 0);
    found.map_or(ids.len(), |k| from + k)
}

/// The [`Walk`] bits of word `id` (all set for an id the table lacks).
#[inline]
fn walk_bits(walk: &[u8], id: u32) -> u8 {
    walk.get(id as usize).copied().unwrap_or(u8::MAX)
}

/// The first index at or after `low` where `before` turns false (`before`
/// holds for every token before `low`), searched from `guess` outward with
/// doubling steps, then a binary search: when the guess is near, only the
/// memory around it is read.
fn partition_near(
    tokens: &[Token],
    low: usize,
    guess: usize,
    before: impl Fn(&Token) -> bool,
) -> usize {
    let guess = guess.clamp(low, tokens.len());
    if guess == low || before(&tokens[guess - 1]) {
        return gallop(tokens, guess, before);
    }
    // Every token from `high` on fails `before`; step back until one holds.
    let mut high = guess - 1;
    let mut step = 1;
    while high - low >= step && !before(&tokens[high - step]) {
        high -= step;
        step *= 2;
    }
    let from = high.saturating_sub(step).max(low);
    from + tokens[from..high].partition_point(before)
}

/// Words in a name, as `name.split(' ').count()` counts them.
fn word_count(name: &str) -> usize {
    name.bytes().filter(|&b| b == b' ').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_wanted_finds_the_next_wanted_word() {
        let walk = [Walk::FUNCTION, Walk::UPPER, Walk::CONTINUES, Walk::NOUN];
        let ids = [0, 2, 1, 0, 3];
        let found: Vec<usize> = (0..=6).map(|from| next_wanted(&ids, &walk, from)).collect();
        assert_eq!(found, [2, 2, 2, 4, 4, 5, 5]);
    }

    #[test]
    fn written_keys_differ_with_length_and_order() {
        let keys = [
            &[][..],
            &[0],
            &[0, 0],
            &[1, 2],
            &[2, 1],
            &[1, 2, 3, 4],
            &[1, 2, 3, 4, 5],
        ];
        for (a, x) in keys.iter().enumerate() {
            for (b, y) in keys.iter().enumerate() {
                assert_eq!(
                    WrittenKey::of(x) == WrittenKey::of(y),
                    a == b,
                    "{x:?} {y:?}"
                );
            }
        }
    }

    #[test]
    fn partition_near_finds_what_partition_point_finds() {
        let text = "a bb c dd e ff g hh i jj k";
        let doc = Document::new(text);
        let tokens = doc.tokens();
        for limit in 0..=text.len() + 1 {
            let before = |t: &Token| t.start() < limit;
            let want = tokens.partition_point(before);
            for low in 0..=want {
                for guess in 0..=tokens.len() + 2 {
                    assert_eq!(
                        partition_near(tokens, low, guess, before),
                        want,
                        "limit {limit} low {low} guess {guess}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_count_counts_as_split_does() {
        for name in ["Obama", "Barack Obama", "Prime Minister", "a  b", " x", ""] {
            assert_eq!(word_count(name), name.split(' ').count(), "{name:?}");
        }
    }
}

//! Proper-noun occurrences in an article: capitalised word tokens with how
//! often and where they occur, the input of the name-consistency check.
//!
//! One pass over the shared word tokens collects the capitalised forms (a
//! lower-case token is passed over after one byte test); whether the article
//! also writes a form in lower case, as a word, is asked later for just the
//! few forms that need it ([`written_in_lower_case`]).

use crate::diagnostic::Span;
use crate::entities::Gazetteer;
use crate::lexicon::{next_wanted, TokenSet, Words};
use crate::text::{may_end_sentence, sentence_ends_in, Document};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// One capitalised word form of an article ("Rafah"), possessive stripped.
#[derive(Debug, Clone, Default)]
pub struct NameForm<'t> {
    /// The form as written.
    pub text: &'t str,
    /// The form in lower case.
    pub lower: String,
    /// How many times it is written.
    pub count: usize,
    /// Every occurrence as a token index, collected only for forms whose
    /// [`Interest`] asks for details (empty otherwise). Spans and
    /// neighbouring names are read from them when asked for
    /// ([`NameForm::spans`], [`NameForm::neighbours`]): the scan touches
    /// neither the tokens nor the text, whose loads miss the cache.
    pub occurrences: Vec<u32>,
    /// Used inside a sentence at least once (not its first word, not in a
    /// title-case line).
    pub mid_sentence: bool,
    /// Whether occurrences were collected.
    pub details: bool,
    /// Whether `mid_sentence` is left undecided: asked with
    /// [`Interest::may_wait`], the form kept starting sentences ("However"),
    /// so it was no longer looked for; [`ArticleNames::settle_mid_sentence`]
    /// decides it when it comes to matter.
    pub mid_sentence_open: bool,
    /// The article is known to write the form in lower case too ("the"
    /// beside "The"), as a word of its own: found through the word table's
    /// ASCII case folding, so a lower-case use that differs otherwise (by
    /// accents, or only with a possessive) leaves it false.
    /// [`written_in_lower_case`] is the exact test.
    pub lower_case_too: bool,
}

/// What a caller of [`ArticleNames::of`] needs to know about a form, decided
/// per form before the pass over the tokens: most forms (known words) need
/// no work per occurrence at all, or only until they are met mid-sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Interest {
    /// Find out whether the form is used inside a sentence.
    pub mid_sentence: bool,
    /// With `mid_sentence`: a form met [`PATIENCE`] times, never inside a
    /// sentence, may be left undecided ([`NameForm::mid_sentence_open`]).
    pub may_wait: bool,
    /// Collect its occurrences (for its spans and neighbouring names).
    pub details: bool,
}

/// The capitalised words written right before a form's occurrences, with one
/// space between ("Bruno" in "Bruno Fernandes"), and how often it comes so
/// before one: read from [`NameForm::occurrences`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbours<'t> {
    /// The distinct capitalised words written right before an occurrence,
    /// in the order first met.
    pub given_names: Vec<&'t str>,
    /// Occurrences followed by another capitalised word, as a given name is.
    pub before_names: usize,
}

impl<'t> NameForm<'t> {
    /// The spans of the form's occurrences (possessive left out), in text
    /// order; empty unless details were asked for.
    pub fn spans<'a>(&'a self, doc: &'a Document<'t>) -> impl Iterator<Item = Span> + 'a {
        let tokens = doc.tokens();
        self.occurrences.iter().map(move |&i| {
            let start = tokens[i as usize].start();
            Span::new(start, start + self.text.len())
        })
    }

    /// The names written right before and after the form's occurrences.
    pub fn neighbours(&self, doc: &Document<'t>) -> Neighbours<'t> {
        let (text, tokens) = (doc.text, doc.tokens());
        let words = Words::of(doc);
        let ids = words.ids();
        // The capitalised form of token `j`, if it is one.
        let form_at = |j: usize| {
            let written = words.text(text, *ids.get(j)? as usize);
            let word = &written[..bare_len(written.as_bytes())];
            is_form(word).then_some(word)
        };
        // Whether `form` is written right before the token starting at `at`.
        let adjacent = |form: &str, at: usize| {
            text[..at]
                .strip_suffix(' ')
                .is_some_and(|t| t.ends_with(form))
        };
        let mut out = Neighbours::default();
        for &i in &self.occurrences {
            let i = i as usize;
            let start = tokens[i].start();
            let given = i
                .checked_sub(1)
                .and_then(form_at)
                .filter(|b| adjacent(b, start));
            if let Some(given) = given.filter(|g| !out.given_names.contains(g)) {
                out.given_names.push(given);
            }
            let before_name =
                form_at(i + 1).is_some() && adjacent(self.text, tokens[i + 1].start());
            out.before_names += usize::from(before_name);
        }
        out
    }
}

/// The capitalised forms of an article, keyed as written. Nothing is copied
/// out of the text but each form's lower case.
#[derive(Debug, Default)]
pub struct ArticleNames<'t> {
    pub forms: FxHashMap<&'t str, NameForm<'t>>,
}

/// Where the first pass stands: the paragraph and line of the current token.
struct Cursor {
    paragraph: usize,
    line: usize,
    /// The line `line` is written in title case (computed when first needed).
    headline: Option<bool>,
}

impl<'t> ArticleNames<'t> {
    /// The capitalised forms of `doc`; `interest` (given a form with its
    /// text, lower case, number of occurrences and whether it is known to be
    /// written in lower case too) says what to find out about each.
    pub fn of(doc: &Document<'t>, interest: impl FnMut(&NameForm) -> Interest) -> ArticleNames<'t> {
        Self::of_in(doc, &TokenSet::default(), interest)
    }

    /// [`ArticleNames::of`], visiting only the tokens of `set` (a
    /// [`NameTokens`] set) when it holds every token of the forms
    /// `interest` wants something of, which spares a scan of all tokens.
    pub fn of_in(
        doc: &Document<'t>,
        set: &TokenSet,
        interest: impl FnMut(&NameForm) -> Interest,
    ) -> ArticleNames<'t> {
        let words = Words::of(doc);
        let mut forms = FormTable::classify(doc.text, &words);
        forms.mark_lower_case_too(doc.text, &words);
        let flags = forms.interests(&words, interest);
        if set.covers(flags.iter().map(|&f| f != 0)) {
            forms.collect_in(doc, &words, set, flags);
        } else {
            forms.collect(doc, &words, flags);
        }
        // Inserted one by one in the order first met, as a table grown form
        // by form would be: its iteration order (ties between near misses)
        // stays as before.
        let mut names = ArticleNames::default();
        for form in forms.forms {
            names.forms.insert(form.text, form);
        }
        names
    }
}

impl<'t> ArticleNames<'t> {
    /// Decides the undecided mid-sentence use ([`NameForm::mid_sentence_open`])
    /// of the forms `wanted` picks, in one pass over the token ids of their
    /// words: as the first pass would have, had it not stopped looking.
    pub fn settle_mid_sentence(
        &mut self,
        doc: &Document<'t>,
        set: &TokenSet,
        wanted: impl Fn(&NameForm) -> bool,
    ) {
        let open: FxHashSet<&'t str> = self
            .forms
            .values()
            .filter(|f| f.mid_sentence_open && wanted(f))
            .map(|f| f.text)
            .collect();
        if open.is_empty() {
            return;
        }
        let (text, words) = (doc.text, Words::of(doc));
        let of_word: Vec<Option<&'t str>> = (0..words.len())
            .map(|id| {
                let written = words.text(text, id);
                open.get(&written[..bare_len(written.as_bytes())]).copied()
            })
            .collect();
        let mut at = Cursor {
            paragraph: 0,
            line: 0,
            headline: None,
        };
        let tokens = if set.covers(of_word.iter().map(Option::is_some)) {
            words.tokens_where_in(set, &of_word, |_, _| true)
        } else {
            words.tokens_with(&of_word)
        };
        for (i, key) in tokens {
            let Some(form) = self.forms.get_mut(key).filter(|f| !f.mid_sentence) else {
                continue;
            };
            let start = doc.tokens()[i].start();
            form.mid_sentence = !at.first_in_sentence(doc, i) && !at.in_headline(doc, start);
        }
        for key in open {
            if let Some(form) = self.forms.get_mut(key) {
                form.mid_sentence_open = false;
            }
        }
    }
}

/// The first words of the gazetteer's phrases that office titles and the
/// variants rules look for (office calques, people's and places' variants,
/// organisations' calques), in ASCII lower case: with the article's names,
/// the words of [`NameTokens`]. Built once per rule (from the one gazetteer,
/// so every rule builds the same).
#[derive(Debug, Default)]
pub struct PhraseStarts {
    words: FxHashSet<String>,
    filter: WordFilter,
}

impl PhraseStarts {
    /// The first words of `gazetteer`'s office calques and wrong forms.
    pub fn of(gazetteer: &Gazetteer) -> Self {
        let g = gazetteer;
        let calques = g
            .offices
            .iter()
            .flat_map(|c| c.titles.values())
            .flat_map(|t| &t.calques);
        let variants = g.people.iter().flat_map(|p| &p.variants);
        let places = g.places.iter().flat_map(|p| &p.variants);
        let organisations = g.organisations.iter().flat_map(|o| &o.calques);
        let mut out = PhraseStarts::default();
        for phrase in calques.chain(variants).chain(places).chain(organisations) {
            // Office titles cut the phrase as listed, variants once trimmed.
            for first in [phrase.split(' ').next(), phrase.trim().split(' ').next()] {
                let first = first.unwrap_or_default().to_ascii_lowercase();
                if !first.is_empty() {
                    out.filter.insert(first.as_bytes());
                    out.words.insert(first);
                }
            }
        }
        out
    }

    /// Whether `word`, or its part before an apostrophe ("Peking’s"), may
    /// start a phrase, in any ASCII case.
    fn may_start(&self, word: &str, lower: &mut String) -> bool {
        let mut is_start = |part: &str| {
            if !self.filter.may_contain(part.as_bytes()) {
                return false;
            }
            lower.clear();
            lower.push_str(part);
            lower.make_ascii_lowercase();
            self.words.contains(lower.as_str())
        };
        is_start(word)
            || word
                .find(['\'', '’'])
                .is_some_and(|at| is_start(&word[..at]))
    }
}

/// The tokens the name rules look at, shared through [`Document::analysis`]:
/// tokens of capitalised forms the article does not also write in lower case
/// (the forms [`ArticleNames::of_in`] may want) and tokens of words that may
/// start a gazetteer phrase ([`PhraseStarts`]). One scan of the token ids
/// serves name consistency, office titles and both variants rules, which
/// each visit these tokens only (falling back to a scan of their own should
/// they want a word outside the set).
#[derive(Debug)]
pub struct NameTokens(pub TokenSet);

impl NameTokens {
    /// The shared set of `doc`, for rules on `gazetteer`; `starts` gives
    /// the gazetteer's [`PhraseStarts`], asked for only by the rule that
    /// builds the set (the others need not build their own).
    pub fn of<'s>(
        doc: &Document,
        gazetteer: &Arc<Gazetteer>,
        starts: impl FnOnce() -> &'s PhraseStarts,
    ) -> Arc<Self> {
        let key = Arc::as_ptr(gazetteer) as usize as u64;
        doc.analysis(key, || {
            let words = Words::of(doc);
            NameTokens(words.token_set(picked_words(doc.text, &words, starts())))
        })
    }
}

/// For each word id of `words`, whether [`NameTokens`] holds its tokens:
/// decided once per distinct word.
fn picked_words(text: &str, words: &Words, starts: &PhraseStarts) -> Vec<bool> {
    // For each folded id, the last word of it starting in lower case, as
    // [`FormTable::mark_lower_case_too`] finds it.
    let mut lower_word = vec![NO_FORM; words.folded_len()];
    for id in 0..words.len() {
        let first = words.text(text, id).as_bytes().first();
        if first.is_some_and(u8::is_ascii_lowercase) {
            lower_word[words.folded(id)] = id as u32;
        }
    }
    let mut lower = String::new();
    (0..words.len())
        .map(|id| {
            let written = words.text(text, id);
            let word = &written[..bare_len(written.as_bytes())];
            let name = is_form(word)
                && match lower_word[words.folded(id)] {
                    NO_FORM => true,
                    twin => {
                        let twin = words.text(text, twin as usize);
                        twin[..bare_len(twin.as_bytes())] != word.to_lowercase()
                    }
                };
            name || starts.may_start(written, &mut lower)
        })
        .collect()
}

/// [`FormTable::of_id`] entry of a word id that is no capitalised form.
const NO_FORM: u32 = u32::MAX;
/// Flag of a word id (see [`FormTable::interests`]): whether its form is
/// used mid-sentence is still to be found out.
const FIND_MID: u8 = 1;
/// Flag of a word id: its form's details are collected.
const DETAILS: u8 = 2;
/// Flag of a word id: its form's mid-sentence use may be left undecided.
const MAY_WAIT: u8 = 4;
/// How many occurrences of a form that [`Interest::may_wait`] are looked at,
/// all starting sentences or in headlines, before its mid-sentence use is
/// left undecided: sentence adverbs ("However", "Meanwhile") start
/// thousands of sentences, each a look at the text that misses the cache.
pub const PATIENCE: u16 = 16;

/// The capitalised forms being collected, numbered, with the form of each
/// distinct word id: a token costs an array load.
struct FormTable<'t> {
    forms: Vec<NameForm<'t>>,
    /// For each word id of [`Words`], its form's index (or NO_FORM).
    of_id: Vec<u32>,
    /// For each form, how many more occurrences outside sentences it may
    /// have before its mid-sentence use is left undecided.
    patience: Vec<u16>,
}

impl<'t> FormTable<'t> {
    /// Classifies each distinct word once: a capitalised word without dots
    /// or digits, possessive stripped, is a form ("Rafah" and "Rafah’s" are
    /// one). Ids are numbered in order of first occurrence, so forms are too.
    fn classify(text: &'t str, words: &Words) -> Self {
        let mut forms: Vec<NameForm<'t>> = Vec::new();
        let mut by_text: FxHashMap<&'t str, u32> = FxHashMap::default();
        let of_id = (0..words.len())
            .map(|id| {
                let written = words.text(text, id);
                let word = &written[..bare_len(written.as_bytes())];
                if !is_form(word) {
                    return NO_FORM;
                }
                let next = forms.len() as u32;
                let form = *by_text.entry(word).or_insert_with(|| {
                    forms.push(NameForm {
                        text: word,
                        lower: word.to_lowercase(),
                        ..NameForm::default()
                    });
                    next
                });
                forms[form as usize].count += words.count(id);
                form
            })
            .collect();
        let patience = vec![PATIENCE; forms.len()];
        FormTable {
            forms,
            of_id,
            patience,
        }
    }

    /// Marks the forms the article also writes in lower case
    /// ([`NameForm::lower_case_too`]): for each folded id, a word of it that
    /// starts with a lower-case ASCII letter, compared with the forms of that
    /// folded id. One pass over the distinct words, no hashing: most
    /// sentence-initial words ("The", "But") are found so, and a caller need
    /// not look for them inside sentences.
    fn mark_lower_case_too(&mut self, text: &str, words: &Words) {
        let mut lower_word = vec![NO_FORM; words.folded_len()];
        for id in 0..words.len() {
            if words
                .text(text, id)
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_lowercase)
            {
                lower_word[words.folded(id)] = id as u32;
            }
        }
        for (id, &form) in self.of_id.iter().enumerate() {
            let lower = lower_word[words.folded(id)];
            if form == NO_FORM || lower == NO_FORM {
                continue;
            }
            let written = words.text(text, lower as usize);
            let bare = &written[..bare_len(written.as_bytes())];
            let form = &mut self.forms[form as usize];
            form.lower_case_too |= bare == form.lower;
        }
    }

    /// Asks `interest` about each form, and gives each word id its form's
    /// flags ([`FIND_MID`], [`DETAILS`]); a form with details has room for
    /// every occurrence, known from the word counts.
    fn interests(
        &mut self,
        words: &Words,
        mut interest: impl FnMut(&NameForm) -> Interest,
    ) -> Vec<u8> {
        let by_form: Vec<u8> = self
            .forms
            .iter_mut()
            .map(|form| {
                let wanted = interest(form);
                if wanted.details {
                    form.details = true;
                    form.occurrences.reserve(form.count);
                }
                u8::from(wanted.mid_sentence || wanted.details) * FIND_MID
                    + u8::from(wanted.details) * DETAILS
                    + u8::from(wanted.may_wait && !wanted.details) * MAY_WAIT
            })
            .collect();
        (0..words.len())
            .map(|id| match self.of_id[id] {
                NO_FORM => 0,
                form => by_form[form as usize],
            })
            .collect()
    }

    /// The occurrences of forms that want something found out (`flags`, by
    /// word id): whether the form is used inside a sentence (asked until it
    /// is, then the id's flag is cleared), and for forms with details their
    /// occurrences. The scan of the word ids is kept apart
    /// from the work per occurrence, so that the loop that passes over other
    /// words stays small.
    fn collect(&mut self, doc: &Document<'t>, words: &Words, mut flags: Vec<u8>) {
        let mut at = Cursor {
            paragraph: 0,
            line: 0,
            headline: None,
        };
        let ids = words.ids();
        let mut from = 0;
        while let Some(i) = next_wanted(ids, &flags, from) {
            from = i + 1;
            self.occurrence(doc, &mut at, i, ids[i], &mut flags);
        }
    }

    /// [`FormTable::collect`], visiting only the tokens of `set`, which
    /// holds every token whose word has flags.
    fn collect_in(&mut self, doc: &Document<'t>, words: &Words, set: &TokenSet, flags: Vec<u8>) {
        let mut at = Cursor {
            paragraph: 0,
            line: 0,
            headline: None,
        };
        let mut flags = flags;
        let ids = words.ids();
        set.for_each(|i| {
            if let Some(&id) = ids.get(i) {
                if flags[id as usize] != 0 {
                    self.occurrence(doc, &mut at, i, id, &mut flags);
                }
            }
        });
    }

    /// The work [`FormTable::collect`] does for token `i`, of word `id`,
    /// whose flags are not all clear.
    #[inline]
    fn occurrence(&mut self, doc: &Document, at: &mut Cursor, i: usize, id: u32, flags: &mut [u8]) {
        let flag = flags[id as usize];
        let index = self.of_id[id as usize] as usize;
        if flag & FIND_MID != 0
            && (self.find_mid(doc, at, i, index)
                || flag & MAY_WAIT != 0 && self.lose_patience(index))
        {
            flags[id as usize] &= !FIND_MID;
        }
        if flag & DETAILS != 0 {
            self.forms[index].occurrences.push(i as u32);
        }
    }

    /// Counts an occurrence of form `index` outside sentences; whether its
    /// patience is spent, so that its mid-sentence use is left undecided.
    fn lose_patience(&mut self, index: usize) -> bool {
        let left = &mut self.patience[index];
        *left = left.saturating_sub(1);
        if *left == 0 {
            self.forms[index].mid_sentence_open = true;
        }
        *left == 0
    }

    /// Whether form `index` is known to be used mid-sentence, token `i`
    /// (an occurrence of it) included.
    #[inline(never)]
    fn find_mid(&mut self, doc: &Document, at: &mut Cursor, i: usize, index: usize) -> bool {
        if !self.forms[index].mid_sentence {
            let start = doc.tokens()[i].start();
            let mid = !at.first_in_sentence(doc, i) && !at.in_headline(doc, start);
            self.forms[index].mid_sentence = mid;
            self.forms[index].mid_sentence_open &= !mid;
        }
        self.forms[index].mid_sentence
    }
}

/// Whether a word (possessive stripped) is a capitalised form: a capital
/// first letter, no dots or digits.
fn is_form(word: &str) -> bool {
    let b0 = word.as_bytes().first().copied().unwrap_or(b'a');
    let capitalised =
        b0.is_ascii_uppercase() || word.chars().next().is_some_and(char::is_uppercase);
    capitalised && !word.bytes().any(|b| b == b'.' || b.is_ascii_digit())
}

/// Which of `words` (lower case) the article writes as a word of its own,
/// first letter in lower case ("calm", "the"). Each distinct word of the
/// document ([`Words`]) is looked at once, with a [`WordFilter`] in front of
/// the hash lookup; a word starting in lower case has a letter, so it is a
/// word token.
pub fn written_in_lower_case<'w>(
    doc: &Document,
    words: impl IntoIterator<Item = &'w str>,
) -> FxHashSet<&'w str> {
    let mut wanted: FxHashMap<&'w str, bool> = FxHashMap::default();
    let mut filter = WordFilter::default();
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        filter.insert(word.as_bytes());
        wanted.insert(word, false);
    }
    if wanted.is_empty() {
        return FxHashSet::default();
    }
    let text = doc.text;
    let table = Words::of(doc);
    for id in 0..table.len() {
        let written = table.text(text, id);
        let len = bare_len(written.as_bytes());
        if !filter.may_contain(&written.as_bytes()[..len]) {
            continue;
        }
        let word = &written[..len];
        if let Some(seen) = wanted.get_mut(word) {
            *seen |= word.chars().next().is_some_and(char::is_lowercase);
        }
    }
    wanted
        .into_iter()
        .filter_map(|(word, seen)| seen.then_some(word))
        .collect()
}

impl Cursor {
    /// Whether the line holding byte `at` is written in title case; lines are
    /// asked for in text order.
    fn in_headline(&mut self, doc: &Document, at: usize) -> bool {
        while self.line < doc.lines.len() && doc.lines[self.line].end < at {
            self.line += 1;
            self.headline = None;
        }
        let Some(line) = doc.lines.get(self.line) else {
            return false;
        };
        *self
            .headline
            .get_or_insert_with(|| is_title_case(line.of(doc.text)))
    }

    /// Whether token `i` is the first token of its sentence, tokens being
    /// asked for in text order: whether a sentence ends after the start of the
    /// token before it (a token belongs to the first sentence ending after its
    /// start). Only text from that start holding a character that can end a
    /// sentence is looked at, so a document is not split into sentences for this.
    fn first_in_sentence(&mut self, doc: &Document, i: usize) -> bool {
        let tokens = doc.tokens();
        let start = tokens[i].start();
        let Some(previous) = i.checked_sub(1).map(|j| tokens[j].start()) else {
            return true;
        };
        if !may_end_sentence(&doc.text.as_bytes()[previous..start]) {
            return false;
        }
        let paragraphs = &doc.paragraphs;
        while paragraphs
            .get(self.paragraph)
            .is_some_and(|p| p.end <= start)
        {
            self.paragraph += 1;
        }
        let Some(&paragraph) = paragraphs.get(self.paragraph) else {
            return true; // a token is always in a paragraph
        };
        // The last sentence of the paragraph before ends between them.
        previous < paragraph.start || sentence_ends_in(doc.text, paragraph, previous, start)
    }
}

/// "Blinken’s" → "Blinken".
pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// The length of a word's bytes without a possessive ending ("Blinken’s" →
/// "Blinken", as [`strip_possessive`]); the ending is ASCII "'s" or "’s", so
/// the cut is at a character boundary.
#[inline]
fn bare_len(word: &[u8]) -> usize {
    match word {
        [.., 0xE2, 0x80, 0x99, b's'] => word.len() - 4,
        [.., b'\'', b's'] => word.len() - 2,
        _ => word.len(),
    }
}

/// Whether a line is written in title case, like a headline: no final full
/// stop, and most of its words of four letters or more capitalised.
fn is_title_case(line: &str) -> bool {
    let line = line.trim_end();
    if line.ends_with(['.', '?', '!', '”', '"', ':', ';']) {
        return false;
    }
    let (mut words, mut capitalised) = (0, 0);
    for word in line.split_whitespace() {
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            words += 1;
            capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
        }
    }
    words >= 2 && capitalised * 10 >= words * 8
}

/// The words of a phrase after its first ("Foreign Minister of Finance" →
/// minister, of, finance; in ASCII lower case when `fold` is set), for
/// [`followed_by`]; `None` when a word is not plain ASCII letters, or the
/// words are not parted by single spaces (then the tokens need not follow
/// the words one to one, and a match has to be checked on the text).
pub(crate) fn rest_words(phrase: &str, fold: bool) -> Option<Vec<String>> {
    let rest: Vec<&str> = phrase.split(' ').skip(1).collect();
    let plain = |w: &&str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic());
    rest.iter().all(plain).then(|| {
        rest.iter()
            .map(|w| {
                if fold {
                    w.to_ascii_lowercase()
                } else {
                    w.to_string()
                }
            })
            .collect()
    })
}

/// Whether the tokens after token `token` may be `rest` ([`rest_words`]):
/// each one's text starts with the next word (in any ASCII case when `fold`
/// is set). Read from the word table and the token ids, not from the text at
/// the token, whose loads miss the cache. A phrase written at `token` (its
/// first word being that token, its words parted by single spaces) always
/// passes: each next word starts a token, which may run on ("Minister’s").
pub(crate) fn followed_by(
    words: &Words,
    text: &str,
    token: usize,
    rest: &[String],
    fold: bool,
) -> bool {
    let ids = words.ids();
    rest.iter().enumerate().all(|(k, word)| {
        ids.get(token + 1 + k).is_some_and(|&id| {
            let next = words.text(text, id as usize).as_bytes();
            next.get(..word.len()).is_some_and(|head| {
                if fold {
                    head.eq_ignore_ascii_case(word.as_bytes())
                } else {
                    head == word.as_bytes()
                }
            })
        })
    })
}

/// Whether the tokens after token `token` may complete one of the phrases
/// `ids` ([`followed_by`] of each one's rest in `rests`; a phrase without a
/// rest, not plain words, always may): the test that office titles and
/// variants make during their scan of the token ids.
pub(crate) fn may_follow(
    words: &Words,
    text: &str,
    token: usize,
    ids: &[usize],
    rests: &[Option<Vec<String>>],
    fold: bool,
) -> bool {
    ids.iter().any(|&id| {
        rests[id]
            .as_ref()
            .is_none_or(|rest| followed_by(words, text, token, rest, fold))
    })
}

/// [`may_follow`] with its answer remembered per pair of words (the
/// phrase's first word and the next token's word), as far as the next word
/// decides it: most tokens of a first word ("Minister") come before the
/// same few words, so the phrases' rests are compared once per pair, not
/// once per token.
pub(crate) struct Follows<'a> {
    words: &'a Words,
    text: &'a str,
    rests: &'a [Option<Vec<String>>],
    fold: bool,
    /// (first word id, next word id) → [`NEVER`], [`ALWAYS`] or [`CHECK`].
    memo: FxHashMap<(u32, u32), u8>,
}

/// [`Follows::memo`]: no phrase's rest starts with the next word.
const NEVER: u8 = 0;
/// [`Follows::memo`]: a phrase is complete with the next word (or has no rest to check).
const ALWAYS: u8 = 1;
/// [`Follows::memo`]: a longer rest starts with the next word: the tokens after it decide.
const CHECK: u8 = 2;

impl<'a> Follows<'a> {
    pub(crate) fn new(
        words: &'a Words,
        text: &'a str,
        rests: &'a [Option<Vec<String>>],
        fold: bool,
    ) -> Self {
        Follows {
            words,
            text,
            rests,
            fold,
            memo: FxHashMap::default(),
        }
    }

    /// [`may_follow`] of `token`, whose word starts the phrases `ids`
    /// (the same phrases at every token of that word).
    pub(crate) fn may_follow(&mut self, token: usize, ids: &[usize]) -> bool {
        let all = self.words.ids();
        let (Some(&first), Some(&next)) = (all.get(token), all.get(token + 1)) else {
            return may_follow(self.words, self.text, token, ids, self.rests, self.fold);
        };
        let (words, text, rests, fold) = (self.words, self.text, self.rests, self.fold);
        let known = *self.memo.entry((first, next)).or_insert_with(|| {
            let mut answer = NEVER;
            for rest in ids.iter().map(|&id| rests[id].as_deref()) {
                let Some([word, more @ ..]) = rest else {
                    return ALWAYS; // no rest to check, or none at all
                };
                if followed_by(words, text, token, std::slice::from_ref(word), fold) {
                    if more.is_empty() {
                        return ALWAYS;
                    }
                    answer = CHECK;
                }
            }
            answer
        });
        match known {
            NEVER => false,
            ALWAYS => true,
            _ => may_follow(words, text, token, ids, rests, fold),
        }
    }
}

/// A cheap test that a token is no key of a word table, so most tokens skip
/// the hash lookup; it never rejects a key. Three checks, cheapest first, all
/// with ASCII case folded: the word's length in bytes, its first two bytes,
/// and a one-hash Bloom filter over its length and first, second and last bytes.
#[derive(Debug)]
pub(crate) struct WordFilter {
    /// Bit n: a key of n bytes (bit 63: 63 bytes or more).
    lengths: u64,
    /// Bit `b0 << 8 | b1`: a key starting with these bytes (b1 = 0 for one byte).
    prefixes: Vec<u64>,
    bloom: Vec<u64>,
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter {
            lengths: 0,
            prefixes: vec![0; (1 << 16) / 64],
            bloom: vec![0; (1 << 16) / 64],
        }
    }
}

/// Bit `slot` of a bit set.
#[inline]
fn bit(bits: &[u64], slot: usize) -> bool {
    bits[slot / 64] & (1 << (slot % 64)) != 0
}

impl WordFilter {
    /// `| 0x20` folds ASCII case (and merges a few other bytes, which only
    /// costs a lookup now and then).
    #[inline]
    fn prefix_slot(word: &[u8]) -> Option<usize> {
        let b0 = *word.first()?;
        let b1 = word.get(1).map_or(0, |b| b | 0x20);
        Some(usize::from(b0 | 0x20) << 8 | usize::from(b1))
    }

    #[inline]
    fn bloom_slot(word: &[u8]) -> Option<usize> {
        let (&b0, &last) = (word.first()?, word.last()?);
        let b1 = word.get(1).copied().unwrap_or(0);
        let key = u32::from_le_bytes([b0 | 0x20, b1 | 0x20, last | 0x20, word.len() as u8]);
        Some((key.wrapping_mul(0x9E37_79B1) >> 16) as usize)
    }

    #[inline]
    fn length_bit(word: &[u8]) -> u64 {
        1 << word.len().min(63)
    }

    /// Adds a word (an empty word adds nothing).
    pub(crate) fn insert(&mut self, word: &[u8]) {
        if let (Some(prefix), Some(slot)) = (Self::prefix_slot(word), Self::bloom_slot(word)) {
            self.lengths |= Self::length_bit(word);
            self.prefixes[prefix / 64] |= 1 << (prefix % 64);
            self.bloom[slot / 64] |= 1 << (slot % 64);
        }
    }

    /// Whether some key may start with `word`'s first two bytes (any ASCII
    /// case): a word that starts with a key (before an apostrophe) passes too.
    #[inline]
    pub(crate) fn may_start(&self, word: &[u8]) -> bool {
        Self::prefix_slot(word).is_some_and(|slot| bit(&self.prefixes, slot))
    }

    /// Whether `word` (in any ASCII case) may have been inserted.
    #[inline]
    pub(crate) fn may_contain(&self, word: &[u8]) -> bool {
        self.lengths & Self::length_bit(word) != 0
            && self.may_start(word)
            && Self::bloom_slot(word).is_some_and(|slot| bit(&self.bloom, slot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERYTHING: Interest = Interest {
        mid_sentence: true,
        may_wait: false,
        details: true,
    };

    #[test]
    fn only_what_is_asked_is_collected() {
        let doc = Document::new("Rafah is calm. The strikes hit Rafah. The end.");
        let names = ArticleNames::of(&doc, |form| Interest {
            mid_sentence: form.count < 2,
            may_wait: false,
            details: form.text == "Rafah",
        });
        let (rafah, the) = (&names.forms["Rafah"], &names.forms["The"]);
        assert_eq!(
            (rafah.count, rafah.occurrences.len(), rafah.mid_sentence),
            (2, 2, true)
        );
        assert_eq!(
            (the.count, the.occurrences.len(), the.details),
            (2, 0, false)
        );
        assert!(!the.mid_sentence);
    }

    #[test]
    fn counts_forms_in_and_out_of_sentences() {
        let doc = Document::new(
            "Talks On Rafah Resume\n\nRafah is calm. Strikes hit Rafah and Rafah’s edge.",
        );
        let names = ArticleNames::of(&doc, |_| EVERYTHING);
        let rafah = &names.forms["Rafah"];
        let spans: Vec<&str> = rafah.spans(&doc).map(|s| s.of(doc.text)).collect();
        assert_eq!(spans, ["Rafah"; 4]);
        assert!(rafah.mid_sentence);
        assert!(!names.forms["Talks"].mid_sentence && !names.forms["Strikes"].mid_sentence);
        let lower = written_in_lower_case(&doc, ["rafah", "calm", "edge", "is"]);
        let mut lower: Vec<&str> = lower.into_iter().collect();
        lower.sort_unstable();
        assert_eq!(lower, ["calm", "edge", "is"]);
    }

    #[test]
    fn given_names_and_lower_case_uses() {
        let doc = Document::new(
            "Bruno Fernandes scored. Then Bruno Fernandes left, as Calm said.\n\
             He stayed calm; “Calm” is a word.",
        );
        let names = ArticleNames::of(&doc, |_| EVERYTHING);
        let fernandes = &names.forms["Fernandes"];
        assert_eq!(fernandes.neighbours(&doc).given_names, ["Bruno"]);
        assert_eq!(names.forms["Bruno"].neighbours(&doc).before_names, 2);
        assert!(names.forms["Bruno"].mid_sentence && names.forms["Calm"].mid_sentence);
        assert!(!names.forms["He"].mid_sentence);
        let lower = written_in_lower_case(&doc, ["calm", "bruno"]);
        assert!(lower.contains("calm") && !lower.contains("bruno"));
    }

    #[test]
    fn a_form_that_keeps_starting_sentences_is_decided_when_asked() {
        let mut text = "However, it rained. ".repeat(usize::from(PATIENCE) + 2);
        text.push_str("A word like However is rare.");
        let doc = Document::new(&text);
        let waiting = Interest {
            mid_sentence: true,
            may_wait: true,
            details: false,
        };
        let mut names = ArticleNames::of(&doc, |_| waiting);
        let however = &names.forms["However"];
        assert!(!however.mid_sentence && however.mid_sentence_open);
        names.settle_mid_sentence(&doc, &TokenSet::default(), |f| f.text == "However");
        let however = &names.forms["However"];
        assert!(however.mid_sentence && !however.mid_sentence_open);
        let names = ArticleNames::of(&doc, |_| EVERYTHING);
        assert!(names.forms["However"].mid_sentence);
    }

    #[test]
    fn possessives_are_cut_like_strip_possessive() {
        for word in ["Blinken’s", "Blinken's", "Blinken", "’s", "'s", "s", "Ås’s"] {
            let bare = &word[..bare_len(word.as_bytes())];
            assert_eq!(bare, strip_possessive(word), "{word}");
        }
    }

    #[test]
    fn headlines_are_title_case_lines() {
        assert!(is_title_case("Talks On Rafah Resume"));
        assert!(!is_title_case("Talks on Rafah resume after the strikes."));
        assert!(!is_title_case(
            "Talks on the Rafah crossing resume tomorrow"
        ));
    }

    #[test]
    fn phrases_are_followed_through_the_word_table() {
        let doc = Document::new("The Foreign Minister’s aide met the foreign press.");
        let words = Words::of(&doc);
        let rest = rest_words("Foreign Minister", true).unwrap_or_default();
        assert_eq!(rest, ["minister"]);
        assert!(followed_by(&words, doc.text, 1, &rest, true));
        assert!(!followed_by(&words, doc.text, 1, &rest, false));
        assert!(!followed_by(&words, doc.text, 6, &rest, true));
        assert!(rest_words("Minister of Foreign Affairs", false).is_some());
        assert!(rest_words("Al-Sisi Government", false).is_some());
        assert!(rest_words("Secretary-General Guterres", false).is_some());
        assert!(rest_words("Minister  of", false).is_none());
        assert!(rest_words("Prime Minister’s", false).is_none());
        assert_eq!(rest_words("Chancellor", true), Some(Vec::new()));
    }

    #[test]
    fn remembered_follows_answer_as_may_follow() {
        let doc = Document::new(
            "Foreign Minister Lavrov met the Foreign Secretary, then Foreign \
             Minister’s aides and foreign ministers of the Foreign Office of Peru.",
        );
        let words = Words::of(&doc);
        let rests: Vec<Option<Vec<String>>> =
            ["Foreign Minister", "Foreign Office of Peru", "Foreign"]
                .iter()
                .map(|p| rest_words(p, true))
                .collect();
        for fold in [true, false] {
            // A first word's phrases are the same at each of its tokens.
            for ids in [vec![0], vec![1], vec![0, 1], vec![2, 1]] {
                let mut follows = Follows::new(&words, doc.text, &rests, fold);
                for token in 0..doc.tokens().len() {
                    assert_eq!(
                        follows.may_follow(token, &ids),
                        may_follow(&words, doc.text, token, &ids, &rests, fold),
                        "{token} {ids:?} {fold}"
                    );
                }
            }
        }
    }

    /// Collecting through the shared token set finds what a full scan finds.
    #[test]
    fn names_through_the_shared_tokens_match_a_full_scan() {
        let text = "Talks On Rafah Resume\n\nRafah is calm. The Foreign Minister said Rafa \
                    and Rafah’s edge were calm. Calm returned to RAFAH. However, Rafah waits.";
        let doc = Document::new(text);
        let gazetteer = Arc::new(Gazetteer::default());
        let starts = PhraseStarts::default();
        let set = NameTokens::of(&doc, &gazetteer, || &starts);
        let interest = |form: &NameForm| Interest {
            mid_sentence: !form.lower_case_too,
            may_wait: false,
            details: !form.lower_case_too,
        };
        let shared = ArticleNames::of_in(&doc, &set.0, interest);
        let full = ArticleNames::of(&doc, interest);
        assert_eq!(shared.forms.len(), full.forms.len());
        for (key, form) in &full.forms {
            let other = &shared.forms[key];
            assert_eq!(
                (&other.occurrences, other.mid_sentence, other.count),
                (&form.occurrences, form.mid_sentence, form.count),
                "{key}"
            );
        }
        assert_eq!(full.forms["Rafah"].occurrences.len(), 4);
        // "Calm" is written in lower case too: not in the set.
        let words = Words::of(&doc);
        let calm = (0..doc.tokens().len()).find(|&i| words.text(text, words.id(i)) == "Calm");
        let mut held = Vec::new();
        set.0.for_each(|i| held.push(i));
        assert!(calm.is_some_and(|i| !held.contains(&i)));
    }

    #[test]
    fn word_filter_keeps_every_key() {
        let mut filter = WordFilter::default();
        for word in ["foreign", "Minister", "é", "a"] {
            filter.insert(word.as_bytes());
        }
        for word in ["FOREIGN", "minister", "é", "A"] {
            assert!(filter.may_contain(word.as_bytes()), "{word}");
        }
        assert!(filter.may_start(b"Ministers") && filter.may_start(b"a"));
        for word in ["", "foreig", "secretary", "b"] {
            assert!(!filter.may_contain(word.as_bytes()), "{word}");
        }
    }
}

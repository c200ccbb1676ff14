//! `pronoun-gender`: a third-person pronoun whose referent is unambiguous and
//! known to be of the other gender ("White House spokeswoman Karin Jean-Pierre
//! ... “...,” he added").
//!
//! A pronoun is resolved in two cases only:
//! - the attribution right after a quotation ("“...,” he added"): the speaker
//!   is the last person named before the quotation in the paragraph;
//! - a subject or reflexive pronoun in the same sentence as a mention of a
//!   person who is the sentence's subject ("Sánchez ..., where she argued",
//!   "Maia replied that she").
//!
//! It is flagged only when every other person named in the paragraph (outside
//! quotations) is known to share the referent's gender, so a man mentioned in
//! between, a quote by someone else, or a person of unknown gender keeps it quiet.

use crate::diagnostic::Span;
use crate::entities::gender::{self, Gender, PronounForm};
use crate::entities::mentions::{self, Evidence, Lexicon, Mention, People, PeopleSpec, Person};
use crate::rules::{Check, Hit};
use crate::text::{split_sentences, Document, Token};
use serde::Deserialize;

/// The `pronoun-gender` block of a rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PronounGenderSpec {
    pub people: PeopleSpec,
    /// Least confidence in the referent's gender, per way of resolving the pronoun.
    pub confidence: ConfidenceSpec,
    /// Verbs after which a name is the subject ("Maia replied that she").
    pub speech_verbs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceSpec {
    /// For the attribution after a quotation.
    pub quote: f32,
    /// For a pronoun in the clause of its subject.
    pub clause: f32,
}

#[derive(Debug)]
pub struct PronounGender {
    lexicon: Lexicon,
    quote_confidence: f32,
    clause_confidence: f32,
    speech_verbs: Vec<String>,
}

/// How a pronoun was tied to its referent.
#[derive(Debug, Clone, Copy)]
enum Resolution {
    AfterQuote,
    SameClause,
}

impl PronounGender {
    pub fn compile(
        spec: &PronounGenderSpec,
        gazetteer: &std::sync::Arc<crate::entities::Gazetteer>,
    ) -> Result<Self, String> {
        for c in [spec.confidence.quote, spec.confidence.clause] {
            if !(0.0..=1.0).contains(&c) {
                return Err(format!("confidence {c} is not between 0 and 1"));
            }
        }
        Ok(PronounGender {
            lexicon: Lexicon::compile(&spec.people, Some(gazetteer.clone()))?,
            quote_confidence: spec.confidence.quote,
            clause_confidence: spec.confidence.clause,
            speech_verbs: spec.speech_verbs.iter().map(|v| v.to_lowercase()).collect(),
        })
    }

    /// Checks the pronouns of one paragraph against its non-quoted `mentions`, all
    /// of persons known to be of the other gender than `pronoun_gender`.
    fn paragraph(
        &self,
        doc: &Document,
        people: &People,
        first: &FirstMentions,
        paragraph: Paragraph,
        hits: &mut Vec<Hit>,
    ) {
        let span = doc.paragraphs[paragraph.index];
        let quotes = &people.quotes[paragraph.index];
        let range = people.paragraph_tokens(paragraph.index);
        let toks = &doc.tokens()[range.clone()];
        let ids = &doc.words().ids()[range];
        let sentences = std::cell::OnceCell::new();
        // Pronouns are found by word id: no token's text is read.
        for (i, (tok, &id)) in toks.iter().zip(ids).enumerate() {
            let Some((pronoun_gender, form)) = people.pronoun(id) else {
                continue;
            };
            if pronoun_gender != paragraph.pronoun_gender
                || mentions::is_quoted(quotes, tok.start())
            {
                continue;
            }
            let ctx = Pronoun {
                doc,
                people,
                toks,
                ids,
                i,
                form,
                gender: pronoun_gender,
                quotes,
                mentions: paragraph.mentions,
                sentences: sentences.get_or_init(|| split_sentences(doc.text, span)),
            };
            let Some((person, how)) = self.resolve(&ctx) else {
                continue;
            };
            // "Pelosi said he should resign": outside a quotation's attribution, a
            // pronoun may point to a man named earlier in the article.
            if matches!(how, Resolution::SameClause) && first.before(pronoun_gender, tok.start()) {
                continue;
            }
            if let Some(hit) = self.judge(&ctx, people, person, how) {
                hits.push(hit);
            }
        }
    }

    fn resolve(&self, p: &Pronoun) -> Option<(usize, Resolution)> {
        match p.form {
            PronounForm::Subject => p
                .after_quote()
                .filter(|m| self.subject_like(p.doc, p.sentences, m))
                .map(|m| (m.person(), Resolution::AfterQuote))
                .or_else(|| {
                    self.same_clause(p)
                        .map(|person| (person, Resolution::SameClause))
                }),
            PronounForm::Reflexive => self
                .same_clause(p)
                .map(|person| (person, Resolution::SameClause)),
            _ => None,
        }
    }

    /// The subject of the pronoun's sentence, when it is the only person named
    /// in the sentence before the pronoun.
    fn same_clause(&self, p: &Pronoun) -> Option<usize> {
        let at = p.toks[p.i].start();
        let sentence = mentions::sentence_in(p.sentences, at)?;
        let before: Vec<&&Mention> = p
            .mentions
            .iter()
            .filter(|m| sentence.start <= m.phrase_start() && m.span().end <= at)
            .collect();
        let first = before.first()?;
        if before.iter().any(|m| m.person() != first.person()) {
            return None;
        }
        let subject = before
            .iter()
            .any(|m| self.subject_like(p.doc, p.sentences, m));
        if !subject
            || p.gendered_pronoun_before(p.mentions[0].span().start.min(at), None)
            || p.gendered_pronoun_before(at, Some(p.gender))
        {
            return None;
        }
        Some(first.person())
    }

    /// Whether a mention is the subject of its clause or of a speech verb: it
    /// opens the sentence or follows an opening phrase and a comma ("After the
    /// ceremony, Mrs. Garnier was asked"), or a speech verb stands right before
    /// it ("said Fuentes") or after it, maybe after an appositive ("Ayşe Demir,
    /// who ..., said").
    fn subject_like(&self, doc: &Document, sentences: &[Span], m: &Mention) -> bool {
        let Some(sentence) = mentions::sentence_in(sentences, m.phrase_start()) else {
            return false;
        };
        let before = doc.text[sentence.start..m.phrase_start()].trim_end();
        let after = &doc.text[m.span().end..sentence.end];
        let next_word =
            |text: &str| -> String { text.chars().take_while(|c| c.is_alphabetic()).collect() };
        let opens = before.is_empty()
            || (before.ends_with(',')
                && !before.contains(['“', '”', '"'])
                && after
                    .strip_prefix(' ')
                    .is_some_and(|a| a.starts_with(char::is_lowercase)));
        let verb_before = before
            .rsplit(' ')
            .next()
            .is_some_and(|w| self.speech_verbs.contains(&w.to_lowercase()));
        let verb_after = |text: &str| {
            text.strip_prefix(' ')
                .is_some_and(|t| self.speech_verbs.contains(&next_word(t).to_lowercase()))
        };
        let appositive_then_verb = after.strip_prefix(", ").is_some_and(|a| {
            a.char_indices()
                .take_while(|(i, _)| *i < 120)
                .find(|(_, c)| matches!(c, ',' | '“' | '"' | '.'))
                .is_some_and(|(i, c)| c == ',' && verb_after(&a[i + 1..]))
        });
        opens || verb_before || verb_after(after) || appositive_then_verb
    }

    /// Flags the pronoun when its referent's gender is known well enough and
    /// differs, and no other person in the paragraph could be meant.
    fn judge(&self, p: &Pronoun, people: &People, person: usize, how: Resolution) -> Option<Hit> {
        let referent = &people.persons[person];
        if !referent.referent {
            return None;
        }
        let evidence: &Evidence = referent.gender()?;
        let needed = match how {
            Resolution::AfterQuote => self.quote_confidence,
            Resolution::SameClause => self.clause_confidence,
        };
        if evidence.gender == p.gender || evidence.confidence < needed {
            return None;
        }
        let others_agree = p.mentions.iter().filter(|m| m.person() != person).all(|m| {
            let other = &people.persons[m.person()];
            other.gender().is_some_and(|e| e.gender == evidence.gender)
        });
        if !others_agree {
            return None;
        }
        let tok = p.toks[p.i];
        let word = tok.span().of(p.doc.text);
        let next = p.toks.get(p.i + 1).map(|t| t.span().of(p.doc.text));
        let vars = vec![
            ("pronoun".to_string(), word.to_string()),
            ("person".to_string(), referent.name.to_string()),
            ("gender".to_string(), evidence.gender.as_str().to_string()),
            ("evidence".to_string(), sources(referent, evidence.gender)),
        ];
        Some(Hit {
            span: tok.span(),
            vars,
            replacements: gender::swap(word, next),
        })
    }
}

/// A paragraph that may hold a finding: the pronouns of one gender may refer to
/// its mentions.
struct Paragraph<'a> {
    index: usize,
    /// Its mentions outside quotations.
    mentions: &'a [&'a Mention],
    pronoun_gender: Gender,
}

impl PronounGender {
    /// The gender of every person mentioned outside quotations in a paragraph
    /// (its `mentions`), when all are known to share one and one of them is a
    /// referent known well enough. Only then can [`PronounGender::judge`] flag a
    /// pronoun there (of the other gender), so other paragraphs are skipped.
    fn mentioned_gender(
        &self,
        mentions: &[Mention],
        genders: &[Option<(Gender, f32)>],
        people: &People,
    ) -> Option<Gender> {
        let least = self.quote_confidence.min(self.clause_confidence);
        let mut shared: Option<Gender> = None;
        let mut referent = false;
        for m in mentions.iter().filter(|m| !m.quoted()) {
            let (gender, confidence) = genders[m.person()]?;
            if shared.is_some_and(|g| g != gender) {
                return None;
            }
            shared = Some(gender);
            referent |= people.persons[m.person()].referent && confidence >= least;
        }
        shared.filter(|_| referent)
    }
}

/// Where the article first names a person known to be a woman, and a man.
struct FirstMentions {
    female: usize,
    male: usize,
}

impl FirstMentions {
    fn of(people: &People, genders: &[Option<(Gender, f32)>]) -> Self {
        let mut first = FirstMentions {
            female: usize::MAX,
            male: usize::MAX,
        };
        for m in people.mentions.iter().filter(|m| !m.quoted()) {
            match genders[m.person()].map(|(gender, _)| gender) {
                Some(Gender::Female) => first.female = first.female.min(m.span().start),
                Some(Gender::Male) => first.male = first.male.min(m.span().start),
                None => {}
            }
        }
        first
    }

    /// Whether a person of `gender` is named before byte `at`.
    fn before(&self, gender: Gender, at: usize) -> bool {
        match gender {
            Gender::Female => self.female < at,
            Gender::Male => self.male < at,
        }
    }
}

/// Every piece of evidence for `gender`, for the message: "“spokeswoman”, the first name “Karin”".
fn sources(person: &Person, gender: Gender) -> String {
    let mut found: Vec<&str> = Vec::new();
    for e in person.evidence.iter().filter(|e| e.gender == gender) {
        if !found.contains(&&*e.source) {
            found.push(&e.source);
        }
    }
    found.join(", ")
}

/// A pronoun in its paragraph.
struct Pronoun<'a, 'd: 'a> {
    doc: &'a Document<'d>,
    /// The pronoun of each word id ([`People::pronoun`]).
    people: &'a People,
    toks: &'a [Token],
    /// The word id of each of `toks`.
    ids: &'a [u32],
    i: usize,
    form: PronounForm,
    gender: Gender,
    quotes: &'a [Span],
    mentions: &'a [&'a Mention],
    /// The sentences of the paragraph.
    sentences: &'a [Span],
}

impl<'a> Pronoun<'a, '_> {
    /// "“...,” he added": the person named last before the quotation.
    fn after_quote(&self) -> Option<&'a Mention> {
        if self.i == 0 {
            return None;
        }
        let prev_end = self.toks[self.i - 1].end();
        let start = self.toks[self.i].start();
        let gap = &self.doc.text[prev_end..start];
        let attribution = gap.chars().all(|c| {
            c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?' | '…' | '”' | '"' | '»')
        });
        if !attribution {
            return None;
        }
        let quote = self
            .quotes
            .iter()
            .find(|q| prev_end < q.end && q.end <= start)?;
        let next_is_verb = self
            .toks
            .get(self.i + 1)
            .is_some_and(|t| t.span().of(self.doc.text).starts_with(char::is_lowercase));
        if !next_is_verb {
            return None;
        }
        let speaker = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.span().end <= quote.start)?;
        // "She married Henry Cole ... she said ... “...,” she said": a pronoun
        // after the name may be the speaker; a pronoun of this gender earlier in
        // the paragraph points to someone else.
        let subject_between = self.before_pronoun().any(|(t, (_, form))| {
            speaker.span().end <= t.start()
                && t.start() < quote.start
                && !mentions::is_quoted(self.quotes, t.start())
                && form == PronounForm::Subject
        });
        if subject_between || self.gendered_pronoun_before(quote.start, Some(self.gender)) {
            return None;
        }
        Some(speaker)
    }

    /// Whether a gendered pronoun (of `gender`, or any) occurs outside quotations
    /// in the paragraph before byte `before`.
    fn gendered_pronoun_before(&self, before: usize, gender: Option<Gender>) -> bool {
        self.before_pronoun().any(|(t, (g, _))| {
            t.start() < before
                && !mentions::is_quoted(self.quotes, t.start())
                && gender.is_none_or(|want| want == g)
        })
    }

    /// The pronouns among the paragraph's tokens before this one, in order.
    fn before_pronoun(&self) -> impl Iterator<Item = (&'a Token, (Gender, PronounForm))> + '_ {
        let toks = self.toks[..self.i].iter().zip(self.ids);
        toks.filter_map(|(t, &id)| Some((t, self.people.pronoun(id)?)))
    }
}

impl Check for PronounGender {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let people = People::of(doc, &self.lexicon);
        if people.mentions.is_empty() {
            return;
        }
        let genders: Vec<Option<(Gender, f32)>> = people
            .persons
            .iter()
            .map(|p| p.gender().map(|e| (e.gender, e.confidence)))
            .collect();
        let first = FirstMentions::of(&people, &genders);
        let mut rest = people.mentions.as_slice();
        // One buffer for every paragraph's mentions outside quotations.
        let mut mentions: Vec<&Mention> = Vec::new();
        while let Some(m) = rest.first() {
            let index = m.paragraph();
            let count = rest.iter().take_while(|m| m.paragraph() == index).count();
            let (here, after) = rest.split_at(count);
            rest = after;
            let Some(gender) = self.mentioned_gender(here, &genders, &people) else {
                continue;
            };
            mentions.clear();
            mentions.extend(here.iter().filter(|m| !m.quoted()));
            let paragraph = Paragraph {
                index,
                mentions: &mentions,
                pronoun_gender: gender.opposite(),
            };
            self.paragraph(doc, &people, &first, paragraph, hits);
        }
    }

    fn variables(&self) -> Vec<String> {
        ["pronoun", "person", "gender", "evidence"]
            .map(String::from)
            .to_vec()
    }
}

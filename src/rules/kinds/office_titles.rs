//! `office-titles`: an office given another country's title, from the
//! gazetteer's `offices` (each country's titles and their calques) and its
//! people's dated offices. Two forms are flagged:
//!
//! - a calque after one of the country's adjectives: "US Foreign Minister"
//!   (the US office is Secretary of State), never "German Foreign Minister",
//!   since Foreign Minister is Germany's own title;
//! - a calque before a person who held that office at the article's date
//!   (`--date`, default today), or held it once and never held an office
//!   with that title: "Foreign Minister Antony Blinken".

use crate::diagnostic::Span;
use crate::entities::gazetteer::{CountryOffices, Person};
use crate::entities::names::{rest_words, Follows, NameTokens, PhraseStarts, WordFilter};
use crate::entities::Gazetteer;
use crate::lexicon::Words;
use crate::rules::kinds::{at_word_boundaries, is_word_char};
use crate::rules::{Check, Hit};
use crate::text::Document;
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeTitlesSpec {
    /// Flag a calque after a country adjective ("US Foreign Minister").
    #[serde(default = "yes")]
    pub after_adjective: bool,
    /// Flag a calque before a person who held the office ("Foreign Minister Antony Blinken").
    #[serde(default = "yes")]
    pub before_person: bool,
    /// Words that, just before the calque, make it another office ("Deputy Foreign Minister").
    #[serde(default)]
    pub unless_preceded_by: Vec<String>,
    /// Words that, just after the calque, make it another office ("President of the federation").
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Where a calque string is wrong: (country index, office key).
type Uses = Vec<(usize, String)>;

#[derive(Debug)]
struct Tables {
    /// Lower-case first word → calque ids, longest calque first.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Calque text (as listed) and where it is wrong, by id.
    calques: Vec<(String, Uses)>,
    /// Each calque's words after the first, in lower case, when they can be
    /// checked on the word table ([`rest_words`]), by id.
    rest: Vec<Option<Vec<String>>>,
    /// Adjective (as written) → country indices.
    adjectives: HashMap<String, Vec<usize>>,
    /// The keys of `by_first_word`, to pass over most tokens unhashed.
    words_filter: WordFilter,
}

#[derive(Debug)]
pub struct OfficeTitles {
    gazetteer: Arc<Gazetteer>,
    after_adjective: bool,
    before_person: bool,
    unless_preceded_by: Vec<String>,
    unless_followed_by: Vec<String>,
    tables: OnceLock<Option<Tables>>,
    /// For the tokens shared with name consistency and variants ([`NameTokens`]).
    phrase_starts: OnceLock<PhraseStarts>,
}

impl OfficeTitles {
    pub fn compile(spec: &OfficeTitlesSpec, gazetteer: &Arc<Gazetteer>) -> Result<Self, String> {
        if !spec.after_adjective && !spec.before_person {
            return Err("both `after_adjective` and `before_person` are off".into());
        }
        Ok(OfficeTitles {
            gazetteer: Arc::clone(gazetteer),
            after_adjective: spec.after_adjective,
            before_person: spec.before_person,
            unless_preceded_by: spec.unless_preceded_by.clone(),
            unless_followed_by: spec.unless_followed_by.clone(),
            tables: OnceLock::new(),
            phrase_starts: OnceLock::new(),
        })
    }

    fn tables(&self) -> Option<&Tables> {
        self.tables
            .get_or_init(|| build_tables(&self.gazetteer.offices))
            .as_ref()
    }

    fn context_blocks(&self, text: &str, start: usize, end: usize) -> bool {
        let before = last_word(&text[..start]);
        let after = first_word(&text[end..]);
        self.unless_preceded_by
            .iter()
            .any(|w| w.eq_ignore_ascii_case(before))
            || self
                .unless_followed_by
                .iter()
                .any(|w| w.eq_ignore_ascii_case(after))
    }
}

fn build_tables(offices: &[CountryOffices]) -> Option<Tables> {
    let mut calques: Vec<(String, Uses)> = Vec::new();
    let mut adjectives: HashMap<String, Vec<usize>> = HashMap::default();
    for (ci, country) in offices.iter().enumerate() {
        for adjective in &country.adjectives {
            for form in [
                adjective.clone(),
                format!("{adjective}'s"),
                format!("{adjective}’s"),
            ] {
                adjectives.entry(form).or_default().push(ci);
            }
        }
        for (key, titles) in &country.titles {
            for calque in &titles.calques {
                match calques
                    .iter_mut()
                    .find(|(c, _)| c.eq_ignore_ascii_case(calque))
                {
                    Some((_, uses)) => uses.push((ci, key.clone())),
                    None => calques.push((calque.clone(), vec![(ci, key.clone())])),
                }
            }
        }
    }
    if calques.is_empty() {
        return None;
    }
    let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
    for (id, (calque, _)) in calques.iter().enumerate() {
        let first = calque.split(' ').next().unwrap_or("").to_ascii_lowercase();
        by_first_word.entry(first).or_default().push(id);
    }
    for ids in by_first_word.values_mut() {
        ids.sort_by_key(|&id| std::cmp::Reverse(calques[id].0.len()));
    }
    let mut words_filter = WordFilter::default();
    for first in by_first_word.keys() {
        words_filter.insert(first.as_bytes());
    }
    let rest = calques.iter().map(|(c, _)| rest_words(c, true)).collect();
    Some(Tables {
        words_filter,
        by_first_word,
        rest,
        calques,
        adjectives,
    })
}

/// Every calque in the text, at word boundaries, in any ASCII case, longest
/// first and without overlaps: (calque id, start, end). A hash lookup per word
/// token instead of an automaton, which would cost more to build than to run
/// on one article.
fn calque_matches(t: &Tables, doc: &Document, set: &NameTokens) -> Vec<(usize, usize, usize)> {
    let text = doc.text;
    let mut out = Vec::new();
    let mut covered = 0;
    let words = Words::of(doc);
    let by_word = calques_by_word(t, text, &words);
    let tokens = doc.tokens();
    // Most tokens of a first word ("minister") are not followed by the rest
    // of a calque: told from the word table during the scan, before the
    // token and the text there are read.
    let mut follows = Follows::new(&words, text, &t.rest, true);
    let rest_may_follow = |token: usize, ids: &Vec<usize>| follows.may_follow(token, ids);
    for (token, ids) in words.tokens_where_in(&set.0, &by_word, rest_may_follow) {
        let start = tokens[token].start();
        if start < covered {
            continue;
        }
        let found = ids.iter().find_map(|&id| {
            let calque = &t.calques[id].0;
            let end = start + calque.len();
            let fits = text.is_char_boundary(end.min(text.len()))
                && end <= text.len()
                && text[start..end].eq_ignore_ascii_case(calque)
                && at_word_boundaries(text, start, end);
            fits.then_some((id, start, end))
        });
        if let Some(m) = found {
            covered = m.2;
            out.push(m);
        }
    }
    out
}

/// For each distinct word of a document ([`Words`] id), the calques that
/// start with it (in any ASCII case): looked up once per word, so a token
/// costs an array load.
fn calques_by_word<'a>(t: &'a Tables, text: &str, words: &Words) -> Vec<Option<&'a Vec<usize>>> {
    let mut lower = String::new();
    (0..words.len())
        .map(|id| {
            let word = words.text(text, id);
            if !t.words_filter.may_contain(word.as_bytes()) {
                return None;
            }
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            t.by_first_word.get(&lower)
        })
        .collect()
}

/// The word just before `text`'s end (after trailing spaces).
fn last_word(text: &str) -> &str {
    let text = text.trim_end();
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !(is_word_char(*c) || matches!(c, '.' | '\'' | '’' | '-')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The word at the start of `text` (after leading spaces).
fn first_word(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The capitalised words right after a title, as candidate names, longest first:
/// "Antony Blinken said" → ["Antony Blinken", "Antony"]; a possessive ends the name.
fn names_after(text: &str) -> Vec<&str> {
    let Some(rest) = text.strip_prefix(' ') else {
        return Vec::new();
    };
    let offset = text.len() - rest.len();
    let mut ends = Vec::new();
    let mut at = 0;
    for word in rest.split(' ').take(4) {
        // A line break ends the name.
        let (word, broken) = match word.find(char::is_whitespace) {
            Some(at) => (&word[..at], true),
            None => (word, false),
        };
        let bare = word
            .strip_suffix("’s")
            .or_else(|| word.strip_suffix("'s"))
            .unwrap_or(word)
            .trim_end_matches([',', '.', ';', ':', ')', '”', '"']);
        if !bare.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        ends.push(offset + at + bare.len());
        if bare.len() != word.len() || broken {
            break;
        }
        at += word.len() + 1;
    }
    ends.into_iter()
        .rev()
        .map(|end| &text[offset..end])
        .collect()
}

/// Gives the right title the case of the text: all lower case when the text starts so.
fn in_case_of(found: &str, right: &str) -> String {
    if found.chars().next().is_some_and(char::is_lowercase) {
        right.to_lowercase()
    } else {
        right.to_string()
    }
}

impl OfficeTitles {
    /// Countries whose calque this is, named by an adjective just before it
    /// ("US", "Britain’s", "United States").
    fn by_adjective<'a>(
        &self,
        t: &'a Tables,
        text: &str,
        start: usize,
        uses: &'a Uses,
    ) -> Option<&'a (usize, String)> {
        let before = text[..start].trim_end();
        let one = last_word(before);
        if one.is_empty() {
            return None;
        }
        let rest = before[..before.len() - one.len()].trim_end();
        let two = &before[rest.len() - last_word(rest).len()..];
        let countries = t.adjectives.get(one).or_else(|| t.adjectives.get(two))?;
        uses.iter().find(|(c, _)| countries.contains(c))
    }

    /// A person named right after the calque who held one of its offices.
    fn by_person<'a>(
        &self,
        text: &str,
        end: usize,
        calque: &str,
        uses: &'a Uses,
        doc: &Document,
    ) -> Option<(&'a (usize, String), &Person, String)> {
        let g = &self.gazetteer;
        for name in names_after(&text[end..]) {
            // Exactly one person of the name, found without a list.
            let mut people = g.people_named(name);
            let (Some(person), None) = (people.next(), people.next()) else {
                continue;
            };
            let date = doc.date();
            let held = |now: bool| {
                uses.iter().find(|(ci, key)| {
                    let country = &g.offices[*ci].country;
                    person.offices.iter().any(|term| {
                        &term.country == country
                            && &term.office == key
                            && (!now || term.holds_on(date))
                    })
                })
            };
            if let Some(use_) = held(true) {
                return Some((use_, person, format!("in office on {date}")));
            }
            let ever = held(false)?;
            let title_is_right = person.offices.iter().any(|term| {
                g.country_offices(&term.country)
                    .and_then(|c| c.titles.get(&term.office))
                    .is_some_and(|t| {
                        std::iter::once(&t.title)
                            .chain(&t.aliases)
                            .any(|x| x.eq_ignore_ascii_case(calque))
                    })
            });
            let term = person
                .offices
                .iter()
                .find(|t| t.country == g.offices[ever.0].country && t.office == ever.1);
            let when = term.map_or_else(String::new, |t| match t.to {
                Some(to) => format!("in office {} to {}", t.from.first_day(), to.last_day()),
                None => format!("in office from {}", t.from.first_day()),
            });
            return (!title_is_right).then_some((ever, person, when));
        }
        None
    }
}

impl Check for OfficeTitles {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        let Some(t) = self.tables() else {
            return;
        };
        let text = doc.text;
        // The phrase starts are built only by the rule that builds the set.
        let starts = || {
            self.phrase_starts
                .get_or_init(|| PhraseStarts::of(&self.gazetteer))
        };
        let set = NameTokens::of(doc, &self.gazetteer, starts);
        for (id, start, end) in calque_matches(t, doc, &set) {
            if self.context_blocks(text, start, end) {
                continue;
            }
            let (calque, uses) = &t.calques[id];
            let found = &text[start..end];
            let adjective = if self.after_adjective {
                self.by_adjective(t, text, start, uses).map(|u| (u, None))
            } else {
                None
            };
            let hit = adjective.or_else(|| {
                if self.before_person {
                    self.by_person(text, end, calque, uses, doc)
                        .map(|(u, p, when)| (u, Some((p, when))))
                } else {
                    None
                }
            });
            let Some(((ci, key), person)) = hit else {
                continue;
            };
            let country = &self.gazetteer.offices[*ci];
            let Some(titles) = country.titles.get(key) else {
                continue;
            };
            let right = in_case_of(found, &titles.title);
            let adjective = country.adjectives.first().cloned().unwrap_or_default();
            hits.push(Hit {
                span: Span::new(start, end),
                vars: vec![
                    ("wrong".into(), found.to_string()),
                    ("right".into(), right.clone()),
                    ("country".into(), adjective),
                    (
                        "person".into(),
                        person
                            .as_ref()
                            .map_or_else(String::new, |(p, _)| p.name.clone()),
                    ),
                    (
                        "held".into(),
                        person
                            .as_ref()
                            .map_or_else(String::new, |(p, when)| format!(" ({}, {when})", p.name)),
                    ),
                ],
                replacements: vec![right],
            });
        }
    }

    fn variables(&self) -> Vec<String> {
        ["wrong", "right", "country", "person", "held"]
            .map(String::from)
            .to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around() {
        assert_eq!(last_word("said the U.S. "), "U.S.");
        assert_eq!(last_word("Britain’s "), "Britain’s");
        assert_eq!(first_word(" of the"), "of");
    }

    #[test]
    fn names_after_a_title() {
        assert_eq!(
            names_after(" Antony Blinken said"),
            ["Antony Blinken", "Antony"]
        );
        assert_eq!(names_after(" Blinken’s visit"), ["Blinken"]);
        assert!(names_after(" said").is_empty());
        assert_eq!(
            names_after(" Antony Blinken.\n\nNext"),
            ["Antony Blinken", "Antony"]
        );
    }
}

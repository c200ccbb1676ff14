//! Sentence splitting tuned for news text.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets
//! after it) followed by white space and something that can start a sentence,
//! unless the word before the dot is an abbreviation or an initial. A line break
//! also ends a sentence unless the next line visibly continues it (it starts in
//! lower case, or the line ends with a comma or hyphen), so headlines and list
//! items stand alone.

use crate::diagnostic::Span;

/// Abbreviations after which a dot does not end a sentence, in lower case,
/// sorted (looked up by binary search).
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "art", "aug", "ave", "blvd", "capt", "ch", "cmdr", "co", "col", "corp",
    "cpt", "dec", "dept", "dr", "dra", "e.g", "est", "etc", "feb", "fig", "fr", "ft", "gen", "gov",
    "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "mlle", "mme", "mr",
    "mrs", "ms", "mt", "no", "nos", "nov", "oct", "pp", "pres", "prof", "rep", "rev", "sec", "sen",
    "sep", "sept", "sgt", "sr", "sra", "st", "supt", "v", "vol", "vs",
];

/// Words that, capitalised after a dotted abbreviation ("in the U.S. The"),
/// show that a new sentence starts after all.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "In",
    "On",
    "At",
    "Its",
    "His",
    "Her",
    "Their",
    "There",
    "However",
    "Meanwhile",
];

/// Splits one paragraph into sentence spans (trimmed of surrounding space).
pub fn split_sentences(text: &str, paragraph: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let ends = Candidates::new(paragraph.of(text).as_bytes());
    split_at_candidates(text, paragraph, ends, &mut out);
    out
}

/// The sentences of every paragraph (in text order) appended to `out`, from
/// one search of the whole text for the characters that can end a sentence:
/// as [`split_sentences`] per paragraph gives, without setting up the
/// searches again for each paragraph.
pub fn split_paragraphs_into(text: &str, paragraphs: &[Span], out: &mut Vec<Span>) {
    let mut ends = Candidates::new(text.as_bytes()).peekable();
    for &paragraph in paragraphs {
        while ends.next_if(|&at| at < paragraph.start).is_some() {}
        let inside = std::iter::from_fn(|| ends.next_if(|&at| at < paragraph.end));
        split_at_candidates(text, paragraph, inside.map(|at| at - paragraph.start), out);
    }
}

/// Whether [`split_sentences`] cuts `paragraph` at a sentence end that lies
/// after a character in `from..to` (offsets into the text, inside the
/// paragraph), such as the gap between two words, without splitting the
/// rest of the paragraph. A run of terminators and closing quotes starting
/// in the range is followed to its end, as the full split does; one that
/// starts before `from` is not seen, so `from` must not lie inside such a run
/// (the start of a word never does).
pub fn sentence_ends_in(text: &str, paragraph: Span, from: usize, to: usize) -> bool {
    let para = paragraph.of(text);
    let bytes = para.as_bytes();
    let (from, to) = (from - paragraph.start, to - paragraph.start);
    // A few bytes: looked at one by one (setting up the searches of
    // [`Candidates`] would cost more).
    let ends = (from..to).filter(|&at| may_end_at(bytes, at));
    let mut found = false;
    boundaries(para, ends, |_| found = true);
    found
}

/// Whether a stretch of text holds a character that can end a sentence
/// (`.`, `?`, `!`, `…` or a line break): where none is, no sentence ends.
pub fn may_end_sentence(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|at| may_end_at(bytes, at))
}

/// Whether the character at byte `at` can end a sentence: one of the
/// characters [`Candidates`] finds.
fn may_end_at(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b'.' | b'?' | b'!' | b'\n' => true,
        0xE2 => bytes[at..].starts_with("…".as_bytes()),
        _ => false,
    }
}

/// Splits `paragraph` at the sentence ends among `candidates` (offsets
/// into the paragraph, in order).
fn split_at_candidates(
    text: &str,
    paragraph: Span,
    candidates: impl Iterator<Item = usize>,
    out: &mut Vec<Span>,
) {
    let para = paragraph.of(text);
    let mut start = 0;
    boundaries(para, candidates, |cut| {
        push_trimmed(out, para, start, cut, paragraph.start);
        start = cut;
    });
    push_trimmed(out, para, start, para.len(), paragraph.start);
}

fn push_trimmed(out: &mut Vec<Span>, para: &str, start: usize, end: usize, base: usize) {
    let piece = &para[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(Span::new(
            base + start + lead,
            base + start + lead + trimmed.len(),
        ));
    }
}

/// Calls `cut` with each byte offset (into `para`) where a new sentence
/// starts, in order; `candidates` are where one can end ([`Candidates`]).
fn boundaries(para: &str, candidates: impl Iterator<Item = usize>, mut cut: impl FnMut(usize)) {
    let bytes = para.as_bytes();
    let mut i = 0;
    for at in candidates {
        if at < i {
            continue; // inside a run already taken
        }
        i = at;
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        if c == '\n' {
            if line_break_ends_sentence(para, i) {
                cut(i + 1);
            }
        } else if is_terminator(c) {
            // Absorb runs of terminators and closing quotes/brackets.
            let run: usize = para[i..]
                .chars()
                .take_while(|&t| is_terminator(t) || is_closer(t))
                .map(char::len_utf8)
                .sum();
            let end = i + run;
            if bytes.get(end) == Some(&b' ') && ends_sentence(para, i, c, end) {
                cut(end);
            }
            i = end;
        }
    }
}

/// Where a sentence can end, in order: every `.`, `?`, `\n`, `!` and `…`.
/// The common three come from one vectorised memchr pass, merged with the
/// rare two, found beforehand.
struct Candidates<'b> {
    common: memchr::Memchr3<'b>,
    next_common: Option<usize>,
    rare: std::vec::IntoIter<usize>,
    next_rare: Option<usize>,
}

impl<'b> Candidates<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        let mut common = memchr::memchr3_iter(b'.', b'?', b'\n', bytes);
        let mut rare: Vec<usize> = memchr::memchr_iter(b'!', bytes)
            .chain(ELLIPSIS.find_iter(bytes))
            .collect();
        rare.sort_unstable();
        let mut rare = rare.into_iter();
        Candidates {
            next_common: common.next(),
            common,
            next_rare: rare.next(),
            rare,
        }
    }
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match (self.next_common, self.next_rare) {
            (Some(c), Some(r)) if r < c => {
                self.next_rare = self.rare.next();
                Some(r)
            }
            (Some(c), _) => {
                self.next_common = self.common.next();
                Some(c)
            }
            (None, Some(r)) => {
                self.next_rare = self.rare.next();
                Some(r)
            }
            (None, None) => None,
        }
    }
}

/// Built once: building a searcher per paragraph cost more than the search.
static ELLIPSIS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("…"));

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// Decides whether the terminator `c` at byte `at` (its run ending at `end`) ends a sentence.
fn ends_sentence(para: &str, at: usize, c: char, end: usize) -> bool {
    let next = para[end..].trim_start_matches(' ');
    let Some(first) = next.chars().next() else {
        return true;
    };
    let starts_sentence = first.is_uppercase() || first.is_numeric() || is_opener(first);
    if !starts_sentence || c != '.' {
        return starts_sentence;
    }
    let word = word_before(para, at);
    if is_abbreviation(word) {
        return false;
    }
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let is_dotted = word.contains('.'); // "U.S", "a.m"
    if is_initial || is_dotted {
        let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        return SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    true
}

/// Whether `word` is in [`ABBREVIATIONS`], in any case.
fn is_abbreviation(word: &str) -> bool {
    /// Room for the longest abbreviation.
    const LONGEST: usize = 8;
    if !word.is_ascii() {
        return ABBREVIATIONS.contains(&word.to_lowercase().as_str());
    }
    if word.len() > LONGEST {
        return false;
    }
    let mut lower = [0u8; LONGEST];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ABBREVIATIONS
        .binary_search_by(|a| a.as_bytes().cmp(lower))
        .is_ok()
}

/// The word (letters and inner dots) right before byte `at`.
fn word_before(para: &str, at: usize) -> &str {
    let before = &para[..at];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(at, |(i, _)| i);
    &para[start..at]
}

/// A line break ends a sentence unless the next line continues it.
fn line_break_ends_sentence(para: &str, at: usize) -> bool {
    let before = para[..at].trim_end();
    let after = para[at + 1..].trim_start();
    let continues_before = before.ends_with(',') || before.ends_with('-');
    let continues_after = after.chars().next().is_some_and(char::is_lowercase);
    !(continues_before || continues_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text, Span::new(0, text.len()))
            .iter()
            .map(|s| s.of(text))
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            sentences("Mr. Smith met Gen. J. D. Miller at No. 10 Downing St. on Friday. He left."),
            [
                "Mr. Smith met Gen. J. D. Miller at No. 10 Downing St. on Friday.",
                "He left."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_split_only_before_a_sentence_starter() {
        assert_eq!(
            sentences("U.S. officials met in the U.S. The talks ended."),
            ["U.S. officials met in the U.S.", "The talks ended."]
        );
    }

    #[test]
    fn decimals_and_quotes() {
        assert_eq!(
            sentences("About 1.5 million fled. “We will stay,” he said. “Why?” she asked."),
            [
                "About 1.5 million fled.",
                "“We will stay,” he said.",
                "“Why?” she asked."
            ]
        );
    }

    #[test]
    fn quote_closing_after_the_full_stop() {
        assert_eq!(
            sentences("He said: “It is over.” Then he left."),
            ["He said: “It is over.”", "Then he left."]
        );
    }

    #[test]
    fn headline_and_list_items_stand_alone() {
        assert_eq!(
            sentences("Talks to avoid invasion of Rafah\n- first item\n- second item"),
            [
                "Talks to avoid invasion of Rafah",
                "- first item",
                "- second item"
            ]
        );
    }

    #[test]
    fn wrapped_lines_continue() {
        assert_eq!(
            sentences("The ministry\nsaid on Tuesday that it would act."),
            ["The ministry\nsaid on Tuesday that it would act."]
        );
    }

    #[test]
    fn one_search_for_all_paragraphs_splits_as_each_paragraph_alone() {
        let text = "He left! Then… she came.\n\nMr. Smith asked: why? No.\nA list\n\n\nEnd. Done!";
        let paragraphs = [
            Span::new(0, 26),
            Span::new(28, 60),
            Span::new(63, text.len()),
        ];
        let mut together = Vec::new();
        split_paragraphs_into(text, &paragraphs, &mut together);
        let alone: Vec<Span> = paragraphs
            .iter()
            .flat_map(|&p| split_sentences(text, p))
            .collect();
        assert_eq!(together, alone);
        let texts: Vec<&str> = together.iter().map(|s| s.of(text)).collect();
        assert_eq!(
            texts,
            [
                "He left!",
                "Then… she came.",
                "Mr. Smith asked: why?",
                "No.",
                "A list",
                "End.",
                "Done!"
            ]
        );
    }

    #[test]
    fn sentence_ends_between_two_words_as_the_full_split_cuts() {
        let text = "Mr. Smith left! Then… the U.S. The talks (in Rome.) ended?\n\
                    A list\n- item one,\ncontinued. “Why?” she asked. No. 10 Downing St.";
        let paragraph = Span::new(0, text.len());
        let sentences = split_sentences(text, paragraph);
        let tokens = crate::text::tokenize(text);
        for pair in tokens.windows(2) {
            let (previous, start) = (pair[0].start(), pair[1].start());
            let k = sentences.partition_point(|s| s.end <= start);
            let full = k != 0 && sentences[k - 1].end > previous;
            let local = sentence_ends_in(text, paragraph, previous, start);
            assert_eq!(
                local,
                full,
                "between {:?} and {:?}",
                &text[previous..],
                &text[start..]
            );
        }
    }

    #[test]
    fn abbreviations_are_sorted_lower_case_and_short() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(ABBREVIATIONS
            .iter()
            .all(|a| a.len() <= 8 && *a == a.to_lowercase()));
        assert!(is_abbreviation("Gen") && is_abbreviation("E.G") && is_abbreviation("SEPT"));
        assert!(!is_abbreviation("Genera") && !is_abbreviation("") && !is_abbreviation("Strasse"));
    }

    #[test]
    fn stray_break_is_not_a_boundary() {
        assert_eq!(
            sentences("said Sabrina Singh, a spokeswoman. of the Pentagon."),
            ["said Sabrina Singh, a spokeswoman. of the Pentagon."]
        );
    }
}

//! Sentence splitting tuned for news text.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets
//! after it) followed by white space and something that can start a sentence,
//! unless the word before the dot is an abbreviation or an initial. A line break
//! also ends a sentence unless the next line visibly continues it (it starts in
//! lower case, or the line ends with a comma or hyphen), so headlines and list
//! items stand alone.

use crate::diagnostic::Span;

/// Abbreviations after which a dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "fr", "st", "sr", "jr", "no", "nos", "vol", "pp", "art",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "v",
    "e.g", "i.e", "etc", "approx", "est", "inc", "ltd", "co", "corp", "dept", "mt", "ft", "ave",
    "blvd", "fig", "ch", "sec", "pres", "supt", "hon", "mme", "mlle", "sra", "sr", "dra",
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
    split_sentences_into(text, paragraph, &mut out);
    out
}

/// [`split_sentences`], appending to `out` (one vector for a whole document).
pub fn split_sentences_into(text: &str, paragraph: Span, out: &mut Vec<Span>) {
    let para = paragraph.of(text);
    let mut start = 0;
    for cut in boundaries(para) {
        push_trimmed(out, para, start, cut, paragraph.start);
        start = cut;
    }
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

/// Byte offsets (into `para`) where a new sentence starts.
fn boundaries(para: &str) -> Vec<usize> {
    let bytes = para.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    for at in candidates(bytes) {
        if at < i {
            continue; // inside a run already taken
        }
        i = at;
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        if c == '\n' {
            if line_break_ends_sentence(para, i) {
                cuts.push(i + 1);
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
                cuts.push(end);
            }
            i = end;
        }
    }
    cuts
}

/// Where a sentence can end, in order: every `.`, `?`, `\n`, `!` and `…`.
/// The common three are found with one vectorised memchr pass, the rare
/// two with their own searches.
fn candidates(bytes: &[u8]) -> Vec<usize> {
    let mut found: Vec<usize> = memchr::memchr3_iter(b'.', b'?', b'\n', bytes).collect();
    let rare = memchr::memchr_iter(b'!', bytes).chain(ELLIPSIS.find_iter(bytes));
    let before = found.len();
    found.extend(rare);
    if found.len() > before {
        found.sort_unstable();
    }
    found
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
    const LONGEST: usize = {
        let (mut i, mut longest) = (0, 0);
        while i < ABBREVIATIONS.len() {
            if ABBREVIATIONS[i].len() > longest {
                longest = ABBREVIATIONS[i].len();
            }
            i += 1;
        }
        longest
    };
    if word.is_ascii() {
        word.len() <= LONGEST && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    }
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
    fn stray_break_is_not_a_boundary() {
        assert_eq!(
            sentences("said Sabrina Singh, a spokeswoman. of the Pentagon."),
            ["said Sabrina Singh, a spokeswoman. of the Pentagon."]
        );
    }
}

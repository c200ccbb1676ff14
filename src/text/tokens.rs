//! Word tokens: runs of letters and digits, keeping inner apostrophes,
//! hyphens and dots ("Jean-Pierre", "don’t", "U.S.", "1.5").

use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Contains at least one letter.
    Word,
    /// Digits (with inner separators) only.
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// The character at byte `at` of `text` and its length; ASCII without decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
        Some(_) => text[at..].chars().next().map(|c| (c, c.len_utf8())),
        None => None,
    }
}

/// Splits `text` into word and number tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut at = 0;
    while let Some((c, width)) = char_at(text, at) {
        let start = at;
        at += width;
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = at;
        let mut has_letter = c.is_alphabetic();
        let mut has_dot = false;
        while let Some((c, width)) = char_at(text, at) {
            if c.is_alphanumeric() {
                has_letter |= c.is_alphabetic();
                at += width;
                end = at;
            } else if is_joiner(c) && next_is_alnum(text, at + width) {
                has_dot |= c == '.';
                at += width;
            } else {
                break;
            }
        }
        // Keep the final dot of a dotted abbreviation such as "U.S.".
        if has_dot && text[end..].starts_with('.') {
            end += 1;
            at = at.max(end);
        }
        let kind = if has_letter {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        out.push(Token {
            span: Span::new(start, end),
            kind,
        });
    }
    out
}

/// The number of tokens [`tokenize`] would return, without building them.
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            count += usize::from(!in_word);
            in_word = true;
            i += 1;
            continue;
        }
        if b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.') {
            in_word = false;
            i += 1;
            continue;
        }
        // Joiners and non-ASCII characters: the general rule below.
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            count += usize::from(!in_word);
            in_word = true;
        } else if !(in_word && is_joiner(c) && next_is_alnum(text, i + c.len_utf8())) {
            in_word = false;
        }
        i += c.len_utf8();
    }
    count
}

fn next_is_alnum(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first, simpler version: the fast one must give the same tokens.
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            let mut has_letter = c.is_alphabetic();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    has_letter |= c.is_alphabetic();
                    end = i + c.len_utf8();
                    chars.next();
                } else if is_joiner(c) && next_is_alnum(text, i + c.len_utf8()) {
                    chars.next();
                } else {
                    break;
                }
            }
            if text[start..end].contains('.') && text[end..].starts_with('.') {
                end += 1;
            }
            let kind = if has_letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            out.push(Token {
                span: Span::new(start, end),
                kind,
            });
        }
        out
    }

    #[test]
    fn fast_tokenizer_matches_the_reference() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/mt");
        let mut texts = vec![
            "U.S.. a.b. Jean-Pierre’s 1.5.2 don’t -x x- ..a.. Ünïcödé 東京 3,5 e.g.(x)".to_string(),
        ];
        for entry in std::fs::read_dir(dir).expect("corpus/mt exists").flatten() {
            texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
        for text in &texts {
            assert_eq!(tokenize(text), reference(text));
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.of(text)).collect()
    }

    #[test]
    fn counting_agrees_with_tokenizing() {
        for text in [
            "The U.S. envoy’s talks - in Kyiv -- ended at 3.5 p.m. (well-known).",
            "rock'n'roll co-operate ''a'' ‑x‑ 1,000 Ελλάδα 東京 ...",
            "",
            "-'.",
        ] {
            assert_eq!(count_words(text), tokenize(text).len(), "{text}");
        }
    }

    #[test]
    fn keeps_inner_joiners() {
        assert_eq!(
            words("Jean-Pierre said the U.S. won’t pay 1.5 million."),
            [
                "Jean-Pierre",
                "said",
                "the",
                "U.S.",
                "won’t",
                "pay",
                "1.5",
                "million"
            ]
        );
    }

    #[test]
    fn kinds() {
        let t = tokenize("in 2024 Érdoğan");
        assert_eq!(t[1].kind, TokenKind::Number);
        assert_eq!(t[2].kind, TokenKind::Word);
        assert_eq!(t[2].span.of("in 2024 Érdoğan"), "Érdoğan");
    }
}

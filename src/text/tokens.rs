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

/// A word or number token: its span and kind in eight bytes (two `u32`s, the
/// kind in the top bit of the end), as a 10 MB text has two million of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    /// The end offset, with [`NUMBER_BIT`] set for a number.
    end_and_kind: u32,
}

/// The bit of [`Token::end_and_kind`] that marks a number.
const NUMBER_BIT: u32 = 1 << 31;

/// Texts are tokenized up to this many bytes (2 GiB - 1): offsets fit in 31
/// bits. Input is refused long before (see `input::MAX_TEXT_BYTES`).
pub const MAX_TOKENIZED_BYTES: usize = (NUMBER_BIT - 1) as usize;

impl Token {
    /// A token over `span` (which must end at most at [`MAX_TOKENIZED_BYTES`]).
    pub fn new(span: Span, kind: TokenKind) -> Token {
        debug_assert!(span.end <= MAX_TOKENIZED_BYTES);
        let number = if kind == TokenKind::Number {
            NUMBER_BIT
        } else {
            0
        };
        Token {
            start: span.start as u32,
            end_and_kind: span.end as u32 | number,
        }
    }

    /// The bytes the token covers.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start(), self.end())
    }

    /// Where the token starts.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the token ends.
    #[inline]
    pub fn end(&self) -> usize {
        (self.end_and_kind & !NUMBER_BIT) as usize
    }

    /// A word or a number.
    #[inline]
    pub fn kind(&self) -> TokenKind {
        if self.end_and_kind & NUMBER_BIT == 0 {
            TokenKind::Word
        } else {
            TokenKind::Number
        }
    }

    /// Whether the token holds a letter.
    #[inline]
    pub fn is_word(&self) -> bool {
        self.end_and_kind & NUMBER_BIT == 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("span", &self.span())
            .field("kind", &self.kind())
            .finish()
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// Joins two runs of letters or digits into one token: `'`, `’`, `-`, `.`, `‑`.
    Joiner,
    Other,
}

impl Class {
    fn of(c: char) -> Class {
        // General Punctuation (quotes, dashes, spaces) holds no letter or
        // digit: it is told apart without the Unicode tables.
        if ('\u{2000}'..='\u{206F}').contains(&c) {
            return if is_joiner(c) {
                Class::Joiner
            } else {
                Class::Other
            };
        }
        if c.is_alphabetic() {
            Class::Letter
        } else if c.is_alphanumeric() {
            Class::Digit
        } else if is_joiner(c) {
            Class::Joiner
        } else {
            Class::Other
        }
    }

    fn is_alnum(self) -> bool {
        matches!(self, Class::Letter | Class::Digit)
    }
}

/// The class of every ASCII byte, so that ASCII text is never decoded.
const ASCII_CLASSES: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else if c == b'\'' || c == b'-' || c == b'.' {
            Class::Joiner
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// The class of the character at byte `at` of `text` and its width in bytes;
/// `(Other, 1)` past the end. ASCII is looked up, not decoded.
#[inline(always)]
fn class_at(text: &str, at: usize) -> (Class, usize) {
    match text.as_bytes().get(at) {
        Some(&b) if b < 128 => (ASCII_CLASSES[usize::from(b)], 1),
        Some(_) => text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or((Class::Other, 1), |c| (Class::of(c), c.len_utf8())),
        None => (Class::Other, 1),
    }
}

/// Bytes a token may start at: ASCII letters and digits, and every
/// non-ASCII byte (decoded to tell).
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c >= 128 || c.is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Splits `text` into word and number tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(token_capacity(text));
    scan_tokens(text, &mut out);
    out
}

/// What [`scan_tokens`] gives its tokens to.
pub trait TokenSink {
    /// A token of fewer than eight ASCII letters and digits, whose bytes
    /// (zero above the token, little-endian) are `head`.
    fn short(&mut self, token: Token, head: u64);
    /// A token of 8 to 15 ASCII letters and digits, whose first and last
    /// eight bytes are `head` and `tail` (`tail` is 0 for 8 bytes).
    fn medium(&mut self, token: Token, head: u64, tail: u64);
    /// Any other token.
    fn other(&mut self, token: Token);
}

impl TokenSink for Vec<Token> {
    #[inline(always)]
    fn short(&mut self, token: Token, _: u64) {
        self.push(token);
    }

    #[inline(always)]
    fn medium(&mut self, token: Token, _: u64, _: u64) {
        self.push(token);
    }

    #[inline(always)]
    fn other(&mut self, token: Token) {
        self.push(token);
    }
}

/// A capacity for the tokens of `text` that news text does not outgrow
/// (about one token per six bytes; pages never written cost nothing).
pub fn token_capacity(text: &str) -> usize {
    text.len() / 4 + 16
}

/// Finds the word and number tokens of `text` in order and gives each to
/// `sink`, with, for a token of fewer than eight ASCII letters and digits,
/// its bytes as a little-endian integer (zero above the token): the word
/// table's key, which the scan has in hand (see `lexicon::Words::tokenize`).
///
/// Most tokens are a run of ASCII letters and digits followed by ASCII that
/// neither joins nor is a dot: those are cut here, eight bytes at a time;
/// the rest go through [`scan_token`]. Text past [`MAX_TOKENIZED_BYTES`]
/// is not tokenized.
#[inline(always)]
pub fn scan_tokens(text: &str, sink: &mut impl TokenSink) {
    let mut cut = text.len().min(MAX_TOKENIZED_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let bytes = text.as_bytes();
    let mut at = 0;
    // While eight bytes remain, the common token is cut from one load.
    while let Some(chunk) = bytes.get(at..at + 8).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let b = word as u8;
        // ASCII that cannot start a token is skipped without decoding.
        if !MAY_START[usize::from(b)] {
            at += 1;
            continue;
        }
        let stops = !ascii_alnum_bytes(word) & HIGH_BITS;
        if stops != 0 {
            if let Some((len, head)) = short_ascii_token(word, stops) {
                sink.short(ascii_token(bytes, at, at + len), head);
                at += len + 1;
                continue;
            }
        } else if let Some((len, tail)) = medium_ascii_token(bytes, at, word) {
            sink.medium(ascii_token(bytes, at, at + len), word, tail);
            at += len + 1;
            continue;
        }
        at = scan_step(text, at, sink);
    }
    while at < bytes.len() {
        at = scan_step(text, at, sink);
    }
}

/// One step of [`scan_tokens`] at byte `at`: gives `sink` the token that
/// starts there, if any, and returns where the scan goes on.
#[inline(always)]
fn scan_step(text: &str, at: usize, sink: &mut impl TokenSink) -> usize {
    let bytes = text.as_bytes();
    let b = bytes[at];
    if !MAY_START[usize::from(b)] {
        return at + 1;
    }
    if b < 128 {
        let end = ascii_run_end(bytes, at);
        if bytes
            .get(end)
            .is_none_or(|&c| c < 128 && !is_ascii_joiner(c))
        {
            sink.other(ascii_token(bytes, at, end));
            return end + 1;
        }
    } else {
        let (class, width) = class_at(text, at);
        if !class.is_alnum() {
            return at + width;
        }
    }
    let (token, next) = scan_token(text, at);
    sink.other(token);
    next
}

/// The length and bytes (zero-padded) of the token at the start of `word`
/// (eight bytes of text, little-endian, the first a letter or digit; `stops`
/// the high bits of its other bytes) when it is fewer than eight ASCII
/// letters and digits followed, within `word`, by ASCII that neither joins
/// nor is a dot: the common case.
#[inline(always)]
fn short_ascii_token(word: u64, stops: u64) -> Option<(usize, u64)> {
    let bits = stops.trailing_zeros() & !7;
    let stop = (word >> bits) as u8;
    if stop >= 128 || is_ascii_joiner(stop) {
        return None;
    }
    Some(((bits / 8) as usize, word & ((1 << bits) - 1)))
}

/// The length and last eight bytes (0 for a length of 8) of the token at
/// `at`, whose first eight bytes `word` are ASCII letters and digits, when it
/// is at most 15 of them followed, within the next eight bytes, by ASCII that
/// neither joins nor is a dot.
#[inline(always)]
fn medium_ascii_token(bytes: &[u8], at: usize, word: u64) -> Option<(usize, u64)> {
    let next = u64::from_le_bytes(*bytes.get(at + 8..)?.first_chunk::<8>()?);
    let stops = !ascii_alnum_bytes(next) & HIGH_BITS;
    if stops == 0 {
        return None;
    }
    let bits = stops.trailing_zeros() & !7;
    let stop = (next >> bits) as u8;
    if stop >= 128 || is_ascii_joiner(stop) {
        return None;
    }
    // The eight bytes before the stop: the end of `word`, then of `next`.
    let tail = if bits == 0 {
        0
    } else {
        word >> bits | next << (64 - bits)
    };
    Some((8 + (bits / 8) as usize, tail))
}

/// Whether an ASCII byte joins two runs into one token: `'`, `-`, `.`.
#[inline(always)]
fn is_ascii_joiner(b: u8) -> bool {
    matches!(b, b'\'' | b'-' | b'.')
}

/// The token of ASCII letters and digits at `start..end`.
#[inline(always)]
fn ascii_token(bytes: &[u8], start: usize, end: usize) -> Token {
    // Most start with a letter: the rest are looked through.
    let word =
        bytes[start].is_ascii_alphabetic() || bytes[start..end].iter().any(u8::is_ascii_alphabetic);
    let kind = if word {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    Token::new(Span::new(start, end), kind)
}

/// `b` in every byte of a word.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of every byte.
const HIGH_BITS: u64 = splat(0x80);

/// The high bit of each byte of `x7` (bytes below 0x80) that lies in `lo..=hi`
/// (`lo` at least 1): adding never carries into the next byte.
#[inline(always)]
fn bytes_in_range(x7: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x7 + splat(0x80 - lo);
    let above_hi = x7 + splat(0x7f - hi);
    at_least_lo & !above_hi & HIGH_BITS
}

/// The high bit of each byte of `x` that is an ASCII letter or digit.
#[inline(always)]
fn ascii_alnum_bytes(x: u64) -> u64 {
    let x7 = x & !HIGH_BITS;
    let letters = bytes_in_range(x7 | splat(0x20), b'a', b'z');
    let digits = bytes_in_range(x7, b'0', b'9');
    (letters | digits) & !x
}

/// The end of the run of ASCII letters and digits that starts at `at`, eight
/// bytes at a time.
#[inline(always)]
fn ascii_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let stops = !ascii_alnum_bytes(u64::from_le_bytes(*chunk)) & HIGH_BITS;
        if stops != 0 {
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        at += 1;
    }
    at
}

/// The end of the run of letters and digits that starts at `at`; ASCII ones
/// are not decoded.
#[inline(always)]
fn run_end(text: &str, mut at: usize) -> usize {
    loop {
        at = ascii_run_end(text.as_bytes(), at);
        if text.as_bytes().get(at).is_none_or(|&b| b < 128) {
            return at;
        }
        let (class, width) = class_at(text, at);
        if !class.is_alnum() {
            return at;
        }
        at += width;
    }
}

/// The token that starts at byte `start` (a letter or digit), and the byte
/// where the search for the next token resumes.
#[inline(never)]
fn scan_token(text: &str, start: usize) -> (Token, usize) {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut has_dot = false;
    let mut end;
    loop {
        at = run_end(text, at);
        end = at;
        // A joiner followed by a letter or digit continues the token.
        let joiner = match bytes.get(at) {
            Some(&b) if is_ascii_joiner(b) => 1,
            Some(&b) if b >= 128 => match class_at(text, at) {
                (Class::Joiner, width) => width,
                _ => 0,
            },
            _ => 0,
        };
        if joiner == 0 || !class_at(text, at + joiner).0.is_alnum() {
            break;
        }
        has_dot |= bytes[at] == b'.';
        at += joiner;
    }
    // Keep the final dot of a dotted abbreviation such as "U.S.".
    if has_dot && bytes.get(end) == Some(&b'.') {
        end += 1;
        at = end;
    }
    let kind = if bytes[start].is_ascii_alphabetic() || has_letter(&bytes[start..end]) {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    (Token::new(Span::new(start, end), kind), at)
}

/// Whether a token's bytes hold a letter (ASCII, or a decoded alphabetic
/// character): asked of the few tokens that start otherwise.
fn has_letter(token: &[u8]) -> bool {
    token.iter().any(u8::is_ascii_alphabetic)
        || (!token.is_ascii()
            && std::str::from_utf8(token).is_ok_and(|t| t.chars().any(char::is_alphabetic)))
}

/// Where [`count_words`] is: after something else, after a letter or digit,
/// or after a joiner that follows a letter or digit.
const OUTSIDE: u8 = 0;
const IN_WORD: u8 = 1;
const JOINING: u8 = 2;
/// Added to a step of [`WORD_STEPS`] where a word starts.
const STARTS_WORD: u8 = 4;

/// The next state of [`count_words`] for a character class, plus
/// [`STARTS_WORD`] when a word starts at it.
const fn word_step(state: u8, class: Class) -> u8 {
    match class {
        Class::Letter | Class::Digit if state == OUTSIDE => IN_WORD | STARTS_WORD,
        Class::Letter | Class::Digit => IN_WORD,
        Class::Joiner if state == IN_WORD => JOINING,
        Class::Joiner | Class::Other => OUTSIDE,
    }
}

/// [`word_step`] for every state and ASCII byte.
const WORD_STEPS: [[u8; 128]; 3] = {
    let mut table = [[0; 128]; 3];
    let mut state = 0;
    while state < 3 {
        let mut b = 0;
        while b < 128 {
            table[state][b] = word_step(state as u8, ASCII_CLASSES[b]);
            b += 1;
        }
        state += 1;
    }
    table
};

/// Bytes of ASCII text that [`count_ascii_chunk`] takes at once.
const CHUNK: usize = 32;

/// The word starts in `chunk` (ASCII only) scanned from `state`, and the
/// state after it. Written without branches so that it compiles to vector code.
fn count_ascii_chunk(chunk: &[u8], state: u8) -> (usize, u8) {
    // Slots 0 and 1 describe the two characters before the chunk.
    let mut alnum = [0u8; CHUNK + 2];
    let mut joiner = [0u8; CHUNK + 2];
    match state {
        IN_WORD => alnum[1] = 1,
        JOINING => (alnum[0], joiner[1]) = (1, 1),
        _ => {}
    }
    for (i, &b) in chunk.iter().take(CHUNK).enumerate() {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        alnum[i + 2] = u8::from(letter | digit);
        joiner[i + 2] = u8::from((b == b'\'') | (b == b'-') | (b == b'.'));
    }
    let mut starts = 0;
    for i in 0..CHUNK {
        let continues = alnum[i + 1] | (joiner[i + 1] & alnum[i]);
        starts += usize::from(alnum[i + 2] & (continues ^ 1));
    }
    let next = if alnum[CHUNK + 1] == 1 {
        IN_WORD
    } else if joiner[CHUNK + 1] & alnum[CHUNK] == 1 {
        JOINING
    } else {
        OUTSIDE
    };
    (starts, next)
}

/// The number of tokens [`tokenize`] would return, without building them.
///
/// A token starts at a letter or digit that follows neither a letter or digit
/// nor a joiner that itself follows one ("well-known" is one token, "a--b" two).
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut state = OUTSIDE;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + CHUNK).filter(|c| c.is_ascii()) {
            let (starts, next) = count_ascii_chunk(chunk, state);
            count += starts;
            state = next;
            at += CHUNK;
            continue;
        }
        let b = bytes[at];
        let (step, width) = if b < 128 {
            (WORD_STEPS[usize::from(state)][usize::from(b)], 1)
        } else {
            let (class, width) = class_at(text, at);
            (word_step(state, class), width)
        };
        count += usize::from(step >> 2);
        state = step & 3;
        at += width;
    }
    count
}

/// The first index at or after `from` where `before` turns false, as
/// `items.partition_point(before)` finds it when `before` holds for every
/// item before `from` (tokens, paragraph spans): a doubling step forward,
/// then a binary search. A walk over a document's units in order stays near
/// its last position, where a binary search over all tokens would miss the
/// cache at each step.
pub fn gallop<T>(items: &[T], from: usize, before: impl Fn(&T) -> bool) -> usize {
    let mut low = from;
    let mut step = 1;
    while low + step <= items.len() && before(&items[low + step - 1]) {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(items.len());
    low + items[low..high].partition_point(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gallop_finds_what_partition_point_finds() {
        let tokens: Vec<Token> = (0..100)
            .map(|k| Token::new(Span::new(k * 3, k * 3 + 2), TokenKind::Word))
            .collect();
        for at in [0, 1, 2, 3, 50, 150, 297, 298, 299, 400] {
            let before = |t: &Token| t.start() < at;
            let want = tokens.partition_point(before);
            for from in 0..=want {
                assert_eq!(gallop(&tokens, from, before), want, "at {at} from {from}");
            }
        }
    }

    fn next_is_alnum(text: &str, at: usize) -> bool {
        text[at..].chars().next().is_some_and(char::is_alphanumeric)
    }

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
            out.push(Token::new(Span::new(start, end), kind));
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
            assert_eq!(count_words(text), tokenize(text).len());
        }
    }

    /// Every string over an alphabet of letters, digits, joiners and
    /// separators (ASCII and not) tokenizes and counts like the reference;
    /// the ASCII-only alphabet and lengths up to 135 exercise the chunked count.
    #[test]
    fn fast_tokenizer_matches_on_generated_strings() {
        let mixed = [
            'a', 'Z', '7', '.', '-', '\'', '’', '‑', ' ', ',', 'é', '東', '”',
        ];
        let ascii = ['a', 'Z', '7', '.', '-', '\'', ' ', ',', 'q', 'x'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..40_000 {
            let alphabet: &[char] = if round % 2 == 0 { &mixed } else { &ascii };
            let len = next() % 136;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(tokenize(&text), reference(&text), "{text:?}");
            assert_eq!(count_words(&text), tokenize(&text).len(), "{text:?}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span().of(text)).collect()
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
    fn general_punctuation_has_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn kinds() {
        let t = tokenize("in 2024 Érdoğan");
        assert_eq!(t[1].kind(), TokenKind::Number);
        assert_eq!(t[2].kind(), TokenKind::Word);
        assert_eq!(t[2].span().of("in 2024 Érdoğan"), "Érdoğan");
    }
}

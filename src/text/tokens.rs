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
    /// The key ([`TokenSink::tokens`]) of a token of more than 16 bytes.
    pub const NO_KEY: u128 = u128::MAX;

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
    /// The next tokens, in order, with their keys: `keys[k]` is the
    /// [`token_key`] of `tokens[k]`. The scan hands them over a few hundred
    /// at a time.
    fn tokens(&mut self, tokens: &[Token], keys: &[u128]);
}

impl TokenSink for Vec<Token> {
    #[inline(always)]
    fn tokens(&mut self, tokens: &[Token], _: &[u128]) {
        self.extend_from_slice(tokens);
    }
}

/// The bytes of `token` (a token's text) as a little-endian integer, zero
/// past the token, when it has at most 16 bytes; else [`Token::NO_KEY`]. No token
/// holds a zero byte or the byte 0xFF, so two tokens of at most 16 bytes
/// have equal keys exactly when their texts are equal, and no key is zero.
pub(crate) fn token_key(token: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    match bytes.get_mut(..token.len()) {
        Some(head) => {
            head.copy_from_slice(token);
            u128::from_le_bytes(bytes)
        }
        None => Token::NO_KEY,
    }
}

/// A capacity for the tokens of `text` that news text does not outgrow
/// (about one token per six bytes; pages never written cost nothing).
pub fn token_capacity(text: &str) -> usize {
    text.len() / 4 + 16
}

/// Bytes of text [`scan_window`] classifies at once, a bit per byte.
const WINDOW: usize = 64;

/// Bytes [`scan_window`] may read from the start of its window: a token that
/// ends in the window starts in it, and its first 16 bytes are read.
const WINDOW_READ: usize = WINDOW + 16;

/// Finds the word and number tokens of `text` in order and gives them to
/// `sink` with their keys, a batch at a time.
///
/// The text is classified 64 bytes at a time ([`scan_window`]); the tokens
/// that are a run of ASCII letters and digits followed by ASCII that does not
/// join it to more are cut from the window's bits, and the rest go through
/// [`scan_step`]. Text past [`MAX_TOKENIZED_BYTES`] is not tokenized.
#[inline(always)]
pub fn scan_tokens(text: &str, sink: &mut impl TokenSink) {
    let mut cut = text.len().min(MAX_TOKENIZED_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let bytes = text.as_bytes();
    let mut batch = Batch {
        tokens: [Token::new(Span::new(0, 0), TokenKind::Word); BATCH],
        keys: [0; BATCH],
    };
    // How many tokens the batch holds: a local, kept in a register.
    let mut len = 0;
    let mut at = 0;
    while let Some(window) = bytes.get(at..).and_then(<[u8]>::first_chunk::<WINDOW_READ>) {
        if len > BATCH - WINDOW {
            batch.give(&mut len, sink);
        }
        (at, len) = scan_window(text, at, window, &mut batch, len);
    }
    while at < bytes.len() {
        if len == BATCH {
            batch.give(&mut len, sink);
        }
        at = scan_step(text, at, &mut batch, &mut len);
    }
    batch.give(&mut len, sink);
}

/// Tokens per batch of [`scan_tokens`] (at most [`WINDOW`] start in a
/// window).
const BATCH: usize = 512;

/// The tokens found and not yet given to the sink, with their keys.
struct Batch {
    tokens: [Token; BATCH],
    keys: [u128; BATCH],
}

impl Batch {
    /// Adds a token to the `len` the batch holds (fewer than [`BATCH`]).
    #[inline(always)]
    fn push(&mut self, len: &mut usize, token: Token, key: u128) {
        debug_assert!(*len < BATCH);
        self.tokens[*len % BATCH] = token;
        self.keys[*len % BATCH] = key;
        *len += 1;
    }

    /// Adds a token found by [`scan_step`], with its key.
    #[inline(always)]
    fn push_other(&mut self, len: &mut usize, token: Token, text: &str) {
        self.push(len, token, token_key(token.span().of(text).as_bytes()));
    }

    /// Gives `sink` the `len` tokens the batch holds and empties it.
    #[inline(always)]
    fn give(&self, len: &mut usize, sink: &mut impl TokenSink) {
        let held = (*len).min(BATCH);
        sink.tokens(&self.tokens[..held], &self.keys[..held]);
        *len = 0;
    }
}

/// Adds to `batch` (holding `len` tokens) the tokens that start in the
/// window of `text` at `base` (`window` holds its bytes and 16 more) and
/// returns where the scan goes on (past the window, or at a token the
/// window cuts) and how many tokens the batch then holds. The length is
/// taken and returned by value, so that the loop keeps it in a register.
#[inline(always)]
fn scan_window(
    text: &str,
    base: usize,
    window: &[u8; WINDOW_READ],
    batch: &mut Batch,
    mut len: usize,
) -> (usize, usize) {
    let mut runs = Runs::of(window);
    while runs.starts != 0 {
        let start = runs.starts.trailing_zeros() as usize;
        if runs.ends == 0 {
            // The run reaches the window's end: the next window takes it,
            // unless it fills this one.
            return if start > 0 {
                (base + start, len)
            } else {
                scan_slow(text, base, batch, len)
            };
        }
        let end = runs.ends.trailing_zeros() as usize;
        runs.starts &= runs.starts - 1;
        runs.ends &= runs.ends - 1;
        if let Some(key) = plain_ascii(window, start, end) {
            // A run starts with a digit (below b'A') or a letter.
            let kind = if key as u8 >= b'A' {
                TokenKind::Word
            } else {
                ascii_kind(window, start, end)
            };
            let token = Token::new(Span::new(base + start, base + end), kind);
            batch.push(&mut len, token, key);
            continue;
        }
        let next = if is_punctuation_at(window, start) {
            start + 3
        } else {
            let (next, held) = scan_slow(text, base + start, batch, len);
            len = held;
            next - base
        };
        if next >= WINDOW {
            return (base + next, len);
        }
        runs.resume(next);
    }
    (base + WINDOW, len)
}

/// [`scan_step`] for the tokens [`scan_window`] does not cut itself, out of
/// line so that they cost its loop no registers: returns where the scan goes
/// on and how many tokens the batch then holds.
#[inline(never)]
fn scan_slow(text: &str, at: usize, batch: &mut Batch, mut len: usize) -> (usize, usize) {
    let next = scan_step(text, at, batch, &mut len);
    (next, len)
}

/// Whether byte `at` of `window` (below 64) starts a character of U+2000 to
/// U+203F (three bytes, E2 80 xx): spaces, dashes, quotes, none a letter
/// or digit ([`Class::of`]); news text has many curly quotes.
#[inline(always)]
fn is_punctuation_at(window: &[u8; WINDOW_READ], at: usize) -> bool {
    let at = at % WINDOW;
    window[at] == 0xE2 && window[at + 1] == 0x80
}

/// The runs of bytes of a window that may belong to a token (ASCII letters
/// and digits, and bytes of non-ASCII characters), a bit per byte.
struct Runs {
    /// The bytes that may belong to a token.
    maybe: u64,
    /// Where the runs start.
    starts: u64,
    /// The bytes just after the runs (none for a run that reaches the end).
    ends: u64,
}

impl Runs {
    /// The runs of the first 64 bytes of `window`.
    #[inline(always)]
    fn of(window: &[u8; WINDOW_READ]) -> Runs {
        let maybe = classify(window);
        Runs {
            maybe,
            starts: maybe & !(maybe << 1),
            ends: !maybe & maybe << 1,
        }
    }

    /// The runs from byte `at` on (below 64): a run that holds `at` starts
    /// there.
    #[inline(always)]
    fn resume(&mut self, at: usize) {
        let from = u64::MAX << at;
        let maybe = self.maybe;
        self.starts = (maybe & !(maybe << 1) | maybe & 1 << at) & from;
        self.ends = !maybe & maybe << 1 & from << 1;
    }
}

/// For each of the first 64 bytes of `window`, a bit: whether it is an ASCII
/// letter or digit or not ASCII. Written without branches over a byte
/// array, so that it compiles to vector code.
#[inline(always)]
fn classify(window: &[u8; WINDOW_READ]) -> u64 {
    // `b - lo < n` (unsigned) as `(b - lo) ^ 0x80 < n ^ 0x80` (signed): a
    // signed comparison of bytes is one vector instruction.
    let below = |b: u8, lo: u8, n: u8| ((b.wrapping_sub(lo) ^ 0x80) as i8) < (n ^ 0x80) as i8;
    let mut maybe = [0u8; WINDOW];
    for (&b, m) in window.iter().zip(&mut maybe) {
        let letter = below(b | 0x20, b'a', 26);
        let digit = below(b, b'0', 10);
        let non_ascii = (b as i8) < 0;
        *m = u8::from(letter | digit | non_ascii);
    }
    pack_bits(&maybe)
}

/// 64 bytes, each 0 or 1, as the bits of an integer (byte `k` → bit `k`).
#[inline(always)]
fn pack_bits(flags: &[u8; WINDOW]) -> u64 {
    flags
        .chunks_exact(8)
        .enumerate()
        .fold(0, |bits, (k, eight)| {
            let eight = eight.first_chunk::<8>().copied().unwrap_or_default();
            // Byte j's bit lands at bit 56 + j; no two shifted copies meet.
            let packed = u64::from_le_bytes(eight).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            bits | packed << (8 * k)
        })
}

/// The bytes of the run at `start..end` of `window` (`end` before byte 64)
/// as an integer, when the run is a whole token of at most 16 ASCII letters
/// and digits.
#[inline(always)]
fn plain_ascii(window: &[u8; WINDOW_READ], start: usize, end: usize) -> Option<u128> {
    const NON_ASCII: u128 = u128::from_le_bytes([0x80; 16]);
    let keep = *KEEP.get(end - start)?;
    let sixteen = window[start % WINDOW..]
        .first_chunk::<16>()
        .map_or(0, |b| u128::from_le_bytes(*b));
    let bytes = sixteen & keep;
    (bytes & NON_ASCII == 0 && ends_plainly(window, end)).then_some(bytes)
}

/// What a byte after a run of ASCII letters and digits is to the run.
const STOP_CONTINUES: u8 = 0;
const STOP_JOINS: u8 = 1;
const STOP_ENDS: u8 = 2;

/// [`STOP_ENDS`] for ASCII that is neither a letter, a digit nor a joiner,
/// [`STOP_JOINS`] for an ASCII joiner, [`STOP_CONTINUES`] for the rest
/// (letters and digits, and bytes of non-ASCII characters, which may be).
const STOP_KIND: [u8; 256] = {
    let mut table = [STOP_CONTINUES; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if is_ascii_joiner(c) {
            table[b] = STOP_JOINS;
        } else if !c.is_ascii_alphanumeric() {
            table[b] = STOP_ENDS;
        }
        b += 1;
    }
    table
};

/// Whether the run of ASCII letters and digits that stops at byte `end` of
/// `window` (before byte 64) is a whole token: the byte there is ASCII and
/// does not join the run to a letter or digit after it.
#[inline(always)]
fn ends_plainly(window: &[u8; WINDOW_READ], end: usize) -> bool {
    let end = end % WINDOW;
    match STOP_KIND[usize::from(window[end])] {
        STOP_ENDS => true,
        STOP_JOINS => STOP_KIND[usize::from(window[end + 1])] != STOP_CONTINUES,
        _ => false,
    }
}

/// For each length up to 16, the bytes of an integer that hold a token of
/// that length.
const KEEP: [u128; 17] = {
    let mut table = [0; 17];
    let mut len = 1;
    while len <= 16 {
        table[len] = u128::MAX >> (128 - 8 * len);
        len += 1;
    }
    table
};

/// One step of [`scan_tokens`] at byte `at`: adds to `batch` (holding
/// `len` tokens) the token that starts there, if any, and returns where the
/// scan goes on.
#[inline(always)]
fn scan_step(text: &str, at: usize, batch: &mut Batch, len: &mut usize) -> usize {
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
            batch.push_other(len, ascii_token(bytes, at, end), text);
            return end + 1;
        }
    } else {
        let (class, width) = class_at(text, at);
        if !class.is_alnum() {
            return at + width;
        }
    }
    let (token, next) = scan_token(text, at);
    batch.push_other(len, token, text);
    next
}

/// Whether an ASCII byte joins two runs into one token: `'`, `-`, `.`.
#[inline(always)]
const fn is_ascii_joiner(b: u8) -> bool {
    matches!(b, b'\'' | b'-' | b'.')
}

/// The token of ASCII letters and digits at `start..end`.
#[inline(always)]
fn ascii_token(bytes: &[u8], start: usize, end: usize) -> Token {
    Token::new(Span::new(start, end), ascii_kind(bytes, start, end))
}

/// The kind of the run of ASCII letters and digits at `start..end`.
#[inline(always)]
fn ascii_kind(bytes: &[u8], start: usize, end: usize) -> TokenKind {
    // Most start with a letter: the rest are looked through.
    let word =
        bytes[start].is_ascii_alphabetic() || bytes[start..end].iter().any(u8::is_ascii_alphabetic);
    if word {
        TokenKind::Word
    } else {
        TokenKind::Number
    }
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

    /// Long generated texts, whose tokens cross the scan's 64-byte windows
    /// and its batches, or fill a window, tokenize like the reference.
    #[test]
    fn fast_tokenizer_matches_across_windows() {
        let pieces = [
            "a", "Zq", "7", ".", "-", "'", "’", "“", " ", ", ", "é", "東", "x-y", "U.S.", "\n",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..3_000 {
            let mut text = String::new();
            while text.len() < 100 + round % 400 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let piece = pieces[(seed % pieces.len() as u64) as usize];
                let repeat = if seed.is_multiple_of(7) {
                    1 + (seed >> 8) % 90
                } else {
                    1
                };
                for _ in 0..repeat {
                    text.push_str(piece);
                }
            }
            assert_eq!(tokenize(&text), reference(&text), "{text:?}");
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

//! HTML input: only the text content is checked.
//!
//! html5gum (a WHATWG tokenizer) reports the byte span of every text run and
//! tag; text runs are revealed in an otherwise hidden copy (see [`super::mask`]),
//! except inside `script`, `style`, `noscript`, `template`, `head`, `nav`,
//! `aside`, `form`, `svg`, `iframe`, and `header`/`footer` outside an `article`
//! or `main` (the page's banner and footer, not the article's). Block tags
//! become paragraph breaks; character references are decoded in place.

use super::mask::{Masked, Masker};
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements whose text is never prose.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "aside", "form", "svg", "math",
    "iframe", "object", "select", "button",
];

/// Elements that start or end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "title",
    "body",
    "html",
    "caption",
];

/// The text content of an HTML document at its original offsets.
pub fn mask(original: &str) -> Masked<'static> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut masker = Masker::all_hidden(original);
    let mut state = Nesting::default();
    for token in Tokenizer::new_with_emitter(original, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if BLOCKS.contains(&name.as_str()) {
                    masker.block_break(tag.span.start..tag.span.end);
                }
                if !tag.self_closing {
                    state.open(&name);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if BLOCKS.contains(&name.as_str()) {
                    masker.block_break(tag.span.start..tag.span.end);
                }
                state.close(&name);
            }
            Token::Comment(comment) => masker.comment(comment.span.start..comment.span.end),
            Token::String(text) if state.skipping == 0 => {
                reveal_text(&mut masker, original, text.span.start..text.span.end);
            }
            _ => {}
        }
    }
    masker.finish()
}

/// Which skipped elements (and articles) are open.
#[derive(Default)]
struct Nesting {
    /// Open elements that matter here, innermost last.
    open: Vec<String>,
    skipping: usize,
    articles: usize,
}

impl Nesting {
    fn skips(&self, name: &str) -> bool {
        SKIPPED.contains(&name) || (matches!(name, "header" | "footer") && self.articles == 0)
    }

    fn open(&mut self, name: &str) {
        if self.skips(name) {
            self.skipping += 1;
        } else if matches!(name, "article" | "main") {
            self.articles += 1;
        } else {
            return;
        }
        self.open.push(name.to_string());
    }

    /// Closes `name` and anything opened inside it that was never closed.
    fn close(&mut self, name: &str) {
        let Some(at) = self.open.iter().rposition(|n| n == name) else {
            return;
        };
        for closed in self.open.split_off(at) {
            if matches!(closed.as_str(), "article" | "main") {
                self.articles -= 1;
            } else {
                self.skipping -= 1;
            }
        }
    }
}

/// Reveals a text run, decoding character references in place.
fn reveal_text(masker: &mut Masker, original: &str, range: std::ops::Range<usize>) {
    let Some(source) = original.get(range.clone()) else {
        return;
    };
    masker.reveal(range.clone());
    let mut from = 0;
    while let Some(amp) = source[from..].find('&').map(|i| i + from) {
        let Some(len) = reference_len(&source[amp..]) else {
            from = amp + 1;
            continue;
        };
        let reference = &source[amp..amp + len];
        let decoded = decode(reference).unwrap_or_default();
        // Keep the character next to the word it belongs to.
        let before_space = amp == 0 || source[..amp].ends_with(char::is_whitespace);
        let start = range.start + amp;
        masker.substitute(start..start + len, &decoded, before_space);
        from = amp + len;
    }
}

/// Length of `&name;` or `&#123;` at the start of `s`.
fn reference_len(s: &str) -> Option<usize> {
    let end = s.char_indices().take(34).find(|(_, c)| *c == ';')?.0;
    let body = &s[1..end];
    let ok = !body.is_empty()
        && (body.chars().all(|c| c.is_ascii_alphanumeric())
            || (body.starts_with('#')
                && body[1..]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == 'x' || c == 'X')));
    ok.then_some(end + 1)
}

/// Decodes a character reference with the tokenizer itself.
fn decode(reference: &str) -> Option<String> {
    let mut out = String::new();
    for token in Tokenizer::new(reference).flatten() {
        if let Token::String(text) = token {
            out.push_str(&String::from_utf8_lossy(&text));
        }
    }
    (out != reference && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(html: &str) -> Vec<String> {
        let masked = mask(html);
        assert_eq!(masked.text.len(), html.len());
        masked.text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn text_content_only() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><header>Site</header><nav>Home</nav><article><header><h1>Big news</h1></header><p>Said <b>he</b>.</p><script>var x=1;</script></article><footer>(c)</footer></body></html>";
        assert_eq!(words(html), ["Big", "news", "Said", "he", "."]);
    }

    #[test]
    fn blocks_break_paragraphs_and_references_decode() {
        let html = "<p>AT&amp;T</p><p>&ldquo;Yes&rdquo; said&nbsp;he</p>";
        let masked = mask(html);
        assert!(masked.text.contains("AT&    T"), "{:?}", masked.text);
        assert!(masked.text.contains("“Yes”"), "{:?}", masked.text);
        assert!(masked.text.contains("\n\n"));
    }
}

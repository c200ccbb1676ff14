//! Markdown input: only the prose is checked.
//!
//! pulldown-cmark's offset iterator gives the byte range of every text event;
//! those ranges are revealed in an otherwise hidden copy (see [`super::mask`]).
//! Hidden: front matter (YAML `---` or TOML `+++`), code blocks, inline code,
//! raw HTML and comments, link and image targets, autolinks, image alt text,
//! footnote labels, list and heading markers, emphasis marks, bare URLs.

use super::mask::{hide_urls, Masked, Masker};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// The prose of a Markdown text at its original offsets.
pub fn mask(original: &str) -> Masked<'static> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut masker = Masker::all_hidden(original);
    // For each open element: does it hide its text? And how many do.
    let mut open: Vec<bool> = Vec::new();
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(original, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let hides = hides_text(&tag);
                skip += usize::from(hides);
                open.push(hides);
            }
            Event::End(_) => skip -= usize::from(open.pop().unwrap_or(false)),
            Event::Text(text) if skip == 0 => reveal_text(&mut masker, original, range, &text),
            // Raw HTML (never inside code): where comments and directives are.
            Event::Html(_) | Event::InlineHtml(_) => masker.comment(range),
            _ => {}
        }
    }
    hide_urls(&mut masker, original);
    masker.finish()
}

fn hides_text(tag: &Tag) -> bool {
    match tag {
        Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. } | Tag::HtmlBlock => true,
        Tag::Link { link_type, .. } => matches!(link_type, LinkType::Autolink | LinkType::Email),
        _ => false,
    }
}

/// Reveals a text event: as is when the source bytes are the text, the
/// character alone after a backslash escape, a decoded reference padded.
fn reveal_text(masker: &mut Masker, original: &str, range: std::ops::Range<usize>, text: &str) {
    let Some(source) = original.get(range.clone()) else {
        return;
    };
    if source == text {
        masker.reveal(range);
    } else if source.starts_with('\\') && source.len() == text.len() + 1 {
        masker.reveal(range.start + 1..range.end);
    } else if source.starts_with('&') && text.len() <= source.len() {
        masker.substitute(range, text, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_prose_is_visible() {
        let md = "---\ntitle: Foo Bar\n---\n# The *headline*\n\nSee [the report](http://x.org/a) and `code`.\n\n```\nlet x = 1;\n```\n";
        let masked = mask(md);
        assert_eq!(masked.text.len(), md.len());
        let words: Vec<&str> = masked.text.split_whitespace().collect();
        assert_eq!(
            words,
            ["The", "headline", "See", "the", "report", "and", "."]
        );
        assert_eq!(masked.text.lines().count(), md.lines().count());
    }

    #[test]
    fn escapes_and_references() {
        let masked = mask("AT&amp;T said \\*not\\* so.");
        assert!(
            masked.text.starts_with("AT&    T said  *not * so."),
            "{:?}",
            masked.text
        );
    }
}

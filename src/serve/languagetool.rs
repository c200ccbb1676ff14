//! LanguageTool's HTTP API (`/v2/check`, `/v2/languages`) over mtlint's rules,
//! so LanguageTool clients (editor plugins, browser extensions,
//! `language_tool_python`) work unchanged.
//!
//! Offsets are UTF-16 code units (Java string indices), as clients expect.
//! Rule ids are given LanguageTool's shape (`titles.office-calque` →
//! `TITLES_OFFICE_CALQUE`); `enabledRules`/`disabledRules` accept either form,
//! and ids this server does not know (LanguageTool's own) are ignored, as
//! LanguageTool ignores them.

use super::form::Form;
use super::utf16::{self, Utf16Map};
use mtlint::check::{CheckOptions, Selector};
use mtlint::text::Document;
use mtlint::{check_text, Class, Finding, RuleSet, Severity, Span};
use serde::Serialize;

/// A request LanguageTool would refuse: HTTP 400 with a plain-text message.
#[derive(Debug, PartialEq)]
pub struct BadRequest(pub String);

fn bad(message: impl Into<String>) -> BadRequest {
    BadRequest(format!("Error: {}", message.into()))
}

/// The language variants served: (name, code, longCode), sorted by name.
pub const LANGUAGES: [(&str, &str, &str); 7] = [
    ("English", "en", "en"),
    ("English (Australian)", "en", "en-AU"),
    ("English (Canadian)", "en", "en-CA"),
    ("English (GB)", "en", "en-GB"),
    ("English (New Zealand)", "en", "en-NZ"),
    ("English (South African)", "en", "en-ZA"),
    ("English (US)", "en", "en-US"),
];

#[derive(Serialize)]
struct LanguageEntry {
    name: &'static str,
    code: &'static str,
    #[serde(rename = "longCode")]
    long_code: &'static str,
}

/// The body of `GET /v2/languages`.
pub fn languages_json() -> String {
    let list: Vec<LanguageEntry> = LANGUAGES
        .iter()
        .map(|&(name, code, long_code)| LanguageEntry {
            name,
            code,
            long_code,
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// The `language` parameter: one of [`LANGUAGES`], or `auto`.
fn language(code: Option<&str>) -> Result<(&'static str, &'static str, bool), BadRequest> {
    let code = code.ok_or_else(|| {
        bad("Missing 'language' parameter. Specify language or use 'language=auto'")
    })?;
    if code.eq_ignore_ascii_case("auto") {
        return Ok(("English (US)", "en-US", true));
    }
    let wanted = code.replace('_', "-");
    LANGUAGES
        .iter()
        .find(|(_, _, long)| long.eq_ignore_ascii_case(&wanted))
        .map(|&(name, _, long)| (name, long, false))
        .ok_or_else(|| {
            let known: Vec<&str> = LANGUAGES.iter().map(|l| l.2).collect();
            bad(format!(
                "'{code}' is not a language code known to mtlint (it checks English only). \
                 Supported language codes are: auto, {}",
                known.join(", ")
            ))
        })
}

/// How the plain text that was checked maps back onto the text the client sent
/// (with markup, from `data`), in UTF-16 units.
#[derive(Debug, Default)]
struct Segment {
    plain: usize,
    plain_len: usize,
    original: usize,
    original_len: usize,
    text: bool,
}

/// The text to check and its offset map.
#[derive(Debug)]
pub struct Source {
    pub plain: String,
    segments: Vec<Segment>,
}

impl Source {
    fn plain(text: String) -> Source {
        let n = utf16::len(&text);
        let segments = vec![Segment {
            plain_len: n,
            original_len: n,
            text: true,
            ..Segment::default()
        }];
        Source {
            plain: text,
            segments,
        }
    }

    /// `{"text": ...}` or `{"annotation": [{"text"}|{"markup", "interpretAs"?}]}`.
    fn annotated(data: &str) -> Result<Source, BadRequest> {
        let value: serde_json::Value = serde_json::from_str(data)
            .map_err(|e| bad(format!("Could not parse JSON from 'data' parameter: {e}")))?;
        if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
            return Ok(Source::plain(text.to_string()));
        }
        let items = value
            .get("annotation")
            .and_then(|a| a.as_array())
            .ok_or_else(|| bad("'data' needs a 'text' string or an 'annotation' array"))?;
        let mut source = Source {
            plain: String::new(),
            segments: Vec::new(),
        };
        let (mut plain, mut original) = (0, 0);
        for item in items {
            let (checked, sent, text) = annotation_part(item)?;
            let (plain_len, original_len) = (utf16::len(checked), utf16::len(sent));
            source.plain.push_str(checked);
            source.segments.push(Segment {
                plain,
                plain_len,
                original,
                original_len,
                text,
            });
            plain += plain_len;
            original += original_len;
        }
        Ok(source)
    }

    /// The client's UTF-16 offset of a UTF-16 offset into the plain text.
    /// Inside markup, a start maps to the markup's start and an end to its end.
    fn original(&self, at: usize, is_end: bool) -> usize {
        let inside = |s: &Segment| {
            if is_end {
                s.plain < at && at <= s.plain + s.plain_len
            } else {
                s.plain <= at && at < s.plain + s.plain_len
            }
        };
        let first = self
            .segments
            .partition_point(|s| s.plain + s.plain_len < at);
        let near = &self.segments[first.min(self.segments.len())..];
        let near = &near[..near.len().min(64)];
        if let Some(s) = near.iter().find(|s| s.text && inside(s)) {
            return s.original + (at - s.plain);
        }
        if let Some(s) = near.iter().find(|s| !s.text && inside(s)) {
            return if is_end {
                s.original + s.original_len
            } else {
                s.original
            };
        }
        self.segments.last().map_or(at, |s| {
            if at <= s.plain {
                s.original
            } else {
                s.original + s.original_len
            }
        })
    }
}

/// (what is checked, what counts for offsets, is it text) of one annotation item.
fn annotation_part(item: &serde_json::Value) -> Result<(&str, &str, bool), BadRequest> {
    let field = |name: &str| item.get(name).and_then(|v| v.as_str());
    match (field("text"), field("markup")) {
        (Some(text), None) => Ok((text, text, true)),
        (None, Some(markup)) => Ok((field("interpretAs").unwrap_or(""), markup, false)),
        _ => Err(bad(
            "each 'annotation' item needs exactly one of 'text' or 'markup' (a string)",
        )),
    }
}

/// A parsed `/v2/check` request.
#[derive(Debug)]
pub struct CheckRequest {
    pub source: Source,
    language: (&'static str, &'static str, bool),
    enabled_rules: Vec<String>,
    disabled_rules: Vec<String>,
    enabled_categories: Vec<String>,
    disabled_categories: Vec<String>,
    enabled_only: bool,
}

impl CheckRequest {
    /// Reads the form fields of a `/v2/check` request.
    pub fn from_form(form: &Form) -> Result<CheckRequest, BadRequest> {
        let source = match (form.get("text"), form.get("data")) {
            (Some(_), Some(_)) => return Err(bad("Set only 'text' or 'data', not both")),
            (Some(text), None) => Source::plain(text.to_string()),
            (None, Some(data)) => Source::annotated(data)?,
            (None, None) => return Err(bad("Missing 'text' or 'data' parameter")),
        };
        let enabled_only = match form.get("enabledOnly") {
            None | Some("false") | Some("") => false,
            Some("true") => true,
            Some(other) => {
                return Err(bad(format!(
                    "enabledOnly must be 'true' or 'false', not '{other}'"
                )))
            }
        };
        let request = CheckRequest {
            source,
            language: language(form.get("language"))?,
            enabled_rules: form.list("enabledRules"),
            disabled_rules: form.list("disabledRules"),
            enabled_categories: form.list("enabledCategories"),
            disabled_categories: form.list("disabledCategories"),
            enabled_only,
        };
        if enabled_only && request.enabled_rules.is_empty() && request.enabled_categories.is_empty()
        {
            return Err(bad(
                "You cannot specify 'enabledOnly' without 'enabledRules' or 'enabledCategories'",
            ));
        }
        Ok(request)
    }

    fn runs(&self, rule: &mtlint::rules::Rule) -> bool {
        let by_id = |list: &[String]| list.iter().any(|id| lt_rule_id(id) == lt_rule_id(&rule.id));
        let by_class = |list: &[String]| {
            let cat = category(rule.class);
            list.iter().any(|c| {
                c.eq_ignore_ascii_case(cat.id) || c.eq_ignore_ascii_case(rule.class.as_str())
            })
        };
        if self.enabled_only {
            by_id(&self.enabled_rules) || by_class(&self.enabled_categories)
        } else {
            !by_id(&self.disabled_rules) && !by_class(&self.disabled_categories)
        }
    }

    /// The findings of the enabled rules in the plain text.
    pub fn findings(&self, rules: &RuleSet) -> Vec<Finding> {
        let running: Vec<&mtlint::rules::Rule> =
            rules.rules.iter().filter(|r| self.runs(r)).collect();
        if running.is_empty() {
            return Vec::new();
        }
        let mut options = CheckOptions::default();
        if running.len() < rules.rules.len() {
            options.select = running
                .iter()
                .filter_map(|r| Selector::parse(rules, &r.id).ok())
                .collect();
        }
        check_text(rules, &self.source.plain, &options)
    }
}

/// `titles.office-calque` → `TITLES_OFFICE_CALQUE`.
pub fn lt_rule_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A class as a LanguageTool category, with its ITS 2.0 issue type.
pub struct Category {
    pub id: &'static str,
    pub name: &'static str,
    pub issue_type: &'static str,
}

/// The LanguageTool category of an mtlint class.
pub fn category(class: Class) -> Category {
    let (id, name, issue_type) = match class {
        Class::Pronoun => ("PRONOUNS", "Pronouns", "grammar"),
        Class::Name => ("NAMES", "Names", "misspelling"),
        Class::Title => ("TITLES", "Titles and offices", "terminology"),
        Class::Spacing => ("SPACING", "Spacing", "whitespace"),
        Class::Punctuation => ("PUNCTUATION", "Punctuation", "typographical"),
        Class::Untranslated => ("UNTRANSLATED", "Untranslated text", "untranslated"),
        Class::Boilerplate => ("BOILERPLATE", "Scraper boilerplate", "addition"),
        Class::Style => ("STYLE", "Style", "style"),
    };
    Category {
        id,
        name,
        issue_type,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Software {
    name: &'static str,
    version: &'static str,
    build_date: &'static str,
    api_version: u32,
    premium: bool,
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Warnings {
    incomplete_results: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Language {
    name: &'static str,
    code: &'static str,
    detected_language: DetectedLanguage,
}

#[derive(Serialize)]
struct DetectedLanguage {
    name: &'static str,
    code: &'static str,
    confidence: f64,
    source: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Match {
    message: String,
    short_message: String,
    replacements: Vec<Replacement>,
    offset: usize,
    length: usize,
    context: Context,
    sentence: String,
    #[serde(rename = "type")]
    kind: MatchType,
    rule: MatchRule,
    ignore_for_incomplete_sentence: bool,
    context_for_sure_match: i32,
}

#[derive(Serialize)]
struct Replacement {
    value: String,
}

#[derive(Serialize)]
struct Context {
    text: String,
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchType {
    type_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchRule {
    id: String,
    description: String,
    issue_type: &'static str,
    category: RuleCategory,
}

#[derive(Serialize)]
struct RuleCategory {
    id: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckResponse {
    software: Software,
    warnings: Warnings,
    language: Language,
    matches: Vec<Match>,
    sentence_ranges: Vec<[usize; 2]>,
}

/// Characters of context on each side of a match, as LanguageTool's default.
const CONTEXT_CHARS: usize = 40;

/// The byte span of up to `CONTEXT_CHARS` characters around `span`, and whether each side was cut.
fn context_of(text: &str, span: Span) -> Context {
    let before_start = text[..span.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after_end = text[span.end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| span.end + i);
    let flat = |s: &str| s.replace(['\n', '\r'], " ");
    let lead = if before_start > 0 { "..." } else { "" };
    let tail = if after_end < text.len() { "..." } else { "" };
    let before = format!("{lead}{}", flat(&text[before_start..span.start]));
    let flagged = flat(span.of(text));
    Context {
        offset: utf16::len(&before),
        length: utf16::len(&flagged),
        text: format!(
            "{before}{flagged}{}{tail}",
            flat(&text[span.end..after_end])
        ),
    }
}

/// The response body of a `/v2/check` request with these findings.
pub fn check_response(request: &CheckRequest, rules: &RuleSet, findings: &[Finding]) -> String {
    let text = request.source.plain.as_str();
    let doc = Document::new(text);
    let sentences = doc.sentences();
    let offsets = findings
        .iter()
        .flat_map(|f| [f.span.start, f.span.end])
        .chain(sentences.iter().flat_map(|s| [s.start, s.end]));
    let map = Utf16Map::new(text, offsets);
    let source = &request.source;
    let matches = findings
        .iter()
        .map(|f| {
            let start = source.original(map.get(f.span.start), false);
            let end = source.original(map.get(f.span.end), true).max(start);
            let sentence = sentences
                .iter()
                .find(|s| s.start <= f.span.start && f.span.start <= s.end)
                .map_or("", |s| s.of(text));
            to_match(
                rules,
                f,
                start,
                end - start,
                context_of(text, f.span),
                sentence,
            )
        })
        .collect();
    let sentence_ranges = sentences
        .iter()
        .map(|s| {
            [
                source.original(map.get(s.start), false),
                source.original(map.get(s.end), true),
            ]
        })
        .collect();
    let response = CheckResponse {
        software: Software {
            name: "mtlint",
            version: env!("CARGO_PKG_VERSION"),
            build_date: "",
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: language_of(request),
        matches,
        sentence_ranges,
    };
    serde_json::to_string(&response).unwrap_or_else(|_| "{}".into())
}

/// The `language` object: the variant asked for (`auto` falls back to en-US).
fn language_of(request: &CheckRequest) -> Language {
    let (name, code, auto) = request.language;
    Language {
        name,
        code,
        detected_language: DetectedLanguage {
            name,
            code,
            confidence: if auto { 0.99 } else { 1.0 },
            source: if auto { "fallback" } else { "request" },
        },
    }
}

fn to_match(
    rules: &RuleSet,
    f: &Finding,
    offset: usize,
    length: usize,
    context: Context,
    sentence: &str,
) -> Match {
    let cat = category(f.class);
    let description = rules
        .rules
        .iter()
        .find(|r| r.id == f.rule)
        .map_or_else(|| f.message.clone(), |r| r.description.clone());
    Match {
        message: f.message.clone(),
        short_message: cat.name.to_string(),
        replacements: f
            .suggestions
            .iter()
            .map(|s| Replacement {
                value: s.replacement.clone(),
            })
            .collect(),
        offset,
        length,
        context,
        sentence: sentence.to_string(),
        kind: MatchType {
            type_name: if f.severity == Severity::Info {
                "Hint"
            } else {
                "Other"
            },
        },
        rule: MatchRule {
            id: lt_rule_id(&f.rule),
            description,
            issue_type: cat.issue_type,
            category: RuleCategory {
                id: cat.id,
                name: cat.name,
            },
        },
        ignore_for_incomplete_sentence: false,
        context_for_sure_match: 0,
    }
}

#[cfg(test)]
mod tests;

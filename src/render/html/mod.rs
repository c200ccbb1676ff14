//! `mtlint report`: one self-contained HTML file (inline CSS, JS and SVG; no
//! external assets). An overview ranks the articles by quality score with
//! counts per severity and class and a per-class bar chart; then every article,
//! collapsed in a `<details>` so a thousand of them still open quickly, with
//! each finding marked at its span and a findings list beside the text.

mod chart;
mod escape;
mod marks;

pub use escape::escape;
pub use marks::{render_marked, MarkIds};

use super::{Emitter, FileReport, Summary};
use crate::diagnostic::{Class, Finding, Severity, Suggestion};
use crate::score::Quality;
use escape::escape_into;
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// A short class badge, the cue that does not depend on colour.
pub fn class_badge(class: Class) -> &'static str {
    match class {
        Class::Pronoun => "Pr",
        Class::Name => "Na",
        Class::Title => "Ti",
        Class::Spacing => "Sp",
        Class::Punctuation => "Pu",
        Class::Untranslated => "Un",
        Class::Boilerplate => "Bo",
        Class::Style => "St",
    }
}

/// One article, rendered as soon as it is checked; the page is written at the end.
struct Article {
    index: usize,
    path: String,
    quality: Quality,
    /// Errors, warnings, infos.
    severities: [usize; 3],
    classes: [usize; Class::ALL.len()],
    /// The text with marks and the findings list.
    body: String,
}

/// Collects every article, then writes the page in `finish`.
pub struct Html {
    title: String,
    articles: Vec<Article>,
}

impl Html {
    pub fn new(title: &str) -> Self {
        Html {
            title: title.to_string(),
            articles: Vec::new(),
        }
    }
}

fn class_index(class: Class) -> usize {
    Class::ALL.iter().position(|&c| c == class).unwrap_or(0)
}

fn suggestion_line(finding: &Finding) -> String {
    let Some(first) = finding.suggestions.first() else {
        return String::new();
    };
    let options: Vec<String> = finding
        .suggestions
        .iter()
        .map(Suggestion::describe)
        .collect();
    let safety = if first.safe && finding.suggestions.len() == 1 {
        "safe fix"
    } else {
        "review before applying"
    };
    format!("Suggestion: {} ({safety})", options.join(", or "))
}

fn findings_list(out: &mut String, report: &FileReport, ids: &MarkIds) {
    out.push_str("<aside class=\"list\" aria-label=\"Findings\"><h3>Findings</h3>");
    if report.findings.is_empty() {
        out.push_str("<p>No findings.</p></aside>");
        return;
    }
    out.push_str("<ol>");
    for (k, f) in report.findings.iter().enumerate() {
        let at = report.line_col(f.span.start);
        let _ = write!(
            out,
            "<li id=\"{}\" class=\"s-{sev}\"><a href=\"#{}\"><span class=\"badge c-{class}\">{}</span> \
             <span class=\"loc\">{}:{}</span> <span class=\"sev\">{sev}</span> <code class=\"rule\">",
            ids.item(k),
            ids.mark(k),
            class_badge(f.class),
            at.line,
            at.column,
            sev = f.severity,
            class = f.class,
        );
        escape_into(out, &f.rule);
        out.push_str("</code></a><p class=\"msg\">");
        escape_into(out, &f.message);
        out.push_str("</p>");
        let suggestion = suggestion_line(f);
        if !suggestion.is_empty() {
            out.push_str("<p class=\"sug\">");
            escape_into(out, &suggestion);
            out.push_str("</p>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></aside>");
}

fn article_of(index: usize, report: &FileReport) -> Article {
    let ids = MarkIds { article: index };
    let mut body = String::with_capacity(report.text.len() * 2);
    let _ = write!(
        body,
        "<div class=\"cols\"><div class=\"text\" id=\"t-{index}\">"
    );
    render_marked(&mut body, &report.text, &report.findings, &ids);
    body.push_str("</div>");
    findings_list(&mut body, report, &ids);
    body.push_str("</div>");
    let mut severities = [0; 3];
    let mut classes = [0; Class::ALL.len()];
    for f in &report.findings {
        severities[match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
        classes[class_index(f.class)] += 1;
    }
    Article {
        index,
        path: report.path.clone(),
        quality: report.quality,
        severities,
        classes,
        body,
    }
}

impl Emitter for Html {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let index = self.articles.len() + 1;
        self.articles.push(article_of(index, report));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut articles = std::mem::take(&mut self.articles);
        articles.sort_by(|a, b| {
            b.quality
                .score
                .total_cmp(&a.quality.score)
                .then_with(|| a.path.cmp(&b.path))
        });
        let page = Page {
            title: &self.title,
            summary,
            articles: &articles,
        };
        out.write_all(page.head().as_bytes())?;
        out.write_all(page.overview().as_bytes())?;
        out.write_all(b"<section id=\"articles\" aria-labelledby=\"articles-h\"><h2 id=\"articles-h\">Articles</h2>")?;
        for article in &articles {
            out.write_all(page.article(article).as_bytes())?;
        }
        writeln!(
            out,
            "</section></main><div id=\"tip\" role=\"tooltip\" hidden></div><script>{SCRIPT}</script></body></html>"
        )
    }
}

/// The parts of the page.
struct Page<'a> {
    title: &'a str,
    summary: &'a Summary,
    articles: &'a [Article],
}

impl Page<'_> {
    fn head(&self) -> String {
        let s = self.summary;
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta name=\"generator\" content=\"mtlint {}\"><title>{title}</title><style>{STYLE}</style></head>\
             <body><main><header><h1>{title}</h1><p class=\"totals\">{} {} · {} findings \
             ({} errors, {} warnings, {} info) · <strong>{} of {} pass</strong> \
             (at most {:.2} MQM penalty points per 100 words)</p></header>",
            env!("CARGO_PKG_VERSION"),
            s.files,
            if s.files == 1 { "article" } else { "articles" },
            s.findings(),
            s.errors,
            s.warnings,
            s.infos,
            s.passed,
            s.files,
            s.threshold,
            title = escape(self.title),
        )
    }

    /// Classes that have findings in this run (all of them when none has).
    fn shown_classes(&self) -> Vec<Class> {
        let used: Vec<Class> = Class::ALL
            .into_iter()
            .filter(|&c| self.articles.iter().any(|a| a.classes[class_index(c)] > 0))
            .collect();
        if used.is_empty() {
            Class::ALL.to_vec()
        } else {
            used
        }
    }

    fn overview(&self) -> String {
        let classes = self.shown_classes();
        let totals: Vec<(Class, usize)> = Class::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    self.articles
                        .iter()
                        .map(|a| a.classes[class_index(c)])
                        .sum(),
                )
            })
            .collect();
        let mut out = String::from(
            "<section id=\"overview\" aria-labelledby=\"overview-h\"><h2 id=\"overview-h\">Overview</h2>\
             <div class=\"overview-top\"><figure>",
        );
        out.push_str(&chart::class_chart(&totals));
        out.push_str("<figcaption>Findings per class</figcaption></figure>");
        out.push_str(&legend());
        out.push_str("</div><div class=\"tools\"><button type=\"button\" id=\"open-all\">Expand all articles</button> \
             <button type=\"button\" id=\"close-all\">Collapse all</button></div>");
        out.push_str("<div class=\"table-wrap\"><table class=\"ranking\"><caption>Articles ranked by quality score, worst first</caption><thead><tr>\
             <th scope=\"col\">#</th><th scope=\"col\">Article</th><th scope=\"col\">Score</th><th scope=\"col\">Verdict</th>\
             <th scope=\"col\">Words</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th><th scope=\"col\">Info</th>");
        for c in &classes {
            let _ = write!(
                out,
                "<th scope=\"col\"><span class=\"badge c-{c}\">{}</span> {c}</th>",
                class_badge(*c)
            );
        }
        out.push_str("</tr></thead><tbody>");
        for (rank, a) in self.articles.iter().enumerate() {
            self.ranking_row(&mut out, rank + 1, a, &classes);
        }
        out.push_str("</tbody></table></div></section>");
        out
    }

    fn ranking_row(&self, out: &mut String, rank: usize, a: &Article, classes: &[Class]) {
        let q = &a.quality;
        let _ = write!(
            out,
            "<tr class=\"{v}\"><td>{rank}</td><td><a href=\"#a-{}\">{}</a></td><td class=\"num\">{:.2}</td>\
             <td><span class=\"verdict {v}\">{v}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td>",
            a.index,
            escape(&a.path),
            q.score,
            q.words,
            a.severities[0],
            a.severities[1],
            a.severities[2],
            v = q.verdict(),
        );
        for c in classes {
            let _ = write!(out, "<td class=\"num\">{}</td>", a.classes[class_index(*c)]);
        }
        out.push_str("</tr>");
    }

    fn article(&self, a: &Article) -> String {
        let q = &a.quality;
        let findings: usize = a.severities.iter().sum();
        let mut out = String::with_capacity(a.body.len() + 512);
        let _ = write!(
            out,
            "<details class=\"article\" id=\"a-{}\" data-score=\"{:.2}\"><summary><span class=\"verdict {v}\">{v}</span> \
             <span class=\"path\">{}</span> <span class=\"meta\">score {:.2} · {} penalty points · {} words · {} findings \
             ({} errors, {} warnings, {} info)</span></summary>",
            a.index,
            q.score,
            escape(&a.path),
            q.score,
            q.penalty,
            q.words,
            findings,
            a.severities[0],
            a.severities[1],
            a.severities[2],
            v = q.verdict(),
        );
        out.push_str(&a.body);
        out.push_str("</details>");
        out
    }
}

fn legend() -> String {
    let mut out = String::from("<div class=\"legend\"><h3>Classes</h3><ul>");
    for c in Class::ALL {
        let _ = write!(
            out,
            "<li><span class=\"sample c-{c}\"><span class=\"badge c-{c}\">{}</span> {c}</span></li>",
            class_badge(c)
        );
    }
    out.push_str(
        "</ul><p>Each finding is tinted and underlined by class and starts with its class badge; \
         errors have a solid badge, warnings an outlined one, info a dashed one. Hover or focus \
         a mark (Tab) for its message; the list beside each text jumps to each finding.</p></div>",
    );
    out
}

#[cfg(test)]
mod tests;

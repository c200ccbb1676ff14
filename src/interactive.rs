//! `mtlint` on a terminal with no command (or `mtlint -i`): paste a text, see
//! it back with the findings highlighted and listed with their suggestions,
//! paste the next one. A paste ends with Ctrl-D or two empty lines; Ctrl-D on
//! an empty paste quits. Colour only on a terminal (the caller's stream strips
//! it otherwise, and honours NO_COLOR); without colour a flagged stretch is
//! written `[[like this]](1)`, the notation of the rule examples.

use anstyle::{AnsiColor, Effects, Style};
use anyhow::Result;
use mtlint::score::{Quality, ScoreConfig};
use mtlint::{check_text, CheckOptions, Finding, RuleSet, Severity};
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// `check -` with default options: what piped input with no command means.
pub fn piped_check_args() -> crate::CheckArgs {
    #[derive(clap::Parser)]
    struct Piped {
        #[command(flatten)]
        args: crate::CheckArgs,
    }
    <Piped as clap::Parser>::parse_from(["mtlint", "-"]).args
}

/// One paste read from the input.
enum Paste {
    Text(String),
    /// Two empty lines with nothing before them: ask again.
    Nothing,
    /// End of input with nothing pasted: quit.
    End,
}

/// Reads lines until end of input or two empty lines in a row. Bytes that are
/// not UTF-8 become U+FFFD: a paste is shown back, not located by offsets.
fn read_paste(input: &mut dyn BufRead) -> std::io::Result<Paste> {
    let mut text = String::new();
    let mut empty_run = 0;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        let read = input.read_until(b'\n', &mut raw)?;
        let line = String::from_utf8_lossy(&raw);
        if read == 0 {
            return Ok(if text.trim().is_empty() {
                Paste::End
            } else {
                Paste::Text(text)
            });
        }
        if line.trim().is_empty() {
            empty_run += 1;
            if empty_run == 2 {
                let kept = text.trim_end().to_string();
                return Ok(if kept.is_empty() {
                    Paste::Nothing
                } else {
                    Paste::Text(kept + "\n")
                });
            }
        } else {
            empty_run = 0;
        }
        text.push_str(&line);
    }
}

/// The interactive loop over standard input.
pub fn run(rules: &RuleSet, out: &mut dyn Write) -> Result<ExitCode> {
    let stdin = std::io::stdin();
    session(rules, &mut stdin.lock(), out)
}

fn session(rules: &RuleSet, input: &mut dyn BufRead, out: &mut dyn Write) -> Result<ExitCode> {
    writeln!(
        out,
        "mtlint {}: paste an article, then press Ctrl-D or Enter on two empty lines.\n\
         Ctrl-D on an empty paste quits.",
        env!("CARGO_PKG_VERSION")
    )?;
    loop {
        write!(out, "\n{}", paint(PROMPT, "paste text> "))?;
        out.flush()?;
        match read_paste(input)? {
            Paste::Text(text) => show(rules, &text, out)?,
            Paste::Nothing => continue,
            Paste::End => break,
        }
    }
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

const PROMPT: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    colour
        .on_default()
        .effects(Effects::BOLD | Effects::UNDERLINE)
}

/// Overlapping findings merged into one highlighted stretch: (start, end, finding indexes).
fn groups(findings: &[Finding]) -> Vec<(usize, usize, Vec<usize>)> {
    let mut out: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        match out.last_mut() {
            Some(g) if f.span.start < g.1 || (f.span.start == g.0 && f.span.start == g.1) => {
                g.1 = g.1.max(f.span.end);
                g.2.push(i);
            }
            _ => out.push((f.span.start, f.span.end, vec![i])),
        }
    }
    out
}

/// The text with its findings highlighted, numbered from 1.
fn highlighted(text: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(text.len() + findings.len() * 24);
    let mut at = 0;
    for (start, end, members) in groups(findings) {
        out.push_str(&text[at..start]);
        let worst = members.iter().map(|&i| findings[i].severity).max();
        let style = severity_style(worst.unwrap_or(Severity::Info));
        let labels: Vec<String> = members.iter().map(|i| (i + 1).to_string()).collect();
        // `[[`/`]]` are dimmed: a terminal shows the colour, and the plain
        // stream (no colour) keeps only the brackets.
        out.push_str(&format!(
            "{}{}{}{}",
            paint(DIM, "[["),
            paint(style, &text[start..end]),
            paint(DIM, "]]"),
            paint(DIM, &format!("({})", labels.join(",")))
        ));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes the checked paste: the text highlighted, then one line per finding.
fn show(rules: &RuleSet, text: &str, out: &mut dyn Write) -> Result<()> {
    let findings = check_text(rules, text, &CheckOptions::default());
    let quality = Quality::of(text, &findings, &ScoreConfig::default());
    writeln!(out)?;
    write!(out, "{}", highlighted(text, &findings))?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    writeln!(out, "\n{}", summary(findings.len(), &quality))?;
    for (i, f) in findings.iter().enumerate() {
        let style = severity_style(f.severity).effects(Effects::BOLD);
        writeln!(
            out,
            "{:>3}. {} {} {}",
            i + 1,
            paint(style, f.severity.as_str()),
            f.message,
            paint(DIM, &format!("[{}]", f.rule))
        )?;
        if let Some(help) = suggestions(f) {
            writeln!(out, "     → {help}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn summary(count: usize, quality: &Quality) -> String {
    let findings = match count {
        0 => "No findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    format!(
        "{findings}; quality score {:.2} penalty points per 100 words, {} (pass at {:.2} or less).",
        quality.score,
        quality.verdict(),
        quality.threshold
    )
}

fn suggestions(f: &Finding) -> Option<String> {
    let first = f.suggestions.first()?;
    let all: Vec<String> = f
        .suggestions
        .iter()
        .map(|s| match s.replacement.as_str() {
            "" => "delete it".to_string(),
            r => format!("“{r}”"),
        })
        .collect();
    let safety = if first.safe && f.suggestions.len() == 1 {
        "safe fix"
    } else {
        "review before applying"
    };
    Some(format!("{} ({safety})", all.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(session_input: impl AsRef<[u8]>) -> String {
        let rules = RuleSet::embedded().expect("rules");
        let mut out = Vec::new();
        session(&rules, &mut session_input.as_ref(), &mut out).expect("session");
        let mut stripped = Vec::new();
        let mut stream = anstream::StripStream::new(&mut stripped);
        stream.write_all(&out).expect("strip");
        String::from_utf8(stripped).expect("utf-8")
    }

    #[test]
    fn two_empty_lines_end_a_paste_and_findings_are_marked() {
        let out = plain("The talks ended.Officials left.\n\nSecond paragraph.\n\n\nUS Foreign Minister spoke.\n");
        assert!(
            out.contains("The talks [[ended.Officials]](1) left.\n\nSecond paragraph.\n"),
            "{out}"
        );
        assert!(out.contains("[[Foreign Minister]](1)"), "{out}");
        assert!(out.contains("→ “ended. Officials” (safe fix)"), "{out}");
        assert_eq!(out.matches("paste text> ").count(), 3, "{out}");
    }

    #[test]
    fn paste_output_snapshot() {
        insta::assert_snapshot!(plain(
            "Officials said the US Foreign Minister Anthony Blinken would attend , a spokeswoman. of the Pentagon said.\n"
        ));
    }

    #[test]
    fn invalid_utf8_in_a_paste_is_replaced_not_fatal() {
        let out = plain(b"caf\xe9 talks ended.Officials left.\n");
        // The replacement character is itself flagged (punctuation.mojibake).
        assert!(
            out.contains("caf[[\u{fffd}]](1) talks [[ended.Officials]](2)"),
            "{out}"
        );
    }

    #[test]
    fn clean_text_has_no_marks() {
        let out = plain("The talks ended. Officials left.");
        assert!(out.contains("No findings; quality score 0.00"), "{out}");
        assert!(!out.contains("[["), "{out}");
    }
}

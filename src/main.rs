//! The `mtlint` command line: a thin layer over the library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use mtlint::check::{CheckOptions, Selector};
use mtlint::entities::Date;
use mtlint::input::{self, DEFAULT_MAX_BYTES};
use mtlint::render::{Emitter, FileReport, Human, Json, Markdown, Summary};
use mtlint::rules::{examples, RuleSet, RuleSource};
use mtlint::{check_text, Severity};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod report_commands;

#[derive(Parser)]
#[command(
    name = "mtlint",
    version,
    about = "Checks machine-translated English news for translation artefacts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Extra rule folder (repeatable); its rules override built-in ones with the same id.
    #[arg(long = "rules", global = true, value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// When to use colour (NO_COLOR is respected in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Subcommand)]
enum Command {
    /// Check files, folders (their .txt and .md files) or `-` for standard input.
    Check(CheckArgs),
    /// List the rules, or run every rule's examples with --test.
    Rules {
        /// Run each rule's must-flag and must-not-flag examples and report failures.
        #[arg(long)]
        test: bool,
    },
    /// Write one self-contained HTML report (overview, scores, every finding in its text).
    Report(report_commands::ReportArgs),
    /// Apply every safe suggestion: print the fixed text, write it back, or show a diff.
    Fix(report_commands::FixArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files, folders, or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Report only findings at or above this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Info)]
    min_severity: SeverityArg,
    /// Only run these rules (ids, id prefixes or classes; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules (ids, id prefixes or classes).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_file_size: u64,
    #[command(flatten)]
    score: report_commands::ScoreArgs,
    /// The date the articles are read at, YYYY-MM-DD: decides who held which office
    /// (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    /// A Markdown summary for a ticket or CMS comment.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Warning,
    Error,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mtlint: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let mut sources = vec![RuleSource::Embedded];
    sources.extend(cli.rule_dirs.iter().cloned().map(RuleSource::Dir));
    let rules = RuleSet::load(&sources)?;
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    match cli.command {
        Command::Check(args) => check(&rules, args, &mut out),
        Command::Rules { test: false } => list_rules(&rules, &mut out),
        Command::Rules { test: true } => test_rules(&rules, &mut out),
        Command::Report(args) => report_commands::report(&rules, args, &mut out),
        Command::Fix(args) => report_commands::fix(&rules, args, &mut out),
    }
}

fn check(rules: &RuleSet, args: CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let parse = |list: &[String]| -> Result<Vec<Selector>> {
        list.iter()
            .map(|s| Selector::parse(rules, s).map_err(anyhow::Error::msg))
            .collect()
    };
    let options = CheckOptions {
        min_severity: match args.min_severity {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        },
        select: parse(&args.select)?,
        ignore: parse(&args.ignore)?,
        date: args.date,
    };
    let mut emitter: Box<dyn Emitter> = match args.format {
        Format::Human => Box::new(Human::new(true)),
        Format::Json => Box::new(Json::default()),
        Format::Markdown => Box::new(Markdown::default()),
    };
    let score = args.score.config()?;
    let mut summary = Summary::default();
    let mut failed = false;
    for (name, text) in inputs(&args.paths, args.max_file_size) {
        let text = match text {
            Ok(text) => text,
            Err(err) => {
                eprintln!("mtlint: error: {err}");
                failed = true;
                continue;
            }
        };
        let findings = check_text(rules, &text, &options);
        let report = FileReport::new(name, text, findings).scored(&score);
        summary.add(&report);
        emitter.file(out, &report)?;
    }
    emitter.finish(out, &summary)?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if summary.findings() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every input as (display name, its text or why it cannot be read).
fn inputs(paths: &[PathBuf], limit: u64) -> Vec<(String, Result<String, input::InputError>)> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push((
                "-".to_string(),
                input::read_stream("-", std::io::stdin().lock(), limit),
            ));
            continue;
        }
        match input::expand_paths(std::slice::from_ref(path)) {
            Ok(files) => out.extend(
                files
                    .into_iter()
                    .map(|f| (f.display().to_string(), input::read_file(&f, limit))),
            ),
            Err(err) => out.push((path.display().to_string(), Err(err))),
        }
    }
    out
}

fn list_rules(rules: &RuleSet, out: &mut dyn Write) -> Result<ExitCode> {
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &rules.rules {
        writeln!(
            out,
            "{:<width$}  {:<12} {:<7}  {}",
            rule.id, rule.class, rule.severity, rule.description
        )
        .context("writing the rule list")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn test_rules(rules: &RuleSet, out: &mut dyn Write) -> Result<ExitCode> {
    let mut failures = 0;
    let mut examples_run = 0;
    for rule in &rules.rules {
        examples_run += rule.examples.flag.len() + rule.examples.pass.len();
        for failure in examples::run(rule) {
            failures += 1;
            writeln!(out, "FAIL {failure}")?;
        }
    }
    writeln!(
        out,
        "{} rules, {examples_run} examples, {failures} failures",
        rules.rules.len()
    )?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

//! The `mtlint` command line: a thin layer over the library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use mtlint::config::{resolve::CliSettings, Resolver};
use mtlint::entities::Date;
use mtlint::input::{self, InputFormat, DEFAULT_MAX_BYTES};
use mtlint::pipeline::Pipeline;
use mtlint::render::{self, Emitter};
use mtlint::rules::{examples, RuleSet, RuleSource};
use mtlint::Severity;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod interactive;
mod report_commands;
mod serve;

#[derive(Parser)]
#[command(
    name = "mtlint",
    version,
    about = "Checks machine-translated English news for translation artefacts"
)]
struct Cli {
    /// Without a command: interactive on a terminal, `check -` on piped input.
    #[command(subcommand)]
    command: Option<Command>,
    /// Check pasted text interactively (the default on a terminal with no command).
    #[arg(short, long)]
    interactive: bool,
    /// Extra rule folder (repeatable); its rules override built-in ones with the same id.
    #[arg(long = "rules", global = true, value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// When to use colour (NO_COLOR is respected in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Subcommand)]
enum Command {
    /// Check files, folders (their .txt, .md, .html and .jsonl files) or `-` for standard input.
    Check(CheckArgs),
    /// List the rules, or run every rule's examples with --test.
    Rules {
        /// Run each rule's must-flag and must-not-flag examples and report failures.
        #[arg(long)]
        test: bool,
    },
    /// Print the effective configuration for a file or folder (default: `.`).
    Config {
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write one self-contained HTML report (overview, scores, every finding in its text).
    Report(report_commands::ReportArgs),
    /// Apply every safe suggestion: print the fixed text, write it back, or show a diff.
    Fix(report_commands::FixArgs),
    /// Serve the editor page and LanguageTool's HTTP API (default http://127.0.0.1:8080/).
    Serve(serve::ServeArgs),
}

#[derive(clap::Args)]
struct ConfigArgs {
    /// Use this configuration file for every input instead of the nearest `.mtlint.yaml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
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
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES", value_parser = input::parse_max_bytes)]
    max_file_size: u64,
    /// The date the articles are read at, YYYY-MM-DD: decides who held which office
    /// (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
    /// Print counts per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Report suppression comments that hid nothing (rule `suppression.unused`).
    #[arg(long)]
    report_unused_suppressions: bool,
    /// Read every input as this format (default: by extension; `-` is text).
    #[arg(long, value_name = "text|markdown|html|jsonl")]
    input_format: Option<InputFormat>,
    /// The format of the texts inside JSONL records.
    #[arg(long, default_value = "text", value_name = "text|markdown|html")]
    record_format: InputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    score: report_commands::ScoreArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Concise,
    Json,
    Jsonl,
    Sarif,
    Github,
    Junit,
    Checkstyle,
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
    let rules = Arc::new(RuleSet::load(&sources)?);
    let stdout = std::io::stdout().lock();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::AutoStream::choice(&stdout),
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(stdout, choice);
    let command = match cli.command {
        Some(command) if !cli.interactive => command,
        Some(_) => anyhow::bail!("--interactive takes no command"),
        None if cli.interactive || std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            return interactive::run(&rules, &mut out)
        }
        None => Command::Check(interactive::piped_check_args()),
    };
    match command {
        Command::Check(args) if choice == anstream::ColorChoice::Never => {
            // Without colour nothing needs stripping: findings go straight to
            // a buffer (stripping a 10 MB JSON report costs more than writing it).
            let mut plain = std::io::BufWriter::with_capacity(1 << 16, out.into_inner());
            check(sources, rules, args, false, &mut plain)
        }
        Command::Check(args) => check(sources, rules, args, true, &mut out),
        Command::Config { path, config } => print_config(sources, rules, path, config, &mut out),
        Command::Rules { test: false } => list_rules(&rules, &mut out),
        Command::Rules { test: true } => test_rules(&rules, &mut out),
        Command::Report(args) => report_commands::report(sources, rules, args, &mut out),
        Command::Fix(args) => report_commands::fix(sources, rules, args, &mut out),
        Command::Serve(args) => serve::serve(rules, args).map(|()| ExitCode::SUCCESS),
    }
}

fn check(
    sources: Vec<RuleSource>,
    rules: Arc<RuleSet>,
    args: CheckArgs,
    colour: bool,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let cli = CliSettings {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        min_severity: Some(match args.min_severity {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        }),
        config: args.config.config.clone(),
        isolated: args.config.isolated,
        date: args.date,
    };
    let mut emitter: Box<dyn Emitter> = if args.statistics {
        Box::new(render::Statistics::default())
    } else {
        emitter_for(args.format, colour, &rules)
    };
    let resolver = Resolver::new(sources, rules, cli);
    // Fail early on a bad configuration or selector for the working folder.
    resolver.profile_for(None)?;
    let pipeline = Pipeline {
        resolver: &resolver,
        input_format: args.input_format,
        record_format: args.record_format,
        report_unused_suppressions: args.report_unused_suppressions,
        max_bytes: args.max_file_size,
        score: args.score.config()?,
        score_threshold_given: args.score.threshold_given(),
    };
    // Without --threads, rayon's pool starts on first use (one thread per
    // core), so a check of one file starts no threads at all.
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("starting worker threads")?;
    }
    let mut last_error = String::new();
    let (summary, failed) = pipeline.emit(&args.paths, emitter.as_mut(), out, |message| {
        // The same error for many files in a row (a bad nested configuration) is shown once.
        if message != last_error {
            eprintln!("mtlint: error: {message}");
            last_error = message.to_string();
        }
    })?;
    emitter.finish(out, &summary)?;
    out.flush()?;
    // The process ends next: freeing the compiled rules, gazetteer and caches
    // one allocation at a time would cost a sixth of a one-paragraph check.
    std::mem::forget(resolver);
    Ok(if failed {
        ExitCode::from(2)
    } else if summary.findings() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// The emitter for `format`; `colour` says whether human output may carry colour codes.
fn emitter_for(format: Format, colour: bool, rules: &RuleSet) -> Box<dyn Emitter> {
    match format {
        Format::Human => Box::new(render::Human::new(colour)),
        Format::Concise => Box::new(render::Concise),
        Format::Json => Box::new(render::Json::default()),
        Format::Jsonl => Box::new(render::JsonLines),
        Format::Sarif => Box::new(render::Sarif::new(render::sarif::RuleMeta::all(rules))),
        Format::Github => Box::new(render::Github),
        Format::Junit => Box::new(render::Junit::default()),
        Format::Checkstyle => Box::new(render::Checkstyle::default()),
        Format::Markdown => Box::new(render::Markdown::default()),
    }
}

fn print_config(
    sources: Vec<RuleSource>,
    rules: Arc<RuleSet>,
    path: Option<PathBuf>,
    args: ConfigArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let cli = CliSettings {
        config: args.config,
        isolated: args.isolated,
        ..CliSettings::default()
    };
    let resolver = Resolver::new(sources, rules, cli);
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    if !path.exists() {
        anyhow::bail!("{}: no such file or folder", path.display());
    }
    let profile = resolver.profile_for(Some(&path))?;
    let yaml = serde_saphyr::to_string(&profile.effective).context("writing the configuration")?;
    writeln!(out, "# effective configuration for {}", path.display())?;
    write!(out, "{yaml}")?;
    Ok(ExitCode::SUCCESS)
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

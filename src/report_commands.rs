//! The `report` and `fix` commands and the score flags: part of the binary
//! (declared in `main.rs`), kept apart from it so the CLI stays small.

use anyhow::{Context, Result};
use mtlint::config::{resolve::CliSettings, Resolver};
use mtlint::input::InputFormat;
use mtlint::input::{self, DEFAULT_MAX_BYTES};
use mtlint::pipeline::Pipeline;
use mtlint::render::{Emitter, Html};
use mtlint::rules::{RuleSet, RuleSource};
use mtlint::score::ScoreConfig;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// How findings are scored (MQM-style penalty points per 100 words).
#[derive(clap::Args)]
pub struct ScoreArgs {
    /// MQM level per rule severity (none=0, minor=1, major=5, critical=25 points).
    #[arg(
        long,
        value_name = "MAPPING",
        default_value = "error=major,warning=minor,info=none"
    )]
    mqm: String,
    /// An article passes at or below this many penalty points per 100 words
    /// [default: the configuration's `score_threshold`, else 1]
    #[arg(long, value_name = "POINTS")]
    pass_threshold: Option<f64>,
}

impl ScoreArgs {
    pub fn config(&self) -> Result<ScoreConfig> {
        let mut config = ScoreConfig::default();
        config.set_mapping(&self.mqm)?;
        let threshold = self
            .pass_threshold
            .unwrap_or(mtlint::score::DEFAULT_THRESHOLD);
        if !threshold.is_finite() || threshold < 0.0 {
            anyhow::bail!(
                "--pass-threshold must be a number of points, 0 or more (got {threshold})"
            );
        }
        config.threshold = threshold;
        Ok(config)
    }

    /// Whether `--pass-threshold` was given (it then wins over a configuration file).
    pub fn threshold_given(&self) -> bool {
        self.pass_threshold.is_some()
    }
}

/// Which rules run (shared by check, report and fix).
#[derive(clap::Args)]
pub struct SelectArgs {
    /// Only run these rules (ids, id prefixes or classes; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules (ids, id prefixes or classes).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Files, folders, or `-` for standard input.
    #[arg(required = true, value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Where to write the HTML file.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Report title.
    #[arg(long, default_value = "mtlint report")]
    title: String,
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    score: ScoreArgs,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES", value_parser = input::parse_max_bytes)]
    max_file_size: u64,
}

#[derive(clap::Args)]
pub struct FixArgs {
    /// Files, folders, or `-` for standard input (one input unless --write or --diff).
    #[arg(required = true, value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Write the fixed text back to each file.
    #[arg(long, conflicts_with = "diff")]
    write: bool,
    /// Print a unified diff instead of the text; exit 1 when there is something to fix.
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    select: SelectArgs,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES", value_parser = input::parse_max_bytes)]
    max_file_size: u64,
}

/// The configuration resolver for `report` and `fix`, with their rule selection;
/// fails early on a bad configuration for the working folder.
fn resolver(
    sources: Vec<RuleSource>,
    rules: Arc<RuleSet>,
    select: &SelectArgs,
) -> Result<Resolver> {
    let cli = CliSettings {
        select: select.select.clone(),
        ignore: select.ignore.clone(),
        ..CliSettings::default()
    };
    let resolver = Resolver::new(sources, rules, cli);
    resolver.profile_for(None)?;
    Ok(resolver)
}

/// The `check` pipeline with default input handling, as `report` and `fix` use it.
fn plain_pipeline(
    resolver: &Resolver,
    max_bytes: u64,
    score: ScoreConfig,
    score_threshold_given: bool,
) -> Pipeline<'_> {
    Pipeline {
        resolver,
        input_format: None,
        record_format: InputFormat::Text,
        report_unused_suppressions: false,
        max_bytes,
        score,
        score_threshold_given,
    }
}

/// The HTML report, over the same pipeline as `check`: configuration files,
/// Markdown/HTML/JSONL inputs and suppression comments apply.
pub fn report(
    sources: Vec<RuleSource>,
    rules: Arc<RuleSet>,
    args: ReportArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let resolver = resolver(sources, rules, &args.select)?;
    let score = args.score.config()?;
    let pipeline = plain_pipeline(
        &resolver,
        args.max_file_size,
        score,
        args.score.threshold_given(),
    );
    let mut html = Vec::new();
    let mut emitter = Html::new(&args.title);
    let (summary, failed) = pipeline.emit(&args.paths, &mut emitter, &mut html, |message| {
        eprintln!("mtlint: error: {message}");
    })?;
    emitter.finish(&mut html, &summary)?;
    std::fs::write(&args.output, html)
        .with_context(|| format!("writing the report to {}", args.output.display()))?;
    writeln!(
        out,
        "Wrote {}: {} findings in {} {}; {} of {} pass the quality threshold.",
        args.output.display(),
        summary.findings(),
        summary.files,
        if summary.files == 1 { "file" } else { "files" },
        summary.passed,
        summary.files
    )?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Safe fixes, with findings from the same pipeline as `check`: configuration
/// files apply, only Markdown/HTML prose is touched, suppressed findings stay.
pub fn fix(
    sources: Vec<RuleSource>,
    rules: Arc<RuleSet>,
    args: FixArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let resolver = resolver(sources, rules, &args.select)?;
    let pipeline = plain_pipeline(&resolver, args.max_file_size, ScoreConfig::default(), false);
    let inputs = read_inputs(&args.paths, args.max_file_size);
    if !args.write && !args.diff && inputs.len() != 1 {
        anyhow::bail!("fix prints one fixed text: give one input, or use --write or --diff");
    }
    let mut failed = false;
    let mut changed = false;
    for (name, text) in inputs {
        let text = match text {
            Ok(text) => text,
            Err(err) => {
                eprintln!("mtlint: error: {err}");
                failed = true;
                continue;
            }
        };
        let path = (name != "-").then(|| PathBuf::from(&name));
        let format = path
            .as_deref()
            .map_or(InputFormat::Text, InputFormat::of_path);
        let mut error = None;
        let outcome = mtlint::fix::fix_with(&text, |current| {
            let checked =
                pipeline.check(name.clone(), path.as_deref(), current.to_string(), format);
            checked.map(|r| r.findings).unwrap_or_else(|e| {
                error = Some(e);
                Vec::new()
            })
        });
        if let Some(message) = error {
            eprintln!("mtlint: error: {message}");
            failed = true;
            continue;
        }
        changed |= outcome.text != text;
        if args.diff {
            write!(
                out,
                "{}",
                mtlint::fix::unified_diff(&name, &text, &outcome.text)
            )?;
        } else if args.write {
            write_fixed(&name, &text, &outcome.text)?;
        } else {
            out.write_all(outcome.text.as_bytes())?;
        }
        out.flush()?;
        if outcome.edits() > 0 {
            eprintln!(
                "mtlint: {name}: {} fixes applied ({})",
                outcome.edits(),
                outcome.rules().join(", ")
            );
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if args.diff && changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Replaces a file's contents with its fixed text (via a temporary file and a rename).
fn write_fixed(name: &str, old: &str, new: &str) -> Result<()> {
    if name == "-" {
        anyhow::bail!("--write needs files, not standard input");
    }
    if old == new {
        return Ok(());
    }
    let path = std::path::Path::new(name);
    let tmp = path.with_file_name(format!(
        ".{}.mtlint-fix",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file")
    ));
    std::fs::write(&tmp, new).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {name}"))?;
    Ok(())
}

/// Every input as (display name, its text or why it cannot be read).
fn read_inputs(paths: &[PathBuf], limit: u64) -> Vec<(String, Result<String, input::InputError>)> {
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

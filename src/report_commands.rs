//! The `report` and `fix` commands and the score flags: part of the binary
//! (declared in `main.rs`), kept apart from it so the CLI stays small.

use anyhow::{Context, Result};
use mtlint::check::{CheckOptions, Selector};
use mtlint::check_text;
use mtlint::input::{self, DEFAULT_MAX_BYTES};
use mtlint::render::{Emitter, FileReport, Html, Summary};
use mtlint::rules::RuleSet;
use mtlint::score::ScoreConfig;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// An article passes at or below this many penalty points per 100 words.
    #[arg(long, value_name = "POINTS", default_value_t = mtlint::score::DEFAULT_THRESHOLD)]
    pass_threshold: f64,
}

impl ScoreArgs {
    pub fn config(&self) -> Result<ScoreConfig> {
        let mut config = ScoreConfig::default();
        config.set_mapping(&self.mqm)?;
        if !self.pass_threshold.is_finite() || self.pass_threshold < 0.0 {
            anyhow::bail!(
                "--pass-threshold must be a number of points, 0 or more (got {})",
                self.pass_threshold
            );
        }
        config.threshold = self.pass_threshold;
        Ok(config)
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
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
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
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_file_size: u64,
}

fn check_options(rules: &RuleSet, args: &SelectArgs) -> Result<CheckOptions> {
    let parse = |list: &[String]| -> Result<Vec<Selector>> {
        list.iter()
            .map(|s| Selector::parse(rules, s).map_err(anyhow::Error::msg))
            .collect()
    };
    Ok(CheckOptions {
        select: parse(&args.select)?,
        ignore: parse(&args.ignore)?,
        ..CheckOptions::default()
    })
}

pub fn report(rules: &RuleSet, args: ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let options = check_options(rules, &args.select)?;
    let score = args.score.config()?;
    let mut html = Vec::new();
    let mut emitter = Html::new(&args.title);
    let mut summary = Summary::default();
    let mut failed = false;
    for (name, text) in read_inputs(&args.paths, args.max_file_size) {
        match text {
            Ok(text) => {
                let findings = check_text(rules, &text, &options);
                let report = FileReport::new(name, text, findings).scored(&score);
                summary.add(&report);
                emitter.file(&mut html, &report)?;
            }
            Err(err) => {
                eprintln!("mtlint: error: {err}");
                failed = true;
            }
        }
    }
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

pub fn fix(rules: &RuleSet, args: FixArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let options = check_options(rules, &args.select)?;
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
        let outcome = mtlint::fix::fix_text(rules, &text, &options);
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

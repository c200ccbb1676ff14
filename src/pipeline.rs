//! Checking many inputs: a lazy stream of jobs, checked in parallel in
//! bounded chunks, reported in input order.
//!
//! Jobs come from the command-line paths one at a time (folders are walked
//! lazily, JSONL batches read line by line). Up to `chunk` jobs are taken,
//! checked on the rayon pool, and handed to the sink in their original order
//! before the next chunk is read, so memory holds at most one chunk of texts
//! and reports whatever the number of inputs, and the output is deterministic.

use crate::check::check_counting_words;
use crate::config::Resolver;
use crate::input::{self, jsonl, InputFormat};
use crate::render::{Emitter, FileReport, Summary};
use crate::score::ScoreConfig;
use crate::suppress::Suppressions;
use crate::walk::Walk;
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// One unit of work.
#[derive(Debug)]
pub enum Job {
    File(PathBuf),
    /// Standard input, read whole.
    Stdin(String),
    /// One line of a JSONL batch.
    Record {
        batch: PathBuf,
        line: usize,
        json: String,
    },
    /// An input that could not even be listed.
    Failed(String),
}

/// How inputs are read and findings filtered.
pub struct Pipeline<'r> {
    pub resolver: &'r Resolver,
    /// Forces a format; otherwise by extension (standard input: plain text).
    pub input_format: Option<InputFormat>,
    /// Format of the texts inside JSONL records.
    pub record_format: InputFormat,
    pub report_unused_suppressions: bool,
    pub max_bytes: u64,
    /// How reports are scored; a configuration's `score_threshold` replaces
    /// the threshold unless `score_threshold_given` (the command line said).
    pub score: ScoreConfig,
    pub score_threshold_given: bool,
}

impl Pipeline<'_> {
    fn format_of(&self, path: &Path) -> InputFormat {
        self.input_format
            .unwrap_or_else(|| InputFormat::of_path(path))
    }

    /// Checks one text; `path` picks the configuration (None: working folder).
    pub fn check(
        &self,
        name: String,
        path: Option<&Path>,
        text: String,
        format: InputFormat,
    ) -> Result<FileReport, String> {
        let profile = self.resolver.profile_for(path).map_err(|e| e.to_string())?;
        let masked = format.mask(&text);
        // Words are counted in the prose only, not in markup or code.
        let (mut findings, words) =
            check_counting_words(&profile.rules, &masked.text, &profile.options);
        findings.retain(|f| !masked.touches_hidden(f.span));
        let mut findings = profile.adjust(&text, findings);
        let in_comment = |offset| masked.in_comment(offset);
        let suppressions = Suppressions::parse(&text, &profile.rules, in_comment).map_err(|e| {
            let at = crate::text::LineIndex::new(&text).line_col(&text, e.offset);
            format!("{name}:{}:{}: {e}", at.line, at.column)
        })?;
        suppressions.apply(&mut findings, self.report_unused_suppressions);
        let mut score = self.score;
        if let (Some(threshold), false) = (
            profile.effective.score_threshold,
            self.score_threshold_given,
        ) {
            score.threshold = threshold;
        }
        Ok(FileReport::with_word_count(name, text, findings, words).scored(&score))
    }

    /// Runs one job to a report (or an error message naming the input).
    pub fn run_job(&self, job: Job) -> Result<FileReport, String> {
        match job {
            Job::File(path) => {
                let text = input::read_file(&path, self.max_bytes).map_err(|e| e.to_string())?;
                let format = self.format_of(&path);
                self.check(path.display().to_string(), Some(&path), text, format)
            }
            Job::Stdin(text) => self.check(
                "-".to_string(),
                None,
                text,
                self.input_format.unwrap_or(InputFormat::Text),
            ),
            Job::Record { batch, line, json } => {
                let name = batch.display().to_string();
                let record = jsonl::parse_record(&name, line, &json).map_err(|e| e.to_string())?;
                let config_path = (name != "-").then_some(batch.as_path());
                let mut report =
                    self.check(record.id, config_path, record.text, self.record_format)?;
                report.id = Some(record.raw_id);
                Ok(report)
            }
            Job::Failed(message) => Err(message),
        }
    }

    /// The jobs for the command-line paths, produced lazily.
    pub fn jobs<'a>(&'a self, paths: &'a [PathBuf]) -> impl Iterator<Item = Job> + 'a {
        paths.iter().flat_map(move |path| self.jobs_of(path))
    }

    fn jobs_of(&self, path: &Path) -> Box<dyn Iterator<Item = Job> + '_> {
        let jsonl = |p: &Path| self.format_of(p) == InputFormat::Jsonl;
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            if self.input_format == Some(InputFormat::Jsonl) {
                return Box::new(batch_jobs(PathBuf::from("-"), stdin.lock()));
            }
            let job = match input::read_stream("-", stdin.lock(), self.max_bytes) {
                Ok(text) => Job::Stdin(text),
                Err(e) => Job::Failed(e.to_string()),
            };
            return Box::new(std::iter::once(job));
        }
        if path.is_dir() {
            return Box::new(Walk::new(path).flat_map(move |f| match f {
                Ok(f) if jsonl(&f) => self.batch_file(f),
                Ok(f) => Box::new(std::iter::once(Job::File(f))),
                Err(e) => Box::new(std::iter::once(Job::Failed(e.to_string()))),
            }));
        }
        if jsonl(path) && path.is_file() {
            return self.batch_file(path.to_path_buf());
        }
        Box::new(std::iter::once(Job::File(path.to_path_buf())))
    }

    fn batch_file(&self, path: PathBuf) -> Box<dyn Iterator<Item = Job> + '_> {
        match std::fs::File::open(&path) {
            Ok(file) => Box::new(batch_jobs(path, std::io::BufReader::new(file))),
            Err(e) => Box::new(std::iter::once(Job::Failed(format!(
                "{}: cannot read: {e}",
                path.display()
            )))),
        }
    }

    /// Checks every job, `chunk` at a time in parallel, and gives each
    /// outcome to `sink` in input order. Stops early if the sink fails.
    pub fn run<E>(
        &self,
        jobs: impl Iterator<Item = Job>,
        chunk: usize,
        mut sink: impl FnMut(Result<FileReport, String>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut jobs = jobs.peekable();
        let chunk = chunk.max(1);
        while let Some(first) = jobs.next() {
            if jobs.peek().is_none() {
                // A single input is checked on this thread: no pool to start.
                sink(self.run_job(first))?;
                break;
            }
            let rest = jobs.by_ref().take(chunk - 1);
            let batch: Vec<Job> = std::iter::once(first).chain(rest).collect();
            let outcomes: Vec<_> = batch.into_par_iter().map(|j| self.run_job(j)).collect();
            for outcome in outcomes {
                sink(outcome)?;
            }
        }
        Ok(())
    }
}

impl Pipeline<'_> {
    /// Checks every input of `paths` on the current rayon pool and writes
    /// each report with `emitter` in input order; `on_error` gets each
    /// input error. Returns the totals and whether any input failed.
    pub fn emit(
        &self,
        paths: &[PathBuf],
        emitter: &mut dyn Emitter,
        out: &mut dyn Write,
        mut on_error: impl FnMut(&str),
    ) -> std::io::Result<(Summary, bool)> {
        // Bounds the texts in flight; asking rayon would start its pool.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = 64 * cores;
        let mut summary = Summary::default();
        let mut failed = false;
        self.run(self.jobs(paths), chunk, |outcome| {
            match outcome {
                Ok(report) => {
                    summary.add(&report);
                    emitter.file(out, &report)?;
                }
                Err(message) => {
                    on_error(&message);
                    failed = true;
                }
            }
            Ok::<(), std::io::Error>(())
        })?;
        Ok((summary, failed))
    }
}

fn batch_jobs(batch: PathBuf, reader: impl BufRead) -> impl Iterator<Item = Job> {
    let name = batch.display().to_string();
    jsonl::lines(&name, reader).map(move |line| match line {
        Ok((line, json)) => Job::Record {
            batch: batch.clone(),
            line,
            json,
        },
        Err(e) => Job::Failed(e.to_string()),
    })
}

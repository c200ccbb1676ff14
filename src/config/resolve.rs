//! Turning configuration files into the settings for one file: a [`Profile`].

use super::{at, find_config, ConfigError, Effective, LoadedConfig, RuleSettings, Vocabulary};
use crate::check::{CheckOptions, Selector};
use crate::diagnostic::{Finding, Severity};
use crate::rules::{RuleSet, RuleSource};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Command-line settings, applied over every configuration file.
#[derive(Debug, Clone, Default)]
pub struct CliSettings {
    /// Replaces the configuration's `select` when not empty.
    pub select: Vec<String>,
    /// Added to the configuration's `ignore`.
    pub ignore: Vec<String>,
    pub min_severity: Option<Severity>,
    /// Use this configuration file for every input instead of searching.
    pub config: Option<PathBuf>,
    /// Use no configuration file at all.
    pub isolated: bool,
    /// The date articles are read at (`--date`): who held which office.
    pub date: Option<crate::entities::Date>,
}

/// Everything needed to check one file: its rules and how to filter findings.
#[derive(Debug)]
pub struct Profile {
    pub rules: Arc<RuleSet>,
    /// Rule selection (the severity threshold is applied after overrides).
    pub options: CheckOptions,
    pub min_severity: Severity,
    /// Severity overrides, most specific (longest) selector first.
    pub severity: Vec<(Selector, Severity)>,
    pub vocabulary: Vocabulary,
    pub effective: Effective,
}

impl Profile {
    /// Applies severity overrides, the threshold and the house vocabulary.
    pub fn adjust(&self, text: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
        for finding in &mut findings {
            if let Some((_, severity)) = self
                .severity
                .iter()
                .find(|(s, _)| s.matches_id(&finding.rule, finding.class))
            {
                finding.severity = *severity;
            }
        }
        findings.retain(|f| f.severity >= self.min_severity);
        self.vocabulary.retain_unlisted(text, &mut findings);
        findings
    }
}

/// Finds, loads and caches configurations and the profiles built from them.
/// Shared by the worker threads.
pub struct Resolver {
    base_sources: Vec<RuleSource>,
    base_rules: Arc<RuleSet>,
    cli: CliSettings,
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    configs: Mutex<HashMap<PathBuf, Arc<LoadedConfig>>>,
    rule_sets: Mutex<HashMap<Vec<PathBuf>, Arc<RuleSet>>>,
    profiles: Mutex<HashMap<ProfileKey, Arc<Profile>>>,
}

type Cached<T> = Result<T, ConfigError>;

/// A profile is fixed by its configuration file and the overrides that apply.
type ProfileKey = (Option<PathBuf>, Vec<usize>);

impl Resolver {
    pub fn new(base_sources: Vec<RuleSource>, base_rules: Arc<RuleSet>, cli: CliSettings) -> Self {
        Resolver {
            base_sources,
            base_rules,
            cli,
            folders: Mutex::default(),
            configs: Mutex::default(),
            rule_sets: Mutex::default(),
            profiles: Mutex::default(),
        }
    }

    /// The rules without any configuration's extra folders.
    pub fn base_rules(&self) -> &Arc<RuleSet> {
        &self.base_rules
    }

    /// The profile for a file (or folder); `None` for standard input and
    /// batch records, which use the working folder's configuration.
    pub fn profile_for(&self, path: Option<&Path>) -> Cached<Arc<Profile>> {
        let path = path.unwrap_or(Path::new("."));
        let config = match self.config_path_for(path) {
            Some(p) => Some(self.config(&p)?),
            None => None,
        };
        let overrides = config
            .as_ref()
            .map(|c| c.overrides_for(&absolute(path)))
            .unwrap_or_default();
        let key = (config.as_ref().map(|c| c.path.clone()), overrides.clone());
        if let Some(profile) = lock(&self.profiles).get(&key) {
            return Ok(profile.clone());
        }
        let profile = Arc::new(self.build(config.as_deref(), &overrides)?);
        lock(&self.profiles).insert(key, profile.clone());
        Ok(profile)
    }

    fn config_path_for(&self, path: &Path) -> Option<PathBuf> {
        if self.cli.isolated {
            return None;
        }
        if let Some(forced) = &self.cli.config {
            return Some(forced.clone());
        }
        let folder = match path.parent() {
            _ if path.is_dir() => path.to_path_buf(),
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if let Some(found) = lock(&self.folders).get(&folder) {
            return found.clone();
        }
        let found = find_config(&folder);
        lock(&self.folders).insert(folder, found.clone());
        found
    }

    fn config(&self, path: &Path) -> Cached<Arc<LoadedConfig>> {
        if let Some(config) = lock(&self.configs).get(path) {
            return Ok(config.clone());
        }
        let config = Arc::new(LoadedConfig::load(path)?);
        lock(&self.configs).insert(path.to_path_buf(), config.clone());
        Ok(config)
    }

    fn rules_with(&self, dirs: &[PathBuf]) -> Cached<Arc<RuleSet>> {
        if dirs.is_empty() {
            return Ok(self.base_rules.clone());
        }
        if let Some(rules) = lock(&self.rule_sets).get(dirs) {
            return Ok(rules.clone());
        }
        let mut sources = self.base_sources.clone();
        sources.extend(dirs.iter().cloned().map(RuleSource::Dir));
        let rules = Arc::new(RuleSet::load(&sources)?);
        lock(&self.rule_sets).insert(dirs.to_vec(), rules.clone());
        Ok(rules)
    }

    fn build(&self, config: Option<&LoadedConfig>, overrides: &[usize]) -> Cached<Profile> {
        let name = config
            .map(|c| c.path.display().to_string())
            .unwrap_or_default();
        let mut settings = config.map(|c| c.file.settings()).unwrap_or_default();
        for &i in overrides {
            if let Some(o) = config.and_then(|c| c.file.overrides.get(i)) {
                o.apply(&mut settings);
            }
        }
        let rule_dirs: Vec<PathBuf> = config
            .map(|c| {
                c.file
                    .rules
                    .iter()
                    .map(|d| c.dir().join(&d.value))
                    .collect()
            })
            .unwrap_or_default();
        let rules = self.rules_with(&rule_dirs)?;
        let (select, ignore) = self.selection(&rules, &name, &settings)?;
        let severity = severity_overrides(&rules, &name, &settings)?;
        let effective = Effective {
            config: config.map(|c| c.path.display().to_string()),
            overrides: overrides
                .iter()
                .filter_map(|&i| config.and_then(|c| c.file.overrides.get(i)))
                .flat_map(|o| o.files.iter().map(|f| f.value.clone()))
                .collect(),
            select: select.iter().map(|s| s.as_str().to_string()).collect(),
            ignore: ignore.iter().map(|s| s.as_str().to_string()).collect(),
            severity: severity
                .iter()
                .map(|(s, v)| (s.as_str().to_string(), *v))
                .collect(),
            rules: rule_dirs.iter().map(|d| d.display().to_string()).collect(),
            language: config
                .and_then(|c| c.file.language.as_ref())
                .map_or("en".to_string(), |l| l.value.clone()),
            vocabulary: settings.vocabulary.clone(),
            score_threshold: config.and_then(|c| c.file.score_threshold.as_ref().map(|t| t.value)),
        };
        Ok(Profile {
            options: CheckOptions {
                min_severity: Severity::Info,
                select,
                ignore,
                date: self.cli.date,
            },
            min_severity: self.cli.min_severity.unwrap_or(Severity::Info),
            severity,
            vocabulary: Vocabulary::new(&settings.vocabulary),
            rules,
            effective,
        })
    }

    /// The `select` and `ignore` selectors: the command line's `--select`
    /// replaces the file's, its `--ignore` adds to the file's.
    fn selection(
        &self,
        rules: &RuleSet,
        file: &str,
        settings: &RuleSettings,
    ) -> Cached<(Vec<Selector>, Vec<Selector>)> {
        let from_file = |list: &[serde_saphyr::Spanned<String>]| -> Cached<Vec<Selector>> {
            list.iter()
                .map(|s| Selector::parse(rules, &s.value).map_err(|m| at(file, s, m)))
                .collect()
        };
        let from_cli = |list: &[String]| -> Cached<Vec<Selector>> {
            list.iter()
                .map(|s| Selector::parse(rules, s).map_err(ConfigError::CommandLine))
                .collect()
        };
        let select = if self.cli.select.is_empty() {
            from_file(settings.select.as_deref().unwrap_or_default())?
        } else {
            from_cli(&self.cli.select)?
        };
        let mut ignore = from_file(&settings.ignore)?;
        ignore.extend(from_cli(&self.cli.ignore)?);
        Ok((select, ignore))
    }
}

fn severity_overrides(
    rules: &RuleSet,
    file: &str,
    settings: &RuleSettings,
) -> Cached<Vec<(Selector, Severity)>> {
    let mut out = settings
        .severity
        .iter()
        .map(|(key, level)| {
            Selector::parse(rules, key)
                .map(|s| (s, level.value))
                .map_err(|m| at(file, level, m))
        })
        .collect::<Cached<Vec<_>>>()?;
    out.sort_by_key(|(s, _)| std::cmp::Reverse(s.as_str().len()));
    Ok(out)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Locks a cache; a poisoned lock (a panicking worker) still holds good data.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

//! The quality score: MQM-style penalty points per 100 words, and a pass threshold.
//!
//! Each finding costs the points of the MQM level its rule's severity maps to
//! (minor 1, major 5, critical 25, none 0). By default `error` → major,
//! `warning` → minor, `info` → none. The score is the article's points per 100
//! words (word and number tokens); lower is better, 0 is clean. An article
//! passes when its score is at or below the threshold (default 1.0: one minor
//! issue per 100 words, or one major issue per 500 words).

use crate::diagnostic::{Finding, Severity};
use crate::text::count_words;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The default pass threshold, in penalty points per 100 words.
pub const DEFAULT_THRESHOLD: f64 = 1.0;

/// An MQM error level and its penalty points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MqmLevel {
    /// Not counted (0 points).
    None,
    /// 1 point.
    Minor,
    /// 5 points.
    Major,
    /// 25 points.
    Critical,
}

impl MqmLevel {
    pub fn points(self) -> u64 {
        match self {
            MqmLevel::None => 0,
            MqmLevel::Minor => 1,
            MqmLevel::Major => 5,
            MqmLevel::Critical => 25,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MqmLevel::None => "none",
            MqmLevel::Minor => "minor",
            MqmLevel::Major => "major",
            MqmLevel::Critical => "critical",
        }
    }
    fn parse(name: &str) -> Option<MqmLevel> {
        [
            MqmLevel::None,
            MqmLevel::Minor,
            MqmLevel::Major,
            MqmLevel::Critical,
        ]
        .into_iter()
        .find(|l| l.as_str() == name)
    }
}

impl fmt::Display for MqmLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A bad `--mqm` mapping or threshold.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ScoreConfigError {
    #[error("bad MQM mapping `{0}`: expected SEVERITY=LEVEL, e.g. `error=major,warning=minor,info=none`")]
    Syntax(String),
    #[error("unknown severity `{0}` in the MQM mapping (error, warning or info)")]
    Severity(String),
    #[error("unknown MQM level `{0}` (none, minor, major or critical)")]
    Level(String),
}

/// How findings turn into penalty points, and where the pass line is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreConfig {
    pub error: MqmLevel,
    pub warning: MqmLevel,
    pub info: MqmLevel,
    /// Highest passing score, in penalty points per 100 words.
    pub threshold: f64,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            error: MqmLevel::Major,
            warning: MqmLevel::Minor,
            info: MqmLevel::None,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

impl ScoreConfig {
    /// The MQM level a rule severity maps to.
    pub fn level(&self, severity: Severity) -> MqmLevel {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    /// Applies `error=major,warning=minor,info=none` (any subset, comma-separated).
    pub fn set_mapping(&mut self, spec: &str) -> Result<(), ScoreConfigError> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (severity, level) = item
                .split_once('=')
                .ok_or_else(|| ScoreConfigError::Syntax(item.to_string()))?;
            let level = MqmLevel::parse(level.trim())
                .ok_or_else(|| ScoreConfigError::Level(level.trim().to_string()))?;
            match severity.trim() {
                "error" => self.error = level,
                "warning" => self.warning = level,
                "info" => self.info = level,
                other => return Err(ScoreConfigError::Severity(other.to_string())),
            }
        }
        Ok(())
    }
}

/// One article's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    /// Word and number tokens in the text.
    pub words: usize,
    /// Total MQM penalty points of the findings.
    pub penalty: u64,
    /// Penalty points per 100 words, rounded to two decimals.
    pub score: f64,
    /// The threshold it was judged against.
    pub threshold: f64,
    /// `score <= threshold`.
    pub pass: bool,
}

impl Quality {
    /// Scores `findings` of `text` under `config`.
    pub fn of(text: &str, findings: &[Finding], config: &ScoreConfig) -> Quality {
        Quality::of_words(count_words(text), findings, config)
    }

    /// Scores `findings` of a text of `words` words under `config`.
    pub fn of_words(words: usize, findings: &[Finding], config: &ScoreConfig) -> Quality {
        let penalty: u64 = findings
            .iter()
            .map(|f| config.level(f.severity).points())
            .sum();
        let raw = penalty as f64 * 100.0 / words.max(1) as f64;
        let score = (raw * 100.0).round() / 100.0;
        Quality {
            words,
            penalty,
            score,
            threshold: config.threshold,
            pass: score <= config.threshold,
        }
    }

    /// "pass" or "fail".
    pub fn verdict(&self) -> &'static str {
        if self.pass {
            "pass"
        } else {
            "fail"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Class, Span};

    fn finding(severity: Severity) -> Finding {
        Finding {
            rule: "x.y".into(),
            class: Class::Style,
            severity,
            message: String::new(),
            span: Span::new(0, 1),
            suggestions: vec![],
        }
    }

    #[test]
    fn points_per_hundred_words() {
        let text = "word ".repeat(200);
        let findings = [
            finding(Severity::Error),
            finding(Severity::Warning),
            finding(Severity::Info),
        ];
        let q = Quality::of(&text, &findings, &ScoreConfig::default());
        assert_eq!((q.words, q.penalty, q.score, q.pass), (200, 6, 3.0, false));
        let q = Quality::of(&text, &findings[1..], &ScoreConfig::default());
        assert_eq!((q.score, q.pass), (0.5, true));
    }

    #[test]
    fn mapping_is_configurable() {
        let mut config = ScoreConfig::default();
        config.set_mapping("error=critical, info=minor").unwrap();
        assert_eq!(config.level(Severity::Error), MqmLevel::Critical);
        assert_eq!(config.level(Severity::Warning), MqmLevel::Minor);
        assert_eq!(config.level(Severity::Info), MqmLevel::Minor);
        assert!(matches!(
            config.set_mapping("error"),
            Err(ScoreConfigError::Syntax(_))
        ));
        assert!(matches!(
            config.set_mapping("fatal=major"),
            Err(ScoreConfigError::Severity(_))
        ));
        assert!(matches!(
            config.set_mapping("error=huge"),
            Err(ScoreConfigError::Level(_))
        ));
    }

    #[test]
    fn config_reads_from_yaml() {
        let config: ScoreConfig =
            serde_saphyr::from_str("error: critical\nthreshold: 2.5\n").unwrap();
        assert_eq!(config.error, MqmLevel::Critical);
        assert_eq!(config.warning, MqmLevel::Minor);
        assert_eq!(config.threshold, 2.5);
        assert!(serde_saphyr::from_str::<ScoreConfig>("eror: major\n").is_err());
    }

    #[test]
    fn empty_text_does_not_divide_by_zero() {
        let q = Quality::of("", &[], &ScoreConfig::default());
        assert_eq!((q.words, q.score, q.pass), (0, 0.0, true));
    }
}

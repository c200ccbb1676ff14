//! Calendar dates for dated offices and `--date`: a year with an optional
//! month and day, compared as the first or last day of the period it names.

use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let partial = PartialDate::parse(text)?;
        match partial {
            PartialDate {
                month: Some(_),
                day: Some(_),
                ..
            } => Ok(partial.first_day()),
            _ => Err(format!("expected a date as YYYY-MM-DD, found {text:?}")),
        }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub use super::spec::PartialDate;

impl PartialDate {
    /// The first day of the period (for `from`).
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day of the period (for `to`); months are taken as 31 days long,
    /// which orders correctly against real dates.
    pub fn last_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.unwrap_or(12),
            day: self.day.unwrap_or(31),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        let d = PartialDate::parse("2021-01-26").unwrap();
        assert_eq!(d.first_day().to_string(), "2021-01-26");
        let y = PartialDate::parse("2025").unwrap();
        assert_eq!(y.first_day().to_string(), "2025-01-01");
        assert_eq!(y.last_day().to_string(), "2025-12-31");
        assert!(PartialDate::parse("2025-13").is_err());
        assert!(PartialDate::parse("25-01-01").is_err());
        assert!(Date::parse("2024-03").is_err());
    }

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_418).to_string(),
            "2025-11-26"
        );
    }
}

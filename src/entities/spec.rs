//! The gazetteer's file format as serde structs (`docs/gazetteer-format.md`).
//! Self-contained, so that `build.rs` can include it to validate the embedded
//! data files and convert them to JSON at build time: parsing YAML at start-up
//! would cost several milliseconds per 100 KB.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The data sections a file may carry, each recognised by its top-level key.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSections {
    pub people: Option<Vec<Person>>,
    pub places: Option<Vec<Place>>,
    pub organisations: Option<Vec<Organisation>>,
    pub offices: Option<Vec<CountryOffices>>,
}

/// A person in world news.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Canonical English spelling.
    pub name: String,
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2 code of the person's country.
    pub country: String,
    /// Wrong spellings MT produces (flagged, with `name` as the fix).
    #[serde(default)]
    pub variants: Vec<String>,
    /// Correct alternative forms (never flagged).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub offices: Vec<OfficeTerm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// A dated term in an office.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeTerm {
    /// An office key of `offices.yaml` (`foreign`, `head-of-government`, ...).
    pub office: String,
    /// Whose office it is.
    pub country: String,
    pub from: PartialDate,
    /// Omitted while in office.
    pub to: Option<PartialDate>,
    /// Only without `to`: the office was still held at this date, later unconfirmed.
    /// Treated as open.
    pub confirmed: Option<PartialDate>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    pub country: String,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives and people nouns (Ukrainian, Gazan).
    #[serde(default)]
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Region,
    City,
    Other,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Usual English name.
    pub name: String,
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Literal MT renderings (flagged).
    #[serde(default)]
    pub calques: Vec<String>,
}

/// One country's office titles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountryOffices {
    pub country: String,
    /// How the press qualifies the country's offices ("US", "American").
    pub adjectives: Vec<String>,
    /// Office key → its titles.
    pub titles: BTreeMap<String, OfficeTitles>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeTitles {
    /// The correct English title.
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Wrong titles (calques).
    #[serde(default)]
    pub calques: Vec<String>,
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as written in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let bad = || format!("expected YYYY, YYYY-MM or YYYY-MM-DD, found {text:?}");
        let mut parts = text.trim().split('-');
        let year: i32 = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse().ok())
            .ok_or_else(bad)?;
        let mut number = |max: u8| -> Result<Option<u8>, String> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == 2 => match p.parse::<u8>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
                    _ => Err(bad()),
                },
                Some(_) => Err(bad()),
            }
        };
        let month = number(12)?;
        let day = if month.is_some() { number(31)? } else { None };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date: YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
        }
        // YAML may give a bare year as a number; the embedded binary form
        // (not self-describing) always holds the text.
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(DateVisitor)
        } else {
            deserializer.deserialize_str(DateVisitor)
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        };
        serializer.serialize_str(&text)
    }
}

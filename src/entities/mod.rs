//! The entity layer: the gazetteer of people, places, organisations and
//! office titles, dates for dated offices, and transliteration-aware name
//! comparison. The entity rule kinds (`variants`, `name-consistency`,
//! `office-titles`) in `rules::kinds` build on it.

pub mod date;
pub mod gazetteer;
pub mod names;
pub mod spec;
pub mod translit;

pub use date::Date;
pub use gazetteer::Gazetteer;

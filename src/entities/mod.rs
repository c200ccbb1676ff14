//! The entity layer: the gazetteer of people, places, organisations and
//! office titles, dates for dated offices, and transliteration-aware name
//! comparison. The entity rule kinds (`variants`, `name-consistency`,
//! `office-titles`) in `rules::kinds` build on it; person mentions and their
//! gender evidence (`mentions`, `gender`) serve the pronoun kinds.

pub mod date;
pub mod gazetteer;
pub mod gender;
pub mod mentions;
pub mod names;
pub mod spec;
pub mod translit;

pub use date::Date;
pub use gazetteer::Gazetteer;

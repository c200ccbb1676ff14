//! The entity layer: people mentioned in an article and their gender.

pub mod gender;
pub mod mentions;

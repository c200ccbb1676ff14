//! `variants`: a known wrong spelling of a gazetteer name (a person's or a
//! place's variants, an organisation's calques) → the canonical name, matched
//! at word boundaries in one aho-corasick pass. The table is built from the
//! gazetteer on first use and checked like a `substitution` table, so the
//! finding covers only the words that differ ("Anthony Blinken" flags "Anthony").

use super::substitution::Substitution;
use crate::entities::Gazetteer;
use crate::rules::spec::{CaseMode, SubstitutionSpec};
use crate::rules::{Check, Hit};
use crate::text::Document;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

/// A gazetteer section whose wrong forms a rule flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    People,
    Places,
    Organisations,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantsSpec {
    /// Which sections' variants (people, places) or calques (organisations).
    pub of: Vec<Section>,
    /// A match followed by one of these words is not flagged ("Peking University").
    #[serde(default)]
    pub unless_followed_by: Vec<String>,
    /// A match preceded by one of these is not flagged.
    #[serde(default)]
    pub unless_preceded_by: Vec<String>,
}

#[derive(Debug)]
pub struct Variants {
    gazetteer: Arc<Gazetteer>,
    sections: Vec<Section>,
    unless_followed_by: Vec<String>,
    unless_preceded_by: Vec<String>,
    /// Built on first use; `None` when the gazetteer lists no wrong forms.
    table: OnceLock<Option<Substitution>>,
}

impl Variants {
    pub fn compile(spec: &VariantsSpec, gazetteer: &Arc<Gazetteer>) -> Result<Self, String> {
        if spec.of.is_empty() {
            return Err("`of` names no section (people, places, organisations)".into());
        }
        Ok(Variants {
            gazetteer: Arc::clone(gazetteer),
            sections: spec.of.clone(),
            unless_followed_by: spec.unless_followed_by.clone(),
            unless_preceded_by: spec.unless_preceded_by.clone(),
            table: OnceLock::new(),
        })
    }

    /// wrong → right from the chosen sections. A wrong form that two entries
    /// claim with different fixes, or that is itself a correct name, is left out.
    fn entries(&self) -> BTreeMap<String, String> {
        let g = &self.gazetteer;
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let mut correct: BTreeSet<&str> = BTreeSet::new();
        for section in &self.sections {
            match section {
                Section::People => {
                    for p in &g.people {
                        correct.extend(
                            std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(p.variants.iter().map(|v| (v.as_str(), p.name.as_str())));
                    }
                }
                Section::Places => {
                    for p in &g.places {
                        correct.extend(
                            std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(p.variants.iter().map(|v| (v.as_str(), p.name.as_str())));
                    }
                }
                Section::Organisations => {
                    for o in &g.organisations {
                        correct.extend(
                            std::iter::once(&o.name)
                                .chain(&o.aliases)
                                .map(String::as_str),
                        );
                        pairs.extend(o.calques.iter().map(|c| (c.as_str(), o.name.as_str())));
                    }
                }
            }
        }
        let mut table: BTreeMap<String, String> = BTreeMap::new();
        let mut ambiguous: BTreeSet<String> = BTreeSet::new();
        for (wrong, right) in pairs {
            let wrong = wrong.trim();
            if wrong.is_empty() || wrong == right || correct.contains(wrong) {
                continue;
            }
            if let Some(old) = table.insert(wrong.to_string(), right.to_string()) {
                if old != right {
                    ambiguous.insert(wrong.to_string());
                }
            }
        }
        table.retain(|wrong, _| !ambiguous.contains(wrong));
        table
    }

    fn table(&self) -> Option<&Substitution> {
        self.table
            .get_or_init(|| {
                let spec = SubstitutionSpec {
                    table: self.entries(),
                    case: CaseMode::Sensitive,
                    preceded_by: Vec::new(),
                    followed_by: Vec::new(),
                    unless_preceded_by: self.unless_preceded_by.clone(),
                    unless_followed_by: self.unless_followed_by.clone(),
                };
                Substitution::compile(&spec).ok()
            })
            .as_ref()
    }
}

impl Check for Variants {
    fn check(&self, doc: &Document, hits: &mut Vec<Hit>) {
        if let Some(table) = self.table() {
            table.check(doc, hits);
        }
    }

    fn variables(&self) -> Vec<String> {
        vec!["wrong".into(), "right".into()]
    }
}

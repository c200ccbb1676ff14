//! The gazetteer: people, places, organisations and office titles from the
//! data files in `rules/en/gazetteer/` (format: `docs/gazetteer-format.md`),
//! merged across rule sources and shared by the entity rule kinds.
//!
//! Loading only deserialises the files; the lookup tables the kinds need are
//! built on first use (see [`Gazetteer::index`]), so commands that never check
//! a text pay nothing for them.

use super::date::Date;
pub use super::spec::{
    CountryOffices, DataSections, Gender, OfficeTerm, OfficeTitles, Organisation, Person, Place,
    PlaceKind,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

impl OfficeTerm {
    /// Whether the term covers `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.first_day() <= date && self.to.is_none_or(|to| date <= to.last_day())
    }
}

/// Everything the data files hold, merged, with lookup tables built on first use.
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    pub organisations: Vec<Organisation>,
    pub offices: Vec<CountryOffices>,
    index: OnceLock<Index>,
}

/// Lookup tables over the gazetteer.
#[derive(Debug, Default)]
pub struct Index {
    /// Lower-cased single words of every correct name, alias and demonym.
    pub known_words: HashSet<String>,
    /// Lower-cased correct full forms (names and aliases of people), word-joined
    /// by single spaces, and lower-cased surnames → indices into `people`.
    pub people_by_name: HashMap<String, Vec<usize>>,
    /// Lower-cased demonym → lower-cased place name.
    pub demonym_of: HashMap<String, String>,
    /// Lower-cased wrong forms (people's and places' variants, organisations' calques).
    pub wrong_forms: HashSet<String>,
}

impl Gazetteer {
    /// Adds one file's sections. An entry with the same key as an earlier one
    /// (a person's name and country, a place's name and country, an
    /// organisation's name, a country's offices) replaces it: later rule
    /// sources override earlier ones.
    pub fn add(&mut self, sections: DataSections) {
        fn merge<T>(into: &mut Vec<T>, new: Option<Vec<T>>, key: impl Fn(&T) -> (&str, &str)) {
            let Some(new) = new else { return };
            // Where each new item goes: the place of the item it replaces, or
            // the next free one. Keys are borrowed, so nothing is copied.
            let places: Vec<usize> = {
                let mut at: HashMap<(&str, &str), usize> =
                    HashMap::with_capacity_and_hasher(into.len() + new.len(), Default::default());
                for (i, item) in into.iter().enumerate() {
                    at.insert(key(item), i);
                }
                let mut next = into.len();
                new.iter()
                    .map(|item| {
                        *at.entry(key(item)).or_insert_with(|| {
                            next += 1;
                            next - 1
                        })
                    })
                    .collect()
            };
            for (item, place) in new.into_iter().zip(places) {
                match into.get_mut(place) {
                    Some(old) => *old = item,
                    None => into.push(item),
                }
            }
        }
        merge(&mut self.people, sections.people, |p| (&p.name, &p.country));
        merge(&mut self.places, sections.places, |p| (&p.name, &p.country));
        merge(&mut self.organisations, sections.organisations, |o| {
            (&o.name, "")
        });
        merge(&mut self.offices, sections.offices, |o| (&o.country, ""));
        self.index = OnceLock::new();
    }
    /// The lookup tables, built on first use.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self))
    }

    /// A country's office titles.
    pub fn country_offices(&self, country: &str) -> Option<&CountryOffices> {
        self.offices.iter().find(|o| o.country == country)
    }

    /// People whose name, alias, known variant or surname is `name` (any case).
    pub fn people_named(&self, name: &str) -> impl Iterator<Item = &Person> {
        self.index()
            .people_by_name
            .get(&name.to_lowercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.people[i])
    }

    /// Whether `form` (any case) is a wrong form the gazetteer lists.
    pub fn is_wrong_form(&self, form: &str) -> bool {
        self.index().wrong_forms.contains(&form.to_lowercase())
    }

    /// Whether `word` (one word, any case) is part of a correct gazetteer name.
    pub fn knows_word(&self, word: &str) -> bool {
        self.index().known_words.contains(&word.to_lowercase())
    }
}

impl Index {
    fn build(g: &Gazetteer) -> Index {
        let mut index = Index::default();
        let add_words = |index: &mut Index, name: &str| {
            for word in name.split([' ', '-']).filter(|w| !w.is_empty()) {
                index.known_words.insert(word.to_lowercase());
            }
        };
        for (i, person) in g.people.iter().enumerate() {
            let correct = std::iter::once(&person.name).chain(&person.aliases);
            for name in correct {
                add_words(&mut index, name);
                index.add_person(name, i);
                if let Some(surname) = name.rsplit(' ').next().filter(|s| *s != name) {
                    index.add_person(surname, i);
                }
            }
            for variant in &person.variants {
                index.add_person(variant, i);
                index.wrong_forms.insert(variant.to_lowercase());
            }
        }
        for place in &g.places {
            for variant in &place.variants {
                index.wrong_forms.insert(variant.to_lowercase());
            }
            for name in std::iter::once(&place.name).chain(&place.aliases) {
                add_words(&mut index, name);
            }
            for demonym in &place.demonyms {
                add_words(&mut index, demonym);
                index
                    .demonym_of
                    .insert(demonym.to_lowercase(), place.name.to_lowercase());
            }
        }
        for org in &g.organisations {
            for name in std::iter::once(&org.name).chain(&org.aliases) {
                add_words(&mut index, name);
            }
        }
        index
    }

    fn add_person(&mut self, name: &str, person: usize) {
        let ids = self.people_by_name.entry(name.to_lowercase()).or_default();
        if !ids.contains(&person) {
            ids.push(person);
        }
    }
}

/// Whether `word` (capitalised as a name: "Maria") is a common first name
/// (exactly as written: the table of `data/first-names.tsv`, see `data/README.md`).
pub fn is_first_name(word: &str) -> bool {
    crate::entities::gender::table_row(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Gazetteer {
        let yaml = r#"
people:
  - name: Antony Blinken
    gender: male
    country: US
    variants: [Anthony Blinken]
    offices:
      - {office: foreign, country: US, from: 2021-01-26, to: 2025-01-20}
places:
  - {name: Gaza, kind: region, country: PS, demonyms: [Gazan]}
"#;
        let mut g = Gazetteer::default();
        g.add(serde_saphyr::from_str(yaml).unwrap());
        g
    }

    #[test]
    fn looks_up_people_by_full_name_variant_and_surname() {
        let g = sample();
        for name in ["Antony Blinken", "anthony blinken", "Blinken"] {
            assert_eq!(g.people_named(name).count(), 1, "{name}");
        }
        assert!(g.knows_word("Gazan") && g.knows_word("antony") && !g.knows_word("Anthony"));
    }

    #[test]
    fn first_names_by_binary_search() {
        for name in ["Anthony", "Maria", "Rodrigo"] {
            assert!(is_first_name(name), "{name}");
        }
        for word in ["Rafa", "Guterez", "", "Zzzz", "A"] {
            assert!(!is_first_name(word), "{word}");
        }
    }

    #[test]
    fn terms_cover_their_dates() {
        let g = sample();
        let term = &g.people[0].offices[0];
        assert!(term.holds_on(Date::parse("2024-03-26").unwrap()));
        assert!(!term.holds_on(Date::parse("2025-01-21").unwrap()));
    }

    #[test]
    fn later_entries_replace_earlier_ones() {
        let mut g = sample();
        g.add(
            serde_saphyr::from_str("people:\n  - {name: Antony Blinken, country: US}\n").unwrap(),
        );
        assert_eq!(g.people.len(), 1);
        assert!(g.people[0].offices.is_empty());
        let twice = "places:\n  - {name: Gaza, kind: city, country: PS}\n  - {name: Rafah, kind: city, country: PS}\n  - {name: Gaza, kind: region, country: PS, aliases: [Ghazzah]}\n";
        g.add(serde_saphyr::from_str(twice).unwrap());
        let places: Vec<(&str, usize)> = g
            .places
            .iter()
            .map(|p| (p.name.as_str(), p.aliases.len()))
            .collect();
        assert_eq!(places, [("Gaza", 1), ("Rafah", 0)]);
    }
}

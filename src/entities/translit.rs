//! Transliteration-aware comparison of names. A table of letter
//! correspondences (from the rule's YAML) says which spellings a name takes
//! when it passes through another script: Russian renders H as G ("Gamburg"),
//! Spanish writes Kh as J ("Jamenei"), French writes U as OU. Two names are
//! compared by an edit distance in which a listed correspondence costs nothing.

use serde::Deserialize;

/// One correspondence: two spellings of the same sound, e.g. `[g, h]` or `[kh, j]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Correspondence(pub [String; 2]);

/// The compiled table.
#[derive(Debug, Clone, Default)]
pub struct Transliteration {
    /// (a, b) pairs, lower case, both directions.
    pairs: Vec<(Vec<char>, Vec<char>)>,
}

impl Transliteration {
    pub fn new(table: &[Correspondence]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for Correspondence([a, b]) in table {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            if a == b
                || a.chars().any(|c| !c.is_alphabetic())
                || b.chars().any(|c| !c.is_alphabetic())
            {
                return Err(format!(
                    "transliteration pair [{a}, {b}] needs two different letter sequences"
                ));
            }
            pairs.push((a.chars().collect(), b.chars().collect()));
            pairs.push((b.chars().collect(), a.chars().collect()));
        }
        Ok(Transliteration { pairs })
    }

    /// Edit distance between two lower-case names where insertions, deletions,
    /// substitutions and adjacent transpositions cost 1 and a listed
    /// correspondence costs 0. Returns the distance and whether a correspondence
    /// was used on the cheapest path.
    pub fn distance(&self, a: &str, b: &str) -> (usize, bool) {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let (n, m) = (a.len(), b.len());
        // cost[i * (m + 1) + j]: (distance, used a correspondence) for a[..i] vs b[..j].
        let width = m + 1;
        let inf = (usize::MAX / 2, false);
        let mut cost = vec![inf; (n + 1) * width];
        cost[0] = (0, false);
        let better = |old: (usize, bool), new: (usize, bool)| {
            new.0 < old.0 || (new.0 == old.0 && !new.1 && old.1)
        };
        for i in 0..=n {
            for j in 0..=m {
                let here = cost[i * width + j];
                if here.0 >= inf.0 {
                    continue;
                }
                let mut relax = |ii: usize, jj: usize, step: usize, used: bool| {
                    let new = (here.0 + step, here.1 || used);
                    if better(cost[ii * width + jj], new) {
                        cost[ii * width + jj] = new;
                    }
                };
                if i < n && j < m {
                    relax(i + 1, j + 1, usize::from(a[i] != b[j]), false);
                }
                if i < n {
                    relax(i + 1, j, 1, false);
                }
                if j < m {
                    relax(i, j + 1, 1, false);
                }
                if i + 1 < n && j + 1 < m && a[i] == b[j + 1] && a[i + 1] == b[j] {
                    relax(i + 2, j + 2, 1, false);
                }
                for (x, y) in &self.pairs {
                    if a[i..].starts_with(x) && b[j..].starts_with(y) {
                        relax(i + x.len(), j + y.len(), 0, true);
                    }
                }
            }
        }
        cost[n * width + m]
    }

    /// Whether names starting with `a` and `b` may be the same name: the same
    /// first letter, or first letters a correspondence links.
    pub fn may_start_alike(&self, a: &str, b: &str) -> bool {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
            return false;
        };
        x == y
            || self.pairs.iter().any(|(p, q)| {
                a.chars().zip(p).all(|(c, d)| c == *d)
                    && a.chars().count() >= p.len()
                    && b.chars().zip(q).all(|(c, d)| c == *d)
                    && b.chars().count() >= q.len()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Transliteration {
        let pairs = [
            ["g", "h"],
            ["kh", "j"],
            ["kh", "h"],
            ["ou", "u"],
            ["y", "j"],
        ];
        let table: Vec<Correspondence> = pairs
            .iter()
            .map(|[a, b]| Correspondence([a.to_string(), b.to_string()]))
            .collect();
        Transliteration::new(&table).unwrap()
    }

    #[test]
    fn correspondences_cost_nothing() {
        let t = table();
        assert_eq!(t.distance("gamburg", "hamburg"), (0, true));
        assert_eq!(t.distance("jamenei", "khamenei"), (0, true));
        assert_eq!(t.distance("jemenei", "khamenei"), (1, true));
        assert_eq!(t.distance("rafa", "rafah"), (1, false));
        assert_eq!(t.distance("iran", "iraq"), (1, false));
        assert_eq!(t.distance("blinkne", "blinken"), (1, false));
    }

    #[test]
    fn first_letters() {
        let t = table();
        assert!(t.may_start_alike("gamburg", "hamburg"));
        assert!(t.may_start_alike("jamenei", "khamenei"));
        assert!(!t.may_start_alike("rafah", "gaza"));
    }
}

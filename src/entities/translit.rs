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
    /// was used on the cheapest path (every cheapest path, on a tie).
    pub fn distance(&self, a: &str, b: &str) -> (usize, bool) {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        self.align(&a, &b, usize::MAX / 4)
            .unwrap_or((usize::MAX / 2, false))
    }

    /// Whether [`distance`](Self::distance) is at most `max` with a
    /// correspondence used: the same answer, but only paths costing at most
    /// `max` are followed, so unrelated names cost little.
    pub fn matches_within(&self, a: &str, b: &str, max: usize) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        matches!(self.align(&a, &b, max), Some((_, true)))
    }

    /// The cheapest alignment of `a` and `b` as (distance, correspondence
    /// used), if it costs at most `max`. A cell is extended only while its
    /// cost is within `max` (costs never fall along a path, so the cells that
    /// are within it get their exact value), and only by the correspondences
    /// that start at its place in `a`.
    fn align(&self, a: &[char], b: &[char], max: usize) -> Option<(usize, bool)> {
        let (n, m) = (a.len(), b.len());
        // Which pairs start at each position of `a`.
        let starting: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let pairs = self.pairs.iter().enumerate();
                pairs
                    .filter(|(_, (x, _))| a[i..].starts_with(x))
                    .map(|(k, _)| k)
                    .collect()
            })
            .collect();
        // cost[i * (m + 1) + j]: (distance, used a correspondence) for a[..i] vs b[..j].
        let width = m + 1;
        let mut cost: Vec<Option<(usize, bool)>> = vec![None; (n + 1) * width];
        cost[0] = Some((0, false));
        for i in 0..=n {
            for j in 0..=m {
                let Some(here) = cost[i * width + j].filter(|c| c.0 <= max) else {
                    continue;
                };
                let mut relax = |ii: usize, jj: usize, step: usize, used: bool| {
                    let new = (here.0 + step, here.1 || used);
                    let old = &mut cost[ii * width + jj];
                    if old.is_none_or(|old| better(old, new)) {
                        *old = Some(new);
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
                for &k in starting.get(i).into_iter().flatten() {
                    let (x, y) = &self.pairs[k];
                    if b[j..].starts_with(y) {
                        relax(i + x.len(), j + y.len(), 0, true);
                    }
                }
            }
        }
        cost[n * width + m].filter(|c| c.0 <= max)
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

/// Whether `new` is a cheaper path than `old`: lower cost, or the same cost
/// without a correspondence.
fn better(old: (usize, bool), new: (usize, bool)) -> bool {
    new.0 < old.0 || (new.0 == old.0 && !new.1 && old.1)
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
    fn bounded_matches_agree_with_the_distance() {
        let t = table();
        let names = [
            "gamburg", "hamburg", "jamenei", "khamenei", "jemenei", "rafa", "rafah", "iran",
            "iraq", "wladimir", "vladimir", "jaroslaw", "yaroslav", "", "g", "ouu",
        ];
        for a in names {
            for b in names {
                let (d, used) = t.distance(a, b);
                for max in 0..3 {
                    assert_eq!(
                        t.matches_within(a, b, max),
                        used && d <= max,
                        "{a} {b} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn first_letters() {
        let t = table();
        assert!(t.may_start_alike("gamburg", "hamburg"));
        assert!(t.may_start_alike("jamenei", "khamenei"));
        assert!(!t.may_start_alike("rafah", "gaza"));
    }
}

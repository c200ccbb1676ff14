//! Gender evidence: grammatical gender of pronouns, the bundled first-name
//! table (US Social Security name counts, public domain) and the hook for the
//! gazetteer's recorded gender of known people.

/// The gender a pronoun or a piece of evidence points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn opposite(self) -> Gender {
        match self {
            Gender::Female => Gender::Male,
            Gender::Male => Gender::Female,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// `data/first-names.tsv`: `Name<TAB>share_female_percent<TAB>total` lines,
/// sorted by name in byte order, after `#` comment lines. Looked up by binary
/// search in place, so loading the binary or the table costs nothing.
static FIRST_NAMES: &str = include_str!("../../data/first-names.tsv");

/// One row of the first-name table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirstName {
    /// Share of female births, 0.0 to 1.0.
    pub share_female: f32,
    /// Births with the name, both sexes.
    pub count: u32,
}

/// The fields after the name (`share<TAB>count`) of the row whose name is
/// exactly `name`, found by bisecting the embedded table's bytes.
pub(crate) fn table_row(name: &str) -> Option<&'static str> {
    let body_start = FIRST_NAMES
        .match_indices('\n')
        .find(|(i, _)| !FIRST_NAMES[i + 1..].starts_with('#'))
        .map_or(0, |(i, _)| i + 1);
    let table = &FIRST_NAMES[body_start..];
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0usize, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The line holding byte `mid`. Rows are a few bytes long: a plain
        // byte loop finds their ends faster than a memchr call sets up.
        let start = bytes[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(table.len(), |i| start + i);
        let (row_name, fields) = table[start..end]
            .split_once('\t')
            .unwrap_or((&table[start..end], ""));
        match row_name.cmp(name) {
            std::cmp::Ordering::Equal => return Some(fields),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// `share<TAB>count`; None for a malformed row.
fn parse_fields(fields: &str) -> Option<FirstName> {
    let (share, count) = fields.split_once('\t')?;
    Some(FirstName {
        share_female: share.trim().parse::<f32>().ok()? / 100.0,
        count: count.trim().parse().ok()?,
    })
}

/// Looks a first name up (any case; common Latin diacritics folded: "Ayşe" → "Ayse").
pub fn first_name(name: &str) -> Option<FirstName> {
    let mut buf = [0u8; 32];
    let key = table_key(name, &mut buf)?;
    table_row(key).and_then(parse_fields)
}

/// "MARY", "mary" → "Mary", with diacritics folded, written into `buf`; None
/// for non-letters or names longer than the buffer.
fn table_key<'b>(name: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut len = 0;
    for c in name.chars() {
        let c = fold_diacritic(c);
        if !c.is_ascii_alphabetic() || len == buf.len() {
            return None;
        }
        buf[len] = if len == 0 {
            c.to_ascii_uppercase() as u8
        } else {
            c.to_ascii_lowercase() as u8
        };
        len += 1;
    }
    if len == 0 {
        return None;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

fn fold_diacritic(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ş' | 'ś' | 'š' | 'ș' => 's',
        'Ş' | 'Ś' | 'Š' | 'Ș' => 'S',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' => 'N',
        'ğ' => 'g',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        'ý' | 'ÿ' => 'y',
        'ř' => 'r',
        'ł' => 'l',
        'Ł' => 'L',
        other => other,
    }
}

/// The gender a first name points to, with its confidence, when at least
/// `threshold` (0.5–1.0) of its `min_count` or more bearers had one sex.
pub fn first_name_gender(name: &str, threshold: f32, min_count: u32) -> Option<(Gender, f32)> {
    first_name(name)?.gender(threshold, min_count)
}

impl FirstName {
    /// The gender this name points to, with its confidence, when at least
    /// `threshold` of its `min_count` or more bearers had one sex.
    pub fn gender(self, threshold: f32, min_count: u32) -> Option<(Gender, f32)> {
        if self.count < min_count {
            return None;
        }
        if self.share_female >= threshold {
            Some((Gender::Female, self.share_female))
        } else if 1.0 - self.share_female >= threshold {
            Some((Gender::Male, 1.0 - self.share_female))
        } else {
            None
        }
    }
}

impl From<crate::entities::gazetteer::Gender> for Gender {
    fn from(g: crate::entities::gazetteer::Gender) -> Self {
        match g {
            crate::entities::gazetteer::Gender::Female => Gender::Female,
            crate::entities::gazetteer::Gender::Male => Gender::Male,
        }
    }
}

/// What a third-person pronoun is, grammatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounForm {
    /// he, she
    Subject,
    /// him
    Object,
    /// his
    Possessive,
    /// her: object or possessive
    ObjectOrPossessive,
    /// himself, herself
    Reflexive,
}

/// The gender and form of a personal pronoun ("He", "her", "himself").
pub fn pronoun(word: &str) -> Option<(Gender, PronounForm)> {
    if !(2..=7).contains(&word.len()) || !word.starts_with(['h', 'H', 's', 'S']) {
        return None;
    }
    let mut buf = [0u8; 7];
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    let found = match &buf[..word.len()] {
        b"he" => (Gender::Male, PronounForm::Subject),
        b"she" => (Gender::Female, PronounForm::Subject),
        b"him" => (Gender::Male, PronounForm::Object),
        b"his" => (Gender::Male, PronounForm::Possessive),
        b"her" => (Gender::Female, PronounForm::ObjectOrPossessive),
        b"himself" => (Gender::Male, PronounForm::Reflexive),
        b"herself" => (Gender::Female, PronounForm::Reflexive),
        _ => return None,
    };
    Some(found)
}

/// Words after which "her" is an object ("told her that"), so it becomes "him".
const AFTER_OBJECT_HER: &[&str] = &[
    "to", "and", "or", "in", "on", "at", "for", "with", "from", "that", "as", "about", "after",
    "before", "again", "back", "out", "up", "down", "off", "over", "into", "of", "by", "the", "a",
    "an", "this", "if", "whether", "when", "because", "but", "not", "so", "too", "well",
];

/// The same pronoun in the other gender, in the case of `word`. "her" becomes
/// "him" before a function word or punctuation, "his" before a content word, and
/// both are offered (likeliest first) as the choice is a guess.
pub fn swap(word: &str, next_word: Option<&str>) -> Vec<String> {
    let lower = word.to_ascii_lowercase();
    let swapped: Vec<&str> = match lower.as_str() {
        "he" => vec!["she"],
        "she" => vec!["he"],
        "him" => vec!["her"],
        "his" => vec!["her"],
        "himself" => vec!["herself"],
        "herself" => vec!["himself"],
        "her" => match next_word.map(str::to_ascii_lowercase) {
            Some(w) if !AFTER_OBJECT_HER.contains(&w.as_str()) => vec!["his", "him"],
            _ => vec!["him", "his"],
        },
        _ => vec![],
    };
    swapped.into_iter().map(|s| same_case(word, s)).collect()
}

fn same_case(model: &str, word: &str) -> String {
    if model.len() > 1 && model.chars().all(|c| c.is_uppercase()) {
        word.to_uppercase()
    } else if model.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_are_found_by_binary_search() {
        let karin = first_name("Karin").expect("Karin is in the table");
        assert!(karin.share_female > 0.9);
        assert!(first_name("PEDRO").is_some_and(|r| r.share_female < 0.1));
        assert!(first_name("Ayşe").is_some());
        assert!(first_name("Zzzzqx").is_none());
        assert!(first_name("Jean-Pierre").is_none());
    }

    #[test]
    fn unisex_names_have_no_gender() {
        assert_eq!(first_name_gender("Jordan", 0.9, 500), None);
        assert_eq!(
            first_name_gender("Pedro", 0.9, 500).map(|g| g.0),
            Some(Gender::Male)
        );
    }

    #[test]
    fn swapping_keeps_case_and_guesses_her() {
        assert_eq!(swap("He", None), ["She"]);
        assert_eq!(swap("himself", None), ["herself"]);
        assert_eq!(swap("her", Some("husband")), ["his", "him"]);
        assert_eq!(swap("her", Some("that")), ["him", "his"]);
        assert_eq!(swap("her", None), ["him", "his"]);
    }
}

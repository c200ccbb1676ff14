//! Throughput benchmarks for `mtlint::check_text`.
//!
//! * `check/all-rules`: every built-in rule over 1 MB and 10 MB of news-like
//!   text (throughput in MB/s, 1 MB = 10^6 bytes).
//! * `substitution-table`: one substitution rule with a 100-entry and a
//!   10,000-entry table over the same 1 MB; the table size should barely
//!   matter, since the table is matched in one aho-corasick pass.
//! * `small`: loading the embedded rules and checking one paragraph, the two
//!   costs behind the CLI's start-up time.
//!
//! The text is read from `$MTLINT_BENCH_TEXT_DIR/corpus_{1,10}mb.txt` when
//! that variable is set (`scripts/bench.sh` writes such files to
//! `bench-data/`); otherwise a built-in generator makes comparable text, so
//! `cargo bench` works on a fresh clone.

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use mtlint::rules::{RuleSet, RuleSource};
use mtlint::{check_text, CheckOptions};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bytes in the benchmark's megabyte (as make_corpus.py counts them).
const MB: usize = 1_000_000;

/// Names the folder holding `corpus_1mb.txt` and `corpus_10mb.txt`.
const TEXT_DIR_VAR: &str = "MTLINT_BENCH_TEXT_DIR";

/// Table sizes compared by the `substitution-table` group.
const TABLE_SIZES: [usize; 2] = [100, 10_000];

/// A short news paragraph, as one `echo ... | mtlint check -` would send.
const PARAGRAPH: &str = "“The situation is under control, but we remain vigilant,” \
    Maria Kowalska, the Minister of Finance, told reporters in Kharkov on Tuesday. \
    Inflation fell to 8.2% in June , down from 10.6% a year earlier.The central bank \
    said it would keep rates unchanged.";

/// The benchmark text of `mb` megabytes: the corpus file when
/// `MTLINT_BENCH_TEXT_DIR` is set, generated text otherwise.
fn bench_text(mb: usize) -> String {
    let Some(dir) = std::env::var_os(TEXT_DIR_VAR) else {
        return news::generate(mb * MB, 42);
    };
    let path = Path::new(&dir).join(format!("corpus_{mb}mb.txt"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{TEXT_DIR_VAR}: cannot read {}: {e}", path.display()))
}

/// Label such as "1MB" for a text, from its actual size.
fn size_label(text: &str) -> String {
    format!("{}MB", (text.len() + MB / 2) / MB)
}

/// `s` with its first letter in capitals.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Every built-in rule over 1 MB and 10 MB.
fn all_rules(c: &mut Criterion) {
    let rules = RuleSet::embedded().expect("the embedded rules load");
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for mb in [1, 10] {
        let text = bench_text(mb);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("all-rules", size_label(&text)),
            &text,
            |b, text| b.iter(|| check_text(&rules, black_box(text), &options)),
        );
    }
    group.finish();
}

/// One substitution rule, 100 entries against 10,000, over the same 1 MB.
fn substitution_tables(c: &mut Criterion) {
    let text = bench_text(1);
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("substitution-table");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::BytesDecimal(text.len() as u64));
    for entries in TABLE_SIZES {
        let rules = table::rule_set(entries);
        group.bench_with_input(BenchmarkId::new("entries", entries), &text, |b, text| {
            b.iter(|| check_text(&rules, black_box(text), &options))
        });
    }
    group.finish();
}

/// The fixed costs of one CLI run: loading the rules and checking a paragraph.
fn small(c: &mut Criterion) {
    let rules = RuleSet::embedded().expect("the embedded rules load");
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("small");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("load-embedded-rules", |b| b.iter(RuleSet::embedded));
    group.throughput(Throughput::BytesDecimal(PARAGRAPH.len() as u64));
    group.bench_function("check-paragraph", |b| {
        b.iter(|| check_text(&rules, black_box(PARAGRAPH), &options))
    });
    group.finish();
}

/// Generated substitution rules, written as YAML and loaded through the public API.
mod table {
    use super::*;

    /// Syllables for pseudo-words: 14 consonants × 5 vowels.
    const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";

    /// The `i`-th of 70 consonant-vowel syllables.
    fn syllable(i: usize) -> String {
        let c = CONSONANTS[i % CONSONANTS.len()] as char;
        let v = VOWELS[i / CONSONANTS.len() % VOWELS.len()] as char;
        format!("{c}{v}")
    }

    /// Three syllables spelling `n` in base 70 (distinct for n < 343,000).
    fn word(n: usize) -> String {
        (0..3).map(|k| syllable(n / 70usize.pow(k) % 70)).collect()
    }

    /// Entry `i`: a wrong name like "Xqdidaba Rozuley" and its fix, "Didaba Rozuley".
    /// The wrong first names are distinct, so every entry is.
    pub fn entry(i: usize) -> (String, String) {
        let first = word(i);
        let last = capitalized(&word(i * 7919 % 343_000)) + "y";
        (
            format!("Xq{first} {last}"),
            format!("{} {last}", capitalized(&first)),
        )
    }

    /// A rule file with one case-sensitive substitution rule of `entries` entries.
    pub fn yaml(entries: usize) -> String {
        let (wrong, right) = entry(0);
        let (first, last) = wrong.split_once(' ').expect("two words");
        let mut out = format!(
            "rules:\n  - id: bench.table-{entries}\n    class: name\n    severity: error\n    \
             description: Generated {entries}-entry table for benchmarks\n    \
             message: \"$wrong should be $right\"\n    safe: true\n    examples:\n      \
             flag:\n        - \"Officials met [[{first}]] {last} on Monday.\"\n      \
             pass:\n        - \"Officials met {right} on Monday.\"\n    \
             substitution:\n      table:\n"
        );
        for (wrong, right) in (0..entries).map(entry) {
            out.push_str(&format!("        \"{wrong}\": \"{right}\"\n"));
        }
        out
    }

    /// Writes the rule file to a fresh temporary folder and loads it.
    pub fn rule_set(entries: usize) -> RuleSet {
        let dir = temp_dir(entries);
        std::fs::write(dir.join("table.yaml"), yaml(entries)).expect("write the rule file");
        let rules = RuleSet::load(&[RuleSource::Dir(dir.clone())]);
        std::fs::remove_dir_all(&dir).expect("remove the temporary rule folder");
        rules.unwrap_or_else(|e| panic!("generated {entries}-entry table: {e}"))
    }

    fn temp_dir(entries: usize) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "mtlint-bench-{}-table-{entries}",
            std::process::id()
        ));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("clear the temporary rule folder");
        }
        std::fs::create_dir_all(&dir).expect("create the temporary rule folder");
        dir
    }
}

/// A small deterministic generator of machine-translated-looking news:
/// "Headline | Outlet", then paragraphs of statements, quotes and figures,
/// with a few of the artefacts mtlint looks for.
mod news {
    use super::capitalized;

    /// xorshift64*: deterministic and dependency-free.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
        fn percent(&mut self, p: usize) -> bool {
            self.below(100) < p
        }
    }

    /// (name, pronoun, role) of fictional people.
    const PEOPLE: &[(&str, &str, &str)] = &[
        ("Maria Kowalska", "she", "the Minister of Finance"),
        ("Daniel Okafor", "he", "the opposition leader"),
        ("Elena Petrova", "she", "the mayor"),
        ("Ahmed Haddad", "he", "the government spokesman"),
        ("Sofia Marquez", "she", "the health minister"),
        ("Kenji Watanabe", "he", "the central bank governor"),
        ("Lukas Becker", "he", "the defence minister"),
        ("Chloe Dubois", "she", "the European Commissioner"),
        ("Yusuf Demir", "he", "the foreign minister"),
        ("Priya Raman", "she", "the head of the statistics office"),
    ];
    const PLACES: &[&str] = &[
        "Rafah",
        "Kharkiv",
        "Kyiv",
        "Odesa",
        "Khan Younis",
        "Beirut",
        "Athens",
        "Warsaw",
        "Brussels",
        "Thessaloniki",
        "Gdansk",
        "Lisbon",
        "Tbilisi",
        "Izmir",
        "Geneva",
    ];
    const ORGS: &[&str] = &[
        "the European Commission",
        "the United Nations",
        "the Ministry of Health",
        "the central bank",
        "the main opposition party",
        "the coast guard",
        "the city council",
        "the national statistics office",
        "the port authority",
    ];
    const OUTLETS: &[&str] = &[
        "Liberal",
        "The Daily Wire Service",
        "Kathimerini",
        "El País",
    ];
    const TOPICS: &[&str] = &[
        "the budget",
        "the ceasefire talks",
        "the energy subsidies",
        "the pension reform",
        "the evacuation plan",
        "the new border checks",
        "the port expansion",
    ];
    const GROUPS: &[&str] = &["residents", "families", "workers", "nurses", "pensioners"];
    const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    const OPENERS: &[&str] = &[
        "",
        "",
        "Meanwhile, ",
        "On the other hand, ",
        "In addition, ",
    ];
    const QUOTES: &[&str] = &[
        "The situation is under control, but we remain vigilant",
        "It is a step in the right direction",
        "Nobody can say when this will end",
        "Our priority is the safety of displaced families",
        "The government has failed to keep its promises",
    ];
    /// Sentences with one artefact each (misspelt names, calques, spacing, punctuation).
    const ARTEFACTS: &[&str] = &[
        "US Secretary of State Anthony Blinken is expected to arrive on Thursday.",
        "The strike on Kharkov killed two people, officials said.",
        "The president of the Government announced new measures .",
        "The talks ended late.The delegations will meet again next week.",
        "The minister called the decision « unacceptable ».",
        "Prices rose again.. Analysts expect more increases.",
        "US Foreign Minister Antony Blinken met Olaf Sholz in Berlin.",
        "Did anyone expect this ?? Few did.",
    ];

    /// About `target` bytes (at least that many) of news articles.
    pub fn generate(target: usize, seed: u64) -> String {
        let mut rng = Rng(seed | 1);
        let mut out = String::with_capacity(target + 8192);
        while out.len() < target {
            article(&mut rng, &mut out);
        }
        out
    }

    /// One article: headline, 6 to 15 paragraphs, sometimes a scraper footer.
    fn article(rng: &mut Rng, out: &mut String) {
        let place = rng.pick(PLACES);
        let topic = rng.pick(TOPICS);
        let outlet = rng.pick(OUTLETS);
        out.push_str(&format!("Protests in {place} over {topic} | {outlet}\n\n"));
        for _ in 0..6 + rng.below(10) {
            let sentences: Vec<String> = (0..1 + rng.below(3)).map(|_| sentence(rng)).collect();
            out.push_str(&sentences.join(" "));
            out.push_str("\n\n");
        }
        if rng.percent(10) {
            out.push_str("Source link\n\n");
        }
        out.push('\n');
    }

    /// One sentence: mostly plain reporting, sometimes an artefact.
    fn sentence(rng: &mut Rng) -> String {
        if rng.percent(3) {
            return rng.pick(ARTEFACTS).to_string();
        }
        let sentence = match rng.below(4) {
            0 => quote(rng),
            1 => figures(rng),
            2 => meeting(rng),
            _ => report(rng),
        };
        capitalized(&sentence)
    }

    /// “Quote,” Name said. “Quote,” she added.
    fn quote(rng: &mut Rng) -> String {
        let (name, pronoun, _) = PEOPLE[rng.below(PEOPLE.len())];
        let surname = name.rsplit(' ').next().unwrap_or(name);
        format!(
            "“{},” {surname} told journalists. “{},” {pronoun} added.",
            rng.pick(QUOTES),
            rng.pick(QUOTES)
        )
    }

    /// Inflation figures with percentages and a comparison.
    fn figures(rng: &mut Rng) -> String {
        let (now, before) = (rng.below(150), rng.below(150));
        format!(
            "Inflation stood at {}.{}% in June, against {}.{}% a year earlier, {} said.",
            now / 10,
            now % 10,
            before / 10,
            before % 10,
            rng.pick(ORGS)
        )
    }

    /// Name, role, met someone somewhere to discuss something.
    fn meeting(rng: &mut Rng) -> String {
        let first = rng.below(PEOPLE.len());
        let second = (first + 1 + rng.below(PEOPLE.len() - 1)) % PEOPLE.len();
        let ((name, _, role), (other, _, _)) = (PEOPLE[first], PEOPLE[second]);
        format!(
            "{}{name}, {role}, met {other} in {} on {} to discuss {}.",
            rng.pick(OPENERS),
            rng.pick(PLACES),
            rng.pick(DAYS),
            rng.pick(TOPICS)
        )
    }

    /// An organisation reports how many people were affected where.
    fn report(rng: &mut Rng) -> String {
        format!(
            "{}{} reported on {} that {},{:03} {} had been affected in {}.",
            rng.pick(OPENERS),
            rng.pick(ORGS),
            rng.pick(DAYS),
            1 + rng.below(99),
            rng.below(1000),
            rng.pick(GROUPS),
            rng.pick(PLACES)
        )
    }
}

criterion_group!(benches, all_rules, substitution_tables, small);
criterion_main!(benches);

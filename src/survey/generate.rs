//! Generated name-generator surveys with their truth, to measure name matching.
//!
//! [`generate`] writes a survey the way field teams save them (UTF-8 with BOM, `;`, CRLF,
//! "N/A" and "don't know" cells) in the layout of the bundled messy sample: people named in
//! `rely_on_1..5`, `advice_1..3` and `can_change_things_1..2`, places and groups in
//! `info_source_1..3` and `groups_1..3`. Names are written as respondents write them, at the
//! rates of the sample: 64% as spelled, 11% in capitals with a leading space, 8.5% in lower
//! case with a trailing space, 14% as a first name and surname initial ("Leanne C."), and
//! 2.5% as a nickname (English or not: "Kasia" for Katarzyna, "Funmi" for Olufunmilayo) or
//! without accents. A few well-known people are named by many; a fifth of respondents are
//! isolated (name nobody, use nothing, and nobody names them); a few respondents write
//! their own name. Compared with the sample, fewer first names are shared by more people,
//! so that short forms fit several people.
//!
//! The truth says who is behind every name written; [`accuracy`] scores an imported study
//! against it with the pairwise precision and recall of the grouping of mentions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::build::{COLUMN, RESPONDENT_ID};
use crate::model::{Study, Value};

/// First names with the short forms respondents write for them (the first is the name
/// itself); one list for the neighbourhoods' languages.
const FIRST: &[&[&str]] = &[
    &["Tomasz", "Tomek", "Tom"],
    &["Katarzyna", "Kasia"],
    &["Małgorzata", "Gosia"],
    &["Wojciech", "Wojtek"],
    &["Agnieszka", "Aga"],
    &["Łucja"],
    &["Andrzej"],
    &["Mohammed", "Mo", "Muhammad"],
    &["Abdullah", "Abdul"],
    &["Fatima"],
    &["Imran"],
    &["Nusrat"],
    &["Yusuf"],
    &["Mariam"],
    &["Olufunmilayo", "Funmi"],
    &["Oluwaseun", "Seun"],
    &["Babatunde", "Tunde"],
    &["Chukwuemeka", "Emeka"],
    &["Ngozi"],
    &["Kwabena", "Kobby"],
    &["Kwame"],
    &["Abena"],
    &["Alexandru", "Alex"],
    &["Gheorghe", "Gica"],
    &["Ioana"],
    &["José", "Zé"],
    &["Francisco", "Paco"],
    &["Dolores", "Lola"],
    &["Hui"],
    &["Wei"],
    &["Leanne"],
    &["Sarah", "Sally"],
    &["David", "Dave"],
    &["Michael", "Mike"],
    &["Joanne", "Jo"],
    &["Grace"],
    &["Kerry"],
    &["Emma"],
    &["Daniel", "Dan"],
    &["Priya"],
    &["Shanice"],
];

/// Surnames.
const LAST: &[&str] = &[
    "Adeyemi", "Ali", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Hughes", "Hussain",
    "Jones", "Khan", "Kowalski", "Mensah", "Müller", "Nowak", "O'Neill", "Okafor", "Osei", "Patel",
    "Popescu", "Silva", "Smith", "Taylor", "Walker", "Wang", "Williams",
];

const PLACES: &[&str] = &[
    "Library",
    "Job Centre",
    "Food bank",
    "GP surgery",
    "Mosque",
    "Corner shop",
    "Parish newsletter",
    "Community Facebook group",
    "School gate",
];

const GROUPS: &[&str] = &[
    "Cricket club",
    "Mums and tots",
    "English class",
    "Bingo",
    "Faith group",
    "Knit and natter",
    "Gardening group",
    "Volunteering",
];

/// Relations of people: name and number of columns.
const PEOPLE_COLUMNS: [(&str, usize); 3] =
    [("rely_on", 5), ("advice", 3), ("can_change_things", 2)];

/// The truth about one name written: who wrote it, in which column, and who it is (a
/// respondent's id, or the full name of someone who did not answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthMention {
    /// The respondent who wrote the name.
    pub respondent: String,
    /// The column it was written in.
    pub column: String,
    /// The person: a respondent id or an alter's full name.
    pub person: String,
    /// The name as written, trimmed.
    pub written: String,
}

/// A generated survey and its truth.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The survey file's bytes.
    pub csv: Vec<u8>,
    /// Who is behind every name written (self-nominations left out).
    pub mentions: Vec<TruthMention>,
    /// Respondents with no tie at all, sorted.
    pub isolates: Vec<String>,
    /// Full names of the well-known people.
    pub connectors: Vec<String>,
}

/// Writes a survey of `respondents` rows from `seed`; the same seed gives the same bytes.
pub fn generate(seed: u64, respondents: usize) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Fewer first names than the population would spread over: about one first name for
    // every 30 people, so that "Leanne C." fits several people in a large survey.
    let population = respondents * 22 / 10;
    let mut firsts: Vec<usize> = (0..FIRST.len()).collect();
    for i in (1..firsts.len()).rev() {
        firsts.swap(i, rng.random_range(0..=i));
    }
    firsts.truncate((population / 30).clamp(12, FIRST.len()));
    let mut used = BTreeSet::new();
    let mut people: Vec<(usize, String)> = Vec::with_capacity(population);
    while people.len() < population {
        let f = firsts[rng.random_range(0..firsts.len())];
        let l = LAST[rng.random_range(0..LAST.len())];
        let first = FIRST[f][0];
        let mut name = format!("{first} {l}");
        let mut tries = 0;
        while used.contains(&name) && tries < 60 {
            let m = char::from(b'A' + rng.random_range(0..26u8));
            name = format!("{first} {m}. {l}");
            tries += 1;
        }
        if used.insert(name.clone()) {
            people.push((f, name));
        }
    }
    let isolated: Vec<bool> = (0..respondents).map(|_| rng.random_bool(0.2)).collect();
    // Isolated respondents are named by nobody.
    let pickable: Vec<usize> = (0..population)
        .filter(|&p| p >= respondents || !isolated[p])
        .collect();
    let connectors: Vec<usize> = (0..5)
        .map(|_| pickable[rng.random_range(0..pickable.len())])
        .collect();
    let mut out = String::from("\u{feff}respondent_id;name;gender");
    for i in 1..=14 {
        out.push_str(&format!(";wemwbs_{i}"));
    }
    out.push_str(";life_satisfaction");
    for (g, k) in PEOPLE_COLUMNS {
        for i in 1..=k {
            out.push_str(&format!(";{g}_{i}"));
        }
    }
    out.push_str(";info_source_1;groups_1;info_source_2;groups_2;info_source_3;groups_3\r\n");
    let mut mentions = Vec::new();
    let id = |p: usize| format!("R{:04}", p + 1);
    for r in 0..respondents {
        let gender = if rng.random_bool(0.5) {
            "Female"
        } else {
            "Male"
        };
        out.push_str(&format!("{};{};{gender}", id(r), people[r].1));
        for _ in 0..14 {
            if rng.random_bool(0.005) {
                out.push(';');
            } else {
                out.push_str(&format!(";{}", rng.random_range(1..=5)));
            }
        }
        out.push_str(&format!(";{}", rng.random_range(0..=10)));
        for (g, k) in PEOPLE_COLUMNS {
            let picks = match g {
                "rely_on" => rng.random_range(1..=5),
                "advice" => rng.random_range(0..=3),
                _ => usize::from(rng.random_bool(0.3)),
            };
            let mut chosen: Vec<usize> = Vec::new();
            if !isolated[r] {
                for _ in 0..picks {
                    let p = if rng.random_bool(0.15) {
                        connectors[rng.random_range(0..connectors.len())]
                    } else {
                        pickable[rng.random_range(0..pickable.len())]
                    };
                    if p != r && !chosen.contains(&p) {
                        chosen.push(p);
                    }
                }
            }
            let mut self_named = false;
            for j in 0..k {
                let column = format!("{g}_{}", j + 1);
                match chosen.get(j) {
                    Some(&p) => {
                        let (f, name) = &people[p];
                        let text = written(&mut rng, *f, name);
                        out.push_str(&format!(";{text}"));
                        mentions.push(TruthMention {
                            respondent: id(r),
                            column,
                            person: if p < respondents { id(p) } else { name.clone() },
                            written: text.trim().to_string(),
                        });
                    }
                    None if !isolated[r] && !self_named && rng.random_bool(0.01) => {
                        // A respondent naming themself, which the import drops.
                        self_named = true;
                        out.push_str(&format!(";{}", people[r].1));
                    }
                    None if j == 0 && rng.random_bool(0.1) => {
                        out.push_str([";N/A", ";don't know", ";-"][rng.random_range(0..3)]);
                    }
                    None => out.push(';'),
                }
            }
        }
        for k in 0..6 {
            let pool = if k % 2 == 0 { PLACES } else { GROUPS };
            if !isolated[r] && rng.random_bool(0.45) {
                out.push_str(&format!(";{}", pool[rng.random_range(0..pool.len())]));
            } else {
                out.push(';');
            }
        }
        out.push_str("\r\n");
    }
    let isolates = (0..respondents).filter(|&r| isolated[r]).map(id).collect();
    Generated {
        csv: out.into_bytes(),
        mentions,
        isolates,
        connectors: connectors.iter().map(|&p| people[p].1.clone()).collect(),
    }
}

/// One way a name may be written, at the sample's rates.
fn written(rng: &mut ChaCha8Rng, first_index: usize, name: &str) -> String {
    let x: f64 = rng.random();
    let words: Vec<&str> = name.split(' ').collect();
    let (first, last) = (words[0], words[words.len() - 1]);
    if x < 0.64 {
        name.to_string()
    } else if x < 0.75 {
        format!(" {}", name.to_uppercase())
    } else if x < 0.835 {
        format!("{} ", name.to_lowercase())
    } else if x < 0.975 {
        format!("{first} {}.", last.chars().next().unwrap_or('X'))
    } else {
        let forms = FIRST.get(first_index).copied().unwrap_or(&[]);
        match forms.get(1..).filter(|f| !f.is_empty()) {
            Some(nicks) => {
                let nick = nicks[rng.random_range(0..nicks.len())];
                format!("{nick}{}", &name[first.len()..])
            }
            None => deunicode::deunicode(name),
        }
    }
}

/// How well a study's people agree with a generated truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Of the pairs of mentions the study puts on one node, the share that are one person.
    pub precision: f64,
    /// Of the pairs of mentions that are one person, the share the study puts on one node.
    pub recall: f64,
    /// Mentions of the truth with no tie in the study.
    pub missing: usize,
}

/// Pairwise precision and recall of the study's grouping of mentions (ties, known by their
/// `respondent_id` and `column`) against the truth's.
pub fn accuracy(study: &Study, truth: &[TruthMention]) -> Accuracy {
    let text = |v: Option<&Value>| v.and_then(Value::as_text).unwrap_or("").to_string();
    let mut target: HashMap<(String, String), usize> = HashMap::new();
    if let (Some(rid), Some(col)) = (
        study.tie_attribute(RESPONDENT_ID),
        study.tie_attribute(COLUMN),
    ) {
        for (i, t) in study.ties().iter().enumerate() {
            target.insert((text(rid.value(i)), text(col.value(i))), t.target.index());
        }
    }
    let mut missing = 0;
    let mut cells = Vec::with_capacity(truth.len());
    for m in truth {
        match target.get(&(m.respondent.clone(), m.column.clone())) {
            Some(&n) => cells.push((n, m.person.as_str())),
            None => missing += 1,
        }
    }
    let (precision, recall) = pairwise(cells);
    Accuracy {
        precision,
        recall,
        missing,
    }
}

/// Pairwise precision and recall of a grouping: one (group, true person) per mention.
fn pairwise<'a>(mentions: impl IntoIterator<Item = (usize, &'a str)>) -> (f64, f64) {
    let mut cells: BTreeMap<(usize, &str), u64> = BTreeMap::new();
    for cell in mentions {
        *cells.entry(cell).or_default() += 1;
    }
    let mut by_group: BTreeMap<usize, u64> = BTreeMap::new();
    let mut by_person: BTreeMap<&str, u64> = BTreeMap::new();
    let pairs = |k: u64| k * k.saturating_sub(1) / 2;
    let mut both = 0;
    for (&(g, p), &k) in &cells {
        both += pairs(k);
        *by_group.entry(g).or_default() += k;
        *by_person.entry(p).or_default() += k;
    }
    let predicted: u64 = by_group.values().map(|&k| pairs(k)).sum();
    let actual: u64 = by_person.values().map(|&k| pairs(k)).sum();
    (
        both as f64 / predicted.max(1) as f64,
        both as f64 / actual.max(1) as f64,
    )
}

/// Whether a written name is a short form: a first name and a surname initial ("Leanne C.").
fn is_short_form(written: &str) -> bool {
    let words: Vec<&str> = written.split_whitespace().collect();
    matches!(words.as_slice(), [_, initial] if initial.chars().count() == 2 && initial.ends_with('.'))
}

/// The best pairwise precision and recall any matcher that reads names alone can reach on
/// a generated survey, at one choice of how sure it must be.
///
/// Every name written in full (in any case, without accents or as a nickname) is put with
/// the person it truly is, as if every full name were read perfectly. A short form
/// ("Leanne C.") is one string for everyone it may stand for, so it is put with the person
/// most of that short form's mentions truly are, when that person's share of them is at
/// least `share`, and otherwise left on its own. The generator draws whom a respondent
/// names without regard to who they are, where they go or whom else they name, so nothing
/// in a mention's context tells the readings of a short form apart beyond these shares
/// (apart from names listed side by side, which are never one person): this bounds what
/// any matcher can reach, context or not, and it knows the true shares, which a matcher
/// can only estimate.
pub fn name_only_bound(truth: &[TruthMention], share: f64) -> Accuracy {
    let mut people: BTreeMap<&str, usize> = BTreeMap::new();
    for m in truth {
        let n = people.len();
        people.entry(m.person.as_str()).or_insert(n);
    }
    let mut readings: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for m in truth.iter().filter(|m| is_short_form(&m.written)) {
        *readings
            .entry(m.written.as_str())
            .or_default()
            .entry(m.person.as_str())
            .or_default() += 1;
    }
    // The person each short form is read as, if any.
    let read: BTreeMap<&str, Option<&str>> = readings
        .iter()
        .map(|(&w, counts)| {
            let total: u64 = counts.values().sum();
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .filter(|&(_, &k)| k as f64 >= share * total as f64)
                .map(|(&p, _)| p);
            (w, best)
        })
        .collect();
    let alone = people.len();
    let cells = truth.iter().enumerate().map(|(i, m)| {
        let group = match read.get(m.written.as_str()) {
            None => people[m.person.as_str()],
            Some(Some(p)) => people[p],
            Some(None) => alone + i,
        };
        (group, m.person.as_str())
    });
    let (precision, recall) = pairwise(cells);
    Accuracy {
        precision,
        recall,
        missing: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_survey() {
        let a = generate(3, 120);
        let b = generate(3, 120);
        assert_eq!(a.csv, b.csv);
        assert_eq!(a.mentions, b.mentions);
        assert_ne!(generate(4, 120).csv, a.csv);
    }

    #[test]
    fn a_survey_has_its_rows_variants_and_isolates() {
        let g = generate(11, 400);
        let text = String::from_utf8(g.csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.matches("\r\n").count(), 401);
        let share = g.isolates.len() as f64 / 400.0;
        assert!((0.12..0.28).contains(&share), "{share}");
        // Every person behind a mention that is a respondent is not an isolate.
        assert!(
            g.mentions
                .iter()
                .all(|m| !g.isolates.contains(&m.person) && !g.isolates.contains(&m.respondent))
        );
        // Short forms and nicknames are written.
        assert!(g.mentions.len() > 1000);
        assert!(text.contains("Kasia") || text.contains("Gosia") || text.contains("Tomek"));
    }
}

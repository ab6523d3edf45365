//! The generated messy survey that the survey and analysis benchmarks share: the
//! 2,000-respondent survey of the survey import issue.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const FIRST: [&str; 40] = [
    "Aisha", "Amara", "Andrzej", "Abena", "Chen", "Chloe", "Darren", "David", "Fatima", "Grace",
    "Hannah", "Hui", "Gary", "James", "Joanne", "José", "Kerry", "Kofi", "Kwame", "Łucja",
    "Manjit", "Mariam", "Michael", "Mohammed", "Daniel", "Ngozi", "Olivia", "Paul", "Priya",
    "Peter", "Renée", "Sarah", "Shanice", "Steve", "Tomasz", "Tunde", "Yasmin", "Yusuf", "Zoë",
    "Emma",
];
const LAST: [&str; 24] = [
    "Adeyemi", "Ali", "Begum", "Brown", "Campbell", "Davies", "Evans", "Hughes", "Jones", "Khan",
    "Kowalski", "Mensah", "Müller", "Nowak", "Hussain", "O'Neill", "Okafor", "Osei", "Patel",
    "Smith", "Taylor", "Walker", "Williams", "Wright",
];
const NICKNAMES: [(&str, &str); 8] = [
    ("David", "Dave"),
    ("Daniel", "Dan"),
    ("James", "Jim"),
    ("Michael", "Mike"),
    ("Mohammed", "Mo"),
    ("Joanne", "Jo"),
    ("Sarah", "Sally"),
    ("Peter", "Pete"),
];
const PLACES: [&str; 6] = [
    "Library",
    "Job Centre",
    "Food bank",
    "GP surgery",
    "Mosque",
    "Corner shop",
];
const GROUPS: [&str; 5] = [
    "Cricket club",
    "Mums and tots",
    "English class",
    "Bingo",
    "Faith group",
];

/// A messy survey the way field teams save them (`;`, CRLF, BOM, "N/A" cells) with names
/// written in case, spacing, initial and nickname variants; people share names, told apart by
/// middle initials.
pub fn messy_survey(seed: u64, respondents: usize) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut used = std::collections::BTreeSet::new();
    let mut people: Vec<String> = Vec::new();
    while people.len() < respondents * 22 / 10 {
        let (f, l) = (
            FIRST[rng.random_range(0..FIRST.len())],
            LAST[rng.random_range(0..LAST.len())],
        );
        let mut name = format!("{f} {l}");
        while used.contains(&name) {
            let m = char::from(b'A' + rng.random_range(0..26u8));
            name = format!("{f} {m}. {l}");
        }
        used.insert(name.clone());
        people.push(name);
    }
    let connectors: Vec<usize> = (0..5).map(|_| rng.random_range(0..people.len())).collect();
    let mut out = String::from("\u{feff}respondent_id;name;gender");
    for i in 1..=14 {
        out.push_str(&format!(";wemwbs_{i}"));
    }
    out.push_str(";life_satisfaction");
    for (g, k) in [("rely_on", 5), ("advice", 3), ("can_change_things", 2)] {
        for i in 1..=k {
            out.push_str(&format!(";{g}_{i}"));
        }
    }
    out.push_str(";info_source_1;info_source_2;groups_1;groups_2\r\n");
    for r in 0..respondents {
        let gender = if rng.random_bool(0.5) {
            "Female"
        } else {
            "Male"
        };
        out.push_str(&format!("R{:04};{};{gender}", r + 1, people[r]));
        for _ in 0..14 {
            if rng.random_bool(0.005) {
                out.push(';');
            } else {
                out.push_str(&format!(";{}", rng.random_range(1..=5)));
            }
        }
        out.push_str(&format!(";{}", rng.random_range(0..=10)));
        let isolated = rng.random_bool(0.2);
        for (g, k) in [(0, 5), (1, 3), (2, 2)] {
            let mut chosen: Vec<usize> = Vec::new();
            if !isolated {
                for _ in 0..rng.random_range(usize::from(g == 0)..=k) {
                    let p = if rng.random_bool(0.15) {
                        connectors[rng.random_range(0..connectors.len())]
                    } else {
                        rng.random_range(0..people.len())
                    };
                    if p != r && !chosen.contains(&p) {
                        chosen.push(p);
                    }
                }
            }
            for j in 0..k {
                match chosen.get(j) {
                    Some(&p) => out.push_str(&format!(";{}", written(&mut rng, &people[p]))),
                    None if j == 0 && rng.random_bool(0.1) => out.push_str(";N/A"),
                    None => out.push(';'),
                }
            }
        }
        for pool in [&PLACES[..], &PLACES[..], &GROUPS[..], &GROUPS[..]] {
            if !isolated && rng.random_bool(0.5) {
                out.push_str(&format!(";{}", pool[rng.random_range(0..pool.len())]));
            } else {
                out.push(';');
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One way a name may be written.
fn written(rng: &mut ChaCha8Rng, name: &str) -> String {
    let x: f64 = rng.random();
    let words: Vec<&str> = name.split(' ').collect();
    let (first, last) = (words[0], words[words.len() - 1]);
    if x < 0.64 {
        name.to_string()
    } else if x < 0.78 {
        format!("{first} {}.", last.chars().next().unwrap_or('X'))
    } else if x < 0.89 {
        format!(" {}", name.to_uppercase())
    } else if x < 0.975 {
        format!("{} ", name.to_lowercase())
    } else {
        match NICKNAMES.iter().find(|(f, _)| *f == first) {
            Some((_, nick)) => name.replacen(first, nick, 1),
            None => name.replace('é', "e").replace('ü', "u").replace('ë', "e"),
        }
    }
}

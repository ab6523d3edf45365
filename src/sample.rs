//! The bundled sample study: a fictional neighbourhood social network survey, made by a
//! seeded generator so that it is the same on every machine.
//!
//! The generator writes the survey as the field team would hand it over (one row per
//! respondent, named people and places in numbered columns) and builds the network it
//! describes: respondents, the people they named (alters), the places and groups they use,
//! with gender, age band, employment, migration status, single parenthood, the 14 WEMWBS
//! items with the WEMWBS total and SWEMWBS metric score, and life satisfaction on each
//! respondent. The structure mirrors what community
//! studies report: unemployed people and single parents are more often isolated, a few
//! connectors are named by many, people name others of the same migration background more
//! often, and wellbeing rises with the number of people one can rely on.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{AttrType, NodeId, NodeKind, Study, Tie, Value};

/// The seed of the bundled sample.
pub const SEED: u64 = 20_261_126;
/// Respondents in the bundled sample.
pub const RESPONDENTS: usize = 150;

pub(crate) const FIRST: [&str; 40] = [
    "Aisha", "Amara", "Andrzej", "Bilal", "Chen", "Chloe", "Darren", "David", "Fatima", "Grace",
    "Hassan", "Hui", "Ifeoma", "Jack", "Joanne", "José", "Kerry", "Kofi", "Leon", "Łucja",
    "Manjit", "Maria", "Michael", "Mohammed", "Nadia", "Ngozi", "Olivia", "Patrick", "Priya",
    "Rachel", "Renée", "Sarah", "Siobhan", "Steve", "Tomasz", "Tunde", "Yasmin", "Zainab", "Zoë",
    "Emma",
];
pub(crate) const LAST: [&str; 24] = [
    "Adeyemi", "Ali", "Begum", "Brown", "Campbell", "Davies", "Evans", "Hughes", "Jones", "Khan",
    "Kowalski", "Mensah", "Murphy", "Nowak", "Nguyen", "O'Neill", "Okafor", "Osei", "Patel",
    "Smith", "Taylor", "Walker", "Williams", "Wright",
];
const PLACES: [&str; 8] = [
    "Library",
    "Job Centre",
    "Corner shop",
    "Community centre",
    "Food bank",
    "GP surgery",
    "Mosque",
    "St Mary's Church",
];
const GROUPS: [&str; 7] = [
    "Community Facebook group",
    "Mums and tots",
    "Football club",
    "English class",
    "Faith group",
    "Parish newsletter",
    "Allotment society",
];
const EMPLOYMENT: [(&str, u32); 5] = [
    ("Employed", 40),
    ("Unemployed", 20),
    ("Retired", 18),
    ("Student", 10),
    ("Carer", 12),
];
const AGE: [&str; 5] = ["18-24", "25-34", "35-49", "50-64", "65+"];
const PEOPLE_COLUMNS: [(&str, usize); 3] =
    [("rely_on", 5), ("advice", 3), ("can_change_things", 2)];
const PLACE_COLUMNS: [(&str, usize); 2] = [("info_source", 3), ("groups", 3)];

/// One generated respondent.
struct Respondent {
    id: String,
    name: String,
    gender: &'static str,
    age: &'static str,
    employment: &'static str,
    migrant: bool,
    single_parent: bool,
    wemwbs: [u8; 14],
    life_satisfaction: u8,
    /// Per people column group, the names written (person index into `people`).
    named: Vec<Vec<usize>>,
    /// Per place column group, the places and groups written.
    places: Vec<Vec<&'static str>>,
}

/// The generated neighbourhood: everybody who can be named, and the respondents.
struct Neighbourhood {
    people: Vec<(String, bool)>,
    respondents: Vec<Respondent>,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted(rng: &mut ChaCha8Rng, items: &[(&'static str, u32)]) -> &'static str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (name, w) in items {
        if x < *w {
            return name;
        }
        x -= w;
    }
    items[0].0
}

fn generate(seed: u64, respondents: usize) -> Neighbourhood {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Everybody in the neighbourhood who could be named: respondents first, then as many
    // again who did not take part. Each has a migration background.
    let population = respondents * 2;
    let mut people: Vec<(String, bool)> = Vec::with_capacity(population);
    let mut used = std::collections::BTreeSet::new();
    // Once most first-and-last pairs are taken, middle initials keep names distinct, so a
    // large neighbourhood never runs out of names.
    let plain_names = FIRST.len() * LAST.len() * 3 / 4;
    while people.len() < population {
        let (first, last) = (pick(&mut rng, &FIRST), pick(&mut rng, &LAST));
        let name = if used.len() < plain_names {
            format!("{first} {last}")
        } else {
            let initial = char::from(b'A' + rng.random_range(0..26u8));
            format!("{first} {initial}. {last}")
        };
        if used.insert(name.clone()) {
            people.push((name, rng.random_bool(0.35)));
        }
    }
    // A few well-known connectors that many people name.
    let connectors: Vec<usize> = (0..5)
        .map(|_| rng.random_range(respondents..population))
        .collect();
    // Who each respondent is, decided first so that nominations can avoid the isolated.
    let mut profiles = Vec::with_capacity(respondents);
    for _ in 0..respondents {
        let employment = weighted(&mut rng, &EMPLOYMENT);
        let gender = if rng.random_bool(0.02) {
            "Non-binary"
        } else if rng.random_bool(0.53) {
            "Female"
        } else {
            "Male"
        };
        let single_parent = gender != "Male" && rng.random_bool(0.18);
        // Isolation risk: higher for the unemployed and single parents.
        let mut p_isolate: f64 = 0.12;
        if employment == "Unemployed" {
            p_isolate += 0.3;
        }
        if single_parent {
            p_isolate += 0.25;
        }
        let isolated = rng.random_bool(p_isolate.min(0.9));
        profiles.push((employment, gender, single_parent, isolated));
    }
    let is_isolated = |c: usize| c < respondents && profiles[c].3;
    let mut out = Vec::with_capacity(respondents);
    for i in 0..respondents {
        let (employment, gender, single_parent, isolated) = profiles[i];
        let migrant = people[i].1;
        let mut named = Vec::new();
        for (_, max) in PEOPLE_COLUMNS {
            let mut chosen: Vec<usize> = Vec::new();
            if !isolated {
                let k = rng.random_range(0..=max);
                for _ in 0..k {
                    let person = if rng.random_bool(0.15) {
                        *pick(&mut rng, &connectors)
                    } else {
                        // Same-background people are named twice as often.
                        loop {
                            let c = rng.random_range(0..population);
                            if !is_isolated(c) && (people[c].1 == migrant || rng.random_bool(0.5)) {
                                break c;
                            }
                        }
                    };
                    if person != i && !chosen.contains(&person) {
                        chosen.push(person);
                    }
                }
            }
            named.push(chosen);
        }
        let mut places = Vec::new();
        for (column, max) in PLACE_COLUMNS {
            let pool: &[&'static str] = if column == "groups" { &GROUPS } else { &PLACES };
            let mut chosen: Vec<&'static str> = Vec::new();
            // Most isolated people use no local place or group either; some go to one.
            let k = if isolated {
                usize::from(rng.random_bool(0.3))
            } else {
                rng.random_range(0..=max)
            };
            for _ in 0..k {
                let p = *pick(&mut rng, pool);
                if !chosen.contains(&p) {
                    chosen.push(p);
                }
            }
            places.push(chosen);
        }
        // Wellbeing rises with the number of people one can rely on.
        let support = named.first().map_or(0, Vec::len) as f64;
        let base = 2.4 + 0.22 * support - if employment == "Unemployed" { 0.3 } else { 0.0 };
        let mut wemwbs = [3u8; 14];
        for item in &mut wemwbs {
            let x = base + rng.random_range(-1.2..1.2);
            *item = x.round().clamp(1.0, 5.0) as u8;
        }
        let ls = (4.5 + 0.6 * support + rng.random_range(-2.5..2.5))
            .round()
            .clamp(0.0, 10.0) as u8;
        out.push(Respondent {
            id: format!("R{:03}", i + 1),
            name: people[i].0.clone(),
            gender,
            age: AGE[rng.random_range(0..AGE.len())],
            employment,
            migrant,
            single_parent,
            wemwbs,
            life_satisfaction: ls,
            named,
            places,
        });
    }
    Neighbourhood {
        people,
        respondents: out,
    }
}

/// The sample survey as the field team would save it: CSV, one row per respondent.
pub fn survey_csv(seed: u64, respondents: usize) -> String {
    let hood = generate(seed, respondents);
    let mut header: Vec<String> = [
        "respondent_id",
        "name",
        "gender",
        "age_band",
        "employment_status",
        "migration_status",
        "single_parent",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=14).map(|i| format!("wemwbs_{i}")));
    header.push("life_satisfaction".into());
    for (col, max) in PEOPLE_COLUMNS.iter().chain(PLACE_COLUMNS.iter()) {
        header.extend((1..=*max).map(|i| format!("{col}_{i}")));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&header);
    for r in &hood.respondents {
        let mut rec: Vec<String> = vec![
            r.id.clone(),
            r.name.clone(),
            r.gender.into(),
            r.age.into(),
            r.employment.into(),
            if r.migrant { "Migrant" } else { "UK-born" }.into(),
            if r.single_parent { "Yes" } else { "No" }.into(),
        ];
        rec.extend(r.wemwbs.iter().map(|x| x.to_string()));
        rec.push(r.life_satisfaction.to_string());
        for (g, (_, max)) in PEOPLE_COLUMNS.iter().enumerate() {
            for k in 0..*max {
                rec.push(
                    r.named[g]
                        .get(k)
                        .map(|&p| hood.people[p].0.clone())
                        .unwrap_or_default(),
                );
            }
        }
        for (g, (_, max)) in PLACE_COLUMNS.iter().enumerate() {
            for k in 0..*max {
                rec.push(
                    r.places[g]
                        .get(k)
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                );
            }
        }
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The sample network: respondents with their attributes and wellbeing items, the people
/// they named (alters), and the places and groups they use; directed nominations, one
/// relation per question.
pub fn study(seed: u64, respondents: usize) -> Study {
    let hood = generate(seed, respondents);
    let mut s = Study::new(true);
    s.name = "Sample neighbourhood survey".into();
    let mut node_of_person: Vec<Option<NodeId>> = vec![None; hood.people.len()];
    for (i, r) in hood.respondents.iter().enumerate() {
        let Ok(n) = s.add_node(r.id.clone(), r.name.clone(), NodeKind::Respondent) else {
            continue;
        };
        node_of_person[i] = Some(n);
    }
    let cols: Vec<(usize, AttrType)> = [
        ("gender", AttrType::Categorical),
        ("age_band", AttrType::Categorical),
        ("employment_status", AttrType::Categorical),
        ("migration_status", AttrType::Categorical),
        ("single_parent", AttrType::Categorical),
    ]
    .iter()
    .filter_map(|(name, ty)| s.declare_node_attribute(name, *ty).ok().map(|c| (c, *ty)))
    .collect();
    let items: Vec<usize> = (1..=14)
        .filter_map(|i| {
            s.declare_node_attribute(&format!("wemwbs_{i}"), AttrType::Numeric)
                .ok()
        })
        .collect();
    let ls = s
        .declare_node_attribute("life_satisfaction", AttrType::Numeric)
        .ok();
    for (i, r) in hood.respondents.iter().enumerate() {
        let Some(n) = node_of_person[i] else { continue };
        let texts = [
            r.gender,
            r.age,
            r.employment,
            if r.migrant { "Migrant" } else { "UK-born" },
            if r.single_parent { "Yes" } else { "No" },
        ];
        for ((c, _), t) in cols.iter().zip(texts) {
            s.set_node_value(*c, n, Some(Value::Text(t.to_string())));
        }
        for (c, x) in items.iter().zip(r.wemwbs) {
            s.set_node_value(*c, n, Some(Value::Number(f64::from(x))));
        }
        if let Some(c) = ls {
            s.set_node_value(c, n, Some(Value::Number(f64::from(r.life_satisfaction))));
        }
    }
    // The WEMWBS total and SWEMWBS metric score, as a survey import scores them.
    crate::survey::scales::score_items(&mut s);
    for (i, r) in hood.respondents.iter().enumerate() {
        let Some(source) = node_of_person[i] else {
            continue;
        };
        for (g, (relation, _)) in PEOPLE_COLUMNS.iter().enumerate() {
            let Ok(rel) = s.relation(relation) else {
                continue;
            };
            for &p in &r.named[g] {
                let target = match node_of_person[p] {
                    Some(t) => t,
                    None => {
                        let id = format!("A{:03}", p + 1 - respondents.min(p + 1));
                        let Ok(t) = s.add_node(id, hood.people[p].0.clone(), NodeKind::Alter)
                        else {
                            continue;
                        };
                        node_of_person[p] = Some(t);
                        t
                    }
                };
                let _ = s.add_tie(tie(source, target, rel));
            }
        }
        for (g, (relation, _)) in PLACE_COLUMNS.iter().enumerate() {
            let Ok(rel) = s.relation(relation) else {
                continue;
            };
            let kind = if *relation == "groups" {
                NodeKind::Group
            } else {
                NodeKind::Place
            };
            for p in &r.places[g] {
                let target = s.node_or_insert(p, kind);
                let _ = s.add_tie(tie(source, target, rel));
            }
        }
    }
    s
}

fn tie(source: NodeId, target: NodeId, relation: crate::model::RelationId) -> Tie {
    Tie {
        source,
        target,
        weight: 1.0,
        relation: Some(relation),
        wave: None,
        directed: true,
    }
}

/// The bundled sample study as GraphML bytes (what `assets/sample/neighbourhood.graphml`
/// holds).
pub fn graphml() -> Vec<u8> {
    crate::io::graphml::write(&study(SEED, RESPONDENTS)).bytes
}

/// The bundled sample study, read from the GraphML built into the program.
pub fn bundled() -> Study {
    let bytes = include_bytes!("../assets/sample/neighbourhood.graphml");
    let src = crate::io::Source {
        name: "neighbourhood.graphml",
        bytes,
    };
    crate::io::graphml::read(&src, &crate::io::ReadOptions::default())
        .unwrap_or_else(|_| study(SEED, RESPONDENTS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_realistic() {
        let a = study(SEED, RESPONDENTS);
        let b = study(SEED, RESPONDENTS);
        assert_eq!(a, b);
        assert_eq!(survey_csv(SEED, 30), survey_csv(SEED, 30));
        let respondents = a
            .nodes()
            .iter()
            .filter(|n| n.kind == NodeKind::Respondent)
            .count();
        assert_eq!(respondents, RESPONDENTS);
        assert!(a.nodes().iter().any(|n| n.kind == NodeKind::Alter));
        assert!(a.nodes().iter().any(|n| n.kind == NodeKind::Place));
        assert!(a.nodes().iter().any(|n| n.kind == NodeKind::Group));
        // Some respondents named nobody and use nothing: the isolates a study looks for.
        assert!(!a.isolates().is_empty());
        assert_eq!(a.relations().len(), 5);
    }

    #[test]
    fn large_neighbourhoods_do_not_run_out_of_names() {
        let csv = survey_csv(SEED, 2_000);
        assert_eq!(csv.lines().count(), 2_001);
    }
}

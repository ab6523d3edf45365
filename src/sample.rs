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

use crate::survey::sample_names::{FIRST, LAST};

/// One part of the neighbourhood: who lives in it, how they make a living, where they go.
struct Community {
    /// Share of the respondents.
    share: f64,
    /// First and last names most of its people have; the rest come from [`FIRST`]/[`LAST`].
    first: &'static [&'static str],
    last: &'static [&'static str],
    /// Chance that someone has a migration background.
    migrant: f64,
    employment: &'static [(&'static str, u32)],
    /// Chance that a woman is a single parent.
    single_parent: f64,
    ages: &'static [(&'static str, u32)],
    /// Places (information sources) and groups of its own.
    places: &'static [&'static str],
    groups: &'static [&'static str],
    /// People one can rely on: the most named, and the chance of naming nobody.
    rely_max: usize,
    nobody: f64,
}

const PEOPLE_COLUMNS: [(&str, usize); 3] =
    [("rely_on", 5), ("advice", 3), ("can_change_things", 2)];
const PLACE_COLUMNS: [(&str, usize); 2] = [("info_source", 3), ("groups", 3)];

/// Places and groups everybody may use: they bring the communities together.
const SHARED_PLACES: [&str; 3] = ["Library", "Community centre", "GP surgery"];
const SHARED_GROUPS: [&str; 2] = ["Community Facebook group", "Allotment society"];

const ESTATE: usize = 0;
const FAITH: usize = 1;
const LANGUAGE: usize = 2;
const SCHOOL: usize = 3;
const ISOLATED: usize = 4;

/// The estate, the faith community, the Polish-speaking community, the parents at the
/// school gate, and people on their own: unemployed and single parents.
const COMMUNITIES: [Community; 5] = [
    Community {
        share: 0.30,
        first: &[
            "Darren", "Kerry", "Steve", "Joanne", "Jack", "Sarah", "Michael", "Rachel", "Leon",
            "Chloe",
        ],
        last: &[
            "Brown", "Smith", "Jones", "Taylor", "Walker", "Wright", "Hughes", "Evans",
        ],
        migrant: 0.1,
        employment: &[
            ("Employed", 45),
            ("Unemployed", 12),
            ("Retired", 28),
            ("Carer", 10),
            ("Student", 5),
        ],
        single_parent: 0.08,
        ages: &[
            ("18-24", 8),
            ("25-34", 14),
            ("35-49", 22),
            ("50-64", 28),
            ("65+", 28),
        ],
        places: &["Corner shop"],
        groups: &["Tenants' association", "Football club"],
        rely_max: 5,
        nobody: 0.01,
    },
    Community {
        share: 0.18,
        first: &[
            "Aisha", "Bilal", "Fatima", "Hassan", "Mohammed", "Nadia", "Yasmin", "Zainab",
        ],
        last: &["Ali", "Begum", "Khan", "Patel"],
        migrant: 0.8,
        employment: &[
            ("Employed", 40),
            ("Unemployed", 12),
            ("Carer", 25),
            ("Student", 15),
            ("Retired", 8),
        ],
        single_parent: 0.05,
        ages: &[
            ("18-24", 15),
            ("25-34", 25),
            ("35-49", 30),
            ("50-64", 20),
            ("65+", 10),
        ],
        places: &["Mosque"],
        groups: &["Faith group"],
        rely_max: 5,
        nobody: 0.01,
    },
    Community {
        share: 0.16,
        first: &[
            "Andrzej",
            "Łucja",
            "Tomasz",
            "Kasia",
            "Piotr",
            "Marta",
            "Agnieszka",
            "Paweł",
        ],
        last: &[
            "Kowalski",
            "Nowak",
            "Wiśniewska",
            "Zieliński",
            "Lewandowski",
        ],
        migrant: 1.0,
        employment: &[
            ("Employed", 65),
            ("Unemployed", 8),
            ("Student", 15),
            ("Carer", 12),
        ],
        single_parent: 0.06,
        ages: &[
            ("18-24", 15),
            ("25-34", 35),
            ("35-49", 35),
            ("50-64", 12),
            ("65+", 3),
        ],
        places: &["St Mary's Church"],
        groups: &["English class", "Parish newsletter"],
        rely_max: 4,
        nobody: 0.01,
    },
    Community {
        share: 0.20,
        first: &[
            "Grace", "Amara", "Ngozi", "Ifeoma", "Olivia", "Emma", "Siobhan", "Priya", "Kofi",
            "José",
        ],
        last: &[
            "Adeyemi", "Mensah", "Okafor", "Osei", "Murphy", "O'Neill", "Campbell", "Nguyen",
        ],
        migrant: 0.4,
        employment: &[
            ("Employed", 50),
            ("Carer", 35),
            ("Unemployed", 8),
            ("Student", 7),
        ],
        single_parent: 0.2,
        ages: &[("18-24", 8), ("25-34", 42), ("35-49", 45), ("50-64", 5)],
        places: &["Primary school"],
        groups: &["Mums and tots"],
        rely_max: 5,
        nobody: 0.01,
    },
    Community {
        share: 0.16,
        first: &[
            "Kerry", "Darren", "Joanne", "Sarah", "Leon", "Renée", "Zoë", "Hui",
        ],
        last: &["Davies", "Williams", "Jones", "Smith", "Brown", "Nguyen"],
        migrant: 0.3,
        employment: &[
            ("Unemployed", 65),
            ("Carer", 20),
            ("Employed", 10),
            ("Retired", 5),
        ],
        single_parent: 0.6,
        ages: &[
            ("18-24", 25),
            ("25-34", 30),
            ("35-49", 25),
            ("50-64", 15),
            ("65+", 5),
        ],
        places: &["Job Centre", "Food bank"],
        groups: &[],
        rely_max: 1,
        nobody: 0.6,
    },
];
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

/// Names people so that no two share one: mostly from their community's names, and once
/// those are taken, with a middle initial.
struct Namer {
    used: std::collections::BTreeSet<String>,
}

impl Namer {
    fn name(&mut self, rng: &mut ChaCha8Rng, c: &Community) -> String {
        for attempt in 0..200 {
            let own = rng.random_bool(0.85);
            let first = if own {
                *pick(rng, c.first)
            } else {
                *pick(rng, &FIRST)
            };
            let last = if own {
                *pick(rng, c.last)
            } else {
                *pick(rng, &LAST)
            };
            let name = if attempt < 20 {
                format!("{first} {last}")
            } else {
                let initial = char::from(b'A' + rng.random_range(0..26u8));
                format!("{first} {initial}. {last}")
            };
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        // Never reached in practice: 200 draws with initials all taken.
        let name = format!("Resident {}", self.used.len() + 1);
        self.used.insert(name.clone());
        name
    }
}

fn generate(seed: u64, respondents: usize) -> Neighbourhood {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Which community each respondent belongs to, in a shuffled order so that ids say
    // nothing about it.
    let mut home: Vec<usize> = Vec::with_capacity(respondents);
    for (c, community) in COMMUNITIES.iter().enumerate() {
        let k = if c + 1 == COMMUNITIES.len() {
            respondents - home.len()
        } else {
            ((community.share * respondents as f64).round() as usize).min(respondents - home.len())
        };
        home.extend(std::iter::repeat_n(c, k));
    }
    for i in (1..home.len()).rev() {
        let j = rng.random_range(0..=i);
        home.swap(i, j);
    }
    // A few respondents belong to two communities: the people who bridge them.
    let mut second: Vec<Option<usize>> = vec![None; respondents];
    let bridges = [
        (ESTATE, SCHOOL),
        (FAITH, SCHOOL),
        (LANGUAGE, SCHOOL),
        (FAITH, LANGUAGE),
        (ESTATE, ISOLATED),
        (ESTATE, FAITH),
    ];
    for (k, &(a, b)) in bridges.iter().enumerate() {
        // The k-th member of community a, so that the choice is spread over the ids.
        if let Some(i) = (0..respondents)
            .filter(|&i| home[i] == a && second[i].is_none())
            .nth(k)
        {
            second[i] = Some(b);
        }
    }
    let mut namer = Namer {
        used: std::collections::BTreeSet::new(),
    };
    let mut people: Vec<(String, bool)> = Vec::with_capacity(respondents * 2);
    for &c in &home {
        let community = &COMMUNITIES[c];
        people.push((
            namer.name(&mut rng, community),
            rng.random_bool(community.migrant),
        ));
    }
    // People who did not take part but are named: each community's own.
    let mut alters: Vec<Vec<usize>> = vec![Vec::new(); COMMUNITIES.len()];
    for (c, community) in COMMUNITIES.iter().enumerate() {
        let k = (community.share * respondents as f64 * 0.9).round() as usize;
        for _ in 0..k {
            alters[c].push(people.len());
            people.push((
                namer.name(&mut rng, community),
                rng.random_bool(community.migrant),
            ));
        }
    }
    let members = |c: usize| -> Vec<usize> {
        (0..respondents)
            .filter(|&i| home[i] == c || second[i] == Some(c))
            .collect()
    };
    let member_lists: Vec<Vec<usize>> = (0..COMMUNITIES.len()).map(members).collect();
    let mut out = Vec::with_capacity(respondents);
    for i in 0..respondents {
        let c = home[i];
        let community = &COMMUNITIES[c];
        let bridge = second[i];
        let migrant = people[i].1;
        let employment = weighted(&mut rng, community.employment);
        let gender = if rng.random_bool(0.02) {
            "Non-binary"
        } else if rng.random_bool(if c == SCHOOL || c == ISOLATED {
            0.7
        } else {
            0.52
        }) {
            "Female"
        } else {
            "Male"
        };
        let single_parent = gender != "Male" && rng.random_bool(community.single_parent);
        // Unemployed people and single parents are the most likely to have no one.
        let vulnerable = employment == "Unemployed" || single_parent;
        let p_alone = if c == ISOLATED {
            if vulnerable { 0.75 } else { 0.3 }
        } else if vulnerable {
            community.nobody + 0.12
        } else {
            community.nobody
        };
        let alone = bridge.is_none() && rng.random_bool(p_alone);
        let mut named = Vec::new();
        for (g, (_, max)) in PEOPLE_COLUMNS.iter().enumerate() {
            let mut chosen: Vec<usize> = Vec::new();
            let most = (*max).min(community.rely_max);
            let k = if alone {
                0
            } else if bridge.is_some() {
                *max
            } else if g == 0 && c != ISOLATED {
                // Everyone in a community has at least two people to rely on.
                rng.random_range(2.min(most)..=most)
            } else {
                rng.random_range(usize::from(g == 0)..=most)
            };
            for _ in 0..k {
                // A bridge names people of both communities.
                let from = match bridge {
                    Some(b) if rng.random_bool(0.5) => b,
                    _ => c,
                };
                let x: f64 = rng.random();
                let person = if c == ISOLATED && bridge.is_none() {
                    // On their own: someone from elsewhere they know, or the one person
                    // who links them to the estate.
                    let links: Vec<usize> = member_lists[ISOLATED]
                        .iter()
                        .copied()
                        .filter(|&j| second[j].is_some())
                        .collect();
                    if x < 0.5 || links.is_empty() {
                        *pick(&mut rng, &alters[ISOLATED])
                    } else {
                        *pick(&mut rng, &links)
                    }
                } else if x < 0.22 {
                    // Bridges of this community are named more than others.
                    let known: Vec<usize> = member_lists[from]
                        .iter()
                        .copied()
                        .filter(|&j| second[j].is_some())
                        .collect();
                    if known.is_empty() {
                        *pick(&mut rng, &member_lists[from])
                    } else {
                        *pick(&mut rng, &known)
                    }
                } else if x < 0.75 {
                    *pick(&mut rng, &member_lists[from])
                } else if x < 0.98 {
                    // A neighbour who did not take part; the first few are named often.
                    let pool = &alters[from];
                    let j = (rng.random::<f64>().powi(2) * pool.len() as f64) as usize;
                    pool[j.min(pool.len() - 1)]
                } else {
                    rng.random_range(0..respondents)
                };
                if person != i && !chosen.contains(&person) {
                    chosen.push(person);
                }
            }
            named.push(chosen);
        }
        let places = choose_places(&mut rng, alone, c, bridge);
        let (wemwbs, ls) = wellbeing(&mut rng, &named, employment);
        out.push(Respondent {
            id: format!("R{:03}", i + 1),
            name: people[i].0.clone(),
            gender,
            age: weighted(&mut rng, community.ages),
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

/// The places and groups a respondent of community `c` (and of `bridge`, if they belong to
/// two) names, one list per column of [`PLACE_COLUMNS`]; someone `alone` names few.
fn choose_places(
    rng: &mut ChaCha8Rng,
    alone: bool,
    c: usize,
    bridge: Option<usize>,
) -> Vec<Vec<&'static str>> {
    let mut places = Vec::new();
    for (column, max) in PLACE_COLUMNS {
        let mut chosen: Vec<&'static str> = Vec::new();
        let is_groups = column == "groups";
        let k = if alone {
            usize::from(rng.random_bool(0.3))
        } else {
            rng.random_range(0..=max)
        };
        for _ in 0..k {
            let from = match bridge {
                Some(b) if rng.random_bool(0.5) => b,
                _ => c,
            };
            let own: &[&'static str] = if is_groups {
                COMMUNITIES[from].groups
            } else {
                COMMUNITIES[from].places
            };
            let shared: &[&'static str] = if is_groups {
                &SHARED_GROUPS
            } else {
                &SHARED_PLACES
            };
            let p = if own.is_empty() || rng.random_bool(0.35) {
                *pick(rng, shared)
            } else {
                *pick(rng, own)
            };
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        places.push(chosen);
    }
    places
}

/// WEMWBS items and life satisfaction: wellbeing rises with the number of people one can
/// rely on (the first list of `named`) and falls with unemployment.
fn wellbeing(rng: &mut ChaCha8Rng, named: &[Vec<usize>], employment: &str) -> ([u8; 14], u8) {
    // Wellbeing rises with the number of people one can rely on.
    let support = named.first().map_or(0, Vec::len) as f64;
    let base = 2.3 + 0.25 * support
        - if employment == "Unemployed" {
            0.35
        } else {
            0.0
        };
    let mut wemwbs = [3u8; 14];
    for item in &mut wemwbs {
        let x = base + rng.random_range(-1.2..1.2);
        *item = x.round().clamp(1.0, 5.0) as u8;
    }
    let ls = (4.3 + 0.65 * support + rng.random_range(-2.5..2.5))
        .round()
        .clamp(0.0, 10.0) as u8;
    (wemwbs, ls)
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
    crate::survey::open::score_items(&mut s);
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

/// The name the bundled sample goes by as an open document ("sample study").
pub const SOURCE_NAME: &str = "sample study";

/// The view the sample opens with, and the relations it shows: who people rely on,
/// coloured by employment status, isolates and brokers ringed, so the first picture shows
/// the clusters, the people who bridge them and who is left alone. The places and groups,
/// which take part in other relations, come back with those relations in the Data panel.
pub fn first_view(
    study: &Study,
) -> (
    crate::scene::View,
    Option<std::collections::BTreeSet<String>>,
) {
    let mut view = crate::scene::View {
        highlights: vec![
            crate::scene::Highlight::Isolates,
            crate::scene::Highlight::Brokers,
        ],
        ..crate::scene::View::default()
    };
    if study.node_attribute("employment_status").is_some() {
        view.color_by = Some("employment_status".to_string());
    }
    let relations = study
        .relations()
        .iter()
        .any(|r| r == "rely_on")
        .then(|| std::collections::BTreeSet::from(["rely_on".to_string()]));
    (view, relations)
}

/// The bundled sample study as GraphML bytes (what `assets/sample/neighbourhood.graphml`
/// holds).
pub fn graphml() -> Vec<u8> {
    crate::io::graphml::write(&study(SEED, RESPONDENTS)).bytes
}

/// The bundled sample study, read from the GraphML built into the program.
pub fn bundled() -> Study {
    let bytes = include_bytes!("../assets/sample/neighbourhood.graphml");
    let src = crate::io::Input {
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

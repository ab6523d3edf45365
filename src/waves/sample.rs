//! A seeded two-wave survey with planted changes, and the truth about them, for tests and
//! benchmarks of [`compare`](super::compare()).
//!
//! A neighbourhood is surveyed at `baseline` and again at `post` (after an intervention
//! that introduces its participants to each other). Between the waves, by construction:
//! - some respondents who named nobody and whom nobody named at baseline name people at
//!   post (they *leave isolation*); others stay isolated;
//! - some connected respondents name nobody at post and nobody names them (they *become
//!   isolated*), and their wellbeing drops;
//! - intervention participants (`intervention = yes`) name one or two other participants
//!   they did not name before, and their wellbeing rises;
//! - some non-participants drop one of several people they relied on;
//! - a few respondents drop out after baseline (others still name them), and a few people
//!   named at baseline answer at post;
//! - one respondent names "Bartholomew Quist" and another "Bart Q." in both waves: two
//!   names an analyst would merge.
//!
//! [`Truth`] is computed from the nominations themselves (not from the plan), by a simple
//! independent count over names, so that a test can hold [`compare`](super::compare()) to
//! it exactly.

use std::collections::{BTreeMap, BTreeSet};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::AttrType;
use crate::survey::recipe::{AttributeSpec, MatchingSpec, Names, Recipe, RelationSpec, ScaleSpec};
use crate::survey::scales::ScaleKind;

/// The seed of the committed test data (`tests/data/waves`).
pub const SEED: u64 = 20_261_127;
/// Respondents in the committed test data.
pub const RESPONDENTS: usize = 60;
/// The two waves' names.
pub const WAVES: [&str; 2] = ["baseline", "post"];
/// The name one respondent writes for the person another calls [`VARIANT`].
pub const FULL_NAME: &str = "Bartholomew Quist";
/// The other way of writing [`FULL_NAME`].
pub const VARIANT: &str = "Bart Q.";

const FIRST_COUNT: usize = crate::survey::sample_names::FIRST.len();
const LAST_COUNT: usize = crate::survey::sample_names::LAST.len();
const RELATIONS: [(&str, usize); 2] = [("rely_on", 5), ("advice", 3)];
const EMPLOYMENT: [&str; 4] = ["Employed", "Unemployed", "Retired", "Student"];

/// What changed between the waves, by people's names (the labels of the combined study).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Truth {
    /// The generator's seed.
    pub seed: u64,
    /// Respondents planned (both waves together).
    pub respondents: usize,
    /// The waves, in order.
    pub waves: Vec<String>,
    /// Pairs tied at post only, over every relation: `[name, name]`, names sorted, pairs
    /// sorted.
    pub gained: Vec<[String; 2]>,
    /// Pairs tied at baseline only.
    pub lost: Vec<[String; 2]>,
    /// Pairs tied in both.
    pub kept: Vec<[String; 2]>,
    /// The same per relation: `[name, name, relation]`.
    pub gained_by_relation: Vec<[String; 3]>,
    /// Lost per relation.
    pub lost_by_relation: Vec<[String; 3]>,
    /// Kept per relation.
    pub kept_by_relation: Vec<[String; 3]>,
    /// Respondents of both waves isolated at baseline and not at post, sorted.
    pub left_isolation: Vec<String>,
    /// Respondents of both waves connected at baseline and isolated at post, sorted.
    pub became_isolated: Vec<String>,
    /// Respondents of both waves isolated in both, sorted.
    pub stayed_isolated: Vec<String>,
    /// Respondents of baseline only, sorted.
    pub dropped_out: Vec<String>,
    /// Respondents of post only, sorted.
    pub joined: Vec<String>,
    /// Mean change in degree (distinct people named plus distinct people naming, every
    /// relation together) of the respondents of both waves, by `intervention`.
    pub mean_degree_change: BTreeMap<String, f64>,
    /// Mean change in WEMWBS of the respondents of both waves, by `intervention`.
    pub mean_wemwbs_change: BTreeMap<String, f64>,
}

/// The generated study: the two survey files, one file holding both (with a `wave`
/// column), the recipes, and the truth.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveSample {
    /// The baseline survey (CSV).
    pub baseline_csv: String,
    /// The post survey (CSV).
    pub post_csv: String,
    /// Both waves in one file, a `wave` column after the id.
    pub both_csv: String,
    /// The recipe reading either wave's file.
    pub recipe: Recipe,
    /// The recipe reading the file of both waves.
    pub both_recipe: Recipe,
    /// What changed.
    pub truth: Truth,
}

impl WaveSample {
    /// The files of `tests/data/waves`, name and contents: `baseline.csv`, `post.csv`,
    /// `both.csv`, `recipe.toml`, `both_recipe.toml` and `truth.json`.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        vec![
            ("baseline.csv", self.baseline_csv.clone()),
            ("post.csv", self.post_csv.clone()),
            ("both.csv", self.both_csv.clone()),
            ("recipe.toml", self.recipe.to_toml()),
            ("both_recipe.toml", self.both_recipe.to_toml()),
            (
                "truth.json",
                serde_json::to_string_pretty(&self.truth).unwrap_or_default() + "\n",
            ),
        ]
    }
}

/// One respondent's answers in one wave.
#[derive(Debug, Clone, Default)]
struct Answers {
    /// Per relation, the people named (index into the name list).
    named: [Vec<usize>; 2],
    wemwbs: [u8; 14],
    life_satisfaction: u8,
    employment: &'static str,
}

fn person_name(i: usize) -> String {
    use crate::survey::sample_names::{FIRST, LAST};
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let round = i / (FIRST.len() * LAST.len());
    if round == 0 {
        format!("{first} {last}")
    } else {
        let initial = char::from(b'A' + ((round - 1) % 26) as u8);
        format!("{first} {initial}. {last}")
    }
}

/// Generates the two-wave study for `respondents` people (at least 30).
pub fn generate(seed: u64, respondents: usize) -> WaveSample {
    let n = respondents.max(30);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let alters = n / 5;
    // Names: a shuffled slice of the name space, so respondents are not alphabetical.
    let space = (FIRST_COUNT * LAST_COUNT).max((n + alters) * 2);
    let mut name_index: Vec<usize> = (0..space).collect();
    name_index.shuffle(&mut rng);
    let mut names: Vec<String> = name_index[..n + alters]
        .iter()
        .map(|&i| person_name(i))
        .collect();
    names.push(FULL_NAME.to_string());
    names.push(VARIANT.to_string());
    let full = n + alters;
    let variant = full + 1;

    // Roles, disjoint, among the respondents.
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    let take = |order: &mut Vec<usize>, k: usize| -> Vec<usize> {
        let mut v: Vec<usize> = order.drain(..k).collect();
        v.sort_unstable();
        v
    };
    let stay_isolated = take(&mut order, (n / 40).max(2));
    let leave = take(&mut order, (n / 30).max(3));
    let becomes = take(&mut order, (n / 30).max(3));
    let dropped = take(&mut order, (n / 40).max(2));
    let joined = take(&mut order, (n / 40).max(2));
    let mut core = order;
    core.sort_unstable();
    let participants: BTreeSet<usize> = core
        .iter()
        .copied()
        .filter(|_| rng.random_bool(0.35))
        .collect();

    let answers_baseline: Vec<usize> = (0..n).filter(|r| !joined.contains(r)).collect();
    let answers_post: Vec<usize> = (0..n).filter(|r| !dropped.contains(r)).collect();

    // Baseline.
    let mut base: BTreeMap<usize, Answers> = BTreeMap::new();
    let rely_pool: Vec<usize> = core
        .iter()
        .chain(&becomes)
        .chain(&dropped)
        .chain(&joined)
        .copied()
        .chain(n..n + alters)
        .collect();
    let advice_pool: Vec<usize> = core
        .iter()
        .chain(&becomes)
        .chain(&dropped)
        .copied()
        .collect();
    for &r in &answers_baseline {
        let mut a = Answers {
            wemwbs: std::array::from_fn(|_| rng.random_range(2..=4)),
            life_satisfaction: rng.random_range(3..=8),
            employment: EMPLOYMENT[rng.random_range(0..EMPLOYMENT.len())],
            ..Answers::default()
        };
        if !stay_isolated.contains(&r) && !leave.contains(&r) {
            let k = rng.random_range(1..=3);
            a.named[0] = pick(&mut rng, &rely_pool, k, r, &[]);
            let k = rng.random_range(0..=2);
            a.named[1] = pick(&mut rng, &advice_pool, k, r, &[]);
        }
        base.insert(r, a);
    }

    // Post: the same answers, then the planted changes.
    let stable: Vec<usize> = core.clone();
    let mut post: BTreeMap<usize, Answers> = BTreeMap::new();
    for &r in &answers_post {
        let a = match base.get(&r) {
            Some(a) => a.clone(),
            None => Answers {
                wemwbs: std::array::from_fn(|_| rng.random_range(2..=4)),
                life_satisfaction: rng.random_range(3..=8),
                employment: EMPLOYMENT[rng.random_range(0..EMPLOYMENT.len())],
                ..Answers::default()
            },
        };
        post.insert(r, a);
    }
    for a in post.values_mut() {
        for list in &mut a.named {
            list.retain(|t| !becomes.contains(t));
        }
    }
    for (&r, a) in &mut post {
        if becomes.contains(&r) {
            a.named = [Vec::new(), Vec::new()];
            for x in a.wemwbs.iter_mut().take(6) {
                *x = (*x).saturating_sub(1).max(1);
            }
        } else if leave.contains(&r) || joined.contains(&r) {
            let k = rng.random_range(1..=2);
            a.named[0] = pick(&mut rng, &stable, k, r, &[]);
            for x in a.wemwbs.iter_mut().take(3) {
                *x = (*x + 1).min(5);
            }
        } else if participants.contains(&r) {
            let partners: Vec<usize> = participants.iter().copied().collect();
            let free = 5 - a.named[0].len();
            let k = rng.random_range(1..=2).min(free);
            let already = a.named[0].clone();
            a.named[0].extend(pick(&mut rng, &partners, k, r, &already));
            for x in a.wemwbs.iter_mut().skip(2).take(5) {
                *x = (*x + 1).min(5);
            }
        } else if core.contains(&r) && a.named[0].len() >= 2 && rng.random_bool(0.3) {
            let i = rng.random_range(0..a.named[0].len());
            a.named[0].remove(i);
        }
        if rng.random_bool(0.05) {
            a.employment = EMPLOYMENT[rng.random_range(0..EMPLOYMENT.len())];
        }
    }
    // Anyone (but the planted isolates) left without a tie names a stable respondent.
    let tied_post = |post: &BTreeMap<usize, Answers>| -> BTreeSet<usize> {
        let mut tied = BTreeSet::new();
        for (&r, a) in post {
            for &t in a.named.iter().flatten() {
                tied.insert(r);
                tied.insert(t);
            }
        }
        tied
    };
    let tied = tied_post(&post);
    let keys: Vec<usize> = post.keys().copied().collect();
    for r in keys {
        if tied.contains(&r) || becomes.contains(&r) || stay_isolated.contains(&r) {
            continue;
        }
        let t = pick(&mut rng, &stable, 1, r, &[]);
        if let Some(a) = post.get_mut(&r) {
            a.named[0].extend(t);
        }
    }
    // Two names for one person, in the advice lists of two stable non-participants.
    let namers: Vec<usize> = core
        .iter()
        .copied()
        .filter(|r| !participants.contains(r))
        .take(2)
        .collect();
    for (k, &r) in namers.iter().enumerate() {
        let who = if k == 0 { full } else { variant };
        for answers in [&mut base, &mut post] {
            if let Some(a) = answers.get_mut(&r) {
                a.named[1].truncate(2);
                a.named[1].push(who);
            }
        }
    }

    let genders: Vec<&str> = (0..n)
        .map(|_| {
            if rng.random_bool(0.5) {
                "Female"
            } else {
                "Male"
            }
        })
        .collect();
    let files = Files {
        names: &names,
        genders: &genders,
        participants: &participants,
    };
    let baseline_csv = files.csv(base.iter().map(|(&r, a)| files.row(r, a, None)), false);
    let post_csv = files.csv(post.iter().map(|(&r, a)| files.row(r, a, None)), false);
    let both_rows = base
        .iter()
        .map(|(&r, a)| files.row(r, a, Some(WAVES[0])))
        .chain(post.iter().map(|(&r, a)| files.row(r, a, Some(WAVES[1]))));
    let both_csv = files.csv(both_rows, true);

    let recipe = recipe();
    let mut both_recipe = recipe.clone();
    both_recipe.wave = Some("wave".into());

    let truth = truth(seed, n, &names, &base, &post, &participants);
    WaveSample {
        baseline_csv,
        post_csv,
        both_csv,
        recipe,
        both_recipe,
        truth,
    }
}

/// The survey files' columns, in order, with the wave column when `with_wave`.
fn csv_header(with_wave: bool) -> Vec<String> {
    let mut h = vec!["respondent_id".to_string()];
    if with_wave {
        h.push("wave".to_string());
    }
    h.extend(
        ["name", "gender", "employment", "intervention"]
            .iter()
            .map(|s| s.to_string()),
    );
    for (rel, cols) in RELATIONS {
        h.extend((1..=cols).map(|i| format!("{rel}_{i}")));
    }
    h.extend((1..=14).map(|i| format!("wemwbs_{i}")));
    h.push("life_satisfaction".to_string());
    h
}

/// What the survey files write of each respondent besides their answers.
struct Files<'a> {
    names: &'a [String],
    genders: &'a [&'static str],
    participants: &'a BTreeSet<usize>,
}

impl Files<'_> {
    /// One respondent's row.
    fn row(&self, r: usize, a: &Answers, wave: Option<&str>) -> Vec<String> {
        let mut rec = vec![format!("R{:04}", r + 1)];
        rec.extend(wave.map(str::to_string));
        rec.push(self.names[r].clone());
        rec.push(self.genders[r].to_string());
        rec.push(a.employment.to_string());
        rec.push(
            (if self.participants.contains(&r) {
                "yes"
            } else {
                "no"
            })
            .to_string(),
        );
        for (g, (_, cols)) in RELATIONS.iter().enumerate() {
            for k in 0..*cols {
                rec.push(
                    a.named[g]
                        .get(k)
                        .map(|&p| self.names[p].clone())
                        .unwrap_or_default(),
                );
            }
        }
        rec.extend(a.wemwbs.iter().map(|x| x.to_string()));
        rec.push(a.life_satisfaction.to_string());
        rec
    }

    /// A CSV file of `rows` under the header.
    fn csv(&self, rows: impl Iterator<Item = Vec<String>>, with_wave: bool) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(csv_header(with_wave));
        for r in rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// The recipe reading one wave's file.
fn recipe() -> Recipe {
    Recipe {
        id: "respondent_id".into(),
        name: Some("name".into()),
        wave: None,
        no_answer: crate::survey::recipe::DEFAULT_NO_ANSWER
            .iter()
            .map(|s| s.to_string())
            .collect(),
        directed: true,
        attributes: ["gender", "employment", "intervention"]
            .iter()
            .map(|c| AttributeSpec {
                column: c.to_string(),
                ty: AttrType::Categorical,
            })
            .collect(),
        relations: RELATIONS
            .iter()
            .map(|(rel, cols)| RelationSpec {
                name: rel.to_string(),
                names: Names::People,
                columns: (1..=*cols).map(|i| format!("{rel}_{i}")).collect(),
            })
            .collect(),
        scales: vec![
            ScaleSpec {
                kind: ScaleKind::Wemwbs,
                name: "wemwbs".into(),
                columns: (1..=14).map(|i| format!("wemwbs_{i}")).collect(),
            },
            ScaleSpec {
                kind: ScaleKind::LifeSatisfaction,
                name: "life_satisfaction".into(),
                columns: vec!["life_satisfaction".into()],
            },
        ],
        matching: MatchingSpec::default(),
        privacy: Default::default(),
    }
}

/// `k` different people from `pool`, not `me` and not in `except`.
fn pick(rng: &mut ChaCha8Rng, pool: &[usize], k: usize, me: usize, except: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&p| p != me && !except.contains(&p))
        .collect();
    out.shuffle(rng);
    out.truncate(k);
    out.sort_unstable();
    out
}

fn truth(
    seed: u64,
    n: usize,
    names: &[String],
    base: &BTreeMap<usize, Answers>,
    post: &BTreeMap<usize, Answers>,
    participants: &BTreeSet<usize>,
) -> Truth {
    type Pairs = BTreeSet<[String; 2]>;
    type RelPairs = BTreeSet<[String; 3]>;
    let edges = |answers: &BTreeMap<usize, Answers>| -> (Pairs, RelPairs) {
        let mut pairs = BTreeSet::new();
        let mut rel = BTreeSet::new();
        for (&r, a) in answers {
            for (g, list) in a.named.iter().enumerate() {
                for &t in list {
                    let mut p = [names[r].clone(), names[t].clone()];
                    p.sort();
                    rel.insert([p[0].clone(), p[1].clone(), RELATIONS[g].0.to_string()]);
                    pairs.insert(p);
                }
            }
        }
        (pairs, rel)
    };
    let (pa, ra) = edges(base);
    let (pb, rb) = edges(post);
    let diff = |x: &Pairs, y: &Pairs| x.difference(y).cloned().collect::<Vec<_>>();
    let rdiff = |x: &RelPairs, y: &RelPairs| x.difference(y).cloned().collect::<Vec<_>>();
    // Degree as a directed network counts it: distinct people named plus distinct people
    // naming.
    let degree = |answers: &BTreeMap<usize, Answers>, who: usize| {
        let mut out: BTreeSet<usize> = BTreeSet::new();
        let mut inc: BTreeSet<usize> = BTreeSet::new();
        for (&r, a) in answers {
            for &t in a.named.iter().flatten() {
                if r == who {
                    out.insert(t);
                }
                if t == who {
                    inc.insert(r);
                }
            }
        }
        (out.len() + inc.len()) as f64
    };
    let both: Vec<usize> = base
        .keys()
        .copied()
        .filter(|r| post.contains_key(r))
        .collect();
    let mut lists: [Vec<String>; 3] = Default::default();
    let mut degree_change: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut wemwbs_change: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for &r in &both {
        let (da, db) = (degree(base, r), degree(post, r));
        match (da == 0.0, db == 0.0) {
            (true, false) => lists[0].push(names[r].clone()),
            (false, true) => lists[1].push(names[r].clone()),
            (true, true) => lists[2].push(names[r].clone()),
            (false, false) => {}
        }
        let group = if participants.contains(&r) {
            "yes"
        } else {
            "no"
        }
        .to_string();
        degree_change
            .entry(group.clone())
            .or_default()
            .push(db - da);
        let sum = |answers: &BTreeMap<usize, Answers>| {
            answers
                .get(&r)
                .map_or(0.0, |a| a.wemwbs.iter().map(|&x| f64::from(x)).sum::<f64>())
        };
        wemwbs_change
            .entry(group)
            .or_default()
            .push(sum(post) - sum(base));
    }
    for l in &mut lists {
        l.sort();
    }
    let mean = |m: BTreeMap<String, Vec<f64>>| {
        m.into_iter()
            .map(|(k, v)| (k, v.iter().sum::<f64>() / v.len() as f64))
            .collect()
    };
    let only = |x: &BTreeMap<usize, Answers>, y: &BTreeMap<usize, Answers>| {
        let mut v: Vec<String> = x
            .keys()
            .filter(|r| !y.contains_key(r))
            .map(|&r| names[r].clone())
            .collect();
        v.sort();
        v
    };
    let [left_isolation, became_isolated, stayed_isolated] = lists;
    Truth {
        seed,
        respondents: n,
        waves: WAVES.iter().map(|w| w.to_string()).collect(),
        gained: diff(&pb, &pa),
        lost: diff(&pa, &pb),
        kept: pa.intersection(&pb).cloned().collect(),
        gained_by_relation: rdiff(&rb, &ra),
        lost_by_relation: rdiff(&ra, &rb),
        kept_by_relation: ra.intersection(&rb).cloned().collect(),
        left_isolation,
        became_isolated,
        stayed_isolated,
        dropped_out: only(base, post),
        joined: only(post, base),
        mean_degree_change: mean(degree_change),
        mean_wemwbs_change: mean(wemwbs_change),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_shows_in_the_truth() {
        let s = generate(SEED, RESPONDENTS);
        let t = &s.truth;
        assert!(t.left_isolation.len() >= 3, "{t:?}");
        assert!(t.became_isolated.len() >= 3, "{t:?}");
        assert!(t.stayed_isolated.len() >= 2, "{t:?}");
        assert!(t.dropped_out.len() >= 2 && t.joined.len() >= 2);
        assert!(!t.gained.is_empty() && !t.lost.is_empty() && !t.kept.is_empty());
        assert!(
            t.mean_degree_change["yes"] > t.mean_degree_change["no"],
            "{t:?}"
        );
        assert!(
            t.mean_wemwbs_change["yes"] > t.mean_wemwbs_change["no"],
            "{t:?}"
        );
        assert_eq!(generate(SEED, RESPONDENTS), s);
        assert!(s.baseline_csv.contains(FULL_NAME) && s.post_csv.contains(VARIANT));
    }
}

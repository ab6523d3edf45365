//! Conditional uniform graph (CUG) tests: is a whole-network statistic (density, isolate
//! share, reciprocity, transitivity, E-I index, degree or betweenness centralisation)
//! higher or lower than in random networks of the same size, the same number of ties, or
//! the same degrees? As `sna::cug.test`, with `size` (every tie present with probability
//! 1/2) and `edges` (ties placed uniformly at random) as there, and `degree`, which
//! `cug.test` lacks: random networks with every person's degrees (in and out when directed)
//! kept, made by ten rounds of double edge swaps per tie from the observed network.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{Control, Draws, InferenceError, PValues, Sampling, format_p, monte_carlo};
use crate::analysis::{
    self, Graph, Grouping, TieSelection, betweenness_closeness, components, homophily,
};
use crate::model::Study;

/// A whole-network statistic.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CugStatistic {
    /// Ties over possible ties.
    Density,
    /// Share of people without a tie.
    Isolates,
    /// Share of arcs that are reciprocated (directed only).
    Reciprocity,
    /// 3 × triangles / connected triples of the underlying undirected graph.
    Transitivity,
    /// Krackhardt and Stern's E-I index by an attribute.
    Ei(String),
    /// Freeman's degree centralisation (sna's `centralization(g, degree)`).
    DegreeCentralisation,
    /// Freeman's betweenness centralisation (sna's `centralization(g, betweenness)`).
    BetweennessCentralisation,
}

impl CugStatistic {
    /// Reads `density`, `isolates`, `reciprocity`, `transitivity`, `ei:ATTR`,
    /// `degree_centralisation` or `betweenness_centralisation` (`-ization` spellings too).
    pub fn parse(text: &str) -> Result<CugStatistic, InferenceError> {
        let t = text.trim().replace("ization", "isation");
        Ok(match t.as_str() {
            "density" => CugStatistic::Density,
            "isolates" | "isolate" => CugStatistic::Isolates,
            "reciprocity" => CugStatistic::Reciprocity,
            "transitivity" => CugStatistic::Transitivity,
            "degree_centralisation" => CugStatistic::DegreeCentralisation,
            "betweenness_centralisation" => CugStatistic::BetweennessCentralisation,
            _ => match t.strip_prefix("ei:") {
                Some(a) if !a.trim().is_empty() => CugStatistic::Ei(a.trim().to_string()),
                _ => {
                    return Err(InferenceError::Undefined(format!(
                        "unknown statistic \"{text}\": use density, isolates, reciprocity, transitivity, ei:ATTRIBUTE, degree_centralisation or betweenness_centralisation"
                    )));
                }
            },
        })
    }

    /// The name as the command line takes it.
    pub fn name(&self) -> String {
        match self {
            CugStatistic::Density => "density".into(),
            CugStatistic::Isolates => "isolates".into(),
            CugStatistic::Reciprocity => "reciprocity".into(),
            CugStatistic::Transitivity => "transitivity".into(),
            CugStatistic::Ei(a) => format!("ei:{a}"),
            CugStatistic::DegreeCentralisation => "degree_centralisation".into(),
            CugStatistic::BetweennessCentralisation => "betweenness_centralisation".into(),
        }
    }
}

/// What the random networks keep from the observed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Given {
    /// The number of people only: every possible tie with probability 1/2.
    Size,
    /// The number of people and of ties.
    Edges,
    /// Every person's degree (in- and out-degree when directed).
    Degree,
}

impl Given {
    /// Reads `size`, `edges` or `degree`.
    pub fn parse(text: &str) -> Result<Given, InferenceError> {
        match text.trim() {
            "size" => Ok(Given::Size),
            "edges" | "ties" => Ok(Given::Edges),
            "degree" | "degrees" => Ok(Given::Degree),
            _ => Err(InferenceError::Undefined(format!(
                "unknown condition \"{text}\": use size, edges or degree"
            ))),
        }
    }

    /// "the same size", for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Given::Size => "with the same number of people",
            Given::Edges => "with the same numbers of people and ties",
            Given::Degree => "in which everyone keeps their number of ties",
        }
    }
}

/// A CUG test.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CugTest {
    /// The statistic.
    pub statistic: CugStatistic,
    /// The condition.
    pub given: Given,
    /// Its value in the observed network.
    pub observed: f64,
    /// The share of random networks with a value at least / at most as large.
    pub p: PValues,
    /// Mean of the random networks' values.
    pub null_mean: f64,
    /// Their standard deviation.
    pub null_sd: f64,
    /// Every random network's value, in draw order (for a histogram).
    pub null: Vec<f64>,
    /// People.
    pub n: usize,
    /// How the random networks were drawn.
    pub sampling: Sampling,
    /// One sentence.
    pub method: String,
}

/// The statistic of `graph`; `grouping` for the E-I index.
fn statistic(
    graph: &Graph,
    stat: &CugStatistic,
    grouping: Option<&Grouping>,
) -> Result<f64, InferenceError> {
    let n = graph.node_count() as f64;
    Ok(match stat {
        CugStatistic::Density => analysis::density(graph),
        CugStatistic::Isolates => {
            components::isolates(graph).iter().filter(|&&i| i).count() as f64 / n
        }
        CugStatistic::Reciprocity => {
            if !graph.is_directed() {
                return Err(InferenceError::Undefined(
                    "reciprocity needs directed ties, and this network's are undirected".into(),
                ));
            }
            analysis::reciprocity(graph).unwrap_or(0.0)
        }
        CugStatistic::Transitivity => analysis::transitivity(graph),
        CugStatistic::Ei(_) => grouping
            .and_then(|g| homophily::ei_index(graph, g).whole)
            .unwrap_or(f64::NAN),
        CugStatistic::DegreeCentralisation => {
            let d = graph.degrees();
            let max = d.iter().copied().max().unwrap_or(0) as f64;
            let dev: f64 = d.iter().map(|&x| max - x as f64).sum();
            // sna's theoretical maximum: (n-1)(2(n-1)-2) for Freeman degree in a digraph,
            // (n-1)(n-2) for a graph.
            let tmax = if graph.is_directed() {
                (n - 1.0) * (2.0 * (n - 1.0) - 2.0)
            } else {
                (n - 1.0) * (n - 2.0)
            };
            dev / tmax
        }
        CugStatistic::BetweennessCentralisation => {
            let b = betweenness_closeness(graph, &|_, _| {}).betweenness;
            let max = b.iter().copied().fold(0.0, f64::max);
            let dev: f64 = b.iter().map(|&x| max - x).sum();
            let tmax = if graph.is_directed() {
                (n - 1.0) * (n - 1.0) * (n - 2.0)
            } else {
                (n - 1.0) * (n - 1.0) * (n - 2.0) / 2.0
            };
            dev / tmax
        }
    })
}

/// Tests `stat` of the ties `selection` keeps against random networks `given` the size,
/// the number of ties or the degrees.
pub fn cug_test(
    study: &Study,
    selection: &TieSelection,
    stat: &CugStatistic,
    given: Given,
    draws: &Draws,
    control: Control<'_>,
) -> Result<CugTest, InferenceError> {
    let selection = TieSelection {
        weighted: false,
        ..selection.clone()
    };
    let graph = Graph::new(study, &selection);
    let n = graph.node_count();
    if n < 3 {
        return Err(InferenceError::NotEnoughData(format!(
            "a CUG test needs at least 3 people, and this network has {n}"
        )));
    }
    let grouping = match stat {
        CugStatistic::Ei(a) => Some(Grouping::by(study, a)?),
        _ => None,
    };
    let observed = statistic(&graph, stat, grouping.as_ref())?;
    if !observed.is_finite() {
        return Err(InferenceError::NotEnoughData(format!(
            "{} is undefined for this network (no tie joins two people with a value)",
            stat.name()
        )));
    }
    let directed = graph.is_directed();
    // Observed ties: arcs when directed, edges (u < v) otherwise.
    let ties: Vec<(u32, u32)> = if directed {
        (0..n)
            .flat_map(|u| graph.out().neighbors(u).iter().map(move |&v| (u as u32, v)))
            .collect()
    } else {
        graph.pairs().to_vec()
    };
    let null = monte_carlo(draws.count, draws.seed, control, |rng| {
        let pairs = match given {
            Given::Size => uniform_size(n, directed, rng),
            Given::Edges => uniform_edges(n, ties.len(), directed, rng),
            Given::Degree => degree_swaps(n, &ties, directed, rng),
        };
        let g = Graph::from_pairs(n, directed, &pairs);
        statistic(&g, stat, grouping.as_ref()).unwrap_or(f64::NAN)
    })?;
    let finite: Vec<f64> = null.iter().copied().filter(|x| x.is_finite()).collect();
    let p = PValues::of(observed, &finite).ok_or_else(|| {
        InferenceError::NotEnoughData(format!(
            "{} is undefined in every random network",
            stat.name()
        ))
    })?;
    let m = finite.len() as f64;
    let null_mean = finite.iter().sum::<f64>() / m;
    let null_sd =
        (finite.iter().map(|x| (x - null_mean).powi(2)).sum::<f64>() / (m - 1.0).max(1.0)).sqrt();
    let sampling = Sampling::MonteCarlo {
        draws: draws.count,
        seed: draws.seed,
    };
    let (side, pv) = if observed >= null_mean {
        ("at least", p.p_greater)
    } else {
        ("at most", p.p_less)
    };
    let method = format!(
        "Compared the network's {} ({observed:.4}) with {} {}: {} of them had a value {side} as large \
         (mean {null_mean:.4}; {}), so {}.",
        stat.name().replace('_', " "),
        sampling.describe("network"),
        given.describe(),
        super::groups::percent(pv),
        format_p(pv, Some(&sampling)),
        if pv < 0.05 {
            format!(
                "the observed value is unusually {} for networks {}",
                if side == "at least" { "high" } else { "low" },
                given.describe()
            )
        } else {
            format!(
                "the observed value is typical of networks {}",
                given.describe()
            )
        }
    );
    Ok(CugTest {
        statistic: stat.clone(),
        given,
        observed,
        p,
        null_mean,
        null_sd,
        null,
        n,
        sampling,
        method,
    })
}

/// Counts of values in equal bins, for drawing a null distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Lower edge of the first bin.
    pub start: f64,
    /// Width of every bin.
    pub width: f64,
    /// Values in each bin.
    pub counts: Vec<usize>,
}

/// `values` in `bins` equal bins from their minimum to their maximum; one bin when they are
/// all equal; `None` without values.
pub fn histogram(values: &[f64], bins: usize) -> Option<Histogram> {
    let lo = values.iter().copied().reduce(f64::min)?;
    let hi = values.iter().copied().reduce(f64::max)?;
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let bins = if hi > lo { bins.max(1) } else { 1 };
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1e-9_f64.max(lo.abs() * 1e-9)
    };
    let mut counts = vec![0usize; bins];
    for &v in values {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    Some(Histogram {
        start: lo,
        width,
        counts,
    })
}

/// Every possible tie with probability 1/2.
fn uniform_size(n: usize, directed: bool, rng: &mut ChaCha8Rng) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for u in 0..n as u32 {
        for v in 0..n as u32 {
            if u == v || (!directed && v < u) {
                continue;
            }
            if rng.random::<bool>() {
                out.push((u, v));
            }
        }
    }
    out
}

/// `m` ties placed uniformly at random among the possible ones.
fn uniform_edges(n: usize, m: usize, directed: bool, rng: &mut ChaCha8Rng) -> Vec<(u32, u32)> {
    let possible = if directed {
        n * (n - 1)
    } else {
        n * (n - 1) / 2
    };
    let m = m.min(possible);
    let mut chosen = std::collections::HashSet::with_capacity(m * 2);
    let mut out = Vec::with_capacity(m);
    // Dense requests draw the ties that are absent instead.
    let dense = m * 2 > possible;
    let want = if dense { possible - m } else { m };
    while chosen.len() < want {
        let u = rng.random_range(0..n as u32);
        let v = rng.random_range(0..n as u32);
        if u == v {
            continue;
        }
        let (a, b) = if directed {
            (u, v)
        } else {
            (u.min(v), u.max(v))
        };
        chosen.insert((a, b));
    }
    if dense {
        for u in 0..n as u32 {
            for v in 0..n as u32 {
                if u == v || (!directed && v < u) {
                    continue;
                }
                if !chosen.contains(&(u, v)) {
                    out.push((u, v));
                }
            }
        }
    } else {
        out.extend(chosen);
        // The set's order is random per process; the graph built from it is not.
        out.sort_unstable();
    }
    out
}

/// Ten rounds of double edge swaps per tie from the observed ties: (a, b), (c, d) become
/// (a, d), (c, b) when that makes no loop or repeat. Keeps every degree (in and out).
fn degree_swaps(
    n: usize,
    ties: &[(u32, u32)],
    directed: bool,
    rng: &mut ChaCha8Rng,
) -> Vec<(u32, u32)> {
    let _ = n;
    let mut edges = ties.to_vec();
    let m = edges.len();
    if m < 2 {
        return edges;
    }
    let key = |a: u32, b: u32| {
        if directed {
            (u64::from(a) << 32) | u64::from(b)
        } else {
            (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
        }
    };
    let mut present: std::collections::HashSet<u64> =
        edges.iter().map(|&(a, b)| key(a, b)).collect();
    for _ in 0..10 * m {
        let i = rng.random_range(0..m);
        let j = rng.random_range(0..m);
        if i == j {
            continue;
        }
        let (a, b) = edges[i];
        let (mut c, mut d) = edges[j];
        // An undirected edge can be swapped either way round.
        if !directed && rng.random::<bool>() {
            std::mem::swap(&mut c, &mut d);
        }
        if a == d || c == b || present.contains(&key(a, d)) || present.contains(&key(c, b)) {
            continue;
        }
        present.remove(&key(a, b));
        present.remove(&key(c, d));
        present.insert(key(a, d));
        present.insert(key(c, b));
        edges[i] = (a, d);
        edges[j] = (c, b);
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn null_models_keep_what_they_promise() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let e = uniform_edges(10, 12, false, &mut rng);
        assert_eq!(e.len(), 12);
        let e = uniform_edges(5, 9, false, &mut rng);
        assert_eq!(e.len(), 9);
        let ties: Vec<(u32, u32)> = vec![(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (4, 5), (5, 1)];
        let swapped = degree_swaps(6, &ties, true, &mut rng);
        let g0 = Graph::from_pairs(6, true, &ties);
        let g1 = Graph::from_pairs(6, true, &swapped);
        for v in 0..6 {
            assert_eq!(g0.out().degree(v), g1.out().degree(v));
            assert_eq!(g0.incoming().degree(v), g1.incoming().degree(v));
        }
        assert_ne!(swapped, ties, "ten rounds of swaps move something");
        let h = histogram(&[0.0, 1.0, 1.0, 2.0], 2).unwrap();
        assert_eq!(h.counts, [1, 3]);
        assert_eq!(histogram(&[5.0, 5.0], 10).unwrap().counts, [2]);
        assert!(histogram(&[], 3).is_none());
        assert!(CugStatistic::parse("ei:gender").is_ok());
        assert!(CugStatistic::parse("betweenness_centralization").is_ok());
        assert!(CugStatistic::parse("modularity").is_err());
        assert!(Given::parse("dyads").is_err());
    }
}

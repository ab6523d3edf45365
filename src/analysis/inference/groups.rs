//! Permutation tests of group differences: does the isolate share, mean degree, betweenness,
//! constraint or wellbeing differ between the groups of an attribute more than shuffling
//! the group labels over the same people would make it differ?
//!
//! The statistic is one-way ANOVA's F for means and Pearson's chi-square (groups × isolate
//! or not, no continuity correction) for the isolate share; for a 0/1 variable chi-square is
//! n·η², so both are a monotone function of the between-groups sum of squares. Effect sizes
//! are η² for means and Cramér's V for the share, with the difference and ratio between
//! the highest and lowest group; 95% intervals are percentile bootstraps that resample
//! people within each group ([`BOOTSTRAP`] resamples).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{
    Control, Draws, EXACT_LIMIT, InferenceError, PValues, Sampling, enumerate, format_p,
    monte_carlo, reading,
};
use crate::analysis::groups::{anova, chi_square, kruskal};
use crate::analysis::{
    AnalysisError, Graph, Grouping, TieSelection, betweenness_closeness, centrality, components,
    structural_holes,
};
use crate::model::{AttrType, Study};

/// Bootstrap resamples behind every confidence interval.
pub const BOOTSTRAP: usize = 2_000;

/// The measures a node-level test can use besides numeric attributes.
pub const MEASURES: [&str; 11] = [
    "isolate",
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "betweenness_norm",
    "closeness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
];

/// The values of a measure (one of [`MEASURES`]) for every node of `graph`, `None` where it
/// is undefined (constraint of an isolate), or `None` for a name that is not a measure.
pub fn measure_values(graph: &Graph, name: &str) -> Option<Vec<Option<f64>>> {
    let some = |v: Vec<f64>| v.into_iter().map(Some).collect();
    Some(match name {
        "isolate" => components::isolates(graph)
            .into_iter()
            .map(|i| Some(if i { 1.0 } else { 0.0 }))
            .collect(),
        "degree" => some(graph.degrees().into_iter().map(|d| d as f64).collect()),
        "in_degree" | "out_degree" => {
            let d = centrality::degrees(graph);
            let v = if name == "in_degree" {
                d.incoming
            } else {
                d.outgoing
            };
            some(v.unwrap_or(d.total).into_iter().map(|d| d as f64).collect())
        }
        "betweenness" | "betweenness_norm" | "closeness" => {
            let p = betweenness_closeness(graph, &|_, _| {});
            some(match name {
                "betweenness" => p.betweenness,
                "betweenness_norm" => p.betweenness_norm,
                _ => p.closeness,
            })
        }
        "eigenvector" => some(centrality::eigenvector(graph)),
        "pagerank" => some(centrality::pagerank(graph)),
        "constraint" => structural_holes::structural_holes(graph).constraint,
        "effective_size" => structural_holes::structural_holes(graph).effective_size,
        _ => return None,
    })
}

/// The values of a measure or numeric attribute for every node.
pub(crate) fn node_values(
    study: &Study,
    graph: &Graph,
    name: &str,
) -> Result<Vec<Option<f64>>, InferenceError> {
    if let Some(v) = measure_values(graph, name) {
        return Ok(v);
    }
    let attr = study
        .node_attribute(name)
        .ok_or_else(|| unknown_term(study, name))?;
    if attr.ty() != AttrType::Numeric {
        return Err(AnalysisError::NotNumeric(name.to_string()).into());
    }
    Ok((0..study.node_count())
        .map(|v| attr.value(v).and_then(|x| x.as_number()))
        .collect())
}

pub(crate) fn unknown_term(study: &Study, term: &str) -> InferenceError {
    let attrs: Vec<&str> = study.node_attributes().iter().map(|a| a.name()).collect();
    InferenceError::UnknownTerm {
        term: term.to_string(),
        measures: MEASURES.join(", "),
        attributes: if attrs.is_empty() {
            "none".to_string()
        } else {
            attrs.join(", ")
        },
    }
}

/// One group's value with its bootstrap interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupValue {
    /// The attribute's value.
    pub group: String,
    /// People in the test (with a group and a value).
    pub n: usize,
    /// Mean, or share for isolates.
    pub value: f64,
    /// Lower end of the 95% bootstrap interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
}

/// The highest group against the lowest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contrast {
    /// The group with the highest value.
    pub high: String,
    /// The group with the lowest value.
    pub low: String,
    /// High minus low.
    pub difference: f64,
    /// 95% bootstrap interval of the difference.
    pub difference_ci: [f64; 2],
    /// High over low; `None` when low is 0.
    pub ratio: Option<f64>,
    /// 95% bootstrap interval of the ratio (resamples with low = 0 left out).
    pub ratio_ci: Option<[f64; 2]>,
}

/// The classical test beside the permutation test.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClassicalTest {
    /// "Pearson chi-square" or "one-way ANOVA".
    pub name: String,
    /// Its statistic.
    pub statistic: f64,
    /// Degrees of freedom, "k-1" or "k-1, n-k".
    pub df: String,
    /// Its p-value from the chi-square or F distribution.
    pub p: f64,
    /// Kruskal-Wallis p-value (tie-corrected), for means.
    pub kruskal_p: Option<f64>,
}

/// A permutation test of a difference between groups.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupTest {
    /// The grouping attribute.
    pub attribute: String,
    /// The measure or attribute compared.
    pub measure: String,
    /// Whether values are shares (isolates) rather than means.
    pub share: bool,
    /// Per group, in label order.
    pub groups: Vec<GroupValue>,
    /// People in the test.
    pub n: usize,
    /// People left out: no group, or no value.
    pub missing: usize,
    /// "F" or "chi-square".
    pub statistic_name: String,
    /// The statistic of the observed groups.
    pub observed: f64,
    /// Share of permutations with a statistic at least as large.
    pub p_value: f64,
    /// How the permutations were made.
    pub sampling: Sampling,
    /// "eta squared" or "Cramér's V".
    pub effect_name: String,
    /// The effect size.
    pub effect: f64,
    /// Its 95% bootstrap interval.
    pub effect_ci: [f64; 2],
    /// Highest against lowest group.
    pub contrast: Contrast,
    /// The classical test.
    pub classical: Option<ClassicalTest>,
    /// What was tested and what the p-value means, in one sentence.
    pub method: String,
}

/// Tests whether `measure` (one of [`MEASURES`] or a numeric attribute) differs between the
/// groups of `by`, over the ties `selection` keeps.
pub fn group_test(
    study: &Study,
    selection: &TieSelection,
    by: &str,
    measure: &str,
    draws: &Draws,
    control: Control<'_>,
) -> Result<GroupTest, InferenceError> {
    let grouping = Grouping::by(study, by)?;
    let graph = Graph::new(study, selection);
    let values = node_values(study, &graph, measure)?;
    let share = measure == "isolate";
    let mut labels: Vec<u32> = Vec::new();
    let mut xs: Vec<f64> = Vec::new();
    for (v, value) in values.iter().enumerate() {
        if let (Some(g), Some(x)) = (grouping.of(v), value)
            && x.is_finite()
        {
            labels.push(g);
            xs.push(*x);
        }
    }
    // Only groups with people in the test count.
    let mut used: Vec<u32> = labels.clone();
    used.sort_unstable();
    used.dedup();
    if used.len() < 2 {
        return Err(InferenceError::NotEnoughData(format!(
            "{measure} by {by}: fewer than two groups have people with a value"
        )));
    }
    let names: Vec<String> = used
        .iter()
        .map(|&g| grouping.labels()[g as usize].clone())
        .collect();
    let labels: Vec<u32> = labels
        .iter()
        .map(|g| used.binary_search(g).unwrap_or(0) as u32)
        .collect();
    let k = names.len();
    let n = xs.len();
    let stats = Stats::new(&xs, k);
    let Some(observed) = stats.statistic(&labels, share) else {
        return Err(InferenceError::NotEnoughData(format!(
            "{measure} does not vary among the people with a value for {by}"
        )));
    };
    let sizes = counts(&labels, k);
    let arrangements = multinomial(n, &sizes, EXACT_LIMIT);
    let (null, sampling) = match arrangements {
        Some(count) if draws.exact => {
            let all = multiset_permutations(&labels);
            let null = enumerate(&all, control, |l| stats.statistic(l, share).unwrap_or(0.0))?;
            (
                null,
                Sampling::Exact {
                    permutations: count,
                },
            )
        }
        _ => {
            let null = monte_carlo(draws.count, draws.seed, control, |rng| {
                let mut l = labels.clone();
                shuffle(&mut l, rng);
                stats.statistic(&l, share).unwrap_or(0.0)
            })?;
            (
                null,
                Sampling::MonteCarlo {
                    draws: draws.count,
                    seed: draws.seed,
                },
            )
        }
    };
    let p_value = PValues::of(observed, &null).map_or(1.0, |p| p.p_greater);
    let means = group_means(&xs, &labels, k);
    let (hi, lo) = extremes(&means);
    let effect = if share {
        (observed / n as f64).sqrt()
    } else {
        stats.eta_squared(&labels)
    };
    let boot = bootstrap(&xs, &labels, k, share, hi, lo, draws.seed, control)?;
    let groups = (0..k)
        .map(|g| GroupValue {
            group: names[g].clone(),
            n: sizes[g],
            value: means[g],
            ci_low: boot.group_ci[g][0],
            ci_high: boot.group_ci[g][1],
        })
        .collect();
    let contrast = Contrast {
        high: names[hi].clone(),
        low: names[lo].clone(),
        difference: means[hi] - means[lo],
        difference_ci: boot.difference_ci,
        ratio: (means[lo] != 0.0).then(|| means[hi] / means[lo]),
        ratio_ci: boot.ratio_ci,
    };
    let samples: Vec<Vec<f64>> = (0..k)
        .map(|g| {
            xs.iter()
                .zip(&labels)
                .filter(|(_, l)| **l as usize == g)
                .map(|(x, _)| *x)
                .collect()
        })
        .collect();
    let classical = if share {
        let table: Vec<[f64; 2]> = samples
            .iter()
            .map(|s| {
                let iso = s.iter().filter(|&&x| x > 0.5).count() as f64;
                [iso, s.len() as f64 - iso]
            })
            .collect();
        chi_square(&table).map(|t| ClassicalTest {
            name: "Pearson chi-square".into(),
            statistic: t.statistic,
            df: t.df.to_string(),
            p: t.p,
            kruskal_p: None,
        })
    } else {
        anova(&samples).map(|(f, p)| ClassicalTest {
            name: "one-way ANOVA".into(),
            statistic: f,
            df: format!("{}, {}", k - 1, n - k),
            p,
            kruskal_p: kruskal(&samples).map(|k| k.1),
        })
    };
    let statistic_name = if share { "chi-square" } else { "F" };
    let what = if share {
        "the share of isolates".to_string()
    } else {
        format!("mean {measure}")
    };
    let method = format!(
        "Tested whether {what} differs between the {k} groups of {by} ({statistic_name} = {observed:.3}) \
         by shuffling the group labels over the same {n} people: {} of {} gave {} {statistic_name} at least \
         as large ({}), {}.",
        percent(p_value),
        sampling.describe("permutation"),
        if share { "a" } else { "an" },
        format_p(p_value, Some(&sampling)),
        reading(p_value)
    );
    Ok(GroupTest {
        attribute: by.to_string(),
        measure: measure.to_string(),
        share,
        groups,
        n,
        missing: study.node_count() - n,
        statistic_name: statistic_name.to_string(),
        observed,
        p_value,
        sampling,
        effect_name: if share { "Cramér's V" } else { "eta squared" }.to_string(),
        effect,
        effect_ci: boot.effect_ci,
        contrast,
        classical,
        method,
    })
}

/// "2.1%" with a sensible number of digits.
pub(crate) fn percent(p: f64) -> String {
    let x = p * 100.0;
    if x == 0.0 {
        "none".to_string()
    } else if x < 0.1 {
        format!("{x:.2}%")
    } else {
        format!("{x:.1}%")
    }
}

/// Sums that do not change under permutation of the labels.
struct Stats<'a> {
    xs: &'a [f64],
    k: usize,
    total: f64,
    sst: f64,
}

impl<'a> Stats<'a> {
    fn new(xs: &'a [f64], k: usize) -> Self {
        let n = xs.len() as f64;
        let total: f64 = xs.iter().sum();
        let mean = total / n;
        let sst = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
        Stats { xs, k, total, sst }
    }

    fn ssb(&self, labels: &[u32]) -> f64 {
        let mut sum = vec![0.0f64; self.k];
        let mut cnt = vec![0usize; self.k];
        for (x, &l) in self.xs.iter().zip(labels) {
            sum[l as usize] += x;
            cnt[l as usize] += 1;
        }
        let n = self.xs.len() as f64;
        let grand = self.total / n;
        sum.iter()
            .zip(&cnt)
            .filter(|(_, c)| **c > 0)
            .map(|(s, &c)| {
                let m = s / c as f64;
                c as f64 * (m - grand) * (m - grand)
            })
            .sum()
    }

    /// F, or chi-square (n·η²) for a share; `None` when the values do not vary.
    fn statistic(&self, labels: &[u32], share: bool) -> Option<f64> {
        if self.sst <= 0.0 {
            return None;
        }
        let n = self.xs.len() as f64;
        let ssb = self.ssb(labels).min(self.sst);
        if share {
            return Some(n * ssb / self.sst);
        }
        let k = self.k as f64;
        let ssw = self.sst - ssb;
        Some(if ssw <= 0.0 {
            f64::INFINITY
        } else {
            (ssb / (k - 1.0)) / (ssw / (n - k))
        })
    }

    fn eta_squared(&self, labels: &[u32]) -> f64 {
        if self.sst <= 0.0 {
            0.0
        } else {
            self.ssb(labels) / self.sst
        }
    }
}

fn counts(labels: &[u32], k: usize) -> Vec<usize> {
    let mut c = vec![0usize; k];
    for &l in labels {
        c[l as usize] += 1;
    }
    c
}

fn group_means(xs: &[f64], labels: &[u32], k: usize) -> Vec<f64> {
    let mut sum = vec![0.0f64; k];
    let mut cnt = vec![0usize; k];
    for (x, &l) in xs.iter().zip(labels) {
        sum[l as usize] += x;
        cnt[l as usize] += 1;
    }
    sum.iter()
        .zip(&cnt)
        .map(|(s, &c)| if c == 0 { 0.0 } else { s / c as f64 })
        .collect()
}

/// Indices of the highest and lowest value (first of equals).
fn extremes(means: &[f64]) -> (usize, usize) {
    let mut hi = 0;
    let mut lo = 0;
    for (i, &m) in means.iter().enumerate() {
        if m > means[hi] {
            hi = i;
        }
        if m < means[lo] {
            lo = i;
        }
    }
    (hi, lo)
}

/// n! / Π sizes! when it is at most `limit`.
fn multinomial(n: usize, sizes: &[usize], limit: usize) -> Option<usize> {
    // Product of binomials C(filled + s, s), each exact in u128.
    let mut total: u128 = 1;
    let mut filled = 0usize;
    for &s in sizes {
        let mut c: u128 = 1;
        for i in 1..=s {
            // c is C(filled + i, i), which only grows: stop before it can overflow.
            c = c * (filled + i) as u128 / i as u128;
            if c > limit as u128 {
                return None;
            }
        }
        filled += s;
        total = total.checked_mul(c)?;
        if total > limit as u128 {
            return None;
        }
    }
    debug_assert_eq!(filled, n);
    usize::try_from(total).ok()
}

/// Every distinct arrangement of `labels`, in lexicographic order.
fn multiset_permutations(labels: &[u32]) -> Vec<Vec<u32>> {
    let mut p = labels.to_vec();
    p.sort_unstable();
    let n = p.len();
    let mut out = Vec::new();
    loop {
        out.push(p.clone());
        let Some(i) = (1..n).rev().find(|&i| p[i - 1] < p[i]) else {
            break;
        };
        let Some(j) = (i..n).rev().find(|&j| p[j] > p[i - 1]) else {
            break;
        };
        p.swap(i - 1, j);
        p[i..].reverse();
    }
    out
}

fn shuffle(l: &mut [u32], rng: &mut ChaCha8Rng) {
    use rand::seq::SliceRandom;
    l.shuffle(rng);
}

struct Boot {
    group_ci: Vec<[f64; 2]>,
    difference_ci: [f64; 2],
    ratio_ci: Option<[f64; 2]>,
    effect_ci: [f64; 2],
}

/// 2.5% and 97.5% percentiles (type 7, as R's `quantile`).
fn interval(mut v: Vec<f64>) -> [f64; 2] {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return [f64::NAN, f64::NAN];
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let (i, f) = (h.floor() as usize, h - h.floor());
        if i + 1 < v.len() {
            v[i] + f * (v[i + 1] - v[i])
        } else {
            v[i]
        }
    };
    [q(0.025), q(0.975)]
}

#[allow(clippy::too_many_arguments)]
fn bootstrap(
    xs: &[f64],
    labels: &[u32],
    k: usize,
    share: bool,
    hi: usize,
    lo: usize,
    seed: u64,
    control: Control<'_>,
) -> Result<Boot, InferenceError> {
    let members: Vec<Vec<f64>> = (0..k)
        .map(|g| {
            xs.iter()
                .zip(labels)
                .filter(|(_, l)| **l as usize == g)
                .map(|(x, _)| *x)
                .collect()
        })
        .collect();
    let n = xs.len() as f64;
    // A separate stream family from the permutations.
    let draws = monte_carlo(BOOTSTRAP, seed ^ 0x00B0_07C1, control, |rng| {
        let mut means = vec![0.0f64; k];
        let mut sums = vec![0.0f64; k];
        let mut sumsq = vec![0.0f64; k];
        for (g, m) in members.iter().enumerate() {
            let mut s = 0.0;
            let mut s2 = 0.0;
            for _ in 0..m.len() {
                let x = m[rng.random_range(0..m.len())];
                s += x;
                s2 += x * x;
            }
            sums[g] = s;
            sumsq[g] = s2;
            means[g] = s / m.len() as f64;
        }
        let total: f64 = sums.iter().sum();
        let grand = total / n;
        let sst: f64 = sumsq.iter().sum::<f64>() - n * grand * grand;
        let ssb: f64 = (0..k)
            .map(|g| members[g].len() as f64 * (means[g] - grand) * (means[g] - grand))
            .sum();
        let eta = if sst > 0.0 { (ssb / sst).min(1.0) } else { 0.0 };
        let effect = if share { eta.sqrt() } else { eta };
        let ratio = if means[lo] != 0.0 {
            means[hi] / means[lo]
        } else {
            f64::NAN
        };
        (means, effect, ratio)
    })?;
    let group_ci = (0..k)
        .map(|g| interval(draws.iter().map(|d| d.0[g]).collect()))
        .collect();
    let difference_ci = interval(draws.iter().map(|d| d.0[hi] - d.0[lo]).collect());
    let ratios: Vec<f64> = draws
        .iter()
        .map(|d| d.2)
        .filter(|r| r.is_finite())
        .collect();
    let ratio_ci = (ratios.len() * 2 > draws.len()).then(|| interval(ratios));
    let effect_ci = interval(draws.iter().map(|d| d.1).collect());
    Ok(Boot {
        group_ci,
        difference_ci,
        ratio_ci,
        effect_ci,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrangements_are_counted_and_listed() {
        assert_eq!(multinomial(7, &[3, 2, 2], 1000), Some(210));
        assert_eq!(multiset_permutations(&[0, 0, 0, 1, 1, 2, 2]).len(), 210);
        assert_eq!(multinomial(34, &[17, 17], EXACT_LIMIT), None);
        assert_eq!(multinomial(300, &[150, 150], EXACT_LIMIT), None);
    }

    #[test]
    fn chi_square_is_n_eta_squared_for_a_share() {
        let xs = [1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0];
        let labels = [0, 0, 0, 0, 1, 1, 1, 1];
        let s = Stats::new(&xs, 2);
        let chi = s.statistic(&labels, true).unwrap();
        let table = [[2.0, 2.0], [1.0, 3.0]];
        let want = chi_square(&table).unwrap().statistic;
        assert!((chi - want).abs() < 1e-12, "{chi} {want}");
        let f = s.statistic(&labels, false).unwrap();
        let (want_f, _) = anova(&[vec![1.0, 1.0, 0.0, 0.0], vec![1.0, 0.0, 0.0, 0.0]]).unwrap();
        assert!((f - want_f).abs() < 1e-12);
    }

    #[test]
    fn interval_is_r_type_7() {
        let v: Vec<f64> = (1..=41).map(f64::from).collect();
        assert_eq!(interval(v), [2.0, 40.0]);
    }
}

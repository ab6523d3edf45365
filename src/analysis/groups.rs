//! Group comparison: for each value of a grouping attribute, how many people, how many
//! isolates, how connected and how well, with a test of whether groups differ.
//!
//! Statistics follow SciPy's defaults where it has them:
//! - 95% confidence interval of a mean: mean ± t(0.975, n−1)·s/√n (`scipy.stats.t.interval`
//!   with the standard error of the mean); none for n < 2;
//! - isolate share: Pearson's chi-square on the groups × {isolate, not} table without
//!   continuity correction (`scipy.stats.chi2_contingency(table, correction=False)`);
//! - scores: one-way ANOVA (`scipy.stats.f_oneway`) and, for skewed scores or small groups,
//!   Kruskal-Wallis with the tie correction (`scipy.stats.kruskal`).
//!
//! Every group with at least one value enters the tests; groups of fewer than
//! [`SMALL_GROUP`] people are marked, as their means and shares are fragile.

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, StudentsT};

use super::{AnalysisError, Grouping, NodeMetrics};
use crate::model::{AttrType, Study};

/// Groups with fewer people than this are marked small.
pub const SMALL_GROUP: usize = 5;

/// The comparison of groups by one attribute.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupComparison {
    /// The grouping attribute.
    pub attribute: String,
    /// The score attributes compared.
    pub scores: Vec<String>,
    /// One row per value of the attribute, in [`Grouping::labels`] order.
    pub groups: Vec<GroupRow>,
    /// People without a value for the attribute (left out of every row and test).
    pub missing: usize,
    /// Whether the isolate share differs between groups.
    pub isolates_test: Option<ChiSquareTest>,
    /// Whether each score differs between groups, in `scores` order.
    pub score_tests: Vec<ScoreTest>,
    /// What the isolate flag means.
    pub isolate_explanation: String,
}

/// One group's row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupRow {
    /// The attribute's value.
    pub group: String,
    /// People in the group.
    pub n: usize,
    /// True when `n` is below [`SMALL_GROUP`].
    pub small: bool,
    /// Isolates in the group.
    pub isolates: usize,
    /// Isolates over n.
    pub isolate_share: f64,
    /// Mean degree.
    pub mean_degree: f64,
    /// Mean betweenness (not normalised).
    pub mean_betweenness: f64,
    /// Every score's mean, in `scores` order.
    pub scores: Vec<ScoreSummary>,
}

/// The mean of one score in one group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreSummary {
    /// The score attribute.
    pub score: String,
    /// People in the group with a value (a scale with a missing item has none).
    pub n: usize,
    /// Mean; `None` without values.
    pub mean: Option<f64>,
    /// Lower end of the 95% confidence interval; `None` for n < 2.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% confidence interval.
    pub ci_high: Option<f64>,
}

/// A chi-square test of independence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChiSquareTest {
    /// Pearson's statistic.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// P-value.
    pub p: f64,
}

/// Tests of whether a score differs between groups; `None` parts could not be computed
/// (fewer than two groups with values, or no variation).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScoreTest {
    /// The score attribute.
    pub score: String,
    /// One-way ANOVA F.
    pub anova_f: Option<f64>,
    /// ANOVA p-value.
    pub anova_p: Option<f64>,
    /// Kruskal-Wallis H (tie-corrected).
    pub kruskal_h: Option<f64>,
    /// Kruskal-Wallis p-value.
    pub kruskal_p: Option<f64>,
}

/// True for the names the survey importer gives wellbeing scores: `wemwbs`, `swemwbs`,
/// `life_satisfaction`, `wemwbs_…` or `…_score`; but not for the items of a scale
/// (`wemwbs_1` … `wemwbs_14`), which are not scores.
pub fn is_score_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let item = n
        .strip_prefix("wemwbs_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    matches!(n.as_str(), "wemwbs" | "swemwbs" | "life_satisfaction")
        || (n.starts_with("wemwbs_") && !item)
        || n.ends_with("_score")
}

/// The numeric attributes of `study` named like wellbeing scores, in column order.
pub fn default_scores(study: &Study) -> Vec<String> {
    study
        .node_attributes()
        .iter()
        .filter(|a| a.ty() == AttrType::Numeric && is_score_name(a.name()))
        .map(|a| a.name().to_string())
        .collect()
}

/// Compares the groups of `attribute` on the metrics and on the numeric `scores`.
pub fn compare_groups(
    study: &Study,
    attribute: &str,
    scores: &[String],
    metrics: &NodeMetrics,
) -> Result<GroupComparison, AnalysisError> {
    let grouping = Grouping::by(study, attribute)?;
    let score_values: Vec<Vec<Option<f64>>> = scores
        .iter()
        .map(|s| numeric_values(study, s))
        .collect::<Result<_, _>>()?;
    let k = grouping.labels().len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut missing = 0;
    for v in 0..study.node_count() {
        match grouping.of(v) {
            Some(g) => members[g as usize].push(v),
            None => missing += 1,
        }
    }
    let groups = grouping
        .labels()
        .iter()
        .zip(&members)
        .map(|(label, m)| {
            let n = m.len();
            let isolates = m.iter().filter(|&&v| metrics.isolate[v]).count();
            let mean = |f: &dyn Fn(usize) -> f64| {
                if n == 0 {
                    0.0
                } else {
                    m.iter().map(|&v| f(v)).sum::<f64>() / n as f64
                }
            };
            GroupRow {
                group: label.clone(),
                n,
                small: n < SMALL_GROUP,
                isolates,
                isolate_share: if n == 0 {
                    0.0
                } else {
                    isolates as f64 / n as f64
                },
                mean_degree: mean(&|v| metrics.degree[v] as f64),
                mean_betweenness: mean(&|v| metrics.betweenness[v]),
                scores: scores
                    .iter()
                    .zip(&score_values)
                    .map(|(name, values)| {
                        let xs: Vec<f64> = m.iter().filter_map(|&v| values[v]).collect();
                        summary(name, &xs)
                    })
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let table: Vec<[f64; 2]> = groups
        .iter()
        .filter(|g| g.n > 0)
        .map(|g| [g.isolates as f64, (g.n - g.isolates) as f64])
        .collect();
    let score_tests = scores
        .iter()
        .zip(&score_values)
        .map(|(name, values)| {
            let samples: Vec<Vec<f64>> = members
                .iter()
                .map(|m| m.iter().filter_map(|&v| values[v]).collect::<Vec<f64>>())
                .filter(|xs| !xs.is_empty())
                .collect();
            let (anova_f, anova_p) = anova(&samples).unzip();
            let (kruskal_h, kruskal_p) = kruskal(&samples).unzip();
            ScoreTest {
                score: name.clone(),
                anova_f,
                anova_p,
                kruskal_h,
                kruskal_p,
            }
        })
        .collect();
    Ok(GroupComparison {
        attribute: attribute.to_string(),
        scores: scores.to_vec(),
        groups,
        missing,
        isolates_test: chi_square(&table),
        score_tests,
        isolate_explanation: super::broker::ISOLATE_EXPLANATION.to_string(),
    })
}

fn numeric_values(study: &Study, name: &str) -> Result<Vec<Option<f64>>, AnalysisError> {
    let attr = study
        .node_attribute(name)
        .ok_or_else(|| AnalysisError::no_attribute(study, name))?;
    if attr.ty() != AttrType::Numeric {
        return Err(AnalysisError::NotNumeric(name.to_string()));
    }
    Ok((0..study.node_count())
        .map(|v| attr.value(v).and_then(|x| x.as_number()))
        .collect())
}

fn summary(name: &str, xs: &[f64]) -> ScoreSummary {
    let n = xs.len();
    let mean = (n > 0).then(|| xs.iter().sum::<f64>() / n as f64);
    let (ci_low, ci_high) = match mean {
        Some(m) if n >= 2 => {
            let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n as f64 - 1.0);
            let sem = (var / n as f64).sqrt();
            match StudentsT::new(0.0, 1.0, n as f64 - 1.0) {
                Ok(t) => {
                    let half = t.inverse_cdf(0.975) * sem;
                    (Some(m - half), Some(m + half))
                }
                Err(_) => (None, None),
            }
        }
        _ => (None, None),
    };
    ScoreSummary {
        score: name.to_string(),
        n,
        mean,
        ci_low,
        ci_high,
    }
}

/// Pearson's chi-square test of independence on a table of counts; `None` when a row or
/// column sums to zero or the table has fewer than two rows.
pub fn chi_square(table: &[[f64; 2]]) -> Option<ChiSquareTest> {
    if table.len() < 2 {
        return None;
    }
    let total: f64 = table.iter().map(|r| r[0] + r[1]).sum();
    let cols = [
        table.iter().map(|r| r[0]).sum::<f64>(),
        table.iter().map(|r| r[1]).sum::<f64>(),
    ];
    if cols.contains(&0.0) || total == 0.0 {
        return None;
    }
    let mut stat = 0.0;
    for row in table {
        let rs = row[0] + row[1];
        if rs == 0.0 {
            return None;
        }
        for (j, &observed) in row.iter().enumerate() {
            let expected = rs * cols[j] / total;
            stat += (observed - expected) * (observed - expected) / expected;
        }
    }
    let df = table.len() - 1;
    let p = ChiSquared::new(df as f64).ok()?.sf(stat);
    Some(ChiSquareTest {
        statistic: stat,
        df,
        p,
    })
}

/// One-way ANOVA over samples: (F, p).
pub fn anova(samples: &[Vec<f64>]) -> Option<(f64, f64)> {
    let k = samples.len();
    let n: usize = samples.iter().map(Vec::len).sum();
    if k < 2 || n <= k {
        return None;
    }
    let grand = samples.iter().flatten().sum::<f64>() / n as f64;
    let mut between = 0.0;
    let mut within = 0.0;
    for s in samples {
        let m = s.iter().sum::<f64>() / s.len() as f64;
        between += s.len() as f64 * (m - grand) * (m - grand);
        within += s.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
    }
    if within == 0.0 {
        return None;
    }
    let (d1, d2) = ((k - 1) as f64, (n - k) as f64);
    let f = (between / d1) / (within / d2);
    let p = FisherSnedecor::new(d1, d2).ok()?.sf(f);
    Some((f, p))
}

/// Kruskal-Wallis H test with the tie correction: (H, p).
pub fn kruskal(samples: &[Vec<f64>]) -> Option<(f64, f64)> {
    let k = samples.len();
    if k < 2 {
        return None;
    }
    let mut all: Vec<(f64, usize)> = samples
        .iter()
        .enumerate()
        .flat_map(|(g, s)| s.iter().map(move |&x| (x, g)))
        .collect();
    let n = all.len();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = vec![0.0f64; k];
    let mut ties = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for item in &all[i..=j] {
            rank_sum[item.1] += rank;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    let nf = n as f64;
    let correction = 1.0 - ties / (nf * nf * nf - nf);
    if correction == 0.0 {
        return None;
    }
    let h = (12.0 / (nf * (nf + 1.0))
        * samples
            .iter()
            .zip(&rank_sum)
            .map(|(s, r)| r * r / s.len() as f64)
            .sum::<f64>()
        - 3.0 * (nf + 1.0))
        / correction;
    let p = ChiSquared::new((k - 1) as f64).ok()?.sf(h);
    Some((h, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_names_are_scales_not_items() {
        for name in [
            "wemwbs",
            "SWEMWBS",
            "life_satisfaction",
            "wemwbs_total",
            "loneliness_score",
        ] {
            assert!(is_score_name(name), "{name}");
        }
        for name in ["wemwbs_1", "wemwbs_14", "age", "employment", "score"] {
            assert!(!is_score_name(name), "{name}");
        }
    }

    #[test]
    fn tests_refuse_what_they_cannot_compute() {
        assert_eq!(chi_square(&[[0.0, 5.0], [0.0, 3.0]]), None);
        assert_eq!(chi_square(&[[1.0, 5.0]]), None);
        assert_eq!(anova(&[vec![1.0, 1.0], vec![1.0, 1.0]]), None);
        assert_eq!(kruskal(&[vec![2.0, 2.0], vec![2.0]]), None);
        assert_eq!(anova(&[vec![1.0, 2.0]]), None);
        let s = summary("x", &[4.0]);
        assert_eq!((s.mean, s.ci_low, s.ci_high), (Some(4.0), None, None));
    }
}

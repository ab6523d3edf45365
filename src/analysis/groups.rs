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

use polars::prelude::{Column, DataFrame, PolarsResult};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, StudentsT};

use super::{AnalysisError, Grouping, NodeMeasures};
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

impl GroupComparison {
    /// The per-group table as a DataFrame, one row per group in [`Grouping::labels`] order:
    /// `group`, `n`, `small`, `isolates`, `isolate_share`, `mean_degree`,
    /// `mean_betweenness`, then for each score `SCORE_n`, `SCORE_mean`, `SCORE_ci_low` and
    /// `SCORE_ci_high` (nulls where there is no value).
    pub fn frame(&self) -> PolarsResult<DataFrame> {
        let g = &self.groups;
        let count = |f: &dyn Fn(&GroupRow) -> usize| -> Vec<i64> {
            g.iter()
                .map(|r| i64::try_from(f(r)).unwrap_or(i64::MAX))
                .collect()
        };
        let mut columns = vec![
            Column::new(
                "group".into(),
                g.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("n".into(), count(&|r| r.n)),
            Column::new(
                "small".into(),
                g.iter().map(|r| r.small).collect::<Vec<_>>(),
            ),
            Column::new("isolates".into(), count(&|r| r.isolates)),
            Column::new(
                "isolate_share".into(),
                g.iter().map(|r| r.isolate_share).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_degree".into(),
                g.iter().map(|r| r.mean_degree).collect::<Vec<_>>(),
            ),
            Column::new(
                "mean_betweenness".into(),
                g.iter().map(|r| r.mean_betweenness).collect::<Vec<_>>(),
            ),
        ];
        for (i, score) in self.scores.iter().enumerate() {
            let of = |f: &dyn Fn(&ScoreSummary) -> Option<f64>| -> Vec<Option<f64>> {
                g.iter().map(|r| r.scores.get(i).and_then(f)).collect()
            };
            columns.push(Column::new(
                format!("{score}_n").into(),
                count(&|r| r.scores.get(i).map_or(0, |s| s.n)),
            ));
            columns.push(Column::new(format!("{score}_mean").into(), of(&|s| s.mean)));
            columns.push(Column::new(
                format!("{score}_ci_low").into(),
                of(&|s| s.ci_low),
            ));
            columns.push(Column::new(
                format!("{score}_ci_high").into(),
                of(&|s| s.ci_high),
            ));
        }
        DataFrame::new(g.len(), columns)
    }
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
    metrics: &NodeMeasures,
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
    let groups = group_rows(
        grouping.labels(),
        &|v| grouping.of(v),
        scores,
        &score_values,
        metrics,
    )
    .map_err(|e| AnalysisError::Table(e.to_string()))?;
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

/// The per-group rows, aggregated by a polars group-by over one row per person who has a
/// group: n, isolates and their share, mean degree and betweenness, and every score's
/// count of values, mean and standard deviation (for the confidence interval). A group
/// without members keeps its row, with zeros and no means.
///
/// The eager `GroupBy` aggregations are marked deprecated in favour of polars' lazy
/// engine, which would add its query planner and streaming engine to every build of Kith
/// for five means; they are still polars' group-by and give the same numbers.
#[allow(deprecated)]
fn group_rows(
    labels: &[String],
    group_of: &dyn Fn(usize) -> Option<u32>,
    scores: &[String],
    score_values: &[Vec<Option<f64>>],
    metrics: &NodeMeasures,
) -> PolarsResult<Vec<GroupRow>> {
    let people: Vec<(usize, u32)> = (0..metrics.degree.len())
        .filter_map(|v| group_of(v).map(|g| (v, g)))
        .collect();
    let mut columns = vec![
        Column::new(
            "group".into(),
            people.iter().map(|&(_, g)| g).collect::<Vec<u32>>(),
        ),
        Column::new(
            "degree".into(),
            people
                .iter()
                .map(|&(v, _)| metrics.degree[v] as f64)
                .collect::<Vec<f64>>(),
        ),
        Column::new(
            "betweenness".into(),
            people
                .iter()
                .map(|&(v, _)| metrics.betweenness[v])
                .collect::<Vec<f64>>(),
        ),
        Column::new(
            "isolate".into(),
            people
                .iter()
                .map(|&(v, _)| f64::from(u8::from(metrics.isolate[v])))
                .collect::<Vec<f64>>(),
        ),
    ];
    // Scores go by position ("s0", "s0_present") so that no attribute name can clash.
    for (i, values) in score_values.iter().enumerate() {
        columns.push(Column::new(
            format!("s{i}").into(),
            people
                .iter()
                .map(|&(v, _)| values[v])
                .collect::<Vec<Option<f64>>>(),
        ));
        columns.push(Column::new(
            format!("s{i}_present").into(),
            people
                .iter()
                .map(|&(v, _)| f64::from(u8::from(values[v].is_some())))
                .collect::<Vec<f64>>(),
        ));
    }
    let df = DataFrame::new(people.len(), columns)?;
    let by = df.group_by_stable(["group"])?;
    let means = by
        .clone()
        .select(
            ["degree", "betweenness", "isolate"]
                .map(String::from)
                .into_iter()
                .chain((0..scores.len()).map(|i| format!("s{i}"))),
        )
        .mean()?;
    let sums = by
        .clone()
        .select(
            std::iter::once("isolate".to_string())
                .chain((0..scores.len()).map(|i| format!("s{i}_present"))),
        )
        .sum()?;
    let stds = by
        .clone()
        .select((0..scores.len()).map(|i| format!("s{i}")))
        .std(1)?;
    let counts = by.select(["degree"]).count()?;
    let floats = |df: &DataFrame, name: &str| -> PolarsResult<Vec<Option<f64>>> {
        Ok(df
            .column(name)?
            .as_materialized_series()
            .f64()?
            .iter()
            .collect())
    };
    let keys: Vec<Option<u32>> = means
        .column("group")?
        .as_materialized_series()
        .u32()?
        .iter()
        .collect();
    // The aggregated row of each group, by the group's index.
    let mut row_of: Vec<Option<usize>> = vec![None; labels.len()];
    for (row, key) in keys.iter().enumerate() {
        if let Some(slot) = key.and_then(|k| row_of.get_mut(k as usize)) {
            *slot = Some(row);
        }
    }
    let n: Vec<Option<u32>> = counts
        .column("degree_count")?
        .as_materialized_series()
        .u32()?
        .iter()
        .collect();
    let mean_degree = floats(&means, "degree_mean")?;
    let mean_betweenness = floats(&means, "betweenness_mean")?;
    let share = floats(&means, "isolate_mean")?;
    let isolates = floats(&sums, "isolate_sum")?;
    let score_means: Vec<Vec<Option<f64>>> = (0..scores.len())
        .map(|i| floats(&means, &format!("s{i}_mean")))
        .collect::<PolarsResult<_>>()?;
    let score_sds: Vec<Vec<Option<f64>>> = (0..scores.len())
        .map(|i| floats(&stds, &format!("s{i}_agg_std")))
        .collect::<PolarsResult<_>>()?;
    let score_ns: Vec<Vec<Option<f64>>> = (0..scores.len())
        .map(|i| floats(&sums, &format!("s{i}_present_sum")))
        .collect::<PolarsResult<_>>()?;
    let at = |col: &[Option<f64>], row: Option<usize>| row.and_then(|r| col[r]);
    let whole = |x: Option<f64>| x.map_or(0, |x| x.round() as usize);
    Ok(labels
        .iter()
        .zip(&row_of)
        .map(|(label, &row)| {
            let n = row.and_then(|r| n[r]).map_or(0, |n| n as usize);
            GroupRow {
                group: label.clone(),
                n,
                small: n < SMALL_GROUP,
                isolates: whole(at(&isolates, row)),
                isolate_share: at(&share, row).unwrap_or(0.0),
                mean_degree: at(&mean_degree, row).unwrap_or(0.0),
                mean_betweenness: at(&mean_betweenness, row).unwrap_or(0.0),
                scores: scores
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        summary_of(
                            name,
                            whole(at(&score_ns[i], row)),
                            at(&score_means[i], row),
                            at(&score_sds[i], row),
                        )
                    })
                    .collect(),
            }
        })
        .collect())
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

/// A score's summary in one group from its count of values, mean and standard deviation:
/// the 95% confidence interval is mean ± t(0.975, n−1)·sd/√n, none for n < 2.
fn summary_of(name: &str, n: usize, mean: Option<f64>, sd: Option<f64>) -> ScoreSummary {
    let mean = mean.filter(|_| n > 0);
    let (ci_low, ci_high) = match (mean, sd) {
        (Some(m), Some(sd)) if n >= 2 => {
            let sem = sd / (n as f64).sqrt();
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

    /// The per-group figures as Kith computed them before polars: one pass over each
    /// group's members.
    fn plain_rows(
        study: &Study,
        attribute: &str,
        scores: &[String],
        m: &NodeMeasures,
    ) -> Vec<GroupRow> {
        let grouping = Grouping::by(study, attribute).unwrap();
        let values: Vec<Vec<Option<f64>>> = scores
            .iter()
            .map(|s| numeric_values(study, s).unwrap())
            .collect();
        let mut members = vec![Vec::new(); grouping.labels().len()];
        for v in 0..study.node_count() {
            if let Some(g) = grouping.of(v) {
                members[g as usize].push(v);
            }
        }
        grouping
            .labels()
            .iter()
            .zip(&members)
            .map(|(label, mem)| {
                let n = mem.len();
                let isolates = mem.iter().filter(|&&v| m.isolate[v]).count();
                let mean = |f: &dyn Fn(usize) -> f64| {
                    if n == 0 {
                        0.0
                    } else {
                        mem.iter().map(|&v| f(v)).sum::<f64>() / n as f64
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
                    mean_degree: mean(&|v| m.degree[v] as f64),
                    mean_betweenness: mean(&|v| m.betweenness[v]),
                    scores: scores
                        .iter()
                        .zip(&values)
                        .map(|(name, vals)| {
                            let xs: Vec<f64> = mem.iter().filter_map(|&v| vals[v]).collect();
                            let k = xs.len();
                            let mean = (k > 0).then(|| xs.iter().sum::<f64>() / k as f64);
                            let sd = mean.filter(|_| k >= 2).map(|mu| {
                                (xs.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>()
                                    / (k as f64 - 1.0))
                                    .sqrt()
                            });
                            summary_of(name, k, mean, sd)
                        })
                        .collect(),
                }
            })
            .collect()
    }

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn the_group_by_equals_a_plain_pass_over_each_group() {
        let study = crate::sample::bundled();
        let m = crate::analysis::metrics(&study, &Default::default(), &|_, _| {}).unwrap();
        let scores = default_scores(&study);
        assert!(!scores.is_empty());
        for attribute in [
            "gender",
            "employment_status",
            "migration_status",
            "age_band",
        ] {
            let got = compare_groups(&study, attribute, &scores, &m.nodes).unwrap();
            let want = plain_rows(&study, attribute, &scores, &m.nodes);
            assert_eq!(got.groups.len(), want.len(), "{attribute}");
            for (g, w) in got.groups.iter().zip(&want) {
                assert_eq!(
                    (&g.group, g.n, g.small, g.isolates),
                    (&w.group, w.n, w.small, w.isolates)
                );
                assert!(
                    near(g.isolate_share, w.isolate_share),
                    "{attribute} {}",
                    g.group
                );
                assert!(
                    near(g.mean_degree, w.mean_degree),
                    "{attribute} {}",
                    g.group
                );
                assert!(
                    near(g.mean_betweenness, w.mean_betweenness),
                    "{attribute} {}",
                    g.group
                );
                for (a, b) in g.scores.iter().zip(&w.scores) {
                    assert_eq!((&a.score, a.n), (&b.score, b.n));
                    for (x, y) in [
                        (a.mean, b.mean),
                        (a.ci_low, b.ci_low),
                        (a.ci_high, b.ci_high),
                    ] {
                        match (x, y) {
                            (Some(x), Some(y)) => {
                                assert!(near(x, y), "{attribute} {}: {x} {y}", a.score)
                            }
                            (x, y) => assert_eq!(x, y),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn tests_refuse_what_they_cannot_compute() {
        assert_eq!(chi_square(&[[0.0, 5.0], [0.0, 3.0]]), None);
        assert_eq!(chi_square(&[[1.0, 5.0]]), None);
        assert_eq!(anova(&[vec![1.0, 1.0], vec![1.0, 1.0]]), None);
        assert_eq!(kruskal(&[vec![2.0, 2.0], vec![2.0]]), None);
        assert_eq!(anova(&[vec![1.0, 2.0]]), None);
        let s = summary_of("x", 1, Some(4.0), None);
        assert_eq!((s.mean, s.ci_low, s.ci_high), (Some(4.0), None, None));
    }
}

//! Node-level regression with permutation inference: `wemwbs ~ degree + constraint +
//! employment_status` by ordinary least squares, or `isolate ~ gender + age_band` by
//! logistic regression, each coefficient with its classical p-value and a permutation
//! p-value that does not assume independent observations.
//!
//! - OLS: Freedman and Lane (1983). For each coefficient, the model without that predictor
//!   is fitted; its residuals are permuted and added back to its fitted values, and the full
//!   model's t is recomputed. The p-value is the share of permutations with |t| at least the
//!   observed |t|.
//! - Logistic: residuals of a 0/1 outcome cannot be permuted, so each predictor is
//!   residualised on the others and the residual is permuted (the semi-partialling that
//!   `sna::netlogit` uses for dyads); the statistic is the Wald z.
//!
//! Terms are node measures ([`MEASURES`](super::groups::MEASURES)) or node attributes; a
//! categorical attribute enters as one 0/1 column per level but the first (in sorted order),
//! named `attribute[level]`. People missing any value are left out (listwise) and counted.

use rand_chacha::ChaCha8Rng;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::groups::{node_values, unknown_term};
use super::linalg::{self, LsFit};
use super::{
    Control, Draws, EXACT_LIMIT, InferenceError, PValues, Sampling, all_permutations, enumerate,
    factorial_at_most, format_p, monte_carlo, random_permutation,
};
use crate::analysis::{Graph, Grouping, TieSelection};
use crate::model::{AttrType, Study};

/// The name of the intercept column, as R names it.
pub const INTERCEPT: &str = "(Intercept)";

/// A model formula: `response ~ term + term + …`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Formula {
    /// The outcome.
    pub response: String,
    /// The predictors, in order.
    pub terms: Vec<String>,
}

impl Formula {
    /// Reads `y ~ a + b`; names are trimmed, repeats refused.
    pub fn parse(text: &str) -> Result<Formula, InferenceError> {
        let bad = |reason: &str| InferenceError::Formula {
            formula: text.to_string(),
            reason: reason.to_string(),
        };
        let Some((lhs, rhs)) = text.split_once('~') else {
            return Err(bad("it needs a ~ between the outcome and the predictors"));
        };
        let response = lhs.trim().to_string();
        if response.is_empty() {
            return Err(bad("there is no outcome before the ~"));
        }
        let mut terms: Vec<String> = Vec::new();
        for t in rhs.split('+') {
            let t = t.trim();
            if t.is_empty() {
                return Err(bad("a + has no term beside it"));
            }
            if terms.iter().any(|x| x == t) || t == response {
                return Err(bad(&format!("\"{t}\" appears twice")));
            }
            terms.push(t.to_string());
        }
        Ok(Formula { response, terms })
    }
}

/// One coefficient.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coefficient {
    /// Column name: a measure, an attribute, `attribute[level]` or `(Intercept)`.
    pub term: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// t (OLS) or z (logistic).
    pub statistic: f64,
    /// Two-sided p-value from the t or normal distribution.
    pub classical_p: f64,
    /// Two-sided permutation p-value: share of permutations with |statistic| at least the
    /// observed.
    pub permutation_p: f64,
}

/// A fitted node-level model with permutation p-values.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Regression {
    /// The formula as read.
    pub formula: Formula,
    /// Logistic rather than least squares.
    pub logit: bool,
    /// Coefficients, intercept first.
    pub coefficients: Vec<Coefficient>,
    /// People in the fit.
    pub n: usize,
    /// People left out for a missing value.
    pub dropped: usize,
    /// R² (OLS).
    pub r_squared: Option<f64>,
    /// Residual deviance (logistic).
    pub deviance: Option<f64>,
    /// Null deviance (logistic).
    pub null_deviance: Option<f64>,
    /// How the permutations were made.
    pub sampling: Sampling,
    /// What was tested and what the p-values mean, in one sentence.
    pub method: String,
}

/// A design matrix: row-major values, column names, kept rows.
struct Design {
    x: Vec<f64>,
    y: Vec<f64>,
    names: Vec<String>,
    p: usize,
    dropped: usize,
}

fn design(
    study: &Study,
    graph: &Graph,
    formula: &Formula,
    logit: bool,
) -> Result<Design, InferenceError> {
    let n = study.node_count();
    let response = response_values(study, graph, &formula.response, logit)?;
    let mut columns: Vec<(String, Vec<Option<f64>>)> =
        vec![(INTERCEPT.to_string(), vec![Some(1.0); n])];
    for term in &formula.terms {
        let categorical = study
            .node_attribute(term)
            .is_some_and(|a| a.ty() != AttrType::Numeric);
        if categorical && super::groups::measure_values(graph, term).is_none() {
            let g = Grouping::by(study, term)?;
            for (level, label) in g.labels().iter().enumerate().skip(1) {
                let col = (0..n)
                    .map(|v| g.of(v).map(|x| if x as usize == level { 1.0 } else { 0.0 }))
                    .collect();
                columns.push((format!("{term}[{label}]"), col));
            }
        } else {
            columns.push((term.clone(), node_values(study, graph, term)?));
        }
    }
    let p = columns.len();
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (v, yv) in response.iter().enumerate() {
        let Some(yv) = *yv else { continue };
        let row: Option<Vec<f64>> = columns.iter().map(|c| c.1[v]).collect();
        let Some(row) = row else { continue };
        if !yv.is_finite() || row.iter().any(|r| !r.is_finite()) {
            continue;
        }
        y.push(yv);
        x.extend(row);
    }
    Ok(Design {
        dropped: n - y.len(),
        x,
        y,
        names: columns.into_iter().map(|c| c.0).collect(),
        p,
    })
}

/// The outcome; for a logistic model a 0/1 measure or attribute, or a categorical attribute
/// of two levels (the second is 1).
fn response_values(
    study: &Study,
    graph: &Graph,
    name: &str,
    logit: bool,
) -> Result<Vec<Option<f64>>, InferenceError> {
    let categorical = study
        .node_attribute(name)
        .is_some_and(|a| a.ty() != AttrType::Numeric);
    if !categorical || super::groups::measure_values(graph, name).is_some() {
        let v = node_values(study, graph, name)?;
        if logit && v.iter().flatten().any(|&x| x != 0.0 && x != 1.0) {
            return Err(InferenceError::NotEnoughData(format!(
                "a logistic model needs a yes/no outcome, but {name} takes values other than 0 and 1"
            )));
        }
        return Ok(v);
    }
    if !logit {
        return Err(unknown_numeric(study, name));
    }
    let g = Grouping::by(study, name)?;
    if g.labels().len() != 2 {
        return Err(InferenceError::NotEnoughData(format!(
            "a logistic model needs a yes/no outcome, but {name} has {} values",
            g.labels().len()
        )));
    }
    Ok((0..study.node_count())
        .map(|v| g.of(v).map(f64::from))
        .collect())
}

fn unknown_numeric(study: &Study, name: &str) -> InferenceError {
    if study.node_attribute(name).is_some() {
        crate::analysis::AnalysisError::NotNumeric(name.to_string()).into()
    } else {
        unknown_term(study, name)
    }
}

fn collinear(d: &Design, j: usize) -> InferenceError {
    InferenceError::Collinear(format!(
        "{} is a combination of {}",
        d.names[j],
        d.names[..j].join(", ")
    ))
}

/// Fits `formula` over the ties `selection` keeps and tests every coefficient by
/// permutation.
pub fn regress(
    study: &Study,
    selection: &TieSelection,
    formula: &str,
    logit: bool,
    draws: &Draws,
    control: Control<'_>,
) -> Result<Regression, InferenceError> {
    let formula = Formula::parse(formula)?;
    let graph = Graph::new(study, selection);
    let d = design(study, &graph, &formula, logit)?;
    let n = d.y.len();
    if n <= d.p + 1 {
        return Err(InferenceError::NotEnoughData(format!(
            "{} people have every value of the model, too few for {} coefficients",
            n, d.p
        )));
    }
    let ones = vec![1.0; n];
    let exact = if draws.exact {
        factorial_at_most(n, EXACT_LIMIT)
    } else {
        None
    };
    let sampling = match exact {
        Some(permutations) => Sampling::Exact { permutations },
        None => Sampling::MonteCarlo {
            draws: draws.count,
            seed: draws.seed,
        },
    };
    let mut out = if logit {
        fit_logit(&d, &ones, draws, exact.is_some(), control)?
    } else {
        fit_ols(&d, &ones, draws, exact.is_some(), control)?
    };
    out.formula = formula;
    out.n = n;
    out.dropped = d.dropped;
    out.sampling = sampling;
    let stat = if logit { "z" } else { "t" };
    let how = if logit {
        "each predictor's part not explained by the others was shuffled over the people"
    } else {
        "the outcome's residuals from the model without the predictor were shuffled over the people (Freedman-Lane)"
    };
    let significant: Vec<&str> = out
        .coefficients
        .iter()
        .skip(1)
        .filter(|c| c.permutation_p < 0.05)
        .map(|c| c.term.as_str())
        .collect();
    out.method = format!(
        "Fitted {} by {} on {} people ({} left out for a missing value) and tested each coefficient by \
         permutation: {how}, {}; a coefficient's p-value is the share of permutations whose |{stat}| is at \
         least as large as observed, so a small one means the association is unlikely to be chance{}.",
        out.formula.response,
        if logit {
            "logistic regression"
        } else {
            "least squares"
        },
        n,
        d.dropped,
        sampling.describe("permutation"),
        if significant.is_empty() {
            " (no predictor has p < 0.05)".to_string()
        } else {
            format!(" (p < 0.05: {})", significant.join(", "))
        }
    );
    Ok(out)
}

fn empty(logit: bool) -> Regression {
    Regression {
        formula: Formula {
            response: String::new(),
            terms: Vec::new(),
        },
        logit,
        coefficients: Vec::new(),
        n: 0,
        dropped: 0,
        r_squared: None,
        deviance: None,
        null_deviance: None,
        sampling: Sampling::Exact { permutations: 0 },
        method: String::new(),
    }
}

/// Runs `stat(permutation)` over every permutation or `draws.count` random ones.
fn permuted<T: Send>(
    n: usize,
    draws: &Draws,
    exact: bool,
    control: Control<'_>,
    stat: impl Fn(&[u32]) -> T + Sync,
) -> Result<Vec<T>, InferenceError> {
    if exact {
        let all = all_permutations(n);
        enumerate(&all, control, |p| stat(p))
    } else {
        monte_carlo(draws.count, draws.seed, control, |rng: &mut ChaCha8Rng| {
            stat(&random_permutation(n, rng))
        })
    }
}

/// The column `j` removed from a row-major design.
fn without(x: &[f64], p: usize, j: usize) -> Vec<f64> {
    x.chunks(p)
        .flat_map(|row| {
            row.iter()
                .enumerate()
                .filter(move |(k, _)| *k != j)
                .map(|(_, v)| *v)
        })
        .collect()
}

fn fit_ols(
    d: &Design,
    ones: &[f64],
    draws: &Draws,
    exact: bool,
    control: Control<'_>,
) -> Result<Regression, InferenceError> {
    let (n, p) = (d.y.len(), d.p);
    let full = linalg::weighted_ls(&d.x, &d.y, ones, p).map_err(|j| collinear(d, j))?;
    let df = (n - p) as f64;
    let sigma2 = full.rss / df;
    let t_of = |j: usize, f: &LsFit| f.beta[j] / (f.inv_diag[j] * f.rss / df).sqrt();
    let observed: Vec<f64> = (0..p).map(|j| t_of(j, &full)).collect();
    // Per term: the reduced model's fitted values and residuals, and what does not change.
    struct Reduced {
        fitted: Vec<f64>,
        resid: Vec<f64>,
        xt_fitted: Vec<f64>,
        ss: f64,
    }
    let mut reduced = Vec::with_capacity(p);
    for j in 0..p {
        let xr = without(&d.x, p, j);
        let r = linalg::weighted_ls(&xr, &d.y, ones, p - 1).map_err(|_| collinear(d, j))?;
        let resid: Vec<f64> = d.y.iter().zip(&r.fitted).map(|(y, f)| y - f).collect();
        let mut xt_fitted = vec![0.0f64; p];
        for (row, f) in d.x.chunks(p).zip(&r.fitted) {
            for (acc, x) in xt_fitted.iter_mut().zip(row) {
                *acc += x * f;
            }
        }
        let ss =
            r.fitted.iter().map(|f| f * f).sum::<f64>() + resid.iter().map(|e| e * e).sum::<f64>();
        reduced.push(Reduced {
            fitted: r.fitted,
            resid,
            xt_fitted,
            ss,
        });
    }
    let inv = &full.inv;
    let null = permuted(n, draws, exact, control, |perm| {
        let mut ts = vec![0.0f64; p];
        let mut xty = vec![0.0f64; p];
        for (j, r) in reduced.iter().enumerate() {
            xty.copy_from_slice(&r.xt_fitted);
            let mut cross = 0.0;
            for (i, &pi) in perm.iter().enumerate() {
                let e = r.resid[pi as usize];
                cross += r.fitted[i] * e;
                let row = &d.x[i * p..(i + 1) * p];
                for k in 0..p {
                    xty[k] += row[k] * e;
                }
            }
            let yy = r.ss + 2.0 * cross;
            let mut bx = 0.0;
            let mut bj = 0.0;
            for a in 0..p {
                let b: f64 = (0..p).map(|c| inv[a * p + c] * xty[c]).sum();
                bx += b * xty[a];
                if a == j {
                    bj = b;
                }
            }
            let rss = (yy - bx).max(0.0);
            ts[j] = bj / (inv[j * p + j] * rss / df).sqrt();
        }
        ts
    })?;
    let tdist =
        StudentsT::new(0.0, 1.0, df).map_err(|e| InferenceError::NotEnoughData(e.to_string()))?;
    let ybar = d.y.iter().sum::<f64>() / n as f64;
    let tss: f64 = d.y.iter().map(|y| (y - ybar) * (y - ybar)).sum();
    let coefficients = (0..p)
        .map(|j| {
            let dist: Vec<f64> = null.iter().map(|t| t[j]).collect();
            Coefficient {
                term: d.names[j].clone(),
                estimate: full.beta[j],
                se: (full.inv_diag[j] * sigma2).sqrt(),
                statistic: observed[j],
                classical_p: 2.0 * tdist.sf(observed[j].abs()),
                permutation_p: PValues::of(observed[j], &dist).map_or(1.0, |v| v.p_two_sided),
            }
        })
        .collect();
    Ok(Regression {
        coefficients,
        r_squared: (tss > 0.0).then(|| 1.0 - full.rss / tss),
        ..empty(false)
    })
}

fn fit_logit(
    d: &Design,
    ones: &[f64],
    draws: &Draws,
    exact: bool,
    control: Control<'_>,
) -> Result<Regression, InferenceError> {
    let (n, p) = (d.y.len(), d.p);
    let separated = || {
        InferenceError::NotEnoughData(
            "the logistic model does not converge: a predictor separates the outcome \
             (everyone in some group or range has the same outcome); drop or merge it"
                .to_string(),
        )
    };
    let full = linalg::logit(&d.x, &d.y, ones, p).map_err(|j| collinear(d, j))?;
    if full.separated {
        return Err(separated());
    }
    let observed: Vec<f64> = full.beta.iter().zip(&full.se).map(|(b, s)| b / s).collect();
    // Per term: the others, and the term's residual on them.
    let mut parts = Vec::with_capacity(p);
    for j in 0..p {
        let xr = without(&d.x, p, j);
        let xj: Vec<f64> = d.x.chunks(p).map(|r| r[j]).collect();
        let r = linalg::weighted_ls(&xr, &xj, ones, p - 1).map_err(|_| collinear(d, j))?;
        let resid: Vec<f64> = xj.iter().zip(&r.fitted).map(|(x, f)| x - f).collect();
        parts.push((xr, resid));
    }
    let null = permuted(n, draws, exact, control, |perm| {
        parts
            .iter()
            .map(|(xr, resid)| {
                let mut x = Vec::with_capacity(n * p);
                for (i, &pi) in perm.iter().enumerate() {
                    x.extend_from_slice(&xr[i * (p - 1)..(i + 1) * (p - 1)]);
                    x.push(resid[pi as usize]);
                }
                // A permutation that separates the outcome counts with the finite z that
                // R's glm reports for it.
                linalg::logit(&x, &d.y, ones, p).map_or(0.0, |f| f.beta[p - 1] / f.se[p - 1])
            })
            .collect::<Vec<f64>>()
    })?;
    let normal = Normal::new(0.0, 1.0).map_err(|e| InferenceError::NotEnoughData(e.to_string()))?;
    let coefficients = (0..p)
        .map(|j| {
            let dist: Vec<f64> = null.iter().map(|t| t[j]).collect();
            Coefficient {
                term: d.names[j].clone(),
                estimate: full.beta[j],
                se: full.se[j],
                statistic: observed[j],
                classical_p: 2.0 * normal.sf(observed[j].abs()),
                permutation_p: PValues::of(observed[j], &dist).map_or(1.0, |v| v.p_two_sided),
            }
        })
        .collect();
    Ok(Regression {
        coefficients,
        deviance: Some(full.deviance),
        null_deviance: Some(full.null_deviance),
        ..empty(true)
    })
}

/// The p-value of a coefficient for people: "p < 0.001", "p = 0.042".
pub fn coefficient_p(c: &Coefficient, r: &Regression) -> String {
    format_p(c.permutation_p, Some(&r.sampling))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_read_or_refused_with_a_reason() {
        let f = Formula::parse(" wemwbs ~ degree + constraint+employment ").unwrap();
        assert_eq!(f.response, "wemwbs");
        assert_eq!(f.terms, ["degree", "constraint", "employment"]);
        for bad in ["wemwbs", "~ degree", "y ~ a + ", "y ~ a + a", "y ~ y"] {
            let e = Formula::parse(bad).unwrap_err();
            assert!(matches!(e, InferenceError::Formula { .. }), "{bad}: {e}");
        }
    }
}

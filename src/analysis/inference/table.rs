//! Every test result as a table (one header, rows of text) for CSV export and for the
//! window, each row carrying the plain sentence of what was tested.

use super::cug::CugTest;
use super::groups::GroupTest;
use super::qap::{QapCorrelation, QapRegression};
use super::regress::Regression;
use crate::model::attribute_format_number;

/// A table of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as CSV text with `\n` line ends.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let _ = w.write_record(&self.header);
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        attribute_format_number(x)
    } else {
        String::new()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// One row per group, then the test.
pub fn group_test(t: &GroupTest) -> Table {
    let mut rows: Vec<Vec<String>> = t
        .groups
        .iter()
        .map(|g| {
            vec![
                g.group.clone(),
                g.n.to_string(),
                num(g.value),
                num(g.ci_low),
                num(g.ci_high),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    rows.push(vec![
        "(test)".into(),
        t.n.to_string(),
        String::new(),
        String::new(),
        String::new(),
        format!("{} = {}", t.statistic_name, num(t.observed)),
        num(t.p_value),
        t.sampling.count().to_string(),
        format!("{} = {}", t.effect_name, num(t.effect)),
        t.classical
            .as_ref()
            .map(|c| format!("{} p = {}", c.name, num(c.p)))
            .unwrap_or_default(),
    ]);
    for r in &mut rows {
        r.push(t.method.clone());
    }
    Table {
        header: header(&[
            "group",
            "n",
            if t.share { "share" } else { "mean" },
            "ci_low",
            "ci_high",
            "statistic",
            "p_permutation",
            "permutations",
            "effect_size",
            "classical",
            "method",
        ]),
        rows,
    }
}

/// One row per coefficient.
pub fn regression(r: &Regression) -> Table {
    let rows = r
        .coefficients
        .iter()
        .map(|c| {
            vec![
                c.term.clone(),
                num(c.estimate),
                num(c.se),
                num(c.statistic),
                num(c.classical_p),
                num(c.permutation_p),
                r.sampling.count().to_string(),
                r.n.to_string(),
                r.method.clone(),
            ]
        })
        .collect();
    Table {
        header: header(&[
            "term",
            "estimate",
            "se",
            if r.logit { "z" } else { "t" },
            "p_classical",
            "p_permutation",
            "permutations",
            "n",
            "method",
        ]),
        rows,
    }
}

/// One row.
pub fn qap_correlation(c: &QapCorrelation) -> Table {
    Table {
        header: header(&[
            "y",
            "x",
            "correlation",
            "p_greater",
            "p_less",
            "p_two_sided",
            "permutations",
            "nodes",
            "method",
        ]),
        rows: vec![vec![
            c.y.clone(),
            c.x.clone(),
            num(c.observed),
            num(c.p.p_greater),
            num(c.p.p_less),
            num(c.p.p_two_sided),
            c.sampling.count().to_string(),
            c.nodes.to_string(),
            c.method.clone(),
        ]],
    }
}

/// One row per coefficient, as `sna`'s `summary(netlm)` prints them.
pub fn qap_regression(r: &QapRegression) -> Table {
    let rows = r
        .coefficients
        .iter()
        .map(|c| {
            vec![
                c.term.clone(),
                num(c.estimate),
                num(c.statistic),
                num(c.classical_p),
                num(c.p.p_less),
                num(c.p.p_greater),
                num(c.p.p_two_sided),
                r.sampling.count().to_string(),
                r.nodes.to_string(),
                r.method.clone(),
            ]
        })
        .collect();
    Table {
        header: header(&[
            "term",
            "estimate",
            if r.logit { "z" } else { "t" },
            "p_classical",
            "pr_le",
            "pr_ge",
            "pr_ge_abs",
            "permutations",
            "nodes",
            "method",
        ]),
        rows,
    }
}

/// One row.
pub fn cug(t: &CugTest) -> Table {
    Table {
        header: header(&[
            "statistic",
            "given",
            "observed",
            "null_mean",
            "null_sd",
            "p_greater",
            "p_less",
            "draws",
            "method",
        ]),
        rows: vec![vec![
            t.statistic.name(),
            format!("{:?}", t.given).to_lowercase(),
            num(t.observed),
            num(t.null_mean),
            num(t.null_sd),
            num(t.p.p_greater),
            num(t.p.p_less),
            t.sampling.count().to_string(),
            t.method.clone(),
        ]],
    }
}

/// R² or deviance line of a regression, for text output.
pub fn fit_summary(r_squared: Option<f64>, deviance: Option<f64>, null: Option<f64>) -> String {
    match (r_squared, deviance) {
        (Some(r2), _) => format!("R² {}", num(r2)),
        (None, Some(d)) => format!("deviance {} (null {})", num(d), opt(null)),
        _ => String::new(),
    }
}

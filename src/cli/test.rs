//! `kith test groups|regress|qap|cug FILE …`: permutation, QAP and CUG tests, printed as a
//! table with one sentence saying what was tested, or as one JSON object.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Map, Value, json};

use super::InputArgs;
use crate::analysis::TieSelection;
use crate::analysis::inference::cug::{CugStatistic, CugTest, Given, cug_test};
use crate::analysis::inference::groups::{GroupTest, group_test};
use crate::analysis::inference::qap::{DyadicTerm, QapResult, qap};
use crate::analysis::inference::regress::{Regression, regress};
use crate::analysis::inference::table::{self, Table};
use crate::analysis::inference::{
    Control, DEFAULT_PERMUTATIONS, DEFAULT_SEED, Draws, InferenceError, Sampling,
};
use crate::model::Study;

/// Arguments of `kith test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Which test.
    #[command(subcommand)]
    pub test: TestCommand,
}

/// The tests.
#[derive(Debug, Subcommand)]
pub enum TestCommand {
    /// Does a measure (isolate, degree, betweenness, constraint or a numeric attribute such
    /// as wemwbs) differ between the groups of an attribute? Permutation test beside the
    /// classical one, effect sizes with 95% bootstrap intervals.
    Groups(GroupsTestArgs),
    /// Node-level regression, e.g. --model "wemwbs ~ degree + constraint + employment_status",
    /// least squares (or --logit) with Freedman-Lane permutation p-values.
    Regress(RegressArgs),
    /// QAP correlation of two relations (--y R1 --x R2), or MRQAP regression of a relation on
    /// relations and dyadic covariates (same:ATTR, diff:ATTR) with double semi-partialling.
    Qap(QapArgs),
    /// Conditional uniform graph test of a whole-network statistic against random networks
    /// of the same size, tie count or degrees.
    Cug(CugArgs),
}

/// What every test shares: the file, the ties, the draws, the output.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The network file.
    pub file: PathBuf,
    /// Only these relations (comma separated), e.g. `--relation rely_on`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Only these waves (comma separated), e.g. `--wave 1`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub wave: Vec<String>,
    /// Seed of the random permutations, for reproducible p-values.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the result table as CSV here.
    #[arg(short, long, value_name = "OUT.csv")]
    pub output: Option<PathBuf>,
    /// How to read the file.
    #[command(flatten)]
    pub input: InputArgs,
}

/// Arguments of `kith test groups`.
#[derive(Debug, Args)]
pub struct GroupsTestArgs {
    /// File, ties, seed and output.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The grouping attribute, e.g. `--by employment_status`.
    #[arg(long, value_name = "ATTR")]
    pub by: String,
    /// isolate, degree, betweenness, constraint (or another measure), or a numeric attribute.
    #[arg(long, value_name = "MEASURE")]
    pub measure: String,
    /// Random permutations when there are too many to enumerate.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PERMUTATIONS)]
    pub permutations: usize,
}

/// Arguments of `kith test regress`.
#[derive(Debug, Args)]
pub struct RegressArgs {
    /// File, ties, seed and output.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The model, `outcome ~ term + term`; terms are measures or attributes.
    #[arg(long, value_name = "FORMULA")]
    pub model: String,
    /// Logistic regression of a yes/no outcome (isolate, or a two-valued attribute).
    #[arg(long)]
    pub logit: bool,
    /// Random permutations when there are too many to enumerate.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PERMUTATIONS)]
    pub permutations: usize,
}

/// Arguments of `kith test qap`.
#[derive(Debug, Args)]
pub struct QapArgs {
    /// File, ties, seed and output.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The relation explained (`ties` for a network without named relations).
    #[arg(long, value_name = "RELATION")]
    pub y: String,
    /// Predictors, comma separated: relations, same:ATTR, diff:ATTR.
    #[arg(long, value_name = "TERMS", value_delimiter = ',', required = true)]
    pub x: Vec<String>,
    /// Logistic MRQAP (`netlogit`) for the 0/1 ties.
    #[arg(long)]
    pub logit: bool,
    /// Random permutations when there are too many to enumerate.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub permutations: usize,
}

/// Arguments of `kith test cug`.
#[derive(Debug, Args)]
pub struct CugArgs {
    /// File, ties, seed and output.
    #[command(flatten)]
    pub common: CommonArgs,
    /// density, isolates, reciprocity, transitivity, ei:ATTR, degree_centralisation or
    /// betweenness_centralisation.
    #[arg(long, value_name = "STATISTIC")]
    pub stat: String,
    /// What random networks keep: size, edges or degree.
    #[arg(long, value_name = "CONDITION", default_value = "edges")]
    pub given: String,
    /// Random networks drawn.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub draws: usize,
}

/// Runs `kith test`.
pub fn run(args: &TestArgs) -> anyhow::Result<()> {
    match &args.test {
        TestCommand::Groups(a) => {
            let (study, sel) = load(&a.common)?;
            let draws = Draws::new(a.permutations, a.common.seed);
            let t = with_bar("permutations", |c| {
                group_test(&study, &sel, &a.by, &a.measure, &draws, c)
            })?;
            finish(
                &a.common,
                &group_json(&t),
                &table::group_test(&t),
                &group_text(&t),
            )
        }
        TestCommand::Regress(a) => {
            let (study, sel) = load(&a.common)?;
            let draws = Draws::new(a.permutations, a.common.seed);
            let r = with_bar("permutations", |c| {
                regress(&study, &sel, &a.model, a.logit, &draws, c)
            })?;
            finish(
                &a.common,
                &regression_json(&r),
                &table::regression(&r),
                &regression_text(&r),
            )
        }
        TestCommand::Qap(a) => {
            let (study, sel) = load(&a.common)?;
            let draws = Draws::new(a.permutations, a.common.seed);
            let terms: Vec<DyadicTerm> = a.x.iter().map(|t| DyadicTerm::parse(t)).collect();
            let r = with_bar("permutations", |c| {
                qap(&study, &sel, &a.y, &terms, a.logit, &draws, c)
            })?;
            let (json, table) = match &r {
                QapResult::Correlation(c) => (
                    envelope(
                        json!(c.observed),
                        json!(c.p.p_two_sided),
                        c.nodes,
                        &c.sampling,
                        &c.method,
                        serde_json::to_value(c)?,
                    ),
                    table::qap_correlation(c),
                ),
                QapResult::Regression(q) => {
                    let mut coef = Map::new();
                    let mut p = Map::new();
                    for c in &q.coefficients {
                        coef.insert(c.term.clone(), json!(c.estimate));
                        p.insert(c.term.clone(), json!(c.p.p_two_sided));
                    }
                    (
                        envelope_coefficients(
                            coef,
                            p,
                            q.nodes,
                            &q.sampling,
                            &q.method,
                            serde_json::to_value(q)?,
                        ),
                        table::qap_regression(q),
                    )
                }
            };
            let text = table_text(&table);
            finish(&a.common, &json, &table, &text)
        }
        TestCommand::Cug(a) => {
            let (study, sel) = load(&a.common)?;
            let stat = CugStatistic::parse(&a.stat)?;
            let given = Given::parse(&a.given)?;
            let draws = Draws::new(a.draws, a.common.seed);
            let t = with_bar("random networks", |c| {
                cug_test(&study, &sel, &stat, given, &draws, c)
            })?;
            finish(&a.common, &cug_json(&t)?, &table::cug(&t), &cug_text(&t))
        }
    }
}

fn load(common: &CommonArgs) -> anyhow::Result<(Study, TieSelection)> {
    let (study, join) = common.input.load(&common.file)?;
    if let (Some(report), Some(path)) = (&join, &common.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let sel = TieSelection::by_names(&study, &common.relation, &common.wave, false)?;
    Ok((study, sel))
}

/// Runs `work` with a progress bar on standard error (hidden when it is not a terminal).
fn with_bar<T>(
    what: &str,
    work: impl FnOnce(Control<'_>) -> Result<T, InferenceError>,
) -> anyhow::Result<T> {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {percent}% ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let control = Control {
        progress: &progress,
        cancelled: &|| false,
    };
    let out = work(control);
    bar.finish_and_clear();
    Ok(out?)
}

fn finish(common: &CommonArgs, json: &Value, table: &Table, text: &str) -> anyhow::Result<()> {
    if common.json {
        println!("{}", serde_json::to_string_pretty(json)?);
    } else {
        print!("{text}");
    }
    if let Some(path) = &common.output {
        crate::io::save_atomic(path, table.to_csv().as_bytes())
            .with_context(|| format!("{}: cannot be written", crate::io::display_name(path)))?;
        eprintln!("wrote {}", crate::io::display_name(path));
    }
    Ok(())
}

/// The object every `--json` prints: observed, p_value, n, permutations, method, and the
/// whole result under `details`.
fn envelope(
    observed: Value,
    p_value: Value,
    n: usize,
    sampling: &Sampling,
    method: &str,
    details: Value,
) -> Value {
    json!({
        "observed": observed,
        "p_value": p_value,
        "n": n,
        "permutations": sampling.count(),
        "exact": matches!(sampling, Sampling::Exact { .. }),
        "method": method,
        "details": details,
    })
}

fn envelope_coefficients(
    coefficients: Map<String, Value>,
    p_value: Map<String, Value>,
    n: usize,
    sampling: &Sampling,
    method: &str,
    details: Value,
) -> Value {
    json!({
        "coefficients": coefficients,
        "p_value": p_value,
        "n": n,
        "permutations": sampling.count(),
        "exact": matches!(sampling, Sampling::Exact { .. }),
        "method": method,
        "details": details,
    })
}

fn group_json(t: &GroupTest) -> Value {
    envelope(
        json!(t.observed),
        json!(t.p_value),
        t.n,
        &t.sampling,
        &t.method,
        serde_json::to_value(t).unwrap_or(Value::Null),
    )
}

fn regression_json(r: &Regression) -> Value {
    let mut coef = Map::new();
    let mut p = Map::new();
    for c in &r.coefficients {
        coef.insert(c.term.clone(), json!(c.estimate));
        p.insert(c.term.clone(), json!(c.permutation_p));
    }
    envelope_coefficients(
        coef,
        p,
        r.n,
        &r.sampling,
        &r.method,
        serde_json::to_value(r).unwrap_or(Value::Null),
    )
}

fn cug_json(t: &CugTest) -> anyhow::Result<Value> {
    let mut details = serde_json::to_value(t)?;
    // The draws are for histograms; the JSON keeps their summary.
    if let Some(obj) = details.as_object_mut() {
        obj.remove("null");
    }
    let p = if t.observed >= t.null_mean {
        t.p.p_greater
    } else {
        t.p.p_less
    };
    Ok(envelope(
        json!(t.observed),
        json!(p),
        t.n,
        &t.sampling,
        &t.method,
        details,
    ))
}

/// A cell for reading: numbers to four decimals (or significant digits when tiny), other
/// text and whole numbers as they are; "name = 1.2345678" shortened the same way.
fn short(cell: &str) -> String {
    let number = |x: &str| -> Option<String> {
        let v: f64 = x.parse().ok()?;
        if v.fract() == 0.0 && v.abs() < 1e15 {
            return Some(x.to_string());
        }
        Some(if v != 0.0 && v.abs() < 1e-3 {
            format!("{v:.2e}")
        } else {
            format!("{v:.4}")
        })
    };
    if let Some(s) = number(cell) {
        return s;
    }
    if let Some((name, value)) = cell.rsplit_once(" = ")
        && let Some(v) = number(value)
    {
        return format!("{name} = {v}");
    }
    cell.to_string()
}

/// A table as aligned text, without the method column, then the method sentence.
fn table_text(t: &Table) -> String {
    let keep: Vec<usize> = (0..t.header.len())
        .filter(|&i| t.header[i] != "method")
        .collect();
    let cells: Vec<Vec<String>> = std::iter::once(&t.header)
        .chain(&t.rows)
        .map(|r| keep.iter().map(|&i| short(&r[i])).collect())
        .collect();
    let widths: Vec<usize> = (0..keep.len())
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in &cells {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let method_col = t.header.iter().position(|h| h == "method");
    if let (Some(m), Some(row)) = (method_col, t.rows.first()) {
        out.push('\n');
        out.push_str(&row[m]);
        out.push('\n');
    }
    out
}

fn group_text(t: &GroupTest) -> String {
    let mut out = table_text(&table::group_test(t));
    out.push_str(&format!(
        "{} − {}: difference {:.4} (95% CI {:.4} to {:.4}){}\n",
        t.contrast.high,
        t.contrast.low,
        t.contrast.difference,
        t.contrast.difference_ci[0],
        t.contrast.difference_ci[1],
        match (t.contrast.ratio, t.contrast.ratio_ci) {
            (Some(r), Some(ci)) => format!(", ratio {r:.3} (95% CI {:.3} to {:.3})", ci[0], ci[1]),
            (Some(r), None) => format!(", ratio {r:.3}"),
            _ => String::new(),
        }
    ));
    if let Some(c) = &t.classical {
        out.push_str(&format!(
            "classical: {} {:.3} (df {}), p = {:.4}{}\n",
            c.name,
            c.statistic,
            c.df,
            c.p,
            c.kruskal_p
                .map(|p| format!("; Kruskal-Wallis p = {p:.4}"))
                .unwrap_or_default()
        ));
    }
    out
}

fn regression_text(r: &Regression) -> String {
    let mut out = table_text(&table::regression(r));
    out.push_str(&format!(
        "{}\n",
        table::fit_summary(r.r_squared, r.deviance, r.null_deviance)
    ));
    out
}

fn cug_text(t: &CugTest) -> String {
    let mut out = table_text(&table::cug(t));
    out.push_str(&histogram_text(&t.null, t.observed));
    out
}

/// A small text histogram of the null distribution with the observed value marked.
fn histogram_text(null: &[f64], observed: f64) -> String {
    let finite: Vec<f64> = null.iter().copied().filter(|x| x.is_finite()).collect();
    let Some(h) = crate::analysis::inference::cug::histogram(&finite, 20) else {
        return String::new();
    };
    let max = h.counts.iter().copied().max().unwrap_or(1).max(1);
    let mut out = String::from("null distribution:\n");
    for (i, &c) in h.counts.iter().enumerate() {
        let lo = h.start + i as f64 * h.width;
        let mark = if observed >= lo && observed < lo + h.width {
            " <- observed"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {lo:>10.4}  {}{mark}\n",
            "#".repeat((c * 40).div_ceil(max))
        ));
    }
    if observed < h.start || observed >= h.start + h.width * h.counts.len() as f64 {
        out.push_str(&format!(
            "  observed {observed:.4} is outside the null range\n"
        ));
    }
    out
}

//! `kith groups FILE --by ATTR`: compare the groups of an attribute.

use std::path::PathBuf;

use clap::Args;

use super::metrics::{SelectionArgs, compute_with_progress};
use super::{InputArgs, PrivacyArgs, input::check_kept};
use crate::analysis::groups::{GroupComparison, SMALL_GROUP, default_scores};
use crate::analysis::{compare_groups, homophily};

/// Arguments of `kith groups`.
#[derive(Debug, Args)]
pub struct GroupsArgs {
    /// The network file.
    pub file: PathBuf,
    /// The grouping attribute, e.g. `--by employment`.
    #[arg(long, value_name = "ATTR")]
    pub by: String,
    /// Scores to compare (comma separated numeric attributes); by default every numeric
    /// attribute named wemwbs, swemwbs, life_satisfaction, wemwbs_… or …_score.
    #[arg(long, value_name = "ATTRS", value_delimiter = ',')]
    pub scores: Vec<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the per-group table (n, isolates, share, means and each score's mean and
    /// 95% interval) here: CSV, or Parquet for a `.parquet` name, or an Excel workbook for a
    /// `.xlsx` name. The tests are printed as usual.
    #[arg(short, long, value_name = "OUT.csv|.parquet|.xlsx")]
    pub output: Option<PathBuf>,
    /// Which ties, and the broker rule.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// How to read the file.
    #[command(flatten)]
    pub input: InputArgs,
    /// Names hidden: the label column holds pseudonyms.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// What `kith groups --json` prints.
#[derive(Debug, serde::Serialize)]
struct GroupsReport {
    file: String,
    #[serde(flatten)]
    comparison: GroupComparison,
    ei_index: homophily::EiIndex,
    assortativity: Option<f64>,
}

/// Runs `kith groups`.
pub fn run(args: &GroupsArgs) -> anyhow::Result<()> {
    let (study, join) = args.input.load(&args.file)?;
    if let (Some(report), Some(path)) = (&join, &args.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let (study, removed) = args.privacy.apply(study)?;
    check_kept(&removed, "--by", &args.by)?;
    for score in &args.scores {
        check_kept(&removed, "--scores", score.trim())?;
    }
    let study = args.selection.wave_study(study)?;
    let options = args.selection.options(&study)?;
    let scores = if args.scores.is_empty() {
        default_scores(&study)
    } else {
        args.scores.iter().map(|s| s.trim().to_string()).collect()
    };
    let metrics = compute_with_progress(&study, &options)?;
    let comparison = compare_groups(&study, &args.by, &scores, &metrics.nodes)?;
    if let Some(path) = &args.output {
        crate::io::table::write_table(&comparison.frame()?, path, "groups")?;
        eprintln!(
            "wrote {} ({} groups)",
            crate::io::display_name(path),
            comparison.groups.len()
        );
    }
    let graph = crate::analysis::Graph::new(&study, &options.selection);
    let grouping = crate::analysis::Grouping::by(&study, &args.by)?;
    let report = GroupsReport {
        file: crate::io::display_name(&args.file),
        comparison,
        ei_index: homophily::ei_index(&graph, &grouping),
        assortativity: homophily::assortativity(&graph, &grouping),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", text(&report));
    }
    Ok(())
}

/// What the E-I index says, in one line under the table.
const EI_EXPLANATION: &str = "ties between groups minus ties within groups, over all ties: \
     -1 when everyone's ties stay within their group, +1 when every tie crosses groups.";

/// What assortativity says, in one line under the table.
const ASSORTATIVITY_EXPLANATION: &str = "how much more often people are tied to their own \
     group than chance would make them: 0 as by chance, 1 only within groups, negative \
     when ties favour other groups.";

/// A whole-network figure to three decimal places, or "-" when it is undefined.
fn three_places(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| num(x, 3))
}

fn num(x: f64, places: usize) -> String {
    format!("{x:.places$}")
}

fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "p < 0.001".to_string(),
        Some(p) => format!("p = {p:.3}"),
        None => "not computable".to_string(),
    }
}

/// The comparison as an aligned table with the tests under it.
fn text(r: &GroupsReport) -> String {
    let c = &r.comparison;
    let mut header = vec![
        "group".to_string(),
        "n".to_string(),
        "isolates".to_string(),
        "share".to_string(),
        "mean degree".to_string(),
        "mean betweenness".to_string(),
    ];
    header.extend(c.scores.iter().map(|s| format!("{s} (95% CI)")));
    let mut rows = vec![header];
    for g in &c.groups {
        let mut row = vec![
            if g.small {
                format!("{}*", g.group)
            } else {
                g.group.clone()
            },
            g.n.to_string(),
            g.isolates.to_string(),
            format!("{:.1}%", g.isolate_share * 100.0),
            num(g.mean_degree, 2),
            num(g.mean_betweenness, 2),
        ];
        for s in &g.scores {
            row.push(match (s.mean, s.ci_low, s.ci_high) {
                (Some(m), Some(lo), Some(hi)) => {
                    format!("{} ({}-{}), n={}", num(m, 1), num(lo, 1), num(hi, 1), s.n)
                }
                (Some(m), _, _) => format!("{}, n={}", num(m, 1), s.n),
                _ => "-".to_string(),
            });
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!("{}: groups by {}\n", r.file, c.attribute);
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if c.groups.iter().any(|g| g.small) {
        out.push_str(&format!(
            "* fewer than {SMALL_GROUP} people: read its figures with care\n"
        ));
    }
    if c.missing > 0 {
        out.push_str(&format!(
            "{} without a value for {}, left out\n",
            c.missing, c.attribute
        ));
    }
    out.push_str("differences between groups:\n");
    match &c.isolates_test {
        Some(t) => out.push_str(&format!(
            "  isolate share: chi-square {} (df {}), {}\n",
            num(t.statistic, 2),
            t.df,
            p_value(Some(t.p))
        )),
        None => out.push_str("  isolate share: not computable (no isolates, or one group)\n"),
    }
    for t in &c.score_tests {
        out.push_str(&format!(
            "  {}: ANOVA {}, Kruskal-Wallis {}\n",
            t.score,
            p_value(t.anova_p),
            p_value(t.kruskal_p)
        ));
    }
    out.push_str(&format!(
        "E-I index {}  assortativity {}\n",
        three_places(r.ei_index.whole),
        three_places(r.assortativity),
    ));
    out.push_str(&format!("E-I index: {EI_EXPLANATION}\n"));
    out.push_str(&format!("assortativity: {ASSORTATIVITY_EXPLANATION}\n"));
    out.push_str(&format!("isolate: {}\n", c.isolate_explanation));
    out
}

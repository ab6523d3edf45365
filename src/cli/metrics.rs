//! `kith metrics FILE`: one row of measures per node, as CSV, Parquet or Excel.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{InputArgs, PrivacyArgs, input::check_kept};
use crate::analysis::table::{ExtraColumns, node_frame, tie_frame};
use crate::analysis::{
    self, BrokerRule, Metrics, MetricsOptions, TieSelection,
    broker::{Betweenness, CutPoints, ISOLATE_EXPLANATION},
};
use crate::io::table::{TableFormat, csv_text, excel_workbook_bytes, write_table};
use crate::model::{Study, attribute_format_number};

/// Which ties to analyse and how: shared by `kith metrics` and `kith groups`.
#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// Only these relations (comma separated), e.g. `--relation rely_on,advice`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Only these waves (comma separated), e.g. `--wave 1`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub wave: Vec<String>,
    /// Use tie weights: as strength for eigenvector, PageRank, constraint and effective
    /// size, as distance 1/weight for betweenness and closeness.
    #[arg(long)]
    pub weighted: bool,
    /// The broker rule: `connecting` (the default: the only link between people who have
    /// other ties, or on at least 10% of the shortest paths between others with
    /// constraint below the median, people tied to nobody else left out) or `classic`
    /// (every cut point, or the top 5% by betweenness with constraint below the median).
    #[arg(long, value_name = "connecting|classic", default_value = "connecting")]
    pub broker_rule: String,
    /// A broker lies on at least this share of the shortest paths between others (0.1 for
    /// one pair in ten), with constraint below the median.
    #[arg(long, value_name = "SHARE", conflicts_with = "broker_top")]
    pub broker_paths: Option<f64>,
    /// A broker is in this top share by betweenness (0.05 for the top 5%), with constraint
    /// below the median, as in the classic rule.
    #[arg(long, value_name = "SHARE")]
    pub broker_top: Option<f64>,
    /// Do not count cut points as brokers by themselves.
    #[arg(long)]
    pub no_cut_point_brokers: bool,
    /// Seed of the community search.
    #[arg(long, default_value_t = analysis::community::DEFAULT_SEED)]
    pub seed: u64,
}

impl SelectionArgs {
    /// With one `--wave` of a study that records who answered which wave (a combined
    /// survey study), the people of that wave only, with that wave's answers: someone who
    /// took no part in a wave is not an isolate of it. Otherwise the study as it is.
    /// With `--relation`, the people named (alters) and the places and groups that no tie
    /// of those relations reaches are left out as well, as the workbench leaves them out:
    /// they take no part in that network and are not its isolates.
    pub fn wave_study(&self, study: Study) -> anyhow::Result<Study> {
        let study = self.one_wave(study)?;
        if self.relation.is_empty() {
            return Ok(study);
        }
        // Unknown names are reported by `options` with the list of known ones.
        if TieSelection::by_names(&study, &self.relation, &[], false).is_err() {
            return Ok(study);
        }
        let relations = self.relation.iter().map(|r| r.trim().to_string()).collect();
        let shown = crate::session::project::study_in_view(&study, Some(&relations), None);
        let left_out = crate::waves::left_out(&shown);
        let mut study = study;
        if left_out.iter().any(|&o| o) {
            let keep: Vec<bool> = left_out.iter().map(|o| !o).collect();
            study.retain_nodes(&keep);
        }
        Ok(study)
    }

    fn one_wave(&self, study: Study) -> anyhow::Result<Study> {
        let [wave] = self.wave.as_slice() else {
            return Ok(study);
        };
        if crate::waves::responded(&study, wave).is_none() {
            return Ok(study);
        }
        let present = crate::waves::present(&study, wave)?;
        let mut view = crate::waves::wave_view(&study, wave)?;
        view.retain_nodes(&present);
        Ok(view)
    }

    /// The broker rule these arguments ask for.
    pub fn broker_rule(&self) -> anyhow::Result<BrokerRule> {
        let mut rule = match self.broker_rule.trim().to_lowercase().as_str() {
            "connecting" | "default" => BrokerRule::default(),
            "classic" => BrokerRule::classic(),
            other => anyhow::bail!("--broker-rule {other}: use connecting or classic"),
        };
        let share = |option: &str, x: f64| -> anyhow::Result<f64> {
            if x > 0.0 && x <= 1.0 {
                Ok(x)
            } else {
                anyhow::bail!("{option} must be a share between 0 and 1 (0.1 for 10%), not {x}")
            }
        };
        if let Some(x) = self.broker_top {
            rule.betweenness = Betweenness::Top(share("--broker-top", x)?);
        }
        if let Some(x) = self.broker_paths {
            rule.betweenness = Betweenness::Share(share("--broker-paths", x)?);
        }
        if self.no_cut_point_brokers {
            rule.cut_points = CutPoints::Ignore;
        }
        Ok(rule)
    }

    /// The analysis options these arguments ask for.
    pub fn options(&self, study: &Study) -> anyhow::Result<MetricsOptions> {
        Ok(MetricsOptions {
            selection: TieSelection::by_names(study, &self.relation, &self.wave, self.weighted)?,
            broker_rule: self.broker_rule()?,
            seed: self.seed,
            brokerage_by: None,
        })
    }
}

/// Arguments of `kith metrics`.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// The network file.
    pub file: PathBuf,
    /// Add Gould-Fernandez brokerage role counts by this node attribute (coordinator,
    /// itinerant, gatekeeper, representative, liaison).
    #[arg(long, value_name = "ATTR")]
    pub groups: Option<String>,
    /// Write the node table here instead of to standard output: CSV, or Parquet for a
    /// `.parquet` name, or an Excel workbook for a `.xlsx` name.
    #[arg(short, long, value_name = "OUT.csv|.parquet|.xlsx")]
    pub output: Option<PathBuf>,
    /// Also write one row per tie (source, target, relation, wave, weight, in_view, bridge),
    /// in the format its extension asks for; the same `.xlsx` name as `-o` puts both tables
    /// in one workbook, a sheet each.
    #[arg(long, value_name = "TIES.csv|.parquet|.xlsx")]
    pub ties: Option<PathBuf>,
    /// Add columns after the label (comma separated): `kind` (respondent, alter, place or
    /// group), `attributes` (every node attribute), or attribute names.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub include: Vec<String>,
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

/// Runs `kith metrics`.
pub fn run(args: &MetricsArgs) -> anyhow::Result<()> {
    let (study, join) = args.input.load(&args.file)?;
    if let (Some(report), Some(path)) = (&join, &args.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let (study, removed) = args.privacy.apply(study)?;
    if let Some(by) = &args.groups {
        check_kept(&removed, "--groups", by)?;
    }
    for name in &args.include {
        check_kept(&removed, "--include", name.trim())?;
    }
    let study = args.selection.wave_study(study)?;
    let mut options = args.selection.options(&study)?;
    options.brokerage_by = args.groups.clone();
    let metrics = compute_with_progress(&study, &options)?;
    let extra = extra_columns(&study, &args.include)?;
    let nodes = node_frame(&study, &metrics, &extra)?;
    let same_workbook = match (&args.output, &args.ties) {
        (Some(o), Some(t)) => o == t && TableFormat::of_path(o) == TableFormat::Excel,
        _ => false,
    };
    match &args.output {
        Some(path) if same_workbook => {
            let ties = tie_frame(&study, &metrics)?;
            let bytes = excel_workbook_bytes(&[("metrics", &nodes), ("ties", &ties)])?;
            crate::io::save_atomic(path, &bytes)
                .with_context(|| format!("{}: cannot be written", crate::io::display_name(path)))?;
            eprintln!(
                "wrote {} ({} nodes, {} ties)",
                crate::io::display_name(path),
                study.node_count(),
                study.tie_count()
            );
        }
        Some(path) => {
            write_table(&nodes, path, "metrics")?;
            eprintln!(
                "wrote {} ({} nodes)",
                crate::io::display_name(path),
                study.node_count()
            );
        }
        None => {
            std::io::stdout()
                .lock()
                .write_all(csv_text(&nodes)?.as_bytes())?;
        }
    }
    if let Some(path) = args.ties.as_ref().filter(|_| !same_workbook) {
        write_table(&tie_frame(&study, &metrics)?, path, "ties")?;
        eprintln!(
            "wrote {} ({} ties)",
            crate::io::display_name(path),
            study.tie_count()
        );
    }
    eprint!("{}", summary_text(&metrics, &options.broker_rule));
    Ok(())
}

/// The columns `--include` asks for: `kind`, `attributes` (every node attribute) or
/// attribute names, which must exist.
fn extra_columns(study: &Study, include: &[String]) -> anyhow::Result<ExtraColumns> {
    let mut extra = ExtraColumns::default();
    let add = |name: &str, extra: &mut ExtraColumns| {
        if !extra.attributes.iter().any(|a| a == name) {
            extra.attributes.push(name.to_string());
        }
    };
    for item in include.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        match item {
            "kind" => extra.kind = true,
            "attributes" => {
                for a in study.node_attributes() {
                    add(a.name(), &mut extra);
                }
            }
            name if study.node_attribute(name).is_some() => add(name, &mut extra),
            name => {
                let known: Vec<&str> = study.node_attributes().iter().map(|a| a.name()).collect();
                anyhow::bail!(
                    "--include {name}: no such attribute; use kind, attributes or one of: {}",
                    if known.is_empty() {
                        "(this network has no attributes)".to_string()
                    } else {
                        known.join(", ")
                    }
                )
            }
        }
    }
    Ok(extra)
}

/// Computes the metrics with a progress bar on standard error (hidden when it is not a
/// terminal) for networks big enough to take a while.
pub(super) fn compute_with_progress(
    study: &Study,
    options: &MetricsOptions,
) -> anyhow::Result<Metrics> {
    const SHOW_FROM_NODES: usize = 2_000;
    let bar = if study.node_count() >= SHOW_FROM_NODES {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} sources ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("shortest paths");
        Some(bar)
    } else {
        None
    };
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let metrics = analysis::metrics(study, options, &progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(metrics)
}

fn num(x: f64) -> String {
    attribute_format_number(x)
}

/// The whole-network figures and what the flags mean, for standard error.
pub fn summary_text(m: &Metrics, rule: &BrokerRule) -> String {
    let n = &m.network;
    let brokers = m.nodes.broker.iter().filter(|&&b| b).count();
    let cut_points = m.nodes.cut_point.iter().filter(|&&b| b).count();
    let bridges = m.bridges.iter().filter(|b| **b == Some(true)).count();
    format!(
        "{} nodes, {} ties ({}{})\ndensity {}  reciprocity {}  transitivity {}\ncomponents {}{}  isolates {}  cut points {}  bridges {}  brokers {}\ncommunities {}  modularity {}  cliques of 3 or more {}\nisolate: {}\nbroker: {}\n",
        n.nodes,
        n.ties,
        if n.directed { "directed" } else { "undirected" },
        if n.weighted { ", weighted" } else { "" },
        num(n.density),
        n.reciprocity.map(num).unwrap_or_else(|| "-".to_string()),
        num(n.transitivity),
        n.components,
        n.strong_components
            .map(|s| format!(" (strong {s})"))
            .unwrap_or_default(),
        n.isolates,
        cut_points,
        bridges,
        brokers,
        n.communities,
        n.modularity.map(num).unwrap_or_else(|| "-".to_string()),
        n.cliques.map_or_else(
            || "not counted (too dense to enumerate)".to_string(),
            |c| c.to_string()
        ),
        ISOLATE_EXPLANATION,
        rule.explanation(),
    )
}

//! `kith projection FILE --onto people|places -o OUT`: the one-mode network of a two-mode
//! one (people tied by the places they share, or places by the people they share).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::InputArgs;
use crate::analysis::TieSelection;
use crate::analysis::projection::{
    self, Mode, ProjectionError, ProjectionOptions, Sides, Weighting,
};
use crate::model::{Study, attribute_format_number};

/// Arguments of `kith projection`.
#[derive(Debug, Args)]
pub struct ProjectionArgs {
    /// The two-mode network file (people and the places or groups they use).
    pub file: PathBuf,
    /// Which side to keep: people, places (places and groups), or one kind (respondent,
    /// alter, place, group).
    #[arg(long, value_name = "people|places|KIND", value_parser = parse_mode)]
    pub onto: Mode,
    /// Tie weight: count (places or people shared), ratio (count over the other side's
    /// size) or newman (sum of 1/(users-1) over what is shared).
    #[arg(long, value_name = "count|ratio|newman", default_value = "count", value_parser = parse_weighting)]
    pub weighting: Weighting,
    /// Only two-mode ties of these relations (comma separated), e.g. `--relation groups`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Only two-mode ties of these waves (comma separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub wave: Vec<String>,
    /// How places are told from people: kind (node kinds, the default), targets (nodes
    /// only ever named, as in a person,place edge list) or ATTR=VALUE (e.g. bipartite=1).
    #[arg(long, value_name = "kind|targets|ATTR=VALUE", default_value = "kind", value_parser = parse_sides)]
    pub places_by: Sides,
    /// Relation name of the new ties (default "shared places" or "shared people").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The projected network to write: .graphml, .gexf, .csv, .net or .dl.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Also write how much each node is used (id, label, side, count, respondent_share).
    #[arg(long, value_name = "USAGE.csv")]
    pub usage: Option<PathBuf>,
    /// How to read the file.
    #[command(flatten)]
    pub input: InputArgs,
}

/// A word on the command line that names no side, weighting or way of marking places; the
/// message lists the words that would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum ChoiceError {
    /// Not a side to project onto (`--onto`, `--projection`).
    #[error("\"{0}\" is not a side: use people, places, respondent, alter, place or group")]
    Side(String),
    /// Not a weighting (`--weighting`).
    #[error("\"{0}\" is not a weighting: use count, ratio or newman")]
    Weighting(String),
    /// Not a way of marking places (`--places-by`).
    #[error("\"{0}\" does not say how places are marked: use kind, targets or ATTR=VALUE")]
    Sides(String),
}

fn parse_mode(s: &str) -> Result<Mode, ChoiceError> {
    Mode::parse(s).ok_or_else(|| ChoiceError::Side(s.to_string()))
}

fn parse_weighting(s: &str) -> Result<Weighting, ChoiceError> {
    Weighting::parse(s).ok_or_else(|| ChoiceError::Weighting(s.to_string()))
}

fn parse_sides(s: &str) -> Result<Sides, ChoiceError> {
    Sides::parse(s).ok_or_else(|| ChoiceError::Sides(s.to_string()))
}

/// How to say which nodes are places, for `kith projection`.
const PLACES_BY_HINT: &str = "read an incidence matrix with --two-mode, or say which nodes are \
     places with --places-by ATTR=VALUE, e.g. bipartite=1, or --places-by targets";

/// The projection, with `hint` after the error when the file marks no node kinds.
fn project(
    study: &Study,
    onto: Mode,
    options: &ProjectionOptions,
    hint: &str,
) -> anyhow::Result<Study> {
    projection::project(study, onto, options).map_err(|e| {
        let unmarked = matches!(
            e,
            ProjectionError::NoPlaces | ProjectionError::NoPeople | ProjectionError::NoKind(_)
        ) && options.sides == Sides::Kind;
        if unmarked {
            anyhow::anyhow!("{e} (if the file does not mark node kinds, {hint})")
        } else {
            anyhow::Error::new(e)
        }
    })
}

/// The study `kith render --projection people|places` draws: projected when asked, by node
/// kind, with shared counts as weights; unchanged otherwise.
pub(super) fn for_render(study: Study, onto: Option<&str>) -> anyhow::Result<Study> {
    let Some(onto) = onto else {
        return Ok(study);
    };
    let mode = parse_mode(onto).map_err(|e| anyhow::anyhow!("--projection {e}"))?;
    project(
        &study,
        mode,
        &ProjectionOptions::default(),
        "read an incidence matrix with --two-mode, or project with `kith projection FILE \
         --places-by ...` and render its output",
    )
}

/// Runs `kith projection`.
pub fn run(args: &ProjectionArgs) -> anyhow::Result<()> {
    let (study, join) = args.input.load(&args.file)?;
    if let (Some(report), Some(path)) = (&join, &args.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let options = ProjectionOptions {
        sides: args.places_by.clone(),
        weighting: args.weighting,
        selection: TieSelection::by_names(&study, &args.relation, &args.wave, false)?,
        relation: args.name.clone(),
    };
    let projected = project(&study, args.onto, &options, PLACES_BY_HINT)?;
    let (notes, files) = crate::io::write_path(&projected, &args.output)?;
    for note in notes {
        eprintln!("note: {note}");
    }
    if let Some(path) = &args.usage {
        let usage = projection::usage(&study, &options)?;
        crate::io::save_atomic(path, usage_table(&study, &usage).as_bytes())
            .with_context(|| format!("{}: cannot be written", crate::io::display_name(path)))?;
        eprintln!("wrote {}", crate::io::display_name(path));
    }
    let names: Vec<String> = files.iter().map(|f| crate::io::display_name(f)).collect();
    eprintln!("wrote {}", names.join(" and "));
    eprint!("{}", summary_text(&projected, args.weighting));
    Ok(())
}

/// Nodes, ties, weight range and isolates of a projection, for standard error.
pub fn summary_text(projected: &Study, weighting: Weighting) -> String {
    let weights = projected.ties().iter().map(|t| t.weight);
    let range = weights.fold(None, |acc: Option<(f64, f64)>, w| match acc {
        Some((lo, hi)) => Some((lo.min(w), hi.max(w))),
        None => Some((w, w)),
    });
    let relation = projected.relations().first().cloned().unwrap_or_default();
    format!(
        "{} nodes, {} ties (\"{relation}\", undirected)\nweight ({}) {}\nisolates {}\n",
        projected.node_count(),
        projected.tie_count(),
        weighting.name(),
        match range {
            Some((lo, hi)) => format!(
                "{} to {}",
                attribute_format_number(lo),
                attribute_format_number(hi)
            ),
            None => "-".to_string(),
        },
        projected.isolates().len(),
    )
}

/// The usage table as CSV text: one row per node of either side, in node order.
pub fn usage_table(study: &Study, usage: &projection::Usage) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(["id", "label", "side", "count", "respondent_share"]);
    for (v, node) in study.nodes().iter().enumerate() {
        let _ = w.write_record([
            node.id.clone(),
            node.label.clone(),
            if usage.place[v] { "place" } else { "person" }.to_string(),
            usage.count[v].to_string(),
            usage.respondent_share[v]
                .map(attribute_format_number)
                .unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

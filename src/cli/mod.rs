//! The `kith` command line: one file per subcommand, each a thin shell over the library.

mod compare;
mod convert;
mod groups;
mod info;
mod input;
pub mod metrics;
pub mod projection;
pub mod render;
mod survey;
pub mod test;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use input::{InputArgs, PrivacyArgs};

/// Kith: social network analysis for community research surveys.
///
/// Without a subcommand, opens the workbench window (on FILE, or on the bundled sample
/// study).
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without one, the workbench opens.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
    /// A study or network file to open in the workbench.
    pub file: Option<PathBuf>,
    /// Colour the sample study by this attribute or metric when the workbench opens
    /// (for example `employment_status`).
    #[arg(
        long = "colour-by",
        visible_alias = "color-by",
        value_name = "ATTRIBUTE"
    )]
    pub color_by: Option<String>,
    /// Open the workbench straight in presentation mode (full screen, names hidden; Esc
    /// leaves), as for a workshop.
    #[arg(long)]
    pub present: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Summarise a network file: nodes, ties, direction, relations, waves, attributes,
    /// isolates and components.
    Info(info::InfoArgs),
    /// Convert a network file to another format, chosen by the output's extension
    /// (.graphml, .gexf, .net, .dl, .csv edge list with its .nodes.csv node table).
    Convert(convert::ConvertArgs),
    /// Compute per-node measures (degree, betweenness, closeness, eigenvector, PageRank,
    /// constraint, effective size, component, community, isolate, cut point, broker) and
    /// write them as CSV, one row per node.
    Metrics(metrics::MetricsArgs),
    /// Compare the groups of an attribute: size, isolates, mean degree and betweenness,
    /// mean wellbeing scores with 95% confidence intervals, and tests of difference.
    Groups(groups::GroupsArgs),
    /// Project a two-mode network (people and the places or groups they use) onto one
    /// side: people tied by the places they share, or places by the people they share,
    /// weighted by count, ratio or Newman's collaboration weight.
    Projection(projection::ProjectionArgs),
    /// Draw a publication figure (.png, .svg, .pdf, .tif, .jpg or .webp, chosen by the output's extension)
    /// with title, legend, caption and callouts.
    Render(Box<render::RenderArgs>),
    /// Read a name-generator survey (one row per respondent, numbered columns of people and
    /// places named) into a whole network: names matched to people, merge suggestions,
    /// wellbeing scales scored. Several files (or a wave column) make one study of several
    /// waves; `--add-to` adds a wave to such a study.
    Survey(survey::SurveyArgs),
    /// Compare two survey waves: per person (degree, betweenness, constraint, isolation,
    /// wellbeing), ties gained, lost and kept, the whole network, who left isolation and who
    /// became isolated, and the change by group.
    Compare(Box<compare::CompareArgs>),
    /// Is the difference real? Permutation tests of group differences, node-level
    /// regression with permutation p-values, QAP / MRQAP on relations, and CUG tests of
    /// whole-network statistics; each says in one sentence what it tested.
    Test(test::TestArgs),
}

/// Runs a subcommand. Errors are for the user: the caller prints them and exits with 1.
pub fn run(command: CliCommand) -> anyhow::Result<()> {
    match command {
        CliCommand::Info(args) => info::run(&args),
        CliCommand::Convert(args) => convert::run(&args),
        CliCommand::Metrics(args) => metrics::run(&args),
        CliCommand::Groups(args) => groups::run(&args),
        CliCommand::Projection(args) => projection::run(&args),
        CliCommand::Render(args) => render::run(&args),
        CliCommand::Survey(args) => survey::run(&args),
        CliCommand::Compare(args) => compare::run(&args),
        CliCommand::Test(args) => test::run(&args),
    }
}

//! The `kith` command line: one file per subcommand, each a thin shell over the library.

mod convert;
mod info;
mod input;
mod survey;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use input::InputArgs;

/// Kith: social network analysis for community research surveys.
///
/// Without a subcommand, opens the workbench window (on FILE, or on the bundled sample
/// study).
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without one, the workbench opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A study or network file to open in the workbench.
    pub file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarise a network file: nodes, ties, direction, relations, waves, attributes,
    /// isolates and components.
    Info(info::InfoArgs),
    /// Convert a network file to another format, chosen by the output's extension
    /// (.graphml, .gexf, .net, .dl, .csv edge list with its .nodes.csv node table).
    Convert(convert::ConvertArgs),
    /// Read a name-generator survey (one row per respondent, numbered columns of people and
    /// places named) into a whole network: names matched to people, merge suggestions,
    /// wellbeing scales scored.
    Survey(survey::SurveyArgs),
}

/// Runs a subcommand. Errors are for the user: the caller prints them and exits with 1.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Info(args) => info::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Survey(args) => survey::run(&args),
    }
}

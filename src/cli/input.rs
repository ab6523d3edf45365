//! The input options every subcommand that reads a network shares.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::io::{self, ReadOptions, attributes::JoinReport, grid};
use crate::model::Study;
use crate::session::project::{self, Project};

/// How to read the input network.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Treat an edge list as directed (source nominates target).
    #[arg(long)]
    pub directed: bool,
    /// Read a matrix as a two-mode incidence matrix: rows are people, columns are
    /// groups, events or places.
    #[arg(long)]
    pub two_mode: bool,
    /// An attribute table (CSV, TSV or spreadsheet) to join onto the nodes.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub attributes: Option<PathBuf>,
    /// The attribute table's column that holds node ids or names.
    #[arg(long, value_name = "COLUMN", requires = "attributes")]
    pub key: Option<String>,
}

impl InputArgs {
    /// Reads `file` and joins the attribute table, if any; the join report says which
    /// keys matched no node. A `.kith` project gives its study, with every tie.
    pub fn load(&self, file: &Path) -> anyhow::Result<(Study, Option<JoinReport>)> {
        let opts = ReadOptions {
            directed: self.directed,
            two_mode: self.two_mode,
            format: None,
        };
        let mut study = if project::is_project_path(file) {
            Project::load(file)?.study
        } else {
            io::read_path(file, &opts)?
        };
        let report = self.join(&mut study)?;
        Ok((study, report))
    }

    /// Joins the attribute table, if one was given, onto `study`.
    pub fn join(&self, study: &mut Study) -> anyhow::Result<Option<JoinReport>> {
        Ok(match (&self.attributes, &self.key) {
            (Some(path), Some(key)) => {
                let name = io::display_name(path);
                let bytes =
                    std::fs::read(path).with_context(|| format!("{name}: cannot be read"))?;
                let table = if matches!(io::detect(path, &bytes), Some(io::Format::Spreadsheet)) {
                    grid::read_spreadsheet(&name, &bytes)?
                } else {
                    grid::read_delimited(&name, &bytes)?
                };
                let report = io::attributes::join(study, &table, key)?;
                // An attribute table with the WEMWBS items gives the scores.
                crate::survey::scales::score_items(study);
                Some(report)
            }
            _ => None,
        })
    }
}

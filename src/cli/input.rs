//! The input options every subcommand that reads a network shares.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::io::{self, ReadOptions, attributes::JoinReport, grid};
use crate::model::{ColumnPrivacy, Study};
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
    /// keys matched no node. A `.kith` project gives its study, with every tie. What the
    /// reader noted about the file (a line skipped, labels matched without regard to case)
    /// goes to standard error as `note:` lines.
    pub fn load(&self, file: &Path) -> anyhow::Result<(Study, Option<JoinReport>)> {
        let opts = ReadOptions {
            directed: self.directed,
            two_mode: self.two_mode,
            format: None,
        };
        let mut study = if project::is_project_path(file) {
            Project::load(file)?.study
        } else {
            let imported = crate::survey::open::read_path_noted(file, &opts)?;
            for note in &imported.notes {
                eprintln!("note: {note}");
            }
            imported.study
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
                crate::survey::open::score_items(study);
                Some(report)
            }
            _ => None,
        })
    }
}

/// Names hidden: the options of every subcommand that writes people's data.
#[derive(Debug, Clone, Default, Args)]
pub struct PrivacyArgs {
    /// Hide names: people's ids and labels become their pseudonyms (P001, ...), columns
    /// that identify people (names, email, phone, address, postcode, date of birth,
    /// personal numbers, free text) are left out, names inside other text are replaced and
    /// the merge record is dropped. A `.kith` project's own pseudonyms are used.
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    /// Columns to treat as identifying whatever their names and values say (comma
    /// separated).
    #[arg(
        long,
        value_name = "COLUMNS",
        value_delimiter = ',',
        requires = "anonymise"
    )]
    pub identifying: Vec<String>,
    /// Columns to keep as analytic whatever their names and values say (comma separated).
    #[arg(
        long,
        value_name = "COLUMNS",
        value_delimiter = ',',
        requires = "anonymise"
    )]
    pub analytic: Vec<String>,
}

impl PrivacyArgs {
    /// `study` as these options ask: anonymised when `--anonymise` (printing each column
    /// removed and why to standard error), else unchanged. Returns the columns removed.
    pub fn apply(&self, mut study: Study) -> anyhow::Result<(Study, Vec<crate::privacy::Verdict>)> {
        if !self.anonymise {
            return Ok((study, Vec::new()));
        }
        for (flag, columns, mark) in [
            (
                "--identifying",
                &self.identifying,
                ColumnPrivacy::Identifying,
            ),
            ("--analytic", &self.analytic, ColumnPrivacy::Analytic),
        ] {
            for c in columns {
                let c = c.trim();
                if study.node_attribute(c).is_none() && study.tie_attribute(c).is_none() {
                    let known: Vec<&str> = study
                        .node_attributes()
                        .iter()
                        .chain(study.tie_attributes())
                        .map(|a| a.name())
                        .collect();
                    anyhow::bail!(
                        "{flag}: there is no column \"{c}\" (columns: {})",
                        known.join(", ")
                    );
                }
                study.mark_column(c, Some(mark));
            }
        }
        let anon = crate::privacy::anonymise(&study);
        for line in anon.report() {
            eprintln!("{line}");
        }
        if anon.removed.is_empty() {
            eprintln!("no column identifies people; names replaced by pseudonyms");
        }
        Ok((anon.study, anon.removed))
    }
}

/// Fails when `name` (given to `flag`) is a column `--anonymise` removed.
pub fn check_kept(
    removed: &[crate::privacy::Verdict],
    flag: &str,
    name: &str,
) -> anyhow::Result<()> {
    match removed.iter().find(|v| !v.tie && v.column == name) {
        Some(v) => anyhow::bail!(
            "{flag} {name}: the column identifies people ({}) and is left out with --anonymise",
            v.reason()
        ),
        None => Ok(()),
    }
}

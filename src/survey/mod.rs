//! Survey import: a name-generator survey file (one row per respondent, numbered columns of
//! people and places named) to a whole network, with the same person recognised under
//! different names and wellbeing scales scored.
//!
//! - [`recipe`]: how to read a layout (TOML, human-editable);
//! - [`propose`]: a recipe proposed from the header and values;
//! - [`names`]: name normalisation, nicknames, initials;
//! - [`build`]: rows to a [`Study`] with provenance on every tie;
//! - [`matching`]: merge suggestions with score and evidence, and the automatic-merge rule;
//! - [`scales`]: WEMWBS, SWEMWBS and life satisfaction.
//!
//! [`import`] runs them in order.

pub mod build;
pub mod matching;
pub mod names;
pub mod propose;
pub mod recipe;
pub mod scales;

use std::path::Path;

pub use build::{ScaleReport, SurveyReport};
pub use matching::{MergePlan, Status, Suggestion};
pub use recipe::Recipe;

use crate::io::{self, ImportError, grid::Grid};
use crate::model::Study;

/// Whether to apply merge suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MergeMode {
    /// List suggestions only; every name stays its own node.
    #[default]
    None,
    /// Apply the suggestions the automatic rule accepts ([`matching`]).
    Auto,
}

/// A suggestion as written to the suggestions file: node ids and labels rather than
/// indices, which change when nodes merge.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SuggestionRow {
    /// How likely the two are one person, from 0 to 1.
    pub score: f64,
    /// What became of it.
    pub status: Status,
    /// One node's id.
    pub id_a: String,
    /// Its label.
    pub name_a: String,
    /// The other node's id.
    pub id_b: String,
    /// Its label.
    pub name_b: String,
    /// The evidence, one phrase each.
    pub evidence: Vec<String>,
}

/// An imported survey: the study, what the import did, and the merge suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    /// The network, merged or not as asked.
    pub study: Study,
    /// Counts for the summary.
    pub report: SurveyReport,
    /// Every merge suggestion, best first.
    pub suggestions: Vec<SuggestionRow>,
}

/// Reads a survey file's table: the first sheet of a spreadsheet, else delimited text in
/// any of the encodings and delimiters [`io::grid::read_delimited`] knows.
pub fn read_table(path: &Path, bytes: &[u8]) -> Result<Grid, ImportError> {
    let name = io::display_name(path);
    if matches!(io::detect(path, bytes), Some(io::Format::Spreadsheet)) {
        io::grid::read_spreadsheet(&name, bytes)
    } else {
        io::grid::read_delimited(&name, bytes)
    }
}

/// Imports a survey table with a recipe: builds the study, suggests merges, and applies
/// them when `mode` is [`MergeMode::Auto`]. `name` becomes the study's name.
pub fn import(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
) -> Result<Survey, ImportError> {
    let (mut study, mut report) = build::build(grid, recipe, name)?;
    let matches = matching::suggest(&study, &recipe.matching);
    let node = |id: crate::model::NodeId| {
        study
            .node(id)
            .map(|n| (n.id.clone(), n.label.clone()))
            .unwrap_or_default()
    };
    let suggestions: Vec<SuggestionRow> = matches
        .suggestions
        .iter()
        .map(|s| {
            let (id_a, name_a) = node(s.a);
            let (id_b, name_b) = node(s.b);
            SuggestionRow {
                score: s.score,
                status: s.status,
                id_a,
                name_a,
                id_b,
                name_b,
                evidence: s.evidence.clone(),
            }
        })
        .collect();
    report.suggestions = suggestions.len();
    report.ambiguous = matches.ambiguous.len();
    if mode == MergeMode::Auto {
        report.merged_nodes = matching::apply(&mut study, &matches.plans)
            .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
        report.merges = study.merges().len();
    }
    report.recount(&study);
    Ok(Survey {
        study,
        report,
        suggestions,
    })
}

/// The suggestions as CSV: `score,status,id_a,name_a,id_b,name_b,evidence`, evidence
/// phrases joined with "; ".
pub fn suggestions_csv(rows: &[SuggestionRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "score", "status", "id_a", "name_a", "id_b", "name_b", "evidence",
    ]);
    for r in rows {
        let _ = w.write_record([
            format!("{:.3}", r.score),
            r.status.name().to_string(),
            r.id_a.clone(),
            r.name_a.clone(),
            r.id_b.clone(),
            r.name_b.clone(),
            r.evidence.join("; "),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

//! Survey import: a name-generator survey file (one row per respondent, numbered columns of
//! people and places named) to a whole network, with the same person recognised under
//! different names and wellbeing scales scored.
//!
//! - [`recipe`]: how to read a layout (TOML, human-editable);
//! - [`aliases`]: what the analyst knows: alias tables of decisions and rosters;
//! - [`propose`]: a recipe proposed from the header and values;
//! - [`names`]: name normalisation, nicknames, initials;
//! - [`build`]: rows to a [`Study`] with provenance on every tie;
//! - [`matching`]: merge suggestions with score and evidence, and the automatic-merge rule;
//! - [`review`]: the names left open, ordered by how much each decision matters;
//! - [`scales`]: WEMWBS, SWEMWBS and life satisfaction;
//! - [`generate`]: generated surveys with their truth, to measure matching.
//!
//! [`import`] runs them in order.

pub mod aliases;
pub mod build;
pub mod generate;
pub mod matching;
pub mod names;
pub mod open;
pub mod propose;
pub mod recipe;
pub mod review;
pub mod sample_names;
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
    /// The names left open for the analyst, most important first ([`review`]).
    pub review: Vec<review::ReviewItem>,
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

/// What the analyst brings to an import besides the survey: decisions about names and a
/// roster of known people (see [`aliases`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownNames {
    /// Decisions: who a name written is, or that it is another person.
    pub aliases: aliases::AliasTable,
    /// Known people.
    pub roster: aliases::Roster,
}

/// Imports a survey table of one wave with a recipe: builds the study, suggests merges, and
/// applies them when `mode` is [`MergeMode::Auto`]. `name` becomes the study's name.
///
/// The recipe's wave column is not read here: [`crate::waves::survey::import`] splits a
/// file holding several waves and combines them, and is what readers of survey files call.
pub fn import(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
) -> Result<Survey, ImportError> {
    import_with(grid, recipe, mode, name, &KnownNames::default())
}

/// [`import`], starting from what the analyst knows: the alias table's decisions are
/// applied first (whatever `mode` is, as merges made by hand), names it keeps apart are
/// never merged, and the roster informs matching and adds its short names as aliases.
pub fn import_with(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
    known: &KnownNames,
) -> Result<Survey, ImportError> {
    let (mut study, mut report) = build::build(grid, recipe, name)?;
    let mut table = known.aliases.clone();
    table.rows.extend(known.roster.aliases().rows);
    let applied = aliases::apply(&mut study, &table);
    report.aliases_applied = applied.merged;
    report.notes.extend(applied.unused);
    let context = matching::Known {
        keep_apart: applied.kept_apart,
        roster: known.roster.names(),
    };
    let matches = matching::suggest_known(&study, &recipe.matching, &context);
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
    let before = study.clone();
    if mode == MergeMode::Auto {
        report.merged_nodes = matching::apply(&mut study, &matches.plans)
            .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
    }
    let review = review::queue(&before, &study, &matches);
    // Merges leave gaps where the absorbed names were: number the people 0.. again.
    study.compact();
    report.merges = study.merges().len();
    report.recount(&study);
    Ok(Survey {
        study,
        report,
        suggestions,
        review,
    })
}

/// The columns of [`suggestions_csv`].
const SUGGESTION_COLUMNS: [&str; 7] = [
    "score", "status", "id_a", "name_a", "id_b", "name_b", "evidence",
];

/// One suggestion as the cells of [`SUGGESTION_COLUMNS`].
fn suggestion_cells(r: &SuggestionRow) -> [String; 7] {
    [
        format!("{:.3}", r.score),
        r.status.name().to_string(),
        r.id_a.clone(),
        r.name_a.clone(),
        r.id_b.clone(),
        r.name_b.clone(),
        r.evidence.join("; "),
    ]
}

/// The suggestions of several waves as CSV: `wave`, then the columns of
/// [`suggestions_csv`].
pub fn wave_suggestions_csv(waves: &[(String, Vec<SuggestionRow>)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(std::iter::once("wave").chain(SUGGESTION_COLUMNS));
    for (wave, rows) in waves {
        for r in rows {
            let _ = w.write_record(std::iter::once(wave.clone()).chain(suggestion_cells(r)));
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The suggestions as CSV: `score,status,id_a,name_a,id_b,name_b,evidence`, evidence
/// phrases joined with "; ".
pub fn suggestions_csv(rows: &[SuggestionRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(SUGGESTION_COLUMNS);
    for r in rows {
        let _ = w.write_record(suggestion_cells(r));
    }
    w.into_inner().unwrap_or_default()
}

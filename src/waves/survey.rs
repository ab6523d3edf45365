//! Survey files holding several waves (a recipe with a `wave` column): the rows of each wave
//! are imported as a survey of their own ([`crate::survey`]) and the waves combined into one
//! study ([`super::combine()`]). Readers of survey files call [`import`] here, which imports
//! a file of one wave as [`crate::survey::import`] does.

use crate::io::{ImportError, grid::Grid};
use crate::model::Study;
use crate::survey::{self, KnownNames, MergeMode, Recipe, Survey, SurveyReport};

/// Imports a survey table with a recipe: builds the study, suggests merges, and applies
/// them when `mode` is [`MergeMode::Auto`]. `name` becomes the study's name.
///
/// When the recipe names a wave column, each wave's rows are imported on their own and the
/// waves combined ([`import_waves`]); the report then adds up the waves' reports (people
/// and ties counted in the combined study) and the suggestions are every wave's.
pub fn import(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
) -> Result<Survey, ImportError> {
    import_with(grid, recipe, mode, name, &KnownNames::default())
}

/// [`import`], starting from what the analyst knows ([`survey::import_with`]).
pub fn import_with(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
    known: &KnownNames,
) -> Result<Survey, ImportError> {
    if recipe.wave.is_none() {
        return survey::import_with(grid, recipe, mode, name, known);
    }
    let imported = import_waves_with(grid, recipe, mode, name, known)?;
    let mut report = SurveyReport::default();
    let mut suggestions = Vec::new();
    let mut queue = Vec::new();
    for (wave, s) in imported.waves {
        queue.extend(s.review);
        let r = s.report;
        report.no_answer_cells += r.no_answer_cells;
        report.self_nominations += r.self_nominations;
        report.repeated += r.repeated;
        report.suggestions += r.suggestions;
        report.ambiguous += r.ambiguous;
        report.merges += r.merges;
        report.merged_nodes += r.merged_nodes;
        report.aliases_applied += r.aliases_applied;
        for sc in r.scales {
            match report.scales.iter_mut().find(|x| x.name == sc.name) {
                Some(x) => {
                    x.scored += sc.scored;
                    x.missing += sc.missing;
                }
                None => report.scales.push(sc),
            }
        }
        report
            .notes
            .extend(r.notes.into_iter().map(|n| format!("wave {wave}: {n}")));
        suggestions.extend(s.suggestions);
    }
    for m in &imported.matching {
        report
            .notes
            .extend(m.notes.iter().map(|n| format!("wave {}: {n}", m.wave)));
    }
    report.recount(&imported.study);
    Ok(Survey {
        study: imported.study,
        report,
        suggestions,
        review: queue,
    })
}

/// A survey file holding several waves (a recipe with a `wave` column), imported.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveSurveys {
    /// The waves combined into one study .
    pub study: Study,
    /// Each wave's name and its own import, in wave order.
    pub waves: Vec<(String, Survey)>,
    /// How each wave's people were matched to the earlier waves'.
    pub matching: Vec<super::AddReport>,
}

/// The rows of each wave, by the recipe's wave column, in order of each wave's first row;
/// each table has the header and keeps the file's line numbers. The recipe must name the
/// wave column.
pub fn split_waves(grid: &Grid, recipe: &Recipe) -> Result<Vec<(String, Grid)>, ImportError> {
    let Some(column) = &recipe.wave else {
        return Err(ImportError::file(
            &grid.file,
            "the recipe names no wave column (wave = \"COLUMN\")",
        ));
    };
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let col = survey::build::position(grid, header, column)?;
    let mut out: Vec<(String, Grid)> = Vec::new();
    for row in &grid.rows[1..] {
        let cell = row.cells.get(col).map_or("", |c| c.trim());
        if recipe.is_no_answer(cell) {
            return Err(grid.error_at(row, col + 1, "the wave is blank"));
        }
        if super::check_name(cell).is_err() {
            return Err(grid.error_at(
                row,
                col + 1,
                format!("\"{cell}\" cannot name a wave: it must not hold \"@\" or \",\""),
            ));
        }
        let slot = match out.iter().position(|(w, _)| w == cell) {
            Some(i) => i,
            None => {
                out.push((
                    cell.to_string(),
                    Grid {
                        file: grid.file.clone(),
                        rows: vec![header.clone()],
                        from_text: grid.from_text,
                    },
                ));
                out.len() - 1
            }
        };
        out[slot].1.rows.push(row.clone());
    }
    if out.is_empty() {
        return Err(ImportError::file(&grid.file, "the file has no rows"));
    }
    Ok(out)
}

/// Imports a survey file holding several waves: the rows of each wave (by the recipe's wave
/// column, see [`split_waves`]) are imported as a survey of their own, with merges applied
/// per wave when `mode` is [`MergeMode::Auto`], and the waves are combined in order of
/// their first row ([`super::combine()`]). A respondent appears once per wave.
pub fn import_waves(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
) -> Result<WaveSurveys, ImportError> {
    import_waves_with(grid, recipe, mode, name, &KnownNames::default())
}

/// [`import_waves`], with what the analyst knows ([`import_with`]) applied to each wave.
pub fn import_waves_with(
    grid: &Grid,
    recipe: &Recipe,
    mode: MergeMode,
    name: &str,
    known: &KnownNames,
) -> Result<WaveSurveys, ImportError> {
    let mut one = recipe.clone();
    one.wave = None;
    let mut waves = Vec::new();
    for (wave, rows) in split_waves(grid, recipe)? {
        let survey = survey::import_with(&rows, &one, mode, name, known)?;
        waves.push((wave, survey));
    }
    let mut study = Study::default();
    study.name = name.to_string();
    let mut matching = Vec::new();
    for (wave, s) in &waves {
        matching.push(
            super::add_wave(&mut study, wave, &s.study)
                .map_err(|e| ImportError::file(&grid.file, e.to_string()))?,
        );
    }
    Ok(WaveSurveys {
        study,
        waves,
        matching,
    })
}

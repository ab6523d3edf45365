//! `kith survey FILE...`: a name-generator survey to a whole network, with name matching and
//! wellbeing scales; several files (or a wave column) make one study of several waves.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::io;
use crate::model::Study;
use crate::survey::{self, MergeMode, Recipe, Survey};
use crate::waves;

/// Whether to apply merge suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeArg {
    /// List suggestions only.
    None,
    /// Merge the suggestions the automatic rule accepts (score at least the threshold,
    /// 0.8 by default, and not ambiguous).
    Auto,
}

/// Arguments of `kith survey`.
#[derive(Debug, Args)]
pub struct SurveyArgs {
    /// The survey file: CSV, TSV or `;`-separated text, or a spreadsheet (XLSX, XLS, ODS);
    /// one row per respondent. Several files are waves of one study (baseline first), all
    /// read with the same recipe.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read the file with this recipe (TOML) instead of proposing one (with several files,
    /// the recipe proposed from the first file reads them all).
    #[arg(long, value_name = "R.toml")]
    pub recipe: Option<PathBuf>,
    /// Save the recipe used (proposed or given) for editing and for next wave's file.
    #[arg(long, value_name = "R.toml")]
    pub write_recipe: Option<PathBuf>,
    /// Wave names, one per file in order (comma separated or repeated): `--wave
    /// baseline,post`. By default each file's name without extension. With one file, makes
    /// a study of one wave that later waves can be added to.
    #[arg(
        long = "wave",
        alias = "waves",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub waves: Vec<String>,
    /// Add the survey's wave(s) to this study of earlier waves (GraphML or GEXF written by
    /// `kith survey --wave`); people are matched by respondent id and name.
    #[arg(long, value_name = "STUDY")]
    pub add_to: Option<PathBuf>,
    /// Whether to merge names judged to be one person (within each wave).
    #[arg(long, value_enum, default_value_t = MergeArg::None)]
    pub merge: MergeArg,
    /// Write every merge suggestion (score, status, the two names, evidence) as CSV; with
    /// several waves a first column says the wave.
    #[arg(long, value_name = "OUT.csv")]
    pub suggestions: Option<PathBuf>,
    /// Start from these decisions about names (CSV: written_name,respondent,person; a blank
    /// respondent means whoever wrote it, a blank person "another person", kept apart),
    /// as `--write-aliases` writes them.
    #[arg(long, value_name = "ALIASES.csv")]
    pub aliases: Option<PathBuf>,
    /// Known people (CSV with a `name` column, optional `id` and `short_names` separated
    /// by `|`): their short names join them, and short forms that fit someone on the roster
    /// nobody wrote in full are left for review.
    #[arg(long, value_name = "ROSTER.csv")]
    pub roster: Option<PathBuf>,
    /// Write the study's decisions about names (every merge) as an alias table, to start
    /// a later wave or a re-run from.
    #[arg(long, value_name = "ALIASES.csv")]
    pub write_aliases: Option<PathBuf>,
    /// The network to write; its extension picks the format (.graphml, .gexf, .net, .dl,
    /// .csv edge list with its .nodes.csv). GraphML and GEXF keep the waves.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// One wave read from a file: its name, the file it came from, its import.
struct WaveImport {
    name: String,
    file: String,
    survey: Survey,
}

fn read_recipe(path: &Path) -> anyhow::Result<Recipe> {
    let rname = io::display_name(path);
    let text = std::fs::read_to_string(path).with_context(|| format!("{rname}: cannot be read"))?;
    Ok(Recipe::from_toml(&rname, &text)?)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs `kith survey`.
pub fn run(args: &SurveyArgs) -> anyhow::Result<()> {
    let mode = match args.merge {
        MergeArg::None => MergeMode::None,
        MergeArg::Auto => MergeMode::Auto,
    };
    let mut recipe: Option<(Recipe, String)> = match &args.recipe {
        Some(path) => Some((
            read_recipe(path)?,
            format!("recipe {}", io::display_name(path)),
        )),
        None => None,
    };
    if !args.waves.is_empty() && args.waves.len() != args.files.len() {
        bail!(
            "--wave names {} waves for {} files; give one name per file",
            args.waves.len(),
            args.files.len()
        );
    }
    let mut known = survey::KnownNames::default();
    if let Some(path) = &args.aliases {
        let name = io::display_name(path);
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{name}: cannot be read"))?;
        known.aliases = survey::aliases::AliasTable::from_csv(&name, &text)?;
    }
    if let Some(path) = &args.roster {
        let name = io::display_name(path);
        let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot be read"))?;
        known.roster = survey::aliases::Roster::from_csv(&name, &bytes)?;
    }
    let several = args.files.len() > 1 || !args.waves.is_empty() || args.add_to.is_some();
    let mut imports: Vec<WaveImport> = Vec::new();
    let mut matching_from_file = Vec::new();
    let mut wave_column_study: Option<Study> = None;
    for (k, path) in args.files.iter().enumerate() {
        let name = io::display_name(path);
        let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot be read"))?;
        let grid = survey::read_table(path, &bytes)?;
        if recipe.is_none() {
            let proposed = survey::propose::propose(&grid)?;
            let source = if args.files.len() > 1 {
                format!("recipe proposed from the header of {name}")
            } else {
                "recipe proposed from the header".to_string()
            };
            recipe = Some((proposed, source));
        }
        let Some((r, _)) = &recipe else {
            continue;
        };
        if r.wave.is_some() {
            if args.files.len() > 1 || !args.waves.is_empty() {
                bail!(
                    "{name}: the recipe reads waves from column \"{}\", so give one file and \
                     no --wave names",
                    r.wave.as_deref().unwrap_or_default()
                );
            }
            let imported =
                crate::waves::survey::import_waves_with(&grid, r, mode, &stem(path), &known)?;
            for (wave, s) in imported.waves {
                imports.push(WaveImport {
                    name: wave,
                    file: name.clone(),
                    survey: s,
                });
            }
            matching_from_file = imported.matching;
            wave_column_study = Some(imported.study);
        } else {
            let wave = args.waves.get(k).cloned().unwrap_or_else(|| stem(path));
            let survey = crate::waves::survey::import_with(&grid, r, mode, &stem(path), &known)?;
            imports.push(WaveImport {
                name: wave.trim().to_string(),
                file: name.clone(),
                survey,
            });
        }
    }
    let Some((recipe, source)) = recipe else {
        bail!("no survey file given");
    };
    if let Some(path) = &args.write_recipe {
        io::save_atomic(path, recipe.to_toml().as_bytes())
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
    }
    for w in &imports {
        if imports.len() > 1 || several || recipe.wave.is_some() {
            println!("{} wave {} ({source})", w.file, w.name);
        } else {
            println!("{} ({source})", w.file);
        }
        print!("{}", w.survey.report.summary());
    }

    // The study to write: one survey as it always was, or the waves combined.
    let study = if !several && recipe.wave.is_none() {
        imports.first().map(|w| w.survey.study.clone())
    } else {
        let (mut study, start) = match &args.add_to {
            Some(path) => {
                let study = crate::survey::open::read_path(path, &io::ReadOptions::default())?;
                if waves::wave_names(&study).is_empty() {
                    bail!(
                        "{}: this study has no waves to add to; make it with kith survey \
                         FILE --wave NAME",
                        io::display_name(path)
                    );
                }
                (study, 0)
            }
            None => match wave_column_study.take() {
                Some(s) => {
                    for m in &matching_from_file {
                        print!("{}", m.summary());
                    }
                    (s, imports.len())
                }
                None => (Study::default(), 0),
            },
        };
        for w in imports.iter().skip(start) {
            let report = waves::add_wave(&mut study, &w.name, &w.survey.study)
                .with_context(|| format!("{}: wave {}", w.file, w.name))?;
            print!("{}", report.summary());
        }
        if study.name.is_empty() {
            study.name = args.files.first().map(|p| stem(p)).unwrap_or_default();
        }
        println!("waves: {}", waves::wave_names(&study).join(", "));
        Some(study)
    };

    if let Some(path) = &args.write_recipe {
        println!("wrote recipe {}", io::display_name(path));
    }
    if let Some(path) = &args.suggestions {
        let bytes = if imports.len() == 1 && !several && recipe.wave.is_none() {
            survey::suggestions_csv(&imports[0].survey.suggestions)
        } else {
            let rows: Vec<(String, Vec<survey::SuggestionRow>)> = imports
                .iter()
                .map(|w| (w.name.clone(), w.survey.suggestions.clone()))
                .collect();
            survey::wave_suggestions_csv(&rows)
        };
        io::save_atomic(path, &bytes)
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
        println!("wrote suggestions {}", io::display_name(path));
    }
    if let Some(path) = &args.write_aliases {
        let mut table = survey::aliases::AliasTable::default();
        for w in &imports {
            table
                .rows
                .extend(survey::aliases::AliasTable::from_study(&w.survey.study).rows);
        }
        table.rows.sort();
        table.rows.dedup();
        io::save_atomic(path, &table.to_csv())
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
        println!(
            "wrote aliases {} ({} decisions)",
            io::display_name(path),
            table.rows.len()
        );
    }
    if let (Some(path), Some(study)) = (&args.output, &study) {
        let (notes, files) = io::write_path(study, path)?;
        for note in notes {
            eprintln!("note: {note}");
        }
        let names: Vec<String> = files.iter().map(|f| io::display_name(f)).collect();
        println!(
            "wrote {} ({} nodes, {} ties)",
            names.join(" and "),
            study.node_count(),
            study.tie_count()
        );
    }
    Ok(())
}

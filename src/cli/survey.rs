//! `kith survey FILE`: a name-generator survey to a whole network, with name matching and
//! wellbeing scales.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::io;
use crate::survey::{self, MergeMode, Recipe};

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
    /// one row per respondent.
    pub file: PathBuf,
    /// Read the file with this recipe (TOML) instead of proposing one.
    #[arg(long, value_name = "R.toml")]
    pub recipe: Option<PathBuf>,
    /// Save the recipe used (proposed or given) for editing and for next wave's file.
    #[arg(long, value_name = "R.toml")]
    pub write_recipe: Option<PathBuf>,
    /// Whether to merge names judged to be one person.
    #[arg(long, value_enum, default_value_t = MergeArg::None)]
    pub merge: MergeArg,
    /// Write every merge suggestion (score, status, the two names, evidence) as CSV.
    #[arg(long, value_name = "OUT.csv")]
    pub suggestions: Option<PathBuf>,
    /// The network to write; its extension picks the format (.graphml, .gexf, .net, .dl,
    /// .csv edge list with its .nodes.csv).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Runs `kith survey`.
pub fn run(args: &SurveyArgs) -> anyhow::Result<()> {
    let name = io::display_name(&args.file);
    let bytes = std::fs::read(&args.file).with_context(|| format!("{name}: cannot be read"))?;
    let grid = survey::read_table(&args.file, &bytes)?;
    let (recipe, source) = match &args.recipe {
        Some(path) => {
            let rname = io::display_name(path);
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{rname}: cannot be read"))?;
            (Recipe::from_toml(&rname, &text)?, format!("recipe {rname}"))
        }
        None => (
            survey::propose::propose(&grid)?,
            "recipe proposed from the header".to_string(),
        ),
    };
    if let Some(path) = &args.write_recipe {
        io::save_atomic(path, recipe.to_toml().as_bytes())
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
    }
    let mode = match args.merge {
        MergeArg::None => MergeMode::None,
        MergeArg::Auto => MergeMode::Auto,
    };
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported = survey::import(&grid, &recipe, mode, &stem)?;
    println!("{name} ({source})");
    print!("{}", imported.report.summary());
    if let Some(path) = &args.write_recipe {
        println!("wrote recipe {}", io::display_name(path));
    }
    if let Some(path) = &args.suggestions {
        io::save_atomic(path, &survey::suggestions_csv(&imported.suggestions))
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
        println!("wrote suggestions {}", io::display_name(path));
    }
    if let Some(path) = &args.output {
        let (notes, files) = io::write_path(&imported.study, path).map_err(anyhow::Error::msg)?;
        for note in notes {
            eprintln!("note: {note}");
        }
        let names: Vec<String> = files.iter().map(|f| io::display_name(f)).collect();
        println!(
            "wrote {} ({} nodes, {} ties)",
            names.join(" and "),
            imported.study.node_count(),
            imported.study.tie_count()
        );
    }
    Ok(())
}

//! `kith compare`: what changed between two survey waves.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::survey::MergeArg;
use super::{InputArgs, PrivacyArgs};
use crate::io;
use crate::model::Study;
use crate::survey::{self, MergeMode, Recipe};
use crate::waves::compare::{Change, GroupChange, TieCounts, WaveSummary};
use crate::waves::{self, CompareOptions};

/// Arguments of `kith compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two waves: two survey files read with `--recipe` (or `--survey`), or two network
    /// files; or one study of several waves (written by `kith survey --wave`).
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read the two files as surveys with this recipe (TOML).
    #[arg(long, value_name = "R.toml")]
    pub recipe: Option<PathBuf>,
    /// Read the two files as surveys with a recipe proposed from the first file's header
    /// (as `kith survey` proposes one).
    #[arg(long, conflicts_with = "recipe")]
    pub survey: bool,
    /// Whether to merge names judged to be one person in each survey (with `--recipe`).
    #[arg(long, value_enum, default_value_t = MergeArg::None)]
    pub merge: MergeArg,
    /// The two waves (comma separated): with one study, which waves to compare (by default
    /// its first and last); with two files, their names (by default the file names).
    #[arg(
        long = "waves",
        alias = "wave",
        value_name = "A,B",
        value_delimiter = ','
    )]
    pub waves: Vec<String>,
    /// Write the per-person change as CSV (one row per respondent of either wave).
    #[arg(short, long, value_name = "change.csv")]
    pub output: Option<PathBuf>,
    /// Write every tied pair with whether it was gained, lost or kept as CSV.
    #[arg(long, value_name = "ties.csv")]
    pub ties: Option<PathBuf>,
    /// Compare the change of the groups of this attribute (its value in the first wave).
    #[arg(long, value_name = "ATTR")]
    pub by: Option<String>,
    /// Scores to compare (comma separated); by default every wellbeing score measured per
    /// wave (wemwbs, swemwbs, life_satisfaction, ..._score).
    #[arg(long, value_name = "ATTRS", value_delimiter = ',')]
    pub scores: Vec<String>,
    /// Count only these relations (comma separated or repeated); by default all.
    #[arg(long = "relation", value_name = "NAME", value_delimiter = ',')]
    pub relations: Vec<String>,
    /// Compare ties per relation (a pair tied in two relations is two ties).
    #[arg(long)]
    pub by_relation: bool,
    /// Compare ties as ordered pairs (who named whom) rather than unordered pairs.
    #[arg(long)]
    pub directed_pairs: bool,
    /// Write the two waves combined into one study (.graphml or .gexf keep the waves).
    #[arg(long, value_name = "OUT")]
    pub combined: Option<PathBuf>,
    /// Print one JSON object instead of text (whole network, tie counts, isolation lists,
    /// group comparison; per-person and per-tie rows go to the CSV files).
    #[arg(long)]
    pub json: bool,
    /// How to read network files.
    #[command(flatten)]
    pub input: InputArgs,
    /// Names hidden: people under their pseudonyms in every table, list and file.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// What `kith compare --json` prints.
#[derive(Debug, serde::Serialize)]
struct CompareReport<'a> {
    files: Vec<String>,
    wave_a: &'a str,
    wave_b: &'a str,
    relations: &'a [String],
    scores: &'a [String],
    network_a: &'a WaveSummary,
    network_b: &'a WaveSummary,
    tie_counts: &'a TieCounts,
    left_isolation: &'a [waves::compare::PersonRef],
    became_isolated: &'a [waves::compare::PersonRef],
    stayed_isolated: &'a [waves::compare::PersonRef],
    groups: Option<&'a GroupChange>,
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The combined study and the two waves to compare.
fn load(args: &CompareArgs) -> anyhow::Result<(Study, String, String)> {
    if let [file] = args.files.as_slice() {
        let (study, _) = args.input.load(file)?;
        let names = waves::wave_names(&study);
        let (a, b) = match args.waves.as_slice() {
            [] => match (names.first(), names.last()) {
                (Some(a), Some(b)) if names.len() >= 2 => (a.clone(), b.clone()),
                _ => bail!(
                    "{}: a study of one file needs at least two waves to compare (it has: {}); \
                     or give two files",
                    io::display_name(file),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            },
            [a, b] => (a.trim().to_string(), b.trim().to_string()),
            _ => bail!("--waves takes two wave names, A,B"),
        };
        return Ok((study, a, b));
    }
    let (a, b) = match args.waves.as_slice() {
        [] => (stem(&args.files[0]), stem(&args.files[1])),
        [a, b] => (a.trim().to_string(), b.trim().to_string()),
        _ => bail!("--waves takes two wave names, A,B"),
    };
    if a == b {
        bail!("the two waves are both named \"{a}\"; name them with --waves A,B");
    }
    let mut recipe = match &args.recipe {
        Some(path) => {
            let name = io::display_name(path);
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{name}: cannot be read"))?;
            Some(Recipe::from_toml(&name, &text)?)
        }
        None => None,
    };
    let mode = match args.merge {
        MergeArg::None => MergeMode::None,
        MergeArg::Auto => MergeMode::Auto,
    };
    let mut studies = Vec::new();
    for (path, wave) in args.files.iter().zip([&a, &b]) {
        let study = if recipe.is_some() || args.survey {
            let name = io::display_name(path);
            let bytes = std::fs::read(path).with_context(|| format!("{name}: cannot be read"))?;
            let grid = survey::read_table(path, &bytes)?;
            let r = match recipe.take() {
                Some(r) => r,
                None => survey::propose::propose(&grid)?,
            };
            let study = crate::waves::survey::import(&grid, &r, mode, &stem(path))?.study;
            recipe = Some(r);
            study
        } else {
            args.input.load(path)?.0
        };
        studies.push((wave.clone(), study));
    }
    let (mut study, reports) = waves::combine::combine_with_reports(studies)?;
    for r in &reports {
        eprint!("{}", r.summary());
    }
    study.name = format!("{a} to {b}");
    Ok((study, a, b))
}

/// Runs `kith compare`.
pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let (study, a, b) = load(args)?;
    let (study, removed) = args.privacy.apply(study)?;
    if let Some(by) = &args.by {
        super::input::check_kept(&removed, "--by", by)?;
    }
    let options = CompareOptions {
        relations: args
            .relations
            .iter()
            .map(|r| r.trim().to_string())
            .collect(),
        directed_pairs: args.directed_pairs,
        by_relation: args.by_relation,
        scores: args.scores.iter().map(|s| s.trim().to_string()).collect(),
        by: args.by.clone(),
    };
    let change = waves::compare(&study, &a, &b, &options)?;
    let mut wrote = Vec::new();
    if let Some(path) = &args.output {
        io::save_atomic(path, &change.people_csv())
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
        wrote.push(format!(
            "wrote {} ({} people)",
            io::display_name(path),
            change.people.len()
        ));
    }
    if let Some(path) = &args.ties {
        io::save_atomic(path, &change.ties_csv())
            .with_context(|| format!("{}: cannot be written", io::display_name(path)))?;
        wrote.push(format!(
            "wrote {} ({} pairs)",
            io::display_name(path),
            change.ties.len()
        ));
    }
    if let Some(path) = &args.combined {
        let (notes, files) = io::write_path(&study, path)?;
        for note in notes {
            eprintln!("note: {note}");
        }
        let names: Vec<String> = files.iter().map(|f| io::display_name(f)).collect();
        wrote.push(format!("wrote {}", names.join(" and ")));
    }
    if args.json {
        let report = CompareReport {
            files: args.files.iter().map(|f| io::display_name(f)).collect(),
            wave_a: &change.wave_a,
            wave_b: &change.wave_b,
            relations: &change.relations,
            scores: &change.scores,
            network_a: &change.network_a,
            network_b: &change.network_b,
            tie_counts: &change.tie_counts,
            left_isolation: &change.left_isolation,
            became_isolated: &change.became_isolated,
            stayed_isolated: &change.stayed_isolated,
            groups: change.groups.as_ref(),
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
        for w in wrote {
            eprintln!("{w}");
        }
        return Ok(());
    }
    print!("{}", change.summary());
    if let Some(g) = &change.groups {
        print!("{}", groups_text(&change, g));
    }
    for w in wrote {
        println!("{w}");
    }
    Ok(())
}

fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "p < 0.001".to_string(),
        Some(p) => format!("p = {p:.3}"),
        None => "not computable".to_string(),
    }
}

fn signed(x: Option<f64>, places: usize) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:+.places$}"))
}

/// The group comparison of change as an aligned table with the tests under it.
fn groups_text(change: &Change, g: &GroupChange) -> String {
    let mut header = vec![
        "group".to_string(),
        "n".to_string(),
        "mean degree change".to_string(),
        format!("isolated in {}", change.wave_a),
        "left isolation".to_string(),
        "became isolated".to_string(),
    ];
    header.extend(g.scores.iter().map(|s| format!("mean {s} change")));
    let mut rows = vec![header];
    for r in &g.groups {
        let mut row = vec![
            if r.small {
                format!("{}*", r.group)
            } else {
                r.group.clone()
            },
            r.n.to_string(),
            format!("{:+.2}", r.mean_degree_change),
            r.isolated_a.to_string(),
            match r.left_isolation_share {
                Some(s) => format!("{} ({:.0}%)", r.left_isolation, s * 100.0),
                None => "-".to_string(),
            },
            r.became_isolated.to_string(),
        ];
        row.extend(r.mean_score_change.iter().map(|x| signed(*x, 1)));
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!(
        "change by {} (its value in {}), people in both waves\n",
        g.attribute, change.wave_a
    );
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if g.groups.iter().any(|r| r.small) {
        out.push_str(&format!(
            "* fewer than {} people: read its figures with care\n",
            crate::analysis::groups::SMALL_GROUP
        ));
    }
    if g.missing > 0 {
        out.push_str(&format!(
            "{} without a value for {}, left out\n",
            g.missing, g.attribute
        ));
    }
    out.push_str("differences between groups:\n");
    for t in std::iter::once(&g.degree_test).chain(&g.score_tests) {
        let mut parts = Vec::new();
        if t.welch_p.is_some() {
            parts.push(format!("Welch t {}", p_value(t.welch_p)));
        } else {
            parts.push(format!("ANOVA {}", p_value(t.anova_p)));
        }
        let k = if g.groups.len() == 2 {
            "Mann-Whitney"
        } else {
            "Kruskal-Wallis"
        };
        parts.push(format!("{k} {}", p_value(t.kruskal_p)));
        out.push_str(&format!("  {} change: {}\n", t.measure, parts.join(", ")));
    }
    match &g.isolation_test {
        Some(t) => out.push_str(&format!(
            "  leaving isolation: chi-square {:.2} (df {}), {}\n",
            t.statistic,
            t.df,
            p_value(Some(t.p))
        )),
        None => out.push_str(
            "  leaving isolation: not computable (isolated people in fewer than two groups)\n",
        ),
    }
    out
}

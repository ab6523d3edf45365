//! `kith info FILE`: what is in a network file, or in a `.kith` project (its study, plus the
//! recipe, layout, merges, pseudonyms and saved views).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::InputArgs;
use crate::model::{NodeKind, Study};
use crate::session::project::{self, FileInfo, Project};

/// Arguments of `kith info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The network file.
    pub file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    input: InputArgs,
}

/// The facts `kith info` prints, as one JSON object.
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    file: String,
    nodes: usize,
    ties: usize,
    directed: bool,
    relations: Vec<String>,
    waves: Vec<String>,
    node_kinds: std::collections::BTreeMap<String, usize>,
    isolates: usize,
    components: usize,
    attributes: Vec<AttrSummary>,
    tie_attributes: Vec<AttrSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    join: Option<crate::io::attributes::JoinReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<ProjectSummary>,
}

/// What a `.kith` project holds besides its study.
#[derive(Debug, serde::Serialize)]
pub struct ProjectSummary {
    format_version: u32,
    written_by: String,
    source: String,
    source_path: Option<String>,
    recipe: bool,
    laid_out: bool,
    pinned: usize,
    seed: u64,
    merges: usize,
    pseudonyms: usize,
    relations_in_view: Option<Vec<String>>,
    waves_in_view: Option<Vec<String>>,
    saved_views: Vec<ViewSummary>,
}

#[derive(Debug, serde::Serialize)]
struct ViewSummary {
    name: String,
    title: Option<String>,
    relations: Option<Vec<String>>,
    waves: Option<Vec<String>>,
}

impl ProjectSummary {
    /// Summarises a project read from a file whose envelope said `info`.
    pub fn of(project: &Project, info: &FileInfo) -> Self {
        let list = |s: Option<&std::collections::BTreeSet<String>>| {
            s.map(|s| s.iter().cloned().collect::<Vec<_>>())
        };
        ProjectSummary {
            format_version: info.version,
            written_by: info.kith.clone(),
            source: project.source.name.clone(),
            source_path: project
                .source
                .path
                .as_ref()
                .map(|p| p.display().to_string()),
            recipe: project.recipe.is_some(),
            laid_out: !project.layout.positions.is_empty(),
            pinned: project.layout.pinned.iter().filter(|p| **p).count(),
            seed: project.layout.seed,
            merges: project.study.merges().len(),
            pseudonyms: project.study.pseudonyms().len(),
            relations_in_view: list(project.relations.as_ref()),
            waves_in_view: list(project.waves.as_ref()),
            saved_views: project
                .saved_views
                .iter()
                .map(|v| ViewSummary {
                    name: v.name.clone(),
                    title: v.view.title.clone(),
                    relations: list(v.relations.as_ref()),
                    waves: list(v.waves.as_ref()),
                })
                .collect(),
        }
    }

    /// The summary as aligned text lines.
    pub fn text(&self) -> String {
        let all = |s: &Option<Vec<String>>| match s {
            None => "all".to_string(),
            Some(v) if v.is_empty() => "none".to_string(),
            Some(v) => v.join(", "),
        };
        let mut s = format!(
            "project     format version {}, written by Kith {}\nsource      {}{}\nrecipe      {}\nlayout      {}\nmerges      {}\npseudonyms  {}\nin view     relations: {}; waves: {}\n",
            self.format_version,
            self.written_by,
            if self.source.is_empty() {
                "-"
            } else {
                &self.source
            },
            self.source_path
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default(),
            if self.recipe { "yes" } else { "no" },
            if self.laid_out {
                format!(
                    "saved positions, {} pinned, seed {}",
                    self.pinned, self.seed
                )
            } else {
                format!("not laid out yet (seed {})", self.seed)
            },
            self.merges,
            self.pseudonyms,
            all(&self.relations_in_view),
            all(&self.waves_in_view),
        );
        s.push_str(&format!("saved views {}\n", self.saved_views.len()));
        for v in &self.saved_views {
            s.push_str(&format!("  {}", v.name));
            if let Some(t) = &v.title {
                s.push_str(&format!(" - \"{t}\""));
            }
            if v.relations.is_some() || v.waves.is_some() {
                s.push_str(&format!(
                    " (relations: {}; waves: {})",
                    all(&v.relations),
                    all(&v.waves)
                ));
            }
            s.push('\n');
        }
        s
    }
}

#[derive(Debug, serde::Serialize)]
struct AttrSummary {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    present: usize,
    missing: usize,
    /// Why the column identifies people (it is left out when names are hidden), if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    identifying: Option<String>,
}

impl Summary {
    /// Summarises a study.
    pub fn of(file: &str, study: &Study) -> Self {
        let verdicts = crate::privacy::classify(study);
        let attrs = |list: &[crate::model::Attribute], tie: bool| {
            list.iter()
                .map(|a| AttrSummary {
                    name: a.name().to_string(),
                    ty: a.ty().to_string(),
                    present: a.present_count(),
                    missing: a.values().len() - a.present_count(),
                    identifying: verdicts
                        .iter()
                        .find(|v| v.tie == tie && v.column == a.name())
                        .filter(|v| v.identifying.is_some())
                        .map(|v| v.reason()),
                })
                .collect()
        };
        let node_kinds = NodeKind::ALL
            .iter()
            .map(|k| {
                (
                    k.name().to_string(),
                    study.nodes().iter().filter(|n| n.kind == *k).count(),
                )
            })
            .filter(|(_, c)| *c > 0)
            .collect();
        Summary {
            file: file.to_string(),
            nodes: study.node_count(),
            ties: study.tie_count(),
            directed: study.directed,
            relations: study.relations().to_vec(),
            waves: study.waves().to_vec(),
            node_kinds,
            isolates: study.isolates().len(),
            components: study.components().1,
            attributes: attrs(study.node_attributes(), false),
            tie_attributes: attrs(study.tie_attributes(), true),
            join: None,
            project: None,
        }
    }

    /// The summary as aligned text lines.
    pub fn text(&self) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "-".to_string()
            } else {
                v.join(", ")
            }
        };
        let kinds: Vec<String> = self
            .node_kinds
            .iter()
            .map(|(k, c)| format!("{c} {k}"))
            .collect();
        let mut s = format!(
            "{}\nnodes       {} ({})\nties        {} ({})\nrelations   {}\nwaves       {}\nisolates    {}\ncomponents  {}\n",
            self.file,
            self.nodes,
            kinds.join(", "),
            self.ties,
            if self.directed {
                "directed"
            } else {
                "undirected"
            },
            list(&self.relations),
            list(&self.waves),
            self.isolates,
            self.components,
        );
        for (title, attrs) in [
            ("attributes", &self.attributes),
            ("tie attributes", &self.tie_attributes),
        ] {
            if attrs.is_empty() {
                continue;
            }
            s.push_str(&format!("{title}:\n"));
            for a in attrs {
                s.push_str(&format!(
                    "  {:<24} {:<12} {} present, {} missing{}\n",
                    a.name,
                    a.ty,
                    a.present,
                    a.missing,
                    a.identifying
                        .as_ref()
                        .map(|r| format!("; identifying ({r}), left out when names are hidden"))
                        .unwrap_or_default()
                ));
            }
        }
        if let Some(p) = &self.project {
            s.push_str(&p.text());
        }
        s
    }
}

/// Runs `kith info`.
pub fn run(args: &InfoArgs) -> anyhow::Result<()> {
    let file = crate::io::display_name(&args.file);
    let (study, join, project) = if project::is_project_path(&args.file) {
        let bytes = std::fs::read(&args.file).with_context(|| format!("{file}: cannot be read"))?;
        let info = project::inspect(&bytes, &file)?;
        let project = Project::from_bytes(&bytes, &file)?;
        let summary = ProjectSummary::of(&project, &info);
        let mut study = project.study;
        let join = args.input.join(&mut study)?;
        (study, join, Some(summary))
    } else {
        let (study, join) = args.input.load(&args.file)?;
        (study, join, None)
    };
    let mut summary = Summary::of(&file, &study);
    summary.project = project;
    if let (Some(report), Some(path)) = (&join, &args.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    summary.join = join;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", summary.text());
    }
    Ok(())
}

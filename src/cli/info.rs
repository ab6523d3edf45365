//! `kith info FILE`: what is in a network file.

use std::path::PathBuf;

use clap::Args;

use super::InputArgs;
use crate::model::{NodeKind, Study};

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
}

#[derive(Debug, serde::Serialize)]
struct AttrSummary {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    present: usize,
    missing: usize,
}

impl Summary {
    /// Summarises a study.
    pub fn of(file: &str, study: &Study) -> Self {
        let attrs = |list: &[crate::model::Attribute]| {
            list.iter()
                .map(|a| AttrSummary {
                    name: a.name().to_string(),
                    ty: a.ty().to_string(),
                    present: a.present_count(),
                    missing: a.values().len() - a.present_count(),
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
            attributes: attrs(study.node_attributes()),
            tie_attributes: attrs(study.tie_attributes()),
            join: None,
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
                    "  {:<24} {:<12} {} present, {} missing\n",
                    a.name, a.ty, a.present, a.missing
                ));
            }
        }
        s
    }
}

/// Runs `kith info`.
pub fn run(args: &InfoArgs) -> anyhow::Result<()> {
    let (study, join) = args.input.load(&args.file)?;
    let file = crate::io::display_name(&args.file);
    let mut summary = Summary::of(&file, &study);
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

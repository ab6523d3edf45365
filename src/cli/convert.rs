//! `kith convert IN OUT`: from one network format to another.

use std::path::PathBuf;

use clap::Args;

use super::{InputArgs, PrivacyArgs};

/// Arguments of `kith convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The network file to read.
    pub input: PathBuf,
    /// The file to write; its extension picks the format: .graphml, .gexf, .net (Pajek),
    /// .dl (UCINET), .csv (edge list, with the node table beside it as .nodes.csv) or
    /// .nodes.csv (node table only).
    pub output: PathBuf,
    #[command(flatten)]
    read: InputArgs,
    /// Names hidden, for sharing.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// Runs `kith convert`.
pub fn run(args: &ConvertArgs) -> anyhow::Result<()> {
    let (study, join) = args.read.load(&args.input)?;
    if let (Some(report), Some(path)) = (&join, &args.read.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let (study, _) = args.privacy.apply(study)?;
    let (notes, files) = crate::io::write_path(&study, &args.output)?;
    for note in notes {
        eprintln!("note: {note}");
    }
    let names: Vec<String> = files.iter().map(|f| crate::io::display_name(f)).collect();
    eprintln!(
        "wrote {} ({} nodes, {} ties)",
        names.join(" and "),
        study.node_count(),
        study.tie_count()
    );
    Ok(())
}

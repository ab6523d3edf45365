//! Times Kith's betweenness (with closeness) on a network file, for
//! `scripts/bench_vs_igraph.py`: prints one JSON object with the seconds taken.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: bench_betweenness FILE [--weighted]"))?,
    );
    let weighted = args.any(|a| a == "--weighted");
    let study = kith::io::read_path(&file, &kith::io::ReadOptions::default())?;
    let selection = kith::analysis::TieSelection {
        weighted,
        ..Default::default()
    };
    let graph = kith::analysis::Graph::new(&study, &selection);
    let start = Instant::now();
    let m = kith::analysis::betweenness_closeness(&graph, &|_, _| {});
    let seconds = start.elapsed().as_secs_f64();
    let top = m.betweenness.iter().cloned().fold(0.0, f64::max);
    println!(
        "{{\"seconds\": {seconds}, \"nodes\": {}, \"max_betweenness\": {top}}}",
        study.node_count()
    );
    Ok(())
}

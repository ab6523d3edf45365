//! Times the stages of comparing two generated survey waves of N respondents (default
//! 2,000): generating the files, importing each wave, combining, and comparing:
//! `cargo run --release --no-default-features --example waves_timing [N]`.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use kith::survey::{self, MergeMode};
use kith::waves::{self, CompareOptions, sample};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000);
    let t = Instant::now();
    let generated = sample::generate(sample::SEED, n);
    println!("generate      {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let mut studies = Vec::new();
    for (name, text) in [
        ("baseline", &generated.baseline_csv),
        ("post", &generated.post_csv),
    ] {
        let grid = kith::io::grid::read_delimited(name, text.as_bytes())?;
        let s = survey::import(&grid, &generated.recipe, MergeMode::None, name)?;
        studies.push((name.to_string(), s.study));
    }
    println!("import 2 waves{:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let study = waves::combine(studies)?;
    println!("combine       {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let options = CompareOptions {
        by: Some("intervention".into()),
        ..CompareOptions::default()
    };
    let change = waves::compare(&study, "baseline", "post", &options)?;
    println!("compare       {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    println!(
        "{} nodes, {} ties; {} people; ties gained {}, lost {}, kept {}",
        study.node_count(),
        study.tie_count(),
        change.people.len(),
        change.tie_counts.gained,
        change.tie_counts.lost,
        change.tie_counts.kept
    );
    Ok(())
}

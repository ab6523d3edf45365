//! Measures `.kith` project files of the sample survey at several sizes: file size (plain,
//! and gzip-compressed for comparison), and the time to save (encode, write, fsync, rename)
//! and to load (read, check the envelope, parse, check the content).
//! `cargo run --release --no-default-features --example project_timing [RESPONDENTS...]`.

use std::time::Instant;

use kith::layout::Point;
use kith::session::project::Project;

fn main() -> anyhow::Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        // 10,800 respondents make about 20,000 nodes.
        vec![kith::sample::RESPONDENTS, 3000, 10_800]
    } else {
        sizes
    };
    let dir = std::env::temp_dir().join(format!("kith-project-timing-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    println!("respondents  nodes  ties  file_bytes  gzip_bytes  compact_json  save_s  load_s");
    for respondents in sizes {
        let t = Instant::now();
        let study = kith::sample::study(kith::sample::SEED, respondents);
        eprintln!(
            "generated {respondents} respondents in {:.1}s",
            t.elapsed().as_secs_f64()
        );
        let mut project = Project::new(study);
        let n = project.study.node_count();
        // Positions with as many digits as a settled layout has.
        project.layout.positions = (0..n)
            .map(|i| {
                let t = i as f32 * 0.618_034;
                Point::new(t.sin() * 97.31 * (1.0 + t), t.cos() * 83.17 * (1.0 + t))
            })
            .collect();
        project.layout.pinned = vec![false; n];
        project.assign_pseudonyms();
        let path = dir.join(format!("sample-{respondents}.kith"));
        let start = Instant::now();
        project.save(&path)?;
        let save = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let back = Project::load(&path)?;
        let load = start.elapsed().as_secs_f64();
        assert!(back == project, "the project came back different");
        let bytes = std::fs::read(&path)?;
        let gz = miniz_oxide::deflate::compress_to_vec(&bytes, 6).len();
        let compact = serde_json::to_vec(&project)?.len();
        println!(
            "{respondents:>11} {n:>6} {:>5} {:>11} {gz:>11} {compact:>13} {save:>7.3} {load:>7.3}",
            project.study.tie_count(),
            bytes.len(),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

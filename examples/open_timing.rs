//! Times opening the 2,000-respondent survey to a settled sociogram, the way the
//! workbench does it: read the table, propose a recipe, import with the automatic merges,
//! replace the session's study, then wait for the layout worker to report it settled.
//! `cargo run --release --example open_timing` prints the seconds for each stage.

use std::time::Instant;

use kith::session::{Command, Session, Source};
use kith::survey::{self, MergeMode};

fn main() -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let path = dir.join("survey_2000.csv");
    std::fs::write(&path, kith::sample::survey_csv(kith::sample::SEED, 2000))?;

    // The window starts on the sample study; opening a file replaces it.
    let mut session = Session::new(kith::sample::bundled(), Source::default())?;
    session.settle();

    let start = Instant::now();
    let bytes = std::fs::read(&path)?;
    let grid = survey::read_table(&path, &bytes)?;
    let recipe = survey::propose::propose(&grid)?;
    let imported = survey::import(&grid, &recipe, MergeMode::Auto, "survey_2000.csv")?;
    let read = start.elapsed().as_secs_f64();
    let (nodes, ties) = (imported.study.node_count(), imported.study.tie_count());
    session.apply(Command::ReplaceStudy {
        study: Box::new(imported.study),
        source: Source {
            name: "survey_2000.csv".into(),
            path: Some(path.clone()),
            recipe: None,
        },
    });
    let layout = session.layout_mut().wait_settled();
    let settled = start.elapsed().as_secs_f64();
    let iterations = layout.map_or(0, |f| f.iterations);
    session.settle();
    let metrics = start.elapsed().as_secs_f64();

    println!("{nodes} nodes, {ties} ties");
    println!("read, proposed and imported: {read:.2} s");
    println!("layout settled ({iterations} iterations): {settled:.2} s");
    println!("metrics finished: {metrics:.2} s");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// A fresh directory under the system's temporary directory.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("kith-open-timing-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

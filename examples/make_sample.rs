//! Regenerates the bundled sample study under `assets/sample/`:
//! `cargo run --no-default-features --example make_sample`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("neighbourhood.graphml"), kith::sample::graphml())?;
    std::fs::write(
        dir.join("neighbourhood_survey.csv"),
        kith::sample::survey_csv(kith::sample::SEED, kith::sample::RESPONDENTS),
    )?;
    println!("wrote {}", dir.display());
    Ok(())
}

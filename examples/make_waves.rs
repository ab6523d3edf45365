//! Regenerates the two-wave test study under `tests/data/waves/` (two survey files, one file
//! of both waves, their recipes, and the truth about the planted changes):
//! `cargo run --no-default-features --example make_waves`.

use std::path::Path;

use kith::waves::sample;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/waves");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in sample::generate(sample::SEED, sample::RESPONDENTS).files() {
        std::fs::write(dir.join(name), text)?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}

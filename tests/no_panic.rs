//! Damaged files never crash a reader: seeded mutations of every published test network
//! (bytes flipped, cut short, delimiters and quotes inserted) must each give a study or an
//! error. The cargo-fuzz targets in `fuzz/` explore much further; this keeps the common
//! cases in every test run.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use kith::io::{ReadOptions, read};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            out.push(f.unwrap().path());
        }
    }
    out.sort();
    out
}

fn mutate(rng: &mut ChaCha8Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let interesting: &[u8] = b",;\t|\"'\n\r<>&=:*%0-9 \xff\xfe\x00";
    for _ in 0..rng.random_range(1..6) {
        if b.is_empty() {
            break;
        }
        let i = rng.random_range(0..b.len());
        match rng.random_range(0..5) {
            0 => b[i] = rng.random(),
            1 => b[i] = interesting[rng.random_range(0..interesting.len())],
            2 => b.truncate(i),
            3 => {
                let j = rng.random_range(i..b.len());
                b.drain(i..j);
            }
            _ => {
                let j = rng.random_range(0..b.len());
                let chunk: Vec<u8> = b[j..b.len().min(j + 16)].to_vec();
                b.splice(i..i, chunk);
            }
        }
    }
    b
}

#[test]
fn mutated_files_give_a_study_or_an_error() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let files = fixtures();
    assert!(files.len() > 40);
    for path in &files {
        let original = std::fs::read(path).unwrap();
        // Spreadsheets are zip archives: most mutations only test the unzipper.
        let rounds = if path.extension().is_some_and(|e| e == "xlsx" || e == "ods") {
            20
        } else {
            150
        };
        for round in 0..rounds {
            let bytes = mutate(&mut rng, &original);
            for opts in [
                ReadOptions::default(),
                ReadOptions {
                    directed: true,
                    two_mode: true,
                    format: None,
                },
            ] {
                let result =
                    std::panic::catch_unwind(|| read(path, &bytes, &opts).map(|s| s.tie_count()));
                if result.is_err() {
                    let out = std::env::temp_dir().join(format!(
                        "kith-panic-{round}-{}",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                    std::fs::write(&out, &bytes).unwrap();
                    panic!(
                        "{} round {round} panicked; input saved to {}",
                        path.display(),
                        out.display()
                    );
                }
            }
        }
    }
}

//! Rasterises the application icon `assets/icons/kith.svg` to the standard hicolor sizes
//! under `assets/icons/hicolor/`: `cargo run --no-default-features --example make_icons`.

use std::path::Path;

use resvg::{tiny_skia, usvg};

const SIZES: [u32; 7] = [16, 32, 48, 64, 128, 256, 512];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons");
    let svg = std::fs::read(root.join("kith.svg"))?;
    let tree = usvg::Tree::from_data(&svg, &usvg::Options::default())?;
    for size in SIZES {
        let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("bad size")?;
        let scale = size as f32 / tree.size().width();
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let dir = root.join(format!("hicolor/{size}x{size}/apps"));
        std::fs::create_dir_all(&dir)?;
        pixmap.save_png(dir.join("kith.png"))?;
    }
    println!("wrote {}", root.join("hicolor").display());
    Ok(())
}

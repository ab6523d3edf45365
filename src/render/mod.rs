//! Scene to SVG text; PNG by rasterising that SVG with resvg; PDF by converting the same
//! parsed SVG with svg2pdf. All three come from one SVG, so they look the same, and the
//! only fonts loaded are the ones shipped in `assets/fonts/`, so they look the same on
//! every machine.

mod svg;

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::scene::{Canvas, Scene, text};

pub use svg::svg;

/// Rendering that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The SVG could not be parsed (a bug in the SVG writer).
    #[error("the figure could not be prepared: {0}")]
    Svg(String),
    /// The requested raster size is zero or too large.
    #[error("a {width} x {height} pixel image cannot be made (at most 20,000 pixels a side)")]
    Size {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
    },
    /// PNG encoding failed.
    #[error("the PNG could not be written: {0}")]
    Png(String),
    /// PDF conversion failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The SVG parser options: only the bundled fonts, Noto Sans for every family.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(text::REGULAR.to_vec());
        db.load_font_data(text::BOLD.to_vec());
        db.set_sans_serif_family(text::FAMILY);
        db.set_serif_family(text::FAMILY);
        db.set_monospace_family(text::FAMILY);
        usvg::Options {
            font_family: text::FAMILY.to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

fn tree(svg_text: &str) -> Result<usvg::Tree, RenderError> {
    usvg::Tree::from_str(svg_text, options()).map_err(|e| RenderError::Svg(e.to_string()))
}

/// The pixel size of a PNG of `scene` at `dpi` (pages) or as laid out (pixel canvases).
pub fn pixel_size(scene: &Scene, dpi: f32) -> (u32, u32) {
    match scene.canvas {
        Canvas::Page {
            width_mm,
            height_mm,
        } => (
            (width_mm / 25.4 * dpi).round() as u32,
            (height_mm / 25.4 * dpi).round() as u32,
        ),
        Canvas::Pixels { width, height } => (width, height),
    }
}

/// Renders `scene` as a PNG at `dpi` (which also goes into the file, so a word processor
/// places it at its intended size).
pub fn png(scene: &Scene, dpi: f32) -> Result<Vec<u8>, RenderError> {
    let (w, h) = pixel_size(scene, dpi);
    png_from_svg(&svg(scene), w, h, dpi)
}

/// Rasterises SVG text to a `width` x `height` PNG, stretching the SVG's own size to fit.
pub fn png_from_svg(
    svg_text: &str,
    width: u32,
    height: u32,
    dpi: f32,
) -> Result<Vec<u8>, RenderError> {
    if width == 0 || height == 0 || width > 20_000 || height > 20_000 {
        return Err(RenderError::Size { width, height });
    }
    let tree = tree(svg_text)?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(RenderError::Size { width, height })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // The page is opaque white, so the premultiplied RGBA is plain RGB: drop alpha to
    // write a quarter less.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let per_metre = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc
            .write_header()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| RenderError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Renders `scene` as a one-page PDF of the canvas size, text kept as text (searchable)
/// in the bundled font, subset.
pub fn pdf(scene: &Scene) -> Result<Vec<u8>, RenderError> {
    pdf_from_svg(&svg(scene), true)
}

/// Converts SVG text to PDF; `compress` off leaves content streams readable (for tests).
pub fn pdf_from_svg(svg_text: &str, compress: bool) -> Result<Vec<u8>, RenderError> {
    let tree = tree(svg_text)?;
    let conversion = svg2pdf::ConversionOptions {
        compress,
        ..svg2pdf::ConversionOptions::default()
    };
    // usvg sizes the tree in CSS pixels (96 per inch); this keeps the page in millimetres.
    let page = svg2pdf::PageOptions { dpi: 96.0 };
    svg2pdf::to_pdf(&tree, conversion, page).map_err(|e| RenderError::Pdf(e.to_string()))
}

/// The output formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SVG text.
    Svg,
    /// PNG image.
    Png,
    /// PDF document.
    Pdf,
}

impl Format {
    /// The format for a file name's extension (`.svg`, `.png`, `.pdf`).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Renders `scene` in `format` (`dpi` is used by PNG only).
pub fn render(scene: &Scene, format: Format, dpi: f32) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Svg => Ok(svg(scene).into_bytes()),
        Format::Png => png(scene, dpi),
        Format::Pdf => pdf(scene),
    }
}

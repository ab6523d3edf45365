//! Scene to SVG text; raster images (PNG, TIFF, JPEG, WebP, GIF frames) by rasterising
//! that SVG with resvg; PDF by converting the same parsed SVG with svg2pdf. All come from
//! one SVG, so they look the same, and the only fonts loaded are the ones shipped in
//! `assets/fonts/`, so they look the same on every machine.

mod raster;
mod svg;

use std::sync::{Arc, OnceLock};

use resvg::usvg;

use crate::scene::{Canvas, Scene, text};

pub use raster::{
    JPEG_QUALITY, Raster, encode_gif, encode_jpeg, encode_png, encode_tiff, encode_webp,
    raster_from_svg, raster_from_svg_single_pass,
};
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
    /// Encoding a raster image failed.
    #[error("the {format} could not be written: {message}")]
    Encode {
        /// The file format ("PNG", "TIFF", ...).
        format: &'static str,
        /// What the encoder said.
        message: String,
    },
    /// PDF conversion failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// The file system refused the figure's file (the previous file, if any, is unchanged).
    #[error("{file}: cannot be written: {reason}")]
    Write {
        /// The file, as shown to the user.
        file: String,
        /// What the system said.
        reason: std::io::Error,
    },
}

/// Writes a figure's bytes to `path` atomically: every figure file Kith writes (the
/// command line, the export dialog, saved views, waves, animations) goes through here.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), RenderError> {
    crate::io::save_atomic(path, bytes).map_err(|reason| RenderError::Write {
        file: crate::io::display_name(path),
        reason,
    })
}

/// Renders `scene` in `format` at `dpi` and writes it to `path` ([`write_file`]).
pub fn write(
    scene: &Scene,
    format: FigureFormat,
    dpi: f32,
    path: &std::path::Path,
) -> Result<(), RenderError> {
    write_file(path, &render(scene, format, dpi)?)
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

/// Rasterises `scene` at `dpi` (pages) or at its own size (pixel canvases).
pub fn raster(scene: &Scene, dpi: f32) -> Result<Raster, RenderError> {
    let (w, h) = pixel_size(scene, dpi);
    raster_from_svg(&svg(scene), w, h)
}

/// Renders `scene` as a PNG at `dpi` (which also goes into the file, so a word processor
/// places it at its intended size), with the figure's title in the file's `Title` text.
pub fn png(scene: &Scene, dpi: f32) -> Result<Vec<u8>, RenderError> {
    encode_png(&raster(scene, dpi)?, dpi, scene.title.as_deref())
}

/// Rasterises SVG text to a `width` x `height` PNG, stretching the SVG's own size to fit;
/// `title` goes into the file's `Title` text (as figure managers and journals read it).
pub fn png_from_svg(
    svg_text: &str,
    width: u32,
    height: u32,
    dpi: f32,
    title: Option<&str>,
) -> Result<Vec<u8>, RenderError> {
    encode_png(&raster_from_svg(svg_text, width, height)?, dpi, title)
}

/// Frames a second of an animated GIF.
pub const GIF_FPS: u32 = 12;
/// Frames of an animated transition: two seconds at [`GIF_FPS`].
pub const GIF_FRAMES: usize = 24;
/// The widest animated GIF, in pixels: enough for a slide, small enough to send.
pub const GIF_MAX_WIDTH: u32 = 1280;

/// The times of `frames` frames of an animation, evenly from 0 (the first) to 1 (the
/// last) inclusive.
pub fn animation_times(frames: usize) -> Vec<f32> {
    match frames {
        0 => Vec::new(),
        1 => vec![0.0],
        n => (0..n).map(|i| i as f32 / (n - 1) as f32).collect(),
    }
}

/// The pixel size of a frame of `scene` in an animation at most `max_width` wide: a page
/// as wide as that, a pixel canvas at its own size unless it is wider.
pub fn frame_size(scene: &Scene, max_width: u32) -> (u32, u32) {
    let (w, h) = match scene.canvas {
        Canvas::Pixels { width, height } => (width, height),
        Canvas::Page { .. } => (
            max_width,
            ((max_width as f32 * scene.height / scene.width.max(1e-3)).round() as u32).max(1),
        ),
    };
    if w <= max_width || w == 0 {
        return (w, h);
    }
    let k = max_width as f32 / w as f32;
    (max_width, ((h as f32 * k).round() as u32).max(1))
}

/// An animated GIF of `scenes` (the frames, in order, all on the same canvas), at
/// [`GIF_FPS`] frames a second and at most `max_width` pixels wide, looping.
pub fn gif(scenes: &[Scene], max_width: u32) -> Result<Vec<u8>, RenderError> {
    let frames = gif_frames(scenes, max_width)?;
    encode_gif(&frames, GIF_FPS)
}

/// The pixels of each frame of [`gif`] before the GIF's palette reduction.
pub fn gif_frames(scenes: &[Scene], max_width: u32) -> Result<Vec<Raster>, RenderError> {
    use rayon::prelude::*;
    scenes
        .par_iter()
        .map(|scene| {
            let (w, h) = frame_size(scene, max_width);
            raster_from_svg(&svg(scene), w, h)
        })
        .collect()
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
    let pdf =
        svg2pdf::to_pdf(&tree, conversion, page).map_err(|e| RenderError::Pdf(e.to_string()))?;
    Ok(sort_objects(sort_dictionary_entries(pdf)))
}

/// Renumbers the PDF's objects in the order they are reached from the catalogue and
/// writes them in that order with a fresh cross-reference table. svg2pdf numbers and writes
/// font objects in hash-map order, so without this the same figure gives files whose
/// objects are shuffled from run to run. Falls back to the input if the file does not have
/// the simple shape pdf-writer produces.
fn sort_objects(pdf: Vec<u8>) -> Vec<u8> {
    canonical_objects(&pdf).unwrap_or(pdf)
}

/// An object's dictionary part (where references live) and its stream part, if any.
struct Object<'a> {
    dict: &'a [u8],
    stream: &'a [u8],
}

fn canonical_objects(pdf: &[u8]) -> Option<Vec<u8>> {
    let first = find(pdf, b"\n\n")? + 2;
    let xref = rfind(pdf, b"\nxref\n")? + 1;
    let trailer_at = rfind(pdf, b"trailer\n")?;
    let startxref = rfind(pdf, b"startxref\n")?;
    let trailer = &pdf[trailer_at..startxref];
    let mut objects: std::collections::BTreeMap<u32, Object<'_>> = Default::default();
    let mut at = first;
    while at < xref {
        let head_end = find(&pdf[at..xref], b" 0 obj\n")? + at;
        let num: u32 = std::str::from_utf8(&pdf[at..head_end])
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let body = head_end + b" 0 obj\n".len();
        let next_end = find(&pdf[body..xref], b"\nendobj\n").map(|k| body + k);
        let next_stream = find(&pdf[body..xref], b"\nstream\n").map(|k| body + k);
        let (dict_end, end) = match (next_stream, next_end) {
            (Some(st), Some(en)) if st < en => {
                // Skip the stream's data by its declared length: it may hold any bytes.
                let dict = String::from_utf8_lossy(&pdf[body..st]);
                let k = dict.find("\n  /Length ")?;
                let len: usize = dict[k + 11..].split_whitespace().next()?.parse().ok()?;
                let data_end = st + b"\nstream\n".len() + len;
                (st, find(&pdf[data_end..xref], b"\nendobj\n")? + data_end)
            }
            (_, Some(en)) => (en, en),
            _ => return None,
        };
        objects.insert(
            num,
            Object {
                dict: &pdf[body..dict_end],
                stream: &pdf[dict_end..end],
            },
        );
        at = end + b"\nendobj\n".len();
        while at < xref && pdf[at] == b'\n' {
            at += 1;
        }
    }
    // New numbers in breadth-first order of first reference, from the trailer.
    let mut renumber: std::collections::BTreeMap<u32, u32> = Default::default();
    let mut queue: std::collections::VecDeque<u32> = Default::default();
    let visit = |refs: Vec<u32>,
                 renumber: &mut std::collections::BTreeMap<u32, u32>,
                 queue: &mut std::collections::VecDeque<u32>| {
        for r in refs {
            if objects.contains_key(&r) && !renumber.contains_key(&r) {
                let n = renumber.len() as u32 + 1;
                renumber.insert(r, n);
                queue.push_back(r);
            }
        }
    };
    visit(references(trailer), &mut renumber, &mut queue);
    while let Some(old) = queue.pop_front() {
        let refs = objects
            .get(&old)
            .map(|o| references(o.dict))
            .unwrap_or_default();
        visit(refs, &mut renumber, &mut queue);
    }
    let unreached: Vec<u32> = objects
        .keys()
        .filter(|k| !renumber.contains_key(k))
        .copied()
        .collect();
    for old in unreached {
        let n = renumber.len() as u32 + 1;
        renumber.insert(old, n);
    }
    let mut order: Vec<(u32, u32)> = renumber.iter().map(|(o, n)| (*n, *o)).collect();
    order.sort_unstable();
    let mut out = pdf[..first].to_vec();
    let mut offsets = Vec::with_capacity(order.len());
    for (new, old) in &order {
        let o = objects.get(old)?;
        offsets.push(out.len());
        out.extend_from_slice(format!("{new} 0 obj\n").as_bytes());
        out.extend_from_slice(&rewrite_references(o.dict, &renumber));
        out.extend_from_slice(o.stream);
        out.extend_from_slice(b"\nendobj\n\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", order.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(&rewrite_references(trailer, &renumber));
    out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF").as_bytes());
    Some(out)
}

/// Spans of `N 0 R` references in dictionary text: (start, end, N).
fn reference_spans(text: &[u8]) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < text.len() && text[i].is_ascii_digit() {
                i += 1;
            }
            if text[i..].starts_with(b" 0 R")
                && text.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric())
                && let Some(n) = std::str::from_utf8(&text[start..i])
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
            {
                out.push((start, i + 4, n));
                i += 4;
            }
            continue;
        }
        i += 1;
    }
    out
}

fn references(text: &[u8]) -> Vec<u32> {
    reference_spans(text).into_iter().map(|s| s.2).collect()
}

fn rewrite_references(text: &[u8], renumber: &std::collections::BTreeMap<u32, u32>) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for (start, end, n) in reference_spans(text) {
        out.extend_from_slice(&text[at..start]);
        let new = renumber.get(&n).copied().unwrap_or(n);
        out.extend_from_slice(format!("{new} 0 R").as_bytes());
        at = end;
    }
    out.extend_from_slice(&text[at..]);
    out
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Puts the entries of every PDF dictionary that svg2pdf writes one reference per line in
/// sorted order. svg2pdf fills resource dictionaries from a hash map, so their order
/// changes from run to run; sorting whole lines keeps every byte offset (and so the
/// cross-reference table) valid while making the file the same every time. Stream data is
/// left alone.
fn sort_dictionary_entries(mut pdf: Vec<u8>) -> Vec<u8> {
    let is_entry = |line: &[u8]| {
        let t = line.trim_ascii_start();
        t.len() < line.len()
            && t.first() == Some(&b'/')
            && t.ends_with(b" 0 R")
            && t.iter().filter(|&&c| c == b' ').count() == 3
    };
    let mut at = 0;
    while at < pdf.len() {
        // The dictionary part runs up to the next stream's data.
        let end = find(&pdf[at..], b"\nstream\n").map_or(pdf.len(), |k| at + k);
        let mut line_starts = vec![at];
        for (k, &c) in pdf[at..end].iter().enumerate() {
            if c == b'\n' {
                line_starts.push(at + k + 1);
            }
        }
        let lines: Vec<(usize, usize)> = line_starts
            .iter()
            .map(|&s| {
                let e = pdf[s..end]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(end, |k| s + k);
                (s, e)
            })
            .collect();
        let mut k = 0;
        while k < lines.len() {
            let indent = |(s, e): (usize, usize)| {
                let l = &pdf[s..e];
                l.len() - l.trim_ascii_start().len()
            };
            if !is_entry(&pdf[lines[k].0..lines[k].1]) {
                k += 1;
                continue;
            }
            let mut j = k + 1;
            while j < lines.len()
                && is_entry(&pdf[lines[j].0..lines[j].1])
                && indent(lines[j]) == indent(lines[k])
            {
                j += 1;
            }
            if j - k > 1 {
                let (s, e) = (lines[k].0, lines[j - 1].1);
                let mut run: Vec<Vec<u8>> = pdf[s..e]
                    .split(|&c| c == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect();
                run.sort();
                let joined = run.join(&b'\n');
                pdf[s..e].copy_from_slice(&joined);
            }
            k = j;
        }
        // Skip the stream's data.
        at = match find(&pdf[end..], b"\nendstream") {
            Some(k) => end + k + b"\nendstream".len(),
            None => pdf.len(),
        };
    }
    pdf
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The output formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureFormat {
    /// SVG text.
    Svg,
    /// PNG image.
    Png,
    /// PDF document.
    Pdf,
    /// TIFF image, LZW-compressed (what journals ask for).
    Tiff,
    /// JPEG image, quality 92.
    Jpeg,
    /// WebP image, lossless.
    Webp,
}

impl FigureFormat {
    /// Every format, in the order menus and messages list them.
    pub const ALL: [FigureFormat; 6] = [
        FigureFormat::Png,
        FigureFormat::Svg,
        FigureFormat::Pdf,
        FigureFormat::Tiff,
        FigureFormat::Jpeg,
        FigureFormat::Webp,
    ];

    /// The format for a file name's extension (`.svg`, `.png`, `.pdf`, `.tif`/`.tiff`,
    /// `.jpg`/`.jpeg`, `.webp`), in any case.
    pub fn from_path(path: &std::path::Path) -> Option<FigureFormat> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "svg" => Some(FigureFormat::Svg),
            "png" => Some(FigureFormat::Png),
            "pdf" => Some(FigureFormat::Pdf),
            "tif" | "tiff" => Some(FigureFormat::Tiff),
            "jpg" | "jpeg" => Some(FigureFormat::Jpeg),
            "webp" => Some(FigureFormat::Webp),
            _ => None,
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FigureFormat::Svg => "svg",
            FigureFormat::Png => "png",
            FigureFormat::Pdf => "pdf",
            FigureFormat::Tiff => "tif",
            FigureFormat::Jpeg => "jpg",
            FigureFormat::Webp => "webp",
        }
    }

    /// The format's name as users know it ("PNG", "TIFF", ...).
    pub fn name(self) -> &'static str {
        match self {
            FigureFormat::Svg => "SVG",
            FigureFormat::Png => "PNG",
            FigureFormat::Pdf => "PDF",
            FigureFormat::Tiff => "TIFF",
            FigureFormat::Jpeg => "JPEG",
            FigureFormat::Webp => "WebP",
        }
    }

    /// Whether the format is pixels (so its size depends on the DPI).
    pub fn is_raster(self) -> bool {
        !matches!(self, FigureFormat::Svg | FigureFormat::Pdf)
    }

    /// Every extension [`FigureFormat::from_path`] knows, for messages: ".png, .svg, ...".
    pub fn known_extensions() -> String {
        let mut out: Vec<String> = FigureFormat::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect();
        out.insert(4, ".tiff".into());
        out.insert(6, ".jpeg".into());
        out.join(", ")
    }
}

/// Renders `scene` in `format` (`dpi` sets the pixel size and resolution of raster
/// formats).
pub fn render(scene: &Scene, format: FigureFormat, dpi: f32) -> Result<Vec<u8>, RenderError> {
    match format {
        FigureFormat::Svg => Ok(svg(scene).into_bytes()),
        FigureFormat::Png => png(scene, dpi),
        FigureFormat::Pdf => pdf(scene),
        FigureFormat::Tiff => encode_tiff(&raster(scene, dpi)?, dpi),
        FigureFormat::Jpeg => encode_jpeg(&raster(scene, dpi)?, dpi),
        FigureFormat::Webp => encode_webp(&raster(scene, dpi)?),
    }
}

#[cfg(test)]
mod format_tests {
    use super::FigureFormat;

    #[test]
    fn extensions_round_trip() {
        for f in FigureFormat::ALL {
            let name = format!("fig.{}", f.extension().to_uppercase());
            assert_eq!(
                FigureFormat::from_path(std::path::Path::new(&name)),
                Some(f)
            );
        }
        assert_eq!(
            FigureFormat::known_extensions(),
            ".png, .svg, .pdf, .tif, .tiff, .jpg, .jpeg, .webp"
        );
    }
}

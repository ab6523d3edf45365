//! Pixels of a figure and the raster files made from them.
//!
//! The SVG is rasterised by resvg and tiny-skia in horizontal bands, one pixmap each, on
//! all cores (rayon), and the bands are written into one opaque RGB image. Each band draws
//! only the shapes whose bounds reach its rows, with resvg's own transforms and paints, so
//! its pixels are those of a band drawn from the whole tree. On an idle 2-core machine the
//! raster step of an A4 300-dpi figure of 2,000 nodes and 6,000 ties (parse included) takes
//! 0.28 s banded beside 0.52 s in one pass on one thread (`benches/render.rs`, one run);
//! when every band drew the whole tree, banding took 1.4 times the one pass's CPU time.
//! With the other core busy both take about 0.54 s. Most of what is left is tiny-skia
//! blending the antialiased edges of the ties, pixel by pixel. Encoding goes through the
//! `image` crate: PNG (with the resolution in a `pHYs` chunk and the title in an `iTXt`
//! chunk), TIFF (LZW, with resolution tags), JPEG (quality 92) and lossless WebP, plus the
//! frames of an animated GIF.

use std::io::Cursor;

use image::ImageEncoder;
use rayon::prelude::*;
use resvg::{tiny_skia, usvg};

use super::RenderError;

/// Rows per band of a banded raster. A band draws only the shapes that reach its rows, but
/// also the [`BAND_OVERLAP`] rows above and below them, so fewer bands draw fewer rows in
/// all; on a machine whose cores are shared, many small bands keep every core busy to the
/// end. On an A4 300-dpi figure of 2,000 nodes, 256 and 512 rows cost the same and 128 rows
/// a tenth more (see `benches/render.rs`). The bands are fixed in rows, not taken from the
/// machine's core count, so that a figure comes out byte for byte the same on any computer.
const BAND_ROWS: u32 = 256;

/// The rows per band of an image `height` rows high.
fn band_rows(height: u32) -> u32 {
    BAND_ROWS.min(height.max(1))
}

/// JPEG quality: high enough that thin ties and small text keep clean edges.
pub const JPEG_QUALITY: u8 = 92;

/// An opaque raster image of a figure, 8-bit RGB, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Red, green and blue of each pixel, row by row.
    pub rgb: Vec<u8>,
}

impl Raster {
    /// The pixels as RGBA (opaque), as clipboards and window textures take them.
    pub fn rgba(&self) -> Vec<u8> {
        self.rgb
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect()
    }
}

fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    if width == 0 || height == 0 || width > 20_000 || height > 20_000 {
        return Err(RenderError::Size { width, height });
    }
    Ok(())
}

/// Rows drawn above and below each band and then cut off: tiny-skia clips a shape at the
/// pixmap's edge, which changes how the rows next to the edge are antialiased, so a band
/// drawn exactly to its edges would show faint seams. (Curves cut by the edge are also
/// flattened into slightly different segments, so a few edge pixels further off may still
/// differ from a one-pass raster by some antialiasing levels.)
const BAND_OVERLAP: u32 = 16;

/// Pixels around a shape's bounds within which it may still tint a pixel (antialiasing).
const CULL_MARGIN: f32 = 2.0;

/// How much of the tree a band draws.
#[derive(Clone, Copy)]
enum Draw {
    /// The whole tree, as `resvg::render` draws it.
    All,
    /// Only the shapes that reach the band's own rows (see [`draw_group`]).
    Culled,
}

/// Renders rows `top..top + rows` of `tree` stretched to `width` x `height`, on white,
/// into `out` as RGB (`rows` rows of `width` pixels).
fn band(
    tree: &usvg::Tree,
    (width, height): (u32, u32),
    (top, rows): (u32, u32),
    draw: Draw,
    out: &mut [u8],
) -> Result<(), RenderError> {
    let above = top.min(BAND_OVERLAP);
    let below = (height - top - rows).min(BAND_OVERLAP);
    let drawn = rows + above + below;
    let mut pixmap = tiny_skia::Pixmap::new(width, drawn).ok_or(RenderError::Size {
        width,
        height: drawn,
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let (sx, sy) = (width as f32 / size.width(), height as f32 / size.height());
    let transform =
        tiny_skia::Transform::from_scale(sx, sy).post_translate(0.0, -((top - above) as f32));
    match draw {
        Draw::All => resvg::render(tree, transform, &mut pixmap.as_mut()),
        Draw::Culled => {
            // The band's own rows in the tree's units: a shape that stays off them only
            // tints rows that are cut off.
            let rows_in_tree = (
                (top as f32 - CULL_MARGIN) / sy,
                ((top + rows) as f32 + CULL_MARGIN) / sy,
            );
            draw_group(tree.root(), transform, rows_in_tree, &mut pixmap.as_mut());
        }
    }
    // The page is opaque white, so the premultiplied RGBA is plain RGB.
    let row = width as usize * 4;
    let kept = &pixmap.data()[above as usize * row..(above + rows) as usize * row];
    for (rgb, rgba) in out.chunks_exact_mut(3).zip(kept.chunks_exact(4)) {
        rgb.copy_from_slice(&rgba[..3]);
    }
    Ok(())
}

/// Draws the children of `group` as `resvg::render` does, with the same transforms and so
/// the same pixels, but skips every shape whose bounds (stroke included, in the tree's
/// units) lie wholly above or below `rows` (top, bottom). A figure is thousands of small
/// shapes, and each band would otherwise stroke and scan every one of them.
fn draw_group(
    group: &usvg::Group,
    transform: tiny_skia::Transform,
    rows: (f32, f32),
    pixmap: &mut tiny_skia::PixmapMut,
) {
    let off = |b: usvg::Rect| b.bottom() < rows.0 || b.top() > rows.1;
    for node in group.children() {
        match node {
            usvg::Node::Group(g) if !g.should_isolate() => {
                draw_group(g, transform.pre_concat(g.transform()), rows, pixmap);
            }
            usvg::Node::Path(path) => {
                if !off(path.abs_stroke_bounding_box()) {
                    draw_path(node, path, transform, pixmap);
                }
            }
            usvg::Node::Text(text) if !text.flattened().should_isolate() => {
                // The glyphs are culled with their text: their own bounds are not all in
                // the tree's units.
                if !off(node.abs_stroke_bounding_box()) {
                    let g = text.flattened();
                    draw_group(
                        g,
                        transform.pre_concat(g.transform()),
                        (f32::MIN, f32::MAX),
                        pixmap,
                    );
                }
            }
            _ => {
                // The layer's bounds: a filter may reach beyond the shapes.
                if let Some(layer) = node.abs_layer_bounding_box()
                    && !off(layer.to_rect())
                {
                    draw_node(node, transform, pixmap);
                }
            }
        }
    }
}

/// Draws `node` (whose parent is drawn with `transform`) through `resvg::render_node`,
/// which places a node's layer at the pixmap's origin; shifting by the layer's corner
/// first undoes that.
fn draw_node(
    node: &usvg::Node,
    transform: tiny_skia::Transform,
    pixmap: &mut tiny_skia::PixmapMut,
) {
    if let Some(layer) = node.abs_layer_bounding_box() {
        resvg::render_node(node, transform.pre_translate(layer.x(), layer.y()), pixmap);
    }
}

/// A path in a plain colour, painted as resvg paints it, less the fill of a path that is
/// one straight segment (a tie): a fill without area covers no pixel, but tiny-skia would
/// still scan it. Other paints go through resvg ([`draw_node`]).
fn draw_path(
    node: &usvg::Node,
    path: &usvg::Path,
    transform: tiny_skia::Transform,
    pixmap: &mut tiny_skia::PixmapMut,
) {
    if !path.is_visible() {
        return;
    }
    let color = |paint: &usvg::Paint, opacity: usvg::Opacity| match paint {
        usvg::Paint::Color(c) => {
            let mut p = tiny_skia::Paint::default();
            p.set_color_rgba8(c.red, c.green, c.blue, opacity.to_u8());
            p.anti_alias = path.rendering_mode().use_shape_antialiasing();
            Some(p)
        }
        _ => None,
    };
    let fill = path
        .fill()
        .map(|f| (color(f.paint(), f.opacity()), f.rule()));
    let stroke = path.stroke().map(|s| (color(s.paint(), s.opacity()), s));
    if matches!(fill, Some((None, _))) || matches!(stroke, Some((None, _))) {
        draw_node(node, transform, pixmap);
        return;
    }
    let data = path.data();
    let fill = |pixmap: &mut tiny_skia::PixmapMut| {
        let Some((Some(paint), rule)) = &fill else {
            return;
        };
        let bounds = data.bounds();
        // resvg skips horizontal and vertical lines; any single segment has no area.
        if bounds.width() == 0.0 || bounds.height() == 0.0 || data.points().len() <= 2 {
            return;
        }
        let rule = match rule {
            usvg::FillRule::NonZero => tiny_skia::FillRule::Winding,
            usvg::FillRule::EvenOdd => tiny_skia::FillRule::EvenOdd,
        };
        pixmap.fill_path(data, paint, rule, transform, None);
    };
    let stroke = |pixmap: &mut tiny_skia::PixmapMut| {
        if let Some((Some(paint), s)) = &stroke {
            pixmap.stroke_path(data, paint, &s.to_tiny_skia(), transform, None);
        }
    };
    if path.paint_order() == usvg::PaintOrder::FillAndStroke {
        fill(pixmap);
        stroke(pixmap);
    } else {
        stroke(pixmap);
        fill(pixmap);
    }
}

/// Rasterises SVG text to `width` x `height` pixels (stretching the SVG's own size to fit)
/// in horizontal bands rendered in parallel, each drawing only the shapes that reach it.
pub fn raster_from_svg(svg_text: &str, width: u32, height: u32) -> Result<Raster, RenderError> {
    check_size(width, height)?;
    let tree = super::tree(svg_text)?;
    let rows = band_rows(height);
    let mut rgb = vec![0; width as usize * height as usize * 3];
    rgb.par_chunks_mut(rows as usize * width as usize * 3)
        .enumerate()
        .try_for_each(|(k, out)| {
            let top = k as u32 * rows;
            band(
                &tree,
                (width, height),
                (top, rows.min(height - top)),
                Draw::Culled,
                out,
            )
        })?;
    Ok(Raster { width, height, rgb })
}

/// Rasterises SVG text in one pass on one thread, drawing the whole tree with
/// `resvg::render`: the reference the banded [`raster_from_svg`] is measured and checked
/// against.
pub fn raster_from_svg_single_pass(
    svg_text: &str,
    width: u32,
    height: u32,
) -> Result<Raster, RenderError> {
    check_size(width, height)?;
    let tree = super::tree(svg_text)?;
    let mut rgb = vec![0; width as usize * height as usize * 3];
    band(&tree, (width, height), (0, height), Draw::All, &mut rgb)?;
    Ok(Raster { width, height, rgb })
}

fn encode_error(format: &'static str) -> impl Fn(image::ImageError) -> RenderError {
    move |e| RenderError::Encode {
        format,
        message: e.to_string(),
    }
}

/// Encodes `raster` as a PNG with its resolution (`dpi`) in a `pHYs` chunk, so that word
/// processors and journal systems place it at its intended size, and `title` in an `iTXt`
/// `Title` chunk (with `Software`: Kith).
pub fn encode_png(raster: &Raster, dpi: f32, title: Option<&str>) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        &raster.rgb,
        raster.width,
        raster.height,
        image::ExtendedColorType::Rgb8,
    )
    .map_err(encode_error("PNG"))?;
    let per_metre = (dpi / 0.0254).round() as u32;
    let mut chunks = Vec::new();
    let mut phys = Vec::with_capacity(9);
    phys.extend_from_slice(&per_metre.to_be_bytes());
    phys.extend_from_slice(&per_metre.to_be_bytes());
    phys.push(1); // the unit is the metre
    chunks.push(png_chunk(b"pHYs", &phys));
    chunks.push(png_chunk(b"iTXt", &itxt("Software", "Kith")));
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        // iTXt: UTF-8, so titles in any language survive.
        chunks.push(png_chunk(b"iTXt", &itxt("Title", t)));
    }
    insert_after_ihdr(out, &chunks.concat())
}

/// The body of an uncompressed `iTXt` chunk: keyword, no language, no translated keyword.
fn itxt(keyword: &str, text: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(keyword.len() + text.len() + 5);
    body.extend_from_slice(keyword.as_bytes());
    // Null separator, compression flag and method (none), empty language tag and
    // translated keyword, each ended by a null.
    body.extend_from_slice(&[0, 0, 0, 0, 0]);
    body.extend_from_slice(text.as_bytes());
    body
}

/// One PNG chunk: length, type, data and the CRC-32 of type and data.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = Vec::with_capacity(data.len() + 12);
    chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&chunk[4..]).to_be_bytes());
    chunk
}

/// CRC-32 as PNG defines it (ISO 3309, reflected, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `png` with `chunks` placed right after its header chunk. image's PNG encoder writes
/// neither resolution nor text, and the PNG format lets both sit anywhere before the
/// image data; the signature (8 bytes) and IHDR (25 bytes) have a fixed size.
fn insert_after_ihdr(png: Vec<u8>, chunks: &[u8]) -> Result<Vec<u8>, RenderError> {
    const HEADER_END: usize = 8 + 25;
    if png.len() < HEADER_END || &png[12..16] != b"IHDR" {
        return Err(RenderError::Encode {
            format: "PNG",
            message: "the encoder wrote no header".into(),
        });
    }
    let mut out = Vec::with_capacity(png.len() + chunks.len());
    out.extend_from_slice(&png[..HEADER_END]);
    out.extend_from_slice(chunks);
    out.extend_from_slice(&png[HEADER_END..]);
    Ok(out)
}

/// Encodes `raster` as a TIFF, LZW-compressed, with `dpi` in its XResolution,
/// YResolution and ResolutionUnit (inch) tags.
pub fn encode_tiff(raster: &Raster, dpi: f32) -> Result<Vec<u8>, RenderError> {
    use tiff::encoder::{Compression, Rational, TiffEncoder, colortype};
    use tiff::tags::ResolutionUnit;
    let err = |e: tiff::TiffError| RenderError::Encode {
        format: "TIFF",
        message: e.to_string(),
    };
    let mut out = Cursor::new(Vec::new());
    {
        let mut encoder = TiffEncoder::new(&mut out)
            .map_err(err)?
            .with_compression(Compression::Lzw);
        let mut img = encoder
            .new_image::<colortype::RGB8>(raster.width, raster.height)
            .map_err(err)?;
        // Hundredths of a dot per inch, so 299.5 survives as well as 300.
        let per_inch = Rational {
            n: (dpi * 100.0).round().max(1.0) as u32,
            d: 100,
        };
        img.resolution(ResolutionUnit::Inch, per_inch);
        img.write_data(&raster.rgb).map_err(err)?;
    }
    Ok(out.into_inner())
}

/// Encodes `raster` as a baseline JPEG at [`JPEG_QUALITY`] with `dpi` in its JFIF header.
/// The raster is already flattened on white (figures have no transparency).
pub fn encode_jpeg(raster: &Raster, dpi: f32) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    let d = dpi.round().clamp(1.0, f32::from(u16::MAX)) as u16;
    encoder.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(d));
    encoder
        .write_image(
            &raster.rgb,
            raster.width,
            raster.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(encode_error("JPEG"))?;
    Ok(out)
}

/// Encodes `raster` as a lossless WebP.
pub fn encode_webp(raster: &Raster) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(
            &raster.rgb,
            raster.width,
            raster.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(encode_error("WebP"))?;
    Ok(out)
}

/// Encodes `frames` (all the same size) as a looping animated GIF at `fps` frames a
/// second. Each frame gets its own palette (GIF allows 256 colours a frame).
pub fn encode_gif(frames: &[Raster], fps: u32) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    {
        // Speed 10 of 1..=30: a good palette for flat figure colours at a fair speed.
        let mut encoder = image::codecs::gif::GifEncoder::new_with_speed(&mut out, 10);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .map_err(encode_error("GIF"))?;
        for f in frames {
            let Some(buffer) = image::RgbaImage::from_raw(f.width, f.height, f.rgba()) else {
                return Err(RenderError::Size {
                    width: f.width,
                    height: f.height,
                });
            };
            let delay = image::Delay::from_numer_denom_ms(1000, fps.max(1));
            encoder
                .encode_frame(image::Frame::from_parts(buffer, 0, 0, delay))
                .map_err(encode_error("GIF"))?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_iend() {
        // Every PNG ends with this chunk, CRC AE 42 60 82.
        assert_eq!(png_chunk(b"IEND", &[])[8..], [0xAE, 0x42, 0x60, 0x82]);
    }

    /// `svg` drawn in bands both ways: the whole tree in each band, and culled.
    fn whole_and_culled(svg: &str, width: u32, height: u32) -> (Vec<u8>, Vec<u8>) {
        let tree = super::super::tree(svg).unwrap();
        let rows = band_rows(height);
        let chunk = (rows * width * 3) as usize;
        let mut whole = vec![0; (width * height * 3) as usize];
        let mut culled = whole.clone();
        for (k, (w, c)) in whole
            .chunks_mut(chunk)
            .zip(culled.chunks_mut(chunk))
            .enumerate()
        {
            let top = k as u32 * rows;
            let span = (top, rows.min(height - top));
            band(&tree, (width, height), span, Draw::All, w).unwrap();
            band(&tree, (width, height), span, Draw::Culled, c).unwrap();
        }
        (whole, culled)
    }

    #[test]
    fn culled_bands_have_the_pixels_of_whole_ones() {
        // Ties within one band and across several, nodes, text, and what goes through
        // resvg itself: a translucent group and a gradient.
        let mut svg = String::from(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="700" font-family="Noto Sans">
            <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/>
            <stop offset="1" stop-color="#00f"/></linearGradient></defs>
            <rect width="300" height="700" fill="#ffffff"/>"##,
        );
        for i in 0..40 {
            let (x, y) = (7 * i % 300, 17 * i % 700);
            svg.push_str(&format!(
                r##"<line x1="{x}" y1="{y}" x2="{}" y2="{}" stroke="#8c8c8c" stroke-width="1.5" stroke-linecap="round" stroke-opacity="0.4"/>"##,
                300 - x,
                (y + 40 * (i % 9)) % 700
            ));
            svg.push_str(&format!(
                r##"<circle cx="{x}" cy="{y}" r="{}" fill="#336699" stroke="#ffffff" stroke-width="1"/>"##,
                3 + i % 11
            ));
        }
        svg.push_str(
            r##"<text x="20" y="262" font-size="14" font-weight="bold">Across a seam</text>
            <g opacity="0.5"><rect x="40" y="480" width="100" height="60" fill="#d55e00"/></g>
            <rect x="150" y="240" width="100" height="40" fill="url(#g)"/>
            <polygon points="10,600 90,690 10,690" fill="#009e73" stroke="#000"/></svg>"##,
        );
        let (whole, culled) = whole_and_culled(&svg, 300, 700);
        assert!(whole == culled);
        // The same at a scale, as figures are drawn, and inside a transformed group, with
        // a blur that reaches the next band.
        let svg = svg
            .replacen("font-family", r#"viewBox="0 0 300 700" font-family"#, 1)
            .replacen(
                "<rect width",
                r#"<g transform="translate(5 -3) scale(0.9)"><rect width"#,
                1,
            )
            .replacen(
                "</svg>",
                r#"</g><filter id="b" x="-1" y="-3" width="3" height="7">
                <feGaussianBlur stdDeviation="6"/></filter>
                <g filter="url(#b)"><rect x="200" y="500" width="60" height="8"/></g></svg>"#,
                1,
            );
        let (whole, culled) = whole_and_culled(&svg, 450, 1050);
        assert!(whole == culled);
    }

    #[test]
    fn bands_match_one_pass() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="700">
            <circle cx="50" cy="250" r="40" fill="#336699"/>
            <line x1="0" y1="0" x2="100" y2="700" stroke="#000" stroke-width="2"/></svg>"##;
        let a = raster_from_svg(svg, 100, 700).unwrap();
        let b = raster_from_svg_single_pass(svg, 100, 700).unwrap();
        let diff: Vec<u8> = a
            .rgb
            .iter()
            .zip(&b.rgb)
            .map(|(x, y)| x.abs_diff(*y))
            .collect();
        let off = diff.iter().filter(|d| **d > 0).count();
        let worst = diff.iter().max().copied().unwrap_or(0);
        // A curve cut by a band's edge is flattened into slightly different segments, so a
        // few edge pixels near the seams differ by antialiasing levels, no more.
        assert!(
            off * 200 <= diff.len() && worst <= 40,
            "{off} channels, up to {worst}"
        );
    }
}

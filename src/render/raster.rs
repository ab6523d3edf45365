//! Pixels of a figure and the raster files made from them.
//!
//! The SVG is rasterised by resvg in horizontal bands, one tiny-skia pixmap each, on all
//! cores (rayon), and the bands are stacked into one opaque RGB image. Encoding goes through
//! the `image` crate: PNG (with the resolution in a `pHYs` chunk and the title in an `iTXt`
//! chunk), TIFF (LZW, with resolution tags), JPEG (quality 92) and lossless WebP, plus the
//! frames of an animated GIF.

use std::io::Cursor;

use image::ImageEncoder;
use rayon::prelude::*;
use resvg::{tiny_skia, usvg};

use super::RenderError;

/// Rows per band of a banded raster. Every band walks (and strokes) the whole SVG tree, so
/// fewer bands cost less in all; but on a machine whose cores are shared, many small bands
/// keep every core busy to the end. 256 rows measured best here (see `benches/render.rs`).
/// The bands are fixed in rows, not taken from the machine's core count, so that a figure
/// comes out byte for byte the same on any computer.
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

/// Renders rows `top..top + rows` of `tree` stretched to `width` x `height`, on white,
/// as RGB.
fn band(
    tree: &usvg::Tree,
    width: u32,
    height: u32,
    top: u32,
    rows: u32,
) -> Result<Vec<u8>, RenderError> {
    let above = top.min(BAND_OVERLAP);
    let below = (height - top - rows).min(BAND_OVERLAP);
    let drawn = rows + above + below;
    let mut pixmap = tiny_skia::Pixmap::new(width, drawn).ok_or(RenderError::Size {
        width,
        height: drawn,
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    )
    .post_translate(0.0, -((top - above) as f32));
    resvg::render(tree, transform, &mut pixmap.as_mut());
    // The page is opaque white, so the premultiplied RGBA is plain RGB.
    let row = width as usize * 4;
    let kept = &pixmap.data()[above as usize * row..(above + rows) as usize * row];
    Ok(kept
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect())
}

/// Rasterises SVG text to `width` x `height` pixels (stretching the SVG's own size to fit)
/// in horizontal bands rendered in parallel.
pub fn raster_from_svg(svg_text: &str, width: u32, height: u32) -> Result<Raster, RenderError> {
    check_size(width, height)?;
    let tree = super::tree(svg_text)?;
    let rows = band_rows(height);
    let tops: Vec<u32> = (0..height).step_by(rows as usize).collect();
    let bands: Vec<Vec<u8>> = tops
        .par_iter()
        .map(|&top| band(&tree, width, height, top, rows.min(height - top)))
        .collect::<Result<_, _>>()?;
    Ok(Raster {
        width,
        height,
        rgb: bands.concat(),
    })
}

/// Rasterises SVG text in one pass on one thread: the reference the banded
/// [`raster_from_svg`] is measured and checked against.
pub fn raster_from_svg_single_pass(
    svg_text: &str,
    width: u32,
    height: u32,
) -> Result<Raster, RenderError> {
    check_size(width, height)?;
    let tree = super::tree(svg_text)?;
    Ok(Raster {
        width,
        height,
        rgb: band(&tree, width, height, 0, height)?,
    })
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

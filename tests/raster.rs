//! Raster figures: PNG, TIFF, JPEG and WebP of one figure, their pixels and the resolution
//! written into them, and `kith render` choosing the format by extension.
//!
//! `KITH_FIGURES_OUT=DIR` also writes the files there for a look.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::path::Path;

use kith::layout::{self, Kind};
use kith::render::{self, FigureFormat};
use kith::scene::{self, Canvas, Highlight, Scene, View};

fn write_out(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KITH_FIGURES_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// The sample neighbourhood on an A4 page, coloured, with a title.
fn a4_figure() -> Scene {
    let s = kith::sample::study(kith::sample::SEED, kith::sample::RESPONDENTS);
    let view = View {
        canvas: Canvas::A4,
        color_by: Some("employment_status".into()),
        size_by: Some("degree".into()),
        highlights: vec![Highlight::Isolates],
        title: Some("Qui compte sur qui — who people rely on".into()),
        anonymise: true,
        ..View::default()
    };
    let metrics = scene::metrics_input::compute(&s, false);
    let radii = scene::relative_radii(&s, &metrics, &view).unwrap();
    let layout = layout::compute(&s, &Kind::ForceAtlas2 { iterations: 300 }, &radii, 1);
    scene::build(&s, &layout, &metrics, &view).unwrap()
}

/// The PNG's chunks in order: type and data.
fn png_chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let mut out = Vec::new();
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        out.push((kind, png[at + 8..at + 8 + len].to_vec()));
        at += 12 + len;
    }
    out
}

/// Pixels per metre (x, y) and whether the unit is the metre, from the `pHYs` chunk.
fn png_phys(png: &[u8]) -> (u32, u32, u8) {
    let (_, d) = png_chunks(png)
        .into_iter()
        .find(|(k, _)| k == b"pHYs")
        .expect("a pHYs chunk");
    (
        u32::from_be_bytes(d[0..4].try_into().unwrap()),
        u32::from_be_bytes(d[4..8].try_into().unwrap()),
        d[8],
    )
}

/// The text of the PNG's `iTXt` chunk `keyword`.
fn png_itxt(png: &[u8], keyword: &str) -> Option<String> {
    png_chunks(png)
        .into_iter()
        .filter(|(k, _)| k == b"iTXt")
        .find_map(|(_, d)| {
            let rest = d
                .strip_prefix(keyword.as_bytes())?
                .strip_prefix(&[0u8][..])?;
            // Compression flag and method, then language and translated keyword (empty).
            let text = &rest[2..];
            let text = &text[text.iter().position(|&c| c == 0)? + 1..];
            let text = &text[text.iter().position(|&c| c == 0)? + 1..];
            Some(String::from_utf8(text.to_vec()).unwrap())
        })
}

fn rgb(bytes: &[u8], format: image::ImageFormat) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, format)
        .unwrap()
        .into_rgb8()
}

#[test]
fn tiff_and_png_of_an_a4_page_at_300_dpi_have_the_same_pixels_and_resolution() {
    let scene = a4_figure();
    let png = render::render(&scene, FigureFormat::Png, 300.0).unwrap();
    let tiff = render::render(&scene, FigureFormat::Tiff, 300.0).unwrap();
    write_out("a4_300.png", &png);
    write_out("a4_300.tif", &tiff);

    // A4 landscape at 300 dpi is 3508 x 2480 pixels.
    let p = rgb(&png, image::ImageFormat::Png);
    let t = rgb(&tiff, image::ImageFormat::Tiff);
    assert_eq!(p.dimensions(), (3508, 2480));
    assert!(p == t, "the TIFF's pixels differ from the PNG's");

    // PNG: 300 dpi is 11811 pixels per metre (the unit byte 1 says metres).
    assert_eq!(png_phys(&png), (11811, 11811, 1));
    assert_eq!(
        png_itxt(&png, "Title").as_deref(),
        Some("Qui compte sur qui — who people rely on")
    );
    assert_eq!(png_itxt(&png, "Software").as_deref(), Some("Kith"));
    // The metadata comes before the image data, as readers expect.
    let kinds: Vec<[u8; 4]> = png_chunks(&png).into_iter().map(|(k, _)| k).collect();
    let phys = kinds.iter().position(|k| k == b"pHYs").unwrap();
    let idat = kinds.iter().position(|k| k == b"IDAT").unwrap();
    assert!(kinds[0] == *b"IHDR" && phys < idat);

    // TIFF: 300 per inch in both directions, LZW.
    use tiff::decoder::Decoder;
    use tiff::tags::Tag;
    let mut d = Decoder::new(std::io::Cursor::new(&tiff)).unwrap();
    let ratio = |v: tiff::decoder::ifd::Value| match v {
        tiff::decoder::ifd::Value::Rational(n, d) => n as f64 / d as f64,
        other => panic!("not a rational: {other:?}"),
    };
    assert_eq!(ratio(d.get_tag(Tag::XResolution).unwrap()), 300.0);
    assert_eq!(ratio(d.get_tag(Tag::YResolution).unwrap()), 300.0);
    // ResolutionUnit 2 is the inch; Compression 5 is LZW.
    assert_eq!(d.get_tag_u32(Tag::ResolutionUnit).unwrap(), 2);
    assert_eq!(d.get_tag_u32(Tag::Compression).unwrap(), 5);
    assert!(
        tiff.len() < p.as_raw().len() / 4,
        "LZW should shrink a figure (mostly white) well below its raw size"
    );
}

#[test]
fn jpeg_and_webp_open_at_the_page_size_on_white() {
    let scene = a4_figure();
    for (format, image_format, name) in [
        (FigureFormat::Jpeg, image::ImageFormat::Jpeg, "a4_150.jpg"),
        (FigureFormat::Webp, image::ImageFormat::WebP, "a4_150.webp"),
    ] {
        let bytes = render::render(&scene, format, 150.0).unwrap();
        write_out(name, &bytes);
        assert_eq!(image::guess_format(&bytes).unwrap(), image_format, "{name}");
        let img = rgb(&bytes, image_format);
        // A4 landscape at 150 dpi.
        assert_eq!(img.dimensions(), (1754, 1240), "{name}");
        // The page is white (JPEG has no transparency; nothing turns black).
        let corner = img.get_pixel(2, 2).0;
        assert!(corner.iter().all(|&c| c >= 250), "{name}: {corner:?}");
    }
    // WebP is lossless: the same pixels as the PNG.
    let webp = render::render(&scene, FigureFormat::Webp, 150.0).unwrap();
    let png = render::render(&scene, FigureFormat::Png, 150.0).unwrap();
    assert!(rgb(&webp, image::ImageFormat::WebP) == rgb(&png, image::ImageFormat::Png));
    // JPEG carries the resolution in its JFIF header: units 1 (dots per inch), 150 x 150.
    let jpeg = render::render(&scene, FigureFormat::Jpeg, 150.0).unwrap();
    let jfif = jpeg.windows(5).position(|w| w == b"JFIF\0").unwrap();
    assert_eq!(jpeg[jfif + 7], 1);
    assert_eq!(
        (
            u16::from_be_bytes([jpeg[jfif + 8], jpeg[jfif + 9]]),
            u16::from_be_bytes([jpeg[jfif + 10], jpeg[jfif + 11]])
        ),
        (150, 150)
    );
}

#[test]
fn banded_raster_matches_one_pass() {
    let scene = a4_figure();
    let svg = render::svg(&scene);
    let (w, h) = render::pixel_size(&scene, 150.0);
    let banded = render::raster_from_svg(&svg, w, h).unwrap();
    let single = render::raster_from_svg_single_pass(&svg, w, h).unwrap();
    let off = banded
        .rgb
        .iter()
        .zip(&single.rgb)
        .filter(|(a, b)| a.abs_diff(**b) > 16)
        .count();
    // Only antialiasing of a few curves cut by band edges may differ.
    assert!(off * 1000 <= banded.rgb.len(), "{off} channels differ");
}

#[test]
fn kith_render_chooses_the_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/karate/karate_matrix.csv");
    let run = |name: &str| {
        let out = dir.path().join(name);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("render")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--iterations", "100", "--page", "a5", "--dpi", "96"])
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
            out,
        )
    };
    for (name, format) in [
        ("k.tif", image::ImageFormat::Tiff),
        ("k.TIFF", image::ImageFormat::Tiff),
        ("k.jpg", image::ImageFormat::Jpeg),
        ("k.jpeg", image::ImageFormat::Jpeg),
        ("k.webp", image::ImageFormat::WebP),
        ("k.png", image::ImageFormat::Png),
    ] {
        let (ok, err, out) = run(name);
        assert!(ok, "{name}: {err}");
        let bytes = std::fs::read(out).unwrap();
        // A5 landscape at 96 dpi.
        assert_eq!(rgb(&bytes, format).dimensions(), (794, 559), "{name}");
    }
    let (ok, err, _) = run("k.bmp");
    assert!(!ok);
    assert!(
        err.contains("unknown figure format") && err.contains(".tif") && err.contains(".webp"),
        "{err}"
    );
}

fn waves_study() -> kith::model::Study {
    kith::io::read_path(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/waves_fig/waves_edges.csv"),
        &kith::io::ReadOptions::default(),
    )
    .unwrap()
}

/// Channels (of RGB) that differ by more than `by` levels, and the mean difference.
fn differences(a: &[u8], b: &[u8], by: u8) -> (usize, f64) {
    assert_eq!(a.len(), b.len());
    let off = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.abs_diff(**y) > by)
        .count();
    let total: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    (off, total as f64 / a.len() as f64)
}

#[test]
fn the_waves_animation_runs_from_one_wave_s_figure_to_the_other_s() {
    use image::AnimationDecoder;
    let study = waves_study();
    let view = View {
        canvas: Canvas::A5,
        title: Some("From baseline to post".into()),
        ..View::default()
    };
    let metrics = scene::metrics_input::compute(&study, false);
    let radii = scene::relative_radii(&study, &metrics, &view).unwrap();
    let layout = layout::compute(&study, &Kind::ForceAtlas2 { iterations: 300 }, &radii, 1);
    let times = render::animation_times(render::GIF_FRAMES);
    assert_eq!((times[0], times[times.len() - 1]), (0.0, 1.0));
    let scenes: Vec<Scene> = times
        .iter()
        .map(|&t| {
            scene::waves::transition_scene(&study, &layout, &view, "baseline", "post", t).unwrap()
        })
        .collect();
    // The ends are the two waves' own figures (everyone takes part in both waves here, so
    // the shared box is each wave's own).
    for (scene, wave) in [(&scenes[0], "baseline"), (&scenes[23], "post")] {
        let own = scene::build_panels(&study, std::slice::from_ref(&layout), &view, &[wave.into()])
            .unwrap()
            .scene;
        assert!(render::svg(scene) == render::svg(&own), "{wave}");
    }

    let gif = render::gif(&scenes, 480).unwrap();
    write_out("waves.gif", &gif);
    let frames = image::codecs::gif::GifDecoder::new(Cursor::new(&gif))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    // Two seconds at 12 frames a second.
    assert_eq!(frames.len(), 24);
    let (num, den) = frames[0].delay().numer_denom_ms();
    assert!(
        (num as f32 / den as f32 - 1000.0 / 12.0).abs() <= 5.0,
        "{num}/{den} ms"
    );
    let (w, h) = render::frame_size(&scenes[0], 480);
    assert_eq!(w, 480);
    let rgb_of = |f: &image::Frame| image::DynamicImage::ImageRgba8(f.buffer().clone()).into_rgb8();
    for (k, frame) in [(0, &frames[0]), (23, &frames[23])] {
        let shown = rgb_of(frame);
        assert_eq!(shown.dimensions(), (w, h));
        let expected = render::raster_from_svg(&render::svg(&scenes[k]), w, h).unwrap();
        // The GIF's palette of 256 colours shifts shades a little, no more.
        let (off, mean) = differences(shown.as_raw(), &expected.rgb, 24);
        assert!(
            off * 100 <= expected.rgb.len() && mean < 2.0,
            "frame {k}: {off} channels off, mean difference {mean}"
        );
    }
    // Halfway, the gained and lost ties are both half there: unlike either end.
    let middle = rgb_of(&frames[12]);
    for end in [&frames[0], &frames[23]] {
        assert_ne!(middle.as_raw(), rgb_of(end).as_raw());
    }
}

#[test]
fn kith_render_animates_two_waves_as_a_gif() {
    use image::AnimationDecoder;
    let dir = tempfile::tempdir().unwrap();
    let edges = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/waves_fig/waves_edges.csv");
    let run = |args: &[&str], name: &str| {
        let out = dir.path().join(name);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("render")
            .arg(&edges)
            .args(args)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
            out,
        )
    };
    let (ok, err, out) = run(
        &["--waves", "baseline,post", "--animate", "--page", "a5"],
        "change.gif",
    );
    assert!(ok, "{err}");
    let gif = std::fs::read(&out).unwrap();
    let frames = image::codecs::gif::GifDecoder::new(Cursor::new(&gif))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(frames.len(), 24);
    assert_eq!(frames[0].buffer().width(), 1280, "at most 1280 pixels wide");
    assert!(gif.len() < 10_000_000, "{} bytes", gif.len());

    let (ok, err, _) = run(
        &["--waves", "baseline,interim,post", "--animate"],
        "three.gif",
    );
    assert!(!ok && err.contains("name two waves"), "{err}");
    let (ok, err, _) = run(&["--waves", "baseline,post"], "still.gif");
    assert!(!ok && err.contains("--animate"), "{err}");
    let (ok, err, _) = run(&["--waves", "baseline,post", "--animate"], "moving.png");
    assert!(!ok && err.contains(".gif"), "{err}");
}

//! Figures: layout quality on published networks, golden SVG and PNG files, byte-identical
//! re-renders, and anonymised outputs that contain no names.
//!
//! `KITH_BLESS=1 cargo test --test figures` rewrites the golden files after an intended
//! change; `KITH_FIGURES_OUT=DIR` also writes the sample figures there for a look.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

#[path = "support/pdf.rs"]
mod pdf;
use pdf::{pdf_shown_text, pdf_text};

use kith::io::{self, ReadOptions};
use kith::layout::{self, Kind, Layout, Point};
use kith::model::Study;
use kith::render;
use kith::scene::{self, Callout, Canvas, Highlight, Labels, NodeMetrics, Scene, Shape, View};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(p)
}

fn read(p: &str) -> Study {
    io::read_path(&data(p), &ReadOptions::default()).unwrap()
}

/// Zachary's karate club with the faction each member joined (`club`).
fn karate() -> Study {
    let mut s = read("data/karate/karate_matrix.csv");
    let table = io::grid::read_delimited(
        "karate_club.csv",
        &std::fs::read(data("golden/karate_club.csv")).unwrap(),
    )
    .unwrap();
    io::attributes::join(&mut s, &table, "id").unwrap();
    s
}

fn figure(study: &Study, kind: &Kind, view: &View, seed: u64) -> (Scene, Layout) {
    let metrics = scene::metrics_input::compute(study, true);
    let radii = scene::relative_radii(study, &metrics, view).unwrap();
    let layout = layout::compute(study, kind, &radii, seed);
    (
        scene::build(study, &layout, &metrics, view).unwrap(),
        layout,
    )
}

const FA2: Kind = Kind::ForceAtlas2 { iterations: 600 };

/// The golden file `name`, or `None` after writing `bytes` as it with `KITH_BLESS=1`. A
/// missing golden file fails: a test that made its own expectation would always pass.
fn golden(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let path = data("golden").join(name);
    if std::env::var_os("KITH_BLESS").is_some() {
        std::fs::write(&path, bytes).unwrap();
        return None;
    }
    assert!(
        path.exists(),
        "{} is missing: KITH_BLESS=1 writes it (look at it before committing)",
        path.display()
    );
    Some(std::fs::read(path).unwrap())
}

fn write_out(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KITH_FIGURES_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[test]
fn karate_factions_are_separated_and_nodes_do_not_overlap() {
    let s = karate();
    let club = s.node_attribute("club").unwrap();
    let metrics = NodeMetrics::default();
    let view = View::default();
    let radii = scene::relative_radii(&s, &metrics, &view).unwrap();
    for seed in [1, 2, 3] {
        let p = layout::compute(&s, &FA2, &radii, seed).positions;
        let (mut within, mut nw, mut between, mut nb) = (0.0, 0, 0.0, 0);
        for a in 0..s.node_count() {
            for b in (a + 1)..s.node_count() {
                let d = p[a].distance(p[b]);
                assert!(
                    d >= radii[a] + radii[b],
                    "seed {seed}: nodes {a} and {b} overlap"
                );
                if club.value(a) == club.value(b) {
                    within += d;
                    nw += 1;
                } else {
                    between += d;
                    nb += 1;
                }
            }
        }
        let (within, between) = (within / nw as f32, between / nb as f32);
        assert!(
            within < 0.8 * between,
            "seed {seed}: within {within}, between {between}"
        );
    }
}

#[test]
fn layouts_do_not_depend_on_the_thread_count() {
    let s = read("data/lesmis/lesmis_edges.csv");
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| layout::compute(&s, &FA2, &[], 5).positions)
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn same_inputs_give_byte_identical_files() {
    let s = karate();
    let view = View {
        color_by: Some("club".into()),
        size_by: Some("betweenness".into()),
        title: Some("Zachary's karate club".into()),
        ..View::default()
    };
    let (a, _) = figure(&s, &FA2, &view, 1);
    let (b, _) = figure(&s, &FA2, &view, 1);
    assert!(render::svg(&a) == render::svg(&b), "SVG differs");
    assert!(
        render::png(&a, 72.0).unwrap() == render::png(&b, 72.0).unwrap(),
        "PNG differs"
    );
    let (pa, pb) = (render::pdf(&a).unwrap(), render::pdf(&b).unwrap());
    if let Some(dir) = std::env::var_os("KITH_FIGURES_OUT") {
        std::fs::write(Path::new(&dir).join("a.pdf"), &pa).unwrap();
        std::fs::write(Path::new(&dir).join("b.pdf"), &pb).unwrap();
    }
    assert!(pa == pb, "PDF differs");
}

fn label_boxes(scene: &Scene) -> Vec<(f32, f32, f32, f32)> {
    // Label backgrounds are the translucent white rectangles.
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect {
                min,
                max,
                opacity,
                stroke: None,
                ..
            } if *opacity < 0.9 => Some((min.x, min.y, max.x, max.y)),
            _ => None,
        })
        .collect()
}

#[test]
fn golden_karate_svg_and_png() {
    let s = karate();
    let view = View {
        color_by: Some("club".into()),
        size_by: Some("degree".into()),
        highlights: vec![Highlight::CutPoints, Highlight::Bridges],
        title: Some("Zachary's karate club: the two factions".into()),
        caption: Some("Source: Zachary (1977). Ties weighted by shared contexts.".into()),
        callouts: vec![Callout {
            node: "0".into(),
            text: "Mr. Hi, the instructor".into(),
        }],
        ..View::default()
    };
    let (scene, _) = figure(&s, &FA2, &view, 1);
    // Labels never overlap one another.
    let boxes = label_boxes(&scene);
    assert!(boxes.len() >= 30, "{} labels", boxes.len());
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap =
                a.0 < b.2 - 0.01 && b.0 < a.2 - 0.01 && a.1 < b.3 - 0.01 && b.1 < a.3 - 0.01;
            assert!(!overlap, "labels {a:?} and {b:?} overlap");
        }
    }
    let svg = render::svg(&scene);
    write_out("karate.svg", svg.as_bytes());
    if let Some(expected) = golden("karate.svg", svg.as_bytes()) {
        assert!(
            expected == svg.as_bytes(),
            "karate.svg differs from tests/golden/karate.svg (KITH_BLESS=1 to accept)"
        );
    }
    let png = render::png(&scene, 50.0).unwrap();
    write_out("karate.png", &png);
    if let Some(expected) = golden("karate.png", &png) {
        assert_images_close(&expected, &png);
    }
}

#[test]
fn golden_florentine_circular_svg() {
    let mut s = read("data/florentine/florentine_edges.csv");
    let table = io::grid::read_delimited(
        "florentine_attributes.csv",
        &std::fs::read(data("data/florentine/florentine_attributes.csv")).unwrap(),
    )
    .unwrap();
    io::attributes::join(&mut s, &table, "family").unwrap();
    let view = View {
        canvas: Canvas::Pixels {
            width: 900,
            height: 600,
        },
        color_by: Some("wealth".into()),
        labels: Labels::All,
        title: Some("Florentine families".into()),
        ..View::default()
    };
    let (scene, _) = figure(&s, &Kind::Circular, &view, 1);
    let svg = render::svg(&scene);
    write_out("florentine.svg", svg.as_bytes());
    if let Some(expected) = golden("florentine.svg", svg.as_bytes()) {
        assert!(
            expected == svg.as_bytes(),
            "florentine.svg differs from tests/golden/florentine.svg (KITH_BLESS=1 to accept)"
        );
    }
}

/// Decodes a PNG into RGB(A) bytes and its size.
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let img = image::load_from_memory_with_format(png_bytes, image::ImageFormat::Png)
        .unwrap()
        .into_rgb8();
    (img.width(), img.height(), img.into_raw())
}

/// Images match when they have the same size and at most 0.5% of channels differ by more
/// than 16 levels (antialiasing may vary a little between library versions).
fn assert_images_close(expected: &[u8], actual: &[u8]) {
    let (ew, eh, e) = decode(expected);
    let (aw, ah, a) = decode(actual);
    assert_eq!((ew, eh), (aw, ah), "image size changed");
    let off = e
        .iter()
        .zip(&a)
        .filter(|(x, y)| x.abs_diff(**y) > 16)
        .count();
    assert!(
        off * 200 <= e.len(),
        "{off} of {} channels differ from the golden image",
        e.len()
    );
}

#[test]
fn anonymised_svg_and_pdf_contain_no_names() {
    let s = kith::sample::study(kith::sample::SEED, kith::sample::RESPONDENTS);
    let people: Vec<&kith::model::Node> = s.nodes().iter().filter(|n| n.kind.is_person()).collect();
    let first = people[0];
    let view = View {
        color_by: Some("employment_status".into()),
        labels: Labels::All,
        highlights: vec![Highlight::Isolates],
        title: Some(format!("Who {} relies on", first.label)),
        callouts: vec![Callout {
            node: first.id.clone(),
            text: format!("{} runs the food bank", first.label),
        }],
        anonymise: true,
        ..View::default()
    };
    let (scene, _) = figure(&s, &FA2, &view, 1);
    let svg = render::svg(&scene);
    let pdf_plain = render::pdf_from_svg(&svg, false).unwrap();
    let pdf = render::pdf(&scene).unwrap();
    let shown = pdf_shown_text(&pdf);
    assert!(
        shown.contains("P001"),
        "the PDF text decoder found no pseudonym"
    );
    for text in [
        svg.clone(),
        pdf_text(&pdf_plain),
        pdf_text(&pdf),
        shown.clone(),
    ] {
        for n in &people {
            for name in [&n.label, &n.id] {
                if name.chars().count() >= 4 && name.chars().any(char::is_alphabetic) {
                    assert!(
                        !text.contains(name.as_str()),
                        "\"{name}\" appears in an output"
                    );
                }
            }
        }
    }
    // The same checks do see names when names are on.
    let named = View {
        anonymise: false,
        ..view
    };
    let (scene, _) = figure(&s, &FA2, &named, 1);
    let pdf = render::pdf(&scene).unwrap();
    write_out("sample_named.pdf", &pdf);
    let shown = pdf_shown_text(&pdf);
    assert!(
        shown.contains(first.label.as_str()),
        "{} not in {}",
        first.label,
        &shown[..shown.len().min(400)]
    );
    assert!(render::svg(&scene).contains(first.label.as_str()));
}

#[test]
fn sample_figures_render_in_every_format() {
    let s = kith::sample::study(kith::sample::SEED, kith::sample::RESPONDENTS);
    let view = View {
        color_by: Some("employment_status".into()),
        size_by: Some("degree".into()),
        highlights: vec![Highlight::Isolates, Highlight::Brokers],
        title: Some("Sample neighbourhood: who people rely on".into()),
        anonymise: true,
        ..View::default()
    };
    let (scene, _) = figure(&s, &FA2, &view, 1);
    let png = render::png(&scene, 96.0).unwrap();
    assert_eq!(decode(&png).0, 1123);
    write_out("sample.png", &png);
    let pdf = render::pdf(&scene).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    write_out("sample.pdf", &pdf);
    let grouped = Kind::Grouped {
        attribute: "employment_status".into(),
        iterations: 400,
    };
    let view = View {
        color_by: Some("migration_status".into()),
        filters: vec![scene::Filter::Values {
            attribute: "kind_is_ignored_here".into(),
            values: vec![],
        }],
        ..view
    };
    let metrics = scene::metrics_input::compute(&s, true);
    let radii = scene::relative_radii(&s, &metrics, &view).unwrap();
    let layout = layout::compute(&s, &grouped, &radii, 1);
    assert!(matches!(
        scene::build(&s, &layout, &metrics, &view),
        Err(scene::SceneError::UnknownName { .. })
    ));
    let view = View {
        filters: vec![],
        ..view
    };
    let scene = scene::build(&s, &layout, &metrics, &view).unwrap();
    write_out("sample_grouped.png", &render::png(&scene, 96.0).unwrap());
}

/// What each option of the `kith render` call below does, as the SVG shows it.
fn check_render_options(svg: &str) {
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .filter_map(|t| t.split_once("</text>").map(|(text, _)| text))
        .collect();
    // --page a5
    assert!(svg.contains("width=\"210mm\" height=\"148mm\""));
    // --title and --caption, in the figure and its metadata.
    assert!(svg.contains("<title>Karate</title>"));
    assert!(texts.contains(&"Karate") && texts.contains(&"Zachary 1977"));
    // --callout 33=...
    assert!(texts.contains(&"The officer"));
    // --labels top:5 --anonymise: the five highest by betweenness (the size metric), under
    // their pseudonyms; no member's own label is written.
    let mut labels: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| {
            t.len() == 4 && t.starts_with('P') && t[1..].bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    labels.sort_unstable();
    assert_eq!(labels, ["P001", "P003", "P032", "P033", "P034"]);
    for id in 1..=34 {
        assert!(
            !texts.contains(&id.to_string().as_str()),
            "label {id} drawn"
        );
    }
    // --colour-by club, --layout grouped:club: a legend of the clubs and a box per club.
    assert!(texts.contains(&"Club"));
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("Mr. Hi (")).count(),
        2
    );
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("Officer (")).count(),
        2
    );
    // --size-by betweenness
    assert!(texts.contains(&"Size: betweenness"));
    // --filter degree=2.. --fade: the one member with a single tie is drawn faded.
    assert!(texts.contains(&"Not selected (1)"), "{texts:?}");
    // --highlight brokers,cutpoints
    assert!(texts.contains(&"Cut point (1)"));
    assert!(texts.iter().any(|t| t.starts_with("Broker")));
}

#[test]
fn kith_render_writes_svg_png_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let input = data("data/karate/karate_matrix.csv");
    let club = data("golden/karate_club.csv");
    for (name, magic) in [
        ("k.svg", &b"<svg"[..]),
        ("k.png", &b"\x89PNG"[..]),
        ("k.pdf", &b"%PDF"[..]),
    ] {
        let out = dir.path().join(name);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("render")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(["--attributes", club.to_str().unwrap(), "--key", "id"])
            .args(["--colour-by", "club", "--size-by", "betweenness"])
            .args(["--filter", "degree=2..", "--fade"])
            .args(["--highlight", "brokers,cutpoints", "--labels", "top:5"])
            .args([
                "--title",
                "Karate",
                "--caption",
                "Zachary 1977",
                "--anonymise",
            ])
            .args(["--callout", "33=The officer", "--layout", "grouped:club"])
            .args([
                "--seed",
                "2",
                "--iterations",
                "200",
                "--page",
                "a5",
                "--dpi",
                "72",
            ])
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{name}");
        // The page size: A5 landscape, 72 dpi for the PNG.
        match name {
            "k.svg" => check_render_options(&String::from_utf8(bytes).unwrap()),
            "k.png" => {
                let (w, h, _) = decode(&bytes);
                assert_eq!((w, h), (595, 420), "an A5 page at 72 dpi");
            }
            _ => {
                let text = String::from_utf8_lossy(&bytes);
                assert!(text.contains("/MediaBox [0 0 595.2"), "an A5 page");
                let shown = pdf_shown_text(&bytes);
                assert!(
                    shown.contains("Karate") && shown.contains("P034"),
                    "{shown}"
                );
            }
        }
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("render")
        .arg(&input)
        .args(["-o", "x.svg", "--color-by", "nonesuch"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nonesuch"));
}

/// `kith render` with the options given, to SVG; the words of its texts.
fn render_svg(input: &Path, args: &[&str]) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.svg");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("render")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .args(["--iterations", "50", "--labels", "none"])
        .args(args)
        .output()
        .unwrap();
    if !run.status.success() {
        return Err(String::from_utf8_lossy(&run.stderr).into_owned());
    }
    Ok(svg_words(&std::fs::read_to_string(&out).unwrap()))
}

/// The words of every text of an SVG, joined by single spaces (so a caption wrapped onto
/// several lines reads as one).
fn svg_words(svg: &str) -> String {
    let mut words = Vec::new();
    for part in svg.split("<text").skip(1) {
        let Some((_, rest)) = part.split_once('>') else {
            continue;
        };
        let text = rest.split("</text>").next().unwrap_or("");
        words.extend(text.split_whitespace().map(str::to_string));
    }
    words.join(" ")
}

#[test]
fn kith_render_draws_one_relation_or_one_wave() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/neighbourhood.graphml");
    let study = io::read_path(&sample, &ReadOptions::default()).unwrap();
    let rely = study
        .relations()
        .iter()
        .position(|r| r == "rely_on")
        .unwrap();
    let rely_ties = study
        .ties()
        .iter()
        .filter(|t| t.relation.map(|r| usize::from(r.0)) == Some(rely))
        .count();
    assert!(rely_ties < study.tie_count());
    let svg = render_svg(&sample, &["--relation", "rely_on"]).unwrap();
    assert!(
        svg.contains(&format!("{rely_ties} ties (directed); relation rely_on")),
        "the caption counts only the rely-on ties"
    );
    let all = render_svg(&sample, &[]).unwrap();
    assert!(all.contains(&format!("{} ties (directed)", study.tie_count())));
    let err = render_svg(&sample, &["--relation", "friends"]).unwrap_err();
    assert!(
        err.contains("--relation") && err.contains("rely_on"),
        "{err}"
    );

    let edges = data("data/waves_fig/waves_edges.csv");
    let svg = render_svg(&edges, &["--wave", "interim"]).unwrap();
    assert!(
        svg.contains("11 ties; wave interim"),
        "only the interim ties"
    );
    let err = render_svg(&edges, &["--wave", "later"]).unwrap_err();
    assert!(err.contains("--wave") && err.contains("baseline"), "{err}");
}

#[test]
fn legends_wrap_and_isolates_keep_their_spacing() {
    let sample = kith::sample::bundled();
    let relations = std::collections::BTreeSet::from(["rely_on".to_string()]);
    let study = kith::session::project::study_in_view(&sample, Some(&relations), None);
    for canvas in [
        Canvas::A4,
        Canvas::Pixels {
            width: 1200,
            height: 800,
        },
    ] {
        let view = View {
            canvas,
            color_by: Some("employment_status".into()),
            highlights: vec![Highlight::Isolates, Highlight::Brokers],
            ..View::default()
        };
        let (scene, _) = figure(&study, &FA2, &view, 1);
        let mut broker_lines = 0;
        for shape in &scene.shapes {
            if let Shape::Text {
                at,
                text,
                size,
                bold,
                ..
            } = shape
            {
                assert!(!text.ends_with('\u{2026}'), "cut off: {text}");
                let w = kith::scene::text::width(text, *size, *bold);
                assert!(at.x + w <= scene.width + 0.5, "past the page: {text}");
                broker_lines += usize::from(text.starts_with("Broker ("));
            }
        }
        assert_eq!(broker_lines, 1, "the broker entry is there, wrapped");
        // Isolate marks: no two touch, rings included.
        let tied: std::collections::BTreeSet<usize> = study
            .ties()
            .iter()
            .flat_map(|t| [t.source.index(), t.target.index()])
            .collect();
        let left_out = kith::waves::left_out(&study);
        let isolates: Vec<usize> = (0..study.node_count())
            .filter(|i| !tied.contains(i) && !left_out[*i])
            .collect();
        assert!(isolates.len() >= 8);
        // Isolates are ringed with a dashed line: their rings must not touch.
        let isolate_marks: Vec<(Point, f32)> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Node {
                    center,
                    radius,
                    stroke: Some(stroke),
                    ..
                } if stroke.dash.is_some() => Some((*center, *radius)),
                _ => None,
            })
            .collect();
        // One more: the legend's sample of the ring.
        assert_eq!(isolate_marks.len(), isolates.len() + 1);
        for (k, (a, ra)) in isolate_marks.iter().enumerate() {
            for (b, rb) in &isolate_marks[k + 1..] {
                let d = a.distance(*b);
                assert!(d < 0.01 || d >= ra + rb, "marks overlap: {a:?} {b:?}");
            }
        }
    }
}

//! Small multiples of survey waves: tie classes per panel, shared positions, per-wave
//! isolate rings, the shared legend, rendering and `kith render --waves`.
//!
//! The network is `tests/data/waves_fig` (see its README for the changes between waves).
//! `KITH_BLESS=1` rewrites the golden SVG; `KITH_FIGURES_OUT=DIR` writes the figures there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kith::io::{self, ReadOptions};
use kith::layout::{self, Kind, Layout, Point};
use kith::model::{AttrType, NodeId, Study, Value};
use kith::render;
use kith::scene::{
    self, Canvas, Highlight, Scene, SceneError, Shape, TieChange, TieClass, View, palette,
};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(p)
}

fn study() -> Study {
    let mut s = io::read_path(
        &data("data/waves_fig/waves_edges.csv"),
        &ReadOptions::default(),
    )
    .unwrap();
    let table = io::grid::read_delimited(
        "waves_attributes.csv",
        &std::fs::read(data("data/waves_fig/waves_attributes.csv")).unwrap(),
    )
    .unwrap();
    io::attributes::join(&mut s, &table, "id").unwrap();
    s
}

fn id(s: &Study, name: &str) -> usize {
    s.find(name).unwrap().index()
}

fn shared_layout(s: &Study, view: &View) -> Layout {
    let metrics = scene::metrics_input::compute(s, false);
    let radii = scene::relative_radii(s, &metrics, view).unwrap();
    layout::compute(s, &Kind::ForceAtlas2 { iterations: 400 }, &radii, 1)
}

fn two_waves() -> Vec<String> {
    vec!["baseline".to_string(), "interim".to_string()]
}

fn view() -> View {
    View {
        highlights: vec![Highlight::Isolates],
        title: Some("Who left isolation between baseline and interim".into()),
        ..View::default()
    }
}

fn change(s: &Study, a: &str, b: &str, class: TieClass) -> TieChange {
    let (x, y) = (id(s, a), id(s, b));
    TieChange {
        source: NodeId(x.min(y) as u32),
        target: NodeId(x.max(y) as u32),
        class,
    }
}

/// Baseline to interim, as the fixture's README describes it.
fn expected_changes(s: &Study) -> Vec<TieChange> {
    use TieClass::*;
    let mut v = vec![
        change(s, "Ana", "Ben", Kept),
        change(s, "Ben", "Cara", Kept),
        change(s, "Cara", "Ana", Kept),
        change(s, "Dev", "Eli", Kept),
        change(s, "Eli", "Fay", Kept),
        change(s, "Fay", "Dev", Kept),
        change(s, "Hal", "Ivy", Kept),
        change(s, "Cara", "Dev", Lost),
        change(s, "Ivy", "Jo", Lost),
        change(s, "Jo", "Max", Lost),
        change(s, "Jo", "Hal", Gained),
        change(s, "Kim", "Ana", Gained),
        change(s, "Kim", "Dev", Gained),
        change(s, "Lee", "Kim", Gained),
    ];
    v.sort();
    v
}

fn write_out(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KITH_FIGURES_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn inside(p: Point, r: &layout::Rect) -> bool {
    p.x >= r.min.x && p.x <= r.max.x && p.y >= r.min.y && p.y <= r.max.y
}

fn texts(scene: &Scene) -> Vec<&str> {
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Lines of one colour, as (from, to).
fn lines_of(scene: &Scene, color: palette::Color) -> Vec<(Point, Point, bool)> {
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Line {
                from, to, stroke, ..
            } if stroke.color == color => Some((*from, *to, stroke.dash.is_some())),
            _ => None,
        })
        .collect()
}

#[test]
fn transition_classes_every_tie_of_two_waves() {
    let s = study();
    assert_eq!(
        scene::transition(&s, "baseline", "interim").unwrap(),
        expected_changes(&s)
    );
    // Reversed, gained and lost swap.
    let back = scene::transition(&s, "interim", "baseline").unwrap();
    let swapped: Vec<TieChange> = expected_changes(&s)
        .into_iter()
        .map(|c| TieChange {
            class: match c.class {
                TieClass::Gained => TieClass::Lost,
                TieClass::Lost => TieClass::Gained,
                k => k,
            },
            ..c
        })
        .collect();
    assert_eq!(back, swapped);
    // The drawing rule: kept stay, gained fade in, lost fade out.
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        assert_eq!(TieClass::Kept.opacity_at(t), 1.0);
        let (g, l) = (TieClass::Gained.opacity_at(t), TieClass::Lost.opacity_at(t));
        assert!((g + l - 1.0).abs() < 1e-6, "{t}: {g} + {l}");
    }
    assert!(TieClass::Gained.opacity_at(0.25) < TieClass::Gained.opacity_at(0.75));
}

#[test]
fn a_panel_shows_its_wave_as_the_workbench_does() {
    let mut s = study();
    // A tie without a wave is in no single wave (as `waves::wave_view` has it).
    let (ana, max) = (s.find("Ana").unwrap(), s.find("Max").unwrap());
    s.connect(ana, max).unwrap();
    let ch = scene::transition(&s, "baseline", "interim").unwrap();
    assert!(!ch.iter().any(|c| c.source == ana && c.target == max));
    let w = scene::waves::wave_study(&s, "post").unwrap();
    assert_eq!(w.node_count(), s.node_count());
    assert_eq!(w.tie_count(), 12);

    // An attribute measured per wave colours each panel by that wave's values, with one
    // colour per category across panels although the categories differ between waves.
    let n = s.node_count();
    let kim = id(&s, "Kim");
    for (wave, kims) in [("baseline", "alone"), ("interim", "work")] {
        let col = s
            .declare_node_attribute(&format!("status@{wave}"), AttrType::Categorical)
            .unwrap();
        for i in 0..n {
            let v = if i == kim { kims } else { "club" };
            s.set_node_value(col, NodeId(i as u32), Some(Value::Text(v.to_string())));
        }
    }
    let v = View {
        color_by: Some("status".into()),
        ..View::default()
    };
    let layout = shared_layout(&s, &v);
    let fig = scene::build_panels(&s, &[layout], &v, &two_waves()).unwrap();
    let fill_at = |p: Point| {
        fig.scene.shapes.iter().find_map(|sh| match sh {
            Shape::Node {
                center,
                fill: Some(f),
                ..
            } if center.distance(p) < 1e-3 => Some(*f),
            _ => None,
        })
    };
    let (p0, p1) = (&fig.panels[0], &fig.panels[1]);
    let ana = ana.index();
    assert_eq!(fill_at(p0.centres[ana]), fill_at(p1.centres[ana]), "club");
    assert_ne!(
        fill_at(p0.centres[kim]),
        fill_at(p1.centres[kim]),
        "alone, work"
    );
    assert_ne!(fill_at(p1.centres[kim]), fill_at(p1.centres[ana]));
    let t = texts(&fig.scene);
    for row in ["alone", "club", "work"] {
        assert!(t.iter().any(|x| x.starts_with(row)), "{row}: {t:?}");
    }
}

#[test]
fn unknown_waves_are_named_with_the_known_ones() {
    let s = study();
    let err = scene::waves::parse_waves(&s, "baseline,week 6").unwrap_err();
    assert!(matches!(err, SceneError::UnknownWave { .. }));
    let msg = err.to_string();
    assert!(msg.contains("\"week 6\""), "{msg}");
    assert!(msg.contains("baseline, interim, post"), "{msg}");
    assert_eq!(
        scene::waves::parse_waves(&s, " all ").unwrap(),
        ["baseline", "interim", "post"]
    );
    assert_eq!(
        scene::waves::parse_waves(&s, "post, baseline").unwrap(),
        ["post", "baseline"]
    );
    assert!(scene::transition(&s, "baseline", "later").is_err());
}

#[test]
fn panels_hold_exactly_the_tie_classes_and_shared_positions() {
    let s = study();
    let v = view();
    let layout = shared_layout(&s, &v);
    let fig = scene::build_panels(&s, &[layout], &v, &two_waves()).unwrap();
    assert_eq!(fig.panels.len(), 2);
    let (p0, p1) = (&fig.panels[0], &fig.panels[1]);
    assert_eq!(p0.wave, "baseline");
    assert_eq!(p1.wave, "interim");

    // The first panel's ties are all "kept" (nothing to compare with); the second has
    // exactly the fixture's changes.
    assert_eq!(p0.ties.len(), 10);
    assert!(p0.ties.iter().all(|t| t.class == TieClass::Kept));
    assert_eq!(p1.ties, expected_changes(&s));

    // Side by side, not overlapping, same size.
    assert!(p0.frame.max.x < p1.frame.min.x);
    assert!((p0.frame.width() - p1.frame.width()).abs() < 1e-3);
    assert!((p0.plot.height() - p1.plot.height()).abs() < 1e-3);

    // Every person sits at the same place within each panel.
    for i in 0..s.node_count() {
        let r0 = Point::new(
            p0.centres[i].x - p0.plot.min.x,
            p0.centres[i].y - p0.plot.min.y,
        );
        let r1 = Point::new(
            p1.centres[i].x - p1.plot.min.x,
            p1.centres[i].y - p1.plot.min.y,
        );
        assert!(r0.distance(r1) < 1e-3, "node {i}: {r0:?} vs {r1:?}");
        assert!(inside(p0.centres[i], &p0.plot) && inside(p1.centres[i], &p1.plot));
    }

    // Drawn lines by class: blue gained and dashed vermillion lost only in the second panel,
    // each ending near the right people.
    let gained = lines_of(&fig.scene, palette::TIE_GAINED);
    let lost = lines_of(&fig.scene, palette::TIE_LOST);
    let legend_swatches = 1; // one sample of each in the legend
    assert_eq!(gained.len(), 4 + legend_swatches);
    assert_eq!(lost.len(), 3 + legend_swatches);
    assert!(lost.iter().all(|l| l.2), "lost ties are dashed");
    assert!(gained.iter().all(|l| !l.2));
    let near = |line: &(Point, Point, bool), a: usize, b: usize| {
        let d = |p: Point, q: Point| p.distance(q);
        let c = &p1.centres;
        (d(line.0, c[a]) < 15.0 && d(line.1, c[b]) < 15.0)
            || (d(line.0, c[b]) < 15.0 && d(line.1, c[a]) < 15.0)
    };
    for t in p1.ties.iter().filter(|t| t.class != TieClass::Kept) {
        let set = if t.class == TieClass::Gained {
            &gained
        } else {
            &lost
        };
        let (a, b) = (t.source.index(), t.target.index());
        assert!(
            set.iter()
                .filter(|l| inside(l.0, &p1.plot))
                .any(|l| near(l, a, b)),
            "{t:?} is not drawn"
        );
    }
    // No line of the second panel's classes falls in the first panel.
    for l in gained.iter().chain(&lost) {
        assert!(!inside(l.0, &p0.plot), "{l:?}");
    }
}

#[test]
fn isolate_rings_follow_each_wave_and_the_legend_is_shared() {
    let s = study();
    let v = view();
    let layout = shared_layout(&s, &v);
    let fig = scene::build_panels(&s, &[layout], &v, &two_waves()).unwrap();
    let (p0, p1) = (&fig.panels[0], &fig.panels[1]);
    let (kim, lee, max) = (id(&s, "Kim"), id(&s, "Lee"), id(&s, "Max"));
    assert_eq!(p0.isolates, vec![NodeId(kim as u32), NodeId(lee as u32)]);
    assert_eq!(p1.isolates, vec![NodeId(max as u32)]);

    // Dashed rings (the isolate mark) in the plots, by the node they circle.
    let rings: Vec<Point> = fig
        .scene
        .shapes
        .iter()
        .filter_map(|sh| match sh {
            Shape::Node {
                center,
                fill: None,
                stroke: Some(st),
                ..
            } if st.dash.is_some() => Some(*center),
            _ => None,
        })
        .collect();
    let ringed = |p: &scene::WavePanel| -> Vec<usize> {
        (0..s.node_count())
            .filter(|&i| rings.iter().any(|c| c.distance(p.centres[i]) < 1e-3))
            .collect()
    };
    assert_eq!(
        ringed(p0),
        vec![kim, lee],
        "Kim and Lee isolated at baseline"
    );
    assert_eq!(ringed(p1), vec![max], "only Max isolated at interim");

    // One legend: each row once, with the tie classes; the isolate count differs between
    // waves, so it moves to the panels' count lines.
    let t = texts(&fig.scene);
    for row in [
        "Ties vs previous wave",
        "Kept (all ties in baseline)",
        "Gained",
        "Lost (dashed)",
        "Isolate (no ties)",
    ] {
        assert_eq!(t.iter().filter(|x| **x == row).count(), 1, "{row}: {t:?}");
    }
    assert!(t.contains(&"baseline") && t.contains(&"interim"));
    assert!(t.contains(&"10 ties \u{b7} 2 isolates"), "{t:?}");
    assert!(
        t.contains(&"11 ties (4 gained, 3 lost) \u{b7} 1 isolate"),
        "{t:?}"
    );
    // The title once, above both panels.
    let title = "Who left isolation between baseline and interim";
    assert_eq!(t.iter().filter(|x| **x == title).count(), 1);
}

#[test]
fn color_rules_filters_and_anonymising_carry_over() {
    let s = study();
    let v = View {
        color_by: Some("degree".into()),
        size_by: Some("degree".into()),
        anonymise: true,
        title: Some("Ana and her neighbours".into()),
        highlights: vec![Highlight::Isolates, Highlight::Brokers],
        ..View::default()
    };
    let layout = shared_layout(&s, &v);
    let waves: Vec<String> = vec!["baseline".into(), "interim".into(), "post".into()];
    let fig = scene::build_panels(&s, &[layout], &v, &waves).unwrap();
    assert_eq!(fig.panels.len(), 3);
    let svg = render::svg(&fig.scene);
    for n in s.nodes() {
        assert!(
            !svg.contains(&format!(">{}<", n.label)),
            "{} named",
            n.label
        );
    }
    assert!(!svg.contains("Ana"), "title anonymised");
    // Colour by a per-wave metric uses one scale: a degree of 0 has the same colour in
    // every panel (Kim at baseline and Max at interim).
    let fill_at = |p: Point| {
        fig.scene.shapes.iter().find_map(|sh| match sh {
            Shape::Node {
                center,
                fill: Some(f),
                ..
            } if center.distance(p) < 1e-3 => Some(*f),
            _ => None,
        })
    };
    let kim0 = fill_at(fig.panels[0].centres[id(&s, "Kim")]).unwrap();
    let max1 = fill_at(fig.panels[1].centres[id(&s, "Max")]).unwrap();
    assert_eq!(kim0, max1);
    // A filter by a per-wave metric: only people with a tie are drawn in each panel.
    let filtered = View {
        filters: vec![scene::Filter::Range {
            name: "degree".into(),
            min: Some(1.0),
            max: None,
        }],
        ..view()
    };
    let layout = shared_layout(&s, &filtered);
    let fig = scene::build_panels(&s, &[layout], &filtered, &two_waves()).unwrap();
    let nodes_in = |p: &scene::WavePanel| {
        fig.scene
            .shapes
            .iter()
            .filter(|sh| {
                matches!(sh, Shape::Node { center, fill: Some(_), .. } if inside(*center, &p.plot))
            })
            .count()
    };
    assert_eq!(nodes_in(&fig.panels[0]), 10);
    assert_eq!(nodes_in(&fig.panels[1]), 11);
}

#[test]
fn figures_render_as_svg_png_and_pdf_and_repeat_exactly() {
    let s = study();
    let v = View {
        color_by: Some("programme".into()),
        ..view()
    };
    let layout = shared_layout(&s, &v);
    let fig = scene::build_panels(&s, std::slice::from_ref(&layout), &v, &two_waves()).unwrap();
    let again = scene::build_panels(&s, &[layout], &v, &two_waves()).unwrap();
    let svg = render::svg(&fig.scene);
    assert_eq!(svg, render::svg(&again.scene));
    assert!(svg.contains("stroke-dasharray"));
    let png = render::png(&fig.scene, 150.0).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = render::pdf(&fig.scene).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    write_out("waves.svg", svg.as_bytes());
    write_out("waves.png", &png);
    write_out("waves.pdf", &pdf);

    // Golden SVG text.
    let path = data("golden/waves.svg");
    if std::env::var_os("KITH_BLESS").is_some() {
        std::fs::write(&path, &svg).unwrap();
    } else {
        // A missing golden file fails: a test that wrote its own expectation would pass.
        assert!(
            path.exists(),
            "{} is missing: KITH_BLESS=1 writes it",
            path.display()
        );
        assert!(
            std::fs::read_to_string(&path).unwrap() == svg,
            "waves.svg differs from the golden file; KITH_BLESS=1 rewrites it"
        );
    }

    // Four waves make a 2 by 2 grid on a screen image too.
    let px = View {
        canvas: Canvas::Pixels {
            width: 1600,
            height: 1000,
        },
        ..v
    };
    let layout = shared_layout(&s, &px);
    let four: Vec<String> = ["baseline", "interim", "post", "baseline"]
        .map(String::from)
        .to_vec();
    let fig = scene::build_panels(&s, &[layout], &px, &four).unwrap();
    let f = &fig.panels;
    assert!((f[0].frame.min.y - f[1].frame.min.y).abs() < 1e-3);
    assert!(f[2].frame.min.y > f[0].frame.max.y);
    assert!((f[0].frame.min.x - f[2].frame.min.x).abs() < 1e-3);
    let png = render::png(&fig.scene, 96.0).unwrap();
    write_out("waves_2x2.png", &png);
}

#[test]
fn anchored_layouts_start_each_wave_from_the_last() {
    let s = study();
    let v = view();
    let metrics = scene::metrics_input::compute(&s, false);
    let radii = scene::relative_radii(&s, &metrics, &v).unwrap();
    let waves: Vec<String> = vec!["baseline".into(), "interim".into(), "post".into()];
    let layouts = kith::layout::anchored::follow(&wave_studies(&s, &waves), &radii, 1, 300);
    assert_eq!(layouts.len(), 3);
    // Max has no tie at interim: he stays where baseline put him.
    let max = id(&s, "Max");
    assert_eq!(layouts[0].positions[max], layouts[1].positions[max]);
    let again = kith::layout::anchored::follow(&wave_studies(&s, &waves), &radii, 1, 300);
    assert_eq!(layouts, again);
    let fig = scene::build_panels(&s, &layouts, &v, &waves).unwrap();
    assert_eq!(fig.panels.len(), 3);
}

fn kith(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_renders_waves_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let edges = data("data/waves_fig/waves_edges.csv");
    let attrs = data("data/waves_fig/waves_attributes.csv");
    for ext in ["svg", "png", "pdf"] {
        let out = dir.path().join(format!("fig.{ext}"));
        let o = kith(&[
            "render",
            edges.to_str().unwrap(),
            "--waves",
            "baseline,interim",
            "--attributes",
            attrs.to_str().unwrap(),
            "--key",
            "id",
            "--colour-by",
            "programme",
            "--highlight",
            "isolates",
            "--anonymise",
            "--page",
            "a5",
            "--dpi",
            "100",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&out).unwrap();
        assert!(!bytes.is_empty());
        if ext == "svg" {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(svg.contains(">baseline<") && svg.contains(">interim<"));
            assert!(svg.contains("Gained"));
            assert!(!svg.contains(">Ana<"), "anonymised");
            assert!(svg.contains("2 waves (baseline, interim)"), "{svg}");
        }
    }
    // All waves, anchored.
    let out = dir.path().join("all.svg");
    let o = kith(&[
        "render",
        edges.to_str().unwrap(),
        "--waves",
        "all",
        "--wave-layout",
        "anchored",
        "--width",
        "1200",
        "--height",
        "700",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">post<"));

    // An unknown wave names the known ones.
    let o = kith(&[
        "render",
        edges.to_str().unwrap(),
        "--waves",
        "baseline,week6",
        "-o",
        dir.path().join("x.svg").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("week6") && err.contains("baseline, interim, post"),
        "{err}"
    );
    assert!(!dir.path().join("x.svg").exists());
}

/// Each wave's study, in order.
fn wave_studies(s: &kith::model::Study, waves: &[String]) -> Vec<kith::model::Study> {
    waves
        .iter()
        .map(|w| scene::waves::wave_study(s, w).unwrap())
        .collect()
}

//! The `.kith` project file: everything saved comes back, saves never destroy the old file,
//! damaged and foreign files are refused with clear messages, old versions keep loading,
//! figures drawn from a project are the same before and after saving, and the command line
//! reads projects.
//!
//! `KITH_WRITE_FIXTURE=1 cargo test --no-default-features --test project -- --ignored` writes
//! `tests/data/project/v1.kith` again; it is committed and must never change once a later
//! format version exists (it proves that version 1 files keep loading).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use kith::io::{ReadOptions, read_path};
use kith::layout::{self, Kind, Point};
use kith::model::{NodeKind, Study, Tie};
use kith::render;
use kith::scene::{self, Callout, Canvas, Filter, FilterMode, Highlight, Labels, View};
use kith::session::project::{
    self, ExportFormat, ExportSettings, LayoutState, Project, ProjectError, ProjectSource,
    RecoveryDir, VERSION,
};
use kith::session::{Camera, SavedView};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

const RECIPE: &str = r#"id = "respondent_id"
name = "name"

[[attribute]]
column = "gender"
type = "categorical"

[[relation]]
name = "rely_on"
names = "people"
columns = ["rely_on_1", "rely_on_2"]
"#;

/// Padgett's Florentine families with wealth and priorates, an alter "de' Medici" named by
/// the Tornabuoni and merged into the Medici, a layout, two saved views with callouts, and
/// pseudonyms.
fn florentine_project() -> Project {
    let mut study = read_path(
        &data("florentine/florentine.graphml"),
        &ReadOptions::default(),
    )
    .unwrap();
    let table = kith::io::grid::read_delimited(
        "florentine_attributes.csv",
        &std::fs::read(data("florentine/florentine_attributes.csv")).unwrap(),
    )
    .unwrap();
    kith::io::attributes::join(&mut study, &table, "family").unwrap();
    let alter = study
        .add_node("de' Medici", "de' Medici", NodeKind::Alter)
        .unwrap();
    let torna = study.find("Tornabuoni").unwrap();
    study.connect(torna, alter).unwrap();
    let medici = study.find("Medici").unwrap();
    study
        .merge_nodes(
            medici,
            &[alter],
            0.92,
            vec![
                "the names differ by a prefix".into(),
                "shared neighbours: Tornabuoni".into(),
            ],
            false,
        )
        .unwrap();
    let metrics = scene::metrics_input::compute(&study, false);
    let radii = scene::relative_radii(&study, &metrics, &View::default()).unwrap();
    let positions =
        layout::compute(&study, &Kind::ForceAtlas2 { iterations: 300 }, &radii, 7).positions;
    let n = study.node_count();
    let mut pinned = vec![false; n];
    pinned[study.find("Medici").unwrap().index()] = true;

    let mut project = Project::new(study);
    project.source = ProjectSource {
        name: "florentine.graphml".into(),
        path: Some(PathBuf::from("data/florentine.graphml")),
    };
    project.recipe = Some(RECIPE.to_string());
    project.layout = LayoutState {
        positions,
        pinned,
        seed: 7,
        ..LayoutState::default()
    };
    project.view = View {
        color_by: Some("wealth".into()),
        size_by: Some("degree".into()),
        highlights: vec![Highlight::Isolates, Highlight::Brokers],
        title: Some("Florentine marriages, 1430s".into()),
        ..View::default()
    };
    project.saved_views = vec![
        SavedView {
            name: "Wealth".into(),
            view: View {
                color_by: Some("wealth".into()),
                labels: Labels::All,
                title: Some("Wealth of the Medici and their allies".into()),
                caption: Some("Padgett's Florentine families; the Medici are pinned.".into()),
                callouts: vec![
                    Callout {
                        node: "Medici".into(),
                        text: "Medici: the broker of the marriage network".into(),
                    },
                    Callout {
                        node: "Strozzi".into(),
                        text: "Strozzi, the richest family".into(),
                    },
                ],
                ..View::default()
            },
            relations: None,
            waves: None,
            camera: Some(Camera {
                center: Point::new(0.5, -1.25),
                zoom: 12.0,
            }),
        },
        SavedView {
            name: "Rich families, names hidden".into(),
            view: View {
                canvas: Canvas::Pixels {
                    width: 1600,
                    height: 1000,
                },
                filters: vec![Filter::Range {
                    name: "wealth".into(),
                    min: Some(40.0),
                    max: None,
                }],
                filter_mode: FilterMode::Fade,
                anonymise: true,
                labels: Labels::Top(5),
                title: Some("Families worth 40 or more, like the Strozzi".into()),
                callouts: vec![Callout {
                    node: "Strozzi".into(),
                    text: "Strozzi".into(),
                }],
                ..View::default()
            },
            relations: Some(BTreeSet::new()),
            waves: None,
            camera: None,
        },
    ];
    project.export = ExportSettings {
        format: ExportFormat::Svg,
        canvas: Canvas::A5,
        dpi: 150.0,
        directory: Some(PathBuf::from("figures")),
        file_name: Some("florentine.svg".into()),
    };
    project.assign_pseudonyms();
    project
}

/// The sample survey network: attributes, several relations, directed nominations, places.
fn sample_project(respondents: usize) -> Project {
    let study = kith::sample::study(kith::sample::SEED, respondents);
    let relations: BTreeSet<String> = study.relations().iter().take(2).cloned().collect();
    let mut p = Project::new(study);
    p.relations = Some(relations);
    p.layout.positions = (0..p.study.node_count())
        .map(|i| {
            Point::new(
                (i as f32 * 0.37).sin() * 40.0,
                (i as f32 * 0.11).cos() * 40.0,
            )
        })
        .collect();
    p.layout.pinned = vec![false; p.study.node_count()];
    p.assign_pseudonyms();
    p
}

fn svg_of(project: &Project, view: Option<&str>) -> String {
    let scene = project.scene(view, None).unwrap();
    render::svg(&scene)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn load_err(bytes: &[u8]) -> String {
    match Project::from_bytes(bytes, "study.kith") {
        Ok(_) => panic!("loaded a bad file"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn save_and_load_give_back_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("florentine.kith");
    let project = florentine_project();
    project.save(&path).unwrap();
    let back = Project::load(&path).unwrap();
    // Field by field first, so a failure says which part was lost.
    assert_eq!(back.study.nodes(), project.study.nodes());
    assert_eq!(back.study.ties(), project.study.ties());
    assert_eq!(
        back.study.node_attributes(),
        project.study.node_attributes()
    );
    assert_eq!(back.study.merges(), project.study.merges());
    assert_eq!(back.study.merges().len(), 1);
    assert_eq!(back.study.find("Strozzi"), project.study.find("Strozzi"));
    assert_eq!(back.layout, project.layout);
    assert_eq!(back.view, project.view);
    assert_eq!(back.saved_views, project.saved_views);
    assert_eq!(back.export, project.export);
    assert_eq!(back.study.pseudonyms(), project.study.pseudonyms());
    assert_eq!(back.recipe, project.recipe);
    assert_eq!(back.source, project.source);
    assert_eq!(back, project);
    // The merge can still be undone after the round trip.
    let mut study = back.study.clone();
    study.unmerge(0).unwrap();
    assert!(study.find("de' Medici").is_some());
    // Saving what was loaded gives the same bytes: the file is deterministic.
    assert_eq!(back.to_bytes().unwrap(), std::fs::read(&path).unwrap());
}

#[test]
fn the_sample_survey_round_trips_with_its_tie_selection() {
    let project = sample_project(300);
    let bytes = project.to_bytes().unwrap();
    let back = Project::from_bytes(&bytes, "sample.kith").unwrap();
    assert_eq!(back, project);
    assert_eq!(back.relations.as_ref().map(BTreeSet::len), Some(2));
    // Awkward numbers survive exactly.
    let mut p = Project::new(Study::new(true));
    let a = p
        .study
        .add_node("a", "Zoë \"Z\" Ångström", NodeKind::Respondent)
        .unwrap();
    let b = p.study.node_or_insert("b\n", NodeKind::Group);
    for w in [0.1 + 0.2, 1e-300, 123_456_789.123_456_78, -0.0, f64::MAX] {
        p.study
            .add_tie(Tie {
                source: a,
                target: b,
                weight: w,
                relation: None,
                wave: None,
                directed: true,
            })
            .unwrap();
    }
    p.layout.positions = vec![
        Point::new(f32::MIN_POSITIVE, 1.0 / 3.0),
        Point::new(1e30, -7.1),
    ];
    let back = Project::from_bytes(&p.to_bytes().unwrap(), "x.kith").unwrap();
    assert_eq!(back, p);
    for (x, y) in back.study.ties().iter().zip(p.study.ties()) {
        assert_eq!(x.weight.to_bits(), y.weight.to_bits());
    }
}

#[test]
fn an_interrupted_save_leaves_the_old_file_whole_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.kith");
    let old = florentine_project();
    old.save(&path).unwrap();
    let old_bytes = std::fs::read(&path).unwrap();
    let mut new = old.clone();
    new.view.title = Some("A new title".into());
    new.layout.positions[0] = Point::new(99.0, 99.0);
    let len = new.to_bytes().unwrap().len();
    for n in [0, 1, 17, 4096, len / 2, len - 1, len] {
        let mut fail_after = |w: &mut dyn Write, bytes: &[u8]| -> io::Result<()> {
            w.write_all(&bytes[..n.min(bytes.len())])?;
            Err(io::Error::other("the disk is full (simulated)"))
        };
        let err = new.save_with(&path, &mut fail_after).unwrap_err();
        assert!(matches!(err, ProjectError::Write { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("study.kith"), "{msg}");
        assert!(msg.contains("previous file is unchanged"), "{msg}");
        assert!(msg.contains("the disk is full"), "{msg}");
        assert_eq!(std::fs::read(&path).unwrap(), old_bytes, "after {n} bytes");
        assert_eq!(listing(dir.path()), ["study.kith"], "after {n} bytes");
        assert_eq!(Project::load(&path).unwrap(), old);
    }
    // A write that succeeds replaces the file.
    new.save(&path).unwrap();
    assert_eq!(Project::load(&path).unwrap(), new);
    assert_eq!(listing(dir.path()), ["study.kith"]);
}

#[test]
fn a_first_save_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.kith");
    let mut fail = |w: &mut dyn Write, bytes: &[u8]| -> io::Result<()> {
        w.write_all(&bytes[..10])?;
        Err(io::Error::other("unplugged"))
    };
    florentine_project()
        .save_with(&path, &mut fail)
        .unwrap_err();
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn temporary_files_left_by_a_crash_are_harmless_and_cleared_when_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.kith");
    let project = florentine_project();
    project.save(&path).unwrap();
    // What a save killed mid-write leaves: half a file under the temporary name.
    let half = &project.to_bytes().unwrap()[..500];
    let stale = dir.path().join(kith::io::temp_name(&path, 4_000_001));
    let fresh = dir.path().join(kith::io::temp_name(&path, 4_000_002));
    std::fs::write(&stale, half).unwrap();
    std::fs::write(&fresh, half).unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    assert_eq!(Project::load(&path).unwrap(), project);
    project.save(&path).unwrap();
    // The old one is gone; a recent one may be another save still running, so it stays.
    assert!(!stale.exists());
    assert!(fresh.exists());
    assert_eq!(Project::load(&path).unwrap(), project);
}

#[test]
fn damaged_files_are_refused_with_line_and_column_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.kith");
    let bytes = florentine_project().to_bytes().unwrap();
    let cut = &bytes[..bytes.len() * 2 / 3];
    std::fs::write(&path, cut).unwrap();
    let err = Project::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ProjectError::Damaged { line, column, .. } if line > 1 && column > 0));
    assert!(
        msg.starts_with(&format!("{} line ", path.display())),
        "{msg}"
    );
    assert!(msg.contains("cut short"), "{msg}");
    // Loading never changes, renames or deletes the file.
    assert_eq!(std::fs::read(&path).unwrap(), cut);
    assert_eq!(listing(dir.path()), ["study.kith"]);

    // A hand edit that breaks the syntax: the message points at the spot.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let broken = text.replacen("\"label\":\"Medici\"", "\"label\":Medici\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("label\":Medici"))
        .unwrap()
        + 1;
    let msg = load_err(broken.as_bytes());
    assert!(
        msg.starts_with(&format!("study.kith line {line}, column ")),
        "{msg}"
    );
    // A field of the wrong type: also with line and column.
    let wrong = text.replacen("\"seed\":7", "\"seed\":\"seven\"", 1);
    let msg = load_err(wrong.as_bytes());
    assert!(msg.starts_with("study.kith line "), "{msg}");
    assert!(msg.contains("invalid type"), "{msg}");
}

#[test]
fn mutated_project_files_give_a_project_or_an_error() {
    use rand::{Rng, SeedableRng};
    let original = std::fs::read(data("project/v1.kith")).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let interesting: &[u8] = b"{}[],:\"\\0123456789-.eEnulltruefalse \n\xff";
    let (mut loaded, mut refused) = (0, 0);
    for _ in 0..400 {
        let mut b = original.clone();
        for _ in 0..rng.random_range(1..4) {
            let i = rng.random_range(0..b.len());
            match rng.random_range(0..4) {
                0 => b[i] = interesting[rng.random_range(0..interesting.len())],
                1 => b.truncate(i.max(1)),
                2 => {
                    let j = rng.random_range(i..b.len());
                    b.drain(i..j);
                }
                _ => b[i] = rng.random(),
            }
        }
        match Project::from_bytes(&b, "mutated.kith") {
            Ok(p) => {
                // Whatever loads can be drawn (or refused) and saved without a panic.
                loaded += 1;
                let _ = p.scene(None, None);
                let _ = p.to_bytes();
            }
            Err(e) => {
                refused += 1;
                assert!(e.to_string().starts_with("mutated.kith"), "{e}");
            }
        }
    }
    assert!(refused > 200, "{loaded} loaded, {refused} refused");
}

#[test]
fn files_that_are_not_projects_are_refused() {
    let graphml = std::fs::read(data("florentine/florentine.graphml")).unwrap();
    let msg = load_err(&graphml);
    assert!(
        msg.starts_with("study.kith is not a Kith project file"),
        "{msg}"
    );
    assert!(load_err(b"").contains("the file is empty"));
    assert!(load_err(b"\x89PNG\r\n\x1a\n").contains("is not a Kith project file"));
    let msg = load_err(br#"{"nodes": [], "edges": []}"#);
    assert!(
        msg.contains("it has no \"format\": \"kith-project\" field"),
        "{msg}"
    );
    let msg = load_err(br#"{"format": "gephi-workspace", "version": 1}"#);
    assert!(
        msg.contains("its \"format\" is \"gephi-workspace\", not \"kith-project\""),
        "{msg}"
    );
    let msg = load_err(br#"{"format": "kith-project", "version": "one"}"#);
    assert!(msg.contains("\"version\" is missing"), "{msg}");
}

#[test]
fn a_file_from_a_newer_kith_is_refused_politely() {
    let text = String::from_utf8(florentine_project().to_bytes().unwrap()).unwrap();
    let newer = text
        .replacen("\"version\":1,", "\"version\":7,", 1)
        .replacen(
            &format!("\"kith\":\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"kith\":\"3.2.0\"",
            1,
        );
    let err = Project::from_bytes(newer.as_bytes(), "study.kith").unwrap_err();
    assert!(matches!(err, ProjectError::TooNew { version: 7, .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("study.kith was made by a newer Kith (version 3.2.0, project format 7)"),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("reads project formats up to version {VERSION}")),
        "{msg}"
    );
    // Even when the rest would not parse as this version's project.
    let msg = load_err(br#"{"format":"kith-project","version":2,"kith":"9","graph":{}}"#);
    assert!(msg.contains("made by a newer Kith"), "{msg}");
}

#[test]
fn inconsistent_content_is_refused_with_what_is_wrong() {
    let base = florentine_project();
    let text = String::from_utf8(base.to_bytes().unwrap()).unwrap();
    let n = base.study.node_count();

    let mut p = base.clone();
    p.layout.positions.pop();
    let err = p.to_bytes().unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "the layout has {} positions but the study has {n} nodes",
            n - 1
        )),
        "{err}"
    );
    // Written by hand (or by a broken program), the file is refused on loading too.
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = v.clone();
        f(&mut v);
        load_err(serde_json::to_string(&v).unwrap().as_bytes())
    };
    let msg = edit(&|v| {
        v["layout"]["positions"].as_array_mut().unwrap().pop();
    });
    assert!(
        msg.starts_with("study.kith: the project is inconsistent: the layout has"),
        "{msg}"
    );
    let msg = edit(&|v| v["study"]["ties"][3]["target"] = serde_json::json!(40));
    assert!(
        msg.contains(&format!(
            "tie 3 points at node 40, but the study has {n} nodes"
        )),
        "{msg}"
    );
    let msg = edit(&|v| {
        v["study"]["node_attributes"][0]["values"]
            .as_array_mut()
            .unwrap()
            .pop();
    });
    assert!(
        msg.contains(&format!("values but the study has {n} nodes")),
        "{msg}"
    );
    // Found by fuzzing (fuzz/fuzz_targets/read_project.rs): a short column once made
    // drawing the figure read past its end.
    let found = std::fs::read("tests/data/project/short_column.kith").unwrap();
    let msg = Project::from_bytes(&found, "short_column.kith")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("values but the study has"), "{msg}");
    let msg = edit(&|v| v["saved_views"][1]["name"] = serde_json::json!("Wealth"));
    assert!(
        msg.contains("two saved views are called \"Wealth\""),
        "{msg}"
    );
    let msg = edit(&|v| v["study"]["nodes"][1]["id"] = serde_json::json!("Acciaiuoli"));
    assert!(
        msg.contains("two nodes have the id \"Acciaiuoli\""),
        "{msg}"
    );
    let msg = edit(&|v| v["pseudonyms"]["Albizzi"] = serde_json::json!("P001"));
    assert!(msg.contains("have the same pseudonym \"P001\""), "{msg}");
    let msg = edit(&|v| v["layout"]["pinned"] = serde_json::json!([true]));
    assert!(msg.contains("1 pin flags"), "{msg}");
    let msg = edit(&|v| v["study"]["ties"][0]["relation"] = serde_json::json!(3));
    assert!(msg.contains("tie 0 has relation 3"), "{msg}");
    let msg = edit(&|v| {
        v.as_object_mut().unwrap().remove("study");
    });
    assert!(msg.contains("missing field `study`"), "{msg}");

    // Numbers JSON cannot hold are refused when saving, not discovered when loading.
    let mut p = base.clone();
    p.layout.positions[2].x = f32::NAN;
    let err = p
        .save(Path::new("/nonexistent/never-written.kith"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot be saved: the position of node 2 is not a number"),
        "{err}"
    );
}

#[test]
fn a_project_without_positions_or_extras_loads_with_defaults() {
    let text = br#"{"format":"kith-project","version":1,"kith":"0.1.0",
        "study":{"directed":false,"name":"tiny","nodes":[{"id":"a","label":"A","kind":"respondent"},
        {"id":"b","label":"B","kind":"alter"}],"ties":[{"source":0,"target":1,"weight":1.0,
        "relation":null,"wave":null,"directed":false}],"relations":[],"waves":[],
        "node_attributes":[],"tie_attributes":[]}}"#;
    let p = Project::from_bytes(text, "tiny.kith").unwrap();
    assert_eq!(p.study.node_count(), 2);
    assert_eq!(p.study.find("b").map(|n| n.index()), Some(1));
    assert!(p.layout.positions.is_empty());
    assert_eq!(p.layout.seed, 1);
    assert_eq!(p.view, kith::session::default_view());
    assert_eq!(p.export, ExportSettings::default());
    // Drawn without positions, it is laid out from the seed: the same figure every time.
    assert_eq!(svg_of(&p, None), svg_of(&p, None));
}

/// Writes the version 1 fixture (run only on purpose; see the module docs).
#[test]
#[ignore = "writes tests/data/project/v1.kith; run with KITH_WRITE_FIXTURE=1 -- --ignored"]
fn write_v1_fixture() {
    if std::env::var_os("KITH_WRITE_FIXTURE").is_none() {
        return;
    }
    let path = data("project/v1.kith");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    florentine_project().save(&path).unwrap();
}

#[test]
fn the_version_1_fixture_keeps_loading() {
    let path = data("project/v1.kith");
    let bytes = std::fs::read(&path).unwrap();
    let info = project::inspect(&bytes, "v1.kith").unwrap();
    assert_eq!(info.version, 1);
    assert!(!info.is_recovery);
    let p = Project::load(&path).unwrap();
    assert_eq!(p.study.node_count(), 16);
    assert_eq!(p.study.tie_count(), 21);
    assert_eq!(p.study.merges().len(), 1);
    let m = &p.study.merges()[0];
    assert_eq!(m.kept, "Medici");
    assert_eq!(m.absorbed[0].id, "de' Medici");
    assert_eq!(m.score, 0.92);
    assert_eq!(
        p.study
            .node_attribute("wealth")
            .unwrap()
            .value(p.study.find("Strozzi").unwrap().index()),
        Some(&kith::model::Value::Number(146.0))
    );
    assert_eq!(p.layout.positions.len(), 16);
    assert_eq!(p.layout.seed, 7);
    assert!(p.layout.pinned[p.study.find("Medici").unwrap().index()]);
    let names: Vec<&str> = p.saved_views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Wealth", "Rich families, names hidden"]);
    assert_eq!(p.saved_views[0].view.callouts.len(), 2);
    assert_eq!(p.saved_views[0].camera.map(|c| c.zoom), Some(12.0));
    assert_eq!(p.saved_views[1].relations, Some(BTreeSet::new()));
    assert_eq!(p.export.format, ExportFormat::Svg);
    assert_eq!(p.export.canvas, Canvas::A5);
    assert_eq!(p.study.pseudonyms().len(), 16);
    assert_eq!(p.study.pseudonyms()["Acciaiuoli"], "P001");
    assert!(p.recipe.as_deref().unwrap().contains("respondent_id"));
    // Every view draws, and what was loaded saves and loads again unchanged.
    for name in names {
        svg_of(&p, Some(name));
    }
    svg_of(&p, None);
    let again = Project::from_bytes(&p.to_bytes().unwrap(), "again.kith").unwrap();
    assert_eq!(again, p);
    // While version 1 is current, the fixture is exactly what this Kith writes.
    if VERSION == 1 {
        assert_eq!(
            p.to_bytes().unwrap(),
            bytes,
            "the fixture no longer matches the writer; if the format changed, bump VERSION"
        );
    }
}

#[test]
fn figures_are_identical_before_saving_and_after_reloading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("florentine.kith");
    let project = florentine_project();
    let views: Vec<Option<&str>> = vec![None, Some("Wealth"), Some("Rich families, names hidden")];
    let before: Vec<String> = views.iter().map(|v| svg_of(&project, *v)).collect();
    project.save(&path).unwrap();
    let back = Project::load(&path).unwrap();
    for (v, svg) in views.iter().zip(&before) {
        assert_eq!(&svg_of(&back, *v), svg, "view {v:?}");
    }
    // The saved view is drawn as saved: its title and callouts, the export canvas (A5).
    assert!(before[1].contains("Wealth of the Medici and their allies"));
    assert!(before[1].contains("Medici: the broker of the"));
    assert!(
        before[1].contains("width=\"210mm\" height=\"148mm\""),
        "{}",
        &before[1][..300]
    );
}

#[test]
fn a_project_figure_is_what_the_export_dialog_draws() {
    // The workbench exports with the session's study in view, its positions, its metrics
    // (all of them, once computed) and the view with the dialog's canvas.
    let project = florentine_project();
    let saved = project.saved_view("Wealth").unwrap();
    let study = project::study_in_view(
        &project.study,
        saved.relations.as_ref(),
        saved.waves.as_ref(),
    );
    let metrics = scene::metrics_input::compute(&study, true);
    let layout = layout::Layout {
        positions: project.layout.positions.clone(),
        groups: Vec::new(),
    };
    let mut view = saved.view.clone();
    view.canvas = project.export.canvas;
    let dialog = scene::build(&study, &layout, &metrics, &view).unwrap();
    assert_eq!(project.scene(Some("Wealth"), None).unwrap(), dialog);
    // A view with no relation selected draws no ties.
    let none = project::study_in_view(&project.study, Some(&BTreeSet::new()), None);
    assert_eq!(none.tie_count(), 0);
    assert_eq!(none.node_count(), project.study.node_count());
}

#[test]
fn hidden_names_use_the_projects_own_pseudonyms() {
    let mut p = florentine_project();
    // Give the Strozzi a pseudonym that node order would not.
    let mut map = p.study.pseudonyms().clone();
    let old = map.insert("Strozzi".into(), "P042".into()).unwrap();
    p.study.set_pseudonyms(map);
    assert_ne!(old, "P042");
    let svg = svg_of(&p, Some("Rich families, names hidden"));
    assert!(svg.contains("P042"), "the assigned pseudonym is drawn");
    for name in ["Strozzi", "Medici", "Albizzi", "Guadagni"] {
        assert!(
            !svg.contains(name),
            "{name} appears in the anonymised figure"
        );
    }
    // Pseudonyms survive a merge: nobody's changes, newcomers get fresh numbers.
    let before = p.study.pseudonyms().clone();
    let guadagni = p.study.find("Guadagni").unwrap();
    let lamberteschi = p.study.find("Lamberteschi").unwrap();
    p.study
        .merge_nodes(guadagni, &[lamberteschi], 0.5, vec![], false)
        .unwrap();
    p.study
        .add_node("newcomer", "New Person", NodeKind::Alter)
        .unwrap();
    assert_eq!(p.assign_pseudonyms(), 1);
    for (id, pseudonym) in &before {
        assert_eq!(&p.study.pseudonyms()[id], pseudonym);
    }
    assert_eq!(p.study.pseudonyms()["newcomer"], "P043");
    let names = p.pseudonym_names();
    let i = p.study.find("Strozzi").unwrap().index();
    assert_eq!(names.names[i], "P042");
}

#[test]
fn recovery_files_tell_whether_they_hold_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryDir::new(dir.path().join("recovery"));
    let project_path = dir.path().join("study.kith");
    let mut project = florentine_project();
    project.save(&project_path).unwrap();
    assert!(store.find(Some(&project_path)).is_none());
    assert!(store.list().is_empty());

    // Unsaved changes, autosaved.
    std::thread::sleep(Duration::from_millis(20));
    project.view.title = Some("Edited after saving".into());
    let rec_path = store.save(&project, Some(&project_path)).unwrap();
    assert_eq!(rec_path, store.path_for(Some(&project_path)));
    assert!(rec_path.starts_with(store.dir()));
    let rec = store.find(Some(&project_path)).unwrap();
    assert_eq!(rec.path, rec_path);
    assert!(rec.newer_than_project);
    assert_eq!(
        rec.project_path.as_deref(),
        Some(std::path::absolute(&project_path).unwrap().as_path())
    );
    assert_eq!(rec.load().unwrap(), project);
    // A recovery file is a project file with a note; the normal loader reads it.
    let info = project::inspect(&std::fs::read(&rec_path).unwrap(), "r").unwrap();
    assert!(info.is_recovery);

    // The project is saved after the autosave: the recovery file is out of date.
    std::thread::sleep(Duration::from_millis(20));
    project.save(&project_path).unwrap();
    let rec = store.find(Some(&project_path)).unwrap();
    assert!(!rec.newer_than_project);
    store.discard(Some(&project_path)).unwrap();
    assert!(store.find(Some(&project_path)).is_none());
    store.discard(Some(&project_path)).unwrap();

    // A study never saved: found at start-up by a later run, whatever its process id.
    let unsaved = store.save(&project, None).unwrap();
    let other_run = store.dir().join("unsaved-1.kith");
    std::fs::copy(&unsaved, &other_run).unwrap();
    std::fs::remove_file(&unsaved).unwrap();
    let rec = store.find(None).unwrap();
    assert_eq!(rec.path, other_run);
    assert!(rec.project_path.is_none());
    assert!(rec.newer_than_project);
    assert_eq!(store.list(), vec![rec.clone()]);
    rec.discard().unwrap();
    assert!(store.list().is_empty());

    // Recovery files of different projects with one file name do not collide.
    let a = store.path_for(Some(&dir.path().join("a").join("study.kith")));
    let b = store.path_for(Some(&dir.path().join("b").join("study.kith")));
    assert_ne!(a, b);
    assert!(
        a.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("study-")
    );
}

// The command line.

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn err(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn kith_render_draws_saved_views_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("florentine.kith");
    let project = florentine_project();
    project.save(&path).unwrap();
    let p = path.to_str().unwrap();

    let out = dir.path().join("wealth.svg");
    ok(&kith(&[
        "render",
        p,
        "--view",
        "Wealth",
        "-o",
        out.to_str().unwrap(),
    ]));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        svg_of(&project, Some("Wealth"))
    );
    let current = dir.path().join("current.svg");
    ok(&kith(&["render", p, "-o", current.to_str().unwrap()]));
    assert_eq!(
        std::fs::read_to_string(&current).unwrap(),
        svg_of(&project, None)
    );

    let all = dir.path().join("fig.svg");
    let stderr = String::from_utf8_lossy(
        &kith(&["render", p, "--all-views", "-o", all.to_str().unwrap()]).stderr,
    )
    .into_owned();
    let hidden = dir.path().join("fig-rich-families-names-hidden.svg");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("fig-wealth.svg")).unwrap(),
        svg_of(&project, Some("Wealth"))
    );
    assert_eq!(
        std::fs::read_to_string(&hidden).unwrap(),
        svg_of(&project, Some("Rich families, names hidden"))
    );
    assert!(stderr.contains("fig-wealth.svg"), "{stderr}");
    assert!(!all.exists());

    // A page size given on the command line replaces the export settings' one.
    let a4 = dir.path().join("a4.svg");
    ok(&kith(&[
        "render",
        p,
        "--view",
        "Wealth",
        "--page",
        "a4",
        "-o",
        a4.to_str().unwrap(),
    ]));
    assert!(
        std::fs::read_to_string(&a4)
            .unwrap()
            .contains("width=\"297mm\" height=\"210mm\"")
    );
    // PNG at the project's DPI works too.
    let png = dir.path().join("wealth.png");
    ok(&kith(&[
        "render",
        p,
        "--view",
        "Wealth",
        "-o",
        png.to_str().unwrap(),
    ]));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn kith_render_explains_what_does_not_apply_to_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("florentine.kith");
    florentine_project().save(&path).unwrap();
    let p = path.to_str().unwrap();
    let out = dir.path().join("x.svg");
    let o = out.to_str().unwrap();
    let msg = err(&kith(&["render", p, "--view", "Nope", "-o", o]));
    assert!(
        msg.contains(&format!(
            "{p}: there is no saved view \"Nope\" (saved views: \"Wealth\", \"Rich families, names hidden\")"
        )),
        "{msg}"
    );
    let msg = err(&kith(&[
        "render",
        p,
        "--color-by",
        "wealth",
        "--seed",
        "3",
        "-o",
        o,
    ]));
    assert!(
        msg.contains("--color-by, --seed cannot be used with a .kith project"),
        "{msg}"
    );
    let graphml = data("florentine/florentine.graphml");
    let msg = err(&kith(&[
        "render",
        graphml.to_str().unwrap(),
        "--view",
        "Wealth",
        "-o",
        o,
    ]));
    assert!(
        msg.contains("--view and --all-views draw the saved views"),
        "{msg}"
    );
    let damaged = dir.path().join("damaged.kith");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let msg = err(&kith(&["render", damaged.to_str().unwrap(), "-o", o]));
    assert!(msg.contains("damaged.kith line "), "{msg}");
    assert!(!out.exists());
}

#[test]
fn kith_info_summarises_a_project_and_other_commands_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("florentine.kith");
    florentine_project().save(&path).unwrap();
    let p = path.to_str().unwrap();
    let text = ok(&kith(&["info", p]));
    for want in [
        "nodes       16",
        "project     format version 1",
        "recipe      yes",
        "layout      saved positions, 1 pinned, seed 7",
        "merges      1",
        "pseudonyms  16",
        "saved views 2",
        "  Wealth - \"Wealth of the Medici and their allies\"",
        "  Rich families, names hidden",
        "(relations: none; waves: all)",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(&kith(&["info", p, "--json"]))).unwrap();
    assert_eq!(json["nodes"], 16);
    assert_eq!(json["project"]["format_version"], 1);
    assert_eq!(json["project"]["recipe"], true);
    assert_eq!(json["project"]["saved_views"][0]["name"], "Wealth");
    assert_eq!(json["project"]["merges"], 1);

    // Reading a .kith as an input gives its study.
    let csv = ok(&kith(&["metrics", p]));
    assert!(csv.contains("Medici"), "{csv}");
    let out = dir.path().join("florentine.graphml");
    ok(&kith(&["convert", p, out.to_str().unwrap()]));
    let back = read_path(&out, &ReadOptions::default()).unwrap();
    assert_eq!(back.node_count(), 16);
}

#[test]
fn view_file_names_are_slugs_without_collisions() {
    use kith::cli::render::{slug, view_files};
    assert_eq!(slug("Who relies on whom?"), "who-relies-on-whom");
    assert_eq!(slug("Café — 2ème vague"), "cafe-2eme-vague");
    assert_eq!(slug("???"), "view");
    let files = view_files(
        Path::new("out/fig.pdf"),
        &["A b", "a-b", "A B!", "Überblick"],
    );
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "out/fig-a-b.pdf",
            "out/fig-a-b-2.pdf",
            "out/fig-a-b-3.pdf",
            "out/fig-uberblick.pdf"
        ]
    );
}

#[test]
fn pseudonym_maps_in_projects_are_plain_id_to_name_pairs() {
    let p = florentine_project();
    let v: serde_json::Value = serde_json::from_slice(&p.to_bytes().unwrap()).unwrap();
    let map: BTreeMap<String, String> = serde_json::from_value(v["pseudonyms"].clone()).unwrap();
    assert_eq!(&map, p.study.pseudonyms());
    assert_eq!(v["format"], "kith-project");
    assert_eq!(v["kith"], env!("CARGO_PKG_VERSION"));
}

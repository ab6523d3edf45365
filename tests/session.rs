//! The open document without a window: every edit is undone and redone exactly, a drag is
//! one step, the history is bounded, and saved views keep names hidden.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use kith::layout::Point;
use kith::scene::{Callout, Filter, FilterMode, Highlight, Labels, View};
use kith::session::{Camera, Command, ExportError, SavedView, Session, Source};

/// Everything an edit may change.
#[derive(Debug, Clone, PartialEq)]
struct State {
    study: kith::model::Study,
    view: View,
    relations: Option<BTreeSet<String>>,
    waves: Option<BTreeSet<String>>,
    views: Vec<SavedView>,
    positions: Vec<Point>,
}

fn state(s: &Session) -> State {
    State {
        // Saved and analysed numbered 0..: gaps merges and deletions leave are not state.
        study: s.base_study().compacted(),
        view: s.view().clone(),
        relations: s.relations().cloned(),
        waves: s.waves().cloned(),
        views: s.saved_views().to_vec(),
        positions: s.positions().to_vec(),
    }
}

fn session() -> Session {
    // Positions change only through commands while nobody polls the layout worker.
    Session::new(kith::sample::bundled(), Source::default()).unwrap()
}

fn edits(s: &Session) -> Vec<Command> {
    let study = s.base_study();
    let a = study.nodes()[0].id.clone();
    let b = study.nodes()[1].id.clone();
    // Someone without a tie, so deleting them leaves the merge of a and b splittable (the
    // merge record points at ties by their place in the study).
    let c = (2..study.node_count())
        .find(|&i| {
            study
                .ties()
                .iter()
                .all(|t| t.source.index() != i && t.target.index() != i)
        })
        .map(|i| study.nodes()[i].id.clone())
        .unwrap();
    let rel: BTreeSet<String> = study.relations().iter().take(1).cloned().collect();
    vec![
        Command::ColorBy(Some("gender".into())),
        Command::SizeBy(Some("degree".into())),
        Command::Labels(Labels::Top(5)),
        Command::FilterValues {
            attribute: "gender".into(),
            values: Some(vec!["Female".into()]),
        },
        Command::FilterRange {
            name: "degree".into(),
            min: Some(1.0),
            max: None,
        },
        Command::FilterMode(FilterMode::Fade),
        Command::Highlight(Highlight::CutPoints, true),
        Command::Anonymise(true),
        Command::TitleCaption {
            title: Some("Who people rely on".into()),
            caption: None,
        },
        Command::SetCallouts(vec![Callout {
            node: a.clone(),
            text: "runs the food bank".into(),
        }]),
        Command::MoveNode {
            node: study.find(&c).unwrap(),
            to: Point::new(3.0, 4.0),
            pinned: true,
        },
        Command::SaveView {
            name: "everyone".into(),
            camera: None,
        },
        Command::TieSelection {
            relations: Some(rel),
            waves: None,
        },
        Command::ClearFilters,
        Command::SaveView {
            name: "rely on".into(),
            camera: Some(Camera {
                center: Point::new(1.0, 2.0),
                zoom: 3.0,
            }),
        },
        Command::RenameView {
            index: 1,
            name: "who people rely on".into(),
        },
        Command::MoveView { from: 1, to: 0 },
        Command::ApplyView(1),
        Command::MergeNodes {
            keep: a.clone(),
            absorb: vec![b.clone()],
        },
        Command::DeleteNodes(vec![c.clone()]),
        Command::Unmerge(s.base_study().merges().len()),
        Command::DeleteView(0),
    ]
}

#[test]
fn every_edit_is_undone_and_redone_exactly() {
    let mut s = session();
    let mut states = vec![state(&s)];
    for c in edits(&s) {
        s.apply(c.clone());
        let notice = s.take_notice();
        assert!(notice.is_none(), "{c:?}: {notice:?}");
        let now = state(&s);
        assert_ne!(&now, states.last().unwrap(), "{c:?} changed nothing");
        states.push(now);
    }
    for expected in states.iter().rev().skip(1) {
        s.apply(Command::Undo);
        assert_eq!(&state(&s), expected);
    }
    assert!(!s.history().can_undo());
    for expected in states.iter().skip(1) {
        s.apply(Command::Redo);
        assert_eq!(&state(&s), expected);
    }
    assert!(!s.history().can_redo());
}

#[test]
fn a_drag_is_one_step_and_the_history_is_bounded() {
    let mut s = session();
    let node = s.base_study().find(&s.base_study().nodes()[5].id).unwrap();
    let start = s.positions()[5];
    s.apply(Command::MoveNode {
        node,
        to: Point::new(10.0, 10.0),
        pinned: true,
    });
    s.apply(Command::Undo);
    assert_eq!(s.positions()[5], start);
    assert!(!s.is_pinned(5));
    for k in 0..150 {
        s.apply(Command::Labels(Labels::Top(k)));
    }
    let mut undone = 0;
    while s.history().can_undo() {
        s.apply(Command::Undo);
        undone += 1;
    }
    assert_eq!(undone, 100);
    assert_eq!(s.view().labels, Labels::Top(49));
}

#[test]
fn a_merge_moves_ties_keeps_positions_and_is_recorded() {
    let mut s = session();
    s.settle();
    assert!(s.positions().iter().any(|p| *p != Point::default()));
    let study = s.base_study().clone();
    let (a, b) = (study.nodes()[0].id.clone(), study.nodes()[1].id.clone());
    let at: Vec<(String, Point)> = study
        .nodes()
        .iter()
        .zip(s.positions())
        .map(|(n, p)| (n.id.clone(), *p))
        .collect();
    s.apply(Command::MergeNodes {
        keep: a.clone(),
        absorb: vec![b.clone()],
    });
    let after = s.base_study();
    assert_eq!(after.node_count(), study.node_count() - 1);
    assert!(after.find(&b).is_none());
    assert_eq!(after.merges().len(), study.merges().len() + 1);
    for (n, p) in after.nodes().iter().zip(s.positions()) {
        let was = at.iter().find(|(id, _)| id == &n.id).unwrap().1;
        assert_eq!(*p, was, "{} moved", n.id);
    }
    s.apply(Command::Undo);
    assert_eq!(s.base_study(), &study);
}

/// The study is a petgraph StableGraph: merging and deleting people leaves everyone else at
/// their index (and every remaining tie at its number), and undoing both gives the study
/// back exactly, indices included.
#[test]
fn merges_and_deletions_keep_everyone_elses_index_and_undo_restores_both() {
    let mut s = session();
    let study = s.base_study().clone();
    let ids: Vec<String> = study.nodes().iter().map(|n| n.id.clone()).collect();
    let index_of = |st: &kith::model::Study, id: &str| st.find(id).map(|n| n.index());
    // Merge the second person into the first, then delete the fourth and the sixth.
    let (keep, absorb) = (ids[0].clone(), ids[1].clone());
    let gone = vec![ids[3].clone(), ids[5].clone()];
    s.apply(Command::MergeNodes {
        keep: keep.clone(),
        absorb: vec![absorb.clone()],
    });
    s.apply(Command::DeleteNodes(gone.clone()));
    let after = s.base_study();
    assert_eq!(after.node_count(), study.node_count() - 3);
    assert!(!after.is_dense(), "the gaps stay until the study is saved");
    for id in &ids {
        if *id == absorb || gone.contains(id) {
            assert_eq!(after.find(id), None, "{id} is gone");
        } else {
            assert_eq!(index_of(after, id), index_of(&study, id), "{id} moved");
        }
    }
    // Ties not touched by the merge or the deletions keep their number and their ends.
    let touched = |t: &kith::model::Tie| {
        [t.source, t.target].iter().any(|e| {
            let id = &study.nodes()[e.index()].id;
            *id == absorb || gone.contains(id)
        })
    };
    let mut kept = 0;
    for (i, t) in study.ties().iter().enumerate() {
        if !touched(t) {
            assert_eq!(after.tie(i), Some(t), "tie {i} changed");
            kept += 1;
        }
    }
    assert!(kept > 0);
    // The study in view is numbered 0.. (what analysis and the canvas work on), with the
    // same people in the same order.
    let shown: Vec<&str> = s.study().nodes().iter().map(|n| n.id.as_str()).collect();
    let live: Vec<&str> = after.nodes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(shown, live);
    assert!(s.study().is_dense());
    assert_eq!(s.positions().len(), shown.len());
    s.apply(Command::Undo);
    assert!(s.base_study().find(&gone[0]).is_some());
    assert_eq!(s.base_study().find(&absorb), None);
    s.apply(Command::Undo);
    assert_eq!(s.base_study(), &study);
    for id in &ids {
        assert_eq!(index_of(s.base_study(), id), index_of(&study, id));
    }
}

#[test]
fn a_merge_of_unknown_people_is_refused_with_a_notice() {
    let mut s = session();
    let before = state(&s);
    s.apply(Command::MergeNodes {
        keep: "nobody".into(),
        absorb: vec!["no one".into()],
    });
    assert!(s.take_notice().unwrap().contains("not in the study"));
    assert_eq!(state(&s), before);
}

#[test]
fn applying_a_saved_view_keeps_names_hidden() {
    let mut s = session();
    s.apply(Command::ColorBy(Some("gender".into())));
    s.apply(Command::SaveView {
        name: "names on".into(),
        camera: None,
    });
    s.apply(Command::ColorBy(None));
    s.apply(Command::Anonymise(true));
    s.apply(Command::ApplyView(0));
    assert!(s.view().anonymise);
    assert_eq!(s.view().color_by.as_deref(), Some("gender"));
    assert_eq!(s.current_saved_view(), Some(0));
    assert_eq!(s.take_camera_request(), Some(None));
    assert_eq!(s.take_camera_request(), None);
}

#[test]
fn view_names_are_unique_and_not_empty() {
    let mut s = session();
    for name in ["a", "b"] {
        s.apply(Command::SaveView {
            name: name.into(),
            camera: None,
        });
    }
    s.apply(Command::RenameView {
        index: 1,
        name: "a".into(),
    });
    assert!(s.take_notice().is_some());
    s.apply(Command::RenameView {
        index: 1,
        name: "  ".into(),
    });
    assert!(s.take_notice().is_some());
    let names: Vec<&str> = s.saved_views().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    // Saving under an existing name replaces that view.
    s.apply(Command::Highlight(Highlight::Bridges, true));
    s.apply(Command::SaveView {
        name: "a".into(),
        camera: None,
    });
    assert_eq!(s.saved_views().len(), 2);
    assert!(
        s.saved_views()[0]
            .view
            .highlights
            .contains(&Highlight::Bridges)
    );
}

#[test]
fn edits_make_the_document_dirty_until_saved() {
    let mut s = session();
    assert!(!s.is_dirty());
    s.apply(Command::Select(Some(kith::model::NodeId(0))));
    assert!(!s.is_dirty(), "selecting is not an edit");
    s.apply(Command::ColorBy(Some("gender".into())));
    assert!(s.is_dirty());
    s.mark_saved();
    assert!(!s.is_dirty());
    s.apply(Command::Undo);
    assert!(s.is_dirty());
}

#[test]
fn filters_survive_as_plain_data() {
    // The view is stored in projects: it must survive serialisation unchanged.
    let mut view = View {
        filters: vec![Filter::Range {
            name: "degree".into(),
            min: None,
            max: Some(2.0),
        }],
        ..View::default()
    };
    view.highlights.push(Highlight::Ego("R001".into()));
    let text = serde_json::to_string(&view).unwrap();
    let back: View = serde_json::from_str(&text).unwrap();
    assert_eq!(back, view);
}

/// Two waves of five respondents: a-b kept, b-c lost, c-d gained, e leaves isolation;
/// wellbeing measured in both waves.
fn two_waves() -> kith::model::Study {
    use kith::model::{AttrType, NodeKind, Study, Value};
    let wave = |ties: &[(&str, &str)], isolated: &[&str], score: f64| {
        let mut s = Study::new(false);
        for id in ["a", "b", "c", "d", "e"] {
            s.node_or_insert(id, NodeKind::Respondent);
        }
        for (x, y) in ties {
            let (x, y) = (s.find(x).unwrap(), s.find(y).unwrap());
            s.connect(x, y).unwrap();
        }
        let col = s
            .declare_node_attribute("wemwbs", AttrType::Numeric)
            .unwrap();
        for i in 0..5u32 {
            s.set_node_value(
                col,
                kith::model::NodeId(i),
                Some(Value::Number(score + f64::from(i))),
            );
        }
        assert!(isolated.iter().all(|i| s.find(i).is_some()));
        s
    };
    let baseline = wave(&[("a", "b"), ("b", "c")], &["d", "e"], 40.0);
    let post = wave(&[("a", "b"), ("c", "d"), ("d", "e")], &[], 50.0);
    kith::waves::combine(vec![("baseline".into(), baseline), ("post".into(), post)]).unwrap()
}

fn one(w: &str) -> Option<BTreeSet<String>> {
    Some([w.to_string()].into_iter().collect())
}

#[test]
fn switching_waves_keeps_positions_and_shows_the_change() {
    let mut s = Session::new(two_waves(), Source::default()).unwrap();
    s.settle();
    let at = s.positions().to_vec();
    s.apply(Command::TieSelection {
        relations: None,
        waves: one("baseline"),
    });
    assert_eq!(s.wave(), Some("baseline"));
    assert_eq!(s.positions(), &at[..]);
    assert_eq!(s.study().tie_count(), 2);
    assert!(s.wave_change().is_none());
    let wemwbs = |s: &Session| {
        s.study()
            .node_attribute("wemwbs")
            .unwrap()
            .value(0)
            .and_then(|v| v.as_number())
    };
    assert_eq!(wemwbs(&s), Some(40.0));
    s.apply(Command::TieSelection {
        relations: None,
        waves: one("post"),
    });
    assert_eq!(s.positions(), &at[..], "a person stays where they were");
    assert_eq!(wemwbs(&s), Some(50.0));
    let change = s.wave_change().unwrap();
    assert_eq!(
        (change.from.as_str(), change.to.as_str()),
        ("baseline", "post")
    );
    let id = |i: usize| s.study().nodes()[i].id.clone();
    let gained: Vec<(String, String)> = s
        .tie_pairs()
        .iter()
        .zip(&change.gained)
        .filter(|(_, g)| **g)
        .map(|(p, _)| (id(p.a), id(p.b)))
        .collect();
    assert_eq!(
        gained,
        [("c".to_string(), "d".to_string()), ("d".into(), "e".into())]
    );
    let lost: Vec<(String, String)> = change.lost.iter().map(|p| (id(p.a), id(p.b))).collect();
    assert_eq!(lost, [("b".to_string(), "c".to_string())]);
    s.apply(Command::Undo);
    assert_eq!(s.wave(), Some("baseline"));
    assert_eq!(s.positions(), &at[..]);
}

#[test]
fn a_saved_project_reopens_exactly_as_left() {
    let mut s = session();
    s.settle();
    for c in edits(&s) {
        s.apply(c);
    }
    s.apply(Command::SaveView {
        name: "last".into(),
        camera: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.kith");
    s.save_project(&path).unwrap();
    assert!(!s.is_dirty());
    assert_eq!(s.project_path(), Some(path.as_path()));

    let mut t = Session::new(kith::model::Study::new(false), Source::default()).unwrap();
    let p = kith::session::project::Project::load(&path).unwrap();
    t.open_project(p, Some(path.clone()));
    assert_eq!(state(&t), state(&s));
    assert_eq!(t.to_project(), s.to_project());
    assert_eq!(t.source().recipe, s.source().recipe);
    assert!(
        t.layout().paused(),
        "positions stay as saved until the layout is resumed"
    );
    assert!(!t.is_dirty());
    assert!(!t.history().can_undo());
    // Names hidden use the project's pseudonyms, the same before and after.
    assert_eq!(
        kith::privacy::Pseudonyms::new(t.base_study()).names,
        kith::privacy::Pseudonyms::new(s.base_study()).names
    );
}

#[test]
fn pseudonyms_stay_with_people_through_merges_and_undo() {
    let mut s = session();
    let names = |s: &Session| -> Vec<(String, String)> {
        let p = kith::privacy::Pseudonyms::new(s.base_study());
        s.base_study()
            .nodes()
            .iter()
            .zip(p.names)
            .map(|(n, p)| (n.id.clone(), p))
            .collect()
    };
    let before = names(&s);
    let study = s.base_study().clone();
    let (a, b) = (study.nodes()[3].id.clone(), study.nodes()[4].id.clone());
    s.apply(Command::MergeNodes {
        keep: a,
        absorb: vec![b.clone()],
    });
    for (id, p) in names(&s) {
        let was = &before.iter().find(|(i, _)| *i == id).unwrap().1;
        assert_eq!(&p, was, "{id} changed pseudonym after a merge");
    }
    s.apply(Command::Undo);
    assert_eq!(names(&s), before);
}

#[test]
fn people_absent_from_a_wave_are_left_out_not_flagged_isolates() {
    use kith::model::{NodeKind, Study};
    let wave = |ids: &[&str], ties: &[(&str, &str)]| {
        let mut s = Study::new(false);
        for id in ids {
            s.node_or_insert(id, NodeKind::Respondent);
        }
        for (x, y) in ties {
            let (x, y) = (s.find(x).unwrap(), s.find(y).unwrap());
            s.connect(x, y).unwrap();
        }
        s
    };
    // "e" answers at baseline (isolated) and not at post; "d" is isolated at post.
    let baseline = wave(&["a", "b", "c", "d", "e"], &[("a", "b"), ("c", "d")]);
    let post = wave(&["a", "b", "c", "d"], &[("a", "b"), ("b", "c")]);
    let study =
        kith::waves::combine(vec![("baseline".into(), baseline), ("post".into(), post)]).unwrap();
    let mut s = Session::new(study, Source::default()).unwrap();
    s.apply(Command::TieSelection {
        relations: None,
        waves: one("post"),
    });
    let e = s.study().find("e").unwrap().index();
    let d = s.study().find("d").unwrap().index();
    assert!(s.is_absent(e));
    assert!(!s.is_absent(d));
    let isolates: Vec<usize> = s
        .node_metrics()
        .isolates
        .iter()
        .map(|n| n.index())
        .collect();
    assert_eq!(isolates, [d]);
    let styles = s.styles().unwrap();
    assert_eq!(styles.nodes[e].vis, kith::scene::Vis::Hidden);
    assert_eq!(styles.nodes[d].vis, kith::scene::Vis::Shown);
    s.settle();
    let full = s.full_metrics().unwrap();
    assert!(!full.nodes.isolate[e], "the metrics table agrees");
    assert!(full.nodes.isolate[d]);
    s.apply(Command::TieSelection {
        relations: None,
        waves: one("baseline"),
    });
    assert!(!s.is_absent(e));
    let isolates: Vec<usize> = s
        .node_metrics()
        .isolates
        .iter()
        .map(|n| n.index())
        .collect();
    assert_eq!(isolates, [e]);
}

#[test]
fn every_saved_view_exports_as_the_project_draws_it() {
    let mut s = session();
    s.apply(Command::PauseLayout(true));
    s.apply(Command::SaveView {
        name: "Everyone".into(),
        camera: None,
    });
    s.apply(Command::ColorBy(Some("gender".into())));
    s.apply(Command::SaveView {
        name: "By gender".into(),
        camera: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let files = s.export_views(&dir.path().join("fig.svg")).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["fig-everyone.svg", "fig-by-gender.svg"]);
    let p = s.to_project();
    for (view, file) in ["Everyone", "By gender"].iter().zip(&files) {
        let scene = p.scene(Some(view), None).unwrap();
        let expected =
            kith::render::render(&scene, kith::render::FigureFormat::Svg, p.export.dpi).unwrap();
        assert_eq!(std::fs::read(file).unwrap(), expected);
    }
    assert_ne!(
        std::fs::read(&files[0]).unwrap(),
        std::fs::read(&files[1]).unwrap()
    );
}

#[test]
fn the_waves_figure_has_a_panel_per_wave() {
    let s = Session::new(two_waves(), Source::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("waves.svg");
    s.export_waves(&["baseline".into(), "post".into()], &out)
        .unwrap();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains(">baseline<") && svg.contains(">post<"),
        "{svg}"
    );
    let err = s.export_waves(&["nonesuch".into()], &out).unwrap_err();
    assert!(
        matches!(
            &err,
            ExportError::Scene(kith::scene::SceneError::UnknownWave { name, .. }) if name == "nonesuch"
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("nonesuch"), "{err}");
    let err = s
        .export_waves(&["baseline".into()], &dir.path().join("waves.bmp"))
        .unwrap_err();
    assert!(
        matches!(&err, ExportError::UnknownFormat { file } if file.ends_with("waves.bmp")),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .ends_with("waves.bmp: unknown figure format; use .png, .svg, .pdf, .tif, .tiff, .jpg, .jpeg, .webp"),
        "{err}"
    );
    assert_eq!(
        s.export_views(&out).unwrap_err().to_string(),
        "There are no saved views to export."
    );
}

#[test]
fn the_history_says_what_undo_and_redo_would_do() {
    let mut s = session();
    assert_eq!(s.history().undo_name(), None);
    s.apply(Command::ColorBy(Some("gender".into())));
    let study = s.base_study().clone();
    s.apply(Command::MergeNodes {
        keep: study.nodes()[0].id.clone(),
        absorb: vec![study.nodes()[1].id.clone()],
    });
    assert_eq!(s.history().undo_name(), Some("merge"));
    s.apply(Command::Undo);
    assert_eq!(s.history().undo_name(), Some("colour by gender"));
    assert_eq!(s.history().redo_name(), Some("merge"));
    s.apply(Command::Redo);
    assert_eq!(s.history().undo_name(), Some("merge"));
    assert_eq!(s.history().redo_name(), None);
}

#[test]
fn a_network_saved_with_names_hidden_holds_no_name() {
    let mut study = kith::sample::bundled();
    kith::privacy::assign(&mut study);
    let safe = kith::privacy::anonymise(&study).study;
    assert_eq!(safe.node_count(), study.node_count());
    assert_eq!(safe.tie_count(), study.tie_count());
    assert!(safe.merges().is_empty());
    let text = String::from_utf8(kith::io::graphml::write(&safe).bytes).unwrap();
    let mut checked = 0;
    for (n, m) in study.nodes().iter().zip(safe.nodes()) {
        if n.kind.is_person() {
            let escaped = n.label.replace('&', "&amp;").replace('\'', "&apos;");
            assert!(
                !text.contains(&n.label) && !text.contains(&escaped),
                "{} is in the file",
                n.label
            );
            checked += 1;
        } else {
            assert_eq!(m.label, n.label, "a place keeps its name");
        }
    }
    assert!(checked > 100);
    // The same pseudonyms as on screen.
    let shown = kith::privacy::Pseudonyms::new(&study).names;
    for (n, p) in safe.nodes().iter().zip(&shown) {
        assert_eq!(&n.label, p);
    }
}

#[test]
fn the_waves_figure_of_a_saved_project_is_the_one_made_in_the_window() {
    let mut s = Session::new(two_waves(), Source::default()).unwrap();
    s.settle();
    s.apply(Command::ColorBy(Some("wemwbs".into())));
    let dir = tempfile::tempdir().unwrap();
    let waves = ["baseline".to_string(), "post".to_string()];
    let in_window = dir.path().join("window.svg");
    s.export_waves(&waves, &in_window).unwrap();
    let path = dir.path().join("study.kith");
    s.save_project(&path).unwrap();
    let out = dir.path().join("cli.svg");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "render",
            path.to_str().unwrap(),
            "--waves",
            "baseline,post",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&in_window).unwrap()
    );
}

/// The animation the Change tab saves is made by work for a background job, which stops
/// without writing anything when cancelled, and otherwise writes the GIF.
#[test]
fn the_animation_job_writes_the_gif_and_stops_when_cancelled() {
    let s = Session::new(two_waves(), Source::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("change.gif");
    let cancelled = kith::session::Progress::default();
    cancelled.cancel();
    let work = s.export_animation_work("baseline", "post", out.clone());
    assert!(matches!(
        work(&cancelled),
        Err(kith::session::ExportError::Cancelled)
    ));
    assert!(!out.exists(), "a cancelled animation writes nothing");
    let progress = kith::session::Progress::default();
    let work = s.export_animation_work("baseline", "post", out.clone());
    assert_eq!(work(&progress).unwrap(), out);
    assert!((progress.fraction() - 1.0).abs() < 1e-6);
    assert!(std::fs::read(&out).unwrap().starts_with(b"GIF89a"));
}

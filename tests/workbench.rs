//! Headless flows through the workbench with egui_kittest (no rendering): the sample on
//! start, opening a file through a faked dialog, colouring, filtering, flags, sorting the
//! metrics table and exporting a PNG.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::{Workbench, sample_source};
use kith::session::Command;

mod common;
use common::FakeDialog;

fn harness(dialog: FakeDialog) -> Harness<'static, Workbench> {
    harness_with(kith::sample::bundled(), sample_source(), dialog)
}

/// A window on `study`, its layout settled and its metrics computed.
fn harness_with(
    study: kith::model::Study,
    source: kith::session::Source,
    dialog: FakeDialog,
) -> Harness<'static, Workbench> {
    common::window(study, source, dialog)
}

/// [`harness_with`] in a window of `size`.
fn harness_sized(
    study: kith::model::Study,
    source: kith::session::Source,
    dialog: FakeDialog,
    size: [f32; 2],
) -> Harness<'static, Workbench> {
    common::window_sized(study, source, dialog, size)
}

#[test]
fn sample_study_is_shown_on_start() {
    let h = harness(FakeDialog::default());
    assert_eq!(
        h.state().session().study().node_count(),
        kith::sample::bundled().node_count()
    );
    assert!(h.state().session().styles().is_some());
    h.get_by_label("Sociogram canvas");
}

#[test]
fn opens_a_file_from_the_dialog() {
    let dialog = FakeDialog::default();
    *dialog.open.lock().unwrap() = Some(PathBuf::from("tests/data/karate/karate.net"));
    let mut h = harness(dialog);
    h.get_by_label("📂 Open…").click();
    h.run_steps(2);
    h.state_mut().finish_opening();
    h.run_steps(2);
    assert_eq!(h.state().session().study().node_count(), 34);
    assert!(h.state().error().is_none());
}

#[test]
fn a_file_that_cannot_be_opened_is_named_with_the_line_and_column() {
    let mut h = harness(FakeDialog::default());
    let dir = tempfile::tempdir().unwrap();
    let mut open = |path: PathBuf| {
        h.state_mut().open_path(&path);
        h.state_mut().finish_opening();
        h.state().error().unwrap_or_default().to_string()
    };
    let missing = dir.path().join("nonesuch.net");
    let error = open(missing.clone());
    assert!(
        error.starts_with(&format!("{}: ", missing.display())),
        "{error}"
    );
    let damaged = dir.path().join("cut.kith");
    std::fs::write(
        &damaged,
        "{\"format\": \"kith-project\",\n \"version\": 1,\n",
    )
    .unwrap();
    let error = open(damaged.clone());
    assert!(
        error.starts_with(&format!("{} line 3, column 0: ", damaged.display()))
            && error.ends_with("(the file is cut short)"),
        "{error}"
    );
    assert_eq!(
        h.state().session().study().node_count(),
        kith::sample::bundled().node_count()
    );
}

#[test]
fn color_by_and_filter_change_the_view() {
    let mut h = harness(FakeDialog::default());
    h.state_mut()
        .session_mut()
        .apply(Command::ColorBy(Some("employment_status".into())));
    h.run_steps(2);
    assert!(h.state().session().styles().unwrap().legend.len() > 1);
    let before = h.state().session().visible_count();
    let gender = h
        .state()
        .session()
        .study()
        .node_attribute("gender")
        .unwrap();
    let women = gender
        .values()
        .iter()
        .flatten()
        .filter(|v| v.to_string() == "Female")
        .count();
    // The side panel ends above the tables now: fold the Data section to reach the filters.
    h.get_by_label("Data").click();
    h.run_steps(2);
    h.get_by_label(&format!("Female ({women})")).click();
    h.run_steps(2);
    let after = h.state().session().visible_count();
    assert!(after < before, "{after} < {before}");
}

#[test]
fn selecting_an_isolate_from_the_flags_list() {
    let mut h = harness(FakeDialog::default());
    let first = h.state().session().node_metrics().isolates[0];
    let name = h
        .state()
        .session()
        .study()
        .node(first)
        .unwrap()
        .label
        .clone();
    h.get_all_by_label(&name).next().unwrap().click();
    h.run_steps(2);
    assert_eq!(h.state().session().selection(), Some(first));
}

#[test]
fn sorting_the_metrics_table() {
    let mut h = harness(FakeDialog::default());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "degree")
        .click();
    h.run_steps(2);
    assert_eq!(h.state().metrics_sorting(), (1, true));
}

#[test]
fn exporting_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("figure.png");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(out.clone());
    let mut h = harness(dialog);
    h.get_by_label("Export figure…").click();
    h.run_steps(3);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
}

#[test]
fn exporting_an_svg_without_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let export = |legend: bool| {
        let out = dir.path().join(format!("figure-{legend}.svg"));
        let dialog = FakeDialog::default();
        *dialog.save.lock().unwrap() = Some(out.clone());
        let mut h = harness(dialog);
        h.get_by_label("Export figure…").click();
        h.run_steps(3);
        h.get_by_label("SVG").click();
        if !legend {
            h.get_by_label("Legend").click();
        }
        h.run_steps(2);
        h.get_by_label("Export…").click();
        h.run_steps(2);
        std::fs::read_to_string(&out).unwrap()
    };
    assert!(export(true).contains("Isolate (no ties)"));
    assert!(!export(false).contains("Isolate (no ties)"));
}

/// Types `text` into the text field showing `hint`.
fn type_into(h: &mut Harness<'static, Workbench>, hint: &str, text: &str) {
    let field = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == egui::accesskit::Role::TextInput && n.placeholder() == Some(hint)
    };
    h.get_by(field).focus();
    h.run_steps(2);
    h.get_by(field).type_text(text);
    h.run_steps(2);
}

#[test]
fn saving_showing_and_reordering_views_in_the_views_panel() {
    let mut h = harness(FakeDialog::default());
    type_into(&mut h, "name, e.g. who people rely on", "everyone");
    h.get_by_label("Save view").click();
    h.run_steps(2);
    h.state_mut()
        .session_mut()
        .apply(Command::ColorBy(Some("gender".into())));
    type_into(&mut h, "name, e.g. who people rely on", "by gender");
    h.get_by_label("Save view").click();
    h.run_steps(2);
    let names = |h: &Harness<'static, Workbench>| -> Vec<String> {
        h.state()
            .session()
            .saved_views()
            .iter()
            .map(|v| v.name.clone())
            .collect()
    };
    assert_eq!(names(&h), ["everyone", "by gender"]);
    assert!(h.state().session().saved_views()[0].camera.is_some());
    h.get_by_label("1. everyone").click();
    h.run_steps(2);
    assert_eq!(h.state().session().current_saved_view(), Some(0));
    assert_eq!(
        h.state().session().view().color_by.as_deref(),
        Some("employment_status"),
        "the first view, as saved"
    );
    h.get_all_by_label("⏶").nth(1).unwrap().click();
    h.run_steps(2);
    assert_eq!(names(&h), ["by gender", "everyone"]);
    h.state_mut().session_mut().apply(Command::Undo);
    assert_eq!(names(&h), ["everyone", "by gender"]);
}

#[test]
fn merging_two_names_from_the_inspector_and_undoing_it() {
    let mut h = harness(FakeDialog::default());
    let study = h.state().session().base_study().clone();
    let keep = study
        .nodes()
        .iter()
        .position(|n| n.kind == kith::model::NodeKind::Alter)
        .unwrap();
    let other = study
        .nodes()
        .iter()
        .enumerate()
        .position(|(i, n)| i != keep && n.kind == kith::model::NodeKind::Alter)
        .unwrap();
    let other_label = study.nodes()[other].label.clone();
    h.state_mut()
        .session_mut()
        .apply(Command::Select(Some(kith::model::NodeId(keep as u32))));
    h.run_steps(2);
    type_into(&mut h, "type the other name", &other_label);
    let wanted = format!("Merge {other_label} into");
    let button = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.contains(&wanted))
    };
    h.get_by(button).click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().notice(), None);
    let after = h.state().session().base_study();
    assert_eq!(after.node_count(), study.node_count() - 1);
    assert!(after.find(&study.nodes()[other].id).is_none());
    assert_eq!(after.merges().len(), study.merges().len() + 1);
    h.state_mut().session_mut().apply(Command::Undo);
    assert_eq!(h.state().session().base_study(), &study);
}

#[test]
fn the_canvas_says_whether_names_are_visible() {
    let mut h = harness(FakeDialog::default());
    assert!(!h.state().session().view().anonymise);
    h.get_by_label("Hide names").click();
    h.run_steps(2);
    assert!(h.state().session().view().anonymise);
}

#[test]
fn projecting_a_two_mode_network_to_people_and_back() {
    let dialog = FakeDialog::default();
    *dialog.open.lock().unwrap() = Some(PathBuf::from("tests/data/davis/davis.net"));
    let mut h = harness(dialog);
    h.get_by_label("📂 Open…").click();
    h.run_steps(2);
    h.state_mut().finish_opening();
    h.run_steps(2);
    assert_eq!(h.state().session().study().node_count(), 32);
    h.get_by_label("Network").click();
    h.run_steps(1);
    h.get_by_label("Project to people (shared places)").click();
    h.run_steps(1);
    h.state_mut().finish_projection();
    h.run_steps(2);
    let s = h.state().session().study();
    assert_eq!(s.node_count(), 18);
    // Evelyn Jefferson and Laura Mandeville went to six events together.
    let e = s
        .find("EVELYN")
        .or_else(|| s.find("Evelyn Jefferson"))
        .unwrap();
    let l = s
        .find("LAURA")
        .or_else(|| s.find("Laura Mandeville"))
        .unwrap();
    let w: f64 = s
        .ties()
        .iter()
        .filter(|t| (t.source, t.target) == (e, l) || (t.source, t.target) == (l, e))
        .map(|t| t.weight)
        .sum();
    assert_eq!(w, 6.0);
    h.state_mut().session_mut().apply(Command::Undo);
    assert_eq!(h.state().session().study().node_count(), 32);
}

fn harness_on(study: kith::model::Study) -> Harness<'static, Workbench> {
    harness_with(
        study,
        kith::session::Source::default(),
        FakeDialog::default(),
    )
}

#[test]
fn switching_waves_keeps_everyone_in_place_and_the_change_tab_lists_the_changes() {
    let study = kith::io::read_path(
        std::path::Path::new("tests/data/waves_fig/waves_edges.csv"),
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    let mut h = harness_on(study);
    let at = h.state().session().positions().to_vec();
    h.get_by_label("baseline").click();
    h.run_steps(2);
    assert_eq!(h.state().session().wave(), Some("baseline"));
    h.get_by_label("Later ▶").click();
    h.run_steps(2);
    let s = h.state().session();
    assert_eq!(s.wave(), Some("interim"));
    assert_eq!(s.positions(), &at[..], "everyone stays where they were");
    let change = s.wave_change().unwrap();
    assert_eq!(change.gained.iter().filter(|g| **g).count(), 4);
    assert_eq!(change.lost.len(), 3);
    h.get_by_label("From baseline to interim: 4 ties gained, 3 lost");

    h.get_by_label("Change").click_accesskit();
    h.run_steps(2);
    h.state_mut().change_panel().finish();
    h.run_steps(2);
    assert_eq!(h.state_mut().change_panel().error(), None);
    let c = h.state_mut().change_panel().change().unwrap().clone();
    assert_eq!((c.wave_a.as_str(), c.wave_b.as_str()), ("baseline", "post"));
    assert_eq!(c.tie_counts.gained + c.tie_counts.kept, c.network_b.ties);
    let left: Vec<&str> = c.left_isolation.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(left, ["Kim", "Lee"]);
    h.get_by_label("Left isolation (2)");
    assert!(h.get_all_by_label("Lee").count() >= 1);

    // The waves side by side, drawn by the figure renderer.
    h.get_by_label("Side by side").click_accesskit();
    h.run_steps(3);
    h.get_by_label("Waves side by side");
    assert!(h.state_mut().change_panel().side_by_side_drawn());
}

#[test]
fn a_later_wave_imported_in_the_window_gives_the_planted_changes() {
    let recipe_text = std::fs::read_to_string("tests/data/waves/recipe.toml").unwrap();
    let recipe = kith::survey::Recipe::from_toml("recipe.toml", &recipe_text).unwrap();
    let path = std::path::Path::new("tests/data/waves/baseline.csv");
    let grid = kith::survey::read_table(path, &std::fs::read(path).unwrap()).unwrap();
    let baseline = kith::survey::import(&grid, &recipe, kith::survey::MergeMode::Auto, "baseline")
        .unwrap()
        .study;
    let mut h = harness_with(
        baseline,
        kith::session::Source {
            name: "baseline.csv".into(),
            path: None,
            recipe: Some(recipe_text),
        },
        FakeDialog::default(),
    );
    h.run_steps(2);
    let before: Vec<(String, kith::layout::Point)> = {
        let s = h.state().session();
        s.base_study()
            .nodes()
            .iter()
            .zip(s.positions())
            .map(|(n, p)| (n.id.clone(), *p))
            .collect()
    };

    h.get_by_label("File").click();
    h.run_steps(1);
    h.get_by_label("Import survey wave…").click();
    h.run_steps(2);
    let dialog = h.state_mut().wave_import().unwrap();
    dialog.set_path(PathBuf::from("tests/data/waves/post.csv"));
    dialog.set_name("post");
    h.get_by_label("Import wave").click();
    h.run_steps(1);
    let outcome = h.state_mut().wave_import().unwrap().finish();
    let kith_outcome = match outcome {
        kith::app::WaveOutcome::Done(study, report) => (study, report),
        _ => panic!("the wave was not imported"),
    };
    h.state_mut().wave_imported(kith_outcome.0, kith_outcome.1);
    // One frame: the import is applied; the layout then goes on from these positions.
    h.run_steps(1);

    // Everyone already drawn starts from their place.
    let s = h.state().session();
    assert_eq!(
        kith::waves::wave_names(s.base_study()),
        ["baseline", "post"]
    );
    for (n, p) in s.base_study().nodes().iter().zip(s.positions()) {
        if let Some((_, was)) = before.iter().find(|(id, _)| *id == n.id) {
            assert_eq!(p, was, "{} moved", n.id);
        }
    }

    // The Change tab starts comparing once it has drawn the study with both waves.
    h.run_steps(2);
    h.state_mut().change_panel().finish();
    h.run_steps(1);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/data/waves/truth.json").unwrap())
            .unwrap();
    let names = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let c = h.state_mut().change_panel().change().unwrap().clone();
    let labels = |l: &[kith::waves::compare::PersonRef]| -> Vec<String> {
        let mut v: Vec<String> = l.iter().map(|p| p.label.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(labels(&c.left_isolation), names(&truth["left_isolation"]));
    assert_eq!(labels(&c.became_isolated), names(&truth["became_isolated"]));
    assert_eq!(
        c.tie_counts.gained,
        truth["gained"].as_array().unwrap().len()
    );
    assert_eq!(c.tie_counts.lost, truth["lost"].as_array().unwrap().len());
    h.get_by_label(&format!(
        "Left isolation ({})",
        truth["left_isolation"].as_array().unwrap().len()
    ));
}

#[test]
fn the_metrics_tab_exports_the_table_kith_metrics_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("metrics.csv");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(path.clone());
    let filters = dialog.filters.clone();
    let mut h = harness(dialog);
    h.get_by_label("Metrics").click();
    h.run_steps(3);
    h.get_by_label("Export table…").click();
    h.run_steps(2);
    let written = std::fs::read_to_string(&path).unwrap();
    let s = h.state().session();
    let m = s.full_metrics().unwrap();
    assert_eq!(written, kith::analysis::table::node_table(s.study(), m));
    assert!(written.starts_with(
        "id,label,degree,in_degree,out_degree,betweenness,betweenness_norm,closeness,"
    ));
    assert_eq!(written.lines().count(), s.study().node_count() + 1);
    // The dialog offers the three formats; the extension of the chosen name picks one.
    let offered: Vec<String> = filters
        .lock()
        .unwrap()
        .iter()
        .map(|f| f.0.clone())
        .collect();
    assert_eq!(offered, ["CSV", "Excel", "Parquet"]);
}

#[test]
fn the_inspector_shows_wellbeing_scores_first_and_folds_the_items() {
    let mut h = harness(FakeDialog::default());
    let study = h.state().session().study();
    let wemwbs = study.node_attribute("wemwbs").unwrap();
    let person = (0..study.node_count())
        .find(|&v| wemwbs.value(v).is_some())
        .unwrap();
    h.state_mut()
        .session_mut()
        .apply(Command::Select(Some(kith::model::NodeId(person as u32))));
    h.run_steps(2);
    // The Data panel on the left lists the attributes too: take the Inspector's, right.
    let right = |h: &Harness<'static, Workbench>, label: &str| {
        h.get_all_by_label(label)
            .map(|n| n.rect())
            .max_by(|a, b| a.left().total_cmp(&b.left()))
            .unwrap()
    };
    let score = right(&h, "wemwbs");
    let short = right(&h, "swemwbs");
    let gender = right(&h, "gender");
    assert!(score.left() > 700.0, "in the right panel");
    assert!(score.top() < gender.top() && short.top() < gender.top());
    assert!(h.query_by_label("wemwbs_1").is_none(), "items folded away");
    let fold = right(&h, "Scale items (14)");
    h.get_all_by_label("Scale items (14)")
        .find(|n| n.rect() == fold)
        .unwrap()
        .click();
    h.run_steps(2);
    assert!(right(&h, "wemwbs_1").left() > 700.0);
}

#[test]
fn the_first_view_shows_who_people_rely_on_by_employment() {
    let mut h = harness(FakeDialog::default());
    let s = h.state().session();
    assert_eq!(s.view().color_by.as_deref(), Some("employment_status"));
    assert_eq!(
        s.relations().cloned(),
        Some(std::collections::BTreeSet::from(["rely_on".to_string()]))
    );
    for ring in [
        kith::scene::Highlight::Isolates,
        kith::scene::Highlight::Brokers,
    ] {
        assert!(s.view().highlights.contains(&ring));
    }
    let legend = &s.styles().unwrap().legend;
    assert!(
        legend.iter().any(|(_, t)| t.starts_with("Unemployed")),
        "{legend:?}"
    );
    let library = s.study().find("Library").unwrap().index();
    assert!(s.is_absent(library), "places are hidden");
    assert!(
        !s.node_metrics()
            .isolates
            .iter()
            .any(|i| i.index() == library)
    );
    h.get_by_label("Show places and groups").click();
    h.run_steps(2);
    let s = h.state().session();
    assert!(!s.is_absent(library), "and come back from the Data panel");
    assert!(s.relations().is_none_or(|r| r.contains("info_source")));
}

#[test]
fn the_export_draws_the_ego_network_the_canvas_shows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ego.svg");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(out.clone());
    let mut h = harness(dialog);
    // A broker: their ego network is a part of the picture, not all of it.
    let broker = h.state().session().node_metrics().brokers[0];
    h.state_mut()
        .session_mut()
        .apply(Command::Select(Some(broker)));
    h.state_mut().session_mut().apply(Command::EgoSteps(2));
    h.run_steps(2);
    h.get_by_label("Export figure…").click();
    h.run_steps(3);
    let name = h.state().session().shown_name(broker.index());
    let says = format!("the ego network of {name} (2 steps), the rest faded");
    // A label keeps its text as its value.
    assert!(
        h.query_all_by(|n| n.value().is_some_and(|l| l.contains(&says)))
            .next()
            .is_some(),
        "the dialog says what is included"
    );
    h.get_by_label("SVG").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Ego (1)"), "the ego is marked");
    assert!(
        svg.contains("Not selected ("),
        "and the rest faded, as on the canvas"
    );
}

/// The canvas overlays drawn in the last frame; asserts that none covers another and all
/// lie on the canvas.
fn overlays_apart(h: &Harness<'static, Workbench>) -> Vec<&'static str> {
    let canvas = h.get_by_label("Sociogram canvas").rect();
    let placed = h.state().canvas_overlays().to_vec();
    for (k, (a, ra)) in placed.iter().enumerate() {
        assert!(
            canvas.contains_rect(*ra),
            "{a} {ra:?} off the canvas {canvas:?}"
        );
        for (b, rb) in &placed[k + 1..] {
            assert!(!ra.intersects(*rb), "{a} {ra:?} covers {b} {rb:?}");
        }
    }
    placed.iter().map(|(name, _)| *name).collect()
}

#[test]
fn the_canvas_overlays_never_cover_each_other() {
    for size in [[1024.0, 700.0], [1280.0, 800.0], [1600.0, 1000.0]] {
        let h = harness_sized(
            kith::sample::bundled(),
            kith::app::sample_source(),
            FakeDialog::default(),
            size,
        );
        assert_eq!(overlays_apart(&h), ["names badge", "legend"], "{size:?}");

        let study = kith::io::read_path(
            std::path::Path::new("tests/data/waves_fig/waves_edges.csv"),
            &kith::io::ReadOptions::default(),
        )
        .unwrap();
        let mut h = harness_sized(
            study,
            kith::session::Source::default(),
            FakeDialog::default(),
            size,
        );
        h.state_mut()
            .session_mut()
            .apply(Command::ColorBy(Some("degree".into())));
        h.get_by_label("baseline").click();
        h.run_steps(2);
        h.get_by_label("Later ▶").click();
        h.run_steps(2);
        assert_eq!(
            overlays_apart(&h),
            ["names badge", "legend", "wave key"],
            "{size:?}"
        );
    }
}

#[test]
fn the_panels_share_the_window_without_overlapping() {
    for size in [[1024.0, 700.0], [1400.0, 900.0]] {
        let h = harness_sized(
            kith::sample::bundled(),
            kith::app::sample_source(),
            FakeDialog::default(),
            size,
        );
        let rects = h.state().panel_rects().to_vec();
        assert_eq!(rects.len(), 3);
        let canvas = h.get_by_label("Sociogram canvas").rect();
        let tables = rects.iter().find(|(n, _)| *n == "tables").unwrap().1;
        for (name, r) in &rects {
            assert!(
                !r.shrink(0.5).intersects(canvas),
                "{name} covers the canvas"
            );
            if *name != "tables" {
                assert!(
                    r.bottom() <= tables.top() + 0.5,
                    "{name} {r:?} runs past the top of the tables {tables:?} at {size:?}"
                );
            }
        }
        assert!(!rects[0].1.intersects(rects[1].1));
    }
}

#[test]
fn the_import_wizard_reviews_names_one_key_each_most_important_first() {
    let dir = tempfile::tempdir().unwrap();
    // "Sam L." fits Sam Lee, an isolated respondent: that decision comes first. "Leanne C."
    // fits Leanne Clarke and Leanne Campbell, who named its writer.
    let mut csv = String::from("id,name,friend_1,friend_2\n");
    for i in 1..=8 {
        csv.push_str(&format!("R{i},Person{i} Ray,Leanne Clarke,\n"));
    }
    csv.push_str(
        "R9,Leanne Campbell,Ann Ray,\nR10,Ann Ray,Leanne C.,\nR11,Bob Fox,Sam L.,\nR12,Sam Lee,,\n",
    );
    let survey = dir.path().join("survey.csv");
    std::fs::write(&survey, csv).unwrap();
    let dialog = FakeDialog::default();
    *dialog.open.lock().unwrap() = Some(survey.clone());
    let mut h = harness(dialog);
    h.get_by_label("📂 Open…").click();
    h.run_steps(2);
    h.state_mut().finish_opening();
    h.run_steps(2);
    assert!(h.state().wizard_open());
    h.get_by_label("Import").click();
    h.run_steps(1);
    h.state_mut().wizard().unwrap().finish_import();
    h.run_steps(2);
    let queue: Vec<String> = h
        .state_mut()
        .wizard()
        .unwrap()
        .review_queue()
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(
        queue.first().map(String::as_str),
        Some("Sam L."),
        "{queue:?}"
    );
    assert!(queue.iter().any(|l| l == "Leanne C."), "{queue:?}");
    // The first decision's evidence is on screen in one line.
    let line = h.state_mut().wizard().unwrap().review_queue()[0].line();
    h.get_by_label(&line);
    // A accepts: Sam L. joins Sam Lee.
    h.key_press(egui::Key::A);
    h.run_steps(1);
    let left: Vec<String> = h
        .state_mut()
        .wizard()
        .unwrap()
        .review_queue()
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert!(!left.contains(&"Sam L.".to_string()), "{left:?}");
    // N: Leanne C. is another person; the button does the same as the key.
    while h.state_mut().wizard().unwrap().review_queue()[0].label != "Leanne C." {
        h.get_by_label("Reject (R)").click();
        h.run_steps(1);
    }
    h.key_press(egui::Key::N);
    h.run_steps(1);
    assert!(h.state_mut().wizard().unwrap().review_queue().is_empty());
    // The pointer still rests on Reject, whose tip covers Finish: press it by accessibility.
    h.get_by_label("Finish").click_accesskit();
    h.run_steps(2);
    assert!(!h.state().wizard_open());
    let study = h.state().session().base_study();
    let sam = study.find("R12").unwrap();
    assert!(study.ties().iter().any(|t| t.target == sam));
    let table = kith::survey::aliases::AliasTable::from_study(study);
    assert!(
        table
            .rows
            .iter()
            .any(|r| r.written == "Leanne C." && r.person.is_none()),
        "{table:?}"
    );
}

#[test]
fn reviewing_names_in_the_workbench_merges_on_one_key_and_undoes() {
    let csv = "id,name,friend_1\nR1,Ann Ray,Sam L.\nR2,Sam Lee,\nR3,Bob Fox,Ann Ray\n";
    let grid = kith::survey::read_table(std::path::Path::new("s.csv"), csv.as_bytes()).unwrap();
    let recipe = kith::survey::propose::propose(&grid).unwrap();
    let s = kith::survey::import(&grid, &recipe, kith::survey::MergeMode::Auto, "s").unwrap();
    let source = kith::session::Source {
        name: "s".into(),
        path: None,
        recipe: Some(recipe.to_toml()),
    };
    let mut h = harness_with(s.study, source, FakeDialog::default());
    h.get_by_label("Network").click();
    h.run_steps(1);
    h.get_by_label("Review names…").click();
    h.run_steps(2);
    let first = h.state_mut().review_window().unwrap().queue()[0].clone();
    assert_eq!(first.label, "Sam L.");
    assert_eq!(first.impact, kith::survey::review::Impact::Isolate);
    assert!(h.query_all_by_label_contains("Sam L.").count() > 0);
    // With names hidden the window reads no name out; a key decides nothing.
    h.state_mut().session_mut().apply(Command::Anonymise(true));
    h.run_steps(2);
    assert_eq!(h.query_all_by_label_contains("Sam L").count(), 0);
    assert!(h.query_all_by_label_contains("Names are hidden").count() > 0);
    h.state_mut().session_mut().apply(Command::Anonymise(false));
    h.run_steps(2);
    h.key_press(egui::Key::A);
    h.run_steps(2);
    let study = h.state().session().base_study();
    assert!(study.find(&first.id).is_none(), "Sam L. was merged");
    assert_eq!(study.merges().len(), 1);
    assert!(h.state_mut().review_window().unwrap().queue().is_empty());
    h.state_mut().session_mut().apply(Command::Undo);
    h.run_steps(1);
    assert!(h.state().session().base_study().find(&first.id).is_some());
}

/// Steps the window until the Models panel's run has finished.
fn wait_for_model(h: &mut Harness<'static, Workbench>) {
    for _ in 0..2000 {
        h.run_steps(1);
        if !h.state().models().running() {
            h.run_steps(1);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the test did not finish");
}

#[test]
fn models_tab_runs_a_cug_test_with_its_histogram_exports_it_and_cancels_a_run() {
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("cug.csv");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(csv.clone());
    let mut h = harness(dialog);
    h.get_by_label("Models").click_accesskit();
    h.run_steps(2);
    h.get_by_label("CUG").click_accesskit();
    h.run_steps(2);
    h.get_by_label("▶ Run test").click_accesskit();
    h.run_steps(1);
    assert!(
        h.state().models().running(),
        "the test runs on a worker thread"
    );
    wait_for_model(&mut h);
    let shown = h
        .state()
        .models()
        .result()
        .unwrap()
        .as_ref()
        .unwrap()
        .clone();
    assert!(
        shown
            .method
            .starts_with("Compared the network's transitivity"),
        "{}",
        shown.method
    );
    let (null, _) = shown.null.as_ref().unwrap();
    assert_eq!(null.len(), 1000);
    h.get_by_label(shown.method.as_str());
    h.get_by_label("Export CSV…").click_accesskit();
    h.run_steps(2);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("statistic,given,observed"), "{text}");
    assert!(text.contains("Compared the network's transitivity"));

    // A long QAP run stops on Cancel.
    h.get_by_label("QAP").click_accesskit();
    h.run_steps(2);
    h.get_by_label("▶ Run test").click_accesskit();
    h.run_steps(1);
    h.get_by_label("Cancel").click_accesskit();
    wait_for_model(&mut h);
    match h.state().models().result().unwrap() {
        Err(e) => {
            assert!(matches!(e, kith::app::ModelsError::Cancelled), "{e:?}");
            assert_eq!(e.to_string(), "Cancelled.");
        }
        Ok(s) => panic!("the run was not cancelled: {}", s.method),
    }
}

#[test]
fn groups_tab_puts_permutation_p_values_beside_the_classical_tests() {
    let mut h = harness(FakeDialog::default());
    h.get_by_label("Groups").click_accesskit();
    h.run_steps(3);
    h.get_by_label("Permutation tests").click_accesskit();
    for _ in 0..3000 {
        h.run_steps(1);
        if h.query_by_label("permutation p").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.get_by_label("permutation p");
    h.get_by_label("classical p");
    for measure in [
        "isolate",
        "degree",
        "betweenness",
        "constraint",
        "life_satisfaction",
    ] {
        assert!(h.get_all_by_label(measure).count() >= 1, "{measure} tested");
    }
    let sentence = h
        .query_all_by_label_contains("by shuffling the group labels")
        .count();
    assert!(sentence >= 1, "the tests say what they tested");
}

/// Pauses the layout (so positions change only by what the test does) and gives every
/// person drawn on the canvas with their screen position.
fn paused_canvas(h: &mut Harness<'static, Workbench>) -> Vec<(usize, egui::Pos2)> {
    h.state_mut()
        .session_mut()
        .apply(Command::PauseLayout(true));
    h.run_steps(2);
    let n = h.state().session().study().node_count();
    (0..n)
        .filter_map(|i| h.state().canvas_screen_pos(i).map(|p| (i, p)))
        .collect()
}

/// A person well inside the canvas with nobody else drawn within `gap` screen points.
fn alone(
    h: &Harness<'static, Workbench>,
    drawn: &[(usize, egui::Pos2)],
    gap: f32,
) -> (usize, egui::Pos2) {
    let canvas = h.get_by_label("Sociogram canvas").rect().shrink(80.0);
    drawn
        .iter()
        .copied()
        .find(|&(i, p)| {
            canvas.contains(p) && drawn.iter().all(|&(j, q)| j == i || q.distance(p) > gap)
        })
        .expect("a person alone on the canvas")
}

/// Screen points per layout unit, from person `i` and the person drawn farthest from them.
fn screen_zoom(h: &Harness<'static, Workbench>, drawn: &[(usize, egui::Pos2)], i: usize) -> f32 {
    let positions = h.state().session().positions();
    let at = drawn.iter().find(|&&(k, _)| k == i).unwrap().1;
    let (far, q) = drawn
        .iter()
        .copied()
        .max_by(|a, b| a.1.distance(at).total_cmp(&b.1.distance(at)))
        .unwrap();
    let (p, r) = (positions[i], positions[far]);
    q.distance(at) / (r.x - p.x).hypot(r.y - p.y)
}

#[test]
fn dragging_a_node_on_the_canvas_moves_and_pins_it_and_undo_puts_it_back() {
    let mut h = harness(FakeDialog::default());
    // Paused, the layout moves nobody: positions change by the drag and the undo alone.
    let drawn = paused_canvas(&mut h);
    // A node inside the canvas with no other node near, so the press lands on it alone.
    let (i, from) = alone(&h, &drawn, 14.0);
    let before = h.state().session().positions()[i];
    assert!(!h.state().session().is_pinned(i));
    let zoom = screen_zoom(&h, &drawn, i);

    let by = egui::vec2(60.0, 40.0);
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for k in 1..=6 {
        h.hover_at(from + by * (k as f32 / 6.0));
        h.run_steps(1);
        let at = h.state().canvas_screen_pos(i).unwrap();
        assert!(
            at.distance(from + by * (k as f32 / 6.0)) < 1.0,
            "the node follows the pointer: {at:?}"
        );
    }
    h.drop_at(from + by);
    h.run_steps(3);

    let session = h.state().session();
    let after = session.positions()[i];
    assert!(session.is_pinned(i), "a dragged node is pinned");
    // The drop moved it by the pointer's travel, in layout units at the canvas's zoom.
    let moved = egui::vec2(after.x - before.x, after.y - before.y) * zoom;
    assert!((moved - by).length() < 1.5, "moved by {moved:?}");
    assert_eq!(
        session.history().undo_name(),
        Some("move"),
        "the drag is one undoable step"
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(3);
    let session = h.state().session();
    assert_eq!(session.positions()[i], before, "undo puts the node back");
    assert!(!session.is_pinned(i));
}

/// The image the last frame asked egui to put on the clipboard, if any.
fn copied_image(h: &Harness<'static, Workbench>) -> Option<[usize; 2]> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.size),
            _ => None,
        })
}

#[test]
fn the_export_dialog_offers_tiff_jpeg_and_webp_and_copies_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("figure.tif");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(out.clone());
    let mut h = harness(dialog);
    h.get_by_label("Export figure…").click();
    h.run_steps(3);
    for format in ["PNG", "SVG", "PDF", "TIFF", "JPEG", "WebP"] {
        h.get_by_label(format);
    }
    h.get_by_label("TIFF").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*"));
    let settings = h.state().session().export_settings().clone();
    assert_eq!(settings.format, kith::session::project::ExportFormat::Tiff);

    // Copy figure: the figure at the chosen size (A4 at the dialog's DPI) goes to the
    // clipboard, and the dialog says so.
    h.get_by_label("Copy figure").click();
    h.step();
    let expected = (
        (297.0 / 25.4 * settings.dpi).round() as usize,
        (210.0 / 25.4 * settings.dpi).round() as usize,
    );
    // The pixels are made off the window's thread, which shows the copy going on meanwhile.
    let start = std::time::Instant::now();
    let mut copied = copied_image(&h);
    while copied.is_none() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the figure was never copied"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
        copied = copied_image(&h);
    }
    assert_eq!(copied, Some([expected.0, expected.1]));
    h.run_steps(1);
    h.get_by_label(&format!(
        "Copied the figure ({} × {} pixels) to the clipboard",
        expected.0, expected.1
    ));
}

#[test]
fn ctrl_shift_c_copies_the_figure() {
    let mut h = harness(FakeDialog::default());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::C,
    );
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().copying() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the figure was never copied"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    h.run_steps(1);
    // The export settings' page (A4) at their DPI; the clipboard command itself is checked
    // through the dialog's button above.
    let dpi = h.state().session().export_settings().dpi;
    let expected = format!(
        "Copied the figure ({} × {} pixels) to the clipboard",
        (297.0 / 25.4 * dpi).round(),
        (210.0 / 25.4 * dpi).round()
    );
    assert_eq!(h.state().copy_message(), Some(expected.as_str()));
    h.get_by_label(&expected);
}

#[test]
fn the_change_tab_saves_the_animation_of_two_waves() {
    let study = kith::io::read_path(
        std::path::Path::new("tests/data/waves_fig/waves_edges.csv"),
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("waves.gif");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(out.clone());
    let mut h = harness_with(study, kith::session::Source::default(), dialog);
    h.get_by_label("Change").click_accesskit();
    h.run_steps(2);
    h.state_mut().change_panel().finish();
    h.run_steps(2);
    h.get_by_label("Save animation…").click();
    h.run_steps(2);
    // The GIF is made off the window's thread: a progress bar and Cancel meanwhile.
    let start = std::time::Instant::now();
    while h.state_mut().change_panel().animating() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the animation never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    h.run_steps(1);
    h.get_by_label(&format!("Saved {}", out.display()));
    let gif = std::fs::read(&out).unwrap();
    assert!(gif.starts_with(b"GIF89a"));
    use image::AnimationDecoder;
    let frames = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&gif))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(frames.len(), kith::render::GIF_FRAMES);
    assert!(frames[0].buffer().width() <= kith::render::GIF_MAX_WIDTH);
}

#[test]
fn the_canvas_draws_every_shown_node_at_its_own_index() {
    let h = harness(FakeDialog::default());
    let session = h.state().session();
    let styles = session.styles().unwrap();
    let hidden = |i: usize| styles.nodes[i].vis == kith::scene::Vis::Hidden;
    assert!(
        (0..styles.nodes.len()).any(hidden),
        "the sample hides the places no shown tie reaches"
    );
    let positions = session.positions();
    let shown: Vec<usize> = (0..positions.len()).filter(|&i| !hidden(i)).collect();
    for i in 0..positions.len() {
        assert_eq!(
            h.state().canvas_screen_pos(i).is_some(),
            !hidden(i),
            "node {i} is in egui_graphs' graph exactly when shown"
        );
    }
    // One zoom and one offset put every node where the layout has it: the egui_graphs
    // graph holds node i at index i, even with hidden nodes removed before it.
    let (a, b) = (shown[0], shown[shown.len() - 1]);
    let (sa, sb) = (
        h.state().canvas_screen_pos(a).unwrap(),
        h.state().canvas_screen_pos(b).unwrap(),
    );
    let zoom = (sb.x - sa.x) / (positions[b].x - positions[a].x);
    for &i in &shown {
        let s = h.state().canvas_screen_pos(i).unwrap();
        let expected = egui::pos2(
            sa.x + (positions[i].x - positions[a].x) * zoom,
            sa.y + (positions[i].y - positions[a].y) * zoom,
        );
        assert!(
            s.distance(expected) < 0.5,
            "node {i} at {s:?}, not {expected:?}"
        );
    }
}

/// One figure path: the export dialog's file and `kith render` of the project saved right
/// after are the same bytes.
#[test]
fn the_export_dialog_and_kith_render_of_the_saved_project_write_the_same_figure() {
    let dir = tempfile::tempdir().unwrap();
    let dialog_svg = dir.path().join("dialog.svg");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(dialog_svg.clone());
    let mut h = harness(dialog);
    h.state_mut()
        .session_mut()
        .apply(Command::PauseLayout(true));
    h.state_mut()
        .session_mut()
        .apply(Command::ColorBy(Some("gender".into())));
    h.run_steps(3);
    h.get_by_label("Export figure…").click();
    h.run_steps(3);
    h.get_by_label("SVG").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let project = dir.path().join("study.kith");
    h.state_mut().session_mut().save_project(&project).unwrap();
    let cli_svg = dir.path().join("cli.svg");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("render")
        .arg(&project)
        .arg("-o")
        .arg(&cli_svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (a, b) = (
        std::fs::read_to_string(&dialog_svg).unwrap(),
        std::fs::read_to_string(&cli_svg).unwrap(),
    );
    assert!(
        a.to_lowercase().contains("gender"),
        "the figure is coloured by gender"
    );
    if a != b {
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "the files differ from line {first}:\n{}\n---\n{}",
            a.lines().nth(first).unwrap_or(""),
            b.lines().nth(first).unwrap_or("")
        );
    }
}

/// A window left alone rests: once the layout has settled and the metrics are computed,
/// nothing asks egui for another frame (egui_graphs' `GraphView` asked for one every frame,
/// redrawing the whole sociogram 60 times a second on a laptop's battery).
#[test]
fn an_idle_window_asks_for_no_frames() {
    let mut h = harness(FakeDialog::default());
    let start = std::time::Instant::now();
    while h.state().session().metrics_job().is_some() {
        assert!(
            start.elapsed().as_secs() < 120,
            "the metrics never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
    let steps = h.try_run().expect("an idle window keeps asking for frames");
    assert!(steps <= 2, "{steps} frames");
    // Touching the canvas draws again, then it rests again.
    h.state_mut()
        .session_mut()
        .apply(Command::Select(Some(kith::model::NodeId(0))));
    h.run_steps(2);
    assert!(h.try_run().is_ok(), "a selection left the window redrawing");
}

/// Where two people overlap on the canvas, a click selects the one whose centre is nearest
/// the pointer, not the first in the study's order.
#[test]
fn a_click_where_two_people_overlap_selects_the_nearer() {
    let mut h = harness(FakeDialog::default());
    let drawn = paused_canvas(&mut h);
    // A person alone on the canvas, and a later one put just beside them, overlapping.
    let (i, _) = alone(&h, &drawn, 30.0);
    let j = drawn
        .iter()
        .map(|&(k, _)| k)
        .find(|&k| k > i)
        .expect("a later person on the canvas");
    let p = h.state().session().positions()[i];
    let zoom = screen_zoom(&h, &drawn, i);
    // Four screen points away: inside both people's marks.
    let step = 4.0 / zoom;
    h.state_mut().session_mut().apply(Command::MoveNode {
        node: kith::model::NodeId(j as u32),
        to: kith::layout::Point::new(p.x + step, p.y),
        pinned: true,
    });
    h.run_steps(3);
    let (pi, pj) = (
        h.state().canvas_screen_pos(i).unwrap(),
        h.state().canvas_screen_pos(j).unwrap(),
    );
    assert!(
        (pi.distance(pj) - 4.0).abs() < 0.5,
        "4 points apart: {pi:?} {pj:?}"
    );
    // Just past j's centre, away from i's: inside both marks, nearer j.
    let click = pj + (pj - pi).normalized() * 1.0;
    h.hover_at(click);
    h.run_steps(1);
    h.drag_at(click);
    h.run_steps(1);
    h.drop_at(click);
    h.run_steps(3);
    assert_eq!(
        h.state().session().selection(),
        Some(kith::model::NodeId(j as u32)),
        "the nearer of two overlapping people is selected"
    );
}

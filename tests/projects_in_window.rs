//! Projects in the workbench (egui_kittest, no rendering): save and reopen exactly, a
//! figure exported in the window is drawn again from the saved project, and unsaved work
//! left by a crash is offered back on the next start.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::{Workbench, WorkbenchSettings, sample_source};
use kith::session::project::{Project, RecoveryDir};
use kith::session::{Command, Session};

mod common;
use common::FakeDialog;

fn harness(dialog: FakeDialog, recovery: Option<&std::path::Path>) -> Harness<'static, Workbench> {
    let session = Session::new(kith::sample::bundled(), sample_source()).unwrap();
    let mut wb = Workbench::new(session, Box::new(dialog), WorkbenchSettings::default());
    if let Some(dir) = recovery {
        wb = wb.with_recovery(RecoveryDir::new(dir));
    }
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), wb);
    h.state_mut().session_mut().settle();
    h.run_steps(3);
    h
}

/// File ▸ Save project (its label carries the shortcut too).
fn save_from_the_menu(h: &mut Harness<'static, Workbench>) {
    h.get_by_label("File").click();
    h.run_steps(1);
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Save project") && !l.contains("as"))
    })
    .click();
    h.run_steps(2);
}

fn edit(h: &mut Harness<'static, Workbench>) {
    let s = h.state_mut().session_mut();
    s.apply(Command::ColorBy(Some("employment_status".into())));
    s.apply(Command::Anonymise(true));
    s.apply(Command::SaveView {
        name: "by employment".into(),
        camera: None,
    });
    let study = s.base_study().clone();
    s.apply(Command::MergeNodes {
        keep: study.nodes()[0].id.clone(),
        absorb: vec![study.nodes()[1].id.clone()],
    });
}

#[test]
fn a_project_saved_from_the_menu_reopens_exactly_as_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.kith");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(path.clone());
    let mut h = harness(dialog, None);
    edit(&mut h);
    h.run_steps(2);
    assert!(h.state().session().is_dirty());
    save_from_the_menu(&mut h);
    assert!(!h.state().session().is_dirty());
    let saved = h.state().session().to_project();

    let dialog = FakeDialog::default();
    *dialog.open.lock().unwrap() = Some(path.clone());
    let mut h2 = harness(dialog, None);
    h2.get_by_label("📂 Open…").click();
    h2.run_steps(2);
    h2.state_mut().finish_opening();
    h2.run_steps(2);
    let s = h2.state().session();
    assert_eq!(s.project_path(), Some(path.as_path()));
    assert_eq!(s.to_project(), saved);
    assert!(s.layout().paused());
    assert_eq!(s.saved_views()[0].name, "by employment");
}

#[test]
fn a_figure_exported_in_the_window_is_drawn_again_from_the_project() {
    exported_figure_is_drawn_again(false);
}

#[test]
fn a_figure_exported_with_names_hidden_is_drawn_again_from_the_project() {
    exported_figure_is_drawn_again(true);
}

fn exported_figure_is_drawn_again(hide_names: bool) {
    let dir = tempfile::tempdir().unwrap();
    let figure = dir.path().join("figure.svg");
    let dialog = FakeDialog::default();
    *dialog.save.lock().unwrap() = Some(figure.clone());
    let mut h = harness(dialog.clone(), None);
    h.state_mut()
        .session_mut()
        .apply(Command::ColorBy(Some("gender".into())));
    h.state_mut()
        .session_mut()
        .apply(Command::Anonymise(hide_names));
    h.state_mut()
        .session_mut()
        .apply(Command::PauseLayout(true));
    h.run_steps(2);
    h.get_by_label("Export figure…").click();
    h.run_steps(3);
    h.get_by_label("SVG").click();
    h.get_by_label("Legend").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(3);
    let exported = std::fs::read_to_string(&figure).unwrap();
    assert_eq!(
        exported.contains(">P0"),
        hide_names,
        "pseudonyms only when names are hidden"
    );
    h.get_by_label("Close").click();
    h.run_steps(2);

    let project = dir.path().join("study.kith");
    *dialog.save.lock().unwrap() = Some(project.clone());
    save_from_the_menu(&mut h);
    let p = Project::load(&project).unwrap();
    assert_eq!(p.export.file_name.as_deref(), Some("figure.svg"));
    assert!(
        !p.view.legend,
        "the legend switched off in the dialog is saved"
    );
    let scene = p.scene(None, None).unwrap();
    let again = String::from_utf8(
        kith::render::render(&scene, kith::render::FigureFormat::Svg, p.export.dpi).unwrap(),
    )
    .unwrap();
    assert_eq!(again, exported);
}

#[test]
fn unsaved_work_left_by_a_crash_is_offered_back() {
    let recovery = tempfile::tempdir().unwrap();
    let mut h = harness(FakeDialog::default(), Some(recovery.path()));
    assert!(h.state().recovery_offer().is_none());
    edit(&mut h);
    h.run_steps(1);
    h.state_mut().autosave_now();
    let before = h.state().session().to_project();
    // The window goes without closing properly.
    drop(h);

    let mut h = harness(FakeDialog::default(), Some(recovery.path()));
    h.run_steps(2);
    assert!(h.state().recovery_offer().is_some());
    h.get_by_label("Recover").click();
    h.run_steps(2);
    let s = h.state().session();
    assert!(
        s.is_dirty(),
        "recovered work is not saved until the analyst saves it"
    );
    assert_eq!(s.to_project().study, before.study);
    assert_eq!(s.to_project().saved_views, before.saved_views);
    assert!(s.view().anonymise);

    // Discarded once, not offered again.
    let mut h = harness(FakeDialog::default(), Some(recovery.path()));
    h.run_steps(2);
    assert!(h.state().recovery_offer().is_some());
    h.get_by_label("Discard").click();
    h.run_steps(2);
    let h = harness(FakeDialog::default(), Some(recovery.path()));
    assert!(h.state().recovery_offer().is_none());
}

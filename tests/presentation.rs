//! Presentation mode through the workbench with egui_kittest (no rendering): F11 hides the
//! panels and the names, the clicker steps through saved views, a click opens a person's
//! card without real names, and Esc brings the workbench back as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kith::app::{FileDialog, Workbench, WorkbenchSettings, sample_source};
use kith::session::{Command, Session};

/// A file dialog that never answers: presentation mode opens no files.
struct NoDialog;

impl FileDialog for NoDialog {
    fn open_file(&mut self) -> Option<std::path::PathBuf> {
        None
    }
    fn save_file(&mut self, _name: &str, _ext: &[&str]) -> Option<std::path::PathBuf> {
        None
    }
}

fn harness() -> Harness<'static, Workbench> {
    let session = Session::new(kith::sample::bundled(), sample_source()).unwrap();
    let wb = Workbench::new(session, Box::new(NoDialog), WorkbenchSettings::default());
    let mut h = Harness::builder()
        .with_size([1920.0, 1080.0])
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), wb);
    h.state_mut().session_mut().settle();
    h.run_steps(3);
    h
}

/// Applies `command` as the panels would, and lets the window catch up.
fn apply(h: &mut Harness<'static, Workbench>, command: Command) {
    h.state_mut().session_mut().apply(command);
    h.run_steps(2);
}

/// Three saved views, then a view that is none of them.
fn save_three_views(h: &mut Harness<'static, Workbench>) {
    // The sample opens on "rely on": start from every relation, so the views differ.
    apply(
        h,
        Command::TieSelection {
            relations: None,
            waves: None,
        },
    );
    apply(h, Command::ColorBy(Some("gender".into())));
    apply(
        h,
        Command::SaveView {
            name: "by gender".into(),
            camera: None,
        },
    );
    apply(h, Command::ColorBy(Some("employment_status".into())));
    apply(
        h,
        Command::SaveView {
            name: "by employment".into(),
            camera: None,
        },
    );
    apply(
        h,
        Command::TieSelection {
            relations: Some(["rely_on".to_string()].into()),
            waves: None,
        },
    );
    apply(
        h,
        Command::SaveView {
            name: "who people rely on".into(),
            camera: None,
        },
    );
    apply(
        h,
        Command::TieSelection {
            relations: None,
            waves: None,
        },
    );
    apply(h, Command::ColorBy(Some("migration_status".into())));
    assert_eq!(h.state().session().current_saved_view(), None);
}

/// Presses `key` and runs long enough for the fade between views (0.4 s) to finish.
fn press(h: &mut Harness<'static, Workbench>, key: egui::Key) {
    h.key_press(key);
    h.run_steps(4);
}

/// Whether the last frame asked for full screen on (`Some(true)`) or off.
fn fullscreen_request(h: &Harness<'static, Workbench>) -> Option<bool> {
    h.output()
        .viewport_output
        .values()
        .flat_map(|v| &v.commands)
        .find_map(|c| match c {
            egui::ViewportCommand::Fullscreen(on) => Some(*on),
            _ => None,
        })
}

/// The real names of the sample's people.
fn real_names(h: &Harness<'static, Workbench>) -> Vec<String> {
    h.state()
        .session()
        .study()
        .nodes()
        .iter()
        .filter(|n| n.kind.is_person())
        .map(|n| n.label.clone())
        .collect()
}

#[test]
fn f11_goes_full_screen_without_panels_and_hides_names() {
    let mut h = harness();
    assert!(h.query_by_label("Data").is_some());
    assert!(h.query_by_label("Inspector").is_some());
    assert!(!h.state().session().view().anonymise);

    h.key_press(egui::Key::F11);
    h.step();
    assert!(h.state().presentation().is_active());
    assert_eq!(fullscreen_request(&h), Some(true));
    h.run_steps(2);
    assert!(
        h.query_by_label("Data").is_none(),
        "the data panel is hidden"
    );
    assert!(h.query_by_label("Inspector").is_none());
    assert!(
        h.query_by_label("📂 Open…").is_none(),
        "the toolbar is hidden"
    );
    assert!(h.state().session().view().anonymise);
    h.get_by_label("Names hidden");
    h.get_by_label("No saved views: press Esc, save views in the Views panel");
}

#[test]
fn the_toolbar_button_presents_too() {
    let mut h = harness();
    h.get_by_label("▶ Present").click();
    h.run_steps(2);
    assert!(h.state().presentation().is_active());
    assert!(h.query_by_label("Style").is_none());
}

#[test]
fn without_saved_views_stepping_does_nothing() {
    let mut h = harness();
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    let view = h.state().session().view().clone();
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::ArrowRight);
    assert!(h.state().presentation().is_active());
    assert_eq!(h.state().session().view(), &view);
}

#[test]
fn the_clicker_and_the_arrows_step_through_saved_views() {
    let mut h = harness();
    save_three_views(&mut h);
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    h.get_by_label("Current view · Page Down shows the first of 3 saved views");

    let current = |h: &Harness<'static, Workbench>| h.state().session().current_saved_view();
    press(&mut h, egui::Key::PageDown);
    assert_eq!(current(&h), Some(0));
    h.get_by_label("1 / 3 · by gender");
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(current(&h), Some(1));
    press(&mut h, egui::Key::Space);
    assert_eq!(current(&h), Some(2));
    h.get_by_label("3 / 3 · who people rely on");
    assert_eq!(
        h.state().session().relations(),
        Some(&["rely_on".to_string()].into())
    );
    // The last view stays on screen.
    press(&mut h, egui::Key::PageDown);
    assert_eq!(current(&h), Some(2));
    press(&mut h, egui::Key::PageUp);
    assert_eq!(current(&h), Some(1));
    press(&mut h, egui::Key::ArrowLeft);
    assert_eq!(current(&h), Some(0));
    // Names stay hidden whatever the saved views say.
    assert!(h.state().session().view().anonymise);
}

#[test]
fn a_step_fades_and_applies_the_view_halfway() {
    let mut h = harness();
    save_three_views(&mut h);
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    // The harness advances 0.25 s a frame: the key frame starts the fade, the next frame
    // (past the 0.2 s halfway point) applies the view.
    h.key_down(egui::Key::PageDown);
    h.step();
    assert_eq!(h.state().session().current_saved_view(), None);
    h.key_up(egui::Key::PageDown);
    h.step();
    assert_eq!(h.state().session().current_saved_view(), Some(0));
}

#[test]
fn esc_brings_the_workbench_back_as_it_was() {
    let mut h = harness();
    save_three_views(&mut h);
    let before = h.state().session().view().clone();
    let relations = h.state().session().relations().cloned();
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    assert_eq!(h.state().session().current_saved_view(), Some(2));

    h.key_down(egui::Key::Escape);
    h.step();
    assert!(!h.state().presentation().is_active());
    assert_eq!(fullscreen_request(&h), Some(false));
    h.key_up(egui::Key::Escape);
    h.run_steps(2);
    h.get_by_label("Data");
    h.get_by_label("Inspector");
    h.get_by_label("▶ Present");
    assert!(h.query_by_label("Names hidden").is_none());
    assert!(!h.state().session().view().anonymise, "names are back");
    assert_eq!(h.state().session().view(), &before);
    assert_eq!(h.state().session().relations().cloned(), relations);
}

#[test]
fn names_chosen_visible_stay_visible_with_a_warning() {
    let mut h = harness();
    h.state_mut().presentation_mut().set_names_visible(true);
    h.run_steps(1);
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    assert!(!h.state().session().view().anonymise);
    h.get_by_label("NAMES VISIBLE");
    // The card then names the person: the check for real names below can see them.
    h.state_mut().presentation_mut().show_card(0);
    h.run_steps(1);
    let name = h.state().session().study().nodes()[0].label.clone();
    assert!(h.query_all_by_label_contains(&name).next().is_some());
}

#[test]
fn names_hidden_before_stay_hidden_after() {
    let mut h = harness();
    apply(&mut h, Command::Anonymise(true));
    h.key_press(egui::Key::F11);
    h.run_steps(2);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().presentation().is_active());
    assert!(h.state().session().view().anonymise);
}

#[test]
fn clicking_a_person_opens_a_card_without_real_names() {
    let mut h = harness();
    h.key_press(egui::Key::F11);
    h.run_steps(3);
    // The best-connected respondent: a card with attributes and many neighbours to name.
    let study = h.state().session().study().clone();
    let degrees = study.degrees();
    let person = (0..study.node_count())
        .filter(|&i| study.nodes()[i].kind == kith::model::NodeKind::Respondent)
        .max_by_key(|&i| (degrees[i], std::cmp::Reverse(i)))
        .unwrap();
    let at = h
        .state()
        .presentation()
        .screen_pos(h.state().session(), person)
        .unwrap();
    h.hover_at(at);
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(2);
    assert_eq!(h.state().presentation().card(), Some(person));

    let pseudonym = kith::privacy::Pseudonyms::new(&study).names[person].clone();
    h.get_by_label(&pseudonym);
    h.get_by_label_contains(" connections");
    h.get_by_label_contains("Connected to P");
    h.get_by_label("Employment status");
    for name in real_names(&h) {
        assert!(
            h.query_all_by_label_contains(&name).next().is_none(),
            "{name} is on screen"
        );
    }

    // The first Esc closes the card, the second leaves.
    h.key_press(egui::Key::Escape);
    h.run_steps(1);
    assert_eq!(h.state().presentation().card(), None);
    assert!(h.state().presentation().is_active());
    h.key_press(egui::Key::Escape);
    h.run_steps(1);
    assert!(!h.state().presentation().is_active());
}

#[test]
fn clicking_elsewhere_closes_the_card() {
    let mut h = harness();
    h.key_press(egui::Key::F11);
    h.run_steps(3);
    h.state_mut().presentation_mut().show_card(0);
    h.run_steps(1);
    h.get_by_label("Click elsewhere or press Esc to close");
    // A corner of the screen, away from every node.
    let at = egui::pos2(960.0, 40.0);
    h.event(egui::Event::PointerMoved(at));
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(2);
    assert_eq!(h.state().presentation().card(), None);
    assert!(
        h.query_by_label("Click elsewhere or press Esc to close")
            .is_none()
    );
}

#[test]
fn presenting_a_file_waits_for_it_to_open() {
    // As `kith --present FILE` does: open, ask for presentation mode, then the file is in.
    let mut h = harness();
    h.state_mut()
        .open_path(std::path::Path::new("tests/data/karate/karate.net"));
    h.state_mut().present();
    h.state_mut().finish_opening();
    h.run_steps(2);
    assert!(h.state().presentation().is_active());
    assert_eq!(h.state().session().study().node_count(), 34);
    assert!(h.state().session().view().anonymise);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().session().view().anonymise);
    assert_eq!(h.state().session().study().node_count(), 34);
}

/// The label boxes the sociogram drew in the last frame; asserts that no two overlap.
fn labels_apart(h: &Harness<'static, Workbench>) -> Vec<(usize, egui::Rect)> {
    let drawn: Vec<(usize, egui::Rect)> = h
        .ctx
        .data(|d| d.get_temp(egui::Id::new(kith::app::LABELS_DRAWN)))
        .unwrap_or_default();
    for (k, (a, ra)) in drawn.iter().enumerate() {
        for (b, rb) in &drawn[k + 1..] {
            assert!(
                !ra.shrink(0.5).intersects(rb.shrink(0.5)),
                "labels of {a} and {b} overlap: {ra:?} {rb:?}"
            );
        }
    }
    drawn
}

#[test]
fn labels_never_overlap_in_presentation_mode_or_on_the_canvas() {
    let mut h = harness();
    // Every relation, so the places are there, and every name that fits.
    apply(
        &mut h,
        Command::TieSelection {
            relations: None,
            waves: None,
        },
    );
    apply(&mut h, Command::Labels(kith::scene::Labels::All));
    h.state_mut().session_mut().settle();
    h.run_steps(2);
    // Someone who goes to the library, selected.
    let study = h.state().session().study().clone();
    let library = study.find("Library").unwrap();
    let person = study
        .ties()
        .iter()
        .find(|t| t.target == library)
        .map(|t| t.source)
        .unwrap();
    apply(&mut h, Command::Select(Some(person)));
    let on_canvas = labels_apart(&h);
    assert!(on_canvas.iter().any(|(i, _)| *i == person.index()));
    assert!(on_canvas.len() >= 5, "{} labels", on_canvas.len());
    h.key_press(egui::Key::F11);
    h.run_steps(3);
    assert!(h.state().presentation().is_active());
    let presented = labels_apart(&h);
    assert!(presented.iter().any(|(i, _)| *i == person.index()));
    assert!(presented.len() >= 5, "{} labels", presented.len());
}

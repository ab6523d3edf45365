//! Names hidden means names hidden: every output Kith writes with names hidden, from the
//! command line and from the window, holds no name, email, phone number, address, postcode,
//! date of birth or note of the study's people, and keeps the analytic columns.
//!
//! Each output is searched as bytes turned to text (PDF streams inflated and the text each
//! page shows decoded, PNG text chunks read, XML entities resolved), in lower case with
//! accents folded. Each search is checked against the same output with names shown, which
//! must hold the names, so a search that could not find them fails too.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/pdf.rs"]
mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kith::app::Workbench;
use kith::model::Study;
use kith::session::project::Project;
use kith::session::{Command, Source};

use common::FakeDialog;

/// The people of the fixture: (id, name, email, phone, address, postcode, date of birth,
/// note). Distinctive names, so a hit is a leak and not a common word.
const PEOPLE: [[&str; 8]; 8] = [
    [
        "R01",
        "Wilhelmina Featherstonehaugh",
        "wilhelmina.f@example.org",
        "07700 900461",
        "14 Gooseberry Lane",
        "M14 5RF",
        "1961-04-17",
        "Worries about the landlord Mr Pettigrew",
    ],
    [
        "R02",
        "Bartholomew Quigley",
        "bart.quigley@example.net",
        "07700 900118",
        "3 Marigold Crescent",
        "B33 8TH",
        "1984-11-02",
        "Cares for his mother most evenings",
    ],
    [
        "R03",
        "Zofia Wiśniewska",
        "zofia.w@example.com",
        "+44 161 496 0733",
        "Flat 2, 87 Thistledown Road",
        "M13 9PL",
        "1977-06-30",
        "Came from Gdańsk in 2009 with two children",
    ],
    [
        "R04",
        "José Núñez-Ortega",
        "jnunez@example.org",
        "07700 900982",
        "51 Hollyhock Avenue",
        "LS6 2QB",
        "1990-01-09",
        "Lost his job at the warehouse last spring",
    ],
    [
        "R05",
        "Oluwaseun Adeyemi",
        "seun.adeyemi@example.com",
        "07700 900377",
        "9 Periwinkle Close",
        "N17 6QA",
        "1969-08-21",
        "Runs the Saturday football for the youngsters",
    ],
    [
        "R06",
        "Siobhán Ó Raghallaigh",
        "siobhan.or@example.ie",
        "07700 900654",
        "22 Larkspur Terrace",
        "E9 7HU",
        "1955-12-12",
        "Widowed and rarely leaves the house",
    ],
    [
        "R07",
        "Thandiwe Mbeki-Dlamini",
        "thandiwe.md@example.org",
        "07700 900240",
        "6 Campion Grove",
        "SE15 4LP",
        "1993-03-05",
        "Single mother of three, new to the estate",
    ],
    [
        "R08",
        "Katarzyna Brzęczyszczykiewicz",
        "kasia.b@example.pl",
        "07700 900815",
        "40 Foxglove Walk",
        "M16 0BQ",
        "1988-09-14",
        "Volunteers at the food bank on Tuesdays",
    ],
];

/// People named in the edge list who did not answer: their ids are their names.
const ALTERS: [&str; 2] = ["Ebenezer Throckmorton", "Perpetua Ravenscroft"];

/// The analytic columns and a value of each that must survive.
const ANALYTIC: [&str; 4] = ["gender", "employment_status", "wemwbs", "swemwbs"];

struct Fixture {
    dir: tempfile::TempDir,
    edges: PathBuf,
    attrs: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let edges = dir.path().join("edges.csv");
        let attrs = dir.path().join("people.csv");
        let mut e = String::from("source,target\n");
        let ids: Vec<&str> = PEOPLE.iter().map(|p| p[0]).collect();
        for k in 0..ids.len() - 1 {
            e.push_str(&format!("{},{}\n", ids[k], ids[k + 1]));
        }
        e.push_str(&format!(
            "R01,{}\nR03,{}\nR05,{}\n",
            ALTERS[0], ALTERS[1], ALTERS[0]
        ));
        std::fs::write(&edges, e).unwrap();
        let mut a = String::from(
            "id,name,email,phone,address,postcode,date_of_birth,notes,gender,employment_status,\
             wemwbs,swemwbs\n",
        );
        for (k, p) in PEOPLE.iter().enumerate() {
            a.push_str(&format!(
                "{},{},{},{},\"{}\",{},{},\"{}\",{},{},{},{}\n",
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                p[5],
                p[6],
                p[7],
                if k % 2 == 0 { "woman" } else { "man" },
                if k % 3 == 0 { "unemployed" } else { "employed" },
                40 + k,
                20.5 + k as f64,
            ));
        }
        std::fs::write(&attrs, a).unwrap();
        Fixture { dir, edges, attrs }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The study as the window opens it: the edge list with the attribute sheet joined.
    fn study(&self) -> Study {
        let args = kith::cli::InputArgs {
            directed: false,
            two_mode: false,
            attributes: Some(self.attrs.clone()),
            key: Some("id".into()),
        };
        args.load(&self.edges).unwrap().0
    }

    fn input(&self) -> Vec<String> {
        vec![
            self.edges.display().to_string(),
            "--attributes".into(),
            self.attrs.display().to_string(),
            "--key".into(),
            "id".into(),
        ]
    }
}

/// Every string that must not leave Kith with names hidden.
fn secrets() -> Vec<String> {
    let mut out: Vec<String> = PEOPLE
        .iter()
        .flat_map(|p| p[1..].iter().map(|s| s.to_string()))
        .collect();
    out.extend(ALTERS.iter().map(|s| s.to_string()));
    out
}

/// Lower case, accents folded, XML entities resolved, runs of spaces as one.
fn fold(s: &str) -> String {
    let s = s
        .replace("&amp;", "&")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    deunicode::deunicode(&s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a PNG's text chunks (tEXt, zTXt, iTXt).
fn png_text(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = &bytes[at + 8..(at + 8 + len).min(bytes.len())];
        match kind {
            b"tEXt" => out.push_str(&String::from_utf8_lossy(data)),
            b"zTXt" | b"iTXt" => {
                out.push_str(&String::from_utf8_lossy(data));
                // Compressed text follows the keyword and its flags.
                for start in 0..data.len() {
                    if let Ok(t) = miniz_oxide::inflate::decompress_to_vec_zlib(&data[start..]) {
                        out.push_str(&String::from_utf8_lossy(&t));
                        break;
                    }
                }
            }
            _ => {}
        }
        out.push('\n');
        at += 12 + len;
    }
    out
}

/// What a file says, as text: PDFs with their streams and shown text, PNGs' text chunks.
fn text_of(bytes: &[u8]) -> String {
    let t = if bytes.starts_with(b"%PDF") {
        format!("{}\n{}", pdf::pdf_text(bytes), pdf::pdf_shown_text(bytes))
    } else if bytes.starts_with(b"\x89PNG") {
        png_text(bytes)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    fold(&t)
}

/// The secrets found in `bytes`.
fn leaks(bytes: &[u8]) -> Vec<String> {
    let text = text_of(bytes);
    secrets()
        .into_iter()
        .filter(|s| text.contains(&fold(s)))
        .collect()
}

/// Fails on any secret in the file at `path`.
fn assert_private(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let found = leaks(&bytes);
    assert!(
        found.is_empty(),
        "{} holds with names hidden: {found:?}",
        path.display()
    );
}

/// The search finds names in the same output with names shown (else it proves nothing).
fn assert_search_sees(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        !leaks(&bytes).is_empty(),
        "the search finds no name in {} written with names shown",
        path.display()
    );
}

fn kith(args: &[String]) -> Output {
    let out = Process::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kith {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn kith_convert_anonymise_drops_identifying_columns_in_every_format() {
    let f = Fixture::new();
    for name in [
        "anon.graphml",
        "anon.gexf",
        "anon.net",
        "anon.dl",
        "anon.csv",
        "only.nodes.csv",
    ] {
        let out = f.path(name);
        let mut args = strings(&["convert"]);
        args.extend(f.input());
        args.push(out.display().to_string());
        let plain = f.path(&format!("plain-{name}"));
        let mut plain_args = args.clone();
        *plain_args.last_mut().unwrap() = plain.display().to_string();
        kith(&plain_args);
        args.push("--anonymise".into());
        let o = kith(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        for line in [
            "removed column name: holds people's names",
            "removed column email: looks like email addresses",
            "removed column phone: looks like phone numbers",
            "removed column address: looks like addresses",
            "removed column postcode: looks like postcodes",
            "removed column date_of_birth: looks like dates of birth",
            "removed column notes: looks like free text",
        ] {
            assert!(err.contains(line), "{name}: no \"{line}\" in:\n{err}");
        }
        let mut files = vec![out.clone()];
        if name == "anon.csv" {
            files.push(f.path("anon.nodes.csv"));
            assert_search_sees(&f.path("plain-anon.nodes.csv"));
        } else if name != "anon.net" && name != "anon.dl" {
            assert_search_sees(&plain);
        }
        for file in &files {
            assert_private(file);
        }
        // Analytic columns survive where the format holds attributes.
        if !name.ends_with(".net") && !name.ends_with(".dl") {
            let text = std::fs::read_to_string(files.last().unwrap()).unwrap();
            for col in ANALYTIC {
                assert!(text.contains(col), "{name} lost the column {col}");
            }
            assert!(text.contains("unemployed") && text.contains("20.5"));
        }
        // Pajek and DL hold labels only: with names shown, the alters' names are there.
        if name == "anon.net" || name == "anon.dl" {
            let plain_text = std::fs::read_to_string(&plain).unwrap();
            assert!(plain_text.contains(ALTERS[0]));
        }
    }
    // The columns can be marked by hand either way.
    let out = f.path("marked.graphml");
    let mut args = strings(&["convert"]);
    args.extend(f.input());
    args.extend([
        out.display().to_string(),
        "--anonymise".into(),
        "--identifying".into(),
        "gender".into(),
        "--analytic".into(),
        "postcode".into(),
    ]);
    let o = kith(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("removed column gender: marked identifying"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("woman") && text.contains("M14 5RF"));
}

#[test]
fn kith_info_says_which_columns_identify_people() {
    let f = Fixture::new();
    let mut args = strings(&["info"]);
    args.extend(f.input());
    let text = String::from_utf8(kith(&args).stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("email") && l.contains("identifying (looks like email addresses)")),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.contains("wemwbs") && l.contains("identifying"))
    );
    args.push("--json".into());
    let v: serde_json::Value = serde_json::from_slice(&kith(&args).stdout).unwrap();
    let attrs = v["attributes"].as_array().unwrap();
    let of = |name: &str| attrs.iter().find(|a| a["name"] == name).unwrap();
    assert_eq!(of("postcode")["identifying"], "looks like postcodes");
    assert!(of("gender").get("identifying").is_none());
}

#[test]
fn kith_render_anonymise_keeps_names_out_of_figures_and_their_metadata() {
    let f = Fixture::new();
    for ext in ["svg", "png", "pdf"] {
        let mut base = strings(&["render"]);
        base.extend(f.input());
        base.extend(strings(&[
            "--labels",
            "all",
            "--colour-by",
            "employment_status",
            "--title",
            "Support around Wilhelmina Featherstonehaugh",
            "--caption",
            "Drawn for Bartholomew Quigley's group",
            "--callout",
            "R03=Zofia Wiśniewska runs the class",
            "--width",
            "800",
            "--height",
            "600",
        ]));
        let plain = f.path(&format!("plain.{ext}"));
        let mut args = base.clone();
        args.extend(["-o".into(), plain.display().to_string()]);
        kith(&args);
        assert_search_sees(&plain);
        let out = f.path(&format!("anon.{ext}"));
        let mut args = base.clone();
        args.extend(["-o".into(), out.display().to_string(), "--anonymise".into()]);
        kith(&args);
        assert_private(&out);
    }
    // A figure coloured by an identifying column is refused, saying why.
    let mut args = strings(&["render"]);
    args.extend(f.input());
    args.extend(strings(&["--colour-by", "postcode", "--anonymise", "-o"]));
    args.push(f.path("refused.svg").display().to_string());
    let out = Process::new(env!("CARGO_BIN_EXE_kith"))
        .args(&args)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"postcode\" identifies people (looks like postcodes)"),
        "{err}"
    );
    assert!(!f.path("refused.svg").exists());
}

#[test]
fn kith_metrics_and_groups_anonymise_label_people_by_pseudonym() {
    let f = Fixture::new();
    let m = f.path("m.csv");
    let t = f.path("t.csv");
    let mut plain = strings(&["metrics"]);
    plain.extend(f.input());
    plain.extend(["-o".into(), f.path("plain-m.csv").display().to_string()]);
    kith(&plain);
    assert_search_sees(&f.path("plain-m.csv"));
    let mut args = strings(&["metrics"]);
    args.extend(f.input());
    args.extend([
        "-o".into(),
        m.display().to_string(),
        "--ties".into(),
        t.display().to_string(),
        "--anonymise".into(),
        "--groups".into(),
        "gender".into(),
    ]);
    kith(&args);
    assert_private(&m);
    assert_private(&t);
    let table = std::fs::read_to_string(&m).unwrap();
    assert!(table.lines().nth(1).unwrap().starts_with("P0"), "{table}");

    for json in [false, true] {
        let mut args = strings(&["groups"]);
        args.extend(f.input());
        args.extend(strings(&["--by", "employment_status", "--anonymise"]));
        if json {
            args.push("--json".into());
        }
        let o = kith(&args);
        let found = leaks(&[o.stdout.as_slice(), o.stderr.as_slice()].concat());
        assert!(found.is_empty(), "kith groups prints {found:?}");
        assert!(String::from_utf8_lossy(&o.stdout).contains("wemwbs"));
    }
    let mut args = strings(&["groups"]);
    args.extend(f.input());
    args.extend(strings(&["--by", "postcode", "--anonymise"]));
    let o = Process::new(env!("CARGO_BIN_EXE_kith"))
        .args(&args)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--by postcode: the column identifies people")
    );
}

fn harness(study: Study, dialog: FakeDialog) -> Harness<'static, Workbench> {
    common::window(study, Source::default(), dialog)
}

fn menu(h: &mut Harness<'static, Workbench>, item: &str) {
    h.get_by_label("File").click();
    h.run_steps(1);
    h.get_by_label(item).click();
    h.run_steps(3);
}

/// Every text the window shows, folded.
fn window_text(h: &Harness<'static, Workbench>) -> String {
    let mut out = String::new();
    for node in h.query_all(egui_kittest::kittest::by()) {
        let ak = node.accesskit_node();
        if let Some(l) = ak.label() {
            out.push_str(&l);
            out.push('\n');
        }
        if let Some(v) = ak.value() {
            out.push_str(&v);
            out.push('\n');
        }
    }
    fold(&out)
}

#[test]
fn the_window_shows_and_writes_no_name_with_names_hidden() {
    let f = Fixture::new();
    let dialog = FakeDialog::default();
    let mut h = harness(f.study(), dialog.clone());
    {
        let s = h.state_mut().session_mut();
        s.apply(Command::ColorBy(Some("employment_status".into())));
        s.apply(Command::SetCallouts(vec![kith::scene::Callout {
            node: "R02".into(),
            text: "Bartholomew Quigley knows everyone".into(),
        }]));
        s.apply(Command::TitleCaption {
            title: Some("Around Wilhelmina Featherstonehaugh".into()),
            caption: None,
        });
        s.apply(Command::PauseLayout(true));
        let r1 = s.study().find("R01");
        s.apply(Command::Select(r1));
    }
    h.run_steps(3);
    // Open the filter's list of every column, as a user browsing it would.
    for col in ["name", "email", "postcode", "gender"] {
        for node in h.query_all_by_label(col) {
            node.click();
        }
        h.run_steps(2);
    }
    // With names shown the window shows them (the search works)...
    let shown = window_text(&h);
    let seen = |field: usize| PEOPLE.iter().any(|p| shown.contains(&fold(p[field])));
    assert!(seen(1), "the window names people: {shown}");
    assert!(seen(2), "the inspector shows an email: {shown}");
    assert!(
        PEOPLE
            .iter()
            .filter(|p| shown.contains(&fold(p[1])))
            .count()
            >= 5,
        "the filter lists the names to pick from"
    );
    // ...and hides every one of them once names are hidden.
    h.state_mut().session_mut().apply(Command::Anonymise(true));
    h.run_steps(3);
    let hidden = window_text(&h);
    let found: Vec<String> = secrets()
        .into_iter()
        .filter(|s| hidden.contains(&fold(s)))
        .collect();
    assert!(found.is_empty(), "the window shows {found:?}");
    assert!(
        hidden.contains("swemwbs"),
        "analytic columns stay in the inspector"
    );

    // Presentation mode, with a person's card open.
    h.state_mut().presentation_mut().ask();
    h.run_steps(3);
    let r1 = h.state().session().study().find("R01").unwrap().index();
    h.state_mut().presentation_mut().show_card(r1);
    h.run_steps(3);
    let card = window_text(&h);
    assert!(
        card.contains("employment status"),
        "the card shows analytic columns"
    );
    let found: Vec<String> = secrets()
        .into_iter()
        .filter(|s| card.contains(&fold(s)))
        .collect();
    assert!(found.is_empty(), "presentation mode shows {found:?}");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!h.state().presentation().is_active());

    // Exports of the network, in every format.
    for name in ["net.graphml", "net.gexf", "net.net", "net.dl", "net.csv"] {
        *dialog.save.lock().unwrap() = Some(f.path(name));
        menu(&mut h, "Export network as…");
        assert_private(&f.path(name));
        let notice = h.state().notice().unwrap_or_default().to_string();
        assert!(
            notice.contains("email: looks like email addresses"),
            "the window says what it removed: {notice}"
        );
        h.get_by_label("OK").click();
        h.run_steps(2);
    }
    assert_private(&f.path("net.nodes.csv"));

    // Figures from the export dialog.
    for (format, name) in [("SVG", "fig.svg"), ("PDF", "fig.pdf"), ("PNG", "fig.png")] {
        *dialog.save.lock().unwrap() = Some(f.path(name));
        h.get_by_label("Export figure…").click();
        h.run_steps(3);
        h.get_by_label(format).click();
        h.run_steps(1);
        h.get_by_label("Export…").click();
        h.run_steps(3);
        h.get_by_label("Close").click();
        h.run_steps(2);
        assert_private(&f.path(name));
    }
    let svg = std::fs::read_to_string(f.path("fig.svg")).unwrap();
    assert!(
        svg.contains("P002 knows everyone"),
        "the note names the pseudonym"
    );

    // The metrics table.
    *dialog.save.lock().unwrap() = Some(f.path("metrics.csv"));
    h.get_by_label("Metrics").click();
    h.run_steps(3);
    h.get_by_label("Export table…").click();
    h.run_steps(2);
    assert_private(&f.path("metrics.csv"));

    // The anonymised copy of the project.
    let copy = f.path("shared.kith");
    *dialog.save.lock().unwrap() = Some(copy.clone());
    menu(&mut h, "Export anonymised copy…");
    assert_private(&copy);
    let p = Project::load(&copy).unwrap();
    assert!(p.view.anonymise && p.recipe.is_none() && p.source.path.is_none());
    for col in ANALYTIC {
        assert!(p.study.node_attribute(col).is_some(), "{col} is kept");
    }
    assert!(p.study.node_attribute("email").is_none());
    assert_eq!(p.view.callouts[0].node, "P002");
    assert_eq!(p.study.node_count(), PEOPLE.len() + ALTERS.len());
    // The copy draws as the window did.
    let scene = p.scene(None, None).unwrap();
    let again = kith::render::render(&scene, kith::render::FigureFormat::Svg, 96.0).unwrap();
    assert!(leaks(&again).is_empty());
    // The project saved as usual keeps everything: it is the analyst's own file.
    let own = f.path("own.kith");
    h.state_mut().session_mut().save_project(&own).unwrap();
    assert_search_sees(&own);
    // Its figure, drawn by `kith render` from the view saved with names hidden, is not.
    for ext in ["svg", "pdf", "png"] {
        let fig = f.path(&format!("own.{ext}"));
        kith(&[
            "render".to_string(),
            own.display().to_string(),
            "-o".into(),
            fig.display().to_string(),
        ]);
        assert_private(&fig);
    }
}

#[test]
fn kith_compare_anonymise_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/waves");
    // Every full name written in either wave: respondents' names and the people they named.
    let mut names: Vec<String> = Vec::new();
    for file in ["baseline.csv", "post.csv"] {
        let text = std::fs::read_to_string(data.join(file)).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        for line in lines {
            for (h, cell) in header.iter().zip(line.split(',')) {
                let cell = cell.trim();
                let is_name = *h == "name" || h.starts_with("rely_on") || h.starts_with("advice");
                if is_name && cell.contains(' ') && cell.len() >= 7 {
                    names.push(cell.to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    assert!(names.len() > 50);
    let run = |anonymise: bool| -> String {
        let change = dir.path().join(format!("change-{anonymise}.csv"));
        let ties = dir.path().join(format!("ties-{anonymise}.csv"));
        let combined = dir.path().join(format!("combined-{anonymise}.graphml"));
        let mut args: Vec<String> = vec![
            "compare".into(),
            data.join("baseline.csv").display().to_string(),
            data.join("post.csv").display().to_string(),
            "--recipe".into(),
            data.join("recipe.toml").display().to_string(),
            "--waves".into(),
            "baseline,post".into(),
            "-o".into(),
            change.display().to_string(),
            "--ties".into(),
            ties.display().to_string(),
            "--combined".into(),
            combined.display().to_string(),
            "--by".into(),
            "employment".into(),
        ];
        if anonymise {
            args.push("--anonymise".into());
        }
        let mut all = String::from_utf8_lossy(&kith(&args).stdout).into_owned();
        args.push("--json".into());
        all.push_str(&String::from_utf8_lossy(&kith(&args).stdout));
        for f in [change, ties, combined] {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(f).unwrap()));
        }
        fold(&all)
    };
    let found = |text: &str| -> Vec<String> {
        names
            .iter()
            .filter(|n| text.contains(&fold(n)))
            .cloned()
            .collect()
    };
    assert!(
        !found(&run(false)).is_empty(),
        "the search sees names when shown"
    );
    let leaked = found(&run(true));
    assert!(
        leaked.is_empty(),
        "kith compare --anonymise wrote {leaked:?}"
    );
}

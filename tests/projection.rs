//! Two-mode projections against NetworkX 3.6.1 on Davis Southern Women
//! (`tests/reference/expected/projection.json`, made by
//! `tests/reference/make_projection_expected.py`), read from every Davis file, and the
//! `kith projection` command.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kith::analysis::{
    self, Graph, Mode, ProjectionOptions, Sides, TieSelection, Weighting, centrality, project,
};
use kith::io::ReadOptions;
use kith::model::{NodeKind, Study};
use serde_json::Value;

fn davis_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/davis")
        .join(name)
}

fn read(name: &str, two_mode: bool) -> Study {
    let opts = ReadOptions {
        two_mode,
        ..ReadOptions::default()
    };
    kith::io::read_path(&davis_file(name), &opts).unwrap()
}

fn expected() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/expected/projection.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The Davis files and how each marks the events: node kinds (incidence matrices read with
/// `--two-mode`, Pajek's two-mode header), NetworkX's `bipartite` attribute (GraphML,
/// GEXF), or as the targets of the edge list.
fn davis_inputs() -> Vec<(&'static str, Study, Sides)> {
    let bipartite = Sides::parse("bipartite=1").unwrap();
    vec![
        (
            "davis_incidence.csv",
            read("davis_incidence.csv", true),
            Sides::Kind,
        ),
        (
            "davis_incidence.xlsx",
            read("davis_incidence.xlsx", true),
            Sides::Kind,
        ),
        ("davis.net", read("davis.net", false), Sides::Kind),
        (
            "davis.graphml",
            read("davis.graphml", false),
            bipartite.clone(),
        ),
        ("davis.gexf", read("davis.gexf", false), bipartite),
        (
            "davis_edges.csv",
            read("davis_edges.csv", false),
            Sides::Targets,
        ),
    ]
}

/// The projection's ties as sorted `[u, v, weight]` with `u < v` by string comparison.
fn ties(s: &Study) -> Vec<(String, String, f64)> {
    let mut out: Vec<(String, String, f64)> = s
        .ties()
        .iter()
        .map(|t| {
            let a = s.node(t.source).unwrap().id.clone();
            let b = s.node(t.target).unwrap().id.clone();
            if a < b {
                (a, b, t.weight)
            } else {
                (b, a, t.weight)
            }
        })
        .collect();
    out.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    out
}

fn want(list: &Value) -> Vec<(String, String, f64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap().to_string(),
                e[1].as_str().unwrap().to_string(),
                e[2].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn davis_projections_equal_networkx_from_every_file() {
    let e = expected();
    for (file, study, sides) in davis_inputs() {
        assert_eq!(study.node_count(), 32, "{file}");
        for (mode, key) in [(Mode::People, "women"), (Mode::Places, "events")] {
            let case = &e["davis"][key];
            for weighting in [Weighting::Count, Weighting::Ratio, Weighting::Newman] {
                let options = ProjectionOptions {
                    sides: sides.clone(),
                    weighting,
                    ..ProjectionOptions::default()
                };
                let p = project(&study, mode, &options).unwrap();
                let what = format!("{file} {key} {}", weighting.name());
                let mut ids: Vec<String> = p.nodes().iter().map(|n| n.id.clone()).collect();
                ids.sort();
                let want_ids: Vec<String> = case["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect();
                assert_eq!(ids, want_ids, "{what}: nodes");
                let got = ties(&p);
                let want = want(&case[weighting.name()]);
                assert_eq!(got.len(), want.len(), "{what}: tie count");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!((&g.0, &g.1), (&w.0, &w.1), "{what}: pair");
                    match weighting {
                        // Counts and count ratios are exact.
                        Weighting::Count | Weighting::Ratio => {
                            assert_eq!(g.2, w.2, "{what}: {} -- {}", g.0, g.1)
                        }
                        // Newman's sums may add in another order than NetworkX's sets.
                        Weighting::Newman => {
                            assert!((g.2 - w.2).abs() <= 1e-12, "{what}: {g:?} != {w:?}")
                        }
                    }
                }
                assert!(p.isolates().is_empty(), "{what}: isolates");
                assert!(!p.directed);
            }
        }
    }
}

#[test]
fn projected_nodes_keep_labels_kinds_and_attributes() {
    let study = read("davis.graphml", false);
    let options = ProjectionOptions {
        sides: Sides::parse("bipartite=1").unwrap(),
        ..ProjectionOptions::default()
    };
    let events = project(&study, Mode::Places, &options).unwrap();
    assert_eq!(events.nodes()[0].id, "E1");
    let bipartite = events.node_attribute("bipartite").unwrap();
    assert!(
        bipartite
            .values()
            .iter()
            .all(|v| v.as_ref().and_then(|v| v.as_number()) == Some(1.0))
    );
    let incidence = read("davis_incidence.csv", true);
    let events = project(&incidence, Mode::Kind(NodeKind::Group), &options_kind()).unwrap();
    assert!(events.nodes().iter().all(|n| n.kind == NodeKind::Group));
    assert_eq!(events.relations(), ["shared people"]);
}

fn options_kind() -> ProjectionOptions {
    ProjectionOptions::default()
}

/// `kith metrics` on a two-mode study: an event's degree is how many women attended it,
/// and `usage` counts the same; shares are over the 18 respondents.
#[test]
fn event_degree_is_its_number_of_users() {
    let e = expected();
    let study = read("davis_incidence.csv", true);
    let graph = Graph::new(&study, &TieSelection::default());
    let degree = centrality::degrees(&graph).total;
    let usage = analysis::usage(&study, &options_kind()).unwrap();
    assert_eq!(usage.respondents, 18);
    for key in ["women", "events"] {
        for (id, users) in e["davis"][key]["users"].as_object().unwrap() {
            let v = study.find(id).unwrap().index();
            let users = users.as_u64().unwrap() as usize;
            assert_eq!(degree[v], users, "degree of {id}");
            assert_eq!(usage.count[v], users, "usage of {id}");
            assert_eq!(usage.place[v], key == "events");
            let share = usage.respondent_share[v];
            if key == "events" {
                assert_eq!(share, Some(users as f64 / 18.0), "share of {id}");
            } else {
                assert_eq!(share, None);
            }
        }
    }
    let m = analysis::metrics(&study, &Default::default(), &|_, _| {}).unwrap();
    let e8 = study.find("E8").unwrap().index();
    assert_eq!(m.nodes.degree[e8], 14);
}

#[test]
fn kith_projection_writes_the_network_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("women.graphml");
    let usage = dir.path().join("usage.csv");
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "projection",
            &davis_file("davis_incidence.csv").display().to_string(),
        ])
        .args([
            "--two-mode",
            "--onto",
            "people",
            "--weighting",
            "newman",
            "-o",
        ])
        .arg(&out)
        .arg("--usage")
        .arg(&usage)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("18 nodes, 139 ties"), "{stderr}");
    assert!(stderr.contains("isolates 0"), "{stderr}");
    let back = kith::io::read_path(&out, &ReadOptions::default()).unwrap();
    assert_eq!(back.node_count(), 18);
    assert_eq!(back.tie_count(), 139);
    let table = std::fs::read_to_string(&usage).unwrap();
    assert!(
        table.starts_with("id,label,side,count,respondent_share\n"),
        "{table}"
    );
    assert!(
        table.contains("\nE8,E8,place,14,0.7777777777777778\n"),
        "{table}"
    );

    // Without marked kinds, the error says what to do.
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "projection",
            &davis_file("davis.graphml").display().to_string(),
        ])
        .args(["--onto", "people", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("this network has no places or groups: nothing to project"),
        "{stderr}"
    );
    assert!(stderr.contains("--places-by"), "{stderr}");

    // A word that names no side says which would.
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "projection",
            &davis_file("davis_incidence.csv").display().to_string(),
        ])
        .args([
            "--two-mode",
            "--onto",
            "nobody",
            "--weighting",
            "newman",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "'--onto <people|places|KIND>': \"nobody\" is not a side: use people, places, \
             respondent, alter, place or group"
        ),
        "{stderr}"
    );
}

#[test]
fn kith_render_draws_a_projection() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.svg");
    let run = Command::new(env!("CARGO_BIN_EXE_kith"))
        .args([
            "render",
            &davis_file("davis_incidence.csv").display().to_string(),
        ])
        .args([
            "--two-mode",
            "--projection",
            "places",
            "--iterations",
            "50",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    // The caption counts the projection: 14 events, 66 ties.
    assert!(svg.contains("n = 14 "), "{svg}");
    assert!(svg.contains("66 ties"), "{svg}");
}

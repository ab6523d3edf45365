//! Survey waves: the two-wave test study (`tests/data/waves`, made by
//! `examples/make_waves.rs` from `kith::waves::sample`) combined and compared, held to the
//! truth about its planted changes; matching people across waves; `kith survey` with waves
//! and `kith compare` end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kith::model::{NodeKind, Study};
use kith::survey::{self, MergeMode, Recipe};
use kith::waves::compare::{Change, Presence, TieStatus};
use kith::waves::sample::{self, Truth};
use kith::waves::{self, CompareOptions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/waves")
}

fn data(name: &str) -> String {
    dir().join(name).display().to_string()
}

fn truth() -> Truth {
    serde_json::from_str(&std::fs::read_to_string(dir().join("truth.json")).unwrap()).unwrap()
}

fn recipe(name: &str) -> Recipe {
    Recipe::from_toml(name, &std::fs::read_to_string(dir().join(name)).unwrap()).unwrap()
}

fn import(file: &str, recipe: &Recipe) -> Study {
    let path = dir().join(file);
    let grid = survey::read_table(&path, &std::fs::read(&path).unwrap()).unwrap();
    kith::waves::survey::import(&grid, recipe, MergeMode::None, file)
        .unwrap()
        .study
}

fn combined() -> Study {
    let r = recipe("recipe.toml");
    waves::combine(vec![
        ("baseline".into(), import("baseline.csv", &r)),
        ("post".into(), import("post.csv", &r)),
    ])
    .unwrap()
}

fn pairs(change: &Change, status: TieStatus) -> BTreeSet<[String; 2]> {
    change
        .ties
        .iter()
        .filter(|t| t.status == status)
        .map(|t| {
            let mut p = [t.source_label.clone(), t.target_label.clone()];
            p.sort();
            p
        })
        .collect()
}

fn rel_pairs(change: &Change, status: TieStatus) -> BTreeSet<[String; 3]> {
    change
        .ties
        .iter()
        .filter(|t| t.status == status)
        .map(|t| {
            let mut p = [t.source_label.clone(), t.target_label.clone()];
            p.sort();
            let [a, b] = p;
            [a, b, t.relation.clone().unwrap()]
        })
        .collect()
}

fn set<T: Ord + Clone>(v: &[T]) -> BTreeSet<T> {
    v.iter().cloned().collect()
}

fn names(list: &[waves::compare::PersonRef]) -> Vec<String> {
    list.iter().map(|p| p.label.clone()).collect()
}

#[test]
fn committed_test_data_is_what_the_generator_makes() {
    for (name, text) in sample::generate(sample::SEED, sample::RESPONDENTS).files() {
        let on_disk = std::fs::read_to_string(dir().join(name)).unwrap();
        assert!(
            on_disk == text,
            "tests/data/waves/{name} is stale: run cargo run --no-default-features --example make_waves"
        );
    }
}

#[test]
fn compare_finds_exactly_the_planted_changes() {
    let t = truth();
    let s = combined();
    let c = waves::compare(
        &s,
        "baseline",
        "post",
        &CompareOptions {
            by: Some("intervention".into()),
            ..CompareOptions::default()
        },
    )
    .unwrap();
    assert_eq!(pairs(&c, TieStatus::Gained), set(&t.gained));
    assert_eq!(pairs(&c, TieStatus::Lost), set(&t.lost));
    assert_eq!(pairs(&c, TieStatus::Kept), set(&t.kept));
    assert_eq!(c.tie_counts.gained, t.gained.len());
    assert_eq!(names(&c.left_isolation), t.left_isolation);
    assert_eq!(names(&c.became_isolated), t.became_isolated);
    assert_eq!(names(&c.stayed_isolated), t.stayed_isolated);
    let presence = |p: Presence| {
        let mut v: Vec<String> = c
            .people
            .iter()
            .filter(|x| x.presence == p)
            .map(|x| x.label.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(presence(Presence::FirstOnly), t.dropped_out);
    assert_eq!(presence(Presence::SecondOnly), t.joined);
    assert_eq!(c.scores, ["wemwbs", "life_satisfaction"]);
    // A tie is comparable unless an end answered one wave only.
    let one_wave: BTreeSet<&String> = t.dropped_out.iter().chain(&t.joined).collect();
    for tie in &c.ties {
        let partial = one_wave.contains(&tie.source_label) || one_wave.contains(&tie.target_label);
        assert_eq!(tie.comparable, !partial, "{tie:?}");
    }

    // The group change: the same means as the truth, and participants gain more.
    let g = c.groups.as_ref().unwrap();
    let labels: Vec<&str> = g.groups.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(labels, ["no", "yes"]);
    for row in &g.groups {
        let want = t.mean_degree_change[&row.group];
        assert!((row.mean_degree_change - want).abs() < 1e-9, "{row:?}");
        let want = t.mean_wemwbs_change[&row.group];
        assert!((row.mean_score_change[0].unwrap() - want).abs() < 1e-9);
    }
    assert!(g.groups[1].mean_degree_change > g.groups[0].mean_degree_change);
    assert!(g.degree_test.welch_p.unwrap() < 0.05, "{:?}", g.degree_test);
    assert!(g.score_tests[0].kruskal_p.unwrap() < 0.05);
    // Everyone who left isolation is a non-participant here (isolates were not invited).
    assert_eq!(g.groups[0].left_isolation, t.left_isolation.len());

    // Per relation.
    let r = waves::compare(
        &s,
        "baseline",
        "post",
        &CompareOptions {
            by_relation: true,
            ..CompareOptions::default()
        },
    )
    .unwrap();
    assert_eq!(rel_pairs(&r, TieStatus::Gained), set(&t.gained_by_relation));
    assert_eq!(rel_pairs(&r, TieStatus::Lost), set(&t.lost_by_relation));
    assert_eq!(rel_pairs(&r, TieStatus::Kept), set(&t.kept_by_relation));
}

#[test]
fn people_match_across_waves_by_respondent_id_and_name() {
    let t = truth();
    let s = combined();
    // Every respondent is one node, whichever waves they answered.
    let respondents: Vec<&str> = s
        .nodes()
        .iter()
        .filter(|n| n.kind == NodeKind::Respondent)
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(respondents.len(), t.respondents);
    assert_eq!(set(&respondents).len(), t.respondents);
    // People who joined at post were named at baseline: one node each, now a respondent
    // with their respondent id.
    for name in &t.joined {
        let nodes: Vec<_> = s.nodes().iter().filter(|n| &n.label == name).collect();
        assert_eq!(nodes.len(), 1, "{name}");
        assert_eq!(nodes[0].kind, NodeKind::Respondent);
        assert!(nodes[0].id.starts_with('R'), "{:?}", nodes[0]);
    }
    // People who dropped out are still named at post: matched by name, not a new alter.
    for name in &t.dropped_out {
        assert_eq!(s.nodes().iter().filter(|n| &n.label == name).count(), 1);
    }
    let labels: Vec<&str> = s.nodes().iter().map(|n| n.label.as_str()).collect();
    assert_eq!(set(&labels).len(), labels.len(), "a name is two nodes");
}

#[test]
fn a_name_merged_in_one_wave_is_the_same_person_in_the_next() {
    let r = recipe("recipe.toml");
    let mut baseline = import("baseline.csv", &r);
    let full = baseline
        .nodes()
        .iter()
        .position(|n| n.label == sample::FULL_NAME)
        .unwrap();
    let variant = baseline
        .nodes()
        .iter()
        .position(|n| n.label == sample::VARIANT)
        .unwrap();
    let id = |i: usize| kith::model::NodeId(i as u32);
    baseline
        .merge_nodes(
            id(full),
            &[id(variant)],
            0.9,
            vec!["nickname".into()],
            false,
        )
        .unwrap();
    // Saved as GraphML (which does not hold the merge record), the study still knows the
    // other name, and a wave added later matches it.
    let one = waves::name_wave(baseline.clone(), "baseline").unwrap();
    let quist = one
        .nodes()
        .iter()
        .position(|n| n.label == sample::FULL_NAME)
        .unwrap();
    assert_eq!(
        one.node_attribute(waves::ALSO_KNOWN_AS)
            .unwrap()
            .value(quist)
            .unwrap()
            .to_string(),
        sample::VARIANT
    );
    let written = kith::io::write(&one, kith::io::Format::GraphMl).unwrap();
    let mut saved = kith::io::read(
        Path::new("one.graphml"),
        &written.bytes,
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    assert!(saved.merges().is_empty());
    let report = waves::add_wave(&mut saved, "post", &import("post.csv", &r)).unwrap();
    assert_eq!(report.by_merge, 1, "{report:?}");
    assert!(!saved.nodes().iter().any(|n| n.label == sample::VARIANT));

    // Post is read without the merge: "Bart Q." is its own alter there.
    let post = import("post.csv", &r);
    assert!(post.nodes().iter().any(|n| n.label == sample::VARIANT));
    let (s, reports) = waves::combine::combine_with_reports(vec![
        ("baseline".into(), baseline),
        ("post".into(), post),
    ])
    .unwrap();
    assert!(!s.nodes().iter().any(|n| n.label == sample::VARIANT));
    assert_eq!(reports[1].by_merge, 1, "{:?}", reports[1]);
    assert_eq!(s.merges().len(), 1);
    let c = waves::compare(&s, "baseline", "post", &CompareOptions::default()).unwrap();
    let quist: Vec<_> = c
        .ties
        .iter()
        .filter(|t| t.target_label == sample::FULL_NAME || t.source_label == sample::FULL_NAME)
        .collect();
    assert_eq!(quist.len(), 2, "{quist:?}");
    assert!(
        quist.iter().all(|t| t.status == TieStatus::Kept),
        "{quist:?}"
    );
}

#[test]
fn wave_views_keep_the_node_order_of_the_union() {
    let s = combined();
    for wave in ["baseline", "post"] {
        let v = waves::wave_view(&s, wave).unwrap();
        assert_eq!(v.nodes(), s.nodes());
        let wid = s.waves().iter().position(|w| w == wave).unwrap() as u16;
        assert!(v.ties().iter().all(|t| t.wave.map(|w| w.0) == Some(wid)));
        assert!(v.tie_count() > 0);
        // Plain wemwbs is the wave's value.
        let plain = v.node_attribute("wemwbs").unwrap();
        let own = s
            .node_attribute(&waves::column_name("wemwbs", wave))
            .unwrap();
        assert_eq!(plain.values(), own.values());
    }
    // Adding a wave keeps every existing node where it was.
    let r = recipe("recipe.toml");
    let mut grown = s.clone();
    waves::add_wave(&mut grown, "followup", &import("post.csv", &r)).unwrap();
    assert_eq!(grown.nodes().to_vec()[..s.node_count()], s.nodes().to_vec());
    assert_eq!(waves::wave_names(&grown), ["baseline", "post", "followup"]);

    // GraphML keeps the waves, the node order and the per-wave columns.
    let written = kith::io::write(&s, kith::io::Format::GraphMl).unwrap();
    let back = kith::io::read(
        Path::new("c.graphml"),
        &written.bytes,
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    let ids = |s: &Study| s.nodes().iter().map(|n| n.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(&s));
    assert_eq!(waves::wave_names(&back), ["baseline", "post"]);
    let a = waves::compare(&s, "baseline", "post", &CompareOptions::default()).unwrap();
    let b = waves::compare(&back, "baseline", "post", &CompareOptions::default()).unwrap();
    assert_eq!(a.tie_counts, b.tie_counts);
    assert_eq!(a.left_isolation, b.left_isolation);
    assert_eq!(a.people_csv(), b.people_csv());
}

#[test]
fn one_file_with_a_wave_column_reads_as_the_two_files_do() {
    let s = import("both.csv", &recipe("both_recipe.toml"));
    let two = combined();
    let ids = |s: &Study| s.nodes().iter().map(|n| n.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&s), ids(&two));
    assert_eq!(waves::wave_names(&s), ["baseline", "post"]);
    let a = waves::compare(&s, "baseline", "post", &CompareOptions::default()).unwrap();
    let b = waves::compare(&two, "baseline", "post", &CompareOptions::default()).unwrap();
    assert_eq!(a.people_csv(), b.people_csv());
    assert_eq!(a.ties_csv(), b.ties_csv());
    // A respondent twice in one wave is an error naming the line.
    let mut text = std::fs::read_to_string(dir().join("both.csv")).unwrap();
    let second = text.lines().nth(1).unwrap().to_string();
    text.push_str(&second);
    text.push('\n');
    let grid = kith::io::grid::read_delimited("both.csv", text.as_bytes()).unwrap();
    let e = kith::waves::survey::import(&grid, &recipe("both_recipe.toml"), MergeMode::None, "x")
        .unwrap_err();
    assert!(e.to_string().starts_with("both.csv line "), "{e}");
    assert!(e.to_string().contains("also on line 2"), "{e}");
}

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn cli_survey_waves_and_compare_end_to_end() {
    let t = truth();
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).display().to_string();

    // Two files, one recipe.
    let text = ok(&kith(&[
        "survey",
        &data("baseline.csv"),
        &data("post.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--wave",
        "baseline,post",
        "-o",
        &out("combined.graphml"),
    ]));
    assert!(text.contains("waves: baseline, post"), "{text}");

    let text = ok(&kith(&[
        "compare",
        &out("combined.graphml"),
        "-o",
        &out("change.csv"),
        "--ties",
        &out("ties.csv"),
        "--by",
        "intervention",
    ]));
    assert!(text.contains("change from baseline to post"), "{text}");
    assert!(
        text.contains(&format!(
            "ties gained {}, lost {}, kept {}",
            t.gained.len(),
            t.lost.len(),
            t.kept.len()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("left isolation ({}):", t.left_isolation.len())),
        "{text}"
    );
    for name in t.left_isolation.iter().chain(&t.became_isolated) {
        assert!(text.contains(name.as_str()), "{name}: {text}");
    }
    assert!(text.contains("change by intervention"), "{text}");
    assert!(text.contains("degree change: Welch t"), "{text}");

    let mut rows = csv::Reader::from_path(out("change.csv")).unwrap();
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..3], ["id", "label", "presence"]);
    assert!(header.contains(&"wemwbs_delta".to_string()));
    let isolation = header.iter().position(|h| h == "isolation").unwrap();
    let label = 1;
    let mut left: Vec<String> = rows
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[isolation] == "left_isolation")
        .map(|r| r[label].to_string())
        .collect();
    left.sort();
    assert_eq!(left, t.left_isolation);
    let ties = std::fs::read_to_string(out("ties.csv")).unwrap();
    assert_eq!(
        ties.lines().filter(|l| l.starts_with("gained,")).count(),
        t.gained.len()
    );

    // Two survey files straight into compare, with JSON.
    let json = ok(&kith(&[
        "compare",
        &data("baseline.csv"),
        &data("post.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--by",
        "intervention",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["wave_a"], "baseline");
    assert_eq!(v["tie_counts"]["lost"], t.lost.len());
    assert_eq!(
        v["became_isolated"].as_array().unwrap().len(),
        t.became_isolated.len()
    );
    assert_eq!(v["groups"]["attribute"], "intervention");

    // A wave added to an existing study.
    ok(&kith(&[
        "survey",
        &data("baseline.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--wave",
        "baseline",
        "-o",
        &out("grown.graphml"),
    ]));
    let text = ok(&kith(&[
        "survey",
        &data("post.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--wave",
        "post",
        "--add-to",
        &out("grown.graphml"),
        "-o",
        &out("grown.graphml"),
    ]));
    assert!(text.contains("waves: baseline, post"), "{text}");
    let json = ok(&kith(&[
        "compare",
        &out("grown.graphml"),
        "--waves",
        "baseline,post",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["tie_counts"]["gained"], t.gained.len());
    assert_eq!(v["tie_counts"]["kept"], t.kept.len());

    // One file with a wave column.
    let text = ok(&kith(&[
        "survey",
        &data("both.csv"),
        "--recipe",
        &data("both_recipe.toml"),
        "-o",
        &out("both.graphml"),
    ]));
    assert!(text.contains("waves: baseline, post"), "{text}");

    // Mistakes are named.
    let bad = kith(&["compare", &out("both.graphml"), "--waves", "baseline,later"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("no wave \"later\""), "{err}");
    let bad = kith(&[
        "survey",
        &data("post.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--wave",
        "baseline",
        "--add-to",
        &out("grown.graphml"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("already has a wave \"baseline\""), "{err}");
}

#[test]
fn metrics_of_one_wave_leave_out_people_who_took_no_part_in_it() {
    let t = truth();
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).display().to_string();
    ok(&kith(&[
        "survey",
        &data("baseline.csv"),
        &data("post.csv"),
        "--recipe",
        &data("recipe.toml"),
        "--wave",
        "baseline,post",
        "-o",
        &out("combined.graphml"),
    ]));
    ok(&kith(&[
        "metrics",
        &out("combined.graphml"),
        "--wave",
        "post",
        "-o",
        &out("post.csv"),
    ]));
    let table = std::fs::read_to_string(out("post.csv")).unwrap();
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let label = header.iter().position(|h| *h == "label").unwrap();
    let isolate = header.iter().position(|h| *h == "isolate").unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let labels: BTreeSet<&str> = rows.iter().map(|r| r[label]).collect();
    for joined in &t.joined {
        assert!(labels.contains(joined.as_str()), "{joined} answered post");
    }
    let isolates: BTreeSet<&str> = rows
        .iter()
        .filter(|r| matches!(r[isolate], "1" | "true"))
        .map(|r| r[label])
        .collect();
    // Someone who did not answer post is in its table only when named in it, so never as
    // an isolate.
    for gone in &t.dropped_out {
        assert!(
            !isolates.contains(gone.as_str()),
            "{gone} did not answer post"
        );
    }
    let all = kith::io::read_path(
        Path::new(&out("combined.graphml")),
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    assert!(
        rows.len() < all.node_count(),
        "people absent from post are left out"
    );
    for p in t.became_isolated.iter().chain(&t.stayed_isolated) {
        assert!(isolates.contains(p.as_str()), "{p} is isolated at post");
    }
    for p in &t.left_isolation {
        assert!(!isolates.contains(p.as_str()), "{p} left isolation");
    }
}

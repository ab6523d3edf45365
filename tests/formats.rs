//! Published networks read from every format Kith supports, checked against the values
//! NetworkX computes (`tests/reference/make_fixtures.py`), and round trips through every
//! writer.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kith::io::{self, ReadOptions};
use kith::model::{NodeKind, Study};
use serde_json::Value as Json;

const NETWORKS: [&str; 5] = ["karate", "florentine", "lesmis", "davis", "directed"];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn expected(name: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/expected")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every network file of a published network, with the options it needs.
fn files(name: &str) -> Vec<(PathBuf, ReadOptions)> {
    let mut out: Vec<(PathBuf, ReadOptions)> = std::fs::read_dir(data(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains("attributes"))
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            let opts = ReadOptions {
                two_mode: file.contains("incidence"),
                directed: name == "directed" && file.ends_with("_edges.csv"),
                format: None,
            };
            (p, opts)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn check_against_reference(study: &Study, exp: &Json, file: &str) {
    let count = |k: &str| exp[k].as_u64().unwrap() as usize;
    if file.ends_with("_edges.csv") {
        // An edge list alone cannot hold isolates (a node table beside it can, see the
        // round trip test): everything else must agree.
        assert_eq!(
            study.node_count(),
            count("nodes") - count("isolates"),
            "{file}: nodes"
        );
        assert_eq!(study.tie_count(), count("ties"), "{file}: ties");
        assert_eq!(study.isolates().len(), 0, "{file}: isolates");
        check_degrees(study, exp, file, true);
        return;
    }
    assert_eq!(study.node_count(), count("nodes"), "{file}: nodes");
    assert_eq!(study.tie_count(), count("ties"), "{file}: ties");
    assert_eq!(
        study.directed,
        exp["directed"].as_bool().unwrap(),
        "{file}: directed"
    );
    assert_eq!(
        study.isolates().len(),
        count("isolates"),
        "{file}: isolates"
    );
    assert_eq!(
        study.components().1,
        count("components"),
        "{file}: components"
    );
    let isolates: Vec<&str> = study
        .isolates()
        .iter()
        .map(|n| study.node(*n).unwrap().id.as_str())
        .collect();
    let exp_isolates: Vec<&str> = exp["isolate_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(isolates, exp_isolates, "{file}: isolate ids");
    let total: f64 = study.ties().iter().map(|t| t.weight).sum();
    // A nodelist cannot carry weights, and an incidence matrix or a two-mode Pajek file
    // may be 0/1 either way.
    if !file.contains("nodelist1") {
        assert!(
            (total - exp["total_weight"].as_f64().unwrap()).abs() < 1e-9,
            "{file}: total weight {total}"
        );
    }
    check_degrees(study, exp, file, false);
}

/// Every node's degree equals NetworkX's; with `skip_isolates`, nodes of degree 0 (which an
/// edge list cannot hold) are not looked for.
fn check_degrees(study: &Study, exp: &Json, file: &str, skip_isolates: bool) {
    let degrees = study.degrees();
    for (id, d) in exp["degree"].as_object().unwrap() {
        if skip_isolates && d.as_u64() == Some(0) {
            continue;
        }
        let n = study
            .find(id)
            .unwrap_or_else(|| panic!("{file}: no node {id:?}"));
        assert_eq!(
            degrees[n.index()] as u64,
            d.as_u64().unwrap(),
            "{file}: degree of {id}"
        );
    }
}

#[test]
fn every_format_of_every_published_network_matches_networkx() {
    let mut read = 0;
    for name in NETWORKS {
        let exp = expected(name);
        for (path, opts) in files(name) {
            let file = path.display().to_string();
            let study = io::read_path(&path, &opts).unwrap_or_else(|e| panic!("{e}"));
            check_against_reference(&study, &exp, &file);
            read += 1;
        }
    }
    // Guards against the loop silently finding no files.
    assert_eq!(read, 41, "files read");
}

#[test]
fn davis_is_two_mode_in_every_format() {
    for (path, opts) in files("davis") {
        let study = io::read_path(&path, &opts).unwrap();
        let groups = study.nodes().iter().filter(|n| !n.kind.is_person()).count();
        let file = path.display().to_string();
        // GraphML, GEXF and CSV carry the mode as the NetworkX `bipartite` attribute, not as
        // a kind; the incidence matrix and Pajek's `*Vertices 32 18` carry it as a kind.
        if file.contains("incidence") || file.ends_with(".net") {
            assert_eq!(groups, 14, "{file}");
        } else if file.ends_with("_edges.csv") {
            // A bare edge list has no node attributes to say which mode a node is in.
            assert_eq!(study.node_count(), 32, "{file}");
        } else {
            let b = study
                .node_attribute("bipartite")
                .unwrap_or_else(|| panic!("{file}: bipartite"));
            assert_eq!(
                b.values()
                    .iter()
                    .flatten()
                    .filter(|v| v.to_string() == "1")
                    .count(),
                14
            );
        }
    }
}

#[test]
fn florentine_attributes_join_and_report_the_unmatched_family() {
    let path = data("florentine").join("florentine_attributes.csv");
    let bytes = std::fs::read(&path).unwrap();
    let table = io::grid::read_delimited("florentine_attributes.csv", &bytes).unwrap();
    let mut study = io::read_path(
        &data("florentine").join("florentine.graphml"),
        &ReadOptions::default(),
    )
    .unwrap();
    let report = io::attributes::join(&mut study, &table, "family").unwrap();
    assert_eq!(report.matched, 16);
    assert_eq!(report.unmatched.len(), 1);
    assert_eq!(report.unmatched[0].1, "Dietisalvi");
    let wealth = study.node_attribute("wealth").unwrap();
    let medici = study.find("Medici").unwrap();
    assert_eq!(
        wealth.value(medici.index()).and_then(|v| v.as_number()),
        Some(103.0)
    );
    let pucci = study.find("Pucci").unwrap();
    assert_eq!(
        wealth.value(pucci.index()).and_then(|v| v.as_number()),
        Some(3.0)
    );
    let priorates = study.node_attribute("priorates").unwrap();
    let ginori = study.find("Ginori").unwrap();
    assert_eq!(
        priorates.value(ginori.index()),
        None,
        "missing stays missing"
    );
}

/// A tie as a round trip must keep it: ends, weight, relation, wave, direction.
type TieShape = (String, String, String, Option<String>, Option<String>, bool);

/// Everything a round trip must keep, in a form that does not depend on order.
#[derive(Debug, PartialEq)]
struct Shape {
    nodes: BTreeMap<String, (String, NodeKind)>,
    ties: Vec<TieShape>,
    attributes: BTreeMap<String, Vec<(String, String)>>,
}

fn shape(study: &Study, with_attributes: bool) -> Shape {
    let id = |n: kith::model::NodeId| study.node(n).unwrap().id.clone();
    let nodes = study
        .nodes()
        .iter()
        .map(|n| (n.id.clone(), (n.label.clone(), n.kind)))
        .collect();
    let mut ties: Vec<_> = study
        .ties()
        .iter()
        .map(|t| {
            let (mut a, mut b) = (id(t.source), id(t.target));
            if !t.directed && a > b {
                std::mem::swap(&mut a, &mut b);
            }
            (
                a,
                b,
                format!("{}", t.weight),
                t.relation
                    .and_then(|r| study.relation_name(r))
                    .map(str::to_string),
                t.wave.and_then(|w| study.wave_name(w)).map(str::to_string),
                t.directed,
            )
        })
        .collect();
    ties.sort();
    let mut attributes = BTreeMap::new();
    if with_attributes {
        for a in study.node_attributes() {
            let mut vals: Vec<(String, String)> = study
                .nodes()
                .iter()
                .enumerate()
                .filter_map(|(i, n)| a.value(i).map(|v| (n.id.clone(), v.to_string())))
                .collect();
            vals.sort();
            attributes.insert(format!("{} ({})", a.name(), a.ty()), vals);
        }
    }
    Shape {
        nodes,
        ties,
        attributes,
    }
}

#[test]
fn round_trips_through_every_writer_keep_the_network() {
    let dir = tempfile::tempdir().unwrap();
    for name in NETWORKS {
        let original = io::read_path(
            &data(name).join(format!("{name}.graphml")),
            &ReadOptions::default(),
        )
        .unwrap();
        for ext in ["graphml", "gexf", "net", "dl", "csv"] {
            let out = dir.path().join(format!("{name}.{ext}"));
            io::write_path(&original, &out).unwrap();
            let opts = ReadOptions {
                directed: original.directed,
                ..ReadOptions::default()
            };
            let back = io::read_path(&out, &opts).unwrap_or_else(|e| panic!("{e}"));
            // Pajek and DL hold structure only; the others hold attributes too.
            let attrs = matches!(ext, "graphml" | "gexf" | "csv");
            let mut want = shape(&original, attrs);
            let got = shape(&back, attrs);
            if !attrs {
                // Kinds other than the two modes are not expressible there.
                for (_, kind) in want.nodes.values_mut() {
                    if *kind != NodeKind::Respondent && *kind != NodeKind::Group {
                        *kind = NodeKind::Respondent;
                    }
                }
            }
            assert_eq!(got, want, "{name} through .{ext}");
        }
    }
}

#[test]
fn the_sample_study_round_trips_relations_kinds_and_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let original = kith::sample::bundled();
    assert!(original.node_count() > 150);
    for ext in ["graphml", "gexf", "csv"] {
        let out = dir.path().join(format!("sample.{ext}"));
        io::write_path(&original, &out).unwrap();
        let back = io::read_path(&out, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            shape(&back, true),
            shape(&original, true),
            "sample through .{ext}"
        );
    }
}

/// FNV-1a (64 bits) of a file, as `tests/reference/make_dialects.py` records it for the
/// files Kith writes, so that output NetworkX or igraph has not read fails here.
fn fnv1a64(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn json_strings(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// What igraph's DL reader made of a DL file Kith wrote (`written` in dialects.json; NetworkX
/// has no DL reader). igraph reads only the header `dl n=N`: such a file must have been read,
/// one igraph edge per data line, to the fixture's total weight, with the fixture's labels as
/// names unless a label had to be quoted (igraph splits it at the space). Any other header
/// (`nm=` for relations, `nr=`/`nc=` for two modes) must be recorded as unread, with
/// igraph's message and the reason.
fn check_igraph_dl(out: &str, bytes: &[u8], read: &Json, e: &Json) {
    let text = std::str::from_utf8(bytes).unwrap();
    let first: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
    let readable = matches!(
        first.as_slice(),
        ["dl", n] if n.strip_prefix("n=").is_some_and(|k| k.parse::<usize>().is_ok())
    );
    let got = &read["igraph"];
    if !readable {
        assert!(got.is_null(), "{out}: igraph should not read {first:?}");
        for key in ["why", "igraph_error"] {
            assert!(
                read[key].as_str().is_some_and(|s| !s.is_empty()),
                "{out}: no {key} for the DL igraph cannot read"
            );
        }
        return;
    }
    assert!(got.is_object(), "{out}: igraph must read `dl n=N`");
    let (header, data) = text.split_once("\ndata:\n").unwrap();
    let lines = data.lines().filter(|l| !l.trim().is_empty()).count() as u64;
    assert_eq!(got["edges"].as_u64(), Some(lines), "{out}: igraph's edges");
    let total = got["total_weight"].as_f64().unwrap();
    assert!(
        (total - e["total_weight"].as_f64().unwrap()).abs() < 1e-9,
        "{out}: igraph's total weight {total}"
    );
    let names = json_strings(&got["names"]);
    if header.contains('"') {
        assert_ne!(
            names,
            json_strings(&e["labels"]),
            "{out}: igraph now reads quotes"
        );
        assert!(read["names_why"].is_string(), "{out}: names_why");
    } else {
        assert_eq!(names, json_strings(&e["labels"]), "{out}: igraph's names");
    }
}

/// Files in the dialects other tools write (Pajek's empty `*Arcs`, UCINET's header forms,
/// igraph's key ids) read to the counts, direction, relations and labels of the reference
/// (`tests/reference/make_dialects.py`), and the GraphML, GEXF, Pajek and DL Kith writes from
/// each are the files that script read back with NetworkX and igraph to the same counts.
/// `KITH_BLESS=1` rewrites `tests/reference/written/`; then run the script again.
#[test]
fn dialect_fixtures_read_as_networkx_and_igraph_read_them() {
    let exp = expected("dialects");
    let files = exp["files"].as_object().unwrap();
    assert_eq!(files.len(), 11, "dialect fixtures");
    let written_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/written");
    let bless = std::env::var_os("KITH_BLESS").is_some();
    for (name, e) in files {
        let path = data("dialects").join(name);
        let study = io::read_path(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let count = |k: &str| e[k].as_u64().unwrap() as usize;
        let id = |n: &kith::model::Node| n.id.clone();
        let ids: Vec<String> = study.nodes().iter().map(id).collect();
        assert_eq!(ids, json_strings(&e["node_ids"]), "{name}: node ids");
        let labels: Vec<String> = study.nodes().iter().map(|n| n.label.clone()).collect();
        assert_eq!(labels, json_strings(&e["labels"]), "{name}: labels");
        assert_eq!(study.node_count(), count("nodes"), "{name}: nodes");
        assert_eq!(study.tie_count(), count("ties"), "{name}: ties");
        let arcs = study.ties().iter().filter(|t| t.directed).count();
        assert_eq!(arcs, count("arcs"), "{name}: arcs");
        assert_eq!(
            study.directed,
            e["directed"].as_bool().unwrap(),
            "{name}: directed"
        );
        assert_eq!(
            study.relations(),
            json_strings(&e["relations"]).as_slice(),
            "{name}: relations"
        );
        let groups = study.nodes().iter().filter(|n| !n.kind.is_person()).count();
        assert_eq!(groups, count("groups"), "{name}: second mode");
        let degrees = study.degrees();
        for (node, d) in e["degree"].as_object().unwrap() {
            let n = study
                .find(node)
                .unwrap_or_else(|| panic!("{name}: no {node}"));
            assert_eq!(
                degrees[n.index()] as u64,
                d.as_u64().unwrap(),
                "{name}: degree of {node}"
            );
        }
        let mut isolates: Vec<String> = study
            .isolates()
            .iter()
            .map(|n| study.node(*n).unwrap().id.clone())
            .collect();
        isolates.sort();
        assert_eq!(isolates, json_strings(&e["isolates"]), "{name}: isolates");
        let total: f64 = study.ties().iter().map(|t| t.weight).sum();
        assert!(
            (total - e["total_weight"].as_f64().unwrap()).abs() < 1e-9,
            "{name}: total weight {total}"
        );

        let stem = name.rsplit_once('.').unwrap().0;
        for ext in ["graphml", "gexf", "net", "dl"] {
            let out = format!("{stem}.{ext}");
            let format = io::Format::for_writing(Path::new(&out)).unwrap();
            let written = io::write(&study, format).unwrap();
            let golden = written_dir.join(&out);
            if bless {
                std::fs::create_dir_all(&written_dir).unwrap();
                std::fs::write(&golden, &written.bytes).unwrap();
            } else {
                let want = std::fs::read(&golden).unwrap_or_else(|_| {
                    panic!("{} is missing: KITH_BLESS=1 writes it", golden.display())
                });
                assert!(
                    written.bytes == want,
                    "{out} differs from tests/reference/written/{out} (KITH_BLESS=1 to accept, \
                     then run tests/reference/make_dialects.py)"
                );
                let read = &e["written"][ext];
                assert_eq!(
                    read["fnv1a64"].as_str(),
                    Some(fnv1a64(&written.bytes).as_str()),
                    "{out}: NetworkX and igraph have not read this output; run \
                     tests/reference/make_dialects.py"
                );
                if ext == "graphml" || ext == "gexf" {
                    assert!(read["networkx"].is_object(), "{out}: NetworkX must read it");
                }
                if ext == "dl" {
                    check_igraph_dl(&out, &written.bytes, read, e);
                }
                for who in ["networkx", "igraph"] {
                    let got = &read[who];
                    if !got.is_object() {
                        continue;
                    }
                    assert_eq!(
                        (
                            got["nodes"].as_u64(),
                            got["ties"].as_u64(),
                            got["directed"].as_bool()
                        ),
                        (
                            e["nodes"].as_u64(),
                            e["ties"].as_u64(),
                            e["directed"].as_bool()
                        ),
                        "{out}: what {who} reads"
                    );
                }
            }
            // Kith reads its own output back to the same network.
            let back = io::read(Path::new(&out), &written.bytes, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (back.node_count(), back.tie_count(), back.directed),
                (study.node_count(), study.tie_count(), study.directed),
                "{out} read back"
            );
            let back_arcs = back.ties().iter().filter(|t| t.directed).count();
            assert_eq!(back_arcs, arcs, "{out}: arcs read back");
            assert_eq!(back.relations(), study.relations(), "{out}: relations");
        }
    }
}

/// What a reader assumed about a dialect is said in a note naming the file.
#[test]
fn dialect_readers_say_what_they_assumed() {
    let notes = |file: &str| {
        io::read_path_noted(&data("dialects").join(file), &ReadOptions::default())
            .unwrap()
            .notes
    };
    for file in ["pajek_empty_arcs.net", "pajek_empty_arcslist.net"] {
        let n = notes(file);
        assert_eq!(n.len(), 1, "{file}: {n:?}");
        assert!(
            n[0].contains("holds no arcs, so the network is undirected"),
            "{n:?}"
        );
        assert!(n[0].contains(file), "{n:?}");
    }
    let n = notes("pajek_title.net");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].ends_with(
            "skipped line 1 of text before *Vertices (\"Village friendship network, 1998\"), as \
             Pajek and igraph do"
        ),
        "{n:?}"
    );
    let n = notes("ucinet_case_labels.dl");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].contains("4 column labels differ from the row labels only in case"),
        "{n:?}"
    );
    for quiet in [
        "ucinet_export_nm.dl",
        "ucinet_wrapped_labels.dl",
        "ucinet_edgelist_embedded.dl",
        "ucinet_rowcol_embedded.dl",
        "ucinet_nodelist2.dl",
        "pajek_mixed_relations.net",
        "igraph_title_keys.graphml",
    ] {
        assert_eq!(notes(quiet), Vec::<String>::new(), "{quiet}");
    }
    // igraph's `title` key names the graph and holds each node's name.
    let s = io::read_path(
        &data("dialects").join("igraph_title_keys.graphml"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(s.name, "Village friendship");
    let titles: Vec<String> = s
        .node_attribute("title")
        .unwrap()
        .values()
        .iter()
        .map(|v| v.as_ref().unwrap().to_string())
        .collect();
    let exp = expected("dialects");
    let want =
        json_strings(&exp["files"]["igraph_title_keys.graphml"]["readers"]["networkx_node_titles"]);
    assert_eq!(titles, want);
}

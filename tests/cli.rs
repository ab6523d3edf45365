//! The `kith` binary: exit codes, messages and output as a user sees them.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kith(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .output()
        .unwrap()
}

fn data(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn info_json_has_the_documented_keys() {
    let out = kith(&["info", &data("florentine/florentine.graphml"), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nodes"], 16);
    assert_eq!(v["ties"], 20);
    assert_eq!(v["directed"], false);
    assert_eq!(v["isolates"], 1);
    assert_eq!(v["components"], 2);
    assert!(v["attributes"].is_array());
}

#[test]
fn info_text_with_attributes_reports_unmatched_keys() {
    let out = kith(&[
        "info",
        &data("florentine/florentine_matrix.csv"),
        "--attributes",
        &data("florentine/florentine_attributes.csv"),
        "--key",
        "family",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nodes       16"), "{text}");
    assert!(text.contains("wealth"), "{text}");
    assert!(stderr(&out).contains("\"Dietisalvi\""), "{}", stderr(&out));
}

#[test]
fn bad_input_exits_1_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("survey.csv");
    std::fs::write(&bad, "source,target,weight\nann,bob,1\nann,cat,lots\n").unwrap();
    let out = kith(&["info", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let msg = stderr(&out);
    assert!(
        msg.contains("survey.csv line 3, column 3: \"lots\" is not a weight"),
        "{msg}"
    );

    let out = kith(&["info", "no-such-file.graphml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-file.graphml: cannot be read"));

    let out = kith(&["info"]);
    assert_eq!(out.status.code(), Some(1), "a usage error is a user error");
    let out = kith(&["convert", &data("karate/karate.graphml"), "out.xyz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown output format"));
}

#[test]
fn garbage_of_every_kind_is_an_error_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 8] = [
        (
            "x.graphml",
            b"<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"b\"/>",
        ),
        ("x.gexf", b"<gexf><graph><nodes><node/></nodes>"),
        ("x.net", b"*Vertices 2\n1 \"a\n*Edges\n1 9\n"),
        ("x.dl", b"dl n=999999999\ndata:\n1 2\n"),
        ("x.xlsx", b"PK\x03\x04garbage"),
        ("x.csv", b"\xff\xfe\x00"),
        ("y.csv", b",a,b\na,1\n"),
        ("z.csv", b"just some words\n"),
    ];
    for (name, bytes) in cases {
        let path: PathBuf = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = kith(&["info", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(name), "{name}: {}", stderr(&out));
    }
}

#[test]
fn convert_writes_the_format_of_the_extension_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["graphml", "gexf", "net", "dl", "csv"] {
        let out_path = dir.path().join(format!("karate.{ext}"));
        let out = kith(&[
            "convert",
            &data("karate/karate_matrix.csv"),
            out_path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{ext}: {}", stderr(&out));
        let info = kith(&["info", out_path.to_str().unwrap(), "--json"]);
        assert!(info.status.success(), "{ext}: {}", stderr(&info));
        let v: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
        assert_eq!(
            (v["nodes"].as_u64(), v["ties"].as_u64()),
            (Some(34), Some(78)),
            "{ext}"
        );
    }
    assert!(dir.path().join("karate.nodes.csv").exists());
}

#[test]
fn version_is_the_package_version() {
    let out = kith(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("kith {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn convert_with_anonymise_writes_no_person_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.graphml");
    let o = kith(&[
        "convert",
        "assets/sample/neighbourhood.graphml",
        out.to_str().unwrap(),
        "--anonymise",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let study = kith::sample::bundled();
    let people: Vec<&str> = study
        .nodes()
        .iter()
        .filter(|n| n.kind.is_person() && !n.label.contains('\''))
        .map(|n| n.label.as_str())
        .collect();
    assert!(people.len() > 100);
    for name in people {
        assert!(!text.contains(name), "{name} is in the shared file");
    }
    assert!(text.contains("P001"));
}

#[test]
fn test_subcommands_print_the_documented_json_and_a_sentence() {
    let tiny = data("inference/tiny.csv");
    let out = kith(&[
        "test",
        "groups",
        &tiny,
        "--by",
        "group",
        "--measure",
        "score",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["observed", "p_value", "n", "permutations", "method"] {
        assert!(!v[key].is_null(), "groups --json lacks {key}: {v}");
    }
    assert_eq!(v["permutations"], 210);
    assert_eq!(v["exact"], true);

    let out = kith(&[
        "test",
        "regress",
        &tiny,
        "--model",
        "score ~ x + sex",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["coefficients"]["x"].is_number(), "{v}");
    assert!(v["p_value"]["sex[M]"].is_number(), "{v}");
    assert_eq!(v["n"], 7);

    let out = kith(&["test", "qap", &tiny, "--y", "a", "--x", "b", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["observed"].is_number() && v["p_value"].is_number(), "{v}");
    assert_eq!(v["permutations"], 5040);

    let out = kith(&[
        "test",
        "cug",
        &tiny,
        "--relation",
        "a",
        "--stat",
        "density",
        "--given",
        "edges",
        "--draws",
        "50",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Compared the network's density"), "{text}");
    assert!(text.contains("null distribution"), "{text}");

    let out = kith(&["test", "cug", &tiny, "--stat", "modularity"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown statistic \"modularity\""),
        "{}",
        stderr(&out)
    );
    let out = kith(&["test", "qap", &tiny, "--y", "c", "--x", "b"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("relation \"c\""), "{}", stderr(&out));
}

/// One figure path: `kith render` of a network file draws the document the window would
/// have, so the project of the same study, view and seed renders to the same bytes.
#[test]
fn render_of_a_file_and_of_its_project_are_the_same_figure() {
    let dir = tempfile::tempdir().unwrap();
    let file = data("karate/karate.graphml");
    let from_file = dir.path().join("file.svg");
    let args = [
        "render",
        file.as_str(),
        "--color-by",
        "club",
        "--title",
        "Zachary's karate club",
        "--caption",
        "Friendships.",
        "--seed",
        "7",
        "-o",
    ];
    let out = kith(&[&args[..], &[from_file.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));

    let study = kith::io::read_path(Path::new(&file), &Default::default()).unwrap();
    let mut project = kith::session::project::Project::new(study);
    project.view = kith::scene::View {
        color_by: Some("club".into()),
        title: Some("Zachary's karate club".into()),
        caption: Some("Friendships.".into()),
        ..kith::scene::View::default()
    };
    project.layout.seed = 7;
    let saved = dir.path().join("karate.kith");
    project.save(&saved).unwrap();
    let from_project = dir.path().join("project.svg");
    let out = kith(&[
        "render",
        saved.to_str().unwrap(),
        "-o",
        from_project.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (
        std::fs::read_to_string(&from_file).unwrap(),
        std::fs::read_to_string(&from_project).unwrap(),
    );
    assert!(a.contains("karate club"));
    if let Some(line) = a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        panic!(
            "the figures differ from line {line}:\n{}\n---\n{}",
            a.lines().nth(line).unwrap_or(""),
            b.lines().nth(line).unwrap_or("")
        );
    }
    assert_eq!(a, b);
}

#[test]
fn render_errors_say_their_cause_once_and_name_no_view_for_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("x.svg");
    let out = kith(&[
        "render",
        &data("karate/karate.graphml"),
        "--color-by",
        "nosuch",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("nosuch").count(), 1, "{err}");
    assert!(!err.contains("view \""), "{err}");
}

//! Kith never opens a network connection: survey data about vulnerable people stays on the
//! machine. Checked twice: no networking crate or socket API in the build, and no internet
//! socket opened by the command line at run time (traced by `strace`, which `.ci/run`
//! installs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// Crates that exist to talk over the network. `tokio` and `zbus` are built for other
/// reasons: tokio is polars' thread pool for its readers and writers (compiled with its
/// `net` feature, which Kith never calls: the strace check below watches the command line),
/// zbus the desktop file dialog portal and the accessibility bus, both local D-Bus over a
/// Unix socket; so they are not on this list. Cargo.lock also lists crates that are never
/// built (the cloud storage of polars' optional features pulls in an HTTP client), so the
/// check reads what cargo builds for every target, not the lock file.
const NETWORK_CRATES: [&str; 12] = [
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "isahc",
    "attohttpc",
    "surf",
    "native-tls",
    "rustls",
    "openssl",
    "tungstenite",
    "quinn",
];

#[test]
fn no_networking_crate_is_built() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--all-features",
            "-e",
            "normal,build",
            "--target",
            "all",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    let built: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // The list is the real build: it holds the crates Kith is made of.
    for name in ["polars", "eframe", "petgraph"] {
        assert!(built.contains(&name), "cargo tree does not list {name}");
    }
    for name in NETWORK_CRATES {
        assert!(!built.contains(&name), "{name} is built");
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_socket_api_is_used() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    assert!(files.len() > 20);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for word in [
            "std::net",
            "TcpStream",
            "UdpSocket",
            "TcpListener",
            "ToSocketAddrs",
        ] {
            assert!(!text.contains(word), "{} uses {word}", f.display());
        }
    }
}

#[test]
fn the_command_line_opens_no_internet_socket() {
    // `.ci/run` installs strace: without it this check would prove nothing, so it fails.
    assert!(
        Command::new("strace").arg("-V").output().is_ok(),
        "strace is not installed (apt-get install strace)"
    );
    let dir = tempfile::tempdir().unwrap();
    let fig = dir.path().join("fig.pdf");
    let out = dir.path().join("survey.graphml");
    let runs: Vec<Vec<String>> = vec![
        vec!["info".into(), "assets/sample/neighbourhood.graphml".into()],
        vec![
            "survey".into(),
            "assets/sample/neighbourhood_survey.csv".into(),
            "-o".into(),
            out.display().to_string(),
        ],
        vec![
            "render".into(),
            "assets/sample/neighbourhood.graphml".into(),
            "-o".into(),
            fig.display().to_string(),
            "--iterations".into(),
            "50".into(),
        ],
    ];
    for args in runs {
        let trace = dir.path().join("trace.txt");
        let status = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=execve,socket,connect", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_kith"))
            .args(&args)
            .status()
            .unwrap();
        assert!(
            std::fs::read_to_string(&trace).is_ok(),
            "strace cannot trace here, so the check proves nothing"
        );
        assert!(status.success(), "kith {args:?} failed");
        let calls = std::fs::read_to_string(&trace).unwrap();
        assert!(calls.contains("execve("), "strace saw nothing: {calls}");
        for family in ["AF_INET", "AF_INET6"] {
            assert!(
                !calls.contains(family),
                "kith {args:?} opened an {family} socket:\n{calls}"
            );
        }
    }
}

//! The layering rule: only the workbench (`src/app/`) may know about egui, so that the
//! model, readers, analysis, layout, scene and renderers stay testable without a window.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_app_module_mentions_egui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "source files not found");
    let app = src.join("app");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&app) && !f.ends_with("main.rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            text.contains("egui") || text.contains("eframe")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "egui outside src/app: {offenders:?}");
}

/// The layers from the bottom up: a module may use modules of lower layers only, so data
/// flows one way (files -> study -> metrics and positions -> survey and waves -> what to
/// draw -> figures -> the document -> the window and the command line).
const LAYERS: [&[&str]; 9] = [
    &["model"],
    &["io", "privacy"],
    &["analysis", "layout"],
    &["survey"],
    &["waves"],
    &["scene"],
    &["render", "sample"],
    &["session"],
    &["app", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its comments (doc comments name modules of any layer) and
/// without its tests (which may build fixtures with any layer).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    without_tests(&text)
        .into_iter()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of a file with its `#[cfg(test)]` items blanked: a module (or function) up to
/// its closing brace at the start of a line, or a one-line item such as `mod test_support;`.
/// What comes after a test module is code again, on the line it was on.
fn without_tests(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("#[cfg(test)]") {
            out.push(line);
            continue;
        }
        out.push("");
        for item in lines.by_ref() {
            out.push("");
            if item == "}" || (item.ends_with(';') && !item.starts_with(char::is_whitespace)) {
                break;
            }
        }
    }
    out
}

/// Every `crate::NAME` the code mentions.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let word_start = i == 0 || !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if word_start && !name.is_empty() {
            out.push(name);
        }
        rest = after;
    }
    out
}

/// The top-level module a source file belongs to (`src/scene/build.rs` -> `scene`).
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(src)
        .unwrap_or_else(|_| panic!("{} is outside src", file.display()));
    let Some(first) = rel.components().next() else {
        panic!("{} has no path", file.display());
    };
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    for f in &files {
        let from = top_module(&src, f);
        if from == "lib" || from == "main" {
            continue;
        }
        let Some(rank) = layer(&from) else {
            panic!("{} is in no layer: add `{from}` to LAYERS", f.display());
        };
        for to in crate_paths(&code(f)) {
            if to == from {
                continue;
            }
            match layer(&to) {
                Some(r) if r < rank => {}
                Some(_) => upward.push(format!(
                    "{} uses crate::{to}",
                    f.strip_prefix(&src).unwrap().display()
                )),
                None => {}
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "arrows running up or across the layers: {upward:#?}"
    );
}

/// The files of one folder must not use each other in a circle (`a` uses `b` uses `a`):
/// what two files both need goes into a third.
#[test]
fn files_of_a_folder_do_not_use_each_other_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut folders: std::collections::BTreeMap<std::path::PathBuf, Vec<std::path::PathBuf>> =
        std::collections::BTreeMap::new();
    for f in files {
        if f.file_name().is_some_and(|n| n != "mod.rs") {
            folders
                .entry(f.parent().unwrap().to_path_buf())
                .or_default()
                .push(f);
        }
    }
    let mut circles = Vec::new();
    for (dir, files) in &folders {
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        let module = dir
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('/', "::");
        // Edges: file i mentions `super::NAME` or `crate::MODULE::NAME` of a sibling.
        let uses: Vec<Vec<usize>> = files
            .iter()
            .map(|f| {
                let text = code(f);
                (0..names.len())
                    .filter(|&j| {
                        let n = &names[j];
                        [format!("super::{n}::"), format!("super::{n}::{{")]
                            .iter()
                            .chain(std::iter::once(&format!("crate::{module}::{n}::")))
                            .chain(std::iter::once(&format!("use super::{n};")))
                            .any(|p| !module.is_empty() && text.contains(p.as_str()))
                    })
                    .filter(|&j| files[j] != *f)
                    .collect()
            })
            .collect();
        for a in 0..files.len() {
            for &b in &uses[a] {
                if a < b && uses[b].contains(&a) {
                    circles.push(format!("{module}: {} <-> {}", names[a], names[b]));
                }
            }
        }
    }
    assert!(circles.is_empty(), "files using each other: {circles:#?}");
}

#[test]
fn the_layer_check_reads_paths_and_order() {
    assert_eq!(
        crate_paths("use crate::app::Canvas;\nlet s = my_crate::io::x(crate::model::Study);"),
        ["app", "model"]
    );
    assert!(layer("scene") > layer("waves") && layer("waves") > layer("survey"));
    assert!(layer("session") < layer("app") && layer("model") == Some(0));
    assert_eq!(layer("nothing"), None);
}

/// Each function's length in lines, outside `#[cfg(test)]` modules: from its `fn` line to
/// the closing brace at the same indentation.
fn function_lengths(path: &Path) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("mod tests") || line.starts_with("#[cfg(test)]") {
            break;
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if !is_fn || trimmed.ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
            let name: String = trimmed
                .split("fn ")
                .nth(1)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((name, end + 2));
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_200_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    let mut seen = 0;
    for f in &files {
        for (name, len) in function_lengths(f) {
            seen += 1;
            if len > 200 {
                long.push(format!("{} {name}: {len} lines", f.display()));
            }
        }
    }
    assert!(seen > 500, "functions not found ({seen})");
    assert!(long.is_empty(), "functions over 200 lines: {long:#?}");
}

#[test]
fn function_lengths_are_measured_to_their_closing_brace() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.rs");
    let body = "    let x = 1;\n".repeat(3);
    std::fs::write(&f, format!("pub fn a() {{\n{body}}}\n\nfn b() {{}}\n")).unwrap();
    assert_eq!(function_lengths(&f), vec![("a".to_string(), 5)]);
}

/// Figures reach the disk through `render::write` / `render::write_file` only, and one
/// function decides whether a view needs the costly metrics.
#[test]
fn one_figure_path() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in ["cli/render.rs", "app/export_dialog.rs", "session/mod.rs"] {
        let text = code(&src.join(file));
        assert!(
            !text.contains("save_atomic"),
            "{file} writes figure bytes itself instead of through render::write"
        );
    }
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let defined: Vec<String> = files
        .iter()
        .filter(|f| code(f).contains("fn needs_full_metrics"))
        .map(|f| f.display().to_string())
        .collect();
    assert_eq!(
        defined.len(),
        1,
        "needs_full_metrics defined in {defined:?}"
    );
    let strips: Vec<String> = files
        .iter()
        .filter(|f| code(f).contains("fn for_export"))
        .map(|f| f.display().to_string())
        .collect();
    assert_eq!(strips.len(), 1, "for_export defined in {strips:?}");
}

/// No two public types share a name (a reader meeting `Canvas` or `Format` should know
/// which one is meant).
#[test]
fn public_types_have_names_of_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for f in &files {
        for line in code(f).lines() {
            let t = line.trim_start();
            for kind in ["pub struct ", "pub enum ", "pub trait ", "pub type "] {
                if let Some(rest) = t.strip_prefix(kind) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    let rel = f.strip_prefix(&src).unwrap_or(f).display().to_string();
                    seen.entry(name).or_default().push(rel);
                }
            }
        }
    }
    assert!(seen.len() > 50, "types not found");
    let doubled: Vec<String> = seen
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(name, files)| format!("{name}: {}", files.join(", ")))
        .collect();
    assert!(
        doubled.is_empty(),
        "public types sharing a name: {doubled:#?}"
    );
}

/// The code of a Rust source with comments and string and character literals blanked out:
/// what is left are identifiers, keywords and punctuation, on the lines they were on (a
/// blanked literal or comment keeps its line breaks).
fn identifiers_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| b.get(i + k) == Some(&c));
    while i < b.len() {
        let start = i;
        let mut blanked = true;
        let c = b[i];
        let after_word = i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_');
        if at(i, "//") {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < b.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if (c == 'r' || at(i, "br")) && !after_word && {
            let mut j = i + if c == 'r' { 1 } else { 2 };
            while b.get(j) == Some(&'#') {
                j += 1;
            }
            b.get(j) == Some(&'"')
        } {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + if c == 'r' { 1 } else { 2 };
            let mut hashes = 0;
            while b[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while j < b.len() && !at(j, &close) {
                j += 1;
            }
            i = j + close.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (b.get(i + 1) == Some(&'\\') || b.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{..}'), not a lifetime.
            i += 2;
            while i < b.len() && b[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
            blanked = false;
        }
        if blanked {
            out.extend(b[start..i.min(b.len())].iter().filter(|&&c| c == '\n'));
        }
    }
    out
}

/// One spelling in code: identifiers say `color` (as egui, CSS and every crate Kith uses
/// do); British English ("colour") is for the words users read, in strings and comments.
#[test]
fn identifiers_spell_color_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples"] {
        rust_files(&root.join(dir), &mut files);
    }
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            identifiers_only(&text)
                .lines()
                .enumerate()
                .filter(|(_, l)| l.to_lowercase().contains("colour"))
                .map(|(n, l)| format!("{}:{}: {}", f.display(), n + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn identifiers_only_blanks_comments_strings_and_characters() {
    let code = "let colour = \"a \\\"colour\\\"\"; // colour\n/* colour */ let c = 'c';\nfn f<'a>(x: &'a str) { r#\"colour\"# }";
    let left = identifiers_only(code);
    assert_eq!(left.matches("colour").count(), 1, "{left}");
    assert_eq!(
        identifiers_only("let a = \"x\ny\"; /* \n */ b\nc"),
        "let a = \"\"\n; \n b\nc"
    );
    assert!(left.contains("fn f<'a>(x: &'a str)"), "{left}");
}

/// One panel interface (as egui's demo app's `View::ui`): every side panel and tab of the
/// workbench implements `Panel` and has no drawing function of its own that the workbench
/// calls with a signature of its own.
#[test]
fn workbench_panels_share_one_interface() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let panels = [
        ("data", "DataPanel"),
        ("style", "StylePanel"),
        ("filter", "FilterPanel"),
        ("inspector", "InspectorPanel"),
        ("views", "ViewsPanel"),
        ("flags", "FlagsPanel"),
        ("metrics", "MetricsPanel"),
        ("groups", "GroupsPanel"),
        ("models", "ModelsPanel"),
        ("change", "ChangePanel"),
    ];
    for (file, ty) in panels {
        let text = code(&app.join(format!("{file}.rs")));
        assert!(
            text.contains(&format!("impl Panel for {ty} {{")),
            "{file}.rs: {ty} does not implement Panel"
        );
        let own: Vec<&str> = text
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                (l.starts_with("pub fn ") || l.starts_with("pub(crate) fn "))
                    && l.split('(').next().is_some_and(|h| h.ends_with("ui"))
            })
            .collect();
        assert!(own.is_empty(), "{file}.rs draws outside Panel::ui: {own:?}");
        let workbench = code(&app.join("workbench.rs"));
        assert!(
            !workbench.contains(&format!("{file}::{file}_ui(")),
            "workbench.rs calls {file}_ui directly"
        );
    }
}

/// Every `Result<..>` in `code`: where it starts (a byte offset) and its top-level type
/// arguments as written (`Result<A, B>` gives `["A", "B"]`). Angle brackets, parentheses
/// and square brackets nest; the `>` of an arrow (`Fn() -> T`) closes nothing; a type may
/// span lines.
fn result_arguments(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("Result<").map(|i| from + i) {
        from = i + "Result<".len();
        if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let (mut depth, mut args, mut arg) = (0usize, Vec::new(), String::new());
        let mut prev = ' ';
        for c in code[from..].chars() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' if prev == '-' => {}
                '>' | ')' | ']' if depth == 0 => break,
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(std::mem::take(&mut arg));
                    prev = c;
                    continue;
                }
                _ => {}
            }
            arg.push(c);
            prev = c;
        }
        args.push(arg);
        let args: Vec<String> = args
            .iter()
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty())
            .collect();
        out.push((i, args));
    }
    out
}

/// Errors are typed: a `Result` whose error is a `String` turns what went wrong (the file,
/// the line, the underlying error) into a sentence early; the error enums keep it until the
/// message is shown. Tests may do as they like.
#[test]
fn no_result_has_a_string_error() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut seen = 0;
    let mut offenders = Vec::new();
    for f in &files {
        let text = identifiers_only(&code(f));
        for (at, args) in result_arguments(&text) {
            seen += 1;
            let error = args.get(1).map(String::as_str).unwrap_or("");
            if error == "String" || error.ends_with("::String") {
                let line = text[..at].matches('\n').count() + 1;
                offenders.push(format!(
                    "{}:{line}: Result<{}>",
                    f.strip_prefix(&src).unwrap_or(f).display(),
                    args.join(", ")
                ));
            }
        }
    }
    assert!(seen > 100, "results not found ({seen})");
    assert!(
        offenders.is_empty(),
        "Result with a String error (use an error enum):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn test_items_are_left_out_and_code_after_them_kept() {
    let text = "use a;\n#[cfg(test)]\npub(crate) mod support;\nfn b() {}\n#[cfg(test)]\n\
                mod tests {\n    fn t() -> Result<(), String>;\n}\nfn c() {}\n";
    assert_eq!(
        without_tests(text),
        ["use a;", "", "", "fn b() {}", "", "", "", "", "fn c() {}"]
    );
}

#[test]
fn result_arguments_follow_nesting() {
    let code = "fn f() -> Result<Vec<(String, u8)>, String> {}\n\
                let j: Option<Job<Result<(Study, String), Error>>>;\n\
                type T = io::Result<String>; fn g(x: Box<dyn Fn() -> u8>) -> PolarsResult<u8>;\n\
                fn h() -> std::result::Result<\n    [u8; 2],\n    std::string::String,\n>";
    let args: Vec<Vec<String>> = result_arguments(code).into_iter().map(|(_, a)| a).collect();
    assert_eq!(
        args,
        [
            vec!["Vec<(String, u8)>", "String"],
            vec!["(Study, String)", "Error"],
            vec!["String"],
            vec!["[u8; 2]", "std::string::String"],
        ]
    );
}

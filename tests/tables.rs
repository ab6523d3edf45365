//! The per-person tables of `kith metrics` and `kith groups` as files: the CSV is
//! byte-identical to the one Kith wrote before the tables became polars DataFrames
//! (goldens in `tests/golden/metrics`, written by that version), and the Parquet and Excel
//! files read back (with polars and calamine) to the same values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use polars::prelude::{DataFrame, DataType, ParquetReader, SerReader};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(rel: &str) -> String {
    root().join("tests/data").join(rel).display().to_string()
}

fn kith(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Vec<u8> {
    let out = kith(args);
    assert!(
        out.status.success(),
        "kith {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Each golden node table and the arguments that write it (the file comes first).
fn metrics_cases() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        ("karate", s(&[&data("karate/karate_matrix.csv")])),
        (
            "karate_brokerage",
            s(&[
                &data("karate/karate_matrix.csv"),
                "--attributes",
                &data("karate/karate_attributes.csv"),
                "--key",
                "id",
                "--groups",
                "club",
            ]),
        ),
        (
            "florentine",
            s(&[&data("florentine/florentine_matrix.csv")]),
        ),
        (
            "florentine_weighted",
            s(&[&data("florentine/florentine_matrix.csv"), "--weighted"]),
        ),
        ("lesmis", s(&[&data("lesmis/lesmis_matrix.csv")])),
        (
            "lesmis_weighted",
            s(&[&data("lesmis/lesmis.gexf"), "--weighted"]),
        ),
        (
            "directed_brokerage",
            s(&[
                &data("directed/directed_edges.csv"),
                "--directed",
                "--attributes",
                &data("directed/directed_attributes.csv"),
                "--key",
                "id",
                "--groups",
                "group",
            ]),
        ),
        (
            "davis",
            s(&[&data("davis/davis_incidence.csv"), "--two-mode"]),
        ),
        (
            "groups",
            s(&[
                &data("groups/groups_matrix.csv"),
                "--attributes",
                &data("groups/groups_attributes.csv"),
                "--key",
                "id",
            ]),
        ),
        (
            "waves_post",
            s(&[
                &data("waves_fig/waves_edges.csv"),
                "--attributes",
                &data("waves_fig/waves_attributes.csv"),
                "--key",
                "id",
                "--wave",
                "post",
            ]),
        ),
    ]
}

fn golden(name: &str) -> String {
    let path = root()
        .join("tests/golden/metrics")
        .join(format!("{name}.csv"));
    std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing", path.display()))
}

#[test]
fn metrics_csv_is_byte_identical_to_the_published_goldens() {
    for (name, args) in metrics_cases() {
        let mut all = vec!["metrics".to_string()];
        all.extend(args);
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = String::from_utf8(ok(&args)).unwrap();
        assert_eq!(out, golden(name), "{name}");
    }
}

#[test]
fn tie_tables_are_byte_identical_to_the_goldens() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        (
            "directed_ties",
            vec![
                data("directed/directed_edges.csv"),
                "--directed".to_string(),
            ],
        ),
        (
            "florentine_ties",
            vec![data("florentine/florentine_matrix.csv")],
        ),
        (
            "waves_post_ties",
            vec![
                data("waves_fig/waves_edges.csv"),
                "--attributes".to_string(),
                data("waves_fig/waves_attributes.csv"),
                "--key".to_string(),
                "id".to_string(),
                "--wave".to_string(),
                "post".to_string(),
            ],
        ),
    ] {
        let ties = dir.path().join(format!("{name}.csv"));
        let mut all = vec!["metrics".to_string()];
        all.extend(args);
        all.extend(["--ties".to_string(), ties.display().to_string()]);
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        ok(&args);
        assert_eq!(
            std::fs::read_to_string(&ties).unwrap(),
            golden(name),
            "{name}"
        );
    }
}

/// The CSV's cells by column name.
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The cell as the CSV writes it: numbers the shortest way, integers without a fraction.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn frame_cell(df: &DataFrame, col: &str, row: usize) -> String {
    let s = df.column(col).unwrap().as_materialized_series();
    match s.dtype() {
        DataType::String => s.str().unwrap().get(row).unwrap_or_default().to_string(),
        DataType::Int64 => s
            .i64()
            .unwrap()
            .get(row)
            .map(|x| x.to_string())
            .unwrap_or_default(),
        DataType::Float64 => s
            .f64()
            .unwrap()
            .get(row)
            .map(number_text)
            .unwrap_or_default(),
        DataType::Boolean => s
            .bool()
            .unwrap()
            .get(row)
            .map(|b| b.to_string())
            .unwrap_or_default(),
        other => panic!("{col}: unexpected type {other:?}"),
    }
}

fn excel_cell(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(x) => number_text(*x),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Every cell of the sheet as text, the header row first.
fn excel_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(excel_cell).collect())
        .collect()
}

fn read_parquet(path: &Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(path).unwrap())
        .finish()
        .unwrap()
}

/// The CSV, the Parquet file and the Excel workbook of one table hold the same values.
fn assert_same_table(csv_text: &str, parquet: &Path, xlsx: &Path, sheet: &str, what: &str) {
    let (header, rows) = csv_rows(csv_text);
    let df = read_parquet(parquet);
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, header, "{what}: Parquet columns");
    assert_eq!(df.height(), rows.len(), "{what}: Parquet rows");
    for (r, row) in rows.iter().enumerate() {
        for (c, name) in header.iter().enumerate() {
            assert_eq!(
                frame_cell(&df, name, r),
                row[c],
                "{what}: Parquet {name} row {r}"
            );
        }
    }
    let sheet = excel_sheet(xlsx, sheet);
    assert_eq!(sheet[0], header, "{what}: Excel header");
    assert_eq!(sheet.len(), rows.len() + 1, "{what}: Excel rows");
    for (r, row) in rows.iter().enumerate() {
        // calamine trims trailing empty cells of a row only at the sheet's right edge.
        let mut got = sheet[r + 1].clone();
        got.resize(header.len(), String::new());
        assert_eq!(&got, row, "{what}: Excel row {r}");
    }
}

#[test]
fn metrics_parquet_and_excel_read_back_to_the_csv_values() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in metrics_cases() {
        let parquet = dir.path().join(format!("{name}.parquet"));
        let xlsx = dir.path().join(format!("{name}.xlsx"));
        for out in [&parquet, &xlsx] {
            let mut all = vec!["metrics".to_string()];
            all.extend(args.iter().cloned());
            all.extend(["-o".to_string(), out.display().to_string()]);
            let a: Vec<&str> = all.iter().map(String::as_str).collect();
            ok(&a);
        }
        assert_same_table(&golden(name), &parquet, &xlsx, "metrics", name);
    }
}

#[test]
fn metrics_and_ties_share_one_workbook_when_asked_to() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("florentine.xlsx");
    let b = book.display().to_string();
    ok(&[
        "metrics",
        &data("florentine/florentine_matrix.csv"),
        "-o",
        &b,
        "--ties",
        &b,
    ]);
    let ties = excel_sheet(&book, "ties");
    let (header, rows) = csv_rows(&golden("florentine_ties"));
    assert_eq!(ties[0], header);
    assert_eq!(ties.len(), rows.len() + 1);
    assert_eq!(excel_sheet(&book, "metrics").len(), 17);
}

#[test]
fn metrics_include_kind_and_attributes_on_request() {
    let out = ok(&[
        "metrics",
        &data("florentine/florentine_matrix.csv"),
        "--attributes",
        &data("florentine/florentine_attributes.csv"),
        "--key",
        "family",
        "--include",
        "kind,attributes",
    ]);
    let (header, rows) = csv_rows(&String::from_utf8(out).unwrap());
    assert_eq!(
        &header[..6],
        ["id", "label", "kind", "wealth", "priorates", "degree"]
    );
    let medici = rows.iter().find(|r| r[0] == "Medici").unwrap();
    assert_eq!(&medici[2..5], ["respondent", "103", "53"]);
    let err = kith(&[
        "metrics",
        &data("florentine/florentine_matrix.csv"),
        "--include",
        "wealth",
    ]);
    assert!(!err.status.success());
    assert!(
        String::from_utf8_lossy(&err.stderr).contains("--include wealth"),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );
}

#[test]
fn group_tables_are_written_in_three_formats_with_the_compared_values() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "groups".to_string(),
        data("groups/groups_matrix.csv"),
        "--attributes".to_string(),
        data("groups/groups_attributes.csv"),
        "--key".to_string(),
        "id".to_string(),
        "--by".to_string(),
        "employment".to_string(),
    ];
    let mut paths = Vec::new();
    for ext in ["csv", "parquet", "xlsx"] {
        let p = dir.path().join(format!("groups.{ext}"));
        let mut all = base.to_vec();
        all.extend(["-o".to_string(), p.display().to_string()]);
        let a: Vec<&str> = all.iter().map(String::as_str).collect();
        let text = String::from_utf8(ok(&a)).unwrap();
        assert!(text.contains("isolate share: chi-square"), "{text}");
        paths.push(p);
    }
    let csv_text = std::fs::read_to_string(&paths[0]).unwrap();
    assert_same_table(&csv_text, &paths[1], &paths[2], "groups", "groups");
    // The values are the comparison's own.
    let mut json_args = base.to_vec();
    json_args.push("--json".to_string());
    let json = ok(&json_args.iter().map(String::as_str).collect::<Vec<_>>());
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let (header, rows) = csv_rows(&csv_text);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(rows.len(), groups.len());
    for (row, g) in rows.iter().zip(groups) {
        assert_eq!(row[col("group")], g["group"].as_str().unwrap());
        assert_eq!(row[col("n")], g["n"].to_string());
        assert_eq!(row[col("isolates")], g["isolates"].to_string());
        for key in ["isolate_share", "mean_degree", "mean_betweenness"] {
            let want = g[key].as_f64().unwrap();
            assert_eq!(row[col(key)].parse::<f64>().unwrap(), want, "{key}");
        }
        for s in g["scores"].as_array().unwrap() {
            let score = s["score"].as_str().unwrap();
            let mean = &row[col(&format!("{score}_mean"))];
            match s["mean"].as_f64() {
                Some(m) => assert_eq!(mean.parse::<f64>().unwrap(), m),
                None => assert_eq!(mean, ""),
            }
        }
    }
}

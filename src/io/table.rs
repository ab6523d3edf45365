//! Per-person tables (polars DataFrames: the metrics node table, the tie table, the group
//! comparison) written as CSV, Parquet or Excel, the format chosen by the file's extension.
//!
//! The CSV keeps the numbers Kith has always written: the shortest decimal that reads back
//! to the same value, integers without a fraction ("3", not "3.0"), never an exponent.
//! polars' own CSV writer prints floats its own way ("3.0", "1e-5"), so the CSV is written
//! by the csv crate from the DataFrame's rows, each cell formatted as Kith formats numbers.
//! Parquet and Excel keep the column types: numbers stay numbers, flags stay booleans.

use std::path::Path;

use polars::prelude::{DataFrame, DataType, ParquetWriter, PolarsError, Series};

use crate::model::attribute_format_number;

/// A file format for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated text with a header row (any extension other than the two below).
    Csv,
    /// Apache Parquet (`.parquet`), for R's arrow, pandas and polars.
    Parquet,
    /// An Excel workbook (`.xlsx`) with one sheet holding the table under a header row.
    Excel,
}

impl TableFormat {
    /// The format a file name asks for: `.parquet` or `.pq`, `.xlsx`, and CSV otherwise
    /// (as `kith metrics -o` has always written CSV whatever the name).
    pub fn of_path(path: &Path) -> TableFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "parquet" | "pq" => TableFormat::Parquet,
            "xlsx" => TableFormat::Excel,
            _ => TableFormat::Csv,
        }
    }

    /// The usual extension of the format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
            TableFormat::Excel => "xlsx",
        }
    }

    /// The name shown in file dialogs and messages.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Csv => "CSV",
            TableFormat::Parquet => "Parquet",
            TableFormat::Excel => "Excel",
        }
    }

    /// Every format, CSV first.
    pub const ALL: [TableFormat; 3] = [TableFormat::Csv, TableFormat::Excel, TableFormat::Parquet];
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A column of a type the writers do not know (a bug in the table's builder).
    #[error("column {0} has a type tables cannot hold: {1}")]
    ColumnType(String, String),
    /// polars could not build or write the table.
    #[error("{0}")]
    Polars(#[from] PolarsError),
    /// The Excel writer failed.
    #[error("Excel: {0}")]
    Excel(#[from] rust_xlsxwriter::XlsxError),
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The file could not be saved.
    #[error("{path}: cannot be written: {source}")]
    Save {
        /// The file, as given.
        path: String,
        /// The reason.
        source: std::io::Error,
    },
}

/// One cell of a table, typed as its column.
#[derive(Debug, Clone, PartialEq)]
enum Cell<'a> {
    Missing,
    Text(&'a str),
    Integer(i64),
    Number(f64),
    Flag(bool),
}

impl Cell<'_> {
    /// The cell as Kith writes it in CSV; empty when missing.
    fn text(&self) -> String {
        match self {
            Cell::Missing => String::new(),
            Cell::Text(s) => (*s).to_string(),
            Cell::Integer(i) => i.to_string(),
            Cell::Number(x) => attribute_format_number(*x),
            Cell::Flag(b) => b.to_string(),
        }
    }
}

/// The cells of one column, in row order.
fn cells(series: &Series) -> Result<Vec<Cell<'_>>, TableError> {
    let wrong =
        || TableError::ColumnType(series.name().to_string(), format!("{:?}", series.dtype()));
    let out = match series.dtype() {
        DataType::String => series
            .str()?
            .iter()
            .map(|c| c.map_or(Cell::Missing, Cell::Text))
            .collect(),
        DataType::Int64 => series
            .i64()?
            .iter()
            .map(|c| c.map_or(Cell::Missing, Cell::Integer))
            .collect(),
        DataType::UInt32 => series
            .u32()?
            .iter()
            .map(|c| c.map_or(Cell::Missing, |x| Cell::Integer(i64::from(x))))
            .collect(),
        DataType::Float64 => series
            .f64()?
            .iter()
            .map(|c| c.map_or(Cell::Missing, Cell::Number))
            .collect(),
        DataType::Boolean => series
            .bool()?
            .iter()
            .map(|c| c.map_or(Cell::Missing, Cell::Flag))
            .collect(),
        _ => return Err(wrong()),
    };
    Ok(out)
}

/// Every column's cells, in column order.
fn columns(df: &DataFrame) -> Result<Vec<(String, Vec<Cell<'_>>)>, TableError> {
    df.columns()
        .iter()
        .map(|c| {
            let series = c.as_materialized_series();
            Ok((c.name().to_string(), cells(series)?))
        })
        .collect()
}

/// The table as CSV text: a header row, then one line per row, `\n` line ends, numbers as
/// Kith writes them (see the module notes for why the csv crate writes the rows).
pub fn csv_text(df: &DataFrame) -> Result<String, TableError> {
    let cols = columns(df)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(cols.iter().map(|(name, _)| name.as_str()))?;
    for row in 0..df.height() {
        w.write_record(cols.iter().map(|(_, cells)| cells[row].text()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| TableError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The table as a Parquet file (zstd-compressed, column types kept).
pub fn parquet_bytes(df: &DataFrame) -> Result<Vec<u8>, TableError> {
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(&mut df.clone())?;
    Ok(out)
}

/// The table as an Excel workbook: one sheet named `sheet`, a bold header row kept in view
/// while scrolling, numbers as numbers, flags as TRUE/FALSE, missing values blank.
pub fn excel_bytes(df: &DataFrame, sheet: &str) -> Result<Vec<u8>, TableError> {
    excel_workbook_bytes(&[(sheet, df)])
}

/// Several tables as one Excel workbook, one sheet per table, in the order given.
pub fn excel_workbook_bytes(sheets: &[(&str, &DataFrame)]) -> Result<Vec<u8>, TableError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (name, df) in sheets {
        let cols = columns(df)?;
        let ws = book.add_worksheet();
        ws.set_name(*name)?;
        for (c, (title, cells)) in cols.iter().enumerate() {
            let c = excel_column(c)?;
            ws.write_string_with_format(0, c, title, &bold)?;
            for (r, cell) in cells.iter().enumerate() {
                let r = excel_row(r + 1)?;
                match cell {
                    Cell::Missing => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, *s)?;
                    }
                    Cell::Integer(i) => {
                        // Excel holds every number as a double; counts stay far below 2^53.
                        ws.write_number(r, c, *i as f64)?;
                    }
                    // Excel has no NaN or infinity: such a value is written as text.
                    Cell::Number(x) if !x.is_finite() => {
                        ws.write_string(r, c, attribute_format_number(*x))?;
                    }
                    Cell::Number(x) => {
                        ws.write_number(r, c, *x)?;
                    }
                    Cell::Flag(b) => {
                        ws.write_boolean(r, c, *b)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

fn excel_column(c: usize) -> Result<u16, TableError> {
    u16::try_from(c)
        .map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)
        .map_err(TableError::from)
}

fn excel_row(r: usize) -> Result<u32, TableError> {
    u32::try_from(r)
        .map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)
        .map_err(TableError::from)
}

/// The table in `format`; `sheet` names the Excel sheet.
pub fn table_bytes(
    df: &DataFrame,
    format: TableFormat,
    sheet: &str,
) -> Result<Vec<u8>, TableError> {
    match format {
        TableFormat::Csv => Ok(csv_text(df)?.into_bytes()),
        TableFormat::Parquet => parquet_bytes(df),
        TableFormat::Excel => excel_bytes(df, sheet),
    }
}

/// Saves the table atomically at `path`, in the format its extension asks for.
pub fn write_table(df: &DataFrame, path: &Path, sheet: &str) -> Result<(), TableError> {
    let bytes = table_bytes(df, TableFormat::of_path(path), sheet)?;
    super::save_atomic(path, &bytes).map_err(|source| TableError::Save {
        path: super::display_name(path),
        source,
    })
}

#[cfg(test)]
mod tests {
    use polars::prelude::Column;

    use super::*;

    fn sample() -> DataFrame {
        DataFrame::new(
            3,
            vec![
                Column::new("id".into(), ["a", "b,c", "d\"e"]),
                Column::new("n".into(), [Some(1i64), None, Some(-3)]),
                Column::new("x".into(), [Some(0.0f64), Some(0.1 + 0.2), None]),
                Column::new("flag".into(), [true, false, true]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn csv_formats_numbers_as_kith_does_and_quotes_as_needed() {
        let text = csv_text(&sample()).unwrap();
        assert_eq!(
            text,
            "id,n,x,flag\na,1,0,true\n\"b,c\",,0.30000000000000004,false\n\"d\"\"e\",-3,,true\n"
        );
    }

    #[test]
    fn the_format_follows_the_extension() {
        let of = |p: &str| TableFormat::of_path(Path::new(p));
        assert_eq!(of("m.parquet"), TableFormat::Parquet);
        assert_eq!(of("m.XLSX"), TableFormat::Excel);
        assert_eq!(of("m.csv"), TableFormat::Csv);
        assert_eq!(of("metrics"), TableFormat::Csv);
    }

    #[test]
    fn excel_and_parquet_are_written() {
        let df = sample();
        let xlsx = excel_bytes(&df, "metrics").unwrap();
        assert_eq!(&xlsx[..2], b"PK");
        let parquet = parquet_bytes(&df).unwrap();
        assert_eq!(&parquet[..4], b"PAR1");
    }
}

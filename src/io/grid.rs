//! Tables of cells from delimited text (CSV, TSV, `;`, `|`) or a spreadsheet's first sheet,
//! each row remembering the line or row number it came from so errors can name it.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader};
use polars::prelude::{
    Column, CsvReadOptions, DataFrame, DataType, Field, IntoColumn, PolarsError, Schema, SerReader,
    StringChunked,
};

use super::ImportError;
use super::text::{decode, sniff_delimiter};
use crate::model::attribute_format_number;

/// One non-blank row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// 1-based line (text) or row (spreadsheet) number in the file.
    pub line: usize,
    /// The cells, trimmed of surrounding white space.
    pub cells: Vec<String>,
}

/// A table read from a file; blank rows are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The file name used in error messages (with the sheet for spreadsheets).
    pub file: String,
    /// Non-blank rows in file order.
    pub rows: Vec<GridRow>,
    /// True when read from delimited text, where a short row is a mistake rather than
    /// trailing blank cells.
    pub from_text: bool,
}

impl Grid {
    /// An error at a cell (1-based column).
    pub fn error_at(
        &self,
        row: &GridRow,
        column: usize,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError::at(&self.file, row.line, column, message)
    }

    /// An error on a row.
    pub fn error_line(&self, row: &GridRow, message: impl Into<String>) -> ImportError {
        ImportError::line(&self.file, row.line, message)
    }

    /// Checks that no row has more cells than the header (and, for text, no fewer), naming
    /// the first row that does not fit.
    pub fn check_width(&self, width: usize) -> Result<(), ImportError> {
        for row in self.rows.iter().skip(1) {
            let n = row.cells.len();
            let extra_blank = row.cells.iter().skip(width).all(|c| c.is_empty());
            if (n > width && !extra_blank) || (self.from_text && n < width) {
                return Err(self.error_line(row, format!("{n} cells, the header has {width}")));
            }
        }
        Ok(())
    }
}

/// The column of [`Grid::frame`] holding each row's line number in the file.
pub const LINE: &str = "line";

impl Grid {
    /// The rows below the header as a polars DataFrame: [`LINE`] (the row's line in the file)
    /// first, then one text column per cell position, named after the header cell (made
    /// unique, `column_N` where the header is blank or short). A cell past the end of a short
    /// row is null, a blank cell is "". Each column is built in one pass over the rows.
    pub fn frame(&self) -> Result<DataFrame, ImportError> {
        let width = self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let all: Vec<usize> = (0..width).collect();
        self.frame_of(&all)
    }

    /// [`Grid::frame`] with only the cells at the given positions (0-based, each once, in
    /// the order given) after the line: the columns a reader needs, built alone.
    pub fn frame_of(&self, positions: &[usize]) -> Result<DataFrame, ImportError> {
        let body = self.rows.get(1..).unwrap_or_default();
        let header = self.rows.first().map_or(&[][..], |h| &h.cells[..]);
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        taken.insert(LINE.to_string());
        let mut columns: Vec<Column> = Vec::with_capacity(positions.len() + 1);
        let lines: Vec<u32> = body.iter().map(|r| r.line as u32).collect();
        columns.push(Column::new(LINE.into(), lines));
        for &p in positions {
            let mut name = header
                .get(p)
                .map(|h| h.trim())
                .filter(|h| !h.is_empty())
                .map_or_else(|| format!("column_{}", p + 1), str::to_string);
            if !taken.insert(name.clone()) {
                name = format!("{name}_{}", p + 1);
                taken.insert(name.clone());
            }
            let values: StringChunked = body
                .iter()
                .map(|r| r.cells.get(p).map(String::as_str))
                .collect();
            columns.push(values.with_name(name.into()).into_column());
        }
        DataFrame::new(body.len(), columns)
            .map_err(|e| ImportError::file(&self.file, format!("unreadable table: {e}")))
    }
}

/// Where one record of delimited text starts and how many cells it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    /// 1-based line the record starts on.
    line: usize,
    /// Cells in the record.
    width: usize,
    /// True for an empty line.
    empty: bool,
}

/// Splits text into records the way polars' CSV reader does (a cell is quoted when it
/// starts with a quote; inside it every quote toggles), noting each record's first line
/// and width, which the reader does not report: quoted cells may span lines. The flag says
/// whether the quoting is plain: no quote inside an unquoted cell, nothing but a delimiter
/// or a line end after a closing quote, and no quote left open. Only then do polars and the
/// csv crate read the text alike.
fn records(text: &[u8], delimiter: u8) -> (Vec<Record>, bool) {
    let mut out = Vec::new();
    let mut plain = true;
    let mut pos = 0;
    let mut line = 1;
    while pos < text.len() {
        let start_line = line;
        let empty = text[pos] == b'\n';
        let mut width = 0;
        loop {
            width += 1;
            let mut quoted = false;
            let starts_quoted = text.get(pos) == Some(&b'"');
            let mut end = None;
            while pos < text.len() {
                let c = text[pos];
                if c == b'"' {
                    if starts_quoted {
                        quoted = !quoted;
                    } else {
                        plain = false;
                    }
                }
                if !quoted && (c == delimiter || c == b'\n') {
                    end = Some(c);
                    break;
                }
                if starts_quoted && !quoted && c != b'"' {
                    plain = false;
                }
                if c == b'\n' {
                    line += 1;
                }
                pos += 1;
            }
            plain &= !quoted;
            match end {
                Some(c) if c == delimiter => pos += 1,
                Some(_) => {
                    pos += 1;
                    line += 1;
                    break;
                }
                None => break,
            }
        }
        out.push(Record {
            line: start_line,
            width,
            empty,
        });
    }
    (out, plain)
}

/// Text whose quoting is not plain (see [`records`]), read by the csv crate, which reads a
/// stray quote as part of the cell, and written back as plain CSV for polars' reader, with
/// each record's first line and width in the original text.
fn replain(file: &str, text: &str, delimiter: u8) -> Result<(String, Vec<Record>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // The csv reader notes where a record starts before it skips blank lines, so the line
    // is found from the byte offset instead.
    let bytes = text.as_bytes();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line_of = |pos: Option<&csv::Position>| {
        let mut b = pos.map_or(0, |p| p.byte() as usize);
        while bytes.get(b) == Some(&b'\n') {
            b += 1;
        }
        line_starts.partition_point(|&s| s <= b)
    };
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                records.push(Record {
                    line: line_of(record.position()),
                    width: record.len(),
                    empty: false,
                });
                writer
                    .write_record(&record)
                    .map_err(|e| ImportError::file(file, format!("unreadable text: {e}")))?;
            }
            Err(e) => {
                let line = line_of(e.position());
                return Err(ImportError::line(
                    file,
                    line,
                    format!("unreadable text: {e}"),
                ));
            }
        }
    }
    let plain = writer
        .into_inner()
        .map_err(|e| ImportError::file(file, format!("unreadable text: {e}")))?;
    let plain = String::from_utf8(plain)
        .map_err(|e| ImportError::file(file, format!("unreadable text: {e}")))?;
    Ok((plain, records))
}

/// Reads delimited text, guessing the delimiter and the encoding, through polars' CSV
/// reader: every cell is read as text, and each row keeps the line it starts on.
pub fn read_delimited(file: &str, bytes: &[u8]) -> Result<Grid, ImportError> {
    // Line endings become `\n` first, so that a record's line is found by counting `\n`
    // and lone `\r` (old Mac exports) ends lines too.
    let text = decode(bytes).replace("\r\n", "\n").replace('\r', "\n");
    let delimiter = sniff_delimiter(&text);
    let (records, plain) = records(text.as_bytes(), delimiter);
    let (text, records) = if plain {
        (text, records)
    } else {
        replain(file, &text, delimiter)?
    };
    let width = records.iter().map(|r| r.width).max().unwrap_or(0);
    if width == 0 {
        return Ok(Grid {
            file: file.to_string(),
            rows: Vec::new(),
            from_text: true,
        });
    }
    let unreadable = |e: PolarsError| ImportError::file(file, format!("unreadable text: {e}"));
    let schema: Schema = (1..=width)
        .map(|i| Field::new(format!("column_{i}").into(), DataType::String))
        .collect();
    let frame = CsvReadOptions::default()
        .with_has_header(false)
        .with_schema(Some(Arc::new(schema)))
        .with_raise_if_empty(false)
        // Survey and attribute files are small: one thread reads them sooner than several
        // splitting them into chunks, and leaves the cores to the work that follows.
        .with_n_threads(Some(1))
        .with_rechunk(true)
        .map_parse_options(|o| {
            o.with_separator(delimiter)
                .with_quote_char(Some(b'"'))
                .with_missing_is_null(false)
        })
        .into_reader_with_file_handle(Cursor::new(text.as_bytes()))
        .finish()
        .map_err(unreadable)?;
    let records: Vec<Record> = if frame.height() == records.len() {
        records
    } else {
        records.into_iter().filter(|r| !r.empty).collect()
    };
    if frame.height() != records.len() {
        return Err(ImportError::file(
            file,
            format!(
                "unreadable text: {} records, the reader found {}",
                records.len(),
                frame.height()
            ),
        ));
    }
    let columns: Vec<&StringChunked> = frame
        .columns()
        .iter()
        .map(|c| c.str())
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    // Cells are taken column by column, each column walked once in order.
    let mut cells: Vec<Vec<String>> = records
        .iter()
        .map(|r| Vec::with_capacity(r.width))
        .collect();
    for (p, column) in columns.iter().enumerate() {
        for ((row, record), value) in cells.iter_mut().zip(&records).zip(column.iter()) {
            if p < record.width {
                row.push(value.unwrap_or("").trim().to_string());
            }
        }
    }
    let rows: Vec<GridRow> = records
        .iter()
        .zip(cells)
        .filter(|(_, cells)| !cells.iter().all(String::is_empty))
        .map(|(record, cells)| GridRow {
            line: record.line,
            cells,
        })
        .collect();
    Ok(Grid {
        file: file.to_string(),
        rows,
        from_text: true,
    })
}

/// Reads the first sheet of an XLSX, XLS, XLSB or ODS workbook.
pub fn read_spreadsheet(file: &str, bytes: &[u8]) -> Result<Grid, ImportError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| ImportError::file(file, format!("not a readable spreadsheet: {e}")))?;
    let sheet = book.sheet_names().first().cloned().unwrap_or_default();
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => {
            return Err(ImportError::file(
                file,
                format!("sheet \"{sheet}\" is unreadable: {e}"),
            ));
        }
        None => return Err(ImportError::file(file, "the workbook has no sheets")),
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let named = format!("{file} [{sheet}]");
    let mut rows = Vec::new();
    for (r, cells) in range.rows().enumerate() {
        // Leading empty columns before the used range are kept as blank cells so that a
        // column number in an error matches the spreadsheet's.
        let mut out: Vec<String> = vec![String::new(); col0 as usize];
        out.extend(cells.iter().map(cell_text));
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        if out.is_empty() {
            continue;
        }
        rows.push(GridRow {
            line: row0 as usize + r + 1,
            cells: out,
        });
    }
    Ok(Grid {
        file: named,
        rows,
        from_text: false,
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => attribute_format_number(*x),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("#{e}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crlf_semicolons_quotes_and_bom() {
        let g = read_delimited(
            "x.csv",
            b"\xEF\xBB\xBFa;b;c\r\n\"x;y\";2; 3 \r\n\r\n4;5;6\r\n",
        )
        .unwrap();
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.rows[0].cells, vec!["a", "b", "c"]);
        assert_eq!(g.rows[1].cells, vec!["x;y", "2", "3"]);
        assert_eq!(
            g.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
    }

    #[test]
    fn short_rows_are_reported_with_their_line() {
        let g = read_delimited("survey.csv", b"a,b,c,d\n1,2,3,4\n1,2\n").unwrap();
        let e = g.check_width(4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "survey.csv line 3: 2 cells, the header has 4"
        );
    }

    #[test]
    fn garbage_is_not_a_spreadsheet() {
        let e = read_spreadsheet("x.xlsx", b"not a zip").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.xlsx: not a readable spreadsheet")
        );
    }

    #[test]
    fn quoted_cells_over_lines_keep_the_next_rows_lines() {
        let g = read_delimited(
            "x.csv",
            b"id,note,n\n1,\"two\nlines\",2\n\n\n2,\"a \"\"b\"\", c\",3\n3,x\n",
        )
        .unwrap();
        assert_eq!(
            g.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 2, 6, 7]
        );
        assert_eq!(g.rows[1].cells, vec!["1", "two\nlines", "2"]);
        assert_eq!(g.rows[2].cells, vec!["2", "a \"b\", c", "3"]);
        assert_eq!(g.rows[3].cells, vec!["3", "x"]);
    }

    #[test]
    fn long_rows_keep_their_cells() {
        let g = read_delimited("x.csv", b"a,b\n1,2\n1,2,3,\n").unwrap();
        assert_eq!(g.rows[2].cells, vec!["1", "2", "3", ""]);
        assert_eq!(
            g.check_width(2).unwrap_err().to_string(),
            "x.csv line 3: 4 cells, the header has 2"
        );
    }

    #[test]
    fn the_frame_holds_the_body_with_lines_and_nulls_past_short_rows() {
        let g = read_delimited("x.csv", b"id,,id\nR1,a,\n\nR2\n").unwrap();
        let f = g.frame().unwrap();
        assert_eq!(
            f.get_column_names()
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>(),
            vec![LINE, "id", "column_2", "id_3"]
        );
        let lines: Vec<u32> = f
            .column(LINE)
            .unwrap()
            .u32()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect();
        assert_eq!(lines, vec![2, 4]);
        let third: Vec<Option<&str>> = f.column("id_3").unwrap().str().unwrap().iter().collect();
        assert_eq!(third, vec![Some(""), None]);
    }

    #[test]
    fn stray_quotes_are_part_of_the_cell() {
        let g = read_delimited(
            "x.csv",
            b"id,name\nR1,Ann 5\" Lee\n\nR2,\"Bob\"by\nR3,\"Cy\nDee\n",
        )
        .unwrap();
        assert_eq!(
            g.rows
                .iter()
                .map(|r| (r.line, r.cells.clone()))
                .collect::<Vec<_>>(),
            vec![
                (1, vec!["id".to_string(), "name".to_string()]),
                (2, vec!["R1".to_string(), "Ann 5\" Lee".to_string()]),
                (4, vec!["R2".to_string(), "Bobby".to_string()]),
                (5, vec!["R3".to_string(), "Cy\nDee".to_string()]),
            ]
        );
    }
}

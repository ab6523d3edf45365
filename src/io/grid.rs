//! Tables of cells from delimited text (CSV, TSV, `;`, `|`) or a spreadsheet's first sheet,
//! each row remembering the line or row number it came from so errors can name it.

use std::io::Cursor;

use calamine::{Data, Reader};

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

/// Reads delimited text, guessing the delimiter and the encoding.
pub fn read_delimited(file: &str, bytes: &[u8]) -> Result<Grid, ImportError> {
    // Line endings become `\n` first: with `\r\n` the csv reader counts each record's
    // line one short, and lone `\r` (old Mac exports) would not end lines at all.
    let text = decode(bytes).replace("\r\n", "\n").replace('\r', "\n");
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // The csv reader notes where a record starts before it skips blank lines, so its line
    // numbers run short after a blank line; the line is found from the byte offset instead.
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
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = line_of(record.position());
                let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                rows.push(GridRow { line, cells });
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
}

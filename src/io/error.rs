//! The error every reader returns: what went wrong, in which file, on which line and column.

use std::fmt;

/// A problem reading or writing a file, naming the file and, where it applies, the line
/// (or spreadsheet row) and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file's name as the user gave it.
    pub file: String,
    /// 1-based line in a text file, or row in a spreadsheet.
    pub line: Option<usize>,
    /// 1-based column (a cell number in delimited text, a character position otherwise).
    pub column: Option<usize>,
    /// What was found and what was expected, as a sentence for the user.
    pub message: String,
}

impl ImportError {
    /// An error about the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error on one line.
    pub fn line(file: &str, line: usize, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// An error in one cell or at one character.
    pub fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " line {l}, column {c}")?,
            (Some(l), None) => write!(f, " line {l}")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_line_and_column() {
        let e = ImportError::at("survey.csv", 12, 7, "\"yes please\" is not a number");
        assert_eq!(
            e.to_string(),
            "survey.csv line 12, column 7: \"yes please\" is not a number"
        );
        let e = ImportError::line("survey.csv", 3, "2 cells, the header has 4");
        assert_eq!(
            e.to_string(),
            "survey.csv line 3: 2 cells, the header has 4"
        );
    }
}

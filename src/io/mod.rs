//! Reading and writing network files.
//!
//! Each format has a module with `read(&Input, &ReadOptions) -> Result<Study, ImportError>`
//! and, for the interchange formats, `write(&Study) -> Written`. [`read_path`] picks the
//! reader from the file's extension and content; [`write_path`] picks the writer from the
//! extension and saves atomically.

pub mod attributes;
pub mod dl;
pub mod edgelist;
mod error;
pub mod gexf;
pub mod graphml;
/// Text as XML holds it (every XML file Kith writes escapes through this).
pub(crate) use graphml::xml::escape as xml_escape;
pub mod grid;
pub mod matrix;
pub mod pajek;
pub mod table;
pub mod text;

#[cfg(test)]
pub(crate) mod test_support;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use error::ImportError;

use crate::model::Study;

/// A file's name (for messages) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name used in error messages, usually the file name as given.
    pub name: &'a str,
    /// The whole file.
    pub bytes: &'a [u8],
}

/// Choices the user makes when reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Treat an edge list as directed (source nominates target). Matrices decide by symmetry.
    pub directed: bool,
    /// Read a matrix as a two-mode incidence matrix: rows are people, columns are groups,
    /// events or places.
    pub two_mode: bool,
    /// Read as this format instead of guessing from the extension and content.
    pub format: Option<Format>,
}

/// A network as read, with sentences for the user about what the reader did that the file
/// did not say outright (a line skipped, labels matched without regard to case).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// The network.
    pub study: Study,
    /// Sentences for the user, naming the file and where it applies the line.
    pub notes: Vec<String>,
}

/// What a writer produced, and what the format could not hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Sentences for the user about what was left out (e.g. attributes in Pajek).
    pub notes: Vec<String>,
}

/// The file formats Kith reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Adjacency matrix as delimited text: labels in the first row and column.
    Matrix,
    /// Adjacency or incidence matrix in a spreadsheet (XLSX, XLS, XLSB, ODS).
    Spreadsheet,
    /// Edge list as delimited text: `source,target[,weight][,relation][,wave]`.
    EdgeList,
    /// Node table as delimited text: `id,label,kind,attributes...` (written beside an edge
    /// list).
    NodeTable,
    /// UCINET DL.
    Dl,
    /// Pajek `.net`.
    Pajek,
    /// GraphML.
    GraphMl,
    /// GEXF 1.2 / 1.3.
    Gexf,
}

impl Format {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Matrix => "adjacency matrix",
            Format::Spreadsheet => "spreadsheet matrix",
            Format::EdgeList => "CSV edge list",
            Format::NodeTable => "CSV node table",
            Format::Dl => "UCINET DL",
            Format::Pajek => "Pajek",
            Format::GraphMl => "GraphML",
            Format::Gexf => "GEXF",
        }
    }

    /// The format to write for a file name, from its extension.
    pub fn for_writing(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".nodes.csv") {
            return Some(Format::NodeTable);
        }
        match extension(path).as_str() {
            "graphml" => Some(Format::GraphMl),
            "gexf" => Some(Format::Gexf),
            "net" | "paj" => Some(Format::Pajek),
            "dl" => Some(Format::Dl),
            "csv" | "tsv" | "txt" => Some(Format::EdgeList),
            _ => None,
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Guesses a file's format from its extension, then from its first bytes.
pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
    match extension(path).as_str() {
        "graphml" => return Some(Format::GraphMl),
        "gexf" => return Some(Format::Gexf),
        "net" | "paj" => return Some(Format::Pajek),
        "dl" => return Some(Format::Dl),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => return Some(Format::Spreadsheet),
        _ => {}
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Some(Format::Spreadsheet);
    }
    let head = text::decode(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let start = head.trim_start();
    if start.starts_with("dl ") || start.starts_with("dl\n") || start.starts_with("dl\r") {
        return Some(Format::Dl);
    }
    if start.starts_with("*vertices") || start.starts_with("*network") || start.starts_with('%') {
        return Some(Format::Pajek);
    }
    if start.starts_with('<') {
        if head.contains("<graphml") {
            return Some(Format::GraphMl);
        }
        if head.contains("<gexf") {
            return Some(Format::Gexf);
        }
    }
    // Delimited text: matrix or edge list is decided from the header by `read_table`.
    None
}

/// Reads a network from bytes, choosing the reader by `path`'s extension and the content.
/// (To open a study for analysis, with its wellbeing scales scored, see
/// [`crate::survey::open`].)
pub fn read(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Study, ImportError> {
    read_noted(path, bytes, opts).map(|i| i.study)
}

/// [`read`], keeping the notes the reader made about the file.
pub fn read_noted(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Imported, ImportError> {
    let name = display_name(path);
    let src = Input { name: &name, bytes };
    let format = opts.format.or_else(|| detect(path, bytes));
    let mut notes = Vec::new();
    let mut study = match format {
        Some(Format::GraphMl) => graphml::read(&src, opts)?,
        Some(Format::Gexf) => gexf::read(&src, opts)?,
        Some(Format::Pajek) => pajek::read_noted(&src, opts, &mut notes)?,
        Some(Format::Dl) => dl::read_noted(&src, opts, &mut notes)?,
        Some(Format::Spreadsheet) => read_table(&grid::read_spreadsheet(&name, bytes)?, opts)?,
        Some(Format::Matrix) => matrix::read_grid(&grid::read_delimited(&name, bytes)?, opts)?,
        Some(Format::EdgeList) => edgelist::read_grid(&grid::read_delimited(&name, bytes)?, opts)?,
        Some(Format::NodeTable) => {
            let mut study = Study::new(opts.directed);
            attributes::apply_node_table(&mut study, &grid::read_delimited(&name, bytes)?)?;
            study
        }
        None => read_table(&grid::read_delimited(&name, bytes)?, opts)?,
    };
    if study.name.is_empty() {
        study.name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    Ok(Imported { study, notes })
}

/// Reads a table that is either an edge list or a matrix, deciding from its header.
fn read_table(grid: &grid::Grid, opts: &ReadOptions) -> Result<Study, ImportError> {
    if opts.two_mode {
        return matrix::read_grid(grid, opts);
    }
    if edgelist::looks_like_edge_list(grid) {
        return edgelist::read_grid(grid, opts);
    }
    if matrix::looks_like_matrix(grid) {
        return matrix::read_grid(grid, opts);
    }
    Err(ImportError::file(
        &grid.file,
        "this table is neither an edge list nor an adjacency matrix: an edge list needs a \
         header with source and target columns (or from/to, ego/alter); a matrix needs the \
         same labels in its first row and first column (use --two-mode for an incidence \
         matrix of people by groups)",
    ))
}

/// Reads a network file from disk. For a CSV edge list `x.csv`, a node table `x.nodes.csv`
/// beside it (as [`write_path`] makes) is read too, so isolates and attributes survive.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Study, ImportError> {
    read_path_noted(path, opts).map(|i| i.study)
}

/// [`read_path`], keeping the notes the reader made about the file.
pub fn read_path_noted(path: &Path, opts: &ReadOptions) -> Result<Imported, ImportError> {
    let bytes = fs::read(path)
        .map_err(|e| ImportError::file(&display_name(path), format!("cannot be read: {e}")))?;
    let mut imported = read_noted(path, &bytes, opts)?;
    if let Some(nodes) = node_table_beside(path) {
        let is_edge_list =
            opts.format.is_none_or(|f| f == Format::EdgeList) && detect(path, &bytes).is_none();
        if is_edge_list && nodes.exists() {
            let node_bytes = fs::read(&nodes).map_err(|e| {
                ImportError::file(&display_name(&nodes), format!("cannot be read: {e}"))
            })?;
            let grid = grid::read_delimited(&display_name(&nodes), &node_bytes)?;
            attributes::apply_node_table(&mut imported.study, &grid)?;
        }
    }
    Ok(imported)
}

/// Where the node table of an edge list file lives: `x.csv` -> `x.nodes.csv`.
pub fn node_table_beside(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let lower = name.to_lowercase();
    if lower.ends_with(".nodes.csv") {
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    Some(path.with_file_name(format!("{stem}.nodes.csv")))
}

/// Why a network file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file name's extension names no format Kith writes.
    #[error(
        "{0}: unknown output format; use .graphml, .gexf, .net, .dl, .csv (edge list) or \
         .nodes.csv (node table)"
    )]
    UnknownFormat(String),
    /// A format Kith reads but does not write.
    #[error("writing matrices is not supported; write .dl for a UCINET matrix")]
    NotWritten,
    /// The file system refused the file.
    #[error("{file}: cannot be written: {reason}")]
    Io {
        /// The file, as shown to the user.
        file: String,
        /// What the system said (in the message, so not repeated as a cause).
        reason: std::io::Error,
    },
}

/// Writes `study` in the format `format`.
pub fn write(study: &Study, format: Format) -> Result<Written, WriteError> {
    match format {
        Format::GraphMl => Ok(graphml::write(study)),
        Format::Gexf => Ok(gexf::write(study)),
        Format::Pajek => Ok(pajek::write(study)),
        Format::Dl => Ok(dl::write(study)),
        Format::EdgeList => Ok(edgelist::write(study)),
        Format::NodeTable => Ok(attributes::write_node_table(study)),
        Format::Matrix | Format::Spreadsheet => Err(WriteError::NotWritten),
    }
}

/// Writes `study` to `path` in the format its extension names, atomically. A CSV edge list
/// also gets its node table beside it (`x.nodes.csv`). Returns the notes of what the format
/// could not hold and the files written.
pub fn write_path(study: &Study, path: &Path) -> Result<(Vec<String>, Vec<PathBuf>), WriteError> {
    let format =
        Format::for_writing(path).ok_or_else(|| WriteError::UnknownFormat(display_name(path)))?;
    let written = write(study, format)?;
    save_atomic(path, &written.bytes).map_err(|reason| WriteError::Io {
        file: display_name(path),
        reason,
    })?;
    let mut files = vec![path.to_path_buf()];
    let mut notes = written.notes;
    if format == Format::EdgeList
        && let Some(nodes) = node_table_beside(path)
    {
        let table = attributes::write_node_table(study);
        save_atomic(&nodes, &table.bytes).map_err(|reason| WriteError::Io {
            file: display_name(&nodes),
            reason,
        })?;
        files.push(nodes);
        notes.extend(table.notes);
    }
    Ok((notes, files))
}

/// Saves a file so that a crash leaves either the old or the new file, never half of one:
/// write beside it, flush to disk, then rename over it.
pub fn save_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    save_atomic_with(path, bytes, &mut |w, b| w.write_all(b))
}

/// The step of [`save_atomic_with`] that writes the bytes into the temporary file.
pub type WriteStep<'a> = dyn FnMut(&mut dyn Write, &[u8]) -> std::io::Result<()> + 'a;

/// [`save_atomic`] with the writing step given, so tests can make it fail part-way: `write`
/// gets the temporary file beside `path` and the bytes. When anything fails the temporary
/// file is removed and `path` is left as it was.
pub fn save_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: &mut WriteStep<'_>,
) -> std::io::Result<()> {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a named pipe) is written into:
    // renaming a file over it would replace the device with a plain file.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut f = fs::OpenOptions::new().write(true).open(path)?;
        return write(&mut f, bytes);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(temp_name(path, std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        write(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // The rename itself reaches the disk when the directory is flushed; where a
        // directory cannot be opened as a file (Windows) the rename is already durable.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The name of the temporary file [`save_atomic`] writes beside `path` in process `pid`:
/// `.NAME.PID.tmp`, hidden, so a crash mid-save leaves nothing that looks like a study.
pub fn temp_name(path: &Path, pid: u32) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.{pid}.tmp")
}

/// The name of a file as shown in messages: as the user gave it.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn saving_to_a_device_writes_into_it_and_leaves_it_a_device() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        save_atomic(null, b"figure bytes").unwrap();
        assert!(fs::metadata(null).unwrap().file_type().is_char_device());
    }
}

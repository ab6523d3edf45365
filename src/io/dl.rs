//! UCINET DL files: a header (`dl n=16`, `format = …`, label lists) and then `data:` as a
//! full matrix, an edge list or a node list.
//!
//! Hand-written: no crate reads DL (igraph's reader, the best known elsewhere, takes
//! numeral labels for node numbers and cannot read valued full matrices), and the header's
//! free form needs messages that point at the line and column of a mistake.
//!
//! # Reading
//!
//! - **Header.** Keywords in any case, `=` with or without spaces, and commas, spaces or
//!   line breaks between items: `n=16`, or `nr=18, nc=14` for a two-mode (rectangular)
//!   network, `nm=3` for several matrices (relations); `format = fullmatrix | edgelist1 |
//!   nodelist1 | edgelist2 | nodelist2` (also `fm`, `el1`, `nl1`, `el2`, `nl2`; full
//!   matrix when absent; the `2` forms are the two-mode lists and need `nr=` and `nc=`);
//!   `diagonal = present | absent`, also without `=` as UCINET writes it (`format =
//!   fullmatrix diagonal present`); `labels:`, `row labels:`, `column labels:` (or `col
//!   labels:`) and `matrix labels:` or `level labels:` (UCINET's name) followed by labels,
//!   quoted when they hold spaces or commas, separated by commas, spaces or line breaks;
//!   `labels embedded` (or `row labels embedded`, `column labels embedded`), with or
//!   without a colon, on a line of its own or after other statements such as `format =`;
//!   and finally `data:`. A label list runs over lines until a line starts with a header
//!   keyword, so a label that is itself a keyword (`data`, `format`) must be quoted.
//! - **Labels and case.** UCINET matches labels without regard to case (it stores them in
//!   capitals), so a label in the data or in the column labels that differs from a listed
//!   one only in case names that node, with a note. A one-mode file may list both `row
//!   labels:` and `column labels:` (UCINET's export does); the row labels name the nodes
//!   and column labels that differ from them get a note.
//! - **fullmatrix.** `n` rows of `n` values (`nr` rows of `nc` in two-mode; `n - 1` per
//!   row with `diagonal = absent`). A row may wrap over several lines but must end at the
//!   end of a line. With labels embedded, the first row holds the column labels and every
//!   row starts with its own label. With `nm` matrices, they follow one another; each is a
//!   relation, named by `matrix labels:` (`level labels:`) or numbered from 1.
//! - **edgelist1.** `i j [weight]` lines; **nodelist1.** `ego alter alter …` lines (a line
//!   with only the ego keeps it as an isolate). Nodes are 1-based numbers, or labels when
//!   labels are embedded; a label from the labels list is also accepted in place of a
//!   number. When a pair is given twice, the last value wins, as in a matrix.
//! - **Nodes.** The labels are the node ids; without labels the ids are the numbers `"1"`,
//!   `"2"`, …. Every declared node exists, with or without ties. With embedded labels and no
//!   list, nodes come in the order the data first names them, and the data must name all
//!   `n`. In two-mode files rows are [`NodeKind::Respondent`] and columns
//!   [`NodeKind::Group`]; unlabelled columns are numbered on after the rows
//!   (`nr + 1`, …).
//! - **Direction.** A DL file describes a matrix, so every format follows the matrix rule:
//!   a symmetric matrix gives undirected ties, each pair once, and any other matrix gives
//!   arcs, unless the user asks for a directed network. Zero means no tie. Two-mode ties
//!   are undirected.
//!
//! # Writing
//!
//! See [`write`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use super::pajek::{Tok, dropped_notes, numbered_lines, pajek_text, split_line, vertex_names};
use super::{ImportError, Input, ReadOptions, Written};
use crate::io::text::decode;
use crate::model::{NodeId, NodeKind, RelationId, Study, Tie, Value, parse_number};

/// The most nodes (`n`, or `nr + nc`) a header may declare. Declared nodes exist even
/// without ties, so a one-line file could otherwise ask for billions of them.
pub const MAX_NODES: usize = 1_000_000;

/// The most matrices (`nm`) a header may declare: one relation each.
pub const MAX_MATRICES: usize = u16::MAX as usize;

fn separator(c: char) -> bool {
    c.is_whitespace() || c == ','
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataFormat {
    FullMatrix,
    EdgeList1,
    NodeList1,
    /// The two-mode edge list: rows and columns are different nodes.
    EdgeList2,
    /// The two-mode node list.
    NodeList2,
}

/// Which label list a header line is filling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Labels,
    Rows,
    Cols,
    Matrices,
}

/// A label list and the keyword that started it.
struct List<'a> {
    at: Tok<'a>,
    items: Vec<Tok<'a>>,
}

#[derive(Default)]
struct Header<'a> {
    n: Option<(usize, Tok<'a>)>,
    nr: Option<(usize, Tok<'a>)>,
    nc: Option<(usize, Tok<'a>)>,
    nm: Option<(usize, Tok<'a>)>,
    format: Option<(DataFormat, Tok<'a>)>,
    diagonal_absent: bool,
    embed_rows: bool,
    embed_cols: bool,
    labels: Option<List<'a>>,
    row_labels: Option<List<'a>>,
    col_labels: Option<List<'a>>,
    matrix_labels: Option<List<'a>>,
}

/// Reads a UCINET DL file. See the module documentation for the variants read and how node
/// ids and direction are decided.
pub fn read(src: &Input, opts: &ReadOptions) -> Result<Study, ImportError> {
    read_noted(src, opts, &mut Vec::new())
}

/// [`read`], adding to `notes` a sentence for each thing the file did not say outright:
/// labels matched without regard to case, column labels that differ from the row labels.
pub fn read_noted(
    src: &Input,
    opts: &ReadOptions,
    notes: &mut Vec<String>,
) -> Result<Study, ImportError> {
    let text = decode(src.bytes);
    let lines = numbered_lines(&text);
    let file = src.name;
    let (header, data) = read_header(file, &lines)?;
    let mut data_lines: Vec<Vec<Tok>> = Vec::new();
    for (line_no, line, from) in data {
        let toks = split_from(file, line, line_no, from)?;
        if !toks.is_empty() {
            data_lines.push(toks);
        }
    }
    let last_line = lines
        .iter()
        .rev()
        .find(|(_, l)| !l.trim().is_empty())
        .map_or(1, |(n, _)| *n);
    let mut net = Network::new(file, &header)?;
    match net.format {
        DataFormat::FullMatrix => net.full_matrix(&data_lines, last_line)?,
        DataFormat::EdgeList1 | DataFormat::EdgeList2 => net.edge_list(&data_lines)?,
        DataFormat::NodeList1 | DataFormat::NodeList2 => net.node_list(&data_lines)?,
    }
    net.into_study(&header, opts, notes)
}

/// Splits a line from the character column `from` (0-based) on, keeping true columns.
fn split_from<'a>(
    file: &str,
    line: &'a str,
    line_no: usize,
    from: usize,
) -> Result<Vec<Tok<'a>>, ImportError> {
    let byte = line.char_indices().nth(from).map_or(line.len(), |(b, _)| b);
    let rest = line.get(byte..).unwrap_or("");
    let mut toks = split_line(rest, line_no, separator).map_err(|col| {
        ImportError::at(
            file,
            line_no,
            col + from,
            "this quote is not closed on the same line",
        )
    })?;
    for t in &mut toks {
        t.col += from;
    }
    Ok(toks)
}

/// Splits header words further at `=` and before a trailing `:`, so that `n=16`,
/// `n = 16`, `labels:` and `labels :` read alike.
fn header_words<'a>(toks: &[Tok<'a>]) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    for t in toks {
        if t.quoted {
            out.push(*t);
            continue;
        }
        let mut start = 0;
        let mut start_col = t.col;
        for (i, (b, c)) in t.text.char_indices().enumerate() {
            if c == '=' || c == ':' {
                if b > start {
                    out.push(Tok {
                        text: t.text.get(start..b).unwrap_or(""),
                        col: start_col,
                        ..*t
                    });
                }
                out.push(Tok {
                    text: t.text.get(b..b + 1).unwrap_or(""),
                    col: t.col + i,
                    ..*t
                });
                start = b + 1;
                start_col = t.col + i + 1;
            }
        }
        if start < t.text.len() {
            out.push(Tok {
                text: t.text.get(start..).unwrap_or(""),
                col: start_col,
                ..*t
            });
        }
    }
    out
}

fn word_is(t: Option<&Tok>, words: &[&str]) -> bool {
    t.is_some_and(|t| !t.quoted && words.iter().any(|w| t.text.eq_ignore_ascii_case(w)))
}

const ROW_WORDS: [&str; 2] = ["row", "rows"];
const COL_WORDS: [&str; 4] = ["col", "cols", "column", "columns"];
const SIZE_WORDS: [&str; 6] = ["n", "nr", "nc", "nm", "format", "diagonal"];
const DIAGONAL_WORDS: [&str; 2] = ["present", "absent"];

/// True when a line (split into header words) starts a header statement, which ends a
/// label list.
fn starts_statement(words: &[Tok]) -> bool {
    let first = words.first();
    let second = words.get(1);
    (word_is(first, &SIZE_WORDS) && word_is(second, &["="]))
        || (word_is(first, &["diagonal"]) && word_is(second, &DIAGONAL_WORDS))
        || (word_is(first, &["data"]) && word_is(second, &[":"]))
        || (word_is(first, &["labels"]) && word_is(second, &[":", "embedded"]))
        || (word_is(first, &ROW_WORDS)
            || word_is(first, &COL_WORDS)
            || word_is(first, &["matrix", "level"]))
            && word_is(second, &["labels"])
}

/// Lines after the header: line number, text, and the character column the data starts at.
type DataLines<'a> = Vec<(usize, &'a str, usize)>;

/// Reads the header up to `data:`; returns it and the data lines, each with the character
/// column where its data starts (after `data:` on the `data:` line itself).
fn read_header<'a>(
    file: &str,
    lines: &[(usize, &'a str)],
) -> Result<(Header<'a>, DataLines<'a>), ImportError> {
    let mut h = Header::default();
    let mut list: Option<ListKind> = None;
    let mut seen_dl = false;
    for (k, &(line_no, line)) in lines.iter().enumerate() {
        let raw = split_from(file, line, line_no, 0)?;
        if raw.is_empty() {
            continue;
        }
        let words = header_words(&raw);
        if let Some(kind) = list {
            if !starts_statement(&words) {
                for t in &raw {
                    h.push_label(kind, *t);
                }
                continue;
            }
            list = None;
        }
        let mut i = 0;
        while let Some(&t) = words.get(i) {
            let at = |message: String| ImportError::at(file, t.line, t.col, message);
            if !seen_dl {
                if !word_is(Some(&t), &["dl"]) {
                    return Err(at(format!(
                        "a DL file starts with \"dl\", not \"{}\"",
                        t.text
                    )));
                }
                seen_dl = true;
                i += 1;
                continue;
            }
            let word = if t.quoted {
                String::new()
            } else {
                t.text.to_ascii_lowercase()
            };
            match word.as_str() {
                ":" => i += 1,
                // UCINET writes `diagonal present` without `=`, often after `format = …`.
                "diagonal" if word_is(words.get(i + 1), &DIAGONAL_WORDS) => {
                    h.diagonal_absent = word_is(words.get(i + 1), &["absent"]);
                    i += 2;
                }
                "n" | "nr" | "nc" | "nm" | "format" | "diagonal" => {
                    let value = expect_value(file, &words, i, line, line_no)?;
                    i += 3;
                    match word.as_str() {
                        "format" => h.format = Some((parse_format(file, &value)?, value)),
                        "diagonal" => {
                            h.diagonal_absent = match value.text.to_ascii_lowercase().as_str() {
                                "absent" => true,
                                "present" => false,
                                _ => {
                                    return Err(ImportError::at(
                                        file,
                                        value.line,
                                        value.col,
                                        format!(
                                            "diagonal = \"{}\": expected present or absent",
                                            value.text
                                        ),
                                    ));
                                }
                            }
                        }
                        _ => {
                            let n = parse_size(file, &word, &value)?;
                            let slot = match word.as_str() {
                                "n" => &mut h.n,
                                "nr" => &mut h.nr,
                                "nc" => &mut h.nc,
                                _ => &mut h.nm,
                            };
                            *slot = Some((n, t));
                        }
                    }
                }
                "labels" | "row" | "rows" | "col" | "cols" | "column" | "columns" | "matrix"
                | "level" => {
                    let kind = match word.as_str() {
                        "labels" => ListKind::Labels,
                        "row" | "rows" => ListKind::Rows,
                        "matrix" | "level" => ListKind::Matrices,
                        _ => ListKind::Cols,
                    };
                    let mut j = i + 1;
                    if kind != ListKind::Labels {
                        if !word_is(words.get(j), &["labels"]) {
                            return Err(at(format!("expected \"labels\" after \"{}\"", t.text)));
                        }
                        j += 1;
                    }
                    if word_is(words.get(j), &["embedded"]) && kind != ListKind::Matrices {
                        h.embed_rows |= kind != ListKind::Cols;
                        h.embed_cols |= kind != ListKind::Rows;
                        i = j + 1;
                        continue;
                    }
                    let Some(colon) = words.get(j).filter(|w| w.text == ":" && !w.quoted) else {
                        return Err(at(format!(
                            "expected \":\" and a list after \"{}\"",
                            t.text
                        )));
                    };
                    h.start_list(kind, t);
                    // The rest of the line, split without the header rules, starts the list.
                    for item in split_from(file, line, line_no, colon.col)? {
                        h.push_label(kind, item);
                    }
                    list = Some(kind);
                    break;
                }
                "data" => {
                    let Some(colon) = words.get(i + 1).filter(|w| w.text == ":" && !w.quoted)
                    else {
                        return Err(at("expected \"data:\"".to_string()));
                    };
                    let mut data = vec![(line_no, line, colon.col)];
                    data.extend(lines.iter().skip(k + 1).map(|&(n, l)| (n, l, 0)));
                    return Ok((h, data));
                }
                _ => {
                    return Err(at(format!(
                        "\"{}\" is not a DL header keyword (expected n=, nr=, nc=, nm=, format=, \
                         diagonal=, labels:, row labels:, column labels:, level labels:, labels \
                         embedded or data:)",
                        t.text
                    )));
                }
            }
        }
    }
    if !seen_dl {
        return Err(ImportError::file(
            file,
            "the file is empty: a DL file starts with \"dl n=…\"",
        ));
    }
    Err(ImportError::file(
        file,
        "no \"data:\" line: the header must end with \"data:\" and the data follow it",
    ))
}

/// The value after `word =` at `words[i]`.
fn expect_value<'a>(
    file: &str,
    words: &[Tok<'a>],
    i: usize,
    line: &str,
    line_no: usize,
) -> Result<Tok<'a>, ImportError> {
    let Some(word) = words.get(i) else {
        return Err(ImportError::line(
            file,
            line_no,
            "expected a header keyword",
        ));
    };
    let eq = words.get(i + 1).filter(|w| w.text == "=" && !w.quoted);
    match (eq, words.get(i + 2)) {
        (Some(_), Some(v)) => Ok(*v),
        _ => Err(ImportError::at(
            file,
            line_no,
            eq.map_or(word.end_col(), |e| e.end_col())
                .min(line.chars().count() + 1),
            format!("expected \"{0} = value\" after \"{0}\"", word.text),
        )),
    }
}

fn parse_format(file: &str, t: &Tok) -> Result<DataFormat, ImportError> {
    match t.text.to_ascii_lowercase().as_str() {
        "fullmatrix" | "fm" | "full" => Ok(DataFormat::FullMatrix),
        "edgelist1" | "el1" => Ok(DataFormat::EdgeList1),
        "nodelist1" | "nl1" => Ok(DataFormat::NodeList1),
        "edgelist2" | "el2" => Ok(DataFormat::EdgeList2),
        "nodelist2" | "nl2" => Ok(DataFormat::NodeList2),
        "lowerhalf" | "lh" | "upperhalf" | "uh" | "blockmatrix" | "edgearray1" | "ea1"
        | "linkedlist" => Err(ImportError::at(
            file,
            t.line,
            t.col,
            format!(
                "format = {} is not read by Kith yet (it reads fullmatrix, edgelist1, nodelist1, \
                 edgelist2 and nodelist2)",
                t.text
            ),
        )),
        _ => Err(ImportError::at(
            file,
            t.line,
            t.col,
            format!(
                "unknown format \"{}\" (expected fullmatrix, edgelist1, nodelist1, edgelist2 or \
                 nodelist2)",
                t.text
            ),
        )),
    }
}

fn parse_size(file: &str, word: &str, t: &Tok) -> Result<usize, ImportError> {
    let limit = if word == "nm" {
        MAX_MATRICES
    } else {
        MAX_NODES
    };
    let digits = !t.quoted && !t.text.is_empty() && t.text.bytes().all(|b| b.is_ascii_digit());
    if !digits {
        return Err(ImportError::at(
            file,
            t.line,
            t.col,
            format!("{word} = \"{}\" is not a whole number", t.text),
        ));
    }
    match t.text.parse::<usize>() {
        Ok(n) if n <= limit => Ok(n),
        _ => Err(ImportError::at(
            file,
            t.line,
            t.col,
            format!(
                "{word}={} is more than Kith reads (at most {limit})",
                t.text
            ),
        )),
    }
}

impl<'a> Header<'a> {
    fn list_mut(&mut self, kind: ListKind) -> &mut Option<List<'a>> {
        match kind {
            ListKind::Labels => &mut self.labels,
            ListKind::Rows => &mut self.row_labels,
            ListKind::Cols => &mut self.col_labels,
            ListKind::Matrices => &mut self.matrix_labels,
        }
    }

    fn start_list(&mut self, kind: ListKind, at: Tok<'a>) {
        *self.list_mut(kind) = Some(List {
            at,
            items: Vec::new(),
        });
    }

    fn push_label(&mut self, kind: ListKind, t: Tok<'a>) {
        if let Some(list) = self.list_mut(kind) {
            list.items.push(t);
        }
    }
}

/// The nodes along one side of the matrix: named by a list, by the data, or numbered.
struct Axis {
    size: usize,
    names: Vec<String>,
    index: HashMap<String, usize>,
    /// Names in lower case, to match labels without regard to case as UCINET does; `None`
    /// where two names differ only in case, so that neither is guessed.
    folded: HashMap<String, Option<usize>>,
    /// Labels matched only without regard to case: the text, the name and the line.
    case_matched: Vec<(String, String, usize)>,
    /// Where the names come from, for messages; `None` while the data may add names.
    fixed: Option<&'static str>,
    /// Whether the data names nodes by label rather than number.
    embedded: bool,
    /// Node index of this axis's first node (the number of rows, for two-mode columns).
    offset: usize,
}

impl Axis {
    fn new(size: usize, embedded: bool, offset: usize) -> Self {
        Axis {
            size,
            names: Vec::new(),
            index: HashMap::new(),
            folded: HashMap::new(),
            case_matched: Vec::new(),
            fixed: None,
            embedded,
            offset,
        }
    }

    /// Names the axis from a header list, which must hold exactly `size` distinct labels.
    fn from_list(
        file: &str,
        list: &[Tok],
        at: &Tok,
        size: usize,
        what: &str,
        embedded: bool,
        offset: usize,
    ) -> Result<Self, ImportError> {
        let mut axis = Axis::new(size, embedded, offset);
        for (i, t) in list.iter().enumerate() {
            if i == size {
                return Err(ImportError::at(
                    file,
                    t.line,
                    t.col,
                    format!("{what} but {} labels", list.len()),
                ));
            }
            axis.add(file, t, "in the labels list")?;
        }
        if list.len() < size {
            return Err(ImportError::at(
                file,
                at.line,
                at.col,
                format!("{what} but {} labels", list.len()),
            ));
        }
        axis.fixed = Some("the labels list");
        Ok(axis)
    }

    fn add(&mut self, file: &str, t: &Tok, place: &str) -> Result<usize, ImportError> {
        if t.text.is_empty() {
            return Err(ImportError::at(file, t.line, t.col, "a label is empty"));
        }
        if self.index.contains_key(t.text) {
            return Err(ImportError::at(
                file,
                t.line,
                t.col,
                format!("label \"{}\" appears twice {place}", t.text),
            ));
        }
        let i = self.names.len();
        self.names.push(t.text.to_string());
        self.index.insert(t.text.to_string(), i);
        self.folded
            .entry(t.text.to_lowercase())
            .and_modify(|e| *e = None)
            .or_insert(Some(i));
        Ok(i)
    }

    /// The position of a known name: exactly, or else without regard to case (recorded for
    /// a note) when only one name matches that way.
    fn lookup(&mut self, t: &Tok) -> Option<usize> {
        if let Some(&i) = self.index.get(t.text) {
            return Some(i);
        }
        let i = self.folded.get(&t.text.to_lowercase()).copied().flatten()?;
        let name = self.names.get(i).cloned().unwrap_or_default();
        self.case_matched.push((t.text.to_string(), name, t.line));
        Some(i)
    }

    /// The position of the node a data token names.
    fn resolve(&mut self, file: &str, t: &Tok) -> Result<usize, ImportError> {
        let at = |message: String| ImportError::at(file, t.line, t.col, message);
        if self.embedded {
            if let Some(i) = self.lookup(t) {
                return Ok(i);
            }
            if let Some(source) = self.fixed {
                return Err(at(format!("label \"{}\" is not in {source}", t.text)));
            }
            if self.names.len() >= self.size {
                return Err(at(format!(
                    "the header declares {} nodes, and \"{}\" would be one more",
                    self.size, t.text
                )));
            }
            return self.add(file, t, "");
        }
        let number = t.text.parse::<u64>().ok().filter(|_| !t.quoted);
        match number {
            Some(v) if v >= 1 && v <= self.size as u64 => Ok((v - 1) as usize),
            Some(v) => Err(at(format!("node {v} is not among the {} nodes", self.size))),
            None => match self.lookup(t) {
                Some(i) => Ok(i),
                None => Err(at(format!(
                    "\"{}\" is not a node number (write \"labels embedded\" in the header to name \
                     nodes by label)",
                    t.text
                ))),
            },
        }
    }
}

/// The network as the data fills it: axes and one sparse matrix per relation.
struct Network<'f> {
    file: &'f str,
    format: DataFormat,
    two_mode: bool,
    rows: Axis,
    /// Column axis of a two-mode network; one-mode networks use `rows` for both.
    cols: Option<Axis>,
    nm: usize,
    diagonal_absent: bool,
    /// Whether each full-matrix row starts with its label, and whether a row of column
    /// labels comes first (`row labels embedded`, `column labels embedded`, or both).
    embed_rows: bool,
    embed_cols: bool,
    matrices: Vec<BTreeMap<(u32, u32), f64>>,
    /// Sentences for the user about the header, such as column labels that differ from the
    /// row labels.
    notes: Vec<String>,
}

impl<'f> Network<'f> {
    fn new(file: &'f str, h: &Header) -> Result<Self, ImportError> {
        let format = h
            .format
            .as_ref()
            .map_or(DataFormat::FullMatrix, |(f, _)| *f);
        let nm = h.nm.as_ref().map_or(1, |(k, _)| *k);
        if let (Some((f, t)), None) = (&h.format, &h.nr)
            && matches!(f, DataFormat::EdgeList2 | DataFormat::NodeList2)
        {
            return Err(ImportError::at(
                file,
                t.line,
                t.col,
                format!(
                    "format = {} is a two-mode list: the header needs nr= and nc= (rows and \
                     columns are different nodes)",
                    t.text
                ),
            ));
        }
        if let (Some((k, t)), DataFormat::EdgeList1 | DataFormat::NodeList1) = (&h.nm, format)
            && *k != 1
        {
            return Err(ImportError::at(
                file,
                t.line,
                t.col,
                format!("nm={k}: several matrices are read only with format = fullmatrix"),
            ));
        }
        if let Some(list) = &h.matrix_labels
            && list.items.len() != nm
        {
            let at = list.items.get(nm).unwrap_or(&list.at);
            return Err(ImportError::at(
                file,
                at.line,
                at.col,
                format!("nm={nm} but {} matrix labels", list.items.len()),
            ));
        }
        let mut notes = Vec::new();
        let (rows, cols) = match (&h.n, &h.nr, &h.nc) {
            (Some((n, _)), None, None) => {
                let list = h
                    .labels
                    .as_ref()
                    .or(h.row_labels.as_ref())
                    .or(h.col_labels.as_ref());
                let embedded = h.embed_rows || h.embed_cols;
                let rows = match list {
                    Some(l) => {
                        Axis::from_list(file, &l.items, &l.at, *n, &format!("n={n}"), embedded, 0)?
                    }
                    None => Axis::new(*n, embedded, 0),
                };
                if let (Some(r), Some(c), None) = (&h.row_labels, &h.col_labels, &h.labels) {
                    compare_label_lists(file, r, c, &mut notes);
                }
                (rows, None)
            }
            (None, Some((nr, _)), Some((nc, t))) => {
                if nr + nc > MAX_NODES {
                    return Err(ImportError::at(
                        file,
                        t.line,
                        t.col,
                        format!(
                            "{} nodes is more than Kith reads (at most {MAX_NODES})",
                            nr + nc
                        ),
                    ));
                }
                let (row_list, col_list) = two_mode_lists(file, h, *nr, *nc)?;
                let rows = match row_list {
                    Some((items, at)) => {
                        Axis::from_list(file, items, at, *nr, &format!("nr={nr}"), h.embed_rows, 0)?
                    }
                    None => Axis::new(*nr, h.embed_rows, 0),
                };
                let cols = match col_list {
                    Some((items, at)) => Axis::from_list(
                        file,
                        items,
                        at,
                        *nc,
                        &format!("nc={nc}"),
                        h.embed_cols,
                        *nr,
                    )?,
                    None => Axis::new(*nc, h.embed_cols, *nr),
                };
                (rows, Some(cols))
            }
            (Some((_, t)), _, _) => {
                return Err(ImportError::at(
                    file,
                    t.line,
                    t.col,
                    "give either n= or nr= and nc=, not both",
                ));
            }
            (None, Some((_, t)), None) | (None, None, Some((_, t))) => {
                return Err(ImportError::at(
                    file,
                    t.line,
                    t.col,
                    "a two-mode header needs both nr= and nc=",
                ));
            }
            (None, None, None) => {
                return Err(ImportError::file(
                    file,
                    "the header has no n= (nor nr= and nc=): how many nodes?",
                ));
            }
        };
        Ok(Network {
            file,
            format,
            two_mode: cols.is_some(),
            rows,
            cols,
            nm,
            diagonal_absent: h.diagonal_absent,
            embed_rows: h.embed_rows,
            embed_cols: h.embed_cols,
            matrices: Vec::new(),
            notes,
        })
    }

    fn axis(&mut self, col: bool) -> &mut Axis {
        match (col, &mut self.cols) {
            (true, Some(c)) => c,
            _ => &mut self.rows,
        }
    }

    fn err(&self, t: &Tok, message: impl Into<String>) -> ImportError {
        ImportError::at(self.file, t.line, t.col, message)
    }

    fn value(&self, t: &Tok) -> Result<f64, ImportError> {
        parse_number(t.text).filter(|_| !t.quoted).ok_or_else(|| {
            self.err(
                t,
                format!(
                    "\"{}\" is not a tie value (expected a number such as 0, 1 or 2.5)",
                    t.text
                ),
            )
        })
    }

    fn set(&mut self, m: usize, row: usize, col: usize, w: f64) {
        while self.matrices.len() <= m {
            self.matrices.push(BTreeMap::new());
        }
        let Some(cells) = self.matrices.get_mut(m) else {
            return;
        };
        // Positions are below MAX_NODES, so they fit u32.
        let key = (row as u32, col as u32);
        if w == 0.0 {
            cells.remove(&key);
        } else {
            cells.insert(key, w);
        }
    }

    fn edge_list(&mut self, lines: &[Vec<Tok>]) -> Result<(), ImportError> {
        for toks in lines {
            let (Some(a), Some(b)) = (toks.first(), toks.get(1)) else {
                if let Some(a) = toks.first() {
                    return Err(ImportError::at(
                        self.file,
                        a.line,
                        a.end_col(),
                        "an edgelist1 line needs two nodes and an optional weight",
                    ));
                }
                continue;
            };
            if let Some(extra) = toks.get(3) {
                return Err(self.err(
                    extra,
                    format!(
                        "an edgelist1 line holds two nodes and an optional weight, found {} items",
                        toks.len()
                    ),
                ));
            }
            let file = self.file;
            let row = self.axis(false).resolve(file, a)?;
            let col = self.axis(true).resolve(file, b)?;
            let w = match toks.get(2) {
                Some(t) => self.value(t)?,
                None => 1.0,
            };
            self.set(0, row, col, w);
        }
        Ok(())
    }

    fn node_list(&mut self, lines: &[Vec<Tok>]) -> Result<(), ImportError> {
        let file = self.file;
        for toks in lines {
            let Some(ego) = toks.first() else { continue };
            let row = self.axis(false).resolve(file, ego)?;
            for t in toks.iter().skip(1) {
                let col = self.axis(true).resolve(file, t)?;
                self.set(0, row, col, 1.0);
            }
        }
        Ok(())
    }

    /// Reads `nm` matrices row by row. A row is made of whole lines: it may wrap, but a
    /// line may not hold the end of one row and the start of the next, which is how a
    /// short or long row is caught on its own line.
    fn full_matrix(&mut self, lines: &[Vec<Tok>], last_line: usize) -> Result<(), ImportError> {
        let nrows = self.rows.size;
        let ncols = self.cols.as_ref().map_or(self.rows.size, |c| c.size);
        let skip_diagonal = self.diagonal_absent && !self.two_mode;
        let row_len = if skip_diagonal {
            ncols.saturating_sub(1)
        } else {
            ncols
        };
        let embed_rows = self.embed_rows;
        let embed_cols = self.embed_cols;
        // Column positions of this matrix's values, from its label row when embedded.
        let mut col_map: Vec<usize> = Vec::new();
        let mut m = 0;
        let mut r = 0;
        let mut label_row_due = embed_cols;
        let mut seen_rows: HashMap<usize, usize> = HashMap::new();
        let mut row: Vec<Tok> = Vec::new();
        let nm = self.nm;
        let done = |m: usize| m >= nm || nrows == 0;
        let mut last_data = last_line;
        for toks in lines {
            for (k, t) in toks.iter().enumerate() {
                if done(m) {
                    return Err(self.err(
                        t,
                        format!(
                            "more data than the header declares ({}{nrows} rows of {row_len} values)",
                            if self.nm > 1 { format!("{} matrices of ", self.nm) } else { String::new() }
                        ),
                    ));
                }
                let need = if label_row_due {
                    ncols
                } else {
                    row_len + usize::from(embed_rows)
                };
                let label = usize::from(embed_rows && !label_row_due);
                row.push(*t);
                if row.len() < need {
                    continue;
                }
                if let Some(extra) = toks.get(k + 1) {
                    let before = row.len() - (k + 1);
                    let what = if label_row_due {
                        "column labels in the first row"
                    } else {
                        "values in this row"
                    };
                    let expected = need - label;
                    if before > 0 {
                        // The row began on an earlier line and was short.
                        let Some(end) = row.get(before - 1) else {
                            return Ok(());
                        };
                        return Err(ImportError::at(
                            self.file,
                            end.line,
                            end.end_col(),
                            format!("expected {expected} {what}, found {}", before - label),
                        ));
                    }
                    let found = toks.len() - label;
                    return Err(
                        self.err(extra, format!("expected {expected} {what}, found {found}"))
                    );
                }
                let complete = std::mem::take(&mut row);
                if label_row_due {
                    col_map.clear();
                    let file = self.file;
                    let mut here: HashSet<usize> = HashSet::new();
                    for t in &complete {
                        let c = self.axis(true).resolve(file, t)?;
                        if !here.insert(c) {
                            return Err(
                                self.err(t, format!("column label \"{}\" appears twice", t.text))
                            );
                        }
                        col_map.push(c);
                    }
                    if self.cols.is_none() {
                        // The column labels name every node: rows must use the same names.
                        self.rows.fixed.get_or_insert("the column labels");
                    } else if let Some(c) = self.cols.as_mut() {
                        c.fixed.get_or_insert("the column labels");
                    }
                    label_row_due = false;
                } else {
                    self.matrix_row(
                        m,
                        r,
                        &complete,
                        embed_rows,
                        embed_cols,
                        skip_diagonal,
                        &col_map,
                        &mut seen_rows,
                    )?;
                    r += 1;
                    if r == nrows {
                        m += 1;
                        r = 0;
                        seen_rows.clear();
                        label_row_due = embed_cols;
                    }
                }
                last_data = t.line;
            }
            if let Some(t) = toks.last() {
                last_data = t.line;
            }
            while !done(m) && !label_row_due && row_len + usize::from(embed_rows) == 0 {
                // Rows of nothing (n = 1 with the diagonal absent) need no line.
                r += 1;
                if r == nrows {
                    m += 1;
                    r = 0;
                }
            }
        }
        if let Some(end) = row.last() {
            let label = usize::from(embed_rows && !label_row_due);
            let (expected, what) = if label_row_due {
                (ncols, "column labels in the first row")
            } else {
                (row_len, "values in this row")
            };
            return Err(ImportError::at(
                self.file,
                end.line,
                end.end_col(),
                format!("expected {expected} {what}, found {}", row.len() - label),
            ));
        }
        if !done(m) && row_len + usize::from(embed_rows) > 0 {
            let which = if self.nm > 1 {
                format!("matrix {} of {}: ", m + 1, self.nm)
            } else {
                String::new()
            };
            return Err(ImportError::line(
                self.file,
                last_data,
                format!("{which}expected {nrows} rows, found {r}: the data ends here"),
            ));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn matrix_row(
        &mut self,
        m: usize,
        r: usize,
        toks: &[Tok],
        embed_rows: bool,
        embed_cols: bool,
        skip_diagonal: bool,
        col_map: &[usize],
        seen_rows: &mut HashMap<usize, usize>,
    ) -> Result<(), ImportError> {
        let (row, values) = if embed_rows {
            let Some((label, values)) = toks.split_first() else {
                return Ok(());
            };
            let file = self.file;
            let row = self.axis(false).resolve(file, label)?;
            if let Some(first) = seen_rows.insert(row, label.line) {
                return Err(self.err(
                    label,
                    format!(
                        "row \"{}\" appears twice in this matrix (first on line {first})",
                        label.text
                    ),
                ));
            }
            (row, values)
        } else {
            (r, toks)
        };
        for (j, t) in values.iter().enumerate() {
            let w = self.value(t)?;
            let col = if embed_cols {
                col_map.get(j).copied().unwrap_or(j)
            } else if skip_diagonal && j >= row {
                j + 1
            } else {
                j
            };
            self.set(m, row, col, w);
        }
        Ok(())
    }

    fn into_study(
        self,
        h: &Header,
        opts: &ReadOptions,
        notes: &mut Vec<String>,
    ) -> Result<Study, ImportError> {
        let file = self.file;
        notes.extend(self.notes.iter().cloned());
        let matched: Vec<&(String, String, usize)> = [Some(&self.rows), self.cols.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|a| a.case_matched.iter())
            .collect();
        if let Some((text, name, line)) = matched.first() {
            let count = matched.len();
            let labels = if count == 1 { "label" } else { "labels" };
            notes.push(format!(
                "{file}: {count} {labels} matched a label that differs only in case, as UCINET \
                 matches them (first: \"{text}\" on line {line} as \"{name}\")"
            ));
        }
        let mut study = Study::new(false);
        for axis in [Some(&self.rows), self.cols.as_ref()].into_iter().flatten() {
            if axis.embedded && axis.fixed.is_none() && axis.names.len() < axis.size {
                return Err(ImportError::file(
                    file,
                    format!(
                        "the header declares {} nodes but the data names only {}; list them all \
                         under \"labels:\" so that nodes without ties are kept",
                        axis.size,
                        axis.names.len()
                    ),
                ));
            }
        }
        let kinds = [(&self.rows, NodeKind::Respondent)]
            .into_iter()
            .chain(self.cols.as_ref().map(|c| (c, NodeKind::Group)));
        for (axis, kind) in kinds {
            for i in 0..axis.size {
                let name = axis
                    .names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| (axis.offset + i + 1).to_string());
                study.add_node(name.clone(), name.clone(), kind).map_err(|_| {
                    ImportError::file(
                        file,
                        format!("\"{name}\" names both a row and a column; the two modes need distinct labels"),
                    )
                })?;
            }
        }
        let relations = self.relations(h, &mut study)?;
        let offset = self.cols.as_ref().map_or(0, |c| c.offset) as u32;
        for (m, cells) in self.matrices.iter().enumerate() {
            let relation = relations.get(m).copied();
            let symmetric = cells
                .iter()
                .all(|(&(i, j), w)| cells.get(&(j, i)) == Some(w));
            let directed = !self.two_mode && (opts.directed || !symmetric);
            for (&(i, j), &w) in cells {
                if !self.two_mode && !directed && j < i {
                    continue;
                }
                let tie = Tie {
                    source: NodeId(i),
                    target: NodeId(j + offset),
                    weight: w,
                    relation,
                    wave: None,
                    directed,
                };
                // Positions were checked against the axes, so every tie is accepted.
                let _ = study.add_tie(tie);
                study.directed |= directed;
            }
        }
        study.directed |= opts.directed && !self.two_mode;
        Ok(study)
    }

    /// One relation per matrix when there are several or when they are named.
    fn relations(&self, h: &Header, study: &mut Study) -> Result<Vec<RelationId>, ImportError> {
        let file = self.file;
        let names: Vec<String> = match &h.matrix_labels {
            // The count was checked against nm before the data was read.
            Some(list) => list.items.iter().map(|t| t.text.to_string()).collect(),
            None if self.nm > 1 => (1..=self.nm).map(|k| k.to_string()).collect(),
            None => Vec::new(),
        };
        names
            .iter()
            .map(|name| {
                study
                    .relation(name)
                    .map_err(|e| ImportError::file(file, e.to_string()))
            })
            .collect()
    }
}

/// Notes where the column labels of a one-mode file differ from its row labels, which name
/// the nodes: only in case (as UCINET writes them, and matches them), or otherwise.
fn compare_label_lists(file: &str, rows: &List, cols: &List, notes: &mut Vec<String>) {
    let mut case_only = 0;
    let mut other: Option<(&Tok, &Tok)> = None;
    let mut other_count = 0;
    for (r, c) in rows.items.iter().zip(&cols.items) {
        if r.text == c.text {
            continue;
        }
        if r.text.to_lowercase() == c.text.to_lowercase() {
            case_only += 1;
        } else {
            other_count += 1;
            other.get_or_insert((r, c));
        }
    }
    if case_only > 0 {
        notes.push(format!(
            "{file} line {}: {case_only} column labels differ from the row labels only in case; \
             UCINET matches labels without regard to case, so they name the same nodes",
            cols.at.line
        ));
    }
    if let Some((r, c)) = other {
        notes.push(format!(
            "{file} line {}: {other_count} column labels differ from the row labels (first: \
             column \"{}\" where the row is \"{}\"); in a one-mode file the row labels name \
             the nodes",
            c.line, c.text, r.text
        ));
    }
    if cols.items.len() != rows.items.len() {
        notes.push(format!(
            "{file} line {}: {} column labels for {} row labels; the row labels name the nodes",
            cols.at.line,
            cols.items.len(),
            rows.items.len()
        ));
    }
}

/// A label list's labels and the keyword that started it, if the header has the list.
type LabelList<'h, 'a> = Option<(&'h [Tok<'a>], &'h Tok<'a>)>;

/// Row and column label lists of a two-mode header: `row labels:` and `column labels:`, or
/// one `labels:` list holding the rows and then the columns.
fn two_mode_lists<'h, 'a>(
    file: &str,
    h: &'h Header<'a>,
    nr: usize,
    nc: usize,
) -> Result<(LabelList<'h, 'a>, LabelList<'h, 'a>), ImportError> {
    let rows = h.row_labels.as_ref().map(|l| (l.items.as_slice(), &l.at));
    let cols = h.col_labels.as_ref().map(|l| (l.items.as_slice(), &l.at));
    let Some(both) = &h.labels else {
        return Ok((rows, cols));
    };
    if both.items.len() != nr + nc {
        return Err(ImportError::at(
            file,
            both.at.line,
            both.at.col,
            format!(
                "nr={nr} and nc={nc} but {} labels: in a two-mode file \"labels:\" lists the rows \
                 and then the columns (or use \"row labels:\" and \"column labels:\")",
                both.items.len()
            ),
        ));
    }
    let (r, c) = both.items.split_at(nr);
    Ok((rows.or(Some((r, &both.at))), cols.or(Some((c, &both.at)))))
}

/// Writes a UCINET DL file that reads back (in Kith or UCINET) to the same nodes and ties.
///
/// - Without relations: `dl n=N`, `format = edgelist1`, a `labels:` list with one label a
///   line (quoted when it holds spaces, commas, `=`, `:` or is a header word), then `data:`
///   and `i j weight` lines. An undirected tie is written both ways, so the matrix is
///   symmetric and reads back as one undirected tie.
/// - With relations: `nm=K`, `matrix labels:` and one full matrix per relation, because
///   edgelist1 holds one matrix; this costs `N × N` values per relation. Ties without a
///   relation get a matrix of their own.
/// - Labels are written when they are unique, else ids (as in Pajek).
///
/// A DL file is a matrix, so what a matrix cannot say gets a note: parallel ties (merged,
/// weights added), ties of weight 0, reciprocated arcs (they read back as one undirected
/// tie) and undirected ties beside one-way ones (they read back as two arcs). Waves, node
/// kinds and attributes are dropped with a note.
pub fn write(study: &Study) -> Written {
    let mut notes = Vec::new();
    let n = study.node_count();
    let names = vertex_names(study, &mut notes);
    let mut seen = HashSet::new();
    let labelled = names
        .iter()
        .all(|l| !l.is_empty() && seen.insert(l.as_str()));

    // One matrix per relation, and one for ties without a (known) relation.
    let mut groups: Vec<(Option<RelationId>, String)> = study
        .relations()
        .iter()
        .enumerate()
        .map(|(k, name)| (Some(RelationId(k as u16)), name.clone()))
        .collect();
    let orphans = study
        .ties()
        .iter()
        .any(|t| t.relation.is_none_or(|r| study.relation_name(r).is_none()));
    if groups.is_empty() || orphans {
        let name = unused_name(study, "no relation");
        if !groups.is_empty() {
            notes.push(format!(
                "Ties without a relation were written as a matrix named \"{name}\", which reads \
                 back as a relation."
            ));
        }
        groups.insert(0, (None, name));
    }
    let several = !study.relations().is_empty();

    let mut merged = 0;
    let mut zero = 0;
    let mut matrices = Vec::with_capacity(groups.len());
    for (relation, name) in &groups {
        let mut cells = Cells::new();
        let (mut arcs, mut edges) = (0, 0);
        for t in study.ties() {
            let in_group = match relation {
                Some(r) => t.relation == Some(*r),
                None => t.relation.is_none_or(|r| study.relation_name(r).is_none()),
            };
            if !in_group {
                continue;
            }
            if t.weight == 0.0 || !t.weight.is_finite() {
                zero += 1;
                continue;
            }
            let (i, j) = (t.source.index(), t.target.index());
            let ends = if t.directed || i == j {
                vec![(i, j)]
            } else {
                vec![(i, j), (j, i)]
            };
            if t.directed {
                arcs += 1;
            } else {
                edges += 1;
            }
            let mut parallel = false;
            for key in ends {
                let cell = cells.entry(key).or_insert(0.0);
                parallel |= *cell != 0.0;
                *cell += t.weight;
            }
            merged += usize::from(parallel);
        }
        let symmetric = cells
            .iter()
            .all(|(&(i, j), w)| cells.get(&(j, i)) == Some(w));
        let label = if several {
            format!(" in \"{name}\"")
        } else {
            String::new()
        };
        if arcs > 0 && edges == 0 && symmetric {
            notes.push(format!(
                "Every arc{label} is reciprocated with the same weight, so the {arcs} arcs will \
                 read back as undirected ties (read the file as directed to keep them)."
            ));
        } else if edges > 0 && !symmetric {
            notes.push(format!(
                "The {edges} undirected ties{label} sit beside one-way ties, so they will read \
                 back as pairs of arcs."
            ));
        }
        matrices.push((name.clone(), cells));
    }
    if merged > 0 {
        notes.push(format!(
            "{merged} parallel ties were merged into one, their weights added."
        ));
    }
    if zero > 0 {
        notes.push(format!(
            "{zero} ties with weight 0 (or not a number) were left out: in a matrix they are no tie."
        ));
    }

    let nodes = study.nodes();
    let people = nodes.iter().take_while(|v| v.kind.is_person()).count();
    // People first, then places and groups, with every tie joining a person to a group:
    // written as rows and columns so that the modes read back.
    let two_mode = !several
        && people > 0
        && people < n
        && nodes.iter().skip(people).all(|v| !v.kind.is_person())
        && study
            .ties()
            .iter()
            .all(|t| !t.directed && ((t.source.index() < people) != (t.target.index() < people)));
    let mut out = String::new();
    if two_mode {
        let _ = writeln!(out, "dl nr={people} nc={}", n - people);
        // UCINET's two-mode edge list: rows and columns numbered apart (edgelist1 is for
        // one-mode data, rows and columns the same nodes).
        out.push_str("format = edgelist2\n");
        if labelled {
            out.push_str("row labels:\n");
            for name in names.iter().take(people) {
                let _ = writeln!(out, "{}", dl_label(name));
            }
            out.push_str("column labels:\n");
            for name in names.iter().skip(people) {
                let _ = writeln!(out, "{}", dl_label(name));
            }
        }
        out.push_str("data:\n");
        for (_, cells) in &matrices {
            for (&(i, j), w) in cells
                .iter()
                .filter(|((i, j), _)| *i < people && *j >= people)
            {
                let _ = writeln!(out, "{} {} {}", i + 1, j - people + 1, Value::Number(*w));
            }
        }
        let changed = nodes
            .iter()
            .filter(|v| matches!(v.kind, NodeKind::Alter | NodeKind::Place))
            .count();
        if changed > 0 {
            notes.push(format!(
                "DL has rows and columns, not node kinds: {changed} alters and places will read \
                 back as respondents and groups."
            ));
        }
    } else {
        one_mode_body(&mut out, &mut notes, study, &names, labelled, &matrices);
    }
    notes.extend(dropped_notes(study, "DL"));
    Written {
        bytes: out.into_bytes(),
        notes,
    }
}

/// The header and data of a one-mode file: an edge list, or full matrices for relations.
fn one_mode_body(
    out: &mut String,
    notes: &mut Vec<String>,
    study: &Study,
    names: &[String],
    labelled: bool,
    matrices: &[(String, Cells)],
) {
    let n = study.node_count();
    let several = !study.relations().is_empty();
    let _ = write!(out, "dl n={n}");
    if several {
        let _ = write!(out, " nm={}", matrices.len());
        notes.push(format!(
            "DL keeps several relations only as full matrices: the file holds {} matrices of \
             {n} × {n} values.",
            matrices.len()
        ));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "format = {}",
        if several { "fullmatrix" } else { "edgelist1" }
    );
    if labelled {
        out.push_str("labels:\n");
        for name in names {
            let _ = writeln!(out, "{}", dl_label(name));
        }
    }
    if several {
        out.push_str("matrix labels:\n");
        for (name, _) in matrices {
            let _ = writeln!(out, "{}", dl_label(&pajek_text(name)));
        }
    }
    out.push_str("data:\n");
    for (k, (_, cells)) in matrices.iter().enumerate() {
        if several {
            if k > 0 {
                out.push('\n');
            }
            for i in 0..n {
                let row: Vec<String> = (0..n)
                    .map(|j| Value::Number(cells.get(&(i, j)).copied().unwrap_or(0.0)).to_string())
                    .collect();
                let _ = writeln!(out, "{}", row.join(" "));
            }
        } else {
            for (&(i, j), w) in cells {
                let _ = writeln!(out, "{} {} {}", i + 1, j + 1, Value::Number(*w));
            }
        }
    }
    let not_respondents = study
        .nodes()
        .iter()
        .filter(|v| v.kind != NodeKind::Respondent)
        .count();
    if not_respondents > 0 {
        notes.push(format!(
            "DL keeps no node kinds here: {not_respondents} nodes that are not respondents will \
             read back as respondents."
        ));
    }
}

/// One written matrix: value by (row, column) position, zeros left out.
type Cells = BTreeMap<(usize, usize), f64>;

/// A relation name not used by the study, for ties that have none.
fn unused_name(study: &Study, base: &str) -> String {
    let taken: HashSet<&str> = study.relations().iter().map(String::as_str).collect();
    let mut name = base.to_string();
    let mut k = 2;
    while taken.contains(name.as_str()) {
        name = format!("{base} {k}");
        k += 1;
    }
    name
}

/// A label as a DL line: quoted when a reader would otherwise split it or take it for a
/// header word.
fn dl_label(label: &str) -> String {
    const WORDS: [&str; 16] = [
        "dl", "n", "nr", "nc", "nm", "format", "diagonal", "labels", "row", "rows", "col", "cols",
        "column", "columns", "matrix", "data",
    ];
    let special = label.is_empty()
        || label
            .chars()
            .any(|c| separator(c) || matches!(c, '=' | ':' | '\''))
        || WORDS.iter().any(|w| label.eq_ignore_ascii_case(w));
    if special {
        format!("\"{label}\"")
    } else {
        label.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::test_support::tie_set;
    use crate::model::{AttrType, WaveId};

    fn read_with(text: &str, opts: ReadOptions) -> Result<Study, ImportError> {
        read(
            &Input {
                name: "x.dl",
                bytes: text.as_bytes(),
            },
            &opts,
        )
    }

    fn read_str(text: &str) -> Result<Study, ImportError> {
        read_with(text, ReadOptions::default())
    }

    fn err(text: &str) -> String {
        read_str(text).unwrap_err().to_string()
    }

    fn ids(s: &Study) -> Vec<&str> {
        s.nodes().iter().map(|n| n.id.as_str()).collect()
    }

    fn read_notes(text: &str) -> (Study, Vec<String>) {
        let mut notes = Vec::new();
        let s = read_noted(
            &Input {
                name: "x.dl",
                bytes: text.as_bytes(),
            },
            &ReadOptions::default(),
            &mut notes,
        )
        .unwrap();
        (s, notes)
    }

    /// UCINET's own export: `diagonal present` without `=` on the format line, quoted row
    /// and column labels in different case, and level labels naming the relations.
    const UCINET_EXPORT: &str = "DL N=3 NM=2\r\n\
        FORMAT = FULLMATRIX DIAGONAL PRESENT\r\n\
        ROW LABELS:\r\n\"Larry Smith\"\r\n\"Ann\"\r\n\"Bob\"\r\n\
        COLUMN LABELS:\r\n\"LARRY SMITH\"\r\n\"ANN\"\r\n\"BOB\"\r\n\
        LEVEL LABELS:\r\n\"advice\"\r\n\"close friends\"\r\n\
        DATA:\r\n\
        0 1 0\r\n1 0 0\r\n0 0 0\r\n\
        0 1 1\r\n0 0 1\r\n0 0 0\r\n";

    #[test]
    fn ucinet_export_header_level_labels_and_case() {
        let (s, notes) = read_notes(UCINET_EXPORT);
        assert_eq!(ids(&s), ["Larry Smith", "Ann", "Bob"]);
        assert_eq!(s.relations(), ["advice", "close friends"]);
        assert!(s.directed);
        let t = |a: &str, b: &str, r: &str, d: bool| {
            (
                a.to_string(),
                b.to_string(),
                "1".to_string(),
                r.to_string(),
                d,
            )
        };
        assert_eq!(
            tie_set(&s),
            vec![
                t("Ann", "Bob", "close friends", true),
                t("Ann", "Larry Smith", "advice", false),
                t("Larry Smith", "Ann", "close friends", true),
                t("Larry Smith", "Bob", "close friends", true),
            ]
        );
        assert_eq!(
            notes,
            [
                "x.dl line 7: 3 column labels differ from the row labels only in case; UCINET matches labels without regard to case, so they name the same nodes"
            ]
        );
        // `diagonal = absent`, `diagonal absent` and `diagonal present` read alike.
        for header in [
            "diagonal = absent",
            "DIAGONAL ABSENT",
            "format = fm diagonal absent",
        ] {
            let s = read_str(&format!(
                "dl n=3 {header}\nlabels:\na, b,\n c\ndata:\n1 0\n1 1\n0 1\n"
            ))
            .unwrap();
            assert_eq!(ids(&s), ["a", "b", "c"], "{header}");
            assert_eq!(s.tie_count(), 2, "{header}");
        }
    }

    #[test]
    fn labels_match_without_regard_to_case_with_a_note() {
        let (s, notes) = read_notes(
            "dl n=3 format=fullmatrix labels embedded data:\nLARRY ANN BOB\nLarry 0 1 0\nAnn 1 0 0\nbob 0 0 0\n",
        );
        assert_eq!(ids(&s), ["LARRY", "ANN", "BOB"]);
        assert_eq!(s.tie_count(), 1);
        assert_eq!(
            notes,
            [
                "x.dl: 3 labels matched a label that differs only in case, as UCINET matches them (first: \"Larry\" on line 3 as \"LARRY\")"
            ]
        );
        let (s, notes) = read_notes(
            "dl n=2 format=edgelist1\nlabels: Larry, Ann\nlabels embedded\ndata:\nLARRY ann 2\n",
        );
        assert_eq!((s.tie_count(), s.ties()[0].weight), (1, 2.0));
        assert_eq!(notes.len(), 1);
        // Two labels that differ only in case are two nodes: neither is guessed.
        assert_eq!(
            err("dl n=2 format=el1\nlabels: ann, ANN\nlabels embedded\ndata:\nAnn ann\n"),
            "x.dl line 5, column 1: label \"Ann\" is not in the labels list"
        );
    }

    #[test]
    fn row_labels_embedded_alone_and_two_mode_lists() {
        let s = read_str("dl n=2\nrow labels embedded\ndata:\na 0 1\nb 1 0\n").unwrap();
        assert_eq!(
            (ids(&s), s.tie_count(), s.directed),
            (vec!["a", "b"], 1, false)
        );
        let s = read_str("dl n=2 column labels embedded\ndata:\nb a\n0 1\n0 0\n").unwrap();
        assert_eq!(ids(&s), ["b", "a"]);
        assert_eq!(s.tie_count(), 1);
        let two_mode = [
            "dl nr=2 nc=2 format=edgelist2\nrow labels embedded column labels embedded\ndata:\nann club\nbob church\nann church 2\n",
            "dl nr=2 nc=2\nformat = nodelist2\nrow labels embedded\ncolumn labels embedded\ndata:\nann club church\nbob church\n",
        ];
        for text in two_mode {
            let s = read_str(text).unwrap();
            assert_eq!(ids(&s), ["ann", "bob", "club", "church"], "{text}");
            assert_eq!(s.nodes()[2].kind, NodeKind::Group);
            assert_eq!((s.tie_count(), s.directed), (3, false), "{text}");
        }
        assert_eq!(
            err("dl n=2 format=el2\ndata:\n1 2\n"),
            "x.dl line 1, column 15: format = el2 is a two-mode list: the header needs nr= and nc= (rows and columns are different nodes)"
        );
    }

    const FAMILIES: [&str; 16] = [
        "Acciaiuoli",
        "Albizzi",
        "Barbadori",
        "Bischeri",
        "Castellani",
        "Ginori",
        "Guadagni",
        "Lamberteschi",
        "Medici",
        "Pazzi",
        "Peruzzi",
        "Pucci",
        "Ridolfi",
        "Salviati",
        "Strozzi",
        "Tornabuoni",
    ];

    const MARRIAGES: [(&str, &str); 20] = [
        ("Acciaiuoli", "Medici"),
        ("Albizzi", "Ginori"),
        ("Albizzi", "Guadagni"),
        ("Albizzi", "Medici"),
        ("Barbadori", "Castellani"),
        ("Barbadori", "Medici"),
        ("Bischeri", "Guadagni"),
        ("Bischeri", "Peruzzi"),
        ("Bischeri", "Strozzi"),
        ("Castellani", "Peruzzi"),
        ("Castellani", "Strozzi"),
        ("Guadagni", "Lamberteschi"),
        ("Guadagni", "Tornabuoni"),
        ("Medici", "Ridolfi"),
        ("Medici", "Salviati"),
        ("Medici", "Tornabuoni"),
        ("Pazzi", "Salviati"),
        ("Peruzzi", "Strozzi"),
        ("Ridolfi", "Strozzi"),
        ("Ridolfi", "Tornabuoni"),
    ];

    fn assert_florentine(s: &Study) {
        assert_eq!(s.node_count(), 16);
        assert_eq!(s.tie_count(), 20);
        assert!(!s.directed);
        let mut families: Vec<&str> = ids(s);
        families.sort_unstable();
        assert_eq!(families, FAMILIES);
        let pucci = s.find("Pucci").unwrap();
        assert_eq!(s.isolates(), vec![pucci]);
        let expected: Vec<_> = MARRIAGES
            .iter()
            .map(|(a, b)| {
                (
                    a.to_string(),
                    b.to_string(),
                    "1".to_string(),
                    String::new(),
                    false,
                )
            })
            .collect();
        assert_eq!(tie_set(s), expected);
        assert!(s.relations().is_empty());
        assert!(
            s.nodes()
                .iter()
                .all(|n| n.label == n.id && n.kind == NodeKind::Respondent)
        );
    }

    /// Medici's row is wrapped over two lines and Ridolfi's uses commas.
    const FULL_WITH_LABELS: &str = "DL N = 16\r\n\
        format = FM\r\n\
        LABELS:\r\n\
        \"Acciaiuoli\", Albizzi, Barbadori,Bischeri\r\n\
        Castellani Ginori Guadagni Lamberteschi Medici Pazzi\r\n\
        Peruzzi \"Pucci\" Ridolfi Salviati Strozzi Tornabuoni\r\n\
        DATA:\r\n\
        0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0\r\n\
        0 0 0 0 0 1 1 0 1 0 0 0 0 0 0 0\r\n\
        0 0 0 0 1 0 0 0 1 0 0 0 0 0 0 0\r\n\
        0 0 0 0 0 0 1 0 0 0 1 0 0 0 1 0\r\n\
        0 0 1 0 0 0 0 0 0 0 1 0 0 0 1 0\r\n\
        0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\r\n\
        0 1 0 1 0 0 0 1 0 0 0 0 0 0 0 1\r\n\
        0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0\r\n\
        1 1 1 0 0 0 0 0\r\n\
        0 0 0 0 1 1 0 1\r\n\
        0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0\r\n\
        0 0 0 1 1 0 0 0 0 0 0 0 0 0 1 0\r\n\
        0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\r\n\
        0,0,0,0,0,0,0,0,1,0,0,0,0,0,1,1\r\n\
        0 0 0 0 0 0 0 0 1 1 0 0 0 0 0 0\r\n\
        0 0 0 1 1 0 0 0 0 0 1 0 1 0 0 0\r\n\
        0 0 0 0 0 0 1 0 1 0 0 0 1 0 0 0\r\n";

    /// Rows in another order than the columns, to show that embedded labels are matched.
    const FULL_EMBEDDED: &str = "dl n=16 format=fullmatrix labels embedded: data:\n\
        Acciaiuoli Albizzi Barbadori Bischeri Castellani Ginori Guadagni Lamberteschi Medici Pazzi Peruzzi Pucci Ridolfi Salviati Strozzi Tornabuoni\n\
        Tornabuoni 0 0 0 0 0 0 1 0 1 0 0 0 1 0 0 0\n\
        Acciaiuoli 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0\n\
        Albizzi 0 0 0 0 0 1 1 0 1 0 0 0 0 0 0 0\n\
        Barbadori 0 0 0 0 1 0 0 0 1 0 0 0 0 0 0 0\n\
        Bischeri 0 0 0 0 0 0 1 0 0 0 1 0 0 0 1 0\n\
        Castellani 0 0 1 0 0 0 0 0 0 0 1 0 0 0 1 0\n\
        Ginori 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n\
        Guadagni 0 1 0 1 0 0 0 1 0 0 0 0 0 0 0 1\n\
        Lamberteschi 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0\n\
        Medici 1 1 1 0 0 0 0 0 0 0 0 0 1 1 0 1\n\
        Pazzi 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0\n\
        Peruzzi 0 0 0 1 1 0 0 0 0 0 0 0 0 0 1 0\n\
        Pucci 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n\
        Ridolfi 0 0 0 0 0 0 0 0 1 0 0 0 0 0 1 1\n\
        Salviati 0 0 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n\
        Strozzi 0 0 0 1 1 0 0 0 0 0 1 0 1 0 0 0\n";

    fn edge_list_text() -> String {
        let mut text = String::from("dl n=16\nformat = edgelist1\nlabels:\n");
        text.push_str(&FAMILIES.join(","));
        text.push_str("\nlabels embedded:\ndata:\n");
        for (a, b) in MARRIAGES {
            text.push_str(&format!("{a} {b} 1\n{b} {a}\n"));
        }
        text
    }

    const NODE_LIST: &str = "dl n=16\nformat = nl1\nlabels embedded\ndata:\n\
        Acciaiuoli Medici\n\
        Albizzi Ginori Guadagni Medici\n\
        Barbadori Castellani Medici\n\
        Bischeri Guadagni Peruzzi Strozzi\n\
        Castellani Barbadori Peruzzi Strozzi\n\
        Ginori Albizzi\n\
        Guadagni Albizzi Bischeri Lamberteschi Tornabuoni\n\
        Lamberteschi Guadagni\n\
        Medici Acciaiuoli Albizzi Barbadori Ridolfi Salviati Tornabuoni\n\
        Pazzi Salviati\n\
        Peruzzi Bischeri Castellani Strozzi\n\
        Pucci\n\
        Ridolfi Medici Strozzi Tornabuoni\n\
        Salviati Medici Pazzi\n\
        Strozzi Bischeri Castellani Peruzzi Ridolfi\n\
        Tornabuoni Guadagni Medici Ridolfi\n";

    #[test]
    fn florentine_full_matrix_with_labels_list() {
        let s = read_str(FULL_WITH_LABELS).unwrap();
        assert_florentine(&s);
        assert_eq!(ids(&s), FAMILIES);
    }

    #[test]
    fn florentine_full_matrix_with_embedded_labels() {
        let s = read_str(FULL_EMBEDDED).unwrap();
        assert_florentine(&s);
        // Node order is that of the column labels.
        assert_eq!(ids(&s), FAMILIES);
    }

    #[test]
    fn florentine_edge_list_and_numbered_edge_list() {
        let s = read_str(&edge_list_text()).unwrap();
        assert_florentine(&s);
        assert_eq!(ids(&s), FAMILIES);
        let mut numbered = format!(
            "dl n=16 format=el1\nlabels:\n{}\ndata:\n",
            FAMILIES.join(" ")
        );
        for (a, b) in MARRIAGES {
            let i = FAMILIES.iter().position(|f| *f == a).unwrap() + 1;
            let j = FAMILIES.iter().position(|f| *f == b).unwrap() + 1;
            numbered.push_str(&format!("{i} {j}\n{j} {i} 1.0\n"));
        }
        assert_florentine(&read_str(&numbered).unwrap());
    }

    #[test]
    fn florentine_node_list() {
        let s = read_str(NODE_LIST).unwrap();
        assert_florentine(&s);
        assert_eq!(ids(&s)[..3], ["Acciaiuoli", "Medici", "Albizzi"]);
    }

    #[test]
    fn one_way_ties_are_directed_unless_symmetric() {
        let s = read_str("dl n=3 format=el1\ndata:\n1 2 2.5\n2 3\n3 2\n").unwrap();
        assert!(s.directed);
        assert_eq!(ids(&s), ["1", "2", "3"]);
        let t = |a: &str, b: &str, w: &str| {
            (
                a.to_string(),
                b.to_string(),
                w.to_string(),
                String::new(),
                true,
            )
        };
        assert_eq!(
            tie_set(&s),
            vec![t("1", "2", "2.5"), t("2", "3", "1"), t("3", "2", "1")]
        );
        let opts = ReadOptions {
            directed: true,
            ..ReadOptions::default()
        };
        let d = read_with("dl n=2 format=el1\ndata:\n1 2\n2 1\n", opts).unwrap();
        assert!(d.directed);
        assert_eq!(d.tie_count(), 2);
        let u = read_str("dl n=2 format=el1\ndata:\n1 2\n2 1\n").unwrap();
        assert!(!u.directed);
        assert_eq!(u.tie_count(), 1);
    }

    #[test]
    fn two_mode_several_matrices_and_absent_diagonal() {
        let s = read_str(
            "dl nr=2, nc=3\nformat = fullmatrix\nrow labels:\nann bea\ncol labels:\n\"Club A\" \"Club B\" \"Club C\"\ndata:\n1 0 1\n0 1 1\n",
        )
        .unwrap();
        assert_eq!(ids(&s), ["ann", "bea", "Club A", "Club B", "Club C"]);
        let kinds: Vec<NodeKind> = s.nodes().iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Respondent,
                NodeKind::Respondent,
                NodeKind::Group,
                NodeKind::Group,
                NodeKind::Group
            ]
        );
        assert!(!s.directed);
        let pairs: Vec<(u32, u32)> = s.ties().iter().map(|t| (t.source.0, t.target.0)).collect();
        assert_eq!(pairs, [(0, 2), (0, 4), (1, 3), (1, 4)]);
        assert!(s.ties().iter().all(|t| !t.directed));

        let s = read_str("dl nr=1 nc=2 format=nl1\ndata:\n1 2\n").unwrap();
        assert_eq!(ids(&s), ["1", "2", "3"]);
        assert_eq!((s.ties()[0].source.0, s.ties()[0].target.0), (0, 2));

        let s = read_str(
            "dl n=3 nm=2\nlabels: a b c\nmatrix labels: friend, \"asks advice\"\ndata:\n0 1 0\n1 0 0\n0 0 0\n\n0 2 0\n0 0 3\n0 0 0\n",
        )
        .unwrap();
        assert_eq!(s.relations(), ["friend", "asks advice"]);
        assert!(s.directed);
        let t = |a: &str, b: &str, w: &str, r: &str, d: bool| {
            (
                a.to_string(),
                b.to_string(),
                w.to_string(),
                r.to_string(),
                d,
            )
        };
        assert_eq!(
            tie_set(&s),
            vec![
                t("a", "b", "1", "friend", false),
                t("a", "b", "2", "asks advice", true),
                t("b", "c", "3", "asks advice", true)
            ]
        );

        let s = read_str("dl n=3 diagonal=absent\ndata:\n1 0\n1 1\n0 1\n").unwrap();
        assert!(!s.directed);
        let pairs: Vec<(u32, u32)> = s.ties().iter().map(|t| (t.source.0, t.target.0)).collect();
        assert_eq!(pairs, [(0, 1), (1, 2)]);
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            err("dl n=3\ndata:\n0 1 0\n1 0\n0 0 0\n"),
            "x.dl line 4, column 4: expected 3 values in this row, found 2"
        );
        assert_eq!(
            err("dl n=2\ndata:\n0 1 1\n"),
            "x.dl line 3, column 5: expected 2 values in this row, found 3"
        );
        assert_eq!(
            err("dl n=2\ndata:\n0 1\n1\n"),
            "x.dl line 4, column 2: expected 2 values in this row, found 1"
        );
        assert_eq!(
            err("dl n=3\ndata:\n0 1 0\n"),
            "x.dl line 3: expected 3 rows, found 1: the data ends here"
        );
        assert_eq!(
            err("dl n=2 labels embedded\ndata:\na b\na 0 1 1\n"),
            "x.dl line 4, column 7: expected 2 values in this row, found 3"
        );
        assert_eq!(
            err("dl n=2 labels embedded\ndata:\na\n"),
            "x.dl line 3, column 2: expected 2 column labels in the first row, found 1"
        );
        assert_eq!(
            err("dl n=2 format=el1\nlabels: a b\nlabels embedded\ndata:\na Foo\n"),
            "x.dl line 5, column 3: label \"Foo\" is not in the labels list"
        );
        assert_eq!(
            err("dl n=2 labels embedded\ndata:\na b\nc 0 1\n"),
            "x.dl line 4, column 1: label \"c\" is not in the column labels"
        );
        assert_eq!(
            err("dl n=2\nlabels:\na,b,c\ndata:\n"),
            "x.dl line 3, column 5: n=2 but 3 labels"
        );
        assert_eq!(
            err("dl n=2\nlabels:\na\ndata:\n"),
            "x.dl line 2, column 1: n=2 but 1 labels"
        );
        assert_eq!(
            err("dl n=2\nlabels: a a\ndata:\n"),
            "x.dl line 2, column 11: label \"a\" appears twice in the labels list"
        );
        assert_eq!(
            err("dl n=2 format = matrixx\n"),
            "x.dl line 1, column 17: unknown format \"matrixx\" (expected fullmatrix, edgelist1, nodelist1, edgelist2 or nodelist2)"
        );
        assert_eq!(
            err("dl n=2 format=lowerhalf\n"),
            "x.dl line 1, column 15: format = lowerhalf is not read by Kith yet (it reads fullmatrix, edgelist1, nodelist1, edgelist2 and nodelist2)"
        );
        assert_eq!(
            err("dl n=999999999\ndata:\n"),
            "x.dl line 1, column 6: n=999999999 is more than Kith reads (at most 1000000)"
        );
        assert_eq!(
            err("dl n=sixteen\n"),
            "x.dl line 1, column 6: n = \"sixteen\" is not a whole number"
        );
        assert_eq!(
            err("dl n=1\ndata:\nx\n"),
            "x.dl line 3, column 1: \"x\" is not a tie value (expected a number such as 0, 1 or 2.5)"
        );
        assert_eq!(
            err("dl n=16 format=el1\ndata:\n1 17\n"),
            "x.dl line 3, column 3: node 17 is not among the 16 nodes"
        );
        assert_eq!(
            err("dl n=16 format=el1\ndata:\n1 Medici\n"),
            "x.dl line 3, column 3: \"Medici\" is not a node number (write \"labels embedded\" in the header to name nodes by label)"
        );
        assert_eq!(
            err("dl n=2 format=el1\ndata:\n1\n"),
            "x.dl line 3, column 2: an edgelist1 line needs two nodes and an optional weight"
        );
        assert_eq!(
            err("dl n=2 format=el1\ndata:\n1 2 3 4\n"),
            "x.dl line 3, column 7: an edgelist1 line holds two nodes and an optional weight, found 4 items"
        );
        assert_eq!(
            err("dl n=2 format=el1\ndata:\n1 2 heavy\n"),
            "x.dl line 3, column 5: \"heavy\" is not a tie value (expected a number such as 0, 1 or 2.5)"
        );
        assert_eq!(
            err("dl n=2\n"),
            "x.dl: no \"data:\" line: the header must end with \"data:\" and the data follow it"
        );
        assert_eq!(
            err("graph n=2\n"),
            "x.dl line 1, column 1: a DL file starts with \"dl\", not \"graph\""
        );
        assert_eq!(
            err("dl n=2 foo=3\n"),
            "x.dl line 1, column 8: \"foo\" is not a DL header keyword (expected n=, nr=, nc=, nm=, format=, diagonal=, labels:, row labels:, column labels:, level labels:, labels embedded or data:)"
        );
        assert_eq!(
            err("dl n=1\nlabels:\n\"Ann\ndata:\n"),
            "x.dl line 3, column 1: this quote is not closed on the same line"
        );
        assert_eq!(
            err("dl n=2 nr=2 nc=2\ndata:\n"),
            "x.dl line 1, column 4: give either n= or nr= and nc=, not both"
        );
        assert_eq!(
            err("dl n=1\ndata:\n0\n0\n"),
            "x.dl line 4, column 1: more data than the header declares (1 rows of 1 values)"
        );
        assert_eq!(
            err("dl n=3 format=nl1 labels embedded\ndata:\na b\n"),
            "x.dl: the header declares 3 nodes but the data names only 2; list them all under \"labels:\" so that nodes without ties are kept"
        );
        assert_eq!(
            err("dl n=3 nm=2 matrix labels: a\ndata:\n"),
            "x.dl line 1, column 13: nm=2 but 1 matrix labels"
        );
        assert_eq!(
            err("dl n=3 nm=2 format=el1\ndata:\n"),
            "x.dl line 1, column 8: nm=2: several matrices are read only with format = fullmatrix"
        );
        assert_eq!(
            err("dl nr=1 nc=1\nrow labels: a\ncol labels: a\ndata:\n1\n"),
            "x.dl: \"a\" names both a row and a column; the two modes need distinct labels"
        );
    }

    #[test]
    fn huge_headers_do_not_allocate_and_odd_input_does_not_panic() {
        // A million-node matrix needs a million rows of data before anything is built.
        assert_eq!(
            err("dl n=1000000\ndata:\n0 1\n"),
            "x.dl line 3, column 4: expected 1000000 values in this row, found 2"
        );
        assert_eq!(
            err("dl nr=1000000 nc=1000000\ndata:\n"),
            "x.dl line 1, column 15: 2000000 nodes is more than Kith reads (at most 1000000)"
        );
        for junk in [
            "",
            "dl",
            "dl n",
            "dl n=",
            "dl n= =",
            "dl n=0\ndata:\n",
            "dl n=1 diagonal=absent\ndata:\n",
            "dl n=1 diagonal=absent labels embedded\ndata:\na\n",
            "dl nr=0 nc=3\ndata:\n",
            "dl nr=2 nc=0 labels embedded\ndata:\n\na\nb\n",
            "dl n=2 labels:",
            "dl n=2 data: 0 1 1 0",
            "dl n=2 labels embedded data: : :",
            "dl n=1 nm=65535 data: 0",
            "dl n=2 format=el1 data: 1 99999999999999999999",
            "dl\u{0}n=1",
            "dl n=1 row labels embedded col labels embedded data: a a 1",
            "\"",
            "dl \"",
        ] {
            let _ = read_str(junk);
        }
        let s = read_str("dl n=2 data: 0 1\n1 0").unwrap();
        assert_eq!(s.tie_count(), 1);
        let s = read_str("dl n=0\ndata:\n").unwrap();
        assert_eq!(s.node_count(), 0);
        let s = read_str("dl n=1 diagonal=absent\ndata:\n").unwrap();
        assert_eq!((s.node_count(), s.tie_count()), (1, 0));
    }

    fn undirected_study() -> Study {
        let mut s = Study::new(false);
        let a = s
            .add_node("Ann Lee", "Ann Lee", NodeKind::Respondent)
            .unwrap();
        let b = s.add_node("bob", "bob", NodeKind::Respondent).unwrap();
        let c = s.add_node("data", "data", NodeKind::Respondent).unwrap();
        let _ = s.add_node("x,y", "x,y", NodeKind::Respondent).unwrap();
        for (u, v, w) in [(b, a, 2.5), (b, c, 1.0), (c, c, 4.0)] {
            s.add_tie(Tie {
                source: u,
                target: v,
                weight: w,
                relation: None,
                wave: None,
                directed: false,
            })
            .unwrap();
        }
        s
    }

    #[test]
    fn edge_list_round_trip() {
        let s = undirected_study();
        let out = write(&s);
        let text = String::from_utf8(out.bytes).unwrap();
        assert_eq!(
            text,
            "dl n=4\nformat = edgelist1\nlabels:\n\"Ann Lee\"\nbob\n\"data\"\n\"x,y\"\ndata:\n1 2 2.5\n2 1 2.5\n2 3 1\n3 2 1\n3 3 4\n"
        );
        assert!(out.notes.is_empty(), "{:?}", out.notes);
        let back = read_str(&text).unwrap();
        assert_eq!(back.nodes(), s.nodes());
        assert!(!back.directed);
        assert_eq!(tie_set(&back), tie_set(&s));
    }

    #[test]
    fn relations_round_trip_through_full_matrices() {
        let mut s = Study::new(true);
        let a = s.add_node("a", "a", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "b", NodeKind::Respondent).unwrap();
        let c = s.add_node("c", "c", NodeKind::Respondent).unwrap();
        let rely = s.relation("rely_on").unwrap();
        let advice = s.relation("advice").unwrap();
        let tie = |source, target, weight, relation, directed| Tie {
            source,
            target,
            weight,
            relation,
            wave: None,
            directed,
        };
        s.add_tie(tie(a, b, 2.5, Some(rely), true)).unwrap();
        s.add_tie(tie(b, c, 1.0, Some(rely), true)).unwrap();
        s.add_tie(tie(c, a, 0.5, Some(advice), false)).unwrap();
        let out = write(&s);
        let text = String::from_utf8(out.bytes).unwrap();
        assert_eq!(
            text,
            "dl n=3 nm=2\nformat = fullmatrix\nlabels:\na\nb\nc\nmatrix labels:\nrely_on\nadvice\ndata:\n\
             0 2.5 0\n0 0 1\n0 0 0\n\n0 0 0.5\n0 0 0\n0.5 0 0\n"
        );
        assert_eq!(
            out.notes,
            [
                "DL keeps several relations only as full matrices: the file holds 2 matrices of 3 × 3 values."
            ]
        );
        let back = read_str(&text).unwrap();
        assert_eq!(back.nodes(), s.nodes());
        assert_eq!(back.relations(), s.relations());
        assert!(back.directed);
        assert_eq!(tie_set(&back), tie_set(&s));
    }

    #[test]
    fn what_a_matrix_cannot_hold_is_noted() {
        let mut s = Study::new(true);
        let a = s.add_node("a", "Ann", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "Bob", NodeKind::Place).unwrap();
        let w = s.wave("1").unwrap();
        let tie = |source, target, weight, wave| Tie {
            source,
            target,
            weight,
            relation: None,
            wave,
            directed: true,
        };
        s.add_tie(tie(a, b, 1.0, Some(w))).unwrap();
        s.add_tie(tie(b, a, 1.0, Some(WaveId(0)))).unwrap();
        s.add_tie(tie(a, b, 2.0, None)).unwrap();
        s.add_tie(tie(a, a, 0.0, None)).unwrap();
        let _ = s.declare_node_attribute("age", AttrType::Numeric).unwrap();
        let out = write(&s);
        assert_eq!(
            String::from_utf8(out.bytes).unwrap(),
            "dl n=2\nformat = edgelist1\nlabels:\nAnn\nBob\ndata:\n1 2 3\n2 1 1\n"
        );
        assert_eq!(
            out.notes,
            [
                "The file holds labels, not ids: 2 nodes whose id differs from their label will read back with the label as id.",
                "1 parallel ties were merged into one, their weights added.",
                "1 ties with weight 0 (or not a number) were left out: in a matrix they are no tie.",
                "DL keeps no node kinds here: 1 nodes that are not respondents will read back as respondents.",
                "DL has no waves: the wave of 2 ties was dropped and all waves are written together; use GraphML or GEXF to keep them.",
                "DL cannot hold node attributes: 1 were dropped (age); use GraphML or GEXF to keep them.",
            ]
        );
        let mut r = Study::new(true);
        let a = r.add_node("a", "a", NodeKind::Respondent).unwrap();
        let b = r.add_node("b", "b", NodeKind::Respondent).unwrap();
        r.add_tie(tie(a, b, 1.0, None)).unwrap();
        r.add_tie(tie(b, a, 1.0, None)).unwrap();
        assert_eq!(
            write(&r).notes,
            [
                "Every arc is reciprocated with the same weight, so the 2 arcs will read back as undirected ties (read the file as directed to keep them)."
            ]
        );
    }

    #[test]
    fn two_mode_round_trip() {
        let mut s = Study::new(false);
        let ann = s
            .add_node("Ann Lee", "Ann Lee", NodeKind::Respondent)
            .unwrap();
        let bob = s.add_node("Bob", "Bob", NodeKind::Alter).unwrap();
        let club = s.add_node("Club", "Club", NodeKind::Group).unwrap();
        let _ = s.add_node("Shop", "Shop", NodeKind::Group).unwrap();
        for (p, g) in [(ann, club), (club, bob)] {
            s.add_tie(Tie {
                source: p,
                target: g,
                weight: 1.0,
                relation: None,
                wave: None,
                directed: false,
            })
            .unwrap();
        }
        let out = write(&s);
        let text = String::from_utf8(out.bytes).unwrap();
        assert_eq!(
            text,
            "dl nr=2 nc=2\nformat = edgelist2\nrow labels:\n\"Ann Lee\"\nBob\ncolumn labels:\nClub\nShop\ndata:\n1 1 1\n2 1 1\n"
        );
        assert_eq!(
            out.notes,
            [
                "DL has rows and columns, not node kinds: 1 alters and places will read back as respondents and groups."
            ]
        );
        let back = read_str(&text).unwrap();
        let kinds: Vec<NodeKind> = back.nodes().iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Respondent,
                NodeKind::Respondent,
                NodeKind::Group,
                NodeKind::Group
            ]
        );
        assert_eq!(ids(&back), ids(&s));
        assert_eq!(tie_set(&back), tie_set(&s));
        assert!(!back.directed);
    }

    /// Reads the fixtures made with NetworkX, when the checkout has them.
    #[test]
    fn reads_reference_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let expect = [
            ("florentine/florentine_fullmatrix.dl", 16, 20, 20.0),
            ("florentine/florentine_fullmatrix_embedded.dl", 16, 20, 20.0),
            ("florentine/florentine_edgelist1.dl", 16, 20, 20.0),
            ("florentine/florentine_nodelist1.dl", 16, 20, 20.0),
            ("karate/karate_fullmatrix.dl", 34, 78, 231.0),
            ("karate/karate_fullmatrix_embedded.dl", 34, 78, 231.0),
            ("karate/karate_edgelist1.dl", 34, 78, 231.0),
            ("karate/karate_nodelist1.dl", 34, 78, 78.0),
        ];
        for (path, nodes, ties, weight) in expect {
            let Ok(bytes) = std::fs::read(dir.join(path)) else {
                continue;
            };
            let s = read(
                &Input {
                    name: path,
                    bytes: &bytes,
                },
                &ReadOptions::default(),
            )
            .unwrap();
            let total: f64 = s.ties().iter().map(|t| t.weight).sum();
            assert_eq!(
                (s.node_count(), s.tie_count(), s.directed, total),
                (nodes, ties, false, weight),
                "{path}"
            );
            if path.starts_with("florentine") {
                assert_florentine(&s);
            }
        }
    }
}

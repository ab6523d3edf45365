//! Pajek `.net` networks: vertices with labels, then arcs, edges, arc and edge lists or a
//! matrix, with several relations and the two-mode `*Vertices n n1` header.
//!
//! Hand-written: no crate reads Pajek well (the ones there are skip two-mode vertices,
//! `*Arcslist`, `*Matrix` or relations, and none report the line and column of a mistake),
//! and the format is small enough that a reader we can fuzz is cheaper than a dependency.
//!
//! # Reading
//!
//! - `*Network name` names the study.
//! - `*Vertices n` declares `n` vertices numbered from 1; `*Vertices n n1` makes a two-mode
//!   network whose first `n1` vertices are people ([`NodeKind::Respondent`]) and the rest
//!   groups ([`NodeKind::Group`]). A vertex line is `i label [x y z] [drawing options]`;
//!   only the number and the label are kept. A vertex that is not listed is labelled with
//!   its number.
//! - **Node ids:** when every vertex has a label and no two labels are the same, the labels
//!   are the node ids (so the network joins attribute tables keyed by name); otherwise the
//!   vertex numbers `"1"`, `"2"`, … are the ids and the labels stay labels.
//! - `*Arcs` and `*Edges` hold `i j [weight] [drawing options]`; `*Arcslist` and
//!   `*Edgeslist` hold `i j k …` (ties from `i` to each of the others, weight 1). A tie
//!   line may start with `k:` to put it in relation `k`. Arcs are directed and edges are
//!   not, whatever else the file holds. The study is directed when it has an arc: Pajek
//!   writes an empty `*Arcs` (or `*Arcslist`) header into undirected networks, so an empty
//!   arc section says nothing about direction. Only a file whose sections are all empty
//!   arc sections is directed without an arc (Kith writes one for a directed network
//!   without ties).
//! - `*Matrix` holds `n` rows of `n` values (`n1` rows of `n - n1` in a two-mode network),
//!   rows possibly wrapped over several lines. As with other matrices in Kith, a symmetric
//!   one-mode matrix gives undirected ties, each pair once, unless the user asks for a
//!   directed network; any other matrix gives arcs. Zero means no tie.
//! - `:k "name"` after a section keyword (`*Arcs :2 "advice"`) puts the section's ties in a
//!   relation named `name`, or `k` when there is no name. The first mention of `k` names it.
//! - `%` lines and blank lines are skipped; keywords are read in any case; CRLF is fine.
//!   Lines of text before `*Vertices` (a title or comment some tools write) are skipped
//!   with a note, as Pajek and igraph skip them.
//! - A Pajek project (`.paj`) is read up to its second `*Network`; partitions, vectors and
//!   the like are skipped.
//!
//! # Writing
//!
//! See [`write`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use super::{ImportError, Input, ReadOptions, Written};
use crate::io::text::decode;
use crate::model::{NodeId, NodeKind, RelationId, Study, Tie, Value, parse_number};

/// The most vertices a file may declare. Every declared vertex becomes a node even without
/// ties, so a one-line file could otherwise ask for billions of them.
pub const MAX_VERTICES: usize = 1_000_000;

/// One word or quoted string of a line, with where it starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    /// The text, without the quotes when quoted.
    pub text: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based character position of the first character (the quote, when quoted).
    pub col: usize,
    /// Whether the token was in double quotes (and so is never a keyword or a number).
    pub quoted: bool,
}

impl Tok<'_> {
    /// The column just after the token, where a missing value would have gone.
    pub fn end_col(&self) -> usize {
        self.col + self.text.chars().count() + if self.quoted { 2 } else { 0 }
    }
}

/// Lines with their 1-based numbers. `\n` and `\r\n` end lines; a file that uses bare
/// `\r` (old Mac exports) is split on that instead, so line numbers still match an editor.
///
/// Shared with the DL reader, which has the same line and quoting rules.
pub(super) fn numbered_lines(text: &str) -> Vec<(usize, &str)> {
    let bare_cr = text.contains('\r') && !text.contains('\n');
    let sep = if bare_cr { '\r' } else { '\n' };
    text.split(sep)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// Splits a line into words and double-quoted strings; `is_sep` says which characters
/// separate words besides the quotes. An unclosed quote is an error at the quote's column.
pub(super) fn split_line(
    line: &str,
    line_no: usize,
    is_sep: fn(char) -> bool,
) -> Result<Vec<Tok<'_>>, usize> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().enumerate().peekable();
    while let Some((pos, (start, c))) = chars.next() {
        if is_sep(c) {
            continue;
        }
        if c == '"' {
            let mut end = None;
            for (_, (b, ch)) in chars.by_ref() {
                if ch == '"' {
                    end = Some(b);
                    break;
                }
            }
            let Some(end) = end else { return Err(pos + 1) };
            let text = line.get(start + 1..end).unwrap_or("");
            out.push(Tok {
                text,
                line: line_no,
                col: pos + 1,
                quoted: true,
            });
        } else {
            let mut end = line.len();
            while let Some(&(_, (b, ch))) = chars.peek() {
                if is_sep(ch) || ch == '"' {
                    end = b;
                    break;
                }
                chars.next();
            }
            let text = line.get(start..end).unwrap_or("");
            out.push(Tok {
                text,
                line: line_no,
                col: pos + 1,
                quoted: false,
            });
        }
    }
    Ok(out)
}

fn whitespace(c: char) -> bool {
    c.is_whitespace()
}

/// What the lines after a `*` keyword hold.
enum Section {
    /// Before the first keyword.
    Start,
    /// Vertex lines.
    Vertices,
    /// `i j [w]` lines (`list` false) or `i j k …` lines (`list` true).
    Ties {
        directed: bool,
        list: bool,
        relation: Option<RelationId>,
    },
    /// A matrix being read value by value.
    Matrix(MatrixSection),
    /// A partition, vector or other object of a Pajek project: not part of the network.
    Skip,
}

struct MatrixSection {
    line: usize,
    relation: Option<RelationId>,
    rows: usize,
    cols: usize,
    seen: u64,
    cells: BTreeMap<(u32, u32), f64>,
}

struct Reader<'a> {
    file: &'a str,
    force_directed: bool,
    study: Study,
    /// Declared vertex count, first-mode count and the line of `*Vertices`.
    vertices: Option<(usize, Option<usize>, usize)>,
    /// Label and line of every listed vertex, by vertex index.
    labels: Vec<Option<(String, usize)>>,
    ties: Vec<Tie>,
    relations: HashMap<u64, RelationId>,
    /// Line of the first arc section (or asymmetric matrix), empty or not.
    arc_section: Option<usize>,
    /// Whether an edge section (or symmetric matrix) was seen, empty or not.
    edge_section: bool,
    /// Lines of text before `*Vertices`, skipped: line number and text.
    skipped: Vec<(usize, String)>,
    section: Section,
}

/// Reads a Pajek `.net` (or the first network of a `.paj` project). See the module
/// documentation for what is read and how node ids are chosen.
pub fn read(src: &Input, opts: &ReadOptions) -> Result<Study, ImportError> {
    read_noted(src, opts, &mut Vec::new())
}

/// [`read`], adding to `notes` a sentence for each thing the file did not say outright:
/// lines skipped before `*Vertices`, empty arc sections that did not make the network
/// directed.
pub fn read_noted(
    src: &Input,
    opts: &ReadOptions,
    notes: &mut Vec<String>,
) -> Result<Study, ImportError> {
    let text = decode(src.bytes);
    let mut r = Reader {
        file: src.name,
        force_directed: opts.directed,
        study: Study::new(false),
        vertices: None,
        labels: Vec::new(),
        ties: Vec::new(),
        relations: HashMap::new(),
        arc_section: None,
        edge_section: false,
        skipped: Vec::new(),
        section: Section::Start,
    };
    for (line_no, line) in numbered_lines(&text) {
        let trimmed = line.trim_start();
        if trimmed.trim_end().is_empty() || trimmed.starts_with('%') {
            continue;
        }
        if let Some(rest) = keyword_rest(trimmed, "*network") {
            if r.vertices.is_some() {
                // The second network of a project: Kith opens one network per file.
                break;
            }
            r.end_section()?;
            r.study.name = unquote(rest.trim()).to_string();
            r.section = Section::Start;
            continue;
        }
        if matches!(r.section, Section::Skip) {
            // Partitions and vectors have their own `*Vertices n` line: skip up to the
            // next `*Network`.
            continue;
        }
        if matches!(r.section, Section::Start) && !trimmed.starts_with('*') {
            // A title or comment before `*Vertices`: Pajek and igraph skip it, whatever it
            // holds (an unclosed quote too).
            r.skipped.push((line_no, trimmed.trim_end().to_string()));
            continue;
        }
        let toks = split_line(line, line_no, whitespace).map_err(|col| {
            ImportError::at(
                r.file,
                line_no,
                col,
                "this quote is not closed on the same line",
            )
        })?;
        let Some(first) = toks.first() else { continue };
        if !first.quoted && first.text.starts_with('*') {
            r.start_section(&toks)?;
        } else {
            r.data_line(&toks)?;
        }
    }
    r.finish(notes)
}

/// The rest of the line when it starts with `keyword` (in any case) as a whole word.
fn keyword_rest<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let head = line.get(..keyword.len())?;
    let rest = line.get(keyword.len()..)?;
    let whole_word = rest.chars().next().is_none_or(char::is_whitespace);
    (head.eq_ignore_ascii_case(keyword) && whole_word).then_some(rest)
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(s)
}

/// Parses a whole non-negative count, such as a vertex number.
fn count(text: &str) -> Option<u64> {
    let t = text.strip_prefix('+').unwrap_or(text);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Very long digit strings are out of range rather than unparseable.
    Some(t.parse::<u64>().unwrap_or(u64::MAX))
}

impl Reader<'_> {
    fn at(&self, tok: &Tok, message: impl Into<String>) -> ImportError {
        ImportError::at(self.file, tok.line, tok.col, message)
    }

    fn start_section(&mut self, toks: &[Tok]) -> Result<(), ImportError> {
        self.end_section()?;
        let Some(head) = toks.first() else {
            return Ok(());
        };
        let keyword = head.text.trim_start_matches('*').to_ascii_lowercase();
        let (directed, list) = match keyword.as_str() {
            "vertices" => return self.start_vertices(toks),
            "arcs" => (true, false),
            "edges" => (false, false),
            "arcslist" => (true, true),
            "edgeslist" => (false, true),
            "matrix" => (true, false),
            "partition" | "vector" | "permutation" | "cluster" | "hierarchy" => {
                self.section = Section::Skip;
                return Ok(());
            }
            _ => {
                return Err(self.at(
                    head,
                    format!(
                        "\"{}\" is not a Pajek section (expected *Network, *Vertices, *Arcs, \
                         *Edges, *Arcslist, *Edgeslist or *Matrix)",
                        head.text
                    ),
                ));
            }
        };
        let Some((n, n1, _)) = self.vertices else {
            return Err(self.at(
                head,
                format!(
                    "{} comes before *Vertices; a Pajek network starts with \"*Vertices n\"",
                    head.text
                ),
            ));
        };
        let relation = self.section_relation(toks)?;
        if keyword == "matrix" {
            let (rows, cols) = match n1 {
                Some(n1) => (n1, n - n1),
                None => (n, n),
            };
            self.section = Section::Matrix(MatrixSection {
                line: head.line,
                relation,
                rows,
                cols,
                seen: 0,
                cells: BTreeMap::new(),
            });
        } else {
            if directed {
                self.arc_section.get_or_insert(head.line);
            } else {
                self.edge_section = true;
            }
            self.section = Section::Ties {
                directed,
                list,
                relation,
            };
        }
        Ok(())
    }

    fn start_vertices(&mut self, toks: &[Tok]) -> Result<(), ImportError> {
        let Some(head) = toks.first() else {
            return Ok(());
        };
        if let Some((_, _, first)) = self.vertices {
            return Err(self.at(
                head,
                format!("a second *Vertices line (the first is on line {first})"),
            ));
        }
        let Some(n_tok) = toks.get(1) else {
            return Err(ImportError::at(
                self.file,
                head.line,
                head.end_col(),
                "*Vertices needs the number of vertices, as in \"*Vertices 16\"",
            ));
        };
        let n = self.declared(n_tok)?;
        let n1 = match toks.get(2) {
            Some(t) => {
                let n1 = self.declared(t)?;
                if n1 > n {
                    return Err(self.at(
                        t,
                        format!("the first mode has {n1} vertices, more than the {n} in all"),
                    ));
                }
                Some(n1)
            }
            None => None,
        };
        self.vertices = Some((n, n1, head.line));
        self.labels = vec![None; n];
        self.section = Section::Vertices;
        Ok(())
    }

    fn declared(&self, tok: &Tok) -> Result<usize, ImportError> {
        let Some(n) = count(tok.text).filter(|_| !tok.quoted) else {
            return Err(self.at(tok, format!("\"{}\" is not a number of vertices", tok.text)));
        };
        match usize::try_from(n) {
            Ok(n) if n <= MAX_VERTICES => Ok(n),
            _ => Err(self.at(
                tok,
                format!("{n} vertices is more than Kith reads (at most {MAX_VERTICES})"),
            )),
        }
    }

    /// The relation named by `:k ["name"]` after a section keyword.
    fn section_relation(&mut self, toks: &[Tok]) -> Result<Option<RelationId>, ImportError> {
        let Some(tag) = toks.get(1) else {
            return Ok(None);
        };
        let Some(k_text) = tag.text.strip_prefix(':').filter(|_| !tag.quoted) else {
            return Err(self.at(
                tag,
                format!(
                    "expected a relation number such as \":2\" here, found \"{}\"",
                    tag.text
                ),
            ));
        };
        let Some(k) = count(k_text) else {
            return Err(self.at(
                tag,
                format!("\"{}\" is not a relation number such as \":2\"", tag.text),
            ));
        };
        let words: Vec<&str> = toks.iter().skip(2).map(|t| t.text).collect();
        let name = words.join(" ");
        self.relation(k, &name, tag).map(Some)
    }

    fn relation(&mut self, k: u64, name: &str, at: &Tok) -> Result<RelationId, ImportError> {
        if let Some(&r) = self.relations.get(&k) {
            return Ok(r);
        }
        let name = if name.trim().is_empty() {
            k.to_string()
        } else {
            name.to_string()
        };
        let r = self
            .study
            .relation(&name)
            .map_err(|e| self.at(at, e.to_string()))?;
        self.relations.insert(k, r);
        Ok(r)
    }

    fn data_line(&mut self, toks: &[Tok]) -> Result<(), ImportError> {
        let Some(first) = toks.first() else {
            return Ok(());
        };
        match &self.section {
            // Lines before the first section are skipped before they get here; a quoted
            // token that starts with `*` is the one left.
            Section::Start => {
                self.skipped.push((first.line, first.text.to_string()));
                Ok(())
            }
            Section::Skip => Ok(()),
            Section::Vertices => self.vertex_line(toks),
            &Section::Ties {
                directed,
                list,
                relation,
            } => self.tie_line(toks, directed, list, relation),
            Section::Matrix(_) => self.matrix_line(toks),
        }
    }

    fn vertex_line(&mut self, toks: &[Tok]) -> Result<(), ImportError> {
        let Some(first) = toks.first() else {
            return Ok(());
        };
        let i = self.vertex(first)?;
        let label = toks.get(1).map_or("", |t| t.text).to_string();
        match self.labels.get_mut(i as usize) {
            Some(Some((_, line))) => {
                let line = *line;
                Err(self.at(
                    first,
                    format!("vertex {} is listed twice (first on line {line})", i + 1),
                ))
            }
            Some(slot) => {
                *slot = Some((label, first.line));
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// The 0-based index of the vertex a token numbers.
    fn vertex(&self, tok: &Tok) -> Result<u32, ImportError> {
        let n = self.labels.len();
        let Some(v) = count(tok.text).filter(|_| !tok.quoted) else {
            return Err(self.at(tok, format!("\"{}\" is not a vertex number", tok.text)));
        };
        if v == 0 {
            return Err(self.at(tok, "vertex 0 does not exist: vertices are numbered from 1"));
        }
        if v > n as u64 {
            let among = if n == 1 {
                "the 1 vertex".to_string()
            } else {
                format!("the {n} vertices")
            };
            return Err(self.at(tok, format!("vertex {v} is not among {among}")));
        }
        Ok((v - 1) as u32)
    }

    fn tie_line(
        &mut self,
        toks: &[Tok],
        directed: bool,
        list: bool,
        relation: Option<RelationId>,
    ) -> Result<(), ImportError> {
        let (relation, toks) = match toks.first() {
            // Multi-relational files may prefix a tie with its relation: `2: 1 5`.
            Some(t) if !t.quoted && t.text.len() > 1 && t.text.ends_with(':') => {
                let Some(k) = count(t.text.trim_end_matches(':')) else {
                    return Err(self.at(
                        t,
                        format!("\"{}\" is not a relation number such as \"2:\"", t.text),
                    ));
                };
                (Some(self.relation(k, "", t)?), toks.get(1..).unwrap_or(&[]))
            }
            _ => (relation, toks),
        };
        let Some(first) = toks.first() else {
            return Ok(());
        };
        let source = self.vertex(first)?;
        let Some(second) = toks.get(1) else {
            if list {
                // A list line with only its vertex: nothing to add.
                return Ok(());
            }
            return Err(ImportError::at(
                self.file,
                first.line,
                first.end_col(),
                "a tie needs two vertex numbers, as in \"1 2\"",
            ));
        };
        let targets = if list {
            let mut targets = Vec::with_capacity(toks.len());
            for t in toks.iter().skip(1) {
                targets.push((self.vertex(t)?, 1.0));
            }
            targets
        } else {
            let target = self.vertex(second)?;
            let weight = match toks.get(2) {
                Some(t) => parse_number(t.text).filter(|_| !t.quoted).ok_or_else(|| {
                    self.at(
                        t,
                        format!(
                            "\"{}\" is not a weight (expected a number such as 1 or 2.5)",
                            t.text
                        ),
                    )
                })?,
                None => 1.0,
            };
            vec![(target, weight)]
        };
        for (target, weight) in targets {
            self.ties.push(Tie {
                source: NodeId(source),
                target: NodeId(target),
                weight,
                relation,
                wave: None,
                directed,
            });
        }
        Ok(())
    }

    fn matrix_line(&mut self, toks: &[Tok]) -> Result<(), ImportError> {
        let file = self.file;
        let Section::Matrix(m) = &mut self.section else {
            return Ok(());
        };
        let total = m.rows as u64 * m.cols as u64;
        for t in toks {
            if m.seen >= total {
                return Err(ImportError::at(
                    file,
                    t.line,
                    t.col,
                    format!(
                        "the matrix already has its {} rows of {} values; this value is one too many",
                        m.rows, m.cols
                    ),
                ));
            }
            let Some(w) = parse_number(t.text).filter(|_| !t.quoted) else {
                return Err(ImportError::at(
                    file,
                    t.line,
                    t.col,
                    format!(
                        "\"{}\" is not a tie value (expected a number such as 0, 1 or 2.5)",
                        t.text
                    ),
                ));
            };
            // `seen < rows * cols`, so both fit the u32 vertex numbers.
            let row = (m.seen / m.cols as u64) as u32;
            let col = (m.seen % m.cols as u64) as u32;
            if w != 0.0 {
                m.cells.insert((row, col), w);
            }
            m.seen += 1;
        }
        Ok(())
    }

    /// Turns a finished matrix section into ties.
    fn end_section(&mut self) -> Result<(), ImportError> {
        let Section::Matrix(m) = std::mem::replace(&mut self.section, Section::Start) else {
            return Ok(());
        };
        let total = m.rows as u64 * m.cols as u64;
        if m.seen < total {
            return Err(ImportError::line(
                self.file,
                m.line,
                format!(
                    "*Matrix needs {} rows of {} values ({total} in all), found {}",
                    m.rows, m.cols, m.seen
                ),
            ));
        }
        let two_mode = self.vertices.and_then(|(_, n1, _)| n1);
        let offset = two_mode.unwrap_or(0) as u32;
        let symmetric = m
            .cells
            .iter()
            .all(|(&(i, j), w)| m.cells.get(&(j, i)) == Some(w));
        let directed = two_mode.is_none() && (self.force_directed || !symmetric);
        if directed {
            self.arc_section.get_or_insert(m.line);
        } else {
            self.edge_section = true;
        }
        for (&(i, j), &w) in &m.cells {
            if two_mode.is_none() && !directed && j < i {
                continue;
            }
            self.ties.push(Tie {
                source: NodeId(i),
                target: NodeId(j + offset),
                weight: w,
                relation: m.relation,
                wave: None,
                directed,
            });
        }
        Ok(())
    }

    fn finish(mut self, notes: &mut Vec<String>) -> Result<Study, ImportError> {
        self.end_section()?;
        let Some((_, n1, _)) = self.vertices else {
            return Err(ImportError::file(
                self.file,
                "no *Vertices line: a Pajek network starts with \"*Vertices n\"",
            ));
        };
        let given: Vec<&str> = self
            .labels
            .iter()
            .map(|l| l.as_ref().map_or("", |(s, _)| s.as_str()))
            .collect();
        let mut distinct = HashSet::new();
        let labels_are_ids = given.iter().all(|l| !l.is_empty() && distinct.insert(*l));
        let mut study = self.study;
        for (i, label) in given.iter().enumerate() {
            let number = (i + 1).to_string();
            let label = if label.is_empty() {
                number.clone()
            } else {
                label.to_string()
            };
            let id = if labels_are_ids {
                label.clone()
            } else {
                number
            };
            let kind = match n1 {
                Some(n1) if i >= n1 => NodeKind::Group,
                _ => NodeKind::Respondent,
            };
            study
                .add_node(id, label, kind)
                .map_err(|e| ImportError::file(self.file, e.to_string()))?;
        }
        let arcs = self.ties.iter().filter(|t| t.directed).count();
        // Direction comes from the ties: an empty `*Arcs` beside edges is Pajek's habit in
        // undirected networks. Only arc sections and no tie at all keeps the direction the
        // sections declare.
        study.directed =
            arcs > 0 || (self.ties.is_empty() && !self.edge_section && self.arc_section.is_some());
        if let (Some(line), false) = (self.arc_section, study.directed)
            && !self.ties.is_empty()
        {
            notes.push(format!(
                "{} line {line}: the arc section holds no arcs, so the network is undirected \
                 (Pajek writes an empty *Arcs into undirected networks)",
                self.file
            ));
        }
        for tie in self.ties {
            // Vertex numbers were checked against the count, so every tie is accepted.
            let _ = study.add_tie(tie);
        }
        if let Some((line, text)) = self.skipped.first() {
            let count = self.skipped.len();
            let lines = if count == 1 {
                format!("line {line}")
            } else {
                format!("{count} lines from line {line}")
            };
            let shown: String = text.chars().take(60).collect();
            let more = if shown.len() < text.len() { "…" } else { "" };
            notes.push(format!(
                "{}: skipped {lines} of text before *Vertices (\"{shown}{more}\"), as Pajek and \
                 igraph do",
                self.file
            ));
        }
        Ok(study)
    }
}

/// Writes a Pajek `.net`.
///
/// - `*Network` with the study's name, when it has one.
/// - `*Vertices n n1` when every person (respondent or alter) comes before every place and
///   group, so the file reads back as two-mode; plain `*Vertices n` otherwise.
/// - One line per vertex, `i "name"`. The name is the node's label when labels are unique
///   and not empty (reading back then makes the labels the ids), else its id. Pajek cannot
///   escape a double quote inside a label, so one becomes `'`.
/// - Ties without a relation in `*Arcs` and `*Edges` sections, then for each relation
///   `*Arcs :k "name"` and `*Edges :k "name"`, with `i j weight` lines. Ties come out
///   grouped by relation and direction, not in their original order.
///
/// Waves, node attributes and tie attributes do not fit the format; each gets a note saying
/// what was dropped.
pub fn write(study: &Study) -> Written {
    let mut out = String::new();
    let mut notes = Vec::new();
    if !study.name.trim().is_empty() {
        let _ = writeln!(out, "*Network {}", one_line(&study.name));
    }
    let nodes = study.nodes();
    let n = nodes.len();
    let people = nodes.iter().take_while(|v| v.kind.is_person()).count();
    let two_mode =
        people > 0 && people < n && nodes.iter().skip(people).all(|v| !v.kind.is_person());
    if two_mode {
        let _ = writeln!(out, "*Vertices {n} {people}");
        let changed = nodes
            .iter()
            .filter(|v| matches!(v.kind, NodeKind::Alter | NodeKind::Place))
            .count();
        if changed > 0 {
            notes.push(format!(
                "Pajek has two modes, not node kinds: {changed} alters and places will read back \
                 as respondents and groups."
            ));
        }
    } else {
        let _ = writeln!(out, "*Vertices {n}");
        let changed = nodes
            .iter()
            .filter(|v| v.kind != NodeKind::Respondent)
            .count();
        if changed > 0 {
            notes.push(format!(
                "Pajek keeps no node kinds here: {changed} nodes that are not respondents will \
                 read back as respondents."
            ));
        }
    }
    for (i, name) in vertex_names(study, &mut notes).iter().enumerate() {
        let _ = writeln!(out, "{} \"{name}\"", i + 1);
    }

    let has_relations = !study.relations().is_empty();
    let mut groups: Vec<(Option<RelationId>, String)> = Vec::new();
    if !has_relations || study.ties().iter().any(|t| t.relation.is_none()) {
        groups.push((None, String::new()));
    }
    for (k, name) in study.relations().iter().enumerate() {
        groups.push((
            Some(RelationId(k as u16)),
            format!(" :{} \"{}\"", k + 1, pajek_text(name)),
        ));
    }
    let mut bad_weights = 0;
    for (relation, suffix) in &groups {
        let in_group: Vec<&Tie> = study
            .ties()
            .iter()
            .filter(|t| {
                t.relation == *relation || (relation.is_none() && !known_relation(study, t))
            })
            .collect();
        let mut wrote = false;
        for (directed, keyword) in [(true, "*Arcs"), (false, "*Edges")] {
            let section: Vec<&&Tie> = in_group.iter().filter(|t| t.directed == directed).collect();
            if section.is_empty() {
                continue;
            }
            wrote = true;
            let _ = writeln!(out, "{keyword}{suffix}");
            for t in section {
                let weight = if t.weight.is_finite() {
                    t.weight
                } else {
                    bad_weights += 1;
                    1.0
                };
                let _ = writeln!(
                    out,
                    "{} {} {}",
                    t.source.index() + 1,
                    t.target.index() + 1,
                    Value::Number(weight)
                );
            }
        }
        if !wrote {
            // An empty section keeps a relation without ties, and the network's direction.
            let keyword = if study.directed { "*Arcs" } else { "*Edges" };
            let _ = writeln!(out, "{keyword}{suffix}");
        }
    }
    if bad_weights > 0 {
        notes.push(format!(
            "{bad_weights} ties had a weight that is not a number; they were written with weight 1."
        ));
    }
    notes.extend(dropped_notes(study, "Pajek"));
    Written {
        bytes: out.into_bytes(),
        notes,
    }
}

fn known_relation(study: &Study, tie: &Tie) -> bool {
    tie.relation
        .is_some_and(|r| study.relation_name(r).is_some())
}

/// A label as Pajek can hold it: on one line, and with `'` for `"`, which Pajek cannot escape.
pub(super) fn pajek_text(s: &str) -> String {
    s.replace('"', "'").replace(['\r', '\n'], " ")
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// The name to write for each vertex: labels when they are unique, else ids. Notes what
/// the reader will not get back.
pub(super) fn vertex_names(study: &Study, notes: &mut Vec<String>) -> Vec<String> {
    let nodes = study.nodes();
    let labels: Vec<String> = nodes.iter().map(|v| pajek_text(&v.label)).collect();
    let ids: Vec<String> = nodes.iter().map(|v| pajek_text(&v.id)).collect();
    let altered = nodes
        .iter()
        .filter(|v| v.label.contains(['"', '\r', '\n']) || v.id.contains(['"', '\r', '\n']))
        .count();
    if altered > 0 {
        notes.push(format!(
            "{altered} node names held double quotes or line breaks, written as ' and spaces."
        ));
    }
    if unique_names(&labels) {
        let differ = nodes.iter().filter(|v| v.id != v.label).count();
        if differ > 0 {
            notes.push(format!(
                "The file holds labels, not ids: {differ} nodes whose id differs from their \
                 label will read back with the label as id."
            ));
        }
        labels
    } else if unique_names(&ids) {
        let differ = nodes.iter().filter(|v| v.id != v.label).count();
        if differ > 0 {
            notes.push(format!(
                "Labels are empty or shared by several nodes, so node ids were written in \
                 their place; {differ} labels that differ from their ids were dropped."
            ));
        }
        ids
    } else {
        notes.push(
            "Neither labels nor ids are unique once written, so the file will read back with \
             vertex numbers as ids."
                .to_string(),
        );
        labels
    }
}

fn unique_names(names: &[String]) -> bool {
    let mut seen = HashSet::new();
    names
        .iter()
        .all(|n| !n.is_empty() && seen.insert(n.as_str()))
}

/// Notes for waves, node attributes and tie attributes, which neither Pajek nor DL holds.
pub(super) fn dropped_notes(study: &Study, format: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let with_wave = study.ties().iter().filter(|t| t.wave.is_some()).count();
    if with_wave > 0 {
        notes.push(format!(
            "{format} has no waves: the wave of {with_wave} ties was dropped and all waves are \
             written together; use GraphML or GEXF to keep them."
        ));
    }
    for (what, attrs) in [
        ("node", study.node_attributes()),
        ("tie", study.tie_attributes()),
    ] {
        if !attrs.is_empty() {
            let names: Vec<&str> = attrs.iter().map(|a| a.name()).collect();
            notes.push(format!(
                "{format} cannot hold {what} attributes: {} were dropped ({}); use GraphML or \
                 GEXF to keep them.",
                attrs.len(),
                names.join(", ")
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::test_support::tie_set;
    use crate::model::WaveId;

    fn read_str(text: &str) -> Result<Study, ImportError> {
        read(
            &Input {
                name: "t.net",
                bytes: text.as_bytes(),
            },
            &ReadOptions::default(),
        )
    }

    fn err(text: &str) -> String {
        read_str(text).unwrap_err().to_string()
    }

    fn ids(s: &Study) -> Vec<&str> {
        s.nodes().iter().map(|n| n.id.as_str()).collect()
    }

    const MIXED: &str = "% A test network\r\n\
        *Network \"Village study\"\r\n\
        *vertices 5\r\n\
        1 \"Ann Lee\" 0.1 0.2 0.5 box ic Red\r\n\
        2 Bob\r\n\
        \r\n\
        3 \"Cat O'Hara\"\r\n\
        5 \"Eve\"\r\n\
        *Arcs :1 \"rely_on\"\r\n\
        1 2 2.5\r\n\
        2 3\r\n\
        *EDGES :2 \"advice\"\r\n\
        3 5 1 c Blue\r\n\
        *Arcs :1\r\n\
        5 1 -1\r\n\
        *Arcslist\r\n\
        4 1 2 3\r\n\
        % Matrix with a self-loop; asymmetric, so arcs\r\n\
        *Matrix :3 \"lends\"\r\n\
        0 0 0 0 0\r\n\
        0 0 0 0 0 0 0 0 0 0\r\n\
        0 0 0 0 4\r\n\
        0 0 0 0 7\r\n";

    #[test]
    fn reads_labels_sections_relations_lists_and_matrix() {
        let s = read_str(MIXED).unwrap();
        assert_eq!(s.name, "Village study");
        assert!(s.directed);
        // Vertex 4 has no label, so ids are vertex numbers and 4 is labelled "4".
        assert_eq!(ids(&s), ["1", "2", "3", "4", "5"]);
        let labels: Vec<&str> = s.nodes().iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Ann Lee", "Bob", "Cat O'Hara", "4", "Eve"]);
        assert_eq!(s.relations(), ["rely_on", "advice", "lends"]);
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
                t("1", "2", "2.5", "rely_on", true),
                t("2", "3", "1", "rely_on", true),
                t("3", "5", "1", "advice", false),
                t("4", "1", "1", "", true),
                t("4", "2", "1", "", true),
                t("4", "3", "1", "", true),
                t("4", "5", "4", "lends", true),
                t("5", "1", "-1", "rely_on", true),
                t("5", "5", "7", "lends", true),
            ]
        );
        // Ties keep the file's order within the sections.
        assert_eq!(s.ties()[0].weight, 2.5);
        assert_eq!(s.ties()[2].relation, Some(RelationId(1)));
        assert!(!s.ties()[2].directed);
    }

    #[test]
    fn unique_labels_become_ids_and_symmetric_matrix_is_undirected() {
        let s = read_str("*Vertices 3\n1 a\n2 b\n3 c\n*Matrix\n0 1 0\n1 0 2\n0 2 0\n").unwrap();
        assert_eq!(ids(&s), ["a", "b", "c"]);
        assert!(!s.directed);
        assert_eq!(s.tie_count(), 2);
        assert_eq!(
            (
                s.ties()[1].source.0,
                s.ties()[1].target.0,
                s.ties()[1].weight
            ),
            (1, 2, 2.0)
        );
        let opts = ReadOptions {
            directed: true,
            ..ReadOptions::default()
        };
        let d = read(
            &Input {
                name: "t.net",
                bytes: b"*Vertices 2\n*Matrix\n0 1\n1 0\n",
            },
            &opts,
        )
        .unwrap();
        assert!(d.directed);
        assert_eq!(d.tie_count(), 2);
        assert_eq!(ids(&d), ["1", "2"]);
    }

    #[test]
    fn two_mode_vertices_and_relation_prefixed_lines() {
        let mut text = String::from("*Vertices 32 18\n");
        for i in 1..=32 {
            text.push_str(&format!(
                "{i} \"{} {i}\"\n",
                if i <= 18 { "Woman" } else { "Event" }
            ));
        }
        text.push_str("*Edges\n1 19\n18 32\n1: 2 20\n*Matrix\n");
        for r in 0..18 {
            let row: Vec<&str> = (0..14).map(|c| if r == c { "1" } else { "0" }).collect();
            text.push_str(&row.join(" "));
            text.push('\n');
        }
        let s = read_str(&text).unwrap();
        assert_eq!(s.node_count(), 32);
        assert_eq!(s.nodes()[17].kind, NodeKind::Respondent);
        assert_eq!(s.nodes()[18].kind, NodeKind::Group);
        assert_eq!(s.nodes()[18].id, "Event 19");
        assert!(!s.directed);
        assert_eq!(s.tie_count(), 3 + 14);
        assert_eq!(s.relations(), ["1"]);
        assert_eq!(s.ties()[2].relation, Some(RelationId(0)));
        // Matrix row 14 (0-based 13) column 14 is vertex 14 to vertex 18 + 14 = 32.
        let last = &s.ties()[16];
        assert_eq!(
            (last.source.0, last.target.0, last.directed),
            (13, 31, false)
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            err("*Vertices 16\n*Edges\n1 2\n3   17\n"),
            "t.net line 4, column 5: vertex 17 is not among the 16 vertices"
        );
        assert_eq!(
            err("*Vertices 3\n*Arcs\n1 2 heavy\n"),
            "t.net line 3, column 5: \"heavy\" is not a weight (expected a number such as 1 or 2.5)"
        );
        assert_eq!(
            err("*Edges\n1 2\n"),
            "t.net line 1, column 1: *Edges comes before *Vertices; a Pajek network starts with \"*Vertices n\""
        );
        assert_eq!(
            err("% nothing\n"),
            "t.net: no *Vertices line: a Pajek network starts with \"*Vertices n\""
        );
        assert_eq!(
            err("*Vertices 2\n1 \"Ann\n"),
            "t.net line 2, column 3: this quote is not closed on the same line"
        );
        assert_eq!(
            err("*Vertices 2\n1 a\n1 b\n"),
            "t.net line 3, column 1: vertex 1 is listed twice (first on line 2)"
        );
        assert_eq!(
            err("*Vertices 2\n*Edges\n0 1\n"),
            "t.net line 3, column 1: vertex 0 does not exist: vertices are numbered from 1"
        );
        assert_eq!(
            err("*Vertices 1\n*Edges\n1 x\n"),
            "t.net line 3, column 3: \"x\" is not a vertex number"
        );
        assert_eq!(
            err("*Vertices 1\n*Edges\n1 2\n"),
            "t.net line 3, column 3: vertex 2 is not among the 1 vertex"
        );
        assert_eq!(
            err("*Vertices 2\n*Edges\n 1\n"),
            "t.net line 3, column 3: a tie needs two vertex numbers, as in \"1 2\""
        );
        assert_eq!(
            err("*Vertices 2\n*Matrix\n0 1\n1\n*Edges\n"),
            "t.net line 2: *Matrix needs 2 rows of 2 values (4 in all), found 3"
        );
        assert_eq!(
            err("*Vertices 1\n*Matrix\n0 1\n"),
            "t.net line 3, column 3: the matrix already has its 1 rows of 1 values; this value is one too many"
        );
        assert_eq!(
            err("*Vertices 999999999\n"),
            "t.net line 1, column 11: 999999999 vertices is more than Kith reads (at most 1000000)"
        );
        assert_eq!(
            err("*Vertices 3 4\n"),
            "t.net line 1, column 13: the first mode has 4 vertices, more than the 3 in all"
        );
        assert_eq!(
            err("*Vertices 3\n*Links\n"),
            "t.net line 2, column 1: \"*Links\" is not a Pajek section (expected *Network, *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist or *Matrix)"
        );
        assert_eq!(
            err("1 2\n"),
            "t.net: no *Vertices line: a Pajek network starts with \"*Vertices n\""
        );
        assert_eq!(
            err("*Vertices\n"),
            "t.net line 1, column 10: *Vertices needs the number of vertices, as in \"*Vertices 16\""
        );
        assert_eq!(
            err("*Vertices 2\n*Arcs 2\n"),
            "t.net line 2, column 7: expected a relation number such as \":2\" here, found \"2\""
        );
    }

    #[test]
    fn unlisted_vertices_projects_and_odd_input_do_not_panic() {
        let s = read_str("*Vertices 3\n*Edges\n1 3\n").unwrap();
        assert_eq!(ids(&s), ["1", "2", "3"]);
        assert!(!s.directed);
        let s = read_str("*Network a\n*Vertices 1\n*Network b\n*Vertices 2\n").unwrap();
        assert_eq!((s.name.as_str(), s.node_count()), ("a", 1));
        let s = read_str("*Vertices 2\n*Arcs\n1 2\n*Partition p\n*Vertices 2\n1\n2\n").unwrap();
        assert_eq!(s.tie_count(), 1);
        for junk in [
            "*",
            "\"",
            "*Vertices 1\n1 \"",
            "*Vertices 4294967297\n",
            "*Vertices 2\n*Arcs\n1 99999999999999999999999\n",
            "\r\r*vertices 1\r",
            "*Vertices 0\n*Matrix\n",
        ] {
            let _ = read_str(junk);
        }
        let s = read_str("\r\r*vertices 1\r").unwrap();
        assert_eq!(s.node_count(), 1);
    }

    fn read_notes(text: &str) -> (Study, Vec<String>) {
        let mut notes = Vec::new();
        let s = read_noted(
            &Input {
                name: "t.net",
                bytes: text.as_bytes(),
            },
            &ReadOptions::default(),
            &mut notes,
        )
        .unwrap();
        (s, notes)
    }

    #[test]
    fn direction_comes_from_the_ties_not_from_empty_arc_sections() {
        // Pajek's own habit: an empty *Arcs before the edges of an undirected network.
        let (s, notes) = read_notes("*Vertices 3\n1 a\n2 b\n3 c\n*Arcs\n*Edges\n1 2 1\n1 3 1\n");
        assert!(!s.directed);
        assert_eq!(s.degrees(), [2, 1, 1]);
        assert_eq!(
            notes,
            [
                "t.net line 5: the arc section holds no arcs, so the network is undirected (Pajek writes an empty *Arcs into undirected networks)"
            ]
        );
        let (s, _) = read_notes("*Vertices 3\n*Edgeslist\n1 2 3\n*Arcslist\n");
        assert!(!s.directed);
        assert_eq!(s.tie_count(), 2);
        // Real arcs make it directed; edges beside them stay undirected ties.
        let (s, notes) = read_notes("*Vertices 3\n*Arcs\n1 2\n*Edges\n2 3\n");
        assert!(s.directed);
        assert!(s.is_mixed());
        assert!(notes.is_empty());
        // Sections that are all empty arc sections keep a directed network without ties.
        let (s, _) = read_notes("*Vertices 2\n*Arcs\n*Arcs :2 \"advice\"\n");
        assert!(s.directed);
        let (s, _) = read_notes("*Vertices 2\n*Arcs\n*Edges\n");
        assert!(!s.directed);
    }

    #[test]
    fn text_before_vertices_is_skipped_with_a_note() {
        let (s, notes) = read_notes(
            "Friendship in a village, 1998\n% a comment\n*Network village\nwave 1\n*Vertices 2\n1 a\n2 b\n*Edges\n1 2\n",
        );
        assert_eq!(
            (s.node_count(), s.tie_count(), s.name.as_str()),
            (2, 1, "village")
        );
        assert_eq!(
            notes,
            [
                "t.net: skipped 2 lines from line 1 of text before *Vertices (\"Friendship in a village, 1998\"), as Pajek and igraph do"
            ]
        );
        let (_, notes) = read_notes("Bob's \"village\n*Vertices 1\n");
        assert_eq!(
            notes,
            [
                "t.net: skipped line 1 of text before *Vertices (\"Bob's \"village\"), as Pajek and igraph do"
            ]
        );
    }

    fn built() -> Study {
        let mut s = Study::new(true);
        s.name = "built".into();
        let a = s
            .add_node("ann", "Ann \"Nan\" Lee", NodeKind::Respondent)
            .unwrap();
        let b = s.add_node("bob", "Bob", NodeKind::Respondent).unwrap();
        let c = s.add_node("cat", "Cat", NodeKind::Respondent).unwrap();
        let _ = s.add_node("dan", "Dan", NodeKind::Respondent).unwrap();
        let rely = s.relation("rely_on").unwrap();
        let advice = s.relation("advice me").unwrap();
        let _ = s.relation("unused").unwrap();
        let tie = |source, target, weight, relation, directed| Tie {
            source,
            target,
            weight,
            relation,
            wave: None,
            directed,
        };
        s.add_tie(tie(a, b, 2.5, Some(rely), true)).unwrap();
        s.add_tie(tie(b, a, 1.0, Some(rely), true)).unwrap();
        s.add_tie(tie(b, c, 0.125, Some(advice), false)).unwrap();
        s.add_tie(tie(c, c, 3.0, None, true)).unwrap();
        s
    }

    #[test]
    fn round_trip_keeps_nodes_ties_relations_and_direction() {
        let s = built();
        let out = write(&s);
        let text = String::from_utf8(out.bytes.clone()).unwrap();
        assert_eq!(
            text,
            "*Network built\n*Vertices 4\n1 \"Ann 'Nan' Lee\"\n2 \"Bob\"\n3 \"Cat\"\n4 \"Dan\"\n\
             *Arcs\n3 3 3\n*Arcs :1 \"rely_on\"\n1 2 2.5\n2 1 1\n*Edges :2 \"advice me\"\n2 3 0.125\n\
             *Arcs :3 \"unused\"\n"
        );
        assert_eq!(
            out.notes,
            vec![
                "1 node names held double quotes or line breaks, written as ' and spaces.".to_string(),
                "The file holds labels, not ids: 4 nodes whose id differs from their label will read back with the label as id.".to_string(),
            ]
        );
        let back = read_str(&text).unwrap();
        assert_eq!(back.name, "built");
        assert!(back.directed);
        assert_eq!(ids(&back), ["Ann 'Nan' Lee", "Bob", "Cat", "Dan"]);
        assert_eq!(back.relations(), s.relations());
        // Ids were replaced by labels, so compare through positions.
        let pos = |st: &Study| {
            let mut v: Vec<_> = st
                .ties()
                .iter()
                .map(|t| {
                    (
                        t.source.0,
                        t.target.0,
                        t.weight.to_bits(),
                        t.relation,
                        t.directed,
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(pos(&back), pos(&s));
        // A second round trip is exact.
        let again = write(&back);
        assert_eq!(String::from_utf8(again.bytes).unwrap(), text);
        assert!(again.notes.is_empty());
    }

    #[test]
    fn two_mode_written_and_dropped_things_noted() {
        let mut s = Study::new(false);
        let p = s.add_node("p", "p", NodeKind::Respondent).unwrap();
        let q = s.add_node("q", "q", NodeKind::Alter).unwrap();
        let g = s.add_node("g", "g", NodeKind::Group).unwrap();
        let w = s.wave("1").unwrap();
        s.add_tie(Tie {
            source: p,
            target: g,
            weight: 1.0,
            relation: None,
            wave: Some(w),
            directed: false,
        })
        .unwrap();
        s.add_tie(Tie {
            source: q,
            target: g,
            weight: 1.0,
            relation: None,
            wave: Some(WaveId(0)),
            directed: false,
        })
        .unwrap();
        let col = s
            .declare_node_attribute("age", crate::model::AttrType::Numeric)
            .unwrap();
        s.set_node_value(col, p, Some(Value::Number(30.0)));
        let _ = s
            .declare_tie_attribute("note", crate::model::AttrType::Text)
            .unwrap();
        let _ = s
            .declare_tie_attribute("since", crate::model::AttrType::Numeric)
            .unwrap();
        let out = write(&s);
        let text = String::from_utf8(out.bytes).unwrap();
        assert_eq!(
            text,
            "*Vertices 3 2\n1 \"p\"\n2 \"q\"\n3 \"g\"\n*Edges\n1 3 1\n2 3 1\n"
        );
        assert_eq!(
            out.notes,
            vec![
                "Pajek has two modes, not node kinds: 1 alters and places will read back as respondents and groups.".to_string(),
                "Pajek has no waves: the wave of 2 ties was dropped and all waves are written together; use GraphML or GEXF to keep them.".to_string(),
                "Pajek cannot hold node attributes: 1 were dropped (age); use GraphML or GEXF to keep them.".to_string(),
                "Pajek cannot hold tie attributes: 2 were dropped (note, since); use GraphML or GEXF to keep them.".to_string(),
            ]
        );
        let back = read_str(&text).unwrap();
        let kinds: Vec<NodeKind> = back.nodes().iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [NodeKind::Respondent, NodeKind::Respondent, NodeKind::Group]
        );
        assert_eq!(back.tie_count(), 2);
        assert!(!back.directed);
    }

    #[test]
    fn duplicate_labels_write_ids() {
        let mut s = Study::new(false);
        s.add_node("a1", "Sam", NodeKind::Respondent).unwrap();
        s.add_node("a2", "Sam", NodeKind::Respondent).unwrap();
        let out = write(&s);
        assert_eq!(
            String::from_utf8(out.bytes.clone()).unwrap(),
            "*Vertices 2\n1 \"a1\"\n2 \"a2\"\n*Edges\n"
        );
        assert_eq!(out.notes.len(), 1);
        let back = read_str(std::str::from_utf8(&out.bytes).unwrap()).unwrap();
        assert_eq!(ids(&back), ["a1", "a2"]);
        assert!(!back.directed);
    }

    /// Reads the fixtures made with NetworkX, when the checkout has them.
    #[test]
    fn reads_reference_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let expect = [
            ("florentine/florentine.net", 16, 20, false, 1),
            ("karate/karate.net", 34, 78, false, 0),
            ("lesmis/lesmis.net", 77, 254, false, 0),
            ("davis/davis.net", 32, 89, false, 0),
            ("directed/directed.net", 30, 81, true, 0),
        ];
        for (path, nodes, ties, directed, isolates) in expect {
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
            assert_eq!(
                (
                    s.node_count(),
                    s.tie_count(),
                    s.directed,
                    s.isolates().len()
                ),
                (nodes, ties, directed, isolates),
                "{path}"
            );
        }
    }
}

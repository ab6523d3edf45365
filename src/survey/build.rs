//! Survey rows to a [`Study`]: respondents with attributes and wellbeing scores, the people
//! they named (matched to respondents by name, else alters), the places and groups they
//! use, and ties that remember the respondent and column they came from.

use std::collections::{BTreeMap, HashMap};

use super::names::{PersonName, normalise};
use super::recipe::{Names, Recipe};
use super::scales::ScaleKind;
use crate::io::ImportError;
use crate::io::grid::{Grid, GridRow};
use crate::model::{
    AttrType, NodeId, NodeKind, RelationId, Study, StudyError, Tie, Value, parse_number,
};
use polars::prelude::{
    BooleanChunked, Column, DataFrame, PolarsError, Series, SortMultipleOptions, UnpivotArgsIR,
    UnpivotDF,
};

/// The tie attribute naming the respondent a tie came from.
pub use crate::model::RESPONDENT_ID;
/// The tie attribute naming the column a tie came from.
pub const COLUMN: &str = "column";

/// The column of the mentions table ([`mentions`]) holding the respondent's row below the
/// header, counted from 0.
pub const MENTION_ROW: &str = "row";
/// The column of the mentions table holding the line the respondent's row starts on.
pub const MENTION_LINE: &str = "line";
/// The column of the mentions table holding the respondent's id.
pub const MENTION_RESPONDENT: &str = "respondent";
/// The column of the mentions table holding the relation, as its place in the recipe.
pub const MENTION_RELATION: &str = "relation";
/// The column of the mentions table holding the column the name was written in, as the
/// recipe names it.
pub const MENTION_COLUMN: &str = "column";
/// The column of the mentions table holding the name as written (trimmed).
pub const MENTION_NAME: &str = "name";

/// How one wellbeing scale came out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScaleReport {
    /// The attribute the score is stored in.
    pub name: String,
    /// Which scale.
    pub kind: ScaleKind,
    /// Respondents with a score.
    pub scored: usize,
    /// Respondents without one (an item missing or out of range).
    pub missing: usize,
}

/// What the import did, for the summary the CLI prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SurveyReport {
    /// Respondents (rows).
    pub respondents: usize,
    /// Mentions of people that name a respondent.
    pub respondent_mentions: usize,
    /// Distinct respondents named by someone.
    pub respondents_named: usize,
    /// Alters: people named who did not answer.
    pub alters: usize,
    /// Place nodes.
    pub places: usize,
    /// Group nodes.
    pub groups: usize,
    /// Ties per relation, in recipe order.
    pub ties: Vec<(String, usize)>,
    /// Respondents naming themselves: dropped.
    pub self_nominations: usize,
    /// One respondent naming the same person or place twice in one relation: kept once.
    pub repeated: usize,
    /// Cells holding a no-answer token such as `N/A` or `don't know` (blank cells are not
    /// counted).
    pub no_answer_cells: usize,
    /// Merge suggestions listed.
    pub suggestions: usize,
    /// Names that fit more than one person, left unmerged.
    pub ambiguous: usize,
    /// Merges applied (groups of names joined into one person).
    pub merges: usize,
    /// Nodes merged away by those merges.
    pub merged_nodes: usize,
    /// Names joined to a person by the alias table or the roster's short names.
    pub aliases_applied: usize,
    /// Each scale's scored and missing counts.
    pub scales: Vec<ScaleReport>,
    /// Respondents with no tie at all.
    pub isolates: usize,
    /// Problems in cells that did not stop the import, each naming its line and column.
    pub notes: Vec<String>,
}

impl SurveyReport {
    /// The summary for the user, one fact a line.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let mut line = |l: String| {
            s.push_str(&l);
            s.push('\n');
        };
        line(format!("respondents                 {}", self.respondents));
        line(format!(
            "named people matched to respondents  {} mentions of {} respondents",
            self.respondent_mentions, self.respondents_named
        ));
        line(format!("alters                      {}", self.alters));
        line(format!(
            "places / groups             {} / {}",
            self.places, self.groups
        ));
        let ties: Vec<String> = self.ties.iter().map(|(r, n)| format!("{r} {n}")).collect();
        line(format!("ties                        {}", ties.join(", ")));
        line(format!(
            "self-nominations dropped    {}",
            self.self_nominations
        ));
        if self.repeated > 0 {
            line(format!("repeated names kept once    {}", self.repeated));
        }
        line(format!(
            "no-answer cells             {} (blank cells not counted)",
            self.no_answer_cells
        ));
        line(format!(
            "merge suggestions           {} ({} names ambiguous)",
            self.suggestions, self.ambiguous
        ));
        line(format!(
            "merges applied              {} ({} names joined into others)",
            self.merges, self.merged_nodes
        ));
        if self.aliases_applied > 0 {
            line(format!(
                "names joined by aliases     {}",
                self.aliases_applied
            ));
        }
        for sc in &self.scales {
            line(format!(
                "scale {:<21} {} scored, {} missing",
                sc.name, sc.scored, sc.missing
            ));
        }
        line(format!("isolated respondents        {}", self.isolates));
        if !self.notes.is_empty() {
            line(format!("notes ({}):", self.notes.len()));
            for n in self.notes.iter().take(10) {
                line(format!("  {n}"));
            }
            if self.notes.len() > 10 {
                line(format!("  ... and {} more", self.notes.len() - 10));
            }
        }
        s
    }

    /// Recounts what merging can change: kinds, ties per relation, respondents named,
    /// isolates.
    pub fn recount(&mut self, study: &Study) {
        let count = |k: NodeKind| study.nodes().iter().filter(|n| n.kind == k).count();
        self.respondents = count(NodeKind::Respondent);
        self.alters = count(NodeKind::Alter);
        self.places = count(NodeKind::Place);
        self.groups = count(NodeKind::Group);
        let mut per: Vec<usize> = vec![0; study.relations().len()];
        let mut named = vec![false; study.node_count()];
        self.respondent_mentions = 0;
        for t in study.ties() {
            if let Some(r) = t.relation {
                per[r.0 as usize] += 1;
            }
            if study
                .node(t.target)
                .is_some_and(|n| n.kind == NodeKind::Respondent)
            {
                self.respondent_mentions += 1;
                named[t.target.index()] = true;
            }
        }
        self.respondents_named = named.iter().filter(|x| **x).count();
        self.ties = study
            .relations()
            .iter()
            .zip(per)
            .map(|(r, n)| (r.clone(), n))
            .collect();
        self.isolates = study
            .isolates()
            .iter()
            .filter(|n| {
                study
                    .node(**n)
                    .is_some_and(|n| n.kind == NodeKind::Respondent)
            })
            .count();
    }
}

/// A written form of a name, to choose the label of a node named in several ways.
#[derive(Default)]
struct Forms {
    /// Written form -> (times seen, first seen).
    seen: BTreeMap<String, (usize, usize)>,
}

impl Forms {
    fn add(&mut self, form: &str, order: usize) {
        let clean = form.split_whitespace().collect::<Vec<_>>().join(" ");
        self.seen.entry(clean).or_insert((0, order)).0 += 1;
    }

    /// The form to show: written in mixed case if any is (not "DAVID OKAFOR" or "david
    /// okafor"), then the most common, then the first seen.
    fn best(&self) -> Option<&str> {
        self.seen
            .iter()
            .max_by(|(a, (na, fa)), (b, (nb, fb))| {
                mixed_case(a)
                    .cmp(&mixed_case(b))
                    .then(na.cmp(nb))
                    .then(fb.cmp(fa))
            })
            .map(|(f, _)| f.as_str())
    }
}

fn mixed_case(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase)
}

/// The trimmed cell at `i`, or "" past the end of a short row.
fn cell(row: &GridRow, i: usize) -> &str {
    row.cells.get(i).map_or("", |c| c.trim())
}

/// A relation's columns: position in the header and header name.
type RelationColumns = Vec<(usize, String)>;

/// Columns of the recipe resolved to positions in the header.
struct Columns {
    id: usize,
    name: Option<usize>,
    attributes: Vec<(usize, String, AttrType)>,
    relations: Vec<(RelationId, Names, RelationColumns)>,
    scales: Vec<(String, ScaleKind, Vec<usize>)>,
}

pub(crate) fn position(grid: &Grid, header: &GridRow, column: &str) -> Result<usize, ImportError> {
    let wanted = column.trim();
    header
        .cells
        .iter()
        .position(|h| h.trim() == wanted)
        .or_else(|| {
            header
                .cells
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| {
            grid.error_line(
                header,
                format!(
                    "the recipe names column \"{column}\", which the header does not have; \
                     the columns are: {}",
                    header.cells.join(", ")
                ),
            )
        })
}

/// The long table of mentions of a survey: one row per non-blank answer in the recipe's
/// relation columns, with the columns [`MENTION_ROW`], [`MENTION_LINE`],
/// [`MENTION_RESPONDENT`], [`MENTION_RELATION`], [`MENTION_COLUMN`] and [`MENTION_NAME`],
/// ordered respondent by respondent and, for each, in recipe order.
pub fn mentions(grid: &Grid, recipe: &Recipe) -> Result<DataFrame, ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let mut study = Study::new(recipe.directed);
    let cols = resolve(grid, header, recipe, &mut study)?;
    mention_table(grid, &cols)
}

/// The mentions table of [`mentions`]: each relation's columns unpivoted by polars into
/// (respondent, column, name) rows, the relations stacked, blank cells dropped, and the
/// rows put in respondent order (a stable sort, so recipe order stays within a respondent).
fn mention_table(grid: &Grid, cols: &Columns) -> Result<DataFrame, ImportError> {
    let polars_error = |e: PolarsError| ImportError::file(&grid.file, e.to_string());
    // Only the id and the name columns are taken into the frame.
    let mut positions = vec![cols.id];
    for (_, _, columns) in &cols.relations {
        for (p, _) in columns {
            if !positions.contains(p) {
                positions.push(*p);
            }
        }
    }
    let body = grid.frame_of(&positions)?;
    let n = body.height();
    // The frame's first column is the line, then the cells at `positions`.
    let cell_column = |p: usize| {
        positions
            .iter()
            .position(|q| *q == p)
            .and_then(|i| body.columns().get(i + 1).cloned())
    };
    let index = [MENTION_ROW, MENTION_LINE, MENTION_RESPONDENT];
    let rows = Column::new(MENTION_ROW.into(), (0..n as u32).collect::<Vec<u32>>());
    let lines = body
        .column(crate::io::grid::LINE)
        .map_err(polars_error)?
        .clone()
        .with_name(MENTION_LINE.into());
    let ids = cell_column(cols.id)
        .ok_or_else(|| ImportError::file(&grid.file, "the id column is missing"))?
        .with_name(MENTION_RESPONDENT.into());
    let mut long: Option<DataFrame> = None;
    for (k, (_, _, columns)) in cols.relations.iter().enumerate() {
        let mut wide = vec![rows.clone(), lines.clone(), ids.clone()];
        let mut on = Vec::with_capacity(columns.len());
        for (p, name) in columns {
            if on
                .iter()
                .any(|o: &polars::prelude::PlSmallStr| o == name.as_str())
            {
                continue;
            }
            // Every position has a column (null past the end of a short row).
            if let Some(c) = cell_column(*p) {
                wide.push(c.with_name(name.as_str().into()));
                on.push(name.as_str().into());
            }
        }
        if on.is_empty() {
            continue;
        }
        let wide = DataFrame::new(n, wide).map_err(polars_error)?;
        let mut part = wide
            .unpivot2(UnpivotArgsIR::new(
                wide.get_column_names_owned(),
                Some(on),
                index.iter().map(|i| (*i).into()).collect(),
                Some(MENTION_NAME.into()),
                Some(MENTION_COLUMN.into()),
            ))
            .map_err(polars_error)?;
        let relation = Column::new(MENTION_RELATION.into(), vec![k as u32; part.height()]);
        part.insert_column(3, relation).map_err(polars_error)?;
        long = Some(match long {
            Some(l) => l.vstack(&part).map_err(polars_error)?,
            None => part,
        });
    }
    let Some(long) = long else {
        let empty = |name: &str, ty: polars::prelude::DataType| Column::new_empty(name.into(), &ty);
        use polars::prelude::DataType;
        return DataFrame::new(
            0,
            vec![
                empty(MENTION_ROW, DataType::UInt32),
                empty(MENTION_LINE, DataType::UInt32),
                empty(MENTION_RESPONDENT, DataType::String),
                empty(MENTION_RELATION, DataType::UInt32),
                empty(MENTION_COLUMN, DataType::String),
                empty(MENTION_NAME, DataType::String),
            ],
        )
        .map_err(polars_error);
    };
    let written: BooleanChunked = long
        .column(MENTION_NAME)
        .and_then(|c| c.str())
        .map_err(polars_error)?
        .iter()
        .map(|v| v.is_some_and(|v| !v.is_empty()))
        .collect();
    long.filter(&written)
        .and_then(|l| {
            l.sort(
                [MENTION_ROW],
                SortMultipleOptions::default().with_maintain_order(true),
            )
        })
        .map_err(polars_error)
}

/// The columns of the mentions table, taken out once to be walked mention by mention.
struct MentionColumns {
    row: Series,
    line: Series,
    relation: Series,
    respondent: Series,
    column: Series,
    name: Series,
}

/// One mention of the mentions table.
struct Mention<'a> {
    /// The respondent's row below the header, from 0.
    row: usize,
    /// The line the respondent's row starts on.
    line: usize,
    /// The relation, as its place in the recipe.
    relation: usize,
    /// The respondent's id.
    respondent: &'a str,
    /// The column, as the recipe names it.
    column: &'a str,
    /// The name as written.
    name: &'a str,
}

impl MentionColumns {
    fn of(grid: &Grid, mentions: &DataFrame) -> Result<Self, ImportError> {
        let column_of = |name: &str| {
            mentions
                .column(name)
                .map_err(|e| ImportError::file(&grid.file, e.to_string()))
                .map(|c| c.as_materialized_series().clone())
        };
        Ok(Self {
            row: column_of(MENTION_ROW)?,
            line: column_of(MENTION_LINE)?,
            relation: column_of(MENTION_RELATION)?,
            respondent: column_of(MENTION_RESPONDENT)?,
            column: column_of(MENTION_COLUMN)?,
            name: column_of(MENTION_NAME)?,
        })
    }

    /// The mentions in table order.
    fn walk<'a>(&'a self, grid: &Grid) -> Result<impl Iterator<Item = Mention<'a>>, ImportError> {
        let error = |e: PolarsError| ImportError::file(&grid.file, e.to_string());
        let numbers = |s: &'a Series| {
            s.u32()
                .map(|c| c.into_no_null_iter().map(|x| x as usize))
                .map_err(error)
        };
        let texts = |s: &'a Series| {
            s.str()
                .map(|c| c.iter().map(Option::unwrap_or_default))
                .map_err(error)
        };
        Ok(numbers(&self.row)?
            .zip(numbers(&self.line)?)
            .zip(numbers(&self.relation)?)
            .zip(texts(&self.respondent)?)
            .zip(texts(&self.column)?)
            .zip(texts(&self.name)?)
            .map(
                |(((((row, line), relation), respondent), column), name)| Mention {
                    row,
                    line,
                    relation,
                    respondent,
                    column,
                    name,
                },
            ))
    }
}

/// Builds the study from the table and the recipe, without matching names beyond
/// normalisation. `name` becomes the study's name.
pub fn build(
    grid: &Grid,
    recipe: &Recipe,
    name: &str,
) -> Result<(Study, SurveyReport), ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let mut study = Study::new(recipe.directed);
    study.name = name.to_string();
    let mut report = SurveyReport::default();
    let cols = resolve(grid, header, recipe, &mut study)?;
    let width = header.cells.len();
    let rows = &grid.rows[1..];

    // Respondents first, so that people named can be matched to any of them.
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut respondent_of_row = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(extra) = row
            .cells
            .iter()
            .skip(width)
            .position(|c| !c.trim().is_empty())
        {
            return Err(grid.error_at(
                row,
                width + extra + 1,
                format!("{} cells, the header has {width}", row.cells.len()),
            ));
        }
        let id = cell(row, cols.id);
        if id.is_empty() {
            return Err(grid.error_at(row, cols.id + 1, "the respondent id is blank"));
        }
        if let Some(line) = seen_ids.insert(id.to_string(), row.line) {
            return Err(grid.error_at(
                row,
                cols.id + 1,
                format!("respondent id \"{id}\" is also on line {line}"),
            ));
        }
        let label = match cols.name.map(|c| cell(row, c)) {
            Some(n) if !recipe.is_no_answer(n) => {
                n.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => id.to_string(),
        };
        let node = study
            .add_node(id, label, NodeKind::Respondent)
            .map_err(|e| grid.error_at(row, cols.id + 1, e.to_string()))?;
        respondent_of_row.push(node);
    }
    report.respondents = rows.len();

    let answers = Answers {
        grid,
        recipe,
        header,
        rows,
        respondent_of_row: &respondent_of_row,
    };
    answers.add_attributes(&cols, &mut study, &mut report)?;
    answers.add_scales(&cols, &mut study, &mut report)?;

    // Names of respondents, to recognise them when named; a name two respondents share
    // recognises neither.
    let (by_name, own_key) = respondent_names(recipe, &cols, rows, &respondent_of_row);
    for (key, nodes) in by_name.iter().filter(|(_, v)| v.len() > 1) {
        let ids: Vec<String> = nodes
            .iter()
            .filter_map(|n| study.node(*n).map(|n| n.id.clone()))
            .collect();
        report.notes.push(format!(
            "{}: respondents {} share the name \"{key}\"; people naming it are kept apart as \
             an alter",
            grid.file,
            ids.join(", ")
        ));
    }

    // Named people, places and groups.
    let respondent_id = study
        .declare_tie_attribute(RESPONDENT_ID, AttrType::Text)
        .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
    let column_attr = study
        .declare_tie_attribute(COLUMN, AttrType::Text)
        .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
    // One node per normalised name: people apart from places and groups, and a place named
    // under two relations is one node (the first relation to name it decides its kind).
    let mut people_nodes: HashMap<String, NodeId> = HashMap::new();
    let mut place_nodes: HashMap<String, NodeId> = HashMap::new();
    let mut forms: BTreeMap<NodeId, Forms> = BTreeMap::new();
    let mut next_id = [0usize; 3];
    let mut seen_ties: std::collections::HashSet<(NodeId, NodeId, RelationId)> =
        std::collections::HashSet::new();
    let mut order = 0usize;
    // Times each respondent wrote each short form in each relation so far.
    let mut short_seen: HashMap<(usize, RelationId, String), usize> = HashMap::new();
    // The answers, respondent by respondent and, for each, relation by relation.
    let mentions = MentionColumns::of(grid, &mention_table(grid, &cols)?)?;
    for m in mentions.walk(grid)? {
        let (r, c) = (m.row, m.name);
        let (Some(&source), Some((rel, names, columns))) =
            (respondent_of_row.get(r), cols.relations.get(m.relation))
        else {
            continue;
        };
        if recipe.is_no_answer(c) {
            report.no_answer_cells += usize::from(!c.is_empty());
            continue;
        }
        let key = normalise(c);
        if key.is_empty() {
            report.no_answer_cells += 1;
            continue;
        }
        let target = if *names == Names::People {
            if key == own_key[r] {
                report.self_nominations += 1;
                continue;
            }
            match by_name.get(&key) {
                Some(v) if v.len() == 1 => v[0],
                _ => {
                    // A short form ("Leanne C.", "Mum") is one respondent's mention:
                    // written by two respondents it may be two people, and written
                    // twice in one question it is two people. Matching joins them
                    // where the evidence says so.
                    let short = PersonName::parse(&key).is_none_or(|n| !n.is_full());
                    let node_key = if short {
                        let seen = short_seen.entry((r, *rel, key.clone())).or_insert(0);
                        *seen += 1;
                        format!("{key}\u{1}{r}\u{1}{seen}")
                    } else {
                        key.clone()
                    };
                    node_for(
                        &mut study,
                        &mut people_nodes,
                        &mut next_id,
                        *names,
                        &node_key,
                        &key,
                    )?
                }
            }
        } else {
            node_for(
                &mut study,
                &mut place_nodes,
                &mut next_id,
                *names,
                &key,
                &key,
            )?
        };
        if study
            .node(target)
            .is_some_and(|n| n.kind != NodeKind::Respondent)
        {
            forms.entry(target).or_default().add(c, order);
            order += 1;
        }
        if !seen_ties.insert((source, target, *rel)) {
            report.repeated += 1;
            continue;
        }
        let tie = Tie {
            source,
            target,
            weight: 1.0,
            relation: Some(*rel),
            wave: None,
            directed: recipe.directed,
        };
        add_mention_tie(&mut study, tie, &m, [respondent_id, column_attr]).map_err(|e| {
            ImportError::at(
                &grid.file,
                m.line,
                position_in(columns, m.column),
                e.to_string(),
            )
        })?;
    }
    for (n, f) in &forms {
        if let (Some(label), Some(node)) = (f.best(), study.node_mut(*n)) {
            node.label = label.to_string();
        }
    }
    recipe.privacy.mark(&mut study);
    report.recount(&study);
    Ok((study, report))
}

/// Respondents by normalised name, and each row's own normalised name ("" when blank).
fn respondent_names(
    recipe: &Recipe,
    cols: &Columns,
    rows: &[GridRow],
    respondent_of_row: &[NodeId],
) -> (BTreeMap<String, Vec<NodeId>>, Vec<String>) {
    let mut by_name: BTreeMap<String, Vec<NodeId>> = BTreeMap::new();
    let mut own_key: Vec<String> = Vec::with_capacity(rows.len());
    for (row, &node) in rows.iter().zip(respondent_of_row) {
        let key = match cols.name.map(|c| cell(row, c)) {
            Some(n) if !recipe.is_no_answer(n) => normalise(n),
            _ => String::new(),
        };
        if !key.is_empty() {
            by_name.entry(key.clone()).or_default().push(node);
        }
        own_key.push(key);
    }
    (by_name, own_key)
}

/// Adds the tie of one mention, noting in `attributes` (the respondent and column tie
/// attributes) where it came from.
fn add_mention_tie(
    study: &mut Study,
    tie: Tie,
    m: &Mention<'_>,
    attributes: [usize; 2],
) -> Result<(), StudyError> {
    let t = study.add_tie(tie)?;
    study.set_tie_value(
        attributes[0],
        t,
        Some(Value::Text(m.respondent.to_string())),
    );
    study.set_tie_value(attributes[1], t, Some(Value::Text(m.column.to_string())));
    Ok(())
}

/// The 1-based position in the header of a relation's column named `name`.
fn position_in(columns: &RelationColumns, name: &str) -> usize {
    columns
        .iter()
        .find(|(_, n)| n == name)
        .map_or(0, |(p, _)| *p)
        + 1
}

/// The survey rows and what the answers in them are read against.
struct Answers<'a> {
    grid: &'a Grid,
    recipe: &'a Recipe,
    header: &'a GridRow,
    rows: &'a [GridRow],
    /// Each row's respondent.
    respondent_of_row: &'a [NodeId],
}

impl Answers<'_> {
    /// The recipe's attribute columns as node attributes of the respondents; a value that
    /// should be a number and is not is kept as text, with a note.
    fn add_attributes(
        &self,
        cols: &Columns,
        study: &mut Study,
        report: &mut SurveyReport,
    ) -> Result<(), ImportError> {
        for (col, attr, ty) in &cols.attributes {
            let a = study
                .declare_node_attribute(attr, *ty)
                .map_err(|e| ImportError::file(&self.grid.file, e.to_string()))?;
            for (row, &node) in self.rows.iter().zip(self.respondent_of_row) {
                let c = cell(row, *col);
                if self.recipe.is_no_answer(c) {
                    report.no_answer_cells += usize::from(!c.is_empty());
                    continue;
                }
                let value = match ty {
                    AttrType::Numeric => match parse_number(c) {
                        Some(x) => Value::Number(x),
                        None => {
                            report.notes.push(
                                self.grid
                                    .error_at(
                                        row,
                                        col + 1,
                                        format!("\"{c}\" is not a number (kept as text)"),
                                    )
                                    .to_string(),
                            );
                            Value::Text(c.to_string())
                        }
                    },
                    AttrType::Categorical | AttrType::Text => Value::Text(c.to_string()),
                };
                study.set_node_value(a, node, Some(value));
            }
        }
        Ok(())
    }

    /// Scales: items are kept as numeric attributes (once each), scores beside them; an item
    /// out of range or not a number is noted and leaves the score missing.
    fn add_scales(
        &self,
        cols: &Columns,
        study: &mut Study,
        report: &mut SurveyReport,
    ) -> Result<(), ImportError> {
        let outputs: Vec<&str> = cols.scales.iter().map(|(n, _, _)| n.as_str()).collect();
        let mut item_values: BTreeMap<usize, Vec<Option<f64>>> = BTreeMap::new();
        for (_, kind, items) in &cols.scales {
            for &col in items {
                if item_values.contains_key(&col) {
                    continue;
                }
                let mut values = Vec::with_capacity(self.rows.len());
                for row in self.rows {
                    let c = cell(row, col);
                    if self.recipe.is_no_answer(c) {
                        report.no_answer_cells += usize::from(!c.is_empty());
                        values.push(None);
                        continue;
                    }
                    let x = parse_number(c);
                    match x {
                        None => report.notes.push(
                            self.grid
                                .error_at(row, col + 1, format!("\"{c}\" is not a number"))
                                .to_string(),
                        ),
                        Some(x) if !kind.item_valid(x) => {
                            let (lo, hi) = kind.item_range();
                            report.notes.push(
                                self.grid
                                    .error_at(
                                        row,
                                        col + 1,
                                        format!(
                                            "{} = {c} is outside {lo}-{hi}",
                                            self.header.cells.get(col).map_or("", |h| h.trim())
                                        ),
                                    )
                                    .to_string(),
                            );
                        }
                        Some(_) => {}
                    }
                    values.push(x);
                }
                let column_name = self
                    .header
                    .cells
                    .get(col)
                    .map_or("", |h| h.trim())
                    .to_string();
                if !outputs.contains(&column_name.as_str()) {
                    let a = study
                        .declare_node_attribute(&column_name, AttrType::Numeric)
                        .map_err(|e| ImportError::file(&self.grid.file, e.to_string()))?;
                    for (x, &node) in values.iter().zip(self.respondent_of_row) {
                        study.set_node_value(a, node, x.map(Value::Number));
                    }
                }
                item_values.insert(col, values);
            }
        }
        for (name, kind, items) in &cols.scales {
            let a = study
                .declare_node_attribute(name, AttrType::Numeric)
                .map_err(|e| ImportError::file(&self.grid.file, e.to_string()))?;
            let raw_col = if *kind == ScaleKind::Swemwbs {
                Some(
                    study
                        .declare_node_attribute(&format!("{name}_raw"), AttrType::Numeric)
                        .map_err(|e| ImportError::file(&self.grid.file, e.to_string()))?,
                )
            } else {
                None
            };
            let mut scored = 0;
            for (r, &node) in self.respondent_of_row.iter().enumerate() {
                let xs: Vec<Option<f64>> = items
                    .iter()
                    .map(|c| item_values.get(c).and_then(|v| v.get(r).copied().flatten()))
                    .collect();
                let score = kind.score(&xs);
                scored += usize::from(score.is_some());
                study.set_node_value(a, node, score.map(Value::Number));
                if let Some(rc) = raw_col {
                    study.set_node_value(rc, node, kind.raw(&xs).map(Value::Number));
                }
            }
            report.scales.push(ScaleReport {
                name: name.clone(),
                kind: *kind,
                scored,
                missing: self.rows.len() - scored,
            });
        }
        Ok(())
    }
}

/// The node for a name not matched to a respondent (by `key`), added on first sight with
/// an id such as `A001` (alters), `P01` (places) or `G01` (groups) and labelled `label`.
fn node_for(
    study: &mut Study,
    named: &mut HashMap<String, NodeId>,
    next_id: &mut [usize; 3],
    names: Names,
    key: &str,
    label: &str,
) -> Result<NodeId, ImportError> {
    if let Some(n) = named.get(key) {
        return Ok(*n);
    }
    let (slot, prefix, width) = match names {
        Names::People => (0, "A", 3),
        Names::Places => (1, "P", 2),
        Names::Groups => (2, "G", 2),
    };
    // Ids skip any a respondent already has.
    let id = loop {
        next_id[slot] += 1;
        let id = format!("{prefix}{:0width$}", next_id[slot]);
        if study.find(&id).is_none() {
            break id;
        }
    };
    let node = study
        .add_node(id, label, names.kind())
        .map_err(|e| ImportError::file(&study.name, e.to_string()))?;
    named.insert(key.to_string(), node);
    Ok(node)
}

fn resolve(
    grid: &Grid,
    header: &GridRow,
    recipe: &Recipe,
    study: &mut Study,
) -> Result<Columns, ImportError> {
    let id = position(grid, header, &recipe.id)?;
    let name = match &recipe.name {
        Some(n) => Some(position(grid, header, n)?),
        None => None,
    };
    let mut attributes = Vec::new();
    for a in &recipe.attributes {
        attributes.push((position(grid, header, &a.column)?, a.column.clone(), a.ty));
    }
    let mut relations = Vec::new();
    for r in &recipe.relations {
        let rel = study
            .relation(&r.name)
            .map_err(|e| ImportError::file(&grid.file, e.to_string()))?;
        let mut columns = Vec::new();
        for c in &r.columns {
            columns.push((position(grid, header, c)?, c.clone()));
        }
        relations.push((rel, r.names, columns));
    }
    let mut scales = Vec::new();
    for s in &recipe.scales {
        let mut items = Vec::new();
        for c in &s.columns {
            items.push(position(grid, header, c)?);
        }
        scales.push((s.name.clone(), s.kind, items));
    }
    Ok(Columns {
        id,
        name,
        attributes,
        relations,
        scales,
    })
}

//! What the analyst already knows about names: an alias table of decisions (who a name
//! written by a respondent is) and a roster of known people.
//!
//! An **alias table** is CSV with the columns `written_name,respondent,person`: the name as
//! written, the respondent who wrote it (blank: whoever wrote it), and the person it is (a
//! respondent's id, or a full name as written elsewhere in the survey), or blank for
//! "another person": a name to keep apart from everyone it might fit. `kith survey
//! --write-aliases` writes the decisions of a study (every merge in its record) in this
//! form, and `--aliases` reads them back, so that a later wave or a re-run of the survey
//! starts from them.
//!
//! A **roster** is CSV of known people (a residents' list, or the respondents with their
//! usual short names): a `name` column (full names), and optionally `id` (the person's
//! respondent id) and `short_names` (the names they go by, separated by `|`, such as
//! `Mo|Mo K.`). Short names become alias rows for every respondent; full names tell the
//! matching who else a short form may be, so that "Leanne C." is not read as the Leanne
//! Clarke everyone names when the roster lists a Leanne Campbell nobody wrote in full.

use std::collections::BTreeSet;

use super::build::RESPONDENT_ID;
use super::names::{PersonName, normalise};
use crate::io::ImportError;
use crate::model::{NodeId, NodeKind, Study, Value};

/// One decision: the name a respondent wrote is this person, or another person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alias {
    /// The name as written.
    pub written: String,
    /// The respondent who wrote it; `None` for whoever wrote it.
    pub respondent: Option<String>,
    /// The person: a respondent id or a full name; `None` for another person (kept apart).
    pub person: Option<String>,
}

/// An alias table: decisions about names, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AliasTable {
    /// The decisions.
    pub rows: Vec<Alias>,
}

/// The columns of an alias table.
pub const ALIAS_COLUMNS: [&str; 3] = ["written_name", "respondent", "person"];

impl AliasTable {
    /// Reads an alias table from CSV text (`file` names it in errors, which give the line).
    pub fn from_csv(file: &str, text: &str) -> Result<AliasTable, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| ImportError::file(file, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(w), Some(r), Some(p)) = (
            col(ALIAS_COLUMNS[0]),
            col(ALIAS_COLUMNS[1]),
            col(ALIAS_COLUMNS[2]),
        ) else {
            return Err(ImportError::at(
                file,
                1,
                1,
                format!(
                    "an alias table needs the columns {}; the header has {}",
                    ALIAS_COLUMNS.join(", "),
                    header.join(", ")
                ),
            ));
        };
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| ImportError::at(file, i + 2, 1, e.to_string()))?;
            let cell = |c: usize| {
                let t = record.get(c).unwrap_or("").trim();
                (!t.is_empty()).then(|| t.to_string())
            };
            let Some(written) = cell(w) else {
                return Err(ImportError::at(
                    file,
                    i + 2,
                    w + 1,
                    "the written name is blank",
                ));
            };
            rows.push(Alias {
                written,
                respondent: cell(r),
                person: cell(p),
            });
        }
        Ok(AliasTable { rows })
    }

    /// The table as CSV, `written_name,respondent,person`.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(ALIAS_COLUMNS);
        for a in &self.rows {
            let _ = w.write_record([
                a.written.as_str(),
                a.respondent.as_deref().unwrap_or(""),
                a.person.as_deref().unwrap_or(""),
            ]);
        }
        w.into_inner().unwrap_or_default()
    }

    /// The decisions a study holds: one row for every name merged into another (its
    /// merge record), naming the respondent who wrote it when only one did, and the person
    /// by respondent id, else by the kept name. Sorted.
    pub fn from_study(study: &Study) -> AliasTable {
        let writers = writers(study);
        let mut rows = BTreeSet::new();
        for m in study.merges() {
            let person = match study.find(&m.kept).and_then(|n| study.node(n)) {
                Some(n) if n.kind == NodeKind::Respondent => n.id.clone(),
                Some(n) => n.label.clone(),
                None => m.kept_label.clone(),
            };
            for a in &m.absorbed {
                // The respondents whose ties moved from this node.
                let mut who: BTreeSet<&str> = BTreeSet::new();
                for moved in m.moved.iter().filter(|x| x.from == a.id) {
                    if let Some(r) = writers.get(moved.tie).and_then(|r| r.as_deref()) {
                        who.insert(r);
                    }
                }
                let respondent = match (who.len(), who.first()) {
                    (1, Some(r)) => Some((*r).to_string()),
                    _ => None,
                };
                rows.insert(Alias {
                    written: a.label.clone(),
                    respondent,
                    person: Some(person.clone()),
                });
            }
        }
        // Names decided to be another person.
        if let Some(decision) = study.node_attribute(super::review::NAME_DECISION) {
            let mut named: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); study.node_count()];
            for (i, t) in study.ties().iter().enumerate() {
                if let (Some(r), Some(set)) = (
                    writers.get(i).and_then(|r| r.as_deref()),
                    named.get_mut(t.target.index()),
                ) {
                    set.insert(r);
                }
            }
            for (i, node) in study.nodes().iter().enumerate() {
                if decision.value(i).and_then(Value::as_text) != Some(super::review::ANOTHER_PERSON)
                {
                    continue;
                }
                let respondent = match (named[i].len(), named[i].first()) {
                    (1, Some(r)) => Some((*r).to_string()),
                    _ => None,
                };
                rows.insert(Alias {
                    written: node.label.clone(),
                    respondent,
                    person: None,
                });
            }
        }
        AliasTable {
            rows: rows.into_iter().collect(),
        }
    }
}

/// The respondent id on each tie, if it has one.
fn writers(study: &Study) -> Vec<Option<String>> {
    let attr = study.tie_attribute(RESPONDENT_ID);
    (0..study.tie_count())
        .map(|i| {
            attr.and_then(|a| a.value(i))
                .and_then(Value::as_text)
                .map(str::to_string)
        })
        .collect()
}

/// Known people: full names, respondent ids and short names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// (full name, respondent id, short names), in file order.
    pub people: Vec<(String, Option<String>, Vec<String>)>,
}

impl Roster {
    /// Reads a roster from CSV text: a `name` column, optional `id` and `short_names`
    /// (`|`-separated) columns; any delimiter Kith reads.
    pub fn from_csv(file: &str, bytes: &[u8]) -> Result<Roster, ImportError> {
        let grid = crate::io::grid::read_delimited(file, bytes)?;
        let Some(header) = grid.rows.first() else {
            return Err(ImportError::file(file, "the roster is empty"));
        };
        let col = |names: &[&str]| {
            header
                .cells
                .iter()
                .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
        };
        let Some(name) = col(&["name", "full_name", "person"]) else {
            return Err(grid.error_line(
                header,
                format!(
                    "a roster needs a name column; the header has {}",
                    header.cells.join(", ")
                ),
            ));
        };
        let id = col(&["id", "respondent_id", "respondent"]);
        let short = col(&["short_names", "short_name", "aliases", "known_as"]);
        let mut people = Vec::new();
        for row in &grid.rows[1..] {
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.cells.get(c))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let Some(full) = cell(Some(name)) else {
                continue;
            };
            let shorts = cell(short)
                .map(|s| {
                    s.split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            people.push((full, cell(id), shorts));
        }
        Ok(Roster { people })
    }

    /// The roster's short names as alias rows for whoever writes them.
    pub fn aliases(&self) -> AliasTable {
        let mut rows = Vec::new();
        for (full, id, shorts) in &self.people {
            for s in shorts {
                rows.push(Alias {
                    written: s.clone(),
                    respondent: None,
                    person: Some(id.clone().unwrap_or_else(|| full.clone())),
                });
            }
        }
        AliasTable { rows }
    }

    /// The roster's full names, parsed.
    pub fn names(&self) -> Vec<PersonName> {
        self.people
            .iter()
            .filter_map(|(full, _, _)| PersonName::parse(&normalise(full)))
            .filter(PersonName::is_full)
            .collect()
    }
}

/// What applying an alias table did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AliasReport {
    /// Names joined to a person by a decision.
    pub merged: usize,
    /// Names kept apart by a decision ("another person").
    pub kept_apart: Vec<NodeId>,
    /// Decisions that matched no name written, or named a person the study lacks.
    pub unused: Vec<String>,
}

/// Applies an alias table to a study just built: each name written (by the given
/// respondent, or by anyone) joins the person the table names, recorded as a merge made by
/// hand with the table as evidence; names the table keeps apart are returned so that
/// matching leaves them alone. Node indices change; the returned ones are valid after.
pub fn apply(study: &mut Study, table: &AliasTable) -> AliasReport {
    let mut report = AliasReport::default();
    let mut apart_ids: BTreeSet<String> = BTreeSet::new();
    for alias in &table.rows {
        let key = normalise(&alias.written);
        let writers = writers(study);
        // The people nodes the name was written as, by this respondent or by anyone.
        let mut nodes: BTreeSet<NodeId> = BTreeSet::new();
        for (i, t) in study.ties().iter().enumerate() {
            let Some(node) = study.node(t.target) else {
                continue;
            };
            if !node.kind.is_person() || normalise(&node.label) != key {
                continue;
            }
            if alias.respondent.is_none() || writers[i].as_deref() == alias.respondent.as_deref() {
                nodes.insert(t.target);
            }
        }
        let Some(person) = &alias.person else {
            if nodes.is_empty() {
                report
                    .unused
                    .push(describe(alias, "no such name was written"));
            }
            for n in nodes {
                if let Some(node) = study.node(n) {
                    apart_ids.insert(node.id.clone());
                }
            }
            continue;
        };
        let target = study.find(person).or_else(|| {
            let pk = normalise(person);
            study.node_ids().find(|&n| {
                study
                    .node(n)
                    .is_some_and(|x| x.kind.is_person() && normalise(&x.label) == pk)
            })
        });
        let Some(target) = target else {
            report
                .unused
                .push(describe(alias, "the person is not in this survey"));
            continue;
        };
        let absorb: Vec<NodeId> = nodes.into_iter().filter(|&n| n != target).collect();
        if absorb.is_empty() {
            continue;
        }
        // A respondent is never merged away: the decision then does not apply.
        if absorb.iter().any(|&n| {
            study
                .node(n)
                .is_some_and(|x| x.kind == NodeKind::Respondent)
        }) {
            report
                .unused
                .push(describe(alias, "the name is a respondent's own"));
            continue;
        }
        let evidence = vec![format!(
            "alias table: \"{}\"{} is {person}",
            alias.written,
            alias
                .respondent
                .as_deref()
                .map(|r| format!(" written by {r}"))
                .unwrap_or_default()
        )];
        if study
            .merge_nodes(target, &absorb, 1.0, evidence, false)
            .is_ok()
        {
            report.merged += absorb.len();
        }
    }
    // Merges leave gaps where the absorbed names were: matching numbers people 0..
    study.compact();
    report.kept_apart = apart_ids.iter().filter_map(|id| study.find(id)).collect();
    report
}

fn describe(alias: &Alias, why: &str) -> String {
    format!(
        "alias \"{}\"{} -> {}: {why}",
        alias.written,
        alias
            .respondent
            .as_deref()
            .map(|r| format!(" by {r}"))
            .unwrap_or_default(),
        alias.person.as_deref().unwrap_or("another person")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_table_round_trips_and_names_bad_rows() {
        let t = AliasTable {
            rows: vec![
                Alias {
                    written: "Dave O.".into(),
                    respondent: Some("R1".into()),
                    person: Some("David Okafor".into()),
                },
                Alias {
                    written: "Leanne C.".into(),
                    respondent: None,
                    person: None,
                },
            ],
        };
        let text = String::from_utf8(t.to_csv()).unwrap();
        assert!(
            text.starts_with("written_name,respondent,person\n"),
            "{text}"
        );
        assert_eq!(AliasTable::from_csv("a.csv", &text).unwrap(), t);
        let e = AliasTable::from_csv("a.csv", "name,who\nx,y\n").unwrap_err();
        assert!(e.to_string().contains("written_name"), "{e}");
        let e =
            AliasTable::from_csv("a.csv", "written_name,respondent,person\n,R1,X\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn a_roster_gives_short_names_and_full_names() {
        let r = Roster::from_csv(
            "roster.csv",
            b"name;id;short_names\nMohammed Khan;R7;Mo|Mo K.\nLeanne Campbell;;\n",
        )
        .unwrap();
        assert_eq!(r.people.len(), 2);
        let a = r.aliases();
        assert_eq!(a.rows.len(), 2);
        assert_eq!(a.rows[1].written, "Mo K.");
        assert_eq!(a.rows[1].person.as_deref(), Some("R7"));
        assert_eq!(r.names().len(), 2);
        assert!(Roster::from_csv("r.csv", b"who\nx\n").is_err());
    }
}

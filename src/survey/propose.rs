//! Proposing a recipe from a survey's header and values, so that a file reads without one.
//!
//! - the id column: a column with an id-like header (`respondent_id`, `id`, `*_id`) whose
//!   values are all present and different, else the first such column;
//! - the name column: `name`, `full_name`, `respondent_name` and the like;
//! - each set of columns sharing a prefix and a numbered suffix (`rely_on_1..5`) whose
//!   values are text is a relation: people when its values look like people's names (they
//!   name respondents, or start with first names respondents have or with a common first
//!   name, or they hardly repeat), else places or groups by the header and the values;
//! - `wemwbs_1..14` is WEMWBS (and its items 1, 2, 3, 6, 7, 9, 11 SWEMWBS), `swemwbs_1..7`
//!   SWEMWBS, and `life_satisfaction` ONS life satisfaction;
//! - a column headed `wave`, `survey_wave` or `timepoint` with two or more values names each
//!   row's wave (one file holding several waves; ids then need only differ within a wave);
//! - the rest are attributes, typed from their values.

use std::collections::{BTreeSet, HashSet};

use super::names::{PersonName, Token, nickname_groups, normalise};
use super::recipe::{AttributeSpec, MatchingSpec, Names, Recipe, RelationSpec, ScaleSpec};
use super::scales::{SWEMWBS_ITEMS, ScaleKind};
use crate::io::ImportError;
use crate::io::grid::Grid;
use crate::model::{Attribute, parse_number};

/// A header split into a prefix and a number: `rely_on_3` -> (`rely_on`, 3).
fn numbered(header: &str) -> Option<(String, u32)> {
    let h = header.trim();
    let digits = h.len() - h.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let (prefix, number) = h.split_at(h.len() - digits);
    let prefix = prefix.trim_end_matches(['_', ' ', '.', '-', '#']);
    if prefix.is_empty() {
        return None;
    }
    Some((prefix.to_string(), number.parse().ok()?))
}

/// A header reduced to lower-case letters and digits, for comparing with known names.
fn squash(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const ID_HEADERS: [&str; 10] = [
    "respondentid",
    "id",
    "respondent",
    "respid",
    "participantid",
    "participant",
    "recordid",
    "caseid",
    "uid",
    "responseid",
];
/// Headers (squashed) that name each row's wave.
const WAVE_HEADERS: [&str; 3] = ["wave", "surveywave", "timepoint"];
const NAME_HEADERS: [&str; 6] = [
    "name",
    "fullname",
    "respondentname",
    "participantname",
    "yourname",
    "respondentfullname",
];
const LIFE_SATISFACTION_HEADERS: [&str; 5] = [
    "lifesatisfaction",
    "onslifesatisfaction",
    "lifesat",
    "satisfactionwithlife",
    "ls",
];
const GROUP_WORDS: [&str; 14] = [
    "group",
    "club",
    "class",
    "society",
    "association",
    "team",
    "choir",
    "organisation",
    "organization",
    "org",
    "activity",
    "activities",
    "member",
    "event",
];
const PLACE_WORDS: [&str; 9] = [
    "place", "where", "venue", "source", "shop", "service", "location", "info", "go",
];
const PEOPLE_WORDS: [&str; 12] = [
    "rely", "advice", "friend", "talk", "help", "support", "trust", "people", "person", "who",
    "contact", "name",
];

/// Columns sharing a prefix and a numbered suffix, in order of first appearance; in each,
/// (number, column index) by number.
fn numbered_groups(headers: &[&str]) -> Vec<(String, Vec<(u32, usize)>)> {
    let mut groups: Vec<(String, Vec<(u32, usize)>)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let Some((prefix, n)) = numbered(h) else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|(p, _)| p.eq_ignore_ascii_case(&prefix))
        {
            Some((_, cols)) => cols.push((n, i)),
            None => groups.push((prefix, vec![(n, i)])),
        }
    }
    for (_, cols) in &mut groups {
        cols.sort_unstable();
    }
    groups
}

/// The WEMWBS and SWEMWBS scales whose every item is among `headers` (`wemwbs_1..14`,
/// `swemwbs_1..7` and the spellings a recipe proposal accepts), each with the indices of
/// its item columns. A complete WEMWBS also gives SWEMWBS from its items 1, 2, 3, 6, 7, 9
/// and 11.
pub fn item_scales(headers: &[&str]) -> Vec<(ScaleSpec, Vec<usize>)> {
    let mut scales = Vec::new();
    for (prefix, cols) in &numbered_groups(headers) {
        let p = squash(prefix);
        let want = match p.as_str() {
            "wemwbs" | "wemwbsitem" | "wemwbsq" | "warwickedinburgh" => ScaleKind::Wemwbs,
            "swemwbs" | "swemwbsitem" | "swemwbsq" => ScaleKind::Swemwbs,
            _ => continue,
        };
        let item = |k: usize| cols.iter().find(|(n, _)| *n as usize == k).map(|(_, i)| *i);
        let items: Option<Vec<usize>> = (1..=want.items()).map(item).collect();
        let Some(items) = items else { continue };
        let name_of = |i: &usize| headers[*i].to_string();
        scales.push((
            ScaleSpec {
                kind: want,
                name: want.name().to_string(),
                columns: items.iter().map(name_of).collect(),
            },
            items.clone(),
        ));
        if want == ScaleKind::Wemwbs {
            scales.push((
                ScaleSpec {
                    kind: ScaleKind::Swemwbs,
                    name: ScaleKind::Swemwbs.name().to_string(),
                    columns: SWEMWBS_ITEMS
                        .iter()
                        .map(|k| name_of(&items[k - 1]))
                        .collect(),
                },
                Vec::new(),
            ));
        }
    }
    scales
}

/// Proposes a recipe for a survey table (header in the first row).
pub fn propose(grid: &Grid) -> Result<Recipe, ImportError> {
    let Some(header) = grid.rows.first() else {
        return Err(ImportError::file(&grid.file, "the file is empty"));
    };
    let headers: Vec<&str> = header.cells.iter().map(|h| h.trim()).collect();
    let rows = &grid.rows[1..];
    let recipe_default = empty_recipe();
    let column = |i: usize| -> Vec<&str> {
        rows.iter()
            .map(|r| r.cells.get(i).map_or("", |c| c.trim()))
            .collect()
    };
    let present = |i: usize| -> Vec<&str> {
        column(i)
            .into_iter()
            .filter(|c| !recipe_default.is_no_answer(c))
            .collect()
    };
    let mut used: HashSet<usize> = HashSet::new();

    // Numbered groups, in order of first appearance; columns by number.
    let groups = numbered_groups(&headers);

    // Scales.
    let mut scales = Vec::new();
    for (spec, items) in item_scales(&headers) {
        scales.push(spec);
        used.extend(items);
    }
    if let Some(i) = headers
        .iter()
        .position(|h| LIFE_SATISFACTION_HEADERS.contains(&squash(h).as_str()))
    {
        scales.push(ScaleSpec {
            kind: ScaleKind::LifeSatisfaction,
            name: ScaleKind::LifeSatisfaction.name().to_string(),
            columns: vec![headers[i].to_string()],
        });
        used.insert(i);
    }

    // A wave column (one file holding several waves): `wave`, `survey_wave`, `timepoint`,
    // with at least two different values (a file of one wave that says so stays a plain
    // survey, its wave an attribute).
    let wave = (0..headers.len())
        .filter(|i| !used.contains(i))
        .find(|&i| WAVE_HEADERS.contains(&squash(headers[i]).as_str()))
        .filter(|&i| present(i).iter().collect::<HashSet<_>>().len() >= 2);
    if let Some(w) = wave {
        used.insert(w);
    }
    let wave_cells = wave.map(column).unwrap_or_default();

    // The id column: id-like headers first, then any column, whose values are all present
    // and different (within each wave, when there is a wave column).
    let unique = |i: usize| {
        let cells = column(i);
        let mut seen = HashSet::new();
        !cells.is_empty()
            && cells.iter().enumerate().all(|(r, c)| {
                !c.is_empty() && seen.insert((*c, wave_cells.get(r).copied().unwrap_or("")))
            })
    };
    let id_like = |h: &str| {
        let s = squash(h);
        ID_HEADERS.contains(&s.as_str()) || h.to_lowercase().ends_with("_id")
    };
    let id = (0..headers.len())
        .filter(|i| !used.contains(i))
        .find(|&i| id_like(headers[i]) && unique(i))
        .or_else(|| (0..headers.len()).find(|&i| !used.contains(&i) && unique(i)))
        .ok_or_else(|| {
            grid.error_line(
                header,
                "no column has a different value on every row to use as the respondent id; \
                 write a recipe naming the id column",
            )
        })?;
    used.insert(id);
    let name = (0..headers.len())
        .filter(|i| !used.contains(i))
        .find(|&i| NAME_HEADERS.contains(&squash(headers[i]).as_str()));
    if let Some(n) = name {
        used.insert(n);
    }

    // What people's names look like here: the respondents' first names and the nickname
    // table's, and the respondents' whole names.
    let mut first_names: BTreeSet<String> = BTreeSet::new();
    let mut respondent_names: BTreeSet<String> = BTreeSet::new();
    if let Some(n) = name {
        for c in present(n) {
            let key = normalise(c);
            if let Some(PersonName {
                first: Token::Word(f),
                ..
            }) = PersonName::parse(&key)
            {
                first_names.insert(f);
            }
            respondent_names.insert(key);
        }
    }

    // Relations: numbered groups of text.
    let mut relations = Vec::new();
    for (prefix, cols) in &groups {
        let idx: Vec<usize> = cols
            .iter()
            .map(|(_, i)| *i)
            .filter(|i| !used.contains(i))
            .collect();
        if idx.is_empty() {
            continue;
        }
        let values: Vec<&str> = idx.iter().flat_map(|&i| present(i)).collect();
        let numeric = values.iter().filter(|v| parse_number(v).is_some()).count();
        if values.is_empty() || numeric * 5 > values.len() {
            // Numbered numeric columns are questionnaire items, not names.
            continue;
        }
        let names = classify(prefix, &values, &first_names, &respondent_names);
        relations.push(RelationSpec {
            name: prefix.clone(),
            names,
            columns: idx.iter().map(|&i| headers[i].to_string()).collect(),
        });
        used.extend(idx);
    }

    // Everything else is an attribute.
    let mut attributes = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if used.contains(&i) || h.is_empty() {
            continue;
        }
        let cells: Vec<Option<&str>> = column(i).into_iter().map(Some).collect();
        attributes.push(AttributeSpec {
            column: h.to_string(),
            ty: Attribute::infer(*h, &cells).ty(),
        });
    }

    Ok(Recipe {
        id: headers[id].to_string(),
        name: name.map(|n| headers[n].to_string()),
        wave: wave.map(|w| headers[w].to_string()),
        attributes,
        relations,
        scales,
        ..recipe_default
    })
}

fn empty_recipe() -> Recipe {
    Recipe {
        id: String::new(),
        name: None,
        wave: None,
        no_answer: super::recipe::DEFAULT_NO_ANSWER
            .iter()
            .map(|s| s.to_string())
            .collect(),
        directed: true,
        attributes: Vec::new(),
        relations: Vec::new(),
        scales: Vec::new(),
        matching: MatchingSpec::default(),
        privacy: Default::default(),
    }
}

/// Words of a header or value, lower case.
fn words(s: &str) -> Vec<String> {
    normalise(s).split(' ').map(str::to_string).collect()
}

/// Whether a relation's values name people, places or groups.
fn classify(
    prefix: &str,
    values: &[&str],
    first_names: &BTreeSet<String>,
    respondent_names: &BTreeSet<String>,
) -> Names {
    let n = values.len() as f64;
    let keys: Vec<String> = values.iter().map(|v| normalise(v)).collect();
    let respondents = keys
        .iter()
        .filter(|k| respondent_names.contains(*k))
        .count() as f64;
    let known_first = keys
        .iter()
        .filter(|k| {
            let first = k.split(' ').next().unwrap_or("");
            first_names.contains(first) || !nickname_groups(first).is_empty()
        })
        .count() as f64;
    let distinct = keys.iter().collect::<BTreeSet<_>>().len() as f64;
    let header = words(prefix);
    let has = |list: &[&str]| header.iter().any(|w| list.contains(&w.as_str()));
    let group_values = keys
        .iter()
        .filter(|k| k.split(' ').any(|w| GROUP_WORDS.contains(&w)))
        .count() as f64;
    let place_or_group = || {
        if has(&GROUP_WORDS) {
            Names::Groups
        } else if has(&PLACE_WORDS) {
            Names::Places
        } else if group_values >= 0.3 * n {
            Names::Groups
        } else {
            Names::Places
        }
    };
    if respondents >= 0.1 * n || known_first >= 0.5 * n {
        return Names::People;
    }
    if has(&PEOPLE_WORDS) {
        return Names::People;
    }
    if has(&GROUP_WORDS) || has(&PLACE_WORDS) {
        return place_or_group();
    }
    if distinct >= 0.6 * n {
        Names::People
    } else {
        place_or_group()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::grid::read_delimited;

    #[test]
    fn a_wave_column_is_proposed_and_ids_repeat_across_waves() {
        let csv = "respondent_id,wave,name,friend_1\n\
                   R1,baseline,Ann Lee,Bob Ray\n\
                   R2,baseline,Bob Ray,Ann Lee\n\
                   R1,post,Ann Lee,\n\
                   R2,post,Bob Ray,Ann Lee\n";
        let r = propose(&read_delimited("s.csv", csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(r.wave.as_deref(), Some("wave"));
        assert_eq!(r.id, "respondent_id");
        assert!(r.attributes.iter().all(|a| a.column != "wave"));
        let one = "respondent_id,wave,name\nR1,1,Ann Lee\nR2,1,Bob Ray\n";
        let r = propose(&read_delimited("s.csv", one.as_bytes()).unwrap()).unwrap();
        assert_eq!(r.wave, None);
        assert!(r.attributes.iter().any(|a| a.column == "wave"));
    }

    #[test]
    fn numbered_headers_split() {
        assert_eq!(numbered("rely_on_3"), Some(("rely_on".into(), 3)));
        assert_eq!(numbered("advice 12"), Some(("advice".into(), 12)));
        assert_eq!(numbered("q7"), Some(("q".into(), 7)));
        assert_eq!(numbered("name"), None);
        assert_eq!(numbered("2024"), None);
    }

    #[test]
    fn proposes_id_name_relations_scales_and_attributes() {
        let mut csv = String::from("id,name,gender,");
        csv.push_str(
            &(1..=14)
                .map(|i| format!("wemwbs_{i}"))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push_str(",life_satisfaction,rely_on_1,rely_on_2,groups_1,where_1,q1,q2\n");
        let people = ["Ann Lee", "Bob Ray", "Cat Poe", "Dan Fox"];
        for (i, p) in people.iter().enumerate() {
            let other = people[(i + 1) % 4];
            csv.push_str(&format!(
                "R{i},{p},F,{}7,{other},Dave Smith,Chess club,Library,{i},3\n",
                "3,".repeat(14)
            ));
        }
        let grid = read_delimited("s.csv", csv.as_bytes()).unwrap();
        let r = propose(&grid).unwrap();
        assert_eq!(r.id, "id");
        assert_eq!(r.name.as_deref(), Some("name"));
        let rel: Vec<(&str, Names)> = r
            .relations
            .iter()
            .map(|x| (x.name.as_str(), x.names))
            .collect();
        assert_eq!(
            rel,
            vec![
                ("rely_on", Names::People),
                ("groups", Names::Groups),
                ("where", Names::Places)
            ]
        );
        let scales: Vec<ScaleKind> = r.scales.iter().map(|s| s.kind).collect();
        assert_eq!(
            scales,
            vec![
                ScaleKind::Wemwbs,
                ScaleKind::Swemwbs,
                ScaleKind::LifeSatisfaction
            ]
        );
        assert_eq!(r.scales[1].columns[3], "wemwbs_6");
        let attrs: Vec<&str> = r.attributes.iter().map(|a| a.column.as_str()).collect();
        assert_eq!(attrs, vec!["gender", "q1", "q2"]);
    }

    #[test]
    fn no_unique_column_is_an_error_naming_the_header_line() {
        let grid = read_delimited("s.csv", b"a,b\n1,2\n1,2\n").unwrap();
        let e = propose(&grid).unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}

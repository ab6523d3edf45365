//! Survey waves: one study holding baseline, interim and follow-up surveys, the view of it as
//! it was in one wave, and the comparison of two waves.
//!
//! # How a study holds its waves
//!
//! A combined study is an ordinary [`Study`], so that it saves to GraphML, GEXF and the
//! project file without a new format:
//!
//! - **nodes** are the union of every wave's people, places and groups, in the order they
//!   were first seen (the first wave's nodes in its order, then the people new in the next
//!   wave, ...). The order never changes when a wave is added, so a layout computed once
//!   lines up in every wave ([`wave_view`] keeps every node);
//! - **ties** carry their wave ([`Tie::wave`](crate::model::Tie)); the combined study's
//!   [`Study::waves`] lists the wave names in the order the waves were added;
//! - **who answered which wave** is the categorical node attribute `responded@WAVE`, `yes` or
//!   `no` (a node added by a later wave has no value, which reads as `no`);
//! - **attributes measured per wave** (wellbeing scores, employment, ...) are node
//!   attributes named `NAME@WAVE`, such as `wemwbs@baseline`; the plain `NAME` holds the
//!   value from the most recently added wave that has one ("last known"), so that tools
//!   that know nothing of waves still see a sensible column.
//!
//! A wave name is trimmed, not empty, and holds neither `@` nor `,`. The order of the waves
//! is the order of the `responded@` columns, followed by any wave that only ties name (an
//! edge list with a wave column).
//!
//! The same person is recognised across waves by respondent id, by name (normalised as the
//! survey importer does, see [`crate::survey::names::normalise`]) and by the merge record:
//! a wave in which "Dave O." was merged into "David Okafor" teaches every later wave that
//! "Dave O." is David Okafor. The other names a node was written under are kept in its
//! text attribute `also_known_as` (`Dave O. | Dave Okafor`), which files keep when the
//! merge record is not saved with them. See [`combine()`] for the rules.
//!
//! - [`combine()`], [`add_wave`], [`name_wave`]: build a combined study;
//! - [`wave_view`]: the study as it was in one wave;
//! - [`compare()`](compare::compare): what changed between two waves.

pub mod combine;
pub mod compare;
pub mod sample;
pub mod survey;

pub use combine::{AddReport, add_wave, combine, combine_with_reports, name_wave};
pub use compare::{Change, CompareOptions, compare};

use crate::analysis::AnalysisError;
use crate::model::{AttrType, Attribute, Study, StudyError, Value};

/// Separates an attribute's name from its wave: `wemwbs@baseline`.
pub const SEPARATOR: char = '@';
/// The attribute (suffixed with `@WAVE`) saying whether a node answered that wave.
pub const RESPONDED: &str = "responded";
/// The text attribute listing the other names a person was written under in any wave,
/// separated by ` | `; matching reads it, so it outlives the merge record in GraphML.
pub const ALSO_KNOWN_AS: &str = "also_known_as";
pub use crate::model::presence::{IN_WAVE, NO, YES, leave_out, left_out};

/// Something waves cannot do with the study or names given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WaveError {
    /// A wave name the study does not have.
    #[error("the study has no wave \"{name}\" (it has: {known})")]
    UnknownWave {
        /// The name asked for.
        name: String,
        /// The waves the study has, comma separated, or "none".
        known: String,
    },
    /// A wave name the study already has.
    #[error("the study already has a wave \"{0}\"; give the new wave another name")]
    DuplicateWave(String),
    /// A wave name that cannot be written in attribute names or lists.
    #[error("\"{0}\" cannot name a wave: a wave name must not be empty or hold \"@\" or \",\"")]
    BadName(String),
    /// A study with nodes but no waves, to which a wave cannot be added.
    #[error(
        "the study has no waves, so a wave cannot be added to it; name its own wave first \
         (kith survey --wave NAME)"
    )]
    NoWaves,
    /// Nothing to combine.
    #[error("there are no waves to combine")]
    Empty,
    /// The study refused an edit.
    #[error(transparent)]
    Study(#[from] StudyError),
    /// The analysis refused a request (an unknown attribute or relation).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

/// The name of the column holding `attribute` as measured in `wave`: `wemwbs@baseline`.
pub fn column_name(attribute: &str, wave: &str) -> String {
    format!("{attribute}{SEPARATOR}{wave}")
}

/// Checks a wave name: trimmed, not empty, without `@` or `,`.
pub fn check_name(name: &str) -> Result<(), WaveError> {
    if name.is_empty() || name.trim() != name || name.contains(SEPARATOR) || name.contains(',') {
        return Err(WaveError::BadName(name.to_string()));
    }
    Ok(())
}

/// The study's waves in order: those with a `responded@` column, in column order, then any
/// wave only ties name. Empty for a study without waves.
pub fn wave_names(study: &Study) -> Vec<String> {
    let prefix = format!("{RESPONDED}{SEPARATOR}");
    let mut out: Vec<String> = study
        .node_attributes()
        .iter()
        .filter_map(|a| a.name().strip_prefix(&prefix))
        .filter(|w| check_name(w).is_ok())
        .map(str::to_string)
        .collect();
    for w in study.waves() {
        if !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// The wave's name checked against the study's waves.
fn known_wave(study: &Study, wave: &str) -> Result<(), WaveError> {
    let names = wave_names(study);
    if names.iter().any(|w| w == wave) {
        Ok(())
    } else {
        Err(WaveError::UnknownWave {
            name: wave.to_string(),
            known: if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            },
        })
    }
}

/// Whether each node answered `wave`, in node order; `None` when the study does not record
/// who answered (no `responded@WAVE` column), as in an edge list with a wave column.
pub fn responded(study: &Study, wave: &str) -> Option<Vec<bool>> {
    let attr = study.node_attribute(&column_name(RESPONDED, wave))?;
    Some(
        (0..study.node_count())
            .map(|i| {
                attr.value(i)
                    .is_some_and(|v| v.to_string().eq_ignore_ascii_case(YES))
            })
            .collect(),
    )
}

/// Whether each node took part in `wave`, in node order: it answered, or a tie of the wave
/// touches it (it was named). Without a `responded@` column every respondent counts as
/// taking part.
pub fn present(study: &Study, wave: &str) -> Result<Vec<bool>, WaveError> {
    known_wave(study, wave)?;
    let mut out = responded(study, wave).unwrap_or_else(|| {
        study
            .nodes()
            .iter()
            .map(|n| n.kind == crate::model::NodeKind::Respondent)
            .collect()
    });
    if let Some(w) = wave_id(study, wave) {
        for t in study.ties().iter().filter(|t| t.wave == Some(w)) {
            out[t.source.index()] = true;
            out[t.target.index()] = true;
        }
    }
    Ok(out)
}

fn wave_id(study: &Study, wave: &str) -> Option<crate::model::WaveId> {
    study
        .waves()
        .iter()
        .position(|w| w == wave)
        .map(|i| crate::model::WaveId(i as u16))
}

/// The plain names of the attributes measured per wave (those with a `NAME@WAVE` column for
/// some wave of the study, `responded` excepted), in column order.
pub fn per_wave_attributes(study: &Study) -> Vec<String> {
    let waves = wave_names(study);
    let mut out: Vec<String> = Vec::new();
    for a in study.node_attributes() {
        if let Some((plain, wave)) = a.name().rsplit_once(SEPARATOR)
            && plain != RESPONDED
            && waves.iter().any(|w| w == wave)
            && !out.iter().any(|o| o == plain)
        {
            out.push(plain.to_string());
        }
    }
    out
}

/// A copy of `attr` under another name.
pub(crate) fn renamed(attr: &Attribute, name: &str) -> Attribute {
    let mut out = Attribute::new(name, attr.ty(), attr.values().len());
    for (i, v) in attr.values().iter().enumerate() {
        if v.is_some() {
            out.set(i, v.clone());
        }
    }
    out
}

/// The study as it was in `wave`: every node, in the same order (so positions computed on
/// the combined study line up), only the ties of that wave, and each attribute measured per
/// wave under its plain name with that wave's values (missing where the wave did not
/// measure it). The `NAME@WAVE` columns stay, and a plain `responded` column says who
/// answered this wave. The view's name is the study's with the wave in brackets.
pub fn wave_view(study: &Study, wave: &str) -> Result<Study, WaveError> {
    known_wave(study, wave)?;
    let mut view = study.clone();
    let id = wave_id(study, wave);
    let keep: Vec<bool> = study
        .ties()
        .iter()
        .map(|t| id.is_some() && t.wave == id)
        .collect();
    view.retain_ties(&keep);
    let n = study.node_count();
    for plain in per_wave_attributes(study) {
        let column = match study.node_attribute(&column_name(&plain, wave)) {
            Some(a) => renamed(a, &plain),
            None => {
                // Not measured in this wave: the plain column is all missing, of the type
                // the other waves measured.
                let ty = study
                    .node_attributes()
                    .iter()
                    .find(|a| {
                        a.name()
                            .rsplit_once(SEPARATOR)
                            .is_some_and(|(p, _)| p == plain)
                    })
                    .map_or(AttrType::Numeric, Attribute::ty);
                Attribute::new(&plain, ty, n)
            }
        };
        view.put_node_attribute(column);
    }
    // Only when the study records who answered: otherwise everyone takes part.
    if responded(study, wave).is_some() {
        let present = present(study, wave)?;
        let mut column = Attribute::new(IN_WAVE, AttrType::Categorical, n);
        for (i, p) in present.iter().enumerate() {
            column.set(i, Some(Value::Text(if *p { YES } else { NO }.to_string())));
        }
        view.put_node_attribute(column);
    }
    if let Some(answered) = responded(study, wave) {
        let mut column = Attribute::new(RESPONDED, AttrType::Categorical, n);
        for (i, a) in answered.iter().enumerate() {
            column.set(i, Some(Value::Text(if *a { YES } else { NO }.to_string())));
        }
        view.put_node_attribute(column);
    }
    view.name = if study.name.is_empty() {
        wave.to_string()
    } else {
        format!("{} ({wave})", study.name)
    };
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wave_names_must_fit_attribute_names_and_lists() {
        for ok in ["baseline", "2", "post intervention"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", " w1", "a@b", "a,b"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(column_name("wemwbs", "2"), "wemwbs@2");
    }

    fn wave(people: &[&str], attr: Option<(&str, f64)>, ties: &[(usize, usize)]) -> Study {
        let mut s = Study::new(false);
        for p in people {
            s.add_node(*p, *p, crate::model::NodeKind::Respondent)
                .unwrap();
        }
        if let Some((name, x)) = attr {
            let c = s.declare_node_attribute(name, AttrType::Numeric).unwrap();
            s.set_node_value(c, crate::model::NodeId(0), Some(Value::Number(x)));
        }
        for (a, b) in ties {
            s.connect(
                crate::model::NodeId(*a as u32),
                crate::model::NodeId(*b as u32),
            )
            .unwrap();
        }
        s
    }

    #[test]
    fn a_view_shows_one_wave_under_plain_names() {
        let s = combine(vec![
            (
                "1".into(),
                wave(&["a", "b"], Some(("loneliness_score", 3.0)), &[(0, 1)]),
            ),
            ("2".into(), wave(&["a", "c"], None, &[])),
        ])
        .unwrap();
        assert_eq!(wave_names(&s), ["1", "2"]);
        assert_eq!(per_wave_attributes(&s), ["loneliness_score"]);
        let v2 = wave_view(&s, "2").unwrap();
        assert_eq!(v2.tie_count(), 0);
        // Not measured in wave 2: missing there, not carried over.
        let plain = v2.node_attribute("loneliness_score").unwrap();
        assert_eq!(plain.present_count(), 0);
        assert_eq!(plain.ty(), AttrType::Numeric);
        let answered = v2.node_attribute(RESPONDED).unwrap();
        let answered: Vec<String> = answered
            .values()
            .iter()
            .flatten()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(answered, ["yes", "no", "yes"]);
        assert_eq!(v2.name, "2");
        // b took part in wave 1 only; in wave 2 nobody named b.
        assert_eq!(present(&s, "2").unwrap(), [true, false, true]);
        assert_eq!(present(&s, "1").unwrap(), [true, true, false]);
        assert!(matches!(
            present(&s, "3"),
            Err(WaveError::UnknownWave { .. })
        ));
        // The combined study keeps the last known value.
        assert_eq!(
            s.node_attribute("loneliness_score").unwrap().value(0),
            Some(&Value::Number(3.0))
        );
    }
}

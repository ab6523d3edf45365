//! Who takes part in the network shown: the `in_wave` column that viewing one wave (or some
//! relations only) writes, read by layout, analysis and figures alike, so it lives with the
//! data rather than in [`crate::waves`].

use super::{AttrType, Attribute, Study, Value};

/// The column [`crate::waves::wave_view`] adds to say who took part in the wave shown (`yes`/`no`):
/// figures and the workbench hide the others, who are not isolates of that wave. Viewing
/// some relations only marks the same way the people and places no one named in them.
pub const IN_WAVE: &str = "in_wave";

/// Whether each node takes no part in the network shown ([`IN_WAVE`] is `no`): it is left
/// out of the picture and of the isolates. Empty when the study does not say.
pub fn left_out(study: &Study) -> Vec<bool> {
    let Some(a) = study.node_attribute(IN_WAVE) else {
        return Vec::new();
    };
    (0..study.node_count())
        .map(|i| {
            a.value(i)
                .is_some_and(|v| v.to_string().eq_ignore_ascii_case(NO))
        })
        .collect()
}

/// Marks the nodes `out` says take no part in the network shown, keeping those already
/// marked ([`IN_WAVE`]).
pub fn leave_out(study: &mut Study, out: &[bool]) {
    let n = study.node_count();
    let mut gone = left_out(study);
    gone.resize(n, false);
    for (g, o) in gone.iter_mut().zip(out) {
        *g |= *o;
    }
    let mut column = Attribute::new(IN_WAVE, AttrType::Categorical, n);
    for (i, g) in gone.iter().enumerate() {
        column.set(i, Some(Value::Text(if *g { NO } else { YES }.to_string())));
    }
    study.put_node_attribute(column);
}
/// The value of `responded@WAVE` for a node that answered the wave.
pub const YES: &str = "yes";
/// The value of `responded@WAVE` for a node that did not.
pub const NO: &str = "no";

//! The study: people, places and groups (nodes) with typed attributes, and the ties between
//! them with relation, wave, weight and direction, and the record of merged nodes.
//!
//! Pure data: no I/O and no drawing. Readers in [`crate::io`] build a [`Study`]; analysis,
//! layout and scene read it.

mod attribute;
mod ids;
mod merge;
pub mod presence;
mod record;
mod study;

/// The column naming the respondent who wrote a tie, on ties a survey builds.
pub const RESPONDENT_ID: &str = "respondent_id";

pub(crate) use attribute::format_number as attribute_format_number;
pub use attribute::{AttrType, Attribute, Value, is_missing_token, parse_number};
pub use merge::{Merge, MergeError, MergeGroup, MergedNode, MovedEnd, TieEnd};
pub use study::{
    ColumnPrivacy, Node, NodeId, NodeIter, NodeKind, Nodes, RelationId, Study, StudyError, Tie,
    TieIter, Ties, WaveId,
};

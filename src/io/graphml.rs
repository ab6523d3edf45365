//! Placeholder until the graphml reader and writer land.

use super::{ImportError, ReadOptions, Source, Written};
use crate::model::Study;

/// Reads a graphml file.
pub fn read(src: &Source, _opts: &ReadOptions) -> Result<Study, ImportError> {
    Err(ImportError::file(
        src.name,
        "this format is not readable yet",
    ))
}

/// Writes a graphml file.
pub fn write(_study: &Study) -> Written {
    Written::default()
}

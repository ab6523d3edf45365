mod layout;

pub use layout::{Hierarchical, Orientation, State};

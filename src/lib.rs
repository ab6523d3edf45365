//! Kith: social network analysis for community research surveys.
//!
//! Data flows one way: [`io`] reads files into a [`model::Study`]; analysis, layout and
//! scene read the study; the CLI and the workbench are thin shells over the library.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod io;
pub mod layout;
pub mod model;
pub mod privacy;
pub mod render;
pub mod sample;
pub mod scene;
pub mod session;
pub mod survey;
pub mod waves;

//! Fuzzes joining an attribute table onto a network: any table must join or give an error.
#![no_main]

use kith::io::{attributes, grid};
use kith::model::{NodeKind, Study};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut study = Study::new(false);
    for id in ["ann", "bob", "1", "Zoë"] {
        study.node_or_insert(id, NodeKind::Respondent);
    }
    if let Ok(table) = grid::read_delimited("attrs.csv", data) {
        let _ = attributes::join(&mut study.clone(), &table, "id");
        let _ = attributes::apply_node_table(&mut study, &table);
    }
});

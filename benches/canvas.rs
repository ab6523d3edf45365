//! Canvas frame benchmark: not written yet (see the workbench branch report).

fn main() {}

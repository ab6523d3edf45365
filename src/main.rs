//! The `kith` command: the workbench window without arguments, the CLI otherwise.

fn main() {}

//! Fuzzes the spreadsheet reader: any bytes must give a Study or an error, never a panic.
#![no_main]

use std::path::Path;

use kith::io::{ReadOptions, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so every reading mode is explored.
    let (flags, bytes) = data.split_first().unwrap_or((&0, data));
    let opts = ReadOptions { directed: flags & 1 != 0, two_mode: flags & 2 != 0, format: None };
    if let Ok(study) = read(Path::new("x.xlsx"), bytes, &opts) {
        // Whatever was read must be consistent enough to summarise and write.
        let _ = study.components();
        let _ = kith::io::graphml::write(&study);
    }
});

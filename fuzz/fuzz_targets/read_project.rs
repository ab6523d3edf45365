//! Fuzzes the project file reader: any bytes must give a project or an error, never a
//! panic, and a project that loads must draw and save.
#![no_main]

use kith::session::project::Project;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Project::from_bytes(data, "x.kith") {
        let _ = p.scene(None, None);
        let _ = p.to_bytes();
    }
});

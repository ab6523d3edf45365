//! The `kith` command: the workbench window without arguments, the CLI otherwise.

use std::process::ExitCode;

use clap::Parser;
use kith::cli::Cli;

fn main() -> ExitCode {
    // A bug must not look like a user error, nor end with Rust's 101: say what happened
    // and exit with 2.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("kith: internal error: {info}\nPlease report this with the file that caused it.");
        std::process::exit(2);
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Some(command) => match kith::cli::run(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {}", describe(&e));
                ExitCode::from(1)
            }
        },
        None => workbench(cli.file, cli.color_by, cli.present),
    }
}

#[cfg(feature = "gui")]
fn workbench(
    file: Option<std::path::PathBuf>,
    color_by: Option<String>,
    present: bool,
) -> ExitCode {
    match kith::app::run(file, color_by, present) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn workbench(
    _file: Option<std::path::PathBuf>,
    _color_by: Option<String>,
    _present: bool,
) -> ExitCode {
    eprintln!(
        "error: this build of kith has no workbench (built without the \"gui\" feature); use a subcommand, see kith --help"
    );
    ExitCode::from(1)
}

/// An error and its causes in one line, leaving out a cause the message already says (an
/// error that quotes its source in its own text).
fn describe(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    out
}

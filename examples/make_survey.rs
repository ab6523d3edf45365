//! Writes a generated messy survey and its truth (who is behind every name written), as
//! the matching tests generate them: `cargo run --example make_survey -- SEED RESPONDENTS
//! OUT.csv` writes OUT.csv and OUT.truth.json.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [seed, n, out] = args.as_slice() else {
        anyhow::bail!("usage: make_survey SEED RESPONDENTS OUT.csv");
    };
    let g = kith::survey::generate::generate(seed.parse()?, n.parse()?);
    let out = PathBuf::from(out);
    std::fs::write(&out, &g.csv)?;
    let mentions: Vec<serde_json::Value> = g
        .mentions
        .iter()
        .map(|m| {
            serde_json::json!({
                "respondent_id": m.respondent,
                "column": m.column,
                "person": m.person,
            })
        })
        .collect();
    let truth = serde_json::json!({
        "seed": seed,
        "respondents": n,
        "isolate_respondents": g.isolates,
        "connectors": g.connectors,
        "mentions": mentions,
    });
    std::fs::write(
        out.with_extension("truth.json"),
        serde_json::to_string_pretty(&truth)?,
    )?;
    println!("wrote {}", out.display());
    Ok(())
}

#![allow(missing_docs, clippy::print_stdout, clippy::unwrap_used)]
use kith::analysis::*;
use std::time::Instant;
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let study = kith::io::read_path(
        std::path::Path::new(&file),
        &kith::io::ReadOptions::default(),
    )
    .unwrap();
    println!("read {:?}", t.elapsed());
    let t = Instant::now();
    let g = Graph::new(&study, &TieSelection::default());
    println!("graph {:?}", t.elapsed());
    let t = Instant::now();
    let _ = betweenness_closeness(&g, &|_, _| {});
    println!("betweenness {:?}", t.elapsed());
    let t = Instant::now();
    let _ = centrality::eigenvector(&g);
    println!("eigenvector {:?}", t.elapsed());
    let t = Instant::now();
    let _ = centrality::pagerank(&g);
    println!("pagerank {:?}", t.elapsed());
    let t = Instant::now();
    let _ = structural_holes::structural_holes(&g);
    println!("holes {:?}", t.elapsed());
    let t = Instant::now();
    let _ = components::components(&g);
    println!("components {:?}", t.elapsed());
    let t = Instant::now();
    let c = community::louvain(&g, 1);
    println!("louvain {:?} {:?}", t.elapsed(), c.modularity);
    let t = Instant::now();
    let _ = transitivity(&g);
    println!("transitivity {:?}", t.elapsed());
}

//! The depth-first cut point and bridge search Kith used before petgraph carried it
//! (Hopcroft and Tarjan, iterative), kept as the reference the structure benchmark
//! compares petgraph's articulation points and bridges with, in the same run.
#![allow(dead_code)]

use kith::analysis::Graph;

/// Cut points and bridge pairs (`u < v`, sorted) of `graph`'s underlying undirected graph.
pub fn cut_points_and_bridges(graph: &Graph) -> (Vec<bool>, Vec<(u32, u32)>) {
    let adj = graph.undirected();
    let n = graph.node_count();
    let mut cut_point = vec![false; n];
    let mut bridge_pairs: Vec<(u32, u32)> = Vec::new();
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut time = 0u32;
    let mut stack: Vec<(u32, u32, usize)> = Vec::new();
    for root in 0..n {
        if disc[root] != u32::MAX {
            continue;
        }
        let mut root_children = 0usize;
        disc[root] = time;
        low[root] = time;
        time += 1;
        stack.push((root as u32, u32::MAX, 0));
        while let Some(top) = stack.last_mut() {
            let (v, parent, next) = (top.0 as usize, top.1, top.2);
            let row = adj.neighbors(v);
            if next < row.len() {
                top.2 += 1;
                let w = row[next] as usize;
                if disc[w] == u32::MAX {
                    disc[w] = time;
                    low[w] = time;
                    time += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w as u32, v as u32, 0));
                } else if w as u32 != parent {
                    low[v] = low[v].min(disc[w]);
                }
                continue;
            }
            stack.pop();
            if parent != u32::MAX {
                let p = parent as usize;
                low[p] = low[p].min(low[v]);
                if low[v] > disc[p] {
                    bridge_pairs.push((p.min(v) as u32, p.max(v) as u32));
                }
                if p != root && low[v] >= disc[p] {
                    cut_point[p] = true;
                }
            }
        }
        if root_children > 1 {
            cut_point[root] = true;
        }
    }
    bridge_pairs.sort_unstable();
    (cut_point, bridge_pairs)
}
